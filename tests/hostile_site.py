"""A hostile legal-information site on loopback: good Vietnamese articles next to one URL per
kind of hostile or broken input that issue 9 lists (tests/test_hostile_site.py crawls it).

``HostileSite`` runs a threaded ``http.server`` on 127.0.0.1 (ephemeral port) plus a *canary*
server on a second port that must never be asked for anything. Every body is generated in code;
the bombs are built once, cheaply, from a single compressed block repeated (a DEFLATE stream
full-flushed after each block restarts byte-aligned, so identical input blocks give identical
output that may be concatenated).

Good pages (each must end as an article: nothing lost):

| path | what | expected outcome |
|---|---|---|
| ``/tin-tuc/<slug>.html`` (4) | dated; cite directives, report conferences | article |
| ``/tin-tuc/khong-ghi-ngay.html`` | no date anywhere | article, published_on NULL |
| ``/thong-bao/lich-tiep-cong-dan.html`` | one-paragraph notice (< 400 chars) | article |
| ``/loi/sai-ma-ky-tu.html`` | says ``charset=utf-8``, bytes are windows-1258 | article |
| ``/loi/cat-cut.html`` | HTML cut off mid-tag | article (lxml recovers) |
| ``/tin-tuc/hoi-nghi-day-dac.html`` | 600 KB of dense conference text | article |
| ``/van-ban/ke-hoach-45.pdf`` | one-page PDF citing directives | non-html, its text |

The dense page is the super-linear entity pass: its dating re-scanned the page per mention
(~40 s for 600 KB before the pass was made linear).

Hostile URLs (each ends as one recorded outcome with its reason, and the run goes on):

| path | class | expected outcome |
|---|---|---|
| ``/loi/may-chu-500`` | 5xx on every attempt | failed: HTTP 500 |
| ``/loi/phan-hoi-cham`` | answers after ``slow_seconds`` | failed: timeout |
| ``/loi/trang-rat-lon`` | ``huge_bytes``, past DOWNLOAD_MAXSIZE | failed: too large |
| ``/loi/bom-gzip`` | gzip, 100 KB inflating to ``bomb_bytes`` | failed: too large |
| ``/loi/bom-brotli`` | the same with ``br`` (if brotli is installed) | failed: too large |
| ``/van-ban/bom-nen.docx`` | 2 MB .docx, document.xml inflates to 2 GiB | failed: cap |
| ``/van-ban/noi-dung-nang.pdf`` | 80 pages share a 120 KB stream (~1 s each) | failed: timeout |
| ``/loi/vong-lap`` ↔ ``-b`` | redirect loop | failed: redirect loop |
| ``/noi-bo/ho-so`` | disallowed by robots.txt | failed: robots.txt |
| ``/sitemap-bom.xml`` | billion-laughs sitemap (in robots.txt) | feed, never expanded |
| ``/luu-tru?page=N`` | endless pagination (page N links N+1) | cut by a budget |
| ``/lich/YYYY/MM`` | endless calendar (previous and next month) | cut by a budget |
| ``http://127.0.0.1:<canary>/`` | another port of the start host | never fetched |
| ``http://tai-lieu.127.0.0.1:<port>/`` | subdomain-style name of the start host | never fetched |
| ``file:///etc/passwd`` | non-HTTP scheme | never fetched |
| ``http://kiemtra:<secret>@…/tai-khoan/`` | credentials in a link | never archived |

The heavy PDF stays under the readers' byte caps (9.6 MB of content in all): only a time
budget stops it.
"""

from __future__ import annotations

import contextlib
import io
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from vnarchive.demo_sites.faults import make_pdf, sitemap_bomb, to_cp1258

try:  # Scrapy decodes ``br`` only with brotli installed; so is the brotli bomb served only then
    import brotli
except ImportError:  # pragma: no cover - brotli is a locked dependency today
    brotli = None

HTML = "text/html; charset=utf-8"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SECRET = "s3cr3t-HostileSite"  # the password of the credentials link: must never be archived
CHUNK = 1 << 20


# -- good pages -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoodPage:
    path: str
    title: str
    paragraphs: list[str]
    published: str | None  # ISO date, or None for the undated article
    directives: list[str] = field(default_factory=list)  # canonical symbols the body cites
    conference: bool = False  # reports a conference


