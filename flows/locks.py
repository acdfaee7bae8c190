"""The warehouse's locks: one loader per DuckDB file, one deployment run per DuckDB file.

DuckDB admits one writing *process*, and inside one process concurrent writers race (a dedupe
planned before another source's load misses that load's copies). So dedupe → load runs under
:func:`warehouse_lock` (``<db>.load.lock``). Whole runs started from deployments
(flows/orchestrate.py) also hold :func:`run_lock` (``<db>.run.lock``), so a scheduled archive run
and the nightly maintenance never open the file at the same time; the served archive deployment
additionally has a Prefect concurrency limit of one run.

Both are :class:`crawlers.locks.FileLock` (``flock``): it excludes other processes and, since a
``flock`` belongs to an open file, other threads of this one too (concurrent source subflows).
A wait is logged once to the run log, naming the holder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from prefect import get_run_logger

from crawlers.layout import WarehouseFiles
from crawlers.locks import FileLock


def _log(message: str) -> None:
    with contextlib.suppress(Exception):  # outside a run context
        get_run_logger().info(message)


@contextlib.contextmanager
def warehouse_lock(db_path: str | Path) -> Iterator[None]:
    """Serialise loads into one DuckDB file: threads of this process and other processes."""
    with FileLock(WarehouseFiles.of(db_path).load_lock, "load", on_wait=_log):
        yield


@contextlib.contextmanager
def run_lock(db_path: str | Path) -> Iterator[None]:
    """Held for a whole deployment run (archive or maintenance) against one DuckDB file."""
    with FileLock(WarehouseFiles.of(db_path).run_lock, "run", on_wait=_log):
        yield
