"""Downloader middlewares that archive every HTTP exchange and keep the capture manifest.

Two cooperating middlewares, because no single position in the chain sees everything we need:

* :class:`WarcArchiveMiddleware` (priority 950, next to the downloader) sees each exchange exactly
  as it came off the wire: before HttpCompressionMiddleware (590) decodes the body, before
  RedirectMiddleware (600) turns 3xx into new requests and before RetryMiddleware (550) retries a
  5xx. So the WARC holds raw bytes with honest headers (Content-Encoding matches the stored body)
  and one record pair per attempt and per redirect hop. It notes each capture in
  ``request.meta["warc_captures"]`` (copied into retry/redirect requests by Scrapy).
* :class:`CaptureManifestMiddleware` (priority 40, engine side) only sees the *final* outcome
  of a request (after retries and redirects), so it writes exactly one manifest line per URL:
  each redirect hop, then the final response or the final error. Robots.txt refusals reach its
  ``process_exception`` too (RobotsTxtMiddleware raises IgnoreRequest from process_request, and
  Scrapy runs every middleware's process_exception for that), so they are recorded, not lost.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response

from crawlers.items import ROBOTS_DISALLOWED, CaptureRecord, manifest_path
from crawlers.warc import WarcArchive, safe_run_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

META_CAPTURES = "warc_captures"
# RobotsTxtMiddleware raises a plain IgnoreRequest; its message is the only thing telling it
# apart from offsite/other ignores.
_ROBOTS_MESSAGE = "Forbidden by robots.txt"

STAT_PAGES = "archive/pages"
STAT_ERRORS = "archive/errors"
STAT_ROBOTS = "archive/robots_disallowed"
STAT_HTTP_ERRORS = "archive/http_errors"
STAT_FETCH_ERRORS = "archive/fetch_errors"


class MaxPagesReached(IgnoreRequest):
    """Raised for requests beyond ARCHIVE_MAX_PAGES; not a fetch, so not in the manifest."""


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _archive_settings(settings: BaseSettings) -> tuple[Path, str, str]:
    archive_dir = settings.get("ARCHIVE_DIR")
    run_id = settings.get("ARCHIVE_RUN_ID")
    if not archive_dir or not run_id:
        raise NotConfigured("ARCHIVE_DIR and ARCHIVE_RUN_ID must be set")
    return Path(archive_dir), safe_run_id(run_id), settings.get("ARCHIVE_PREFIX", "vnla")


def _describe(exc: BaseException) -> str:
    msg = str(exc).strip()
    name = type(exc).__name__
    return f"{name}: {msg}" if msg else name


class WarcArchiveMiddleware:
    """Write a WARC request+response pair for every HTTP exchange (see module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        archive_dir, run_id, prefix = _archive_settings(settings)
        self.crawler = crawler
        self.archive = WarcArchive(
            archive_dir,
            run_id,
            prefix=prefix,
            max_file_size=settings.getint("ARCHIVE_MAX_FILE_SIZE", 1024**3),
            software=f"vn-legal-archive/0.1 Scrapy/{scrapy.__version__} warcio",
            extra_info={"http-header-user-agent": settings.get("USER_AGENT", "")},
        )
        self.max_pages = settings.getint("ARCHIVE_MAX_PAGES", 0)
        self.started = 0
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        return cls(crawler)

    def _spider_closed(self) -> None:
        self.archive.close()
        self.crawler.stats.set_value("archive/warc_files", list(self.archive.files))

    def process_request(self, request: Request) -> None:
        # Enforce the page budget here, right before the network (after robots/offsite checks),
        # so it is a hard bound; CLOSESPIDER_PAGECOUNT alone lets in-flight requests overshoot.
        # Retries are the same page and do not count again.
        if self.max_pages and not request.meta.get("retry_times"):
            if self.started >= self.max_pages:
                raise MaxPagesReached(f"ARCHIVE_MAX_PAGES={self.max_pages} reached")
            self.started += 1

    def process_response(self, request: Request, response: Response) -> Response:
        capture = self.archive.write_exchange(
            url=response.url,
            method=request.method,
            request_headers=_header_pairs(request.headers),
            request_body=request.body or b"",
            status=response.status,
            response_headers=_header_pairs(response.headers),
            response_body=response.body,
            protocol=response.protocol or "HTTP/1.1",
            ip_address=str(response.ip_address) if response.ip_address else None,
        )
        entry = {
            "url": response.url,
            "status": response.status,
            "content_type": _header(response, b"Content-Type"),
            "warc_file": capture.warc_file,
            "warc_offset": capture.offset,
            "warc_length": capture.length,
            "fetched_at": _now_iso(),
            "error": None,
            "payload_digest": capture.payload_digest,
            "content_length": len(response.body),
        }
        # Rebuild the list instead of appending: retry/redirect requests get a shallow meta copy.
        request.meta[META_CAPTURES] = [*request.meta.get(META_CAPTURES, []), entry]
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):
            return None  # nothing was sent (robots/offsite/budget): no WARC record
        try:
            self.archive.write_failure(
                url=request.url,
                method=request.method,
                request_headers=_header_pairs(request.headers),
                request_body=request.body or b"",
                error=_describe(exception),
            )
        except Exception:  # archiving a failure must never mask the failure itself
            logger.exception("could not write WARC failure record for %s", request.url)
        return None


