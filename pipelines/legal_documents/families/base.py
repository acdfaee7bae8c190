"""The machinery every document-site family shares; a family itself is a table of labels and
XPaths (the Fundus way: pipelines/legal_documents/families/<name>.py, see docs/legal-documents.md).

Two page shapes cover the families:

- :class:`DetailPage`: one document per page. Its official fields come from label/value pairs
  (table rows whose cells alternate label and value(s), or "Label: value" lines), from the
  page's heading (whose document symbol, date, body and subject ``find_directives`` reads, as a
  party archive states them), its relations from headed groups of links, its full text from a
  body container and its files from a block of links.
- :class:`DocumentTable`: many documents per page (a provincial portal's listing): one record
  per row of a table whose columns are found by their header wording.

A field the page lacks is None with ``missing[field] = "not on the page"``; a field given in a
form the parser cannot read is None with ``missing[field] = "unknown form: <the text>"``; the
record is kept either way. Pure functions of the page's HTML and URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from pipelines.entities.dates import parse_date
from pipelines.entities.directives import DOC_WORDS, Directive, find_directives
from pipelines.legal_documents.model import (
    OFFICIAL_FIELDS,
    Attachment,
    LegalDocument,
    Relation,
    RelationKind,
    Validity,
)
from pipelines.text import decode_html, normalize_text

NOT_ON_PAGE = "not on the page"

# The fields a parser reads, in the record's order; each is either read or has a reason in
# `missing`. symbol_as_written goes with symbol and has no reason of its own.
FIELDS: tuple[str, ...] = (*OFFICIAL_FIELDS, "full_text")
DATE_FIELDS = frozenset({"issued_on", "effective_on", "expires_on"})
# What a label or column may feed besides FIELDS: the files of a download column.
ATTACHMENTS = "attachments"

# The national database's four statuses and the other wordings sites use for them. A wording
# that states no status (vbpl's "Đã biết", "Ngưng hiệu lực") is an unknown form: validity None.
VALIDITY_WORDS: Mapping[str, Validity] = {
    "còn hiệu lực": Validity.IN_FORCE,
    "đang có hiệu lực": Validity.IN_FORCE,
    "có hiệu lực": Validity.IN_FORCE,
    "hết hiệu lực toàn bộ": Validity.EXPIRED,
    "hết hiệu lực": Validity.EXPIRED,
    "đã hết hiệu lực": Validity.EXPIRED,
    "không còn hiệu lực": Validity.EXPIRED,
    # A Party document the archive marks as no longer applied: expired, wording kept as reason.
    "không còn phù hợp": Validity.EXPIRED,
    "hết hiệu lực một phần": Validity.PARTLY_EXPIRED,
    "còn hiệu lực một phần": Validity.PARTLY_EXPIRED,
    "chưa có hiệu lực": Validity.NOT_YET,
    "chưa có hiệu lực thi hành": Validity.NOT_YET,
}
# Wordings that say why as well as what: kept as validity_reason when the page gives none.
_WORDING_IS_REASON = frozenset({"không còn phù hợp"})

# Empty cells as sites fill them: "...", "—", "-", "N/A", "Không có", "Đang cập nhật": the page
# gives no value (not on the page), which is not a value in an unknown form.
_PLACEHOLDER_RE = re.compile(r"^(?:[\s.\-–—_/…]*|n/?a|không có|(?:chưa|đang) cập nhật)$", re.I)
_LABEL_COUNT_RE = re.compile(r"\(\s*\d+\s*\)")  # "Văn bản bị thay thế (2)"
_LABEL_NOISE_RE = re.compile(r"[^\w]+")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
    | {"article", "blockquote", "pre", "ul", "ol", "dd", "dt", "td", "th"}
)
_SKIP_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*>")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Same switches as pipelines/article.py's parser: comments and PIs only get in the way.
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


# --------------------------------------------------------------------------- page text


def load_tree(html: str | bytes) -> HtmlElement | None:
    """The page's tree, or None for a body that is no HTML (empty, binary, unparseable)."""
    text = decode_html(bytes(html), None) if isinstance(html, bytes) else html
    # lxml refuses str input with control characters; a stray one must not lose the page.
    text = _CONTROL_RE.sub("", text)
    if "<" not in text[:4096]:
        return None
    try:
        return lxml.html.document_fromstring(_XML_DECL_RE.sub("", text, count=1), _PARSER)
    except (etree.ParserError, ValueError):
        return None


def block_text(el: HtmlElement) -> str:
    """An element's text with one line per block (paragraph, row, list item), normalised."""
    parts: list[str] = []
    skipping = 0
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TEXT_TAGS:
                skipping += 1
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if not skipping and node.text and tag:
                parts.append(node.text)
            continue
        if tag in _SKIP_TEXT_TAGS:
            skipping -= 1
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node is not el and not skipping and node.tail:
            parts.append(node.tail)
    return normalize_text("".join(parts))


