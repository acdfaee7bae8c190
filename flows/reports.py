"""What a run's report says: counts per source, the verdict, the texts operators read.

Pure: no Prefect, no DuckDB, no files. :mod:`flows.dashboard` turns what this module computes into
artifacts, events and Prefect states; the tests (tests/test_reports.py) check it without either.

**One status vocabulary** everywhere: a source's run is ``completed``, ``degraded`` (loaded, but
the alert rules warned) or ``failed``. The same three words are ``crawl_runs.status`` (which also
has ``running``, ``cancelled`` and ``interrupted`` for runs that did not finish), the event names
(``vnarchive.source.completed`` …), the ``status`` column of the sources table, the markdown
headings and the Prefect state names ("Degraded" is a ``Completed`` state: Prefect has no warning
state type).

**One definition of an error** (:func:`classify`), used by the crawl progress artifact while the
crawl runs and by the report after it, so both show the same numbers:

* a refusal (robots.txt disallowed, out of scope) is neither a fetch nor an error;
* a network failure, a refused-after-download body ("too large: …") or an HTTP status ≥ 400 is an
  error — except a 403/404/410 on ``robots.txt`` or ``sitemap*.xml``, which the spider probes on
  every site: a site without them is not failing;
* anything else is a fetch.

**The error rate's denominator does not shrink on incremental runs**: it is the pages the crawl
*reached* — every URL fetched or tried, plus the known article pages an incremental crawl reached
but did not fetch again (``skipped_known``). The same three broken URLs of a 30-page site rate
3/30 on the first run and 3/30 again on the rerun (not 3/18), and the table shows both numbers.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel

from sites import Source, source_id_for

if TYPE_CHECKING:
    from crawlers.items import CaptureRecord
    from warehouse.db import LoadResult

Status = Literal["completed", "degraded", "failed"]
STATUSES: tuple[Status, ...] = ("completed", "degraded", "failed")
# Prefect state name of each status ("Degraded" is a Completed state, Failed one of type FAILED).
STATE_NAME: dict[Status, str] = {
    "completed": "Completed",
    "degraded": "Degraded",
    "failed": "Failed",
}
EVENT_PREFIX = "vnarchive"
OTHER = "(other)"  # captures no declared source's base URL covers

# -- alert policy --------------------------------------------------------------------------------


class AlertPolicy(BaseModel):
    """When a source's run is degraded or failed. Editable in deployments.toml ``[alerts]``."""

    fail_error_rate: float = 0.5  # error rate (errors / pages reached) above which it fails
    warn_error_rate: float = 0.1  # … above which it is degraded
    min_fetches: int = 1  # fewer fetch attempts than this: the source fails ("nothing fetched")
    history_runs: int = 5  # earlier runs looked at for "usually has new articles"
    usual_min_runs: int = 2  # … at least this many of them, and
    usual_share: float = 0.5  # … at least this share of them, had new articles

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AlertPolicy:
        """The defaults, overridden by ``VNARCHIVE_ALERT_<FIELD>`` environment variables."""
        env = os.environ if environ is None else environ
        overrides = {
            name: env[f"VNARCHIVE_ALERT_{name.upper()}"]
            for name in cls.model_fields
            if f"VNARCHIVE_ALERT_{name.upper()}" in env
        }
        return cls.model_validate(overrides)


# -- what counts as an error ---------------------------------------------------------------------

CaptureKind = Literal["refused", "error", "fetched"]
_SCOPE_PREFIX = "scope:"  # crawlers/scope.py SCOPE_PREFIX (a refusal, written before any fetch)


def _robots_disallowed() -> str:
    from crawlers.items import ROBOTS_DISALLOWED  # pydantic-only module: no Scrapy, no I/O

    return ROBOTS_DISALLOWED


def is_refusal(capture: CaptureRecord) -> bool:
    """The crawler chose not to fetch (robots.txt, scope): not a fetch, not an error."""
    error = capture.error or ""
    return error == _robots_disallowed() or error.startswith(_SCOPE_PREFIX)


