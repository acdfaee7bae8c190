"""Text normalisation and HTML decoding for Vietnamese pages.

Pure functions only (no I/O): callers hand in bytes/str and get str back.

Why this exists: the same Vietnamese article reaches us in several byte-level disguises
(NFD diacritics from Mac editors, "Ð" U+00D0 typed instead of "Đ" U+0110, Cyrillic look-alikes
pasted from Word, NBSP/zero-width junk from CMS editors, windows-1258 pages that claim UTF-8).
Downstream matching (symbols such as ``05-NQ/ĐUK``, dedup hashes, FTS) needs one canonical form.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

__all__ = [
    "content_hash",
    "convert_legacy",
    "decode_html",
    "detect_legacy_vietnamese",
    "fix_legacy_vietnamese",
    "normalize_text",
    "sniff_meta_charset",
]

# --- character tables -------------------------------------------------------------------------

# Zero-width and invisible format characters that CMS editors leave inside words.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)

# Every exotic space becomes a plain space; collapsing happens afterwards.
_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u202f\u205f\u3000\t\f\v",
    ),
    " ",
)
_LINE_BREAKS = {ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\x85"): "\n"}

# Cyrillic/Greek letters that render identically to Latin ones.  Only applied inside words
# that also contain Latin letters, so genuine Russian/Greek text is left alone.
_HOMOGLYPHS: dict[str, str] = {
    # Cyrillic lower
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "һ": "h",
    "ӏ": "l",
    # Cyrillic upper
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
    "Ј": "J",
    "Ѕ": "S",
    "У": "Y",
    "Ԁ": "D",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "ο": "o",
    "ν": "v",
}
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)
_HOMOGLYPH_CHARS = frozenset(_HOMOGLYPHS)

# A "word": letters plus combining marks (NFD input keeps marks separate until NFC).
_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# Vietnamese vowels (any tone/shape), used to decide whether "Ð"/"ð" starts a syllable.
_VI_VOWEL = re.compile(r"[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY]", re.IGNORECASE)
# Letters only Vietnamese uses (in NFC): a word containing one is Vietnamese for sure.
_VI_SPECIFIC = re.compile(
    r"[ăâêôơưĂÂÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    r"ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ]"
)

_MULTI_SPACE = re.compile(r" {2,}")


def _fix_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if "Ð" in word or "ð" in word:
        word = _fix_eth(word)
    if _HOMOGLYPH_CHARS.intersection(word) and _LATIN_RE.search(word):
        word = word.translate(_HOMOGLYPH_TABLE)
    return word


def _fix_eth(word: str) -> str:
    """Map Icelandic eth to Vietnamese Đ/đ when the word is Vietnamese.

    Vietnamese "đ" only ever starts a syllable and is followed by a vowel ("Ðảng", "ðại"), or sits
    in an all-caps abbreviation ("NÐ-CP", "ÐUK"); Icelandic eth sits mid-word ("Guðrún"), so those
    positions tell the two apart without a language model.
    """
    is_caps = word.upper() == word
    vietnamese = bool(_VI_SPECIFIC.search(word))
    out = []
    for i, ch in enumerate(word):
        if ch in "Ðð":
            nxt = word[i + 1 : i + 2]
            starts_syllable = (
                i == 0 and bool(nxt) and bool(_VI_VOWEL.match(unicodedata.normalize("NFD", nxt)[0]))
            )
            if starts_syllable or is_caps or vietnamese:
                ch = "Đ" if ch == "Ð" else "đ"
        out.append(ch)
    return "".join(out)


def normalize_text(s: str) -> str:
    """Canonical form of extracted text.

    NFC; Vietnamese Ð/ð fixed; Cyrillic/Greek look-alikes inside Latin words mapped to Latin;
    NBSP/zero-width removed; runs of spaces collapsed; one "\\n" between paragraphs and no empty
    lines (a paragraph is a non-empty line).
    """
    if not s:
        return ""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = s.translate(_ZERO_WIDTH).translate(_SPACES).translate(_LINE_BREAKS)
    # NFC first so each word's letters are composed before the word-level fixes ...
    s = unicodedata.normalize("NFC", s)
    s = _WORD_RE.sub(_fix_word, s)
    # ... and again because a mapped look-alike may now compose with a following mark.
    s = unicodedata.normalize("NFC", s)
    lines = (_MULTI_SPACE.sub(" ", line).strip() for line in s.split("\n"))
    return "\n".join(line for line in lines if line)


def content_hash(text: str) -> str:
    """sha256 hex digest of the normalised body (stable across NFD/NBSP/Ð variants)."""
    return normalized_hash(normalize_text(text))


def normalized_hash(normalized: str) -> str:
    """`content_hash` of text that already is `normalize_text` output (skips a second pass)."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


