"""``smgov crisis``: an app that opens straight into crisis mode."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.filter import LineFilter

from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
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
    CSS_PATH = "screens/crisis/crisis.tcss"
    """The crisis screens' stylesheet (also their ``CSS_PATH``), read with the app's: a screen
    whose stylesheet is new makes Textual parse every stylesheet again when it is first shown,
    which delayed the first screen (the same file is read once)."""
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", _("Quit"), id="crisis.quit", show=False)
    ]

    tune_interpreter: ClassVar[bool] = True
    """Freeze what starting loaded out of the garbage collector's passes once the first screen
    is drawn (:func:`~smgov_tui.ui.textual_internals.resume_collector`); tests turn it off, as
    for the main app."""

    def __init__(self, store: Store, partial: bool = False) -> None:
        super().__init__()
        self.store = store
        self.partial = partial
        """True while the store holds only what the first screen shows (``smgov crisis``):
        the rest is read once the list is drawn, and nothing can be picked until then."""
        self.chosen_theme = load_settings().theme  # read before the app runs: no frame waits
        self.start: CrisisStartScreen | None = None
        """The start screen, once mounted."""

    def refresh_data(self) -> None:
        """Nothing to rebuild: crisis mode on its own shows no lists (part of the
        :class:`~smgov_tui.ui.contracts.WorkspaceHost` contract its screens rely on)."""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then :data:`~smgov_tui.ui.inert.INERT`: no control character
        from a record or a file reaches the terminal."""
        return [*super().get_line_filters(), INERT]

    def on_mount(self) -> None:
        """Show the start screen (which offers to resume open incidents); once the workspace
        is read, first a save stopped before its commit (see :meth:`offer_uncommitted`)."""
        remember_theme(self, self.chosen_theme)  # the theme chosen in the main app
        self.start = CrisisStartScreen(self.store, standalone=True, reading=self.partial)
        self.push_screen(self.start)
        self.call_after_refresh(self.settle_in)
        if not self.partial:
            self.offer_uncommitted()

    def offer_uncommitted(self) -> None:
        """Offer to settle a save stopped before its commit (a step logged while a slow hook
        ran, then killed), as the main app does: crisis mode may be the only thing opened for
        a while."""
        found = self.store.uncommitted(by_smgov_only=True)  # no git process without a journal
        if not found:
            return
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
        """Once the list is drawn: read the rest of the workspace and import what the first
        screen left for later (the step screen and its modals) in a worker, so that the first
        step opens as fast as before; then let the garbage collector run again (paused by
        ``smgov crisis`` while it started)."""
        self.run_worker(
            self.read_the_rest, thread=True, group="crisis-load", exit_on_error=False, name="load"
        )

    def read_the_rest(self) -> None:
        """Read the whole workspace when only the first screen's part was (worker thread),
        tell the start screen, then import the step screen and its modals."""
        try:
            if self.partial:
                try:
                    self.store.load()
                except (StoreError, OSError) as error:
                    self.call_from_thread(self.load_failed, str(error))
                else:
                    self.call_from_thread(self.workspace_loaded)
            import_deferred()
        finally:
            self.call_from_thread(resume_collector, self.tune_interpreter)

    def workspace_loaded(self) -> None:
        """The whole workspace is read: the start screen may act on it."""
        self.partial = False
        if self.start is not None:
            self.start.workspace_loaded()
        self.offer_uncommitted()

    def load_failed(self, message: str) -> None:
        """The rest of the workspace could not be read: said on the start screen, which
        stays unable to act (nothing is picked on half-read data)."""
        if self.start is not None:
            self.start.load_failed(message)


if TYPE_CHECKING:  # mypy checks that the app keeps the contract its screens rely on
    _HOST: type[WorkspaceHost] = CrisisApp


def run_crisis(store: Store, partial: bool = False) -> None:
    """Run crisis mode on a loaded store (``partial``: only the first screen's records are
    read; the app reads the rest once the list is drawn)."""
    CrisisApp(store, partial).run()
