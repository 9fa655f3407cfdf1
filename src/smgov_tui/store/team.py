"""Crisis mode's team view: push each logged step, best effort, and say what the team has.

This is deliberately small: a plain ``git push`` (never forced) of the current branch to the
remote that sync uses too (``store.remote`` decides which), with no prompt for credentials. A
push that fails leaves everything as it was; the next logged step tries again.
"""

from __future__ import annotations

from dataclasses import dataclass

from smgov_tui.i18n import _
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
        """``team: up to date``, ``team: 3 steps not pushed``, ``team: offline (…)``, or ''."""
        if not self.remote:
            return _("team: no remote")
        if self.error and self.rejected:
            return _("team: has newer changes, sync first; {n} not pushed").format(n=self.ahead)
        if self.error:
            return _("team: offline, {n} not pushed").format(n=self.ahead)
        if self.ahead:
            return _("team: {n} not pushed yet").format(n=self.ahead)
        return _("team: up to date")


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
