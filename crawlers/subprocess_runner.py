"""Run a crawl in a child process (``python -m crawlers.run``) from ordinary Python code.

Scrapy must not run inside the caller's process (Prefect deadlock, ReactorNotRestartable on
reruns), so flows call :func:`run_crawl`, which streams the child's output lines to ``on_line``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import crawlers
from crawlers.items import manifest_path
from crawlers.scope import CREDENTIALS_ENV, credentials_env, remember_credentials
from crawlers.warc import safe_run_id

_TAIL_LINES = 40
_KILL_GRACE_SECONDS = 5.0


@dataclass
class CrawlResult:
    run_id: str
    manifest_path: Path
    pages: int
    errors: int
    returncode: int
    archive_dir: Path | None = None
    summary: dict[str, Any] = field(default_factory=dict)  # the child's SUMMARY json


class CrawlError(RuntimeError):
    """The crawl subprocess failed; ``tail`` holds its last output lines."""

    def __init__(self, message: str, returncode: int | None, tail: list[str]) -> None:
        super().__init__(message + ("\n--- last output ---\n" + "\n".join(tail) if tail else ""))
        self.returncode = returncode
        self.tail = tail


class CrawlTimeoutError(CrawlError, TimeoutError):
    """The crawl exceeded its timeout and was killed (what it fetched so far is archived)."""


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
) -> list[str]:
    cmd = [sys.executable, "-m", "crawlers.run", "--archive", str(archive_dir), "--run-id", run_id]
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
) -> CrawlResult:
    """Crawl ``start_urls`` into ``archive_dir`` in a subprocess and wait for it.

    Raises :class:`CrawlError` on a non-zero exit and :class:`CrawlTimeoutError` (after killing
    the child's process group) on timeout; KeyboardInterrupt also kills the group, then re-raises.
    ``known``: frontier file for an incremental / resumed crawl (crawlers/frontier.py).
    """
    if not start_urls:
        raise ValueError("run_crawl needs at least one start URL")
    archive_dir = Path(archive_dir)
    archive_dir.mkdir(parents=True, exist_ok=True)
    run_id = safe_run_id(run_id)
    # Credentials never on the child's command line (ps, error messages): its environment.
    start_urls = remember_credentials(start_urls)
    cmd = build_command(start_urls, archive_dir, run_id, max_pages, polite, allow, known)

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
    )

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
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                proc.wait(timeout=0.5 if remaining is None else min(0.5, remaining))
                break
            except subprocess.TimeoutExpired:
                if deadline is not None and time.monotonic() >= deadline:
                    kill_process_group(proc, kill_grace)
                    reader.join(timeout=2)
                    raise CrawlTimeoutError(
                        f"crawl {run_id} timed out after {timeout}s and was killed",
                        proc.returncode,
                        list(tail),
                    ) from None
    except KeyboardInterrupt:
        kill_process_group(proc, kill_grace)
        raise
    reader.join(timeout=5)

    if proc.returncode != 0:
        raise CrawlError(
            f"crawl {run_id} failed with exit code {proc.returncode}: {' '.join(cmd)}",
            proc.returncode,
            list(tail),
        )
    return CrawlResult(
        run_id=run_id,
        manifest_path=Path(summary.get("manifest") or manifest_path(archive_dir, run_id)),
        pages=int(summary.get("pages", 0)),
        errors=int(summary.get("errors", 0)),
        returncode=proc.returncode,
        archive_dir=archive_dir,
        summary=summary,
    )
