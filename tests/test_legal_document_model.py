"""The legal-document record (pipelines/legal_documents/model.py): what makes a new version."""

from __future__ import annotations

from datetime import date

from pipelines.legal_documents.model import LegalDocument, Relation, RelationKind, Validity


def document(**fields: object) -> LegalDocument:
    base: dict[str, object] = {
        "page_url": "https://vbpl.example.vn/van-ban/1",
        "family": "vbpl",
        "symbol": "30/2020/NĐ-CP",
        "doc_type": "Nghị định",
        "issued_on": date(2020, 3, 5),
        "validity": Validity.IN_FORCE,
        "full_text": "Điều 1. …",
    }
    base.update(fields)
    return LegalDocument.model_validate(base)


def test_a_validity_flip_or_a_new_relation_is_a_new_version() -> None:
    first = document()
    assert document().version_key() == first.version_key()
    assert document(validity=Validity.EXPIRED).version_key() != first.version_key()
    replaced = Relation(kind=RelationKind.REPLACED_BY, target_symbol="01/2025/NĐ-CP")
    assert document(relations=[replaced]).version_key() != first.version_key()


def test_provenance_text_and_relation_order_are_not_versions() -> None:
    a = Relation(kind=RelationKind.BASED_ON, target_symbol="80/2015/QH13")
    b = Relation(kind=RelationKind.AMENDED_BY, target_symbol="154/2020/NĐ-CP")
    first = document(relations=[a, b])
    same = document(
        relations=[b, a],
        page_url="https://other.example.vn/doc",
        full_text="another rendering",
        missing={"signer": "not on the page"},
    )
    assert same.version_key() == first.version_key()
    assert first.official_fields()["validity"] == "còn hiệu lực"
    assert "page_url" not in first.official_fields()
