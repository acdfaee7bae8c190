"""The persistent near-duplicate index (warehouse/bands.py) and story assignment that reads only
what a batch touches (flows/dedupe.py plan_against_warehouse): the same plan as the in-memory,
every-stored-copy method, on random corpora and through deletions, merges and rebuilds."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.dedupe import (
    CopyInfo,
    StoryPlan,
    band_index,
    buckets,
    plan_against_warehouse,
    plan_stories,
    rebuild_band_index,
    stored_copy,
    sync_band_index,
)
from pipelines.dedupe import (
    NearDuplicateIndex,
    band_keys,
    lsh_bands,
    signature,
    signature_to_bytes,
)
from warehouse.bands import INDEX_FORMAT, BandIndex, band_index_path
from warehouse.db import Warehouse, read_sql

SYNTHETIC = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic_archive.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic_archive", SYNTHETIC)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


synthetic = _module()
PRIORITY = {"s0": 1, "s1": 50, "s2": 100}
DAY0 = date(2023, 1, 1)


def as_page(copy: CopyInfo) -> object:
    return synthetic.StoredPage(
        url=copy.url,
        source_id=copy.source_id,
        article_id=copy.article_id,
        published_on=copy.published_on,
        content_hash=copy.content_hash,
        signature=copy.signature,
        published_at=copy.published_at,
    )


def copy_of(
    url: str, sig: np.ndarray, day: int | None, source: str, content: str | None = None
) -> CopyInfo:
    return CopyInfo(
        url=url,
        source_id=source,
        published_at=None,
        published_on=DAY0 + timedelta(days=day) if day is not None else None,
        content_hash=content or hashlib.sha256(signature_to_bytes(sig)).hexdigest(),
        signature=sig,
    )


def apply(stored: dict[str, CopyInfo], batch: list[CopyInfo], plan: StoryPlan) -> None:
    """What the load does with a plan, in memory: batch copies filed under their story, the
    copies of merged-away stories moved to the survivor."""
    for url, copy in list(stored.items()):
        if copy.article_id in plan.merged:
            stored[url] = replace(copy, article_id=plan.merged[copy.article_id])
    for copy in batch:
        stored[copy.url] = replace(copy, article_id=plan.story_of[copy.url])


def store(warehouse: Warehouse, stored: dict[str, CopyInfo]) -> None:
    """The warehouse's copies and stories replaced by `stored` (what loads would have left)."""
    con = warehouse.con
    con.execute("DELETE FROM article_copies")
    con.execute("DELETE FROM articles")
    synthetic.insert_pages(con, [as_page(c) for c in sorted(stored.values(), key=lambda c: c.url)])


def same_plan(a: StoryPlan, b: StoryPlan) -> None:
    assert a.story_of == b.story_of
    assert a.merged == b.merged
    assert a.new_stories == b.new_stories
    assert a.canonical == b.canonical
    assert a.similarity.keys() == b.similarity.keys()
    for url, value in a.similarity.items():
        assert b.similarity[url] == pytest.approx(value)


