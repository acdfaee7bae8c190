"""DuckDB access: connections, ordered migrations, and the transactional bulk loader.

DuckDB allows one writing process and no readers from other processes meanwhile, so every write
goes through `Warehouse` in the single loader process (the flow's load task).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

MIGRATIONS_PACKAGE = "warehouse.migrations"
SQL_PACKAGE = "warehouse.sql"


def read_sql(name: str) -> str:
    """Text of `warehouse/sql/<name>.sql`: SQL lives in files, not in Python strings."""
    return resources.files(SQL_PACKAGE).joinpath(f"{name}.sql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def list_migrations() -> list[Migration]:
    """Every `NNNN_name.sql` under warehouse/migrations, in version order."""
    found: list[Migration] = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        if not entry.name.endswith(".sql"):
            continue
        stem = entry.name.removesuffix(".sql")
        version, _, name = stem.partition("_")
        found.append(Migration(int(version), name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"duplicate migration versions in {MIGRATIONS_PACKAGE}: {versions}")
    return found


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations, each in its own transaction; return the versions applied."""
    con.execute(read_sql("schema_migrations"))
    applied = {
        row[0]: row[1]
        for row in con.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    }
    done: list[int] = []
    for migration in list_migrations():
        if migration.version in applied:
            if applied[migration.version] != migration.checksum:
                raise RuntimeError(
                    f"migration {migration.version}_{migration.name} changed after it was applied; "
                    "add a new migration instead of editing an applied one"
                )
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                [migration.version, migration.name, migration.checksum, datetime.now(UTC)],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        done.append(migration.version)
    return done


# Load order: parents before children; each step is (sql file, staged relation name).
LOAD_STEPS: tuple[tuple[str, str], ...] = (
    ("upsert_sources", "sources"),
    ("insert_captures", "captures"),
    ("upsert_articles", "articles"),
    ("replace_article_entities", "article_urls"),
    ("upsert_organizations", "organizations"),
    ("upsert_people", "people"),
    ("upsert_directives", "directives"),
    ("insert_directive_mentions", "directive_mentions"),
    ("insert_directive_relations", "directive_relations"),
    ("upsert_conferences", "conferences"),
    ("insert_conference_articles", "conference_articles"),
    ("insert_conference_participants", "conference_participants"),
)


@dataclass
class LoadBatch:
    """Arrow tables staged for one transactional load; any may be None (nothing to load)."""

    sources: pa.Table | None = None
    captures: pa.Table | None = None
    articles: pa.Table | None = None
    article_urls: pa.Table | None = None
    organizations: pa.Table | None = None
    people: pa.Table | None = None
    directives: pa.Table | None = None
    directive_mentions: pa.Table | None = None
    directive_relations: pa.Table | None = None
    conferences: pa.Table | None = None
    conference_articles: pa.Table | None = None
    conference_participants: pa.Table | None = None


CONTENT_TABLES: tuple[str, ...] = (
    "sources",
    "articles",
    "organizations",
    "people",
    "directives",
    "directive_mentions",
    "directive_relations",
    "conferences",
    "conference_articles",
    "conference_participants",
)


@dataclass(frozen=True)
class LoadResult:
    articles_before: int
    articles_after: int
    captures_added: int
    totals: dict[str, int]

    @property
    def articles_new(self) -> int:
        return self.articles_after - self.articles_before


class Warehouse:
    """The one writer of a DuckDB file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))
        apply_migrations(self.con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def count(self, table: str) -> int:
        return int(self.con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # type: ignore[index]

    def start_run(self, run_id: str, started_at: datetime, start_urls: list[str]) -> None:
        self.con.execute(
            read_sql("start_run"),
            {"run_id": run_id, "started_at": started_at, "start_urls": start_urls},
        )

    def finish_run(self, run_id: str, **fields: Any) -> None:
        params = {
            "run_id": run_id,
            "finished_at": datetime.now(UTC),
            "status": "completed",
            "pages_fetched": None,
            "fetch_errors": None,
            "articles_seen": None,
            "articles_new": None,
            "message": None,
        }
        params.update(fields)
        self.con.execute(read_sql("finish_run"), params)

    def load(self, batch: LoadBatch) -> LoadResult:
        """Bulk-load one batch in a single transaction: all of it lands or none of it does."""
        articles_before = self.count("articles")
        captures_before = self.count("captures")
        with self.transaction() as con:
            for statement, name in LOAD_STEPS:
                table = getattr(batch, name)
                if table is None or table.num_rows == 0:
                    continue
                staged = f"staged_{name}"
                con.register(staged, table)
                try:
                    con.execute(read_sql(statement))
                finally:
                    con.unregister(staged)
        return LoadResult(
            articles_before=articles_before,
            articles_after=self.count("articles"),
            captures_added=self.count("captures") - captures_before,
            totals={table: self.count(table) for table in CONTENT_TABLES},
        )


def capture_id(run_id: str, url: str, fetched_at: str) -> str:
    """Stable id of one fetch, so reloading the same manifest inserts nothing new."""
    return hashlib.sha1(f"{run_id}\x1f{url}\x1f{fetched_at}".encode()).hexdigest()
