"""What an incremental or resumed crawl already knows: the ``--known`` frontier file.

The flow (the only process that opens DuckDB) writes ``<archive_dir>/<run_id>.known.jsonl`` before
the crawl; the crawler reads it here. Two kinds of lines:

* ``{"state": "fetched", "url": ..., "fetched_at": ..., "etag": ..., "last_modified": ...,
  "payload_digest": ..., "warc_file": ..., "warc_offset": ..., "is_article": ...,
  "sitemap_lastmod": ...}``: a URL fetched OK before. Articles are skipped unless their sitemap
  ``<lastmod>`` says they changed; other pages are re-checked with a conditional GET, and a 304 is
  answered from the archived copy (``warc_file``/``warc_offset``) so its links are still followed.
* ``{"state": "pending", "url": ...}``: a URL an interrupted run discovered but never fetched; the
  crawl seeds it, so a killed crawl loses nothing.

While it runs, the crawler appends every URL it schedules to ``<run_id>.frontier.jsonl`` (one line
per URL, line-buffered, so it survives SIGKILL) and holds an exclusive ``flock`` on
``<run_id>.lock``: the lock vanishes with the process, which tells the flow the run is dead.
(File names: crawlers/layout.py; the lock: crawlers/locks.py.)
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from pydantic import BaseModel, ConfigDict


class KnownPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    url: str
    ok: bool = True  # last outcome was a 200/304 with an archived copy (else error, 404, robots)
    fetched_at: datetime | None = None  # last successful fetch (200 or 304), UTC
    etag: str | None = None
    last_modified: str | None = None  # HTTP-date as the server sent it
    payload_digest: str | None = None  # digest of the payload last archived in full
    warc_file: str | None = None  # where that full response lives (for 304 replays)
    warc_offset: int | None = None
    is_article: bool = False  # extracted as an article page (in article_copies)
    sitemap_lastmod: str | None = None  # <lastmod> the sitemap gave last time


@dataclass
class Frontier:
    known: dict[str, KnownPage] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.known)


def load_frontier(path: Path | str | None) -> Frontier:
    frontier = Frontier()
    if not path:
        return frontier
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("state") == "pending":
                frontier.pending.append(row["url"])
            else:
                page = KnownPage.model_validate(row)
                frontier.known[page.url] = page
    return frontier


def write_frontier(path: Path | str, known: list[dict], pending: list[str]) -> Path:
    """Write a frontier file atomically (temp file + rename)."""
    path = Path(path)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in known:
            fh.write(json.dumps({"state": "fetched", **row}, default=str, ensure_ascii=False))
            fh.write("\n")
        for url in pending:
            fh.write(json.dumps({"state": "pending", "url": url}, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


def read_frontier_log(path: Path | str) -> list[str]:
    """URLs a (possibly killed) crawl scheduled, in order, without duplicates."""
    urls: dict[str, None] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:  # bad bytes: a skipped line
            lines = fh.read().splitlines()
    except FileNotFoundError:
        return []
    for line in lines:
        try:
            urls.setdefault(json.loads(line)["url"], None)
        except (ValueError, KeyError, TypeError):
            continue  # a torn last line
    return list(urls)


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap ``<lastmod>`` (W3C datetime or date) as an aware UTC datetime."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def lastmod_changed(page: KnownPage, lastmod: str | None) -> bool:
    """Should a known article be fetched again, given the sitemap's current ``<lastmod>``?"""
    if not lastmod:
        return False
    if page.sitemap_lastmod is not None and page.sitemap_lastmod.strip() != lastmod.strip():
        return True
    when = parse_lastmod(lastmod)
    fetched = page.fetched_at
    if when is None or fetched is None:
        return False
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return when > fetched


def is_pagination_link(page_url: str, link_url: str) -> bool:
    """Does ``link_url`` page through the same listing as ``page_url``?

    Same scheme, host and path, and the queries differ only in parameters with numeric values
    (``?page=2``, ``&p=3``): how CMS listings paginate.
    """
    a, b = urlsplit(page_url), urlsplit(link_url)
    if (a.scheme, a.netloc, a.path) != (b.scheme, b.netloc, b.path) or a.query == b.query:
        return False
    qa, qb = dict(parse_qsl(a.query)), dict(parse_qsl(b.query))
    for key in set(qa) | set(qb):
        va, vb = qa.get(key), qb.get(key)
        if va == vb:
            continue
        if not all(v is None or v.isdigit() for v in (va, vb)):
            return False
    return True


def crawler_frontier(crawler: object) -> Frontier:
    """The frontier named by the ARCHIVE_KNOWN setting, loaded once per crawler and shared by
    the spider and the middlewares."""
    cached = getattr(crawler, "_vnla_frontier", None)
    if cached is None:
        cached = load_frontier(crawler.settings.get("ARCHIVE_KNOWN"))  # type: ignore[attr-defined]
        crawler._vnla_frontier = cached  # type: ignore[attr-defined]
    return cached
