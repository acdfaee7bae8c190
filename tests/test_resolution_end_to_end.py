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
is its n-th GT conference, the k-th citation of a symbol its k-th GT citation of that symbol; an
article whose counts differ is an extraction miss and is reported as such.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping
from pathlib import Path

import duckdb
import pytest
from demo_helpers import run_demo_flow

from vnarchive.demo_sites.corpus import DemoArticle
from vnarchive.demo_sites.server import DemoSites

N_ARTICLES = 200  # small enough for the default suite, large enough for several multi-site events
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


def test_conference_partition_equals_truth(resolved: tuple[DemoSites, Path]) -> None:
    sites, data = resolved
    db = data / "w.duckdb"
    truth_by_article = _canonical_truth(sites, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT article_id, ordinal, conference_id, name FROM conference_mentions "
            "ORDER BY article_id, ordinal"
        ).fetchall()
    mentions: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for article_id, ordinal, conference_id, name in rows:
        mentions[article_id].append((ordinal, conference_id, name))
    miscounted = [
        (gt.site + gt.path, [c.name for c in gt.conferences], [m[2] for m in mentions[a]])
        for a, gt in truth_by_article.items()
        if len(gt.conferences) != len(mentions[a])
    ]
    assert not miscounted, miscounted[:5]
    truth: dict[tuple[str, int], str] = {}
    got: dict[tuple[str, int], str] = {}
    for article_id, gt in truth_by_article.items():
        for (ordinal, conference_id, _), conf in zip(
            mentions[article_id], gt.conferences, strict=True
        ):
            truth[(article_id, ordinal)] = conf.event_id
            got[(article_id, ordinal)] = conference_id
    assert None not in got.values(), "every conference mention resolves to a conference"
    split, merged = _differences(truth, got)
    names = {
        (a, o): (gt.site, gt.conferences[o].name, gt.conferences[o].organizer)
        for a, gt in truth_by_article.items()
        for o in range(len(gt.conferences))
    }
    assert not split, ("reports of one event left apart", [[names[u] for u in g] for g in split])
    assert not merged, ("different events merged", [[names[u] for u in g] for g in merged])
    assert _partition(got) == _partition(truth)


def test_directive_partition_equals_truth(resolved: tuple[DemoSites, Path]) -> None:
    sites, data = resolved
    db = data / "w.duckdb"
    truth_by_article = _canonical_truth(sites, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT article_id, ordinal, symbol, directive_id FROM directive_mentions "
            "ORDER BY article_id, ordinal"
        ).fetchall()
    by_symbol: dict[tuple[str, str], list[tuple[int, str | None]]] = defaultdict(list)
    for article_id, ordinal, symbol, directive_id in rows:
        by_symbol[(article_id, symbol)].append((ordinal, directive_id))
    gt_by_symbol: dict[tuple[str, str], list] = defaultdict(list)
    for article_id, gt in truth_by_article.items():
        for d in gt.directives:
            gt_by_symbol[(article_id, d.symbol)].append(d)
    miscounted = [
        (truth_by_article[k[0]].path, k[1], len(v), len(by_symbol.get(k, [])))
        for k, v in gt_by_symbol.items()
        if len(v) != len(by_symbol.get(k, []))
    ] + [(k, "not in GT") for k in by_symbol if k not in gt_by_symbol]
    assert not miscounted, ("citations extracted ≠ cited", miscounted[:10])

    truth: dict[tuple[str, int], str] = {}
    got: dict[tuple[str, int], str] = {}
    undeterminable, unresolved = set(), set()
    for key, gts in gt_by_symbol.items():
        for (ordinal, directive_id), d in zip(by_symbol[key], gts, strict=True):
            unit = (key[0], ordinal)
            if not d.determinable:
                undeterminable.add(unit)
            if directive_id is None:
                unresolved.add(unit)
            if d.determinable and directive_id is not None:
                truth[unit] = d.document_id
                got[unit] = directive_id
    assert unresolved == undeterminable, (
        "resolved a citation the text cannot determine",
        sorted(undeterminable - unresolved),
        "left a determinable citation unresolved",
        sorted(unresolved - undeterminable),
    )
    split, merged = _differences(truth, got)
    assert not split, (
        "citations of one document split",
        [sorted({truth[u] for u in g}) for g in split],
    )
    assert not merged, ("documents merged", [sorted({truth[u] for u in g}) for g in merged])
    assert _partition(got) == _partition(truth)


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
