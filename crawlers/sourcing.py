"""Registry entries applied inside the crawl subprocess (no change to the generic spider needed).

* :class:`SourceSettings` (extension; built before Scrapy freezes the settings) resolves the
  sources of this crawl and turns their ``delay``/``concurrency`` into ``DOWNLOAD_SLOTS``.
* :class:`SourceRulesMiddleware` (spider middleware) schedules the entries' sitemaps and feeds
  first (discovery preference: sitemaps, feeds, then listings/links), drops requests an entry's
  ``deny`` matches or its ``allow``/``follow`` patterns do not, and adds the links of the entry's
  listing-parser override (:mod:`crawlers.parsers`).
* :class:`SourceEncodingMiddleware` (downloader middleware, after the WARC writer so the archive
  keeps the raw bytes) forces an entry's ``encoding`` on its responses before the spider parses.

Which sources: the ``SOURCE_CONFIG`` setting (``crawlers.run --source-config``: a JSON list of
:meth:`crawlers.registry.SourceEntry.crawl_config` dicts); without it, the start URLs' hosts are
looked up in the registry file ``SOURCES_REGISTRY`` (default ``crawlers/sources.toml``; empty
string turns the lookup off).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawlers.parsers import ListingParser, get_parser
from crawlers.spiders.site import canonical_request_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_CACHE_ATTR = "_vnla_source_rules"
# Discovery documents are never article pages: allow/follow patterns do not apply to them.
_DISCOVERY_RE = re.compile(r"(sitemap|rss|feed|atom)[^/]*$|\.xml(\.gz)?$|/robots\.txt$", re.I)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


@dataclass
class SourceRules:
    name: str
    start_urls: list[str]
    sitemaps: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    allow: list[re.Pattern[str]] = field(default_factory=list)
    follow: list[re.Pattern[str]] = field(default_factory=list)
    deny: list[re.Pattern[str]] = field(default_factory=list)
    delay: float | None = None
    concurrency: int | None = None
    encoding: str | None = None
    parser: ListingParser | None = None
    # Scope and budgets (crawlers/scope.py, crawlers/budget.py); None = the crawl's defaults.
    extra_hosts: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other hosts of the same site
    max_pages: int | None = None
    max_depth: int | None = None
    per_template: int | None = None

    @classmethod
    def from_config(cls, cfg: dict[str, Any]) -> SourceRules:
        def rx(key: str) -> list[re.Pattern[str]]:
            return [re.compile(p) for p in cfg.get(key) or []]

        return cls(
            name=cfg["name"],
            start_urls=[canonical_request_url(u) for u in cfg["start_urls"]],
            sitemaps=[canonical_request_url(u) for u in cfg.get("sitemaps") or []],
            feeds=[canonical_request_url(u) for u in cfg.get("feeds") or []],
            allow=rx("allow"),
            follow=rx("follow"),
            deny=rx("deny"),
            delay=cfg.get("delay"),
            concurrency=cfg.get("concurrency"),
            encoding=cfg.get("encoding"),
            parser=get_parser(cfg["parser"]) if cfg.get("parser") else None,
            extra_hosts=list(cfg.get("extra_hosts") or []),
            aliases=[a.lower() for a in cfg.get("aliases") or []],
            max_pages=cfg.get("max_pages"),
            max_depth=cfg.get("max_depth"),
            per_template=cfg.get("per_template"),
        )

    @property
    def hosts(self) -> set[str]:
        """Start hosts and alias hosts (each gets the source's politeness slot)."""
        return {_host(u) for u in self.start_urls} | {_host(f"http://{a}") for a in self.aliases}

    def covers(self, url: str) -> bool:
        """`url` is on this source's hosts (and port, when a start URL names one: the demo
        sites share 127.0.0.1 on several ports). Alias hosts count as start hosts."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        for start in [*self.start_urls, *(f"http://{a}" for a in self.aliases)]:
            s = urlsplit(start)
            h = (s.hostname or "").lower()
            if (host == h or host.endswith("." + h)) and (s.port is None or s.port == parts.port):
                return True
        return False

    def denies(self, url: str) -> bool:
        return any(p.search(url) for p in self.deny)

    def permits(self, url: str) -> bool:
        """May the crawl request `url` (a URL of this source)?"""
        if self.denies(url):
            return False
        if not self.allow and not self.follow:
            return True
        if any(p.search(url) for p in (*self.allow, *self.follow)):
            return True
        url = canonical_request_url(url)
        if url in self.start_urls or url in self.sitemaps or url in self.feeds:
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
    from crawlers.registry import RegistryError, load_registry

    try:
        registry = load_registry(path or None)
    except RegistryError as exc:
        logger.warning("source registry not used: %s", exc)
        return []
    matched = {}
    for url in start_urls:
        entry = registry.for_url(url)
        if entry is not None:
            matched[entry.name] = entry.crawl_config()
    return list(matched.values())


def source_rules(crawler: Crawler) -> list[SourceRules]:
    """The rules of this crawl's sources (resolved once per crawler)."""
    rules = getattr(crawler, _CACHE_ATTR, None)
    if rules is None:
        rules = [SourceRules.from_config(c) for c in _configs(crawler)]
        setattr(crawler, _CACHE_ATTR, rules)
        if rules:
            logger.info("registry sources for this crawl: %s", ", ".join(r.name for r in rules))
    return rules


def rules_for(rules: Iterable[SourceRules], url: str) -> SourceRules | None:
    for r in rules:
        if r.covers(url):
            return r
    return None


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


class SourceRulesMiddleware:
    """Spider middleware: registry discovery seeds, allow/follow/deny, listing-parser links."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.rules = source_rules(crawler)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceRulesMiddleware:
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
        rule = rules_for(self.rules, item.url)
        if rule is None or rule.permits(item.url):
            return True
        self.stats.inc_value(f"sources/filtered/{rule.name}")
        return False

    def _parser_requests(self, response: Response) -> list[Request]:
        rule = rules_for(self.rules, response.url)
        if rule is None or rule.parser is None or not isinstance(response, TextResponse):
            return []
        if not rule.parser.applies_to(response.url):
            return []
        page = rule.parser.parse(response.text, response.url)
        out = []
        for url in [*page.next_pages, *page.articles]:
            if rule.covers(url) and not rule.denies(url):
                out.append(Request(canonical_request_url(url), callback=self._callback()))
        self.stats.inc_value(f"sources/parser_links/{rule.name}", len(out))
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
        rule = rules_for(self.rules, response.url)
        if rule is None or rule.encoding is None:
            return response
        return response.replace(encoding=rule.encoding)


__all__ = [
    "SourceEncodingMiddleware",
    "SourceRules",
    "SourceRulesMiddleware",
    "SourceSettings",
    "source_rules",
]
