"""Politeness: the settings a crawl of a government site runs with, the backoff middleware, the
per-source DOWNLOAD_SLOTS, and (real HTTP on 127.0.0.1) off-domain links and robots denials."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy.http import HtmlResponse, Request

from crawlers.items import ROBOTS_DISALLOWED, read_manifest
from crawlers.politeness import BackoffMiddleware
from crawlers.run import build_settings
from crawlers.sourcing import SourceSettings
from crawlers.subprocess_runner import run_crawl


def test_polite_settings(tmp_path: Path) -> None:
    s = build_settings(tmp_path, "run")
    ua = s.get("USER_AGENT")
    assert "vn-legal-archive" in ua and "+https://" in ua  # project name and a contact URL
    assert s.getbool("ROBOTSTXT_OBEY")
    assert s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") in (1, 2)
    assert s.getfloat("DOWNLOAD_DELAY") >= 1
    assert 0 < s.getint("DOWNLOAD_TIMEOUT") <= 60
    assert s.getint("RETRY_TIMES") >= 1
    assert {500, 502, 503, 504, 429} <= set(s.getlist("RETRY_HTTP_CODES"))
    assert 0 < s.getint("DOWNLOAD_MAXSIZE") <= 50 * 1024 * 1024
    assert s.getbool("BACKOFF_ENABLED")
    assert "crawlers.politeness.BackoffMiddleware" in s.getdict("DOWNLOADER_MIDDLEWARES")
    impolite = build_settings(tmp_path, "run", polite=False)
    assert not impolite.getbool("POLITE") and impolite.getbool("ROBOTSTXT_OBEY")


class _Stats(Counter):
    def inc_value(self, key: str, count: int = 1) -> None:
        self[key] += count


def _crawler(tmp_path: Path, **overrides):
    """The parts of a Crawler these components use (a real one would install a reactor)."""
    settings = build_settings(tmp_path, "run")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return SimpleNamespace(settings=settings, stats=_Stats(), engine=None, spider=None)


def test_backoff_doubles_the_slot_delay_and_keeps_the_site_floor(tmp_path: Path) -> None:
    crawler = _crawler(
        tmp_path, DOWNLOAD_SLOTS={"a.gov.vn": {"delay": 3.0}}, BACKOFF_BASE_DELAY=2.0
    )
    slot = SimpleNamespace(delay=1.0)
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots={"a.gov.vn": slot}))
    mw = BackoffMiddleware.from_crawler(crawler)
    req = Request("https://a.gov.vn/x", meta={"download_slot": "a.gov.vn"})

    mw.process_response(req, HtmlResponse(req.url, status=503, body=b""))
    assert slot.delay == 2.0
    mw.process_exception(req, TimeoutError())
    assert slot.delay == 4.0
    headers = {"Retry-After": "20"}
    mw.process_response(req, HtmlResponse(req.url, status=429, headers=headers, body=b""))
    assert slot.delay == 20.0
    for _ in range(5):
        mw.process_response(req, HtmlResponse(req.url, status=500, body=b""))
    assert slot.delay == crawler.settings.getfloat("BACKOFF_MAX_DELAY")

    slot.delay = 0.5  # as if AutoThrottle had lowered it
    mw.process_response(req, HtmlResponse(req.url, status=200, body=b""))
    assert slot.delay == 3.0  # never below the site's own delay


def test_backoff_off_for_local_crawls(tmp_path: Path) -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        BackoffMiddleware.from_crawler(_crawler(tmp_path, POLITE=False))


def test_registry_overrides_become_download_slots(tmp_path: Path) -> None:
    crawler = _crawler(tmp_path)
    crawler.spider = SimpleNamespace(start_urls=["https://noichinh.vn/", "https://pbgdpl.gov.vn/"])
    SourceSettings.from_crawler(crawler)
    slots = crawler.settings.getdict("DOWNLOAD_SLOTS")
    assert slots["pbgdpl.gov.vn"] == {"concurrency": 1, "delay": 2.0}
    assert "noichinh.vn" not in slots  # no overrides: the global defaults apply


# -- real HTTP ------------------------------------------------------------------------------------


class _Site:
    """127.0.0.1 site whose pages link to the same server under another name (localhost)."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.hits[self.path] += 1
                port = self.server.server_address[1]
                if self.path == "/robots.txt":
                    body, ctype = b"User-agent: *\nDisallow: /private/\n", "text/plain"
                else:
                    links = [
                        "/a.html",
                        "/b.html",
                        "/private/secret.html",
                        f"http://localhost:{port}/offsite.html",
                    ]
                    anchors = "".join(f'<a href="{h}">{h}</a>' for h in links)
                    body = f"<html><body><h1>{self.path}</h1>{anchors}</body></html>".encode()
                    ctype = "text/html; charset=utf-8"
                if self.path == "/sitemap.xml":
                    self.send_response(404)
                else:
                    self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                """Quiet: one line per request would drown the test output."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def linked_site() -> Iterator[_Site]:
    site = _Site()
    yield site
    site.server.shutdown()
    site.server.server_close()


def test_offsite_not_followed_and_robots_denial_recorded_once(
    linked_site: _Site, tmp_path: Path
) -> None:
    result = run_crawl([linked_site.base + "/"], tmp_path, "polite", polite=False, timeout=60)
    records = read_manifest(result.manifest_path)
    urls = [r.url for r in records]
    assert len(urls) == len(set(urls))
    assert not any("localhost" in u for u in urls)
    assert linked_site.hits["/offsite.html"] == 0  # same server, other host name: not followed
    denied = [r for r in records if r.error == ROBOTS_DISALLOWED]
    assert [r.url for r in denied] == [linked_site.base + "/private/secret.html"]  # 3 links, 1 line
    assert linked_site.hits["/private/secret.html"] == 0
    assert linked_site.hits["/robots.txt"] == 1
    assert linked_site.hits["/a.html"] == linked_site.hits["/b.html"] == 1
