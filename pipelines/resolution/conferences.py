"""Conference mentions → conferences: a Fellegi–Sunter model (Splink) scores candidate pairs of
reports, a deterministic greedy clustering with vetoes turns the accepted pairs into conferences.

Pipeline (docs/resolution.md has the model in full, with its match-weight chart):

1. Blocking: two mentions are compared only when their event spans (held_on..held_until, else
   the publication day) lie within `CANDIDATE_DAYS` of each other, they come from different
   articles, and one of them is new. Undated mentions use their publication date; an undated
   preview spans the `PREVIEW_LEAD_DAYS` after it.
2. Scoring: Splink (DuckDB backend, on a fresh in-memory connection) with the stored model
   `conference_model.MODEL` — m/u probabilities fixed by benchmarks/train_conference_model.py,
   no term-frequency adjustments, so a pair's score depends on the pair alone: scoring new
   mentions against the stored ones near them gives the same edges as scoring everything at once.
3. Clustering (`cluster_conferences`): edges by descending weight (ties by ids) merge clusters
   unless a veto holds between the two clusters: different periods of a recurring series, two
   different explicit dates of single-day events (unless both name one numbered session: a
   plenum's days), two mentions of one article, two named local conferences of one province on
   one day with dissimilar names, two names in different sectors (thanh tra / tư pháp).
4. `conference_entity`: the canonical fields from the best report (held over planned, the
   national report over a bridge point's, the most complete).

Everything here is pure: no files, no warehouse; the model is a Python literal.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

# The stored model, and the match weight (log2 odds, prior included) at which a pair is
# accepted: both chosen on the development data by benchmarks/train_conference_model.py.
from .conference_model import MATCH_WEIGHT_THRESHOLD, MODEL
from .names import conference_name_key, expand_abbreviations, fold_tones, name_key, period_key
from .organizations import (
    canonical_organization,
    names_a_body,
    organization_key,
    organization_province,
    organizers_compatible,
    place_on,
    province_in_name,
)
from .records import ConferenceEdge, ConferenceEntity, ConferenceLink, ConferenceMentionRecord

# Two reports of one event are published within days of it; a preview a few days before. Beyond
# a week two mentions are never compared (multi-day events count from their whole span).
CANDIDATE_DAYS = 7


# Name similarity (rapidfuzz token_set_ratio / 100) below which two named local conferences of
# one province on one day are two events whatever else agrees.
_DISTINCT_NAME_SIMILARITY = 0.6


def event_day(m: ConferenceMentionRecord) -> date | None:
    """The day a mention's event is placed on: held_on, else the publication day."""
    return m.held_on or m.published_on


def blocking_span(m: ConferenceMentionRecord) -> tuple[date, date] | None:
    """The days blocking places the event on: held_on..held_until, else the publication day,
    and for an undated preview the weeks after it (PREVIEW_LEAD_DAYS)."""
    start = event_day(m)
    if start is None:
        return None
    if m.held_on is None and m.status == "planned":
        return start, start + timedelta(days=PREVIEW_LEAD_DAYS)
    end = m.held_until if m.held_on is not None and m.held_until is not None else start
    return start, max(start, end)


# Where an undated mention's event can lie, for the day comparison: a report comes out on the
# day or within the next few days; a preview ("sẽ tổ chức", a plan "để tổ chức") comes out in
# the weeks before (real previews in benchmarks/linkage came 9, 17, 17 and 33 days ahead).
_REPORT_LAG_DAYS = 3
PREVIEW_LEAD_DAYS = 35


def _window(m: ConferenceMentionRecord) -> tuple[date, date] | None:
    span = blocking_span(m)
    if span is None or m.held_on is not None:
        return span
    day = span[0]
    if m.status == "planned":
        return day, day + timedelta(days=PREVIEW_LEAD_DAYS)
    return day - timedelta(days=_REPORT_LAG_DAYS), day


# -- normalisation: names.py and organizations.py, plus the period spans --------------------------

_PERIOD_KEY_RE = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$")


def period_span(key: str | None) -> tuple[date, date] | None:
    """The calendar span of a period key ("2023-09", "2022-Q4", "2024-H1", "2023")."""
    m = _PERIOD_KEY_RE.match(key or "")
    if m is None:
        return None
    year = int(m.group(1))
    if m.group(2):
        first, last = int(m.group(2)), int(m.group(2))
    elif m.group(3):
        first = 3 * int(m.group(3)) - 2
        last = first + 2
    elif m.group(4):
        first = 1 if m.group(4) == "1" else 7
        last = first + 5
    else:
        first, last = 1, 12
    if not 1 <= first <= last <= 12:
        return None
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), end - timedelta(days=1)


def periods_compatible(a: str | None, b: str | None) -> bool:
    """Missing, equal or nested periods ("2023" holds "2023-09"); different ones are not."""
    if not a or not b or a == b:
        return True
    sa, sb = period_span(a), period_span(b)
    if sa is None or sb is None:
        return False
    return (sa[0] <= sb[0] and sb[1] <= sa[1]) or (sb[0] <= sa[0] and sa[1] <= sb[1])


_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
# A canonical symbol token of a name key ("79-nq/tw", "25-ct/tw") and the last word of the name
# its type code stands for (the word "nghị quyết 79" puts before the number).
_SYMBOL_TOKEN_RE = re.compile(r"^(\d+)-([a-zđ]+)/")
_DOC_TYPE_SLOT = {
    "nq": "quyết",
    "ct": "thị",
    "kl": "luận",
    "qđ": "định",
    "qd": "định",
    "kh": "hoạch",
    "hd": "dẫn",
    "tb": "báo",
}


def name_numbers(key: str | None) -> list[str]:
    """The plain numbers of a conference name key, each with its slot: the word before it
    ("tháng 01 2026" → "tháng:1", "năm:2026"; "lần thứ 8" → "thứ:8"; a year is always "năm").
    Two names that give one slot two values name different things ("tháng 3" / "tháng 4", "lần
    thứ 6" / "lần thứ 7"); a number only one name gives is no conflict (rewrites append agenda
    items: "tháng 1, thông báo nhanh kết quả Đại hội 14"). A document symbol gives its number in
    the slot of its type's name ("79-nq/tw" → "quyết:79", as "nghị quyết 79" does): one report
    writes the symbol, another "Nghị quyết số 79"."""
    if not key:
        return []
    tokens = key.split()
    out = set()
    for i, tok in enumerate(tokens):
        if tok.isdigit():
            slot = "năm" if _YEAR_RE.match(tok) else tokens[i - 1] if i else ""
            out.add(f"{slot}:{int(tok)}")
        elif (sym := _SYMBOL_TOKEN_RE.match(tok)) and sym.group(2) in _DOC_TYPE_SLOT:
            # "nghị quyết 79-nq/tw" and "nghị quyết 79" name one number in one slot
            out.add(f"{_DOC_TYPE_SLOT[sym.group(2)]}:{int(sym.group(1))}")
    return sorted(out)


