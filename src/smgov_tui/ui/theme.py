"""The theme a person picks in the command palette, remembered in their own settings.

Textual forgets the theme on exit; people who chose a light theme for a bright office, or a
high-contrast one, should not have to choose it again in every session nor in crisis mode.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

from smgov_tui.i18n import _
from smgov_tui.store.settings import update_settings


def remember_theme(app: App[Any], chosen: str | None) -> None:
    """Show ``chosen`` (when Textual still has a theme of that name) and save the next choice.

    The save runs in a thread worker: the UI thread never waits on the disk.
    """
    last = {"name": app.theme}
    if chosen and chosen in app.available_themes:
        app.theme = chosen
        last["name"] = chosen

    def save(name: str) -> None:
        try:
            update_settings(theme=name)
        except OSError as error:
            app.call_from_thread(
                app.notify,
                _("Could not remember the theme: {error}").format(error=error),
                severity="warning",
                markup=False,
            )

    def changed(theme: Theme) -> None:
        if theme.name == last["name"]:
            return
        last["name"] = theme.name
        app.run_worker(
            lambda: save(theme.name),
            thread=True,
            group="smgov-theme",
            exclusive=True,
            exit_on_error=False,
        )

    app.theme_changed_signal.subscribe(app, changed)
