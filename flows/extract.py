"""Extract stage: read archived HTML back from the WARC files; extract articles and entities.

The work is CPU-bound (lxml + trafilatura), so large batches fan out over a process pool using every
core; small batches stay in-process because starting workers costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from crawlers.items import CaptureRecord
from crawlers.warc import read_record
from pipelines.attachments import AttachmentText, extract_attachment, is_attachment
from pipelines.dedupe import canonical_url, signature, signature_to_bytes
from pipelines.document import Document, process_document
from warehouse.db import capture_id

# Below this many pages a process pool's start-up (spawned interpreters importing trafilatura)
# costs more than the parallelism gains.
POOL_THRESHOLD = 48
CHUNK_SIZE = 16


@dataclass(frozen=True)
class PageRef:
    """Where one archived page lives, plus what the flow needs to attribute the result."""

    capture_id: str
    url: str
    content_type: str | None
    warc_file: str
    warc_offset: int


@dataclass(frozen=True)
class PageResult:
    capture_id: str
    document: Document | None
    error: str | None
    canonical_url: str | None = None  # page URL as stored in article_copies
    signature: bytes | None = None  # MinHash of the body, computed here to use every core


def is_extractable(capture: CaptureRecord) -> bool:
    """Successful HTML responses that made it into the archive."""
    content_type = (capture.content_type or "").lower()
    return (
        capture.status == 200
        and not capture.revisit  # payload-less revisit: the text is already in the warehouse
        and capture.warc_file is not None
        and capture.warc_offset is not None
        and ("html" in content_type or content_type == "")
    )


def page_refs(captures: Iterable[CaptureRecord], run_id: str) -> list[PageRef]:
    """The archived HTML pages among a run's captures, addressed for the extract workers."""
    return [
        PageRef(
            capture_id=capture_id(run_id, c.url, c.fetched_at.isoformat()),
            url=c.url,
            content_type=c.content_type,
            warc_file=c.warc_file,  # type: ignore[arg-type]  # is_extractable checked it
            warc_offset=c.warc_offset,  # type: ignore[arg-type]
        )
        for c in captures
        if is_extractable(c)
    ]


def _extract_one(archive_dir: Path, ref: PageRef) -> PageResult:
    try:
        _headers, body = read_record(archive_dir, ref.warc_file, ref.warc_offset)
        document = process_document(body, ref.url, ref.content_type or "text/html")
        if not document.article.is_article:
            return PageResult(ref.capture_id, document, None)
        return PageResult(
            ref.capture_id,
            document,
            None,
            canonical_url=canonical_url(ref.url),
            signature=signature_to_bytes(signature(document.article.body)),
        )
    except Exception as exc:  # one bad record must not sink the batch; the reason is kept
        return PageResult(ref.capture_id, None, f"{type(exc).__name__}: {exc}")


def _extract_chunk(archive_dir: str, refs: list[PageRef]) -> list[PageResult]:
    root = Path(archive_dir)
    return [_extract_one(root, ref) for ref in refs]


def extract_pages(
    refs: Iterable[PageRef], archive_dir: Path, workers: int | None = None
) -> list[PageResult]:
    """Extract every referenced page; results come back in input order."""
    refs = list(refs)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(refs) < POOL_THRESHOLD:
        return _extract_chunk(str(archive_dir), refs)
    chunks = [refs[i : i + CHUNK_SIZE] for i in range(0, len(refs), CHUNK_SIZE)]
    # spawn, not fork: the flow process runs Prefect's threads, and forking threads can deadlock.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        results: list[PageResult] = []
        for chunk_result in pool.map(_extract_chunk, [str(archive_dir)] * len(chunks), chunks):
            results.extend(chunk_result)
    return results


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
        and not capture.revisit  # payload-less revisit: the text is already in the warehouse
        and capture.warc_file is not None
        and capture.warc_offset is not None
        and is_attachment(capture.url, capture.content_type)
    )


def extract_attachments(refs: Iterable[PageRef], archive_dir: Path) -> list[AttachmentResult]:
    """Text of every referenced attachment; a bad file gives a result with its error, no raise."""
    results = []
    for ref in refs:
        try:
            _headers, body = read_record(archive_dir, ref.warc_file, ref.warc_offset)
            text = extract_attachment(body, ref.url, ref.content_type)
        except Exception as exc:
            text = AttachmentText("unknown", None, None, error=f"{type(exc).__name__}: {exc}")
        results.append(AttachmentResult(ref.capture_id, ref.url, ref.content_type, text))
    return results


def run_attachments(
    captures: Iterable[CaptureRecord], archive_dir: Path | str, run_id: str
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
    return extract_attachments(refs, Path(archive_dir))
