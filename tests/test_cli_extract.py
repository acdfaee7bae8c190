"""`vnarchive extract FILE`: the JSON contract other tools rely on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from vnarchive.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "vnarchive" / "demo_sites" / "data"
FIXTURES = Path(__file__).parent / "fixtures" / "html"
CONTRACT_KEYS = {"title", "published", "text", "directives", "conferences"}
DIRECTIVE_KEYS = {
    "symbol",
    "doc_type",
    "number",
    "year",
    "issuer_code",
    "issuer_name",
    "issued_on",
    "subject",
    # added for entity resolution (issue 11)
    "issuer_stated",
    "locality",
}
CONFERENCE_KEYS = {
    "name",
    "held_on",
    "organizer",
    "chairs",
    "speakers",
    "format",
    "location",
    # added for entity resolution (issue 11)
    "bridge_point",
    "bridge_chairs",
    "status",
    "directives",
    "nationwide",
    "held_until",
}


def _extract(*args: str) -> dict:
    result = CliRunner().invoke(app, ["extract", *args])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) == CONTRACT_KEYS
    for directive in record["directives"]:
        assert set(directive) == DIRECTIVE_KEYS
        assert " " not in directive["symbol"]
    for conference in record["conferences"]:
        assert set(conference) == CONFERENCE_KEYS
    return record


def test_plain_text_seed_resolves_day_month_with_publication_date() -> None:
    record = _extract(
        str(SEEDS / "dangbokhoi-hoi-nghi-quy-iv-2022.txt"), "--published", "2022-11-23"
    )
    assert record["published"] == "2022-11-23"
    symbols = [d["symbol"] for d in record["directives"]]
    for expected in (
        "25-CT/TW",
        "21-KL/TW",
        "01-KL/TW",
        "05-CT/TW",
        "12-KL/TW",
        "01-CT/ĐUK",
        "05-NQ/ĐUK",
        "20-CT/TW",
        "32-KH/ĐUK",
    ):
        assert expected in symbols
    [conference] = record["conferences"]
    assert conference["name"] == "Hội nghị thông tin chuyên đề quý IV/2022"
    assert conference["held_on"] == "2022-11-22"
    assert conference["organizer"] == "Đảng ủy Khối các cơ quan Trung ương"
    assert [c["name"] for c in conference["chairs"]] == ["Nguyễn Quang Trường"]
    assert conference["status"] == "held"
    assert conference["bridge_point"] is None and conference["bridge_chairs"] == []
    assert conference["held_until"] is None and conference["nationwide"] is False
    by_symbol = {d["symbol"]: d for d in record["directives"]}
    assert by_symbol["25-CT/TW"]["issuer_stated"] == "Ban Bí thư"  # "… của Ban Bí thư"
    assert {s["name"] for s in conference["speakers"]} == {"Phạm Thanh Bình", "Ngô Lê Văn"}


def test_html_page_gives_clean_text_and_dated_directives() -> None:
    record = _extract(str(FIXTURES / "haiphong_pbgdpl.html"))
    assert record["title"].startswith("Hội nghị Báo cáo viên tháng 10/2021")
    assert record["published"] == "2021-10-15"
    assert "Cơ quan chủ quản" not in record["text"]
    by_symbol = {d["symbol"]: d for d in record["directives"]}
    assert by_symbol["14-KL/TW"]["issued_on"] == "2021-09-22"
    assert by_symbol["14-KL/TW"]["doc_type"] == "Kết luận"
    assert by_symbol["14-KL/TW"]["issuer_name"] == "Bộ Chính trị"
    assert by_symbol["32-QĐ/TW"]["doc_type"] == "Quy định"
    [conference] = record["conferences"]
    assert conference["format"] == "trực tuyến"
    assert conference["organizer"] == "Đảng ủy Khối các cơ quan Trung ương"


def test_bad_published_date_is_a_clear_error(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("Hội nghị", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(page), "--published", "22/11/2022"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output