def line_text(el: HtmlElement) -> str:
    """An element's text on one line (a cell, a label, a link)."""
    return " ".join(block_text(el).split())


def heading_text(el: HtmlElement) -> str:
    """A heading's own words: its text up to the first block inside it (an unclosed <h1> makes
    the rest of a broken page its children, as browsers do too)."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag in _BLOCK_TAGS and child.tag != "br":
            break
        parts.append(line_text(child) if child.tag != "br" else " ")
        parts.append(child.tail or "")
    return " ".join(normalize_text("".join(parts)).split())


def label_key(text: str) -> str:
    """A label or header as the tables key it: case-folded, punctuation and counts ("(3)") out:
    "Số/Ký hiệu:" and "số ký hiệu" are one key."""
    key = _LABEL_COUNT_RE.sub(" ", normalize_text(text).casefold())
    return " ".join(_LABEL_NOISE_RE.sub(" ", key).split())


def _blank(text: str) -> bool:
    return _PLACEHOLDER_RE.match(text) is not None


# --------------------------------------------------------------------------- field readers


@dataclass
class FieldReading:
    """What one page says of one document, before it becomes a LegalDocument: each field's
    value, or the reason it has none."""

    values: dict[str, object] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    symbol_as_written: str | None = None
    symbol_doc_type: str | None = None  # the type the symbol's code names (123/QĐ-UBND)
    validity_wording: str | None = None  # the page's wording of a status it could map
    attachments: list[Attachment] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def read(self, name: str, raw: str) -> None:
        """Read one field from the page's text; a field already read keeps its first value."""
        if self.has(name):
            return
        text = " ".join(normalize_text(raw).split())
        if _blank(text):
            return
        value, unknown = _READERS.get(name, _read_text)(self, text)
        if value is None:
            self.missing[name] = f"unknown form: {text}" if unknown else NOT_ON_PAGE
            return
        self.values[name] = value
        self.missing.pop(name, None)

    def offer(self, name: str, value: object) -> None:
        """A value read elsewhere on the page (the heading's sentence): used when the field has
        none yet."""
        if value is not None and not self.has(name):
            self.values[name] = value
            self.missing.pop(name, None)

    def offer_directive(self, directive: Directive, written: str) -> None:
        if not self.has("symbol"):
            self.offer("symbol", directive.symbol)
            self.symbol_as_written = written
            self.symbol_doc_type = directive.doc_type

    def document(self, url: str, family: str) -> LegalDocument:
        # The type the symbol's code names, when the page states none (123/QĐ-UBND: Quyết định).
        self.offer("doc_type", self.symbol_doc_type)
        wording = self.validity_wording
        if self.has("validity") and wording and label_key(wording) in _WORDING_IS_REASON:
            self.offer("validity_reason", wording)
        missing = {
            name: self.missing.get(name, NOT_ON_PAGE) for name in FIELDS if not self.has(name)
        }
        return LegalDocument(
            page_url=url,
            family=family,
            symbol_as_written=self.symbol_as_written,
            attachments=list(dict.fromkeys(self.attachments)),
            relations=list(dict.fromkeys(self.relations)),
            missing=missing,
            **{name: self.values.get(name) for name in FIELDS},
        )


def _read_text(reading: FieldReading, text: str) -> tuple[object, bool]:
    return text, False


def _read_date(reading: FieldReading, text: str) -> tuple[date | None, bool]:
    return parse_date(text), True


def _read_symbol(reading: FieldReading, text: str) -> tuple[str | None, bool]:
    found = find_directives(text)
    if not found:
        reading.symbol_as_written = text
        return None, True
    first = found[0]
    reading.symbol_as_written = text[first.start : first.end]  # "30/2020/NĐ-CP" of "Số: 30/…"
    reading.symbol_doc_type = first.doc_type
    return first.symbol, False


def _read_validity(reading: FieldReading, text: str) -> tuple[Validity | None, bool]:
    validity = VALIDITY_WORDS.get(label_key(text))
    if validity is not None:
        reading.validity_wording = text
    return validity, True


_READERS: dict[str, Callable[[FieldReading, str], tuple[object, bool]]] = {
    "symbol": _read_symbol,
    "validity": _read_validity,
    **dict.fromkeys(DATE_FIELDS, _read_date),
}


# What a heading sentence can state of its document, as find_directives reads it.
HEADING_FIELDS = frozenset({"symbol", "issued_on", "issuer", "summary"})
# A heading that is a document's own citation opens with it: "Chỉ thị số 25-CT/TW …", "Số:
# 12/CT-TTg"; "Quán triệt Chỉ thị số 25-CT/TW" is an article about the document.
_CITATION_OPENING_RE = re.compile(
    r"\s*(?:(?:{})\s*)?(?:(?:số\s*hiệu|số)\s*:?\s*)?".format(
        "|".join(re.escape(w) for w in sorted(DOC_WORDS, key=len, reverse=True))
    ),
    re.I,
)


