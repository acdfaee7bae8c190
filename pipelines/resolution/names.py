"""Name keys: the one spelling every resolver compares people, organisations and conferences by.

Real sites write the same name several ways. The costliest is tone-mark placement: the old
(traditional) convention puts the tone of an open "oa", "oe", "uy" on the first vowel ("hòa",
"khỏe", "thủy", "Đảng ủy"), the newer one on the second ("hoà", "khoẻ", "thuỷ", "Đảng uỷ"); both
are common, often on one site. ``fold_tones`` re-places every syllable's tone by one rule (the
traditional one, which the extractors' patterns already use), so the two spellings become one.
It is a rule, not a word list: a syllable is parsed into onset, vowel nucleus and final, its tone
mark is lifted and put back on the vowel the rule picks. The base syllable (without tone) and the
tone are kept, so two syllables that differ in anything but placement never fold together
("quý"/"quí" is a spelling difference, not a placement one, and stays two keys).

Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from pipelines.entities.directives import find_directives
from pipelines.text import normalize_text

__all__ = [
    "ABBREVIATIONS",
    "PARTY_TERMS",
    "conference_name_key",
    "expand_abbreviations",
    "fold_tones",
    "name_key",
    "party_term",
    "period_key",
    "roman_to_int",
    "spell_out_tw",
]

# --- tone folding ---------------------------------------------------------------------------

# The five tone marks as combining characters (grave, acute, tilde, hook above, dot below).
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Vowels with a shape mark (breve, circumflex, horn): the tone always sits on one of them.
_SHAPED = frozenset("ăâêôơư")
_VOWELS = frozenset("aăâeêioôơuưy")
# Onsets, longest first so "ngh" beats "ng" beats "n". "gi" and "qu" are handled apart: their
# "i"/"u" belong to the onset only when another vowel follows ("gìn" = g + ìn, "giữ" = gi + ữ).
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "kh", "ph", "th", "tr", "b", "c", "d", "đ", "g", "h",
           "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")  # fmt: skip
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")  # marks left uncomposed stay in


def _tone_index(onset: str, nucleus: str, final: str) -> int | None:
    """Index in ``nucleus`` (lower case, no tone) that carries the tone, traditional placement.

    - a shaped vowel (ă â ê ô ơ ư) takes it; of two ("ươ") the second: "người", "giường";
    - one vowel takes it;
    - before a final consonant, the last vowel: "hoàng", "toán", "huỳnh";
    - three open vowels, the middle one: "ngoài", "khuỷu";
    - two open vowels, the first: "hòa", "khỏe", "thủy", "tài", "mùa".
    """
    del onset  # the onset is parsed off before this; kept in the signature for clarity
    shaped = [i for i, ch in enumerate(nucleus) if ch in _SHAPED]
    if shaped:
        return shaped[-1]
    if len(nucleus) == 1:
        return 0
    if final:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    if len(nucleus) == 2:
        return 0
    return None


def _parse(base: str) -> tuple[str, str, str] | None:
    """(onset, vowel nucleus, final) of a lower-case toneless syllable, or None if it is not one."""
    onset = ""
    rest = base
    if rest.startswith("qu") and len(rest) > 2 and rest[2] in _VOWELS:
        onset, rest = "qu", rest[2:]
    elif rest.startswith("gi") and len(rest) > 2 and rest[2] in _VOWELS:
        onset, rest = "gi", rest[2:]
    else:
        for o in _ONSETS:
            if rest.startswith(o):
                onset, rest = o, rest[len(o) :]
                break
    i = 0
    while i < len(rest) and rest[i] in _VOWELS:
        i += 1
    nucleus, final = rest[:i], rest[i:]
    if not nucleus or final not in _FINALS or len(nucleus) > 3:
        return None
    return onset, nucleus, final


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """One word (NFC letters) with its tone on the canonical vowel; unchanged if not a syllable."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return word  # no tone (nothing to place) or several (not one Vietnamese syllable)
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    parsed = _parse(base.lower())
    if parsed is None or len(base) != len(base.lower()):
        return word
    onset, nucleus, final = parsed
    at = _tone_index(onset, nucleus, final)
    if at is None:
        return word
    pos = len(onset) + at
    marked = unicodedata.normalize("NFC", base[pos] + tones[0])
    return base[:pos] + marked + base[pos + 1 :]


