"""Pages and attachments are parsed in workers with a time budget and a memory cap.

An item that hangs, or kills its worker (segfault, os._exit, MemoryError under the cap), ends
as that item's recorded error; the rest of the batch, the flow, and any later recovery of the
run go on. The flow tests crawl a real loopback site into real WARC files and a real DuckDB.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from flows.workers import WorkerPool

if TYPE_CHECKING:
    from loopback import LoopbackSite, Reply, Seen

# Workers import this module to run hostile_task: the crawl, flow and warehouse modules are
# imported inside the tests that need them, so a worker starts in a fraction of the time.
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
DEVSET = Path(__file__).resolve().parents[1] / "benchmarks" / "devset"


# -- the supervisor --------------------------------------------------------------------------------
def hostile_task(kind: str) -> str:
    """What a parser could do to its process, on demand (runs in a worker)."""
    if kind == "hang":
        time.sleep(600)
    elif kind == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(60)
    elif kind == "exit":
        os._exit(3)
    elif kind == "memory":
        hog = bytearray(4 * 1024**3)  # 4 GiB at once: refused by the address-space cap
        return str(len(hog))
    elif kind == "raise":
        raise ValueError("bad input")
    return f"ok {os.getpid()}"


def test_worker_pool_contains_hangs_crashes_and_memory_bombs() -> None:
    # The test module is imported by each worker before its first task (as flows.extract is).
    pool = WorkerPool(2, memory_mb=1024, preload=[__name__])
    try:
        kinds = ["ok", "hang", "ok", "segfault", "ok", "exit", "ok", "memory", "ok", "raise", "ok"]
        outcomes = pool.map(hostile_task, kinds, budget=3)
        errors = [o.error for o in outcomes]
        assert errors == [
            None,
            "timeout after 3s",
            None,
            "worker died: killed by SIGSEGV",
            None,
            "worker died: exit code 3",
            None,
            "worker died: MemoryError (worker memory cap)",
            None,
            "ValueError: bad input",  # the task's own exception: its worker lives on
            None,
        ]
        assert all(o.value.startswith("ok ") for o in outcomes if o.error is None)
        # Every dead or stuck worker was replaced (2 at the start, 4 replacements).
        assert pool.started_workers == 6
        # The pool persists: the next batch runs on the same, already started workers.
        pids = {o.value for o in pool.map(hostile_task, ["ok"] * 4, budget=30)}
        assert pool.started_workers == 6 and 1 <= len(pids) <= 2
    finally:
        pool.close()


def test_prewarmed_workers_are_the_ones_that_take_the_batch() -> None:
    pool = WorkerPool(2, preload=[__name__])
    try:
        pool.prewarm()  # returns at once; the workers import while the caller goes on
        assert pool.started_workers == 2
        pool.prewarm()  # already full: starts nothing more
        assert pool.started_workers == 2
        outcomes = pool.map(hostile_task, ["ok"] * 4, budget=60)
        assert [o.error for o in outcomes] == [None] * 4
        assert pool.started_workers == 2
    finally:
        pool.close()


def modules_loaded(names: list[str]) -> list[bool]:
    """Which of ``names`` the worker has imported when it takes its first task."""
    import sys

    return [name in sys.modules for name in names]


def test_extract_workers_import_what_pages_need_before_their_budget_starts() -> None:
    """A page's budget starts when its worker is ready: what the first page would otherwise
    import (datasketch for its MinHash, ~2 s; more on a loaded machine) is loaded before. In
    CI a first page of 20 ms once timed out at 5 s, paying for that import."""
    from flows.extract import _WORKER_MODULES

    pool = WorkerPool(1, preload=[*_WORKER_MODULES, __name__])
    try:
        (outcome,) = pool.map(modules_loaded, [["datasketch", "flows.extract"]], budget=60)
        assert outcome.error is None and outcome.value == [True, True]
    finally:
        pool.close()


# -- the flow over a loopback site with hostile content --------------------------------------------
ARTICLES = sorted(FIXTURES.glob("*.html"))[:6]


@cache
def _huge_page() -> bytes:
    """An 8 MB article page of real sentences: about 12 s of honest work for the extractor."""
    texts = [
        json.loads(line)["text"]
        for line in (DEVSET / "devset.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    paragraphs = "".join(f"<p>{t}</p>\n" for t in texts)
    filler = paragraphs * (8_000_000 // len(paragraphs.encode()) + 1)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Bài rất dài</title></head><body>"
        f"<article><h1>Bài rất dài</h1><p>Ngày 12/5/2023</p>{filler}</article></body></html>"
    ).encode()


@cache
def _slow_pdf() -> bytes:
    from test_attachments import heavy_pdf

    return heavy_pdf(pages=1, ops=400_000)  # 5.6 MB of operators: under the byte cap, slow


def _route(seen: Seen) -> Reply:
    from loopback import Reply, page

    links = [f"/bai-{i}.html" for i in range(len(ARTICLES))] + ["/dai.html", "/van-ban.pdf"]
    if seen.path == "/":
        return Reply(body=page("Trang chủ", links))
    if seen.path == "/dai.html":
        return Reply(body=_huge_page())
    if seen.path == "/van-ban.pdf":
        return Reply(body=_slow_pdf(), content_type="application/pdf")
    if seen.path.startswith("/bai-"):
        return Reply(body=ARTICLES[int(seen.path[5:].split(".")[0])].read_bytes())
    if seen.path == "/robots.txt":
        return Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
    # The fixtures' own links lead here: plain pages, so no fetch fails and no alert fires.
    return Reply(body=page("Chuyên mục"))


@pytest.fixture
def budgets(monkeypatch: pytest.MonkeyPatch) -> None:
    # Generous for ordinary pages (tens of milliseconds each), far below the hostile ones.
    monkeypatch.setenv("VNARCHIVE_PAGE_BUDGET_S", "5")
    monkeypatch.setenv("VNARCHIVE_ATTACHMENT_BUDGET_S", "3")


def _crawl(site: LoopbackSite, archive: Path, run_id: str) -> None:
    """The real crawler subprocess over the site, to the end, without any flow around it."""
    import crawlers
    from crawlers.subprocess_runner import build_command

    cmd = build_command([site.url("/")], archive, run_id, polite=False)
    root = str(Path(crawlers.__file__).resolve().parent.parent)
    env = dict(os.environ, PYTHONPATH=root)
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)


@pytest.mark.usefixtures("prefect_harness", "budgets")
def test_hostile_items_of_a_recovered_run_are_recorded_once_and_the_rest_loads(
    tmp_path: Path,
) -> None:
    import duckdb
    from loopback import LoopbackSite

    from crawlers.items import read_manifest
    from crawlers.layout import ArchiveLayout
    from flows.archive import archive_flow
    from pipelines.document import process_document
    from sites.families import FAMILIES
    from warehouse.db import Warehouse

    site = LoopbackSite(_route)
    with site:
        db, archive = tmp_path / "w.duckdb", tmp_path / "warc"
        archive.mkdir()
        # A run registered itself, crawled everything, then died before extracting (as the
        # flow process did when a page took it down).
        dead = "20000101T000000Z-dead02"
        with Warehouse(db) as warehouse:
            warehouse.start_run(dead, datetime.now(UTC), [site.url("/")])
        _crawl(site, archive, dead)
        captures = read_manifest(ArchiveLayout(archive).manifest(dead))
        assert {c.url for c in captures} >= {site.url("/dai.html"), site.url("/van-ban.pdf")}

        # The next run recovers the dead one: its pages go through the same budgets.
        first = archive_flow([site.url("/")], str(db), str(archive), polite=False)
        again = archive_flow([site.url("/")], str(db), str(archive), polite=False)

    with duckdb.connect(str(db), read_only=True) as con:
        runs = dict(con.execute("SELECT run_id, status FROM crawl_runs").fetchall())
        pdf = con.execute("SELECT kind, text, error FROM attachments").fetchall()
        copies = {u for (u,) in con.execute("SELECT url FROM article_copies").fetchall()}
        dead_captures = con.execute(
            "SELECT count(*) FROM captures WHERE run_id = ?", [dead]
        ).fetchone()[0]
        huge = con.execute(
            "SELECT c.run_id, o.outcome, o.reason FROM captures c "
            "LEFT JOIN page_outcomes o USING (capture_id) "
            "WHERE c.url = ? AND c.record_type = 'response'",
            [site.url("/dai.html")],
        ).fetchall()
    assert runs == {dead: "interrupted", first.run_id: "completed", again.run_id: "completed"}
    assert dead_captures == len(captures)  # everything the dead run fetched is loaded
    # The slow PDF: one row, with the budget as its reason.
    assert pdf == [("pdf", None, "timeout after 3s")]
    # The huge page: one outcome per download of it (the dead run's among them; later runs
    # found it unchanged: revisits), the budget as its reason; it is no article, and every
    # ordinary article loaded.
    assert dead in {run for run, _, _ in huge}
    assert {(o, r) for _, o, r in huge} == {("failed", "extraction error: timeout after 5s")}
    expected = {
        site.url(f"/bai-{i}.html")
        for i, f in enumerate(ARTICLES)
        if process_document(
            f.read_bytes(), site.url(f"/bai-{i}.html"), "text/html", detect_among=FAMILIES
        ).article.is_article
    }
    assert expected and copies == expected


def test_a_page_past_its_budget_is_that_pages_error(tmp_path: Path) -> None:
    from loopback import LoopbackSite

    from crawlers.items import read_manifest
    from crawlers.layout import ArchiveLayout
    from flows.extract import extract_pages, page_refs

    site = LoopbackSite(_route)
    with site:
        archive = tmp_path / "warc"
        archive.mkdir()
        run_id = "20000101T000000Z-budget"
        _crawl(site, archive, run_id)
    captures = read_manifest(ArchiveLayout(archive).manifest(run_id))
    refs = page_refs(captures, run_id)
    results = extract_pages(refs, archive, budget=5)
    by_url = {ref.url: r for ref, r in zip(refs, results, strict=True)}
    huge = by_url[site.url("/dai.html")]
    assert huge.document is None and huge.error == "timeout after 5s"
    ok = [r for url, r in by_url.items() if url != site.url("/dai.html")]
    assert ok and all(r.error is None and r.document is not None for r in ok)
