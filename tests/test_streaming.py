"""Streaming extraction (flows/stream.py): pages are extracted and stored in chunks while the crawl
still fetches; a run stored in chunks equals the same run stored at once; a crawl stopped after
some chunks were stored loses nothing once the next run has recovered it; a stream that fails
kills its crawl.

Real crawls over loopback sites, real WARC files, real DuckDB, real Prefect flows. Overlap is
shown without timing: the site withholds its last pages until the flow reports a stored chunk, so
a run that only extracted after its crawl could not pass (it would wait out the gate and fail).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from demo_helpers import run_demo_flow
from loopback import LoopbackSite, Reply, Seen, page

from crawlers import subprocess_runner
from crawlers.items import CaptureRecord, ManifestTail, iter_manifest, scan_manifest
from flows import progress
from flows.stream import merge_loads
from flows.workers import BatchStopped, WorkerPool
from warehouse.db import LoadResult

# A held page waits this long per attempt, below the crawler's DOWNLOAD_TIMEOUT (10 s unpolite),
# then answers 503, which the crawler retries (3 attempts): the gate has ~24 s to open.
GATE_SECONDS = 8.0


# -- the manifest, followed while it is written ----------------------------------------------------
def _record(n: int, run_id: str = "r") -> CaptureRecord:
    return CaptureRecord(
        url=f"http://127.0.0.1/bai-{n}.html",
        status=200,
        content_type="text/html",
        warc_file="a.warc.gz",
        warc_offset=n * 100,
        warc_length=100,
        fetched_at="2026-01-01T00:00:00Z",
        error=None,
        run_id=run_id,
        payload_digest=None,
        content_length=10,
    )


def test_tail_hands_out_each_complete_line_once(tmp_path: Path) -> None:
    path = tmp_path / "r.captures.jsonl"
    tail = ManifestTail(path)
    assert tail.read() == []  # the crawler has not created it yet
    lines = [_record(n).to_json_line().encode() for n in range(5)]
    with open(path, "ab") as fh:
        fh.write(lines[0] + lines[1][:30])  # a line still being written
    assert [r.url for r in tail.read()] == [_record(0).url]
    assert tail.read() == []  # the half line waits
    with open(path, "ab") as fh:
        fh.write(lines[1][30:] + lines[2])
    assert [r.url for r in tail.read()] == [_record(1).url, _record(2).url]
    # A crawl attempt killed mid-line, then retried: the retry's first line is glued to the
    # torn one. The whole record at its end is kept, the torn part skipped, nothing doubled.
    with open(path, "ab") as fh:
        fh.write(lines[3][:40])
    assert tail.read(final=False) == []
    with open(path, "ab") as fh:
        fh.write(lines[4])
    assert [r.url for r in tail.read()] == [_record(4).url]
    assert len(tail.skipped) == 1 and "torn line" in tail.skipped[0].reason
    # The crawl is over: an unterminated last line is read too.
    with open(path, "ab") as fh:
        fh.write(lines[3].rstrip(b"\n"))
    assert tail.read() == []
    assert [r.url for r in tail.read(final=True)] == [_record(3).url]
    assert tail.read(final=True) == []
    # Whatever the slicing, the tail reads what scan_manifest reads.
    records, skipped = scan_manifest(path)
    assert [r.url for r in iter_manifest(path)] == [r.url for r in records]
    assert len(skipped) == len(tail.skipped)


def test_tail_reads_a_damaged_manifest_like_scan_manifest_in_any_slices(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "r.captures.jsonl"
    data = b""
    for n in range(300):
        line = _record(n).to_json_line().encode()
        roll = rng.random()
        if roll < 0.05:
            line = line[: rng.randrange(1, len(line) - 1)]  # torn: the next line is glued on
        elif roll < 0.08:
            line = b"\x00\x00garbage\n"
        data += line
    path.write_bytes(data)
    expected, skipped = scan_manifest(path)
    for limit in (97, 1000, 1 << 20):
        tail = ManifestTail(path)
        got: list[CaptureRecord] = []
        while tail.offset < len(data):
            got += tail.read(final=True, limit=limit, quiet=True)
        assert [r.url for r in got] == [r.url for r in expected]
        assert len(tail.skipped) == len(skipped)


# -- chunk loads merged into the run's ------------------------------------------------------------
def _load(before: int, new: int, tables: dict[str, tuple[int, int]], **counts) -> LoadResult:
    return LoadResult(
        articles_before=before,
        articles_after=before + new,
        captures_added=counts.get("captures", 0),
        totals={t: after for t, (_, after) in tables.items()},
        totals_before={t: b for t, (b, _) in tables.items()},
        copy_changes=counts.get("changes", {}),
        outcomes=counts.get("outcomes", {}),
    )


def test_merged_loads_count_this_runs_chunks_only() -> None:
    first = _load(
        10,
        3,
        {"articles": (10, 13), "directives": (4, 4)},
        captures=5,
        changes={"a": {"new": 3, "changed": 0}},
        outcomes={"a": {"article": 3, "listing": 2}},
    )
    # Another source loaded 100 articles between the two chunks.
    second = _load(
        113,
        2,
        {"articles": (113, 115), "directives": (4, 9)},
        captures=4,
        changes={"a": {"new": 1, "changed": 1}},
        outcomes={"a": {"article": 2, "failed: HTTP 404": 2}},
    )
    merged = merge_loads(first, second)
    assert merged.articles_new == 5 and merged.articles_after == 115
    assert merged.captures_added == 9
    assert merged.totals_before == {"articles": 110, "directives": 4}
    assert merged.copy_changes == {"a": {"new": 4, "changed": 1}}
    assert merged.outcomes == {"a": {"article": 5, "listing": 2, "failed: HTTP 404": 2}}
    third = _load(115, 1, {"articles": (115, 116), "directives": (9, 9)}, captures=1)
    assert merge_loads(merge_loads(first, second), third) == merge_loads(
        first, merge_loads(second, third)
    )


# -- a batch in the workers can be given up -------------------------------------------------------
def sleepy(seconds: float) -> float:
    import time

    time.sleep(seconds)
    return seconds


def test_a_stopped_batch_is_abandoned_and_the_pool_goes_on() -> None:
    pool = WorkerPool(2, preload=[__name__])
    stop = threading.Event()
    try:
        threading.Timer(1.0, stop.set).start()
        with pytest.raises(BatchStopped):
            pool.map(sleepy, [600.0] * 3, budget=900, stop=stop)
        # The busy workers were killed (no stale result reaches the next batch).
        assert [o.value for o in pool.map(sleepy, [0.0, 0.01], budget=60)] == [0.0, 0.01]
    finally:
        pool.close()


# -- real runs ------------------------------------------------------------------------------------
WORDS = tuple(
    [
        "pháp",
        "luật",
        "tuyên",
        "truyền",
        "phổ",
        "biến",
        "giáo",
        "dục",
        "hội",
        "nghị",
        "báo",
        "cáo",
        "viên",
        "tỉnh",
        "huyện",
        "xã",
        "cán",
        "bộ",
        "nhân",
        "dân",
        "nghị",
        "định",
        "thông",
        "tư",
        "quyết",
        "định",
        "chỉ",
        "thị",
        "ban",
        "hành",
        "thực",
        "hiện",
        "triển",
        "khai",
        "kế",
        "hoạch",
        "công",
        "tác",
        "năm",
        "tháng",
        "ngày",
        "sở",
        "tư",
        "pháp",
        "ủy",
        "ban",
        "đoàn",
        "thể",
        "thanh",
        "niên",
        "phụ",
        "nữ",
        "nông",
        "dân",
    ]
)


def article(n: int, next_href: str | None) -> bytes:
    """An article page (distinct words per page: no two are near-duplicates)."""
    rng = random.Random(n)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + ".</p>"
        for _ in range(6)
    )
    link = f'<p><a href="{next_href}">Bài tiếp</a></p>' if next_href else ""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Bài viết số {n}</title></head><body><article>"
        f"<h1>Bài viết số {n} về công tác pháp luật</h1><p>Ngày {n % 27 + 1:02d}/3/2024</p>"
        f"{paragraphs}{link}</article></body></html>"
    ).encode()


class ChainSite(LoopbackSite):
    """Home → article 1 → article 2 → …: one page at a time, in order. Articles from ``held``
    on wait for :attr:`gate` before they are served (GATE_SECONDS an attempt, then 503)."""

    def __init__(self, n: int, held: int) -> None:
        self.n = n
        self.held = held
        self.gate = threading.Event()
        self.opened_by_gate: dict[int, bool] = {}
        super().__init__(self._route)

    def _route(self, seen: Seen) -> Reply:
        if seen.path == "/":
            return Reply(body=page("Trang chủ", ["/tin-tuc/bai-1.html"]))
        for n in range(1, self.n + 1):
            if seen.path == f"/tin-tuc/bai-{n}.html":
                if n >= self.held:
                    self.opened_by_gate[n] = self.gate.wait(GATE_SECONDS)
                    if not self.opened_by_gate[n]:  # retried by the crawler (3 attempts)
                        return Reply(status=503, body=b"busy")
                following = f"/tin-tuc/bai-{n + 1}.html" if n < self.n else None
                return Reply(body=article(n, following))
        return Reply(status=404, body=b"not found")


def content_rows(db: Path, columns: dict[str, str]) -> dict[str, list[tuple]]:
    """``{table: rows of the named columns}``, sorted (NULLs among values: by repr)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: sorted(con.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
            for table, cols in columns.items()
        }


