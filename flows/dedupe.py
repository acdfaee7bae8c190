"""Dedupe stage: give every extracted page its story.

Exact duplicates share a canonical URL or a normalised-body hash; near-duplicates (the same story
republished with other chrome, light edits or another title) are found with MinHash + LSH against
both this batch and every copy already in the warehouse. Each story's canonical copy is the
earliest published, ties broken by source priority.

A run reads only what its batch touches (`plan_against_warehouse`): the near-duplicate candidates
of its pages from the persistent band index (warehouse/bands.py), then, by indexed lookups, every
stored copy of the stories that its URLs, body hashes and candidates reach. `plan_stories` over
that neighbourhood gives the same plan as over every stored copy: an LSH query only ever returns
candidates, a story's date veto and age need all its copies (fetched whole), and canonical copies
are chosen among the touched stories' copies (tests/test_band_index.py checks the equivalence on
random corpora).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

import numpy as np

from pipelines.dedupe import (
    DEFAULT_NUM_PERM,
    assign_stories,
    band_keys,
    canonical_copy,
    is_empty_signature,
    jaccard_estimate,
    lsh_bands,
    signature_from_bytes,
)
from warehouse.bands import (
    BandIndex,
    band_index_path,
    ensure_current,
    open_band_index,
    rebuild,
)
from warehouse.keys import article_id

if TYPE_CHECKING:
    from warehouse.db import Warehouse

NEAR_DUPLICATE_THRESHOLD = 0.8
MAX_REPUBLISH_DAYS = 90
DEFAULT_PRIORITY = 100


@dataclass(frozen=True, slots=True)
class CopyInfo:
    """What story assignment needs to know of one page (new in this batch or stored)."""

    url: str
    source_id: str
    published_at: datetime | None
    published_on: date | None
    content_hash: str
    signature: np.ndarray
    article_id: str | None = None  # set for stored copies


@dataclass
class StoryPlan:
    story_of: dict[str, str] = field(default_factory=dict)  # batch copy URL -> article_id
    similarity: dict[str, float] = field(default_factory=dict)  # every copy of a touched story
    canonical: dict[str, str] = field(default_factory=dict)  # touched article_id -> copy URL
    new_stories: set[str] = field(default_factory=set)
    merged: dict[str, str] = field(default_factory=dict)  # old article_id -> surviving one


def story_id_for(url: str) -> str:
    return article_id(url)  # the warehouse's key: md5 of the founding copy's URL


def _published(copy: CopyInfo) -> datetime:
    """When the copy appeared (undated copies sort last)."""
    if copy.published_at:
        return copy.published_at
    return datetime.combine(copy.published_on, time.min) if copy.published_on else datetime.max


def _close_in_time(a: CopyInfo, b: CopyInfo) -> bool:
    """Copies of one story appear within weeks of each other; bodies alike but published years
    apart are recurring templates (a monthly "Hội nghị báo cáo viên" notice), not one story."""
    if a.published_on is None or b.published_on is None:
        return True
    return abs((a.published_on - b.published_on).days) <= MAX_REPUBLISH_DAYS


def plan_stories(
    batch: Iterable[CopyInfo],
    stored: Iterable[CopyInfo],
    priority: dict[str, int],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> StoryPlan:
    """Assign each batch copy to a story and pick the canonical copy of every touched story."""
    batch = {c.url: c for c in batch}  # one entry per canonical URL; the latest extraction wins
    stored_by_url = {c.url: c for c in stored}
    plan = StoryPlan()

    # Exact: a URL already stored keeps its story; an identical body joins its twin's story
    # when close in time (else the near pass decides, as for twins within the batch: a batch
    # stored in several loads, or over several runs, gets the stories it would get at once).
    # Twins are taken in URL order, so the plan does not depend on the order copies were read.
    by_hash: dict[str, list[CopyInfo]] = defaultdict(list)
    for c in sorted(stored_by_url.values(), key=lambda c: c.url):
        if c.article_id:
            by_hash[c.content_hash].append(c)
    pending: list[CopyInfo] = []
    for copy in batch.values():
        known = stored_by_url.get(copy.url)
        twin = next(
            (t for t in by_hash.get(copy.content_hash, ()) if _close_in_time(copy, t)), None
        )
        if known is not None and known.article_id:
            plan.story_of[copy.url] = known.article_id
        elif twin is not None:
            plan.story_of[copy.url] = twin.article_id  # type: ignore[assignment]
        else:
            pending.append(copy)

    # Near: MinHash + LSH over the pending copies against everything else.
    if pending:
        pending_urls = {c.url for c in pending}
        # A stored page extracted again in this batch is indexed once, with its new signature.
        existing = [
            (c.url, c.article_id, c.signature)
            for c in stored_by_url.values()
            if c.article_id and c.url not in pending_urls and c.url not in plan.story_of
        ]
        existing += [(url, sid, batch[url].signature) for url, sid in plan.story_of.items()]
        everything = {**stored_by_url, **batch}
        first_seen: dict[str, datetime] = {}
        for copy in everything.values():
            if copy.article_id:
                when = _published(copy)
                first_seen[copy.article_id] = min(first_seen.get(copy.article_id, when), when)
        result = assign_stories(
            [(c.url, c.signature) for c in pending],
            existing,
            threshold=threshold,
            new_story_id=lambda keys: story_id_for(str(keys[0])),
            can_merge=lambda a, b: _close_in_time(everything[a], everything[b]),
            # "Older story survives a merge" means published earlier, not a smaller md5.
            story_order=lambda story: (first_seen.get(story, datetime.max), story),
        )
        for copy in pending:
            plan.story_of[copy.url] = result.assignment[copy.url]
        plan.merged.update(result.merged)
    stored_story_ids = {c.article_id for c in stored_by_url.values()}
    if plan.merged:  # copies of merged-away stories now belong to the survivor
        plan.story_of = {u: plan.merged.get(s, s) for u, s in plan.story_of.items()}
    plan.new_stories = set(plan.story_of.values()) - stored_story_ids

    # Canonical copy and similarities of every touched story, over stored + batch copies.
    members: dict[str, dict[str, CopyInfo]] = defaultdict(dict)
    touched = set(plan.story_of.values())
    for copy in stored_by_url.values():
        story = plan.merged.get(copy.article_id or "", copy.article_id)
        if story in touched:
            members[story][copy.url] = copy
    for url, story in plan.story_of.items():
        members[story][url] = batch[url]
    for story, copies in members.items():
        canonical = copies[
            canonical_copy(
                (
                    c.url,
                    c.published_at or c.published_on,
                    priority.get(c.source_id, DEFAULT_PRIORITY),
                )
                for c in copies.values()
            )
        ]
        plan.canonical[story] = canonical.url
        for url, copy in copies.items():
            plan.similarity[url] = (
                1.0
                if url == canonical.url
                else jaccard_estimate(copy.signature, canonical.signature)
            )
    return plan


def stored_copy(row: tuple) -> CopyInfo:
    """A `Warehouse.story_copies` / `stored_copies` row as story assignment takes it."""
    url, source_id, published_at, published_on, content_hash, minhash, story = row
    return CopyInfo(
        url=url,
        source_id=source_id,
        published_at=published_at,
        published_on=published_on,
        content_hash=content_hash,
        signature=signature_from_bytes(minhash),
        article_id=story,
    )


def plan_against_warehouse(
    warehouse: Warehouse,
    batch: list[CopyInfo],
    priority: dict[str, int],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> StoryPlan:
    """`plan_stories` of the batch against the stored copies it can reach (module docstring),
    and the batch's buckets added to the band index: before the load commits, so the index may
    hold a copy the warehouse lacks (a failed load), never the reverse (warehouse/bands.py)."""
    if not batch:
        return plan_stories(batch, [], priority, threshold)
    signatures = np.stack([c.signature for c in batch])
    urls, hashes = [c.url for c in batch], [c.content_hash for c in batch]
    bands = attached_band_index(warehouse, threshold)
    # The index knows every stored URL and body hash: the warehouse is asked only about the
    # copies it names (a handful), not about each page of the batch (docs/warehouse.md).
    reached = bands.neighbours(urls, signatures, hashes)
    rows = warehouse.story_copies(sorted(reached), [])
    plan = plan_stories(batch, [stored_copy(row) for row in rows], priority, threshold)
    bands.add(urls, signatures, hashes)
    return plan


def buckets(signatures: np.ndarray, bands: int, rows: int) -> list[tuple[int, list[int]]]:
    """(row, its LSH bucket per band) of each signature with words: what the band index stores
    and probes (an empty body is nobody's near-duplicate, as in `NearDuplicateIndex`)."""
    kept = [i for i, sig in enumerate(signatures) if not is_empty_signature(sig)]
    if not kept:
        return []
    return list(zip(kept, band_keys(signatures[kept], bands, rows).tolist(), strict=True))


def signatures_of(blobs: list[bytes]) -> np.ndarray:
    """Stored MinHash blobs as one uint64 matrix."""
    return np.stack([signature_from_bytes(b) for b in blobs])


def band_index(warehouse: Warehouse, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> BandIndex:
    """The persistent near-duplicate index beside the warehouse file (warehouse/bands.py),
    rebuilt first when it cannot be trusted. The caller closes it."""
    return open_band_index(
        band_index_path(warehouse.path),
        warehouse.con,
        warehouse.count("article_copies"),
        lsh_bands(threshold, DEFAULT_NUM_PERM),
        buckets,
        signatures_of,
    )


ATTACHED_BAND_INDEX = "band_index"


def attached_band_index(
    warehouse: Warehouse, threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> BandIndex:
    """The band index, opened once per warehouse connection and closed with it, checked (and
    rebuilt if need be) on every use. Kept open because SQLite copies its WAL into the file
    when its last connection closes: closed after each batch, that copy (and its syncs) would
    sit in story assignment; open, the load does it (`sync_band_index`)."""
    index = warehouse.attached.get(ATTACHED_BAND_INDEX)
    if not isinstance(index, BandIndex):
        index = BandIndex(band_index_path(warehouse.path), buckets)
        warehouse.attached[ATTACHED_BAND_INDEX] = index
    banding = lsh_bands(threshold, DEFAULT_NUM_PERM)
    ensure_current(index, warehouse.con, warehouse.count("article_copies"), banding, signatures_of)
    return index


def sync_band_index(warehouse: Warehouse) -> int:
    """Make what story assignment added to the band index durable in its file (warehouse/bands.py
    `BandIndex.checkpoint`); returns the pages written. The load calls it before committing, so
    the index stays a superset of the warehouse through a crash or a power cut."""
    index = warehouse.attached.get(ATTACHED_BAND_INDEX)
    return index.checkpoint() if isinstance(index, BandIndex) else 0


def rebuild_band_index(warehouse: Warehouse, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> int:
    """Index every stored copy again, dropping stale entries (`vnarchive reprocess`); returns
    the copies indexed."""
    with BandIndex(band_index_path(warehouse.path), buckets) as index:
        return rebuild(index, warehouse.con, *lsh_bands(threshold, DEFAULT_NUM_PERM), signatures_of)
