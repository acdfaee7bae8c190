"""The records entity resolution reads and writes: one shape shared by pipelines/resolution,
flows/resolve.py (which fills them from warehouse rows) and the benchmarks.

Mention records hold what one article said, as written plus the keys computed at extraction;
link records say which entity a mention resolved to, by which rule and how surely; entity records
are the one row per real thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# -- directives -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DirectiveMentionRecord:
    """One citation of a document symbol in one story."""

    mention_id: str
    article_id: str
    symbol: str  # canonical (25-CT/TW, 30/2020/NĐ-CP)
    doc_type: str | None
    year: int | None  # the year written inside the symbol (30/2020/NĐ-CP) only
    issued_on: date | None  # the issue date written next to the symbol
    issuer_code: str | None
    issuer_stated: str | None  # the issuing body as the text states it ("Bộ Chính trị"), else None
    subject: str | None  # "về …" / quoted title as written, trimmed to the title
    locality: str | None  # issuing locality stated in the text, for local documents ("Hải Phòng")
    source_province: str | None  # province of the reporting site (None = national site)
    published_on: date | None  # the story's publication date
    # A conference the story reports disseminated it ("Hội nghị quán triệt Chỉ thị 35-CT/TW"):
    # derived from the story's conference mentions (conference_mentions.directives), not stored.
    disseminated: bool = False


@dataclass(frozen=True, slots=True)
class DirectiveLink:
    mention_id: str
    directive_id: str | None  # None: ambiguous between several documents, left unresolved
    method: str  # which rule decided (see pipelines/resolution/directives.py)
    confidence: float  # 0..1
    candidates: int  # documents the mention could have meant


@dataclass(frozen=True, slots=True)
class DirectiveEntity:
    directive_id: str
    symbol: str
    doc_type: str | None
    number: str | None
    year: int | None
    term: int | None  # Party term (khóa) of a central party document
    locality: str | None  # issuing locality of a local document
    issuer_code: str | None
    issuer_name: str | None
    issuer_source: str | None  # 'stated' (what mentions say) | 'symbol' (implied by the code)
    issued_on: date | None
    subject: str | None
    mentions: int


# -- conferences ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConferenceMentionRecord:
    """One conference as one story reports it."""

    mention_id: str
    article_id: str
    source_id: str | None
    source_province: str | None
    published_on: date | None
    name: str | None  # as written
    kind: str | None
    period: str | None
    held_on: date | None
    held_until: date | None  # last day of a multi-day event
    organizer: str | None  # as written
    format: str | None
    location: str | None
    bridge_point: str | None  # the point this story reports from ("tỉnh Hải Phòng")
    nationwide: bool  # "toàn quốc", "cả nước": a national event
    status: str  # 'held' | 'planned' (a preview: "sẽ tổ chức")
    directives: tuple[str, ...] = ()  # canonical symbols it disseminated (name or agenda)
    chairs: tuple[str, ...] = ()  # person name keys of its chairs (not bridge-point chairs)
    speakers: tuple[str, ...] = ()  # person name keys of its speakers
    # The province the report places the event in: its organiser's, its name's or venue's, else
    # the one its headline and lead name most (mentions.conference_place). None: no province.
    place: str | None = None
    # The figures the story quotes (mentions.story_figures): "30 dự án", "110.000 tỷ đồng".
    figures: tuple[str, ...] = ()
    # MinHash signature of the story's body (pipelines.dedupe.signature, as bytes): reports of
    # one event share its words (quotes, figures, names), two events' hardly any.
    story_minhash: bytes | None = None


@dataclass(frozen=True, slots=True)
class ConferenceEdge:
    """A scored pair of mentions judged to report one conference."""

    left: str  # mention_id, left < right
    right: str
    match_weight: float
    match_probability: float


@dataclass(frozen=True, slots=True)
class ConferenceLink:
    mention_id: str
    conference_id: str
    method: str  # 'splink' (joined by scored pairs) | 'single' (no match found)
    confidence: float


@dataclass(frozen=True, slots=True)
class ConferenceEntity:
    conference_id: str
    name: str | None
    kind: str | None
    period: str | None
    held_on: date | None
    held_until: date | None
    organizer: str | None
    organization_id: str | None
    format: str | None
    location: str | None
    nationwide: bool
    status: str  # 'held' when any report says it was held, else 'planned'
    reports: int
    directives: tuple[str, ...] = ()


# -- people and organisations ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonMentionRecord:
    """One person named with a role in one story."""

    mention_id: str
    article_id: str
    name: str  # as written, without honorifics
    position: str | None  # title as written ("Phó Bí thư")
    organization: str | None  # organisation of the position as written
    seen_on: date | None  # event or publication date
    # province of the reporting site (None = national site): places a placeless "Tỉnh ủy"
    source_province: str | None = None


@dataclass(frozen=True, slots=True)
class PersonLink:
    mention_id: str
    person_id: str | None  # None: a bare name shared by several people, left unresolved
    method: str
    confidence: float


@dataclass(frozen=True, slots=True)
class PersonEntity:
    person_id: str
    name: str
    name_key: str


@dataclass(frozen=True, slots=True)
class PositionFact:
    """A position a person was seen holding, with the first and last date it was seen."""

    person_id: str
    title: str
    organization_id: str | None
    first_seen: date | None
    last_seen: date | None


@dataclass(frozen=True, slots=True)
class OrganizationRef:
    organization_id: str
    name: str  # canonical name
    name_key: str
    aliases: tuple[str, ...] = field(default=())
