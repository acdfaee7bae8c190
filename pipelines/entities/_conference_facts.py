"""Facts about a reported conference that entity resolution needs beyond the dev-set fields:
the bridge point a report speaks from, whether it is a preview, its scope (nationwide), its last
day, and the directives it disseminated.

Pure functions over normalised text and offsets, called by conferences.find_conferences.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ._sentences import sentence_bounds

# -- bridge points ("điểm cầu") --------------------------------------------------------------------

# "tại điểm cầu tỉnh Hải Phòng", "Điểm cầu Hà Tĩnh do …", "điểm cầu chính của tỉnh Gia Lai",
# "chủ trì điểm cầu của tỉnh". Counted points ("1.548 điểm cầu"), plural ones ("các điểm cầu")
# and levels ("điểm cầu cấp huyện") are no place; checked on the text before and after.
_BRIDGE_RE = re.compile(r"(?i:điểm cầu)(?!\w)")
_BRIDGE_COUNTED_RE = re.compile(
    r"(?:\d[\d.,]*|các|những|nhiều|hai|ba|mỗi|\d+\s+\w+)\s+$|(?i:các|những)\s+\S+\s+$", re.I
)
_BRIDGE_HEAD_RE = re.compile(
    r"\s+(?:(?P<main>chính|trung tâm)\s+)?(?:(?:của|tại|ở)\s+)?"
    r"(?P<place>(?:TP\.\s?|T\.P\s?)?[^\n,.;:(]{1,90})"
)
_BRIDGE_PLACE_END_RE = re.compile(
    r"\s(?:có|do|với|cùng|dự|tham dự|chủ trì|đồng chủ trì|là|gồm|đã|được|kết nối|đến|tới|"
    r"trong|trên|và các|cho|nhằm|để|tham gia|về dự)(?!\w)|\s[-–]|[-–]\s|\s+Ảnh\b"
    r"|\svà\s+(?![A-ZĐ])"
)
# Not a place: the central point, a level, a direction, nothing.
_BRIDGE_NOT_PLACE_RE = re.compile(
    r"(?i:cấp|trên|trong|các|những|trung ương|chính$|trung tâm|diên hồng|hội trường diên hồng|"
    r"nhà quốc hội|phòng họp diên hồng|cơ sở|xã, phường|huyện,)"
)
_PLACE_START_RE = re.compile(
    r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|thị trấn|xã|phường|[A-ZĐÂĂÊÔƠƯ])"
)
# Central bodies and places: a bridge point there is the national conference's own.
_CENTRAL_PLACE_RE = re.compile(
    r"(?i:trung ương|\btw\b|t\.ư|quốc hội|chính phủ|bộ chính trị)|^Bộ\s(?!Chỉ huy)"
)
_WEAK_PLACE_RE = re.compile(r"(?i:^(?:tại\s+)?(?:thủ đô\s+)?hà nội$)")


def _bridge_places(text: str, start: int, end: int) -> list[tuple[int, str, bool]]:
    """(offset, place as written, central?) for every named bridge point in text[start:end]."""
    out: list[tuple[int, str, bool]] = []
    for m in _BRIDGE_RE.finditer(text, start, end):
        if _BRIDGE_COUNTED_RE.search(text, max(0, m.start() - 16), m.start()):
            continue
        h = _BRIDGE_HEAD_RE.match(text, m.end(), min(len(text), m.end() + 120))
        if h is None:
            continue
        place = h.group("place")
        stop = _BRIDGE_PLACE_END_RE.search(place)
        if stop is not None:
            place = place[: stop.start()]
        place = place.strip(" -–")
        words = place.split()
        if not words or len(words) > 10 or not _PLACE_START_RE.match(place):
            if h.group("main") and not place:
                out.append((m.start(), "", True))  # "điểm cầu chính": the central point
            continue
        if _BRIDGE_NOT_PLACE_RE.match(place) and not place.casefold().startswith("trung ương"):
            continue
        central = bool(_CENTRAL_PLACE_RE.search(place)) or (
            h.group("main") is not None and not re.match(r"\s+\w+\s+(?:của|tại)", h.group(0))
        )
        out.append((m.start(), place, central))
    return out


def bridge_point(text: str, scope: tuple[int, int]) -> str | None:
    """The local bridge point a report speaks from: the first named, non-central one in the
    conference's scope ("Hà Nội" alone only when nothing else is named)."""
    places = [(o, p) for o, p, central in _bridge_places(text, *scope) if not central and p]
    if not places:
        return None
    strong = [p for _, p in places if not _WEAK_PLACE_RE.match(p)]
    return strong[0] if strong else places[0][1]


def local_bridge_in(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a chairing sentence) names a local bridge point."""
    return any(not central and p for _, p, central in _bridge_places(text, start, end))


def central_person(position: str | None, organization: str | None) -> bool:
    """A national leader or a central body's official never chairs a local bridge point."""
    both = f"{position or ''} {organization or ''}"
    return bool(
        re.search(
            r"(?i:trung ương|\btw\b|t\.ư|bộ chính trị|ban bí thư|thủ tướng|chính phủ|quốc hội|"
            r"chủ tịch nước|bộ trưởng|thứ trưởng)",
            both,
        )
    ) and not re.search(r"(?i:tỉnh|thành phố|huyện|xã|phường)", organization or "")


