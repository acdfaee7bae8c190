"""What the text says about a document's issuer: the body named next to the symbol ("Chỉ thị số
05-CT/TW của Bộ Chính trị", "UBND tỉnh ban hành Kế hoạch số 519/KH-UBND") and, for a local
document, the locality of that body ("của UBND tỉnh Hải Phòng" → "Hải Phòng").

Nothing here guesses from the symbol: a body is reported only when the text states it, and only
when it can have issued a document of that code (a central party symbol is not issued by a
"Tỉnh ủy"; "của" there belongs to another clause).
"""

from __future__ import annotations

import re

from .dates import FULL_DATE_RE

# Heads an issuing body starts with (first letter either case: "tỉnh ủy Hải Dương" occurs).
_BODY_HEAD = (
    r"(?:Bộ Chính trị|Ban Bí thư|Ban Chấp hành|BCH|Ban Thường vụ|BTV|Thường trực|"
    r"Hội nghị Trung ương|"
    r"Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Quận ủy|Quận uỷ|Thị ủy|Thị uỷ|"
    r"Đảng ủy|Đảng uỷ|Đảng đoàn|Ban cán sự|Quân ủy|Quân uỷ|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|"
    r"Chính phủ|Thủ tướng|Quốc hội|Chủ tịch|Bộ|Sở|Ban|Văn phòng|Tổng Liên đoàn|Mặt trận|"
    r"Tòa án|Toà án|Viện kiểm sát|Kiểm toán|Thanh tra|Trung ương)"
)
_BODY_HEAD_RE = re.compile(rf"(?i:{_BODY_HEAD})(?!\w)")
# An organisation opening a clause (capitalised; used to end a document's subject).
ORG_START = (
    r"(?:Bộ|Sở|Ban|UBND|Ủy ban|Uỷ ban|HĐND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Huyện ủy|Đảng ủy|Đảng uỷ|"
    r"Chính phủ|Thủ tướng|Văn phòng|Cục|Vụ|Phòng|Công an|Mặt trận|Hội)(?!\w)"
)
# Where a stated body ends: a clause word, a preposition, punctuation.
# Document words that open the next citation ("của Tỉnh ủy và Kế hoạch số …").
_NEXT_DOC = (
    r"(?:Kế hoạch|Quy định|Hướng dẫn|Nghị quyết|Chỉ thị|Kết luận|Quyết định|Thông tư|Nghị định|"
    r"Công văn|Chương trình|Thông báo|Luật|Đề án|Văn bản)"
)
_BODY_STOP = (
    rf"(?-i:(?=\s+{_NEXT_DOC}(?!\w)|\s+và\s+{_NEXT_DOC}(?!\w))"
    r"|(?=\s+(?:về|VỀ|v/v|ngày|ngay|thực hiện|triển khai|tổ chức|lãnh đạo|tại|trong|đối với|"
    r"quy định|hướng dẫn|ban hành|với|đã|là|nhằm|để|các|những|đến|cho|khóa|khoá|nhiệm kỳ|"
    r"phê duyệt|số|thì|được|sẽ|cũng|tuyên truyền|tổng kết|sơ kết|kỷ niệm|sửa đổi|bổ sung|"
    r"thi hành|Luật)(?!\w)|\s+và(?!\s+[A-ZĐ])|\s*[,;.:()“”\"|]|\s*$))"
)
# "… 05-CT/TW(, ngày 15/5/2016,) của Bộ Chính trị": text right after the symbol.
_AFTER_RE = re.compile(
    r"[ \t,]*(?:\(?\s*(?:ban hành\s+)?(?:ngày|ngay)\s*:?\s*[\d/\-–. thángnăm]{6,24}?"
    r"\s*\)?\s*,?\s*)?"
    rf"(?:của|do)\s+(?P<body>{_BODY_HEAD}(?!\w)[^\n,;.:()“”\"|]{{0,80}}?){_BODY_STOP}"
    # the Party term a central body is stated with ("của Ban Chấp hành Trung ương Đảng khóa XII")
    r"(?:\s*,?\s*\(?\s*(?:khóa|khoá)\s+(?P<term>[IVXL]{1,5})(?![\w])\)?)?",
    re.I,
)
_LEAD_TIME_RE = re.compile(
    r"^\s*(?:(?:sáng|chiều|tối|trưa)\s*)?(?:ngày\s*)?"
    r"(?:\d{1,2}[/\-.]\d{1,2}(?:[/\-.]\d{2,4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)?"
    r"\s*,?\s*",
    re.I,
)

# Which bodies can issue a document of an issuer code (first part of a compound code). Codes not
# listed accept any organisation except the central party bodies.
_CENTRAL_PARTY_RE = re.compile(
    r"(?i:bộ chính trị|ban bí thư|ban chấp hành trung ương|bch trung ương|bch tw|"
    r"ban chấp hành tw|hội nghị trung ương|^trung ương đảng|ban chấp hành đảng khóa|^trung ương$)"
)
_STANDING = "ban thường vụ|btv|thường trực"


