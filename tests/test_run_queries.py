"""Every per-run statement reads what concerns its run and its sources, not the archive.

A warehouse where other sources and runs dominate every content table (bulk rows inserted
directly), plus one small source ("ours") and its runs. Each statement a scheduled incremental
run executes is taken by the `read_sql` name the code uses, run under ``EXPLAIN ANALYZE`` on a
writer connection (`Warehouse`, with its settings), and its plan must read no content table by a
Sequential Scan, except the scans listed in `BOUNDED_SCANS` with the reason each is bounded (the
same list as docs/warehouse.md "Per-run queries"). Write statements run inside a transaction
that is rolled back, so every case sees the same warehouse.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from flows import resolve as resolve_flow
from warehouse.db import Warehouse, read_sql
from warehouse.tables import STAGED_TABLES, schema

# Tables that grow with the archive: a per-run statement must not scan them whole.
THEN_OF = {t.load: t.then for t in STAGED_TABLES}
CONTENT_TABLES = frozenset(
    {
        "captures",
        "page_outcomes",
        "article_copies",
        "articles",
        "attachments",
        "conference_mentions",
        "person_mentions",
        "directive_mentions",
        "directive_relation_mentions",
        "conference_edges",
        "directives",
        "directive_relations",
        "conferences",
        "conference_directives",
        "conference_participants",
        "people",
        "positions",
        "organizations",
        "organization_aliases",
    }
)

# (statement, table) → why its scan is bounded although it is a Sequential Scan in the plan.
# Kept in step with docs/warehouse.md "Per-run queries" (checked below).
BOUNDED_SCANS: dict[tuple[str, str], str] = {
    ("select_conference_mentions_near", "conference_mentions"): (
        "a range on event_day: row groups outside the new reports' days are skipped by their "
        "zone maps (ART indexes serve equality only)"
    ),
}


OTHER_SOURCES = 8
OTHER_RUNS = 400
OTHER_CAPTURES = 60_000  # 150 a run
OTHER_COPIES = 24_000
OTHER_MENTIONS = 20_000
OUR_RUNS = ("r-ours-1", "r-ours-2", "r-ours-3")  # the last one is "this run"
OUR_PAGES = 50  # URLs of our source; each run captures every one of them


def _bulk(con: duckdb.DuckDBPyConnection) -> None:
    """Other sources' history, then ours: rows inserted directly (no extraction)."""
    ts = "TIMESTAMPTZ '2026-01-01 00:00:00+00'"
    con.execute(
        "INSERT INTO sources (source_id, name, base_url, priority) "
        "SELECT 'other-' || i, 'other ' || i, 'https://other' || i || '.example', 100 "
        f"FROM range({OTHER_SOURCES}) t(i) "
        "UNION ALL SELECT 'ours', 'ours', 'https://ours.example', 10"
    )
    con.execute(
        "INSERT INTO crawl_runs (run_id, started_at, finished_at, start_urls, status, "
        "pages_fetched) "
        f"SELECT 'r-other-' || i, {ts} + to_hours(i), {ts} + to_hours(i) + to_minutes(5), "
        f"['https://other' || (i % {OTHER_SOURCES}) || '.example/'], 'completed', 150 "
        f"FROM range({OTHER_RUNS}) t(i)"
    )
    con.execute(
        "INSERT INTO crawl_runs (run_id, started_at, start_urls, status, pages_fetched) "
        "SELECT r, TIMESTAMPTZ '2026-06-01 00:00:00+00' + to_hours(n), "
        "['https://ours.example/'], CASE WHEN n < 2 THEN 'completed' ELSE 'running' END, "
        f"{OUR_PAGES} FROM (SELECT unnest($runs) AS r, generate_subscripts($runs, 1) - 1 AS n)",
        {"runs": list(OUR_RUNS)},
    )
    # Captures: other runs re-check their source's pages (4 captures a URL); ours: every URL
    # once a run.
    con.execute(
        "INSERT INTO captures (capture_id, run_id, source_id, url, status, payload_digest, "
        "warc_file, warc_offset, fetched_at, etag, record_type) "
        f"SELECT 'c-other-' || i, 'r-other-' || (i // 150), "
        f"'other-' || ((i // 150) % {OTHER_SOURCES}), "
        f"'https://other' || ((i // 150) % {OTHER_SOURCES}) || '.example/p/' || (i % 15000), "
        f"200, 'D' || i, 'w-' || (i // 150) || '.warc.gz', i * 1000, {ts} + to_seconds(i), "
        f"'e' || i, 'response' FROM range({OTHER_CAPTURES}) t(i)"
    )
    con.execute(
        "INSERT INTO captures (capture_id, run_id, source_id, url, status, payload_digest, "
        "warc_file, warc_offset, fetched_at, etag, record_type, sitemap_lastmod) "
        "SELECT 'c-' || r || '-' || p, r, 'ours', 'https://ours.example/a/' || p, "
        "CASE WHEN p % 10 = 9 THEN 404 ELSE 200 END, 'D' || p, r || '.warc.gz', p * 100, "
        "TIMESTAMPTZ '2026-06-01 00:00:00+00' + to_hours(n) + to_seconds(p), 'e' || p, "
        "'response', '2026-05-' || (1 + p % 28) "
        f"FROM (SELECT unnest($runs) AS r, generate_subscripts($runs, 1) - 1 AS n), "
        f"range({OUR_PAGES}) t(p)",
        {"runs": list(OUR_RUNS)},
    )
    con.execute(
        "INSERT INTO page_outcomes SELECT capture_id, 'article', NULL, url, fetched_at "
        "FROM captures"
    )
    # Stories and their copies: others' first captures; ours: the first run's pages 0..29.
    for where, limit in (
        ("run_id LIKE 'r-other-%'", OTHER_COPIES),
        (  # pages 0..29 (fetched p seconds into the run), the 404s excepted
            "run_id = 'r-ours-1' AND status = 200 "
            "AND fetched_at < TIMESTAMPTZ '2026-06-01 00:00:30+00'",
            30,
        ),
    ):
        first = (  # one copy a URL: its first capture
            f"FROM captures WHERE {where} "
            "QUALIFY row_number() OVER (PARTITION BY url ORDER BY capture_id) = 1 "
            f"ORDER BY capture_id LIMIT {limit}"
        )
        con.execute(
            "INSERT INTO articles (article_id, url, source_id, title, body, content_hash, "
            "copies, first_run_id, updated_at) "
            "SELECT 'A-' || capture_id, url, source_id, 'title', 'body ' || capture_id, "
            "'h-' || capture_id, 1, run_id, fetched_at " + first
        )
        con.execute(
            "INSERT INTO article_copies (url, article_id, source_id, title, body, content_hash, "
            "similarity, minhash, capture_id, first_run_id, extracted_at, published_on) "
            "SELECT url, 'A-' || capture_id, source_id, 'title', 'body ' || capture_id, "
            "'h-' || capture_id, 1.0, '\\x00'::BLOB, capture_id, run_id, fetched_at, "
            "DATE '2026-01-01' + to_days(CAST(hash(capture_id) % 300 AS INTEGER)) " + first
        )
    _mentions(con)


