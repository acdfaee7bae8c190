"""What the analyst report shows, read from the warehouse (`vnarchive report`, the run artifact).

Only the numbers: one `report_*.sql` statement per chart or table under warehouse/sql, run on a
connection the caller opened (read-only for `vnarchive report`). Drawing them is
:mod:`flows.analyst_report`'s job, so the same figures feed the HTML report and the Prefect
artifact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from warehouse.db import read_sql

# How many documents get a card and a line in the uptake chart, and how many organisers a row of
# the heatmap: beyond that the charts stop being readable.
TOP_DIRECTIVES = 8
TOP_ORGANIZERS = 15


@dataclass(frozen=True)
class DirectiveCard:
    """One cited document as its card shows it."""

    directive_id: str
    symbol: str
    doc_type: str | None
    issuer: str | None
    issued_on: date | None
    subject: str | None
    stories: int  # stories citing it
    sites: int  # sites carrying a citing story
    first_cited: date | None
    last_cited: date | None
    conferences: list[dict[str, Any]] = field(default_factory=list)  # that disseminated it
    label: str = ""  # the symbol, with the year when another card has the same symbol


@dataclass(frozen=True)
class ReportData:
    overview: dict[str, Any]
    activity: list[dict[str, Any]]  # site, month, pages, stories
    uptake: list[dict[str, Any]]  # directive_id, document (its card's label), month, stories
    organizers: list[dict[str, Any]]  # organizer, month, conferences
    republication: list[dict[str, Any]]  # site, also_on, stories
    directives: list[DirectiveCard]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, **params: Any) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or None)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _label(row: dict[str, Any], ambiguous: bool) -> str:
    """A document's name in the charts: its symbol, told apart from another document of the same
    symbol (another Party term, another locality) by the year it was issued, else its id."""
    if not ambiguous:
        return row["symbol"]
    issued = row["issued_on"]
    return f"{row['symbol']} ({issued.year if issued else row['directive_id'][:8]})"


def read_report(
    con: duckdb.DuckDBPyConnection,
    top_directives: int = TOP_DIRECTIVES,
    top_organizers: int = TOP_ORGANIZERS,
) -> ReportData:
    """Every figure of the report, from one connection (a read-only one is enough)."""
    rows = _rows(con, read_sql("report_top_directives"), top=top_directives)
    symbols = Counter(row["symbol"] for row in rows)
    cards = [DirectiveCard(**row, label=_label(row, symbols[row["symbol"]] > 1)) for row in rows]
    ids = [c.directive_id for c in cards]
    labels = {c.directive_id: c.label for c in cards}
    disseminated: dict[str, list[dict[str, Any]]] = {}
    if cards:
        for row in _rows(con, read_sql("report_directive_conferences"), directive_ids=ids):
            disseminated.setdefault(row.pop("directive_id"), []).append(row)
    for card in cards:
        card.conferences.extend(disseminated.get(card.directive_id, []))
    (overview,) = _rows(con, read_sql("report_overview"))
    return ReportData(
        overview=overview,
        activity=_rows(con, read_sql("report_monthly_activity")),
        uptake=[
            {**row, "document": labels[row["directive_id"]]}
            for row in (
                _rows(con, read_sql("report_directive_uptake"), directive_ids=ids) if ids else []
            )
        ],
        organizers=_rows(con, read_sql("report_organizer_months"), top=top_organizers),
        republication=_rows(con, read_sql("report_republication")),
        directives=cards,
    )
