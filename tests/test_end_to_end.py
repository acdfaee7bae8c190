"""End to end over loopback: demo sites → Scrapy → WARC → extract → DuckDB, under Prefect."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from demo_helpers import run_demo_flow
from warcio.archiveiterator import ArchiveIterator

from pipelines.text import normalize_text
from vnarchive.demo_sites.server import DemoSites, free_ports
from vnarchive.runtime import find_servers
from warehouse.tables import CONTENT_TABLES

BOILERPLATE = (
    "Cơ quan chủ quản",
    "Liên hệ",
    "Tin liên quan",
    "Tin mới",
    "Chia sẻ",
    "In bài viết",
    "Gửi email",
    "Địa chỉ: 58-60 Trần Phú",
    "Các tin khác",
)


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (*CONTENT_TABLES, "captures", "crawl_runs")
        }


@pytest.mark.usefixtures("prefect_harness")
def test_flow_archives_extracts_and_loads_every_article(
    demo_sites: DemoSites, tmp_path: Path
) -> None:
    sites = demo_sites
    summary = run_demo_flow(sites, tmp_path)
    db = tmp_path / "w.duckdb"
    expected = set(sites.article_urls())
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT url, source_id, title, body, published_on, author FROM article_copies"
        ).fetchall()
        story_of = dict(con.execute("SELECT url, article_id FROM article_copies").fetchall())
        canonical = dict(con.execute("SELECT article_id, url FROM articles").fetchall())
        fetched = con.execute(
            "SELECT url, warc_file FROM captures WHERE status IS NOT NULL"
        ).fetchall()
        refused = con.execute(
            "SELECT count(*) FROM captures WHERE error = 'robots.txt disallowed'"
        ).fetchone()[0]
    assert {r[0] for r in rows} == expected
    assert summary.articles_seen == len(expected)
    stories = {sites.ground_truth(url).story_id for url in expected}
    assert summary.articles_total == len(stories) == summary.articles_new == len(canonical)
    assert refused > 0, "the demo sites link to robots-disallowed pages; they must be recorded"

    for url, source_id, title, body, published_on, author in rows:
        truth = sites.ground_truth(url)
        assert truth is not None
        assert source_id == truth.site
        assert body == normalize_text(truth.body_text), url
        assert unicodedata.is_normalized("NFC", body)
        assert not any(marker in body for marker in BOILERPLATE), url
        assert title == normalize_text(truth.title)
        assert published_on == truth.published_at.date()
        assert author == truth.author

    # Republished stories collapse into one article row with every copy listed, and no two
    # distinct stories are merged: the pipeline's partition of pages equals the generator's.
    by_story: dict[str, set[str]] = {}
    for url in expected:
        by_story.setdefault(sites.ground_truth(url).story_id, set()).add(url)
    by_article: dict[str, set[str]] = {}
    for url, article_id in story_of.items():
        by_article.setdefault(article_id, set()).add(url)
    assert sorted(map(sorted, by_article.values())) == sorted(map(sorted, by_story.values()))
    assert any(len(copies) > 1 for copies in by_story.values())
    for article_id, url in canonical.items():
        earliest = min(by_article[article_id], key=lambda u: sites.ground_truth(u).published_at)
        assert url == earliest

    # Entities land too: every article's cited symbols and reported conferences, as the
    # generator wrote them (extraction quality itself is scored by benchmarks/).
    with duckdb.connect(str(db), read_only=True) as con:
        cited = con.execute(
            "SELECT p.url, d.symbol FROM directive_mentions m JOIN directives d "
            "USING (directive_id) JOIN article_copies p USING (article_id)"
        ).fetchall()
        reported = con.execute(
            "SELECT p.url, c.held_on, c.organizer FROM conference_articles a "
            "JOIN conferences c USING (conference_id) JOIN article_copies p USING (article_id)"
        ).fetchall()
    got = {(url, symbol) for url, symbol in cited}
    want = {(url, d.symbol) for url in expected for d in sites.ground_truth(url).directives}
    assert len(got & want) >= 0.95 * len(want)
    assert len(got & want) >= 0.95 * len(got)
    # Gold dates exist only where the text makes the year explicit (the dev-set labelling rule).
    dated_truth = {
        (url, c.held_on)
        for url in expected
        for c in sites.ground_truth(url).conferences
        if c.held_on is not None
    }
    assert len({(url, held_on) for url, held_on, _ in reported} & dated_truth) >= 0.9 * len(
        dated_truth
    )
    reporting_truth = {url for url in expected if sites.ground_truth(url).conferences}
    assert {url for url, _, _ in reported} == reporting_truth

    # The WARC files hold exactly one response record per fetched URL.
    responses: Counter[str] = Counter()
    for warc in sorted((tmp_path / "warc").glob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    assert record.rec_headers.get_header("WARC-Date")
                    assert record.rec_headers.get_header("WARC-Payload-Digest")
                    responses[record.rec_headers.get_header("WARC-Target-URI")] += 1
    assert set(responses) == {url for url, _ in fetched}
    assert all(n == 1 for n in responses.values())
    assert len(fetched) == len(responses)

    # A second run re-checks every page but adds no content rows.
    before = _counts(db)
    again = run_demo_flow(sites, tmp_path)
    after = _counts(db)
    assert again.articles_new == 0
    for table in CONTENT_TABLES:
        assert after[table] == before[table], table
    assert after["crawl_runs"] == before["crawl_runs"] + 1
    assert after["captures"] > before["captures"]


def test_cli_demo_runs_twice_on_its_own_prefect_and_leaves_no_server(tmp_path: Path) -> None:
    data = tmp_path / "data"
    port = free_ports()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    command = [
        sys.executable,
        "-m",
        "vnarchive.cli",
        "demo",
        "--articles",
        "24",
        "--data-dir",
        str(data),
        "--port",
        str(port),
    ]
    first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=400)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "articles stored" in first.stdout
    db = data / "vnarchive.duckdb"
    with DemoSites(n_articles=24, base_port=port) as same_sites:
        expected = len(same_sites.article_urls())
    counts = _counts(db)
    assert counts["article_copies"] == expected
    assert (data / "prefect").is_dir(), "PREFECT_HOME must live inside the data directory"
    assert find_servers((data / "prefect").resolve()) == []

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=400)
    assert second.returncode == 0, second.stderr[-3000:]
    again = _counts(db)
    assert again["articles"] == counts["articles"]
    assert again["sources"] == counts["sources"]
    assert again["crawl_runs"] == counts["crawl_runs"] + 1
