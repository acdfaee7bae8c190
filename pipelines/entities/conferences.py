"""Conferences ("hội nghị") reported in an article, per benchmarks/devset/LABELLING.md rules.

Only events the text calls "hội nghị" count; Central Committee plenums cited as history
("Hội nghị Trung ương 6 khóa XII", "Nghị quyết Hội nghị …") and venues ("Trung tâm Hội nghị")
do not, but a plenum the text reports as sitting ("… khai mạc", "… bước sang ngày làm việc thứ
tư", "bế mạc Hội nghị …") is a conference (_plenums.py), one per plenum however it is written.
One article usually reports one conference; each "<body> tổ chức hội nghị …" anchor with a
distinct name opens another, and the text up to the next anchor is its scope.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from . import _conference_facts as facts
from . import _plenums as plenums
from ._sentences import sentence_bounds
from ._text import normalize
from .dates import (
    DAY_MONTH_RE,
    FULL_DATE_RE,
    Period,
    date_in_period,
    day_month,
    find_publication_stamp,
    make_date,
    parse_date,
    parse_period,
    resolve_day_month,
)
from .directives import symbol_spans
from .people import HEAD_RE, HONORIFICS, Person, PersonMention, mentions

# Opens with a character class, not the lookbehind, so non-"h" positions are skipped in C.
HN_RE = re.compile(r"[Hh](?<!\w[Hh])(?:ội|ỘI) (?:nghị|NGHỊ)(?!\w)")
_HN_EXCLUDE_BEFORE_RE = re.compile(
    r"(?:nghị quyết|trung tâm|nhà|phòng|hội trường|khu|các|những|nhiều|mỗi|trong các)\s+$", re.I
)
_HN_EXCLUDE_AFTER_RE = re.compile(
    r"\s+(?:lần thứ \S+\s*,?\s+)?(?:của\s+)?(?:Ban Chấp hành|BCH)\s+(?:Trung ương|T\.\s?Ư|TƯ|TW)"
    r"|\s+Trung ương\b"
    r"|\s+(?:lần thứ \S+\s+)?(?:Ban Chấp hành|BCH)\s+Đảng\s+(?:khóa|khoá)"
    r"|\s*,\s*hội thảo",
    re.I,
)
_NAME_END_RE = re.compile(
    r"[;:!?\n“”’\"|]|\.(?=\s|$)|\s\((?!mở rộng|[Kk]hóa|[Kk]hoá)|\svề\s+['‘“\"]"
    r"|,(?=\s*(?:vừa qua|mới đây|hôm qua|hôm nay)(?!\w))"
    # the day it was held ("Hội nghị Chính phủ với các địa phương ngày 5/1, Thủ tướng …")
    # (a day-month: a cited document's date carries its year, "… 132-KL/TW ngày 18/3/2025")
    r"|\s(?=ngày\s+\d{1,2}\s*[/\-.–]\s*\d{1,2}(?!\d|\s*[/\-.–]\s*\d))"
    # what it discussed ("Hội nghị …, thảo luận về …", "Hội nghị tập trung thảo luận …")
    r"|,?\s(?=(?:tập trung\s+(?:thảo luận|bàn|đánh giá|vào|đối thoại|trao đổi|giải quyết|"
    r"cho ý kiến|làm rõ|phân tích)|thảo luận)(?!\w))"
    # "Hội nghị tổ chức theo hình thức trực tuyến …": the verb that follows a bare "Hội nghị"
    # (held how, where, when) is no part of a name
    r"|\s(?=(?:được\s+)?tổ chức\s+(?:theo|tại|vào|trong|dưới|bằng|trực tuyến|trực tiếp|với|"
    r"ngày|sáng|chiều|từ)(?!\w))"
    # a photo caption's tail ("Hội nghị đối thoại - Ảnh: TTXVN"), a clause ("… lần này là",
    # "Hội nghị X là hoạt động thường niên")
    r"|\s[-–]\s(?=(?:Ảnh|ẢNH|Video|Clip)(?!\w))|\s(?=(?:lần này|năm nay|là)(?!\w))"
    # "Hội nghị … khoá 15, ông Nguyễn Xuân Ký tái đắc cử", "…, Bộ trưởng Bộ Nội vụ Đỗ Thanh
    # Bình nhấn mạnh": a headline's next clause
    r"|,(?=\s*(?:ông|bà|đồng chí|đ/c|Tổng Bí thư|Thủ tướng|Phó Thủ tướng|Chủ tịch|Phó Chủ tịch|"
    r"Bộ trưởng|Thứ trưởng|Bí thư|Phó Bí thư|Trưởng ban)\s+\w)"
    r"|\s(?=(?:hôm nay|hôm qua|sáng nay|chiều nay|tối nay)(?!\w))"
    r"|\s(?:tại|cho|theo hình thức|bằng hình thức|theo phương thức|qua hình thức|nhằm|với sự|"
    # "Hội nghị Chính phủ với các địa phương" is a name ("với sự tham dự" is not)
    r"(?<!đối\s)(?<!thích ứng\s)với(?!\s+(?:các\s+)?(?:địa phương|doanh nghiệp|nhà đầu tư|"
    r"nông dân|thanh niên|doanh nhân|công nhân|người lao động|trí thức|kiều bào|cử tri)(?!\w))|"
    r"để|do|vừa(?=\s+(?:diễn ra|được|khai mạc|bế mạc|kết thúc)(?!\w))|"
    r"vào\s+(?:ngày|sáng|chiều|tối|lúc|hồi|cuối|đầu|giữa|dịp|tháng|\d)|diễn ra|phải|"
    r"và tập huấn|và bàn|sáng|chiều|tối|đã|được|"
    r"sẽ|sắp|có|trên địa bàn|thu hút|cũng là|dự kiến|bầu|để bầu|dành)(?!\w)"
    # "hội nghị X lần thứ 18, khóa IX khai mạc tại Hà Nội": the verb after the name
    r"|\s(?:khai mạc|bế mạc|kết thúc)(?=\s+(?:tại|vào|sáng|chiều|tối|hôm|ngày)(?!\w)|\s*[.,;\n]|$)"
    # a headline's or lead's clause after the name: "… về ASEAN chính thức khai mạc", "… lần
    # thứ 36 chính thức" ("Hội nghị không chính thức …" keeps its word), "… lần 2 không đạt
    # thỏa thuận", "… 2017, nhiều nhà lãnh đạo …", a caption's "… Hà Nội Ngày 28 tháng 2", "…
    # lần thứ hai trong hai ngày 27/2 và 28/2"
    r"|(?<!không)\s(?=chính thức(?!\w))|\s(?=không(?!\s+chính thức)(?!\w))|,(?=\s*nhiều\s)"
    r"|\s(?=Ngày\s+\d)|\s(?=trong\s+(?:hai|ba|bốn|năm|\d+)\s+ngày(?!\w))"
)
_NAME_BAD_START_RE = re.compile(
    r"(?:đã|được|sẽ|để|nhằm|có|là|này|lần này|diễn ra|tại|với|cho|vào|theo|bằng|do|và|thì|cũng|"
    r"kết thúc|thu hút|thống nhất|đề ra|thông qua|nghe|tiến hành|gồm|trên|đến|nêu|ghi nhận|xem|"
    r"còn|quan trọng|lần(?! thứ)|nói trên|trong|là|dự kiến|cũng|cùng)(?!\w)|[,.;:)]|$",
    re.I,
)
_CUE_BEFORE_RE = re.compile(
    r"(?:tổ chức|tại|dự|chủ trì|khai mạc|bế mạc|kết luận|phát biểu|quang cảnh|về dự|tham dự)"
    r"\s+(?:\d+\s+)?(?:cuộc\s+)?$",
    re.I,
)
_CUE_AFTER_RE = re.compile(
    r"\s+(?:đã|được|sẽ|diễn ra|nhằm|có sự|thu hút|kết thúc|lần này|này|cũng|đề ra"
    # "Hội nghị tổ chức theo hình thức trực tuyến …": the conference was held (how, where)
    r"|tổ chức(?=\s+(?:theo|tại|vào|trực tuyến|trực tiếp|dưới|bằng|sáng|chiều|ngày|với)(?!\w)))"
    r"(?!\w)",
    re.I,
)
_ORGANISED_BEFORE_RE = re.compile(
    r"(?:tổ chức|(?<!phát biểu )(?<!Phát biểu )(?<!diễn văn )(?<!phiên )(?<!Phiên )(?<!lễ )"
    r"(?<!Lễ )khai mạc|triệu tập|diễn ra"
    # "Ban Chấp hành Trung ương khóa XIII họp Hội nghị lần thứ nhất"
    r"|tiến hành|(?<!cuộc )(?<!phòng )(?<!Phòng )họp)\s+"
    r"(?:(?:thành công|trọng thể|long trọng)\s+)?(?:\d+\s+|các\s+)?(?:cuộc\s+)?$",
    re.I,
)
# A clause that opens with a verb is not an organiser ("Phát biểu khai mạc Hội nghị, …").
_NOT_ORG_START_RE = re.compile(
    r"(?i:phát biểu|dự|tham dự|chủ trì|thay mặt|theo|sau|trước|trong|tại|qua|nhằm|để|khi|việc|"
    # a time phrase ("Ngay sau kỳ nghỉ Tết tổ chức …", "Nhân dịp …") is when, not who
    r"ngay|nhân|vào"
    # "Tính đến thời điểm tổ chức hội nghị, Ban Tổ chức đã …": a time, not who organises it
    r"|tính đến|đến thời điểm|thời điểm|thời gian)(?!\w)"
)
# "… liên quan" link lists that pages put inside the article (kept by text extractors): their
# headlines are other stories, not events this article reports.
_RELATED_BLOCK_RE = re.compile(
    r"(?im)^[ \t]*(?:tin liên quan|bài viết liên quan|tin cùng chuyên mục|các tin khác|tin khác|"
    r"xem thêm|đọc thêm)[ \t]*:?[ \t]*\n(?:[ \t]*\S[^\n]*(?:\n|$))*"
)
# Plans and documents about organising ("Kế hoạch số 25 … về tổ chức hội nghị …"); group
# `plan`: a plan for a later event ("ban hành Kế hoạch 892/KH-TTCP để tổ chức Hội nghị X").
_PLANNED_RE = re.compile(
    r"(?:(?i:(?P<plan>kế hoạch|dự kiến|chuẩn bị)|đề nghị)\s+(?:\S+\s+){0,2}"
    r"|\bvề\s+(?:việc\s+)?)(?i:tổ chức)\s+$"
)
_TOTAL_RE = re.compile(r"(?i:tổ chức)\s+(?:được\s+)?(?:[1-9]\d{1,}|[1-9]\.\d{3})\s+(?:cuộc\s+)?$")
_ENUM_STEP_RE = re.compile(
    r"[ \t]*(?:\(?\d{1,2}[.)]|\(?[a-zđ]\)|[-–•+*])[ \t]*(?i:tổ chức|triệu tập)[ \t]+(?i:hội nghị)"
)
_ACTIVITY_LIST_RE = re.compile(r"(?i:như|gồm|bằng các hình thức)\s*:?\s*(?i:tổ chức)\s+\S*\s*$")
# Legal bases ("- Căn cứ Thông báo số … tại Hội nghị sơ kết …") cite earlier events.
_LEGAL_BASIS_LINE_RE = re.compile(r"[-–•*+\s]*(?i:căn cứ)(?!\w)")
_PASSIVE_ORG_RE = re.compile(
    r"\s*,?\s*(?i:do)\s+(?P<org>[^,.;\n]{3,90}?)\s+(?:chủ trì,?\s*)?(?:phối hợp\s+)?tổ chức"
)
# "do Bộ Chính trị, Ban Bí thư tổ chức" (bodies listed with commas, each checked to be one);
# "do Ban Bí thư chủ trì, chỉ đạo thực hiện, dự kiến tổ chức" (a preview's organiser).
_PASSIVE_ORGS_RE = re.compile(
    r"\s*,?\s*(?i:do)\s+(?P<org>[^.;\n]{3,120}?)\s+"
    r"(?:chủ trì(?:\s*,\s*chỉ đạo(?:\s+thực hiện)?)?\s*,?\s*(?:(?:sẽ|dự kiến)\s+)?)?"
    r"(?:phối hợp\s+)?tổ chức(?!\w)"
)


def _passive_organizer(text: str, end: int) -> str | None:
    """The organiser of "… do X tổ chức" right after a conference's name (or "hội nghị")."""
    p = _PASSIVE_ORG_RE.match(text, end)
    if p is not None:
        return p.group("org").strip()
    p = _PASSIVE_ORGS_RE.match(text, end)
    if p is None:
        return None
    org = p.group("org").strip()
    return org if all(_ORG_HEAD_RE.match(part.strip()) for part in org.split(",")) else None