def error_reason(capture: CaptureRecord) -> str | None:
    """Why a capture counts as an error ("HTTP 503", "TimeoutError", "too large"), or None."""
    if is_refusal(capture):
        return None
    if capture.error:
        return capture.error.split(":", 1)[0].strip()[:80] or "error"
    if capture.status is not None and capture.status >= 400:
        path = capture.url.split("?", 1)[0].rsplit("/", 1)[-1].lower()
        discovery_probe = path == "robots.txt" or (path.startswith("sitemap") and ".xml" in path)
        if discovery_probe and capture.status in (403, 404, 410):
            return None  # the spider probes these; a site without them is not failing
        return f"HTTP {capture.status}"
    return None


def classify(capture: CaptureRecord) -> CaptureKind:
    if is_refusal(capture):
        return "refused"
    return "error" if error_reason(capture) else "fetched"


class Tally(BaseModel):
    """Counts over capture manifest lines: one source's (report) or a whole crawl's (progress)."""

    attempts: int = 0  # URLs fetched or tried (refusals excluded)
    pages: int = 0  # archived responses, any status (incl. payload-less revisits)
    errors: int = 0
    reasons: dict[str, int] = {}
    robots_disallowed: int = 0
    scope_refused: int = 0

    def add(self, capture: CaptureRecord) -> CaptureKind:
        kind = classify(capture)
        if kind == "refused":
            if capture.error == _robots_disallowed():
                self.robots_disallowed += 1
            else:
                self.scope_refused += 1
            return kind
        self.attempts += 1
        if capture.status is not None:
            self.pages += 1
        reason = error_reason(capture)
        if reason:
            self.errors += 1
            self.reasons[reason] = self.reasons.get(reason, 0) + 1
        return kind


# -- per-source reports --------------------------------------------------------------------------


class SourceReport(BaseModel):
    source_id: str
    name: str
    pages_fetched: int = 0  # archived responses, any status (incl. payload-less revisits)
    fetch_attempts: int = 0  # every URL fetched or tried; refusals (robots.txt, scope) excluded
    skipped_known: int = 0  # known article pages an incremental crawl reached, not fetched again
    errors: int = 0  # see classify()
    errors_by_reason: dict[str, int] = {}
    robots_disallowed: int = 0
    scope_refused: int = 0
    articles_new: int = 0  # article pages (URLs) not stored before
    articles_changed: int = 0  # stored article pages whose text changed
    articles_unchanged: int = 0  # stored article pages re-seen with the same text
    new_directives: int | None = None  # None: several sources shared the run (see run totals)
    new_conferences: int | None = None
    # Every fetched page's outcome, counted: {"article": 20, "rejected: short body": 3, ...}
    outcomes: dict[str, int] = {}
    warc_files: list[str] = []
    status: Status = "completed"
    reasons: list[str] = []

    @property
    def pages_reached(self) -> int:
        """The error rate's denominator: it does not shrink when an incremental run skips
        known pages."""
        return self.fetch_attempts + self.skipped_known

    @property
    def error_rate(self) -> float:
        return self.errors / self.pages_reached if self.pages_reached else 0.0


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL (how the crawler keys its skipped-known counts)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def attribute_origin(origin_: str, sources: list[Source]) -> str | None:
    """The source a host's skipped-known count belongs to: the source at the host's root, else
    the only source on that host, else None (several sources share the host below its root:
    whose skips they were is unknown, so they are counted for none)."""
    root = origin_ + "/"
    at_root = source_id_for(root, [s for s in sources if s.under_base(root)])
    if at_root is not None:
        return at_root
    on_host = [s.source_id for s in sources if origin(s.base_url) == origin_]
    return on_host[0] if len(on_host) == 1 else None


