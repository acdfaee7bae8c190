"""Resumable crawls: a crawl SIGKILLed mid-way and resumed by the next flow run ends with the same
warehouse as an uninterrupted run, with no duplicate and no lost capture."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

import crawlers
from crawlers.items import manifest_path, read_manifest
from crawlers.subprocess_runner import build_command
from flows.archive import archive_flow
from vnarchive.demo_sites.server import DemoSites
from vnarchive.demo_sites.sites import demo_sources
from warehouse.db import Warehouse

CONTENT = {
    "article_copies": "SELECT url, content_hash FROM article_copies",
    "articles": "SELECT url, content_hash, copies FROM articles",
    "directives": "SELECT directive_id, symbol, doc_type, issuer_code FROM directives",
    "directive_mentions": (
        "SELECT c.url, m.directive_id FROM directive_mentions m JOIN articles c USING (article_id)"
    ),
    "conferences": "SELECT name, held_on, organizer, format FROM conferences",
}


def content(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in CONTENT.items()
        }


def kill_crawl_midway(sites: DemoSites, archive: Path, run_id: str, after_lines: int) -> int:
    """Start `python -m crawlers.run`, SIGKILL its process group after `after_lines` captures."""
    cmd = build_command(list(sites.base_urls.values()), archive, run_id, polite=False)
    root = str(Path(crawlers.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=root)
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    manifest = manifest_path(archive, run_id)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if manifest.exists() and manifest.read_bytes().count(b"\n") >= after_lines:
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL, "the crawl finished before it could be killed"
    return len(read_manifest(manifest))


@pytest.mark.usefixtures("prefect_harness")
def test_killed_crawl_resumes_to_the_same_warehouse(
    demo_sites: DemoSites, demo_warehouse: Path, tmp_path: Path
) -> None:
    sites = demo_sites
    db, archive = tmp_path / "w.duckdb", tmp_path / "warc"
    archive.mkdir()
    # A flow registered its run, started the crawl, then everything died with SIGKILL.
    dead = "20000101T000000Z-dead01"
    with Warehouse(db) as warehouse:
        warehouse.start_run(dead, datetime.now(UTC), list(sites.base_urls.values()))
    captured = kill_crawl_midway(sites, archive, dead, after_lines=30)
    assert 30 <= captured < len(sites.article_urls())

    resumed = archive_flow(
        start_urls=list(sites.base_urls.values()),
        db_path=str(db),
        archive_dir=str(archive),
        polite=False,
        sources=demo_sources(sites.base_urls),
    )

    assert content(db) == content(demo_warehouse)
    with duckdb.connect(str(db), read_only=True) as con:
        runs = dict(con.execute("SELECT run_id, status FROM crawl_runs").fetchall())
        recovered = con.execute(
            "SELECT count(*) FROM captures WHERE run_id = ?", [dead]
        ).fetchone()[0]
        full = con.execute(
            "SELECT url, count(*) FROM captures WHERE status = 200 "
            "AND record_type = 'response' GROUP BY url"
        ).fetchall()
    assert runs == {dead: "interrupted", resumed.run_id: "completed"}
    assert recovered == captured, "every capture of the killed crawl is loaded"
    fetched = dict(full)
    # Each article page was downloaded in full exactly once across the killed and resumed runs.
    assert all(fetched.get(url) == 1 for url in sites.article_urls()), {
        url: fetched.get(url) for url in sites.article_urls() if fetched.get(url) != 1
    }

    # Resuming again finds nothing left to recover and changes nothing.
    again = archive_flow(
        start_urls=list(sites.base_urls.values()),
        db_path=str(db),
        archive_dir=str(archive),
        polite=False,
        sources=demo_sources(sites.base_urls),
    )
    assert again.articles_new == 0
    assert content(db) == content(demo_warehouse)


@pytest.mark.usefixtures("prefect_harness")
def test_a_finishing_run_is_never_taken_for_dead(
    demo_sites: DemoSites, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A concurrent source's flow recovers runs that are `running` and unlocked. A run must
    therefore be marked finished while it still holds its flow lock; otherwise a sibling flow
    can "recover" (and re-label) a healthy run between its load and its finish."""
    import flows.archive
    from crawlers.frontier import is_locked
    from flows.frontier import flow_lock_path

    archive = tmp_path / "warc"
    finish = flows.archive.finish_run
    seen: list[tuple[str, bool]] = []

    def checked_finish(db_path: str, run_id: str, **fields: object) -> None:
        seen.append((str(fields["status"]), is_locked(flow_lock_path(archive, run_id))))
        finish(db_path, run_id, **fields)

    monkeypatch.setattr(flows.archive, "finish_run", checked_finish)
    summary = archive_flow(
        start_urls=[demo_sites.base_urls["dukcqtw"]],
        db_path=str(tmp_path / "w.duckdb"),
        archive_dir=str(archive),
        max_pages=15,
        polite=False,
        sources=[s for s in demo_sources(demo_sites.base_urls) if s.source_id == "dukcqtw"],
    )
    assert summary.pages_fetched > 0
    assert seen == [("completed", True)]
    assert not is_locked(flow_lock_path(archive, summary.run_id))  # released after the finish


def test_a_run_that_finishes_during_the_liveness_check_is_not_recovered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check reads the unfinished runs, then probes their locks. A sibling that finishes and
    releases its lock in between (seen in CI under load) must not be taken for dead; a dead run
    must still be found."""
    import flows.frontier
    from flows.frontier import hold_flow_lock, interrupted_runs

    archive = tmp_path / "warc"
    archive.mkdir()
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        for run_id in ("sibling", "dead"):
            warehouse.start_run(run_id, datetime.now(UTC), ["http://127.0.0.1/"])
            manifest_path(archive, run_id).write_text("", encoding="utf-8")
        sibling_lock = hold_flow_lock(archive, "sibling")
        read_statuses = flows.frontier.stopped_runs
        calls = 0

        def sibling_finishes_right_after_the_read(wh: Warehouse, current_run_id: str) -> list:
            nonlocal calls
            calls += 1
            statuses = read_statuses(wh, current_run_id)
            if calls == 1:  # the sibling's finish, then its release, as archive_flow does
                warehouse.finish_run("sibling", status="completed")
                sibling_lock.release()
            return statuses

        monkeypatch.setattr(flows.frontier, "stopped_runs", sibling_finishes_right_after_the_read)
        assert [d.run_id for d in interrupted_runs(warehouse, archive, "current")] == ["dead"]
