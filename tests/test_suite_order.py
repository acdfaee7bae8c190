"""The suite's scheduling holds together: the longest files conftest.py starts first exist, and
xdist keeps that order (its default reordering by number of tests would undo it)."""

from __future__ import annotations

import shlex
import tomllib
from pathlib import Path

from conftest import LONGEST_FIRST

TESTS = Path(__file__).resolve().parent


def test_every_longest_file_exists() -> None:
    # A renamed file would silently lose its early start (and run last on one worker again).
    missing = [name for name in LONGEST_FIRST if not (TESTS / name).is_file()]
    assert not missing, missing


def test_xdist_keeps_the_collection_order_of_files() -> None:
    pyproject = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    addopts = shlex.split(pyproject["tool"]["pytest"]["ini_options"]["addopts"])
    assert "--dist" in addopts and addopts[addopts.index("--dist") + 1] == "loadfile", addopts
    assert "--no-loadscope-reorder" in addopts, addopts
