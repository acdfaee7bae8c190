"""Reprocess: the WARC archive alone rebuilds the warehouse, without a single network request."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from demo_helpers import content_rows
from search_helpers import assert_same_search, searches

from crawlers.layout import ArchiveLayout
from flows.dedupe import band_index, buckets
from flows.reprocess import captures_from_warc, reprocess_flow
from pipelines.dedupe import signature_from_bytes
from sites import Source
from warehouse.bands import BandIndex, band_index_path
from warehouse.db import Warehouse

CONTENT = {
    "articles": "url, content_hash, copies, title, body, published_on, source_id, article_id",
    "article_copies": "url, article_id, content_hash, source_id, title, published_on, author",
    "directives": "*",
    "directive_mentions": "*",
    "directive_relations": "*",
    "conferences": "*",
    "conference_articles": "*",
    "conference_participants": "*",
    "people": "*",
    "positions": "*",
    "organizations": "*",
    "organization_aliases": "*",
    "conference_directives": "*",
    "conference_edges": "*",
    # Mentions, with their links: a reprocess rebuilds resolution from all of them at once,
    # the demo's warehouse resolved them run by run; the two must agree.
    "conference_mentions": "*",
    "person_mentions": "*",
    "directive_relation_mentions": "*",
    "sources": "*",
}


def _rows(db: Path) -> dict[str, list[tuple]]:
    return content_rows(db, CONTENT)


def _sources(db: Path) -> list[Source]:
    with duckdb.connect(str(db), read_only=True) as con:
        cols = ["source_id", "name", "base_url", "organization", "family", "priority", "province"]
        rows = con.execute(f"SELECT {', '.join(cols)} FROM sources").fetchall()
    return [Source(**dict(zip(cols, r, strict=True))) for r in rows]


@pytest.mark.usefixtures("prefect_harness")
def test_reprocess_reproduces_the_warehouse_offline(
    demo_warehouse: Path, demo_sites, tmp_path: Path
) -> None:
    archive = tmp_path / "warc"
    shutil.copytree(demo_warehouse.parent / "warc", archive)
    for manifest in archive.glob("*.captures.jsonl"):
        manifest.unlink()  # the WARC files alone
    fresh = tmp_path / "fresh.duckdb"
    requests_before = len(demo_sites.request_log)

    summary = reprocess_flow(str(archive), str(fresh), sources=_sources(demo_warehouse))

    assert len(demo_sites.request_log) == requests_before, "reprocess made a network request"
    assert _rows(fresh) == _rows(demo_warehouse)
    assert summary.articles_total == len(_rows(demo_warehouse)["articles"])
    assert_same_search(searches(fresh), searches(demo_warehouse))  # its index is right too

    with (
        duckdb.connect(str(fresh), read_only=True) as new,
        duckdb.connect(str(demo_warehouse), read_only=True) as old,
    ):
        runs_new = new.execute("SELECT run_id, status FROM crawl_runs").fetchall()
        runs_old = old.execute("SELECT run_id FROM crawl_runs").fetchall()
        assert [r[0] for r in runs_new] == [r[0] for r in runs_old]
        assert {r[1] for r in runs_new} == {"completed"}
        # every archived response of the original run is a capture again, at the same place
        located = "SELECT url, status, content_type, warc_file, warc_offset, warc_length, payload_digest FROM captures WHERE warc_file IS NOT NULL"  # noqa: E501
        assert set(old.execute(located).fetchall()) <= set(new.execute(located).fetchall())
        # every copy points at the capture (WARC record) it was extracted from
        orphans = new.execute(
            "SELECT count(*) FROM article_copies c JOIN captures k USING (capture_id) "
            "WHERE k.status <> 200"
        ).fetchone()[0]
        assert orphans == 0


@pytest.mark.usefixtures("prefect_harness")
def test_reprocess_into_the_same_warehouse_changes_nothing(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_warehouse, db)
    with Warehouse(db) as w:
        captures_before = w.count("captures")
        runs_before = w.con.execute("SELECT * FROM crawl_runs").fetchall()
        with band_index(w) as bands:  # a stale entry: a page indexed, never loaded
            stale = w.con.execute("SELECT minhash FROM article_copies LIMIT 1").fetchone()[0]
            bands.add(["https://stale.example.vn/x"], signature_from_bytes(stale)[None, :], ["h"])
            assert bands.scheme()[2] == w.count("article_copies") + 1
    reprocess_flow(str(demo_warehouse.parent / "warc"), str(db))
    assert _rows(db) == _rows(demo_warehouse)
    assert_same_search(searches(db), searches(demo_warehouse))
    with Warehouse(db) as w:
        assert w.count("captures") == captures_before
        assert w.con.execute("SELECT * FROM crawl_runs").fetchall() == runs_before
        # the near-duplicate index was rebuilt from what is stored: the stale entry is gone
        with BandIndex(band_index_path(db), buckets) as bands:
            assert bands.scheme()[2] == w.count("article_copies")
            assert "https://stale.example.vn/x" not in bands.candidates(
                signature_from_bytes(stale)[None, :]
            )


def test_captures_from_warc_cover_responses_and_failures(tmp_path: Path) -> None:
    from crawlers.warc import WarcArchive

    with WarcArchive(tmp_path, "20240101T000000Z-abc123") as archive:
        ok = archive.write_exchange(
            url="http://h/a", method="GET", request_headers=[], request_body=b"",
            status=200, response_headers=[("Content-Type", "text/html")], response_body=b"<p>x</p>",
        )  # fmt: skip
        archive.write_failure(
            url="http://h/slow", method="GET", request_headers=[], request_body=b"",
            error="DownloadTimeoutError: took longer than 1 seconds",
        )  # fmt: skip
    runs = ArchiveLayout(tmp_path).warc_runs()
    assert list(runs) == ["20240101T000000Z-abc123"]
    got = captures_from_warc(*next(iter(runs.items())))
    assert [(c.url, c.status, c.error) for c in got] == [
        ("http://h/a", 200, None),
        ("http://h/slow", None, "DownloadTimeoutError: took longer than 1 seconds"),
    ]
    assert (got[0].warc_offset, got[0].warc_length) == (ok.offset, ok.length)
    assert got[0].content_type == "text/html" and got[0].content_length == 8


def test_manifest_failures_without_a_warc_record_come_back(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from crawlers.items import CaptureRecord
    from crawlers.warc import WarcArchive
    from flows.reprocess import refusals_from_manifest

    run = "20240101T000000Z-abc123"
    with WarcArchive(tmp_path, run) as archive:
        archive.write_failure(
            url="http://h/slow", method="GET", request_headers=[], request_body=b"",
            error="DownloadTimeoutError: took longer than 1 seconds",
        )  # fmt: skip
    at = datetime(2024, 1, 1, tzinfo=UTC)

    def line(url: str, error: str) -> CaptureRecord:
        return CaptureRecord(
            url=url, status=None, content_type=None, warc_file=None, warc_offset=None,
            warc_length=None, fetched_at=at, error=error, run_id=run, payload_digest=None,
            content_length=None,
        )  # fmt: skip

    manifest = [
        line("http://h/private", "robots.txt disallowed"),
        line("http://h/slow", "DownloadTimeoutError: took longer than 1 seconds"),  # in the WARC
        line("http://other/x", "scope: off-site host other"),  # refused: never in the WARC
    ]
    in_warc = {
        c.url
        for c in captures_from_warc(run, next(iter(ArchiveLayout(tmp_path).warc_runs().values())))
    }
    got = refusals_from_manifest(ArchiveLayout(tmp_path), run, manifest, in_warc)
    assert [c.url for c in got] == ["http://h/private", "http://other/x"]
    # without the WARC's URLs: only what can never be in a WARC (as before)
    refused = refusals_from_manifest(ArchiveLayout(tmp_path), run, manifest)
    assert [c.url for c in refused] == ["http://h/private"]
