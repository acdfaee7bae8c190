"""Stored pages written straight into a warehouse: the archive a scheduled run finds behind it.

`benchmarks/incremental_scale.py` grows warehouses to 10k-1M stored pages with this, and
tests/test_band_index.py fills small ones. Each page is what story assignment and the per-run
queries read (a `sources` row, a `crawl_runs` row, its capture, its copy with the MinHash
signature, its story), bulk-inserted through Arrow in chunks: no WARC, no extraction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb
import numpy as np
import pyarrow as pa

from pipelines.dedupe import DEFAULT_NUM_PERM, signature_to_bytes

RUN_ID = "synthetic-archive"
STARTED = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class StoredPage:
    """One stored article page (an `article_copies` row) and the story it belongs to."""

    url: str
    source_id: str
    article_id: str
    published_on: date | None
    content_hash: str
    signature: np.ndarray
    body: str = "."
    title: str | None = None
    published_at: datetime | None = None  # UTC, naive (as the warehouse stores it)


def ensure_sources(con: duckdb.DuckDBPyConnection, source_ids: Iterable[str]) -> None:
    """A `sources` row for each id not registered yet, and the synthetic run."""
    for source_id in sorted(set(source_ids)):
        con.execute(
            "INSERT INTO sources (source_id, name, base_url, priority) VALUES (?, ?, ?, 100) "
            "ON CONFLICT DO NOTHING",
            [source_id, source_id, f"https://{source_id}.example.vn"],
        )
    con.execute(
        "INSERT INTO crawl_runs (run_id, started_at, start_urls, status) "
        "VALUES (?, ?, [], 'completed') ON CONFLICT DO NOTHING",
        [RUN_ID, STARTED],
    )


def insert_pages(con: duckdb.DuckDBPyConnection, pages: Sequence[StoredPage]) -> None:
    """Captures, copies and stories of `pages` (a story's first page is its canonical copy);
    stories already stored keep their row."""
    if not pages:
        return
    ensure_sources(con, (p.source_id for p in pages))
    capture_ids = [hashlib.sha1(p.url.encode()).hexdigest() for p in pages]
    published_at = [p.published_at for p in pages]
    captures = pa.table(
        {
            "capture_id": capture_ids,
            "run_id": [RUN_ID] * len(pages),
            "source_id": [p.source_id for p in pages],
            "url": [p.url for p in pages],
            "status": pa.array([200] * len(pages), pa.int32()),
            "fetched_at": pa.array([STARTED] * len(pages), pa.timestamp("us", tz="UTC")),
        }
    )
    copies = pa.table(
        {
            "url": [p.url for p in pages],
            "article_id": [p.article_id for p in pages],
            "source_id": [p.source_id for p in pages],
            "title": [p.title for p in pages],
            "body": [p.body for p in pages],
            "published_on": pa.array([p.published_on for p in pages], pa.date32()),
            "published_at": pa.array(published_at, pa.timestamp("us")),
            "content_hash": [p.content_hash for p in pages],
            "similarity": [1.0] * len(pages),
            "minhash": pa.array([signature_to_bytes(p.signature) for p in pages], pa.binary()),
            "capture_id": capture_ids,
        }
    )
    con.register("synthetic_captures", captures)
    con.register("synthetic_copies", copies)
    try:
        con.execute(
            "INSERT INTO captures (capture_id, run_id, source_id, url, status, fetched_at) "
            "SELECT * FROM synthetic_captures ON CONFLICT DO NOTHING"
        )
        con.execute(
            """
            INSERT INTO articles (article_id, url, source_id, title, body, published_on,
                                  published_at, content_hash, copies, first_run_id, updated_at)
            SELECT article_id, first(url ORDER BY url), first(source_id ORDER BY url),
                   first(title ORDER BY url), first(body ORDER BY url),
                   first(published_on ORDER BY url), first(published_at ORDER BY url),
                   first(content_hash ORDER BY url), count(*), $run, $now
            FROM synthetic_copies GROUP BY article_id
            ON CONFLICT DO NOTHING
            """,
            {"run": RUN_ID, "now": STARTED},
        )
        con.execute(
            """
            INSERT INTO article_copies (url, article_id, source_id, title, body, published_on,
                                        published_at, content_hash, similarity, minhash,
                                        capture_id, first_run_id, extracted_at)
            SELECT url, article_id, source_id, title, body, published_on, published_at,
                   content_hash, similarity, minhash, capture_id, $run, $now
            FROM synthetic_copies
            """,
            {"run": RUN_ID, "now": STARTED},
        )
    finally:
        con.unregister("synthetic_captures")
        con.unregister("synthetic_copies")


def random_signatures(rng: np.random.Generator, n: int) -> np.ndarray:
    """Signatures of n unrelated bodies (uint64[n, 128]): no two share an LSH band."""
    return rng.integers(0, 2**63, size=(n, DEFAULT_NUM_PERM), dtype=np.uint64)


def edited(rng: np.random.Generator, sig: np.ndarray, similarity: float) -> np.ndarray:
    """The signature of a light edit of `sig`'s body: about `similarity` of its slots kept."""
    out = sig.copy()
    changed = rng.random(len(sig)) >= similarity
    out[changed] = rng.integers(0, 2**63, size=int(changed.sum()), dtype=np.uint64)
    return out
