"""Text normalisation shared by the extractors.

Articles arrive NFC, NFD (some CMSs), or with "Ð" (U+00D0, Icelandic eth) typed for "Đ"
(U+0110). Extractors run on one canonical form; offsets are mapped back to the input.
"""

from __future__ import annotations

import unicodedata


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
    # character can be traced to the cluster it came from.
    out: list[str] = []
    mapping: list[int] = []
    i, n = 0, len(fixed)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(fixed[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", fixed[i:j])
        out.append(chunk)
        mapping.extend([i] * len(chunk))
        i = j
    mapping.append(n)
    return "".join(out), mapping


def to_input_offset(pos: int, mapping: list[int] | None) -> int:
    return pos if mapping is None else mapping[pos]
