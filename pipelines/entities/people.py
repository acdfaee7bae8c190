"""People with their positions ("đồng chí Nguyễn Quang Trường, Phó Bí thư Đảng ủy Khối …")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ._text import normalize

_UP = "".join(
    c
    for c in map(chr, range(0x41, 0x1F00))
    if c.isupper()
    and unicodedata.category(c) == "Lu"
    and (c.isascii() or "LATIN" in unicodedata.name(c, ""))
)
_LO = "".join(
    c
    for c in map(chr, range(0x61, 0x1F00))
    if c.islower() and (c.isascii() or "LATIN" in unicodedata.name(c, ""))
)
# One capitalised syllable: "Nguyễn", "Thủy". All-caps bylines ("NGỌC TRINH") are not names.
_SYL = rf"[{re.escape(_UP)}][{re.escape(_LO)}]+"
# Opens with the upper-case class (the engine skips other characters in C); the character before
# the run is checked by a two-character lookbehind ("." stands for the upper-case letter).
RUN_RE = re.compile(
    rf"[{re.escape(_UP)}](?<![\w.].)[{re.escape(_LO)}]*"
    rf"(?:[ ](?:{_SYL}|[{re.escape(_UP)}](?![\w.])))*"
)

SURNAMES = frozenset(
    [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Mai",
        "Trịnh",
        "Lâm",
        "Chẩu",
        "Thái",
        "Tô",
        "Đào",
        "Đoàn",
        "Cao",
        "Hà",
        "Lương",
        "Tạ",
        "Trương",
        "Vương",
        "Quách",
        "Lưu",
        "Kiều",
        "Tống",
        "Khổng",
        "Triệu",
        "Thân",
        "Nông",
        "Hứa",
        "Châu",
        "Phùng",
        "Giang",
        "Lại",
        "La",
        "Tăng",
        "Từ",
        "Đàm",
        "Chu",
        "Lò",
        "Sầm",
        "Hầu",
        "Kim",
        "Mạc",
        "Âu",
        "Diệp",
        "Doãn",
        "Đồng",
        "Bế",
        "Lục",
        "Ninh",
        "Mẫn",
        "Thạch",
        "Danh",
        "Lạc",
        "Nghiêm",
        "Quan",
        "Tôn",
        "Khúc",
        "Cù",
        "Ma",
        "Mông",
        "Vi",
        "Lã",
        "Trình",
        "Lữ",
        "Bạch",
        "Phí",
        "Thiều",
        "Lỗ",
        "Viên",
        "Tiêu",
        "Hàn",
        "Bành",
        "Cấn",
        "Trầm",
        "Nhữ",
        "Hoàng",
        "Quang",
        "Tòng",
        "Hạ",
        "Vàng",
        "Giàng",
        "Sùng",
        "Thào",
        "Mùa",
        "Cầm",
        "Bạc",
        "Lường",
        "Điểu",
        "Rơ",
        "Ksor",
        "Siu",
        "Y",
        "Nay",
        "Rah",
    ]
)
# Two-syllable place names that start like a surname ("Hà Nội", "Lâm Đồng").
_PLACES = frozenset(
    s.casefold()
    for s in (
        "Hà Nội",
        "Hà Tĩnh",
        "Hà Giang",
        "Hà Nam",
        "Hà Đông",
        "Lâm Đồng",
        "Thái Nguyên",
        "Thái Bình",
        "Cao Bằng",
        "Ninh Bình",
        "Ninh Thuận",
        "Đồng Nai",
        "Đồng Tháp",
        "Hồ Chí Minh",
        "Quang Trung",
        "Hoàng Sa",
        "Trường Sa",
        "Lý Sơn",
        "Phan Thiết",
        "Phan Rang",
        "Lai Châu",
        "Hậu Giang",
        "Kiên Giang",
        "Tiền Giang",
        "Bắc Giang",
        "Lào Cai",
        "Mai Châu",
        "Tô Lịch",
        "Hồ Gươm",
        "Hà Tiên",
        "Đồng Hới",
        "Đồng Xoài",
        "Cao Lãnh",
        "Tây Ninh",
        "Việt Nam",
        "Đông Nam Á",
        "Đông Bắc Á",
        "Trung Quốc",
        "Hồng Kông",
        "Hoàn Kiếm",
        "Ba Đình",
        "Diên Hồng",
        "Văn Miếu",
        "Lê Lợi",
        "Trần Hưng Đạo",
        "Lý Thường Kiệt",
        "Lê Duẩn",
        "Nguyễn Trãi",
        "Điện Biên",
        "Đoàn Kết",
        "Thân Nhân Trung",
        "Lạc Long Quân",
        # Title-case organisation words that start like a surname ("Vụ Giáo dục và Đào Tạo").
        "Đào Tạo",
        "Lý Luận",
        "Vũ Trang",
        "Đoàn Thể",
        "Đoàn Viên",
        "Đoàn Khối",  # "Bí thư Đoàn Khối": the youth union of a bloc
    )
)
# Surnames that are also common place-name syllables ("Lạng Sơn", "Thanh Sơn"): used only when
# no ordinary surname follows in the same capitalised run ("Lạng Sơn Hoàng Văn A" is Hoàng Văn A;
# "Sơn Minh Thắng" is a Khmer name, "Giàng A Páo", "Quàng Văn B", "Lầu A C" northern names).
_WEAK_SURNAMES = frozenset({"Sơn", "Quàng", "Lầu", "Hờ", "Giáp", "Lăng", "Kha", "Ngọ"})
# Name prefixes of Central Highlands peoples ("A Ten", "Y Ngông", "H'Hen"): names only right after
# an explicit cue ("đồng chí A Ten"); "A" alone is too common a letter.
_CUED_ONLY_SURNAMES = frozenset({"A"})
# A surname-like word opening an organisation ("Đoàn Thanh niên", "Hội Nông dân"): the run
# "Đoàn Thanh" stops at the lower-case "niên" but is no name.
_ORG_COMPOUND_RE = re.compile(
    r"(?i:thanh niên|thiếu niên|nhi đồng|phụ nữ|nông dân|cựu chiến binh|công nhân|"
    r"chiến binh|nhân dân|quân nhân|kiểm sát|thanh tra)(?!\w)"
)
# Words and ranks written right before a name (matched case-insensitively). Shared with the
# conference extractor ("nghe Tiến sĩ X …").
HONORIFICS = (
    r"(?:\b(?:đồng chí|đ/c|ông|bà|anh|chị|luật sư|LS|nhà báo|nhà văn|nhà giáo|nghệ sĩ|"
    r"NSND|NSƯT|NGND|NGƯT|đại tá|thượng tá|trung tá|thiếu tá|đại tướng|thượng tướng|trung tướng|"
    r"thiếu tướng|bác sĩ|BS|tiến sĩ|tiến sỹ|giáo sư|phó giáo sư|thạc sĩ|thạc sỹ|cử nhân|kỹ sư)"
    r"|(?:GS|PGS|TS|ThS|Th\.S|BS|CKII)\.?)"
)
_CUE_BEFORE_RE = re.compile(rf"{HONORIFICS}[\s.:]*$", re.I)
# "Bí thư Tỉnh Đoàn Trần Thị Chúc Quỳnh": the youth union of a province is no surname.
_UNION_NAMES = frozenset({"Tỉnh Đoàn", "Thành Đoàn", "Huyện Đoàn", "Quận Đoàn", "Thị Đoàn"})
_POSITION_COLON_RE = re.compile(
    r"(?:Phó Chủ tịch|Chủ tịch|Phó Bí thư|Bí thư|Ủy viên|Phó Trưởng ban|Trưởng ban|Thứ trưởng|"
    r"Bộ trưởng|Phó Giám đốc|Giám đốc|đồng chí|Đồng chí)[^:;.\n]{0,60}:\s*$"
)
_EXPLICIT_CUE_RE = re.compile(r"(?:\b(?:đồng chí|đ/c|ông|bà)|Đồng chí|Ông|Bà)\s+$")
# Position heads, longest first. (position, organisation prefix implied by the head, if any).
_POS_HEADS: tuple[tuple[str, str | None], ...] = (
    ("Phó Bí thư Thường trực", None),
    ("Phó Trưởng ban Thường trực", "Ban"),
    ("Phó Trưởng Ban Thường trực", "Ban"),
    ("Ủy viên Ban Thường vụ", None),
    ("Ủy viên Bộ Chính trị", None),
    ("Ủy viên dự khuyết", None),
    ("Tổng Bí thư", None),
    ("Phó Bí thư", None),
    ("Bí thư", None),
    ("Phó Trưởng ban", "Ban"),
    ("Phó trưởng ban", "Ban"),
    ("Phó Trưởng Ban", "Ban"),
    ("Phó trưởng Ban", "Ban"),
    ("Trưởng ban", "Ban"),
    ("Trưởng Ban", "Ban"),
    ("Phó Ban", "Ban"),
    ("Phó Chủ tịch Thường trực", None),
    ("Phó Chủ tịch", None),
    ("Chủ tịch", None),
    ("Phó Thủ tướng", None),
    ("Thủ tướng", None),
    ("Chủ tịch nước", None),
    ("Bộ trưởng", "Bộ"),
    ("Thứ trưởng", "Bộ"),
    ("Phó Vụ trưởng", "Vụ"),
    ("Vụ trưởng", "Vụ"),
    ("Phó Cục trưởng", "Cục"),
    ("Cục trưởng", "Cục"),
    ("Phó Viện trưởng", "Viện"),
    ("Viện trưởng", "Viện"),
    ("Phó Giám đốc", None),
    ("Giám đốc", None),
    ("Tổng Giám đốc", None),
    ("Phó Chánh Văn phòng", "Văn phòng"),
    ("Chánh Văn phòng", "Văn phòng"),
    ("Phó Trưởng phòng", "Phòng"),
    ("Trưởng phòng", "Phòng"),
    ("Phó Trưởng Đoàn", "Đoàn"),
    ("Trưởng Đoàn", "Đoàn"),
    ("Trưởng đoàn", "Đoàn"),
    ("Phó Hiệu trưởng", None),
    ("Hiệu trưởng", None),
    ("Tổng Biên tập", None),
    ("Phó Tổng Biên tập", None),
    ("Chánh án", None),
    ("Tổng Thư ký", None),
    ("Phó Chủ nhiệm", None),
    ("Chủ nhiệm", None),
    ("Ủy viên", None),
    ("Tỉnh ủy viên", None),
    ("Thành ủy viên", None),
    ("Huyện ủy viên", None),
    ("Báo cáo viên", None),
    ("Chuyên viên", None),
    ("Đại biểu Quốc hội", None),
    ("Thư ký", None),
    ("Phó Tư lệnh", None),
    ("Tư lệnh", None),
    ("Chính ủy", None),
    ("Phó Chính ủy", None),
    ("Trưởng Công an", "Công an"),
    ("Phó Trưởng Công an", "Công an"),
    ("Phó trưởng Công an", "Công an"),
    ("Phó trưởng công an", "Công an"),
    ("Trưởng công an", "Công an"),
    # Lower-case spellings found on district and commune pages.
    ("Phó bí thư", None),
    ("Phó chủ tịch", None),
    ("Phó giám đốc", None),
    ("Phó viện trưởng", "Viện"),
    ("Phó trưởng phòng", "Phòng"),
    ("Chỉ huy trưởng", None),
    ("Trợ lý", None),
    ("Giảng viên cao cấp", None),
    ("Giảng viên chính", None),
    ("Giảng viên", None),
    ("Tổng Tham mưu trưởng", None),
    ("Tham mưu trưởng", None),
    ("Chánh Thanh tra", None),
    ("Phó Chánh Thanh tra", None),
    ("nguyên", None),
    ("Nguyên phó ban", "Ban"),
    ("Nguyên Phó Trưởng ban", "Ban"),
    ("Nguyên Trưởng ban", "Ban"),
    ("Nguyên Bí thư", None),
    ("Nguyên Phó Bí thư", None),
    ("Nguyên Chủ tịch", None),
    ("Nguyên Phó Chủ tịch", None),
    ("Nguyên Giám đốc", None),
    ("Nguyên trưởng khoa", None),
    ("HUV", None),
    ("UVTV", None),
    ("UVBTV", None),
    ("Quyền Vụ trưởng", "Vụ"),
    ("Quyền Giám đốc", None),
    ("Quyền Chủ tịch", None),
    ("Quyền Cục trưởng", "Cục"),
    ("BCV", None),
    ("Phó phòng", "Phòng"),
    ("Phó Phòng", "Phòng"),
    ("TUV", None),
    ("UVTW Đảng", None),
    ("UVTW", None),
    ("Trưởng Tiểu ban", "Tiểu ban"),
    ("Phó Tổng Giám đốc", None),
)
_HEAD_ALT = "|".join(
    re.escape(h) for h, _ in sorted(_POS_HEADS, key=lambda x: len(x[0]), reverse=True)
)
_HEAD_PREFIX = dict(_POS_HEADS)
HEAD_RE = re.compile(rf"(?<![\w])(?:{_HEAD_ALT})(?![\w])")
_AFTER_SEP_RE = re.compile(rf"\s*(?:,|-|–|—|\()\s*(?=(?:{_HEAD_ALT}|Ủy viên|UV)(?![\w]))")
# Lower-case words that end a title phrase: verbs, auxiliaries, prepositions of the clause.
TITLE_STOP_RE = re.compile(
    r"\b(?:đồng chủ trì|chủ trì|dự(?! khuyết)|tham dự|phát biểu|báo cáo(?! viên)|trình bày|"
    r"quán triệt|(?<!Công nghệ )thông tin(?! và Truyền thông)|truyền đạt|giới thiệu|kết luận|"
    r"nhấn mạnh|đề nghị|yêu cầu|chỉ rõ|"
    r"khẳng định|cho biết|"
    r"chia sẻ|trao đổi|định hướng|(?<!Ban )chỉ đạo|thông báo|đã|sẽ|cũng|đánh giá|phân tích|làm rõ|"
    r"giải đáp|"
    r"lưu ý|gợi mở|tặng|trao|nêu|điều hành|khai mạc|bế mạc|ghi nhận|biểu dương|là|được|tại|có|cùng|"
    r"với|cho|đến|từ|tiếp tục|đều|mong muốn|bày tỏ|ký|đọc|quán|triển khai)\b"
    r"|[;:!?\n“\"(]|\.(?![^\W\d_])"  # "BCH T.Ư Đảng": a dot inside an abbreviation goes on
    r"|,(?=\s*(?:PGS|GS|TS|ThS)\b)"  # "…, Bộ trưởng Bộ Y tế, PGS. TS B": the next person
    r"|\svà\s+(?=(?:đồng chí|đ/c|ông|bà)\s)"  # "… tỉnh và đồng chí B": the next person
)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    position: str | None
    organization: str | None
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A person found in normalised text, with spans used by the conference extractor."""

    person: Person
    start: int
    end: int  # end of the name
    tail_end: int  # end of the title phrase after the name (== end when none)
    lead: int = -1  # start of a title written before the name (-1 when none)


