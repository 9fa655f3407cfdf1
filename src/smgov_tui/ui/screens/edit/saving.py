"""A form's save, as messages: what the save worker tells the form, and what the app follows.

One save is one thread worker of the app (it outlives the form, which may close before git has
made the commit). It runs ``Store.saving`` and posts to the form, in this order:

- ``NotWritten``: refused before anything was written (invalid values, the file changed on
  disk, a rebase in progress...); the form stays with the person's values and says why;
- ``RecordWritten``: the file is written and the store holds the record, git is committing;
  an edit's form closes with a :class:`Written` result, so the record shows at once;
- ``CommitFinished``: git made the commit, or refused it (the file and the store are then
  put back as they were).

A form still open when git finishes reads ``CommitFinished`` itself: it closes with the final
result, or stays and says why git refused. A form that closed with ``Written`` hands the rest
to the app: the app awaits the worker (its result is the same :class:`Committed`), says
"Saving..." while git works, then "Saved", or brings the form back with git's message.
Nothing here is shared between threads but the messages and the worker's result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from textual.message import Message
from textual.worker import Worker

from smgov_tui.core.problems import Problem
from smgov_tui.store.store import SaveResult

SAVING_NOTICE_DELAY = 0.25
"""Seconds a save may take before the person is told it is still being saved."""
SAVING_NOTICE_REPEAT = 2.0
"""Seconds each "Saving..." notice shows; another follows while git is still at work."""
SAVE_GROUP = "form-save"
"""The worker group of form saves (one at a time per form)."""


@dataclass(frozen=True)
class Committed:
    """How git's commit of a save went: the final result, or git's refusal."""

    result: SaveResult | None
    """The save's result once committed; None when git refused the commit."""
    refusal: str = ""
    """Git's own message when it refused (the file and the store are as before)."""
    values: dict[str, Any] = field(default_factory=dict)
    """The values the person saved (a refused edit's form comes back with them)."""


class ComesBack(Protocol):
    """A form that closed before git finished and can come back if git refuses."""

    def come_back(self, committed: Committed) -> None:
        """Open the form again on the values saved, saying why git refused them."""


@dataclass(frozen=True)
class Written(SaveResult):
    """An edit whose record is written and shown while git makes the commit: the result a
    form closes with when it hands the rest of its save to the app."""

    commit: Worker[Committed | None] | None = field(default=None, compare=False)
    """The save worker; its result says how git's commit went."""
    form: ComesBack | None = field(default=None, compare=False)
    """The form that closed, to bring back if git refuses."""


class NotWritten(Message):
    """The save was refused before anything was written; the form keeps the values."""

    def __init__(
        self,
        message: str,
        problems: list[Problem] | None = None,
        conflict: bool = False,
        theirs: str | None = None,
    ) -> None:
        super().__init__()
        self.message = message
        """Why, in one sentence."""
        self.problems = problems
        """The record's problems when it was invalid."""
        self.conflict = conflict
        """The file changed on disk since the form read it."""
        self.theirs = theirs
        """The file's text on disk then (for the merge), when ``conflict``."""


class RecordWritten(Message):
    """The file is written and the store holds the record; git is making the commit."""

    def __init__(self, result: SaveResult) -> None:
        super().__init__()
        self.result = result


class CommitFinished(Message):
    """Git made the commit of the save, or refused it."""

    def __init__(self, committed: Committed) -> None:
        super().__init__()
        self.committed = committed
