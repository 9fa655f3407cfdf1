"""Changes written to the workspace but never committed, and how to settle them.

A save writes its file, then commits it. When smgov is killed in between (a slow pre-commit
hook, a power cut), the new value stays on disk and no commit holds it: the saved work would
be silently carried by the next unrelated commit, or thrown away by a ``git restore``. So,
before writing, the store leaves a small journal in ``.git/smgov/pending/`` saying which files,
which commit message and whose; it is removed once the commit is made or the file put back.
A journal whose files still differ from HEAD, and whose process is gone, is a change smgov
wrote and never committed: the app offers to commit it (with that message, by that person) or
to put the committed version back, ``smgov check`` names it and ``smgov sync`` refuses with it.

Files changed by hand (no journal) are reported too, with the message smgov would have made.
Finding them is read-only (``GIT_OPTIONAL_LOCKS=0``): ``smgov check`` writes nothing.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from smgov_tui.core import kinds as k
from smgov_tui.core.problems import Problem
from smgov_tui.i18n import _
from smgov_tui.store.git import Author, Git
from smgov_tui.store.gitfiles import git_dir
from smgov_tui.store.messages import commit_message
from smgov_tui.store.textfile import InvalidToml, loads, read_exact

if TYPE_CHECKING:
    from smgov_tui.store.store import Store

JOURNAL_FOLDER = ("smgov", "pending")
"""Where the journals live, inside the git folder (never in the work tree, never committed)."""
READ_ONLY_ENV = {"GIT_OPTIONAL_LOCKS": "0"}
"""Keeps ``git status`` from refreshing the index: finding changes writes nothing."""

State = Literal["changed", "added", "deleted"]


class Uncommitted(msgspec.Struct, frozen=True):
    """One file whose content on disk is not what HEAD holds."""

    path: str
    """Workspace-relative path, forward slashes."""
    state: State
    """Changed, added (HEAD has no such file) or deleted (only HEAD has it)."""
    message: str
    """The commit message that settles it: the one smgov meant to make, or one computed."""
    author: str
    """``Name <email>`` of the person who saved it; empty for a change made outside smgov."""
    journal: str = ""
    """The journal's file name when smgov wrote the change (empty: changed by hand)."""

    @property
    def by_smgov(self) -> bool:
        """True when smgov wrote this change (it left a journal) and was stopped before the
        commit."""
        return bool(self.journal)

    def finding(self) -> Problem:
        """The file as a ``smgov check`` finding (a warning: the plan is not wrong, but a
        change of it is in no commit yet); the path leads the line, the sentence follows."""
        if self.by_smgov:
            message = _(
                "this file holds a change that was written but never committed: smgov saved "
                "it for {author} ('{message}') and was stopped before the commit. Open the "
                "workspace in smgov to commit it or put the committed version back."
            ).format(author=self.author, message=self.message)
        else:
            message = _(
                "this file was changed outside smgov and is not committed (it would be "
                "committed as '{message}')."
            ).format(message=self.message)
        return Problem(self.path, None, "", message, "warning", code="uncommitted")


class Journal:
    """The pending-commit journals of one repository (``.git/smgov/pending/*.json``)."""

    def __init__(self, git_folder: Path | None) -> None:
        self.folder = git_folder.joinpath(*JOURNAL_FOLDER) if git_folder is not None else None

    def begin(self, paths: list[str], message: str, author: Author) -> Path | None:
        """Note that ``paths`` are about to be written and committed as ``message``.

        Returns the journal to pass to :meth:`end`. The journal is a help for after a crash,
        not a condition of the save: when it cannot be written (no git folder, a read-only
        one) the save goes on, and a change left behind is then reported as made by hand.
        It is not fsynced: after a power cut a lost journal costs the same, and a save pays
        no extra disk flush.
        """
        if self.folder is None:
            return None
        entry = {
            "paths": paths,
            "message": message,
            "author": str(author),
            "pid": os.getpid(),
            "started": _started(os.getpid()),
        }
        import json  # here, not at the top: reading commands never write a journal

        target = self.folder / f"{os.getpid()}-{uuid.uuid4().hex}.json"
        temp = target.with_suffix(".tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, target)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            return None
        return target

    def abandon(self, journal: Path | None) -> None:
        """The change stays on disk, uncommitted, while this process goes on (its files could
        not be put back): mark the journal as nobody's, so that ``smgov check`` and sync in
        another process name it at once instead of waiting for this one to end."""
        if journal is None:
            return
        import json

        with contextlib.suppress(OSError, ValueError):
            entry = json.loads(journal.read_text(encoding="utf-8"))
            entry["pid"] = None
            temp = journal.with_suffix(".tmp")
            temp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, journal)

    def end(self, journal: Path | None) -> None:
        """The change was committed or put back: forget it (a leftover is pruned later)."""
        if journal is not None:
            with contextlib.suppress(OSError):
                journal.unlink(missing_ok=True)

    def entries(self) -> list[tuple[Path, dict[str, Any]]]:
        """Every readable journal, oldest first (a torn or foreign file is skipped)."""
        if self.folder is None or not self.folder.is_dir():
            return []
        import json  # only when there is a journal folder: rarely on a read

        found: list[tuple[float, Path, dict[str, Any]]] = []
        for path in self.folder.glob("*.json"):
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))
                mtime = path.stat().st_mtime
            except (OSError, ValueError):
                continue
            if isinstance(entry, dict) and isinstance(entry.get("paths"), list):
                found.append((mtime, path, entry))
        return [(path, entry) for _mtime, path, entry in sorted(found, key=lambda f: f[0])]


