"""The demo sites as warehouse sources (what `vnarchive demo` hands the archive flow)."""

from __future__ import annotations

from flows.sources import SourceSpec
from vnarchive.demo_sites.server import SITES, DemoSites


def demo_sources(sites: DemoSites) -> list[SourceSpec]:
    return [
        SourceSpec(
            source_id=site.name,
            name=site.title,
            base_url=sites.base_urls[site.name],
            organization=site.organisation,
            family=site.family,
        )
        for site in SITES
    ]
