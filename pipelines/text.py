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

__all__ = ["content_hash", "decode_html", "normalize_text", "sniff_meta_charset"]

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
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


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
        return unicodedata.normalize("NFC", text) if codec == "cp1258" else text
    except Exception:  # belt and braces: the contract is "never raise"
        return body.decode("utf-8", "replace")