def person_key(name: str) -> str:
    """Identity key across articles: NFC, Đ unified, case-folded, single spaces."""
    n, _ = normalize(name)
    return " ".join(n.casefold().split())


def split_title(title: str) -> tuple[str | None, str | None]:
    """("Phó Bí thư", "Đảng ủy Khối các cơ quan Trung ương") from one title segment."""
    title = title.strip(" ,-–")
    if not title:
        return None, None
    if title.casefold().startswith("nguyên "):
        # "nguyên Phó Trưởng ban …": a former post; keep the marker on the position.
        pos, org = split_title(title[7:])
        return (f"nguyên {pos}" if pos else None), org
    m = HEAD_RE.match(title)
    if not m:
        return title, None
    head = m.group(0)
    rest = title[m.end() :].strip(" ,")
    prefix = _HEAD_PREFIX.get(head)
    pos = head[0].upper() + head[1:]
    if prefix == "Ban":
        pos = pos.replace("Trưởng Ban", "Trưởng ban").replace("trưởng Ban", "Trưởng ban")
        pos = pos.replace("Phó trưởng", "Phó Trưởng").replace("Phó Ban", "Phó Trưởng ban")
    if not rest:
        return pos, None
    if prefix and not rest.startswith(prefix):
        rest = f"{prefix} {rest}"
    return pos, rest


