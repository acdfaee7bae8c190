"""DuckDB access: connections, ordered migrations, and the transactional bulk loader.

DuckDB allows one writing process and no readers from other processes meanwhile, so every write
goes through `Warehouse` in the single loader process (the flow's load task). Readers (`search`,
`export`, analysts) open the file read-only: any number of them at once, never migrating it. A
file held by another process is waited for with exponential back-off (`VNARCHIVE_DB_WAIT`
seconds), naming the holder, instead of failing at once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import duckdb
import pyarrow as pa

from warehouse.tables import (
    CONTENT_TABLES,
    ENTITY_TABLES,
    LOAD_STEPS,
    POST_COMMIT_STEPS,
    STAGED,
    LoadBatch,
)

if TYPE_CHECKING:
    from warehouse.documents import DocumentLoadResult, DocumentRecord

# Counted before and after every load for the run reports: what the load writes (content) and
# what resolution derives from it (entities, rewritten by the resolve step after the load).
COUNTED_TABLES: tuple[str, ...] = (*CONTENT_TABLES, *ENTITY_TABLES)

MIGRATIONS_PACKAGE = "warehouse.migrations"
SQL_PACKAGE = "warehouse.sql"


def fts_extension_path() -> Path:
    """The `fts` extension shipped by the duckdb-ext-fts wheel: loaded by path, no download."""
    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("duckdb-ext-fts is not installed (it is a locked dependency: uv sync)")
    root = (
        Path(next(iter(spec.submodule_search_locations))) / "extensions" / f"v{duckdb.__version__}"
    )
    found = sorted(root.glob("*/fts.duckdb_extension"))
    if not found:
        raise RuntimeError(f"no fts.duckdb_extension for DuckDB {duckdb.__version__} under {root}")
    return found[0]


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    # The Python API takes the path as a value: nothing is spliced into SQL.
    con.load_extension(str(fts_extension_path()))


def load_analyst_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The fts extension and the macro library (`search`, `directive_card` …) in `con`: what
    every `vnarchive sql` session starts with. TEMP macros: a read-only file is fine."""
    load_fts(con)
    con.execute(read_sql("analyst_macros"))


def analyst_init_sql() -> str:
    """SQL that sets up any DuckDB 1.4 client (the CLI's -init, DBeaver, a notebook) as
    `vnarchive sql` does: the fts extension loaded from this environment, then the macros."""
    path = str(fts_extension_path()).replace("'", "''")
    return f"LOAD '{path}';\n" + read_sql("analyst_macros")


