"""The warehouse-load / near-duplicate benchmark in quick mode: behaviour, not timing."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "warehouse_load.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("warehouse_load_bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    out = work / "warehouse_load.json"
    bench.run((800, 1_600), articles=1_000, rowwise=100, out=out, quick=True, workdir=work)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["_work"] = str(work)
    return data


def test_json_structure(result: dict) -> None:
    assert result["benchmark"] == "warehouse_load" and result["quick"] is True
    assert {"cpu_count", "python", "versions"} <= result["environment"].keys()
    assert result["environment"]["versions"]["datasketch"]
    assert set(result["pass"]) == {"bulk_vs_rowwise", "near_dup_linear", "precision", "recall"}
    assert all(isinstance(v, bool) for v in result["pass"].values())
    bulk = result["bulk_load"]
    for key in ("rows_total", "seconds", "rows_per_s", "ratio", "rows_by_table"):
        assert key in bulk
    for key in ("rows_total", "seconds", "rows_per_s"):
        assert key in bulk["rowwise"]
    nd = result["near_duplicates"]
    assert nd["sizes"] == [800, 1_600] and nd["size_ratio"] == 2
    assert nd["time_ratio"] is not None and nd["time_ratio"] > 0


def test_bulk_load_inserted_the_rows(result: dict) -> None:
    bulk = result["bulk_load"]
    rows = bulk["rows_by_table"]
    con = duckdb.connect(str(Path(result["_work"]) / "bulk-0.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1_000
        assert con.execute("SELECT count(*) FROM captures").fetchone()[0] == 1_000
        mentions = con.execute("SELECT count(*) FROM directive_mentions").fetchone()[0]
        assert mentions == rows["directive_mentions"] > 1_000  # every article cites 1-3
        reports = con.execute("SELECT count(*) FROM conference_mentions").fetchone()[0]
        assert reports == rows["conference_mentions"] > 0
        participants = con.execute("SELECT count(*) FROM person_mentions").fetchone()[0]
        assert participants == rows["person_mentions"] > 0
    finally:
        con.close()
    assert bulk["db_counts"]["articles"] == 1_000
    # the row-wise path wrote the same kind of rows into its own file
    assert bulk["rowwise"]["db_counts"]["articles"] == 100
    assert bulk["rowwise"]["rows_total"] > 100


def test_precision_recall_computed(result: dict) -> None:
    for run in result["near_duplicates"]["runs"]:
        assert run["true_pairs"] > 0 and run["distractor_pairs"] > 0
        assert run["tp"] + run["fn"] == run["true_pairs"]
        assert 0.0 <= run["precision"] <= 1.0 and 0.0 <= run["recall"] <= 1.0
        assert run["precision"] == pytest.approx(run["tp"] / (run["tp"] + run["fp"]), abs=1e-4)
        assert run["true_pair_jaccard"]["min"] >= 0.8
        low, high = run["distractor_jaccard_range"]
        assert 0.3 <= low <= high <= 0.6


def test_batch_follows_warehouse_schemas(bench: ModuleType) -> None:
    from warehouse.tables import schema

    batch, _, _ = bench.arrow_batch(bench.synthetic_tables(50))
    for name, rows in bench._batch_rows(batch).items():
        assert getattr(batch, name).schema.equals(schema(name))
        assert rows > 0


def test_injected_copies_have_exact_jaccard(bench: ModuleType) -> None:
    from pipelines.dedupe import jaccard, shingles

    corpus = bench.near_dup_corpus(400, seed=3)
    assert corpus.n_copies == 40
    for a, b in corpus.true_pairs:
        assert jaccard(shingles(corpus.texts[a]), shingles(corpus.texts[b])) >= 0.8
    for (a, b), j in corpus.distractor_pairs.items():
        assert 0.3 <= jaccard(shingles(corpus.texts[a]), shingles(corpus.texts[b])) == j <= 0.6
