"""Isolated workers for untrusted parsing: a deadline per item, crashes contained, memory capped.

Archived pages and attachments are hostile input. Each item runs in a spawned worker process;
the supervisor (``WorkerPool.map``) gives it ``budget`` seconds, and

- an item past its budget gets ``"timeout after Ns"``: its worker is SIGKILLed and replaced;
- a worker that dies on an item (segfault, ``os._exit``, SIGKILL, or a MemoryError under its
  address-space cap, after which it exits rather than run on in a damaged state) gets
  ``"worker died: …"`` for that item alone, and is replaced;

and the rest of the batch goes on. ``concurrent.futures`` cannot do this (a stuck task cannot be
cancelled, and a dead worker breaks the whole executor), hence a small supervisor over
``multiprocessing`` Process objects and pipes. Workers persist between batches (spawned
interpreters importing lxml and trafilatura cost seconds), import what the tasks need before
they take one, so a budget never pays for imports, and are stopped at interpreter exit.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

# A worker that has not said it is ready after this long (imports on a loaded machine) is
# taken as broken; so is the pool when workers keep dying before they are ready.
STARTUP_TIMEOUT = 300.0
MAX_STARTUP_FAILURES = 3
_MEMORY_ERROR_EXIT = 70  # a worker exits with this after a MemoryError (see _serve)
STOP_POLL_SECONDS = 0.25  # how often a batch that can be stopped looks at its stop event


class BatchStopped(Exception):
    """``map``'s stop event was set: the batch was abandoned, its busy workers killed."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One item's result, or why there is none (the task's own exception, a timeout, a death)."""

    value: Any
    error: str | None


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    if code == _MEMORY_ERROR_EXIT:
        return "MemoryError (worker memory cap)"
    return f"exit code {code}"


def _serve(conn: Connection, memory_mb: int | None, preload: tuple[str, ...]) -> None:
    """Worker main loop: cap memory, import the task modules, then run tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    # One BLAS thread: the address-space cap counts every thread's reserved stack and buffers.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    for module in preload:
        importlib.import_module(module)
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the supervisor is gone
        if message is None:
            return
        fn, arg = message
        try:
            reply: tuple[str, Any] = ("ok", fn(arg))
        except MemoryError:
            # The heap may be half-updated: report, then exit; the supervisor starts a new one.
            with contextlib.suppress(Exception):
                conn.send(("died", "MemoryError (worker memory cap)"))
            os._exit(_MEMORY_ERROR_EXIT)
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}"[:500])
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result is the item's failure, not the pool's
            conn.send(("error", f"result not transferable: {type(exc).__name__}: {exc}"[:500]))


class _Worker:
    def __init__(self, memory_mb: int | None, preload: tuple[str, ...]) -> None:
        ctx = get_context("spawn")  # not fork: the flow process runs Prefect's threads
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_serve, args=(child, memory_mb, preload), daemon=True, name="vnarchive-worker"
        )
        self.process.start()
        child.close()
        self.started = time.monotonic()
        self.ready = False

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


class WorkerPool:
    """Up to ``size`` persistent spawned workers; ``map`` runs one batch at a time (a lock)."""

    def __init__(
        self, size: int, memory_mb: int | None = None, preload: Sequence[str] = ()
    ) -> None:
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self.preload = tuple(preload)
        self.owner = os.getpid()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self.started_workers = 0  # counts replacements too (for tests and logs)

    def _spawn(self) -> _Worker:
        self.started_workers += 1
        return _Worker(self.memory_mb, self.preload)

    def prewarm(self) -> None:
        """Start every worker now, without waiting: each spends seconds importing its modules,
        which overlaps whatever the caller does next (the crawl). No-op while a batch runs."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            while len(self._workers) < self.size:
                self._workers.append(self._spawn())
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            for worker in self._workers:
                worker.stop()
            self._workers = []

    def map(
        self,
        fn: Callable[[Any], Any],
        items: Sequence[Any],
        budget: float,
        stop: threading.Event | None = None,
    ) -> list[Outcome]:
        """``fn(item)`` for every item, in worker processes, results in input order.

        ``fn`` must be a module-level function (it is pickled by reference). ``stop``: once
        set (by another thread), the batch is abandoned within STOP_POLL_SECONDS and
        :class:`BatchStopped` raised (a streaming run whose crawl failed or was stopped)."""
        with self._lock:
            busy: dict[_Worker, tuple[int, float]] = {}
            try:
                return self._map(fn, items, budget, busy, stop)
            finally:
                # Left early (Ctrl-C, cancellation, a broken pool): a worker still busy would
                # hand its stale result to the next batch, so it goes.
                for worker in busy:
                    worker.kill()
                    self._workers.remove(worker)

    def _map(
        self,
        fn: Callable[[Any], Any],
        items: Sequence[Any],
        budget: float,
        busy: dict[_Worker, tuple[int, float]],  # worker -> (item index, deadline)
        stop: threading.Event | None = None,
    ) -> list[Outcome]:
        results: list[Outcome | None] = [None] * len(items)
        queue = deque(range(len(items)))
        while len(self._workers) < min(self.size, len(items)):
            self._workers.append(self._spawn())
        startup_failures = 0

        def replace(worker: _Worker) -> None:
            busy.pop(worker, None)
            worker.kill()
            self._workers[self._workers.index(worker)] = self._spawn()

        while queue or busy:
            if stop is not None and stop.is_set():
                raise BatchStopped("batch abandoned")
            for worker in list(self._workers):
                if worker.ready and worker not in busy and queue:
                    index = queue.popleft()
                    try:
                        worker.conn.send((fn, items[index]))
                    except OSError:  # it died while idle: the item waits for its successor
                        queue.appendleft(index)
                        replace(worker)
                        continue
                    busy[worker] = (index, time.monotonic() + budget)
            now = time.monotonic()
            deadlines = [d for _, d in busy.values()]
            deadlines += [w.started + STARTUP_TIMEOUT for w in self._workers if not w.ready]
            timeout = max(0.0, min(deadlines) - now) if deadlines else None
            if stop is not None:
                timeout = STOP_POLL_SECONDS if timeout is None else min(timeout, STOP_POLL_SECONDS)
            waitables: list[Any] = [w.conn for w in self._workers]
            waitables += [w.process.sentinel for w in self._workers]
            ready = set(wait(waitables, timeout))
            for worker in list(self._workers):
                message: tuple[str, Any] | None = None
                if worker.conn in ready:
                    with contextlib.suppress(EOFError, OSError):
                        message = worker.conn.recv()
                elif worker.process.sentinel not in ready:
                    continue
                if message is not None and message[0] == "ready":
                    worker.ready = True
                    startup_failures = 0
                    continue
                if message is not None and message[0] in ("ok", "error"):
                    index, _ = busy.pop(worker)
                    ok = message[0] == "ok"
                    results[index] = Outcome(message[1] if ok else None, None if ok else message[1])
                    continue
                # The worker is dead ("died" message, EOF or its sentinel): blame its item.
                why = message[1] if message is not None else None
                if worker in busy:
                    index, _ = busy[worker]
                    worker.process.join(timeout=5)
                    why = why or _describe_exit(worker.process.exitcode)
                    results[index] = Outcome(None, f"worker died: {why}")
                elif not worker.ready:
                    startup_failures += 1
                    if startup_failures >= MAX_STARTUP_FAILURES:
                        raise RuntimeError(
                            f"extract workers die while starting ({startup_failures} in a row, "
                            f"last: {_describe_exit(worker.process.exitcode)})"
                        )
                replace(worker)
            now = time.monotonic()
            for worker, (index, deadline) in list(busy.items()):
                if now >= deadline:
                    results[index] = Outcome(None, f"timeout after {budget:g}s")
                    replace(worker)
            for worker in list(self._workers):
                if not worker.ready and now >= worker.started + STARTUP_TIMEOUT:
                    raise RuntimeError(f"extract worker not ready after {STARTUP_TIMEOUT:g}s")
        return [r if r is not None else Outcome(None, "lost") for r in results]


_POOLS: dict[tuple[int, int | None, tuple[str, ...]], WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(size: int, memory_mb: int | None, preload: Sequence[str]) -> WorkerPool:
    """The process's pool for these settings, started on first use and kept for later batches
    (and for recovered runs, which extract with the same budgets)."""
    key = (max(1, size), memory_mb, tuple(preload))
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None or pool.owner != os.getpid():
            pool = _POOLS[key] = WorkerPool(*key)
        return pool


@atexit.register
def _close_pools() -> None:
    for pool in list(_POOLS.values()):
        if pool.owner == os.getpid():
            with contextlib.suppress(Exception):
                pool.close()
