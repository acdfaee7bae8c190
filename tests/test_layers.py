"""The layers import downwards only (docs/architecture.md): a back edge fails here.

Every import counts: module-level, inside functions and under ``TYPE_CHECKING`` alike, since
each is a dependency a reader (and a refactor) has to follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each layer may import from the project, bottom to top.
ALLOWED: dict[str, frozenset[str]] = {
    "pipelines": frozenset({"pipelines"}),
    "sites": frozenset({"sites", "pipelines"}),
    "warehouse": frozenset({"warehouse"}),
    "crawlers": frozenset({"crawlers", "sites", "pipelines"}),
    "flows": frozenset({"flows", "crawlers", "sites", "pipelines", "warehouse"}),
    "vnarchive": frozenset({"vnarchive", "flows", "crawlers", "sites", "pipelines", "warehouse"}),
}
PROJECT = frozenset(ALLOWED)


def project_imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, top-level project package) of every import in `path`."""
    package = path.relative_to(root).parts[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside its own package.
            names = [package] if node.level else [node.module or ""]
        else:
            continue
        found += [(node.lineno, n.split(".")[0]) for n in names if n.split(".")[0] in PROJECT]
    return found


def back_edges(layer: str, root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root).as_posix()}:{line} imports {target}"
        for path in sorted((root / layer).rglob("*.py"))
        for line, target in project_imports(path, root)
        if target not in ALLOWED[layer]
    ]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_downwards(layer: str) -> None:
    assert (ROOT / layer).is_dir(), f"{layer}/ is a declared layer but does not exist"
    assert back_edges(layer) == []


def test_every_package_is_a_declared_layer() -> None:
    """A new top-level package must be placed in ALLOWED (and in docs/architecture.md)."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages <= PROJECT | {"tests", "benchmarks"}, packages - PROJECT


def test_the_walk_sees_function_level_and_type_checking_imports(tmp_path: Path) -> None:
    """The checker itself: a back edge hidden in a function or TYPE_CHECKING is still found."""
    (tmp_path / "crawlers").mkdir()
    (tmp_path / "crawlers" / "probe.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from flows.archive import x\n"
        "def f():\n    import vnarchive.cli\n",
        encoding="utf-8",
    )
    (tmp_path / "crawlers" / "fine.py").write_text(
        "from . import probe\nimport pipelines.text\nimport crawlers.items\n", encoding="utf-8"
    )
    assert back_edges("crawlers", tmp_path) == [
        "crawlers/probe.py:3 imports flows",
        "crawlers/probe.py:5 imports vnarchive",
    ]
