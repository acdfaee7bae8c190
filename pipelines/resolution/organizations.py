"""Organisations: canonical bodies, their aliases and renames, and organiser compatibility.

A body's name is read as a *head* (what kind of body: "Ban Tuyên giáo Tỉnh ủy", "Ủy ban nhân dân",
"Sở Tư pháp") and a *place* (whose: "tỉnh Quảng Trị", "thị xã Cửa Lò"; none for a central body).
Identity is the canonical head plus the canonical place: "UBND tỉnh Bắc Ninh", "Ủy ban nhân dân
tỉnh Bắc Ninh" and "UBND Bắc Ninh" are one body. A head that needs a place and has none ("Tỉnh
ủy", "Sở Tư pháp") is no identity on its own: ``canonical_organization`` returns None unless the
caller knows the province (the reporting site's), and so does a truncated name ("Sở Thông tin và
Truyền") and a bare "Trung ương".

Renamed and merged bodies (the 2025 reorganisation) are data, ``ORGANIZATION_ALIASES``, with the
days each name was in use; an old name read on a day after it went out of use means its
successor (sites keep writing "Ban Tuyên giáo Trung ương" for months after the merger).

Pure: no I/O; the tables are Python literals.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal, NamedTuple

from .names import ABBREVIATIONS, expand_abbreviations, fold_tones, name_key, spell_out_tw
from .records import OrganizationRef

__all__ = [
    "ORGANIZATION_ALIASES",
    "PROVINCES",
    "OrganizationAlias",
    "ParsedOrganization",
    "canonical_organization",
    "organization_id",
    "organization_key",
    "organization_level",
    "organization_province",
    "organizers_compatible",
    "parse_organization",
    "place_on",
    "province_in_name",
    "province_named",
    "split_organizers",
    "story_province",
]

Level = Literal["national", "provincial", "local"]


class OrganizationAlias(NamedTuple):
    """One other name of a body: an abbreviation, a spelling, or a former name."""

    alias: str
    canonical: str
    valid_from: date | None  # first day ``alias`` named the body (None: always / unknown)
    valid_until: date | None  # last day ``alias`` was the body's own name (None: still is)
    note: str
    # 'abbreviation' | 'variant': the same body, always. 'renamed' | 'merged': ``alias`` was a
    # body of its own until ``valid_until``; read after that day it means ``canonical``.
    kind: str = "abbreviation"


# --- provinces ------------------------------------------------------------------------------

# The 63 provinces before 1 July 2025 and, for those merged, the province they joined.
# Source: Nghị quyết 202/2025/QH15 of the National Assembly (12-06-2025), in force 1-7-2025:
# 34 provinces; the list as published by nghean24h.vn, "34 tỉnh thành dự kiến hoạt động ngày từ
# ngày 1/7/2025", and vnexpress via ai24hexpress.com for the Mekong provinces. Thừa Thiên Huế
# became the centrally-run city Huế on 1-1-2025 (Nghị quyết 175/2024/QH15).
_MERGED_2025 = date(2025, 7, 1)
PROVINCES: dict[str, str | None] = {
    # province: the province it joined on 1-7-2025 (None: kept its name)
    "Hà Nội": None, "Hồ Chí Minh": None, "Hải Phòng": None, "Đà Nẵng": None, "Cần Thơ": None,
    "Huế": None, "Lai Châu": None, "Điện Biên": None, "Sơn La": None, "Lạng Sơn": None,
    "Quảng Ninh": None, "Thanh Hóa": None, "Nghệ An": None, "Hà Tĩnh": None, "Cao Bằng": None,
    "Tuyên Quang": None, "Hà Giang": "Tuyên Quang",
    "Lào Cai": None, "Yên Bái": "Lào Cai",
    "Thái Nguyên": None, "Bắc Kạn": "Thái Nguyên",
    "Phú Thọ": None, "Vĩnh Phúc": "Phú Thọ", "Hòa Bình": "Phú Thọ",
    "Bắc Ninh": None, "Bắc Giang": "Bắc Ninh",
    "Hưng Yên": None, "Thái Bình": "Hưng Yên",
    "Hải Dương": "Hải Phòng",
    "Ninh Bình": None, "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình",
    "Quảng Trị": None, "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Quảng Ngãi": None, "Kon Tum": "Quảng Ngãi",
    "Gia Lai": None, "Bình Định": "Gia Lai",
    "Khánh Hòa": None, "Ninh Thuận": "Khánh Hòa",
    "Lâm Đồng": None, "Đắk Nông": "Lâm Đồng", "Bình Thuận": "Lâm Đồng",
    "Đắk Lắk": None, "Phú Yên": "Đắk Lắk",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh", "Bình Dương": "Hồ Chí Minh",
    "Đồng Nai": None, "Bình Phước": "Đồng Nai",
    "Tây Ninh": None, "Long An": "Tây Ninh",
    "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ",
    "Vĩnh Long": None, "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
    "Đồng Tháp": None, "Tiền Giang": "Đồng Tháp",
    "Cà Mau": None, "Bạc Liêu": "Cà Mau",
    "An Giang": None, "Kiên Giang": "An Giang",
}  # fmt: skip
# Centrally-run cities: "Thành ủy", "thành phố"; every other province: "Tỉnh ủy", "tỉnh".
_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"})
# Other spellings of province names, as name keys.
_PROVINCE_SPELLINGS: dict[str, str] = {
    "hcm": "Hồ Chí Minh",
    "tphcm": "Hồ Chí Minh",
    "sài gòn": "Hồ Chí Minh",
    "thừa thiên huế": "Huế",
    "thừa thiên": "Huế",
    "bà rịa vũng tàu": "Bà Rịa - Vũng Tàu",
    "brvt": "Bà Rịa - Vũng Tàu",
    "đắc lắc": "Đắk Lắk",
    "đắk lăk": "Đắk Lắk",
    "đăk lăk": "Đắk Lắk",
    "đắc nông": "Đắk Nông",
    "đăk nông": "Đắk Nông",
    "bắc cạn": "Bắc Kạn",
    "kon tum": "Kon Tum",
    "kontum": "Kon Tum",
}
_PROVINCE_BY_KEY: dict[str, str] = {name_key(p): p for p in PROVINCES} | _PROVINCE_SPELLINGS
_PROVINCE_KEYS = sorted(_PROVINCE_BY_KEY, key=lambda k: -len(k))
# Markers that open a place, as name-key words, and the level of the place they open.
_PLACE_MARKERS: dict[str, Level] = {
    "tỉnh": "provincial",
    "thành phố": "provincial",  # provincial for a centrally-run city, local otherwise
    "huyện": "local",
    "quận": "local",
    "thị xã": "local",
    "thị trấn": "local",
    "xã": "local",
    "phường": "local",
}
# "tỉnh ủy", "huyện đoàn", "xã hội" are heads or words, not places.
_PLACE_RE = re.compile(
    r"(?:^| )(?P<marker>thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường)"
    r"(?! (?:ủy|đoàn|đội|hội)(?: |$))(?: (?P<name>.+))?$"
)

# --- aliases and renames --------------------------------------------------------------------

_D = date
# 2025 reorganisation, sources:
# - Party bodies: the Bộ Chính trị decisions announced 3-2-2025 at the Trụ sở Trung ương Đảng
#   (znews.vn, "Ông Nguyễn Trọng Nghĩa làm Trưởng ban Tuyên giáo và Dân vận Trung ương";
#   nongnghiepmoitruong.vn, "Tổng Bí thư Tô Lâm trao quyết định thành lập các Đảng bộ trực thuộc
#   Trung ương"): Ban Tuyên giáo TW + Ban Dân vận TW merged into Ban Tuyên giáo và Dân vận TW;
#   four Party committees under the Central Committee formed (các cơ quan Đảng Trung ương,
#   Chính phủ, Quốc hội, Mặt trận Tổ quốc và các đoàn thể Trung ương), ending the Đảng ủy Khối
#   các cơ quan Trung ương and Đảng ủy Khối Doanh nghiệp Trung ương; Ban Kinh tế TW renamed Ban
#   Chính sách, chiến lược Trung ương ("tên gọi mới", Quyết định 247-QĐ/TW: sggp.org.vn,
#   vneconomy.vn, 2025-12-26).
# - Ministries: Nghị quyết 176/2025/QH15 (18-2-2025): 14 ministries from 1-3-2025; the former
#   ones worked until 28-2-2025 (thuvienphapluat.vn, "Đã có Nghị quyết 176 về cơ cấu tổ chức
#   của Chính phủ nhiệm kỳ Quốc hội khóa XV").
# - Provincial departments: Sở Khoa học và Công nghệ and Sở Thông tin và Truyền thông merged in
#   every province, in operation from 1-3-2025 (ictvietnam.vn, "Sở KH&CN được thành lập và đi
#   vào hoạt động trên cả nước", 2025-03-10); the other departments followed the ministries.
# - Provincial party boards: the provinces merged their Ban Tuyên giáo and Ban Dân vận and
#   replaced the Đảng ủy Khối in February 2025 (the day varies by province; 28-2 is the last).
_PARTY_2025 = _D(2025, 2, 2)
_MINISTRIES_2025 = _D(2025, 2, 28)
ORGANIZATION_ALIASES: tuple[OrganizationAlias, ...] = (
    # abbreviations and spellings of central bodies
    OrganizationAlias("BCH TW", "Ban Chấp hành Trung ương", None, None, "abbreviation"),
    OrganizationAlias("BCHTW", "Ban Chấp hành Trung ương", None, None, "abbreviation"),
    OrganizationAlias("Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam",
                      "Ban Chấp hành Trung ương", None, None, "full name", "variant"),
    OrganizationAlias("Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương", None, None,
                      "spelling", "variant"),
    OrganizationAlias("Ban Bí thư Trung ương Đảng", "Ban Bí thư", None, None, "spelling",
                      "variant"),
    OrganizationAlias("Ban Bí thư Trung ương", "Ban Bí thư", None, None, "spelling", "variant"),
    OrganizationAlias("Bộ Chính trị Trung ương Đảng", "Bộ Chính trị", None, None, "spelling",
                      "variant"),
    OrganizationAlias("Bộ Chính trị Ban Chấp hành Trung ương Đảng", "Bộ Chính trị", None, None,
                      "spelling", "variant"),
    OrganizationAlias("Trung ương Đảng", "Ban Chấp hành Trung ương", None, None,
                      "short form", "variant"),
    OrganizationAlias("BTGTW", "Ban Tuyên giáo Trung ương", None, _PARTY_2025, "abbreviation"),
    OrganizationAlias("Ban TG TW", "Ban Tuyên giáo Trung ương", None, _PARTY_2025,
                      "abbreviation"),
    OrganizationAlias("BDVTW", "Ban Dân vận Trung ương", None, _PARTY_2025, "abbreviation"),
    OrganizationAlias("BTG&DVTW", "Ban Tuyên giáo và Dân vận Trung ương", _D(2025, 2, 3), None,
                      "abbreviation"),
    OrganizationAlias("BTCTW", "Ban Tổ chức Trung ương", None, None, "abbreviation"),
    OrganizationAlias("ĐUKCQTW", "Đảng ủy Khối các cơ quan Trung ương", None, _PARTY_2025,
                      "abbreviation"),
    OrganizationAlias("ĐUK các cơ quan Trung ương", "Đảng ủy Khối các cơ quan Trung ương", None,
                      _PARTY_2025, "abbreviation"),
    OrganizationAlias("ĐUKDNTW", "Đảng ủy Khối Doanh nghiệp Trung ương", None, _PARTY_2025,
                      "abbreviation"),
    OrganizationAlias("UBTƯ MTTQ Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None,
                      None, "abbreviation"),
    OrganizationAlias("UBTW MTTQ Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None,
                      None, "abbreviation"),
    OrganizationAlias("Bộ VH, TT&DL", "Bộ Văn hóa, Thể thao và Du lịch", None, None,
                      "abbreviation"),
    OrganizationAlias("Bộ VHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", None, None, "abbreviation"),
    OrganizationAlias("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo", None, None, "abbreviation"),
    OrganizationAlias("Bộ KH&CN", "Bộ Khoa học và Công nghệ", None, None, "abbreviation"),
    OrganizationAlias("Bộ TT&TT", "Bộ Thông tin và Truyền thông", None, _MINISTRIES_2025,
                      "abbreviation"),
    OrganizationAlias("Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư", None, _MINISTRIES_2025,
                      "abbreviation"),
    OrganizationAlias("Bộ LĐTB&XH", "Bộ Lao động - Thương binh và Xã hội", None,
                      _MINISTRIES_2025, "abbreviation"),
    OrganizationAlias("Bộ LĐ-TB&XH", "Bộ Lao động - Thương binh và Xã hội", None,
                      _MINISTRIES_2025, "abbreviation"),
    OrganizationAlias("Bộ TN&MT", "Bộ Tài nguyên và Môi trường", None, _MINISTRIES_2025,
                      "abbreviation"),
    OrganizationAlias("Bộ Dân tộc - Tôn giáo", "Bộ Dân tộc và Tôn giáo", _MINISTRIES_2025, None,
                      "spelling (a dash for 'và')", "variant"),
    OrganizationAlias("Bộ NN&PTNT", "Bộ Nông nghiệp và Phát triển nông thôn", None,
                      _MINISTRIES_2025, "abbreviation"),
    OrganizationAlias("Bộ NN&MT", "Bộ Nông nghiệp và Môi trường", _D(2025, 3, 1), None,
                      "abbreviation"),
    OrganizationAlias("Bộ GTVT", "Bộ Giao thông vận tải", None, _MINISTRIES_2025,
                      "abbreviation"),
    # abbreviations of provincial heads (the place is kept: "Sở TT&TT tỉnh Nghệ An")
    OrganizationAlias("Sở TT&TT", "Sở Thông tin và Truyền thông", None, _MINISTRIES_2025,
                      "abbreviation"),
    OrganizationAlias("Sở KH&CN", "Sở Khoa học và Công nghệ", None, None, "abbreviation"),
    OrganizationAlias("Sở GD&ĐT", "Sở Giáo dục và Đào tạo", None, None, "abbreviation"),
    OrganizationAlias("Sở VH, TT&DL", "Sở Văn hóa, Thể thao và Du lịch", None, None,
                      "abbreviation"),
    OrganizationAlias("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch", None, None,
                      "abbreviation"),
    OrganizationAlias("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội", None,
                      _MINISTRIES_2025, "abbreviation"),
    OrganizationAlias("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", None, _MINISTRIES_2025,
                      "abbreviation"),
    OrganizationAlias("Sở TN&MT", "Sở Tài nguyên và Môi trường", None, _MINISTRIES_2025,
                      "abbreviation"),
    OrganizationAlias("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", None,
                      _MINISTRIES_2025, "abbreviation"),
    OrganizationAlias("BTG Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", None, None, "abbreviation"),
    OrganizationAlias("BTV Tỉnh ủy", "Ban Thường vụ Tỉnh ủy", None, None, "abbreviation"),
    OrganizationAlias("UBND", "Ủy ban nhân dân", None, None, "abbreviation"),
    OrganizationAlias("HĐND", "Hội đồng nhân dân", None, None, "abbreviation"),
    OrganizationAlias("UBMTTQ", "Ủy ban Mặt trận Tổ quốc", None, None, "abbreviation"),
    OrganizationAlias("MTTQ", "Mặt trận Tổ quốc", None, None, "abbreviation"),
    OrganizationAlias("Tỉnh đoàn", "Tỉnh Đoàn", None, None, "spelling", "variant"),
    # 2025 reorganisation: central Party bodies (announced 3-2-2025)
    OrganizationAlias("Ban Tuyên giáo Trung ương", "Ban Tuyên giáo và Dân vận Trung ương", None,
                      _PARTY_2025, "merged with Ban Dân vận Trung ương, 2025", "merged"),
    OrganizationAlias("Ban Dân vận Trung ương", "Ban Tuyên giáo và Dân vận Trung ương", None,
                      _PARTY_2025, "merged with Ban Tuyên giáo Trung ương, 2025", "merged"),
    OrganizationAlias("Ban Kinh tế Trung ương", "Ban Chính sách, chiến lược Trung ương", None,
                      _PARTY_2025, "renamed 2025 (Quyết định 247-QĐ/TW)", "renamed"),
    OrganizationAlias("Đảng ủy Khối các cơ quan Trung ương",
                      "Đảng ủy các cơ quan Đảng Trung ương", None, _PARTY_2025,
                      "ended 2025; its Party-organ members form Đảng bộ các cơ quan Đảng Trung "
                      "ương (others went to the Chính phủ, Quốc hội, Mặt trận committees)",
                      "merged"),
    OrganizationAlias("Đảng ủy Khối Doanh nghiệp Trung ương", "Đảng ủy Chính phủ", None,
                      _PARTY_2025, "ended 2025; state enterprises' Party bodies went to the "
                      "Đảng bộ Chính phủ", "merged"),
    # ministries (Nghị quyết 176/2025/QH15, from 1-3-2025)
    OrganizationAlias("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ", None,
                      _MINISTRIES_2025, "merged 2025 (press to Bộ Văn hóa, Thể thao và Du lịch)",
                      "merged"),
    OrganizationAlias("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", None, _MINISTRIES_2025,
                      "merged 2025", "merged"),
    OrganizationAlias("Bộ Lao động - Thương binh và Xã hội", "Bộ Nội vụ", None, _MINISTRIES_2025,
                      "merged 2025", "merged"),
    OrganizationAlias("Bộ Giao thông vận tải", "Bộ Xây dựng", None, _MINISTRIES_2025,
                      "merged 2025", "merged"),
    OrganizationAlias("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường", None,
                      _MINISTRIES_2025, "merged 2025", "merged"),
    OrganizationAlias("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường",
                      None, _MINISTRIES_2025, "merged 2025", "merged"),
    OrganizationAlias("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo", None, _MINISTRIES_2025,
                      "became a ministry 2025, taking religion from Bộ Nội vụ", "renamed"),
    # provincial heads (the place is kept)
    OrganizationAlias("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", None,
                      _MINISTRIES_2025, "merged 2025, in operation from 1-3-2025", "merged"),
    OrganizationAlias("Sở Kế hoạch và Đầu tư", "Sở Tài chính", None, _MINISTRIES_2025,
                      "merged 2025", "merged"),
    OrganizationAlias("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", None, _MINISTRIES_2025,
                      "merged 2025", "merged"),
    OrganizationAlias("Sở Giao thông vận tải", "Sở Xây dựng", None, _MINISTRIES_2025,
                      "merged 2025", "merged"),
    OrganizationAlias("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường", None,
                      _MINISTRIES_2025, "merged 2025", "merged"),
    OrganizationAlias("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường",
                      None, _MINISTRIES_2025, "merged 2025", "merged"),
    OrganizationAlias("Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy", None,
                      _MINISTRIES_2025, "merged with Ban Dân vận Tỉnh ủy, February 2025",
                      "merged"),
    OrganizationAlias("Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy", None,
                      _MINISTRIES_2025, "merged with Ban Tuyên giáo Tỉnh ủy, February 2025",
                      "merged"),
    OrganizationAlias("Ban Tuyên giáo Thành ủy", "Ban Tuyên giáo và Dân vận Thành ủy", None,
                      _MINISTRIES_2025, "merged with Ban Dân vận Thành ủy, February 2025",
                      "merged"),
    OrganizationAlias("Đảng ủy Khối các cơ quan", "Đảng ủy các cơ quan Đảng", None,
                      _MINISTRIES_2025, "provincial Đảng ủy Khối replaced, February 2025",
                      "merged"),
    OrganizationAlias("Đảng ủy Khối doanh nghiệp", "Đảng ủy Ủy ban nhân dân", None,
                      _MINISTRIES_2025, "provincial Đảng ủy Khối replaced, February 2025",
                      "merged"),
)  # fmt: skip

# --- keys -----------------------------------------------------------------------------------

# Words and phrases written around a body's name that are not part of it.
_LEAD_NOISE = re.compile(r"^(?:(?:các|của|do|cơ quan|đồng chí|lãnh đạo|thường trực)\s+)+")
# Words of the sentence an extractor carried past the name's end ("… Đảng Cộng sản Việt Nam tới
# dự"): dropped. A name cut inside ("Sở Thông tin và") is another matter: see _is_truncated.
_TRAIL_NOISE = re.compile(r"(?:(?:^|\s+)(?:tới|đến|về|để|nhằm|trong|đã|sẽ|nay|này|cùng))+$")


# A short parenthesised abbreviation written after a name ("Ban Tuyên giáo và Dân vận (TG&DV)
# Trung ương", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam (MTTQ Việt Nam)"): the name's own
# words already say it.
_PAREN_ABBREVIATION = re.compile(
    r"\s*\((?:(?=[^()]*[A-ZĐ])[^()\s]{1,12}|[A-ZĐ][A-ZĐ&.-]+(?:\s+[^\s()]+){1,3})\)"
)
# The sentence an extractor carried past the name ("Ban Tuyên giáo và Dân vận Trung ương vừa ban
# hành Kế hoạch số 01"): everything from a verb of the sentence on is not the body's name.
_SENTENCE_TAIL = re.compile(r"\s+(?:vừa|đã|sẽ|đang|ban hành)\s.*$")


@lru_cache(maxsize=1 << 16)  # pure; a resolve asks for the same bodies' keys again and again
def organization_key(name: str) -> str:
    """name_key of an organisation with its variants unified: punctuation ("Vụ Thông tin - Báo
    chí" = "Vụ Thông tin, Báo chí"), tone placement ("Đảng uỷ" = "Đảng ủy"), abbreviations
    spelled out ("UBND" → "ủy ban nhân dân", "BCH TW" → "ban chấp hành trung ương", "ĐUK" …),
    "&" read as "và" ("Bộ GD&ĐT" → its full name), a leading "các" / "của" dropped, a
    parenthesised abbreviation ("(TG&DV)") and a carried-over sentence ("… vừa ban hành …")
    dropped."""
    name = _SENTENCE_TAIL.sub("", _PAREN_ABBREVIATION.sub("", name))
    raw = _TRAIL_NOISE.sub("", name_key(spell_out_tw(name).replace("&", " & ")))
    same, _ = _alias_tables()
    for alias_key, canonical_key in same:
        if raw == alias_key or raw.startswith(alias_key + " "):
            rest = _base_key(raw[len(alias_key) :])
            return f"{canonical_key} {rest}" if rest else canonical_key
    return _base_key(name)


# "Mặt trận Tổ quốc" is always Việt Nam's: "Ủy ban MTTQ tỉnh Bắc Ninh" = "Ủy ban Mặt trận Tổ
# quốc Việt Nam tỉnh Bắc Ninh".
_FRONT_RE = re.compile(r"\bmặt trận tổ quốc việt nam\b")


# A Party organisation's executive committee is its committee (đảng ủy): "Ban Chấp hành Đảng
# bộ Chính phủ" = "Đảng bộ Chính phủ" (as an organiser) = "Đảng ủy Chính phủ"; a province's,
# city's or district's is its tỉnh ủy / thành ủy / huyện ủy.
_PARTY_COMMITTEE_RE = re.compile(r"^(?:ban chấp hành đảng bộ|đảng bộ) (?!bộ phận|cơ sở)")
_LOCAL_PARTY_COMMITTEE_RE = re.compile(r"^đảng ủy (tỉnh|thành phố|huyện|quận|thị xã) ")
_LOCAL_COMMITTEE = {
    "tỉnh": "tỉnh ủy ",
    "thành phố": "thành ủy ",
    "huyện": "huyện ủy ",
    "quận": "quận ủy ",
    "thị xã": "thị ủy ",
}


def _base_key(name: str) -> str:
    key = _FRONT_RE.sub("mặt trận tổ quốc", expand_abbreviations(name_key(spell_out_tw(name))))
    key = _PARTY_COMMITTEE_RE.sub("đảng ủy ", key)
    key = _LOCAL_PARTY_COMMITTEE_RE.sub(lambda m: _LOCAL_COMMITTEE[m.group(1)], key)
    return _TRAIL_NOISE.sub("", _LEAD_NOISE.sub("", key))


@lru_cache(maxsize=1)
def _alias_tables() -> tuple[tuple[tuple[str, str], ...], dict[str, OrganizationAlias]]:
    """(abbreviation/variant key → canonical key, longest first; rename/merge head key → its
    alias row)."""
    same: dict[str, str] = {}
    renamed: dict[str, OrganizationAlias] = {}
    for a in ORGANIZATION_ALIASES:
        alias_key = name_key(spell_out_tw(a.alias).replace("&", " & "))
        if a.kind in ("abbreviation", "variant"):
            same[alias_key] = _base_key(a.canonical)
        else:
            renamed[_base_key(a.alias)] = a
    return tuple(sorted(same.items(), key=lambda kv: -len(kv[0]))), renamed


def organization_id(canonical_name: str) -> str:
    """md5 of the canonical name's key: the stable id of a body (hashlib, not warehouse.keys:
    pipelines import nothing above them)."""
    return hashlib.md5(organization_key(canonical_name).encode("utf-8")).hexdigest()


# --- parsing --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedOrganization:
    """A body's name read as head + place (keys), with the province the place lies in."""

    head: str  # key of what kind of body ("ban tuyên giáo tỉnh ủy", "ủy ban nhân dân")
    place: str | None  # key of the place as written ("tỉnh quảng trị", "thị xã cửa lò")
    province: str | None  # display name of the province ("Quảng Trị"), when one is named
    level: Level | None


