"""Search results of a warehouse, and the guarantee two of them are compared by: the search over
main index + delta (docs/warehouse.md, "Full-text search") against a full rebuild's."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.db import Warehouse

QUERIES: list[tuple[str, dict]] = [
    (q, options)
    for q in [
        "báo cáo viên",
        '"báo cáo viên"',
        "bao cao vien",
        '"hội nghị báo cáo viên"',
        "nghị quyết đảng bộ",
        "dang bo",
        "tuyen truyen",
        "Ban Chấp hành",
        "tiêu đề mới",
        "hội nghị",
    ]
    for options in ({}, {"any_word": True})
] + [("bảo", {"accents": "ignore"}), ("nghị quyết", {"accents": "exact"})]


def searches(db: Path) -> dict[str, list[tuple]]:
    with Warehouse(db, read_only=True) as warehouse:
        return {
            f"{q} {options}": warehouse.search(q, limit=1000, **options) for q, options in QUERIES
        }


def assert_same_search(actual: dict[str, list[tuple]], expected: dict[str, list[tuple]]) -> None:
    """Query by query: the same rows (stories, titles, sites, `exact`, snippets), scores equal
    within a relative 1e-9, in the same order except between stories whose scores are equal
    within that rounding."""
    assert actual.keys() == expected.keys()
    for query, rows in expected.items():
        got = actual[query]
        assert len(got) == len(rows), query
        for a, e in zip(got, rows, strict=True):  # position by position: the order
            assert a[5] == e[5], query  # exact first …
            assert a[6] == pytest.approx(e[6], rel=1e-9), query  # … then the score
        # row by row, whatever the order of near-equal scores
        by_id = {r[0]: r for r in got}
        for e in rows:
            a = by_id[e[0]]
            assert a[:6] + a[7:] == e[:6] + e[7:], query
            assert a[6] == pytest.approx(e[6], rel=1e-9), query