def _bodies(*alts: str) -> re.Pattern[str]:
    return re.compile("(?i:" + "|".join(alts) + ")")


_COMPATIBLE: dict[str, re.Pattern[str]] = {
    "TW": _CENTRAL_PARTY_RE,
    "TU": _bodies("tỉnh ủy", "tỉnh uỷ", _STANDING, "ban chấp hành đảng bộ tỉnh"),
    "ThU": _bodies("thành ủy", "thành uỷ", _STANDING, "ban chấp hành đảng bộ thành phố"),
    "HU": _bodies("huyện ủy", "huyện uỷ", _STANDING, "ban chấp hành đảng bộ huyện"),
    "QU": _bodies("quận ủy", "quận uỷ", _STANDING, "ban chấp hành đảng bộ quận"),
    "ĐU": _bodies("đảng ủy", "đảng uỷ", _STANDING, "ban chấp hành đảng bộ"),
    "ĐUK": _bodies("đảng ủy khối", "đảng uỷ khối", _STANDING, "ban chấp hành đảng bộ khối"),
    "UBND": _bodies("ubnd", "ủy ban nhân dân", "uỷ ban nhân dân", "chủ tịch"),
    "HĐND": _bodies("hđnd", "hội đồng nhân dân", "thường trực"),
    "CP": _bodies("^chính phủ"),
    "TTg": _bodies("thủ tướng"),
    "QH": _bodies("^quốc hội"),
    "UBTVQH": _bodies("ủy ban thường vụ quốc hội", "uỷ ban thường vụ quốc hội"),
    "QUTW": _bodies("quân ủy", "quân uỷ"),
}

# Issuer codes of local bodies: their documents are identified within a locality.
LOCAL_CODES = frozenset(
    {"UBND", "HĐND", "TU", "ThU", "HU", "QU", "ĐU", "BTGTU", "BTGDVTU", "STP", "SNV", "SYT"}
)
_DEPARTMENT_CODE_RE = re.compile(r"S[A-ZĐ]{1,7}")  # Sở … of a province (SGDĐT, STTTT, SVHTTDL)

_UNIT_WORDS = r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|thị trấn|xã|phường)"
# A place name: capitalised syllables, also joined by a dash ("Bà Rịa - Vũng Tàu", "Thừa Thiên
# Huế", "TP. Hồ Chí Minh").
_PLACE = r"(?:[A-ZĐÂĂÊÔƠƯ][^\W\d_]*|\d{1,2})(?:(?:\s+|\s*[-–]\s*)[A-ZĐÂĂÊÔƠƯ][^\W\d_]*){0,4}"
_PLACE_RE = re.compile(
    rf"(?:(?P<unit>{_UNIT_WORDS})\s+(?P<a>{_PLACE})"
    rf"|(?P<com>(?i:tỉnh|thành|huyện|quận|thị)\s+(?:ủy|uỷ))\s+(?P<b>{_PLACE}))",
)
_PROVINCE_UNITS = frozenset({"tỉnh", "thành phố", "tp", "tp."})
_COMMITTEE_UNIT = {"tỉnh": None, "thành": None, "huyện": "huyện", "quận": "quận", "thị": "thị xã"}
# Words that follow a place name but belong to the next phrase.
_TRAILING_NON_PLACE = frozenset({"Khóa", "Khoá", "Nhiệm", "Lần", "Về", "Ngày"})


def _compatible(code: str | None, body: str) -> bool:
    if code is None:
        return True
    first = re.split(r"-", code, maxsplit=1)[0]
    if first.startswith("QH"):
        first = "QH"
    elif first.startswith("UBTVQH"):
        first = "UBTVQH"
    rx = _COMPATIBLE.get(first)
    if rx is not None:
        return bool(rx.search(body))
    return not _CENTRAL_PARTY_RE.search(body)


_CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương"
_CENTRAL_BODIES = frozenset({"Bộ Chính trị", "Ban Bí thư", _CENTRAL_COMMITTEE})


def _canonical_body(body: str) -> str | None:
    """The central party bodies by one name; every other body as written, single-spaced; None
    for a fragment (one word, or a body cut off by the end of the text: "Tỉnh ủy v")."""
    words = body.split()
    while words and len(words[-1]) == 1 and words[-1].isalpha():
        words.pop()
    if len(words) < 2:
        return None
    body = " ".join(words).strip(" ,-–")
    low = body.casefold()
    if low.startswith("bộ chính trị"):
        return "Bộ Chính trị"
    if low.startswith("ban bí thư"):
        return "Ban Bí thư"
    if _CENTRAL_PARTY_RE.search(body) and low.startswith(
        ("ban chấp hành", "bch", "hội nghị trung ương", "trung ương")
    ):
        return _CENTRAL_COMMITTEE
    return body


def _flat(text: str, start: int, end: int) -> str:
    """text[start:end] with line breaks as spaces (same length: offsets stay valid). PDFs and
    table cells break "Ban Thường vụ\\nTỉnh ủy Bắc Kạn" across lines."""
    return text[start:end].replace("\n", " ")


