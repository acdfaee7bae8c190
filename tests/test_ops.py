"""Operations on the Prefect dashboard: artifacts, verdicts, events, concurrent sources."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawlers.items import CaptureRecord
from flows import ops
from sites import Source


class _Always503(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>maintenance</body></html>"
        self.send_response(503)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: one line per request would drown the test output."""


@pytest.fixture()
def broken_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Always503)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _artifacts(flow_run_id) -> dict[str, object]:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    for artifact in found:
        if isinstance(artifact.data, str) and artifact.type == "table":
            artifact.data = json.loads(artifact.data)
    return {a.key or f"{a.type}-{a.id}": a for a in found}


def test_archive_sources_flow_artifacts_and_failing_source(
    demo_sites, prefect_harness, tmp_path, broken_site, monkeypatch
):
    """Demo sites complete with correct counts; an all-503 source fails with a readable reason."""
    import duckdb
    from prefect import get_client

    from flows.orchestrate import SourceRun, archive_sources_flow
    from vnarchive.demo_sites.sites import demo_sources

    events: list[tuple[str, dict]] = []
    import flows.orchestrate

    def record(event: str, **kw: object) -> None:
        events.append((event, kw))

    monkeypatch.setattr(ops, "emit_event", record)
    monkeypatch.setattr(flows.orchestrate, "emit_event", record)
    runs = [
        SourceRun(source=s, start_urls=[demo_sites.base_urls[s.source_id]], polite=False)
        for s in demo_sources(demo_sites.base_urls)
    ]
    broken = Source(source_id="broken", name="Always 503", base_url=broken_site)
    runs.append(SourceRun(source=broken, start_urls=[broken_site + "/"], polite=False))
    db = tmp_path / "w.duckdb"
    state = archive_sources_flow(
        sources=runs, db_path=str(db), archive_dir=str(tmp_path / "warc"), return_state=True
    )

    # The parent fails, naming the broken source and why.
    assert state.is_failed()
    assert "1 of 4 sources failed" in state.message
    assert "broken" in state.message and "HTTP 503" in state.message

    with get_client(sync_client=True) as client:
        children = [
            r
            for r in client.read_flow_runs()
            if r.name.startswith("archive-") and r.parent_task_run_id is not None
        ]
    by_source = {r.name.removeprefix("archive-"): r for r in children}
    parent_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        mine = {
            name: r
            for name, r in by_source.items()
            if client.read_task_run(r.parent_task_run_id).flow_run_id == parent_id
        }
    assert set(mine) == {"haiphong-pbgdpl", "dukcqtw", "moj-portal", "broken"}
    failed = mine["broken"].state
    assert failed.is_failed()
    assert "fetches failed" in failed.message and "HTTP 503" in failed.message
    for name in ("haiphong-pbgdpl", "dukcqtw", "moj-portal"):
        assert mine[name].state.is_completed(), (name, mine[name].state.message)

    # Each demo source's artifacts hold the warehouse's counts for that source.
    con = duckdb.connect(str(db), read_only=True)
    try:
        for name in ("haiphong-pbgdpl", "dukcqtw", "moj-portal"):
            artifacts = _artifacts(mine[name].id)
            (row,) = artifacts["archive-sources"].data
            copies = con.execute(
                "SELECT count(*) FROM article_copies WHERE source_id = ?", [name]
            ).fetchone()[0]
            captures = con.execute(
                "SELECT count(*) FROM captures WHERE source_id = ? AND status IS NOT NULL", [name]
            ).fetchone()[0]
            assert row["source"] == name and row["status"] == "ok"
            assert row["new_articles"] == copies > 0
            assert row["changed_articles"] == 0 and row["unchanged_articles"] == 0
            assert row["pages_fetched"] == captures
            assert row["fetch_errors"] == 0
            md = artifacts[f"source-{name}"].data
            assert f"| new articles | {copies} |" in md
            assert "| pages fetched |" in md and "| new directives |" in md
            assert artifacts["crawl-progress"].data == 100
            assert "duckdb-file" in artifacts and "warc-archive" in artifacts
        # new directives / conferences of the sources add up to the warehouse's totals
        rows = [_artifacts(mine[n].id)["archive-sources"].data[0] for n in mine if n != "broken"]
        assert (
            sum(r["new_directives"] for r in rows)
            == con.execute("SELECT count(*) FROM directives").fetchone()[0]
        )
        assert (
            sum(r["new_conferences"] for r in rows)
            == con.execute("SELECT count(*) FROM conferences").fetchone()[0]
        )
    finally:
        con.close()

    broken_art = _artifacts(mine["broken"].id)
    (row,) = broken_art["archive-sources"].data
    assert row["status"] == "failed" and row["fetch_errors"] > 0
    assert "HTTP 503" in row["errors_by_reason"]

    # The warehouse's run log carries the same verdicts as the dashboard.
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("SELECT status, message FROM crawl_runs").fetchall()
    assert sorted(status for status, _ in runs) == ["completed"] * 3 + ["failed"]
    (reason,) = [message for status, message in runs if status == "failed"]
    assert "fetches failed" in reason and "HTTP 503" in reason

    names = [e for e, _ in events]
    assert names.count("vnarchive.source.completed") == 3
    assert "vnarchive.source.failed" in names
    assert "vnarchive.archive.failed" in names
    failed_event = next(kw for e, kw in events if e == "vnarchive.source.failed")
    assert failed_event["resource"]["prefect.resource.id"] == "vnarchive.source.broken"
    assert failed_event["related"][0]["prefect.resource.role"] == "flow-run"


