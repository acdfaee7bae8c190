"""Turn one run's captures and extracted documents into the Arrow tables the warehouse loads.

Every key is derived from natural keys (URL, canonical symbol, person name, conference name +
organiser + date) by warehouse/keys.py, so the same input always yields the same rows and
reloading changes nothing. Each table's columns are declared in warehouse/tables.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime

import pyarrow as pa

from crawlers.items import CaptureRecord
from flows.dedupe import StoryPlan
from flows.extract import AttachmentResult, PageResult
from pipelines.article import non_article_kind
from pipelines.document import Document
from pipelines.resolution.conferences import event_day
from pipelines.resolution.mentions import mentions_of, same_citation, story_text
from pipelines.resolution.people import person_group_key
from sites import Source, source_id_for
from warehouse import keys
from warehouse.tables import STAGED, LoadBatch, schema


class _Rows:
    """Accumulates rows per table; builds the LoadBatch at the end."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {name: [] for name in STAGED}

    def add(self, table: str, **row: object) -> None:
        self.rows[table].append(row)

    def batch(self) -> LoadBatch:
        return LoadBatch(
            **{
                name: pa.Table.from_pylist(rows, schema=schema(name))
                for name, rows in self.rows.items()
            }
        )


def build_batch(
    run_id: str,
    captures: Iterable[CaptureRecord],
    results: Iterable[PageResult],
    sources: list[Source],
    plan: StoryPlan,
    attachments: Iterable[AttachmentResult] = (),
) -> LoadBatch:
    rows = _Rows()
    now = datetime.now(UTC)
    for source in sources:
        rows.add("sources", **source.warehouse_row())
    source_of: dict[str, str | None] = {}
    captures = list(captures)
    results = list(results)
    attachments = list(attachments)
    for c in captures:
        cid = keys.capture_id(run_id, c.url, c.fetched_at.isoformat())
        source_of[cid] = source_id_for(c.url, sources)
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
            etag=c.etag,
            last_modified=c.last_modified,
            sitemap_lastmod=c.sitemap_lastmod,
            record_type=c.record_type,
        )
    copies: dict[str, dict] = {}
    documents: dict[str, Document] = {}
    for result in results:
        url = result.page_key
        if url is None or url not in plan.story_of or result.document is None:
            continue
        article = result.document.article
        story = plan.story_of[url]
        copies[url] = dict(
            url=url,
            article_id=story,
            source_id=source_of[result.capture_id],
            title=article.title,
            body=article.body,
            published_on=article.published_on,
            published_at=utc_naive(article.published_at),
            date_source=article.date_source,
            author=article.author,
            content_hash=article.content_hash,
            similarity=plan.similarity[url],
            minhash=result.signature,
            capture_id=result.capture_id,
            first_run_id=run_id,
            extracted_at=now,
        )
        rows.add("article_copies", **copies[url])
        documents[url] = result.document
    members: dict[str, int] = {}
    for story in plan.story_of.values():
        members[story] = members.get(story, 0) + 1
    for story in sorted(plan.new_stories):
        head = copies[plan.canonical[story]]
        rows.add(
            "new_articles",
            article_id=story,
            url=head["url"],
            source_id=head["source_id"],
            title=head["title"],
            body=head["body"],
            published_on=head["published_on"],
            published_at=head["published_at"],
            date_source=head["date_source"],
            author=head["author"],
            content_hash=head["content_hash"],
            copies=members[story],
            first_run_id=run_id,
            updated_at=now,
        )
    for old, new in plan.merged.items():
        rows.add(
            "story_merges",
            old_article_id=old,
            new_article_id=new,
            canonical_url=plan.canonical.get(new),
        )
    for url, similarity in plan.similarity.items():
        rows.add("copy_similarity", url=url, similarity=similarity)
    for story, url in plan.canonical.items():
        rows.add("canonical", article_id=story, url=url, updated_at=now)
    by_id = {s.source_id: s for s in sources}
    for story in sorted(members):
        # A story's mentions are those of its canonical copy: republished copies say the same
        # thing (two sets would count one report twice). When the canonical copy is not in this
        # batch (a later copy of a stored story), the stored mentions stay as they are.
        head = plan.canonical.get(story)
        if head is None or head not in documents:
            continue
        rows.add("touched_articles", article_id=story)
        _add_entities(
            rows,
            story,
            documents[head],
            by_id.get(copies[head]["source_id"]),
            story_minhash=copies[head]["minhash"],
        )
    for a in attachments:  # PDF / DOCX documents (flows.extract.extract_attachments)
        rows.add(
            "attachments",
            url=a.url,
            capture_id=a.capture_id,
            source_id=source_of.get(a.capture_id),
            content_type=a.content_type,
            kind=a.text.kind,
            text=a.text.text,
            pages=a.text.pages,
            directives=a.text.directives,
            error=a.text.error,
            first_run_id=run_id,
            extracted_at=now,
        )
    _add_outcomes(rows, run_id, captures, results, attachments, copies, now)
    return rows.batch()


