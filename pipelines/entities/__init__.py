"""Entity extraction from Vietnamese article text: directives, conferences, people.

Pure and fast (compiled regexes only); callers do the I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ._text import normalize, unwrap_hard_lines
from .conferences import Conference, find_conferences
from .directives import Directive, find_directives, find_relations
from .people import Person, find_people, person_key

__all__ = [
    "MAX_ENTITY_CHARS",
    "Conference",
    "Directive",
    "Entities",
    "Person",
    "bounded_text",
    "extract_entities",
    "find_conferences",
    "find_directives",
    "find_people",
    "find_relations",
    "person_key",
]


# The entity pass reads at most this many characters of a body (about 40 long articles; a
# 200 000-character text takes well under a second). A longer body, such as a whole code of law
# pasted into one page or a hostile page, is read up to the last line break before the bound
# and the result says so (``Entities.truncated``): the work per page stays bounded.
MAX_ENTITY_CHARS = 200_000


@dataclass(slots=True)
class Entities:
    directives: list[Directive] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    truncated: bool = False  # the body was longer than MAX_ENTITY_CHARS; only its head was read


def bounded_text(text: str, max_chars: int = MAX_ENTITY_CHARS) -> tuple[str, bool]:
    """(the head of ``text`` the entity pass reads, whether anything was cut off).

    The cut falls on the last line break before the bound (offsets stay those of ``text``),
    unless the head holds none, then on the bound itself.
    """
    if len(text) <= max_chars:
        return text, False
    cut = text.rfind("\n", 0, max_chars + 1)
    return text[: cut if cut > 0 else max_chars], True


def extract_entities(
    text: str,
    published: date | None = None,
    max_chars: int = MAX_ENTITY_CHARS,
    *,
    title: str | None = None,
) -> Entities:
    """All entities of one article. ``published`` resolves year-less conference dates; only
    the first ``max_chars`` characters are read (see MAX_ENTITY_CHARS).

    ``title``: the page's headline when the text extractor kept it apart from ``text`` (it
    does on nearly every real page). Conferences are read from the headline and the text, as a
    reader does: the headline often holds the only full name ("Thủ tướng dự hội nghị tổng kết
    năm 2023 của ngành nông nghiệp" over a body that says "hội nghị"). Directives, people and
    their offsets stay those of ``text``."""
    text, truncated = bounded_text(text, max_chars)
    text = unwrap_hard_lines(text)  # same length: offsets stay those of the input
    norm, _ = normalize(text)  # normalise once; the finders are idempotent on NFC input
    directives = find_directives(text)
    headed = norm
    if title and title.strip():
        head, _ = normalize(" ".join(title.split()))
        if not norm.startswith(head):
            headed = f"{head}\n\n{norm}"
    return Entities(
        directives=directives,
        conferences=find_conferences(headed, published),
        people=find_people(norm),
        relations=find_relations(directives, norm),
        truncated=truncated,
    )