def build_reports(
    captures: Iterable[CaptureRecord],
    loaded: LoadResult | None,
    sources: list[Source],
    skipped_known: Mapping[str, int] | None = None,
) -> list[SourceReport]:
    """One report per declared source (a source that fetched nothing too) and ``(other)``.

    ``skipped_known``: the crawl's known pages reached but not fetched again, per origin
    (the crawl summary's ``skipped_known_by_origin``)."""
    names = {s.source_id: s.name for s in sources}
    tallies: dict[str, Tally] = {}
    warcs: dict[str, set[str]] = {}
    for capture in captures:
        source_id = source_id_for(capture.url, sources) or OTHER
        tally = tallies.setdefault(source_id, Tally())
        if tally.add(capture) != "refused" and capture.warc_file:
            warcs.setdefault(source_id, set()).add(capture.warc_file)
    skipped: Counter[str] = Counter()
    for origin_, n in (skipped_known or {}).items():
        # Skips only add to the reports of sources that are there anyway: a report made of skips
        # alone would fail ("nothing fetched") for pages nobody tried to fetch.
        skipped[attribute_origin(origin_, sources) or OTHER] += n
    changes = loaded.copy_changes if loaded is not None else {}
    outcomes = loaded.outcomes if loaded is not None else {}
    ids = {s.source_id for s in sources} | set(tallies) | set(changes) | set(outcomes)
    reports = []
    for source_id in sorted(ids):
        tally = tallies.get(source_id, Tally())
        counts = changes.get(source_id, {})
        reports.append(
            SourceReport(
                source_id=source_id,
                name=names.get(source_id, source_id),
                pages_fetched=tally.pages,
                fetch_attempts=tally.attempts,
                skipped_known=skipped[source_id],
                errors=tally.errors,
                errors_by_reason=dict(Counter(tally.reasons).most_common()),
                robots_disallowed=tally.robots_disallowed,
                scope_refused=tally.scope_refused,
                articles_new=counts.get("new", 0),
                articles_changed=counts.get("changed", 0),
                articles_unchanged=counts.get("unchanged", 0),
                outcomes=dict(outcomes.get(source_id, {})),
                warc_files=sorted(warcs.get(source_id, ())),
            )
        )
    if loaded is not None and len(reports) == 1:
        (only,) = reports
        only.new_directives = table_diff(loaded, "directives")
        only.new_conferences = table_diff(loaded, "conferences")
    return reports


def table_diff(loaded: LoadResult, table: str) -> int:
    return loaded.totals.get(table, 0) - loaded.totals_before.get(table, 0)


# -- verdict -------------------------------------------------------------------------------------


def percent(value: float) -> str:
    """ "10%", "16.7%": whole percents without decimals, others with one."""
    text = f"{value:.1%}"
    return text.replace(".0%", "%")


def _above(rate: float, threshold: float) -> str:
    """ "16.7% > 10%"; "10.04% > 10%" where one decimal would show the same number twice."""
    shown = percent(rate)
    if shown == percent(threshold):
        shown = f"{rate:.2%}"
    return f"{shown} > {percent(threshold)}"


def judge(
    report: SourceReport, policy: AlertPolicy, history: tuple[int, int] | None = None
) -> SourceReport:
    """Set ``report.status`` and ``report.reasons`` under ``policy``.

    ``history``: (earlier runs of this source with new article pages, earlier runs looked at),
    for the "usually has new articles" rule; None skips the rule. Thresholds are strict: an error
    rate equal to ``warn_error_rate`` is still ``completed``."""
    reasons: list[str] = []
    status: Status = "completed"
    top = ", ".join(f"{k} ×{v}" for k, v in list(report.errors_by_reason.items())[:3])
    rate = f"{report.errors}/{report.pages_reached} pages failed"
    if report.fetch_attempts < policy.min_fetches:
        status = "failed"
        refused = report.robots_disallowed
        reasons.append(
            "nothing fetched" + (f" ({refused} refused by robots.txt)" if refused else "")
        )
    elif report.error_rate > policy.fail_error_rate:
        status = "failed"
        reasons.append(f"{rate} ({_above(report.error_rate, policy.fail_error_rate)}): {top}")
    elif report.error_rate > policy.warn_error_rate:
        status = "degraded"
        reasons.append(f"{rate} ({_above(report.error_rate, policy.warn_error_rate)}): {top}")
    if status != "failed" and report.articles_new == 0 and history is not None:
        with_new, looked_at = history
        if looked_at >= policy.usual_min_runs and with_new >= max(
            policy.usual_min_runs, policy.usual_share * looked_at
        ):
            status = "degraded"
            reasons.append(
                f"no new articles, though {with_new} of its last {looked_at} runs had some"
            )
    report.status, report.reasons = status, reasons
    return report


