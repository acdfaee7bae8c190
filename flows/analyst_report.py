"""The analyst report: charts of what the warehouse holds, as one self-contained HTML file.

:func:`charts` turns :class:`warehouse.report.ReportData` into Vega-Altair charts; vl-convert
renders them (inline SVG for the HTML file, PNG for the Prefect artifact) with its own bundled
Vega, so neither the report nor its making fetches anything: the file opens offline, has no
script at all, and its only assets are inside it. `vnarchive report` writes the file;
:func:`flows.dashboard.publish_analyst_report` publishes the same charts after a scheduled run.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import vl_convert
from markupsafe import Markup

from warehouse.report import DirectiveCard, ReportData

WIDTH = 760  # px: the report's column is 800 wide
TEMPLATE = "analyst_report.html.j2"
# The artifact's PNGs are drawn at 3/4 size: each served run stores its markdown in Prefect's
# database (0.56 MB of markdown for a 600-page demo warehouse at 3/4, 0.75 MB at full size).
ARTIFACT_SCALE = 0.75


def _values(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as JSON values for Vega: dates as ISO strings (read as UTC dates by the utc* time
    units below, so a month never shifts with the viewer's or the renderer's time zone)."""
    return [
        {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()} for row in rows
    ]


@dataclass(frozen=True)
class Chart:
    """One chart of the report: where it goes, what it says, and its spec (None: no data)."""

    key: str
    title: str
    caption: str
    chart: alt.TopLevelMixin | None

    def spec(self) -> str:
        assert self.chart is not None
        return self.chart.to_json()

    def svg(self) -> str:
        return vl_convert.vegalite_to_svg(self.spec())

    def png(self, scale: float = 1.0) -> bytes:
        return vl_convert.vegalite_to_png(self.spec(), scale=scale)


def _activity(data: ReportData) -> alt.TopLevelMixin | None:
    if not data.activity:
        return None
    return (
        alt.Chart(alt.Data(values=_values(data.activity)))
        .mark_bar()
        .encode(
            x=alt.X("utcyearmonth(month):T", title="month"),
            y=alt.Y("sum(pages):Q", title="pages published"),
            color=alt.Color(
                "site:N", title="site", legend=alt.Legend(orient="bottom", labelLimit=360)
            ),
            tooltip=["site:N", "utcyearmonth(month):T", "pages:Q", "stories:Q"],
        )
        .properties(width=WIDTH, height=260)
    )


def _uptake(data: ReportData) -> alt.TopLevelMixin | None:
    if not data.uptake:
        return None
    # Cumulative: per month the spikes of a handful of stories hide the shape; the running total
    # shows when each document was taken up and how fast.
    return (
        alt.Chart(alt.Data(values=_values(data.uptake)))
        .transform_window(cited="sum(stories)", groupby=["document"], sort=[alt.SortField("month")])
        .mark_line(interpolate="step-after", point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X("utcyearmonth(month):T", title="month"),
            y=alt.Y("cited:Q", title="stories citing it (running total)"),
            color=alt.Color(
                "document:N", title="document", legend=alt.Legend(orient="bottom", columns=4)
            ),
            tooltip=["document:N", "utcyearmonth(month):T", "stories:Q", "cited:Q"],
        )
        .properties(width=WIDTH, height=260)
    )


def _heatmap(data: ReportData) -> alt.TopLevelMixin | None:
    if not data.organizers:
        return None
    return (
        alt.Chart(alt.Data(values=_values(data.organizers)))
        .mark_rect()
        .encode(
            # temporal: one cell per month, the axis labelled by year (years of months stay
            # readable, where one label per month would not)
            x=alt.X("utcyearmonth(month):T", title="month"),
            y=alt.Y(
                "organizer:N",
                title=None,
                sort=alt.EncodingSortField("conferences", op="sum", order="descending"),
                axis=alt.Axis(labelLimit=300),
            ),
            color=alt.Color(
                "conferences:Q", title="conferences", scale=alt.Scale(scheme="blues", zero=True)
            ),
            tooltip=["organizer:N", "utcyearmonth(month):T", "conferences:Q"],
        )
        .properties(width=WIDTH - 320, height=alt.Step(18))
    )


