"""Organisations (pipelines/resolution/organizations.py): keys, canonical bodies, the 2025 renames,
levels and provinces, organiser compatibility. Names are the dev set's organisers and position
organisations (benchmarks/devset/devset.jsonl) and their real variants."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from pipelines.resolution.names import name_key
from pipelines.resolution.organizations import (
    ORGANIZATION_ALIASES,
    PROVINCES,
    canonical_organization,
    names_province,
    organization_key,
    organization_level,
    organization_province,
    organizers_compatible,
    province_in_name,
    province_only,
    split_organizers,
)

# -- keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vụ Thông tin - Báo chí", "Vụ Thông tin, Báo chí"),
        ("Đảng uỷ Khối các cơ quan Trung ương", "Đảng ủy Khối các cơ quan Trung ương"),
        ("ĐUK các cơ quan Trung ương", "Đảng ủy Khối các cơ quan Trung ương"),
        ("ĐUKCQTW", "Đảng ủy Khối các cơ quan Trung ương"),
        ("Ban Tuyên giáo T.Ư", "Ban Tuyên giáo Trung ương"),
        ("BTGTW", "Ban Tuyên giáo Trung ương"),
        ("UBND tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh"),
        ("Bộ VH, TT&DL", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("Sở TT&TT tỉnh Nghệ An", "Sở Thông tin và Truyền thông tỉnh Nghệ An"),
        ("BCH TW", "Ban Chấp hành Trung ương"),
        ("Trung ương Đảng", "Ban Chấp hành Trung ương"),
    ],
)
def test_variants_share_a_key(a: str, b: str) -> None:
    assert organization_key(a) == organization_key(b)


def test_tu_is_not_trung_uong_in_lower_case() -> None:
    # "TƯ" written in capitals is Trung ương; "tư" in "Tư pháp" is a word.
    assert organization_key("Sở Tư pháp") == "sở tư pháp"
    assert organization_key("Ban Tuyên giáo TƯ") == "ban tuyên giáo trung ương"


def test_different_bodies_keep_different_keys() -> None:
    keys = {
        organization_key(n)
        for n in (
            "Ban Tuyên giáo Trung ương",
            "Ban Tuyên giáo và Dân vận Trung ương",
            "Ban Tuyên giáo Tỉnh ủy",
            "Ban Tổ chức Trung ương",
            "Sở Tư pháp",
            "Bộ Tư pháp",
        )
    }
    assert len(keys) == 6


# -- canonical bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "Trung ương",
        "Tỉnh ủy",
        "Sở Thông tin và Truyền",
        "Sở Thông tin và",
        "Đảng ủy Khối",
        "Ban Tuyên giáo Đảng ủy Khối",  # which Khối? the text does not say
        "Bảo hiểm xã hội tỉnh trả lời các câu hỏi của bạn",  # a clause, not a place
    ],
)
def test_no_organisation(name: str) -> None:
    assert canonical_organization(name) is None
    assert canonical_organization(None) is None


def test_placeless_local_body_takes_the_reporting_province() -> None:
    assert canonical_organization("Ban Thường vụ Tỉnh ủy") is None
    ref = canonical_organization("Ban Thường vụ Tỉnh ủy", province="Quảng Trị")
    assert ref is not None and ref.name == "Ban Thường vụ Tỉnh ủy Quảng Trị"
    # A body that names its own province keeps it whatever the site's province.
    own = canonical_organization("Ban Tuyên giáo Tỉnh ủy Gia Lai", date(2024, 1, 1), province="Huế")
    assert own is not None and own.name == "Ban Tuyên giáo Tỉnh ủy Gia Lai"


def test_one_body_one_id_however_written() -> None:
    refs = [
        canonical_organization(n)
        for n in ("UBND tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh", "UBND Bắc Ninh")
    ]
    assert all(r is not None for r in refs)
    assert {r.organization_id for r in refs if r} == {
        hashlib.md5(name_key("Ủy ban nhân dân tỉnh Bắc Ninh").encode()).hexdigest()
    }
    assert {r.name for r in refs if r} == {"Ủy ban nhân dân tỉnh Bắc Ninh"}
    assert canonical_organization("Tỉnh uỷ Bắc Ninh") == canonical_organization("Tỉnh ủy Bắc Ninh")


def test_tinh_uy_of_two_provinces_are_two_bodies() -> None:
    a = canonical_organization("Tỉnh ủy Bắc Ninh")
    b = canonical_organization("Tỉnh ủy Hải Phòng")
    assert a is not None and b is not None and a.organization_id != b.organization_id


def test_renamed_body_read_after_the_merger_is_its_successor() -> None:
    before = canonical_organization("Ban Tuyên giáo Trung ương", date(2020, 9, 18))
    after = canonical_organization("Ban Tuyên giáo Trung ương", date(2025, 8, 20))
    merged = canonical_organization("Ban Tuyên giáo và Dân vận Trung ương", date(2025, 8, 20))
    assert before is not None and before.name == "Ban Tuyên giáo Trung ương"
    assert after == merged or (
        after is not None
        and merged is not None
        and after.organization_id == merged.organization_id
        and "Ban Tuyên giáo Trung ương" in after.aliases
    )
    ministry = canonical_organization("Bộ Thông tin và Truyền thông", date(2025, 6, 1))
    assert ministry is not None and ministry.name == "Bộ Khoa học và Công nghệ"
    dept = canonical_organization("Sở TT&TT tỉnh Nghệ An", date(2025, 6, 1))
    assert dept is not None and dept.name == "Sở Khoa học và Công nghệ tỉnh Nghệ An"
    party = canonical_organization("Đảng ủy Khối các cơ quan Trung ương", date(2025, 5, 1))
    assert party is not None and party.name == "Đảng ủy các cơ quan Đảng Trung ương"
    # Without a day nothing is renamed: the name stands for the body it named.
    plain = canonical_organization("Đảng ủy Khối các cơ quan Trung ương")
    assert plain is not None and plain.name == "Đảng ủy Khối các cơ quan Trung ương"


def test_co_organisers_give_the_first() -> None:
    ref = canonical_organization("Bộ Chính trị, Ban Bí thư")
    assert ref is not None and ref.name == "Bộ Chính trị"
    assert split_organizers("Bộ Chính trị, Ban Bí thư") == ["Bộ Chính trị", "Ban Bí thư"]
    assert split_organizers("Sở Tư pháp; Tỉnh đoàn") == ["Sở Tư pháp", "Tỉnh đoàn"]
    assert split_organizers("Bộ Văn hóa, Thể thao và Du lịch") == [
        "Bộ Văn hóa, Thể thao và Du lịch"
    ]
    assert split_organizers("Bộ VH, TT&DL") == ["Bộ VH, TT&DL"]
    vh = canonical_organization("Bộ VH, TT&DL")
    assert vh is not None and vh.name == "Bộ Văn hóa, Thể thao và Du lịch"
    assert split_organizers("UBND huyện Đô Lương, tỉnh Nghệ An") == [
        "UBND huyện Đô Lương, tỉnh Nghệ An"
    ]


def test_alias_table_is_well_formed() -> None:
    for a in ORGANIZATION_ALIASES:
        assert a.kind in ("abbreviation", "variant", "renamed", "merged"), a
        if a.kind in ("renamed", "merged"):
            assert a.valid_until is not None, a  # a former name says until when it was used
        if a.valid_from and a.valid_until:
            assert a.valid_from <= a.valid_until
    # The provinces merged on 1-7-2025 join a province that kept its name.
    assert len(PROVINCES) == 63
    assert all(PROVINCES[t] is None for t in PROVINCES.values() if t is not None)
    assert len([p for p, t in PROVINCES.items() if t is None]) == 34


# -- levels and provinces ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "province"),
    [
        ("Ban Tuyên giáo Trung ương", "national", None),
        ("Bộ Chính trị, Ban Bí thư", "national", None),
        ("Bộ Giáo dục và Đào tạo", "national", None),
        ("Đảng ủy Khối các cơ quan Trung ương", "national", None),
        ("Ban Tuyên giáo Tỉnh ủy Gia Lai", "provincial", "Gia Lai"),
        ("Đảng ủy Khối doanh nghiệp Nghệ An", "provincial", "Nghệ An"),
        ("Ban Thường vụ Tỉnh ủy", "provincial", None),
        ("Sở Tư pháp", "provincial", None),
        ("Thành ủy Hà Nội", "provincial", "Hà Nội"),
        ("UBND TP.HCM", "provincial", "Hồ Chí Minh"),
        ("UBND thị xã Cửa Lò", "local", None),
        ("UBND huyện Đô Lương, tỉnh Nghệ An", "local", "Nghệ An"),
        ("UBND thị xã Cửa Lò; Sở tư pháp Nghệ An", "local", "Nghệ An"),
        ("Thành ủy Vinh", "local", None),
        ("Đảng ủy xã Hòa Bình", "local", None),
        ("Đảng bộ bộ phận IDICO-IDI", None, None),
        (None, None, None),
    ],
)
def test_level_and_province(name: str | None, level: str | None, province: str | None) -> None:
    assert organization_level(name) == level
    assert organization_province(name) == province


# -- organiser compatibility ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("Bộ Chính trị, Ban Bí thư", "Trung ương", True),
        ("Bộ Chính trị", "Ban Chấp hành Trung ương", True),
        ("Ban Bí thư", "Bộ Chính trị, Ban Bí thư", True),
        (None, "Tỉnh ủy Bắc Ninh", True),
        ("", "Ban Tuyên giáo Trung ương", True),
        ("Tỉnh ủy Bắc Ninh", "Tỉnh ủy Hải Phòng", False),
        ("Sở Tư pháp tỉnh Nghệ An", "Sở Tư pháp tỉnh Hà Tĩnh", False),
        ("Tỉnh ủy Bắc Ninh", "Ban Thường vụ Tỉnh uỷ Bắc Ninh", True),
        ("Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Quảng Trị", True),
        ("Ban Tuyên giáo Trung ương", "Ban Tuyên giáo và Dân vận Trung ương", True),
        ("Ban Tuyên giáo T.Ư", "Ban Tuyên giáo Trung ương", True),
        ("Vụ Thông tin - Báo chí", "Vụ Thông tin, Báo chí", True),
        ("Sở Tư pháp; Tỉnh đoàn", "Tỉnh Đoàn", True),
        ("Tỉnh ủy Quảng Trị", "Bộ Chính trị, Ban Bí thư", False),
        ("Ban Tuyên giáo Trung ương", "Ban Tổ chức Trung ương", False),
        ("Ban Bí thư Trung ương Đảng", "Bộ Chính trị", True),
        ("Bộ Chính trị, Ban Bí thư", "Ban Tuyên giáo Trung ương", True),  # its staff board
        ("Ban Bí thư", "Ban Tuyên giáo và Dân vận Trung ương", True),
        ("Bộ Chính trị", "Ban Tổ chức Trung ương", False),
        ("Bộ Chính trị", "Bộ Tư pháp", False),
        ("Sở Tư pháp", "Ban Tuyên giáo Tỉnh ủy", False),
    ],
)
def test_organizers_compatible(a: str | None, b: str | None, ok: bool) -> None:
    assert organizers_compatible(a, b) is ok
    assert organizers_compatible(b, a) is ok


def test_display_name_of_a_body_not_in_the_tables_is_as_written() -> None:
    # h038's "Đảng bộ bộ phận IDICO-IDI", written after a preposition.
    ref = canonical_organization("do Đảng bộ bộ phận IDICO-IDI")
    assert ref is not None and ref.name == "Đảng bộ bộ phận IDICO IDI"
    assert ref == canonical_organization("Đảng bộ bộ phận IDICO-IDI")


@pytest.mark.parametrize(
    ("place", "level", "province"),
    [
        ("Gia Lai", "provincial", "Gia Lai"),
        ("tỉnh Phú Thọ", "provincial", "Phú Thọ"),
        ("Thừa Thiên Huế", "provincial", "Huế"),
        ("huyện Tủa Chùa", "local", None),
        ("Thành phố Phủ Lý", "local", None),
    ],
)
def test_a_bridge_point_is_a_place_not_a_body(place: str, level: str, province: str | None) -> None:
    # Bridge points as the linkage dev set writes them (benchmarks/linkage/dev.jsonl).
    assert organization_level(place) == level
    assert organization_province(place) == province
    assert canonical_organization(place, province="Gia Lai") is None


def test_leadership_spellings_are_one_body() -> None:
    refs = {
        canonical_organization(n)
        for n in ("Ban Bí thư", "Ban Bí thư Trung ương Đảng", "Ban Bí thư T.Ư Đảng")
    }
    assert len(refs) == 1 and None not in refs
    assert canonical_organization("Bộ Chính trị T.Ư Đảng") == canonical_organization("Bộ Chính trị")
    assert organization_level("xã hội") is None


def test_words_carried_past_the_name_are_dropped() -> None:
    # linkage dev: "Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam tới dự …"
    ref = canonical_organization("Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam tới")
    assert ref is not None and ref.name == "Ban Chấp hành Trung ương"
    assert organization_key("Ban Tuyên giáo Trung ương đã") == "ban tuyên giáo trung ương"
    # … but a name cut inside stays no body.
    assert canonical_organization("Sở Thông tin và") is None


def test_the_front_is_one_body_with_or_without_viet_nam() -> None:
    """ "Mặt trận Tổ quốc" is always Việt Nam's: "Ủy ban MTTQ tỉnh Bắc Ninh" and "Ủy ban Mặt
    trận Tổ quốc Việt Nam tỉnh Bắc Ninh" are one key, one organiser."""
    from pipelines.resolution.conferences import organisers_agree
    from pipelines.resolution.organizations import organization_key

    short, full = "Ủy ban MTTQ tỉnh Bắc Ninh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Ninh"
    assert (
        organization_key(short) == organization_key(full) == "ủy ban mặt trận tổ quốc tỉnh bắc ninh"
    )
    assert organisers_agree(short, full)
    assert not organisers_agree(full, "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai")


