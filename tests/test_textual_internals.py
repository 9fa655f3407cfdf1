"""Textual's private API is used in one module only (ui/textual_internals.py), so that a Textual
upgrade knows where to look; tests use none of it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "smgov_tui"
INTERNALS = SRC / "ui" / "textual_internals.py"

PRIVATE_ATTRIBUTES = re.compile(
    r"\.(_thread_id|_compositor|_notifications|_pending_children|_bindings_ready|_driver"
    r"|_display|_watch_[a-z_]+)\b"
)
"""Private Textual attributes this code base has leaned on (or might reach for)."""


def private_textual_imports(path: Path) -> list[str]:
    """``from textual.x._y import ...`` and ``import textual.x._y`` in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "textual" and any(part.startswith("_") for part in parts[1:]):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    return found


def test_only_the_internals_module_imports_private_textual_modules() -> None:
    found = [
        hit
        for folder in (SRC, ROOT / "tests")
        for path in sorted(folder.rglob("*.py"))
        if path != INTERNALS
        for hit in private_textual_imports(path)
    ]
    assert found == []


def test_no_private_textual_attribute_outside_the_internals_module() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in (SRC, ROOT / "tests")
        for path in sorted(folder.rglob("*.py"))
        if path not in (INTERNALS, Path(__file__).resolve())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE_ATTRIBUTES.search(line)
    ]
    assert found == []
