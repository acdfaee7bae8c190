"""Deduplication: canonical URLs, exact body fingerprints and near-duplicate stories.

Pure functions only (no I/O). Three levels, cheapest first:

1. **Same page, different URL**: `page_key` drops what does not change the page (tracking
   and session parameters, ``www.``, default ports, http vs https, fragments, trailing slashes,
   query order).
2. **Same text**: equal ``content_hash`` (sha256 of the `pipelines.text.normalize_text` body, so
   Unicode form and spacing do not count) files a copy under its twin's story without MinHash;
   flows/dedupe.py does this before the near-duplicate pass.
3. **Same story, edited**: the same article republished on several sites with other chrome,
   another title or a lightly edited paragraph. Word 5-shingles of the normalised body are
   summarised by a MinHash `signature`; `datasketch.MinHashLSH` proposes candidate pairs in
   time linear in the corpus (no all-pairs comparison) and each candidate is verified on the
   estimated Jaccard before union-find joins it to a story.

Thresholds. ``threshold`` is the *true* shingle Jaccard at which copies must be found. A
128-permutation MinHash estimates Jaccard with a standard error of ``sqrt(J(1-J)/128)`` (0.035
at 0.8), so verifying at exactly 0.8 would lose about half of the copies that really sit at
0.8. Verification therefore accepts estimates down to ``threshold - margin`` (two standard
errors by default, about 0.73), and the LSH bands are chosen so a pair at that cut is a
candidate with probability ≥ 0.99. Pairs truly between the cut and the threshold (heavier
edits of the same text) are merged too; unrelated articles that share boilerplate sit far
lower (below 0.3 on the demo corpus). Pass ``margin=0`` for a strict cut.

Signatures are `numpy.uint64` arrays (datasketch's ``affine64`` scheme); store them with
`signature_to_bytes` (fixed little-endian layout) and read them back with
`signature_from_bytes`.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np

from pipelines.urls import drop_default_port, is_volatile_param, page_key

__all__ = [
    "DEFAULT_NUM_PERM",
    "DEFAULT_SHINGLE_SIZE",
    "DEFAULT_THRESHOLD",
    "NearDuplicateIndex",
    "StoryAssignment",
    "assign_stories",
    "band_keys",
    "canonical_copy",
    "cluster_near_duplicates",
    "drop_default_port",
    "is_empty_signature",
    "is_volatile_param",
    "jaccard",
    "jaccard_estimate",
    "lsh_bands",
    "normalise_words",
    "page_key",
    "shingles",
    "signature",
    "signature_from_bytes",
    "signature_to_bytes",
    "verification_cut",
]

DEFAULT_SHINGLE_SIZE = 5
DEFAULT_NUM_PERM = 128
DEFAULT_THRESHOLD = 0.8
DEFAULT_SEED = 1
# 64-bit hash values: with 32-bit ones a large corpus starts to see collisions between shingles.
_SCHEME = "affine64"
_EMPTY = np.uint64(2**64 - 1)  # datasketch's initial value: a signature of no shingles at all

# URL helpers live in pipelines/urls.py (light enough for the crawl child); re-exported.

# --------------------------------------------------------------------------- text

# Letters and digits only: punctuation, symbols and "_" separate words and are otherwise dropped.
_WORD = re.compile(r"[^\W_]+")


def normalise_words(text: str) -> list[str]:
    """The body as compared for dedupe: NFC, Ð→Đ, case-folded, words only (no punctuation)."""
    # "Ð" (U+00D0, eth) is typed for "Đ" (U+0110) on real pages; both case-fold apart, so the
    # folded eth is mapped afterwards (str.replace: 1000x cheaper than str.translate here).
    folded = unicodedata.normalize("NFC", text).casefold().replace("ð", "đ")
    return _WORD.findall(folded)


def shingles(text: str, k: int = DEFAULT_SHINGLE_SIZE) -> set[bytes]:
    """Word k-shingles of the normalised body (a text shorter than k words is one shingle)."""
    words = normalise_words(text)
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def jaccard(a: set[Any], b: set[Any]) -> float:
    """Exact Jaccard similarity of two sets (two empty sets are not similar: 0.0)."""
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


# --------------------------------------------------------------------------- signatures


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    # Stable across processes (unlike `hash()`); cached because vocabularies are small compared
    # with the number of word occurrences, which makes hashing ~20x cheaper than per shingle.
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


# Fixed odd multipliers, one per position in the shingle: a shingle's hash is
# sum(word_hash[i + j] * _POS[j]) mod 2^64, computed for every window at once with numpy.
# Position-dependent multipliers keep "a b c" and "c b a" apart; datasketch then applies its
# MurmurHash3 finaliser and the affine permutations on top.
_POS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
        0xE7037ED1A0B428DB,
        0x8EBC6AF09C88C6E3,
        0x589965CC75374CC3,
        0x1D8E4E27C47D124F,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0x85EBCA77C2B2AE63,
    ],
    dtype=np.uint64,
)


def _shingle_hashes(words: Sequence[str], k: int) -> np.ndarray:
    """64-bit hash of each word k-shingle (a stable function of the shingle's words)."""
    if k > len(_POS):
        raise ValueError(f"shingle size {k} > {len(_POS)} is not supported")
    if not words:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    n = max(len(words) - k + 1, 1)
    width = min(k, len(words))
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(width):  # uint64 arithmetic wraps: the modulo 2^64 is free
        acc += hashes[j : j + n] * _POS[j]
    return acc


@lru_cache(maxsize=16)
def _permutations(num_perm: int, seed: int) -> np.ndarray:
    # Generating permutations costs more than hashing a document: do it once per setting.
    from datasketch import MinHash  # imported when used: ~2 s of every subprocess's start-up

    return MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations


def _identity(value: int) -> int:
    return value


def signature(
    text: str,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    k: int = DEFAULT_SHINGLE_SIZE,
) -> np.ndarray:
    """MinHash signature (uint64[num_perm]) of the body's word k-shingles.

    Equal inputs give equal signatures in every process and on every machine (blake2b word
    hashes, datasketch's seeded permutations), so signatures can be stored and compared later.
    """
    hashes = _shingle_hashes(normalise_words(text), k)
    from datasketch import MinHash

    mh = MinHash(
        num_perm=num_perm,
        seed=seed,
        hashfunc=_identity,  # the shingles are already 64-bit hashes
        permutations=_permutations(num_perm, seed),
        scheme=_SCHEME,
    )
    mh.update_batch(hashes.tolist())
    return mh.hashvalues


def jaccard_estimate(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard of the two shingle sets: the share of equal MinHash slots."""
    if len(sig_a) != len(sig_b):
        raise ValueError(f"signatures of different lengths: {len(sig_a)} vs {len(sig_b)}")
    if _is_empty(sig_a) or _is_empty(sig_b):
        return 0.0
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)


def signature_to_bytes(sig: np.ndarray) -> bytes:
    """Fixed little-endian layout (8 bytes per slot) for a BLOB column."""
    return np.asarray(sig, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def _is_empty(sig: np.ndarray) -> bool:
    # A body with no words: every slot still holds the initial value. Two of them must not count
    # as identical stories.
    return bool(sig[0] == _EMPTY and np.all(sig == _EMPTY))


# --------------------------------------------------------------------------- index


def verification_cut(threshold: float, num_perm: int, margin: float | None = None) -> float:
    """Lowest estimated Jaccard accepted: `threshold` minus two standard errors by default."""
    if margin is None:
        margin = 2.0 * math.sqrt(threshold * (1.0 - threshold) / num_perm)
    return max(0.0, threshold - margin)


def _lsh_params(cut: float, num_perm: int, min_hit: float = 0.99) -> tuple[int, int]:
    """(bands, rows): the longest bands (fewest spurious candidates) that still make a pair at
    the verification cut a candidate with probability ≥ `min_hit`."""
    best = (num_perm // 1, 1)
    for rows in range(1, num_perm // 2 + 1):
        bands = num_perm // rows
        if bands < 2:
            break
        if 1.0 - (1.0 - cut**rows) ** bands >= min_hit:
            best = (bands, rows)
    return best


def lsh_bands(
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = DEFAULT_NUM_PERM,
    margin: float | None = None,
) -> tuple[int, int]:
    """(bands, rows) of the LSH that `NearDuplicateIndex` uses for this threshold."""
    return _lsh_params(verification_cut(threshold, num_perm, margin), num_perm)


# splitmix64's finaliser constants: every input bit moves every output bit.
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_BAND_SALT = np.uint64(0x9E3779B97F4A7C15)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """LSH bucket of each band of each signature: int64[n, bands] for uint64[n, num_perm].

    Band ``i`` covers slots ``[i * rows, (i + 1) * rows)``, as in datasketch's MinHashLSH, and
    two signatures share a key exactly when (barring a 2^-63 collision) they share that band's
    values, so a store of these keys finds the candidates `NearDuplicateIndex` would. Keys are
    non-negative 63-bit integers (SQLite's INTEGER), the band number mixed in.
    """
    sigs = np.atleast_2d(np.asarray(signatures, dtype=np.uint64))
    if sigs.shape[1] < bands * rows:
        raise ValueError(f"signatures of {sigs.shape[1]} values for {bands} x {rows} bands")
    windows = sigs[:, : bands * rows].reshape(len(sigs), bands, rows)
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps: the modulo 2^64 is intended
        # Odd multipliers, one per row: the key depends on each value and on its place.
        weights = (np.arange(rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)) * _BAND_SALT
        acc = (windows * weights).sum(axis=2, dtype=np.uint64)
        acc += (np.arange(1, bands + 1, dtype=np.uint64) * _BAND_SALT)[None, :]
        acc ^= acc >> np.uint64(30)
        acc *= _MIX_1
        acc ^= acc >> np.uint64(27)
        acc *= _MIX_2
        acc ^= acc >> np.uint64(31)
    return (acc >> np.uint64(1)).astype(np.int64)


def is_empty_signature(sig: np.ndarray) -> bool:
    """A body without words: never a near-duplicate of anything (see `NearDuplicateIndex.add`)."""
    return _is_empty(sig)


class NearDuplicateIndex:
    """MinHash LSH index over signatures, with candidates verified on the estimated Jaccard."""

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        *,
        margin: float | None = None,
        seed: int = DEFAULT_SEED,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self.cut = verification_cut(threshold, num_perm, margin)
        self.params = _lsh_params(self.cut, num_perm)
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(num_perm=num_perm, params=self.params)
        self._sigs: dict[Hashable, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._sigs

    def _lean(self, sig: np.ndarray) -> Any:  # a datasketch.LeanMinHash
        if len(sig) != self.num_perm:
            raise ValueError(f"expected a signature of {self.num_perm} values, got {len(sig)}")
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.seed, hashvalues=sig, scheme=_SCHEME)

    def add(self, key: Hashable, sig: np.ndarray) -> None:
        """Index `key`. Empty signatures (no words) are remembered but never matched."""
        if key in self._sigs:
            raise KeyError(f"duplicate key {key!r}")
        self._sigs[key] = sig
        if not _is_empty(sig):
            self._lsh.insert(key, self._lean(sig), check_duplication=False)

    def candidates(self, sig: np.ndarray) -> list[Hashable]:
        """Keys sharing at least one LSH band with `sig` (unverified)."""
        if _is_empty(sig):
            return []
        return self._lsh.query(self._lean(sig))

    def query(self, sig: np.ndarray) -> list[Hashable]:
        """Indexed keys whose estimated Jaccard with `sig` passes the verification cut."""
        return [key for key, _ in self.query_scored(sig)]

    def query_scored(self, sig: np.ndarray) -> list[tuple[Hashable, float]]:
        """(key, estimated Jaccard) of verified matches, most similar first."""
        found = []
        for key in self.candidates(sig):
            score = jaccard_estimate(sig, self._sigs[key])
            if score >= self.cut:
                found.append((key, score))
        found.sort(key=lambda ks: -ks[1])
        return found


# --------------------------------------------------------------------------- clustering


class _UnionFind:
    """Union-find whose root is always the smallest key of its set (stable cluster ids)."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}
        self.members: dict[Hashable, list[Hashable]] = {}  # root -> keys of its set

    def add(self, key: Hashable) -> None:
        if key not in self.parent:
            self.parent[key] = key
            self.members[key] = [key]

    def find(self, key: Hashable) -> Hashable:
        parent = self.parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]  # path halving
            key = parent[key]
        return key

    def union(self, a: Hashable, b: Hashable) -> Hashable:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        lo, hi = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
        self.parent[hi] = lo
        self.members[lo].extend(self.members.pop(hi))
        return lo


def cluster_near_duplicates(
    items: Iterable[tuple[Hashable, np.ndarray]],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    num_perm: int | None = None,
    margin: float | None = None,
    can_merge: Callable[[Hashable, Hashable], bool] | None = None,
) -> dict[Hashable, Hashable]:
    """key -> smallest key of its near-duplicate cluster (itself when it has no copy).

    Each item queries the index of the items before it, then joins it: every pair is looked at
    once and only LSH candidates are compared, so the cost grows linearly with the corpus.
    Keys must be unique and mutually comparable (str or int). `can_merge(a, b)` may veto a
    verified pair on other evidence (e.g. publication dates years apart: templated notices
    about the same decree can be textually identical and still be two stories).
    """
    uf = _UnionFind()
    index: NearDuplicateIndex | None = None
    for key, sig in items:
        if index is None:
            index = NearDuplicateIndex(threshold, num_perm or len(sig), margin=margin)
        uf.add(key)
        for other in index.query(sig):
            if can_merge is None or can_merge(key, other):
                uf.union(key, other)
        index.add(key, sig)
    return {key: uf.find(key) for key in uf.parent}


@dataclass
class StoryAssignment:
    """Result of `assign_stories`.

    assignment: story id of every new copy.
    merged: old story id -> surviving story id, for existing stories that a new copy showed to
        be one story (their existing copies must be moved to the surviving id).
    scores: new key -> (best matching key, estimated Jaccard), for `article_copies.similarity`.
    """

    assignment: dict[Hashable, Hashable] = field(default_factory=dict)
    merged: dict[Hashable, Hashable] = field(default_factory=dict)
    scores: dict[Hashable, tuple[Hashable, float]] = field(default_factory=dict)


def _groups_may_merge(
    uf: _UnionFind,
    a: tuple[int, Hashable],
    b: tuple[int, Hashable],
    can_merge: Callable[[Hashable, Hashable], bool],
) -> bool:
    """Every pair across the two groups passes the veto (groups are a story's few copies)."""
    ra, rb = uf.find(a), uf.find(b)
    if ra == rb:
        return True
    return all(can_merge(x[1], y[1]) for x in uf.members[ra] for y in uf.members[rb])


def assign_stories(
    new_items: Iterable[tuple[Hashable, np.ndarray]],
    existing: Iterable[tuple[Hashable, Hashable, np.ndarray]],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    new_story_id: Callable[[list[Hashable]], Hashable] | None = None,
    margin: float | None = None,
    can_merge: Callable[[Hashable, Hashable], bool] | None = None,
    story_order: Callable[[Hashable], Any] | None = None,
) -> StoryAssignment:
    """Give each new copy a story: that of a verified near-duplicate, or a fresh one.

    Stable: existing story ids are never renamed, except that when a new copy bridges two
    existing stories the smaller (older) id survives and the merge is reported in `merged`.
    A cluster of new copies alone gets ``new_story_id(sorted keys)``, by default its smallest
    key. Pairs of existing copies are not re-examined: only new copies add links.
    `can_merge(new_key, other_key)` may veto a verified pair (see `cluster_near_duplicates`).
    `story_order` is the sort key that decides which story is older when ids do not sort by
    age (e.g. hashes); by default the ids themselves.
    """
    uf = _UnionFind()
    story_of: dict[Hashable, Hashable] = {}
    index: NearDuplicateIndex | None = None
    first_of_story: dict[Hashable, Hashable] = {}

    def node(kind: int, key: Hashable) -> tuple[int, Hashable]:
        # Existing (0) and new (1) keys live in one union-find without colliding.
        return (kind, key)

    for key, story, sig in existing:
        index = index or NearDuplicateIndex(threshold, len(sig), margin=margin)
        n = node(0, key)
        uf.add(n)
        index.add(n, sig)
        story_of[n] = story
        # Copies already filed under one story are one story, whatever their similarity.
        if story in first_of_story:
            uf.union(first_of_story[story], n)
        else:
            first_of_story[story] = n

    result = StoryAssignment()
    new_nodes: list[tuple[int, Hashable]] = []
    for key, sig in new_items:
        index = index or NearDuplicateIndex(threshold, len(sig), margin=margin)
        n = node(1, key)
        uf.add(n)
        scored = [
            (other, score)
            for other, score in index.query_scored(sig)
            if can_merge is None or can_merge(key, other[1])
        ]
        linked = []
        for other, score in scored:
            # A veto holds across the whole story: a copy both sides may join (an undated one
            # passes every date veto) must not bridge two copies the veto keeps apart.
            if can_merge is not None and not _groups_may_merge(uf, n, other, can_merge):
                continue
            uf.union(n, other)
            linked.append((other, score))
        scored = linked
        if scored:
            best, score = scored[0]
            result.scores[key] = (best[1], score)
        index.add(n, sig)
        new_nodes.append(n)

    members: dict[Hashable, list[tuple[int, Hashable]]] = {}
    for n in uf.parent:
        members.setdefault(uf.find(n), []).append(n)
    for group in members.values():
        stories = sorted({story_of[n] for n in group if n[0] == 0}, key=story_order)
        if stories:
            story = stories[0]
            for old in stories[1:]:
                result.merged[old] = story
        else:
            keys = sorted(n[1] for n in group)  # type: ignore[type-var]
            story = new_story_id(keys) if new_story_id else keys[0]
        for n in group:
            if n[0] == 1:
                result.assignment[n[1]] = story
    return result


def canonical_copy(
    copies: Iterable[tuple[Hashable, date | datetime | None, int]],
) -> Hashable:
    """The copy that becomes the story's `articles` row: (key, published, source priority).

    Earliest publication wins; ties (and undated copies, which lose to dated ones) go to the
    source with the lower priority number, then to the smaller key, so the choice is stable.
    """

    def rank(copy: tuple[Hashable, date | datetime | None, int]) -> tuple[Any, ...]:
        key, published, priority = copy
        if published is None:
            return (1, 0.0, priority, key)
        if isinstance(published, datetime):
            stamp = published.timestamp()
        else:
            stamp = datetime(published.year, published.month, published.day).timestamp()
        return (0, stamp, priority, key)

    ordered = sorted(copies, key=rank)
    if not ordered:
        raise ValueError("no copies")
    return ordered[0][0]