def analyst_connection(path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse at `path` with fts and the macros loaded (for
    notebooks: `from warehouse.db import analyst_connection`)."""
    con = duckdb.connect(str(path), read_only=True)
    load_analyst_macros(con)
    return con


# Rows per Arrow batch of the Parquet export: a bounded buffer, large enough for good row groups.
EXPORT_BATCH_ROWS = 100_000


def export_metadata(
    name: str,
    kind: str,
    comment: str | None,
    column_comments: dict[str, str | None],
    schema_version: int,
) -> dict[str, str]:
    """Parquet key-value metadata of one exported table or view: what a reader of the file alone
    needs to know what it holds (DuckDB `parquet_kv_metadata`, `pyarrow.parquet.read_metadata`,
    Polars `read_parquet_metadata`). Column comments are also on each Arrow field."""
    return {
        "vnarchive.name": name,
        "vnarchive.kind": kind,
        "vnarchive.comment": comment or "",
        "vnarchive.column_comments": json.dumps(
            {column: text for column, text in column_comments.items() if text},
            ensure_ascii=False,
        ),
        "vnarchive.schema_version": str(schema_version),
    }


def quote_identifier(name: str) -> str:
    """`name` as a DuckDB identifier (double quotes doubled). Only for names from an allow-list
    (the catalog): values are always bound parameters, never quoted into SQL."""
    return '"' + name.replace('"', '""') + '"'


# Values per literal IN list of a point lookup: small enough that DuckDB answers it with an index
# scan (its `index_scan_max_count` is 2048 matches) and the SQL text stays short.
LOOKUP_CHUNK = 500


def sql_list(values: Iterable[str]) -> str:
    """Values as the items of a literal SQL list (``'a', 'b'``; ``NULL`` when empty, which
    matches nothing but is planned as a sequential scan: skip the lookup instead). DuckDB plans
    an ART index scan for ``col IN (literals)`` but not for a parameter list or a join, so point
    lookups splice their keys here; quotes are doubled, the SQL standard's and DuckDB's only
    escape in a string literal, and NUL is refused."""
    items = []
    for value in values:
        if "\x00" in value:
            raise ValueError("a NUL character cannot be part of a lookup key")
        items.append("'" + value.replace("'", "''") + "'")
    return ", ".join(items) or "NULL"


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


def apply_migrations(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[int]:
    """Apply pending migrations (up to version `up_to`), each in its own transaction.

    Returns the versions applied; re-applying is a no-op.
    """
    con.execute(read_sql("schema_migrations"))
    applied = dict(con.execute(read_sql("select_applied_migrations")).fetchall())
    done: list[int] = []
    for migration in pending_migrations(applied):
        if up_to is not None and migration.version > up_to:
            break
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


def pending_migrations(applied: dict[int, str]) -> list[Migration]:
    """Migrations not yet in `applied` (version → checksum); an applied one whose file changed
    is an error, never re-run."""
    pending: list[Migration] = []
    for migration in list_migrations():
        if migration.version not in applied:
            pending.append(migration)
        elif applied[migration.version] != migration.checksum:
            raise RuntimeError(
                f"migration {migration.version}_{migration.name} changed after it was applied; "
                "add a new migration instead of editing an applied one"
            )
    return pending


# -- opening the file: readers and writers --------------------------------------------------------

DB_WAIT_ENV = "VNARCHIVE_DB_WAIT"
DEFAULT_DB_WAIT = 300.0  # seconds a connection waits for a busy file: longer than any load
FIRST_RETRY = 0.1  # seconds; doubled per attempt up to MAX_RETRY
MAX_RETRY = 5.0  # a released file is noticed within this long

log = logging.getLogger(__name__)

# When a load folds the search delta into the main index (a full rebuild): once the delta holds
# more than this share of the stories, and more than this many rows (a small warehouse would
# otherwise rebuild at every load). Below that, a load re-indexes the delta alone.
SEARCH_DELTA_SHARE_ENV = "VNARCHIVE_SEARCH_DELTA_SHARE"
SEARCH_DELTA_MIN_ENV = "VNARCHIVE_SEARCH_DELTA_MIN"
DEFAULT_SEARCH_DELTA_SHARE = 0.05
DEFAULT_SEARCH_DELTA_MIN = 1000


def search_delta_limit(stories: int) -> int:
    """Rows the search delta may hold before a load folds it in (settings above, from the
    environment when set)."""
    values = []
    for name, default in (
        (SEARCH_DELTA_SHARE_ENV, DEFAULT_SEARCH_DELTA_SHARE),
        (SEARCH_DELTA_MIN_ENV, DEFAULT_SEARCH_DELTA_MIN),
    ):
        raw = os.environ.get(name, "").strip()
        try:
            values.append(float(raw) if raw else default)
        except ValueError:
            raise WarehouseError(f"{name}={raw!r} is not a number") from None
    share, minimum = values
    return max(int(minimum), int(share * stories))


# DuckDB's message when another process holds the file ("… Conflicting lock is held in
# /usr/bin/python3 (PID 1234) [by user x]. …"); the lock itself is an fcntl lock on the file.
_LOCK_CONFLICT = re.compile(r"Could not set lock on file")
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.+?) \(PID (?P<pid>\d+)\)")


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened as asked (the message says why and what to do)."""


class WarehouseMissing(WarehouseError, FileNotFoundError):
    pass


class WarehouseNotMigrated(WarehouseError):
    pass


class WarehouseBusy(WarehouseError):
    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class LockHolder:
    """The process DuckDB names as holding the file's lock."""

    pid: int
    executable: str
    command: str | None  # its command line, when /proc shows it

    def describe(self) -> str:
        shown = self.command or self.executable
        return f"PID {self.pid} ({shown[:200]})"


def lock_holder(message: str) -> LockHolder | None:
    """The holder named in a DuckDB lock-conflict message (None if it names none)."""
    found = _LOCK_HOLDER.search(message)
    if not found:
        return None
    pid = int(found["pid"])
    command = None
    try:  # Linux: the holder's full command line says *which* program it is
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    except OSError:
        pass
    return LockHolder(pid=pid, executable=found["exe"], command=command or None)


def db_wait_seconds() -> float:
    """How long to wait for a busy file: `VNARCHIVE_DB_WAIT` seconds, else the default."""
    raw = os.environ.get(DB_WAIT_ENV, "").strip()
    if not raw:
        return DEFAULT_DB_WAIT
    try:
        value = float(raw)
    except ValueError:
        raise WarehouseError(f"{DB_WAIT_ENV}={raw!r} is not a number of seconds") from None
    return max(value, 0.0)


def _announce(message: str) -> None:
    """Log to this module's logger and, inside a Prefect run, to the run's log."""
    log.warning(message)
    try:
        from prefect.logging import get_run_logger

        get_run_logger().warning(message)
    except Exception:  # outside a flow or task run
        pass


def connect(
    path: Path,
    *,
    read_only: bool = False,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open `path`, waiting with exponential back-off while another process holds its lock.

    Gives up after `wait` seconds (default: `VNARCHIVE_DB_WAIT`) with `WarehouseBusy` naming
    the holder. `on_wait` hears (once per holder) who is waited for; by default it is logged.
    """
    budget = db_wait_seconds() if wait is None else wait
    announce = on_wait or _announce
    deadline = time.monotonic() + budget
    delay = FIRST_RETRY
    waited_for: set[int | None] = set()
    mode = "read-only" if read_only else "writing"
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _LOCK_CONFLICT.search(str(exc)):
                raise
            holder = lock_holder(str(exc))
            who = holder.describe() if holder else "another process"
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WarehouseBusy(
                    f"{path} is held by {who}; gave up opening it for {mode} after "
                    f"{budget:g} s ({DB_WAIT_ENV}). Close that connection (an analyst's "
                    f"session, a running load) or set {DB_WAIT_ENV} higher.",
                    holder,
                ) from exc
            key = holder.pid if holder else None
            if key not in waited_for:
                waited_for.add(key)
                announce(
                    f"{path.name} is busy: held by {who}; waiting up to {budget:g} s "
                    f"({DB_WAIT_ENV}) to open it for {mode}"
                )
            time.sleep(min(delay, remaining))
            delay = min(delay * 2, MAX_RETRY)


def is_up_to_date(con: duckdb.DuckDBPyConnection) -> bool:
    """Does the file already hold every migration? One read of ``schema_migrations`` and no
    write, so a writer opening an up-to-date file (every task of every run) migrates nothing;
    an applied migration edited since raises, as in `apply_migrations`."""
    try:
        applied = dict(con.execute(read_sql("select_applied_migrations")).fetchall())
    except duckdb.CatalogException:
        return False  # a new file: no schema_migrations yet
    return not pending_migrations(applied)


def check_migrated(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Raise `WarehouseNotMigrated` unless every migration is applied (read-only: no fixing)."""
    has_table = con.execute(read_sql("select_has_schema_migrations")).fetchone()
    if not (has_table and has_table[0]):
        raise WarehouseNotMigrated(
            f"{path} is not a vnarchive warehouse (no schema_migrations table); "
            "a crawl, demo or reprocess creates one"
        )
    applied = dict(con.execute(read_sql("select_applied_migrations")).fetchall())
    pending = pending_migrations(applied)
    if pending:
        names = ", ".join(f"{m.version:04d}_{m.name}" for m in pending)
        raise WarehouseNotMigrated(
            f"{path} lacks migrations {names}; readers never migrate: the next crawl, "
            "reprocess or maintenance run (a writer) applies them"
        )


@dataclass(frozen=True)
class LoadResult:
    articles_before: int
    articles_after: int
    captures_added: int
    totals: dict[str, int]
    # Run reports (flows/reports.py): content-table counts before the load, and per source_id the
    # article pages of the batch that were new / changed text / unchanged against what was stored.
    totals_before: dict[str, int] = field(default_factory=dict)
    copy_changes: dict[str, dict[str, int]] = field(default_factory=dict)
    # Per source_id ("(other)" for unattributed URLs): the batch's pages by outcome label
    # ("article", "rejected: short body", "failed: HTTP 404" ...), see outcome_label.
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    # flows/resolve.py ResolveStats (as a dict) when the resolve step ran after the load.
    resolution: dict[str, Any] = field(default_factory=dict)

    @property
    def articles_new(self) -> int:
        return self.articles_after - self.articles_before

    @property
    def text_changed(self) -> bool:
        """Did any story's searchable text change (new, edited or retitled pages, or stories
        merged away)?"""
        return self.articles_after != self.articles_before or any(
            c.get("new", 0) or c.get("changed", 0) or c.get("retitled", 0)
            for c in self.copy_changes.values()
        )


_MIGRATING = threading.Lock()


class Closable(Protocol):
    def close(self) -> None: ...


class Warehouse:
    """The one writer of a DuckDB file, or (``read_only=True``) one of any number of readers.

    A writer creates and migrates the file; a reader needs it to exist fully migrated and
    changes nothing. Both wait for a file another process holds (see `connect`).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        wait: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        # Files kept open as long as this connection and closed with it (flows/dedupe.py keeps
        # the near-duplicate index here from story assignment to the load), by name.
        self.attached: dict[str, Closable] = {}
        if read_only:
            if not self.path.is_file():
                raise WarehouseMissing(
                    f"{self.path} does not exist; run `vnarchive demo`, `crawl` or `reprocess` "
                    "to create it"
                )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = connect(self.path, read_only=read_only, wait=wait, on_wait=on_wait)
        try:
            if read_only:
                check_migrated(self.con, self.path)
            else:
                # Per-run lookups go through the indexes (warehouse/sql/writer_settings.sql).
                self.con.execute(read_sql("writer_settings"))
            if not read_only and not is_up_to_date(self.con):
                # Threads of one process (concurrent sources' subflows) share the file: DuckDB's
                # file lock keeps other processes out, not them. One migrates; the others wait
                # and find the schema there ("Catalog write-write conflict" otherwise).
                with _MIGRATING:
                    if not is_up_to_date(self.con):
                        applied = apply_migrations(self.con)
                        if applied and self.search_indexes() == (True, False):
                            self._index_search_delta()  # 0017 on a warehouse indexed before it
        except BaseException:
            self.con.close()
            raise

    def close(self) -> None:
        try:
            for resource in self.attached.values():
                resource.close()
        finally:
            self.attached.clear()
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

    def tables(self) -> list[str]:
        """Base tables of the main schema, from the catalog: the allow-list of table names."""
        return [row[0] for row in self.con.execute(read_sql("select_main_tables")).fetchall()]

    def views(self) -> list[str]:
        """Analyst views of the main schema, from the catalog (with `tables`, the export's list)."""
        return [row[0] for row in self.con.execute(read_sql("select_main_views")).fetchall()]

    def _table(self, name: str) -> duckdb.DuckDBPyRelation:
        """Relation over an existing table; a name not in the catalog is refused, not spliced."""
        if name not in self.tables():
            raise ValueError(f"no table {name!r} in {self.path}")
        return self.con.sql("FROM " + quote_identifier(name))

    def _view(self, name: str) -> duckdb.DuckDBPyRelation:
        """Relation over an existing view; as `_table`, only names from the catalog."""
        if name not in self.views():
            raise ValueError(f"no view {name!r} in {self.path}")
        return self.con.sql("FROM " + quote_identifier(name))

    def totals(self) -> dict[str, int]:
        """Rows of every counted table (content and entities)."""
        return {table: self.count(table) for table in COUNTED_TABLES}

    def count(self, table: str) -> int:
        return int(self._table(table).aggregate("count(*)").fetchone()[0])  # type: ignore[index]

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

    # -- full-text search: a main index and a small delta (docs/warehouse.md) ------------------
    def search_indexes(self) -> tuple[bool, bool]:
        """Whether the main index (fts_main_articles) and the delta's index exist."""
        main, delta = self.con.execute(read_sql("select_search_indexes")).fetchone()  # type: ignore[misc]
        return bool(main), bool(delta)

    def has_search_index(self) -> bool:
        return self.search_indexes()[0]

    def rebuild_search_index(self, reason: str = "rebuild") -> int:
        """Build the main BM25 index over every story and fold the delta into it (emptied, its
        index rebuilt empty), in one transaction: a full rebuild, read-everything. Logged in
        `search_builds`; returns the delta rows folded."""
        load_fts(self.con)
        with self.transaction() as con:
            con.execute(read_sql("create_search_index"))
            folded = con.execute(read_sql("empty_search_delta")).fetchone()[0]  # type: ignore[index]
            con.execute(read_sql("create_search_delta_index"))
            con.execute(read_sql("insert_search_build"), {"folded": folded, "reason": reason})
        return int(folded)

    def refresh_search_index(self) -> None:
        """A full rebuild (kept for callers of the old name)."""
        self.rebuild_search_index()

    def update_search_index(self) -> str:
        """After a load (the load task): what keeps search right without rebuilding the main index
        for every change. Builds the main index when there is none (a warehouse's first load
        that stored a story) and folds the delta in when it passed its share of the corpus
        (`search_delta_limit`); otherwise the load already indexed its changes in the delta
        (see `load`). Returns what it did: "built", "folded", "delta" (nothing more to do) or
        "empty" (no story to index yet)."""
        main, delta = self.search_indexes()
        if not main:
            if not self.count("articles"):
                return "empty"  # the first load that stores a story builds it
            self.rebuild_search_index("first load")
            return "built"
        rows, stories = self.con.execute(read_sql("select_search_delta_size")).fetchone()  # type: ignore[misc]
        if rows > search_delta_limit(stories):
            self.rebuild_search_index("delta share")
            return "folded"
        if not delta:  # a writer died between migrating and indexing the (empty) delta
            self._index_search_delta()
        return "delta"

    def _index_search_delta(self) -> None:
        load_fts(self.con)
        with self.transaction() as con:
            con.execute(read_sql("create_search_delta_index"))

    def _search_touched(self, batch: LoadBatch) -> pa.Table:
        """The stories a batch names: new, refreshed, merged (both sides), carried by a copy."""
        ids: set[str] = set()
        for name, columns in (
            ("new_articles", ("article_id",)),
            ("canonical", ("article_id",)),
            ("article_copies", ("article_id",)),
            ("story_merges", ("old_article_id", "new_article_id")),
        ):
            table = getattr(batch, name)
            if table is not None:
                for column in columns:
                    ids.update(v for v in table.column(column).to_pylist() if v)
        return pa.table({"article_id": pa.array(sorted(ids), pa.string())})

    def _before_search_delta(self, con: duckdb.DuckDBPyConnection, batch: LoadBatch) -> None:
        """In the load's transaction, before its statements: the touched stories' text as it
        stands (upsert_search_delta.sql compares after)."""
        copies = batch.article_copies
        if copies is None:
            copies = pa.Table.from_pylist([], schema=STAGED["article_copies"].schema)
        con.register("staged_search_touched", self._search_touched(batch))
        con.register("staged_article_copies", copies)
        try:
            con.execute(read_sql("search_delta_before"))
        finally:
            con.unregister("staged_article_copies")
            con.unregister("staged_search_touched")

    def _record_search_delta(self, con: duckdb.DuckDBPyConnection) -> None:
        """In the load's transaction, after its statements: the stories whose searchable text it
        changed into search_delta, and, if any, the delta's index rebuilt (small): atomic with
        the load, so a search never sees a story changed and not indexed."""
        changed = con.execute(read_sql("upsert_search_delta")).fetchone()[0]  # type: ignore[index]
        con.execute(read_sql("drop_search_touched"))
        if changed:
            load_fts(con)
            con.execute(read_sql("create_search_delta_index"))

    def search(
        self, query: str, limit: int = 10, *, any_word: bool = False, accents: str = "auto"
    ) -> list[tuple]:
        """(article_id, title, published_on, site, url, exact, score, snippet) of the best
        matches: the `search` macro of warehouse/sql/analyst_macros.sql (docs/warehouse.md)."""
        main, delta = self.search_indexes()
        if not main:  # built at the first load that stored an article
            return []
        if not delta:
            raise WarehouseError(
                f"{self.path} has no index of its search delta (a writer died after migrating "
                "it); the next load or maintenance run (a writer) builds it"
            )
        load_analyst_macros(self.con)
        query = unicodedata.normalize("NFC", query)  # bodies are NFC; typed queries may not be
        return self.con.execute(
            read_sql("search_articles"),
            {"query": query, "limit": limit, "any_word": any_word, "accents": accents},
        ).fetchall()

    def export_parquet(self, directory: Path) -> dict[str, Path]:
        """Every table and analyst view to `<directory>/<name>.parquet`; returns what was written.

        Each file carries its comments as Parquet key-value metadata (`export_metadata`) and each
        column its own as Arrow field metadata (``comment``). Reads only: a read-only warehouse
        exports. Rows stream in batches, so memory stays flat whatever the table's size; each
        file is written beside its target and renamed over it, so a reader of the directory
        never sees half a file.
        """
        import pyarrow.parquet as pq  # ~0.25 s to import: only the export pays it

        directory.mkdir(parents=True, exist_ok=True)
        comments = self._export_comments()
        version = max(dict(self.con.execute(read_sql("select_applied_migrations")).fetchall()))
        written = {}
        for kind, names, relation in (
            ("table", self.tables(), self._table),
            ("view", self.views(), self._view),
        ):
            for name in names:
                table_comment, column_comments = comments.get(name, (None, {}))
                # Relation API and pyarrow: the path is an argument, never SQL text (a quote in
                # it was injection); the name comes from the catalog.
                reader = relation(name).fetch_record_batch(EXPORT_BATCH_ROWS)
                schema = pa.schema(
                    [
                        f.with_metadata({"comment": column_comments[f.name]})
                        if column_comments.get(f.name)
                        else f
                        for f in reader.schema
                    ],
                    metadata=export_metadata(name, kind, table_comment, column_comments, version),
                )
                target = directory / f"{name}.parquet"
                partial = directory / f".{name}.parquet.partial"
                try:
                    with pq.ParquetWriter(partial, schema) as writer:
                        for batch in reader:
                            writer.write_batch(batch)
                except BaseException:
                    partial.unlink(missing_ok=True)  # no half file left behind
                    raise
                partial.replace(target)
                written[name] = target
        return written

    def _export_comments(self) -> dict[str, tuple[str | None, dict[str, str | None]]]:
        """{table or view: (its comment, {column: comment})} from the catalog."""
        found: dict[str, tuple[str | None, dict[str, str | None]]] = {}
        for name, comment, column, column_comment in self.con.execute(
            read_sql("select_export_comments")
        ).fetchall():
            found.setdefault(name, (comment, {}))[1][column] = column_comment
        return found

    def stored_copies(self) -> list[tuple]:
        """(url, source_id, published_at, published_on, content_hash, minhash, article_id) rows
        of every stored copy: the whole-archive read that story assignment no longer does (the
        equivalence tests and the benchmark's baseline use it)."""
        return self.con.execute(read_sql("select_stored_copies")).fetchall()

    def story_copies(self, urls: Iterable[str], content_hashes: Iterable[str]) -> list[tuple]:
        """Rows as `stored_copies`, of every copy of the stories that these URLs (stored pages of
        the batch, near-duplicate candidates) or body hashes reach: all that story assignment
        needs to know of the archive for one batch. Point lookups through the indexes, in
        chunks so each list stays an index scan, and none for an empty list (an `IN (NULL)` is
        planned as a scan: warehouse/sql/select_story_seeds_by_url.sql)."""
        stories: set[str] = set()
        for sql, keys in (
            (read_sql("select_story_seeds_by_url"), sorted(set(urls))),
            (read_sql("select_story_seeds_by_hash"), sorted(set(content_hashes))),
        ):
            for start in range(0, len(keys), LOOKUP_CHUNK):
                statement = sql.format(keys=sql_list(keys[start : start + LOOKUP_CHUNK]))
                stories.update(row[0] for row in self.con.execute(statement).fetchall())
        story_list = sorted(stories)
        rows: list[tuple] = []
        for start in range(0, len(story_list), LOOKUP_CHUNK):
            sql = read_sql("select_story_copies").format(
                article_ids=sql_list(story_list[start : start + LOOKUP_CHUNK])
            )
            rows.extend(self.con.execute(sql).fetchall())
        return rows

    def source_priorities(self) -> dict[str, int]:
        return dict(self.con.execute(read_sql("select_source_priorities")).fetchall())

    # -- incremental / resumable crawls (flows/frontier.py) ---------------------------------------
    def known_pages(self, source_ids: list[str]) -> list[dict[str, Any]]:
        """One row per URL of these sources fetched before: the frontier of their next
        incremental crawl (read by the captures.source_id index, not the whole archive)."""
        cursor = self.con.execute(read_sql("select_known_pages"), {"sources": source_ids})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def set_run_verdict(self, run_id: str, status: str, message: str) -> None:
        """Record the alert rules' verdict (``degraded`` / ``failed``) on a completed run."""
        self.con.execute(
            read_sql("update_run_verdict"),
            {"run_id": run_id, "status": status, "message": message[:2000]},
        )

    def previous_pages(self, start_urls: list[str]) -> int | None:
        """Pages the latest successful run over the same start URLs fetched (None: no such run)."""
        row = self.con.execute(read_sql("select_previous_pages"), {"start_urls": start_urls})
        found = row.fetchone()
        return int(found[0]) if found else None

    def recent_new_pages(self, source_id: str, run_id: str, k: int) -> list[int]:
        """New article pages of each of the source's k latest successful runs other than
        `run_id`, newest first."""
        rows = self.con.execute(
            read_sql("select_recent_new_pages"), {"source": source_id, "run": run_id, "k": k}
        ).fetchall()
        return [int(n) for _, n in rows]

    def stored_sources(
        self,
    ) -> list[tuple[str, str, str, str | None, str | None, int, str | None]]:
        """(source_id, name, base_url, organization, family, priority, province) of every
        source."""
        return self.con.execute(read_sql("select_stored_sources")).fetchall()

    def has_run(self, run_id: str) -> bool:
        row = self.con.execute(read_sql("select_run_exists"), {"run_id": run_id}).fetchone()
        return bool(row and row[0])

    def run_locations(self, run_id: str) -> list[tuple[str, int, datetime]]:
        """(warc_file, warc_offset, fetched_at) of every response capture the run loaded."""
        return self.con.execute(read_sql("select_run_locations"), {"run_id": run_id}).fetchall()

    def optimize(self) -> None:
        """Refresh optimizer statistics and checkpoint (maintenance flow)."""
        self.con.execute(read_sql("optimize"))

    def run_captures(self, run_id: str) -> list[tuple[str, int | None, str | None, bool]]:
        """(url, status, error, is_article) of every capture a run loaded."""
        return self.con.execute(read_sql("select_run_captures"), {"run_id": run_id}).fetchall()

    def load(self, batch: LoadBatch) -> LoadResult:
        """Bulk-load one batch in a single transaction: all of it lands or none of it does.

        Each staged table's statement runs in the order warehouse/tables.py declares them."""
        articles_before = self.count("articles")
        captures_before = self.count("captures")
        totals_before = self.totals()
        copy_changes = self.copy_changes(batch.article_copies)
        # Without a main index there is nothing to keep current: update_search_index builds it.
        search_delta = self.has_search_index()
        with self.transaction() as con:
            if search_delta:
                self._before_search_delta(con, batch)
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
            if search_delta:
                self._record_search_delta(con)
        for statement in POST_COMMIT_STEPS:
            self.con.execute(read_sql(statement))
        return LoadResult(
            articles_before=articles_before,
            articles_after=self.count("articles"),
            captures_added=self.count("captures") - captures_before,
            totals=self.totals(),
            totals_before=totals_before,
            copy_changes=copy_changes,
            outcomes=outcome_counts(batch),
        )

    def load_documents(
        self, records: Sequence[DocumentRecord], run_id: str, captures: Mapping[str, str]
    ) -> DocumentLoadResult:
        """Store legal-document page records (`LegalDocument`, read from the pages of `captures`:
        page_url -> capture_id, loaded by `load` before) in the `documents` layer, in one
        transaction: idempotent, pages of one document merged, a changed document versioned
        (warehouse/documents.py, docs/warehouse.md "Legal documents")."""
        from warehouse.documents import load_documents  # it imports read_sql from here

        return load_documents(self, records, run_id, captures)

    def copy_changes(self, article_copies: pa.Table | None) -> dict[str, dict[str, int]]:
        """Per source_id: staged article pages that are new, changed or unchanged vs stored
        (and how many of the unchanged ones were retitled)."""
        if article_copies is None or article_copies.num_rows == 0:
            return {}
        self.con.register("staged_article_copies", article_copies)
        try:
            rows = self.con.execute(read_sql("select_copy_changes")).fetchall()
        finally:
            self.con.unregister("staged_article_copies")
        return {
            source: {"new": new, "changed": changed, "unchanged": unchanged, "retitled": retitled}
            for source, new, changed, unchanged, retitled in rows
        }


def outcome_label(outcome: str, reason: str | None) -> str:
    """How an outcome is counted on the dashboard: "rejected: short body", "failed: HTTP 404";
    a fetch error keeps its exception name only (as in flows/reports.py's errors by reason)."""
    if outcome not in ("rejected", "failed") or not reason:
        return outcome
    short = reason if reason.startswith("extraction error") else reason.split(":", 1)[0]
    return f"{outcome}: {short.strip()[:80]}"


def outcome_counts(batch: LoadBatch) -> dict[str, dict[str, int]]:
    """Per source_id, the batch's page outcomes counted by label (most frequent first)."""
    if batch.page_outcomes is None or batch.captures is None:
        return {}
    source_of = dict(
        zip(
            batch.captures.column("capture_id").to_pylist(),
            batch.captures.column("source_id").to_pylist(),
            strict=True,
        )
    )
    counts: dict[str, Counter[str]] = {}
    for row in batch.page_outcomes.select(["capture_id", "outcome", "reason"]).to_pylist():
        source = source_of.get(row["capture_id"]) or "(other)"
        counts.setdefault(source, Counter())[outcome_label(row["outcome"], row["reason"])] += 1
    return {source: dict(c.most_common()) for source, c in sorted(counts.items())}
