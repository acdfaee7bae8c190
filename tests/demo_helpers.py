"""Shared by the tests that run the archive flow over the demo sites (tests/ is on sys.path)."""

from __future__ import annotations

from pathlib import Path

from flows.archive import RunSummary, archive_flow
from vnarchive.demo_sites.server import DemoSites
from vnarchive.demo_sites.sources import demo_sources


def run_demo_flow(sites: DemoSites, data: Path) -> RunSummary:
    """One archive_flow run over the demo sites into `data` (w.duckdb + warc/), politeness off."""
    return archive_flow(
        start_urls=list(sites.base_urls.values()),
        db_path=str(data / "w.duckdb"),
        archive_dir=str(data / "warc"),
        polite=False,
        sources=demo_sources(sites),
    )
