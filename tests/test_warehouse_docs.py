"""The analyst surface over a real demo warehouse: every documented query, views, FTS, export."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from vnarchive.cli import app
from warehouse.db import Warehouse

DOC = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"
TEXT = DOC.read_text(encoding="utf-8")
# The "Legal documents" section's queries need archived documents, which the demo does not hold
# yet (its document site family is issue 14's demo item): tests/test_documents_warehouse.py runs
# them on a warehouse holding documents and checks their answers; here they only have to run.
_BEFORE, _, _REST = TEXT.partition("\n## Legal documents\n")
DOCUMENT_SECTION, _, _AFTER = _REST.partition("\n## ")
_SQL = re.compile(r"```sql\n(.*?)```", flags=re.DOTALL)
QUERIES = _SQL.findall(_BEFORE + "\n## " + _AFTER)
DOCUMENT_QUERIES = _SQL.findall(DOCUMENT_SECTION)


def test_docs_hold_at_least_ten_example_queries() -> None:
    assert len(QUERIES) >= 11  # the FTS example plus at least ten analyst queries


@pytest.mark.parametrize("query", QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_documented_query_runs_and_answers(demo_warehouse: Path, query: str) -> None:
    """As written, through `vnarchive sql -c` (read-only; fts and the macros loaded from the
    environment with extension downloads off, so it runs offline)."""
    result = CliRunner().invoke(app, ["sql", "--db", str(demo_warehouse), "--csv", "-c", query])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert rows, "every documented query must return something on the demo warehouse"


@pytest.mark.parametrize(
    "query", DOCUMENT_QUERIES, ids=[f"documents-q{i}" for i in range(len(DOCUMENT_QUERIES))]
)
def test_documented_document_query_runs_on_the_demo(demo_warehouse: Path, query: str) -> None:
    result = CliRunner().invoke(app, ["sql", "--db", str(demo_warehouse), "--csv", "-c", query])
    assert result.exit_code == 0, result.output


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


def test_search_phrase_and_unaccented_queries_on_the_demo(demo_warehouse: Path) -> None:
    """The issue's case: "báo cáo viên" quoted is the phrase; typed without marks it finds the
    same stories (tests/test_search.py checks every reading against a reference)."""
    with Warehouse(demo_warehouse, read_only=True) as warehouse:
        phrase = warehouse.search('"báo cáo viên"', limit=10_000)
        plain = warehouse.search('"bao cao vien"', limit=10_000)
        any_word = warehouse.search("báo cáo viên", limit=10_000, any_word=True)
        texts = dict(
            warehouse.con.execute(
                "SELECT article_id, lower(title || ' ' || body) FROM articles"
            ).fetchall()
        )
    assert phrase and all("báo cáo viên" in texts[hit[0]] for hit in phrase)
    assert {hit[0] for hit in plain} >= {hit[0] for hit in phrase}
    assert len(any_word) > len(phrase)
    scores = [hit[6] for hit in phrase]
    assert scores == sorted(scores, reverse=True)


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