def _mentions(con: duckdb.DuckDBPyConnection) -> None:
    """Mentions of every story and the entities they resolved to; ours are unresolved (the
    state after this run's load)."""
    con.execute(
        "CREATE TEMP TABLE story_days AS SELECT article_id, published_on, "
        "row_number() OVER (ORDER BY article_id) - 1 AS n, source_id = 'ours' AS ours "
        "FROM article_copies"
    )
    resolved = "CASE WHEN ours THEN NULL ELSE 'rule' END"
    pending = "CASE WHEN ours THEN true END"  # `unresolved` (migration 0019)
    con.execute(
        "INSERT INTO conference_mentions (mention_id, article_id, ordinal, source_id, "
        "published_on, name, organizer, nationwide, status, directives, event_day, "
        "conference_id, link_method, unresolved) "
        "SELECT 'cm-' || n, article_id, 0, 'x', published_on, 'Hội nghị ' || (n % 500), "
        "'UBND tỉnh ' || (n % 40), false, 'held', ['12/2025/NĐ-CP'], published_on, "
        f"CASE WHEN ours THEN NULL ELSE 'conf-' || (n // 2) END, {resolved}, {pending} "
        "FROM story_days"
    )
    con.execute(
        "INSERT INTO organizations SELECT 'org-' || n, 'UBND tỉnh ' || n, 'ubnd tinh ' || n "
        "FROM range(400) t(n)"
    )
    con.execute(
        "INSERT INTO organization_aliases (alias, alias_key, organization_id, source) "
        "SELECT name, name_key, organization_id, 'curated' FROM organizations"
    )
    con.execute(
        "INSERT INTO conferences (conference_id, name, nationwide, status, reports, sites, "
        "organization_id) "
        "SELECT conference_id, 'Hội nghị', false, 'held', 2, 1, "
        "'org-' || (hash(conference_id) % 400) "
        "FROM (SELECT DISTINCT conference_id FROM conference_mentions "
        "WHERE conference_id IS NOT NULL)"
    )
    con.execute(
        "INSERT INTO conference_edges SELECT 'cm-' || n, 'cm-' || (n + 1), 5.0, 0.9 "
        "FROM story_days WHERE n % 2 = 0 AND NOT ours"
    )
    con.execute(
        "INSERT INTO person_mentions (mention_id, article_id, conference_mention_id, role, "
        "name, name_key, position, seen_on, person_id, link_method, unresolved) "
        "SELECT 'pm-' || n, article_id, 'cm-' || n, 'chair', 'Nguyễn Văn ' || (n % 3000), "
        "'nguyen van ' || (n % 3000), 'Chủ tịch', published_on, "
        f"CASE WHEN ours THEN NULL ELSE 'p-' || (n % 3000) END, {resolved}, {pending} "
        "FROM story_days"
    )
    con.execute(
        "INSERT INTO people SELECT DISTINCT person_id, 'Nguyễn Văn', name_key "
        "FROM person_mentions WHERE person_id IS NOT NULL"
    )
    con.execute(
        "INSERT INTO positions (position_id, person_id, title, organization_id, first_seen, "
        "last_seen) SELECT 'pos-' || person_id, person_id, 'Chủ tịch', "
        "'org-' || (hash(person_id) % 400), DATE '2025-01-01', DATE '2026-01-01' FROM people"
    )
    con.execute(
        "INSERT INTO directive_mentions (mention_id, article_id, ordinal, symbol, sentence, "
        "group_key, directive_id, link_method, disseminated, unresolved) "
        "SELECT 'dm-' || n, article_id, 0, (n % 4000) || '/2025/NĐ-CP', 'câu', "
        f"CASE WHEN ours THEN NULL ELSE (n % 4000) || '/2025/NĐ-CP' END, "
        f"CASE WHEN ours THEN NULL ELSE 'd-' || (n % 4000) END, {resolved}, false, {pending} "
        "FROM story_days"
    )
    con.execute(
        "INSERT INTO directives (directive_id, symbol, mentions, group_key) "
        "SELECT DISTINCT directive_id, group_key, 6, group_key FROM directive_mentions "
        "WHERE directive_id IS NOT NULL"
    )
    con.execute(
        "INSERT INTO directive_relation_mentions SELECT article_id, 'dm-' || n, 'amends', "
        "'dm-' || n FROM story_days"
    )
    con.execute(
        "INSERT INTO directive_relations SELECT DISTINCT 'd-' || (n % 4000), 'amends', "
        "'d-' || (n % 4000), article_id FROM story_days WHERE NOT ours"
    )
    con.execute(
        "INSERT INTO conference_directives SELECT DISTINCT conference_id, 'd-1' FROM conferences"
    )
    con.execute(
        "INSERT INTO conference_participants (conference_id, person_id, role) "
        "SELECT DISTINCT m.conference_id, p.person_id, 'chair' FROM person_mentions p "
        "JOIN conference_mentions m ON m.mention_id = p.conference_mention_id "
        "WHERE p.person_id IS NOT NULL"
    )
    # What this run's load and a resolve's rewrites leave for the orphan sweeps (migration
    # 0019): our stories (copies moved, relations re-extracted), our reports, and entities; a
    # few of each are orphans (a sweep that finds none looks nothing up).
    con.execute(
        "INSERT INTO articles (article_id, url, source_id, title, body, content_hash, copies, "
        "first_run_id, updated_at) VALUES ('A-merged-away', 'https://ours.example/gone', "
        "'ours', 't', 'b', 'h-gone', 0, 'r-ours-1', now())"
    )
    con.execute(
        "INSERT INTO conferences (conference_id, name, nationwide, status, reports, sites, "
        "organization_id) VALUES ('conf-gone', 'Hội nghị', false, 'held', 1, 1, 'org-gone')"
    )
    con.execute("INSERT INTO organizations VALUES ('org-gone', 'Sở cũ', 'so cu')")
    con.execute(
        "INSERT INTO organization_aliases (alias, alias_key, organization_id, source) "
        "VALUES ('Sở cũ', 'so cu', 'org-gone', 'curated')"
    )
    con.execute("INSERT INTO directives (directive_id, symbol, mentions) VALUES ('d-gone', 'x', 0)")
    con.execute("INSERT INTO people VALUES ('p-gone', 'Lê Văn', 'le van gone')")
    con.execute(
        "INSERT INTO positions (position_id, person_id, title, organization_id) "
        "VALUES ('pos-gone', 'p-gone', 'Giám đốc', 'org-gone')"
    )
    con.execute(
        "INSERT INTO conference_participants (conference_id, person_id, role) "
        "VALUES ('conf-gone', 'p-1', 'chair'), ('conf-1', 'p-gone', 'speaker')"
    )
    con.execute(
        "INSERT INTO conference_directives VALUES ('conf-gone', 'd-1'), ('conf-2', 'd-gone')"
    )
    con.execute("INSERT INTO conference_edges VALUES ('cm-gone', 'cm-1', 5.0, 0.9)")
    con.execute("INSERT INTO directive_relations VALUES ('d-1', 'amends', 'd-2', 'A-merged-away')")
    con.execute(
        "INSERT INTO orphan_candidates "
        "SELECT 'story', article_id FROM story_days WHERE ours "
        "UNION ALL SELECT 'relations', article_id FROM story_days WHERE ours "
        "UNION ALL SELECT 'report', 'cm-' || n FROM story_days WHERE ours "
        "UNION ALL SELECT 'conference', 'conf-' || n FROM range(30) t(n) "
        "UNION ALL SELECT 'directive', 'd-' || n FROM range(30) t(n) "
        "UNION ALL SELECT 'person', 'p-' || n FROM range(30) t(n) "
        "UNION ALL SELECT 'organization', 'org-' || n FROM range(30) t(n) "
        "UNION ALL VALUES ('story', 'A-merged-away'), ('relations', 'A-merged-away'), "
        "('report', 'cm-gone'), ('conference', 'conf-gone'), ('directive', 'd-gone'), "
        "('person', 'p-gone'), ('organization', 'org-gone')"
    )
    con.execute("DROP TABLE story_days")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    path = tmp_path_factory.mktemp("run_queries") / "w.duckdb"
    with Warehouse(path) as w:
        _bulk(w.con)
        w.optimize()  # statistics, as the maintenance flow keeps them
    with Warehouse(path) as w:  # a fresh writer connection, as a run opens one
        yield w


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema(name))


