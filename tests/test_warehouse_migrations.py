"""Migrations and the transactional bulk loader against a real DuckDB file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from warehouse.db import LoadBatch, Warehouse, apply_migrations, list_migrations


def _batch(body: str = "Nội dung bài viết.", content_hash: str = "h1") -> LoadBatch:
    now = datetime(2024, 1, 2, tzinfo=UTC)
    return LoadBatch(
        sources=pa.Table.from_pylist(
            [
                {
                    "source_id": "s1",
                    "name": "Site",
                    "base_url": "http://s1",
                    "organization": None,
                    "family": None,
                }
            ]
        ),
        captures=pa.Table.from_pylist(
            [
                {
                    "capture_id": "c1",
                    "run_id": "r1",
                    "source_id": "s1",
                    "url": "http://s1/a",
                    "status": 200,
                    "content_type": "text/html",
                    "content_length": 10,
                    "payload_digest": "sha1:X",
                    "warc_file": "a.warc.gz",
                    "warc_offset": 0,
                    "warc_length": 100,
                    "fetched_at": now,
                    "error": None,
                }
            ]
        ),
        articles=pa.Table.from_pylist(
            [
                {
                    "url": "http://s1/a",
                    "source_id": "s1",
                    "title": "Tiêu đề",
                    "body": body,
                    "published_on": date(2024, 1, 1),
                    "published_at": None,
                    "author": None,
                    "content_hash": content_hash,
                    "capture_id": "c1",
                    "first_run_id": "r1",
                    "extracted_at": now,
                }
            ]
        ),
    )


def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = apply_migrations(con)
    assert first == [m.version for m in list_migrations()]
    assert apply_migrations(con) == []
    recorded = con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in recorded] == first
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"sources", "crawl_runs", "captures", "articles"} <= tables


def test_edited_migration_is_refused(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_migrations(con)
    con.execute("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1")
    with pytest.raises(RuntimeError, match="changed after it was applied"):
        apply_migrations(con)


def test_load_is_idempotent_and_updates_changed_text(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        warehouse.start_run("r1", datetime.now(UTC), ["http://s1"])
        first = warehouse.load(_batch())
        assert (first.articles_new, first.captures_added) == (1, 1)
        again = warehouse.load(_batch())
        assert (again.articles_new, again.captures_added) == (0, 0)
        warehouse.load(_batch(body="Nội dung đã sửa.", content_hash="h2"))
        assert warehouse.con.execute("SELECT body FROM articles").fetchall() == [
            ("Nội dung đã sửa.",)
        ]
        assert warehouse.count("articles") == 1


def test_failed_load_leaves_previous_state(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        warehouse.start_run("r1", datetime.now(UTC), ["http://s1"])
        warehouse.load(_batch())
        broken = _batch(body="mới", content_hash="h3")
        # An article pointing at a capture that does not exist violates a foreign key mid-batch.
        broken.articles = broken.articles.set_column(
            broken.articles.schema.get_field_index("capture_id"),
            "capture_id",
            pa.array(["missing"]),
        )
        broken.captures = None
        with pytest.raises(duckdb.Error):
            warehouse.load(broken)
        assert warehouse.con.execute("SELECT body FROM articles").fetchall() == [
            ("Nội dung bài viết.",)
        ]
