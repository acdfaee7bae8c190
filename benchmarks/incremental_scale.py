"""Cost of an incremental archive run as the archive behind it grows (issue 13).

For each size (10k, 100k and 1M stored pages by default): a first run of
``flows.archive.archive_flow`` archives the demo sites on loopback (real crawl, WARC, extraction,
load, resolution), then the warehouse grows to the size by bulk-loaded synthetic pages of other
sources (benchmarks/synthetic_archive.py: captures, copies with MinHash signatures in a
near-duplicate structure, stories; no WARC), and its near-duplicate and search indexes are
built. Then, in each of 3 rounds (``--rounds``), the demo sites publish 50 new pages, 5 of them
republished copies of stored stories, and one incremental run archives them. Each run is timed
in a fresh process, as a scheduled run is (its peak RSS is its own): wall time of the flow call,
each Prefect task's own clock, and the peak RSS of the run's process and of its largest child
(crawl, extract workers). A size's figures are the median of its rounds (a run of tens of
milliseconds per step varies by tens of per cent on a shared 2-core machine), and every round is
in the JSON.

Checks, every round: the 5 republished pages join their stored story and the others start
stories of their own, and every new page's story is the one the in-memory, every-stored-copy
method gives (`flows.dedupe.plan_stories` over `Warehouse.stored_copies()`; timed too: the
baseline; up to 200k stored pages).

Then the README's demo (``--demo`` articles, 3000 by default) runs once on a fresh warehouse:
its end-to-end pages/s against its own crawl's pages/s (extraction streams alongside the crawl).

Targets (the issue's): time(largest) / time(smallest) <= 1.5 for the whole run and <= 1.2 for
story assignment (the dedupe task); peak RSS <= 1 GiB at the largest size; the demo's
end-to-end pages/s >= 0.8x its crawl's.

Usage:
    uv run python benchmarks/incremental_scale.py [--sizes 10000,100000,1000000]
        [--base 300] [--new 50] [--near 5] [--rounds 3] [--demo 3000]
        [--out benchmarks/results/incremental_scale.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from vnarchive.runtime import PREFECT_PRIVACY_ENV  # noqa: E402

for _key, _value in PREFECT_PRIVACY_ENV.items():
    os.environ.setdefault(_key, _value)

DEFAULT_OUT = ROOT / "benchmarks" / "results" / "incremental_scale.json"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
TARGET_RUN_RATIO = 1.5
TARGET_DEDUPE_RATIO = 1.2
TARGET_RSS_MB = 1024
TARGET_DEMO_RATIO = 0.8  # end-to-end pages/s of the demo against its crawl's pages/s
SYNTHETIC_SOURCES = 60
CHUNK = 50_000
IN_MEMORY_BASELINE_MAX = 200_000  # above this the old method's LSH rebuild takes minutes


# --------------------------------------------------------------------------- corpora


def corpora(
    n_base: int, n_new: int, n_near: int, rounds: int = 1
) -> tuple[Any, list[Any], list[dict[str, str]]]:
    """(the demo corpus; per round, the corpus the sites serve by then: every earlier round's
    pages plus n_new more; per round, {its new page path: story it republishes}). The near
    pages republish stored stories on another site (one sentence added, as the generator's own
    copies); the others are stories the corpus lacks. Each round's pages are newer than anything
    served before it."""
    import random

    from vnarchive.demo_sites.corpus import DemoCorpus, _article_path, generate_corpus
    from vnarchive.demo_sites.sites import SITES

    base = generate_corpus(n_base)
    rng = random.Random(13)
    latest = max(a.published_at for a in base.articles)
    next_id = {
        s.name: max([a.article_id for a in base.by_site(s.name)] or [s.id_base]) for s in SITES
    }
    seen_stories = {a.story_id for a in base.articles}
    originals = [a for a in base.articles if len(a.paragraphs) > 2]
    fresh = []  # one page per story: a later round's page is no copy of an earlier one's
    for a in generate_corpus(n_base + 30 * n_new * rounds, seed=99).articles:
        if a.story_id not in seen_stories and not a.conferences:
            fresh.append(a)
            seen_stories.add(a.story_id)
    near_pool = rng.sample(originals, n_near * rounds)
    served = list(base.articles)
    grown: list[Any] = []
    near_of_round: list[dict[str, str]] = []
    for r in range(rounds):
        added = []
        near_of: dict[str, str] = {}
        for k, original in enumerate(near_pool[r * n_near : (r + 1) * n_near], r * n_near):
            info = next(s for s in SITES if s.name != original.site)
            site = info.name
            next_id[site] += 7
            paragraphs = list(original.paragraphs)
            paragraphs[1] += " Tin được đăng lại từ trang của đơn vị bạn."
            page = original.model_copy(
                update={
                    "site": site,
                    "path": _article_path(site, f"dang-lai-{k}", next_id[site]),
                    "paragraphs": paragraphs,
                    "category": info.categories[0].name,
                    # republished within hours (the dedupe's 90-day window), found by this run
                    "published_at": original.published_at + timedelta(hours=k + 3),
                }
            )
            added.append(page)
            near_of[page.path] = original.path
        per_round = n_new - n_near
        for k, story in enumerate(fresh[r * per_round : (r + 1) * per_round], r * per_round):
            next_id[story.site] += 5
            added.append(
                story.model_copy(
                    update={
                        "path": _article_path(story.site, f"moi-{k}", next_id[story.site]),
                        "story_id": f"new-{k}",
                        "published_at": latest + timedelta(hours=n_near * rounds + k + 1),
                    }
                )
            )
        if len(added) != n_new:
            raise RuntimeError(f"only {len(added)} new pages could be made, {n_new} asked")
        served.extend(added)
        grown.append(DemoCorpus(articles=list(served)))
        near_of_round.append(near_of)
    return base, grown, near_of_round


# --------------------------------------------------------------------------- archive growth


def grow(db: Path, size: int, seed: int = 5) -> dict[str, Any]:
    """Bulk-load synthetic pages until the warehouse stores `size` pages; build its indexes."""
    import numpy as np
    import synthetic_archive as synthetic

    from flows.dedupe import rebuild_band_index
    from warehouse.db import Warehouse

    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    with Warehouse(db) as warehouse:
        have = warehouse.count("article_copies")
        todo = max(size - have, 0)
        day0 = date(2019, 1, 1)
        done = 0
        while done < todo:
            n = min(CHUNK, todo - done)
            sigs = synthetic.random_signatures(rng, n)
            story = np.arange(done, done + n)
            # One page in ten republishes a page before it in the chunk: same story, light edit.
            copies = rng.random(n) < 0.10
            copies[0] = False
            for i in np.flatnonzero(copies):
                j = int(rng.integers(0, i))
                sigs[i] = synthetic.edited(rng, sigs[j], float(rng.uniform(0.8, 0.97)))
                story[i] = story[j]
            days = rng.integers(0, 2000, n)
            site = [(done + i) % SYNTHETIC_SOURCES for i in range(n)]
            pages = [
                synthetic.StoredPage(
                    url=f"https://site{site[i]:02d}.example.vn/tin/{done + i}",
                    source_id=f"synthetic-{site[i]:02d}",
                    article_id=f"syn{int(story[i]):08d}",
                    published_on=day0 + timedelta(days=int(days[i])),
                    content_hash=f"{seed:04d}{done + i:032x}",
                    signature=sigs[i],
                    body=f"Bản tin số {done + i} của trang {site[i]}.",
                    title=f"Tin {done + i}",
                )
                for i in range(n)
            ]
            with warehouse.transaction() as con:
                synthetic.insert_pages(con, pages)
            done += n
            print(f"    grown: {have + done:,} / {size:,} pages", flush=True)
        grown_s = time.perf_counter() - started
        t = time.perf_counter()
        indexed = rebuild_band_index(warehouse)
        band_s = time.perf_counter() - t
        t = time.perf_counter()
        warehouse.rebuild_search_index("benchmark: the grown archive")
        search_s = time.perf_counter() - t
        warehouse.con.execute("CHECKPOINT")
        stored = warehouse.count("article_copies")
    return {
        "stored_pages": stored,
        "synthetic_pages": todo,
        "grow_s": round(grown_s, 1),
        "band_index_build_s": round(band_s, 1),
        "band_index_copies": indexed,
        "search_index_build_s": round(search_s, 1),
        "db_mb": round(db.stat().st_size / 2**20),
    }


# --------------------------------------------------------------------------- one archive run


def archive_run(work: Path, corpus: Any, port: int) -> dict[str, Any]:
    """One archive run over the demo sites serving `corpus`: wall time, per-task seconds."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.archive import archive_flow
    from vnarchive.demo_sites.server import DemoSites
    from vnarchive.demo_sites.sites import demo_sources

    with DemoSites(corpus=corpus, base_port=port) as sites:
        sources = demo_sources(sites.base_urls)
        started = time.perf_counter()
        state = archive_flow(
            start_urls=list(sites.base_urls.values()),
            db_path=str(work / "w.duckdb"),
            archive_dir=str(work / "warc"),
            polite=False,
            sources=sources,
            return_state=True,
        )
        wall = time.perf_counter() - started
    if state.is_failed():
        raise RuntimeError(f"archive run failed: {state.message}")
    summary = state.result().model_dump()
    steps: dict[str, float] = {}
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
            )
        )
    for run in runs:
        name = run.name.rsplit("-", 1)[0]  # "dedupe-3f2" -> "dedupe"
        steps[name] = round(steps.get(name, 0.0) + run.total_run_time.total_seconds(), 3)
    return {"wall_s": round(wall, 3), "steps_s": steps, "summary": summary}


