"""What a crawl may fetch, and the secrets it must never store.

Hostile sites and careless operator input are contained here (docs/security.md):

* **Schemes**: only ``http``/``https`` start URLs are accepted (:func:`check_start_url`), and
  :class:`ScopeMiddleware` refuses any other scheme a redirect or link leads to.
* **Sites**: a crawl stays on the exact host:port of its start URLs and registry entries
  (:class:`Scope`; ``www.`` is the same site, the default port of either scheme is the same
  port). Subdomains, other ports and other hosts need a registry entry's ``extra_hosts`` (or
  ``aliases``: other hosts of the same site). Links left off scope are counted per host and
  reported at the end of the crawl as discovery hints (:func:`report_offsite`).
* **Addresses**: :class:`ScopedResolver` (Scrapy's ``TWISTED_DNS_RESOLVER``) refuses names that
  resolve to private, loopback, link-local, multicast or reserved addresses, unless a start host
  is itself one (``SCOPE_ALLOW_PRIVATE``; the demo and the tests crawl 127.0.0.1). The check
  sits in the resolver, so the address checked is the address connected to.
  :class:`ScopeMiddleware` resolves before the robots.txt check and turns a refusal into a
  manifest line ``scope: …`` (``ScopeRefused``), never a fetch.
* **Secrets**: credentials in start URLs (``https://user:pass@host/``) are split off before the
  URL is stored anywhere (:func:`remember_credentials`), reach the crawl child through the
  environment (:data:`CREDENTIALS_ENV`, never its command line), and are sent as HTTP Basic auth
  to that site only (:class:`CredentialsMiddleware`). The WARC writer keeps credential headers'
  names with the value :data:`REDACTED` (:func:`redact_headers`); :class:`SecretScrubber` masks
  known secret values in every log line of the child.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawlers.credentials import (  # re-exported: scope.py is where callers look
    REDACTED,
    SECRET_REQUEST_HEADERS,
    redact_headers,
    strip_userinfo,
)
from sites.hosts import SCHEMES, Scope, site_key  # re-exported: the crawl's scope is built here

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request

logger = logging.getLogger(__name__)

# Request headers that carry credentials: archived by name, never by value.
# JSON {credentials_key: "user:password"} handed to the crawl child (crawlers.run).
CREDENTIALS_ENV = "VNARCHIVE_CRAWL_CREDENTIALS"
SCOPE_PREFIX = "scope: "
_CACHE_ATTR = "_vnla_scope"


class ScopeError(ValueError):
    """A start URL the crawler refuses (not http(s), no host)."""


class ScopeRefused(IgnoreRequest):
    """A request outside the crawl's scope; recorded in the manifest as ``scope: <reason>``."""


# -- URLs and credentials ----------------------------------------------------------------------
def check_start_url(url: str) -> str:
    """`url` if the crawler may start from it; :class:`ScopeError` with the reason otherwise."""
    parts = urlsplit(url.strip())
    shown = strip_userinfo(url.strip())
    if parts.scheme.lower() not in SCHEMES:
        raise ScopeError(f"refusing {shown!r}: only http:// and https:// URLs can be crawled")
    if not parts.hostname:
        raise ScopeError(f"refusing {shown!r}: no host name")
    return url.strip()


def credentials_key(url: str) -> str:
    """Where credentials may be sent: the site *and* the scheme they were given for (an https
    password never goes out over plain http)."""
    return f"{urlsplit(url).scheme.lower()}://{site_key(url)}"


def split_credentials(urls: Iterable[str]) -> tuple[list[str], dict[str, str]]:
    """(URLs without userinfo, {credentials_key: "user:password"}) of operator-given start URLs."""
    clean: list[str] = []
    creds: dict[str, str] = {}
    for url in urls:
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None:
            user = unquote(parts.username or "")
            password = unquote(parts.password or "")
            creds[credentials_key(url)] = f"{user}:{password}"
        clean.append(strip_userinfo(url))
    return clean, creds


_REMEMBERED: dict[str, str] = {}
_REMEMBERED_LOCK = threading.Lock()


def remember_credentials(urls: Iterable[str]) -> list[str]:
    """Split the credentials off `urls` and keep them in this process only (for the crawl
    child's environment, :func:`credentials_env`); return the URLs safe to store and log."""
    clean, creds = split_credentials(urls)
    if creds:
        with _REMEMBERED_LOCK:
            _REMEMBERED.update(creds)
    return clean


def credentials_env(urls: Iterable[str]) -> str | None:
    """The :data:`CREDENTIALS_ENV` value for a crawl of `urls` (None when it needs none): what
    the operator set in this process's environment plus the credentials remembered for `urls`."""
    keys = {credentials_key(u) for u in urls}
    with _REMEMBERED_LOCK:
        creds = {k: v for k, v in _REMEMBERED.items() if k in keys}
    if not creds:
        return None
    return json.dumps({**env_credentials(), **creds})


