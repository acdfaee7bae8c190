"""Extract stage: read archived HTML back from the WARC files; extract articles and entities.

Archived bytes are untrusted: every page and attachment is parsed in a worker process
(flows.workers) with a time budget and a memory cap, so a page that hangs or kills its worker
ends as that page's recorded error ("timeout after 60s", "worker died: killed by SIGSEGV") and
the rest of the batch, and the flow, go on. The workers persist across batches, so a small
batch does not pay for starting interpreters again; recovered runs go through the same path.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crawlers.items import CaptureRecord
from crawlers.warc import read_record
from flows.workers import WorkerPool, shared_pool
from pipelines.attachments import AttachmentText, extract_attachment, is_attachment, kind_of
from pipelines.dedupe import page_key, signature, signature_to_bytes
from pipelines.document import Document, process_document
from pipelines.legal_documents.model import LegalDocument
from pipelines.legal_documents.parse import parse_document_page
from sites import Source, source_for
from sites.families import FAMILIES, family_named
from warehouse.keys import capture_id

# Budgets and the workers' address-space cap; operators may tune them through the environment.
PAGE_BUDGET_S = 60.0  # one page: decode, parse, trafilatura, entities, MinHash (20 MB: ~30 s)
ATTACHMENT_BUDGET_S = 60.0  # one PDF / DOCX (pypdf is slow; the readers also cap their work)
WORKER_MEMORY_MB = 2048
# A streaming run (flows/stream.py) stores its pages in chunks of this many captures, so a huge
# first crawl never holds more than a chunk of extracted documents in memory.
STORE_CHUNK_PAGES = 2000
# Imported by each worker before it takes a task, so no page's budget pays for them: datasketch
# (MinHash signatures) is imported lazily by pipelines/dedupe.py and takes ~2 s to import.
_WORKER_MODULES = ("flows.extract", "datasketch")


def _setting(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def page_budget() -> float:
    return _setting("VNARCHIVE_PAGE_BUDGET_S", PAGE_BUDGET_S)


def attachment_budget() -> float:
    return _setting("VNARCHIVE_ATTACHMENT_BUDGET_S", ATTACHMENT_BUDGET_S)


def store_chunk_pages() -> int:
    return max(1, int(_setting("VNARCHIVE_STORE_CHUNK_PAGES", STORE_CHUNK_PAGES)))


def worker_pool(workers: int | None = None) -> WorkerPool:
    """The shared extract workers (one per core unless ``workers`` says otherwise)."""
    memory = int(_setting("VNARCHIVE_WORKER_MEMORY_MB", WORKER_MEMORY_MB)) or None
    return shared_pool(workers or os.cpu_count() or 1, memory, _WORKER_MODULES)


@dataclass(frozen=True)
class PageRef:
    """Where one archived page lives, plus what the flow needs to attribute the result."""

    capture_id: str
    url: str
    content_type: str | None
    warc_file: str
    warc_offset: int
    family: str | None = None  # the CMS family its source declares (sites/families/); None: detect
    # The legal-document family its source declares (pipelines/legal_documents); None: no documents.
    document_family: str | None = None


@dataclass(frozen=True)
class PageResult:
    capture_id: str
    document: Document | None
    error: str | None
    page_key: str | None = None  # pipelines.dedupe.page_key: the URL article_copies stores
    signature: bytes | None = None  # MinHash of the body, computed here to use every core
    # The legal documents the page states (pipelines/legal_documents), for a document source.
    legal_documents: tuple[LegalDocument, ...] = ()
    # Reading the page as a document failed: the page itself is kept (its article, if any).
    document_error: str | None = None


def is_extractable(capture: CaptureRecord) -> bool:
    """Successful HTML responses that made it into the archive."""
    content_type = (capture.content_type or "").lower()
    return (
        capture.status == 200
        and capture.error is None  # archived but refused (e.g. "too large"): failed once, not twice
        and not capture.revisit  # payload-less revisit: the text is already in the warehouse
        and capture.warc_file is not None
        and capture.warc_offset is not None
        and ("html" in content_type or content_type == "")
    )


def page_refs(
    captures: Iterable[CaptureRecord], run_id: str, sources: Iterable[Source] = ()
) -> list[PageRef]:
    """The archived HTML pages among a run's captures, addressed for the extract workers, each
    with the family its source (among ``sources``) declares."""
    sources = list(sources)
    refs = []
    for c in captures:
        if not is_extractable(c):
            continue
        source = source_for(c.url, sources)
        refs.append(
            PageRef(
                capture_id=capture_id(run_id, c.url, c.fetched_at.isoformat()),
                url=c.url,
                content_type=c.content_type,
                warc_file=c.warc_file,  # type: ignore[arg-type]  # is_extractable checked it
                warc_offset=c.warc_offset,  # type: ignore[arg-type]
                family=source.family if source is not None else None,
                document_family=source.document_family if source is not None else None,
            )
        )
    return refs


def _legal_documents(ref: PageRef, body: bytes) -> tuple[tuple[LegalDocument, ...], str | None]:
    """The page's legal documents, or the reason they could not be read (never raises)."""
    if ref.document_family is None:
        return (), None
    try:
        return tuple(parse_document_page(ref.url, body, ref.document_family)), None
    except MemoryError:
        raise
    except Exception as exc:  # the parser is pure but the page is untrusted: keep the page
        return (), f"{type(exc).__name__}: {exc}"


