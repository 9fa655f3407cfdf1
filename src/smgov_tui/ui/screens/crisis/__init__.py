"""Crisis mode: pick a playbook and a severity, then one step at a time until it is closed.

A package: ``start`` picks or resumes, ``step`` walks, ``incidents`` lists, ``prompts`` words
the pickers.

Every action is written and committed by the store in a worker; the screen shows "Saving…",
waits for the commit, and only then moves on (or shows the error and stays). Pushing to the
team runs afterwards in its own worker and never holds the walkthrough up.
"""

from smgov_tui.ui.screens.crisis.start import CrisisStartScreen
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen

__all__ = ["CrisisStartScreen", "CrisisStepScreen"]