# -- page outcomes: what became of every fetched page ---------------------------------------------

Outcome = tuple[str, str | None, str | None]  # (outcome, reason, copy_url)
# The extractor's reasons for pages that are no article, and the outcome each one is.
_REJECTION_OUTCOME = {
    "listing page": "listing",
    "robots/sitemap/feed": "feed",
    "not html": "non-html",
}


def page_outcome(
    capture: CaptureRecord,
    result: PageResult | None,
    attachment: AttachmentResult | None,
    stored_url: str | None,
    fetched_again: bool = False,
) -> Outcome:
    """`_outcome`, and a page of a document source whose reading as a legal document failed
    says so in its reason (queryable in page_outcomes; the page keeps its outcome: its
    capture, and its article if any, are stored)."""
    outcome, reason, copy_url = _outcome(capture, result, attachment, stored_url, fetched_again)
    if result is not None and result.document_error:
        failed = f"document parse failed: {result.document_error}"
        reason = f"{reason}; {failed}" if reason else failed
    return outcome, reason, copy_url


def _outcome(
    capture: CaptureRecord,
    result: PageResult | None,
    attachment: AttachmentResult | None,
    stored_url: str | None,
    fetched_again: bool = False,
) -> Outcome:
    """The one outcome of one capture. ``stored_url``: the article_copies URL its page became;
    ``fetched_again``: a later capture of the same URL in the run was the one extracted."""
    status = capture.status
    if capture.error:  # network failure, robots.txt refusal, redirect loop, size cap ...
        return "failed", capture.error, None
    if status is None:
        return "failed", "no response", None
    if capture.revisit:
        return "revisit", "304 not modified" if status == 304 else "unchanged payload", None
    if status >= 400:
        return "failed", f"HTTP {status}", None
    if 300 <= status < 400:
        return "redirect", f"HTTP {status}", None
    if attachment is not None:
        if attachment.text.error:
            return "failed", f"attachment: {attachment.text.error}", None
        return "non-html", f"attachment ({attachment.text.kind})", None
    if result is not None:
        if result.error or result.document is None:
            return "failed", f"extraction error: {result.error}", None
        article = result.document.article
        if article.is_article:
            if stored_url is None:  # not in the story plan: say so rather than claim it
                return "failed", "article not stored (no story assigned)", None
            return "article", None, stored_url
        reason = article.reason or "no reason given"
        if reason.startswith("extraction error"):
            return "failed", reason, None
        if reason in _REJECTION_OUTCOME:
            return _REJECTION_OUTCOME[reason], None, None
        return "rejected", reason, None
    kind = non_article_kind(capture.url, capture.content_type)
    if kind == "robots/sitemap/feed":
        return "feed", None, None
    if kind == "not html":
        return "non-html", capture.content_type, None
    if not capture.archived:
        return "failed", "response not archived", None
    if fetched_again:
        return "rejected", "fetched again later in this run", None
    if status != 200:
        return "rejected", f"HTTP {status}: no page to extract", None
    return "failed", "not extracted", None


