"""The load contract (warehouse/tables.py) against the migrated warehouse, and the keys
(warehouse/keys.py) against the values they have always produced.

dbt's schema.yml lesson: a table's declared shape is checked against the database, so a column
added to a migration and not declared (or declared and never migrated) fails here, not at the
first load of a real crawl.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawlers.items import CaptureRecord
from flows.dedupe import CopyInfo, plan_stories
from flows.extract import PageResult
from flows.rows import build_batch
from pipelines.dedupe import signature, signature_to_bytes
from pipelines.document import process_document
from pipelines.entities import person_key
from warehouse import keys
from warehouse.db import SQL_PACKAGE, apply_migrations, read_sql
from warehouse.tables import (
    CONTENT_TABLES,
    ENTITY_TABLES,
    LOAD_STEPS,
    POST_COMMIT_STEPS,
    RESOLUTION_TABLES,
    STAGED_TABLES,
    LoadBatch,
    StagedTable,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "html"
TARGETED = [t for t in STAGED_TABLES if t.target is not None]
STAGING_ONLY = [t for t in STAGED_TABLES if t.target is None]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh DuckDB file with every migration applied."""
    con = duckdb.connect(str(tmp_path_factory.mktemp("contract") / "contract.duckdb"))
    apply_migrations(con)
    yield con
    con.close()


def sql_files() -> set[str]:
    return {
        entry.name.removesuffix(".sql")
        for entry in resources.files(SQL_PACKAGE).iterdir()
        if entry.name.endswith(".sql")
    }


def declared_types(con: duckdb.DuckDBPyConnection, table: StagedTable) -> dict[str, str]:
    """Column → DuckDB type of the declared Arrow schema, as DuckDB maps it when it scans the
    staged table (the mapping every load goes through)."""
    relation = con.from_arrow(table.schema.empty_table())
    return {name: str(typ) for name, typ in zip(relation.columns, relation.types, strict=True)}


def migrated_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name = ?",
        [table],
    ).fetchall()
    return dict(rows)


def column_differences(declared: dict[str, str], migrated: dict[str, str]) -> list[str]:
    """What a reader must fix, one line per column ([] when they agree)."""
    problems = [f"{c}: migrated, not declared" for c in migrated.keys() - declared.keys()]
    problems += [f"{c}: declared, not migrated" for c in declared.keys() - migrated.keys()]
    problems += [
        f"{c}: declared {declared[c]}, migrated {migrated[c]}"
        for c in declared.keys() & migrated.keys()
        if declared[c] != migrated[c]
    ]
    return sorted(problems)


# -- the declarations against the migrated warehouse ---------------------------------------------


@pytest.mark.parametrize("table", TARGETED, ids=lambda t: t.name)
def test_declared_schema_is_the_migrated_table(
    migrated: duckdb.DuckDBPyConnection, table: StagedTable
) -> None:
    assert table.target is not None
    found = migrated_types(migrated, table.target)
    assert found, f"{table.name}: target table {table.target!r} does not exist after migration"
    problems = column_differences(declared_types(migrated, table), found)
    assert not problems, (
        f"staged {table.name} (warehouse/tables.py) vs migrated table {table.target}: {problems}"
    )


@pytest.mark.parametrize("table", STAGED_TABLES, ids=lambda t: t.name)
def test_load_statement_runs_against_the_declared_schema(
    migrated: duckdb.DuckDBPyConnection, table: StagedTable
) -> None:
    """The statement binds with only `staged_<name>` registered, shaped as declared: every
    column it reads is declared (DuckDB's binder names a missing one). Empty, so nothing is
    written; rolled back all the same."""
    assert table.load in sql_files(), f"{table.name}: no warehouse/sql/{table.load}.sql"
    statement = read_sql(table.load)
    assert re.search(rf"\bstaged_{table.name}\b", statement), (
        f"warehouse/sql/{table.load}.sql never reads staged_{table.name}"
    )
    migrated.execute("BEGIN TRANSACTION")
    migrated.register(f"staged_{table.name}", table.schema.empty_table())
    try:
        migrated.execute(statement)
    finally:
        migrated.unregister(f"staged_{table.name}")
        migrated.execute("ROLLBACK")


