"""The archive flow: crawl (subprocess) → WARC archive → extract → load into DuckDB.

Extraction streams (flows/stream.py): pages are extracted while the crawl fetches, and stored
in chunks (dedupe → load) as they are extracted; the last chunk is stored, resolved and the run
finished once the crawl is over. The warehouse is opened once per phase and handed to the tasks
of that phase (tasks take a `Warehouse`, never a path): register the run; recover dead runs and
write the crawl's known pages; dedupe → load of each chunk; the last one → resolve → finish.
Nothing holds it open across the crawl subprocess or the extraction, only for a chunk's store:
DuckDB admits one writing process and no other process's readers meanwhile, so `vnarchive
search` or an analyst can read the file between phases. Files in the archive directory are
named by `crawlers.layout.ArchiveLayout`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import secrets
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal
from prefect.states import Cancelled, Crashed, State
from pydantic import BaseModel

from crawlers import subprocess_runner
from crawlers.items import CaptureRecord, iter_manifest, read_manifest
from crawlers.layout import ArchiveLayout
from crawlers.scope import remember_credentials
from crawlers.subprocess_runner import (
    CrawlAbortedError,
    CrawlCancelledError,
    CrawlResult,
    line_level,
    run_crawl,
)
from flows import dashboard, frontier, progress
from flows.dedupe import CopyInfo, StoryPlan, plan_against_warehouse, sync_band_index
from flows.extract import (
    AttachmentResult,
    PageResult,
    extract_pages,
    page_refs,
    run_attachments,
    worker_pool,
)
from flows.locks import warehouse_lock
from flows.reports import AlertPolicy
from flows.resolve import ResolveStats, resolve
from flows.rows import build_batch, utc_naive
from flows.stream import Chunk, RunStream, merge_loads
from pipelines.dedupe import signature_from_bytes
from pipelines.legal_documents.parse import row_statements
from sites import Source, source_for, source_id_for
from warehouse.db import LoadResult, Warehouse
from warehouse.documents import DocumentLoadResult
from warehouse.tables import LoadBatch

PROGRESS_LINE = re.compile(r"PROGRESS pages=(\d+) errors=(\d+)")


class RunSummary(BaseModel):
    run_id: str
    db_path: str
    archive_dir: str
    pages_fetched: int
    fetch_errors: int
    pages_extracted: int
    articles_seen: int
    articles_new: int
    articles_total: int
    extract_errors: int
    totals: dict[str, int]
    resolution: dict[str, Any] = {}  # flows/resolve.py ResolveStats of the run's resolve step


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@task(name="register-run", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def register_run(warehouse: Warehouse, run_id: str, start_urls: list[str]) -> None:
    warehouse.start_run(run_id, datetime.now(UTC), start_urls)


def _retry_unless_stopping(_task: object, _run: object, state: State) -> bool:
    # A crawl killed because the process is stopping, or abandoned by its run (its streaming
    # extraction failed), must not be started again.
    aborted = isinstance(state.data, CrawlAbortedError)
    return subprocess_runner.stop_reason() is None and not aborted


@task(
    name="crawl",
    cache_policy=NO_CACHE,
    retries=1,
    retry_delay_seconds=5,
    retry_condition_fn=_retry_unless_stopping,
)
def crawl(
    start_urls: list[str],
    layout: ArchiveLayout,
    run_id: str,
    max_pages: int | None,
    polite: bool,
    known: Path | None = None,
    abort: threading.Event | None = None,
) -> CrawlResult:
    """Run Scrapy in a child process (Twisted's reactor cannot restart inside this one).

    ``known``: the frontier file of earlier runs (flows/frontier.py) for an incremental crawl.
    ``abort``: set when the run's streaming extraction failed; the crawl is then killed.
    """
    logger = get_run_logger()

    def on_line(line: str) -> None:
        logger.log(line_level(line), line)  # the crawl's warnings and errors as such
        match = PROGRESS_LINE.search(line)
        if match:
            progress.report("crawl", pages=int(match[1]), errors=int(match[2]))

    result = run_crawl(
        start_urls,
        layout.root,
        run_id,
        max_pages=max_pages,
        polite=polite,
        on_line=on_line,
        known=known,
        abort=abort,
    )
    progress.report("crawl", pages=result.pages, errors=result.errors, done=1)
    logger.info("crawl finished: %d pages, %d errors", result.pages, result.errors)
    return result


@task(name="extract", cache_policy=NO_CACHE, retries=1)
def extract(
    manifest: Path,
    layout: ArchiveLayout,
    run_id: str,
    only: list[Source] | None = None,
    sources: list[Source] | None = None,
) -> tuple[list[CaptureRecord], list[PageResult]]:
    """``only``: keep the captures of these sources (a recovered run's part for this run).
    ``sources``: the run's sources; a page is extracted with its source's declared family."""
    logger = get_run_logger()
    captures = read_manifest(manifest)
    if only is not None:
        captures = [c for c in captures if source_for(c.url, only) is not None]
    refs = page_refs(captures, run_id, sources)
    progress.report("extract", done=0, total=len(refs))
    results = extract_pages(refs, layout.root)
    progress.report("extract", done=len(results), total=len(refs))
    errors = [r for r in results if r.error]
    for failed in errors[:20]:
        logger.warning("extraction failed for capture %s: %s", failed.capture_id, failed.error)
    logger.info(
        "extracted %d pages: %d articles, %d errors",
        len(results),
        sum(1 for r in results if r.document and r.document.article.is_article),
        len(errors),
    )
    return captures, results


@task(name="dedupe", cache_policy=NO_CACHE, retries=1)
def dedupe(warehouse: Warehouse, results: list[PageResult], sources: list[Source]) -> StoryPlan:
    """Give every extracted page its story: exact (URL, body hash) and near (MinHash + LSH)."""
    batch, plan = story_plan(warehouse, results, sources)
    get_run_logger().info(
        "dedupe: %d pages -> %d stories (%d new, %d merged)",
        len(batch),
        len(set(plan.story_of.values())),
        len(plan.new_stories),
        len(plan.merged),
    )
    return plan


def story_plan(
    warehouse: Warehouse, results: list[PageResult], sources: list[Source]
) -> tuple[list[CopyInfo], StoryPlan]:
    """The batch's copies and their story plan (no Prefect: the tests and benchmarks call it
    directly); flows/dedupe.py plan_against_warehouse reads only what the batch touches."""
    batch = [
        CopyInfo(
            url=r.page_key,
            source_id=source_id_for(r.document.article.url, sources) or "",
            published_at=utc_naive(r.document.article.published_at),
            published_on=r.document.article.published_on,
            content_hash=r.document.article.content_hash,
            signature=signature_from_bytes(r.signature),
        )
        for r in results
        if r.page_key and r.signature and r.document
    ]
    priority = warehouse.source_priorities()
    priority.update({s.source_id: s.priority for s in sources})
    return batch, plan_against_warehouse(warehouse, batch, priority)


@task(name="load", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def load(warehouse: Warehouse, batch: LoadBatch) -> LoadResult:
    """One transaction; safe to retry because every statement is an upsert by natural key."""
    # The dedupe's buckets reach the near-duplicate index's file before the batch is committed:
    # the index stays a superset of the warehouse through a crash (warehouse/bands.py).
    sync_band_index(warehouse)
    result = warehouse.load(batch)
    # The load indexed its changes in the small search delta; this builds the main index on a
    # first load and folds the delta in once it passed its share (docs/warehouse.md).
    search = warehouse.update_search_index()
    if search in ("built", "folded"):
        get_run_logger().info("search index: %s (a full build)", search)
    progress.report("load", articles_new=result.articles_new, articles_total=result.articles_after)
    get_run_logger().info(
        "loaded: %d new articles (%d total), %d captures",
        result.articles_new,
        result.articles_after,
        result.captures_added,
    )
    return result


@task(name="resolve", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def resolve_entities(warehouse: Warehouse, rebuild: bool = False) -> ResolveStats:
    """Link the mentions this load wrote to entities (flows/resolve.py): one transaction on
    the load's writer connection, incremental unless ``rebuild``."""
    logger = get_run_logger()
    stats = resolve(warehouse.con, rebuild=rebuild, progress=logger.info)
    progress.report(
        "resolve",
        conferences=stats.conferences,
        directives=stats.directives,
        people=stats.people,
    )
    return stats


def with_resolution(warehouse: Warehouse, loaded: LoadResult, stats: ResolveStats) -> LoadResult:
    """The load's result with the entity totals after resolution and its counts."""
    return dataclasses.replace(loaded, totals=warehouse.totals(), resolution=stats.as_dict())


@task(name="find-interrupted-runs", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def find_interrupted_runs(
    warehouse: Warehouse, layout: ArchiveLayout, run_id: str, sources: list[Source]
) -> list[frontier.DeadRun]:
    return frontier.interrupted_runs(warehouse, layout, run_id, sources)


@task(name="write-frontier", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def write_frontier(
    warehouse: Warehouse,
    layout: ArchiveLayout,
    run_id: str,
    recovered: list[str],
    sources: list[Source] | None = None,
) -> Path:
    """The crawl's --known file: what earlier runs fetched, plus what recovered runs left of
    this run's own sources (another source's leftovers wait for that source's next run)."""
    pending = frontier.pending_urls(warehouse, layout, recovered, sources)
    path, n_known = frontier.write_known_file(warehouse, layout, run_id, pending, sources)
    get_run_logger().info(
        "frontier: %d URLs fetched before, %d pending from interrupted runs", n_known, len(pending)
    )
    return path


def _stop_message(exc: BaseException) -> str | None:
    """Why the run was stopped (signal, Prefect cancellation, timeout), or None: it failed."""
    reason = subprocess_runner.stop_reason()
    if isinstance(exc, CrawlCancelledError):
        return f"cancelled: {exc.reason}"
    if reason is not None:
        return f"cancelled: {reason}"
    if isinstance(exc, KeyboardInterrupt):
        return "cancelled: interrupted (SIGINT)"
    if isinstance(exc, TimeoutError | TerminationSignal) or type(exc).__name__ == "CancelledError":
        # A Prefect flow/task timeout raises (or injects into this thread) these; the crawl
        # child is already gone (run_crawl kills it on every way out).
        if isinstance(exc, TerminationSignal):
            return f"cancelled: {signal.Signals(exc.signal).name} received"
        return f"cancelled: timed out ({type(exc).__name__}: {exc})".replace(": )", ")")
    return None


def prefect_cancellation() -> str | None:
    """Why Prefect is cancelling this flow run, or None: a Cancelling/Cancelled state of this run
    or of a flow run it runs under (``prefect flow-run cancel``, `vnarchive serve` stopping), or
    the runner's cancel intent. Asked after a stop, from a thread that may wait on the API: the
    runner's intent alone is lost when the run's process does not ack it within 1 s (load)."""
    intent = None
    with contextlib.suppress(Exception):
        from prefect._internal.control_listener import get_intent

        intent = get_intent()
    with contextlib.suppress(Exception):
        from prefect import get_client
        from prefect.context import FlowRunContext

        ctx = FlowRunContext.get()
        if ctx is not None and ctx.flow_run is not None:
            with get_client(sync_client=True) as client:
                run = client.read_flow_run(ctx.flow_run.id)
                for _ in range(4):  # this run, its parent, …
                    state = run.state
                    if state is not None and (state.is_cancelling() or state.is_cancelled()):
                        detail = state.message or ""
                        if detail and detail.lower() not in ("cancelling", "cancelled"):
                            return f"cancelled through Prefect ({detail})"
                        return "cancelled through Prefect"
                    if run.parent_task_run_id is None:
                        break
                    parent = client.read_task_run(run.parent_task_run_id).flow_run_id
                    if parent is None:
                        break
                    run = client.read_flow_run(parent)
    return "cancelled through Prefect" if intent == "cancel" else None


def _stopped_state(message: str, cancelled: bool) -> State:
    """Cancelled when Prefect asked for it, Crashed (with the reason) for any other stop."""
    return Cancelled(message=message) if cancelled else Crashed(message=message)


FinishFields = Callable[[LoadBatch, LoadResult], dict[str, object]]


def articles_seen(batch: LoadBatch) -> int:
    return batch.article_copies.num_rows if batch.article_copies is not None else 0


def store_legal_documents(
    warehouse: Warehouse, run_id: str, results: list[PageResult]
) -> DocumentLoadResult:
    """The legal documents read from the batch's pages (document sources only), stored with the
    capture each was read from (loaded just before, same connection)."""
    logger = get_run_logger()
    # A listing's rows are statements of their own (keyed `<listing URL>#<symbol>`), each with
    # the listing's capture.
    keyed = [
        (record, r.capture_id) for r in results for record in row_statements(r.legal_documents)
    ]
    records = [record for record, _ in keyed]
    captures = {record.page_url: capture_id for record, capture_id in keyed}
    pages = len({r.capture_id for r in results if r.legal_documents})
    failed = [r for r in results if r.document_error]
    for r in failed[:20]:
        logger.warning("document parse failed for capture %s: %s", r.capture_id, r.document_error)
    stored = warehouse.load_documents(records, run_id, captures)
    if records or failed:
        logger.info(
            "legal documents: %d read from %d pages (%d failed); %d pages stored, "
            "%d documents touched, %d new versions",
            len(records),
            pages,
            len(failed),
            stored.pages_added,
            stored.documents_touched,
            stored.versions_added,
        )
    return stored


def store(
    db_path: str,
    run_id: str,
    captures: list[CaptureRecord],
    results: list[PageResult],
    sources: list[Source],
    attachments: list[AttachmentResult],
    finish: FinishFields | None = None,
    resolve_after: bool = True,
    earlier: LoadResult | None = None,
) -> tuple[LoadBatch, LoadResult]:
    """Dedupe → load → resolve → finish the run (``finish`` gives its crawl_runs fields from the
    batch and the load), over one connection. Call it under `locks.warehouse_lock`: the plan
    must see every earlier load. ``resolve_after=False`` leaves the new mentions unresolved (a
    reprocess resolves once, at its end; so does a streaming run, after its last chunk).
    ``earlier``: the run's chunks stored before this one, merged into the result (and so into
    what ``finish`` records)."""
    with Warehouse(db_path) as warehouse:
        plan = dedupe(warehouse, results, sources)
        batch = build_batch(run_id, captures, results, sources, plan, attachments)
        loaded = load(warehouse, batch)
        store_legal_documents(warehouse, run_id, results)
        if resolve_after:
            loaded = with_resolution(warehouse, loaded, resolve_entities(warehouse))
        if earlier is not None:
            loaded = merge_loads(earlier, loaded)
        if finish is not None:
            finish_run(warehouse, run_id, **finish(batch, loaded))
    return batch, loaded


def _interrupted(pages: int, message: str) -> FinishFields:
    """crawl_runs fields of a whole dead run once its manifest is loaded."""

    def fields(_batch: LoadBatch, loaded: LoadResult) -> dict[str, object]:
        return {
            "status": "interrupted",
            "pages_fetched": pages,
            "articles_new": loaded.articles_new,
            "message": message,
        }

    return fields


def recover_interrupted(
    db_path: str,
    layout: ArchiveLayout,
    run_id: str,
    sources: list[Source],
    dead_runs: list[frontier.DeadRun] | None = None,
) -> list[str]:
    """Load the manifests of dead or stopped runs of these sources and mark them interrupted.

    Only runs whose start URLs belong to ``sources`` are recovered, each under its own run id
    and with its pages attributed to their sources; a dead run of several sources gives up
    only this run's part (it stays recoverable for the others). Capture ids are
    sha1(run_id, url, fetched_at), so a manifest loaded twice adds nothing. ``dead_runs``: the
    runs to recover, when the caller has looked them up already.
    """
    if dead_runs is None:
        with Warehouse(db_path) as warehouse:
            dead_runs = find_interrupted_runs(warehouse, layout, run_id, sources)
    for dead in dead_runs:
        old = dead.run_id
        only = None if dead.whole else sources  # a shared dead run: this run's sources only
        # Extraction holds no connection: readers of the file are not kept waiting meanwhile.
        captures, results = extract(layout.manifest(old), layout, old, only, sources)
        attachments = run_attachments(captures, layout.root, old)
        finish = None
        if dead.whole:
            why = dead.message or "process died mid-run"
            message = f"{why}; {len(captures)} captures recovered by run {run_id}"[:2000]
            finish = _interrupted(len(captures), message)
        _, loaded = store(db_path, old, captures, results, sources, attachments, finish)
        get_run_logger().warning(
            "recovered %s run %s: %d captures of %s, %d new articles",
            dead.status,
            old,
            len(captures),
            ", ".join(sorted({s.source_id for s in sources})),
            loaded.articles_new,
        )
    return [dead.run_id for dead in dead_runs]


def _chunk_store(db_path: str, run_id: str, sources: list[Source]) -> Callable[[Chunk], Any]:
    """How a streaming run stores a full chunk: dedupe → load under the lock, not resolved."""

    def store_chunk(chunk: Chunk) -> tuple[LoadBatch, LoadResult]:
        with warehouse_lock(db_path):
            return store(
                db_path,
                run_id,
                chunk.captures,
                chunk.results,
                sources,
                chunk.attachments,
                resolve_after=False,
            )

    return store_chunk


def prepare_crawl(db_path: str, layout: ArchiveLayout, run_id: str, sources: list[Source]) -> Path:
    """Recover dead runs of these sources, then write the crawl's known-pages file. One
    connection when there is nothing to recover (the usual case); a recovery opens the file
    again per dead run, after extracting it."""
    with Warehouse(db_path) as warehouse:
        dead = find_interrupted_runs(warehouse, layout, run_id, sources)
        if not dead:
            return write_frontier(warehouse, layout, run_id, [], sources)
    recovered = recover_interrupted(db_path, layout, run_id, sources, dead)
    with Warehouse(db_path) as warehouse:
        return write_frontier(warehouse, layout, run_id, recovered, sources)


@task(name="finish-run", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def finish_run(warehouse: Warehouse, run_id: str, **fields: object) -> None:
    warehouse.finish_run(run_id, **fields)


def finish_stopped_run(db_path: str, run_id: str, **fields: object) -> None:
    """Record a run that failed or was stopped (its own short connection)."""
    with warehouse_lock(db_path), Warehouse(db_path) as warehouse:
        finish_run(warehouse, run_id, **fields)


@flow(name="vnarchive-archive")
def archive_flow(
    start_urls: list[str],
    db_path: str,
    archive_dir: str,
    max_pages: int | None = None,
    polite: bool = True,
    sources: list[Source] | None = None,
    incremental: bool = True,
    alerts: AlertPolicy | None = None,  # flows/reports.py: when the run is failed / degraded
) -> RunSummary:
    """Crawl `start_urls`, archive every response as WARC, extract articles, load DuckDB.

    Incremental by default: runs that died mid-way are recovered first, then the crawl gets the
    warehouse's frontier (flows/frontier.py); ``incremental=False`` crawls everything again.
    """
    logger = get_run_logger()
    run_id = new_run_id()
    # user:password@ of a start URL: kept in this process for the crawl child only, never in
    # crawl_runs, source ids, artifacts or logs (crawlers/scope.py).
    start_urls = remember_credentials(start_urls)
    known = list(sources or [])
    for url in start_urls:
        if source_for(url, known) is None:
            known.append(Source.for_start_url(url))
    logger.info(
        "run %s: %d start URLs, db=%s, archive=%s", run_id, len(start_urls), db_path, archive_dir
    )
    layout = ArchiveLayout(Path(archive_dir))  # the flow parameter stays a string (serialised)
    flow_lock = frontier.hold_flow_lock(layout, run_id)  # tells later runs we are alive
    with warehouse_lock(db_path), Warehouse(db_path) as warehouse:  # concurrent sources' runs
        register_run(warehouse, run_id, start_urls)
    worker_pool().prewarm()  # the extract workers import their modules while we crawl
    dashboard.track_crawl(run_id, db_path, archive_dir, start_urls, known, max_pages)  # progress
    # Run directly in a main thread (CLI), Ctrl-C / SIGTERM kill the crawl first; as a subflow
    # (worker thread) the parent flow's handlers do (flows/orchestrate.py).
    with subprocess_runner.stop_on_signals():
        try:
            known_file = None
            if incremental:
                with warehouse_lock(db_path):  # concurrent sources: one loader per DuckDB
                    known_file = prepare_crawl(db_path, layout, run_id, known)
            stream = RunStream(layout, run_id, known, _chunk_store(db_path, run_id, known))
            stream.start()  # extracts (and stores chunks) while the crawl fetches
            try:
                crawled = crawl(
                    start_urls, layout, run_id, max_pages, polite, known_file, stream.abort_crawl
                )
                subprocess_runner.check_stop()
                last = stream.finish()  # the rest of the manifest, extracted
                subprocess_runner.check_stop()
            except BaseException as exc:
                stream.abandon()
                if isinstance(exc, CrawlAbortedError) and stream.error is not None:
                    raise stream.error from exc  # the crawl was stopped for the stream's failure
                raise
            streamed = stream.totals

            def finished(batch: LoadBatch, loaded: LoadResult) -> dict[str, object]:
                return {
                    "status": "completed",
                    "pages_fetched": crawled.pages,
                    "fetch_errors": crawled.errors,
                    "articles_seen": streamed.articles_seen + articles_seen(batch),
                    "articles_new": loaded.articles_new,
                }

            # dedupe must see every earlier load: plan + load + finish under the lock
            with warehouse_lock(db_path):
                batch, loaded = store(
                    db_path,
                    run_id,
                    last.captures,
                    last.results,
                    known,
                    last.attachments,
                    finished,
                    earlier=streamed.loaded,
                )
        except BaseException as exc:
            stopped = _stop_message(exc)
            cancel = prefect_cancellation() if stopped is not None else None
            if stopped is not None:
                if cancel is not None:
                    stopped = f"cancelled: {cancel}; {stopped.removeprefix('cancelled: ')}"
                # Stopped, not failed: recorded as `cancelled`, so the next run of these
                # sources recovers what was fetched (flows/frontier.py).
                finish_stopped_run(db_path, run_id, status="cancelled", message=stopped[:2000])
                logger.warning("run %s stopped: %s", run_id, stopped)
            else:
                why = f"{type(exc).__name__}: {exc}"[:2000]
                finish_stopped_run(db_path, run_id, status="failed", message=why)
            dashboard.publish_failure(run_id, known, exc)  # dashboard artifact + failed events
            if isinstance(exc, CrawlCancelledError):
                # Stopped from outside this thread (the parent's signal handler): end this
                # subflow in a final state with the reason instead of as a failure.
                why = stopped or exc.reason
                return _stopped_state(why, cancel is not None)  # type: ignore[return-value]
            raise
        finally:
            # Only now: a run still marked `running` without its lock is taken for dead and
            # recovered by a concurrent source's flow (interrupted_runs).
            flow_lock.release()
    summary = RunSummary(
        run_id=run_id,
        db_path=db_path,
        archive_dir=archive_dir,
        pages_fetched=crawled.pages,
        fetch_errors=crawled.errors,
        pages_extracted=streamed.pages_extracted,
        articles_seen=streamed.articles_seen + articles_seen(batch),
        articles_new=loaded.articles_new,
        articles_total=loaded.articles_after,
        extract_errors=streamed.extract_errors,
        totals=loaded.totals,
        resolution=loaded.resolution,
    )
    # Artifacts, events, verdict: Completed / "Degraded" / Failed with the reason.
    # The report reads the whole manifest again, a slice at a time (no run-long list of it).
    return dashboard.conclude_run(  # type: ignore[return-value]
        summary, iter_manifest(crawled.manifest_path), loaded, known, alerts, crawled.summary
    )
