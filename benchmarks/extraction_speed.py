"""Speed of the whole extract stage against bare ``trafilatura.extract`` on the same pages.

The extract stage turns one archived page into one record: ``extract_article`` (decode, one lxml
parse, boilerplate pruning, trafilatura, normalisation) followed by ``extract_entities`` on the
body, exactly what ``pipelines.document.process_document`` does for HTML.  Its budget is 1.25x
bare trafilatura's time per page; this measures it.

Variants, timed in the same run over the same pages, in interleaved rounds (each round times every
variant once, in a rotating order) so machine noise such as other processes or CPU frequency
drift hits all of them alike; ratios are taken per round and the median reported:

- ``bare_trafilatura``: ``trafilatura.extract(html, url=url)`` with default options, on the page
  already decoded to ``str`` (the stage pays for decoding, bare trafilatura does not: the
  comparison errs against us).
- ``extract_article``: ``pipelines.article.extract_article`` alone.
- ``entities``: ``pipelines.entities.extract_entities`` alone, on the bodies extracted above.
- ``whole_stage``: article + entities, as the flow runs it.
- ``multicore``: the whole stage over all pages in a spawn ``ProcessPoolExecutor`` with one
  worker per core (pool started and warmed before timing) against one process.

Pages: the HTML fixtures of the real CMS families (tests/fixtures/html) plus pages rendered by the
demo sites (home and listing pages of each site, then article pages), straight from
``SiteApp.handle`` (the bytes the server would send).

Usage:
    uv run python benchmarks/extraction_speed.py [--pages 300] [--rounds 5]
        [--out benchmarks/results/extraction_speed.json] [--check]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
if str(REPO) not in sys.path:  # `python benchmarks/extraction_speed.py` puts benchmarks/ first
    sys.path.insert(0, str(REPO))

import trafilatura  # noqa: E402

from pipelines.article import ExtractedArticle, extract_article  # noqa: E402
from pipelines.entities import extract_entities  # noqa: E402
from sites.families import FAMILIES  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "html"
DEFAULT_OUT = ROOT / "results" / "extraction_speed.json"
LIMIT = 1.25  # whole stage / bare trafilatura, per page
HTML_UTF8 = "text/html; charset=utf-8"
VARIANTS = ("bare_trafilatura", "extract_article", "entities", "whole_stage")


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    content_type: str
    body: bytes

    @property
    def html(self) -> str:
        return self.body.decode("utf-8", "replace")


# --- pages ---------------------------------------------------------------------------------------


def load_pages(n_pages: int) -> list[Page]:
    """Fixtures, then each demo site's home and first listing page, then demo article pages."""
    from vnarchive.demo_sites.server import DemoSites

    pages = [
        Page(f"https://fixtures.example.gov.vn/{f.stem}.html", HTML_UTF8, f.read_bytes())
        for f in sorted(FIXTURES.glob("*.html"))
    ]
    # the sites must be started so canonical/sitemap URLs are absolute, as in a crawl
    with DemoSites(n_articles=max(n_pages, 20)) as sites:
        for app in sites.apps.values():
            first_cat = app.info.categories[0].key
            for path in ("/", app.category_url(first_cat)):
                status, ctype, body = app.handle(path)
                if status == 200:
                    pages.append(Page(app.base_url + path, ctype, body))
        for article in sites.corpus.articles:
            if len(pages) >= n_pages:
                break
            status, ctype, body = sites.apps[article.site].handle(article.path)
            if status == 200:
                pages.append(Page(sites.url_of(article), ctype, body))
    return pages[:n_pages]


# --- the variants ----------------------------------------------------------------------------


def run_bare(pages: Sequence[Page], texts: Sequence[str]) -> None:
    for page, html in zip(pages, texts, strict=True):
        trafilatura.extract(html, url=page.url)


def run_article(pages: Sequence[Page]) -> list[ExtractedArticle]:
    return [extract_article(p.body, p.url, p.content_type, detect_among=FAMILIES) for p in pages]


