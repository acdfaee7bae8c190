"""A source: one site we archive, as the registry declares it and as every layer sees it.

The same :class:`Source` is read from ``sites/sources.toml`` (:mod:`sites.registry`), built for
the demo sites (``vnarchive/demo_sites``) and for an operator's start URL
(:meth:`Source.for_start_url`), handed to the crawl child as JSON (its allow/follow/deny
patterns, politeness, budgets), given to the flows (attribution of captures, the warehouse's
``sources`` rows) and shown by the CLI.

Which source a URL belongs to is answered in one place, :func:`source_for`, for all of them.

Names follow the warehouse: ``source_id`` is the key (``name`` in sources.toml, ``vnarchive crawl
--source NAME``) and ``name`` the display name (``title`` in sources.toml).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipelines.legal_documents.parse import FAMILIES as DOCUMENT_FAMILIES
from sites.families import PARSERS, Family, ListingParser, canonical_family, family_named
from sites.hosts import Scope, bare_host

__all__ = ["Source", "source_for", "source_id_for"]

_DEFAULT_PORTS = {80, 443}
# Cached properties of a Source (computed once from its fields; dropped by model_copy).
_DERIVED = ("family_rules", "listing_parser", "_sites", "_patterns")


def check_url(url: str) -> str:
    """`url` if it is an absolute http(s) URL without credentials; ValueError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    if "@" in parts.netloc:  # the registry is tracked in git: never a place for a password
        raise ValueError(f"credentials in a registry URL: {parts.hostname!r}")
    return url


