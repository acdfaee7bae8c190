"""Page keys and URL clean-up: the same page under every spelling gets one key.

Light on purpose (w3lib and the standard library): the crawl child imports these helpers for
every request, and must not pay for pipelines.dedupe's numpy/datasketch import at start-up.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

__all__ = ["drop_default_port", "is_volatile_param", "page_key"]

# Parameters that never select content: campaign tracking, click ids, analytics cookies passed
# in the URL (Zalo adds `zarsrc`, Facebook `fbclid`, Google `gclid`/`_ga`/`_gl`).
_TRACKING_PARAM = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|_hs\w+|mkt_tok|zarsrc|zalo_\w+|at_\w+|__twitter_impression)$",
    re.IGNORECASE,
)
# Session ids: the same page gets a new one on every visit.
_SESSION_PARAM = re.compile(
    r"^(?:jsessionid|phpsessid|aspsessionid\w*|sid|sessionid|session_id|cfid|cftoken)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_volatile_param(name: str) -> bool:
    """Query parameters that never select content: tracking ids and session ids."""
    return bool(_TRACKING_PARAM.match(name) or _SESSION_PARAM.match(name))


def drop_default_port(url: str) -> str:
    """``url`` without an explicit default port (``:80`` for http, ``:443`` for https).

    w3lib's ``canonicalize_url`` keeps them, so ``https://x.vn:443/a`` and ``https://x.vn/a``
    would be two pages. Other ports stay (the demo sites are ``http://127.0.0.1:PORT``); a
    malformed port is left as written.
    """
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return url
    if port is None or _DEFAULT_PORTS.get(parts.scheme.lower()) != port:
        return url
    # Cut at the last ':' (not rebuilt from .hostname): keeps an IPv6 host's brackets.
    return urlunsplit(parts._replace(netloc=parts.netloc[: parts.netloc.rfind(":")]))


def page_key(url: str) -> str:
    """One key per page however it is linked: what `articles.url` and `article_copies.url` hold.

    Not the URL to fetch (that is the crawler's ``canonical_request_url``, which keeps what a
    server may insist on): the same page under every spelling gets one key. No credentials
    (``user:pass@``), lower-case scheme and host, no ``www.``, no default port (loopback and
    other explicit ports are kept: the demo sites live on 127.0.0.1:PORT), no fragment, no
    tracking or session parameters (query or ``;jsessionid=`` path parameter), query sorted,
    percent-encoding normalised, dot segments resolved, no trailing slash except for the root.
    Parameters that select content (``ItemID=5157``, ``p=9637``, ``page=2``) are kept.

    http and https are one page: on the default ports a site serves its pages over both (or
    redirects one to the other), so such a URL is keyed as ``https://``. A URL with an explicit
    port keeps its scheme: one port speaks one protocol, so no http/https pair exists there (and
    the demo sites' ``http://127.0.0.1:PORT`` keys stay fetchable as they are).
    """
    # w3lib: percent-encoding, dot segments, sorted query, fragment dropped, host lower-cased.
    url = canonicalize_url(url.strip(), keep_fragments=False)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:  # garbage port: keep what was written rather than fail the whole page
        port = None
    if port is None or _DEFAULT_PORTS.get(scheme) == port:
        netloc = host
        if scheme in _DEFAULT_PORTS:
            scheme = "https"
    else:
        netloc = f"{host}:{port}"

    # `;jsessionid=...` may follow any path segment (Java servlets append it to the last one).
    path = "/".join(_strip_path_params(seg) for seg in parts.path.split("/"))
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    # Filter the pieces as w3lib encoded and sorted them: re-encoding would undo its work.
    query = "&".join(
        piece
        for piece in parts.query.split("&")
        if piece and not is_volatile_param(unquote_plus(piece.split("=", 1)[0]))
    )
    if not path:
        path = "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def _strip_path_params(segment: str) -> str:
    """`x.html;jsessionid=AB;v=2` -> `x.html;v=2`: session ids out, other parameters kept."""
    if ";" not in segment:
        return segment
    name, *params = segment.split(";")
    kept = [p for p in params if p and not is_volatile_param(p.split("=", 1)[0])]
    return ";".join([name, *kept])
