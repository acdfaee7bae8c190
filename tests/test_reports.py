"""flows/reports.py without Prefect or DuckDB: what counts as an error, the verdicts, the texts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawlers.items import CaptureRecord
from flows import reports
from flows.reports import AlertPolicy, SourceOutcome, SourceReport, Tally
from sites import Source
from warehouse.db import LoadResult

SRC = Source(source_id="s", name="S", base_url="http://s.example")


def capture(url: str, status: int | None = 200, error: str | None = None) -> CaptureRecord:
    """One manifest line's record (test_dashboard.py builds its manifests with it too)."""
    return CaptureRecord(
        url=url,
        status=status,
        content_type="text/html",
        warc_file="x.warc.gz" if status else None,
        warc_offset=0 if status else None,
        warc_length=1 if status else None,
        fetched_at="2025-01-01T00:00:00Z",
        error=error,
        run_id="r",
        payload_digest=None,
        content_length=None,
    )


def test_the_module_imports_neither_prefect_nor_duckdb() -> None:
    code = (
        "import sys, flows.reports\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('prefect', 'duckdb'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- one definition of an error -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capture", "kind", "reason"),
    [
        (capture("http://s.example/a", 200), "fetched", None),
        (capture("http://s.example/a", 304), "fetched", None),
        (capture("http://s.example/robots.txt", 404), "fetched", None),
        (capture("http://s.example/sitemap.xml", 404), "fetched", None),
        (capture("http://s.example/sitemap_index.xml", 410), "fetched", None),
        (capture("http://s.example/sitemap.xml", 403), "fetched", None),
        (capture("http://s.example/sitemap.xml", 500), "error", "HTTP 500"),
        (capture("http://s.example/robots.txt", 503), "error", "HTTP 503"),
        (capture("http://s.example/a", 404), "error", "HTTP 404"),
        (capture("http://s.example/a", 399), "fetched", None),
        (capture("http://s.example/a", 400), "error", "HTTP 400"),
        (
            capture("http://s.example/a", None, "TimeoutError: took too long"),
            "error",
            "TimeoutError",
        ),
        (capture("http://s.example/a", 200, "too large: 30 MB inflated"), "error", "too large"),
        (capture("http://s.example/a", None, "robots.txt disallowed"), "refused", None),
        (capture("http://s.example/a", None, "scope: resolves to 10.0.0.5"), "refused", None),
    ],
)
def test_classify(capture: CaptureRecord, kind: str, reason: str | None) -> None:
    assert reports.classify(capture) == kind
    assert reports.error_reason(capture) == reason


def test_tally_counts_as_the_report_does() -> None:
    tally = Tally()
    for record in [
        capture("http://s.example/sitemap.xml", 404),
        capture("http://s.example/a", 200),
        capture("http://s.example/b", 503),
        capture("http://s.example/c", 503),
        capture("http://s.example/d", None, "TimeoutError: x"),
        capture("http://s.example/e", None, "robots.txt disallowed"),
        capture("http://s.example/f", None, "scope: other port"),
    ]:
        tally.add(record)
    assert tally.model_dump() == {
        "attempts": 5,
        "pages": 4,
        "errors": 3,
        "reasons": {"HTTP 503": 2, "TimeoutError": 1},
        "robots_disallowed": 1,
        "scope_refused": 1,
    }


# -- reports --------------------------------------------------------------------------------------


def test_build_reports_counts_per_source() -> None:
    other = Source(source_id="o", name="O", base_url="http://o.example")
    captures = [
        capture("http://s.example/robots.txt", 404),  # a missing robots.txt is no error
        capture("http://s.example/sitemap.xml", 404),
        capture("http://s.example/a", 200),
        capture("http://s.example/b", 500),
        capture("http://s.example/c", None, "TimeoutError: took too long"),
        capture("http://s.example/d", None, "robots.txt disallowed"),
        capture("http://elsewhere.example/x", 200),
    ]
    built = reports.build_reports(captures, None, [SRC, other])
    assert [r.source_id for r in built] == ["(other)", "o", "s"]  # sorted by source id
    rest, o_report, s_report = built
    assert (s_report.fetch_attempts, s_report.pages_fetched, s_report.errors) == (5, 4, 2)
    assert s_report.robots_disallowed == 1
    assert s_report.errors_by_reason == {"HTTP 500": 1, "TimeoutError": 1}
    assert s_report.warc_files == ["x.warc.gz"]
    assert (o_report.fetch_attempts, o_report.pages_fetched) == (0, 0)  # declared, fetched none
    assert rest.source_id == "(other)" and rest.pages_fetched == 1


