"""Central Committee plenums reported as events (issue 11).

A plenum of the Party Central Committee ("Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa
XIII", "Hội nghị Trung ương 8 khóa XIII", "Hội nghị Ban Chấp hành Trung ương Đảng lần thứ 13,
khoá XIII") is a conference the text calls "hội nghị". Most pages only *cite* one (the source of
a resolution, a talk topic: "Nghị quyết Hội nghị Trung ương 8", "kết quả Hội nghị lần thứ 13"),
and those stay out. A plenum is *reported* when the text says it opens, closes, sits or works
("… khai mạc", "… họp phiên bế mạc", "… bước sang ngày làm việc thứ tư", "Phiên khai mạc Hội nghị
…"). A plenum lasts several days, so a report of its fourth day or of its closing still dates its
opening when the text says how long it has sat ("ngày làm việc thứ tư", "sau 8 ngày làm việc").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .dates import DAY_MONTH_RE, FULL_DATE_RE, day_month, make_date, parse_date, resolve_day_month

# "Trung ương" and its abbreviations ("BCH TƯ khoá 12", "T.Ư", "TW").
_TW = r"(?:(?i:Trung ương)|TƯ|T\.\s?Ư|TW)"
_BCH = (
    rf"(?:(?i:Ban Chấp hành)|BCH)\s+{_TW}(?:\s+(?i:Đảng))?"
    r"(?:\s+(?i:Cộng sản Việt Nam))?"
)
_DIGITS = r"\d{1,2}(?!\d)"
_UNIT = r"một|hai|ba|bốn|năm|lăm|sáu|bảy|tám|chín"


def _num(group: str) -> str:
    """A session number as the named group: digits or words ("tám", "mười hai")."""
    return f"(?P<{group}>{_DIGITS}|(?i:mười\\s+(?:{_UNIT})|mười|nhất|tư|{_UNIT}))"


_TERM = r"(?:\s*,?\s*\(?\s*(?i:khóa|khoá)\s+(?P<term>[IVXLC]{1,6}|\d{1,2})(?!\w)\)?)?"
# The plenum's name at a "Hội nghị": three word orders, then the optional term.
PLENUM_RE = re.compile(
    r"(?i:hội nghị)\s+(?:"
    rf"(?:{_TW}\s+)?(?i:lần thứ)\s+{_num('n1')}\s*,?\s*(?:(?i:của)\s+)?{_BCH}"
    rf"|{_BCH}\s+(?i:lần thứ)\s+{_num('n2')}"
    rf"|{_TW}\s+(?:(?i:lần thứ)\s+)?{_num('n3')}(?!\s*(?:/|-\s*[A-ZĐ]|\d))"
    rf"){_TERM}"
)
# Said of the plenum right after its name: it opens, closes, sits, works (or will).
_EVENT_AFTER_RE = re.compile(
    r"\s*,?\s*(?:(?:đã|chính thức|sẽ|tiếp tục|vẫn)\s+)*"
    r"(?:khai mạc|bế mạc|họp|bước sang|làm việc|diễn ra|tiến hành|kết thúc|hoàn thành)(?!\w)",
    re.I,
)
# Said just before the name: its opening or closing session, one of its working days.
_EVENT_BEFORE_RE = re.compile(
    r"(?:khai mạc|bế mạc)\s+(?:trọng thể\s+)?$"
    r"|(?:ngày làm việc|phiên họp|ngày họp)\s+(?:thứ\s+\w+|đầu tiên|cuối cùng|cuối)\s+(?:của\s+)?$",
    re.I,
)
_PLANNED_AFTER_RE = re.compile(r"\s*,?\s*(?:sẽ|dự kiến)\s", re.I)
_WORDS = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "lăm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def number(word: str) -> int | None:
    """1-19 from digits or Vietnamese number words ("tám", "mười hai", "12")."""
    w = " ".join(word.casefold().split())
    if w.isdigit():
        return int(w)
    parts = w.split()
    if len(parts) == 2 and parts[0] == "mười" and parts[1] in _WORDS:
        return 10 + _WORDS[parts[1]]
    return _WORDS.get(w)


def roman(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        nxt = _ROMAN.get(text[i + 1]) if i + 1 < len(text) else None
        total += -v if nxt is not None and nxt > v else v
    return total or None


@dataclass(frozen=True, slots=True)
class PlenumName:
    name: str
    end: int
    session: int
    term: int | None  # the Central Committee's term (khóa), when written


def plenum_at(text: str, start: int) -> PlenumName | None:
    """The plenum named at ``start`` (a "Hội nghị"), if the words there name one."""
    m = PLENUM_RE.match(text, start)
    if m is None:
        return None
    raw = m.group("n1") or m.group("n2") or m.group("n3")
    session = number(raw) if raw else None
    if session is None or not 1 <= session <= 30:
        return None
    term = roman(m.group("term")) if m.group("term") else None
    name = text[start : m.end()].rstrip(" ,(")
    if name.endswith(")") and "(" not in name:
        name = name[:-1]
    return PlenumName(name, start + len(name), session, term)


def reported_at(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(reported as an event, announced for later) for the plenum named at text[start:end]."""
    after = _EVENT_AFTER_RE.match(text, end)
    before = _EVENT_BEFORE_RE.search(text, max(0, start - 40), start)
    if after is None and before is None:
        return False, False
    planned = after is not None and bool(_PLANNED_AFTER_RE.match(text, end))
    return True, planned