# -- previews -------------------------------------------------------------------------------------

# "Ban Tuyên giáo sẽ tổ chức Hội nghị …", "dự kiến tổ chức", "chuẩn bị tổ chức", "sắp diễn ra".
PLANNED_VERB_RE = re.compile(
    r"(?i:sẽ|dự kiến|chuẩn bị|sắp|tiến tới)\s+(?:(?:được|chính thức|long trọng)\s+)*"
    r"(?:tổ chức|khai mạc|diễn ra|triệu tập)\s+(?:\d+\s+|các\s+)?(?:cuộc\s+)?$"
)
# After the name: "Hội nghị X sẽ được tổ chức vào …", "Hội nghị X dự kiến diễn ra".
PLANNED_AFTER_RE = re.compile(
    r"\s*,?\s*(?:(?i:sẽ|dự kiến|chuẩn bị|sắp)\s+(?:(?:được|chính thức)\s+)*"
    r"(?:tổ chức|khai mạc|diễn ra|triệu tập))(?!\w)"
)
# Evidence that the report tells what happened (a preview announces; a report recounts).
_HELD_RE = re.compile(
    r"(?i:(?:đã|vừa)\s+(?:long trọng\s+)?(?:tổ chức|diễn ra|khai mạc|bế mạc|kết thúc|họp)"
    r"|tổ chức thành công|đã nghe|đã thảo luận|đã thông qua|hội nghị đã|"
    r"(?<!sẽ )(?<!sẽ được )kết thúc hội nghị|phát biểu bế mạc)"
)


def held_in(text: str, start: int, end: int) -> bool:
    return _HELD_RE.search(text, start, end) is not None


# -- scope ----------------------------------------------------------------------------------------

_NATIONWIDE_WORD = r"(?i:toàn quốc|toàn quân|cả nước)"
# "Đại hội đại biểu toàn quốc", "Đại hội Thi đua yêu nước toàn quốc": another event's name.
_CONGRESS_RE = re.compile(r"(?i:đại hội)[^,.;:\n]{0,40}?(?i:toàn quốc)|(?i:ngày)\s+(?i:toàn quốc)")
_NATIONWIDE_NAME_RE = re.compile(_NATIONWIDE_WORD)
_NATIONWIDE_LINK_RE = re.compile(
    r"(?i:điểm cầu|trực tuyến|kết nối|truyền hình|hội nghị)[^.;\n]{0,120}?"
    r"(?i:trên toàn quốc|trong toàn quốc|toàn quốc|trên cả nước|trong cả nước|cả nước|toàn quân)"
    r"|(?i:toàn quốc|cả nước)\s+có\s+[\d.]+\s+(?i:điểm cầu)"
)


def _without_congresses(s: str) -> str:
    return _CONGRESS_RE.sub(" ", s)


# Anywhere in the report: the links of an online conference reach the whole country.
_NATIONWIDE_POINTS_RE = re.compile(
    r"(?i:điểm cầu|trực tuyến|kết nối|truyền hình)[^.;\n]{0,120}?"
    r"(?i:trên toàn quốc|trong toàn quốc|trên cả nước|trong cả nước|toàn quân)"
    r"|(?i:toàn quốc|cả nước)\s+có\s+[\d.]+\s+(?i:điểm cầu)"
)


def nationwide(
    name: str | None, text: str, anchors: list[tuple[int, int]], scope: tuple[int, int]
) -> bool:
    """ "Hội nghị toàn quốc …" (the name or the sentences that introduce the conference),
    "trực tuyến đến 1.548 điểm cầu trên cả nước" (anywhere in its scope)."""
    if name and _NATIONWIDE_NAME_RE.search(_without_congresses(name)):
        return True
    for s, e in anchors:
        if _NATIONWIDE_LINK_RE.search(_without_congresses(text[s:e])):
            return True
    return _NATIONWIDE_POINTS_RE.search(_without_congresses(text[scope[0] : scope[1]])) is not None


# -- multi-day events ----------------------------------------------------------------------------

