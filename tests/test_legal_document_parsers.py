"""The document-site families' parsers (pipelines/legal_documents/families/) on their stored
pages (tests/fixtures/legal_documents/<family>/, modelled on the real sites: see the README there),
on pages that are no document pages, and on generated attribute tables and listings."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.legal_documents.families.base import (
    ATTACHMENTS,
    FIELDS,
    HEADING_FIELDS,
    NOT_ON_PAGE,
    DetailPage,
    DocumentTable,
    label_key,
)
from pipelines.legal_documents.model import LegalDocument, Validity
from pipelines.legal_documents.parse import (
    FAMILIES,
    UnknownDocumentFamilyError,
    parse_document_page,
)

FIXTURES = Path(__file__).parent / "fixtures" / "legal_documents"
PAGES = sorted(FIXTURES.glob("*/*.html"))


def expected_of(page: Path) -> dict:
    return json.loads(page.with_name(page.stem + ".expected.json").read_text(encoding="utf-8"))


def dumped(documents: list[LegalDocument]) -> list[dict]:
    return [d.model_dump(mode="json") for d in documents]


# --------------------------------------------------------------------------- stored pages


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_stored_page_parses_to_its_expected_records(page: Path) -> None:
    expected = expected_of(page)
    # A key the hand-written record leaves out is the model's default (None, [] or {}).
    wanted = [LegalDocument.model_validate(d) for d in expected["documents"]]
    got = parse_document_page(expected["url"], page.read_bytes(), page.parent.name)
    assert dumped(got) == dumped(wanted)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_family_has_stored_pages_of_documents_and_of_other_pages(family: str) -> None:
    """The issue: "the family's test demands them". A family needs stored pages that hold
    documents and at least one page of its site that holds none."""
    pages = sorted((FIXTURES / family).glob("*.html"))
    assert pages, f"no stored pages in tests/fixtures/legal_documents/{family}/"
    counts = [len(expected_of(p)["documents"]) for p in pages]
    assert sum(1 for n in counts if n) >= 2, f"{family}: fewer than two document pages"
    assert 0 in counts, f"{family}: no page of its site that is not a document page"


def test_every_fixture_folder_is_a_family_and_every_page_has_its_record() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(FAMILIES)
    for page in PAGES:
        assert page.with_name(page.stem + ".expected.json").is_file(), page


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_none_field_says_why_and_no_read_field_is_missing(page: Path) -> None:
    expected = expected_of(page)
    for document in parse_document_page(expected["url"], page.read_bytes(), page.parent.name):
        values = document.model_dump()
        for name in FIELDS:
            if values[name] is None:
                reason = document.missing.get(name, "")
                assert reason == NOT_ON_PAGE or reason.startswith("unknown form: "), name
            else:
                assert name not in document.missing, name


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_another_familys_document_page_is_no_document_page(family: str) -> None:
    for page in PAGES:
        if page.parent.name != family:
            assert parse_document_page("https://example.vn/p", page.read_bytes(), family) == []


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_declared_label_is_a_key_and_feeds_a_field_of_the_record(family: str) -> None:
    """A label spelt otherwise than its key never matches; a field the record lacks is lost."""
    parser = FAMILIES[family]
    assert parser.name == family and parser.about.strip()
    if isinstance(parser, DetailPage):
        tables: dict[str, tuple[str, ...]] = dict(parser.labels)
        assert parser.heading_states <= HEADING_FIELDS
        if parser.relations is not None:
            assert all(label_key(k) == k for k in parser.relations.kinds)
    else:
        assert isinstance(parser, DocumentTable)
        tables = {k: (v,) if v else () for k, v in parser.columns.items()}
    assert tables
    for key, fields in tables.items():
        assert label_key(key) == key, key
        assert set(fields) <= {*FIELDS, ATTACHMENTS}, key


# --------------------------------------------------------------------------- other pages

_NEWS_ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị phổ biến Nghị định 30/2020/NĐ-CP</title></head><body>
<article><h1>Hội nghị phổ biến Nghị định 30/2020/NĐ-CP về công tác văn thư</h1>
<p>Ngày 12/3/2024, Sở Tư pháp tổ chức hội nghị phổ biến Chỉ thị số 25-CT/TW.</p>
<table><tr><td>Số ký hiệu</td><td>30/2020/NĐ-CP</td></tr></table></article></body></html>"""


