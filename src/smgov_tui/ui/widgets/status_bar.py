"""The status bar: workspace and branch, who you are, unpushed commits, check errors."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from smgov_tui.core import clock
from smgov_tui.core.problems import count_problems, count_warnings
from smgov_tui.i18n import _
from smgov_tui.ui.state import Snapshot


class StatusBar(Horizontal):
    """One line at the bottom of the main screens."""

    def compose(self) -> ComposeResult:
        """One label per fact, so each can take its own theme colour."""
        yield Static(Text(_("Loading the workspace...")), id="sb-name", classes="sb")
        yield Static(Text(""), id="sb-branch", classes="sb")
        yield Static(Text(""), id="sb-checks", classes="sb")
        yield Static(Text(""), id="sb-unpushed", classes="sb")
        yield Static(Text(""), id="sb-sync", classes="sb")
        yield Static(Text(""), id="sb-author", classes="sb")

    def on_mount(self) -> None:
        """Show the app's current snapshot, if it has one already."""
        snapshot = getattr(self.app, "snapshot", None)
        if snapshot is not None:
            self.show_snapshot(snapshot)

    def _set(self, widget_id: str, text: str, bad: bool = False) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(Text(text))
        widget.set_class(bad, "-bad")

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show the facts of ``snapshot``."""
        status = snapshot.status
        if status is None:
            self._set("sb-name", snapshot.store.name)
            self._set("sb-checks", _("checking..."))
            return
        self._set("sb-name", status.name)
        self._set("sb-branch", _("branch {branch}").format(branch=status.branch))
        if status.author:
            self._set("sb-author", _("you: {author}").format(author=status.author))
        else:
            self._set("sb-author", _("no author set: see ? for how"), bad=True)
        if status.unpushed is None:
            self._set("sb-unpushed", _("no remote"))
        elif status.has_upstream:
            self._set(
                "sb-unpushed",
                _("{count} unpushed").format(count=status.unpushed),
                bad=status.unpushed > 0,
            )
        else:
            self._set(
                "sb-unpushed",
                _("{count} commits, never pushed").format(count=status.unpushed),
                bad=status.unpushed > 0,
            )
        self._show_sync(snapshot)
        if snapshot.errors:
            self._set(
                "sb-checks",
                count_problems(snapshot.errors, snapshot.warnings),
                bad=True,
            )
        elif snapshot.warnings:
            self._set(
                "sb-checks",
                _("no errors, {warnings}").format(warnings=count_warnings(snapshot.warnings)),
            )
        else:
            self._set("sb-checks", _("no problems"))

    def _show_sync(self, snapshot: Snapshot) -> None:
        """Commits to pull and the last successful sync (team sync)."""
        status = snapshot.status
        if status is None:
            return
        parts = []
        if status.behind:
            parts.append(_("{count} to pull").format(count=status.behind))
        if status.last_sync is not None:
            when = status.last_sync.astimezone(clock.now().tzinfo)
            shown = (
                when.strftime("%H:%M")
                if when.date() == clock.today()
                else when.strftime("%Y-%m-%d")
            )
            parts.append(_("synced {when}").format(when=shown))
        elif status.unpushed is not None:
            parts.append(_("never synced"))
        self._set("sb-sync", " · ".join(parts), bad=status.behind > 0)
        self.query_one("#sb-sync", Static).display = bool(parts)
