"""Reports of one conference that disagree on a detail give the same conference row in any load
order: the load writes each report as a mention, resolution derives the one conference."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.resolve import resolve
from warehouse import keys
from warehouse.db import Warehouse
from warehouse.tables import LoadBatch, schema

REPORTS = [
    {"format": "trực tuyến", "location": None, "kind": "báo cáo viên", "period": None},
    {"format": "trực tiếp kết hợp trực tuyến", "location": "Hà Nội", "kind": None, "period": None},
    {"format": None, "location": "Hội trường", "kind": None, "period": "tháng 10/2021"},
]
NAME = "Hội nghị báo cáo viên tháng 10/2021"


def _batch(*reports: dict[str, str | None]) -> LoadBatch:
    """Each report is its own story (article n of site s), published the day it was held."""
    now = datetime(2021, 10, 28, tzinfo=UTC)
    stories, copies, mentions, captures = [], [], [], []
    for r in reports:
        n = REPORTS.index(r)
        article = keys.article_id(f"https://s.vn/{n}")
        stories.append(
            {
                "article_id": article,
                "url": f"https://s.vn/{n}",
                "source_id": "s",
                "title": NAME,
                "body": "…",
                "published_on": date(2021, 10, 28),
                "content_hash": str(n),
                "copies": 1,
                "first_run_id": "r",
                "updated_at": now,
            }
        )
        captures.append(
            {"capture_id": f"k{n}", "run_id": "r", "url": f"https://s.vn/{n}", "fetched_at": now}
        )
        copies.append(
            {
                "url": f"https://s.vn/{n}",
                "article_id": article,
                "source_id": "s",
                "title": NAME,
                "body": "…",
                "published_on": date(2021, 10, 28),
                "content_hash": str(n),
                "similarity": 1.0,
                "minhash": b"",
                "date_source": "meta",
                "first_run_id": "r",
                "capture_id": f"k{n}",
                "extracted_at": now,
            }
        )
        mentions.append(
            {
                "mention_id": keys.mention_id(article, "conference", 0),
                "article_id": article,
                "ordinal": 0,
                "source_id": "s",
                "published_on": date(2021, 10, 28),
                "name": NAME,
                "held_on": date(2021, 10, 28),
                "organizer": "Đảng ủy Khối các cơ quan Trung ương",
                "nationwide": False,
                "status": "held",
                "event_day": date(2021, 10, 28),
                **r,
            }
        )
    return LoadBatch(
        sources=pa.Table.from_pylist(
            [{"source_id": "s", "name": "S", "base_url": "https://s.vn", "priority": 100}],
            schema=schema("sources"),
        ),
        captures=pa.Table.from_pylist(captures, schema=schema("captures")),
        new_articles=pa.Table.from_pylist(stories, schema=schema("new_articles")),
        article_copies=pa.Table.from_pylist(copies, schema=schema("article_copies")),
        touched_articles=pa.Table.from_pylist(
            [{"article_id": s["article_id"]} for s in stories], schema=schema("touched_articles")
        ),
        conference_mentions=pa.Table.from_pylist(mentions, schema=schema("conference_mentions")),
    )


def _rows(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT conference_id, name, kind, period, format, location, reports FROM conferences"
        ).fetchall()


def test_conference_details_do_not_depend_on_load_order(tmp_path: Path) -> None:
    rows = set()
    for i, order in enumerate(itertools.permutations(REPORTS)):
        db = tmp_path / f"w{i}.duckdb"
        with Warehouse(db) as warehouse:
            warehouse.start_run("r", datetime(2021, 10, 28, tzinfo=UTC), [])
            for report in order:  # one batch per report: loaded by different runs
                warehouse.load(_batch(report))
                resolve(warehouse.con)
            warehouse.load(_batch(order[0]))  # a reload changes nothing
            resolve(warehouse.con)
        found = _rows(db)
        assert len(found) == 1, found  # three reports, one conference
        rows.add(found[0])
    # One batch holding every report agrees too.
    with Warehouse(tmp_path / "one.duckdb") as warehouse:
        warehouse.start_run("r", datetime(2021, 10, 28, tzinfo=UTC), [])
        warehouse.load(_batch(*reversed(REPORTS)))
        resolve(warehouse.con)
    rows.update(_rows(tmp_path / "one.duckdb"))
    assert len(rows) == 1
    (_, name, kind, period, fmt, location, reports) = rows.pop()
    assert (name, kind, period, reports) == (NAME, "báo cáo viên", "tháng 10/2021", 3)
    # A detail some report gives is never lost to a report that omits it.
    assert fmt in {r["format"] for r in REPORTS} - {None}
    assert location in {r["location"] for r in REPORTS} - {None}
