"""A form's save while git makes the commit, shared by the form that starts it and the app that
reports it (so that neither imports the other)."""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future

from smgov_tui.store.store import SaveResult

SAVING_NOTICE_DELAY = 0.25
"""Seconds a save may take before the person is told it is still being saved."""
SAVING_NOTICE_REPEAT = 2.0
"""Seconds each "Saving..." notice shows; another follows while git is still at work."""


@dataclasses.dataclass(frozen=True)
class Committing(SaveResult):
    """A form's save whose file is written (and ``entry`` shown) while git makes the commit."""

    outcome: Future[SaveResult] = dataclasses.field(default_factory=Future, compare=False)
    """The save's final result once git made the commit; its exception when git refused it
    (the file and the workspace are then as before, and the form is open again)."""
