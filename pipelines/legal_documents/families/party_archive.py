"""party_archive: a Party document archive (the Communist Party's "Tư liệu văn kiện" archive,
tulieuvankien.dangcongsan.vn, and provincial Party committees' "Văn bản của Đảng" pages on the
same pattern).

A document page is an article whose heading is the document's citation, "Chỉ thị số 25-CT/TW
ngày 25/10/2023 của Ban Bí thư về …": the symbol, type, issue date, issuing body and subject are
read from that sentence (``find_directives``), the body is the full text; some pages add a short
info list ("Số hiệu: …", "Cơ quan ban hành: …"), which wins over the heading. A page whose heading
cites no symbol is one of the archive's articles, not a document. Modelled on those pages as
known offline (tests/fixtures/legal_documents/party_archive/README.md).
"""

from pipelines.legal_documents.families.base import FILE_LINK, HEADING_FIELDS, DetailPage

PARSER = DetailPage(
    name="party_archive",
    about=__doc__ or "",
    marker="//div[contains(@class,'post-content')]",
    labels={
        "số hiệu": ("symbol",),
        "số ký hiệu": ("symbol",),
        "loại văn bản": ("doc_type",),
        "cơ quan ban hành": ("issuer",),
        "ngày ban hành": ("issued_on",),
        "người ký": ("signer",),
        "tình trạng": ("validity",),
        "tình trạng hiệu lực": ("validity",),
        "lĩnh vực": ("field",),
    },
    label_lines="//ul[contains(@class,'doc-info')]/li",
    heading="//h1[contains(@class,'post-title')]",
    heading_states=HEADING_FIELDS,
    full_text="//div[contains(@class,'post-content')]",
    attachments=f"//div[contains(@class,'post-attachments')]//{FILE_LINK}",
    needs_symbol=True,
)