def _republication(data: ReportData) -> alt.TopLevelMixin | None:
    if not data.republication:
        return None
    base = alt.Chart(alt.Data(values=_values(data.republication))).encode(
        x=alt.X(
            "also_on:N",
            title="also published on",
            axis=alt.Axis(labelAngle=-20, labelLimit=200),
        ),
        y=alt.Y("site:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("stories:Q", title="stories", scale=alt.Scale(scheme="oranges")),
        tooltip=["site:N", "also_on:N", "stories:Q"],
    )
    labels = base.mark_text(fontSize=12).encode(text="stories:Q")
    # a square cell per pair: large for the demo's three sites, still on the page for thirty
    sites = {r["site"] for r in data.republication} | {r["also_on"] for r in data.republication}
    step = max(16, min(90, 440 // len(sites)))
    return (cells + labels).properties(width=alt.Step(step), height=alt.Step(step * 2 // 3))


def charts(data: ReportData) -> list[Chart]:
    """The report's charts, in page order."""
    return [
        Chart(
            "activity",
            "Monthly activity per site",
            "Pages published per month, by site (every page once, dated by its own publication).",
            _activity(data),
        ),
        Chart(
            "uptake",
            "Directive uptake over time",
            f"Stories citing each of the {len(data.directives)} most-cited documents: running "
            "total by month of publication.",
            _uptake(data),
        ),
        Chart(
            "organizers",
            "Conferences per organiser and month",
            "Conferences (hội nghị) held per month by the busiest organisers.",
            _heatmap(data),
        ),
        Chart(
            "republication",
            "Republication between sites",
            "Stories a site published that another site also carries (row: the site, column: "
            "the other site).",
            _republication(data),
        ),
    ]


def _template() -> jinja2.Template:
    source = resources.files("flows").joinpath(TEMPLATE).read_text(encoding="utf-8")
    # autoescape: titles, subjects and organisers are scraped text
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source)


def render_html(data: ReportData, title: str = "vn-legal-archive: analyst report") -> str:
    """The whole report as one HTML document: inline SVG charts, inline CSS, no script."""
    drawn = [
        {
            "key": c.key,
            "title": c.title,
            "caption": c.caption,
            # vl-convert's SVG escapes every label it draws (site names, organisers are data)
            "svg": Markup(c.svg()) if c.chart is not None else None,
        }
        for c in charts(data)
    ]
    return _template().render(
        title=title,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        overview=data.overview,
        charts=drawn,
        cards=data.directives,
    )


def write_report(data: ReportData, out_dir: Path) -> Path:
    """``<out_dir>/index.html`` (written to a temporary name first: a reader never sees half)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    tmp = target.with_name(".index.html.tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(target)
    return target


# -- the Prefect artifact ------------------------------------------------------------------------


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def card_row(card: DirectiveCard) -> dict[str, Any]:
    """One row of the directive table artifact."""
    return {
        "symbol": card.symbol,
        "type": card.doc_type,
        "issuer": card.issuer,
        "issued_on": card.issued_on.isoformat() if card.issued_on else None,
        "subject": card.subject,
        "stories": card.stories,
        "sites": card.sites,
        "first_cited": card.first_cited.isoformat() if card.first_cited else None,
        "last_cited": card.last_cited.isoformat() if card.last_cited else None,
        "conferences": "; ".join(
            f"{c['name'] or '(unnamed)'} ({c['held_on'] or '?'})" for c in card.conferences
        ),
    }


def artifact_markdown(data: ReportData) -> str:
    """The charts as markdown the Prefect UI renders: PNG data URLs (no server to host images),
    then the directive cards as a table."""
    o = data.overview
    lines = [
        "### Analyst report",
        "",
        f"{o['stories']:,} stories on {o['pages']:,} pages from {o['sites']} sites "
        f"({o['first_published']} – {o['last_published']}); {o['directives']:,} documents, "
        f"{o['conferences']:,} conferences. The full report: `vnarchive report`.",
    ]
    for chart in charts(data):
        lines += ["", f"#### {chart.title}", "", chart.caption, ""]
        if chart.chart is None:
            lines.append("_no data yet_")
        else:
            encoded = base64.b64encode(chart.png(ARTIFACT_SCALE)).decode("ascii")
            lines.append(f"![{chart.title}](data:image/png;base64,{encoded})")
    lines += [
        "",
        "#### Most-cited documents",
        "",
        "| symbol | issuer | subject | stories | sites | conferences |",
        "|---|---|---|---:|---:|---:|",
    ]
    lines += [
        f"| {_cell(c.label)} | {_cell(c.issuer)} | {_cell(c.subject)} | {c.stories} | "
        f"{c.sites} | {len(c.conferences)} |"
        for c in data.directives
    ]
    return "\n".join(lines)
