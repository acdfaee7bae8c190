"""Faults survived: every fault of DemoSites(faults=True) ends as a recorded capture or error with
its reason, the run completes and no normal article is lost (the real flow, under Prefect)."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from crawlers.run import CRAWL_SETTINGS_ENV
from crawlers.warc import iter_records
from flows.archive import archive_flow
from vnarchive.demo_sites.faults import (
    CP1258_PARAGRAPHS,
    FaultConfig,
    sitemap_bomb,
    to_cp1258,
)
from vnarchive.demo_sites.server import DemoSites
from vnarchive.demo_sites.sites import demo_sources

TIMEOUT = 1.5  # crawler DOWNLOAD_TIMEOUT for the run; /faults/slow answers after 3 s


# -- pure parts -----------------------------------------------------------------------------------
def test_cp1258_encoder_round_trips() -> None:
    text = "\n".join(CP1258_PARAGRAPHS)
    data = to_cp1258(text)
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == text
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_sitemap_bomb_is_not_expanded() -> None:
    from scrapy.utils.sitemap import Sitemap

    entries = list(Sitemap(sitemap_bomb()))
    assert all(len(e.get("loc") or "") < 100 for e in entries)


# -- the real flow over the fault site ----------------------------------------------------------
@pytest.fixture(scope="module")
def fault_run(prefect_harness, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv(CRAWL_SETTINGS_ENV, json.dumps({"DOWNLOAD_TIMEOUT": TIMEOUT}))
    data = tmp_path_factory.mktemp("faults")
    config = FaultConfig(burst=2, slow_seconds=3.0)
    try:
        with DemoSites(n_articles=20, faults=config) as sites:
            summary = archive_flow(
                start_urls=list(sites.base_urls.values()),
                db_path=str(data / "w.duckdb"),
                archive_dir=str(data / "warc"),
                polite=False,
                sources=demo_sources(sites.base_urls),
            )
            yield sites, summary, data
    finally:
        mp.undo()


def _captures(db: Path) -> dict[str, list[tuple]]:
    by_path: dict[str, list[tuple]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for url, status, ctype, error, warc in con.execute(
            "SELECT url, status, content_type, error, warc_file FROM captures"
        ).fetchall():
            if "/faults/" in url:
                by_path.setdefault(url.split("/faults/", 1)[1], []).append(
                    (status, ctype, error, warc)
                )
    return by_path


def test_each_fault_is_recorded_with_its_reason(fault_run) -> None:
    sites, summary, data = fault_run
    db = data / "w.duckdb"
    got = _captures(db)

    assert got["5xx-burst"] == [(200, "text/html; charset=utf-8", None, got["5xx-burst"][0][3])]
    burst_statuses = [
        m.status for m, _ in iter_records(data / "warc", types=("response",))
        if (m.url or "").endswith("/faults/5xx-burst")
    ]  # fmt: skip
    assert burst_statuses == [503, 503, 200], "every attempt is archived"

    ((status, _, error, _),) = got["slow"]
    assert status is None and "DownloadTimeoutError" in error
    assert got["redirect-loop"][0][2].startswith("redirect loop")
    assert got["redirect-loop-b"][0][0] == 302
    assert got["private/ho-so"] == [(None, None, "robots.txt disallowed", None)]
    ((status, _, error, _),) = got["huge"]
    assert status is None and "larger than download max size" in error
    for path in ("cp1258", "truncated", "van-ban.pdf", "phu-luc.docx", "tai-lieu.zip"):
        assert got[path][0][0] == 200 and got[path][0][3], path
    assert got["sitemap-bomb.xml"][0][0] == 200

    with duckdb.connect(str(db), read_only=True) as con:
        reasons = dict(
            con.execute("SELECT reason, sum(fetches) FROM v_fetch_errors GROUP BY ALL").fetchall()
        )
        run = con.execute("SELECT status, fetch_errors FROM crawl_runs").fetchall()
    assert "robots.txt disallowed" in reasons
    assert run == [("completed", summary.fetch_errors)] and summary.fetch_errors >= 3
    # the server never sent the 50 MB page in full, and nobody expanded the entity bomb
    assert sum(1 for _, p, _ in sites.request_log if p == "/faults/huge") == 1


def test_bad_pages_are_extracted_and_attachments_read(fault_run) -> None:
    sites, _summary, data = fault_run
    with duckdb.connect(str(data / "w.duckdb"), read_only=True) as con:
        copies = dict(con.execute("SELECT url, body FROM article_copies").fetchall())
        attachments = {
            r[0].rsplit("/", 1)[1]: r[1:]
            for r in con.execute(
                "SELECT url, kind, text, pages, directives, error FROM attachments"
            ).fetchall()
        }
    base = sites.base_urls["haiphong-pbgdpl"]
    body = copies[f"{base}/faults/cp1258"]
    for paragraph in CP1258_PARAGRAPHS:
        assert paragraph in body
    assert body == unicodedata.normalize("NFC", body)
    # truncated HTML is extracted (lxml recovers) rather than lost
    assert CP1258_PARAGRAPHS[1] in copies[f"{base}/faults/truncated"]

    kind, text, pages, directives, error = attachments["van-ban.pdf"]
    assert (kind, pages, error) == ("pdf", 1, None)
    assert "Chỉ thị số 32-CT/TW" in text
    assert {"32-CT/TW", "1521/QĐ-TTg"} <= set(directives)
    assert attachments["phu-luc.docx"][3] == ["28/2013/NĐ-CP"]
    assert "tai-lieu.zip" not in attachments  # archived (a capture), not a document


def test_no_normal_article_is_lost(fault_run) -> None:
    sites, summary, data = fault_run
    with duckdb.connect(str(data / "w.duckdb"), read_only=True) as con:
        urls = {r[0] for r in con.execute("SELECT url FROM article_copies").fetchall()}
    normal = {u for u in urls if "/faults/" not in u}
    assert normal == set(sites.article_urls())
    assert summary.articles_seen == len(urls)
    assert Counter(p.split("?")[0] for _, p, _ in sites.request_log)["/faults/slow"] == 3
