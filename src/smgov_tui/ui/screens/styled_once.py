"""Screens pushed new are styled once, not twice; shown again, they are restyled only when
something that styles every screen changed meanwhile."""

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
    first restyle changes nothing. (Measured: :func:`~smgov_tui.ui.textual_internals.skip_restyle`.)

    A screen shown again (a record's detail screen, reused for the next record of its kind)
    is restyled only when what styles the whole app changed while it was away: the theme, the
    ANSI colours, the app's classes or whether the terminal has focus. Widgets mounted or
    re-classed meanwhile are styled by Textual as that happens. Skipping the rest was a fifth
    of what opening a record cost once its screen is reused.
    """

    _styled_once = False
    _styled_for: tuple[object, ...] | None = None

    def _app_styles(self) -> tuple[object, ...]:
        """What styles every screen of the app, as far as a screen can tell."""
        app = self.app
        return (app.theme, app.ansi_color, frozenset(app.classes), app.app_focus)

    def on_screen_suspend(self) -> None:
        """Remember what the screen was styled for."""
        self._styled_for = self._app_styles()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Skip the restyle of the first resume, and of any later one when nothing that
        styles the app changed (Textual's own handler runs after)."""
        if not self._styled_once or self._styled_for == self._app_styles():
            self._styled_once = True
            skip_restyle(event)
