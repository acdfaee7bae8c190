"""Entity resolution end to end (issue 11): the demo sites over loopback, the archive flow, then
the warehouse's resolved entities compared with the generator's truth.

The demo corpus (vnarchive/demo_sites/corpus.py) gives every reported conference the `event_id`
of the real event (independent reports on other sites, bridge-point reports and previews share
it) and every citation the `document_id` of the real document, with `determinable=False` when
the text cannot tell which of two documents of one symbol it means. The warehouse must:
- group conference mentions exactly as the events group them (both directions: no report of one
  event left apart, no two events merged);
- group determinable citations exactly as the documents group them, and leave exactly the
  undeterminable ones unresolved (directive_id NULL), never merged into a guess;
- change no entity table when the flow runs again over the same sites.

Mentions are matched to truth per article: the n-th conference mention (ordinal) of an article
is its n-th GT conference, the k-th citation of a symbol its k-th GT citation of that symbol. An
article whose counts differ is an extraction miss: its own tests report it, and the partitions
are compared on the rest.

The same comparison runs twice: on the pure pipeline (extraction → mentions_of → resolve, no I/O,
a 300-article corpus) and on the warehouse after a real archive-flow run over loopback.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping
from pathlib import Path

import duckdb
import pytest
from demo_helpers import run_demo_flow

from pipelines.entities import extract_entities
from pipelines.text import normalize_text
from vnarchive.demo_sites.corpus import (
    DemoArticle,
    GTConference,
    GTDirective,
    generate_corpus,
    site_province,
)
from vnarchive.demo_sites.server import DemoSites

N_ARTICLES = 200  # small enough for the default suite, large enough for several multi-site events
N_PURE = 300
ENTITY_TABLES = (
    "conferences",
    "conference_directives",
    "directives",
    "people",
    "positions",
    "organizations",
    "conference_participants",
)


@pytest.fixture(scope="module")
def resolved(prefect_harness, tmp_path_factory) -> Iterator[tuple[DemoSites, Path]]:
    with DemoSites(n_articles=N_ARTICLES) as sites:
        data = tmp_path_factory.mktemp("resolution-e2e")
        run_demo_flow(sites, data)
        yield sites, data


def _partition(labels: Mapping[Hashable, Hashable]) -> set[frozenset[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for unit, label in labels.items():
        groups[label].add(unit)
    return {frozenset(g) for g in groups.values()}


def _differences(
    truth: Mapping[Hashable, Hashable], got: Mapping[Hashable, Hashable]
) -> tuple[list, list]:
    """(split: units of one truth group resolved apart, merged: truth groups resolved together)."""
    split = [g for g in _partition(truth) if len({got[u] for u in g}) > 1]
    merged = [g for g in _partition(got) if len({truth[u] for u in g}) > 1]
    return split, merged


# --------------------------------------------------------------------------- matching to truth


class Matched:
    """Mentions of a set of articles paired with their truth.

    `conferences`/`directives`: {unit: (truth label, resolved id)} where a unit is
    (article_id, ordinal); a directive's truth label is its document_id, or None when the text
    cannot determine it. `miscounted`: articles (conferences) or (article, symbol) pairs
    (citations) whose extracted count differs from the truth's."""

    def __init__(self) -> None:
        self.conferences: dict[tuple[str, int], tuple[str, str | None]] = {}
        self.conference_gt: dict[tuple[str, int], GTConference] = {}
        self.directives: dict[tuple[str, int], tuple[str | None, str | None]] = {}
        self.miscounted_conferences: list[tuple] = []
        self.miscounted_citations: list[tuple] = []

    def add(
        self,
        article_id: str,
        gt: DemoArticle,
        conferences: list[tuple[int, str | None, str | None]],  # (ordinal, conference_id, name)
        directives: list[tuple[int, str, str | None]],  # (ordinal, symbol, directive_id)
    ) -> None:
        if len(conferences) != len(gt.conferences):
            self.miscounted_conferences.append(
                (gt.site + gt.path, [c.name for c in gt.conferences], [c[2] for c in conferences])
            )
        else:
            for (ordinal, conference_id, _), conf in zip(conferences, gt.conferences, strict=True):
                self.conferences[(article_id, ordinal)] = (conf.event_id, conference_id)
                self.conference_gt[(article_id, ordinal)] = conf
        cited: dict[str, list[GTDirective]] = defaultdict(list)
        for d in gt.directives:
            cited[d.symbol].append(d)
        found: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
        for ordinal, symbol, directive_id in directives:
            found[symbol].append((ordinal, directive_id))
        for symbol in sorted(set(cited) | set(found)):
            if len(cited[symbol]) != len(found[symbol]):
                self.miscounted_citations.append(
                    (gt.site + gt.path, symbol, len(cited[symbol]), len(found[symbol]))
                )
                continue
            for (ordinal, directive_id), d in zip(found[symbol], cited[symbol], strict=True):
                label = d.document_id if d.determinable else None
                self.directives[(article_id, ordinal)] = (label, directive_id)


