"""Process-wide setup for the CLI: data directory, Prefect environment, and server hygiene.

Prefect reads its settings from the environment when it is first imported, so `configure_prefect`
must run before anything imports `prefect` (the CLI imports flows lazily for that reason).
"""

from __future__ import annotations

import os
import signal
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

DEFAULT_DATA_DIR = Path("data")
# No analytics or telemetry from any Prefect process the project starts or documents: the SDK's
# (DO_NOT_TRACK) and the server's heartbeat (which logs "Failed to send telemetry" offline). The
# start command in docs/operations.md and README carries the same variables (tests check it).
PREFECT_PRIVACY_ENV = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
SERVER_START = " ".join(
    [*(f"{k}={v}" for k, v in PREFECT_PRIVACY_ENV.items()), "uv run prefect server start"]
)
# Marker in the command line of the uvicorn process Prefect starts for its ephemeral server.
EPHEMERAL_SERVER_MARKER = "prefect.server.api.server:create_app"


def configure_prefect(data_dir: Path, console_level: str = "WARNING") -> Path:
    """Point Prefect at a home inside the project's data directory; return that home."""
    home = (data_dir / "prefect").resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    # Server analytics log a spurious "database is locked" error on SQLite, and a telemetry error
    # offline; the embedded server and every served flow run inherit this.
    for key, value in PREFECT_PRIVACY_ENV.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    # Run logs still reach the Prefect API in full; only the terminal is kept quiet for the
    # progress display.
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", console_level)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL", console_level)
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_TASK_RUNS_LEVEL", console_level)
    return Path(os.environ["PREFECT_HOME"])


def prefect_api_url() -> str | None:
    """The Prefect API this process will use (environment or profile), or None for the embedded
    server. Without PREFECT_API_URL it imports Prefect: call after :func:`configure_prefect`."""
    if os.environ.get("PREFECT_API_URL"):  # what Prefect would read first, without its import
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def api_unreachable(url: str, timeout: float = 5.0) -> str | None:
    """Why nothing answers at the Prefect API ``url`` (one short phrase), or None if something
    does. Any HTTP answer counts as an answer (an auth error is Prefect's to explain)."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout):
            return None
    except urllib.error.HTTPError:
        return None
    except urllib.error.URLError as exc:
        reason = exc.reason
    except (OSError, ValueError) as exc:  # a timeout, a malformed URL
        reason = exc
    if isinstance(reason, BaseException):
        return f"{type(reason).__name__}: {reason}"
    return str(reason)


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
