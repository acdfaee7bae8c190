"""The source registry: one validated :class:`~sites.source.Source` per real site we archive
(``sites/sources.toml``).

Each entry says where a crawl of that site starts (start URLs, sitemaps, feeds), which URLs are
article pages (``allow``), which are listing/pagination pages worth traversing (``follow``), which
are never fetched (``deny``), the per-site politeness overrides (``delay``, ``concurrency``),
a forced ``encoding`` for sites that lie about theirs, its CMS ``family`` (``sites/families/``),
an optional listing ``parser`` of that family and the ``priority`` the dedupe uses (lower = more
authoritative).

The TOML speaks the registry's words: ``name`` is the source id, ``title`` its display name; every
other key is a :class:`~sites.source.Source` field. The demo sites are not in the TOML: their base
URLs exist only once the demo has bound its ports (``vnarchive.demo_sites.sites.demo_sources``).

How the crawl child gets the entries: the ``SOURCE_CONFIG`` crawl setting (a JSON list of
:meth:`Source.crawl_config`), or, without it, ``crawlers/sourcing.py`` matches the start URLs
against this registry, so ``vnarchive crawl --start-url https://noichinh.vn/`` gets noichinh's
politeness overrides and patterns too.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sites.families import UnknownFamilyError, canonical_family
from sites.source import Source, source_for

__all__ = [
    "DEFAULT_REGISTRY",
    "Registry",
    "RegistryError",
    "UnknownSourceError",
    "load_registry",
    "source_from_toml",
]

DEFAULT_REGISTRY = Path(__file__).with_name("sources.toml")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# TOML key -> Source field, for the two keys the registry names otherwise.
_TOML_KEYS = {"name": "source_id", "title": "name"}
_FIELD_KEYS = {v: k for k, v in _TOML_KEYS.items()}
_REQUIRED = ("name", "title", "organization", "family", "start_urls")


class RegistryError(ValueError):
    """The registry file is missing, is not TOML, or an entry does not validate."""


class UnknownSourceError(KeyError):
    """No entry of that name; the message lists the close names."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class EntryError(ValueError):
    """One entry is invalid: ``problems`` are (TOML key, message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{k}: {m}" for k, m in problems))
        self.problems = problems


def source_from_toml(item: Any) -> Source:
    """One ``[[source]]`` table as a :class:`Source` (:class:`EntryError` names the TOML keys)."""
    if not isinstance(item, dict):
        raise EntryError([("(entry)", "not a table")])
    problems = [(k, "Field required") for k in _REQUIRED if k not in item]
    name = item.get("name")
    if isinstance(name, str) and not NAME_RE.match(name):
        problems.append(("name", f"{name!r}: use lower-case letters, digits and '-'"))
    if "source_id" in item:  # the registry calls it `name`
        problems.append(("source_id", "Extra inputs are not permitted"))
    family = item.get("family")
    if isinstance(family, str):
        with contextlib.suppress(UnknownFamilyError):  # Source validation reports those
            if canonical_family(family) != family:  # one spelling in the registry
                one = canonical_family(family)
                problems.append(("family", f"{family!r} is a former spelling: write {one!r}"))
    data = {k: v for k, v in item.items() if k != "source_id"}
    data = {_TOML_KEYS.get(k, k): v for k, v in data.items()}
    try:
        source = Source.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [_FIELD_KEYS.get(str(p), str(p)) for p in err["loc"][:1]] + [
                str(p) for p in err["loc"][1:]
            ]
            problems.append((".".join(loc) or "(entry)", err["msg"]))
        raise EntryError(problems) from None
    if problems:
        raise EntryError(problems)
    return source


class Registry:
    """The registry's sources, in file order, with lookups by name and by URL."""

    def __init__(self, entries: list[Source], path: str | None = None) -> None:
        seen: set[str] = set()
        for e in entries:
            if e.source_id in seen:
                raise RegistryError(f"{path}: duplicate source name {e.source_id!r}")
            seen.add(e.source_id)
        self.entries = list(entries)
        self.path = path

    def __iter__(self) -> Iterator[Source]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def names(self) -> list[str]:
        return [e.source_id for e in self.entries]

    def get(self, name: str) -> Source:
        for e in self.entries:
            if e.source_id == name:
                return e
        close = difflib.get_close_matches(name, self.names, n=5, cutoff=0.5)
        close += [n for n in self.names if name and name in n and n not in close]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownSourceError(
            f"unknown source {name!r}{hint} (`vnarchive sources` lists all {len(self)})"
        )

    def source_for(self, url: str) -> Source | None:
        """The entry `url` belongs to (:func:`sites.source.source_for`)."""
        return source_for(url, self.entries)


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and validate the registry; errors name the entry and the key that is wrong."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: source registry not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(raw) - {"source"}
    if unknown:
        raise RegistryError(f"{path}: unknown top-level keys {sorted(unknown)}; use [[source]]")
    items = raw.get("source", [])
    if not isinstance(items, list) or not items:
        raise RegistryError(f"{path}: no [[source]] entries")
    parsed: list[Source] = []
    errors: list[str] = []
    for i, item in enumerate(items):
        try:
            parsed.append(source_from_toml(item))
        except EntryError as exc:
            name = item.get("name") if isinstance(item, dict) else None
            where = f"[[source]] #{i + 1}" + (f" ({name!r})" if name else "")
            errors += [f"  {where}, field {key}: {msg}" for key, msg in exc.problems]
    if errors:
        raise RegistryError(f"{path}: invalid source registry\n" + "\n".join(errors))
    return Registry(parsed, str(path))
