"""A real `prefect server` on loopback: serve the deployments, trigger one, read its artifacts."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from demo_helpers import crawler_pids

from crawlers.subprocess_runner import kill_process_group
from flows.reports import artifact_key, run_scope
from vnarchive.demo_sites.server import free_ports
from vnarchive.runtime import PREFECT_PRIVACY_ENV

ROOT = Path(__file__).resolve().parent.parent


def _deployments_config(path: Path, extra: str = "") -> tuple[Path, int]:
    """A deployments.toml (and its first_minute) whose schedules stay quiet while the test runs:
    its own triggers are the only runs. Every 6 h, 3 demo sources: a slot every 2 h in the
    config's timezone (Asia/Ho_Chi_Minh); the first one hour from now, the last one an hour ago.
    A real slot fired mid-test once (13:00 UTC = dukcqtw's 20:00 ICT) and recovered a dead run
    before the run the test was waiting for did."""
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    first_minute = (now.hour * 60 + now.minute + 60) % 120
    path.write_text(
        f"[archive]\nevery_hours = 6\nfirst_minute = {first_minute}\n{extra}", encoding="utf-8"
    )
    return path, first_minute


def _kill_group(proc: subprocess.Popen) -> None:
    # Both children run in their own session: signal the whole group (uvicorn, flow-run children).
    kill_process_group(proc, grace=20, kill_wait=10)


def _wait_for(predicate, timeout: float, what: str, procs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise AssertionError(f"{what}: process {p.args[:4]} exited with {p.returncode}")
        with contextlib.suppress(Exception):  # the server may not answer yet
            if predicate():
                return
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class Server:
    """One `prefect server` on loopback, started as docs/operations.md starts it."""

    api: str
    env: dict[str, str]  # what `vnarchive serve` and the Prefect CLI get: this server's API
    log: Path
    proc: subprocess.Popen  # a wait on the server fails at once if it dies

    def telemetry_free(self) -> None:
        # Offline, an analytics-enabled server logs "Failed to send telemetry" at start-up.
        server_log = self.log.read_text(errors="replace")
        assert "telemetry" not in server_log.lower(), server_log[-2000:]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for both tests (its start-up costs ~20 s on loaded cores); each test deletes
    the deployments its `serve` registered, with their scheduled runs (``clean_deployments``),
    so the next test waits for its own `serve`'s deployment and finds only its own runs."""
    home = tmp_path_factory.mktemp("prefect-server")
    port = free_ports(1)
    api = f"http://127.0.0.1:{port}/api"
    env = dict(
        os.environ,
        PREFECT_HOME=str(home / "prefect"),
        PREFECT_API_URL=api,
        PREFECT_UI_API_URL=api,
        PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="INFO",
        # `serve` looks for triggered runs every 10 s by default: each of the eight runs here
        # would wait up to that long before it starts. Polling every second is the same path.
        PREFECT_RUNNER_POLL_FREQUENCY="1",
        **PREFECT_PRIVACY_ENV,  # as docs/operations.md starts the server: no telemetry
    )
    server_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    log = home / "server.log"
    start = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    proc = subprocess.Popen(
        [*start, "--port", str(port)],
        env=server_env,
        stdout=open(log, "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=ROOT,
    )
    try:
        _wait_for(
            lambda: urllib.request.urlopen(f"{api}/health", timeout=2).status == 200,
            120,
            "prefect server",
            [proc],
        )
        yield Server(api, env, log, proc)
    finally:
        _kill_group(proc)


@pytest.fixture
def clean_deployments(server: Server) -> Iterator[None]:
    yield
    from prefect import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: server.api}), get_client(sync_client=True) as c:
        for deployment in c.read_deployments():
            c.delete_deployment(deployment.id)


