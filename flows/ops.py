"""Operations: what a run shows on the Prefect dashboard, and how it says something is wrong.

`archive_flow` calls into this module at three points:

* :func:`track_crawl` right after the run is registered: a *progress artifact* that the crawl's
  ``PROGRESS`` lines (via :mod:`flows.progress`) move while the crawl subprocess runs;
* :func:`warehouse_lock` around dedupe → load: one loader per DuckDB file (see below);
* :func:`conclude_run` at the end: per-source reports published as artifacts (a markdown table per
  source, one table artifact, links to the DuckDB file and the run's WARC files), the run's
  verdict under an :class:`AlertPolicy`, a Prefect event per source, and the final state
  (``Completed``, ``Completed`` named "Completed with warnings", or ``Failed`` whose message is
  the reason); :func:`publish_failure` does the same for a run that raised.

Warehouse locking: DuckDB admits one writing *process*, and inside one process concurrent writers
race (a dedupe planned before another source's load misses that load's copies). So dedupe → load
runs under a process-wide lock keyed by the resolved DB path plus an ``fcntl`` lock on
``<db>.load.lock`` (other processes on this host). Whole runs started from deployments
(:mod:`flows.orchestrate`) also hold ``<db>.run.lock``, so a scheduled archive run and the nightly
maintenance never open the file at the same time; the served archive deployment additionally has
a Prefect concurrency limit of one run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

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
from prefect.states import Completed, Failed, State
from pydantic import BaseModel

from flows import progress
from sites import Source, source_id_for

if TYPE_CHECKING:
    from crawlers.items import CaptureRecord
    from warehouse.db import LoadResult

COMPLETED_WITH_WARNINGS = "Completed with warnings"
EVENT_PREFIX = "vnarchive"
Level = Literal["ok", "warning", "failed"]


class AlertPolicy(BaseModel):
    """When a source's run is degraded (warning) or failed. Editable in deployments.toml."""

    fail_error_rate: float = 0.5  # share of failed fetches above which the source fails
    warn_error_rate: float = 0.1  # … above which it completes with warnings
    min_fetches: int = 1  # fewer fetch attempts than this: the source fails ("nothing fetched")
    history_runs: int = 5  # earlier runs looked at for "usually has new articles"
    usual_min_runs: int = 2  # … at least this many of them, and
    usual_share: float = 0.5  # … at least this share of them, had new articles


# -- warehouse locks -----------------------------------------------------------------------------

_locks_guard = threading.Lock()
_locks: dict[str, threading.Lock] = {}