def _assert_conference_partition(m: Matched) -> None:
    truth = {u: t for u, (t, _) in m.conferences.items()}
    got = {u: g for u, (_, g) in m.conferences.items()}
    assert None not in got.values(), "every conference mention resolves to a conference"

    def show(g: frozenset) -> list[tuple]:
        return [
            (m.conference_gt[u].name, m.conference_gt[u].organizer, m.conference_gt[u].status)
            for u in sorted(g)
        ]

    split, merged = _differences(truth, got)
    assert not split, ("reports of one event left apart", [show(g) for g in split])
    assert not merged, ("different events merged", [show(g) for g in merged])
    assert _partition(got) == _partition(truth)


def _assert_directive_partition(m: Matched) -> None:
    undeterminable = {u for u, (t, _) in m.directives.items() if t is None}
    unresolved = {u for u, (_, g) in m.directives.items() if g is None}
    assert unresolved == undeterminable, (
        "resolved though the text cannot determine it",
        sorted(undeterminable - unresolved),
        "left unresolved though determinable",
        sorted(unresolved - undeterminable),
    )
    truth = {u: t for u, (t, g) in m.directives.items() if t is not None and g is not None}
    got = {u: g for u, (t, g) in m.directives.items() if t is not None and g is not None}
    split, merged = _differences(truth, got)
    assert not split, (
        "citations of one document split",
        [sorted({got[u] for u in g}) for g in split],
    )
    assert not merged, ("documents merged", [sorted({truth[u] for u in g}) for g in merged])
    assert _partition(got) == _partition(truth)


# --------------------------------------------------------------------------- the pure pipeline


@pytest.fixture(scope="module")
def pure() -> Matched:
    """Each story's earliest copy extracted and resolved in memory, as flows/rows.py and
    flows/resolve.py do it (the same functions, no warehouse)."""
    from pipelines.resolution.conferences import resolve_conferences
    from pipelines.resolution.directives import resolve_directives
    from pipelines.resolution.mentions import mentions_of, story_text

    corpus = generate_corpus(N_PURE)
    per_article = {}
    for story_id, copies in corpus.stories().items():
        art = copies[0]
        published = art.published_at.date()
        entities = extract_entities(normalize_text(art.body_text), published)
        per_article[story_id] = (
            art,
            mentions_of(
                story_id,
                entities,
                published_on=published,
                source_id=art.site,
                source_province=site_province(art.site),
                story=story_text(art.title, art.body_text),
            ),
        )
    conference_links, _ = resolve_conferences(
        [c for _, am in per_article.values() for c in am.conferences]
    )
    directive_links, _ = resolve_directives(
        [d for _, am in per_article.values() for d in am.directives]
    )
    conference_of = {link.mention_id: link.conference_id for link in conference_links}
    directive_of = {link.mention_id: link.directive_id for link in directive_links}
    matched = Matched()
    for story_id, (art, am) in per_article.items():
        matched.add(
            story_id,
            art,
            [(k, conference_of[c.mention_id], c.name) for k, c in enumerate(am.conferences)],
            [(k, d.symbol, directive_of[d.mention_id]) for k, d in enumerate(am.directives)],
        )
    return matched


