"""Crawl budgets: every source gets bounds, so a crawler trap ends by itself.

A calendar (``/lich/2024/05`` linking the next month for ever) or an endless ``?page=N`` listing
would otherwise keep a crawl busy until someone kills it. :class:`CrawlBudgetMiddleware` (a spider
middleware, after Scrapy's DepthMiddleware has set ``meta["depth"]``) drops a new request when
one of these is spent:

* ``BUDGET_MAX_DEPTH``: link hops from a start URL (a trap's chain of next-links is deep, real
  pages are found from shallow listings, sitemaps and feeds);
* ``BUDGET_MAX_PAGES``: requests per site (host:port) per run;
* ``BUDGET_PER_TEMPLATE``: requests per URL template per run, where a template is the URL with
  every query value and every numeric path segment wildcarded (:func:`url_template`), so
  ``?page=1``, ``?page=2``, … share one budget. URLs the site itself lists (sitemaps, feeds) and
  URLs a registry entry's ``allow`` patterns call articles are exempt: those are finite lists
  or known article shapes, not traps.

A registry entry can set its own ``max_pages`` / ``max_depth`` / ``per_template``. Each cut is
counted (``budget/cut/<kind>`` stats, ``budget_cut`` in the crawl's SUMMARY line) and the first
cut of each budget is logged with the budget's name, so an operator sees that a budget, not the
site, ended the crawl.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from scrapy.http import Request

from crawlers.scope import site_key
from sites import Source, source_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response


logger = logging.getLogger(__name__)

# request.meta key the spider sets on URLs a sitemap or feed listed ("sitemap" / "feed").
META_LISTED = "listed_by"
STAT_CUT = "budget/cut"
STAT_EXHAUSTED = "budget/exhausted"  # list of "kind key (limit)" strings, one per spent budget
_MAX_EXHAUSTED_SHOWN = 50
_NUMERIC_SEGMENT = re.compile(r"^[\d\W_]*\d[\d\W_]*$")  # "2024", "05", "2024-05-01", "1_2"


def url_template(url: str) -> str:
    """``site/path?key=*``: numeric path segments and all query values wildcarded."""
    parts = urlsplit(url)
    segments = [
        re.sub(r"\d+", "*", seg) if _NUMERIC_SEGMENT.match(seg) else seg
        for seg in parts.path.split("/")
    ]
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    query = "&".join(f"{k}=*" for k in keys)
    return f"{site_key(url)}{'/'.join(segments) or '/'}" + (f"?{query}" if query else "")


class CrawlBudgetMiddleware:
    """Spider middleware enforcing the budgets above (start requests only count, never cut)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_depth = settings.getint("BUDGET_MAX_DEPTH", 0)
        self.max_pages = settings.getint("BUDGET_MAX_PAGES", 0)
        self.per_template = settings.getint("BUDGET_PER_TEMPLATE", 0)
        self.seen: set[str] = set()  # URLs admitted (bounded by the page budgets)
        self.pages: Counter[str] = Counter()  # site key -> admitted requests
        self.templates: Counter[str] = Counter()  # template -> admitted requests
        self.exhausted: set[tuple[str, str]] = set()
        self.stats.set_value(STAT_CUT, 0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlBudgetMiddleware:
        return cls(crawler)

    def _limits(self, url: str) -> tuple[Source | None, int, int, int]:
        # Imported here: crawlers.sourcing imports the spider, which imports this module.
        from crawlers.sourcing import source_rules

        rules = source_for(url, source_rules(self.crawler))
        depth, pages, template = self.max_depth, self.max_pages, self.per_template
        if rules is not None:
            depth = rules.max_depth if rules.max_depth is not None else depth
            pages = rules.max_pages if rules.max_pages is not None else pages
            template = rules.per_template if rules.per_template is not None else template
        return rules, depth, pages, template

    def _cut(self, kind: str, key: str, limit: int) -> bool:
        self.stats.inc_value(STAT_CUT)
        self.stats.inc_value(f"{STAT_CUT}/{kind}")
        if (kind, key) not in self.exhausted:
            self.exhausted.add((kind, key))
            logger.warning(
                "budget: %s budget of %s spent (%d); further URLs of it are not fetched",
                kind,
                key,
                limit,
            )
            shown = list(self.stats.get_value(STAT_EXHAUSTED) or [])
            if len(shown) < _MAX_EXHAUSTED_SHOWN:
                self.stats.set_value(STAT_EXHAUSTED, [*shown, f"{kind} {key} ({limit})"])
        return False

    def admit(self, request: Request, *, start: bool = False) -> bool:
        """Count `request` against its budgets; False (and the cut recorded) when one is spent."""
        url = request.url
        if url in self.seen:
            return True  # the dupefilter's business, not a new page
        rules, max_depth, max_pages, per_template = self._limits(url)
        site = site_key(url)
        if not start:
            depth = int(request.meta.get("depth", 0))
            if max_depth and depth > max_depth:
                return self._cut("depth", site, max_depth)
            if max_pages and self.pages[site] >= max_pages:
                return self._cut("pages", site, max_pages)
            listed = request.meta.get(META_LISTED) is not None
            article = rules is not None and rules.is_article(url)
            if per_template and not listed and not article:
                template = url_template(url)
                if self.templates[template] >= per_template:
                    return self._cut("template", template, per_template)
                self.templates[template] += 1
        self.pages[site] += 1
        self.seen.add(url)
        return True

    def _filter(self, item: Any) -> bool:
        return not isinstance(item, Request) or self.admit(item)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in start:
            if isinstance(item, Request):
                self.admit(item, start=True)
            yield item

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for item in result:
            if self._filter(item):
                yield item

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            if self._filter(item):
                yield item


__all__ = ["META_LISTED", "CrawlBudgetMiddleware", "url_template"]