# "họp từ ngày 10/4 đến ngày 12/4/2025", "Sau 2 ngày (18-19/7) làm việc": the span of sittings.
_FROM_TO_RE = re.compile(
    r"(?i:từ)\s+(?:(?i:ngày)\s+)?(?P<d1>\d{1,2})(?:\s*[/\-–.]\s*(?P<m1>\d{1,2}))?"
    r"\s*(?:đến|tới|-|–)\s*(?:(?i:ngày)\s+)?(?P<d2>\d{1,2})\s*[/\-–.]\s*(?P<m2>\d{1,2})"
    r"(?:\s*[/\-–.]\s*(?P<y>(?:19|20)\d{2}))?(?!\d)"
)
_DAY_RANGE_RE = re.compile(
    r"(?<![\d/])(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2})\s*/\s*(?P<m2>\d{1,2})"
    r"(?:\s*/\s*(?P<y>(?:19|20)\d{2}))?(?![\d/])"
)
_NTH_DAY_RE = re.compile(r"(?i:ngày làm việc thứ)\s+(?P<n>\w+)")
_DAYS_SAT_RE = re.compile(r"(?i:sau)\s+(?P<n>\d{1,2}|\w+)\s+(?:\([^)]{0,20}\)\s*)?(?i:ngày)")
_CLOSING_RE = re.compile(r"(?i:bế mạc)")
_TODAY_RE = re.compile(r"(?i:(?:sáng|chiều|tối|trưa)\s+nay|hôm nay)(?!\w)")
_UNTIL_RE = re.compile(
    r"(?i:làm việc|diễn ra|kéo dài|họp)\s+(?i:đến|tới)\s+(?:(?i:hết)\s+)?(?:(?i:ngày)\s+)?"
)
_MAX_DAYS = 14


def _resolve(day: int, month: int, year: int | None, ref: date | None) -> date | None:
    if year is not None:
        return make_date(year, month, day)
    return resolve_day_month(day, month, ref) if ref is not None else None


def _day_in(text: str, s: int, e: int, ref: date | None) -> date | None:
    """The last date written in text[s:e] (a day-month takes its year from ``ref``), else
    ``ref`` when the words say "today" ("Chiều nay", "sáng nay")."""
    best: tuple[int, date] | None = None
    for f in FULL_DATE_RE.finditer(text, s, e):
        if f.group("y3"):
            continue  # ISO stamps are page metadata
        d = parse_date(f.group(0))
        if d is not None and (best is None or f.start() > best[0]):
            best = (f.start(), d)
    for m in DAY_MONTH_RE.finditer(text, s, e):
        dm = day_month(m)
        if dm is None or (best is not None and m.start() <= best[0]):
            continue
        if re.match(r"\s*[/\-–.]\s*\d", text[m.end() : m.end() + 4]):
            continue
        d = _resolve(dm[0], dm[1], None, ref)
        if d is not None:
            best = (m.start(), d)
    if best is not None:
        return best[1]
    return ref if ref is not None and _TODAY_RE.search(text, s, e) else None


