"""Static pools of realistic Vietnamese names, positions, organisations and directives.

People are fictional (real names appear only in the two seed articles); directives are modelled on
real party/state documents. Everything is NFC.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class DirectiveSpec(NamedTuple):
    """One citable document: canonical symbol plus the words used around it."""

    symbol: str
    doc_type: str
    issued_on: date | None
    issuer_code: str
    issuer_phrase: str | None  # "của Bộ Chính trị" — who signed, for the citation text
    subject: str | None  # the "về …" phrase (without "về")
    law_name: str | None = None  # laws are cited by name: "Luật Đất đai số 31/2024/QH15"
    locality: str | None = None  # issuing locality of a local document ("Hải Phòng")


D = DirectiveSpec
DIRECTIVES: list[DirectiveSpec] = [
    # --- Party documents (NUMBER-TYPE/ISSUER)
    D(
        "25-CT/TW",
        "Chỉ thị",
        date(2018, 8, 8),
        "TW",
        "của Ban Bí thư",
        "đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030",
    ),
    D(
        "05-CT/TW",
        "Chỉ thị",
        date(2016, 5, 15),
        "TW",
        "của Bộ Chính trị",
        "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    D(
        "14-KL/TW",
        "Kết luận",
        date(2021, 9, 22),
        "TW",
        "của Bộ Chính trị",
        "chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung",
    ),
    D(
        "32-QĐ/TW",
        "Quy định",
        date(2021, 9, 16),
        "TW",
        "của Bộ Chính trị",
        "chức năng, nhiệm vụ, quyền hạn, chế độ làm việc, mối quan hệ công tác của Ban Chỉ đạo "
        "Trung ương về phòng, chống tham nhũng, tiêu cực",
    ),
    D(
        "24-HD/BTGTW",
        "Hướng dẫn",
        date(2021, 9, 20),
        "BTGTW",
        "của Ban Tuyên giáo Trung ương",
        "đẩy mạnh tuyên truyền phòng, chống dịch Covid-19 và phát triển kinh tế - xã hội trong "
        "trạng thái bình thường mới",
    ),
    D(
        "21-KL/TW",
        "Kết luận",
        date(2021, 10, 25),
        "TW",
        "của Ban Chấp hành Trung ương Đảng khóa XIII",
        "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    ),
    D(
        "01-KL/TW",
        "Kết luận",
        date(2021, 5, 18),
        "TW",
        "của Bộ Chính trị",
        "tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị",
    ),
    D(
        "12-KL/TW",
        "Kết luận",
        date(2021, 8, 6),
        "TW",
        "của Bộ Chính trị",
        "tiếp tục tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống tham nhũng, "
        "tiêu cực",
    ),
    D(
        "32-CT/TW",
        "Chỉ thị",
        date(2003, 12, 9),
        "TW",
        "của Ban Bí thư",
        "tăng cường sự lãnh đạo của Đảng trong công tác phổ biến, giáo dục pháp luật, nâng cao ý "
        "thức chấp hành pháp luật của cán bộ, nhân dân",
    ),
    D(
        "35-NQ/TW",
        "Nghị quyết",
        date(2018, 10, 22),
        "TW",
        "của Bộ Chính trị",
        "tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, "
        "thù địch trong tình hình mới",
    ),
    D(
        "27-NQ/TW",
        "Nghị quyết",
        date(2022, 11, 9),
        "TW",
        "của Ban Chấp hành Trung ương Đảng khóa XIII",
        "tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam trong giai "
        "đoạn mới",
    ),
    # Same symbol, two documents (2019 and 2024): year and date disambiguate.
    D(
        "35-CT/TW",
        "Chỉ thị",
        date(2019, 5, 30),
        "TW",
        "của Bộ Chính trị",
        "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    ),
    D(
        "35-CT/TW",
        "Chỉ thị",
        date(2024, 6, 14),
        "TW",
        "của Bộ Chính trị",
        "đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
    ),
    D(
        "57-NQ/TW",
        "Nghị quyết",
        date(2024, 12, 22),
        "TW",
        "của Bộ Chính trị",
        "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    ),
    D(
        "66-NQ/TW",
        "Nghị quyết",
        date(2025, 4, 30),
        "TW",
        "của Bộ Chính trị",
        "đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước "
        "trong kỷ nguyên mới",
    ),
    D(
        "18-NQ/TW",
        "Nghị quyết",
        date(2017, 10, 25),
        "TW",
        "của Ban Chấp hành Trung ương Đảng khóa XII",
        "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh "
        "gọn, hoạt động hiệu lực, hiệu quả",
    ),
    D(
        "04-NQ/TW",
        "Nghị quyết",
        date(2016, 10, 30),
        "TW",
        "của Ban Chấp hành Trung ương Đảng khóa XII",
        "tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính "
        "trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
    ),
    D(
        "36-HD/VPTW",
        "Hướng dẫn",
        date(2018, 4, 3),
        "VPTW",
        "của Văn phòng Trung ương Đảng",
        "thể thức và kỹ thuật trình bày văn bản của Đảng",
    ),
    D(
        "01-CT/ĐUK",
        "Chỉ thị",
        date(2021, 3, 12),
        "ĐUK",
        "của Ban Thường vụ Đảng ủy Khối",
        "tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, "
        "thù địch trong Đảng bộ Khối các cơ quan Trung ương",
    ),
    D(
        "05-NQ/ĐUK",
        "Nghị quyết",
        date(2021, 8, 24),
        "ĐUK",
        "của Ban Thường vụ Đảng ủy Khối",
        "sự lãnh đạo của các cấp ủy Đảng trong Đảng bộ Khối các cơ quan Trung ương thực hiện "
        "chuyển đổi số trong hoạt động công tác Đảng giai đoạn 2021-2025",
    ),
    D(
        "32-KH/ĐUK",
        "Kế hoạch",
        date(2022, 3, 2),
        "ĐUK",
        "của Ban Thường vụ Đảng ủy Khối",
        "thực hiện Chỉ thị số 05-CT/TW của Ban Bí thư về tăng cường sự lãnh đạo của Đảng đối với "
        "công tác giảm nghèo bền vững đến năm 2030",
    ),
    D(
        "15-KH/TU",
        "Kế hoạch",
        date(2021, 6, 7),
        "TU",
        "của Ban Thường vụ Thành ủy Hải Phòng",
        "tổ chức học tập, quán triệt, tuyên truyền Nghị quyết Đại hội XIII của Đảng",
        locality="Hải Phòng",
    ),
    D(
        "09-CT/ThU",
        "Chỉ thị",
        date(2022, 4, 19),
        "ThU",
        "của Ban Thường vụ Thành ủy",
        "tăng cường sự lãnh đạo của các cấp ủy đảng đối với công tác phổ biến, giáo dục pháp luật "
        "trên địa bàn thành phố",
        locality="Hải Phòng",
    ),
    # --- State legal normative documents (NUMBER/YEAR/TYPE-ISSUER)
    D("30/2020/NĐ-CP", "Nghị định", date(2020, 3, 5), "CP", "của Chính phủ", "công tác văn thư"),
    D(
        "28/2013/NĐ-CP",
        "Nghị định",
        date(2013, 4, 4),
        "CP",
        "của Chính phủ",
        "quy định chi tiết một số điều và biện pháp thi hành Luật Phổ biến, giáo dục pháp luật",
    ),
    D(
        "118/2021/NĐ-CP",
        "Nghị định",
        date(2021, 12, 23),
        "CP",
        "của Chính phủ",
        "quy định chi tiết một số điều và biện pháp thi hành Luật Xử lý vi phạm hành chính",
    ),
    D(
        "13/2023/NĐ-CP",
        "Nghị định",
        date(2023, 4, 17),
        "CP",
        "của Chính phủ",
        "bảo vệ dữ liệu cá nhân",
    ),
    D(
        "100/2019/NĐ-CP",
        "Nghị định",
        date(2019, 12, 30),
        "CP",
        "của Chính phủ",
        "quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông đường bộ và đường sắt",
    ),
    D(
        "03/2018/TT-BTP",
        "Thông tư",
        date(2018, 3, 10),
        "BTP",
        "của Bộ Tư pháp",
        "quy định Bộ tiêu chí đánh giá hiệu quả công tác phổ biến, giáo dục pháp luật",
    ),
    D(
        "25/2021/QĐ-TTg",
        "Quyết định",
        date(2021, 7, 22),
        "TTg",
        "của Thủ tướng Chính phủ",
        "quy định về xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật",
    ),
    D(
        "12/2023/QĐ-UBND",
        "Quyết định",
        date(2023, 5, 26),
        "UBND",
        "của UBND thành phố",
        "ban hành Quy chế phối hợp trong công tác phổ biến, giáo dục pháp luật trên địa bàn thành "
        "phố",
        locality="Hải Phòng",
    ),
    D(
        "14/2012/QH13",
        "Luật",
        date(2012, 6, 20),
        "QH13",
        None,
        None,
        "Luật Phổ biến, giáo dục pháp luật",
    ),
    D(
        "67/2020/QH14",
        "Luật",
        date(2020, 11, 13),
        "QH14",
        None,
        None,
        "Luật sửa đổi, bổ sung một số điều của Luật Xử lý vi phạm hành chính",
    ),
    D("45/2019/QH14", "Bộ luật", date(2019, 11, 20), "QH14", None, None, "Bộ luật Lao động"),
    D("24/2018/QH14", "Luật", date(2018, 6, 12), "QH14", None, None, "Luật An ninh mạng"),
    D("31/2024/QH15", "Luật", date(2024, 1, 18), "QH15", None, None, "Luật Đất đai"),
    D(
        "36/2024/QH15",
        "Luật",
        date(2024, 6, 27),
        "QH15",
        None,
        None,
        "Luật Trật tự, an toàn giao thông đường bộ",
    ),
    D(
        "64/2025/QH15",
        "Luật",
        date(2025, 2, 19),
        "QH15",
        None,
        None,
        "Luật Ban hành văn bản quy phạm pháp luật",
    ),
    # --- Administrative documents (NUMBER/TYPE-ISSUER)
    D(
        "1521/QĐ-TTg",
        "Quyết định",
        date(2020, 10, 6),
        "TTg",
        "của Thủ tướng Chính phủ",
        "ban hành Kế hoạch triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Xử lý "
        "vi phạm hành chính",
    ),
    D(
        "2658/QĐ-BTP",
        "Quyết định",
        date(2020, 12, 31),
        "BTP",
        "của Bộ Tư pháp",
        "ban hành Kế hoạch công tác phổ biến, giáo dục pháp luật; hòa giải ở cơ sở năm 2021",
    ),
    D(
        "123/QĐ-UBND",
        "Quyết định",
        date(2022, 1, 14),
        "UBND",
        "của UBND thành phố",
        "ban hành Kế hoạch phổ biến, giáo dục pháp luật năm 2022",
        locality="Hải Phòng",
    ),
    D(
        "456/KH-UBND",
        "Kế hoạch",
        date(2023, 12, 28),
        "UBND",
        "của UBND thành phố",
        "phổ biến, giáo dục pháp luật; hòa giải ở cơ sở năm 2024",
        locality="Hải Phòng",
    ),
    D(
        "79/KH-UBND",
        "Kế hoạch",
        date(2024, 2, 27),
        "UBND",
        "của UBND thành phố",
        "thực hiện nhiệm vụ công tác tư pháp năm 2024",
        locality="Hải Phòng",
    ),
    D(
        "1234/BTP-PBGDPL",
        "Công văn",
        date(2023, 4, 10),
        "BTP-PBGDPL",
        "của Bộ Tư pháp",
        "hướng dẫn tổ chức Ngày Pháp luật Việt Nam năm 2023",
    ),
    D(
        "07/CT-TTg",
        "Chỉ thị",
        date(2024, 3, 14),
        "TTg",
        "của Thủ tướng Chính phủ",
        "đẩy mạnh tuyên truyền, phổ biến pháp luật về an toàn giao thông",
    ),
]
del D

# Fictional people (≥ 40): family + middle + given names in common Vietnamese combinations.
NAMES: list[str] = [
    "Nguyễn Văn Hùng",
    "Trần Thị Thu Hà",
    "Lê Quang Minh",
    "Phạm Thị Lan Anh",
    "Hoàng Văn Thắng",
    "Vũ Thị Hồng Nhung",
    "Đặng Minh Tuấn",
    "Bùi Văn Khánh",
    "Đỗ Thị Mai Hương",
    "Ngô Đức Thành",
    "Dương Văn Lợi",
    "Lý Thị Thanh Tâm",
    "Nguyễn Thị Kim Oanh",
    "Trần Quốc Việt",
    "Lê Thị Hải Yến",
    "Phạm Văn Toàn",
    "Hoàng Thị Bích Ngọc",
    "Vũ Đình Trọng",
    "Đặng Thị Phương Thảo",
    "Bùi Quang Huy",
    "Đỗ Văn Cường",
    "Ngô Thị Thùy Linh",
    "Nguyễn Mạnh Hà",
    "Trần Văn Sơn",
    "Lê Hoàng Nam",
    "Phạm Thị Thanh Xuân",
    "Hoàng Anh Dũng",
    "Vũ Văn Bình",
    "Đinh Thị Huyền",
    "Bùi Thị Minh Châu",
    "Đỗ Xuân Trường",
    "Ngô Quang Hải",
    "Nguyễn Thị Ngọc Diệp",
    "Trần Đức Long",
    "Lê Văn Phúc",
    "Phạm Quốc Khánh",
    "Hoàng Thị Thu Trang",
    "Vũ Hồng Quân",
    "Tạ Văn Hiếu",
    "Mai Thị Hạnh",
    "Cao Xuân Lộc",
    "Lương Thị Diệu Linh",
    "Nguyễn Hữu Nghĩa",
    "Trịnh Văn Tiến",
    "Lê Thị Thanh Nga",
    "Phan Văn Đức",
    "Hà Thị Kim Liên",
    "Đào Trọng Hiếu",
]

AUTHORS: list[str] = [
    "Thu Phương",
    "Minh Anh",
    "Hoàng Hà",
    "Ngọc Lan",
    "Thanh Tùng",
    "Mai Hương",
    "Quang Vinh",
    "Hải Yến",
    "PV",
    "Thu Hằng",
    "Đức Anh",
    "Phương Thảo",
    "Ban Biên tập",
]


class Organiser(NamedTuple):
    """A body that holds conferences, with the offices its chairs hold and its venues."""

    name: str
    chair_positions: list[str]
    venues: list[str]
    bridge: str  # local bridge point name used when the conference is online


ORGANISERS: list[Organiser] = [
    Organiser(
        "Đảng ủy Khối các cơ quan Trung ương",
        [
            "Phó Bí thư Đảng ủy Khối các cơ quan Trung ương",
            "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối các cơ quan Trung ương",
            "Bí thư Đảng ủy Khối các cơ quan Trung ương",
        ],
        ["Hội trường Đảng ủy Khối các cơ quan Trung ương, Hà Nội"],
        "Đảng ủy Khối",
    ),
    Organiser(
        "Ban Tuyên giáo Trung ương",
        ["Phó Trưởng ban Tuyên giáo Trung ương", "Trưởng ban Tuyên giáo Trung ương"],
        ["Hội trường Ban Tuyên giáo Trung ương", "Trung tâm Hội nghị quốc gia, Hà Nội"],
        "Trung ương",
    ),
    Organiser(
        "Ban Thường vụ Thành ủy Hải Phòng",
        [
            "Phó Bí thư Thường trực Thành ủy Hải Phòng",
            "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thành ủy Hải Phòng",
        ],
        ["Trung tâm Hội nghị thành phố Hải Phòng", "Hội trường Thành ủy Hải Phòng"],
        "Hải Phòng",
    ),
    Organiser(
        "Ban Tuyên giáo Thành ủy Hải Phòng",
        [
            "Trưởng Ban Tuyên giáo Thành ủy Hải Phòng",
            "Phó Trưởng ban Thường trực Ban Tuyên giáo Thành ủy Hải Phòng",
        ],
        ["Hội trường Thành ủy Hải Phòng"],
        "Hải Phòng",
    ),
    Organiser(
        "Sở Tư pháp thành phố Hải Phòng",
        ["Giám đốc Sở Tư pháp thành phố Hải Phòng", "Phó Giám đốc Sở Tư pháp"],
        ["Hội trường Sở Tư pháp, số 7 Lạch Tray", "Trung tâm Chính trị quận Lê Chân"],
        "Hải Phòng",
    ),
    Organiser(
        "Hội đồng phối hợp phổ biến, giáo dục pháp luật thành phố Hải Phòng",
        [
            "Phó Chủ tịch UBND thành phố, Chủ tịch Hội đồng phối hợp phổ biến, giáo dục pháp "
            "luật thành phố"
        ],
        ["Trung tâm Hội nghị thành phố Hải Phòng"],
        "Hải Phòng",
    ),
    Organiser(
        "Bộ Tư pháp",
        ["Thứ trưởng Bộ Tư pháp", "Bộ trưởng Bộ Tư pháp"],
        ["Trụ sở Bộ Tư pháp, 58-60 Trần Phú, Hà Nội"],
        "Bộ Tư pháp",
    ),
    Organiser(
        "Hội đồng phối hợp phổ biến, giáo dục pháp luật Trung ương",
        [
            "Thứ trưởng Bộ Tư pháp, Phó Chủ tịch Thường trực Hội đồng phối hợp phổ biến, giáo "
            "dục pháp luật Trung ương"
        ],
        ["Trụ sở Bộ Tư pháp, 58-60 Trần Phú, Hà Nội"],
        "Trung ương",
    ),
    Organiser(
        "Đảng ủy Khối các cơ quan thành phố Hải Phòng",
        [
            "Bí thư Đảng ủy Khối các cơ quan thành phố",
            "Phó Bí thư Đảng ủy Khối các cơ quan thành phố Hải Phòng",
        ],
        ["Hội trường Đảng ủy Khối các cơ quan thành phố"],
        "Hải Phòng",
    ),
]

SPEAKER_POSITIONS: list[str] = [
    "Phó Trưởng ban Tuyên giáo Trung ương",
    "Vụ trưởng Vụ Phổ biến, giáo dục pháp luật, Bộ Tư pháp",
    "Phó Chủ nhiệm Ủy ban Pháp luật của Quốc hội",
    "Phó Viện trưởng Viện Khoa học pháp lý, Bộ Tư pháp",
    "Trưởng phòng Phổ biến, giáo dục pháp luật, Sở Tư pháp",
    "Phó Cục trưởng Cục Kiểm tra văn bản quy phạm pháp luật",
    "Giảng viên cao cấp Học viện Chính trị quốc gia Hồ Chí Minh",
    "Phó Giám đốc Công an thành phố",
    "Phó Tổng Biên tập Tạp chí Cộng sản",
    "Vụ trưởng Vụ Thông tin - Báo chí, Bộ Ngoại giao",
    "Phó Chánh Văn phòng Đảng ủy Khối các cơ quan Trung ương",
    "Trưởng Ban Dân vận Đảng ủy Khối các cơ quan Trung ương",
    "Phó Trưởng ban Nội chính Thành ủy",
    "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam thành phố",
    "Phó Giám đốc Sở Thông tin và Truyền thông",
    "Báo cáo viên Trung ương",
]

ATTENDEE_POSITIONS: list[str] = [
    "Ủy viên Ban Thường vụ Thành ủy",
    "Phó Chủ tịch HĐND thành phố",
    "Chánh Văn phòng Đảng ủy Khối",
    "Phó Giám đốc Sở Nội vụ",
]

TOPICS: list[str] = [
    "Tình hình kinh tế - xã hội 9 tháng đầu năm và nhiệm vụ, giải pháp những tháng cuối năm",
    "Một số vấn đề về tình hình thế giới và khu vực hiện nay",
    "Chuyển đổi số trong công tác tuyên truyền, phổ biến pháp luật",
    "Tình hình Biển Đông và công tác bảo vệ chủ quyền biển, đảo",
    "Kết quả công tác phòng, chống tham nhũng, tiêu cực và những vấn đề đặt ra",
    "Công tác xây dựng và thi hành pháp luật trong giai đoạn mới",
    "Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng",
    "Những điểm mới cơ bản của các luật được Quốc hội thông qua tại kỳ họp gần đây",
    "Công tác bảo đảm trật tự, an toàn giao thông trên địa bàn",
    "Kết quả công tác đối ngoại của Đảng và Nhà nước",
]

FILLERS: list[str] = [
    "Công tác tuyên truyền cần bám sát các sự kiện chính trị quan trọng của đất nước, của địa "
    "phương; kịp thời định hướng thông tin, tạo đồng thuận trong cán bộ, đảng viên và Nhân dân.",
    "Các cơ quan, đơn vị cần đổi mới nội dung, hình thức tuyên truyền, phổ biến pháp luật theo "
    "hướng thiết thực, hiệu quả, phù hợp với từng nhóm đối tượng, nhất là ở cơ sở.",
    "Đội ngũ báo cáo viên, tuyên truyền viên pháp luật tiếp tục được củng cố, kiện toàn; chất "
    "lượng các buổi sinh hoạt chuyên đề từng bước được nâng lên.",
    "Việc ứng dụng công nghệ thông tin, chuyển đổi số trong công tác phổ biến, giáo dục pháp luật "
    "được chú trọng, nhiều mô hình mới, cách làm hay được nhân rộng.",
    "Bên cạnh kết quả đạt được, công tác tuyên truyền vẫn còn một số hạn chế: nội dung có lúc "
    "chưa sát thực tiễn, nguồn lực bảo đảm cho công tác này còn khó khăn.",
    "Thời gian tới, các cấp ủy, chính quyền tiếp tục quan tâm lãnh đạo, chỉ đạo, bố trí kinh phí "
    "bảo đảm cho công tác phổ biến, giáo dục pháp luật theo quy định.",
    "Các đảng ủy trực thuộc chủ động nắm bắt tình hình tư tưởng của cán bộ, đảng viên; kịp thời "
    "giải đáp những vấn đề dư luận xã hội quan tâm.",
    "Tiếp tục đấu tranh, phản bác các thông tin sai trái, xuyên tạc trên không gian mạng; lan tỏa "
    "những thông tin tích cực, gương người tốt, việc tốt trong các cơ quan, đơn vị.",
    "Tuyên truyền sâu rộng các ngày lễ lớn, sự kiện lịch sử quan trọng của đất nước, góp phần "
    "giáo dục truyền thống, củng cố niềm tin của Nhân dân đối với Đảng, Nhà nước.",
    "Tinh thần Nghị quyết 57 của Bộ Chính trị cần được quán triệt sâu rộng, gắn với nhiệm vụ "
    "chuyển đổi số của từng cơ quan, đơn vị.",
    "Năm qua, hàng nghìn buổi tuyên truyền trực tiếp đã được tổ chức với sự tham gia của đông đảo "
    "cán bộ, công chức, viên chức, người lao động và Nhân dân.",
    "Các sở, ban, ngành, địa phương đã lồng ghép nội dung phổ biến pháp luật vào các hoạt động "
    "chuyên môn, sinh hoạt của tổ dân phố, thôn, xóm.",
    "Cổng thông tin điện tử, trang thông tin của các cơ quan thường xuyên cập nhật văn bản mới, "
    "tài liệu hỏi đáp pháp luật phục vụ người dân tra cứu.",
    "Hoạt động hòa giải ở cơ sở tiếp tục được duy trì, góp phần giải quyết kịp thời các mâu thuẫn, "
    "tranh chấp nhỏ ngay từ cơ sở.",
]

# Neutral sentences appended when a story is republished with a light edit.
EDIT_SENTENCES: list[str] = [
    "Đây là nhiệm vụ trọng tâm, thường xuyên của các cấp ủy, chính quyền.",
    "Nội dung này được nhiều đại biểu quan tâm, đánh giá cao.",
    "Các đơn vị được yêu cầu báo cáo kết quả thực hiện trước ngày 15 của tháng cuối quý.",
]

ROMAN = ["I", "II", "III", "IV"]

# Documents of the demo world that the citation pool above does not draw from (kept apart so the
# original stories' random stream is unchanged): the seed's second 05-CT/TW (same symbol, the next
# Party term, another issuer) and 20-CT/TW, and local documents whose symbol another locality
# also uses (a local symbol identifies a document only together with its locality).
EXTRA_DOCUMENTS: list[DirectiveSpec] = [
    DirectiveSpec(
        "05-CT/TW",
        "Chỉ thị",
        date(2021, 6, 23),
        "TW",
        "của Ban Bí thư",
        "tăng cường sự lãnh đạo của Đảng đối với công tác giảm nghèo bền vững đến năm 2030",
    ),
    DirectiveSpec(
        "20-CT/TW",
        "Chỉ thị",
        date(2017, 12, 18),
        "TW",
        "của Ban Bí thư",
        "tiếp tục tăng cường, nâng cao chất lượng nghiên cứu, biên soạn, tuyên truyền, giáo dục "
        "lịch sử Đảng",
    ),
    DirectiveSpec(
        "456/KH-UBND",
        "Kế hoạch",
        date(2023, 11, 20),
        "UBND",
        "của UBND tỉnh Bắc Ninh",
        "triển khai công tác phổ biến, giáo dục pháp luật năm 2024 trên địa bàn tỉnh",
        locality="Bắc Ninh",
    ),
    DirectiveSpec(
        "15-KH/TU",
        "Kế hoạch",
        date(2021, 5, 28),
        "TU",
        "của Ban Thường vụ Tỉnh ủy Bắc Ninh",
        "học tập, quán triệt, tuyên truyền và triển khai thực hiện Nghị quyết Đại hội XIII của "
        "Đảng",
        locality="Bắc Ninh",
    ),
]

# The national bodies that hold nationwide online conferences, with the offices of their chairs
# and speakers (fictional holders are drawn from NAMES).
NATIONAL_CHAIRS: list[str] = [
    "Ủy viên Bộ Chính trị, Thường trực Ban Bí thư",
    "Ủy viên Bộ Chính trị, Trưởng Ban Tuyên giáo Trung ương",
    "Bí thư Trung ương Đảng, Trưởng Ban Tuyên giáo Trung ương",
]
NATIONAL_CHAIRS_2025: list[str] = [
    "Ủy viên Bộ Chính trị, Thường trực Ban Bí thư",
    "Ủy viên Bộ Chính trị, Trưởng Ban Tuyên giáo và Dân vận Trung ương",
]
NATIONAL_SPEAKERS: list[str] = [
    "Phó Trưởng ban Tuyên giáo Trung ương",
    "Phó Chủ tịch Hội đồng Lý luận Trung ương",
    "Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh",
    "Phó Trưởng Ban Đối ngoại Trung ương",
    "Thứ trưởng Bộ Tư pháp",
]
# Who chairs a bridge point (điểm cầu) on each demo site's side.
BRIDGE_HOSTS: dict[str, tuple[str, str, list[str]]] = {
    # site: (bridge point as written, host body, chair offices)
    "haiphong-pbgdpl": (
        "thành phố Hải Phòng",
        "Ban Thường vụ Thành ủy Hải Phòng",
        [
            "Phó Bí thư Thường trực Thành ủy Hải Phòng",
            "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thành ủy Hải Phòng",
        ],
    ),
    "dukcqtw": (
        "Đảng ủy Khối các cơ quan Trung ương",
        "Đảng ủy Khối các cơ quan Trung ương",
        ["Phó Bí thư Đảng ủy Khối các cơ quan Trung ương"],
    ),
    "moj-portal": ("Bộ Tư pháp", "Bộ Tư pháp", ["Thứ trưởng Bộ Tư pháp"]),
}
