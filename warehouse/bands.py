"""The persistent near-duplicate index: LSH buckets (and body hashes) of every stored copy,
beside the warehouse.

Story assignment (flows/dedupe.py) used to load every stored copy's signature and rebuild an
in-memory LSH index on each run, a cost that grew with the archive. This index keeps each stored
copy's buckets (`pipelines.dedupe.band_keys`, the same bands as `NearDuplicateIndex`), so a run
asks for the candidates of its own pages only: one B-tree seek per (band, bucket). It also knows
every stored URL and body hash, so a run asks the warehouse only about the few copies the index
names (`BandIndex.neighbours`), not about each of its pages.

It is a SQLite file (``<warehouse>.bands.sqlite``), not a DuckDB table, for measured reasons
(docs/warehouse.md "Near-duplicate index"): 25 buckets per copy make 25 M keys at 1 M pages, and
DuckDB's ART index over them loads ~700 MB on the first random lookup of a process and rewrites
itself at checkpoint (0.7 s and 0.85 s at 1 M pages), where SQLite's B-tree reads and writes a few
pages per key. DuckDB cannot write two files in one transaction, so the index is kept a
*superset* of what the warehouse stores: a batch's buckets are added before its load commits, and
candidates are always re-read (and verified on their signatures) from `article_copies`. A copy
indexed but never loaded, deleted, or re-extracted with other text is a candidate that finds
nothing or fails verification; a copy loaded but missing here cannot occur unless the file is
lost, which `open_band_index` notices (fewer copies indexed than stored) and repairs by a rebuild.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import numpy as np

from warehouse.db import read_sql

# (row, its bucket per band) of each signature that has buckets (a body with words), for a
# banding: pipelines.dedupe.band_keys, given by the caller (flows/dedupe.py), as the warehouse
# layer computes nothing of a page itself.
Bucketer = Callable[[np.ndarray, int, int], list[tuple[int, list[int]]]]

# Host parameters per statement: SQLite allows 32766 (999 before 3.32); stay well below.
_PARAMS_PER_STATEMENT = 900

# What a file holds; one of another format is rebuilt on open. 2: body hashes (copy_hashes).
INDEX_FORMAT = 2


def statements(sql: str) -> list[str]:
    """The statements of a multi-statement SQLite file's text (sqlite3 executes one at a time,
    and its executescript would commit the transaction it runs in)."""
    return [s.strip() for s in sql.split(";") if s.strip() and not _only_comments(s)]


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())


def band_index_path(warehouse_path: Path) -> Path:
    """Where the index of a warehouse file lives: beside it, named after it."""
    return warehouse_path.with_name(warehouse_path.name + ".bands.sqlite")


class BandIndex:
    """LSH buckets of stored copies by URL; see the module docstring for the guarantees."""

    def __init__(self, path: Path, bucketer: Bucketer) -> None:
        self.path = path
        self.bucketer = bucketer
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.con.executescript(read_sql("band_index_schema"))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> BandIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scheme(self) -> tuple[int, int, int] | None:
        """(bands, rows per band, copies indexed), or None for an empty file."""
        row = self.con.execute(read_sql("band_index_scheme")).fetchone()
        return (int(row[0]), int(row[1]), int(row[2])) if row else None

    def format(self) -> int:
        """The index format the file was built in (`INDEX_FORMAT`; 0: older than formats)."""
        return int(self.con.execute(read_sql("band_index_format")).fetchone()[0])

    def reset(self, bands: int, rows: int) -> None:
        """Forget every copy and start over with this banding, in this code's format."""
        *clear, start = statements(read_sql("band_index_reset").format(index_format=INDEX_FORMAT))
        with self._transaction():
            for statement in clear:
                self.con.execute(statement)
            self.con.execute(start, (bands, rows))

    def _banding(self) -> tuple[int, int]:
        scheme = self.scheme()
        if scheme is None:
            raise RuntimeError(f"{self.path} has no banding yet: reset() it first")
        return scheme[0], scheme[1]

    def add(
        self, urls: Sequence[str], signatures: np.ndarray, content_hashes: Sequence[str]
    ) -> int:
        """Index each copy's buckets and body hash (`signatures[i]`, `content_hashes[i]` for
        `urls[i]`); returns how many copies are new to the index.

        Every URL is registered, a body without words too (it is stored, but nobody's
        duplicate: no buckets). Adding a URL again adds its new buckets and hash and keeps the
        old ones (re-extracted text): the index stays a superset, and every candidate is
        verified on what the warehouse stores anyway."""
        if not len(urls) == len(signatures) == len(content_hashes):
            raise ValueError(
                f"{len(urls)} URLs, {len(signatures)} signatures, {len(content_hashes)} hashes"
            )
        if not len(urls):
            return 0
        keys = self._keys(signatures)
        with self._transaction():
            cursor = self.con.executemany(read_sql("band_index_add_copy"), ((u,) for u in urls))
            added = max(cursor.rowcount, 0)
            ids = self._copy_ids(urls)
            self.con.executemany(
                read_sql("band_index_add_hash"),
                ((h, ids[u]) for u, h in zip(urls, content_hashes, strict=True) if h),
            )
            self.con.executemany(
                read_sql("band_index_add_bands"),
                (
                    (band, bucket, ids[urls[i]])
                    for i, row in keys
                    for band, bucket in enumerate(row)
                ),
            )
            self.con.execute(read_sql("band_index_count_copies"), (added,))
        return added

    def _copy_ids(self, urls: Sequence[str]) -> dict[str, int]:
        return dict(self._in_chunks(read_sql("band_index_copy_ids"), urls))

    def _in_chunks(self, sql: str, keys: Sequence[str]) -> list[tuple]:
        """Rows of a `... IN ({params})` statement over every key, in chunks of host parameters."""
        rows: list[tuple] = []
        for start in range(0, len(keys), _PARAMS_PER_STATEMENT):
            chunk = list(keys[start : start + _PARAMS_PER_STATEMENT])
            statement = sql.format(params=", ".join("?" * len(chunk)))
            rows.extend(self.con.execute(statement, chunk).fetchall())
        return rows

    def neighbours(
        self, urls: Sequence[str], signatures: np.ndarray, content_hashes: Sequence[str]
    ) -> set[str]:
        """The indexed copies a batch can touch: those of its own URLs that are indexed (pages
        fetched again), those with its body hashes (exact duplicates) and those sharing a bucket
        with its signatures (near-duplicate candidates). A superset of what the warehouse
        stores of them, so the warehouse is asked only about these, by URL."""
        with self._transaction():
            known = self._in_chunks(read_sql("band_index_known_urls"), urls)
            hashes = sorted({h for h in content_hashes if h})
            same_body = self._in_chunks(read_sql("band_index_hash_copies"), hashes)
            found = {url for (url,) in known} | {url for (url,) in same_body}
            return found | self._band_candidates(signatures)

    def candidates(self, signatures: np.ndarray) -> set[str]:
        """URLs of the indexed copies sharing a bucket with any of these signatures."""
        with self._transaction():
            return self._band_candidates(signatures)

    def _band_candidates(self, signatures: np.ndarray) -> set[str]:
        probes = [
            (band, bucket) for _, row in self._keys(signatures) for band, bucket in enumerate(row)
        ]
        if not probes:
            return set()
        for statement in statements(read_sql("band_index_probe_start")):
            self.con.execute(statement)
        self.con.executemany(read_sql("band_index_probe_add"), probes)
        return {url for (url,) in self.con.execute(read_sql("band_index_probe"))}

    def _keys(self, signatures: np.ndarray) -> list[tuple[int, list[int]]]:
        """(row number, its bucket per band) of each signature with words."""
        if not len(signatures):
            return []
        bands, rows = self._banding()
        return self.bucketer(np.atleast_2d(np.asarray(signatures, dtype=np.uint64)), bands, rows)

    def checkpoint(self) -> int:
        """Make what was added durable in the index file: sync the WAL, copy it in, empty it.
        Returns the pages copied. The load runs this before the warehouse commits its batch, so
        even a power cut cannot leave a loaded copy that the index lacks."""
        copy, truncate = statements(read_sql("band_index_checkpoint"))
        busy, pending, copied = self.con.execute(copy).fetchone()
        busy_again, *_ = self.con.execute(truncate).fetchone()
        if busy or busy_again or copied < pending:
            raise RuntimeError(
                f"{self.path}: {copied} of {pending} WAL pages checkpointed, another connection "
                "held it (retry the load)"
            )
        return max(int(copied), 0)

    def _transaction(self) -> _Transaction:
        return _Transaction(self.con)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on an autocommit sqlite3 connection."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def __enter__(self) -> sqlite3.Connection:
        self.con.execute("BEGIN IMMEDIATE")
        return self.con

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.con.execute("ROLLBACK" if exc_type is not None else "COMMIT")


