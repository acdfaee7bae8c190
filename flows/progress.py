"""A tiny in-process progress channel from flow tasks to whoever drives the flow (the CLI).

Prefect tasks run in worker threads; the CLI draws a rich progress display, and
flows/dashboard.py moves the crawl progress artifact (it takes only the signal from here and
counts the run's manifest itself, as the run report does). Listeners must be cheap and
thread-safe; with no listener registered, reporting costs nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Listener = Callable[[str, dict[str, int]], None]

_listeners: list[Listener] = []
_lock = threading.Lock()


def add_listener(listener: Listener) -> None:
    with _lock:
        _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def report(stage: str, **counts: int) -> None:
    """Tell listeners that `stage` (crawl / extract / load / resolve) reached `counts`."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(stage, counts)
