"""Registry sources applied inside the crawl subprocess (no change to the generic spider needed).

* :class:`SourceSettings` (extension; built before Scrapy freezes the settings) resolves the
  sources of this crawl and turns their ``delay``/``concurrency`` into ``DOWNLOAD_SLOTS``.
* :class:`SourceDiscoveryMiddleware` (spider middleware) schedules the sources' sitemaps and
  feeds first (discovery preference: sitemaps, feeds, then listings/links), drops requests a
  source's ``deny`` matches or its ``allow``/``follow`` patterns do not, and adds the links of
  the source's listing parser (its family's, ``sites/families/``).
* :class:`SourceEncodingMiddleware` (downloader middleware, after the WARC writer so the archive
  keeps the raw bytes) forces a source's ``encoding`` on its responses before the spider parses.

Which sources: the ``SOURCE_CONFIG`` setting (``crawlers.run --source-config``: a JSON list of
:meth:`sites.Source.crawl_config` dicts); without it, the start URLs are looked up in the
registry file ``SOURCES_REGISTRY`` (default ``sites/sources.toml``; empty string turns the lookup
off). Which source a URL belongs to: :func:`sites.source_for`, as everywhere.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawlers.spiders.site import canonical_request_url
from sites import Source, source_for

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_CACHE_ATTR = "_vnla_source_rules"
# Discovery documents are never article pages: allow/follow patterns do not apply to them.
_DISCOVERY_RE = re.compile(r"(sitemap|rss|feed|atom)[^/]*$|\.xml(\.gz)?$|/robots\.txt$", re.I)


def _for_crawl(source: Source) -> Source:
    """The source with its seeds in the crawl's canonical form (what requests are compared to)."""
    return source.model_copy(
        update={
            key: [canonical_request_url(u) for u in getattr(source, key)]
            for key in ("start_urls", "sitemaps", "feeds")
        }
    )


def permits(source: Source, url: str) -> bool:
    """May the crawl request `url` (a URL of `source`)?"""
    if source.denies(url):
        return False
    if not source.allow and not source.follow:
        return True
    if source.selects(url):
        return True
    url = canonical_request_url(url)
    if url in source.start_urls or url in source.sitemaps or url in source.feeds:
        return True
    return bool(_DISCOVERY_RE.search(urlsplit(url).path))


def _configs(crawler: Crawler) -> list[dict[str, Any]]:
    raw = crawler.settings.get("SOURCE_CONFIG")
    if raw:
        configs = json.loads(raw) if isinstance(raw, str) else raw
        if not isinstance(configs, list):
            raise ValueError("SOURCE_CONFIG must be a JSON list of source configs")
        return configs
    path = crawler.settings.get("SOURCES_REGISTRY")
    if path == "":
        return []
    spider = getattr(crawler, "spider", None)
    start_urls = list(getattr(spider, "start_urls", []) or [])
    if not start_urls:
        return []
    from sites.registry import RegistryError, load_registry

    try:
        registry = load_registry(path or None)
    except RegistryError as exc:
        logger.warning("source registry not used: %s", exc)
        return []
    matched = {}
    for url in start_urls:
        entry = registry.source_for(url)
        if entry is not None:
            matched[entry.source_id] = entry.crawl_config()
    return list(matched.values())


def source_rules(crawler: Crawler) -> list[Source]:
    """This crawl's sources, seeds canonical (resolved once per crawler)."""
    rules = getattr(crawler, _CACHE_ATTR, None)
    if rules is None:
        rules = [_for_crawl(Source.model_validate(c)) for c in _configs(crawler)]
        setattr(crawler, _CACHE_ATTR, rules)
        if rules:
            logger.info(
                "registry sources for this crawl: %s", ", ".join(r.source_id for r in rules)
            )
    return rules


class SourceSettings:
    """Extension: per-site delay/concurrency into DOWNLOAD_SLOTS (before settings freeze)."""

    def __init__(self, crawler: Crawler) -> None:
        rules = source_rules(crawler)
        polite = crawler.settings.getbool("POLITE", True)
        slots: dict[str, dict[str, Any]] = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
        for r in rules:
            for host in r.hosts:
                slot = dict(slots.get(host, {}))
                if r.concurrency:
                    slot["concurrency"] = r.concurrency
                if r.delay is not None and polite:
                    slot["delay"] = r.delay
                if slot:
                    slots[host] = slot
        if slots and not crawler.settings.frozen:
            crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceSettings:
        return cls(crawler)


class SourceDiscoveryMiddleware:
    """Spider middleware: registry discovery seeds, allow/follow/deny, listing-parser links."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.rules = source_rules(crawler)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceDiscoveryMiddleware:
        return cls(crawler)

    def _callback(self) -> Any:
        return self.crawler.spider.parse

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        # Sitemaps, then feeds, then the spider's own seeds (start pages, /sitemap.xml).
        for r in self.rules:
            for url in [*r.sitemaps, *r.feeds]:
                yield Request(url, callback=self._callback())
        async for item in start:
            yield item

    def _filter(self, item: Any) -> bool:
        if not isinstance(item, Request):
            return True
        rule = source_for(item.url, self.rules)
        if rule is None or permits(rule, item.url):
            return True
        self.stats.inc_value(f"sources/filtered/{rule.source_id}")
        return False

    def _parser_requests(self, response: Response) -> list[Request]:
        rule = source_for(response.url, self.rules)
        parser = rule.listing_parser if rule is not None else None
        if rule is None or parser is None or not isinstance(response, TextResponse):
            return []
        if not parser.applies_to(response.url):
            return []
        page = parser.parse(response.text, response.url)
        out = []
        for url in [*page.next_pages, *page.articles]:
            if rule.matches(url) and not rule.denies(url):
                out.append(Request(canonical_request_url(url), callback=self._callback()))
        self.stats.inc_value(f"sources/parser_links/{rule.source_id}", len(out))
        return out

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for item in result:
            if self._filter(item):
                yield item
        yield from self._parser_requests(response)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for item in result:
            if self._filter(item):
                yield item
        for req in self._parser_requests(response):
            yield req


class SourceEncodingMiddleware:
    """Downloader middleware: force a source's configured encoding on its text responses."""

    def __init__(self, crawler: Crawler) -> None:
        self.rules = [r for r in source_rules(crawler) if r.encoding]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceEncodingMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not self.rules or not isinstance(response, TextResponse):
            return response
        rule = source_for(response.url, self.rules)
        if rule is None or rule.encoding is None:
            return response
        return response.replace(encoding=rule.encoding)


__all__ = [
    "SourceDiscoveryMiddleware",
    "SourceEncodingMiddleware",
    "SourceSettings",
    "permits",
    "source_rules",
]
