"""crawlers.layout: the archive's file names are a stable on-disk format.

Archives written before the layout object existed (names spelled out by hand in five modules) must
read the same: the names below are literal strings, never built with the layout, so a change of
format fails here instead of silently orphaning every existing archive."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.items import CaptureRecord, read_manifest
from crawlers.layout import (
    ArchiveLayout,
    WarcName,
    WarehouseFiles,
    parse_warc_name,
    run_id_of,
    safe_run_id,
)
from crawlers.locks import FileLock, is_locked
from crawlers.warc import WarcArchive, read_record
from flows.frontier import hold_flow_lock, interrupted_runs, pending_urls
from flows.reprocess import captures_from_warc, refusals_from_manifest
from warehouse.db import Warehouse

RUN = "20240101T000000Z-abc123"
OTHER = "20240102T000000Z-def456"

# What each file of a run was called before crawlers/layout.py (the stable format).
TODAY = {
    "manifest": f"{RUN}.captures.jsonl",
    "known_pages": f"{RUN}.known.jsonl",
    "frontier_log": f"{RUN}.frontier.jsonl",
    "run_lock": f"{RUN}.lock",
    "flow_lock": f"{RUN}.flow.lock",
    "crawl_log": f"{RUN}.crawl.log",
}


def test_each_file_of_a_run_keeps_its_name(tmp_path: Path) -> None:
    layout = ArchiveLayout(tmp_path)
    for method, name in TODAY.items():
        assert getattr(layout, method)(RUN) == tmp_path / name
    assert layout.warc_file("vnla", RUN, 0) == tmp_path / f"vnla-{RUN}-00000.warc.gz"
    assert layout.warc_file("vnla", RUN, 123456) == tmp_path / f"vnla-{RUN}-123456.warc.gz"
    assert layout.index() == tmp_path / "index.jsonl"
    assert ArchiveLayout(str(tmp_path)).root == tmp_path  # a flow parameter's string
    assert ArchiveLayout.of(layout) is layout


def test_warehouse_lock_files_sit_beside_the_database(tmp_path: Path) -> None:
    files = WarehouseFiles.of(tmp_path / "sub" / ".." / "w.duckdb")
    assert files.load_lock == (tmp_path / "w.duckdb.load.lock").resolve()
    assert files.run_lock == (tmp_path / "w.duckdb.run.lock").resolve()


@pytest.mark.parametrize(
    ("name", "run_id"),
    [
        (f"vnla-{RUN}-00000.warc.gz", RUN),
        (f"vnla-{RUN}-00012.warc", RUN),
        (f"demo-{RUN}-123456.warc.gz", RUN),
        ("vnla-20240101T000000Z-abc-00001.warc.gz", "20240101T000000Z-abc"),
        (f"{RUN}.captures.jsonl", RUN),
        (f"{RUN}.known.jsonl", RUN),
        (f"{RUN}.frontier.jsonl", RUN),
        (f"{RUN}.lock", RUN),
        (f"{RUN}.flow.lock", RUN),
        ("index.jsonl", None),
        ("notes.txt", None),
        ("foreign.warc.gz", None),  # a WARC file, but not one of a run
        (".lock", None),
    ],
)
def test_a_file_name_gives_back_its_run(name: str, run_id: str | None) -> None:
    assert run_id_of(name) == run_id
    assert run_id_of(Path("/archive") / name) == run_id


def test_warc_names_round_trip() -> None:
    parsed = parse_warc_name(f"vnla-{RUN}-00007.warc.gz")
    assert parsed == WarcName("vnla", RUN, 7, gzip=True)
    assert parsed.name == f"vnla-{RUN}-00007.warc.gz"
    assert parse_warc_name(f"vnla-{RUN}-7.warc.gz") is None  # fewer than five digits: not ours
    assert parse_warc_name(f"{RUN}.captures.jsonl") is None


def test_run_ids_are_made_safe_for_file_names() -> None:
    assert safe_run_id(RUN) == RUN
    assert safe_run_id("a/b c") == "a_b_c"
    assert safe_run_id("../x") == "x"  # no way out of the archive directory
    with pytest.raises(ValueError, match="unusable run id"):
        safe_run_id("../")


def _capture(warc_file: str, offset: int, length: int, url: str, digest: str) -> CaptureRecord:
    return CaptureRecord(
        url=url, status=200, content_type="text/html", warc_file=warc_file, warc_offset=offset,
        warc_length=length, fetched_at=datetime(2024, 1, 1, tzinfo=UTC), error=None, run_id=RUN,
        payload_digest=digest, content_length=10, record_type="response",
    )  # fmt: skip


@pytest.fixture
def old_archive(tmp_path: Path) -> Path:
    """An archive as the code before the layout wrote it: every name spelled out literally.

    Real WARC bytes (written by WarcArchive elsewhere) under literal names, two runs, a run
    whose WARC files rotated past 00009 (numeric order, not text order), a foreign WARC, the
    maintenance index, and every per-run file."""
    scratch = tmp_path / "scratch"
    with WarcArchive(scratch, "scratch") as writer:
        cap = writer.write_exchange(
            url="http://h/a", method="GET", request_headers=[], request_body=b"",
            status=200, response_headers=[("Content-Type", "text/html")],
            response_body=b"<p>xin chao</p>",
        )  # fmt: skip
    (written,) = scratch.iterdir()
    archive = tmp_path / "warc"
    archive.mkdir()
    for seq in ("00000", "00010", "00009"):
        shutil.copy(written, archive / f"vnla-{RUN}-{seq}.warc.gz")
    shutil.copy(written, archive / f"vnla-{OTHER}-00000.warc.gz")
    shutil.copy(written, archive / "foreign.warc.gz")
    line = _capture(f"vnla-{RUN}-00010.warc.gz", cap.offset, cap.length, "http://h/a", "d")
    refusal = line.model_copy(
        update={"url": "http://h/private", "warc_file": None, "warc_offset": None,
                "status": None, "error": "robots.txt disallowed"}
    )  # fmt: skip
    (archive / f"{RUN}.captures.jsonl").write_text(
        line.to_json_line() + refusal.to_json_line(), encoding="utf-8"
    )
    (archive / f"{OTHER}.captures.jsonl").write_text("", encoding="utf-8")
    (archive / f"{RUN}.frontier.jsonl").write_text(
        "".join(json.dumps({"url": u}) + "\n" for u in ("http://h/a", "http://h/b")),
        encoding="utf-8",
    )
    (archive / f"{RUN}.known.jsonl").write_text("", encoding="utf-8")
    (archive / f"{RUN}.lock").touch()
    (archive / f"{RUN}.flow.lock").touch()
    (archive / "index.jsonl").write_text("", encoding="utf-8")
    return archive


def test_an_archive_written_with_todays_names_is_read_by_the_layout(old_archive: Path) -> None:
    layout = ArchiveLayout(old_archive)
    assert [p.name for p in layout.manifests()] == [
        f"{RUN}.captures.jsonl",
        f"{OTHER}.captures.jsonl",
    ]
    runs = layout.warc_runs()
    assert list(runs) == [RUN, OTHER]
    assert [p.name for p in runs[RUN]] == [
        f"vnla-{RUN}-00000.warc.gz",
        f"vnla-{RUN}-00009.warc.gz",
        f"vnla-{RUN}-00010.warc.gz",
    ]
    assert [p.name for p in layout.warc_files(RUN)] == [p.name for p in runs[RUN]]
    assert len(layout.warc_files()) == 5  # the foreign file is still one of the archive's WARCs
    assert layout.next_warc_seq("vnla", RUN) == 11
    assert layout.next_warc_seq("vnla", "20240101T000000Z") == 0  # a prefix of RUN: not RUN
    assert layout.next_warc_seq("demo", RUN) == 0

    # The readers, through the layout: the manifest's WARC pointer, reprocess, recovery.
    (capture, refusal) = read_manifest(layout.manifest(RUN))
    meta, body = read_record(layout.root, capture.warc_file, capture.warc_offset)
    assert meta.url == "http://h/a" and body == b"<p>xin chao</p>"
    from_warc = captures_from_warc(RUN, runs[RUN])
    assert {c.warc_file for c in from_warc} == {p.name for p in runs[RUN]}
    assert refusals_from_manifest(layout, RUN) == [refusal]
    with Warehouse(old_archive.parent / "w.duckdb") as warehouse:
        warehouse.start_run(RUN, datetime(2024, 1, 1, tzinfo=UTC), ["http://h/"])
        assert pending_urls(warehouse, layout, [RUN]) == ["http://h/b"]
        assert [d.run_id for d in interrupted_runs(warehouse, layout, "now")] == [RUN]
        with FileLock(old_archive / f"{RUN}.lock", "crawl run"):  # the crawler is alive
            assert interrupted_runs(warehouse, layout, "now") == []


def test_a_new_crawl_writes_todays_names_and_continues_the_numbering(old_archive: Path) -> None:
    with WarcArchive(ArchiveLayout(old_archive), RUN) as writer:
        writer.write_exchange(
            url="http://h/c", method="GET", request_headers=[], request_body=b"",
            status=200, response_headers=[], response_body=b"c",
        )  # fmt: skip
    assert writer.files == [f"vnla-{RUN}-00011.warc.gz"]
    assert (old_archive / f"vnla-{RUN}-00011.warc.gz").is_file()


def test_the_flow_lock_is_the_literal_file_and_refuses_a_second_holder(tmp_path: Path) -> None:
    layout = ArchiveLayout(tmp_path / "new")  # created on demand
    lock = hold_flow_lock(layout, RUN)
    try:
        assert is_locked(tmp_path / "new" / f"{RUN}.flow.lock")
        assert not is_locked(tmp_path / "new" / f"{RUN}.lock")
        with pytest.raises(RuntimeError, match="flow run lock"):
            hold_flow_lock(layout, RUN)
    finally:
        lock.release()
    assert not is_locked(layout.flow_lock(RUN))
