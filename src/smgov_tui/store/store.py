"""The store: the one door to the disk and to git for the TUI and the CLI alike.

Every change goes through here: it is validated, written atomically, committed as exactly one
commit by the author, and refused when the file changed on disk since it was read.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.core.model import Entry, WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.core.validate import convert
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.author import resolve_author
from smgov_tui.store.errors import (
    ConflictError,
    NotAWorkspace,
    StoreError,
    ValidationFailed,
)
from smgov_tui.store.git import Author, Commit, Git
from smgov_tui.store.gitfiles import git_dir
from smgov_tui.store.loader import load_workspace, read_entry
from smgov_tui.store.messages import commit_message
from smgov_tui.store.paths import check_id, inside
from smgov_tui.store.pending import (
    Journal,
    Uncommitted,
    find_uncommitted,
    settle,
    stale_journals,
)
from smgov_tui.store.recovery import interrupted_sync, recover_sync
from smgov_tui.store.textfile import InvalidToml, loads, read_exact_or_none
from smgov_tui.store.transaction import FileChange, Transaction

if TYPE_CHECKING:
    from smgov_tui.store.history import HistoryIndex


@dataclass(frozen=True)
class SaveResult:
    """What a save did."""

    committed: bool
    """False when nothing changed (and so no commit was made)."""
    message: str
    """The commit message, or a sentence saying nothing changed."""
    entry: Entry[Any] | None
    """The record as now on disk (None after a delete)."""


class ReferencedError(StoreError):
    """The record is named by others; deleting it would leave dangling references."""

    def __init__(self, message: str, references: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.references = references


def blob_id(text: str) -> str:
    """The id git gives a file with this text (``git hash-object``)."""
    import hashlib  # OpenSSL: loaded by the first save, not by opening the workspace

    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def edit_text(text: str, data: Mapping[str, Any]) -> str:
    """:func:`store.tomledit.edit_text`, imported with tomlkit on the first edit: opening and
    reading a workspace needs neither (``smgov crisis`` draws its first screen sooner)."""
    from smgov_tui.store import tomledit

    return tomledit.edit_text(text, data)


def new_text(data: Mapping[str, Any], header: str = "") -> str:
    """:func:`store.tomledit.new_text`, imported on first use (see :func:`edit_text`)."""
    from smgov_tui.store import tomledit

    return tomledit.new_text(data, header)


class Store:
    """A workspace on disk: load it, check it, and change it one commit at a time."""

    def __init__(self, root: Path, git: Git, author_flag: str | None = None) -> None:
        self.root = root
        self.git = git
        self._author_flag = author_flag
        self._author: Author | None = None
        self.lock = threading.RLock()
        """Held by every write transaction from its first check to its commit (or put-back):
        hold it to see the workspace between two changes (a sync, the disk watcher)."""
        self.data = WorkspaceData()
        self._index_blobs: dict[str, str] | None = None
        self.journal = Journal(git_dir(root))
        """Notes of the commits under way, for a change a crash leaves uncommitted."""
        self._history: HistoryIndex | None = None
        """Per-record histories: an index in ``.git/smgov/``, read or built (and written) on
        the first history only, so opening the store to check or export writes nothing (made
        then too: crisis mode never asks for one and does not import it)."""

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path | str, author_flag: str | None = None) -> Store:
        """Open the workspace at ``root``; raise NotAWorkspace with a clear reason otherwise."""
        root = Path(root).absolute()
        if not root.is_dir():
            raise NotAWorkspace(_("{root} is not a folder").format(root=root))
        if not (root / k.WORKSPACE.single_path).is_file():
            raise NotAWorkspace(
                _(
                    "{root} is not a smgov workspace (no workspace.toml); run smgov init {root}"
                ).format(root=root)
            )
        # Opening writes nothing (not even .git/config): reading commands run from anywhere,
        # a pre-commit hook's environment included. The app and sync set the repository up
        # for work (mergeconfig.ensure_merge_driver).
        return cls(root, Git.open(root), author_flag)

    @property
    def author(self) -> Author:
        """The person at the keyboard; raises AuthorMissing (with how to set one) if unknown."""
        if self._author is None:
            self._author = resolve_author(self.git, self._author_flag)
        return self._author

    def sign_as(self, name: str, email: str = "") -> Author:
        """Sign from now on as ``name`` (``email`` optional) and remember it in the person's
        settings, so the next session, the app and the CLI sign the same way. Crisis mode asks
        for it rather than block on a machine where nobody is configured.

        Raises ValueError when the name is empty or the e-mail is not one; OSError when the
        settings cannot be written (the author is then used for this session only).
        """
        from smgov_tui.store.settings import remember_author  # only when someone is asked

        author = Author.parse(f"{name.strip()} <{email.strip()}>")
        self._author = author
        remember_author(author.name, author.email)
        return author

    def author_or_none(self) -> Author | None:
        """The author, or None when none is configured."""
        try:
            return self.author
        except (StoreError, ValueError):
            return None

    @property
    def name(self) -> str:
        """The organisation's name, or the folder's."""
        return self.data.meta.organisation if self.data.meta else self.root.name

    # --- reading -------------------------------------------------------------------------

    def load(self, kinds: Collection[k.Kind] | None = None) -> WorkspaceData:
        """Read the whole workspace from disk (``textfile.loads``); replaces ``self.data``.

        ``kinds``: only the records of these kinds, for a first screen drawn before the rest
        is read (``smgov crisis``'s list of playbooks). The data is then partial: the caller
        lets nobody act on it (nor save: references to the records not read would fail
        validation) until a full ``load()`` has replaced it.
        """
        data = load_workspace(self.root, kinds)
        with self.lock:
            self.data = data
            self._index_blobs = None
        return data

    def recover_interrupted(self) -> str:
        """Undo an ``smgov sync`` that was killed mid-way, keeping every commit; return what was
        done for the person ('' when there was nothing to undo).

        Call it when the workspace is opened for work (the app, write commands, crisis mode),
        before ``load`` and before any save: until it runs, saves are refused. A sync still
        running in another process, and any rebase or merge a person started, are left alone.
        Read-only commands call ``interrupted_sync_pending`` instead, which writes nothing.
        """
        with self.lock:
            return recover_sync(self.git, self.author_or_none(), when_idle=True)

    def interrupted_sync_pending(self) -> bool:
        """True when an interrupted ``smgov sync`` waits to be undone (reads ``.git`` only)."""
        return interrupted_sync(self.git)

    def check(self, today: dt.date | None = None) -> list[Problem]:
        """Every problem of the loaded workspace, as ``smgov check`` reports them."""
        from smgov_tui.core.checks import check_workspace  # imported when used: see validate

        return check_workspace(self.data, today)

    def path_of(self, kind: k.Kind, record_id: str) -> Path:
        """Absolute path of a record, checked to be inside the workspace."""
        if not kind.is_single:
            check_id(record_id)
        return inside(self.root, kind.path_for(record_id))

    def _read_disk(self, path: Path) -> str | None:
        """The file's text exactly as the loader reads it (endings and byte-order mark kept),
        so that comparing it with a record's text says whether someone else changed the file."""
        return read_exact_or_none(path)

    def validate(
        self, kind: k.Kind, record_id: str, values: dict[str, Any], text: str = ""
    ) -> list[Problem]:
        """Problems ``values`` would have as record ``record_id``: schema and the record's rules.

        This is what a form shows inline and what a save enforces.

        The governance checks (and the phone-number library under them) are imported here,
        when first used, not with the store: ``smgov crisis`` logs incidents and never asks,
        and it starts a tenth of a second sooner without them. The app's Health section
        imports them at start anyway.
        """
        from smgov_tui.core.checks import check_entry

        rel = kind.path_for(record_id)
        content = text or new_text(values)
        record, problems = convert(values, kind.record_type, rel, content)
        entry: Entry[Any] = Entry(kind, record_id, rel, content, values, record)
        if record is not None:
            with self.lock:
                problems = problems + check_entry(self.data, entry, clock.today())
        else:
            problems = problems + [
                p for p in check_entry(self.data, entry, clock.today()) if p.code == "secret"
            ]
        return problems

    # --- writing -------------------------------------------------------------------------

    def ensure_can_save(self) -> None:
        """Raise OperationInProgress (nothing written) while git is in the middle of a rebase,
        merge, cherry-pick, revert or bisect, or HEAD is on no branch: a commit then could be
        dropped by the next ``--abort``. Every write transaction asks before writing a file."""
        self.git.ensure_can_commit()

    @contextmanager
    def transaction(self, message: str, changes: Sequence[FileChange]) -> Iterator[Transaction]:
        """Write ``changes`` and commit them as ONE commit ``message`` by the author: every
        record and incident write goes through here (see ``store/transaction.py``).

        Holding the store's lock throughout: the guard (``ensure_can_save``), the journal,
        every file written atomically and ``self.data`` re-read; then the caller's block
        runs (the files are written and the store holds them: a form can show the record
        while git works); then git commits exactly these paths. When git refuses, or the
        block raises, every file is put back, ``self.data`` re-read, and the error raised
        (NotPutBack when the files could not be put back either).
        """
        author = self.author  # fail before touching anything when nobody can sign
        with self.lock:
            self.ensure_can_save()
            transaction = Transaction(self, message, list(changes), author)
            transaction.write()
            try:
                yield transaction
                transaction.commit()
            except Exception as error:
                transaction.put_back(error)
                raise

    def apply(self, message: str, changes: Sequence[FileChange]) -> None:
        """:meth:`transaction` with nothing to do between writing and committing."""
        with self.transaction(message, changes):
            pass

    @contextmanager
    def saving(
        self,
        kind: k.Kind,
        record_id: str,
        values: dict[str, Any],
        base_text: str | None,
        header: str = "",
    ) -> Iterator[SaveResult]:
        """:meth:`save` in two steps, for a caller that shows the record before git has made
        the commit: the block runs once the file is written and ``self.data`` holds the new
        record (the SaveResult it gets names it), and the commit is made when the block ends.
        If git refuses it, the file and ``self.data`` are put back and the error is raised
        from the ``with`` statement. Conflicts and invalid data are raised before the block,
        with nothing written. An unchanged record runs the block with nothing to commit.
        """
        self.author  # noqa: B018 - fail before touching anything when nobody can sign
        with self.lock:
            self.ensure_can_save()
            path = self.path_of(kind, record_id)
            rel = kind.path_for(record_id)
            current = self._read_disk(path)
            if current != base_text:
                if base_text is None:
                    raise ConflictError(
                        rel, _("{path} already exists; choose another id").format(path=rel)
                    )
                raise ConflictError(
                    rel,
                    _(
                        "{path} changed on disk since you opened it (another person or program "
                        "saved it). Nothing was saved: reload it and apply your change again."
                    ).format(path=rel),
                )
            old_raw = self._committed_raw(rel, current)
            if current is None:
                text = new_text(values, header or self.new_file_header(kind))
            else:
                text = edit_text(current, values)
            if current is not None and text == current:
                entry = self.data.entry(kind, record_id)
                yield SaveResult(False, _("Nothing changed; no commit made."), entry)
                return
            new_raw = loads(text)
            errors = [
                p for p in self.validate(kind, record_id, new_raw, text) if p.severity == "error"
            ]
            if errors:
                raise ValidationFailed(errors)
            if current is None:
                message = f"{kind.name}: add {record_id}"
            else:
                message = commit_message(kind, record_id, old_raw, new_raw)
            with self.transaction(message, [FileChange(rel, current, text)]):
                yield SaveResult(True, message, self.data.entry(kind, record_id))

    def save(
        self,
        kind: k.Kind,
        record_id: str,
        values: dict[str, Any],
        base_text: str | None,
        header: str = "",
    ) -> SaveResult:
        """Write ``values`` as the record and commit it.

        ``base_text`` is the file text the caller read (None for a new record). If the disk
        differs, ConflictError is raised and nothing is written. Invalid data raises
        ValidationFailed. An unchanged record makes no commit. If the commit fails (a hook
        refused it), the file and ``self.data`` are put back as they were and StoreError is
        raised. :meth:`saving` is the same save for a caller that shows the record first.
        """
        with self.saving(kind, record_id, values, base_text, header) as result:
            pass
        return result

    def _committed_raw(self, rel: str, current: str | None) -> dict[str, Any]:
        """The record as git last recorded it, so a commit message names every field it changes.

        Usually that is the text on disk. When the file holds changes nobody committed (an
        editor, another program), the commit will carry them too, so the message is computed
        against the committed version instead. Blob ids from one ``git ls-files -s`` make the
        usual case free of extra git processes.
        """
        if current is None:
            return {}
        if self._index_blobs is None:
            self._index_blobs = {}
            listing = self.git.run_full("ls-files", "-s", "-z")
            for item in listing.stdout.split("\0"):
                meta, _tab, path = item.partition("\t")
                if path:
                    self._index_blobs[path] = meta.split()[1]
        committed = current
        if self._index_blobs.get(rel) != blob_id(current):
            shown = self.git.run_full("show", f"HEAD:{rel}")
            committed = shown.stdout if shown.returncode == 0 else ""
        try:
            return loads(committed)
        except (InvalidToml, RecursionError):
            return {}

    def committed_blobs(self) -> dict[str, str] | None:
        """Blob ids of the files in git's index, by path, when a save has read them (else
        None): a transaction whose files all appear here commits them without a second
        index (``Git.commit_paths(tracked=True)``)."""
        return self._index_blobs

    def remember_committed(self, rel: str, text: str | None) -> None:
        """A transaction committed ``text`` as ``rel`` (None: removed it)."""
        if self._index_blobs is not None:
            if text is None:
                self._index_blobs.pop(rel, None)
            else:
                self._index_blobs[rel] = blob_id(text)

    def save_many(
        self,
        changes: list[tuple[k.Kind, str, dict[str, Any], str | None]],
        message: str,
    ) -> SaveResult:
        """Write several records and commit them as ONE commit by the author: all or nothing.

        Each change is ``(kind, id, values, base_text)`` as for :meth:`save`. Every change is
        checked (conflicts, validation) before anything is written; unchanged records are
        skipped, and when nothing changed no commit is made.
        """
        self.author  # noqa: B018 - fail before judging anything when nobody can sign
        with self.lock:
            self.ensure_can_save()
            planned: list[FileChange] = []
            errors: list[Problem] = []
            for kind, record_id, values, base_text in changes:
                path = self.path_of(kind, record_id)
                rel = kind.path_for(record_id)
                current = self._read_disk(path)
                if current != base_text:
                    raise ConflictError(
                        rel,
                        _("{path} changed on disk since it was read; nothing was saved").format(
                            path=rel
                        ),
                    )
                if current is None:
                    text = new_text(values, self.new_file_header(kind))
                else:
                    text = edit_text(current, values)
                if current is not None and text == current:
                    continue
                new_raw = loads(text)
                found = self.validate(kind, record_id, new_raw, text)
                errors += [p for p in found if p.severity == "error"]
                planned.append(FileChange(rel, current, text))
            if errors:
                raise ValidationFailed(errors)
            if not planned:
                return SaveResult(False, _("Nothing changed; no commit made."), None)
            self.apply(message, planned)
            return SaveResult(True, message, None)

    def refresh(self, rel: str) -> Entry[Any] | None:
        """Re-read the record at ``rel`` into ``self.data`` after a change (None when it is
        gone or is no valid record); a path that is no record is ignored."""
        found = k.kind_for_path(rel)
        if found is None:
            return None
        kind, record_id = found
        by_id = self.data.entries[kind.name]
        self.data.problems = [p for p in self.data.problems if p.path != rel]
        if not (self.root / rel).exists():
            by_id.pop(record_id, None)
            return None
        entry, problems = read_entry(self.root, kind, record_id, rel)
        self.data.problems.extend(problems)
        if entry is None:
            by_id.pop(record_id, None)
            return None
        by_id[record_id] = entry
        if kind is k.WORKSPACE:
            self.data.meta = entry.record
        return entry

    def new_file_header(self, kind: k.Kind) -> str:
        """The comment lines a new ``kind`` file opens with: the sample's, in the workspace's
        language (``store.headers``), so a file made here explains itself like the sample's."""
        from smgov_tui.store.headers import header_for  # the sample's files: on a create only

        return header_for(kind, self.data.meta.language if self.data.meta else "en")

    def create(
        self, kind: k.Kind, record_id: str, values: dict[str, Any], header: str = ""
    ) -> SaveResult:
        """Add a new record; refuses an id that exists."""
        return self.save(kind, record_id, values, None, header)

    def duplicate(
        self,
        kind: k.Kind,
        record_id: str,
        new_id: str,
        values: dict[str, Any] | None = None,
    ) -> SaveResult:
        """Copy a record, comments included, under a new id.

        ``values``, when given, are what the copy holds (say, its name marked as a copy): they
        are written over the copied text, comments kept, and validated first.
        """
        entry = self._entry(kind, record_id)
        self.author  # noqa: B018 - fail before judging anything when nobody can sign
        with self.lock:
            self.ensure_can_save()
            path = self.path_of(kind, new_id)
            rel = kind.path_for(new_id)
            if path.exists():
                raise ConflictError(
                    rel, _("{path} already exists; choose another id").format(path=rel)
                )
            text = entry.text
            if values is not None:
                text = edit_text(entry.text, values)
                problems = self.validate(kind, new_id, loads(text), text)
                errors = [p for p in problems if p.severity == "error"]
                if errors:
                    raise ValidationFailed(errors)
            message = f"{kind.name}: add {new_id} as a copy of {record_id}"
            self.apply(message, [FileChange(rel, None, text)])
            return SaveResult(True, f"{kind.name}: add {new_id}", self.data.entry(kind, new_id))

    def _entry(self, kind: k.Kind, record_id: str) -> Entry[Any]:
        entry = self.data.entry(kind, record_id)
        if entry is None:
            raise StoreError(_("{kind} {id} does not exist").format(kind=kind.name, id=record_id))
        return entry

    def _check_unchanged(self, entry: Entry[Any]) -> None:
        current = self._read_disk(self.root / entry.path)
        if current != entry.text:
            raise ConflictError(
                entry.path,
                _("{path} changed on disk since it was loaded; reload before this change").format(
                    path=entry.path
                ),
            )

    def delete(
        self,
        kind: k.Kind,
        record_id: str,
        force: bool = False,
        reassign_to: str | None = None,
    ) -> SaveResult:
        """Remove a record. Refuses when others reference it, unless ``force``, or unless
        ``reassign_to`` names another record of the kind: every reference then names that one
        instead, and the edits and the delete are ONE commit (all or nothing). A reassignment
        that would make a record invalid (an account whose owner would also be its backup) is
        refused with ValidationFailed naming that record, and nothing is written.
        """
        if kind.is_single:
            raise StoreError(_("{kind} cannot be deleted").format(kind=kind.label))
        self.author  # noqa: B018 - fail before judging anything when nobody can sign
        with self.lock:
            self.ensure_can_save()
            entry = self._entry(kind, record_id)
            references = self.data.references_to(kind, record_id)
            if reassign_to is not None:
                return self._delete_reassigning(entry, reassign_to)
            if references and not force:
                listed = ", ".join(f"{path} ({field})" for path, field in references[:8])
                raise ReferencedError(
                    ngettext(
                        "{id} is still named by {count} record: {listed}",
                        "{id} is still named by {count} records: {listed}",
                        len(references),
                    ).format(id=record_id, count=len(references), listed=listed),
                    references,
                )
            self._check_unchanged(entry)
            message = f"{kind.name}: delete {record_id}"
            self.apply(message, [FileChange(entry.path, entry.text, None)])
            return SaveResult(True, message, None)

    def mark_reviewed(self, account_id: str, day: dt.date | None = None) -> SaveResult:
        """Set ``last_reviewed`` of the account to ``day`` (today): one commit, "accounts:
        reviewed <id>". Refuses a file changed on disk since it was loaded (ConflictError)
        and an account that is not valid (ValidationFailed); the same day again makes no
        commit."""
        day = day or clock.today()
        self.author  # noqa: B018 - fail before touching anything when nobody can sign
        with self.lock:
            self.ensure_can_save()
            entry = self._entry(k.ACCOUNTS, account_id)
            self._check_unchanged(entry)
            if entry.raw.get("last_reviewed") == day:
                return SaveResult(False, _("Nothing changed; no commit made."), entry)
            text = edit_text(entry.text, {**entry.raw, "last_reviewed": day})
            errors = [
                p
                for p in self.validate(k.ACCOUNTS, account_id, loads(text), text)
                if p.severity == "error"
            ]
            if errors:
                raise ValidationFailed(errors)
            message = f"accounts: reviewed {account_id}"
            self.apply(message, [FileChange(entry.path, entry.text, text)])
            return SaveResult(True, message, self.data.entry(k.ACCOUNTS, account_id))

    def _delete_reassigning(self, entry: Entry[Any], target: str) -> SaveResult:
        """:meth:`delete` with every reference moved to ``target`` first (lock held)."""
        kind, record_id = entry.kind, entry.id
        if target == record_id or self.data.entry(kind, target) is None:
            raise StoreError(
                _("Cannot reassign to {target}: choose another existing {kind} record.").format(
                    target=target, kind=kind.label
                )
            )
        self._check_unchanged(entry)
        edits = self._reference_edits(kind, record_id, target)
        errors: list[Problem] = []
        changes: list[FileChange] = []
        for referencing, values in edits:
            self._check_unchanged(referencing)
            text = edit_text(referencing.text, values)
            known = self.validate(
                referencing.kind, referencing.id, referencing.raw, referencing.text
            )
            before = {(p.field, p.message) for p in known}  # its own older faults do not block
            errors += [
                p
                for p in self.validate(referencing.kind, referencing.id, loads(text), text)
                if p.severity == "error" and (p.field, p.message) not in before
            ]
            changes.append(FileChange(referencing.path, referencing.text, text))
        if errors:
            raise ValidationFailed(errors)
        records = "1 record" if len(edits) == 1 else f"{len(edits)} records"  # git's words: English
        message = f"{kind.name}: delete {record_id}, reassigning {records} to {target}"
        self.apply(message, [*changes, FileChange(entry.path, entry.text, None)])
        return SaveResult(True, message, None)

    def rename(self, kind: k.Kind, old_id: str, new_id: str) -> SaveResult:
        """Give a record a new id and update every reference to it, in one commit."""
        if kind.is_single:
            raise StoreError(_("{kind} cannot be renamed").format(kind=kind.label))
        self.author  # noqa: B018 - fail before judging anything when nobody can sign
        with self.lock:
            self.ensure_can_save()
            entry = self._entry(kind, old_id)
            new_path = self.path_of(kind, new_id)
            new_rel = kind.path_for(new_id)
            if new_path.exists():
                raise ConflictError(
                    new_rel, _("{path} already exists; choose another id").format(path=new_rel)
                )
            self._check_unchanged(entry)
            edits = self._reference_edits(kind, old_id, new_id)
            for referencing, _values in edits:
                self._check_unchanged(referencing)
            extra = _(" ({count} references updated)").format(count=len(edits)) if edits else ""
            message = f"{kind.name}: rename {old_id} to {new_id}{extra}"
            # The new file first and the old one removed last: git sees the rename, and a
            # failure half-way puts every file back from the texts read here.
            self.apply(
                message,
                [
                    FileChange(new_rel, None, entry.text),
                    *(
                        FileChange(
                            referencing.path, referencing.text, edit_text(referencing.text, values)
                        )
                        for referencing, values in edits
                    ),
                    FileChange(entry.path, entry.text, None),
                ],
            )
            return SaveResult(True, message, self.data.entry(kind, new_id))

    def _reference_edits(
        self, kind: k.Kind, old_id: str, new_id: str
    ) -> list[tuple[Entry[Any], dict[str, Any]]]:
        """The records naming ``old_id`` and their values with ``new_id`` instead."""
        edits: list[tuple[Entry[Any], dict[str, Any]]] = []
        if kind is k.OWNERS:
            for entry in self.data.entries[k.ACCOUNTS.name].values():
                raw = dict(entry.raw)
                changed = False
                for key in ("owner", "backup_owner"):
                    if raw.get(key) == old_id:
                        raw[key] = new_id
                        changed = True
                if changed:
                    edits.append((entry, raw))
            workspace = self.data.entry(k.WORKSPACE, k.WORKSPACE.single_id)
            plan = workspace.raw.get("plan") if workspace else None
            if workspace is not None and isinstance(plan, dict):
                evangelists = plan.get("evangelists")
                new_plan = dict(plan)
                if plan.get("owner") == old_id:
                    new_plan["owner"] = new_id
                if isinstance(evangelists, list) and old_id in evangelists:
                    new_plan["evangelists"] = [new_id if e == old_id else e for e in evangelists]
                if new_plan != plan:
                    edits.append((workspace, {**workspace.raw, "plan": new_plan}))
        elif kind is k.CONTACTS:
            for entry in self.data.entries[k.PLAYBOOKS.name].values():
                steps = entry.raw.get("steps")
                if not isinstance(steps, list):
                    continue
                new_steps = []
                changed = False
                for step in steps:
                    contacts = step.get("contacts") if isinstance(step, dict) else None
                    if isinstance(contacts, list) and old_id in contacts:
                        # dict.fromkeys: a step naming both (a reassignment) names one once
                        renamed = [new_id if c == old_id else c for c in contacts]
                        step = {**step, "contacts": list(dict.fromkeys(renamed))}
                        changed = True
                    new_steps.append(step)
                if changed:
                    edits.append((entry, {**entry.raw, "steps": new_steps}))
        elif kind is k.PLAYBOOKS:
            for entry in self.data.entries[k.INCIDENTS.name].values():
                if entry.raw.get("playbook") == old_id:
                    edits.append((entry, {**entry.raw, "playbook": new_id}))
            heard = self.data.entry(k.LISTENING, k.LISTENING.single_id)
            thresholds = heard.raw.get("thresholds") if heard else None
            if heard is not None and isinstance(thresholds, list):
                renamed = [
                    {**t, "playbook": new_id}
                    if isinstance(t, dict) and t.get("playbook") == old_id
                    else t
                    for t in thresholds
                ]
                if renamed != thresholds:
                    edits.append((heard, {**heard.raw, "thresholds": renamed}))
        return edits

    # --- changes nobody committed --------------------------------------------------------

    def uncommitted(self, by_smgov_only: bool = False) -> list[Uncommitted]:
        """Changes on disk that no commit holds: saves stopped before their commit (a journal
        says by whom and with which message), then (unless ``by_smgov_only``) files changed
        by hand. Read-only; with ``by_smgov_only`` and no journal, no git process runs."""
        with self.lock:
            return find_uncommitted(self.root, self.git, self.journal, by_smgov_only)

    def forget_settled(self) -> None:
        """Remove the journals of stopped saves whose files match HEAD again (committed or put
        back by hand): without them, opening the workspace runs no git process for this."""
        with self.lock:  # a save under way holds the lock: its journal is not touched
            for path in stale_journals(self.git, self.journal):
                self.journal.end(path)

    def settle_uncommitted(self, chosen: list[Uncommitted], commit: bool) -> list[str]:
        """Commit ``chosen`` (as smgov meant to) or put HEAD's version back; reloads the
        workspace. Returns the commit messages made. See :func:`store.pending.settle`."""
        return settle(self, chosen, commit)

    # --- history -------------------------------------------------------------------------

    def history(
        self, kind: k.Kind | None = None, record_id: str | None = None, limit: int = 200
    ) -> list[Commit]:
        """Commits of one record (or of the whole workspace), newest first."""
        if kind is None:
            return self.git.log(None, limit)
        with self.lock:
            if self._history is None:
                from smgov_tui.store.history import HistoryIndex

                self._history = HistoryIndex(self.git)
            history = self._history
        return history.log(kind.path_for(record_id or kind.single_id), limit)

    def diff(self, sha: str, path: str | None = None) -> str:
        """The patch a commit made (to ``path`` only, when given)."""
        return self.git.show(sha, path)

    def revert(self, sha: str) -> str:
        """Undo a commit with a new commit by the author; returns the new commit's subject."""
        author = self.author
        with self.lock:
            self.ensure_can_save()  # and never ``revert --abort`` someone's own revert
            result = self.git.run_full("revert", "--no-edit", sha, env=Git.author_env(author))
            if result.returncode != 0:
                self.git.run_full("revert", "--abort")
                raise StoreError(_revert_refusal(sha, result.stdout + "\n" + result.stderr))
            self.load()
            return self.git.run("log", "-1", "--format=%s").strip()


def _revert_refusal(sha: str, said: str) -> str:
    """Why git would not revert ``sha``, in one plain sentence: the files later commits changed
    on the same lines, or git's own reason; never git's ``hint:`` lines about resolving
    conflicts by hand, which smgov has already undone (``revert --abort``)."""
    conflicted = [
        line.rsplit(" in ", 1)[1].strip()
        for line in said.splitlines()
        if line.startswith("CONFLICT") and " in " in line
    ]
    if conflicted:
        return _(
            "Cannot revert {sha}: later commits changed the same lines of {files}. Nothing was "
            "changed; edit the record to undo it by hand."
        ).format(sha=sha[:8], files=", ".join(dict.fromkeys(conflicted)))
    reasons = [
        line.removeprefix("error: ").removeprefix("fatal: ").strip()
        for line in said.splitlines()
        if line.strip() and not line.startswith("hint:")
    ]
    return _("Cannot revert {sha}: {reason}. Nothing was changed.").format(
        sha=sha[:8], reason=(reasons[0] if reasons else _("git refused")).rstrip(".")
    )
