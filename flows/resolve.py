"""The resolve step: link the mentions the loads wrote to entities, one row per real thing.

The load writes what each story said (conference_mentions, person_mentions, directive_mentions,
directive_relation_mentions) with NULL links; `resolve` links the unresolved ones and rewrites
the entity rows they touch, using the pure functions of pipelines/resolution:

- directives: a new citation that cannot change an earlier link (no subject or issuer stated,
  the group's spelling, a non-local symbol; undated, or dated the day of its term's stored
  document) is resolved against the stored documents of its group (`directive_group_key`: the
  symbol), read by directives.group_key, with `resolve_against_stored`: none of the group's other
  citations is read, and only the documents it joins are rewritten (their counts). Every other
  group an unresolved citation belongs to (a new dated document of the symbol, another day, a
  subject or issuer stated, a local symbol, a citation resolved before) is re-resolved whole with
  `resolve_directives`, and its documents replace the old ones;
- conferences: unresolved reports are scored (`score_pairs`, the stored Splink model) against
  the stored reports whose event day is within `CANDIDATE_DAYS` (one range filter on
  event_day per window of new days: only those reports are read and scored), the accepted
  pairs are stored in conference_edges, and the connected components of stored pairs touching
  them are re-clustered (`cluster_conferences`); their conferences are rewritten
  (`conference_entity`);
- people: a new mention whose person the rules give is stored and that cannot change another
  link (`people.resolve_against_stored`: no placeless body among the name's mentions, a known
  position spelled as stored) is joined to the stored people of its name (people.name_key),
  read with their positions and the distinct bodies of the name; otherwise every mention of each
  unresolved mention's name key (`person_group_key`) is re-resolved with `resolve_people`, and
  people and dated positions are rewritten;
- then the participants of the conferences whose people links or positions changed, the
  disseminated directives of the touched conferences, the relations stated by the touched
  stories, the organisations named, and entities left without mentions.

A mention is unresolved while `link_method` is NULL: new, re-extracted, moved by a story merge,
or resolved together with one of those (drop_story_mentions.sql marks them). Every entity
is a function of its group or component only, so the result does not depend on the order or
batching the articles arrived in, and `rebuild=True` (everything unresolved again) gives what
incremental runs gave. One transaction: a failure leaves the last resolved state.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.resolution.conferences import (
    CANDIDATE_DAYS,
    PREVIEW_LEAD_DAYS,
    blocking_span,
    cluster_conferences,
    conference_entity,
    event_day,
    score_pairs,
)
from pipelines.resolution.directives import (
    directive_group_key,
    resolve_against_stored,
    resolve_directives,
)
from pipelines.resolution.names import name_key
from pipelines.resolution.organizations import (
    ORGANIZATION_ALIASES,
    OrganizationAlias,
    canonical_organization,
)
from pipelines.resolution.people import resolve_against_stored as join_stored_people
from pipelines.resolution.people import resolve_people
from pipelines.resolution.records import (
    ConferenceEdge,
    ConferenceMentionRecord,
    DirectiveEntity,
    DirectiveLink,
    DirectiveMentionRecord,
    OrganizationRef,
    PersonEntity,
    PersonLink,
    PersonMentionRecord,
    PositionFact,
)
from warehouse import keys
from warehouse.db import read_sql

log = logging.getLogger(__name__)

# A stored multi-day event (held_on..held_until) is found by its first day: candidates are looked
# for this many days further back than the window (longer events are not told apart by day).
MAX_SPAN_DAYS = 31

# New conference reports are scored in chunks of this many (sorted by event day): each chunk's
# candidates are one range query, and memory stays bounded on a rebuild of a large archive.
SCORE_CHUNK = 2000


@dataclass(frozen=True)
class ResolveStats:
    """What one resolve did: mentions (re-)resolved and entity rows written, per kind."""

    rebuild: bool
    directive_mentions: int = 0  # citations (re-)resolved
    directive_incremental: int = 0  # of them, new ones resolved against the stored documents
    directives: int = 0  # documents written
    ambiguous_citations: int = 0  # citations left unresolved (several documents share the symbol)
    conference_mentions: int = 0  # reports scored
    conference_edges: int = 0  # accepted pairs stored for them
    conference_components: int = 0  # reports re-clustered (their connected components)
    conferences: int = 0  # conferences written
    person_mentions: int = 0
    person_incremental: int = 0  # of them, new ones joined to the stored people of their name
    people: int = 0
    unresolved_people: int = 0  # bare names shared by several people
    organizations: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for logs and the CLI."""
        kind = "rebuilt" if self.rebuild else "resolved"
        return (
            f"{kind}: {self.directive_mentions} citations → {self.directives} documents "
            f"({self.ambiguous_citations} ambiguous); {self.conference_mentions} conference "
            f"reports scored, {self.conference_edges} pairs accepted, "
            f"{self.conference_components} re-clustered → {self.conferences} conferences; "
            f"{self.person_mentions} people mentions → {self.people} people "
            f"({self.unresolved_people} ambiguous); {self.organizations} organisations; "
            f"{self.seconds:.2f} s"
        )

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _link_rows(links: Iterable[Any], entity_column: str, *, candidates: bool = False) -> list[dict]:
    """The mention → entity link columns every mention table shares (`entity_column` is the
    link record's field of the same name; directive links also carry their candidate count)."""
    return [
        {
            "mention_id": link.mention_id,
            entity_column: getattr(link, entity_column),
            "link_method": link.method,
            "link_confidence": float(link.confidence),
        }
        | ({"candidates": int(link.candidates)} if candidates else {})
        for link in links
    ]