@pytest.mark.slow
@pytest.mark.usefixtures("clean_deployments")
def test_served_deployment_runs_and_publishes_artifacts(server: Server, tmp_path: Path) -> None:
    demo_port = free_ports(3)
    api, env = server.api, server.env
    config, first_minute = _deployments_config(
        tmp_path / "deployments.toml", "max_concurrent = 3\n"
    )
    logs = tmp_path / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []
    try:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "vnarchive.cli",
                    "serve",
                    "--demo",
                    "--articles",
                    "30",
                    "--port",
                    str(demo_port),
                    "--data-dir",
                    str(tmp_path / "data"),
                    "--config",
                    str(config),
                ],
                env=env,
                stdout=open(logs / "serve.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=ROOT,
            )
        )
        from prefect import get_client
        from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: api}):

            def deployment_ready() -> bool:
                with get_client(sync_client=True) as client:
                    client.read_deployment_by_name("vnarchive-archive-sources/scheduled")
                return True

            _wait_for(deployment_ready, 120, "served deployment", procs)
            with get_client(sync_client=True) as client:
                deployment = client.read_deployment_by_name("vnarchive-archive-sources/scheduled")
                assert len(deployment.schedules) == 3  # one staggered schedule per demo source
                crons = sorted(s.schedule.cron for s in deployment.schedules)
                # staggered 2 h apart from first_minute, in 6-hour cycles
                offsets = [first_minute + 120 * i for i in range(3)]
                assert crons == sorted(f"{o % 60} {o // 60}-23/6 * * *" for o in offsets)
            run = run_deployment(
                "vnarchive-archive-sources/scheduled",
                parameters={"names": ["haiphong-pbgdpl", "dukcqtw"]},
                timeout=600,
            )
            assert run.state is not None and run.state.is_completed(), (
                run.state,
                (logs / "serve.log").read_text()[-3000:],
            )
            with get_client(sync_client=True) as client:
                children = [
                    r
                    for r in client.read_flow_runs()
                    if r.parent_task_run_id is not None
                    and client.read_task_run(r.parent_task_run_id).flow_run_id == run.id
                ]
                assert sorted(r.name for r in children) == [
                    "archive-dukcqtw",
                    "archive-haiphong-pbgdpl",
                ]
                for child in children:
                    artifacts = {
                        a.key: a
                        for a in client.read_artifacts(
                            artifact_filter=ArtifactFilter(
                                flow_run_id=ArtifactFilterFlowRunId(any_=[child.id])
                            )
                        )
                    }
                    source = child.name.removeprefix("archive-")
                    keys = {k: artifact_key(k, source) for k in ("table", "progress", "duckdb")}
                    assert {*keys.values(), artifact_key("report", source)} <= set(artifacts)
                    table = artifacts[keys["table"]].data
                    (row,) = json.loads(table) if isinstance(table, str) else table
                    assert row["source"] == source and row["status"] == "completed"
                    assert row["pages_fetched"] > 0 and row["new_articles"] > 0
                    assert artifacts[keys["progress"]].data == 100
                overview = client.read_artifacts(
                    artifact_filter=ArtifactFilter(
                        flow_run_id=ArtifactFilterFlowRunId(any_=[run.id])
                    )
                )
                scope = run_scope(["dukcqtw", "haiphong-pbgdpl"])
                assert any(a.key == artifact_key("overview", scope) for a in overview)
                # a served run refreshes the analyst report's charts (flows/dashboard.py)
                analyst = {a.key: a for a in overview}
                assert "](data:image/png;base64," in analyst["analyst-report"].data
                assert "analyst-directives" in analyst
        server.telemetry_free()
    finally:
        for proc in reversed(procs):
            _kill_group(proc)


# -- crashes and cancellations of the orchestration ----------------------------------------------

