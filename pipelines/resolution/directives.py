"""Directive mentions → documents: one row per real document, every citation linked to it.

The unit of resolution is a *group*: every mention of one symbol (``directive_group_key``: the
canonical symbol with its number's leading zeros dropped, so "5-CT/TW" and "05-CT/TW" meet).
``resolve_directives`` is a function of the *set* of mentions it is given (their order never
matters), and a group's result depends only on that group's mentions, so the flow re-resolves every
mention of each group a new mention touches and gets what a full rebuild would give; or, when the
new mentions cannot change an earlier link (``resolve_against_stored``: no subject or issuer
stated, undated or dated the stored document's day), resolves them against the group's stored
documents alone, with the same result.

The group key is the symbol alone, also for local documents, although their identity carries the
locality: a mention whose locality is unknown may join a located document only when that document
is the only located one it can mean (rule ``only-located``), which needs every locality of the
symbol in view at once.

Inside a group, a document's identity is:

- the **locality** for local documents (issuer UBND, HĐND, Tỉnh ủy TU, Thành ủy ThU, Huyện ủy HU,
  Quận ủy QU, Đảng ủy ĐU/ĐUK, a Tỉnh ủy's ban BTGTU …, a Sở STP …, a province's Mặt trận MTTQ or
  Liên đoàn Lao động LĐLĐ): the locality the text states ("UBND tỉnh Hải Phòng" → Hải Phòng),
  else the reporting site's province; same symbol, two provinces → two documents;
- the **period** its number belongs to, when the symbol has no year inside: party documents
  (``NUMBER-TYPE/ISSUER``) restart numbering with every Party term (khóa), so their period is the
  term of the issue date (``names.party_term``; before the IX term, 2001, the issue year stands
  in; local party committees' terms are taken as the national one's); state and administrative
  documents without a year in the symbol (123/QĐ-UBND, 1521/QĐ-TTg) restart every calendar year,
  so their period is the issue year. A symbol with its year inside (30/2020/NĐ-CP,
  12/2023/QĐ-UBND) has no period: it is one document per (symbol, locality of a local one).

Rules, each the ``method`` of the links it makes (``confidence`` in brackets; a local document
whose locality came from the site's province rather than the text gets 0.95 of it):

- ``symbol-year`` (1.0): the symbol has its year inside: all its mentions (of one locality) are
  one document.
- ``stated-term`` (0.95): a party document's citation without a date but with the Party term
  stated with its issuer ("của Bộ Chính trị (khóa XII)") belongs to the document of that term,
  like a dated one; a term no citation dates gives the id ``@khóa XII``.
- ``dated`` (1.0): the mention gives the issue date: the document of (symbol, locality, period of
  that date). Each period with at least one dated mention is a known document, except a slip of
  the year: a yearly-numbered document dated one year off on the same day and month by at most
  half as many citations as the other date is the other one.
- A mention without a date is compared with the known documents of its symbol and locality.
  A document is *possible* when it was issued on or before the story's publication day; among
  those, it is *contradicted* when the mention's subject or stated issuer disagrees with what the
  document's citations say and nothing agrees. What a document's citations say: first its dated
  ones; then, in a second look, also the undated ones the date alone pinned to it
  (``undated-unique``: a 2018 story can only mean the 2016 05-CT/TW). Subjects are compared with
  rapidfuzz (a run-on or a cut of a title agrees with it; two subjects disagree only when both are
  substantial and share few words, or when their numbers differ: "lần thứ XIII" / "lần thứ XIV",
  "2021-2025" / "2026-2030"); issuers by key ("Bộ Chính trị" vs "Ban Bí thư" disagree), counting
  only bodies named by at least a fifth of the document's statements (a slip is no evidence);
  a stated issuer picks among several possible documents only when each of them has a stated
  issuer: a document whose citations never name its body may be the same body's (35-CT/TW of the
  Bộ Chính trị, 2019 and 2024), so the issuer alone leaves them ``ambiguous``.
  A Party term stated with the issuer ("của Bộ Chính trị (khóa XII)") is compared like a date.
  A subject naming another ordinal than all the document's titles ("lần thứ XIV" against "lần
  thứ XIII") contradicts it unless a date or a title agrees: a shared issuer does not save it.
  - ``undated-unique`` (0.9): one document is possible (by date) and not contradicted; 0.75 when
    the story is of a later Party term than that party document and nothing it says agrees (the
    story's own term may have re-used the number for a document no citation dated);
  - ``undated-contradiction`` (0.7): several are possible, all but one contradicted, and the one
    left neither agrees nor disagrees;
  - ``undated-subject`` (0.8), ``undated-issuer`` (0.7), ``undated-subject-issuer`` (0.85):
    several are possible and the evidence (most agreements, then an exact subject over a merely
    alike one, then fewest disagreements) picks one;
  - ``undated-disseminated`` (0.75): several stay possible and nothing above tells them apart,
    but a conference the story reports disseminated the symbol ("Hội nghị toàn quốc quán triệt
    … Chỉ thị số 35-CT/TW"): such conferences follow the document within months, so the newest
    possible document issued in the DISSEMINATION_DAYS (365) before the story is the one;
  - ``ambiguous`` (0.0, ``directive_id`` None, ``candidates`` = how many): several stay possible
    and nothing tells them apart. The mention is never merged into a guess.
  - ``undated-unmatched`` (0.5): no known document is possible (all issued after the story, or
    contradicted): the mention cites a document of that symbol nobody dated, and joins the
    symbol's year-less document.
- ``undated-only`` (0.8): no mention of the symbol (and locality) gives a date: the undated
  mentions form one document whose id has no year ("12-KL/TW"); ``undated-title`` (0.7) when
  their titles disagree (15/CT-TTg on COVID-19, 2020, and on civil air defence, 2021; 26-NQ/TW
  on cadres, 2018, and on agriculture, 2008): one document per title, ids
  ``15/CT-TTg~<hash of the title>``, and a citation without a title ``ambiguous``.
- A party symbol whose type code contradicts the document word written right before it ("Kết
  luận số 12-NQ/TW"; the extractor keeps the word as ``doc_type``) is grouped under the word's
  code (12-KL/TW): in the real sets every such citation meant the document the word names.
- Codes central bodies sign with too (ĐUK, ĐU, ĐUCA, MTTQ, LĐLĐ): cited by a national site
  without a stated locality, the central body's document (locality ``trung ương``); cited by a
  provincial site without one, the central document or the province's own, placed by the rules
  below among those two localities' documents, and the province's own when it can mean neither.
- Local documents whose locality is unknown (no locality stated, national site):
  ``only-located`` (0.6) joins a located document when it is the only located document of the
  symbol the mention is compatible with (same period if dated, issued before the story, not
  contradicted; a dated mention is compared by its date); ``located-exact`` (0.6) when several
  are but only one has exactly the mention's issue date or subject (its title, or a run-on or cut
  of it; a dated mention: the one document issued exactly that day, whatever the others'
  titles say); ``ambiguous-locality`` (0.0, None) when several are and no exact statement picks one
  (a subject that is merely alike, or the issuer, is not enough: another province's document of
  that symbol would say as much); when none is, they form the symbol's document of unknown
  locality by the rules above.

Entity fields come from what the mentions say: ``issuer_name`` is the most supported stated
issuer (ties: the longest, then alphabetical) with ``issuer_source='stated'``; only when no
mention states one, the body the code implies (``'symbol'``), or None when the code implies
nothing certain (``TW`` can be Bộ Chính trị, Ban Bí thư or the Ban Chấp hành). ``subject`` is the
most supported subject after grouping near-identical ones (and run-ons that extend a title; ties:
the group with more dated citations), in it the most frequent wording, ties the one of more dated
citations, then the complete one (not ending on "của", "về" …), then the shortest.
``issued_on`` is the most supported date (ties: the earliest). Conflicting statements stay on the
mentions.

Ids are readable and deterministic: the symbol (its most common spelling), ``@year`` of the issue
date for a document identified by its period (``@yyyy-mm-dd`` if two documents of a group share
the year), ``#locality key`` for a local document (``#?`` when unknown):
``05-CT/TW@2016``, ``12-KL/TW``, ``30/2020/NĐ-CP``, ``456/KH-UBND@2023#hải phòng``. An id can change
when new evidence arrives (a first dated mention of "12-KL/TW" makes it "12-KL/TW@2022"), which is
why the flow rewrites every entity of a group it re-resolves.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from pipelines.entities.directives import ISSUER_NAMES, PARTY_WORD_CODES
from pipelines.resolution.names import name_key, party_term, roman_to_int
from pipelines.resolution.organizations import names_province, organization_key, province_only
from pipelines.resolution.records import DirectiveEntity, DirectiveLink, DirectiveMentionRecord

# -- keys ----------------------------------------------------------------------------------------

_D_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u0256": "đ"})
_key = name_key  # NFC, Đ look-alikes, tone placement folded, case-folded, punctuation → space

_LOCALITY_PREFIX_RE = re.compile(r"^(?:tỉnh|thành phố|tp|t p)\s+")


@lru_cache(maxsize=4096)
def locality_key(name: str | None) -> str | None:
    """Key of an issuing locality: "tỉnh Hải Phòng", "TP. Hải Phòng" and "Hải Phòng" meet, and
    so do "Hòa Bình" and "Hoà Bình"."""
    if not name:
        return None
    k = _LOCALITY_PREFIX_RE.sub("", _key(name))
    return k or None


_ISSUER_TERM_RE = re.compile(r"\s+khóa\s+([ivxlc]+|\d+)$")
# The three central bodies however they are qualified ("Ban Bí thư Trung ương Đảng").
_CENTRAL_HEADS = ("bộ chính trị", "ban bí thư", "ban chấp hành trung ương")


@lru_cache(maxsize=4096)
def issuer_key(name: str) -> str:
    """Key of a stated issuing body: ``organization_key`` (abbreviations spelled out, variants
    unified), "khóa XIII" dropped, a central body's qualifiers dropped."""
    k = _ISSUER_TERM_RE.sub("", organization_key(name))
    for head in _CENTRAL_HEADS:
        if k == head or k.startswith(head + " trung ương") or k == head + " đảng":
            return head
    return k


