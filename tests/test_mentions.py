"""Mention records built from one article's extraction (pipelines/resolution/mentions.py)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pipelines.entities import Conference, Entities, Person, extract_entities
from pipelines.resolution.mentions import (
    conference_place,
    mention_id,
    mentions_of,
    same_citation,
    story_figures,
    story_text,
    symbol_year,
)
from pipelines.resolution.names import name_key
from pipelines.resolution.organizations import place_on, province_named, story_province

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "vnarchive" / "demo_sites" / "data"


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def test_mention_id_is_md5_of_the_three_parts() -> None:
    expected = hashlib.md5(b"a1\x1fconference\x1f0").hexdigest()
    assert mention_id("a1", "conference", 0) == expected
    # article, kind and ordinal all matter
    ids = {
        mention_id("a1", "conference", 0),
        mention_id("a1", "conference", 1),
        mention_id("a1", "directive", 0),
        mention_id("a1", "person", 0),
        mention_id("a2", "conference", 0),
    }
    assert len(ids) == 5
    with pytest.raises(ValueError):
        mention_id("a1", "speaker", 0)


def test_seed_article_gives_its_mentions_in_extraction_order() -> None:
    text = _seed("dangbokhoi-hoi-nghi-quy-iv-2022.txt")
    published = date(2022, 11, 23)
    ents = extract_entities(text, published)
    got = mentions_of(
        "art-1", ents, published_on=published, source_id="dangbokhoi", source_province=None
    )
    # one directive record per extracted symbol, ordinals in extraction order
    assert [d.symbol for d in got.directives] == [d.symbol for d in ents.directives]
    assert [d.mention_id for d in got.directives] == [
        mention_id("art-1", "directive", k) for k in range(len(ents.directives))
    ]
    by_symbol = {d.symbol: d for d in got.directives}
    assert by_symbol["25-CT/TW"].year is None  # a party symbol carries no year of its own
    assert by_symbol["25-CT/TW"].published_on == published
    assert by_symbol["25-CT/TW"].article_id == "art-1"

    (conf,) = got.conferences
    assert conf.mention_id == mention_id("art-1", "conference", 0)
    assert conf.name == "Hội nghị thông tin chuyên đề quý IV/2022"
    assert conf.held_on == date(2022, 11, 22)
    assert conf.organizer == "Đảng ủy Khối các cơ quan Trung ương"
    assert conf.source_id == "dangbokhoi"
    assert conf.status == "held"
    assert conf.chairs == (name_key("Nguyễn Quang Trường"),)
    assert set(conf.speakers) == {name_key("Phạm Thanh Bình"), name_key("Ngô Lê Văn")}

    roles = [(cid, role, p.name) for cid, role, p in got.people]
    assert roles[0] == (conf.mention_id, "chair", "Nguyễn Quang Trường")
    assert {r[2] for r in roles if r[1] == "speaker"} == {"Phạm Thanh Bình", "Ngô Lê Văn"}
    assert [p.mention_id for _, _, p in got.people] == [
        mention_id("art-1", "person", k) for k in range(len(got.people))
    ]
    chair = got.people[0][2]
    assert chair.position == "Phó Bí thư"
    assert chair.organization == "Đảng ủy Khối các cơ quan Trung ương"
    assert chair.seen_on == date(2022, 11, 22)  # the event's day, not the publication's


def test_same_input_same_records() -> None:
    text = _seed("haiphong-pbgdpl-bao-cao-vien-10-2021.txt")
    a = mentions_of(
        "x", extract_entities(text), published_on=None, source_id=None, source_province="HP"
    )
    b = mentions_of(
        "x", extract_entities(text), published_on=None, source_id=None, source_province="HP"
    )
    assert a == b
    assert all(d.source_province == "HP" for d in a.directives)
    # an undated report: the person is seen on the publication date (None here)
    assert all(p.seen_on is None for _, _, p in a.people)


def test_bridge_chairs_are_not_the_conference_chairs() -> None:
    national = Person("Trần Cẩm Tú", "Thường trực Ban Bí thư", None)
    local = Person("Lê Tiến Châu", "Bí thư", "Thành ủy Hải Phòng")
    speaker = Person("Nguyễn Trọng Nghĩa", "Trưởng ban", "Ban Tuyên giáo và Dân vận Trung ương")
    conf = Conference(
        name="Hội nghị toàn quốc quán triệt Nghị quyết 66-NQ/TW",
        kind="quán triệt",
        period=None,
        held_on=date(2025, 5, 18),
        organizer="Bộ Chính trị, Ban Bí thư",
        chairs=[national, local],
        speakers=[speaker],
        bridge_point="thành phố Hải Phòng",
        bridge_chairs=[local],
        nationwide=True,
        directives=["66-NQ/TW", "66-NQ/TW"],
    )
    got = mentions_of(
        "a", Entities(conferences=[conf]), published_on=None, source_id="s", source_province="HP"
    )
    (rec,) = got.conferences
    assert rec.chairs == (name_key("Trần Cẩm Tú"),)
    assert rec.speakers == (name_key("Nguyễn Trọng Nghĩa"),)
    assert rec.bridge_point == "thành phố Hải Phòng"
    assert rec.nationwide is True
    assert rec.directives == ("66-NQ/TW",)
    assert [(role, p.name) for _, role, p in got.people] == [
        ("chair", "Trần Cẩm Tú"),
        ("bridge_chair", "Lê Tiến Châu"),
        ("speaker", "Nguyễn Trọng Nghĩa"),
    ]
    # people are seen on the event's day
    assert all(p.seen_on == date(2025, 5, 18) for _, _, p in got.people)


@pytest.mark.parametrize(
    ("symbol", "year"),
    [("30/2020/NĐ-CP", 2020), ("45/2019/QH14", 2019), ("25-CT/TW", None), ("123/QĐ-UBND", None)],
)
def test_symbol_year_reads_only_the_symbol(symbol: str, year: int | None) -> None:
    assert symbol_year(symbol) == year


def test_chair_keys_fold_tone_placement() -> None:
    old = Person("Phan Xuân Thủy", "Trưởng ban", None)  # old placement "ủy"
    new = Person("Phan Xuân Thuỷ", "Trưởng ban", None)  # new placement "uỷ"
    keys = [
        mentions_of(
            "a",
            Entities(conferences=[Conference("Hội nghị X", None, None, None, None, chairs=[p])]),
            published_on=None,
            source_id=None,
            source_province=None,
        )
        .conferences[0]
        .chairs
        for p in (old, new)
    ]
    assert keys[0] == keys[1] == (name_key("Phan Xuân Thủy"),)


def test_a_report_places_its_event_by_organiser_name_venue_then_lead() -> None:
    def conf(**kw: object) -> Conference:
        return Conference(name=None, kind=None, period=None, held_on=None, organizer=None, **kw)  # type: ignore[arg-type]

    lead = "Khánh Hòa"
    assert conference_place(conf(), lead) == "Khánh Hòa"
    assert conference_place(conf(), None) is None
    venue = replace(conf(), location="nhà hàng Hương Sen (TP Vĩnh Long)")
    assert conference_place(venue, lead) == "Vĩnh Long"
    named = replace(venue, name="Hội nghị xúc tiến đầu tư tỉnh Bạc Liêu")
    assert conference_place(named, lead) == "Bạc Liêu"
    organised = replace(named, organizer="Ban Tuyên giáo Tỉnh ủy Gia Lai")
    assert conference_place(organised, lead) == "Gia Lai"
    # a central organiser names no province: the name's counts
    central = replace(named, organizer="Bộ Kế hoạch và Đầu tư")
    assert conference_place(central, lead) == "Bạc Liêu"


def test_the_story_province_is_the_one_the_headline_and_lead_name_most() -> None:
    assert story_province("Bạc Liêu đón dòng vốn đầu tư kỷ lục\n\nVào Bạc Liêu, Thủ tướng …") == (
        "Bạc Liêu"
    )
    assert story_province("Thanh Hoá: hội nghị … Thanh Hóa và Nghệ An") == "Thanh Hóa"  # tone marks
    assert story_province("Hà Nội và Huế ký kết hợp tác") is None  # a tie: no one place
    assert story_province("Hội nghị toàn quốc") is None
    assert story_province(None) is None
    assert province_named("tỉnh Thừa Thiên Huế") == "Huế"
    assert place_on("Bạc Liêu", date(2025, 6, 30)) == "Bạc Liêu"
    assert place_on("Bạc Liêu", date(2025, 7, 1)) == "Cà Mau"
    assert place_on("Nghệ An", date(2025, 7, 1)) == "Nghệ An"


def test_mentions_of_reads_the_place_from_the_lead_it_is_given() -> None:
    text = (
        "Bạc Liêu kêu gọi đầu tư trên 110.000 tỷ đồng\n"
        "Sáng 30/1, Ban tổ chức đã khai mạc hội nghị xúc tiến đầu tư với chủ đề "
        '"Khơi dậy tiềm năng - Phát triển bền vững".'
    )
    published = date(2018, 1, 30)
    ents = extract_entities(text, published)
    assert ents.conferences
    kw = {"published_on": published, "source_id": "x", "source_province": None}
    with_lead = mentions_of("a", ents, story=story_text(None, text), **kw)
    assert [c.place for c in with_lead.conferences] == ["Bạc Liêu"] * len(ents.conferences)
    without = mentions_of("a", ents, **kw)
    assert all(c.place is None for c in without.conferences)
    assert story_text("Tiêu đề", "Thân bài") == "Tiêu đề\nThân bài"
    assert story_text(None, "Thân bài") == "Thân bài"
    # only the headline and lead place the event: a province named further down does not
    far = mentions_of("a", ents, story=story_text(None, text + " x" * 400 + " Vĩnh Long"), **kw)
    assert [c.place for c in far.conferences] == ["Bạc Liêu"] * len(ents.conferences)
    late = mentions_of("a", ents, story=story_text(None, "x " * 400 + text), **kw)
    assert all(c.place is None for c in late.conferences)


def test_story_figures_are_the_quoted_numbers_not_dates_years_or_symbols() -> None:
    text = (
        "Bạc Liêu kêu gọi đầu tư trên 110.000 tỷ đồng, gồm 30 dự án; hơn 750 đại biểu dự. "
        "Ngày 30/1/2018, theo Chỉ thị 25-CT/TW và Nghị định 30/2020/NĐ-CP, năm 2018, tầm nhìn "
        "2045, đạt 100%, 1.000 người, 12,5 triệu; Quyết định số 456; 2.345.678 đồng; 1.250,5 tỷ; "
        "ngày 15.3.2019."
    )
    assert story_figures(text) == ("110000", "1250", "2345678", "750")
    assert story_figures(None) == ()
    # bounded: a page of tables keeps its first MAX_FIGURES figures
    many = " ".join(f"{n} người" for n in range(101, 301))
    assert len(story_figures(many)) == 40
    # the figures reach the records
    ents = extract_entities(
        "Sáng 30/1, UBND tỉnh Bạc Liêu tổ chức hội nghị xúc tiến đầu tư với 750 đại biểu.",
        date(2018, 1, 30),
    )
    got = mentions_of(
        "a", ents, published_on=None, source_id=None, source_province=None, story="… 750 đại biểu"
    )
    assert [c.figures for c in got.conferences] == [("750",)]


def test_a_story_that_reports_a_conference_carries_its_minhash() -> None:
    text = "Sáng 30/1, UBND tỉnh Bạc Liêu tổ chức hội nghị xúc tiến đầu tư năm 2018."
    signature = b"\x01" * 1024
    found = mentions_of(
        "a1",
        extract_entities(text, date(2018, 1, 30)),
        published_on=date(2018, 1, 30),
        source_id="s",
        source_province=None,
        story=text,
        story_minhash=signature,
    )
    assert [c.story_minhash for c in found.conferences] == [signature]
    assert (
        mentions_of(
            "a1",
            Entities(),
            published_on=None,
            source_id="s",
            source_province=None,
            story=text,
            story_minhash=signature,
        ).conferences
        == []
    )


def test_a_year_less_state_symbol_takes_the_full_form_its_page_gives() -> None:
    text = (
        "Theo Nghị định số 78/2002/NĐ-CP của Chính phủ về tín dụng đối với người nghèo, ngân hàng "
        "cho vay ưu đãi. Sau 20 năm thực hiện Nghị định 78/NĐ-CP, hơn 40 triệu lượt hộ được vay "
        "vốn; Nghị định 79/NĐ-CP nói về việc khác."
    )
    found = mentions_of(
        "a1",
        extract_entities(text, date(2022, 6, 1)),
        published_on=date(2022, 6, 1),
        source_id="s",
        source_province=None,
    )
    got = [(d.symbol, d.year) for d in found.directives]
    assert got == [("78/2002/NĐ-CP", 2002), ("78/2002/NĐ-CP", 2002), ("79/NĐ-CP", None)]
    assert same_citation("78/2002/NĐ-CP", "78/NĐ-CP") and same_citation("79/NĐ-CP", "79/NĐ-CP")
    assert not same_citation("78/2002/NĐ-CP", "79/NĐ-CP")
