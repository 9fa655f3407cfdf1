"""``smgov crisis``: an app that opens straight into crisis mode."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.filter import LineFilter

from smgov_tui.i18n import _
from smgov_tui.store.settings import load_settings
from smgov_tui.store.store import Store
from smgov_tui.ui.contracts import WorkspaceHost
from smgov_tui.ui.inert import INERT
from smgov_tui.ui.screens.crisis.start import CrisisStartScreen, import_deferred
from smgov_tui.ui.textual_internals import resume_collector
from smgov_tui.ui.theme import remember_theme


class CrisisApp(App[None]):
    """Crisis mode on its own: the start screen first, quitting from there."""

    TITLE = "smgov crisis"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", _("Quit"), id="crisis.quit", show=False)
    ]

    tune_interpreter: ClassVar[bool] = True
    """Freeze what starting loaded out of the garbage collector's passes once the first screen
    is drawn (:func:`~smgov_tui.ui.textual_internals.resume_collector`); tests turn it off, as
    for the main app."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.chosen_theme = load_settings().theme  # read before the app runs: no frame waits

    def refresh_data(self) -> None:
        """Nothing to rebuild: crisis mode on its own shows no lists (part of the
        :class:`~smgov_tui.ui.contracts.WorkspaceHost` contract its screens rely on)."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then :data:`~smgov_tui.ui.inert.INERT`: no control character
        from a record or a file reaches the terminal."""
        return [*super().get_line_filters(), INERT]

    def on_mount(self) -> None:
        """Show the start screen (which offers to resume open incidents), and first a save
        stopped before its commit (a step logged while a slow hook ran, then killed), as the
        main app does: crisis mode may be the only thing opened for a while."""
        remember_theme(self, self.chosen_theme)  # the theme chosen in the main app
        self.push_screen(CrisisStartScreen(self.store, standalone=True))
        self.call_after_refresh(self.settle_in)
        found = self.store.uncommitted(by_smgov_only=True)  # no git process without a journal
        if found:
            from smgov_tui.ui.modals.uncommitted import UncommittedModal

            paths = ", ".join(item.path for item in found)

            def settled(done: str | None) -> None:
                if done is None:
                    done = _(
                        "Not committed yet: {paths}. smgov offers it again the next time the "
                        "workspace is opened, and smgov check names it."
                    ).format(paths=paths)
                self.notify(done, markup=False, timeout=12)

            self.push_screen(UncommittedModal(self.store, found), settled)

    def settle_in(self) -> None:
        """Once the list is drawn: import what the first screen left for later (the step
        screen and its modals) in a worker, so that the first step opens as fast as before,
        then let the garbage collector run again (paused by ``smgov crisis`` while it started)."""
        self.run_worker(
            self.warm_up, thread=True, group="crisis-warm-up", exit_on_error=False, name="warm-up"
        )

    def warm_up(self) -> None:
        """Import the step screen and its modals (worker thread); then resume the collector."""
        try:
            import_deferred()
        finally:
            self.call_from_thread(resume_collector, self.tune_interpreter)


if TYPE_CHECKING:  # mypy checks that the app keeps the contract its screens rely on
    _HOST: type[WorkspaceHost] = CrisisApp


def run_crisis(store: Store) -> None:
    """Run crisis mode on a loaded store."""
    CrisisApp(store).run()
