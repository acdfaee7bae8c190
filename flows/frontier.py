"""The warehouse's own crawl frontier: what makes crawls incremental and resumable.

* **Incremental.** Before crawling, the flow writes ``<archive_dir>/<run_id>.known.jsonl`` from the
  captures table (:func:`write_known_file`); the crawler reads it (``--known``, see
  crawlers/frontier.py) and skips archived article pages, re-checks other pages with conditional
  GETs and archives unchanged payloads as WARC revisit records.
* **Resumable.** A run whose process died (SIGKILL, power loss) stays ``running`` in crawl_runs.
  Its manifest and WARC files are flushed per record, and its crawler logged every URL it
  scheduled to ``<run_id>.frontier.jsonl``. The next run finds it (:func:`interrupted_runs`:
  manifest present, nobody holding its lock files, and still ``running`` when read after the lock
  probes), loads its manifest (capture ids
  are stable, so nothing is loaded twice), marks it ``interrupted`` and seeds its crawl with what
  the dead run had scheduled but not fetched (:func:`pending_urls`).

Scrapy's JOBDIR is not used for this: its disk queues write their state only on a clean close, and
its dupefilter file is buffered, so after SIGKILL it would resume with an empty queue and a
``requests.seen`` that drops URLs never fetched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from crawlers.frontier import (
    RunLock,
    is_locked,
    known_path,
    lock_path,
    read_frontier_log,
    write_frontier,
)
from crawlers.items import manifest_path, read_manifest
from warehouse.db import Warehouse


def flow_lock_path(archive_dir: Path | str, run_id: str) -> Path:
    """Held by the flow process for the life of a run (the crawler holds :func:`lock_path`)."""
    return Path(archive_dir) / f"{run_id}.flow.lock"


def hold_flow_lock(archive_dir: Path | str, run_id: str) -> RunLock:
    Path(archive_dir).mkdir(parents=True, exist_ok=True)
    lock = RunLock(flow_lock_path(archive_dir, run_id))
    lock.acquire()
    return lock


def interrupted_runs(
    warehouse: Warehouse, archive_dir: Path | str, current_run_id: str
) -> list[str]:
    """Runs still marked running, with a manifest in ``archive_dir``, whose processes are dead."""
    unlocked = []
    for run_id in warehouse.unfinished_runs(current_run_id):
        if not manifest_path(archive_dir, run_id).exists():
            continue  # died before crawling, or archived elsewhere: nothing to recover here
        if is_locked(lock_path(archive_dir, run_id)) or is_locked(
            flow_lock_path(archive_dir, run_id)
        ):
            continue  # still alive
        unlocked.append(run_id)
    if not unlocked:
        return []
    # Read the statuses again, after the lock probes: the list above may predate a sibling's
    # finish, and a run marks itself finished before it releases its lock, so a run that was
    # unlocked at its probe and is still `running` now is dead, not merely done in between.
    still_running = set(warehouse.unfinished_runs(current_run_id))
    return [run_id for run_id in unlocked if run_id in still_running]


def pending_urls(warehouse: Warehouse, archive_dir: Path | str, run_ids: list[str]) -> list[str]:
    """What recovered runs left to do: URLs scheduled but never fetched, and the non-article
    pages they fetched (re-checked cheaply, a 304 at best, so links a killed crawl had not yet
    followed are discovered again)."""
    pending: dict[str, None] = {}
    for run_id in run_ids:
        captured = {c.url for c in read_manifest(manifest_path(archive_dir, run_id))}
        for url in read_frontier_log(Path(archive_dir) / f"{run_id}.frontier.jsonl"):
            if url not in captured:
                pending.setdefault(url, None)
        for url, status, error, is_article in warehouse.run_captures(run_id):
            if status == 200 and error is None and not is_article:
                pending.setdefault(url, None)
    return list(pending)


def _json_ready(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


def write_known_file(
    warehouse: Warehouse, archive_dir: Path | str, run_id: str, pending: list[str] = ()
) -> tuple[Path, int]:
    """Write the run's frontier file; returns (path, number of known URLs)."""
    known = [_json_ready(row) for row in warehouse.known_pages()]
    articles = {row["url"] for row in known if row["is_article"]}
    todo = [url for url in pending if url not in articles]
    return write_frontier(known_path(archive_dir, run_id), known, todo), len(known)
