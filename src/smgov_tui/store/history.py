"""A record's history from an index of every commit's changed paths, kept in ``.git/smgov/``.

``git log -- path`` walks the whole history on every call (changed-path Bloom filters only
make each step cheaper): with thousands of commits, most of the time a history takes. The
index is built once from one ``git log --name-status`` of the branch and then extended by the
commits made since its tip, so a history is a dictionary look-up plus, when HEAD moved, one
``git log`` of the new commits only.

Its answers are those of ``Git.log(path)`` (the floor it replaces, kept as the fallback): the
commits that changed the path, newest first, following the store's own renames (an exact
``git mv``, seen as ``R`` by ``-M``) from the commit that created the path, never guessing
copies. The index is only a cache:

- HEAD moved by a commit made outside smgov: the new commits are read and appended.
- HEAD rewritten (a rebase, an amended commit, ``reset``): the commits after the newest one the
  index shares with HEAD are dropped and HEAD's own read; a tip git no longer knows (collected
  after a rewrite) means a rebuild.
- A missing, unreadable or corrupt file is rebuilt (a look-up checks the lists it uses); one
  that cannot be written (a read-only ``.git``) only makes the next process build it again.
- A shallow clone deepened since: another history under the same HEAD, so a rebuild.
- A history with merge commits: ``git log -- path`` simplifies merges in ways a flat list of
  changed paths does not reproduce, so such a repository's histories come from ``git log``.

The file is replaced atomically (a temp file, then a rename): two processes writing it at once
each write a complete, correct index for their own tip and the last rename wins. Appended
commits are written every ``SAVE_EVERY``; a build or a rewrite at once. Commands that must write
nothing (``smgov check``, ``export``) never ask for a history (``persist=False`` is there for a
reader that would); the app's history view does, in its worker, and keeps the index as it keeps
the pending journal: a cache under ``.git``, never in the workspace.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from smgov_tui.store.atomic import replace_file
from smgov_tui.store.git import Commit, Git
from smgov_tui.store.gitfiles import common_dir, git_dir, read_head

INDEX_FILE = ("smgov", "history-index.json")
"""Where the index lives, inside the git folder (never in the work tree, never committed)."""
VERSION = 1
"""The file's format; a file of another version is rebuilt."""
_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f"
SAVE_EVERY = 16
"""Commits appended in memory before the file is written again: a process that reads an
older file only extends it by one ``git log`` more (a rebuild or a rewrite is written at once)."""
_SHA = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


class _Damaged(Exception):
    """The stored index holds something no index we write holds: rebuild it."""


Row = Sequence[str]
"""A commit as the index keeps it: sha, author, email, date, subject (``Commit``'s fields)."""


@dataclass
class _Entry:
    """One commit as ``git log`` lists it for the index."""

    row: tuple[str, str, str, str, str]
    paths: tuple[str, ...]
    """Every path the commit changed (both sides of a rename)."""
    renames: tuple[tuple[str, str], ...]
    """``(old, new)`` for each rename ``-M`` found."""


@dataclass
class _Index:
    """The commits reachable from ``tip``, oldest first, and where each path changed.

    Read from the file as it is (a look-up checks the few lists it uses, so loading builds
    nothing): ``rows`` become ``Commit`` objects only when a history returns them.
    """

    tip: str = ""
    merges: bool = False
    """True when a merge commit is in the history: answers then come from ``git log``."""
    rows: list[Row] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=dict)
    """Path -> positions in ``rows`` (ascending) of the commits that changed it."""
    renames: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """Position -> the renames ``(old, new)`` of that commit, for the commits that have any."""
    _at: dict[str, int] | None = None
    shallow: str = ""
    """The repository's ``shallow`` file when the index was built: a clone deepened (or made
    shallow) since shows another history under the same HEAD, so the index is rebuilt."""

    def position(self, sha: str) -> int | None:
        """Where commit ``sha`` is (None: not in this history)."""
        if self._at is None:
            self._at = {
                row[0]: n
                for n, row in enumerate(self.rows)
                if isinstance(row, list | tuple) and row
            }
        return self._at.get(sha)

    def append(self, entry: _Entry) -> None:
        position = len(self.rows)
        self.rows.append(entry.row)
        if self._at is not None:
            self._at[entry.row[0]] = position
        for path in entry.paths:
            found = self.positions.setdefault(path, [])
            if not isinstance(found, list):
                raise _Damaged(path)
            found.append(position)
        if entry.renames:
            self.renames[position] = entry.renames

    def upto(self, keep: int, tip: str, merges: bool) -> _Index:
        """The index of the history ending at position ``keep`` (the commits after it were
        rewritten or reset away), with ``tip`` as its tip."""
        positions = {}
        for path, found in self.positions.items():
            _check(found, len(self.rows), path)
            end = bisect.bisect_right(found, keep)
            if end:
                positions[path] = found[:end]
        renames = {n: pairs for n, pairs in self.renames.items() if n <= keep}
        rows = self.rows[: keep + 1]
        return _Index(tip, merges, rows, positions, renames, shallow=self.shallow)

    def found(self, path: str, upto: int) -> list[int]:
        """The positions below ``upto`` of the commits that changed ``path``, ascending."""
        found = self.positions.get(path, [])
        _check(found, len(self.rows), path)
        return found[: bisect.bisect_left(found, upto)]

    def commit(self, position: int) -> Commit:
        row = self.rows[position]
        if not isinstance(row, list | tuple) or len(row) != 5:
            raise _Damaged(position)
        if not all(isinstance(text, str) for text in row):
            raise _Damaged(position)
        return Commit(*row)


