"""Attachments: PDF / DOCX text and directive symbols (pure Python); errors, never raises."""

from __future__ import annotations

import io
import resource
import struct
import unicodedata
import zlib

import pytest

from pipelines.attachments import (
    MAX_COMPRESSION_RATIO,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    AttachmentCapError,
    _CappedReader,
    extract_attachment,
    is_attachment,
)
from vnarchive.demo_sites.faults import DOCX_PARAGRAPHS, PDF_LINES, make_docx, make_pdf, make_zip


def test_pdf_attachment_text_and_directives() -> None:
    result = extract_attachment(make_pdf(PDF_LINES), "http://x/van-ban.pdf", "application/pdf")
    assert result.error is None and result.pages == 1
    assert result.text == unicodedata.normalize("NFC", "\n".join(PDF_LINES))
    assert result.directives == ["45/KH-UBND", "32-CT/TW", "1521/QĐ-TTg"]


def test_docx_and_unreadable_attachments() -> None:
    docx = extract_attachment(make_docx(DOCX_PARAGRAPHS), "http://x/phu-luc.docx", None)
    assert docx.kind == "docx" and docx.text == "\n".join(DOCX_PARAGRAPHS)
    assert docx.directives == ["28/2013/NĐ-CP"]
    assert extract_attachment(make_zip(), "http://x/a.zip", "application/zip").error
    assert "doc" in (extract_attachment(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.doc").error or "")
    broken = extract_attachment(b"%PDF-1.4\nnot really", "b.pdf", "application/pdf")
    assert broken.text is None and broken.error
    assert is_attachment("http://x/a.pdf", "application/octet-stream")
    assert not is_attachment("http://x/a.zip", "application/zip")


# -- hostile documents: every bound hit is a recorded failure with its reason ---------------------
_MIB = 1024 * 1024
_DOCX_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
    b'.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bom</w:t></w:r></w:p>'
)
_DOCX_TAIL = b"</w:body></w:document>"


def _zip_one(name: str, raw_deflate: bytes, crc: int, declared: int) -> bytes:
    """A zip archive of one deflated member, written by hand so its header may lie."""
    n = name.encode()
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(raw_deflate), declared, len(n), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(raw_deflate), declared,
        len(n), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    body = local + n + raw_deflate
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(n), len(body), 0)
    return body + central + n + eocd


def docx_bomb(inflated_mib: int, declared: int | None = None) -> bytes:
    """A ~1 KB-per-MiB .docx whose word/document.xml inflates to ``inflated_mib`` MiB of blanks.

    Built without compressing gigabytes: after a full flush deflate forgets its history, so one
    MiB of blanks compresses to the same bytes every time and the block is repeated.
    """
    chunk = b" " * _MIB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(_DOCX_HEAD) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH) == block  # the trick holds
    raw = head + block * inflated_mib + c.compress(_DOCX_TAIL) + c.flush()
    crc = zlib.crc32(_DOCX_HEAD)
    for _ in range(inflated_mib):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(_DOCX_TAIL, crc)
    size = len(_DOCX_HEAD) + inflated_mib * _MIB + len(_DOCX_TAIL)
    return _zip_one("word/document.xml", raw, crc, size if declared is None else declared)


def heavy_pdf(pages: int, ops: int) -> bytes:
    """A tiny PDF whose pages all share one Flate content stream of ``ops`` text operators
    (14 bytes each): pypdf parses the stream again for every page."""
    stream = b"BT /F1 11 Tf 50 790 Td\n" + b"(a) Tj 0 0 Td\n" * ops + b"ET"
    packed = zlib.compress(stream, 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    objects += [
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 "
        f"{4 + pages} 0 R >> >> /Contents 3 0 R >>".encode()
    ] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % off for off in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def test_docx_that_inflates_to_a_gigabyte_is_refused_unread() -> None:
    bomb = docx_bomb(1024)  # 1 GiB of XML in about a megabyte
    assert len(bomb) < 2 * _MIB
    before = _max_rss_mib()
    result = extract_attachment(bomb, "http://x/bom.docx", None)
    assert result.kind == "docx" and result.text is None
    declared = 1024 * _MIB + len(_DOCX_HEAD + _DOCX_TAIL)
    assert result.error == f"docx inflates past 50 MB cap (declares {declared} bytes)"
    assert _max_rss_mib() - before < 100  # never inflated into memory (the old code read 1 GiB)


def test_docx_bomb_with_a_lying_header_is_read_only_as_far_as_declared() -> None:
    before = _max_rss_mib()
    result = extract_attachment(docx_bomb(1024, declared=4096), "http://x/bom.docx", None)
    assert result.text is None and result.error  # zipfile stops at the declared size: bad CRC
    assert _max_rss_mib() - before < 100


def test_docx_compression_ratio_and_streamed_inflation_caps() -> None:
    # 20 MiB declared honestly (under the 50 MB cap) but at ~1000:1: no real document does that.
    result = extract_attachment(docx_bomb(20), "http://x/bom.docx", None)
    assert result.error is not None and result.error.startswith("docx compression ratio ")
    assert result.error.endswith(f":1 past {MAX_COMPRESSION_RATIO}:1 cap")
    # Whatever a header declares, the reader counts the bytes actually inflated.
    reader = _CappedReader(io.BytesIO(b"x" * (3 * _MIB)), cap=2 * _MIB)
    with pytest.raises(AttachmentCapError, match="docx inflates past 2 MB cap"):
        while reader.read(64 * 1024):
            continue
    # The ratio is judged only on parts over a megabyte: a small, repetitive part is read.
    tiny = docx_bomb(0)
    assert extract_attachment(tiny, "http://x/a.docx", None).text == "Bom"


def test_docx_with_too_much_text_is_refused() -> None:
    paragraphs = [
        f"Đoạn {i}: " + "Hội nghị quán triệt Chỉ thị số 25-CT/TW. " * 5 for i in range(12_000)
    ]
    docx = make_docx(paragraphs)  # about 2.5 M characters of ordinary, varied-enough text
    result = extract_attachment(docx, "http://x/dai.docx", None)
    assert result.text is None
    assert result.error == f"docx text past {MAX_TEXT_CHARS} characters cap"


def test_pdf_with_a_heavy_shared_content_stream_is_refused_before_parsing() -> None:
    bomb = heavy_pdf(pages=50, ops=100_000)  # 11 KB; 1.4 MB of operators behind every page
    assert len(bomb) < 20_000
    result = extract_attachment(bomb, "http://x/nang.pdf", "application/pdf")
    assert result.kind == "pdf" and result.text is None
    # Refused from the stream sizes alone: parsing it costs several seconds a page.
    assert result.error == "pdf content streams past 10 MB cap (at page 8 of 50)"


def test_pdf_pages_past_the_cap_are_left_unread() -> None:
    pages = MAX_PDF_PAGES + 20
    result = extract_attachment(heavy_pdf(pages=pages, ops=1), "http://x/dai.pdf", None)
    assert result.error is None and result.pages == pages
    assert result.text is not None and result.text.count("a") == MAX_PDF_PAGES
