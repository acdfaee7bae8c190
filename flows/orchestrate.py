"""Flows operators schedule: every source (or a named subset) at once, and nightly maintenance.

Flow definitions only: what the dashboard shows of them (overview table, events, the states of the
per-source tasks and of the parent run) is made in :mod:`flows.dashboard`.

``archive_sources_flow`` runs :func:`flows.archive.archive_flow` once per source as a *subflow*
(one per source in the dashboard, each with its own crawl subprocess, run id, manifest, artifacts
and final state), at most ``max_concurrent`` at a time. Crawls overlap; dedupe → load of the
subflows is serialised per DuckDB file by :func:`flows.locks.warehouse_lock`. A source that fails
(crawl error, or above the alert policy's error rate) fails its own subflow and the task wrapping
it (red in the parent's graph); the others carry on, and the parent ends Failed with every
failing source and its reason in the state message.

``maintenance_flow``: the search delta folded into the main search index (docs/warehouse.md),
checkpoint + ANALYZE of the DuckDB file, Parquet export, and the archive index (every capture of
every manifest, sorted by URL and time: where each URL's WARC records are).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.exceptions import TerminationSignal
from prefect.states import Cancelled, State
from prefect.task_runners import ThreadPoolTaskRunner
from pydantic import BaseModel

from crawlers import subprocess_runner
from crawlers.layout import ArchiveLayout
from flows import dashboard
from flows.archive import archive_flow, prefect_cancellation
from flows.locks import run_lock, warehouse_lock
from flows.reports import AlertPolicy, SourceOutcome
from sites import Source

MAX_WORKERS = 16  # thread pool of the parent flow; `max_concurrent` is the real limit
# After a stop, how long the parent waits for its subflows to record their final states (they
# end within seconds once their crawls are killed; Prefect's runner SIGKILLs after 30 s).
UNWIND_SECONDS = 20.0
SERVED_ENV = "VNARCHIVE_SERVED"  # set by `vnarchive serve` (flows/deployments.py) for its runs


class SourceRun(BaseModel):
    """One source of a multi-source run: what to crawl and how."""

    source: Source
    start_urls: list[str]
    max_pages: int | None = None
    polite: bool = True
    timeout_seconds: float | None = None  # of the source's whole subflow

    @property
    def name(self) -> str:
        return self.source.source_id


def registry_sources(names: list[str] | None = None) -> list[SourceRun]:
    """Sources from the registry (sites/sources.toml), all or the named ones."""
    from sites.registry import load_registry

    registry = load_registry()
    entries = [registry.get(n) for n in names] if names else list(registry)
    return [SourceRun(source=e, start_urls=list(e.start_urls)) for e in entries]


_semaphores: dict[str, threading.BoundedSemaphore] = {}


@task(name="archive-source", cache_policy=NO_CACHE)
def archive_source(
    run: SourceRun,
    db_path: str,
    archive_dir: str,
    alerts: AlertPolicy,
    incremental: bool,
    gate: str,
) -> State:
    """Run one source's archive_flow as a subflow. Never raises: it ends in the subflow's state
    (Failed when the source failed), with the :class:`SourceOutcome` as its result."""
    with _semaphores[gate]:
        stopping = subprocess_runner.stop_reason()
        if stopping is not None:  # the run is being stopped: start no further source
            return dashboard.source_task_state(
                SourceOutcome(
                    source_id=run.name,
                    state="Cancelled",
                    status="failed",
                    message=f"not started: {stopping}",
                )
            )
        subflow = archive_flow.with_options(
            flow_run_name=f"archive-{run.name}", timeout_seconds=run.timeout_seconds
        )
        state = subflow(
            start_urls=run.start_urls,
            db_path=db_path,
            archive_dir=archive_dir,
            max_pages=run.max_pages,
            polite=run.polite,
            sources=[run.source],
            incremental=incremental,
            alerts=alerts,
            return_state=True,
        )
    return dashboard.source_task_state(dashboard.outcome_of_subflow(run.name, state))


@flow(name="vnarchive-archive-sources", task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS))
def archive_sources_flow(
    sources: list[SourceRun] | None = None,
    names: list[str] | None = None,
    db_path: str = "data/vnarchive.duckdb",
    archive_dir: str = "data/warc",
    max_concurrent: int = 4,
    alerts: AlertPolicy | None = None,
    incremental: bool = True,
) -> list[SourceOutcome]:
    """Archive several sources concurrently: one `vnarchive-archive` subflow per source.

    ``sources`` defaults to the registry (sites/sources.toml); ``names`` keeps only those
    sources (how each staggered schedule of the served deployment picks its source).
    """
    logger = get_run_logger()
    runs = list(sources) if sources else registry_sources(names)
    if names:
        unknown = set(names) - {r.name for r in runs}
        if unknown:
            raise ValueError(f"unknown sources {sorted(unknown)}; known: {[r.name for r in runs]}")
        runs = [r for r in runs if r.name in names]
    db_path, archive_dir = str(Path(db_path).resolve()), str(Path(archive_dir).resolve())
    alerts = alerts or AlertPolicy.from_env()
    ctx = FlowRunContext.get()
    gate = str(ctx.flow_run.id) if ctx and ctx.flow_run else "local"
    _semaphores[gate] = threading.BoundedSemaphore(max(1, max_concurrent))
    logger.info(
        "%d sources (%s), at most %d at once",
        len(runs),
        ", ".join(r.name for r in runs),
        max_concurrent,
    )
    # SIGTERM (Prefect's cancellation of a served run, an operator's kill) and Ctrl-C first kill
    # every crawl child, so the subflows end at once, Cancelled (or Crashed) with the reason,
    # before Prefect's own handler ends this run; a served run leaves Ctrl-C to `vnarchive
    # serve`, which cancels it through Prefect.
    served = os.environ.get(SERVED_ENV) == "1"
    futures = []
    try:
        with subprocess_runner.stop_on_signals(ignore_sigint=served), run_lock(db_path):
            futures = [
                archive_source.with_options(task_run_name=f"source-{r.name}").submit(
                    r, db_path, archive_dir, alerts, incremental, gate
                )
                for r in runs
            ]
            outcomes = [dashboard.outcome_of(f, r.name) for f, r in zip(futures, runs, strict=True)]
    except TerminationSignal:
        # SIGTERM: the crawls are being killed (stop_on_signals). If Prefect is cancelling this
        # run, end it Cancelled with the reason once the subflows have recorded theirs; any
        # other SIGTERM goes on to Prefect's crash handling (Crashed, with the signal).
        why = prefect_cancellation()
        if why is None:
            raise
        for future in futures:
            future.wait(UNWIND_SECONDS)
        logger.warning("run cancelled: %s", why)
        return Cancelled(message=why)  # type: ignore[return-value]
    finally:
        _semaphores.pop(gate, None)
    if served:  # a scheduled (or dashboard-started) run: refresh the analyst report's charts
        dashboard.publish_analyst_report(db_path)
    return dashboard.conclude_sources(outcomes, "archive-sources")  # type: ignore[return-value]


# -- maintenance ---------------------------------------------------------------------------------


@task(name="checkpoint", cache_policy=NO_CACHE, retries=3, retry_delay_seconds=10)
def checkpoint(db_path: str) -> dict[str, int]:
    """Fold the WAL into the file, reclaim free blocks, refresh optimizer statistics."""
    from warehouse.db import Warehouse

    path = Path(db_path)
    before = path.stat().st_size if path.exists() else 0
    with Warehouse(path) as warehouse:
        warehouse.optimize()
    after = path.stat().st_size
    get_run_logger().info("checkpoint: %d → %d bytes", before, after)
    return {"bytes_before": before, "bytes_after": after}


@task(name="fold-search-delta", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=10)
def fold_search_delta(db_path: str) -> dict[str, Any]:
    """Fold the search delta into the main index (a full rebuild that empties it): what loads
    avoid doing. Skipped when the delta is empty and the main index exists."""
    from warehouse.db import Warehouse

    with Warehouse(db_path) as warehouse:
        main, _ = warehouse.search_indexes()
        pending = warehouse.count("search_delta")
        if main and not pending:
            return {"rebuilt": False, "folded": 0}
        if not warehouse.count("articles"):
            return {"rebuilt": False, "folded": 0}
        folded = warehouse.rebuild_search_index("maintenance" if main else "missing index")
    get_run_logger().info("search index rebuilt, %d delta rows folded in", folded)
    return {"rebuilt": True, "folded": folded}


@task(name="export-parquet", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def export_parquet(db_path: str, parquet_dir: str) -> dict[str, str]:
    from warehouse.db import Warehouse

    # Read-only: the export writes nothing to the file (the checkpoint before it has closed).
    with Warehouse(db_path, read_only=True) as warehouse:
        written = warehouse.export_parquet(Path(parquet_dir))
    return {name: str(p) for name, p in written.items()}


def _archive_fingerprint(archive_dir: str) -> str:
    digest = hashlib.sha1()
    for manifest in ArchiveLayout(Path(archive_dir)).manifests():
        stat = manifest.stat()
        digest.update(f"{manifest.name}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@task(
    name="archive-index",
    # Rebuilt only when a manifest was added or grew; an unchanged archive reuses the last result.
    cache_key_fn=lambda _ctx, params: (
        "archive-index-"
        + hashlib.sha1(
            f"{params['archive_dir']}|{_archive_fingerprint(params['archive_dir'])}".encode()
        ).hexdigest()
    ),
    persist_result=True,
    retries=1,
)
def archive_index(archive_dir: str) -> dict[str, int]:
    """``<archive>/index.jsonl``: one line per capture of every run, sorted by URL then time."""
    from crawlers.items import read_manifest

    layout = ArchiveLayout(Path(archive_dir))
    rows = []
    for manifest in layout.manifests():
        for c in read_manifest(manifest):
            rows.append(
                {
                    "url": c.url,
                    "fetched_at": c.fetched_at.isoformat(),
                    "status": c.status,
                    "error": c.error,
                    "warc_file": c.warc_file,
                    "warc_offset": c.warc_offset,
                    "warc_length": c.warc_length,
                    "run_id": c.run_id,
                    "payload_digest": c.payload_digest,
                }
            )
    rows.sort(key=lambda r: (r["url"], r["fetched_at"]))
    target = layout.index()
    tmp = target.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(target)
    warcs = layout.warc_files()
    return {
        "captures": len(rows),
        "urls": len({r["url"] for r in rows}),
        "warc_files": len(warcs),
        "warc_bytes": sum(p.stat().st_size for p in warcs),
    }


@flow(name="vnarchive-maintenance")
def maintenance_flow(
    db_path: str = "data/vnarchive.duckdb",
    archive_dir: str = "data/warc",
    parquet_dir: str = "data/parquet",
) -> dict[str, Any]:
    """Nightly: fold the search delta into the main index, checkpoint the DuckDB file, export
    Parquet, rebuild the archive index."""
    db_path, archive_dir = str(Path(db_path).resolve()), str(Path(archive_dir).resolve())
    parquet_dir = str(Path(parquet_dir).resolve())
    with run_lock(db_path), warehouse_lock(db_path):
        search = fold_search_delta(db_path)  # before the checkpoint, which folds its WAL in
        sizes = checkpoint(db_path)
        written = export_parquet(db_path, parquet_dir)
    index = archive_index(archive_dir)
    create_markdown_artifact(
        "\n".join(
            [
                f"### Maintenance {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
                "",
                "| step | result |",
                "|---|---|",
                "| search index | "
                + (
                    f"rebuilt, {search['folded']:,} delta rows folded in"
                    if search["rebuilt"]
                    else "delta empty: nothing to fold"
                )
                + " |",
                f"| checkpoint | `{db_path}`: {sizes['bytes_before']:,} → "
                f"{sizes['bytes_after']:,} bytes |",
                f"| Parquet export | {len(written)} tables and views in `{parquet_dir}` |",
                f"| archive index | {index['captures']:,} captures of {index['urls']:,} URLs in "
                f"{index['warc_files']} WARC files ({index['warc_bytes']:,} bytes): "
                f"`{archive_dir}/index.jsonl` |",
            ]
        ),
        key="maintenance",
        description="Search index, checkpoint, Parquet export, archive index",
    )
    return {"search": search, "checkpoint": sizes, "parquet": written, "index": index}