def _garbage(n: int) -> bytes:
    """Deterministic bytes that are no text at all."""
    return bytes((i * 131 + 7) % 256 for i in range(n))


NOT_DOCUMENTS: dict[str, str | bytes] = {
    "news article": _NEWS_ARTICLE,
    "news article, bytes": _NEWS_ARTICLE.encode("utf-8"),
    "empty str": "",
    "empty bytes": b"",
    "whitespace": " \n\t ",
    "plain text": "Số ký hiệu: 30/2020/NĐ-CP",
    "garbage bytes": _garbage(4096),
    "a PDF served as the page": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n",
    "UTF-16 without a BOM": _NEWS_ARTICLE.encode("utf-16-le"),
    "wrong encoding declared": _NEWS_ARTICLE.replace("utf-8", "windows-1258").encode("utf-8"),
    "UTF-8 label on windows-1252 bytes": _NEWS_ARTICLE.encode("cp1252", "replace"),
    "XML declaration": '<?xml version="1.0" encoding="utf-8"?>' + _NEWS_ARTICLE,
    "only a doctype": "<!DOCTYPE html>",
    "unclosed everything": "<html><body><div class='vbProperties'><table><tr><td>Số",
    "empty containers": (
        "<div class='vbProperties'></div><table class='doc-properties'></table>"
        "<div class='post-content'></div><table><tr><th>Số ký hiệu</th><th>Trích yếu</th></tr>"
        "</table>"
    ),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("case", sorted(NOT_DOCUMENTS))
def test_a_page_that_is_no_document_page_gives_nothing(family: str, case: str) -> None:
    assert parse_document_page("https://example.vn/tin-tuc/1", NOT_DOCUMENTS[case], family) == []


def test_an_unknown_family_is_the_callers_error() -> None:
    with pytest.raises(UnknownDocumentFamilyError):
        parse_document_page("https://example.vn/", "<html></html>", "no-such-family")


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes of ``text``: the code page has â, ê, ô, ơ, ư, ă, đ precomposed and the
    five tone marks as combining characters."""
    shapes = "\u0302\u0306\u031b"  # circumflex, breve, horn: part of the letter in cp1258
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        base, *marks = unicodedata.normalize("NFD", ch)
        letter = base + "".join(m for m in marks if m in shapes)
        out.append(
            unicodedata.normalize("NFC", letter) + "".join(m for m in marks if m not in shapes)
        )
    return "".join(out).encode("cp1258")


def test_control_characters_in_a_page_do_not_lose_its_documents() -> None:
    page = FIXTURES / "chinhphu" / "document_complete.html"
    url = expected_of(page)["url"]
    clean = parse_document_page(url, page.read_text("utf-8"), "chinhphu")
    dirty = page.read_text("utf-8").replace("<main", "\x00\x0b<main").replace("CHÍNH", "CH\x08ÍNH")
    assert clean and dumped(parse_document_page(url, dirty, "chinhphu")) == dumped(clean)


def test_a_listing_served_as_windows_1258_under_a_utf8_label_reads_the_same() -> None:
    """Vietnamese CMSs serve windows-1258 bytes labelled UTF-8 (pipelines/text.py decodes them)."""
    page = FIXTURES / "provincial_table" / "listing_malformed.html"
    url = expected_of(page)["url"]
    as_utf8 = parse_document_page(url, page.read_bytes(), "provincial_table")
    as_cp1258 = parse_document_page(url, _cp1258(page.read_text("utf-8")), "provincial_table")
    assert as_utf8 and dumped(as_cp1258) == dumped(as_utf8)


# --------------------------------------------------------------------------- generated pages

# Symbols as the warehouse stores them, built from the parts real documents use; each family of
# forms is one strategy. _CANONICAL checks the generator itself.
# Document numbers as pages write them, with the leading zero of the first nine or without.
_NUMBERS = st.integers(1, 999).map(str) | st.integers(1, 9).map("0{}".format)
_PARTY = st.builds(
    "{}-{}/{}".format,
    _NUMBERS,
    st.sampled_from(["CT", "NQ", "KL", "HD", "QĐ", "KH", "TB"]),
    st.sampled_from(["TW", "TU", "ĐUK", "HU", "BTGTW"]),
)
_STATE_YEAR = st.builds(
    "{}/{}/{}".format,
    _NUMBERS,
    st.integers(1990, 2030),
    st.sampled_from(["NĐ-CP", "TT-BTP", "QĐ-TTg", "NQ-HĐND", "QĐ-UBND", "TT-BTC", "TTLT-BTP-BNV"]),
)
_STATE = st.builds(
    "{}/{}".format,
    _NUMBERS | st.integers(1000, 9999).map(str),
    st.sampled_from(["QĐ-UBND", "CT-TTg", "KH-UBND", "QĐ-TTg", "CT-UBND", "BC-UBND"]),
)
_LAW = st.builds("{}/{}/QH{}".format, _NUMBERS, st.integers(2002, 2030), st.integers(11, 15))
SYMBOLS = st.one_of(_PARTY, _STATE_YEAR, _STATE, _LAW)
_CANONICAL = re.compile(
    r"\d{1,4}-[A-ZĐ]{2,3}/(?:TW|TU|ĐUK|HU|BTGTW)"
    r"|\d{1,3}/(?:19|20)\d\d/[A-ZĐ]{2,4}-[A-Za-zĐ]{2,5}(?:-[A-Z]{2,3})?"
    r"|\d{1,4}/[A-ZĐ]{2}-(?:UBND|TTg)"
    r"|\d{1,3}/20\d\d/QH1[1-5]"
)

_DATE_FORMATS: tuple[Callable[[date], str], ...] = (
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
)
# (a date, as a page writes it)
DATES = st.builds(
    lambda d, write: (d, write(d)),
    st.dates(date(1950, 1, 1), date(2099, 12, 31)),
    st.sampled_from(_DATE_FORMATS),
)
VALIDITIES = st.sampled_from(
    [
        ("Còn hiệu lực", Validity.IN_FORCE),
        ("Hết hiệu lực toàn bộ", Validity.EXPIRED),
        ("Hết hiệu lực một phần", Validity.PARTLY_EXPIRED),
        ("Chưa có hiệu lực", Validity.NOT_YET),
        ("HẾT HIỆU LỰC", Validity.EXPIRED),
    ]
)
_WORDS = st.sampled_from(
    ["công tác", "văn thư", "phổ biến", "giáo dục", "pháp luật", "quy chế", "tổ chức", "và"]
)
PHRASES = st.lists(_WORDS, min_size=1, max_size=8).map(lambda ws: " ".join(ws).capitalize())
NAMES = st.sampled_from(["Nguyễn Xuân Phúc", "Trần Hồng Hà", "Lê Thị Thủy", "Phạm Minh Chính"])
POSTS = st.sampled_from(["Thủ tướng", "Phó Thủ tướng", "Bộ trưởng", "Chủ tịch", "Phó Chủ tịch"])


def _check_generated(symbol: str, dated: tuple[date, str]) -> None:
    """The generator made what the property is about: a canonical symbol, and a date written
    with its day, month and year."""
    assert _CANONICAL.fullmatch(symbol), symbol
    day, text = dated
    assert re.fullmatch(
        rf"(?:ngày )?0?{day.day}(?:/| tháng |-)0?{day.month}(?:/| năm |-){day.year}", text
    ), text


@settings(max_examples=120, deadline=None)
@given(
    symbol=SYMBOLS,
    issued=DATES,
    effective=DATES,
    validity=VALIDITIES,
    summary=PHRASES,
    issuer=PHRASES,
    signer=NAMES,
    post=POSTS,
    family=st.sampled_from(["vbpl", "chinhphu"]),
)
def test_a_generated_attribute_table_is_read_back_exactly(
    symbol: str,
    issued: tuple[date, str],
    effective: tuple[date, str],
    validity: tuple[str, Validity],
    summary: str,
    issuer: str,
    signer: str,
    post: str,
    family: str,
) -> None:
    _check_generated(symbol, issued)
    _check_generated(symbol, effective)
    pairs = [
        ("Số ký hiệu", symbol),
        ("Ngày ban hành", issued[1]),
        ("Ngày có hiệu lực", effective[1]),
        ("Trích yếu", summary),
        ("Tình trạng hiệu lực:", validity[0]),
    ]

    def row(cells: list[tuple[str, list[str]]]) -> str:
        tds = (
            f"<td class='label'>{k}</td>" + "".join(f"<td>{v}</td>" for v in vs) for k, vs in cells
        )
        return "<tr>" + "".join(tds) + "</tr>"

    if family == "vbpl":  # two label/value pairs a row, the body, post and signer in one row
        rows = [row([(k, [v]) for k, v in pairs[i : i + 2]]) for i in range(0, len(pairs), 2)]
        rows.append(row([("Cơ quan ban hành/ Chức danh / Người ký", [issuer, post, signer])]))
        html = "<div class='vbProperties'><table>{}</table></div>".format("".join(rows))
    else:
        pairs += [("Cơ quan ban hành", issuer), ("Chức vụ", post), ("Người ký", signer)]
        rows = [row([(k, [v])]) for k, v in pairs]
        html = "<table class='doc-properties'>{}</table>".format("".join(rows))
    [document] = parse_document_page("https://example.vn/van-ban/1", html, family)
    assert document.symbol == symbol
    assert document.symbol_as_written == symbol
    assert document.issued_on == issued[0]
    assert document.effective_on == effective[0]
    assert document.validity == validity[1]
    assert (document.summary, document.issuer) == (summary, issuer)
    assert (document.signer, document.signer_title) == (signer, post)
    assert not {"symbol", "issued_on", "effective_on", "validity"} & set(document.missing)


_HEADERS = {
    "symbol": ["Số ký hiệu", "Số/Ký hiệu", "Số hiệu văn bản", "Ký hiệu"],
    "issued_on": ["Ngày ban hành", "Ngày BH", "Ban hành"],
    "summary": ["Trích yếu", "Trích yếu nội dung", "Nội dung"],
    "file": ["Tải về", "File đính kèm", "Tải file"],
}


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(st.tuples(SYMBOLS, DATES, PHRASES), min_size=1, max_size=6),
    order=st.permutations(["symbol", "issued_on", "summary", "file"]),
    wording=st.tuples(*(st.sampled_from(_HEADERS[c]) for c in sorted(_HEADERS))),
    numbered=st.booleans(),
)
def test_a_generated_listing_is_read_by_its_headers_whatever_their_order(
    rows: list[tuple[str, tuple[date, str], str]],
    order: list[str],
    wording: tuple[str, ...],
    numbered: bool,
) -> None:
    header_of = dict(zip(sorted(_HEADERS), wording, strict=True))
    head = (["STT"] if numbered else []) + [header_of[c] for c in order]
    body = []
    for n, (symbol, dated, summary) in enumerate(rows, 1):
        _check_generated(symbol, dated)
        cell = {
            "symbol": symbol,
            "issued_on": dated[1],
            "summary": summary,
            "file": f"<a href='/files/{n}.pdf'>Tải</a>",
        }
        body.append(([str(n)] if numbered else []) + [cell[c] for c in order])
    html = "<table><tr>{}</tr>{}</table>".format(
        "".join(f"<th>{h}</th>" for h in head),
        "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in body),
    )
    documents = parse_document_page("https://tinh.example.vn/van-ban", html, "provincial_table")
    assert [(d.symbol, d.issued_on, d.summary) for d in documents] == [
        (symbol, dated[0], summary) for symbol, dated, summary in rows
    ]
    assert [[a.url for a in d.attachments] for d in documents] == [
        [f"https://tinh.example.vn/files/{n}.pdf"] for n in range(1, len(rows) + 1)
    ]
