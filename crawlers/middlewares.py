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
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes

from crawlers.frontier import KnownPage, crawler_frontier
from crawlers.items import ROBOTS_DISALLOWED, CaptureRecord
from crawlers.layout import DEFAULT_PREFIX, ArchiveLayout, safe_run_id
from crawlers.scope import SCOPE_PREFIX, STAT_OFFSITE_HOSTS, STAT_SCOPE_REFUSED, ScopeRefused
from crawlers.warc import (
    PROFILE_IDENTICAL_PAYLOAD,
    PROFILE_SERVER_NOT_MODIFIED,
    Revisit,
    WarcArchive,
    payload_digest,
    read_record,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

META_CAPTURES = "warc_captures"
# RobotsTxtMiddleware raises a plain IgnoreRequest; its message is the only thing telling it
# apart from offsite/other ignores.
_ROBOTS_MESSAGE = "Forbidden by robots.txt"
_MAX_REDIRECTS_MESSAGE = "max redirections reached"  # RedirectMiddleware's IgnoreRequest
REDIRECT_LOOP = "redirect loop"

STAT_PAGES = "archive/pages"
STAT_ERRORS = "archive/errors"
STAT_ROBOTS = "archive/robots_disallowed"
STAT_HTTP_ERRORS = "archive/http_errors"
STAT_FETCH_ERRORS = "archive/fetch_errors"
STAT_REVISITS = "archive/revisits"
STAT_NOT_MODIFIED = "archive/not_modified"
STAT_SKIPPED_AT = "archive/skipped_known_at/"  # + origin: known pages not fetched again

# request.meta keys
META_SITEMAP_LASTMOD = "sitemap_lastmod"  # set by the spider for URLs found in a sitemap
META_NO_CONDITIONAL = "no_conditional"  # set to skip If-None-Match / If-Modified-Since
# Headers of an archived response that no longer describe a replayed (decoded) body.
_REPLAY_DROP = {"content-encoding", "content-length", "transfer-encoding"}


class MaxPagesReached(IgnoreRequest):
    """Raised for requests beyond ARCHIVE_MAX_PAGES; not a fetch, so not in the manifest."""


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _archive_settings(settings: BaseSettings) -> tuple[ArchiveLayout, str, str]:
    """(layout of ARCHIVE_DIR, run id, WARC prefix) of the crawl."""
    archive_dir = settings.get("ARCHIVE_DIR")
    run_id = settings.get("ARCHIVE_RUN_ID")
    if not archive_dir or not run_id:
        raise NotConfigured("ARCHIVE_DIR and ARCHIVE_RUN_ID must be set")
    layout = ArchiveLayout(Path(archive_dir))
    return layout, safe_run_id(run_id), settings.get("ARCHIVE_PREFIX", DEFAULT_PREFIX)


# A body past DOWNLOAD_MAXSIZE: Scrapy's download handler cancels it ("... larger than download
# max size ..."), HttpCompressionMiddleware refuses to inflate it ("... during decompression").
TOO_LARGE = "too large"
_MAXSIZE_MARKERS = ("larger than download max size", "exceeded DOWNLOAD_MAXSIZE")
# Sent by CappedHttpCompressionMiddleware (request, response, reason); the manifest records it.
response_too_large = object()


def _describe(exc: BaseException) -> str:
    msg = str(exc).strip()
    if any(marker in msg for marker in _MAXSIZE_MARKERS):
        return f"{TOO_LARGE}: {msg}"
    name = type(exc).__name__
    return f"{name}: {msg}" if msg else name


class CappedHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression (capped at DOWNLOAD_MAXSIZE), telling the manifest about a bomb.

    A small body that inflates past the cap is refused with IgnoreRequest from
    ``process_response``, which no middleware's ``process_exception`` sees: the WARC record was
    written, but the URL would get no manifest line. The signal gives it one ("too large: …").
    """

    def __init__(self, stats: Any = None, *, crawler: Crawler | None = None) -> None:
        super().__init__(stats, crawler=crawler)
        self.crawler = crawler

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if self.crawler is not None:
                self.crawler.signals.send_catch_log(
                    response_too_large, request=request, response=response, reason=_describe(exc)
                )
            raise


class WarcArchiveMiddleware:
    """Write a WARC request+response pair for every HTTP exchange (see module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        layout, run_id, prefix = _archive_settings(settings)
        self.crawler = crawler
        self.archive = WarcArchive(
            layout,
            run_id,
            prefix=prefix,
            max_file_size=settings.getint("ARCHIVE_MAX_FILE_SIZE", 1024**3),
            software=f"vn-legal-archive/0.1 Scrapy/{scrapy.__version__} warcio",
            extra_info={"http-header-user-agent": settings.get("USER_AGENT", "")},
        )
        self.archive_dir = layout.root
        self.max_pages = settings.getint("ARCHIVE_MAX_PAGES", 0)
        self.started = 0
        self.known = crawler_frontier(crawler).known
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
        # Conditional GET for pages fetched before (a replayable copy must exist for a 304).
        known = self.known.get(request.url)
        if known is not None and known.warc_file and not request.meta.get(META_NO_CONDITIONAL):
            if known.etag and b"If-None-Match" not in request.headers:
                request.headers[b"If-None-Match"] = known.etag
            if known.last_modified and b"If-Modified-Since" not in request.headers:
                request.headers[b"If-Modified-Since"] = known.last_modified

    def _archived(self, known: KnownPage) -> tuple[Any, bytes] | None:
        try:
            return read_record(self.archive_dir, known.warc_file or "", known.warc_offset or 0)
        except Exception:
            logger.warning("archived copy of %s unreadable", known.url, exc_info=True)
            return None

    def _revisit_for(
        self, request: Request, response: Response
    ) -> tuple[Revisit | None, tuple[Any, bytes] | None]:
        """Decide whether this exchange is a revisit of the archived copy, and of which kind."""
        known = self.known.get(response.url)
        if known is None or not known.warc_file or known.warc_offset is None:
            return None, None
        conditional = b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers
        if response.status == 304 and conditional:
            archived = self._archived(known)
            if archived is None:
                return None, None
            meta = archived[0]
            profile = PROFILE_SERVER_NOT_MODIFIED
            digest = known.payload_digest or meta.payload_digest
        elif response.status == 200 and known.payload_digest == payload_digest(response.body):
            archived = self._archived(known)
            meta = archived[0] if archived else None
            profile = PROFILE_IDENTICAL_PAYLOAD
            digest = known.payload_digest
        else:
            return None, None
        refers_date = meta.warc_date if meta is not None else None
        if refers_date is None and known.fetched_at is not None:
            refers_date = known.fetched_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return Revisit(profile, known.url, refers_date, digest), archived

    def process_response(self, request: Request, response: Response) -> Response:
        revisit, archived = self._revisit_for(request, response)
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
            revisit=revisit,
        )
        known = self.known.get(response.url)
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
            "etag": _header(response, b"ETag"),
            "last_modified": _header(response, b"Last-Modified"),
            "sitemap_lastmod": request.meta.get(META_SITEMAP_LASTMOD),
            "record_type": "revisit" if revisit is not None else "response",
        }
        if revisit is not None:
            self.crawler.stats.inc_value(STAT_REVISITS)
        if response.status == 304 and revisit is not None and known is not None:
            # A 304 confirms the archived copy: record what it confirmed, and hand the spider
            # that copy so the links of an unchanged page are still followed.
            self.crawler.stats.inc_value(STAT_NOT_MODIFIED)
            entry["etag"] = entry["etag"] or known.etag
            entry["last_modified"] = entry["last_modified"] or known.last_modified
            entry["content_length"] = None
            assert archived is not None
            response = _replay(response, *archived)
            entry["content_type"] = _header(response, b"Content-Type")
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
        layout, run_id, _ = _archive_settings(crawler.settings)
        layout.root.mkdir(parents=True, exist_ok=True)
        self.crawler = crawler
        self.stats = crawler.stats
        self.run_id = run_id
        self.path = layout.manifest(run_id)
        # Line-buffered append: each line hits the OS as soon as it is written.
        self._fh = open(self.path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        self.stats.set_value("archive/manifest", str(self.path))
        for key in (
            STAT_PAGES,
            STAT_ERRORS,
            STAT_ROBOTS,
            STAT_HTTP_ERRORS,
            STAT_FETCH_ERRORS,
            STAT_REVISITS,
            STAT_NOT_MODIFIED,
        ):
            self.stats.set_value(key, 0)
        crawler.signals.connect(self._spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self._request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(self._too_large, signal=response_too_large)

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
        elif record.error is not None and record.error.startswith(SCOPE_PREFIX):
            pass  # a refusal, not a failed fetch: counted by ScopeMiddleware (STAT_SCOPE_REFUSED)
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

    def _request_dropped(self, request: Request) -> None:
        # A redirect back to an already-fetched URL (A -> B -> A) is dropped by the dupe filter
        # before reaching any middleware: record the hops and the loop instead of losing them.
        if request.meta.get(META_CAPTURES) and request.meta.get("redirect_times"):
            self._fail(request, f"{REDIRECT_LOOP}: redirected back to an already requested URL")

    def _too_large(self, request: Request, response: Response, reason: str) -> None:
        # The WARC holds the raw (compressed) response: the line points at it and says why the
        # crawl went no further with it.
        final = next(
            (e for e in reversed(request.meta.get(META_CAPTURES, [])) if e["url"] == response.url),
            None,
        )
        if final is None:
            self._fail(request, reason)
            return
        self._write_captures(request, final_error_url=response.url)
        self._write({**final, "error": reason})

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, ScopeRefused):
            error = str(exception)  # "scope: off-site …" / "scope: … resolves to …"
        elif isinstance(exception, IgnoreRequest):
            if str(exception) == _MAX_REDIRECTS_MESSAGE:
                error = f"{REDIRECT_LOOP}: {_MAX_REDIRECTS_MESSAGE}"
            elif str(exception) != _ROBOTS_MESSAGE:
                return None  # offsite / page budget: never a fetch, not a capture
            else:
                error = ROBOTS_DISALLOWED
        else:
            error = _describe(exception)
        self._fail(request, error)
        return None

    def _fail(self, request: Request, error: str) -> None:
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


def _replay(response: Response, meta: Any, body: bytes) -> Response:
    """The archived (decoded) copy a 304 confirmed, as a 200 response for the spider."""
    headers = [(k, v) for k, v in meta.http_headers if k.lower() not in _REPLAY_DROP]
    cls = responsetypes.from_args(headers=dict(headers), url=response.url, body=body)
    replay = cls(
        url=response.url,
        status=200,
        headers=headers,
        body=body,
        flags=[*response.flags, "replayed"],
        request=response.request,
        protocol=response.protocol,
    )
    return replay


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
        "revisits": int(stats.get(STAT_REVISITS, 0)),
        "not_modified": int(stats.get(STAT_NOT_MODIFIED, 0)),
        "skipped_known": int(stats.get("archive/skipped_known", 0)),
        "skipped_known_by_origin": {
            key.removeprefix(STAT_SKIPPED_AT): int(n)
            for key, n in stats.items()
            if key.startswith(STAT_SKIPPED_AT)
        },
        # crawlers/scope.py, crawlers/budget.py: refused requests and budget cuts
        "scope_refused": int(stats.get(STAT_SCOPE_REFUSED, 0)),
        "offsite_hosts": dict(stats.get(STAT_OFFSITE_HOSTS) or {}),  # discovery hints (scope.py)
        "budget_cut": int(stats.get("budget/cut", 0)),
        "budget_exhausted": list(stats.get("budget/exhausted", [])),
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
