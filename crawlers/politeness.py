"""Backoff on overload: Scrapy (2.19) retries 5xx/408/429/timeouts *immediately* (its
RetryMiddleware has no backoff setting) and AutoThrottle only reacts to latency. This downloader
middleware sits next to the downloader (before RetryMiddleware sees the failure) and doubles the
delay of the failing site's download slot on every 5xx/408/429 or network error, up to
AUTOTHROTTLE_MAX_DELAY, honouring ``Retry-After``; the retry then waits in that slot. Successful
responses let AutoThrottle bring the delay back down, but never below the site's own delay from
DOWNLOAD_SLOTS (AutoThrottle alone would lower it to the global DOWNLOAD_DELAY).

Off (NotConfigured) when POLITE is false: local test servers need no backoff.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

STAT_BACKOFF = "politeness/backoff"


class BackoffMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        if not s.getbool("POLITE", True) or not s.getbool("BACKOFF_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.codes = set(s.getlist("RETRY_HTTP_CODES"))
        self.base = max(s.getfloat("DOWNLOAD_DELAY"), s.getfloat("BACKOFF_BASE_DELAY", 1.0))
        self.max_delay = s.getfloat("BACKOFF_MAX_DELAY", s.getfloat("AUTOTHROTTLE_MAX_DELAY", 60))
        self.floors = {
            key: float(cfg["delay"])
            for key, cfg in s.getdict("DOWNLOAD_SLOTS").items()
            if cfg.get("delay") is not None
        }

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler)

    def _slot(self, request: Request):  # type: ignore[no-untyped-def]
        key = request.meta.get("download_slot")
        engine = getattr(self.crawler, "engine", None)
        if key is None or engine is None:
            return None, None
        return key, engine.downloader.slots.get(key)

    def _back_off(self, request: Request, retry_after: float | None = None) -> None:
        key, slot = self._slot(request)
        if slot is None:
            return
        delay = max(slot.delay * 2, self.base, retry_after or 0.0)
        slot.delay = min(delay, self.max_delay)
        self.crawler.stats.inc_value(STAT_BACKOFF)
        logger.info("backing off %s: delay now %.1f s", key, slot.delay)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in self.codes:
            self._back_off(request, _retry_after(response))
        else:
            key, slot = self._slot(request)
            if slot is not None and key in self.floors:
                slot.delay = max(slot.delay, self.floors[key])
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):
            self._back_off(request)
        return None


def _retry_after(response: Response) -> float | None:
    value = response.headers.get(b"Retry-After")
    if not value:
        return None
    try:
        return float(value.decode("latin-1").strip())
    except ValueError:
        return None  # HTTP-date form: the doubling applies


__all__ = ["STAT_BACKOFF", "BackoffMiddleware"]