_NUM_RE = re.compile(r"^0*(\d+[a-z]?)")


def directive_group_key(m: DirectiveMentionRecord) -> str:
    """The unit of resolution: the canonical symbol, leading zeros of its number dropped; a
    party symbol whose type code contradicts the document word written with it ("Kết luận số
    12-NQ/TW": the extractor keeps the word as doc_type) is grouped under the word's code
    (12-KL/TW): the code is the slip."""
    symbol = m.symbol
    slip = _PARTY_SLIP_RE.match(symbol)
    stated = PARTY_WORD_CODES.get(m.doc_type or "")
    if slip is not None and stated is not None and slip.group("code") != stated:
        symbol = f"{slip.group('num')}-{stated}/{slip.group('issuer')}"
    return _NUM_RE.sub(r"\1", symbol, count=1)


# A party symbol ("12-NQ/TW"); the type codes of the words written with one: PARTY_WORD_CODES.
_PARTY_SLIP_RE = re.compile(r"^(?P<num>\d+[a-z]?)-(?P<code>[^/]+)/(?P<issuer>.+)$")


# -- kinds of documents ----------------------------------------------------------------------------

# MTTQ: the Mặt trận committee of a province or district (the central one signs MTTW); LĐLĐ: a
# province's Liên đoàn Lao động.
_LOCAL_CODES = frozenset(
    {"UBND", "HĐND", "TU", "ThU", "HU", "QU", "ĐU", "ĐUK", "ĐUCA", "MTTQ", "LĐLĐ"}
)
# Codes both a central body and local ones sign with (Đảng ủy Khối các cơ quan Trung ương and a
# province's Đảng ủy Khối; the Mặt trận, the Liên đoàn Lao động): cited by a national site, the
# central one's; only the inherently local codes (UBND, Tỉnh ủy …) leave the locality unknown.
_CENTRAL_OR_LOCAL = frozenset({"ĐUK", "ĐU", "ĐUCA", "MTTQ", "LĐLĐ"})
CENTRAL = "trung ương"  # locality key of those codes' central documents
# Bodies of a Tỉnh ủy / Huyện ủy (BTGTU, UBKTTU, BDVTU, VPTU …) end with its code.
_LOCAL_SUFFIX_RE = re.compile(r"(?:TU|ThU|HU|QU)$")
# Departments of a province (Sở Tư pháp STP, Sở Nội vụ SNV …).
_SO_RE = re.compile(
    r"^S(?:TP|NV|YT|TC|GDĐT|TTTT|VHTTDL|VHTT|LĐTBXH|KHĐT|NNPTNT|TNMT|CT|XD|GTVT|KHCN|NG|DL|VH)$"
)
_PARTY_FORM_RE = re.compile(r"^\d+[a-z]?-[^/]+/")
_YEAR_IN_SYMBOL_RE = re.compile(r"^\d+[a-z]?/((?:19|20)\d{2})/")


def _issuer_parts(m: DirectiveMentionRecord) -> list[str]:
    code = m.issuer_code
    if code is None:
        # "456/KH-UBND" without a code read back: the part after the last slash.
        tail = m.symbol.rsplit("/", 1)[-1]
        return [p for p in tail.split("-") if p]
    return [p for p in code.split("-") if p]


