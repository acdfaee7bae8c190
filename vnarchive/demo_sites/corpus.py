"""Deterministic generator of the demo corpus with ground truth (GT).

`generate_corpus(n, seed)` returns `n` article pages spread over the three demo sites: the two
seed articles (real text, copied into demo_sites/data/) plus generated Vietnamese conference reports,
legal-news and PBGDPL-activity stories. About 10% of stories are republished on a second site
(copies: one story). Another ≈10% of the articles are *independent reports of one event* by two or
three sites (other stories, other words: see "multi-site events" below), with hard negatives
beside them, drawn from a random stream of their own so the other stories stay as they were.

Truth identities (issue 11): every conference carries the `event_id` of the real event (all its
reports, copies and previews share it) and every citation the `document_id` of the real document
("05-CT/TW@2016", "456/KH-UBND@Hải Phòng@2023"), with `determinable=False` when the text cannot
tell which of two documents of one symbol it means (see `_mark_determinable`). The stories
describe one world: a generated story whose events would contradict an earlier one's (the same
body's monthly conference on two dates) is redrawn.

GT labelling follows the dev-set rules (benchmarks/devset/LABELLING.md):
- `GTDirective.symbol` is canonical even when the text shows a variant ("25 - CT/TƯ", "ND-CP");
  `issued_on` only when the text gives the date next to the symbol; `subject` only when the text
  carries a "về …" phrase (the phrase without "về").
- `GTConference.held_on` only when the year is explicit for the event (in the date phrase or in
  the conference name, e.g. "tháng 10/2024"); chairs include bridge-point chairs; a chair who also
  gives the concluding speech is a speaker too; mere attendees are neither.
- Only events the text calls "Hội nghị" are conferences (tập huấn / tọa đàm stories have none).
- `paragraphs` exclude the title, the date line and the author byline.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pydantic import BaseModel, PrivateAttr

from . import pools
from .pools import DirectiveSpec, Organiser
from .sites import SITE_BY_NAME, SITES

VN_TZ = timezone(timedelta(hours=7))
DATA_DIR = Path(__file__).parent / "data"
# Every document of the demo world: the citation pool plus the documents only some stories cite.
DOCUMENTS: list[DirectiveSpec] = [*pools.DIRECTIVES, *pools.EXTRA_DOCUMENTS]


def nfc(text: str) -> str:
    """NFC-normalise (the corpus promises NFC everywhere)."""
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- models


class GTDirective(BaseModel):
    """A document symbol cited in the article body, in canonical form."""

    symbol: str
    doc_type: str
    issued_on: date | None = None
    issuer_code: str
    subject: str | None = None
    # The issuing body as the citation states it ("Bộ Chính trị" for "của Bộ Chính trị"), else None.
    issuer_stated: str | None = None
    # The issuing locality as the citation states it ("Hải Phòng"), for local documents, else None.
    locality: str | None = None
    # Truth identity: the real document ("05-CT/TW@2016"; local ones carry their locality:
    # "456/KH-UBND@Hải Phòng@2023"). Set even when the text cannot tell which document it is.
    document_id: str = ""
    # False when the citation cannot determine its document: another document of the demo world
    # with the same symbol (and locality) fits everything the citation says and was issued before
    # the story. A resolver must leave such a citation unresolved, never guess.
    determinable: bool = True


class GTPerson(BaseModel):
    name: str
    position: str


class GTConference(BaseModel):
    """A "Hội nghị" reported in the article body."""

    name: str
    held_on: date | None = None
    organizer: str | None = None
    chairs: list[GTPerson] = []
    speakers: list[GTPerson] = []
    format: str | None = None  # "trực tuyến" | "trực tiếp" | "trực tiếp kết hợp trực tuyến"
    location: str | None = None
    # Truth identity of the real event: every report of it (republished copies and independent
    # rewrites on other sites, previews included) carries the same event_id.
    event_id: str = ""
    bridge_point: str | None = None  # the điểm cầu this report speaks from ("thành phố Hải Phòng")
    bridge_chairs: list[GTPerson] = []  # chairs of that bridge point (also in `chairs`)
    status: str = "held"  # "planned" for a preview ("sẽ tổ chức")
    nationwide: bool = False  # "toàn quốc", "cả nước"
    directives: list[str] = []  # canonical symbols the conference disseminated (name or agenda)


class DemoArticle(BaseModel):
    """One article page on one site (a republished story is a second DemoArticle)."""

    site: str
    path: str  # URL path incl. query, starting with "/"
    story_id: str
    title: str
    paragraphs: list[str]
    published_at: datetime  # timezone-aware, +07:00
    author: str | None = None
    category: str  # display name of the site category (see sites.SITES)
    directives: list[GTDirective] = []
    conferences: list[GTConference] = []

    @property
    def body_text(self) -> str:
        return nfc("\n".join(self.paragraphs))

    @property
    def article_id(self) -> int:
        """Numeric id embedded in the URL (tbo<id>, ItemID=<id>, -<id>.html)."""
        return int(re.findall(r"\d+", self.path)[-1])


class DemoCorpus(BaseModel):
    articles: list[DemoArticle]
    _index: dict[tuple[str, str], DemoArticle] | None = PrivateAttr(default=None)

    def by_site(self, site: str) -> list[DemoArticle]:
        return [a for a in self.articles if a.site == site]

    def find(self, site: str, path: str) -> DemoArticle | None:
        if self._index is None:
            self._index = {(a.site, a.path): a for a in self.articles}
        return self._index.get((site, path))

    def stories(self) -> dict[str, list[DemoArticle]]:
        """story_id -> its copies, earliest first."""
        out: dict[str, list[DemoArticle]] = {}
        for a in sorted(self.articles, key=lambda a: a.published_at):
            out.setdefault(a.story_id, []).append(a)
        return out


# --------------------------------------------------------------------------- helpers


def slugify(text: str, max_len: int = 80) -> str:
    """ASCII slug the way Vietnamese CMSs build them ("Hội nghị" -> "hoi-nghi")."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "bai-viet"


def _dmy(d: date, rng: random.Random) -> str:
    # Real sites mix "2/11/2023" and "02/11/2023".
    if rng.random() < 0.25:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{d.day}/{d.month}/{d.year}"


def _symbol_variant(sym: str, rng: random.Random) -> str:
    """Render a canonical symbol the way articles sometimes misspell it."""
    r = rng.random()
    if r < 0.72:
        return sym
    if re.match(r"^\d+-", sym):  # party form NUMBER-TYPE/ISSUER
        if r < 0.82:
            num, rest = sym.split("-", 1)
            return f"{num} - {rest}"
        if sym.endswith("/TW"):
            return sym[:-2] + ("TƯ" if r < 0.92 else "T.Ư")
        return sym
    if "NĐ-CP" in sym and r < 0.84:
        return sym.replace("NĐ", "ND")
    if "Đ" in sym and r < 0.9:
        return sym.replace("Đ", "Ð")  # U+00D0 look-alike, seen on real pages
    if r < 0.93:
        return sym.lower()
    return sym


_NESTED = re.compile(r"(Chỉ thị|Nghị quyết|Kết luận) số (\d+-[A-ZĐ]+/[A-ZĐ]+)")


def document_id(spec: DirectiveSpec) -> str:
    """Truth identity of a document: symbol, locality for a local one, issue year."""
    parts = [spec.symbol]
    if spec.locality:
        parts.append(spec.locality)
    if spec.issued_on:
        parts.append(str(spec.issued_on.year))
    return "@".join(parts)


def site_province(site: str | None) -> str | None:
    return SITE_BY_NAME[site].province if site in SITE_BY_NAME else None


def issuer_phrase(spec: DirectiveSpec, site: str | None) -> str | None:
    """The "của …" phrase as a site writes it: a local document cited outside its own locality
    names the locality ("của UBND thành phố Hải Phòng"); at home "của UBND thành phố" suffices."""
    phrase = spec.issuer_phrase
    away = site is None or site_province(site) != spec.locality
    if phrase and spec.locality and spec.locality not in phrase and away:
        phrase = f"{phrase} {spec.locality}"
    return phrase


def _stated(phrase: str | None, spec: DirectiveSpec) -> tuple[str | None, str | None]:
    """(issuer_stated, locality stated) of a shown "của …" phrase."""
    if not phrase:
        return None, None
    locality = spec.locality if spec.locality and spec.locality in phrase else None
    # as written, the Party term included ("Ban Chấp hành Trung ương Đảng khóa XIII"): a term
    # stated with the issuer dates the document like a year does
    return phrase.removeprefix("của "), locality


_ISSUER_AFTER = re.compile(
    r"(?:,?\s*ngày\s+\d{1,2}(?:[/-]\d{1,2}[/-]\d{4}| tháng \d{1,2} năm \d{4}))?"
    r"\s*(của [^,;.]*?)(?=\s+về\s|[,;.]|$)"
)


def nested_directive(match: re.Match[str], text: str) -> GTDirective:
    """GT of a citation nested in a subject ("… thực hiện Chỉ thị số 05-CT/TW của Ban Bí thư"):
    the document is the one of that symbol whose issuer the following words name."""
    symbol = match.group(2)
    after = _ISSUER_AFTER.match(text, match.end())
    phrase = after.group(1) if after else None
    same = [d for d in DOCUMENTS if d.symbol == symbol]
    fits = [d for d in same if phrase and d.issuer_phrase and d.issuer_phrase in phrase] or same
    spec = fits[0]
    stated, locality = _stated(phrase, spec) if phrase else (None, None)
    return GTDirective(
        symbol=symbol,
        doc_type=match.group(1),
        issuer_code=symbol.split("/")[1],
        issuer_stated=stated,
        locality=locality,
        document_id=document_id(spec),
    )