Progress = Callable[[str], None]


def resolve(
    con: duckdb.DuckDBPyConnection,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> ResolveStats:
    """Resolve the mentions not yet resolved (or, ``rebuild``, all of them) and rewrite the
    entities they touch, in one transaction on the writer connection ``con``.

    A pending rebuild recorded in resolution_state (migration 0010) is honoured whatever was
    asked. ``progress`` hears one line per phase.
    """
    say = progress or (lambda line: log.info("%s", line))
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    try:
        pending = con.execute(read_sql("select_resolution_state")).fetchone()
        if pending and pending[0]:
            rebuild = True
        if rebuild:
            say("rebuild: every mention is resolved again")
            con.execute(read_sql("reset_resolution"))
        counts: dict[str, int] = {}
        touched_articles: set[str] = set()
        counts |= _resolve_directives(con, touched_articles, say)
        reclustered, regrouped, more = _resolve_conferences(con, say)
        counts |= more
        people_conferences, more, orgs = _resolve_people(con, say)
        counts |= more
        _rewrite_participants(con, regrouped | people_conferences)
        conferences = reclustered | people_conferences
        # Conferences whose stories' citations changed: what they disseminated may have.
        if touched_articles:
            rows = _select(
                con,
                read_sql("select_conferences_of_articles"),
                articles=_ids(touched_articles, "article_id"),
            )
            conferences |= {r["conference_id"] for r in rows if r["conference_id"]}
        _execute(
            con,
            read_sql("replace_conference_directives"),
            conferences=_ids(conferences, "conference_id"),
        )
        _execute(
            con,
            read_sql("replace_directive_relations"),
            articles=_ids(touched_articles, "article_id"),
        )
        orgs |= _conference_organizations(con, reclustered)
        counts["organizations"] = _write_organizations(con, orgs)
        con.execute(read_sql("delete_orphan_entities"))
        seconds = time.perf_counter() - started
        stats = ResolveStats(rebuild=rebuild, seconds=round(seconds, 3), **counts)
        con.execute(
            read_sql("update_resolution_state"),
            {"needs_rebuild": False, "reason": stats.summary(), "resolved_at": _now()},
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    say(stats.summary())
    return stats


# -- directives ------------------------------------------------------------------------------------


def _resolve_directives(
    con: duckdb.DuckDBPyConnection, touched_articles: set[str], say: Progress
) -> dict[str, int]:
    """New citations of a group resolved against its stored documents when they cannot change
    an earlier link (``resolve_against_stored``); the other groups re-resolved whole."""
    unresolved = _select(con, read_sql("select_unresolved_directive_mentions"))
    if not unresolved:
        return {}
    # A citation resolved before (re-extracted, moved, or marked with its group) has its group
    # re-resolved whole, and so has the group it leaves when its key changed.
    whole: set[str] = {r["group_key"] for r in unresolved if r["group_key"] is not None}
    new_by_group: dict[str, list[DirectiveMentionRecord]] = defaultdict(list)
    new_keys = []
    for row in unresolved:
        record = _directive_record(row)
        key = directive_group_key(record)
        if row["group_key"] is not None:
            whole.add(key)
        new_by_group[key].append(record)
        new_keys.append({"mention_id": row["mention_id"], "group_key": key})
    _execute(
        con, read_sql("update_directive_group_keys"), group_keys=pa.Table.from_pylist(new_keys)
    )
    stored: dict[str, list[DirectiveEntity]] = defaultdict(list)
    for r in _select(
        con,
        read_sql("select_directives_of_groups"),
        groups=_ids(set(new_by_group) - whole, "group_key"),
    ):
        stored[r.pop("group_key")].append(DirectiveEntity(**r))
    links: list[DirectiveLink] = []
    entities: list[tuple[str, DirectiveEntity]] = []
    incremental = 0
    for key in sorted(set(new_by_group) - whole):
        done = resolve_against_stored(new_by_group[key], stored.get(key, []))
        if done is None:
            whole.add(key)
            continue
        links += done[0]
        entities += [(key, e) for e in done[1]]
        touched_articles.update(m.article_id for m in new_by_group[key])
        incremental += len(done[0])
    members = _select(
        con, read_sql("select_directive_mentions_of_groups"), groups=_ids(whole, "group_key")
    )
    say(
        f"directives: {len(unresolved)} new citations, {incremental} resolved against the "
        f"stored documents of their symbol; {len(whole)} symbol groups, {len(members)} "
        f"citations resolved whole"
    )
    records = [_directive_record(r) for r in members]
    whole_links, whole_entities = resolve_directives(records)
    group_of = {r.mention_id: directive_group_key(r) for r in records}
    entity_group = {
        link.directive_id: group_of[link.mention_id]
        for link in whole_links
        if link.directive_id is not None
    }
    links += whole_links
    entities += [(entity_group[e.directive_id], e) for e in whole_entities]
    touched_articles.update(r.article_id for r in records)
    _execute(
        con,
        read_sql("replace_directive_entities"),
        directive_links=_table(
            _link_rows(links, "directive_id", candidates=True),
            _DIRECTIVE_LINK_SCHEMA,
        ),
        directive_entities=_table(
            [
                {
                    "directive_id": e.directive_id,
                    "group_key": key,
                    "symbol": e.symbol,
                    "doc_type": e.doc_type,
                    "number": e.number,
                    "year": e.year,
                    "term": e.term,
                    "locality": e.locality,
                    "issuer_code": e.issuer_code,
                    "issuer_name": e.issuer_name,
                    "issuer_source": e.issuer_source,
                    "issued_on": e.issued_on,
                    "subject": e.subject,
                    "mentions": e.mentions,
                }
                for key, e in entities
            ],
            _DIRECTIVE_SCHEMA,
        ),
        whole_groups=_ids(whole, "group_key"),
    )
    return {
        "directive_mentions": len(links),
        "directive_incremental": incremental,
        "directives": len(entities),
        "ambiguous_citations": sum(1 for link in links if link.directive_id is None),
    }


def _directive_record(row: dict[str, Any]) -> DirectiveMentionRecord:
    return DirectiveMentionRecord(
        mention_id=row["mention_id"],
        article_id=row["article_id"],
        symbol=row["symbol"],
        doc_type=row["doc_type"],
        year=row["year"],
        issued_on=row["issued_on"],
        issuer_code=row["issuer_code"],
        issuer_stated=row["issuer_stated"],
        subject=row["subject"],
        locality=row["locality"],
        source_province=row["source_province"],
        published_on=row["published_on"],
        disseminated=bool(row.get("disseminated")),
    )


# -- conferences -----------------------------------------------------------------------------------


def _resolve_conferences(
    con: duckdb.DuckDBPyConnection, say: Progress
) -> tuple[set[str], set[str], dict[str, int]]:
    """Score unresolved reports, store their accepted pairs, re-cluster their components.
    Returns the conference ids written, those whose reports changed (or that are gone), and the
    counts."""
    unresolved = [
        _conference_record(r)
        for r in _select(con, read_sql("select_unresolved_conference_mentions"))
    ]
    if not unresolved:
        return set(), set(), {}
    new_edges = _score(con, unresolved)
    say(f"conferences: {len(unresolved)} reports scored, {len(new_edges)} pairs accepted")
    component_ids, edges = _components(con, {m.mention_id for m in unresolved})
    stored = _select(
        con, read_sql("select_conference_mentions_by_id"), ids=_ids(component_ids, "mention_id")
    )
    members = [_conference_record(r) for r in stored]
    links = cluster_conferences(members, edges)
    # A conference whose reports are the same as before is the same row with the same
    # participants (they depend on its reports and their people): only the others' participants
    # are rewritten (the people step adds those whose people changed).
    before = {r["mention_id"]: r["conference_id"] for r in stored}
    changed = {
        cid
        for link in links
        if before.get(link.mention_id) != link.conference_id
        for cid in (before.get(link.mention_id), link.conference_id)
        if cid is not None
    }
    by_id = {m.mention_id: m for m in members}
    clusters: dict[str, list[ConferenceMentionRecord]] = defaultdict(list)
    for link in links:
        clusters[link.conference_id].append(by_id[link.mention_id])
    rows = []
    for conference_id in sorted(clusters):
        group = sorted(clusters[conference_id], key=lambda m: m.mention_id)
        entity = conference_entity(conference_id, group)
        # A placeless organiser ("Tỉnh ủy") is placed by the site of the report that wrote it.
        province = next((m.source_province for m in group if m.organizer == entity.organizer), None)
        ref = canonical_organization(entity.organizer, entity.held_on, province=province)
        rows.append(
            {
                "conference_id": entity.conference_id,
                "name": entity.name,
                "kind": entity.kind,
                "period": entity.period,
                "held_on": entity.held_on,
                "held_until": entity.held_until,
                "organizer": entity.organizer,
                "organization_id": ref.organization_id if ref else entity.organization_id,
                "format": entity.format,
                "location": entity.location,
                "nationwide": bool(entity.nationwide),
                "status": entity.status,
                "reports": entity.reports,
                "sites": len({m.source_id for m in group if m.source_id}),
            }
        )
    _execute(
        con,
        read_sql("replace_conference_entities"),
        conference_links=_table(
            _link_rows(links, "conference_id"),
            _CONFERENCE_LINK_SCHEMA,
        ),
        conference_entities=_table(rows, _CONFERENCE_SCHEMA),
        changed_conferences=_ids(changed, "conference_id"),
    )
    say(
        f"conferences: {len(members)} reports re-clustered into {len(clusters)} conferences "
        f"({len(changed & set(clusters))} changed)"
    )
    return (
        set(clusters),
        changed,
        {
            "conference_mentions": len(unresolved),
            "conference_edges": len(new_edges),
            "conference_components": len(members),
            "conferences": len(clusters),
        },
    )


def _score(
    con: duckdb.DuckDBPyConnection, new: list[ConferenceMentionRecord]
) -> list[ConferenceEdge]:
    """Score new reports against the stored ones near them, and among themselves; store the
    accepted pairs. Each pair is scored once: a new report not yet scored is left out of the
    candidates of the chunks before its own."""
    ordered = sorted(
        new, key=lambda m: (event_day(m) is None, event_day(m) or date.min, m.mention_id)
    )
    pending = {m.mention_id for m in ordered}
    accepted: list[ConferenceEdge] = []
    window = timedelta(days=CANDIDATE_DAYS)
    for start in range(0, len(ordered), SCORE_CHUNK):
        chunk = ordered[start : start + SCORE_CHUNK]
        chunk_ids = {m.mention_id for m in chunk}
        spans = [span for span in (blocking_span(m) for m in chunk) if span is not None]
        pool: list[ConferenceMentionRecord] = []
        for first, last in _windows(spans, window):
            params = {
                "first": first,
                "last": last,
                # a stored multi-day event or undated preview is found by its first day
                "longest": first - timedelta(days=max(MAX_SPAN_DAYS, PREVIEW_LEAD_DAYS)),
                "preview_lead": PREVIEW_LEAD_DAYS,
            }
            rows = _dicts(con.execute(read_sql("select_conference_mentions_near"), params))
            pool.extend(_conference_record(r) for r in rows if r["mention_id"] not in pending)
        pool = list({m.mention_id: m for m in pool}.values())
        accepted.extend(score_pairs(chunk, pool))
        pending -= chunk_ids
    edges = sorted(
        {(e.left, e.right): e for e in accepted}.values(), key=lambda e: (e.left, e.right)
    )
    _execute(
        con,
        read_sql("replace_conference_edges"),
        scored=_ids({m.mention_id for m in new}, "mention_id"),
        conference_edges=_table(
            [
                {
                    "left_mention_id": e.left,
                    "right_mention_id": e.right,
                    "match_weight": float(e.match_weight),
                    "match_probability": float(e.match_probability),
                }
                for e in edges
            ],
            _EDGE_SCHEMA,
        ),
    )
    return edges


def _windows(spans: Iterable[tuple[date, date]], radius: timedelta) -> list[tuple[date, date]]:
    """Disjoint [first, last] ranges covering every span ± radius (one query each)."""
    out: list[tuple[date, date]] = []
    for start, end in sorted(set(spans)):
        first, last = start - radius, end + radius
        if out and first <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def _components(
    con: duckdb.DuckDBPyConnection, seeds: set[str]
) -> tuple[set[str], list[ConferenceEdge]]:
    """The reports connected to `seeds` by stored pairs, and those pairs (breadth first)."""
    seen = set(seeds)
    frontier = set(seeds)
    edges: dict[tuple[str, str], ConferenceEdge] = {}
    while frontier:
        rows = _select(con, read_sql("select_edges_touching"), ids=_ids(frontier, "mention_id"))
        frontier = set()
        for r in rows:
            edge = ConferenceEdge(
                left=r["left_mention_id"],
                right=r["right_mention_id"],
                match_weight=r["match_weight"],
                match_probability=r["match_probability"],
            )
            edges[(edge.left, edge.right)] = edge
            for side in (edge.left, edge.right):
                if side not in seen:
                    seen.add(side)
                    frontier.add(side)
    return seen, [edges[k] for k in sorted(edges)]


def _conference_record(row: dict[str, Any]) -> ConferenceMentionRecord:
    return ConferenceMentionRecord(
        mention_id=row["mention_id"],
        article_id=row["article_id"],
        source_id=row["source_id"],
        source_province=row["source_province"],
        published_on=row["published_on"],
        name=row["name"],
        kind=row["kind"],
        period=row["period"],
        held_on=row["held_on"],
        held_until=row["held_until"],
        organizer=row["organizer"],
        format=row["format"],
        location=row["location"],
        bridge_point=row["bridge_point"],
        nationwide=bool(row["nationwide"]),
        status=row["status"] or "held",
        directives=tuple(row["directives"] or ()),
        chairs=tuple(row["chairs"] or ()),
        speakers=tuple(row["speakers"] or ()),
        place=row["place"],
        figures=tuple(row["figures"] or ()),
        story_minhash=row.get("story_minhash"),
    )


# -- people and organisations ----------------------------------------------------------------------


def _resolve_people(
    con: duckdb.DuckDBPyConnection, say: Progress
) -> tuple[set[str], dict[str, int], set[tuple[OrganizationRef, str]]]:
    """New mentions joined to the stored people of their name when they cannot change anything
    else (``people.resolve_against_stored``); every mention of each other touched name
    re-resolved. Returns the conferences whose participants may have changed, the counts, and
    the organisations named (with the spelling seen)."""
    unresolved = _select(con, read_sql("select_unresolved_person_mentions"))
    if not unresolved:
        return set(), {}, set()
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in unresolved:
        by_name[r["name_key"]].append(r)
    staged_names = _ids(by_name, "name_key")
    stored: dict[str, list[PersonEntity]] = defaultdict(list)
    for r in _select(con, read_sql("select_people_of_names"), names=staged_names):
        stored[r["name_key"]].append(PersonEntity(**r))
    facts: dict[str, list[PositionFact]] = defaultdict(list)
    for r in _select(
        con,
        read_sql("select_positions_of_people"),
        people=_ids({p.person_id for ps in stored.values() for p in ps}, "person_id"),
    ):
        facts[r["person_id"]].append(
            PositionFact(
                r["person_id"], r["title"], r["organization_id"], r["first_seen"], r["last_seen"]
            )
        )
    bodies: dict[str, set[tuple[str | None, str | None]]] = defaultdict(set)
    for r in _select(con, read_sql("select_organizations_of_names"), names=staged_names):
        bodies[r["name_key"]].add((r["organization"], r["source_province"]))
    fast_links: list[PersonLink] = []
    fast_facts: list[PositionFact] = []
    conferences: set[str] = set()
    orgs: set[tuple[OrganizationRef, str]] = set()
    names: list[str] = []
    for name in sorted(by_name):
        rows = by_name[name]
        done = join_stored_people(
            [_person_record(r) for r in rows],
            stored.get(name, []),
            [f for p in stored.get(name, []) for f in facts.get(p.person_id, [])],
            bodies.get(name, set()),
        )
        if done is None:
            names.append(name)
            continue
        fast_links += done[0]
        fast_facts += done[1]
        linked = {link.mention_id: link.person_id for link in done[0]}
        for r in rows:
            if r["conference_id"] is not None and linked[r["mention_id"]] != r["old_person_id"]:
                conferences.add(r["conference_id"])
            ref = canonical_organization(r["organization"], province=r["source_province"])
            if ref is not None:
                orgs.add((ref, r["organization"]))
    if fast_links:
        _execute(
            con,
            read_sql("link_people"),
            person_links=_table(_link_rows(fast_links, "person_id"), _PERSON_LINK_SCHEMA),
            positions=_table(_position_rows(fast_facts), _POSITION_SCHEMA),
        )
    counts = {"person_mentions": len(fast_links), "person_incremental": len(fast_links)}
    if not names:
        say(f"people: {len(fast_links)} new mentions joined to the stored people of their name")
        return conferences, counts, orgs
    rows = _select(con, read_sql("select_person_mentions_of_names"), names=_ids(names, "name_key"))
    links, people, positions = resolve_people([_person_record(r) for r in rows])
    old_positions = _select(
        con,
        read_sql("select_positions_of_people"),
        people=_ids({r["old_person_id"] for r in rows if r["old_person_id"]}, "person_id"),
    )
    for r in rows:
        # Read as pipelines/resolution/people.py places positions (no date): the same ids.
        ref = canonical_organization(r["organization"], province=r["source_province"])
        if ref is not None:
            orgs.add((ref, r["organization"]))
    position_rows = _position_rows(positions)
    _execute(
        con,
        read_sql("replace_people"),
        person_links=_table(
            _link_rows(links, "person_id"),
            _PERSON_LINK_SCHEMA,
        ),
        people=_table(
            [{"person_id": p.person_id, "name": p.name, "name_key": p.name_key} for p in people],
            _PEOPLE_SCHEMA,
        ),
        positions=_table(
            list({row["position_id"]: row for row in position_rows}.values()), _POSITION_SCHEMA
        ),
    )
    say(
        f"people: {len(fast_links)} new mentions joined to the stored people of their name; "
        f"{len(names)} names, {len(rows)} mentions → {len(people)} people"
    )
    # Participants are rewritten only where they can change: conferences of a mention whose
    # link changed, or of a person whose positions (ids, titles, bodies) changed.
    held: dict[str, set[tuple]] = defaultdict(set)
    for p in old_positions:
        held[p["person_id"]].add(("old", p["position_id"], p["title"], p["organization_id"]))
    for p in position_rows:
        held[p["person_id"]].add(("new", p["position_id"], p["title"], p["organization_id"]))
    changed = {
        pid
        for pid, fs in held.items()
        if {f[1:] for f in fs if f[0] == "old"} != {f[1:] for f in fs if f[0] == "new"}
    }
    linked = {link.mention_id: link.person_id for link in links}
    conferences |= {
        r["conference_id"]
        for r in rows
        if r["conference_id"] is not None
        and (
            linked.get(r["mention_id"]) != r["old_person_id"]
            or linked.get(r["mention_id"]) in changed
            or r["old_person_id"] in changed
        )
    }
    return (
        conferences,
        {
            "person_mentions": len(rows) + len(fast_links),
            "person_incremental": len(fast_links),
            "people": len(people),
            "unresolved_people": sum(1 for link in links if link.person_id is None),
        },
        orgs,
    )


def _position_rows(facts: Iterable[PositionFact]) -> list[dict[str, Any]]:
    """Rows of the positions table for dated position facts."""
    return [
        {
            "position_id": keys.position_id(f.person_id, f.title, f.organization_id),
            "person_id": f.person_id,
            "title": f.title,
            "organization_id": f.organization_id,
            "first_seen": f.first_seen,
            "last_seen": f.last_seen,
        }
        for f in facts
    ]


def _person_record(r: dict[str, Any]) -> PersonMentionRecord:
    return PersonMentionRecord(
        mention_id=r["mention_id"],
        article_id=r["article_id"],
        name=r["name"],
        position=r["position"],
        organization=r["organization"],
        seen_on=r["seen_on"],
        source_province=r["source_province"],
    )


def _rewrite_participants(con: duckdb.DuckDBPyConnection, conferences: set[str]) -> None:
    """The chairs, bridge-point chairs and speakers of each conference, from its reports'
    resolved people: one row per (conference, person, role), the position as a report wrote it
    (the smallest text when reports differ, so arrival order does not matter)."""
    if not conferences:
        return
    staged = _ids(conferences, "conference_id")
    rows = _select(con, read_sql("select_conference_people"), conferences=staged)
    # Unresolved people are dropped here, not in the SQL: a second condition on the indexed
    # scan would make DuckDB scan the table instead.
    rows = [r for r in rows if r["person_id"] is not None]
    # The position rows resolution wrote for these people (pipelines/resolution/people.py
    # places a title at its organisation as read without a date): a report's title joins the
    # person's position of that title at that organisation, or the one of that title.
    held = _select(
        con,
        read_sql("select_positions_of_people"),
        people=_ids({r["person_id"] for r in rows}, "person_id"),
    )
    title_key = lru_cache(maxsize=None)(name_key)  # titles repeat: key each spelling once
    exact: dict[tuple[str, str, str | None], str] = {}
    by_title: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in held:
        title = title_key(p["title"])
        exact[(p["person_id"], title, p["organization_id"])] = p["position_id"]
        by_title[(p["person_id"], title)].add(p["position_id"])
    best: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in sorted(
        rows, key=lambda r: (r["position"] is None, r["position"] or "", r["mention_id"])
    ):
        key = (r["conference_id"], r["person_id"], r["role"])
        if key in best:
            continue
        position_id = None
        if r["position"]:
            ref = canonical_organization(r["organization"], province=r["source_province"])
            title = title_key(r["position"])
            position_id = exact.get((r["person_id"], title, ref.organization_id if ref else None))
            if position_id is None and len(by_title[(r["person_id"], title)]) == 1:
                position_id = next(iter(by_title[(r["person_id"], title)]))
        best[key] = {
            "conference_id": r["conference_id"],
            "person_id": r["person_id"],
            "role": r["role"],
            "position_id": position_id,
            "position": r["position"],
            "bridge_point": r["bridge_point"] if r["role"] == "bridge_chair" else None,
        }
    _execute(
        con,
        read_sql("replace_conference_participants"),
        conferences=staged,
        conference_participants=_table(list(best.values()), _PARTICIPANT_SCHEMA),
    )


def _conference_organizations(
    con: duckdb.DuckDBPyConnection, conferences: set[str]
) -> set[tuple[OrganizationRef, str]]:
    """Organisers of the re-clustered conferences (canonical, with each spelling reported)."""
    if not conferences:
        return set()
    rows = _select(
        con,
        read_sql("select_conference_organizers"),
        conferences=_ids(conferences, "conference_id"),
    )
    out: set[tuple[OrganizationRef, str]] = set()
    for r in rows:
        ref = canonical_organization(r["organizer"], r["event_day"], province=r["source_province"])
        if ref is not None:
            out.add((ref, r["organizer"]))
    return out


def _write_organizations(
    con: duckdb.DuckDBPyConnection, named: set[tuple[OrganizationRef, str]]
) -> int:
    """Upsert the canonical organisations named, their curated aliases and the spellings the
    stories used (when they differ from the canonical name)."""
    if not named:
        return 0
    orgs: dict[str, OrganizationRef] = {}
    aliases: list[dict[str, Any]] = []
    for ref, written in sorted(named, key=lambda x: (x[0].organization_id, x[1])):
        orgs.setdefault(ref.organization_id, ref)
        if written and name_key(written) != ref.name_key:
            aliases.append(_alias(written, ref.organization_id, "mention", None, None, None))
        aliases.extend(_curated(alias, ref.organization_id) for alias in ref.aliases)
    _execute(
        con,
        read_sql("upsert_resolved_organizations"),
        organizations=_table(
            [
                {"organization_id": r.organization_id, "name": r.name, "name_key": r.name_key}
                for r in orgs.values()
            ],
            _ORGANIZATION_SCHEMA,
        ),
        organization_aliases=_table(aliases, _ALIAS_SCHEMA),
    )
    return len(orgs)


def _alias(
    alias: str,
    organization_id: str,
    source: str,
    valid_from: date | None,
    valid_until: date | None,
    note: str | None,
) -> dict[str, Any]:
    return {
        "alias": alias,
        "alias_key": name_key(alias),
        "organization_id": organization_id,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "source": source,
        "note": note,
    }


def _curated(alias: str, organization_id: str) -> dict[str, Any]:
    """An alias `canonical_organization` lists (ORGANIZATION_ALIASES, with the body's place
    appended), with the dates and note of its table entry."""
    entry = _ALIAS_ENTRIES.get(alias)
    if entry is None:  # "<alias> <place>": the entry of the longest alias it starts with
        heads = [a for a in _ALIAS_ENTRIES if alias.startswith(a + " ")]
        entry = _ALIAS_ENTRIES[max(heads, key=len)] if heads else None
    if entry is None:
        return _alias(alias, organization_id, "curated", None, None, None)
    note = f"{entry.kind}: {entry.note}" if entry.note else entry.kind
    return _alias(alias, organization_id, "curated", entry.valid_from, entry.valid_until, note)


_ALIAS_ENTRIES: dict[str, OrganizationAlias] = {}
for _entry in ORGANIZATION_ALIASES:  # the first entry of an alias wins, as in the table
    _ALIAS_ENTRIES.setdefault(_entry.alias, _entry)


# -- plumbing --------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _select(con: duckdb.DuckDBPyConnection, sql: str, **staged: pa.Table) -> list[dict]:
    """Rows of a query, fetched while its staged tables are registered (a result is read
    lazily: unregistering first would read nothing)."""
    rows: list[dict] = []
    _execute(con, sql, lambda cursor: rows.extend(_dicts(cursor)), **staged)
    return rows


def _execute(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    fetch: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    **staged: pa.Table,
) -> None:
    """Run `sql` (a warehouse/sql file) with each Arrow table registered as staged_<name>."""
    for name, table in staged.items():
        con.register(f"staged_{name}", table)
    try:
        cursor = con.execute(sql)
        if fetch is not None:
            fetch(cursor)
    finally:
        for name in staged:
            con.unregister(f"staged_{name}")


def _ids(values: Iterable[str], column: str) -> pa.Table:
    return pa.table({column: pa.array(sorted(set(values)), pa.string())})


def _table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=schema)


S, F64, I32, DATE, BOOL = pa.string(), pa.float64(), pa.int32(), pa.date32(), pa.bool_()

_DIRECTIVE_LINK_SCHEMA = pa.schema(
    [
        ("mention_id", S),
        ("directive_id", S),
        ("link_method", S),
        ("link_confidence", F64),
        ("candidates", I32),
    ]
)
_DIRECTIVE_SCHEMA = pa.schema(
    [
        ("directive_id", S),
        ("group_key", S),
        ("symbol", S),
        ("doc_type", S),
        ("number", S),
        ("year", I32),
        ("term", I32),
        ("locality", S),
        ("issuer_code", S),
        ("issuer_name", S),
        ("issuer_source", S),
        ("issued_on", DATE),
        ("subject", S),
        ("mentions", I32),
    ]
)
_CONFERENCE_LINK_SCHEMA = pa.schema(
    [("mention_id", S), ("conference_id", S), ("link_method", S), ("link_confidence", F64)]
)
_CONFERENCE_SCHEMA = pa.schema(
    [
        ("conference_id", S),
        ("name", S),
        ("kind", S),
        ("period", S),
        ("held_on", DATE),
        ("held_until", DATE),
        ("organizer", S),
        ("organization_id", S),
        ("format", S),
        ("location", S),
        ("nationwide", BOOL),
        ("status", S),
        ("reports", I32),
        ("sites", I32),
    ]
)
_EDGE_SCHEMA = pa.schema(
    [
        ("left_mention_id", S),
        ("right_mention_id", S),
        ("match_weight", F64),
        ("match_probability", F64),
    ]
)
_PERSON_LINK_SCHEMA = pa.schema(
    [("mention_id", S), ("person_id", S), ("link_method", S), ("link_confidence", F64)]
)
_PEOPLE_SCHEMA = pa.schema([("person_id", S), ("name", S), ("name_key", S)])
_POSITION_SCHEMA = pa.schema(
    [
        ("position_id", S),
        ("person_id", S),
        ("title", S),
        ("organization_id", S),
        ("first_seen", DATE),
        ("last_seen", DATE),
    ]
)
_PARTICIPANT_SCHEMA = pa.schema(
    [
        ("conference_id", S),
        ("person_id", S),
        ("role", S),
        ("position_id", S),
        ("position", S),
        ("bridge_point", S),
    ]
)
_ORGANIZATION_SCHEMA = pa.schema([("organization_id", S), ("name", S), ("name_key", S)])
_ALIAS_SCHEMA = pa.schema(
    [
        ("alias", S),
        ("alias_key", S),
        ("organization_id", S),
        ("valid_from", DATE),
        ("valid_until", DATE),
        ("source", S),
        ("note", S),
    ]
)
