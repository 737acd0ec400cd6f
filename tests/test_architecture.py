"""The house rules of the code, checked: layers point down, no import cycles, imports at the top."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("foundation", "ingest", "index", "assistant", "interfaces", "evals")
MAX_LINES = 500


def _modules() -> list[Path]:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    return files + [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def test_import_contracts_hold() -> None:
    """The layer contracts in pyproject.toml, checked by import-linter."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_no_import_cycles() -> None:
    graph = grimp.build_graph(*PACKAGES)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append(f"{module} <-> {imported}")
    assert not cycles, cycles


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_of_our_own_modules_sit_at_the_top(path: Path) -> None:
    """An import inside a function only for an optional heavy dependency, never for our own code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                name = inner.module if isinstance(inner, ast.ImportFrom) else None
                if isinstance(inner, ast.Import):
                    name = inner.names[0].name
                if name and name.split(".")[0] in PACKAGES:
                    nested.append(f"{path.name}:{inner.lineno} {name}")
    assert not nested, nested


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_hold_one_job(path: Path) -> None:
    """A module over ~500 lines usually holds two jobs."""
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"
