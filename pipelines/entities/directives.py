"""Directive / legal-document symbols (số, ký hiệu) in Vietnamese article text.

Party form ``NUMBER-TYPE/ISSUER`` (25-CT/TW), state forms ``NUMBER/YEAR/TYPE-ISSUER``
(30/2020/NĐ-CP), ``NUMBER/TYPE-ISSUER`` (123/QĐ-UBND, công văn 1234/BTP-PBGDPL), laws
``NUMBER/YEAR/QH14`` and the pre-1950 ``NUMBER-TYPE`` (Nghị định 37-NĐ) when a document word
precedes it. All regexes are compiled once at import; see docs/reference/symbols.md.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from . import _stated
from ._sentences import sentence_bounds
from ._text import normalize, to_input_offset
from .dates import FULL_DATE_RE, parse_date

# --------------------------------------------------------------------------- vocabularies

# Document words, canonical spelling. Longest first so "Thông tư liên tịch" beats "Thông tư".
DOC_WORDS: tuple[str, ...] = (
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Chương trình hành động",
    "Thông báo kết luận",
    "Hướng dẫn liên tịch",
    "Chỉ thị",
    "Nghị quyết",
    "Kết luận",
    "Quy định",
    "Quyết định",
    "Hướng dẫn",
    "Kế hoạch",
    "Nghị định",
    "Bộ luật",
    "Luật",
    "Thông tư",
    "Thông báo",
    "Công văn",
    "Văn bản",
    "Chương trình",
    "Đề án",
    "Pháp lệnh",
    "Quy chế",
    "Tờ trình",
    "Báo cáo",
    "Thông tri",
    "Sắc lệnh",
    "Công điện",
    "Hiến pháp",
    "Lệnh",
    "Đề cương",
    "Tài liệu",
)
_DOC_CANON = {w.casefold(): w for w in DOC_WORDS}
_DOC_CANON["văn bản"] = "Công văn"
# "Chương trình hành động số 02-CTr/TU": the type is Chương trình (code CTr), as labelled.
_DOC_CANON["chương trình hành động"] = "Chương trình"
_DOC_ALT = "|".join(re.escape(w) for w in sorted(DOC_WORDS, key=len, reverse=True))

# Type code -> doc type. QĐ is ambiguous for the Party (Quy định / Quyết định): the word wins.
TYPE_DOC: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "QC": "Quy chế",
    "HD": "Hướng dẫn",
    "HDLT": "Hướng dẫn liên tịch",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "CTr": "Chương trình",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "ĐA": "Đề án",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NĐ": "Nghị định",
    "L": "Luật",
    "PL": "Pháp lệnh",
    "SL": "Sắc lệnh",
    "CĐ": "Công điện",
    "QĐi": "Quy định",
    "ĐC": "Đề cương",
    "QĐNS": "Quyết định",  # a Party personnel decision: "Quyết định số 1674-QĐNS/TW"
    "CTHĐ": "Chương trình",  # "Chương trình hành động số 83-CTHĐ/TU"
}
PARTY_TYPES = frozenset(
    {
        "NQ",
        "NQLT",
        "CT",
        "KL",
        "QĐ",
        "QĐi",
        "QC",
        "HD",
        "HDLT",
        "KH",
        "TB",
        "BC",
        "CTr",
        "TTr",
        "CV",
        "ĐA",
        "TT",
        "ĐC",
        "QĐNS",
        "CTHĐ",
    }
)
STATE_TYPES = frozenset(
    {
        "NĐ",
        "QĐ",
        "TT",
        "TTLT",
        "NQ",
        "NQLT",
        "CT",
        "KH",
        "HD",
        "TB",
        "L",
        "PL",
        "BC",
        "CV",
        "TTr",
        "CTr",
        "ĐA",
        "QC",
        "KL",
        "CĐ",
        "SL",
        "HDLT",
    }
)
# Upper-cased spelling -> canonical spelling (ASCII-fied and mixed-case codes).
_CODE_CANON: dict[str, str] = {
    "ND": "NĐ",
    "QD": "QĐ",
    "QĐI": "QĐi",
    "TTG": "TTg",
    "CTR": "CTr",
    "TTR": "TTr",
    "TƯ": "TW",
    "T.Ư": "TW",
    "T.W": "TW",
    "DUK": "ĐUK",
    "HDND": "HĐND",
    "BCSD": "BCSĐ",
    "BGDDT": "BGDĐT",
    "THU": "ThU",
    "DU": "ĐU",
    "DA": "ĐA",
    "BLĐTBXH": "BLĐTBXH",
}
PARTY_ISSUERS = frozenset(
    {
        "TW",
        "ĐUK",
        "BTGTW",
        "BTGDVTW",
        "VPTW",
        "BTCTW",
        "UBKTTW",
        "BDVTW",
        "BKTTW",
        "BNCTW",
        "BĐNTW",
        "QUTW",
        "TU",
        "ThU",
        "HU",
        "QU",
        "ĐU",
        "BTGTU",
        "BTGDVTU",
        "BCSĐ",
        "ĐĐ",
        "ĐUK-BTG",
        "ĐUQSTW",
        "ĐUCA",
        "ĐUCATW",
    }
)
ISSUER_NAMES: dict[str, str] = {
    "TW": "Ban Chấp hành Trung ương",
    "ĐUK": "Đảng ủy Khối",
    "ĐUK-BTG": "Ban Tuyên giáo Đảng ủy Khối",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTCTW": "Ban Tổ chức Trung ương",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "BKTTW": "Ban Kinh tế Trung ương",
    "BNCTW": "Ban Nội chính Trung ương",
    "BĐNTW": "Ban Đối ngoại Trung ương",
    "QUTW": "Quân ủy Trung ương",
    "ĐUQSTW": "Đảng ủy Quân sự Trung ương",
    "ĐUCATW": "Đảng ủy Công an Trung ương",
    "TU": "Tỉnh ủy",
    "ThU": "Thành ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "ĐU": "Đảng ủy",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "BCSĐ": "Ban cán sự đảng",
    "ĐĐ": "Đảng đoàn",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BTP": "Bộ Tư pháp",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BNG": "Bộ Ngoại giao",
    "VPCP": "Văn phòng Chính phủ",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "CTN": "Chủ tịch nước",
    "STP": "Sở Tư pháp",
    "MTTQ": "Mặt trận Tổ quốc Việt Nam",
    "TLĐ": "Tổng Liên đoàn Lao động Việt Nam",
    "BCĐ": "Ban Chỉ đạo",
    "HĐPH": "Hội đồng phối hợp",
}
_ROMAN = (
    "",
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
)

# --------------------------------------------------------------------------- patterns

_L = r"[^\W\d_]"  # any letter (Vietnamese included); case is validated after matching
# Compound issuers, also spaced: "05/CT - VKSTC - TCKS" (parts past the first must be codes,
# which _canon_issuer checks).
_ISS = rf"(?:T\s?\.\s?Ư(?!{_L})|{_L}+\d*)(?:(?:-| [-–] ){_L}+\d*)*"
_DASH = r"\s{0,2}[-–]\s{0,2}"
_SLASH = r"\s{0,2}/{1,2}\s{0,2}"
# Every alternative starts with the document number. The pattern opens with a plain digit (so
# the regex engine skips non-digit positions in C) and checks the character before the number
# with a two-character lookbehind; a leading lookahead/lookbehind would be tried at every
# position and dominate the cost of the whole pass.
# "4a/NQ-BCH": a letter suffix marks a document inserted between two numbers.
_NUM = r"(?P<num>\d(?<![\w/.,\-–]\d)\d{0,4}[a-z]?)"
_SYM_ALTS = (
    # state, with year: 30/2020/NĐ-CP, 45/2019/QH14, 67/2020//QH14
    rf"{_SLASH}(?P<yy>(?:19|20)\d{{2}}){_SLASH}(?P<yt>{_L}+\d*)(?:{_DASH}(?P<yi>{_ISS}))?"
    # state, administrative: 123/QĐ-UBND, 1234/BTP-PBGDPL; also the wrong party form 25/CT-TW
    rf"|{_SLASH}(?P<at>{_L}+){_DASH}(?P<ai>{_ISS})"
    # party: 25-CT/TW, 25 - CT/TƯ, 25-CT/T.Ư, 05-NQ/ĐUK, 24-HD/BTGTW
    rf"|{_DASH}(?P<pt>{_L}+){_SLASH}(?P<pi>{_ISS})"
    # party, the dash left out: "Chỉ thị số 09 CT/TW" (only after a document word: checked)
    r"|\s(?P<st>[A-ZĐ]{2,3})/(?P<si>TW|TƯ|T\.Ư)(?![\w/\-–])"
)
SYMBOL_RE = re.compile(rf"{_NUM}(?:{_SYM_ALTS})")
# Old form without issuer (Nghị định số 37-NĐ, Sắc lệnh 65-SL, Quyết định 25-CP): only after a
# document word, which is checked on the preceding text. Scanned in the same pass as the symbols.
_OLD_ALT = (
    rf"|{_DASH}(?P<ot>{_L}{{1,4}})(?![\w/\-–])"
    # a type and issuer with the separators doubled ("Quyết Định 386/QĐ/TTg", "Quy định số
    # 212/QĐ/TW", "Quyết định 182-QĐ-TTg"): typos of 386/QĐ-TTg, 212-QĐ/TW, 182/QĐ-TTg
    rf"|{_SLASH}(?P<xt>[A-ZĐ][A-Za-zĐđ]{{0,4}}){_SLASH}(?P<xi>T\.?Ư|[A-ZĐ][A-Za-zĐđ]{{1,7}})"
    r"(?![\w/\-–])"
    rf"|{_DASH}(?P<dt>[A-ZĐ][A-Za-zĐđ]{{0,4}}){_DASH}(?P<di>T\.?Ư|[A-ZĐ][A-Za-zĐđ]{{1,7}})"
    r"(?![\w/\-–])"
    # an issuer and no type, as older documents are numbered ("Công văn số 274/PCLBTW",
    # "Quyết định số 16/HĐBT", "Sắc lệnh số 46/SL")
    rf"|{_SLASH}(?P<os>[A-ZĐ]{{2,8}})(?![\w/\-–])"
)
SCAN_RE = re.compile(rf"{_NUM}(?:{_SYM_ALTS}{_OLD_ALT})")
_DOC_BEFORE_RE = re.compile(rf"(?:^|[^\w])(?P<w>(?i:{_DOC_ALT}))\s*(?:(?i:số\s*hiệu|số)\s*:?\s*)?$")
_LAW_BACK_RE = re.compile(r"(?i:\b(bộ luật|luật|nghị quyết|pháp lệnh|hiến pháp)\b)")
_LIST_GAP_RE = re.compile(r"^\s*(?:,|;|và|hoặc|cùng)\s*(?:(?i:số)\s*)?$", re.I)
_AFTER_DATE_PREFIX_RE = re.compile(
    r"[\s,;(\-–]*(?:(?:tỉnh|thành phố|huyện|xã)\s+)?"  # "127/KH-UBND tỉnh ngày 07/3/2023"
    r"(?:(?:được\s+)?(?:Quốc\s+hội\s+(?:khóa\s+\w+\s+)?)?"
    r"(?:ký\s+ban\s+hành|ban\s+hành|ký|thông\s+qua)\s+)?"
    r"(?:của\s+(?:(?!\bvề\b)[^,.;\n(]){1,60}?\s*,?\s+)?(?:vào\s+)?(?:ngày|ngay)\s*:?\s*",
    re.I,
)
# The place-and-date line of a header; tables rendered as text separate the cells with "|".
_HEADER_DATE_RE = re.compile(
    # up to three short header lines ("ĐẢNG CỘNG SẢN VIỆT NAM") may sit in between
    r"\s*[\n|](?:[^\n]{0,60}\n\s*){0,3}[\s\S]{0,3}[^\n,|]{1,40},\s*ngày\s*",
    re.I,
)
_YEAR_AFTER_RE = re.compile(r"\s*,?\s*năm\s+((?:19|20)\d{2})(?!\d)", re.I)
_BEFORE_DATE_RE = re.compile(
    r"(?:^|[\s,(])(?:ngày|vào ngày)\s+"
    r"(?P<date>[\d/\-–. ]{6,12}\d|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"
    r"\s*,?\s+(?P<mid>[^;]{0,140}?)\b(?:ban hành|ký|thông qua|đã có)\b[^;]{0,60}$",
    re.I,
)
_OF_BODY_RE = re.compile(
    r"[\s,]*(?:(?:ngày|ngay)\s+[\d/\-– thángnăm]{6,22}\s*,?\s*)?của\s+"
    r"(?P<body>Bộ Chính trị|Ban Bí thư|Ban Chấp hành Trung ương(?: Đảng)?|Hội nghị Trung ương)",
    re.I,
)
_BODY_BEFORE_RE = re.compile(
    r"(Bộ Chính trị|Ban Bí thư)\s+(?:đã\s+)?(?:ban hành|ký|ra)\b[^.;]{0,40}$"
)
_SUBJECT_RE = re.compile(
    r"^[^.;\n“\"]{0,90}?(?:\bvề\s+|[“\"]\s*(?:về\s+)?)(?P<s>[^;\n“”\"]{3,300}?)(?=[;\n”\"]|\.(?:\s|$)|$)",
    re.I,
)
_QUOTED_RE = re.compile(r"^\s*[,(]?\s*[“\"](?P<s>[^”\"\n]{3,300})[”\"]")


@dataclass(frozen=True, slots=True)
class Directive:
    symbol: str
    doc_type: str | None
    number: str
    year: int | None
    issuer_code: str | None
    issuer_name: str | None
    issued_on: date | None
    subject: str | None
    sentence: str
    start: int
    end: int
    # Fields for entity resolution (issue 11); defaults keep older callers working.
    issuer_stated: str | None = None  # the issuing body the text states ("Bộ Chính trị")
    locality: str | None = None  # issuing locality of a local document ("Hải Phòng")


@dataclass(frozen=True, slots=True)
class _Mention:
    symbol: str
    number: str
    type_code: str | None
    issuer_code: str | None
    year: int | None
    doc_type: str | None
    start: int  # offsets in the normalised text
    end: int


def _canon_code(raw: str) -> str:
    raw = re.sub(r"\s+", "", raw)
    up = raw.upper()
    if up in _CODE_CANON:
        return _CODE_CANON[up]
    if up.startswith(("QH", "UBTVQH")):
        return up
    return up


def _canon_issuer(raw: str, whole_lower: bool) -> str:
    """Canonical compound issuer; later parts kept only when they look like codes."""
    raw = raw.strip()
    if re.match(r"T\s?\.\s?Ư", raw, re.I):
        return "TW"
    parts = _ISSUER_SEP_RE.split(raw)
    keep = [parts[0]]
    for p in parts[1:]:
        if p and (p.isupper() or whole_lower or p.upper() in _CODE_CANON):
            keep.append(p)
        else:
            glued = _unglue(p)
            if glued:
                keep.append(glued)
            break
    return "-".join(_canon_code(p) for p in keep)


_ISSUER_SEP_RE = re.compile(r"-| [-–] ")


def _first_part(raw: str) -> str:
    """First code of a compound issuer ("VKSTC" of "VKSTC - TCKS")."""
    return _ISSUER_SEP_RE.split(raw, maxsplit=1)[0]


def _unglue(part: str) -> str | None:
    """ "BNVNgày" (a code glued to the next label, "Số hiệu:01/2009/TTLT-BTP-BNVNgày đăng"):
    the code, if the rest is one capitalised word."""
    for k in range(len(part) - 2, 1, -1):
        head, word = part[:k], part[k:]
        if head.isupper() and word[0].isupper() and word[1:].islower() and len(word) >= 3:
            return head
    return None


_MIXED_CODES = frozenset(c for c in (*ISSUER_NAMES, *PARTY_ISSUERS, *TYPE_DOC) if not c.isupper())


def _is_codeish(raw: str) -> bool:
    """Upper-case code like BTP, PBGDPL, TTg (one trailing lower-case letter allowed), or a known
    mixed-case code (ThU = Thành ủy, CTr, TTr)."""
    core = raw.rstrip("gi")
    return (bool(core) and core.isupper() and len(raw) <= 12) or raw in _MIXED_CODES


_OLD_ISSUERS = frozenset({"CP", "HĐBT", "HĐCP"})


def _doc_word_before(text: str, pos: int) -> str | None:
    m = _DOC_BEFORE_RE.search(text, max(0, pos - 48), pos)
    if m:
        return _DOC_CANON.get(m.group("w").casefold())
    return None


_SCAN_CACHE: dict[str, list[_Mention]] = {}


def _scan(text: str) -> list[_Mention]:
    """All symbol mentions in normalised text, in order (last text memoised: find_directives
    and find_relations scan the same article back to back)."""
    hit = _SCAN_CACHE.get(text)
    if hit is not None:
        return hit
    res = _scan_uncached(text)
    _SCAN_CACHE.clear()
    _SCAN_CACHE[text] = res
    return res


def symbol_spans(norm: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical symbol) of every citation in normalised text, in order (the
    conference pass asks which of them a conference disseminated)."""
    return [(mn.start, mn.end, mn.symbol) for mn in _scan(norm)]


