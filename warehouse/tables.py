"""The load contract: every staged table of a load, declared once (dbt's schema.yml, in Python).

A load is a `LoadBatch` of Arrow tables. While the loader runs a table's statement
(`warehouse/sql/<load>.sql`) the table is registered as the relation `staged_<name>`; statements
run in declaration order (parents before children), in one transaction. Everything else is
derived from `STAGED_TABLES`: the `LoadBatch` fields, the load order (`LOAD_STEPS`), the
statements run after the commit, the content tables counted in run reports, and the Arrow schema
flows/rows.py builds rows with (`schema(name)`).

Adding a table: a migration (warehouse/migrations/NNNN_*.sql), its load statement in
warehouse/sql/, and one `StagedTable` below. tests/test_table_contract.py checks each declared
schema against the migrated table's columns and runs each statement against it, so a column added
to a migration and not here (or the reverse) fails the suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass

import pyarrow as pa

S, I32, I64, DATE = pa.string(), pa.int32(), pa.int64(), pa.date32()
F64, BLOB, BOOL = pa.float64(), pa.binary(), pa.bool_()
TS_UTC, TS = pa.timestamp("us", tz="UTC"), pa.timestamp("us")


@dataclass(frozen=True)
class StagedTable:
    """One Arrow table a load stages, and what the load does with it."""

    name: str  # LoadBatch field; `staged_<name>` while its statement runs
    description: str  # one line: what a row is
    schema: pa.Schema  # the columns rows are built with (flows/rows.py)
    load: str  # warehouse/sql/<load>.sql, run with staged_<name> registered
    # The warehouse table whose columns `schema` mirrors (the statement inserts or upserts into
    # it); None for a staging-only input that steers updates of other tables.
    target: str | None
    # `target` holds what the archive knows (stories, entities, sources), as opposed to the
    # per-run record (captures, outcomes): counted before and after every load for the run
    # reports (LoadResult.totals) and compared table by table by the tests.
    content: bool = False
    # Statements run after the load commits, after every load (whether or not this table had
    # rows): DuckDB checks foreign keys against committed state, so some clean-ups must wait.
    after_commit: tuple[str, ...] = ()
    # Statements run right after `load`, in its transaction, staged_<name> still registered: a
    # continuation several loads share (drop_story_mentions.sql) instead of copies of it.
    then: tuple[str, ...] = ()


STAGED_TABLES: tuple[StagedTable, ...] = (
    StagedTable(
        "sources",
        "a site of the registry, as configured for this run",
        pa.schema(
            [
                ("source_id", S),
                ("name", S),
                ("base_url", S),
                ("organization", S),
                ("family", S),
                ("priority", I32),
                ("province", S),
            ]
        ),
        load="upsert_sources",
        target="sources",
        content=True,
    ),
    StagedTable(
        "captures",
        "one fetch of the run, pointing at its WARC record",
        pa.schema(
            [
                ("capture_id", S),
                ("run_id", S),
                ("source_id", S),
                ("url", S),
                ("status", I32),
                ("content_type", S),
                ("content_length", I64),
                ("payload_digest", S),
                ("warc_file", S),
                ("warc_offset", I64),
                ("warc_length", I64),
                ("fetched_at", TS_UTC),
                ("error", S),
                ("etag", S),
                ("last_modified", S),
                ("sitemap_lastmod", S),
                ("record_type", S),
            ]
        ),
        load="insert_captures",
        target="captures",
    ),
    StagedTable(
        "new_articles",
        "a story first seen in this batch, filled from its canonical copy",
        pa.schema(
            [
                ("article_id", S),
                ("url", S),
                ("source_id", S),
                ("title", S),
                ("body", S),
                ("published_on", DATE),
                ("published_at", TS),
                ("date_source", S),
                ("author", S),
                ("content_hash", S),
                ("copies", I32),
                ("first_run_id", S),
                ("updated_at", TS_UTC),
            ]
        ),
        load="insert_new_articles",
        target="articles",
        content=True,
        # A story whose copies all moved (a merge, or a page re-assigned to another story) is
        # deleted once the move has committed.
        after_commit=("delete_orphan_articles",),
    ),
    StagedTable(
        "article_copies",
        "an article page (canonical URL) and the story it carries",
        pa.schema(
            [
                ("url", S),
                ("article_id", S),
                ("source_id", S),
                ("title", S),
                ("body", S),
                ("published_on", DATE),
                ("published_at", TS),
                ("date_source", S),
                ("author", S),
                ("content_hash", S),
                ("similarity", F64),
                ("minhash", BLOB),
                ("capture_id", S),
                ("first_run_id", S),
                ("extracted_at", TS_UTC),
            ]
        ),
        load="upsert_article_copies",
        target="article_copies",
        content=True,
    ),
    StagedTable(
        "story_merges",
        "a stored story merged into another (a new copy bridged them)",
        # canonical_url: the merged story's canonical copy (its story's mentions are kept)
        pa.schema([("old_article_id", S), ("new_article_id", S), ("canonical_url", S)]),
        load="merge_stories",
        target=None,
        then=("drop_story_mentions", "merge_stories_move"),
    ),
    StagedTable(
        "copy_similarity",
        "a copy of a touched story and its similarity to the story's canonical copy",
        pa.schema([("url", S), ("similarity", F64)]),
        load="update_copy_similarity",
        target=None,
    ),
    StagedTable(
        "canonical",
        "a touched story and the URL of its canonical copy",
        pa.schema([("article_id", S), ("url", S), ("updated_at", TS_UTC)]),
        load="refresh_articles",
        target=None,
    ),
    StagedTable(
        "touched_articles",
        "a story whose entities this batch re-extracted (its old links are dropped)",
        pa.schema([("article_id", S)]),
        load="replace_article_entities",
        target=None,
        then=("drop_story_mentions",),
    ),
    # -- mentions: what each story said, as written (migration 0010). Entities are written by
    # resolution (flows/resolve.py), never by the load; the link columns load as NULL.
    StagedTable(
        "conference_mentions",
        "a conference as one story reports it",
        pa.schema(
            [
                ("mention_id", S),
                ("article_id", S),
                ("ordinal", I32),
                ("source_id", S),
                ("source_province", S),
                ("published_on", DATE),
                ("name", S),
                ("kind", S),
                ("period", S),
                ("held_on", DATE),
                ("held_until", DATE),
                ("organizer", S),
                ("format", S),
                ("location", S),
                ("bridge_point", S),
                ("nationwide", BOOL),
                ("status", S),
                ("directives", pa.list_(S)),
                ("chairs", pa.list_(S)),
                ("speakers", pa.list_(S)),
                ("place", S),
                ("figures", pa.list_(S)),
                ("story_minhash", pa.binary()),
                ("event_day", DATE),
                ("conference_id", S),
                ("link_method", S),
                ("link_confidence", F64),
                # set by the load statement: TRUE while link_method is NULL (migration 0019)
                ("unresolved", BOOL),
            ]
        ),
        load="insert_conference_mentions",
        target="conference_mentions",
        content=True,
    ),
    StagedTable(
        "person_mentions",
        "a person named chairing or addressing a conference in one story",
        pa.schema(
            [
                ("mention_id", S),
                ("article_id", S),
                ("conference_mention_id", S),
                ("role", S),
                ("name", S),
                ("name_key", S),
                ("position", S),
                ("organization", S),
                ("seen_on", DATE),
                ("source_province", S),
                ("person_id", S),
                ("link_method", S),
                ("link_confidence", F64),
                # set by the load statement: TRUE while link_method is NULL (migration 0019)
                ("unresolved", BOOL),
            ]
        ),
        load="insert_person_mentions",
        target="person_mentions",
        content=True,
    ),
    StagedTable(
        "directive_mentions",
        "one citation of a document symbol in one story, with the citing sentence",
        pa.schema(
            [
                ("mention_id", S),
                ("article_id", S),
                ("ordinal", I32),
                ("symbol", S),
                ("doc_type", S),
                ("number", S),
                ("year", I32),
                ("issued_on", DATE),
                ("issuer_code", S),
                ("issuer_stated", S),
                ("subject", S),
                ("locality", S),
                ("source_province", S),
                ("published_on", DATE),
                ("sentence", S),
                ("group_key", S),
                ("directive_id", S),
                ("link_method", S),
                ("link_confidence", F64),
                ("candidates", I32),
                ("disseminated", BOOL),
                # set by the load statement: TRUE while link_method is NULL (migration 0019)
                ("unresolved", BOOL),
            ]
        ),
        load="insert_directive_mentions",
        target="directive_mentions",
        content=True,
    ),
    StagedTable(
        "directive_relation_mentions",
        "a relation between two citations a story states",
        pa.schema(
            [("article_id", S), ("from_mention_id", S), ("relation", S), ("to_mention_id", S)]
        ),
        load="insert_directive_relation_mentions",
        target="directive_relation_mentions",
        content=True,
    ),
    StagedTable(
        "attachments",
        "an archived document (PDF, DOCX) and the text read from it",
        pa.schema(
            [
                ("url", S),
                ("capture_id", S),
                ("source_id", S),
                ("content_type", S),
                ("kind", S),
                ("text", S),
                ("pages", I32),
                ("directives", pa.list_(S)),
                ("error", S),
                ("first_run_id", S),
                ("extracted_at", TS_UTC),
            ]
        ),
        load="upsert_attachments",
        target="attachments",
    ),
    StagedTable(
        "page_outcomes",
        "what became of one capture's page (exactly one per capture)",
        pa.schema(
            [
                ("capture_id", S),
                ("outcome", S),
                ("reason", S),
                ("copy_url", S),
                ("decided_at", TS_UTC),
            ]
        ),
        load="upsert_page_outcomes",
        target="page_outcomes",
    ),
)

STAGED: dict[str, StagedTable] = {t.name: t for t in STAGED_TABLES}

# Load order: parents before children; each step is (sql file, staged relation name).
LOAD_STEPS: tuple[tuple[str, str], ...] = tuple(
    (statement, t.name) for t in STAGED_TABLES for statement in (t.load, *t.then)
)

# Run after the load commits (see StagedTable.after_commit), in declaration order.
POST_COMMIT_STEPS: tuple[str, ...] = tuple(
    dict.fromkeys(step for t in STAGED_TABLES for step in t.after_commit)
)

# Warehouse tables holding what the archive knows, counted for the run reports.
CONTENT_TABLES: tuple[str, ...] = tuple(
    dict.fromkeys(t.target for t in STAGED_TABLES if t.content and t.target)
)

# The entities layer: one row per real thing, written only by resolution (flows/resolve.py)
# from the mention tables above, never staged by a load. Counted for the run reports too.
ENTITY_TABLES: tuple[str, ...] = (
    "organizations",
    "organization_aliases",
    "people",
    "positions",
    "directives",
    "directive_relations",
    "conferences",
    "conference_directives",
    "conference_participants",
)

# Rewritten by resolution besides the entities: the accepted pairs of conference reports.
RESOLUTION_TABLES: tuple[str, ...] = (*ENTITY_TABLES, "conference_edges")


def schema(name: str) -> pa.Schema:
    """The Arrow schema of staged table `name` (KeyError names the declared ones)."""
    try:
        return STAGED[name].schema
    except KeyError:
        raise KeyError(f"no staged table {name!r}; declared: {', '.join(STAGED)}") from None


# Arrow tables staged for one transactional load, one optional field per declared table (in
# load order); any may be None (nothing to load). Generated so that declaring a table is the
# only edit: `LoadBatch(conferences=...)`, `batch.article_copies`, `dataclasses.fields(LoadBatch)`.
LoadBatch = make_dataclass(
    "LoadBatch",
    [(t.name, pa.Table | None, field(default=None)) for t in STAGED_TABLES],
    namespace={
        "__module__": __name__,
        "__doc__": "Arrow tables staged for one transactional load; any may be None.",
    },
)
