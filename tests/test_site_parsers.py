"""The families' listing parsers (sites/families/), Fundus-style: each one is tested against
stored HTML of its template (tests/fixtures/sites/<family>/, rendered by the demo sites: see the
README there), then in a real crawl of the demo site it was written for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawlers.items import read_manifest
from crawlers.spiders.site import canonical_request_url
from crawlers.subprocess_runner import run_crawl
from sites import Source
from sites.families import FAMILIES, PARSERS, listing_parser
from vnarchive.demo_sites.sites import demo_sources

FIXTURES = Path(__file__).parent / "fixtures" / "sites"
BASE = "http://127.0.0.1:18602"


def _page(family: str, name: str) -> str:
    return (FIXTURES / family / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("parser", "family", "listing", "article_re"),
    [
        (
            "sharepoint-listing",
            "sharepoint",
            "/Pages/danh-sach.aspx?cat=van-ban-phap-luat&page={page}",
            r"/Pages/tin-tuc\.aspx\?ItemID=\d+$",
        ),
        (
            "dnn-listing",
            "dnn",
            "/tin-tuc-su-kien-ctm118.aspx?page={page}",
            r"/[a-z0-9-]+-tbo\d+\.aspx$",
        ),
    ],
)
def test_listing_parser_on_stored_pages(parser: str, family: str, listing: str, article_re: str):
    p = listing_parser(parser)
    first = BASE + listing.format(page=1)
    assert p.applies_to(first)
    assert not p.applies_to(BASE + "/")

    page1 = p.parse(_page(family, "listing-page1"), first)
    assert len(page1.articles) == 10  # PAGE_SIZE: the listing's items, not the sidebars
    assert all(re.search(article_re, u) and u.startswith(BASE) for u in page1.articles)
    assert page1.next_pages == [BASE + listing.format(page=2).replace("?page=1", "")]

    page2 = p.parse(_page(family, "listing-page2"), BASE + listing.format(page=2))
    assert len(page2.articles) == 10
    assert not set(page1.articles) & set(page2.articles)
    assert page2.next_pages == [BASE + listing.format(page=3)]

    last = p.parse(_page(family, "listing-last"), BASE + listing.format(page=4))
    assert 0 < len(last.articles) <= 10
    assert last.next_pages == []  # no "Trang sau" on the last page

    # Article pages and the home page carry no listing: nothing to add there.
    article = p.parse(_page(family, "article"), BASE + "/x")
    assert article.articles == [] and article.next_pages == []


def test_only_the_listing_table_is_parsed() -> None:
    html = _page("sharepoint", "listing-page1")
    found = listing_parser("sharepoint-listing").parse(html, BASE + "/Pages/danh-sach.aspx?cat=x")
    in_table = re.findall(r'class="list-title"><a href="([^"]+)"', html)
    assert found.articles == [BASE + h for h in in_table]
    assert len(re.findall(r'class="left-news"><a href="', html)) > 0  # sidebars exist


def test_generic_link_extraction_is_enough_for_the_div_portal() -> None:
    """Hải Phòng-style pages need no override: their listing links are plain <a href>s that
    the registry's allow/follow patterns select (and the site has a sitemap anyway)."""
    (entry,) = [e for e in demo_sources(_bases()) if e.source_id == "haiphong-pbgdpl"]
    assert entry.parser is None and entry.sitemaps and entry.family_rules is None
    hrefs = re.findall(r'href="([^"]+)"', _page("div-portal", "listing-page1"))
    articles = {h for h in hrefs if any(re.search(p, h) for p in entry.allow)}
    pages = {h for h in hrefs if any(re.search(p, h) for p in entry.follow)}
    assert len(articles) >= 10
    assert any("page=2" in h for h in pages)


