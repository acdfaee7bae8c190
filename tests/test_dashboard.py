"""What operators see on the Prefect dashboard (flows/dashboard.py), read back from a real Prefect
server (prefect_test_harness) after real flows over loopback sites: artifacts under per-source
keys, verdicts, events, the states of the per-source tasks, the crawl progress artifact."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flows import dashboard
from flows.locks import run_lock, warehouse_lock
from flows.reports import artifact_key, run_scope
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


N_ARTICLES = 12
BROKEN = ["/hong/1.html", "/hong/2.html", "/hong/3.html"]
PARAGRAPH = (
    "Ngày {i} tháng 3 năm 2024, Sở Tư pháp tổ chức hội nghị số {i} phổ biến, giáo dục pháp luật "
    "cho cán bộ, công chức cấp xã về Luật Đất đai năm 2024 và các văn bản hướng dẫn thi hành, "
    "với sự tham dự của {n} đại biểu đến từ các phường, xã trên địa bàn."
)


def _article(i: int) -> bytes:
    paragraphs = "\n".join(
        f"<p>{PARAGRAPH.format(i=i, n=40 + 7 * k + i)} Nội dung thứ {k} của bài {i}.</p>"
        for k in range(4)
    )
    title = f"Hội nghị phổ biến pháp luật lần thứ {i} năm 2024"
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        '<meta property="article:published_time" content="2024-03-15T08:00:00+07:00"></head>'
        f'<body><div class="content"><h1>{title}</h1>\n{paragraphs}\n</div></body></html>'
    ).encode()


class _SmallSite(BaseHTTPRequestHandler):
    """An index linking to 12 articles and 3 URLs that answer 404; no robots.txt, no sitemap."""

    def do_GET(self) -> None:
        if self.path == "/":
            links = [f"/bai-viet/{i}.html" for i in range(1, N_ARTICLES + 1)] + BROKEN
            items = "".join(f'<li><a href="{u}">Bài {u}</a></li>' for u in links)
            body, status = f"<html><body><ul>{items}</ul></body></html>".encode(), 200
        elif self.path.startswith("/bai-viet/") and self.path.endswith(".html"):
            body, status = _article(int(self.path.split("/")[-1].removesuffix(".html"))), 200
        else:
            body, status = b"<html><body>not found</body></html>", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: one line per request would drown the test output."""


def _serve(handler: type[BaseHTTPRequestHandler]):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture()
def broken_site():
    server, url = _serve(_Always503)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture()
def small_site():
    server, url = _serve(_SmallSite)
    yield url
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


def _latest(key: str):
    """The latest artifact under ``key``: what the Artifacts page shows for it."""
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        (latest,) = client.read_latest_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
    if isinstance(latest.data, str) and latest.type == "table":
        latest.data = json.loads(latest.data)
    return latest


