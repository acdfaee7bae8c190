"""Scrapy settings for the vn-legal-archive crawler.

Loaded with ``Settings().setmodule("crawlers.settings")`` by :mod:`crawlers.run`; the runner adds
the per-run values (ARCHIVE_DIR, ARCHIVE_RUN_ID, page budget) and, for tests against a local
server, the non-polite overrides in :data:`IMPOLITE_OVERRIDES`.
"""

BOT_NAME = "vn-legal-archive"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

USER_AGENT = "vn-legal-archive/0.1 (+https://github.com/vn-legal-archive; archiving bot)"
ROBOTSTXT_OBEY = True

# Scrapy 2.19's RemoteControl opens an HTTP code-execution endpoint, and Telnet a console: an
# unattended archiving subprocess needs neither.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# -- politeness (government sites are small and slow; be a good citizen) ------------------------
POLITE = True  # informational; crawlers.run applies IMPOLITE_OVERRIDES when --no-polite
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # +-50%, as RANDOMIZE_DOWNLOAD_DELAY used to do
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# -- robustness -----------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2  # 3 attempts in all; every attempt is still archived in the WARC
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # bigger bodies are aborted and recorded as errors
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = True

# Breadth-first: with a page budget, listings and sitemaps (shallow) come before deep pages.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Scrapy >= 2.12 only has the current fingerprinter: REQUEST_FINGERPRINTER_IMPLEMENTATION is gone.
# http://host/x and https://host/x are one page: fetched once, whichever spelling comes first.
DUPEFILTER_CLASS = "crawlers.dupefilter.SchemeBlindDupeFilter"

LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 60.0

# -- archiving ------------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Before Offsite (50) and robots.txt (100): scheme, exact host:port, resolved address
    # (crawlers/scope.py). A refusal is a manifest line "scope: …", never a fetch.
    "crawlers.scope.ScopeMiddleware": 45,
    # HTTP Basic auth from start-URL credentials, for their site and scheme only.
    "crawlers.scope.CredentialsMiddleware": 310,
    # Next to the downloader: sees raw bytes and every attempt/hop (see crawlers/middlewares.py).
    "crawlers.middlewares.WarcArchiveMiddleware": 950,
    # Scrapy's decompression in its place (590), plus a manifest line for a decompression bomb.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawlers.middlewares.CappedHttpCompressionMiddleware": 590,
    # Before RetryMiddleware (550) sees a 5xx/timeout: double the site's slot delay (backoff).
    "crawlers.politeness.BackoffMiddleware": 900,
    # After the WARC writer and decompression: a registry entry's forced encoding (parsing only).
    "crawlers.sourcing.SourceEncodingMiddleware": 500,
    # Engine side of Retry (550) and Redirect (600): sees only final outcomes -> one line per URL.
    "crawlers.middlewares.CaptureManifestMiddleware": 40,
}
EXTENSIONS = {
    "crawlers.extensions.ProgressLines": 500,
    "crawlers.extensions.FrontierLog": 510,
}
# -- source registry (sites/registry.py, crawlers/sourcing.py) ---------------------------------
EXTENSIONS["crawlers.sourcing.SourceSettings"] = 0  # entry delay/concurrency -> DOWNLOAD_SLOTS
SPIDER_MIDDLEWARES = {
    # Registry sitemaps/feeds first, allow/follow/deny patterns, the families' listing parsers.
    "crawlers.sourcing.SourceDiscoveryMiddleware": 950,
    # After DepthMiddleware (900) has set meta["depth"]: depth, page and template budgets.
    "crawlers.budget.CrawlBudgetMiddleware": 800,
}
# -- scope (crawlers/scope.py) ---------------------------------------------------------------------
# Refuses names resolving to private/loopback/link-local/multicast/reserved addresses.
TWISTED_DNS_RESOLVER = "crawlers.scope.ScopedResolver"
SCOPE_ALLOW_PRIVATE = None  # None: crawlers.run allows them only when a start host is one
SCOPE_RESOLVE: dict[str, str] = {}  # {name: address} answered without DNS (like curl --resolve)
# -- budgets (crawlers/budget.py): every source is bounded, so a crawler trap ends by itself ------
# A registry entry's max_pages / max_depth / per_template override these for its site.
BUDGET_MAX_DEPTH = 50  # link hops from a start URL; the demo reaches depth 4 (6 with 1500 articles)
BUDGET_MAX_PAGES = 10_000  # requests per site per run (0 = unbounded)
BUDGET_PER_TEMPLATE = 1_000  # requests per URL template (?page=*, /lich/*/*) per run
SOURCE_CONFIG = None  # JSON list of sites.Source.crawl_config() dicts; None = match the registry
SOURCES_REGISTRY = None  # registry TOML the start URLs are matched against; None = the default
# -- backoff (crawlers/politeness.py): Scrapy's RetryMiddleware retries at once, without backoff
BACKOFF_ENABLED = True
BACKOFF_BASE_DELAY = 2.0  # first backoff delay in seconds; doubles per failure
BACKOFF_MAX_DELAY = 60.0
ARCHIVE_DIR = None  # set by the runner
ARCHIVE_RUN_ID = None  # set by the runner
ARCHIVE_KNOWN = None  # frontier file of an incremental / resumed crawl (crawlers/frontier.py)
ARCHIVE_PREFIX = "vnla"
ARCHIVE_MAX_FILE_SIZE = 1024**3  # rotate WARC files at 1 GB
ARCHIVE_MAX_PAGES = 0  # 0 = unbounded; hard bound on fetches (retries not counted)
ARCHIVE_PROGRESS_INTERVAL = 5.0  # seconds between PROGRESS lines on stdout

# For crawling local test/demo servers: no delays, no throttling, more parallelism.
IMPOLITE_OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_TIMEOUT": 10,
    "ARCHIVE_PROGRESS_INTERVAL": 1.0,
    "POLITE": False,
}
