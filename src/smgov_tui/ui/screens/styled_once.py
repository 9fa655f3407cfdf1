"""Screens pushed new are styled once, not twice."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen

from smgov_tui.ui.textual_internals import skip_restyle


class StyledOnceScreen(Screen[Any]):
    """A screen whose first showing does not restyle every widget it just styled.

    Textual styles each widget as it mounts, then restyles the whole screen when the screen
    is first made active (``ScreenResume``), which for a form of some eighty widgets is a
    third of the time it takes to appear. A new screen cannot have been suspended, so that
    first restyle changes nothing; any later resume that asks for a restyle gets one.
    (Measured: :func:`~smgov_tui.ui.textual_internals.skip_restyle`.)
    """

    _styled_once = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Skip the restyle of the first resume only (Textual's own handler runs after)."""
        if not self._styled_once:
            self._styled_once = True
            skip_restyle(event)
