"""Quality floors on the real labelled articles (dev set, seeds and the held-out sets).

The benchmark (benchmarks/extraction_quality.py) prints the full table; this keeps a change that
helps one pattern from silently breaking others. Every floor applies to every set and sits a
little under the weakest set's score today, so one new miss in a small set does not fail the
gate while a broad regression does. (The benchmark table shows the per-set scores.)
"""

from __future__ import annotations

import pytest

from benchmarks.extraction_quality import SOURCES, evaluate, load

FLOORS = {
    ("directive_symbols", "f1"): 0.95,
    ("doc_type", "acc"): 0.95,
    ("issue_date", "acc"): 0.90,
    ("conferences", "f1"): 0.95,
    ("conf_organizer", "acc"): 0.80,
    ("conf_chairs", "acc"): 0.90,
    ("conf_speakers", "f1"): 0.80,
    ("conf_format", "acc"): 0.95,
}


@pytest.fixture(scope="module")
def real_items() -> list[dict]:
    return [d for d in load(demo_articles=0) if d["source"] != "synthetic"]


@pytest.mark.parametrize("source", [name for name in SOURCES if name != "synthetic"])
def test_quality_floor(real_items: list[dict], source: str) -> None:
    metrics, errors = evaluate([d for d in real_items if d["source"] == source])
    below = {
        f"{field}.{stat}": metrics[field][stat]
        for (field, stat), floor in FLOORS.items()
        if metrics[field][stat] is not None and metrics[field][stat] < floor
    }
    assert not below, (below, errors)