def numbers_relation(a: list[str] | None, b: list[str] | None) -> str | None:
    """'same' | 'subset' (one's numbers, two or more, all among the other's: "sơ kết 5 năm chỉ
    thị 05" / "… chỉ thị 05 khóa 12") | 'compatible' (no slot with two values; one shared number
    among many is no more: "đại hội 14" / "tháng 1/2026 … đại hội 14") | 'conflict'; None when
    either has none."""
    if not a or not b:
        return None
    if a == b:
        return "same"
    small, large = sorted((set(a), set(b)), key=len)
    if len(small) >= 2 and small <= large:
        return "subset"
    va: dict[str, set[str]] = {}
    for x in a:
        slot, _, value = x.rpartition(":")
        va.setdefault(slot, set()).add(value)
    vb: dict[str, set[str]] = {}
    for x in b:
        slot, _, value = x.rpartition(":")
        vb.setdefault(slot, set()).add(value)
    clash = any(va[slot].isdisjoint(vb[slot]) for slot in va.keys() & vb.keys())
    return "conflict" if clash else "compatible"


# A central body: "… Trung ương", the Politburo, Secretariat, Government, National Assembly, or a
# ministry ("Bộ Tư pháp": a key that opens with "bộ"; "Bộ Chỉ huy Quân sự tỉnh" has a place).
_CENTRAL_BODY_RE = re.compile(
    r"\b(?:trung ương|bộ chính trị|ban bí thư|chính phủ|quốc hội)\b|^bộ (?!chỉ huy)"
)
_PLACE_RE = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|thị ủy|tỉnh ủy|thành ủy|huyện ủy)\b")


@lru_cache(maxsize=16384)
def _level_of(name: str) -> str | None:
    key = organization_key(name)
    central, placed = bool(_CENTRAL_BODY_RE.search(key)), bool(_PLACE_RE.search(key))
    return "central" if central and not placed else "local" if placed and not central else None


@lru_cache(maxsize=65536)  # organiser spellings repeat; organizers_compatible costs ~0.5 ms
def organisers_agree(a: str | None, b: str | None) -> bool:
    """`organizers_compatible`, and never a central body with a place's ("Hội đồng phối hợp
    PBGDPL Trung ương" / "… thành phố Hải Phòng": one body per level, the same words)."""
    if not organizers_compatible(a, b):
        return False
    if not a or not b:
        return True
    la, lb = _level_of(a), _level_of(b)
    return la is None or lb is None or la == lb


_SESSION_RE = re.compile(r"\b(lần thứ|lần|khóa|trung ương|kỳ họp thứ|phiên thứ) (\d+)\b")


# Where a name starts naming a document: a session named after it is the document's source
# ("quán triệt nghị quyết trung ương 11 khóa 13" is not the 11th plenum itself).
_DOCUMENT_WORD_RE = re.compile(r"\b(?:nghị quyết|kết luận|chỉ thị|quy định|quyết định)\b")


def session_parts(key: str | None) -> list[str]:
    """The numbered session a conference name key names, by slot: "trung ương 8 khóa 13" →
    ["khóa:13", "n:8"] ("lần thứ 8", "Trung ương 8", "kỳ họp thứ 8" fill one slot, "n"). Only
    before the name names a document: the conference that disseminates the 11th plenum's
    resolution is not the plenum (its number still counts among the name's numbers)."""
    key = key or ""
    if doc := _DOCUMENT_WORD_RE.search(key):
        key = key[: doc.start()]
    return sorted(
        {f"{'khóa' if cue == 'khóa' else 'n'}:{int(n)}" for cue, n in _SESSION_RE.findall(key)}
    )


def session_key(key: str | None) -> str | None:
    """The numbered session as one string ("khóa:13|n:8"): a multi-day plenum's reports of its
    first, fourth and last day share it, while an unnumbered recurring meeting ("Hội nghị Ban
    Thường vụ Tỉnh ủy") on two days is two meetings."""
    return "|".join(session_parts(key)) or None


# Sector words: the branch of the state a conference belongs to ("ngành Thanh tra", "công tác tư
# pháp", "Đảng ủy Công an Trung ương", "Ban Tuyên giáo"). Independent reports of one event name
# its sector, in the name or the organiser; two events of one day in different sectors do not
# share one. Matched on name_key / organization_key text (tones folded, case-folded).
_SECTOR_WORDS = (
    "thanh tra",
    "tư pháp",
    "công an",
    "tuyên giáo",
    "dân vận",
    "kiểm sát",
    "tòa án",
    "quốc phòng",
    "quân đội",
    "quân chính",
    "quân sự",
    "biên phòng",
    "tài chính",
    "thuế",
    "hải quan",
    "kho bạc",
    "ngân hàng",
    "giáo dục",
    "y tế",
    "nội vụ",
    "ngoại giao",
    "đối ngoại",
    "ủy ban kiểm tra",
    "kiểm tra giám sát",  # "tổng kết công tác kiểm tra, giám sát" (the Party's inspection work)
    "công tác kiểm tra",
    "công thương",
    "giao thông",
    "xây dựng",
    "nông nghiệp",
    "tài nguyên",
    "lao động",
    "văn hóa",
    "mặt trận",
    "công đoàn",
    "phụ nữ",
    "cựu chiến binh",
    "nông dân",
    "thanh niên",
    "dân tộc",
    "thi hành án",
    "bảo hiểm xã hội",
    "thống kê",
    "khoa học",
    "chuyển đổi",  # "chuyển đổi số" (the name key drops "số")
    "báo chí",
)
_SECTOR_RE = re.compile(r"\b(?:" + "|".join(sorted(_SECTOR_WORDS, key=len, reverse=True)) + r")\b")


def sectors_of(name_key_text: str | None, organizer: str | None) -> list[str]:
    """The sector words a report gives in its conference name or organiser (sorted, unique)."""
    text = " ".join(
        x for x in (name_key_text, organization_key(organizer) if organizer else None) if x
    )
    return sorted(
        {_SECTOR_OF.get(w, w) for w in map(fold_tones, _SECTOR_RE.findall(fold_tones(text)))}
    )


# Words of one sector: the army's conferences say "quân chính", "quân đội", "quân sự" or
# "quốc phòng" (compared as one sector, "quốc phòng"); digital transformation is the science
# ministry's and the Central steering committee's "khoa học, công nghệ, đổi mới sáng tạo và
# chuyển đổi số".
_SECTOR_OF = {
    **{fold_tones(w): fold_tones("quốc phòng") for w in ("quân đội", "quân chính", "quân sự")},
    fold_tones("chuyển đổi"): fold_tones("khoa học"),
}


# Words of a name key that say when, not what ("quý 1 2025", "tháng 9", "lần thứ 3"): the
# period, numbers and session comparisons weigh them. Left in, two different meetings of one
# quarter ("thông tin chuyên đề quý 1 2025" / "giao ban công tác tuyên giáo quý 1 2025") share
# half their words.
_WHEN_WORDS = frozenset({"quý", "tháng", "năm", "đợt", "lần", "thứ", "kỳ", "khóa", "nhiệm"})


