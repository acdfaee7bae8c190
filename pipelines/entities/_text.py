"""Text normalisation shared by the extractors.

Articles arrive NFC, NFD (some CMSs), or with "Ð" (U+00D0, Icelandic eth) typed for "Đ"
(U+0110). Extractors run on one canonical form; offsets are mapped back to the input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache


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
