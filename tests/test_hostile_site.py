"""Issue 9 acceptance: one crawl and one ``reprocess`` over a hostile site (tests/hostile_site.py)
finish, record every failure with its reason, keep every good page, and stay within a stated
memory and time budget.

Each flow runs in its own child process (the real ``archive_flow`` / ``reprocess_flow`` against
this session's Prefect test server), so its peak memory, and its children's (the Scrapy crawler,
the extract workers), is measured on its own with ``getrusage``, and a run that never ends is
stopped at its wall-clock budget and reported as such instead of hanging the suite.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hostile_site import (
    ARTICLES,
    CP1258_PAGE,
    DENSE,
    GOOD_PAGES,
    HOSTILE,
    NOTICE,
    PDF_DIRECTIVES,
    PDF_PATH,
    SECRET,
    SIZE,
    TRUNCATED_PAGE,
    UNDATED,
    Hostile,
    HostileSite,
)

# A whole crawl and reprocess over the hostile site (about a minute): in the default run, out of
# the quick loop (-m "not slow").
pytestmark = pytest.mark.slow

# Budgets, stated here and asserted as outcomes (the run finished by itself; memory stayed under).
CRAWL_BUDGET_S = 240.0  # wall clock for the crawl flow; a trap or a stuck page would never end
REPROCESS_BUDGET_S = 180.0  # wall clock for the reprocess flow
MEMORY_BUDGET_MB = 1536  # peak RSS of the flow process, and of any one of its children
DOWNLOAD_TIMEOUT = 3.0  # the crawler's per-request timeout here; the slow page answers after 8 s
PAGE_BUDGET_S = 15.0  # extract workers: one page (the dense page needs ~1.5 s when linear)
ATTACHMENT_BUDGET_S = 5.0  # one attachment (the heavy PDF needs ~80 s unbudgeted)
TRAP_CEILING = 1_000  # pages of one trap a crawl may fetch before a budget cuts it
REPO = Path(__file__).resolve().parent.parent


# -- the flows, each in a child process ------------------------------------------------------------
@dataclass
class ChildRun:
    mode: str
    returncode: int | None
    timed_out: bool
    seconds: float
    result: dict[str, Any]  # the flow summary and the child's getrusage figures
    stderr_tail: str

    def describe(self) -> str:
        state = "killed at its budget" if self.timed_out else f"exit {self.returncode}"
        return f"{self.mode}: {state} after {self.seconds:.0f} s\n{self.stderr_tail}"


def _descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (from /proc), to stop a child that overran its budget
    together with what it started (the crawler runs in a process group of its own)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _run_child(mode: str, spec: dict[str, Any], budget: float, log: Path) -> ChildRun:
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())  # this session's test server
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "tests"), str(REPO), env.get("PYTHONPATH", "")])
    env["VNARCHIVE_CRAWL_SETTINGS"] = json.dumps({"DOWNLOAD_TIMEOUT": DOWNLOAD_TIMEOUT})
    env["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"  # the whole run log goes to `log`
    # Short per-item budgets of the extract workers (flows/extract.py), as DOWNLOAD_TIMEOUT is short
    env["VNARCHIVE_PAGE_BUDGET_S"] = str(PAGE_BUDGET_S)
    env["VNARCHIVE_ATTACHMENT_BUDGET_S"] = str(ATTACHMENT_BUDGET_S)
    started = time.monotonic()
    with open(log, "w") as err_file:  # the flow's log, kept next to the run's data
        proc = subprocess.Popen(
            [sys.executable, __file__, mode, json.dumps(spec)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err_file,
            text=True,
            start_new_session=True,
        )
        timed_out = False
        try:
            out, _ = proc.communicate(timeout=budget)
        except subprocess.TimeoutExpired:
            timed_out = True
            for pid in [*_descendants(proc.pid), proc.pid]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            out, _ = proc.communicate()
    err = log.read_text(encoding="utf-8", errors="replace")
    result: dict[str, Any] = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
    return ChildRun(
        mode, proc.returncode, timed_out, time.monotonic() - started, result, err[-3000:]
    )


def _child_main(mode: str, spec: dict[str, Any]) -> None:
    """In the child: run one flow, then print its summary and this process tree's peak RSS."""
    from sites import Source

    sources = [Source(**s) for s in spec["sources"]]
    summary, error = None, None
    try:
        if mode == "crawl":
            from flows.archive import archive_flow

            summary = archive_flow(
                start_urls=spec["start_urls"],
                db_path=spec["db"],
                archive_dir=spec["archive"],
                polite=False,
                sources=sources,
            )
        else:
            from flows.reprocess import reprocess_flow

            summary = reprocess_flow(spec["archive"], spec["db"], sources=sources)
    except Exception as exc:  # a Failed flow still loaded what it could: report, let tests look
        error = f"{type(exc).__name__}: {exc}"[:2000]
    report = {
        "summary": summary.model_dump(mode="json") if summary is not None else None,
        "error": error,
        # ru_maxrss is in KiB on Linux. RUSAGE_CHILDREN covers children already reaped (the
        # crawler); the extract workers live on until exit, so their own peak (VmHWM) is read.
        "maxrss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "maxrss_children_mb": max(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            *(_peak_rss_mb(pid) for pid in _descendants(os.getpid())),
        ),
    }
    print("RESULT " + json.dumps(report), flush=True)
    sys.exit(0 if error is None else 1)


