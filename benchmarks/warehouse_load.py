"""Warehouse load and near-duplicate detection at scale (issue 4 benchmark).

(a) Bulk load: N synthetic articles with their mentions (directive citations, conference reports,
    their participants; migration 0010) built as Arrow tables from the load contract
    (`warehouse.tables`), so the benchmark follows the warehouse schema as it evolves, loaded
    with `Warehouse.load` (one transaction, the upsert SQL files) into a fresh DuckDB file;
    against row-by-row `executemany` INSERTs of a sample built the same way, into another fresh
    file with the same migrations. Target: bulk rows/s ≥ 50 × row-wise rows/s.
(b) Near-duplicate detection (`pipelines.dedupe`: MinHash signatures + LSH + verified union-find)
    on 50k and 100k synthetic Vietnamese-like documents with ~10% injected near-duplicates
    (controlled edits, exact shingle Jaccard ≥ 0.8) and distractor pairs (Jaccard 0.3-0.6).
    Targets: t(100k) / t(50k) ≤ 2.5 (near-linear), precision ≥ 0.99 and recall ≥ 0.95 on the
    injected pairs.

Usage:
    uv run python benchmarks/warehouse_load.py [--sizes 50000,100000] [--articles 100000]
        [--rowwise 2000] [--out benchmarks/results/warehouse_load.json] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import itertools
import json
import os
import platform
import random
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parent
if str(ROOT.parent) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT.parent))

from pipelines.dedupe import (  # noqa: E402
    NearDuplicateIndex,
    cluster_near_duplicates,
    shingles,
    signature,
    signature_to_bytes,
)

DEFAULT_OUT = ROOT / "results" / "warehouse_load.json"
TARGETS = {
    "bulk_vs_rowwise_ratio_min": 50.0,
    "near_dup_time_ratio_max": 2.5,
    "precision_min": 0.99,
    "recall_min": 0.95,
}
QUICK = {"articles": 2_000, "rowwise": 200, "sizes": (2_000, 4_000)}
FULL = {"articles": 100_000, "rowwise": 2_000, "sizes": (50_000, 100_000)}

# --------------------------------------------------------------------------- synthetic text

_ONSETS = [
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
]
_NUCLEI = [
    "a",
    "ă",
    "â",
    "e",
    "ê",
    "i",
    "o",
    "ô",
    "ơ",
    "u",
    "ư",
    "y",
    "ia",
    "iê",
    "oa",
    "oe",
    "uô",
    "ươ",
    "uy",
]
_CODAS = ["", "", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"]
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # sắc huyền hỏi ngã nặng


def vocabulary(size: int = 3_000, seed: int = 7) -> list[str]:
    """`size` distinct Vietnamese-looking syllables (NFC, lower case)."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        nucleus = rng.choice(_NUCLEI)
        # The tone mark sits on the nucleus' first vowel: good enough to look and encode right.
        syllable = rng.choice(_ONSETS) + nucleus[0] + rng.choice(_TONES) + nucleus[1:]
        words.add(unicodedata.normalize("NFC", syllable + rng.choice(_CODAS)))
    return sorted(words)


class TextGen:
    """Random bodies over a Zipf-weighted vocabulary, plus a pool of shared boilerplate."""

    def __init__(self, seed: int, vocab_size: int = 3_000) -> None:
        self.vocab = np.array(vocabulary(vocab_size), dtype=object)
        ranks = np.arange(1, vocab_size + 1, dtype=np.float64)
        weights = 1.0 / ranks**0.9  # function words are frequent, as in real text
        self.cum = np.cumsum(weights / weights.sum())
        self.np_rng = np.random.default_rng(seed)
        self.rng = random.Random(seed)
        self.boilerplate = [self.words(self.rng.randint(12, 24)) for _ in range(60)]

    def words(self, n: int) -> list[str]:
        idx = np.searchsorted(self.cum, self.np_rng.random(n))
        return list(self.vocab[np.minimum(idx, len(self.vocab) - 1)])

    def document(self) -> list[str]:
        """150-400 content words, wrapped in 0-2 shared boilerplate sentences (site chrome)."""
        out = []
        if self.rng.random() < 0.5:
            out += self.rng.choice(self.boilerplate)
        out += self.words(self.rng.randint(150, 400))
        if self.rng.random() < 0.5:
            out += self.rng.choice(self.boilerplate)
        return out


