"""Name keys (pipelines/resolution/names.py): tone placement, Đ look-alikes, conference names,
periods and Party terms. Names come from the dev set (benchmarks/devset/devset.jsonl)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.resolution.names import (
    conference_name_key,
    expand_abbreviations,
    fold_tones,
    name_key,
    party_term,
    period_key,
    roman_to_int,
)

# -- tone placement ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa", "hoà"),
        ("Hòa Bình", "Hoà Bình"),
        ("thủy", "thuỷ"),
        ("Phan Xuân Thủy", "Phan Xuân Thuỷ"),
        ("khỏe", "khoẻ"),
        ("Đảng ủy", "Đảng uỷ"),
        ("Ủy ban nhân dân", "Uỷ ban nhân dân"),
        ("Tỉnh ủy Khánh Hòa", "Tỉnh uỷ Khánh Hoà"),
        ("tùy", "tuỳ"),
        ("họa", "hoạ"),
        ("xòe", "xoè"),
        ("HÒA", "HOÀ"),
    ],
)
def test_old_and_new_tone_placement_give_one_key(old: str, new: str) -> None:
    assert old != new
    assert name_key(old) == name_key(new)
    assert fold_tones(new) == fold_tones(old)


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "người", "giường", "gì", "giữ", "quý", "Huỳnh", "khuỷu", "ngoài", "hoàng", "Quỳnh"],
)
def test_words_with_one_placement_are_kept(word: str) -> None:
    assert fold_tones(word) == word


def test_spelling_differences_are_not_placement() -> None:
    # quý/quí and Thủy/Thúy differ in letters or tone, not in where the mark sits.
    assert name_key("quý") != name_key("quí")
    assert name_key("Thủy") != name_key("Thúy")
    assert name_key("Hòa") != name_key("Hóa")


def test_fold_tones_keeps_case_and_non_syllables() -> None:
    assert fold_tones("Bí thư Tỉnh uỷ, 25-CT/TW, Guðrún!") == "Bí thư Tỉnh ủy, 25-CT/TW, Guðrún!"


# A random syllable: onset + rhyme (nucleus, final) + tone. The nuclei with more than one
# vowel are where old and new placement differ (open oa/oe/uy) or could be confused.
_ONSETS = ["", "b", "ch", "đ", "h", "kh", "l", "ng", "nh", "th", "tr", "x", "qu", "gi"]
_RHYMES = [
    ("a", ""), ("a", "ng"), ("oa", ""), ("oa", "n"), ("oe", ""), ("uy", ""), ("uy", "nh"),
    ("uyê", "n"), ("ươ", "ng"), ("ưa", ""), ("ai", ""), ("ao", ""), ("oai", ""), ("uôi", ""),
    ("i", ""), ("y", ""), ("ê", "nh"), ("ô", "ng"), ("ơ", "i"), ("ư", "c"), ("uy", "u"),
]  # fmt: skip
_TONE_MARKS = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


def _place(onset: str, nucleus: str, final: str, tone: str, at: int) -> str:
    vowels = list(nucleus)
    vowels[at] = unicodedata.normalize("NFC", vowels[at] + tone)
    return onset + "".join(vowels) + final


@given(
    st.sampled_from(_ONSETS),
    st.sampled_from(_RHYMES),
    st.sampled_from(_TONE_MARKS),
    st.booleans(),
)
def test_any_placement_of_one_syllable_folds_to_one_key(
    onset: str, rhyme: tuple[str, str], tone: str, upper: bool
) -> None:
    nucleus, final = rhyme
    spellings = {_place(onset, nucleus, final, tone, at) for at in range(len(nucleus))}
    if upper:
        spellings = {s.capitalize() for s in spellings}
    assert len({fold_tones(s) for s in spellings}) == 1
    assert len({name_key(s) for s in spellings}) == 1
    folded = fold_tones(next(iter(spellings)))
    assert fold_tones(folded) == folded  # idempotent
    assert unicodedata.normalize("NFD", folded).count(tone) == 1  # the tone is kept


_SYLLABLES = st.tuples(
    st.sampled_from(_ONSETS), st.sampled_from(_RHYMES), st.sampled_from([*_TONE_MARKS, ""])
)


@given(_SYLLABLES, _SYLLABLES)
def test_distinct_base_syllables_never_collide(
    a: tuple[str, tuple[str, str], str], b: tuple[str, tuple[str, str], str]
) -> None:
    (oa, (na, fa), ta), (ob, (nb, fb), tb) = a, b
    word_a = _place(oa, na, fa, ta, 0) if ta else oa + na + fa
    word_b = _place(ob, nb, fb, tb, 0) if tb else ob + nb + fb
    if (oa + na + fa, ta) != (ob + nb + fb, tb):
        assert name_key(word_a) != name_key(word_b)


# -- name keys -----------------------------------------------------------------------------------


def test_name_key_unifies_eth_case_spacing_and_punctuation() -> None:
    assert name_key("Ðảng uỷ Khối") == name_key("ĐẢNG ỦY  KHỐI") == "đảng ủy khối"
    assert name_key("Vụ Thông tin - Báo chí") == name_key("Vụ Thông tin, Báo chí")
    # NFD input (Mac editors) and a zero-width joiner inside a word.
    assert name_key(unicodedata.normalize("NFD", "Phùng Xuân Nhạ")) == "phùng xuân nhạ"
    assert name_key("Chẩu\u200b Văn Lâm") == "chẩu văn lâm"
    assert name_key("") == ""


def test_abbreviations_expand() -> None:
    assert expand_abbreviations(name_key("BCH T.Ư")) == "ban chấp hành trung ương"
    assert expand_abbreviations(name_key("UBND tỉnh")) == "ủy ban nhân dân tỉnh"
    assert expand_abbreviations("lần thứ tư") == "lần thứ tư"


# -- conference names ----------------------------------------------------------------------------


def test_conference_names_of_one_event_written_differently() -> None:
    # The dev set's national conference (d. 2025) and how bridge points rewrite it.
    national = (
        "hội nghị toàn quốc quán triệt, triển khai nghị quyết hội nghị lần thứ 11 "
        "Ban Chấp hành Trung ương Đảng khóa 13"
    )
    bridge = (
        "Hội nghị trực tuyến quán triệt và triển khai Nghị quyết Hội nghị lần thứ mười một "
        "BCH TƯ Đảng khoá XIII"
    )
    assert conference_name_key(national) == conference_name_key(bridge)
    assert conference_name_key(national) == "nghị quyết trung ương 11 khóa 13"
    # The plenum's short form ("Trung ương 11") is the same plenum.
    short = "Hội nghị quán triệt Nghị quyết Trung ương 11 (khóa XIII)"
    assert conference_name_key(short) == conference_name_key(national)
    assert conference_name_key("Hội nghị Trung ương 8 khóa XIII") == conference_name_key(
        "Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khoá XIII"
    )


def test_conference_name_symbols_are_canonical() -> None:
    a = conference_name_key("Hội nghị quán triệt Chỉ thị số 25 - CT/TƯ của Ban Bí thư")
    b = conference_name_key("hội nghị trực tuyến toàn quốc quán triệt Chỉ thị 25-CT/TW")
    assert "25-ct/tw" in a and "25-ct/tw" in b
    assert conference_name_key(None) == "" and conference_name_key("") == ""


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Hội nghị lần thứ tám", "lần thứ 8"),
        ("Hội nghị lần thứ nhất", "lần thứ 1"),
        ("Hội nghị lần thứ tư", "lần thứ 4"),
        ("Hội nghị lần thứ mười", "lần thứ 10"),
        ("Hội nghị lần thứ mười lăm", "lần thứ 15"),
        ("Hội nghị lần thứ hai mươi mốt", "lần thứ 21"),
        ("Hội nghị BCH Đảng bộ tỉnh lần thứ 18, khóa XVII (mở rộng)", None),
        ("Hội nghị lần thứ 8 Ban Chấp hành Trung ương", "trung ương 8"),
    ],
)
def test_numerals_become_digits(written: str, key: str | None) -> None:
    got = conference_name_key(written)
    if key is None:
        assert got == "ban chấp hành đảng bộ tỉnh lần thứ 18 khóa 17"
    else:
        assert got == key


def test_period_spellings_in_a_name() -> None:
    # linkage dev: two reports of Hội nghị Báo cáo viên Trung ương tháng 9/2023
    assert conference_name_key("Hội nghị báo cáo viên Trung ương tháng 9 năm 2023") == (
        conference_name_key("Hội nghị Báo cáo viên Trung ương tháng 9/2023")
    )


def test_a_name_of_fillers_only_keeps_its_agenda() -> None:
    assert conference_name_key("Hội nghị trực tuyến toàn quốc quán triệt") == "quán triệt"
    assert conference_name_key("Hội nghị trực tuyến") == ""


def test_different_conferences_keep_different_keys() -> None:
    a = conference_name_key("Hội nghị báo cáo viên Trung ương tháng 11-2021")
    b = conference_name_key("hội nghị báo cáo viên Trung ương tháng 3-2022")
    c = conference_name_key("Hội nghị Ban Thường vụ Tỉnh ủy")
    assert len({a, b, c}) == 3


def test_roman_numerals() -> None:
    assert [roman_to_int(t) for t in ("XIII", "xiv", "IV", "IX", "XL")] == [13, 14, 4, 9, 40]
    assert roman_to_int("IIII") is None and roman_to_int("ban") is None and roman_to_int("") is None


# -- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("hội nghị trực tuyến toàn quốc báo cáo viên trung ương tháng 9/2020", "2020-09"),
        ("Hội nghị báo cáo viên Trung ương tháng 11-2021", "2021-11"),
        ("Hội nghị báo cáo viên định kỳ tháng 4/2025", "2025-04"),
        ("tháng 3 năm 2022", "2022-03"),
        ("Hội nghị báo cáo viên quý III-2012", "2012-Q3"),
        ("quý IV/2022", "2022-Q4"),
        ("quý 4 năm 2022", "2022-Q4"),
        ("sơ kết 6 tháng đầu năm 2024", "2024-H1"),
        ("6 tháng cuối năm 2024", "2024-H2"),
        ("9 tháng năm 2024", "2024"),
        ("sơ kết 3 tháng đầu năm 2024", "2024-Q1"),
        ("tổng kết năm 2023", "2023"),
        # One yearly / half-yearly conference, titled by its review or by its plan.
        ("Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024", "2023"),
        ("Hội nghị triển khai nhiệm vụ năm 2024", "2023"),
        ("sơ kết 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2024", "2024-H1"),
        ("Hội nghị triển khai nhiệm vụ 6 tháng cuối năm 2024", "2024-H1"),
        ("Hội nghị quán triệt kế hoạch năm 2025", "2025"),
        # the plan half with the sector between the plan words and the year
        ("Hội nghị trực tuyến toàn quốc triển khai công tác tư pháp năm 2024", "2023"),
        ("Hội nghị triển khai công tác ngành thanh tra năm 2023, tổ chức ngày 6/1", "2022"),
        ("Hội nghị triển khai nhiệm vụ ngành Thanh tra năm 2021", "2020"),
        # a review named before the year, or a document deployed: not a plan
        ("Hội nghị triển khai công tác kiểm sát và tổng kết năm 2023", "2023"),
        ("Hội nghị triển khai Nghị quyết 29 năm 2023", "2023"),
        ("Hội nghị báo cáo viên tháng 6", None),
        ("Hội nghị Ban Thường vụ Tỉnh ủy", None),
        (None, None),
    ],
)
def test_period_key(text: str | None, key: str | None) -> None:
    assert period_key(text) == key


def test_consecutive_months_are_different_periods() -> None:
    assert period_key("Hội nghị báo cáo viên tháng 9/2023") != period_key(
        "Hội nghị báo cáo viên tháng 10/2023"
    )


# -- Party terms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (date(2016, 5, 15), 12),  # 05-CT/TW (Hồ Chí Minh) of the XII term
        (date(2021, 1, 31), 12),
        (date(2021, 2, 1), 13),
        (date(2021, 5, 20), 13),
        (date(2025, 5, 4), 13),  # 66-NQ/TW
        (date(2026, 1, 22), 13),
        (date(2026, 1, 23), 14),
        (date(2012, 3, 1), 11),
        (date(1999, 1, 1), None),
    ],
)
def test_party_term(day: date, term: int | None) -> None:
    assert party_term(day) == term


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_keys_are_total_and_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert fold_tones(fold_tones(text)) == fold_tones(text)
    conference_name_key(text)  # never raises
    period_key(text)


@given(st.text(alphabet="aăâeêioôơuưyAĐđ hkngtrqu\u0300\u0301\u0303\u0309\u0323", max_size=20))
def test_vietnamese_like_text_folds_idempotently(text: str) -> None:
    once = fold_tones(text)
    assert fold_tones(once) == once
    assert name_key(once) == name_key(text)


def test_ministry_sectors_written_with_ampersands_are_spelled_out() -> None:
    """ "VH-TT&DL", "TT&TT", "LĐ-TB&XH" are the sectors' names: a review "của ngành VH-TT&DL" and
    one "của ngành văn hóa, thể thao và du lịch" have one owner."""
    from pipelines.resolution.names import expand_abbreviations, name_key

    assert expand_abbreviations(name_key("ngành VH-TT&DL")) == "ngành văn hóa thể thao và du lịch"
    assert expand_abbreviations(name_key("Bộ TT&TT, Bộ LĐ-TB&XH")) == (
        "bộ thông tin và truyền thông bộ lao động thương binh và xã hội"
    )


def test_a_conference_theme_is_not_part_of_its_name_key() -> None:
    """ "Hội nghị đầu tư năm 2025 chủ đề “Lựa chọn Bà Rịa-Vũng Tàu”" is the "Hội nghị đầu tư năm
    2025" another report names without its slogan; a name that is only a theme keeps it."""
    from pipelines.resolution.names import conference_name_key

    themed = "Hội nghị đầu tư năm 2025 chủ đề “Lựa chọn Bà Rịa-Vũng Tàu”"
    assert conference_name_key(themed) == conference_name_key("Hội nghị đầu tư năm 2025")
    assert conference_name_key("Hội nghị Thủ tướng với doanh nghiệp năm 2016, với chủ đề") == (
        conference_name_key("Hội nghị Thủ tướng với doanh nghiệp năm 2016")
    )
    assert conference_name_key("Hội nghị chủ đề năm 2024") != ""