# Heads of bodies that exist once per province / per district / per commune: meaningless
# without a place. Checked on the head's last words ("ban tuyên giáo tỉnh ủy" ends in "tỉnh ủy").
_PROVINCIAL_HEAD_RE = re.compile(
    r"(?:^|\s)(?:tỉnh ủy|thành ủy|tỉnh đoàn|thành đoàn|đảng bộ tỉnh|tỉnh)(?:\s|$)|^(?:sở|ban chỉ "
    r"huy quân sự tỉnh|công an tỉnh)\b"
)
_LOCAL_HEAD_RE = re.compile(
    r"(?:^|\s)(?:huyện ủy|quận ủy|thị ủy|huyện đoàn|đảng ủy xã|đảng ủy phường|đảng ủy thị trấn|"
    r"huyện|quận|thị xã|xã(?! hội)|phường|thị trấn)(?:\s|$)"
)
# Heads that need a place to identify a body ("ủy ban nhân dân" of where?), matched whole.
_PLACED_HEADS_RE = re.compile(
    r"(?:ủy ban nhân dân|hội đồng nhân dân|ủy ban mặt trận tổ quốc|mặt trận tổ quốc|"
    r"đảng ủy khối các cơ quan|đảng ủy khối doanh nghiệp|đảng ủy|ban thường vụ|ban chấp hành|"
    r"đảng bộ|công an|tòa án nhân dân|viện kiểm sát nhân dân|sở [\w ]+|ban tuyên giáo|ban dân vận|"
    r"ban tổ chức|ủy ban kiểm tra|văn phòng|hội đồng phối hợp phổ biến giáo dục pháp luật|"
    r"ban tuyên giáo và dân vận|đảng ủy các cơ quan đảng|đảng ủy ủy ban nhân dân|"
    r"(?:ban [\w ]+ )?đảng ủy khối)"
)
# Central bodies: the Party's leadership, central boards, the state's central organs.
_LEADERSHIP = frozenset(
    {
        "bộ chính trị",
        "ban bí thư",
        "ban chấp hành trung ương",
        "trung ương",
        "ban thường vụ bộ chính trị",
        "thường trực ban bí thư",
    }
)
_NATIONAL_RE = re.compile(
    r"(?:^|\s)trung ương(?:\s|$)|^(?:bộ|chính phủ|quốc hội|thủ tướng|văn phòng chính phủ|"
    r"ủy ban thường vụ quốc hội|tổng liên đoàn|thông tấn xã|đài tiếng nói|đài truyền hình việt|"
    r"học viện chính trị quốc gia|tòa án nhân dân tối cao|viện kiểm sát nhân dân tối cao|"
    r"kiểm toán nhà nước|ngân hàng nhà nước|thanh tra chính phủ|ủy ban dân tộc|"
    r"đảng ủy chính phủ|đảng ủy quốc hội)\b"
)


