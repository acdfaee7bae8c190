"""The layers import downwards only (README, architecture): a test walks every import of every
module, function-level imports included, and fails on a back edge."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {"pipelines", "sites", "warehouse", "crawlers", "flows", "vnarchive"}
# What each package may import of the project (itself included). vnarchive may import anything.
ALLOWED = {
    "pipelines": {"pipelines"},
    "sites": {"sites", "pipelines"},
    "warehouse": {"warehouse"},
    "crawlers": {"crawlers", "sites", "pipelines"},
    "flows": {"flows", "crawlers", "sites", "pipelines", "warehouse"},
}


def project_imports(path: Path) -> set[tuple[str, int]]:
    """(top-level project package, line) of every import in `path`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(n.split(".")[0], node.lineno) for n in names if n.split(".")[0] in PROJECT}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_import_runs_upwards(package: str) -> None:
    back_edges = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for target, line in sorted(project_imports(path))
        if target not in ALLOWED[package]
    ]
    assert not back_edges, "\n".join(back_edges)


def test_the_walk_sees_function_level_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from flows.archive import archive_flow\n", encoding="utf-8")
    assert project_imports(module) == {("flows", 2)}
