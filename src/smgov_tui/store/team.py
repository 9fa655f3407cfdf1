"""Crisis mode's team view: push each logged step, best effort, and say what the team has.

This is deliberately small: a plain ``git push`` (never forced) of the current branch to the
first remote, with no prompt for credentials. A push that fails leaves everything as it was;
the next logged step tries again.
"""

from __future__ import annotations

from dataclasses import dataclass

from smgov_tui.i18n import _
from smgov_tui.store.git import Git


@dataclass(frozen=True)
class TeamState:
    """Whether the team (the remote) has our latest commits."""

    remote: str
    """Name of the remote, or empty when the workspace has none."""
    ahead: int = 0
    """Local commits the remote does not have."""
    error: str = ""
    """Why the last push failed (empty when it did not fail)."""

    @property
    def rejected(self) -> bool:
        """True when the remote refused the push because it has commits we lack."""
        return any(word in self.error for word in ("rejected", "fetch first", "non-fast-forward"))

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


def first_remote(git: Git) -> str:
    """The workspace's first remote (origin when present), or ''."""
    result = git.run_full("remote")
    names = result.stdout.split() if result.returncode == 0 else []
    return "origin" if "origin" in names else (names[0] if names else "")


def team_state(git: Git, error: str = "") -> TeamState:
    """How many local commits the remote's copy of our branch lacks."""
    remote = first_remote(git)
    if not remote:
        return TeamState("")
    branch = git.branch()
    ref = f"refs/remotes/{remote}/{branch}"
    known = git.run_full("rev-parse", "--verify", "-q", ref).returncode == 0
    span = f"{ref}..HEAD" if known else "HEAD"
    counted = git.run_full("rev-list", "--count", span)
    ahead = int(counted.stdout.strip() or 0) if counted.returncode == 0 else 0
    return TeamState(remote, ahead, error)


def push(git: Git) -> TeamState:
    """Push the current branch to the first remote (no force, no prompt); the state after."""
    remote = first_remote(git)
    if not remote:
        return TeamState("")
    branch = git.branch()
    sha = git.run("rev-parse", "HEAD").strip()
    result = git.run_full(
        "push", "--quiet", remote, f"{sha}:refs/heads/{branch}", env={"GIT_TERMINAL_PROMPT": "0"}
    )
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        detail = "\n".join(line for line in lines if not line.startswith("hint:"))
        return team_state(git, detail or _("push failed"))
    # the push updates refs/remotes/<remote>/<branch> only when it matches the fetch refspec
    git.run_full("update-ref", f"refs/remotes/{remote}/{branch}", sha)
    return team_state(git)
