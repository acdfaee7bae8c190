"""`.ci/check_paths` (run first by `.ci/run`) rejects tracked files that name machine paths."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _repo_with(tmp_path: Path, name: str, text: str) -> Path:
    repo = tmp_path / "clone"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "check_paths", repo / ".ci" / "check_paths")
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    return repo


def _check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", ".ci/check_paths"], cwd=repo, capture_output=True, text=True, timeout=60
    )


# Written in pieces: spelled out whole, these examples would fail the check on this very file.
@pytest.mark.parametrize(
    "text",
    [
        'DEVSET = Path("/' + 'work/shared/dev-set/articles.jsonl")\n',
        "see ../" + "shared/reference/sites.md\n",
        '{"text_file": "/' + 'home/dev/seeds/a.txt"}\n',
        "cache = '/" + "root/.cache/x'\n",
    ],
)
def test_a_tracked_machine_path_fails_the_check(tmp_path: Path, text: str) -> None:
    result = _check(_repo_with(tmp_path, "pkg/mod.py", text))
    assert result.returncode == 1
    assert "pkg/mod.py:1" in result.stdout


def test_relative_paths_and_urls_pass(tmp_path: Path) -> None:
    text = (
        'SEEDS = REPO / "vnarchive" / "demo_sites" / "data"\n'
        "url = 'https://example.gov.vn/home/tin-tuc/root/a.html'\n"
    )
    result = _check(_repo_with(tmp_path, "pkg/mod.py", text))
    assert result.returncode == 0, result.stdout


def test_this_repository_passes() -> None:
    result = _check(REPO)
    assert result.returncode == 0, result.stdout
