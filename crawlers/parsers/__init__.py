"""Per-family parser overrides (Fundus-style: small, declarative, one class per site template).

The generic spider (:mod:`crawlers.spiders.site`) discovers pages by sitemaps, feeds and links.
A parser here is used *only* for a source whose registry entry names it (``parser = "..."`` in
``crawlers/sources.toml``) and only on pages its ``listing`` pattern matches: it returns the
listing's article links and its next page(s), precisely, so that a source can restrict the crawl
to its ``allow``/``follow`` patterns without losing pagination.

Every parser is tested against stored HTML of its template under ``tests/fixtures/sites/<family>/``.
Those pages are rendered by the demo sites (:mod:`vnarchive.demo_sites`): the only site templates
available offline. They imitate the real families; the selectors have *not* been checked against
pages of the live sites, so no real registry entry enables a parser yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from parsel import Selector


@dataclass(frozen=True)
class ListingPage:
    """What a listing parser found on one page (absolute URLs, in page order, no duplicates)."""

    articles: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)


class ListingParser:
    """Declarative listing-page parser: subclasses set the class attributes, nothing else.

    ``listing``: regex (re.search on the URL) of the listing pages this parser understands.
    ``article_links``: XPath of the ``href`` attributes of the listing's article links.
    ``next_page``: XPath of the ``href`` of the next page (pagination's "Trang sau").
    """

    name: ClassVar[str]
    family: ClassVar[str]
    listing: ClassVar[str]
    article_links: ClassVar[str]
    next_page: ClassVar[str]

    def applies_to(self, url: str) -> bool:
        return re.search(self.listing, url) is not None

    def parse(self, html: str | bytes, url: str) -> ListingPage:
        from urllib.parse import urljoin

        if isinstance(html, bytes):
            html = html.decode("utf-8", errors="replace")
        sel = Selector(text=html)

        def links(xpath: str) -> list[str]:
            out = [urljoin(url, h.strip()) for h in sel.xpath(xpath).getall() if h.strip()]
            return list(dict.fromkeys(out))

        return ListingPage(articles=links(self.article_links), next_pages=links(self.next_page))


_NEXT = "contains(normalize-space(.), 'Trang sau') or normalize-space(.)='»' or @rel='next'"


class SharePointListing(ListingParser):
    """SharePoint portals (Bộ Tư pháp / pbgdpl.gov.vn family): table listing ``tbl-list``."""

    name = "sharepoint-listing"
    family = "sharepoint"
    listing = r"/Pages/danh-sach\.aspx"
    article_links = (
        "//table[contains(@class,'tbl-list')]//div[contains(@class,'list-title')]/a/@href"
    )
    next_page = f"//div[contains(@class,'pagination')]//a[{_NEXT}]/@href"


class DnnNewsListing(ListingParser):
    """DNN ``.aspx`` news modules (Đảng ủy Khối: ``…-ctm<cat>.aspx`` listings, ``-tbo<id>``)."""

    name = "dnn-news-listing"
    family = "aspx-news"
    listing = r"-ctm\d+\.aspx"
    article_links = (
        "//div[contains(@class,'list-news')]//div[contains(@class,'list-item')]//h3/a/@href"
    )
    next_page = f"//div[contains(@class,'pagination')]//a[{_NEXT}]/@href"


PARSERS: dict[str, ListingParser] = {p.name: p() for p in (SharePointListing, DnnNewsListing)}


def get_parser(name: str) -> ListingParser:
    try:
        return PARSERS[name]
    except KeyError:
        raise KeyError(f"unknown parser {name!r}; known: {', '.join(sorted(PARSERS))}") from None


__all__ = ["PARSERS", "DnnNewsListing", "ListingPage", "ListingParser", "SharePointListing"]
