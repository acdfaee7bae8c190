"""The crawl throughput benchmark runs and reports what it promises (behaviour, never timing).

Throughput is judged by ``benchmarks/crawl_throughput.py`` itself on a full-size corpus; a timed
assertion here would only make the suite flaky on a busy machine. Quick mode: a small demo corpus,
one round, no warm-up, both children really run against loopback sites.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.crawl_throughput import VARIANTS, compare_pages, main, parse_scrapy_stats


@pytest.fixture(scope="module")
def quick_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("crawl-bench") / "crawl_throughput.json"
    assert main(["--quick", "--quiet", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_json_structure(quick_result: dict) -> None:
    r = quick_result
    assert r["benchmark"] == "crawl_throughput"
    assert r["rounds"] == 1
    assert r["warmup"] is False
    assert r["cpu_count"] >= 1
    assert {"python", "scrapy", "twisted", "warcio"} <= set(r["versions"])
    assert r["settings"]["ROBOTSTXT_OBEY"] is True
    assert r["settings"]["DOWNLOAD_DELAY"] == 0  # politeness off for both variants
    assert r["target_ratio"] == 0.8
    assert set(r["variants"]) == set(VARIANTS)
    assert r["passed"] == (r["ratio"] >= r["target_ratio"])
    assert len(r["paired_ratios"]) == 1


def test_positive_figures(quick_result: dict) -> None:
    for variant in VARIANTS:
        runs = quick_result["variants"][variant]["runs"]
        assert len(runs) == 1
        for figures in [*runs, quick_result["variants"][variant]["median"]]:
            for key in ("pages", "seconds", "pages_per_s", "wall_s", "wall_pages_per_s"):
                assert figures[key] > 0, (variant, key)
            assert figures["wall_s"] >= figures["seconds"]  # start-up is on the wall clock
    for key in ("ratio", "wall_ratio", "cpu_ratio", "paired_ratio_median"):
        assert quick_result[key] > 0
    full = quick_result["variants"]["full"]["runs"][0]
    assert full["warc_bytes"] > 0
    assert full["archived_responses"] > 0


def test_both_variants_crawl_the_same_site(quick_result: dict) -> None:
    full = quick_result["variants"]["full"]["runs"][0]
    bare = quick_result["variants"]["bare"]["runs"][0]
    # the bare spider must not lose links to spider errors (e.g. a "javascript:" href)
    assert bare["spider_exceptions"] == 0
    assert full["spider_exceptions"] == 0
    assert abs(full["pages"] - bare["pages"]) <= 0.05 * max(full["pages"], bare["pages"])
    ps = quick_result["page_sets"]
    assert ps["relative_difference"] <= 0.05
    assert ps["common"] >= 0.95 * max(ps["full"], ps["bare"])
    # the full spider also asks every origin for /sitemap.xml; nothing else is one-sided
    assert all(u.endswith("/sitemap.xml") for u in ps["only_full_examples"])
    assert ps["only_bare"] == 0


def test_parse_scrapy_stats_reads_the_dump() -> None:
    lines = [
        "2026-01-01 00:00:00 [scrapy.statscollectors] INFO: Dumping Scrapy stats:",
        "{'downloader/response_count': 120,",
        " 'elapsed_time_seconds': 2.5,",
        " 'finish_time': datetime.datetime(2026, 1, 1, 0, 0, 2, tzinfo=datetime.timezone.utc),",
        " 'spider_exceptions/ValueError': 3,",
        " 'start_time': datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)}",
        "2026-01-01 00:00:02 [scrapy.core.engine] INFO: Spider closed (finished)",
        "{'downloader/response_count': 999}",  # not part of the dump
    ]
    stats = parse_scrapy_stats(lines)
    assert stats["downloader/response_count"] == 120
    assert stats["elapsed_time_seconds"] == 2.5
    assert stats["spider_exceptions/ValueError"] == 3


def test_compare_pages_canonicalises() -> None:
    full = {"http://h:1/a?b=2&a=1", "http://h:1/sitemap.xml", "http://h:1/x"}
    bare = {"http://h:1/a?a=1&b=2", "http://h:1/x#frag"}
    ps = compare_pages(full, bare)
    assert (ps["common"], ps["only_full"], ps["only_bare"]) == (2, 1, 0)
    assert ps["only_full_examples"] == ["http://h:1/sitemap.xml"]


def test_quick_json_is_what_cli_wrote(quick_result: dict, tmp_path: Path) -> None:
    json.dumps(quick_result)  # round-trips
    assert (
        quick_result["page_sets"]["full"]
        == quick_result["variants"]["full"]["runs"][0]["archived_responses"]
    )
