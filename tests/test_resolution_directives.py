"""Directive mentions → documents (pipelines/resolution/directives.py).

Citations are real: the texts of benchmarks/devset/devset.jsonl run through the real extractor,
and sentences as real sites write them (the documents, dates, issuers and subjects are the real
ones: 05-CT/TW of 15/5/2016 by the Bộ Chính trị and of 23/6/2021 by the Ban Bí thư, 66-NQ/TW of
30/4/2025, 80-KL/TW of 20/6/2020 …).
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.entities import extract_entities
from pipelines.entities.directives import ISSUER_NAMES, TYPE_DOC, find_directives
from pipelines.resolution.directives import (
    directive_group_key,
    is_local,
    locality_key,
    party_term,
    resolve_against_stored,
    resolve_directives,
)
from pipelines.resolution.mentions import mentions_of
from pipelines.resolution.records import DirectiveEntity, DirectiveLink, DirectiveMentionRecord

DEVSET = Path(__file__).resolve().parents[1] / "benchmarks" / "devset" / "devset.jsonl"

_counter = iter(range(10**9))


def mention(
    symbol: str,
    *,
    issued_on: date | None = None,
    published_on: date | None = date(2023, 6, 1),
    issuer: str | None = None,
    subject: str | None = None,
    locality: str | None = None,
    province: str | None = None,
    doc_type: str | None = None,
    mention_id: str | None = None,
) -> DirectiveMentionRecord:
    n = next(_counter)
    # The issuer code as the extractor gives it: after the slash of the party form (25-CT/TW),
    # after the type code's dash of the state forms (456/KH-UBND, 30/2020/NĐ-CP).
    tail = symbol.rsplit("/", 1)[-1]
    party = "-" in symbol.split("/")[0]
    code = tail if party or "-" not in tail else tail.split("-", 1)[1]
    # The document type as the extractor gives it: the type code's (unless a test states one).
    type_code = symbol.split("/")[0].split("-", 1)[1] if party else tail.split("-", 1)[0]
    doc_type = doc_type or TYPE_DOC.get(type_code)
    return DirectiveMentionRecord(
        mention_id=mention_id or f"m{n:05d}",
        article_id=f"a{n:05d}",
        symbol=symbol,
        doc_type=doc_type,
        year=None,
        issued_on=issued_on,
        issuer_code=code,
        issuer_stated=issuer,
        subject=subject,
        locality=locality,
        source_province=province,
        published_on=published_on,
    )


def from_text(
    article_id: str, text: str, published_on: date | None, province: str | None = None
) -> list[DirectiveMentionRecord]:
    """Mention records of a real text as the extractor reads it; the issuer counts as stated only
    when the extractor read one that is not the code's default."""
    out = []
    for i, d in enumerate(find_directives(text)):
        default = ISSUER_NAMES.get(d.issuer_code or "")
        stated = d.issuer_name if d.issuer_name and d.issuer_name != default else None
        out.append(
            DirectiveMentionRecord(
                mention_id=f"{article_id}:{i}",
                article_id=article_id,
                symbol=d.symbol,
                doc_type=d.doc_type,
                year=None,
                issued_on=d.issued_on,
                issuer_code=d.issuer_code,
                issuer_stated=stated,
                subject=d.subject,
                locality=None,
                source_province=province,
                published_on=published_on,
            )
        )
    return out


def devset_text(item_id: str) -> str:
    for line in DEVSET.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["id"] == item_id:
            return item["text"]
    raise KeyError(item_id)


def by_mention(links: list[DirectiveLink]) -> dict[str, DirectiveLink]:
    return {link.mention_id: link for link in links}


def by_id(entities: list[DirectiveEntity]) -> dict[str, DirectiveEntity]:
    return {e.directive_id: e for e in entities}


HCM = "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
POVERTY = "tăng cường sự lãnh đạo của Đảng đối với công tác giảm nghèo bền vững đến năm 2030"


def ct05_pool() -> list[DirectiveMentionRecord]:
    """The two real 05-CT/TW: Bộ Chính trị 15/5/2016 (Hồ Chí Minh), Ban Bí thư 23/6/2021
    (poverty)."""
    h048 = from_text("h048", devset_text("h048"), date(2019, 4, 18))
    h025 = from_text("h025", devset_text("h025"), date(2020, 7, 10))
    return [
        *[m for m in h048 if m.symbol == "05-CT/TW"],
        *[m for m in h025 if m.symbol == "05-CT/TW"],
        mention(
            "05-CT/TW",
            issued_on=date(2021, 6, 23),
            issuer="Ban Bí thư",
            subject=POVERTY,
            published_on=date(2021, 9, 1),
            mention_id="poverty-dated",
        ),
        mention("05-CT/TW", issuer="Bộ Chính trị", mention_id="bct-undated"),
        mention("05-CT/TW", subject=POVERTY, mention_id="poverty-undated"),
        mention("05-CT/TW", mention_id="bare-2023"),
        mention("05-CT/TW", published_on=date(2018, 3, 1), mention_id="bare-2018"),
    ]


def test_real_extraction_feeds_the_05_ct_tw_pool() -> None:
    pool = ct05_pool()
    h048 = next(m for m in pool if m.article_id == "h048")
    assert (h048.issued_on, h048.issuer_stated) == (date(2016, 5, 15), "Bộ Chính trị")
    h025 = next(m for m in pool if m.article_id == "h025")
    assert (h025.issued_on, h025.issuer_stated) == (None, "Bộ Chính trị")


def test_05_ct_tw_is_two_documents_one_per_party_term() -> None:
    links, entities = resolve_directives(ct05_pool())
    ents = by_id(entities)
    assert set(ents) == {"05-CT/TW@2016", "05-CT/TW@2021"}
    old, new = ents["05-CT/TW@2016"], ents["05-CT/TW@2021"]
    assert (old.term, old.issuer_name, old.issuer_source) == (12, "Bộ Chính trị", "stated")
    assert (
        old.issued_on == date(2016, 5, 15)
        and old.subject is not None
        and "Hồ Chí Minh" in old.subject
    )
    assert (new.term, new.issuer_name, new.issued_on) == (13, "Ban Bí thư", date(2021, 6, 23))
    assert new.subject == POVERTY
    got = by_mention(links)
    assert got["h048:0"].directive_id == "05-CT/TW@2016" and got["h048:0"].method == "dated"
    assert got["poverty-dated"].directive_id == "05-CT/TW@2021"


