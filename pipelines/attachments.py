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
from urllib.parse import urlsplit

from lxml import etree

from pipelines.entities import find_directives
from pipelines.text import normalize_text

PDF_TYPES = ("application/pdf", "application/x-pdf")
DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
DOC_TYPES = ("application/msword",)
ATTACHMENT_EXTENSIONS = (".pdf", ".docx", ".doc")
MAX_PDF_PAGES = 500  # a bound on work per document
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    pages = [page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES]]
    return "\n".join(pages), len(reader.pages)


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    paragraphs = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            parts.append(node.text or "" if node.tag == f"{_W}t" else " ")
        paragraphs.append("".join(parts))
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
    except Exception as exc:  # a broken file is recorded with its reason, never raised
        return AttachmentText(kind, None, None, error=f"{type(exc).__name__}: {exc}"[:500])
    text = normalize_text(raw)
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    if not text:
        return AttachmentText(kind, None, pages, error="no text layer (scanned document?)")
    symbols = list(dict.fromkeys(d.symbol for d in find_directives(text)))
    return AttachmentText(kind, text, pages, symbols)
