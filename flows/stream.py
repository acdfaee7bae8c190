"""Streaming extraction: a run's pages are extracted, and stored in chunks, while its crawl runs.

The crawl child appends one line per fetch to its manifest (line-buffered, crawlers/items.py).
:class:`RunStream` follows that file from a thread of its own (:class:`ManifestTail`: complete
lines only, each handed out once, from the byte offset it reached, so a retried crawl attempt
appending to the same file neither loses nor doubles a line) and hands the new pages to the
persistent extract workers in small batches (flows/extract.py; a batch holds the worker pool
only while it runs, so the concurrent runs of other sources interleave theirs). Every
``VNARCHIVE_STORE_CHUNK_PAGES`` captures (STORE_CHUNK_PAGES, 2000) the chunk is stored: dedupe
→ load under the warehouse lock, its own transaction, no resolution, in a thread of its own
while the next chunk is extracted (one store at a time, in manifest order). So a first crawl of
a large site costs about the time of its slower stage instead of the sum of both, and memory
holds at most two chunks of extracted documents however many pages the run fetches.

When the crawl has returned, :meth:`RunStream.finish` drains the manifest and returns the last
chunk, which the flow stores as before (dedupe → load → resolve once → finish the run), its
load merged with the earlier chunks' (:func:`merge_loads`), so the run's totals, report and
crawl_runs row count every chunk. If the crawl fails or the run is stopped,
:meth:`RunStream.abandon` ends the stream (a batch in the workers is given up, a chunk being
stored is committed first): what was stored stays (loads are upserts by natural key, and the
next run recovers a stopped run's whole manifest, flows/frontier.py). If the stream fails, it
sets :attr:`RunStream.abort_crawl`, which kills the crawl (CrawlAbortedError), and the run
fails with the stream's error.
"""

from __future__ import annotations

import contextvars
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from crawlers.items import CaptureRecord, ManifestTail
from crawlers.layout import ArchiveLayout
from flows import progress
from flows.extract import (
    AttachmentResult,
    PageResult,
    extract_pages,
    page_refs,
    run_attachments,
    store_chunk_pages,
)
from flows.workers import BatchStopped
from sites import Source
from warehouse.db import LoadResult
from warehouse.tables import LoadBatch

POLL_SECONDS = 0.2  # how often an idle stream looks at the manifest again
BATCH_PAGES = 200  # captures per extraction batch: a backlog is taken in slices
READ_BYTES = 1 << 22  # manifest bytes read at a time (a backlog's records, not the whole file)


@dataclass
class Chunk:
    """A slice of the run's manifest, extracted: what one store (dedupe → load) takes."""

    captures: list[CaptureRecord] = field(default_factory=list)
    results: list[PageResult] = field(default_factory=list)
    attachments: list[AttachmentResult] = field(default_factory=list)


@dataclass
class StreamTotals:
    """What the stream did, over every chunk (the last one included for the first two)."""

    pages_extracted: int = 0
    extract_errors: int = 0
    chunks_stored: int = 0  # stored while the crawl ran (the last chunk is the flow's)
    articles_seen: int = 0  # article copies in those chunks' batches
    loaded: LoadResult | None = None  # those chunks' loads, merged


StoreChunk = Callable[[Chunk], tuple[LoadBatch, LoadResult]]


