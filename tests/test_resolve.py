"""The resolve step (flows/resolve.py) on real DuckDB files: stories are extracted from HTML,
loaded by the real load path (dedupe → build_batch → Warehouse.load) and resolved.

The central property: the entities and every mention's link are the same whatever the order and
batching the stories arrived in, and `rebuild` gives what the incremental runs gave.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from crawlers.items import CaptureRecord
from flows.archive import story_plan
from flows.extract import PageResult
from flows.resolve import ResolveStats, _windows, resolve
from flows.rows import build_batch
from pipelines.dedupe import signature, signature_to_bytes
from pipelines.document import process_document
from sites import Source
from warehouse import keys
from warehouse.db import Warehouse, apply_migrations, list_migrations, read_sql
from warehouse.tables import RESOLUTION_TABLES, LoadBatch, schema

SOURCES = [
    Source(source_id="tw", name="Trung ương", base_url="https://tw.example.vn"),
    Source(
        source_id="hp", name="Hải Phòng", base_url="https://hp.example.vn", province="Hải Phòng"
    ),
    Source(source_id="bn", name="Bắc Ninh", base_url="https://bn.example.vn", province="Bắc Ninh"),
]


@dataclass(frozen=True)
class Story:
    url: str
    published: date
    title: str
    paragraphs: tuple[str, ...]


NQ66 = (
    "Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị về đổi mới công tác xây dựng và "
    "thi hành pháp luật"
)
STORIES = {
    # One national conference: the national report, a second national report, a bridge point's.
    "national": Story(
        "https://tw.example.vn/tin/hoi-nghi-66.html",
        date(2025, 5, 10),
        "Hội nghị toàn quốc quán triệt Nghị quyết 66-NQ/TW",
        (
            f"Sáng 10/5, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc quán triệt, triển "
            f"khai thực hiện {NQ66}.",
            "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến đến các điểm cầu.",
            "Đồng chí Trần Thị Lan, Phó Trưởng ban Tuyên giáo Trung ương phát biểu tại hội nghị.",
        ),
    ),
    "national_next_day": Story(
        "https://tw.example.vn/tin/quan-triet-nghi-quyet-66.html",
        date(2025, 5, 11),
        "Quán triệt Nghị quyết 66 trên toàn quốc",
        (
            "Ngày 10/5, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc quán triệt, triển "
            "khai thực hiện Nghị quyết 66-NQ/TW của Bộ Chính trị.",
            "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến.",
            "Đồng chí Trần Thị Lan, Phó Trưởng ban Tuyên giáo Trung ương trình bày chuyên đề.",
        ),
    ),
    "bridge": Story(
        "https://hp.example.vn/tin/diem-cau-hai-phong.html",
        date(2025, 5, 10),
        "Hải Phòng dự hội nghị quán triệt Nghị quyết 66-NQ/TW",
        (
            "Sáng 10/5, Tỉnh ủy Hải Phòng dự Hội nghị toàn quốc quán triệt, triển khai thực hiện "
            "Nghị quyết số 66-NQ/TW tại điểm cầu tỉnh Hải Phòng.",
            "Đồng chí Nguyễn Văn Hùng, Bí thư Tỉnh ủy Hải Phòng chủ trì tại điểm cầu tỉnh.",
            "Thực hiện Kế hoạch số 456/KH-UBND của UBND tỉnh Hải Phòng, các sở triển khai.",
        ),
    ),
    # Two monthly conferences of two provinces, days apart: never one conference.
    "monthly_bn": Story(
        "https://bn.example.vn/tin/bao-cao-vien-thang-6.html",
        date(2025, 6, 2),
        "Hội nghị báo cáo viên tháng 6/2025",
        (
            "Ngày 2/6, Ban Tuyên giáo Tỉnh ủy Bắc Ninh tổ chức Hội nghị báo cáo viên tháng 6/2025.",
            "Đồng chí Lê Văn Minh, Trưởng ban Tuyên giáo Tỉnh ủy Bắc Ninh chủ trì hội nghị.",
            "Hội nghị quán triệt Kế hoạch số 456/KH-UBND và Chỉ thị 05-CT/TW.",
        ),
    ),
    "monthly_hp": Story(
        "https://hp.example.vn/tin/bao-cao-vien-thang-6.html",
        date(2025, 6, 3),
        "Hải Phòng: Hội nghị báo cáo viên tháng 6/2025",
        (
            "Ngày 3/6, Ban Tuyên giáo Thành ủy Hải Phòng tổ chức Hội nghị báo cáo viên tháng "
            "6/2025.",
            "Đồng chí Nguyễn Văn Hùng, Bí thư Thành ủy Hải Phòng chủ trì hội nghị.",
            "Các đại biểu nghe quán triệt Nghị quyết 66-NQ/TW.",
        ),
    ),
    # A directive cited with its date and issuer, years before the citations above.
    "ct05": Story(
        "https://tw.example.vn/tin/so-ket-chi-thi-05.html",
        date(2017, 6, 1),
        "Sơ kết một năm thực hiện Chỉ thị 05-CT/TW",
        (
            "Ngày 1/6, Ban Tuyên giáo Trung ương tổ chức Hội nghị sơ kết một năm thực hiện Chỉ "
            "thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư "
            "tưởng, đạo đức, phong cách Hồ Chí Minh.",
            "Đồng chí Võ Văn Thưởng, Trưởng ban Tuyên giáo Trung ương chủ trì hội nghị.",
        ),
    ),
}


def html(story: Story) -> bytes:
    # Paragraphs twice: an article needs a body of some length to be one.
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs * 2)
    return (
        f"<html><head><title>{story.title}</title><meta property='article:published_time' "
        f"content='{story.published.isoformat()}T08:00:00+07:00'></head><body><article>"
        f"<h1>{story.title}</h1>{body}</article></body></html>"
    ).encode()


def pages(names: Sequence[str], run_id: str, stories: dict[str, Story] = STORIES):
    captures, results = [], []
    when = datetime(2026, 1, 2, tzinfo=UTC)
    for n, name in enumerate(names):
        story = stories[name]
        document = process_document(html(story), story.url)
        assert document.article.is_article, name
        fetched = when + timedelta(seconds=n)
        captures.append(
            CaptureRecord.model_validate(
                dict(
                    url=story.url,
                    status=200,
                    content_type="text/html; charset=utf-8",
                    warc_file=f"vnla-{run_id}-00000.warc.gz",
                    warc_offset=100 * n,
                    warc_length=50,
                    fetched_at=fetched,
                    error=None,
                    run_id=run_id,
                    payload_digest="sha1:" + hashlib.sha1(html(story)).hexdigest(),
                    content_length=10,
                )
            )
        )
        cid = keys.capture_id(run_id, story.url, fetched.isoformat())
        sig = signature_to_bytes(signature(document.article.body))
        results.append(PageResult(cid, document, None, story.url, sig))
    return captures, results


def load(
    db: Path, names: Sequence[str], run_id: str, stories: dict[str, Story] = STORIES
) -> ResolveStats:
    """The archive flow's store(): dedupe → rows → load → resolve, on one writer connection."""
    captures, results = pages(names, run_id, stories)
    with Warehouse(db) as warehouse:
        warehouse.start_run(run_id, datetime(2026, 1, 2, tzinfo=UTC), [])
        _, plan = story_plan(warehouse, results, SOURCES)
        warehouse.load(build_batch(run_id, captures, results, SOURCES, plan))
        return resolve(warehouse.con)


