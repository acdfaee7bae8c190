"""Progress reporting for the parent process (which streams our stdout into its own logs)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawlers.locks import FileLock
from crawlers.middlewares import _archive_settings, summary_from_stats

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def emit(line: str) -> None:
    # stdout carries only machine-readable PROGRESS/SUMMARY lines (Scrapy logs go to stderr);
    # flush so the parent sees them live, not when a pipe buffer fills.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class ProgressLines:
    """Print ``PROGRESS pages=N errors=M ...`` every ARCHIVE_PROGRESS_INTERVAL seconds."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLines:
        interval = crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL", 5.0)
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        s = summary_from_stats(self.crawler.stats.get_stats())
        return (
            f"PROGRESS pages={s['pages']} errors={s['errors']} "
            f"robots_disallowed={s['robots_disallowed']}"
        )

    def spider_opened(self) -> None:
        self._loop = task.LoopingCall(lambda: emit(self.line()))
        self._loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        emit(self.line())


class FrontierLog:
    """Append every URL the crawl schedules to ``<run_id>.frontier.jsonl`` and hold the run's
    lock file, so that after a SIGKILL the flow can tell the crawl is dead and re-seed what it
    had discovered but not fetched (Scrapy's JOBDIR does not survive SIGKILL: its disk queues
    save their state only on a clean close)."""

    def __init__(self, crawler: Crawler) -> None:
        layout, run_id, _ = _archive_settings(crawler.settings)
        layout.root.mkdir(parents=True, exist_ok=True)
        # Never wait: a second crawl of the same run id must fail at once, naming the first.
        self.lock = FileLock(layout.run_lock(run_id), "crawl run")
        self.lock.acquire(timeout=0)
        # Line-buffered append: each URL reaches the OS as soon as it is scheduled.
        self._fh = open(layout.frontier_log(run_id), "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        self._seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierLog:
        ext = cls(crawler)
        crawler.signals.connect(ext.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def request_scheduled(self, request: Any) -> None:
        if request.url not in self._seen and not self._fh.closed:
            self._seen.add(request.url)
            self._fh.write(json.dumps({"url": request.url}, ensure_ascii=False) + "\n")

    def spider_closed(self) -> None:
        self._fh.close()
        self.lock.release()


def summary_line(stats: dict) -> str:
    return "SUMMARY " + json.dumps(summary_from_stats(stats), default=str, ensure_ascii=False)