def test_pure_extraction_gives_one_mention_per_reported_conference_and_citation(
    pure: Matched,
) -> None:
    assert not pure.miscounted_conferences, pure.miscounted_conferences[:5]
    assert not pure.miscounted_citations, pure.miscounted_citations[:5]


def test_pure_conference_partition_equals_truth(pure: Matched) -> None:
    multi = defaultdict(set)
    for (article_id, _), (event_id, _) in pure.conferences.items():
        multi[event_id].add(article_id)
    assert sum(len(v) > 1 for v in multi.values()) >= 5
    _assert_conference_partition(pure)


def test_pure_directive_partition_equals_truth(pure: Matched) -> None:
    assert any(t is None for t, _ in pure.directives.values())
    _assert_directive_partition(pure)


# --------------------------------------------------------------------------- the warehouse


def _canonical_truth(sites: DemoSites, db: Path) -> dict[str, DemoArticle]:
    """article_id -> the GT of its canonical (earliest) copy."""
    with duckdb.connect(str(db), read_only=True) as con:
        canonical = con.execute("SELECT article_id, url FROM articles").fetchall()
    out = {}
    for article_id, url in canonical:
        gt = sites.ground_truth(url)
        assert gt is not None, url
        out[article_id] = gt
    return out


def test_corpus_has_the_hard_cases(resolved: tuple[DemoSites, Path]) -> None:
    """The comparison below is only worth something if the truth holds the hard cases."""
    sites, data = resolved
    truth = _canonical_truth(sites, data / "w.duckdb")
    events: dict[str, set[str]] = defaultdict(set)
    for article_id, gt in truth.items():
        for c in gt.conferences:
            events[c.event_id].add(article_id)
    assert sum(len(v) > 1 for v in events.values()) >= 4  # multi-site events
    confs = [c for gt in truth.values() for c in gt.conferences]
    assert any(c.status == "planned" for c in confs)
    assert any(c.bridge_point for c in confs)
    assert any(not d.determinable for gt in truth.values() for d in gt.directives)


@pytest.fixture(scope="module")
def warehouse(resolved: tuple[DemoSites, Path]) -> Matched:
    sites, data = resolved
    db = data / "w.duckdb"
    truth_by_article = _canonical_truth(sites, db)
    with duckdb.connect(str(db), read_only=True) as con:
        conferences = con.execute(
            "SELECT article_id, ordinal, conference_id, name FROM conference_mentions "
            "ORDER BY article_id, ordinal"
        ).fetchall()
        directives = con.execute(
            "SELECT article_id, ordinal, symbol, directive_id FROM directive_mentions "
            "ORDER BY article_id, ordinal"
        ).fetchall()
    by_article: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for article_id, ordinal, conference_id, name in conferences:
        by_article[article_id][0].append((ordinal, conference_id, name))
    for article_id, ordinal, symbol, directive_id in directives:
        by_article[article_id][1].append((ordinal, symbol, directive_id))
    assert set(by_article) <= set(truth_by_article)
    matched = Matched()
    for article_id, gt in truth_by_article.items():
        confs, cites = by_article[article_id]
        matched.add(article_id, gt, confs, cites)
    return matched


def test_warehouse_holds_one_mention_per_reported_conference_and_citation(
    warehouse: Matched,
) -> None:
    assert not warehouse.miscounted_conferences, warehouse.miscounted_conferences[:5]
    assert not warehouse.miscounted_citations, warehouse.miscounted_citations[:5]


def test_warehouse_conference_partition_equals_truth(warehouse: Matched) -> None:
    _assert_conference_partition(warehouse)


def test_warehouse_directive_partition_equals_truth(warehouse: Matched) -> None:
    _assert_directive_partition(warehouse)


