"""Demo sites: corpus determinism/NFC and real HTTP over loopback (robots, sitemap, RSS, links)."""

from __future__ import annotations

import itertools
import re
import unicodedata
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from datetime import date
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


# --------------------------------------------------------------------------- truth identities


def _first_copies(corpus) -> list:
    """One article per story: the earliest copy (the warehouse's canonical article)."""
    return [copies[0] for copies in corpus.stories().values()]


def test_every_conference_and_citation_has_a_truth_identity() -> None:
    corpus = generate_corpus(300)
    for art in corpus.articles:
        for conf in art.conferences:
            assert conf.event_id, (art.story_id, conf.name)
            assert conf.status in ("held", "planned")
            for p in conf.bridge_chairs:  # bridge chairs stay chairs (the dev-set rule)
                assert p in conf.chairs and conf.bridge_point
        for d in art.directives:
            assert d.document_id.startswith(d.symbol + "@"), d
    # republished copies carry the same identities as their original
    for copies in corpus.stories().values():
        ids = {tuple(c.event_id for c in a.conferences) for a in copies}
        assert len(ids) == 1


def test_multi_site_events_are_independent_rewrites() -> None:
    """≈10% of the articles report one event on 2-3 sites in other words: other names, other
    organiser spellings (or none), bridge points; the dedupe must not see them as copies."""
    from pipelines.dedupe import DEFAULT_THRESHOLD, jaccard, shingles

    corpus = generate_corpus(300)
    assert len(corpus.articles) == 300  # the new material comes out of the budget
    events: dict[str, list] = {}
    for art in _first_copies(corpus):
        for conf in art.conferences:
            events.setdefault(conf.event_id, []).append((art, conf))
    multi = {k: v for k, v in events.items() if len({a.story_id for a, _ in v}) > 1}
    reports = sum(len(v) for v in multi.values())
    assert 15 <= reports <= 40 and len(multi) >= 5
    names = organisers = bridges = previews = 0
    for reps in multi.values():
        assert len({a.site for a, c in reps if c.status == "held"}) == len(
            [1 for _, c in reps if c.status == "held"]
        ), "one report per site"
        names += len({c.name for _, c in reps}) > 1
        organisers += len({c.organizer for _, c in reps}) > 1
        bridges += any(c.bridge_point for _, c in reps)
        previews += any(c.status == "planned" for _, c in reps)
        for (a, _), (b, _) in itertools.combinations(reps, 2):
            assert a.story_id != b.story_id
            assert jaccard(shingles(a.body_text), shingles(b.body_text)) < DEFAULT_THRESHOLD / 2
        for a, c in reps:
            assert c.name in a.body_text
            for p in c.chairs + c.speakers:
                assert p.name in a.body_text
    assert names == len(multi) and organisers >= 2 and bridges >= 3 and previews >= 1


def test_numerals_symbol_spellings_and_dates_vary_across_reports() -> None:
    corpus = generate_corpus(1000)
    events: dict[str, list] = {}
    for art in _first_copies(corpus):
        for conf in art.conferences:
            events.setdefault(conf.event_id, []).append((art, conf))
    multi = [v for v in events.values() if len({a.story_id for a, _ in v}) > 1]
    texts = [" ".join(c.name for _, c in reps) for reps in multi]
    assert any("lần thứ tư" in t or "lần thứ sáu" in t for t in texts)
    assert any(re.search(r"lần thứ \d", t) for t in texts)
    assert any((" - " in t and "/TW" in t) or "TƯ" in t for t in texts)
    # one event with and without its date's year across its reports
    assert any(len({c.held_on is None for _, c in reps}) == 2 for reps in multi)


def test_one_world_no_contradicting_events() -> None:
    """A real event has one date: two conferences sharing an organiser and a recurring series'
    period are one event, so the generator never writes two different ones."""
    corpus = generate_corpus(1000)
    seen: dict[tuple, set[str]] = {}
    for art in _first_copies(corpus):
        for conf in art.conferences:
            m = re.search(
                r"(báo cáo viên|thông tin chuyên đề|giao ban).*?(tháng \d+/\d{4}|quý \w+/\d{4})",
                conf.name.lower(),
            )
            if m and conf.organizer:
                seen.setdefault((conf.organizer, m.group(1), m.group(2)), set()).add(conf.event_id)
    assert seen and all(len(ids) == 1 for ids in seen.values()), [
        k for k, v in seen.items() if len(v) > 1
    ]


