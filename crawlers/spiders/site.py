"""Generic whole-site spider: discovers pages via robots.txt sitemaps, /sitemap.xml, RSS/Atom
feeds and in-domain links. It extracts nothing: archiving happens in the downloader middlewares,
so this spider only decides *what* to fetch.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from w3lib.url import canonicalize_url, url_query_cleaner

from crawlers.budget import META_LISTED
from crawlers.frontier import crawler_frontier, is_pagination_link, lastmod_changed
from crawlers.middlewares import META_SITEMAP_LASTMOD, STAT_SKIPPED_AT
from crawlers.scope import Scope, check_start_url, crawler_scope, note_offsite, strip_userinfo
from pipelines.urls import drop_default_port, is_volatile_param

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# Skip only what can never be a document: images, styles, scripts, fonts, media. PDFs, DOC(X),
# XLS(X), ZIP etc. are legal documents/attachments on these sites and must be archived.
SKIP_EXTENSIONS = [
    # images
    "png", "jpg", "jpeg", "gif", "bmp", "webp", "svg", "ico", "tif", "tiff", "psd", "heic",
    # styles / scripts / fonts
    "css", "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot",
    # audio / video
    "mp3", "wav", "ogg", "m4a", "aac", "flac", "mp4", "m4v", "webm", "avi", "mov", "wmv",
    "flv", "mkv", "3gp", "swf",
    # binaries
    "exe", "msi", "dmg", "apk", "iso", "bin",
]  # fmt: skip


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def canonical_request_url(url: str) -> str:
    """The form every request is made with: no fragment, no tracking or session params, sorted
    query, no default port (``:80``/``:443``). Unlike a page's warehouse key
    (pipelines.urls.page_key) it keeps the scheme, `www.` and trailing slashes: a server may
    answer only to the spelling it links (an http page fetched again as https is prevented by
    crawlers.dupefilter instead). Credentials in a link (``user:pass@``) are dropped: the crawl
    sends only the operator's, and URLs are stored."""
    url = strip_userinfo(url)
    parts = urlsplit(url)
    if parts.query:
        params = [p.split("=", 1)[0] for p in parts.query.split("&") if p]
        tracking = [p for p in params if is_volatile_param(p)]
        if tracking:
            url = url_query_cleaner(url, tracking, remove=True, keep_fragments=False)
    return drop_default_port(canonicalize_url(url, keep_fragments=False))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self,
        start_urls: str | Iterable[str] = "",
        allow: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        urls = start_urls.split(",") if isinstance(start_urls, str) else list(start_urls)
        # Credentials never enter a stored URL: crawlers.run has already moved them into the
        # CredentialsMiddleware; anything left here is dropped (crawlers/scope.py).
        self.start_urls = [
            canonical_request_url(strip_userinfo(check_start_url(u))) for u in urls if u.strip()
        ]
        if not self.start_urls:
            raise ValueError("SiteSpider needs at least one start URL")
        # No allowed_domains: Scrapy's offsite check ignores ports and allows subdomains. The
        # crawl's scope (exact host:port of the start URLs and registry entries) is
        # crawlers.scope.Scope, applied here to links and by ScopeMiddleware to every request.
        self.allow_re = re.compile(allow) if allow else None
        # Canonical form (or None when out of scope) of every absolute URL met so far, and the
        # URLs already handed to the engine: most links on a site repeat on every page (menus,
        # sidebars), and skipping them here saves building, filtering and fingerprinting a
        # request that Scrapy's dupefilter would drop anyway.
        self._canonical_cache: dict[str, str | None] = {}
        self._scheduled: set[str] = set()
        self._skipped: set[str] = set()  # known URLs not fetched again (counted once)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # What earlier runs fetched (--known): empty on a first crawl, which then follows all.
        spider.frontier = crawler_frontier(crawler)
        # RobotsTxtMiddleware already fetches (and the archive records) robots.txt; take its
        # Sitemap: lines from the parsed file instead of downloading it a second time.
        crawler.signals.connect(spider._robots_parsed, signal=signals.robots_parsed)
        return spider

    # -- seeds -----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            yield Request(url, callback=self.parse)
        # URLs an interrupted run had scheduled but not fetched, or fetched but maybe not parsed.
        for url in self.frontier.pending:
            yield Request(url, callback=self.parse)
        for origin in dict.fromkeys(_origin(u) for u in self.start_urls):
            yield Request(f"{origin}/sitemap.xml", callback=self.parse)
            if not self.settings.getbool("ROBOTSTXT_OBEY"):
                # Nobody else fetches robots.txt then; fetch it for its Sitemap: lines.
                yield Request(f"{origin}/robots.txt", callback=self.parse_robots)

    frontier: Any = None
    _scope: Scope | None = None

    @property
    def scope(self) -> Scope:
        # Built on first use: the registry entries are matched once the crawler has its spider.
        if self._scope is None:
            self._scope = crawler_scope(self.crawler)
        return self._scope

    def _skip(self, reason: str, url: str) -> None:
        self.crawler.stats.inc_value("archive/skipped_known")
        self.crawler.stats.inc_value(f"archive/skipped_known/{reason}")
        # Distinct URLs per origin: the run report adds a source's skips to its error rate's
        # denominator, so the rate does not rise on an incremental run that fetches fewer pages
        # (flows/reports.py); a known page linked from five listings is one page.
        if url not in self._skipped:
            self._skipped.add(url)
            self.crawler.stats.inc_value(f"{STAT_SKIPPED_AT}{_origin(url)}")

    def _wanted(self, req: Request, lastmod: str | None = None) -> bool:
        """Incremental filter: known article pages are not fetched again unless the sitemap's
        <lastmod> says they changed (other known pages are re-checked with a conditional GET)."""
        known = self.frontier.known.get(req.url) if self.frontier else None
        if known is None or not known.is_article:
            return True
        if lastmod_changed(known, lastmod):
            return True
        self._skip("article", req.url)
        return False

    def _robots_parsed(self, robotparser: Any, request: Request) -> None:
        sitemaps = getattr(getattr(robotparser, "rp", None), "sitemaps", None) or []
        for sm in sitemaps:
            req = self._request(urljoin(request.url, sm), check_allow=False)
            if req is not None:
                self.crawler.engine.crawl(req)

    def parse_robots(self, response: Response) -> Iterable[Request]:
        if not isinstance(response, TextResponse):
            return
        for line in response.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                req = self._request(response.urljoin(value.strip()), check_allow=False)
                if req is not None:
                    yield req

    # -- routing ---------------------------------------------------------------------------------
    def _in_scope(self, url: str, *, check_allow: bool = True) -> str | None:
        """Canonical form of `url` when the crawl should fetch it, else None."""
        if not url.startswith(("http://", "https://")):
            return None
        url = canonical_request_url(url)
        if not self.scope.allows(url):
            note_offsite(self.crawler, url)  # per-host discovery hints (crawlers/scope.py)
            return None
        parts = urlsplit(url)
        last = parts.path.rsplit("/", 1)[-1].lower()
        if "." in last and last.rsplit(".", 1)[-1] in SKIP_EXTENSIONS:
            return None
        if check_allow and self.allow_re and not self.allow_re.search(url):
            return None
        return url

    def _request(
        self, url: str, *, check_allow: bool = True, listed_by: str | None = None
    ) -> Request | None:
        canonical = self._in_scope(url, check_allow=check_allow)
        if not canonical:
            return None
        # Listed by the site itself (sitemap, feed): a finite list, exempt from template budgets.
        meta = {META_LISTED: listed_by} if listed_by else None
        return Request(canonical, callback=self.parse, meta=meta)

    def _link_urls(self, response: TextResponse) -> list[str]:
        """In-scope canonical URLs of the page's <a>/<area> links, each once, in page order."""
        found: dict[str, None] = {}
        cache = self._canonical_cache
        for href in response.xpath("//a/@href | //area/@href").getall():
            href = href.strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            absolute = response.urljoin(href)
            if absolute in cache:
                canonical = cache[absolute]
            else:
                canonical = self._in_scope(absolute)
                if len(cache) < 500_000:  # bounded: a huge site must not exhaust memory
                    cache[absolute] = canonical
            if canonical:
                found[canonical] = None
        return list(found)

    def parse(self, response: Response) -> Iterable[Request]:
        body = self._sitemap_body(response)
        if body is not None:
            yield from self._parse_sitemap(response, body)
            return
        if not isinstance(response, TextResponse):
            return  # PDF/DOC etc.: archived, nothing to follow
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        head = response.text[:512].lstrip().lower()
        if (
            "rss" in ctype
            or "atom" in ctype
            or head.startswith(("<rss", "<feed"))
            or (head.startswith("<?xml") and ("<rss" in head or "<feed" in head))
        ):
            yield from self._parse_feed(response)
            return
        if "html" not in ctype and not head.startswith(("<!doctype html", "<html")):
            return
        # Feeds linked from pages list the newest articles, often ones not linked anywhere else.
        for href in response.xpath("//link[@rel='alternate'][@href]"):
            if (href.attrib.get("type") or "").lower() in FEED_TYPES:
                req = self._request(response.urljoin(href.attrib["href"]), check_allow=False)
                if req is not None:
                    yield req
        urls = self._link_urls(response)
        known = self.frontier.known if self.frontier else {}
        # A page linking only to pages fetched before holds nothing new: do not page further
        # through its listing (its other links, e.g. other categories, are still re-checked).
        stale = bool(known) and all(url in known for url in urls)
        for url in urls:
            if url in self._scheduled:
                continue
            req = Request(url, callback=self.parse)
            if not self._wanted(req):
                continue
            if stale and is_pagination_link(response.url, url):
                self._skip("pagination", url)
                continue
            self._scheduled.add(url)
            yield req

    def _sitemap_body(self, response: Response) -> bytes | None:
        body = response.body
        if body[:2] == b"\x1f\x8b":  # .xml.gz sitemaps served as application/x-gzip
            try:
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception:
                return None
        head = body[:1024].lstrip().lower()
        if b"<urlset" in head or b"<sitemapindex" in head:
            return body
        return None

    def _parse_sitemap(self, response: Response, body: bytes) -> Iterable[Request]:
        try:
            sitemap = Sitemap(body)
        except Exception:
            self.logger.warning("unparseable sitemap %s", response.url)
            return
        is_index = sitemap.type == "sitemapindex"
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            req = self._request(
                response.urljoin(loc), check_allow=not is_index, listed_by="sitemap"
            )
            if req is None:
                continue
            lastmod = (entry.get("lastmod") or "").strip() or None
            if lastmod and not is_index:
                req.meta[META_SITEMAP_LASTMOD] = lastmod
            if self._wanted(req, lastmod):
                yield req

    def _parse_feed(self, response: TextResponse) -> Iterable[Request]:
        links = response.xpath(
            "//*[local-name()='item']/*[local-name()='link']/text()"
            " | //*[local-name()='entry']/*[local-name()='link']/@href"
        ).getall()
        for link in links:
            req = self._request(response.urljoin(link.strip()), listed_by="feed")
            if req is not None and self._wanted(req):
                yield req