def run_entities(articles: Sequence[ExtractedArticle]) -> None:
    for a in articles:
        extract_entities(a.body, published=a.published_on)


def run_whole(pages: Sequence[Page]) -> int:
    """The extract stage for one page, as the flow runs it: article, then its entities."""
    n = 0
    for p in pages:
        article = extract_article(p.body, p.url, p.content_type, detect_among=FAMILIES)
        extract_entities(article.body, published=article.published_on)
        n += 1
    return n


def _timed(fn: Callable[[], object]) -> float:
    gc.collect()  # garbage from the previous variant must not be collected on this one's clock
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# --- multi-core ------------------------------------------------------------------------------

_WORKER_PAGES: list[Page] = []


def _init_worker(pages: list[Page]) -> None:
    # pages travel once per worker, not once per task
    global _WORKER_PAGES
    _WORKER_PAGES = pages


def _whole_range(start: int, stop: int) -> int:
    return run_whole(_WORKER_PAGES[start:stop])


def measure_multicore(pages: list[Page], workers: int, single_s: float) -> dict[str, Any]:
    """Whole stage across ``workers`` spawned processes vs ``single_s`` seconds in one."""
    n = len(pages)
    # a few chunks per worker: even load without per-page task overhead
    n_chunks = max(workers * 4, 1)
    size = max(1, -(-n // n_chunks))
    ranges = [(i, min(i + size, n)) for i in range(0, n, size)]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(pages,),
    ) as pool:
        # warm-up: start every worker, import everything, fill trafilatura's and our caches
        warm = [pool.submit(_whole_range, 0, min(n, 10)) for _ in range(workers * 2)]
        for f in warm:
            f.result()
        t0 = time.perf_counter()
        done = sum(pool.map(_whole_range, *zip(*ranges, strict=True)))
        pool_s = time.perf_counter() - t0
    assert done == n
    return {
        "workers": workers,
        "single_process_pages_per_s": n / single_s,
        "pool_pages_per_s": n / pool_s,
        "single_process_ms_per_page": 1000 * single_s / n,
        "pool_ms_per_page": 1000 * pool_s / n,
        "speedup": single_s / pool_s,
        "efficiency": single_s / pool_s / workers,
    }


# --- driver ----------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for dist in ("trafilatura", "lxml", "htmldate", "justext", "courlan", "pydantic"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[dist] = metadata.version(dist)
    return out


def _figures(round_seconds: list[float], n: int) -> dict[str, Any]:
    med = statistics.median(round_seconds)
    return {
        "ms_per_page": 1000 * med / n,
        "pages_per_s": n / med,
        "best_ms_per_page": 1000 * min(round_seconds) / n,
        "round_ms_per_page": [round(1000 * s / n, 4) for s in round_seconds],
    }


def run_benchmark(
    n_pages: int = 300,
    rounds: int = 5,
    multicore: bool = True,
    workers: int | None = None,
    pages: list[Page] | None = None,
) -> dict[str, Any]:
    """Measure every variant; returns the JSON-ready result (see the module docstring)."""
    if rounds < 1:
        raise ValueError("rounds must be >= 1")
    pages = pages if pages is not None else load_pages(n_pages)
    if not pages:
        raise ValueError("no pages to measure")
    n = len(pages)
    texts = [p.html for p in pages]  # bare trafilatura gets str: decoding is not on its clock

    # warm-up: imports, lazily compiled regexes, trafilatura's and our caches, CPU clocks
    run_bare(pages, texts)
    articles = run_article(pages)
    run_entities(articles)
    run_whole(pages)

    calls: dict[str, Callable[[], object]] = {
        "bare_trafilatura": lambda: run_bare(pages, texts),
        "extract_article": lambda: run_article(pages),
        "entities": lambda: run_entities(articles),
        "whole_stage": lambda: run_whole(pages),
    }
    times: dict[str, list[float]] = {v: [] for v in VARIANTS}
    for r in range(rounds):
        order = VARIANTS[r % len(VARIANTS) :] + VARIANTS[: r % len(VARIANTS)]  # rotate
        for variant in order:
            times[variant].append(_timed(calls[variant]))

    def ratio(num: str, den: str = "bare_trafilatura") -> float:
        # paired per round: both sides of a ratio saw the same machine state
        return statistics.median(a / b for a, b in zip(times[num], times[den], strict=True))

    ratios = {
        "whole_vs_bare": ratio("whole_stage"),
        "article_vs_bare": ratio("extract_article"),
        "entities_vs_bare": ratio("entities"),
    }
    result: dict[str, Any] = {
        "benchmark": "extraction_speed",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_pages": n,
        "n_articles": sum(a.is_article for a in articles),
        "mean_body_chars": statistics.fmean(len(a.body) for a in articles),
        "rounds": rounds,
        "cpu_count": os.cpu_count() or 1,
        "platform": platform.platform(),
        "versions": _versions(),
        "limit_whole_vs_bare": LIMIT,
        "within_limit": ratios["whole_vs_bare"] <= LIMIT,
        "ratios": ratios,
        "variants": {v: _figures(times[v], n) for v in VARIANTS},
        "multicore": None,
    }
    if multicore:
        n_workers = workers or result["cpu_count"]
        # The one-process reference runs back to back like a worker does: inside the interleaved
        # rounds the other variants evict its caches, which would flatter the pool.
        single_s = statistics.median(
            _timed(lambda: run_whole(pages)) for _ in range(min(3, rounds))
        )
        result["multicore"] = measure_multicore(pages, n_workers, single_s)
    return result


def print_report(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    n = result["n_pages"]
    table = Table(
        title=f"Extract stage speed: {n} pages, {result['rounds']} interleaved rounds "
        f"({result['n_articles']} articles, mean body {result['mean_body_chars']:.0f} chars)"
    )
    table.add_column("variant")
    table.add_column("ms/page", justify="right")
    table.add_column("pages/s", justify="right")
    table.add_column("best ms/page", justify="right")
    table.add_column("× bare", justify="right")
    vs = {
        "bare_trafilatura": 1.0,
        "extract_article": result["ratios"]["article_vs_bare"],
        "entities": result["ratios"]["entities_vs_bare"],
        "whole_stage": result["ratios"]["whole_vs_bare"],
    }
    for v in VARIANTS:
        f = result["variants"][v]
        table.add_row(
            v,
            f"{f['ms_per_page']:.2f}",
            f"{f['pages_per_s']:.0f}",
            f"{f['best_ms_per_page']:.2f}",
            f"{vs[v]:.2f}",
        )
    console.print(table)
    ok = result["within_limit"]
    console.print(
        f"whole stage / bare trafilatura = [bold {'green' if ok else 'red'}]"
        f"{result['ratios']['whole_vs_bare']:.2f}×[/] (limit {result['limit_whole_vs_bare']}×)"
    )
    mc = result.get("multicore")
    if mc:
        console.print(
            f"multi-core: {mc['workers']} spawned workers {mc['pool_pages_per_s']:.0f} pages/s vs "
            f"one process {mc['single_process_pages_per_s']:.0f} pages/s: "
            f"speed-up {mc['speedup']:.2f}× (efficiency {mc['efficiency']:.0%}, "
            f"cpu_count {result['cpu_count']})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300, help="pages to measure (default 300)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved timing rounds")
    ap.add_argument("--workers", type=int, default=None, help="pool size (default: cpu count)")
    ap.add_argument("--no-multicore", action="store_true", help="skip the process-pool run")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON result path")
    ap.add_argument("--check", action="store_true", help=f"exit 1 when whole/bare exceeds {LIMIT}×")
    args = ap.parse_args(argv)
    result = run_benchmark(
        n_pages=args.pages,
        rounds=args.rounds,
        multicore=not args.no_multicore,
        workers=args.workers,
    )
    print_report(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    if args.check and not result["within_limit"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