def test_hard_negatives_are_present() -> None:
    corpus = generate_corpus(1000)
    firsts = _first_copies(corpus)
    # the same organiser's next monthly conference a few days after a multi-site one
    series = [
        (c.organizer, c.event_id, a.published_at.date())
        for a in firsts
        for c in a.conferences
        if "báo cáo viên Trung ương tháng" in c.name
    ]
    close = [
        (x, y)
        for x, y in itertools.combinations(series, 2)
        if x[0] == y[0] and x[1] != y[1] and abs((x[2] - y[2]).days) <= 14
    ]
    assert close
    # two different conferences reported on one day in one province
    by_day: dict[tuple, set[str]] = {}
    for a in firsts:
        if a.site == "haiphong-pbgdpl":
            for c in a.conferences:
                by_day.setdefault((a.published_at.date(),), set()).add(c.event_id)
    assert any(len(v) > 1 for v in by_day.values())


def test_directive_identities_and_determinability() -> None:
    """Same symbol, two documents: the 05-CT/TW of 2016 and 2021, 35-CT/TW of 2019 and 2024, a
    456/KH-UBND of Hải Phòng and of Bắc Ninh. A citation is determinable exactly when one known
    document fits what it states (date, subject, issuer, locality or the site's province)."""
    from vnarchive.demo_sites.corpus import site_province

    corpus = generate_corpus(1000)
    docs: dict[str, set[str]] = {}
    for art in corpus.articles:
        for d in art.directives:
            docs.setdefault(d.symbol, set()).add(d.document_id)
    assert docs["05-CT/TW"] == {"05-CT/TW@2016", "05-CT/TW@2021"}
    assert docs["35-CT/TW"] == {"35-CT/TW@2019", "35-CT/TW@2024"}
    assert docs["456/KH-UBND"] == {"456/KH-UBND@Hải Phòng@2023", "456/KH-UBND@Bắc Ninh@2023"}
    undeterminable = [
        (a, d) for a in _first_copies(corpus) for d in a.directives if not d.determinable
    ]
    assert len(undeterminable) >= 10
    for a, d in undeterminable:
        assert len(docs[d.symbol]) > 1  # only a shared symbol can be ambiguous
        assert d.issued_on is None  # a date always decides
        if d.symbol == "05-CT/TW":
            assert d.issuer_stated is None and d.subject is None
            assert a.published_at.date() > date(2021, 6, 23)  # both issued by then
        if d.symbol == "456/KH-UBND":
            assert site_province(a.site) is None and d.locality is None
    # a bare local symbol on its home site is determined by the site's province
    home = [
        d
        for a in _first_copies(corpus)
        if a.site == "haiphong-pbgdpl"
        for d in a.directives
        if d.symbol == "456/KH-UBND" and d.locality is None
    ]
    assert home and all(d.determinable and "Hải Phòng" in d.document_id for d in home)
    # a local document cited away from home names its locality in the text
    for art in corpus.articles:
        for d in art.directives:
            if d.locality:
                assert d.locality in art.body_text


def test_demo_site_provinces() -> None:
    from vnarchive.demo_sites.sites import SITE_BY_NAME

    assert SITE_BY_NAME["haiphong-pbgdpl"].source("http://127.0.0.1:1").province == "Hải Phòng"
    assert SITE_BY_NAME["moj-portal"].source("http://127.0.0.1:1").province is None


def _reading(a, d) -> tuple:
    """What a citation states, and when and where it appeared, as far as its document goes:
    the documents of its symbol issued by then, its date, subject, issuer and locality (else,
    for a local document, the site's province)."""
    from vnarchive.demo_sites.corpus import DOCUMENTS, site_province

    published = a.published_at.date()
    issued = frozenset(
        s.issued_on for s in DOCUMENTS if s.symbol == d.symbol and s.issued_on <= published
    )
    local = d.document_id.count("@") == 2
    where = d.locality or (site_province(a.site) if local else None)
    return (d.symbol, issued, d.issued_on, d.subject, d.issuer_stated, where)


