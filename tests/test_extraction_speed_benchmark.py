"""The extraction speed benchmark runs and reports what it promises (behaviour, never timing).

Speed is judged by ``benchmarks/extraction_speed.py`` itself; a timed assertion here would only
make the suite flaky on a busy machine.  Also guards the equivalence the speed-ups rely on:
``_TrafilaturaMeta`` must give what ``trafilatura.metadata.extract_metadata`` gives, and the
one-pass text lengths must equal the per-element ones, on the same trees.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from trafilatura.metadata import extract_metadata

from benchmarks.extraction_speed import VARIANTS, load_pages, main, run_benchmark
from pipelines.article import _PARSER, _TrafilaturaMeta
from pipelines.boilerplate import _text_len, _text_lengths, detect_family, strip_boilerplate
from sites.families import FAMILIES


@pytest.fixture(scope="module")
def pages():
    return load_pages(20)


def test_benchmark_reports_every_figure(pages) -> None:
    result = run_benchmark(rounds=1, multicore=True, workers=2, pages=pages)
    assert result["n_pages"] == len(pages) == 20
    assert result["n_articles"] > 0
    assert result["cpu_count"] >= 1
    assert {"python", "trafilatura", "lxml"} <= set(result["versions"])
    assert set(result["variants"]) == set(VARIANTS)
    for figures in result["variants"].values():
        assert figures["ms_per_page"] > 0
        assert figures["pages_per_s"] > 0
        assert len(figures["round_ms_per_page"]) == 1
    assert set(result["ratios"]) == {"whole_vs_bare", "article_vs_bare", "entities_vs_bare"}
    assert all(r > 0 for r in result["ratios"].values())
    assert result["within_limit"] == (result["ratios"]["whole_vs_bare"] <= 1.25)
    mc = result["multicore"]
    assert mc["workers"] == 2
    assert mc["pool_pages_per_s"] > 0
    assert mc["single_process_pages_per_s"] > 0
    assert mc["speedup"] > 0
    json.dumps(result)  # JSON-ready as is


def test_cli_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "speed.json"
    assert main(["--pages", "8", "--rounds", "1", "--no-multicore", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["n_pages"] == 8
    assert data["multicore"] is None
    assert data["variants"]["whole_stage"]["pages_per_s"] > 0


def _trees(pages):
    for page in pages:
        for pruned in (False, True):
            tree = lxml.html.document_fromstring(page.body, parser=_PARSER)
            if pruned:
                strip_boilerplate(tree, detect_family(tree, page.url, FAMILIES))
            yield page, tree


def test_lazy_trafilatura_metadata_matches_extract_metadata(pages) -> None:
    params = {
        "original_date": True,
        "extensive_search": False,
        "max_date": datetime.now().strftime("%Y-%m-%d"),
    }
    for page, tree in _trees(pages):
        for url in (page.url, None):
            ref = extract_metadata(tree, url, params, True, None)
            lazy = _TrafilaturaMeta(tree, url, params)
            assert (lazy.author(), lazy.title(), lazy.date(), lazy.sitename()) == (
                ref.author,
                ref.title,
                ref.date,
                ref.sitename,
            ), page.url


def test_text_lengths_match_per_element_measure(pages) -> None:
    for page, tree in _trees(pages):
        lengths = _text_lengths(tree)
        for el in tree.iter():
            if isinstance(el.tag, str):
                assert lengths[el] == _text_len(el), page.url
    # and the lengths strip_boilerplate hands back describe the pruned tree
    for page in pages:
        tree = lxml.html.document_fromstring(page.body, parser=_PARSER)
        lengths = strip_boilerplate(tree, detect_family(tree, page.url, FAMILIES))
        for el in tree.iter():
            if isinstance(el.tag, str):
                assert lengths[el] == _text_len(el), page.url