_OWN_START: dict[int, str] = {}


def _started(pid: int) -> str:
    """When process ``pid`` started, in clock ticks since boot (Linux ``/proc``), or '' where
    that cannot be read: with the pid it names one process, even after the pid is reused."""
    if pid in _OWN_START:
        return _OWN_START[pid]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        state, started = fields.rpartition(")")[2].split()[0:20:19]
    except (OSError, ValueError):
        state, started = "", ""
    if state in ("Z", "X"):
        started = "gone"  # killed, not yet reaped by its parent: it will never commit
    if pid == os.getpid():
        _OWN_START[pid] = started
    return started


def _alive(entry: dict[str, Any]) -> bool:
    """True when the journal's process runs (another smgov still saving): no leftover.

    Our own process counts as gone: a journal of ours outside a save (the store holds its
    lock while it saves) is one whose file could not be put back. A process that has the
    pid now but started at another time is somebody else (the pid was reused).
    """
    pid = entry.get("pid")
    if not isinstance(pid, int) or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OSError:
        return False
    recorded = entry.get("started")
    now = _started(pid)
    return not (recorded and now and recorded != now)


def changed_paths(git: Git) -> dict[str, State]:
    """Files whose work-tree or index content differs from HEAD (untracked ones aside)."""
    result = git.run_full(
        "status", "--porcelain", "--untracked-files=no", "--no-renames", "-z", env=READ_ONLY_ENV
    )
    states: dict[str, State] = {}
    for item in result.stdout.split("\0"):
        if len(item) < 4:
            continue
        code, path = item[:2], item[3:]
        if "D" in code:
            states[path] = "deleted"
        elif code[0] == "A":
            states[path] = "added"
        else:
            states[path] = "changed"
    return states


def _head_text(git: Git, rel: str) -> str | None:
    shown = git.run_full("show", f"HEAD:{rel}", env=READ_ONLY_ENV)
    return shown.stdout if shown.returncode == 0 else None