def _titles_after(text: str, pos: int) -> tuple[tuple[str, ...], int]:
    """Title segments right after a name (", Phó Bí thư X, Chủ tịch Y"), and where they end."""
    sep = _AFTER_SEP_RE.match(text, pos)
    if not sep:
        return (), pos
    start = sep.end()
    stop = TITLE_STOP_RE.search(text, start, min(len(text), start + 260))
    end = stop.start() if stop else min(len(text), start + 260)
    # A following person ends the phrase ("…, Bí thư Tỉnh ủy, Nguyễn Văn B").
    for r in RUN_RE.finditer(text, start, end):
        toks = r.group(0).split(" ")
        if toks[0] in SURNAMES and 2 <= len(toks) <= 4 and r.group(0).casefold() not in _PLACES:
            end = r.start()
            break
    phrase = text[start:end].strip(" ,-–")
    if phrase.endswith(")"):
        phrase = phrase[:-1]
    segs: list[str] = []
    for part in re.split(r",\s*|\s+-\s+", phrase):
        if not part:
            continue
        if segs and not HEAD_RE.match(part):
            segs[-1] = f"{segs[-1]}, {part}"  # "Bộ Văn hóa, Thể thao và Du lịch"
        else:
            segs.append(part)
    return tuple(s.strip() for s in segs if s.strip()), end


