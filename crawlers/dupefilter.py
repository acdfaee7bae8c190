"""Scrapy's duplicate filter, blind to http vs https on the default ports.

A site on the default ports serves the same page as ``http://host/x`` and ``https://host/x``
(or redirects one to the other), and its links mix both spellings. Scrapy's own filter
fingerprints the URL with its scheme, so both were fetched and archived. This filter keys such
a request on its https form, so whichever spelling comes first is the one fetched. A URL with
an explicit other port keeps its scheme (one port speaks one protocol): the demo sites'
``http://127.0.0.1:PORT`` requests are filtered exactly as before.

Requests keep the spelling they were made with (canonical_request_url in
crawlers/spiders/site.py): only the filter's key changes.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request

from pipelines.urls import drop_default_port


def scheme_blind_url(url: str) -> str:
    """The one spelling both schemes of a page share: ``http://host[:80]/x`` ->
    ``https://host/x`` (``:443`` dropped too); any other URL unchanged."""
    url = drop_default_port(url)
    if url[:7].lower() != "http://":
        return url
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a malformed port: not a default-port URL, leave it alone
        return url
    if port is not None:
        return url
    return urlunsplit(("https", *parts[1:]))


class SchemeBlindDupeFilter(RFPDupeFilter):
    """``DUPEFILTER_CLASS``: Scrapy's fingerprint (method, canonical URL, body) of the request
    as if it were made over https (see the module docstring)."""

    def request_seen(self, request: Request) -> bool:
        key_url = scheme_blind_url(request.url)
        redirected_from = request.meta.get("redirect_urls")
        if redirected_from and scheme_blind_url(redirected_from[-1]) == key_url:
            # http://host/x answered "301 -> https://host/x": the same fetch going on, whose
            # key the first hop already holds; filtering it would lose the page.
            return False
        if key_url != request.url:
            request = request.replace(url=key_url)
        return super().request_seen(request)