def test_archive_sources_flow_artifacts_and_failing_source(
    demo_sites, prefect_harness, tmp_path, broken_site, monkeypatch
):
    """Demo sites complete with correct counts; an all-503 source fails with a readable reason,
    its task in the parent run is Failed, and each source's artifacts keep their own keys."""
    import duckdb
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.orchestrate import SourceRun, archive_sources_flow
    from vnarchive.demo_sites.sites import demo_sources

    events: list[tuple[str, dict]] = []

    def record(event: str, **kw: object) -> None:
        events.append((event, kw))

    monkeypatch.setattr(dashboard, "emit_event", record)
    runs = [
        SourceRun(source=s, start_urls=[demo_sites.base_urls[s.source_id]], polite=False)
        for s in demo_sources(demo_sites.base_urls)
    ]
    broken = Source(source_id="broken", name="Always 503", base_url=broken_site)
    runs.append(SourceRun(source=broken, start_urls=[broken_site + "/"], polite=False))
    names = {"haiphong-pbgdpl", "dukcqtw", "moj-portal", "broken"}
    db = tmp_path / "w.duckdb"
    state = archive_sources_flow(
        sources=runs, db_path=str(db), archive_dir=str(tmp_path / "warc"), return_state=True
    )

    # The parent fails, naming the broken source and why.
    assert state.is_failed()
    assert state.message.startswith("1 of 4 sources failed — broken: ")
    assert "HTTP 503" in state.message
    parent_id = state.state_details.flow_run_id

    with get_client(sync_client=True) as client:
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[parent_id]))
        )
        children = [
            r
            for r in client.read_flow_runs()
            if r.parent_task_run_id is not None
            and client.read_task_run(r.parent_task_run_id).flow_run_id == parent_id
        ]
    mine = {r.name.removeprefix("archive-"): r for r in children}
    assert set(mine) == names
    failed = mine["broken"].state
    assert failed.is_failed()
    assert failed.message.startswith("broken: ") and "pages failed" in failed.message
    for name in names - {"broken"}:
        assert mine[name].state.is_completed(), (name, mine[name].state.message)

    # The parent's graph: the task wrapping the failed subflow is Failed (red), the others green.
    wrappers = {t.name: t.state for t in tasks if t.name.startswith("source-")}
    assert set(wrappers) == {f"source-{n}" for n in names}
    assert wrappers["source-broken"].is_failed()
    assert wrappers["source-broken"].message == failed.message
    for name in names - {"broken"}:
        assert wrappers[f"source-{name}"].is_completed()

    # Each demo source's artifacts hold the warehouse's counts for that source, under its keys.
    con = duckdb.connect(str(db), read_only=True)
    try:
        for name in names - {"broken"}:
            artifacts = _artifacts(mine[name].id)
            assert set(artifacts) == {
                artifact_key(kind, name)
                for kind in ("progress", "report", "table", "totals", "duckdb", "warc")
            }
            (row,) = artifacts[artifact_key("table", name)].data
            copies = con.execute(
                "SELECT count(*) FROM article_copies WHERE source_id = ?", [name]
            ).fetchone()[0]
            captures = con.execute(
                "SELECT count(*) FROM captures WHERE source_id = ? AND status IS NOT NULL", [name]
            ).fetchone()[0]
            assert row["source"] == name and row["status"] == "completed"
            assert row["new_articles"] == copies > 0
            assert row["changed_articles"] == 0 and row["unchanged_articles"] == 0
            assert row["pages_fetched"] == captures
            assert row["fetch_errors"] == 0 and row["error_rate"] == f"0/{row['pages_reached']}"
            md = artifacts[artifact_key("report", name)].data
            assert f"| new articles | {copies} |" in md
            assert md.splitlines()[0].endswith(f"(`{name}`) — Completed")
            progress = artifacts[artifact_key("progress", name)]
            assert progress.data == 100
            assert progress.description.endswith(", 0 fetch errors")
            # What the Artifacts page shows under the source's key is this source's run.
            assert _latest(artifact_key("table", name)).data[0]["source"] == name
        # new directives / conferences of the sources add up to the warehouse's totals
        rows = [
            _artifacts(mine[n].id)[artifact_key("table", n)].data[0] for n in names - {"broken"}
        ]
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
    (row,) = broken_art[artifact_key("table", "broken")].data
    assert row["status"] == "failed" and row["fetch_errors"] == row["pages_reached"] > 0
    assert row["errors_by_reason"] == f"HTTP 503 ×{row['fetch_errors']}"
    assert broken_art[artifact_key("progress", "broken")].description.endswith(
        f", {row['fetch_errors']} fetch errors"
    )
    overview = _artifacts(parent_id)[artifact_key("overview", run_scope(names))].data
    assert {(o["source"], o["status"]) for o in overview} == {
        (n, "failed" if n == "broken" else "completed") for n in names
    }

    # The warehouse's run log carries the same verdicts as the dashboard.
    with duckdb.connect(str(db), read_only=True) as con:
        crawl_runs = con.execute("SELECT status, message FROM crawl_runs").fetchall()
    assert sorted(status for status, _ in crawl_runs) == ["completed"] * 3 + ["failed"]
    (reason,) = [message for status, message in crawl_runs if status == "failed"]
    assert reason == failed.message

    event_names = [e for e, _ in events]
    assert event_names.count("vnarchive.source.completed") == 3
    assert event_names.count("vnarchive.source.failed") == 1
    assert event_names.count("vnarchive.archive.failed") == 1
    failed_event = next(kw for e, kw in events if e == "vnarchive.source.failed")
    assert failed_event["resource"]["prefect.resource.id"] == "vnarchive.source.broken"
    assert failed_event["related"][0]["prefect.resource.role"] == "flow-run"
    assert failed_event["payload"]["status"] == "failed"