def _typo_or_old_form(text: str, m: re.Match[str]) -> _Mention | None:
    """A symbol with doubled separators, read as the form its issuer takes (a Party body's
    "N-T/TW", a state body's "N/T-TTg"), or an older "N/ISSUER" one; only after a document word
    ("Quyết định 182-QĐ-TTg", "Công văn số 274/PCLBTW")."""
    word = _doc_word_before(text, m.start())
    if word is None:
        return None
    num = m.group("num")
    if m.group("os"):
        code = m.group("os")
        return _Mention(f"{num}/{code}", num, None, code, None, word, m.start(), m.end())
    doubled = "x" if m.group("xt") else "d"
    t_raw, i_raw = m.group(f"{doubled}t"), m.group(f"{doubled}i")
    t, iss = _canon_code(t_raw), _canon_issuer(i_raw, False)
    if t not in TYPE_DOC:
        return None
    if iss in PARTY_ISSUERS and t in PARTY_TYPES:
        return _Mention(f"{num}-{t}/{iss}", num, t, iss, None, word, m.start(), m.end())
    if iss in _STATE_STYLE_ISSUERS and t in STATE_TYPES:
        return _Mention(f"{num}/{t}-{iss}", num, t, iss, None, word, m.start(), m.end())
    return None


def _scan_uncached(text: str) -> list[_Mention]:
    out: list[_Mention] = []
    if "/" not in text and "-" not in text and "–" not in text:
        return out  # cheap pre-check: every symbol form has a slash or a dash
    for m in SCAN_RE.finditer(text):
        if m.group("xt") or m.group("dt") or m.group("os"):
            mention = _typo_or_old_form(text, m)
            if mention is not None:
                out.append(mention)
            continue
        if m.group("ot") is None:
            mention = _from_match(text, m)
            if mention is not None:
                out.append(mention)
            continue
        s, e = m.start(), m.end()
        code = _canon_code(m.group("ot"))
        # "Quyết định số 25-CP" (1980s Hội đồng Chính phủ / HĐBT form: issuer, no type code).
        if (code not in TYPE_DOC and code not in _OLD_ISSUERS) or not m.group("ot").isupper():
            continue
        word = _doc_word_before(text, s)
        if word is None:
            continue
        num = m.group("num")
        out.append(_Mention(f"{num}-{code}", num, code, None, None, word, s, e))
    out.sort(key=lambda x: x.start)
    # List inheritance: "Chỉ thị số 05-CT/TW và 06-CT/TW" — the second has no word of its own.
    fixed: list[_Mention] = []
    own_word: set[int] = {mn.start for mn in out if mn.doc_type is not None}
    prev: _Mention | None = None
    for mn in out:
        if (
            prev is not None
            and mn.doc_type is None
            and prev.doc_type is not None
            and _LIST_GAP_RE.match(text[prev.end : mn.start])
        ):
            mn = _Mention(
                mn.symbol,
                mn.number,
                mn.type_code,
                mn.issuer_code,
                mn.year,
                prev.doc_type,
                mn.start,
                mn.end,
            )
        fixed.append(mn)
        prev = mn
    return [
        mn
        if mn.doc_type is not None
        and (not _word_contradicts_code(mn) or _party_code_slip(mn, mn.start in own_word))
        else _Mention(
            mn.symbol,
            mn.number,
            mn.type_code,
            mn.issuer_code,
            mn.year,
            _default_doc_type(text, mn),
            mn.start,
            mn.end,
        )
        for mn in fixed
    ]


