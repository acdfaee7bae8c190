"""The incremental-scale benchmark at toy sizes: behaviour, not timing. Two warehouses (a demo
first run grown by synthetic stored pages), two incremental rounds each, each run in a fresh
process."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "incremental_scale.py"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("incremental_scale_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("scale")
    out = work / "incremental_scale.json"
    args = ["--sizes", "400,1200", "--base", "60", "--new", "8", "--near", "2", "--demo", "80"]
    args += ["--rounds", "2"]
    assert bench.main([*args, "--keep", str(work), "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_each_size_was_grown_and_run(result: dict) -> None:
    sizes = result["sizes"]
    assert [s["size"] for s in sizes] == [400, 1200]
    for row in sizes:
        assert row["stored_pages"] >= row["size"]
        assert row["band_index_copies"] == row["stored_pages"]  # every stored page indexed
        assert row["articles_new"] == [8 - 2] * 2  # the republished pages joined stored stories
        assert row["steps_s"]["dedupe"] > 0 and row["steps_s"]["crawl"] > 0
        assert row["incremental_run_s"] > 0 and row["peak_rss_mb"] > 0
        rounds = row["rounds"]
        assert len(rounds) == 2
        # a size's figures are the median of its rounds (of two: their mean)
        assert row["steps_s"]["dedupe"] == pytest.approx(
            sum(r["steps_s"]["dedupe"] for r in rounds) / 2, abs=1e-3
        )
        assert row["peak_rss_mb"] == max(r["peak_rss_mb"] for r in rounds)


def test_near_duplicates_found_as_in_memory(result: dict) -> None:
    for row in result["sizes"]:
        assert len(row["stories"]) == 2  # every round checked
        for stories in row["stories"]:
            assert stories["new_pages"] == 8  # this round's pages only
            assert stories["near_duplicates_joined"] == 2
            assert stories["in_memory"]["same_stories"] is True
    assert result["meets_targets"]["near_duplicates_found"] is True
    assert result["meets_targets"]["same_stories_as_in_memory"] is True


def test_ratios_and_targets_reported(result: dict) -> None:
    assert set(result["ratios"]) == {"run", "dedupe", "demo_end_to_end_vs_crawl"}
    assert result["ratios"]["run"] > 0 and result["ratios"]["dedupe"] > 0
    assert set(result["meets_targets"]) >= {"run", "dedupe", "peak_rss", "demo"}
    assert result["targets"] == {
        "run": 1.5,
        "dedupe": 1.2,
        "peak_rss_mb": 1024,
        "demo_end_to_end_vs_crawl": 0.8,
    }


def test_the_demo_run_was_timed_against_its_crawl(result: dict) -> None:
    demo = result["demo"]
    assert demo["articles"] == 80 and demo["pages"] > 80  # articles plus listings, sitemaps
    assert 0 < demo["crawl_s"] <= demo["flow_s"]
    assert demo["ratio"] == round(demo["crawl_s"] / demo["flow_s"], 3)
    assert demo["end_to_end_pages_per_s"] <= demo["crawl_pages_per_s"]