def _add_counts(
    a: dict[str, dict[str, int]], b: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {}
    for counts in (a, b):
        for key, inner in counts.items():
            out.setdefault(key, Counter()).update(inner)
    return {key: dict(c.most_common()) for key, c in sorted(out.items())}


def merge_loads(earlier: LoadResult, later: LoadResult) -> LoadResult:
    """Two consecutive loads of one run as one: new articles, captures, copy changes and outcomes
    summed; totals are the later ones. Other sources' loads may come between two chunks, so
    "before" is derived from this run's own changes rather than read before its first chunk."""
    new = earlier.articles_new + later.articles_new
    tables = set(later.totals) | set(earlier.totals)

    def change(loaded: LoadResult, table: str) -> int:
        return loaded.totals.get(table, 0) - loaded.totals_before.get(table, 0)

    return LoadResult(
        articles_before=later.articles_after - new,
        articles_after=later.articles_after,
        captures_added=earlier.captures_added + later.captures_added,
        totals=later.totals,
        totals_before={
            t: later.totals.get(t, 0) - change(earlier, t) - change(later, t) for t in tables
        },
        copy_changes=_add_counts(earlier.copy_changes, later.copy_changes),
        outcomes=_add_counts(earlier.outcomes, later.outcomes),
        resolution=later.resolution or earlier.resolution,
    )


class RunStream:
    """Extract a run's pages as its crawl writes them, storing every full chunk.

    :meth:`start` before the crawl; then :meth:`finish` once it has returned (the last chunk,
    for the flow to store and finish the run with), or :meth:`abandon` if it raised.
    """

    def __init__(
        self,
        layout: ArchiveLayout,
        run_id: str,
        sources: list[Source],
        store: StoreChunk,
        chunk_pages: int | None = None,
    ) -> None:
        self.layout = layout
        self.run_id = run_id
        self.sources = sources
        self.store = store
        self.chunk_pages = chunk_pages or store_chunk_pages()
        self.tail = ManifestTail(layout.manifest(run_id))
        self.totals = StreamTotals()
        self.abort_crawl = threading.Event()  # set by the stream when it fails: stop the crawl
        self.error: BaseException | None = None  # why the stream failed
        self._crawl_over = threading.Event()
        self._stop = threading.Event()  # extraction gives up (abandoned, or a store failed)
        self._abandoned = False  # the flow gave up on the stream (the crawl failed / stopped)
        self._storer: threading.Thread | None = None  # the chunk being stored, if any
        self._store_error: BaseException | None = None
        self._backlog: list[CaptureRecord] = []
        self.drained = False  # the crawl is over and its manifest read to the end
        self._refs_seen = 0
        self._last: Chunk | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        # The thread runs in a copy of this context: its Prefect tasks (extract, dedupe,
        # load) are task runs of this flow run, as a task runner's threads would make them.
        context = contextvars.copy_context()
        self._thread = threading.Thread(
            target=context.run, args=(self._run,), name=f"stream-{self.run_id}", daemon=True
        )
        self._thread.start()

    def finish(self) -> Chunk:
        """The crawl is over: read the manifest to its end, extract it, and return the last
        (not yet stored) chunk. Raises the stream's error if it failed."""
        self._crawl_over.set()
        self._join()
        if self.error is not None:
            raise self.error
        return self._last or Chunk()

    def abandon(self) -> None:
        """Stop now (the run failed or is stopping); returns once the stream thread is gone
        (a chunk being stored is committed first)."""
        self._abandoned = True
        self._stop.set()
        self._join()

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            while True:
                chunk = extract_chunk(self)
                self._wait_store()  # one chunk stored at a time, in order
                if self.drained:
                    self._last = chunk
                    return
                self._store_in_background(chunk)
        except BatchStopped:
            self._settle()  # abandoned, or a store failed (its error is the stream's)
        except BaseException as exc:
            self._settle()
            self._fail(exc)

    def _settle(self) -> None:
        """Wait for the chunk being stored; its failure, if any, is the stream's."""
        try:
            self._wait_store()
        except BaseException as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        if not self._abandoned and self.error is None:
            self.error = exc
            self.abort_crawl.set()

    def _store_in_background(self, chunk: Chunk) -> None:
        """Store a full chunk in its own thread while the next one is extracted: the workers
        never wait for a load (so at most two chunks are in memory, this one and the next)."""

        def run() -> None:
            try:
                self._store(chunk)
            except BatchStopped:
                pass
            except BaseException as exc:
                self._store_error = exc
                self._stop.set()  # extraction stops at its next batch

        context = contextvars.copy_context()
        self._storer = threading.Thread(
            target=context.run, args=(run,), name=f"store-{self.run_id}", daemon=True
        )
        self._storer.start()

    def _wait_store(self) -> None:
        if self._storer is not None:
            self._storer.join()
            self._storer = None
        if self._store_error is not None:
            error, self._store_error = self._store_error, None
            raise error

    def _store(self, chunk: Chunk) -> None:
        if self._abandoned:
            raise BatchStopped("run abandoned")
        batch, loaded = self.store(chunk)
        totals = self.totals
        totals.chunks_stored += 1
        totals.articles_seen += batch.article_copies.num_rows if batch.article_copies else 0
        totals.loaded = loaded if totals.loaded is None else merge_loads(totals.loaded, loaded)

    def next_chunk(self) -> Chunk:
        """Extract captures as they come until a chunk is full or the manifest is drained."""
        chunk = Chunk()
        root = self.layout.root
        while len(chunk.captures) < self.chunk_pages:
            if self._stop.is_set():
                raise BatchStopped("run abandoned")
            if not self._backlog:
                over = self._crawl_over.is_set()  # before reading: then the read sees the end
                self._backlog = self.tail.read(final=over, limit=READ_BYTES)
                if not self._backlog:
                    if over and self.tail.offset >= _size(self.tail.path):
                        self.drained = True
                        break
                    self._stop.wait(POLL_SECONDS)
                    continue
            room = min(BATCH_PAGES, self.chunk_pages - len(chunk.captures))
            captures, self._backlog = self._backlog[:room], self._backlog[room:]
            refs = page_refs(captures, self.run_id, self.sources)
            self._refs_seen += len(refs)
            results = extract_pages(refs, root, stop=self._stop)
            chunk.captures += captures
            chunk.results += results
            self.totals.pages_extracted += len(results)
            self.totals.extract_errors += sum(1 for r in results if r.error)
            progress.report("extract", done=self.totals.pages_extracted, total=self._refs_seen)
        chunk.attachments = run_attachments(chunk.captures, root, self.run_id, stop=self._stop)
        return chunk


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


@task(name="extract", cache_policy=NO_CACHE)
def extract_chunk(stream: RunStream) -> Chunk:
    """One chunk of a streaming run: its pages extracted as the crawl writes them (no retry: the
    stream has moved on; a failure fails the run, as a failed extract task did)."""
    logger = get_run_logger()
    chunk = stream.next_chunk()
    errors = [r for r in chunk.results if r.error]
    for failed in errors[:20]:
        logger.warning("extraction failed for capture %s: %s", failed.capture_id, failed.error)
    logger.info(
        "extracted %d pages%s: %d articles, %d errors",
        len(chunk.results),
        " (the last chunk)" if stream.drained else f" (chunk of {len(chunk.captures)} captures)",
        sum(1 for r in chunk.results if r.document and r.document.article.is_article),
        len(errors),
    )
    return chunk