LINKS = {
    "conference_mentions": "mention_id, conference_id, link_method, link_confidence",
    "directive_mentions": "mention_id, group_key, directive_id, link_method, link_confidence, "
    "candidates",
    "person_mentions": "mention_id, person_id, link_method, link_confidence",
}


# What the whole-table sweep (delete_orphan_entities.sql before migration 0019) would still
# delete: after a resolve, the sweep of the candidates alone must have left none of it.
ORPHANS = {
    "conferences": "SELECT conference_id FROM conferences WHERE conference_id NOT IN ("
    "SELECT conference_id FROM conference_mentions WHERE conference_id IS NOT NULL)",
    "conference_participants": "SELECT * FROM conference_participants "
    "WHERE conference_id NOT IN (SELECT conference_id FROM conferences) "
    "OR person_id NOT IN (SELECT person_id FROM people)",
    "conference_directives": "SELECT * FROM conference_directives "
    "WHERE conference_id NOT IN (SELECT conference_id FROM conferences) "
    "OR directive_id NOT IN (SELECT directive_id FROM directives)",
    "conference_edges": "SELECT * FROM conference_edges "
    "WHERE left_mention_id NOT IN (SELECT mention_id FROM conference_mentions) "
    "OR right_mention_id NOT IN (SELECT mention_id FROM conference_mentions)",
    "directives": "SELECT directive_id FROM directives WHERE directive_id NOT IN ("
    "SELECT directive_id FROM directive_mentions WHERE directive_id IS NOT NULL)",
    "directive_relations": "SELECT * FROM directive_relations "
    "WHERE article_id NOT IN (SELECT article_id FROM directive_relation_mentions)",
    "people": "SELECT person_id FROM people WHERE person_id NOT IN ("
    "SELECT person_id FROM person_mentions WHERE person_id IS NOT NULL)",
    "positions": "SELECT * FROM positions WHERE person_id NOT IN (SELECT person_id FROM people)",
    "organizations": "SELECT * FROM organizations WHERE organization_id NOT IN ("
    "SELECT organization_id FROM conferences WHERE organization_id IS NOT NULL "
    "UNION SELECT organization_id FROM positions WHERE organization_id IS NOT NULL)",
    "organization_aliases": "SELECT * FROM organization_aliases "
    "WHERE organization_id NOT IN (SELECT organization_id FROM organizations)",
    "articles": "SELECT article_id FROM articles "
    "WHERE article_id NOT IN (SELECT article_id FROM article_copies)",
}


def check_resolved_state(con: duckdb.DuckDBPyConnection) -> None:
    """After a load and a resolve: `unresolved` is TRUE exactly where link_method is NULL
    (migration 0019), the candidate sweeps left no orphan the whole-table sweep would find,
    and no candidate is pending."""
    for table in LINKS:
        (wrong,) = con.execute(
            f"SELECT count(*) FROM {table} "
            "WHERE (unresolved IS NOT DISTINCT FROM true) <> (link_method IS NULL)"
        ).fetchone()  # type: ignore[misc]
        assert wrong == 0, f"{table}: unresolved out of step with link_method"
    for table, query in ORPHANS.items():
        assert con.execute(query).fetchall() == [], f"orphan {table} rows left"
    assert con.execute("SELECT * FROM orphan_candidates").fetchall() == []


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every entity row and every mention's link (of a resolved warehouse, checked first)."""
    with duckdb.connect(str(db), read_only=True) as con:
        check_resolved_state(con)
        out = {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in RESOLUTION_TABLES
        }
        for table, columns in LINKS.items():
            out[table] = con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
    return out