def test_incremental_rerun_rates_the_same_broken_urls_alike(prefect_harness, small_site, tmp_path):
    """Three broken URLs of a small site: the rerun skips the known articles, and its error rate
    keeps the first run's denominator (skips included); the progress artifact counts errors as
    the table does (the site's missing sitemap is an error to the crawler, not to either)."""
    from flows.archive import archive_flow

    source = Source(source_id="small", name="Small site", base_url=small_site)
    rows, progress, summaries = [], [], []
    for _ in range(2):
        state = archive_flow(
            start_urls=[small_site + "/"],
            db_path=str(tmp_path / "w.duckdb"),
            archive_dir=str(tmp_path / "warc"),
            polite=False,
            sources=[source],
            return_state=True,
        )
        artifacts = _artifacts(state.state_details.flow_run_id)
        (row,) = artifacts[artifact_key("table", "small")].data
        rows.append(row)
        progress.append(artifacts[artifact_key("progress", "small")].description)
        summaries.append(state.result())
    first, rerun = rows
    assert first["skipped_known"] == 0 and rerun["skipped_known"] == N_ARTICLES
    assert first["fetch_errors"] == rerun["fetch_errors"] == len(BROKEN)
    assert first["pages_reached"] == rerun["pages_reached"]
    assert first["error_rate"] == rerun["error_rate"] == f"3/{first['pages_reached']}"
    assert first["status"] == rerun["status"]
    assert first["reason"] == rerun["reason"]
    assert first["errors_by_reason"] == rerun["errors_by_reason"] == "HTTP 404 ×3"
    for text, summary in zip(progress, summaries, strict=True):
        assert text.startswith("finished: ") and text.endswith(", 3 fetch errors")
        assert summary.fetch_errors == 5  # the crawler counts robots.txt's and the sitemap's 404s


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


@pytest.mark.parametrize("lock", [warehouse_lock, run_lock])
def test_warehouse_locks_serialise_threads(tmp_path: Path, lock) -> None:
    db = tmp_path / "w.duckdb"
    inside, overlap = [], []

    def worker():
        with lock(db):
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
    suffix = ".load.lock" if lock is warehouse_lock else ".run.lock"
    assert (tmp_path / f"w.duckdb{suffix}").exists()


@pytest.mark.parametrize(
    ("state", "status", "task_type"),
    [
        ("Completed", "completed", "COMPLETED"),
        ("Degraded", "degraded", "COMPLETED"),
        ("Failed", "failed", "FAILED"),
        ("TimedOut", "failed", "FAILED"),
        ("Crashed", "failed", "CRASHED"),
        ("Cancelled", "failed", "CANCELLED"),
    ],
)
def test_the_wrapper_task_ends_as_its_subflow(state: str, status: str, task_type: str) -> None:
    from flows.reports import SourceOutcome

    outcome = SourceOutcome(source_id="s", state=state, status=status, message=f"s: {state}")
    task_state = dashboard.source_task_state(outcome)
    assert (task_state.type.value, task_state.name) == (task_type, state)
    assert task_state.message == f"s: {state}"
    assert task_state.data is outcome  # the parent reads the outcome back from the task


def test_crawl_tracker_counts_complete_manifest_lines(tmp_path: Path) -> None:
    """The progress artifact's counts: manifest lines as they are written (a line still being
    written waits), classified as the report classifies them."""
    from test_reports import capture

    def line(path: str, status: int | None, error: str | None = None) -> bytes:
        return capture(f"http://s.example{path}", status, error).to_json_line().encode()

    manifest = tmp_path / "r.captures.jsonl"
    tracker = dashboard.CrawlTracker(manifest, estimate=None, key="source-s-progress")
    tracker.read_new_lines()  # no manifest yet: nothing counted, no error
    assert tracker.tally.attempts == 0
    partial = line("/c", None, "TimeoutError: slow")
    manifest.write_bytes(line("/sitemap.xml", 404) + line("/a", 200) + partial[:20])
    tracker.read_new_lines()
    assert (tracker.tally.attempts, tracker.tally.pages, tracker.tally.errors) == (2, 2, 0)
    with open(manifest, "ab") as fh:
        fh.write(partial[20:] + line("/d", None, "robots.txt disallowed"))
    tracker.read_new_lines()
    assert (tracker.tally.attempts, tracker.tally.errors) == (3, 1)
    assert tracker.tally.robots_disallowed == 1