def test_every_parser_has_stored_pages() -> None:
    with_parser = [f for f in FAMILIES if f.listing is not None]
    assert {f.name for f in with_parser} == {"sharepoint", "dnn"}
    for family in with_parser:
        assert PARSERS[family.listing.name] is family.listing
        for page in ("listing-page1", "listing-page2", "listing-last", "article"):
            assert (FIXTURES / family.name / f"{page}.html").exists(), (family.name, page)


def test_former_parser_names_still_resolve() -> None:
    """A stored crawl config or an old registry may name a parser by its former name."""
    assert listing_parser("dnn-news-listing") is listing_parser("dnn-listing")
    dnn = Source(
        source_id="d", start_urls=["http://d.vn/"], family="dnn", parser="dnn-news-listing"
    )
    assert dnn.parser == "dnn-listing"
    with pytest.raises(ValueError, match="not the listing parser of family"):
        Source(
            source_id="d", start_urls=["http://d.vn/"], family="dnn", parser="sharepoint-listing"
        )


def _bases() -> dict[str, str]:
    return {
        "haiphong-pbgdpl": "http://127.0.0.1:18600",
        "dukcqtw": "http://127.0.0.1:18601",
        "moj-portal": BASE,
    }


@pytest.fixture(scope="module")
def big_demo():
    """Enough articles for several listing pages per category."""
    from vnarchive.demo_sites.server import DemoSites

    with DemoSites(n_articles=150) as running:
        yield running


def _crawl_moj(demo_sites, tmp_path: Path, monkeypatch, parser: str | None) -> set[str]:
    """Crawl the demo SharePoint site restricted to article pages + the first listing pages."""
    base = demo_sites.base_urls["moj-portal"]
    (moj,) = [e for e in demo_sources(demo_sites.base_urls) if e.source_id == "moj-portal"]
    data = moj.model_dump()
    data.update(follow=[r"/Pages/danh-sach\.aspx\?cat=[a-z-]+&page=1$"], parser=parser)
    entry = Source.model_validate(data)
    monkeypatch.setenv(
        "VNARCHIVE_CRAWL_SETTINGS", json.dumps({"SOURCE_CONFIG": [entry.crawl_config()]})
    )
    result = run_crawl([base + "/"], tmp_path, f"moj-{parser}", polite=False, timeout=120)
    return {r.url for r in read_manifest(result.manifest_path) if r.status == 200}


def test_parser_override_walks_pagination_in_a_real_crawl(
    big_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_sites = big_demo
    base = demo_sites.base_urls["moj-portal"]
    expected = {
        canonical_request_url(u) for u in demo_sites.article_urls() if u.startswith(base + "/")
    }
    with_parser = _crawl_moj(demo_sites, tmp_path / "a", monkeypatch, "sharepoint-listing")
    assert expected <= with_parser
    assert any("page=2" in u for u in with_parser)

    without = _crawl_moj(demo_sites, tmp_path / "b", monkeypatch, None)
    assert not any("page=2" in u for u in without), "follow allows only the first pages"
    # (Without the parser the articles are still reached here, through the demo pages'
    # related-article links: the override adds the listing pagination, not reachability.)


def test_deny_pattern_keeps_urls_out_of_the_crawl(
    demo_sites, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = demo_sites.base_urls["dukcqtw"]
    (entry,) = [e for e in demo_sources(demo_sites.base_urls) if e.source_id == "dukcqtw"]
    config = {**entry.crawl_config(), "deny": [r"-ctm\d+\.aspx"]}
    monkeypatch.setenv("VNARCHIVE_CRAWL_SETTINGS", json.dumps({"SOURCE_CONFIG": [config]}))
    result = run_crawl([base + "/"], tmp_path, "dukcqtw-deny", polite=False, timeout=120)
    urls = [r.url for r in read_manifest(result.manifest_path)]
    assert urls and not any(re.search(r"-ctm\d+\.aspx", u) for u in urls)
    assert any(u.endswith("/rss.xml") for u in urls)  # the registry feed is still fetched
    assert any(re.search(r"-tbo\d+\.aspx$", u) for u in urls)