def fold_tones(text: str) -> str:
    """``text`` (NFC) with every syllable's tone mark placed one way: "hoà" → "hòa",
    "Thuỷ" → "Thủy", "Đảng uỷ" → "Đảng ủy", "khoẻ" → "khỏe". Case and everything else kept."""
    text = unicodedata.normalize("NFC", text)
    return _WORD_RE.sub(lambda m: _fold_word(m.group(0)), text)


# --- name keys ------------------------------------------------------------------------------

# Đ look-alikes: Icelandic eth (U+00D0/U+00F0) and the African D (U+0189/U+0256) render like Đ/đ.
_ETH = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u0256": "đ"})
_PUNCT_RUN = re.compile(r"[^\w]+|_+")


def _clean(text: str) -> str:
    """NFC, invisible characters and look-alikes fixed (pipelines.text), Đ look-alikes unified."""
    return normalize_text(text.translate(_ETH)).translate(_ETH)


# Keys of the same names and bodies are asked for again and again (every pair a resolve compares
# reads both sides' keys): cached, as pure functions of the text.
@lru_cache(maxsize=1 << 17)
def name_key(text: str) -> str:
    """The identity key of a person or organisation name: NFC, Đ look-alikes unified, tone
    placement folded, case-folded, every run of punctuation one space, single-spaced."""
    if not text:
        return ""
    folded = fold_tones(_clean(text)).casefold()
    return " ".join(_PUNCT_RUN.sub(" ", folded).split())


# --- abbreviations --------------------------------------------------------------------------

# Abbreviations official names are written with, as name_key tokens → the words they stand for.
# Expanded wherever names are compared, so "BCH TW" = "Ban Chấp hành Trung ương" and
# "UBND tỉnh" = "Ủy ban nhân dân tỉnh". Only tokens that are never a Vietnamese word or a name
# syllable ("tu", "du" … are left out on purpose).
ABBREVIATIONS: dict[str, str] = {
    "tw": "trung ương",
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
    "bbt": "ban bí thư",
    "bct": "bộ chính trị",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "mttq": "mặt trận tổ quốc",
    "ubtưmttq": "ủy ban trung ương mặt trận tổ quốc",
    "ubtwmttq": "ủy ban trung ương mặt trận tổ quốc",
    "btg": "ban tuyên giáo",
    "btgtw": "ban tuyên giáo trung ương",
    "btgtu": "ban tuyên giáo tỉnh ủy",
    "btgdvtw": "ban tuyên giáo và dân vận trung ương",
    "bdv": "ban dân vận",
    "btc": "ban tổ chức",
    "ubkt": "ủy ban kiểm tra",
    "bcđ": "ban chỉ đạo",
    "đuk": "đảng ủy khối",
    "đukcqtw": "đảng ủy khối các cơ quan trung ương",
    "đukdntw": "đảng ủy khối doanh nghiệp trung ương",
    "đucqđtw": "đảng ủy các cơ quan đảng trung ương",
    "hđph": "hội đồng phối hợp",
    "pbgdpl": "phổ biến giáo dục pháp luật",
    "ttxvn": "thông tấn xã việt nam",
    "lđlđ": "liên đoàn lao động",
    "tp": "thành phố",
    "tx": "thị xã",
    "vn": "việt nam",
    "cand": "công an nhân dân",
    "qđnd": "quân đội nhân dân",
    # the subjects of policy (names of resolutions and conferences): "phát triển KT-XH, bảo
    # đảm QP-AN" is "phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh"
    "ktxh": "kinh tế xã hội",
    "qpan": "quốc phòng an ninh",
    "anqp": "an ninh quốc phòng",
    "đbqh": "đại biểu quốc hội",
    "ptnt": "phát triển nông thôn",
    "nnptnt": "nông nghiệp và phát triển nông thôn",
    # sectors as ministries and committees abbreviate them ("Bộ GTVT", "trật tự ATGT")
    "atgt": "an toàn giao thông",
    "gtvt": "giao thông vận tải",
    "pccc": "phòng cháy chữa cháy",
    "attp": "an toàn thực phẩm",
    "gdđt": "giáo dục và đào tạo",
    "lđtbxh": "lao động thương binh và xã hội",
    "tnmt": "tài nguyên và môi trường",
    "khcn": "khoa học và công nghệ",
    "vhttdl": "văn hóa thể thao và du lịch",
}
# Written with dots or spaces inside: "T.Ư", "T.W", "T Ư" → one token pair after punctuation.
_ABBREVIATION_PAIRS: dict[tuple[str, str], str] = {
    ("t", "ư"): "trung ương",
    ("t", "w"): "trung ương",
    ("kt", "xh"): "kinh tế xã hội",
    ("qp", "an"): "quốc phòng an ninh",
    ("an", "qp"): "an ninh quốc phòng",
    ("nn", "ptnt"): "nông nghiệp và phát triển nông thôn",
    # ministries' sectors written with "&" or "-" inside ("TT&TT", "GD&ĐT", "KH&CN")
    ("tt", "tt"): "thông tin và truyền thông",
    ("gd", "đt"): "giáo dục và đào tạo",
    ("kh", "cn"): "khoa học và công nghệ",
    ("kh", "đt"): "kế hoạch và đầu tư",
    ("tn", "mt"): "tài nguyên và môi trường",
    ("gt", "vt"): "giao thông vận tải",
}
# Three tokens: "VH-TT&DL", "LĐ-TB&XH".
_ABBREVIATION_TRIPLES: dict[tuple[str, str, str], str] = {
    ("vh", "tt", "dl"): "văn hóa thể thao và du lịch",
    ("lđ", "tb", "xh"): "lao động thương binh và xã hội",
}


