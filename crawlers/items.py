"""Data shapes produced by the crawler: one :class:`CaptureRecord` per manifest line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

logger = logging.getLogger(__name__)

ROBOTS_DISALLOWED = "robots.txt disallowed"


class CaptureRecord(BaseModel):
    """One line of ``<archive_dir>/<run_id>.captures.jsonl``.

    Either a response was archived (``status`` and the ``warc_*`` fields set, ``error`` null) or the
    fetch failed / was refused (``status`` and ``warc_*`` null, ``error`` says why). 4xx/5xx
    responses are *archived* responses: they have a status and WARC location and no ``error``.
    One shape has both: a response archived raw but refused after (a compressed body inflating
    past DOWNLOAD_MAXSIZE) keeps its status and WARC location, ``error`` "too large: …".
    """

    model_config = ConfigDict(extra="ignore")

    url: str
    status: int | None
    content_type: str | None
    warc_file: str | None  # file name relative to the archive dir
    warc_offset: int | None  # byte offset of the response record's gzip member
    warc_length: int | None  # compressed length of that gzip member
    fetched_at: datetime  # UTC
    error: str | None
    run_id: str
    payload_digest: str | None  # "sha1:<base32>" of the HTTP payload as stored
    content_length: int | None  # bytes of the HTTP payload as stored (before content-decoding)
    # Incremental crawling (absent from manifests written before it existed):
    etag: str | None = None  # ETag response header
    last_modified: str | None = None  # Last-Modified response header (HTTP-date)
    sitemap_lastmod: str | None = None  # <lastmod> of the sitemap entry that led here
    # "response" (full payload stored) or "revisit" (no payload: a 304, or a 200 whose payload
    # digest equals the copy already archived); None for failures and old manifests.
    record_type: str | None = None

    @property
    def revisit(self) -> bool:
        return self.record_type == "revisit"

    @property
    def ok(self) -> bool:
        """An archived response with a 2xx status."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def archived(self) -> bool:
        return self.warc_file is not None and self.warc_offset is not None

    def to_json_line(self) -> str:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class SkippedLine:
    """A manifest line that could not be read (torn by a kill, a disk filling up, bad bytes)."""

    file: str
    line: int  # 1-based
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


_RECORD_START = b'{"url"'  # every line starts so (to_json_line dumps the model's fields in order)


def _parse_line(line: bytes) -> tuple[CaptureRecord | None, CaptureRecord | None, str | None]:
    """One manifest line: (record, None, None) when whole; else (None, the whole record glued
    at its end or None, why the line is skipped)."""
    try:
        return CaptureRecord.model_validate_json(line), None, None
    except ValueError as exc:
        reason = str(exc).splitlines()[0][:200]
    start = line.rfind(_RECORD_START)
    if start > 0:  # a torn line, then a whole one appended to it
        try:
            glued = CaptureRecord.model_validate_json(line[start:])
            return None, glued, f"torn line: {start} bytes before a whole record skipped"
        except ValueError:
            pass
    return None, None, reason


def _line_records(line: bytes) -> tuple[list[CaptureRecord], str | None]:
    """The records one manifest line gives (a glued line: the whole one at its end) and why it
    was unreadable (None: it was whole)."""
    record, glued, reason = _parse_line(line)
    if record is not None:
        return [record], None
    return ([glued] if glued is not None else []), reason


def scan_manifest(path: Path | str) -> tuple[list[CaptureRecord], list[SkippedLine]]:
    """Parse a capture manifest: its records, and the lines skipped as unreadable.

    Any line may be damaged, not only the last: a torn write followed by later appends glues a
    partial line to a whole one (the whole record at its end is kept), and a crash or a full disk
    can leave garbage or NUL bytes. Such lines are skipped, never fatal, so a run stays loadable.
    """
    path = Path(path)
    records: list[CaptureRecord] = []
    skipped: list[SkippedLine] = []
    lines = path.read_bytes().split(b"\n")
    last = max((i for i, line in enumerate(lines, 1) if line.strip()), default=0)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        found, reason = _line_records(line)
        records.extend(found)
        if reason is None:
            continue
        where = "last line" if number == last else "line"
        skipped.append(SkippedLine(path.name, number, f"{where} unreadable: {reason}"))
    return records, skipped


class ManifestTail:
    """Follow a manifest while its crawl appends to it: each :meth:`read` returns the records
    of the lines completed since the last call, read from where it stopped.

    A line still being written (no newline yet) waits for the next call, so a page is handed
    out once and whole; a crawl attempt killed mid-line and retried appends to that torn line,
    which is then read like :func:`scan_manifest` reads it (the whole record glued at its end
    kept). ``read(final=True)``, once the crawl has exited, also reads an unterminated last
    line. The file need not exist yet (the crawler creates it when it starts).
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.offset = 0  # bytes consumed, up to the end of the last complete line
        self.lines = 0  # lines consumed (numbers for SkippedLine)
        self.skipped: list[SkippedLine] = []

    def read(
        self, final: bool = False, limit: int = 1 << 24, quiet: bool = False
    ) -> list[CaptureRecord]:
        """Records of the complete lines written since the last call (at most ``limit`` bytes
        read, so a huge backlog comes in slices; the rest waits for the next call). Unreadable
        lines are logged (unless ``quiet``) and kept in :attr:`skipped`."""
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                data = fh.read(limit)
                while b"\n" not in data and (more := fh.read(limit)):
                    data += more  # a line longer than ``limit`` is read whole, never cut
                at_end = not fh.read(1)
        except FileNotFoundError:
            return []
        end = data.rfind(b"\n") + 1
        if final and at_end:
            end = len(data)  # the crawl is over: an unterminated last line is read too
        chunk = data[:end]
        lines = chunk.split(b"\n")
        if chunk.endswith(b"\n"):
            lines.pop()  # what follows the last newline is not a line
        records: list[CaptureRecord] = []
        for line in lines:
            self.lines += 1
            if not line.strip():
                continue
            found, reason = _line_records(line)
            records.extend(found)
            if reason is None:
                continue
            skip = SkippedLine(self.path.name, self.lines, f"line unreadable: {reason}")
            if not quiet:
                logger.warning("capture manifest %s", skip)
            self.skipped.append(skip)
        self.offset += end
        return records


def iter_manifest(path: Path | str) -> Iterator[CaptureRecord]:
    """The records of a finished manifest, a slice at a time (a run's report reads its whole
    manifest without holding it in memory); damaged lines read as :func:`scan_manifest` reads
    them, without warnings (the run logged them when it first read the manifest)."""
    tail = ManifestTail(path)
    try:
        size = tail.path.stat().st_size
    except FileNotFoundError:
        return
    while tail.offset < size:
        yield from tail.read(final=True, limit=1 << 22, quiet=True)


def read_manifest(
    path: Path | str, skipped: list[SkippedLine] | None = None
) -> list[CaptureRecord]:
    """The records of a capture manifest; unreadable lines are logged (and appended to
    ``skipped`` when given) instead of failing the run (see :func:`scan_manifest`)."""
    records, bad = scan_manifest(path)
    for entry in bad:
        logger.warning("capture manifest %s", entry)
    if skipped is not None:
        skipped.extend(bad)
    return records