def _cite(
    spec: DirectiveSpec,
    rng: random.Random,
    *,
    p_date: float = 0.45,
    p_subject: float = 0.6,
    short: bool = False,
    site: str | None = None,
) -> tuple[str, list[GTDirective]]:
    """Citation text for `spec` plus the GT it produces (nested citations included)."""
    sym = _symbol_variant(spec.symbol, rng)
    if spec.law_name:
        text = f"{spec.law_name} số {sym}"
    else:
        text = f"{spec.doc_type}{' số ' if rng.random() < 0.8 else ' '}{sym}"
    issued = None
    if not short and spec.issued_on and rng.random() < p_date:
        issued = spec.issued_on
        r = rng.random()
        if r < 0.6:
            text += f", ngày {_dmy(issued, rng)}"
        elif r < 0.85:
            text += f" ngày {issued.day} tháng {issued.month} năm {issued.year}"
        else:
            text += f" ngày {issued.day}-{issued.month}-{issued.year}"
    shown = None
    if spec.issuer_phrase and (short or rng.random() < 0.7):
        shown = issuer_phrase(spec, site)
        text += f" {shown}"
    stated, locality = _stated(shown, spec)
    subject = None
    if not short and spec.subject and rng.random() < p_subject:
        subject = spec.subject
        text += f" về {subject}"
    gts = [
        GTDirective(
            symbol=spec.symbol,
            doc_type=spec.doc_type,
            issued_on=issued,
            issuer_code=spec.issuer_code,
            subject=subject,
            issuer_stated=stated,
            locality=locality,
            document_id=document_id(spec),
        )
    ]
    if subject:
        gts.extend(nested_directive(m, subject) for m in _NESTED.finditer(subject))
    return text, gts


def _bare(d: GTDirective) -> bool:
    """The citation states nothing but the symbol (no date, subject, issuer or locality)."""
    return d.issued_on is d.subject is d.issuer_stated is d.locality is None


def _merge_directives(items: Sequence[GTDirective]) -> list[GTDirective]:
    """Keep first appearance order; same (symbol, subject) cited twice keeps the richer entry.

    Two documents of one symbol stay two, except that a bare repeat ("tuyên truyền Chỉ thị số
    05-CT/TW" after "Chỉ thị số 05-CT/TW của Ban Bí thư …") reads, to anyone, as the document
    the story already named: it is that one (and a bare first mention is the one named later)."""
    out: list[GTDirective] = []
    for d in items:
        for i, e in enumerate(out):
            if e.symbol == d.symbol and (
                (
                    e.document_id == d.document_id
                    and (e.subject == d.subject or None in (e.subject, d.subject))
                )
                or _bare(d)
                or _bare(e)
            ):
                if _bare(e) and not _bare(d):
                    e = e.model_copy(update={"document_id": d.document_id})
                out[i] = e.model_copy(
                    update={
                        "issued_on": e.issued_on or d.issued_on,
                        "subject": e.subject or d.subject,
                        "issuer_stated": e.issuer_stated or d.issuer_stated,
                        "locality": e.locality or d.locality,
                    }
                )
                break
        else:
            out.append(d)
    return out


def _pick_directives(
    rng: random.Random, k: int, before: date, *, state_only: bool = False
) -> list[DirectiveSpec]:
    """k distinct-symbol directives issued before `before` (no anachronisms)."""
    pool = [
        d
        for d in pools.DIRECTIVES
        if (not state_only or not re.match(r"^\d+-", d.symbol))
        and (d.issued_on is None or d.issued_on < before)
    ]
    picked: list[DirectiveSpec] = []
    for spec in rng.sample(pool, min(len(pool), k * 2)):
        if all(p.symbol != spec.symbol for p in picked):
            picked.append(spec)
        if len(picked) == k:
            break
    return picked