_ORG_HEAD_RE = re.compile(
    r"(?:Ban|Bộ|Sở|Đảng ủy|Đảng uỷ|Đảng bộ|Chi bộ|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|"
    r"Huyện uỷ|Quận ủy|Thị ủy|UBND|Ủy ban|Uỷ ban|HĐND|Hội đồng|Chính phủ|Quốc hội|Trung ương|"
    r"Tỉnh đoàn|Thành đoàn|Huyện đoàn|Đoàn|Văn phòng|Cục|Chi cục|Vụ|Viện|Học viện|Trường|"
    r"Hội(?! nghị| thảo)|Liên đoàn|"
    r"Liên hiệp|Mặt trận|MTTQ|Công an|Bộ Chỉ huy|Phòng|Trung tâm|Tòa án|Viện kiểm sát|Báo|Đài|"
    r"Tạp chí|Tập đoàn|Tổng công ty|Công ty|Cơ quan|Thường trực|Đảng đoàn|Công đoàn|Khối|"
    r"Lãnh đạo|BCH|BTV|Tổng cục|Bộ Tư lệnh|Quân khu|Đồn|Ngân hàng|Cụm|Liên minh|Hợp tác xã|"
    r"Đoàn Chủ tịch|Thanh tra|Kiểm toán|Tòa(?! nhà)|Toà(?! nhà)|"
    # armed forces and state services ("Quân ủy Trung ương, Bộ Quốc phòng tổ chức …")
    r"Quân ủy|Quân uỷ|Quân chủng|Binh chủng|Sư đoàn|Lữ đoàn|Trung đoàn|Bộ đội|Cảnh sát|"
    r"Tổng Liên đoàn|Kho bạc|Hải quan|Bảo hiểm xã hội|BHXH)(?!\w)"
)
_LEAD_TIME_RE = re.compile(
    r"^\s*(?:\(\w+\)\s*-?\s*)?(?:(?:sáng|chiều|tối|trưa)\s*(?:nay|qua)?\s*(?:ngày\s*)?|ngày\s*|"
    r"hôm nay\s*|vừa qua\s*|mới đây\s*|trong (?:hai|ba|2|3) ngày\s*)?"
    r"(?:[\d/\-–. ]+(?:tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)?"
    r"|\d{1,2}\s+và\s+\d{1,2}\s*[-/]\s*\d{1,2})?"
    r"\s*,?\s*",
    re.I,
)
_TRAIL_AUX_RE = re.compile(
    r"(?:(?:^|\s+)(?:đã|dã|vừa|chính thức|long trọng|cũng|sẽ|mới|đồng thời|tiếp tục|chuẩn bị|đang|"
    r"dự kiến|sắp"
    # "các tỉnh A, B, C đã phối hợp tổ chức", "A và B hợp tác tổ chức": the partners are the
    # organisers, the verb no part of their names
    r"|phối hợp|hợp tác|liên kết|cùng nhau|chung tay))+\s*$",
    re.I,
)
# "X phối hợp với Y tổ chức": named partners; "X và Y", "X cùng Y" only between organisation
# names (checked where used, since "và" also sits inside names: "Bộ Giáo dục và Đào tạo").
_PARTNER_WORDS = r"phối hợp với|phối hợp cùng|phối hợp|cùng với"
_PARTNER_RE = re.compile(rf"\s+(?:{_PARTNER_WORDS})\s+", re.I)
_COORG_RE = re.compile(rf"\s+(?:{_PARTNER_WORDS}|cùng|và)\s+", re.I)
_COMBINED_RE = re.compile(
    r"trực tiếp\s*(?:kết hợp(?:\s+với)?|và|,|/|-|–|cùng)\s*(?:kết hợp\s+)?(?:hình thức\s+)?"
    r"trực tuyến"
    r"|trực tuyến\s*(?:kết hợp(?:\s+với)?|và)\s*(?:hình thức\s+)?trực tiếp"
    r"|kết hợp (?:giữa )?trực tiếp (?:và|với) trực tuyến",
    re.I,
)
_ONLINE_RE = re.compile(
    r"(?:hình thức|phương thức|hội nghị|kết nối|tổ chức)\s+trực tuyến"
    r"|trực tuyến\s+(?:đến|tới|với|từ)"
    r"|(?:hội nghị|Hội nghị)[^.;\n]{0,120}?trực tuyến",
    re.I,
)
_OFFLINE_RE = re.compile(
    r"(?:hình thức|phương thức|hội nghị|tổ chức)\s+trực tiếp(?!\s+(?:trao|với))", re.I
)
# "(đồng) chủ trì" not followed by ", phối hợp": a character class first (fast skip), the
# optional "đồng" checked backwards.
_CHAIR_CORE_RE = re.compile(
    r"[Cc](?:hủ|HỦ) (?:trì|TRÌ)(?!,\s*phối hợp)"
    # "dự và điều hành Hội nghị", "Đoàn Chủ tịch điều hành": chairing by another verb
    r"|đ(?<=\sđ)iều\s+hành(?=\s+(?:(?:các\s+)?phiên\s+|cuộc\s+)?(?i:hội nghị|họp))"
)
_DONG_BEFORE_RE = re.compile(r"(?i:đồng)\s+$")