_DAYS_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5}
# "27-28/3", "21 và 22-6", "5 đến 7/11", "từ 13-15/10/2016", "11, 12 tháng 01 năm 2010",
# "ngày 21 và sáng ngày 22 tháng 12 năm 2022".
_RANGE_RE = re.compile(
    r"(?<![\d/.\-])(?P<d1>\d{1,2})\s*(?:-|–|đến|và|,)\s*(?:(?:sáng|chiều|tối)\s+)?(?:ngày\s+)?"
    r"(?P<d2>\d{1,2})\s*(?:[/\-–.]|\s+tháng\s+)\s*(?P<m>\d{1,2})(?!\d)"
    r"(?:\s*(?:[/\-–.]|\s+năm\s+)\s*(?P<y>(?:19|20)\d{2}))?",
    re.I,
)
_FROM_TO_RE = re.compile(
    r"(?i:từ)\s+(?:ngày\s+)?(?P<d1>\d{1,2})[/\-](?P<m1>\d{1,2})(?:[/\-](?P<y1>\d{4}))?\s*"
    r"(?i:đến)\s+(?:(?i:hết)\s+)?(?:ngày\s+)?(?P<d2>\d{1,2})[/\-](?P<m2>\d{1,2})"
    r"(?:[/\-](?P<y2>\d{4}))?"
)
_DAY_COUNT_RE = re.compile(
    r"(?i:trong|diễn ra trong|kéo dài)\s+(?:0?(?P<n>\d)|(?P<w>hai|ba|bốn|năm))\s+ngày"
)
_MAX_SPAN_DAYS = 14


def _end(
    held_on: date, d1: int, d2: int, m: int, y: int | None, m1: int | None = None
) -> date | None:
    if d1 != held_on.day or (m1 is not None and m1 != held_on.month):
        return None
    year = y or held_on.year
    try:
        end = date(year, m, d2)
    except ValueError:
        return None
    if end <= held_on or (end - held_on).days > _MAX_SPAN_DAYS:
        return None
    return end


def held_until(text: str, spans: list[tuple[int, int]], held_on: date | None) -> date | None:
    """The last day of a multi-day event whose first day is ``held_on``, as the text states it
    (a day range, or "trong 2 ngày")."""
    if held_on is None:
        return None
    for s, e in spans:
        for m in _FROM_TO_RE.finditer(text, s, e):
            y = m.group("y2") or m.group("y1")
            end = _end(
                held_on,
                int(m.group("d1")),
                int(m.group("d2")),
                int(m.group("m2")),
                int(y) if y else None,
                int(m.group("m1")),
            )
            if end is not None:
                return end
        for m in _RANGE_RE.finditer(text, s, e):
            y = m.group("y")
            if int(m.group("m")) != held_on.month:
                continue
            end = _end(
                held_on,
                int(m.group("d1")),
                int(m.group("d2")),
                int(m.group("m")),
                int(y) if y else None,
            )
            if end is not None:
                return end
    for s, e in spans:
        c = _DAY_COUNT_RE.search(text, s, e)
        if c is not None:
            n = int(c.group("n")) if c.group("n") else _DAYS_WORDS[c.group("w").casefold()]
            if 2 <= n <= 7:
                return held_on + timedelta(days=n - 1)
    return None


# -- directives disseminated ----------------------------------------------------------------------

# Verbs of an agenda: the conference studies, disseminates, reviews a document.
_AGENDA_VERB_RE = re.compile(
    r"(?i:quán triệt|học tập|nghiên cứu|phổ biến|truyền đạt|giới thiệu|triển khai|tuyên truyền|"
    r"sơ kết|tổng kết|thông tin)(?!\w)"
)
# A document cited as the basis of the event or of someone's remark, not its agenda.
_BASIS_BEFORE_RE = re.compile(
    r"(?i:(?:^|[,;(]\s*)(?:thực hiện|căn cứ|theo|trên cơ sở|tại|qua)\s+(?:\S+\s+){0,4}$"
    r"|(?:yêu cầu|đề nghị|chỉ đạo|nhấn mạnh)[^.;]{0,80}$)"
)
_HN_WORD_RE = re.compile(r"(?i:hội nghị)(?!\w)")


def disseminated(
    text: str,
    name_spans: list[tuple[int, int]],
    anchor: tuple[int, int],
    scope: tuple[int, int],
    symbols: list[tuple[int, int, str]],
) -> list[str]:
    """Symbols a conference disseminated: named in its name (``name_spans``), in its anchor
    sentence after "hội nghị" (``anchor``: that offset and the sentence end), or in an agenda
    sentence of its scope ("Tại hội nghị, các đại biểu được quán triệt Nghị quyết số …").
    ``symbols`` are (start, end, canonical symbol) of every citation in the text."""
    out: list[str] = []
    for start, _, sym in symbols:
        if not (scope[0] <= start < scope[1]) and not any(s <= start < e for s, e in name_spans):
            continue
        if any(s <= start < e for s, e in name_spans):
            out.append(sym)
            continue
        ss, _ = sentence_bounds(text, start, start + 1)
        clause_start = max(text.rfind(";", ss, start), ss)
        before = text[clause_start:start]
        if anchor[0] <= start < anchor[1]:
            if not _BASIS_BEFORE_RE.search(before[-120:]):
                out.append(sym)
            continue
        hn = _HN_WORD_RE.search(text, ss, start)
        if hn is None:
            continue
        verbs = list(_AGENDA_VERB_RE.finditer(text, hn.end(), start))
        verb = verbs[-1] if verbs else None
        if verb is None or _BASIS_BEFORE_RE.search(text[verb.end() : start][-120:]):
            continue
        out.append(sym)
    return list(dict.fromkeys(out))
