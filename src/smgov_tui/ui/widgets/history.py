"""History of one record or of the whole workspace: commits, the coloured diff, and revert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.git import Commit
from smgov_tui.store.incidents import workspace_tz
from smgov_tui.store.store import Store
from smgov_tui.ui.contracts import workspace_host
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.present.diff import DiffStyles, diff_text
from smgov_tui.ui.present.state import Snapshot


def short_date(iso: str, tz: dt.tzinfo | None = None) -> str:
    """``2026-11-22T10:00:00+01:00`` -> ``2026-11-22 10:00 CET``: in the workspace's time zone
    ``tz`` and saying which, as crisis mode shows its times (the commit's own offset was shown
    before, UTC for anyone whose machine runs on UTC, without saying so)."""
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso[:16].replace("T", " ")
    if tz is not None:
        when = when.astimezone(tz)
    return when.strftime("%Y-%m-%d %H:%M %Z").strip()


class HistoryView(Vertical):
    """Commits (newest first) above the diff of the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "revert", _("Revert commit"), id="revert"),
        # As in the lists: the keys of less, vim, lazygit and k9s.
        Binding("j", "move(1)", _("Down"), show=False),
        Binding("k", "move(-1)", _("Up"), show=False),
        Binding("g", "edge(0)", _("First row"), show=False),
        Binding("G", "edge(1)", _("Last row"), show=False),
    ]

    @dataclass
    class CommitsLoaded(Message):
        """The list of commits was read."""

        commits: list[Commit]

    @dataclass
    class DiffLoaded(Message):
        """The patch of one commit was read."""

        sha: str
        patch: str

    @dataclass
    class Reverted(Message):
        """A commit was reverted (``subject`` is the new commit's), or failed (``error``)."""

        subject: str
        error: str = ""

    def __init__(
        self, kind: k.Kind | None, record_id: str | None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="history")
        self.kind = kind
        self.record_id = record_id
        self.store: Store | None = None
        self.tz: dt.tzinfo | None = None
        """The workspace's time zone: every date is shown in it, with its name."""
        self.commits: dict[str, Commit] = {}
        self.current_sha: str | None = None
        self._newest: str | None = None
        """The newest commit when the list was last read (new commits move the cursor up)."""
        self.shown_patch: tuple[str, str] | None = None
        """(sha, patch) of the diff on screen, to colour it again when the theme changes."""

    def on_mount(self) -> None:
        """Recolour the diff on screen when the user picks another theme."""
        # the signal comes after the app has recomputed its theme variables
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    def _recolour(self, _theme: object) -> None:
        if self.shown_patch is not None:
            self._show_diff(*self.shown_patch)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Revert only while this history is on show (not from a section just hidden)."""
        return action != "revert" or self.display

    @property
    def path(self) -> str | None:
        """The record's file, or None for the whole workspace."""
        if self.kind is None:
            return None
        return self.kind.path_for(self.record_id or self.kind.single_id)

    def compose(self) -> ComposeResult:
        """Title, commits, diff."""
        title = (
            _("History of {path}").format(path=self.path)
            if self.path
            else _("History of the whole workspace")
        )
        yield Static(Text(title), classes="history-title")
        table: DataTable[Text] = DataTable(cursor_type="row", classes="commits")
        table.add_column(Text(_("Date")), key="date", width=22)
        table.add_column(Text(_("Author")), key="author", width=20)
        table.add_column(Text(_("Message")), key="message")
        table.loading = True
        yield table
        with VerticalScroll(classes="diff-scroll"):
            yield Static(Text(""), classes="diff")

    @property
    def table(self) -> DataTable[Text]:
        """The commits table."""
        return self.query_one(".commits", DataTable)

    def action_move(self, delta: int) -> None:
        """``j``/``k``: one commit down or up."""
        table = self.table
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def action_edge(self, end: int) -> None:
        """``g``/``G``: the newest or the oldest commit."""
        table = self.table
        if table.row_count:
            table.move_cursor(row=table.row_count - 1 if end else 0)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """(Re)read the history from the workspace's repository."""
        self.store = snapshot.store
        self.tz = workspace_tz(snapshot.store)
        self.load_commits()

    @work(thread=True, exclusive=True, exit_on_error=False, group="history-log")
    def load_commits(self) -> None:
        """Read the commits (in a worker: runs git)."""
        store = self.store
        if store is None:
            return
        commits = store.history(self.kind, self.record_id) if self.kind else store.history()
        self.post_message(self.CommitsLoaded(commits))

    @on(CommitsLoaded)
    def _commits_loaded(self, event: CommitsLoaded) -> None:
        event.stop()
        table = self.table
        newest = event.commits[0].sha if event.commits else None
        # New commits (a save, a revert, a sync moved HEAD): show the newest, at the top;
        # the same commits read again: keep the one being read.
        keep = self.current_sha if newest == self._newest else None
        self._newest = newest
        table.clear()
        self.commits = {c.sha: c for c in event.commits}
        for commit in event.commits:
            table.add_row(
                Text(short_date(commit.date, self.tz)),
                Text(commit.author),
                Text(commit.subject),
                key=commit.sha,
            )
        table.loading = False
        focused = self.app.focused
        if focused is None or focused in self.query(".diff-scroll"):
            # The table could not take the focus while it was loading: up/down must move in the
            # commits (what v reverts), never scroll the diff unasked.
            table.focus()
        if not event.commits:
            self.shown_patch = None
            self.query_one(".diff", Static).update(Text(_("No commits yet."), style="italic"))
            return
        if keep in self.commits:
            table.move_cursor(row=table.get_row_index(keep))
        else:
            table.move_cursor(row=0)
            table.scroll_home(animate=False)
            self._load_for(event.commits[0].sha)

    @on(DataTable.RowHighlighted, ".commits")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self._load_for(event.row_key.value)

    @on(DataTable.RowSelected, ".commits")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.query_one(".diff-scroll").focus()

    def _load_for(self, sha: str) -> None:
        self.current_sha = sha
        self.load_diff(sha)

    @work(thread=True, exclusive=True, exit_on_error=False, group="history-diff")
    def load_diff(self, sha: str) -> None:
        """Read one commit's patch (in a worker: runs git)."""
        store = self.store
        if store is None:
            return
        try:
            patch = store.diff(sha, self.path) if self.path else store.diff(sha)
            if self.path and not patch.strip():
                patch = store.diff(sha)  # before a rename the file had another name
        except StoreError as error:
            patch = str(error)
        self.post_message(self.DiffLoaded(sha, patch))

    @on(DiffLoaded)
    def _diff_loaded(self, event: DiffLoaded) -> None:
        event.stop()
        if event.sha != self.current_sha:
            return
        self._show_diff(event.sha, event.patch)
        self.query_one(".diff-scroll", VerticalScroll).scroll_home(animate=False)

    def _show_diff(self, sha: str, patch: str) -> None:
        """Show the commit's header and its patch, coloured from the current theme."""
        self.shown_patch = (sha, patch)
        commit = self.commits.get(sha)
        variables = self.app.theme_variables
        styles = DiffStyles(
            added=variables.get("text-success", "green"),
            removed=variables.get("text-error", "red"),
            hunk=variables.get("text-accent", "cyan"),
            meta="bold",
        )
        head = Text()
        if commit is not None:
            head.append(commit.subject + "\n", "bold")
            head.append(
                _("{author} <{email}>, {date}, commit {sha}").format(
                    author=commit.author,
                    email=commit.email,
                    date=short_date(commit.date, self.tz),
                    sha=commit.sha[:10],
                )
                + "\n\n",
                "italic",
            )
        self.query_one(".diff", Static).update(head + diff_text(patch, styles))

    def action_revert(self) -> None:
        """Ask, then undo the highlighted commit with a new commit."""
        sha = self.current_sha
        commit = self.commits.get(sha or "")
        if commit is None:
            self.app.notify(_("No commit to revert."), severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.revert(commit.sha)

        self.app.push_screen(
            ConfirmModal(
                _("Revert this commit?"),
                _('A new commit will undo "{subject}" by {author} ({date}, commit {sha}).').format(
                    subject=commit.subject,
                    author=commit.author,
                    date=short_date(commit.date, self.tz),
                    sha=commit.sha[:10],
                ),
            ),
            answered,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="history-revert")
    def revert(self, sha: str) -> None:
        """Undo ``sha`` with a new commit (in a worker: runs git)."""
        store = self.store
        if store is None:
            return
        try:
            subject = store.revert(sha)
        except (StoreError, ValueError) as error:
            self.post_message(self.Reverted("", str(error)))
            return
        self.post_message(self.Reverted(subject))

    @on(Reverted)
    def _reverted(self, event: Reverted) -> None:
        event.stop()
        if event.error:
            self.app.notify(event.error, title=_("Not reverted"), severity="error", markup=False)
            return
        self.app.notify(_("Saved: {message}").format(message=event.subject), markup=False)
        self.current_sha = None
        host = workspace_host(self)
        if host is not None:
            host.refresh_data()
        self.load_commits()
