"""Readers and writers of one DuckDB file across processes: readers open read-only and never
migrate, readers never block each other, and a writer (a scheduled load) waits for a file another
process holds — saying which process — instead of failing at once, within a bounded wait."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from vnarchive.cli import app
from warehouse.db import (
    DB_WAIT_ENV,
    Warehouse,
    WarehouseBusy,
    WarehouseNotMigrated,
    apply_migrations,
    list_migrations,
    lock_holder,
)

# Another process (an analyst's session, a load) holding the file: it opens the DuckDB file,
# says "held", and keeps it open until a line arrives on stdin (or it is killed).
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("held", flush=True)
sys.stdin.readline()
con.close()
print("released", flush=True)
"""


class Holder:
    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.released = threading.Event()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def release(self) -> None:
        if self.released.is_set():
            return
        self.released.set()
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("release\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "released"
        self.proc.wait(timeout=30)


@contextmanager
def holding(db: Path, mode: str) -> Iterator[Holder]:
    """A real second process holding `db` open ("read": read-only, "write": for writing)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        yield Holder(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def _copy(demo_warehouse: Path, tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    return db


def _migrations_applied(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0])


# -- readers ---------------------------------------------------------------------------------------


def test_readers_refuse_a_missing_warehouse_without_creating_it(tmp_path: Path):
    db = tmp_path / "nowhere" / "w.duckdb"
    for args in (["search", "hội nghị"], ["export", "--parquet", str(tmp_path / "out")]):
        result = CliRunner().invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 2, result.output
        assert "does not exist" in result.output
    assert not db.exists() and not db.parent.exists()


def test_readers_never_migrate(tmp_path: Path):
    # Not a warehouse at all: an unrelated DuckDB file.
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE notes AS SELECT 1 AS n")
    result = CliRunner().invoke(app, ["search", "hội nghị", "--db", str(foreign)])
    assert result.exit_code == 1, result.output
    assert "not a vnarchive warehouse" in result.output
    with duckdb.connect(str(foreign), read_only=True) as con:
        assert [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()] == [
            "notes"
        ]

    # A warehouse one migration behind (made by the previous release): named, left as it is.
    old = tmp_path / "old.duckdb"
    last = list_migrations()[-1]
    with duckdb.connect(str(old)) as con:
        apply_migrations(con, up_to=last.version - 1)
    before = _migrations_applied(old)
    result = CliRunner().invoke(
        app, ["export", "--parquet", str(tmp_path / "out"), "--db", str(old)]
    )
    assert result.exit_code == 1, result.output
    assert f"{last.version:04d}_{last.name}" in result.output
    assert _migrations_applied(old) == before
    assert not (tmp_path / "out").exists()
    with pytest.raises(WarehouseNotMigrated):
        Warehouse(old, read_only=True)


def test_readers_never_block_each_other(demo_warehouse: Path, tmp_path: Path, monkeypatch):
    db = _copy(demo_warehouse, tmp_path)
    monkeypatch.setenv(DB_WAIT_ENV, "0")  # any wait at all would fail the command
    with holding(db, "read") as analyst:
        result = CliRunner().invoke(app, ["search", "báo cáo viên", "--db", str(db)])
        assert result.exit_code == 0, result.output
        found = re.search(r"(\d+) results", result.output)
        assert found and int(found[1]) > 0, result.output
        out = tmp_path / "parquet"
        result = CliRunner().invoke(app, ["export", "--parquet", str(out), "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert (out / "articles.parquet").is_file()
        assert analyst.proc.poll() is None  # the analyst's session was never disturbed


def test_a_reader_waits_for_a_writer_then_reads(demo_warehouse: Path, tmp_path: Path):
    db = _copy(demo_warehouse, tmp_path)
    heard: list[str] = []
    with holding(db, "write") as loader:

        def on_wait(message: str) -> None:
            heard.append(message)
            loader.release()  # the load finishes while the reader backs off

        with Warehouse(db, read_only=True, wait=60, on_wait=on_wait) as reader:
            hits = reader.search("báo cáo viên", limit=3)
    assert hits
    assert len(heard) == 1 and f"PID {loader.pid}" in heard[0]


def test_a_reader_gives_up_naming_the_writer(demo_warehouse: Path, tmp_path: Path, monkeypatch):
    db = _copy(demo_warehouse, tmp_path)
    monkeypatch.setenv(DB_WAIT_ENV, "1")
    with holding(db, "write") as loader:
        result = CliRunner().invoke(app, ["search", "hội nghị", "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert f"PID {loader.pid}" in result.output and DB_WAIT_ENV in result.output


# -- writers ---------------------------------------------------------------------------------------


@pytest.mark.timeout(120)  # the outcome under test: it gives up within the configured wait
def test_a_writer_gives_up_after_the_wait_naming_the_holder(tmp_path: Path, monkeypatch):
    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    monkeypatch.setenv(DB_WAIT_ENV, "2")
    heard: list[str] = []
    with holding(db, "read") as analyst:
        with pytest.raises(WarehouseBusy) as raised:
            Warehouse(db, on_wait=heard.append)
        assert analyst.proc.poll() is None  # still holding: the writer gave up, not the holder
    assert raised.value.holder is not None and raised.value.holder.pid == analyst.pid
    assert f"PID {analyst.pid}" in str(raised.value) and DB_WAIT_ENV in str(raised.value)
    assert "2 s" in str(raised.value)
    assert len(heard) == 1 and f"PID {analyst.pid}" in heard[0]
    # the holder's command line is shown, so an operator can tell an analyst's session apart
    assert "duckdb.connect" in str(raised.value)


def test_a_scheduled_load_waits_for_an_analyst_and_succeeds(
    demo_sites, demo_warehouse: Path, prefect_harness, tmp_path: Path, caplog
):
    from demo_helpers import run_demo_flow

    data = tmp_path / "data"
    data.mkdir()
    db = _copy(demo_warehouse, data)
    shutil.copytree(demo_warehouse.parent / "warc", data / "warc")
    with duckdb.connect(str(db), read_only=True) as con:
        runs_before = con.execute("SELECT count(*) FROM crawl_runs").fetchone()[0]

    with holding(db, "read") as analyst:

        class ReleaseOnWait(logging.Handler):
            """The analyst closes their session once the load has said it is waiting."""

            def emit(self, record: logging.LogRecord) -> None:
                if "is busy" in record.getMessage():
                    threading.Timer(1.0, analyst.release).start()

        handler = ReleaseOnWait()
        logging.getLogger("warehouse.db").addHandler(handler)
        caplog.set_level(logging.WARNING, logger="warehouse.db")
        try:
            summary = run_demo_flow(demo_sites, data)
        finally:
            logging.getLogger("warehouse.db").removeHandler(handler)
        assert analyst.released.is_set()

    waits = [r.getMessage() for r in caplog.records if "is busy" in r.getMessage()]
    assert waits and f"PID {analyst.pid}" in waits[0]
    assert summary.pages_fetched > 0
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE status <> 'running') FROM crawl_runs"
        ).fetchone()
    assert runs == (runs_before + 1, runs_before + 1)  # the run was recorded and finished


@pytest.mark.timeout(180)  # three attempts of the register task, each waiting 1 s
def test_a_scheduled_run_fails_clearly_when_the_holder_never_releases(
    demo_sites, prefect_harness, tmp_path: Path, monkeypatch
):
    from flows.archive import archive_flow
    from vnarchive.demo_sites.sites import demo_sources

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    monkeypatch.setenv(DB_WAIT_ENV, "1")
    with holding(db, "read") as analyst:
        state = archive_flow(
            start_urls=list(demo_sites.base_urls.values()),
            db_path=str(db),
            archive_dir=str(tmp_path / "warc"),
            polite=False,
            sources=demo_sources(demo_sites.base_urls),
            return_state=True,
        )
        assert analyst.proc.poll() is None
    assert state.is_failed()
    with pytest.raises(WarehouseBusy, match=f"PID {analyst.pid}"):
        state.result()
    assert not (tmp_path / "warc").exists() or not list((tmp_path / "warc").glob("*.warc.gz"))


def test_lock_holder_parses_duckdb_messages():
    message = (
        'IO Error: Could not set lock on file "/x/w.duckdb": Conflicting lock is held in '
        "/usr/bin/python3.11 (PID 4242) by user ana. See also https://duckdb.org/docs/"
    )
    holder = lock_holder(message)
    assert holder is not None and holder.pid == 4242
    assert holder.executable == "/usr/bin/python3.11"
    assert lock_holder('IO Error: Could not set lock on file "/x/w.duckdb"') is None