def is_local(m: DirectiveMentionRecord) -> bool:
    """Whether the symbol names a local body's document (its identity carries the locality)."""
    parts = _issuer_parts(m)
    if not parts:
        return False
    first = parts[0]
    if first.endswith("TW"):
        return False
    return (
        first in _LOCAL_CODES or bool(_LOCAL_SUFFIX_RE.search(first)) or bool(_SO_RE.match(first))
    )


def is_party(m: DirectiveMentionRecord) -> bool:
    """Party form NUMBER-TYPE/ISSUER: numbering restarts with every term."""
    return bool(_PARTY_FORM_RE.match(m.symbol))


def symbol_year(m: DirectiveMentionRecord) -> int | None:
    """The year written inside the symbol (30/2020/NĐ-CP, 67/2020/QH14), read from the symbol
    itself so that a year taken from a date can never pass for one."""
    y = _YEAR_IN_SYMBOL_RE.match(m.symbol)
    return int(y.group(1)) if y else None


# -- Party terms -----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _term_in(issuer: str) -> int | None:
    """The Party term a stated body carries ("Bộ Chính trị khóa XII" → 12)."""
    t = _ISSUER_TERM_RE.search(organization_key(issuer))
    if t is None:
        return None
    return int(t.group(1)) if t.group(1).isdigit() else roman_to_int(t.group(1))


def stated_term(m: DirectiveMentionRecord) -> int | None:
    """The term of a party document as its citation states it with the issuer, else None."""
    if m.issuer_stated is None or not is_party(m):
        return None
    return _term_in(m.issuer_stated)


def _period(m: DirectiveMentionRecord) -> tuple[str, int] | None:
    """The numbering period of the mention's document: from its issue date, else from the Party
    term its issuer is stated with; None when it says neither."""
    if m.issued_on is None:
        t = stated_term(m)
        return ("term", t) if t is not None else None
    if is_party(m):
        t = party_term(m.issued_on)
        stated = stated_term(m)
        if t is not None and stated is not None and stated != t:
            # "Chỉ thị số 47-CT/TW ngày 25/6/2016 của Ban Bí thư khóa XI": a date outside the
            # term stated with the issuer is the slip (47-CT/TW is of 25/6/2015)
            return ("term", stated)
        if t is not None:
            return ("term", t)
        # Before the terms names.party_term knows (IX, 2001): the issue year stands in.
    return ("year", m.issued_on.year)


# -- evidence --------------------------------------------------------------------------------------

SUBJECT_AGREE = 85.0  # similarity from which two subjects name one title
SUBJECT_DISAGREE = 55.0  # below this (and sharing few words) they name different titles
_DISAGREE_WORDS = 6  # both subjects at least this long (syllables) to count as a disagreement
_DISAGREE_SHARED = 0.5  # … and the shorter's words found in the longer below this share
SUBJECT_SAME = 90.0  # near-identical wordings grouped when choosing the entity's subject
_MIN_PREFIX_WORDS = 5  # a run-on extends (a cut shortens) a title of at least this many words


@lru_cache(maxsize=1 << 16)
def _subject_key(text: str) -> str:
    return _key(text)


# Numbers that tell two titles of one wording apart: digits ("đến năm 2030", "giai đoạn
# 2021-2025") and the ordinal after "lần thứ" / "khóa" ("Đại hội … lần thứ XIII" vs "lần thứ
# XIV": the two 35-CT/TW of the Bộ Chính trị, 2019 and 2024).
# The ordinal is read as a numeral only ("lần thứ XIVcủa Đảng", glued on a real page, is XIV).
_ORDINAL_RE = re.compile(r"\b(?:lần thứ|khóa)\s+([ivx]+|\d+)")
_DIGITS_RE = re.compile(r"\b\d+\b")


def _numbers(k: str) -> frozenset[str]:
    return frozenset(_DIGITS_RE.findall(k)) | frozenset(_ORDINAL_RE.findall(k))


def _numbers_conflict(ka: str, kb: str) -> bool:
    """Both subjects carry numbers and share none: two different titles."""
    na, nb = _numbers(ka), _numbers(kb)
    return bool(na) and bool(nb) and not (na & nb)


def _ordinals_conflict(ka: str, kb: str) -> bool:
    """Both subjects name an ordinal ("lần thứ XIII", "khóa XIV") and share none: two titles
    (digits alone are not enough: "nhiệm kỳ 2025-2030" and "lần thứ XIV" name one congress)."""
    oa, ob = frozenset(_ORDINAL_RE.findall(ka)), frozenset(_ORDINAL_RE.findall(kb))
    return bool(oa) and bool(ob) and not (oa & ob)


@lru_cache(maxsize=1 << 16)
def _similarity(ka: str, kb: str) -> float:
    """Similarity (0..100) of two subject keys."""
    if not ka or not kb:
        return 0.0
    short, long_ = sorted((ka, kb), key=len)
    if len(short.split()) >= _MIN_PREFIX_WORDS and (long_ + " ").startswith(short + " "):
        return 100.0  # "X" and "X, các cơ quan cần …": one title and a run-on (or a cut) of it
    if _numbers_conflict(ka, kb):
        return 0.0
    score = fuzz.ratio(ka, kb)
    if len(short) >= 15:
        # A subject cut short or extended by extraction still contains the other's wording.
        score = max(score, fuzz.partial_ratio(short, long_) - 5.0)
    return float(score)


def _subject_verdict(ka: str, kb: str) -> bool | None:
    """True: one title; False: two different titles; None: cannot tell. Subjects are often
    paraphrased or cut ("về đối ngoại đa phương" for "đẩy mạnh và nâng tầm đối ngoại đa phương
    đến năm 2030"), so a disagreement needs two substantial subjects sharing few words."""
    sim = _similarity(ka, kb)
    if sim >= SUBJECT_AGREE:
        return True
    if _numbers_conflict(ka, kb):
        return False
    short_key, long_key = sorted((ka, kb), key=len)
    place = province_only(short_key)
    if place is not None:
        # "Nghị quyết 26-NQ/TW về Nghệ An": a title about that province ("… phát triển tỉnh Nghệ
        # An đến năm 2020") is the one; a title that names it not cannot tell
        return True if names_province(long_key, place) else None
    wa, wb = ka.split(), kb.split()
    if sim >= SUBJECT_DISAGREE or min(len(wa), len(wb)) < _DISAGREE_WORDS:
        return None
    short, long_ = sorted((wa, wb), key=len)
    shared = sum(1 for w in short if w in set(long_)) / len(short)
    return None if shared >= _DISAGREE_SHARED else False


_ISSUER_MINORITY = 0.2  # share of a document's issuer statements a body needs to count as evidence
_MAX_TITLES = 12  # subject groups a document keeps as evidence (the best supported)


