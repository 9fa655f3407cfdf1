"""Crisis mode's team view: push each logged step, best effort, and say what the team has.

This is deliberately small: a plain ``git push`` (never forced) of the current branch to the
remote that sync uses too (``store.remote`` decides which), with no prompt for credentials. A
push that fails leaves everything as it was; the next logged step tries again.
"""

from __future__ import annotations

from dataclasses import dataclass

from smgov_tui.i18n import _, ngettext
from smgov_tui.store.git import Git
from smgov_tui.store.remote import find_target, standing
from smgov_tui.store.remote import push as push_branch


@dataclass(frozen=True)
class TeamState:
    """Whether the team (the remote) has our latest commits."""

    remote: str
    """Name of the remote, or empty when the workspace has none."""
    ahead: int = 0
    """Local commits the remote does not have."""
    error: str = ""
    """Why the last push failed (empty when it did not fail)."""
    rejected: bool = False
    """True when the remote refused the push because it has commits we lack."""

    @property
    def label(self) -> str:
        """Where the log is, in plain words: ``team: teammates see this log``, ``team: 2
        changes only on this computer: sync to share``, ``team: only on this computer (no shared
        copy): teammates cannot see this log``..."""
        if not self.remote:
            return _("team: only on this computer (no shared copy): teammates cannot see this log")
        here = ngettext(
            "{n} change only on this computer", "{n} changes only on this computer", self.ahead
        ).format(n=self.ahead)
        if self.error and self.rejected:
            return _("team: a teammate saved changes too; {here}: sync to share").format(here=here)
        if self.error:
            return _("team: offline; {here}: sync to share").format(here=here)
        if self.ahead:
            return _("team: {here}: sending…").format(here=here)
        return _("team: up to date: teammates see this log")


def team_state(git: Git, error: str = "", rejected: bool = False) -> TeamState:
    """How many local commits the remote's copy of our branch lacks."""
    now = standing(git)
    if now.target.remote is None:
        return TeamState("")
    return TeamState(now.target.remote, now.ahead, error, rejected)


def push(git: Git) -> TeamState:
    """Push the current branch to its remote (no force, no prompt); the state after."""
    where = find_target(git)
    if where.remote is None:
        return TeamState("")
    pushed = push_branch(git, where)
    if pushed.failed:
        return team_state(git, pushed.said or _("push failed"), pushed.moved)
    return team_state(git)