def read_heading(reading: FieldReading, heading: str, fields: frozenset[str]) -> None:
    """What a heading sentence states of its document ("Chỉ thị số 25-CT/TW ngày 25/10/2023 của
    Ban Bí thư về …"), for the `fields` the family trusts its heading with, where no label gave
    them. The symbol brings the type its code or the word before it names. A heading that does
    not open with the citation states nothing of this kind: it is about another document."""
    found = find_directives(heading)
    if not found:
        return
    first = found[0]
    if not _CITATION_OPENING_RE.fullmatch(heading[: first.start]):
        return
    if "symbol" in fields:
        reading.offer_directive(first, heading[first.start : first.end])
    stated = {"issued_on": first.issued_on, "issuer": first.issuer_stated, "summary": first.subject}
    for name, value in stated.items():
        if name in fields:
            reading.offer(name, value)


# Links to a document's files (the extensions pipelines/attachments.py reads), as an XPath step.
FILE_LINK = (
    "a[@href][contains(translate(@href, 'PDFOCX', 'pdfocx'), '.pdf')"
    " or contains(translate(@href, 'PDFOCX', 'pdfocx'), '.doc')]"
)


def link_attachments(links: Iterable[HtmlElement], url: str) -> list[Attachment]:
    out: list[Attachment] = []
    for a in links:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        label = line_text(a) or (a.get("title") or "").strip() or None
        out.append(Attachment(url=urljoin(url, href), label=label))
    return out


# --------------------------------------------------------------------------- parsers


class DocumentParser(Protocol):
    """One family's parser: the documents a page of the family states ([] for any other page)."""

    name: str
    about: str

    def parse(self, url: str, tree: HtmlElement) -> list[LegalDocument]: ...


def _xpath(tree: HtmlElement, path: str) -> list[HtmlElement]:
    if not path:
        return []
    return [el for el in tree.xpath(path) if isinstance(el, HtmlElement)]


@dataclass(frozen=True, kw_only=True)
class RelationGroups:
    """Headed groups of links, one group per kind of relation (a relation tab).

    groups: XPath of each group; heading: XPath (relative to a group) of its heading; links:
    XPath (relative) of its links; kinds: heading key (``label_key``) -> RelationKind, read from
    the page's document's side. A heading not in ``kinds`` (văn bản liên quan cùng nội dung …) is
    not a relation the model keeps."""

    groups: str
    heading: str
    links: str
    kinds: Mapping[str, RelationKind]

    def read(self, tree: HtmlElement, url: str) -> list[Relation]:
        out: list[Relation] = []
        for group in _xpath(tree, self.groups):
            headings = _xpath(group, self.heading)
            kind = self.kinds.get(label_key(line_text(headings[0]))) if headings else None
            if kind is None:
                continue
            for a in _xpath(group, self.links):
                title = line_text(a) or None
                found = find_directives(title) if title else []
                href = (a.get("href") or "").strip()
                out.append(
                    Relation(
                        kind=kind,
                        target_symbol=found[0].symbol if found else None,
                        target_title=title,
                        target_url=urljoin(url, href) if href else None,
                    )
                )
        return out