def _subject_groups(counts: Counter[str]) -> list[list[str]]:
    """Subject keys grouped by wording (near-identical, or a run-on/cut of one title), best
    supported group first. Leader clustering: keys in order (shortest first, then alphabetical)
    join the first group whose leader they match, else lead a new one; cost keys × groups, and
    the result depends only on the set of keys."""
    groups: list[list[str]] = []
    for k in sorted(counts, key=lambda k: (len(k), k)):
        for g in groups:
            if _similarity(g[0], k) >= SUBJECT_SAME:
                g.append(k)
                break
        else:
            groups.append([k])
    groups.sort(key=lambda g: (-sum(counts[k] for k in g), g[0]))
    return groups


_CENTRAL_BODIES = frozenset(_CENTRAL_HEADS)


def _issuers_agree(a: str, b: str) -> bool | None:
    """True: the same body; False: different bodies; None: cannot tell ("Trung ương" vs BCH)."""
    if a == b:
        return True
    if a in _CENTRAL_BODIES and b in _CENTRAL_BODIES:
        return False
    wa, wb = f" {a} ", f" {b} "
    if wa in wb or wb in wa:
        return None
    return False


@dataclass(slots=True)
class _Doc:
    """A document known inside a group, with the evidence its dated mentions give."""

    locality: str | None  # locality key; None for a non-local document or an unknown locality
    period: tuple[str, int] | None
    members: list[DirectiveMentionRecord]
    issued_on: date | None = None
    subjects: tuple[str, ...] = ()
    issuers: tuple[str, ...] = ()
    # An undated document told from its namesakes by its title alone: part of its id.
    tag: str | None = None

    def seal(self, evidence: Sequence[DirectiveMentionRecord] | None = None) -> None:
        """Fix the evidence: the date from the members it was created with (the dated ones),
        subjects and stated issuers from ``evidence`` (default: the same members)."""
        self.issued_on = _most_supported_date(self.members)
        ev = self.members if evidence is None else evidence
        counts = Counter(_subject_key(m.subject) for m in ev if m.subject)
        # One leader per wording group: what the document is about, however often it is cited.
        self.subjects = tuple(g[0] for g in _subject_groups(counts)[:_MAX_TITLES])
        stated = Counter(issuer_key(m.issuer_stated) for m in ev if m.issuer_stated)
        # A body a small minority names is a slip of those articles, not evidence of the document.
        floor = _ISSUER_MINORITY * sum(stated.values())
        self.issuers = tuple(sorted(k for k, n in stated.items() if n >= floor))


def _most_supported_date(ms: Iterable[DirectiveMentionRecord]) -> date | None:
    counts = Counter(m.issued_on for m in ms if m.issued_on is not None)
    if not counts:
        return None
    return min(counts, key=lambda d: (-counts[d], d))


@dataclass(frozen=True, slots=True)
class _Evidence:
    possible: bool
    agree_subject: bool
    agree_issuer: bool
    agree_date: bool  # only for a dated mention compared across localities
    exact: bool  # the subject is one of the document's (or a run-on/cut of it), or the same date
    disagree: int
    # The subject names another title by its ordinal ("lần thứ XIV" for a document about "lần
    # thứ XIII"): only a date or a title that agrees outweighs that, never the issuer alone.
    other_title: bool = False

    @property
    def agrees(self) -> int:
        return int(self.agree_subject) + int(self.agree_issuer) + int(self.agree_date)

    @property
    def contradicted(self) -> bool:
        if self.other_title and not (self.agree_subject or self.agree_date):
            return True
        return self.disagree > 0 and self.agrees == 0

    def rank(self) -> tuple[int, int, int]:
        """Smaller is stronger: most agreements, then exact, then fewest disagreements."""
        return (-self.agrees, -int(self.exact), self.disagree)


def _evidence(m: DirectiveMentionRecord, doc: _Doc) -> _Evidence:
    possible = doc.issued_on is None or m.published_on is None or doc.issued_on <= m.published_on
    if m.issued_on is not None and doc.period is not None and _period(m) != doc.period:
        possible = False
    agree_subject = agree_issuer = agree_date = exact = other_title = False
    disagree = 0
    term = stated_term(m)
    if term is not None and doc.period is not None and doc.period[0] == "term":
        # "Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII)": as good as a date for the term.
        if doc.period[1] == term:
            agree_date = exact = True
        else:
            possible = False
    if m.subject and doc.subjects:
        mine = _subject_key(m.subject)
        subject_verdicts = [_subject_verdict(mine, s) for s in doc.subjects]
        if any(v is True for v in subject_verdicts):
            agree_subject = True
            exact = any(_similarity(mine, s) >= 100.0 for s in doc.subjects)
        elif all(v is False for v in subject_verdicts):
            disagree += 1
            other_title = all(_ordinals_conflict(mine, s) for s in doc.subjects)
    if m.issuer_stated and doc.issuers:
        mine = issuer_key(m.issuer_stated)
        verdicts = [_issuers_agree(mine, theirs) for theirs in doc.issuers]
        if any(v is True for v in verdicts):
            agree_issuer = True
        elif all(v is False for v in verdicts):
            disagree += 1
    if m.issued_on is not None and doc.issued_on is not None:
        if m.issued_on == doc.issued_on:
            agree_date = exact = True
        else:
            disagree += 1
    return _Evidence(
        possible, agree_subject, agree_issuer, agree_date, exact, disagree, other_title
    )


_EVIDENCE_METHOD = {
    (True, False): ("undated-subject", 0.8),
    (False, True): ("undated-issuer", 0.7),
    (True, True): ("undated-subject-issuer", 0.85),
}


def _evidence_method(e: _Evidence) -> tuple[str, float]:
    return _EVIDENCE_METHOD.get((e.agree_subject, e.agree_issuer), ("undated-date", 0.8))


# -- resolution ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Decision:
    doc: _Doc | None
    method: str
    confidence: float
    candidates: int
    exact: bool = False  # picked among several by an exact subject or date the others lack


def _unique_confidence(m: DirectiveMentionRecord, doc: _Doc, e: _Evidence) -> float:
    """0.9; 0.75 when a story of a later Party term cites a party document of an earlier one
    without evidence: the story's own term may have re-used the number for a document no
    citation dated."""
    if e.agrees == 0 and doc.period is not None and doc.period[0] == "term" and m.published_on:
        now = party_term(m.published_on)
        if now is not None and now > doc.period[1]:
            return 0.75
    return 0.9