def test_skipped_known_pages_belong_to_the_source_at_their_origin() -> None:
    sub = Source(source_id="sub", name="Sub", base_url="http://h.example/sub")
    root = Source(source_id="root", name="Root", base_url="http://h.example")
    alone = Source(source_id="alone", name="Alone", base_url="http://a.example:81/news")
    skipped = {"http://h.example": 7, "http://a.example:81": 4, "http://x.example": 2}
    by_id = {r.source_id: r for r in reports.build_reports([], None, [sub, root, alone], skipped)}
    assert by_id["root"].skipped_known == 7  # the host's root source takes a shared host's skips
    assert by_id["sub"].skipped_known == 0
    assert by_id["alone"].skipped_known == 4  # the only source on its host
    assert set(by_id) == {"root", "sub", "alone"}  # skips alone make no (failing) report
    elsewhere = [capture("http://x.example/page")]
    off_host = {"http://x.example": 2}
    by_id = {r.source_id: r for r in reports.build_reports(elsewhere, None, [root], off_host)}
    assert by_id["(other)"].skipped_known == 2 and by_id["(other)"].pages_reached == 3
    two_subs = [sub, Source(source_id="sub2", name="Sub2", base_url="http://h.example/b")]
    shared = reports.build_reports([], None, two_subs, {"http://h.example": 5})
    assert [r.skipped_known for r in shared] == [0, 0]  # whose skips they were is unknown


def test_new_directives_only_when_one_source_had_the_run() -> None:
    loaded = LoadResult(
        articles_before=0,
        articles_after=5,
        captures_added=9,
        totals={"directives": 4, "conferences": 3},
        totals_before={"directives": 1, "conferences": 3},
        copy_changes={"s": {"new": 5, "changed": 1, "unchanged": 2, "retitled": 0}},
        outcomes={"s": {"article": 5, "listing": 2}},
    )
    (report,) = reports.build_reports([capture("http://s.example/a")], loaded, [SRC])
    assert (report.new_directives, report.new_conferences) == (3, 0)
    assert (report.articles_new, report.articles_changed, report.articles_unchanged) == (5, 1, 2)
    assert report.outcomes == {"article": 5, "listing": 2}
    two = reports.build_reports(
        [], loaded, [SRC, Source(source_id="t", name="T", base_url="http://t.example")]
    )
    assert [r.new_directives for r in two] == [None, None]


# -- verdicts -------------------------------------------------------------------------------------


def _report(errors: int, attempts: int, skipped: int = 0, **kw: object) -> SourceReport:
    return SourceReport(
        source_id="s",
        name="S",
        fetch_attempts=attempts,
        pages_fetched=attempts,
        skipped_known=skipped,
        errors=errors,
        errors_by_reason={"HTTP 404": errors} if errors else {},
        articles_new=1,
        **kw,
    )


@pytest.mark.parametrize(
    ("errors", "attempts", "status", "reasons"),
    [
        (0, 10, "completed", []),
        (1, 10, "completed", []),  # 10 % is not above 10 %
        (2, 19, "degraded", ["2/19 pages failed (10.5% > 10%): HTTP 404 ×2"]),
        (1004, 10000, "degraded", ["1004/10000 pages failed (10.04% > 10%): HTTP 404 ×1004"]),
        (5, 10, "degraded", ["5/10 pages failed (50% > 10%): HTTP 404 ×5"]),  # 50 % is not > 50 %
        (6, 10, "failed", ["6/10 pages failed (60% > 50%): HTTP 404 ×6"]),
        (10, 10, "failed", ["10/10 pages failed (100% > 50%): HTTP 404 ×10"]),
    ],
)
def test_error_rate_thresholds_are_strict(
    errors: int, attempts: int, status: str, reasons: list[str]
) -> None:
    judged = reports.judge(_report(errors, attempts), AlertPolicy())
    assert (judged.status, judged.reasons) == (status, reasons)


def test_the_rate_does_not_rise_on_an_incremental_rerun() -> None:
    """The issue's case: three broken URLs of a 30-page site; the rerun fetches 18 pages and
    skips 12 known articles. Both runs rate 3/30 and agree."""
    first = reports.judge(_report(3, 30), AlertPolicy())
    rerun = reports.judge(_report(3, 18, skipped=12), AlertPolicy())
    assert first.pages_reached == rerun.pages_reached == 30
    assert first.error_rate == rerun.error_rate == 0.1
    assert first.status == rerun.status == "completed"
    assert reports.error_rate_text(rerun) == "3 of 30 pages reached (10%)"
    assert (
        reports.reached_text(rerun)
        == "30 (18 fetched or tried, 12 known articles not fetched again)"
    )
    assert reports.reached_text(first) == "30 (all fetched or tried)"
    row = reports.table_row(rerun)
    assert (row["fetch_errors"], row["pages_reached"], row["error_rate"]) == (3, 30, "3/30")