def test_undated_05_ct_tw_resolved_by_issuer_subject_or_date_else_ambiguous() -> None:
    got = by_mention(resolve_directives(ct05_pool())[0])
    # "của Bộ Chính trị": only the 2016 one is the Bộ Chính trị's.
    assert got["bct-undated"].directive_id == "05-CT/TW@2016"
    assert got["bct-undated"].method == "undated-issuer"
    assert got["poverty-undated"].directive_id == "05-CT/TW@2021"
    assert got["poverty-undated"].method.startswith("undated-subject")
    # A story of 2018 cannot cite a directive of 2021.
    assert got["bare-2018"].directive_id == "05-CT/TW@2016"
    assert got["bare-2018"].method == "undated-unique"
    # h025 (2020, real text: "Chỉ thị số 05-CT/TW của Bộ Chính trị, chuyên đề năm 2020 …").
    assert got["h025:0"].directive_id == "05-CT/TW@2016"
    # A bare citation in 2023 could be either: left unresolved, never guessed.
    bare = got["bare-2023"]
    assert (bare.directive_id, bare.method, bare.candidates, bare.confidence) == (
        None,
        "ambiguous",
        2,
        0.0,
    )


def test_ambiguous_mentions_do_not_count_for_any_document() -> None:
    links, entities = resolve_directives(ct05_pool())
    linked = sum(1 for link in links if link.directive_id is not None)
    assert sum(e.mentions for e in entities) == linked == len(links) - 1


