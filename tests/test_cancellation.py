"""Stops of the orchestration: the crawl child never outlives its parent, a stopped run ends in a
final state with its reason (crawl_runs 'cancelled'), and a dead run is recovered only by the next
run of its own sources. The served end-to-end case (Prefect cancel, Ctrl-C of `vnarchive serve`)
is in tests/test_prefect_server.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from demo_helpers import crawler_pids

import crawlers
from crawlers import subprocess_runner
from crawlers.items import manifest_path
from sites import Source
from warehouse.db import Warehouse

ROOT = Path(crawlers.__file__).resolve().parent.parent


class StallingSite:
    """A loopback site whose pages hang until ``release()``; afterwards a small normal site."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                if self.path != "/robots.txt":
                    site.released.wait(600)  # a slow government site: the crawl is mid-way
                if self.path == "/robots.txt":
                    status, body = 404, b"not found"
                else:
                    status = 200
                    body = (
                        "<html><head><meta charset='utf-8'><title>Trang chủ</title></head><body>"
                        "<h1>Trang chủ</h1><p>Tin tức phổ biến pháp luật.</p></body></html>"
                    ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                """Quiet: the test keeps its own request log."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stalling_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[StallingSite]:
    # The crawler waits on a stalled page until it is killed (no download timeout, no retry).
    monkeypatch.setenv(
        "VNARCHIVE_CRAWL_SETTINGS", json.dumps({"DOWNLOAD_TIMEOUT": 600, "RETRY_ENABLED": False})
    )
    site = StallingSite()
    try:
        yield site
    finally:
        site.close()


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def runs(db: Path) -> dict[str, tuple[str, str | None]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT run_id, status, message FROM crawl_runs").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_the_crawl_child_dies_with_its_sigkilled_parent(
    stalling_site: StallingSite, tmp_path: Path
) -> None:
    """SIGKILL runs no handler and no finally: only the kernel's parent-death signal is left."""
    archive = tmp_path / "warc"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path\n"
            "from crawlers.subprocess_runner import run_crawl\n"
            "run_crawl([sys.argv[1]], Path(sys.argv[2]), 'orphan', polite=False)",
            stalling_site.url,
            str(archive),
        ],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        start_new_session=True,
    )
    try:
        wait_until(lambda: bool(crawler_pids(archive)), 60, "the crawl child")
        wait_until(lambda: "/" in stalling_site.requests, 60, "the crawl to be mid-way")
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        wait_until(lambda: not crawler_pids(archive), 15, "the orphaned crawler to die")
    finally:
        for pid in crawler_pids(archive):
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


