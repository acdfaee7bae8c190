"""Process-wide setup for the CLI: data directory, Prefect environment, and server hygiene.

Prefect reads its settings from the environment when it is first imported, so `configure_prefect`
must run before anything imports `prefect` (the CLI imports flows lazily for that reason).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from types import FrameType

DEFAULT_DATA_DIR = Path("data")
# Marker in the command line of the uvicorn process Prefect starts for its ephemeral server.
EPHEMERAL_SERVER_MARKER = "prefect.server.api.server:create_app"


def configure_prefect(data_dir: Path, console_level: str = "WARNING") -> Path:
    """Point Prefect at a home inside the project's data directory; return that home."""
    home = (data_dir / "prefect").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    # Server analytics log a spurious "database is locked" error on SQLite; nobody wants them here.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    # Run logs still reach the Prefect API in full; only the terminal is kept quiet for the
    # progress display.
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", console_level)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL", console_level)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_TASK_RUNS_LEVEL", console_level)
    return Path(os.environ["PREFECT_HOME"])


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    # SystemExit unwinds normally, so Prefect's atexit hook stops its ephemeral server.
    raise SystemExit(128 + signum)


def install_signal_handlers() -> None:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)


def _read_proc(pid: int, name: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except OSError:
        return b""


def _parent_pid(pid: int) -> int | None:
    stat = _read_proc(pid, "stat").decode(errors="replace")
    # Field 4 is the parent pid; the command name in field 2 may hold spaces, so split after ')'.
    tail = stat.rpartition(")")[2].split()
    return int(tail[1]) if len(tail) > 1 else None


def find_servers(prefect_home: Path) -> list[int]:
    """Ephemeral Prefect server processes started with this PREFECT_HOME (Linux: reads /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    wanted = f"PREFECT_HOME={prefect_home}".encode()
    me = os.getpid()
    return [
        pid
        for pid in (int(e.name) for e in proc.iterdir() if e.name.isdigit())
        if pid != me
        and EPHEMERAL_SERVER_MARKER.encode() in _read_proc(pid, "cmdline")
        and wanted in _read_proc(pid, "environ").split(b"\0")
    ]


def find_orphaned_servers(prefect_home: Path) -> list[int]:
    """Servers of this PREFECT_HOME whose parent died: a CLI killed with SIGKILL cannot stop its
    server, so the next CLI start finds it here."""
    orphans: list[int] = []
    for pid in find_servers(prefect_home):
        parent = _parent_pid(pid)
        # An orphan is re-parented to init (pid 1) when its owner dies.
        if parent is None or parent == 1 or not Path(f"/proc/{parent}").exists():
            orphans.append(pid)
    return orphans


def reap_orphaned_servers(prefect_home: Path) -> list[int]:
    """Terminate orphaned ephemeral servers left by an earlier killed run; return their pids."""
    reaped = []
    for pid in find_orphaned_servers(prefect_home):
        try:
            os.kill(pid, signal.SIGTERM)
            reaped.append(pid)
        except ProcessLookupError:
            pass
    return reaped
