"""A problem found in a workspace: where it is, which field, and a plain sentence."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

from smgov_tui.i18n import ngettext

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of validation or of a governance check."""

    path: str
    """Workspace-relative path of the file, with forward slashes."""
    line: int | None
    """1-based line in the file, when known."""
    field: str
    """Dotted field name (``owner``, ``steps.3.contacts``), or empty for the whole file."""
    message: str
    """Plain sentence saying what is wrong and what is expected."""
    severity: Severity = "error"
    """``error`` blocks a save and fails ``smgov check``; ``warning`` does not."""
    code: str = dataclasses.field(default="", compare=False)
    """Stable rule id, e.g. ``dangling-reference``, for tools and for silencing."""
    fix: str = dataclasses.field(default="", compare=False)
    """One plain sentence saying how to fix it: the rule's own, specific one (which hours a
    backup would need to work), else the registry's for the code (``rules.with_fix``)."""

    def location(self) -> str:
        """``path:line field`` as a person reads it."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where} {self.field}" if self.field else where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``--format json``."""
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
            "code": self.code,
            "fix": self.fix,
        }


_KEY_RE_CACHE: dict[str, re.Pattern[str]] = {}


def _key_re(key: str) -> re.Pattern[str]:
    """The key's line, for ``match`` at the line's start (``^`` would fail past position 0)."""
    pattern = _KEY_RE_CACHE.get(key)
    if pattern is None:
        quoted = re.escape(key)
        pattern = re.compile(rf'\s*(?:{quoted}|"{quoted}"|\'{quoted}\')\s*=')
        _KEY_RE_CACHE[key] = pattern
    return pattern


def _lines_end_at_newlines(text: str) -> bool:
    """Whether ``str.splitlines`` reads ``text``'s lines as its ``\\n`` do (``\\r\\n`` too): no
    other break (a lone ``\\r``, ``\\f``, ``\\u2028``...) but at its very end, where it starts
    no line. Counting is cheaper than searching for each of them."""
    return len(text.splitlines()) == text.count("\n") + (text[-1:] not in ("", "\n"))


def _top_key_line(text: str, key: str) -> int | None:
    r""":func:`line_of` for a key of the top table, in a text whose only line break is ``\n``.

    The walk split the whole text into lines and tried the key's pattern on each until the
    first table; a check of 5,000 accounts asks this some 10,000 times. Here ``str.find`` jumps
    to the lines that hold the key at all, the same pattern decides each, and only the text
    before the line found is looked at for a table. The same answer either way
    (tests/core/test_line_of.py compares the two).
    """
    pattern = _key_re(key)
    at = text.find(key)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if pattern.match(text, start, len(text) if end == -1 else end):
            return None if _table_before(text, start) else text.count("\n", 0, start) + 1
        if end == -1:
            return None
        at = text.find(key, end)
    return None


def _table_before(text: str, limit: int) -> bool:
    """Whether a line before ``limit`` starts (after whitespace) with ``[``: a table header."""
    at = text.find("[", 0, limit)
    while at != -1:
        if not text[text.rfind("\n", 0, at) + 1 : at].strip():
            return True
        end = text.find("\n", at, limit)
        if end == -1:
            return False
        at = text.find("[", end, limit)
    return False


def line_of(text: str, dotted: str) -> int | None:
    """Best-effort 1-based line where the field ``dotted`` is set in TOML ``text``.

    ``steps.2.contacts`` finds the third ``[[steps]]`` table, then ``contacts`` inside it.
    Returns None when the field is not written in the file (e.g. a missing required field).
    """
    if not dotted:
        return None
    if "." not in dotted and _lines_end_at_newlines(text):
        return _top_key_line(text, dotted)
    lines = text.splitlines()
    parts = dotted.split(".")
    top_end = next((n for n, ln in enumerate(lines) if ln.lstrip().startswith("[")), len(lines))
    start, end = 0, len(lines)
    prefix = ""  # the tables entered so far: [[rota.overrides]] is an array inside [rota]
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if nxt is not None and nxt.isdigit():
            header = re.compile(rf"^\s*\[\[\s*{re.escape(prefix + part)}\s*\]\]")
            seen = -1
            found = None
            for n in range(start, end if not prefix else len(lines)):
                if header.match(lines[n]):
                    seen += 1
                    if seen == int(nxt):
                        found = n
                        break
            if found is None:
                return _first_key(lines, part, start, top_end if i == 0 else end)
            start = found + 1
            end = next(
                (n for n in range(start, len(lines)) if lines[n].lstrip().startswith("[")),
                len(lines),
            )
            if i + 2 >= len(parts):
                return found + 1
            i += 2
            continue
        if nxt is not None:
            header = re.compile(rf"^\s*\[\s*{re.escape(part)}\s*\]")
            hit = next((n for n in range(start, end) if header.match(lines[n])), None)
            if hit is not None:
                prefix += part + "."
                start = hit + 1
                end = next(
                    (n for n in range(start, len(lines)) if lines[n].lstrip().startswith("[")),
                    len(lines),
                )
                i += 1
                continue
            return _first_key(lines, part, start, top_end if i == 0 else end)
        return _first_key(lines, part, start, top_end if i == 0 else end)
    return None


def _first_key(lines: list[str], key: str, start: int, end: int) -> int | None:
    pattern = _key_re(key)
    for n in range(start, min(end, len(lines))):
        if pattern.match(lines[n]):
            return n + 1
    return None


def count_errors(n: int) -> str:
    """``1 error``, ``2 errors``, in the interface language."""
    return ngettext("{n} error", "{n} errors", n).format(n=n)


def count_warnings(n: int) -> str:
    """``1 warning``, ``2 warnings``, in the interface language."""
    return ngettext("{n} warning", "{n} warnings", n).format(n=n)


def count_problems(errors: int, warnings: int) -> str:
    """``1 error, 2 warnings``, in the interface language."""
    return f"{count_errors(errors)}, {count_warnings(warnings)}"