def test_a_council_and_its_standing_board_are_one_organiser() -> None:
    """The "Ban Thi đua - Khen thưởng Trung ương" runs the conferences of the "Hội đồng Thi đua -
    Khen thưởng Trung ương": bridge-point reports name either."""
    from pipelines.resolution.conferences import _central_organisers_conflict, organisers_agree

    board, council = (
        "Ban Thi đua - Khen thưởng Trung ương",
        "Hội đồng Thi đua-Khen thưởng Trung ương",
    )
    assert organisers_agree(board, council)
    assert not _central_organisers_conflict(board, council)
    assert not organisers_agree(council, "Hội đồng Lý luận Trung ương")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ban Chấp hành Đảng bộ Chính phủ", "Đảng ủy Chính phủ"),
        ("Đảng bộ Chính phủ", "Đảng ủy Chính phủ"),
        ("Ban Chấp hành Đảng bộ tỉnh Nghệ An", "Tỉnh ủy Nghệ An"),
        ("Đảng ủy thành phố Cần Thơ", "Thành ủy Cần Thơ"),
    ],
)
def test_a_party_executive_committee_is_its_committee(a: str, b: str) -> None:
    assert organization_key(a) == organization_key(b)
    assert organizers_compatible(a, b)


def test_a_party_cell_keeps_its_name() -> None:
    assert organization_key("Đảng bộ bộ phận IDICO") != organization_key("Đảng ủy bộ phận IDICO")


