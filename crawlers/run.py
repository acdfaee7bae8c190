"""Command-line entry point; always run as a subprocess (Scrapy's reactor cannot be restarted and
deadlocks inside a Prefect flow):

    python -m crawlers.run --start-url URL [--start-url URL ...] --archive DIR --run-id ID \
        [--max-pages N] [--no-polite] [--allow REGEX] [--known FILE] [--log-file FILE]

``--known`` names a frontier file (see crawlers/frontier.py) written by the flow from the
warehouse: known article pages are skipped, other known pages re-checked with conditional GETs,
unchanged payloads archived as WARC revisit records, and URLs an interrupted run left are seeded.

stdout carries ``PROGRESS ...`` lines and one final ``SUMMARY {json}`` line; Scrapy's log goes to
stderr. With ``--log-file`` (the runner always gives one: ``<archive>/<run_id>.crawl.log``) the
whole Scrapy log goes to that file and stderr carries only what an operator reads in the run log:
WARNING and ERROR lines and a few INFO lines (``CRAWL_LOG_STREAM_INFO`` in crawlers/settings.py).
Exit code 0 whenever the crawl ran (failed pages are in the manifest), 2 for bad
arguments (a start URL that is not http(s)), 1 if the crawl could not start.

Credentials in a start URL (``https://user:pass@host/``) are used as HTTP Basic auth for that
site and removed from the URL; callers should rather pass them in ``VNARCHIVE_CRAWL_CREDENTIALS``
(crawlers/scope.py) so they do not show on the command line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TextIO

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers.extensions import emit, summary_line
from crawlers.scope import (
    CREDENTIALS_ENV,
    ScopeError,
    SecretScrubber,
    check_start_url,
    env_credentials,
    process_secrets,
    split_credentials,
    start_allows_private,
)
from crawlers.spiders.site import SiteSpider
from crawlers.warc import safe_run_id

CRAWL_SETTINGS_ENV = "VNARCHIVE_CRAWL_SETTINGS"


def build_settings(
    archive_dir: Path,
    run_id: str,
    max_pages: int | None = None,
    polite: bool = True,
    progress_interval: float | None = None,
    known: Path | None = None,
) -> Settings:
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    settings.set("ARCHIVE_DIR", str(archive_dir), priority="cmdline")
    settings.set("ARCHIVE_RUN_ID", run_id, priority="cmdline")
    if known is not None:
        settings.set("ARCHIVE_KNOWN", str(known), priority="cmdline")
    if not polite:
        for key, value in settings.getdict("IMPOLITE_OVERRIDES").items():
            settings.set(key, value, priority="cmdline")
    if max_pages:
        # ARCHIVE_MAX_PAGES is the hard bound on fetches; CLOSESPIDER_PAGECOUNT makes the
        # crawl stop promptly instead of draining the queue through ignored requests.
        settings.set("ARCHIVE_MAX_PAGES", max_pages, priority="cmdline")
        settings.set("CLOSESPIDER_PAGECOUNT", max_pages, priority="cmdline")
    if progress_interval is not None:
        settings.set("ARCHIVE_PROGRESS_INTERVAL", progress_interval, priority="cmdline")
    # Scrapy overrides as a JSON object, e.g. '{"DOWNLOAD_TIMEOUT": 2}' (fault tests use it; the
    # env reaches this subprocess through run_crawl and the flow unchanged).
    for key, value in json.loads(os.environ.get(CRAWL_SETTINGS_ENV) or "{}").items():
        settings.set(key, value, priority="cmdline")
    return settings


def prepare_start_urls(urls: list[str]) -> list[str]:
    """Check the schemes and move any credentials from the URLs into this process's
    CREDENTIALS_ENV (for CredentialsMiddleware), so no URL Scrapy stores or logs carries them."""
    clean, creds = split_credentials([check_start_url(u) for u in urls])
    if creds:
        os.environ[CREDENTIALS_ENV] = json.dumps({**env_credentials(), **creds})
    return clean


class _StreamRecords(logging.Filter):
    """The records worth a line in the flow's run log: WARNING and above, and INFO from the
    loggers named in CRAWL_LOG_STREAM_INFO (and their children)."""

    def __init__(self, info_loggers: list[str]) -> None:
        super().__init__()
        self.info_loggers = [n.rstrip(".") for n in info_loggers]

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        if record.levelno < logging.INFO:
            return False
        return any(
            not name or record.name == name or record.name.startswith(name + ".")
            for name in self.info_loggers
        )


class _OneLine(logging.Formatter):
    """One line per record: the flow logs each line of the stream as a separate message, so a
    traceback (or a pprint dump) would become dozens of entries. An exception is reduced to its
    last line; the full text is in the log file."""

    def format(self, record: logging.LogRecord) -> str:
        # exc_text, when set, was already scrubbed of secrets (SecretScrubber runs first).
        exc_text = record.exc_text
        if record.exc_info and not exc_text:
            exc_text = self.formatException(record.exc_info)
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            text = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        first, *more = text.splitlines() or [""]
        if more:
            first += f" [+{len(more)} lines in the crawl log]"
        if exc_text and exc_text.strip():
            first += f" ({exc_text.strip().splitlines()[-1]})"
        return first


def brief_handler(settings: Settings, stream: TextIO) -> logging.Handler:
    """The operator's view of the log on ``stream``: the records CRAWL_LOG_STREAM_INFO and the
    levels select, one line each. It goes beside Scrapy's root handler, which writes LOG_FILE."""
    handler = logging.StreamHandler(stream)
    handler.setLevel(settings.get("LOG_LEVEL"))
    handler.addFilter(_StreamRecords(settings.getlist("CRAWL_LOG_STREAM_INFO")))
    handler.setFormatter(_OneLine(settings.get("CRAWL_LOG_STREAM_FORMAT")))
    return handler