def render(words: Sequence[str], rng: random.Random) -> str:
    """Words as paragraphs of capitalised sentences: punctuation the normaliser must strip."""
    sentences, i = [], 0
    while i < len(words):
        n = rng.randint(10, 25)
        chunk = words[i : i + n]
        sentences.append(" ".join([chunk[0].capitalize(), *chunk[1:]]) + ".")
        i += n
    paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
    return "\n".join(paragraphs)


def _shingle_set(words: Sequence[str], k: int = 5) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + k]) for i in range(max(len(words) - k + 1, 1))}


def _jac(a: set[Any], b: set[Any]) -> float:
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if a or b else 0.0


# --------------------------------------------------------------------------- (b) near-dups


@dataclasses.dataclass
class NearDupCorpus:
    texts: list[str]
    n_copies: int
    group: list[int]  # injected story group per document (copies share their original's group)
    true_pairs: set[tuple[int, int]]  # same group, exact Jaccard ≥ 0.8
    ignored_pairs: set[tuple[int, int]]  # same group but exact Jaccard < 0.8 (two edited copies)
    distractor_pairs: dict[tuple[int, int], float]  # different stories, Jaccard 0.3-0.6
    pair_jaccard: dict[tuple[int, int], float]


def _edit_copy(
    orig: list[str], gen: TextGen, target: float, orig_set: set[tuple[str, ...]]
) -> list[str]:
    """Apply small edits (word swaps, inserted/deleted phrases, other chrome) while the exact
    Jaccard to the original stays ≥ target: copies land spread over [target, ~target + 0.03]."""
    rng = gen.rng
    words = list(orig)
    for _ in range(200):
        cand = list(words)
        op = rng.random()
        pos = rng.randrange(len(cand))
        if op < 0.45:
            cand[pos] = gen.words(1)[0]
        elif op < 0.7:
            cand[pos:pos] = gen.words(rng.randint(4, 14))
        elif op < 0.9:
            del cand[pos : pos + rng.randint(2, 8)]
        else:  # republished under another site's boilerplate
            cand = (rng.choice(gen.boilerplate) if rng.random() < 0.5 else []) + cand
        if _jac(orig_set, _shingle_set(cand)) < target:
            break
        words = cand
    return words


def _distractor(orig: list[str], gen: TextGen, orig_set: set[tuple[str, ...]]) -> list[str]:
    """Another story sharing one long passage with `orig`: exact Jaccard in [0.3, 0.6]."""
    rng = gen.rng
    while True:
        target = rng.uniform(0.3, 0.6)
        n = len(orig)
        shared = max(round(target * (2 * n - 8) / (1 + target)) + 4, 6)
        start = rng.randrange(max(n - shared, 0) + 1)
        new = gen.words(max(n - shared, 5))
        cut = rng.randrange(len(new) + 1)
        words = new[:cut] + orig[start : start + shared] + new[cut:]
        if 0.3 <= _jac(orig_set, _shingle_set(words)) <= 0.6:
            return words


def near_dup_corpus(
    n_docs: int, seed: int = 11, copy_rate: float = 0.10, distractor_rate: float = 0.05
) -> NearDupCorpus:
    gen = TextGen(seed)
    n_copies = int(n_docs * copy_rate)
    n_distractors = int(n_docs * distractor_rate)
    # ~20% of copied stories are republished twice (three sites).
    n_twice = n_copies // 6
    n_copied = n_copies - n_twice
    n_originals = n_docs - n_copies - n_distractors
    docs: list[list[str]] = [gen.document() for _ in range(n_originals)]
    group = list(range(n_originals))
    sets: dict[int, set[tuple[str, ...]]] = {}
    order = list(range(n_originals))
    gen.rng.shuffle(order)
    copied, distracted = order[:n_copied], order[n_copied : n_copied + n_distractors]
    copies_of: dict[int, list[int]] = {}
    for j, src in enumerate(copied):
        sets[src] = _shingle_set(docs[src])
        for _ in range(2 if j < n_twice else 1):
            docs.append(_edit_copy(docs[src], gen, gen.rng.uniform(0.8, 0.97), sets[src]))
            group.append(src)
            copies_of.setdefault(src, []).append(len(docs) - 1)
    distractor_src: dict[int, int] = {}
    for src in distracted:
        sets.setdefault(src, _shingle_set(docs[src]))
        docs.append(_distractor(docs[src], gen, sets[src]))
        group.append(len(docs) - 1)  # a story of its own
        distractor_src[len(docs) - 1] = src
    # Shuffle so copies are not all at the end (order matters to incremental clustering).
    perm = list(range(len(docs)))
    gen.rng.shuffle(perm)
    new_pos = {old: new for new, old in enumerate(perm)}
    texts = [render(docs[old], gen.rng) for old in perm]
    groups = [group[old] for old in perm]

    # Truth from the rendered texts with the production shingler (exact, not estimated).
    true_pairs: set[tuple[int, int]] = set()
    ignored: set[tuple[int, int]] = set()
    pair_j: dict[tuple[int, int], float] = {}
    for src, cps in copies_of.items():
        members = sorted(new_pos[d] for d in [src, *cps])
        sh = {m: shingles(texts[m]) for m in members}
        for a, b in itertools.combinations(members, 2):
            j = _jac(sh[a], sh[b])
            pair_j[(a, b)] = j
            (true_pairs if j >= 0.8 else ignored).add((a, b))
    distractor_pairs: dict[tuple[int, int], float] = {}
    for d, src in distractor_src.items():
        a, b = sorted((new_pos[d], new_pos[src]))
        distractor_pairs[(a, b)] = _jac(shingles(texts[a]), shingles(texts[b]))
    return NearDupCorpus(texts, n_copies, groups, true_pairs, ignored, distractor_pairs, pair_j)