@pytest.mark.parametrize(("n", "seed"), [(300, 2021), (1000, 2021), (300, 1), (300, 2), (300, 5)])
def test_citations_that_read_the_same_are_equally_determinable(n: int, seed: int) -> None:
    """Determinability is what a reader of the whole corpus can know from the text: two
    citations that state the same things are both determinable or both not, whichever document
    the generator meant; a determinable one's truth is the one document its reading allows."""
    corpus = generate_corpus(n, seed=seed)
    answer: dict[tuple, set[bool]] = {}
    meant: dict[tuple, set[str]] = {}
    for a in corpus.articles:
        for d in a.directives:
            key = _reading(a, d)
            answer.setdefault(key, set()).add(d.determinable)
            if d.determinable:
                meant.setdefault(key, set()).add(d.document_id)
    assert all(len(v) == 1 for v in answer.values()), [k for k, v in answer.items() if len(v) > 1]
    assert all(len(v) == 1 for v in meant.values())
    # An undeterminable citation is so because the text allows two documents the corpus shows
    # (cited somewhere with their date), not because the generator meant one nobody can see.
    from vnarchive.demo_sites.corpus import DOCUMENTS, _fits, document_id, site_province

    dated = {d.document_id for a in corpus.articles for d in a.directives if d.issued_on}
    for a in corpus.articles:
        for d in a.directives:
            if not d.determinable and d.symbol in {"05-CT/TW", "35-CT/TW"}:
                shown = [
                    document_id(s)
                    for s in DOCUMENTS
                    if document_id(s) in dated
                    and _fits(s, d, a.published_at.date(), site_province(a.site))
                ]
                assert len(shown) >= 2, (a.site + a.path, d, shown)


def test_a_dated_citation_of_a_re_used_local_symbol_states_its_locality_in_the_truth() -> None:
    """_reissued_symbol_story cites 15-KH/TU "của Ban Thường vụ Tỉnh ủy Bắc Ninh" (or Thành ủy
    Hải Phòng): the truth carries the locality the text states."""
    import random

    from vnarchive.demo_sites.corpus import _reissued_symbol_story

    for doc, place in (
        ("15-KH/TU@Bắc Ninh@2021", "Bắc Ninh"),
        ("15-KH/TU@Hải Phòng@2021", "Hải Phòng"),
    ):
        _, story = _reissued_symbol_story(random.Random(3), "x", doc)
        [d] = story.directives
        assert place in story.paragraphs[0]
        assert (d.locality, d.document_id) == (place, doc)


def test_a_bare_repeat_of_a_symbol_is_the_document_the_story_named() -> None:
    """ "… Chỉ thị số 05-CT/TW của Ban Bí thư …" then "tuyên truyền Chỉ thị số 05-CT/TW": the bare
    repeat reads as the document already named, so the truth has one citation of it (extraction
    reads one too); a repeat that states another issuer stays a second document."""
    from vnarchive.demo_sites.corpus import GTDirective, _merge_directives

    def gt(doc: str, issuer: str | None = None) -> GTDirective:
        return GTDirective(
            symbol="05-CT/TW",
            doc_type="Chỉ thị",
            issuer_code="TW",
            issuer_stated=issuer,
            document_id=doc,
        )

    merged = _merge_directives([gt("05-CT/TW@2021", "Ban Bí thư"), gt("05-CT/TW@2016")])
    assert [(d.document_id, d.issuer_stated) for d in merged] == [("05-CT/TW@2021", "Ban Bí thư")]
    merged = _merge_directives([gt("05-CT/TW@2016"), gt("05-CT/TW@2021", "Ban Bí thư")])
    assert [d.document_id for d in merged] == ["05-CT/TW@2021"]
    two = _merge_directives(
        [gt("05-CT/TW@2016", "Bộ Chính trị"), gt("05-CT/TW@2021", "Ban Bí thư")]
    )
    assert [d.document_id for d in two] == ["05-CT/TW@2016", "05-CT/TW@2021"]


def test_free_ports_gives_a_base_port_the_sites_bind_again() -> None:
    """free_ports(): three consecutive free loopback ports; two DemoSites started one after the
    other on that base serve at the same URLs (a second run finds the same sources)."""
    from vnarchive.demo_sites.server import DemoSites, free_ports

    base = free_ports()
    with DemoSites(n_articles=12, base_port=base) as first:
        urls = dict(first.base_urls)
    with DemoSites(n_articles=12, base_port=base) as second:
        assert second.base_urls == urls
    ports = sorted(int(u.rsplit(":", 1)[1]) for u in urls.values())
    assert ports == [base, base + 1, base + 2]