ARTICLES = [
    GoodPage(
        "/tin-tuc/quan-triet-chi-thi-25.html",
        "Hội nghị quán triệt Chỉ thị số 25-CT/TW của Ban Bí thư",
        [
            "Sáng ngày 12/3/2025, Ban Tuyên giáo Tỉnh ủy Hải Dương tổ chức Hội nghị báo cáo viên "
            "tháng 3 năm 2025, quán triệt Chỉ thị số 25-CT/TW của Ban Bí thư về tăng cường công "
            "tác phổ biến, giáo dục pháp luật trong tình hình mới.",
            "Đồng chí Nguyễn Văn Hùng, Phó Trưởng Ban Tuyên giáo Tỉnh ủy chủ trì hội nghị. Dự hội "
            "nghị có đại diện lãnh đạo các ban xây dựng Đảng, báo cáo viên cấp tỉnh và cấp huyện.",
            "Tại hội nghị, các đại biểu được nghe báo cáo chuyên đề về những điểm mới của Chỉ thị, "
            "trách nhiệm của cấp ủy, chính quyền các cấp trong việc đưa pháp luật vào cuộc sống, "
            "bảo đảm người dân được tiếp cận thông tin pháp luật kịp thời, chính xác.",
            "Phát biểu kết luận, đồng chí Nguyễn Văn Hùng đề nghị các cấp ủy tổ chức học tập, quán "
            "triệt nghiêm túc, xây dựng kế hoạch thực hiện phù hợp với điều kiện của địa phương.",
        ],
        "2025-03-12",
        ["25-CT/TW"],
        True,
    ),
    GoodPage(
        "/tin-tuc/trien-khai-chi-thi-32.html",
        "Triển khai thực hiện Chỉ thị số 32-CT/TW về phổ biến, giáo dục pháp luật",
        [
            "Ngày 20/02/2025, Ủy ban nhân dân tỉnh ban hành Kế hoạch số 45/KH-UBND triển khai thực "
            "hiện Chỉ thị số 32-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng trong công "
            "tác phổ biến, giáo dục pháp luật, nâng cao ý thức chấp hành pháp luật của cán bộ, "
            "nhân dân.",
            "Kế hoạch yêu cầu các sở, ban, ngành và Ủy ban nhân dân cấp huyện đổi mới nội dung, "
            "hình thức tuyên truyền, chú trọng tuyên truyền ở cơ sở, vùng sâu, vùng xa, vùng đồng "
            "bào dân tộc thiểu số; ứng dụng công nghệ thông tin trong phổ biến pháp luật.",
            "Sở Tư pháp là cơ quan thường trực, có trách nhiệm hướng dẫn, đôn đốc, kiểm tra việc "
            "thực hiện và tổng hợp kết quả báo cáo Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 "
            "hằng năm.",
        ],
        "2025-02-20",
        ["45/KH-UBND", "32-CT/TW"],
    ),
    GoodPage(
        "/tin-tuc/tong-ket-pbgdpl-2024.html",
        "Hội nghị trực tuyến tổng kết công tác phổ biến, giáo dục pháp luật năm 2024",
        [
            "Chiều ngày 08/01/2025, Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh tổ chức "
            "Hội nghị trực tuyến tổng kết công tác phổ biến, giáo dục pháp luật năm 2024 và triển "
            "khai nhiệm vụ năm 2025 tới 12 điểm cầu cấp huyện.",
            "Đồng chí Trần Thị Lan, Phó Chủ tịch Ủy ban nhân dân tỉnh, Chủ tịch Hội đồng chủ trì "
            "hội nghị. Năm 2024, toàn tỉnh tổ chức hơn 1.200 buổi tuyên truyền trực tiếp cho trên "
            "95.000 lượt người tham dự, cấp phát hàng chục nghìn tài liệu pháp luật miễn phí.",
            "Hội nghị thống nhất tiếp tục thực hiện Quyết định số 1521/QĐ-TTg của Thủ tướng Chính "
            "phủ, đẩy mạnh chuyển đổi số trong phổ biến, giáo dục pháp luật, nâng cao chất lượng "
            "đội ngũ báo cáo viên, tuyên truyền viên pháp luật ở cơ sở.",
        ],
        "2025-01-08",
        ["1521/QĐ-TTg"],
        True,
    ),
    GoodPage(
        "/tin-tuc/huong-dan-nghi-dinh-28.html",
        "Hướng dẫn thực hiện Nghị định số 28/2013/NĐ-CP tại cơ sở",
        [
            "Ngày 05/11/2024, Sở Tư pháp có văn bản hướng dẫn các địa phương thực hiện Nghị định "
            "số 28/2013/NĐ-CP của Chính phủ quy định chi tiết một số điều và biện pháp thi hành "
            "Luật Phổ biến, giáo dục pháp luật.",
            "Theo hướng dẫn, Ủy ban nhân dân cấp xã rà soát, kiện toàn đội ngũ tuyên truyền viên "
            "pháp luật, bảo đảm mỗi thôn, tổ dân phố có ít nhất một người; bố trí kinh phí cho "
            "hoạt động hòa giải ở cơ sở và xây dựng tủ sách pháp luật.",
            "Các địa phương báo cáo kết quả thực hiện về Sở Tư pháp trước ngày 30 tháng 11 để tổng "
            "hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định.",
        ],
        "2024-11-05",
        ["28/2013/NĐ-CP"],
    ),
]
UNDATED = GoodPage(
    "/tin-tuc/khong-ghi-ngay.html",
    "Tăng cường tuyên truyền pháp luật về phòng, chống ma túy trong trường học",
    [
        "Sở Giáo dục và Đào tạo phối hợp với Công an tỉnh đẩy mạnh tuyên truyền pháp luật về "
        "phòng, chống ma túy cho học sinh các trường trung học trên địa bàn tỉnh, chú trọng những "
        "địa bàn giáp ranh và khu vực có nguy cơ cao.",
        "Các nhà trường lồng ghép nội dung pháp luật vào giờ sinh hoạt chủ nhiệm, hoạt động ngoại "
        "khóa; tổ chức cho học sinh ký cam kết không sử dụng chất gây nghiện, thành lập câu lạc bộ "
        "tuyên truyền viên nhỏ tuổi và hòm thư tố giác tội phạm.",
        "Đoàn Thanh niên các trường phối hợp với gia đình học sinh theo dõi, phát hiện sớm những "
        "trường hợp có biểu hiện nghi vấn để kịp thời giáo dục, hỗ trợ, không để ma túy xâm nhập "
        "học đường.",
    ],
    None,
)
NOTICE = GoodPage(
    "/thong-bao/lich-tiep-cong-dan.html",
    "Thông báo lịch tiếp công dân tháng 4 năm 2025",
    [
        "Sở Tư pháp thông báo lịch tiếp công dân định kỳ vào sáng thứ Năm hằng tuần tại trụ sở cơ "
        "quan, số 12 đường Trần Hưng Đạo. Công dân mang theo giấy tờ tùy thân và hồ sơ liên quan."
    ],
    "2025-03-28",
)
GOOD_PAGES = [*ARTICLES, UNDATED, NOTICE]