def _capture(url: str, status: int | None = 200, error: str | None = None) -> CaptureRecord:
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


def test_reports_and_verdicts_follow_the_policy():
    src = Source(source_id="s", name="S", base_url="http://s.example")
    captures = [
        _capture("http://s.example/robots.txt", 404),  # a missing robots.txt is no error
        _capture("http://s.example/sitemap.xml", 404),
        _capture("http://s.example/a", 200),
        _capture("http://s.example/b", 500),
        _capture("http://s.example/c", None, "TimeoutError: took too long"),
        _capture("http://s.example/d", None, "robots.txt disallowed"),
    ]
    (report,) = ops.build_reports(captures, None, [src])
    assert report.fetch_attempts == 5 and report.pages_fetched == 4
    assert report.errors == 2 and report.robots_disallowed == 1
    assert report.errors_by_reason == {"HTTP 500": 1, "TimeoutError": 1}
    judged = ops.judge(report.model_copy(), ops.AlertPolicy())
    assert judged.level == "warning"  # 40 % > 10 %, not > 50 %
    judged = ops.judge(report.model_copy(), ops.AlertPolicy(fail_error_rate=0.3))
    assert judged.level == "failed" and "2/5 fetches failed" in judged.reasons[0]
    (empty,) = ops.build_reports([], None, [src])
    assert ops.judge(empty, ops.AlertPolicy()).reasons == ["nothing fetched"]
    state = ops.final_state([judged], None)
    assert state.is_failed() and "s: 2/5 fetches failed" in state.message
    warn = ops.judge(report.model_copy(), ops.AlertPolicy())
    state = ops.final_state([warn], None)
    assert state.is_completed() and state.name == ops.COMPLETED_WITH_WARNINGS


def test_zero_new_articles_from_a_usually_productive_source_warns(tmp_path: Path, monkeypatch):
    from warehouse.db import Warehouse

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    report = ops.SourceReport(source_id="s", name="S", fetch_attempts=10, pages_fetched=10)
    # no history: zero new articles is not news
    assert ops.judge(report.model_copy(), ops.AlertPolicy(), str(db), "now").level == "ok"
    monkeypatch.setattr(ops, "_usual_new_articles", lambda *a: (3, 4))
    judged = ops.judge(report.model_copy(), ops.AlertPolicy(), str(db), "now")
    assert judged.level == "warning"
    assert judged.reasons == ["no new articles, though 3 of its last 4 runs had some"]
    monkeypatch.setattr(ops, "_usual_new_articles", lambda *a: (1, 4))  # rarely has any
    assert ops.judge(report.model_copy(), ops.AlertPolicy(), str(db), "now").level == "ok"


def test_maintenance_flow(demo_warehouse, prefect_harness, tmp_path):
    import shutil

    from flows.orchestrate import maintenance_flow

    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    archive = demo_warehouse.parent / "warc"
    state = maintenance_flow(
        db_path=str(db),
        archive_dir=str(archive),
        parquet_dir=str(tmp_path / "parquet"),
        return_state=True,
    )
    assert state.is_completed(), state.message
    result = state.result()
    assert "articles" in result["parquet"] and (tmp_path / "parquet" / "articles.parquet").exists()
    assert result["index"]["captures"] > 0
    assert (archive / "index.jsonl").exists()
    md = _artifacts(state.state_details.flow_run_id)["maintenance"].data
    assert "Parquet export" in md and "archive index" in md


def test_warehouse_lock_serialises_threads(tmp_path):
    db = tmp_path / "w.duckdb"
    inside, overlap = [], []

    def worker():
        with ops.warehouse_lock(db):
            inside.append(1)
            if len(inside) > 1:
                overlap.append(1)
            threading.Event().wait(0.05)
            inside.pop()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not overlap