@pytest.fixture
def stage_events() -> Iterator[list[tuple[str, dict[str, int]]]]:
    """Every flows.progress report of the test's runs, in order."""
    events: list[tuple[str, dict[str, int]]] = []

    def listener(stage: str, counts: dict[str, int]) -> None:
        events.append((stage, dict(counts)))

    progress.add_listener(listener)
    yield events
    progress.remove_listener(listener)


def _crawl_runs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT status, pages_fetched, fetch_errors, articles_seen, articles_new, message "
            "FROM crawl_runs ORDER BY started_at"
        ).fetchall()


@pytest.mark.usefixtures("prefect_harness")
def test_pages_are_extracted_and_stored_while_the_crawl_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage_events: list
) -> None:
    from flows.archive import archive_flow

    monkeypatch.setenv("VNARCHIVE_STORE_CHUNK_PAGES", "2")
    site = ChainSite(n=6, held=5)

    # The last two articles are served only once a chunk has been stored: the crawl cannot
    # end before the stream has extracted and loaded pages of it.
    def open_gate(stage: str, _counts: dict[str, int]) -> None:
        if stage == "load":
            site.gate.set()

    progress.add_listener(open_gate)
    try:
        with site:
            summary = archive_flow(
                start_urls=[site.url("/")],
                db_path=str(tmp_path / "w.duckdb"),
                archive_dir=str(tmp_path / "warc"),
                polite=False,
            )
    finally:
        progress.remove_listener(open_gate)
    assert site.opened_by_gate == {5: True, 6: True}, "no chunk was stored while crawling"
    stages = [stage for stage, _ in stage_events]
    (crawl_over,) = [i for i, (s, c) in enumerate(stage_events) if s == "crawl" and c.get("done")]
    assert "extract" in stages[:crawl_over] and "load" in stages[:crawl_over]
    assert stages.count("load") >= 3  # several chunks, then the last one
    assert summary.articles_new == summary.articles_total == 6
    assert summary.pages_extracted == 7 and summary.extract_errors == 0
    ((status, pages, errors, seen, new, _),) = _crawl_runs(tmp_path / "w.duckdb")
    assert (status, pages, seen, new) == ("completed", summary.pages_fetched, 6, 6)
    assert errors == summary.fetch_errors
    assert _outcomes_per_capture(tmp_path / "w.duckdb") == {1}