# "TƯ", "T.Ư", "T.W" for Trung ương: recognised as written (upper case), because the lower-case
# "tư" is a common word ("Sở Tư pháp", "đầu tư", "thứ tư").
_WRITTEN_TW_RE = re.compile(r"(?<!\w)(?:T\s?\.\s?[ƯW]|TƯ)(?!\w)")


def spell_out_tw(text: str) -> str:
    """``text`` with the written abbreviations of Trung ương ("TƯ", "T.Ư", "T.W") spelled out."""
    return _WRITTEN_TW_RE.sub("Trung ương", text)


def expand_abbreviations(key: str) -> str:
    """``key`` (a name_key) with abbreviation tokens spelled out: "bch tw" → "ban chấp hành
    trung ương", "ubnd" → "ủy ban nhân dân"."""
    tokens = key.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if i + 2 < len(tokens) and (tok, tokens[i + 1], tokens[i + 2]) in _ABBREVIATION_TRIPLES:
            out.append(_ABBREVIATION_TRIPLES[(tok, tokens[i + 1], tokens[i + 2])])
            i += 3
            continue
        if i + 1 < len(tokens) and (tok, tokens[i + 1]) in _ABBREVIATION_PAIRS:
            out.append(_ABBREVIATION_PAIRS[(tok, tokens[i + 1])])
            i += 2
            continue
        if tok in ABBREVIATIONS:
            out.append(ABBREVIATIONS[tok])
        else:
            out.append(tok)
        i += 1
    return " ".join(out)


# --- conference names -----------------------------------------------------------------------

