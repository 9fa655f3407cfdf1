"""The keys of a crisis step, apart from the step screen: the start screen keeps the step keys
typed ahead of the step it opens, and must know them without importing the step screen (its
modals and widgets are imported after the first screen is drawn, so ``smgov crisis`` shows
its list sooner)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from smgov_tui.core.crisis_actions import Action
from smgov_tui.i18n import _

STEP_BINDINGS: list[BindingType] = [
    Binding("d", f"act('{Action.DONE}')", _("Done"), id="crisis.done"),
    Binding("s", f"act('{Action.SKIPPED}')", _("Skip"), id="crisis.skip"),
    Binding("n", f"act('{Action.NOTE}')", _("Note"), id="crisis.note"),
    Binding("e", "escalate", _("Escalate"), id="crisis.escalate"),
    Binding("b", f"act('{Action.BACK}')", _("Back"), id="crisis.back"),
    Binding("c", "copy", _("Copy"), id="crisis.copy"),
    Binding("x", "close_incident", _("Close"), id="crisis.close"),
    # not in the footer (full at 80 columns): the heading says "v changes it" by the severity
    Binding("v", "severity", _("Severity"), show=False, id="crisis.severity"),
    # Not in the footer: it is full at 80 columns in Spanish; the team line, the
    # announcement ("C to join") and the conflict notice name these keys where they matter.
    Binding("S", "sync", _("Sync"), id="crisis.sync", show=False),
    Binding("C", "join", _("Join"), id="crisis.join", show=False),
    Binding("escape", "leave", _("Leave"), id="crisis.leave"),
    Binding("pagedown", "page(1)", _("More below"), show=False, id="crisis.page-down"),
    Binding("pageup", "page(-1)", _("More above"), show=False, id="crisis.page-up"),
]
"""The step screen's bindings (``CrisisStepScreen.BINDINGS``)."""

STEP_KEYS = frozenset(
    key
    for binding in STEP_BINDINGS
    if isinstance(binding, Binding) and binding.key != "escape"
    for key in binding.key.split(",")
)
"""The keys of the step screen that mean nothing on the start screen (Esc does: it is not
kept)."""