def _outcomes_per_capture(db: Path) -> set[int]:
    """How many outcomes the captures have (each must have exactly one, whatever its chunk)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT count(o.capture_id) FROM captures c "
            "LEFT JOIN page_outcomes o USING (capture_id) GROUP BY c.capture_id"
        ).fetchall()
    return {n for (n,) in rows}


# What a run leaves in the warehouse, without its run id, capture ids and clock times.
RUN_CONTENT = {
    "articles": "url, content_hash, copies, title, body, published_on, source_id, article_id",
    "article_copies": "url, article_id, content_hash, source_id, title, body, published_on, "
    "author, similarity, minhash",
    "captures": "url, status, content_type, payload_digest, content_length, error, record_type, "
    "source_id",
    "page_outcomes o JOIN captures c USING (capture_id)": "c.url, o.outcome, o.reason, o.copy_url",
    "directives": "*",
    "directive_mentions": "*",
    "conferences": "*",
    "conference_mentions": "*",
    "person_mentions": "*",
    "people": "*",
    "positions": "*",
    "organizations": "*",
    "sources": "*",
    "crawl_runs": "status, pages_fetched, fetch_errors, articles_seen, articles_new",
}

# The same, with every story named by its canonical URL instead of its id. A story's id is the
# md5 of the copy that founded it (warehouse/keys.py): stored at once, a cluster of new copies
# is founded by its smallest URL; stored in chunks, by its first copy stored, as when a story's
# copies come in separate runs. Mention ids and the ids of conferences (md5 of their smallest
# mention id) derive from it, so they are left out where a story's name would show.
_STORY = "(SELECT url FROM articles a WHERE a.article_id = t.article_id) AS story"
STORY_CONTENT = {
    "articles": "url, content_hash, copies, title, body, published_on, source_id",
    "article_copies t": f"url, {_STORY}, content_hash, source_id, title, body, published_on, "
    "author, similarity, minhash",
    "captures": RUN_CONTENT["captures"],
    "page_outcomes o JOIN captures c USING (capture_id)": RUN_CONTENT[
        "page_outcomes o JOIN captures c USING (capture_id)"
    ],
    "directives": "*",
    "directive_mentions t": f"* EXCLUDE (mention_id, article_id), {_STORY}",
    "conferences": "* EXCLUDE (conference_id)",
    "conference_mentions t": f"* EXCLUDE (mention_id, article_id, conference_id), {_STORY}",
    "person_mentions t": f"* EXCLUDE (mention_id, article_id, conference_mention_id), {_STORY}",
    "people": "*",
    "positions": "*",
    "organizations": "*",
    "sources": "*",
    "crawl_runs": RUN_CONTENT["crawl_runs"],
}


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_stored_in_chunks_equals_the_run_stored_at_once(
    demo_sites, demo_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage_events
) -> None:
    # demo_warehouse: the same crawl, stored in one chunk (~130 captures < the default 2000).
    monkeypatch.setenv("VNARCHIVE_STORE_CHUNK_PAGES", "16")
    summary = run_demo_flow(demo_sites, tmp_path)
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:
        (captures,) = con.execute("SELECT count(*) FROM captures").fetchone()
    loads = sum(1 for stage, _ in stage_events if stage == "load")
    assert loads == -(-captures // 16) and loads >= 3  # a load per chunk of 16
    chunked = content_rows(db, STORY_CONTENT)
    whole = content_rows(demo_warehouse, STORY_CONTENT)
    for table in STORY_CONTENT:
        assert chunked[table] == whole[table], table
    assert summary.articles_new == len(whole["articles"])
    # Ids differ only for stories of several copies founded by another copy than at once.
    ids = {"articles": "url, article_id"}
    renamed = set(content_rows(db, ids)["articles"]) ^ set(
        content_rows(demo_warehouse, ids)["articles"]
    )
    multi = {url for url, _ in renamed}
    with duckdb.connect(str(db), read_only=True) as con:
        copies = dict(con.execute("SELECT url, copies FROM articles").fetchall())
    assert all(copies[url] >= 2 for url in multi), multi
    assert len(multi) <= 0.1 * len(copies)


def test_a_crawl_stopped_after_stored_chunks_loses_nothing(
    prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped mid-crawl once chunks are stored: the run is `cancelled`, the next run recovers its
    whole manifest and crawls the rest; the warehouse equals an uninterrupted run's."""
    from flows.archive import archive_flow

    monkeypatch.setenv("VNARCHIVE_STORE_CHUNK_PAGES", "2")
    site = ChainSite(n=8, held=5)

    def stop_after_a_chunk(stage: str, _counts: dict[str, int]) -> None:
        if stage == "load" and not site.gate.is_set():
            subprocess_runner.request_stop("test: stopped after a stored chunk")
            site.gate.set()  # the held page's request dies with the crawl

    def run(db: Path):
        return archive_flow(
            start_urls=[site.url("/")],
            db_path=str(db),
            archive_dir=str(tmp_path / f"warc-{db.stem}"),
            polite=False,
            return_state=True,
        )

    with site:
        progress.add_listener(stop_after_a_chunk)
        try:
            stopped = run(tmp_path / "w.duckdb")
        finally:
            progress.remove_listener(stop_after_a_chunk)
        assert not stopped.is_completed() and "stopped after a stored chunk" in stopped.message
        ((status, *_, message),) = _crawl_runs(tmp_path / "w.duckdb")
        assert status == "cancelled" and "stopped after a stored chunk" in message
        with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
            captures_early = con.execute("SELECT count(*) FROM captures").fetchone()[0]
            stored_early = con.execute("SELECT count(*) FROM article_copies").fetchone()[0]
        # A chunk (2 captures) was stored before the stop, and no article from the held one on:
        # it was not served before the stop, and a stopped run stores no further chunk.
        assert captures_early >= 2
        assert stored_early <= site.held - 1

        again = run(tmp_path / "w.duckdb")
        assert again.is_completed(), again
        clean = run(tmp_path / "clean.duckdb")  # the same site, never interrupted
        assert clean.is_completed(), clean

    statuses = [r[0] for r in _crawl_runs(tmp_path / "w.duckdb")]
    assert statuses == ["interrupted", "completed"]
    content = {k: v for k, v in RUN_CONTENT.items() if k not in ("crawl_runs",)}
    # Pages fetched again by the next run (the home page, robots.txt) are captures of both runs,
    # the second a revisit: compare the URLs fetched, and one outcome for every capture.
    content["captures"] = "DISTINCT url"
    del content["page_outcomes o JOIN captures c USING (capture_id)"]
    assert _outcomes_per_capture(tmp_path / "w.duckdb") == {1}
    resumed = content_rows(tmp_path / "w.duckdb", content)
    uninterrupted = content_rows(tmp_path / "clean.duckdb", content)
    for table in uninterrupted:
        assert resumed[table] == uninterrupted[table], table
    assert len(resumed["articles"]) == 8