def _what_words(key: str) -> str:
    """A name key without its numbers and period words ("" when nothing else is left)."""
    return " ".join(w for w in key.split() if w not in _WHEN_WORDS and not w.isdigit())


def _name_similarity(a: str | None, b: str | None) -> float | None:
    """Token-set similarity (rapidfuzz) of two name keys' words that say what the meeting is;
    of the whole keys when one says nothing else ("lần thứ 17" / "lần thứ 17 Ban Chấp hành …")."""
    if not a or not b:
        return None
    from rapidfuzz import fuzz

    what_a, what_b = _what_words(a), _what_words(b)
    if what_a and what_b:
        a, b = what_a, what_b
    return fuzz.token_set_ratio(a, b) / 100.0


# -- the features Splink compares ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    unique_id: str
    article_id: str
    name_key: str | None
    generic_name: bool  # only a yearly review's shared words (generic_name)
    name_numbers: list[str] | None
    session: str | None
    session_parts: list[str] | None
    period: str | None
    period_start: date | None  # the period's calendar span (nested periods are compatible)
    period_end: date | None
    day_start: date  # blocking span
    day_end: date
    win_start: date  # where the event can lie (the day comparison)
    win_end: date
    dated: bool
    directives: list[str] | None
    people: list[str] | None  # name keys of chairs and speakers
    sectors: list[str] | None  # sector words of the name and organiser (thanh tra, tư pháp …)
    organizer: str | None
    organizer_key: str | None
    organizer_level: str | None  # 'central' | 'local' | None (unknown)
    scope: str  # 'national' | 'bridge' | 'online' | 'central' | 'local' | 'unstated'
    province: str | None
    place: str | None  # a local event's province (_place), as named on the event's day
    place_stated: bool  # named by the organiser or name (not the venue, the lead or the site)
    figures: list[str] | None  # the figures the story quotes (mentions.story_figures)
    story_minhash: bytes | None  # MinHash of the story's body (pipelines.dedupe.signature)
    source_id: str | None
    is_new: bool


# "tháng 12" with no year after it (a year elsewhere in the name is the plan's, not the month's).
_MONTH_NO_YEAR_RE = re.compile(r"(?i:tháng)\s+(\d{1,2})(?!\s*[/.\-–]\s*\d|\d|\s+năm\s+\d)")


def _period_of(m: ConferenceMentionRecord) -> str | None:
    key = period_key(m.period) or period_key(m.name)
    day = m.held_on or m.published_on
    month = _MONTH_NO_YEAR_RE.search(m.name or "") if key is None or key.isdigit() else None
    if month is not None and day is not None and 1 <= int(month.group(1)) <= 12:
        # "Hội nghị Báo cáo viên Trung ương tháng 12" on a page of December 2023 is 2023-12
        # (a month named ahead of the report is the year's; one far behind, the year before's)
        n = int(month.group(1))
        year = day.year if n <= day.month + 1 else day.year - 1
        return f"{year}-{n:02d}"
    if key is not None and key.isdigit() and day is not None and m.name:
        # period_key reads "triển khai nhiệm vụ năm 2023" as the 2022 review's plan (held around
        # the new year); held in March 2023 or later, it is 2023's own ("Hội nghị … quán triệt
        # … và triển khai một số nhiệm vụ trọng tâm năm 2023", 18/3/2023)
        year = int(key)
        if str(year + 1) in m.name and str(year) not in m.name and day >= date(year + 1, 3, 1):
            return str(year + 1)
    return key


def _body_organizer(m: ConferenceMentionRecord) -> str | None:
    """The report's organiser when it names a body at all; a clause the extractor took for one
    ("Ngay sau kỳ nghỉ Tết") is no organiser."""
    return m.organizer if m.organizer and names_a_body(m.organizer) else None


def _scope(m: ConferenceMentionRecord) -> str:
    """'national' (toàn quốc, or a Central Committee plenum: "Hội nghị Trung ương 8"), 'bridge'
    (a bridge point's report), 'online' (trực tuyến, scope unstated: often a bridge point that
    does not say so), 'central' (a central body's, not called national), 'local' (a named body's
    or a place's), else 'unstated'."""
    if m.bridge_point:
        return "bridge"
    key = conference_name_key(m.name)
    if m.nationwide or key.startswith("trung ương "):
        return "national"
    if m.format and "trực tuyến" in m.format.casefold():
        return "online"
    # A report that names neither an organiser nor a place has not said whose conference it
    # is: on real pages national outlets often omit "toàn quốc" ("Hội nghị Ban Thường vụ T.Ư
    # Đoàn"), so its scope is no evidence either way. A named body's conference without
    # "toàn quốc" stays that body's own (two central bodies hold same-named monthly briefings).
    organizer = _body_organizer(m)
    if organizer and not _PLACE_RE.search(key) and _level_of(organizer) == "central":
        # a central body's conference that the report does not call national ("Ban Chỉ đạo
        # Trung ương Cuộc vận động … tổ chức Hội nghị tổng kết …"): often its national one
        return "central"
    return "local" if organizer or _PLACE_RE.search(key) else "unstated"


# The words of a yearly review's name that every body's review shares ("Hội nghị tổng kết công
# tác năm 2025, triển khai nhiệm vụ năm 2026"): a name of only these (and years, numbers) says
# which kind of meeting, not whose; each ministry and committee holds one the same week.
_GENERIC_NAME_WORDS = frozenset({
    "tổng", "kết", "sơ", "công", "tác", "nhiệm", "vụ", "phương", "hướng", "trọng", "tâm", "đánh",
    "giá", "quả", "kế", "hoạch", "năm", "tháng", "đầu", "cuối", "giai", "đoạn", "thực", "hiện",
    "tình", "hình", "chương", "trình", "hoạt", "động", "và", "chủ", "yếu",
})  # fmt: skip


def generic_name(key: str | None) -> bool:
    """True when a conference name key holds only a yearly review's shared words and numbers."""
    words = (key or "").split()
    return bool(words) and all(
        w in _GENERIC_NAME_WORDS or w.replace("-", "").replace("/", "").isdigit() for w in words
    )


# A name key that is only a numbered session ("lần thứ 12", "lần thứ 3 nhiệm kỳ 2020 2025").
_BARE_SESSION_RE = re.compile(r"^lần thứ \d+(?: (?:khóa|nhiệm kỳ) [\d ]+)?$")
# The term an organiser gives ("Quân ủy Trung ương nhiệm kỳ 2020-2025"): not its name.
_ORGANISER_TERM_RE = re.compile(r"(?i:\s+nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4})")


