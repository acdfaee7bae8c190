"""Disk full while archiving: every record written before the failure stays readable.

A child process writes WARC exchanges with the project's writer under RLIMIT_FSIZE (the kernel
refuses writes past the limit with EFBIG, as a full disk refuses them with ENOSPC), so the last
record is torn mid-write. Readers must give back every whole record and report the torn tail.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from crawlers.inflate import Damage
from crawlers.warc import iter_records, read_record

LIMIT = 60_000  # bytes the "disk" holds: a few records, then the write fails mid-record

CHILD = r"""
import json, random, resource, signal, sys
from crawlers.warc import WarcArchive
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write is an OSError, not a kill
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
rng = random.Random(7)
written, error = [], None
archive = WarcArchive(sys.argv[1], "disk-full")
try:
    for i in range(1000):
        body = bytes(rng.getrandbits(8) for _ in range(6000))  # incompressible: fills fast
        cap = archive.write_exchange(
            url=f"http://h/bai-viet/{i}.html", method="GET", request_headers=[],
            request_body=b"", status=200, response_headers=[("Content-Type", "text/html")],
            response_body=body,
        )
        written.append([cap.warc_file, cap.offset, f"http://h/bai-viet/{i}.html", body.hex()])
except OSError as exc:
    error = f"{type(exc).__name__}: {exc}"
print(json.dumps({"written": written, "error": error}))
"""


def test_records_written_before_the_disk_filled_stay_readable(tmp_path: Path) -> None:
    archive = tmp_path / "warc"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(archive), str(LIMIT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["error"] is not None and "too large" in report["error"].lower()  # EFBIG
    written = report["written"]
    assert len(written) >= 3

    # Every record the writer confirmed reads back at its offset, byte for byte.
    for warc_file, offset, url, body_hex in written:
        _headers, body = read_record(archive, warc_file, offset)
        assert body == bytes.fromhex(body_hex), url

    # Iterating the file gives every confirmed response and reports the torn tail as damage.
    damage: list[Damage] = []
    urls = [meta.url for meta, _ in iter_records(archive, types=("response",), damage=damage)]
    assert urls[: len(written)] == [w[2] for w in written]
    assert len(urls) == len(written)  # the torn record is not half-read
    assert len(damage) == 1
    assert damage[0].offset > written[-1][1]
    assert sum(p.stat().st_size for p in archive.iterdir()) <= LIMIT