def _toml(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        return loads(text)  # a byte-order mark skipped, as the loader does
    except (InvalidToml, RecursionError):
        return {}


def computed_message(root: Path, git: Git, rel: str, state: State) -> str:
    """The message smgov would make for the change on disk to ``rel``: against HEAD's version,
    like a save (``accounts: set owner of x to y``)."""
    found = k.kind_for_path(rel)
    if found is None:
        return f"update {rel}"
    kind, record_id = found
    if state == "deleted":
        return f"{kind.name}: delete {record_id}"
    if state == "added":
        return f"{kind.name}: add {record_id}"
    try:
        disk = read_exact(root / rel)
    except (OSError, UnicodeDecodeError):
        return f"update {rel}"
    return commit_message(kind, record_id, _toml(_head_text(git, rel)), _toml(disk))


def find_uncommitted(
    root: Path, git: Git, journal: Journal, by_smgov_only: bool = False
) -> list[Uncommitted]:
    """Every change on disk that no commit holds, journaled ones (smgov's) first.

    Read-only: one ``git status`` without optional locks, plus ``git show`` of HEAD's version
    for a file changed by hand. A journal of a running smgov (a save under way) is left alone.
    With ``by_smgov_only`` only smgov's own are wanted: without a journal (the usual case) no
    git process runs at all, so opening a workspace or checking it costs nothing more.
    """
    entries = journal.entries()
    if by_smgov_only and not entries:
        return []
    states = changed_paths(git)
    found: list[Uncommitted] = []
    seen: set[str] = set()
    for path, entry in entries:
        if _alive(entry):
            seen.update(p for p in entry["paths"] if isinstance(p, str))
            continue
        for rel in entry["paths"]:
            if not isinstance(rel, str) or rel in seen:
                continue
            state = states.get(rel)
            if state is None and (root / rel).is_file() and _head_text(git, rel) is None:
                state = "added"  # a new record written, never added to the index
            if state is None:
                continue  # committed (or put back) before the journal could be removed
            seen.add(rel)
            found.append(
                Uncommitted(
                    rel,
                    state,
                    str(entry.get("message", "")) or computed_message(root, git, rel, state),
                    str(entry.get("author", "")),
                    path.name,
                )
            )
    for rel, state in sorted(states.items()):
        if rel not in seen and not by_smgov_only:
            found.append(Uncommitted(rel, state, computed_message(root, git, rel, state), ""))
    return found


def stale_journals(git: Git, journal: Journal) -> list[Path]:
    """Journals of stopped processes whose files all match HEAD again: nothing left to settle."""
    entries = journal.entries()
    if not entries:
        return []  # no git process when there is nothing to look at
    states = changed_paths(git)
    stale: list[Path] = []
    for path, entry in entries:
        if _alive(entry):
            continue
        if not any(
            isinstance(rel, str)
            and (rel in states or ((git.root / rel).is_file() and _head_text(git, rel) is None))
            for rel in entry["paths"]
        ):
            stale.append(path)
    return stale


def stale_index_lock(git_folder: Path | None, journals: list[Path]) -> Path | None:
    """git's ``index.lock`` when the killed save's own ``git commit`` left it behind.

    git holds the lock while the pre-commit hook runs; ``kill -9`` leaves it, and every later
    commit then fails with "index.lock: File exists". It is ours to remove only when it is
    younger than the journal of a stopped smgov (written before the file, so before git
    started) and no process of that smgov runs any more.
    """
    if git_folder is None or not journals:
        return None
    lock = git_folder / "index.lock"
    try:
        locked = lock.stat().st_mtime
        oldest = min(path.stat().st_mtime for path in journals)
    except (OSError, ValueError):
        return None
    return lock if locked >= oldest else None


def git_running_in(root: Path) -> bool:
    """True when a git process works in ``root`` (Linux ``/proc``; False where it cannot be
    known). When only smgov was killed, its ``git commit`` may live on, hook and all, and
    still hold ``index.lock``: the lock is then git's, not a leftover to remove."""
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    target = root.resolve()
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text(encoding="utf-8").strip() != "git":
                continue
            if Path(os.readlink(entry / "cwd")) == target:
                return True
        except OSError:
            continue
    return False


def settle(store: Store, chosen: list[Uncommitted], commit: bool) -> list[str]:
    """Commit the ``chosen`` changes, or put HEAD's version of their files back.

    Committing makes one commit per save smgov was stopped in (its message, its author) and
    one per file changed by hand (the computed message, the person at the keyboard); records
    are validated first, as a save would be. Putting back is ``Git.put_head_back`` (a new file
    is removed). What is on disk is looked at again first: a file settled meanwhile is skipped.
    Returns the commit messages made (none when putting back).
    """
    from smgov_tui.store.errors import StoreError, ValidationFailed

    with store.lock:
        git = store.git
        now = {item.path: item for item in find_uncommitted(store.root, git, store.journal)}
        items = [now[item.path] for item in chosen if item.path in now]
        if not items:
            return []
        if commit:
            store.load()  # the records as on disk now: references are checked against them
            problems = [p for item in items for p in _errors_of(store, item)]
            if problems:
                raise ValidationFailed(problems)
        journals = sorted({item.journal for item in items if item.journal})
        folder = store.journal.folder
        lock = stale_index_lock(
            git_dir(store.root), [folder / name for name in journals] if folder else []
        )
        if lock is not None:
            if git_running_in(store.root):
                raise StoreError(
                    _(
                        "git is still making a commit in {root} (started by the smgov that "
                        "was stopped; a slow pre-commit hook may still run). Nothing was "
                        "changed: wait for it to finish, then open the workspace again."
                    ).format(root=store.root)
                )
            lock.unlink(missing_ok=True)
        made: list[str] = []
        if commit:
            groups: dict[str, list[Uncommitted]] = {}
            for item in items:
                groups.setdefault(item.journal or f"\0{item.path}", []).append(item)
            for group in groups.values():
                first = group[0]
                author = Author.parse(first.author) if first.author else store.author
                git.commit_paths(
                    [item.path for item in group],
                    first.message,
                    author,
                    new_files=any(item.state == "added" for item in group),
                )
                made.append(first.message)
        else:
            git.put_head_back([item.path for item in items])
        if folder is not None:
            for name in journals:
                store.journal.end(folder / name)
        for path in stale_journals(git, store.journal):
            store.journal.end(path)
        store.load()
        return made


def _errors_of(store: Store, item: Uncommitted) -> list[Problem]:
    """The errors that would make a save refuse the file as it is on disk (none for a
    deletion or a file that is no record)."""
    found = k.kind_for_path(item.path)
    if found is None or item.state == "deleted":
        return []
    kind, record_id = found
    try:
        text = read_exact(store.root / item.path)  # as the loader reads it: BOM, CRLF kept
        raw = loads(text)
    except (OSError, UnicodeDecodeError, InvalidToml, RecursionError) as error:
        return [Problem(item.path, None, "", _("is not valid TOML: {reason}").format(reason=error))]
    return [p for p in store.validate(kind, record_id, raw, text) if p.severity == "error"]