def _row(m: ConferenceMentionRecord, is_new: bool) -> _Row | None:
    span, window = blocking_span(m), _window(m)
    if span is None or window is None:
        return None
    key = conference_name_key(m.name) or None
    # An organiser field that names no body ("Ngay sau kỳ nghỉ Tết") is no organiser.
    organizer = _body_organizer(m)
    if key and organizer and _BARE_SESSION_RE.match(key):
        # "Quân ủy Trung ương … tổ chức Hội nghị lần thứ mười hai": the body's own numbered
        # meeting, which other reports call "Hội nghị Quân ủy Trung ương (lần thứ 12)"; "Ban
        # Chấp hành Trung ương Đảng khóa XIV … hội nghị lần thứ nhất" is "Trung ương 1 khóa 14"
        key = conference_name_key(f"{m.name} {_ORGANISER_TERM_RE.sub('', organizer)}") or key
    session_of = key
    if key and _BARE_SESSION_RE.match(key):
        # "Hội nghị lần thứ nhất" and no body: its number is a session, its words no name
        key = None
    generic = generic_name(key)
    period = _period_of(m)
    pspan = period_span(period)
    scope = _scope(m)
    place, place_stated = _place(m, scope)
    return _Row(
        unique_id=m.mention_id,
        article_id=m.article_id,
        name_key=key,
        generic_name=generic,
        # a yearly review's years are every body's review's years: no evidence
        name_numbers=None if generic else name_numbers(key) or None,
        session=session_key(session_of),
        session_parts=session_parts(session_of) or None,
        period=period,
        period_start=pspan[0] if pspan else None,
        period_end=pspan[1] if pspan else None,
        day_start=span[0],
        day_end=span[1],
        win_start=window[0],
        win_end=window[1],
        dated=m.held_on is not None,
        directives=sorted(set(m.directives)) or None,
        people=sorted({name_key(p) for p in (*m.chairs, *m.speakers) if p}) or None,
        sectors=sectors_of(key, organizer) or None,
        organizer=organizer,
        organizer_key=organization_key(organizer) if organizer else None,
        organizer_level=_level_of(organizer) if organizer else None,
        scope=scope,
        province=m.source_province or None,
        place=place,
        place_stated=place_stated,
        figures=list(m.figures) or None,
        story_minhash=m.story_minhash or None,
        source_id=m.source_id or None,
        is_new=is_new,
    )


def _place(m: ConferenceMentionRecord, scope: str) -> tuple[str | None, bool]:
    """(province, stated) of a local event: the one its organiser or name names (stated), else
    its venue's or the story's lead's (mentions.conference_place), else the reporting site's.
    None for a national, bridge-point or central body's conference: where a bridge point or a
    national outlet stands is not where the event is. An online report's place counts only
    when stated (a province's report of a national online conference names the province)."""
    if scope not in ("local", "unstated", "online"):
        return None, False
    stated = organization_province(m.organizer) or province_in_name(m.name)
    day = m.held_on or m.published_on
    if stated:
        return place_on(stated, day), True
    own = _body_organizer(m)
    if (
        own is not None
        and m.source_province
        and _level_of(own) == "local"
        and (m.place is None or place_on(m.place, day) == place_on(m.source_province, day))
    ):
        # a province's site naming a local body without its place ("Bộ Chỉ huy BĐBP tỉnh",
        # "UBND tỉnh") in a story its lead does not place elsewhere names its own province's:
        # each province's border guard holds its "Hội nghị tổng kết công tác biên phòng năm
        # 2021" the same day (a Tiền Giang paper's "Đảng bộ TP" in a story of Hồ Chí Minh City
        # is that city's)
        return place_on(m.source_province, day), True
    if scope == "online":
        return None, False
    # what the record holds now is its venue's or its lead's (mentions.conference_place): a venue
    # ("tại Hà Nội") is where central bodies meet too, as weak as the lead
    return place_on(m.place or m.source_province, day), False


def _near(a: _Row, b: _Row) -> bool:
    gap = max((a.day_start - b.day_end).days, (b.day_start - a.day_end).days, 0)
    return gap <= CANDIDATE_DAYS and a.article_id != b.article_id


# The blocking rule of prediction, as Splink SQL over the _Row columns (l/r = the two sides).
BLOCKING_RULE_SQL = (
    "l.article_id <> r.article_id"
    f" AND l.day_start <= r.day_end + INTERVAL {CANDIDATE_DAYS} DAY"
    f" AND r.day_start <= l.day_end + INTERVAL {CANDIDATE_DAYS} DAY"
)
_NEW_BLOCKING_RULE_SQL = f"(l.is_new OR r.is_new) AND {BLOCKING_RULE_SQL}"


def _name_similarity_arrow(a: Any, b: Any) -> Any:
    """conf_name_sim over Arrow chunks: DuckDB calls it once per vector, not per pair."""
    import pyarrow as pa

    return pa.array(
        [_name_similarity(x, y) for x, y in zip(a.to_pylist(), b.to_pylist(), strict=True)],
        type=pa.float64(),
    )


def _organizers_compatible_arrow(a: Any, b: Any) -> Any:
    import pyarrow as pa

    return pa.array(
        [organisers_agree(x, y) for x, y in zip(a.to_pylist(), b.to_pylist(), strict=True)],
        type=pa.bool_(),
    )


def _numbers_relation_arrow(a: Any, b: Any) -> Any:
    import pyarrow as pa

    return pa.array(
        [numbers_relation(x, y) for x, y in zip(a.to_pylist(), b.to_pylist(), strict=True)],
        type=pa.string(),
    )


def words_within(generic: str | None, other: str | None) -> bool:
    """Most words (60 %, numbers aside) of a generic review name are in the other name: "tổng kết
    công tác 2025 nhiệm vụ 2026" within "… tổng kết công tác 2025, triển khai công tác 2026 của
    Chính phủ", not within "ban thường vụ lần thứ 5" (whose "vụ" is another word's)."""
    words = [w for w in (generic or "").split() if not w.replace("-", "").isdigit()]
    if not words or not other:
        return False
    theirs = set(other.split())
    return sum(w in theirs for w in words) >= 0.6 * len(words)


def _words_within_arrow(a: Any, b: Any) -> Any:
    import pyarrow as pa

    return pa.array(
        [words_within(x, y) for x, y in zip(a.to_pylist(), b.to_pylist(), strict=True)],
        type=pa.bool_(),
    )


def story_similarity(a: bytes | None, b: bytes | None) -> float | None:
    """Estimated Jaccard of two stories' word shingles (pipelines.dedupe.jaccard_estimate of
    their stored signatures: two empty bodies share nothing); None when either is missing or
    they differ in length (signatures of another size are no evidence)."""
    if not a or not b or len(a) != len(b) or len(a) % 8:
        return None
    from pipelines.dedupe import jaccard_estimate, signature_from_bytes

    return jaccard_estimate(signature_from_bytes(a), signature_from_bytes(b))