def test_nothing_fetched_fails() -> None:
    assert reports.judge(_report(0, 0), AlertPolicy()).reasons == ["nothing fetched"]
    refused = reports.judge(_report(0, 0, robots_disallowed=4), AlertPolicy())
    assert (refused.status, refused.reasons) == (
        "failed",
        ["nothing fetched (4 refused by robots.txt)"],
    )
    # min_fetches is a floor on attempts: exactly min_fetches passes
    assert reports.judge(_report(0, 3), AlertPolicy(min_fetches=3)).status == "completed"
    assert reports.judge(_report(0, 2), AlertPolicy(min_fetches=3)).status == "failed"


@pytest.mark.parametrize(
    ("history", "status"),
    [
        (None, "completed"),  # no history to compare with
        ((1, 1), "completed"),  # fewer than usual_min_runs runs looked at
        ((2, 2), "degraded"),
        ((2, 4), "degraded"),  # 2 ≥ max(2, 0.5 × 4)
        ((2, 5), "completed"),  # 2 < 0.5 × 5
        ((3, 5), "degraded"),
        ((1, 4), "completed"),  # rarely has any
    ],
)
def test_no_new_articles_from_a_usually_productive_source(
    history: tuple[int, int] | None, status: str
) -> None:
    report = _report(0, 10).model_copy(update={"articles_new": 0})
    judged = reports.judge(report, AlertPolicy(), history)
    assert judged.status == status
    if status == "degraded":
        assert history is not None
        assert judged.reasons == [
            f"no new articles, though {history[0]} of its last {history[1]} runs had some"
        ]


def test_a_failed_source_is_not_also_told_about_new_articles() -> None:
    report = _report(9, 10).model_copy(update={"articles_new": 0})
    judged = reports.judge(report, AlertPolicy(), (5, 5))
    assert judged.status == "failed" and len(judged.reasons) == 1


def test_verdict_messages() -> None:
    ok = reports.judge(_report(0, 10), AlertPolicy())
    warn = reports.judge(_report(2, 10).model_copy(update={"source_id": "w"}), AlertPolicy())
    bad = reports.judge(_report(9, 10).model_copy(update={"source_id": "b"}), AlertPolicy())
    assert reports.verdict([ok]) == ("completed", "run completed: 1 sources completed")
    assert reports.verdict([bad]) == ("failed", "b: 9/10 pages failed (90% > 50%): HTTP 404 ×9")
    assert reports.verdict([ok, warn]) == (
        "degraded",
        "1 of 2 sources degraded — w: 2/10 pages failed (20% > 10%): HTTP 404 ×2",
    )
    assert reports.verdict([ok, warn, bad]) == (
        "failed",
        "1 of 3 sources failed — b: 9/10 pages failed (90% > 50%): HTTP 404 ×9",
    )


def test_overall_status_of_source_subflows() -> None:
    def outcome(source_id: str, state_type: str, name: str, message: str) -> SourceOutcome:
        return SourceOutcome(
            source_id=source_id,
            state=name,
            status=reports.status_of_state(state_type, name),
            message=message,
        )

    done = outcome("a", "COMPLETED", "Completed", "run completed: 1 sources completed")
    degraded = outcome("b", "COMPLETED", "Degraded", "b: no new articles")
    crashed = outcome("c", "CRASHED", "Crashed", "killed")
    cancelled = outcome("d", "CANCELLED", "Cancelled", "")
    assert [o.status for o in (done, degraded, crashed, cancelled)] == [
        "completed",
        "degraded",
        "failed",
        "failed",
    ]
    assert reports.overall([done]) == ("completed", "all 1 sources completed")
    assert reports.overall([done, degraded]) == (
        "degraded",
        "1 of 2 sources degraded — b: no new articles",
    )
    assert reports.overall([done, degraded, crashed, cancelled]) == (
        "failed",
        "2 of 4 sources failed — c: killed; d: Cancelled",
    )


# -- keys and texts -------------------------------------------------------------------------------


