"""The two canonical forms of a URL, and the crawl fetching a page once however it is linked.

- ``crawlers.spiders.site.canonical_request_url``: the URL a request is made with (keeps the
  scheme, ``www.`` and trailing slashes a server may insist on; drops default ports);
- ``pipelines.dedupe.page_key``: the key a page is stored under (one per page: ``www.``,
  trailing slashes, default ports and http vs https do not count);
- ``crawlers.dupefilter.SchemeBlindDupeFilter``: Scrapy's duplicate filter keyed on the https
  form, so ``http://host/x`` and ``https://host/x`` are fetched once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import LoopbackSite, Reply, Seen, page
from scrapy.http import Request

from crawlers.dupefilter import SchemeBlindDupeFilter, scheme_blind_url
from crawlers.items import read_manifest
from crawlers.run import CRAWL_SETTINGS_ENV
from crawlers.spiders.site import canonical_request_url
from crawlers.subprocess_runner import run_crawl
from pipelines.dedupe import drop_default_port, page_key

# --------------------------------------------------------------------------- page_key


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # tracking parameters go, content parameters stay
        (
            "https://pbgdpl.gov.vn/Pages/tin-tuc.aspx?ItemID=5157&utm_source=fb&utm_medium=social",
            "https://pbgdpl.gov.vn/Pages/tin-tuc.aspx?ItemID=5157",
        ),
        ("https://x.vn/?p=9637&fbclid=IwAR0&zarsrc=31&gclid=Cj0&_ga=2.1", "https://x.vn/?p=9637"),
        ("https://x.vn/tin-tuc?page=2&utm_campaign=a", "https://x.vn/tin-tuc?page=2"),
        # www., case of scheme and host, default port, http on the default port is https
        (
            "HTTP://WWW.DangUyKhoi.VN:80/Tin-Tuc-tbo2575.aspx",
            "https://danguykhoi.vn/Tin-Tuc-tbo2575.aspx",
        ),
        ("https://www.x.vn:443/a", "https://x.vn/a"),
        # trailing slash (but the root keeps its slash)
        ("https://x.vn/tin-tuc/", "https://x.vn/tin-tuc"),
        ("https://x.vn", "https://x.vn/"),
        ("https://www.x.vn/", "https://x.vn/"),
        # session ids in the query or as a path parameter
        ("http://x.vn/bai-viet.html;jsessionid=0A1B2C3D?id=7", "https://x.vn/bai-viet.html?id=7"),
        ("http://x.vn/a.php?PHPSESSID=abc&id=7&sid=99", "https://x.vn/a.php?id=7"),
        ("http://x.vn/a.php?sessionid=abc", "https://x.vn/a.php"),
        # fragments, query order
        ("https://x.vn/a.html#binh-luan", "https://x.vn/a.html"),
        ("https://x.vn/a.aspx?b=2&a=1&c=3", "https://x.vn/a.aspx?a=1&b=2&c=3"),
        # explicit ports are meaningful and keep their scheme (the demo sites are 127.0.0.1:PORT)
        (
            "http://127.0.0.1:18600/tin-tuc/hoi-nghi-1001.html/?utm_source=zalo",
            "http://127.0.0.1:18600/tin-tuc/hoi-nghi-1001.html",
        ),
        ("https://x.vn:8443/a", "https://x.vn:8443/a"),
        ("http://x.vn:443/a", "http://x.vn:443/a"),  # 443 is not http's default port
    ],
)
def test_page_key(url: str, expected: str) -> None:
    assert page_key(url) == expected
    assert page_key(expected) == expected  # idempotent


def test_page_key_variants_collapse() -> None:
    variants = [
        "https://www.tuyengiao.vn/hoi-nghi-bao-cao-vien/?utm_source=fb#top",
        "https://tuyengiao.vn/hoi-nghi-bao-cao-vien",
        "HTTPS://TUYENGIAO.VN:443/hoi-nghi-bao-cao-vien/",
        "https://tuyengiao.vn/hoi-nghi-bao-cao-vien;jsessionid=XYZ?fbclid=1",
        # the same page over http: one key, not two
        "http://tuyengiao.vn/hoi-nghi-bao-cao-vien",
        "http://www.tuyengiao.vn:80/hoi-nghi-bao-cao-vien/",
    ]
    assert {page_key(u) for u in variants} == {"https://tuyengiao.vn/hoi-nghi-bao-cao-vien"}


def test_http_and_https_on_one_explicit_port_stay_two_keys() -> None:
    # One port speaks one protocol: these cannot be the same page served twice.
    assert page_key("http://127.0.0.1:8080/a") != page_key("https://127.0.0.1:8080/a")


# --------------------------------------------------------------------------- canonical_request_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # default ports go, the scheme, www. and the trailing slash stay
        ("https://www.x.vn:443/tin-tuc/?utm_source=fb#top", "https://www.x.vn/tin-tuc/"),
        ("HTTP://X.vn:80/a?b=2&a=1", "http://x.vn/a?a=1&b=2"),
        ("http://x.vn/a", "http://x.vn/a"),
        # other ports stay
        ("http://x.vn:443/a", "http://x.vn:443/a"),
        ("http://127.0.0.1:18600/tin/1.html", "http://127.0.0.1:18600/tin/1.html"),
        ("http://[::1]:80/a", "http://[::1]/a"),
        # session ids and credentials go
        ("http://x.vn/a.php?PHPSESSID=abc&id=7", "http://x.vn/a.php?id=7"),
        ("http://kiemtra:mat-khau@x.vn/a", "http://x.vn/a"),
    ],
)
def test_canonical_request_url(url: str, expected: str) -> None:
    assert canonical_request_url(url) == expected
    assert canonical_request_url(expected) == expected  # idempotent


def test_the_two_forms_differ_where_a_server_may_care() -> None:
    url = "http://www.x.vn:80/tin-tuc/"
    assert canonical_request_url(url) == "http://www.x.vn/tin-tuc/"  # what the site links
    assert page_key(url) == "https://x.vn/tin-tuc"  # what the warehouse files it under


def test_neither_canonical_form_keeps_credentials() -> None:
    for canon in (page_key, canonical_request_url):
        assert canon("http://kiemtra:mat-khau@127.0.0.1:8080/tin/a.html#x") == (
            "http://127.0.0.1:8080/tin/a.html"
        )
        assert "@" not in canon("https://user@www.Example.gov.vn/p?a=1")


def test_drop_default_port_leaves_what_it_cannot_read() -> None:
    assert drop_default_port("https://[2001:db8::1]:443/a") == "https://[2001:db8::1]/a"
    assert drop_default_port("http://x.vn:abc/a") == "http://x.vn:abc/a"  # malformed: as written
    assert drop_default_port("ftp://x.vn:21/a") == "ftp://x.vn:21/a"


# --------------------------------------------------------------------------- the dupefilter


def test_scheme_blind_url() -> None:
    assert scheme_blind_url("http://x.vn/a?b=1") == "https://x.vn/a?b=1"
    assert scheme_blind_url("http://x.vn:80/a") == "https://x.vn/a"
    assert scheme_blind_url("https://x.vn:443/a") == "https://x.vn/a"
    assert scheme_blind_url("http://127.0.0.1:8080/a") == "http://127.0.0.1:8080/a"


def test_dupefilter_sees_http_and_https_of_a_page_as_one_request() -> None:
    seen = SchemeBlindDupeFilter().request_seen
    assert not seen(Request("http://x.vn/tin/1.html"))
    assert seen(Request("https://x.vn/tin/1.html"))
    assert seen(Request("http://x.vn:80/tin/1.html"))
    assert seen(Request("https://x.vn:443/tin/1.html"))
    # still Scrapy's fingerprint otherwise: another page, another method are other requests
    assert not seen(Request("https://x.vn/tin/2.html"))
    assert not seen(Request("http://x.vn/tin/1.html", method="POST"))
    # explicit ports: one protocol per port, so both are real, different requests
    assert not seen(Request("http://127.0.0.1:8080/a"))
    assert not seen(Request("https://127.0.0.1:8080/a"))
    assert seen(Request("http://127.0.0.1:8080/a"))


def test_dupefilter_lets_an_https_upgrade_redirect_through_but_no_second_fetch() -> None:
    seen = SchemeBlindDupeFilter().request_seen
    assert not seen(Request("http://x.vn/a"))
    # the site answered 301 -> https://x.vn/a: the same fetch going on, not a duplicate
    assert not seen(Request("https://x.vn/a", meta={"redirect_urls": ["http://x.vn/a"]}))
    # a link to the https form later on is the page already fetched
    assert seen(Request("https://x.vn/a"))
    # a redirect to another page already fetched is filtered, as Scrapy always did
    assert seen(Request("https://x.vn/a", meta={"redirect_urls": ["http://x.vn/cu"]}))


# --------------------------------------------------------------------------- a real crawl

HOST = "tin-tuc.example"


def _route(seen: Seen) -> Reply:
    if seen.path == "/":
        return Reply(
            body=page(
                "Trang chủ",
                [
                    "/bai-viet/1.html",
                    f"http://{HOST}:80/bai-viet/1.html",  # explicit default port
                    f"https://{HOST}/bai-viet/1.html",  # the same page over https
                    f"HTTP://{HOST.upper()}:80/bai-viet/2.html",
                    f"https://{HOST}:443/bai-viet/2.html",
                    f"http://www.{HOST}/bai-viet/3.html",  # www. is another spelling a server
                ],  # may insist on: kept, so fetched
            )
        )
    if seen.path.startswith("/bai-viet/"):
        return Reply(body=page(f"Bài viết {seen.path}"))
    return Reply(404, b"not found", "text/plain")


@pytest.fixture
def proxy_site() -> Iterator[LoopbackSite]:
    with LoopbackSite(_route) as s:
        yield s


def test_a_page_linked_with_default_ports_and_both_schemes_is_fetched_once(
    proxy_site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loopback server cannot listen on :80, so it serves ``http://tin-tuc.example/`` as the
    crawl's HTTP proxy: the links below differ only in an explicit default port or the scheme.
    An https request would bypass the proxy (none is set for https) and fail: no such request
    may be made at all."""
    for var in ("no_proxy", "NO_PROXY", "https_proxy", "HTTPS_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy_site.port}")
    resolve = {HOST: "127.0.0.1", f"www.{HOST}": "127.0.0.1"}
    monkeypatch.setenv(
        CRAWL_SETTINGS_ENV, json.dumps({"SCOPE_RESOLVE": resolve, "SCOPE_ALLOW_PRIVATE": True})
    )
    result = run_crawl([f"http://{HOST}/"], tmp_path, "ports", polite=False, timeout=60)

    articles = [p for p in proxy_site.paths() if p.startswith("/bai-viet/")]
    assert sorted(articles) == ["/bai-viet/1.html", "/bai-viet/2.html", "/bai-viet/3.html"]
    records = read_manifest(result.manifest_path)
    urls = sorted(r.url for r in records if "/bai-viet/" in r.url)
    assert urls == [
        f"http://{HOST}/bai-viet/1.html",
        f"http://{HOST}/bai-viet/2.html",
        f"http://www.{HOST}/bai-viet/3.html",
    ]
    assert all(r.status == 200 for r in records if "/bai-viet/" in r.url)
    assert not [r.url for r in records if r.url.startswith("https") or ":80/" in r.url]
