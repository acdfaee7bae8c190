"""provincial_table: a provincial portal's document listings ("Văn bản chỉ đạo điều hành",
"Văn bản quy phạm pháp luật", "Văn bản của tỉnh"), as the provinces' portals (VNPT, SharePoint
and DNN templates alike) print them: one table, one document per row, "Số ký hiệu | Ngày ban
hành | Trích yếu | Tải về" and often STT, Cơ quan ban hành, Loại văn bản. Column order and header
wording differ between provinces, so columns are found by their header. Each row's record has
the listing's URL as its page; the download link is its attachment. Modelled on those listings as
known offline (tests/fixtures/legal_documents/provincial_table/README.md).
"""

from pipelines.legal_documents.families.base import ATTACHMENTS, DocumentTable

PARSER = DocumentTable(
    name="provincial_table",
    about=__doc__ or "",
    tables="//table",
    columns={
        "stt": "",
        "tt": "",
        "số tt": "",
        "lượt xem": "",
        "xem": "",
        "số ký hiệu": "symbol",
        "số kí hiệu": "symbol",
        "số hiệu": "symbol",
        "ký hiệu": "symbol",
        "kí hiệu": "symbol",
        "số văn bản": "symbol",
        "số hiệu văn bản": "symbol",
        "ngày ban hành": "issued_on",
        "ngày bh": "issued_on",
        "ban hành": "issued_on",
        "ngày ký": "issued_on",
        "trích yếu": "summary",
        "trích yếu nội dung": "summary",
        "nội dung": "summary",
        "tên văn bản": "summary",
        "cơ quan ban hành": "issuer",
        "nơi ban hành": "issuer",
        "loại văn bản": "doc_type",
        "người ký": "signer",
        "ngày hiệu lực": "effective_on",
        "ngày có hiệu lực": "effective_on",
        "hiệu lực": "validity",
        "tình trạng": "validity",
        "tình trạng hiệu lực": "validity",
        "tải về": ATTACHMENTS,
        "tải file": ATTACHMENTS,
        "file": ATTACHMENTS,
        "tệp đính kèm": ATTACHMENTS,
        "file đính kèm": ATTACHMENTS,
        "đính kèm": ATTACHMENTS,
        "download": ATTACHMENTS,
    },
)