def _choose(m: DirectiveMentionRecord, docs: Sequence[_Doc]) -> _Decision | None:
    """Which of ``docs`` an undated (or unlocated) mention cites; None when none is possible."""
    scored = [(d, _evidence(m, d)) for d in docs]
    open_ = [(d, e) for d, e in scored if e.possible and not e.contradicted]
    if not open_:
        return None
    if len(open_) == 1:
        d, e = open_[0]
        if sum(1 for _, e2 in scored if e2.possible) == 1:
            return _Decision(d, "undated-unique", _unique_confidence(m, d, e), 1)
        if e.agrees == 0:
            # The others were contradicted, this one neither agrees nor disagrees.
            return _Decision(d, "undated-contradiction", 0.7, 1)
        method, conf = _evidence_method(e)
        return _Decision(d, method, conf, 1)
    if m.issuer_stated and any(not d.issuers for d, _ in open_):
        # A document no citation states an issuer for may be the same body's (35-CT/TW of the
        # Bộ Chính trị, 2019 and 2024, the 2024 one never cited "của Bộ Chính trị"): an issuer
        # nothing contradicts does not rule a candidate out, so it cannot pick one either.
        open_ = [(d, replace(e, agree_issuer=False)) for d, e in open_]
    ranked = sorted(open_, key=lambda de: de[1].rank())
    (d0, e0), (_, e1) = ranked[0], ranked[1]
    if e0.agrees > 0 and e0.rank() < e1.rank():
        method, conf = _evidence_method(e0)
        return _Decision(d0, method, conf, len(open_), exact=e0.exact and not e1.exact)
    recent = _recently_issued(m, [d for d, _ in open_])
    if recent is not None:
        return _Decision(recent, "undated-disseminated", 0.75, len(open_))
    return _Decision(None, "ambiguous", 0.0, len(open_))


# A conference disseminates ("quán triệt", "triển khai") a document in the months after its issue.
DISSEMINATION_DAYS = 365


def _recently_issued(m: DirectiveMentionRecord, docs: Sequence[_Doc]) -> _Doc | None:
    """For a citation a conference of the story disseminated: the newest of ``docs`` issued in
    the DISSEMINATION_DAYS before the story (Chỉ thị 35-CT/TW at a July 2024 "Hội nghị toàn quốc
    quán triệt" is the June 2024 one, not the 2019 one of the same number); else None."""
    if not m.disseminated or m.published_on is None:
        return None
    recent = [
        d
        for d in docs
        if d.issued_on is not None
        and 0 <= (m.published_on - d.issued_on).days <= DISSEMINATION_DAYS
    ]
    if not recent:
        return None
    newest = max(d.issued_on for d in recent if d.issued_on is not None)
    (doc, *others) = [d for d in recent if d.issued_on == newest]
    return None if others else doc


def _merge_year_slips(by_period: dict[tuple[str, int], list[DirectiveMentionRecord]]) -> None:
    """A yearly-numbered document dated by a few citations one year off, on the same day and
    month, as at least twice as many others date it, is that document with a slip of the year
    ("1521/QĐ-TTg ngày 06/10/2021" for 06/10/2020); the slipped dates stay on their mentions."""
    years = sorted((p for p in by_period if p[0] == "year"), key=lambda p: (-len(by_period[p]), p))
    for minor in reversed(years):
        dates = {m.issued_on for m in by_period[minor]}
        for major in years:
            if major == minor or major not in by_period:
                continue
            main_on = _most_supported_date(by_period[major])
            if (
                main_on is not None
                and abs(major[1] - minor[1]) == 1
                and len(by_period[major]) >= 2 * len(by_period[minor])
                and all(
                    d is not None and (d.month, d.day) == (main_on.month, main_on.day)
                    for d in dates
                )
            ):
                by_period[major].extend(by_period.pop(minor))
                break


def _method(decisions: dict[str, _Decision], m: DirectiveMentionRecord) -> str | None:
    d = decisions.get(m.mention_id)
    return d.method if d is not None else None


def _undated_only(
    ms: list[DirectiveMentionRecord], locality: str | None
) -> tuple[list[_Doc], dict[str, _Decision]]:
    """No citation of the symbol (and locality) is dated: one year-less document, unless the
    citations' titles disagree (15/CT-TTg "phòng, chống dịch COVID-19" of 2020 and "… Phòng
    không nhân dân" of 2021; a party symbol re-used in another term: 26-NQ/TW on cadres, 2018,
    and on agriculture, 2008); then one document per title (``undated-title``), and a citation
    without a title is ``ambiguous`` between them."""
    counts = Counter(_subject_key(m.subject) for m in ms if m.subject)
    leaders = [g[0] for g in _subject_groups(counts)]
    leader_of = {k: g[0] for g in _subject_groups(counts) for k in g}
    # Titles that may be one document (agree, or cannot tell) stay together.
    root = {k: k for k in leaders}

    def find(k: str) -> str:
        while root[k] != k:
            k = root[k]
        return k

    for i, a in enumerate(leaders):
        for b in leaders[i + 1 :]:
            if _subject_verdict(a, b) is not False:
                ra, rb = sorted((find(a), find(b)))
                root[rb] = ra
    titles = sorted({find(k) for k in leaders})
    decisions: dict[str, _Decision] = {}
    if len(titles) <= 1:
        doc = _Doc(locality, None, list(ms))
        for m in ms:
            decisions[m.mention_id] = _Decision(doc, "undated-only", 0.8, 1)
        return [doc], decisions
    docs = {
        t: _Doc(locality, None, [], tag=hashlib.md5(t.encode("utf-8")).hexdigest()[:8])
        for t in titles
    }
    for m in ms:
        if m.subject:
            doc = docs[find(leader_of[_subject_key(m.subject)])]
            doc.members.append(m)
            decisions[m.mention_id] = _Decision(doc, "undated-title", 0.7, len(titles))
        else:
            decisions[m.mention_id] = _Decision(None, "ambiguous", 0.0, len(titles))
    return list(docs.values()), decisions