def _peak_rss_mb(pid: int) -> float:
    """Peak resident set (VmHWM) of a live process, in MB; 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match[1]) / 1024 if match else 0.0


@dataclass
class Runs:
    site: HostileSite
    crawl: ChildRun
    reprocess: ChildRun
    data: Path

    @property
    def crawl_db(self) -> Path:
        return self.data / "crawl.duckdb"

    @property
    def reprocess_db(self) -> Path:
        return self.data / "reprocess.duckdb"


DAMAGED_PATH = "/lich/2025/06"  # a calendar page (3 hops into the trap): its record is torn


def _tear(archive: Path, copy: Path, db: Path, url: str) -> None:
    """Copy ``archive`` to ``copy``, flip 16 bytes inside the gzip member of ``url``'s response
    and insert a torn manifest line in the middle of the manifest."""
    shutil.copytree(archive, copy)
    ((warc_file, offset, length),) = _query(
        db, "SELECT warc_file, warc_offset, warc_length FROM captures WHERE url = ?", url
    )
    with open(copy / warc_file, "r+b") as fh:
        fh.seek(offset + length // 2)
        chunk = fh.read(16)
        fh.seek(offset + length // 2)
        fh.write(bytes(b ^ 0xFF for b in chunk))
    (manifest,) = copy.glob("*.captures.jsonl")
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    middle = lines[len(lines) // 2]
    lines.insert(len(lines) // 2, middle[: len(middle) // 2] + "\n")
    manifest.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def runs(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    data = tmp_path_factory.mktemp("hostile")
    with HostileSite() as site:
        sources = [
            {
                "source_id": "hostile",
                "name": "Cổng thông tin phổ biến, giáo dục pháp luật (thử nghiệm)",
                "base_url": site.base_url,
                "organization": "Sở Tư pháp",
            }
        ]
        archive = str(data / "warc")
        crawl = _run_child(
            "crawl",
            {
                "start_urls": [site.base_url + "/"],
                "db": str(data / "crawl.duckdb"),
                "archive": archive,
                "sources": sources,
            },
            CRAWL_BUDGET_S,
            data / "crawl.log",
        )
        requests_after_crawl = len(site.request_log)
        # reprocess a copy of the archive torn as a disk or a kill tears one: a corrupt gzip
        # member in the middle of the WARC and a half-written manifest line before the last
        damaged = data / "warc-damaged"
        if (data / "crawl.duckdb").exists():
            _tear(Path(archive), damaged, data / "crawl.duckdb", site.url(DAMAGED_PATH))
        reprocess = _run_child(
            "reprocess",
            {"db": str(data / "reprocess.duckdb"), "archive": str(damaged), "sources": sources},
            REPROCESS_BUDGET_S,
            data / "reprocess.log",
        )
        # reprocess reads the archive alone: not one request reached the site
        assert len(site.request_log) == requests_after_crawl
        yield Runs(site, crawl, reprocess, data)


# -- helpers ---------------------------------------------------------------------------------------
def _query(db: Path, sql: str, *params: Any) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _outcomes(db: Path, url: str) -> list[tuple[str, str | None]]:
    """(outcome, reason) of every capture of ``url``, oldest first."""
    return _query(
        db, "SELECT outcome, reason FROM v_page_outcomes WHERE url = ? ORDER BY fetched_at", url
    )


def _require_finished(runs: Runs) -> None:
    """Both flows ended by themselves (a Failed verdict is judged by the budget test alone)."""
    for run in (runs.crawl, runs.reprocess):
        assert not run.timed_out and run.result, run.describe()


# -- the runs end, within their budgets ------------------------------------------------------------
def test_crawl_and_reprocess_finish_within_their_budgets(runs: Runs) -> None:
    for run, budget in ((runs.crawl, CRAWL_BUDGET_S), (runs.reprocess, REPROCESS_BUDGET_S)):
        assert not run.timed_out, f"not finished within {budget:.0f} s: " + run.describe()
        assert run.result.get("error") is None, f"{run.mode}: {run.result.get('error')}"
        assert run.returncode == 0, run.describe()
        rss = run.result["maxrss_self_mb"], run.result["maxrss_children_mb"]
        assert max(rss) < MEMORY_BUDGET_MB, f"{run.mode}: peak RSS self/children {rss} MB"
    ((status,),) = _query(runs.crawl_db, "SELECT status FROM crawl_runs")
    assert status == "completed"


def test_the_slow_page_is_a_timeout_not_a_wait(runs: Runs) -> None:
    """The wall-clock outcome: the page that answers after 4 s was given up on at the crawler's
    timeout (recorded as such), every attempt of it, and the run went on."""
    _require_finished(runs)
    ((outcome, reason),) = _outcomes(runs.crawl_db, runs.site.url("/loi/phan-hoi-cham"))
    assert outcome == "failed" and re.search(r"time ?out", reason or "", re.I), reason


# -- good pages are kept ---------------------------------------------------------------------------
@pytest.mark.parametrize("db_name", ["crawl", "reprocess"])
def test_every_good_page_is_an_article(runs: Runs, db_name: str) -> None:
    _require_finished(runs)
    db = runs.crawl_db if db_name == "crawl" else runs.reprocess_db
    copies = {
        url: (published, date_source)
        for url, published, date_source in _query(
            db, "SELECT url, published_on, date_source FROM article_copies"
        )
    }
    good = [*GOOD_PAGES, CP1258_PAGE, TRUNCATED_PAGE]
    for page in [*good, DENSE]:
        url = runs.site.url(page.path)
        outcomes = [o for o, _ in _outcomes(db, url)]
        if db_name == "crawl":  # the manifest: one line per URL, its final outcome
            assert outcomes == ["article"], (url, _outcomes(db, url))
        else:  # the WARC: one capture per attempt (a retried timeout, then the page)
            assert outcomes[-1] == "article", (url, _outcomes(db, url))
        assert url in copies, url
        published = copies[url][0]
        assert (published.isoformat() if published else None) == page.published, url
    assert copies[runs.site.url(UNDATED.path)][1] == "none"  # kept, saying the date was not found
    assert runs.site.url(NOTICE.path) in copies  # a one-paragraph notice is an article too

    bodies = dict(_query(db, "SELECT url, body FROM article_copies"))
    for page in good:
        for paragraph in page.paragraphs:
            assert paragraph in bodies[runs.site.url(page.path)], (page.path, paragraph[:40])
    cited = {
        (url, symbol)
        for url, symbol in _query(
            db,
            "SELECT c.url, d.symbol FROM directive_mentions m JOIN directives d "
            "USING (directive_id) JOIN article_copies c USING (article_id)",
        )
    }
    for page in [*ARTICLES, CP1258_PAGE]:
        for symbol in page.directives:
            assert (runs.site.url(page.path), symbol) in cited, (page.path, symbol)
    reported = {
        url
        for (url,) in _query(
            db,
            "SELECT c.url FROM conference_articles a JOIN article_copies c USING (article_id)",
        )
    }
    for page in [p for p in [*ARTICLES, CP1258_PAGE] if p.conference]:
        assert runs.site.url(page.path) in reported, page.path

    ((text, directives, error),) = _query(
        db, "SELECT text, directives, error FROM attachments WHERE url = ?", runs.site.url(PDF_PATH)
    )
    assert error is None and "Chỉ thị số 32-CT/TW" in text
    assert set(PDF_DIRECTIVES) <= set(directives)


# -- every fetched page has exactly one outcome; nothing is lost -----------------------------------
@pytest.mark.parametrize("db_name", ["crawl", "reprocess"])
def test_every_capture_has_exactly_one_outcome(runs: Runs, db_name: str) -> None:
    _require_finished(runs)
    db = runs.crawl_db if db_name == "crawl" else runs.reprocess_db
    ((captures,),) = _query(db, "SELECT count(*) FROM captures")
    ((outcomes, distinct),) = _query(
        db, "SELECT count(*), count(DISTINCT capture_id) FROM page_outcomes"
    )
    assert captures == outcomes == distinct and captures > 0
    # every capture has its source (the hostile links must not create unattributed captures)
    assert _query(db, "SELECT url FROM captures WHERE source_id IS NULL") == []
    unrecorded = _query(db, "SELECT url FROM v_page_outcomes WHERE outcome = 'unrecorded'")
    assert unrecorded == []
    # every failure and rejection says why
    unexplained = _query(
        db,
        "SELECT url, outcome FROM v_page_outcomes "
        "WHERE outcome IN ('failed', 'rejected') AND coalesce(reason, '') = ''",
    )
    assert unexplained == []


def test_every_request_the_site_answered_is_a_capture(runs: Runs) -> None:
    """Nothing fetched is lost: each URL the server was asked for is a capture of the crawl."""
    _require_finished(runs)
    captured = {url for (url,) in _query(runs.crawl_db, "SELECT url FROM captures")}
    asked = {runs.site.base_url + path for path, _ in runs.site.request_log}
    assert asked - captured == set()


def test_reprocess_keeps_every_capture_of_the_crawl(runs: Runs) -> None:
    """Rebuilt from the (torn) archive alone, every URL the crawl recorded is a capture again
    (fetch errors from the WARC's metadata records, robots.txt refusals from the manifest), but
    for the one whose record was torn, which the summary reports as lost, with the damage."""
    _require_finished(runs)
    crawled = {u for (u,) in _query(runs.crawl_db, "SELECT url FROM captures")}
    rebuilt = {u for (u,) in _query(runs.reprocess_db, "SELECT url FROM captures")}
    torn = runs.site.url(DAMAGED_PATH)
    assert crawled - rebuilt <= {torn}
    summary = runs.reprocess.result["summary"]
    assert summary is not None, runs.reprocess.result.get("error")
    assert summary["damaged_records"] >= 1 and summary["damage"], summary
    assert torn in summary["lost_urls"]
    assert summary["skipped_manifest_lines"] == 1, summary["manifest_damage"]


# -- each hostile class ends as its recorded outcome -----------------------------------------------
@pytest.mark.parametrize("hostile", [h for h in HOSTILE if h.outcome], ids=lambda h: h.kind)
def test_hostile_url_is_recorded_with_its_reason_in_the_crawl(runs: Runs, hostile: Hostile) -> None:
    """One capture (the manifest's line for the URL), with the expected outcome and reason."""
    _require_finished(runs)
    got = _outcomes(runs.crawl_db, runs.site.url(hostile.path))
    assert len(got) == 1, got
    (outcome, reason) = got[0]
    assert re.fullmatch(hostile.outcome, outcome), got
    assert re.search(hostile.reason, reason or "", re.I), got


REPROCESS_EXPECT = {  # responses the WARC holds: their outcome when rebuilt from the archive
    "/loi/may-chu-500": ("failed", r"\b500\b"),
    "/loi/bom-gzip": ("failed|rejected", SIZE),
    "/loi/bom-brotli": ("failed|rejected", SIZE),
    "/loi/vong-lap-b": ("redirect", r""),
}


SERVED = {h.path for h in HOSTILE} | {"/loi/vong-lap-b"}  # no brotli bomb without brotli


@pytest.mark.parametrize("path", [p for p in REPROCESS_EXPECT if p in SERVED])
def test_hostile_response_is_recorded_with_its_reason_at_reprocess(runs: Runs, path: str) -> None:
    """The WARC keeps what the crawl refused to decode (bombs) and every 5xx attempt: rebuilt
    from it, each is one outcome per archived response, with its reason, and no decode runs
    past the cap (the memory budget above holds for reprocess too)."""
    _require_finished(runs)
    outcome, reason = REPROCESS_EXPECT[path]
    got = _outcomes(runs.reprocess_db, runs.site.url(path))
    assert got, f"{path}: no outcome at reprocess"
    for o, r in got:
        assert re.fullmatch(outcome, o) and re.search(reason, r or "", re.I), got


@pytest.mark.parametrize("db_name", ["crawl", "reprocess"])
def test_attachment_bombs_are_recorded_failures(runs: Runs, db_name: str) -> None:
    """A .docx inflating to 2 GiB (stopped by a cap) and a PDF whose 80 pages share one heavy
    content stream, under every byte cap (stopped by the time budget): each an attachment row
    with its error and a recorded outcome, and the run went on."""
    _require_finished(runs)
    db = runs.crawl_db if db_name == "crawl" else runs.reprocess_db
    for path, reason in (
        ("/van-ban/bom-nen.docx", SIZE),
        ("/van-ban/noi-dung-nang.pdf", r"time ?out|budget"),
    ):
        url = runs.site.url(path)
        ((outcome, why),) = _outcomes(db, url)
        assert outcome in ("failed", "non-html") and re.search(reason, why or "", re.I), why
        rows = _query(db, "SELECT error FROM attachments WHERE url = ?", url)
        assert len(rows) == 1 and re.search(reason, rows[0][0] or "", re.I), (path, rows)


# -- traps, scope, secrets, entity bombs -----------------------------------------------------------
def test_traps_are_cut_by_a_budget(runs: Runs) -> None:
    """The endless ?page=N listing and the endless calendar were entered, then cut (the crawl
    finished by itself: see the budget test) well before TRAP_CEILING pages each."""
    _require_finished(runs)
    urls = [url for (url,) in _query(runs.crawl_db, "SELECT url FROM captures")]
    paging = [u for u in urls if "/luu-tru?page=" in u]
    calendar = [u for u in urls if "/lich/" in u]
    assert 5 <= len(paging) <= TRAP_CEILING, len(paging)
    assert 5 <= len(calendar) <= TRAP_CEILING, len(calendar)
    hits = runs.site.hits()
    assert hits["/luu-tru"] == len(paging) and hits["/luu-tru"] <= TRAP_CEILING


def test_out_of_scope_links_are_never_fetched(runs: Runs) -> None:
    """Another port of the start host, a subdomain-style name and a file:// link: no request
    leaves for them (a refusal may be recorded, as 'scope: …', but never a fetch)."""
    _require_finished(runs)
    assert runs.site.canary_hits == [], "another port of the start host was fetched"
    for h in HOSTILE:
        if h.fate != "never fetched":
            continue
        url = runs.site.url(h.path)
        host = url.split("://", 1)[1].split("/", 1)[0]
        rows = _query(
            runs.crawl_db,
            "SELECT url, status, error FROM captures WHERE url LIKE ?",
            f"%{host}%" if "://" in url and not url.startswith("file:") else "file:%",
        )
        for row_url, status, error in rows:
            assert status is None and re.search(r"scope|refus", error or "", re.I), (
                h.kind,
                row_url,
                error,
            )


def test_credentials_in_a_link_are_never_archived(runs: Runs) -> None:
    """The password of a ``user:pass@`` link is in no capture URL or error, outcome, run row,
    manifest, WARC header or request/metadata record (the home page's own HTML carries the link,
    so response bodies are not searched)."""
    _require_finished(runs)
    from warcio.archiveiterator import ArchiveIterator

    secrets = [SECRET, base64.b64encode(f"kiemtra:{SECRET}".encode()).decode()]
    for db in (runs.crawl_db, runs.reprocess_db):
        stored = _query(
            db,
            "SELECT url FROM captures UNION ALL SELECT error FROM captures "
            "UNION ALL SELECT reason FROM page_outcomes UNION ALL SELECT url FROM article_copies "
            "UNION ALL SELECT unnest(start_urls) FROM crawl_runs "
            "UNION ALL SELECT message FROM crawl_runs",
        )
        assert not [u for (u,) in stored if u and any(s in u for s in secrets)]
    archive = runs.data / "warc"
    for manifest in archive.glob("*.jsonl"):
        text = manifest.read_text(encoding="utf-8", errors="replace")
        assert not any(s in text for s in secrets), manifest.name
    headers = []
    for warc in archive.glob("*.warc.gz"):
        with open(warc, "rb") as fh:
            for record in ArchiveIterator(fh):
                headers.append(record.rec_headers.to_str())
                if record.http_headers is not None:
                    headers.append(record.http_headers.to_str())
                if record.rec_type in ("metadata", "request"):  # ours: fetch errors, requests
                    headers.append(record.content_stream().read().decode("utf-8", "replace"))
    assert headers
    leaked = [h for h in headers if any(s in h for s in secrets)]
    assert leaked == [], leaked[:2]


def test_billion_laughs_sitemap_is_not_expanded(runs: Runs) -> None:
    _require_finished(runs)
    ((status,),) = _query(
        runs.crawl_db,
        "SELECT status FROM captures WHERE url = ?",
        runs.site.url("/sitemap-bom.xml"),
    )
    assert status == 200  # archived as served
    urls = [u for (u,) in _query(runs.crawl_db, "SELECT url FROM captures")]
    assert not [u for u in urls if "lollol" in u]


# -- run the flows in a child process -------------------------------------------------------------
if __name__ == "__main__":
    _child_main(sys.argv[1], json.loads(sys.argv[2]))