def worst(statuses: Iterable[Status]) -> Status:
    found = set(statuses)
    return "failed" if "failed" in found else "degraded" if "degraded" in found else "completed"


def verdict(reports: list[SourceReport], what: str = "run") -> tuple[Status, str]:
    """The run's status (its worst source's) and the message its final state carries."""
    status = worst(r.status for r in reports)
    if status == "completed":
        return status, f"{what} completed: {len(reports)} sources completed"
    chosen = [r for r in reports if r.status == status]
    reasons = "; ".join(f"{r.source_id}: {', '.join(r.reasons)}" for r in chosen)
    if len(reports) == 1:
        return status, reasons
    return status, f"{len(chosen)} of {len(reports)} sources {status} — {reasons}"


class SourceOutcome(BaseModel):
    """How one source's subflow of a multi-source run ended."""

    source_id: str
    state: str  # Prefect state name: Completed, Degraded, Failed, Crashed, Cancelled, TimedOut …
    status: Status
    message: str | None = None
    flow_run_id: str | None = None
    summary: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def status_of_state(state_type: str, state_name: str | None) -> Status:
    """A subflow's final state as a status: ``Degraded`` is a Completed state named so; anything
    not completed (failed, crashed, cancelled, timed out) counts as failed."""
    if state_type != "COMPLETED":
        return "failed"
    return "degraded" if state_name == STATE_NAME["degraded"] else "completed"


def _why(outcome: SourceOutcome) -> str:
    message = outcome.message or outcome.state
    prefix = f"{outcome.source_id}:"
    return message if message.startswith(prefix) else f"{prefix} {message}"


def overall(outcomes: list[SourceOutcome]) -> tuple[Status, str]:
    """A multi-source run's status and message: its worst source's, naming each such source."""
    status = worst(o.status for o in outcomes)
    if status == "completed":
        return status, f"all {len(outcomes)} sources completed"
    chosen = [o for o in outcomes if o.status == status]
    reasons = "; ".join(_why(o) for o in chosen)
    return status, f"{len(chosen)} of {len(outcomes)} sources {status} — {reasons}"


# -- artifact keys -------------------------------------------------------------------------------

# Kinds of artifact a run publishes (flows/dashboard.py); the key is per source, see artifact_key.
ARTIFACT_KINDS = (
    "progress",  # crawl progress (moves while the crawl runs)
    "report",  # markdown per source
    "table",  # the sources table
    "totals",  # the run's additions vs warehouse totals
    "duckdb",  # link to the DuckDB file
    "warc",  # link to the WARC directory
    "failure",  # only when the run raised
    "overview",  # multi-source run: one row per source subflow
)
_MAX_SCOPE = 48


def slug(text: str) -> str:
    """Prefect artifact keys allow lowercase letters, digits and dashes only."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")


def run_scope(source_ids: Iterable[str]) -> str:
    """What a run's artifact keys name: its source ("dukcqtw"), its few sources joined, or for
    many "<n>-sources-<hash>" (stable for the same set of sources)."""
    ids = sorted(set(source_ids))
    joined = slug("-".join(ids))
    if len(ids) == 1 or len(joined) <= _MAX_SCOPE:
        return joined or "none"
    digest = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:8]
    return f"{len(ids)}-sources-{digest}"


def artifact_key(kind: str, scope: str) -> str:
    """``source-<scope>-<kind>``: one key per source (or set of sources) and kind, so the
    Artifacts page lists each source's latest report and keeps its history across runs. Not per
    run: a key per run would add keys without end; each artifact's description names its run."""
    if kind not in ARTIFACT_KINDS:
        raise ValueError(f"unknown artifact kind {kind!r}; known: {ARTIFACT_KINDS}")
    return f"source-{slug(scope) or 'none'}-{kind}"


# -- texts ---------------------------------------------------------------------------------------


def outcome_summary(outcomes: dict[str, int]) -> str:
    """ "article ×20, listing ×4, rejected: short body ×2" (most frequent first)."""
    ordered = sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{label} ×{n}" for label, n in ordered) or "none"