def _story_similarity_arrow(a: Any, b: Any) -> Any:
    import pyarrow as pa

    return pa.array(
        [story_similarity(x, y) for x, y in zip(a.to_pylist(), b.to_pylist(), strict=True)],
        type=pa.float64(),
    )


def register_functions(con: Any) -> None:
    """The scalar functions the model's comparison levels call, on a DuckDB connection."""
    for name, fn, args, out in (
        ("conf_name_sim", _name_similarity_arrow, ["VARCHAR", "VARCHAR"], "DOUBLE"),
        ("conf_org_compatible", _organizers_compatible_arrow, ["VARCHAR", "VARCHAR"], "BOOLEAN"),
        ("conf_numbers", _numbers_relation_arrow, ["VARCHAR[]", "VARCHAR[]"], "VARCHAR"),
        ("conf_words_within", _words_within_arrow, ["VARCHAR", "VARCHAR"], "BOOLEAN"),
        ("conf_story_sim", _story_similarity_arrow, ["BLOB", "BLOB"], "DOUBLE"),
    ):
        con.create_function(
            name,
            fn,
            args,
            out,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )


def splink_table(rows: Sequence[_Row]) -> Any:
    """The rows as a pyarrow table with the column types the model's SQL expects."""
    import pyarrow as pa

    schema = pa.schema(
        [
            ("unique_id", pa.string()),
            ("article_id", pa.string()),
            ("name_key", pa.string()),
            ("generic_name", pa.bool_()),
            ("name_numbers", pa.list_(pa.string())),
            ("session", pa.string()),
            ("session_parts", pa.list_(pa.string())),
            ("period", pa.string()),
            ("period_start", pa.date32()),
            ("period_end", pa.date32()),
            ("day_start", pa.date32()),
            ("day_end", pa.date32()),
            ("win_start", pa.date32()),
            ("win_end", pa.date32()),
            ("dated", pa.bool_()),
            ("directives", pa.list_(pa.string())),
            ("people", pa.list_(pa.string())),
            ("sectors", pa.list_(pa.string())),
            ("organizer", pa.string()),
            ("organizer_key", pa.string()),
            ("organizer_level", pa.string()),
            ("scope", pa.string()),
            ("province", pa.string()),
            ("place", pa.string()),
            ("place_stated", pa.bool_()),
            ("figures", pa.list_(pa.string())),
            ("story_minhash", pa.binary()),
            ("source_id", pa.string()),
            ("is_new", pa.bool_()),
        ]
    )
    cols = {f.name: [getattr(r, f.name) for r in rows] for f in schema}
    return pa.table(cols, schema=schema)


def _predict(rows: Sequence[_Row], blocking_rule: str, model: dict[str, Any]) -> list[dict]:
    """Scored pairs of rows by the Splink model (all of them: thresholds are applied by callers)."""
    import copy
    import logging

    import duckdb
    from splink import DuckDBAPI, Linker

    con = duckdb.connect()
    try:
        register_functions(con)
        db_api = DuckDBAPI(connection=con)
        sdf = db_api.register(splink_table(rows), table_name="conference_mentions")
        settings = copy.deepcopy(model)
        settings["blocking_rules_to_generate_predictions"] = [blocking_rule]
        linker = Linker(sdf, settings, log_level=None, validate_settings=False)
        logging.getLogger("splink").setLevel(logging.WARNING)
        pred = linker.inference.predict(warning_mode="never")
        rel = pred.as_duckdbpyrelation().select(
            "unique_id_l", "unique_id_r", "match_weight", "match_probability"
        )
        return [
            {"l": a, "r": b, "match_weight": w, "match_probability": p}
            for a, b, w, p in rel.fetchall()
        ]
    finally:
        con.close()


def score_pairs(
    new: Sequence[ConferenceMentionRecord],
    pool: Sequence[ConferenceMentionRecord],
    *,
    min_weight: float | None = None,
) -> list[ConferenceEdge]:
    """Accepted pairs new×pool and new×new, scored by the stored model, sorted by ids.

    A mention in both `new` and `pool` counts as new. The result depends only on the two sets.
    `min_weight` overrides the acceptance threshold (diagnostics: `-inf` returns every pair).
    """
    threshold = MATCH_WEIGHT_THRESHOLD if min_weight is None else min_weight
    new_ids = {m.mention_id for m in new}
    by_id: dict[str, ConferenceMentionRecord] = {}
    for m in sorted([*new, *pool], key=lambda m: m.mention_id):
        by_id.setdefault(m.mention_id, m)
    rows = [r for m in by_id.values() if (r := _row(m, m.mention_id in new_ids)) is not None]
    fresh = [r for r in rows if r.is_new]
    # Splink only when some pair passes blocking: most loads add reports with nothing near them.
    if not any(_near(a, b) for a in fresh for b in rows if a.unique_id != b.unique_id):
        return []
    edges: dict[tuple[str, str], ConferenceEdge] = {}
    for p in _predict(rows, _NEW_BLOCKING_RULE_SQL, MODEL):
        if p["match_weight"] < threshold:
            continue
        left, right = sorted((p["l"], p["r"]))
        edges[(left, right)] = ConferenceEdge(
            left=left,
            right=right,
            match_weight=round(float(p["match_weight"]), 6),
            match_probability=round(float(p["match_probability"]), 6),
        )
    return [edges[k] for k in sorted(edges)]


# -- clustering -----------------------------------------------------------------------------------


def _single_day(m: ConferenceMentionRecord) -> bool:
    return m.held_on is not None and (m.held_until is None or m.held_until == m.held_on)


def _local_organisers_conflict(
    a: ConferenceMentionRecord, scope_a: str, b: ConferenceMentionRecord, scope_b: str
) -> bool:
    """Both are a place's own (or online) conferences, not national nor a bridge point's
    report, each naming a local body as organiser, and the two bodies cannot be one ("Ban
    Tuyên giáo Thành ủy Hải Phòng" / "Sở Tư pháp thành phố Hải Phòng": each body's online
    conference of the day). A bridge point's host differs from the national organiser; two
    local bodies' own conferences do not share one (51 such pairs in the development data,
    none of one event)."""
    if scope_a not in ("local", "online") or scope_b not in ("local", "online"):
        return False
    org_a, org_b = _body_organizer(a), _body_organizer(b)
    if org_a is None or org_b is None:
        return False
    if _level_of(org_a) != "local" or _level_of(org_b) != "local":
        return False
    return not organisers_agree(org_a, org_b)


