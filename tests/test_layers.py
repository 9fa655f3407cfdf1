"""The core imports neither textual nor git; the store imports no textual."""

from __future__ import annotations

import subprocess
import sys

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
