"""Incremental crawls over loopback: a second run over unchanged demo sites fetches (almost) no
article page, re-checks the rest with conditional GETs and archives revisit records."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from demo_helpers import run_demo_flow
from search_helpers import assert_same_search, searches

from crawlers.frontier import KnownPage, is_pagination_link, lastmod_changed
from crawlers.warc import PROFILE_IDENTICAL_PAYLOAD, PROFILE_SERVER_NOT_MODIFIED, iter_records
from flows.reprocess import reprocess_flow
from sites import Source
from vnarchive.demo_sites.server import DemoSites
from warehouse.db import Warehouse
from warehouse.tables import CONTENT_TABLES


def article_requests(sites: DemoSites, log: list[tuple[str, str, int]]) -> list[str]:
    return [path for site, path, _ in log if sites.apps[site].resolve_article(path) is not None]


# Columns that legitimately differ between two loads of the same content.
VOLATILE = {"articles": "updated_at", "article_copies": "extracted_at"}


def content(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: sorted(
                con.execute(
                    f"SELECT * EXCLUDE ({VOLATILE[t]}) FROM {t}"
                    if t in VOLATILE
                    else f"SELECT * FROM {t}"
                ).fetchall(),
                key=repr,
            )
            for t in CONTENT_TABLES
        }


def test_pagination_links_and_lastmod_rules() -> None:
    assert is_pagination_link("http://h/chuyen-muc/a", "http://h/chuyen-muc/a?page=2")
    assert is_pagination_link(
        "http://h/Pages/danh-sach.aspx?cat=a&page=1", "http://h/Pages/danh-sach.aspx?cat=a&page=3"
    )
    assert not is_pagination_link(
        "http://h/Pages/danh-sach.aspx?cat=a&page=1", "http://h/Pages/danh-sach.aspx?cat=b&page=1"
    )
    assert not is_pagination_link("http://h/chuyen-muc/a", "http://h/chuyen-muc/b?page=2")
    fetched = datetime(2024, 5, 1, tzinfo=UTC)
    page = KnownPage(url="http://h/a", fetched_at=fetched, is_article=True)
    assert not lastmod_changed(page, None)
    assert not lastmod_changed(page, "2024-04-30T10:00:00+07:00")
    assert lastmod_changed(page, "2024-05-02")
    seen = page.model_copy(update={"sitemap_lastmod": "2023-01-01T00:00:00"})
    assert lastmod_changed(seen, "2023-01-02T00:00:00")
    assert not lastmod_changed(seen, "2023-01-01T00:00:00")


def test_demo_server_answers_conditional_gets(demo_sites: DemoSites) -> None:
    url = demo_sites.article_urls()[0]
    with urllib.request.urlopen(url) as first:
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers))
        assert err.value.code == 304
        assert err.value.headers["ETag"] == etag
    stale = urllib.request.Request(url, headers={"If-None-Match": '"other"'})
    with urllib.request.urlopen(stale) as again:
        assert again.status == 200


@pytest.mark.usefixtures("prefect_harness")
def test_second_run_over_unchanged_sites_fetches_almost_no_article(
    demo_sites: DemoSites, tmp_path: Path
) -> None:
    sites = demo_sites
    db = tmp_path / "w.duckdb"
    mark = len(sites.request_log)
    first = run_demo_flow(sites, tmp_path)
    first_log = sites.request_log[mark:]
    before = content(db)

    mark = len(sites.request_log)
    second = run_demo_flow(sites, tmp_path)
    second_log = sites.request_log[mark:]

    first_articles = article_requests(sites, first_log)
    second_articles = article_requests(sites, second_log)
    print(
        f"article requests: first run {len(first_articles)}, second run {len(second_articles)}; "
        f"all requests: {len(first_log)} vs {len(second_log)}"
    )
    assert len(first_articles) >= len(sites.article_urls())
    assert len(second_articles) <= 0.05 * len(first_articles)
    assert any(status == 304 for _, _, status in second_log)
    assert len(second_log) < len(first_log) / 2  # only robots, sitemaps, feeds, listings

    assert second.articles_new == 0 and second.articles_seen == 0
    assert content(db) == before, "a run over unchanged sites must not change content rows"

    with duckdb.connect(str(db), read_only=True) as con:
        revisits = con.execute(
            "SELECT url, status, warc_file, warc_offset, payload_digest FROM captures "
            "WHERE run_id = ? AND record_type = 'revisit'",
            [second.run_id],
        ).fetchall()
        full = dict(
            con.execute(
                "SELECT url, payload_digest FROM captures WHERE run_id = ? AND status = 200",
                [first.run_id],
            ).fetchall()
        )
        statuses = {
            row[0]
            for row in con.execute(
                "SELECT DISTINCT status FROM captures WHERE run_id = ?", [second.run_id]
            ).fetchall()
        }
    assert revisits, "re-checked pages must be archived as revisit records"
    assert 304 in statuses
    for url, _status, _warc, _offset, digest in revisits:
        assert digest == full[url], url  # a revisit names the payload it confirms

    # The new WARC files hold revisit records (no payload) that point at the first run's copy.
    warc_dir = tmp_path / "warc"
    second_files = sorted(warc_dir.glob(f"*-{second.run_id}-*.warc.gz"))
    records = [meta for f in second_files for meta, _ in iter_records(f)]
    revisit_records = [m for m in records if m.record_type == "revisit"]
    assert len(revisit_records) == len(revisits)
    assert not any(m.record_type == "response" and m.status == 304 for m in records)
    for meta in revisit_records:
        headers = dict(meta.warc_headers)
        assert headers["WARC-Profile"] in (PROFILE_SERVER_NOT_MODIFIED, PROFILE_IDENTICAL_PAYLOAD)
        assert headers["WARC-Refers-To-Target-URI"] == meta.url
        assert headers["WARC-Refers-To-Date"]
        assert meta.payload_digest == full[meta.url]


@pytest.mark.usefixtures("prefect_harness")
def test_changed_lastmod_and_changed_article_are_fetched_again(tmp_path: Path) -> None:
    with DemoSites(n_articles=24) as sites:
        run_demo_flow(sites, tmp_path)
        app = sites.apps["haiphong-pbgdpl"]
        changed, touched = app.newest[0], app.newest[1]
        # Edit one article's text and bump the sitemap lastmod of it and of a second, unchanged one.
        _status, ctype, body = app.handle(changed.path)
        words = " ".join(changed.paragraphs[0].split()[:6])
        assert words.encode() in body
        app._cache[changed.path] = (
            200,
            ctype,
            body.replace(words.encode(), b"Cap nhat: " + words.encode()),
        )
        _status, sm_type, sitemap = app.handle("/sitemap.xml")
        later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        for article in (changed, touched):
            loc = re.escape(app.base_url + article.path)
            sitemap, n = re.subn(
                rf"(<loc>{loc}</loc>\s*<lastmod>)[^<]*(</lastmod>)".encode(),
                rb"\g<1>" + later.encode() + rb"\g<2>",
                sitemap,
            )
            assert n == 1
        app._cache["/sitemap.xml"] = (200, sm_type, sitemap)

        mark = len(sites.request_log)
        second = run_demo_flow(sites, tmp_path)
        fetched = set(article_requests(sites, sites.request_log[mark:]))
    assert {changed.path, touched.path} <= fetched
    assert len(fetched) == 2

    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rows = dict(
            con.execute(
                "SELECT url, (status, record_type) FROM captures "
                "WHERE run_id = ? AND status IS NOT NULL",
                [second.run_id],
            ).fetchall()
        )
        body = con.execute(
            "SELECT body FROM article_copies WHERE url = ?", [sites.url_of(changed)]
        ).fetchone()[0]
        lastmod = con.execute(
            "SELECT sitemap_lastmod FROM captures WHERE run_id = ? AND url = ?",
            [second.run_id, sites.url_of(touched)],
        ).fetchone()[0]
    # New payload: stored in full and re-extracted. Same payload: the conditional GET got a 304,
    # archived as a revisit record.
    assert rows[sites.url_of(changed)] == (200, "response")
    assert rows[sites.url_of(touched)] == (304, "revisit")
    assert body.startswith("Cap nhat: ")
    assert lastmod == later
    assert second.articles_seen == 1 and second.articles_new == 0

    # The edit reached search through the delta: the first run built the main index, the second
    # indexed the edited story alone (docs/warehouse.md, "Full-text search").
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT reason FROM search_builds").fetchall() == [("first load",)]
        edited = con.execute(
            "SELECT article_id FROM article_copies WHERE url = ?", [sites.url_of(changed)]
        ).fetchone()[0]
        assert con.execute("SELECT article_id, deleted FROM search_delta").fetchall() == [
            (edited, False)
        ]
        cols = ["source_id", "name", "base_url", "organization", "family", "priority", "province"]
        sources = [
            Source(**dict(zip(cols, r, strict=True)))
            for r in con.execute(f"SELECT {', '.join(cols)} FROM sources").fetchall()
        ]
    with Warehouse(db, read_only=True) as reader:
        assert edited in {r[0] for r in reader.search('"cap nhat" ' + words)}
    full = tmp_path / "full.duckdb"  # the same warehouse, its main index rebuilt over everything
    full.write_bytes(db.read_bytes())
    with Warehouse(full) as writer:
        writer.rebuild_search_index()
    assert_same_search(searches(db), searches(full))
    # A reprocess of both runs loads them one by one: main index, then the delta; as right.
    again = tmp_path / "again.duckdb"
    reprocess_flow(str(tmp_path / "warc"), str(again), sources=sources)
    assert_same_search(searches(again), searches(full))
