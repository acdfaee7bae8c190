"""One document in, one record out: the article plus its entities, as the CLI contract shows it.

Shared by `vnarchive extract` and the flow's extract stage so both see identical results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipelines.article import ExtractedArticle, extract_article
from pipelines.boilerplate import FamilyRules
from pipelines.entities import Entities, Person, extract_entities
from pipelines.text import decode_html, normalize_text, normalized_hash

_HTML_SNIFF = (b"<html", b"<!doctype html", b"<body", b"<head", b"<div", b"<p>", b"<p ")
# A first line this short that does not end a sentence is a headline.
_MAX_TITLE_CHARS = 250


@dataclass(frozen=True, slots=True)
class Document:
    article: ExtractedArticle
    entities: Entities

    @property
    def published(self) -> date | None:
        return self.article.published_on


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return any(marker in head for marker in _HTML_SNIFF)


def _plain_text_article(data: bytes, url: str, published: date | None) -> ExtractedArticle:
    text = normalize_text(decode_html(data, None))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = None
    if len(lines) > 1 and len(lines[0]) <= _MAX_TITLE_CHARS and not lines[0].endswith("."):
        title = lines[0]
    body = "\n".join(lines)
    return ExtractedArticle(
        url=url,
        title=title,
        body=body,
        published_on=published,
        published_at=None,
        author=None,
        language="vi",
        content_hash=normalized_hash(body),
        is_article=bool(body),
        reason=None if body else "no body",
        date_source=("given" if published else "none") if body else None,
    )


def process_document(
    data: bytes,
    url: str = "",
    content_type: str | None = None,
    published: date | None = None,
    *,
    family: FamilyRules | None = None,
    detect_among: Sequence[FamilyRules] = (),
) -> Document:
    """Extract the article (HTML, or plain text when the bytes are not HTML) and its entities.

    `published` overrides the page's own date; it anchors year-less dates such as "Ngày 22/11".
    `family` / `detect_among`: the page's CMS family, or the families to detect it among
    (:func:`pipelines.article.extract_article`).
    """
    is_html = "html" in (content_type or "").lower() or (
        content_type is None and looks_like_html(data)
    )
    if is_html:
        article = extract_article(
            data, url, content_type or "text/html", family=family, detect_among=detect_among
        )
        if published is not None:
            update: dict[str, object] = {"published_on": published}
            if article.is_article:
                update["date_source"] = "given"
            article = article.model_copy(update=update)
    else:
        article = _plain_text_article(data, url, published)
    entities = extract_entities(
        article.body, published=article.published_on, title=article.title or None
    )
    return Document(article=article, entities=entities)


def full_position(person: Person) -> str | None:
    """The position as written, organisation included ("Phó Bí thư Đảng ủy Khối ...")."""
    if person.titles:
        return person.titles[0]
    parts = [p for p in (person.position, person.organization) if p]
    return " ".join(parts) or None


def _person(person: Person) -> dict[str, str | None]:
    return {"name": person.name, "position": full_position(person)}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def contract_record(document: Document) -> dict[str, Any]:
    """The JSON object `vnarchive extract` prints (a stable contract other tools rely on)."""
    article, entities = document.article, document.entities
    return {
        "title": article.title,
        "published": _iso(article.published_on),
        "text": article.body,
        "directives": [
            {
                "symbol": d.symbol,
                "doc_type": d.doc_type,
                "number": d.number,
                "year": d.year,
                "issuer_code": d.issuer_code,
                "issuer_name": d.issuer_name,
                "issued_on": _iso(d.issued_on),
                "subject": d.subject,
                # added for entity resolution (issue 11)
                "issuer_stated": d.issuer_stated,
                "locality": d.locality,
            }
            for d in entities.directives
        ],
        "conferences": [
            {
                "name": c.name,
                "held_on": _iso(c.held_on),
                "organizer": c.organizer,
                "chairs": [_person(p) for p in c.chairs],
                "speakers": [_person(p) for p in c.speakers],
                "format": c.format,
                "location": c.location,
                # added for entity resolution (issue 11)
                "bridge_point": c.bridge_point,
                "bridge_chairs": [_person(p) for p in c.bridge_chairs],
                "status": c.status,
                "directives": list(c.directives),
                "nationwide": c.nationwide,
                "held_until": _iso(c.held_until),
            }
            for c in entities.conferences
        ],
    }