REBUILD_BATCH_ROWS = 20_000

SignaturesOf = Callable[[list[bytes]], np.ndarray]


def rebuild(
    index: BandIndex,
    con: duckdb.DuckDBPyConnection,
    bands: int,
    rows: int,
    signatures_of: SignaturesOf,
) -> int:
    """Index every copy stored in the warehouse again (streamed: memory stays flat); returns
    how many were indexed. Drops what no stored copy needs any more. `signatures_of` turns
    stored MinHash blobs into a uint64 matrix (pipelines.dedupe.signature_from_bytes)."""
    index.reset(bands, rows)
    index.con.execute(read_sql("band_index_bulk_cache"))
    total = 0
    reader = con.execute(read_sql("select_copy_signatures")).fetch_record_batch(REBUILD_BATCH_ROWS)
    for batch in reader:
        if batch.num_rows == 0:
            continue
        urls = batch.column("url").to_pylist()
        hashes = batch.column("content_hash").to_pylist()
        index.add(urls, signatures_of(batch.column("minhash").to_pylist()), hashes)
        total += len(urls)
    index.checkpoint()
    index.con.execute(read_sql("band_index_default_cache"))
    return total


def open_band_index(
    path: Path,
    con: duckdb.DuckDBPyConnection,
    stored_copies: int,
    banding: tuple[int, int],
    bucketer: Bucketer,
    signatures_of: SignaturesOf,
) -> BandIndex:
    """The warehouse's band index, rebuilt first when it cannot be trusted: new file (an
    upgraded warehouse), another banding or index format, or fewer copies indexed than the
    warehouse stores (the file was lost or restored from an older backup)."""
    index = BandIndex(path, bucketer)
    try:
        ensure_current(index, con, stored_copies, banding, signatures_of)
    except BaseException:
        index.close()
        raise
    return index


def ensure_current(
    index: BandIndex,
    con: duckdb.DuckDBPyConnection,
    stored_copies: int,
    banding: tuple[int, int],
    signatures_of: SignaturesOf,
) -> None:
    """Rebuild the index from the warehouse when it cannot be trusted (`open_band_index`)."""
    scheme = index.scheme()
    stale = scheme is None or scheme[:2] != banding or scheme[2] < stored_copies
    if stale or index.format() != INDEX_FORMAT:
        rebuild(index, con, *banding, signatures_of)
