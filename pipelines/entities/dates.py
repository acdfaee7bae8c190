"""Vietnamese date helpers: full dates, day-month dates resolved against a reference, periods.

Pure functions over already-normalised (NFC) text; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

# "22/9/2021", "22-9-2021", "22.9.2021" (dots appear in scanned legal texts).
_NUMERIC = r"(?P<d>\d{1,2})\s*[/.\-–]\s*(?P<m>\d{1,2})\s*[/.\-–]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
# "22 tháng 9 năm 2021", "08 Tháng 9 2021".
_WORDY = (
    r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*)?(?:năm\s+)?(?P<y2>(?:19|20)\d{2})(?!\d)"
)
_ISO = r"(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?!\d)"

FULL_DATE_RE = re.compile(rf"(?<![\d/.\-]){_NUMERIC}|(?<!\d){_WORDY}|(?<![\d/])\b{_ISO}", re.I)

# Day-month without a year: "22/11", "17-4", "21 và 22-6", "ngày 9 tháng 8".
DAY_MONTH_RE = re.compile(
    r"(?<![\d/.\-])(?P<d>\d{1,2})(?:\s*(?:và|,|-|–)\s*\d{1,2})?\s*[/\-–]\s*(?P<m>\d{1,2})"
    r"(?!\s*[/\-–.]\s*\d)(?!\d)"
    r"|(?<!\d)(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?!\s*(?:,\s*)?(?:năm\s+)?\d)(?!\d)"
    # "Sáng 15.7": dotted only after a time-of-day word (a bare "1.5" is a number).
    # "Sáng nay 12.4" likewise.
    r"|(?<!\w)(?:(?:sáng|chiều|tối|trưa|hôm)(?:\s+(?:nay|qua))?|ngày)"
    r"\s+(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})(?!\s*\.\s*\d)(?!\d)",
    re.I,
)

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# "quý IV/2022", "quý III-2012", "quý 4 năm 2022".
QUARTER_RE = re.compile(
    r"quý\s+(?P<q>IV|III|II|I|[1-4])\s*(?:[/\-–]|\s+năm\s+|\s+)\s*(?P<y>(?:19|20)\d{2})(?!\d)", re.I
)
# "tháng 10/2021", "tháng 11-2021", "tháng 7.2021", "tháng 3 năm 2022".
MONTH_RE = re.compile(
    r"tháng\s+(?P<m>\d{1,2})\s*(?:[/.\-–]|\s+năm\s+)\s*(?P<y>(?:19|20)\d{2})(?!\d)", re.I
)


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar span named in text ("quý IV/2022" = 2022-10-01..2022-12-31)."""

    start: date
    end: date
    label: str

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end


