"""Crawl throughput: the full crawl (spider + WARC + manifest) against a bare Scrapy link follower.

Issue 5's budget: pages per second of the full crawl must be at least 0.8x those of a bare Scrapy
spider that only follows links over the same loopback sites, politeness off, in the same run.

Both variants run as child processes against the same :class:`DemoSites` (three sites on
127.0.0.1, served by this process, ``--articles`` scales them):

- ``full``: ``crawlers.subprocess_runner.run_crawl(start_urls, archive, run_id, polite=False)``,
  i.e. ``python -m crawlers.run --no-polite``: ``SiteSpider`` (robots.txt sitemaps,
  ``/sitemap.xml``, RSS, in-domain links), ``WarcArchiveMiddleware`` writing gzip WARC records,
  ``CaptureManifestMiddleware`` writing the JSONL manifest, ``ProgressLines``.
- ``bare``: ``python benchmarks/crawl_throughput.py --bare-child ...``: :class:`BareLinkSpider`
  follows every ``<a href>`` on the same hosts from the same start URLs; nothing archived, no
  items. Its settings are the project's (``crawlers.settings`` + ``IMPOLITE_OVERRIDES``: same
  concurrency, robots.txt obeyed, retries, queues, depth priority) minus our middlewares and
  extensions, so the only difference is our code.

Figures per run, from the child's own Scrapy stats (the "Dumping Scrapy stats" block both
children log at close; the full crawl's is in its crawl log file, ``CrawlResult.log_path``, since
its output stream carries only what an operator reads): ``pages`` =
``downloader/response_count`` (every HTTP response, robots.txt and sitemaps/feeds included),
``elapsed`` = ``elapsed_time_seconds`` (spider_opened to spider_closed), ``pages/s`` = pages /
elapsed. Also: wall time of the child process including
interpreter and Scrapy start-up (measured here), the child's CPU seconds (``RUSAGE_CHILDREN``) and
this process's CPU seconds meanwhile (that is the demo server's cost, since the server runs here).

Rounds alternate the order (full, bare / bare, full / ...). Before the timed rounds one untimed
run of each variant renders every page into the demo server's cache (the first request of a page
renders its jinja2 template; later ones are served from memory) and warms the OS caches.
The reported ratio is median full pages/s over median bare pages/s; per-round paired ratios are
reported too. The page sets are compared URL by URL (canonicalised): the full spider additionally
fetches ``/sitemap.xml`` on every origin (404 on the two sites without one) and ``/rss.xml``.

Usage:
    uv run python benchmarks/crawl_throughput.py [--articles 1500] [--rounds 3]
        [--out benchmarks/results/crawl_throughput.json] [--quick] [--check] [--profile DIR]

Only the standard library is imported at module level: the bare child must not pay for imports
the full crawl does not make.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
if str(REPO) not in sys.path:  # `python benchmarks/crawl_throughput.py` puts benchmarks/ first
    sys.path.insert(0, str(REPO))

DEFAULT_OUT = ROOT / "results" / "crawl_throughput.json"
TARGET = 0.8  # full pages/s >= TARGET x bare pages/s
VARIANTS = ("full", "bare")
QUICK_ARTICLES = 60
BARE_RESULT = "BARE_RESULT "
# Figures read from Scrapy's closing stats dump; they are all plain numbers there.
_STAT_KEYS = (
    "downloader/response_count",
    "downloader/request_count",
    "downloader/response_bytes",
    "response_received_count",
    "elapsed_time_seconds",
    "dupefilter/filtered",
    "robotstxt/forbidden",
)
_STAT_RE = re.compile(r"'([^']+)': (-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?)[,}]")
CHILD_TIMEOUT = 600.0


# --- the bare child ------------------------------------------------------------------------------


def bare_settings() -> Any:
    """The project's Scrapy settings with politeness off, minus everything of ours.

    Same concurrency, robots.txt handling, retries, timeouts, queues and depth priority as the full
    crawl; no WARC/manifest middlewares, no progress extension, no spider modules to scan.
    """
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    for key, value in settings.getdict("IMPOLITE_OVERRIDES").items():
        settings.set(key, value, priority="cmdline")
    settings.set("DOWNLOADER_MIDDLEWARES", {}, priority="cmdline")
    settings.set("SPIDER_MIDDLEWARES", {}, priority="cmdline")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("EXTENSIONS", {}, priority="cmdline")
    settings.set("SPIDER_MODULES", [], priority="cmdline")
    # The same scoped resolver as the full crawl, which crawlers.run lets reach the loopback
    # demo sites because its start hosts are loopback (crawlers/scope.py).
    settings.set("SCOPE_ALLOW_PRIVATE", True, priority="cmdline")
    return settings


def _make_bare_spider() -> type:
    import scrapy
    from scrapy import signals
    from scrapy.http import TextResponse

    class BareLinkSpider(scrapy.Spider):
        """Follows every in-domain ``<a href>``; keeps only the URLs it got responses for."""

        name = "bare"

        def __init__(self, start_urls: Sequence[str], urls_out: str | None = None, **kw: Any):
            super().__init__(**kw)
            self.start_urls = list(start_urls)
            self.allowed_domains = sorted({_host(u) for u in self.start_urls})
            self.urls_out = urls_out
            self.seen: list[str] = []

        @classmethod
        def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> Any:
            spider = super().from_crawler(crawler, *args, **kwargs)
            # every response the engine gets (robots.txt too), like the full crawl's manifest
            crawler.signals.connect(spider._response, signal=signals.response_received)
            crawler.signals.connect(spider._closed, signal=signals.spider_closed)
            return spider

        def _response(self, response: Any) -> None:
            self.seen.append(response.url)

        def _closed(self) -> None:
            if self.urls_out:
                Path(self.urls_out).write_text("\n".join(self.seen) + "\n", encoding="utf-8")

        def parse(self, response: Any) -> Any:
            if not isinstance(response, TextResponse):
                return
            # not follow_all(): one "javascript:" href would raise and end the page's links
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href.strip())
                if url.startswith(("http://", "https://")):
                    yield scrapy.Request(url, callback=self.parse)

    return BareLinkSpider


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def bare_child_main(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(prog="crawl_throughput.py --bare-child")
    ap.add_argument("--start-url", action="append", required=True, dest="start_urls")
    ap.add_argument("--urls-out", default=None)
    args = ap.parse_args(argv)

    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(bare_settings())
    crawler = process.create_crawler(_make_bare_spider())
    process.crawl(crawler, start_urls=args.start_urls, urls_out=args.urls_out)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(BARE_RESULT + json.dumps(stats, default=str), flush=True)
    return 0


# --- running the children ----------------------------------------------------------------------


def parse_scrapy_stats(lines: Iterable[str]) -> dict[str, float]:
    """The numeric figures of the "Dumping Scrapy stats:" block of a child's log."""
    out: dict[str, float] = {}
    in_dump = False
    for line in lines:
        if "Dumping Scrapy stats" in line:
            in_dump, out = True, {}
            continue
        if not in_dump:
            continue
        for key, value in _STAT_RE.findall(line):
            if key in _STAT_KEYS or key.startswith(("spider_exceptions/", "log_count/ERROR")):
                out[key] = float(value)
        if line.rstrip().endswith("}"):
            in_dump = False
    return out


