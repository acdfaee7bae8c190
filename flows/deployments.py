"""`vnarchive serve`: the deployments, their schedules (deployments.toml) and serving them.

Two deployments are served from one long-running process (``prefect.serve``; each flow run in its
own subprocess):

* ``vnarchive-archive-sources/scheduled`` — :func:`flows.orchestrate.archive_sources_flow`, one
  cron schedule per source (staggered over ``every_hours``), each schedule's parameters naming its
  source. A manual run from the dashboard without ``names`` archives every source at once.
  Deployment concurrency limit 1 (later runs wait in AwaitingConcurrencySlot): never two loads
  into the same DuckDB file from two processes.
* ``vnarchive-maintenance/nightly`` — :func:`flows.orchestrate.maintenance_flow`.

Stopping: Ctrl-C (SIGINT) or SIGTERM cancels every in-flight run through Prefect's own
cancellation path (cancel intent, SIGTERM to the run's process, whose handlers kill the crawl
children and end the subflows: crawlers/subprocess_runner.py), so the runs end Cancelled and
the deployment's concurrency slot is released at once; then the runner stops. A second Ctrl-C
stops at once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import tomllib
from pathlib import Path
from typing import Any

from prefect.logging import get_logger
from pydantic import BaseModel, ConfigDict, Field

from flows.orchestrate import SERVED_ENV, SourceRun
from flows.reports import AlertPolicy

DEFAULT_CONFIG = Path("deployments.toml")
ARCHIVE_DEPLOYMENT = "vnarchive-archive-sources/scheduled"
MAINTENANCE_DEPLOYMENT = "vnarchive-maintenance/nightly"
SERVED_DEPLOYMENTS = (ARCHIVE_DEPLOYMENT, MAINTENANCE_DEPLOYMENT)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WarehouseConfig(_Strict):
    db_path: str = "data/vnarchive.duckdb"
    archive_dir: str = "data/warc"
    parquet_dir: str = "data/parquet"


class ArchiveConfig(_Strict):
    every_hours: int = Field(default=6, ge=1, le=24)
    first_minute: int = Field(default=0, ge=0)
    timezone: str = "Asia/Ho_Chi_Minh"
    max_concurrent: int = Field(default=4, ge=1)
    source_timeout_hours: float | None = 4
    incremental: bool = True


class MaintenanceConfig(_Strict):
    cron: str = "30 2 * * *"


class SourcesConfig(_Strict):
    registry: bool = True
    names: list[str] = []


class SourceOverride(_Strict):
    name: str
    start_urls: list[str] = []
    cron: str | None = None
    max_pages: int | None = None
    polite: bool = True


class OpsConfig(_Strict):
    warehouse: WarehouseConfig = WarehouseConfig()
    archive: ArchiveConfig = ArchiveConfig()
    maintenance: MaintenanceConfig = MaintenanceConfig()
    alerts: AlertPolicy = AlertPolicy()
    sources: SourcesConfig = SourcesConfig()
    source: list[SourceOverride] = []


def load_config(path: Path | str = DEFAULT_CONFIG) -> OpsConfig:
    path = Path(path)
    if not path.exists():
        return OpsConfig()
    return OpsConfig.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))


def staggered_crons(names: list[str], every_hours: int = 6, first_minute: int = 0) -> list[str]:
    """One cron per source, every `every_hours` hours, offsets spread evenly over the window."""
    window = every_hours * 60
    crons = []
    for i, _ in enumerate(names):
        offset = first_minute + (window * i) // max(1, len(names))
        hour, minute = (offset // 60) % every_hours, offset % 60
        hours = f"{hour}-23/{every_hours}" if every_hours > 1 else "*"
        crons.append(f"{minute} {hours} * * *")
    return crons


def resolve_sources(config: OpsConfig, given: list[SourceRun] | None = None) -> list[SourceRun]:
    """The sources to schedule: `given` (demo), else the registry / named entries + overrides."""
    from flows.orchestrate import registry_sources

    timeout = (
        config.archive.source_timeout_hours * 3600 if config.archive.source_timeout_hours else None
    )
    overrides = {o.name: o for o in config.source}
    if given is not None:
        runs = list(given)
    else:
        names = config.sources.names or None
        runs = registry_sources(names) if (config.sources.registry or names) else []
        runs += [
            SourceRun(source=registry_sources([o.name])[0].source, start_urls=o.start_urls)
            for o in config.source
            if o.start_urls and o.name not in {r.name for r in runs}
        ]
    out = []
    for run in runs:
        override = overrides.get(run.name)
        update: dict[str, Any] = {"timeout_seconds": timeout}
        if override:
            update.update(max_pages=override.max_pages, polite=override.polite and run.polite)
            if override.start_urls:
                update["start_urls"] = override.start_urls
        out.append(run.model_copy(update=update))
    return out


def build_deployments(config: OpsConfig, sources: list[SourceRun]) -> list[Any]:
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron

    from flows.orchestrate import archive_sources_flow, maintenance_flow

    wh = config.warehouse
    db_path, archive_dir = str(Path(wh.db_path).resolve()), str(Path(wh.archive_dir).resolve())
    names = [s.name for s in sources]
    crons = staggered_crons(names, config.archive.every_hours, config.archive.first_minute)
    overrides = {o.name: o for o in config.source}
    schedules = [
        Cron(
            (overrides[name].cron if name in overrides and overrides[name].cron else cron),
            timezone=config.archive.timezone,
            parameters={"names": [name]},
            slug=f"archive-{name}",
        )
        for name, cron in zip(names, crons, strict=True)
    ]
    archive = archive_sources_flow.to_deployment(
        name=ARCHIVE_DEPLOYMENT.split("/")[1],
        schedules=schedules,
        parameters={
            "sources": [s.model_dump(mode="json") for s in sources],
            "db_path": db_path,
            "archive_dir": archive_dir,
            "max_concurrent": config.archive.max_concurrent,
            "alerts": config.alerts.model_dump(),
            "incremental": config.archive.incremental,
        },
        concurrency_limit=ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE
        ),
        tags=["vnarchive", "archive"],
        description="Crawl → WARC → extract → load, one subflow per source (deployments.toml).",
    )
    maintenance = maintenance_flow.to_deployment(
        name=MAINTENANCE_DEPLOYMENT.split("/")[1],
        schedules=[Cron(config.maintenance.cron, timezone=config.archive.timezone)],
        parameters={
            "db_path": db_path,
            "archive_dir": archive_dir,
            "parquet_dir": str(Path(wh.parquet_dir).resolve()),
        },
        tags=["vnarchive", "maintenance"],
        description="Checkpoint + ANALYZE, Parquet export, archive index.",
    )
    return [archive, maintenance]


async def _cancel_in_flight(runner: Any, reason: str, wait_seconds: float = 90.0) -> None:
    """Put every running flow run of the served deployments in Cancelling (the same path as
    ``prefect flow-run cancel``: the runner kills the run's process, whose handlers kill the
    crawls and end the runs Cancelled with ``reason``), wait for their final states, then stop
    the runner (which cancels anything left and stops polling)."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterDeploymentId,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import Cancelling

    runner.stopping = True  # no new runs from now on
    log = get_logger("vnarchive.serve")
    try:
        async with get_client() as client:
            ids = [(await client.read_deployment_by_name(n)).id for n in SERVED_DEPLOYMENTS]
            running = await client.read_flow_runs(
                flow_run_filter=FlowRunFilter(
                    deployment_id=FlowRunFilterDeploymentId(any_=ids),
                    state=FlowRunFilterState(
                        type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING])
                    ),
                )
            )
            for run in running:
                log.warning("cancelling flow run %s (%s): %s", run.name, run.id, reason)
                await client.set_flow_run_state(run.id, Cancelling(message=reason), force=True)
            deadline = asyncio.get_running_loop().time() + wait_seconds
            pending = {run.id for run in running}
            while pending and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(1)
                for run_id in list(pending):
                    state = (await client.read_flow_run(run_id)).state
                    if state is None or state.is_final():
                        pending.discard(run_id)
            if pending:
                log.warning("still not final after %.0f s: %s", wait_seconds, sorted(pending))
    except Exception:  # the API is gone: the runner's own shutdown still kills the processes
        log.exception("could not cancel the in-flight runs through the API")
    await runner.astop()


