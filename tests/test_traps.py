"""Crawler traps and budgets (crawlers/budget.py), on loopback.

A trap site answers every ``?page=N`` with a page linking ``?page=N+1`` and every calendar month
with its neighbours, for ever. With the default budgets the crawl must end by itself, bounded,
keep the real pages, and say that a budget cut it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import LoopbackSite, Reply, Seen, page

from crawlers import settings as crawl_settings
from crawlers.budget import url_template
from crawlers.items import read_manifest
from crawlers.run import CRAWL_SETTINGS_ENV
from crawlers.spiders.site import canonical_request_url
from crawlers.subprocess_runner import run_crawl

ARTICLES = [f"/bai-viet/{i}.html" for i in range(1, 6)]


def test_url_template_wildcards_query_values_and_numeric_segments() -> None:
    t = url_template
    assert (
        t("http://a.vn/tin-tuc?page=7") == t("http://a.vn/tin-tuc?page=8") == "a.vn/tin-tuc?page=*"
    )
    assert t("https://www.a.vn/lich/2024/05") == t("http://a.vn/lich/1999/12") == "a.vn/lich/*/*"
    assert t("http://a.vn/lich/2024-05-01") == "a.vn/lich/*-*-*"
    assert t("http://a.vn:81/x?b=1&a=2") == t("http://a.vn:81/x?a=3&b=4") == "a.vn:81/x?a=*&b=*"
    # Slugs with an id are pages, not templates; other ports and other paths are other budgets.
    assert t("http://a.vn/bai-viet-12.html") != t("http://a.vn/bai-viet-13.html")
    assert t("http://a.vn:81/tin-tuc?page=1") != t("http://a.vn/tin-tuc?page=1")
    assert t("http://a.vn/tin?page=1") != t("http://a.vn/tin-tuc?page=1")


def _trap(seen: Seen) -> Reply:
    path = seen.path
    if path == "/":
        return Reply(body=page("Trang chủ", ["/tin-tuc?page=1", "/lich/2024/01", *ARTICLES]))
    if m := re.fullmatch(r"/tin-tuc\?page=(\d+)", path):
        n = int(m[1])  # endless pagination: there is always a next page
        return Reply(body=page(f"Trang {n}", [f"/tin-tuc?page={n + 1}", ARTICLES[n % 5]]))
    if m := re.fullmatch(r"/lich/(\d+)/(\d+)", path):
        y, mo = int(m[1]), int(m[2])  # endless calendar: previous and next month, any year
        prev = (y, mo - 1) if mo > 1 else (y - 1, 12)
        nxt = (y, mo + 1) if mo < 12 else (y + 1, 1)
        links = [f"/lich/{a}/{b:02d}" for a, b in (prev, nxt)]
        return Reply(body=page(f"Lịch {mo}/{y}", links))
    if path in ARTICLES:
        return Reply(body=page(f"Bài viết {path}"))
    return Reply(404, b"not found", "text/plain")


@pytest.fixture
def trap_site() -> Iterator[LoopbackSite]:
    with LoopbackSite(_trap) as site:
        yield site


def test_default_budgets_end_a_trap_crawl(trap_site: LoopbackSite, tmp_path: Path) -> None:
    # Without budgets this crawl never ends (run_crawl would time out and kill it).
    result = run_crawl([trap_site.url("/")], tmp_path, "trap", polite=False, timeout=300)
    assert result.summary["finish_reason"] == "finished"  # ended by itself
    depth = crawl_settings.BUDGET_MAX_DEPTH
    paths = trap_site.paths()
    listing = [p for p in paths if p.startswith("/tin-tuc")]
    calendar = [p for p in paths if p.startswith("/lich/")]
    # Bounded by the depth budget: one chain of pages, two chains of months.
    assert depth - 2 <= len(listing) <= depth
    assert len(calendar) <= 2 * depth
    assert len(paths) <= 3 * depth + 10
    # The good pages are all kept.
    records = {r.url: r for r in read_manifest(result.manifest_path)}
    assert all(records[canonical_request_url(trap_site.url(a))].ok for a in ARTICLES)
    # And the operator can see that a budget, not the site, ended it.
    assert result.summary["budget_cut"] >= 1
    assert any(
        b.startswith(f"depth 127.0.0.1:{trap_site.port} ({depth})")
        for b in result.summary["budget_exhausted"]
    )


def _fan_out(seen: Seen) -> Reply:
    path = seen.path
    if path == "/robots.txt":
        return Reply(body=b"User-agent: *\nSitemap: /sitemap.xml\n", content_type="text/plain")
    if path == "/sitemap.xml":  # the site lists 25 documents sharing one URL template
        locs = "".join(f"<url><loc>/van-ban?id={i}</loc></url>" for i in range(1, 26))
        body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        return Reply(body=body.encode(), content_type="application/xml")
    if path == "/":
        return Reply(body=page("Trang chủ", ["/tim-kiem?q=0"]))
    if m := re.fullmatch(r"/tim-kiem\?q=(\d+)", path):
        n = int(m[1])  # each result page links five new ones: a wide, shallow trap
        return Reply(body=page(f"Tìm {n}", [f"/tim-kiem?q={5 * n + k}" for k in range(1, 6)]))
    if path.startswith("/van-ban?id="):
        return Reply(body=page(f"Văn bản {path}"))
    return Reply(404, b"not found", "text/plain")


@pytest.fixture
def fan_out_site() -> Iterator[LoopbackSite]:
    with LoopbackSite(_fan_out) as site:
        yield site


def test_template_budget_cuts_a_wide_trap_but_not_the_sitemap(
    fan_out_site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CRAWL_SETTINGS_ENV, json.dumps({"BUDGET_PER_TEMPLATE": 10}))
    result = run_crawl([fan_out_site.url("/")], tmp_path, "wide", polite=False, timeout=300)
    paths = fan_out_site.paths()
    assert len([p for p in paths if p.startswith("/tim-kiem")]) == 10
    # Listed by the site's own sitemap: a finite list, exempt from the template budget.
    assert len({p for p in paths if p.startswith("/van-ban")}) == 25
    exhausted = result.summary["budget_exhausted"]
    assert f"template 127.0.0.1:{fan_out_site.port}/tim-kiem?q=* (10)" in exhausted
    assert result.summary["budget_cut"] >= 1


def test_registry_entry_sets_its_own_budget(
    fan_out_site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = {"source_id": "bay", "start_urls": [fan_out_site.url("/")], "per_template": 4}
    monkeypatch.setenv(CRAWL_SETTINGS_ENV, json.dumps({"SOURCE_CONFIG": json.dumps([entry])}))
    run_crawl([fan_out_site.url("/")], tmp_path, "entry", polite=False, timeout=300)
    assert len([p for p in fan_out_site.paths() if p.startswith("/tim-kiem")]) == 4


def test_page_budget_bounds_a_site(
    fan_out_site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CRAWL_SETTINGS_ENV, json.dumps({"BUDGET_MAX_PAGES": 12}))
    result = run_crawl([fan_out_site.url("/")], tmp_path, "pages", polite=False, timeout=300)
    # robots.txt is fetched by Scrapy itself, outside the spider's requests.
    assert len([p for p in fan_out_site.paths() if p != "/robots.txt"]) <= 12
    assert f"pages 127.0.0.1:{fan_out_site.port} (12)" in result.summary["budget_exhausted"]