@pytest.mark.parametrize("table", STAGING_ONLY, ids=lambda t: t.name)
def test_staging_only_columns_are_all_read(table: StagedTable) -> None:
    """A staging-only table has no target to compare with: each declared column must at least
    be read by its statement (a column nobody reads is a stale declaration)."""
    statement = read_sql(table.load)
    unread = [c for c in table.schema.names if not re.search(rf"\b{c}\b", statement)]
    assert unread == [], f"{table.name}: {unread} declared, never read by {table.load}.sql"


def test_post_commit_statements_exist_and_run(migrated: duckdb.DuckDBPyConnection) -> None:
    assert POST_COMMIT_STEPS == ("delete_orphan_articles",)
    for statement in POST_COMMIT_STEPS:
        assert statement in sql_files()
        migrated.execute("BEGIN TRANSACTION")
        try:
            migrated.execute(read_sql(statement))
        finally:
            migrated.execute("ROLLBACK")


def test_content_tables_exist_after_migration(migrated: duckdb.DuckDBPyConnection) -> None:
    tables = {
        row[0]
        for row in migrated.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()
    }
    assert set(CONTENT_TABLES) <= tables, set(CONTENT_TABLES) - tables
    # What the loads write and the run reports count: stories and the mentions they make
    # (migration 0010); the entities are resolution's, counted beside them, never staged.
    assert set(CONTENT_TABLES) == {
        "sources",
        "articles",
        "article_copies",
        "conference_mentions",
        "person_mentions",
        "directive_mentions",
        "directive_relation_mentions",
    }
    assert set(ENTITY_TABLES) <= tables, set(ENTITY_TABLES) - tables
    assert set(ENTITY_TABLES) == {
        "organizations",
        "organization_aliases",
        "people",
        "positions",
        "directives",
        "directive_relations",
        "conferences",
        "conference_directives",
        "conference_participants",
    }
    assert not set(ENTITY_TABLES) & {t.target for t in STAGED_TABLES}, "loads never write entities"
    assert all(t.target for t in STAGED_TABLES if t.content), "content needs a target table"


def test_mentions_reference_stories_and_entities_reference_nothing(
    migrated: duckdb.DuckDBPyConnection,
) -> None:
    """Resolution rewrites entity ids: no foreign key may point at (or from) an entity table;
    mentions point at their story, so a merge or delete of a story keeps them consistent."""
    edges = set(
        migrated.execute(
            "SELECT DISTINCT table_name, referenced_table FROM duckdb_constraints() "
            "WHERE constraint_type = 'FOREIGN KEY'"
        ).fetchall()
    )
    assert not {e for e in edges if set(e) & set(RESOLUTION_TABLES)}
    for mentions in CONTENT_TABLES:
        if mentions.endswith("mentions"):
            assert (mentions, "articles") in edges


def test_parents_load_before_children(migrated: duckdb.DuckDBPyConnection) -> None:
    """Foreign keys are checked per statement: a declared table referencing another declared
    table's target must come after it."""
    position = {t.target: i for i, t in reversed(list(enumerate(TARGETED)))}
    edges = migrated.execute(
        "SELECT DISTINCT table_name, referenced_table FROM duckdb_constraints() "
        "WHERE constraint_type = 'FOREIGN KEY'"
    ).fetchall()
    late = [
        f"{child} loads before its parent {parent}"
        for child, parent in edges
        if child in position and parent in position and position[parent] > position[child]
    ]
    assert late == []
    assert len(edges) > 10  # the catalog query sees the constraints at all