def _child_env() -> dict[str, str]:
    # what run_crawl gives its child, so both start the same way
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def _cpu(who: int) -> float:
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def _run_figures(
    lines: list[str], wall_s: float, child_cpu_s: float, server_cpu_s: float
) -> dict[str, Any]:
    stats = parse_scrapy_stats(lines)
    if "downloader/response_count" not in stats or "elapsed_time_seconds" not in stats:
        tail = "\n".join(lines[-30:])
        raise RuntimeError(f"no Scrapy stats dump in the child's output:\n{tail}")
    pages = int(stats["downloader/response_count"])
    elapsed = stats["elapsed_time_seconds"]
    return {
        "pages": pages,
        "seconds": elapsed,
        "pages_per_s": pages / elapsed if elapsed > 0 else 0.0,
        "wall_s": wall_s,
        "wall_pages_per_s": pages / wall_s if wall_s > 0 else 0.0,
        "child_cpu_s": child_cpu_s,
        "child_cpu_ms_per_page": 1000 * child_cpu_s / pages if pages else 0.0,
        "server_cpu_s": server_cpu_s,
        "response_bytes": int(stats.get("downloader/response_bytes", 0)),
        "dupefilter_filtered": int(stats.get("dupefilter/filtered", 0)),
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "spider_exceptions": int(
            sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
        ),
        "log_errors": int(stats.get("log_count/ERROR", 0)),
    }


