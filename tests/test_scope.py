"""Scope: schemes, exact host:port, resolved addresses (crawlers/scope.py), on loopback only.

A hostile page links or redirects elsewhere (another port of the host, a subdomain, file://),
and a public-looking name may resolve to an internal address. The crawl must stay on its site,
never connect to an internal address unless its own start host is one (the demo's 127.0.0.1),
and record each refusal in the manifest with its reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import LoopbackSite, Reply, Seen, page
from typer.testing import CliRunner

from crawlers.items import read_manifest
from crawlers.run import CRAWL_SETTINGS_ENV
from crawlers.run import main as run_main
from crawlers.scope import Scope, address_refusal, start_allows_private
from crawlers.spiders.site import canonical_request_url
from crawlers.subprocess_runner import run_crawl
from sites import Source

# -- the address policy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.0.0.5", "private"),
        ("192.168.1.1", "private"),
        ("172.16.0.1", "private"),
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped: the IPv4 rules apply
        ("169.254.169.254", "link-local"),  # cloud metadata endpoint
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT: neither private nor global
    ],
)
def test_internal_addresses_are_refused(address: str, kind: str) -> None:
    refusal = address_refusal(address)
    assert refusal is not None and refusal.startswith(f"resolves to {kind} address")


@pytest.mark.parametrize("address", ["8.8.8.8", "203.113.131.1", "2001:4860:4860::8888"])
def test_public_addresses_are_fetched(address: str) -> None:
    assert address_refusal(address) is None


def test_internal_start_host_allows_internal_addresses_but_never_multicast() -> None:
    assert address_refusal("127.0.0.1", allow_private=True) is None
    assert address_refusal("10.0.0.5", allow_private=True) is None
    assert address_refusal("224.0.0.1", allow_private=True) is not None
    assert start_allows_private(["http://127.0.0.1:18600/"])
    assert start_allows_private(["http://localhost:8000/"])
    assert start_allows_private(["https://pbgdpl.gov.vn/", "http://10.1.2.3/"])
    assert not start_allows_private(["https://pbgdpl.gov.vn/", "http://8.8.8.8/"])


def test_scope_is_the_exact_host_and_port() -> None:
    scope = Scope.build(["https://pbgdpl.gov.vn/", "http://127.0.0.1:8001/"])
    assert scope.allows("http://pbgdpl.gov.vn/a")  # scheme-insensitive
    assert scope.allows("https://www.pbgdpl.gov.vn/a")  # www. is the same site
    assert scope.allows("https://pbgdpl.gov.vn:443/a")  # default port spelled out
    assert not scope.allows("https://tintuc.pbgdpl.gov.vn/a")  # subdomain
    assert not scope.allows("https://pbgdpl.gov.vn:8443/a")  # other port
    assert not scope.allows("http://127.0.0.1:8002/")
    assert not scope.allows("http://sub.127.0.0.1:8001/")
    assert not scope.allows("file:///etc/passwd")
    assert "scheme 'ftp'" in (scope.refusal("ftp://pbgdpl.gov.vn/x") or "")


def test_registry_extra_hosts_widen_the_scope() -> None:
    scope = Scope.build(["https://moj.gov.vn/"], ["*.moj.gov.vn", "cdn.example.org:8443"])
    assert scope.allows("https://pbgdpl.moj.gov.vn/a")
    assert scope.allows("https://cdn.example.org:8443/f.pdf")
    assert not scope.allows("https://cdn.example.org/f.pdf")
    entry = dict(source_id="x", organization="x", start_urls=["https://moj.gov.vn/"])
    assert Source(**entry, extra_hosts=["*.moj.gov.vn"]).crawl_config()["extra_hosts"]
    with pytest.raises(ValueError, match="extra_hosts"):
        Source(**entry, extra_hosts=["http://a/b"])
    with pytest.raises(ValueError, match="credentials in a registry URL"):
        Source(**{**entry, "start_urls": ["https://u:p@moj.gov.vn/"]})


# -- schemes at start ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "gopher://x/"])
def test_crawl_refuses_non_http_start_urls(url: str, tmp_path: Path) -> None:
    from vnarchive.cli import app

    result = CliRunner().invoke(app, ["crawl", "--start-url", url, "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # rich's error box
    assert "only http:// and https:// URLs can be crawled" in text
    assert not list(tmp_path.iterdir())  # refused before anything started
    # The crawl child refuses it too (bad arguments: exit 2), before writing anything.
    assert run_main(["--start-url", url, "--archive", str(tmp_path), "--run-id", "r"]) == 2
    assert not list(tmp_path.glob("*.captures.jsonl"))


# -- a crawl on loopback: other ports, subdomains, redirects -------------------------------------


@pytest.fixture
def other_site() -> Iterator[LoopbackSite]:
    with LoopbackSite(lambda seen: Reply(body=page("Trang khác"))) as site:
        yield site


@pytest.fixture
def start_site(other_site: LoopbackSite) -> Iterator[LoopbackSite]:
    def route(seen: Seen) -> Reply:
        port = start.port
        if seen.path == "/":
            return Reply(
                body=page(
                    "Trang chủ",
                    [
                        "/bai-viet/1.html",
                        other_site.url("/cong-khac.html"),  # same host, other port
                        f"http://tin.localhost:{port}/phu.html",  # subdomain-style name
                        f"http://localhost:{port}/ten-khac.html",  # other name, same server
                        "file:///etc/passwd",
                        "/sang-cong-khac",
                    ],
                )
            )
        if seen.path == "/bai-viet/1.html":
            return Reply(body=page("Bài viết 1"))
        if seen.path == "/sang-cong-khac":  # redirect off-site: refused at the redirect
            return Reply(302, headers={"Location": other_site.url("/chuyen-den.html")})
        return Reply(404, b"not found", "text/plain")

    with LoopbackSite(route) as start:
        yield start


def test_crawl_stays_on_its_host_and_port(
    start_site: LoopbackSite, other_site: LoopbackSite, tmp_path: Path
) -> None:
    result = run_crawl([start_site.url("/")], tmp_path, "scope", polite=False, timeout=120)
    records = {r.url: r for r in read_manifest(result.manifest_path)}
    assert other_site.paths() == []  # not one request to the other port
    assert {s.headers.get("Host") for s in start_site.seen} == {f"127.0.0.1:{start_site.port}"}
    assert not {"/phu.html", "/ten-khac.html"} & set(start_site.paths())
    assert records[canonical_request_url(start_site.url("/bai-viet/1.html"))].ok  # crawled
    # The redirect hop is archived; its off-site target is a refusal with its reason.
    assert records[canonical_request_url(start_site.url("/sang-cong-khac"))].status == 302
    refused = records[canonical_request_url(other_site.url("/chuyen-den.html"))]
    assert refused.error is not None and refused.error.startswith(
        f"scope: off-site 127.0.0.1:{other_site.port}"
    )
    assert refused.warc_file is None and refused.status is None
    assert result.summary["scope_refused"] == 1
    assert result.summary["fetch_errors"] == 0  # a refusal is not a failed fetch


# -- a public-looking name that resolves to loopback -----------------------------------------


@pytest.fixture
def named_site() -> Iterator[LoopbackSite]:
    with LoopbackSite(lambda seen: Reply(body=page("Trang chủ", ["/bai-viet/1.html"]))) as site:
        yield site


def _resolve_to_loopback(monkeypatch: pytest.MonkeyPatch, **extra: object) -> None:
    # The crawler's own resolver answers for this name: no DNS query, no traffic off loopback.
    overrides = {"SCOPE_RESOLVE": {"tin-tuc.example": "127.0.0.1"}, **extra}
    monkeypatch.setenv(CRAWL_SETTINGS_ENV, json.dumps(overrides))


def test_public_name_resolving_to_loopback_is_refused(
    named_site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolve_to_loopback(monkeypatch)
    start = f"http://tin-tuc.example:{named_site.port}/"
    result = run_crawl([start], tmp_path, "rebind", polite=False, timeout=120)
    records = read_manifest(result.manifest_path)
    assert named_site.seen == []  # never connected
    by_url = {r.url: r for r in records}
    assert by_url[start].error == "scope: tin-tuc.example resolves to loopback address 127.0.0.1"
    assert all(r.error and r.error.startswith("scope: ") for r in records)
    assert result.summary["scope_refused"] == len(records) >= 1


def test_same_name_is_fetched_when_internal_addresses_are_allowed(
    named_site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Control for the test above: the override does route the name to this server, so the
    # refusal there is the address policy, not a failed lookup.
    _resolve_to_loopback(monkeypatch, SCOPE_ALLOW_PRIVATE=True)
    start = f"http://tin-tuc.example:{named_site.port}/"
    result = run_crawl([start], tmp_path, "allowed", polite=False, timeout=120)
    assert "/bai-viet/1.html" in named_site.paths()
    assert {s.headers.get("Host") for s in named_site.seen} == {
        f"tin-tuc.example:{named_site.port}"
    }
    assert result.summary["scope_refused"] == 0


# -- aliases and discovery hints -----------------------------------------------------------------


def test_aliases_widen_the_scope_like_start_hosts() -> None:
    from crawlers.scope import sources_scope
    from sites.source import source_for

    source = Source(
        source_id="tn",
        name="Báo Thái Nguyên",
        start_urls=["https://baothainguyen.vn/"],
        aliases=["baothainguyen.org.vn"],
    )
    scope = sources_scope([], [source])
    assert scope.allows("http://baothainguyen.org.vn/trang-in-1.html")  # the alias host
    assert scope.allows("http://www.baothainguyen.org.vn/a")  # www. is the same site
    assert not scope.allows("http://tin.baothainguyen.org.vn/a")  # not its subdomains
    assert source.matches("http://baothainguyen.org.vn/a")  # the source's rules apply there
    assert source_for("http://baothainguyen.org.vn/a", [source]) is source
    assert "baothainguyen.org.vn" in source.hosts  # its own politeness slot
    with pytest.raises(ValueError, match="aliases"):
        Source(**{**source.model_dump(), "aliases": ["*.baothainguyen.org.vn"]})


@pytest.fixture
def moved_site() -> Iterator[LoopbackSite]:
    """The second host: where a site "moved to" (localhost:<its port>) and a sibling name for
    the same server (127.0.0.1:<its port>)."""
    with LoopbackSite(lambda seen: Reply(body=page("Trang mới " + seen.path))) as site:
        yield site


@pytest.fixture
def linking_site(moved_site: LoopbackSite) -> Iterator[LoopbackSite]:
    moved = f"http://localhost:{moved_site.port}"
    pages = {
        "/": ["/a.html", "/b.html", moved + "/bai-1.html", moved + "/bai-2.html"],
        # Repeated links (a menu on every page) count once; 127.0.0.1:<port> is another host key.
        "/a.html": [moved + "/bai-1.html", moved + "/bai-3.html", moved_site.url("/khac.html")],
        "/b.html": [moved + "/bai-2.html"],
    }

    def route(seen: Seen) -> Reply:
        if seen.path in pages:
            return Reply(body=page("Trang " + seen.path, pages[seen.path]))
        return Reply(404, b"not found", "text/plain")

    with LoopbackSite(route) as site:
        yield site


def test_offsite_links_are_counted_per_host_as_discovery_hints(
    linking_site: LoopbackSite, moved_site: LoopbackSite, tmp_path: Path
) -> None:
    lines: list[str] = []
    result = run_crawl(
        [linking_site.url("/")], tmp_path, "hints", polite=False, timeout=120, on_line=lines.append
    )
    assert moved_site.paths() == []  # counted, never fetched
    moved = f"localhost:{moved_site.port}"
    sibling = f"127.0.0.1:{moved_site.port}"
    assert result.summary["offsite_hosts"] == {moved: 3, sibling: 1}
    hints = [line for line in lines if "discovery hints:" in line]
    assert len(hints) == 1, lines[-20:]
    assert (
        f"4 off-scope links to 2 hosts, not followed; top: {moved} (3), {sibling} (1)" in (hints[0])
    )


def test_an_alias_brings_the_moved_host_into_the_crawl(
    linking_site: LoopbackSite,
    moved_site: LoopbackSite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same two servers, with a registry entry naming the moved host as an alias.
    source = {
        "source_id": "moved-paper",
        "start_urls": [linking_site.url("/")],
        "aliases": [f"localhost:{moved_site.port}"],
    }
    monkeypatch.setenv(CRAWL_SETTINGS_ENV, json.dumps({"SOURCE_CONFIG": [source]}))
    result = run_crawl([linking_site.url("/")], tmp_path, "alias", polite=False, timeout=120)
    fetched = sorted(p for p in moved_site.paths() if p != "/robots.txt")  # polite there too
    assert fetched == ["/bai-1.html", "/bai-2.html", "/bai-3.html"]
    assert {s.headers.get("Host") for s in moved_site.seen} == {f"localhost:{moved_site.port}"}
    records = {r.url: r for r in read_manifest(result.manifest_path)}
    assert records[f"http://localhost:{moved_site.port}/bai-3.html"].ok
    # Only the sibling name is left as a hint.
    assert result.summary["offsite_hosts"] == {f"127.0.0.1:{moved_site.port}": 1}