_PROVINCE_RE = re.compile(
    r"(?:^|(?<=\s))(" + "|".join(re.escape(k) for k in _PROVINCE_KEYS) + r")(?=\s|$)"
)


def _find_province(text: str) -> tuple[int, str] | None:
    """(start offset, display name) of the last province named in a key, longest name first."""
    found = None
    for m in _PROVINCE_RE.finditer(text):
        found = (m.start(1), _PROVINCE_BY_KEY[m.group(1)])
    return found


@lru_cache(maxsize=8192)
def parse_organization(name: str) -> ParsedOrganization | None:
    """Head, place, province and level of an organisation name; None if it is empty."""
    key = organization_key(name)
    if not key:
        return None
    head, place, marker = key, None, None
    committee = _COMMITTEE_PLACE_RE.search(key)
    m = _PLACE_RE.search(key)
    if m and m.start("marker") == 0 and m.group("name"):
        # A place, no body: "tỉnh Phú Thọ", "huyện Tủa Chùa" (a bridge point as written).
        head, marker, place = "", m.group("marker"), key
    elif key in _PROVINCE_BY_KEY:
        head, place = "", key  # "Gia Lai", "Thừa Thiên Huế"
    elif m and m.start("marker") > 0:
        head, marker = key[: m.start()].strip(), m.group("marker")
        place = key[m.start("marker") :] if m.group("name") else None
    elif committee:
        # "Tỉnh ủy Bắc Ninh", "Huyện ủy Đô Lương", "Ban Tuyên giáo Thành ủy Vinh"
        head, place = key[: committee.start("name")].strip(), committee.group("name")
    else:
        found = _find_province(key)
        if found and found[0] > 0:
            head, place = key[: found[0]].strip(), key[found[0] :]
    province = None
    if place:
        # A district's or commune's own name is no province ("xã Hòa Bình"): there only a
        # "tỉnh …" / "thành phố …" further on names one ("huyện Đô Lương, tỉnh Nghệ An").
        scope = place
        if marker is not None and marker not in ("tỉnh", "thành phố"):
            upper = _UPPER_PLACE_RE.search(place)
            scope = upper.group("name") if upper else ""
        found = _find_province(scope) if scope else None
        if found is not None:
            province = found[1]
    level: Level | None
    if marker == "tỉnh":
        level = "provincial"
    elif marker == "thành phố":
        # "thành phố Vinh" is a city of a province; "thành phố Hà Nội" a province.
        level = "provincial" if province in _CITIES or place is None else "local"
    elif marker is not None or _LOCAL_HEAD_RE.search(head):
        level = "local"
    elif head.endswith("thành ủy") and place is not None:
        level = "provincial" if province in _CITIES else "local"
    elif province is not None or _PROVINCIAL_HEAD_RE.search(head):
        level = "provincial"
    elif key in _LEADERSHIP or _NATIONAL_RE.search(key):
        level = "national"
    else:
        level = None
    return ParsedOrganization(head=head, place=place, province=province, level=level)