def _ids(column: str, values: list[str]) -> pa.Table:
    return pa.table({column: pa.array(values, pa.string())})


def _our_copies(con: duckdb.DuckDBPyConnection, new: bool = True) -> pa.Table:
    """This run's article pages: the stored ones re-seen, some changed, and (``new``) new ones
    (whose stories a load would insert first)."""
    now = datetime(2026, 6, 2, tzinfo=UTC)
    rows = []
    for p in range(40 if new else 30):
        if p % 10 == 9:
            continue  # a 404 page
        rows.append(
            {
                "url": f"https://ours.example/a/{p}",
                "article_id": f"A-c-r-ours-1-{p}" if p < 30 else f"A-new-{p}",
                "source_id": "ours",
                "title": "title",
                "body": "body",
                "content_hash": f"h-c-r-ours-1-{p}" if p % 3 else f"changed-{p}",
                "similarity": 1.0,
                "minhash": b"\x00",
                "capture_id": f"c-r-ours-3-{p}",
                "first_run_id": "r-ours-3",
                "extracted_at": now,
            }
        )
    return _table("article_copies", rows)


def _cases(w: Warehouse) -> list[tuple[str, dict[str, Any], dict[str, pa.Table]]]:
    """(statement, parameters, staged relations) of every per-run statement."""
    con = w.con
    ours_mentions = [
        r[0] for r in con.execute(read_sql("select_unresolved_conference_mentions")).fetchall()
    ]
    ours_articles = [r[0] for r in con.execute(
        "SELECT article_id FROM article_copies WHERE source_id = 'ours'").fetchall()]  # fmt: skip
    names = [f"nguyen van {n}" for n in range(20)]
    people = [f"p-{n}" for n in range(20)]
    conferences = [f"conf-{n}" for n in range(30)]
    groups = [f"{n}/2025/NĐ-CP" for n in range(30)]
    run, source = OUR_RUNS[-1], "ours"
    return [
        # -- frontier: the known-pages file, recovery of interrupted runs
        ("select_known_pages", {"sources": [source]}, {}),
        ("select_recoverable_runs", {"run_id": run}, {}),
        ("select_run_captures", {"run_id": OUR_RUNS[0]}, {}),
        ("select_run_locations", {"run_id": OUR_RUNS[0]}, {}),
        # -- run registration and reports
        ("select_run_exists", {"run_id": run}, {}),
        ("select_previous_pages", {"start_urls": ["https://ours.example/"]}, {}),
        ("select_copy_changes", {}, {"staged_article_copies": _our_copies(con)}),
        ("select_recent_new_pages", {"source": source, "run": run, "k": 5}, {}),
        (
            "update_run_verdict",
            {"run_id": run, "status": "degraded", "message": "m"},
            {},
        ),
        # -- resolution reads (flows/resolve.py)
        ("select_resolution_state", {}, {}),
        ("select_directives_of_groups", {}, {"staged_groups": _ids("group_key", groups)}),
        (
            "select_directive_mentions_of_groups",
            {},
            {"staged_groups": _ids("group_key", groups)},
        ),
        (
            "select_conference_mentions_by_id",
            {},
            {"staged_ids": _ids("mention_id", ours_mentions)},
        ),
        (
            "select_conference_mentions_near",
            {
                "first": datetime(2026, 3, 1).date(),
                "last": datetime(2026, 3, 3).date(),
                "longest": datetime(2026, 1, 29).date(),
                "preview_lead": 14,
            },
            {},
        ),
        ("select_edges_touching", {}, {"staged_ids": _ids("mention_id", ours_mentions)}),
        ("select_people_of_names", {}, {"staged_names": _ids("name_key", names)}),
        ("select_positions_of_people", {}, {"staged_people": _ids("person_id", people)}),
        ("select_organizations_of_names", {}, {"staged_names": _ids("name_key", names)}),
        ("select_person_mentions_of_names", {}, {"staged_names": _ids("name_key", names)}),
        (
            "select_conference_people",
            {},
            {"staged_conferences": _ids("conference_id", conferences)},
        ),
        (
            "select_conference_organizers",
            {},
            {"staged_conferences": _ids("conference_id", conferences)},
        ),
        (
            "select_conferences_of_articles",
            {},
            {"staged_articles": _ids("article_id", ours_articles)},
        ),
    ]


