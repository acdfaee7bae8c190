"""The analyst surface over a real demo warehouse: every documented query, views, FTS, export."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from warehouse.db import Warehouse, load_fts

DOC = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_docs_hold_at_least_ten_example_queries() -> None:
    assert len(QUERIES) >= 11  # the FTS example plus at least ten analyst queries


@pytest.mark.parametrize("query", QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_documented_query_runs_and_answers(demo_warehouse: Path, query: str) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        load_fts(con)
        rows = con.execute(query).fetchall()
    assert rows, "every documented query must return something on the demo warehouse"


def test_directive_citations_count_articles_and_sites(demo_warehouse: Path) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        view = dict(
            con.execute("SELECT directive_id, articles FROM v_directive_citations").fetchall()
        )
        direct = dict(
            con.execute(
                "SELECT directive_id, count(DISTINCT article_id) FROM directive_mentions "
                "WHERE directive_id IS NOT NULL GROUP BY 1"
            ).fetchall()
        )
        sites = con.execute("SELECT max(sites) FROM v_directive_citations").fetchone()[0]
    assert view == direct
    assert sites >= 2  # republished stories make some directives cited on two sites


def test_search_finds_accented_words_only(demo_warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(demo_warehouse.read_bytes())
    with Warehouse(copy) as warehouse:
        hits = warehouse.search("báo cáo viên", limit=5)
        unaccented = warehouse.search("tuyen truyen", limit=5)  # no such unaccented words
        texts = [
            warehouse.con.execute(
                "SELECT lower(title || ' ' || body) FROM articles WHERE article_id = ?", [hit[0]]
            ).fetchone()[0]
            for hit in hits
        ]
    assert hits
    assert all(all(word in text for word in ("báo", "cáo", "viên")) for text in texts)
    assert [hit[-1] for hit in hits] == sorted((hit[-1] for hit in hits), reverse=True)
    assert unaccented == []


# Documented queries whose totals an analyst would add up: (text that picks the one query, the
# result column to sum, the same total from the base tables). A fan-out in a view shows here.
RECONCILED = [
    (
        "FROM v_site_activity",
        "pages",
        "SELECT count(*) FROM article_copies WHERE published_on IS NOT NULL",
    ),
    (
        "FROM v_directive_citations\nGROUP BY ALL",
        "citations",
        "SELECT count(*) FROM (SELECT DISTINCT directive_id, article_id FROM directive_mentions "
        "WHERE directive_id IS NOT NULL)",
    ),
    (
        "FROM conferences\nWHERE held_on IS NOT NULL",
        "conferences",
        "SELECT count(*) FROM conferences WHERE held_on IS NOT NULL",
    ),
    (
        "FROM conferences c\nJOIN organizations o",
        "conferences",
        "SELECT count(*) FROM conferences WHERE organization_id IS NOT NULL",
    ),
    (
        "FROM v_fetch_errors",
        "fetches",
        "SELECT count(*) FROM captures WHERE (error IS NOT NULL OR status >= 400) "
        "AND run_id = (SELECT max(run_id) FROM crawl_runs)",
    ),
    (
        "FROM v_page_outcomes",
        "pages",
        "SELECT count(*) FROM captures k WHERE run_id = (SELECT max(run_id) FROM crawl_runs) "
        "AND NOT EXISTS (SELECT 1 FROM page_outcomes o JOIN article_copies c ON c.url = o.copy_url "
        "WHERE o.capture_id = k.capture_id)",
    ),
]


@pytest.mark.parametrize(
    ("marker", "column", "base"), RECONCILED, ids=[m.split()[1] for m, _, _ in RECONCILED]
)
def test_documented_totals_reconcile(
    demo_warehouse: Path, marker: str, column: str, base: str
) -> None:
    matching = [q for q in QUERIES if marker in q]
    assert len(matching) == 1, f"{marker!r} picks {len(matching)} documented queries"
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        cursor = con.execute(matching[0])
        names = [d[0] for d in cursor.description]
        total = sum(row[names.index(column)] for row in cursor.fetchall())
        expected = con.execute(base).fetchone()[0]
    assert expected > 0
    assert total == expected
