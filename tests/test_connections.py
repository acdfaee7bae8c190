"""How often one archive run opens the warehouse, and how often it migrates it.

A real run (crawler subprocess over a loopback site, real DuckDB, real Prefect): every open of the
file goes through ``warehouse.db.connect`` and every migration through
``warehouse.db.apply_migrations``; both are counted, with the function of flows/ that asked."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from loopback import LoopbackSite, Reply, Seen, page

import warehouse.db

ARTICLE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Hội nghị {n}</title></head><body>"
    "<article><h1>Hội nghị báo cáo viên lần {n}</h1><p>Ngày 0{n}/3/2024</p>"
    + "<p>Sáng nay, Ban Tuyên giáo tổ chức hội nghị báo cáo viên tháng {n} năm 2024. " * 12
    + "</p></article></body></html>"
)


def _route(seen: Seen) -> Reply:
    if seen.path == "/":
        return Reply(body=page("Trang chủ", [f"/tin-tuc/bai-{n}.html" for n in (1, 2, 3)]))
    for n in (1, 2, 3):
        if seen.path == f"/tin-tuc/bai-{n}.html":
            return Reply(body=ARTICLE.format(n=n).encode())
    return Reply(status=404, body=b"not found")


def _caller() -> str:
    """``module:function`` of the nearest frame in flows/ (who opened the file)."""
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("flows."):
            return f"{module}:{frame.f_code.co_name}"
        frame = frame.f_back
    return "?"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"opens": Counter(), "migrations": Counter()}
    connect, migrate = warehouse.db.connect, warehouse.db.apply_migrations

    def counting_connect(path: Path, **kwargs: object):
        counts["opens"][_caller()] += 1
        return connect(path, **kwargs)

    def counting_migrate(con, up_to: int | None = None) -> list[int]:
        applied = migrate(con, up_to)
        counts["migrations"][_caller()] += 1
        assert applied, "apply_migrations was called on an up-to-date file"
        return applied

    monkeypatch.setattr(warehouse.db, "connect", counting_connect)
    monkeypatch.setattr(warehouse.db, "apply_migrations", counting_migrate)
    return counts


# The archive flow's own opens: one per phase (register; recover + known pages; dedupe → load →
# finish). Nothing is held open across the crawl subprocess or the extraction.
ARCHIVE_PHASES = Counter(
    {
        "flows.archive:archive_flow": 1,
        "flows.archive:prepare_crawl": 1,
        "flows.archive:store": 1,
    }
)
MAX_OPENS_PER_RUN = 6  # the phases above plus the dashboard's reads (progress estimate, verdict)


@pytest.mark.slow  # two whole runs (crawler subprocess, extraction workers): ~15 s
@pytest.mark.usefixtures("prefect_harness")
def test_one_archive_run_opens_the_warehouse_once_per_phase_and_migrates_once(
    tmp_path: Path, counted: dict[str, Counter]
) -> None:
    from flows.archive import archive_flow

    db = tmp_path / "w.duckdb"
    with LoopbackSite(_route) as site:
        runs = []
        for _ in range(2):  # a fresh file, then the same file up to date
            before = {k: sum(v.values()) for k, v in counted.items()}
            opens_before = Counter(counted["opens"])
            summary = archive_flow(
                start_urls=[site.url("/")],
                db_path=str(db),
                archive_dir=str(tmp_path / "warc"),
                polite=False,
            )
            assert summary.pages_fetched >= 4
            runs.append(
                {
                    "opens": counted["opens"] - opens_before,
                    "n_opens": sum(counted["opens"].values()) - before["opens"],
                    "migrations": sum(counted["migrations"].values()) - before["migrations"],
                }
            )

    fresh, up_to_date = runs
    # Migrations: applied once, at the first open of a new file; never on an up-to-date one.
    assert counted["migrations"] == Counter({"flows.archive:archive_flow": 1})
    assert fresh["migrations"] == 1 and up_to_date["migrations"] == 0
    for run in runs:
        archive_opens = Counter({k: n for k, n in run["opens"].items() if "flows.archive:" in k})
        assert archive_opens == ARCHIVE_PHASES, run["opens"]
        assert run["n_opens"] <= MAX_OPENS_PER_RUN, run["opens"]
        # No other caller opens the file twice in one run of one source.
        assert max(run["opens"].values()) == 1, run["opens"]