_TYPE_WORDS = frozenset(TYPE_DOC.values())


def _word_contradicts_code(mn: _Mention) -> bool:
    """A document word borrowed from an earlier symbol of another type ("Kết luận số 80-KL/TW;
    21/2021/QĐ-TTg ...") names the wrong document: the symbol's own type code decides."""
    code, word = mn.type_code, mn.doc_type
    if code is None or code not in TYPE_DOC or word not in _TYPE_WORDS:
        return False
    if code == "QĐ":
        return word not in ("Quyết định", "Quy định")
    return TYPE_DOC[code] != word


# Party documents' own words and codes: "Kết luận số 12-NQ/TW ngày 24/10/2011" is Kết luận 12-KL/TW.
PARTY_WORD_CODES = {
    "Nghị quyết": "NQ",
    "Chỉ thị": "CT",
    "Kết luận": "KL",
    "Quy định": "QĐ",
    "Quyết định": "QĐ",
    "Hướng dẫn": "HD",
    "Thông báo": "TB",
    "Kế hoạch": "KH",
}


def _party_code_slip(mn: _Mention, own: bool) -> bool:
    """True when a party symbol's type code contradicts the word written right before it
    ("Kết luận số 12-NQ/TW", "Kết luận số 01-CT/TW"): the code is the slip (in the real sets,
    every such citation meant the document the word names), so the word is the document type.
    A word a list lends to a later symbol is no statement about it (_word_contradicts_code)."""
    return (
        own
        and mn.issuer_code in PARTY_ISSUERS
        and mn.type_code is not None
        and "-" in mn.symbol.split("/")[0]
        and mn.doc_type in PARTY_WORD_CODES
    )


