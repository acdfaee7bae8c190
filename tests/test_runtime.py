"""Prefect server hygiene: an ephemeral server left behind by a killed CLI is found and stopped."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

from vnarchive import runtime


def _spawn_orphan(prefect_home: Path) -> int:
    """Start a stand-in server process whose parent exits at once, leaving it to init."""
    launcher = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)', "
        f"'{runtime.EPHEMERAL_SERVER_MARKER}'], start_new_session=True,"
        " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(p.pid)\n"
    )
    env = {**os.environ, "PREFECT_HOME": str(prefect_home)}
    out = subprocess.run(
        [sys.executable, "-c", launcher], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_orphaned_server_of_this_home_is_reaped(tmp_path: Path) -> None:
    home = tmp_path / "prefect"
    other_home = tmp_path / "other"
    orphan = _spawn_orphan(home)
    foreign = _spawn_orphan(other_home)
    try:
        deadline = time.time() + 10
        while orphan not in runtime.find_orphaned_servers(home) and time.time() < deadline:
            time.sleep(0.05)
        assert orphan in runtime.find_orphaned_servers(home)
        assert foreign not in runtime.find_orphaned_servers(home)
        assert orphan in runtime.reap_orphaned_servers(home)
        deadline = time.time() + 10
        while _alive(orphan) and time.time() < deadline:
            time.sleep(0.05)
        assert not _alive(orphan)
        assert _alive(foreign)
    finally:
        for pid in (orphan, foreign):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)


def test_configure_prefect_points_home_into_data_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    home = runtime.configure_prefect(tmp_path / "data")
    assert home == (tmp_path / "data" / "prefect").resolve()
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