def random_batch(
    rng: np.random.Generator, stored: dict[str, CopyInfo], n: int, tag: str
) -> list[CopyInfo]:
    """New pages of every kind a run meets: light and heavy edits of stored pages, exact copies
    under another URL, stored URLs extracted again with other text, pages that splice two stored
    stories (bridges), unrelated pages, and undated ones."""
    olds = sorted(stored.values(), key=lambda c: c.url)
    batch: dict[str, CopyInfo] = {}
    for i in range(n):
        kind = rng.integers(0, 6) if olds else 5
        day = int(rng.integers(0, 500)) if rng.random() > 0.1 else None
        source = f"s{rng.integers(0, 3)}"
        url = f"https://{source}.example.vn/{tag}-{i}"
        base = olds[int(rng.integers(0, len(olds)))] if olds else None
        if kind == 0 and base is not None:  # an edit, on either side of the verification cut
            sig = synthetic.edited(rng, base.signature, float(rng.uniform(0.55, 1.0)))
            batch[url] = copy_of(url, sig, day, source)
        elif kind == 1 and base is not None:  # the same text under another URL
            batch[url] = replace(base, url=url, source_id=source, article_id=None)
        elif kind == 2 and base is not None:  # a stored page extracted again, text changed
            sig = synthetic.edited(rng, base.signature, float(rng.uniform(0.5, 1.0)))
            batch[base.url] = copy_of(base.url, sig, day, base.source_id)
        elif kind == 3 and len(olds) > 1:  # part of one story, part of another
            other = olds[int(rng.integers(0, len(olds)))]
            sig = base.signature.copy()
            taken = rng.random(len(sig)) < rng.uniform(0.1, 0.5)
            sig[taken] = other.signature[taken]
            batch[url] = copy_of(url, sig, day, source)
        else:
            sig = synthetic.random_signatures(rng, 1)[0]
            batch[url] = copy_of(url, sig, day, source)
    return list(batch.values())


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    rounds=st.integers(1, 4),
    size=st.integers(1, 12),
)
def test_plan_from_the_index_equals_the_in_memory_plan(seed: int, rounds: int, size: int) -> None:
    """Round after round of random batches: the plan made from the band index and indexed
    lookups equals `plan_stories` against every stored copy, and so do the stories it leaves."""
    rng = np.random.default_rng(seed)
    stored: dict[str, CopyInfo] = {}
    with tempfile.TemporaryDirectory() as tmp, Warehouse(Path(tmp) / "w.duckdb") as warehouse:
        for r in range(rounds):
            batch = random_batch(rng, stored, size, f"r{r}")
            expected = plan_stories(batch, list(stored.values()), PRIORITY)
            got = plan_against_warehouse(warehouse, batch, PRIORITY)
            same_plan(got, expected)
            apply(stored, batch, expected)
            store(warehouse, stored)


def test_band_keys_give_the_lsh_candidates() -> None:
    """Two signatures share a band key exactly when datasketch's LSH makes them candidates."""
    rng = np.random.default_rng(3)
    base = synthetic.random_signatures(rng, 30)
    sigs = np.concatenate(
        [base, [synthetic.edited(rng, s, float(rng.uniform(0.3, 1.0))) for s in base]]
    )
    bands, rows = lsh_bands()
    keys = band_keys(sigs, bands, rows)
    index = NearDuplicateIndex(0.8, 128)
    for i, sig in enumerate(sigs):
        index.add(i, sig)
    for i, sig in enumerate(sigs):
        sharing = {j for j in range(len(sigs)) if (keys[i] == keys[j]).any()}
        assert sharing == set(index.candidates(sig))
    assert keys.shape == (60, bands) and (keys >= 0).all()


def text(words: int, seed: int) -> str:
    rng = np.random.default_rng(seed)
    return " ".join(f"từ{int(w)}" for w in rng.integers(0, 5000, words))


def test_deleted_copies_are_never_found_again(tmp_path: Path) -> None:
    """A deleted copy stays in the index (it is a superset) but is never a story again: a new
    copy of its text starts a new story, as the in-memory plan says."""
    body = text(300, 1)
    original = replace(
        copy_of("https://s0.example.vn/a", signature(body), 10, "s0"), article_id="A"
    )
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        store(warehouse, {original.url: original})
        with band_index(warehouse) as bands:  # built from the warehouse on first use
            assert bands.candidates(np.stack([original.signature])) == {original.url}
        store(warehouse, {})  # the copy and its story deleted
        again = copy_of("https://s1.example.vn/b", signature(body + " thêm"), 11, "s1")
        plan = plan_against_warehouse(warehouse, [again], PRIORITY)
        same_plan(plan, plan_stories([again], [], PRIORITY))
        assert plan.new_stories == {plan.story_of[again.url]} != {"A"}