_UPPER_PLACE_RE = re.compile(r" (?:tỉnh|thành phố) (?P<name>.+)$")
# A party committee named by its place: "tỉnh ủy bắc ninh", "huyện ủy đô lương".
_COMMITTEE_PLACE_RE = re.compile(r"(?:^| )(?:tỉnh|thành|huyện|quận|thị) ủy (?P<name>.+)$")


def organization_level(name: str | None) -> Level | None:
    """'national' (Bộ Chính trị, Ban Tuyên giáo Trung ương, a ministry), 'provincial' (Tỉnh ủy
    Bắc Ninh, Sở Tư pháp, UBND tỉnh …), 'local' (district, town, commune bodies), or None when
    the name does not say (an enterprise's Party cell, an unknown body)."""
    parts = split_organizers(name) if name else []
    if not parts:
        return None
    parsed = parse_organization(parts[0])  # co-organisers: the first named leads
    return parsed.level if parsed else None


def organization_province(name: str | None) -> str | None:
    """The province a body belongs to, as named ("Ban Tuyên giáo Tỉnh ủy Gia Lai" → "Gia Lai",
    "UBND thị xã Cửa Lò" → None: the text names no province); None for central bodies."""
    if name and len(_provinces_named(name)) > 1:
        return None  # "Thanh Hóa và Ninh Bình", "Sở … tỉnh A; Sở … tỉnh B": a joint event
    for part in split_organizers(name) if name else []:
        parsed = parse_organization(part)
        if parsed is not None and parsed.level != "national" and parsed.province:
            return parsed.province
    return None