def _resolve_bucket(
    ms: list[DirectiveMentionRecord], locality: str | None
) -> tuple[list[_Doc], dict[str, _Decision]]:
    """Documents and decisions for the mentions of one symbol and one locality."""
    decisions: dict[str, _Decision] = {}
    if symbol_year(ms[0]) is not None:
        doc = _Doc(locality, None, list(ms))
        for m in ms:
            decisions[m.mention_id] = _Decision(doc, "symbol-year", 1.0, 1)
        return [doc], decisions
    by_period: dict[tuple[str, int], list[DirectiveMentionRecord]] = defaultdict(list)
    undated: list[DirectiveMentionRecord] = []
    for m in ms:
        p = _period(m)
        if p is None:
            undated.append(m)
        else:
            by_period[p].append(m)
    _merge_year_slips(by_period)
    docs = [_Doc(locality, p, by_period[p]) for p in sorted(by_period)]
    for doc in docs:
        doc.seal()
        for m in doc.members:
            if m.issued_on is not None:
                decisions[m.mention_id] = _Decision(doc, "dated", 1.0, 1)
            else:
                decisions[m.mention_id] = _Decision(doc, "stated-term", 0.95, 1)
    if not docs:
        return _undated_only(undated, locality)
    for m in undated:
        choice = _choose(m, docs)
        if choice is not None:
            decisions[m.mention_id] = choice
    # Second look: a citation the date alone pins down (``undated-unique``) tells what its
    # document is about and who issued it, so the others are compared with that too.
    sure = [m for m in undated if _method(decisions, m) == "undated-unique"]
    if sure and len(sure) < len(undated):
        for doc in docs:
            doc.seal([*doc.members, *(m for m in sure if decisions[m.mention_id].doc is doc)])
        for m in undated:
            if _method(decisions, m) != "undated-unique":
                choice = _choose(m, docs)
                if choice is None:
                    decisions.pop(m.mention_id, None)
                else:
                    decisions[m.mention_id] = choice
    unmatched = [m for m in undated if m.mention_id not in decisions]
    for m in undated:
        choice = decisions.get(m.mention_id)
        if choice is not None and choice.doc is not None:
            choice.doc.members.append(m)
    if unmatched:
        doc = _Doc(locality, None, unmatched)
        docs.append(doc)
        for m in unmatched:
            decisions[m.mention_id] = _Decision(doc, "undated-unmatched", 0.5, 0)
    return docs, decisions


def _place(m: DirectiveMentionRecord, docs: Sequence[_Doc]) -> _Decision | None:
    """A mention whose locality is not known for sure, among located documents: joined only to
    the one it can mean (or the one it names exactly); None when it can mean none."""
    choice = _choose(m, docs) if docs else None
    if choice is None:
        return None
    if m.issued_on is not None and not (choice.doc is not None and choice.candidates == 1):
        # The issue date is the document's identity: exactly one located document issued that
        # day is the one cited, however alike the others' titles read.
        same_day = [d for d in docs if d.issued_on == m.issued_on and _evidence(m, d).possible]
        if len(same_day) == 1:
            return _Decision(same_day[0], "located-exact", 0.6, choice.candidates, exact=True)
    if choice.doc is not None and choice.candidates == 1:
        return _Decision(choice.doc, "only-located", 0.6, 1)
    if choice.doc is not None and choice.exact:
        return _Decision(choice.doc, "located-exact", 0.6, choice.candidates)
    return _Decision(None, "ambiguous-locality", 0.0, max(choice.candidates, 2))


def _resolve_local(
    ms: list[DirectiveMentionRecord], from_province: set[str]
) -> tuple[list[_Doc], dict[str, _Decision]]:
    """Documents and decisions of a local symbol's group (see the module docstring)."""
    buckets: dict[str, list[DirectiveMentionRecord]] = defaultdict(list)
    unknown: list[DirectiveMentionRecord] = []
    # A code central bodies share (ĐUK …) cited on a provincial site without its locality: the
    # central document or the province's own, whichever of them it can mean.
    shared: dict[str, list[DirectiveMentionRecord]] = defaultdict(list)
    for m in ms:
        stated = locality_key(m.locality)
        if stated is not None:
            buckets[stated].append(m)
            continue
        province = locality_key(m.source_province)
        if _issuer_parts(m)[0] in _CENTRAL_OR_LOCAL:
            from_province.add(m.mention_id)
            if province is None:  # a national site: the central body's document
                buckets[CENTRAL].append(m)
            else:
                shared[province].append(m)
        elif province is not None:
            from_province.add(m.mention_id)
            buckets[province].append(m)
        else:
            unknown.append(m)
    decisions: dict[str, _Decision] = {}
    docs_of: dict[str, list[_Doc]] = {}

    def resolve(loc: str) -> None:
        bdocs, bdec = _resolve_bucket(buckets[loc], loc)
        for d in bdocs:
            if d.period is None:
                d.seal()  # undated or symbol-year: evidence from all its members
        docs_of[loc] = bdocs
        decisions.update(bdec)

    for loc in sorted(buckets):
        resolve(loc)
    placed: list[DirectiveMentionRecord] = []
    for province in sorted(shared):

        def candidates(p: str = province) -> list[_Doc]:
            return [*docs_of.get(CENTRAL, []), *docs_of.get(p, [])]

        left = [m for m in shared[province] if _place(m, candidates()) is None]
        left_ids = {m.mention_id for m in left}
        if left:  # it can mean none of them: a document of the province nobody placed yet
            buckets[province] += left
            resolve(province)
        for m in shared[province]:
            if m.mention_id in left_ids:
                continue
            dec = _place(m, candidates())
            decisions[m.mention_id] = dec or _Decision(None, "ambiguous-locality", 0.0, 0)
            placed.append(m)
    located = [d for loc in sorted(docs_of) for d in docs_of[loc]]
    rest: list[DirectiveMentionRecord] = []
    for m in unknown:
        dec = _place(m, located)
        if dec is None:
            rest.append(m)
        else:
            decisions[m.mention_id] = dec
            placed.append(m)
    for m in placed:
        chosen = decisions[m.mention_id].doc
        if chosen is not None:
            chosen.members.append(m)
    docs = list(located)
    if rest:
        udocs, udec = _resolve_bucket(rest, None)
        for d in udocs:
            d.locality = "?"
        docs += udocs
        decisions.update(udec)
    return docs, decisions


def _resolve_group(
    ms: list[DirectiveMentionRecord],
) -> tuple[list[DirectiveLink], list[DirectiveEntity]]:
    docs: list[_Doc] = []
    decisions: dict[str, _Decision] = {}
    from_province: set[str] = set()  # mentions located by the site's province, not the text
    if not is_local(ms[0]):
        docs, decisions = _resolve_bucket(ms, None)
    else:
        docs, decisions = _resolve_local(ms, from_province)
    ids = _doc_ids(docs)
    links = []
    for m in ms:
        dec = decisions[m.mention_id]
        conf = dec.confidence * (0.95 if m.mention_id in from_province else 1.0)
        links.append(
            DirectiveLink(
                mention_id=m.mention_id,
                directive_id=ids[id(dec.doc)] if dec.doc is not None else None,
                method=dec.method,
                confidence=round(conf, 3),
                candidates=dec.candidates,
            )
        )
    symbol = _spelling(ms)
    entities = [_entity(d, ids[id(d)], symbol) for d in docs if d.members]
    return links, entities