def _process_lock(key: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


@contextlib.contextmanager
def _file_lock(path: Path, what: str) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _log(f"waiting for the {what} lock {path} (held by another process)")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def warehouse_lock(db_path: str | Path) -> Iterator[None]:
    """Serialise loads into one DuckDB file: threads of this process, then other processes."""
    resolved = Path(db_path).resolve()
    lock = _process_lock(f"load:{resolved}")
    if not lock.acquire(blocking=False):
        _log(f"waiting for another source's load into {resolved.name}")
        lock.acquire()
    try:
        with _file_lock(resolved.with_name(resolved.name + ".load.lock"), "load"):
            yield
    finally:
        lock.release()


@contextlib.contextmanager
def run_lock(db_path: str | Path) -> Iterator[None]:
    """Held for a whole deployment run (archive or maintenance) against one DuckDB file."""
    resolved = Path(db_path).resolve()
    lock = _process_lock(f"run:{resolved}")
    with lock, _file_lock(resolved.with_name(resolved.name + ".run.lock"), "run"):
        yield


def _log(message: str) -> None:
    with contextlib.suppress(Exception):  # outside a run context
        get_run_logger().info(message)


# -- crawl progress artifact ---------------------------------------------------------------------


class _CrawlProgress:
    def __init__(self, artifact_id: Any, estimate: int | None) -> None:
        self.artifact_id = artifact_id
        self.estimate = estimate
        self.last = 0.0
        self.pages = 0
        self.errors = 0

    def percent(self) -> float:
        if self.estimate:
            return min(99.0, 100.0 * self.pages / self.estimate)
        return min(95.0, 100.0 * self.pages / (self.pages + 100))  # unknown total: creep

    def description(self, done: bool = False) -> str:
        state = "finished" if done else "crawling"
        basis = (
            f"of about {self.estimate} expected" if self.estimate else "no earlier run to compare"
        )
        return f"{state}: {self.pages} pages fetched ({basis}), {self.errors} fetch errors"


_trackers: dict[str, _CrawlProgress] = {}
_trackers_guard = threading.Lock()
_THREAD_RUN_ID = re.compile(r"^crawl-(.+)-output$")
_UPDATE_EVERY_SECONDS = 2.0


def _previous_pages(db_path: str, start_urls: list[str]) -> int | None:
    from warehouse.db import Warehouse

    try:
        with Warehouse(db_path) as warehouse:
            return warehouse.previous_pages(start_urls)
    except Exception:  # the progress bar then counts without a total
        return None


def track_crawl(
    run_id: str, db_path: str, start_urls: list[str], max_pages: int | None = None
) -> None:
    """Create the run's crawl progress artifact (0 %); the crawl's PROGRESS lines move it."""
    estimate = _previous_pages(db_path, start_urls)
    if max_pages:
        estimate = min(estimate, max_pages) if estimate else max_pages
    tracker = _CrawlProgress(None, estimate)
    try:
        tracker.artifact_id = create_progress_artifact(
            0.0, key="crawl-progress", description=tracker.description()
        )
    except Exception as exc:  # the dashboard must never break a crawl
        _log(f"progress artifact not created: {exc}")
        return
    with _trackers_guard:
        _trackers[run_id] = tracker
        _install_listener()


def _tracker_for_current_thread() -> _CrawlProgress | None:
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
    if stage != "crawl":
        return
    tracker = _tracker_for_current_thread()
    if tracker is None or tracker.artifact_id is None:
        return
    tracker.pages = counts.get("pages", tracker.pages)
    tracker.errors = counts.get("errors", tracker.errors)
    now = time.monotonic()
    if now - tracker.last < _UPDATE_EVERY_SECONDS:
        return
    tracker.last = now
    with contextlib.suppress(Exception):
        update_progress_artifact(
            tracker.artifact_id, tracker.percent(), description=tracker.description()
        )


_listener_installed = False


def _install_listener() -> None:
    global _listener_installed
    if not _listener_installed:
        progress.add_listener(_on_progress)
        _listener_installed = True


def _finish_tracker(run_id: str, pages: int, errors: int) -> None:
    with _trackers_guard:
        tracker = _trackers.pop(run_id, None)
    if tracker is None or tracker.artifact_id is None:
        return
    tracker.pages, tracker.errors = pages, errors
    with contextlib.suppress(Exception):
        update_progress_artifact(
            tracker.artifact_id, 100.0, description=tracker.description(done=True)
        )


# -- per-source reports --------------------------------------------------------------------------


class SourceReport(BaseModel):
    source_id: str
    name: str
    pages_fetched: int = 0  # archived responses, any status (incl. payload-less revisits)
    fetch_attempts: int = 0  # every URL tried, robots.txt refusals excluded
    errors: int = 0  # network failures + HTTP ≥ 400 (a missing robots.txt is not an error)
    errors_by_reason: dict[str, int] = {}
    robots_disallowed: int = 0
    articles_new: int = 0  # article pages (URLs) not stored before
    articles_changed: int = 0  # stored article pages whose text changed
    articles_unchanged: int = 0  # stored article pages re-seen with the same text
    new_directives: int | None = None  # None: several sources shared the run (see run totals)
    new_conferences: int | None = None
    # Every fetched page's outcome, counted: {"article": 20, "rejected: short body": 3, ...}
    outcomes: dict[str, int] = {}
    warc_files: list[str] = []
    level: Level = "ok"
    reasons: list[str] = []

    @property
    def error_rate(self) -> float:
        return self.errors / self.fetch_attempts if self.fetch_attempts else 0.0


def error_reason(capture: CaptureRecord) -> str | None:
    """Why a capture counts as an error, or None (a missing robots.txt or sitemap is fine)."""
    from crawlers.items import ROBOTS_DISALLOWED

    if capture.error:
        if capture.error == ROBOTS_DISALLOWED:
            return None
        return capture.error.split(":", 1)[0].strip()[:80] or "error"
    if capture.status is not None and capture.status >= 400:
        path = capture.url.split("?", 1)[0].rsplit("/", 1)[-1].lower()
        discovery_probe = path == "robots.txt" or (path.startswith("sitemap") and ".xml" in path)
        if discovery_probe and capture.status in (403, 404, 410):
            return None  # the spider probes these; a site without them is not failing
        return f"HTTP {capture.status}"
    return None


def build_reports(
    captures: list[CaptureRecord], loaded: LoadResult | None, sources: list[Source]
) -> list[SourceReport]:
    from crawlers.items import ROBOTS_DISALLOWED

    names = {s.source_id: s.name for s in sources}
    reports: dict[str, SourceReport] = {}

    def report_for(source_id: str) -> SourceReport:
        if source_id not in reports:
            reports[source_id] = SourceReport(
                source_id=source_id, name=names.get(source_id, source_id)
            )
        return reports[source_id]

    reasons: dict[str, Counter[str]] = {}
    warcs: dict[str, set[str]] = {}
    for capture in captures:
        source_id = source_id_for(capture.url, sources) or "(other)"
        report = report_for(source_id)
        if capture.error == ROBOTS_DISALLOWED:
            report.robots_disallowed += 1
            continue
        report.fetch_attempts += 1
        if capture.status is not None:
            report.pages_fetched += 1
        if capture.warc_file:
            warcs.setdefault(source_id, set()).add(capture.warc_file)
        reason = error_reason(capture)
        if reason:
            report.errors += 1
            reasons.setdefault(source_id, Counter())[reason] += 1
    changes = loaded.copy_changes if loaded is not None else {}
    for source_id, counts in changes.items():
        report = report_for(source_id)
        report.articles_new = counts.get("new", 0)
        report.articles_changed = counts.get("changed", 0)
        report.articles_unchanged = counts.get("unchanged", 0)
    for source_id, counts in (loaded.outcomes if loaded is not None else {}).items():
        report_for(source_id).outcomes = dict(counts)
    for source_id, counter in reasons.items():
        reports[source_id].errors_by_reason = dict(counter.most_common())
    for source_id, files in warcs.items():
        reports[source_id].warc_files = sorted(files)
    # Declared sources that fetched nothing still get a (failing) report.
    for source in sources:
        report_for(source.source_id)
    if loaded is not None and len(reports) == 1:
        (only,) = reports.values()
        only.new_directives = _diff(loaded, "directives")
        only.new_conferences = _diff(loaded, "conferences")
    return sorted(reports.values(), key=lambda r: r.source_id)


def _diff(loaded: LoadResult, table: str) -> int:
    return loaded.totals.get(table, 0) - loaded.totals_before.get(table, 0)


# -- verdict -------------------------------------------------------------------------------------


def _usual_new_articles(db_path: str, run_id: str, report: SourceReport, policy: AlertPolicy):
    """(runs with new article pages, runs looked at) among this source's earlier runs."""
    from warehouse.db import Warehouse

    try:
        with Warehouse(db_path) as warehouse:
            counts = warehouse.recent_new_pages(report.source_id, run_id, policy.history_runs)
    except Exception:  # no history to compare with: the rule stays quiet
        return 0, 0
    return sum(1 for n in counts if n > 0), len(counts)


def judge(
    report: SourceReport, policy: AlertPolicy, db_path: str | None = None, run_id: str = ""
) -> SourceReport:
    """Set ``report.level`` and ``report.reasons`` under ``policy``."""
    reasons: list[str] = []
    level: Level = "ok"
    top = ", ".join(f"{k} ×{v}" for k, v in list(report.errors_by_reason.items())[:3])
    if report.fetch_attempts < policy.min_fetches:
        level = "failed"
        extra = f" ({report.robots_disallowed} refused by robots.txt)" * bool(
            report.robots_disallowed
        )
        reasons.append(f"nothing fetched{extra}")
    elif report.error_rate > policy.fail_error_rate:
        level = "failed"
        reasons.append(
            f"{report.errors}/{report.fetch_attempts} fetches failed "
            f"({report.error_rate:.0%} > {policy.fail_error_rate:.0%}): {top}"
        )
    elif report.error_rate > policy.warn_error_rate:
        level = "warning"
        reasons.append(
            f"{report.errors}/{report.fetch_attempts} fetches failed "
            f"({report.error_rate:.0%} > {policy.warn_error_rate:.0%}): {top}"
        )
    if level != "failed" and report.articles_new == 0 and db_path:
        with_new, looked_at = _usual_new_articles(db_path, run_id, report, policy)
        if looked_at >= policy.usual_min_runs and with_new >= max(
            policy.usual_min_runs, policy.usual_share * looked_at
        ):
            level = "warning"
            reasons.append(
                f"no new articles, though {with_new} of its last {looked_at} runs had some"
            )
    report.level, report.reasons = level, reasons
    return report


# -- artifacts and events ------------------------------------------------------------------------


def artifact_key(*parts: str) -> str:
    """Prefect artifact keys allow lowercase letters, digits and dashes only."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower())).strip("-")


LEVEL_LABEL = {"ok": "OK", "warning": "COMPLETED WITH WARNINGS", "failed": "FAILED"}


def outcome_summary(outcomes: dict[str, int]) -> str:
    """ "article ×20, listing ×4, rejected: short body ×2" (most frequent first)."""
    ordered = sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{label} ×{n}" for label, n in ordered) or "none"


def source_markdown(report: SourceReport, run_id: str, archive_dir: str) -> str:
    reasons = ", ".join(f"{reason} ×{n}" for reason, n in report.errors_by_reason.items()) or "none"

    def maybe(value: int | None) -> str:
        return "— (run total below)" if value is None else str(value)

    lines = [
        f"### {report.name} (`{report.source_id}`) — {LEVEL_LABEL[report.level]}",
        "",
        f"Run `{run_id}`" + (f": {'; '.join(report.reasons)}" if report.reasons else ""),
        "",
        "| measure | value |",
        "|---|---:|",
        f"| pages fetched | {report.pages_fetched} |",
        f"| fetch errors | {report.errors} ({report.error_rate:.0%}) |",
        f"| errors by reason | {reasons} |",
        f"| robots.txt refusals | {report.robots_disallowed} |",
        f"| pages by outcome | {outcome_summary(report.outcomes)} |",
        f"| new articles | {report.articles_new} |",
        f"| changed articles | {report.articles_changed} |",
        f"| unchanged articles | {report.articles_unchanged} |",
        f"| new directives | {maybe(report.new_directives)} |",
        f"| new conferences | {maybe(report.new_conferences)} |",
    ]
    if report.warc_files:
        lines += ["", "WARC files:"] + [
            f"- [{name}](file://{Path(archive_dir, name)})" for name in report.warc_files
        ]
    return "\n".join(lines)


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


def emit_source_event(report: SourceReport, run_id: str) -> None:
    """``vnarchive.source.{completed,degraded,failed}`` on resource ``vnarchive.source.<id>``."""
    name = {"ok": "completed", "warning": "degraded", "failed": "failed"}[report.level]
    try:
        emit_event(
            event=f"{EVENT_PREFIX}.source.{name}",
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
    reports: list[SourceReport],
    run_id: str,
    db_path: str,
    archive_dir: str,
    loaded: LoadResult | None,
) -> None:
    """Artifacts of one archive run: per-source markdown, the sources table, links."""
    for report in reports:
        create_markdown_artifact(
            source_markdown(report, run_id, archive_dir),
            key=artifact_key("source", report.source_id),
            description=f"{report.name}: {LEVEL_LABEL[report.level]}",
        )
    create_table_artifact(
        [
            {
                "source": r.source_id,
                "status": r.level,
                "pages_fetched": r.pages_fetched,
                "fetch_errors": r.errors,
                "errors_by_reason": "; ".join(f"{k} ×{v}" for k, v in r.errors_by_reason.items()),
                "outcomes": outcome_summary(r.outcomes),
                "new_articles": r.articles_new,
                "changed_articles": r.articles_changed,
                "unchanged_articles": r.articles_unchanged,
                "new_directives": r.new_directives,
                "new_conferences": r.new_conferences,
                "reason": "; ".join(r.reasons),
            }
            for r in reports
        ],
        key="archive-sources",
        description=f"Run {run_id}: one row per source",
    )
    if loaded is not None:
        create_markdown_artifact(
            "\n".join(
                [
                    f"### Run `{run_id}` totals",
                    "",
                    "| measure | this run | warehouse total |",
                    "|---|---:|---:|",
                    f"| stories (articles) | {loaded.articles_new} | {loaded.articles_after} |",
                ]
                + [
                    f"| {t.replace('_', ' ')} | {_diff(loaded, t)} | {loaded.totals.get(t, 0)} |"
                    for t in ("article_copies", "directives", "conferences", "people")
                ]
                + ["", f"DuckDB: `{db_path}` · WARC archive: `{archive_dir}`"]
            ),
            key="archive-run-totals",
            description=f"Run {run_id}: warehouse totals",
        )
    create_link_artifact(
        f"file://{db_path}", link_text=f"DuckDB warehouse {Path(db_path).name}", key="duckdb-file"
    )
    create_link_artifact(
        f"file://{archive_dir}", link_text=f"WARC archive {archive_dir}", key="warc-archive"
    )


def final_state(reports: list[SourceReport], data: Any, what: str = "run") -> State:
    """Failed if any report failed, Completed-with-warnings if any warned, else Completed."""
    failed = [r for r in reports if r.level == "failed"]
    warned = [r for r in reports if r.level == "warning"]

    def lines(rs: list[SourceReport]) -> str:
        return "; ".join(f"{r.source_id}: {', '.join(r.reasons)}" for r in rs)

    def count(rs: list[SourceReport], verb: str) -> str:
        return "" if len(reports) == 1 else f"{len(rs)} of {len(reports)} sources {verb} — "

    if failed:
        return Failed(message=count(failed, "failed") + lines(failed))
    if warned:
        return Completed(
            data=data,
            name=COMPLETED_WITH_WARNINGS,
            message=count(warned, "degraded") + lines(warned),
        )
    return Completed(data=data, message=f"{what} completed: {len(reports)} sources ok")


def conclude_run(
    summary: Any,
    captures: list[CaptureRecord],
    loaded: LoadResult,
    sources: list[Source],
    policy: AlertPolicy | None = None,
) -> State:
    """Publish the run's artifacts and events; the flow returns the state this gives."""
    policy = policy or AlertPolicy()
    reports = build_reports(captures, loaded, sources)
    for report in reports:
        judge(report, policy, summary.db_path, summary.run_id)
    _finish_tracker(summary.run_id, summary.pages_fetched, summary.fetch_errors)
    try:
        publish(reports, summary.run_id, summary.db_path, summary.archive_dir, loaded)
    except Exception as exc:  # a dashboard hiccup must not fail a loaded run
        _log(f"artifacts not published: {exc}")
    for report in reports:
        emit_source_event(report, summary.run_id)
    state = final_state(reports, summary)
    if state.name != "Completed":  # the run log in the warehouse agrees with the dashboard
        record_verdict(summary.db_path, summary.run_id, state)
    logger = get_run_logger()
    (logger.warning if state.name != "Completed" else logger.info)("%s", state.message)
    return state


def record_verdict(db_path: str, run_id: str, state: State) -> None:
    """crawl_runs.status becomes ``failed`` or ``degraded``, with the alert's reason."""
    from warehouse.db import Warehouse

    status = "failed" if state.is_failed() else "degraded"
    try:
        with Warehouse(db_path) as warehouse:
            warehouse.set_run_verdict(run_id, status, state.message or "")
    except Exception as exc:  # the Prefect state still carries the verdict
        _log(f"verdict not recorded in crawl_runs: {exc}")


def publish_failure(run_id: str, sources: list[Source], exc: BaseException) -> None:
    """A run that raised: a markdown artifact with the reason and a failed event per source."""
    reason = f"{type(exc).__name__}: {exc}".strip()
    with contextlib.suppress(Exception):
        _finish_tracker(run_id, 0, 0)
        create_markdown_artifact(
            f"### Run `{run_id}` failed\n\n```\n{reason[:4000]}\n```",
            key="archive-failure",
            description=reason[:200],
        )
    for source in sources:
        emit_source_event(
            SourceReport(
                source_id=source.source_id,
                name=source.name,
                level="failed",
                reasons=[reason[:500]],
            ),
            run_id,
        )


def env_policy() -> AlertPolicy:
    """AlertPolicy with overrides from VNARCHIVE_ALERT_<FIELD> environment variables."""
    overrides = {
        name: os.environ[f"VNARCHIVE_ALERT_{name.upper()}"]
        for name in AlertPolicy.model_fields
        if f"VNARCHIVE_ALERT_{name.upper()}" in os.environ
    }
    return AlertPolicy.model_validate(overrides)
