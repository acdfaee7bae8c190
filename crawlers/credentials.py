"""Credentials that must never be stored: pure helpers, free of Scrapy.

The WARC writer (crawlers/warc.py) runs in the extract workers too, which must not pay for
importing Scrapy and Twisted; crawlers/scope.py re-exports these for the crawl side.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

REDACTED = "[redacted]"
SECRET_REQUEST_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def strip_userinfo(url: str) -> str:
    """`url` without ``user:password@`` (everything else unchanged)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def redact_headers(
    headers: Iterable[tuple[str, str]], secret: Iterable[str] = SECRET_REQUEST_HEADERS
) -> list[tuple[str, str]]:
    """Headers with the value of every credential header replaced by :data:`REDACTED`."""
    names = {s.lower() for s in secret}
    return [(k, REDACTED if k.lower() in names else v) for k, v in headers]
