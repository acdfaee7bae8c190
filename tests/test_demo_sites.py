"""Demo sites: corpus determinism/NFC and real HTTP over loopback (robots, sitemap, RSS, links)."""

from __future__ import annotations

import unicodedata
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import pytest
from lxml import etree, html

from vnarchive.demo_sites import SITES, DemoSites, generate_corpus

N = 40


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    with DemoSites(n_articles=N) as s:
        yield s


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.headers["Content-Type"], r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read()


def test_corpus_deterministic_and_nfc() -> None:
    a, b = generate_corpus(N, seed=7), generate_corpus(N, seed=7)
    assert a.model_dump() == b.model_dump()
    assert generate_corpus(N, seed=8).model_dump() != a.model_dump()
    assert len(a.articles) == N
    for art in a.articles:
        for text in [art.title, art.body_text, *(d.symbol for d in art.directives)]:
            assert unicodedata.is_normalized("NFC", text)
        assert 0 < len(art.paragraphs) <= 12
        assert art.published_at.tzinfo is not None
    # seed articles are present with their hand-made GT
    seeds = {x.story_id: x for x in a.articles if x.story_id.startswith("seed-")}
    assert set(seeds) == {"seed-haiphong-2021-10", "seed-dukcqtw-2022-11"}
    hp = seeds["seed-haiphong-2021-10"]
    assert hp.author == "Thu Phương" and "Cơ quan chủ quản" not in hp.body_text
    assert [d.symbol for d in hp.directives] == ["14-KL/TW", "32-QĐ/TW", "24-HD/BTGTW"]


def test_corpus_gt_is_consistent_with_text() -> None:
    corpus = generate_corpus(300)
    for art in corpus.articles:
        for conf in art.conferences:
            assert conf.name in art.body_text or art.story_id.startswith("seed-")
            for p in conf.chairs + conf.speakers:
                assert p.name in art.body_text
        if not art.conferences:
            assert "Hội nghị" not in art.body_text
    kinds = [bool(a.conferences) for a in corpus.articles]
    assert 0.25 < sum(kinds) / len(kinds) < 0.8


def test_republished_stories() -> None:
    corpus = generate_corpus(N)
    multi = [v for v in corpus.stories().values() if len(v) > 1]
    assert multi
    for copies in multi:
        orig, copy = copies[0], copies[1]
        assert orig.site != copy.site and orig.story_id == copy.story_id
        assert copy.published_at > orig.published_at
        assert len(orig.paragraphs) == len(copy.paragraphs)
        assert orig.directives == copy.directives


def test_pages_and_content_types(sites: DemoSites) -> None:
    for info in SITES:
        base = sites.base_urls[info.name]
        status, ctype, body = fetch(base + "/")
        assert status == 200 and ctype == "text/html; charset=utf-8"
        assert b'<meta charset="utf-8">' in body
        status, ctype, body = fetch(base + "/robots.txt")
        assert status == 200 and ctype.startswith("text/plain")
        assert b"Disallow: /tim-kiem" in body
        assert fetch(base + "/khong-co-trang-nay.html")[0] == 404
    for url in sites.article_urls():
        status, ctype, body = fetch(url)
        assert status == 200 and ctype == "text/html; charset=utf-8"
        gt = sites.ground_truth(url)
        assert gt is not None and sites.site_of(url) == gt.site
        doc = html.fromstring(body)
        assert doc.xpath("string(//meta[@property='og:title']/@content)") == gt.title
        assert doc.xpath("//meta[@property='og:type']/@content") == ["article"]
        published = doc.xpath("//meta[@property='article:published_time']/@content")
        info = next(s for s in SITES if s.name == gt.site)
        assert bool(published) == info.has_published_meta
        text = doc.text_content()
        assert all(p in text for p in gt.paragraphs)
        assert gt.published_at.strftime("%d/%m/%Y %H:%M") in text
    # haiphong is div-only: no semantic layout tags
    hp = next(u for u in sites.article_urls() if sites.site_of(u) == "haiphong-pbgdpl")
    body = fetch(hp)[2].decode()
    for tag in ("<header", "<nav", "<aside", "<footer", "<article"):
        assert tag not in body
    assert "Cơ quan chủ quản: UBND thành phố Hải Phòng" in body and "Tin liên quan" in body


def test_sitemap_lists_exactly_haiphong_articles(sites: DemoSites) -> None:
    base = sites.base_urls["haiphong-pbgdpl"]
    assert f"Sitemap: {base}/sitemap.xml".encode() in fetch(base + "/robots.txt")[2]
    status, ctype, body = fetch(base + "/sitemap.xml")
    assert status == 200 and ctype.startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = etree.fromstring(body)
    locs = root.xpath("//s:loc/text()", namespaces=ns)
    assert len(root.xpath("//s:lastmod", namespaces=ns)) == len(locs)
    expected = {u for u in sites.article_urls() if sites.site_of(u) == "haiphong-pbgdpl"}
    assert set(locs) == expected and len(locs) == len(expected)
    assert fetch(sites.base_urls["moj-portal"] + "/sitemap.xml")[0] == 404


def test_rss_items_are_dukcqtw_articles(sites: DemoSites) -> None:
    base = sites.base_urls["dukcqtw"]
    status, ctype, body = fetch(base + "/rss.xml")
    assert status == 200 and ctype.startswith("application/rss+xml")
    links = etree.fromstring(body).xpath("//item/link/text()")
    dk = {u for u in sites.article_urls() if sites.site_of(u) == "dukcqtw"}
    assert links and set(links) <= dk and len(links) == min(50, len(dk))
    home = html.fromstring(fetch(base + "/")[2])
    assert home.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == ["/rss.xml"]


def test_every_article_reachable_by_links(sites: DemoSites) -> None:
    """BFS from each home page over <a href>, obeying robots.txt, reaches every article."""
    seen_disallowed = set()
    found: set[str] = set()
    for info in SITES:
        base = sites.base_urls[info.name]
        robots = RobotFileParser()
        robots.parse(fetch(base + "/robots.txt")[2].decode().splitlines())
        queue, visited = deque([base + "/"]), {base + "/"}
        while queue:
            url = queue.popleft()
            status, _, body = fetch(url)
            assert status == 200, url
            if sites.ground_truth(url):
                found.add(url)
            for href in html.fromstring(body).xpath("//a/@href"):
                nxt = urljoin(url, href).split("#")[0]
                if urlsplit(nxt).netloc != urlsplit(base).netloc or nxt in visited:
                    continue
                if not robots.can_fetch("*", nxt):
                    seen_disallowed.add(info.name)
                    continue
                visited.add(nxt)
                queue.append(nxt)
    assert found == set(sites.article_urls())
    assert seen_disallowed == {s.name for s in SITES}  # robots handling is exercised everywhere


def test_listing_pagination(sites: DemoSites) -> None:
    app = sites.apps["haiphong-pbgdpl"]
    key = max(app.by_cat, key=lambda k: len(app.by_cat[k]))
    base = sites.base_urls["haiphong-pbgdpl"]
    assert fetch(base + app.category_url(key, 1))[0] == 200
    n_pages = -(-len(app.by_cat[key]) // 10)
    assert fetch(base + app.category_url(key, n_pages + 1))[0] == 404
    assert fetch(base + "/chuyen-muc/khong-ton-tai")[0] == 404
