"""The source registry (sites/sources.toml): validation, lookups, the `sources` CLI command and
`crawl --source` (the flow itself is replaced by a recorder: these tests check the wiring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.legal_documents.parse import FAMILIES as DOCUMENT_FAMILIES
from sites import Source, source_for, source_id_for
from sites.families import GENERIC, family_named
from sites.registry import RegistryError, UnknownSourceError, load_registry
from vnarchive import cli
from vnarchive.demo_sites.sites import demo_sources

runner = CliRunner()


def test_registry_loads_at_least_12_real_domains() -> None:
    reg = load_registry()
    domains = {d for e in reg for d in e.domains}
    assert len(reg) >= 12
    assert len(domains) >= 12
    assert not any(d.startswith("127.") or d == "localhost" for d in domains)
    for must in ("pbgdpl.gov.vn", "moj.gov.vn", "dukcqtw.dcs.vn", "tuyengiao.vn", "dangcongsan.vn"):
        assert must in domains
    assert len({e.source_id for e in reg}) == len(reg)
    assert not any(e.demo for e in reg), "demo sites come from demo_sources(), not the TOML"


def test_every_entry_owns_its_start_urls() -> None:
    """The one URL lookup gives each entry its own start URLs, alone and among all entries."""
    reg = load_registry()
    for entry in reg:
        for url in entry.start_urls:
            assert entry.matches(url), (entry.source_id, url)
            assert source_id_for(url, [entry]) == entry.source_id, (entry.source_id, url)
            assert reg.source_for(url) is entry, (entry.source_id, url)


def test_every_entry_names_a_declared_family_in_its_one_spelling() -> None:
    for entry in load_registry():
        assert entry.family == GENERIC or family_named(entry.family).name == entry.family


def test_every_database_source_names_an_existing_document_family() -> None:
    """Document sites are read as documents (pipelines/legal_documents); no database without."""
    entries = list(load_registry())
    databases = [e for e in entries if e.kind == "database"]
    assert databases, "the registry lists the national legal databases"
    for entry in databases:
        assert entry.document_family in DOCUMENT_FAMILIES, entry.source_id
    for entry in entries:
        assert entry.document_family is None or entry.document_family in DOCUMENT_FAMILIES
    # vbpl's attribute and relation views are what its parser reads: fetched, not denied.
    vbpl = next(e for e in entries if e.source_id == "vbpl")
    for view in ("thuoctinh", "luocdo", "toanvan"):
        url = f"https://vbpl.vn/TW/Pages/vbpq-{view}.aspx?ItemID=139585"
        assert vbpl.is_article(url) and not vbpl.denies(url), url
    assert vbpl.denies("https://vbpl.vn/TW/Pages/vbpq-print.aspx?ItemID=139585")


def test_an_unknown_document_family_is_refused(tmp_path: Path) -> None:
    bad = GOOD.replace('family = "wordpress"', 'family = "wordpress"\ndocument_family = "gazette"')
    assert bad != GOOD
    with pytest.raises(RegistryError, match="unknown document family 'gazette'"):
        load_registry(_write(tmp_path, bad))


def test_former_family_spellings_are_refused_in_the_registry(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="'aspx-news' is a former spelling: write 'dnn'"):
        load_registry(_write(tmp_path, GOOD.replace('"wordpress"', '"aspx-news"')))
    with pytest.raises(RegistryError, match="unknown family 'drupal'"):
        load_registry(_write(tmp_path, GOOD.replace('"wordpress"', '"drupal"')))
    # …but stored data (sources.family of an older warehouse) still resolves.
    old = Source(source_id="x", base_url="http://x.vn", family="aspx-news")
    assert old.family == "dnn" and old.family_rules is family_named("dnn")
    assert Source(source_id="y", base_url="http://y.vn", family="div-portal").family == GENERIC


def test_a_copy_derives_its_rules_afresh() -> None:
    dnn = Source(source_id="d", start_urls=["http://d.vn/"], family="dnn", deny=["/in/"])
    assert dnn.family_rules is family_named("dnn") and dnn.matches("http://d.vn/x")
    assert dnn.denies("http://d.vn/in/1")
    other = dnn.model_copy(
        update={"family": GENERIC, "start_urls": ["http://e.vn/"], "base_url": "http://e.vn"}
    )
    other = other.model_copy(update={"deny": []})
    assert other.family_rules is None
    assert other.matches("http://e.vn/x") and not other.matches("http://d.vn/x")
    assert not other.denies("http://e.vn/in/1")


def test_longest_base_wins_and_ports_count() -> None:
    portal = Source(source_id="portal", start_urls=["http://www.lamdong.gov.vn/"])
    section = Source(
        source_id="section",
        start_urls=["http://www.lamdong.gov.vn/vi-VN/a/dukcq/Pages/default.aspx"],
        base_url="http://www.lamdong.gov.vn/vi-VN/a/dukcq",
    )
    both = [portal, section]
    assert source_for("http://www.lamdong.gov.vn/vi-VN/a/dukcq/x.aspx", both) is section
    assert source_for("https://lamdong.gov.vn/vi-VN/a/dukcq/x.aspx", both) is section
    assert source_for("http://www.lamdong.gov.vn/vi-VN/a/khac/x.aspx", both) is portal
    assert source_for("http://sub.lamdong.gov.vn/", [section]) is section  # subdomain
    demo = [Source.for_start_url(f"http://127.0.0.1:{p}/") for p in (1001, 1002)]
    assert source_id_for("http://127.0.0.1:1002/a", demo) == "127.0.0.1:1002"
    assert source_for("http://127.0.0.1:1003/a", demo) is None
    assert source_for("https://example.org/", both) is None


def test_aggregators_rank_below_the_bodies_they_copy() -> None:
    reg = load_registry()
    aggregators = [e for e in reg if e.kind == "aggregator"]
    assert {e.source_id for e in aggregators} >= {"baomoi", "vietnam-vn"}
    worst_original = max(e.priority for e in reg if e.kind != "aggregator")
    assert all(e.priority > worst_original for e in aggregators)
    assert reg.get("pbgdpl").priority < reg.get("baochinhphu").priority


def test_lookup_by_url_and_close_names() -> None:
    reg = load_registry()
    assert reg.source_for("https://lite.baomoi.com/tin-c123.epi").source_id == "baomoi"
    lamdong = reg.source_for("http://www.lamdong.gov.vn/vi-VN/a/dukcq/x.aspx")
    assert lamdong.source_id == "dukcq-lamdong"
    assert reg.source_for("https://example.org/") is None
    with pytest.raises(UnknownSourceError) as err:
        reg.get("dukcqtw")
    assert "dukcqtw-dcs" in str(err.value)


def test_patterns_match_the_reference_url_shapes() -> None:
    """The URLs quoted in docs/reference/sites.md are article pages of their entries."""

    reg = load_registry()
    cases = {
        "pbgdpl": "https://pbgdpl.gov.vn/Pages/tin-tuc-hd-pbpl.aspx?ItemID=5157&l=TinHoatDong",
        "dukcqtw-dcs": "http://dukcqtw.dcs.vn/hoi-nghi-quan-triet-tbo2575.aspx",
        "noichinh": "https://noichinh.vn/tin-tuc-su-kien/202308/hoi-nghi-so-ket-312837/",
        "baogialai": "https://baogialai.com.vn/channel/12375/202111/hoi-nghi-5757268/",
        "baokhanhhoa": "https://baokhanhhoa.vn/chinh-tri/202203/hoi-nghi-8244748/",
        "baocaovien": "https://baocaovien.vn/hoi-nghi-bao-cao-vien/2068.html",
        "baomoi": "https://baomoi.com/hoi-nghi-c45112233.epi",
        "tuphap-hatinh": "https://tuphap.hatinh.gov.vn/chi-tiet-tin-tuc/hoi-nghi-pbgdpl",
        "ttvh-binhlu-laichau": "https://ttvhbinhlu.laichau.gov.vn/index.php/kinh-te-chinh-tri/hoi-nghi-7714.html",
    }
    for name, url in cases.items():
        entry = reg.get(name)
        assert entry.matches(url), name
        assert entry.is_article(url), (name, url)
        assert not entry.denies(url), (name, url)
    pbgdpl = reg.get("pbgdpl")
    print_view = "https://pbgdpl.gov.vn/SMPT_Publishing_UC/TinTuc/PrintTL.aspx?ItemID=6&idb=1"
    assert pbgdpl.denies(print_view)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[[source]]
name = "ok"
title = "OK"
organization = "Org"
family = "wordpress"
start_urls = ["https://ok.example.vn/"]
"""