def _default_doc_type(text: str, mn: _Mention) -> str | None:
    code = mn.type_code
    if code is not None and code.startswith(("QH", "UBTVQH")):
        # "Luật Xử lý vi phạm hành chính số 15/2012/QH13": the word is further back.
        s, _ = sentence_bounds(text, mn.start, mn.end)
        last = None
        for m in _LAW_BACK_RE.finditer(text, max(s, mn.start - 160), mn.start):
            last = m
        if last is not None:
            return _DOC_CANON.get(last.group(1).casefold(), "Luật")
        return "Nghị quyết" if code.startswith("UBTVQH") else "Luật"
    if code is None:
        return "Công văn"
    if code == "QĐ" and mn.issuer_code in PARTY_ISSUERS:
        return "Quy định"
    return TYPE_DOC.get(code)


def _from_match(text: str, m: re.Match[str]) -> _Mention | None:
    whole = m.group(0)
    whole_lower = not any(c.isupper() for c in whole)
    doc = _doc_word_before(text, m.start())
    if m.group("yy"):
        num, year = m.group("num"), int(m.group("yy"))
        t_raw, i_raw = m.group("yt"), m.group("yi")
        t = _canon_code(t_raw)
        if i_raw is None:
            if not re.fullmatch(r"(?:UBTV)?QH\d{1,2}", t):
                return None
            return _Mention(f"{num}/{year}/{t}", num, t, t, year, doc, m.start(), m.end())
        if t not in STATE_TYPES and not (_is_codeish(t_raw) or t_raw.isupper()):
            return None
        iss = _canon_issuer(i_raw, whole_lower)
        if not (whole_lower or _is_codeish(_first_part(i_raw)) or i_raw.isupper()):
            if re.fullmatch(r"(?:UBTV)?QH\d{1,2}", t):
                # "Luật số 14/2012/QH13 – Luật Phổ biến …": a dash, then words, not an issuer.
                end = m.start("yt") + len(t_raw)
                return _Mention(f"{num}/{year}/{t}", num, t, t, year, doc, m.start(), end)
            return None
        end = (
            m.start("yi") + len(_first_part(i_raw))
            if _ISSUER_SEP_RE.search(i_raw) and iss.count("-") == 0
            else m.end()
        )
        return _Mention(f"{num}/{year}/{t}-{iss}", num, t, iss, year, doc, m.start(), end)
    if m.group("at"):
        num, t_raw, i_raw = m.group("num"), m.group("at"), m.group("ai")
        t = _canon_code(t_raw)
        iss = _canon_issuer(i_raw, whole_lower)
        first = iss.split("-")[0]
        if t in PARTY_TYPES and first in PARTY_ISSUERS and "-" not in iss:
            # "25/CT-TW": the party form written state-style; the author meant 25-CT/TW.
            return _Mention(f"{num}-{t}/{iss}", num, t, iss, None, doc, m.start(), m.end())
        if t in STATE_TYPES:
            if not (whole_lower or _is_codeish(_first_part(i_raw))):
                return None
            return _Mention(f"{num}/{t}-{iss}", num, t, iss, None, doc, m.start(), m.end())
        # Công văn: NUMBER/ISSUER-UNIT, both upper-case codes (lower case here is prose unless a
        # document word names it: "Công văn số 1234/btp-pbgdpl").
        if len(t_raw) >= 2 and (
            (_is_codeish(t_raw) and _is_codeish(_first_part(i_raw)))
            or (whole_lower and doc is not None and "-" in m.group(0))
        ):
            return _Mention(f"{num}/{t}-{iss}", num, None, t, None, doc, m.start(), m.end())
        return None
    if m.group("st"):
        t = _canon_code(m.group("st"))
        if doc is None or t not in PARTY_TYPES:
            return None
        num = m.group("num")
        return _Mention(f"{num}-{t}/TW", num, t, "TW", None, doc, m.start(), m.end())
    num, t_raw, i_raw = m.group("num"), m.group("pt"), m.group("pi")
    t = _canon_code(t_raw)
    if t not in PARTY_TYPES and t not in STATE_TYPES:
        return None
    iss = _canon_issuer(i_raw, whole_lower)
    if not (whole_lower or _is_codeish(_first_part(i_raw)) or re.match(r"T\s?\.\s?Ư", i_raw)):
        return None
    if not re.search(r"[A-ZĐƯ]", iss):
        return None
    if t in STATE_TYPES and iss.split("-")[0] in _STATE_STYLE_ISSUERS:
        # "16-CT/TTg": a state document written party-style; the author meant 16/CT-TTg.
        return _Mention(f"{num}/{t}-{iss}", num, t, iss, None, doc, m.start(), m.end())
    return _Mention(f"{num}-{t}/{iss}", num, t, iss, None, doc, m.start(), m.end())