# Digit words: 2..9 (as tens too: "hai mươi"), and the forms a unit takes in a compound
# ("mười lăm", "hai mươi mốt", "hai mươi tư") or alone as an ordinal ("thứ nhất", "thứ tư").
_DIGITS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_AFTER_TEN = {**_DIGITS, "một": 1, "tư": 4, "lăm": 5}
del _AFTER_TEN["năm"]  # "mười năm" is "ten years", not fifteen
_AFTER_TENS = {**_DIGITS, "mốt": 1, "một": 1, "tư": 4, "lăm": 5}
_ALONE = {**_DIGITS, "nhất": 1, "tư": 4}
_ROMAN_RE = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_to_int(token: str) -> int | None:
    """12 for "XII" / "xii"; None when ``token`` is not a well-formed roman numeral."""
    t = token.casefold()
    if not t or not _ROMAN_RE.match(t):
        return None
    total = 0
    for i, ch in enumerate(t):
        v = _ROMAN_VALUE[ch]
        total += -v if i + 1 < len(t) and _ROMAN_VALUE[t[i + 1]] > v else v
    return total


def _number_words(tokens: list[str], i: int) -> tuple[int, int] | None:
    """(value, tokens used) of a Vietnamese ordinal number run at ``tokens[i]`` (read after
    "thứ"), up to 99: "nhất", "tám", "mười", "mười một", "mười lăm", "hai mươi", "hai mươi mốt"."""
    t = tokens[i : i + 3]
    if not t:
        return None
    if t[0] == "mười":
        if len(t) > 1 and t[1] in _AFTER_TEN:
            return 10 + _AFTER_TEN[t[1]], 2
        return 10, 1
    if t[0] in _DIGITS and len(t) > 1 and t[1] == "mươi":
        tens = _DIGITS[t[0]] * 10
        if len(t) > 2 and t[2] in _AFTER_TENS:
            return tens + _AFTER_TENS[t[2]], 3
        return tens, 2
    if t[0] in _ALONE:
        return _ALONE[t[0]], 1
    return None


# Words after which a number word or roman numeral is an ordinal ("lần thứ tám", "khóa XIII",
# "Đại hội XIV", "quý IV", "Hội nghị Trung ương tám" is rare and left alone).
_ORDINAL_CUES = frozenset({"thứ", "khóa", "hội", "quý", "kỳ", "lần"})
_LEAD_RE = re.compile(r"^(?:hội nghị\s+)+")
_PLENUM_RE = re.compile(
    r"\b(?:hội nghị\s+)?(?:lần thứ\s+(?P<n>\d+)\s+ban chấp hành trung ương|"
    r"(?:ban chấp hành\s+)?trung ương\s+(?:đảng\s+)?(?:lần thứ\s+)?(?P<n2>\d+)(?!\d|-))"
)


def _canonical_symbols(text: str) -> tuple[str, list[str]]:
    """``text`` with every document symbol replaced by a placeholder, and the canonical symbols
    (pipelines.entities.directives reads "25 - CT/TƯ" as 25-CT/TW), lower-cased."""
    found = sorted(find_directives(text), key=lambda d: d.start)
    out: list[str] = []
    symbols: list[str] = []
    at = 0
    for d in found:
        if d.start < at:
            continue
        out.append(text[at : d.start])
        out.append(f" \x00{len(symbols)}\x00 ")
        symbols.append(d.symbol.casefold())
        at = d.end
    out.append(text[at:])
    return "".join(out), symbols


_PLACEHOLDER_RE = re.compile(r"\x00(\d+)\x00")
_SPLIT_RE = re.compile(r"[^\w\x00]+")