def scrub_logs(settings: Settings) -> None:
    """Mask every secret this process knows of in every log line (after Scrapy set up logging;
    Scrapy logs its overridden settings, e.g. DEFAULT_REQUEST_HEADERS)."""
    scrubber = SecretScrubber(process_secrets(settings.getdict("DEFAULT_REQUEST_HEADERS")))
    for handler in logging.getLogger().handlers:
        handler.addFilter(scrubber)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m crawlers.run", description=__doc__)
    p.add_argument("--start-url", action="append", required=True, dest="start_urls")
    p.add_argument("--archive", required=True, type=Path, help="archive directory")
    p.add_argument("--run-id", required=True)
    p.add_argument("--max-pages", type=int, default=None)
    p.add_argument("--no-polite", action="store_true", help="no delays (local servers only)")
    p.add_argument("--allow", default=None, help="regex page URLs must match to be followed")
    p.add_argument("--progress-interval", type=float, default=None)
    p.add_argument("--known", type=Path, default=None, help="frontier file of earlier runs")
    p.add_argument(
        "--log-file", type=Path, default=None, help="Scrapy's full log (stderr: the brief one)"
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        start_urls = prepare_start_urls(list(args.start_urls))
    except ScopeError as exc:
        print(f"crawl refused: {exc}", file=sys.stderr)
        return 2
    try:
        run_id = safe_run_id(args.run_id)
        args.archive.mkdir(parents=True, exist_ok=True)
        settings = build_settings(
            args.archive,
            run_id,
            max_pages=args.max_pages,
            polite=not args.no_polite,
            progress_interval=args.progress_interval,
            known=args.known,
        )
        if settings.get("SCOPE_ALLOW_PRIVATE") is None:
            # Internal addresses only when the operator chose an internal start host (the demo).
            settings.set("SCOPE_ALLOW_PRIVATE", start_allows_private(start_urls), "cmdline")
        if args.log_file is not None:
            # Scrapy's own root handler writes the whole log there (appending: a retried crawl
            # task keeps its first attempt's log).
            settings.set("LOG_FILE", str(args.log_file), priority="cmdline")
        process = CrawlerProcess(settings)
        if args.log_file is not None:
            logging.getLogger().addHandler(brief_handler(settings, sys.stderr))
            emit(f"full Scrapy log: {args.log_file}")
        scrub_logs(settings)
        crawler = process.create_crawler(SiteSpider)
        process.crawl(crawler, start_urls=start_urls, allow=args.allow)
    except Exception as exc:
        print(f"crawl could not start: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if "archive/manifest" not in stats:
        # The archive middlewares never came up (e.g. spider failed to open): nothing crawled.
        print("crawl could not start: archive middlewares not initialised", file=sys.stderr)
        return 1
    emit(summary_line(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