# The Government, the Prime Minister, ministries and local people's councils and committees,
# whose documents are numbered NUMBER/TYPE-ISSUER (never NUMBER-TYPE/ISSUER, the party's form).
_STATE_STYLE_ISSUERS = frozenset(
    {"CP", "TTg", "VPCP", "UBND", "HĐND", "BTP", "BCA", "BQP", "BGDĐT", "BYT", "BTC", "BNV"}
    | {"BTTTT", "BVHTTDL", "BLĐTBXH", "BKHĐT", "BNNPTNT", "BTNMT", "BCT", "BXD", "BGTVT"}
    | {"BKHCN", "BNG"}
)


def _issuer_name(text: str, mn: _Mention) -> str | None:
    code = mn.issuer_code
    if code is None:
        return None
    if code == "TW":
        m = _OF_BODY_RE.match(text, mn.end)
        if m:
            body = m.group("body")
            if body.casefold().startswith("ban chấp hành") or body.casefold().startswith(
                "hội nghị"
            ):
                return "Ban Chấp hành Trung ương"
            return "Bộ Chính trị" if body.casefold() == "bộ chính trị" else "Ban Bí thư"
        b = _BODY_BEFORE_RE.search(text, max(0, mn.start - 90), mn.start)
        if b:
            return b.group(1)
        return ISSUER_NAMES["TW"]
    qh = re.fullmatch(r"(UBTVQH|QH)(\d{1,2})", code)
    if qh:
        term = int(qh.group(2))
        base = ISSUER_NAMES[qh.group(1)]
        return f"{base} khóa {_ROMAN[term]}" if term < len(_ROMAN) else base
    if code in ISSUER_NAMES:
        return ISSUER_NAMES[code]
    first = code.split("-")[0]
    return ISSUER_NAMES.get(first)


