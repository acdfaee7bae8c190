"""A document page's documents: ``parse_document_page(url, html, family)`` with the family's
declarative parser (pipelines/legal_documents/families/). Pure: no I/O."""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from pipelines.legal_documents.families import PARSERS
from pipelines.legal_documents.families.base import DocumentParser, load_tree
from pipelines.legal_documents.model import LegalDocument

# Family name -> parser: vbpl, chinhphu, provincial_table, party_archive.
FAMILIES: dict[str, DocumentParser] = PARSERS


class UnknownDocumentFamilyError(ValueError):
    """A family no module of pipelines/legal_documents/families/ declares (a caller's error,
    not a page's)."""


def parse_document_page(url: str, html: str | bytes, family: str) -> list[LegalDocument]:
    """The legal documents a page of ``family`` states: one for a document page, one per row for
    a listing table, [] for any other page (an article, an empty or unreadable body). Fields the
    page lacks or words in an unknown form are None with their reason in ``missing``. Never
    raises on a page's content; bytes are decoded as the page declares (pipelines/text.py)."""
    parser = FAMILIES.get(family)
    if parser is None:
        raise UnknownDocumentFamilyError(f"no document family {family!r}; known: {list(FAMILIES)}")
    tree = load_tree(html)
    if tree is None:
        return []
    return parser.parse(url, tree)


def row_statements(records: list[LegalDocument]) -> list[LegalDocument]:
    """Each document a page states, under a page key of its own. A listing page states several,
    and the warehouse keeps one statement per page URL and capture, so each row becomes
    ``<listing URL>#<its symbol>`` (``#row-<n>`` without one): a row keeps its key when the
    listing is reordered by newer documents. A page stating one document keeps its URL."""
    if len(records) < 2:
        return records
    keyed: list[LegalDocument] = []
    seen: Counter[str] = Counter()
    for n, record in enumerate(records, 1):
        tag = record.symbol or f"row-{n}"
        seen[tag] += 1
        if seen[tag] > 1:  # the same symbol twice on one page: keep both statements
            tag = f"{tag}-{seen[tag]}"
        key = f"{record.page_url.split('#', 1)[0]}#{quote(tag, safe='/-')}"
        keyed.append(record.model_copy(update={"page_url": key}))
    return keyed
