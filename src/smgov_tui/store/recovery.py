"""Finishing what a killed ``smgov sync`` left behind, without losing a commit.

A sync rebases the local commits onto the remote's; killed mid-way it leaves a rebase in
progress, HEAD detached, and its marker (``.git/smgov-sync-rebase``). ``recover_sync`` undoes
it with ``git rebase --abort`` (the branch goes back exactly where it was), then looks for
commits that were made on the detached HEAD meanwhile (by an older smgov, by a person's
``git commit``): those are neither on the branch nor copies the rebase made of its commits, and
the abort would drop them. They are cherry-picked back onto the branch; any that cannot be put
back cleanly is kept under ``refs/smgov/rescued/...`` and the message says so. A rebase a person
started (no marker) is never touched.

A sync holds ``.git/smgov-sync.lock`` (an advisory ``flock``, released by the kernel when the
process dies, even by ``kill -9``) while it runs, so opening the workspace never "recovers" a
sync that another process is still running.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from smgov_tui.i18n import _, ngettext
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.git import Author, Git
from smgov_tui.store.gitfiles import (
    JOURNAL,
    REBASE_MARKER,
    git_dir,
    operation_in_progress,
    read_head,
    rebase_is_smgovs,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no advisory locks; a sync is never "live"
    fcntl = None  # type: ignore[assignment]

SYNC_LOCK = "smgov-sync.lock"
RESCUE_PREFIX = "refs/smgov/rescued/"
RECOVERING_REF = "refs/smgov/recovering"
"""The detached HEAD being recovered, kept reachable while the recovery runs."""


class SyncBusy(Exception):
    """Another process holds the sync lock: a sync is running right now."""


@contextlib.contextmanager
def sync_lock(git: Git, wait: bool = False) -> Iterator[None]:
    """Hold the workspace's sync lock for the block; raise SyncBusy when a sync runs already
    (``wait``: wait for it to end instead, from a worker thread: crisis mode's sync)."""
    folder = git_dir(git.root)
    if folder is None or fcntl is None:
        yield
        return
    try:
        handle: IO[str] = (folder / SYNC_LOCK).open("a", encoding="utf-8")
    except OSError:  # a read-only repository: nothing can sync there, nothing to guard
        yield
        return
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as error:
            raise SyncBusy from error
        yield
    finally:
        handle.close()  # closing releases the lock


def sync_running(git: Git) -> bool:
    """True when a sync (or a background fetch) holds the lock right now, in this process or
    another (``smgov sync`` in a terminal). Writes nothing: a missing lock file means none."""
    folder = git_dir(git.root)
    if folder is None or fcntl is None:
        return False
    try:
        handle = (folder / SYNC_LOCK).open("r", encoding="utf-8")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False


def interrupted_sync(git: Git) -> bool:
    """True when smgov's own sync was stopped mid-rebase (its marker and a rebase are there).

    Reads ``.git`` only: read-only commands use it to report, never to repair.
    """
    folder = git_dir(git.root)
    if folder is None:
        return False
    if (folder / JOURNAL).is_file():
        return True
    return operation_in_progress(folder) == "rebase" and rebase_is_smgovs(folder)


def recover_sync(git: Git, committer: Author | None, when_idle: bool = False) -> str:
    """Undo smgov's own interrupted sync, keeping every commit; return what was done ('' when
    there was nothing of smgov's to undo). Hold the store's lock around it.

    ``when_idle``: first check that no sync is running in another process (the sync lock is
    free), and leave everything alone when one is. A rebase, merge or other operation a person
    started is never touched here (saves are refused until it is finished).
    """
    folder = git_dir(git.root)
    if folder is None:
        return ""
    if when_idle:
        if not interrupted_sync(git):
            return ""  # the usual case: nothing written, not even the lock file
        try:
            with sync_lock(git):
                return _recover(git, folder, committer)
        except SyncBusy:
            return ""
    return _recover(git, folder, committer)


def _recover(git: Git, folder: Path, committer: Author | None) -> str:
    import json  # only to recover: the read-only commands that import this module never do

    for leftover in folder.glob("smgov-targets-*.json"):
        leftover.unlink(missing_ok=True)
    marker = folder / REBASE_MARKER
    journal = folder / JOURNAL
    state = operation_in_progress(folder)
    pending = _read_journal(journal)
    if pending is None:
        if state != "rebase" or not rebase_is_smgovs(folder):
            if state == "":
                marker.unlink(missing_ok=True)  # killed before its rebase began: nothing to undo
            return ""
        pending = _journal_of_rebase(git, folder)
        # Written (with a ref that keeps the detached commits from gc) before anything moves:
        # a recovery killed in turn is resumed from here, never left half-done.
        if pending["detached"]:
            git.run("update-ref", RECOVERING_REF, pending["detached"])
        atomic_write(journal, json.dumps(pending) + "\n")
    elif state not in ("", "rebase", "cherry-pick", "detached"):
        return ""  # a person started something since: leave it; saves stay refused
    head_name = str(pending["head_name"])
    if state == "rebase":
        result = git.run_full("rebase", "--abort")
        if result.returncode != 0:
            git.run("rebase", "--quit")
            if head_name.startswith("refs/heads/"):
                git.run("checkout", "-q", head_name.removeprefix("refs/heads/"))
    elif state == "cherry-pick":  # a put-back of ours, killed half-way: done again below
        git.run("cherry-pick", "--abort")
    elif state == "detached" and head_name.startswith("refs/heads/"):
        git.run("checkout", "-q", head_name.removeprefix("refs/heads/"))
    marker.unlink(missing_ok=True)
    branch = head_name.removeprefix("refs/heads/") or "HEAD"
    detached, onto = str(pending["detached"]), str(pending["onto"])
    rewritten = set(pending["rewritten"])
    strays = _stray_commits(git, detached, onto, rewritten)
    put_back, already, rescued = _put_back(git, strays, detached, committer)
    left = len(strays) - put_back - already
    git.run_full("update-ref", "-d", RECOVERING_REF)
    journal.unlink(missing_ok=True)
    if rescued:
        return ngettext(
            "An interrupted sync was found and undone. {count} commit made while it was "
            "stopped could not be put back on {branch} cleanly: it is kept under {ref} (see "
            "it with git -C {root} log {ref}) and is not on the branch yet.",
            "An interrupted sync was found and undone. {count} commits made while it was "
            "stopped could not be put back on {branch} cleanly: they are kept under {ref} (see "
            "them with git -C {root} log {ref}) and are not on the branch yet.",
            left,
        ).format(count=left, branch=branch, ref=rescued, root=git.root)
    if put_back:
        return ngettext(
            "An interrupted sync was found and undone; your local commits are kept, and the "
            "{count} commit made while it was stopped was put back on {branch}.",
            "An interrupted sync was found and undone; your local commits are kept, and the "
            "{count} commits made while it was stopped were put back on {branch}.",
            put_back,
        ).format(count=put_back, branch=branch)
    return _(
        "An interrupted sync ({state}) was found and undone; your local commits are kept."
    ).format(state="rebase")


def _journal_of_rebase(git: Git, folder: Path) -> dict[str, Any]:
    """What recovery needs to know of the stopped rebase before it is aborted."""
    rebase_dir = folder / "rebase-merge"
    if not rebase_dir.is_dir():
        rebase_dir = folder / "rebase-apply"
    rewritten = [
        parts[1]
        for line in _read(rebase_dir / "rewritten-list").splitlines()
        if len(parts := line.split()) >= 2
    ]
    detached = read_head(git.root, folder)
    return {
        "detached": detached if not detached.startswith("refs/") else "",
        "onto": _read(rebase_dir / "onto"),
        "head_name": _read(rebase_dir / "head-name"),
        "rewritten": rewritten,
    }


def _read_journal(journal: Path) -> dict[str, Any] | None:
    """The journal of a recovery that was itself interrupted, or None."""
    import json

    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys = {"detached": str, "onto": str, "head_name": str, "rewritten": list}
    if not isinstance(data, dict) or any(not isinstance(data.get(k), t) for k, t in keys.items()):
        return None
    return data


def recovery_pending(git: Git) -> bool:
    """True while a recovery of smgov's is unfinished (its journal is in ``.git``)."""
    folder = git_dir(git.root)
    return folder is not None and (folder / JOURNAL).is_file()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _stray_commits(git: Git, detached: str, onto: str, rewritten: set[str]) -> list[str]:
    """Commits on the detached HEAD, oldest first, that the abort would drop: not on the
    branch, not the remote's, not copies the rebase made (``rewritten-list``) and not
    patch-equivalent to a branch commit (``git cherry``: a copy the list missed)."""
    if not detached or detached.startswith("refs/"):
        return []
    excluded = ["--not", "HEAD", "--remotes"]
    if onto and git.run_full("rev-parse", "-q", "--verify", onto + "^{commit}").returncode == 0:
        excluded.append(onto)
    listed = git.run_full(
        "rev-list", "--reverse", "--topo-order", "--no-merges", detached, *excluded
    )
    if listed.returncode != 0:
        return []
    candidates = [sha for sha in listed.stdout.split() if sha not in rewritten]
    if not candidates:
        return []
    cherry = git.run_full("cherry", "HEAD", detached)
    equivalent = {line[2:].strip() for line in cherry.stdout.splitlines() if line.startswith("- ")}
    return [sha for sha in candidates if sha not in equivalent]


def _put_back(
    git: Git, strays: list[str], detached: str, committer: Author | None
) -> tuple[int, int, str]:
    """Cherry-pick ``strays`` onto the branch; return (how many were put back, how many the
    branch held already, the rescue ref holding ``detached`` when one could not be put back
    cleanly, else '')."""
    env = (
        {"GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email}
        if committer is not None
        else {}
    )
    done = already = 0
    for sha in strays:
        result = git.run_full("cherry-pick", "--allow-empty-message", sha, env=env)
        if result.returncode == 0:
            done += 1
            continue
        folder = git_dir(git.root)
        picking = folder is not None and (folder / "CHERRY_PICK_HEAD").exists()
        unmerged = git.run_full("diff", "--name-only", "--diff-filter=U").stdout.strip()
        if (
            picking
            and not unmerged
            and git.run_full("diff", "--cached", "--quiet", "HEAD").returncode == 0
        ):
            # Empty here: the branch already holds this change; nothing is lost by skipping.
            git.run_full("cherry-pick", "--skip")
            already += 1
            continue
        if picking:
            git.run_full("cherry-pick", "--abort")
        ref = RESCUE_PREFIX + detached[:12]
        git.run("update-ref", ref, detached)
        return done, already, ref
    return done, already, ""