def _issued_on(text: str, mn: _Mention) -> date | None:
    p = _AFTER_DATE_PREFIX_RE.match(text, mn.end)
    if p:
        d = FULL_DATE_RE.match(text, p.end())
        if d:
            return parse_date(d.group(0))
    # Document header: "Số: 2658/QĐ-BTP\n\nHà Nội, ngày 31 tháng 12 năm 2020".
    if re.search(r"(?:Số\s*:?|(?i:số)\s*:)\s*$", text[max(0, mn.start - 8) : mn.start]):
        h = _HEADER_DATE_RE.match(text, mn.end)
        if h:
            d = FULL_DATE_RE.match(text, h.end())
            if d:
                return parse_date(d.group(0))
    # "Ngày 20/9/2021, Ban Tuyên giáo Trung ương đã ban hành Hướng dẫn số 24-HD/BTGTW".
    s, _ = sentence_bounds(text, mn.start, mn.end)
    window = text[max(s, mn.start - 220) : mn.start]
    if SYMBOL_RE.search(window):
        window = window[[m.end() for m in SYMBOL_RE.finditer(window)][-1] :]
    b = _BEFORE_DATE_RE.search(window)
    if b:
        return parse_date(b.group("date"))
    return None


def _subject(text: str, mn: _Mention) -> str | None:
    q = _QUOTED_RE.match(text, mn.end)
    if q:
        s = q.group("s").strip()
        return re.sub(r"^(?i:về)\s+", "", s) or None
    tail = text[mn.end : mn.end + 400]
    nxt = SYMBOL_RE.search(tail)
    m = _SUBJECT_RE.match(tail)
    if m and (nxt is None or nxt.start() > m.start("s")):
        if _SUBJECT_GAP_CLAUSE_RE.search(tail, 0, m.start("s")):
            return None  # "…trong Chỉ thị số 36-CT/TW, đặc biệt là yêu cầu về …": not its title
        return _trim_subject(m.group("s").strip(" ,"))
    return None


# A clause between a symbol and "về" that is about the text, not the document's title.
_SUBJECT_GAP_CLAUSE_RE = re.compile(
    r",\s*(?:đặc biệt|nhất là|trong đó|đồng thời|qua đó|theo đó|từ đó|cũng như|nhấn mạnh|"
    r"yêu cầu|chuyên đề)(?!\w)",
    re.I,
)


# Where a title ends inside a run-on "về …" phrase: the next document cited ("…, Nghị quyết số
# 71-NQ/TW về …"), a new clause after a comma (", các cơ quan, đơn vị cần xây dựng kế hoạch",
# ", ngày 08 tháng 11 năm 2013, Sở Tư pháp …", ", tại Hội nghị …", ", thời gian qua"), an
# explanation in brackets ("(gọi tắt là …") or a clause about the event ("diễn ra vào sáng 16/9").
_SUBJECT_CUT_RE = re.compile(
    # a listed document (after a comma or "và"; "thực hiện Chỉ thị số 05" is the title itself)
    rf"\s*(?:,\s*(?:rồi\s+)?|\s+(?:và|rồi)\s+)(?=(?i:{_DOC_ALT})\s+(?:(?i:số)\s*)?\d)"
    r"|\s*,\s*(?=ngày\s+\d|(?:tại|trong đó|theo đó|đồng thời|qua đó|từ đó|nhằm|do đó|sau đó|"
    r"hiện nay|vừa qua|thời gian qua|năm qua|đến nay|với|theo|trên cơ sở|căn cứ)(?!\w))"
    r"|\s*,\s*(?=(?:các|những)\s[^;]{0,60}?\s(?:cần|đã|phải|sẽ|đều|tiếp tục|đang)\s)"
    rf"|\s*,\s*(?={_stated.ORG_START}[^,;]{{0,80}}?\s(?:đã|vừa|hướng dẫn|ban hành|tổ chức|"
    r"yêu cầu|đề nghị|chỉ đạo|triển khai)\s)"
    r"|\s*\((?i:gọi tắt|sau đây gọi)"
    r"|\s+(?:diễn ra|được tổ chức|được ban hành|do\s+(?:đồng chí\s+)?[A-ZĐ][^,;]{0,60}?ký)(?!\w)"
    r"|\s+tại\s+(?:\d+\s+)?(?:hội nghị|Hội nghị|điểm cầu)"
    r"|(?<=[a-zđ\d\u00c0-\u1ef9])(?=[A-ZĐ][a-zđ\u00c0-\u1ef9]+ [A-ZĐ])"  # "năm 2022Ban Tuyên giáo"
)


