"""`vnarchive report`: its figures reconcile with the tables, the file is self-contained, it renders
offline in headless Chromium without console errors, and a run publishes the same charts."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
from collections import Counter, defaultdict
from datetime import date
from itertools import permutations
from pathlib import Path

import duckdb
import pytest
from browser import chromium, screenshot, visit
from typer.testing import CliRunner

from flows.analyst_report import artifact_markdown, charts, render_html, write_report
from vnarchive.cli import app
from warehouse.db import Warehouse
from warehouse.report import TOP_DIRECTIVES, DirectiveCard, ReportData, read_report

# CI (.ci/run) installs Chromium and sets this: there a missing browser fails instead of skipping.
REQUIRE_BROWSER = os.environ.get("VNARCHIVE_REQUIRE_BROWSER") == "1"
# Where the browser test also saves its screenshot (docs/report.png when refreshing the docs).
SCREENSHOT_TO = os.environ.get("VNARCHIVE_REPORT_SCREENSHOT")

needs_chromium = pytest.mark.skipif(
    chromium() is None and not REQUIRE_BROWSER,
    reason="chromium is not installed (apt-get install chromium; .ci/run installs it)",
)


@pytest.fixture(scope="module")
def demo_report(demo_warehouse: Path) -> ReportData:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        return read_report(con)


def _fetch(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


# -- the figures -----------------------------------------------------------------------------


def test_activity_counts_every_dated_page_once(demo_warehouse: Path, demo_report: ReportData):
    pages = _fetch(
        demo_warehouse,
        "SELECT s.name, c.published_on, c.article_id FROM article_copies c "
        "JOIN sources s USING (source_id) WHERE c.published_on IS NOT NULL",
    )
    expected = Counter((site, day.replace(day=1)) for site, day, _ in pages)
    stories = defaultdict(set)
    for site, day, story in pages:
        stories[site, day.replace(day=1)].add(story)
    got = {(r["site"], r["month"]): r["pages"] for r in demo_report.activity}
    assert got == dict(expected)
    assert {(r["site"], r["month"]): r["stories"] for r in demo_report.activity} == {
        key: len(ids) for key, ids in stories.items()
    }
    assert demo_report.overview["pages"] == len(_fetch(demo_warehouse, "FROM article_copies"))


def test_republication_matrix_counts_shared_stories(demo_warehouse: Path, demo_report):
    sites_of = defaultdict(set)
    for story, site in _fetch(
        demo_warehouse,
        "SELECT c.article_id, s.name FROM article_copies c JOIN sources s USING (source_id)",
    ):
        sites_of[story].add(site)
    expected = Counter(pair for sites in sites_of.values() for pair in permutations(sites, 2))
    got = {(r["site"], r["also_on"]): r["stories"] for r in demo_report.republication}
    assert got == dict(expected)
    assert got, "the demo sites republish each other's stories: the matrix is not empty"


def test_directive_cards_and_uptake_reconcile_with_mentions(demo_warehouse: Path, demo_report):
    citing = defaultdict(set)
    dated = defaultdict(set)
    for directive, story, published in _fetch(
        demo_warehouse,
        "SELECT m.directive_id, m.article_id, a.published_on FROM directive_mentions m "
        "JOIN articles a USING (article_id) WHERE m.directive_id IS NOT NULL",
    ):
        citing[directive].add(story)
        if published is not None:
            dated[directive].add(story)
    cards = demo_report.directives
    assert 0 < len(cards) <= TOP_DIRECTIVES
    assert [c.stories for c in cards] == sorted((c.stories for c in cards), reverse=True)
    # the cards are the most-cited documents: nothing left out cites more than the last card
    kept = {c.directive_id for c in cards}
    assert max((len(s) for d, s in citing.items() if d not in kept), default=0) <= cards[-1].stories
    disseminated = defaultdict(set)
    for directive, conference_name in _fetch(
        demo_warehouse,
        "SELECT cd.directive_id, c.name FROM conference_directives cd JOIN conferences c "
        "USING (conference_id)",
    ):
        disseminated[directive].add(conference_name)
    uptake = Counter()
    for row in demo_report.uptake:
        uptake[row["directive_id"]] += row["stories"]
    for card in cards:
        assert card.stories == len(citing[card.directive_id]), card.symbol
        assert uptake[card.directive_id] == len(dated[card.directive_id]), card.symbol
        assert {c["name"] for c in card.conferences} == disseminated[card.directive_id]
    assert any(card.conferences for card in cards), "a top document was disseminated"


def test_heatmap_counts_conferences_of_the_busiest_organisers(demo_warehouse: Path, demo_report):
    held = Counter(
        (organizer, day.replace(day=1))
        for organizer, day in _fetch(
            demo_warehouse,
            "SELECT coalesce(o.name, c.organizer), c.held_on FROM conferences c "
            "LEFT JOIN organizations o USING (organization_id) "
            "WHERE c.held_on IS NOT NULL AND coalesce(o.name, c.organizer) IS NOT NULL",
        )
    )
    got = {(r["organizer"], r["month"]): r["conferences"] for r in demo_report.organizers}
    assert got, "the demo conferences have organisers"
    assert all(held[key] == n for key, n in got.items())
    shown = {organizer for organizer, _ in got}
    per_organizer = Counter()
    for (organizer, _), n in held.items():
        per_organizer[organizer] += n
    # every month of a shown organiser is shown, and no hidden one held more conferences
    assert sum(got.values()) == sum(per_organizer[o] for o in shown)
    hidden = [n for o, n in per_organizer.items() if o not in shown]
    assert max(hidden, default=0) <= min(per_organizer[o] for o in shown)


# -- the file --------------------------------------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_writes_a_self_contained_report_reading_only(demo_warehouse: Path, tmp_path: Path):
    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)
    before = _sha(db)
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert _sha(db) == before, "the report only reads the warehouse"
    assert html.count("<svg") == len(charts(read_report(duckdb.connect(str(db), read_only=True))))
    assert "<script" not in html
    # nothing to fetch: no external stylesheet, script, image or font
    for attribute in ('src="http', "src='http", 'href="http', "href='http", "url(http", "@import"):
        assert attribute not in html, attribute
    with duckdb.connect(str(db), read_only=True) as con:
        (top,) = con.execute(
            "SELECT d.symbol FROM directive_mentions m JOIN directives d USING (directive_id) "
            "GROUP BY d.directive_id, d.symbol ORDER BY count(DISTINCT m.article_id) DESC, "
            "d.symbol LIMIT 1"
        ).fetchone()
    assert f"<h3>{top}</h3>" in html or f"<h3>{top} (" in html


def test_cli_report_of_a_missing_file_is_an_error(tmp_path: Path):
    result = CliRunner().invoke(
        app, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "none.duckdb").exists(), "a reader never creates the file"


def test_report_escapes_scraped_text(tmp_path: Path):
    hostile = "<script>alert('x')</script>"
    data = ReportData(
        overview={
            "stories": 1,
            "pages": 1,
            "sites": 1,
            "directives": 1,
            "conferences": 1,
            "first_published": date(2025, 1, 2),
            "last_published": date(2025, 1, 2),
        },
        activity=[{"site": hostile, "month": date(2025, 1, 1), "pages": 1, "stories": 1}],
        uptake=[
            {"directive_id": "d1", "document": "05-CT/TW", "month": date(2025, 1, 1), "stories": 1}
        ],
        organizers=[{"organizer": hostile, "month": date(2025, 1, 1), "conferences": 1}],
        republication=[],
        directives=[
            DirectiveCard(
                directive_id="d1",
                symbol="05-CT/TW",
                doc_type="Chỉ thị",
                issuer="Bộ Chính trị",
                issued_on=date(2016, 5, 15),
                subject=hostile,
                stories=1,
                sites=1,
                first_cited=date(2025, 1, 2),
                last_cited=date(2025, 1, 2),
                conferences=[{"name": hostile, "held_on": None, "organizer": None, "reports": 1}],
                label="05-CT/TW",
            )
        ],
    )
    html = write_report(data, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;" in html  # the card's subject, escaped
    assert "No data yet." in html  # the republication chart has no rows
    assert "Bộ Chính trị" in html


def test_report_of_an_empty_warehouse(tmp_path: Path):
    db = tmp_path / "empty.duckdb"
    Warehouse(db).close()  # created and migrated, no rows
    with duckdb.connect(str(db), read_only=True) as con:
        data = read_report(con)
    assert data.directives == [] and data.activity == []
    html = render_html(data)
    assert "<svg" not in html and html.count("No data yet.") == len(charts(data))
    assert "No document is cited yet." in html
    assert "_no data yet_" in artifact_markdown(data)


# -- in a browser ----------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.mark.browser
@needs_chromium
def test_browser_check_sees_console_messages_and_network_fetches(tmp_path: Path):
    """The check below can fail: a page that logs or fetches is caught."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><body><img src='https://cdn.example.com/chart.png'>"
        "<script>console.error('vega is not defined')</script></body></html>",
        encoding="utf-8",
    )
    seen = visit(page)
    assert any("vega is not defined" in line for line in seen.console), seen.stderr[-2000:]
    assert seen.fetches == ["https://cdn.example.com/chart.png"]


