"""Fault mode of the demo sites: the bad input real government sites serve, on demand.

``DemoSites(faults=True)`` (the CLI: ``vnarchive demo-sites --faults``, ``vnarchive serve --demo
--faults``) serves these under ``/faults/`` of the ``haiphong-pbgdpl`` site (its home page links
the fault index, its robots.txt gains a Disallow and two sitemaps):

| path | fault |
|---|---|
| ``/faults/5xx-burst`` | 503 for the first ``burst`` requests, then a normal page |
| ``/faults/slow`` | answers after ``slow_seconds`` (past the crawler's download timeout) |
| ``/faults/redirect-loop`` | 302 to ``/faults/redirect-loop-b``, which 302s back |
| ``/faults/private/ho-so`` | disallowed by robots.txt (linked from the index) |
| ``/faults/cp1258`` | says ``charset=utf-8`` but the bytes are windows-1258 |
| ``/faults/truncated`` | HTML cut off mid-tag |
| ``/faults/huge`` | a ``huge_bytes`` (50 MB) page, past the crawler's DOWNLOAD_MAXSIZE |
| ``/faults/van-ban.pdf`` | a PDF attachment with directive text |
| ``/faults/phu-luc.docx``, ``/faults/tai-lieu.zip`` | non-HTML URLs in ``/faults/sitemap.xml`` |
| ``/faults/sitemap-bomb.xml`` | a sitemap with a billion-laughs entity bomb |

and it starts a fourth site, ``down-site`` (:data:`DOWN_SITE`, the port after the three demo sites),
that answers 503 to every request, robots.txt included: a whole source down for maintenance. Its
source's run fails ("N/N fetches failed … HTTP 503"), and so does the parent run, naming it; the
fault pages only add fetch errors by reason to ``haiphong-pbgdpl``'s report (a few per hundred
pages: it still rates OK).

Everything is generated in code (the PDF by hand: pure Python, no PDF library needed to write it).
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .server import _Handler

FAULT_SITE = "haiphong-pbgdpl"
DOWN_SITE = "down-site"  # source id of the site that is down (503 to everything)
DOWN_TITLE = "Trang đang bảo trì (trả lời 503 mọi yêu cầu)"
PREFIX = "/faults/"
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Text of the fault pages and attachments (tests compare against these).
CP1258_TITLE = "Hội nghị triển khai công tác phổ biến, giáo dục pháp luật năm 2024"
CP1258_PARAGRAPHS = [
    "Sáng ngày 15/3/2024, Hội đồng phối hợp phổ biến, giáo dục pháp luật thành phố Hải Phòng "
    "tổ chức hội nghị triển khai nhiệm vụ công tác phổ biến, giáo dục pháp luật năm 2024.",
    "Hội nghị đã quán triệt Chỉ thị số 32-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng "
    "trong công tác phổ biến, giáo dục pháp luật, nâng cao ý thức chấp hành pháp luật của cán bộ, "
    "nhân dân.",
    "Các đại biểu thống nhất đẩy mạnh ứng dụng công nghệ thông tin, đổi mới hình thức tuyên truyền "
    "phù hợp với từng đối tượng, địa bàn; chú trọng tuyên truyền ở cơ sở, vùng sâu, vùng xa.",
]
PDF_LINES = [
    "UỶ BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",
    "Kế hoạch số 45/KH-UBND ngày 20/02/2024",
    "Thực hiện Chỉ thị số 32-CT/TW ngày 09/12/2003 của Ban Bí thư",
    "và Quyết định số 1521/QĐ-TTg ngày 06/10/2022 của Thủ tướng Chính phủ,",
    "Ủy ban nhân dân thành phố ban hành kế hoạch phổ biến, giáo dục pháp luật năm 2024.",
]
DOCX_PARAGRAPHS = [
    "Phụ lục: Danh mục văn bản quy phạm pháp luật cần tuyên truyền",
    "Luật Phổ biến, giáo dục pháp luật; Nghị định số 28/2013/NĐ-CP của Chính phủ.",
]


@dataclass(frozen=True)
class FaultConfig:
    burst: int = 2  # 503s before /faults/5xx-burst comes up (crawler retries twice: 3rd try wins)
    slow_seconds: float = 12.0  # the no-polite crawler gives up after 10 s
    huge_bytes: int = 50 * 1024 * 1024  # the crawler aborts past 20 MB


FAULT_LINKS = [
    ("5xx-burst", "Trang lỗi 503 tạm thời"),
    ("slow", "Trang phản hồi chậm"),
    ("redirect-loop", "Chuyển hướng vòng lặp"),
    ("private/ho-so", "Hồ sơ nội bộ"),
    ("cp1258", "Trang mã windows-1258"),
    ("truncated", "Trang HTML bị cắt"),
    ("huge", "Trang 50 MB"),
    ("van-ban.pdf", "Văn bản đính kèm (PDF)"),
]
SITEMAP_LINKS = ["phu-luc.docx", "tai-lieu.zip", "cp1258"]


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese as windows-1258 does: precomposed letters, tones as combining marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


def _page(title: str, paragraphs: list[str], published: str = "2024-03-15T08:00:00+07:00") -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        f'<meta property="article:published_time" content="{published}"></head>\n'
        f'<body><div id="wrapper"><div class="content"><h1>{escape(title)}</h1>\n'
        f"{body}\n</div></div></body></html>\n"
    )


def _index_page() -> bytes:
    items = "\n".join(
        f'<li><a href="{PREFIX}{path}">{escape(label)}</a></li>' for path, label in FAULT_LINKS
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Trang lỗi thử nghiệm'
        f"</title></head><body><ul>\n{items}\n</ul></body></html>\n"
    ).encode()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text pypdf extracts: a simple font whose ToUnicode CMap maps one byte
    per distinct character (no embedded glyphs: it is about the text layer, like many scans+OCR).
    """
    chars = sorted({c for line in lines for c in unicodedata.normalize("NFC", line)})
    if len(chars) > 220:
        raise ValueError("too many distinct characters for a single-byte font")
    code = {c: 32 + i for i, c in enumerate(chars)}
    content = ["BT", "/F1 11 Tf", "14 TL", "50 790 Td"]
    for line in lines:
        encoded = "".join(f"{code[c]:02X}" for c in unicodedata.normalize("NFC", line))
        content.append(f"<{encoded}> Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")
    bfchar = "\n".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        f"{len(chars)} beginbfchar\n{bfchar}\nendbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 "
        b"/ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    """A minimal valid .docx (WordprocessingML in a zip)."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}"><w:body>{body}'
            "</w:body></w:document>",
        )
    return buf.getvalue()