def make_date(year: int, month: int, day: int) -> date | None:
    """date() that returns None instead of raising on impossible values."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_from_match(m: re.Match[str]) -> date | None:
    if m.group("d"):
        return make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if m.group("d2"):
        return make_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    return make_date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))


def parse_date(s: str) -> date | None:
    """First full (year-bearing) date in ``s``: dd/mm/yyyy, dd-mm-yyyy, "ngày D tháng M năm Y"."""
    for m in FULL_DATE_RE.finditer(s):
        d = _full_from_match(m)
        if d is not None:
            return d
    return None


def day_month(m: re.Match[str]) -> tuple[int, int] | None:
    """(day, month) from a DAY_MONTH_RE match, None if not a plausible calendar day."""
    if m.group("d"):
        d, mo = int(m.group("d")), int(m.group("m"))
    elif m.group("d2"):
        d, mo = int(m.group("d2")), int(m.group("m2"))
    else:
        d, mo = int(m.group("d3")), int(m.group("m3"))
    if 1 <= d <= 31 and 1 <= mo <= 12:
        return d, mo
    return None


def resolve_day_month(
    day: int,
    month: int,
    reference: date,
    tolerance_days: int = 2,
    max_age_days: int = 120,
) -> date | None:
    """Most recent day/month not after ``reference`` + tolerance.

    News reports an event on or shortly after the day; the tolerance absorbs time zones and
    sites that stamp the page a day early. Beyond ``max_age_days`` the guess is unreliable
    (an article dated June about "21-6" of next week is a preview, not last year's event).
    """
    limit = reference + timedelta(days=tolerance_days)
    for year in (limit.year, limit.year - 1):
        d = make_date(year, month, day)
        if d is not None and d <= limit:
            return d if (reference - d).days <= max_age_days else None
    return None


def parse_period(s: str) -> Period | None:
    """First "quý X/YYYY" or "tháng M/YYYY" period in ``s``."""
    best: Period | None = None
    best_pos = len(s) + 1
    m = QUARTER_RE.search(s)
    if m:
        q_raw = m.group("q").upper()
        q = _ROMAN.get(q_raw) or int(q_raw)
        y = int(m.group("y"))
        start = date(y, 3 * q - 2, 1)
        end = (
            date(y + 1, 1, 1) - timedelta(days=1)
            if q == 4
            else date(y, 3 * q + 1, 1) - timedelta(days=1)
        )
        best, best_pos = Period(start, end, m.group(0)), m.start()
    m2 = MONTH_RE.search(s)
    if m2 and m2.start() < best_pos:
        mo, y = int(m2.group("m")), int(m2.group("y"))
        if 1 <= mo <= 12:
            end = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
            best = Period(date(y, mo, 1), end - timedelta(days=1), m2.group(0))
    return best


def date_in_period(day: int, month: int, period: Period) -> date | None:
    """Place day/month inside a named period (years may straddle only for Q4→Q1, ignored)."""
    for year in {period.start.year, period.end.year}:
        d = make_date(year, month, day)
        if d is not None and period.contains(d):
            return d
    return None


# Page stamps near the top of extracted text: "Đăng ngày 02/11/2021", "11:03, 02/03/2022",
# "Thời gian: 15/10/2021 07:53", "Thứ ba, 06/06/2023", a bare ISO " date 2021-11-02".
_STAMP_RE = re.compile(
    r"(?:đăng ngày|ngày đăng|cập nhật|thời gian|ngày)\s*:?\s*(?P<a>\d{1,2}/\d{1,2}/\d{4})"
    r"|\d{1,2}:\d{2}\s*,?\s*(?P<b>\d{1,2}/\d{1,2}/\d{4})"
    r"|(?P<c>\d{1,2}/\d{1,2}/\d{4})\s*(?:[-|,]\s*)?\d{1,2}:\d{2}"
    r"|\bdate\s+(?P<e>\d{4}-\d{2}(?:-\d{2})?)",
    re.I,
)
_WEEKDAY_DATE_RE = re.compile(
    r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)\s*,\s*(\d{1,2}/\d{1,2}/\d{4})", re.I
)


@dataclass(frozen=True, slots=True)
class Stamp:
    """Publication stamp found in the text; ``day_known`` False for month-only stamps."""

    value: date
    day_known: bool


def find_publication_stamp(text: str, head: int = 400) -> Stamp | None:
    """Publication date printed at the top of an extracted page, if any."""
    window = text[:head]
    m = _WEEKDAY_DATE_RE.search(window)
    if m:
        d = parse_date(m.group(1))
        if d:
            return Stamp(d, True)
    for m in _STAMP_RE.finditer(window):
        raw = m.group("a") or m.group("b") or m.group("c")
        if raw:
            d = parse_date(raw)
            if d:
                return Stamp(d, True)
        elif m.group("e"):
            parts = [int(x) for x in m.group("e").split("-")]
            if len(parts) == 3:
                d = make_date(parts[0], parts[1], parts[2])
                if d:
                    return Stamp(d, True)
            elif 1 <= parts[1] <= 12:
                return Stamp(date(parts[0], parts[1], 1), False)
    return None