def _province_vs_centre(
    a: ConferenceMentionRecord, scope_a: str, stated_a: bool, b: ConferenceMentionRecord
) -> bool:
    """`a` is a province's own conference (not national, not a bridge point's report; a place's
    body holds it, or — not online — its organiser or name names its province) and `b` a
    central body's (organiser of central level, not a bridge point's report): "Ủy ban MTTQ tỉnh
    Đồng Nai" / "Đoàn Chủ tịch Ủy ban Trung ương MTTQ" each hold a "Hội nghị hiệp thương lần thứ
    ba" the same day."""
    if b.bridge_point or scope_a not in ("local", "unstated", "online"):
        return False
    own = _body_organizer(a)
    # a place's body holds it ("Ủy ban MTTQ Việt Nam tỉnh", even unnamed; an online one too:
    # the national one's bridge points say "tại điểm cầu", docs/resolution.md §3), or its
    # organiser or name names its province
    held_by_a_place = own is not None and _level_of(own) == "local"
    if not held_by_a_place and (scope_a == "online" or not stated_a):
        return False
    organizer = _body_organizer(b)
    return organizer is not None and _level_of(organizer) == "central"


def _session_number(name: str | None) -> str | None:
    """The number of the numbered session a name names ("lần thứ 30" → "30"), else None."""
    parts = session_parts(conference_name_key(name)) if name else []
    numbers = [p for p in parts or () if p.startswith("n:")]
    return numbers[0] if len(numbers) == 1 else None


def _held(m: ConferenceMentionRecord) -> bool:
    return m.status != "planned"


# A meeting about holding another conference names it after "tổ chức", "phục vụ", "chuẩn bị
# (cho)" or "văn bản": "Hội nghị triển khai Kế hoạch số 71/KH-UBND … về tổ chức Hội nghị kết
# nối cung - cầu …", "hội nghị thông qua các văn bản phục vụ tổ chức Hội nghị tổng kết …".
_PREPARES_RE = re.compile(
    r"(?i:\S\s+(?:tổ chức|phục vụ|chuẩn bị(?:\s+cho)?|(?:các\s+)?văn bản)\s+hội nghị)(?!\w)"
)


@lru_cache(maxsize=16384)  # _vetoed asks it of every member pair at every merge
def _prepares_another(name: str) -> bool:
    """Whether a conference's name says it prepares another conference."""
    return _PREPARES_RE.search(name) is not None


def _one_site_two_names(a: ConferenceMentionRecord, b: ConferenceMentionRecord) -> bool:
    """One site's reports naming two conferences unlike each other: a site calls one event alike
    in its preview and its reports (of 111 same-site candidate pairs with dissimilar specific
    names in the development data, none is one event; of 20 same-event same-site pairs, none
    has dissimilar names). Generic names ("Hội nghị") and a missing site prove nothing."""
    if not a.source_id or a.source_id != b.source_id:
        return False
    ka, kb = conference_name_key(a.name) or None, conference_name_key(b.name) or None
    if not ka or not kb or generic_name(ka) or generic_name(kb):
        return False
    sim = _name_similarity(ka, kb)
    return sim is not None and sim < _DISTINCT_NAME_SIMILARITY


def _vetoed(a: ConferenceMentionRecord, b: ConferenceMentionRecord) -> bool:
    """True when a and b cannot report one conference, whatever the scores say."""
    if a.article_id == b.article_id:
        return True  # an article reports each conference once
    if not periods_compatible(_period_of(a), _period_of(b)):
        return True  # recurring series: tháng 9 and tháng 10 are two conferences
    if _single_day(a) and _single_day(b) and a.held_on != b.held_on and _held(a) and _held(b):
        # (a preview's day is a plan: events move, "dự kiến diễn ra ngày 26/3" held on 22/3)
        session = session_key(conference_name_key(a.name))
        if session is None or session != session_key(conference_name_key(b.name)):
            return True  # two days, and not two days of one numbered session
    na, nb = _session_number(a.name), _session_number(b.name)
    if na is not None and nb is not None and na != nb:
        return True  # "hiệp thương lần thứ nhất" / "… lần hai": two numbered sessions
    sa, sb = (
        sectors_of(conference_name_key(a.name), None),
        sectors_of(conference_name_key(b.name), None),
    )
    if _nameless_without_anchor(a, b) or _nameless_without_anchor(b, a):
        return True  # a report naming no conference joins only what it shares something with
    if _standing_body_conflict(a.name, b.name):
        return True  # "Hội nghị Đoàn Chủ tịch Ủy ban Trung ương MTTQ lần thứ 6" / "… Ủy ban …"
    if _owners_conflict(a, b):
        return True  # "… tổng kết công tác năm 2025 của ngành Tài chính" / "… của Chính phủ"
    if _central_organisers_conflict(a.organizer, b.organizer):
        return True  # "Đảng ủy Khối …" / "Ban Tuyên giáo Trung ương": two bodies' briefings
    if sa and sb and not set(sa) & set(sb):
        # two names in different sectors ("công tác dân vận" / "công tác Tư pháp"): two events
        # (no report of one event in the development data names a sector the others lack; the
        # organiser is left out: a bridge point's host is often another sector's body)
        return True
    if _one_site_two_names(a, b):
        return True
    if a.name and b.name and _prepares_another(a.name) != _prepares_another(b.name):
        return True  # "Hội nghị nghe báo cáo kế hoạch tổ chức Hội nghị X" is not X
    scope_a, scope_b = _scope(a), _scope(b)
    (place_a, stated_a), (place_b, stated_b) = _place(a, scope_a), _place(b, scope_b)
    if place_a and place_b and place_a != place_b and (stated_a or stated_b):
        # two local events the reports place in two provinces, one of them by its organiser or
        # name ("Ủy ban MTTQ tỉnh Đồng Nai" / "… tỉnh Gia Lai": every province holds its "Hội
        # nghị hiệp thương lần thứ ba" the same day under the same name)
        return True
    if _province_vs_centre(a, scope_a, stated_a, b) or _province_vs_centre(b, scope_b, stated_b, a):
        return True
    if _local_organisers_conflict(a, scope_a, b, scope_b):
        return True
    if (
        scope_a in ("local", "central", "online", "unstated")
        and scope_b in ("local", "central", "online", "unstated")
        and (
            (a.source_province and a.source_province == b.source_province)
            or (place_a and place_a == place_b)
        )
        and a.held_on is not None
        and a.held_on == b.held_on
        and a.name
        and b.name
    ):
        sim = _name_similarity(conference_name_key(a.name), conference_name_key(b.name))
        if sim is not None and sim < _DISTINCT_NAME_SIMILARITY:
            return True  # two named conferences of one province (site or place) on one day
    return False


# A yearly or half-yearly review's name ends with whose review it is: "Hội nghị tổng kết công
# tác năm 2025, triển khai nhiệm vụ năm 2026 của ngành tài chính" / "… của Chính phủ và chính
# quyền địa phương". Every ministry holds one the same week under the same words, so the owner
# tells them apart. Not in names that cite a document ("… Nghị quyết 66 của Bộ Chính trị": the
# document's issuer, not the conference's owner).
_REVIEW_RE = re.compile(r"\b(?:tổng kết|sơ kết|triển khai (?:nhiệm vụ|công tác|kế hoạch))\b")
# The owner: after the first "của"/"ngành" that follows the review words, up to a comma.
_OWNER_RE = re.compile(r"\b(?:của|ngành)\s+(?P<owner>[^,;:()]+)")
# Words before the body's own name ("ngành Tài chính", "Ban Chấp hành Đảng bộ Chính phủ").
_OWNER_HEAD_RE = re.compile(
    r"^(?:(?:toàn\s+)?ngành|bộ|các cơ quan|cơ quan|ban chấp hành|ban thường vụ|ban cán sự đảng|"
    r"đảng ủy|đảng bộ|đảng đoàn)\s+"
)