def run_full(start_urls: list[str], work: Path, tag: str) -> tuple[dict[str, Any], set[str]]:
    """One full crawl through ``run_crawl``; returns its figures and the URLs it archived."""
    from crawlers.items import read_manifest
    from crawlers.subprocess_runner import run_crawl

    archive = work / f"archive-{tag}"
    lines: list[str] = []
    cpu0, self0 = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    result = run_crawl(
        start_urls,
        archive,
        f"bench-{tag}",
        polite=False,
        on_line=lines.append,
        timeout=CHILD_TIMEOUT,
    )
    wall = time.perf_counter() - t0
    cpu1, self1 = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
    assert result.log_path is not None  # run_crawl always gives the child a log file
    log = result.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    figures = _run_figures(lines + log, wall, cpu1 - cpu0, self1 - self0)
    records = read_manifest(result.manifest_path)
    urls = {r.url for r in records if r.status is not None}
    figures["manifest_lines"] = len(records)
    figures["archived_responses"] = len(urls)
    figures["warc_bytes"] = sum(p.stat().st_size for p in archive.glob("*.warc.gz"))
    shutil.rmtree(archive, ignore_errors=True)
    return figures, urls


def bare_command(start_urls: list[str], urls_out: Path | None = None) -> list[str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--bare-child"]
    for url in start_urls:
        cmd += ["--start-url", url]
    if urls_out is not None:
        cmd += ["--urls-out", str(urls_out)]
    return cmd


def run_bare(start_urls: list[str], work: Path, tag: str) -> tuple[dict[str, Any], set[str]]:
    """One bare crawl in a child process started like run_crawl starts its child."""
    urls_out = work / f"bare-{tag}.urls"
    cpu0, self0 = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    proc = subprocess.run(
        bare_command(start_urls, urls_out),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=_child_env(),
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    wall = time.perf_counter() - t0
    cpu1, self1 = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
    lines = proc.stdout.splitlines()
    if proc.returncode != 0:
        raise RuntimeError(f"bare crawl exited {proc.returncode}:\n" + "\n".join(lines[-30:]))
    figures = _run_figures(lines, wall, cpu1 - cpu0, self1 - self0)
    urls = {u for u in urls_out.read_text(encoding="utf-8").splitlines() if u}
    urls_out.unlink(missing_ok=True)
    return figures, urls


def compare_pages(full: set[str], bare: set[str]) -> dict[str, Any]:
    """Which URLs only one variant got a response for (canonicalised, fragments dropped)."""
    from w3lib.url import canonicalize_url

    f = {canonicalize_url(u) for u in full}
    b = {canonicalize_url(u) for u in bare}
    only_full, only_bare = sorted(f - b), sorted(b - f)
    return {
        "full": len(f),
        "bare": len(b),
        "common": len(f & b),
        "only_full": len(only_full),
        "only_bare": len(only_bare),
        "only_full_examples": only_full[:10],
        "only_bare_examples": only_bare[:10],
        "relative_difference": abs(len(f) - len(b)) / max(len(f), len(b), 1),
    }


# --- driver ------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {"python": platform.python_version()}
    for dist in ("scrapy", "twisted", "warcio", "pydantic", "lxml", "parsel", "w3lib"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[dist] = metadata.version(dist)
    return out


def _shared_settings() -> dict[str, Any]:
    s = bare_settings()
    keys = (
        "CONCURRENT_REQUESTS",
        "CONCURRENT_REQUESTS_PER_DOMAIN",
        "DOWNLOAD_DELAY",
        "AUTOTHROTTLE_ENABLED",
        "ROBOTSTXT_OBEY",
        "DEPTH_PRIORITY",
        "DOWNLOAD_TIMEOUT",
        "RETRY_TIMES",
        "LOG_LEVEL",
    )
    return {k: s.get(k) for k in keys}


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    return {
        "pages": med("pages"),
        "seconds": med("seconds"),
        "pages_per_s": med("pages_per_s"),
        "wall_s": med("wall_s"),
        "wall_pages_per_s": med("wall_pages_per_s"),
        "child_cpu_s": med("child_cpu_s"),
        "child_cpu_ms_per_page": med("child_cpu_ms_per_page"),
        "server_cpu_s": med("server_cpu_s"),
    }


def run_benchmark(
    n_articles: int = 1500,
    rounds: int = 3,
    warmup: bool = True,
    work_dir: Path | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Measure both variants over ``rounds`` alternating rounds; returns the JSON-ready result."""
    if rounds < 1:
        raise ValueError("rounds must be >= 1")
    from vnarchive.demo_sites.server import DemoSites

    def say(msg: str) -> None:
        if progress:
            print(msg, file=sys.stderr, flush=True)

    runners = {"full": run_full, "bare": run_bare}
    runs: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
    page_sets: dict[str, set[str]] = {}
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="crawl-bench-", dir=work_dir) as tmp,
        DemoSites(n_articles=n_articles) as sites,
    ):
        work = Path(tmp)
        start_urls = [u + "/" for u in sites.base_urls.values()]
        if warmup:
            for variant in VARIANTS:
                say(f"warm-up: {variant}")
                runners[variant](start_urls, work, f"warmup-{variant}")
        for r in range(rounds):
            order = VARIANTS if r % 2 == 0 else VARIANTS[::-1]
            for variant in order:
                figures, urls = runners[variant](start_urls, work, f"r{r}-{variant}")
                figures["round"] = r
                runs[variant].append(figures)
                page_sets.setdefault(variant, urls)
                say(
                    f"round {r} {variant}: {figures['pages']} pages in {figures['seconds']:.2f} s "
                    f"= {figures['pages_per_s']:.0f} pages/s (wall {figures['wall_s']:.2f} s)"
                )

    medians = {v: _summary(runs[v]) for v in VARIANTS}
    ratio = medians["full"]["pages_per_s"] / medians["bare"]["pages_per_s"]
    wall_ratio = medians["full"]["wall_pages_per_s"] / medians["bare"]["wall_pages_per_s"]
    # Both children are CPU-bound on loopback: the CPU each spends per page is the load-robust
    # view of the same comparison (start-up included, so it errs against the full crawl).
    cpu_ratio = medians["bare"]["child_cpu_ms_per_page"] / medians["full"]["child_cpu_ms_per_page"]
    paired = [
        f["pages_per_s"] / b["pages_per_s"] for f, b in zip(runs["full"], runs["bare"], strict=True)
    ]
    return {
        "benchmark": "crawl_throughput",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_articles": n_articles,
        "rounds": rounds,
        "warmup": warmup,
        "start_urls": len(start_urls),
        "cpu_count": os.cpu_count() or 1,
        "platform": platform.platform(),
        # other processes on the machine slow both variants alike but shift absolute figures
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
        "versions": _versions(),
        "settings": _shared_settings(),
        "target_ratio": TARGET,
        "ratio": ratio,
        "wall_ratio": wall_ratio,
        "cpu_ratio": cpu_ratio,
        "paired_ratios": paired,
        "paired_ratio_median": statistics.median(paired),
        "passed": ratio >= TARGET,
        "variants": {v: {"runs": runs[v], "median": medians[v]} for v in VARIANTS},
        "page_sets": compare_pages(page_sets["full"], page_sets["bare"]),
    }


def print_report(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(
        title=f"Crawl throughput: {result['n_articles']} demo articles on 3 loopback sites, "
        f"{result['rounds']} alternating rounds, cpu_count {result['cpu_count']}"
    )
    for col, just in (
        ("variant", "left"),
        ("round", "right"),
        ("pages", "right"),
        ("spider s", "right"),
        ("pages/s", "right"),
        ("wall s", "right"),
        ("wall pages/s", "right"),
        ("child cpu ms/page", "right"),
        ("server cpu s", "right"),
    ):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for v in VARIANTS:
        rows = [*result["variants"][v]["runs"], {**result["variants"][v]["median"], "round": "med"}]
        for f in rows:
            is_med = f["round"] == "med"
            table.add_row(
                f"[bold]{v}[/]" if is_med else v,
                str(f["round"]),
                f"{f['pages']:.0f}",
                f"{f['seconds']:.2f}",
                f"[bold]{f['pages_per_s']:.0f}[/]" if is_med else f"{f['pages_per_s']:.0f}",
                f"{f['wall_s']:.2f}",
                f"{f['wall_pages_per_s']:.0f}",
                f"{f['child_cpu_ms_per_page']:.2f}",
                f"{f['server_cpu_s']:.2f}",
                end_section=is_med,
            )
    console.print(table)
    ok = result["passed"]
    console.print(
        f"full / bare pages/s = [bold {'green' if ok else 'red'}]{result['ratio']:.2f}×[/] "
        f"(target ≥ {result['target_ratio']}×; paired per round "
        f"{', '.join(f'{r:.2f}' for r in result['paired_ratios'])}; "
        f"incl. start-up {result['wall_ratio']:.2f}×; by child CPU per page "
        f"{result['cpu_ratio']:.2f}×)"
    )
    load = ", ".join(f"{x:.1f}" for x in result["load_average_before"])
    console.print(f"load average before the run: {load} on {result['cpu_count']} CPUs")
    ps = result["page_sets"]
    console.print(
        f"page sets: full {ps['full']} URLs, bare {ps['bare']}, common {ps['common']}; "
        f"only full {ps['only_full']} {ps['only_full_examples'][:4]}, "
        f"only bare {ps['only_bare']} {ps['only_bare_examples'][:4]}"
    )


def profile_children(n_articles: int, out_dir: Path, top: int = 25) -> dict[str, str]:
    """Run each variant once under cProfile; write .prof files and the top functions as text."""
    import cProfile  # noqa: F401  (fail early if unavailable)
    import io
    import pstats

    from crawlers.subprocess_runner import build_command
    from vnarchive.demo_sites.server import DemoSites

    out_dir.mkdir(parents=True, exist_ok=True)
    reports: dict[str, str] = {}
    with (
        tempfile.TemporaryDirectory(prefix="crawl-prof-") as tmp,
        DemoSites(n_articles=n_articles) as sites,
    ):
        start_urls = [u + "/" for u in sites.base_urls.values()]
        # warm the server's render cache first, so the profiles see the crawlers only
        run_bare(start_urls, Path(tmp), "prof-warmup")
        full_cmd = build_command(start_urls, Path(tmp) / "archive", "prof", polite=False)
        commands = {"full": full_cmd[1:], "bare": bare_command(start_urls)[1:]}
        for variant, args in commands.items():
            prof = out_dir / f"crawl_{variant}.prof"
            cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), *args]
            subprocess.run(
                cmd, env=_child_env(), check=True, capture_output=True, timeout=CHILD_TIMEOUT
            )
            text = io.StringIO()
            stats = pstats.Stats(str(prof), stream=text)
            stats.sort_stats("tottime").print_stats(top)
            stats.sort_stats("cumulative").print_stats(top)
            (out_dir / f"crawl_{variant}.txt").write_text(text.getvalue(), encoding="utf-8")
            reports[variant] = str(out_dir / f"crawl_{variant}.txt")
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--bare-child"]:
        return bare_child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=None, help="demo corpus size (default 1500)")
    ap.add_argument("--rounds", type=int, default=None, help="alternating rounds (default 3)")
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_ARTICLES} articles, 1 round")
    ap.add_argument("--no-warmup", action="store_true", help="skip the untimed warm-up runs")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON result path")
    ap.add_argument("--check", action="store_true", help=f"exit 1 when full/bare < {TARGET}×")
    ap.add_argument("--profile", type=Path, default=None, help="also cProfile each child into DIR")
    ap.add_argument("--quiet", action="store_true", help="no per-run progress on stderr")
    args = ap.parse_args(argv)
    n_articles = args.articles or (QUICK_ARTICLES if args.quick else 1500)
    rounds = args.rounds or (1 if args.quick else 3)
    result = run_benchmark(
        n_articles=n_articles,
        rounds=rounds,
        warmup=not (args.no_warmup or args.quick),
        progress=not args.quiet,
    )
    print_report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    if args.profile is not None:
        for variant, path in profile_children(n_articles, args.profile).items():
            print(f"profile {variant}: {path}")
    if args.check and not result["passed"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