@pytest.mark.browser
@needs_chromium
def test_report_renders_offline_in_headless_chromium(demo_warehouse: Path, tmp_path: Path):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        data = read_report(con)
    page = write_report(data, tmp_path / "report")
    seen = visit(page)
    assert seen.console == [], seen.console
    assert seen.fetches == [], seen.fetches
    assert seen.dom.count("<svg") == len(charts(data))
    assert seen.dom.count('class="card"') == len(data.directives) > 0
    shot = screenshot(page, tmp_path / "report.png", width=1000, height=2000)
    assert _png_size(shot) == (1000, 2000)
    assert shot.stat().st_size > 50_000, "a blank page compresses to a few kB"
    if SCREENSHOT_TO:
        shutil.copy(shot, SCREENSHOT_TO)


# -- the Prefect artifact --------------------------------------------------------------------


def test_a_run_publishes_the_charts_as_artifacts(
    demo_warehouse: Path, demo_report: ReportData, prefect_harness, tmp_path: Path
):
    from prefect import flow, get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.dashboard import (
        ANALYST_DIRECTIVES_KEY,
        ANALYST_REPORT_KEY,
        publish_analyst_report,
    )

    db = tmp_path / "w.duckdb"
    shutil.copy(demo_warehouse, db)

    @flow(name="analyst-report-probe")
    def probe() -> bool:
        return publish_analyst_report(str(db))

    state = probe(return_state=True)
    assert state.result() is True
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])
            )
        )
    by_key = {a.key: a for a in found}
    markdown = by_key[ANALYST_REPORT_KEY].data
    assert markdown.count("](data:image/png;base64,") == len(charts(demo_report))
    for card in demo_report.directives:
        assert card.symbol in markdown
    table = by_key[ANALYST_DIRECTIVES_KEY].data
    table = json.loads(table) if isinstance(table, str) else table
    assert [row["symbol"] for row in table] == [c.symbol for c in demo_report.directives]

    @flow(name="analyst-report-probe-missing")
    def missing() -> bool:
        return publish_analyst_report(str(tmp_path / "none.duckdb"))

    assert missing() is False  # logged, the run goes on
