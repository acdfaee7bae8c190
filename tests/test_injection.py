"""Operator input never becomes SQL: export paths are bound values, identifiers come from the
catalog and are quoted, and no code composes SQL text from anything else."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from typer.testing import CliRunner

from vnarchive.cli import app
from warehouse.db import Warehouse, quote_identifier

ROOT = Path(__file__).resolve().parents[1]
# A directory name that, spliced into `COPY … TO '<dir>/<table>.parquet' (FORMAT parquet)`,
# closes the string and the COPY, runs a second statement and comments out the rest.
HOSTILE = "x' (FORMAT parquet); CREATE TABLE pwned AS SELECT 1; --"
# The brief's variant (quote, parenthesis, semicolon, comment) must be a plain name too.
HOSTILE_2 = "y'); CREATE TABLE pwned2 AS SELECT 1; --"


def _tables(db: Path) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT schema_name, table_name FROM duckdb_tables()").fetchall()
    assert ("main", "pwned") not in rows and ("main", "pwned2") not in rows
    return {table for schema, table in rows if schema == "main"}


def _views(db: Path) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
        ).fetchall()
    return {view for (view,) in rows}


def _assert_exported(directory: Path, db: Path) -> None:
    tables = _tables(db)
    assert "pwned" not in tables and "pwned2" not in tables
    written = {p.stem for p in directory.glob("*.parquet")}
    # every table and view, in the directory that was named, nowhere else
    assert written == tables | _views(db)
    with Warehouse(db, read_only=True) as warehouse:
        for table in ("articles", "captures", "sources"):
            assert pq.read_metadata(directory / f"{table}.parquet").num_rows == warehouse.count(
                table
            )


def test_export_to_a_hostile_directory_name_runs_no_sql(demo_warehouse: Path, tmp_path: Path):
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    for name in (HOSTILE, HOSTILE_2):
        target = tmp_path / name
        result = CliRunner().invoke(app, ["export", "--parquet", str(target), "--db", str(db)])
        assert result.exit_code == 0, result.output
        _assert_exported(target, db)
    # Nothing was written beside the hostile directories (e.g. a truncated "x" path).
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([HOSTILE, HOSTILE_2, db.name])


def test_maintenance_export_to_a_hostile_directory_runs_no_sql(
    demo_warehouse: Path, prefect_harness, tmp_path: Path
):
    from flows.orchestrate import maintenance_flow

    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    archive = tmp_path / "warc"
    shutil.copytree(demo_warehouse.parent / "warc", archive)
    target = tmp_path / HOSTILE
    state = maintenance_flow(
        db_path=str(db), archive_dir=str(archive), parquet_dir=str(target), return_state=True
    )
    assert state.is_completed(), state.message
    assert set(state.result()["parquet"]) == _tables(db) | _views(db)
    _assert_exported(target, db)


def test_count_refuses_a_name_not_in_the_catalog(demo_warehouse: Path, tmp_path: Path):
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    with Warehouse(db, read_only=True) as warehouse:
        for name in ('articles"; DROP TABLE articles; --', "pwned", "main.articles"):
            try:
                warehouse.count(name)
            except ValueError as exc:
                assert "no table" in str(exc)
            else:
                raise AssertionError(f"count({name!r}) ran")
        assert warehouse.count("articles") > 0


def test_quote_identifier_round_trips_any_name():
    con = duckdb.connect()
    for name in ('we"ird', "a.b", "sp ace", "x'); DROP TABLE t; --", 'q""q'):
        con.execute(f"CREATE TABLE {quote_identifier(name)} AS SELECT 1 AS a")
        assert con.sql("FROM " + quote_identifier(name)).fetchall() == [(1,)]
    assert {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()} == {
        'we"ird',
        "a.b",
        "sp ace",
        "x'); DROP TABLE t; --",
        'q""q',
    }


# -- audit: SQL text is composed only from constants, files and quoted identifiers ---------------

SQL_METHODS = {"execute", "executemany", "sql", "query", "from_query"}
SAFE_CALLS = {"quote_identifier", "read_sql"}  # a quoted catalog name; a warehouse/sql file
AUDITED = ("crawlers", "flows", "warehouse", "vnarchive", "benchmarks")


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return None


def _composed_safely(node: ast.AST) -> bool:
    """Is every piece of a composed SQL string a constant, a quoted identifier or a SQL file?"""
    if isinstance(node, ast.Constant):
        return True
    if _call_name(node) in SAFE_CALLS:
        return True
    if isinstance(node, ast.JoinedStr):
        return all(_composed_safely(v) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return _composed_safely(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _composed_safely(node.left) and _composed_safely(node.right)
    return False


def _is_composed(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.JoinedStr)
        or (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod))
        or _call_name(node) == "format"
    )


def sql_composition_findings(source: str, filename: str) -> list[str]:
    findings = []
    for node in ast.walk(ast.parse(source, filename)):
        if _call_name(node) in SQL_METHODS and node.args:  # type: ignore[attr-defined]
            sql = node.args[0]  # type: ignore[attr-defined]
            if _is_composed(sql) and not _composed_safely(sql):
                findings.append(f"{filename}:{node.lineno}: {ast.unparse(sql)[:120]}")
    return findings


def test_the_audit_catches_spliced_values():
    bad = [
        "con.execute(f\"COPY t TO '{target}'\")",
        "con.execute(\"SELECT * FROM t WHERE a = '%s'\" % value)",
        'con.sql("SELECT {}".format(value))',
        "con.execute('LOAD ' + path)",
        "con.execute(f'SELECT count(*) FROM \"{table}\"')",
    ]
    good = [
        "con.execute(read_sql('x'), {'a': 1})",
        "con.execute(f'DESCRIBE {quote_identifier(name)}')",
        "con.sql('FROM ' + quote_identifier(name))",
        "con.execute(sql)",
        "con.execute('SELECT 1')",
    ]
    assert all(sql_composition_findings(code, "bad") for code in bad)
    assert not any(sql_composition_findings(code, "good") for code in good)


def test_no_code_splices_values_into_sql():
    findings = []
    for folder in AUDITED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            findings += sql_composition_findings(path.read_text(encoding="utf-8"), rel)
    assert findings == []
