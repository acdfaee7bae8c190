"""Shared by the tests that run the archive flow over the demo sites (tests/ is on sys.path)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb

from flows.archive import RunSummary, archive_flow
from vnarchive.demo_sites.server import DemoSites
from vnarchive.demo_sites.sites import demo_sources


def run_demo_flow(sites: DemoSites, data: Path) -> RunSummary:
    """One archive_flow run over the demo sites into `data` (w.duckdb + warc/), politeness off."""
    return archive_flow(
        start_urls=list(sites.base_urls.values()),
        db_path=str(data / "w.duckdb"),
        archive_dir=str(data / "warc"),
        polite=False,
        sources=demo_sources(sites.base_urls),
    )


def crawler_pids(archive: Path) -> list[int]:
    """Live `python -m crawlers.run` processes writing into `archive` (any parent)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z" and b"crawlers.run" in cmdline and str(archive).encode() in cmdline:
            found.append(int(entry.name))
    return found


def content_rows(db: Path, columns: Mapping[str, str]) -> dict[str, list[tuple]]:
    """``{table: sorted rows of the named columns}``: two warehouses compared table by table."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: sorted(con.execute(f"SELECT {cols} FROM {table}").fetchall())
            for table, cols in columns.items()
        }