@lru_cache(maxsize=65536)  # resolution compares each report's name with many others
def conference_name_key(name: str | None) -> str:
    """The key conference names are compared by (similarity, not identity): ``name_key`` with the
    leading "hội nghị" dropped, number words and roman ordinals as digits ("lần thứ tám" →
    "lần thứ 8", "khóa XIII" → "khóa 13"), document symbols canonical ("25 - CT/TƯ" → "25-ct/tw")
    and filler words that rewrites add or drop removed ("về", "của", "trực tuyến", "quán triệt" …).
    """
    if not name:
        return ""
    text, symbols = _canonical_symbols(_clean(name))
    text = spell_out_tw(text)
    folded = fold_tones(text).casefold()
    tokens = [t for t in _SPLIT_RE.sub(" ", folded).split() if t]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if m := _PLACEHOLDER_RE.fullmatch(tok):
            out.append(symbols[int(m.group(1))])
            i += 1
            continue
        prev = out[-1] if out else ""
        if prev in _ORDINAL_CUES:
            roman = roman_to_int(tok)
            if roman is not None and (prev != "hội" or roman > 1):
                out.append(str(roman))
                i += 1
                continue
            # "lần thứ tám", and "lần hai" without "thứ" (vnexpress: "hội nghị hiệp thương lần hai")
            words = _number_words(tokens, i) if prev in ("thứ", "lần") else None
            if words is not None:
                out.append(str(words[0]))
                i += words[1]
                continue
        out.append(tok)
        i += 1
    key = _LEAD_RE.sub("", expand_abbreviations(" ".join(out)))
    # "Hội nghị lần thứ 8 Ban Chấp hành Trung ương (Đảng)" is written "Hội nghị Trung ương 8"
    # just as often, and "Hội nghị Ban Chấp hành Trung ương Đảng lần thứ 13" too: one form.
    key = _PLENUM_RE.sub(lambda m: f"trung ương {m.group('n') or m.group('n2')}", key)
    # "Đại hội đại biểu toàn quốc lần thứ XIII" = "Đại hội XIII": one form.
    key = _CONGRESS_RE.sub(r"đại hội \g<n>", key)
    # "tháng 9 năm 2023" = "tháng 9/2023": the "năm" before a year goes.
    key = _YEAR_WORD_RE.sub(r"\g<y>", key)
    # "Hội nghị đầu tư năm 2025 chủ đề “Lựa chọn Bà Rịa-Vũng Tàu”": the theme is the event's
    # slogan, which one report quotes and the next leaves out; the name is what precedes it.
    key = _THEME_RE.sub("", key) or key
    return " ".join(_drop_fillers(key.split()))


_THEME_RE = re.compile(r"\s*\b(?:với )?chủ đề\b.*$")


_CONGRESS_RE = re.compile(
    r"\bđại hội (?:đại biểu )?(?:toàn quốc )?(?:(?:của )?đảng )?(?:lần thứ )?(?P<n>\d+)\b"
)
_YEAR_WORD_RE = re.compile(r"\bnăm (?P<y>(?:19|20)\d{2})\b")


# Words independent rewrites of one conference's name add or drop: scope and format words
# (compared on their own fields: nationwide, format), the agenda verbs reports list in different
# combinations ("học tập, quán triệt và triển khai thực hiện" / "quán triệt"), and function
# words. Two-word fillers are matched as pairs so "triển khai" goes but a lone "khai" stays.
# Scope and format words: always dropped (compared on their own fields).
_SCOPE_PAIRS = frozenset(
    {
        ("trực", "tuyến"),
        ("trực", "tiếp"),
        ("kết", "hợp"),
        ("toàn", "quốc"),
        ("cả", "nước"),
        ("mở", "rộng"),
    }
)
# Agenda verbs and function words: dropped unless nothing else is left ("Hội nghị trực tuyến
# toàn quốc quán triệt" keeps "quán triệt": an empty key would compare as no name at all).
_FILLER_PAIRS = frozenset(
    {
        ("nghiên", "cứu"),
        ("học", "tập"),
        ("quán", "triệt"),
        ("triển", "khai"),
        ("thực", "hiện"),
        ("tuyên", "truyền"),
        ("phổ", "biến"),
        ("đối", "với"),
        ("đồng", "thời"),
    }
)
_PARTY_NOUNS = frozenset({"ủy", "bộ", "viên", "đoàn"})
_FILLER_SINGLE = frozenset({"về", "của", "và", "các", "những", "việc", "cho", "số", "với"})