def _chair_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of "(đồng) chủ trì" in text[start:end], found without a case-folding scan."""
    out: list[tuple[int, int]] = []
    for m in _CHAIR_CORE_RE.finditer(text, start, end):
        s = m.start()
        d = _DONG_BEFORE_RE.search(text, max(start, s - 12), s)
        if d is not None:
            s = d.start()
        if out and s < out[-1][1]:
            continue
        out.append((s, m.end()))
    return out


_CHAIR_AFTER_RE = re.compile(r"(?:dưới\s+)?sự\s+(?:đồng\s+)?chủ trì\s+của\s*$|^\s*$", re.I)
# Chair named after the verb: "Chủ trì Hội nghị có …", "dưới sự chủ trì của …", "Dự và chủ trì
# tại điểm cầu tỉnh có đồng chí …".
_CHAIR_FIRST_RE = re.compile(r"(?i)^\s*(?:(?:tham\s+)?dự\s+và\s+)?$|\bsự\s+$")
_CHAIR_FORWARD_RE = re.compile(
    r"\s*(?:(?:hội nghị|cuộc họp|phiên họp)\s+)?"
    r"(?:(?:tại|ở)\s+(?:các\s+)?điểm cầu[^,.;]{0,60}?\s+)?(?:là|có|gồm|của)\b",
    re.I,
)
_ALL_COMRADES_RE = re.compile(r"(?i)(?:các|\d{1,2})\s+đồng chí")
# "Hội nghị do Thường trực Đảng ủy xã chủ trì, gồm các đồng chí: A, …; B, …"
_CHAIR_LIST_AFTER_RE = re.compile(r"\s*,\s*gồm(?:\s+có)?\b", re.I)
_CHAIR_JOIN_RE = re.compile(r"(?:;|\svà)\s*(?:(?:đồng chí|đ/c|ông|bà)\s+)?$", re.I)
# "có PGS. TS. A, Bộ trưởng Bộ Y tế, PGS. TS B – Thứ trưởng": after a title phrase, a comma.
_TITLED_LIST_GAP_RE = re.compile(
    r"\s*\)?\s*[,;]\s*(?:(?:đồng chí|đ/c|ông|bà|Ông|Bà|Đồng chí)\s+)?(?:(?:PGS|GS|TS|ThS)\.?\s*)*"
)
_NOT_CHAIR_GAP_RE = re.compile(r"(?i)\b(?:dự|tham dự|cùng|có sự|có mặt)\b")
_ATTEND_INTRO_RE = re.compile(
    r"(?:tham dự|(?<!và )\bdự\b|có sự tham dự|có mặt)[^;]{0,80}?(?:của|có)?\s*(?:các\s+)?"
    r"(?:đồng chí|ông|bà)?\s*:?",
    re.I,
)
SPEAKER_VERB_RE = re.compile(
    r"\s*(?:,\s*)?(?:(?:đã|cũng|tiếp tục|sẽ|đều|trực tiếp)\s+)*"
    # attended and spoke: "Tổng Bí thư Tô Lâm dự và phát biểu chỉ đạo tại hội nghị"
    r"(?:(?:về\s+)?(?:tham\s+)?dự\s+và\s+(?:trực tiếp\s+)?)?"
    # a chair who also speaks: "chủ trì và kết luận hội nghị", "chủ trì hội nghị và trình bày"
    r"(?:(?:đồng\s+)?chủ trì\s+(?:(?:hội nghị|Hội nghị)\s+)?(?:và|,)\s+(?:(?:đã|cũng)\s+)?)?"
    r"(?:báo cáo(?! viên)|trình bày|phát biểu|quán triệt|thông tin|truyền đạt|giới thiệu|kết luận|"
    r"nhấn mạnh|đề nghị|yêu cầu|chỉ rõ|khẳng định|cho biết|chia sẻ|định hướng|chỉ đạo|thông báo|"
    r"ghi nhận|biểu dương|đánh giá|trao đổi|"
    r"phân tích|làm rõ|giải đáp|lưu ý|gợi mở|nêu rõ|đánh giá cao|khai mạc|bế mạc|phổ biến|"
    r"quán triệt|triển khai các|triển khai nội dung|tham luận|báo cáo tham luận)(?!\w)"
)
_SPEAK_LEAD_RE = re.compile(
    r"(?:^|[.\n]\s*)(?:Phát biểu|Kết luận|Định hướng|Thay mặt|Trình bày|Báo cáo|Quán triệt|"
    r"Thông tin|Chia sẻ|Giới thiệu|Tại hội nghị, (?:sau khi|thay mặt))[^.;\n]{0,160}?,\s*"
    r"(?:(?:đồng chí|đ/c|ông|bà)\s+)?$"
)
_NGHE_RE = re.compile(rf"\bnghe\s+(?:(?:các\s+)?{HONORIFICS}[\s.,]*)*$", re.I)
_NGHE_LIST_RE = re.compile(r"\bnghe\b[^.;\n]{0,120}?(?:gồm|sau)\s*:\s*$", re.I)
# "Là yêu cầu của Tổng Bí thư Tô Lâm tại Hội nghị …": words said at the conference.
_SAID_BY_RE = re.compile(
    r"(?<!bài )(?:yêu cầu|ý kiến|chỉ đạo|kết luận)\s+(?:chỉ đạo\s+)?của\s+"
    r"(?:(?:đồng chí|đ/c|ông|bà)\s+)?$",
    re.I,
)
_AT_CONF_RE = re.compile(r"\s*,?\s*tại\s+(?:hội nghị|Hội nghị)\b")
_SPEAK_FORWARD_RE = re.compile(
    r"\s*(?:(?:tham\s+)?dự\s+và\s+)?(?:báo cáo|trình bày|phát biểu|tuyên truyền|thông tin|"
    r"quán triệt|truyền đạt)\s+(?:tại\s+)?(?:hội nghị\s+)?có\b[^.;]*$",
    re.I,
)
_HEARD_SPEECH_RE = re.compile(
    r"(?:phát biểu|bài phát biểu|ý kiến|báo cáo|kết luận|tham luận)(?:\s+chỉ đạo)?\s+của\s+"
    r"(?:(?:đồng chí|đ/c|ông|bà)\s+)?$",
    re.I,
)
_GENITIVE_RE = re.compile(r"\bcủa\s+(?:(?:đồng chí|ông|bà)\s+)?[^,;.]{0,60}$", re.I)
_TOPIC_RE = re.compile(r"[“\"]([^”\"\n]{6,240})[”\"]")
_LOCATION_RE = re.compile(
    r"\btại\s+(?P<loc>(?:thành phố|tỉnh|huyện|xã|TP\.?|Hội trường|hội trường|trụ sở|Trụ sở|"
    r"Trung tâm|Nhà|nhà|[A-ZĐÂ])[^,.;\n]{1,70}?)(?=\s*,|\s+(?:Ban|Bộ|Sở|Đảng|Tỉnh|UBND|tổ chức)|$)"
)
_KINDS: tuple[tuple[str, str], ...] = (
    (r"báo cáo viên", "báo cáo viên"),
    (r"thông tin chuyên đề", "thông tin chuyên đề"),
    (r"tập huấn", "tập huấn"),
    (r"giao ban", "giao ban"),
    (r"sơ kết", "sơ kết"),
    (r"tổng kết", "tổng kết"),
    (r"quán triệt|học tập", "quán triệt"),
    (r"Ban Chấp hành|BCH", "Ban Chấp hành"),
    (r"Ban Thường vụ", "Ban Thường vụ"),
    (r"phổ biến|pháp luật", "phổ biến pháp luật"),
    (r"triển khai", "triển khai"),
    (r"đối thoại", "đối thoại"),
    (r"lấy ý kiến|góp ý", "lấy ý kiến"),
)
_KIND_RES = tuple((re.compile(p, re.I), k) for p, k in _KINDS)


@dataclass(slots=True)
class Conference:
    name: str | None
    kind: str | None
    period: str | None
    held_on: date | None
    organizer: str | None
    chairs: list[Person] = field(default_factory=list)
    speakers: list[Person] = field(default_factory=list)
    format: str | None = None
    location: str | None = None
    topics: list[str] = field(default_factory=list)
    # Fields for entity resolution (issue 11); defaults keep older callers working.
    bridge_point: str | None = None  # the locality a report speaks from ("tỉnh Hải Phòng")
    # People chairing at a bridge point; they stay in ``chairs`` too (dev-set labelling rules).
    bridge_chairs: list[Person] = field(default_factory=list)
    status: str = "held"  # 'planned' for a preview ("sẽ tổ chức", "chuẩn bị tổ chức")
    directives: list[str] = field(default_factory=list)  # symbols disseminated (name or agenda)
    nationwide: bool = False  # "toàn quốc", "cả nước", "toàn quân"
    held_until: date | None = None  # last day of a multi-day event


@dataclass(slots=True)
class _Mention:
    start: int
    end: int  # end of name (or of "hội nghị" when unnamed)
    name: str | None
    organized: bool
    organizer: str | None
    sent: tuple[int, int]
    planned: bool = False  # announced in the future tense ("sẽ tổ chức hội nghị …")
    plenum: plenums.PlenumName | None = None  # a Central Committee plenum reported as an event
    chaired: bool = False  # organised only in that a dated sentence's subject chairs it


# "Hội nghị trực tuyến đến 63 tỉnh, thành phố": a name that only says where it is linked to.
_LINKED_TO_RE = re.compile(
    r"(?P<head>(?i:hội nghị)(?:\s+(?i:trực tuyến|trực tiếp|kết hợp|toàn quốc))*)\s+"
    r"(?i:(?:kết nối\s+)?(?:đến|tới|với))\s+(?i:(?:hơn|trên|gần)\s+)?\d[\d.]*\s+"
    r"(?i:tỉnh|điểm cầu)[^.;\n]*$"
)
# … followed by what it is held for: "để tổng kết …", "nhằm quán triệt …".
_PURPOSE_RE = re.compile(r"\s*,?\s*(?i:để|nhằm)\s+(?=\w)")
# The rest of a quoted title: up to its closing quote, on one line, within a title's length.
_QUOTE_CLOSE_RE = re.compile(r"[^“”\"\n]{3,200}[”\"]")
_TRAIL_CONJ_RE = re.compile(r"(?:\s+(?:và|hoặc|cùng|với))+\s*$")


# A full date inside a name: "… hiệp thương lần thứ nhất ngày 4.12.2025, …" is the conference's
# day; "… Nghị quyết số 18-NQ/TW, ngày 25-10-2017 …" a cited document's (a symbol, a document's
# number or its term comes right before it).
_NAME_DATE_RE = re.compile(
    r",?\s+ngày\s+\d{1,2}\s*[/.\-–]\s*\d{1,2}\s*[/.\-–]\s*(?:19|20)\d{2}(?!\d)"
)
_DOCUMENT_BEFORE_DATE_RE = re.compile(
    r"(?i:nghị quyết|chỉ thị|kết luận|quyết định|quy định|thông báo|kế hoạch|nghị định|công điện|"
    r"thông tư|luật|hướng dẫn|công văn|chương trình|khóa|khoá|số)\b[^,;]{0,30}$|/\S*,?$"
)


def _name_at(text: str, start: int) -> tuple[str | None, int]:
    hn_end = start + len("hội nghị")
    if _NAME_BAD_START_RE.match(text, hn_end + 1) or hn_end >= len(text) or text[hn_end] != " ":
        return None, hn_end
    end = _name_end(text, hn_end)
    dated = _NAME_DATE_RE.search(text, hn_end, end)
    if dated is not None and not _DOCUMENT_BEFORE_DATE_RE.search(text[start : dated.start()]):
        end = dated.start()  # the day is read after the name (_DAY_RIGHT_AFTER_RE)
    name = _TRAIL_CONJ_RE.sub("", text[start:end].rstrip(" ,-–"))
    if len(name) <= len("hội nghị") + 1:
        return None, hn_end
    linked = _LINKED_TO_RE.match(name)
    purpose = _PURPOSE_RE.match(text, start + len(name)) if linked else None
    if linked and purpose and not _NAME_BAD_START_RE.match(text, purpose.end()):
        # "Hội nghị trực tuyến đến 63 tỉnh, thành phố … để tổng kết 10 năm thực hiện Chỉ thị
        # số 21-CT/TW …": the points it reaches are no name; what it is held for is.
        rest_end = len(
            _TRAIL_CONJ_RE.sub("", text[: _name_end(text, purpose.end())].rstrip(" ,-–"))
        )
        if rest_end > purpose.end():
            return f"{linked.group('head')} {text[purpose.end() : rest_end]}", rest_end
    return name, start + len(name)


def _name_end(text: str, after: int) -> int:
    """Where a name running from before ``after`` ends (a stop word, punctuation, a bound)."""
    stop = _NAME_END_RE.search(text, after, min(len(text), after + 260))
    end = stop.start() if stop else min(len(text), after + 260)
    if stop is not None and stop.group() in '“"' and text[stop.start() - 1] == " ":
        # "Hội nghị trực tuyến toàn quốc “Triển khai công tác y tế năm 2022”": the quoted title
        # is the name's own (a topic introduced by "về “…”" is not: _NAME_END_RE stops before it)
        close = _QUOTE_CLOSE_RE.match(text, stop.end())
        if close is not None:
            end = close.end()
    return end


def _is_org(seg: str) -> bool:
    return bool(_ORG_HEAD_RE.match(seg)) and _NOT_ORG_RE.search(seg) is None


# A person ("Bộ trưởng Ngoại giao …") or a clause ("… cũng xin gửi lời chào … đang theo dõi
# phiên khai mạc Hội nghị") that opens with an organisation's head word.
_NOT_ORG_RE = re.compile(
    r"^(?:Bộ trưởng|Thứ trưởng|Thủ tướng|Phó Thủ tướng|Tổng Bí thư|Chủ tịch|Phó Chủ tịch|Bí thư|"
    r"Phó Bí thư|Giám đốc|Phó Giám đốc|Trưởng ban|Phó Trưởng ban|[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+\w"
    r"|\s(?:xin|gửi|cho biết|nhấn mạnh|phát biểu|đang theo dõi"
    # who approves or asks for a conference is not who holds it ("Thủ tướng … đã đồng ý tổ
    # chức", "UBND tỉnh yêu cầu … tổ chức")
    r"|đồng ý|cho phép|quyết định|yêu cầu|đề nghị)(?!\w)"
)


# Organisation names that carry a comma ("Hội đồng phối hợp phổ biến, giáo dục pháp luật",
# "Bộ Văn hóa, Thể thao và Du lịch"): the comma is masked before splitting into clauses.
_NAME_COMMA_RE = re.compile(
    r"(?i:phổ biến),(?=\s*(?i:giáo dục))"
    r"|(?:Văn hóa|Văn hoá|Khoa học|Lao động),(?=\s*(?:Thể thao|Công nghệ|Thương binh))"
    r"|(?i:tỉnh ủy|tỉnh uỷ),(?=\s*(?i:thành ủy|thành uỷ))"  # "Ban Tuyên giáo các tỉnh ủy, thành ủy"
)
_MASK = "\u0001"
_PAREN_COMMA_RE = re.compile(r"\([^(),]{0,20},[^()]{0,30}\)")


# "Ban chỉ đạo … năm 2020 hôm nay (17/7) tổ chức": the time phrase is not part of the organiser.
_TRAIL_TIME_RE = re.compile(
    r"\s+(?:hôm nay|sáng nay|chiều nay|tối nay|vừa qua|mới đây|vào ngày|ngày"
    # "Quân ủy Trung ương, Bộ Quốc phòng sáng 17/12 tổ chức …"
    r"|(?:sáng|chiều|tối|trưa)(?:\s+ngày)?(?=\s+\d))"
    r"(?:\s*\([^)]{1,20}\)|\s+[\d/\-–.]+)?\s*$",
    re.I,
)
_COORG_GENERIC_RE = re.compile(rf"\s+(?:{_PARTNER_WORDS}|cùng)\s+(?:các|những)\s", re.I)


def _organizer_before(text: str, sent_start: int, verb_start: int) -> str | None:
    return _organizer_of_prefix(text[sent_start:verb_start])


# "Ủy ban Thường vụ Quốc hội đã chỉ đạo Ban Công tác đại biểu tổ chức": who is directed
# holds it, as who is advised does
_ADVISES_RE = re.compile(r"\s(?:tham mưu|giúp|đã\s+chỉ đạo)(?:\s+cho)?\s+")
_TRAIL_CHAIR_RE = re.compile(r"\s+(?:(?i:đồng)\s+)?(?i:chủ trì)\s*,?\s*$")


def _organizer_of_prefix(prefix: str) -> str | None:
    """The organiser named in the clause before "tổ chức" (co-organisers joined by "; ")."""
    # "Đảng ủy Công an Trung ương … tham mưu Ban Bí thư Trung ương Đảng tổ chức": who is
    # advised holds it
    advised = _ADVISES_RE.split(prefix)
    if len(advised) > 1 and _is_org(advised[-1].strip()):
        prefix = advised[-1]
    prefix = _TRAIL_AUX_RE.sub("", prefix).rstrip(" ,")
    # "Ban Tổ chức Trung ương Đảng đã chủ trì, tổ chức Hội nghị": the organiser chairs it too
    prefix = _TRAIL_AUX_RE.sub("", _TRAIL_CHAIR_RE.sub("", prefix)).rstrip(" ,")
    prefix = _TRAIL_TIME_RE.sub("", prefix)
    masked = "," in prefix and (
        _NAME_COMMA_RE.search(prefix) is not None or _PAREN_COMMA_RE.search(prefix) is not None
    )
    if masked:
        prefix = _NAME_COMMA_RE.sub(lambda m: m.group(0)[:-1] + _MASK, prefix)
        # "Bộ Văn hóa, Thể thao và Du lịch (VH,TT&DL)": an abbreviation's comma
        prefix = _PAREN_COMMA_RE.sub(lambda m: m.group(0).replace(",", _MASK), prefix)
    org = _organizer_segments(prefix)
    if org is None:
        # "Sở Tư pháp phối hợp các sở, ban, ngành thành phố tổ chức": unnamed co-organisers
        # (whose list holds commas) follow the organiser.
        generic = list(_COORG_GENERIC_RE.finditer(prefix))
        if generic:
            org = _organizer_segments(prefix[: generic[-1].start()])
    return org.replace(_MASK, ",") if org and masked else org


def _organizer_segments(prefix: str) -> str | None:
    segs = _join_continuations([s.strip() for s in prefix.split(",")])
    rest: list[str] = []
    if segs:
        # Co-organisers live in the last clause: "Sở Tư pháp phối hợp với Tỉnh đoàn tổ chức".
        parts = _COORG_RE.split(segs[-1])
        partners = _PARTNER_RE.split(segs[-1])
        if (
            len(parts) > 1
            and all(_is_org(p.strip()) for p in parts[1:])
            and _is_org(_LEAD_TIME_RE.sub("", parts[0]).strip())
        ):
            segs[-1], rest = parts[0], parts[1:]
        elif len(partners) > 1 and all(p.strip()[:1].isupper() for p in partners[1:]):
            # "… phối hợp với Quân cảng Sài Gòn": a named partner, whatever its head word.
            segs[-1], rest = partners[0], partners[1:]
    chosen: list[str] = []
    for k in range(len(segs) - 1, -1, -1):
        seg = _LEAD_TIME_RE.sub("", segs[k]).strip() if k == 0 or not chosen else segs[k]
        if k == len(segs) - 1:
            seg = _LEAD_TIME_RE.sub("", segs[k]).strip()
            seg = re.sub(r"^.*?\b(?=Ngày\s+\d)", "", seg)
            seg = _LEAD_TIME_RE.sub("", seg).strip()
        if seg and _is_org(seg):
            chosen.insert(0, seg)
        else:
            break
    if not chosen:
        last = _LEAD_TIME_RE.sub("", segs[-1]).strip() if segs else ""
        if (
            not (len(segs) > 1 and _list_item(segs[-2]))  # "A, B, C, D": the last of a list
            and last
            and last[0].isupper()
            and len(last.split()) <= 8
            and not _NOT_ORG_START_RE.match(last)
            and not _NOT_ORG_RE.search(last)
            and not last.endswith(":")  # "Kon Tum: Tổ chức Hội nghị …" (a headline's place)
        ):
            chosen = [last]
        else:
            return None
    # "Sở Tư pháp tỉnh Kiên Giang: Tổ chức Hội nghị …" (a headline): the colon is no part of it.
    if len(chosen) > 1:
        # "Ban Dân vận Trung ương phối hợp với Ủy ban Dân tộc, Tỉnh ủy tỉnh Lâm Đồng tổ chức":
        # the co-organisers listed after "phối hợp với" run over the comma (also when the last
        # of them was joined by "và": "…, Chi cục … và UBND huyện Phú Bình tổ chức").
        head, *partners = _PARTNER_RE.split(chosen[0])
        if partners and all(x.strip()[:1].isupper() for x in (*partners, *chosen[1:])):
            chosen, rest = [_TRAIL_AUX_RE.sub("", head)], [*partners, *chosen[1:], *rest]
    lead = _APPOSITION_RE.sub("", ", ".join(chosen).rstrip(" :"))
    orgs = [lead] + [_TRAIL_AUX_RE.sub("", r).strip(" ,") for r in rest]
    return "; ".join(o for o in orgs if o)


_CONTINUATION_WORDS = 8


def _join_continuations(segs: list[str]) -> list[str]:
    """Clauses that continue an organisation's name over its commas ("Ban Chỉ đạo Trung ương
    về phòng, chống tham nhũng, lãng phí, tiêu cực", "Đảng ủy Mặt trận Tổ quốc, các đoàn thể
    Trung ương"): when every clause after the last one that opens with an organisation's head
    word is short and opens in lower case, they are one name."""
    for k in range(len(segs) - 2, -1, -1):
        if _is_org(_LEAD_TIME_RE.sub("", segs[k]).strip()):
            if _COORG_GENERIC_RE.search(segs[k]):
                break  # "Sở Tư pháp phối hợp các sở, ban, ngành": unnamed partners follow
            tail = segs[k + 1 :]
            if all(t[:1].islower() and len(t.split()) <= _CONTINUATION_WORDS for t in tail):
                return [*segs[:k], ", ".join(segs[k:])]
            break
    return segs


def _list_item(segment: str) -> bool:
    """A clause that is one short proper name, as in a list ("Thanh Hoá" of "các tỉnh Ninh
    Bình, Thanh Hoá, Nghệ An"), not a time ("Sáng 17/7") nor a venue ("tại Hà Nội")."""
    words = segment.split()
    return (
        0 < len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(ch.isdigit() for ch in segment)
        and not _NOT_ORG_START_RE.match(segment)
    )


# "Hội nghị tổng kết công tác năm 2021 … của Bộ Giao thông vận tải": a body's own conference,
# unless a document is cited before ("… Nghị quyết 39-NQ/TW của Bộ Chính trị": its issuer).
_GENITIVE_ORG_RE = re.compile(r"\scủa\s+(?P<org>[^,;:()]+(?:\s*\([^()]{1,30}\))?)\s*$")
_CITED_IN_NAME_RE = re.compile(
    r"(?i:nghị quyết|chỉ thị|kết luận|quyết định|nghị định|thông tư|quy định|hiến pháp|"
    r"thông báo|điều lệ|văn bản)(?!\w)"
    r"|\b(?:Luật|Đề án|Chương trình|Kế hoạch|Chiến lược|Bộ luật)(?!\w)"
    r"|(?i:đề án|chương trình|kế hoạch)\s+(?:số\s+)?\d"
)


def _genitive_organizer(name: str | None) -> str | None:
    """The body a conference's name says it belongs to ("… năm 2016 của Bộ Tài nguyên và Môi
    trường"); None when the name cites a document or names no body there."""
    if not name:
        return None
    m = _GENITIVE_ORG_RE.search(name)
    if m is None or _CITED_IN_NAME_RE.search(name, 0, m.start()):
        return None
    # "… của Chính phủ và chính quyền địa phương", "… của Đảng bộ Chính phủ - Đảng bộ lần đầu
    # tiên …", "… của Tổng cục Du lịch tổ chức": the body ends before a partner phrase, an
    # apposition or a verb
    org = _GENITIVE_TAIL_RE.sub("", m.group("org")).strip()
    if _TRAILING_FUNCTION_WORD_RE.search(org) or len(org.split()) > 25:
        return None  # "… của Trung ương và của Tỉnh về …": a phrase, not a body
    return org if _is_org(org) else None


_GENITIVE_TAIL_RE = re.compile(
    r"(?:\s+[-–]\s.*|\s+(?:với|cùng)\s.*|\s+và\s+(?=[a-zđà-ỹ]).*"
    r"|\s+(?:được\s+)?(?:tổ chức|diễn ra|khai mạc)(?!\w).*)$"
)
_TRAILING_FUNCTION_WORD_RE = re.compile(r"\s(?:về|và|của|cho|với|tại|trong|năm)$")


# "Sở Tư pháp tỉnh Lào Cai - Cơ quan Thường trực của Hội đồng …": the organiser's role, said
# after a dash, is no part of its name.
_APPOSITION_RE = re.compile(r"\s+[-–]\s+(?i:cơ quan thường trực|cơ quan chủ trì)\b.*$")


# The lead of a report whose conference the text calls "hội nghị" only later ("Ngày 29 tháng 01
# năm 2021 BCH Đảng bộ xã X đã tổ chức họp …", "Chiều 20/12, Hội đồng … tổng kết công tác …").
_LEAD_VERB_RE = re.compile(r"\s(?:tổ chức|tổng kết|sơ kết|họp)(?!\w)")
_LEAD_SCAN_CHARS = 2000
_NOT_LEAD_ORG_RE = re.compile(r"(?i:hội nghị|chủ trì|phát biểu|(?<!\w)dự(?!\w))")


def _lead_organizer(text: str) -> str | None:
    """The organiser of the first dated lead sentence that organises something: its subject
    before "tổ chức" (or "tổng kết", "họp"), when that subject is an organisation."""
    pos, end = 0, min(len(text), _LEAD_SCAN_CHARS)
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1  # sentence_bounds wants a position inside the sentence, not its boundary
        ss, se = sentence_bounds(text, pos, pos + 1)
        pos = max(se, pos + 1)
        head = text[ss : min(se, ss + 70)]
        dates = [*FULL_DATE_RE.finditer(head), *DAY_MONTH_RE.finditer(head)]
        if not dates:
            continue
        verb = _LEAD_VERB_RE.search(text, ss, se)
        if verb is None:
            continue
        # Everything up to the last date of the opening ("Chiều ngày 21 và sáng ngày 22 tháng 12
        # năm 2022 Đảng ủy xã …") is when, not who.
        cut = ss + max(d.end() for d in dates)
        if cut >= verb.start():
            return None
        org = _organizer_of_prefix(text[cut : verb.start()].lstrip(" ,"))
        if (
            org is None
            or not _is_org(org)
            or len(org.split()) > 40
            or HEAD_RE.match(org)  # "Bộ trưởng Bộ Tư pháp X đã chủ trì …": a person
            or _NOT_LEAD_ORG_RE.search(org)
        ):
            return None
        return org
    return None


_PLURAL_ORGANISED_RE = re.compile(
    r"(?i:tổ chức)\s+(?:thành công\s+)?(?:các|hai|ba|bốn|\d{1,2})\s+(?:cuộc\s+)?$"
)
_LIST_ITEM_HN_RE = re.compile(r"^(?:các\s+)?(?i:hội nghị)\s+")


def _listed_conferences(text: str, s: int, hn_end: int) -> list[_Mention]:
    """ "Ban Bí thư tổ chức các hội nghị trực tuyến toàn quốc: Sơ kết …; Nghiên cứu …": one
    conference per item of the list after the colon, all with the sentence's organiser."""
    if not _PLURAL_ORGANISED_RE.search(text, max(0, s - 30), s):
        return []
    sent = sentence_bounds(text, s, hn_end)
    colon = text.find(":", hn_end, min(sent[1], hn_end + 120))
    if colon == -1 or "." in text[hn_end:colon]:
        return []
    verb = _ORGANISED_BEFORE_RE.search(text, max(sent[0], s - 40), s)
    organizer = _organizer_before(text, sent[0], verb.start()) if verb else None
    out: list[_Mention] = []
    pos = colon + 1
    for raw in re.split(r";|\s+và\s+(?=(?i:hội nghị)\s)", text[pos : sent[1]]):
        item = raw.strip(" .,\n")
        at = text.find(item, pos, sent[1]) if item else -1
        if at != -1:
            pos = at + len(item)
        item = _LIST_ITEM_HN_RE.sub("", item)
        if len(item.split()) < 2 or at == -1:
            continue
        name = f"Hội nghị {item[0].lower()}{item[1:]}"[:260]
        out.append(_Mention(at, pos, name, True, organizer, sent))
    return out if len(out) >= 2 else []


_COMMITTEE_RE = re.compile(r"(?:Ban|BAN)\s+(?:Tổ|TỔ)\s+(?:chức|CHỨC)\s+$")
# After a named conference: it was held ("đã được tổ chức", "sẽ được tổ chức", "vừa diễn ra").
_HELD_AFTER_RE = re.compile(
    r"\s*,?\s*(?:(?:đã|sẽ|vừa|mới|cũng)\s+)+(?:được\s+tổ chức|diễn ra|khai mạc)(?!\w)"
    # "… đã được tổ chức 3 lần vào các năm 2009, 2012, 2016": the series' history, no event
    r"(?!\s+(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|nhiều)\s+lần(?!\s+thứ))"
    # "Hội nghị X diễn ra sáng 14/12/2021": no auxiliary, but a day
    # ("Hội nghị X tổ chức sáng ngày 22/12/2023" too)
    r"|\s*,?\s*(?:(?:được\s+)?tổ chức|diễn ra|khai mạc)\s+(?:vào\s+)?"
    r"(?:(?:sáng|chiều|tối|trưa|ngày|hôm)(?!\w)|\d{1,2}\s*[/\-–.]\s*\d)",
    re.I,
)
# "Đây là hội nghị toàn quốc đầu tiên …": the sentence describes the conference just reported.
_DESCRIBES_BEFORE_RE = re.compile(
    r"(?:^|[.!?]\s+|\n)(?i:đây)\s+(?:cũng\s+)?(?:là|được coi là|được xem là)\s+(?:\S+\s+){0,2}$"
)
# "…, chủ trì hội nghị": the conference a sentence's subject chairs.
_DATED_CHAIR_RE = re.compile(r"(?<!đồng )(?<!Đồng )chủ trì\s+(?:cuộc\s+)?$")
# A sentence that opens with its date: "Sáng 16/11, …", "Ngày 7-7, …", "Chiều 20/12/2023, …".
_DATE_HEAD_RE = re.compile(
    r"\s*(?:\(\w+\)\s*-?\s*)?(?:(?:sáng|chiều|tối|trưa)\s+(?:ngày\s+)?|ngày\s+)?"
    r"\d{1,2}\s*[/\-–.]\s*\d{1,2}(?:\s*[/\-–.]\s*\d{4})?\s*,",
    re.I,
)


def _find_mentions(text: str) -> list[_Mention]:
    out: list[_Mention] = []
    covered_until = -1
    for m in HN_RE.finditer(text):
        s = m.start()
        if s < covered_until:
            continue
        listed = _listed_conferences(text, s, m.end())
        if listed:
            out.extend(listed)
            covered_until = listed[-1].end
            continue
        if _HN_EXCLUDE_BEFORE_RE.search(text, max(0, s - 20), s):
            continue
        plenum = plenums.plenum_at(text, s)
        if plenum is not None:
            # A plenum the text says opens, sits or closes is reported; one only cited (the
            # source of a resolution, a talk topic) is not.
            reported, planned = plenums.reported_at(text, s, plenum.end)
            if reported:
                sent = sentence_bounds(text, s, plenum.end)
                out.append(_Mention(s, plenum.end, plenum.name, True, None, sent, planned, plenum))
                covered_until = plenum.end
            continue
        if _HN_EXCLUDE_AFTER_RE.match(text, m.end()):
            continue
        if _LEGAL_BASIS_LINE_RE.match(text, sentence_bounds(text, s, m.end())[0]):
            continue
        name, end = _name_at(text, s)
        before = text[max(0, s - 40) : s]
        if out and _DESCRIBES_BEFORE_RE.search(text, max(0, s - 60), s):
            continue  # "Đây là hội nghị toàn quốc đầu tiên do …": the one just reported
        # "Ban Tổ chức Hội nghị": the organising committee, not "<body> tổ chức hội nghị".
        organized = bool(_ORGANISED_BEFORE_RE.search(before)) and not _COMMITTEE_RE.search(before)
        if organized and _TOTAL_RE.search(before):
            continue  # "đã tham mưu tổ chức 655 hội nghị …": a yearly total, no event
        if organized and _ACTIVITY_LIST_RE.search(before):
            continue  # "các hình thức như: tổ chức hội nghị …": a kind of activity, no event
        about_organising = _PLANNED_RE.search(before)
        planned = (
            bool(facts.PLANNED_VERB_RE.search(text, max(0, s - 100), s))
            or bool(facts.PLANNED_AFTER_RE.match(text, end))
            or (about_organising is not None and about_organising.group("plan") is not None)
        )
        if organized and about_organising and not (planned and _PREVIEW_SUBJECT_RE.search(before)):
            organized = False  # "Công văn … về việc thông báo kế hoạch tổ chức Hội nghị …"
        if (
            name is None
            and not organized
            and not _CUE_BEFORE_RE.search(before)
            and not _CUE_AFTER_RE.match(text, m.end())
            and _passive_organizer(text, m.end()) is None  # "Hội nghị do X chủ trì, tổ chức"
        ):
            continue
        sent = sentence_bounds(text, s, m.end())
        organizer = None
        if organized:
            verb = _ORGANISED_BEFORE_RE.search(text, max(sent[0], s - 40), s)
            organizer = _organizer_before(text, sent[0], verb.start()) if verb else None
        chaired = False
        passive = _passive_organizer(text, end)
        if passive is not None:
            organized, organizer = True, passive
        elif name is not None and not organized and _HELD_AFTER_RE.match(text, end):
            organized = True  # "Hội nghị X đã được tổ chức tại …", "Hội nghị X vừa diễn ra"
        elif name is not None and not organized and _DATED_CHAIR_RE.search(before):
            # "Sáng 16/11, ông A, Phó Trưởng Ban …, chủ trì hội nghị X": a dated sentence
            # whose subject chairs the conference reports it as surely as "<body> tổ chức".
            ss = sentence_bounds(text, s, m.end())[0]
            organized = chaired = _DATE_HEAD_RE.match(text, ss, min(ss + 40, s)) is not None
        if (
            organized
            and organizer is None
            and _ENUM_STEP_RE.match(text, text.rfind("\n", 0, s) + 1)
        ):
            continue  # "(4) Tổ chức hội nghị thông qua …": a step of a procedure, no event
        out.append(_Mention(s, end, name, organized, organizer, sent, planned, chaired=chaired))
        covered_until = end
    if all(mn.chaired for mn in out if mn.organized and mn.plenum is None):
        # A chaired report needs an anchor only beside another organised conference (which
        # would otherwise take the page); alone, the page's own rules (title, lead) name it.
        for mn in out:
            mn.organized = mn.organized and not mn.chaired
    return out


# "Ban Tuyên giáo Tỉnh ủy (sẽ) chuẩn bị tổ chức": a body announcing its own event (not "kế
# hoạch tổ chức", "đề nghị tổ chức", a document about organising).
_PREVIEW_SUBJECT_RE = re.compile(
    r"(?<!kế hoạch )(?<!Kế hoạch )(?:sẽ|dự kiến|chuẩn bị|sắp)\s+(?:\S+\s+){0,1}tổ chức\s+$"
)


_ORDINAL_RE = re.compile(r"(?i:lần thứ)\s+(\w+)")
_NUMBER_WORDS = {
    "nhất": "1", "hai": "2", "ba": "3", "tư": "4", "bốn": "4", "năm": "5", "sáu": "6",
    "bảy": "7", "tám": "8", "chín": "9", "mười": "10",
}  # fmt: skip


def _session(name: str) -> str | None:
    """ "8" for "Hội nghị Tỉnh ủy lần thứ 8" and for "Hội nghị lần thứ tám, khoá XI"."""
    m = _ORDINAL_RE.search(name)
    if m is None:
        return None
    word = m.group(1).casefold()
    return _NUMBER_WORDS.get(word, word)


@lru_cache(maxsize=4096)
def _name_key(name: str) -> tuple[str | None, str]:
    """Session and case-folded name, once per name: every mention is compared with every
    anchor, so recomputing them per comparison dominated long pages."""
    return _session(name), name.casefold()


def _similar(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    (sa, x), (sb, y) = _name_key(a), _name_key(b)
    if sa is not None and sb is not None:
        return sa == sb  # numbered sessions: the same session whatever else the names say
    ya, yb = _NAME_YEAR_RE.search(x), _NAME_YEAR_RE.search(y)
    if (sa is not None and yb is not None and ya is None) or (
        sb is not None and ya is not None and yb is None
    ):
        # "… lần thứ nhất" and "… năm 2021": two editions of a series (the 1946 and 2021
        # Hội nghị Văn hóa toàn quốc), each named its own way
        return False
    if ya is not None and yb is not None and ya.group(1) != yb.group(1):
        return False
    if x.startswith(y[: max(12, len(y) - 8)]) or y.startswith(x[: max(12, len(x) - 8)]):
        return True
    # "hội nghị trực tuyến toàn quốc triển khai X" retold as "Hội nghị triển khai X": the same
    # name once the words saying how and how widely it is held are left out
    x, y = _QUALIFIERS_RE.sub("", x), _QUALIFIERS_RE.sub("", y)
    if len(x) <= 20 or len(y) <= 20:
        return False
    if x.startswith(y) or y.startswith(x):
        return True
    # "Hội nghị Quân chính toàn quân năm 2025" (headline) retold as "hội nghị Quân chính toàn
    # quân, đánh giá … năm 2025 và triển khai …": the same name once punctuation and the year
    # (equal, checked above) are left out, if what remains names more than a kind of meeting
    bx, by = _bare_name(x), _bare_name(y)
    shorter = min(bx, by, key=len)
    if len(shorter.split()) >= 4 and (bx.startswith(by) or by.startswith(bx)):
        return True
    # one article's "Hội nghị tổng kết công tác năm 2020 và triển khai nhiệm vụ năm 2021" and
    # "Hội nghị toàn quốc tổng kết công tác tuyên giáo năm 2020, triển khai nhiệm vụ năm 2021":
    # a review of the same years whose words one name holds all of
    years_x, years_y = _NAME_YEARS_RE.findall(x), _NAME_YEARS_RE.findall(y)
    if not years_x or set(years_x) != set(years_y) or not _REVIEW_WORD_RE.search(x + " " + y):
        return False
    wx, wy = set(bx.split()) - {"và"}, set(by.split()) - {"và"}
    return len(min(wx, wy, key=len)) >= 6 and (wx <= wy or wy <= wx)


_NAME_YEARS_RE = re.compile(r"(?:19|20)\d{2}(?!\d)")
_REVIEW_WORD_RE = re.compile(r"\b(?:tổng kết|sơ kết)\b")


def _bare_name(folded: str) -> str:
    """A case-folded name without punctuation and years ("năm 2025"), spaces collapsed."""
    return " ".join(_PUNCT_RE.sub(" ", _NAME_YEAR_RE.sub(" ", folded)).split())


_PUNCT_RE = re.compile(r"[,;:.\-–—()“”\"']")


def _more_specific(longer: str | None, shorter: str | None) -> bool:
    """True when `longer` is `shorter` plus the session or the period that tells one meeting of
    a body from its others ("Hội nghị Ban Thường vụ T.Ư Đoàn" → "… lần thứ 18 (khóa IX)")."""
    if not longer or not shorter:
        return False
    x, y = longer.casefold(), shorter.casefold().rstrip()
    if not x.startswith(y) or len(x) <= len(y):
        return False
    rest = x[len(y) :]
    return _session(shorter) is None and (
        _ORDINAL_RE.search(rest) is not None
        or _NAME_YEAR_RE.search(rest) is not None
        or _REST_PERIOD_RE.match(rest) is not None
    )


# The period a body retelling adds to a headline's name: "… với địa phương" → "… tháng 9/2025".
_REST_PERIOD_RE = re.compile(
    r"\s*(?i:tháng\s+\d{1,2}\s*[/.\-]\s*(?:19|20)\d{2}|quý\s+(?:[IV]+|[1-4])\b"
    r"|\d{1,2}\s+tháng(?:\s+đầu)?\s+năm|(?:sáu|6)\s+tháng)"
)


def _generic(name: str | None) -> bool:
    """True for a name that is only "Hội nghị" and words of how it is held ("trực tuyến")."""
    return _QUALIFIERS_RE.sub("", (name or "hội nghị").casefold()).strip() == "hội nghị"


# Words of a name that say how or how widely a conference is held, not which one it is.
_QUALIFIERS_RE = re.compile(
    r"\s*\(?(?:trực tuyến|trực tiếp|kết hợp|toàn quốc|toàn ngành|toàn quân)\b\)?", re.I
)


# "Kế hoạch số 136/KH-UBND ngày 18/5/2023": the date of a cited document, not of the event.
_DOC_DATE_BEFORE_RE = re.compile(r"\d+[/-]\S*[A-ZĐ]\S*\s*,?\s*(?:ngày|ban hành ngày)?\s*$")


# "Chiều ngày 21 và sáng ngày 22 tháng 12 năm 2022", "Trong các ngày 11, 12 tháng 01 năm 2010":
# the days listed before the full date; the event starts on the first.
_DAY_LIST_BEFORE_RE = re.compile(
    r"(?<!\d)(?P<first>\d{1,2})(?:\s*(?:,|và|-|–)\s*(?:(?:sáng|chiều|tối|trưa)\s+)?(?:ngày\s+)?"
    # "từ ngày 26 đến ngày 30-9-2012": a span, the first day its start
    r"\d{1,2})*\s*(?:,|và|-|–|đến)\s*(?:(?:sáng|chiều|tối|trưa)\s+)?(?:ngày\s+)?$",
    re.I,
)


_LEAD_ORGANISED_RE = re.compile(r"(?i:tổ chức|khai mạc|diễn ra)(?!\w)")


def _lead_event_date(text: str) -> date | None:
    """ "Chiều ngày 21 và sáng ngày 22 tháng 12 năm 2022, Đảng ủy xã X tổ chức nghiên cứu, học
    tập …" — a lead sentence that opens with a full date and organises something dates the
    event the rest of the article calls "Hội nghị"."""
    end = _lead_paragraph_end(text)
    for line_start in (0, text.find("\n") + 1):
        if line_start >= end:
            continue
        ss, se = sentence_bounds(text, line_start, line_start + 1)
        verb = _LEAD_ORGANISED_RE.search(text, ss, se)
        if verb is None:
            continue
        fulls = [
            f
            for f in FULL_DATE_RE.finditer(text, ss, verb.start())
            if not f.group("y3") and f.start() - ss < 60
        ]
        if fulls:
            return _first_day(text, fulls)
    return None


def _first_day(text: str, fulls: list[re.Match[str]]) -> date | None:
    """The event's start among the full dates before the anchor verb: the last one, unless all
    fall in one month (days of one event, or its venues in turn), then the first; a day list
    written before it ("ngày 21 và 22 tháng 12 năm 2022") moves it to the first listed day."""
    dates = [parse_date(f.group(0)) for f in fulls]
    pick = len(fulls) - 1
    if len(fulls) > 1 and all(
        d is not None
        and dates[0] is not None
        and (d.year, d.month) == (dates[0].year, dates[0].month)
        for d in dates
    ):
        pick = 0
    chosen, f = dates[pick], fulls[pick]
    lead = _DAY_LIST_BEFORE_RE.search(text, max(0, f.start() - 40), f.start())
    if chosen is not None and lead is not None:
        first = int(lead.group("first"))
        if 1 <= first < chosen.day:
            return chosen.replace(day=first)
    return chosen


_DAY_RANGE_FULL_RE = re.compile(
    r"(?<![\d/.\-])(?P<d1>\d{1,2})\s*[-–]\s*\d{1,2}\s*/\s*(?P<m>\d{1,2})\s*/\s*"
    r"(?P<y>(?:19|20)\d{2})(?!\d)"
)


# "Hội nghị được tổ chức vào sáng ngày …": the scope's first such phrase dates an undated anchor.
_HELD_CUE_RE = re.compile(
    r"(?:hội nghị|Hội nghị)\s+(?:được tổ chức|diễn ra|khai mạc|tổ chức)\s+(?:vào\s+)?"
    r"(?:(?:sáng|chiều|tối)\s+)?(?:ngày\s+)?",
)


def _scope_cues(text: str) -> Callable[[tuple[int, int]], re.Match[str] | None]:
    """The first _HELD_CUE_RE match of a scope, searched once per scope: every mention of an
    anchor shares its scope, and searching it again per mention made dating quadratic."""
    seen: dict[tuple[int, int], re.Match[str] | None] = {}

    def first(scope: tuple[int, int]) -> re.Match[str] | None:
        if scope not in seen:
            seen[scope] = _HELD_CUE_RE.search(text, scope[0], scope[1])
        return seen[scope]

    return first


# A preview's sentence that reports a statement: its date is the statement's.
_SAID_RE = re.compile(r"\s(?:cho biết|cho hay|thông tin|thông báo|công bố|chia sẻ|họp báo)(?!\w)")


def _held_on(
    text: str,
    mention: _Mention,
    scope: tuple[int, int],
    period: Period | None,
    ref: date | None,
    stamp_month: date | None,
    scope_cue: Callable[[tuple[int, int]], re.Match[str] | None],
) -> date | None:
    sent_s = mention.sent[0]
    # The date opening the anchor sentence ("Sáng 17-11, tại Hà Nội, … tổ chức hội nghị").
    prefix_end = mention.start
    if mention.planned and _SAID_RE.search(text, sent_s, prefix_end):
        return None  # "Chiều 14/12, Bộ trưởng … cho biết, … sẽ tổ chức Hội nghị": when it was said
    # Nearest date before the verb wins; ISO stamps ("date 2025-08-16") are page metadata.
    every_full = [f for f in FULL_DATE_RE.finditer(text, sent_s, prefix_end) if not f.group("y3")]
    fulls = [
        f
        for f in every_full
        if not _DOC_DATE_BEFORE_RE.search(text, max(0, f.start() - 40), f.start())
        and _fits_name(parse_date(f.group(0)), period, mention.name)
    ]
    dms = [
        d
        for d in DAY_MONTH_RE.finditer(text, sent_s, prefix_end)
        if day_month(d)
        and not any(f.start() <= d.start() < f.end() for f in every_full)
        and not re.match(r"\s*[/\-–]\s*\d", text[d.end() : d.end() + 3])
        and not _DOC_DATE_BEFORE_RE.search(text, max(0, d.start() - 40), d.start())
    ]
    dm = dms[-1] if dms else None
    if fulls and (dm is None or fulls[-1].start() > dm.start()):
        return _first_day(text, fulls)
    if not fulls and dm is None:
        # "từ 13-15/10/2016": a range of days in one full date; the event starts on the first.
        ranges = list(_DAY_RANGE_FULL_RE.finditer(text, sent_s, prefix_end))
        if ranges:
            r = ranges[-1]
            return make_date(int(r.group("y")), int(r.group("m")), int(r.group("d1")))
    if dm is None:
        m = scope_cue(scope)
        if m:
            full = FULL_DATE_RE.match(text, m.end())
            if full:
                return parse_date(full.group(0))
            dm = DAY_MONTH_RE.match(text, m.end())
    if dm is None:
        return _relative_day(text, mention, ref)
    dmv = day_month(dm)
    if dmv is None:
        return None
    day, month = dmv
    if period is not None:
        d = date_in_period(day, month, period)
        if d is not None:
            return d
    if ref is not None:
        return resolve_day_month(day, month, ref)
    if stamp_month is not None and stamp_month.month == month:
        return date(stamp_month.year, month, day) if day <= 31 else None
    return None


# "Sáng nay, … khai mạc Hội nghị X", "Sáng qua, hội nghị X đã khai mạc": the publication day, or
# the day before it.
_RELATIVE_DAY_RE = re.compile(r"(?<!\w)(?i:sáng|chiều|tối|trưa|hôm|đêm)\s+(?P<rel>nay|qua)(?!\w)")
_RELATIVE_AFTER_RE = re.compile(
    r"\s*,?\s*(?:(?:đã|vừa)\s+)?(?i:khai mạc|diễn ra|bế mạc|được tổ chức)\s+(?:vào\s+)?"
    r"(?i:sáng|chiều|tối|trưa|hôm)\s+(?P<rel>nay|qua)(?!\w)"
)


def _relative_day(text: str, mention: _Mention, ref: date | None) -> date | None:
    """The day "sáng nay"/"hôm qua" in the anchor sentence names, given the publication day."""
    if ref is None:
        return None
    # Before the mention ("Sáng nay, … khai mạc Hội nghị X") or right after its name ("… khai
    # mạc sáng nay"); not in a quoted speech ("“Hội nghị … ngày hôm nay là dịp …”" may be
    # published the next day).
    m = _RELATIVE_DAY_RE.search(text, mention.sent[0], mention.start)
    if m is None:
        m = _RELATIVE_DAY_RE.match(text, mention.end + 1) or _RELATIVE_AFTER_RE.match(
            text, mention.end
        )
    if m is None or "“" in text[mention.sent[0] : mention.start]:
        return None
    return ref if m.group("rel") == "nay" else ref - timedelta(days=1)


# A conference named for a period is held within about a year of it ("tổng kết năm 2023" in
# January 2024, "triển khai nhiệm vụ năm 2024" in December 2023).
_PERIOD_SLACK = timedelta(days=366)
# "năm 2021" in a name, not a horizon ("tầm nhìn đến năm 2050", "giai đoạn … đến năm 2030").
_OWN_YEAR_RE = re.compile(r"(?<!đến )(?<!tới )(?i:năm)\s+((?:19|20)\d{2})(?!\d)")


def _fits_name(d: date | None, period: Period | None, name: str | None) -> bool:
    """False for a date far from the period or year the name gives: "Sau 75 năm tổ chức Hội
    nghị … lần thứ nhất (24/11/1946), Hội nghị … năm 2021 vừa diễn ra" — 1946 is the other
    event's day."""
    if d is None:
        return True
    if period is not None:
        return period.start - _PERIOD_SLACK <= d <= period.end + _PERIOD_SLACK
    # Only earlier dates: a year in the name may be an older document's ("Chỉ thị … năm 2016"),
    # but a conference is not held a year before every year its name gives.
    years = [int(y.group(1)) for y in _OWN_YEAR_RE.finditer(name or "")]
    return not years or d.year >= min(years) - 1


# A preview's date after the verb: "… sẽ được tổ chức vào ngày 18/5/2025", "vào sáng 20/1".
# "… sẽ được tổ chức, ngày 24/11/2021": the day after a comma.
_ANNOUNCED_DATE_RE = re.compile(
    r"(?:(?i:vào)\s+|,\s*(?=(?i:sáng|chiều|tối|ngày)\s+\d))(?:(?i:sáng|chiều|tối)\s+)?"
    r"(?:(?i:ngày|hôm)\s+)?"
)


def _announced_date(
    text: str, mention: _Mention, period: Period | None, ref: date | None
) -> date | None:
    """The date a preview announces: after the conference's name ("… sẽ được tổ chức vào ngày
    18/5"), else the day-month opening its sentence ("Ngày 15/5, Ban … sẽ tổ chức …"). A
    year-less day lies on or after the publication date (a preview looks ahead)."""
    at = _ANNOUNCED_DATE_RE.search(text, mention.start, mention.sent[1])
    if at is not None:
        full = FULL_DATE_RE.match(text, at.end())
        if full is not None:
            return parse_date(full.group(0))
        dm = DAY_MONTH_RE.match(text, at.end())
    elif _SAID_RE.search(text, mention.sent[0], mention.start):
        return None  # "Sáng 20/9, UBND tỉnh tổ chức họp báo thông tin về Hội nghị X": said then
    else:
        dms = list(DAY_MONTH_RE.finditer(text, mention.sent[0], mention.start))
        dm = dms[-1] if dms else None
    dmv = day_month(dm) if dm else None
    if dmv is None:
        return None
    if period is not None:
        d = date_in_period(dmv[0], dmv[1], period)
        if d is not None:
            return d
    return _upcoming(dmv[0], dmv[1], ref) if ref is not None else None


# "… do Bộ Chính trị, Ban Bí thư tổ chức diễn ra vào sáng ngày 18/5", "… được tổ chức vào
# ngày 20/5/2025": the verb of holding, then the day.
# ("… diễn ra vào chiều tối 17/10", "… từ 11/12 đến 15/12", "… vào 8 giờ ngày 22/4")
_TIME_OF_DAY = r"(?i:chiều tối|sáng sớm|sáng|chiều|tối|trưa)"
_HELD_DATE_AFTER_RE = re.compile(
    r"(?<!\w)(?i:diễn ra|được tổ chức|(?<!dự kiến )(?<!sẽ )(?<!sắp )tổ chức|khai mạc)\s+"
    rf"(?=(?i:vào|từ|ngày|hôm)(?!\w)|{_TIME_OF_DAY}(?!\w))"
    rf"(?:(?i:vào|từ)\s+)?(?:{_TIME_OF_DAY}\s+)?(?:\d{{1,2}}\s*(?i:giờ|h)(?:\s*\d{{1,2}})?\s+)?"
    r"(?:(?i:ngày|hôm)\s+)?(?=\d)"
)
# A dotted day-month right after such words ("đã diễn ra sáng 29.7", "diễn ra ngày 12.1").
_DOTTED_DAY_MONTH_RE = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?!\s*\.\s*\d)(?!\d)")


# "… tại Hội nghị tổng kết công tác năm 2025 của Bộ Nội vụ chiều 29/12.": the day right after
# the name, with its time of day.
_DAY_RIGHT_AFTER_RE = re.compile(
    r"\s*,?\s*(?:(?i:vào)\s+)?(?:(?i:sáng|chiều|tối|trưa)\s+(?:(?i:ngày)\s+)?|(?i:ngày)\s+)(?=\d)"
)


def _held_after(
    text: str, mention: _Mention, period: Period | None, ref: date | None
) -> date | None:
    """The day the mention's own sentence gives after the name, for a held conference; a
    day-month is the latest such day not after the publication (a report looks back)."""
    m = _HELD_DATE_AFTER_RE.search(text, mention.end, mention.sent[1])
    if m is None and not _DOC_DATE_BEFORE_RE.search(text, max(0, mention.end - 40), mention.end):
        # not the date of a document the name ends with ("… Chỉ thị số 05-CT/TW ngày 15-5-2016")
        m = _DAY_RIGHT_AFTER_RE.match(text, mention.end)
    if m is None:
        return None
    full = FULL_DATE_RE.match(text, m.end())
    if full is not None:
        d = parse_date(full.group(0))
        return d if _fits_name(d, period, mention.name) else None
    dm_m = DAY_MONTH_RE.match(text, m.end())
    dm = day_month(dm_m) if dm_m else None
    if dm is None and (dot := _DOTTED_DAY_MONTH_RE.match(text, m.end())) is not None:
        day, month = int(dot.group("d")), int(dot.group("m"))
        dm = (day, month) if 1 <= day <= 31 and 1 <= month <= 12 else None
    if dm is None:
        return None
    if period is not None and (d := date_in_period(dm[0], dm[1], period)) is not None:
        return d
    return resolve_day_month(dm[0], dm[1], ref) if ref is not None else None


# "Hội nghị … dự kiến tổ chức ngày 7/2/2026", "Hội nghị sẽ được tổ chức vào sáng 20/5/2025".
_PREVIEW_DAY_RE = re.compile(
    r"(?i:dự kiến|sẽ)\s+(?:(?:được|chính thức)\s+)*(?i:tổ chức|diễn ra|khai mạc)\s+"
    r"(?:(?i:vào)\s+)?(?:(?i:sáng|chiều|tối)\s+)?(?:(?i:ngày)\s+)?(?=\d)"
)


def _preview_day(text: str, scope: tuple[int, int], period: Period | None) -> date | None:
    """The full date a sentence about the conference ("Hội nghị …" as its subject) announces
    it for; only full dates, so a preview's year is the text's."""
    for m in _PREVIEW_DAY_RE.finditer(text, scope[0], scope[1]):
        ss, _ = sentence_bounds(text, m.start(), m.end())
        if not re.match(r"\s*(?i:hội nghị)(?!\w)", text[ss : m.start()]):
            continue
        full = FULL_DATE_RE.match(text, m.end())
        d = parse_date(full.group(0)) if full else None
        if d is not None and _fits_name(d, period, None):
            return d
    return None


def _upcoming(day: int, month: int, ref: date, max_ahead_days: int = 120) -> date | None:
    """The first day/month on or after ``ref`` (two days' tolerance), if not too far ahead."""
    for year in (ref.year, ref.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if (d - ref).days >= -2:
            return d if (d - ref).days <= max_ahead_days else None
    return None


_FMT_CUE_RE = re.compile(r"[Tt](?:rực|RỰC) (?:tuyến|tiếp|TUYẾN|TIẾP)")


def _format(text: str, spans: list[tuple[int, int]]) -> str | None:
    combined = online = offline = False
    for s, e in spans:
        # Every format phrase contains "trực tuyến" / "trực tiếp" and is at most ~140 characters
        # long, so the (costly, case-insensitive) format regexes only run in windows around
        # those words instead of over the whole scope.
        for cue in _FMT_CUE_RE.finditer(text, s, e):
            ws, we = max(s, cue.start() - 150), min(e, cue.end() + 40)
            combined = combined or bool(_COMBINED_RE.search(text, ws, we))
            online = online or bool(_ONLINE_RE.search(text, ws, we))
            offline = offline or bool(_OFFLINE_RE.search(text, ws, we))
    if combined or (online and offline):
        return "trực tiếp kết hợp trực tuyến"
    if online:
        return "trực tuyến"
    if offline:
        return "trực tiếp"
    return None


def _chairs(
    text: str,
    scope: tuple[int, int],
    people: list[PersonMention],
    bridge: list[Person] | None = None,
    organizer: str | None = None,
) -> list[Person]:
    """Chairs of the conference in ``scope``; those chairing at a bridge point other than the
    main one ("Tại điểm cầu tỉnh X, đồng chí … chủ trì") are also appended to ``bridge``."""
    out: list[Person] = []
    local = facts.local_organizer(organizer)
    for c_start, c_end in _chair_spans(text, scope[0], scope[1]):
        ss, se = sentence_bounds(text, c_start, c_end)
        mark = len(out)
        _chairs_of_span(text, people, out, c_start, c_end, ss, se)
        if (
            bridge is not None
            and len(out) > mark
            and facts.local_bridge_in(text, ss, se, organizer)
        ):
            # A national leader or the organiser's own official chairs the main point of a
            # national conference; at a local body's conference the remote one.
            bridge.extend(
                p
                for p in out[mark:]
                if local or not facts.main_point_chair(p.position, p.organization, organizer)
            )
    return out


def _chairs_of_span(
    text: str,
    people: list[PersonMention],
    out: list[Person],
    c_start: int,
    c_end: int,
    ss: int,
    se: int,
) -> None:
    """The chairs one "chủ trì" names (appended to ``out``)."""
    before_txt = text[ss:c_start]
    in_sent = [p for p in people if ss <= p.start < se]
    after = text[c_end:se]
    if (
        _CHAIR_FIRST_RE.search(before_txt)
        or _CHAIR_FORWARD_RE.match(after)
        or _CHAIR_LIST_AFTER_RE.match(after)
    ):
        picked = [p for p in in_sent if p.start >= c_end]
        if not picked:
            return
        if _ALL_COMRADES_RE.search(after):
            out.extend(p.person for p in picked)
            return
        # "… có đồng chí A, <chức vụ> và đồng chí B, <chức vụ>": a joined list of chairs;
        # anything else after the first name ("cùng dự có …") is not chairing.
        out.append(picked[0].person)
        for prev, p in itertools.pairwise(picked):
            gap = text[prev.end : p.start]
            after_title = text[max(prev.end, prev.tail_end) : p.start]
            joined = _CHAIR_JOIN_RE.search(gap) or (
                prev.tail_end > prev.end and _TITLED_LIST_GAP_RE.fullmatch(after_title)
            )
            # Checked after the title: "Ủy viên dự khuyết …" is a title, not attending.
            if not joined or _NOT_CHAIR_GAP_RE.search(after_title):
                break
            out.append(p.person)
        return
    prev_chair = max((x[1] for x in _chair_spans(text, ss, c_start)), default=ss)
    before = [p for p in in_sent if prev_chair <= p.start < c_start]
    if not before:
        return
    mid_list = bool(re.match(r"[^;.]{0,40};", after))
    semi = text.rfind(";", ss, c_start)
    attend = _ATTEND_INTRO_RE.search(text, ss, before[0].start + 1)
    if mid_list or (attend and semi > attend.end()):
        before = [p for p in before if p.start > semi]
    elif attend and not re.search(r"(?i)dự và (?:đồng\s+)?chủ trì", text[ss:se]):
        before = before[-1:]
    out.extend(p.person for p in before)


# "… và đồng chí B": the next of several people sharing one verb.
_AND_NEXT_RE = re.compile(r"\s*,?\s*(?:và|cùng)\s+(?:(?:đồng chí|đ/c|ông|bà)\s+)?", re.I)


def _speakers(
    text: str, scope: tuple[int, int], people: list[PersonMention], by_title: _TitleSpeakers
) -> list[Person]:
    out: list[Person] = []
    heard: PersonMention | None = None  # the last speaker found through "nghe …"
    for p in people:
        if not (scope[0] <= p.start < scope[1]):
            continue
        ss, _ = sentence_bounds(text, p.start, p.end)
        # Text before the person (and before a title written ahead of the name: "Phó Chủ nhiệm
        # Ủy ban Pháp luật của Quốc hội Vũ Đình Trọng" is not a genitive "của").
        head = p.lead if p.lead >= ss else p.start
        before = text[max(ss, head - 160) : head]
        clause = before[max(before.rfind(","), before.rfind(";"), before.rfind(":")) + 1 :]
        if (
            heard is not None
            and heard.start >= ss
            and _AND_NEXT_RE.fullmatch(text, max(heard.end, heard.tail_end), head)
        ):
            out.append(p.person)  # "nghe đồng chí A, … và đồng chí B, … triển khai"
            heard = p
            continue
        if _NGHE_RE.search(clause):
            heard = p
        if _SAID_BY_RE.search(clause) and _AT_CONF_RE.match(text, p.tail_end):
            out.append(p.person)
            continue
        if _SPEAK_FORWARD_RE.match(text, ss, head):
            out.append(p.person)  # "Dự và báo cáo tại hội nghị có Phó trưởng Ban … X"
            continue
        if _HEARD_SPEECH_RE.search(clause) and "nghe" in text[ss:head]:
            out.append(p.person)  # "Sau khi nghe …; phát biểu chỉ đạo của Phó Thủ tướng X"
            continue
        if _GENITIVE_RE.search(clause):
            continue
        if SPEAKER_VERB_RE.match(text, p.tail_end) or _NGHE_RE.search(clause):
            out.append(p.person)
            continue
        if _SPEAK_LEAD_RE.search(text[max(0, ss - 1) : head]) and not any(
            ss <= q.start < p.start for q in people
        ):
            out.append(p.person)
            continue
        colon = text.rfind(":", ss, p.start)
        if colon != -1 and _NGHE_LIST_RE.search(text[ss : colon + 1]):
            out.append(p.person)
    out.extend(_joined_speakers(text, scope, people, out))
    out.extend(by_title.within(scope))
    return out


def _joined_speakers(
    text: str, scope: tuple[int, int], people: list[PersonMention], found: list[Person]
) -> list[Person]:
    """ "đồng chí A – Bí thư … và đồng chí B – Phó Hiệu trưởng … đã quán triệt": the verb after
    B has both as subjects."""
    speaking = {id(p) for p in found}
    out: list[Person] = []
    in_scope = [p for p in people if scope[0] <= p.start < scope[1]]
    for p, q in reversed(list(itertools.pairwise(in_scope))):
        if id(q.person) not in speaking or id(p.person) in speaking:
            continue
        gap = _AND_NEXT_RE.fullmatch(
            text, max(p.end, p.tail_end), q.lead if q.lead > p.end else q.start
        )
        if gap is not None and SPEAKER_VERB_RE.match(text, q.tail_end):
            out.append(p.person)
            speaking.add(id(p.person))
    return out


_TITLE_CUES = ("đồng chí ", "Đồng chí ", "đ/c ")


class _TitleSpeakers:
    """A speaker named by title alone ("Phát biểu tại hội nghị, đồng chí Phó Bí thư Thường trực
    Tỉnh ủy nêu rõ …") is the person introduced earlier with that title, if only one was.

    Built once per article: every cue + title followed by a speaking verb is located in one pass
    over the cues, so each conference's scope is a bisect, not a re-scan of the text per title.
    """

    def __init__(self, text: str, people: list[PersonMention]) -> None:
        holders: dict[str, set[str]] = {}
        by_name: dict[str, Person] = {}
        for p in people:
            for title in p.person.titles:
                if len(title.split()) >= 3:
                    holders.setdefault(title, set()).add(p.person.name)
                    by_name[p.person.name] = p.person
        self._titles = [
            (title, by_name[next(iter(names))])
            for title, names in holders.items()
            if len(names) == 1
        ]
        by_word: dict[str, list[int]] = {}
        for i, (title, _) in enumerate(self._titles):
            word = _WORD_RE.match(title)
            by_word.setdefault(word.group(0) if word else "", []).append(i)
        unworded = by_word.get("", [])
        # (title index, cue) -> starts of the cue, ascending, where the title and a verb follow.
        self._hits: dict[tuple[int, str], list[int]] = {}
        for cue in _TITLE_CUES:
            at = text.find(cue)
            while at != -1:
                p = at + len(cue)
                word = _WORD_RE.match(text, p)
                for i in (*by_word.get(word.group(0), ()), *unworded) if word else unworded:
                    title = self._titles[i][0]
                    if text.startswith(title, p) and SPEAKER_VERB_RE.match(text, p + len(title)):
                        self._hits.setdefault((i, cue), []).append(at)
                at = text.find(cue, at + 1)
        self._found = sorted({i for i, _ in self._hits})

    def within(self, scope: tuple[int, int]) -> list[Person]:
        out: list[Person] = []
        for i in self._found:
            title, person = self._titles[i]
            for cue in _TITLE_CUES:
                starts = self._hits.get((i, cue))
                if not starts:
                    continue
                k = bisect_left(starts, scope[0])
                if k < len(starts) and starts[k] + len(cue) + len(title) <= scope[1]:
                    out.append(person)
        return out


_WORD_RE = re.compile(r"\S+")


def _dedupe(people: list[Person]) -> list[Person]:
    seen: set[str] = set()
    out: list[Person] = []
    for p in people:
        k = " ".join(p.name.casefold().split())
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out


def _kind(name: str | None) -> str | None:
    if not name:
        return None
    for rx, k in _KIND_RES:
        if rx.search(name):
            return k
    return None


_NAME_MONTH_RE = re.compile(r"(?i:tháng)\s+(\d{1,2})(?![\d/\-–.])")
_NAME_YEAR_RE = re.compile(r"(?i:năm)\s+((?:19|20)\d{2})(?!\d)")


def _split_month_year(name: str) -> Period | None:
    """ "Hội nghị Báo cáo viên tháng 12 và tổng kết công tác truyền miệng năm 2023": the month
    and the (single) year of the name, written apart, still date the event."""
    m = _NAME_MONTH_RE.search(name)
    years = {y.group(1) for y in _NAME_YEAR_RE.finditer(name, m.end())} if m else set()
    if m is None or len(years) != 1:
        return None
    return parse_period(f"tháng {m.group(1)}/{years.pop()}")


def _blank_related_blocks(text: str) -> str:
    """Related-story link lists blanked out (same length, so offsets stay valid)."""
    if _RELATED_BLOCK_RE.search(text) is None:
        return text
    return _RELATED_BLOCK_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _lead_paragraph_end(text: str) -> int:
    """End of the first body line after the headline (skipping stamps and short captions)."""
    first = text.find("\n")
    if first == -1:
        return len(text)
    pos = first + 1
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        if end - pos > 60:
            return end
        pos = end + 1
    return len(text)


def find_conferences(text: str, published: date | None = None) -> list[Conference]:
    """Conferences in ``text``; ``published`` resolves "Ngày 22/11" to a full date."""
    norm, _ = normalize(text)
    if "ội nghị" not in norm and "ỘI NGHỊ" not in norm:
        return []  # cheap pre-check: no "hội nghị", no conference
    norm = _blank_related_blocks(norm)
    found = _plenums_retold(_find_mentions(norm), norm)
    plenum_ments = [mn for mn in found if mn.plenum is not None]
    ments = [mn for mn in found if mn.plenum is None]
    if plenum_ments:
        ments = _beside_plenums(ments)
    if not ments:
        return _plenum_conferences(norm, plenum_ments, published, alone=True)
    anchors: list[_Mention] = []
    retold: dict[int, list[_Mention]] = {}  # later organised mentions of the same conference
    for mn in ments:
        if mn.organized and not any(_similar(a.name, mn.name) for a in anchors):
            anchors.append(mn)
        elif mn.organized:
            for a in anchors:
                if _similar(a.name, mn.name):
                    a.name = a.name or mn.name
                    if _more_specific(mn.name, a.name):
                        a.name = mn.name  # headline "Hội nghị Ban Thường vụ", body "… lần thứ 18"
                    if a.organizer is None and mn.organizer is not None:
                        # Headline copies ("Kon Tum: Tổ chức Hội nghị X") name no organiser;
                        # the body sentence that does also carries the date: anchor there.
                        a.start, a.end, a.sent = mn.start, mn.end, mn.sent
                        a.organizer = mn.organizer
                    elif a.organizer and a.organizer.isupper() and mn.organizer:
                        a.organizer = mn.organizer  # "BAN TUYÊN GIÁO TW" in an all-caps headline
                    retold.setdefault(id(a), []).append(mn)
                    break
    # A headline "Tổ chức Hội nghị X …" on the first line is the event the body then reports
    # ("Sáng 27/5, Ban … tổ chức Hội nghị X' …"): not a second conference. So is a headline
    # "Đảng bộ xã Y tổ chức thành công Hội nghị X" whose event the lead paragraph reports.
    if (
        len(anchors) > 1
        and "\n" not in norm[: anchors[0].end].strip()
        and "\n" in norm[anchors[0].end : anchors[1].start]
        and (anchors[0].organizer is None or anchors[1].start < _lead_paragraph_end(norm))
        # "Sáng 16/11, ông A chủ trì hội nghị X.": a dated sentence is a report, no headline
        and _DATE_HEAD_RE.match(norm, anchors[0].sent[0], anchors[0].start) is None
    ):
        headline = anchors.pop(0)
        anchors[0].organizer = anchors[0].organizer or headline.organizer
    # The page title ("Hội nghị Ban Thường vụ Tỉnh ủy" on the first line) names an anchor that
    # the body calls just "hội nghị".
    title = next(
        (mn for mn in ments if mn.name and mn.start < 200 and "\n" in norm[mn.end : mn.end + 3]),
        None,
    )
    unorganised = not anchors
    if unorganised:
        named = [mn for mn in ments if mn.name]
        anchors = [named[0] if named else ments[0]]
        # headline "Thủ tướng chủ trì Hội nghị X", caption "… chủ trì Hội nghị X tháng 9/2025"
        # (in the lead only: later on, "Hội nghị đối thoại năm 2022 tổ chức ở Sơn La" recalls
        # another year's)
        lead_end = _lead_paragraph_end(norm)
        fuller = next(
            (
                mn
                for mn in named[1:]
                if mn.start < lead_end and _more_specific(mn.name, anchors[0].name)
            ),
            None,
        )
        if fuller is not None:
            anchors[0].name = fuller.name
    elif title is not None and _generic(anchors[0].name) and not _generic(title.name):
        # the body's "Bộ Y tế tổ chức Hội nghị trực tuyến toàn quốc nhằm …" names no conference
        # its title line does not name better
        anchors[0].name = title.name
    elif anchors[0].name is None:
        if title is not None:
            anchors[0].name = title.name
        else:
            later = next((mn for mn in ments if mn.name and not mn.organized), None)
            if later is not None and len(anchors) == 1:
                anchors[0].name = later.name
    people = mentions(norm)
    stamp = find_publication_stamp(norm)
    ref = published or (stamp.value if stamp and stamp.day_known else None)
    stamp_month = stamp.value if stamp and not stamp.day_known else None
    scope_cue = _scope_cues(norm)
    by_title = _TitleSpeakers(norm, people)
    symbols = symbol_spans(norm)
    confs: list[Conference] = []
    for k, a in enumerate(anchors):
        s = 0 if k == 0 else a.sent[0]
        # Conferences listed in one sentence share it and what follows it.
        later = [b.sent[0] for b in anchors[k + 1 :] if b.sent[0] > a.sent[0]]
        e = later[0] if later else len(norm)
        name = a.name
        if name is None:
            # An unnamed anchor can still inherit a name mentioned later ("tại Hội nghị X").
            later = next((mn for mn in ments if mn.name and s <= mn.start < e), None)
            name = later.name if later else None
        period = parse_period(name) if name else None
        if period is None and name:
            period = _split_month_year(name)
        fmt_spans = [(s, e)]
        if title is not None and k == 0:
            fmt_spans.append(title.sent)
        loc = _LOCATION_RE.search(norm, a.sent[0], a.start)
        topics: list[str] = []
        for ss in re.finditer(r"chuyên đề", norm[s:e]):
            sb = sentence_bounds(norm, s + ss.start(), s + ss.end())
            for t in _TOPIC_RE.finditer(norm, sb[0], sb[1]):
                if t.group(1) not in topics:
                    topics.append(t.group(1))
        # The anchor's sentence dates the event. Failing that, a retelling in the body does: of
        # an undated headline ("… tổ chức Hội nghị X" then "Sáng 9/3/2023, … tổ chức hội nghị
        # X"), or, with no "X tổ chức hội nghị" at all, any later mention ("Ngày 26-7-2023,
        # Giám đốc … chủ trì hội nghị …").
        retellings = (
            [
                *retold.get(id(a), []),
                # headline "Khai mạc Hội nghị X", body "Sáng ngày 22/8, … đến dự Hội nghị X"
                *(
                    mn
                    for mn in ments
                    if not mn.organized
                    and a.name
                    and mn.name
                    and s <= mn.start < e
                    and _similar(a.name, mn.name)
                ),
            ]
            if not unorganised
            else [mn for mn in ments if mn is not a and s <= mn.start < e]
        )
        held_on = next(
            (
                d
                for mn in (a, *retellings)
                if (d := _held_on(norm, mn, (s, e), period, ref, stamp_month, scope_cue))
                is not None
            ),
            None,
        )
        organizer = a.organizer
        if unorganised and k == 0 and organizer is None:
            organizer = _lead_organizer(norm)
        if organizer is None:
            organizer = _genitive_organizer(name)
        if held_on is None and unorganised and k == 0 and not a.planned:
            # (a preview's lead is dated by its announcement: "Sáng 20/9, UBND tỉnh tổ chức
            # họp báo thông tin về Hội nghị X")
            held_on = _lead_event_date(norm)
        if held_on is None and not a.planned:
            # "Hội nghị X … diễn ra vào sáng 16/9": the day said after the name
            held_on = next(
                (d for mn in (a, *retellings) if (d := _held_after(norm, mn, period, ref))),
                None,
            )
        if held_on is None and a.planned:
            held_on = _announced_date(norm, a, period, ref)
        announced = None
        if held_on is None:
            # "Hội nghị do Ban Bí thư chủ trì, dự kiến tổ chức ngày 7/2/2026.": a preview
            # dating the conference in a later sentence of its own.
            announced = _preview_day(norm, (s, e), period)
            held_on = announced
        bridge: list[Person] = []
        chairs = _dedupe(_chairs(norm, (s, e), people, bridge, organizer))
        # The spans that name this conference: its anchor, its retellings, the page title.
        name_spans = [(a.start, a.end)] + [
            (mn.start, mn.end)
            for mn in ments
            if mn.name and s <= mn.start < e and mn is not a and _similar(mn.name, name)
        ]
        if title is not None and k == 0 and name == title.name:
            name_spans.append((title.start, title.end))
        dated = [a.sent, *(mn.sent for mn in retellings if mn.sent != a.sent)]
        # Conferences listed in one sentence: each one's agenda ends where the next begins.
        agenda_end = min(
            [a.sent[1], *(b.start for b in anchors[k + 1 :] if a.start < b.start < a.sent[1])]
        )
        confs.append(
            Conference(
                name=name,
                kind=_kind(name),
                period=period.label if period else None,
                held_on=held_on,
                organizer=organizer,
                chairs=chairs,
                speakers=_dedupe(_speakers(norm, (s, e), people, by_title)),
                format=_format(norm, fmt_spans),
                location=loc.group("loc").strip() if loc else None,
                topics=topics,
                bridge_point=facts.bridge_point(norm, (s, e), organizer),
                bridge_chairs=_dedupe(bridge),
                # (a retelling may be the one that says so: "Theo kế hoạch, Hội nghị dự kiến sẽ
                # diễn ra vào ngày 24/3")
                status="planned"
                if (a.planned or announced is not None or any(mn.planned for mn in retellings))
                and not facts.held_in(norm, s, e)
                else "held",
                directives=facts.disseminated(
                    norm, name_spans, (a.start, agenda_end), (s, e), symbols
                ),
                nationwide=facts.nationwide(name, norm, [*fmt_spans[1:], *dated], (s, e)),
                held_until=facts.held_until(norm, dated, held_on),
            )
        )
    if plenum_ments:
        # In text order: ordinals of mentions follow extraction order.
        starts = [a.start for a in anchors]
        extra = _plenum_conferences(norm, plenum_ments, published, alone=False)
        firsts = [min(mn.start for mn in g) for g in _plenum_groups(plenum_ments)]
        merged = sorted(
            [(st, 0, k, c) for k, (st, c) in enumerate(zip(starts, confs, strict=True))]
            + [(st, 1, k, c) for k, (st, c) in enumerate(zip(firsts, extra, strict=True))],
            key=lambda t: (t[0], t[1], t[2]),
        )
        confs = [c for *_, c in merged]
    return confs


# "Ban Chấp hành Trung ương Đảng khóa XIV đã tổ chức Hội nghị lần thứ nhất": the plenum, retold
# with its body as organiser and a bare numbered name.
_BARE_SESSION_RE = re.compile(r"(?i:hội nghị)\s+(?i:lần thứ)\s+(\w+)$")
_CENTRAL_COMMITTEE_RE = re.compile(r"(?i:ban chấp hành trung ương|trung ương đảng|bch\s*t\.?[wư])")


# "Tại Hội nghị lần thứ nhất sáng 23/1, Ban Chấp hành Trung ương Đảng khóa XIV đã bầu …": the
# body that meets is the subject of the sentence's main clause.
_SUBJECT_BODY_RE = re.compile(
    r"^[^.;\n]{0,40}?,\s*(?P<body>(?i:ban chấp hành trung ương)(?:\s+(?i:đảng))?\s+"
    r"(?i:khóa|khoá)\s+[IVXLC\d]+)(?!\w)"
)


def _plenums_retold(ments: list[_Mention], text: str = "") -> list[_Mention]:
    """A bare "Hội nghị lần thứ N" the Central Committee organises is plenum N: the one the page
    names, else the one its organiser names ("Ban Chấp hành Trung ương Đảng khóa XIV đã tổ chức
    Hội nghị lần thứ nhất"); its sentence often carries the day the plenum's own mention lacks."""
    plenums_ = {mn.plenum.session: mn.plenum for mn in ments if mn.plenum is not None}
    out: list[_Mention] = []
    for mn in ments:
        bare = _BARE_SESSION_RE.match(mn.name or "") if mn.plenum is None else None
        if bare and mn.organizer is None and text:
            subject = _SUBJECT_BODY_RE.match(text[mn.end : mn.sent[1]])
            if subject is not None:
                mn = replace(mn, organizer=subject.group("body"))
        if bare and mn.organizer and _CENTRAL_COMMITTEE_RE.search(mn.organizer):
            session = _session(mn.name or "")
            plenum = plenums_.get(int(session)) if session and session.isdigit() else None
            # the name the organiser completes, read by the plenum parser itself
            plenum = plenum or plenums.plenum_at(f"{mn.name} {mn.organizer}", 0)
            if plenum is not None:
                mn = replace(mn, name=plenum.name, plenum=plenum, organizer=None)
        out.append(mn)
    # "… nghỉ để Ban Chấp hành Trung ương Đảng khoá XIII họp Hội nghị lần thứ nhất" (no organiser
    # read) on a page that reports plenum 1: that plenum; a bare session with an organiser of
    # its own (a province's committee) stays that body's.
    plenums_ = {mn.plenum.session: mn.plenum for mn in out if mn.plenum is not None}
    for k, mn in enumerate(out):
        if mn.plenum is None and mn.organizer is None and _BARE_SESSION_RE.match(mn.name or ""):
            session = _session(mn.name or "")
            known = plenums_.get(int(session)) if session and session.isdigit() else None
            if known is not None:
                out[k] = replace(mn, name=known.name, plenum=known)
    return out


def _beside_plenums(ments: list[_Mention]) -> list[_Mention]:
    """The other mentions of a page that reports a plenum. Without a "<body> tổ chức hội nghị"
    anchor, a named "hội nghị" is its own conference only when its name says what kind of
    conference it is ("Hội nghị toàn quốc quán triệt Nghị quyết Hội nghị lần thứ 11 …"); the
    rest ("Hội nghị lần thứ 8 xem xét …", "hội nghị làm việc đến ngày 10/5") retell the plenum."""
    if any(mn.organized for mn in ments):
        return ments
    return [mn for mn in ments if mn.name and _own_conference(mn.name)]


_OF_PLENUM_RE = re.compile(r"(?i:nghị quyết|kết quả)")


def _own_conference(name: str) -> bool:
    """A name that says what kind of conference it is; a numbered session in it must be the
    plenum whose resolution it takes up, not the conference's own ("Hội nghị lần thứ 8 …")."""
    if _kind(name) is None and "toàn quốc" not in name.casefold():
        return False
    return _session(name) is None or bool(_OF_PLENUM_RE.search(name))


def _plenum_groups(ments: list[_Mention]) -> list[list[_Mention]]:
    """Mentions of one plenum together (same session; a term, when two are written, agrees),
    groups in order of first mention."""
    groups: list[list[_Mention]] = []
    for mn in ments:
        p = mn.plenum
        assert p is not None
        for g in groups:
            q = g[0].plenum
            terms = {x.plenum.term for x in g if x.plenum and x.plenum.term} | (
                {p.term} if p.term else set()
            )
            if q is not None and q.session == p.session and len(terms) <= 1:
                g.append(mn)
                break
        else:
            groups.append([mn])
    return groups


def _plenum_conferences(
    norm: str, ments: list[_Mention], published: date | None, *, alone: bool
) -> list[Conference]:
    """One conference per plenum the page reports. ``alone``: the page reports nothing else,
    so each plenum's scope runs to the next one's first sentence (else: its own sentences)."""
    if not ments:
        return []
    groups = _plenum_groups(ments)
    stamp = find_publication_stamp(norm)
    ref = published or (stamp.value if stamp and stamp.day_known else None)
    people = mentions(norm)
    by_title = _TitleSpeakers(norm, people)
    firsts = sorted(g[0].sent[0] for g in groups)
    out: list[Conference] = []
    for k, g in enumerate(groups):
        if alone:
            s = 0 if g[0].sent[0] == firsts[0] else g[0].sent[0]
            e = next((f for f in firsts if f > g[0].sent[0]), len(norm))
        else:
            s, e = g[0].sent[0], max(mn.sent[1] for mn in g)
        # The most explicit name: one that states the term ("khóa XIII"), else the first.
        named = next((mn for mn in g if mn.plenum and mn.plenum.term), g[0])
        held_on, held_until = plenums.plenum_days(
            norm, [(mn.start, mn.end, mn.sent) for mn in g], (s, e), ref
        )
        planned = all(mn.planned for mn in g)
        bridge: list[Person] = []
        out.append(
            Conference(
                name=named.name,
                kind=_kind(named.name),
                period=None,
                held_on=held_on,
                organizer=None,
                chairs=_dedupe(_chairs(norm, (s, e), people, bridge, None)),
                speakers=_dedupe(_speakers(norm, (s, e), people, by_title)),
                format=_format(norm, [(s, e)]),
                location=None,
                topics=[],
                bridge_point=None,
                bridge_chairs=_dedupe(bridge),
                status="planned" if planned else "held",
                directives=[],
                nationwide=False,
                held_until=held_until,
            )
        )
        del k
    return out