def _write_cases(w: Warehouse) -> list[tuple[str, dict[str, Any], dict[str, pa.Table]]]:
    """The load's and the resolve step's statements that touch stored rows."""
    now = datetime(2026, 6, 2, tzinfo=UTC)
    ours_articles = [r[0] for r in w.con.execute(
        "SELECT article_id FROM article_copies WHERE source_id = 'ours'").fetchall()]  # fmt: skip
    captures = [
        {"capture_id": f"c-new-{p}", "run_id": OUR_RUNS[-1], "source_id": "ours",
         "url": f"https://ours.example/a/{p}", "status": 200, "fetched_at": now}
        for p in range(60)
    ]  # fmt: skip
    outcomes = [
        {"capture_id": f"c-r-ours-3-{p}", "outcome": "article", "decided_at": now}
        for p in range(OUR_PAGES)
    ]
    canonical = pa.table(
        {
            "article_id": ours_articles[:20],
            "url": [f"https://ours.example/a/{p}" for p in range(20)],
            "updated_at": pa.array([now] * 20, pa.timestamp("us", tz="UTC")),
        }
    )
    similarity = pa.table(
        {"url": [f"https://ours.example/a/{p}" for p in range(20)], "similarity": [0.9] * 20}
    )
    # Stories resolved before (others'), so that what was resolved with them is found: a
    # re-extraction and a merge of unresolved stories only would look up nothing.
    resolved = [r[0] for r in w.con.execute(
        "SELECT article_id FROM article_copies WHERE source_id = 'other-1' "
        "ORDER BY article_id LIMIT 10").fetchall()]  # fmt: skip
    # Merged stories whose reports' partners (cm-2k and cm-2k+1 share a conference) stay.
    story_of = dict(w.con.execute(
        "SELECT mention_id, article_id FROM conference_mentions "
        "WHERE mention_id IN ('cm-100', 'cm-103', 'cm-106')").fetchall())  # fmt: skip
    merges = pa.table(
        {
            "old_article_id": [ours_articles[0], story_of["cm-100"]],
            "new_article_id": [story_of["cm-103"], story_of["cm-106"]],
            "canonical_url": ["https://ours.example/a/0", None],
        }
    )
    touched = {"staged_touched_articles": _ids("article_id", ours_articles + resolved)}
    return [
        ("insert_captures", {}, {"staged_captures": _table("captures", captures)}),
        (
            "upsert_article_copies",
            {},
            {"staged_article_copies": _our_copies(w.con, new=False)},
        ),
        ("update_copy_similarity", {}, {"staged_copy_similarity": similarity}),
        ("refresh_articles", {}, {"staged_canonical": canonical}),
        ("replace_article_entities", {}, touched),
        ("merge_stories", {}, {"staged_story_merges": merges}),
        ("upsert_page_outcomes", {}, {"staged_page_outcomes": _table("page_outcomes", outcomes)}),
        ("delete_orphan_articles", {}, {}),
        ("select_unresolved_directive_mentions", {}, {}),
        ("select_unresolved_conference_mentions", {}, {}),
        ("select_unresolved_person_mentions", {}, {}),
        (
            "replace_directive_relations",
            {},
            {"staged_articles": _ids("article_id", ours_articles + resolved)},
        ),
        (
            "replace_conference_directives",
            {},
            {"staged_conferences": _ids("conference_id", [f"conf-{n}" for n in range(30)])},
        ),
        ("delete_orphan_entities", {}, {}),
    ]


