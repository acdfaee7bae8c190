"""Damaged archives: decompression bombs, corrupt / torn / garbage WARC members, torn manifests.

Real WARC files written by the project's own WarcArchive (and the demo crawl's archive), damaged
byte by byte, read back by the real readers and reprocessed by the real flow into DuckDB.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tracemalloc
import zlib
from pathlib import Path

import brotli
import duckdb
import pytest
from demo_helpers import content_rows

from crawlers.inflate import (
    MAX_BODY_BYTES,
    BodyDecodeError,
    BodyTooLarge,
    MemberDamaged,
    decode_body,
)
from crawlers.items import SkippedLine, read_manifest, scan_manifest
from crawlers.layout import ArchiveLayout
from crawlers.warc import Capture, WarcArchive, iter_records, iter_responses, read_record
from flows.frontier import pending_urls
from flows.reprocess import ReprocessSummary, damage_report, reprocess_flow
from warehouse.db import Warehouse

CAP = 1024 * 1024  # a small cap for the pure decoding tests; the archive tests use the real one


# -- capped decoding of HTTP bodies ----------------------------------------------------------------
def _zstd_compress(data: bytes) -> bytes:
    try:
        from compression import zstd  # type: ignore[import-not-found]
    except ImportError:
        from backports import zstd  # type: ignore[import-not-found,no-redef]
    return zstd.compress(data)


def _deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


ENCODERS = {
    "gzip": lambda d: gzip.compress(d),
    "deflate": zlib.compress,
    # quality 5, not the default 11: the 64 MB bomb took ~6 s to build at 11 and is as small here
    "br": lambda d: brotli.compress(d, quality=5),
    "zstd": _zstd_compress,
}


@pytest.mark.parametrize("coding", sorted(ENCODERS))
def test_decode_body_round_trips_and_caps_every_coding(coding: str) -> None:
    page = "<p>Hội nghị phổ biến, giáo dục pháp luật</p>".encode() * 500
    assert decode_body(ENCODERS[coding](page), coding, CAP) == page
    assert decode_body(ENCODERS[coding](b"x" * CAP), coding, CAP) == b"x" * CAP  # at the cap
    bomb = ENCODERS[coding](b"\0" * (CAP * 64))
    assert len(bomb) < CAP // 4
    with pytest.raises(BodyTooLarge, match="body inflates past 1 MB cap"):
        decode_body(bomb, coding, CAP)


def test_decode_body_edge_cases() -> None:
    page = b"<p>trang</p>" * 100
    # raw deflate (some servers), concatenated gzip members, layered codings, identity
    assert decode_body(_deflate_raw(page), "deflate", CAP) == page
    assert decode_body(gzip.compress(page) + gzip.compress(page), "gzip", CAP) == page * 2
    assert decode_body(brotli.compress(gzip.compress(page)), "gzip, br", CAP) == page
    assert decode_body(page, "identity", CAP) == page
    # labelled gzip but sent plain, and an unknown coding: the bytes as stored
    assert decode_body(page, "gzip", CAP) == page
    assert decode_body(page, "x-unknown", CAP) == page
    # a stored body past the cap is refused before any work
    with pytest.raises(BodyTooLarge, match="past the 1 MB cap"):
        decode_body(b"a" * (CAP + 1), None, CAP)
    # cut short: what inflated is kept (as Scrapy does); garbage after some output: an error
    packed = gzip.compress(page * 50)
    assert (page * 50).startswith(decode_body(packed[: len(packed) // 2], "gzip", CAP))
    broken = bytearray(gzip.compress(bytes(range(256)) * 400))
    broken[len(broken) // 2 : len(broken) // 2 + 8] = b"\xff" * 8
    with pytest.raises(BodyDecodeError, match="corrupt gzip body"):
        decode_body(bytes(broken), "gzip", CAP)


# -- damaged WARC files --------------------------------------------------------------------------
RUN = "20240101T000000Z-damage"


def _write_pages(archive: Path, n: int) -> list[Capture]:
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    with WarcArchive(archive, RUN) as warc:
        return [
            warc.write_exchange(
                url=f"http://h/bai-viet/{i}.html",
                method="GET",
                request_headers=[],
                request_body=b"",
                status=200,
                response_headers=headers,
                response_body=gzip.compress(f"<p>bài {i}</p>".encode() * 300),
            )
            for i in range(n)
        ]


def _flip(data: bytearray, at: int, n: int = 16) -> None:
    for k in range(at, at + n):
        data[k] ^= 0xFF


# Garbage with a fake gzip magic in it: resynchronisation must not take it for a member.
GARBAGE = b"\0garbage\0" * 20 + b"\x1f\x8b\x08\0fake member" + b"\xde\xad" * 40


def test_iter_records_skips_corrupt_garbage_and_torn_members(tmp_path: Path) -> None:
    caps = _write_pages(tmp_path, 8)
    path = tmp_path / caps[0].warc_file
    data = bytearray(path.read_bytes())
    _flip(data, caps[2].offset + caps[2].length // 2)  # inside page 2's response member
    torn = caps[7].offset + caps[7].length // 2
    del data[torn:]  # page 7 torn mid-member, as by SIGKILL (and its request record gone)
    at = caps[5].offset  # garbage between page 4's request record and page 5's response
    data[at:at] = GARBAGE
    path.write_bytes(bytes(data))

    damage: list = []
    got = [(m.url, m.offset, body) for m, body in iter_responses(path, damage=damage)]

    shift = len(GARBAGE)
    expected = [
        (f"http://h/bai-viet/{i}.html", caps[i].offset + (shift if i >= 5 else 0))
        for i in (0, 1, 3, 4, 5, 6)
    ]
    assert [(u, o) for u, o, _ in got] == expected
    assert all(body == f"<p>bài {u[-6]}</p>".encode() * 300 for u, _, body in got)
    assert [(d.file, d.offset) for d in damage] == [
        (path.name, caps[2].offset),
        (path.name, at),
        (path.name, caps[7].offset + shift),
    ]
    assert "corrupt gzip member" in damage[0].reason
    assert damage[0].length == caps[2].length  # resynchronised on the very next member
    assert damage[1].length == shift
    assert "torn gzip member" in damage[2].reason
    assert str(damage[2]).startswith(f"{path.name}:{caps[7].offset + shift}: torn gzip member")

    # By offset: the damaged member is a clear error, its neighbours read fine.
    with pytest.raises(MemberDamaged, match=rf"{path.name}:{caps[2].offset}: corrupt gzip"):
        read_record(tmp_path, path.name, caps[2].offset)
    meta, body = read_record(tmp_path, path.name, caps[3].offset)
    assert meta.url == "http://h/bai-viet/3.html" and body.startswith("<p>bài 3</p>".encode())
    assert meta.length == caps[3].length


def test_a_bomb_in_the_archive_is_read_within_the_cap(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, RUN) as warc:
        bomb = warc.write_exchange(
            url="http://h/bom", method="GET", request_headers=[], request_body=b"", status=200,
            response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "br")],
            response_body=brotli.compress(b"\0" * (4 * MAX_BODY_BYTES), quality=5),
        )  # fmt: skip
        warc.write_exchange(
            url="http://h/sau", method="GET", request_headers=[], request_body=b"", status=200,
            response_headers=[("Content-Type", "text/html")], response_body=b"<p>sau</p>",
        )  # fmt: skip
    tracemalloc.start()
    try:
        got = [(m.url, m.body_error, body) for m, body in iter_responses(tmp_path)]
        with pytest.raises(BodyTooLarge, match="body inflates past 20 MB cap"):
            read_record(tmp_path, bomb.warc_file, bomb.offset)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == [
        ("http://h/bom", "too large: body inflates past 20 MB cap", b""),
        ("http://h/sau", None, b"<p>sau</p>"),
    ]
    assert peak < 1.5 * MAX_BODY_BYTES, f"reading the bomb allocated {peak} bytes"


def test_an_unreadable_file_is_damage_not_a_crash(tmp_path: Path) -> None:
    caps = _write_pages(tmp_path, 2)
    (tmp_path / "vnla-20240101T000000Z-damage-00001.warc.gz").write_bytes(b"\0" * 4096)
    damage: list = []
    assert len(list(iter_records(tmp_path, types=("response",), damage=damage))) == len(caps)
    assert [(d.file, d.offset, d.length) for d in damage] == [
        ("vnla-20240101T000000Z-damage-00001.warc.gz", 0, 4096)
    ]


# -- damaged manifests ---------------------------------------------------------------------------
def _line(url: str) -> str:
    return json.dumps({
        "url": url, "status": 200, "content_type": "text/html", "warc_file": "f.warc.gz",
        "warc_offset": 0, "warc_length": 1, "fetched_at": "2024-01-01T00:00:00Z", "error": None,
        "run_id": "r", "payload_digest": None, "content_length": 1,
    })  # fmt: skip


def test_manifest_lines_damaged_anywhere_are_skipped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "r.captures.jsonl"
    lines = [
        _line("http://h/1").encode(),
        b"\0\0\0\0",  # a crash left NUL bytes
        _line("http://h/2")[:40].encode() + _line("http://h/3").encode(),  # torn, then appended
        b"\xff\xfe not utf-8 \xc3",
        _line("http://h/4").encode(),
        _line("http://h/5")[:30].encode(),  # torn last line
    ]
    path.write_bytes(b"\n".join(lines))

    records, skipped = scan_manifest(path)
    assert [r.url for r in records] == ["http://h/1", "http://h/3", "http://h/4"]
    assert [s.line for s in skipped] == [2, 3, 4, 6]
    assert skipped[1].reason.startswith("line unreadable: torn line: 40 bytes before")
    assert skipped[3].reason.startswith("last line unreadable")
    assert str(skipped[0]).startswith("r.captures.jsonl:2: line unreadable")
    collected: list[SkippedLine] = []
    assert read_manifest(path, collected) == records and collected == skipped


def test_recovery_goes_on_over_a_damaged_manifest(tmp_path: Path) -> None:
    run = "20240101T000000Z-dead"
    (tmp_path / f"{run}.captures.jsonl").write_bytes(
        b"\n".join([_line("http://h/1").encode(), b"{torn", _line("http://h/2").encode(), b""])
    )
    frontier = [json.dumps({"url": f"http://h/{i}"}).encode() for i in (1, 2, 3)]
    (tmp_path / f"{run}.frontier.jsonl").write_bytes(
        b"\n".join([frontier[0], b"\xff\xfe{broken", *frontier[1:], b""])
    )
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        assert pending_urls(warehouse, ArchiveLayout(tmp_path), [run]) == ["http://h/3"]


# -- reprocess over a damaged copy of the demo archive -------------------------------------------
CONTENT = {
    "articles": "url, content_hash, copies, title, body, published_on, source_id, article_id",
    "article_copies": "url, article_id, content_hash, source_id, title, published_on, author",
    "directives": "*",
    "directive_mentions": "*",
    "conferences": "*",
    "conference_articles": "*",
    "conference_participants": "*",
    "people": "*",
    "positions": "*",
    "sources": "*",
}


def _rows(db: Path) -> dict[str, list[tuple]]:
    return content_rows(db, CONTENT)


@pytest.mark.usefixtures("prefect_harness")
def test_reprocess_over_a_damaged_archive_keeps_every_good_page(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    source = demo_warehouse.parent / "warc"
    damaged, reference = tmp_path / "damaged", tmp_path / "reference"
    shutil.copytree(source, damaged)
    shutil.copytree(source, reference)
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        sources = con.execute(
            "SELECT source_id, name, base_url, organization, family, priority, province "
            "FROM sources"
        ).fetchall()
        pages = con.execute(
            "SELECT k.url, k.warc_file, k.warc_offset, k.warc_length FROM article_copies c "
            "JOIN captures k USING (capture_id) ORDER BY k.warc_file, k.warc_offset"
        ).fetchall()
        last = con.execute(
            "SELECT url, warc_file, warc_offset, warc_length FROM captures "
            "WHERE warc_file = ? ORDER BY warc_offset DESC LIMIT 1",
            [pages[-1][1]],
        ).fetchone()
    from sites import Source

    keys = ["source_id", "name", "base_url", "organization", "family", "priority", "province"]
    specs = [Source(**dict(zip(keys, row, strict=True))) for row in sources]
    flipped = pages[len(pages) // 3]
    garbage_before = pages[2 * len(pages) // 3]
    assert flipped[1] == garbage_before[1] == last[1]
    name = flipped[1]

    original = (source / name).read_bytes()
    data = bytearray(original)
    _flip(data, flipped[2] + flipped[3] // 2)
    del data[last[2] + last[3] // 2 :]
    data[garbage_before[2] : garbage_before[2]] = GARBAGE
    (damaged / name).write_bytes(bytes(data))
    # The reference: the same archive without the records the damage destroys.
    cut = original[: flipped[2]] + original[flipped[2] + flipped[3] : last[2]]
    (reference / name).write_bytes(cut)

    (run_id,) = ArchiveLayout(damaged).warc_runs()
    manifest = damaged / f"{run_id}.captures.jsonl"
    lines = manifest.read_bytes().split(b"\n")
    lines[3:3] = [b"\0" * 64, b'{"url": "http://torn']
    manifest.write_bytes(b"\n".join(lines))

    # A later run holding one decompression bomb (and nothing else), in the damaged copy only.
    bomb_url = pages[0][0].rsplit("/", 1)[0] + "/bom.html"
    with WarcArchive(damaged, "29991231T000000Z-bomb") as warc:
        warc.write_exchange(
            url=bomb_url, method="GET", request_headers=[], request_body=b"", status=200,
            response_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            response_body=gzip.compress(b"<p>" + b"\0" * (2 * MAX_BODY_BYTES), 6),
        )  # fmt: skip

    got = reprocess_flow(str(damaged), str(tmp_path / "damaged.duckdb"), sources=specs)
    want = reprocess_flow(str(reference), str(tmp_path / "reference.duckdb"), sources=specs)

    # Every good page is kept: the content is what the archive minus the damaged records gives.
    assert _rows(tmp_path / "damaged.duckdb") == _rows(tmp_path / "reference.duckdb")
    kept = {row[0] for row in _rows(tmp_path / "damaged.duckdb")["article_copies"]}
    assert flipped[0] not in kept and last[0] not in kept  # the damage did destroy them
    assert len(kept) >= len(pages) - 2
    # ... and what was skipped is said, with where.
    shift = len(GARBAGE)
    assert got.damaged_records == 3 and want.damaged_records == 0
    assert [d.split(": ", 1)[0] for d in got.damage] == [
        f"{name}:{flipped[2]}",
        f"{name}:{garbage_before[2]}",
        f"{name}:{last[2] + shift}",
    ]
    assert flipped[0] in got.lost_urls
    assert got.skipped_manifest_lines == 2 and want.skipped_manifest_lines == 0
    assert got.manifest_damage[0].startswith(f"{manifest.name}:4: line unreadable")
    report = damage_report(got)  # what the CLI prints under its table
    assert len(report) == 3 + len(got.lost_urls) + 2 and damage_report(want) == []
    assert report[0].startswith(f"damaged WARC, skipped: {name}:{flipped[2]}: corrupt gzip")
    # The bomb is a capture whose extraction failed with the reason; the run went on.
    assert got.extract_errors == want.extract_errors + 1
    assert got.captures == want.captures + 1
    with duckdb.connect(str(tmp_path / "damaged.duckdb"), read_only=True) as con:
        assert con.execute("SELECT status FROM captures WHERE url = ?", [bomb_url]).fetchall() == [
            (200,)
        ]
        runs = con.execute("SELECT status FROM crawl_runs").fetchall()
    assert runs == [("completed",), ("completed",)]


def test_damage_report_lists_what_was_skipped_and_bounds_its_length() -> None:
    summary = ReprocessSummary(
        db_path="w.duckdb", archive_dir="warc", runs=["r"], warc_files=1, captures=0,
        fetch_errors=0, pages_extracted=0, extract_errors=0, attachments=0, articles_total=0,
        totals={}, damaged_records=25, damage=[f"f.warc.gz:{i}: torn" for i in range(25)],
        lost_urls=["http://h/1"], skipped_manifest_lines=1,
        manifest_damage=["r.captures.jsonl:3: x"],
    )  # fmt: skip
    report = damage_report(summary, limit=20)
    assert report[0] == "damaged WARC, skipped: f.warc.gz:0: torn"
    assert "page lost to WARC damage: http://h/1" in report
    assert "unreadable manifest line, skipped: r.captures.jsonl:3: x" in report
    assert report[-1] == "… and 5 more (see the flow run's log)" and len(report) == 23


@pytest.mark.usefixtures("prefect_harness")
def test_recovery_of_a_dead_run_goes_on_over_its_damaged_manifest(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from prefect import flow

    from crawlers.items import CaptureRecord
    from flows.archive import recover_interrupted
    from sites import Source

    archive, db, dead = tmp_path / "warc", tmp_path / "w.duckdb", "20240101T000000Z-dead"
    caps = _write_pages(archive, 3)
    lines = [
        CaptureRecord(
            url=f"http://h/bai-viet/{i}.html", status=200, content_type="text/html",
            warc_file=c.warc_file, warc_offset=c.offset, warc_length=c.length,
            fetched_at=datetime(2024, 1, 1, 0, 0, i, tzinfo=UTC), error=None, run_id=dead,
            payload_digest=c.payload_digest, content_length=1, record_type="response",
        ).to_json_line().encode()
        for i, c in enumerate(caps)
    ]  # fmt: skip
    # the dead run's manifest: damaged in the middle (a torn line glued to the next write, NUL
    # bytes) and torn at the end
    (archive / f"{dead}.captures.jsonl").write_bytes(
        lines[0] + b"\0" * 32 + b"\n" + lines[1][:50] + lines[1] + lines[2][:60]
    )
    sources = [Source.for_start_url("http://h/")]
    with Warehouse(db) as warehouse:
        warehouse.start_run(dead, datetime(2024, 1, 1, tzinfo=UTC), ["http://h/"])

    @flow
    def recover() -> list[str]:
        return recover_interrupted(
            str(db), ArchiveLayout(archive), "20240102T000000Z-next", sources
        )

    assert recover() == [dead]
    with duckdb.connect(str(db), read_only=True) as con:
        urls = con.execute("SELECT url FROM captures WHERE run_id = ? ORDER BY url", [dead])
        assert [u for (u,) in urls.fetchall()] == [
            "http://h/bai-viet/0.html",
            "http://h/bai-viet/1.html",
        ]
        status = con.execute("SELECT status FROM crawl_runs WHERE run_id = ?", [dead]).fetchone()
    assert status == ("interrupted",)


def test_uncompressed_warc_files_are_read_and_their_damage_reported(tmp_path: Path) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "other-tool.warc"
    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for i in range(3):
            body = gzip.compress(f"<p>trang {i}</p>".encode())
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                protocol="HTTP/1.1",
            )  # fmt: skip
            offsets.append(fh.tell())
            writer.write_record(writer.create_warc_record(
                f"http://h/{i}", "response", payload=io.BytesIO(body), length=len(body),
                http_headers=http,
            ))  # fmt: skip
    got = [(m.url, m.offset, b) for m, b in iter_responses(path)]
    assert got == [(f"http://h/{i}", offsets[i], f"<p>trang {i}</p>".encode()) for i in range(3)]
    meta, body = read_record(tmp_path, path.name, offsets[1])
    assert (meta.url, meta.offset, body) == ("http://h/1", offsets[1], b"<p>trang 1</p>")

    data = path.read_bytes()
    path.write_bytes(data[: offsets[1]] + b"garbage\r\n" + data[offsets[1] :])
    damage: list = []
    assert [m.url for m, _ in iter_responses(path, damage=damage)] == ["http://h/0"]
    # the rest of the file, from the end of the last good record, is one damaged stretch
    ((stretch,),) = [damage]
    assert offsets[0] < stretch.offset <= offsets[1]
    assert stretch.offset + stretch.length == len(data) + len(b"garbage\r\n")
