"""Run a crawl in a child process (``python -m crawlers.run``) from ordinary Python code.

Scrapy must not run inside the caller's process (Prefect deadlock, ReactorNotRestartable on
reruns), so flows call :func:`run_crawl`, which streams the child's output lines to ``on_line``.
Those lines are what an operator reads in the run log: ``PROGRESS``/``SUMMARY`` lines, warnings and
errors (one line each; :func:`line_level` tells which), and a few INFO lines. Scrapy's full log
(versions, settings dump, enabled components, per-page lines, the stats dump) goes to
``<archive>/<run_id>.crawl.log`` (:meth:`ArchiveLayout.crawl_log`; :attr:`CrawlResult.log_path`).

The child never outlives its parent: it runs in its own process group, which :func:`run_crawl`
kills on every way out (return, exception, timeout, an exception injected by a Prefect timeout);
:func:`request_stop` (called from the signal handlers :func:`stop_on_signals` installs, and at
interpreter exit) kills every live crawl at once; and on Linux the kernel SIGKILLs the child when
the thread that started it dies (``PR_SET_PDEATHSIG``), so even a SIGKILLed parent takes it down.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import crawlers
from crawlers.layout import ArchiveLayout, safe_run_id
from crawlers.scope import CREDENTIALS_ENV, credentials_env, remember_credentials

_TAIL_LINES = 40
_KILL_GRACE_SECONDS = 5.0
# The child's stream format (crawlers/settings.py CRAWL_LOG_STREAM_FORMAT): "[logger] LEVEL: text".
_LEVEL = re.compile(r"\[[^\]]+\] (WARNING|ERROR|CRITICAL): ")


def line_level(line: str) -> int:
    """The logging level of one line of the child's output (INFO unless it says otherwise), so a
    flow can log the crawl's warnings and errors as such."""
    match = _LEVEL.match(line)
    return logging.getLevelName(match[1]) if match else logging.INFO


@dataclass
class CrawlResult:
    run_id: str
    manifest_path: Path
    pages: int
    errors: int
    returncode: int
    archive_dir: Path | None = None
    summary: dict[str, Any] = field(default_factory=dict)  # the child's SUMMARY json
    log_path: Path | None = None  # Scrapy's full log (ArchiveLayout.crawl_log)


class CrawlError(RuntimeError):
    """The crawl subprocess failed; ``tail`` holds its last output lines."""

    def __init__(self, message: str, returncode: int | None, tail: list[str]) -> None:
        super().__init__(message + ("\n--- last output ---\n" + "\n".join(tail) if tail else ""))
        self.returncode = returncode
        self.tail = tail


class CrawlTimeoutError(CrawlError, TimeoutError):
    """The crawl exceeded its timeout and was killed (what it fetched so far is archived)."""


class CrawlCancelledError(CrawlError):
    """The process is stopping (signal, Prefect cancellation): the crawl was killed, or a later
    stage refused to start. ``reason`` says why; what was fetched is archived and recoverable."""

    def __init__(self, reason: str, returncode: int | None = None, tail: list[str] = ()) -> None:
        super().__init__(f"stopped: {reason}", returncode, list(tail))
        self.reason = reason


class CrawlAbortedError(CrawlError):
    """The caller abandoned this crawl (its ``abort`` event was set: the run's streaming
    extraction failed, and the crawl is of no use without it); the child was killed."""


# -- every live crawl child of this process, and the process-wide stop request --------------------

_children: dict[int, subprocess.Popen[str]] = {}
_children_guard = threading.Lock()
_stop_reason: str | None = None


def stop_reason() -> str | None:
    """Why this process is stopping (set by :func:`request_stop`), or None."""
    return _stop_reason


def check_stop() -> None:
    """Raise :class:`CrawlCancelledError` if a stop was requested (between pipeline stages)."""
    if _stop_reason is not None:
        raise CrawlCancelledError(_stop_reason)


def request_stop(reason: str) -> None:
    """Stop every crawl child now and make later stages refuse to start.

    Safe in a signal handler: it only sends signals (SIGTERM to each child's process group) and
    never waits; :func:`run_crawl`'s loop, polling twice a second, follows up with SIGKILL.
    """
    global _stop_reason
    if _stop_reason is None:
        _stop_reason = reason
    with _children_guard:
        pids = list(_children)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)