def test_declarations_derive_the_loader() -> None:
    names = [t.name for t in STAGED_TABLES]
    assert len(set(names)) == len(names)
    assert [f.name for f in dataclasses.fields(LoadBatch)] == names
    assert list(dict.fromkeys(name for _, name in LOAD_STEPS)) == names
    assert [statement for statement, _ in LOAD_STEPS] == [
        statement for t in STAGED_TABLES for statement in (t.load, *t.then)
    ]
    assert all(t.description.strip() for t in STAGED_TABLES)
    batch = LoadBatch(conference_mentions=pa.table({"mention_id": ["c"]}))
    assert batch.conference_mentions.num_rows == 1 and batch.captures is None
    with pytest.raises(TypeError):
        LoadBatch(no_such_table=None)


def _read_sql_names(path: Path) -> set[str]:
    """Literal names passed to read_sql(...) in one Python file."""
    found = set()
    # Parsed in a thread of its own: CPython 3.11 can raise "AST constructor recursion depth
    # mismatch" in a thread where an earlier test hit a RecursionError (seen once under xdist).
    with ThreadPoolExecutor(max_workers=1) as fresh_thread:
        tree = fresh_thread.submit(ast.parse, path.read_text(encoding="utf-8"), str(path)).result()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "read_sql":
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def test_every_sql_file_is_used_and_every_used_file_exists() -> None:
    """A statement nobody runs is dead; a name nobody has a file for fails at run time."""
    by_code: set[str] = set()
    packages = [p for p in ROOT.iterdir() if (p / "__init__.py").is_file()]
    assert {"warehouse", "flows", "vnarchive"} <= {p.name for p in packages}
    for package in packages:
        for path in package.rglob("*.py"):
            by_code |= _read_sql_names(path)
    declared = {s for t in STAGED_TABLES for s in (t.load, *t.then)} | set(POST_COMMIT_STEPS)
    files = sql_files()
    assert files - declared - by_code == set(), "warehouse/sql files nothing runs"
    assert (by_code | declared) - files == set(), "read_sql names without a file"
    assert len(by_code) > 10  # the scan sees the read_sql calls at all


def test_the_contract_catches_an_undeclared_migration_column(
    tmp_path: Path,
) -> None:
    """The check the parametrised test makes, shown failing on a migration that adds a column
    the declaration lacks, and on a declaration whose column the migration lacks."""
    con = duckdb.connect(str(tmp_path / "drift.duckdb"))
    apply_migrations(con)
    con.execute("ALTER TABLE directive_relation_mentions ADD COLUMN drift_probe VARCHAR")
    con.execute("ALTER TABLE attachments ALTER pages TYPE BIGINT")
    by_name = {t.name: t for t in STAGED_TABLES}
    assert column_differences(
        declared_types(con, by_name["directive_relation_mentions"]),
        migrated_types(con, "directive_relation_mentions"),
    ) == ["drift_probe: migrated, not declared"]
    assert column_differences(
        declared_types(con, by_name["attachments"]), migrated_types(con, "attachments")
    ) == ["pages: declared INTEGER, migrated BIGINT"]
    extra = StagedTable(
        "directive_mentions",
        "citations with a column no migration made",
        by_name["directive_mentions"].schema.append(pa.field("summary", pa.string())),
        load="insert_directive_mentions",
        target="directive_mentions",
    )
    assert column_differences(
        declared_types(con, extra), migrated_types(con, "directive_mentions")
    ) == ["summary: declared, not migrated"]
    con.close()


# -- keys: byte-identical to what existing warehouses hold ---------------------------------------
# The formulas below are verbatim copies of flows/rows.py, flows/dedupe.py and warehouse/db.py as
# they were before warehouse/keys.py (main at 0fe16a8): the reference new code must match.


def _old_name_key(name: str) -> str:
    text = unicodedata.normalize("NFC", name).replace("Ð", "Đ").replace("ð", "đ")
    return " ".join(text.casefold().split())


