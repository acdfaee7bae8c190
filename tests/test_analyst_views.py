"""Every analyst view reconciles with its base tables on a real demo warehouse.

Each check is a pair of queries: what the view says, and the same figures computed from the base
tables another way (correlated subqueries or plain counts, never the view's own joins). The rows
of one that are not in the other are the mismatches; a view without a check fails
`test_every_view_has_a_reconciliation`. `test_the_checks_catch_the_old_site_activity_fan_out`
puts migration 0003's v_site_activity back into a copy of the warehouse and shows the check
failing on it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse.db import apply_migrations

MIGRATIONS = Path(__file__).resolve().parents[1] / "warehouse" / "migrations"

# view → (the view's figures, the same figures from the base tables). Both sides return the same
# columns; rows compare as tuples.
CHECKS: dict[str, tuple[str, str]] = {
    "v_site_activity": (
        """SELECT source_id, month, pages, stories, stories_first_published_here,
                  conferences_reported, directives_cited
           FROM v_site_activity""",
        """WITH months AS (
               SELECT DISTINCT source_id, date_trunc('month', published_on)::DATE AS month
               FROM article_copies WHERE published_on IS NOT NULL
           )
           SELECT m.source_id, m.month,
               (SELECT count(*) FROM article_copies c
                 WHERE c.source_id = m.source_id
                   AND date_trunc('month', c.published_on) = m.month),
               (SELECT count(DISTINCT c.article_id) FROM article_copies c
                 WHERE c.source_id = m.source_id
                   AND date_trunc('month', c.published_on) = m.month),
               (SELECT count(*) FROM articles a
                 WHERE a.url IN (SELECT c.url FROM article_copies c
                                  WHERE c.source_id = m.source_id
                                    AND date_trunc('month', c.published_on) = m.month)),
               (SELECT count(DISTINCT cm.conference_id) FROM conference_mentions cm
                 WHERE cm.article_id IN (SELECT c.article_id FROM article_copies c
                                          WHERE c.source_id = m.source_id
                                            AND date_trunc('month', c.published_on) = m.month)),
               (SELECT count(DISTINCT dm.directive_id) FROM directive_mentions dm
                 WHERE dm.article_id IN (SELECT c.article_id FROM article_copies c
                                          WHERE c.source_id = m.source_id
                                            AND date_trunc('month', c.published_on) = m.month))
           FROM months m""",
    ),
    "v_articles": (
        "SELECT article_id, url, copies, body_chars, site FROM v_articles",
        """SELECT a.article_id, a.url,
               (SELECT count(*) FROM article_copies c WHERE c.article_id = a.article_id),
               length(a.body),
               (SELECT s.name FROM sources s WHERE s.source_id = a.source_id)
           FROM articles a""",
    ),
    "conference_articles": (
        "SELECT conference_id, article_id FROM conference_articles",
        """SELECT DISTINCT conference_id, article_id FROM conference_mentions
           WHERE conference_id IS NOT NULL""",
    ),
    "v_directive_citations": (
        "SELECT directive_id, symbol, articles, sites, first_cited, last_cited "
        "FROM v_directive_citations",
        """SELECT d.directive_id, d.symbol,
               (SELECT count(DISTINCT m.article_id) FROM directive_mentions m
                 WHERE m.directive_id = d.directive_id),
               (SELECT count(DISTINCT c.source_id) FROM article_copies c
                 WHERE c.article_id IN (SELECT m.article_id FROM directive_mentions m
                                         WHERE m.directive_id = d.directive_id)),
               (SELECT min(a.published_on) FROM articles a
                 WHERE a.article_id IN (SELECT m.article_id FROM directive_mentions m
                                         WHERE m.directive_id = d.directive_id)),
               (SELECT max(a.published_on) FROM articles a
                 WHERE a.article_id IN (SELECT m.article_id FROM directive_mentions m
                                         WHERE m.directive_id = d.directive_id))
           FROM directives d
           WHERE d.directive_id IN (SELECT directive_id FROM directive_mentions)""",
    ),
    "v_ambiguous_citations": (
        "SELECT symbol, group_key, articles, candidates FROM v_ambiguous_citations",
        """SELECT symbol, group_key, count(DISTINCT article_id), max(candidates)
           FROM directive_mentions
           WHERE directive_id IS NULL AND link_method IS NOT NULL
           GROUP BY symbol, group_key""",
    ),
    "v_directive_statements": (
        "SELECT directive_id, field, value, stories FROM v_directive_statements",
        """WITH stated AS (
               SELECT directive_id, article_id, 'issuer' AS field, issuer_stated AS value
                 FROM directive_mentions
               UNION ALL SELECT directive_id, article_id, 'subject', subject
                 FROM directive_mentions
               UNION ALL SELECT directive_id, article_id, 'issued_on', issued_on::VARCHAR
                 FROM directive_mentions
               UNION ALL SELECT directive_id, article_id, 'locality', locality
                 FROM directive_mentions
           )
           SELECT directive_id, field, value, count(DISTINCT article_id)
           FROM stated
           WHERE value IS NOT NULL
             AND directive_id IN (SELECT directive_id FROM directives)
           GROUP BY ALL""",
    ),
    "v_conference_calendar": (
        "SELECT conference_id, articles, reports, sites, sources FROM v_conference_calendar",
        """SELECT c.conference_id,
               (SELECT count(DISTINCT m.article_id) FROM conference_mentions m
                 WHERE m.conference_id = c.conference_id),
               (SELECT count(*) FROM conference_mentions m
                 WHERE m.conference_id = c.conference_id),
               (SELECT count(DISTINCT m.source_id) FROM conference_mentions m
                 WHERE m.conference_id = c.conference_id),
               (SELECT string_agg(DISTINCT s.name, '; ' ORDER BY s.name) FROM sources s
                 WHERE s.source_id IN (
                     SELECT ac.source_id FROM article_copies ac
                      WHERE ac.article_id IN (SELECT m.article_id FROM conference_mentions m
                                               WHERE m.conference_id = c.conference_id)))
           FROM conferences c""",
    ),
    "v_conference_reports": (
        "SELECT mention_id, conference_id, article_id, conference_name FROM v_conference_reports",
        """SELECT m.mention_id, m.conference_id, m.article_id,
               (SELECT c.name FROM conferences c WHERE c.conference_id = m.conference_id)
           FROM conference_mentions m""",
    ),
    "v_people_roles": (
        "SELECT person_id, conferences_chaired, bridge_points_chaired, conferences_spoken "
        "FROM v_people_roles",
        """SELECT p.person_id,
               (SELECT count(DISTINCT conference_id) FROM conference_participants cp
                 WHERE cp.person_id = p.person_id AND cp.role = 'chair'),
               (SELECT count(DISTINCT conference_id) FROM conference_participants cp
                 WHERE cp.person_id = p.person_id AND cp.role = 'bridge_chair'),
               (SELECT count(DISTINCT conference_id) FROM conference_participants cp
                 WHERE cp.person_id = p.person_id AND cp.role = 'speaker')
           FROM people p
           WHERE p.person_id IN (SELECT person_id FROM conference_participants)""",
    ),
    "v_fetch_errors": (
        "SELECT run_id, source_id, sum(fetches) FROM v_fetch_errors GROUP BY ALL",
        """SELECT run_id, source_id, count(*) FROM captures
           WHERE error IS NOT NULL OR status >= 400 GROUP BY ALL""",
    ),
    "v_page_outcomes": (
        "SELECT capture_id, outcome, article_id FROM v_page_outcomes",
        """SELECT k.capture_id,
               coalesce((SELECT o.outcome FROM page_outcomes o
                          WHERE o.capture_id = k.capture_id), 'unrecorded'),
               (SELECT c.article_id FROM article_copies c
                 WHERE c.url = (SELECT o.copy_url FROM page_outcomes o
                                 WHERE o.capture_id = k.capture_id))
           FROM captures k""",
    ),
    # -- the documents layer (migration 0020); tests/test_documents_warehouse.py checks these
    # views' exact values on a warehouse holding documents.
    "v_directive_documents": (
        "SELECT directive_id, document_id FROM v_directive_documents",
        """SELECT d.directive_id,
               coalesce(
                   (SELECT x.document_id FROM documents x WHERE x.document_id = d.directive_id),
                   (SELECT min(x.document_id) FROM documents x
                     WHERE x.symbol = d.symbol
                       AND (d.year IS NULL OR year(x.issued_on) = d.year)
                       AND (d.locality IS NULL OR contains(lower(x.issuer), lower(d.locality)))
                    HAVING count(*) = 1))
           FROM directives d
           WHERE d.directive_id IN (SELECT document_id FROM documents)
              OR (SELECT count(*) FROM documents x
                   WHERE x.symbol = d.symbol
                     AND (d.year IS NULL OR year(x.issued_on) = d.year)
                     AND (d.locality IS NULL
                          OR contains(lower(x.issuer), lower(d.locality)))) = 1""",
    ),
    "directives_official": (
        "SELECT directive_id, doc_type, issuer_name, issued_on, validity FROM directives_official",
        """SELECT d.directive_id,
               coalesce((SELECT x.doc_type FROM documents x WHERE x.document_id = l.document_id),
                        d.doc_type),
               coalesce((SELECT x.issuer FROM documents x WHERE x.document_id = l.document_id),
                        d.issuer_name),
               coalesce((SELECT x.issued_on FROM documents x
                          WHERE x.document_id = l.document_id), d.issued_on),
               (SELECT x.validity FROM documents x WHERE x.document_id = l.document_id)
           FROM directives d
           LEFT JOIN v_directive_documents l USING (directive_id)""",
    ),
    "v_documents_cited_at_conferences": (
        "SELECT document_id, conferences, versions FROM v_documents_cited_at_conferences",
        """SELECT x.document_id,
               (SELECT count(DISTINCT cd.conference_id) FROM conference_directives cd
                 WHERE cd.directive_id IN (SELECT l.directive_id FROM v_directive_documents l
                                            WHERE l.document_id = x.document_id)),
               (SELECT count(*) FROM document_versions v WHERE v.document_id = x.document_id)
           FROM documents x
           WHERE x.document_id IN (
               SELECT l.document_id FROM v_directive_documents l
               WHERE l.directive_id IN (SELECT directive_id FROM conference_directives))""",
    ),
    "v_amendment_chains": (
        "SELECT document_id, acts_on_document_id FROM v_amendment_chains WHERE depth = 1",
        """SELECT DISTINCT later, earlier FROM (
               SELECT document_id AS later, target_document_id AS earlier
               FROM document_relations WHERE kind IN ('thay thế', 'sửa đổi, bổ sung')
               UNION ALL
               SELECT target_document_id, document_id
               FROM document_relations WHERE kind IN ('bị thay thế', 'bị sửa đổi, bổ sung'))
           WHERE earlier IS NOT NULL AND later <> earlier""",
    ),
    "v_documents_per_body_year": (
        "SELECT issuer, year, documents, in_force FROM v_documents_per_body_year",
        """SELECT k.issuer, k.year,
               (SELECT count(*) FROM documents x
                 WHERE x.issuer IS NOT DISTINCT FROM k.issuer
                   AND year(x.issued_on) IS NOT DISTINCT FROM k.year),
               (SELECT count(*) FROM documents x
                 WHERE x.issuer IS NOT DISTINCT FROM k.issuer
                   AND year(x.issued_on) IS NOT DISTINCT FROM k.year
                   AND x.validity = 'còn hiệu lực')
           FROM (SELECT DISTINCT issuer, year(issued_on) AS year FROM documents) k""",
    ),
}


# Views the small demo corpus leaves empty (its citations all resolve to one document); their
# checks still run, on both sides empty. The demo archives no legal document yet (its document
# site family is issue 14's demo item): the documents views are empty there.
MAY_BE_EMPTY = {
    "v_ambiguous_citations",
    "v_directive_documents",
    "v_documents_cited_at_conferences",
    "v_amendment_chains",
    "v_documents_per_body_year",
}


def mismatches(con: duckdb.DuckDBPyConnection, view: str) -> tuple[list[tuple], list[tuple]]:
    """(rows only the view has, rows only the base tables have), as multisets."""
    from collections import Counter

    said, computed = CHECKS[view]
    view_rows = Counter(con.execute(said).fetchall())
    base_rows = Counter(con.execute(computed).fetchall())
    return sorted((view_rows - base_rows).elements(), key=repr), sorted(
        (base_rows - view_rows).elements(), key=repr
    )


def _views(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
    ).fetchall()
    return {name for (name,) in rows}


def test_every_view_has_a_reconciliation(demo_warehouse: Path) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        assert _views(con) == set(CHECKS)


@pytest.mark.parametrize("view", sorted(CHECKS))
def test_view_reconciles_with_its_base_tables(demo_warehouse: Path, view: str) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        rows = con.execute(CHECKS[view][0]).fetchall()
        only_view, only_base = mismatches(con, view)
    assert rows or view in MAY_BE_EMPTY, f"{view} is empty on the demo: nothing reconciled"
    assert only_view == [] and only_base == [], (only_view[:5], only_base[:5])


def test_site_activity_totals_equal_the_pages(demo_warehouse: Path) -> None:
    """The figures an analyst adds up: pages and first publications sum to the base tables."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        pages, first = con.execute(
            "SELECT sum(pages), sum(stories_first_published_here) FROM v_site_activity"
        ).fetchone()
        dated_copies = con.execute(
            "SELECT count(*) FROM article_copies WHERE published_on IS NOT NULL"
        ).fetchone()[0]
        dated_stories = con.execute(
            "SELECT count(*) FROM articles a JOIN article_copies c ON c.url = a.url "
            "WHERE c.published_on IS NOT NULL"
        ).fetchone()[0]
        busiest = con.execute("SELECT max(pages) FROM v_site_activity").fetchone()[0]
    assert pages == dated_copies
    assert first == dated_stories
    assert busiest >= 2  # a month with several pages: a fan-out would show