class CaptureManifestMiddleware:
    """Append one JSON line per fetched URL to ``<archive_dir>/<run_id>.captures.jsonl``."""

    def __init__(self, crawler: Crawler) -> None:
        archive_dir, run_id, _ = _archive_settings(crawler.settings)
        archive_dir.mkdir(parents=True, exist_ok=True)
        self.crawler = crawler
        self.stats = crawler.stats
        self.run_id = run_id
        self.path = manifest_path(archive_dir, run_id)
        # Line-buffered append: each line hits the OS as soon as it is written.
        self._fh = open(self.path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        self.stats.set_value("archive/manifest", str(self.path))
        for key in (STAT_PAGES, STAT_ERRORS, STAT_ROBOTS, STAT_HTTP_ERRORS, STAT_FETCH_ERRORS):
            self.stats.set_value(key, 0)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CaptureManifestMiddleware:
        return cls(crawler)

    def _spider_closed(self) -> None:
        self._fh.close()

    def _write(self, fields: dict[str, Any]) -> None:
        record = CaptureRecord.model_validate({**fields, "run_id": self.run_id})
        self._fh.write(record.to_json_line())
        if record.error == ROBOTS_DISALLOWED:
            self.stats.inc_value(STAT_ROBOTS)
        elif record.error is not None:
            self.stats.inc_value(STAT_FETCH_ERRORS)
            self.stats.inc_value(STAT_ERRORS)
        else:
            self.stats.inc_value(STAT_PAGES)
            if record.status is not None and record.status >= 400:
                self.stats.inc_value(STAT_HTTP_ERRORS)
                self.stats.inc_value(STAT_ERRORS)

    def _write_captures(self, request: Request, final_error_url: str | None = None) -> None:
        # One line per URL: a retried URL keeps only its last attempt (all attempts stay in the
        # WARC); a URL that finally failed is written by the caller as an error line instead.
        last: dict[str, dict[str, Any]] = {}
        for entry in request.meta.get(META_CAPTURES, []):
            last.pop(entry["url"], None)
            last[entry["url"]] = entry
        if final_error_url is not None:
            last.pop(final_error_url, None)
        for entry in last.values():
            self._write(entry)

    def process_response(self, request: Request, response: Response) -> Response:
        self._write_captures(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):
            if str(exception) != _ROBOTS_MESSAGE:
                return None  # offsite / page budget: never a fetch, not a capture
            error = ROBOTS_DISALLOWED
        else:
            error = _describe(exception)
        self._write_captures(request, final_error_url=request.url)
        self._write(
            {
                "url": request.url,
                "status": None,
                "content_type": None,
                "warc_file": None,
                "warc_offset": None,
                "warc_length": None,
                "fetched_at": _now_iso(),
                "error": error,
                "payload_digest": None,
                "content_length": None,
            }
        )
        return None


def _header_pairs(headers: Any) -> list[tuple[bytes, bytes]]:
    pairs: list[tuple[bytes, bytes]] = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name, value))
    return pairs


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def summary_from_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """The numbers printed in PROGRESS/SUMMARY lines, taken from the crawler stats."""
    return {
        "pages": int(stats.get(STAT_PAGES, 0)),
        "errors": int(stats.get(STAT_ERRORS, 0)),
        "http_errors": int(stats.get(STAT_HTTP_ERRORS, 0)),
        "fetch_errors": int(stats.get(STAT_FETCH_ERRORS, 0)),
        "robots_disallowed": int(stats.get(STAT_ROBOTS, 0)),
        "manifest": stats.get("archive/manifest"),
        "warc_files": stats.get("archive/warc_files", []),
        "finish_reason": stats.get("finish_reason"),
    }


__all__ = [
    "CaptureManifestMiddleware",
    "MaxPagesReached",
    "WarcArchiveMiddleware",
    "summary_from_stats",
]
