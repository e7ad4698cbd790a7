"""The code's shape: layers import in one direction only, modules stay small, every public
function of the library says what it does."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "kg"
#: The layers, lowest first: a module may import its own unit and the layers below, nothing else.
LAYERS = [
    {"kg", "kg.errors", "kg.files", "kg.namespaces", "kg.resources"},
    {"kg.text"},
    {"kg.curation"},
    {"kg.draft"},
    {"kg.rdf"},
    {"kg.store"},
    {"kg.query", "kg.network"},
    {"kg.views", "kg.export", "kg.serve"},
    {"kg.build"},
    {"kg.cli"},
]


def _unit(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def _rank(unit: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if unit in layer:
            return rank
    raise AssertionError(f"{unit} is in no layer: add it to LAYERS")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        yield name, path


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


@pytest.mark.parametrize("name, path", list(_modules()), ids=lambda v: v if isinstance(v, str) else "")
def test_layers_import_in_one_direction(name, path):
    mine = _unit(name)
    rank = _rank(mine)
    for imported, line in _imports(path):
        if not (imported == "kg" or imported.startswith("kg.")):
            continue
        theirs = _unit(imported)
        if theirs == mine or _rank(theirs) == rank == 0:  # the base modules are one unit
            continue
        assert _rank(theirs) < rank, (f"{path.relative_to(ROOT)}:{line}: {mine} (layer {rank}) "
                                      f"imports {imported} (layer {_rank(theirs)})")


def test_modules_stay_small():
    for name, path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 450, f"{name} has {lines} lines: split it by concern"


def test_no_file_of_the_package_is_ignored_by_git():
    """A .gitignore pattern must never hide code: an unanchored ``build/`` once kept the whole
    ``kg/build/`` package out of every commit, and a fresh clone could not import it."""
    import shutil
    import subprocess

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = [p.relative_to(ROOT).as_posix() for p in sorted(PACKAGE.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts]
    done = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=ROOT,
                          input="\n".join(files), capture_output=True, text=True)
    assert done.stdout.split() == [], f"ignored by .gitignore: {done.stdout.split()}"