def _span(text: str, s: int, e: int, ref: date | None) -> tuple[date, date] | None:
    m = _FROM_TO_RE.search(text, s, e) or _DAY_RANGE_RE.search(text, s, e)
    if m is None:
        return None
    y = int(m.group("y")) if m.group("y") else None
    m2 = int(m.group("m2"))
    m1 = int(m.group("m1")) if "m1" in m.groupdict() and m.group("m1") else m2
    end = _resolve(int(m.group("d2")), m2, y, ref)
    if end is None:
        return None
    start = make_date(end.year if m1 <= m2 else end.year - 1, m1, int(m.group("d1")))
    if start is None or not 0 < (end - start).days <= _MAX_DAYS:
        return None
    return start, end


_DAY_AFTER_NAME_RE = re.compile(r"\s*,?\s*(?:(?i:vào)\s+)?(?i:sáng|chiều|tối|ngày)\s+\d")


def plenum_days(
    text: str,
    mentions: list[tuple[int, int, tuple[int, int]]],
    scope: tuple[int, int],
    ref: date | None,
) -> tuple[date | None, date | None]:
    """(first day, last day) of a plenum from the sentences that report it: (name start, name
    end, sentence bounds) per mention. The first day is None when a report only gives a later
    day without saying which day of the plenum it is (a closing report: its day is the last)."""
    held_on: date | None = None
    until: date | None = None
    for start, end, (ss, se) in mentions:
        span = _span(text, ss, se, ref)
        if span is not None:
            held_on = held_on or span[0]
            until = until or span[1]
            continue
        closing = bool(_CLOSING_RE.search(text, max(ss, start - 40), se))
        nth = _NTH_DAY_RE.search(text, end, se)
        day = _day_in(text, ss, start, ref)
        if day is None and _DAY_AFTER_NAME_RE.match(text, end):
            day = _day_in(text, end, min(se, end + 25), ref)  # "Hội nghị lần thứ nhất sáng 23/1"
        if day is None and ref is not None and _TODAY_RE.search(text, end, min(se, end + 30)):
            day = ref  # "Hội nghị lần thứ 11 BCH TƯ khoá 12 khai mạc sáng nay"
        if day is None and closing:
            # "… đã hoàn thành toàn bộ chương trình đề ra và bế mạc chiều 19/7"
            day = _day_in(text, end, se, ref)
        if day is None:
            continue
        if nth is not None and (n := number(nth.group("n"))) is not None and 1 <= n <= _MAX_DAYS:
            held_on = held_on or day - timedelta(days=n - 1)
            if closing:
                until = until or day
        elif closing:
            until = until or day
            sat = _DAYS_SAT_RE.search(text, ss, se)
            n = number(sat.group("n")) if sat else None
            if n is not None and 1 <= n <= _MAX_DAYS:
                held_on = held_on or day - timedelta(days=n - 1)
        else:
            held_on = held_on or day
    if until is None and held_on is not None:
        # "Theo chương trình, hội nghị làm việc đến ngày 10/5/2022"
        for u in _UNTIL_RE.finditer(text, scope[0], scope[1]):
            f = FULL_DATE_RE.match(text, u.end())
            d = parse_date(f.group(0)) if f else None
            if d is None:
                dm_m = DAY_MONTH_RE.match(text, u.end())
                dm = day_month(dm_m) if dm_m else None
                d = make_date(held_on.year, dm[1], dm[0]) if dm else None
            if d is not None and 0 < (d - held_on).days <= _MAX_DAYS:
                until = d
                break
    if held_on is not None and until is not None and until <= held_on:
        until = None
    return held_on, until
