"""Text normalisation shared by the extractors.

Articles arrive NFC, NFD (some CMSs), or with "Ð" (U+00D0, Icelandic eth) typed for "Đ"
(U+0110). Extractors run on one canonical form; offsets are mapped back to the input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise


@cache
def _combining_run_re() -> re.Pattern[str]:
    """Runs of combining characters (non-zero canonical combining class; all lie in
    U+0300..U+1EFFF), built once."""
    marks = "".join(chr(c) for c in range(0x300, 0x1F000) if unicodedata.combining(chr(c)))
    return re.compile(f"[{re.escape(marks)}]+")


def normalize(text: str, need_map: bool = False) -> tuple[str, list[int] | None]:
    """Return (NFC text with Đ fixed, offset map or None when offsets are unchanged).

    The map has len(norm) + 1 entries: norm index -> input index.
    """
    fixed = (
        text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
        if ("\u00d0" in text or "\u00f0" in text)
        else text
    )
    if unicodedata.is_normalized("NFC", fixed):
        return fixed, None
    if not need_map:
        return unicodedata.normalize("NFC", fixed), None
    # Normalise cluster by cluster (base char + following combining marks) so every output
    # character can be traced to the cluster it came from. Lines already in NFC (most of a
    # mixed page) are copied with an identity map: the per-character loop is the slow part.
    # A line starts at a "\n", which never combines, so no cluster spans two lines.
    out: list[str] = []
    mapping: list[int] = []
    n = len(fixed)
    line_start = 0
    while line_start < n:
        line_end = fixed.find("\n", line_start + 1)
        if line_end == -1:
            line_end = n
        line = fixed[line_start:line_end]
        if unicodedata.is_normalized("NFC", line):
            out.append(line)
            base = len(mapping)
            mapping.extend(range(line_start, line_end))
            # Combining marks that stay uncomposed still map to their cluster's start.
            for run in _combining_run_re().finditer(line):
                owner = max(line_start + run.start() - 1, 0)
                for k in range(run.start(), run.end()):
                    mapping[base + k] = owner
        else:
            i = line_start
            while i < line_end:
                j = i + 1
                while j < line_end and unicodedata.combining(fixed[j]):
                    j += 1
                chunk = unicodedata.normalize("NFC", fixed[i:j])
                out.append(chunk)
                mapping.extend([i] * len(chunk))
                i = j
        line_start = line_end
    mapping.append(n)
    return "".join(out), mapping


def to_input_offset(pos: int, mapping: list[int] | None) -> int:
    return pos if mapping is None else mapping[pos]


# A hard-wrapped paragraph: a page stored (or typed) with a line break every 60-80 characters,
# so sentences run over line breaks ("… Trung ương Hội\nNông dân Việt Nam tổ chức Hội nghị …").
# The extractors read a line break as the end of a clause; such breaks are spaces.
_WRAP_MIN_LINES = 3
_WRAP_WIDTH = (25, 100)  # the width of a wrapped line (a paragraph's last line may be shorter)
_SENTENCE_END = frozenset('.!?…:;"”)')


def unwrap_hard_lines(text: str) -> str:
    """``text`` with the line breaks inside hard-wrapped paragraphs made spaces (same length,
    so offsets do not move). A hard-wrapped paragraph is a run of three lines or more, each of
    a wrapped line's width (its last may be shorter), a third of whose breaks fall inside a
    sentence (after a word or comma, before a lower-case word). Headlines, lists, blank-line
    paragraphs and one-sentence lines are left as they are."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out: list[str] | None = None
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _WRAP_WIDTH[0] <= len(lines[j].strip()) <= _WRAP_WIDTH[1]:
            j += 1
        if j < len(lines) and j > i and 0 < len(lines[j].strip()) < _WRAP_WIDTH[0]:
            j += 1  # the paragraph's short last line
        run = [s.strip() for s in lines[i:j]]
        if len(run) >= _WRAP_MIN_LINES and _breaks_inside(run) * 3 >= len(run) - 1:
            out = out if out is not None else list(text)
            for k in range(i + 1, j):
                out[starts[k] - 1] = " "
        i = max(j, i + 1)
    return "".join(out) if out is not None else text


def _breaks_inside(run: list[str]) -> int:
    return sum(
        1 for line, nxt in pairwise(run) if line[-1] not in _SENTENCE_END and nxt[:1].islower()
    )
