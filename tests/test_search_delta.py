"""Search without full rebuilds (docs/warehouse.md, "Full-text search"): a load indexes the stories
it changed in a small delta, never the main index; queries answer over both; the maintenance flow
(or a delta past its share of the corpus) folds the delta in.

The guarantee tested here, after loads that add, edit, retitle, merge and delete stories: the
search over main index + delta returns the rows a full rebuild returns (same stories, titles,
sites, `exact` flags and snippets), with scores equal to the full rebuild's up to floating-point
rounding (relative 1e-9), in the same order except between stories whose scores are equal within
that rounding.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from prefect import flow
from search_helpers import assert_same_search, searches

from warehouse.db import (
    SEARCH_DELTA_MIN_ENV,
    SEARCH_DELTA_SHARE_ENV,
    Warehouse,
    apply_migrations,
    load_fts,
    read_sql,
)
from warehouse.tables import LoadBatch, schema

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "devset" / "devset.jsonl"
TEXTS = [json.loads(line)["text"] for line in DEVSET.read_text(encoding="utf-8").splitlines()]
NOW = datetime(2024, 1, 2, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    url: str
    story: str
    title: str | None
    body: str


def page(
    i: int, story: str | None = None, text: int | None = None, title: str | None = None
) -> Page:
    """Page u<i> of story s<i> (or `story`), carrying development text `text` (default i)."""
    head, _, body = TEXTS[i if text is None else text].partition("\n")
    return Page(f"http://s1/u{i}", story or f"s{i}", title or head, body)


def _table(name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema(name))


def batch(
    run_id: str,
    pages: list[Page],
    merges: tuple[tuple[str, str, str], ...] = (),
    canonical: dict[str, str] | None = None,
) -> LoadBatch:
    """The batch the flow would stage for `pages` (one capture each), each page's story filed
    new or refreshed from its canonical copy (the story's first page unless `canonical` says),
    and `merges` (old story, surviving story, merged story's canonical URL)."""
    heads: dict[str, str] = {}
    for p in pages:
        heads.setdefault(p.story, p.url)
    heads.update(canonical or {})
    by_url = {p.url: p for p in pages}
    return LoadBatch(**_rows(run_id, pages, by_url, heads, merges))


def _fields(p: Page) -> dict:
    return {
        "url": p.url,
        "source_id": "s1",
        "title": p.title,
        "body": p.body,
        "published_on": date(2024, 1, 1),
        "published_at": None,
        "date_source": None,
        "author": None,
        "content_hash": str(hash((p.title, p.body))),
    }


def _rows(
    run_id: str,
    pages: list[Page],
    by_url: dict[str, Page],
    heads: dict[str, str],
    merges: tuple[tuple[str, str, str], ...],
) -> dict[str, pa.Table]:
    return dict(
        sources=_table(
            "sources",
            [{"source_id": "s1", "name": "Site", "base_url": "http://s1", "priority": 100}],
        ),
        captures=_table(
            "captures",
            [
                {
                    "capture_id": f"c-{run_id}-{p.url}",
                    "run_id": run_id,
                    "source_id": "s1",
                    "url": p.url,
                    "status": 200,
                    "content_type": "text/html",
                    "fetched_at": NOW,
                }
                for p in pages
            ],
        ),
        new_articles=_table(
            "new_articles",
            [
                {
                    **_fields(by_url[url]),
                    "article_id": story,
                    "copies": 1,
                    "first_run_id": run_id,
                    "updated_at": NOW,
                }
                for story, url in heads.items()
                if url in by_url
            ],
        ),
        article_copies=_table(
            "article_copies",
            [
                {
                    **_fields(p),
                    "article_id": p.story,
                    "similarity": 1.0,
                    "minhash": b"\0" * 16,
                    "capture_id": f"c-{run_id}-{p.url}",
                    "first_run_id": run_id,
                    "extracted_at": NOW,
                }
                for p in pages
            ],
        ),
        story_merges=_table(
            "story_merges",
            [
                {"old_article_id": old, "new_article_id": new, "canonical_url": url}
                for old, new, url in merges
            ],
        ),
        canonical=_table(
            "canonical",
            [{"article_id": s, "url": url, "updated_at": NOW} for s, url in heads.items()],
        ),
    )


def load(db: Path, run_id: str, loaded: LoadBatch) -> str:
    """What the load task does: the load, then the search index's upkeep."""
    with Warehouse(db) as warehouse:
        warehouse.start_run(run_id, NOW, ["http://s1"])
        warehouse.load(loaded)
        return warehouse.update_search_index()


def rebuilt(db: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    """The same searches on a copy of `db` whose main index was rebuilt over every story."""
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copy(db, copy)
    with Warehouse(copy) as warehouse:
        warehouse.rebuild_search_index()
        assert warehouse.count("search_delta") == 0
    found = searches(copy)
    copy.unlink()
    return found


def index_state(db: Path) -> tuple:
    """The main index as built: its build log, its documents and its term postings."""
    with duckdb.connect(str(db), read_only=True) as con:
        return (
            con.execute("SELECT count(*) FROM search_builds").fetchone()[0],
            con.execute("SELECT list(name ORDER BY docid) FROM fts_main_articles.docs").fetchone(),
            con.execute("SELECT count(*), sum(termid) FROM fts_main_articles.terms").fetchone(),
        )


def delta(db: Path) -> dict[str, bool]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT article_id, deleted FROM search_delta").fetchall())


def unique_word(text_index: int) -> str:
    """A word of development text `text_index` that no other development text holds."""
    tokens = lambda t: set(re.findall(r"[^\W_]+", t.lower()))  # noqa: E731
    others = set().union(*(tokens(t) for i, t in enumerate(TEXTS) if i != text_index))
    return min(tokens(TEXTS[text_index]) - others, key=lambda w: (not w.isalpha(), -len(w), w))


def changes(db: Path, tmp_path: Path) -> None:
    """Loads of every kind of change after a first load of 20 stories, each checked against a
    full rebuild, the main index untouched throughout."""
    assert load(db, "r1", batch("r1", [page(i) for i in range(20)])) == "built"
    built = index_state(db)
    assert built[0] == 1 and len(built[1][0]) == 20
    assert delta(db) == {}
    steps = [
        ("new stories", batch("r2", [page(20), page(21), page(22)])),
        # s5's page edited (another text), s21 (a delta story) edited again
        ("edited", batch("r3", [page(5, text=25), page(21, text=26)])),
        ("retitled", batch("r4", [page(7, title="Tiêu đề mới của bài báo cáo viên")])),
        # a new page bridges s4 into s3: s4's copy moves to s3, s4 is deleted after commit
        (
            "merged",
            batch(
                "r5",
                [page(23, story="s3", text=3), page(4, story="s3")],
                merges=(("s4", "s3", "http://s1/u4"),),
                canonical={"s3": "http://s1/u3"},
            ),
        ),
        # s9's only page re-assigned to s10: s9 left without copies, deleted after commit
        ("re-assigned", batch("r6", [page(9, story="s10")], canonical={"s10": "http://s1/u10"})),
    ]
    for n, (what, loaded) in enumerate(steps, start=2):
        assert load(db, f"r{n}", loaded) == "delta", what
        assert index_state(db) == built, f"{what}: the load rebuilt the main index"
        assert_same_search(searches(db), rebuilt(db, tmp_path))
    assert delta(db) == {
        "s20": False,
        "s21": False,
        "s22": False,
        "s5": False,  # edited
        "s7": False,  # retitled
        "s4": True,  # merged away
        "s9": True,  # left without copies
    }
    with Warehouse(db, read_only=True) as warehouse:
        stories = warehouse.con.execute("SELECT list(article_id) FROM articles").fetchone()[0]
        assert "s4" not in stories and "s9" not in stories
        for gone in (4, 9):  # still in the main index, never a hit
            word = unique_word(gone)
            assert warehouse.con.execute(
                "SELECT count(*) FROM fts_main_articles.dict WHERE term = ?", [word]
            ).fetchone()[0]
            assert warehouse.search(word, limit=100) == []


def test_search_over_main_index_and_delta_equals_a_full_rebuild(tmp_path: Path) -> None:
    changes(tmp_path / "w.duckdb", tmp_path)


def test_an_unchanged_reload_leaves_the_delta_and_its_index_alone(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load(db, "r1", batch("r1", [page(i) for i in range(5)]))
    load(db, "r2", batch("r2", [page(5)]))
    with duckdb.connect(str(db), read_only=True) as con:
        indexed = con.execute("SELECT list(name) FROM fts_main_search_delta.docs").fetchone()
        when = con.execute("SELECT changed_at FROM search_delta").fetchall()
    assert indexed == (["s5"],)
    state = index_state(db)
    assert load(db, "r3", batch("r3", [page(i) for i in range(6)])) == "delta"  # all as stored
    assert index_state(db) == state
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT changed_at FROM search_delta").fetchall() == when
        assert con.execute("SELECT list(name) FROM fts_main_search_delta.docs").fetchone() == (
            indexed
        )


@pytest.mark.usefixtures("prefect_harness")
def test_maintenance_folds_the_delta_into_the_main_index(tmp_path: Path) -> None:
    from flows.orchestrate import maintenance_flow

    db = tmp_path / "w.duckdb"
    changes(db, tmp_path)
    before = searches(db)
    archive = tmp_path / "warc"
    archive.mkdir()
    result = maintenance_flow(str(db), str(archive), str(tmp_path / "parquet"))
    assert result["search"] == {"rebuilt": True, "folded": 7}
    assert delta(db) == {}
    with duckdb.connect(str(db), read_only=True) as con:
        builds = con.execute("SELECT reason, stories, folded FROM search_builds ORDER BY built_at")
        assert builds.fetchall() == [("first load", 20, 0), ("maintenance", 21, 7)]
        assert con.execute("SELECT count(*) FROM fts_main_search_delta.docs").fetchone() == (0,)
    assert_same_search(searches(db), before)
    # Nothing to fold: the next night rebuilds nothing.
    again = maintenance_flow(str(db), str(archive), str(tmp_path / "parquet"))
    assert again["search"] == {"rebuilt": False, "folded": 0}
    assert index_state(db)[0] == 2


def test_a_delta_past_its_share_is_folded_by_the_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SEARCH_DELTA_SHARE_ENV, "0.1")  # 10 % of 20–23 stories: 2
    monkeypatch.setenv(SEARCH_DELTA_MIN_ENV, "1")
    db = tmp_path / "w.duckdb"
    assert load(db, "r1", batch("r1", [page(i) for i in range(20)])) == "built"
    assert load(db, "r2", batch("r2", [page(20), page(21)])) == "delta"  # 2 rows: not past
    assert set(delta(db)) == {"s20", "s21"}
    assert load(db, "r3", batch("r3", [page(22)])) == "folded"  # 3 rows > 2
    assert delta(db) == {}
    with duckdb.connect(str(db), read_only=True) as con:
        reasons = con.execute("SELECT reason, stories, folded FROM search_builds ORDER BY built_at")
        assert reasons.fetchall() == [("first load", 20, 0), ("delta share", 23, 3)]
    assert_same_search(searches(db), rebuilt(db, tmp_path))


@pytest.mark.usefixtures("prefect_harness")
def test_the_load_task_indexes_the_delta_not_the_main_index(tmp_path: Path) -> None:
    """The archive flow's `load` task: a first load builds the main index, the next ones leave it
    as built and still find what they stored."""
    from flows.archive import load as load_task

    db = tmp_path / "w.duckdb"

    @flow
    def run(run_id: str, pages: list[int]) -> None:
        with Warehouse(db) as warehouse:
            warehouse.start_run(run_id, NOW, ["http://s1"])
            load_task(warehouse, batch(run_id, [page(i) for i in pages]))

    run("r1", list(range(10)))
    built = index_state(db)
    assert built[0] == 1
    run("r2", [10, 11])
    assert index_state(db) == built
    assert set(delta(db)) == {"s10", "s11"}
    word = unique_word(11)
    with Warehouse(db, read_only=True) as warehouse:
        assert [r[0] for r in warehouse.search(word)] == ["s11"]


def test_a_warehouse_indexed_before_the_delta_gets_its_index_when_migrated(
    tmp_path: Path,
) -> None:
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        apply_migrations(con, up_to=16)  # before 0017: the old loads kept the main index whole
    load(db, "r1", batch("r1", [page(i) for i in range(3)]))  # builds the main index
    with duckdb.connect(str(db)) as con:  # back to the old schema, the main index kept
        con.execute("DROP SCHEMA fts_main_search_delta CASCADE")
        con.execute("DROP TABLE search_delta")
        con.execute("DROP TABLE search_builds")
        con.execute("DELETE FROM schema_migrations WHERE version = 17")
        load_fts(con)
        con.execute(read_sql("create_search_index"))
    with Warehouse(db) as warehouse:  # a writer migrates, and indexes the (empty) delta
        assert warehouse.search_indexes() == (True, True)
    with Warehouse(db, read_only=True) as reader:
        word = unique_word(2)
        assert [r[0] for r in reader.search(word)] == ["s2"]