CP1258_PAGE = GoodPage(
    "/loi/sai-ma-ky-tu.html",
    "Hội nghị triển khai công tác phổ biến, giáo dục pháp luật năm 2025",
    [
        "Sáng ngày 14/3/2025, Hội đồng phối hợp phổ biến, giáo dục pháp luật thành phố tổ chức hội "
        "nghị triển khai nhiệm vụ công tác phổ biến, giáo dục pháp luật năm 2025.",
        "Hội nghị đã quán triệt Chỉ thị số 32-CT/TW của Ban Bí thư, đề ra giải pháp đưa pháp "
        "luật đến gần hơn với người dân, doanh nghiệp; chú trọng tuyên truyền ở cơ sở, vùng sâu, "
        "vùng xa.",
        "Các đại biểu thống nhất đẩy mạnh ứng dụng công nghệ thông tin, đổi mới hình thức tuyên "
        "truyền phù hợp với từng đối tượng, địa bàn.",
    ],
    "2025-03-14",
    ["32-CT/TW"],
    True,
)
TRUNCATED_PAGE = GoodPage(
    "/loi/cat-cut.html",
    "Tập huấn nghiệp vụ hòa giải ở cơ sở năm 2025",
    [
        "Ngày 18/3/2025, Sở Tư pháp tổ chức lớp tập huấn nghiệp vụ hòa giải ở cơ sở cho hơn 150 "
        "hòa giải viên đến từ các xã, phường, thị trấn trên địa bàn tỉnh.",
        "Các học viên được trang bị kỹ năng tiếp cận, thuyết phục các bên tranh chấp, những quy "
        "định mới của Luật Hòa giải ở cơ sở và các văn bản hướng dẫn thi hành.",
        "Qua lớp tập huấn, đội ngũ hòa giải viên nâng cao năng lực, góp phần giữ gìn đoàn kết "
        "trong cộng đồng dân cư, hạn chế đơn thư vượt cấp.",
    ],
    "2025-03-18",
)
DENSE_PATH = "/tin-tuc/hoi-nghi-day-dac.html"
DENSE = GoodPage(
    DENSE_PATH, "Hội nghị báo cáo viên các cấp: tổng hợp ý kiến đại biểu", [], "2025-03-20"
)
PDF_PATH = "/van-ban/ke-hoach-45.pdf"
PDF_LINES = [
    "ỦY BAN NHÂN DÂN TỈNH",
    "Kế hoạch số 45/KH-UBND ngày 20/02/2025",
    "Thực hiện Chỉ thị số 32-CT/TW của Ban Bí thư về phổ biến, giáo dục pháp luật,",
    "Ủy ban nhân dân tỉnh ban hành kế hoạch triển khai trên địa bàn tỉnh.",
]
PDF_DIRECTIVES = ["45/KH-UBND", "32-CT/TW"]


