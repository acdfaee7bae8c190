"""CMS / site-template families, one small declarative module each (the Fundus way).

A family (:class:`~sites.families.base.Family`) says, in one place, everything the project knows
about one CMS: its one name (and former spellings), the markers that recognise its pages, the
boilerplate it adds to an article page, its listing-page parser, and its date-line formats if
they differed from the generic ones (none does: Vietnamese date lines are parsed by one generic
routine, ``pipelines/article.py``, for every family).

Who uses it: ``sources.toml``'s ``family`` must name a family (or :data:`GENERIC`); the extract
stage strips a page's boilerplate with its source's family, or with the family detected among
:data:`FAMILIES` when the source declares none; the crawler uses the listing parser a source's
``parser`` names.

**Adding a family** is one new module here, ``sites/families/<name>.py``, defining ``FAMILY =
Family(...)`` (it is found by this package, no list to edit), plus its stored page:
``tests/fixtures/sites/<name>/article.html`` and ``article.expected.txt`` (the article's text as
extraction must give it). ``tests/test_families.py`` fails for a family without one, checks that
detection picks the family on it and that extraction with its rules gives the expected text.
"""

from __future__ import annotations

import importlib
import pkgutil

from sites.families.base import Family, ListingPage, ListingParser

__all__ = [
    "FAMILIES",
    "GENERIC",
    "GENERIC_ALIASES",
    "PARSERS",
    "Family",
    "ListingPage",
    "ListingParser",
    "UnknownFamilyError",
    "canonical_family",
    "family_named",
    "listing_parser",
]

# The family of a site whose CMS is unknown or has no rules of its own: generic rules only, and
# the family of each page is detected.
GENERIC = "unknown"
# Spellings earlier registries used for such sites; stored data (the warehouse's sources.family)
# may still carry them, so they resolve to GENERIC. sources.toml itself must say GENERIC.
GENERIC_ALIASES = ("div-portal", "joomla", "aggregator")


class UnknownFamilyError(ValueError):
    """A family or listing-parser name that no module of sites/families/ declares."""


def _discover() -> tuple[Family, ...]:
    found: list[Family] = []
    for module in pkgutil.iter_modules(__path__):
        if module.name == "base":
            continue
        family = getattr(importlib.import_module(f"{__name__}.{module.name}"), "FAMILY", None)
        if not isinstance(family, Family):
            raise TypeError(f"sites/families/{module.name}.py defines no FAMILY = Family(...)")
        found.append(family)
    return tuple(sorted(found, key=lambda f: (f.detect_order, f.name)))


# Every declared family, in detection order.
FAMILIES: tuple[Family, ...] = _discover()

_BY_NAME: dict[str, Family] = {}
for _family in FAMILIES:
    for _spelling in (_family.name, *_family.aliases):
        if _spelling in _BY_NAME or _spelling in (GENERIC, *GENERIC_ALIASES):
            raise ValueError(f"family name {_spelling!r} is declared twice")
        _BY_NAME[_spelling] = _family

# Listing parsers by name (and former names).
PARSERS: dict[str, ListingParser] = {
    spelling: f.listing
    for f in FAMILIES
    if f.listing is not None
    for spelling in (f.listing.name, *f.listing.aliases)
}


def family_named(name: str | None) -> Family | None:
    """The family of that name or former spelling; None for :data:`GENERIC` or no name."""
    if name is None or name == GENERIC or name in GENERIC_ALIASES:
        return None
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join([GENERIC, *(f.name for f in FAMILIES)])
        raise UnknownFamilyError(f"unknown family {name!r}; known: {known}") from None


def canonical_family(name: str) -> str:
    """The one spelling of a family name (a former spelling resolves to it)."""
    family = family_named(name)
    return family.name if family is not None else GENERIC


def listing_parser(name: str) -> ListingParser:
    """The listing parser of that name (or former name)."""
    try:
        return PARSERS[name]
    except KeyError:
        known = ", ".join(sorted(p.name for p in {id(p): p for p in PARSERS.values()}.values()))
        raise UnknownFamilyError(f"unknown parser {name!r}; known: {known}") from None
