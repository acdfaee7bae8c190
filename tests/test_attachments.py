"""Attachments: PDF / DOCX text and directive symbols (pure Python); errors, never raises."""

from __future__ import annotations

import unicodedata

from pipelines.attachments import extract_attachment, is_attachment
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
