"""What the status bar says about a workspace: branch, author, unpushed commits, and what the
last sync or background fetch left (to pull, a conflict waiting, a failure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.gitfiles import git_dir, operation_in_progress
from smgov_tui.store.recovery import sync_running
from smgov_tui.store.remote import standing
from smgov_tui.store.store import Store
from smgov_tui.store.syncstate import Failure, read_state


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
    """Commits not on the remote yet; None when there is no remote (``store.remote``)."""
    has_upstream: bool
    """True when the remote has our branch yet (else ``unpushed`` counts every commit)."""
    behind: int = 0
    """Remote commits not integrated yet, as of the last fetch (team sync)."""
    last_sync: dt.datetime | None = None
    """When the last successful sync finished (team sync), or None."""
    syncing: bool = False
    """A sync or background fetch is running (this app's, or ``smgov sync`` elsewhere)."""
    failure: Failure | None = None
    """The last sync or background fetch that did not finish, until one does (``syncstate``)."""
    conflict: tuple[str, ...] = ()
    """Files whose conflict a sync found and nobody has settled yet."""
    operation: str = ""
    """What git is in the middle of (``rebase``, ``merge``, ``detached``...; see
    ``gitfiles.operation_in_progress``), or '': while it lasts, saves are refused, and the bar
    says so before anyone types a change that cannot be saved."""


def workspace_status(store: Store) -> WorkspaceStatus:
    """Read the status (runs git: call it from a worker)."""
    author = ""
    problem = ""
    try:
        author = str(store.author)
    except (StoreError, ValueError) as error:
        problem = str(error)
    folder = git_dir(store.root)
    operation = operation_in_progress(folder) if folder is not None else ""
    now = standing(store.git)  # two git processes: the status bar reads this every few seconds
    where = now.target
    kept = read_state(store.root)  # one small file in .git: what the last syncs left
    return WorkspaceStatus(
        name=store.name,
        branch=where.branch or store.git.branch() or _("(no branch)"),
        author=author,
        author_problem=problem,
        unpushed=None if where.remote is None else now.ahead,
        has_upstream=where.upstream is not None,
        behind=now.behind,
        last_sync=kept.last_sync,
        syncing=sync_running(store.git),
        failure=kept.failure,
        conflict=kept.conflict,
        operation=operation,
    )
