"""Deterministic generator of the demo corpus with ground truth (GT).

`generate_corpus(n, seed)` returns `n` article pages spread over the three demo sites: the two
seed articles (real text, copied into demo_sites/data/) plus generated Vietnamese conference reports,
legal-news and PBGDPL-activity stories. About 10% of stories are republished on a second site.

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


def _cite(
    spec: DirectiveSpec,
    rng: random.Random,
    *,
    p_date: float = 0.45,
    p_subject: float = 0.6,
    short: bool = False,
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
    if spec.issuer_phrase and (short or rng.random() < 0.7):
        text += f" {spec.issuer_phrase}"
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
        )
    ]
    if subject:
        for m in _NESTED.finditer(subject):
            gts.append(
                GTDirective(
                    symbol=m.group(2), doc_type=m.group(1), issuer_code=m.group(2).split("/")[1]
                )
            )
    return text, gts


def _merge_directives(items: Sequence[GTDirective]) -> list[GTDirective]:
    """Keep first appearance order; same (symbol, subject) cited twice keeps the richer entry."""
    out: list[GTDirective] = []
    for d in items:
        for i, e in enumerate(out):
            if e.symbol == d.symbol and (e.subject == d.subject or None in (e.subject, d.subject)):
                out[i] = e.model_copy(
                    update={
                        "issued_on": e.issued_on or d.issued_on,
                        "subject": e.subject or d.subject,
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
    d: date, org: Organiser, rng: random.Random
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
        text, gts = _cite(spec, rng, short=True)
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
    name, name_has_year, forced_fmt, name_gts = _conference_name(d, org, rng)
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
    if fmt in ("trực tuyến", "trực tiếp kết hợp trực tuyến") and rng.random() < 0.4:
        local = rng.choice([o for o in pools.ORGANISERS if o.bridge != org.bridge])
        bridge = GTPerson(
            name=_people(rng, 1, taken)[0], position=rng.choice(local.chair_positions)
        )
        chairs.append(bridge)
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
    for i, spec in enumerate(specs):
        text, gts = _cite(spec, rng)
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
            )
        )
        titles = [f"Những điểm mới của {spec.law_name}", f"Triển khai thi hành {spec.law_name}"]
        word = "Luật"
    else:
        body = (spec.issuer_phrase or "của cơ quan có thẩm quyền").removeprefix("của ")
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
            )
        )
        for m in _NESTED.finditer(spec.subject or ""):
            directives.append(
                GTDirective(
                    symbol=m.group(2), doc_type=m.group(1), issuer_code=m.group(2).split("/")[1]
                )
            )
        titles = [
            f"{body[0].upper()}{body[1:]} ban hành {spec.doc_type} về {spec.subject}",
            f"Triển khai {spec.doc_type} số {spec.symbol} {spec.issuer_phrase or ''}".strip(),
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
        text, gts = _cite(other, rng)
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
        text, gts = _cite(spec, rng)
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
        conferences=conferences,
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
    return [("haiphong-pbgdpl", hp), ("dukcqtw", dk)]


# --------------------------------------------------------------------------- assembly


def _article_path(site: str, slug: str, article_id: int) -> str:
    if site == "haiphong-pbgdpl":
        return f"/tin-tuc/{slug}-{article_id}.html"
    if site == "dukcqtw":
        return f"/{slug}-tbo{article_id}.aspx"
    return f"/Pages/tin-tuc.aspx?ItemID={article_id}"


def generate_corpus(n_articles: int = 300, seed: int = 2021) -> DemoCorpus:
    """Build `n_articles` article pages (seeds, generated stories, republished copies)."""
    rng = random.Random(seed)
    site_names = [s.name for s in SITES]
    placed: list[tuple[str, _Story, str]] = []  # (site, story, title used)

    seeds = _seed_stories()[: max(n_articles, 0)]
    n_copies = n_articles // 11 if n_articles >= 12 else 0  # ≈10% of stories get a second copy
    n_generated = max(n_articles - len(seeds) - n_copies, 0)
    stories: list[tuple[str, _Story]] = list(seeds)
    for i in range(n_generated):
        site = rng.choices(site_names, weights=[0.40, 0.33, 0.27])[0]
        stories.append((site, _generated_story(i + 1, site, rng)))
    placed.extend((site, st, st.titles[0]) for site, st in stories)

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
    return DemoCorpus(articles=articles)


def category_key(site: str, category_name: str) -> str:
    """URL key of a category given its display name."""
    return next(c.key for c in SITE_BY_NAME[site].categories if c.name == category_name)