def _site(url: str) -> tuple[str, int | None]:
    """(host without www., port unless the scheme's default) of `url`."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return bare_host(parts.hostname or ""), None if port in _DEFAULT_PORTS else port


class Source(BaseModel):
    """One site. Unknown keys are errors (a typo must not silently drop a setting)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source_id: str = Field(description="the warehouse key; `name` in sources.toml, --source NAME")
    name: str = Field(default="", description="display name; `title` in sources.toml")
    base_url: str = Field(
        default="", description="attribution prefix; default: origin of the first start URL"
    )
    organization: str | None = None
    province: str | None = None  # None = national body
    # CMS / template family (sites/families/): its boilerplate rules reach the extraction and its
    # listing parser the crawl. "unknown" (families.GENERIC) = detect each page's family; None =
    # not declared (an operator's start URL), detected alike.
    family: str | None = None
    kind: str = "portal"  # portal | party | press | database | aggregator (informational)
    priority: int = Field(default=100, ge=0, le=1000)  # lower = more authoritative
    start_urls: list[str] = []
    sitemaps: list[str] = []
    feeds: list[str] = []
    allow: list[str] = []  # regexes (re.search on the canonical URL) of article pages
    follow: list[str] = []  # regexes of listing / pagination pages to traverse (not articles)
    deny: list[str] = []  # regexes of URLs never requested (print views, search, login …)
    delay: float | None = Field(default=None, ge=0, le=120)  # seconds between requests
    concurrency: int | None = Field(default=None, ge=1, le=4)  # requests in flight per host
    encoding: str | None = None  # force this encoding when the site mislabels its pages
    parser: str | None = None  # the listing parser of the source's family (families.PARSERS)
    # A legal-document site: its pages are also read as documents by this family's parser
    # (pipelines/legal_documents, FAMILIES); None = not a document site.
    document_family: str | None = None
    # Scope: a crawl stays on the start URLs' exact host:port (www. and http/https alike);
    # other hosts it may fetch: "host", "host:port" or "*.domain" (every subdomain).
    extra_hosts: list[str] = []
    # Other hosts of the same site (moved, renamed or sibling hosts: "host" or "host:port"): in the
    # crawl's scope like the start hosts, and their URLs belong to this source (matches).
    aliases: list[str] = []
    # Budgets (crawlers/budget.py); None = the crawl's defaults (BUDGET_* in crawlers/settings.py).
    max_pages: int | None = Field(default=None, ge=1)  # requests per run
    max_depth: int | None = Field(default=None, ge=1)  # link hops from a start URL
    per_template: int | None = Field(default=None, ge=1)  # requests per URL template per run
    verified: bool = False  # patterns/selectors checked against stored pages of the live site
    demo: bool = False  # a local demo site (never in sources.toml)
    notes: str = ""

    # -- validation --------------------------------------------------------------------------
    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """base_url from the first start URL, name from source_id, when not given."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        starts = data.get("start_urls") or []
        if not data.get("base_url") and starts and isinstance(starts[0], str):
            parts = urlsplit(starts[0])
            data["base_url"] = f"{parts.scheme}://{parts.netloc.lower()}"
        if not data.get("name") and isinstance(data.get("source_id"), str):
            data["name"] = data["source_id"]
        return data

    @field_validator("start_urls", "sitemaps", "feeds")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return [check_url(u) for u in v]

    @field_validator("base_url")
    @classmethod
    def _base(cls, v: str) -> str:
        if not v:
            raise ValueError("a source needs a base_url or start_urls")
        return check_url(v).rstrip("/")

    @field_validator("family")
    @classmethod
    def _family(cls, v: str | None) -> str | None:
        return canonical_family(v) if v is not None else None

    @field_validator("allow", "follow", "deny")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        for pattern in v:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from None
        return v

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                codecs.lookup(v)
            except LookupError:
                raise ValueError(f"unknown encoding {v!r}") from None
        return v

    @field_validator("parser")
    @classmethod
    def _parser(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if v not in PARSERS:
            names = sorted({p.name for p in PARSERS.values()})
            raise ValueError(f"unknown parser {v!r}; known: {', '.join(names)}")
        return PARSERS[v].name  # a former name resolves to the current one

    @field_validator("document_family")
    @classmethod
    def _document_family(cls, v: str | None) -> str | None:
        if v is not None and v not in DOCUMENT_FAMILIES:
            raise ValueError(
                f"unknown document family {v!r}; known: {', '.join(DOCUMENT_FAMILIES)}"
            )
        return v

    @field_validator("extra_hosts")
    @classmethod
    def _extra_hosts(cls, v: list[str]) -> list[str]:
        for host in v:
            bare = host.removeprefix("*.")
            bad = not bare or "/" in bare or "@" in bare
            if bad or urlsplit(f"http://{bare}").hostname is None:
                raise ValueError(f"{host!r}: use host, host:port or *.domain")
        return v

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, v: list[str]) -> list[str]:
        for host in v:
            bad = "/" in host or "@" in host or host.startswith("*.")
            if bad or not urlsplit(f"http://{host}").hostname:
                raise ValueError(f"{host!r}: an alias is a host or host:port")
        return [host.lower() for host in v]

    @model_validator(mode="after")
    def _consistent(self) -> Source:
        # Sitemaps and feeds are crawled: they must not widen the crawl beyond the site.
        scope = Scope.build(self.start_urls, [*self.extra_hosts, *self.aliases])
        for url in [*self.sitemaps, *self.feeds]:
            if not self.start_urls or not scope.allows(url):
                raise ValueError(f"{url} is not on the entry's hosts {sorted(scope.keys)}")
        if self.parser is not None:
            family = self.family_rules
            if family is None or family.listing is None or family.listing.name != self.parser:
                raise ValueError(
                    f"parser {self.parser!r} is not the listing parser of family {self.family!r}"
                )
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Source:
        """A copy; what is derived from the fields (cached below) is derived afresh."""
        copy = super().model_copy(update=update, deep=deep)
        for key in _DERIVED:
            copy.__dict__.pop(key, None)
        return copy

    # -- constructors ------------------------------------------------------------------------
    @classmethod
    def for_start_url(cls, url: str) -> Source:
        """A source named after the host[:port] of an operator-given start URL (never its
        ``user:password@``: source ids are stored, shown and logged)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        try:
            port = parts.port
        except ValueError:
            port = None
        if port is not None:
            host = f"{host}:{port}"
        return cls(source_id=host, name=host, base_url=f"{parts.scheme}://{host}")

    # -- derived -----------------------------------------------------------------------------
    @property
    def hosts(self) -> set[str]:
        """Hosts of the start URLs and aliases (the crawl stays on them, plus ``extra_hosts``;
        each gets the source's politeness slot)."""
        urls = [*self.start_urls, *(f"http://{a}" for a in self.aliases)]
        return {(urlsplit(u).hostname or "").lower() for u in urls}

    @property
    def domains(self) -> list[str]:
        return sorted(self.hosts)

    @cached_property
    def family_rules(self) -> Family | None:
        """The declared family (None: not declared, or "unknown": detect it per page)."""
        return family_named(self.family)

    @cached_property
    def listing_parser(self) -> ListingParser | None:
        return PARSERS[self.parser] if self.parser else None

    @cached_property
    def _sites(self) -> frozenset[tuple[str, int | None]]:
        aliases = [f"http://{a}" for a in self.aliases]
        return frozenset(_site(u) for u in [self.base_url, *self.start_urls, *aliases])

    @cached_property
    def _patterns(self) -> tuple[list[re.Pattern[str]], ...]:
        """(allow, follow, deny), compiled once (the crawl asks for every link it sees)."""
        return tuple([re.compile(p) for p in ps] for ps in (self.allow, self.follow, self.deny))

    def matches(self, url: str) -> bool:
        """`url` is on this source's site: the host of its base URL, a start URL or an alias, or
        a subdomain of one (``www.`` and http/https alike), on the same port."""
        return self._on_site(_site(url))

    def _on_site(self, site: tuple[str, int | None]) -> bool:
        host, port = site
        return any(port == p and (host == h or host.endswith("." + h)) for h, p in self._sites)

    def under_base(self, url: str) -> bool:
        base = self.base_url
        return url == base or url.startswith(base + "/") or url.startswith(base + "?")

    def denies(self, url: str) -> bool:
        """A ``deny`` pattern matches: the crawl never requests `url`."""
        return any(p.search(url) for p in self._patterns[2])

    def is_article(self, url: str) -> bool:
        """An ``allow`` pattern matches: `url` is an article page of the source."""
        return any(p.search(url) for p in self._patterns[0])

    def selects(self, url: str) -> bool:
        """An ``allow`` or ``follow`` pattern matches `url`."""
        return any(p.search(url) for ps in self._patterns[:2] for p in ps)

    def warehouse_row(self) -> dict[str, Any]:
        """The source's row of the warehouse's ``sources`` table."""
        return {
            "source_id": self.source_id,
            "name": self.name,
            "base_url": self.base_url,
            "organization": self.organization,
            "family": self.family,
            "priority": self.priority,
            "province": self.province,
        }

    def crawl_config(self) -> dict[str, Any]:
        """The source as the crawl child gets it (JSON-serialisable; ``Source(**config)``)."""
        return self.model_dump(mode="json")


def source_for(url: str, sources: Iterable[Source]) -> Source | None:
    """The source `url` belongs to: among the sources whose site it is on (:meth:`Source.matches`),
    those whose base URL it starts with first, and of those the longest base URL. The one lookup
    of the crawler (a link's rules), the flows (a capture's source) and the CLI (a start URL's
    registry entry)."""
    site = _site(url)
    candidates = [s for s in sources if s._on_site(site)]
    if not candidates:
        return None
    # A source that has the URL's host itself (a start host or an alias) beats one that only has
    # it as a subdomain: pbgdpl.moj.gov.vn is pbgdpl's alias, not a page of moj.gov.vn.
    candidates = [s for s in candidates if site in s._sites] or candidates
    under = [s for s in candidates if s.under_base(url)]
    return max(under or candidates, key=lambda s: len(s.base_url))


def source_id_for(url: str, sources: Iterable[Source]) -> str | None:
    """``source_id`` of :func:`source_for` (None: no source's site)."""
    source = source_for(url, sources)
    return source.source_id if source is not None else None
