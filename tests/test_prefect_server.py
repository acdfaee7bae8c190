"""A real `prefect server` on loopback: serve the deployments, trigger one, read its artifacts."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from crawlers.subprocess_runner import kill_process_group

ROOT = Path(__file__).resolve().parent.parent


def _free_port(span: int = 1) -> int:
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + span < 65000 and all(_port_free(port + i) for i in range(span)):
            return port
    raise RuntimeError("no free port range")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


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


@pytest.mark.slow
def test_served_deployment_runs_and_publishes_artifacts(tmp_path):
    port = _free_port()
    demo_port = _free_port(span=3)
    api = f"http://127.0.0.1:{port}/api"
    env = dict(
        os.environ,
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_API_URL=api,
        PREFECT_UI_API_URL=api,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="INFO",
    )
    server_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    config = tmp_path / "deployments.toml"
    config.write_text("[archive]\nevery_hours = 6\nmax_concurrent = 3\n", encoding="utf-8")
    logs = tmp_path / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []
    try:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "prefect",
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                ],
                env=server_env,
                stdout=open(logs / "server.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=ROOT,
            )
        )
        _wait_for(
            lambda: urllib.request.urlopen(f"{api}/health", timeout=2).status == 200,
            120,
            "prefect server",
            procs,
        )
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
                assert crons == ["0 0-23/6 * * *", "0 2-23/6 * * *", "0 4-23/6 * * *"]
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
                    assert {"archive-sources", "crawl-progress", "duckdb-file"} <= set(artifacts)
                    source = child.name.removeprefix("archive-")
                    assert f"source-{source}" in artifacts
                    table = artifacts["archive-sources"].data
                    (row,) = json.loads(table) if isinstance(table, str) else table
                    assert row["source"] == source and row["status"] == "ok"
                    assert row["pages_fetched"] > 0 and row["new_articles"] > 0
                    assert artifacts["crawl-progress"].data == 100
                overview = client.read_artifacts(
                    artifact_filter=ArtifactFilter(
                        flow_run_id=ArtifactFilterFlowRunId(any_=[run.id])
                    )
                )
                assert any(a.key == "archive-overview" for a in overview)
    finally:
        for proc in reversed(procs):
            _kill_group(proc)