def body_after(text: str, end: int, code: str | None) -> str | None:
    """The body stated right after a symbol ending at ``end``: "của Bộ Chính trị"."""
    window = _flat(text, end, min(len(text), end + 160))
    m = _AFTER_RE.match(window)
    if m is None:
        return None
    body = m.group("body")
    if not _compatible(code, body):
        return None
    return _with_term(_canonical_body(body), m.group("term"))


_TERM_IN_BODY_RE = re.compile(r"\s*,?\s*\(?\s*(?:khóa|khoá)\s+(?P<term>[IVXL]{1,5})\)?\s*$")


def _with_term(canonical: str | None, term: str | None) -> str | None:
    """A central body with the Party term it is stated with ("Ban Chấp hành Trung ương Đảng
    khóa XII"): the term tells re-used central symbols apart, so it is kept, in one spelling."""
    if canonical in _CENTRAL_BODIES and term and term.isupper():
        full = "Ban Chấp hành Trung ương Đảng" if canonical == _CENTRAL_COMMITTEE else canonical
        return f"{full} khóa {term}"
    return canonical


_HANDOVER_RE = re.compile(r"\s(?:tham mưu|đề nghị|giao|chỉ đạo|phối hợp|cho|và)\s")


def body_before(clause: str, code: str | None) -> str | None:
    """The body that issues the document in "<body> (vừa) ban hành Kế hoạch số <symbol>":
    ``clause`` is the text of the sentence before the (auxiliaries and the) verb."""
    clause = clause.replace("\n", " ")
    cut = max(clause.rfind(","), clause.rfind(";"), clause.rfind(":"), clause.rfind(". "))
    clause = _LEAD_TIME_RE.sub("", clause[cut + 1 :])
    heads = list(_BODY_HEAD_RE.finditer(clause))
    if not heads:
        return None
    # The body nearest the verb: "Sở Tư pháp đã tham mưu UBND tỉnh ban hành …" → "UBND tỉnh".
    pick = heads[0]
    for h in heads[1:]:
        if _HANDOVER_RE.search(clause, pick.start(), h.start()):
            pick = h
    body = clause[pick.start() :].strip(" ,")
    if not body or len(body.split()) > 12 or not body[0].isupper():
        return None
    if not _compatible(code, body):
        return None
    t = _TERM_IN_BODY_RE.search(body)
    if t is not None:
        return _with_term(_canonical_body(body[: t.start()]), t.group("term"))
    return _canonical_body(body)


def is_local(code: str | None) -> bool:
    """Whether a document of this issuer code is identified within a locality."""
    if code is None:
        return False
    first = code.split("-")[0]
    return first in LOCAL_CODES or bool(_DEPARTMENT_CODE_RE.fullmatch(first))


def locality_of(body: str | None) -> str | None:
    """The locality a body names: "UBND tỉnh Hải Phòng" → "Hải Phòng", "Huyện ủy Ninh Giang" →
    "huyện Ninh Giang" (below the province the unit word stays: districts repeat names)."""
    if not body:
        return None
    for m in _PLACE_RE.finditer(body):
        if m.group("a"):
            unit, name = m.group("unit"), m.group("a")
            unit_key = unit.casefold()
            name = _trim_place(name)
            if not name:
                continue
            return name if unit_key in _PROVINCE_UNITS else f"{unit_key} {name}"
        name = _trim_place(m.group("b"))
        if not name:
            continue
        unit = _COMMITTEE_UNIT.get(m.group("com").split()[0].casefold())
        return name if unit is None else f"{unit} {name}"
    return None


def _trim_place(name: str) -> str | None:
    # Drop trailing words that open the next phrase ("Nghệ An Khóa XIII").
    toks = name.split()
    while toks and toks[-1] in _TRAILING_NON_PLACE:
        toks = toks[:-1]
    out = " ".join(toks).strip(" -–")
    if not out or out.isdigit():
        return None
    return out


# "Số: 51/KH-UBND\n|\nThái Bình, ngày 30 tháng 09 năm 2013": the header's place line.
_HEADER_PLACE_RE = re.compile(
    r"[\s|]*\n[\s|]*(?P<place>[A-ZĐ][^\W\d_]*(?:[ \t]+[A-ZĐ][^\W\d_]*){0,3})\s*,\s*(?=ngày\s)",
)
_NUMBER_LABEL_RE = re.compile(r"(?:Số\s*:?|(?i:số)\s*:)\s*$")


def header_place(text: str, start: int, end: int) -> str | None:
    """The place of a document header ("Số: 51/KH-UBND … Thái Bình, ngày …"), if the symbol
    stands in one."""
    if not _NUMBER_LABEL_RE.search(text, max(0, start - 8), start):
        return None
    m = _HEADER_PLACE_RE.match(text, end)
    if m is None or not FULL_DATE_RE.match(text, m.end() + len("ngày ")):
        return None
    return m.group("place")