_NO_OWNER = frozenset({"đảng", "ngành", "bộ", "tỉnh", "thành phố", "huyện", "xã", "đơn vị"})


@lru_cache(maxsize=16384)  # called for every member pair a merge checks: names repeat
def review_owner(name: str | None) -> str | None:
    """Whose review a review conference's name says it is ("tài chính", "chính phủ và chính
    quyền địa phương"), as a name_key without "ngành"/"bộ"; None when it does not say."""
    text = " ".join((name or "").split()).casefold()
    review = _REVIEW_RE.search(text)
    if review is None or _DOCUMENT_WORD_RE.search(text):
        return None
    m = _OWNER_RE.search(text, review.end())
    if m is None:
        return None
    owner = expand_abbreviations(name_key(m.group("owner")))
    while (head := _OWNER_HEAD_RE.match(owner)) is not None:
        owner = owner[head.end() :]
    owner = re.sub(
        r"\b(?:(?:năm|giai đoạn)\s+\d{4}|hôm nay|hôm qua|sáng nay|chiều nay)\b.*$", "", owner
    )
    owner = owner.strip()
    # "của Đảng" (the Party's), "của ngành" (the sector's, unnamed): no owner
    return owner if owner and owner not in _NO_OWNER else None


def _owners_conflict(a: ConferenceMentionRecord, b: ConferenceMentionRecord) -> bool:
    """Both names say whose review it is, and the owners' first two words differ ("tài chính" /
    "chính phủ …"; what follows them is often a headline's next clause, or the province of a
    bridge point's sector: "nội vụ tỉnh Hà Giang" is the nội vụ sector's)."""
    oa, ob = review_owner(a.name), review_owner(b.name)
    if oa is None or ob is None:
        return False
    wa, wb = oa.split(), ob.split()
    n = min(2, len(wa), len(wb))
    return wa[:n] != wb[:n]


# A committee and its standing body meet the same day under the same numbers ("Hội nghị Ủy ban
# Trung ương MTTQ Việt Nam lần thứ 5, khóa X" in the morning, "Hội nghị Đoàn Chủ tịch Ủy ban
# Trung ương MTTQ … lần thứ 5" in the afternoon; a Tỉnh ủy's Ban Thường vụ and its Ban Chấp hành).
_COMMITTEE_RE = re.compile(r"\b(?:ủy ban|ban chấp hành|đoàn chủ tịch|ban thường vụ|thường trực)\b")
_STANDING_RE = re.compile(r"\b(?:đoàn chủ tịch|ban thường vụ|thường trực)\b")


@lru_cache(maxsize=16384)
def _meeting_body(name: str | None) -> bool | None:
    """None when the name names no meeting body; else whether it is a standing body."""
    key = fold_tones(name_key(name or ""))
    if not _COMMITTEE_RE.search(key):
        return None
    return _STANDING_RE.search(key) is not None


def _standing_body_conflict(a: str | None, b: str | None) -> bool:
    """Both names name the meeting body, one a standing body (Đoàn Chủ tịch, Ban Thường vụ,
    Thường trực) and the other the committee itself: two meetings."""
    ba, bb = _meeting_body(a), _meeting_body(b)
    return ba is not None and bb is not None and ba != bb


_HEADLINE_PLACE_RE = re.compile(r"^[^:;,]{1,40}:\s*")


@lru_cache(maxsize=65536)
def _central_organisers_conflict(a: str | None, b: str | None) -> bool:
    """Both reports name a central body as organiser, and the two cannot be one organiser
    (organisers_agree: not one body, its successor, co-organisers, the leadership and its staff
    boards, a ministry and its sector's party committee). Each central body holds its own
    same-named conferences ("Hội nghị giao ban công tác tuyên giáo quý III/2021" of the Đảng ủy
    Khối and of the Ban Tuyên giáo, the same day)."""
    if not a or not b:
        return False
    # "Hải Phòng: Trung ương" (a headline's place before the organiser) is "Trung ương"
    a, b = _HEADLINE_PLACE_RE.sub("", a), _HEADLINE_PLACE_RE.sub("", b)
    if not names_a_body(a) or not names_a_body(b):
        return False
    if _level_of(a) != "central" or _level_of(b) != "central":
        return False
    return not organisers_agree(a, b)


def _nameless_without_anchor(a: ConferenceMentionRecord, b: ConferenceMentionRecord) -> bool:
    """True when `a` names no conference and gives no day ("Phát biểu tại hội nghị, Thủ tướng
    …" on a page of 29/12), `b` is not of its publication day, and they share nothing specific:
    no organiser both state, no person, no directive. Its publication window and scope alone
    would join it to any report of those days (two ministries' yearly reviews, 28 and 29/12,
    seen from two bridge points); a bridge point's same-day report is what such pages are.
    When `b` names and dates nothing either, a shared person is not enough (the Prime Minister
    speaks at many events of a week): their stories must share words (Jaccard ≥ 0.05)."""
    if a.held_on is not None or conference_name_key(a.name) or event_day(a) == event_day(b):
        return False
    if (
        a.organizer
        and b.organizer
        and names_a_body(a.organizer)
        and names_a_body(b.organizer)
        and organisers_agree(a.organizer, b.organizer)
    ):
        return False
    if set(a.directives) & set(b.directives):
        return False
    if b.held_on is None and not conference_name_key(b.name):
        # two reports naming and dating nothing: a leader they both quote is at many events
        # of a week; their stories must share words too
        story = story_similarity(a.story_minhash, b.story_minhash)
        return story is None or story < 0.05
    people_a = {name_key(p) for p in (*a.chairs, *a.speakers) if p}
    return not people_a & {name_key(p) for p in (*b.chairs, *b.speakers) if p}


def _organization_id(organizer: str | None, on: date | None) -> str | None:
    org = canonical_organization(organizer, on) if organizer else None
    return org.organization_id if org else None


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


# How much closer (name similarity, 0..1) a sibling's name must be to take an edge's place.
_SIBLING_MARGIN = 0.1


