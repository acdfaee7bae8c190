"""People: mentions of a name with a role, resolved to persons, and their positions as dated facts.

Vietnamese names repeat ("Nguyễn Văn Hùng" is thousands of people), so a name alone is never an
identity. Within one name (the unit of resolution, ``person_group_key``):

1. mentions that name an organisation are one person per organisation: same name + same body
   (spelling, abbreviations and the 2025 renames do not matter: "Ban Tuyên giáo Trung ương" and
   "Ban Tuyên giáo và Dân vận Trung ương" are one line of bodies). A placeless organisation
   ("Tỉnh ủy") is placed in the reporting site's province when the mention has one; otherwise
   it joins the one placed body of its kind, stays unresolved when several fit, and is a person
   of its own (keyed by what it says) when none does;
2. mentions with a position but no organisation join the one person seen with that position;
   when no person has it they are one person by the position; when several have it they stay
   unresolved;
3. a bare name (no position, no organisation) joins the one person of that name, else stays
   unresolved (person_id None) and says why in ``method``.

person_id = md5(name key, the person's defining organisation key or position) — the same
whatever order the mentions come in. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .names import fold_tones, name_key
from .organizations import canonical_organization, organization_key, organizers_compatible
from .records import OrganizationRef, PersonEntity, PersonLink, PersonMentionRecord, PositionFact

__all__ = [
    "CONFIDENCE",
    "person_group_key",
    "person_id",
    "resolve_against_stored",
    "resolve_people",
]

# How surely each rule identifies a person (stored with the link).
CONFIDENCE: dict[str, float] = {
    "organization": 0.95,  # name + organisation agree
    "organization_placeless": 0.85,  # name + "Tỉnh ủy" joined the one placed body of that kind
    "position": 0.8,  # name + position agree (no organisation written)
    "position_only": 0.7,  # name + position, no person of that name has an organisation
    "name_unique": 0.6,  # bare name, one person of that name known
}


def person_group_key(m: PersonMentionRecord) -> str:
    """The unit of resolution: the name's key (tone placement, Đ, case, spacing folded)."""
    return name_key(m.name)


def person_id(name: str, defining: str) -> str:
    """md5 of the name key and the person's defining organisation key (or "position:" + the
    position key when no organisation is known)."""
    return hashlib.md5(f"{name_key(name)}\x1f{defining}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Read:
    """What one mention says, keyed."""

    m: PersonMentionRecord
    org: str | None  # organisation lineage key (successor of a renamed body), None if none
    placed: bool  # the organisation names its place (or is central)
    position: str | None  # position key


def _org_key(organization: str | None, province: str | None) -> tuple[str | None, bool]:
    """(key of the line of bodies the organisation belongs to, whether it names a body).

    Read on the last day (``date.max``): a renamed or merged body's people stay theirs, so
    "Ban Tuyên giáo Trung ương" (2020) and "Ban Tuyên giáo và Dân vận Trung ương" (2025) are one
    line. A placeless organisation ("Tỉnh ủy") is placed in the reporting site's province when
    the mention knows it; otherwise (or cut) it is keyed by what it says."""
    if not organization or not organization.strip():
        return None, False
    ref = canonical_organization(organization, date.max, province=province)
    if ref is None:
        key = organization_key(organization)
        return (key or None), False
    return ref.name_key, True


def _position_key(position: str | None) -> str | None:
    if not position or not position.strip():
        return None
    return name_key(position) or None


def _read(m: PersonMentionRecord) -> _Read:
    org, placed = _org_key(m.organization, m.source_province)
    return _Read(m, org, placed, _position_key(m.position))


def _display(values: Iterable[str]) -> str:
    """The most frequent spelling (tone placement folded), ties to the smallest: deterministic."""
    counts = Counter(" ".join(fold_tones(v).split()) for v in values if v and v.strip())
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], v))