# --- legacy Vietnamese 8-bit encodings (TCVN3 / VNI) ------------------------------------------
#
# Pre-Unicode Vietnamese pages were typed in TCVN3 (ABC, ".VnTime" fonts) or VNI-Windows
# ("VNI-Times") and served as windows-1252 / ISO-8859-1 (or with no charset at all): a browser
# without the font shows "Céng hoµ x· héi chñ nghÜa ViÖt Nam" (TCVN3) or "Coäng hoøa xaõ hoäi chuû
# nghóa Vieät Nam" (VNI). The converters below work on text already decoded as windows-1252, so
# every character stands for one byte.

# TCVN3 (TCVN 5712:1993, lower-case "ABC" font): byte -> Unicode. Upper-case toned letters live in
# the separate capitals font (.VnTimeH), which reuses the lower-case code points; they cannot be
# told apart in the bytes and come out lower-case.
_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip


def _byte_char(b: int) -> str:
    return bytes([b]).decode("cp1252", "replace")


_TCVN3_TABLE = {ord(_byte_char(b)): u for b, u in _TCVN3_BYTES.items()}
_TCVN3_TABLE.update({b: u for b, u in _TCVN3_BYTES.items()})  # same bytes read as latin-1

# VNI-Windows: an ASCII base letter followed by mark bytes. Lower-case marks, then the capitals
# font's marks (same meaning). Values are combining sequences appended to the base letter.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS: dict[str, str] = {
    "ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "ê": _BREVE,
    "à": _CIRC + _GRAVE, "á": _CIRC + _ACUTE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE,
    "ä": _CIRC + _DOT,
    "è": _BREVE + _GRAVE, "é": _BREVE + _ACUTE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
    "Ø": _GRAVE, "Ù": _ACUTE, "Û": _HOOK, "Õ": _TILDE, "Ï": _DOT,
    "Â": _CIRC, "Ê": _BREVE,
    "À": _CIRC + _GRAVE, "Á": _CIRC + _ACUTE, "Å": _CIRC + _HOOK, "Ã": _CIRC + _TILDE,
    "Ä": _CIRC + _DOT,
    "È": _BREVE + _GRAVE, "É": _BREVE + _ACUTE, "Ú": _BREVE + _HOOK, "Ü": _BREVE + _TILDE,
    "Ë": _BREVE + _DOT,
}  # fmt: skip
# Stand-alone VNI letters (no base letter): đ/Đ and the toned i/y.
_VNI_SINGLE = {
    "ñ": "đ", "Ñ": "Đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}  # fmt: skip
# "ô" / "ö" (and capitals) are the letters ơ / ư themselves, which then take a tone mark.
_VNI_HORNED = {"ô": "ơ", "ö": "ư", "Ô": "Ơ", "Ö": "Ư"}
_VNI_MARK_CLASS = "".join(sorted(_VNI_MARKS))
# A vowel (or ơ/ư), an optional shape mark (circumflex "â" / breve "ê"), then a tone mark.
_VNI_RE = re.compile(
    rf"([AEIOUYaeiouyôöÔÖ])((?:[âêÂÊ])?[{_VNI_MARK_CLASS}]?)"
    rf"|[{''.join(_VNI_SINGLE)}]"
)

# Words that occur in almost every Vietnamese text, as each legacy encoding spells them once the
# bytes are read as windows-1252 ("của", "và", "các", "được", "người", "những", "không", "một",
# "năm", "đã", "với", "Việt", "Đảng", "này", "cho", "đến", "để", "trên", "tại", "về").
_TCVN3_WORDS = frozenset(
    w.lower()
    for w in [
        "cña",
        "vµ",
        "c¸c",
        "®\xadîc",
        "ng\xadêi",
        "nh÷ng",
        "kh«ng",
        "mét",
        "n¨m",
        "®·",
        "víi",
        "ViÖt",
        "§¶ng",
        "nµy",
        "®Õn",
        "®Ó",
        "trªn",
        "t¹i",
        "vÒ",
        "lµ",
        "cã",
        "h\xadíng",
        "ph¸p",
        "luËt",
        "nghÞ",
        "quyÕt",
        "chØ",
        "thÞ",
        "hµnh",
    ]
    if not w.isascii()  # "ban", "cho" are spelt the same in every encoding
)
_VNI_WORDS = frozenset(
    w.lower()
    for w in [
        "cuûa",
        "vaø",
        "caùc",
        "ñöôïc",
        "ngöôøi",
        "nhöõng",
        "khoâng",
        "moät",
        "naêm",
        "ñaõ",
        "vôùi",
        "Vieät",
        "Ñaûng",
        "naøy",
        "ñeán",
        "ñeå",
        "treân",
        "taïi",
        "veà",
        "laø",
        "coù",
        "höôùng",
        "phaùp",
        "luaät",
        "nghò",
        "quyeát",
        "chæ",
        "thò",
        "haønh",
    ]
    if not w.isascii()
)
_LEGACY_WORD_RE = re.compile(r"[^\s.,;:!?()\"“”'\[\]<>/=]+")
# Letters only Unicode Vietnamese has (beyond Latin-1): a text with these is already Unicode.
_UNICODE_VI_RE = re.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")


def detect_legacy_vietnamese(text: str) -> str | None:
    """Return "tcvn3" or "vni" when ``text`` (bytes read as windows-1252) is a legacy Vietnamese
    8-bit encoding, else None.

    Conservative: it needs at least 3 common Vietnamese words spelt the legacy way, making up
    at least 5 % of the words, and hardly any genuinely Unicode Vietnamese letters. Unicode
    Vietnamese never spells those words that way (they contain symbols such as "µ", "®", "¸" or
    vowel + mark pairs such as "aø", "eä" that are not Vietnamese orthography).
    """
    if not text or text.isascii():
        return None
    if len(_UNICODE_VI_RE.findall(text, 0, 20000)) > 2:
        return None
    words = _LEGACY_WORD_RE.findall(text.lower(), 0, 200000)
    if not words:
        return None
    tcvn = sum(1 for w in words if w in _TCVN3_WORDS)
    vni = sum(1 for w in words if w in _VNI_WORDS)
    best, hits = ("tcvn3", tcvn) if tcvn >= vni else ("vni", vni)
    if hits >= 3 and hits * 20 >= len(words):
        return best
    return None


def _vni_sub(m: re.Match[str]) -> str:
    base = m.group(1)
    if base is None:
        return _VNI_SINGLE[m.group(0)]
    marks = m.group(2)
    base = _VNI_HORNED.get(base, base)
    if not marks:
        return base
    shape = marks[0] if len(marks) == 2 else ""
    tone = marks[-1]
    # Circumflex only on a/e/o, breve only on a; a mark that cannot sit on the letter means the
    # pair is not VNI (leave it alone).
    lower = base.lower()
    combining = ""
    for mk in (shape, tone) if shape else (tone,):
        comb = _VNI_MARKS[mk]
        if comb.startswith(_CIRC) and lower not in "aeo":
            return m.group(0)
        if comb.startswith(_BREVE) and lower != "a":
            return m.group(0)
        combining += comb
    return unicodedata.normalize("NFC", base + combining)


def convert_legacy(text: str, encoding: str) -> str:
    """Convert TCVN3 ("tcvn3") or VNI-Windows ("vni") text, read as windows-1252, to NFC Unicode.

    Only the legacy code points change: ASCII (markup included) passes through untouched.
    """
    if encoding == "tcvn3":
        out = text.translate(_TCVN3_TABLE)
    elif encoding == "vni":
        out = _VNI_RE.sub(_vni_sub, text)
    else:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return unicodedata.normalize("NFC", out)


def fix_legacy_vietnamese(text: str) -> str:
    """``text`` converted when :func:`detect_legacy_vietnamese` is confident, else unchanged."""
    enc = detect_legacy_vietnamese(text)
    return convert_legacy(text, enc) if enc else text


# --- decoding ----------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it shares the first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG label aliases: browsers treat these as windows-125x, and so do we.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "windows-1258": "cp1258",
    "x-user-defined": "cp1252",
    "unicode": "utf-8",
    "utf8": "utf-8",
    "utf-16": "utf-16-le",
}


