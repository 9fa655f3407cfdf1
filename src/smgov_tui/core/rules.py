"""The registry of governance rules: :mod:`checks` and :mod:`governance` add to it, and
``checks.check_entry`` / ``check_workspace`` run it.

Its own module so that both rule modules import it and neither imports the other (``checks``
imports ``governance`` only to register its rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from smgov_tui.core import kinds as k
from smgov_tui.core.model import Entry, WorkspaceData
from smgov_tui.core.problems import Problem, Severity, line_of

RecordRule = Callable[[WorkspaceData, Entry[Any], dt.date], Iterable[Problem]]
WorkspaceRule = Callable[[WorkspaceData, dt.date], Iterable[Problem]]

RECORD_RULES: dict[str, list[RecordRule]] = {kind.name: [] for kind in k.ALL_KINDS}
TEXT_RULES: list[Callable[[Entry[Any]], Iterable[Problem]]] = []
WORKSPACE_RULES: list[WorkspaceRule] = []


def record_rule(*kinds: k.Kind) -> Callable[[RecordRule], RecordRule]:
    """Register a rule that checks one record of the given kinds."""

    def register(rule: RecordRule) -> RecordRule:
        for kind in kinds:
            RECORD_RULES[kind.name].append(rule)
        return rule

    return register


def workspace_rule(rule: WorkspaceRule) -> WorkspaceRule:
    """Register a rule that looks across the whole workspace."""
    WORKSPACE_RULES.append(rule)
    return rule


def problem_at(
    entry: Entry[Any], field: str, message: str, code: str, severity: Severity = "error"
) -> Problem:
    """A problem at ``field`` of ``entry`` (its line found in the file's text)."""
    return Problem(entry.path, line_of(entry.text, field), field, message, severity, code)
