"""Data shapes produced by the crawler: one :class:`CaptureRecord` per manifest line."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

ROBOTS_DISALLOWED = "robots.txt disallowed"


class CaptureRecord(BaseModel):
    """One line of ``<archive_dir>/<run_id>.captures.jsonl``.

    Either a response was archived (``status`` and the ``warc_*`` fields set, ``error`` null) or the
    fetch failed / was refused (``status`` and ``warc_*`` null, ``error`` says why). 4xx/5xx
    responses are *archived* responses: they have a status and WARC location and no ``error``.
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


def manifest_path(archive_dir: Path | str, run_id: str) -> Path:
    return Path(archive_dir) / f"{run_id}.captures.jsonl"


def read_manifest(path: Path | str) -> list[CaptureRecord]:
    """Parse a capture manifest; a torn last line (crawl killed mid-write) is skipped."""
    records: list[CaptureRecord] = []
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            records.append(CaptureRecord.model_validate_json(line))
        except ValueError:
            if i == len(lines) - 1:
                break  # only the very last line may be partial
            raise
    return records
