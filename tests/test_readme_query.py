"""The query commands users are told to run (README quick start, `vnarchive demo`'s hint) work."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from vnarchive.cli import query_snippet

README = Path(__file__).resolve().parent.parent / "README.md"


def _run(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_readme_quick_start_query(demo_warehouse: Path, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(demo_warehouse, tmp_path / "data" / "vnarchive.duckdb")
    (code,) = re.findall(r'uv run python -c "(import duckdb;.*?)"\n', README.read_text(), re.S)
    out = _run(code, tmp_path)
    assert "articles" in out and "Hải Phòng" in out  # a table with the demo sources


def test_demo_hint_query(demo_warehouse: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_warehouse, db)
    out = _run(query_snippet(str(db)), tmp_path)
    assert "articles" in out and "first" in out and "last" in out
