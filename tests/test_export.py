"""`vnarchive export`: every table and analyst view of a real demo warehouse to Parquet, with
the catalog's comments as metadata, read back with pyarrow and DuckDB; the warehouse opened
read-only."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from test_readers_writers import holding  # a real second process holding the file
from typer.testing import CliRunner

from vnarchive.cli import app
from warehouse.db import DB_WAIT_ENV, Warehouse

DOC = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"


def _copy(demo_warehouse: Path, tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    return db


def _catalog(db: Path) -> dict[str, tuple[str, str, dict[str, str | None], int]]:
    """{name: (kind, comment, {column: comment}, rows)} for every main table and view."""
    found: dict[str, tuple[str, str, dict[str, str | None], int]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        relations = con.execute(
            "SELECT table_name, 'table', comment FROM duckdb_tables() WHERE schema_name = 'main' "
            "UNION ALL SELECT view_name, 'view', comment FROM duckdb_views() "
            "WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
        for name, kind, comment in relations:
            columns = dict(
                con.execute(
                    "SELECT column_name, comment FROM duckdb_columns() "
                    "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
                    [name],
                ).fetchall()
            )
            rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            found[name] = (kind, comment, columns, rows)
    return found


def test_export_writes_tables_and_views_with_their_comments(demo_warehouse: Path, tmp_path: Path):
    db = _copy(demo_warehouse, tmp_path)
    out = tmp_path / "parquet"
    with Warehouse(db, read_only=True) as warehouse:
        written = warehouse.export_parquet(out)
    catalog = _catalog(db)
    assert set(written) == set(catalog)
    assert {"v_site_activity", "v_directive_citations", "conference_articles"} <= set(written)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.parquet" for n in catalog)
    for name, (kind, comment, columns, rows) in catalog.items():
        path = written[name]
        meta = pq.read_metadata(path)
        kv = {k.decode(): v.decode() for k, v in meta.metadata.items()}
        assert meta.num_rows == rows, name
        assert kv["vnarchive.name"] == name and kv["vnarchive.kind"] == kind
        assert kv["vnarchive.comment"] == (comment or ""), name
        stated = {c: t for c, t in columns.items() if t}
        assert json.loads(kv["vnarchive.column_comments"]) == stated, name
        schema = pq.read_schema(path)
        assert schema.names == list(columns), name
        for column, text in stated.items():
            assert schema.field(column).metadata[b"comment"].decode() == text, (name, column)
    # Views carry comments too (migration 0013): the file alone says what a column means.
    pages = pq.read_schema(written["v_site_activity"]).field("pages").metadata[b"comment"]
    assert b"article_copies" in pages


def test_exported_view_reads_back_with_the_same_figures(demo_warehouse: Path, tmp_path: Path):
    db = _copy(demo_warehouse, tmp_path)
    with Warehouse(db, read_only=True) as warehouse:
        written = warehouse.export_parquet(tmp_path / "parquet")
    activity = pq.read_table(written["v_site_activity"])
    copies = pq.read_table(written["article_copies"], columns=["published_on"])
    dated = len(copies) - copies.column("published_on").null_count
    assert sum(activity.column("pages").to_pylist()) == dated
    with duckdb.connect(str(db), read_only=True) as con:
        expected = sorted(con.execute("FROM v_directive_citations").fetchall())
        # DuckDB reads the export in place, and sees the comments through parquet_kv_metadata.
        file = str(written["v_directive_citations"])
        exported = sorted(con.execute("FROM read_parquet(?)", [file]).fetchall())
        comment = con.execute(
            "SELECT decode(value) FROM parquet_kv_metadata(?) "
            "WHERE decode(key) = 'vnarchive.comment'",
            [file],
        ).fetchone()[0]
        stored = con.execute(
            "SELECT comment FROM duckdb_views() WHERE view_name = 'v_directive_citations'"
        ).fetchone()[0]
    assert exported == expected and expected
    assert comment == stored


def _fingerprint(db: Path) -> tuple[str, int]:
    return hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns


def test_cli_export_reads_only_beside_an_analyst(demo_warehouse: Path, tmp_path: Path, monkeypatch):
    """Another process holds the file read-only throughout: a writer could not open it (DuckDB
    locks the file), and with no wait allowed the export would fail instead of waiting. The file
    is byte for byte unchanged afterwards, and no WAL appeared."""
    db = _copy(demo_warehouse, tmp_path)
    before = _fingerprint(db)
    monkeypatch.setenv(DB_WAIT_ENV, "0")
    out = tmp_path / "parquet"
    with holding(db, "read") as analyst:
        result = CliRunner().invoke(app, ["export", "--parquet", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert analyst.proc.poll() is None
    assert re.search(r"exported \d+ tables and views", result.output), result.output
    assert "v_site_activity" in result.output
    assert _fingerprint(db) == before
    assert not Path(f"{db}.wal").exists()
    assert (out / "v_site_activity.parquet").is_file() and (out / "articles.parquet").is_file()


def test_a_writer_is_refused_while_export_style_readers_hold_the_file(
    demo_warehouse: Path, tmp_path: Path
):
    """The premise of the test above: a read-only holder does block a writer."""
    db = _copy(demo_warehouse, tmp_path)
    with holding(db, "read"), pytest.raises(duckdb.IOException, match="lock"):
        duckdb.connect(str(db))


def _doc_section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


def test_documented_export_reading_runs(demo_warehouse: Path, tmp_path: Path, monkeypatch, capsys):
    """The docs' Python example of reading the export runs as written (from a data/ directory)."""
    section = _doc_section("Parquet export")
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert blocks
    db = _copy(demo_warehouse, tmp_path)
    with Warehouse(db, read_only=True) as warehouse:
        warehouse.export_parquet(tmp_path / "data" / "parquet")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), {})  # our own documentation
    shown = capsys.readouterr().out
    assert "Article pages" in shown  # the comment of v_site_activity.pages
    # The DuckDB CLI example: the same SQL through the Python client (the CLI may be absent).
    for command in re.findall(r'duckdb -c "(.*?)"', section, flags=re.DOTALL):
        with duckdb.connect() as con:
            assert con.execute(command.replace('\\"', '"')).fetchall(), command
    assert os.path.exists("data/parquet/v_site_activity.parquet")
