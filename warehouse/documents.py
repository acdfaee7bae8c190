"""The `documents` layer: legal-document pages' statements stored, merged and versioned (issue 14;
migration 0020, docs/warehouse.md "Legal documents").

`load_documents` takes the records the document-site parsers give
(pipelines/legal_documents/model.py `LegalDocument`; warehouse/ imports no pipeline types, so
they are typed by the `DocumentRecord` protocol) and, in one transaction:

1. stores each page's statement in `document_pages` when it differs from that page's latest
   stored one (an unchanged page seen again adds nothing);
2. merges the current statements of every page of each touched document (attribute page,
   relation page, listing row …: `merge_pages`) into its `documents` row;
3. adds a `document_versions` row when the merged statement's `version_key()` differs from the
   stored one (a validity flip), and rewrites the document's relations and missing-field reasons.

Merge rule (documented in docs/warehouse.md): pages are ranked by family (national database
vbpl, then the Government portal chinhphu, the party archive, a provincial table, then any
other), then by how many official fields they state, then by URL; each field is taken from the
best-ranked page that states it. Relations and attachments are the union of the pages'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol, Self

import pyarrow as pa

from warehouse.db import read_sql
from warehouse.keys import document_id

if TYPE_CHECKING:
    import duckdb

    from warehouse.db import Warehouse

# Families by how official and complete their pages are: lower wins a conflict.
FAMILY_RANK: dict[str, int] = {"vbpl": 0, "chinhphu": 1, "party_archive": 2, "provincial_table": 3}

# The fields a version compares (LegalDocument.official_fields), and those merged besides.
OFFICIAL_FIELDS: tuple[str, ...] = (
    "symbol",
    "doc_type",
    "issuer",
    "signer",
    "signer_title",
    "title",
    "summary",
    "issued_on",
    "effective_on",
    "expires_on",
    "validity",
    "validity_reason",
    "field",
    "scope",
)
MERGED_FIELDS: tuple[str, ...] = (*OFFICIAL_FIELDS, "symbol_as_written", "full_text")

S, DATE, I32 = pa.string(), pa.date32(), pa.int32()
TS_UTC = pa.timestamp("us", tz="UTC")
ATTACHMENT = pa.struct([("url", S), ("label", S)])
RELATION = pa.struct([("kind", S), ("target_symbol", S), ("target_title", S), ("target_url", S)])
MISSING = pa.struct([("field", S), ("reason", S)])
_FIELD_TYPES = {f: DATE if f.endswith("_on") else S for f in MERGED_FIELDS}

PAGES_SCHEMA = pa.schema(
    [
        ("page_url", S),
        ("capture_id", S),
        ("run_id", S),
        ("seen_at", TS_UTC),
        ("family", S),
        ("document_id", S),
        ("page_key", S),
        *((f, _FIELD_TYPES[f]) for f in ("symbol", "symbol_as_written")),
        *((f, _FIELD_TYPES[f]) for f in OFFICIAL_FIELDS if f != "symbol"),
        ("full_text", S),
        ("attachments", pa.list_(ATTACHMENT)),
        ("relations", pa.list_(RELATION)),
        ("missing", pa.list_(MISSING)),
    ]
)
DOCUMENTS_SCHEMA = pa.schema(
    [
        ("document_id", S),
        *((f, _FIELD_TYPES[f]) for f in ("symbol", "symbol_as_written")),
        *((f, _FIELD_TYPES[f]) for f in OFFICIAL_FIELDS if f != "symbol"),
        ("full_text", S),
        ("attachments", pa.list_(ATTACHMENT)),
        ("field_pages", pa.map_(S, S)),
        ("family", S),
        ("page_url", S),
        ("pages", I32),
        ("version", I32),
        ("version_key", S),
        ("first_seen_at", TS_UTC),
        ("updated_at", TS_UTC),
    ]
)
VERSIONS_SCHEMA = pa.schema(
    [
        ("document_id", S),
        ("version", I32),
        ("version_key", S),
        *((f, _FIELD_TYPES[f]) for f in OFFICIAL_FIELDS),
        ("relations", pa.list_(RELATION)),
        ("run_id", S),
        ("page_url", S),
        ("capture_id", S),
        ("seen_at", TS_UTC),
    ]
)
RELATIONS_SCHEMA = pa.schema(
    [
        ("document_id", S),
        ("kind", S),
        ("target_symbol", S),
        ("target_title", S),
        ("target_url", S),
        ("page_url", S),
    ]
)
MISSING_SCHEMA = pa.schema([("document_id", S), ("field", S), ("reason", S), ("page_url", S)])


class DocumentRecord(Protocol):
    """What the warehouse reads of a `LegalDocument` (pydantic model)."""

    page_url: str
    family: str
    symbol: str | None
    issued_on: date | None
    missing: dict[str, str]
    relations: Sequence[Any]  # Relation models
    attachments: Sequence[Any]  # Attachment models

    def version_key(self) -> str: ...

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...

    def model_copy(self, *, update: Mapping[str, Any] | None = ...) -> Self: ...

    @classmethod
    def model_validate(cls, obj: Any) -> Self: ...


@dataclass(frozen=True)
class Reading:
    """One stored statement of a page: the record and where it was captured."""

    record: DocumentRecord
    document_id: str
    capture_id: str
    run_id: str
    seen_at: datetime


@dataclass
class Merged:
    """A document's pages merged: the record its version is computed from, and provenance."""

    document_id: str
    record: DocumentRecord
    values: dict[str, Any]
    field_pages: dict[str, str]
    relations: list[tuple[dict[str, Any], str]]  # (relation, page listing it)
    attachments: list[dict[str, Any]]
    missing: list[tuple[str, str, str]]  # (field, reason, page_url)
    pages: list[Reading] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentLoadResult:
    pages_added: int  # page statements stored (new or changed pages)
    documents_touched: int
    versions_added: int
    documents_removed: int  # documents left without pages (their page re-homed)