def _rows(rows: list[dict[str, Any]], schema_: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema_)


def _resolve_write_cases(w: Warehouse) -> list[tuple[str, dict[str, Any], dict[str, pa.Table]]]:
    """The resolve step's rewrites (flows/resolve.py) and the load's mention inserts, with the
    staged rows they get: re-linked reports, people and citations of others' resolved stories
    (their old links to look up) and our new ones."""
    con = w.con
    ours = {
        table: [r[0] for r in con.execute(
            f"SELECT mention_id FROM {table} WHERE unresolved = true ORDER BY 1").fetchall()]
        for table in ("conference_mentions", "person_mentions", "directive_mentions")
    }  # fmt: skip
    reports = [f"cm-{n}" for n in range(100, 120)] + ours["conference_mentions"]
    people = [f"pm-{n}" for n in range(100, 120)] + ours["person_mentions"]
    citations = [f"dm-{n}" for n in range(100, 120)] + ours["directive_mentions"]
    group = "7/2025/NĐ-CP"
    r = resolve_flow
    conference_links = _rows(
        [
            {"mention_id": m, "conference_id": f"conf-{50 + i // 2}", "link_method": "splink",
             "link_confidence": 0.9}
            for i, m in enumerate(reports)
        ],
        r._CONFERENCE_LINK_SCHEMA,
    )  # fmt: skip
    conferences = _rows(
        [
            {"conference_id": f"conf-{50 + i}", "name": "Hội nghị", "nationwide": False,
             "status": "held", "reports": 2, "sites": 1, "organization_id": "org-3"}
            for i in range(len(reports) // 2 + 1)
        ],
        r._CONFERENCE_SCHEMA,
    )  # fmt: skip
    person_links = _rows(
        [{"mention_id": m, "person_id": "p-5", "link_method": "rule", "link_confidence": 1.0}
         for m in people],
        r._PERSON_LINK_SCHEMA,
    )  # fmt: skip
    positions = _rows(
        [{"position_id": "pos-p-5", "person_id": "p-5", "title": "Chủ tịch",
          "organization_id": "org-1", "first_seen": date(2025, 1, 1),
          "last_seen": date(2026, 1, 1)}],
        r._POSITION_SCHEMA,
    )  # fmt: skip
    directive_links = _rows(
        [{"mention_id": m, "directive_id": "d-7", "link_method": "rule", "link_confidence": 1.0,
          "candidates": 1} for m in citations],
        r._DIRECTIVE_LINK_SCHEMA,
    )  # fmt: skip
    our_article = con.execute(
        "SELECT article_id FROM article_copies WHERE source_id = 'ours' ORDER BY 1 LIMIT 1"
    ).fetchone()[0]  # type: ignore[index]
    relations = _table(
        "directive_relation_mentions",
        [{"article_id": our_article, "from_mention_id": ours["directive_mentions"][0],
          "relation": "amends", "to_mention_id": ours["directive_mentions"][1]}],
    )  # fmt: skip
    stored_mentions = {  # a reload of stored rows (ours and others') under their ids
        table: con.execute(
            f"SELECT * FROM {table} WHERE mention_id IN "
            f"(SELECT unnest($ids))", {"ids": ids}
        ).fetch_arrow_table()
        for table, ids in (
            ("conference_mentions", reports), ("person_mentions", people),
            ("directive_mentions", citations),
        )
    }  # fmt: skip
    return [
        (
            "replace_conference_edges",
            {},
            {
                "staged_scored": _ids("mention_id", reports),
                "staged_conference_edges": _rows(
                    [
                        {
                            "left_mention_id": reports[-1],
                            "right_mention_id": "cm-100",
                            "match_weight": 1.0,
                            "match_probability": 0.9,
                        }
                    ],
                    r._EDGE_SCHEMA,
                ),
            },
        ),
        (
            "replace_conference_entities",
            {},
            {
                "staged_conference_links": conference_links,
                "staged_conference_entities": conferences,
                "staged_changed_conferences": _ids("conference_id", ["conf-50", "conf-51"]),
            },
        ),
        (
            "replace_conference_participants",
            {},
            {
                "staged_conferences": _ids("conference_id", ["conf-50"]),
                "staged_conference_participants": _rows(
                    [{"conference_id": "conf-50", "person_id": "p-5", "role": "chair"}],
                    r._PARTICIPANT_SCHEMA,
                ),
            },
        ),
        (
            "link_people",
            {},
            {"staged_person_links": person_links, "staged_positions": positions},
        ),
        (
            "replace_people",
            {},
            {
                "staged_person_links": person_links,
                "staged_people": _rows(
                    [{"person_id": "p-5", "name": "Nguyễn Văn", "name_key": "nguyen van 5"}],
                    r._PEOPLE_SCHEMA,
                ),
                "staged_positions": positions,
            },
        ),
        (
            "update_directive_group_keys",
            {},
            {
                "staged_group_keys": pa.table(
                    {"mention_id": citations, "group_key": [group] * len(citations)}
                )
            },
        ),
        (
            "replace_directive_entities",
            {},
            {
                "staged_directive_links": directive_links,
                "staged_directive_entities": _rows(
                    [{"directive_id": "d-7", "group_key": group, "symbol": group, "mentions": 7}],
                    r._DIRECTIVE_SCHEMA,
                ),
                "staged_whole_groups": _ids("group_key", [group]),
            },
        ),
        (
            "upsert_resolved_organizations",
            {},
            {
                "staged_organizations": _rows(
                    [
                        {
                            "organization_id": "org-1",
                            "name": "UBND tỉnh 1",
                            "name_key": "ubnd tinh 1",
                        }
                    ],
                    r._ORGANIZATION_SCHEMA,
                ),
                "staged_organization_aliases": _rows(
                    [
                        {
                            "alias": "UBND 1",
                            "alias_key": "ubnd 1",
                            "organization_id": "org-1",
                            "source": "mention",
                        }
                    ],
                    r._ALIAS_SCHEMA,
                ),
            },
        ),
        (
            "insert_directive_relation_mentions",
            {},
            {"staged_directive_relation_mentions": relations},
        ),
        (
            "insert_conference_mentions",
            {},
            {"staged_conference_mentions": stored_mentions["conference_mentions"]},
        ),
        (
            "insert_person_mentions",
            {},
            {"staged_person_mentions": stored_mentions["person_mentions"]},
        ),
        (
            "insert_directive_mentions",
            {},
            {"staged_directive_mentions": stored_mentions["directive_mentions"]},
        ),
    ]


def _scans(plan: dict[str, Any]) -> Iterator[tuple[str, str, int]]:
    """(table, scan type, rows out) of every table scan in an EXPLAIN (ANALYZE, FORMAT JSON)."""
    if plan.get("operator_type") == "TABLE_SCAN" and "Table" in plan.get("extra_info", {}):
        info = plan["extra_info"]
        yield info["Table"], info.get("Type", ""), plan.get("operator_cardinality", 0)
    for child in plan.get("children", []):
        yield from _scans(child)


def explain(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]
) -> list[tuple[str, str, int]]:
    """Table scans of each statement of `sql`, run under EXPLAIN ANALYZE in a rolled-back
    transaction (write statements change nothing)."""
    found: list[tuple[str, str, int]] = []
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in con.extract_statements(sql):
            text = statement.query
            used = {k: v for k, v in params.items() if f"${k}" in text}
            rows = con.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + text, used).fetchall()
            found.extend(_scans(json.loads(rows[0][1])))
    finally:
        con.execute("ROLLBACK")
    return found


