"""No fetched page lost without a trace: one recorded outcome per capture (issue 9).

Real parts only: the demo warehouse is a real crawl over loopback loaded by the Prefect flow;
the artifacts are read back from the test harness's Prefect API; reprocess reads the real WARCs.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from crawlers.items import ROBOTS_DISALLOWED, CaptureRecord
from flows.dedupe import CopyInfo, StoryPlan, plan_stories
from flows.extract import AttachmentResult, PageResult
from flows.reports import artifact_key, outcome_summary
from flows.rows import build_batch, page_outcome
from pipelines.attachments import AttachmentText
from pipelines.dedupe import canonical_copy, signature, signature_to_bytes
from pipelines.document import process_document
from sites import Source
from warehouse.db import Warehouse, outcome_label
from warehouse.keys import capture_id

OUTCOMES = {"article", "listing", "feed", "non-html", "revisit", "redirect", "rejected", "failed"}
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ARTICLE_HTML = (
    "<html><head><title>Hội nghị phổ biến pháp luật năm 2024</title></head><body>"
    "<div class='content'><h1>Hội nghị phổ biến pháp luật năm 2024</h1>"
    + "".join(
        f"<p>Phần {i}: Sở Tư pháp tổ chức hội nghị phổ biến pháp luật cho cán bộ cơ sở.</p>"
        for i in range(8)
    )
    + "</div></body></html>"
).encode()


def _capture(url: str, **kw: object) -> CaptureRecord:
    fields: dict[str, object] = dict(
        url=url,
        status=200,
        content_type="text/html; charset=utf-8",
        warc_file="vnla-r-00000.warc.gz",
        warc_offset=100,
        warc_length=50,
        fetched_at=NOW,
        error=None,
        run_id="r",
        payload_digest="sha1:X",
        content_length=10,
    )
    fields.update(kw)
    return CaptureRecord.model_validate(fields)


def _result(capture: CaptureRecord, html: bytes, canonical: str | None = None) -> PageResult:
    document = process_document(html, capture.url, capture.content_type)
    return PageResult(
        capture_id(capture.run_id, capture.url, capture.fetched_at.isoformat()),
        document,
        None,
        page_key=canonical if document.article.is_article else None,
    )


# -- the decision, one capture at a time -------------------------------------------------------


def test_each_kind_of_capture_gets_its_outcome() -> None:
    listing = (Path(__file__).parent / "fixtures" / "html" / "listing.html").read_bytes()
    page = _capture("https://x.vn/tin/1.html")
    cases = [
        (_capture("https://x.vn/a", status=None, warc_file=None, warc_offset=None,
                  error=ROBOTS_DISALLOWED), None, None, ("failed", ROBOTS_DISALLOWED)),
        (_capture("https://x.vn/b", status=None, warc_file=None, warc_offset=None,
                  error="TimeoutError: took too long"), None, None,
         ("failed", "TimeoutError: took too long")),
        (_capture("https://x.vn/c", status=304, record_type="revisit"), None, None,
         ("revisit", "304 not modified")),
        (_capture("https://x.vn/d", status=200, record_type="revisit"), None, None,
         ("revisit", "unchanged payload")),
        (_capture("https://x.vn/e", status=404), None, None, ("failed", "HTTP 404")),
        (_capture("https://x.vn/f", status=301), None, None, ("redirect", "HTTP 301")),
        (_capture("https://x.vn/robots.txt", content_type="text/plain"), None, None,
         ("feed", None)),
        (_capture("https://x.vn/sitemap.xml", content_type="application/xml"), None, None,
         ("feed", None)),
        (_capture("https://x.vn/logo.png", content_type="image/png"), None, None,
         ("non-html", "image/png")),
        (_capture("https://x.vn/vb.pdf", content_type="application/pdf"), None,
         AttachmentResult("x", "https://x.vn/vb.pdf", "application/pdf",
                          AttachmentText("pdf", "Nội dung", 1)),
         ("non-html", "attachment (pdf)")),
        (_capture("https://x.vn/bomb.docx", content_type="application/octet-stream"), None,
         AttachmentResult("x", "https://x.vn/bomb.docx", None,
                          AttachmentText("docx", None, None, error="inflates past the cap")),
         ("failed", "attachment: inflates past the cap")),
        (page, _result(page, listing), None, ("listing", None)),
        (page, _result(page, b"<html><body></body></html>"), None, ("rejected", "no body")),
        (page, PageResult("x", None, "ValueError: bad gzip"), None,
         ("failed", "extraction error: ValueError: bad gzip")),
        (page, None, None, ("failed", "not extracted")),
    ]  # fmt: skip
    for capture, result, attachment, want in cases:
        outcome, reason, copy_url = page_outcome(capture, result, attachment, None)
        assert (outcome, reason) == want, capture.url
        assert copy_url is None
    article = _result(page, ARTICLE_HTML, canonical="https://x.vn/tin/1.html")
    assert page_outcome(page, article, None, "https://x.vn/tin/1.html") == (
        "article",
        None,
        "https://x.vn/tin/1.html",
    )
    # an article that was not given a story is not claimed stored
    assert page_outcome(page, article, None, None)[0] == "failed"
    # a document source's page the document parser failed on keeps its outcome, with the reason
    misread = replace(article, document_error="ValueError: no table")
    assert page_outcome(page, misread, None, "https://x.vn/tin/1.html") == (
        "article",
        "document parse failed: ValueError: no table",
        "https://x.vn/tin/1.html",
    )
    listed = replace(_result(page, listing), document_error="ValueError: no table")
    assert page_outcome(page, listed, None, None) == (
        "listing",
        "document parse failed: ValueError: no table",
        None,
    )
    empty = replace(_result(page, b"<html><body></body></html>"), document_error="E: x")
    assert page_outcome(page, empty, None, None)[:2] == (
        "rejected",
        "no body; document parse failed: E: x",
    )
    assert page_outcome(page, None, None, None, fetched_again=True) == (
        "rejected",
        "fetched again later in this run",
        None,
    )


def test_outcome_labels_as_the_artifact_counts_them() -> None:
    assert outcome_label("article", None) == "article"
    assert outcome_label("rejected", "short body, no article structure") == (
        "rejected: short body, no article structure"
    )
    assert outcome_label("failed", "twisted.internet.error.TimeoutError: User timeout") == (
        "failed: twisted.internet.error.TimeoutError"
    )
    assert outcome_label("failed", "extraction error: ValueError: x") == (
        "failed: extraction error: ValueError: x"
    )
    assert outcome_summary({"rejected: no body": 2, "article": 5, "listing": 2}) == (
        "article ×5, listing ×2, rejected: no body ×2"
    )


def test_batch_and_load_give_every_capture_one_outcome_idempotently(tmp_path: Path) -> None:
    """build_batch → Warehouse.load over a real DuckDB file: one row per capture, reloading
    changes nothing, a re-decided outcome is rewritten in place."""
    source = Source(source_id="x", name="X", base_url="https://x.vn")
    article_capture = _capture("https://x.vn/tin/1.html")
    empty = _capture("https://x.vn/tin/2.html", fetched_at=NOW.replace(second=6))
    refused = _capture(
        "https://x.vn/admin", status=None, warc_file=None, warc_offset=None,
        error=ROBOTS_DISALLOWED,
    )  # fmt: skip
    captures = [article_capture, empty, refused]
    article = _result(article_capture, ARTICLE_HTML, canonical="https://x.vn/tin/1.html")
    article = PageResult(
        article.capture_id,
        article.document,
        None,
        page_key="https://x.vn/tin/1.html",
        signature=signature_to_bytes(signature(article.document.article.body)),
    )
    results = [article, _result(empty, b"<html><body></body></html>")]
    story = "s1"
    plan = StoryPlan(
        story_of={"https://x.vn/tin/1.html": story},
        similarity={"https://x.vn/tin/1.html": 1.0},
        canonical={story: "https://x.vn/tin/1.html"},
        new_stories={story},
    )
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as warehouse:
        warehouse.start_run("r", NOW, ["https://x.vn/"])
        batch = build_batch("r", captures, results, [source], plan)
        assert batch.page_outcomes is not None and batch.page_outcomes.num_rows == 3
        loaded = warehouse.load(batch)
        assert loaded.outcomes == {
            "x": {"article": 1, "rejected: no body": 1, "failed: robots.txt disallowed": 1}
        }
        warehouse.load(build_batch("r", captures, results, [source], plan))  # reload
        rows = warehouse.con.execute(
            "SELECT url, outcome, reason, article_id, date_source FROM v_page_outcomes ORDER BY url"
        ).fetchall()
        assert warehouse.count("page_outcomes") == warehouse.count("captures") == 3
        # the page is re-decided (a better extractor now keeps it): rewritten, not added
        again = build_batch("r", captures, [article, _result(empty, ARTICLE_HTML)], [source], plan)
        warehouse.load(again)
        redecided = warehouse.con.execute(
            "SELECT outcome, reason FROM v_page_outcomes WHERE url = 'https://x.vn/tin/2.html'"
        ).fetchone()
        assert warehouse.count("page_outcomes") == 3
    assert rows == [
        ("https://x.vn/admin", "failed", ROBOTS_DISALLOWED, None, None),
        ("https://x.vn/tin/1.html", "article", None, story, "none"),
        ("https://x.vn/tin/2.html", "rejected", "no body", None, None),
    ]
    # ARTICLE_HTML has no story for that URL in the plan: recorded as not stored, not lost
    assert redecided == ("failed", "article not stored (no story assigned)")


# -- undated copies in dedupe --------------------------------------------------------------------


def test_undated_copies_rank_after_dated_ones_and_still_join_their_story() -> None:
    assert canonical_copy([("undated", None, 1), ("dated", date(2024, 3, 1), 500)]) == "dated"
    body = "Sáng nay, Sở Tư pháp tổ chức hội nghị phổ biến pháp luật cho cán bộ cơ sở. " * 20
    sig = signature(body)
    copies = [
        CopyInfo("https://a.vn/1", "a", None, None, "h1", sig),
        CopyInfo("https://b.vn/1", "b", None, date(2024, 3, 1), "h2", sig),
        CopyInfo("https://c.vn/1", "c", None, date(2021, 1, 1), "h3", sig),
    ]
    plan = plan_stories(copies, [], {"a": 1, "b": 100, "c": 100})
    # the undated copy is not vetoed by the date window (no date to compare), joins the story
    # of its dated twin, and never becomes canonical over it; the copy published years apart
    # is a recurring template, a story of its own
    assert plan.story_of["https://a.vn/1"] == plan.story_of["https://b.vn/1"]
    assert plan.story_of["https://c.vn/1"] != plan.story_of["https://b.vn/1"]
    assert plan.canonical[plan.story_of["https://a.vn/1"]] == "https://b.vn/1"


# -- the demo: a real crawl loaded by the flow ---------------------------------------------------


def test_every_fetched_page_of_the_demo_has_exactly_one_outcome(demo_warehouse: Path) -> None:
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        n_captures = con.execute("SELECT count(*) FROM captures").fetchone()[0]
        n_outcomes = con.execute("SELECT count(*) FROM page_outcomes").fetchone()[0]
        per_capture = con.execute(
            "SELECT count(o.capture_id) FROM captures k LEFT JOIN page_outcomes o "
            "USING (capture_id) GROUP BY k.capture_id HAVING count(o.capture_id) <> 1"
        ).fetchall()
        outcomes = dict(
            con.execute("SELECT outcome, count(*) FROM v_page_outcomes GROUP BY 1").fetchall()
        )
        nulls = con.execute("SELECT count(*) FROM page_outcomes WHERE outcome IS NULL").fetchone()[
            0
        ]
        articles = con.execute(
            "SELECT k.capture_id, c.url FROM article_copies c JOIN captures k USING (capture_id)"
        ).fetchall()
        article_outcomes = con.execute(
            "SELECT capture_id, copy_url FROM page_outcomes WHERE outcome = 'article'"
        ).fetchall()
        view = con.execute("SELECT count(*), count(DISTINCT capture_id) FROM v_page_outcomes")
        view_rows, view_ids = view.fetchone()
        why_not = con.execute(
            "SELECT outcome, reason FROM v_page_outcomes WHERE article_id IS NULL "
            "AND outcome IN ('rejected', 'failed')"
        ).fetchall()
        undated_or_unknown = con.execute(
            "SELECT count(*) FROM v_page_outcomes WHERE outcome = 'article' "
            "AND (article_id IS NULL OR date_source IS NULL)"
        ).fetchone()[0]
    assert n_captures > 0
    assert n_outcomes == n_captures and not per_capture and nulls == 0
    assert view_rows == view_ids == n_captures
    assert set(outcomes) <= OUTCOMES, outcomes  # no 'unrecorded'
    # the demo has articles, listings, feeds (robots/sitemap/rss) and robots.txt refusals
    assert {"article", "listing", "feed", "failed"} <= set(outcomes)
    assert sorted(articles) == sorted(article_outcomes)
    assert all(reason for _, reason in why_not)  # every non-article says why
    assert ("failed", ROBOTS_DISALLOWED) in why_not
    assert undated_or_unknown == 0


def _source_artifacts(key: str) -> list[str]:
    from prefect import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )
    return [a.data for a in found if isinstance(a.data, str)]


@pytest.mark.usefixtures("prefect_harness")
def test_source_artifact_counts_pages_by_outcome(demo_warehouse: Path) -> None:
    """The per-source markdown artifact of the demo run (read back from Prefect) shows the
    warehouse's outcome counts for that source."""
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (run_id,) = con.execute("SELECT min(run_id) FROM crawl_runs").fetchone()
        rows = con.execute(
            "SELECT k.source_id, o.outcome, o.reason FROM page_outcomes o "
            "JOIN captures k USING (capture_id) WHERE k.run_id = ?",
            [run_id],
        ).fetchall()
    by_source: dict[str, dict[str, int]] = {}
    for source_id, outcome, reason in rows:
        counts = by_source.setdefault(source_id or "(other)", {})
        label = outcome_label(outcome, reason)
        counts[label] = counts.get(label, 0) + 1
    assert len(by_source) >= 3
    for source_id, counts in by_source.items():
        if source_id == "(other)":
            continue
        mine = [
            md for md in _source_artifacts(artifact_key("report", source_id)) if f"`{run_id}`" in md
        ]
        assert len(mine) == 1, source_id
        assert f"| pages by outcome | {outcome_summary(counts)} |" in mine[0]
        assert "article ×" in mine[0]