def test_artifact_keys_are_per_source_and_valid() -> None:
    from prefect.types.names import raise_on_name_alphanumeric_dashes_only as valid

    assert reports.artifact_key("report", "dukcqtw") == "source-dukcqtw-report"
    assert reports.artifact_key("table", "Báo_Mới:8080") == "source-b-o-m-i-8080-table"
    assert reports.artifact_key("progress", "a") != reports.artifact_key("progress", "b")
    with pytest.raises(ValueError, match="unknown artifact kind"):
        reports.artifact_key("sources", "a")
    assert reports.run_scope(["b", "a", "a"]) == "a-b"
    assert reports.run_scope(["127.0.0.1:8001"]) == "127-0-0-1-8001"
    many = [f"source-number-{i}" for i in range(10)]
    assert reports.run_scope(many) == reports.run_scope(reversed(many))
    assert reports.run_scope(many).startswith("10-sources-")
    for kind in reports.ARTIFACT_KINDS:
        for scope in ("a", reports.run_scope(many), "127.0.0.1:8001", "(other)"):
            key = reports.artifact_key(kind, scope)
            assert valid(key) == key


def test_percent_and_outcome_texts() -> None:
    assert [reports.percent(x) for x in (0.1, 1 / 6, 1.0, 0.0, 0.105)] == [
        "10%",
        "16.7%",
        "100%",
        "0%",
        "10.5%",
    ]
    assert (
        reports.outcome_summary({"listing": 4, "article": 20, "feed": 4})
        == "article ×20, feed ×4, listing ×4"
    )
    assert reports.outcome_summary({}) == "none"


def test_source_markdown() -> None:
    report = reports.judge(_report(2, 10, skipped=5, robots_disallowed=1), AlertPolicy())
    md = reports.source_markdown(report, "r1", "data/warc")
    lines = md.splitlines()
    assert lines[0] == "### S (`s`) — Degraded"
    assert lines[2] == "Run `r1`: 2/15 pages failed (13.3% > 10%): HTTP 404 ×2"
    assert (
        "| pages reached | 15 (10 fetched or tried, 5 known articles not fetched again) |" in lines
    )
    assert "| fetch errors | 2 of 15 pages reached (13.3%) |" in lines
    assert "| errors by reason | HTTP 404 ×2 |" in lines
    assert "| robots.txt refusals | 1 |" in lines
    assert "| new directives | — (run total below) |" in lines
    fine = reports.judge(_report(1, 10), AlertPolicy())
    assert reports.source_markdown(fine, "r0", "w").splitlines()[:3] == [
        "### S (`s`) — Completed",
        "",
        "Run `r0`",
    ]
    failed = reports.judge(_report(9, 10), AlertPolicy())
    head = reports.source_markdown(failed, "r2", "data/warc").splitlines()
    assert head[0] == "### S (`s`) — Failed"
    assert head[2] == "Run `r2`: 9/10 pages failed (90% > 50%): HTTP 404 ×9"


def test_progress_texts() -> None:
    tally = Tally(pages=40, errors=2)
    assert reports.progress_text(tally, 80) == (
        "crawling: 40 pages fetched (of about 80 expected), 2 fetch errors"
    )
    assert reports.progress_text(tally, None, done=True) == (
        "finished: 40 pages fetched (no earlier run to compare), 2 fetch errors"
    )
    assert reports.progress_percent(40, 80) == 50.0
    assert reports.progress_percent(200, 80) == 99.0  # never 100 % before the end
    assert reports.progress_percent(100, None) == 50.0


def test_alert_policy_from_env() -> None:
    policy = AlertPolicy.from_env(
        {"VNARCHIVE_ALERT_WARN_ERROR_RATE": "0.2", "VNARCHIVE_ALERT_MIN_FETCHES": "3", "X": "1"}
    )
    assert (policy.warn_error_rate, policy.min_fetches, policy.fail_error_rate) == (0.2, 3, 0.5)


def test_crawl_runs_status_speaks_the_same_vocabulary(tmp_path) -> None:
    """The run log's status column documents the statuses reports and events use."""
    import duckdb

    from warehouse.db import Warehouse

    Warehouse(tmp_path / "w.duckdb").close()
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        (comment,) = con.execute(
            "SELECT comment FROM duckdb_columns() "
            "WHERE table_name = 'crawl_runs' AND column_name = 'status'"
        ).fetchone()
    documented = {part.strip().split(" ")[0] for part in comment.split("|")}
    assert set(reports.STATUSES) <= documented
    assert f'named "{reports.STATE_NAME["degraded"]}"' in comment