def _resolve_group(
    reads: list[_Read],
) -> tuple[list[PersonLink], dict[str, list[_Read]], dict[str, str]]:
    """Links of one name's mentions, the members of each person, each person's defining key."""
    reads = sorted(reads, key=lambda r: r.m.mention_id)
    clusters: dict[str, list[_Read]] = defaultdict(list)  # defining key → members
    method: dict[str, str] = {}  # mention_id → rule
    # 1. organisation written with its place (or central): one person per body.
    for r in reads:
        if r.org and r.placed:
            clusters[r.org].append(r)
            method[r.m.mention_id] = "organization"
    placed_keys = sorted(clusters)
    unresolved: dict[str, str] = {}
    # 1b. placeless organisation ("Tỉnh ủy"): the one compatible placed body; with several it
    # cannot choose; with none it is a person of its own, keyed by what it says.
    for r in reads:
        if r.org and not r.placed:
            fits = [
                k
                for k in placed_keys
                if organizers_compatible(r.m.organization, clusters[k][0].m.organization)
            ]
            if len(fits) == 1:
                clusters[fits[0]].append(r)
                method[r.m.mention_id] = "organization_placeless"
            elif fits:
                unresolved[r.m.mention_id] = f"ambiguous_organization:{len(fits)}"
            else:
                clusters[r.org].append(r)
                method[r.m.mention_id] = "organization"
    org_keys = sorted(clusters)
    # 2. position without organisation: the one person seen with it.
    by_position: dict[str, list[str]] = defaultdict(list)
    for k in org_keys:
        for p in sorted({r.position for r in clusters[k] if r.position}):
            by_position[p].append(k)
    for r in reads:
        if r.org or not r.position:
            continue
        owners = by_position.get(r.position, [])
        if len(owners) == 1:
            clusters[owners[0]].append(r)
            method[r.m.mention_id] = "position"
        elif not owners:
            key = f"position:{r.position}"
            clusters[key].append(r)
            method[r.m.mention_id] = "position_only"
        else:
            unresolved[r.m.mention_id] = f"ambiguous_position:{len(owners)}"
    # 3. bare name: the one person of that name.
    persons = sorted(clusters)
    for r in reads:
        if r.org or r.position:
            continue
        if len(persons) == 1:
            clusters[persons[0]].append(r)
            method[r.m.mention_id] = "name_unique"
        elif not persons:
            unresolved[r.m.mention_id] = "bare_name"
        else:
            unresolved[r.m.mention_id] = f"ambiguous_name:{len(persons)}"
    ids: dict[str, str] = {}
    for key, members in clusters.items():
        ids[key] = person_id(members[0].m.name, key)
    links: list[PersonLink] = []
    member_of = {r.m.mention_id: key for key, members in clusters.items() for r in members}
    for r in reads:
        mid = r.m.mention_id
        if mid in member_of:
            rule = method[mid]
            links.append(PersonLink(mid, ids[member_of[mid]], rule, CONFIDENCE[rule]))
        else:
            links.append(PersonLink(mid, None, unresolved[mid], 0.0))
    return links, {ids[k]: v for k, v in clusters.items()}, {ids[k]: k for k in clusters}


def _positions(pid: str, members: list[_Read], defining: str) -> list[PositionFact]:
    """Dated facts: per title × organisation, the first and last day the person was seen so."""
    groups: dict[tuple[str, str | None], list[_Read]] = defaultdict(list)
    org_ids: dict[tuple[str, str | None], str | None] = {}
    for r in members:
        if not r.position:
            continue
        org = r.m.organization
        ref = canonical_organization(org, province=r.m.source_province) if org else None
        if ref is None and r.m.organization is not None and not defining.startswith("position:"):
            # "Tỉnh ủy" of a person known to be of Tỉnh ủy Bắc Ninh: that body.
            ref = _defining_ref(members)
        org_id = ref.organization_id if ref else None
        k = (r.position, org_id)
        groups[k].append(r)
        org_ids[k] = org_id
    # A title seen without its body joins the one body the person held it in ("Tổng Bí thư"
    # alone and "Tổng Bí thư, Ban Chấp hành Trung ương" are one fact).
    for title in sorted({t for t, _ in groups}):
        bodies = [o for t, o in groups if t == title and o is not None]
        if (title, None) in groups and len(bodies) == 1:
            groups[(title, bodies[0])].extend(groups.pop((title, None)))
    facts: list[PositionFact] = []
    for k in sorted(groups, key=lambda x: (x[0], x[1] or "")):
        rs = groups[k]
        days = sorted(d for d in (r.m.seen_on for r in rs) if d is not None)
        facts.append(
            PositionFact(
                person_id=pid,
                title=_display(r.m.position or "" for r in rs),
                organization_id=org_ids[k],
                first_seen=days[0] if days else None,
                last_seen=days[-1] if days else None,
            )
        )
    return facts


def _defining_ref(members: list[_Read]) -> OrganizationRef | None:
    for r in sorted(members, key=lambda r: r.m.mention_id):
        if r.placed and r.m.organization:
            ref = canonical_organization(r.m.organization, province=r.m.source_province)
            if ref is not None:
                return ref
    return None


def resolve_people(
    mentions: Sequence[PersonMentionRecord],
) -> tuple[list[PersonLink], list[PersonEntity], list[PositionFact]]:
    """Links (one per mention, in mention_id order), persons and their dated positions.

    Deterministic and order-independent: the same mentions in any order give the same output.
    """
    groups: dict[str, list[_Read]] = defaultdict(list)
    for m in mentions:
        key = person_group_key(m)
        if key:
            groups[key].append(_read(m))
    links: list[PersonLink] = []
    entities: list[PersonEntity] = []
    facts: list[PositionFact] = []
    for key in sorted(groups):
        g_links, members, defining = _resolve_group(groups[key])
        links.extend(g_links)
        for pid in sorted(members):
            entities.append(PersonEntity(pid, _display(r.m.name for r in members[pid]), key))
            facts.extend(_positions(pid, members[pid], defining[pid]))
    # Mentions whose name has no key (empty after cleaning) resolve to nobody.
    for m in mentions:
        if not person_group_key(m):
            links.append(PersonLink(m.mention_id, None, "no_name", 0.0))
    links.sort(key=lambda link: link.mention_id)
    entities.sort(key=lambda e: e.person_id)
    facts.sort(key=lambda f: (f.person_id, f.title, f.organization_id or ""))
    return links, entities, facts


