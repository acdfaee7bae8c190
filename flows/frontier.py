"""The warehouse's own crawl frontier: what makes crawls incremental and resumable.

* **Incremental.** Before crawling, the flow writes ``<archive_dir>/<run_id>.known.jsonl`` from the
  captures of the run's sources (:func:`write_known_file`); the crawler reads it (``--known``, see
  crawlers/frontier.py) and skips archived article pages, re-checks other pages with conditional
  GETs and archives unchanged payloads as WARC revisit records.
* **Resumable.** A run whose process died (SIGKILL, power loss) stays ``running`` in crawl_runs;
  one that was stopped (Ctrl-C, SIGTERM, Prefect cancellation, timeout) is ``cancelled`` with
  the reason. Its manifest and WARC files are flushed per record, and its crawler logged every
  URL it scheduled to ``<run_id>.frontier.jsonl``. The next run *of the same sources* finds it
  (:func:`interrupted_runs`: its start URLs belong to this run's sources, manifest present,
  nobody holding its lock files, and still unfinished when read after the lock probes), loads
  its manifest (capture ids are stable, so nothing is loaded twice), marks it ``interrupted``
  and seeds its crawl with what the dead run had scheduled but not fetched
  (:func:`pending_urls`). Another source's dead run is left alone: its pages would otherwise be
  crawled, judged and reported as this source's (and stored with no source).

Scrapy's JOBDIR is not used for this: its disk queues write their state only on a clean close, and
its dupefilter file is buffered, so after SIGKILL it would resume with an empty queue and a
``requests.seen`` that drops URLs never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crawlers.frontier import read_frontier_log, write_frontier
from crawlers.items import read_manifest
from crawlers.layout import ArchiveLayout
from crawlers.locks import FileLock, is_locked
from sites import Source, source_for
from warehouse.db import Warehouse, read_sql


def hold_flow_lock(layout: ArchiveLayout, run_id: str) -> FileLock:
    """Taken by the flow process for the life of a run (the crawler holds the run lock): a run
    whose locks are both free is dead. Never waited for: run ids are unique."""
    lock = FileLock(layout.flow_lock(run_id), "flow run")
    lock.acquire(timeout=0)
    return lock


@dataclass(frozen=True)
class DeadRun:
    """A run to recover: its process died (``running``) or it was stopped (``cancelled``)."""

    run_id: str
    status: str
    message: str | None
    start_urls: tuple[str, ...]
    whole: bool = True  # every start URL is one of the recovering run's sources


def stopped_runs(warehouse: Warehouse, current_run_id: str) -> list[DeadRun]:
    """Runs still ``running`` or ``cancelled`` (not yet recovered), oldest first."""
    rows = warehouse.con.execute(read_sql("select_recoverable_runs"), {"run_id": current_run_id})
    return [
        DeadRun(run_id=r[0], status=r[1], message=r[2], start_urls=tuple(r[3] or ()))
        for r in rows.fetchall()
    ]


def interrupted_runs(
    warehouse: Warehouse,
    layout: ArchiveLayout,
    current_run_id: str,
    sources: list[Source] | None = None,
) -> list[DeadRun]:
    """Dead or stopped runs of ``sources`` (None: of any source), with a manifest in
    ``layout``, whose processes are gone. ``whole`` is False for a run that also crawled
    other sources: only this run's part of it is to be recovered."""
    candidates = []
    for dead in stopped_runs(warehouse, current_run_id):
        ours = [u for u in dead.start_urls if sources is None or source_for(u, sources)]
        if not ours:
            continue  # another source's run: its own next run recovers it
        if not layout.manifest(dead.run_id).exists():
            continue  # died before crawling, or archived elsewhere: nothing to recover here
        if is_locked(layout.run_lock(dead.run_id)) or is_locked(layout.flow_lock(dead.run_id)):
            continue  # still alive (or still writing down its stop)
        whole = len(ours) == len(dead.start_urls)
        candidates.append(DeadRun(dead.run_id, dead.status, dead.message, dead.start_urls, whole))
    if not candidates:
        return []
    # Read the statuses again, after the lock probes: the list above may predate a sibling's
    # finish, and a run marks itself finished before it releases its lock, so a run that was
    # unlocked at its probe and is still unfinished now is dead, not merely done in between. (A
    # stopped run is `cancelled` before it releases its lock, so it is dead at the first read.)
    now = {d.run_id: d for d in stopped_runs(warehouse, current_run_id)}
    return [
        DeadRun(d.run_id, now[d.run_id].status, now[d.run_id].message, d.start_urls, d.whole)
        for d in candidates
        if d.run_id in now
    ]


def pending_urls(
    warehouse: Warehouse,
    layout: ArchiveLayout,
    run_ids: list[str],
    sources: list[Source] | None = None,
) -> list[str]:
    """What recovered runs left to do: URLs scheduled but never fetched, and the non-article
    pages they fetched (re-checked cheaply, a 304 at best, so links a killed crawl had not yet
    followed are discovered again). With ``sources``, only URLs of those sources: another
    source's leftovers are that source's next run's to crawl."""
    pending: dict[str, None] = {}
    for run_id in run_ids:
        captured = {c.url for c in read_manifest(layout.manifest(run_id))}
        for url in read_frontier_log(layout.frontier_log(run_id)):
            if url not in captured:
                pending.setdefault(url, None)
        for url, status, error, is_article in warehouse.run_captures(run_id):
            if status == 200 and error is None and not is_article:
                pending.setdefault(url, None)
    if sources is not None:
        return [url for url in pending if source_for(url, sources) is not None]
    return list(pending)


def _json_ready(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}


def write_known_file(
    warehouse: Warehouse,
    layout: ArchiveLayout,
    run_id: str,
    pending: list[str] = (),
    sources: list[Source] | None = None,
) -> tuple[Path, int]:
    """Write the run's frontier file: the known pages of ``sources`` (None: of every stored
    source), the only ones its crawl can reach; returns (path, number of known URLs)."""
    ids = (
        [s.source_id for s in sources]
        if sources is not None
        else [row[0] for row in warehouse.stored_sources()]
    )
    known = [_json_ready(row) for row in warehouse.known_pages(ids)]
    articles = {row["url"] for row in known if row["is_article"]}
    todo = [url for url in pending if url not in articles]
    return write_frontier(layout.known_pages(run_id), known, todo), len(known)