def _filled(record: DocumentRecord) -> int:
    dumped = record.model_dump(mode="json")
    return sum(dumped.get(f) is not None for f in OFFICIAL_FIELDS)


def page_rank(record: DocumentRecord) -> tuple[int, int, str]:
    """Sort key of a document's pages: family, then more official fields stated, then URL."""
    return (FAMILY_RANK.get(record.family, len(FAMILY_RANK)), -_filled(record), record.page_url)


def merge_pages(doc_id: str, readings: Sequence[Reading]) -> Merged:
    """The current statements of one document's pages merged by the rule of the module doc."""
    ordered = sorted(readings, key=lambda r: page_rank(r.record))
    dumps = [(r, r.record.model_dump()) for r in ordered]
    values: dict[str, Any] = {}
    field_pages: dict[str, str] = {}
    for name in MERGED_FIELDS:
        values[name] = None
        for reading, dumped in dumps:
            if dumped.get(name) is not None:
                values[name] = dumped[name]
                field_pages[name] = reading.record.page_url
                break
    relations: dict[tuple[str, str, str], tuple[dict[str, Any], str]] = {}
    relation_objects: list[Any] = []
    attachments: dict[str, dict[str, Any]] = {}
    attachment_objects: list[Any] = []
    for reading, dumped in dumps:
        for rel, obj in zip(dumped["relations"], reading.record.relations, strict=True):
            kind = str(rel["kind"])
            key = (kind, rel["target_symbol"] or "", rel["target_url"] or "")
            if key not in relations:
                relations[key] = ({**rel, "kind": kind}, reading.record.page_url)
                relation_objects.append(obj)
        for att, obj in zip(dumped["attachments"], reading.record.attachments, strict=True):
            if att["url"] not in attachments:
                attachments[att["url"]] = att
                attachment_objects.append(obj)
    missing = [
        (name, reason, reading.record.page_url)
        for reading, _ in dumps
        for name, reason in sorted(reading.record.missing.items())
        if values.get(name) is None
    ]
    best = ordered[0].record
    record = best.model_copy(
        update={
            **values,
            "relations": relation_objects,
            "attachments": attachment_objects,
            # the best-ranked page's reason when several pages lack a field
            "missing": {name: reason for name, reason, _ in reversed(missing)},
        }
    )
    return Merged(
        document_id=doc_id,
        record=record,
        values=values,
        field_pages=field_pages,
        relations=list(relations.values()),
        attachments=list(attachments.values()),
        missing=missing,
        pages=list(ordered),
    )