@dataclass(frozen=True, kw_only=True)
class DetailPage:
    """One document per page, declared by labels and XPaths.

    name, about: the family and the real site and page kinds it models.
    marker: XPath that matches on the family's document pages only (the attribute table, the
        full-text container): a page without it is no document page, [].
    labels: label key (``label_key``) -> the fields its value cell(s) feed, in order ("Cơ quan
        ban hành/Chức danh/Người ký": three cells, three fields); () for a label the page has
        and the model does not keep (Nguồn thu thập).
    label_rows: XPath of table rows whose cells alternate label and value(s).
    label_lines: XPath of elements reading "Label: value".
    heading: XPath of the document's heading (the title).
    heading_states: what the heading's sentence may give where no label did (``read_heading``;
        a subset of HEADING_FIELDS).
    summary: XPath of the trích yếu where the page shows it without a label.
    full_text: XPath of the document's body.
    attachments: XPath of the links to its files.
    relations: the relation tab's groups, if the family has one.
    needs_symbol: a page states a document only if it gives a symbol (a party archive's pages
        without one are its articles); otherwise a symbol or a heading will do.
    """

    name: str
    about: str
    marker: str
    labels: Mapping[str, tuple[str, ...]]
    label_rows: str = ""
    label_lines: str = ""
    heading: str = ""
    heading_states: frozenset[str] = frozenset({"symbol"})
    summary: str = ""
    full_text: str = ""
    attachments: str = ""
    relations: RelationGroups | None = None
    needs_symbol: bool = False

    def parse(self, url: str, tree: HtmlElement) -> list[LegalDocument]:
        if not _xpath(tree, self.marker):
            return []
        reading = FieldReading()
        for row in _xpath(tree, self.label_rows):
            self._read_cells(reading, [c for c in row if c.tag in ("td", "th")])
        for line in _xpath(tree, self.label_lines):
            label, sep, value = line_text(line).partition(":")
            fields = self.labels.get(label_key(label)) if sep else None
            if fields:
                reading.read(fields[0], value)
        for el in _xpath(tree, self.summary)[:1]:
            reading.read("summary", line_text(el))
        headings = (heading_text(h) for h in _xpath(tree, self.heading))
        heading = next((h for h in headings if h), None)
        if heading:
            reading.offer("title", heading)
            read_heading(reading, heading, self.heading_states)
        for body in _xpath(tree, self.full_text)[:1]:  # the first: a nested match repeats it
            reading.offer("full_text", block_text(body) or None)
        reading.attachments = link_attachments(_xpath(tree, self.attachments), url)
        if self.relations is not None:
            reading.relations = self.relations.read(tree, url)
        has_symbol = reading.has("symbol") or reading.symbol_as_written is not None
        if not (has_symbol or (reading.has("title") and not self.needs_symbol)):
            return []  # the container is there but states no document
        return [reading.document(url, self.name)]

    def _read_cells(self, reading: FieldReading, cells: list[HtmlElement]) -> None:
        fields: tuple[str, ...] = ()
        values: list[str] = []
        for cell in [*cells, None]:
            text = line_text(cell) if cell is not None else ""
            key = label_key(text) if cell is not None else None
            if cell is not None and key not in self.labels:
                values.append(text)
                continue
            # A label cell (or the row's end) closes the previous label's values.
            if fields and len(values) == 1 and len(fields) > 1:
                values = [v.strip() for v in values[0].split("/")]
            for name, value in zip(fields, values, strict=False):
                reading.read(name, value)
            fields, values = (self.labels[key] if key is not None else ()), []


@dataclass(frozen=True, kw_only=True)
class DocumentTable:
    """Many documents per page: a table with one document per row (a provincial listing).

    name, about: as for DetailPage.
    tables: XPath of the candidate tables.
    columns: header key (``label_key``) -> the field its cells feed (ATTACHMENTS for a download
        column, "" for a known column the model does not keep: STT). Columns are found by their
        header, whatever their order.
    required: the fields a table's headers must give for it to be a document table.
    """

    name: str
    about: str
    tables: str
    columns: Mapping[str, str]
    required: frozenset[str] = frozenset({"symbol"})

    def parse(self, url: str, tree: HtmlElement) -> list[LegalDocument]:
        out: list[LegalDocument] = []
        for table in _xpath(tree, self.tables):
            # This table's own rows: a layout table's rows hold the listing, not its documents.
            rows = _xpath(table, "./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
            header_at = next((i for i, r in enumerate(rows) if self._columns(r) is not None), None)
            if header_at is None:
                continue
            columns = self._columns(rows[header_at]) or {}
            width = len(_cells(rows[header_at]))
            for row in rows[header_at + 1 :]:
                cells = _cells(row)
                # A row that does not fill the header's columns is a note or the pagination.
                if len(cells) < width:
                    continue
                document = self._row(url, cells, columns)
                if document is not None:
                    out.append(document)
        return out

    def _columns(self, row: HtmlElement) -> dict[int, str] | None:
        """The header row's columns (index -> field), or None for a row that is no header. A
        header is mostly headers: a label/value row ("Số ký hiệu | 30/2020/NĐ-CP | Ngày ban
        hành | …", a detail page's table) has as many values as labels."""
        keys = [label_key(line_text(cell)) for cell in _cells(row)]
        known = [i for i, key in enumerate(keys) if key in self.columns]
        if len(known) < 2 or 2 * len(known) <= sum(1 for key in keys if key):
            return None
        found = {i: self.columns[keys[i]] for i in known if self.columns[keys[i]]}
        return found if self.required <= set(found.values()) else None

    def _row(
        self, url: str, cells: list[HtmlElement], columns: dict[int, str]
    ) -> LegalDocument | None:
        reading = FieldReading()
        for i, name in columns.items():
            if name == ATTACHMENTS:
                reading.attachments += link_attachments(cells[i].iter("a"), url)
            else:
                reading.read(name, line_text(cells[i]))
        if not (reading.has("symbol") or reading.symbol_as_written or reading.has("summary")):
            return None  # an empty row
        return reading.document(url, self.name)


def _cells(row: HtmlElement) -> list[HtmlElement]:
    return [c for c in row if c.tag in ("td", "th")]