# Organisation segment inside a long title ("Trưởng phòng PBGDPL, Sở Tư pháp Nguyễn Văn A").
_ORG_START_RE = re.compile(
    r"(?:Bộ|Sở|Ban|Cục|Vụ|Viện|Học viện|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Đảng ủy|Đảng uỷ|Tỉnh ủy|"
    r"Thành ủy|Huyện ủy|Văn phòng|Trường|Công an|Tòa án|Viện kiểm sát|Trung tâm|Phòng)(?!\w)"
)


_CLAUSE_DOT_RE = re.compile(r"\.(?![^\W\d_])")


def _title_before(text: str, start: int) -> tuple[str, int] | None:
    """Position written before the name: "Bộ trưởng Bộ Giáo dục và Đào tạo Phùng Xuân Nhạ",
    also over commas: "Phó Chủ tịch UBND tỉnh, Chủ tịch Hội đồng phối hợp phổ biến, giáo dục
    pháp luật tỉnh Nguyễn Văn A" (walking back over comma segments that open with a position
    head or continue in lower case). Returns (title, start offset of the title)."""
    lo = max(0, start - 170)
    chunk = text[lo:start]
    # A dot inside an abbreviation ("Ban Nội chính T.Ư Phan Đình Trạc") ends no clause.
    dots = [m.start() for m in _CLAUSE_DOT_RE.finditer(chunk)]
    cut = max(chunk.rfind(";"), chunk.rfind(":"), dots[-1] if dots else -1, chunk.rfind("\n"))
    base = lo + cut + 1
    clause = chunk[cut + 1 :]
    segs = clause.split(",")
    offs = []
    pos = 0
    for seg in segs:
        offs.append(pos)
        pos += len(seg) + 1
    first: int | None = None
    for k in range(len(segs) - 1, -1, -1):
        seg = segs[k].lstrip()
        if not seg:
            break
        if HEAD_RE.match(seg):
            first = offs[k] + len(segs[k]) - len(seg)
        elif not (seg[0].islower() or _ORG_START_RE.match(seg)):
            break
    if first is None:
        m = HEAD_RE.search(clause, offs[-1])
        if m is None:
            return None
        first = m.start()
    title = clause[first:].strip()
    if not title or TITLE_STOP_RE.search(title):
        # A verb inside the long form: fall back to the nearest head inside the last segment
        # after which no clause word stands ("đồng chí A và đồng chí Chủ tịch UBND tỉnh B").
        for m in reversed(list(HEAD_RE.finditer(clause, offs[-1]))):
            if m.start() == first:
                break
            title = clause[m.start() :].strip()
            if title and not TITLE_STOP_RE.search(title):
                return title, base + m.start()
        return None
    return title, base + first


