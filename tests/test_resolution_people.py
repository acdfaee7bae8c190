"""People (pipelines/resolution/people.py): one person per name × organisation, bare names only
when unambiguous, dated positions, order independence. The names, positions and organisations
are those the extractor reads from the dev set (benchmarks/devset/devset.jsonl: h005, h026,
h091, h093, h095 …), spread over made-up articles and days."""

from __future__ import annotations

import hashlib
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.resolution.names import name_key
from pipelines.resolution.people import (
    person_group_key,
    person_id,
    resolve_against_stored,
    resolve_people,
)
from pipelines.resolution.records import PersonMentionRecord


def _m(
    mid: str, name: str, position: str | None, org: str | None, day: date | None = None
) -> PersonMentionRecord:
    return PersonMentionRecord(
        mention_id=mid,
        article_id=f"a-{mid}",
        name=name,
        position=position,
        organization=org,
        seen_on=day,
    )


def _by_mention(mentions: list[PersonMentionRecord]) -> dict[str, str | None]:
    links, _, _ = resolve_people(mentions)
    return {link.mention_id: link.person_id for link in links}


def test_group_key_is_the_name_key() -> None:
    assert person_group_key(_m("1", "Phan Xuân Thuỷ", None, None)) == "phan xuân thủy"
    assert person_group_key(_m("1", "PHAN XUÂN THỦY", None, None)) == "phan xuân thủy"


# The line of bodies the Ban Tuyên giáo Trung ương belongs to is keyed by its latest name.
LINE = "Ban Tuyên giáo và Dân vận Trung ương"


def test_same_name_same_body_is_one_person_across_spellings() -> None:
    ids = _by_mention(
        [
            _m(
                "1",
                "Phan Xuân Thủy",
                "Phó Trưởng ban",
                "Ban Tuyên giáo Trung ương",
                date(2020, 9, 18),
            ),
            _m("2", "Phan Xuân Thuỷ", "Phó Trưởng ban", "Ban Tuyên giáo T.Ư", date(2023, 4, 20)),
            _m("3", "Phan Xuân Thủy", "Phó Trưởng ban", "BTGTW", date(2021, 11, 2)),
        ]
    )
    assert ids["1"] is not None and ids["1"] == ids["2"] == ids["3"]
    assert (
        ids["1"]
        == hashlib.md5(f"{name_key('Phan Xuân Thủy')}\x1f{name_key(LINE)}".encode()).hexdigest()
    )


def test_a_renamed_body_keeps_its_people() -> None:
    # Phạm Tất Thắng: Phó trưởng ban Dân vận TW, then of the merged Ban Tuyên giáo và Dân vận TW.
    ids = _by_mention(
        [
            _m("1", "Phạm Tất Thắng", "Phó Trưởng ban", "Ban Dân vận Trung ương", date(2023, 5, 1)),
            _m(
                "2",
                "Phạm Tất Thắng",
                "Phó Trưởng ban",
                "Ban Tuyên giáo và Dân vận Trung ương",
                date(2025, 8, 20),
            ),
        ]
    )
    assert ids["1"] is not None and ids["1"] == ids["2"]