def full_scans(w: Warehouse, name: str, params: dict, staged: dict) -> set[str]:
    """Content tables statement `name` reads by a Sequential Scan."""
    for relation, table in staged.items():
        w.con.register(relation, table)
    # A load statement runs with its continuations (warehouse/tables.py `then`), as the load does.
    sql = "\n".join(read_sql(n) for n in (name, *THEN_OF.get(name, ())))
    try:
        scans = explain(w.con, sql, params)
    finally:
        for relation in staged:
            w.con.unregister(relation)
    return {t for t, kind, _ in scans if t in CONTENT_TABLES and kind != "Index Scan"}


def test_the_warehouse_is_dominated_by_other_sources(warehouse: Warehouse) -> None:
    ours, total = warehouse.con.execute(
        "SELECT count(*) FILTER (WHERE source_id = 'ours'), count(*) FROM captures"
    ).fetchone()  # type: ignore[misc]
    assert ours == len(OUR_RUNS) * OUR_PAGES and total > 300 * ours


@pytest.mark.parametrize(
    "index", range(22), ids=lambda i: f"case{i}"
)  # one test per statement of _cases (ids named in the failure message)
def test_per_run_statement_reads_no_content_table_whole(warehouse: Warehouse, index: int) -> None:
    cases = _cases(warehouse)
    assert len(cases) == 22
    name, params, staged = cases[index]
    scanned = full_scans(warehouse, name, params, staged)
    unexplained = {t for t in scanned if (name, t) not in BOUNDED_SCANS}
    assert not unexplained, f"{name} scans {sorted(unexplained)} whole"


