"""Secrets never reach the archive, the manifest, the logs or the warehouse (crawlers/scope.py).

The loopback site demands HTTP Basic auth (the start URL's ``user:password@``) and acts as the
crawl's HTTP proxy, demanding proxy credentials (``http_proxy=http://user:password@…``); it also
sets a session cookie. The crawl must *use* all three (the site answers 401/407 otherwise) and
store none of them: WARC request records keep the header names with the value ``[redacted]``.
The site's own ``Set-Cookie`` response header is archived as sent.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from loopback import LoopbackSite, Reply, Seen, page
from warcio.archiveiterator import ArchiveIterator

from crawlers.items import read_manifest
from crawlers.scope import (
    CREDENTIALS_ENV,
    REDACTED,
    SecretScrubber,
    credentials_env,
    remember_credentials,
    split_credentials,
    strip_userinfo,
)
from crawlers.subprocess_runner import run_crawl
from sites import Source

USER, PASSWORD = "alice", "S3cret-Pw-9"
PROXY_USER, PROXY_PASSWORD = "proxyuser", "Pr0xy-Pw-7"
COOKIE = "Ck-Secret-42"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# The operator's credentials: in no stored byte. (The session cookie the *site* set stays in
# its archived Set-Cookie response header, as the site sent it; the crawler's Cookie request
# header is redacted, see below.)
SECRETS = [
    PASSWORD,
    PROXY_PASSWORD,
    base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
    base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode(),
]


def _route(seen: Seen) -> Reply:
    if seen.proxied and seen.headers.get("Proxy-Authorization") != _basic(
        PROXY_USER, PROXY_PASSWORD
    ):
        return Reply(407, b"proxy auth", "text/plain", {"Proxy-Authenticate": 'Basic realm="p"'})
    if seen.path == "/robots.txt":
        return Reply(404, b"", "text/plain")
    if seen.headers.get("Authorization") != _basic(USER, PASSWORD):
        return Reply(401, b"auth", "text/plain", {"WWW-Authenticate": 'Basic realm="s"'})
    cookie = {"Set-Cookie": f"phien={COOKIE}; Path=/"}
    if seen.path == "/":
        return Reply(
            body=page("Trang chủ", ["/bai-viet/1.html", "/bai-viet/2.html"]), headers=cookie
        )
    if seen.path.startswith("/bai-viet/"):
        return Reply(body=page(f"Bài viết {seen.path}"), headers=cookie)
    return Reply(404, b"not found", "text/plain")


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite(_route) as s:
        yield s


def _warc_text(archive: Path) -> str:
    return "".join(gzip.open(p).read().decode("latin-1") for p in sorted(archive.glob("*.warc.gz")))


def _request_headers(archive: Path) -> list[dict[str, str]]:
    out = []
    for p in sorted(archive.glob("*.warc.gz")):
        with open(p, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "request":
                    out.append(dict(record.http_headers.headers))
    return out


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_credentials_are_used_but_never_stored(
    site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("http_proxy", f"http://{PROXY_USER}:{PROXY_PASSWORD}@127.0.0.1:{site.port}")
    # DEBUG: every log line Scrapy can write, including each request it makes.
    monkeypatch.setenv("VNARCHIVE_CRAWL_SETTINGS", '{"LOG_LEVEL": "DEBUG"}')
    start = f"http://{USER}:{PASSWORD}@127.0.0.1:{site.port}/"
    lines: list[str] = []
    result = run_crawl([start], tmp_path, "secret", polite=False, on_line=lines.append, timeout=120)

    # Used: through the proxy, authenticated, with the site's cookie sent back.
    pages = [s for s in site.seen if s.path.startswith("/bai-viet/")]
    assert len(pages) == 2 and all(s.proxied for s in site.seen)
    records = read_manifest(result.manifest_path)
    assert sorted(r.status for r in records if r.url.endswith(".html")) == [200, 200]
    # Stored: nowhere.
    assert not _leaks(_warc_text(tmp_path))
    assert not _leaks(result.manifest_path.read_text())
    assert any("Crawled (200)" in line for line in lines)  # the log was captured …
    assert not _leaks("\n".join(lines))  # … and holds no secret
    assert COOKIE not in result.manifest_path.read_text() + "\n".join(lines)
    assert all(USER not in r.url for r in records)
    # The request records say which credentials were sent, not what they were.
    sent = _request_headers(tmp_path)
    assert sent and all(h.get("Authorization") == REDACTED for h in sent)
    assert all(h.get("Proxy-Authorization") == REDACTED for h in sent)
    assert any(h.get("Cookie") == REDACTED for h in sent)
    assert not [h for h in sent if COOKIE in repr(h)]


def test_credentials_stay_out_of_the_warehouse(
    site: LoopbackSite, tmp_path: Path, prefect_harness: None
) -> None:
    from flows.archive import archive_flow

    start = f"http://{USER}:{PASSWORD}@127.0.0.1:{site.port}/"
    db = tmp_path / "w.duckdb"
    summary = archive_flow(
        start_urls=[start], db_path=str(db), archive_dir=str(tmp_path / "warc"), polite=False
    )
    assert summary.pages_fetched >= 3
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        dump = "\n".join(
            repr(con.table(t).fetchall())
            for t in tables  # every row of every table
        )
        source_ids = {r[0] for r in con.table("sources").fetchall()}
        statuses = dict(con.table("captures").select("url, status").fetchall())
    finally:
        con.close()
    assert "crawl_runs" in tables and "captures" in tables
    assert not _leaks(dump) and f"{USER}:" not in dump
    assert f"127.0.0.1:{site.port}" in source_ids
    assert statuses[f"{site.base}/bai-viet/1.html"] == 200  # authenticated with the URL's user
    assert not _leaks(_warc_text(tmp_path / "warc"))


def test_userinfo_is_split_off_every_stored_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CREDENTIALS_ENV, raising=False)
    clean, creds = split_credentials(["https://u%40x:p%3Aw@Example.vn:8443/a?b=1", "http://a.vn/"])
    assert clean == ["https://Example.vn:8443/a?b=1", "http://a.vn/"]
    assert creds == {"https://example.vn:8443": "u@x:p:w"}
    assert strip_userinfo("http://user@a.vn/x") == "http://a.vn/x"
    assert Source.for_start_url("https://u:p@Example.vn:8443/x").source_id == "example.vn:8443"
    # Remembered for this process only, and only for the same site *and scheme*.
    assert remember_credentials(["https://k:v@kin.example/"]) == ["https://kin.example/"]
    assert credentials_env(["https://kin.example/a"]) == '{"https://kin.example": "k:v"}'
    assert credentials_env(["http://kin.example/a"]) is None  # never over plain http
    # An operator's own VNARCHIVE_CRAWL_CREDENTIALS (served deployments) is kept and merged.
    monkeypatch.setenv(CREDENTIALS_ENV, '{"https://op.example": "o:p"}')
    assert json.loads(credentials_env(["https://kin.example/"]) or "") == {
        "https://op.example": "o:p",
        "https://kin.example": "k:v",
    }


def test_log_scrubber_masks_secrets_and_their_base64() -> None:
    scrubber = SecretScrubber([f"{USER}:{PASSWORD}"])
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "header %s and %s", (f"Basic {token}", PASSWORD), None
    )
    assert scrubber.filter(record)
    assert record.getMessage() == f"header Basic {REDACTED} and {REDACTED}"
