"""History of one record: its commits, the diff of each, and revert."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.ui.contracts import record_host
from smgov_tui.ui.present.state import Snapshot
from smgov_tui.ui.widgets.footer import SmgovFooter
from smgov_tui.ui.widgets.history import HistoryView
from smgov_tui.ui.widgets.status_bar import StatusBar


class HistoryScreen(Screen[None]):
    """The commits that touched one record (or the whole workspace)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="back"),
        Binding("backspace", "back", _("Back"), show=False, id="back-alt"),
    ]

    def __init__(self, kind: k.Kind | None, record_id: str | None) -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        """The history view, status bar, footer."""
        yield HistoryView(self.kind, self.record_id, id="history-view")
        yield StatusBar(id="status")
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Read the history of the app's workspace."""
        host = record_host(self)
        snapshot = host.snapshot if host is not None else None
        if snapshot is not None:
            self.query_one(HistoryView).show_snapshot(snapshot)
        self.query_one(HistoryView).table.focus()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """The workspace changed (e.g. after a revert): read the history again."""
        self.query_one(HistoryView).show_snapshot(snapshot)
        self.query_one(StatusBar).show_snapshot(snapshot)

    def action_back(self) -> None:
        """Back to the record (from the filter box: back to the commits first)."""
        if isinstance(self.focused, Input):
            self.query_one(HistoryView).focus_table()
            return
        self.dismiss(None)
