"""Shared fixtures: an isolated Prefect (real ephemeral server, temporary database)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: a fixed seed by default, so the gate (.ci/run) is reproducible; set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples (and keep failures found).
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Prefect reads settings at import: keep its home, database and logs out of the user's ~/.prefect.
_PREFECT_HOME = tempfile.mkdtemp(prefix="vnarchive-test-prefect-")
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)  # one per session: /tmp fills
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """Run flows against a real temporary Prefect server and database (prefect_test_harness)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def demo_sites():
    """The three demo sites on ephemeral loopback ports (a small corpus keeps the suite fast)."""
    from vnarchive.demo_sites.server import DemoSites

    with DemoSites(n_articles=40) as running:
        yield running


@pytest.fixture(scope="session")
def demo_warehouse(demo_sites, prefect_harness, tmp_path_factory) -> Path:
    """A warehouse loaded by one flow run over the demo sites; tests must only read it."""
    from demo_helpers import run_demo_flow

    data = tmp_path_factory.mktemp("demo-warehouse")
    run_demo_flow(demo_sites, data)
    return data / "w.duckdb"


# The longest files, longest first (seconds per file, measured on 2 cores shared with other
# jobs, Dec 2026). With `--dist loadfile` a worker runs a whole file, and xdist hands files out
# in collection order (pyproject turns off its reordering by number of tests, which sent the
# two-test real-server file out last): a long file collected late runs alone on one worker after
# the other has finished everything else (it did: the workers were busy 76 % of the wall time,
# 94 % with the long files first). Started first, the rest of the suite fills the other worker
# meanwhile (longest processing time first). A file missing here only starts later; nothing is
# skipped (tests/test_suite_order.py checks the names).
LONGEST_FIRST = (
    "test_prefect_server.py",  # ~475 s: a real `prefect server`, served runs, cancel, Ctrl-C
    "test_hostile_site.py",  # ~180 s: a crawl and a reprocess of the hostile site
    "test_cancellation.py",  # ~165 s: Ctrl-C, SIGTERM, SIGKILL and timeouts of real crawls
    "test_end_to_end.py",  # ~145 s: `vnarchive demo` twice on its own Prefect
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the longest files first (stable: each file's own order and the rest are kept)."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
