"""Mention records from one article's extraction: what the article said, ready to resolve.

`mentions_of` turns the `Entities` of one article into the records of `records.py`, with
deterministic ids (`mention_id`), so flows/rows.py, the benchmarks and the demo truth test
build the same mentions from the same text. Pure: no I/O.

Ordinals count per kind from 0 and follow extraction order: the n-th conference the extractor
reports is ordinal n; people are numbered over the whole article, conference by conference,
chairs first, then bridge-point chairs, then speakers.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date

from pipelines.entities import Conference, Directive, Entities, Person

from .names import name_key
from .organizations import (
    organization_province,
    province_in_name,
    province_named,
    story_province,
)
from .records import ConferenceMentionRecord, DirectiveMentionRecord, PersonMentionRecord

KINDS = ("conference", "directive", "person")
# How much of a story's start is its headline and lead (mentions_of ``story``).
LEAD_CHARS = 600
ROLES = ("chair", "bridge_chair", "speaker")

# The year written inside a state symbol ("30/2020/NĐ-CP", "45/2019/QH14"); party symbols
# ("25-CT/TW") carry none.
_SYMBOL_YEAR_RE = re.compile(r"^\d+[a-z]?/((?:19|20)\d{2})/")


def mention_id(article_id: str, kind: str, ordinal: int) -> str:
    """md5 hex of article id, kind and ordinal joined by U+001F (a separator no id contains)."""
    if kind not in KINDS:
        raise ValueError(f"unknown mention kind {kind!r}")
    raw = "\x1f".join((article_id, kind, str(ordinal)))
    return hashlib.md5(raw.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ArticleMentions:
    conferences: list[ConferenceMentionRecord] = field(default_factory=list)
    # (conference mention_id, role, record); role is 'chair' | 'bridge_chair' | 'speaker'
    people: list[tuple[str, str, PersonMentionRecord]] = field(default_factory=list)
    directives: list[DirectiveMentionRecord] = field(default_factory=list)


def _key(name: str) -> str:
    """The identity key of a person's name: ``names.name_key`` (tone placement folded, so the
    chairs of two reports writing "Thủy" and "Thuỷ" are one person)."""
    return name_key(name)


def symbol_year(symbol: str) -> int | None:
    """The year written inside the symbol itself, else None (never a year from the context)."""
    m = _SYMBOL_YEAR_RE.match(symbol)
    return int(m.group(1)) if m else None


def year_less(symbol: str) -> str:
    """The symbol without the year written inside it ("78/2002/NĐ-CP" → "78/NĐ-CP")."""
    m = _SYMBOL_YEAR_RE.match(symbol)
    return symbol[: m.start(1)] + symbol[m.end(1) + 1 :] if m else symbol


def same_citation(record_symbol: str, written_symbol: str) -> bool:
    """Whether a mention record's symbol is the one written, or its full form the page gives
    elsewhere (mentions_of: "78/NĐ-CP" beside "78/2002/NĐ-CP")."""
    return record_symbol == written_symbol or (
        symbol_year(written_symbol) is None and year_less(record_symbol) == written_symbol
    )


def _directive_record(
    article_id: str,
    ordinal: int,
    d: Directive,
    published_on: date | None,
    source_province: str | None,
    disseminated: bool,
) -> DirectiveMentionRecord:
    return DirectiveMentionRecord(
        mention_id=mention_id(article_id, "directive", ordinal),
        article_id=article_id,
        symbol=d.symbol,
        doc_type=d.doc_type,
        year=symbol_year(d.symbol),
        issued_on=d.issued_on,
        issuer_code=d.issuer_code,
        issuer_stated=d.issuer_stated,
        subject=d.subject,
        locality=d.locality,
        source_province=source_province,
        published_on=published_on,
        disseminated=disseminated,
    )


def _conference_record(
    article_id: str,
    ordinal: int,
    c: Conference,
    published_on: date | None,
    source_id: str | None,
    source_province: str | None,
    lead_province: str | None,
    figures: tuple[str, ...],
    story_minhash: bytes | None,
) -> ConferenceMentionRecord:
    bridge = {_key(p.name) for p in c.bridge_chairs}
    return ConferenceMentionRecord(
        mention_id=mention_id(article_id, "conference", ordinal),
        article_id=article_id,
        source_id=source_id,
        source_province=source_province,
        published_on=published_on,
        name=c.name,
        kind=c.kind,
        period=c.period,
        held_on=c.held_on,
        held_until=c.held_until,
        organizer=c.organizer,
        format=c.format,
        location=c.location,
        bridge_point=c.bridge_point,
        nationwide=c.nationwide,
        status=c.status,
        directives=tuple(dict.fromkeys(c.directives)),
        # A bridge point's chair chairs that point, not the conference.
        chairs=tuple(dict.fromkeys(k for p in c.chairs if (k := _key(p.name)) not in bridge)),
        speakers=tuple(dict.fromkeys(_key(p.name) for p in c.speakers)),
        place=conference_place(c, lead_province),
        figures=figures,
        story_minhash=story_minhash,
    )


def conference_place(c: Conference, lead_province: str | None) -> str | None:
    """The province a report places its event in: its organiser's ("UBND tỉnh Bạc Liêu"), else
    the one its name or venue names ("Hội nghị xúc tiến đầu tư tỉnh Vĩnh Long"), else the one
    the story's headline and lead name most (``lead_province``: "Bạc Liêu đón dòng vốn …")."""
    return (
        organization_province(c.organizer)
        or province_in_name(c.name)
        or province_named(c.location)
        or lead_province
    )


