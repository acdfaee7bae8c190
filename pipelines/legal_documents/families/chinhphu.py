"""chinhphu: the Government's document portal (Hệ thống văn bản, vanban.chinhphu.vn) and the
Official Gazette (Công báo, congbao.chinhphu.vn) document pages.

A document page shows the trích yếu as its heading, a label/value table (Số ký hiệu, Ngày ban
hành, Loại văn bản, Cơ quan ban hành, Người ký, Trích yếu, Ngày hiệu lực, Tình trạng hiệu lực;
the gazette adds Số công báo and Ngày đăng công báo), the attached files (PDF/DOC/DOCX) in a row
of the table, and on some pages the text itself below it. Modelled on the portal's layout as
known offline (tests/fixtures/legal_documents/chinhphu/README.md).
"""

from pipelines.legal_documents.families.base import FILE_LINK, DetailPage

PARSER = DetailPage(
    name="chinhphu",
    about=__doc__ or "",
    marker="//table[contains(@class,'doc-properties')]",
    labels={
        "số ký hiệu": ("symbol",),
        "số hiệu": ("symbol",),
        "ký hiệu": ("symbol",),
        "ngày ban hành": ("issued_on",),
        "loại văn bản": ("doc_type",),
        "cơ quan ban hành": ("issuer",),
        "người ký": ("signer",),
        "chức vụ": ("signer_title",),
        "chức danh": ("signer_title",),
        "trích yếu": ("summary",),
        "ngày hiệu lực": ("effective_on",),
        "ngày có hiệu lực": ("effective_on",),
        "ngày hết hiệu lực": ("expires_on",),
        "tình trạng hiệu lực": ("validity",),
        "hiệu lực": ("validity",),
        "lĩnh vực": ("field",),
        "số công báo": (),
        "ngày đăng công báo": (),
        "tài liệu đính kèm": (),
        "văn bản đính kèm": (),
    },
    label_rows="//table[contains(@class,'doc-properties')]//tr",
    heading="//h1[contains(@class,'doc-title')]",
    full_text="//div[contains(@class,'doc-content')]",
    attachments=f"//table[contains(@class,'doc-properties')]//{FILE_LINK}",
)