@pytest.mark.parametrize("index", range(14), ids=lambda i: f"write{i}")
def test_write_statement_scans(warehouse: Warehouse, index: int) -> None:
    cases = _write_cases(warehouse)
    assert len(cases) == 14
    name, params, staged = cases[index]
    scanned = full_scans(warehouse, name, params, staged)
    unexplained = {t for t in scanned if (name, t) not in BOUNDED_SCANS}
    assert not unexplained, f"{name} scans {sorted(unexplained)} whole"


@pytest.mark.parametrize("index", range(12), ids=lambda i: f"resolve{i}")
def test_resolve_write_statement_scans(warehouse: Warehouse, index: int) -> None:
    cases = _resolve_write_cases(warehouse)
    assert len(cases) == 12
    name, params, staged = cases[index]
    scanned = full_scans(warehouse, name, params, staged)
    unexplained = {t for t in scanned if (name, t) not in BOUNDED_SCANS}
    assert not unexplained, f"{name} scans {sorted(unexplained)} whole"


def test_bounded_scans_are_documented() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "warehouse.md").read_text(encoding="utf-8")
    section = doc.split("## Per-run queries", 1)[1].split("\n## ", 1)[0]
    for name, table in BOUNDED_SCANS:
        assert name in section and table in section


def test_known_pages_are_those_of_the_run_sources(warehouse: Warehouse) -> None:
    rows = warehouse.known_pages(["ours"])
    assert len(rows) == OUR_PAGES
    assert all(r["url"].startswith("https://ours.example/") for r in rows)
    by_url = {r["url"]: r for r in rows}
    # Pages 0..29 became stories in the first run; a 404 page is known but not ok.
    assert by_url["https://ours.example/a/0"]["is_article"]
    assert not by_url["https://ours.example/a/30"]["is_article"]
    assert not by_url["https://ours.example/a/9"]["ok"]
    assert by_url["https://ours.example/a/1"]["fetched_at"].month == 6
    other = warehouse.known_pages(["other-1"])
    (urls,) = warehouse.con.execute(
        "SELECT count(DISTINCT url) FROM captures WHERE source_id = 'other-1'"
    ).fetchone()  # type: ignore[misc]
    assert len(other) == urls > 0 and not {r["url"] for r in other} & set(by_url)


