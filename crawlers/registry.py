"""The source registry: one validated entry per real site we archive (``crawlers/sources.toml``).

Each entry says where a crawl of that site starts (start URLs, sitemaps, feeds), which URLs are
article pages (``allow``), which are listing/pagination pages worth traversing (``follow``), which
are never fetched (``deny``), the per-site politeness overrides (``delay``, ``concurrency``),
a forced ``encoding`` for sites that lie about theirs, an optional per-family ``parser`` override
(:mod:`crawlers.parsers`) and the ``priority`` the dedupe uses (lower = more authoritative).

The three demo sites (``haiphong-pbgdpl``, ``dukcqtw``, ``moj-portal``) are *not* in the TOML:
their base URLs only exist once :class:`vnarchive.demo_sites.server.DemoSites` has bound its ports,
so :func:`demo_entries` builds their entries from the live base URLs.

How the crawl subprocess gets the entries: ``python -m crawlers.run --source-config JSON`` (see
:func:`source_config_json`), and, when no config is given, :mod:`crawlers.sourcing` matches the
start URLs' hosts against this registry, so ``vnarchive crawl --start-url https://noichinh.vn/``
gets noichinh's politeness overrides and patterns too.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

if TYPE_CHECKING:
    from flows.sources import SourceSpec

DEFAULT_REGISTRY = Path(__file__).with_name("sources.toml")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class RegistryError(ValueError):
    """The registry file is missing, is not TOML, or an entry does not validate."""


class UnknownSourceError(KeyError):
    """No entry of that name; the message lists the close names."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    if "@" in parts.netloc:  # the registry is tracked in git: never a place for a password
        raise ValueError(f"credentials in a registry URL: {parts.hostname!r}")
    return url


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class SourceEntry(BaseModel):
    """One site. Unknown keys are errors (a typo must not silently drop a setting)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="short id: the source_id in the warehouse, `--source NAME`")
    title: str
    organization: str
    province: str | None = None  # None = national body
    family: str = Field(description="CMS / template family, e.g. sharepoint, dnn-aspx, wordpress")
    kind: str = "portal"  # portal | party | press | database | aggregator (informational)
    start_urls: list[str] = Field(min_length=1)
    base_url: str | None = None  # attribution prefix; default: origin of the first start URL
    sitemaps: list[str] = []
    feeds: list[str] = []
    allow: list[str] = []  # regexes (re.search on the canonical URL) of article pages
    follow: list[str] = []  # regexes of listing / pagination pages to traverse (not articles)
    deny: list[str] = []  # regexes of URLs never requested (print views, search, login …)
    priority: int = Field(default=50, ge=0, le=1000)  # lower = more authoritative
    delay: float | None = Field(default=None, ge=0, le=120)  # seconds between requests
    concurrency: int | None = Field(default=None, ge=1, le=4)  # requests in flight per host
    encoding: str | None = None  # force this encoding when the site mislabels its pages
    parser: str | None = None  # name in crawlers.parsers.PARSERS
    # Scope: a crawl stays on the start URLs' exact host:port (www. and http/https alike);
    # other hosts it may fetch: "host", "host:port" or "*.domain" (every subdomain).
    extra_hosts: list[str] = []
    # Other hosts of the same site (moved, renamed or sibling hosts: "host" or "host:port"): in the
    # crawl's scope like the start hosts, and their URLs belong to this entry (for_url).
    aliases: list[str] = []
    # Budgets (crawlers/budget.py); None = the crawl's defaults (BUDGET_* in crawlers/settings.py).
    max_pages: int | None = Field(default=None, ge=1)  # requests per run
    max_depth: int | None = Field(default=None, ge=1)  # link hops from a start URL
    per_template: int | None = Field(default=None, ge=1)  # requests per URL template per run
    verified: bool = False  # patterns/selectors checked against stored pages of the live site
    demo: bool = False  # a local demo site (never in sources.toml)
    notes: str = ""

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError(f"{v!r}: use lower-case letters, digits and '-'")
        return v

    @field_validator("start_urls", "sitemaps", "feeds")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return [_check_url(u) for u in v]

    @field_validator("base_url")
    @classmethod
    def _base(cls, v: str | None) -> str | None:
        return _check_url(v).rstrip("/") if v else v

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
        if v is None:
            return v
        import codecs

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
        from crawlers.parsers import PARSERS

        if v not in PARSERS:
            raise ValueError(f"unknown parser {v!r}; known: {', '.join(sorted(PARSERS))}")
        return v

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, v: list[str]) -> list[str]:
        for host in v:
            if "/" in host or "@" in host or host.startswith("*.") or not _host(f"http://{host}"):
                raise ValueError(f"{host!r}: an alias is a host or host:port")
        return [host.lower() for host in v]

    @field_validator("extra_hosts")
    @classmethod
    def _extra_hosts(cls, v: list[str]) -> list[str]:
        for host in v:
            bare = host.removeprefix("*.")
            bad = not bare or "/" in bare or "@" in bare
            if bad or urlsplit(f"http://{bare}").hostname is None:
                raise ValueError(f"{host!r}: use host, host:port or *.domain")
        return v

    @model_validator(mode="after")
    def _same_site(self) -> SourceEntry:
        from crawlers.scope import Scope

        scope = Scope.build(self.start_urls, [*self.extra_hosts, *self.aliases])
        for url in [*self.sitemaps, *self.feeds]:
            if not scope.allows(url):
                raise ValueError(f"{url} is not on the entry's hosts {sorted(scope.keys)}")
        return self

    # -- derived ---------------------------------------------------------------------------------
    @property
    def hosts(self) -> set[str]:
        """Hosts of the start URLs. The registry lookup (:meth:`for_url`) matches their subdomains
        too; the crawl itself stays on the exact hosts plus ``extra_hosts`` (crawlers/scope.py)."""
        return {_host(u) for u in self.start_urls}

    @property
    def domains(self) -> list[str]:
        return sorted(self.hosts)

    @property
    def resolved_base_url(self) -> str:
        if self.base_url:
            return self.base_url
        parts = urlsplit(self.start_urls[0])
        return f"{parts.scheme}://{parts.netloc.lower()}"

    @property
    def alias_hosts(self) -> set[str]:
        return {_host(f"http://{a}") for a in self.aliases}

    def matches_host(self, url: str) -> bool:
        return _on_hosts(_host(url), self.hosts | self.alias_hosts)

    def owns_host(self, url: str) -> bool:
        """`url` is on a start host or an alias itself (``www.`` aside), not merely a subdomain."""
        host = _host(url).removeprefix("www.")
        return host in {h.removeprefix("www.") for h in self.hosts | self.alias_hosts}

    def to_source_spec(self) -> SourceSpec:
        from flows.sources import SourceSpec

        return SourceSpec(
            source_id=self.name,
            name=self.title,
            base_url=self.resolved_base_url,
            organization=self.organization,
            family=self.family,
            priority=self.priority,
            aliases=self.aliases,
        )

    def crawl_config(self) -> dict[str, Any]:
        """What the crawl subprocess needs of this entry (JSON-serialisable)."""
        return self.model_dump(
            include={
                "name",
                "start_urls",
                "sitemaps",
                "feeds",
                "allow",
                "follow",
                "deny",
                "delay",
                "concurrency",
                "encoding",
                "parser",
                "extra_hosts",
                "aliases",
                "max_pages",
                "max_depth",
                "per_template",
            }
        )


def _on_hosts(host: str, hosts: Iterable[str]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


class Registry(BaseModel):
    model_config = ConfigDict(frozen=True)

    entries: list[SourceEntry]
    path: str | None = None

    @model_validator(mode="after")
    def _unique(self) -> Registry:
        seen: set[str] = set()
        for e in self.entries:
            if e.name in seen:
                raise ValueError(f"duplicate source name {e.name!r}")
            seen.add(e.name)
        return self

    def __iter__(self) -> Iterator[SourceEntry]:  # type: ignore[override]
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.entries]

    def get(self, name: str) -> SourceEntry:
        for e in self.entries:
            if e.name == name:
                return e
        close = difflib.get_close_matches(name, self.names, n=5, cutoff=0.5)
        close += [n for n in self.names if name and name in n and n not in close]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownSourceError(
            f"unknown source {name!r}{hint} (`vnarchive sources` lists all {len(self)})"
        )

    def for_url(self, url: str) -> SourceEntry | None:
        """The entry whose hosts cover `url` (longest matching base URL wins). An entry whose start
        host or alias *is* the URL's host beats one that only has it as a subdomain
        (pbgdpl.moj.gov.vn is pbgdpl's alias, not a page of moj.gov.vn)."""
        candidates = [e for e in self.entries if e.matches_host(url)]
        if not candidates:
            return None
        candidates = [e for e in candidates if e.owns_host(url)] or candidates
        prefixed = [e for e in candidates if url.startswith(e.resolved_base_url)]
        pool = prefixed or candidates
        return max(pool, key=lambda e: len(e.resolved_base_url))


def _entry_errors(exc: ValidationError, index: int, item: Any) -> list[str]:
    name = item.get("name") if isinstance(item, dict) else None
    where = f"[[source]] #{index + 1}" + (f" ({name!r})" if name else "")
    lines = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(entry)"
        lines.append(f"  {where}, field {field}: {err['msg']}")
    return lines


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and validate the registry; errors name the entry and the field that is wrong."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: source registry not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(raw) - {"source"}
    if unknown:
        raise RegistryError(f"{path}: unknown top-level keys {sorted(unknown)}; use [[source]]")
    items = raw.get("source", [])
    if not isinstance(items, list) or not items:
        raise RegistryError(f"{path}: no [[source]] entries")
    parsed: list[SourceEntry] = []
    errors: list[str] = []
    for i, item in enumerate(items):
        try:
            parsed.append(SourceEntry.model_validate(item))
        except ValidationError as exc:
            errors += _entry_errors(exc, i, item)
    if errors:
        raise RegistryError(f"{path}: invalid source registry\n" + "\n".join(errors))
    try:
        return Registry(entries=parsed, path=str(path))
    except ValidationError as exc:
        raise RegistryError(f"{path}: {exc.errors()[0]['msg']}") from None


def demo_entries(base_urls: dict[str, str]) -> list[SourceEntry]:
    """Registry entries for the running demo sites (``DemoSites.base_urls``)."""
    from vnarchive.demo_sites.sites import SITES

    discovery: dict[str, dict[str, Any]] = {
        "haiphong-pbgdpl": {
            "allow": [r"/tin-tuc/[a-z0-9-]*-?\d+\.html$"],
            "follow": [r"/chuyen-muc/[a-z0-9-]+"],
        },
        "dukcqtw": {
            "feeds": ["{base}/rss.xml"],
            "allow": [r"-tbo\d+\.aspx$"],
            "follow": [r"-ctm\d+\.aspx"],
            "parser": "dnn-news-listing",
        },
        "moj-portal": {
            "allow": [r"/Pages/tin-tuc\.aspx\?(?:.*&)?ItemID=\d+"],
            "follow": [r"/Pages/danh-sach\.aspx\?"],
            "parser": "sharepoint-listing",
        },
    }
    out = []
    for i, site in enumerate(SITES):
        base = base_urls[site.name].rstrip("/")
        extra = discovery.get(site.name, {})
        out.append(
            SourceEntry(
                name=site.name,
                title=site.title,
                organization=site.organisation,
                family=site.family,
                start_urls=[base + "/"],
                base_url=base,
                sitemaps=[f"{base}/sitemap.xml"] if site.has_sitemap else [],
                feeds=[u.format(base=base) for u in extra.get("feeds", [])],
                allow=extra.get("allow", []),
                follow=extra.get("follow", []),
                parser=extra.get("parser"),
                priority=20 + i,
                verified=True,
                demo=True,
                notes=f"demo site modelled on {site.real_domain}",
            )
        )
    return out


def source_config_json(entries: Iterable[SourceEntry]) -> str:
    """The ``--source-config`` argument of ``python -m crawlers.run``."""
    return json.dumps([e.crawl_config() for e in entries], ensure_ascii=False)


__all__ = [
    "DEFAULT_REGISTRY",
    "Registry",
    "RegistryError",
    "SourceEntry",
    "UnknownSourceError",
    "demo_entries",
    "load_registry",
    "source_config_json",
]