def _trim_subject(subject: str) -> str | None:
    """The subject up to where the document's title ends (see _SUBJECT_CUT_RE)."""
    m = _SUBJECT_CUT_RE.search(subject, 8)
    if m is not None:
        subject = subject[: m.start()]
    subject = _TRAIL_PREP_RE.sub("", subject).strip(" ,;:-–")
    return subject or None


_TRAIL_PREP_RE = re.compile(r"(?:\s+(?:tại|của|về|và|với))+\s*$")


# "<body> (vừa) ban hành Kế hoạch số <symbol>": the verb and document word right before it.
_ISSUE_BEFORE_RE = re.compile(
    r"(?:\s+(?:đã|vừa|mới|sớm|chính thức|khẩn trương|kịp thời|cũng|tiếp tục))*"
    rf"\s+(?:ký\s+)?(?:ban hành|có|ra)\s+(?i:{_DOC_ALT})\s*(?:\([^)]{{1,20}}\)\s*)?"
    r"(?:(?i:số hiệu|số)\s*:?\s*)?$"
)


def _issuer_stated(text: str, mn: _Mention) -> str | None:
    """The issuing body the text states next to the symbol, never a default from the code."""
    after = _stated.body_after(text, mn.end, mn.issuer_code)
    if after is not None:
        return after
    s, _ = sentence_bounds(text, mn.start, mn.end)
    lo = max(s, mn.start - 200)
    window = text[lo : mn.start]
    verb = _ISSUE_BEFORE_RE.search(window)
    if verb is None:
        return None
    return _stated.body_before(window[: verb.start()], mn.issuer_code)


def _locality(text: str, mn: _Mention, stated: str | None) -> str | None:
    """Issuing locality of a local document, from what the text states (the body, else the
    place line of the document's own header)."""
    if not _stated.is_local(mn.issuer_code):
        return None
    place = _stated.locality_of(stated)
    if place is None:
        # "127/KH-UBND tỉnh Kiên Giang ngày …": the locality written after the symbol.
        tail = _stated.locality_of(text[mn.end : mn.end + 60].split("\n", 1)[0])
        if tail is not None and re.match(r"\s+(?:tỉnh|thành phố|TP|huyện)\s", text[mn.end :]):
            place = tail
    if place is None:
        place = _stated.header_place(text, mn.start, mn.end)
    return place


# The central bodies that sign with the one code TW: two of them stated for one symbol in one
# article are two documents (05-CT/TW of the Bộ Chính trị, 2016, and of the Ban Bí thư, 2021).
_CENTRAL_HEAD_RE = re.compile(
    r"^(?:(bộ chính trị)|(ban bí thư)|(ban chấp hành trung ương|hội nghị trung ương))", re.I
)
_TERM_RE = re.compile(r"\bkhóa\s+([IVXL]+)\b")
# Ordinals that tell two titles of one wording apart ("Đại hội … lần thứ XIII" / "lần thứ XIV").
_TITLE_ORDINAL_RE = re.compile(r"\b(?:lần thứ|khóa|Đại hội)\s+([IVXL]+|\d+)\b", re.I)
_SPLIT_MIN_WORDS = 6  # both subjects at least this long to tell two titles apart by their words
_SPLIT_SHARED = 0.5  # … and the shorter's words found in the longer below this share


def _central_head(body: str) -> int | None:
    m = _CENTRAL_HEAD_RE.match(body.strip())
    if m is None:
        return None
    return next(i for i in (1, 2, 3) if m.group(i))


def _bodies_conflict(a: str, b: str) -> bool:
    """Two stated issuers that cannot sign one document: two different central bodies, or one
    central body stated with two different Party terms."""
    ha, hb = _central_head(a), _central_head(b)
    if ha is None or hb is None:
        return False  # other codes name their body; two wordings of it are no conflict
    if ha != hb:
        return True
    ta, tb = _TERM_RE.search(a), _TERM_RE.search(b)
    return ta is not None and tb is not None and ta.group(1) != tb.group(1)


def _subjects_conflict(a: str, b: str) -> bool:
    """Two subjects that are clearly two titles: different ordinals ("lần thứ XIII" / "XIV"), or
    two substantial subjects sharing few words. A paraphrase, a cut or a run-on is no conflict."""
    ka, kb = a.casefold(), b.casefold()
    if ka in kb or kb in ka:
        return False
    oa = {o.upper() for o in _TITLE_ORDINAL_RE.findall(a)}
    ob = {o.upper() for o in _TITLE_ORDINAL_RE.findall(b)}
    if oa and ob and not (oa & ob):
        return True
    wa, wb = re.findall(r"\w+", ka), re.findall(r"\w+", kb)
    if min(len(wa), len(wb)) < _SPLIT_MIN_WORDS:
        return False
    short, long_ = sorted((wa, wb), key=len)
    pool = set(long_)
    return sum(w in pool for w in short) / len(short) < _SPLIT_SHARED