def serve_deployments(config: OpsConfig, sources: list[SourceRun], limit: int | None = None):
    """Register the deployments with the Prefect API and run their flow runs until stopped."""
    from prefect.runner import Runner

    # The runs' processes inherit this: they leave a terminal's Ctrl-C (sent to the whole
    # process group) to this process, which cancels them through Prefect with the reason.
    os.environ[SERVED_ENV] = "1"
    runner = Runner(pause_on_shutdown=True, limit=limit)
    for deployment in build_deployments(config, sources):
        runner.add_deployment(deployment)

    def stop(signum: int, _frame: object) -> None:
        if runner.stopping or not runner.started:  # second Ctrl-C: stop now
            raise KeyboardInterrupt
        name = signal.Signals(signum).name
        runner.execute_in_background(
            _cancel_in_flight, runner, f"vnarchive serve stopped ({name}): run cancelled"
        )

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGINT, stop)
    try:
        # Runner.start installs its own SIGTERM handler (cancel everything, no reason given):
        # ours replaces it once the runner has started.
        asyncio.run(_start(runner, stop))
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


async def _start(runner: Any, stop: Any) -> None:
    async def take_sigterm() -> None:
        while not runner.started:
            await asyncio.sleep(0.1)
        signal.signal(signal.SIGTERM, stop)

    watcher = asyncio.ensure_future(take_sigterm())
    try:
        await runner.start()
    finally:
        watcher.cancel()
