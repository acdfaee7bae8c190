"""Reports of one conference that disagree on a detail give the same row in any load order."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.db import Warehouse
from warehouse.tables import LoadBatch, schema

REPORTS = [
    {"format": "trực tuyến", "location": None, "kind": "báo cáo viên", "period": None},
    {"format": "trực tiếp kết hợp trực tuyến", "location": "Hà Nội", "kind": None, "period": None},
    {"format": None, "location": "Hội trường", "kind": None, "period": "tháng 10/2021"},
]


def _batch(*reports: dict[str, str | None]) -> LoadBatch:
    rows = [
        {
            "conference_id": "c1",
            "name": "Hội nghị báo cáo viên tháng 10/2021",
            "held_on": date(2021, 10, 28),
            "organizer": "Đảng ủy Khối các cơ quan Trung ương",
            "organization_id": None,
            **r,
        }
        for r in reports
    ]
    return LoadBatch(conferences=pa.Table.from_pylist(rows, schema=schema("conferences")))


def _row(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT kind, period, format, location FROM conferences").fetchone()


def test_conference_details_do_not_depend_on_load_order(tmp_path: Path) -> None:
    rows = set()
    for i, order in enumerate(itertools.permutations(REPORTS)):
        db = tmp_path / f"w{i}.duckdb"
        with Warehouse(db) as warehouse:
            for report in order:  # one batch per report: loaded by different runs
                warehouse.load(_batch(report))
            warehouse.load(_batch(order[0]))  # a reload changes nothing
        rows.add(_row(db))
    # One batch holding every report agrees too.
    with Warehouse(tmp_path / "one.duckdb") as warehouse:
        warehouse.load(_batch(*reversed(REPORTS)))
    rows.add(_row(tmp_path / "one.duckdb"))
    assert rows == {("báo cáo viên", "tháng 10/2021", "trực tiếp kết hợp trực tuyến", "Hội trường")}