ALL = list(STORIES)


@pytest.fixture(scope="module")
def one_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("resolve") / "one.duckdb"
    load(db, ALL, "r1")
    return db


def test_every_mention_is_resolved_and_entities_exist(one_batch: Path) -> None:
    with duckdb.connect(str(one_batch), read_only=True) as con:
        unresolved = con.execute(
            "SELECT (SELECT count(*) FROM conference_mentions WHERE link_method IS NULL)"
            " + (SELECT count(*) FROM directive_mentions WHERE link_method IS NULL)"
            " + (SELECT count(*) FROM person_mentions WHERE link_method IS NULL)"
        ).fetchone()[0]
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LINKS}
        entities = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("conferences", "directives", "people")
        }
        state = con.execute("SELECT needs_rebuild FROM resolution_state").fetchone()
    assert unresolved == 0
    assert counts["conference_mentions"] >= 6 and counts["directive_mentions"] >= 8
    assert all(entities.values()), entities
    assert state == (False,)


@pytest.mark.parametrize(
    "batches",
    [
        [ALL[::-1]],  # one batch, other order
        [[name] for name in ALL],  # one story per load
        [[name] for name in reversed(ALL)],  # one per load, newest first
        [ALL[3:], ALL[:3]],  # two batches
    ],
    ids=["reversed", "one-by-one", "one-by-one-reversed", "two-batches"],
)
def test_order_and_batching_change_nothing(
    one_batch: Path, tmp_path: Path, batches: list[list[str]]
) -> None:
    db = tmp_path / "w.duckdb"
    for n, names in enumerate(batches):
        load(db, names, f"r{n}")
    expected = snapshot(one_batch)
    assert snapshot(db) == expected
    with Warehouse(db) as warehouse:  # rebuild from the mentions == the incremental result
        stats = resolve(warehouse.con, rebuild=True)
    assert stats.rebuild
    assert snapshot(db) == expected


def test_reloading_and_resolving_again_change_nothing(one_batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    db.write_bytes(one_batch.read_bytes())
    before = snapshot(db)
    with Warehouse(db) as warehouse:
        stats = resolve(warehouse.con)
    assert (stats.conference_mentions, stats.directive_mentions, stats.person_mentions) == (0, 0, 0)
    load(db, ALL, "r1")  # the same batch again: mentions replaced, re-resolved the same
    assert snapshot(db) == before


def test_a_new_story_resolves_its_neighbourhood_only(one_batch: Path, tmp_path: Path) -> None:
    """Incremental: the new report is scored against reports near its day, and only the
    component it joins is re-clustered; citations are re-resolved by symbol group only."""
    db = tmp_path / "w.duckdb"
    db.write_bytes(one_batch.read_bytes())
    extra = dict(STORIES)
    extra["late"] = Story(
        "https://bn.example.vn/tin/hoi-nghi-2026.html",
        date(2026, 3, 5),
        "Hội nghị tổng kết năm 2025",
        (
            "Ngày 5/3, Ban Tuyên giáo Tỉnh ủy Bắc Ninh tổ chức Hội nghị tổng kết công tác năm "
            "2025 theo Quyết định số 99-QĐ/TU.",
            "Đồng chí Phạm Thị Hoa, Phó Trưởng ban Tuyên giáo Tỉnh ủy Bắc Ninh chủ trì.",
        ),
    )
    stats = load(db, ["late"], "r2", extra)
    assert stats.conference_mentions == 1
    assert stats.conference_components == 1  # nothing near 2026-03-05: a conference of its own
    assert stats.directive_mentions == 1  # 99-QĐ/TU: a group of its own
    assert stats.person_mentions == 1
    after = snapshot(db)
    before = snapshot(one_batch)
    # What was there is untouched: every old link and entity is still there.
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), table


PREVIEW_STORIES = {
    "national": STORIES["national"],
    # published 17 days before the conference, undated: the window of a preview reaches it
    "preview": Story(
        "https://tw.example.vn/tin/sap-to-chuc-hoi-nghi-66.html",
        date(2025, 4, 23),
        "Sắp tổ chức Hội nghị toàn quốc quán triệt Nghị quyết 66-NQ/TW",
        (
            "Bộ Chính trị, Ban Bí thư sẽ tổ chức Hội nghị toàn quốc quán triệt, triển khai thực "
            f"hiện {NQ66}.",
            "Hội nghị sẽ được tổ chức theo hình thức trực tiếp kết hợp trực tuyến.",
        ),
    ),
}