# The crawl of the first `vnarchive serve` is slowed to one page every 4 s, so a run is reliably
# "mid-crawl" when the test acts (it acts on what it sees, not after a sleep).
STALLED_CRAWL = json.dumps(
    {
        "DOWNLOAD_DELAY": 4,
        "DOWNLOAD_DELAY_JITTER": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "AUTOTHROTTLE_ENABLED": False,
    }
)
CONTENT_KEYS = {
    "articles": "SELECT url, content_hash, copies FROM articles",
    "article_copies": "SELECT url, content_hash FROM article_copies",
    "directives": "SELECT directive_id, symbol, doc_type, issuer_code FROM directives",
    "conferences": "SELECT name, held_on, organizer, format FROM conferences",
}


def _content(db: Path) -> dict[str, list[tuple]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(con.execute(q).fetchall(), key=repr) for t, q in CONTENT_KEYS.items()}


def _runs(db: Path) -> dict[str, tuple[str, str | None, list[str]]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT run_id, status, message, start_urls FROM crawl_runs").fetchall()
    return {r[0]: (r[1], r[2], list(r[3])) for r in rows}


@pytest.mark.slow
@pytest.mark.timeout(1500)  # two `serve`s and seven flow runs; ~6 min on 2 loaded cores
@pytest.mark.usefixtures("clean_deployments")
def test_cancel_and_ctrl_c_end_runs_cancelled_and_the_next_runs_resume(
    server: Server, tmp_path: Path
) -> None:
    """Cancel a served run through Prefect and Ctrl-C `vnarchive serve` while a run crawls: both
    runs and their subflows end Cancelled, the next run is not held by the concurrency slot, no
    crawler survives, and the next run of each source recovers its own dead run only, ending
    with the same warehouse as uninterrupted runs."""
    demo_port = free_ports(3)
    env = server.env
    data, archive = tmp_path / "data", tmp_path / "data" / "warc"
    db, ref_db, ref_archive = data / "vnarchive.duckdb", tmp_path / "ref.duckdb", tmp_path / "ref"
    config, _ = _deployments_config(tmp_path / "deployments.toml")
    logs = tmp_path / "logs"
    logs.mkdir()

    def start(cmd: list[str], log: str, extra: dict[str, str] | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            cmd,
            env=dict(env, **(extra or {})),
            stdout=open(logs / log, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )

    def tail() -> str:
        return "\n".join(
            f"--- {p.name}\n" + p.read_text(errors="replace")[-4000:] for p in logs.glob("serve*")
        )

    serve_cmd = [
        sys.executable,
        "-m",
        "vnarchive.cli",
        "serve",
        "--demo",
        "--articles",
        "30",
        "--port",
        str(demo_port),
        "--data-dir",
        str(data),
        "--config",
        str(config),
    ]
    procs: list[subprocess.Popen] = []
    try:
        serve = start(serve_cmd, "serve1.log", {"VNARCHIVE_CRAWL_SETTINGS": STALLED_CRAWL})
        procs.append(serve)
        from prefect import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with (
            temporary_settings({PREFECT_API_URL: server.api}),
            get_client(sync_client=True) as client,
        ):

            def deployment():
                return client.read_deployment_by_name("vnarchive-archive-sources/scheduled")

            _wait_for(lambda: deployment() is not None, 120, "served deployment", procs)
            deployment_id = deployment().id

            def trigger(names: list[str], **params):
                return client.create_flow_run_from_deployment(
                    deployment_id, parameters={"names": names, **params}
                )

            def state(run_id):
                return client.read_flow_run(run_id).state

            def subflows(run_id):
                return [
                    r
                    for r in client.read_flow_runs()
                    if r.parent_task_run_id is not None
                    and client.read_task_run(r.parent_task_run_id).flow_run_id == run_id
                ]

            def crawling(known: set[str]) -> str:
                """Wait for a new run's crawler: process alive, manifest with ≥ 2 captures."""
                found: list[str] = []

                def ready() -> bool:
                    for manifest in archive.glob("*.captures.jsonl"):
                        run_id = manifest.name.removesuffix(".captures.jsonl")
                        if run_id not in known and manifest.read_bytes().count(b"\n") >= 2:
                            found.append(run_id)
                            return bool(crawler_pids(archive))
                    return False

                _wait_for(ready, 180, "a crawl in progress", procs)
                return found[-1]

            def final(run_id, what: str) -> None:
                _wait_for(lambda: state(run_id).is_final(), 120, f"{what} to end", [server.proc])

            # 1. `prefect flow-run cancel` while haiphong's crawl runs.
            run_a = trigger(["haiphong-pbgdpl"])
            dead_a = crawling(set())
            cancel = subprocess.run(
                [sys.executable, "-m", "prefect", "flow-run", "cancel", str(run_a.id)],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert cancel.returncode == 0, cancel.stdout + cancel.stderr
            # The next run is triggered now: it may start only when the slot is free.
            run_b = trigger(["dukcqtw"])
            final(run_a.id, "the cancelled run")
            assert state(run_a.id).is_cancelled(), (state(run_a.id), tail())
            (sub_a,) = subflows(run_a.id)
            assert sub_a.state.is_cancelled(), (sub_a.state, tail())
            assert "cancelled" in (sub_a.state.message or ""), sub_a.state.message

            # 2. The slot was released with the final state: the queued run crawls at once
            #    (before, it waited ~4 minutes for Prefect's slot lease to expire).
            dead_b = crawling({dead_a})
            assert dead_b != dead_a

            # 3. Ctrl-C of `vnarchive serve` while dukcqtw's crawl runs.
            os.kill(serve.pid, signal.SIGINT)
            assert serve.wait(timeout=150) == 0, tail()
            final(run_b.id, "the run of the stopped serve")
            assert state(run_b.id).is_cancelled(), (state(run_b.id), tail())
            (sub_b,) = subflows(run_b.id)
            assert sub_b.state.is_cancelled(), (sub_b.state, tail())

            # No crawler outlived its run.
            _wait_for(lambda: not crawler_pids(archive), 30, "no crawler left", [server.proc])

            runs = _runs(db)
            assert runs[dead_a][0] == "cancelled" and runs[dead_a][1], (runs[dead_a], tail())
            assert runs[dead_b][0] == "cancelled" and runs[dead_b][1], runs[dead_b]

            # 4. A new `vnarchive serve`, crawling at full speed: the next run of each source.
            procs.remove(serve)
            procs.append(start(serve_cmd, "serve2.log"))

            def run_to_end(names: list[str], **params) -> None:
                run = trigger(names, **params)
                _wait_for(lambda: state(run.id).is_final(), 600, f"run {names}", procs)
                assert state(run.id).is_completed(), (state(run.id), tail())

            run_to_end(["haiphong-pbgdpl"])
            runs = _runs(db)
            assert runs[dead_a][0] == "interrupted", runs[dead_a]  # recovered by its source
            assert runs[dead_b][0] == "cancelled", runs[dead_b]  # another source's: left alone
            run_to_end(["dukcqtw"])
            assert _runs(db)[dead_b][0] == "interrupted"

            # Reference: the same two runs, uninterrupted, into a second warehouse.
            for names in (["haiphong-pbgdpl"], ["dukcqtw"]):
                run_to_end(names, db_path=str(ref_db), archive_dir=str(ref_archive))

        assert _content(db) == _content(ref_db)
        import duckdb

        with duckdb.connect(str(db), read_only=True) as con:
            orphans = con.execute(
                "SELECT count(*) FROM captures WHERE source_id IS NULL AND url LIKE ?",
                [f"http://127.0.0.1:{demo_port}/%"],
            ).fetchone()[0]
            orphans += con.execute(
                "SELECT count(*) FROM captures WHERE source_id IS NULL AND url LIKE ?",
                [f"http://127.0.0.1:{demo_port + 1}/%"],
            ).fetchone()[0]
        assert orphans == 0, "every capture of a demo site has its source"
    finally:
        for proc in reversed(procs):
            _kill_group(proc)