def test_a_bridge_merges_two_stored_stories(tmp_path: Path) -> None:
    """A new copy like two stored stories merges them (the older survives), as in memory;
    later batches then see one story."""
    rng = np.random.default_rng(2)
    sig_a = synthetic.random_signatures(rng, 1)[0]
    differ = rng.permutation(128)[:64]  # half alike: two stories
    sig_b = sig_a.copy()
    sig_b[differ] = synthetic.random_signatures(rng, 1)[0][differ]
    bridge_sig = sig_a.copy()
    bridge_sig[differ[:32]] = sig_b[differ[:32]]  # 3/4 like each of them
    first = replace(copy_of("https://s0.example.vn/a", sig_a, 10, "s0"), article_id="A")
    second = replace(copy_of("https://s1.example.vn/b", sig_b, 12, "s1"), article_id="B")
    stored = {first.url: first, second.url: second}
    bridge = copy_of("https://s2.example.vn/c", bridge_sig, 13, "s2")
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        store(warehouse, stored)
        plan = plan_against_warehouse(warehouse, [bridge], PRIORITY)
        expected = plan_stories([bridge], list(stored.values()), PRIORITY)
        same_plan(plan, expected)
        assert plan.merged == {"B": "A"} and plan.story_of[bridge.url] == "A"
        apply(stored, [bridge], plan)
        store(warehouse, stored)
        late = copy_of("https://s0.example.vn/d", sig_b, 14, "s0")
        plan = plan_against_warehouse(warehouse, [late], PRIORITY)
        same_plan(plan, plan_stories([late], list(stored.values()), PRIORITY))
        assert plan.story_of[late.url] == "A"