def test_a_stored_preview_weeks_ahead_is_found_by_the_later_report(tmp_path: Path) -> None:
    """The candidate query reaches an undated preview stored weeks before the report (its span
    runs PREVIEW_LEAD_DAYS ahead), so the incremental run joins what a rebuild joins."""
    db = tmp_path / "w.duckdb"
    load(db, ["preview"], "r1", PREVIEW_STORIES)
    load(db, ["national"], "r2", PREVIEW_STORIES)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT status, conference_id FROM conference_mentions ORDER BY status"
        ).fetchall()
        (reports,) = con.execute("SELECT count(*) FROM conferences").fetchone()
    assert [r[0] for r in rows] == ["held", "planned"]
    assert rows[0][1] == rows[1][1] and reports == 1
    incremental = snapshot(db)
    with Warehouse(db) as warehouse:
        resolve(warehouse.con, rebuild=True)
    assert snapshot(db) == incremental


CT35 = {
    "ct35_2019": Story(
        "https://tw.example.vn/tin/chi-thi-35-2019.html",
        date(2019, 6, 10),
        "Bộ Chính trị ban hành Chỉ thị về đại hội đảng bộ các cấp",
        (
            "Ngày 30/5/2019, Bộ Chính trị ban hành Chỉ thị số 35-CT/TW ngày 30/5/2019 về đại "
            "hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
            "Các cấp ủy đảng triển khai thực hiện nghiêm túc.",
        ),
    ),
    "ct35_2024": Story(
        "https://tw.example.vn/tin/chi-thi-35-2024.html",
        date(2024, 6, 20),
        "Chỉ thị mới về đại hội đảng bộ các cấp",
        (
            "Bộ Chính trị ban hành Chỉ thị số 35-CT/TW ngày 14/6/2024 về đại hội đảng bộ các "
            "cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.",
            "Các cấp ủy đảng triển khai thực hiện nghiêm túc.",
        ),
    ),
    "quan_triet": Story(
        "https://bn.example.vn/tin/quan-triet-chi-thi-35.html",
        date(2024, 7, 9),
        "Hội nghị toàn quốc quán triệt Chỉ thị 35-CT/TW",
        (
            "Ngày 9/7, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc quán triệt Quy định "
            "số 144-QĐ/TW và Chỉ thị số 35-CT/TW.",
            "Hội nghị được tổ chức trực tiếp kết hợp trực tuyến đến các điểm cầu.",
        ),
    ),
}


def test_a_bare_citation_a_conference_disseminated_joins_the_recent_document(
    tmp_path: Path,
) -> None:
    """The warehouse derives `disseminated` from the story's conference reports, as
    mentions_of does: the July 2024 dissemination conference's bare 35-CT/TW is the June 2024
    directive, not the 2019 one."""
    db = tmp_path / "w.duckdb"
    load(db, ["ct35_2019", "ct35_2024"], "r1", CT35)
    load(db, ["quan_triet"], "r2", CT35)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT a.url, m.directive_id, m.link_method FROM directive_mentions m "
            "JOIN articles a USING (article_id) WHERE m.symbol = '35-CT/TW' ORDER BY a.url"
        ).fetchall()
    got = {url.rsplit("/", 1)[-1]: (did, method) for url, did, method in rows}
    assert got["quan-triet-chi-thi-35.html"] == ("35-CT/TW@2024", "undated-disseminated")
    assert got["chi-thi-35-2019.html"][0] == "35-CT/TW@2019"
    assert got["chi-thi-35-2024.html"][0] == "35-CT/TW@2024"


def test_re_extracted_story_replaces_its_mentions_and_leaves_no_orphans(
    one_batch: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    db.write_bytes(one_batch.read_bytes())
    edited = dict(STORIES)
    old = STORIES["ct05"]
    edited["ct05"] = Story(  # the page was edited: no conference, no directive any more
        old.url, old.published, old.title, ("Bài viết đã được biên tập lại. " * 20,)
    )
    load(db, ["ct05"], "r2", edited)
    article = keys.article_id(old.url)
    with duckdb.connect(str(db), read_only=True) as con:
        left = con.execute(
            "SELECT count(*) FROM conference_mentions WHERE article_id = ?", [article]
        ).fetchone()[0]
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM conferences WHERE conference_id NOT IN "
            "  (SELECT conference_id FROM conference_mentions WHERE conference_id IS NOT NULL))"
            " + (SELECT count(*) FROM directives WHERE directive_id NOT IN "
            "  (SELECT directive_id FROM directive_mentions WHERE directive_id IS NOT NULL))"
            " + (SELECT count(*) FROM people WHERE person_id NOT IN "
            "  (SELECT person_id FROM person_mentions WHERE person_id IS NOT NULL))"
        ).fetchone()[0]
        thuong = con.execute("SELECT count(*) FROM people WHERE name LIKE 'Võ Văn%'").fetchone()
    assert left == 0 and orphans == 0 and thuong == (0,)
    # The warehouse equals one built without the story's old text.
    fresh = tmp_path / "fresh.duckdb"
    load(fresh, ALL, "r1", edited)
    assert snapshot(db) == snapshot(fresh)


def test_windows_merge_overlapping_day_ranges() -> None:
    radius = timedelta(days=3)
    spans = [
        (date(2025, 5, 10), date(2025, 5, 10)),
        (date(2025, 5, 12), date(2025, 5, 14)),  # a three-day event
        (date(2025, 6, 1), date(2025, 6, 1)),
        (date(2025, 5, 10), date(2025, 5, 10)),
    ]
    assert _windows(spans, radius) == [
        (date(2025, 5, 7), date(2025, 5, 17)),
        (date(2025, 5, 29), date(2025, 6, 4)),
    ]
    assert _windows([], radius) == []