# The whole-table sweeps the candidate sweeps replaced (delete_orphan_*.sql before migration
# 0019), for the comparison below. In their order but for conference_directives, now swept
# after directives as the bounded sweep does (before, a link to a document the same sweep
# deleted was left to the next sweep).
WHOLE_TABLE_SWEEP = """
DELETE FROM articles WHERE article_id NOT IN (SELECT DISTINCT article_id FROM article_copies);
DELETE FROM conferences WHERE conference_id NOT IN (
    SELECT conference_id FROM conference_mentions WHERE conference_id IS NOT NULL);
DELETE FROM conference_participants
WHERE conference_id NOT IN (SELECT conference_id FROM conferences);
DELETE FROM conference_edges
WHERE left_mention_id NOT IN (SELECT mention_id FROM conference_mentions)
   OR right_mention_id NOT IN (SELECT mention_id FROM conference_mentions);
DELETE FROM directives WHERE directive_id NOT IN (
    SELECT directive_id FROM directive_mentions WHERE directive_id IS NOT NULL);
DELETE FROM conference_directives
WHERE conference_id NOT IN (SELECT conference_id FROM conferences)
   OR directive_id NOT IN (SELECT directive_id FROM directives);
DELETE FROM directive_relations
WHERE article_id NOT IN (SELECT article_id FROM directive_relation_mentions);
DELETE FROM people WHERE person_id NOT IN (
    SELECT person_id FROM person_mentions WHERE person_id IS NOT NULL);
DELETE FROM positions WHERE person_id NOT IN (SELECT person_id FROM people);
DELETE FROM conference_participants WHERE person_id NOT IN (SELECT person_id FROM people);
DELETE FROM organizations WHERE organization_id NOT IN (
    SELECT organization_id FROM conferences WHERE organization_id IS NOT NULL
    UNION SELECT organization_id FROM positions WHERE organization_id IS NOT NULL);
DELETE FROM organization_aliases
WHERE organization_id NOT IN (SELECT organization_id FROM organizations);
"""
SWEPT = (
    "articles",
    "conferences",
    "conference_participants",
    "conference_edges",
    "directives",
    "conference_directives",
    "directive_relations",
    "people",
    "positions",
    "organizations",
    "organization_aliases",
)


def _after(w: Warehouse, sql: str) -> dict[str, set[tuple]]:
    """Every swept table's rows after `sql`, in a rolled-back transaction."""
    w.con.execute("BEGIN TRANSACTION")
    try:
        w.con.execute(sql)
        return {t: set(w.con.execute(f"SELECT * FROM {t}").fetchall()) for t in SWEPT}
    finally:
        w.con.execute("ROLLBACK")


def test_candidate_sweeps_delete_what_the_whole_table_sweep_deletes(warehouse: Warehouse) -> None:
    """The fixture's candidates cover its orphans (as the loads and resolves that made them
    record them): the bounded sweeps leave exactly what the whole-table anti-joins leave."""
    before = _after(warehouse, "SELECT 1")
    bounded = _after(
        warehouse, read_sql("delete_orphan_articles") + read_sql("delete_orphan_entities")
    )
    assert bounded == _after(warehouse, WHOLE_TABLE_SWEEP)
    gone = {t: before[t] - bounded[t] for t in SWEPT}
    assert {r[0] for r in gone["articles"]} == {"A-merged-away"}
    assert {r[0] for r in gone["conferences"]} == {"conf-gone"}
    assert {r[0] for r in gone["directives"]} == {"d-gone"}
    assert {r[0] for r in gone["people"]} == {"p-gone"}
    assert {r[0] for r in gone["organizations"]} == {"org-gone"}
    assert len(gone["conference_participants"]) == 2 and len(gone["conference_directives"]) == 2
    for table in ("conference_edges", "directive_relations", "positions", "organization_aliases"):
        assert len(gone[table]) == 1, table
