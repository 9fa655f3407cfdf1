"""The layers, checked two ways.

The contracts in pyproject.toml (``[tool.importlinter]``, run by ``lint-imports``) read the
import statements: which layer imports which, what the core and the store may not import, and
no cycle between the modules of a package. What they cannot see is checked here: what a module
really loads when imported (an ``importlib`` look-up, or a library that pulls in another), in a
fresh interpreter; and a cycle between single modules anywhere in ``src/`` (the contract
compares the siblings of each package).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

import grimp
import pytest

CORE_MODULES = [
    "smgov_tui.core.records",
    "smgov_tui.core.kinds",
    "smgov_tui.core.validate",
    "smgov_tui.core.checks",
    "smgov_tui.core.model",
    "smgov_tui.core.problems",
    "smgov_tui.core.slug",
    "smgov_tui.core.clock",
    "smgov_tui.core.merge",
]


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_imports_no_textual_git_or_store(module: str) -> None:
    loaded = _loaded_after_import(module)
    forbidden = {m for m in loaded if m.split(".")[0] in ("textual", "git", "tomlkit")}
    forbidden |= {m for m in loaded if m.startswith(("smgov_tui.store", "smgov_tui.ui"))}
    assert not forbidden, f"{module} pulls in {sorted(forbidden)}"


def test_whole_core_package_imports_no_textual() -> None:
    import pkgutil

    import smgov_tui.core as core

    names = [f"smgov_tui.core.{m.name}" for m in pkgutil.iter_modules(core.__path__)]
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'git')"
        " or m.startswith(('smgov_tui.store', 'smgov_tui.ui'))]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_store_imports_no_textual() -> None:
    loaded = _loaded_after_import("smgov_tui.store.store")
    assert not {m for m in loaded if m.split(".")[0] == "textual"}


def test_the_probe_can_fail() -> None:
    """The probe sees textual when a module does import it (so the tests above can fail)."""
    assert "textual" in _loaded_after_import("smgov_tui.ui.app")


def _contract(contract_id: str) -> dict[str, object]:
    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    found: dict[str, object] = next(c for c in contracts if c["id"] == contract_id)
    return found


def _cycles(graph: grimp.ImportGraph, ignored: Iterable[str] = ()) -> list[list[str]]:
    """The import cycles of ``graph``: its strongly connected groups of two or more modules
    (Tarjan), without the ``importer -> imported`` pairs in ``ignored``."""
    skip = {tuple(part.strip() for part in pair.split("->")) for pair in ignored}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if (module, imported) in skip:
                continue
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return found


@pytest.fixture(scope="module")
def src_cycles() -> list[list[str]]:
    """Every module-level cycle in smgov_tui among the imports that run (one under
    ``TYPE_CHECKING`` only names a type, as in the contracts), without the pairs the acyclic
    contract lists as known."""
    graph = grimp.build_graph("smgov_tui", cache_dir=None, exclude_type_checking_imports=True)
    ignored = _contract("acyclic").get("ignore_imports", [])
    assert isinstance(ignored, list)
    return _cycles(graph, ignored)


def test_no_import_cycle_outside_the_ui(src_cycles: list[list[str]]) -> None:
    outside = [c for c in src_cycles if not all(m.startswith("smgov_tui.ui.") for m in c)]
    assert not outside, f"import cycles: {outside}"


def test_no_import_cycle_in_the_ui(src_cycles: list[list[str]]) -> None:
    assert not src_cycles, f"import cycles: {src_cycles}"


def test_the_cycle_finder_finds_a_cycle() -> None:
    """A cycle of three modules beside an acyclic branch is found, and only it; an ignored
    pair breaks it (so the tests above can fail)."""
    graph = grimp.ImportGraph()
    for importer, imported in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")]:
        graph.add_import(importer=importer, imported=imported)
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]
    assert _cycles(graph, ["p.c -> p.a"]) == []