def _canonical_codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    m = _CT_CHARSET.search(label)  # a whole Content-Type header was passed
    if m:
        label = m.group(1).lower()
    elif "/" in label or ";" in label:
        return None
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_meta_charset(body: bytes) -> str | None:
    """Charset from ``<meta charset>`` / ``http-equiv`` / XML declaration in the first 4 KiB."""
    head = body[:4096]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return _canonical_codec(m.group(1).decode("ascii", "ignore")) if m else None


_LEGACY_LABELS = {
    "tcvn": "tcvn3",
    "tcvn3": "tcvn3",
    "tcvn-3": "tcvn3",
    "tcvn5712": "tcvn3",
    "tcvn-5712": "tcvn3",
    "x-viet-tcvn": "tcvn3",
    "x-viet-tcvn5712": "tcvn3",
    "vn3": "tcvn3",
    "abc": "tcvn3",
    "vni": "vni",
    "vni-windows": "vni",
    "x-viet-vni": "vni",
}


def _sniff_meta_label(body: bytes) -> str | None:
    head = body[:4096]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def _legacy_label(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    m = _CT_CHARSET.search(label)
    if m:
        label = m.group(1).lower()
    return _LEGACY_LABELS.get(label)


def _decode_utf8(body: bytes) -> str | None:
    """Strict UTF-8, tolerating only a multi-byte sequence cut off by truncation."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.start >= len(body) - 3:
            try:
                return body[: err.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
        # A page that is UTF-8 except for a stray byte or two (copy-paste accidents) is still
        # UTF-8: judge by how much valid multi-byte text surrounds the damage.
        text = body.decode("utf-8", "replace")
        bad = text.count("\ufffd")
        non_ascii = sum(1 for ch in text if ord(ch) > 127) - bad
        if non_ascii >= 50 and bad * 100 <= non_ascii:
            return text.replace("\ufffd", "")
        return None


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp", "iso8859", "windows", "latin", "mac", "koi8", "tis"))


def decode_html(body: bytes, declared_encoding: str | None) -> str:
    """Decode page bytes to str; never raises.

    Precedence: BOM > HTTP charset (``declared_encoding``; a bare label or a whole Content-Type)
    > ``<meta charset>``.  A declared UTF-8 is verified: Vietnamese CMSs regularly serve
    windows-1258 bytes under a UTF-8 label, so invalid UTF-8 falls back to cp1258 (+NFC, because
    cp1258 encodes tones as combining marks).  Conversely, a single-byte label on bytes that are
    valid multi-byte UTF-8 is a server default (Apache's latin-1) lying: UTF-8 wins then.
    """
    if not body:
        return ""
    try:
        for bom, codec in _BOMS:
            if body.startswith(bom):
                return body[len(bom) :].decode(codec, "replace")
        legacy = _legacy_label(declared_encoding) or _legacy_label(_sniff_meta_label(body))
        if legacy is not None:  # a page that declares TCVN3 / VNI
            return convert_legacy(body.decode("cp1252", "replace"), legacy)
        codec = _canonical_codec(declared_encoding) or sniff_meta_charset(body) or "utf-8"
        if codec in ("utf-8", "utf-8-sig"):
            text = _decode_utf8(body)
            if text is not None:
                return text
            return unicodedata.normalize("NFC", body.decode("cp1258", "replace"))
        if _is_single_byte(codec) and not body.isascii():
            utf8 = _decode_utf8(body)
            if utf8 is not None:
                return utf8
        text = body.decode(codec, "replace")
        if codec == "cp1258":
            return unicodedata.normalize("NFC", text)
        if codec in ("cp1252", "latin_1", "iso8859-1"):
            # TCVN3 / VNI pages are served as windows-1252 / latin-1 (they "show" mojibake).
            return fix_legacy_vietnamese(text)
        return text
    except Exception:  # belt and braces: the contract is "never raise"
        return body.decode("utf-8", "replace")