def clear_stop() -> None:
    """Forget a stop request (the next flow run in this process starts afresh)."""
    global _stop_reason
    _stop_reason = None


def _kill_children_at_exit() -> None:
    # Last resort (the normal paths kill earlier): nothing we started survives the interpreter.
    with _children_guard:
        pids = list(_children)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


atexit.register(_kill_children_at_exit)


@contextlib.contextmanager
def stop_on_signals(ignore_sigint: bool = False) -> Iterator[None]:
    """While inside: SIGTERM/SIGINT/SIGHUP first kill every crawl child (:func:`request_stop`),
    then go on to the handler that was installed before (Prefect's, which turns SIGTERM into a
    Cancelled or Crashed run; Python's KeyboardInterrupt). Without this, Prefect's teardown waits
    for the worker threads, which wait for the crawl: a cancelled run stayed Cancelling until the
    runner SIGKILLed it, and the crawler ran on alone.

    ``ignore_sigint``: a served run leaves Ctrl-C to `vnarchive serve` (a terminal sends it to the
    whole process group), which cancels the run through Prefect, with the reason.
    Outside the main thread (a subflow) it does nothing: the parent's handlers serve.
    On exit the previous handlers come back (and a stop request made without a signal is
    cleared).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {}

    received: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if signum == signal.SIGINT and ignore_sigint:
            return
        received.append(signum)
        request_stop(_describe_stop(name))
        chained = previous.get(signum)
        if callable(chained):
            chained(signum, frame)
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        elif chained != signal.SIG_IGN:
            raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signum, old)
        if not received:
            # After a signal the stop stays requested: worker threads still unwinding (Prefect
            # waits for them after this scope) must see it, and the process is going down.
            clear_stop()


def _describe_stop(signal_name: str) -> str:
    intent = None
    with contextlib.suppress(Exception):  # Prefect's runner says why it signals (if it did)
        from prefect._internal.control_listener import get_intent

        intent = get_intent()
    if intent == "cancel":
        return f"cancelled through Prefect ({signal_name} from the runner)"
    return f"{signal_name} received"


# -- the child dies with its parent (Linux) -------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_prctl: Any = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError, AttributeError):
        _prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved now: no dlopen after fork


def _die_with_parent(parent_pid: int) -> Callable[[], None] | None:
    if _prctl is None:
        return None

    def preexec() -> None:
        # Runs in the child between fork and exec. The death signal follows the forking
        # *thread*; run_crawl blocks in that thread until the child is gone, so that is fine.
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def kill_process_group(
    proc: subprocess.Popen[str], grace: float = _KILL_GRACE_SECONDS, kill_wait: float | None = None
) -> None:
    # The child runs in its own session, so its pid is its process-group id: signal the whole
    # group (Scrapy may have helper threads/processes). SIGTERM first so Scrapy can close its
    # files cleanly (records are flushed anyway), SIGKILL if it has not exited after `grace`.
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, kill_wait)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def build_command(
    start_urls: list[str],
    archive_dir: Path,
    run_id: str,
    max_pages: int | None = None,
    polite: bool = True,
    allow: str | None = None,
    known: Path | None = None,
    log_file: Path | None = None,
) -> list[str]:
    cmd = [sys.executable, "-m", "crawlers.run", "--archive", str(archive_dir), "--run-id", run_id]
    if log_file is not None:
        cmd += ["--log-file", str(log_file)]
    for url in start_urls:
        cmd += ["--start-url", url]
    if max_pages:
        cmd += ["--max-pages", str(max_pages)]
    if not polite:
        cmd.append("--no-polite")
    if allow:
        cmd += ["--allow", allow]
    if known is not None:
        cmd += ["--known", str(known)]
    return cmd


def run_crawl(
    start_urls: list[str],
    archive_dir: Path,
    run_id: str,
    max_pages: int | None = None,
    polite: bool = True,
    on_line: Callable[[str], None] | None = None,
    timeout: float | None = None,
    allow: str | None = None,
    kill_grace: float = _KILL_GRACE_SECONDS,
    known: Path | None = None,
    abort: threading.Event | None = None,
) -> CrawlResult:
    """Crawl ``start_urls`` into ``archive_dir`` in a subprocess and wait for it.

    Raises :class:`CrawlError` on a non-zero exit and :class:`CrawlTimeoutError` (after killing
    the child's process group) on timeout; any other way out (KeyboardInterrupt, an exception a
    Prefect timeout injects) kills the group too, then re-raises. After :func:`request_stop` it
    kills the group and raises :class:`CrawlCancelledError`.
    ``known``: frontier file for an incremental / resumed crawl (crawlers/frontier.py).
    ``abort``: set by another thread to kill this crawl alone (:class:`CrawlAbortedError`).
    """
    if not start_urls:
        raise ValueError("run_crawl needs at least one start URL")
    check_stop()  # a stopping process starts no crawl
    archive_dir = Path(archive_dir)
    archive_dir.mkdir(parents=True, exist_ok=True)
    run_id = safe_run_id(run_id)
    # Credentials never on the child's command line (ps, error messages): its environment.
    start_urls = remember_credentials(start_urls)
    log_path = ArchiveLayout(archive_dir).crawl_log(run_id)
    cmd = build_command(start_urls, archive_dir, run_id, max_pages, polite, allow, known, log_path)

    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    # Make `-m crawlers.run` importable whatever the caller's cwd is.
    project_root = str(Path(crawlers.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (project_root, env.get("PYTHONPATH")) if p)
    credentials = credentials_env(start_urls)
    if credentials:
        env[CREDENTIALS_ENV] = credentials

    tail: deque[str] = deque(maxlen=_TAIL_LINES)
    summary: dict[str, Any] = {}

    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one ordered stream for the caller's log
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
        env=env,
        start_new_session=True,
        preexec_fn=_die_with_parent(os.getpid()),
    )
    with _children_guard:
        _children[proc.pid] = proc

    def pump() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip("\n")
            tail.append(line)
            if line.startswith("SUMMARY "):
                with contextlib.suppress(ValueError):
                    summary.update(json.loads(line[len("SUMMARY ") :]))
            if on_line is not None:
                # A failing log callback must not stop us draining the pipe (the child would
                # block on a full pipe and never finish).
                with contextlib.suppress(Exception):
                    on_line(line)

    reader = threading.Thread(target=pump, name=f"crawl-{run_id}-output", daemon=True)
    reader.start()
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            if _stop_reason is not None:
                # request_stop sent SIGTERM; Scrapy's graceful close may wait for slow
                # downloads, so a second SIGTERM (Scrapy: stop now) and then SIGKILL.
                kill_process_group(proc, kill_grace)
                reader.join(timeout=2)
                raise CrawlCancelledError(_stop_reason, proc.returncode, list(tail))
            if abort is not None and abort.is_set():
                kill_process_group(proc, kill_grace)
                reader.join(timeout=2)
                raise CrawlAbortedError(f"crawl {run_id} abandoned", proc.returncode, list(tail))
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                proc.wait(timeout=0.5 if remaining is None else min(0.5, remaining))
                break
            except subprocess.TimeoutExpired:
                if deadline is not None and time.monotonic() >= deadline:
                    kill_process_group(proc, kill_grace)
                    reader.join(timeout=2)
                    raise CrawlTimeoutError(
                        f"crawl {run_id} timed out after {timeout}s and was killed"
                        f" (full log: {log_path})",
                        proc.returncode,
                        list(tail),
                    ) from None
    finally:
        # Every way out, including exceptions raised into this thread from outside (a Prefect
        # flow timeout injects one): the child never outlives this call.
        if proc.poll() is None:
            kill_process_group(proc, kill_grace)
        with _children_guard:
            _children.pop(proc.pid, None)
    reader.join(timeout=5)
    if _stop_reason is not None and proc.returncode != 0:
        raise CrawlCancelledError(_stop_reason, proc.returncode, list(tail))

    if proc.returncode != 0:
        raise CrawlError(
            f"crawl {run_id} failed with exit code {proc.returncode}: {' '.join(cmd)}"
            f" (full log: {log_path})",
            proc.returncode,
            list(tail),
        )
    return CrawlResult(
        run_id=run_id,
        manifest_path=Path(summary.get("manifest") or ArchiveLayout(archive_dir).manifest(run_id)),
        pages=int(summary.get("pages", 0)),
        errors=int(summary.get("errors", 0)),
        returncode=proc.returncode,
        archive_dir=archive_dir,
        summary=summary,
        log_path=log_path,
    )