def error_rate_text(report: SourceReport) -> str:
    """ "3 of 30 pages reached (10%)": numerator and denominator, never only the ratio."""
    return f"{report.errors} of {report.pages_reached} pages reached ({percent(report.error_rate)})"


def reached_text(report: SourceReport) -> str:
    if not report.skipped_known:
        return f"{report.pages_reached} (all fetched or tried)"
    return (
        f"{report.pages_reached} ({report.fetch_attempts} fetched or tried, "
        f"{report.skipped_known} known articles not fetched again)"
    )


def source_markdown(report: SourceReport, run_id: str, archive_dir: str) -> str:
    reasons = ", ".join(f"{reason} ×{n}" for reason, n in report.errors_by_reason.items()) or "none"

    def maybe(value: int | None) -> str:
        return "— (run total below)" if value is None else str(value)

    lines = [
        f"### {report.name} (`{report.source_id}`) — {STATE_NAME[report.status]}",
        "",
        f"Run `{run_id}`" + (f": {'; '.join(report.reasons)}" if report.reasons else ""),
        "",
        "| measure | value |",
        "|---|---:|",
        f"| pages fetched | {report.pages_fetched} |",
        f"| pages reached | {reached_text(report)} |",
        f"| fetch errors | {error_rate_text(report)} |",
        f"| errors by reason | {reasons} |",
        f"| robots.txt refusals | {report.robots_disallowed} |",
        f"| out-of-scope refusals | {report.scope_refused} |",
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


def table_row(report: SourceReport) -> dict[str, Any]:
    """One row of the sources table artifact."""
    return {
        "source": report.source_id,
        "status": report.status,
        "pages_fetched": report.pages_fetched,
        "pages_reached": report.pages_reached,
        "skipped_known": report.skipped_known,
        "fetch_errors": report.errors,
        "error_rate": f"{report.errors}/{report.pages_reached}",
        "errors_by_reason": "; ".join(f"{k} ×{v}" for k, v in report.errors_by_reason.items()),
        "refused": report.robots_disallowed + report.scope_refused,
        "outcomes": outcome_summary(report.outcomes),
        "new_articles": report.articles_new,
        "changed_articles": report.articles_changed,
        "unchanged_articles": report.articles_unchanged,
        "new_directives": report.new_directives,
        "new_conferences": report.new_conferences,
        "reason": "; ".join(report.reasons),
    }


def totals_markdown(loaded: LoadResult, run_id: str, db_path: str, archive_dir: str) -> str:
    return "\n".join(
        [
            f"### Run `{run_id}` totals",
            "",
            "| measure | this run | warehouse total |",
            "|---|---:|---:|",
            f"| stories (articles) | {loaded.articles_new} | {loaded.articles_after} |",
        ]
        + [
            f"| {t.replace('_', ' ')} | {table_diff(loaded, t)} | {loaded.totals.get(t, 0)} |"
            for t in ("article_copies", "directives", "conferences", "people")
        ]
        + ["", f"DuckDB: `{db_path}` · WARC archive: `{archive_dir}`"]
    )


def failure_markdown(run_id: str, reason: str) -> str:
    return f"### Run `{run_id}` failed\n\n```\n{reason[:4000]}\n```"


def overview_row(outcome: SourceOutcome) -> dict[str, Any]:
    summary = outcome.summary or {}
    return {
        "source": outcome.source_id,
        "status": outcome.status,
        "state": outcome.state,
        "message": outcome.message or "",
        "pages_fetched": summary.get("pages_fetched"),
        "new_stories": summary.get("articles_new"),
        "subflow_run": outcome.flow_run_id,
    }


def progress_text(tally: Tally, estimate: int | None, done: bool = False) -> str:
    state = "finished" if done else "crawling"
    basis = f"of about {estimate} expected" if estimate else "no earlier run to compare"
    return f"{state}: {tally.pages} pages fetched ({basis}), {tally.errors} fetch errors"


def progress_percent(pages: int, estimate: int | None) -> float:
    if estimate:
        return min(99.0, 100.0 * pages / estimate)
    return min(95.0, 100.0 * pages / (pages + 100))  # unknown total: creep
