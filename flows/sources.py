"""Which site a URL belongs to: the `sources` rows a run loads and the attribution of captures."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import BaseModel


class SourceSpec(BaseModel):
    source_id: str
    name: str
    base_url: str
    organization: str | None = None
    family: str | None = None
    priority: int = 100  # lower = more authoritative when two copies of a story tie
    # Other hosts of the same site (registry `aliases`): their URLs are this source's too. Not a
    # `sources` column yet: a reprocess from the warehouse alone leaves alias URLs unattributed.
    aliases: list[str] = []


def source_for_start_url(url: str) -> SourceSpec:
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
    return SourceSpec(source_id=host, name=host, base_url=f"{parts.scheme}://{host}")


def _alias_key(host: str) -> str:
    parts = urlsplit(f"http://{host}")
    name = (parts.hostname or "").lower().removeprefix("www.")
    return name if parts.port in (None, 80, 443) else f"{name}:{parts.port}"


def attribute(url: str, sources: list[SourceSpec]) -> str | None:
    """source_id of the source whose base_url is the longest prefix of `url`; failing that, of
    the source with `url`'s host among its aliases."""
    best: SourceSpec | None = None
    for source in sources:
        base = source.base_url.rstrip("/")
        if (url == base or url.startswith(base + "/") or url.startswith(base + "?")) and (
            best is None or len(base) > len(best.base_url)
        ):
            best = source
    if best is None:
        key = _alias_key(urlsplit(url).netloc.rsplit("@", 1)[-1])
        best = next((s for s in sources if key in {_alias_key(a) for a in s.aliases}), None)
    return best.source_id if best else None