def test_a_lost_index_is_rebuilt_and_a_rebuild_drops_stale_entries(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    pages = {
        f"https://s0.example.vn/{i}": replace(
            copy_of(f"https://s0.example.vn/{i}", signature(text(200, 10 + i)), i, "s0"),
            article_id=f"S{i}",
        )
        for i in range(5)
    }
    with Warehouse(db) as warehouse:
        store(warehouse, pages)
        with band_index(warehouse) as bands:
            assert bands.scheme() == (*lsh_bands(), 5)
        band_index_path(db).unlink()  # lost (or restored from an older backup)
        with band_index(warehouse) as bands:
            assert bands.scheme() == (*lsh_bands(), 5)
            everything = np.stack([c.signature for c in pages.values()])
            assert bands.candidates(everything) == set(pages)
            bands.add(["https://s9.example.vn/never-loaded"], everything[:1], ["h-never"])
            assert bands.scheme()[2] == 6  # a superset of what is stored
        assert rebuild_band_index(warehouse) == 5  # reprocess / maintenance: stale gone
        with BandIndex(band_index_path(db), buckets) as bands:
            assert bands.scheme() == (*lsh_bands(), 5)
            assert "https://s9.example.vn/never-loaded" not in bands.candidates(everything[:1])


def test_story_assignment_appends_to_the_wal_and_the_load_makes_it_durable(
    tmp_path: Path,
) -> None:
    """Story assignment leaves its buckets in the index's WAL on a connection kept with the
    warehouse's (a close would copy them into the file, syncing, inside story assignment);
    `sync_band_index`, which the load runs before committing, copies them in; the warehouse's
    close closes the index."""
    db = tmp_path / "w.duckdb"
    wal = band_index_path(db).with_name(band_index_path(db).name + "-wal")
    rng = np.random.default_rng(7)
    sigs = synthetic.random_signatures(rng, 8)
    stored = {
        f"https://s0.example.vn/{i}": replace(
            copy_of(f"https://s0.example.vn/{i}", sig, i, "s0"), article_id=f"S{i}"
        )
        for i, sig in enumerate(sigs[:5])
    }
    batch = [copy_of(f"https://s1.example.vn/{i}", sig, 9, "s1") for i, sig in enumerate(sigs[5:])]
    with Warehouse(db) as warehouse:
        store(warehouse, stored)
        assert sync_band_index(warehouse) == 0  # nothing opened, nothing to sync
        plan_against_warehouse(warehouse, batch[:2], PRIORITY)
        index = warehouse.attached["band_index"]
        assert wal.stat().st_size > 0  # the batch's buckets, not yet in the file
        plan_against_warehouse(warehouse, batch[2:], PRIORITY)
        assert warehouse.attached["band_index"] is index  # one connection per warehouse's
        assert sync_band_index(warehouse) > 0
        assert wal.stat().st_size == 0  # copied into the file
        assert sync_band_index(warehouse) == 0
    with pytest.raises(Exception, match="closed"):
        index.scheme()
    assert warehouse.attached == {}
    with BandIndex(band_index_path(db), buckets) as bands:
        assert bands.scheme()[2] == 8
        assert bands.candidates(sigs[5:]) == {c.url for c in batch}


def test_neighbours_are_known_urls_same_bodies_and_candidates(tmp_path: Path) -> None:
    """What the index names for a batch, before the warehouse is asked anything: its pages
    fetched before (by URL), exact copies (by body hash, under any URL) and near-duplicate
    candidates; nothing else."""
    rng = np.random.default_rng(11)
    sigs = synthetic.random_signatures(rng, 6)
    stored = {
        f"https://s0.example.vn/{i}": replace(
            copy_of(f"https://s0.example.vn/{i}", sig, i, "s0", content=f"h{i}"),
            article_id=f"S{i}",
        )
        for i, sig in enumerate(sigs[:4])
    }
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        store(warehouse, stored)
        with band_index(warehouse) as bands:
            assert bands.format() == INDEX_FORMAT
            refetched = "https://s0.example.vn/0"  # stored; its text changed beyond recognition
            same_body = "https://s1.example.vn/copy-of-1"
            near = "https://s2.example.vn/near-2"
            batch = {
                refetched: (sigs[4], "h-new"),
                same_body: (sigs[5], "h1"),  # another text's signature: found by hash alone
                near: (synthetic.edited(rng, sigs[2], 0.95), "h-near"),
                "https://s2.example.vn/unrelated": (synthetic.random_signatures(rng, 1)[0], "x"),
            }
            urls = list(batch)
            found = bands.neighbours(
                urls, np.stack([v[0] for v in batch.values()]), [v[1] for v in batch.values()]
            )
            assert found == {refetched, "https://s0.example.vn/1", "https://s0.example.vn/2"}


def test_an_index_of_an_older_format_is_rebuilt(tmp_path: Path) -> None:
    """A file built before body hashes were indexed (format 0) would miss exact copies: it is
    rebuilt on open, and then finds them."""
    db = tmp_path / "w.duckdb"
    sig = synthetic.random_signatures(np.random.default_rng(12), 1)[0]
    page = replace(copy_of("https://s0.example.vn/a", sig, 1, "s0", "h-a"), article_id="A")
    with Warehouse(db) as warehouse:
        store(warehouse, {page.url: page})
        with band_index(warehouse) as bands:
            bands.con.execute("DELETE FROM copy_hashes")
            bands.con.execute("PRAGMA user_version = 0")
        with band_index(warehouse) as bands:
            assert bands.format() == INDEX_FORMAT
            no_words = signature("")[None, :]  # no buckets: found by its hash or not at all
            assert bands.neighbours(["https://s1.example.vn/b"], no_words, ["h-a"]) == {page.url}


def test_story_lookups_are_index_scans(tmp_path: Path) -> None:
    """The stored copies a batch reaches are found by point lookups on article_copies (URL,
    body hash, story), not by a scan of the table, however much else it holds."""
    rng = np.random.default_rng(5)
    sigs = synthetic.random_signatures(rng, 6000)
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        synthetic.insert_pages(
            warehouse.con,
            [
                synthetic.StoredPage(
                    url=f"https://s{i % 3}.example.vn/{i}",
                    source_id=f"s{i % 3}",
                    article_id=f"S{i // 2}",
                    published_on=DAY0,
                    content_hash=f"h{i}",
                    signature=sig,
                )
                for i, sig in enumerate(sigs)
            ],
        )
        warehouse.con.execute("CHECKPOINT")
        rows = warehouse.story_copies(["https://s1.example.vn/1", "https://x/none"], ["h10"])
        assert sorted(r[0] for r in rows) == [
            "https://s0.example.vn/0",
            "https://s1.example.vn/1",
            "https://s1.example.vn/10",
            "https://s2.example.vn/11",
        ]
        assert [stored_copy(r).article_id for r in rows].count("S5") == 2
        for sql in (
            read_sql("select_story_seeds_by_url").format(keys="'https://s1.example.vn/1'"),
            read_sql("select_story_seeds_by_hash").format(keys="'h10'"),
            read_sql("select_story_copies").format(article_ids="'S0', 'S5'"),
        ):
            plan = warehouse.con.execute("EXPLAIN ANALYZE " + sql).fetchall()[0][1]
            assert "Index Scan" in plan
            assert "Sequential Scan" not in plan