def test_one_name_in_two_provinces_is_two_people() -> None:
    ids = _by_mention(
        [
            _m("1", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Bắc Ninh", date(2024, 1, 5)),
            _m("2", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Hải Phòng", date(2024, 1, 6)),
            _m("3", "Nguyễn Văn Hùng", "Bộ trưởng", "Bộ VH, TT&DL", date(2024, 1, 7)),
        ]
    )
    assert len({ids["1"], ids["2"], ids["3"]}) == 3 and None not in ids.values()


def test_placeless_body_joins_the_one_placed_body_of_its_kind() -> None:
    # h026 writes "Ban Tuyên giáo Tỉnh ủy", h091 "Ban Tuyên giáo Tỉnh ủy Gia Lai".
    links, people, _ = resolve_people(
        [
            _m("1", "Huỳnh Thế Mạnh", "Trưởng ban", "Ban Tuyên giáo Tỉnh ủy", date(2023, 4, 20)),
            _m(
                "2",
                "Huỳnh Thế Mạnh",
                "Trưởng ban",
                "Ban Tuyên giáo Tỉnh ủy Gia Lai",
                date(2023, 9, 1),
            ),
        ]
    )
    assert links[0].person_id == links[1].person_id is not None
    assert {link.method for link in links} == {"organization", "organization_placeless"}
    assert len(people) == 1


def test_placeless_body_is_placed_in_the_reporting_province() -> None:
    # "Phó Bí thư Tỉnh ủy Nguyễn Văn Sơn" (h007, Tuyên Quang) and a namesake on another
    # province's site are two people; two reports from one province's sites are one.
    def _son(mid: str, province: str | None) -> PersonMentionRecord:
        return PersonMentionRecord(
            mid, f"a-{mid}", "Nguyễn Văn Sơn", "Phó Bí thư", "Tỉnh ủy", None, province
        )

    ids = _by_mention([_son("1", "Tuyên Quang"), _son("2", "Tuyên Quang"), _son("3", "Hà Tĩnh")])
    assert ids["1"] == ids["2"] is not None and ids["3"] not in (None, ids["1"])
    # A national site's placeless mention joins only when one placed body fits.
    assert _by_mention([_son("1", "Tuyên Quang"), _son("4", None)])["4"] == ids["1"]
    links, _, _ = resolve_people([_son("1", "Tuyên Quang"), _son("3", "Hà Tĩnh"), _son("4", None)])
    fourth = next(link for link in links if link.mention_id == "4")
    assert fourth.person_id is None and fourth.method == "ambiguous_organization:2"


def test_bare_name_joins_only_an_unambiguous_person() -> None:
    one = _by_mention(
        [
            _m("1", "Phùng Xuân Nhạ", "Bộ trưởng", "Bộ Giáo dục và Đào tạo", date(2020, 9, 18)),
            _m("2", "Phùng Xuân Nhạ", None, None, date(2020, 10, 1)),
        ]
    )
    assert one["2"] == one["1"] is not None
    links, _, _ = resolve_people(
        [
            _m("1", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Bắc Ninh"),
            _m("2", "Nguyễn Văn Hùng", "Bộ trưởng", "Bộ Văn hóa, Thể thao và Du lịch"),
            _m("3", "Nguyễn Văn Hùng", None, None),
        ]
    )
    bare = next(link for link in links if link.mention_id == "3")
    assert bare.person_id is None and bare.method == "ambiguous_name:2" and bare.confidence == 0
    alone, _, _ = resolve_people([_m("9", "Nguyễn Văn Hùng", None, None)])
    assert alone[0].person_id is None and alone[0].method == "bare_name"


def test_position_without_organisation() -> None:
    ids = _by_mention(
        [
            _m("1", "Tô Lâm", "Tổng Bí thư", None, date(2025, 8, 20)),
            _m("2", "Tô Lâm", "Tổng Bí thư", None, date(2025, 9, 2)),
            _m("3", "Vũ Trọng Khánh", "Bộ trưởng", "Bộ Tư pháp"),
            _m("4", "Vũ Trọng Khánh", "Bộ trưởng", None),
        ]
    )
    assert ids["1"] == ids["2"] is not None
    assert ids["3"] == ids["4"] is not None
    # Two people of one name and one position: a position alone cannot choose.
    links, _, _ = resolve_people(
        [
            _m("1", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Bắc Ninh"),
            _m("2", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Hải Phòng"),
            _m("3", "Nguyễn Văn Hùng", "Bí thư", None),
        ]
    )
    third = next(link for link in links if link.mention_id == "3")
    assert third.person_id is None and third.method == "ambiguous_position:2"


def test_positions_are_dated_facts() -> None:
    _, people, facts = resolve_people(
        [
            _m(
                "1",
                "Phan Xuân Thủy",
                "Phó Trưởng ban",
                "Ban Tuyên giáo Trung ương",
                date(2020, 9, 18),
            ),
            _m(
                "2",
                "Phan Xuân Thuỷ",
                "Phó Trưởng ban",
                "Ban Tuyên giáo Trung ương",
                date(2023, 4, 20),
            ),
            _m(
                "3",
                "Phan Xuân Thủy",
                "Phó Trưởng ban",
                "Ban Tuyên giáo Trung ương",
                date(2021, 11, 2),
            ),
            _m("4", "Phan Xuân Thủy", "Ủy viên Trung ương Đảng", "Ban Tuyên giáo Trung ương", None),
        ]
    )
    assert len(people) == 1 and people[0].name == "Phan Xuân Thủy"
    deputy = next(f for f in facts if f.title == "Phó Trưởng ban")
    assert (deputy.first_seen, deputy.last_seen) == (date(2020, 9, 18), date(2023, 4, 20))
    assert deputy.organization_id is not None and deputy.person_id == people[0].person_id
    member = next(f for f in facts if f.title == "Ủy viên Trung ương Đảng")
    assert member.first_seen is None and member.last_seen is None
    assert len(facts) == 2


def test_person_id_is_a_function_of_name_and_body() -> None:
    assert person_id("Phan Xuân Thuỷ", "x") == person_id("phan xuân thủy", "x")
    assert person_id("Phan Xuân Thủy", "x") != person_id("Phan Xuân Thủy", "y")


_POOL = [
    _m("a1", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Bắc Ninh", date(2024, 1, 5)),
    _m("a2", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh uỷ Hải Phòng", date(2024, 2, 5)),
    _m("a3", "Nguyễn Văn Hùng", None, None, date(2024, 3, 5)),
    _m("a4", "Nguyễn Văn Hùng", "Bí thư", None, date(2024, 3, 6)),
    _m("b1", "Huỳnh Thế Mạnh", "Trưởng ban", "Ban Tuyên giáo Tỉnh ủy", date(2023, 4, 20)),
    _m("b2", "Huỳnh Thế Mạnh", "Trưởng ban", "Ban Tuyên giáo Tỉnh ủy Gia Lai", date(2023, 9, 1)),
    _m("b3", "Huỳnh Thế Mạnh", None, None, None),
    _m("c1", "Tô Lâm", "Tổng Bí thư", None, date(2025, 8, 20)),
    _m("c2", "Tô Lâm", "Tổng Bí thư", None, date(2025, 9, 2)),
    _m("d1", "Phạm Tất Thắng", "Phó Trưởng ban", "Ban Dân vận Trung ương", date(2023, 5, 1)),
    _m("d2", "Phạm Tất Thắng", "Phó Trưởng ban", "Ban Tuyên giáo và Dân vận Trung ương", None),
    _m("e1", "Chẩu Văn Lâm", "Bí thư", "Tỉnh ủy", date(2021, 4, 9)),
    _m("e2", "Chẩu Văn Lâm", "Bí thư", "Tỉnh ủy Tuyên Quang", date(2021, 4, 10)),
]


@settings(max_examples=60)
@given(st.permutations(_POOL), st.integers(min_value=1, max_value=len(_POOL)))
def test_order_independent(shuffled: list[PersonMentionRecord], n: int) -> None:
    subset = sorted(_POOL[:n], key=lambda m: m.mention_id)
    expected = resolve_people(subset)
    again = resolve_people([m for m in shuffled if m in subset])
    assert again == expected


def test_pool_resolves_as_expected() -> None:
    ids = _by_mention(_POOL)
    assert ids["a1"] != ids["a2"] and ids["a3"] is None and ids["a4"] is None
    assert ids["b1"] == ids["b2"] == ids["b3"] is not None
    assert ids["c1"] == ids["c2"] is not None
    assert ids["d1"] == ids["d2"] is not None
    assert ids["e1"] == ids["e2"] is not None


def test_a_title_seen_without_its_body_is_the_same_fact() -> None:
    _, people, facts = resolve_people(
        [
            _m(
                "1",
                "Nguyễn Phú Trọng",
                "Tổng Bí thư",
                "Ban Chấp hành Trung ương",
                date(2021, 12, 9),
            ),
            _m("2", "Nguyễn Phú Trọng", "Tổng Bí thư", None, date(2022, 3, 1)),
        ]
    )
    assert len(people) == 1 and len(facts) == 1
    assert (facts[0].first_seen, facts[0].last_seen) == (date(2021, 12, 9), date(2022, 3, 1))
    assert facts[0].organization_id is not None


# -- the incremental path (resolve_against_stored) ---------------------------------------------

_NAMES = ["Nguyễn Văn Hùng", "Nguyễn Văn Hùng", "NGUYỄN VĂN HÙNG"]
_ORGS = [
    None,
    "Tỉnh ủy Bắc Ninh",
    "Tỉnh uỷ Bắc Ninh",
    "Tỉnh ủy Hải Phòng",
    "Ban Tuyên giáo Trung ương",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Tỉnh ủy",
]
_TITLES = [None, "Bí thư", "Phó Bí thư", "Trưởng ban", "Bí Thư"]
_DAYS = [None, date(2023, 1, 5), date(2024, 6, 1), date(2025, 3, 2)]


@st.composite
def _person_mention(draw: st.DrawFn) -> PersonMentionRecord:
    return PersonMentionRecord(
        mention_id="",
        article_id="",
        name=draw(st.sampled_from(_NAMES)),
        position=draw(st.sampled_from(_TITLES)),
        organization=draw(st.sampled_from(_ORGS)),
        seen_on=draw(st.sampled_from(_DAYS)),
        source_province=draw(st.sampled_from([None, None, "Bắc Ninh"])),
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_new_mentions_joined_to_stored_people_give_the_whole_resolution(
    data: st.DataObject,
) -> None:
    """Whenever resolve_against_stored answers, its links and position facts are exactly what
    re-resolving every mention of the name gives, and nothing else changes."""
    old = data.draw(st.lists(_person_mention(), min_size=1, max_size=8))
    new = data.draw(st.lists(_person_mention(), min_size=1, max_size=3))
    ids = data.draw(st.permutations(range(len(old) + len(new))))
    every = [
        PersonMentionRecord(f"m{i:03d}", f"a{i:03d}", *(getattr(m, f) for f in _FIELDS))
        for m, i in zip([*old, *new], ids, strict=True)
    ]
    old, new = every[: len(old)], every[len(old) :]
    old_links, old_people, old_facts = resolve_people(old)
    bodies = {(m.organization, m.source_province) for m in every}
    got = resolve_against_stored(new, old_people, old_facts, bodies)
    if got is None:
        return
    links, facts = got
    all_links, all_people, all_facts = resolve_people(every)
    new_ids = {m.mention_id for m in new}
    assert links == [x for x in all_links if x.mention_id in new_ids]
    assert [x for x in all_links if x.mention_id not in new_ids] == old_links
    assert all_people == old_people
    key = lambda f: (f.person_id, f.title, f.organization_id)  # noqa: E731
    expected = {key(f): f for f in old_facts} | {key(f): f for f in facts}
    assert expected == {key(f): f for f in all_facts}


_FIELDS = ("name", "position", "organization", "seen_on", "source_province")


def test_a_known_official_joins_the_stored_person_and_moves_the_last_day() -> None:
    old = [
        _m("a1", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Bắc Ninh", date(2024, 1, 5)),
        _m("a2", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Hải Phòng", date(2024, 2, 5)),
    ]
    _, people, facts = resolve_people(old)
    new = _m("z9", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh uỷ Bắc Ninh", date(2025, 5, 1))
    bodies = {(m.organization, m.source_province) for m in [*old, new]}
    got = resolve_against_stored([new], people, facts, bodies)
    assert got is not None
    links, moved = got
    assert [x.person_id for x in links] == [_by_mention(old)["a1"]]
    assert [(f.first_seen, f.last_seen) for f in moved] == [(date(2024, 1, 5), date(2025, 5, 1))]
    # A new body, a new title, or a placeless "Tỉnh ủy" among the name's mentions: whole.
    for other in (
        _m("z8", "Nguyễn Văn Hùng", "Bí thư", "Tỉnh ủy Quảng Ninh"),
        _m("z7", "Nguyễn Văn Hùng", "Phó Bí thư", "Tỉnh ủy Bắc Ninh"),
    ):
        assert resolve_against_stored([other], people, facts, bodies) is None
    placeless = bodies | {("Tỉnh ủy", None)}
    assert resolve_against_stored([new], people, facts, placeless) is None