def _check(found: object, count: int, path: str) -> None:
    """Raise _Damaged unless ``found`` is a path's positions as the index writes them:
    ascending whole numbers below ``count`` (out of order, bisect would miss commits)."""
    if not isinstance(found, list) or not all(type(n) is int and 0 <= n < count for n in found):
        raise _Damaged(path)
    if any(a >= b for a, b in itertools.pairwise(found)):
        raise _Damaged(path)


class HistoryIndex:
    """Per-record histories of one repository, from the index (built and extended on need)."""

    def __init__(self, git: Git, *, persist: bool = True) -> None:
        self.git = git
        self.persist = persist
        """Write the index file (False: a reader that must leave ``.git`` untouched)."""
        folder = git_dir(git.root)
        self.folder = folder
        self.path = folder.joinpath(*INDEX_FILE) if folder else None
        self._index: _Index | None = None
        self._unsaved = 0
        """Commits appended to ``_index`` since the file was last written (or read)."""
        self._unreadable = ""
        """A HEAD whose history the index could not be built for (git log failed, or a
        subject holds its separators): its histories come from ``git log -- path``."""
        self._lock = threading.Lock()

    def log(self, path: str, limit: int = 200) -> list[Commit]:
        """The commits that changed ``path``, newest first, as ``Git.log(path, limit)``."""
        with self._lock:
            index = self._current()
            if index is not None and not index.merges:
                try:
                    return _lookup(index, path, limit)
                except _Damaged:  # a file damaged in a way only a look-up sees
                    index = self._rebuilt()
                    if index is not None and not index.merges:
                        return _lookup(index, path, limit)
        return self.git.log(path, limit)

    # --- keeping the index current ---------------------------------------------------

    def _head(self) -> str:
        """HEAD's commit id: read from the files, or asked of git (a reftable, a packed ref
        git wrote in a form we do not read); '' on a branch with no commit yet."""
        head = read_head(self.git.root, self.folder) if self.folder else ""
        if _SHA.fullmatch(head):
            return head
        result = self.git.run_full("rev-parse", "-q", "--verify", "HEAD^{commit}")
        return result.stdout.strip() if result.returncode == 0 else ""

    def _shallow(self) -> str:
        """The commits a shallow clone stops at (git's ``shallow`` file), '' for a full one."""
        if self.folder is None:
            return ""
        try:
            return (common_dir(self.folder) / "shallow").read_text(encoding="utf-8")
        except OSError:
            return ""

    def _current(self) -> _Index | None:
        """The index at HEAD, brought up to date; None when git cannot list the history."""
        head = self._head()
        if not head:
            return _Index()
        if head == self._unreadable:
            return None
        shallow = self._shallow()
        if self._index is not None and self._index.shallow != shallow:
            self._index = None
        if self._index is not None and self._index.tip == head:
            return self._index
        base = self._index
        if base is None:
            base = self._read()
            self._unsaved = 0
            if base is not None and base.shallow != shallow:
                base = None
            if base is not None and base.tip == head:
                self._index = base
                return base
        if base is None or not base.tip:
            return self._rebuilt(head)
        before = len(base.rows)
        try:
            index = self._extended(base, head)
        except _Damaged:
            index = None
        if index is None:
            return self._rebuilt(head)
        self._index = index
        if index.rows is base.rows:  # only appended: written now and then
            self._unsaved += len(index.rows) - before
            if self._unsaved < SAVE_EVERY:
                return index
        self._write(index)
        return index

    def _rebuilt(self, head: str = "") -> _Index | None:
        """The whole index built again (and written)."""
        head = head or self._head()
        index = self._built(head)
        self._index = index
        if index is None:
            self._unreadable = head
        else:
            self._write(index)
        return index

    def _extended(self, base: _Index, head: str) -> _Index | None:
        """``base`` plus HEAD's commits it lacks, dropping those HEAD no longer has; None
        when ``base`` shares no commit with HEAD, or its tip is unknown to git."""
        new = self._read_log(head, f"^{base.tip}")
        if new is None:
            return None
        if not new:  # HEAD is one of base's commits (a reset back, a checkout)
            keep = base.position(head)
            return None if keep is None else base.upto(keep, head, base.merges)
        _entry, parents = new[-1]
        if not parents:  # a history of its own (an orphan branch): nothing shared
            return None
        merges = base.merges or any(len(p) > 1 for _e, p in new)
        if parents[0] == base.tip:
            index = base
            index.tip, index.merges = head, merges
        else:  # rewritten (rebase, amend, reset then commit): keep what both share
            keep = base.position(parents[0])
            if keep is None:
                return None
            index = base.upto(keep, head, merges)
        for entry, _parents in reversed(new):
            index.append(entry)
        return index

    def _built(self, head: str) -> _Index | None:
        """The whole index of HEAD's history, from one ``git log``."""
        new = self._read_log(head)
        if new is None:
            return None
        index = _Index(head, any(len(p) > 1 for _e, p in new), shallow=self._shallow())
        for entry, _parents in reversed(new):
            index.append(entry)
        return index

    def _read_log(self, *revisions: str) -> list[tuple[_Entry, list[str]]] | None:
        """The commits of ``revisions``, newest first, each with its parents."""
        result = self.git.run_full(
            "log",
            f"--format={_FORMAT}",
            "--name-status",
            "-z",
            "-M",
            "--root",
            "--no-ext-diff",
            "--no-textconv",
            "--no-follow",
            "--no-color",
            *revisions,
            "--",
        )
        if result.returncode != 0:
            return None
        try:
            return [_parse(chunk) for chunk in result.stdout.split("\x1e")[1:]]
        except (ValueError, IndexError):  # a subject with our separators: ask git log itself
            return None

    # --- the file ----------------------------------------------------------------------

    def _read(self) -> _Index | None:
        """The stored index, or None when it is missing, unreadable or not one we wrote."""
        if self.path is None:
            return None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return _from_json(data)
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError):
            return None

    def _write(self, index: _Index) -> None:
        """Replace the stored index (atomically); a cache only, so a failure is ignored."""
        if not self.persist or self.path is None:
            return
        self._unsaved = 0
        with contextlib.suppress(OSError):
            replace_file(self.path, json.dumps(_to_json(index), separators=(",", ":")))