def make_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("doc-thu.txt", "Tài liệu nén thử nghiệm.")
    return buf.getvalue()


def sitemap_bomb(levels: int = 10) -> bytes:
    """Billion laughs: expanding &lol9; would take 10**9 bytes. Kept short so `<urlset` is still
    within the first KiB (where the spider sniffs for a sitemap)."""
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, levels)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE urlset [\n' + "\n".join(ents) + "\n]>\n"
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>&lol{levels - 1};</loc></url></urlset>\n"
    ).encode()


class Faults:
    """Serves the fault paths of one site; ``serve`` returns False for everything else."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self.config = config or FaultConfig()
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._pdf = make_pdf(PDF_LINES)
        self._docx = make_docx(DOCX_PARAGRAPHS)
        self._zip = make_zip()

    def serve(self, handler: _Handler, with_body: bool) -> bool:
        path = handler.path.split("?", 1)[0]
        app = handler.app
        base = app.base_url
        extra: list[tuple[str, str]] = []
        logged = False
        if path == "/":
            status, ctype, body = app.handle(handler.path)
            link = f'<a href="{PREFIX}">Trang lỗi thử nghiệm</a></body>'.encode()
            body = body.replace(b"</body>", link, 1)
        elif path == "/robots.txt":
            status, ctype, body = app.handle(handler.path)
            body = body.replace(
                b"Disallow: /admin/\n", b"Disallow: /admin/\nDisallow: /faults/private/\n"
            )
            for sitemap in ("sitemap.xml", "sitemap-bomb.xml"):
                body += f"Sitemap: {base}{PREFIX}{sitemap}\n".encode()
        elif not path.startswith(PREFIX):
            return False
        else:
            name = path[len(PREFIX) :]
            with self._lock:
                self.hits[name] += 1
                hits = self.hits[name]
            html = "text/html; charset=utf-8"
            status, ctype = 200, html
            if name == "":
                body = _index_page()
            elif name == "5xx-burst":
                if hits <= self.config.burst:
                    status, body = 503, b"<html><body>Service Unavailable</body></html>"
                    extra.append(("Retry-After", "0"))
                else:
                    body = _page(
                        "Trang đã hoạt động trở lại sau sự cố máy chủ",
                        ["Máy chủ tạm thời quá tải, nay đã hoạt động bình thường trở lại. " * 3],
                    ).encode()
            elif name == "slow":
                # Logged on arrival: the client gives up first, and the run may be over (and the
                # log read) before this handler wakes up.
                handler.on_request(app.info.name, handler.path, status)
                logged = True
                time.sleep(self.config.slow_seconds)
                body = _page("Trang phản hồi chậm", ["Nội dung trả về rất chậm."]).encode()
            elif name in ("redirect-loop", "redirect-loop-b"):
                target = "redirect-loop-b" if name == "redirect-loop" else "redirect-loop"
                status, body = 302, b""
                extra.append(("Location", f"{base}{PREFIX}{target}"))
            elif name.startswith("private/"):
                body = _page("Hồ sơ nội bộ", ["Không được phép lưu trữ."]).encode()
            elif name == "cp1258":
                body = to_cp1258(_page(CP1258_TITLE, CP1258_PARAGRAPHS))
            elif name == "truncated":
                page = _page(CP1258_TITLE + " (bản lỗi)", CP1258_PARAGRAPHS[1:] * 2).encode()
                body = page[: page.rindex(b"<p>") + 40] + b"<p cla"
            elif name == "huge":
                self._send_huge(handler, with_body)
                return True
            elif name == "van-ban.pdf":
                ctype, body = PDF_TYPE, self._pdf
            elif name == "phu-luc.docx":
                ctype, body = DOCX_TYPE, self._docx
            elif name == "tai-lieu.zip":
                ctype, body = "application/zip", self._zip
            elif name == "sitemap.xml":
                locs = "".join(f"<url><loc>{base}{PREFIX}{p}</loc></url>" for p in SITEMAP_LINKS)
                ctype = "application/xml; charset=utf-8"
                body = (
                    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.'
                    f'org/schemas/sitemap/0.9">{locs}</urlset>\n'
                ).encode()
            elif name == "sitemap-bomb.xml":
                ctype, body = "application/xml", sitemap_bomb()
            else:
                status, body = 404, b"<html><body>Not found</body></html>"
        if not logged:
            handler.on_request(app.info.name, handler.path, status)
        # The crawler has usually given up on /faults/slow by now: a closed connection is the
        # fault working, not a server error worth a traceback in the operator's terminal.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body)))
            for key, value in extra:
                handler.send_header(key, value)
            handler.end_headers()
            if with_body:
                handler.wfile.write(body)
        return True

    def _send_huge(self, handler: _Handler, with_body: bool) -> None:
        size = self.config.huge_bytes
        handler.on_request(handler.app.info.name, handler.path, 200)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(size))
        handler.end_headers()
        if not with_body:
            return
        chunk = (b"<p>" + "Nội dung rất dài. ".encode() * 50 + b"</p>\n")[:65536]
        sent = 0
        try:
            while sent < size:
                part = chunk[: size - sent]
                handler.wfile.write(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler gave up on the size: expected


class _DownHandler(BaseHTTPRequestHandler):
    """A site down for maintenance: 503 to every request."""

    on_request: ClassVar[Callable[[str, str, int], None]]
    BODY = (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Bảo trì</title></head>'
        "<body><p>Hệ thống đang bảo trì, vui lòng quay lại sau.</p></body></html>\n"
    ).encode()

    def _answer(self, with_body: bool) -> None:
        self.on_request(DOWN_SITE, self.path, 503)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(503)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.BODY)))
            self.end_headers()
            if with_body:
                self.wfile.write(self.BODY)

    def do_GET(self) -> None:
        self._answer(True)

    def do_HEAD(self) -> None:
        self._answer(False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet, like the demo sites: DemoSites.request_log has every request."""


def down_site(
    host: str, port: int, on_request: Callable[[str, str, int], None]
) -> ThreadingHTTPServer:
    """The down site's server, bound (not yet serving); ``on_request(site, path, status)``."""
    handler = type("DownHandler", (_DownHandler,), {"on_request": staticmethod(on_request)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