def env_credentials() -> dict[str, str]:
    """Credentials handed to this (crawl child) process, {credentials_key: "user:password"}."""
    try:
        creds = json.loads(os.environ.get(CREDENTIALS_ENV) or "{}")
    except ValueError:
        logger.warning("%s is not JSON; no credentials used", CREDENTIALS_ENV)
        return {}
    return {str(k): str(v) for k, v in creds.items()} if isinstance(creds, dict) else {}


class SecretScrubber(logging.Filter):
    """Log filter masking known secret strings (and their Basic-auth base64) in every record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        found: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            found.add(secret)
            found.add(base64.b64encode(secret.encode()).decode())
            if ":" in secret:  # "user:password": the password alone too
                found.update(p for p in secret.split(":", 1) if len(p) >= 4)
        self.secrets = sorted(found, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        scrubbed = message
        for secret in self.secrets:
            scrubbed = scrubbed.replace(secret, REDACTED)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and record.exc_text is None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            for secret in self.secrets:
                record.exc_text = record.exc_text.replace(secret, REDACTED)
        return True


def process_secrets(settings_headers: Mapping[str, Any] | None = None) -> list[str]:
    """Secrets the crawl child knows of: credentials, proxy userinfo, credential headers."""
    secrets = list(env_credentials().values())
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        proxy = urlsplit(os.environ.get(var) or "")
        if proxy.username or proxy.password:
            secrets.append(f"{unquote(proxy.username or '')}:{unquote(proxy.password or '')}")
    for name, value in (settings_headers or {}).items():
        if str(name).lower() in SECRET_REQUEST_HEADERS and value:
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            secrets.append(text)
            scheme, _, token = text.partition(" ")  # "Basic xyz" / "Bearer xyz": the token too
            if token and scheme.isalpha():
                secrets.append(token)
    return secrets


# -- addresses ---------------------------------------------------------------------------------
def address_refusal(address: str, allow_private: bool = False) -> str | None:
    """Why the crawler must not connect to `address`, or None.

    Multicast and unspecified addresses are never fetched; private, loopback, link-local,
    reserved and other non-global ranges only with ``allow_private``.
    """
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return f"unparseable address {address!r}"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_multicast:
        return f"resolves to multicast address {ip}"
    if ip.is_unspecified:
        return f"resolves to unspecified address {ip}"
    if allow_private:
        return None
    for kind, hit in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    ):
        if hit:
            return f"resolves to {kind} address {ip}"
    return None


def start_allows_private(urls: Iterable[str]) -> bool:
    """A start host that is itself an internal address (or ``localhost``): the operator chose to
    crawl an internal server, so internal addresses are allowed for this crawl."""
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        if host == "localhost" or host.endswith(".localhost"):
            return True
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            continue
        if address_refusal(str(ip)) is not None:
            return True
    return False


class ScopedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver plus the address policy and a host override table.

    ``SCOPE_RESOLVE`` ({name: address}, like curl's ``--resolve``) answers for the names it lists
    without asking DNS (tests map public-looking names to 127.0.0.1 with it). A refused address
    fails the lookup with ``scope: <host> resolves to …``, so nothing connects to it.
    """

    def __init__(
        self,
        reactor: Any,
        cache_size: int,
        timeout: float,
        overrides: Mapping[str, str] | None = None,
        allow_private: bool = False,
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.overrides = {k.lower(): v for k, v in (overrides or {}).items()}
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> ScopedResolver:
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(
            reactor,
            cache_size,
            settings.getfloat("DNS_TIMEOUT"),
            overrides=settings.getdict("SCOPE_RESOLVE"),
            allow_private=bool(settings.getbool("SCOPE_ALLOW_PRIVATE")),
        )

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:
        override = self.overrides.get(name.lower())
        d = defer.succeed(override) if override else super().getHostByName(name, timeout)
        return d.addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        refusal = address_refusal(address, self.allow_private)
        if refusal is not None:
            raise DNSLookupError(f"{SCOPE_PREFIX}{name} {refusal}")
        return address


# -- sites: site_key and Scope are declared with the sites (sites/hosts.py) --------------------
def sources_scope(start_urls: Iterable[str], sources: Iterable[Any]) -> Scope:
    """The :class:`Scope` of a crawl of `start_urls` and registry sources (``sites.Source``):
    their start, sitemap and feed URLs' sites, ``extra_hosts`` and ``aliases``."""
    urls = list(start_urls)
    extra: list[str] = []
    for source in sources:
        urls += [*source.start_urls, *source.sitemaps, *source.feeds]
        extra += [*source.extra_hosts, *source.aliases]
    return Scope.build(urls, extra)


def crawler_scope(crawler: Crawler) -> Scope:
    """The crawl's :class:`Scope` (its start URLs and registry entries), built once."""
    scope = getattr(crawler, _CACHE_ATTR, None)
    if scope is None:
        from crawlers.sourcing import source_rules

        spider = getattr(crawler, "spider", None)
        scope = sources_scope(getattr(spider, "start_urls", []) or [], source_rules(crawler))
        setattr(crawler, _CACHE_ATTR, scope)
    return scope


# -- discovery hints ---------------------------------------------------------------------------
# Links the crawl leaves alone because they are off its scope, counted per host: a site that moved
# (baothainguyen.org.vn -> baothainguyen.vn), a sibling host or a body's new host shows up here as
# a host with many links, the hint that a registry entry needs an alias or a new entry.
STAT_OFFSITE_LINKS = "scope/offsite_links"  # off-scope links met (each distinct URL once)
STAT_OFFSITE_HOSTS = "scope/offsite_hosts"  # {host: links} of the top hosts, set at the end
OFFSITE_HOSTS_SHOWN = 20
_OFFSITE_ATTR = "_vnla_offsite_hosts"


def note_offsite(crawler: Crawler, url: str) -> None:
    """Count an off-scope link `url` (the spider calls this once per distinct URL)."""
    crawler.stats.inc_value(STAT_OFFSITE_LINKS)
    counts: Counter[str] | None = getattr(crawler, _OFFSITE_ATTR, None)
    if counts is None:
        counts = Counter()
        setattr(crawler, _OFFSITE_ATTR, counts)
    host = site_key(url)
    if host in counts or len(counts) < 100_000:  # bounded: a link farm must not exhaust memory
        counts[host] += 1


def offsite_hosts(crawler: Crawler, top: int = OFFSITE_HOSTS_SHOWN) -> dict[str, int]:
    """The hosts most linked to but off scope, most links first (ties by name)."""
    counts: Counter[str] = getattr(crawler, _OFFSITE_ATTR, None) or Counter()
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


def report_offsite(crawler: Crawler) -> dict[str, int]:
    """At the end of a crawl: the top off-scope hosts into the stats and one log line."""
    hosts = offsite_hosts(crawler)
    crawler.stats.set_value(STAT_OFFSITE_HOSTS, hosts)
    if hosts:
        counts: Counter[str] = getattr(crawler, _OFFSITE_ATTR)
        shown = ", ".join(f"{host} ({n})" for host, n in hosts.items())
        more = len(counts) - len(hosts)
        logger.info(
            "discovery hints: %d off-scope links to %d hosts, not followed; top: %s%s",
            sum(counts.values()),
            len(counts),
            shown,
            f" (+{more} more hosts)" if more > 0 else "",
        )
    return hosts


# -- middlewares -------------------------------------------------------------------------------
STAT_SCOPE_REFUSED = "archive/scope_refused"


class ScopeMiddleware:
    """Downloader middleware (before robots.txt and Offsite): refuse out-of-scope requests,
    including redirect targets, and names the resolver refuses; each becomes a manifest line."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._addresses: dict[str, str | None] = {}  # host -> refusal (None = fine)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        mw = cls(crawler)
        # spider_closed runs before the stats are closed: the hints reach the crawl's stats.
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_closed(self) -> None:
        report_offsite(self.crawler)

    async def process_request(self, request: Request) -> None:
        refusal = crawler_scope(self.crawler).refusal(request.url)
        if refusal is None:
            refusal = await self._address_refusal(urlsplit(request.url).hostname or "")
        if refusal is not None:
            self.crawler.stats.inc_value(STAT_SCOPE_REFUSED)
            raise ScopeRefused(SCOPE_PREFIX + refusal)

    async def _address_refusal(self, host: str) -> str | None:
        if host in self._addresses:
            return self._addresses[host]
        from twisted.internet import reactor

        refusal: str | None = None
        try:
            await maybe_deferred_to_future(reactor.resolve(host))  # type: ignore[attr-defined]
        except DNSLookupError as exc:
            message = str(exc)
            if SCOPE_PREFIX in message:
                refusal = message.split(SCOPE_PREFIX, 1)[1].strip().rstrip(".")
            else:
                return None  # an ordinary DNS failure: the download reports it
        except Exception:
            return None
        self._addresses[host] = refusal
        return refusal


class CredentialsMiddleware:
    """Downloader middleware: HTTP Basic auth from start-URL credentials, to their site only."""

    def __init__(self, credentials: Mapping[str, str]) -> None:
        self.headers = {
            key: b"Basic " + base64.b64encode(value.encode()) for key, value in credentials.items()
        }

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CredentialsMiddleware:
        return cls(env_credentials())

    def process_request(self, request: Request) -> None:
        if not self.headers or b"Authorization" in request.headers:
            return
        header = self.headers.get(credentials_key(request.url))
        if header is not None:
            request.headers[b"Authorization"] = header


__all__ = [
    "CREDENTIALS_ENV",
    "REDACTED",
    "CredentialsMiddleware",
    "Scope",
    "ScopeError",
    "ScopeMiddleware",
    "ScopeRefused",
    "ScopedResolver",
    "SecretScrubber",
    "address_refusal",
    "check_start_url",
    "crawler_scope",
    "credentials_env",
    "note_offsite",
    "offsite_hosts",
    "redact_headers",
    "remember_credentials",
    "report_offsite",
    "site_key",
    "sources_scope",
    "split_credentials",
    "start_allows_private",
    "strip_userinfo",
]
