"""What a document page officially says of a legal document: the record every family's parser
gives (pipelines/legal_documents/families/) and the warehouse's `documents` layer stores.

A field the page lacks, or gives in a form the parser does not know, is None and its reason is in
`missing` (field name -> reason): the record is kept, never dropped (issue 14's acceptance).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# The fields whose change makes a new version (`LegalDocument.official_fields`), in the
# record's order. The warehouse (warehouse/documents.py, which may not import pipelines/) keeps
# its own copy; tests/test_documents_warehouse.py checks the two are equal.
OFFICIAL_FIELDS: tuple[str, ...] = (
    "symbol",
    "doc_type",
    "issuer",
    "signer",
    "signer_title",
    "title",
    "summary",
    "issued_on",
    "effective_on",
    "expires_on",
    "validity",
    "validity_reason",
    "field",
    "scope",
)


class Validity(StrEnum):
    """Tình trạng hiệu lực, as the national database words it."""

    IN_FORCE = "còn hiệu lực"
    EXPIRED = "hết hiệu lực toàn bộ"
    PARTLY_EXPIRED = "hết hiệu lực một phần"
    NOT_YET = "chưa có hiệu lực"


class RelationKind(StrEnum):
    """How a page says this document relates to another (the relation tab's headings), always
    read from this document's side: REPLACES means this document replaces the target."""

    BASED_ON = "căn cứ"
    REPLACES = "thay thế"
    REPLACED_BY = "bị thay thế"
    AMENDS = "sửa đổi, bổ sung"
    AMENDED_BY = "bị sửa đổi, bổ sung"
    GUIDES = "hướng dẫn"
    GUIDED_BY = "được hướng dẫn"
    REPEALS = "bãi bỏ"
    REPEALED_BY = "bị bãi bỏ"


class Relation(BaseModel):
    """One related document as the page lists it: its symbol (canonical when one could be read),
    and its title and link when given."""

    model_config = ConfigDict(frozen=True)

    kind: RelationKind
    target_symbol: str | None
    target_title: str | None = None
    target_url: str | None = None


class Attachment(BaseModel):
    """A file the page offers (the full text as PDF/DOC/DOCX): fetched within the attachment
    budgets like any other attachment."""

    model_config = ConfigDict(frozen=True)

    url: str
    label: str | None = None


class LegalDocument(BaseModel):
    """One legal document as one page states it (provenance: `page_url`)."""

    page_url: str
    family: str  # the parser family that read it: vbpl, chinhphu, provincial_table, party_archive
    symbol: str | None  # canonical số, ký hiệu (25-CT/TW, 30/2020/NĐ-CP), as directives store it
    symbol_as_written: str | None = None
    doc_type: str | None = None  # Chỉ thị, Nghị định, Quyết định, Luật ...
    issuer: str | None = None  # cơ quan ban hành
    signer: str | None = None  # người ký
    signer_title: str | None = None  # chức danh
    title: str | None = None
    summary: str | None = None  # trích yếu
    issued_on: date | None = None
    effective_on: date | None = None
    expires_on: date | None = None
    validity: Validity | None = None
    validity_reason: str | None = None  # lý do hết hiệu lực / phần hết hiệu lực
    field: str | None = None  # lĩnh vực
    scope: str | None = None  # phạm vi
    full_text: str | None = None  # the page's HTML body, as text
    attachments: list[Attachment] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    missing: dict[str, str] = Field(default_factory=dict)  # field -> why it is None

    def official_fields(self) -> dict[str, object]:
        """The fields whose change makes a new version of the document (validity flips first of
        all); provenance, the full text and attachments are not among them."""
        return self.model_dump(
            include=set(OFFICIAL_FIELDS),
            mode="json",
        )

    def version_key(self) -> str:
        """Hash of the official fields and the relations: a stored document gets a new version
        when a page's key differs from its latest one (and only then)."""
        relations = sorted(
            (r.kind.value, r.target_symbol or "", r.target_url or "") for r in self.relations
        )
        payload = json.dumps(
            [self.official_fields(), relations], ensure_ascii=False, sort_keys=True
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