def _page_row(
    record: DocumentRecord, doc_id: str, capture: str, run_id: str, seen_at: datetime
) -> dict[str, Any]:
    """The `document_pages` row of one page's statement."""
    dumped = record.model_dump()
    return {
        "page_url": record.page_url,
        "capture_id": capture,
        "run_id": run_id,
        "seen_at": seen_at,
        "family": record.family,
        "document_id": doc_id,
        "page_key": record.version_key(),
        **{name: _plain(dumped.get(name)) for name in MERGED_FIELDS},
        "attachments": [{"url": a["url"], "label": a["label"]} for a in dumped["attachments"]],
        "relations": [_relation(r) for r in dumped["relations"]],
        "missing": [{"field": k, "reason": v} for k, v in sorted(dumped["missing"].items())],
    }


def _plain(value: Any) -> Any:
    """An enum (Validity) as its text; everything else as is."""
    return value.value if hasattr(value, "value") else value


def _relation(rel: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "kind": _plain(rel["kind"]),
        "target_symbol": rel["target_symbol"],
        "target_title": rel["target_title"],
        "target_url": rel["target_url"],
    }


def _record_of(row: Mapping[str, Any], record_type: type[DocumentRecord]) -> DocumentRecord:
    """A stored `document_pages` row read back as the parser's record."""
    data = {name: row[name] for name in MERGED_FIELDS}
    data.update(
        page_url=row["page_url"],
        family=row["family"],
        attachments=row["attachments"] or [],
        relations=row["relations"] or [],
        missing={m["field"]: m["reason"] for m in row["missing"] or []},
    )
    return record_type.model_validate(data)


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _table(rows: Iterable[Mapping[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=schema)


def _ids(values: Iterable[str]) -> pa.Table:
    return pa.table({"id": pa.array(sorted(set(values)), S)})


def load_documents(
    warehouse: Warehouse,
    records: Sequence[DocumentRecord],
    run_id: str,
    captures: Mapping[str, str],
) -> DocumentLoadResult:
    """See the module doc. `captures` maps each record's page_url to the capture it was read
    from (already loaded into `captures`)."""
    con = warehouse.con
    if not records:
        return DocumentLoadResult(0, 0, 0, 0)
    unknown = sorted({r.page_url for r in records} - set(captures))
    if unknown:
        raise ValueError(f"no capture given for document pages {unknown[:5]}")
    record_type = type(records[0])

    staged: dict[str, pa.Table] = {
        "staged_document_urls": _ids(r.page_url for r in records),
        "staged_document_captures": _ids(captures[r.page_url] for r in records),
        "staged_document_symbols": _ids(r.symbol for r in records if r.symbol),
    }
    for name, table in staged.items():
        con.register(name, table)
    try:
        fetched_at = dict(con.execute(read_sql("select_document_capture_times")).fetchall())
        stored_readings = _rows(con.execute(read_sql("select_document_page_readings")))
        stored_ids = _rows(con.execute(read_sql("select_documents_of_symbols")))
    finally:
        for name in staged:
            con.unregister(name)
    missing_captures = sorted(set(captures[r.page_url] for r in records) - set(fetched_at))
    if missing_captures:
        raise ValueError(f"captures not loaded: {missing_captures[:5]}")

    # -- which statements are new: differs from the page's previous one in time -------------
    history: dict[str, list[tuple[datetime, str, str, bool]]] = defaultdict(list)
    stored_pairs = set()
    previous_document: dict[str, str] = {}  # page -> document of its latest stored statement
    for row in sorted(stored_readings, key=lambda r: (r["seen_at"], r["capture_id"])):
        stored_pairs.add((row["page_url"], row["capture_id"]))
        history[row["page_url"]].append((row["seen_at"], row["capture_id"], row["page_key"], False))
        previous_document[row["page_url"]] = row["document_id"]
    batch: dict[tuple[str, str], DocumentRecord] = {}
    for record in records:
        pair = (record.page_url, captures[record.page_url])
        if pair in stored_pairs or pair in batch:
            continue
        batch[pair] = record
        history[record.page_url].append((fetched_at[pair[1]], pair[1], record.version_key(), True))
    new_pairs: list[tuple[str, str]] = []
    for page, statements in history.items():
        statements.sort()
        previous_key = None
        for _, capture, key, is_new in statements:
            if is_new and key != previous_key:
                new_pairs.append((page, capture))
            previous_key = key
    if not new_pairs:
        return DocumentLoadResult(0, 0, 0, 0)

    # -- which document each new statement is of ---------------------------------------------
    dated: dict[str, set[str]] = defaultdict(set)  # symbol -> its dated document ids
    bare_stored: set[str] = set()
    for row in stored_ids:
        if row["document_id"] == row["symbol"]:
            bare_stored.add(row["document_id"])
        else:
            dated[row["symbol"]].add(row["document_id"])
    base_ids = {pair: _base_id(batch[pair]) for pair in new_pairs}
    for pair, doc in base_ids.items():
        symbol = batch[pair].symbol
        if symbol and doc != symbol:
            dated[symbol].add(doc)

    def assign(record: DocumentRecord, base: str) -> str:
        # An undated page (a relation tab, a listing without date) is of the one dated document
        # of its symbol when there is exactly one; otherwise of the bare symbol.
        if record.symbol and base == record.symbol and len(dated[record.symbol]) == 1:
            return next(iter(dated[record.symbol]))
        return base

    assigned = {pair: assign(batch[pair], base_ids[pair]) for pair in new_pairs}
    rehome = [
        {"old_document_id": symbol, "new_document_id": next(iter(ids))}
        for symbol, ids in sorted(dated.items())
        if symbol in bare_stored and len(ids) == 1
    ]
    touched = set(assigned.values()) | {
        previous_document[p] for p, _ in new_pairs if p in previous_document
    }
    touched |= {r["old_document_id"] for r in rehome} | {r["new_document_id"] for r in rehome}

    page_rows = [
        _page_row(batch[pair], assigned[pair], pair[1], run_id, fetched_at[pair[1]])
        for pair in new_pairs
    ]
    new_by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in page_rows:
        new_by_document[row["document_id"]].append(row)
        if row["page_url"] in previous_document:
            new_by_document[previous_document[row["page_url"]]].append(row)

    with warehouse.transaction():
        _run(
            con,
            read_sql("insert_document_pages"),
            staged_document_pages=_table(page_rows, PAGES_SCHEMA),
        )
        if rehome:
            _run(
                con,
                read_sql("rehome_document_pages"),
                staged_document_rehome=pa.Table.from_pylist(
                    rehome, schema=pa.schema([("old_document_id", S), ("new_document_id", S)])
                ),
            )
        touched_table = _ids(touched)
        con.register("staged_touched_documents", touched_table)
        try:
            readings = _rows(con.execute(read_sql("select_document_readings")))
            stored_documents = {
                row["document_id"]: row
                for row in _rows(con.execute(read_sql("select_document_versions_of")))
            }
        finally:
            con.unregister("staged_touched_documents")

        latest: dict[str, dict[str, Any]] = {}
        first_seen: dict[str, datetime] = {}
        for row in readings:
            doc = row["document_id"]
            if doc in touched:
                first_seen[doc] = min(first_seen.get(doc, row["seen_at"]), row["seen_at"])
            page = row["page_url"]
            if page not in latest or (row["seen_at"], row["capture_id"]) > (
                latest[page]["seen_at"],
                latest[page]["capture_id"],
            ):
                latest[page] = row
        current: dict[str, list[Reading]] = defaultdict(list)
        for row in latest.values():
            if row["document_id"] in touched:
                current[row["document_id"]].append(
                    Reading(
                        _record_of(row, record_type),
                        row["document_id"],
                        row["capture_id"],
                        row["run_id"],
                        row["seen_at"],
                    )
                )

        documents, versions, relations, missing = [], [], [], []
        for doc in sorted(current):
            merged = merge_pages(doc, current[doc])
            key = merged.record.version_key()
            stored = stored_documents.get(doc)
            version = stored["version"] if stored else 0
            updated_at = stored["updated_at"] if stored else None
            if stored is None or stored["version_key"] != key:
                # The newest statement this load added to the document made the version.
                trigger = max(
                    new_by_document.get(doc) or [_reading_row(merged.pages[0])],
                    key=lambda r: (r["seen_at"], r["capture_id"]),
                )
                version += 1
                updated_at = trigger["seen_at"]
                versions.append(
                    {
                        "document_id": doc,
                        "version": version,
                        "version_key": key,
                        **{name: _plain(merged.values[name]) for name in OFFICIAL_FIELDS},
                        "relations": [_relation(r) for r, _ in merged.relations],
                        "run_id": run_id,
                        "page_url": trigger["page_url"],
                        "capture_id": trigger["capture_id"],
                        "seen_at": trigger["seen_at"],
                    }
                )
            best = merged.pages[0].record
            documents.append(
                {
                    "document_id": doc,
                    **{name: _plain(merged.values[name]) for name in MERGED_FIELDS},
                    "attachments": [
                        {"url": a["url"], "label": a["label"]} for a in merged.attachments
                    ],
                    "field_pages": sorted(merged.field_pages.items()),
                    "family": best.family,
                    "page_url": best.page_url,
                    "pages": len(merged.pages),
                    "version": version,
                    "version_key": key,
                    "first_seen_at": first_seen[doc],
                    "updated_at": updated_at,
                }
            )
            relations += [
                {"document_id": doc, **_relation(r), "page_url": page}
                for r, page in merged.relations
            ]
            missing += [
                {"document_id": doc, "field": name, "reason": reason, "page_url": page}
                for name, reason, page in merged.missing
            ]

        _run(
            con,
            read_sql("replace_documents"),
            staged_touched_documents=touched_table,
            staged_documents=_table(documents, DOCUMENTS_SCHEMA),
            staged_document_versions=_table(versions, VERSIONS_SCHEMA),
            staged_document_relations=_table(relations, RELATIONS_SCHEMA),
            staged_document_missing=_table(missing, MISSING_SCHEMA),
        )
    return DocumentLoadResult(
        pages_added=len(page_rows),
        documents_touched=len(current),
        versions_added=len(versions),
        documents_removed=len(touched - set(current)),
    )


def _base_id(record: DocumentRecord) -> str:
    return document_id(record.symbol, record.issued_on, record.page_url)


def _reading_row(reading: Reading) -> dict[str, Any]:
    return {
        "page_url": reading.record.page_url,
        "capture_id": reading.capture_id,
        "seen_at": reading.seen_at,
    }


def _run(con: duckdb.DuckDBPyConnection, sql: str, **tables: pa.Table) -> None:
    """Run `sql` with each Arrow table registered under its keyword's name."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        con.execute(sql)
    finally:
        for name in tables:
            con.unregister(name)