def test_migration_0010_moves_old_entities_into_mentions_and_asks_for_a_rebuild(
    tmp_path: Path,
) -> None:
    """A warehouse of migration 0009 with old entity rows: the rows become mentions, the old
    tables are replaced, and the next resolve rebuilds whatever it was asked."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    apply_migrations(con, up_to=9)
    con.execute("INSERT INTO sources (source_id, name, base_url) VALUES ('tw', 'TW', 'https://tw')")
    con.execute(
        "INSERT INTO articles (article_id, url, source_id, title, body, published_on, copies, "
        "content_hash, first_run_id, updated_at) VALUES ('a1', 'https://tw/1', 'tw', 't', 'b', "
        "DATE '2025-05-10', 1, 'h', 'r', now())"
    )
    con.execute(
        "INSERT INTO directives (directive_id, symbol, doc_type, year, issued_on) VALUES "
        "('66-NQ/TW@2025', '66-NQ/TW', 'Nghị quyết', 2025, DATE '2025-04-30')"
    )
    con.execute("INSERT INTO directive_mentions VALUES ('a1', '66-NQ/TW@2025', 'câu')")
    con.execute("INSERT INTO organizations VALUES ('o1', 'Bộ Chính trị', 'bộ chính trị')")
    con.execute(
        "INSERT INTO conferences (conference_id, name, held_on, organizer, organization_id) "
        "VALUES ('c1', 'Hội nghị toàn quốc', DATE '2025-05-10', 'Bộ Chính trị', 'o1')"
    )
    con.execute("INSERT INTO conference_articles VALUES ('c1', 'a1')")
    con.execute("INSERT INTO people VALUES ('p1', 'Trần Thị Lan', 'trần thị lan')")
    con.execute(
        "INSERT INTO conference_participants VALUES ('c1', 'p1', 'speaker', NULL, 'Phó Trưởng ban')"
    )
    # 0010 and every later migration (each a separate version, in order)
    assert apply_migrations(con) == [m.version for m in list_migrations() if m.version >= 10]
    dm = con.execute(
        "SELECT mention_id, symbol, year, issued_on, sentence, directive_id FROM directive_mentions"
    ).fetchall()
    cm = con.execute(
        "SELECT mention_id, name, organizer, event_day, conference_id FROM conference_mentions"
    ).fetchall()
    pm = con.execute(
        "SELECT conference_mention_id, role, name, position FROM person_mentions"
    ).fetchall()
    assert dm == [
        (keys.mention_id("a1", "directive", 0), "66-NQ/TW", None, date(2025, 4, 30), "câu", None)
    ]
    assert cm == [
        (
            keys.mention_id("a1", "conference", 0),
            "Hội nghị toàn quốc",
            "Bộ Chính trị",
            date(2025, 5, 10),
            None,
        )
    ]
    assert pm == [(cm[0][0], "speaker", "Trần Thị Lan", "Phó Trưởng ban")]
    assert con.execute("SELECT count(*) FROM conferences").fetchone() == (0,)
    assert con.execute("SELECT needs_rebuild FROM resolution_state").fetchone() == (True,)
    stats = resolve(con)  # incremental asked; the pending rebuild wins
    assert stats.rebuild
    assert con.execute("SELECT count(*) FROM conferences").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM directives").fetchone() == (1,)
    assert con.execute("SELECT needs_rebuild FROM resolution_state").fetchone() == (False,)
    con.close()


def test_migration_0019_flags_the_unresolved_mentions_of_a_stored_warehouse(
    one_batch: Path, tmp_path: Path
) -> None:
    """A warehouse of migration 0018 with resolved mentions and some pending ones: 0019 sets
    `unresolved` exactly where link_method is NULL, and the next resolve reads those."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    apply_migrations(con, up_to=18)
    con.execute(f"ATTACH '{one_batch}' AS resolved (READ_ONLY)")
    for table in ("sources", "crawl_runs", "captures", "articles", *LINKS):
        columns = ", ".join(
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND table_name = ? ORDER BY column_index",
                [table],
            ).fetchall()
        )
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM resolved.{table}")
    con.execute("DETACH resolved")
    # Two pending mentions of each kind (as a load or a re-extraction leaves them).
    for table in LINKS:
        con.execute(
            f"UPDATE {table} SET link_method = NULL WHERE mention_id IN "
            f"(SELECT mention_id FROM {table} ORDER BY mention_id LIMIT 2)"
        )
    assert apply_migrations(con) == [m.version for m in list_migrations() if m.version > 18]
    for table in LINKS:
        flagged = con.execute(
            "SELECT count(*) FILTER (WHERE unresolved), "
            "count(*) FILTER (WHERE unresolved IS NULL), "
            "count(*) FILTER (WHERE coalesce(unresolved, false) <> (link_method IS NULL)) "
            f"FROM {table}"
        ).fetchone()
        assert flagged[0] == 2 and flagged[1] > 0 and flagged[2] == 0, (table, flagged)
    pending = {
        table: {r[0] for r in con.execute(read_sql(f"select_unresolved_{table}")).fetchall()}
        for table in LINKS
    }
    assert all(len(ids) == 2 for ids in pending.values()), pending
    con.close()


