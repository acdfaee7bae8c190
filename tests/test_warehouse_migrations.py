"""Migrations and the transactional bulk loader against a real DuckDB file."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from warehouse.db import Warehouse, apply_migrations, list_migrations
from warehouse.tables import LoadBatch, schema


def _table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema(name))


def _batch(
    body: str = "Nội dung bài viết.",
    content_hash: str = "h1",
    title: str = "Tiêu đề",
    run_id: str = "r1",
    url: str = "http://s1/a",
) -> LoadBatch:
    """One source, one capture of one article page, filed as a new story."""
    now = datetime(2024, 1, 2, tzinfo=UTC)
    capture = f"c-{run_id}-{url}"
    story = f"a-{url}"
    page = {
        "url": url,
        "source_id": "s1",
        "title": title,
        "body": body,
        "published_on": date(2024, 1, 1),
        "published_at": None,
        "author": None,
        "content_hash": content_hash,
    }
    return LoadBatch(
        sources=_table(
            "sources",
            [
                {
                    "source_id": "s1",
                    "name": "Site",
                    "base_url": "http://s1",
                    "organization": None,
                    "family": None,
                    "priority": 100,
                }
            ],
        ),
        captures=_table(
            "captures",
            [
                {
                    "capture_id": capture,
                    "run_id": run_id,
                    "source_id": "s1",
                    "url": url,
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
            ],
        ),
        new_articles=_table(
            "new_articles",
            [{**page, "article_id": story, "copies": 1, "first_run_id": run_id, "updated_at": now}],
        ),
        article_copies=_table(
            "article_copies",
            [
                {
                    **page,
                    "article_id": story,
                    "similarity": 1.0,
                    "minhash": b"\0" * 16,
                    "capture_id": capture,
                    "first_run_id": run_id,
                    "extracted_at": now,
                }
            ],
        ),
        canonical=_table("canonical", [{"article_id": story, "url": url, "updated_at": now}]),
        touched_articles=_table("touched_articles", [{"article_id": story}]),
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


def _schema(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_name <> 'schema_migrations' ORDER BY ALL"
    ).fetchall()


@pytest.mark.parametrize("start", [m.version for m in list_migrations()])
def test_migrations_apply_from_every_earlier_version(tmp_path: Path, start: int) -> None:
    fresh = duckdb.connect(str(tmp_path / "fresh.duckdb"))
    apply_migrations(fresh)
    older = duckdb.connect(str(tmp_path / "older.duckdb"))
    assert apply_migrations(older, up_to=start)[-1] == start
    apply_migrations(older)
    assert _schema(older) == _schema(fresh)
    assert apply_migrations(older) == []


def test_every_table_and_column_is_commented(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_migrations(con)
    bare_tables = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL "
        "AND table_name <> 'schema_migrations'"
    ).fetchall()
    bare_columns = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE comment IS NULL "
        "AND table_name IN (SELECT table_name FROM duckdb_tables()) "
        "AND table_name <> 'schema_migrations'"
    ).fetchall()
    assert bare_tables == []
    assert bare_columns == []


def test_threads_opening_a_new_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Concurrent sources' subflows are threads of one process: each opens the new warehouse
    and finds it unmigrated. One migrates; the others must not fail with DuckDB's "Catalog
    write-write conflict" (a served run with two sources once did, on its first night)."""
    path = tmp_path / "new.duckdb"
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_writer() -> None:
        start.wait()
        try:
            Warehouse(path).close()  # opening a writer migrates the file
        except BaseException as exc:  # every failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=open_writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Warehouse(path) as wh:
        applied = wh.con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]
    assert applied == len(list_migrations())


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
        assert first.text_changed  # the search index must be rebuilt
        again = warehouse.load(_batch())
        assert (again.articles_new, again.captures_added) == (0, 0)
        assert not again.text_changed  # nothing a search sees changed: no rebuild
        retitled = warehouse.load(_batch(title="Tiêu đề mới"))
        assert retitled.copy_changes["s1"] == {
            "new": 0,
            "changed": 0,
            "unchanged": 1,
            "retitled": 1,
        }
        assert retitled.text_changed  # titles are indexed too
        assert warehouse.con.execute("SELECT title FROM article_copies").fetchall() == [
            ("Tiêu đề mới",)
        ]
        assert warehouse.con.execute("SELECT title FROM articles").fetchall() == [("Tiêu đề mới",)]
        edited = warehouse.load(_batch(body="Nội dung đã sửa.", content_hash="h2"))
        assert edited.copy_changes["s1"]["changed"] == 1 and edited.text_changed
        assert warehouse.con.execute("SELECT body FROM articles").fetchall() == [
            ("Nội dung đã sửa.",)
        ]
        assert warehouse.count("articles") == 1


def test_failed_load_leaves_previous_state(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        warehouse.start_run("r1", datetime.now(UTC), ["http://s1"])
        warehouse.load(_batch())
        broken = _batch(body="mới", content_hash="h3")
        # A copy pointing at a capture that does not exist violates a foreign key mid-batch,
        # after earlier statements of the same batch already ran.
        broken.captures = None
        broken.article_copies = broken.article_copies.set_column(
            broken.article_copies.schema.get_field_index("capture_id"),
            "capture_id",
            pa.array(["missing"]),
        )
        with pytest.raises(duckdb.Error):
            warehouse.load(broken)
        assert warehouse.con.execute("SELECT body FROM articles").fetchall() == [
            ("Nội dung bài viết.",)
        ]


def test_run_history_and_verdicts(tmp_path: Path) -> None:
    """The alert rules' history (recent_new_pages) and the progress total (previous_pages) read
    successful runs only; a verdict turns a completed run degraded or failed."""
    start = ["http://s1"]
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        for run_id, url, pages in [
            ("r1", "http://s1/a", 5),
            ("r2", "http://s1/b", 7),
            ("r3", "http://s1/a", 9),  # re-sees a: no new page
            ("r4", "http://s1/c", 11),
        ]:
            warehouse.start_run(run_id, datetime.now(UTC), start)
            warehouse.load(_batch(run_id=run_id, url=url))
            warehouse.finish_run(run_id, status="completed", pages_fetched=pages)
        warehouse.set_run_verdict("r2", "degraded", "no new articles")
        warehouse.set_run_verdict("r4", "failed", "9/11 fetches failed")
        warehouse.set_run_verdict("r9", "failed", "no such run: changes nothing")

        statuses = dict(warehouse.con.execute("SELECT run_id, status FROM crawl_runs").fetchall())
        assert statuses == {"r1": "completed", "r2": "degraded", "r3": "completed", "r4": "failed"}
        # Newest first: r3 (nothing new), r2 (b, degraded still counts), r1 (a); r4 failed.
        assert warehouse.recent_new_pages("s1", "now", 5) == [0, 1, 1]
        assert sorted(warehouse.recent_new_pages("s1", "now", 2)) == [0, 1]
        assert warehouse.recent_new_pages("s1", "r3", 5) == [1, 1]
        assert warehouse.previous_pages(start) == 9  # r4 failed: r3 is the latest good run
        assert warehouse.previous_pages(["http://other"]) is None