def _cluster_pairs(clusters: dict[int, int]) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for key, root in clusters.items():
        members.setdefault(root, []).append(key)
    pairs: set[tuple[int, int]] = set()
    for group in members.values():
        if len(group) > 1:
            pairs.update(itertools.combinations(sorted(group), 2))
    return pairs


def run_near_dup(n_docs: int, seed: int = 11, threshold: float = 0.8) -> dict[str, Any]:
    """Time signatures + clustering of `n_docs` documents; score detected vs injected pairs."""
    t0 = time.perf_counter()
    corpus = near_dup_corpus(n_docs, seed=seed)
    generate_s = time.perf_counter() - t0
    gc.collect()
    t1 = time.perf_counter()
    sigs = [signature(text) for text in corpus.texts]
    t2 = time.perf_counter()
    clusters = cluster_near_duplicates(enumerate(sigs), threshold=threshold)
    t3 = time.perf_counter()

    detected = _cluster_pairs(clusters)
    tp = len(detected & corpus.true_pairs)
    judged = detected - corpus.ignored_pairs  # same story, below 0.8: neither right nor wrong
    fp = len(judged - corpus.true_pairs)
    fn = len(corpus.true_pairs - detected)
    index = NearDuplicateIndex(threshold)
    true_j = [corpus.pair_jaccard[p] for p in corpus.true_pairs]
    missed_j = sorted(corpus.pair_jaccard[p] for p in corpus.true_pairs - detected)
    return {
        "documents": n_docs,
        "injected_copies": corpus.n_copies,
        "true_pairs": len(corpus.true_pairs),
        "true_pair_jaccard": {
            "min": round(min(true_j), 4) if true_j else None,
            "mean": round(float(np.mean(true_j)), 4) if true_j else None,
            "share_below_0.85": round(float(np.mean(np.array(true_j) < 0.85)), 4)
            if true_j
            else None,
        },
        "ignored_pairs": len(corpus.ignored_pairs),
        "distractor_pairs": len(corpus.distractor_pairs),
        "distractor_jaccard_range": [
            round(min(corpus.distractor_pairs.values()), 4),
            round(max(corpus.distractor_pairs.values()), 4),
        ]
        if corpus.distractor_pairs
        else None,
        "distractors_merged": len(detected & corpus.distractor_pairs.keys()),
        "detected_pairs": len(detected),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 5) if tp + fp else None,
        "recall": round(tp / (tp + fn), 5) if tp + fn else None,
        "missed_pair_jaccard": [round(j, 4) for j in missed_j[:20]],
        "generate_s": round(generate_s, 3),
        "signature_s": round(t2 - t1, 3),
        "cluster_s": round(t3 - t2, 3),
        "total_s": round(t3 - t1, 3),
        "us_per_doc": round((t3 - t1) / n_docs * 1e6, 1),
        "threshold": threshold,
        "verification_cut": round(index.cut, 4),
        "lsh_bands_rows": list(index.params),
    }


# --------------------------------------------------------------------------- (a) bulk load