@dataclass(slots=True)
class _Cited:
    """One document an article cites under a symbol, with what its citations state."""

    first: _Mention
    issued: date | None
    subject: str | None
    body: str | None
    locality: str | None

    def conflicts(
        self, issued: date | None, subject: str | None, body: str | None, locality: str | None
    ) -> bool:
        return (
            (self.issued is not None and issued is not None and self.issued != issued)
            or (self.body is not None and body is not None and _bodies_conflict(self.body, body))
            or (
                self.locality is not None
                and locality is not None
                and self.locality.casefold() != locality.casefold()
            )
            or (
                self.subject is not None
                and subject is not None
                and _subjects_conflict(self.subject, subject)
            )
        )

    def add(
        self, issued: date | None, subject: str | None, body: str | None, locality: str | None
    ) -> None:
        self.issued = self.issued or issued
        self.subject = self.subject or subject
        self.body = self.body or body
        self.locality = self.locality or locality


def find_directives(text: str) -> list[Directive]:
    """Directive symbols in ``text``, one per cited document, in order of first mention.

    Repeated citations of one symbol are one document unless what they state conflicts (another
    issue date, another central body or term, another locality, a clearly different title): one
    article can cite two documents that share a symbol (05-CT/TW "của Bộ Chính trị", 2016, and
    05-CT/TW "của Ban Bí thư", 2021); each is then a Directive of its own, same symbol."""
    norm, mapping = normalize(text, need_map=True)
    by_symbol: dict[str, list[_Cited]] = {}
    scanned = _scan(norm)
    bodies = [_issuer_stated(norm, mn) for mn in scanned]
    # "Nghị quyết số 03-NQ/HU, 04-NQ/HU của Huyện ủy": a body stated after the last of a list
    # of one issuer's documents is the body of each.
    for k in range(len(scanned) - 2, -1, -1):
        a, b = scanned[k], scanned[k + 1]
        if (
            bodies[k] is None
            and bodies[k + 1] is not None
            and a.issuer_code == b.issuer_code
            and _LIST_GAP_RE.match(norm[a.end : b.start])
        ):
            bodies[k] = bodies[k + 1]
    cited: list[_Cited] = []
    for mn, body in zip(scanned, bodies, strict=True):
        issued = _issued_on(norm, mn)
        subject = _subject(norm, mn)
        locality = _locality(norm, mn, body)
        docs = by_symbol.setdefault(mn.symbol, [])
        # The first document of the symbol this citation does not contradict; else a new one.
        doc = next((d for d in docs if not d.conflicts(issued, subject, body, locality)), None)
        if doc is None:
            doc = _Cited(mn, issued, subject, body, locality)
            docs.append(doc)
            cited.append(doc)
        else:
            doc.add(issued, subject, body, locality)
    out: list[Directive] = []
    for doc in cited:
        mn = doc.first
        s, e = sentence_bounds(norm, mn.start, mn.end)
        year = mn.year
        if year is None and doc.issued is not None:
            year = doc.issued.year
        if year is None:
            y = _YEAR_AFTER_RE.match(norm, mn.end)
            year = int(y.group(1)) if y else None
        out.append(
            Directive(
                symbol=mn.symbol,
                doc_type=mn.doc_type,
                number=mn.number,
                year=year,
                issuer_code=mn.issuer_code,
                issuer_name=_issuer_name(norm, mn),
                issued_on=doc.issued,
                subject=doc.subject,
                sentence=norm[s:e].strip(),
                start=to_input_offset(mn.start, mapping),
                end=to_input_offset(mn.end, mapping),
                issuer_stated=doc.body,
                locality=doc.locality,
            )
        )
    return out


# --------------------------------------------------------------------------- relations

_REL_RE = (
    ("continues", re.compile(r"tiếp tục (?:thực hiện|triển khai|đẩy mạnh thực hiện)", re.I)),
    ("amends", re.compile(r"sửa đổi|bổ sung", re.I)),
    ("replaces", re.compile(r"thay thế", re.I)),
    ("implements", re.compile(r"thực hiện|triển khai|hướng dẫn thi hành|quy định chi tiết", re.I)),
)


def find_relations(directives: list[Directive], text: str) -> list[tuple[str, str, str]]:
    """(source_symbol, relation, target_symbol) from wording between two adjacent mentions.

    "Kết luận số 01-KL/TW … về tiếp tục thực hiện Chỉ thị số 05-CT/TW" → continues.
    Only pairs inside one sentence with a short gap count: farther apart is a list, not a link.
    """
    norm, _ = normalize(text)
    wanted = {d.symbol for d in directives}
    mentions = [mn for mn in _scan(norm) if mn.symbol in wanted]
    rels: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for a, b in itertools.pairwise(mentions):
        if a.symbol == b.symbol:
            continue
        gap = norm[a.end : b.start]
        if len(gap) > 160 or ";" in gap or "\n" in gap or re.search(r"\.\s", gap):
            continue
        if _LIST_GAP_RE.match(gap):
            continue
        for rel, rx in _REL_RE:
            if rx.search(gap):
                key = (a.symbol, rel, b.symbol)
                if key not in seen:
                    seen.add(key)
                    rels.append(key)
                break
    return rels
