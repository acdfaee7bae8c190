"""`vnarchive verify` over a real crawled demo archive: passes as crawled, fails naming the
record on a copy with bytes flipped inside one WARC record or with a capture row deleted."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.verify import CHECK_ARTICLES, CHECK_CAPTURES, CHECK_RECORDS, verify_archive
from vnarchive.cli import app


@pytest.fixture()
def demo_copy(demo_warehouse: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the session's demo warehouse and WARC archive (the original is shared)."""
    shutil.copytree(demo_warehouse.parent / "warc", tmp_path / "warc")
    shutil.copy(demo_warehouse, tmp_path / "w.duckdb")
    return tmp_path / "w.duckdb", tmp_path / "warc"


def _verify(db: Path, archive: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["verify", "--archive", str(archive), "--db", str(db)], terminal_width=400
    )
    return result.exit_code, result.output


def _article_capture(db: Path) -> tuple[str, int, int, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT k.warc_file, k.warc_offset, k.warc_length, k.url FROM captures k "
            "JOIN article_copies c USING (capture_id) ORDER BY k.url LIMIT 1"
        ).fetchone()


def test_verify_passes_on_the_crawled_demo(demo_copy: tuple[Path, Path]) -> None:
    db, archive = demo_copy
    report = verify_archive(db, archive)
    with duckdb.connect(str(db), read_only=True) as con:
        located = con.execute(
            "SELECT count(*) FROM captures WHERE warc_file IS NOT NULL"
        ).fetchone()[0]
        copies = con.execute("SELECT count(*) FROM article_copies").fetchone()[0]
        payload_records = con.execute(
            "SELECT count(*) FROM captures WHERE record_type IN ('response', 'revisit')"
        ).fetchone()[0]
    assert report.ok, report.problems[:5]
    assert report.checked[CHECK_CAPTURES] == located > 0
    assert report.checked[CHECK_ARTICLES] == copies > 0
    assert report.checked[CHECK_RECORDS] >= payload_records > 0
    code, out = _verify(db, archive)
    assert code == 0, out
    assert "archive and warehouse agree" in out
    # the database was opened read-only: a writer can still open it at once
    duckdb.connect(str(db)).close()


def test_verify_names_the_record_whose_bytes_were_flipped(demo_copy: tuple[Path, Path]) -> None:
    db, archive = demo_copy
    warc_file, offset, length, url = _article_capture(db)
    path = archive / warc_file
    data = bytearray(path.read_bytes())
    middle = offset + length // 2  # inside the record's gzip member: its payload
    for i in range(middle, middle + 8):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))

    report = verify_archive(db, archive)
    bad = report.problems_of(CHECK_CAPTURES)
    assert [(p.where, p.url) for p in bad] == [(f"{warc_file}:{offset}", url)]
    code, out = _verify(db, archive)
    assert code == 1
    assert f"{warc_file}:{offset}" in out and url in out


def test_verify_names_the_record_whose_capture_row_was_deleted(
    demo_copy: tuple[Path, Path],
) -> None:
    db, archive = demo_copy
    with duckdb.connect(str(db)) as con:
        capture_id, warc_file, offset, url = con.execute(
            "SELECT k.capture_id, k.warc_file, k.warc_offset, k.url FROM captures k "
            "JOIN page_outcomes o USING (capture_id) WHERE o.outcome = 'listing' "
            "ORDER BY k.url LIMIT 1"
        ).fetchone()
        con.execute("DELETE FROM page_outcomes WHERE capture_id = ?", [capture_id])
        con.execute("DELETE FROM captures WHERE capture_id = ?", [capture_id])

    report = verify_archive(db, archive)
    assert [(p.check, p.where, p.url) for p in report.problems] == [
        (CHECK_RECORDS, f"{warc_file}:{offset}", url)
    ]
    code, out = _verify(db, archive)
    assert code == 1
    assert f"{warc_file}:{offset}" in out and url in out


def test_verify_names_a_capture_whose_digest_disagrees(demo_copy: tuple[Path, Path]) -> None:
    """The record reads fine but is not the payload the warehouse says it fetched."""
    db, archive = demo_copy
    warc_file, offset, _length, url = _article_capture(db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            "UPDATE captures SET payload_digest = 'sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' "
            "WHERE warc_file = ? AND warc_offset = ?",
            [warc_file, offset],
        )
    report = verify_archive(db, archive)
    assert [(p.check, p.where, p.url) for p in report.problems] == [
        (CHECK_CAPTURES, f"{warc_file}:{offset}", url)
    ]
    assert "captures.payload_digest" in report.problems[0].detail


def test_verify_refuses_a_file_that_is_no_warehouse(
    demo_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    _db, archive = demo_copy
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE t (a INTEGER)")
    code, output = _verify(foreign, archive)
    assert code == 2
    assert "not a vnarchive warehouse" in output
    with duckdb.connect(str(foreign), read_only=True) as con:  # nothing was created or migrated
        assert [r[0] for r in con.execute("SHOW TABLES").fetchall()] == ["t"]