def _extract_one(archive_dir: Path, ref: PageRef) -> PageResult:
    try:
        _headers, body = read_record(archive_dir, ref.warc_file, ref.warc_offset)
        legal, legal_error = _legal_documents(ref, body)
        with_documents = {"legal_documents": legal, "document_error": legal_error}
        document = process_document(
            body,
            ref.url,
            ref.content_type or "text/html",
            family=family_named(ref.family),  # the source's family reaches the boilerplate rules
            detect_among=FAMILIES,  # no family declared: detect it
        )
        if not document.article.is_article:
            return PageResult(ref.capture_id, document, None, **with_documents)
        return PageResult(
            ref.capture_id,
            document,
            None,
            page_key=page_key(ref.url),
            signature=signature_to_bytes(signature(document.article.body)),
            **with_documents,
        )
    except MemoryError:
        raise  # the worker reports it and exits (flows.workers): its heap is not trusted
    except Exception as exc:  # one bad record must not sink the batch; the reason is kept
        return PageResult(ref.capture_id, None, f"{type(exc).__name__}: {exc}")


def _page_task(task: tuple[str, PageRef]) -> PageResult:
    return _extract_one(Path(task[0]), task[1])


def extract_pages(
    refs: Iterable[PageRef],
    archive_dir: Path,
    workers: int | None = None,
    budget: float | None = None,
    stop: threading.Event | None = None,
) -> list[PageResult]:
    """Extract every referenced page in the workers; results come back in input order.

    A page past ``budget`` seconds (default PAGE_BUDGET_S) or whose worker dies gets a result
    with that error and no document. ``stop`` set: flows.workers.BatchStopped."""
    refs = list(refs)
    if not refs:
        return []
    root = str(archive_dir)
    outcomes = worker_pool(workers).map(
        _page_task, [(root, ref) for ref in refs], budget or page_budget(), stop
    )
    return [
        o.value if o.error is None else PageResult(ref.capture_id, None, o.error)
        for ref, o in zip(refs, outcomes, strict=True)
    ]


# -- attachments (PDF / DOCX) ---------------------------------------------------------------------
@dataclass(frozen=True)
class AttachmentResult:
    capture_id: str
    url: str
    content_type: str | None
    text: AttachmentText


def is_extractable_attachment(capture: CaptureRecord) -> bool:
    """Successful archived responses that are PDF / Word documents (pipelines.attachments)."""
    return (
        capture.status == 200
        and capture.error is None  # archived but refused (e.g. "too large"): failed once, not twice
        and not capture.revisit  # payload-less revisit: the text is already in the warehouse
        and capture.warc_file is not None
        and capture.warc_offset is not None
        and is_attachment(capture.url, capture.content_type)
    )


def _attachment_one(archive_dir: Path, ref: PageRef) -> AttachmentResult:
    try:
        _headers, body = read_record(archive_dir, ref.warc_file, ref.warc_offset)
        text = extract_attachment(body, ref.url, ref.content_type)
    except MemoryError:
        raise  # the worker reports it and exits (flows.workers)
    except Exception as exc:
        text = AttachmentText("unknown", None, None, error=f"{type(exc).__name__}: {exc}")
    return AttachmentResult(ref.capture_id, ref.url, ref.content_type, text)


def _attachment_task(task: tuple[str, PageRef]) -> AttachmentResult:
    return _attachment_one(Path(task[0]), task[1])


def extract_attachments(
    refs: Iterable[PageRef],
    archive_dir: Path,
    workers: int | None = None,
    budget: float | None = None,
    stop: threading.Event | None = None,
) -> list[AttachmentResult]:
    """Text of every referenced attachment, read in the workers with a time budget (default
    ATTACHMENT_BUDGET_S); a bad, slow or crashing file gives a result with its error."""
    refs = list(refs)
    if not refs:
        return []
    root = str(archive_dir)
    outcomes = worker_pool(workers).map(
        _attachment_task, [(root, ref) for ref in refs], budget or attachment_budget(), stop
    )
    return [
        o.value
        if o.error is None
        else AttachmentResult(
            ref.capture_id,
            ref.url,
            ref.content_type,
            # The kind from the label or extension: the bytes were never read back here.
            AttachmentText(kind_of(b"", ref.url, ref.content_type), None, None, error=o.error),
        )
        for ref, o in zip(refs, outcomes, strict=True)
    ]


def run_attachments(
    captures: Iterable[CaptureRecord],
    archive_dir: Path | str,
    run_id: str,
    stop: threading.Event | None = None,
) -> list[AttachmentResult]:
    """The attachment stage of a run: every archived PDF / DOCX capture of the manifest."""
    refs = [
        PageRef(
            capture_id=capture_id(run_id, c.url, c.fetched_at.isoformat()),
            url=c.url,
            content_type=c.content_type,
            warc_file=c.warc_file,  # type: ignore[arg-type]  # checked by the filter
            warc_offset=c.warc_offset,  # type: ignore[arg-type]
        )
        for c in captures
        if is_extractable_attachment(c)
    ]
    return extract_attachments(refs, Path(archive_dir), stop=stop)