def _add_outcomes(
    rows: _Rows,
    run_id: str,
    captures: list[CaptureRecord],
    results: list[PageResult],
    attachments: list[AttachmentResult],
    copies: dict[str, dict],
    now: datetime,
) -> None:
    by_capture = {r.capture_id: r for r in results}
    by_attachment = {a.capture_id: a for a in attachments}
    ids = [keys.capture_id(run_id, c.url, c.fetched_at.isoformat()) for c in captures]
    extracted_urls = {c.url for c, cid in zip(captures, ids, strict=True) if cid in by_capture}
    for c, cid in zip(captures, ids, strict=True):
        result = by_capture.get(cid)
        stored = None
        if result is not None and result.page_key in copies:
            stored = result.page_key
        outcome, reason, copy_url = page_outcome(
            c,
            result,
            by_attachment.get(cid),
            stored,
            fetched_again=result is None and c.url in extracted_urls,
        )
        rows.add(
            "page_outcomes",
            capture_id=cid,
            outcome=outcome,
            reason=reason[:2000] if reason else None,
            copy_url=copy_url,
            decided_at=now,
        )


def utc_naive(value: datetime | None) -> datetime | None:
    """Timestamps are stored as UTC without zone (DuckDB TIMESTAMP)."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _add_entities(
    rows: _Rows,
    article_id: str,
    document: Document,
    source: Source | None,
    *,
    story_minhash: bytes | None = None,
) -> None:
    """The story's mentions (pipelines.resolution.mentions.mentions_of), as written: conference
    reports, the people chairing or addressing them, each directive citation and the relations
    between citations. Resolution (flows/resolve.py) links them to entities later."""
    entities = document.entities
    found = mentions_of(
        article_id,
        entities,
        published_on=document.article.published_on,
        source_id=source.source_id if source else None,
        source_province=source.province if source else None,
        story=story_text(document.article.title, document.article.body),
        story_minhash=story_minhash,
    )
    for ordinal, c in enumerate(found.conferences):
        # every field of the record, as written; its tuples become the table's VARCHAR[]
        record = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(c).items()}
        rows.add("conference_mentions", **record, ordinal=ordinal, event_day=event_day(c))
    for conference_mention, role, p in found.people:
        rows.add(
            "person_mentions",
            mention_id=p.mention_id,
            article_id=article_id,
            conference_mention_id=conference_mention,
            role=role,
            name=p.name,
            name_key=person_group_key(p),
            position=p.position,
            organization=p.organization,
            seen_on=p.seen_on,
            source_province=p.source_province,
        )
    # The records carry what resolution reads; the citing sentence and the symbol's number come
    # from the extracted directive of the same ordinal (mentions_of keeps extraction order).
    first_of: dict[str, str] = {}
    for ordinal, d in enumerate(found.directives):
        written = entities.directives[ordinal] if ordinal < len(entities.directives) else None
        if written is not None and not same_citation(d.symbol, written.symbol):
            written = None  # never pair a record with another citation's sentence
        first_of.setdefault(d.symbol, d.mention_id)
        rows.add(
            "directive_mentions",
            mention_id=d.mention_id,
            article_id=article_id,
            ordinal=ordinal,
            symbol=d.symbol,
            doc_type=d.doc_type,
            number=written.number if written else None,
            year=d.year,
            issued_on=d.issued_on,
            issuer_code=d.issuer_code,
            issuer_stated=d.issuer_stated,
            subject=d.subject,
            locality=d.locality,
            source_province=d.source_province,
            published_on=d.published_on,
            sentence=written.sentence if written else "",
            disseminated=d.disseminated,
        )
    # A relation is stated between symbols; it is kept between the first citations of each.
    for source_symbol, relation, target_symbol in entities.relations:
        if source_symbol in first_of and target_symbol in first_of:
            rows.add(
                "directive_relation_mentions",
                article_id=article_id,
                from_mention_id=first_of[source_symbol],
                relation=relation,
                to_mention_id=first_of[target_symbol],
            )