# -- hostile classes -----------------------------------------------------------------------------
SIZE = r"too large|size|exceed|limit|cap|inflat"  # how a size cap says why


@dataclass(frozen=True)
class Hostile:
    path: str  # on the site, or an absolute URL template with {port} / {canary}
    kind: str
    outcome: str = ""  # regex: the outcome of its one capture in the crawl ("" = see ``fate``)
    reason: str = ""  # regex (case-insensitive) that capture's reason must match
    fate: str = ""  # for the URLs without one such capture: what must become of them


HOSTILE_ALL = [
    Hostile("/loi/may-chu-500", "5xx", "failed", r"\b500\b"),
    Hostile("/loi/phan-hoi-cham", "slow", "failed", r"time ?out"),
    Hostile("/loi/trang-rat-lon", "huge page", "failed", SIZE),
    Hostile("/loi/bom-gzip", "gzip bomb", "failed", SIZE),
    Hostile("/loi/bom-brotli", "brotli bomb", "failed", SIZE),
    Hostile("/van-ban/bom-nen.docx", "docx zip bomb", "failed|non-html", SIZE),
    Hostile("/van-ban/noi-dung-nang.pdf", "heavy PDF", "failed|non-html", r"time ?out|budget"),
    Hostile("/loi/vong-lap", "redirect loop", "failed", r"redirect"),
    Hostile("/noi-bo/ho-so", "robots.txt disallowed", "failed|rejected", r"robots"),
    Hostile("/sitemap-bom.xml", "billion-laughs sitemap", "feed", "", "never expanded"),
    Hostile("/luu-tru?page=1", "endless ?page=N", fate="cut by a budget"),
    Hostile("/lich/2025/03", "calendar trap", fate="cut by a budget"),
    Hostile("http://127.0.0.1:{canary}/", "other port", fate="never fetched"),
    Hostile("http://tai-lieu.127.0.0.1:{port}/", "subdomain", fate="never fetched"),
    Hostile("file:///etc/passwd", "non-HTTP scheme", fate="never fetched"),
    Hostile(
        f"http://kiemtra:{SECRET}@127.0.0.1:{{port}}/tai-khoan/",
        "credentials in a link",
        fate="secret never stored",
    ),
]
# What this site serves: no brotli bomb where Scrapy cannot decode brotli anyway.
HOSTILE = [h for h in HOSTILE_ALL if brotli is not None or h.kind != "brotli bomb"]


