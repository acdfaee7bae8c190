"""Every key the warehouse stores, derived from natural keys in one place.

A key is a pure function of plain values (a URL, a symbol and a year, a name …), so the same
input always yields the same row and reloading or reprocessing an archive changes nothing. The
warehouse of an existing archive keeps its keys only while these functions stay byte-identical:
tests/test_table_contract.py pins them against the values they have always produced.

warehouse/ imports no pipeline types (layer rule): callers (flows/rows.py, flows/dedupe.py,
flows/extract.py) pass the fields of their objects.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date


def md5_key(*parts: object) -> str:
    """md5 of the parts joined by the unit separator (None counts as empty text)."""
    return hashlib.md5("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()


def name_key(name: str) -> str:
    """NFC, Đ unified, case-folded, single-spaced: how names are compared across articles."""
    text = unicodedata.normalize("NFC", name).replace("Ð", "Đ").replace("ð", "đ")
    return " ".join(text.casefold().split())


def capture_id(run_id: str, url: str, fetched_at: str) -> str:
    """Stable id of one fetch (`fetched_at` in ISO format), so reloading the same manifest
    inserts nothing new."""
    return hashlib.sha1(f"{run_id}\x1f{url}\x1f{fetched_at}".encode()).hexdigest()


def article_id(url: str) -> str:
    """Story id: md5 of the canonical URL of the copy that founded the story."""
    return hashlib.md5(url.encode()).hexdigest()


def directive_year(year: int | None, issued_on: date | None) -> int | None:
    """The year a directive is filed under: the one in its symbol, else its issue date's."""
    return year or (issued_on.year if issued_on else None)


def directive_id(symbol: str, year: int | None, issued_on: date | None = None) -> str:
    """`symbol@year` when a year is known (symbols repeat across years), else the symbol."""
    filed = directive_year(year, issued_on)
    return f"{symbol}@{filed}" if filed else symbol


# A year written inside a symbol (30/2020/NĐ-CP, 67/2020/QH14): as
# pipelines.resolution.directives.symbol_year reads it (warehouse/ cannot import it).
_YEAR_IN_SYMBOL = re.compile(r"^\d+[a-z]?/((?:19|20)\d{2})/")


def symbol_year(symbol: str) -> int | None:
    """The year written inside a canonical symbol, else None."""
    found = _YEAR_IN_SYMBOL.match(symbol)
    return int(found.group(1)) if found else None


def document_id(symbol: str | None, issued_on: date | None, page_url: str) -> str:
    """Key of an archived legal document: `directive_id` of its symbol (year inside the symbol,
    else of the issue date), so the `directives` entity of the same symbol@year shares it. A page
    that gives no symbol is a document of its own, keyed by the page."""
    if symbol is None:
        return "page:" + md5_key(page_url)
    return directive_id(symbol, symbol_year(symbol), issued_on)


def conference_id(
    name: str | None, organizer: str | None, held_on: date | None, article_id: str
) -> str:
    """md5 of name, organiser and date. Undated conferences cannot be matched across stories
    safely: they are keyed by the story that reports them instead."""
    when = held_on.isoformat() if held_on else f"article:{article_id}"
    return md5_key(name_key(name or ""), name_key(organizer or ""), when)


def organization_id(name: str) -> str:
    """md5 of the organisation's `name_key`."""
    return md5_key(name_key(name))


def person_id(person_key: str) -> str:
    """md5 of the person's identity key (pipelines.entities.person_key: it knows names)."""
    return md5_key(person_key)


def position_id(person_id: str, title: str, organization_id: str | None) -> str:
    """md5 of person, title (as a `name_key`) and organisation (None when unknown)."""
    return md5_key(person_id, name_key(title), organization_id)


def mention_id(article_id: str, kind: str, ordinal: int) -> str:
    """md5 of story, kind ('conference' | 'directive' | 'person') and the mention's ordinal in
    the story: the key of a mention row (pipelines.resolution.mentions.mention_id computes the
    same; migration 0010 computes it in SQL for the mentions it moves)."""
    return md5_key(article_id, kind, ordinal)
