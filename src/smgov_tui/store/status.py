"""What the status bar says about a workspace: branch, author, unpushed commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.store import Store
from smgov_tui.store.sync import last_sync


@dataclass(frozen=True)
class WorkspaceStatus:
    """A snapshot of the workspace's git state and author."""

    name: str
    """The organisation's name (never a path, so screenshots do not change from run to run)."""
    branch: str
    """Current branch, or a short sha when detached."""
    author: str
    """``Name <email>`` of the person signing commits, or empty when none is configured."""
    author_problem: str
    """Why there is no author and how to set one, when ``author`` is empty."""
    unpushed: int | None
    """Commits not on the remote yet; None when there is no remote."""
    has_upstream: bool
    """True when the branch tracks a remote branch (else ``unpushed`` counts every commit)."""
    behind: int = 0
    """Remote commits not integrated yet, as of the last fetch (team sync)."""
    last_sync: dt.datetime | None = None
    """When the last successful sync finished (team sync), or None."""


def unpushed_commits(store: Store) -> tuple[int | None, bool]:
    """(count, has_upstream): commits ahead of the upstream; every commit when a remote exists
    without an upstream; (None, False) when there is no remote at all."""
    git = store.git
    upstream = git.run_full("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    if upstream.returncode == 0 and upstream.stdout.strip():
        counted = git.run_full("rev-list", "--count", "@{u}..HEAD")
        if counted.returncode == 0 and counted.stdout.strip().isdigit():
            return int(counted.stdout.strip()), True
    if not git.run_full("remote").stdout.strip():
        return None, False
    counted = git.run_full("rev-list", "--count", "HEAD")
    if counted.returncode == 0 and counted.stdout.strip().isdigit():
        return int(counted.stdout.strip()), False
    return 0, False


def workspace_status(store: Store) -> WorkspaceStatus:
    """Read the status (runs git: call it from a worker)."""
    author = ""
    problem = ""
    try:
        author = str(store.author)
    except (StoreError, ValueError) as error:
        problem = str(error)
    unpushed, upstream = unpushed_commits(store)
    behind = 0
    if upstream:
        counted = store.git.run_full("rev-list", "--count", "HEAD..@{u}")
        behind = int(counted.stdout.strip()) if counted.stdout.strip().isdigit() else 0
    return WorkspaceStatus(
        name=store.name,
        branch=store.git.branch() or _("(no branch)"),
        author=author,
        author_problem=problem,
        unpushed=unpushed,
        has_upstream=upstream,
        behind=behind,
        last_sync=last_sync(store),
    )