@dataclass(frozen=True)
class HostileConfig:
    slow_seconds: float = 8.0  # past the test's crawler DOWNLOAD_TIMEOUT
    huge_bytes: int = 25 * 1024 * 1024  # past the crawler's 20 MB DOWNLOAD_MAXSIZE
    bomb_bytes: int = 100 * 1024 * 1024  # what the gzip / brotli bodies inflate to
    docx_bomb_bytes: int = 2 * 1024**3  # what word/document.xml inflates to (< 4 GiB: no zip64)
    dense_bytes: int = 600_000  # the dense conference page (~40 s in the quadratic entity pass)
    # The heavy PDF: pages sharing one 120 KB content stream of text operators, ~1 s of pypdf
    # per page, 9.6 MB of content in all: under the readers' byte caps, only a time budget stops it
    pdf_pages: int = 80
    pdf_ops: int = 20_000


# -- generators (cheap: one compressed block, repeated) -------------------------------------------
def _deflate_repeated(prefix: bytes, filler: bytes, total: int) -> tuple[bytes, int, int]:
    """Raw DEFLATE of ``prefix`` + ``filler`` bytes up to ``total`` bytes inflated.

    Returns (compressed, crc32, inflated size). Only one CHUNK of filler is ever compressed.
    """
    block = (filler * (CHUNK // len(filler) + 1))[:CHUNK]
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [head.compress(prefix) + head.flush(zlib.Z_FULL_FLUSH)]
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = body.compress(block) + body.flush(zlib.Z_FULL_FLUSH)
    n = max(0, (total - len(prefix)) // CHUNK)
    crc = zlib.crc32(prefix)
    for _ in range(n):
        crc = zlib.crc32(block, crc)
    out.append(packed * n)
    out.append(zlib.compressobj(9, zlib.DEFLATED, -15).flush())  # the final (empty) block
    return b"".join(out), crc, len(prefix) + n * CHUNK


def gzip_bomb(total: int) -> bytes:
    """A gzip member of an HTML page that inflates to ``total`` bytes (mostly spaces)."""
    data, crc, size = _deflate_repeated(
        b'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tin</title></head>'
        b"<body><p>",
        b" ",
        total,
    )
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + data + struct.pack("<II", crc, size & 0xFFFFFFFF)


def brotli_bomb(total: int) -> bytes:
    assert brotli is not None
    comp = brotli.Compressor(quality=1)
    block = b" " * CHUNK
    parts = [comp.process(b'<!DOCTYPE html><html lang="vi"><body><p>')]
    parts += [comp.process(block) for _ in range(total // CHUNK)]
    parts.append(comp.finish())
    return b"".join(parts)


def _zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of raw-DEFLATE entries (name, compressed, crc32, size), written by hand: zipfile
    cannot take pre-compressed data, and compressing gigabytes would take minutes."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in entries:
        offset = out.tell()
        fname = name.encode()
        fields = (20, 0, 8, 0, 0x5A21, crc, len(data), size, len(fname), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + fname + data)
        central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + fname
        )
    start = out.tell()
    out.write(b"".join(central))
    end = out.tell()
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), end - start, start, 0
        )
    )
    return out.getvalue()


def _stored(name: str, text: str) -> tuple[str, bytes, int, int]:
    raw = text.encode()
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, co.compress(raw) + co.flush(), zlib.crc32(raw), len(raw)


def docx_bomb(total: int) -> bytes:
    """A valid-looking .docx whose word/document.xml inflates to ``total`` bytes: an opening
    paragraph, then spaces inside one <w:t> (a well-formed start; the rest never ends)."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    prefix = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body><w:p><w:r>'
        "<w:t>Phụ lục văn bản</w:t></w:r></w:p><w:p><w:r><w:t>"
    ).encode()
    data, crc, size = _deflate_repeated(prefix, b" ", total)
    return _zip(
        [
            _stored(
                "[Content_Types].xml",
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
                '.org/package/2006/content-types"><Override PartName="/word/document.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                'document.main+xml"/></Types>',
            ),
            _stored(
                "_rels/.rels",
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                'officeDocument" Target="word/document.xml"/></Relationships>',
            ),
            ("word/document.xml", data, crc, size),
        ]
    )


def heavy_pdf(pages: int, ops: int) -> bytes:
    """A small PDF whose ``pages`` pages all draw one shared, Flate-compressed content stream of
    ``ops`` text operators: tiny on the wire, seconds of text extraction per page."""
    content = b"BT /F1 1 Tf " + b"(x)Tj " * ops + b"ET"
    stream = zlib.compress(content, 9)
    font = 4 + pages
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (" ".join(f"{4 + i} 0 R" for i in range(pages)).encode(), pages),
        3: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
        font: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    for i in range(pages):
        objs[4 + i] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents 3 0 R >>" % font
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = out.tell()
        out.write(b"%d 0 obj\n" % n + objs[n] + b"\nendobj\n")
    xref, size = out.tell(), max(objs) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.write(b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size)))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


_NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def dense_paragraphs(size: int) -> list[str]:
    """Distinct paragraphs (trafilatura drops repeated ones) dense in conference mentions with no
    date of their own: the kind of text whose dating re-scanned the whole page per mention."""
    out: list[str] = []
    n = i = 0
    while n < size:
        p = (
            f"Đồng chí {_NAMES[i % len(_NAMES)]}, Phó Trưởng Ban Tuyên giáo phát biểu tại Hội nghị "
            f"báo cáo viên lần thứ {i + 1}. Các đại biểu thảo luận về việc thực hiện Chỉ thị số "
            f"{i % 90 + 1}-CT/TW của Ban Bí thư, ý kiến số {i + 1} được ghi nhận tại hội nghị."
        )
        out.append(p)
        n += len(p.encode())
        i += 1
    return out


# -- page templates --------------------------------------------------------------------------------
def _chrome(title: str, main: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(title)} - Cổng thông tin phổ biến, giáo dục pháp luật</title></head>\n"
        '<body><div id="header"><a href="/">Trang chủ</a> | <a href="/tin-tuc/">Tin tức</a> | '
        '<a href="/thong-bao/">Thông báo</a></div>\n'
        f'<div id="main">{main}</div>\n'
        '<div id="footer">Cơ quan chủ quản: Sở Tư pháp. Liên hệ: 0220 3 123 456</div>'
        "</body></html>\n"
    )


def article_html(page: GoodPage) -> str:
    meta = date_line = ""
    if page.published:
        y, m, d = page.published.split("-")
        meta = f'<meta property="article:published_time" content="{page.published}T08:00:00+07:00">'
        date_line = f'<div class="date">Ngày {d}/{m}/{y}</div>'
    body = "\n".join(f"<p>{escape(p)}</p>" for p in page.paragraphs)
    html = _chrome(
        page.title,
        f'<div class="article"><h1>{escape(page.title)}</h1>{date_line}\n{body}\n</div>',
    )
    return html.replace("</head>", meta + "</head>", 1)


def listing_html(title: str, links: list[tuple[str, str]], extra: str = "") -> str:
    items = "\n".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for h, t in links)
    return _chrome(title, f"<h1>{escape(title)}</h1><ul>\n{items}\n</ul>{extra}")


# -- the server ------------------------------------------------------------------------------------
Response = tuple[int, list[tuple[str, str]], bytes]  # status, headers, body


class _Handler(BaseHTTPRequestHandler):
    server_version = "HostileSite/1.0"
    site: HostileSite

    def do_GET(self) -> None:
        self.site.serve(self, with_body=True)

    def do_HEAD(self) -> None:
        self.site.serve(self, with_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the site keeps its own request log."""


class _CanaryHandler(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = listing_html("Cổng khác", [("/khac", "Trang khác")]).encode()
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the site keeps its own request log."""


class HostileSite:
    """The hostile site and its canary on loopback; use as a context manager."""

    def __init__(self, config: HostileConfig | None = None, host: str = "127.0.0.1") -> None:
        self.config = config or HostileConfig()
        self.host = host
        self.base_url = ""
        self.canary_url = ""
        self.request_log: list[tuple[str, int]] = []  # (path, status) in arrival order
        self.auth_headers: list[str] = []  # Authorization headers received (credentials link)
        self.canary_hits: list[str] = []
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        self._cache: dict[str, bytes] = {}
        self._builders: dict[str, Callable[[], bytes]] = {
            "gzip": lambda: gzip_bomb(self.config.bomb_bytes),
            "br": lambda: brotli_bomb(self.config.bomb_bytes),
            "docx": lambda: docx_bomb(self.config.docx_bomb_bytes),
            "pdf": lambda: heavy_pdf(self.config.pdf_pages, self.config.pdf_ops),
            "good-pdf": lambda: make_pdf(PDF_LINES),
            "dense": lambda: self._dense_page().encode(),
        }

    # -- lifecycle --
    def start(self) -> HostileSite:
        for kind in self._builders:  # build the bombs before anything asks for them
            self._body(kind)
        canary = type("Canary", (_CanaryHandler,), {"hits": self.canary_hits})
        handler = type("Hostile", (_Handler,), {"site": self})
        for cls in (handler, canary):
            server = ThreadingHTTPServer((self.host, 0), cls)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        self.base_url = f"http://{self.host}:{self._servers[0].server_address[1]}"
        self.canary_url = f"http://{self.host}:{self._servers[1].server_address[1]}"
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> HostileSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what tests ask --
    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    def url(self, path: str) -> str:
        if "://" in path:
            return path.format(port=self.port, canary=self.canary_url.rsplit(":", 1)[1])
        return self.base_url + path

    def hits(self) -> Counter[str]:
        """Requests per path (query dropped)."""
        with self._lock:
            return Counter(p.split("?", 1)[0] for p, _ in self.request_log)

    # -- serving --
    def _body(self, kind: str) -> bytes:
        with self._lock:
            if kind not in self._cache:
                self._cache[kind] = self._builders[kind]()
            return self._cache[kind]

    def _dense_page(self) -> str:
        paragraphs = dense_paragraphs(self.config.dense_bytes)
        return article_html(GoodPage(DENSE.path, DENSE.title, paragraphs, DENSE.published))

    def serve(self, handler: BaseHTTPRequestHandler, with_body: bool) -> None:
        raw = handler.path
        path = urlsplit(raw).path
        if path.startswith("/tai-khoan/") and handler.headers.get("Authorization"):
            with self._lock:
                self.auth_headers.append(handler.headers["Authorization"])
        if path == "/loi/phan-hoi-cham":
            self._log(raw, 200)  # on arrival: the client gives up before this wakes
            time.sleep(self.config.slow_seconds)
            self._send(handler, with_body, 200, [("Content-Type", HTML)], b"<html>muon</html>")
            return
        if path == "/loi/trang-rat-lon":
            self._log(raw, 200)
            self._send_huge(handler, with_body)
            return
        status, headers, body = self._route(raw)
        self._log(raw, status)
        self._send(handler, with_body, status, headers, body)

    def _log(self, raw: str, status: int) -> None:
        with self._lock:
            self.request_log.append((raw, status))

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        with_body: bool,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> None:
        try:
            handler.send_response(status)
            for key, value in headers:
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if with_body:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up (timeout, size): expected

    def _send_huge(self, handler: BaseHTTPRequestHandler, with_body: bool) -> None:
        size = self.config.huge_bytes
        chunk = (b"<p>" + "Nội dung rất dài. ".encode() * 3000 + b"</p>\n")[:CHUNK]
        # The crawler hangs up past its size cap: a broken pipe is the expected end.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.send_response(200)
            handler.send_header("Content-Type", HTML)
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            sent = 0
            while with_body and sent < size:
                part = chunk[: size - sent]
                handler.wfile.write(part)
                sent += len(part)

    def _route(self, raw: str) -> Response:
        parts = urlsplit(raw)
        path = parts.path
        html = [("Content-Type", HTML)]
        good = {p.path: p for p in GOOD_PAGES}
        if path == "/":
            return 200, html, self._home().encode()
        if path == "/robots.txt":
            body = (
                "User-agent: *\nDisallow: /noi-bo/\n"
                f"Sitemap: {self.base_url}/sitemap.xml\nSitemap: {self.base_url}/sitemap-bom.xml\n"
            )
            return 200, [("Content-Type", "text/plain; charset=utf-8")], body.encode()
        if path == "/sitemap.xml":
            locs = [p.path for p in GOOD_PAGES] + [PDF_PATH, "/van-ban/bom-nen.docx"]
            urls = "".join(f"<url><loc>{self.base_url}{p}</loc></url>" for p in locs)
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                f'schemas/sitemap/0.9">{urls}</urlset>\n'
            )
            return 200, [("Content-Type", "application/xml; charset=utf-8")], body.encode()
        if path == "/sitemap-bom.xml":
            return 200, [("Content-Type", "application/xml")], sitemap_bomb()
        if path in good:
            return 200, html, article_html(good[path]).encode()
        if path in ("/tin-tuc/", "/thong-bao/"):
            links = [(p.path, p.title) for p in GOOD_PAGES if p.path.startswith(path)]
            return (
                200,
                html,
                listing_html("Tin tức" if "tin" in path else "Thông báo", links).encode(),
            )
        if path == CP1258_PAGE.path:
            return 200, html, to_cp1258(article_html(CP1258_PAGE))
        if path == TRUNCATED_PAGE.path:
            page = article_html(TRUNCATED_PAGE).encode()
            return 200, html, page[: page.rindex(b"</p>") + 4] + b"\n<p cla"
        if path == DENSE_PATH:
            return 200, html, self._body("dense")
        if path == PDF_PATH:
            return 200, [("Content-Type", PDF)], self._body("good-pdf")
        if path == "/loi/may-chu-500":
            return 500, html, b"<html><body>Internal Server Error</body></html>"
        if path == "/loi/bom-gzip":
            return 200, [*html, ("Content-Encoding", "gzip")], self._body("gzip")
        if path == "/loi/bom-brotli" and brotli is not None:
            return 200, [*html, ("Content-Encoding", "br")], self._body("br")
        if path == "/van-ban/bom-nen.docx":
            return 200, [("Content-Type", DOCX)], self._body("docx")
        if path == "/van-ban/noi-dung-nang.pdf":
            return 200, [("Content-Type", PDF)], self._body("pdf")
        if path in ("/loi/vong-lap", "/loi/vong-lap-b"):
            target = "/loi/vong-lap-b" if path == "/loi/vong-lap" else "/loi/vong-lap"
            return 302, [("Location", self.base_url + target)], b""
        if path.startswith("/noi-bo/"):
            return 200, html, article_html(GoodPage(path, "Hồ sơ nội bộ", ["Mật."], None)).encode()
        if path == "/luu-tru":
            n = int((parse_qs(parts.query).get("page") or ["1"])[0] or 1)
            links = [(f"/luu-tru?page={n + 1}", "Trang sau"), ("/", "Trang chủ")]
            return 200, html, listing_html(f"Lưu trữ - trang {n}", links).encode()
        if path.startswith("/lich/"):
            return self._calendar(path)
        if path.startswith("/tai-khoan/"):
            return 200, html, listing_html("Tài khoản", [("/", "Trang chủ")]).encode()
        return 404, html, b"<html><body>Not found</body></html>"

    def _calendar(self, path: str) -> Response:
        try:
            year, month = (int(x) for x in path.strip("/").split("/")[1:3])
        except ValueError:
            return 404, [("Content-Type", HTML)], b"<html><body>Not found</body></html>"
        nxt = (year + month // 12, month % 12 + 1)
        prev = (year - (month == 1), (month - 2) % 12 + 1)
        links = [
            (f"/lich/{prev[0]}/{prev[1]:02d}", "Tháng trước"),
            (f"/lich/{nxt[0]}/{nxt[1]:02d}", "Tháng sau"),
        ]
        body = listing_html(f"Lịch công tác tháng {month}/{year}", links).encode()
        return 200, [("Content-Type", HTML)], body

    def _home(self) -> str:
        links = [(p.path, p.title) for p in GOOD_PAGES]
        links += [
            (CP1258_PAGE.path, CP1258_PAGE.title),
            (TRUNCATED_PAGE.path, TRUNCATED_PAGE.title),
            (DENSE.path, DENSE.title),
            (PDF_PATH, "Kế hoạch số 45/KH-UBND (PDF)"),
        ]
        links += [(self.url(h.path), h.kind) for h in HOSTILE]
        return listing_html("Cổng thông tin phổ biến, giáo dục pháp luật", links)
