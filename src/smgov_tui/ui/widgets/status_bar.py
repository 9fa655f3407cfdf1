"""The status bar: workspace and branch, who you are, unpushed commits, check errors, and the
team's state that lasts (syncing, a conflict waiting, the last failure, commits to pull)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from smgov_tui.core import clock
from smgov_tui.core.problems import count_problems, count_warnings
from smgov_tui.i18n import _
from smgov_tui.store.syncstate import Failure
from smgov_tui.ui.contracts import record_host
from smgov_tui.ui.present.state import Snapshot

IDS = ("sb-name", "sb-branch", "sb-checks", "sb-unpushed", "sb-sync", "sb-author")
"""The labels, left to right."""


class StatusBar(Horizontal):
    """One line at the bottom of the main screens."""

    def compose(self) -> ComposeResult:
        """One label per fact, so each can take its own theme colour. They are composed with
        the app's current facts: a screen opens with its status line drawn once, not drawn
        blank and then updated label by label."""
        host = record_host(self)
        snapshot = host.snapshot if host is not None else None
        facts = self.facts(snapshot) if snapshot is not None else {}
        self._shown = facts if snapshot is not None else None  # drawn as show_snapshot would
        for widget_id in IDS:
            text, bad = facts.get(widget_id, ("", False))
            if snapshot is None and widget_id == "sb-name":
                text = _("Loading the workspace...")
            label = Static(Text(text), id=widget_id, classes="sb -bad" if bad else "sb")
            hidden_when_empty = widget_id == "sb-sync" or (
                widget_id == "sb-unpushed" and widget_id in facts
            )
            label.display = bool(text) or not hidden_when_empty
            yield label

    _shown: dict[str, tuple[str, bool]] | None = None
    """The facts :meth:`show_snapshot` last put on show."""

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show the facts of ``snapshot`` (nothing to do when they are those on show: a
        record's screen shown again for the next record asks each time)."""
        facts = self.facts(snapshot)
        if facts == self._shown:
            return
        self._shown = facts
        for widget_id, (text, bad) in facts.items():
            widget = self.query_one(f"#{widget_id}", Static)
            widget.update(Text(text))
            widget.set_class(bad, "-bad")
            if widget_id in ("sb-sync", "sb-unpushed"):
                widget.display = bool(text)

    @staticmethod
    def facts(snapshot: Snapshot) -> dict[str, tuple[str, bool]]:
        """Each label's text and whether it says something is wrong, by label id (a label
        not named keeps what it shows)."""
        status = snapshot.status
        if status is None:
            return {"sb-name": (snapshot.store.name, False), "sb-checks": (_("checking..."), False)}
        facts = {
            "sb-name": (status.name, False),
            "sb-branch": (_("branch {branch}").format(branch=status.branch), False),
        }
        if status.operation:
            # HEAD is then a bare sha and @{u} unknown: "branch 1a2b3c, 4 commits, never
            # pushed" would be wrong and alarming; what matters is that saves wait.
            facts["sb-branch"] = (StatusBar._operation_label(status.operation), True)
            facts["sb-unpushed"] = ("", False)
            facts["sb-checks"] = StatusBar._checks_fact(snapshot)
            facts["sb-author"] = StatusBar._author_fact(status.author)
            facts["sb-sync"] = ("", False)
            return facts
        facts["sb-author"] = StatusBar._author_fact(status.author)
        if status.unpushed is None:
            facts["sb-unpushed"] = (_("no remote"), False)
        elif status.has_upstream:
            facts["sb-unpushed"] = (
                _("{count} unpushed").format(count=status.unpushed),
                status.unpushed > 0,
            )
        else:
            facts["sb-unpushed"] = (
                _("{count} commits, never pushed").format(count=status.unpushed),
                status.unpushed > 0,
            )
        facts["sb-sync"] = StatusBar._sync_fact(snapshot)
        if facts["sb-sync"][1] and status.has_upstream and status.unpushed == 0:
            # "0 unpushed" says nothing while the team's state needs the room at 80 columns
            # ("last sync failed 19:13, offline"; the person's name is cut first anyway).
            facts["sb-unpushed"] = ("", False)
        facts["sb-checks"] = StatusBar._checks_fact(snapshot)
        return facts

    @staticmethod
    def _author_fact(author: str) -> tuple[str, bool]:
        """Who signs, or that nobody does."""
        if author:
            return _("you: {author}").format(author=author), False
        return _("no author set: see ? for how"), True

    @staticmethod
    def _checks_fact(snapshot: Snapshot) -> tuple[str, bool]:
        """How many errors and warnings the checks found."""
        if snapshot.errors:
            return count_problems(snapshot.errors, snapshot.warnings), True
        if snapshot.warnings:
            return (
                _("no errors, {warnings}").format(warnings=count_warnings(snapshot.warnings)),
                False,
            )
        return _("no problems"), False

    @staticmethod
    def _operation_label(operation: str) -> str:
        """What git is in the middle of, and that saves wait for it (the save says which
        command ends it)."""
        return {
            "rebase": _("git rebase in progress: saves wait"),
            "merge": _("git merge in progress: saves wait"),
            "cherry-pick": _("git cherry-pick in progress: saves wait"),
            "revert": _("git revert in progress: saves wait"),
            "bisect": _("git bisect in progress: saves wait"),
        }.get(operation, _("HEAD on no branch: saves wait"))

    @staticmethod
    def _when(moment: dt.datetime) -> str:
        """A time of today as ``19:13`` (local), another day as its date."""
        when = moment.astimezone(clock.now().tzinfo)
        return when.strftime("%H:%M") if when.date() == clock.today() else when.strftime("%Y-%m-%d")

    @staticmethod
    def _why(failure: Failure) -> str:
        """Why the last sync failed, in two or three words."""
        return {
            "unreachable": _("offline"),
            "auth": _("credentials refused"),
            "dirty": _("files changed by hand"),
        }.get(failure.status, _("S says why"))

    @staticmethod
    def _sync_fact(snapshot: Snapshot) -> tuple[str, bool]:
        """The team's state that lasts until it changes: syncing, a conflict waiting, the last
        failure, commits to pull (as of the last background fetch), the last sync."""
        status = snapshot.status
        if status is None:
            return "", False
        if status.syncing:
            return _("syncing..."), False
        parts = []
        bad = False
        if status.conflict:
            parts.append(_("conflict waiting: S"))
            bad = True
        failure = status.failure
        if failure is not None:
            bad = True
            if failure.during == "fetch" and failure.status == "unreachable":
                parts.append(_("offline since {when}").format(when=StatusBar._when(failure.at)))
            else:
                parts.append(
                    _("last sync failed {when}, {why}").format(
                        when=StatusBar._when(failure.at), why=StatusBar._why(failure)
                    )
                )
        if status.behind:
            parts.append(_("{count} to pull").format(count=status.behind))
            bad = True
        if failure is None and not status.conflict and not status.behind:
            if status.last_sync is not None:
                parts.append(_("synced {when}").format(when=StatusBar._when(status.last_sync)))
            elif status.unpushed is not None:
                parts.append(_("never synced"))
        return " · ".join(parts), bad
