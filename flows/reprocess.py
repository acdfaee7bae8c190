"""Reprocess: rebuild captures, extraction and every content table from the WARC archive alone.

No network: each ``<prefix>-<run_id>-<seq>.warc.gz`` file (names: crawlers/layout.py) is read
back, run by run in run-id (= start time) order, and each run goes through the same extract →
dedupe → load path as :func:`flows.archive.archive_flow`, so a better extractor improves the
whole history. Per run the warehouse is opened twice, never during the extraction: once to see
whether it has the run (and register it), once for dedupe → load → finish.

* **Captures** come from WARC records: one per ``response`` record (every retry and redirect hop,
  ``fetched_at`` = WARC-Date) and one per ``metadata`` record of a fetch that got no response
  (``error`` = its ``fetch-error:`` line; ``warc_file``/``warc_offset`` point at that record).
  Refusals never reach the network, so they have no WARC record: robots.txt denials and redirect
  loops are taken from the run's capture manifest when it lies next to the WARC files.
* **Runs** get a ``crawl_runs`` row each (started_at = first WARC-Date, start URLs = the origins
  crawled), so the captures' foreign key holds.
* **Into an existing warehouse**: runs it already has keep their ``crawl_runs`` row and their
  captures (a response is matched by WARC file + offset, so its capture id is unchanged); only
  the extracted content is rewritten. Sources already in the warehouse attribute URLs; origins
  none covers get a host-named source.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from prefect import flow, get_run_logger
from pydantic import BaseModel

from crawlers.inflate import Damage
from crawlers.items import (
    ROBOTS_DISALLOWED,
    CaptureRecord,
    SkippedLine,
    read_manifest,
)
from crawlers.layout import ArchiveLayout
from crawlers.warc import iter_records
from flows.archive import FinishFields, articles_seen, resolve_entities, store
from flows.dedupe import rebuild_band_index
from flows.extract import extract_pages, page_refs, run_attachments
from sites import Source, source_for
from warehouse.db import LoadBatch, LoadResult, Warehouse

FETCH_ERROR = b"fetch-error:"
REDIRECT_LOOP = "redirect loop"  # crawlers.middlewares.REDIRECT_LOOP (not imported: no Scrapy)
REPROCESSED = "reprocessed from the WARC archive"


class ReprocessSummary(BaseModel):
    db_path: str
    archive_dir: str
    runs: list[str]
    warc_files: int
    captures: int
    fetch_errors: int
    pages_extracted: int
    extract_errors: int
    attachments: int
    articles_total: int
    totals: dict[str, int]
    # Archive damage skipped, never fatal: "<warc file>:<offset>: <reason> (<n> bytes skipped)"
    damaged_records: int = 0
    damage: list[str] = []
    lost_urls: list[str] = []  # manifest lines whose WARC record lies in a damaged stretch
    # "<manifest>:<line>: <reason>"
    skipped_manifest_lines: int = 0
    manifest_damage: list[str] = []
    resolution: dict[str, Any] = {}  # the closing rebuild (flows/resolve.py ResolveStats)


def damage_report(summary: ReprocessSummary, limit: int = 20) -> list[str]:
    """What a reprocess skipped, for the CLI: one line per damaged stretch / manifest line."""
    lines = [f"damaged WARC, skipped: {d}" for d in summary.damage[:limit]]
    lines += [f"page lost to WARC damage: {url}" for url in summary.lost_urls[:limit]]
    lines += [f"unreadable manifest line, skipped: {m}" for m in summary.manifest_damage[:limit]]
    hidden = (
        max(0, len(summary.damage) - limit)
        + max(0, len(summary.lost_urls) - limit)
        + max(0, len(summary.manifest_damage) - limit)
    )
    if hidden:
        lines.append(f"… and {hidden} more (see the flow run's log)")
    return lines


def _warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def captures_from_warc(
    run_id: str, files: list[Path], damage: list[Damage] | None = None
) -> list[CaptureRecord]:
    """One capture per response record and per fetch-error metadata record, in archive order
    (``files``: the run's WARC files, see `ArchiveLayout.warc_runs`).

    Damaged stretches of the files are skipped and appended to ``damage`` (when given).
    """
    captures: list[CaptureRecord] = []
    for path in files:
        name = path.name  # captures name their WARC file relative to the archive directory
        for meta, body in iter_records(path, types=None, decode=False, damage=damage):
            fields = None
            if meta.record_type == "response":
                fields = dict(
                    status=meta.status,
                    content_type=meta.content_type,
                    error=meta.body_error,  # a record too large to read back
                    payload_digest=meta.payload_digest,
                    content_length=None if meta.body_error else len(body),
                )
            elif meta.record_type == "metadata" and body.startswith(FETCH_ERROR):
                error = body[len(FETCH_ERROR) :].decode("utf-8", "replace").strip()
                fields = dict(
                    status=None,
                    content_type=None,
                    error=error or "fetch failed",
                    payload_digest=None,
                    content_length=None,
                )
            if fields is None or not meta.url:
                continue
            fields.update(
                url=meta.url,
                warc_file=name,
                warc_offset=meta.offset,
                warc_length=meta.length,
                fetched_at=_warc_date(meta.warc_date),
                run_id=run_id,
            )
            captures.append(CaptureRecord.model_validate(fields))
    return captures


def manifest_records(
    layout: ArchiveLayout, run_id: str, skipped: list[SkippedLine] | None = None
) -> list[CaptureRecord]:
    """The run's capture manifest when it lies next to the WARC files (unreadable lines skipped)."""
    path = layout.manifest(run_id)
    return read_manifest(path, skipped) if path.exists() else []


def refusals_from_manifest(
    layout: ArchiveLayout,
    run_id: str,
    manifest: list[CaptureRecord] | None = None,
    in_warc: set[str] | None = None,
) -> list[CaptureRecord]:
    """Failures with no WARC record, so only the manifest has them: robots.txt denials and
    redirect loops, and any other error line for a URL the WARC has nothing of (``in_warc``):
    scope refusals, a failure whose WARC record could not be written."""
    if manifest is None:
        manifest = manifest_records(layout, run_id)
    return [
        c
        for c in manifest
        if c.warc_file is None
        and c.error is not None
        and (
            c.error == ROBOTS_DISALLOWED
            or c.error.startswith(REDIRECT_LOOP)
            or (in_warc is not None and c.url not in in_warc)
        )
    ]


def lost_to_damage(manifest: list[CaptureRecord], damage: list[Damage]) -> list[str]:
    """URLs of manifest lines whose WARC record starts inside a damaged stretch."""
    return [
        c.url
        for c in manifest
        if c.warc_file is not None
        and c.warc_offset is not None
        and any(
            d.file == c.warc_file and d.offset <= c.warc_offset < d.offset + d.length
            for d in damage
        )
    ]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _known_sources(db_path: str, given: list[Source] | None) -> list[Source]:
    known = list(given or [])
    with Warehouse(db_path) as warehouse:
        rows = warehouse.stored_sources()
    for sid, name, base, org, family, priority, province in rows:
        if all(s.source_id != sid for s in known):
            known.append(Source(
                source_id=sid, name=name, base_url=base, organization=org, family=family,
                priority=priority, province=province,
            ))  # fmt: skip
    return known


def _stored_run(warehouse: Warehouse, run_id: str) -> tuple[bool, dict[tuple[str, int], datetime]]:
    """Whether the warehouse has the run, and its response captures by WARC location."""
    exists = warehouse.has_run(run_id)
    located = warehouse.run_locations(run_id)
    return exists, {(f, o): at.astimezone(UTC) for f, o, at in located}


def _last_per_url(captures: list[CaptureRecord]) -> list[CaptureRecord]:
    """As the manifest does: a URL fetched several times in a run counts by its last response."""
    last: dict[str, CaptureRecord] = {}
    for c in captures:
        if c.status is not None:
            last.pop(c.url, None)
            last[c.url] = c
    return list(last.values())


def _reprocessed(fetched: int, errors: int) -> FinishFields:
    """crawl_runs fields of a run the warehouse did not have, once it is loaded."""

    def fields(batch: LoadBatch, loaded: LoadResult) -> dict[str, object]:
        return {
            "status": "completed",
            "pages_fetched": fetched,
            "fetch_errors": errors,
            "articles_seen": articles_seen(batch),
            "articles_new": loaded.articles_new,
            "message": REPROCESSED,
        }

    return fields


@flow(name="vnarchive-reprocess")
def reprocess_flow(
    archive_dir: str, db_path: str, sources: list[Source] | None = None
) -> ReprocessSummary:
    """Rebuild captures and content tables of `db_path` from the WARC files in `archive_dir`."""
    logger = get_run_logger()
    layout = ArchiveLayout(Path(archive_dir))  # the flow parameter stays a string (serialised)
    root = layout.root
    if not root.is_dir():
        raise FileNotFoundError(f"no archive directory {root}")
    runs = layout.warc_runs()
    known = _known_sources(db_path, sources)
    totals: dict[str, int] = {}
    n_captures = n_errors = n_pages = n_extract_errors = n_attachments = articles_total = 0
    damage: list[Damage] = []
    skipped: list[SkippedLine] = []
    lost: list[str] = []
    for run_id, files in runs.items():
        run_damage: list[Damage] = []
        captures = captures_from_warc(run_id, files, run_damage)
        manifest = manifest_records(layout, run_id, skipped)
        lost += lost_to_damage(manifest, run_damage)
        damage += run_damage
        with Warehouse(db_path) as warehouse:
            stored, located = _stored_run(warehouse, run_id)
            if stored:
                # Keep the run's raw layer as loaded: same capture ids, nothing added.
                captures = [
                    c.model_copy(update={"fetched_at": located[(c.warc_file, c.warc_offset)]})
                    for c in captures
                    if c.status is not None and (c.warc_file, c.warc_offset) in located
                ]
            else:
                in_warc = {c.url for c in captures}
                captures += refusals_from_manifest(layout, run_id, manifest, in_warc)
            origins = sorted({_origin(c.url) for c in captures})
            for origin in origins:
                if source_for(origin + "/", known) is None:
                    known.append(Source.for_start_url(origin))
            started = min((c.fetched_at for c in captures), default=datetime.now(UTC))
            if not stored:
                warehouse.start_run(run_id, started, origins)
        # Extraction holds no connection (readers may use the file meanwhile).
        results = extract_pages(page_refs(_last_per_url(captures), run_id, known), root)
        attachments = run_attachments(_last_per_url(captures), root, run_id)
        fetched = sum(1 for c in captures if c.status is not None)
        errors = sum(1 for c in captures if c.error is not None or (c.status or 0) >= 400)

        finish = None if stored else _reprocessed(fetched, errors)
        # Resolution runs once, over everything, when every run is loaded (below).
        _, loaded = store(
            db_path, run_id, captures, results, known, attachments, finish, resolve_after=False
        )
        logger.info(
            "run %s: %d WARC files, %d captures, %d pages extracted, %d attachments",
            run_id, len(files), len(captures), len(results), len(attachments),
        )  # fmt: skip
        n_captures += len(captures)
        n_errors += errors
        n_pages += len(results)
        n_extract_errors += sum(1 for r in results if r.error)
        n_attachments += len(attachments)
        totals, articles_total = loaded.totals, loaded.articles_after
    # Every story was re-extracted: its entities are rebuilt from all the mentions at once.
    with Warehouse(db_path) as warehouse:
        resolution = resolve_entities(warehouse, rebuild=True)
        totals = warehouse.totals()
        # Re-extraction changed signatures: the near-duplicate index keeps only what is stored.
        indexed = rebuild_band_index(warehouse)
        logger.info("near-duplicate index rebuilt: %d copies", indexed)
    # Damage never stops a reprocess; it is said here, once, with where it is.
    for entry in damage:
        logger.warning("damaged WARC, skipped: %s", entry)
    for url in lost:
        logger.warning("page lost to WARC damage: %s", url)
    for line in skipped:
        logger.warning("unreadable manifest line, skipped: %s", line)
    return ReprocessSummary(
        db_path=db_path,
        archive_dir=archive_dir,
        runs=list(runs),
        warc_files=sum(len(f) for f in runs.values()),
        captures=n_captures,
        fetch_errors=n_errors,
        pages_extracted=n_pages,
        extract_errors=n_extract_errors,
        attachments=n_attachments,
        articles_total=articles_total,
        totals=totals,
        damaged_records=len(damage),
        damage=[str(d) for d in damage],
        lost_urls=lost,
        skipped_manifest_lines=len(skipped),
        manifest_damage=[str(s) for s in skipped],
        resolution=resolution.as_dict(),
    )
