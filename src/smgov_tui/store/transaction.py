"""One store transaction: write the files, commit exactly them, or put everything back.

Every change smgov makes to a workspace (a save, a copy, a delete, a rename, an import, an
incident opened or logged) is one :class:`Transaction`, run by ``Store.transaction`` (or
``Store.apply``) while the store holds its lock:

1. ``Store.ensure_can_save`` (no commit while git is mid-rebase, mid-merge...);
2. a journal in ``.git/smgov/pending/`` names the files, the message and the author, so a
   change a crash leaves uncommitted is found again (``store/pending.py``);
3. every file is written atomically (new, changed, removed; a rename is a removal and a new
   file), and ``store.data`` re-reads the records touched;
4. git commits exactly these paths as one commit by the author (``Git.commit_paths``);
5. when git refuses (a hook, a signing failure) every file is put back as it was and
   ``store.data`` re-read; when putting back fails too, NotPutBack names the files and
   carries git's own error, and the journal stays for the next start;
6. the journal ends.

Keeping these steps in one place means a save, a rename and a crisis step cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.errors import NotPutBack
from smgov_tui.store.git import Author

if TYPE_CHECKING:
    from smgov_tui.store.store import Store


class FileChange(msgspec.Struct, frozen=True):
    """One file of a transaction, as it is on disk now and as it will be."""

    rel: str
    """Workspace-relative path, forward slashes."""
    before: str | None
    """The file's exact text now (what is put back on refusal); None when there is none."""
    after: str | None
    """The text to write; None removes the file."""


class Transaction(msgspec.Struct):
    """The files of one commit, written, then committed or put back (see the module doc).

    Made by ``Store.transaction``, which holds the store's lock from :meth:`write` until
    :meth:`commit` or :meth:`put_back` is done.
    """

    store: Store
    message: str
    changes: list[FileChange]
    author: Author
    journal: Path | None = None
    written: list[FileChange] = msgspec.field(default_factory=list)
    """The changes already on disk (what :meth:`put_back` undoes)."""

    @property
    def paths(self) -> list[str]:
        """Every path the commit holds."""
        return [change.rel for change in self.changes]

    def write(self) -> None:
        """Note the journal, write every file atomically, re-read the touched records.

        When a write fails (a full disk, a read-only folder), the files already written are
        put back and the error is raised: nothing is left half done.
        """
        self.journal = self.store.journal.begin(self.paths, self.message, self.author)
        root = self.store.root
        try:
            for change in self.changes:
                path = root / change.rel
                if change.after is None:
                    path.unlink()
                else:
                    atomic_write(path, change.after)
                self.written.append(change)
        except BaseException as error:
            self.put_back(error)
            raise
        self.refresh()

    def commit(self) -> None:
        """Commit exactly these paths by the author; then the journal is no longer needed."""
        store = self.store
        known = store.committed_blobs()
        store.git.commit_paths(
            self.paths,
            self.message,
            self.author,
            new_files=any(c.before is None and c.after is not None for c in self.changes),
            tracked=known is not None
            and all(
                c.rel in known and c.before is not None and c.after is not None
                for c in self.changes
            ),
        )
        store.journal.end(self.journal)
        for change in self.changes:
            store.remember_committed(change.rel, change.after)

    def put_back(self, error: BaseException) -> None:
        """Put every written file back as it was (the commit was refused, or a write failed)
        and re-read the touched records.

        When that fails too (a full disk, a folder that became read-only), the files hold a
        change no commit has: raise NotPutBack, whose sentence carries the commit's own error
        (git's, what the person must fix), names each file, and says how to settle it; the
        journal stays, so the next start offers to commit the change or put HEAD's back.
        Otherwise the journal is removed and the caller re-raises ``error``.
        """
        store = self.store
        paths = [change.rel for change in self.written]
        try:
            try:
                for change in reversed(self.written):
                    path = store.root / change.rel
                    if change.before is None:
                        path.unlink(missing_ok=True)
                    else:
                        atomic_write(path, change.before)
                if paths:
                    store.git.run_full("reset", "-q", "--", *paths)
            finally:
                if paths:
                    self.refresh()
        except OSError as failure:
            store.journal.abandon(self.journal)
            raise NotPutBack(
                _(
                    "{error} Putting the files back failed too ({reason}), so {paths} still "
                    "hold the change, written but not committed. Fix the cause, then open the "
                    "workspace in smgov to commit the change or put the committed version back "
                    "(smgov check names these files)."
                ).format(
                    error=str(error).rstrip(),
                    reason=failure.strerror or failure,
                    paths=", ".join(paths),
                ),
                paths,
            ) from error
        store.journal.end(self.journal)

    def refresh(self) -> None:
        """Re-read the records of every path into ``store.data``."""
        for change in self.changes:
            if k.kind_for_path(change.rel) is not None:
                self.store.refresh(change.rel)