@pytest.mark.usefixtures("prefect_harness")
def test_a_failing_stream_kills_the_crawl(tmp_path: Path) -> None:
    """A chunk that cannot be stored (here: the warehouse path is a directory, a real DuckDB
    error) fails the stream, which kills the crawl at once instead of letting it run on."""
    from demo_helpers import crawler_pids
    from prefect import flow

    from crawlers.layout import ArchiveLayout
    from crawlers.subprocess_runner import CrawlAbortedError, run_crawl
    from flows.archive import _chunk_store
    from flows.stream import RunStream
    from sites import Source

    not_a_db = tmp_path / "w.duckdb"
    not_a_db.mkdir()
    archive = tmp_path / "warc"
    site = ChainSite(n=20, held=4)  # the crawl waits at article 4 (~24 s) unless killed

    @flow
    def crawl_with_a_failing_stream() -> tuple[bool, str]:
        sources = [Source.for_start_url(site.url("/"))]
        store = _chunk_store(str(not_a_db), "abort", sources)
        stream = RunStream(ArchiveLayout(archive), "abort", sources, store, chunk_pages=2)
        stream.start()
        try:
            run_crawl([site.url("/")], archive, "abort", polite=False, abort=stream.abort_crawl)
            aborted = False
        except CrawlAbortedError:
            aborted = True
        finally:
            stream.abandon()
        return aborted, str(stream.error)

    with site:
        aborted, error = crawl_with_a_failing_stream()
    assert aborted, "the crawl ran on after its stream failed"
    assert "w.duckdb" in error
    assert not crawler_pids(archive)
    assert set(site.opened_by_gate.values()) <= {False} and 5 not in site.opened_by_gate