@pytest.mark.usefixtures("prefect_harness")
def test_reprocess_records_outcomes_too(demo_warehouse: Path, tmp_path: Path) -> None:
    """Reprocess (batches via flows/rows.py) gives every capture its outcome, into a fresh
    warehouse and again into the same one (upsert by capture_id: nothing added)."""
    from flows.reprocess import reprocess_flow

    archive = tmp_path / "warc"
    shutil.copytree(demo_warehouse.parent / "warc", archive)
    db = tmp_path / "re.duckdb"

    def counts() -> tuple[int, int, int, list]:
        with duckdb.connect(str(db), read_only=True) as con:
            return (
                con.execute("SELECT count(*) FROM captures").fetchone()[0],
                con.execute("SELECT count(*) FROM page_outcomes").fetchone()[0],
                con.execute(
                    "SELECT count(*) FROM article_copies c JOIN page_outcomes o "
                    "ON o.capture_id = c.capture_id AND o.outcome = 'article'"
                ).fetchone()[0],
                con.execute(
                    "SELECT outcome, count(*) FROM page_outcomes GROUP BY 1 ORDER BY 1"
                ).fetchall(),
            )

    reprocess_flow(archive_dir=str(archive), db_path=str(db))
    first = counts()
    reprocess_flow(archive_dir=str(archive), db_path=str(db))
    second = counts()
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        copies = con.execute("SELECT count(*) FROM article_copies").fetchone()[0]
    n_captures, n_outcomes, n_article_outcomes, by_outcome = first
    assert n_captures > 0 and n_outcomes == n_captures
    assert n_article_outcomes == copies
    assert {"article", "listing", "feed"} <= {o for o, _ in by_outcome}
    assert second == first