def test_analyst_views_count_entities(one_batch: Path) -> None:
    with duckdb.connect(str(one_batch), read_only=True) as con:
        calendar = con.execute(
            "SELECT count(*), count(DISTINCT conference_id) FROM v_conference_calendar"
        ).fetchone()
        conferences = con.execute("SELECT count(*) FROM conferences").fetchone()[0]
        reports = con.execute("SELECT count(*) FROM v_conference_reports").fetchone()[0]
        mentions = con.execute("SELECT count(*) FROM conference_mentions").fetchone()[0]
        citations = con.execute("SELECT sum(articles) FROM v_directive_citations").fetchone()[0]
        by_document = con.execute(
            "SELECT count(DISTINCT (directive_id, article_id)) FROM directive_mentions "
            "WHERE directive_id IS NOT NULL"
        ).fetchone()[0]
        activity = con.execute("SELECT sum(stories) FROM v_site_activity").fetchone()[0]
        copies = con.execute("SELECT count(*) FROM article_copies").fetchone()[0]
        statements = con.execute(
            "SELECT count(*) FROM v_directive_statements WHERE chosen"
        ).fetchone()[0]
        table = con.execute("SELECT count(*) FROM conference_articles").fetchone()[0]
    assert calendar == (conferences, conferences)
    assert reports == mentions
    assert citations == by_document
    assert activity == copies  # one story per page here: no fan-out from the joins
    assert statements >= 1
    assert table >= conferences


def test_reports_join_one_conference_and_local_documents_stay_apart(one_batch: Path) -> None:
    """What the layers are for, end to end on extracted text: the national report, a second
    national report and a bridge point's are one conference (the local chair chairs the
    bridge point); two provinces' monthly conferences stay two; 66-NQ/TW cited with and
    without its date is one document, disseminated by that conference; 456/KH-UBND of two
    provinces is two documents."""
    national = {
        keys.article_id(STORIES[k].url) for k in ("national", "national_next_day", "bridge")
    }
    monthly = {keys.article_id(STORIES[k].url) for k in ("monthly_bn", "monthly_hp")}
    with duckdb.connect(str(one_batch), read_only=True) as con:
        conference_of = dict(
            con.execute("SELECT article_id, conference_id FROM conference_mentions").fetchall()
        )
        bridge_chairs = con.execute(
            "SELECT p.name, cp.bridge_point FROM conference_participants cp "
            "JOIN people p USING (person_id) WHERE cp.role = 'bridge_chair'"
        ).fetchall()
        documents = dict(
            con.execute(
                "SELECT symbol, count(DISTINCT directive_id) FROM directive_mentions "
                "WHERE directive_id IS NOT NULL GROUP BY symbol"
            ).fetchall()
        )
        disseminated = con.execute(
            "SELECT d.symbol FROM conference_directives cd JOIN directives d USING (directive_id) "
            "WHERE cd.conference_id = ?",
            [conference_of[keys.article_id(STORIES["national"].url)]],
        ).fetchall()
    assert len({conference_of[a] for a in national}) == 1
    assert len({conference_of[a] for a in monthly}) == 2
    assert not {conference_of[a] for a in national} & {conference_of[a] for a in monthly}
    assert ("Nguyễn Văn Hùng", "tỉnh Hải Phòng") in bridge_chairs
    assert documents["66-NQ/TW"] == 1 and documents["456/KH-UBND"] == 2
    assert ("66-NQ/TW",) in disseminated


@pytest.mark.parametrize("keeper", ["national", "bridge"])
def test_a_story_merge_keeps_the_canonical_copys_mentions(tmp_path: Path, keeper: str) -> None:
    """merge_stories.sql: a copy bridged two stored stories. The merged story's mentions are
    those of the story that held its canonical copy (moved to the survivor under their own
    mention ids and re-resolved); the other story's are dropped with what hung on them; the
    emptied story row is gone and nothing points at it."""
    db = tmp_path / "w.duckdb"
    load(db, ["national", "bridge", "monthly_bn"], "r1")
    survivor = keys.article_id(STORIES["national"].url)
    merged = keys.article_id(STORIES["bridge"].url)
    kept = keys.article_id(STORIES[keeper].url)
    with duckdb.connect(str(db), read_only=True) as con:
        kept_ids = con.execute(
            "SELECT mention_id FROM directive_mentions WHERE article_id = ? "
            "UNION ALL SELECT mention_id FROM conference_mentions WHERE article_id = ? "
            "ORDER BY 1",
            [kept, kept],
        ).fetchall()
    with Warehouse(db) as warehouse:
        warehouse.load(
            LoadBatch(
                story_merges=pa.Table.from_pylist(
                    [
                        {
                            "old_article_id": merged,
                            "new_article_id": survivor,
                            "canonical_url": STORIES[keeper].url,
                        }
                    ],
                    schema=schema("story_merges"),
                )
            )
        )
        resolve(warehouse.con)
        con = warehouse.con
        left = con.execute(
            "SELECT (SELECT count(*) FROM articles WHERE article_id = $a)"
            " + (SELECT count(*) FROM conference_mentions WHERE article_id = $a)"
            " + (SELECT count(*) FROM directive_mentions WHERE article_id = $a)"
            " + (SELECT count(*) FROM person_mentions WHERE article_id = $a)",
            {"a": merged},
        ).fetchone()[0]
        now = con.execute(
            "SELECT mention_id FROM directive_mentions WHERE article_id = ? "
            "UNION ALL SELECT mention_id FROM conference_mentions WHERE article_id = ? "
            "ORDER BY 1",
            [survivor, survivor],
        ).fetchall()
        unresolved = con.execute(
            "SELECT count(*) FROM directive_mentions WHERE link_method IS NULL"
        ).fetchone()[0]
        bridge_chairs = con.execute(
            "SELECT count(*) FROM conference_participants WHERE role = 'bridge_chair'"
        ).fetchone()[0]
        documents = con.execute(
            "SELECT count(*) FROM directives WHERE symbol = '456/KH-UBND'"
        ).fetchone()[0]
    assert left == 0
    assert now == kept_ids  # one set of mentions: the keeper's, under their own ids
    assert unresolved == 0
    # The bridge report's own facts live only while its mentions do.
    assert (bridge_chairs, documents) == ((1, 2) if keeper == "bridge" else (0, 1))