def _drop(tokens: list[str], pairs: frozenset[tuple[str, str]], singles: bool) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and (tokens[i], tokens[i + 1]) in pairs:
            i += 2
            continue
        if singles and tokens[i] in _FILLER_SINGLE:
            i += 1
            continue
        if (
            singles
            and tokens[i] == "đảng"
            and (i + 1 == len(tokens) or tokens[i + 1] not in _PARTY_NOUNS)
        ):
            i += 1  # "Trung ương Đảng", "của Đảng": rewrites add or drop it; "Đảng ủy" stays
            continue
        out.append(tokens[i])
        i += 1
    return out


# Words rewrites use interchangeably, each written one way: "đảm bảo" = "bảo đảm", "khu vực" =
# "vùng" (of a region: "vùng Đông Nam Bộ" / "khu vực Đông Nam bộ").
_SYNONYM_PAIRS = {("đảm", "bảo"): ("bảo", "đảm"), ("khu", "vực"): ("vùng",)}


def _synonyms(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = (tokens[i], tokens[i + 1]) if i + 1 < len(tokens) else None
        if pair in _SYNONYM_PAIRS:
            out.extend(_SYNONYM_PAIRS[pair])
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def _drop_fillers(tokens: list[str]) -> list[str]:
    tokens = _synonyms(tokens)
    scoped = _drop(tokens, _SCOPE_PAIRS, singles=False)
    return _drop(scoped, _FILLER_PAIRS, singles=True) or scoped


# --- periods --------------------------------------------------------------------------------

_Y = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_SEP = r"\s*(?:[/.\-–]|,?\s+năm\s+|\s+)\s*"
_QUARTER_RE = re.compile(rf"\bquý\s+(?P<q>iv|iii|ii|i|[1-4])(?!\w){_SEP}{_Y}")
_MONTH_RE = re.compile(rf"\btháng\s+(?P<m>0?[1-9]|1[0-2])(?!\d){_SEP}{_Y}")
# "6 tháng đầu năm 2024", "sáu tháng cuối năm 2023", "9 tháng năm 2024"; the year may come later
# ("sơ kết 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2024").
_SPAN_RE = re.compile(
    r"(?P<n>\b\d{1,2}|\bsáu|\bchín)\s+tháng\s*(?P<half>đầu|cuối)?\s*năm(?:\s+(?P<y>(?:19|20)\d{2})"
    r"(?!\d))?"
)
_YEAR_RE = re.compile(rf"\bnăm\s+{_Y}")
_ANY_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Words that make what follows a plan ("triển khai nhiệm vụ năm 2024"), not a review ("tổng kết
# năm 2023"): the one yearly conference is titled either way ("Hội nghị tổng kết công tác năm
# 2023, triển khai nhiệm vụ năm 2024" is one event), so a plan names the period before it.
_PLAN_BEFORE_RE = re.compile(r"(?:nhiệm vụ|phương hướng)(?:\s+(?:công tác|trọng tâm))?\s*$")
_REVIEW_RE = re.compile(r"\b(?:tổng kết|sơ kết|đánh giá|kết quả|báo cáo)\b")


# "triển khai công tác (ngành) tư pháp năm 2024", "triển khai nhiệm vụ ngành Thanh tra năm 2021":
# the yearly conference that reviews 2023 and plans 2024, named by its plan half with the sector
# between the plan words and the year (one clause: no comma or "và" in between).
_DEPLOY_BEFORE_RE = re.compile(
    r"\btriển khai (?:công tác|nhiệm vụ|phương hướng|kế hoạch)\b[^,;]{0,40}$"
)


def _is_plan(t: str, start: int) -> bool:
    """The period at ``start`` is what a plan is for (and the text reviews nothing before it)."""
    before = t[max(0, start - 60) : start]
    planned = bool(_PLAN_BEFORE_RE.search(before[-40:])) or bool(
        _DEPLOY_BEFORE_RE.search(before)
        and not re.search(r"\bvà\b", before.rsplit("triển khai", 1)[-1])
    )
    return planned and not _REVIEW_RE.search(t[:start])


@lru_cache(maxsize=1 << 16)  # pure; each report's name and period are keyed for every pair
def period_key(text: str | None) -> str | None:
    """The period a recurring series' edition covers, from its name or period label:
    "tháng 9/2023" → "2023-09", "quý IV/2022" → "2022-Q4", "6 tháng đầu năm 2024" → "2024-H1",
    "6 tháng cuối năm 2024" → "2024-H2", "3 tháng đầu năm" → Q1, "9 tháng năm 2024" → "2024"
    (a span with no key of its own gives its year), "năm 2023" → "2023";
    None when it names none (a period without a year, "tháng 6", is no period).

    The first period named wins ("tổng kết năm 2023, triển khai nhiệm vụ năm 2024" → "2023"),
    and a period named only as a plan is keyed by the review it follows: "triển khai nhiệm vụ năm
    2024" → "2023", "triển khai nhiệm vụ 6 tháng cuối năm 2024" → "2024-H1" (the same yearly or
    half-yearly conference, reported under either half of its title)."""
    if not text:
        return None
    t = fold_tones(_clean(text)).casefold()
    found: list[tuple[int, str]] = []
    if m := _MONTH_RE.search(t):
        found.append((m.start(), f"{m.group('y')}-{int(m.group('m')):02d}"))
    if m := _QUARTER_RE.search(t):
        q = m.group("q")
        quarter = int(q) if q.isdigit() else roman_to_int(q)
        found.append((m.start(), f"{m.group('y')}-Q{quarter}"))
    for m in _SPAN_RE.finditer(t):
        year = m.group("y")
        if year is None:
            later = _ANY_YEAR_RE.search(t, m.end())
            if later is None:
                continue
            year = later.group(0)
        n_raw = m.group("n")
        n = {"sáu": 6, "chín": 9}.get(n_raw) or int(n_raw)
        half = m.group("half")
        if n == 6 and half == "cuối":
            found.append((m.start(), f"{year}-H1" if _is_plan(t, m.start()) else f"{year}-H2"))
        elif n == 6:
            found.append((m.start(), f"{year}-H1"))
        elif n == 3 and half in ("đầu", None):
            found.append((m.start(), f"{year}-Q1"))
        elif 1 <= n <= 12 and half != "cuối":
            # "9 tháng năm 2024": no key of its own (the keys are month, quarter, half, year);
            # the year holds it, so it stays compatible with the year's other periods' parents.
            found.append((m.start(), year))
        else:
            continue
        break
    if found:
        return min(found)[1]
    if m := _YEAR_RE.search(t):
        year = int(m.group("y"))
        return str(year - 1) if _is_plan(t, m.start()) else str(year)
    return None


# --- party terms ----------------------------------------------------------------------------

# (term, first day): the Central Committee of a term takes office when its Congress closes.
# Congress closing days: IX 22-04-2001, X 25-04-2006, XI 19-01-2011, XII 28-01-2016,
# XIII 01-02-2021 (convened for 25-1..2-2-2021 by the XII Central Committee's 14th plenum:
# bantuyengiao.cantho.gov.vn after TTXVN, 2020-12-25; it closed a day early),
# XIV 23-01-2026 (the XIV Congress sat 19–23/1/2026 and closed early, 1.5 days ahead of plan;
# the XIV Central Committee held its first plenum on 23/1: 24h.com.vn, "Trực tiếp phiên bế mạc
# Đại hội đại biểu toàn quốc lần thứ XIV", and vneconomy.vn, "Thông cáo báo chí phiên bế mạc",
# both 2026-01-23).
PARTY_TERMS: tuple[tuple[int, date], ...] = (
    (9, date(2001, 4, 22)),
    (10, date(2006, 4, 25)),
    (11, date(2011, 1, 19)),
    (12, date(2016, 1, 28)),
    (13, date(2021, 2, 1)),
    (14, date(2026, 1, 23)),
)


def party_term(d: date) -> int | None:
    """The Party Central Committee term (khóa) in force on ``d``; None before the IX term."""
    term: int | None = None
    for number, start in PARTY_TERMS:
        if d >= start:
            term = number
    return term