def _provinces_named(text: str) -> set[str]:
    return {_PROVINCE_BY_KEY[m.group(1)] for m in _PROVINCE_RE.finditer(name_key(text))}


_PLACE_UNIT_RE = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+")


def province_only(text: str | None) -> str | None:
    """The province a text is nothing but ("Nghệ An", "tỉnh Nghệ An"), else None."""
    key = _PLACE_UNIT_RE.sub("", name_key(text)) if text else ""
    return _PROVINCE_BY_KEY.get(key)


def names_province(text: str | None, province: str) -> bool:
    """Whether ``text`` names ``province`` (any of its spellings)."""
    return bool(text) and province in _provinces_named(text)


def province_named(text: str | None) -> str | None:
    """The province a name or venue names ("Hội nghị xúc tiến đầu tư tỉnh Bạc Liêu" → "Bạc
    Liêu", "nhà hàng Hương Sen (TP Vĩnh Long)" → "Vĩnh Long"); the last one when it names
    several; None when it names none."""
    found = _find_province(name_key(text)) if text else None
    return found[1] if found else None


# Where a conference name starts citing a document: a province after it is the document's
# subject ("… quán triệt Nghị quyết 39-NQ/TW … về xây dựng và phát triển tỉnh Nghệ An"), not
# the event's place.
# A programme, plan or scheme cites a document only when numbered ("Kế hoạch số 12-KH/TU …",
# "Đề án 06"): "Hội nghị truyền thông về Chương trình khai mạc Năm du lịch … Tuyên Quang" is
# the province's own event.
_DOCUMENT_IN_NAME_RE = re.compile(
    r"(?i:\b(?:nghị quyết|chỉ thị|kết luận|quyết định|nghị định|thông tư|luật|quy định|công văn)\b"
    r"|\b(?:chương trình|kế hoạch|đề án|hướng dẫn|thông báo)\s+(?:hành động\s+)?(?:số\s+)?\d)"
)