def resolve_against_stored(
    new: Sequence[PersonMentionRecord],
    people: Sequence[PersonEntity],
    positions: Sequence[PositionFact],
    organizations: Iterable[tuple[str | None, str | None]],
) -> tuple[list[PersonLink], list[PositionFact]] | None:
    """The incremental path: new mentions of one name joined to the stored people of that name
    (``people``, their ``positions``, and the distinct (organisation, site province) pairs every
    mention of the name gives, new ones included), without reading the name's other mentions.
    Returns the new mentions' links and the position facts they change (first or last day
    seen), exactly what ``resolve_people`` of every mention of the name would give; None when a
    new mention can change an earlier link, a person or a position, and the name must be
    resolved whole.

    A mention qualifies when the person the rules give it (its placed body's; by its position,
    the one body's person holding it, else the person of that position; a bare name, the one
    person of the name) is stored, its name is spelled as that person is shown, and its
    position is one the person is stored holding, spelled as stored (a title without its body
    at a person holding it at several bodies may start that fact). One the rules leave
    ambiguous stays unresolved. Joining a stored person changes neither the set of people nor
    the bodies and positions the other mentions are compared with — as long as no mention of
    the name has a placeless organisation ("Tỉnh ủy"), which is compared with a person's first
    mention (that can be the new one)."""
    if not new or not people:
        return None
    for org, province in organizations:
        if org and org.strip() and not _org_key(org, province)[1]:
            return None
    stored = {p.person_id: p for p in people}
    facts = {(f.person_id, _position_key(f.title), f.organization_id): f for f in positions}
    # A person defined by a position alone ("position:<key>", no body written) owns no position
    # for step 2: only the bodies' people do, and their facts hold every position their body's
    # mentions gave (a mention joined by position only repeats one of them).
    if any(p not in stored for p, _k, _o in facts):
        return None
    position_only = {p for p, k, _o in facts if p == person_id(stored[p].name, f"position:{k}")}
    links: list[PersonLink] = []
    changed: dict[tuple[str, str | None, str | None], PositionFact] = {}
    for m in sorted(new, key=lambda m: m.mention_id):
        r = _read(m)
        if r.org:
            if not r.placed:
                return None
            pid, rule = person_id(m.name, r.org), "organization"
        elif r.position:
            owners = sorted({p for p, k, _o in facts if k == r.position and p not in position_only})
            if len(owners) > 1:
                links.append(
                    PersonLink(m.mention_id, None, f"ambiguous_position:{len(owners)}", 0.0)
                )
                continue
            if owners:
                pid, rule = owners[0], "position"
            else:
                pid, rule = person_id(m.name, f"position:{r.position}"), "position_only"
        elif len(stored) == 1:
            pid, rule = next(iter(stored)), "name_unique"
        else:
            links.append(PersonLink(m.mention_id, None, f"ambiguous_name:{len(stored)}", 0.0))
            continue
        if pid not in stored or _display([m.name]) != stored[pid].name:
            return None  # a new person, or the shown spelling may change
        if r.position is not None:
            org_id: str | None = None
            if r.org:
                ref = canonical_organization(m.organization, province=m.source_province)
                if ref is None:
                    return None
                org_id = ref.organization_id
            elif pid not in position_only:
                # A title without its body joins the one body the person holds it at.
                bodies = {o for p, k, o in facts if p == pid and k == r.position and o}
                org_id = next(iter(bodies)) if len(bodies) == 1 else None
            key = (pid, r.position, org_id)
            fact = changed.get(key) or facts.get(key)
            if fact is None and org_id is None:
                # Held at several bodies: the title without one is a fact of its own.
                fact = PositionFact(pid, _display([m.position or ""]), None, None, None)
            if fact is None or _display([m.position or ""]) != fact.title:
                return None  # a new body for the title, or the shown spelling may change
            days = [d for d in (fact.first_seen, fact.last_seen, m.seen_on) if d is not None]
            changed[key] = PositionFact(
                person_id=pid,
                title=fact.title,
                organization_id=fact.organization_id,
                first_seen=min(days) if days else None,
                last_seen=max(days) if days else None,
            )
        links.append(PersonLink(m.mention_id, pid, rule, CONFIDENCE[rule]))
    facts_changed = [f for k, f in changed.items() if f != facts.get(k)]
    facts_changed.sort(key=lambda f: (f.person_id, f.title, f.organization_id or ""))
    return links, facts_changed
