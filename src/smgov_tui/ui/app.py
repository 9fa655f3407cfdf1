"""The Textual application: assembles the screens, loads the workspace in a worker."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.filter import LineFilter
from textual.message import Message
from textual.screen import Screen

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.errors import NotAWorkspace, StoreError
from smgov_tui.store.mergeconfig import ForeignMergeDriver, ensure_merge_driver
from smgov_tui.store.pending import Uncommitted
from smgov_tui.store.store import Store
from smgov_tui.ui.contracts import HasViews, HoldsEdits, Loaded, RecordHost, SnapshotView
from smgov_tui.ui.controllers.actions import RecordActions
from smgov_tui.ui.controllers.commands import SmgovCommands
from smgov_tui.ui.controllers.sync_ui import SyncController
from smgov_tui.ui.inert import INERT
from smgov_tui.ui.present.listing import build_all
from smgov_tui.ui.present.state import Snapshot, build_snapshot
from smgov_tui.ui.textual_internals import freeze_loaded_workspace, tune_switch_interval
from smgov_tui.ui.textual_text import (
    palette_key_description,
    palette_key_tooltip,
    palette_placeholder,
    translate_system_command,
)
from smgov_tui.ui.theme import remember_theme

if TYPE_CHECKING:
    from smgov_tui.ui.screens.record import RecordScreen


def import_record_screen() -> None:
    """Import the record's detail screen once the first screen is painted, not on the first
    Enter: its module (and the detail's) took about 5 ms of the first record's opening, which
    cost twice the next ones (20 ms, then 9.5). The first screen does not wait for it: it is
    imported lazily so that the list shows sooner."""
    import smgov_tui.ui.screens.record  # noqa: F401  # loaded for later, nothing used here


def unexpected(error: BaseException) -> str:
    """One sentence for a failure nobody foresaw while reading the workspace."""
    return _(
        "The workspace could not be read ({error}); run smgov check in a terminal to see "
        "which file causes it."
    ).format(error=f"{type(error).__name__}: {error}")


class SmgovApp(RecordActions):
    """Browse, search, edit and review a workspace."""

    TITLE = "smgov"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {SmgovCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (Textual's own type)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", _("Quit"), id="quit"),
        Binding("question_mark", "help", _("Help"), id="help"),
        Binding("C", "crisis", _("Crisis"), id="crisis"),
        Binding("S", "sync", _("Sync"), id="sync", show=False),
        Binding("R", "reload", _("Reload"), id="reload", show=False),
        Binding("x", "export_handbook('html')", _("Export handbook"), id="export", show=False),
        # Textual's own palette key, declared here so that its footer label is translated.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            palette_key_description(),
            show=False,
            priority=True,
            tooltip=palette_key_tooltip(),
            id="palette",
        ),
    ]

    @dataclass
    class LoadFailed(Message):
        """The folder could not be opened as a workspace."""

        error: str
        not_workspace: bool

    @dataclass
    class UncommittedFound(Message):
        """Saves smgov wrote and was stopped before committing: offer to settle them."""

        found: list[Uncommitted]

    tune_interpreter: ClassVar[bool] = True
    """Tune the garbage collector and the GIL for drawing (process-wide, see
    :mod:`~smgov_tui.ui.textual_internals`). A test process that runs hundreds of apps turns it
    off: there each full collection would pass over the whole test session's heap."""

    def __init__(self, root: Path, author: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.author_flag = author
        self.store: Store | None = None
        """The workspace's store, once loaded (None before, or when the folder is not one)."""
        self.snapshot: Snapshot | None = None
        """The latest lists, check findings and status, built in a worker."""
        self.syncer = SyncController(self, self)
        """Team sync: the S key, sync after every save, changes made from outside."""
        self._first_paint = threading.Event()
        self.quitting = False
        """The app was asked to exit: input is ignored from then on (see :meth:`on_event`)."""
        self._record_screens: dict[str, RecordScreen] = {}
        """One detail screen per kind, composed once and shown again for the next record of
        its kind (see :meth:`open_record`)."""

    def on_mount(self) -> None:
        """Show the main screen at once; the data follows from a worker."""
        from smgov_tui.ui.screens.main import MainScreen

        if self.tune_interpreter:
            tune_switch_interval()  # a save's commit is not held back by drawing (measured)
        remember_theme(self, self.syncer.settings.theme)
        self.push_screen(MainScreen())
        self.load_workspace()
        self.syncer.watch()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then :data:`~smgov_tui.ui.inert.INERT`: no control character
        from a record or a file reaches the terminal."""
        return [*super().get_line_filters(), INERT]

    def get_screen(self, screen: Any) -> Any:  # type: ignore[override]  # (overloads)
        """Textual's lookup; a screen about to be shown first gets its width classes.

        Textual adds the breakpoint classes (``-narrow``/``-wide``) when the new screen gets its
        first Resize, which restyles every widget on it a second time; set now, they are right
        from the first styling.
        """
        found = super().get_screen(screen)
        if isinstance(found, Screen) and not found.is_running:
            breakpoints = (
                self.HORIZONTAL_BREAKPOINTS
                if found.HORIZONTAL_BREAKPOINTS is None
                else found.HORIZONTAL_BREAKPOINTS
            ) or []
            width = self.size.width
            chosen = [name for least, name in sorted(breakpoints) if width >= least][-1:]
            for _least, name in breakpoints:
                found.set_class(name in chosen, name, update=False)
        return found

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_workspace(self) -> None:
        """Open and read the workspace and show its lists; then check it (in a worker).

        The lists come first: checking thousands of records takes longer than reading them,
        and nobody should wait for the Health section to see the accounts.
        """
        try:
            store = self.store or Store.open(self.root, self.author_flag)
            self._recover_interrupted_sync(store)
            store.load()
            lists = build_all(store.data, None)
        except NotAWorkspace as error:
            self.post_message(self.LoadFailed(str(error), True))
            return
        except StoreError as error:
            self.post_message(self.LoadFailed(str(error), False))
            return
        except Exception as error:
            # A worker that dies silently leaves "Loading the workspace..." on screen for
            # ever: whatever went wrong, say it.
            self.post_message(self.LoadFailed(unexpected(error), False))
            return
        self._first_paint.clear()
        self.post_message(Loaded(Snapshot(store, lists, [], None)))
        # Checking competes with the UI thread for the interpreter: let the lists paint first.
        self._first_paint.wait(timeout=2.0)
        try:
            checked = build_snapshot(store, lists)
        except Exception as error:  # the lists stay; the failure is shown
            self.call_from_thread(self.notify, unexpected(error), severity="error", markup=False)
            return
        self.post_message(Loaded(checked, loaded=True))
        # Opened for work (once everything is shown): smgov's merge driver and pull.rebase, so
        # that a plain git pull merges records too. A driver smgov must not replace (brought
        # by an [include]) is said now: git would run it on the next plain git pull. A
        # read-only repository is reported by sync, where it matters; browsing goes on.
        try:
            ensure_merge_driver(store.root, store.git)
        except ForeignMergeDriver as error:
            self.call_from_thread(
                self.notify, str(error), severity="warning", timeout=20, markup=False
            )
        except (OSError, StoreError):
            pass  # read-only: sync says so when it is asked to write
        # Without a journal left by a stopped save (the usual case) this runs no git process.
        found = store.uncommitted(by_smgov_only=True)
        if found:
            self.post_message(self.UncommittedFound(found))
        else:
            store.forget_settled()  # journals of saves committed or put back since

    def _recover_interrupted_sync(self, store: Store) -> None:
        """Undo a killed ``smgov sync`` before anything can be saved (in the loading worker);
        say what was done. If it cannot be undone, saves stay refused with the reason."""
        try:
            recovered = store.recover_interrupted()
        except StoreError as error:
            self.call_from_thread(
                self.notify, str(error), severity="warning", timeout=15, markup=False
            )
            return
        if recovered:
            self.call_from_thread(self.notify, recovered, timeout=10, markup=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def refresh_data(self) -> None:
        """Rebuild the lists, checks and status from ``store.data`` after a change (in a worker)."""
        store = self.store
        if store is None:
            return
        try:
            snapshot = build_snapshot(store)
        except Exception as error:  # shown rather than lost with the worker
            self.call_from_thread(self.notify, unexpected(error), severity="error", markup=False)
            return
        self.post_message(Loaded(snapshot))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.store = event.snapshot.store
        self.snapshot = event.snapshot
        if not event.snapshot.checked:
            self.call_after_refresh(self._first_paint.set)
        self.sub_title = event.snapshot.store.name
        for screen in self.screen_stack:
            if isinstance(screen, SnapshotView):
                screen.show_snapshot(event.snapshot)
        if event.loaded:
            self.call_after_refresh(import_record_screen)
        if event.loaded and self.tune_interpreter:
            # The workspace just read lives as long as the app: no garbage collector pauses
            # over its thousands of records while someone types or saves (measured). Once the
            # rows are painted: its one full pass took 0.36 s at 50,000 accounts, on screen.
            self.call_after_refresh(freeze_loaded_workspace)

    @on(UncommittedFound)
    def _offer_to_settle(self, event: UncommittedFound) -> None:
        from smgov_tui.ui.modals.uncommitted import UncommittedModal

        store = self.store
        if store is None or isinstance(self.screen, UncommittedModal):
            return

        def settled(done: str | None) -> None:
            if done is not None:
                self.notify(done, markup=False)
                self.refresh_data()
                return
            # Later: nothing else in the app shows the change, so say where it stays and
            # when it comes back.
            self.notify(
                _(
                    "Not committed yet: {paths}. smgov offers it again the next time the "
                    "workspace is opened, and smgov check names it."
                ).format(paths=", ".join(item.path for item in event.found)),
                severity="warning",
                timeout=12,
                markup=False,
            )

        self.push_screen(UncommittedModal(store, event.found), settled)

    @on(LoadFailed)
    def _load_failed(self, event: LoadFailed) -> None:
        from smgov_tui.ui.screens.not_workspace import NotWorkspaceScreen

        self.switch_screen(NotWorkspaceScreen(self.root, event.error, event.not_workspace))

    # --- navigation ----------------------------------------------------------------------

    def open_record(self, kind: k.Kind | str, record_id: str | None = None) -> None:
        """Show the detail of a record (a single-file kind needs no id)."""
        from smgov_tui.ui.screens.record import RecordScreen

        kind = k.KINDS_BY_NAME[kind] if isinstance(kind, str) else kind
        record_id = record_id or kind.single_id
        if self.snapshot is None or self.snapshot.store.data.entry(kind, record_id) is None:
            self.notify(
                _("{kind} {id} does not exist.").format(kind=kind.label, id=record_id),
                severity="warning",
                markup=False,
            )
            return
        # One detail screen per kind, composed once: the next record of the kind is shown in
        # it (built from the snapshot of now, so never stale) instead of composing a new
        # screen. A screen of the kind already in the stack (a link followed from a record
        # back to its kind) is a new one, not kept.
        cached = self._record_screens.get(kind.name)
        if cached is not None and cached not in self.screen_stack:
            cached.show_record(record_id)
            self.push_screen(cached)
            return
        screen = RecordScreen(kind, record_id)
        if cached is None:
            self._record_screens[kind.name] = screen
            self.install_screen(screen, name=f"smgov-record-{kind.name}")
        self.push_screen(screen)

    def open_section(self, section_id: str) -> None:
        """Go back to the main screen and show one of its sections."""
        from smgov_tui.ui.screens.main import MainScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, MainScreen):
            self.pop_screen()
        if isinstance(self.screen, MainScreen):
            self.screen.show_section(section_id)

    # --- app-wide actions ----------------------------------------------------------------

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Exit; from now on keys and clicks do nothing (see :meth:`on_event`).

        While the main screen is still mounting its other sections' views (the moment the
        list first shows), the exit waits for them: Textual's own widgets (a Select) stop
        the app with a traceback when they are taken down halfway through mounting."""
        self.quitting = True
        mounting = next(
            (
                waiting
                for screen in self.screen_stack
                if isinstance(screen, HasViews) and (waiting := screen.views_mounting())
            ),
            None,
        )
        if mounting is None:
            super().exit(result, return_code, message)
            return

        async def once_mounted() -> None:
            await mounting
            App.exit(self, result, return_code, message)

        self.call_later(once_mounted)

    async def on_event(self, event: events.Event) -> None:
        """Textual's dispatch, except that keys and clicks are dropped once the app is
        quitting: a screen opened then (the letters typed after a "q", say "quick") would
        mount without its widgets while the app closes, and stop it with a traceback."""
        if self.quitting and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    async def action_quit(self) -> None:
        """Quit; when a form holds unsaved edits, ask first (they would be lost)."""
        unsaved = [
            screen
            for screen in self.screen_stack
            if isinstance(screen, HoldsEdits) and screen.has_unsaved_changes()
        ]
        if not unsaved:
            self.exit()
            return
        from smgov_tui.ui.modals.confirm import ConfirmModal

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            ConfirmModal(
                _("Quit without saving?"),
                _("A form has changes that are not saved. Quit and lose them?"),
            ),
            answered,
        )

    def action_command_palette(self) -> None:
        """Textual's command palette, its prompt in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(id="--command-palette", placeholder=palette_placeholder())
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands (theme, keys, screenshot...), translated."""
        for command in super().get_system_commands(screen):
            yield translate_system_command(command)

    def action_help(self) -> None:
        """Show the keys."""
        from smgov_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_reload(self) -> None:
        """Read the workspace from disk again."""
        self.notify(_("Reloading the workspace..."), timeout=2)
        self.load_workspace()

    def action_export_handbook(self, fmt: str = "html") -> None:
        """Write the governance handbook (html or md) to the downloads folder."""
        from smgov_tui.ui.controllers.export_action import start_export

        start_export(self, self.store, fmt)

    def action_crisis(self) -> None:
        """Crisis mode: walk through a playbook step by step."""
        from smgov_tui.ui.screens.crisis.start import CrisisStartScreen

        if self.store is None:
            self.notify(_("The workspace is still loading."), severity="warning")
            return
        self.push_screen(CrisisStartScreen(self.store))

    def action_sync(self) -> None:
        """Share changes with the team (fetch, integrate, push) in a worker."""
        self.syncer.sync_now()

    @property
    def sync_after_save(self) -> bool:
        """Whether "sync after every save" is on (the palette names the opposite)."""
        return self.syncer.settings.sync_after_save

    def action_toggle_autosync(self) -> None:
        """Turn "sync after every save" on or off."""
        self.syncer.toggle_autosync()


if TYPE_CHECKING:  # mypy checks that the app keeps the contract its screens rely on
    _HOST: type[RecordHost] = SmgovApp


def run_app(root: Path, author: str | None = None) -> None:
    """Run the app on the workspace at ``root``; exit non-zero when it could not be opened."""
    app = SmgovApp(root, author)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