def _sibling_named_closer(
    e: ConferenceEdge,
    linked: set[tuple[str, str]],
    by_article: dict[str, list[str]],
    by_id: dict[str, ConferenceMentionRecord],
) -> bool:
    """True when one side's article reports another conference whose name is clearly closer to
    the other side's, and that pair is an edge too: "Sáng 28/8, Bộ … tổ chức Hội nghị cán bộ văn
    hóa toàn quốc" beside "Hội nghị Tuyên dương … văn hóa toàn quốc năm 2023" on one page, the
    same day and organiser: the report named like the other side's is its match, not its sibling
    (an article reports each conference once, so the sibling would otherwise keep it out)."""
    for side, other in ((e.left, e.right), (e.right, e.left)):
        siblings = [
            s
            for s in by_article[by_id[side].article_id]
            if s != side and (min(s, other), max(s, other)) in linked
        ]
        if not siblings:
            continue
        mine = _pair_name_similarity(by_id[side], by_id[other])
        if any(
            _pair_name_similarity(by_id[s], by_id[other]) > mine + _SIBLING_MARGIN for s in siblings
        ):
            return True
    return False


def _pair_name_similarity(a: ConferenceMentionRecord, b: ConferenceMentionRecord) -> float:
    sim = _name_similarity(conference_name_key(a.name) or None, conference_name_key(b.name) or None)
    return 0.0 if sim is None else sim


def cluster_conferences(
    mentions: Iterable[ConferenceMentionRecord], edges: Iterable[ConferenceEdge]
) -> list[ConferenceLink]:
    """Deterministic clusters of `mentions` joined by `edges` (those between given mentions only).

    Greedy: edges by descending weight, ties by ids; an edge merges its two clusters unless a
    veto holds between any member of one and any member of the other. conference_id = md5 of
    the cluster's smallest mention_id. Links are sorted by mention_id.
    """
    by_id: dict[str, ConferenceMentionRecord] = {}
    for m in sorted(mentions, key=lambda m: m.mention_id):
        by_id.setdefault(m.mention_id, m)
    members: dict[str, list[str]] = {mid: [mid] for mid in by_id}  # root → member ids
    root: dict[str, str] = {mid: mid for mid in by_id}
    best: dict[str, float] = {}  # mention → highest probability of an edge that joined it
    usable = sorted(
        {(e.left, e.right): e for e in edges if e.left in by_id and e.right in by_id}.values(),
        key=lambda e: (-e.match_weight, e.left, e.right),
    )
    linked = {(e.left, e.right) for e in usable}
    by_article: dict[str, list[str]] = {}
    for mid, m in by_id.items():
        by_article.setdefault(m.article_id, []).append(mid)
    usable = [e for e in usable if not _sibling_named_closer(e, linked, by_article, by_id)]
    for e in usable:
        ra, rb = root[e.left], root[e.right]
        if ra == rb:
            best[e.left] = max(best.get(e.left, 0.0), e.match_probability)
            best[e.right] = max(best.get(e.right, 0.0), e.match_probability)
            continue
        if any(_vetoed(by_id[x], by_id[y]) for x in members[ra] for y in members[rb]):
            continue
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        for x in members[gone]:
            root[x] = keep
        members[keep].extend(members.pop(gone))
        best[e.left] = max(best.get(e.left, 0.0), e.match_probability)
        best[e.right] = max(best.get(e.right, 0.0), e.match_probability)
    links: list[ConferenceLink] = []
    for mid in sorted(by_id):
        group = members[root[mid]]
        cid = _md5(min(group))
        if len(group) == 1:
            links.append(ConferenceLink(mid, cid, "single", 1.0))
        else:
            links.append(ConferenceLink(mid, cid, "splink", round(best.get(mid, 0.0), 6)))
    return links


# -- the entity ---------------------------------------------------------------------------------


def _report_rank(m: ConferenceMentionRecord) -> tuple:
    """Smaller is a better source of canonical fields: the national report over a bridge point's,
    a held report over a preview, then the most complete, then the id (determinism)."""
    return (
        m.status != "held",
        m.bridge_point is not None,
        not m.nationwide,
        m.organizer is None,
        m.name is None,
        m.held_on is None,
        m.mention_id,
    )


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], str(v)))


def conference_entity(
    conference_id: str, members: Sequence[ConferenceMentionRecord]
) -> ConferenceEntity:
    """The conference's canonical fields from its reports (see `_report_rank`)."""
    ranked = sorted(members, key=_report_rank)
    held = [m for m in ranked if m.status == "held"] or ranked

    def first(attr: str) -> Any:
        return next((getattr(m, attr) for m in ranked if getattr(m, attr)), None)

    # The date: the explicit date most held reports state; a preview's planned date otherwise.
    held_on = _most_common(m.held_on for m in held) or _most_common(m.held_on for m in ranked)
    until = [m.held_until for m in ranked if m.held_until and m.held_on == held_on]
    organizer = first("organizer")
    return ConferenceEntity(
        conference_id=conference_id,
        name=first("name"),
        kind=first("kind"),
        period=first("period"),
        held_on=held_on,
        held_until=max(until) if until else None,
        organizer=organizer,
        organization_id=_organization_id(organizer, held_on),
        format=first("format"),
        location=first("location"),
        nationwide=any(m.nationwide for m in members),
        status="held" if any(m.status == "held" for m in members) else "planned",
        reports=len({m.article_id for m in members}),
        directives=tuple(sorted({d for m in members for d in m.directives})),
    )


def resolve_conferences(
    mentions: Sequence[ConferenceMentionRecord],
) -> tuple[list[ConferenceLink], list[ConferenceEntity]]:
    """Everything at once (rebuild, benchmarks): score all pairs, cluster, build entities."""
    edges = score_pairs(mentions, [])
    links = cluster_conferences(mentions, edges)
    by_id = {m.mention_id: m for m in mentions}
    groups: dict[str, list[ConferenceMentionRecord]] = {}
    for link in links:
        groups.setdefault(link.conference_id, []).append(by_id[link.mention_id])
    entities = [conference_entity(cid, groups[cid]) for cid in sorted(groups)]
    return links, entities


def model_table(model: dict[str, Any], threshold: float | None = None) -> str:
    """The model's comparisons, levels, m, u and match weights as a markdown table (docs);
    `threshold` defaults to the stored MATCH_WEIGHT_THRESHOLD."""
    import math

    threshold = MATCH_WEIGHT_THRESHOLD if threshold is None else threshold
    prior = model["probability_two_random_records_match"]
    lines = [
        f"Prior: probability that two candidate reports match = {prior:.4g} "
        f"(match weight {math.log2(prior / (1 - prior)):+.2f}); accepted at total match weight "
        f"≥ {threshold:g}.",
        "",
        "| comparison | level | m | u | match weight |",
        "|---|---|---:|---:|---:|",
    ]
    for comp in model["comparisons"]:
        for lv in comp["comparison_levels"]:
            label = lv.get("label_for_charts") or lv["sql_condition"]
            if lv.get("is_null_level"):
                lines.append(
                    f"| {comp['output_column_name']} | {label} | – | – | 0 (no evidence) |"
                )
                continue
            m, u = lv["m_probability"], lv["u_probability"]
            lines.append(
                f"| {comp['output_column_name']} | {label} | {m:.3f} | {u:.3f} | "
                f"{math.log2(m / u):+.2f} |"
            )
    return "\n".join(lines) + "\n"
