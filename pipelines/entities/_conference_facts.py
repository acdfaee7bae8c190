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
    r"\s+(?:trực tuyến\s+)?(?:(?P<main>chính|trung tâm)\s+)?(?:(?:của|tại|ở)\s+)?"
    r"(?P<place>(?:TP\.\s?|T\.P\s?|T\.Ư\s?|T\.W\s?)?[^\n,.;:(]{1,90})"
)
_BRIDGE_PLACE_END_RE = re.compile(
    r"\s(?:có|do|với|cùng|dự|tham dự|chủ trì|đồng chủ trì|là|gồm|đã|được|kết nối|đến|tới|"
    r"trong|trên|và các|cho|nhằm|để|tham gia|về dự)(?!\w)|\s[-–]|[-–]\s|\s+Ảnh\b"
    r"|\svà\s+(?:trực|các|những|\d)"
)
# Not a place: the central point, a level, a direction, nothing.
_BRIDGE_NOT_PLACE_RE = re.compile(
    r"(?i:cấp|trên|trong|các|những|chính$|trung tâm|diên hồng|hội trường diên hồng|"
    r"nhà quốc hội|phòng họp diên hồng|cơ sở|xã, phường|huyện,|tỉnh thành|tỉnh, thành|địa phương)"
)
_TRAILING_JOIN_RE = re.compile(r"(?:\s+(?:và|cùng|với))+$")
_COUNTED_PLACES_RE = re.compile(r"\d+\s+(?:tỉnh|huyện|xã|phường|đơn vị|điểm)")
_PLACE_START_RE = re.compile(
    r"(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|thị trấn|xã|phường|trụ sở|hội trường|"
    r"[A-ZĐÂĂÊÔƠƯ])"
)
# The national conference's own point: the centre, the National Assembly's hall, the central
# party boards that organise national conferences ("điểm cầu tại Ban Tuyên giáo Trung ương"),
# and the organiser's own seat (checked against the organiser where it is known).
_CENTRAL_PLACE_RE = re.compile(
    r"(?i:^(?:điểm cầu\s+)?(?:trung ương|tw)(?!\w)|quốc hội|diên hồng|chính phủ|bộ chính trị|"
    r"^ban\s[^,]*(?:trung ương|tw|t\.ư)$|^văn phòng trung ương)"
)
_WEAK_PLACE_RE = re.compile(r"(?i:^(?:tại\s+)?(?:thủ đô\s+)?hà nội$)")


def _bridge_places(
    text: str, start: int, end: int, organizer: str | None = None
) -> list[tuple[int, str, bool]]:
    """(offset, place as written, central?) for every named bridge point in text[start:end];
    a point at the organiser's seat ("điểm cầu Bộ Công an" of a Bộ Công an conference) is
    central."""
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
        place = _TRAILING_JOIN_RE.sub("", place.strip(" -–"))
        words = place.split()
        if not words or len(words) > 10 or not _PLACE_START_RE.match(place):
            if h.group("main") and not place:
                out.append((m.start(), "", True))  # "điểm cầu chính": the central point
            continue
        if _BRIDGE_NOT_PLACE_RE.match(place) or _COUNTED_PLACES_RE.search(place):
            continue  # "điểm cầu cấp huyện", "điểm cầu Công an 63 tỉnh, thành phố"
        central = (
            bool(_CENTRAL_PLACE_RE.search(place))
            or (h.group("main") is not None and not re.match(r"\s+\w+\s+(?:của|tại)", h.group(0)))
            or _at_organizer(place, organizer)
        )
        out.append((m.start(), place, central))
    return out


def _at_organizer(place: str, organizer: str | None) -> bool:
    if not organizer:
        return False
    p = place.casefold()
    return any(
        o.strip().casefold() and (o.strip().casefold() in p)
        for o in re.split(r"[;,]", organizer)
        if len(o.split()) >= 2
    )


