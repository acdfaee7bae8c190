"""pipelines/text.py: canonical text (NFC, Đ, look-alikes), decoding, legacy TCVN3 / VNI."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.text import (
    convert_legacy,
    decode_html,
    detect_legacy_vietnamese,
    fix_legacy_vietnamese,
    normalize_text,
)

SENTENCE = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc."


def test_nfd_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", SENTENCE)
    assert nfd != SENTENCE
    assert normalize_text(nfd) == SENTENCE


def test_eth_becomes_d_with_stroke() -> None:
    assert normalize_text("Ðảng ủy Khối, 05-NQ/ÐUK, NÐ-CP, ðồng chí") == (
        "Đảng ủy Khối, 05-NQ/ĐUK, NĐ-CP, đồng chí"
    )
    assert normalize_text("Guðrún Sigurðsson") == "Guðrún Sigurðsson"  # Icelandic stays


def test_cyrillic_lookalikes_inside_latin_words() -> None:
    assert normalize_text("Chỉ thị sоố 25-CT/TW") == "Chỉ thị soố 25-CT/TW"  # Cyrillic о
    assert normalize_text("Hà Nộі") == "Hà Nội"  # Cyrillic і
    assert normalize_text("Москва") == "Москва"  # real Cyrillic untouched


def test_windows_1258_bytes_declared_utf8() -> None:
    fixtures = Path(__file__).parent / "fixtures" / "html"
    body = (fixtures / "cp1258_declared_utf8.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = decode_html(body, "text/html; charset=utf-8")
    assert unicodedata.is_normalized("NFC", text)
    expected = (fixtures / "cp1258_declared_utf8.expected.txt").read_text("utf-8")
    first = expected.splitlines()[0]
    assert first[:60] in normalize_text(text)


# "Cộng hòa xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc" and a sentence of common
# words, typed in TCVN3 (.VnTime) and shown as windows-1252 characters.
TCVN3 = (
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n"
    "Ban Tuyªn gi¸o TØnh ñy ®· tæ chøc héi nghÞ qu¸n triÖt NghÞ quyÕt cña §¶ng "
    "vµ c¸c v¨n b¶n ph¸p luËt míi cho c¸n bé, ®¶ng viªn."
)
TCVN3_UNICODE = (
    "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"
    "Ban Tuyên giáo Tỉnh ủy đã tổ chức hội nghị quán triệt Nghị quyết của Đảng "
    "và các văn bản pháp luật mới cho cán bộ, đảng viên."
)
VNI = (
    "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n"
    "Ban Tuyeân giaùo Tænh uûy ñaõ toå chöùc hoäi nghò quaùn trieät Nghò quyeát cuûa Ñaûng "
    "vaø caùc vaên baûn phaùp luaät môùi cho caùn boä, ñaûng vieân."
)


def test_tcvn3_sample_converts() -> None:
    assert detect_legacy_vietnamese(TCVN3) == "tcvn3"
    assert convert_legacy(TCVN3, "tcvn3") == TCVN3_UNICODE
    assert fix_legacy_vietnamese(TCVN3) == TCVN3_UNICODE


def test_tcvn3_page_served_as_windows_1252() -> None:
    body = f"<html><body><p>{TCVN3}</p></body></html>".encode("cp1252")
    text = decode_html(body, "text/html; charset=windows-1252")
    assert TCVN3_UNICODE.replace("\n", "") in text.replace("\n", "")
    body_latin1 = f"<html><body><p>{TCVN3}</p></body></html>".encode("latin-1")
    assert TCVN3_UNICODE in decode_html(body_latin1, "text/html; charset=iso-8859-1")


def test_declared_tcvn3_label() -> None:
    body = f'<meta charset="TCVN3"><p>{TCVN3}</p>'.encode("cp1252")
    assert TCVN3_UNICODE in decode_html(body, None)


def test_vni_sample_converts() -> None:
    assert detect_legacy_vietnamese(VNI) == "vni"
    expected = TCVN3_UNICODE.replace("hoà", "hòa").replace("Tỉnh ủy", "Tỉnh ủy")
    assert convert_legacy(VNI, "vni") == expected


def test_plain_text_is_not_legacy() -> None:
    for text in (SENTENCE, TCVN3_UNICODE, "plain ASCII words", "Café crème brûlée à Paris", ""):
        assert detect_legacy_vietnamese(text) is None
        assert fix_legacy_vietnamese(text) == text


_VI_WORDS = str.split(
    "Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc và các của được người những "
    "không một năm đã với Đảng này cho đến để trên tại về là có hướng pháp luật nghị quyết chỉ "
    "thị ban hành hoà bà cà phê ôm ê à ồ Hà Nội Huế Điện Biên Phủ tổ chức hội nghị"
)
_VI_LETTERS = "".join(sorted(set("".join(_VI_WORDS)) | set("aăâbcdđeêghiklmnoôơpqrstuưvxy")))


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(_VI_WORDS), max_size=80).map(" ".join),
        st.text(alphabet=_VI_LETTERS + " .,;:-\n0123456789", max_size=400),
    )
)
def test_unicode_vietnamese_never_altered(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    assert detect_legacy_vietnamese(text) is None
    assert fix_legacy_vietnamese(text) == text
