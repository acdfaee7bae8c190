"""vbpl: the national database of legal normative documents (Cơ sở dữ liệu quốc gia về văn bản
pháp luật, vbpl.vn, and its per-ministry and per-province copies on the same template).

Each document has tabs, each its own page: "Toàn văn" (``vbpq-toanvan.aspx?ItemID=…``: the full
text in ``#toanvancontent``, a short info list "Hiệu lực: …", "Ngày có hiệu lực: …" and the
attached files), "Thuộc tính" (``vbpq-thuoctinh.aspx``: the attribute table, rows of label and
value cells, "Cơ quan ban hành/Chức danh/Người ký" with three value cells) and "Lược đồ" / "VB
liên quan" (``vbpq-luocdo.aspx``: one headed group of links per relation). One page gives one
record; the warehouse merges a document's tabs by symbol. Modelled on the template's layout as
known offline (tests/fixtures/legal_documents/vbpl/README.md says what was modelled).
"""

from pipelines.legal_documents.families.base import FILE_LINK, DetailPage, RelationGroups
from pipelines.legal_documents.model import RelationKind

PARSER = DetailPage(
    name="vbpl",
    about=__doc__ or "",
    marker=(
        "//div[contains(@class,'vbProperties')] | //div[@id='toanvancontent']"
        " | //div[contains(@class,'vbLuocDo')]"
    ),
    labels={
        "số ký hiệu": ("symbol",),
        "ngày ban hành": ("issued_on",),
        "loại văn bản": ("doc_type",),
        "ngày có hiệu lực": ("effective_on",),
        "nguồn thu thập": (),
        "ngày đăng công báo": (),
        "ngành": (),
        "lĩnh vực": ("field",),
        "cơ quan ban hành chức danh người ký": ("issuer", "signer_title", "signer"),
        "cơ quan ban hành": ("issuer",),
        "người ký": ("signer",),
        "phạm vi": ("scope",),
        "thông tin áp dụng": (),
        "tình trạng hiệu lực": ("validity",),
        "hiệu lực": ("validity",),
        "lý do hết hiệu lực": ("validity_reason",),
        "lý do hết hiệu lực một phần": ("validity_reason",),
        "ngày hết hiệu lực": ("expires_on",),
        "trích yếu": ("summary",),
    },
    label_rows="//div[contains(@class,'vbProperties')]//tr",
    label_lines="//div[contains(@class,'vbInfo')]//li",
    heading="//div[contains(@class,'box-title')]//h1",
    # The attribute table's first row, the trích yếu in full width, without a label.
    summary="//div[contains(@class,'vbProperties')]//td[contains(@class,'title')]",
    full_text="//div[@id='toanvancontent']",
    attachments=f"//div[contains(@class,'fileAttack')]//{FILE_LINK}",
    relations=RelationGroups(
        groups="//div[contains(@class,'vbLuocDo')]//div[contains(@class,'ct')]",
        heading="./*[contains(@class,'title')]",
        links=".//li/a[@href]",
        kinds={
            "văn bản căn cứ": RelationKind.BASED_ON,
            "văn bản bị thay thế": RelationKind.REPLACES,
            "văn bản thay thế": RelationKind.REPLACED_BY,
            "văn bản bị sửa đổi bổ sung": RelationKind.AMENDS,
            "văn bản sửa đổi bổ sung": RelationKind.AMENDED_BY,
            "văn bản được hướng dẫn": RelationKind.GUIDES,
            "văn bản hướng dẫn": RelationKind.GUIDED_BY,
            "văn bản bị bãi bỏ": RelationKind.REPEALS,
            "văn bản bãi bỏ": RelationKind.REPEALED_BY,
        },
    ),
)