def _primary(titles: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The functional post: the first title that is not a bare membership ("Ủy viên …")."""
    if not titles:
        return None, None
    for t in titles:
        if not re.match(
            r"(?:Ủy viên|UVTW|Tỉnh ủy viên|Thành ủy viên|Huyện ủy viên|Đại biểu|HUV|TUV|UVB?TV)", t
        ):
            return split_title(t)
    return split_title(titles[0])


_MENTION_CACHE: dict[str, list[PersonMention]] = {}


def mentions(text: str) -> list[PersonMention]:
    """Person mentions in normalised text (call ``normalize`` first).

    The last text is memoised: the conference pass and ``find_people`` read the same article.
    """
    hit = _MENTION_CACHE.get(text)
    if hit is not None:
        return hit
    res = _mentions_uncached(text)
    _MENTION_CACHE.clear()
    _MENTION_CACHE[text] = res
    return res


def _mentions_uncached(text: str) -> list[PersonMention]:
    out: list[PersonMention] = []
    for r in RUN_RE.finditer(text):
        run = r.group(0)
        if " " not in run:
            continue  # one capitalised word is never a full name
        toks = run.split(" ")
        cued_only = (
            toks[0] in _CUED_ONLY_SURNAMES
            and len(toks) <= 3
            and _EXPLICIT_CUE_RE.search(text, max(0, r.start() - 12), r.start()) is not None
        )
        if SURNAMES.isdisjoint(toks) and _WEAK_SURNAMES.isdisjoint(toks) and not cued_only:
            continue
        i = (
            0
            if cued_only
            else next(
                (
                    k
                    for k, t in enumerate(toks)
                    if t in SURNAMES and not (k and f"{toks[k - 1]} {t}" in _UNION_NAMES)
                ),
                None,
            )
        )
        if i is None:
            i = next((k for k, t in enumerate(toks) if t in _WEAK_SURNAMES), None)
        if i is None:
            continue
        # A place name glued to the name ("… quốc gia Hồ Chí Minh Lê Hoàng Nam"): skip it.
        for k in (3, 2):
            if len(toks) - i > k + 1 and " ".join(toks[i : i + k]).casefold() in _PLACES:
                i = next((j for j in range(i + k, len(toks)) if toks[j] in SURNAMES), None)
                break
        if i is None:
            continue
        name_toks = toks[i : i + 4]
        if len(name_toks) < 2:
            continue
        # A trailing position word glued to the name ("Nguyễn Văn A Phó …", "Phùng Xuân Nhạ Bí
        # thư …", the head running on in lower case) is not the name.
        run_start = r.start() + len(" ".join(toks[:i])) + (1 if i else 0)
        while len(name_toks) > 2 and HEAD_RE.match(
            text, run_start + len(" ".join(name_toks[:-1])) + 1
        ):
            name_toks = name_toks[:-1]
        name = " ".join(name_toks)
        if name.casefold() in _PLACES or len(name_toks) > 4:
            continue
        start = r.start() + len(" ".join(toks[:i])) + (1 if i else 0)
        end = start + len(name)
        if len(name_toks) == 2 and _ORG_COMPOUND_RE.match(f"{name_toks[-1]}{text[end : end + 16]}"):
            continue  # "Đoàn Thanh niên", "Hội Nông dân"
        before = text[max(0, start - 40) : start]
        titles, tail_end = _titles_after(text, end)
        cued = bool(_CUE_BEFORE_RE.search(before)) or bool(titles)
        pre_title = None
        lead = -1
        if not cued or i:
            tb = _title_before(text, start)
            if tb is not None:
                pre_title, lead = tb
            cued = cued or pre_title is not None
        if (
            not cued
            and re.search(r";\s*$", before)
            and out
            and text.count("\n", out[-1].end, start) == 0
        ):
            cued = True  # list continuation: "Các đồng chí: A, …; B, …"
        if not cued and out and re.fullmatch(r"\s*,\s*", text[out[-1].end : start]):
            cued = True  # "…: Trương Thị Ngọc Ánh, Ngô Sách Thực, …" names listed by commas
        if not cued and _POSITION_COLON_RE.search(before):
            cued = True  # "các Phó Chủ tịch UBTƯ MTTQ Việt Nam: Trương Thị Ngọc Ánh"
        if not cued:
            continue
        if not titles and pre_title:
            titles = (pre_title,)
        position, org = _primary(titles)
        out.append(PersonMention(Person(name, position, org, titles), start, end, tail_end, lead))
    return out


def find_people(text: str) -> list[Person]:
    """Distinct people (by ``person_key``), first mention with a position wins."""
    norm, _ = normalize(text)
    seen: dict[str, Person] = {}
    for m in mentions(norm):
        k = person_key(m.person.name)
        if k not in seen or (seen[k].position is None and m.person.position is not None):
            seen[k] = m.person
    return list(seen.values())