def _spelling(ms: Sequence[DirectiveMentionRecord]) -> str:
    """The symbol as most mentions spell it (ties: the longer, "05-CT/TW" over "5-CT/TW"); a
    slip of the type code ("Kết luận số 12-NQ/TW") only when no mention spells it right."""
    right = [m for m in ms if directive_group_key(m) == _NUM_RE.sub(r"\1", m.symbol, count=1)]
    counts = Counter(m.symbol for m in right or ms)
    return min(counts, key=lambda s: (-counts[s], -len(s), s))


def _doc_ids(docs: Sequence[_Doc]) -> dict[int, str]:
    every = [m for d in docs for m in d.members]
    symbol = _spelling(every) if every else ""
    base: dict[int, str] = {}
    for d in docs:
        label: str | None = None
        if d.period is not None:
            on = _most_supported_date(d.members)
            if on is not None:
                label = str(on.year)
            elif d.period[0] == "term":  # known by its stated term only: "05-CT/TW@khóa XII"
                label = f"khóa {_roman(d.period[1])}"
        base[id(d)] = f"{symbol}@{label}" if label is not None else symbol
    clash = Counter((base[id(d)], d.locality) for d in docs)
    ids: dict[int, str] = {}
    for d in docs:
        i = base[id(d)]
        if clash[(i, d.locality)] > 1 and d.period is not None:
            on = _most_supported_date(d.members)
            i = f"{symbol}@{on.isoformat()}" if on is not None else i
        elif clash[(i, d.locality)] > 1 and d.tag is not None:
            i = f"{symbol}~{d.tag}"  # undated namesakes told apart by title
        if d.locality is not None:
            i = f"{i}#{d.locality}"
        ids[id(d)] = i
    return ids


# -- entity fields ---------------------------------------------------------------------------------

# A subject cut mid-title ends with a connective ("… của", "… đối với") or an ellipsis; the
# keys have no punctuation, so only the words are checked there.
_DANGLING = ("và", "của", "về", "các", "trong", "cho", "đối với", "với", "để", "ở", "tại", "theo")
_INCOMPLETE_RE = re.compile(rf"\b(?:{'|'.join(_DANGLING)})$")


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _choose_issuer(ms: Sequence[DirectiveMentionRecord]) -> str | None:
    """Most supported stated issuer; ties: the most explicit (longest), then alphabetical."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for m in ms:
        if m.issuer_stated:
            by_key[issuer_key(m.issuer_stated)].append(_clean(m.issuer_stated))
    if not by_key:
        return None
    best = min(by_key, key=lambda k: (-len(by_key[k]), -len(k), k))
    counts = Counter(by_key[best])
    # Wordings of one body: the most frequent, ties the most explicit ("Ban Bí thư Trung ương
    # Đảng" over "Ban Bí thư").
    return min(counts, key=lambda v: (-counts[v], -len(v), v))


def _clean(text: str) -> str:
    """A wording as shown: NFC, Đ look-alikes replaced, spaces collapsed (the key drops more)."""
    text = unicodedata.normalize("NFC", text.translate(_D_LOOKALIKES))
    return " ".join(text.split())


def _choose_subject(ms: Sequence[DirectiveMentionRecord]) -> str | None:
    """Most supported subject: near-identical wordings and run-ons grouped, the group with most
    mentions (ties: most dated mentions, the formal citations "số … ngày … của … về …"), in it
    the most frequent wording (ties: complete before cut, shorter, alphabetical)."""
    raw_by_key: dict[str, list[str]] = defaultdict(list)
    dated_by_key: Counter[str] = Counter()
    for m in ms:
        if m.subject and m.subject.strip():
            k = _subject_key(m.subject)
            raw_by_key[k].append(_clean(m.subject))
            dated_by_key[k] += m.issued_on is not None
    if not raw_by_key:
        return None
    groups = _subject_groups(Counter({k: len(v) for k, v in raw_by_key.items()}))

    def rank(k: str) -> tuple[int, int, bool, int, str]:
        incomplete = bool(_INCOMPLETE_RE.search(k))
        return (-len(raw_by_key[k]), -dated_by_key[k], incomplete, len(k), k)

    def cluster_rank(c: list[str]) -> tuple[int, int, tuple[int, int, bool, int, str]]:
        support = sum(len(raw_by_key[k]) for k in c)
        dated = sum(dated_by_key[k] for k in c)
        return (-support, -dated, rank(min(c, key=rank)))

    best_cluster = min(groups, key=cluster_rank)
    best_key = min(best_cluster, key=rank)
    return _most_common(raw_by_key[best_key])


_QH_RE = re.compile(r"^(UBTVQH|QH)(\d{1,2})$")
_ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")
_ROMAN += ("XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")


def _roman(n: int) -> str:
    return _ROMAN[n] if 0 < n < len(_ROMAN) else str(n)


def implied_issuer(code: str | None) -> str | None:
    """The body an issuer code names for certain; None when it does not (TW: Bộ Chính trị, Ban
    Bí thư or the Ban Chấp hành Trung ương)."""
    if not code or code == "TW":
        return None
    qh = _QH_RE.match(code)
    if qh:
        base = ISSUER_NAMES[qh.group(1)]
        n = int(qh.group(2))
        return f"{base} khóa {_roman(n)}" if n < len(_ROMAN) else base
    if code in ISSUER_NAMES:
        return ISSUER_NAMES[code]
    first = code.split("-")[0]
    return None if first == "TW" else ISSUER_NAMES.get(first)


def _entity(doc: _Doc, directive_id: str, symbol: str) -> DirectiveEntity:
    """The entity row of one document; ``symbol`` is the group's spelling, as in the id."""
    ms = sorted(doc.members, key=lambda m: m.mention_id)
    issued_on = _most_supported_date(ms)
    year = symbol_year(ms[0])
    if year is None and doc.period is not None and issued_on is not None:
        year = issued_on.year
    issuer_code = _most_common(m.issuer_code or "" for m in ms)
    stated = _choose_issuer(ms)
    if stated is not None:
        issuer_name, issuer_source = stated, "stated"
    else:
        issuer_name = implied_issuer(issuer_code)
        issuer_source = "symbol" if issuer_name is not None else None
    locality = None
    if doc.locality is not None and doc.locality != "?":
        locality = _most_common(m.locality or "" for m in ms) or _most_common(
            m.source_province or "" for m in ms
        )
    term = None
    if is_party(ms[0]) and not is_local(ms[0]) and doc.period is not None:
        term = doc.period[1] if doc.period[0] == "term" else None
    num = _NUM_RE.match(symbol)
    return DirectiveEntity(
        directive_id=directive_id,
        symbol=symbol,
        doc_type=_most_common(m.doc_type or "" for m in ms),
        number=num.group(0) if num else None,
        year=year,
        term=term,
        locality=locality,
        issuer_code=issuer_code,
        issuer_name=issuer_name,
        issuer_source=issuer_source,
        issued_on=issued_on,
        subject=_choose_subject(ms),
        mentions=len(ms),
    )