def _parse(chunk: str) -> tuple[_Entry, list[str]]:
    """One commit of ``_read_log``'s output: its header, then NUL-separated name-status."""
    header, _sep, changes = chunk.rpartition("\x1f")
    sha, parents, name, email, date, subject = header.split("\x1f", 5)
    tokens = changes.lstrip("\0\n").split("\0")
    paths: list[str] = []
    renames: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens) and tokens[i]:
        status = tokens[i]
        if status[0] in "RC":
            old, new = tokens[i + 1], tokens[i + 2]
            paths += (old, new)
            if status[0] == "R":
                renames.append((old, new))
            i += 3
        else:
            paths.append(tokens[i + 1])
            i += 2
    entry = _Entry((sha, name, email, date, subject), tuple(paths), tuple(renames))
    return entry, parents.split()


def _lookup(index: _Index, path: str, limit: int) -> list[Commit]:
    """``Git.log(path, limit)`` answered from the index: the commits that changed ``path``,
    newest first; from the oldest of them, when it renamed another path to this one, on with
    that path's commits before it (each path once)."""
    found: list[int] = []
    upto = len(index.rows)  # positions below this are still to be looked at
    seen = {path}
    while len(found) < limit:
        batch = index.found(path, upto)[-(limit - len(found)) :][::-1]
        if not batch:
            break
        found += batch
        oldest = batch[-1]
        pairs = index.renames.get(oldest, ())
        renamed_from = next((old for old, new in pairs if new == path), "")
        if not renamed_from or renamed_from in seen:
            break
        seen.add(renamed_from)
        upto, path = oldest, renamed_from
    return [index.commit(position) for position in found[:limit]]


def _to_json(index: _Index) -> dict[str, Any]:
    """The file's content: the commits' rows, then each path's positions (the look-up table
    itself, so reading the file builds nothing) and the renames by position."""
    return {
        "version": VERSION,
        "tip": index.tip,
        "shallow": index.shallow,
        "merges": index.merges,
        "commits": index.rows,
        "paths": index.positions,
        "renames": [[n, old, new] for n, pairs in index.renames.items() for old, new in pairs],
    }


def _from_json(data: Any) -> _Index | None:
    """The index a file holds; None for another version or a wrong shape. Only the outline
    is checked here (a look-up checks the lists it uses: ``_Damaged``)."""
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    tip, merges, rows, paths, renamed = (
        data["tip"],
        data["merges"],
        data["commits"],
        data["paths"],
        data["renames"],
    )
    if not isinstance(tip, str) or not _SHA.fullmatch(tip) or not isinstance(merges, bool):
        return None
    if not isinstance(rows, list) or not rows or not isinstance(paths, dict):
        return None
    if not isinstance(rows[-1], list) or not rows[-1] or rows[-1][0] != tip:
        return None
    renames: dict[int, tuple[tuple[str, str], ...]] = {}
    for n, old, new in renamed:
        if not (type(n) is int and isinstance(old, str) and isinstance(new, str)):
            return None
        renames[n] = (*renames.get(n, ()), (old, new))
    shallow = data.get("shallow", "")
    if not isinstance(shallow, str):
        return None
    return _Index(tip, merges, rows, paths, renames, shallow=shallow)