def _snapshot(db: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {t: f"SELECT * FROM {t}" for t in ENTITY_TABLES} | {
            "conference_links": "SELECT mention_id, conference_id FROM conference_mentions",
            "directive_links": "SELECT mention_id, directive_id FROM directive_mentions",
        }
        return {t: sorted(map(repr, con.execute(q).fetchall())) for t, q in tables.items()}


def test_second_run_and_rebuild_change_nothing(resolved: tuple[DemoSites, Path]) -> None:
    sites, data = resolved
    db = data / "w.duckdb"
    before = _snapshot(db)
    assert before["conferences"] and before["directives"]
    again = run_demo_flow(sites, data)
    assert again.articles_new == 0
    assert _snapshot(db) == before
    # `vnarchive resolve --rebuild`: everything re-resolved from the mentions, the same result
    from flows.resolve import resolve

    with duckdb.connect(str(db)) as con:
        resolve(con, rebuild=True)
    assert _snapshot(db) == before


# --------------------------------------------------------------------------- analysts' questions

DOC = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"


def _documented_query(opening: str) -> str:
    """The SQL block of docs/warehouse.md that follows the numbered question `opening`."""
    text = DOC.read_text(encoding="utf-8")
    start = text.index(opening)
    return text[
        text.index("```sql\n", start) + 7 : text.index("```", text.index("```sql\n", start) + 7)
    ]


def test_documented_count_of_conferences_disseminating_a_directive_is_the_real_count(
    resolved: tuple[DemoSites, Path], warehouse: Matched
) -> None:
    """Docs query "How many conferences disseminated Nghị quyết 66-NQ/TW", asked of every symbol
    the demo's conferences disseminated: it counts real events, not reports."""
    _, data = resolved
    query = _documented_query("How many conferences disseminated")
    assert "'66-NQ/TW'" in query
    events_of: dict[str, set[str]] = defaultdict(set)  # symbol -> events disseminating it
    reports: dict[str, int] = defaultdict(int)  # event -> its reports, whatever each one names
    for conf in warehouse.conference_gt.values():
        reports[conf.event_id] += 1
        for symbol in conf.directives:
            events_of[symbol].add(conf.event_id)
    reports_of = {s: sum(reports[e] for e in events) for s, events in events_of.items()}
    assert any(reports_of[s] > len(events_of[s]) for s in events_of), "no event reported twice"
    with duckdb.connect(str(data / "w.duckdb"), read_only=True) as con:
        for symbol, events in sorted(events_of.items()):
            row = con.execute(query.replace("'66-NQ/TW'", f"'{symbol}'")).fetchone()
            assert row is not None
            assert (row[1], row[2]) == (len(events), reports_of[symbol]), symbol


def test_documented_most_cited_directives_count_real_documents(
    resolved: tuple[DemoSites, Path], warehouse: Matched
) -> None:
    """Docs query "Which directives were cited most in 2025": each row's story count is the
    number of stories of 2025 citing that real document (undeterminable citations count for
    none), whichever way the stories wrote the symbol, with or without the date."""
    sites, data = resolved
    db = data / "w.duckdb"
    truth = _canonical_truth(sites, db)
    query = _documented_query("Which directives were cited most in 2025")
    document_of: dict[str, set[str]] = defaultdict(set)  # resolved id -> truth documents
    stories_of: dict[str, set[str]] = defaultdict(set)  # truth document -> stories of 2025
    for (article_id, _), (label, resolved_id) in warehouse.directives.items():
        if label is None:
            continue
        if resolved_id is not None:
            document_of[resolved_id].add(label)
        if truth[article_id].published_at.year == 2025:
            stories_of[label].add(article_id)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(query).fetchall()
    assert rows, "the demo has stories of 2025 citing documents"
    for directive_id, *_, stories in rows:
        (label,) = document_of[directive_id]
        assert stories == len(stories_of[label]), (directive_id, label)
    top = sorted((len(v) for v in stories_of.values()), reverse=True)[: len(rows)]
    assert sorted((r[-1] for r in rows), reverse=True) == top
