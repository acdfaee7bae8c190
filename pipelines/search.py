"""What a search query means, for Vietnamese readers: accent folding and query parsing.

Pure functions (no I/O). The warehouse answers queries in SQL (`warehouse/sql/analyst_macros.sql`,
so an analyst's DuckDB session and `vnarchive search` give the same hits); this module is the
reference the SQL is tested against and what the CLI uses to say how it read a query.

Why fold: a reader on a keyboard without Telex/VNI types "bao cao vien" for "báo cáo viên".
Vietnamese marks two things on a letter: the tone (sắc, huyền, hỏi, ngã, nặng) and the vowel
quality (â, ă, ê, ô, ơ, ư); both are combining marks after NFD and both go. "đ" is a letter of
its own (no decomposition) and is mapped to "d" by hand. Folding an NFC string keeps its length
(each precomposed letter becomes one base letter), so a match found in folded text is at the same
character offsets in the original: the snippets rely on it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["SearchQuery", "fold_accents", "has_diacritics", "parse_query"]

# A token as the full-text index cuts them: a run of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"([^"]*)"?')


def fold_accents(text: str) -> str:
    """`text` lower-cased with every Vietnamese tone and vowel mark removed and đ → d.

    NFC and NFD input give the same result ("báo" typed on a Mac is NFD)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.replace("đ", "d"))


def has_diacritics(text: str) -> bool:
    """Whether the reader typed any mark (then the marks are meant: "bão" is not "báo")."""
    return fold_accents(text) != unicodedata.normalize("NFC", text.lower())


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: each unit is a run of tokens that must appear in order, adjacent.

    A quoted phrase is one unit; outside quotes each whitespace-separated chunk is one unit
    (a plain word, or a symbol such as 66-NQ/TW, whose tokens stay together)."""

    units: tuple[tuple[str, ...], ...]
    folded: bool  # matched without accents (the query had none, or the reader asked for it)

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(unit for unit in self.units if len(unit) > 1)


def parse_query(query: str, accents: str = "auto") -> SearchQuery:
    """Units and accent mode of `query`, as the SQL macro `search` reads it.

    `accents`: "auto" folds only a query typed without any mark, "ignore" always folds,
    "exact" never does."""
    if accents not in ("auto", "ignore", "exact"):
        raise ValueError(f"accents must be auto, ignore or exact, not {accents!r}")
    typed = unicodedata.normalize("NFC", query).lower()
    folded = accents == "ignore" or (accents == "auto" and not has_diacritics(typed))
    units = [tuple(_TOKEN.findall(phrase)) for phrase in _PHRASE.findall(typed)]
    units += [tuple(_TOKEN.findall(chunk)) for chunk in _PHRASE.sub(" ", typed).split()]
    if folded:
        units = [tuple(fold_accents(token) for token in unit) for unit in units]
    return SearchQuery(tuple(unit for unit in units if unit), folded)
