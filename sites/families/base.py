"""The shape of a CMS family declaration (:class:`Family`) and of its listing parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from pipelines.boilerplate import FamilyRules


@dataclass(frozen=True)
class ListingPage:
    """What a listing parser found on one page (absolute URLs, in page order, no duplicates)."""

    articles: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)


# "Trang sau" (next page), a » link or rel=next: how the families' pagination says "next".
NEXT_LINK = "contains(normalize-space(.), 'Trang sau') or normalize-space(.)='»' or @rel='next'"


@dataclass(frozen=True, kw_only=True)
class ListingParser:
    """Declarative listing-page parser of one family's template: XPaths, no code.

    The generic spider discovers pages by sitemaps, feeds and links; a listing parser is used only
    for a source whose registry entry names it (``parser = "..."``), and only on the pages its
    ``listing`` pattern matches: it returns the listing's article links and next page(s)
    precisely, so a source can restrict the crawl to its ``allow``/``follow`` patterns without
    losing pagination.

    name: what ``parser = "..."`` in sources.toml says.
    listing: regex (re.search on the URL) of the listing pages this parser understands.
    article_links: XPath of the ``href`` attributes of the listing's article links.
    next_page: XPath of the ``href`` of the next page (pagination's "Trang sau").
    aliases: former names that still resolve (stored configs, old registries).
    """

    name: str
    listing: str
    article_links: str
    next_page: str
    aliases: tuple[str, ...] = ()

    def applies_to(self, url: str) -> bool:
        return re.search(self.listing, url) is not None

    def parse(self, html: str | bytes, url: str) -> ListingPage:
        # parsel (Scrapy's selector library) is imported here: only the crawl child parses listings
        from parsel import Selector

        if isinstance(html, bytes):
            html = html.decode("utf-8", errors="replace")
        sel = Selector(text=html)

        def links(xpath: str) -> list[str]:
            out = [urljoin(url, h.strip()) for h in sel.xpath(xpath).getall() if h.strip()]
            return list(dict.fromkeys(out))

        return ListingPage(articles=links(self.article_links), next_pages=links(self.next_page))


@dataclass(frozen=True, kw_only=True)
class Family(FamilyRules):
    """One CMS / site-template family: everything the project knows about it, in one place.

    Inherited from :class:`pipelines.boilerplate.FamilyRules` (what the extraction uses):
    ``name`` (the one spelling: sources.toml's ``family``, the warehouse's ``sources.family``),
    ``markers`` (how :func:`pipelines.boilerplate.detect_family` recognises a page of the family
    when its source declares none) and ``boilerplate`` (the family's chrome, removed before
    trafilatura on top of the generic rules).

    about: which sites use it and what the declaration rests on.
    aliases: former spellings that still resolve (old registries, stored ``sources.family``).
    detect_order: families are tried in ascending order (a page may show markers of two, e.g. a
        VNPT portal's ``/portal/pages/`` URL and SharePoint's ``/pages/``).
    listing: the family's listing-page parser, if it has one.
    """

    about: str
    aliases: tuple[str, ...] = ()
    detect_order: int = 100
    listing: ListingParser | None = None