def _old_view(name: str, migration: str) -> str:
    """The CREATE VIEW statement of `name` as `migration` wrote it."""
    text = (MIGRATIONS / migration).read_text(encoding="utf-8")
    found = re.search(rf"CREATE VIEW {name} AS\n.*?;\n", text, flags=re.DOTALL)
    assert found, f"no CREATE VIEW {name} in {migration}"
    return found[0].replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1)


def test_the_checks_catch_the_old_site_activity_fan_out(demo_warehouse: Path, tmp_path: Path):
    """Migration 0003's view joined each page to every report and citation of its story before
    count(*): the reconciliation must fail on it (it would have caught the fan-out)."""
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    with duckdb.connect(str(db)) as con:
        con.execute(_old_view("v_site_activity", "0003_analyst_views.sql"))
        only_view, only_base = mismatches(con, "v_site_activity")
        pages = con.execute("SELECT sum(pages) FROM v_site_activity").fetchone()[0]
        dated = con.execute(
            "SELECT count(*) FROM article_copies WHERE published_on IS NOT NULL"
        ).fetchone()[0]
    assert only_view and only_base
    assert pages > dated  # the fan-out: more pages than there are


def test_a_fresh_warehouse_has_every_view_column_commented(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        apply_migrations(con)
        views = _views(con)
        bare_views = con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL"
        ).fetchall()
        bare_columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE comment IS NULL AND table_name IN "
            "(SELECT view_name FROM duckdb_views() WHERE NOT internal)"
        ).fetchall()
    assert views == set(CHECKS)
    assert bare_views == []
    assert bare_columns == []