def test_bad_toml_says_so(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not valid TOML"):
        load_registry(_write(tmp_path, "[[source]\nname = 'x'"))
    with pytest.raises(RegistryError, match="not found"):
        load_registry(tmp_path / "missing.toml")
    with pytest.raises(RegistryError, match=r"no \[\[source\]\] entries"):
        load_registry(_write(tmp_path, ""))
    with pytest.raises(RegistryError, match="unknown top-level keys"):
        load_registry(_write(tmp_path, "[[sources]]\nname = 'x'\n"))


def test_invalid_entry_names_entry_and_field(tmp_path: Path) -> None:
    bad = (
        GOOD
        + """
[[source]]
name = "broken"
title = "Broken"
organization = "Org"
family = "x"
start_urls = ["ftp://nope"]
allow = ["(unclosed"]
priority = -1
parser = "no-such-parser"
delai = 2
"""
    )
    with pytest.raises(RegistryError) as err:
        load_registry(_write(tmp_path, bad))
    msg = str(err.value)
    assert "[[source]] #2 ('broken')" in msg
    for field in ("start_urls", "allow", "priority", "parser", "delai"):
        assert f"field {field}" in msg, (field, msg)
    assert "'ok'" not in msg  # the valid entry is not blamed


def test_duplicate_names_rejected(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="duplicate source name 'ok'"):
        load_registry(_write(tmp_path, GOOD + GOOD))


def test_demo_sources_use_live_base_urls() -> None:
    bases = {
        "haiphong-pbgdpl": "http://127.0.0.1:1001",
        "dukcqtw": "http://127.0.0.1:1002",
        "moj-portal": "http://127.0.0.1:1003",
    }
    entries = {e.source_id: e for e in demo_sources(bases)}
    assert set(entries) == set(bases)
    assert all(e.demo for e in entries.values())
    assert entries["dukcqtw"].feeds == ["http://127.0.0.1:1002/rss.xml"]
    assert entries["dukcqtw"].family == "dnn"
    assert entries["moj-portal"].parser == "sharepoint-listing"
    assert entries["moj-portal"].base_url == "http://127.0.0.1:1003"
    # what the crawl child gets back is the same source
    config = json.loads(json.dumps([e.crawl_config() for e in entries.values()]))
    assert [Source.model_validate(c) for c in config] == list(entries.values())


# -- CLI ------------------------------------------------------------------------------------


def test_sources_command_lists_the_registry() -> None:
    result = runner.invoke(cli.app, ["sources"])
    assert result.exit_code == 0, result.output
    for text in ("pbgdpl", "dukcqtw-dcs", "Bộ Tư pháp", "Hà Tĩnh", "https://baomoi.com/", "90"):
        assert text in result.output


def test_sources_command_reports_a_broken_registry(tmp_path: Path) -> None:
    result = runner.invoke(cli.app, ["sources", "--registry", str(_write(tmp_path, "x = [1"))])
    assert result.exit_code == 1
    assert "not valid TOML" in " ".join(result.output.split())


@pytest.fixture
def recorded_flow(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Replace the flow (and Prefect setup) with a recorder of its arguments."""
    import flows.archive

    calls: list[dict] = []
    monkeypatch.setattr(cli, "_prepare", lambda *a, **k: None)
    monkeypatch.setattr(cli, "_print_summary", lambda *a, **k: None)
    monkeypatch.setattr(flows.archive, "archive_flow", lambda **kw: calls.append(kw))
    return calls


def test_crawl_unknown_source_fails_clearly(recorded_flow: list[dict]) -> None:
    result = runner.invoke(cli.app, ["crawl", "--source", "dukcqtw-dsc"])
    assert result.exit_code == 2
    assert "unknown source 'dukcqtw-dsc'" in result.output
    assert "dukcqtw-dcs" in result.output  # the close name
    assert recorded_flow == []


def test_crawl_needs_a_start_url_or_a_source(recorded_flow: list[dict]) -> None:
    result = runner.invoke(cli.app, ["crawl"])
    assert result.exit_code == 2
    assert "--source" in result.output
    assert recorded_flow == []


def test_crawl_source_passes_start_urls_and_specs(recorded_flow: list[dict]) -> None:
    result = runner.invoke(
        cli.app,
        ["crawl", "--source", "noichinh", "--source", "baomoi", "--max-pages", "5", "-v"],
    )
    assert result.exit_code == 0, result.output
    (call,) = recorded_flow
    assert call["start_urls"] == ["https://noichinh.vn/", "https://baomoi.com/"]
    assert [(s.source_id, s.priority) for s in call["sources"]] == [
        ("noichinh", 50),
        ("baomoi", 90),
    ]
    assert call["max_pages"] == 5 and call["polite"] is True


def test_crawl_start_url_still_works(recorded_flow: list[dict]) -> None:
    result = runner.invoke(
        cli.app, ["crawl", "--start-url", "http://127.0.0.1:9/", "--no-polite", "-v"]
    )
    assert result.exit_code == 0, result.output
    (call,) = recorded_flow
    assert call["start_urls"] == ["http://127.0.0.1:9/"]
    assert call["sources"] is None  # unregistered host: named after its host by the flow
    assert call["polite"] is False


def test_crawl_start_url_of_a_registered_site_keeps_its_source(recorded_flow: list[dict]) -> None:
    result = runner.invoke(
        cli.app, ["crawl", "--start-url", "https://noichinh.vn/tin-tuc-su-kien/"]
    )
    assert result.exit_code == 0, result.output
    (call,) = recorded_flow
    assert call["start_urls"] == ["https://noichinh.vn/tin-tuc-su-kien/"]
    assert [s.source_id for s in call["sources"]] == ["noichinh"]