# A name that joins several places: held in any of them (a rotating host), so it places nothing.
_SEVERAL_PLACES_RE = re.compile(
    r"(?i:\b(?:giữa|các tỉnh|các địa phương|vùng|khu vực|liên kết)\b|\b\d+\s+tỉnh\b)"
)


def province_in_name(name: str | None) -> str | None:
    """The province a conference name names before any document it cites ("Hội nghị xúc tiến
    đầu tư tỉnh Bạc Liêu" → "Bạc Liêu"; "Hội nghị quán triệt Nghị quyết 39 … tỉnh Nghệ An" →
    None); None for a name that joins several places."""
    if not name:
        return None
    cited = _DOCUMENT_IN_NAME_RE.search(name)
    own = name[: cited.start()] if cited else name
    if _SEVERAL_PLACES_RE.search(own) or len(_provinces_named(own)) > 1:
        # "… giữa TP Hồ Chí Minh và 8 tỉnh Tây Bắc", "… các tỉnh vùng …", "… du lịch Ninh Bình -
        # Thanh Hoá - Nghệ An - Hà Tĩnh": no one place
        return None
    return province_named(own)


def story_province(lead: str | None) -> str | None:
    """The province a story's headline and lead name most ("Bạc Liêu đón dòng vốn đầu tư kỷ
    lục …"): where a report that names no organiser places its event. None when they name
    none, or two provinces equally often (a regional event, a comparison)."""
    counts: dict[str, int] = {}
    for m in _PROVINCE_RE.finditer(name_key(lead)) if lead else ():
        province = _PROVINCE_BY_KEY[m.group(1)]
        counts[province] = counts.get(province, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(counts, key=counts.__getitem__)


def place_on(province: str | None, day: date | None) -> str | None:
    """A province as it was called on ``day``: from 1 July 2025 the province a merged one
    joined ("Bạc Liêu" → "Cà Mau"), so a report before and one after the merger compare."""
    if province is None or day is None or day < _MERGED_2025:
        return province
    return PROVINCES.get(province) or province


# --- canonical bodies -----------------------------------------------------------------------

_KNOWN_DISPLAY: dict[str, str] = {}  # key → display name of every body named in the tables
_TRAILING_CONNECTOR_RE = re.compile(r"(?:^|\s)(?:và|của|các|cho|với|thuộc|tại)$")


def _known_bodies() -> dict[str, str]:
    if not _KNOWN_DISPLAY:
        for a in ORGANIZATION_ALIASES:
            _KNOWN_DISPLAY.setdefault(_base_key(a.canonical), a.canonical)
            if a.kind in ("renamed", "merged"):
                _KNOWN_DISPLAY.setdefault(_base_key(a.alias), a.alias)
        for extra in _EXTRA_BODIES:
            _KNOWN_DISPLAY.setdefault(_base_key(extra), extra)
    return _KNOWN_DISPLAY


# Bodies named often enough to know their full names (for display and truncation checks).
_EXTRA_BODIES = (
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Tổ chức Trung ương",
    "Ban Nội chính Trung ương",
    "Ban Đối ngoại Trung ương",
    "Văn phòng Trung ương Đảng",
    "Ủy ban Kiểm tra Trung ương",
    "Hội đồng Lý luận Trung ương",
    "Đảng ủy Quốc hội",
    "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",
    "Chính phủ",
    "Quốc hội",
    "Bộ Tư pháp",
    "Bộ Công an",
    "Bộ Quốc phòng",
    "Bộ Ngoại giao",
    "Bộ Y tế",
    "Bộ Công Thương",
    "Bộ Tài chính",
    "Bộ Nội vụ",
    "Bộ Xây dựng",
    "Sở Tư pháp",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
    "Tỉnh ủy",
    "Thành ủy",
    "Tỉnh Đoàn",
    "Hội đồng phối hợp phổ biến, giáo dục pháp luật",
)


def _is_truncated(head: str) -> bool:
    """A head that ends mid-name: a connector at the end ("Sở Thông tin và"), or a strict
    prefix of a known body's head that is no body itself ("Sở Thông tin và Truyền" of "Sở
    Thông tin và Truyền thông"). A head that only lacks its level ("Ban Tuyên giáo" of "Ban
    Tuyên giáo Trung ương") is not cut: it is placeless, which the caller judges."""
    if _TRAILING_CONNECTOR_RE.search(head):
        return True
    known = _known_bodies()
    if head in known or _PLACED_HEADS_RE.fullmatch(head):
        return False
    for k in known:
        if k.startswith(head + " ") and not _LEVEL_WORDS_RE.match(k[len(head) + 1 :]):
            return True
    return False


_LEVEL_WORDS_RE = re.compile(r"(?:trung ương|tỉnh ủy|thành ủy|tỉnh|thành phố|huyện|quận)\b")


def _display_head(head: str, written: str) -> str:
    known = _known_bodies()
    if head in known:
        return known[head]
    # Not in the tables: the written words (tones folded, abbreviations spelled out) that the
    # head's key words come from, found by aligning the two ("của Công ty ABC" → "Công ty ABC").
    words: list[str] = []
    for w in re.sub(r"[^\w&]+", " ", spell_out_tw(written)).split():
        k = name_key(w)
        if k in ABBREVIATIONS:  # a body's name: "UBND" → "Ủy ban nhân dân"
            full = ABBREVIATIONS[k]
            words.extend((full[:1].upper() + full[1:]).split())
        else:
            words.append(fold_tones(w))
    want = head.split()
    keys = [name_key(w) for w in words]
    n = len(want)
    for i in range(len(keys) - n + 1):
        if keys[i : i + n] == want:
            out = " ".join(words[i : i + n])
            return out[:1].upper() + out[1:]
    return head[:1].upper() + head[1:]


def _display_place(parsed: ParsedOrganization, head: str) -> str | None:
    if parsed.place is None:
        return None
    province = parsed.province
    marker = _PLACE_RE.search(parsed.place)
    local = parsed.level == "local"
    if province is not None and not local:
        if head.endswith(("tỉnh ủy", "thành ủy", "tỉnh đoàn", "thành đoàn")):
            return province
        return f"{'thành phố' if province in _CITIES else 'tỉnh'} {province}"
    if marker is not None and marker.group("name"):
        return f"{marker.group('marker')} {_title(marker.group('name'))}"
    return _title(parsed.place)


_LOWER_WORDS = frozenset({"tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "trấn", "phường"})


def _title(words: str) -> str:
    """Place names capitalised word by word, the place markers kept lower case."""
    return " ".join(w if w in _LOWER_WORDS else w[:1].upper() + w[1:] for w in words.split())


def _successor(head: str, on: date | None) -> tuple[str, tuple[str, ...]]:
    """The head a (possibly former) head means on ``on``, and the former names passed."""
    _, renamed = _alias_tables()
    seen: list[str] = []
    while on is not None and head in renamed:
        a = renamed[head]
        if a.valid_until is None or on <= a.valid_until:
            break
        seen.append(a.alias)
        head = _base_key(a.canonical)
        if len(seen) > 5:
            break
    return head, tuple(seen)


@lru_cache(maxsize=16384)
def canonical_organization(
    name: str | None, on: date | None = None, *, province: str | None = None
) -> OrganizationRef | None:
    """The canonical body a name denotes on day ``on``, or None when the text is no body.

    None for: an empty name; a bare "Trung ương"; a truncation ("Sở Thông tin và Truyền"); a
    head that needs a place and has none ("Tỉnh ủy", "Sở Tư pháp") unless ``province`` (the
    reporting site's) supplies it. A former name read after its body was merged or renamed
    gives the successor (``on`` after the alias's ``valid_until``); the names passed are in
    ``aliases``. ``organization_id`` is the md5 of the canonical name's key.
    """
    if not name or not name.strip():
        return None
    parts = split_organizers(name)
    if len(parts) > 1:
        # Co-organisers ("Bộ Chính trị, Ban Bí thư"; "Sở Tư pháp; Tỉnh đoàn"): the first named
        # leads; ``split_organizers`` gives the others to callers that want them all.
        return canonical_organization(parts[0], on, province=province)
    if not parts:
        return None
    name = parts[0]
    parsed = parse_organization(name)
    if parsed is None:
        return None
    head = parsed.head
    if not head:
        return None  # a place ("tỉnh Phú Thọ", "Gia Lai"), not a body
    if head in ("trung ương", "trung ương đảng") and parsed.place is None:
        return None  # "Trung ương" alone names the centre, not one body
    if _is_truncated(head) or (parsed.place and _truncated_place(parsed.place)):
        return None
    if parsed.place and parsed.place.startswith("tỉnh ") and parsed.province is None:
        return None  # "tỉnh" followed by no province's name: a clause, not a place
    if parsed.place is None and parsed.level != "national":
        needs_place = parsed.level in ("provincial", "local") or _PLACED_HEADS_RE.fullmatch(head)
        if needs_place:
            if province is None:
                return None
            prov = _PROVINCE_BY_KEY.get(name_key(province), province)
            parsed = ParsedOrganization(head, name_key(prov), prov, parsed.level or "provincial")
    head, _ = _successor(head, on)  # a successor is in the tables: its display name is known
    display_head = _display_head(head, name)
    place = _display_place(parsed, head)
    display = f"{display_head} {place}" if place else display_head
    key = organization_key(display)
    # The body's other names from the tables (abbreviations, former names), with its place:
    # the same for every spelling of the body, so the record is one whatever was written.
    aliases = tuple(
        sorted(f"{alias} {place}" if place else alias for alias in _aliases_of().get(head, ()))
    )
    return OrganizationRef(
        organization_id=hashlib.md5(key.encode("utf-8")).hexdigest(),
        name=display,
        name_key=key,
        aliases=aliases,
    )


@lru_cache(maxsize=1)
def _aliases_of() -> dict[str, tuple[str, ...]]:
    """Canonical head key → the alias names of the tables that lead to it."""
    out: dict[str, list[str]] = {}
    for a in ORGANIZATION_ALIASES:
        out.setdefault(_base_key(a.canonical), []).append(a.alias)
    return {k: tuple(v) for k, v in out.items()}


def _truncated_place(place: str) -> bool:
    """A place cut inside a province's name ("tỉnh Thừa Thiên" is Huế's old name, not a cut;
    "tỉnh Bà Rịa" is)."""
    m = _PLACE_RE.search(place)
    name = m.group("name") if m else place
    if not name:
        return False
    if name in _PROVINCE_BY_KEY:
        return False
    return any(k.startswith(name + " ") for k in _PROVINCE_BY_KEY)


# --- organiser compatibility ----------------------------------------------------------------

_SPLIT_RE = re.compile(
    r"\s*(?:;|,(?!\s*(?i:thể thao|chiến lược|báo chí|giáo dục pháp luật|các đoàn thể|"
    r"(?:tỉnh|huyện|quận)(?! ?(?:ủy|uỷ|đoàn))|thành phố|thị xã|xã|phường|thị trấn)\b)"
    # "Hội đồng phối hợp PBGDPL …" is one body, not "Hội đồng" with a co-organiser
    r"|(?<!ồng )(?<!ỒNG )\bphối hợp với\b|(?<!ồng )(?<!ỒNG )\bphối hợp\b|\bcùng với\b"
    # "Bộ Chính trị và Ban Bí thư": two leadership bodies joined by "và"
    r"|\s+và\s+(?=(?i:ban bí thư|bộ chính trị|ban chấp hành trung ương)\b))\s*"
)


def split_organizers(organizer: str) -> list[str]:
    """Co-organisers written in one field: "Bộ Chính trị, Ban Bí thư" → two; "Sở Tư pháp;
    Tỉnh đoàn" → two; "Bộ Văn hóa, Thể thao và Du lịch" stays one."""
    whole = organizer.strip(" ,.;")
    if not whole:
        return []
    if organization_key(whole) in _known_bodies():
        return [whole]  # "Bộ VH, TT&DL": one body whose name holds a comma
    parts = [p.strip(" ,.;") for p in _SPLIT_RE.split(whole)]
    return [p for p in parts if p]


def _lineage(head: str) -> str:
    """The latest successor of a head, whatever the day (predecessor and successor are one
    organiser for compatibility: reports around a merger use both names)."""
    h, _ = _successor(head, date.max)
    return h


_LEADERSHIP_RE = re.compile(
    r"^(?:ban thường vụ bộ chính trị|thường trực ban bí thư|bộ chính trị|ban bí thư|"
    r"ban chấp hành trung ương|trung ương)(?: trung ương)?(?: đảng)?(?: cộng sản việt nam)?$"
)
_LEADERSHIP_STAFF = frozenset(
    {
        "ban tuyên giáo và dân vận trung ương",
        "văn phòng trung ương đảng",
        # the Secretariat's inspection reviews are run by its inspection commission
        "ủy ban kiểm tra trung ương",
    }
)


# A word that names a kind of body. An organiser field holding none of them is a clause the
# extractor took for one ("Ngay sau kỳ nghỉ Tết"): it says nothing about who organised.
_BODY_WORD_RE = re.compile(
    r"(?:^|\s)(?:ban|bộ|sở|ủy|hội|đảng|đoàn|văn phòng|cục|vụ|viện|trường|báo|đài|tạp chí|"
    r"liên đoàn|liên hiệp|công an|tòa án|mặt trận|chính phủ|quốc hội|trung ương|ngân hàng|"
    r"tập đoàn|công ty|quân khu|quân ủy|bộ tư lệnh|cơ quan|thanh tra|kiểm toán|trung tâm|"
    r"hiệp hội|nhà xuất bản|đại học|thông tấn|chi bộ|bệnh viện|kho bạc|bảo hiểm|cảnh sát|"
    r"tỉnh|thành phố|huyện|quận|xã|phường|thị xã|thị trấn)(?:\s|$)"
)


def names_a_body(name: str) -> bool:
    """Whether an organiser as written names some body (or place) at all."""
    return bool(_BODY_WORD_RE.search(organization_key(name)))


def _part_compatible(a: str, b: str) -> bool:
    pa, pb = parse_organization(a), parse_organization(b)
    if pa is None or pb is None:
        return True
    if not names_a_body(a) or not names_a_body(b):
        return True  # a clause, not an organiser: no evidence either way
    ka = organization_key(a)
    kb = organization_key(b)
    lead_a, lead_b = bool(_LEADERSHIP_RE.match(ka)), bool(_LEADERSHIP_RE.match(kb))
    if lead_a and lead_b:
        return True
    # The leadership's national conferences are run by its staff boards; reports name either.
    if (lead_a and _lineage(pb.head) in _LEADERSHIP_STAFF) or (
        lead_b and _lineage(pa.head) in _LEADERSHIP_STAFF
    ):
        return True
    if pa.province and pb.province and pa.province != pb.province:
        return False
    if (pa.level == "national") != (pb.level == "national") and None not in (pa.level, pb.level):
        return False  # a provincial body and a national one: only the bridge-point rule joins
    ha, hb = _lineage(pa.head), _lineage(pb.head)
    if {ha, hb} in _SECTOR_PARTY_COMMITTEES:
        return True  # a ministry and the party committee of its sector run its conferences
    if ha == hb or _without_and(ha) == _without_and(hb):
        return True  # "Bộ Dân tộc và Tôn giáo" / "Bộ Dân tộc - Tôn giáo" (a dash read as "và")
    if _council_board(ha) is not None and _council_board(ha) == _council_board(hb):
        return True  # a council and its standing board: "Hội đồng" / "Ban Thi đua - Khen thưởng"
    # Nested bodies of one committee: "Tỉnh ủy" / "Ban Thường vụ Tỉnh ủy" / "Ban Tuyên giáo Tỉnh
    # ủy" of one province; one head ending with the other ("… tỉnh ủy" ⊃ "tỉnh ủy").
    # Not the state's own bodies: "Thanh tra Chính phủ", "Văn phòng Quốc hội" are agencies with
    # their own conferences, not parts of the Government's or the Assembly's.
    return (ha.endswith(" " + hb) and hb not in _STATE_BODIES) or (
        hb.endswith(" " + ha) and ha not in _STATE_BODIES
    )


_STATE_BODIES = frozenset({"chính phủ", "quốc hội"})
_COUNCIL_OR_BOARD_RE = re.compile(r"^(?:hội đồng|ban) (?P<what>\S+ \S+.*)$")


def _council_board(head: str) -> str | None:
    """What a council or a board is of ("hội đồng thi đua khen thưởng trung ương" → "thi đua
    khen thưởng trung ương"): a council's standing board bears its name ("Ban Thi đua - Khen
    thưởng Trung ương" runs the conferences of the "Hội đồng Thi đua - Khen thưởng Trung ương")."""
    m = _COUNCIL_OR_BOARD_RE.match(head)
    return m.group("what") if m else None


_SECTOR_PARTY_COMMITTEES = (
    {"đảng ủy công an trung ương", "bộ công an"},
    {"quân ủy trung ương", "bộ quốc phòng"},
    {"đảng ủy quân sự trung ương", "bộ quốc phòng"},
)


def _without_and(key: str) -> str:
    return " ".join(w for w in key.split() if w != "và")


def organizers_compatible(a: str | None, b: str | None) -> bool:
    """Whether two reports' organisers can be those of one conference.

    A missing organiser is compatible with anything. The national leadership ("Bộ Chính trị",
    "Ban Bí thư", "Bộ Chính trị, Ban Bí thư", "Ban Chấp hành Trung ương", "Trung ương") is one
    organiser, compatible too with the staff boards that run its national conferences (Ban Tuyên
    giáo (và Dân vận) Trung ương, Văn phòng Trung ương Đảng). Bodies of two different provinces
    are not compatible, nor a provincial body with a national one (a bridge point's report: the
    linkage decides that with ``organization_level`` and ``organization_province``). Otherwise
    compatible when some co-organiser of one is a co-organiser of the other, the same body under
    its old or new name, or a body nested in it ("Ban Thường vụ Tỉnh ủy" in "Tỉnh ủy").
    Spelling, abbreviations and tone placement do not matter.
    """
    if not a or not b or not a.strip() or not b.strip():
        return True
    parts_a, parts_b = split_organizers(a), split_organizers(b)
    if not parts_a or not parts_b:
        return True
    return any(_part_compatible(x, y) for x in parts_a for y in parts_b)
