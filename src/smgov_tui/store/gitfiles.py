"""Facts about a repository read straight from its ``.git`` files, without a git process:
where its git folder is, which branch HEAD is on and which commit it or another ref points at
(cheap enough to ask before every commit, or every two seconds)."""

from __future__ import annotations

from pathlib import Path

REBASE_MARKER = "smgov-sync-rebase"
"""Written in ``.git`` while smgov's own sync rebases: a rebase found with it was smgov's."""
JOURNAL = "smgov-recovering.json"
"""Written in ``.git`` before smgov undoes an interrupted sync; removed when every commit is
back on the branch, so a recovery that is itself killed is resumed."""


def git_dir(root: Path) -> Path | None:
    """The ``.git`` folder of the workspace at ``root`` (None when it is not a plain repo)."""
    dot = root / ".git"
    if dot.is_dir():
        return dot
    if dot.is_file():  # a linked worktree or submodule: ".git" names the real folder
        text = dot.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            target = Path(text[len("gitdir:") :].strip())
            return target if target.is_absolute() else (root / target).resolve()
    return None


def common_dir(folder: Path) -> Path:
    """The folder holding the refs and the config shared by every worktree: ``folder`` itself,
    or for a linked worktree the main repository's git folder (named in ``commondir``)."""
    commondir = folder / "commondir"
    if commondir.is_file():
        return (folder / commondir.read_text(encoding="utf-8").strip()).resolve()
    return folder


def read_head(root: Path, folder: Path | None = None) -> str:
    """The sha HEAD points at, read from ``.git`` directly (``folder``: the git folder, when
    the caller already knows it)."""
    folder = folder or git_dir(root)
    if folder is None:
        return ""
    try:
        head = (folder / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    if not head.startswith("ref:"):
        return head
    ref = head[4:].strip()
    return read_ref(folder, ref) or ref


def head_branch(folder: Path) -> str:
    """The branch HEAD is on (``main``), read from ``folder/HEAD``; '' when detached or
    unreadable."""
    try:
        head = (folder / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    ref = head[4:].strip() if head.startswith("ref:") else ""
    return ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else ""


def uses_reftable(folder: Path) -> bool:
    """True when the repository keeps its refs in a reftable (no files to read: ask git)."""
    return (common_dir(folder) / "reftable").is_dir()


def read_ref(folder: Path, ref: str, hops: int = 5) -> str:
    """The sha the full ref name ``ref`` (``refs/remotes/origin/main``) points at, from its
    loose file or ``packed-refs``; '' when there is no such ref (or the refs are in a
    reftable: see ``uses_reftable``). A symbolic ref is followed ``hops`` times at most."""
    common = common_dir(folder)
    try:
        text = (common / ref).read_text(encoding="utf-8").strip()
    except OSError:
        pass
    else:
        if text.startswith("ref:"):  # a symbolic ref (refs/remotes/origin/HEAD)
            return read_ref(folder, text[4:].strip(), hops - 1) if hops > 0 else ""
        return text
    try:
        for line in (common / "packed-refs").read_text(encoding="utf-8").splitlines():
            sha, _sep, name = line.partition(" ")
            if name == ref:
                return sha
    except OSError:
        pass
    return ""


def operation_in_progress(folder: Path) -> str:
    """What git is in the middle of in the repository whose git folder is ``folder``: ``rebase``,
    ``merge``, ``cherry-pick``, ``revert``, ``bisect``, ``detached`` (HEAD on no branch), or ''.

    Read from the files git leaves while each operation runs (a few ``stat`` calls and HEAD),
    so the store can ask before every save: a commit made in the middle of one of these lands
    on a detached HEAD or inside someone's merge, and the next ``--abort`` would drop it.
    """
    if (folder / "rebase-merge").is_dir() or (folder / "rebase-apply").is_dir():
        return "rebase"
    for name, state in (
        ("MERGE_HEAD", "merge"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
        ("REVERT_HEAD", "revert"),
        ("BISECT_LOG", "bisect"),
    ):
        if (folder / name).is_file():
            return state
    todo = folder / "sequencer" / "todo"
    if todo.is_file():  # a cherry-pick or revert of several commits, stopped between two
        first = todo.read_text(encoding="utf-8", errors="replace").split(maxsplit=1)
        return "revert" if first and first[0] == "revert" else "cherry-pick"
    try:
        head = (folder / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return "" if head.startswith("ref:") else "detached"


def rebase_is_smgovs(folder: Path) -> bool:
    """True when the rebase in progress is the one smgov's sync started: its marker was written
    right before the rebase began (a marker left by a sync killed before its rebase, followed
    later by a rebase a person started, does not count: that rebase is theirs)."""
    try:
        marked = (folder / REBASE_MARKER).stat().st_mtime
    except OSError:
        return False
    for sub in ("rebase-merge", "rebase-apply"):
        try:
            started = (folder / sub / "head-name").stat().st_mtime
        except OSError:
            continue
        return -2.0 <= started - marked <= 120.0
    return False