def test_sigterm_of_a_crawling_process_kills_the_crawl_at_once(
    stalling_site: StallingSite, tmp_path: Path
) -> None:
    """The handlers stop_on_signals installs kill the crawl first, then the process ends."""
    archive = tmp_path / "warc"
    code = (
        "import sys; from pathlib import Path\n"
        "from crawlers.subprocess_runner import CrawlCancelledError, run_crawl, stop_on_signals\n"
        "with stop_on_signals():\n"
        "    try:\n"
        "        run_crawl([sys.argv[1]], Path(sys.argv[2]), 'term', polite=False)\n"
        "    except SystemExit:\n"
        "        print('STOPPED', flush=True)\n"
        "        raise\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code, stalling_site.url, str(archive)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_until(lambda: "/" in stalling_site.requests, 60, "the crawl to be mid-way")
        assert crawler_pids(archive)
        os.kill(parent.pid, signal.SIGTERM)
        out, _ = parent.communicate(timeout=30)
        assert parent.returncode == 128 + signal.SIGTERM
        assert "STOPPED" in out
        assert not crawler_pids(archive)
    finally:
        for pid in crawler_pids(archive):
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


@pytest.mark.usefixtures("prefect_harness")
def test_a_subflow_timeout_kills_the_crawl_and_records_the_stop(
    stalling_site: StallingSite, tmp_path: Path
) -> None:
    """A Prefect flow timeout injects an exception into the subflow's thread; the crawl child
    must die with it and crawl_runs must say why (before: the crawler ran on alone)."""
    from flows.orchestrate import SourceRun, archive_sources_flow

    db, archive = tmp_path / "w.duckdb", tmp_path / "warc"
    source = Source(source_id="stall", name="Stall", base_url=stalling_site.url.rstrip("/"))
    run = SourceRun(source=source, start_urls=[stalling_site.url], polite=False, timeout_seconds=30)
    state = archive_sources_flow(
        sources=[run], db_path=str(db), archive_dir=str(archive), return_state=True
    )
    assert state.is_failed(), state
    assert "stall: " in (state.message or "") and "timeout" in state.message.lower(), state
    assert "/" in stalling_site.requests
    assert not crawler_pids(archive), "the crawler outlived its timed-out run"
    ((status, message),) = runs(db).values()
    assert status == "cancelled", (status, message)
    assert message and message.startswith("cancelled: timed out"), message


@pytest.mark.usefixtures("prefect_harness")
def test_a_stop_request_ends_the_run_and_its_next_run_recovers_it(
    stalling_site: StallingSite, tmp_path: Path
) -> None:
    """request_stop (what the signal handlers call) mid-crawl: the crawl dies, the subflow ends
    Crashed with the reason (no Prefect cancel intent here), crawl_runs says 'cancelled'; the
    next run of the source recovers it ('interrupted') and crawls what it left."""
    from flows.orchestrate import SourceRun, archive_sources_flow

    db, archive = tmp_path / "w.duckdb", tmp_path / "warc"
    source = Source(source_id="stall", name="Stall", base_url=stalling_site.url.rstrip("/"))
    run = SourceRun(source=source, start_urls=[stalling_site.url], polite=False)

    def stop_mid_crawl() -> None:
        wait_until(
            lambda: "/" in stalling_site.requests and bool(crawler_pids(archive)), 60, "crawl"
        )
        subprocess_runner.request_stop("test: operator stop")

    stopper = threading.Thread(target=stop_mid_crawl, daemon=True)
    stopper.start()
    state = archive_sources_flow(
        sources=[run], db_path=str(db), archive_dir=str(archive), return_state=True
    )
    stopper.join(timeout=5)
    assert state.is_failed(), state
    assert "stop" in (state.message or ""), state.message
    assert not crawler_pids(archive)
    assert subprocess_runner.stop_reason() is None, "the stop request ends with its flow"
    ((dead, (status, message)),) = runs(db).items()
    assert status == "cancelled" and "operator stop" in (message or ""), (status, message)

    stalling_site.release()
    again = archive_sources_flow(
        sources=[run], db_path=str(db), archive_dir=str(archive), return_state=True
    )
    assert again.is_completed(), again
    after = runs(db)
    assert after[dead][0] == "interrupted" and "operator stop" in after[dead][1], after[dead]
    assert sorted(s for s, _ in after.values()) == ["completed", "interrupted"]


def test_recovery_takes_only_the_dead_runs_of_its_own_sources(tmp_path: Path) -> None:
    """A dead run of source B is not recovered (crawled, judged, reported) by source A's run;
    a dead run of A and B gives A only A's pending pages."""
    from crawlers.frontier import frontier_log_path
    from flows.frontier import interrupted_runs, pending_urls

    a = Source(source_id="a", name="A", base_url="http://127.0.0.1:1001")
    b = Source(source_id="b", name="B", base_url="http://127.0.0.1:1002")
    archive = tmp_path / "warc"
    archive.mkdir()
    starts = {"dead-a": [a.base_url + "/"], "dead-b": [b.base_url + "/"]}
    starts["dead-ab"] = starts["dead-a"] + starts["dead-b"]
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        for run_id, urls in starts.items():
            warehouse.start_run(run_id, datetime.now(UTC), urls)
            manifest_path(archive, run_id).write_text("", encoding="utf-8")
            with open(frontier_log_path(archive, run_id), "w", encoding="utf-8") as fh:
                for url in urls:
                    fh.write(json.dumps({"url": url + "tin-tuc/1.html"}) + "\n")
        warehouse.finish_run("dead-b", status="cancelled", message="cancelled: SIGTERM received")

        found = {d.run_id: d for d in interrupted_runs(warehouse, archive, "now", [a])}
        assert set(found) == {"dead-a", "dead-ab"}
        assert found["dead-a"].whole and not found["dead-ab"].whole
        assert pending_urls(warehouse, archive, ["dead-a", "dead-ab"], [a]) == [
            a.base_url + "/tin-tuc/1.html"
        ]
        found_b = {d.run_id: d for d in interrupted_runs(warehouse, archive, "now", [b])}
        assert set(found_b) == {"dead-b", "dead-ab"}
        assert found_b["dead-b"].status == "cancelled"
        assert found_b["dead-b"].message == "cancelled: SIGTERM received"


def test_ctrl_c_of_a_cli_crawl_kills_the_crawler_and_records_the_stop(
    stalling_site: StallingSite, tmp_path: Path
) -> None:
    """`vnarchive crawl` (archive_flow in the CLI's main thread) interrupted mid-crawl: no crawler
    left, and the run is `cancelled` with the signal in crawl_runs (resumable next time)."""
    db, archive = tmp_path / "w.duckdb", tmp_path / "warc"
    cmd = [sys.executable, "-m", "vnarchive.cli", "crawl", "--start-url", stalling_site.url]
    cmd += ["--db", str(db), "--archive", str(archive), "--no-polite", "-v"]
    cmd += ["--data-dir", str(tmp_path / "data")]
    cli = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), PREFECT_HOME=str(tmp_path / "prefect")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(
            lambda: "/" in stalling_site.requests and bool(crawler_pids(archive)), 240, "a crawl"
        )
        os.kill(cli.pid, signal.SIGINT)
        assert cli.wait(timeout=120) != 0
        assert not crawler_pids(archive)
        ((status, message),) = runs(db).values()
        assert status == "cancelled" and "SIGINT" in (message or ""), (status, message)
    finally:
        for pid in crawler_pids(archive):
            os.kill(pid, signal.SIGKILL)
        if cli.poll() is None:
            os.killpg(cli.pid, signal.SIGKILL)