ORDINALS = ["Thứ nhất", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm"]


@dataclass
class _Story:
    """A story before it is placed on a site."""

    story_id: str
    kind: str  # "conference" | "legal" | "activity" | "seed"
    titles: list[str]  # first is the original title, others are used by republished copies
    paragraphs: list[str]
    published_at: datetime
    author: str | None
    directives: list[GTDirective] = field(default_factory=list)
    conferences: list[GTConference] = field(default_factory=list)
    # the real day of each conference (GT held_on stays None when the text hides the year)
    event_days: list[date] = field(default_factory=list)
    # world keys of the events reported (see _world_keys); set for multi-site reports
    world: list[tuple[tuple[str, ...], date]] = field(default_factory=list)


# --------------------------------------------------------------------------- story kinds

SITE_ORGANISERS: dict[str, list[int]] = {
    # indices into pools.ORGANISERS, chosen so each site reports on its own world
    "haiphong-pbgdpl": [0, 1, 2, 3, 4, 5, 8],
    "dukcqtw": [0, 0, 1],
    "moj-portal": [6, 7, 4, 5],
}

KIND_WEIGHTS: dict[str, list[float]] = {  # conference, legal, activity
    "haiphong-pbgdpl": [0.45, 0.25, 0.30],
    "dukcqtw": [0.60, 0.20, 0.20],
    "moj-portal": [0.35, 0.40, 0.25],
}

KIND_CATEGORIES: dict[str, dict[str, list[str]]] = {
    "haiphong-pbgdpl": {
        "conference": ["tin-hoat-dong"],
        "legal": ["van-ban-moi", "chi-dao-dieu-hanh"],
        "activity": ["tuyen-truyen-pho-bien"],
        "seed": ["tin-hoat-dong"],
    },
    "dukcqtw": {
        "conference": ["117", "118"],
        "legal": ["120"],
        "activity": ["118", "119"],
        "seed": ["117"],
    },
    "moj-portal": {
        "conference": ["hoi-nghi-hoi-thao"],
        "legal": ["van-ban-phap-luat"],
        "activity": ["tin-hoat-dong"],
        "seed": ["hoi-nghi-hoi-thao"],
    },
}


def _date_phrase(d: date, rng: random.Random) -> tuple[str, bool | None]:
    """Opening date phrase; second item: True = year shown, False = day/month only, None = none."""
    opts: list[tuple[str, bool | None]] = [
        (f"Ngày {d.day}/{d.month}", False),
        (f"Sáng {d.day}/{d.month}/{d.year}", True),
        (f"Chiều ngày {d.day}/{d.month}", False),
        (f"Sáng ngày {d.day}/{d.month}/{d.year}", True),
        (f"Ngày {d.day} tháng {d.month} năm {d.year}", True),
        (f"Sáng {d.day}-{d.month}", False),
        ("Vừa qua", None),
    ]
    return rng.choices(opts, weights=[3, 3, 2, 2, 1, 1, 1])[0]


def _people(rng: random.Random, k: int, taken: list[str]) -> list[str]:
    free = [n for n in pools.NAMES if n not in taken]
    names = rng.sample(free, k)
    taken.extend(names)
    return names


def _conference_name(
    d: date, org: Organiser, rng: random.Random, site: str | None = None
) -> tuple[str, bool, str | None, list[GTDirective]]:
    """(name, name states the event year, forced format, GT directives cited in the name)."""
    q = ROMAN_Q[(d.month - 1) // 3]
    r = rng.random()
    if r < 0.3:
        return f"Hội nghị báo cáo viên tháng {d.month}/{d.year}", True, None, []
    if r < 0.45:
        return f"Hội nghị thông tin chuyên đề quý {q}/{d.year}", True, None, []
    if r < 0.6:
        spec = _pick_directives(rng, 1, d)[0]
        text, gts = _cite(spec, rng, short=True, site=site)
        return f"Hội nghị quán triệt, triển khai {text}", False, None, gts
    if r < 0.72:
        if d.month <= 3:
            return (
                f"Hội nghị tổng kết công tác phổ biến, giáo dục pháp luật năm {d.year - 1}",
                False,
                None,
                [],
            )
        return (
            f"Hội nghị sơ kết công tác phổ biến, giáo dục pháp luật 6 tháng đầu năm {d.year}",
            True,
            None,
            [],
        )
    if r < 0.85:
        return f"Hội nghị giao ban công tác tuyên giáo quý {q}/{d.year}", True, None, []
    laws = [s for s in pools.DIRECTIVES if s.law_name and s.issued_on and s.issued_on < d]
    law = rng.choice(laws)
    return (f"Hội nghị trực tuyến phổ biến, quán triệt {law.law_name}", False, "trực tuyến", [])


ROMAN_Q = pools.ROMAN
FORMAT_PHRASES = {
    "trực tuyến": ["bằng hình thức trực tuyến", "theo hình thức trực tuyến đến các điểm cầu"],
    "trực tiếp": ["theo hình thức trực tiếp"],
    "trực tiếp kết hợp trực tuyến": ["theo hình thức trực tiếp kết hợp trực tuyến"],
}


def _conference_story(
    site: str, d: date, rng: random.Random
) -> tuple[list[str], list[str], list[GTDirective], list[GTConference]]:
    org = pools.ORGANISERS[rng.choice(SITE_ORGANISERS[site])]
    name, name_has_year, forced_fmt, name_gts = _conference_name(d, org, rng, site)
    fmt = (
        forced_fmt
        or rng.choices(
            [None, "trực tuyến", "trực tiếp", "trực tiếp kết hợp trực tuyến"],
            weights=[0.35, 0.25, 0.2, 0.2],
        )[0]
    )
    location = None
    if fmt != "trực tuyến" and rng.random() < 0.6:
        location = rng.choice(org.venues)
    dp, year_shown = _date_phrase(d, rng)
    held_on = d if (year_shown or (year_shown is False and name_has_year)) else None

    fmt_text = ""
    if fmt and not (forced_fmt and rng.random() < 0.5):  # "Hội nghị trực tuyến …" says it already
        fmt_text = " " + rng.choice(FORMAT_PHRASES[fmt])
    if location and rng.random() < 0.5:
        opening = f"{dp}, tại {location}, {org.name} đã tổ chức {name}{fmt_text}"
    else:
        opening = f"{dp}, {org.name} tổ chức {name}{fmt_text}"
        if location:
            opening += f" tại {location}"
    if rng.random() < 0.5:
        opening += (
            " nhằm thông tin những vấn đề thời sự quan trọng tới đội ngũ báo cáo viên, "
            "tuyên truyền viên các cấp"
        )
    if site == "dukcqtw" and rng.random() < 0.5:
        opening = "(TG) - " + opening
    paragraphs = [opening + "."]
    directives: list[GTDirective] = list(name_gts)

    taken: list[str] = []
    n_chairs = rng.choices([0, 1, 2], weights=[0.15, 0.6, 0.25])[0]
    chair_names = _people(rng, n_chairs, taken)
    chair_pos = rng.sample(org.chair_positions, min(n_chairs, len(org.chair_positions)))
    while len(chair_pos) < n_chairs:
        chair_pos.append(rng.choice(pools.SPEAKER_POSITIONS))
    chairs = [GTPerson(name=n, position=p) for n, p in zip(chair_names, chair_pos, strict=True)]
    if len(chairs) == 1:
        c = chairs[0]
        paragraphs.append(
            rng.choice(
                [
                    f"Đồng chí {c.name}, {c.position} dự và chủ trì Hội nghị.",
                    f"{c.position} {c.name} chủ trì Hội nghị.",
                    f"Chủ trì Hội nghị có đồng chí {c.name} - {c.position}.",
                ]
            )
        )
    elif len(chairs) == 2:
        a, b = chairs
        paragraphs.append(
            rng.choice(
                [
                    f"Các đồng chí: {a.name}, {a.position}; {b.name}, {b.position} đồng chủ trì Hội nghị.",
                    f"Chủ trì Hội nghị có đồng chí {a.name}, {a.position} và đồng chí {b.name}, "
                    f"{b.position}.",
                ]
            )
        )
    bridge_point, bridge_chairs = None, []
    if fmt in ("trực tuyến", "trực tiếp kết hợp trực tuyến") and rng.random() < 0.4:
        local = rng.choice([o for o in pools.ORGANISERS if o.bridge != org.bridge])
        bridge = GTPerson(
            name=_people(rng, 1, taken)[0], position=rng.choice(local.chair_positions)
        )
        chairs.append(bridge)
        if local.bridge != "Trung ương":  # a central board is no local point (the chair stays)
            bridge_point, bridge_chairs = local.bridge, [bridge]
        paragraphs.append(
            f"Dự và chủ trì tại điểm cầu {local.bridge} có đồng chí {bridge.name}, "
            f"{bridge.position}."
        )
    if rng.random() < 0.5:
        att = _people(rng, 1, taken)[0]
        att_pos = rng.choice(pools.ATTENDEE_POSITIONS)
        paragraphs.append(
            f"Tham dự Hội nghị có đồng chí {att}, {att_pos}; đại diện lãnh đạo "
            "các ban, sở, ngành, đoàn thể và đội ngũ báo cáo viên, tuyên truyền "
            "viên."
        )

    n_speakers = rng.choices([0, 1, 2, 3], weights=[0.1, 0.4, 0.35, 0.15])[0]
    speakers = [
        GTPerson(name=n, position=p)
        for n, p in zip(
            _people(rng, n_speakers, taken),
            rng.sample(pools.SPEAKER_POSITIONS, n_speakers),
            strict=True,
        )
    ]
    topics = rng.sample(pools.TOPICS, n_speakers)
    if speakers:
        s0 = speakers[0]
        if rng.random() < 0.5:
            parts = [
                f"Tại Hội nghị, các đại biểu được nghe đồng chí {s0.name}, {s0.position} "
                f"thông tin chuyên đề về “{topics[0]}”"
            ]
            parts += [
                f"đồng chí {s.name} - {s.position} báo cáo “{t}”"
                for s, t in zip(speakers[1:], topics[1:], strict=True)
            ]
            paragraphs.append("; ".join(parts) + ".")
        else:
            for s, t in zip(speakers, topics, strict=True):
                paragraphs.append(
                    rng.choice(
                        [
                            f"Hội nghị đã nghe đồng chí {s.name} - {s.position} trình bày chuyên đề "
                            f"“{t}”.",
                            f"Phát biểu tại Hội nghị, {s.position} {s.name} thông tin về {t[0].lower()}"
                            f"{t[1:]}, đồng thời nhấn mạnh yêu cầu nâng cao chất lượng công tác tuyên "
                            "truyền.",
                        ]
                    )
                )

    specs = [
        s
        for s in _pick_directives(rng, rng.randint(1, 4), d)
        if s.symbol not in {g.symbol for g in directives}
    ]
    enumerate_ = len(specs) >= 2 and rng.random() < 0.5
    # What the conference disseminated: the document in its name, and those of its agenda
    # sentence ("Hội nghị đã quán triệt …"); other citations in the story are not.
    disseminated = [g.symbol for g in name_gts[:1]]
    for i, spec in enumerate(specs):
        text, gts = _cite(spec, rng, site=site)
        directives.extend(gts)
        if enumerate_:
            paragraphs.append(f"{ORDINALS[i]}, tuyên truyền {text}. {rng.choice(pools.FILLERS)}")
        else:
            paragraphs.append(
                rng.choice(
                    [
                        f"Các báo cáo viên, các cấp ủy tiếp tục đẩy mạnh tuyên truyền thực hiện {text}.",
                        f"Hội nghị đã quán triệt những nội dung cơ bản của {text}.",
                        f"Trên cơ sở {text}, các cơ quan, đơn vị cần xây dựng kế hoạch cụ thể, bảo đảm "
                        "tiến độ, chất lượng.",
                    ]
                )
            )
            if paragraphs[-1].startswith("Hội nghị đã quán triệt"):
                disseminated.append(spec.symbol)
    if chairs and rng.random() < 0.4:
        c = chairs[0]
        speakers.append(c)
        paragraphs.append(
            f"Phát biểu kết luận Hội nghị, đồng chí {c.name} đề nghị các cấp ủy, "
            "cơ quan, đơn vị tiếp tục đổi mới nội dung, phương thức tuyên truyền, "
            "bám sát tình hình thực tiễn."
        )

    conferences = [
        GTConference(
            name=name,
            held_on=held_on,
            organizer=org.name,
            chairs=chairs,
            speakers=speakers,
            format=fmt,
            location=location,
            directives=list(dict.fromkeys(disseminated)),
            bridge_point=bridge_point,
            bridge_chairs=bridge_chairs,
        )
    ]
    if rng.random() < 0.1:  # an earlier, briefly mentioned conference
        d2 = d - timedelta(days=rng.randint(20, 80))
        org2 = pools.ORGANISERS[rng.choice(SITE_ORGANISERS[site])]
        q2 = ROMAN_Q[(d2.month - 1) // 3]
        name2 = f"Hội nghị giao ban công tác tuyên giáo quý {q2}/{d2.year}"
        if name2 != name:
            paragraphs.append(
                f"Trước đó, ngày {d2.day}/{d2.month}/{d2.year}, {org2.name} đã tổ chức {name2}."
            )
            conferences.append(GTConference(name=name2, held_on=d2, organizer=org2.name))

    titles = [
        f"{org.name} tổ chức {name}",
        name,
        f"{name}: những nhiệm vụ trọng tâm trong công tác tuyên truyền",
    ]
    if rng.random() < 0.5:
        titles[0], titles[1] = titles[1], titles[0]
    return titles, paragraphs, directives, conferences


def _legal_story(
    site: str, d: date, rng: random.Random
) -> tuple[list[str], list[str], list[GTDirective], list[GTConference]]:
    spec = _pick_directives(rng, 1, d, state_only=rng.random() < 0.6)[0]
    issued = spec.issued_on or d
    directives: list[GTDirective] = []
    if spec.law_name:
        eff = date(issued.year + 1, 1, 1)
        first = (
            f"{spec.law_name} số {spec.symbol} được Quốc hội thông qua ngày "
            f"{_dmy(issued, rng)}, có hiệu lực thi hành từ ngày {_dmy(eff, rng)}."
        )
        directives.append(
            GTDirective(
                symbol=spec.symbol,
                doc_type=spec.doc_type,
                issued_on=issued,
                issuer_code=spec.issuer_code,
                document_id=document_id(spec),
            )
        )
        titles = [f"Những điểm mới của {spec.law_name}", f"Triển khai thi hành {spec.law_name}"]
        word = "Luật"
    else:
        phrase = issuer_phrase(spec, site)
        body = (phrase or "của cơ quan có thẩm quyền").removeprefix("của ")
        stated, locality = _stated(phrase, spec)
        first = (
            f"Ngày {_dmy(issued, rng)}, {body} đã ban hành {spec.doc_type} số {spec.symbol} "
            f"về {spec.subject}."
        )
        directives.append(
            GTDirective(
                symbol=spec.symbol,
                doc_type=spec.doc_type,
                issued_on=issued,
                issuer_code=spec.issuer_code,
                subject=spec.subject,
                issuer_stated=stated,
                locality=locality,
                document_id=document_id(spec),
            )
        )
        directives.extend(
            nested_directive(m, spec.subject or "") for m in _NESTED.finditer(spec.subject or "")
        )
        titles = [
            f"{body[0].upper()}{body[1:]} ban hành {spec.doc_type} về {spec.subject}",
            f"Triển khai {spec.doc_type} số {spec.symbol} {phrase or ''}".strip(),
        ]
        word = spec.doc_type
    paragraphs = [
        first,
        rng.choice(
            [
                f"Theo đó, {word} quy định rõ trách nhiệm của các cơ quan, tổ chức, cá nhân trong việc "
                "triển khai thực hiện; bảo đảm tính thống nhất, đồng bộ và khả thi.",
                f"{word} gồm nhiều nội dung mới, tập trung tháo gỡ những vướng mắc, bất cập phát sinh "
                "trong thực tiễn thi hành thời gian qua.",
            ]
        ),
    ]
    for other in _pick_directives(rng, rng.randint(0, 2), d):
        if other.symbol in {g.symbol for g in directives}:
            continue
        text, gts = _cite(other, rng, site=site)
        directives.extend(gts)
        paragraphs.append(f"Việc ban hành {word.lower()} nhằm cụ thể hóa {text}.")
    paragraphs.append(
        f"Để đưa {word.lower()} đi vào cuộc sống, các sở, ban, ngành, địa phương "
        "được yêu cầu tổ chức quán triệt, phổ biến rộng rãi tới cán bộ, công chức, "
        "viên chức và Nhân dân."
    )
    return titles, paragraphs, directives, []


def _activity_story(
    site: str, d: date, rng: random.Random
) -> tuple[list[str], list[str], list[GTDirective], list[GTConference]]:
    org = pools.ORGANISERS[rng.choice(SITE_ORGANISERS[site])]
    dp, _ = _date_phrase(d, rng)
    r = rng.random()
    if r < 0.4:
        first = (
            f"{dp}, {org.name} tổ chức lớp tập huấn nghiệp vụ cho đội ngũ báo cáo viên, "
            f"tuyên truyền viên pháp luật năm {d.year}."
        )
        titles = [
            f"Tập huấn nghiệp vụ phổ biến, giáo dục pháp luật năm {d.year}",
            f"{org.name} tập huấn cho báo cáo viên pháp luật",
        ]
    elif r < 0.7:
        topic = rng.choice(pools.TOPICS)
        first = f"{dp}, {org.name} tổ chức Tọa đàm “{topic}”."
        titles = [f"Tọa đàm “{topic}”", f"{org.name} tổ chức tọa đàm về {topic.lower()}"]
    else:
        first = (
            f"{dp}, {org.name} phát động Cuộc thi trực tuyến tìm hiểu pháp luật năm {d.year}"
            ", hưởng ứng Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam."
        )
        titles = [
            f"Phát động Cuộc thi trực tuyến tìm hiểu pháp luật năm {d.year}",
            f"Hưởng ứng Ngày Pháp luật Việt Nam năm {d.year}",
        ]
    paragraphs = [first]
    directives: list[GTDirective] = []
    for spec in _pick_directives(rng, rng.randint(1, 2), d):
        text, gts = _cite(spec, rng, site=site)
        directives.extend(gts)
        paragraphs.append(
            rng.choice(
                [
                    f"Hoạt động được triển khai nhằm thực hiện {text}.",
                    f"Nội dung tập trung vào những quy định mới của {text}, gắn với thực tiễn tại cơ sở.",
                ]
            )
        )
    return titles, paragraphs, directives, []


STORY_KINDS = {"conference": _conference_story, "legal": _legal_story, "activity": _activity_story}


def _generated_story(idx: int, site: str, rng: random.Random) -> _Story:
    start = datetime(2020, 1, 1, tzinfo=VN_TZ)
    span_days = (datetime(2025, 6, 30, tzinfo=VN_TZ) - start).days
    day = start + timedelta(days=rng.randrange(span_days))
    published = day.replace(hour=rng.randint(6, 21), minute=rng.randint(0, 59))
    event = (published - timedelta(days=rng.choice([0, 0, 1, 1, 2]))).date()
    kind = rng.choices(list(STORY_KINDS), weights=KIND_WEIGHTS[site])[0]
    titles, paragraphs, directives, conferences = STORY_KINDS[kind](site, event, rng)
    # Pad with filler so paragraph counts vary over 3..9 (longer cores stay whole).
    target = rng.randint(3, 9)
    fillers = rng.sample(pools.FILLERS, len(pools.FILLERS))
    while len(paragraphs) < target and fillers:
        # after the story's core so the report still reads in order
        pos = rng.randint(max(1, len(paragraphs) // 2), len(paragraphs))
        paragraphs.insert(pos, fillers.pop())
    # Never cut a story's own paragraphs: the ground truth was built from all of them.
    author = rng.choice(pools.AUTHORS) if rng.random() < 0.9 else None
    return _Story(
        story_id=f"s{idx:05d}",
        kind=kind,
        titles=titles,
        paragraphs=paragraphs,
        published_at=published,
        author=author,
        directives=_merge_directives(directives),
        conferences=[
            c.model_copy(update={"event_id": f"s{idx:05d}#{k}"}) for k, c in enumerate(conferences)
        ],
        event_days=[c.held_on or event for c in conferences],
    )


# --------------------------------------------------------------------------- seeds


def _seed_stories() -> list[tuple[str, _Story]]:
    """The two real seed articles with hand-made GT."""
    hp_lines = [
        ln.strip()
        for ln in (DATA_DIR / "haiphong-pbgdpl-bao-cao-vien-10-2021.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    hp_lines = [nfc(ln) for ln in hp_lines if ln]
    date_line = next(ln for ln in hp_lines if ln.startswith("Thời gian:"))
    published = datetime.strptime(date_line.removeprefix("Thời gian:").strip(), "%d/%m/%Y %H:%M")
    start = hp_lines.index(date_line) + 1
    footer = hp_lines.index("TRANG THÔNG TIN VỀ PHỔ BIẾN GIÁO DỤC PHÁP LUẬT")
    hp_title, *hp_body, hp_author = hp_lines[start:footer]
    hp = _Story(
        story_id="seed-haiphong-2021-10",
        kind="seed",
        titles=[hp_title],
        paragraphs=hp_body,
        author=hp_author,
        published_at=published.replace(tzinfo=VN_TZ),
        directives=[
            GTDirective(
                symbol="14-KL/TW",
                doc_type="Kết luận",
                issued_on=date(2021, 9, 22),
                issuer_code="TW",
                subject="chủ trương khuyến khích và bảo vệ cán bộ năng "
                "động, sáng tạo vì lợi ích chung",
            ),
            GTDirective(
                symbol="32-QĐ/TW",
                doc_type="Quy định",
                issued_on=date(2021, 9, 16),
                issuer_code="TW",
                subject="Chức năng, nhiệm vụ, quyền hạn, chế độ làm "
                "việc, mối quan hệ công tác của Ban Chỉ đạo Trung ương về phòng, chống "
                "tham nhũng, tiêu cực",
            ),
            GTDirective(
                symbol="24-HD/BTGTW",
                doc_type="Hướng dẫn",
                issued_on=date(2021, 9, 20),
                issuer_code="BTGTW",
                subject="đẩy mạnh tuyên truyền phòng, chống dịch "
                "Covid-19 và phát triển kinh tế - xã hội trong trạng thái bình thường mới",
            ),
        ],
        conferences=[
            GTConference(
                name="Hội nghị Báo cáo viên tháng 10/2021",
                held_on=None,
                organizer="Đảng ủy Khối các cơ quan Trung ương",
                speakers=[
                    GTPerson(name="Phan Xuân Thủy", position="Phó Trưởng ban Tuyên giáo Trung ương")
                ],
                format="trực tuyến",
            )
        ],
    )

    dk_lines = [
        nfc(ln.strip())
        for ln in (DATA_DIR / "dangbokhoi-hoi-nghi-quy-iv-2022.txt")
        .read_text(encoding="utf-8")
        .splitlines()
        if ln.strip()
    ]
    *dk_body, dk_author = dk_lines

    def tw(symbol: str, doc_type: str, subject: str | None, code: str = "TW") -> GTDirective:
        return GTDirective(symbol=symbol, doc_type=doc_type, issuer_code=code, subject=subject)

    dk = _Story(
        story_id="seed-dukcqtw-2022-11",
        kind="seed",
        titles=[
            "Đảng ủy Khối các cơ quan Trung ương tổ chức Hội nghị thông tin chuyên đề quý IV/2022"
        ],
        paragraphs=dk_body,
        author=dk_author,
        published_at=datetime(2022, 11, 23, 9, 15, tzinfo=VN_TZ),
        directives=[
            tw("25-CT/TW", "Chỉ thị", "đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030"),
            tw("21-KL/TW", "Kết luận", "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
            tw("01-KL/TW", "Kết luận", "tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị"),
            tw("05-CT/TW", "Chỉ thị", None),  # of the Politburo (2016)
            tw(
                "12-KL/TW",
                "Kết luận",
                "tiếp tục tăng cường sự lãnh đạo của Đảng đối với công "
                "tác phòng, chống tham nhũng, tiêu cực",
            ),
            tw(
                "01-CT/ĐUK",
                "Chỉ thị",
                "tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh "
                "phản bác các quan điểm sai trái, thù địch trong Đảng bộ Khối các cơ quan Trung "
                "ương",
                "ĐUK",
            ),
            tw(
                "05-NQ/ĐUK",
                "Nghị quyết",
                "sự lãnh đạo của các cấp ủy Đảng trong Đảng bộ Khối các "
                "cơ quan Trung ương thực hiện chuyển đổi số trong hoạt động công tác Đảng giai đoạn "
                "2021-2025, định hướng đến năm 2030",
                "ĐUK",
            ),
            tw(
                "20-CT/TW",
                "Chỉ thị",
                "tiếp tục tăng cường, nâng cao chất lượng nghiên cứu, biên "
                "soạn, tuyên truyền, giáo dục lịch sử Đảng",
            ),
            tw(
                "32-KH/ĐUK",
                "Kế hoạch",
                "thực hiện Chỉ thị số 05-CT/TW của Ban Bí thư về tăng "
                "cường sự lãnh đạo của Đảng đối với công tác giảm nghèo bền vững đến năm 2030, "
                "trọng tâm là thực hiện “Chương trình kết nối các đảng bộ trong Khối các cơ quan "
                "Trung ương với các huyện nghèo, xã nghèo thực hiện giảm nghèo bền vững” và hoạt "
                "động an sinh xã hội, hỗ trợ xây dựng nhà cho một số hộ nghèo, hộ gia đình chính "
                "sách có khó khăn về nhà ở tại ba miền Bắc, Trung, Nam",
                "ĐUK",
            ),
            # Same symbol, a different document (of the Secretariat, 2021).
            tw(
                "05-CT/TW",
                "Chỉ thị",
                "tăng cường sự lãnh đạo của Đảng đối với công tác giảm nghèo bền vững đến năm 2030",
            ),
        ],
        conferences=[
            GTConference(
                name="Hội nghị thông tin chuyên đề quý IV/2022",
                held_on=date(2022, 11, 22),
                organizer="Đảng ủy Khối các cơ quan Trung ương",
                chairs=[
                    GTPerson(
                        name="Nguyễn Quang Trường",
                        position="Phó Bí thư Đảng ủy Khối các cơ quan Trung ương",
                    )
                ],
                speakers=[
                    GTPerson(name="Phạm Thanh Bình", position="Vụ trưởng Vụ Đông Bắc Á"),
                    GTPerson(name="Ngô Lê Văn", position="Phó Ban Đối ngoại Trung ương"),
                ],
                format=None,
            )
        ],
    )
    for story in (hp, dk):
        _identify_cited(story)
    return [("haiphong-pbgdpl", hp), ("dukcqtw", dk)]


def _identify_cited(story: _Story) -> None:
    """Hand-made seed GT: the issuer each citation states (the "của …" after its k-th symbol) and
    the document it is (the one of that symbol by that issuer)."""
    text = nfc("\n".join(story.paragraphs))
    seen: dict[str, int] = {}
    out = []
    for d in story.directives:
        k = seen.get(d.symbol, 0)
        seen[d.symbol] = k + 1
        hits = list(re.finditer(re.escape(d.symbol), text))
        phrase = None
        if k < len(hits) and (after := _ISSUER_AFTER.match(text, hits[k].end())):
            phrase = after.group(1)
        same = [x for x in DOCUMENTS if x.symbol == d.symbol]
        fits = [x for x in same if phrase and x.issuer_phrase and x.issuer_phrase in phrase]
        spec = (fits or same)[0]
        stated, locality = _stated(phrase, spec)
        out.append(
            d.model_copy(
                update={
                    "issuer_stated": stated,
                    "locality": locality,
                    "document_id": document_id(spec),
                }
            )
        )
    story.directives = out
    for i, c in enumerate(story.conferences):
        story.conferences[i] = c.model_copy(update={"event_id": f"{story.story_id}#{i}"})


# --------------------------------------------------------------------------- one coherent world
#
# The stories above are drawn independently, so two of them could describe one real event in
# contradictory ways (the same organiser's "Hội nghị báo cáo viên tháng 2/2020" held on the 8th in
# one story and on the 28th in another). Ground truth must describe one world: a story whose
# events collide with an earlier story's is redrawn (from a random stream of its own, so the
# other stories stay as they were).

WORLD_GAP_DAYS = 45  # one body does not hold the same non-periodic conference twice in 45 days
_SERIES_RE = re.compile(
    r"(báo cáo viên|thông tin chuyên đề|giao ban công tác tuyên giáo|tổng kết công tác phổ biến|"
    r"sơ kết công tác phổ biến).*?"
    r"(tháng \d{1,2}(?:/| năm )\d{4}|quý [ivx]+/\d{4}|6 tháng đầu năm \d{4}|năm \d{4})"
)
_LAWS = [d for d in DOCUMENTS if d.law_name]

WorldKey = tuple[tuple[str, ...], date, bool]  # (key, event day, periodic: one per period)


def _world_keys(
    name: str, organizer: str | None, day: date, symbols: Sequence[str]
) -> list[WorldKey]:
    """What makes a conference one real event: a recurring series' period, the document or law
    it disseminates, else its name; each with its organiser, and again without it (an "any" key:
    a report that does not name the organiser could be any body's)."""
    low = nfc(name).lower()
    org = organizer or ""
    if m := _SERIES_RE.search(low):
        period = re.sub(r"tháng (\d+) năm (\d{4})", r"tháng \1/\2", m.group(2))
        # The central series ("báo cáo viên Trung ương") is one per period whoever reports it;
        # other bodies each hold their own series.
        central = low[m.end(1) :].startswith(" trung ương")
        return [
            (("series", m.group(1), period, org), day, True),
            (("series", m.group(1) + (" trung ương" if central else ""), period, "any"), day, True),
        ]
    base = [("dissem", s) for s in symbols]
    base += [
        ("law", law.law_name or "") for law in _LAWS if law.law_name and law.law_name.lower() in low
    ]
    base = base or [("name", low)]
    return [((*key, org), day, False) for key in base] + [
        ((*key, "any"), day, False) for key in base
    ]


def _story_world(st: _Story) -> list[WorldKey]:
    if st.world:
        return st.world
    out: list[WorldKey] = []
    for c, day in zip(st.conferences, st.event_days, strict=True):
        out += _world_keys(c.name, c.organizer, day, c.directives)
    return out


def _collides(
    keys: Sequence[WorldKey], accepted: dict[tuple[str, ...], list[date]], *, strict: bool
) -> bool:
    """Does an event clash with an accepted one? The generated stories clash only with the same
    organiser's events; `strict` (multi-site material, whose reports may not name the organiser)
    also with any organiser's."""
    return any(
        periodic or abs((other - day).days) <= WORLD_GAP_DAYS
        for key, day, periodic in keys
        if strict or key[-1] != "any"
        for other in accepted.get(key, [])
    )


def _accept(keys: Sequence[WorldKey], accepted: dict[tuple[str, ...], list[date]]) -> None:
    for key, day, _ in keys:
        accepted.setdefault(key, []).append(day)


# --------------------------------------------------------------------------- multi-site events
#
# About 10% of the articles are reports of one real event by two or three sites, each written
# independently (not republished copies: the dedupe must keep them apart): different names for the
# event ("Hội nghị toàn quốc quán triệt …" / "Hội nghị trực tuyến quán triệt, triển khai …"),
# numerals ("lần thứ sáu" / "lần thứ 6"), symbol spellings, the organiser written differently or
# not at all, a bridge point's report with its local chair, date phrases with and without the
# year, and sometimes a preview a few days before ("sẽ tổ chức"). Hard negatives sit beside them:
# the same organiser's next monthly conference a few days later, two different conferences on one
# day in one province, and local documents whose symbol another province also uses.

_WORLD_START, _WORLD_END = date(2020, 1, 1), date(2025, 6, 28)
_PLENUMS = {  # documents of a Central Committee plenum: (ordinal word, number, term)
    "27-NQ/TW": ("sáu", 6, "XIII"),
    "21-KL/TW": ("tư", 4, "XIII"),
}
_NATIONAL_SITES = ("dukcqtw", "moj-portal")


@dataclass
class _Event:
    event_id: str
    kind: str  # "directive" | "series" | "law"
    day: date
    organiser: str  # the body as its own report names it
    organiser_variants: list[str | None]  # how other reports write it (None: not stated)
    names: list[str]  # independent wordings of its name
    name_has_year: bool
    chairs: list[GTPerson]
    speakers: list[GTPerson]
    spec: DirectiveSpec | None  # the document or law it disseminates
    name_gts: list[list[GTDirective]]  # GT of the citation inside each name


def _day_between(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randrange(max((hi - lo).days, 0) + 1))


def _central_body(d: date) -> str:
    # The Central Propaganda and Mass Mobilisation Commissions merged in February 2025.
    return (
        "Ban Tuyên giáo và Dân vận Trung ương"
        if d >= date(2025, 2, 1)
        else "Ban Tuyên giáo Trung ương"
    )


def _new_event(
    rng: random.Random, event_id: str, kind: str | None = None, plenum: bool = False
) -> _Event:
    kind = kind or rng.choices(["directive", "series", "law"], weights=[5, 3, 2])[0]
    taken: list[str] = []
    if kind == "directive":
        specs = [
            d
            for d in pools.DIRECTIVES
            if d.symbol.endswith("/TW")
            and re.match(r"^\d+-", d.symbol)
            and d.issued_on
            and d.issued_on + timedelta(days=300) > _WORLD_START
            and d.issued_on < _WORLD_END - timedelta(days=10)
        ]
        plenums = [d for d in specs if d.symbol in _PLENUMS]
        spec = rng.choice(plenums if plenum or rng.random() < 0.3 else specs)
        assert spec.issued_on is not None
        day = _day_between(
            rng,
            max(spec.issued_on + timedelta(days=7), _WORLD_START),
            min(spec.issued_on + timedelta(days=300), _WORLD_END),
        )
        names, name_gts = [], []
        verbs = [
            "Hội nghị toàn quốc quán triệt, triển khai",
            "Hội nghị trực tuyến quán triệt, triển khai",
            "Hội nghị toàn quốc nghiên cứu, học tập, quán triệt",
            "Hội nghị trực tuyến toàn quốc quán triệt, triển khai thực hiện",
        ]
        rng.shuffle(verbs)
        for verb in verbs[:3]:
            if spec.symbol in _PLENUMS and (plenum or rng.random() < 0.6):
                word, number, term = _PLENUMS[spec.symbol]
                ordinal = word if len(names) % 2 == 0 else str(number)  # "sáu" / "6"
                text = (
                    f"{'Nghị quyết' if spec.doc_type == 'Nghị quyết' else 'Kết luận'} Hội nghị "
                    f"lần thứ {ordinal} Ban Chấp hành Trung ương Đảng khóa {term}"
                )
                names.append(f"{verb} {text}")
                name_gts.append([])
            else:
                text, gts = _cite(spec, rng, short=True)
                names.append(f"{verb} {text}")
                name_gts.append(gts)
        organiser = "Bộ Chính trị, Ban Bí thư"
        variants: list[str | None] = [organiser, "Trung ương", None]
        chair_pos = pools.NATIONAL_CHAIRS_2025 if day >= date(2025, 2, 1) else pools.NATIONAL_CHAIRS
        chairs = [GTPerson(name=_people(rng, 1, taken)[0], position=rng.choice(chair_pos))]
        name_has_year = False
    elif kind == "series":
        y, m = rng.randint(2020, 2025), rng.randint(1, 12)
        if date(y, m, 1) > _WORLD_END - timedelta(days=40):
            y, m = 2024, m
        day = date(y, m, rng.randint(20, 27))
        organiser = _central_body(day)
        names = [
            f"Hội nghị báo cáo viên Trung ương tháng {m}/{y}",
            f"Hội nghị báo cáo viên tháng {m}/{y}",
            f"Hội nghị báo cáo viên Trung ương định kỳ tháng {m} năm {y}",
        ]
        name_gts = [[], [], []]
        variants = [organiser]  # always named: other bodies hold monthly conferences too
        chairs = [
            GTPerson(
                name=_people(rng, 1, taken)[0],
                position=rng.choice([f"Phó Trưởng ban {organiser.removeprefix('Ban ')}"]),
            )
        ]
        spec = None
        name_has_year = True
    else:
        laws = [
            d
            for d in _LAWS
            if d.issued_on
            and d.issued_on + timedelta(days=250) > _WORLD_START
            and d.issued_on < _WORLD_END - timedelta(days=20)
        ]
        spec = rng.choice(laws)
        assert spec.issued_on is not None
        day = _day_between(
            rng,
            max(spec.issued_on + timedelta(days=10), _WORLD_START),
            min(spec.issued_on + timedelta(days=250), _WORLD_END),
        )
        names = [
            f"Hội nghị trực tuyến toàn quốc phổ biến, quán triệt {spec.law_name}",
            f"Hội nghị toàn quốc quán triệt, phổ biến {spec.law_name}",
            f"Hội nghị trực tuyến phổ biến, quán triệt {spec.law_name}",
        ]
        rng.shuffle(names)
        name_gts = [[], [], []]
        organiser = "Bộ Tư pháp"
        variants = [organiser, organiser, None]
        chairs = [GTPerson(name=_people(rng, 1, taken)[0], position="Bộ trưởng Bộ Tư pháp")]
        name_has_year = False
    n_speakers = rng.choice([1, 2])
    positions = rng.sample(pools.NATIONAL_SPEAKERS, n_speakers)
    speakers = [
        GTPerson(name=n, position=p)
        for n, p in zip(_people(rng, n_speakers, taken), positions, strict=True)
    ]
    return _Event(
        event_id=event_id,
        kind=kind,
        day=day,
        organiser=organiser,
        organiser_variants=variants,
        names=names,
        name_has_year=name_has_year,
        chairs=chairs,
        speakers=speakers,
        spec=spec,
        name_gts=name_gts,
    )


def _published(rng: random.Random, day: date, lag: Sequence[int] = (0, 0, 1, 1, 2)) -> datetime:
    d = day + timedelta(days=rng.choice(lag))
    return datetime(d.year, d.month, d.day, rng.randint(7, 21), rng.randint(0, 59), tzinfo=VN_TZ)


def _event_report(
    ev: _Event, k: int, site: str, national: bool, rng: random.Random, fillers: list[str]
) -> _Story:
    """Report number `k` of event `ev` on `site`: the organiser's national report or a bridge
    point's, written in its own words."""
    name = ev.names[k % len(ev.names)]
    organiser = ev.organiser if national else rng.choice(ev.organiser_variants)
    dp, year_shown = _date_phrase(ev.day, rng)
    held_on = ev.day if (year_shown or (year_shown is False and ev.name_has_year)) else None
    fmt_text = (
        ""
        if "trực tuyến" in name
        else rng.choice(
            [
                " theo hình thức trực tuyến đến các điểm cầu trong cả nước",
                " bằng hình thức trực tuyến",
                " theo hình thức trực tuyến",
            ]
        )
    )
    bridge_point, host, host_chairs = pools.BRIDGE_HOSTS[site]
    taken = [p.name for p in ev.chairs + ev.speakers]
    bridge = None
    if organiser:
        opening = f"{dp}, {organiser} tổ chức {name}{fmt_text}"
    else:
        opening = f"{dp}, {name} được tổ chức{fmt_text or ' theo hình thức trực tuyến'}"
        if "điểm cầu" not in fmt_text:
            opening += ", kết nối tới các điểm cầu trong cả nước"
    if site == "dukcqtw" and rng.random() < 0.3:
        opening = "(TG) - " + opening
    paragraphs = [opening + "."]
    chairs: list[GTPerson] = []
    if national or rng.random() < 0.4:
        c = ev.chairs[0]
        chairs.append(c)
        paragraphs.append(
            rng.choice(
                [
                    f"Đồng chí {c.name}, {c.position} dự và chủ trì Hội nghị.",
                    f"{c.position} {c.name} chủ trì Hội nghị.",
                    f"Chủ trì Hội nghị có đồng chí {c.name} - {c.position}.",
                ]
            )
        )
    if not national:
        bridge = GTPerson(name=_people(rng, 1, taken)[0], position=rng.choice(host_chairs))
        chairs.append(bridge)
        paragraphs.append(
            rng.choice(
                [
                    f"Dự và chủ trì tại điểm cầu {bridge_point} có đồng chí {bridge.name}, "
                    f"{bridge.position}.",
                    f"Tại điểm cầu {bridge_point}, đồng chí {bridge.name}, {bridge.position} "
                    "chủ trì Hội nghị.",
                ]
            )
        )
    directives: list[GTDirective] = [g.model_copy() for g in ev.name_gts[k % len(ev.name_gts)]]
    disseminated = [g.symbol for g in directives[:1]]
    speakers = ev.speakers if national else ev.speakers[: rng.choice([0, 1])]
    if ev.spec is not None:
        text, gts = _cite(ev.spec, rng, p_date=0.6 if national else 0.3, p_subject=0.7, site=site)
        directives.extend(gts)
        disseminated.append(ev.spec.symbol)
        if speakers:
            s0 = speakers[0]
            paragraphs.append(
                f"Tại Hội nghị, các đại biểu được nghe đồng chí {s0.name}, {s0.position} "
                f"quán triệt những nội dung cơ bản của {text}."
            )
            rest = speakers[1:]
        else:
            paragraphs.append(f"Hội nghị đã quán triệt những nội dung cơ bản của {text}.")
            rest = []
    else:
        rest = speakers
    topics = rng.sample(pools.TOPICS, len(rest))
    for s, t in zip(rest, topics, strict=True):
        paragraphs.append(
            f"Hội nghị đã nghe đồng chí {s.name} - {s.position} trình bày chuyên đề “{t}”."
        )
    if not national:
        paragraphs.append(
            f"Sau Hội nghị, {host} yêu cầu các cơ quan, đơn vị xây dựng kế hoạch tuyên truyền, "
            "triển khai thực hiện nghiêm túc, phù hợp với tình hình thực tế."
        )
    paragraphs += fillers
    nationwide = "toàn quốc" in paragraphs[0] or "cả nước" in paragraphs[0]
    conference = GTConference(
        name=name,
        held_on=held_on,
        organizer=organiser,
        chairs=chairs,
        speakers=speakers,
        format="trực tuyến",
        event_id=ev.event_id,
        bridge_point=None if national else bridge_point,
        bridge_chairs=[bridge] if bridge else [],
        nationwide=nationwide,
        directives=list(dict.fromkeys(disseminated)),
    )
    place = "" if national else f"{SITE_SHORT[site]}: "
    titles = [
        f"{place}{name}"
        if rng.random() < 0.5
        else f"{place}{organiser or 'Trung ương'} tổ chức {name}"
    ]
    return _Story(
        world=_event_world(ev),
        story_id=f"{ev.event_id}-{k}",
        kind="conference",
        titles=titles,
        paragraphs=paragraphs,
        published_at=_published(rng, ev.day),
        author=rng.choice(pools.AUTHORS),
        directives=_merge_directives(directives),
        conferences=[conference],
        event_days=[ev.day],
    )


SITE_SHORT = {"haiphong-pbgdpl": "Hải Phòng", "dukcqtw": "Đảng ủy Khối", "moj-portal": "Bộ Tư pháp"}


def _preview(ev: _Event, site: str, rng: random.Random, fillers: list[str]) -> _Story:
    """A notice a few days before the event: the same event, status planned."""
    name = ev.names[-1]
    d = ev.day
    dp = rng.choice([f"Ngày {d.day}/{d.month}/{d.year}", f"Sáng ngày {d.day}/{d.month}/{d.year}"])
    paragraphs = [
        f"{dp}, {ev.organiser} sẽ tổ chức {name} theo hình thức trực tuyến, kết nối tới các điểm "
        "cầu trong cả nước.",
        "Các cơ quan, đơn vị được đề nghị chuẩn bị chu đáo các điều kiện kỹ thuật, bảo đảm đường "
        "truyền thông suốt trong thời gian diễn ra hội nghị.",
        *fillers,
    ]
    directives = [g.model_copy() for g in ev.name_gts[-1]]
    return _Story(
        world=_event_world(ev),
        story_id=f"{ev.event_id}-p",
        kind="conference",
        titles=[f"Sắp diễn ra {name}"],
        paragraphs=paragraphs,
        published_at=_published(rng, d, lag=(-5, -4, -3, -2)),
        author=rng.choice(pools.AUTHORS),
        directives=_merge_directives(directives),
        conferences=[
            GTConference(
                name=name,
                held_on=d,
                organizer=ev.organiser,
                format="trực tuyến",
                event_id=ev.event_id,
                status="planned",
                nationwide=True,
                directives=[g.symbol for g in directives[:1]],
            )
        ],
        event_days=[d],
    )


def _event_world(ev: _Event) -> list[WorldKey]:
    """One event's identity, whatever each report writes."""
    return _world_keys(ev.names[0], ev.organiser, ev.day, [ev.spec.symbol] if ev.spec else [])


def _event_stories(ev: _Event, room: int, rng: random.Random) -> list[tuple[str, _Story]]:
    """Two or three independent reports of `ev` (the organiser's site first), maybe a preview."""
    home = "moj-portal" if ev.kind == "law" else rng.choice(_NATIONAL_SITES)
    others = [s.name for s in SITES if s.name != home]
    rng.shuffle(others)
    n_reports = min(room, rng.choice([2, 2, 3]))
    sites = [home, *others][:n_reports]
    fillers = rng.sample(pools.FILLERS, len(pools.FILLERS))
    out: list[tuple[str, _Story]] = []
    for k, site in enumerate(sites):
        own = [fillers.pop() for _ in range(rng.randint(1, 2))]  # never shared between reports
        out.append((site, _event_report(ev, k, site, k == 0, rng, own)))
    if room > n_reports and rng.random() < 0.35:
        out.append((rng.choice(sites), _preview(ev, rng.choice(sites), rng, [fillers.pop()])))
    return out


def _next_in_series(ev: _Event, rng: random.Random, idx: str) -> tuple[str, _Story]:
    """The same organiser's next monthly conference, a few days after `ev`: another event."""
    nxt = (ev.day.replace(day=1) + timedelta(days=32)).replace(day=rng.randint(1, 4))
    name = f"Hội nghị báo cáo viên Trung ương tháng {nxt.month}/{nxt.year}"
    dp, year_shown = _date_phrase(nxt, rng)  # the name carries the year
    taken = [p.name for p in ev.chairs + ev.speakers]
    speaker = GTPerson(name=_people(rng, 1, taken)[0], position=rng.choice(pools.NATIONAL_SPEAKERS))
    topic = rng.choice(pools.TOPICS)
    site = rng.choice([s.name for s in SITES])
    paragraphs = [
        f"{dp}, {ev.organiser} tổ chức {name} theo hình thức trực tuyến.",
        f"Hội nghị đã nghe đồng chí {speaker.name} - {speaker.position} trình bày chuyên đề “{topic}”.",
        *rng.sample(pools.FILLERS, 2),
    ]
    story = _Story(
        story_id=idx,
        kind="conference",
        titles=[name],
        paragraphs=paragraphs,
        published_at=_published(rng, nxt),
        author=rng.choice(pools.AUTHORS),
        conferences=[
            GTConference(
                name=name,
                held_on=nxt if year_shown is not None else None,
                organizer=ev.organiser,
                speakers=[speaker],
                format="trực tuyến",
                event_id=f"{idx}#0",
            )
        ],
        event_days=[nxt],
    )
    return site, story


def _local_document_story(
    rng: random.Random, idx: str, symbol: str | None = None, mode: str | None = None
) -> tuple[str, _Story]:
    """A local document whose symbol another locality also uses: stated with its locality on a
    national site, cited bare on its home site (the site's province tells), or bare on a national
    site (undeterminable once both localities' documents are known)."""
    symbol = symbol or rng.choice(["456/KH-UBND", "15-KH/TU"])
    docs = [d for d in DOCUMENTS if d.symbol == symbol]
    spec = rng.choice(docs)
    assert spec.issued_on is not None
    latest = max(d.issued_on for d in docs if d.issued_on)
    day = _day_between(
        rng, latest + timedelta(days=5), min(latest + timedelta(days=200), _WORLD_END)
    )
    mode = mode or rng.choice(["stated", "home", "bare"])
    if mode == "stated":  # mostly the other locality's document: only such citations place it
        spec = rng.choice(
            [d for d in docs if d.locality != "Hải Phòng"] if rng.random() < 0.7 else docs
        )
    if mode == "bare":
        # A bare citation means the document a reader can know of: the one of the home site's
        # locality (one nobody places anywhere could not be told from it by anyone).
        spec = next(d for d in docs if d.locality == "Hải Phòng")
    if mode == "home":
        spec = next(d for d in docs if d.locality == "Hải Phòng")
        site = "haiphong-pbgdpl"
    else:
        site = rng.choice(_NATIONAL_SITES)
    text = f"{spec.doc_type} số {symbol}"
    stated = locality = issued = subject = None
    if mode == "stated":  # the locality is named, the date sometimes, the subject always
        if rng.random() < 0.6:
            issued = spec.issued_on
            text += f" ngày {_dmy(spec.issued_on, rng)}"
        phrase = issuer_phrase(spec, site)
        stated, locality = _stated(phrase, spec)
        subject = spec.subject
        text += f" {phrase} về {subject}"
    gts = [
        GTDirective(
            symbol=symbol,
            doc_type=spec.doc_type,
            issuer_code=spec.issuer_code,
            issued_on=issued,
            subject=subject,
            issuer_stated=stated,
            locality=locality,
            document_id=document_id(spec),
        )
    ]
    dp, _ = _date_phrase(day, rng)
    paragraphs = [
        f"{dp}, các cơ quan, đơn vị đã tổ chức lớp tập huấn nghiệp vụ cho đội ngũ báo cáo viên, "
        f"tuyên truyền viên pháp luật nhằm thực hiện {text}.",
        *rng.sample(pools.FILLERS, rng.randint(2, 3)),
    ]
    return site, _Story(
        story_id=idx,
        kind="activity",
        titles=[f"Tập huấn nghiệp vụ phổ biến, giáo dục pháp luật năm {day.year}"],
        paragraphs=paragraphs,
        published_at=_published(rng, day),
        author=rng.choice(pools.AUTHORS),
        directives=gts,
    )


def _reissued_symbol_story(
    rng: random.Random, idx: str, document: str | None = None
) -> tuple[str, _Story]:
    """A dated citation of a party symbol that another Party term re-used (05-CT/TW of 2016 and
    of 2021): what makes both documents known, so a later bare citation is undeterminable."""
    shared = sorted(
        {d.symbol for d in DOCUMENTS if sum(x.symbol == d.symbol for x in DOCUMENTS) > 1}
    )
    symbol = rng.choice([s for s in shared if re.match(r"^\d+-", s)])
    spec = rng.choice([d for d in DOCUMENTS if d.symbol == symbol])
    if document:
        spec = next(d for d in DOCUMENTS if document_id(d) == document)
        symbol = spec.symbol
    assert spec.issued_on is not None
    day = _day_between(
        rng,
        spec.issued_on + timedelta(days=5),
        min(spec.issued_on + timedelta(days=400), _WORLD_END),
    )
    site = rng.choice([s.name for s in SITES])
    text = (
        f"{spec.doc_type} số {symbol} ngày {_dmy(spec.issued_on, rng)} {spec.issuer_phrase} về "
        f"{spec.subject}"
    )
    dp, _ = _date_phrase(day, rng)
    stated, locality = _stated(spec.issuer_phrase, spec)
    gt = GTDirective(
        symbol=symbol,
        doc_type=spec.doc_type,
        issuer_code=spec.issuer_code,
        issued_on=spec.issued_on,
        subject=spec.subject,
        issuer_stated=stated,
        locality=locality,
        document_id=document_id(spec),
    )
    paragraphs = [
        f"{dp}, các cấp ủy, tổ chức đảng tiếp tục đẩy mạnh tuyên truyền, triển khai thực hiện {text}.",
        *rng.sample(pools.FILLERS, rng.randint(2, 3)),
    ]
    return site, _Story(
        story_id=idx,
        kind="activity",
        titles=[f"Đẩy mạnh thực hiện {spec.doc_type} số {symbol} {spec.issuer_phrase}"],
        paragraphs=paragraphs,
        published_at=_published(rng, day),
        author=rng.choice(pools.AUTHORS),
        directives=[gt],
    )


def _same_day_pair(rng: random.Random, idx: str) -> list[tuple[str, _Story]]:
    """Two different conferences reported on one day in one province (Hải Phòng)."""
    site = "haiphong-pbgdpl"
    day = _day_between(rng, _WORLD_START, _WORLD_END)
    out: list[tuple[str, _Story]] = []
    names: set[str] = set()
    for k in range(2):
        for _ in range(20):
            titles, paragraphs, directives, conferences = _conference_story(site, day, rng)
            if conferences[0].name not in names:
                break
        names.update(c.name for c in conferences)
        sid = f"{idx}-{k}"
        out.append(
            (
                site,
                _Story(
                    story_id=sid,
                    kind="conference",
                    titles=titles[:1],
                    paragraphs=paragraphs,
                    published_at=_published(rng, day, lag=(0, 1)),
                    author=rng.choice(pools.AUTHORS),
                    directives=_merge_directives(directives),
                    conferences=[
                        c.model_copy(update={"event_id": f"{sid}#{i}"})
                        for i, c in enumerate(conferences)
                    ],
                    event_days=[c.held_on or day for c in conferences],
                ),
            )
        )
    return out


def _multi_site_material(
    budget: int, seed: int, accepted: dict[tuple[str, ...], list[date]]
) -> list[tuple[str, _Story]]:
    """`budget` articles of multi-site events and hard negatives, from a random stream of their
    own (the other stories do not change when this material does)."""
    rng = random.Random(f"{seed}:multi-site")
    out: list[tuple[str, _Story]] = []
    n = 0
    # The hard cases first, so even a small corpus has each of them; then a random mix.
    plan: list[tuple[str, ...]] = [
        ("event", "directive"),
        ("local", "456/KH-UBND", "stated"),
        ("reissued", "05-CT/TW@2021"),
        ("event", "series"),
        ("local", "456/KH-UBND", "bare"),
        ("same_day",),
        ("event", "plenum"),
        ("local", "15-KH/TU", "stated"),
        ("event", "law"),
    ]
    # Every document of a re-used party symbol is cited once with its date, from a stream of its
    # own (the other stories stay as they were): a document the corpus only ever cites in words
    # that fit its namesake too could be told from it by no reader, so its citations could have
    # no truth a resolver can reach (see _mark_determinable).
    own_stream = {
        ("reissued", document_id(d))
        for d in DOCUMENTS
        if re.match(r"^\d+-", d.symbol) and sum(x.symbol == d.symbol for x in DOCUMENTS) > 1
    } - set(plan)
    plan += sorted(own_stream)
    tries = 0
    while len(out) < budget:
        room = budget - len(out)
        n += 1
        tries += 1
        if plan and tries > 50:  # a planned case that keeps colliding is dropped
            plan.pop(0)
            tries = 0
        kinds = ["event", "same_day", "local", "reissued"]
        step = plan[0] if plan else (rng.choices(kinds, weights=[6, 2, 2, 1])[0],)
        kind = step[0]
        if room < 2 and kind in ("event", "same_day"):
            kind, step = "local", ("local",)
        if kind == "event":
            forced = step[1] if len(step) > 1 else None
            ev = _new_event(
                rng,
                f"m{n:04d}",
                kind="directive" if forced == "plenum" else forced,
                plenum=forced == "plenum",
            )
            items = _event_stories(ev, room, rng)
            if ev.kind == "series" and room > len(items):
                items.append(_next_in_series(ev, rng, f"m{n:04d}-n"))
        elif kind == "same_day":
            items = _same_day_pair(rng, f"m{n:04d}")
        elif kind == "reissued":
            own = random.Random(f"{seed}:{':'.join(step)}:{tries}") if step in own_stream else rng
            items = [_reissued_symbol_story(own, f"m{n:04d}", *step[1:])]
        else:
            items = [_local_document_story(rng, f"m{n:04d}", *step[1:])]
        # an event's reports share its keys; each other story is one more event
        trial = {k: list(v) for k, v in accepted.items()}
        clash = False
        events_seen: list[list[WorldKey]] = []
        for _, st in items:
            keys = _story_world(st)
            if st.world and keys in events_seen:
                continue  # another report of an event already checked
            if _collides(keys, trial, strict=True):
                clash = True
                break
            _accept(keys, trial)
            events_seen.append(keys)
        if clash:
            continue
        if plan and step == plan[0]:
            plan.pop(0)
            tries = 0
        accepted.clear()
        accepted.update(trial)
        out.extend(items)
    return out


# --------------------------------------------------------------------------- assembly


def _article_path(site: str, slug: str, article_id: int) -> str:
    if site == "haiphong-pbgdpl":
        return f"/tin-tuc/{slug}-{article_id}.html"
    if site == "dukcqtw":
        return f"/{slug}-tbo{article_id}.aspx"
    return f"/Pages/tin-tuc.aspx?ItemID={article_id}"


MULTI_SITE_SHARE = 0.10  # of the articles: multi-site event reports and their hard negatives


def generate_corpus(n_articles: int = 300, seed: int = 2021) -> DemoCorpus:
    """Build `n_articles` article pages (seeds, generated stories, republished copies, reports of
    one event by several sites)."""
    rng = random.Random(seed)
    site_names = [s.name for s in SITES]
    placed: list[tuple[str, _Story, str]] = []  # (site, story, title used)

    seeds = _seed_stories()[: max(n_articles, 0)]
    n_copies = n_articles // 11 if n_articles >= 12 else 0  # ≈10% of stories get a second copy
    n_multi = round(n_articles * MULTI_SITE_SHARE) if n_articles >= 20 else 0
    n_generated = max(n_articles - len(seeds) - n_copies - n_multi, 0)
    stories: list[tuple[str, _Story]] = list(seeds)
    for i in range(n_generated):
        site = rng.choices(site_names, weights=[0.40, 0.33, 0.27])[0]
        stories.append((site, _generated_story(i + 1, site, rng)))

    # One world: a story whose events collide with an earlier story's is redrawn.
    accepted: dict[tuple[str, ...], list[date]] = {}
    for i, (site, st) in enumerate(stories):
        if not st.event_days:
            st.event_days = [c.held_on or st.published_at.date() for c in st.conferences]
        attempt = 0
        while _collides(_story_world(st), accepted, strict=False):
            attempt += 1
            idx = i - len(seeds) + 1
            st = _generated_story(idx, site, random.Random(f"{seed}:redraw:{idx}:{attempt}"))
        stories[i] = (site, st)
        _accept(_story_world(st), accepted)
    placed.extend((site, st, st.titles[0]) for site, st in stories)
    placed.extend(
        (site, st, st.titles[0]) for site, st in _multi_site_material(n_multi, seed, accepted)
    )

    generated = stories[len(seeds) :]
    for site, st in rng.sample(generated, min(n_copies, len(generated))):
        other = rng.choice([s for s in site_names if s != site])
        title = (
            rng.choice(st.titles[1:]) if len(st.titles) > 1 and rng.random() < 0.6 else st.titles[0]
        )
        paragraphs = list(st.paragraphs)
        i = rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 else 0
        paragraphs[i] = f"{paragraphs[i]} {rng.choice(pools.EDIT_SENTENCES)}"
        copy = _Story(
            story_id=st.story_id,
            kind=st.kind,
            titles=[title],
            paragraphs=paragraphs,
            published_at=st.published_at
            + timedelta(hours=rng.randint(2, 96), minutes=rng.randint(0, 59)),
            author=st.author,
            directives=st.directives,
            conferences=st.conferences,
        )
        placed.append((other, copy, title))

    # Ids grow with publication time per site, with gaps like a real CMS.
    articles: list[DemoArticle] = []
    for info in SITES:
        mine = sorted(
            (p for p in placed if p[0] == info.name),
            key=lambda p: (p[1].published_at, p[1].story_id),
        )
        next_id = info.id_base
        cats = {c.key: c.name for c in info.categories}
        for site, st, title in mine:
            next_id += rng.randint(1, 6)
            cat_key = rng.choice(KIND_CATEGORIES[site][st.kind])
            articles.append(
                DemoArticle(
                    site=site,
                    path=_article_path(site, slugify(title), next_id),
                    story_id=st.story_id,
                    title=nfc(title),
                    paragraphs=[nfc(p) for p in st.paragraphs],
                    published_at=st.published_at,
                    author=nfc(st.author) if st.author else None,
                    category=cats[cat_key],
                    directives=[d.model_copy(deep=True) for d in st.directives],
                    conferences=[c.model_copy(deep=True) for c in st.conferences],
                )
            )
    articles.sort(key=lambda a: (a.published_at, a.site, a.path))
    _mark_determinable(articles)
    return DemoCorpus(articles=articles)


def _fits(spec: DirectiveSpec, gt: GTDirective, published: date, province: str | None) -> bool:
    """Could this citation mean `spec`? Same symbol, issued before the story, and everything the
    citation states agrees: date, subject, issuer, locality (stated, else the site's province)."""
    if spec.symbol != gt.symbol:
        return False
    if spec.issued_on and spec.issued_on > published:
        return False
    if gt.issued_on and spec.issued_on != gt.issued_on:
        return False
    if gt.subject and spec.subject:
        a, b = gt.subject.casefold(), spec.subject.casefold()
        if a not in b and b not in a:
            return False
    if gt.issuer_stated:
        body = (spec.issuer_phrase or "").removeprefix("của ")
        if not body or not (body in gt.issuer_stated or gt.issuer_stated in body):
            return False
    where = gt.locality or province
    return not (spec.locality and where and spec.locality != where)


def _mark_determinable(articles: Sequence[DemoArticle]) -> None:
    """A citation is determinable when the one known document that fits what it states is its
    own: what a careful reader of the whole corpus can know.

    Known are the documents the corpus reveals: a document cited somewhere with its issue date;
    a local document also when some citation places it (its locality stated, or its home site
    citing it); and a document some citation names in words no other known document fits
    ("35-CT/TW về … lần thứ XIV" when only the 2019 one, "lần thứ XIII", is dated). Whether a
    citation is determinable depends only on what it states (and when and where it appeared),
    never on which document the generator meant: two citations that read the same get the same
    answer. A citation of a document the corpus never reveals, in words another known document
    fits, cannot be determined (the generator dates every re-used party symbol's documents once
    so that this does not happen to them)."""
    cites = [
        (gt, a.published_at.date(), site_province(a.site)) for a in articles for gt in a.directives
    ]
    known: set[str] = set()
    for gt, _, province in cites:
        local = gt.document_id.count("@") == 2
        placed = gt.locality or province
        if gt.issued_on or (local and placed and f"@{placed}@" in gt.document_id):
            known.add(gt.document_id)

    def fits(gt: GTDirective, published: date, province: str | None) -> list[str]:
        return [
            document_id(s)
            for s in DOCUMENTS
            if document_id(s) in known and _fits(s, gt, published, province)
        ]

    revealed = True
    while revealed:  # a revealed document can leave another citation fitting none: repeat
        revealed = False
        for gt, published, province in cites:
            if gt.document_id not in known and not fits(gt, published, province):
                known.add(gt.document_id)
                revealed = True
    for gt, published, province in cites:
        gt.determinable = fits(gt, published, province) == [gt.document_id]


def category_key(site: str, category_name: str) -> str:
    """URL key of a category given its display name."""
    return next(c.key for c in SITE_BY_NAME[site].categories if c.name == category_name)
