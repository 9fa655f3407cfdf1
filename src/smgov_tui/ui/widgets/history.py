"""History of one record or of the whole workspace: commits, the coloured diff, and revert.

The commits can be filtered by text, kind and author; the crisis log steps (one commit per
step of an incident) are hidden until ``i`` shows them; dates are in local time with the zone
(``ui/present/history_filter.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.errors import StoreError
from smgov_tui.store.git import Commit
from smgov_tui.store.incidents import workspace_tz
from smgov_tui.store.store import Store
from smgov_tui.ui.contracts import workspace_host
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.present.diff import DiffStyles, diff_text
from smgov_tui.ui.present.history_filter import HistoryFilter
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
        Binding("i", "toggle_crisis_log", _("Crisis log"), id="history.crisis-log"),
        Binding("slash", "focus_filter", _("Filter"), id="history.filter"),
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
        self._listed_once = False
        self.all_commits: list[Commit] = []
        """Every commit read, newest first; ``commits`` holds those the filter lists."""
        self.filter = HistoryFilter(crisis_log=kind is k.INCIDENTS)
        """What is listed: an incident's own history shows its log; elsewhere it is hidden."""
        self.stale = False
        """A workspace came while this history was hidden: it is read once it is on show."""

    def on_mount(self) -> None:
        """Recolour the diff on screen when the user picks another theme."""
        # the signal comes after the app has recomputed its theme variables
        self.app.theme_changed_signal.subscribe(self, self._recolour)

    def _recolour(self, _theme: object) -> None:
        if self.shown_patch is not None:
            self._show_diff(*self.shown_patch)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys only while this history is on show (not from a section just hidden)."""
        return bool(self.display)

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
        with Horizontal(classes="history-filters"):
            yield Input(
                placeholder=_("Find in messages and authors (/)"),
                id="history-text",
                compact=True,
            )
            if self.kind is None:
                yield Select(
                    [(Text(kind.label), kind.name) for kind in k.ALL_KINDS],
                    prompt=_("Every kind"),
                    id="history-kind",
                    compact=True,
                )
            yield Select[str]([], prompt=_("Every author"), id="history-author", compact=True)
        yield Static("", classes="history-shown", markup=False)
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
        """(Re)read the history from the workspace's repository, once it is on show.

        A hidden History section (the main screen's, behind the other sections) reads nothing:
        reading the log and drawing the newest commit's patch (the sample's first commit is
        every file) cost about a fifth of the app's start-up, and again after each save, for
        a section nobody was looking at."""
        self.store = snapshot.store
        self.tz = workspace_tz(snapshot.store)
        if self.display:
            self.stale = False
            self.load_commits()
        else:
            self.stale = True

    def on_show(self, event: events.Show) -> None:
        """On show again (its section picked): read what came while it was hidden."""
        if self.stale:
            self.stale = False
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
        newest = event.commits[0].sha if event.commits else None
        # New commits (a save, a revert, a sync moved HEAD): show the newest, at the top;
        # the same commits read again: keep the one being read.
        keep = self.current_sha if newest == self._newest else None
        self._newest = newest
        self.all_commits = event.commits
        self._refresh_authors()
        self._list(keep)

    def _refresh_authors(self) -> None:
        authors = sorted({c.author for c in self.all_commits}, key=str.casefold)
        select = self.query_one("#history-author", Select)
        chosen = select.value
        with select.prevent(Select.Changed):
            select.set_options([(Text(name), name) for name in authors])
            if chosen in authors:
                select.value = chosen

    def _list(self, keep: str | None) -> None:
        """Fill the table with the commits the filter keeps; keep the cursor on ``keep``."""
        table = self.table
        table.clear()
        listed = [c for c in self.all_commits if self.filter.keeps(c)]
        self.commits = {c.sha: c for c in listed}
        for commit in listed:
            table.add_row(
                Text(short_date(commit.date, self.tz)),
                Text(commit.author),
                Text(commit.subject),
                key=commit.sha,
            )
        table.loading = False
        self._say_shown(len(listed))
        focused = self.app.focused
        first = not self._listed_once
        self._listed_once = True
        if (
            focused is None
            or focused in self.query(".diff-scroll")
            or (first and focused is self.query_one("#history-text", Input))
        ):
            # The table could not take the focus while it was loading (the filter box above it
            # took it): up/down must move in the commits (what v reverts), never scroll the diff
            # or type into the filter unasked.
            table.focus()
        if not listed:
            self.shown_patch = None
            self.current_sha = None
            empty = _("No commits yet.") if not self.all_commits else _("No commit matches.")
            self.query_one(".diff", Static).update(Text(empty, style="italic"))
            return
        if keep in self.commits:
            table.move_cursor(row=table.get_row_index(keep))
        else:
            table.move_cursor(row=0)
            table.scroll_home(animate=False)
            self._load_for(listed[0].sha)

    def _say_shown(self, listed: int) -> None:
        """One line: how many commits are listed, and whether the crisis log is hidden."""
        total = len(self.all_commits)
        if self.filter.crisis_log:
            text = ngettext(
                "{listed} of {total} commit listed; i hides the crisis log.",
                "{listed} of {total} commits listed; i hides the crisis log.",
                total,
            )
        else:
            text = ngettext(
                "{listed} of {total} commit listed; crisis log hidden (i shows it).",
                "{listed} of {total} commits listed; crisis log hidden (i shows it).",
                total,
            )
        line = text.format(listed=listed, total=total)
        self.query_one(".history-shown", Static).update(Text(line))

    @on(Input.Changed, "#history-text")
    @on(Select.Changed, "#history-kind")
    @on(Select.Changed, "#history-author")
    def _filter_changed(self, event: Input.Changed | Select.Changed) -> None:
        event.stop()
        kind = self.query("#history-kind").first(Select).value if self.kind is None else ""
        author = self.query_one("#history-author", Select).value
        self.filter = HistoryFilter(
            text=self.query_one("#history-text", Input).value,
            kind=kind if isinstance(kind, str) else "",
            author=author if isinstance(author, str) else "",
            crisis_log=self.filter.crisis_log,
        )
        self._list(self.current_sha)

    @on(Input.Submitted, "#history-text")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_toggle_crisis_log(self) -> None:
        """Show or hide the crisis log steps."""
        self.filter = HistoryFilter(
            self.filter.text, self.filter.kind, self.filter.author, not self.filter.crisis_log
        )
        self._list(self.current_sha)

    def focus_table(self) -> None:
        """Focus the commits (up/down move in them, v reverts the highlighted one)."""
        self.table.focus()

    def action_focus_filter(self) -> None:
        """Type to find a commit."""
        self.query_one("#history-text", Input).focus()

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
