"""Everything a run shows on the Prefect dashboard: artifacts, events, final states, progress.

What the texts say and how a run is judged lives in :mod:`flows.reports` (pure, tested without
Prefect); this module only hands it to Prefect. **Adding a dashboard artifact** is one place here
(a ``create_*_artifact`` call in :func:`publish` or the function of the moment it belongs to, keyed
with :func:`flows.reports.artifact_key` and a kind added to ``reports.ARTIFACT_KINDS``) plus its
test in tests/test_dashboard.py; docs/operations.md lists every artifact.

``archive_flow`` (flows/archive.py) calls:

* :func:`track_crawl` once the run is registered: the crawl progress artifact (0 %);
* :func:`conclude_run` at the end: per-source reports as artifacts, the run's verdict under an
  :class:`~flows.reports.AlertPolicy`, one event per source, the verdict in ``crawl_runs``, and the
  final state (``Completed``, ``Completed`` named "Degraded", or ``Failed`` with the reason);
* :func:`publish_failure` instead, for a run that raised.

``archive_sources_flow`` (flows/orchestrate.py) calls :func:`source_task_state` (the state of the
task wrapping a source's subflow: Failed when the subflow failed, so the parent's graph shows a
failing source red), :func:`outcome_of` and :func:`conclude_sources` (overview table, event, the
parent's aggregate state).

**Crawl progress and its module state.** The crawl runs in a child process; its ``PROGRESS``
lines are read on a thread named ``crawl-<run_id>-output`` (crawlers/subprocess_runner.py) and
passed through :mod:`flows.progress`, whose listeners are process-wide. So the progress trackers
are module state too: ``_trackers`` maps a run id to its :class:`CrawlTracker`, and the listener
finds the tracker from the calling thread's name (several sources crawl at once in one process).
A tracker lives from :func:`track_crawl` to :func:`conclude_run` / :func:`publish_failure` of the
same run. The counts it shows are read from the run's capture manifest with
:class:`flows.reports.Tally`, the same definition of "error" as the report's table.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import get_run_logger
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.context import FlowRunContext
from prefect.events import emit_event
from prefect.states import Completed, Failed, State, StateType

from flows import progress, reports
from flows.locks import warehouse_lock
from flows.reports import (
    EVENT_PREFIX,
    STATE_NAME,
    AlertPolicy,
    SourceOutcome,
    SourceReport,
    Status,
    Tally,
    artifact_key,
    run_scope,
)
from sites import Source

if TYPE_CHECKING:
    from crawlers.items import CaptureRecord
    from warehouse.db import LoadResult


def _log(message: str) -> None:
    with contextlib.suppress(Exception):  # outside a run context
        get_run_logger().info(message)


def _flow_run_resource() -> list[dict[str, str]]:
    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return []
    return [
        {
            "prefect.resource.id": f"prefect.flow-run.{ctx.flow_run.id}",
            "prefect.resource.role": "flow-run",
            "prefect.resource.name": ctx.flow_run.name,
        }
    ]


def completed_state(status: Status, message: str, data: Any = None) -> State:
    """The Prefect state of a status: Failed, Completed named "Degraded", or Completed."""
    if status == "failed":
        return Failed(message=message)
    if status == "degraded":
        return Completed(data=data, name=STATE_NAME["degraded"], message=message)
    return Completed(data=data, message=message)


# -- crawl progress artifact ---------------------------------------------------------------------


class CrawlTracker:
    """The progress artifact of one run's crawl, counting its capture manifest as it grows."""

    UPDATE_EVERY_SECONDS = 2.0

    def __init__(self, manifest: Path, estimate: int | None, key: str) -> None:
        self.manifest = manifest
        self.estimate = estimate
        self.key = key
        self.artifact_id: Any = None
        self.tally = Tally()
        self._offset = 0
        self._last = 0.0
        self._guard = threading.Lock()

    def read_new_lines(self) -> None:
        """Count the manifest lines written since the last call (complete lines only)."""
        from crawlers.items import CaptureRecord

        with self._guard:
            try:
                with open(self.manifest, "rb") as fh:
                    fh.seek(self._offset)
                    chunk = fh.read()
            except FileNotFoundError:
                return
            end = chunk.rfind(b"\n") + 1  # a line still being written waits for the next call
            for line in chunk[:end].splitlines():
                with contextlib.suppress(ValueError):
                    self.tally.add(CaptureRecord.model_validate_json(line))
            self._offset += end

    def update(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.UPDATE_EVERY_SECONDS:
            return
        self._last = now
        self.read_new_lines()
        with contextlib.suppress(Exception):
            update_progress_artifact(
                self.artifact_id,
                reports.progress_percent(self.tally.pages, self.estimate),
                description=reports.progress_text(self.tally, self.estimate),
            )

    def finish(self) -> None:
        self.read_new_lines()
        with contextlib.suppress(Exception):
            update_progress_artifact(
                self.artifact_id,
                100.0,
                description=reports.progress_text(self.tally, self.estimate, done=True),
            )


_trackers: dict[str, CrawlTracker] = {}
_trackers_guard = threading.Lock()
_THREAD_RUN_ID = re.compile(r"^crawl-(.+)-output$")


def _previous_pages(db_path: str, start_urls: list[str]) -> int | None:
    from warehouse.db import Warehouse

    try:
        with warehouse_lock(db_path), Warehouse(db_path) as warehouse:
            return warehouse.previous_pages(start_urls)
    except Exception:  # the progress bar then counts without a total
        return None


def track_crawl(
    run_id: str,
    db_path: str,
    archive_dir: str,
    start_urls: list[str],
    sources: list[Source],
    max_pages: int | None = None,
) -> CrawlTracker | None:
    """Create the run's crawl progress artifact (0 %); the crawl's PROGRESS lines move it."""
    from crawlers.layout import ArchiveLayout

    estimate = _previous_pages(db_path, start_urls)
    if max_pages:
        estimate = min(estimate, max_pages) if estimate else max_pages
    key = artifact_key("progress", run_scope(s.source_id for s in sources))
    tracker = CrawlTracker(ArchiveLayout.of(archive_dir).manifest(run_id), estimate, key)
    try:
        tracker.artifact_id = create_progress_artifact(
            0.0,
            key=key,
            description=reports.progress_text(tracker.tally, estimate),
        )
    except Exception as exc:  # the dashboard must never break a crawl
        _log(f"progress artifact not created: {exc}")
        return None
    with _trackers_guard:
        _trackers[run_id] = tracker
    _install_listener()
    return tracker


def _tracker_for_current_thread() -> CrawlTracker | None:
    match = _THREAD_RUN_ID.match(threading.current_thread().name)
    with _trackers_guard:
        if match:
            for run_id, tracker in _trackers.items():
                if match[1] in (run_id, run_id.replace(":", "_")) or match[1].startswith(run_id):
                    return tracker
        if len(_trackers) == 1:
            return next(iter(_trackers.values()))
    return None


def _on_progress(stage: str, counts: dict[str, int]) -> None:
    # The crawler's own counts are ignored: the tracker counts the manifest with reports.Tally,
    # as the report will (the crawler counts a missing sitemap as an error; the report does not).
    if stage != "crawl":
        return
    tracker = _tracker_for_current_thread()
    if tracker is not None and tracker.artifact_id is not None:
        tracker.update()


_listener_guard = threading.Lock()
_listener_installed = False


def _install_listener() -> None:
    global _listener_installed
    with _listener_guard:
        if not _listener_installed:
            progress.add_listener(_on_progress)
            _listener_installed = True


def _finish_tracker(run_id: str) -> None:
    with _trackers_guard:
        tracker = _trackers.pop(run_id, None)
    if tracker is not None and tracker.artifact_id is not None:
        tracker.finish()


# -- one archive run -----------------------------------------------------------------------------


def emit_source_event(report: SourceReport, run_id: str) -> None:
    """``vnarchive.source.<status>`` on resource ``vnarchive.source.<id>``; payload: the report."""
    try:
        emit_event(
            event=f"{EVENT_PREFIX}.source.{report.status}",
            resource={
                "prefect.resource.id": f"{EVENT_PREFIX}.source.{report.source_id}",
                "prefect.resource.name": report.name,
            },
            related=_flow_run_resource(),
            payload={"run_id": run_id, **report.model_dump(exclude={"warc_files"})},
        )
    except Exception as exc:
        _log(f"event not emitted: {exc}")


def publish(
    report_list: list[SourceReport],
    run_id: str,
    db_path: str,
    archive_dir: str,
    loaded: LoadResult | None,
    scope: str,
) -> None:
    """Artifacts of one archive run: per-source markdown, the sources table, totals, links."""
    for report in report_list:
        create_markdown_artifact(
            reports.source_markdown(report, run_id, archive_dir),
            key=artifact_key("report", report.source_id),
            description=f"{report.name}: {STATE_NAME[report.status]} (run {run_id})",
        )
    create_table_artifact(
        [reports.table_row(r) for r in report_list],
        key=artifact_key("table", scope),
        description=f"Run {run_id}: one row per source",
    )
    if loaded is not None:
        create_markdown_artifact(
            reports.totals_markdown(loaded, run_id, db_path, archive_dir),
            key=artifact_key("totals", scope),
            description=f"Run {run_id}: warehouse totals",
        )
    create_link_artifact(
        f"file://{db_path}",
        link_text=f"DuckDB warehouse {Path(db_path).name}",
        key=artifact_key("duckdb", scope),
        description=f"Run {run_id}",
    )
    create_link_artifact(
        f"file://{archive_dir}",
        link_text=f"WARC archive {archive_dir}",
        key=artifact_key("warc", scope),
        description=f"Run {run_id}",
    )


def _usual_new_articles(
    db_path: str, run_id: str, source_id: str, policy: AlertPolicy
) -> tuple[int, int] | None:
    """(runs with new article pages, runs looked at) among this source's earlier runs."""
    from warehouse.db import Warehouse

    try:
        with warehouse_lock(db_path), Warehouse(db_path) as warehouse:
            counts = warehouse.recent_new_pages(source_id, run_id, policy.history_runs)
    except Exception:  # no history to compare with: the rule stays quiet
        return None
    return sum(1 for n in counts if n > 0), len(counts)


def record_verdict(db_path: str, run_id: str, status: Status, message: str) -> None:
    """crawl_runs.status becomes ``degraded`` or ``failed``, with the alert's reason."""
    from warehouse.db import Warehouse

    try:
        # concurrent sources' subflows open the file in this process too (flows/locks.py)
        with warehouse_lock(db_path), Warehouse(db_path) as warehouse:
            warehouse.set_run_verdict(run_id, status, message)
    except Exception as exc:  # the Prefect state still carries the verdict
        _log(f"verdict not recorded in crawl_runs: {exc}")


def conclude_run(
    summary: Any,
    captures: Iterable[CaptureRecord],  # read once (the run's manifest, streamed)
    loaded: LoadResult,
    sources: list[Source],
    policy: AlertPolicy | None = None,
    crawl_summary: dict[str, Any] | None = None,
) -> State:
    """Publish the run's artifacts and events; the flow returns the state this gives.

    ``crawl_summary``: the crawl child's SUMMARY (its ``skipped_known_by_origin`` keeps the
    error rate's denominator whole on incremental runs)."""
    policy = policy or AlertPolicy()
    skipped = (crawl_summary or {}).get("skipped_known_by_origin") or {}
    report_list = reports.build_reports(captures, loaded, sources, skipped)
    for report in report_list:
        reports.judge(report, policy)
        if report.status != "failed" and report.articles_new == 0:  # the history rule may apply
            history = _usual_new_articles(summary.db_path, summary.run_id, report.source_id, policy)
            reports.judge(report, policy, history)
    _finish_tracker(summary.run_id)
    scope = run_scope(s.source_id for s in sources)
    try:
        publish(report_list, summary.run_id, summary.db_path, summary.archive_dir, loaded, scope)
    except Exception as exc:  # a dashboard hiccup must not fail a loaded run
        _log(f"artifacts not published: {exc}")
    for report in report_list:
        emit_source_event(report, summary.run_id)
    status, message = reports.verdict(report_list)
    if status != "completed":  # the run log in the warehouse agrees with the dashboard
        record_verdict(summary.db_path, summary.run_id, status, message)
    logger = get_run_logger()
    (logger.warning if status != "completed" else logger.info)("%s", message)
    return completed_state(status, message, summary)


def publish_failure(run_id: str, sources: list[Source], exc: BaseException) -> None:
    """A run that raised: a markdown artifact with the reason and a failed event per source."""
    reason = f"{type(exc).__name__}: {exc}".strip()
    with contextlib.suppress(Exception):
        _finish_tracker(run_id)
        create_markdown_artifact(
            reports.failure_markdown(run_id, reason),
            key=artifact_key("failure", run_scope(s.source_id for s in sources)),
            description=reason[:200],
        )
    for source in sources:
        emit_source_event(
            SourceReport(
                source_id=source.source_id,
                name=source.name,
                status="failed",
                reasons=[reason[:500]],
            ),
            run_id,
        )


# -- a run of several sources (flows/orchestrate.py) ---------------------------------------------


def source_task_state(outcome: SourceOutcome) -> State:
    """The final state of the task wrapping a source's subflow: the subflow's own type and name
    (Failed, Crashed, Cancelled … when it did not complete), so the parent's graph shows a
    failing source red; the outcome travels as the state's data."""
    if outcome.status == "failed":
        state_type = StateType.FAILED
        if outcome.state in ("Crashed", "Cancelled"):
            state_type = StateType[outcome.state.upper()]
        return State(type=state_type, name=outcome.state, message=outcome.message, data=outcome)
    return completed_state(outcome.status, outcome.message or outcome.state, outcome)


def outcome_of_subflow(source_id: str, state: State) -> SourceOutcome:
    """What a source's subflow state says (its RunSummary, when it completed)."""
    from pydantic import BaseModel

    summary = None
    if state.is_completed():
        result = state.result(raise_on_failure=False)
        summary = result.model_dump() if isinstance(result, BaseModel) else None
    return SourceOutcome(
        source_id=source_id,
        state=state.name or state.type.value,
        status=reports.status_of_state(state.type.value, state.name),
        message=state.message,
        flow_run_id=str(state.state_details.flow_run_id),
        summary=summary,
    )


def outcome_of(future: Any, source_id: str) -> SourceOutcome:
    """The outcome a wrapper task returned, whatever its final state."""
    future.wait()
    state = future.state
    with contextlib.suppress(Exception):
        result = state.result(raise_on_failure=False)
        if isinstance(result, SourceOutcome):
            return result
    status = reports.status_of_state(state.type.value, state.name)
    return SourceOutcome(
        source_id=source_id,
        state=state.name or state.type.value,
        status=status,
        message=state.message,
    )


def conclude_sources(outcomes: list[SourceOutcome], what: str) -> State:
    """The overview table, the ``vnarchive.archive.<status>`` event, the parent's final state."""
    scope = run_scope(o.source_id for o in outcomes)
    try:
        create_table_artifact(
            [reports.overview_row(o) for o in outcomes],
            key=artifact_key("overview", scope),
            description="One row per source subflow of this run",
        )
    except Exception as exc:
        _log(f"overview artifact not published: {exc}")
    status, message = reports.overall(outcomes)
    try:
        emit_event(
            event=f"{EVENT_PREFIX}.archive.{status}",
            resource={
                "prefect.resource.id": f"{EVENT_PREFIX}.archive",
                "prefect.resource.name": what,
            },
            related=[
                {k: v for k, v in r.items() if k != "prefect.resource.name"}
                for r in _flow_run_resource()
            ],
            payload={"sources": [o.model_dump(exclude={"summary"}) for o in outcomes]},
        )
    except Exception as exc:
        _log(f"event not emitted: {exc}")
    return completed_state(status, message, [o.model_dump() for o in outcomes])


# -- the analyst report (after a scheduled run) ---------------------------------------------------

ANALYST_REPORT_KEY = "analyst-report"  # the charts (markdown with PNG data URLs)
ANALYST_DIRECTIVES_KEY = "analyst-directives"  # the most-cited documents (table)


def publish_analyst_report(db_path: str) -> bool:
    """The analyst report's charts (`vnarchive report`) as a markdown artifact, its directive
    cards as a table artifact. Global keys, not per source: the charts are of the whole
    warehouse. Reads the file read-only; a failure is logged, never fails the run. Returns
    whether the artifacts were published."""
    from flows.analyst_report import artifact_markdown, card_row
    from warehouse.db import Warehouse
    from warehouse.report import read_report

    try:
        with Warehouse(db_path, read_only=True) as warehouse:
            data = read_report(warehouse.con)
        create_markdown_artifact(
            artifact_markdown(data),
            key=ANALYST_REPORT_KEY,
            description="Analyst report: activity per site, directive uptake, organisers by "
            "month, republication between sites",
        )
        create_table_artifact(
            [card_row(card) for card in data.directives],
            key=ANALYST_DIRECTIVES_KEY,
            description="Most-cited documents: issuer, subject, citations, conferences",
        )
    except Exception as exc:  # the run's own result stands; the next run publishes again
        _log(f"analyst report not published: {exc}")
        return False
    return True
