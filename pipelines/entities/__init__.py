"""Entity extraction from Vietnamese article text: directives, conferences, people.

Pure and fast (compiled regexes only); callers do the I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ._text import normalize
from .conferences import Conference, find_conferences
from .directives import Directive, find_directives, find_relations
from .people import Person, find_people, person_key

__all__ = [
    "Conference",
    "Directive",
    "Entities",
    "Person",
    "extract_entities",
    "find_conferences",
    "find_directives",
    "find_people",
    "find_relations",
    "person_key",
]


@dataclass(slots=True)
class Entities:
    directives: list[Directive] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)


def extract_entities(text: str, published: date | None = None) -> Entities:
    """All entities of one article. ``published`` resolves year-less conference dates."""
    norm, _ = normalize(text)  # normalise once; the finders are idempotent on NFC input
    directives = find_directives(text)
    return Entities(
        directives=directives,
        conferences=find_conferences(norm, published),
        people=find_people(norm),
        relations=find_relations(directives, norm),
    )