def high_water_kb() -> int:
    """This process's peak resident set since it started (VmHWM). Not ru_maxrss: Linux carries
    that over a fork + exec, so a child of the big driver would report the driver's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is


def child_run(work: Path, corpus_file: Path, port: int, out: Path) -> None:
    """The incremental run, in this (fresh) process: its peak RSS is the run's own."""
    from prefect.testing.utilities import prefect_test_harness

    from vnarchive.demo_sites.corpus import DemoCorpus

    corpus = DemoCorpus.model_validate_json(corpus_file.read_text(encoding="utf-8"))
    # A served deployment's process has imported datasketch (~2 s) long before a scheduled run:
    # so has this one, or that import would sit in the first dedupe of every size alike.
    import datasketch  # noqa: F401

    with prefect_test_harness():
        rss_before = high_water_kb()
        result = archive_run(work, corpus, port)
    result["peak_rss_mb"] = round(high_water_kb() / 1024)
    result["rss_before_run_mb"] = round(rss_before / 1024)
    result["peak_child_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )
    out.write_text(json.dumps(result, default=str), encoding="utf-8")


# --------------------------------------------------------------------------- checks


def check_stories(db: Path, run_id: str, near_of: dict[str, str], size: int) -> dict[str, Any]:
    """Near-duplicates found (each republished page filed under its original's stored story),
    and the run's stories against the in-memory, every-stored-copy method (which also judges
    the new pages that join a stored story they resemble by chance: generated texts can)."""
    from flows.dedupe import plan_stories, stored_copy
    from warehouse.db import Warehouse

    def story_of(warehouse: Warehouse, path: str) -> str | None:
        row = warehouse.con.execute(
            "SELECT article_id FROM article_copies WHERE ends_with(url, ?)", [path]
        ).fetchone()
        return row[0] if row else None

    with Warehouse(db) as warehouse:
        new_rows = warehouse.con.execute(
            "SELECT url, source_id, published_at, published_on, content_hash, minhash, "
            "article_id FROM article_copies WHERE first_run_id = ?",
            [run_id],
        ).fetchall()
        joined_any = warehouse.con.execute(
            "SELECT count(*) FROM article_copies c WHERE c.first_run_id = $run AND EXISTS "
            "(SELECT 1 FROM article_copies o WHERE o.article_id = c.article_id "
            "AND o.first_run_id <> $run)",
            {"run": run_id},
        ).fetchone()[0]
        joined = sum(
            1
            for page, original in near_of.items()
            if (story := story_of(warehouse, page)) is not None
            and story == story_of(warehouse, original)
        )
        result: dict[str, Any] = {
            "new_pages": len(new_rows),
            "near_duplicates_published": len(near_of),
            "near_duplicates_joined": joined,
            "new_pages_joining_stored_stories": int(joined_any),
        }
        if size > IN_MEMORY_BASELINE_MAX:
            result["in_memory"] = f"not run above {IN_MEMORY_BASELINE_MAX:,} pages"
            return result
        t = time.perf_counter()
        new_urls = {r[0] for r in new_rows}
        stored = [stored_copy(r) for r in warehouse.stored_copies() if r[0] not in new_urls]
        batch = [stored_copy((*r[:6], None)) for r in new_rows]
        plan = plan_stories(batch, stored, warehouse.source_priorities())
        baseline_s = time.perf_counter() - t
        differ = [r[0] for r in new_rows if plan.story_of[r[0]] != r[6]]
    result["in_memory"] = {
        "seconds": round(baseline_s, 2),
        "same_stories": not differ,
        "differing_pages": differ[:10],
    }
    return result


# --------------------------------------------------------------------------- first crawl


def demo_streaming(n_articles: int) -> dict[str, Any]:
    """The README's demo (``vnarchive demo --articles N``: the flow over the demo sites, a fresh
    warehouse): end-to-end pages/s against the crawl's own pages/s in the same run. Extraction
    runs while the crawl fetches (flows/stream.py), so the flow should take about as long as
    its crawl."""
    from prefect.testing.utilities import prefect_test_harness

    from vnarchive.demo_sites.corpus import generate_corpus
    from vnarchive.demo_sites.server import free_ports

    with tempfile.TemporaryDirectory(prefix="vnla-demo-") as tmp, prefect_test_harness():
        run = archive_run(Path(tmp), generate_corpus(n_articles), free_ports())
    pages = run["summary"]["pages_fetched"]
    crawl_s = run["steps_s"]["crawl"]
    return {
        "articles": n_articles,
        "pages": pages,
        "flow_s": run["wall_s"],
        "crawl_s": crawl_s,
        "end_to_end_pages_per_s": round(pages / run["wall_s"], 1),
        "crawl_pages_per_s": round(pages / crawl_s, 1),
        "ratio": round(crawl_s / run["wall_s"], 3),
        "steps_s": run["steps_s"],
    }


# --------------------------------------------------------------------------- driver


def measure(
    sizes: list[int],
    n_base: int,
    n_new: int,
    n_near: int,
    keep: Path | None,
    demo: int,
    rounds: int = 3,
) -> dict:
    from prefect.testing.utilities import prefect_test_harness

    from vnarchive.demo_sites.server import free_ports

    base, grown, near_of_round = corpora(n_base, n_new, n_near, rounds)
    rows = []
    for size in sizes:
        print(f"size {size:,}", flush=True)
        tmp = tempfile.mkdtemp(prefix=f"vnla-scale-{size}-", dir=keep)
        work = Path(tmp)
        port = free_ports()
        with prefect_test_harness():
            first = archive_run(work, base, port)
        print(f"  first run: {first['wall_s']:.1f} s", flush=True)
        growth = grow(work / "w.duckdb", size)
        runs = []
        for r, (corpus, near_of) in enumerate(zip(grown, near_of_round, strict=True), 1):
            corpus_file = work / f"grown-{r}.json"
            corpus_file.write_text(corpus.model_dump_json(), encoding="utf-8")
            out = work / f"run-{r}.json"
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(work),
                    str(corpus_file),
                    str(port),
                    str(out),
                ],
                check=True,
            )
            run = json.loads(out.read_text(encoding="utf-8"))
            run["stories"] = check_stories(
                work / "w.duckdb", run["summary"]["run_id"], near_of, size
            )
            runs.append(run)
            print(
                f"  incremental run {r}/{rounds}: {run['wall_s']:.2f} s, dedupe "
                f"{run['steps_s'].get('dedupe', 0):.3f} s, "
                f"load {run['steps_s'].get('load', 0):.3f} s, "
                f"peak RSS {run['peak_rss_mb']} MB (largest child {run['peak_child_rss_mb']} MB); "
                f"{run['stories']['near_duplicates_joined']}/{n_near} near-duplicates joined; "
                f"in-memory: {run['stories']['in_memory']}",
                flush=True,
            )
        row = {
            "size": size,
            **growth,
            "first_run_s": first["wall_s"],
            # the median run of the rounds (each one adds n_new pages to what the last left)
            "incremental_run_s": median(r["wall_s"] for r in runs),
            "steps_s": {
                step: round(median(r["steps_s"].get(step, 0.0) for r in runs), 3)
                for step in runs[0]["steps_s"]
            },
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "peak_child_rss_mb": max(r["peak_child_rss_mb"] for r in runs),
            "pages_fetched": [r["summary"]["pages_fetched"] for r in runs],
            "articles_new": [r["summary"]["articles_new"] for r in runs],
            "rounds": [
                {"wall_s": r["wall_s"], "steps_s": r["steps_s"], "peak_rss_mb": r["peak_rss_mb"]}
                for r in runs
            ],
            "stories": [r["stories"] for r in runs],
        }
        rows.append(row)
        print(
            f"  median of {rounds}: run {row['incremental_run_s']:.2f} s, dedupe "
            f"{row['steps_s'].get('dedupe', 0):.3f} s, load {row['steps_s'].get('load', 0):.3f} s",
            flush=True,
        )
        if keep is None:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    streaming = demo_streaming(demo) if demo else None
    if streaming:
        print(
            f"demo --articles {demo}: {streaming['pages']} pages, "
            f"flow {streaming['flow_s']:.1f} s, crawl {streaming['crawl_s']:.1f} s: "
            f"end-to-end {streaming['end_to_end_pages_per_s']} "
            f"pages/s = {streaming['ratio']:.2f}x the crawl's {streaming['crawl_pages_per_s']}",
            flush=True,
        )
    small, large = rows[0], rows[-1]
    run_ratio = large["incremental_run_s"] / small["incremental_run_s"]
    dedupe_ratio = large["steps_s"].get("dedupe", 0) / max(small["steps_s"].get("dedupe", 0), 1e-9)
    rss = max(large["peak_rss_mb"], large["peak_child_rss_mb"])
    return {
        "benchmark": "incremental_scale",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "new_pages": n_new,
        "near_duplicates": n_near,
        "rounds": rounds,
        "sizes": rows,
        "demo": streaming,
        "ratios": {
            "run": round(run_ratio, 3),
            "dedupe": round(dedupe_ratio, 3),
            **({"demo_end_to_end_vs_crawl": streaming["ratio"]} if streaming else {}),
        },
        "targets": {
            "run": TARGET_RUN_RATIO,
            "dedupe": TARGET_DEDUPE_RATIO,
            "peak_rss_mb": TARGET_RSS_MB,
            "demo_end_to_end_vs_crawl": TARGET_DEMO_RATIO,
        },
        "meets_targets": {
            "run": run_ratio <= TARGET_RUN_RATIO,
            "dedupe": dedupe_ratio <= TARGET_DEDUPE_RATIO,
            "peak_rss": rss <= TARGET_RSS_MB,
            "near_duplicates_found": all(
                run["near_duplicates_joined"] == n_near for r in rows for run in r["stories"]
            ),
            **({"demo": streaming["ratio"] >= TARGET_DEMO_RATIO} if streaming else {}),
            "same_stories_as_in_memory": all(
                run["in_memory"]["same_stories"]
                for r in rows
                for run in r["stories"]
                if isinstance(run["in_memory"], dict)
            ),
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        work, corpus_file, port, out = args[1:5]
        child_run(Path(work), Path(corpus_file), int(port), Path(out))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="stored pages per warehouse, comma-separated, smallest first",
    )
    parser.add_argument("--base", type=int, default=300, help="demo articles of the first run")
    parser.add_argument("--new", type=int, default=50, help="pages the incremental run finds")
    parser.add_argument("--near", type=int, default=5, help="of which republish stored stories")
    parser.add_argument(
        "--demo",
        type=int,
        default=3000,
        help="articles of the streaming demo run (end-to-end vs crawl pages/s); 0 skips it",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="incremental runs per size, each adding --new pages (medians are reported)",
    )
    parser.add_argument("--keep", type=Path, help="keep the warehouses under this directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    opts = parser.parse_args(args)
    sizes = [int(s) for s in opts.sizes.split(",")]
    result = measure(sizes, opts.base, opts.new, opts.near, opts.keep, opts.demo, opts.rounds)
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(json.dumps({"ratios": result["ratios"], "meets_targets": result["meets_targets"]}))
    print(f"written: {opts.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
