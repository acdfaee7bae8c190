"""The analyst surface over a real demo warehouse: every documented query, views, FTS, export."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
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


def test_export_writes_every_table_to_parquet(demo_warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(demo_warehouse.read_bytes())
    with Warehouse(copy) as warehouse:
        written = warehouse.export_parquet(tmp_path / "parquet")
        counts = {t: warehouse.count(t) for t in written}
    for table in ("articles", "article_copies", "captures", "directives", "conferences"):
        assert table in written
    for table, path in written.items():
        assert pq.read_metadata(path).num_rows == counts[table], table
