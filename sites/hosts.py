"""Which hosts a site is made of: site keys and the crawl scope they give (pure, no I/O).

A site is its host[:port], ``www.``- and scheme-insensitive (:func:`site_key`); a source may add
other hosts (``extra_hosts``: ``host``, ``host:port`` or ``*.domain``). :class:`Scope` is that set
of hosts: the registry checks a source's sitemaps and feeds against it, and the crawler
(``crawlers/scope.py``) refuses every request outside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["SCHEMES", "Scope", "bare_host", "site_key"]

SCHEMES = ("http", "https")
_DEFAULT_PORTS = {80, 443}


def bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def site_key(url: str) -> str:
    """host[:port] a URL belongs to: scheme-insensitive (80 and 443 are 'the default port') and
    ``www.``-insensitive, so http/https and www/bare spellings of one site are one site."""
    parts = urlsplit(url)
    host = bare_host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:
        port = None
    return host if port is None or port in _DEFAULT_PORTS else f"{host}:{port}"


@dataclass
class Scope:
    """The sites one crawl may fetch: exact site keys plus ``*.domain`` wildcards."""

    keys: set[str] = field(default_factory=set)
    wildcards: set[str] = field(default_factory=set)  # bare domains whose subdomains are allowed

    @classmethod
    def build(cls, urls: Iterable[str], extra_hosts: Iterable[str] = ()) -> Scope:
        scope = cls({site_key(u) for u in urls})
        for host in extra_hosts:
            host = host.strip().lower()
            if host.startswith("*."):
                scope.wildcards.add(bare_host(host[2:]))
            elif host:
                scope.keys.add(site_key(f"http://{host}"))
        return scope

    def refusal(self, url: str) -> str | None:
        """Why `url` is out of scope, or None."""
        parts = urlsplit(url)
        if parts.scheme.lower() not in SCHEMES:
            return f"scheme {parts.scheme or '(none)'!r} is not crawled"
        key = site_key(url)
        if key in self.keys:
            return None
        host = key.split(":", 1)[0] if not key.startswith("[") else key
        if ":" not in key and any(host.endswith("." + w) or host == w for w in self.wildcards):
            return None
        return f"off-site {key} (crawl is limited to {', '.join(sorted(self.keys))})"

    def allows(self, url: str) -> bool:
        return self.refusal(url) is None