RUN_ID = "bench-run-0001"
SOURCES = [
    ("haiphong-pbgdpl", "Hải Phòng PBGDPL", "https://pbgdpl.haiphong.gov.vn", 1),
    ("dukcqtw", "Đảng ủy Khối các cơ quan Trung ương", "https://dangbokhoicoquantw.vn", 2),
    ("moj-portal", "Bộ Tư pháp", "https://pbgdpl.moj.gov.vn", 3),
]


def _md5ish(prefix: str, i: int) -> str:
    return f"{prefix}{i:08x}"


def synthetic_tables(
    n_articles: int, seed: int = 5, with_bodies: TextGen | None = None
) -> dict[str, dict[str, list[Any]]]:
    """Column values of every table we know how to fill, under every name the schema has used.

    `arrow_batch` keeps the columns `warehouse.tables` declares and fills any other column by
    its type, so a new nullable column or a renamed key does not break the benchmark.
    """
    rng = random.Random(seed)
    gen = with_bodies or TextGen(seed)
    now = datetime(2024, 6, 1, tzinfo=UTC)
    day0 = date(2019, 1, 1)
    n_directives = max(n_articles // 20, 20)
    n_people = max(n_articles // 10, 20)
    n_orgs = max(n_articles // 50, 10)
    n_conferences = max(n_articles // 4, 1)

    t: dict[str, dict[str, list[Any]]] = {}
    t["sources"] = {
        "source_id": [s[0] for s in SOURCES],
        "name": [s[1] for s in SOURCES],
        "base_url": [s[2] for s in SOURCES],
        "organization": [s[1] for s in SOURCES],
        "family": ["div-only", "dnn", "sharepoint"],
        "priority": [s[3] for s in SOURCES],
    }
    src = [SOURCES[rng.randrange(3)] for _ in range(n_articles)]
    urls = [f"{s[2]}/tin-tuc/bai-viet-{i}.html" for i, s in enumerate(src)]
    article_ids = [_md5ish("a", i) for i in range(n_articles)]
    capture_ids = [_md5ish("c", i) for i in range(n_articles)]
    published = [day0 + timedelta(days=rng.randrange(2000)) for _ in range(n_articles)]
    published_at = [datetime(d.year, d.month, d.day, 8 + i % 10) for i, d in enumerate(published)]
    bodies = [render(gen.words(rng.randint(150, 400)), gen.rng) for _ in range(n_articles)]
    hashes = [hashlib.sha256(b.encode()).hexdigest() for b in bodies]
    titles = [" ".join(gen.words(rng.randint(8, 16))).capitalize() for _ in range(n_articles)]
    minhash = signature_to_bytes(signature(bodies[0]))  # realistic size; content irrelevant here

    t["captures"] = {
        "capture_id": capture_ids,
        "run_id": [RUN_ID] * n_articles,
        "source_id": [s[0] for s in src],
        "url": urls,
        "status": [200] * n_articles,
        "content_type": ["text/html; charset=utf-8"] * n_articles,
        "content_length": [len(b) * 3 for b in bodies],
        "payload_digest": [f"sha1:{c.upper():0>32}" for c in capture_ids],
        "warc_file": [f"{RUN_ID}-{i // 1000:05d}.warc.gz" for i in range(n_articles)],
        "warc_offset": [(i % 1000) * 20_000 for i in range(n_articles)],
        "warc_length": [len(b) + 900 for b in bodies],
        "fetched_at": [now + timedelta(seconds=i) for i in range(n_articles)],
        "error": [None] * n_articles,
    }
    article = {
        "article_id": article_ids,
        "url": urls,
        "source_id": [s[0] for s in src],
        "title": titles,
        "body": bodies,
        "published_on": published,
        "published_at": published_at,
        "author": [f"Phóng viên {i % 300}" for i in range(n_articles)],
        "content_hash": hashes,
        "capture_id": capture_ids,
        "first_run_id": [RUN_ID] * n_articles,
        "extracted_at": [now] * n_articles,
        "updated_at": [now] * n_articles,
        "copies": [1] * n_articles,
        "similarity": [1.0] * n_articles,
        "minhash": [minhash] * n_articles,
    }
    t["articles"] = t["new_articles"] = t["article_copies"] = article

    t["organizations"] = {
        "organization_id": [_md5ish("o", i) for i in range(n_orgs)],
        "name": [f"Ban Tuyên giáo Tỉnh ủy số {i}" for i in range(n_orgs)],
        "name_key": [f"ban tuyên giáo tỉnh ủy số {i}" for i in range(n_orgs)],
    }
    t["people"] = {
        "person_id": [_md5ish("p", i) for i in range(n_people)],
        "name": [f"Nguyễn Văn {i}" for i in range(n_people)],
        "name_key": [f"nguyễn văn {i}" for i in range(n_people)],
    }
    t["positions"] = {
        "position_id": [_md5ish("q", i) for i in range(n_people)],
        "person_id": [_md5ish("p", i) for i in range(n_people)],
        "title": ["Phó Trưởng Ban Tuyên giáo"] * n_people,
        "organization_id": [_md5ish("o", i % n_orgs) for i in range(n_people)],
    }
    t["directives"] = {
        "directive_id": [f"{i + 1}-CT/TW@{2000 + i % 24}" for i in range(n_directives)],
        "symbol": [f"{i + 1}-CT/TW" for i in range(n_directives)],
        "doc_type": ["Chỉ thị"] * n_directives,
        "number": [str(i + 1) for i in range(n_directives)],
        "year": [2000 + i % 24 for i in range(n_directives)],
        "issuer_code": ["TW"] * n_directives,
        "issuer_name": ["Ban Bí thư"] * n_directives,
        "issued_on": [date(2000 + i % 24, 1 + i % 12, 1 + i % 28) for i in range(n_directives)],
        "subject": [f"về tăng cường công tác số {i}" for i in range(n_directives)],
    }
    mention_rows = [
        (i, d)
        for i in range(n_articles)
        for d in sorted(set(rng.sample(range(n_directives), rng.randint(1, 3))))
    ]
    t["directive_mentions"] = {  # one row per citation (migration 0010)
        "mention_id": [_md5ish("dm", n) for n in range(len(mention_rows))],
        "article_id": [article_ids[i] for i, _ in mention_rows],
        "article_url": [urls[i] for i, _ in mention_rows],
        "ordinal": [n for n, _ in enumerate(mention_rows)],
        "symbol": [f"{d + 1}-CT/TW" for _, d in mention_rows],
        "doc_type": ["Chỉ thị"] * len(mention_rows),
        "published_on": [published[i] for i, _ in mention_rows],
        "directive_id": [t["directives"]["directive_id"][d] for _, d in mention_rows],
        "sentence": [
            f"Thực hiện Chỉ thị số {d + 1}-CT/TW của Ban Bí thư." for _, d in mention_rows
        ],
    }
    rel_rows = [
        (i, rng.randrange(n_directives), rng.randrange(n_directives))
        for i in range(0, n_articles, 5)
    ]
    rel_rows = [(i, a, b) for i, a, b in rel_rows if a != b]
    dids = t["directives"]["directive_id"]
    t["directive_relations"] = {
        "from_directive_id": [dids[a] for _, a, _ in rel_rows],
        "to_directive_id": [dids[b] for _, _, b in rel_rows],
        "source_id": [dids[a] for _, a, _ in rel_rows],  # the 0002 names
        "target_id": [dids[b] for _, _, b in rel_rows],
        "relation": ["continues"] * len(rel_rows),
        "article_id": [article_ids[i] for i, _, _ in rel_rows],
        "article_url": [urls[i] for i, _, _ in rel_rows],
    }
    conf_article = [rng.randrange(n_articles) for _ in range(n_conferences)]
    t["conferences"] = {
        "conference_id": [_md5ish("k", i) for i in range(n_conferences)],
        "name": [
            f"Hội nghị báo cáo viên tháng {1 + i % 12}/{2019 + i % 6}" for i in range(n_conferences)
        ],
        "kind": ["báo cáo viên"] * n_conferences,
        "period": [f"tháng {1 + i % 12}/{2019 + i % 6}" for i in range(n_conferences)],
        "held_on": [published[a] for a in conf_article],
        "organizer": [t["organizations"]["name"][i % n_orgs] for i in range(n_conferences)],
        "organization_id": [_md5ish("o", i % n_orgs) for i in range(n_conferences)],
        "format": ["trực tuyến"] * n_conferences,
        "location": ["Hội trường Thành ủy"] * n_conferences,
    }
    t["conference_articles"] = {
        "conference_id": t["conferences"]["conference_id"],
        "article_id": [article_ids[a] for a in conf_article],
        "article_url": [urls[a] for a in conf_article],
    }
    parts = [
        (c, p, role)
        for c in range(n_conferences)
        for p, role in zip(
            rng.sample(range(n_people), 3), ("chair", "speaker", "speaker"), strict=True
        )
    ]
    t["conference_participants"] = {
        "conference_id": [_md5ish("k", c) for c, _, _ in parts],
        "person_id": [_md5ish("p", p) for _, p, _ in parts],
        "role": [r for _, _, r in parts],
        "position_id": [_md5ish("q", p) for _, p, _ in parts],
        "position": ["Phó Trưởng Ban Tuyên giáo"] * len(parts),
    }
    # The mention tables of migration 0010: each conference above as one story reports it, and
    # its participants as person mentions of that story (the load writes mentions only; the
    # entity tables above are resolution's and are no longer staged).
    t["conference_mentions"] = {
        "mention_id": [_md5ish("cm", c) for c in range(n_conferences)],
        "article_id": [article_ids[a] for a in conf_article],
        "ordinal": [0] * n_conferences,
        "source_id": [src[a][0] for a in conf_article],
        "published_on": [published[a] for a in conf_article],
        "name": t["conferences"]["name"],
        "kind": t["conferences"]["kind"],
        "period": t["conferences"]["period"],
        "held_on": t["conferences"]["held_on"],
        "organizer": t["conferences"]["organizer"],
        "format": t["conferences"]["format"],
        "location": t["conferences"]["location"],
        "nationwide": [False] * n_conferences,
        "status": ["held"] * n_conferences,
        "directives": [[] for _ in range(n_conferences)],
        "chairs": [[] for _ in range(n_conferences)],
        "speakers": [[] for _ in range(n_conferences)],
        "event_day": t["conferences"]["held_on"],
    }
    t["person_mentions"] = {
        "mention_id": [_md5ish("pm", n) for n in range(len(parts))],
        "article_id": [article_ids[conf_article[c]] for c, _, _ in parts],
        "conference_mention_id": [_md5ish("cm", c) for c, _, _ in parts],
        "role": [r for _, _, r in parts],
        "name": [t["people"]["name"][p] for _, p, _ in parts],
        "name_key": [t["people"]["name_key"][p] for _, p, _ in parts],
        "position": ["Phó Trưởng Ban Tuyên giáo"] * len(parts),
        "seen_on": [published[conf_article[c]] for c, _, _ in parts],
    }
    return t


def _filler(field: pa.Field, n: int) -> pa.Array:
    """Values for a column this benchmark does not know yet (typed, non-null)."""
    typ = field.type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return pa.array([f"{field.name}-{i}" for i in range(n)], typ)
    if pa.types.is_integer(typ):
        return pa.array(np.zeros(n, dtype=np.int64), typ)
    if pa.types.is_floating(typ):
        return pa.array(np.zeros(n), typ)
    if pa.types.is_boolean(typ):
        return pa.array([False] * n, typ)
    if pa.types.is_date(typ):
        return pa.array([date(2024, 1, 1)] * n, typ)
    if pa.types.is_timestamp(typ):
        return pa.array([datetime(2024, 1, 1, tzinfo=UTC if typ.tz else None)] * n, typ)
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ):
        return pa.array([b""] * n, typ)
    return pa.nulls(n, typ)


def arrow_batch(columns: dict[str, dict[str, list[Any]]]) -> tuple[Any, list[str], list[str]]:
    """LoadBatch shaped by `warehouse.tables`: (batch, columns filled by type, tables skipped).

    Staging-only tables (they steer merges/refreshes of existing stories) are empty in a fresh
    load and not tables of their own, so they are neither generated nor counted as rows."""
    from warehouse.tables import STAGED_TABLES, LoadBatch

    tables: dict[str, pa.Table] = {}
    filled: list[str] = []
    skipped: list[str] = []
    for declared in STAGED_TABLES:
        name, schema = declared.name, declared.schema
        if declared.target is None or name not in columns:
            skipped.append(name)
            continue
        data = columns[name]
        n = len(next(iter(data.values())))
        arrays = []
        for field in schema:
            if field.name in data:
                arrays.append(pa.array(data[field.name], field.type))
            else:
                arrays.append(_filler(field, n))
                filled.append(f"{name}.{field.name}")
        tables[name] = pa.Table.from_arrays(arrays, schema=schema)
    return LoadBatch(**tables), filled, skipped


def _open_warehouse(path: Path) -> Any:
    from warehouse.db import Warehouse

    wh = Warehouse(path)
    wh.start_run(RUN_ID, datetime(2024, 6, 1, tzinfo=UTC), ["https://pbgdpl.haiphong.gov.vn/"])
    return wh


def _batch_rows(batch: Any) -> dict[str, int]:
    return {
        f.name: getattr(batch, f.name).num_rows
        for f in dataclasses.fields(batch)
        if getattr(batch, f.name) is not None
    }


def rowwise_insert(wh: Any, batch: Any) -> int:
    """Row-by-row `executemany` INSERTs of every table of `batch`, in the loader's order, in one
    transaction (the same atomicity the bulk load gives)."""
    from warehouse.db import quote_identifier
    from warehouse.tables import STAGED_TABLES

    con = wh.con
    inserted = 0
    con.execute("BEGIN TRANSACTION")
    for declared in STAGED_TABLES:  # the loader's order
        table = getattr(batch, declared.name, None)
        if table is None or table.num_rows == 0 or declared.target is None:
            continue
        # The declared columns are the target's (tests/test_table_contract.py), quoted; values
        # are bound.
        cols = table.column_names
        names = ", ".join(quote_identifier(c) for c in cols)
        marks = ", ".join("?" for _ in cols)
        sql = f"INSERT INTO {quote_identifier(declared.target)} ({names}) VALUES ({marks})"
        rows = list(zip(*(table.column(c).to_pylist() for c in cols), strict=True))
        con.executemany(sql, rows)
        inserted += len(rows)
    con.execute("COMMIT")
    return inserted


def run_bulk_load(
    n_articles: int, n_rowwise: int, workdir: Path, seed: int = 5, repeats: int = 3
) -> dict[str, Any]:
    gen = TextGen(seed)
    t0 = time.perf_counter()
    batch, filled, skipped = arrow_batch(synthetic_tables(n_articles, seed, gen))
    sample, _, _ = arrow_batch(synthetic_tables(n_rowwise, seed + 1, gen))
    generate_s = time.perf_counter() - t0
    rows = _batch_rows(batch)
    bulk_rows = sum(rows.values())

    # The bulk load is short and dominated by the commit's disk writes, which vary from run to
    # run on a shared machine: median of `repeats` loads, each into a fresh file.
    bulk_times: list[float] = []
    for attempt in range(repeats):
        bulk_db = workdir / f"bulk-{attempt}.duckdb"
        bulk_db.unlink(missing_ok=True)
        with _open_warehouse(bulk_db) as wh:
            gc.collect()
            t1 = time.perf_counter()
            wh.load(batch)
            bulk_times.append(time.perf_counter() - t1)
            counts = {
                name: wh.count(name)
                for name in (
                    "articles",
                    "article_copies",
                    "captures",
                    "directive_mentions",
                    "conferences",
                    "conference_participants",
                    "directives",
                    "people",
                )
            }
        if attempt:  # keep one file to inspect (and for the tests to count rows in)
            bulk_db.unlink()
    bulk_db = workdir / "bulk-0.duckdb"
    bulk_s = float(np.median(bulk_times))
    row_db = workdir / "rowwise.duckdb"
    row_db.unlink(missing_ok=True)
    with _open_warehouse(row_db) as wh:
        gc.collect()
        t2 = time.perf_counter()
        row_rows = rowwise_insert(wh, sample)
        row_s = time.perf_counter() - t2
        row_counts = {"articles": wh.count("articles")}
    bulk_rate = bulk_rows / bulk_s
    row_rate = row_rows / row_s
    ratio = bulk_rate / row_rate
    return {
        "articles": n_articles,
        "rows_by_table": rows,
        "rows_total": bulk_rows,
        "seconds": round(bulk_s, 3),
        "seconds_each": [round(x, 3) for x in bulk_times],
        "rows_per_s": round(bulk_rate),
        "db_counts": counts,
        "db_bytes": bulk_db.stat().st_size,
        "rowwise": {
            "articles": n_rowwise,
            "rows_total": row_rows,
            "seconds": round(row_s, 3),
            "rows_per_s": round(row_rate),
            "db_counts": row_counts,
        },
        "ratio": round(ratio, 1),
        "generate_s": round(generate_s, 3),
        "tables_skipped": skipped,
        "columns_filled_by_type": filled,
    }


# --------------------------------------------------------------------------- driver


def environment() -> dict[str, Any]:
    versions = {}
    for pkg in ("duckdb", "pyarrow", "numpy", "datasketch", "w3lib", "courlan"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def run(
    sizes: Sequence[int],
    articles: int,
    rowwise: int,
    out: Path | None,
    *,
    quick: bool = False,
    workdir: Path | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="vnarchive-bench-") as tmp:
        log(f"bulk load: {articles:,} articles vs row-wise {rowwise:,} ...")
        bulk = run_bulk_load(articles, rowwise, workdir or Path(tmp), repeats=1 if quick else 3)
    runs = []
    for n in sizes:
        log(f"near-duplicates: {n:,} documents ...")
        runs.append(run_near_dup(n))
        gc.collect()
    base, top = runs[0], runs[-1]
    time_ratio = top["total_s"] / base["total_s"] if base["total_s"] else None
    size_ratio = top["documents"] / base["documents"]
    passes = {
        "bulk_vs_rowwise": bulk["ratio"] >= TARGETS["bulk_vs_rowwise_ratio_min"],
        "near_dup_linear": time_ratio is not None
        and time_ratio <= TARGETS["near_dup_time_ratio_max"] * size_ratio / 2,
        "precision": all((r["precision"] or 0) >= TARGETS["precision_min"] for r in runs),
        "recall": all((r["recall"] or 0) >= TARGETS["recall_min"] for r in runs),
    }
    result = {
        "benchmark": "warehouse_load",
        "created_at": started.isoformat(),
        "quick": quick,
        "environment": environment(),
        "targets": TARGETS,
        "bulk_load": bulk,
        "near_duplicates": {
            "runs": runs,
            "sizes": [r["documents"] for r in runs],
            "size_ratio": size_ratio,
            "time_ratio": round(time_ratio, 3) if time_ratio else None,
        },
        "pass": passes,
        "all_pass": all(passes.values()),
    }
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


def print_report(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 120))
    b = result["bulk_load"]
    ok = result["pass"]
    mark = {True: "[green]pass[/]", False: "[red]FAIL[/]"}
    t = Table(title="Bulk load vs row-wise executemany")
    for col in ("method", "articles", "rows", "seconds", "rows/s"):
        t.add_column(col, justify="right" if col != "method" else "left")
    t.add_row(
        "Warehouse.load (Arrow)",
        f"{b['articles']:,}",
        f"{b['rows_total']:,}",
        f"{b['seconds']:.2f}",
        f"{b['rows_per_s']:,}",
    )
    r = b["rowwise"]
    t.add_row(
        "executemany row-wise",
        f"{r['articles']:,}",
        f"{r['rows_total']:,}",
        f"{r['seconds']:.2f}",
        f"{r['rows_per_s']:,}",
    )
    t.caption = f"ratio {b['ratio']:,}x (target ≥ 50x) {mark[ok['bulk_vs_rowwise']]}"
    console.print(t)

    nd = result["near_duplicates"]
    t = Table(title="Near-duplicate detection (MinHash + LSH)")
    for col in (
        "docs",
        "true pairs",
        "distractors",
        "signature s",
        "cluster s",
        "total s",
        "µs/doc",
        "precision",
        "recall",
        "fp",
        "fn",
    ):
        t.add_column(col, justify="right")
    for run_ in nd["runs"]:
        t.add_row(
            f"{run_['documents']:,}",
            f"{run_['true_pairs']:,}",
            f"{run_['distractor_pairs']:,}",
            f"{run_['signature_s']:.2f}",
            f"{run_['cluster_s']:.2f}",
            f"{run_['total_s']:.2f}",
            f"{run_['us_per_doc']:.0f}",
            f"{run_['precision']}",
            f"{run_['recall']}",
            str(run_["fp"]),
            str(run_["fn"]),
        )
    t.caption = (
        f"time ratio {nd['time_ratio']} for {nd['size_ratio']:g}x docs (target ≤ 2.5 for 2x) "
        f"{mark[ok['near_dup_linear']]}; precision {mark[ok['precision']]}; "
        f"recall {mark[ok['recall']]}"
    )
    console.print(t)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="near-duplicate corpus sizes, e.g. 50000,100000")
    parser.add_argument("--articles", type=int, help="articles in the bulk load")
    parser.add_argument("--rowwise", type=int, help="articles inserted row by row")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quick", action="store_true", help="small sizes (tests, smoke runs)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    preset = QUICK if args.quick else FULL
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(preset["sizes"])
    result = run(
        sizes,
        args.articles or preset["articles"],
        args.rowwise or preset["rowwise"],
        args.out,
        quick=args.quick,
    )
    print_report(result)
    print(f"wrote {args.out}")
    return 0 if result["all_pass"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