# -- the incremental path: new citations against the stored documents of their symbol ----------

LATER = dict(STORIES) | {
    # A bare citation in 2025: of the known 05-CT/TW documents only the 2016 one can be meant.
    "bare05": Story(
        "https://bn.example.vn/tin/hoc-tap-theo-bac-2025.html",
        date(2025, 7, 1),
        "Các chi bộ học tập và làm theo Bác",
        (
            "Các chi bộ tiếp tục thực hiện Chỉ thị 05-CT/TW trong năm 2025.",
            "Mỗi đảng viên đăng ký một việc làm cụ thể và báo cáo kết quả cuối năm.",
        ),
    ),
    # Then a dated citation of another 05-CT/TW (the XIII term's, 2021): a new document of the
    # symbol, after which the bare 2025 citations can mean either.
    "dated05_2021": Story(
        "https://tw.example.vn/tin/giam-ngheo-ben-vung.html",
        date(2022, 3, 1),
        "Giảm nghèo bền vững",
        (
            "Thực hiện Chỉ thị số 05-CT/TW ngày 23/6/2021 của Ban Bí thư về tăng cường sự lãnh "
            "đạo của Đảng đối với công tác giảm nghèo bền vững đến năm 2030.",
            "Các địa phương rà soát hộ nghèo, hộ cận nghèo và báo cáo kết quả.",
        ),
    ),
    # A symbol only one story cites, re-extracted below with the same citation.
    "kl99": Story(
        "https://tw.example.vn/tin/ket-luan-99.html",
        date(2025, 2, 1),
        "Triển khai Kết luận 99",
        (
            "Các cấp ủy triển khai Kết luận 99-KL/TW trong toàn Đảng bộ.",
            "Các chi bộ sinh hoạt chuyên đề và báo cáo kết quả thực hiện.",
        ),
    ),
}


def _links(db: Path, symbol: str) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT a.url, m.directive_id, m.link_method FROM directive_mentions m "
            "JOIN articles a USING (article_id) WHERE m.symbol = ? ORDER BY a.url",
            [symbol],
        ).fetchall()
    return {url.rsplit("/", 1)[-1]: (did, method) for url, did, method in rows}


def _rebuilt(db: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    copy = tmp_path / f"rebuilt-{db.name}"
    copy.write_bytes(db.read_bytes())
    with Warehouse(copy) as warehouse:
        assert resolve(warehouse.con, rebuild=True).rebuild
    return snapshot(copy)


def test_a_new_bare_citation_joins_the_stored_document_without_its_group(
    one_batch: Path, tmp_path: Path
) -> None:
    """A bare citation that cannot change an earlier link is resolved against the stored
    documents of its symbol (none of the symbol's other citations is read) and gives what the
    rebuild gives: the 2016 document, one more citation."""
    db = tmp_path / "w.duckdb"
    db.write_bytes(one_batch.read_bytes())
    stats = load(db, ["bare05"], "r2", LATER)
    assert (stats.directive_mentions, stats.directive_incremental) == (1, 1)
    assert _links(db, "05-CT/TW")["hoc-tap-theo-bac-2025.html"] == (
        "05-CT/TW@2016",
        "undated-unique",
    )
    assert snapshot(db) == _rebuilt(db, tmp_path)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT mentions FROM directives WHERE directive_id = '05-CT/TW@2016'"
        ).fetchone() == (3,)


def test_a_new_dated_document_re_resolves_its_group_as_a_rebuild_does(
    one_batch: Path, tmp_path: Path
) -> None:
    """A dated citation of a period no stored document has is a new document: its group is
    resolved whole, and the bare citations the 2016 document held are re-homed as a rebuild
    (and a warehouse that saw every story at once) re-homes them."""
    db = tmp_path / "w.duckdb"
    db.write_bytes(one_batch.read_bytes())
    load(db, ["bare05"], "r2", LATER)
    before = _links(db, "05-CT/TW")
    stats = load(db, ["dated05_2021"], "r3", LATER)
    assert stats.directive_incremental == 0 and stats.directive_mentions == 4
    after = _links(db, "05-CT/TW")
    assert after["giam-ngheo-ben-vung.html"] == ("05-CT/TW@2021", "dated")
    # 2025: either document is possible and nothing tells them apart any more.
    assert before["hoc-tap-theo-bac-2025.html"][0] == "05-CT/TW@2016"
    assert after["hoc-tap-theo-bac-2025.html"] == (None, "ambiguous")
    assert snapshot(db) == _rebuilt(db, tmp_path)
    fresh = tmp_path / "fresh.duckdb"
    load(fresh, [*ALL, "dated05_2021", "bare05"], "r1", LATER)
    assert snapshot(fresh) == snapshot(db)