def test_a_joint_organiser_or_name_places_no_one_province() -> None:
    assert organization_province("Thanh Hóa và Ninh Bình") is None
    assert organization_province("Sở Du lịch tỉnh Ninh Bình; Sở Văn hóa tỉnh Thanh Hóa") is None
    assert organization_province("Sở Tư pháp tỉnh Ninh Bình; Hội Luật gia tỉnh Ninh Bình") == (
        "Ninh Bình"
    )
    assert province_in_name("Hội nghị xúc tiến du lịch Ninh Bình - Thanh Hoá - Nghệ An") is None
    # a programme without a number is no cited document: the province after it is the event's
    assert (
        province_in_name(
            "Hội nghị truyền thông về Chương trình khai mạc Năm du lịch Tuyên Quang 2024"
        )
        == "Tuyên Quang"
    )
    cited = "Hội nghị sơ kết Kế hoạch số 12-KH/TU về phát triển tỉnh Nghệ An"
    assert province_in_name(cited) is None


def test_a_text_that_is_only_a_province() -> None:
    assert province_only("Nghệ An") == province_only("tỉnh Nghệ An") == "Nghệ An"
    assert province_only("phát triển tỉnh Nghệ An") is None and province_only(None) is None
    assert names_province("phương hướng phát triển tỉnh Nghệ An đến năm 2020", "Nghệ An")
    assert not names_province("vùng Bắc Trung Bộ", "Nghệ An")


def test_a_parenthesised_abbreviation_of_several_words_is_dropped() -> None:
    """ "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam (MTTQ Việt Nam)" is the body
    the next report names without its abbreviation; a parenthesis that is not one stays."""
    from pipelines.resolution.organizations import organization_key, organizers_compatible

    front = "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
    assert organization_key(front + " (MTTQ Việt Nam)") == organization_key(front)
    assert organizers_compatible(front, front + " (MTTQ Việt Nam)")
    assert organization_key("Sở Văn hóa (theo kế hoạch số 5)") != organization_key("Sở Văn hóa")