def _old_md5(*parts: object) -> str:
    return hashlib.md5("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def _old_capture_id(run_id: str, url: str, fetched_at: str) -> str:
    return hashlib.sha1(f"{run_id}\x1f{url}\x1f{fetched_at}".encode()).hexdigest()


def _old_directive_id(symbol: str, year: int | None, issued_on: date | None) -> str:
    year = year or (issued_on.year if issued_on else None)
    return f"{symbol}@{year}" if year else symbol


def _old_conference_id(
    name: str | None, organizer: str | None, held_on: date | None, article_id: str
) -> str:
    when = held_on.isoformat() if held_on else f"article:{article_id}"
    return _old_md5(_old_name_key(name or ""), _old_name_key(organizer or ""), when)


def test_keys_pinned_values() -> None:
    """Values the old code produced (computed with main at 0fe16a8), pinned as literals."""
    url = "https://pbgdpl.haiphong.gov.vn/tin-tuc/hoi-nghi-123.html"
    assert (
        keys.capture_id("20261207T014909Z-84c08d", url, "2026-12-07T01:49:10.123456+00:00")
        == "95abd456f23d7879ed1328001b39af79528d44d2"
    )
    assert keys.article_id(url) == "30c3a338f73b56217e6ddc60386cf615"
    assert keys.directive_id("05-CT/TW", 2016) == "05-CT/TW@2016"
    assert keys.directive_id("35-QĐ/TW", None, date(2021, 7, 30)) == "35-QĐ/TW@2021"
    assert keys.directive_id("12/2020/NĐ-CP", None, None) == "12/2020/NĐ-CP"
    assert keys.directive_id("01-NQ/TW", 2019, date(2020, 1, 1)) == "01-NQ/TW@2019"
    story = "0f3c0b1d2e"
    assert [
        keys.conference_id(
            "Hội nghị báo cáo viên tháng 10/2021",
            "Đảng ủy Khối các cơ quan Trung ương",
            date(2021, 10, 28),
            story,
        ),
        keys.conference_id("HỘI NGHỊ  Báo cáo viên", None, date(2024, 1, 2), story),
        keys.conference_id(None, "Ðảng ủy Khối", None, story),
        keys.conference_id("Hội nghi\u0323 tổng kết", "Sở Tư pháp", None, story),
    ] == [
        "53cfb2f6ee818f1d46564da3a2bb2be9",
        "15bfc3c0503b12bab53c74e0c8918ac7",
        "41913574d77331432581f5c1085063ad",
        "82749ef789b19162526d7212de495d4c",
    ]
    oid = keys.organization_id("Ban Tuyên giáo Tỉnh ủy Hải Phòng")
    pid = keys.person_id(person_key("Nguyễn  Văn Nam"))
    assert (oid, pid) == ("4807c3da060ea58602118c358df15d91", "6349c5eb0523c85290b9605317c14e54")
    assert keys.position_id(pid, "Phó Trưởng ban", oid) == "fced3c63785cc712cebf4d584ed10cdc"
    assert keys.position_id(pid, "Phó Trưởng ban", None) == "5635f4b374ad61a28f40228c6c89fefd"
    assert keys.name_key("  ÐẢNG ủy\u00a0Khối  ") == "đảng ủy khối"
    # Mention rows (migration 0010 computes the same md5 in SQL for the mentions it moves).
    assert (
        keys.mention_id(story, "directive", 3)
        == hashlib.md5(f"{story}\x1fdirective\x1f3".encode()).hexdigest()
    )


TEXT = st.text(alphabet=st.sampled_from("aăâđĐÐðeêoôơuưyAĂ ,./-\u0323\u0301\u00a0Hộinghị"))
DAY = st.one_of(st.none(), st.dates(date(1945, 1, 1), date(2030, 12, 31)))


@given(TEXT, TEXT, TEXT, st.one_of(st.none(), TEXT))
def test_name_keys_match_the_old_code(a: str, b: str, c: str, org: str | None) -> None:
    assert keys.name_key(a) == _old_name_key(a)
    assert keys.organization_id(a) == _old_md5(_old_name_key(a))
    assert keys.person_id(b) == _old_md5(b)
    assert keys.position_id(b, c, org) == _old_md5(b, _old_name_key(c), org)
    assert keys.md5_key(a, None, 3) == _old_md5(a, None, 3)
    assert keys.article_id(a) == hashlib.md5(a.encode()).hexdigest()


@given(
    st.one_of(st.none(), TEXT),
    st.one_of(st.none(), TEXT),
    DAY,
    TEXT,
    st.one_of(st.none(), st.integers(1945, 2030)),
)
def test_entity_ids_match_the_old_code(
    name: str | None, organizer: str | None, held_on: date | None, article: str, year: int | None
) -> None:
    assert keys.conference_id(name, organizer, held_on, article) == _old_conference_id(
        name, organizer, held_on, article
    )
    symbol = f"{article}-CT/TW"
    assert keys.directive_id(symbol, year, held_on) == _old_directive_id(symbol, year, held_on)
    assert keys.directive_year(year, held_on) == (year or (held_on.year if held_on else None))


def test_build_batch_keys_match_the_old_formulas() -> None:
    """flows/rows.py wired to warehouse/keys.py: every id of a real batch (pages with dated and
    undated conferences, chairs with positions, directives) equals the formula applied to the
    row's own natural keys."""
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    captures, results, copies = [], [], []
    for n, name in enumerate(("dukcqtw_dnn", "haiphong_pbgdpl", "cp1258_declared_utf8")):
        url = f"https://x.vn/tin/{n}.html"
        capture = CaptureRecord.model_validate(
            dict(
                url=url,
                status=200,
                content_type="text/html; charset=utf-8",
                warc_file="vnla-r-00000.warc.gz",
                warc_offset=100 * n,
                warc_length=50,
                fetched_at=when,
                error=None,
                run_id="r",
                payload_digest="sha1:X",
                content_length=10,
            )
        )
        document = process_document((FIXTURES / f"{name}.html").read_bytes(), url, None)
        sig = signature(document.article.body)
        cid = _old_capture_id("r", url, when.isoformat())
        captures.append(capture)
        results.append(PageResult(cid, document, None, url, signature_to_bytes(sig)))
        copies.append(
            CopyInfo(
                url,
                "x",
                document.article.published_at,
                document.article.published_on,
                document.article.content_hash,
                sig,
            )
        )
    plan = plan_stories(copies, [], {"x": 100})
    batch = build_batch("r", captures, results, [], plan)

    def rows(name: str) -> list[dict]:
        return getattr(batch, name).to_pylist()

    assert [r["capture_id"] for r in rows("captures")] == [r.capture_id for r in results]
    assert {r["article_id"] for r in rows("new_articles")} == {
        hashlib.md5(r["url"].encode()).hexdigest() for r in rows("new_articles")
    }
    assert len(rows("new_articles")) == 3
    # Mentions (migration 0010): ids are md5(story, kind, ordinal), ordinals follow extraction
    # order per story, people point at a conference report of the same story, links are NULL.
    for table, kind in (
        ("directive_mentions", "directive"),
        ("conference_mentions", "conference"),
    ):
        found = rows(table)
        assert found, table
        per_story: dict[str, list[int]] = {}
        for r in found:
            assert r["mention_id"] == _old_md5(r["article_id"], kind, r["ordinal"])
            per_story.setdefault(r["article_id"], []).append(r["ordinal"])
            assert r["link_method"] is None
        assert all(sorted(o) == list(range(len(o))) for o in per_story.values())
    directives = rows("directive_mentions")
    assert len(directives) >= 10
    assert all(r["sentence"] and r["number"] for r in directives)
    conferences = {r["mention_id"]: r for r in rows("conference_mentions")}
    assert {c["held_on"] is None for c in conferences.values()} == {True, False}
    people = rows("person_mentions")
    assert len([p for p in people if p["position"]]) >= 3
    for r in people:
        assert conferences[r["conference_mention_id"]]["article_id"] == r["article_id"]
        assert r["role"] in ("chair", "bridge_chair", "speaker") and r["person_id"] is None