def test_a_re_extracted_only_citation_is_counted_once(tmp_path: Path) -> None:
    """A story re-extracted with the same citation, the only one of its symbol: the stored
    document that counted the old citation is not resolved against (it is rewritten whole)."""
    db = tmp_path / "w.duckdb"
    load(db, ["ct05", "kl99"], "r1", LATER)
    edited = dict(LATER)
    old = LATER["kl99"]
    edited["kl99"] = Story(old.url, old.published, old.title, (*old.paragraphs, "Bài đã sửa."))
    load(db, ["kl99"], "r2", edited)
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute(
            "SELECT directive_id, mentions FROM directives WHERE symbol = '99-KL/TW'"
        ).fetchall()
    assert got == [("99-KL/TW", 1)]
    assert snapshot(db) == _rebuilt(db, tmp_path)


def test_a_known_official_joins_the_stored_person_without_the_names_other_mentions(
    tmp_path: Path,
) -> None:
    """Trần Thị Lan, Phó Trưởng ban Tuyên giáo Trung ương, reported again: joined to the stored
    person of her name (nothing else of the name read), with what a rebuild gives."""
    db = tmp_path / "w.duckdb"
    load(db, [n for n in ALL if n != "national_next_day"], "r1")
    stats = load(db, ["national_next_day"], "r2")
    assert (stats.person_mentions, stats.person_incremental) == (1, 1)
    assert snapshot(db) == _rebuilt(db, tmp_path)
    assert snapshot(db) == snapshot_of_all(tmp_path)


def snapshot_of_all(tmp_path: Path) -> dict[str, list[tuple]]:
    fresh = tmp_path / "all.duckdb"
    load(fresh, ALL, "r1")
    return snapshot(fresh)


def test_the_place_a_headline_gives_is_stored_and_keeps_two_provinces_apart(
    tmp_path: Path,
) -> None:
    """Two provinces' investment-promotion conferences on one day, reported by a national site
    under headlines that alone name the province: each report stores its place (from the title
    and lead the flow passes to mentions_of), the reports of one province join, the other
    province's stays apart."""
    day = date(2018, 1, 30)
    lead = "Sáng 30/1, hội nghị xúc tiến đầu tư đã khai mạc với 130 dự án kêu gọi đầu tư."
    stories = {
        "bl": Story(
            "https://tw.example.vn/tin/bac-lieu-don-dong-von.html",
            day,
            "Bạc Liêu đón dòng vốn đầu tư kỷ lục",
            (lead, "Đồng chí Dương Thành Trung, Chủ tịch UBND tỉnh phát biểu tại hội nghị."),
        ),
        "bl_named": Story(
            "https://tw.example.vn/tin/xuc-tien-dau-tu-bac-lieu.html",
            day,
            "Khai mạc hội nghị xúc tiến đầu tư",
            (
                "Sáng 30/1, UBND tỉnh Bạc Liêu tổ chức hội nghị xúc tiến đầu tư năm 2018.",
                "Hội nghị giới thiệu 30 dự án ở bảy lĩnh vực, lớn nhất là cảng biển Gành Hào.",
                # what two reports of one event share (story_minhash): who spoke
                "Đồng chí Dương Thành Trung, Chủ tịch UBND tỉnh phát biểu tại hội nghị.",
            ),
        ),
        "vl": Story(
            "https://tw.example.vn/tin/vinh-long-keu-goi-dau-tu.html",
            day,
            "Vĩnh Long kêu gọi đầu tư vào nông nghiệp công nghệ cao",
            (lead, "Đồng chí Lữ Quang Ngời, Chủ tịch UBND tỉnh phát biểu tại hội nghị."),
        ),
    }
    db = tmp_path / "place.duckdb"
    load(db, list(stories), "p1", stories)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT article_id, place, conference_id, figures FROM conference_mentions"
        )
        got = {a: (place, conference, figures) for a, place, conference, figures in rows.fetchall()}
    bl, named, vl = (got[keys.article_id(stories[k].url)] for k in ("bl", "bl_named", "vl"))
    assert (bl[0], named[0], vl[0]) == ("Bạc Liêu", "Bạc Liêu", "Vĩnh Long")
    assert bl[1] == named[1] != vl[1]
    assert bl[2] == vl[2] == ["130"] and named[2] == []  # the figures each story quotes
    with duckdb.connect(str(db), read_only=True) as con:
        # each report carries its story's MinHash, the one near-duplicate detection stored
        (same,) = con.execute(
            "SELECT bool_and(m.story_minhash = c.minhash AND octet_length(m.story_minhash) = 1024)"
            " FROM conference_mentions m JOIN article_copies c USING (article_id)"
        ).fetchone()
    assert same is True
