"""Sentence boundaries tolerant of Vietnamese abbreviations ("T.Ư", "TP. Vinh", "1.548")."""

from __future__ import annotations

import re
from bisect import bisect_right

# A boundary is a line break, or sentence punctuation followed by space and an upper-case
# letter / opening quote, except after title abbreviations ("TP.", "PGS.", "TS.").
# The pattern opens with a character class (not a lookbehind) so the engine skips ordinary
# characters in C. A newline run is a boundary by itself; after sentence punctuation the
# boundary proper is group "s" (the spaces).
BOUNDARY_RE = re.compile(
    r"[\n.!?…]"
    # Title abbreviations before a name ("PGS. TS. Nguyễn Thị Kim Tiến", "TP. Vinh") end nothing.
    r"(?<!\bPGS\.)(?<!\bGS\.)(?<!\bTS\.)(?<!\bThS\.)(?<!\bTP\.)(?<!\bBS\.)(?<!\bKS\.)"
    r"(?:(?<=\n)\n*|(?P<s>(?!\n)\s+)(?=[\"“‘'(\[]?[^\W\d_]))"
)
_WINDOW = 600


_CACHE: dict[str, tuple[list[int], list[int]]] = {}


def _boundaries(text: str) -> tuple[list[int], list[int]]:
    """(boundary starts, boundary ends) for ``text``; the last text is memoised because every
    extractor asks for many sentences of the same article."""
    hit = _CACHE.get(text)
    if hit is None:
        starts: list[int] = []
        ends: list[int] = []
        for m in BOUNDARY_RE.finditer(text):
            if m.group("s") is None:
                starts.append(m.start())
                ends.append(m.end())
            else:
                starts.append(m.start("s"))
                ends.append(m.end("s"))
        hit = (starts, ends)
        _CACHE.clear()
        _CACHE[text] = hit
    return hit


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(s, e) of the sentence around text[start:end] (capped at _WINDOW chars each side)."""
    starts, ends = _boundaries(text)
    k = bisect_right(ends, start) - 1  # last boundary ending at or before start
    s = ends[k] if k >= 0 else 0
    s = max(s, start - _WINDOW)
    j = bisect_right(starts, end - 1)
    while j < len(starts) and starts[j] < end:
        j += 1
    e = starts[j] if j < len(starts) else len(text)
    e = min(e, end + _WINDOW)
    return s, e