def test_a_contradicted_single_document_is_not_a_catch_all() -> None:
    """Only the 2016 directive is dated; a 2023 citation about poverty is another document."""
    pool = [
        mention("05-CT/TW", issued_on=date(2016, 5, 15), issuer="Bộ Chính trị", subject=HCM),
        mention("05-CT/TW", subject=POVERTY, issuer="Ban Bí thư", mention_id="poverty"),
        mention("05-CT/TW", subject=HCM, mention_id="hcm"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert got["hcm"].directive_id == "05-CT/TW@2016"
    assert got["poverty"].directive_id == "05-CT/TW"
    assert got["poverty"].method == "undated-unmatched"


def test_66_nq_tw_with_and_without_date_is_one_row() -> None:
    pool = [
        mention(
            "66-NQ/TW",
            issued_on=date(2025, 4, 30),
            issuer="Bộ Chính trị",
            subject="đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển "
            "đất nước trong kỷ nguyên mới",
            published_on=date(2025, 5, 20),
            doc_type="Nghị quyết",
        ),
        mention("66-NQ/TW", published_on=date(2025, 6, 2), doc_type="Nghị quyết"),
        mention("66-NQ/TW", issuer="Bộ Chính trị", published_on=date(2025, 7, 2)),
    ]
    links, entities = resolve_directives(pool)
    assert [e.directive_id for e in entities] == ["66-NQ/TW@2025"]
    (e,) = entities
    assert (e.mentions, e.term, e.doc_type, e.issuer_name) == (3, 13, "Nghị quyết", "Bộ Chính trị")
    assert [link.method for link in links] == ["dated", "undated-unique", "undated-unique"]
    assert all(link.directive_id == "66-NQ/TW@2025" for link in links)


def test_undated_only_symbol_is_one_document_without_year() -> None:
    pool = [mention("12-KL/TW", doc_type="Kết luận") for _ in range(3)]
    links, entities = resolve_directives(pool)
    assert [e.directive_id for e in entities] == ["12-KL/TW"]
    assert entities[0].year is None and entities[0].term is None
    assert {link.method for link in links} == {"undated-only"}


def test_issuer_chosen_by_statements_not_by_default() -> None:
    """The issue: 46 sentences say "của Bộ Chính trị" about 12-KL/TW, stored under the default
    (Ban Chấp hành Trung ương)."""
    pool = [mention("12-KL/TW", issuer="Bộ Chính trị") for _ in range(3)]
    pool += [mention("12-KL/TW", issuer="Ban Chấp hành Trung ương Đảng"), mention("12-KL/TW")]
    (e,) = resolve_directives(pool)[1]
    assert (e.issuer_name, e.issuer_source) == ("Bộ Chính trị", "stated")
    # Nothing stated: "TW" alone implies no certain body.
    (bare,) = resolve_directives([mention("12-KL/TW")])[1]
    assert (bare.issuer_name, bare.issuer_source) == (None, None)
    # A code that does name one body is used, marked as implied by the symbol.
    (ttg,) = resolve_directives([mention("1521/QĐ-TTg", issued_on=date(2020, 10, 6))])[1]
    assert (ttg.issuer_name, ttg.issuer_source) == ("Thủ tướng Chính phủ", "symbol")


def test_issuer_tie_goes_to_the_most_explicit() -> None:
    pool = [
        mention("32-CT/TW", issuer="Ban Bí thư"),
        mention("32-CT/TW", issuer="Ban Bí thư Trung ương Đảng"),
    ]
    (e,) = resolve_directives(pool)[1]
    assert e.issuer_name == "Ban Bí thư Trung ương Đảng"
    # Two bodies stated as often: the more explicit.
    pool = [
        mention("24-HD/BTGTW", issuer="Ban Tuyên giáo"),
        mention("24-HD/BTGTW", issuer="Ban Tuyên giáo Trung ương"),
    ]
    (e,) = resolve_directives(pool)[1]
    assert e.issuer_name == "Ban Tuyên giáo Trung ương"


def test_456_kh_ubnd_of_two_provinces_is_two_documents() -> None:
    pool = [
        mention(
            "456/KH-UBND", province="Hải Phòng", issued_on=date(2023, 3, 1), doc_type="Kế hoạch"
        ),
        mention("456/KH-UBND", province="Hải Phòng", doc_type="Kế hoạch", mention_id="hp-undated"),
        # Stated locality wins over the reporting site's province.
        mention(
            "456/KH-UBND",
            locality="tỉnh Bắc Ninh",
            province="Hải Phòng",
            doc_type="Kế hoạch",
            mention_id="bn-stated",
        ),
        mention("456/KH-UBND", province="Bắc Ninh", doc_type="Kế hoạch", mention_id="bn-site"),
    ]
    links, entities = resolve_directives(pool)
    ents = by_id(entities)
    assert len(ents) == 2
    hp = next(e for e in entities if e.locality == "Hải Phòng")
    bn = next(e for e in entities if e.locality is not None and "Bắc Ninh" in e.locality)
    assert hp.directive_id.startswith("456/KH-UBND@2023#") and hp.mentions == 2
    assert bn.directive_id.startswith("456/KH-UBND#") and bn.mentions == 2
    got = by_mention(links)
    assert got["bn-stated"].directive_id == got["bn-site"].directive_id == bn.directive_id
    assert got["hp-undated"].directive_id == hp.directive_id
    # Located by the text: full confidence; by the site's province: a little less.
    assert got["bn-stated"].confidence > got["bn-site"].confidence


def test_unknown_locality_joins_only_the_only_located_document() -> None:
    hp = mention("456/KH-UBND", province="Hải Phòng", issued_on=date(2023, 3, 1))
    national = mention("456/KH-UBND", mention_id="national")  # a national site, nothing stated
    got = by_mention(resolve_directives([hp, national])[0])
    assert got["national"].method == "only-located"
    assert got["national"].directive_id == got[hp.mention_id].directive_id
    bn = mention("456/KH-UBND", province="Bắc Ninh", issued_on=date(2023, 5, 4))
    got = by_mention(resolve_directives([hp, bn, national])[0])
    assert (got["national"].directive_id, got["national"].method) == (None, "ambiguous-locality")
    assert got["national"].candidates == 2
    # No located document at all: the unlocated mentions are the symbol's document of unknown
    # locality, never a located one.
    alone = resolve_directives([national, mention("456/KH-UBND")])
    assert [e.directive_id for e in alone[1]] == ["456/KH-UBND#?"]


def test_symbol_with_year_is_one_document_per_locality() -> None:
    pool = [
        mention("30/2020/NĐ-CP", issued_on=date(2020, 3, 5), doc_type="Nghị định"),
        mention("30/2020/NĐ-CP", doc_type="Nghị định"),
        mention("30/2020/NĐ-CP", issued_on=date(2020, 3, 6), doc_type="Nghị định"),  # a typo
    ]
    links, entities = resolve_directives(pool)
    assert [e.directive_id for e in entities] == ["30/2020/NĐ-CP"]
    assert entities[0].year == 2020 and entities[0].mentions == 3
    assert {link.method for link in links} == {"symbol-year"}
    local = [
        mention("12/2023/QĐ-UBND", locality="Hải Phòng", doc_type="Quyết định"),
        mention("12/2023/QĐ-UBND", province="Tây Ninh", doc_type="Quyết định"),
    ]
    assert len(resolve_directives(local)[1]) == 2


def test_administrative_numbers_restart_every_year() -> None:
    pool = [
        mention("1521/QĐ-TTg", issued_on=date(2020, 10, 6), doc_type="Quyết định"),
        mention("1521/QĐ-TTg", issued_on=date(2018, 11, 8), doc_type="Quyết định"),
        mention("1521/QĐ-TTg", published_on=date(2019, 5, 1), mention_id="in-2019"),
    ]
    links, entities = resolve_directives(pool)
    assert [e.directive_id for e in entities] == ["1521/QĐ-TTg@2018", "1521/QĐ-TTg@2020"]
    assert by_mention(links)["in-2019"].directive_id == "1521/QĐ-TTg@2018"


def test_same_issue_year_in_two_terms_gets_dated_ids() -> None:
    """Term XI ended on 27/1/2016: two 05-CT/TW could both be of 2016."""
    pool = [
        mention("05-CT/TW", issued_on=date(2016, 1, 10)),
        mention("05-CT/TW", issued_on=date(2016, 5, 15)),
    ]
    ids = [e.directive_id for e in resolve_directives(pool)[1]]
    assert ids == ["05-CT/TW@2016-01-10", "05-CT/TW@2016-05-15"]


def test_leading_zeros_meet() -> None:
    a = mention("05-CT/TW", issued_on=date(2016, 5, 15))
    b = mention("5-CT/TW", published_on=date(2017, 1, 1))
    assert directive_group_key(a) == directive_group_key(b)
    entities = resolve_directives([a, b])[1]
    assert [e.directive_id for e in entities] == ["05-CT/TW@2016"]
    assert entities[0].symbol == "05-CT/TW" and entities[0].mentions == 2


def test_subject_is_the_supported_title_not_the_run_on() -> None:
    title = "tăng cường sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật"
    pool = [
        mention("32-CT/TW", subject=title),
        mention("32-CT/TW", subject=title.replace("Đảng", "Ðảng")),  # Ð look-alike
        mention(
            "32-CT/TW", subject=title + ", các cơ quan, đơn vị cần xây dựng kế hoạch thực hiện"
        ),
        mention("32-CT/TW", subject="tăng cường sự lãnh đạo của"),  # cut short
    ]
    (e,) = resolve_directives(pool)[1]
    assert e.subject == title


def test_real_devset_citations_resolve() -> None:
    """h012's 80-KL/TW (dated, Ban Bí thư) and 32-CT/TW (undated, Ban Bí thư)."""
    pool = from_text("h012", devset_text("h012"), date(2021, 1, 15), province=None)
    links, entities = resolve_directives(pool)
    ents = by_id(entities)
    assert ents["80-KL/TW@2020"].issuer_name == "Ban Bí thư"
    assert ents["32-CT/TW"].issuer_name == "Ban Bí thư"
    assert ents["2658/QĐ-BTP@2020"].issuer_source == "symbol"
    assert ents["96/2017/NĐ-CP"].year == 2017
    assert len(links) == len(pool)


def test_local_kinds_and_keys() -> None:
    assert is_local(mention("28-CT/TU"))
    assert is_local(mention("456/KH-UBND"))
    assert is_local(mention("05-NQ/ĐUK"))
    assert not is_local(mention("24-HD/BTGTW"))
    assert not is_local(mention("30/2020/NĐ-CP"))
    assert locality_key("TP. Hải Phòng") == locality_key("thành phố Hải Phòng")
    assert locality_key("tỉnh Hòa Bình") == locality_key("Hoà Bình")
    assert party_term(date(2016, 1, 27)) == 11 and party_term(date(2016, 1, 28)) == 12
    assert party_term(date(2026, 1, 23)) == 14


# -- a function of the set ------------------------------------------------------------------------


def pool_all() -> list[DirectiveMentionRecord]:
    return [
        *ct05_pool(),
        mention("66-NQ/TW", issued_on=date(2025, 4, 30), published_on=date(2025, 5, 1)),
        mention("66-NQ/TW", published_on=date(2025, 6, 1)),
        mention("456/KH-UBND", province="Hải Phòng", issued_on=date(2023, 3, 1)),
        mention("456/KH-UBND", locality="Bắc Ninh"),
        mention("456/KH-UBND"),
        mention("12-KL/TW", issuer="Bộ Chính trị"),
        mention("12-KL/TW", issuer="Ban Bí thư"),
        mention("30/2020/NĐ-CP"),
    ]


POOL = pool_all()
EXPECTED = resolve_directives(POOL)


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffled_input_gives_the_same_output(rnd: random.Random) -> None:
    shuffled = list(POOL)
    rnd.shuffle(shuffled)
    assert resolve_directives(shuffled) == EXPECTED


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_group_resolves_the_same_alone_or_with_others(rnd: random.Random) -> None:
    """Incremental resolution re-resolves only the groups a new mention touches."""
    keys = sorted({directive_group_key(m) for m in POOL})
    chosen = {k for k in keys if rnd.random() < 0.5}
    part = [m for m in POOL if directive_group_key(m) in chosen]
    links, entities = resolve_directives(part)
    ids = {m.mention_id for m in part}
    assert links == [link for link in EXPECTED[0] if link.mention_id in ids]
    symbols = {directive_group_key(m) for m in part}
    assert entities == [e for e in EXPECTED[1] if directive_group_key_of(e) in symbols]


def directive_group_key_of(e: DirectiveEntity) -> str:
    return directive_group_key(mention(e.symbol))


@pytest.mark.parametrize("field", ["issuer_stated", "subject", "published_on"])
def test_changing_evidence_changes_the_outcome(field: str) -> None:
    """The undated mention is decided by the evidence, so dropping it must matter."""
    base = ct05_pool()
    target = {
        "issuer_stated": "bct-undated",
        "subject": "poverty-undated",
        "published_on": "bare-2018",
    }[field]
    before = by_mention(resolve_directives(base)[0])[target].directive_id
    changed = [
        replace(m, **{field: date(2023, 6, 1) if field == "published_on" else None})
        if m.mention_id == target
        else m
        for m in base
    ]
    after = by_mention(resolve_directives(changed)[0])[target]
    assert before is not None and after.directive_id is None and after.method == "ambiguous"


def test_citations_pinned_by_date_lend_their_subject_to_the_others() -> None:
    """No dated citation gives a subject; a 2018 story (before the 2021 directive existed) does,
    and a 2023 citation with that subject then tells the two apart."""
    pool = [
        mention("05-CT/TW", issued_on=date(2016, 5, 15), published_on=date(2016, 6, 1)),
        mention("05-CT/TW", issued_on=date(2021, 6, 23), published_on=date(2021, 7, 1)),
        mention("05-CT/TW", subject=HCM, published_on=date(2018, 3, 1), mention_id="y2018"),
        mention("05-CT/TW", subject=HCM + " năm 2023", mention_id="y2023"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert got["y2018"].method == "undated-unique"
    assert (got["y2023"].directive_id, got["y2023"].method) == ("05-CT/TW@2016", "undated-subject")


def test_a_paraphrased_subject_is_no_contradiction() -> None:
    """benchmarks/devset/synthetic.jsonl s13: "Chỉ thị số 25 - CT/TW về đối ngoại đa phương" in the
    title, "… ngày 08/8/2018 của Ban Bí thư về đẩy mạnh và nâng tầm đối ngoại đa phương đến năm
    2030" in the body: one document, whatever wording a later story uses."""
    pool = [
        mention(
            "25-CT/TW",
            issued_on=date(2018, 8, 8),
            issuer="Ban Bí thư",
            subject="đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030",
        ),
        mention("25-CT/TW", subject="đối ngoại đa phương", mention_id="short"),
        mention("25-CT/TW", subject="nâng tầm đối ngoại đa phương", mention_id="cut"),
    ]
    links, entities = resolve_directives(pool)
    assert [e.directive_id for e in entities] == ["25-CT/TW@2018"]
    assert by_mention(links)["short"].directive_id == "25-CT/TW@2018"
    assert by_mention(links)["cut"].directive_id == "25-CT/TW@2018"


def test_a_minority_slip_about_the_issuer_is_not_evidence() -> None:
    """One 2016-2021 story calls the 2016 directive the Ban Bí thư's; the 2021 one is."""
    pool = [
        mention("05-CT/TW", issued_on=date(2016, 5, 15), issuer="Bộ Chính trị"),
        *[
            mention("05-CT/TW", issuer="Bộ Chính trị", published_on=date(2019, 1, 1))
            for _ in range(5)
        ],
        mention("05-CT/TW", issuer="Ban Bí thư", published_on=date(2019, 2, 1)),
        mention("05-CT/TW", issued_on=date(2021, 6, 23), issuer="Ban Bí thư"),
        mention("05-CT/TW", issuer="Ban Bí thư", mention_id="bbt-2023"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert got["bbt-2023"].directive_id == "05-CT/TW@2021"


def test_a_slip_of_the_year_does_not_split_a_yearly_numbered_document() -> None:
    pool = [mention("1521/QĐ-TTg", issued_on=date(2020, 10, 6)) for _ in range(2)]
    pool.append(mention("1521/QĐ-TTg", issued_on=date(2021, 10, 6), mention_id="slip"))
    links, entities = resolve_directives(pool)
    assert [(e.directive_id, e.issued_on, e.mentions) for e in entities] == [
        ("1521/QĐ-TTg@2020", date(2020, 10, 6), 3)
    ]
    assert by_mention(links)["slip"].directive_id == "1521/QĐ-TTg@2020"
    # The same number on another day of the next year is another document.
    pool.append(mention("1521/QĐ-TTg", issued_on=date(2021, 3, 2)))
    assert len(resolve_directives(pool)[1]) == 2
    # Equal support: no telling which is the slip.
    even = [mention("1521/QĐ-TTg", issued_on=date(y, 10, 6)) for y in (2020, 2021)]
    assert len(resolve_directives(even)[1]) == 2


_SYMBOLS = [
    "05-CT/TW",
    "5-CT/TW",
    "456/KH-UBND",
    "1521/QĐ-TTg",
    "30/2020/NĐ-CP",
    "28-CT/TU",
    "05-NQ/ĐUK",
]
_DATES = st.one_of(st.none(), st.dates(min_value=date(2010, 1, 1), max_value=date(2026, 12, 31)))
_TEXTS = [None, HCM, POVERTY, HCM + ", các cơ quan cần", "đối ngoại đa phương"]


@st.composite
def random_mentions(draw: st.DrawFn) -> list[DirectiveMentionRecord]:
    n = draw(st.integers(min_value=1, max_value=25))
    out = []
    for i in range(n):
        out.append(
            mention(
                draw(st.sampled_from(_SYMBOLS)),
                issued_on=draw(st.one_of(st.none(), _DATES)),
                published_on=draw(_DATES),
                issuer=draw(
                    st.sampled_from(
                        [None, "Bộ Chính trị", "Ban Bí thư khóa XII", "UBND tỉnh", "Ban Bí thư"]
                    )
                ),
                subject=draw(st.sampled_from(_TEXTS)),
                locality=draw(st.sampled_from([None, "Hải Phòng", "tỉnh Bắc Ninh"])),
                province=draw(st.sampled_from([None, "Hải Phòng", "Tây Ninh"])),
                mention_id=f"r{i:03d}",
            )
        )
    return out


@settings(max_examples=100, deadline=None)
@given(random_mentions(), st.randoms(use_true_random=False))
def test_any_mentions_any_order_same_result(
    ms: list[DirectiveMentionRecord], rnd: random.Random
) -> None:
    expected = resolve_directives(ms)
    shuffled = list(ms)
    rnd.shuffle(shuffled)
    assert resolve_directives(shuffled) == expected
    links, entities = expected
    assert len(links) == len(ms)
    # Every link points at an entity; the entities count exactly the linked mentions.
    ids = {e.directive_id for e in entities}
    assert {link.directive_id for link in links} - {None} == ids
    assert sum(e.mentions for e in entities) == sum(1 for x in links if x.directive_id)
    # Groups resolve alone as they do together.
    one = directive_group_key(ms[0])
    alone = resolve_directives([m for m in ms if directive_group_key(m) == one])
    mine = {m.mention_id for m in ms if directive_group_key(m) == one}
    assert alone[0] == [link for link in links if link.mention_id in mine]


def test_titles_differing_in_their_ordinal_are_two_documents() -> None:
    """The real 35-CT/TW of the Bộ Chính trị: 30/5/2019 for the XIII Congress, 14/6/2024 for the
    XIV; one issuer, titles alike but for the ordinal."""
    congress = "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ {} của Đảng"
    later = date(2025, 3, 1)
    pool = [
        mention("35-CT/TW", issued_on=date(2019, 5, 30), subject=congress.format("XIII")),
        mention("35-CT/TW", issued_on=date(2024, 6, 14), subject=congress.format("XIV")),
        mention(
            "35-CT/TW",
            issuer="Bộ Chính trị",
            subject=congress.format("XIV"),
            published_on=later,
            mention_id="xiv",
        ),
        mention("35-CT/TW", subject=congress.format("XIII"), published_on=later, mention_id="xiii"),
        mention("35-CT/TW", issuer="Bộ Chính trị", published_on=later, mention_id="bare"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert got["xiv"].directive_id == "35-CT/TW@2024"
    assert got["xiii"].directive_id == "35-CT/TW@2019"
    assert (got["bare"].directive_id, got["bare"].method) == (None, "ambiguous")


def test_a_bare_symbol_a_conference_disseminated_is_the_recent_document() -> None:
    """ "Hội nghị toàn quốc quán triệt … Chỉ thị số 35-CT/TW" (9/7/2024): a dissemination
    conference follows its document within months, so a bare citation it disseminated is the
    2024 directive; the same bare citation outside such a conference stays ambiguous, and one
    a year and more after every candidate too."""
    july = date(2024, 7, 9)
    pool = [
        mention("35-CT/TW", issued_on=date(2019, 5, 30), published_on=date(2020, 12, 18)),
        mention("35-CT/TW", issued_on=date(2024, 6, 14), published_on=july),
        replace(mention("35-CT/TW", published_on=july, mention_id="quan-triet"), disseminated=True),
        mention("35-CT/TW", published_on=july, mention_id="cited"),
        replace(
            mention("35-CT/TW", published_on=date(2025, 9, 1), mention_id="late"),
            disseminated=True,
        ),
        # before the 2024 directive: the 2019 one is the only possible one
        replace(
            mention("35-CT/TW", published_on=date(2020, 1, 5), mention_id="2020"),
            disseminated=True,
        ),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert (got["quan-triet"].directive_id, got["quan-triet"].method) == (
        "35-CT/TW@2024",
        "undated-disseminated",
    )
    assert (got["cited"].directive_id, got["cited"].method) == (None, "ambiguous")
    assert got["late"].directive_id is None
    assert got["2020"].directive_id == "35-CT/TW@2019"


def test_mentions_of_marks_the_citations_a_conference_disseminated() -> None:
    text = (
        "Sáng 9/7/2024, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc quán triệt Quy định "
        "số 144-QĐ/TW và Chỉ thị số 35-CT/TW. Hội nghị nhắc lại Kết luận số 21-KL/TW."
    )
    published = date(2024, 7, 9)
    found = mentions_of(
        "a",
        extract_entities(text, published),
        published_on=published,
        source_id=None,
        source_province=None,
    )
    assert {m.symbol: m.disseminated for m in found.directives} == {
        "144-QĐ/TW": True,
        "35-CT/TW": True,
        "21-KL/TW": False,
    }


def test_a_type_code_slip_resolves_to_the_document_its_word_names() -> None:
    """Real citations of the Bộ Chính trị's Kết luận 12-KL/TW (24/10/2011) written "Kết luận số
    12-NQ/TW": one document with the correct spelling; a real 12-NQ/TW stays apart."""
    texts = {
        "right": "Thực hiện Kết luận số 12-KL/TW ngày 24/10/2011 của Bộ Chính trị về Tây Nguyên.",
        "slip": "Tổng kết Kết luận số 12-NQ/TW ngày 24/10/2011 của Bộ Chính trị về Tây Nguyên.",
        "bare": "Hội nghị tổng kết Kết luận 12-NQ/TW của Bộ Chính trị.",
        "nq": "Nghị quyết số 12-NQ/TW ngày 16/01/2012 của Ban Chấp hành Trung ương về xây dựng "
        "Đảng.",
    }
    pool = [
        m for k, t in texts.items() for m in from_text(k, t, date(2022, 7, 1)) if "12" in m.symbol
    ]
    assert directive_group_key(next(m for m in pool if m.article_id == "slip")) == "12-KL/TW"
    links, entities = resolve_directives(pool)
    got = {link.mention_id.split(":")[0]: link.directive_id for link in links}
    assert got == {
        "right": "12-KL/TW@2011",
        "slip": "12-KL/TW@2011",
        "bare": "12-KL/TW@2011",
        "nq": "12-NQ/TW@2012",
    }
    kl = next(e for e in entities if e.directive_id == "12-KL/TW@2011")
    assert (kl.symbol, kl.doc_type, kl.mentions) == ("12-KL/TW", "Kết luận", 3)


def test_undated_citations_with_disagreeing_titles_are_two_documents() -> None:
    """Chỉ thị 15/CT-TTg of 2020 (COVID-19) and of 2021 (phòng không nhân dân), no citation
    dated: yearly numbering re-uses the symbol, so two titles that disagree are two documents and
    a citation without a title is ambiguous between them; titles that agree stay one."""
    covid = "quyết liệt thực hiện đợt cao điểm phòng, chống dịch COVID-19"
    pool = [
        mention("15/CT-TTg", subject=covid, mention_id="covid"),
        mention("15/CT-TTg", subject=covid + " trên toàn quốc", mention_id="covid2"),
        mention(
            "15/CT-TTg",
            subject="tổng kết thi hành pháp luật về phòng không nhân dân giai đoạn 2015-2021",
            mention_id="pknd",
        ),
        mention("15/CT-TTg", mention_id="bare"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert got["covid"].directive_id == got["covid2"].directive_id
    assert got["covid"].directive_id != got["pknd"].directive_id
    assert {got[k].method for k in ("covid", "covid2", "pknd")} == {"undated-title"}
    assert all(got[k].directive_id.startswith("15/CT-TTg~") for k in ("covid", "pknd"))
    assert (got["bare"].directive_id, got["bare"].method) == (None, "ambiguous")
    one = [m for m in pool if m.mention_id != "pknd"]
    assert {link.method for link in resolve_directives(one)[0]} == {"undated-only"}
    # a party symbol re-used in another term likewise (26-NQ/TW of 2008 and of 2018)
    party = [replace(m, symbol="26-NQ/TW", doc_type="Nghị quyết", issuer_code="TW") for m in pool]
    assert "undated-title" in {link.method for link in resolve_directives(party)[0]}


def test_a_date_outside_the_term_stated_with_the_issuer_is_the_slip() -> None:
    """Chỉ thị 47-CT/TW of the Ban Bí thư khóa XI (25/6/2015), one page dating it 25/6/2016 (a
    date of khóa XII) with "Ban Bí thư khóa XI": one document, so bare citations are not torn
    between two."""
    pool = [
        mention("47-CT/TW", issued_on=date(2015, 6, 25), issuer="Ban Bí thư"),
        mention("47-CT/TW", issued_on=date(2016, 6, 25), issuer="Ban Bí thư khóa XI"),
        mention("47-CT/TW", published_on=date(2021, 12, 1), mention_id="bare"),
    ]
    links, entities = resolve_directives(pool)
    assert [e.directive_id for e in entities] == ["47-CT/TW@2015"]
    assert by_mention(links)["bare"].method == "undated-unique"
    # without the stated term the two dates are two documents of two terms
    unstated = [replace(pool[1], issuer_stated="Ban Bí thư"), pool[0]]
    assert len(resolve_directives(unstated)[1]) == 2


def test_unknown_locality_joins_the_only_located_document_it_can_mean() -> None:
    """Bắc Ninh's 456/KH-UBND was issued after the story: only Hải Phòng's can be meant."""
    hp = mention("456/KH-UBND", province="Hải Phòng", issued_on=date(2023, 3, 1))
    bn = mention("456/KH-UBND", province="Bắc Ninh", issued_on=date(2024, 5, 4))
    national = mention("456/KH-UBND", published_on=date(2023, 9, 1), mention_id="national")
    got = by_mention(resolve_directives([hp, bn, national])[0])
    assert (got["national"].method, got["national"].directive_id) == (
        "only-located",
        got[hp.mention_id].directive_id,
    )


def test_a_later_term_citing_an_earlier_terms_number_is_less_sure() -> None:
    dated = mention("05-CT/TW", issued_on=date(2016, 5, 15), issuer="Bộ Chính trị")
    same_term = mention("05-CT/TW", published_on=date(2019, 1, 1), mention_id="same")
    later_term = mention("05-CT/TW", published_on=date(2023, 1, 1), mention_id="later")
    stated = mention("05-CT/TW", issuer="Bộ Chính trị", mention_id="stated")
    got = by_mention(resolve_directives([dated, same_term, later_term, stated])[0])
    assert {got[k].directive_id for k in ("same", "later", "stated")} == {"05-CT/TW@2016"}
    assert (got["same"].confidence, got["later"].confidence) == (0.9, 0.75)
    assert got["stated"].confidence == 0.9


def test_unlocated_citation_placed_by_its_exact_date_or_title() -> None:
    """Two provinces' 15-KH/TU of 2021 with alike titles (one Party term: the date decides)."""
    hp_title = "tổ chức học tập, quán triệt, tuyên truyền Nghị quyết Đại hội XIII của Đảng"
    bn_title = (
        "học tập, quán triệt, tuyên truyền và triển khai thực hiện Nghị quyết Đại hội XIII của Đảng"
    )
    pool = [
        mention("15-KH/TU", locality="Hải Phòng", issued_on=date(2021, 6, 7), subject=hp_title),
        mention("15-KH/TU", locality="Bắc Ninh", issued_on=date(2021, 5, 28), subject=bn_title),
        mention("15-KH/TU", issued_on=date(2021, 6, 7), mention_id="by-date"),
        mention("15-KH/TU", subject=hp_title, mention_id="by-title"),
        mention(
            "15-KH/TU", subject="học tập, quán triệt Nghị quyết Đại hội XIII", mention_id="alike"
        ),
        mention("15-KH/TU", mention_id="bare"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    hp = got[pool[0].mention_id].directive_id
    assert (got["by-date"].directive_id, got["by-date"].method) == (hp, "only-located")
    assert (got["by-title"].directive_id, got["by-title"].method) == (hp, "located-exact")
    assert got["alike"].directive_id is None and got["alike"].method == "ambiguous-locality"
    assert got["bare"].directive_id is None and got["bare"].method == "ambiguous-locality"


def test_a_term_stated_with_the_issuer_picks_the_document_of_that_term() -> None:
    """ "Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII)" as the extractor states it."""
    pool = [
        mention("05-CT/TW", issued_on=date(2016, 5, 15), issuer="Bộ Chính trị", subject=HCM),
        mention("05-CT/TW", issued_on=date(2021, 6, 23), issuer="Ban Bí thư", subject=POVERTY),
        mention("05-CT/TW", issuer="Bộ Chính trị khóa XII", mention_id="xii"),
        mention("05-CT/TW", issuer="Ban Chấp hành Trung ương Đảng khóa XIII", mention_id="xiii"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert got["xii"].directive_id == "05-CT/TW@2016"
    assert got["xiii"].directive_id == "05-CT/TW@2021"


LINKAGE_DEV = Path(__file__).resolve().parents[1] / "benchmarks" / "linkage" / "dev.jsonl"


def test_real_pages_citing_one_document_resolve_to_one_row() -> None:
    """benchmarks/linkage/dev.jsonl (real pages, gold document ids labelled before resolution):
    every document cited by several pages is one row, and no row holds two documents."""
    records: list[DirectiveMentionRecord] = []
    truth: dict[str, str] = {}
    for line in LINKAGE_DEV.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        published = date.fromisoformat(page["published"]) if page.get("published") else None
        found = mentions_of(
            page["id"],
            extract_entities(page["text"], published),
            published_on=published,
            source_id=page["domain"],
            source_province=page.get("province"),
        )
        gold: dict[str, str] = {}
        for g in page["gold"].get("directives", []):
            if g.get("document_id"):
                gold.setdefault(g["symbol"], g["document_id"])
        for m in found.directives:
            records.append(m)
            if m.symbol in gold:
                truth[m.mention_id] = gold[m.symbol]
    links = {link.mention_id: link.directive_id for link in resolve_directives(records)[0]}
    rows_of: dict[str, set[str | None]] = {}
    docs_of: dict[str | None, set[str]] = {}
    pages_of: dict[str, set[str]] = {}
    by_id = {m.mention_id: m for m in records}
    for mid, doc in truth.items():
        rows_of.setdefault(doc, set()).add(links[mid])
        docs_of.setdefault(links[mid], set()).add(doc)
        pages_of.setdefault(doc, set()).add(by_id[mid].article_id)
    several = [d for d, pages in pages_of.items() if len(pages) > 1]
    assert len(several) >= 3
    assert all(len(rows_of[d]) == 1 and None not in rows_of[d] for d in several)
    assert all(len(docs) == 1 for row, docs in docs_of.items() if row is not None)


def test_stated_terms_without_dates_keep_two_terms_apart() -> None:
    pool = [
        mention("05-CT/TW", issuer="Bộ Chính trị khóa XII", mention_id="xii"),
        mention("05-CT/TW", issuer="Ban Bí thư khóa XIII", mention_id="xiii"),
        mention("05-CT/TW", mention_id="bare"),
    ]
    links, entities = resolve_directives(pool)
    assert [(e.directive_id, e.term) for e in entities] == [
        ("05-CT/TW@khóa XII", 12),
        ("05-CT/TW@khóa XIII", 13),
    ]
    got = by_mention(links)
    assert got["xii"].method == "stated-term" and got["bare"].method == "ambiguous"
    # A dated citation of the XII term gives that document its year.
    pool.append(mention("05-CT/TW", issued_on=date(2016, 5, 15)))
    ids = [e.directive_id for e in resolve_directives(pool)[1]]
    assert ids == ["05-CT/TW@2016", "05-CT/TW@khóa XIII"]


def test_a_code_central_bodies_share_is_central_on_a_national_site() -> None:
    """The seed page of dangbokhoi.vn cites 05-NQ/ĐUK (the central Đảng ủy Khối's); a provincial
    Đảng ủy Khối's 05-NQ/ĐUK is another document, and the national citation never joins it."""
    central = mention("05-NQ/ĐUK", issued_on=date(2021, 3, 1), mention_id="central")
    national_bare = mention("05-NQ/ĐUK", mention_id="national-bare")
    provincial = mention("05-NQ/ĐUK", province="Tây Ninh", issued_on=date(2021, 5, 2))
    links, entities = resolve_directives([central, national_bare, provincial])
    got = by_mention(links)
    assert got["central"].directive_id == "05-NQ/ĐUK@2021#trung ương"
    assert got["national-bare"].directive_id == "05-NQ/ĐUK@2021#trung ương"
    assert got[provincial.mention_id].directive_id == "05-NQ/ĐUK@2021#tây ninh"
    assert len(entities) == 2


def test_a_shared_code_on_a_provincial_site_joins_what_it_can_mean() -> None:
    central = mention("01-CT/ĐUK", issued_on=date(2021, 4, 2), mention_id="central")
    hp_bare = mention("01-CT/ĐUK", province="Hải Phòng", mention_id="hp-bare")
    got = by_mention(resolve_directives([central, hp_bare])[0])
    # Only the central document is known: the provincial site's bare citation is it.
    assert (got["hp-bare"].directive_id, got["hp-bare"].method) == (
        "01-CT/ĐUK@2021#trung ương",
        "only-located",
    )
    # The province's own 01-CT/ĐUK, dated on its site, is another document; a bare citation
    # there could be either.
    hp_dated = mention("01-CT/ĐUK", province="Hải Phòng", issued_on=date(2021, 1, 5))
    links, entities = resolve_directives([central, hp_bare, hp_dated])
    got = by_mention(links)
    assert got[hp_dated.mention_id].directive_id == "01-CT/ĐUK@2021#hải phòng"
    assert (got["hp-bare"].directive_id, got["hp-bare"].method) == (None, "ambiguous-locality")
    assert len(entities) == 2


# ---------------------------------------------------------------- issuers that do not decide

_S35_XIII = "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"
_S35_XIV = "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"


def _link(ms: list[DirectiveMentionRecord], mention_id: str) -> DirectiveLink:
    return next(x for x in resolve_directives(ms)[0] if x.mention_id == mention_id)


def test_an_issuer_no_citation_contradicts_does_not_rule_a_document_out() -> None:
    """35-CT/TW of the Bộ Chính trị, 2019 and 2024: the 2024 one's citations never say "của Bộ
    Chính trị", which does not make it another body's. A bare 2025 citation "của Bộ Chính trị"
    can mean either: ambiguous, never the 2019 one by default."""
    ms = [
        mention(
            "35-CT/TW",
            issued_on=date(2019, 5, 30),
            issuer="Bộ Chính trị",
            subject=_S35_XIII,
            published_on=date(2019, 7, 1),
        ),
        mention(
            "35-CT/TW", issued_on=date(2024, 6, 14), subject=_S35_XIV, published_on=date(2024, 8, 1)
        ),
        mention(
            "35-CT/TW", issuer="Bộ Chính trị", published_on=date(2025, 3, 1), mention_id="bare"
        ),
        mention(
            "35-CT/TW",
            issuer="Bộ Chính trị",
            subject=_S35_XIV,
            published_on=date(2025, 3, 1),
            mention_id="titled",
        ),
    ]
    bare = _link(ms, "bare")
    assert (bare.directive_id, bare.method, bare.candidates) == (None, "ambiguous", 2)
    # the subject still decides
    assert _link(ms, "titled").directive_id == "35-CT/TW@2024"


def test_an_issuer_another_document_contradicts_still_decides() -> None:
    """Both documents' issuers known and different: the stated issuer picks one."""
    ms = [
        mention(
            "05-CT/TW",
            issued_on=date(2016, 5, 15),
            issuer="Bộ Chính trị",
            published_on=date(2016, 7, 1),
        ),
        mention(
            "05-CT/TW",
            issued_on=date(2021, 6, 23),
            issuer="Ban Bí thư",
            published_on=date(2021, 8, 1),
        ),
        mention("05-CT/TW", issuer="Ban Bí thư", published_on=date(2023, 3, 1), mention_id="b"),
    ]
    assert _link(ms, "b").directive_id == "05-CT/TW@2021"


def test_a_national_citation_with_the_issue_date_of_one_locality_s_document_is_that_one() -> None:
    """15-KH/TU of Hải Phòng (7/6/2021) and of Bắc Ninh (28/5/2021), titles alike. A national
    site cites it without a locality but with the Hải Phòng date and a title cut that reads like
    the Bắc Ninh one: the date picks the document."""
    hp = "tổ chức học tập, quán triệt, tuyên truyền Nghị quyết Đại hội XIII của Đảng"
    bn = (
        "học tập, quán triệt, tuyên truyền và triển khai thực hiện Nghị quyết Đại hội XIII của Đảng"
    )
    kw = {"doc_type": "Kế hoạch", "published_on": date(2021, 7, 1)}
    ms = [
        mention(
            "15-KH/TU",
            issued_on=date(2021, 6, 7),
            locality="Hải Phòng",
            issuer="Ban Thường vụ Thành ủy Hải Phòng",
            subject=hp,
            **kw,
        ),
        mention(
            "15-KH/TU",
            issued_on=date(2021, 5, 28),
            locality="Bắc Ninh",
            issuer="Ban Thường vụ Tỉnh ủy Bắc Ninh",
            subject=bn,
            **kw,
        ),
        mention(
            "15-KH/TU",
            issued_on=date(2021, 6, 7),
            subject="học tập, quán triệt, tuyên truyền",
            doc_type="Kế hoạch",
            published_on=date(2021, 9, 1),
            mention_id="national",
        ),
    ]
    link = _link(ms, "national")
    assert link.directive_id == "15-KH/TU@2021#hải phòng"
    assert link.method == "located-exact"


def test_a_title_of_another_ordinal_is_another_document_whatever_the_issuer() -> None:
    """A 2024 story cites 35-CT/TW "của Bộ Chính trị về … lần thứ XIV" without a date; the only
    dated 35-CT/TW is the 2019 one "về … lần thứ XIII". The shared issuer does not outweigh the
    other congress: it is a document nobody dated, never the 2019 one. A page's glued "lần thứ
    XIVcủa Đảng" still reads XIV."""
    ms = [
        mention(
            "35-CT/TW",
            issued_on=date(2019, 5, 30),
            issuer="Bộ Chính trị",
            subject=_S35_XIII,
            published_on=date(2019, 7, 1),
        ),
        mention(
            "35-CT/TW",
            issuer="Bộ Chính trị",
            subject=_S35_XIV,
            published_on=date(2024, 11, 8),
            mention_id="xiv",
        ),
        mention(
            "35-CT/TW",
            issuer="Bộ Chính trị",
            published_on=date(2024, 11, 8),
            subject=_S35_XIV.replace("XIV của", "XIVcủa"),
            mention_id="glued",
        ),
    ]
    assert _link(ms, "xiv").directive_id == "35-CT/TW"
    assert _link(ms, "xiv").method == "undated-unmatched"
    assert _link(ms, "glued").directive_id == "35-CT/TW"


# -- the incremental path (resolve_against_stored) ---------------------------------------------

_INC_DATES = [
    None,
    None,
    date(2016, 5, 15),
    date(2016, 5, 16),
    date(2021, 6, 23),
    date(1998, 3, 2),
    date(2020, 10, 6),
    date(2021, 10, 6),
]
_INC_SUBJECTS = [
    None,
    None,
    None,
    "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "về tăng cường sự lãnh đạo của Đảng đối với công tác giảm nghèo bền vững đến năm 2030",
]
_INC_ISSUERS = [None, None, None, "Bộ Chính trị", "Ban Bí thư", "Ban Bí thư khóa XII"]
_INC_PUBLISHED = [date(2015, 1, 1), date(2017, 6, 1), date(2021, 7, 1), date(2022, 3, 1), None]


@st.composite
def _inc_mention(
    draw: st.DrawFn, family: tuple[str, ...], plain: bool = False
) -> DirectiveMentionRecord:
    """A citation of the family's symbol; ``plain``: mostly without subject and issuer (the
    citations the incremental path can take)."""
    says = st.booleans() if plain else st.just(True)
    m = mention(
        draw(st.sampled_from(family[:1] if plain and draw(st.booleans()) else family)),
        issued_on=draw(st.sampled_from(_INC_DATES)),
        published_on=draw(st.sampled_from(_INC_PUBLISHED)),
        issuer=draw(st.sampled_from(_INC_ISSUERS)) if draw(says) else None,
        subject=draw(st.sampled_from(_INC_SUBJECTS)) if draw(says) else None,
    )
    doc_type = draw(st.sampled_from([m.doc_type, m.doc_type, None, "Văn bản"]))
    code = draw(st.sampled_from([m.issuer_code, m.issuer_code, None]))
    return replace(m, doc_type=doc_type, issuer_code=code, disseminated=draw(st.booleans()))


_FAMILIES = [("05-CT/TW", "05-CT/TW", "5-CT/TW"), ("1521/QĐ-TTg",), ("30/2020/NĐ-CP",)]


@settings(max_examples=400, deadline=None)
@given(data=st.data(), family=st.sampled_from(_FAMILIES))
def test_new_citations_against_the_stored_documents_give_the_whole_resolution(
    data: st.DataObject, family: tuple[str, ...]
) -> None:
    """Whenever resolve_against_stored answers, its links and changed documents are exactly what
    re-resolving the whole group gives, and no earlier link or other document changes."""
    old = data.draw(st.lists(_inc_mention(family), min_size=1, max_size=10))
    new = data.draw(st.lists(_inc_mention(family, plain=True), min_size=1, max_size=3))
    # Mention ids in random order, so new citations sort among the old ones.
    ids = data.draw(st.permutations(range(len(old) + len(new))))
    every = [replace(m, mention_id=f"m{i:03d}") for m, i in zip([*old, *new], ids, strict=True)]
    old, new = every[: len(old)], every[len(old) :]
    old_links, old_entities = resolve_directives(old)
    got = resolve_against_stored(new, old_entities)
    if got is None:
        return
    links, changed = got
    all_links, all_entities = resolve_directives(every)
    new_ids = {m.mention_id for m in new}
    assert sorted(links, key=lambda x: x.mention_id) == [
        x for x in all_links if x.mention_id in new_ids
    ]
    assert [x for x in all_links if x.mention_id not in new_ids] == old_links
    expected = {e.directive_id: e for e in old_entities} | {e.directive_id: e for e in changed}
    assert expected == {e.directive_id: e for e in all_entities}


def test_the_incremental_path_answers_for_bare_and_same_day_citations() -> None:
    """It is taken (not only allowed): a bare citation and one dated the document's day join the
    stored document; a new period, another day, a subject or a local symbol are resolved whole."""
    old = [
        mention("05-CT/TW", issued_on=date(2016, 5, 15), issuer="Bộ Chính trị"),
        mention("05-CT/TW", published_on=date(2018, 1, 1), subject="về học tập và làm theo Bác"),
    ]
    _, stored = resolve_directives(old)
    bare = mention("05-CT/TW", published_on=date(2019, 1, 1))
    same_day = mention("05-CT/TW", issued_on=date(2016, 5, 15))
    got = resolve_against_stored([bare, same_day], stored)
    assert got is not None
    links, changed = got
    assert {(x.directive_id, x.method) for x in links} == {
        ("05-CT/TW@2016", "undated-unique"),
        ("05-CT/TW@2016", "dated"),
    }
    assert [(e.directive_id, e.mentions) for e in changed] == [("05-CT/TW@2016", 4)]
    for whole in (
        mention("05-CT/TW", issued_on=date(2021, 6, 23)),  # a new document of the symbol
        mention("05-CT/TW", issued_on=date(2016, 5, 16)),  # another day: the date may move
        mention("05-CT/TW", subject="về học tập và làm theo Bác"),  # evidence for the others
        mention("5-CT/TW"),  # another spelling: the id's spelling may change
    ):
        assert resolve_against_stored([whole], stored) is None
    _, local = resolve_directives([mention("456/KH-UBND", province="Hải Phòng")])
    assert resolve_against_stored([mention("456/KH-UBND", province="Hải Phòng")], local) is None


def test_a_subject_that_is_only_a_province_picks_the_title_about_it() -> None:
    """heldout: 26-NQ/TW is the Politburo's 2013 resolution on Nghệ An and its 2022 one on the
    North Central region; "Nghị quyết 26-NQ/TW về Nghệ An" is the first, and a bare citation
    stays ambiguous."""
    nghe_an = "phương hướng, nhiệm vụ phát triển tỉnh Nghệ An đến năm 2020"
    region = "phát triển kinh tế - xã hội và bảo đảm quốc phòng, an ninh vùng Bắc Trung Bộ"
    pool = [
        mention("26-NQ/TW", issued_on=date(2013, 7, 30), subject=nghe_an, mention_id="a"),
        mention("26-NQ/TW", issued_on=date(2022, 11, 3), subject=region, mention_id="b"),
        mention("26-NQ/TW", subject="Nghệ An", published_on=date(2023, 8, 1), mention_id="c"),
        mention("26-NQ/TW", published_on=date(2023, 8, 1), mention_id="d"),
    ]
    got = by_mention(resolve_directives(pool)[0])
    assert got["c"].directive_id == "26-NQ/TW@2013" and got["c"].method == "undated-subject"
    assert got["d"].directive_id is None and got["d"].method == "ambiguous"
