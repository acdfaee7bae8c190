"""benchmarks/entity_resolution.py: the scoring functions on hand-made cases (a perfect and a
broken prediction give the right numbers), the real linkage sets' shape, and the harness run on
the dev set."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks import entity_resolution as er

PC, PD = er.PredictedConference, er.PredictedCitation


def test_pairwise_perfect_broken_and_missed() -> None:
    gold = {("a", 0): "E1", ("b", 0): "E1", ("c", 0): "E2", ("d", 0): "E2"}
    perfect = er.pairwise(gold, {("a", 0): "x", ("b", 0): "x", ("c", 0): "y", ("d", 0): "y"})
    assert (perfect.tp, perfect.fp, perfect.fn) == (2, 0, 0)
    assert perfect.precision == perfect.recall == perfect.f1 == 1.0
    # everything in one conference: 2 true pairs, 4 false merges
    lumped = er.pairwise(gold, dict.fromkeys(gold, "x"))
    assert (lumped.tp, lumped.fp, lumped.fn) == (2, 4, 0)
    assert lumped.precision == pytest.approx(1 / 3, abs=1e-4) and lumped.recall == 1.0
    # everything apart, one mention missed: no predicted pair, both true pairs lost
    split = er.pairwise(gold, {("a", 0): "x", ("b", 0): None, ("c", 0): "y", ("d", 0): "z"})
    assert (split.tp, split.fp, split.fn) == (0, 0, 2)
    assert split.precision == 1.0 and split.recall == 0.0 and split.f1 == 0.0
    # only pairs across articles: the two citations on page a are not counted
    same_page = {("a", 0): "D", ("a", 1): "D", ("b", 0): "D"}
    across = er.pairwise(same_page, dict.fromkeys(same_page, "r"), er.different_articles)
    assert (across.tp, across.fp, across.fn) == (2, 0, 0)


def test_match_conferences_by_name_in_article() -> None:
    gold = {
        "p1": ["Hội nghị Văn hóa toàn quốc lần thứ nhất", "Hội nghị Văn hóa toàn quốc lần thứ ba"],
        "p2": ["Hội nghị"],  # a report that never names it: the lone prediction is it
        "p3": ["Hội nghị báo cáo viên Trung ương tháng 9/2023"],  # the extractor found nothing
    }
    predicted = [
        PC("m1", "p1", "hội nghị văn hoá toàn quốc lần thứ ba", "c3"),
        PC("m2", "p1", "Hội nghị Văn hóa toàn quốc lần thứ nhất", "c1"),
        PC("m3", "p2", "Hội nghị toàn quốc quán triệt Nghị quyết 18", "c18"),
        PC("m4", "p4", "Hội nghị báo cáo viên Trung ương tháng 9/2023", "c9"),  # other page
    ]
    m = er.match_conferences(gold, predicted)
    assert m[("p1", 0)].mention_id == "m2" and m[("p1", 1)].mention_id == "m1"
    assert m[("p2", 0)].mention_id == "m3"
    assert m[("p3", 0)] is None


def test_match_citations_in_order_and_spelling() -> None:
    gold = {"p1": ["25-CT/TW", "57-NQ/TW", "25-CT/TW"], "p2": ["66-NQ/TW"]}
    predicted = [
        PD("d1", "p1", "25 - CT/TƯ", "25-CT/TW@2023"),
        PD("d2", "p1", "57-NQ/TW", "57-NQ/TW@2024"),
        PD("d3", "p1", "25-CT/TW", "25-CT/TW@2023"),
    ]
    m = er.match_citations(gold, predicted)
    assert [m[("p1", i)].mention_id for i in range(3)] == ["d1", "d2", "d3"]
    assert m[("p2", 0)] is None
    # a year-less citation the extractor gave its page's full form
    full = [
        PD("e1", "p3", "78/2002/NĐ-CP", "78/2002/NĐ-CP"),
        PD("e2", "p3", "78/2002/NĐ-CP", "78/2002/NĐ-CP"),
    ]
    m = er.match_citations({"p3": ["78/2002/NĐ-CP", "78/NĐ-CP", "79/NĐ-CP"]}, full)
    assert [m[("p3", i)] and m[("p3", i)].mention_id for i in range(3)] == ["e1", "e2", None]


def test_one_row_counts_documents_cited_by_several_pages() -> None:
    gold = {("a", 0): "D1", ("b", 0): "D1", ("a", 1): "D2", ("c", 0): "D2", ("a", 2): "D3"}
    good = er.one_row(gold, {("a", 0): "r1", ("b", 0): "r1", ("a", 1): "r2", ("c", 0): "r2"})
    assert (good.documents, good.one_row, good.pure, good.rate) == (2, 2, 2, 1.0)
    # D2 split (one citation unresolved); D1's row also took D3's citation: one row, not pure
    bad = er.one_row(
        gold, {("a", 0): "r1", ("b", 0): "r1", ("a", 1): "r2", ("c", 0): None, ("a", 2): "r1"}
    )
    assert (bad.documents, bad.one_row, bad.pure, bad.not_in_a_row) == (2, 1, 0, 1)
    assert bad.rate == 0.5 and bad.pure_rate == 0.0


def _articles() -> list[dict]:
    def art(i: str, confs: list[tuple[str, str]], docs: list[tuple[str, str]]) -> dict:
        return {
            "id": i,
            "gold": {
                "conferences": [{"event_id": e, "name": n} for e, n in confs],
                "directives": [{"symbol": s, "document_id": dd} for s, dd in docs],
            },
        }

    return [
        art(
            "a", [("E1", "Hội nghị toàn quốc quán triệt Nghị quyết 57")], [("57-NQ/TW", "57@2024")]
        ),
        art("b", [("E1", "Hội nghị về đột phá khoa học công nghệ")], [("57-NQ/TW", "57@2024")]),
        art("c", [("E2", "Hội nghị báo cáo viên tháng 9/2023")], []),
        art("d", [("E3", "Hội nghị báo cáo viên tháng 9/2025")], [("05-CT/TW", None)]),
    ]


def test_score_perfect_and_broken_predictions() -> None:
    articles = _articles()
    confs = [
        PC("ma", "a", "Hội nghị toàn quốc quán triệt Nghị quyết 57", "x"),
        PC("mb", "b", "Hội nghị về đột phá khoa học công nghệ", "x"),
        PC("mc", "c", "Hội nghị báo cáo viên tháng 9/2023", "y"),
        PC("md", "d", "Hội nghị báo cáo viên tháng 9/2025", "z"),
    ]
    cites = [
        PD("da", "a", "57-NQ/TW", "r"),
        PD("db", "b", "57-NQ/TW", "r"),
        PD("dd", "d", "05-CT/TW", "q"),
    ]
    ok = er.score(articles, confs, cites)
    assert ok["conference_mentions"] == 4 and ok["conference_mentions_found"] == 4
    assert ok["same_conference"]["precision"] == ok["same_conference"]["recall"] == 1.0
    assert ok["citations"] == 2  # the undeterminable citation is not scored
    # a symbol cited twice on one page is one mention, as the extractor reports it
    articles[0]["gold"]["directives"].append({"symbol": "57 - NQ/TW", "document_id": "57@2024"})
    assert er.score(articles, confs, cites)["citations"] == 2
    # likewise an event named twice on one page is one report of it
    articles[1]["gold"]["conferences"].append({"event_id": "E1", "name": "Hội nghị ấy"})
    assert er.score(articles, confs, cites)["conference_mentions"] == 4
    assert ok["same_directive"]["tp"] == 1 and ok["one_row"]["rate"] == 1.0
    # the months of a series merged, the 57 report split, one citation year-split
    bad_confs = [
        PC("ma", "a", "Hội nghị toàn quốc quán triệt Nghị quyết 57", "x"),
        PC("mb", "b", "Hội nghị về đột phá khoa học công nghệ", "w"),
        PC("mc", "c", "Hội nghị báo cáo viên tháng 9/2023", "y"),
        PC("md", "d", "Hội nghị báo cáo viên tháng 9/2025", "y"),
    ]
    bad_cites = [PD("da", "a", "57-NQ/TW", "r"), PD("db", "b", "57-NQ/TW", "r2")]
    bad = er.score(articles, bad_confs, bad_cites)
    assert bad["same_conference"] == {
        "tp": 0,
        "fp": 1,
        "fn": 1,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    assert bad["same_directive"]["fn"] == 1 and bad["one_row"]["rate"] == 0.0
    lines = er.errors(articles, bad_confs, bad_cites)
    assert "split: E1 into 2 conferences" in lines
    assert any(line.startswith("false merge: ['E2', 'E3']") for line in lines)


@pytest.mark.parametrize("name", list(er.SETS))
def test_linkage_sets_are_well_formed(name: str) -> None:
    articles = er.load(name)
    assert len(articles) >= 10
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))
    symbol = re.compile(r"^[0-9A-Za-zĐđƯư./&-]+$")
    document = re.compile(r"^[^@\s]+@\d{4}(:\w[\w ]*)?$")  # 594/KH-UBND@2021:Nghệ An
    for a in articles:
        assert a["url"].startswith("http") and a["text"].strip() and a["published"]
        assert a["published_from"] in {"page", "store", "event"}
        for c in a["gold"]["conferences"]:
            assert c["event_id"].startswith("E-") and c["status"] in {"held", "planned"}
        for d in a["gold"]["directives"]:
            assert symbol.match(d["symbol"]), d
            assert d["document_id"] is None or document.match(d["document_id"]), d


def test_groups_do_not_cross_sets() -> None:
    """Split by group: every report of one event is in the same file."""
    where: dict[str, set[str]] = defaultdict(set)
    for name in er.SETS:
        for a in er.load(name):
            for c in a["gold"]["conferences"]:
                where[c["event_id"]].add(name)
    assert all(len(v) == 1 for v in where.values())
    reports = defaultdict(int)
    for a in er.load("all"):
        for c in a["gold"]["conferences"]:
            reports[c["event_id"]] += 1
    assert sum(1 for n in reports.values() if n > 1) >= 20


_RESOLVERS = all(
    importlib.util.find_spec(m) is not None
    for m in (
        "pipelines.resolution.mentions",
        "pipelines.resolution.conferences",
        "pipelines.resolution.directives",
    )
)


@pytest.mark.skipif(not _RESOLVERS, reason="resolution modules not merged yet (issue 11 contract)")
def test_harness_runs_on_dev_set(tmp_path: Path) -> None:
    out = tmp_path / "er.json"
    assert er.main(["--set", "dev", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["articles"] == 40 and result["conference_mentions"] == 38
    for key in ("same_conference", "same_directive"):
        assert 0.0 <= result[key]["precision"] <= 1.0 and 0.0 <= result[key]["recall"] <= 1.0
    assert result["one_row"]["documents"] >= 1


@pytest.mark.skipif(not _RESOLVERS, reason="resolution modules not merged yet (issue 11 contract)")
def test_labelled_mentions_for_training_come_from_dev() -> None:
    pairs = er.labelled_mentions("dev")
    dev_ids = {a["id"] for a in er.load("dev")}
    assert len(pairs) >= 30 and all(m.article_id in dev_ids for m, _ in pairs)
    events = {e for _, e in pairs}
    assert "E-2025-01-13-nq57-khcn" in events and "E-2026-01-28-bcv-tw" in events


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("25 - CT/TƯ", "25-CT/TW"),
        ("23/NQ-TW", "23-NQ/TW"),  # a party symbol with swapped separators
        ("212/QĐ/TW", "212-QĐ/TW"),  # doubled
        ("16-CT/TTg", "16/CT-TTG"),  # a state symbol written party-style
        ("182-QĐ-TTg", "182/QĐ-TTG"),
        ("386/QĐ/TTg", "386/QĐ-TTG"),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),
    ],
)
def test_written_symbols_compare_as_the_extractor_writes_them(written: str, canonical: str) -> None:
    assert er.symbol_key(written) == er.symbol_key(canonical)


def test_pairs_of_named_and_dated_reports_are_scored_apart() -> None:
    """ "both named and dated" counts only pairs whose two gold reports state a name (more than
    "hội nghị") and a day: a split pair with a nameless or undated report is outside it."""
    articles = _articles()
    articles[0]["gold"]["conferences"][0]["date"] = "2024-12-30"
    articles[1]["gold"]["conferences"][0]["date"] = "2024-12-30"
    articles.append(
        {"id": "e", "gold": {"conferences": [{"event_id": "E1", "name": "Hội nghị", "date": None}],
                             "directives": []}}
    )  # fmt: skip
    assert er.named_and_dated(articles) == {("a", 0), ("b", 0)}
    confs = [
        PC("ma", "a", "Hội nghị toàn quốc quán triệt Nghị quyết 57", "x"),
        PC("mb", "b", "Hội nghị về đột phá khoa học công nghệ", "x"),
        PC("mc", "c", "Hội nghị báo cáo viên tháng 9/2023", "y"),
        PC("md", "d", "Hội nghị báo cáo viên tháng 9/2025", "z"),
        PC("me", "e", "Hội nghị", "w"),  # the nameless report split off
    ]
    result = er.score(articles, confs, [])
    assert (result["same_conference"]["tp"], result["same_conference"]["fn"]) == (1, 2)
    stated = result["same_conference_named_and_dated"]
    assert (stated["tp"], stated["fp"], stated["fn"], stated["recall"]) == (1, 0, 0, 1.0)