# Former leaders "dự tại điểm cầu tỉnh Bình Dương; … dự tại điểm cầu tỉnh Long An": a national
# report listing where people sat; a bridge point's own report names its own (and perhaps the
# point it connects to).
_MAX_POINTS_OF_A_LOCAL_REPORT = 1
_ATTENDED_AT_RE = re.compile(r"(?i:dự|tham dự)\s+(?:tại|ở)\s+$")
# "tỉnh ta", "tỉnh", "huyện": the reporter's own place, not a name.
_DEICTIC_RE = re.compile(r"(?i:^(?:tỉnh|thành phố|huyện|thị xã|xã|phường)(?:\s+ta|\s+nhà)?$)")


# A body of a province or below organises its own conference: a report of it speaks from the
# organiser's seat, and every point it names elsewhere (even "điểm cầu Trung ương") is remote.
_LOCAL_ORGANIZER_RE = re.compile(
    r"(?i:tỉnh|thành phố|thành ủy|thành uỷ|huyện|quận|thị xã|thị ủy|xã|phường|thị trấn)(?!\w)"
    r"|^(?:Sở|Phòng)\s"
)
_NATIONAL_ORGANIZER_RE = re.compile(
    r"(?i:trung ương|\btw\b|t\.ư|bộ chính trị|ban bí thư|chính phủ|quốc hội)|^Bộ\s"
)


def local_organizer(organizer: str | None) -> bool:
    """Whether the (first) organiser is a provincial or lower body."""
    if not organizer:
        return False
    first = re.split(r";", organizer, maxsplit=1)[0]
    return bool(_LOCAL_ORGANIZER_RE.search(first)) and not _NATIONAL_ORGANIZER_RE.search(first)


def bridge_point(text: str, scope: tuple[int, int], organizer: str | None = None) -> str | None:
    """The local bridge point a report of someone else's (national) conference speaks from:
    the named, non-central one in the conference's scope ("Hà Nội" alone only when nothing
    else is named); None for a report that names several different local points (the
    national report) and for a local body's own conference."""
    if local_organizer(organizer):
        return None
    places = [
        (o, p) for o, p, central in _bridge_places(text, *scope, organizer) if not central and p
    ]
    if not places:
        return None
    strong = [(o, p) for o, p in places if not _WEAK_PLACE_RE.match(p) and not _DEICTIC_RE.match(p)]
    attended = {p.casefold() for o, p in strong if _ATTENDED_AT_RE.search(text, max(0, o - 14), o)}
    if len(attended) > _MAX_POINTS_OF_A_LOCAL_REPORT and not _nested(attended):
        return None
    if strong:
        return strong[0][1]
    # Failing a name: the report's own "tỉnh ta" before a bare "Hà Nội" (the centre, often).
    deictic = [p for _, p in places if _DEICTIC_RE.match(p)]
    return deictic[0] if deictic else places[0][1]


def _nested(names: set[str]) -> bool:
    """Whether the names are one point written several ways ("Sở Khoa học và Công nghệ tỉnh
    Đắk Lắk", "Sở Khoa học và Công nghệ"): each contains, or is contained in, the first."""
    first = min(names, key=len)
    return all(first in n for n in names)


def local_bridge_in(text: str, start: int, end: int, organizer: str | None = None) -> bool:
    """Whether text[start:end] (a chairing sentence) names a bridge point other than the
    conference's main one: a local point of a national conference, any other point (the
    centre included) of a local body's own conference."""
    local = local_organizer(organizer)
    return any(
        p
        and (not central or (local and not _at_organizer(p, organizer)))
        and (local or not _WEAK_PLACE_RE.match(p))  # "Hà Nội" alone: the centre, often
        for _, p, central in _bridge_places(text, start, end, None if local else organizer)
    )


_TOP_LEADERSHIP_RE = re.compile(
    r"(?i:bộ chính trị|ban bí thư|thủ tướng|chủ tịch nước|tổng bí thư|chủ tịch quốc hội)"
)


