"""One file lock for the whole project: an exclusive ``flock`` on a file, held by one process.

Used for the crawler's ``<run_id>.lock``, the flow's ``<run_id>.flow.lock`` and the warehouse's
``<db>.load.lock`` / ``<db>.run.lock``. Why ``flock`` (not ``lockf``/``fcntl`` record locks, not a
pid file): the kernel drops it when the process dies, even by SIGKILL, so "nobody holds the lock"
reliably means "its owner is gone" and no stale lock ever has to be broken by hand. A ``flock``
belongs to an open file description, so two :class:`FileLock` objects on one path exclude each
other even inside one process (threads included).

The holder writes its PID into the file after taking the lock; that PID is only a hint for the
error message (:class:`LockBusy`), never the lock itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

FIRST_POLL = 0.05  # seconds between tries of a bounded wait, doubled up to MAX_POLL
MAX_POLL = 0.5


@dataclass(frozen=True)
class LockOwner:
    """The process that last wrote its PID into a lock file (it holds it while the lock is held)."""

    pid: int
    command: str | None  # its command line, when /proc shows it

    def describe(self) -> str:
        return f"PID {self.pid} ({self.command[:200]})" if self.command else f"PID {self.pid}"


class LockBusy(RuntimeError):
    """Another process (or another FileLock in this one) holds the lock."""

    def __init__(self, path: Path, what: str, owner: LockOwner | None, waited: float) -> None:
        self.path = path
        self.what = what
        self.owner = owner
        self.waited = waited
        held_by = f"held by {owner.describe()}" if owner else "held by another process"
        after = f" after waiting {waited:.1f}s" if waited > 0 else ""
        super().__init__(f"the {what} lock {path} is {held_by}{after}")


class LockTimeout(LockBusy):
    """A bounded wait for the lock ran out."""


def lock_owner(path: Path | str) -> LockOwner | None:
    """The PID recorded in ``path`` by its last holder, with its command line if alive."""
    try:
        pid = int(Path(path).read_text(encoding="ascii", errors="replace").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    command = None
    with contextlib.suppress(OSError):  # Linux: the command line says *which* program it is
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        command = " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    return LockOwner(pid=pid, command=command or None)


def is_locked(path: Path | str) -> bool:
    """True while some process (this one included) holds the lock on ``path``.

    A missing file is not locked (and is not created by asking)."""
    path = Path(path)
    if not path.exists():
        return False
    with open(path, "a", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    return False


class FileLock:
    """An exclusive lock on ``path``; ``what`` names it in messages ("load", "crawl run", ...).

    * ``try_acquire()``: take it if free, else return False at once.
    * ``acquire(timeout=None)``: wait as long as it takes; ``timeout=s``: raise
      :class:`LockTimeout` after ``s`` seconds; ``timeout=0``: raise :class:`LockBusy` at once.
      The first time it has to wait it calls ``on_wait`` with a message saying who holds it.
    * ``release()``. ``with FileLock(...)`` waits without limit; ``with lock.hold(timeout)``
      bounds the wait.

    Not re-entrant: acquiring a lock this object already holds is a programming error.
    """

    def __init__(
        self, path: Path | str, what: str, *, on_wait: Callable[[str], None] | None = None
    ) -> None:
        self.path = Path(path)
        self.what = what
        self.on_wait = on_wait or log.info
        self._fh: IO[str] | None = None

    def __repr__(self) -> str:
        return f"FileLock({str(self.path)!r}, {self.what!r}, held={self.held})"

    @property
    def held(self) -> bool:
        """Does this object hold the lock now?"""
        return self._fh is not None

    def _open(self) -> IO[str]:
        if self._fh is not None:
            raise RuntimeError(f"{self!r} is already held by this object")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return open(self.path, "a+", encoding="ascii")  # kept open while the lock is held

    def _took(self, fh: IO[str]) -> None:
        self._fh = fh
        # Best effort: who holds it, for the next waiter's message. Never a reason to fail.
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()

    def try_acquire(self) -> bool:
        fh = self._open()
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return False
        except BaseException:
            fh.close()
            raise
        self._took(fh)
        return True

    def acquire(self, timeout: float | None = None) -> None:
        if self.try_acquire():
            return
        owner = lock_owner(self.path)
        if timeout is not None and timeout <= 0:
            raise LockBusy(self.path, self.what, owner, 0.0)
        held_by = owner.describe() if owner else "another process"
        self.on_wait(f"waiting for the {self.what} lock {self.path} (held by {held_by})")
        if timeout is None:
            fh = self._open()
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # the kernel wakes us when it is free
            except BaseException:
                fh.close()
                raise
            self._took(fh)
            return
        started = time.monotonic()
        pause = FIRST_POLL
        while True:
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                waited = time.monotonic() - started
                raise LockTimeout(self.path, self.what, lock_owner(self.path), waited)
            time.sleep(min(pause, left))
            pause = min(pause * 2, MAX_POLL)
            if self.try_acquire():
                return

    def release(self) -> None:
        """Release the lock (a no-op if this object does not hold it). The file stays: deleting
        it would let a waiter hold a lock on an unlinked file while a newcomer locks a new one."""
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        finally:
            fh.close()

    @contextlib.contextmanager
    def hold(self, timeout: float | None = None) -> Iterator[FileLock]:
        self.acquire(timeout)
        try:
            yield self
        finally:
            self.release()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
