"""Text of document attachments (PDF, DOCX) with pure-Python readers; no I/O.

Legal sites attach the directive itself as PDF or Word. ``extract_attachment`` turns the archived
bytes into NFC text plus the directive symbols it cites; a format no pure-Python library reads
(legacy binary .doc, scanned PDFs without a text layer) yields an ``error`` saying so, never an
exception.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import urlsplit

from lxml import etree

from pipelines.entities import find_directives
from pipelines.text import normalize_text

PDF_TYPES = ("application/pdf", "application/x-pdf")
DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
DOC_TYPES = ("application/msword",)
ATTACHMENT_EXTENSIONS = (".pdf", ".docx", ".doc")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MB = 1024 * 1024

# Bounds on the work one hostile document can cause; each hit is a recorded failure
# (AttachmentText.error says which), never an exception or an unbounded read. Time is bounded
# separately: flows.extract runs every attachment in a worker with a deadline.
MAX_PDF_PAGES = 500  # pages read (the rest of a longer document is left unread)
MAX_INFLATED_BYTES = 50 * _MB  # a .docx's document.xml, declared and as actually inflated
# Deflate can reach ~1000:1 on repetitive input; real document.xml parts compress 5-30:1.
MAX_COMPRESSION_RATIO = 200
_RATIO_FLOOR = 1 * _MB  # small parts are never rejected for their ratio
# Decoded content streams of the pages read, summed before any page is parsed (pypdf parses
# about 0.15-1 MB of content per second: one small stream shared by every page multiplies it).
MAX_PDF_CONTENT_BYTES = 10 * _MB
MAX_TEXT_CHARS = 2_000_000  # extracted characters (about 700 pages of dense text)


class AttachmentCapError(Exception):
    """A document exceeded one of the bounds above; the message is the recorded reason."""


@dataclass(frozen=True)
class AttachmentText:
    kind: str  # pdf | docx | doc | unknown
    text: str | None
    pages: int | None
    directives: list[str] = field(default_factory=list)  # canonical symbols, in order of citation
    error: str | None = None


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_attachment(url: str, content_type: str | None) -> bool:
    """A PDF / Word document, by Content-Type or (for application/octet-stream) by extension."""
    mime = _mime(content_type)
    if mime in (*PDF_TYPES, *DOCX_TYPES, *DOC_TYPES):
        return True
    path = urlsplit(url).path.lower()
    return mime in ("", "application/octet-stream", "binary/octet-stream") and path.endswith(
        ATTACHMENT_EXTENSIONS
    )


def kind_of(data: bytes, url: str = "", content_type: str | None = None) -> str:
    """Sniff the bytes first (servers mislabel), then trust the label or the extension."""
    mime, path = _mime(content_type), urlsplit(url).path.lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":  # any zip: a .docx only if labelled or named so
        return "docx" if mime in DOCX_TYPES or path.endswith(".docx") else "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"
    if mime in PDF_TYPES or path.endswith(".pdf"):
        return "pdf"
    if mime in DOCX_TYPES or path.endswith(".docx"):
        return "docx"
    if mime in DOC_TYPES or path.endswith(".doc"):
        return "doc"
    return "unknown"


def pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = reader.pages[:MAX_PDF_PAGES]
    content = 0
    for number, page in enumerate(pages, 1):
        stream = page.get_contents()  # decoded once and cached by pypdf for the text pass
        content += len(stream.get_data()) if stream is not None else 0
        if content > MAX_PDF_CONTENT_BYTES:
            raise AttachmentCapError(
                f"pdf content streams past {MAX_PDF_CONTENT_BYTES // _MB} MB cap "
                f"(at page {number} of {len(reader.pages)})"
            )
    texts: list[str] = []
    chars = 0
    for page in pages:
        texts.append(page.extract_text() or "")
        chars += len(texts[-1])
        if chars > MAX_TEXT_CHARS:
            raise AttachmentCapError(f"pdf text past {MAX_TEXT_CHARS} characters cap")
    return "\n".join(texts), len(reader.pages)


class _CappedReader:
    """A zip member read in chunks for the XML parser, failing past ``cap`` inflated bytes
    (whatever the member's header declared)."""

    def __init__(self, member: IO[bytes], cap: int) -> None:
        self._member, self._cap, self.read_bytes = member, cap, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._member.read(min(size, _MB) if size > 0 else _MB)
        self.read_bytes += len(chunk)
        if self.read_bytes > self._cap:
            raise AttachmentCapError(f"docx inflates past {self._cap // _MB} MB cap")
        return chunk


def docx_text(data: bytes) -> str:
    """Paragraph texts of word/document.xml, streamed from the zip: the part is never held
    inflated in memory, and its declared size, compression ratio and actual inflated size are
    all checked against the caps."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_INFLATED_BYTES:
            raise AttachmentCapError(
                f"docx inflates past {MAX_INFLATED_BYTES // _MB} MB cap "
                f"(declares {info.file_size} bytes)"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_COMPRESSION_RATIO:
            raise AttachmentCapError(
                f"docx compression ratio {ratio:.0f}:1 past {MAX_COMPRESSION_RATIO}:1 cap"
            )
        with archive.open(info) as member:
            return _paragraphs(_CappedReader(member, MAX_INFLATED_BYTES))


def _paragraphs(source: _CappedReader) -> str:
    # Same text as walking a parsed tree (paragraphs in document order, a nested paragraph's
    # text also in its outer one), but top-level paragraphs are freed as soon as they are read.
    paragraphs: list[str] = []
    open_slots: list[int] = []
    chars = 0
    events = etree.iterparse(
        source,
        events=("start", "end"),
        tag=f"{_W}p",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    for event, p in events:
        if event == "start":
            open_slots.append(len(paragraphs))
            paragraphs.append("")
            continue
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
        text = "".join(parts)
        paragraphs[open_slots.pop()] = text
        chars += len(text) + 1
        if chars > MAX_TEXT_CHARS:
            raise AttachmentCapError(f"docx text past {MAX_TEXT_CHARS} characters cap")
        if not open_slots:
            p.clear(keep_tail=True)
            while p.getprevious() is not None:  # drop freed siblings from the parent too
                del p.getparent()[0]
    return "\n".join(paragraphs)


def extract_attachment(
    data: bytes, url: str = "", content_type: str | None = None
) -> AttachmentText:
    kind = kind_of(data, url, content_type)
    try:
        if kind == "pdf":
            raw, pages = pdf_text(data)
        elif kind == "docx":
            raw, pages = docx_text(data), None
        elif kind == "doc":
            return AttachmentText(kind, None, None, error="legacy .doc: no pure-Python reader")
        else:
            return AttachmentText(
                kind, None, None, error=f"not a PDF/DOCX document ({content_type})"
            )
    except AttachmentCapError as exc:  # a bound was hit: recorded with the bound's reason
        return AttachmentText(kind, None, None, error=str(exc))
    except MemoryError:  # the worker's address-space cap (flows.extract) stopped a bomb
        return AttachmentText(kind, None, None, error="MemoryError: out of memory while reading")
    except Exception as exc:  # a broken file is recorded with its reason, never raised
        return AttachmentText(kind, None, None, error=f"{type(exc).__name__}: {exc}"[:500])
    text = normalize_text(raw)
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    if not text:
        return AttachmentText(kind, None, pages, error="no text layer (scanned document?)")
    symbols = list(dict.fromkeys(d.symbol for d in find_directives(text)))
    return AttachmentText(kind, text, pages, symbols)