def main_point_chair(position: str | None, organization: str | None, organizer: str | None) -> bool:
    """Whether a chair belongs to the conference's main point, not to a bridge point: a member
    of the national leadership, or an official of the organising body itself ("Phó Trưởng ban
    Tuyên giáo Trung ương" at a Ban Tuyên giáo Trung ương conference). A minister chairing his
    ministry's point ("Thứ trưởng Bộ Tư pháp" at "điểm cầu Bộ Tư pháp") is a bridge chair."""
    both = f"{position or ''} {organization or ''}"
    if _TOP_LEADERSHIP_RE.search(both):
        return True
    if not organizer or not organization:
        return False
    org = organization.casefold()
    return any(
        o.strip().casefold() and (o.strip().casefold() in org or org in o.strip().casefold())
        for o in re.split(r"[;,]", organizer)
        if len(o.split()) >= 2
    )


# -- previews -------------------------------------------------------------------------------------

# "Ban Tuyên giáo sẽ tổ chức Hội nghị …", "dự kiến tổ chức", "chuẩn bị tổ chức", "sắp diễn ra".
PLANNED_VERB_RE = re.compile(
    # "Thủ tướng đồng ý việc tổ chức hội nghị …": an approved conference is yet to be held
    # (and "đồng ý với đề nghị … về việc tổ chức", "thông báo việc tổ chức Hội nghị …")
    r"(?:(?i:sẽ|dự kiến|chuẩn bị|sắp|tiến tới|thông báo(?:\s+việc)?|"
    r"đồng ý(?:\s+(?:việc|cho))?)\s+"
    r"|(?i:đồng ý)\s+(?:\S+\s+){1,8}(?i:về việc)\s+)"
    r"(?:(?:được|chính thức|long trọng)\s+)*"
    r"(?:tổ chức|khai mạc|diễn ra|triệu tập)\s+(?:\d+\s+|các\s+)?(?:cuộc\s+)?$"
    # "(đã) sẵn sàng cho Hội nghị …", "để chuẩn bị cho Hội nghị …": the event is yet to come
    r"|(?i:sẵn sàng|chuẩn bị)\s+(?i:cho|trước|phục vụ)\s+(?:(?i:sự kiện)\s+)?$"
    # "UBND tỉnh tổ chức họp báo thông tin về Hội nghị …": a press conference announces it
    r"|(?i:họp báo)\s+(?:(?:thông tin|giới thiệu|công bố|cung cấp thông tin)\s+)?(?i:về)\s+$"
    # "Dự kiến “Hội nghị X” diễn ra vào ngày 26/3": expected
    r"|(?<!\w)(?i:dự kiến|theo dự kiến)\s*,?\s+[“\"]?$"
)
# After the name: "Hội nghị X sẽ được tổ chức vào …", "Hội nghị X dự kiến diễn ra".
PLANNED_AFTER_RE = re.compile(
    # (its theme may come first: "Hội nghị X với chủ đề “…” sẽ diễn ra tại …")
    r"\s*,?\s*(?:(?:với\s+)?(?i:chủ đề)\s*:?\s*[“\"][^”\"\n]{1,200}[”\"]\s*,?\s*)?"
    r"(?:(?i:sẽ|dự kiến(?:\s+sẽ)?|chuẩn bị|sắp)\s+(?:(?:được|chính thức)\s+)*"
    r"(?:tổ chức|khai mạc|diễn ra|triệu tập))(?!\w)"
    # a headline "Hội nghị X: Tất cả đã sẵn sàng trước sự kiện lớn" (not "…: doanh nghiệp sẵn
    # sàng đầu tư", which a report of the held event may say)
    r"|\s*:\s*(?:(?i:tất cả|mọi công tác|mọi thứ|công tác chuẩn bị)\s+)?(?:đã\s+)?(?i:sẵn sàng)"
    r"(?=\s*(?:$|[.,!\n]|(?i:trước|cho)\s+(?:(?i:sự kiện|hội nghị|ngày)(?!\w))))"
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
