"""Turn one run's captures and extracted documents into the Arrow tables the warehouse loads.

Every key is derived from natural keys (URL, canonical symbol, person name, conference name +
organiser + date), so the same input always yields the same rows and reloading changes nothing.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime

import pyarrow as pa

from crawlers.items import CaptureRecord
from flows.extract import PageResult
from flows.sources import SourceSpec, attribute
from pipelines.document import Document
from pipelines.entities import Conference, Directive, person_key
from warehouse.db import LoadBatch, capture_id


def name_key(name: str) -> str:
    """NFC, Đ unified, case-folded, single-spaced: how names are compared across articles."""
    text = unicodedata.normalize("NFC", name).replace("Ð", "Đ").replace("ð", "đ")
    return " ".join(text.casefold().split())


def _md5(*parts: object) -> str:
    return hashlib.md5("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def directive_id(directive: Directive) -> str:
    year = directive.year or (directive.issued_on.year if directive.issued_on else None)
    return f"{directive.symbol}@{year}" if year else directive.symbol


def conference_id(conference: Conference, article_url: str) -> str:
    # Undated conferences cannot be matched across articles safely: keyed by their report.
    when = conference.held_on.isoformat() if conference.held_on else f"article:{article_url}"
    return _md5(name_key(conference.name or ""), name_key(conference.organizer or ""), when)


def _table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


S, I32, I64, DATE = pa.string(), pa.int32(), pa.int64(), pa.date32()
TS_UTC, TS = pa.timestamp("us", tz="UTC"), pa.timestamp("us")

SCHEMAS: dict[str, pa.Schema] = {
    "sources": pa.schema(
        [("source_id", S), ("name", S), ("base_url", S), ("organization", S), ("family", S)]
    ),
    "captures": pa.schema(
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
        ]
    ),
    "articles": pa.schema(
        [
            ("url", S),
            ("source_id", S),
            ("title", S),
            ("body", S),
            ("published_on", DATE),
            ("published_at", TS),
            ("author", S),
            ("content_hash", S),
            ("capture_id", S),
            ("first_run_id", S),
            ("extracted_at", TS_UTC),
        ]
    ),
    "article_urls": pa.schema([("article_url", S)]),
    "organizations": pa.schema([("organization_id", S), ("name", S), ("name_key", S)]),
    "people": pa.schema([("person_id", S), ("name", S), ("name_key", S)]),
    "directives": pa.schema(
        [
            ("directive_id", S),
            ("symbol", S),
            ("doc_type", S),
            ("number", S),
            ("year", I32),
            ("issuer_code", S),
            ("issuer_name", S),
            ("issued_on", DATE),
            ("subject", S),
        ]
    ),
    "directive_mentions": pa.schema([("article_url", S), ("directive_id", S), ("sentence", S)]),
    "directive_relations": pa.schema(
        [("source_id", S), ("relation", S), ("target_id", S), ("article_url", S)]
    ),
    "conferences": pa.schema(
        [
            ("conference_id", S),
            ("name", S),
            ("kind", S),
            ("period", S),
            ("held_on", DATE),
            ("organizer", S),
            ("organization_id", S),
            ("format", S),
            ("location", S),
        ]
    ),
    "conference_articles": pa.schema([("conference_id", S), ("article_url", S)]),
    "conference_participants": pa.schema(
        [("conference_id", S), ("person_id", S), ("role", S), ("position", S)]
    ),
}


class _Rows:
    """Accumulates rows per table; builds the LoadBatch at the end."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}

    def add(self, table: str, **row: object) -> None:
        self.rows[table].append(row)

    def organization(self, name: str | None) -> str | None:
        if not name:
            return None
        key = name_key(name)
        oid = _md5(key)
        self.add("organizations", organization_id=oid, name=name, name_key=key)
        return oid

    def person(self, name: str) -> str:
        key = person_key(name)
        pid = _md5(key)
        self.add("people", person_id=pid, name=name, name_key=key)
        return pid

    def batch(self) -> LoadBatch:
        return LoadBatch(**{name: _table(rows, SCHEMAS[name]) for name, rows in self.rows.items()})


def build_batch(
    run_id: str,
    captures: Iterable[CaptureRecord],
    results: Iterable[PageResult],
    sources: list[SourceSpec],
) -> LoadBatch:
    rows = _Rows()
    now = datetime.now(UTC)
    for source in sources:
        rows.add("sources", **source.model_dump())
    source_of: dict[str, str | None] = {}
    for c in captures:
        cid = capture_id(run_id, c.url, c.fetched_at.isoformat())
        source_of[cid] = attribute(c.url, sources)
        rows.add(
            "captures",
            capture_id=cid,
            run_id=run_id,
            source_id=source_of[cid],
            url=c.url,
            status=c.status,
            content_type=c.content_type,
            content_length=c.content_length,
            payload_digest=c.payload_digest,
            warc_file=c.warc_file,
            warc_offset=c.warc_offset,
            warc_length=c.warc_length,
            fetched_at=c.fetched_at,
            error=c.error,
        )
    for result in results:
        document, source_id = result.document, source_of.get(result.capture_id)
        if document is None or not document.article.is_article or source_id is None:
            continue
        article = document.article
        url = article.url
        published_at = article.published_at
        rows.add(
            "articles",
            url=url,
            source_id=source_id,
            title=article.title,
            body=article.body,
            published_on=article.published_on,
            published_at=published_at.astimezone(UTC).replace(tzinfo=None)
            if published_at
            else None,
            author=article.author,
            content_hash=article.content_hash,
            capture_id=result.capture_id,
            first_run_id=run_id,
            extracted_at=now,
        )
        rows.add("article_urls", article_url=url)
        _add_entities(rows, url, document)
    return rows.batch()


def _add_entities(rows: _Rows, url: str, document: Document) -> None:
    entities = document.entities
    ids: dict[str, str] = {}
    for d in entities.directives:
        did = directive_id(d)
        ids.setdefault(d.symbol, did)
        rows.add(
            "directives",
            directive_id=did,
            symbol=d.symbol,
            doc_type=d.doc_type,
            number=d.number,
            year=d.year or (d.issued_on.year if d.issued_on else None),
            issuer_code=d.issuer_code,
            issuer_name=d.issuer_name,
            issued_on=d.issued_on,
            subject=d.subject,
        )
        rows.add("directive_mentions", article_url=url, directive_id=did, sentence=d.sentence)
    for source_symbol, relation, target_symbol in entities.relations:
        if source_symbol in ids and target_symbol in ids:
            rows.add(
                "directive_relations",
                source_id=ids[source_symbol],
                relation=relation,
                target_id=ids[target_symbol],
                article_url=url,
            )
    for conference in entities.conferences:
        cid = conference_id(conference, url)
        rows.add(
            "conferences",
            conference_id=cid,
            name=conference.name,
            kind=conference.kind,
            period=conference.period,
            held_on=conference.held_on,
            organizer=conference.organizer,
            organization_id=rows.organization(conference.organizer),
            format=conference.format,
            location=conference.location,
        )
        rows.add("conference_articles", conference_id=cid, article_url=url)
        for role, people in (("chair", conference.chairs), ("speaker", conference.speakers)):
            for person in people:
                rows.add(
                    "conference_participants",
                    conference_id=cid,
                    person_id=rows.person(person.name),
                    role=role,
                    position=person.position,
                )
                rows.organization(person.organization)