def resolve_against_stored(
    new: Sequence[DirectiveMentionRecord], stored: Sequence[DirectiveEntity]
) -> tuple[list[DirectiveLink], list[DirectiveEntity]] | None:
    """The incremental path: new citations of one group resolved against the group's stored
    documents (``stored``: every entity the group's last whole resolution wrote), without
    reading its other citations. Returns the new citations' links and the entities they change
    (mention counts, a first doc_type or issuer code), exactly what ``resolve_directives`` of the
    whole group would give; None when the new citations can change an earlier citation's link,
    a document's evidence or an id, and the group must be resolved whole.

    A citation qualifies when it states no subject and no issuer (nothing another citation is
    compared with), its symbol is spelled as the group's documents are (the id's spelling stays
    the most common) and, for a non-local symbol without a year inside:

    - undated: it is decided against the stored documents by their period and issue date only
      (``_choose``, as the whole resolution decides it); it adds no evidence, so the second look
      and the other citations' decisions are unchanged; one that no document can mean joins the
      group's stored year-less document (none stored: a new document, resolved whole);
    - dated: its Party term's document exists and is dated that very day (the most supported
      date only gains support); a new period, another day, or a yearly-numbered symbol (year
      slips are merged by counts) is resolved whole: "a new dated document of that symbol".

    Symbols with their year inside (``symbol-year``) are one document: it joins it. Local
    documents (their locality's placement compares every located document) are resolved whole.
    """
    if not new or not stored:
        return None
    spelling = stored[0].symbol
    if any(e.symbol != spelling or e.locality is not None for e in stored):
        return None
    for m in new:
        if m.subject or m.issuer_stated or m.symbol != spelling or is_local(m):
            return None
        if m.locality:
            return None
    year_inside = symbol_year(new[0]) is not None
    docs: list[_Doc] = []  # the dated (or term-stated) documents, as _resolve_bucket makes them
    undated: list[DirectiveEntity] = []  # year-less documents: unmatched, undated-only or titled
    by_doc: dict[int, DirectiveEntity] = {}
    for e in stored:
        # The id is the members' spelling, the entity's symbol the whole group's: both must be
        # the new citations' spelling for it to stay the most common one.
        if e.directive_id != spelling and not e.directive_id.startswith(
            (f"{spelling}@", f"{spelling}~")
        ):
            return None
        period: tuple[str, int] | None = None
        if e.term is not None:
            period = ("term", e.term)
        elif e.year is not None and not year_inside:
            period = ("year", e.year)
        if period is None:
            undated.append(e)
            continue
        doc = _Doc(None, period, [], issued_on=e.issued_on)
        docs.append(doc)
        by_doc[id(doc)] = e
    if len(undated) > 1:  # year-less documents told apart by their titles
        return None
    undated_doc = undated[0] if undated else None
    links: list[DirectiveLink] = []
    joined: dict[str, list[DirectiveMentionRecord]] = defaultdict(list)
    for m in sorted(new, key=lambda m: m.mention_id):
        if year_inside:
            # One document; a date other than its most supported one may move that date.
            if len(stored) != 1 or m.issued_on not in (None, stored[0].issued_on):
                return None
            target, method, conf, candidates = stored[0], "symbol-year", 1.0, 1
        elif m.issued_on is not None:
            period = _period(m)
            same = [d for d in docs if d.period == period]
            if period is None or period[0] != "term" or len(same) != 1:
                return None
            if same[0].issued_on != m.issued_on:
                return None
            target, method, conf, candidates = by_doc[id(same[0])], "dated", 1.0, 1
        elif not docs:
            # No dated document: the year-less one ("undated-only"), if it is the only one.
            if undated_doc is None or len(stored) != 1:
                return None
            target, method, conf, candidates = undated_doc, "undated-only", 0.8, 1
        else:
            choice = _choose(m, docs)
            if choice is None:
                if undated_doc is None:
                    return None
                target, method, conf, candidates = undated_doc, "undated-unmatched", 0.5, 0
            else:
                target = by_doc[id(choice.doc)] if choice.doc is not None else None
                method, conf, candidates = choice.method, choice.confidence, choice.candidates
        links.append(
            DirectiveLink(
                mention_id=m.mention_id,
                directive_id=target.directive_id if target is not None else None,
                method=method,
                confidence=round(conf, 3),
                candidates=candidates,
            )
        )
        if target is not None:
            joined[target.directive_id].append(m)
    changed: list[DirectiveEntity] = []
    for e in stored:
        if e.directive_id not in joined:
            continue
        doc_type, issuer_code = e.doc_type, e.issuer_code
        for m in joined[e.directive_id]:
            # The most common value only gains support: a value other than it could win ties.
            if m.doc_type and doc_type is not None and m.doc_type != doc_type:
                return None
            if m.issuer_code and issuer_code is not None and m.issuer_code != issuer_code:
                return None
        types = {m.doc_type for m in joined[e.directive_id] if m.doc_type}
        codes = {m.issuer_code for m in joined[e.directive_id] if m.issuer_code}
        if (doc_type is None and len(types) > 1) or (issuer_code is None and len(codes) > 1):
            return None
        doc_type = doc_type if doc_type is not None else next(iter(types), None)
        issuer_code = issuer_code if issuer_code is not None else next(iter(codes), None)
        issuer_name, issuer_source = e.issuer_name, e.issuer_source
        if issuer_source != "stated":
            issuer_name = implied_issuer(issuer_code)
            issuer_source = "symbol" if issuer_name is not None else None
        changed.append(
            replace(
                e,
                doc_type=doc_type,
                issuer_code=issuer_code,
                issuer_name=issuer_name,
                issuer_source=issuer_source,
                mentions=e.mentions + len(joined[e.directive_id]),
            )
        )
    return links, changed


def resolve_directives(
    mentions: Iterable[DirectiveMentionRecord],
) -> tuple[list[DirectiveLink], list[DirectiveEntity]]:
    """Links (one per mention, sorted by mention_id) and entities (sorted by directive_id) of the
    given mentions, which must hold every mention of each group they touch."""
    groups: dict[str, list[DirectiveMentionRecord]] = defaultdict(list)
    for m in mentions:
        groups[directive_group_key(m)].append(m)
    links: list[DirectiveLink] = []
    entities: list[DirectiveEntity] = []
    for key in sorted(groups):
        ms = sorted(groups[key], key=lambda m: m.mention_id)
        g_links, g_entities = _resolve_group(ms)
        links += g_links
        entities += g_entities
    links.sort(key=lambda link: link.mention_id)
    entities.sort(key=lambda e: e.directive_id)
    return links, entities
