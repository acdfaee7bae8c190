"""What a new operator runs into: the crawl's lines in the run log, a Prefect server that does not
answer, the server's telemetry, and the demo's fault switch (real processes, HTTP and Prefect)."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from scrapy.settings import Settings

from benchmarks.crawl_throughput import parse_scrapy_stats
from crawlers.layout import ArchiveLayout
from crawlers.run import CRAWL_SETTINGS_ENV, brief_handler
from crawlers.scope import REDACTED, SecretScrubber
from crawlers.subprocess_runner import line_level, run_crawl
from vnarchive import runtime
from vnarchive.demo_sites.faults import DOWN_SITE, FAULT_SITE, FaultConfig
from vnarchive.demo_sites.server import DemoSites

ROOT = Path(__file__).resolve().parent.parent
# Every line of the crawl's stream: our own PROGRESS/SUMMARY/log-file lines, or one log record.
STREAM_LINE = re.compile(
    r"(PROGRESS |SUMMARY |full Scrapy log: |\[[\w.]+\] (INFO|WARNING|ERROR|CRITICAL): )"
)
NOISE = (
    "Overridden settings",
    "Enabled downloader middlewares",
    "Enabled extensions",
    "Dumping Scrapy stats",
    "Versions:",
    "Telnet",
)


# -- 1. the crawl's lines in the run log ----------------------------------------------------------
def _settings() -> Settings:
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    return settings


def _record(name: str, level: int, msg: str, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord(name, level, __file__, 1, msg, None, exc_info)


def test_brief_stream_keeps_warnings_errors_and_chosen_info_one_line_each() -> None:
    out = io.StringIO()
    handler = brief_handler(_settings(), out)
    handler.addFilter(SecretScrubber(["crawler:s3cret-pass"]))  # as crawlers.run.scrub_logs does
    try:
        raise ConnectionError("refused by http://crawler:s3cret-pass@h/")
    except ConnectionError as caught:
        exc = caught
    for record in (
        _record("scrapy.crawler", logging.INFO, "Overridden settings:\n{'BOT_NAME': 'x'}"),
        _record("scrapy.statscollectors", logging.INFO, "Dumping Scrapy stats:\n{'a': 1}"),
        _record("scrapy.core.engine", logging.DEBUG, "Crawled (200) <GET http://h/>"),
        _record("scrapy.core.engine", logging.INFO, "Spider opened"),
        _record("crawlers.politeness", logging.INFO, "backing off h: delay now 2.0 s"),
        _record("crawlersx", logging.INFO, "not one of ours"),
        _record("scrapy.core.scraper", logging.ERROR, "Error downloading <GET http://h/>", exc),
        _record("scrapy.utils.log", logging.WARNING, "first line\nsecond\nthird"),
    ):
        handler.handle(record)
    assert out.getvalue().splitlines() == [
        "[scrapy.core.engine] INFO: Spider opened",
        "[crawlers.politeness] INFO: backing off h: delay now 2.0 s",
        "[scrapy.core.scraper] ERROR: Error downloading <GET http://h/> "
        f"(ConnectionError: refused by http://{REDACTED}@h/)",
        "[scrapy.utils.log] WARNING: first line [+2 lines in the crawl log]",
    ]


def test_line_level_reads_the_stream_format() -> None:
    assert line_level("[scrapy.core.scraper] ERROR: Error downloading <GET http://h/>") == 40
    assert line_level("[scrapy.core.downloader.handlers.http11] WARNING: big") == 30
    assert line_level("[scrapy.core.engine] INFO: Spider opened") == logging.INFO
    assert line_level("PROGRESS pages=3 errors=1 robots_disallowed=0") == logging.INFO
    assert line_level('SUMMARY {"note": "[x] ERROR: inside JSON"}') == logging.INFO


def test_crawl_streams_what_operators_read_and_files_the_full_log(tmp_path: Path) -> None:
    # burst=0, slow_seconds=0: only the 50 MB page fails (WARNING + ERROR with an exception).
    with DemoSites(n_articles=12, faults=FaultConfig(burst=0, slow_seconds=0)) as sites:
        lines: list[str] = []
        start = sites.base_urls[FAULT_SITE] + "/"
        result = run_crawl([start], tmp_path, "brief", polite=False, on_line=lines.append)
    assert (
        result.log_path
        == ArchiveLayout(tmp_path).crawl_log("brief")
        == tmp_path / "brief.crawl.log"
    )
    assert all(STREAM_LINE.match(line) for line in lines), lines
    assert not [line for line in lines if any(n in line for n in NOISE)]
    assert len([line for line in lines if not line.startswith("PROGRESS ")]) <= 12, lines
    assert f"full Scrapy log: {result.log_path}" in lines
    (huge,) = [line for line in lines if line_level(line) == logging.ERROR]
    assert "/faults/huge" in huge and "DownloadCancelledError" in huge
    assert any(line_level(line) == logging.WARNING and "max size" in line for line in lines)

    log = result.log_path.read_text(encoding="utf-8")
    assert all(n in log for n in NOISE[:5])  # the full log keeps everything …
    assert "Traceback (most recent call last)" in log  # … the huge page's traceback included
    stats = parse_scrapy_stats(log.splitlines())  # what benchmarks/crawl_throughput.py reads
    assert stats["downloader/response_count"] >= result.pages > 0


# -- 2. a Prefect server that does not answer -----------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is: nothing listens there


def test_commands_needing_the_api_say_so_in_one_line(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{_closed_port()}/api"
    env = dict(os.environ, PREFECT_API_URL=api, PREFECT_HOME=str(tmp_path / "prefect"))
    data = ["--data-dir", str(tmp_path / "data")]
    commands = {
        "serve": ["serve", "--demo", "--faults", *data],
        "crawl": ["crawl", "--start-url", "http://127.0.0.1:9/", *data, "--db",
                  str(tmp_path / "w.duckdb"), "--archive", str(tmp_path / "warc")],
    }  # fmt: skip
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "vnarchive.cli", *args],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, args in commands.items()
    }
    outputs = {name: proc.communicate(timeout=120)[0] for name, proc in procs.items()}
    for name, proc in procs.items():
        text = outputs[name]
        assert proc.returncode == 1, (name, text)
        (line,) = text.strip().splitlines()
        assert line.startswith(f"error: no Prefect server answers at {api} ("), line
        assert runtime.SERVER_START in line
    assert "unset PREFECT_API_URL" in outputs["crawl"]  # the embedded server would do for it
    assert "unset PREFECT_API_URL" not in outputs["serve"]  # serve needs a real server
    assert not (tmp_path / "warc").exists()  # nothing started


def test_api_lost_mid_command_is_recognised() -> None:
    import httpx

    from vnarchive.cli import _lost_api

    try:
        try:
            raise httpx.ConnectError("All connection attempts failed")
        except httpx.ConnectError as exc:
            raise RuntimeError("Failed to reach API at http://127.0.0.1:1/api/") from exc
    except RuntimeError as lost:
        assert _lost_api(lost) == "ConnectError: All connection attempts failed"
    assert _lost_api(ValueError("a crawl failed")) is None


# -- 3. no telemetry from the servers the project starts or documents ----------------------------
def test_documented_server_start_turns_telemetry_off(tmp_path: Path, monkeypatch) -> None:
    assert runtime.PREFECT_PRIVACY_ENV == {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    for doc in ("docs/operations.md", "README.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        starts = [line for line in text.splitlines() if "uv run prefect server start" in line]
        assert starts, doc  # every shell line that starts a server
        assert all(runtime.SERVER_START in line for line in starts), (doc, starts)
    for key in runtime.PREFECT_PRIVACY_ENV:
        monkeypatch.delenv(key, raising=False)
    runtime.configure_prefect(tmp_path / "data")  # the embedded server and served runs
    assert {k: os.environ[k] for k in runtime.PREFECT_PRIVACY_ENV} == runtime.PREFECT_PRIVACY_ENV


# -- 4. the demo's fault switch -------------------------------------------------------------------
def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object) -> None:
        """Stop at the first 302: the loop is what is being checked."""


def test_help_explains_the_fault_switch() -> None:
    from typer.testing import CliRunner

    from vnarchive.cli import app

    for command in ("demo-sites", "serve"):
        result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # unwrap rich's box
        assert "--faults" in words and "answering 503 to everything" in words, words
        assert "sitemap entity bomb" in words and "50 MB page" in words


def test_serve_demo_faults_schedules_the_down_site() -> None:
    from vnarchive.cli import demo_source_runs

    with DemoSites(n_articles=6) as plain:
        assert [r.name for r in demo_source_runs(plain)] == [
            "haiphong-pbgdpl",
            "dukcqtw",
            "moj-portal",
        ]
    with DemoSites(n_articles=6, faults=True) as faulty:
        runs = demo_source_runs(faulty)
        assert [r.name for r in runs][-1] == DOWN_SITE
        assert runs[-1].start_urls == [f"{faulty.down_url}/"] and not runs[-1].polite


@pytest.fixture(scope="module")
def faulty_demo_sites(tmp_path_factory: pytest.TempPathFactory):
    """`vnarchive demo-sites --faults` in its own process; yields {site name: base URL}."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "vnarchive.cli", "demo-sites", "--faults", "--articles", "12",
         "--port", "0"],
        cwd=tmp_path_factory.mktemp("demo-sites"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    urls: dict[str, str] = {}
    printed: list[str] = []
    try:
        for line in proc.stdout:
            printed.append(line)
            if match := re.match(r"(\S+)\s+(http://127\.0\.0\.1:\d+)/\s", line):
                urls[match[1]] = match[2]
            if "Ctrl-C to stop" in line:
                break
        assert set(urls) == {"haiphong-pbgdpl", "dukcqtw", "moj-portal", DOWN_SITE}, printed
        assert any(line.startswith("fault pages: ") for line in printed)
        yield urls
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_demo_sites_faults_serves_the_faults(faulty_demo_sites: dict[str, str]) -> None:
    """Real HTTP against the CLI's servers: the fault pages and the site that is down."""
    faulty, down = faulty_demo_sites[FAULT_SITE], faulty_demo_sites[DOWN_SITE]
    status, index = _get(f"{faulty}/faults/")
    assert status == 200 and b'href="/faults/huge"' in index
    assert b'href="/faults/"' in _get(f"{faulty}/")[1]
    assert b"Disallow: /faults/private/" in _get(f"{faulty}/robots.txt")[1]
    status, body = _get(f"{faulty}/faults/cp1258")
    assert status == 200 and b'<meta charset="utf-8">' in body  # says utf-8 …
    with pytest.raises(UnicodeDecodeError):  # … is not
        body.decode("utf-8")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(f"{faulty}/faults/redirect-loop", timeout=10)
    assert redirect.value.code == 302
    assert redirect.value.headers["Location"] == f"{faulty}/faults/redirect-loop-b"
    assert _get(f"{down}/")[0] == 503 and _get(f"{down}/robots.txt")[0] == 503
    for name in ("dukcqtw", "moj-portal"):  # the other demo sites are untouched
        assert _get(f"{faulty_demo_sites[name]}/")[0] == 200
        assert _get(f"{faulty_demo_sites[name]}/faults/")[0] == 404


@pytest.mark.slow  # two subflows with real crawls (the fault site's slow page takes 3 x 1.5 s)
def test_archive_flow_over_demo_faults_reports_the_failing_source(
    faulty_demo_sites: dict[str, str], prefect_harness, tmp_path: Path, monkeypatch
) -> None:
    """The archive flow over the fault site and the down site: the down source fails, by name,
    and the fault site's faults are fetch errors with their reasons."""
    from flows.orchestrate import SourceRun, archive_sources_flow
    from sites import Source

    faulty, down = faulty_demo_sites[FAULT_SITE], faulty_demo_sites[DOWN_SITE]
    monkeypatch.setenv(CRAWL_SETTINGS_ENV, json.dumps({"DOWNLOAD_TIMEOUT": 1.5}))
    runs = [
        SourceRun(
            source=Source(source_id=FAULT_SITE, name=FAULT_SITE, base_url=faulty),
            start_urls=[f"{faulty}/"],
            polite=False,
        ),
        SourceRun(
            source=Source(source_id=DOWN_SITE, name=DOWN_SITE, base_url=down),
            start_urls=[f"{down}/"],
            polite=False,
        ),
    ]
    db = tmp_path / "w.duckdb"
    state = archive_sources_flow(
        sources=runs, db_path=str(db), archive_dir=str(tmp_path / "warc"), return_state=True
    )
    assert state.is_failed(), state
    assert DOWN_SITE in state.message and "HTTP 503" in state.message, state.message
    assert FAULT_SITE not in state.message, state.message  # its faults are errors, not a failure

    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        errors = dict(
            con.execute(
                "SELECT regexp_extract(url, '/faults/([a-z-]+)', 1), error FROM captures "
                "WHERE url LIKE '%/faults/%' AND error IS NOT NULL"
            ).fetchall()
        )
    assert "DownloadTimeoutError" in errors["slow"]
    assert "larger than download max size" in errors["huge"]
    assert errors["redirect-loop"].startswith("redirect loop")
