"""crawlers.locks.FileLock: the one file lock (crawl runs, flow runs, warehouse loads and runs).

Real flock, real processes: a holder in another process, killed by SIGKILL, must free the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawlers.locks import FileLock, LockBusy, LockTimeout, is_locked, lock_owner

HOLDER = """
import sys, time
from crawlers.locks import FileLock
lock = FileLock(sys.argv[1], "test")
lock.acquire()
print("held", flush=True)
sys.stdin.read()  # hold until the parent closes our stdin (or kills us)
lock.release()
print("released", flush=True)
"""


def _root() -> str:
    import crawlers

    return str(Path(crawlers.__file__).resolve().parent.parent)


@pytest.fixture
def holder(tmp_path):
    """Start a process holding a FileLock on a path; yields (path, process)."""
    procs: list[subprocess.Popen] = []

    def start(path: Path) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONPATH=_root()),
        )
        procs.append(proc)
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_try_acquire_excludes_a_second_lock_in_the_same_process(tmp_path):
    path = tmp_path / "sub" / "x.lock"  # the parent directory is made on demand
    first, second = FileLock(path, "test"), FileLock(path, "test")
    assert first.try_acquire()
    assert first.held
    assert not second.try_acquire()
    assert not second.held
    first.release()
    assert not first.held
    assert second.try_acquire()
    second.release()


def test_busy_error_names_the_holding_process(tmp_path, holder):
    path = tmp_path / "run.lock"
    proc = holder(path)
    assert is_locked(path)
    owner = lock_owner(path)
    assert owner is not None and owner.pid == proc.pid
    with pytest.raises(LockBusy) as caught:
        FileLock(path, "crawl run").acquire(timeout=0)
    message = str(caught.value)
    assert "crawl run lock" in message
    assert f"PID {proc.pid}" in message
    assert str(path) in message
    assert caught.value.owner is not None and caught.value.owner.pid == proc.pid
    assert not isinstance(caught.value, LockTimeout)


def test_sigkilled_holder_frees_the_lock(tmp_path, holder):
    path = tmp_path / "run.lock"
    proc = holder(path)
    assert not FileLock(path, "test").try_acquire()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert not is_locked(path)
    lock = FileLock(path, "test")
    lock.acquire(timeout=0)
    assert lock_owner(path).pid == os.getpid()  # the new holder's PID replaces the dead one's
    lock.release()


def test_bounded_wait_times_out(tmp_path, holder):
    path = tmp_path / "load.lock"
    proc = holder(path)
    messages: list[str] = []
    started = time.monotonic()
    with pytest.raises(LockTimeout) as caught:
        FileLock(path, "load", on_wait=messages.append).acquire(timeout=0.3)
    assert time.monotonic() - started >= 0.3
    assert caught.value.waited >= 0.3
    assert "after waiting" in str(caught.value)
    assert messages == [f"waiting for the load lock {path} (held by {lock_owner(path).describe()})"]
    assert str(proc.pid) in messages[0]


def test_unbounded_wait_gets_the_lock_when_the_holder_releases(tmp_path, holder):
    path = tmp_path / "load.lock"
    proc = holder(path)
    messages: list[str] = []
    release = threading.Timer(0.3, proc.stdin.close)
    release.start()
    try:
        started = time.monotonic()
        with FileLock(path, "load", on_wait=messages.append) as lock:
            assert lock.held
            assert time.monotonic() - started >= 0.2
            assert lock_owner(path).pid == os.getpid()
    finally:
        release.cancel()
    assert proc.stdout.readline().strip() == "released"
    assert len(messages) == 1 and "waiting for the load lock" in messages[0]
    assert not is_locked(path)


def test_bounded_wait_gets_the_lock_when_released_in_time(tmp_path):
    path = tmp_path / "load.lock"
    first = FileLock(path, "load")
    first.acquire()
    threading.Timer(0.2, first.release).start()
    second = FileLock(path, "load", on_wait=lambda _m: None)
    with second.hold(timeout=5):
        assert second.held and not first.held
    assert not second.held


def test_hold_releases_on_error(tmp_path):
    path = tmp_path / "x.lock"
    lock = FileLock(path, "test")
    with pytest.raises(ValueError, match="boom"), lock.hold():
        assert is_locked(path)
        raise ValueError("boom")
    assert not lock.held
    assert not is_locked(path)


def test_not_reentrant(tmp_path):
    lock = FileLock(tmp_path / "x.lock", "test")
    lock.acquire()
    with pytest.raises(RuntimeError, match="already held"):
        lock.acquire()
    lock.release()
    lock.release()  # releasing a lock not held is a no-op


def test_is_locked_does_not_create_a_missing_file(tmp_path):
    path = tmp_path / "absent.lock"
    assert not is_locked(path)
    assert not path.exists()
    assert lock_owner(path) is None


def test_a_run_verdict_waits_for_a_concurrent_sources_load(tmp_path):
    """Concurrent source subflows share one process: a verdict written while another source
    loads must wait for the load lock, not fail on DuckDB's file handle and be lost (it was,
    under load: crawl_runs kept `completed` for a failed source)."""
    from datetime import UTC, datetime

    import duckdb

    from flows.dashboard import record_verdict
    from flows.locks import warehouse_lock
    from warehouse.db import Warehouse

    db = tmp_path / "w.duckdb"
    with Warehouse(db) as warehouse:
        warehouse.start_run("r1", datetime(2026, 1, 2, tzinfo=UTC), ["http://x/"])
        warehouse.finish_run("r1", status="completed")
    loading, done = threading.Event(), threading.Event()

    def load() -> None:
        with warehouse_lock(db), Warehouse(db):
            loading.set()
            time.sleep(1.0)  # another source's dedupe → load
        done.set()

    loader = threading.Thread(target=load)
    loader.start()
    assert loading.wait(10)
    record_verdict(str(db), "r1", "failed", "broken: 3/3 pages failed")
    assert done.is_set()  # it waited for the load
    loader.join()
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute("SELECT status, message FROM crawl_runs").fetchall()
    assert got == [("failed", "broken: 3/3 pages failed")]