def _roles(c: Conference) -> list[tuple[str, Person]]:
    """(role, person) of one conference: chairs, then bridge-point chairs, then speakers."""
    bridge = {_key(p.name) for p in c.bridge_chairs}
    out: list[tuple[str, Person]] = [("chair", p) for p in c.chairs if _key(p.name) not in bridge]
    out.extend(("bridge_chair", p) for p in c.bridge_chairs)
    out.extend(("speaker", p) for p in c.speakers)
    return out


def story_text(title: str | None, body: str | None) -> str:
    """A story's headline and text: what mentions_of reads as ``story``."""
    return "\n".join(t for t in (title, body) if t)


# Figures a report quotes ("30 dự án", "110.000 tỷ đồng", "hơn 750 đại biểu"): independent
# rewrites of one event repeat them, two events hardly ever share two. Dates, document symbols
# and years are everywhere, and numbers under 100 ("34 tỉnh, thành", "10 năm") too common.
_FIGURE_RE = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:[.,]\d{3})+|\d{3,}(?:,\d+)?)(?![\w/]|[-–]\d)")
_NOT_FIGURE_RE = re.compile(
    r"(?<![\d.,])(?:\d+[a-z]?[-/]\S*|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?(?![\d.,]))"
    r"|(?i:số|số hiệu|mã)\s+\d+"
)
MAX_FIGURES = 40


def story_figures(story: str | None) -> tuple[str, ...]:
    """The figures of ``story`` (numbers of 100 and more, thousands separators removed; not
    years, powers of ten, dates, symbols or reference numbers), first MAX_FIGURES, sorted."""
    if not story:
        return ()
    found: dict[str, None] = {}
    for m in _FIGURE_RE.finditer(_NOT_FIGURE_RE.sub(" ", story)):
        digits = re.sub(r"[.,](?=\d{3}(?!\d))", "", m.group(1))
        whole = digits.split(",")[0]
        if 1900 <= int(whole) <= 2100 or re.fullmatch(r"10+", digits):
            continue
        found.setdefault(digits, None)
        if len(found) == MAX_FIGURES:
            break
    return tuple(sorted(found))


def mentions_of(
    article_id: str,
    entities: Entities,
    *,
    published_on: date | None,
    source_id: str | None,
    source_province: str | None,
    story: str | None = None,
    story_minhash: bytes | None = None,
) -> ArticleMentions:
    """The mention records of one article's extraction (see the module docstring for ids).
    ``story``: the story's headline and text (story_text): its headline and lead
    (LEAD_CHARS) say where a report that names no organiser places its event, its figures are
    compared between reports. ``story_minhash``: the MinHash of the story's body
    (pipelines.dedupe.signature as bytes, the one near-duplicate detection stores), compared
    between reports of conferences."""
    out = ArticleMentions()
    # read from the story only for a story that reports a conference
    reports = bool(entities.conferences) and story is not None
    lead_province = story_province(story[:LEAD_CHARS]) if reports else None
    figures = story_figures(story) if reports else ()
    disseminated = {s for c in entities.conferences for s in c.directives}
    # A page that writes a state symbol in full once ("Nghị định số 78/2002/NĐ-CP") and without
    # its year elsewhere ("Nghị định 78/NĐ-CP") cites one document: the short form takes the full
    full_forms: dict[str, str] = {}
    for d in entities.directives:
        if symbol_year(d.symbol) is not None:
            full_forms.setdefault(year_less(d.symbol), d.symbol)
    for k, d in enumerate(entities.directives):
        record = _directive_record(
            article_id, k, d, published_on, source_province, d.symbol in disseminated
        )
        full = full_forms.get(record.symbol) if record.year is None else None
        if full is not None:
            record = replace(record, symbol=full, year=symbol_year(full))
        out.directives.append(record)
    person_ordinal = 0
    for k, c in enumerate(entities.conferences):
        record = _conference_record(
            article_id,
            k,
            c,
            published_on,
            source_id,
            source_province,
            lead_province,
            figures,
            story_minhash,
        )
        out.conferences.append(record)
        for role, p in _roles(c):
            out.people.append(
                (
                    record.mention_id,
                    role,
                    PersonMentionRecord(
                        mention_id=mention_id(article_id, "person", person_ordinal),
                        article_id=article_id,
                        name=p.name,
                        position=p.position,
                        organization=p.organization,
                        seen_on=c.held_on or published_on,
                        source_province=source_province,
                    ),
                )
            )
            person_ordinal += 1
    return out
