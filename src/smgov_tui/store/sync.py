"""Team sync: fetch, integrate the remote's commits, push; nobody's work is ever lost.

Integration is a REBASE of the local, unpushed commits onto the upstream branch (see the README,
"Working as a team"): history stays a straight line of one-sentence commits, and only commits
that are not on the remote are replayed, so nothing pushed is ever rewritten. Before the
rebase starts, every file changed on both sides is merged here, field by field
(``core.merge``): when the same field changed on both sides the sync stops BEFORE touching the
repository and returns the conflicts; nothing is half-done. An incident's log never conflicts
(``core.merge.merge_log``: the union of both sides' entries). ``resolve`` runs the same sync
with the person's picks: the replay keeps mine at every conflicting field (through the merge
driver and, as a safety net, by writing the file at each stop), so every local commit stays as
it was made, and one settlement commit then applies the picks and says in its subject what was
taken from whom (``_settle``). A local commit git leaves out (the remote already had its change)
is named in the result's message.

A sync that was killed mid-way (its rebase in progress) is undone by the next one, or when
the workspace is opened for work (``Store.recover_interrupted``), without dropping a commit
(``store/recovery.py``). While it is in progress no save commits (``Git.ensure_can_commit``).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from smgov_tui.core import kinds as k
from smgov_tui.core.merge import (
    MISSING,
    FieldConflict,
    MergeResult,
    Pick,
    apply_choices,
    set_at,
)
from smgov_tui.core.problems import Problem
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.errors import GitError, NotAWorkspace, StoreError, ValidationFailed
from smgov_tui.store.git import Author, Commit, Git
from smgov_tui.store.gitfiles import (
    REBASE_MARKER,
    git_dir,
    operation_in_progress,
    rebase_is_smgovs,
)
from smgov_tui.store.mergeconfig import ForeignMergeDriver, ensure_merge_driver
from smgov_tui.store.recovery import SyncBusy, recover_sync, recovery_pending, sync_lock
from smgov_tui.store.remote import (
    FETCH_TIMEOUT,
    Fetched,
    Target,
    classify,
    counts,
    fetch,
    find_target,
    network_env,
    push,
    standing,
    unpushed,
)
from smgov_tui.store.store import Store
from smgov_tui.store.syncstate import (
    read_state,
    record_conflict,
    record_failure,
    record_fetched,
    record_synced,
)
from smgov_tui.store.textfile import read_exact_or_none
from smgov_tui.store.tomledit import edit_text, new_text
from smgov_tui.store.tomlmerge import line_merge, merge_toml, parse, replay_merge

Status = Literal[
    "synced",  # integrated and/or pushed
    "up-to-date",  # nothing to do
    "conflicts",  # the same field changed on both sides; nothing was changed
    "no-remote",  # the workspace has no remote
    "unreachable",  # the remote cannot be reached (offline, wrong URL, not a repo)
    "auth",  # the remote refused our credentials
    "dirty",  # files changed outside smgov and not committed
    "error",  # anything else; the message says what
]

SYNC_FETCH_TIMEOUT = 120.0
"""Seconds a sync's fetch may wait for the remote when nobody can answer a prompt."""
MAX_ROUNDS = 3
"""How many times a push rejected because the remote moved is retried (fetch, integrate)."""


@dataclass(frozen=True)
class RecordConflict:
    """One file whose changes collide: the record and its conflicting fields."""

    path: str
    """Workspace-relative path."""
    fields: list[FieldConflict]
    """The conflicting fields; one with an empty path when the whole file conflicts."""
    base: Any
    """The record (parsed) both sides started from: a dict, a text for a whole file, MISSING."""
    mine: Any
    """Our version: a dict, a text (whole file) or MISSING when we deleted it."""
    theirs: Any
    """Their version: a dict, a text (whole file) or MISSING when they deleted it."""
    merge: MergeResult | None = None
    """The field-by-field merge (None for a whole-file conflict)."""

    @property
    def kind_and_id(self) -> tuple[k.Kind, str] | None:
        """The kind and id of the record at ``path``, when it is one."""
        return k.kind_for_path(self.path)

    @property
    def whole_file(self) -> bool:
        """True when the file cannot be merged by field (deleted on one side, not TOML...)."""
        return self.merge is None


@dataclass
class SyncResult:
    """What a sync did, for the CLI and the status bar."""

    status: Status
    message: str
    """One or two sentences for people."""
    pulled: int = 0
    """Commits integrated from the remote."""
    pushed: int = 0
    """Commits pushed."""
    conflicts: list[RecordConflict] = field(default_factory=list)
    recovered: str = ""
    """Non-empty when an interrupted sync was found and undone first."""
    problems: list[Problem] = field(default_factory=list)
    """Validation errors of a resolution that was refused."""
    dropped: list[Commit] = field(default_factory=list)
    """Local commits left out of the replay (named in ``message`` too)."""
    arrived: list[str] = field(default_factory=list)
    """Workspace-relative paths the sync changed here (the remote's commits, a settlement)."""
    opened: list[str] = field(default_factory=list)
    """Incident files the remote brought that were not here: a teammate opened them."""

    @property
    def ok(self) -> bool:
        """True when the workspace is now in step with the remote."""
        return self.status in ("synced", "up-to-date")


@dataclass(frozen=True)
class SyncStatus:
    """Where the workspace stands against its remote (from the last fetch; no network)."""

    remote: str | None
    """Name of the remote, or None when there is none."""
    upstream: str | None
    """The upstream branch (``origin/main``), or None before the first push."""
    ahead: int
    """Local commits not on the remote."""
    behind: int
    """Remote commits not integrated yet (as of the last fetch)."""
    unpushed: list[Commit]
    """The local commits not on the remote, newest first."""
    last_sync: dt.datetime | None
    """When the last successful sync finished."""
    interrupted: str = ""
    """A rebase or merge left in progress (``rebase``/``merge``), or empty."""


class SyncError(StoreError):
    """A sync could not run; ``status`` says why (no-remote, unreachable, auth...)."""

    def __init__(self, status: Status, message: str) -> None:
        super().__init__(message)
        self.status: Status = status


# --- state outside the workspace ---------------------------------------------------------


def last_sync(store: Store) -> dt.datetime | None:
    """When the last successful sync finished (``store.syncstate``: ``.git/smgov/sync.json``)."""
    return read_state(store.root).last_sync


def _remember(store: Store, result: SyncResult) -> None:
    """Keep what this sync found for the status bar (``store.syncstate``): in step, a conflict
    waiting, or a failure with its time. A resolution refused as invalid changes nothing."""
    if result.ok:
        record_synced(store.root)
    elif result.status == "conflicts":
        if result.conflicts:
            record_conflict(store.root, [conflict.path for conflict in result.conflicts])
    elif result.status != "no-remote":
        record_failure(store.root, result.status, result.message)


def background_fetch(store: Store, timeout: float = FETCH_TIMEOUT) -> Fetched | None:
    """Fetch the team's commits without integrating them (the app's status bar, every few
    minutes): no prompt, a timeout, the working tree and index untouched. None when a sync is
    running (it fetches itself). The outcome is kept for the status bar (``syncstate``).

    Never for a read-only command: a fetch writes objects and ``refs/remotes/``."""
    try:
        with sync_lock(store.git):
            fetched = fetch(store.git, timeout)
            if fetched.ok:
                record_fetched(store.root)
            elif fetched.status != "no-remote":
                record_failure(store.root, fetched.status, fetched.said, during="fetch")
            return fetched
    except SyncBusy:
        return None


# --- git helpers ---------------------------------------------------------------------------


def _rev(git: Git, ref: str) -> str:
    return git.run("rev-parse", ref).strip()


def _in_progress(git: Git) -> str:
    """The operation git is in the middle of (``gitfiles.operation_in_progress``, the one
    reading the store's save guard uses too), '' for none. A detached HEAD alone is not an
    operation here: ``_sync`` refuses it with its own sentence when it looks for the branch."""
    folder = git_dir(git.root)
    state = operation_in_progress(folder) if folder is not None else ""
    return "" if state == "detached" else state


def _classify(stderr: str) -> Status:
    return "auth" if classify(stderr) == "auth" else "unreachable"


def _git_says(stderr: str) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    wanted = [line for line in lines if line.lower().startswith(("fatal", "error"))] or lines
    return " ".join(wanted[-2:])


def _marker(git: Git) -> Path | None:
    folder = git_dir(git.root)
    return folder / REBASE_MARKER if folder is not None else None


def recover(store: Store) -> str:
    """Undo a sync that was killed mid-way; return what was done ('' when nothing was left).

    ``git rebase --abort`` puts the branch back exactly where it was before the rebase started
    (the branch ref only moves when a rebase finishes); commits made on the detached HEAD
    meanwhile are put back on the branch or kept under a ``refs/smgov/rescued/`` ref
    (``recovery.recover_sync``): no commit is dropped. Only a rebase that smgov started (its
    marker was written in ``.git`` as it began) is undone: a rebase, merge or cherry-pick a
    person started in a terminal may hold their conflict resolutions, so it is left alone and
    SyncError says how to finish it. Call it holding the sync lock.
    """
    git = store.git
    state = _in_progress(git)
    folder = git_dir(git.root)
    ours = folder is not None and rebase_is_smgovs(folder)
    if state == "bisect" and not recovery_pending(git):
        raise SyncError(
            "error",
            _(
                "A git bisect is in progress in {root}, not started by smgov. End it (git "
                "bisect reset) in a terminal, then sync again. Nothing was changed."
            ).format(root=store.root),
        )
    if state and not recovery_pending(git) and (state != "rebase" or not ours):
        raise SyncError(
            "error",
            _(
                "A git {state} is in progress in {root}, not started by smgov. Finish it "
                "(git {state} --continue) or undo it (git {state} --abort) in a terminal, then "
                "sync again. Nothing was changed."
            ).format(state=state, root=store.root),
        )
    message = recover_sync(git, store.author_or_none())
    if message:
        store.load()
    return message


def sync_status(store: Store) -> SyncStatus:
    """Ahead/behind, unpushed commits and last sync, from what the last fetch saw (no network)."""
    git = store.git
    now = standing(git)
    where = now.target
    commits = unpushed(git, where) if now.ahead or where.upstream is None else []
    return SyncStatus(
        where.remote,
        where.short,
        now.ahead,
        now.behind,
        commits,
        last_sync(store),
        _in_progress(git),
    )


# --- planning: merge every file changed on both sides, before touching anything -------------


def _blob(git: Git, rev: str, path: str) -> str | None:
    # exact: a CRLF file's text keeps its endings through the plan and the rebase stops
    result = git.run_exact("cat-file", "blob", f"{rev}:{path}")
    return result.stdout if result.returncode == 0 else None


def _changed(git: Git, old: str, new: str) -> set[str]:
    out = git.run("diff", "--name-only", "--no-renames", "-z", old, new)
    return {name for name in out.split("\0") if name}


@dataclass
class _Plan:
    targets: dict[str, str | None]
    """Resolved text of every file changed on both sides (None: the file is deleted)."""
    conflicts: list[RecordConflict]
    """Conflicts left without a pick."""
    resolved: list[RecordConflict]
    """Conflicts settled by the picks given."""
    mine_first: dict[str, str | None] = field(default_factory=dict)
    """For each resolved conflict, the text with MINE at every conflicting field: the replay
    takes it, so each local commit stays as the person made it; the picks then become one
    settlement commit of their own (see ``_settle``)."""

    @property
    def replay(self) -> dict[str, str | None]:
        """The text the rebase takes at every file changed on both sides."""
        return {**self.targets, **self.mine_first}


Picks = Mapping[str, Mapping[str, Pick]]
"""Per file path, the picks by dotted field path (``""`` for a whole-file conflict)."""


def _plan(git: Git, base: str, mine: str, theirs: str, picks: Picks) -> _Plan:
    plan = _Plan({}, [], [])
    both = sorted(_changed(git, base, mine) & _changed(git, base, theirs))
    for path in both:
        base_text = _blob(git, base, path)
        mine_text = _blob(git, mine, path)
        theirs_text = _blob(git, theirs, path)
        if mine_text == theirs_text:
            plan.targets[path] = mine_text
            continue
        conflict: RecordConflict | None = None
        target: str | None = None
        if mine_text is not None and theirs_text is not None and path.endswith(".toml"):
            merged = merge_toml(base_text, theirs_text, mine_text, path)
            if merged.result is not None:
                # Merged on their text (the rebase replays ours on top of it); reported the
                # person's way round: mine = ours.
                swapped = _swap(merged.result)
                if swapped.clean:
                    plan.targets[path] = edit_text(theirs_text, swapped.merged, mine_text)
                    continue
                conflict = RecordConflict(
                    path,
                    swapped.conflicts,
                    parse(base_text) if base_text is not None else MISSING,
                    parse(mine_text),
                    parse(theirs_text),
                    swapped,
                )
                file_picks = picks.get(path, {})
                if all(c.dotted in file_picks for c in swapped.conflicts):
                    data = apply_choices(swapped, file_picks)
                    target = edit_text(theirs_text, data, mine_text)
                    plan.mine_first[path] = edit_text(theirs_text, swapped.merged, mine_text)
        elif mine_text is not None and theirs_text is not None and not path.endswith(".toml"):
            text, clean = line_merge(
                git, base_text or "", theirs_text, mine_text, ("theirs", "base", "mine")
            )
            if clean:
                plan.targets[path] = text
                continue
        if conflict is None:
            whole = FieldConflict(
                (),
                MISSING if base_text is None else base_text,
                MISSING if mine_text is None else mine_text,
                MISSING if theirs_text is None else theirs_text,
            )
            conflict = RecordConflict(path, [whole], whole.base, whole.ours, whole.theirs, None)
            pick = picks.get(path, {}).get("")
            if pick is not None:
                value = pick.value_for(whole)
                target = None if value is MISSING else _as_text(value, mine_text, theirs_text)
                plan.targets[path] = target
                plan.mine_first[path] = mine_text
                plan.resolved.append(conflict)
                continue
        if target is None:
            plan.conflicts.append(conflict)
        else:
            plan.targets[path] = target
            plan.resolved.append(conflict)
    return plan


def _as_text(value: Any, mine: str | None, theirs: str | None) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return edit_text(theirs or mine or "", value) if (theirs or mine) else new_text(value)
    raise StoreError(_("A whole-file pick must be a text or a table"))


def _swap(result: MergeResult) -> MergeResult:
    """A merge done as (base, theirs, mine) seen as (base, mine, theirs), ours' value held."""
    conflicts = [FieldConflict(c.path, c.base, c.theirs, c.ours) for c in result.conflicts]
    # ``merged`` holds their value at each conflict; hold mine instead (the documented default).
    merged = copy.deepcopy(result.merged)
    for conflict in conflicts:
        set_at(merged, conflict.path, copy.deepcopy(conflict.ours))
    return MergeResult(merged, conflicts)


def _unmerged(git: Git) -> list[str]:
    out = git.run("diff", "--name-only", "-z", "--diff-filter=U")
    return sorted({p for p in out.split("\0") if p})


def _index_is_head(git: Git) -> bool:
    return git.run_full("diff", "--cached", "--quiet", "HEAD").returncode == 0


# --- the sync --------------------------------------------------------------------------------


def _fetch(git: Git, remote: str, interactive: bool) -> None:
    args = ("fetch", "--prune", "--no-tags", remote)
    if interactive:  # a person at a terminal may type a password: no timeout
        result = git.run_full(*args, env=network_env(interactive))
    else:  # nobody to answer a prompt; a remote that does not answer is offline
        result = git.run_network(*args, timeout=SYNC_FETCH_TIMEOUT)
    if result.returncode != 0:
        status = _classify(result.stderr)
        url = git.config(f"remote.{remote}.url")
        if status == "auth":
            message = _(
                "The remote {remote} ({url}) refused the credentials; check your git credential "
                "helper or ssh key. Your local commits are kept. git said: {detail}"
            )
        else:
            message = _(
                "Cannot reach the remote {remote} ({url}); you may be offline or the address is "
                "wrong. Your local commits are kept and will be pushed on the next sync. "
                "git said: {detail}"
            )
        raise SyncError(
            status, message.format(remote=remote, url=url, detail=_git_says(result.stderr))
        )


def _check_clean(store: Store) -> None:
    """Refuse to sync while files hold changes no commit has, naming each, saying whether
    smgov wrote it (a save stopped before its commit) and the one way to settle it."""
    out = store.git.run("status", "--porcelain", "--untracked-files=no", "-z")
    if not any(len(entry) > 3 for entry in out.split("\0")):
        return
    found = store.uncommitted()
    ours = [item for item in found if item.by_smgov]
    theirs = [item for item in found if not item.by_smgov]
    parts: list[str] = []
    if ours:
        parts.append(
            ngettext(
                "This file holds a change smgov saved but never committed (it was stopped "
                "before the commit): {files}. Open the workspace in smgov (smgov {root}): it "
                "offers to commit it as it was meant to be, or to put the committed version "
                "back.",
                "These files hold changes smgov saved but never committed (it was stopped "
                "before the commit): {files}. Open the workspace in smgov (smgov {root}): it "
                "offers to commit them as they were meant to be, or to put the committed "
                "version back.",
                len(ours),
            ).format(
                files="; ".join(
                    _("{path} ('{message}', for {author})").format(
                        path=item.path, message=item.message, author=item.author
                    )
                    for item in ours[:10]
                ),
                root=store.root,
            )
        )
    if theirs:
        parts.append(
            _(
                "These files were changed outside smgov and are not committed: {paths}. Commit "
                "them (git commit) or undo the changes (git restore)."
            ).format(paths=", ".join(item.path for item in theirs[:10]))
        )
    if not parts:  # changed back meanwhile
        return
    raise SyncError("dirty", " ".join(parts) + " " + _("Then sync again."))


def _validate_targets(store: Store, plan: _Plan) -> list[Problem]:
    problems: list[Problem] = []
    for conflict in plan.resolved:
        text = plan.targets.get(conflict.path)
        found = k.kind_for_path(conflict.path)
        if text is None or found is None:
            continue
        kind, record_id = found
        try:
            raw = parse(text) or {}
        except ValueError as error:
            problems.append(Problem(conflict.path, None, "", str(error)))
            continue
        problems += [p for p in store.validate(kind, record_id, raw, text) if p.severity == "error"]
    return problems


def _rebase(store: Store, upstream: str, plan: _Plan) -> None:
    """Replay the local commits onto ``upstream``, taking the planned text at every stop.

    The replay takes mine at every conflicting field (``_Plan.replay``): each local commit
    keeps saying what it did, and none becomes empty because the person kept theirs. A
    commit that still ends up empty (the remote already made the same change) is dropped
    by git, as it would be by hand; ``_integrate`` names it in the sync's message.
    """
    git = store.git
    targets = plan.replay
    author = store.author_or_none()
    env = {"GIT_EDITOR": "true"}
    if author is not None:
        env.update({"GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email})
    folder = git_dir(store.root) or store.root
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", prefix="smgov-targets-", suffix=".json", dir=folder, delete=False
    ) as handle:
        json.dump({p: t for p, t in plan.replay.items() if t is not None}, handle)
        targets_file = Path(handle.name)
    env["SMGOV_MERGE_TARGETS"] = str(targets_file)
    marker = _marker(git)
    if marker is not None:
        atomic_write(marker, upstream + "\n")
    try:
        result = git.run_full("rebase", "--no-autostash", upstream, env=env)
        rounds = 0
        while _in_progress(git) == "rebase":
            rounds += 1
            unmerged = _unmerged(git)
            unknown = [p for p in unmerged if p not in targets]
            if unknown or rounds > 1000 or (not unmerged and not _index_is_head(git)):
                detail = _git_says(result.stderr or result.stdout)
                git.run_full("rebase", "--abort")
                raise SyncError(
                    "error",
                    _(
                        "The remote's changes could not be combined with yours ({paths}); "
                        "nothing was changed and your commits are kept. git said: {detail}"
                    ).format(paths=", ".join(unknown) or "-", detail=detail),
                )
            for path in unmerged:
                target = _replay_text(git, path, targets[path])
                if target is None:
                    git.run("rm", "-q", "--cached", "--ignore-unmatch", "--", path)
                    (store.root / path).unlink(missing_ok=True)
                else:
                    atomic_write(store.root / path, target)
                    git.run("add", "--", path)
            if _index_is_head(git):
                # The remote already has this commit's change (or the pick undid it): the
                # commit has nothing left to say, so it is dropped, as git does on its own.
                result = git.run_full("rebase", "--skip", env=env)
            else:
                result = git.run_full("rebase", "--continue", env=env)
        if result.returncode != 0:
            raise SyncError("error", _git_says(result.stderr or result.stdout))
    finally:
        targets_file.unlink(missing_ok=True)
        if marker is not None and _in_progress(git) != "rebase":
            marker.unlink(missing_ok=True)


def _replay_text(git: Git, path: str, planned: str | None) -> str | None:
    """The text a replayed commit takes for a file git left unmerged at this stop.

    Merged from git's three stages with the commit's OWN value at each field both sides
    changed (``tomlmerge.replay_merge``), as the merge driver does, so a value saved and then
    changed again before the sync stays in the history; the planned text (mine, final) when
    the file cannot be merged by field.
    """
    if planned is not None and path.endswith(".toml"):
        ours = _blob(git, ":2", path)
        theirs = _blob(git, ":3", path)
        if ours is not None and theirs is not None:
            merged = replay_merge(_blob(git, ":1", path), ours, theirs, path)
            if merged is not None:
                return merged
    return planned


@dataclass
class _Replayed:
    """What integrating the remote did to the local commits, for the sync's message."""

    dropped: list[Commit] = field(default_factory=list)
    """Local commits that were left out (they changed nothing on top of the remote's)."""
    settled: list[str] = field(default_factory=list)
    """Subjects of the settlement commits made from the person's picks."""


_REPLAY_FORMAT = "%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f%ad%x1f%B%x1e"


def _local_commits(git: Git, spec: str) -> list[tuple[Commit, tuple[str, ...]]]:
    """The commits of ``spec`` with what a rebase keeps of each (author, date, message)."""
    out = git.run("log", "--date=raw", f"--format={_REPLAY_FORMAT}", spec)
    commits: list[tuple[Commit, tuple[str, ...]]] = []
    for record in out.split("\x1e"):
        record = record.lstrip("\n")
        if not record:
            continue
        sha, name, email, date, subject, raw_date, body = record.split("\x1f", 6)
        commits.append((Commit(sha, name, email, date, subject), (name, email, raw_date, body)))
    return commits


def _dropped(
    before: list[tuple[Commit, tuple[str, ...]]], after: list[tuple[Commit, tuple[str, ...]]]
) -> list[Commit]:
    """The commits of ``before`` that no commit of ``after`` replays, oldest first."""
    left = Counter(key for _commit, key in after)
    dropped = []
    for commit, key in reversed(before):
        if left[key]:
            left[key] -= 1
        else:
            dropped.append(commit)
    return dropped


def _one_line(text: str) -> str:
    """Text from a file or a teammate made safe for one line of a commit message."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _settlement_subject(git: Git, since: str, upstream: str, settled: list[_Settled]) -> str:
    """``owners: settle ana-ruiz: email from Alice (theirs), phone mine`` and the like.

    "From whom" is the last person who changed that file on the remote since the common base.
    Names and fields are made one printable line: they are data from teammates and files.
    """
    parts = []
    for item in settled:
        who = git.run("log", "-1", "--format=%an", f"{since}..{upstream}", "--", item.path).strip()
        who = _one_line(who) or "the remote"
        taken: list[str] = []
        for name, pick in item.picks:
            name = _one_line(name) or "whole file"
            if pick.side == "mine":
                taken.append(f"{name} mine")
            elif pick.side == "theirs":
                taken.append(f"{name} from {who} (theirs)")
            else:
                taken.append(f"{name} typed in")
        found = k.kind_for_path(item.path)
        label = f"{found[0].name} {found[1]}" if found else item.path
        parts.append((found[0].name if found else "", label, ", ".join(taken)))
    if len(parts) == 1 and parts[0][0]:
        kind, label, fields = parts[0]
        return f"{kind}: settle {label.removeprefix(kind + ' ')}: {fields}"
    return "sync: settle " + "; ".join(f"{label}: {fields}" for _kind, label, fields in parts)


@dataclass(frozen=True)
class _Settled:
    path: str
    picks: list[tuple[str, Pick]]
    """The dotted field and its pick, in the conflict's order."""


def _settle(
    store: Store, plan: _Plan, picks: Picks, since: str, upstream: str, author: Author | None
) -> str:
    """Commit the person's picks on top of the replayed local commits; return the subject.

    Why a commit of its own: the replay kept mine at every conflicting field, so the local
    commits stay as they were made (none is dropped for having been overruled), and this one
    commit says in its subject what was taken from whom (``owners: settle ana-ruiz: email
    from Alice Ruiz (theirs), phone mine``). Picks that all keep mine change nothing and
    make no commit ('' is returned).
    """
    paths: list[str] = []
    settled: list[_Settled] = []
    for conflict in plan.resolved:
        path = conflict.path
        target = plan.targets.get(path)
        if target == plan.mine_first.get(path):
            continue
        file = store.root / path
        # exact: a CRLF file (or one with a BOM) keeps its endings; only the settled lines change
        current = read_exact_or_none(file)
        if target is None:
            if current is None:
                continue
            file.unlink()
        else:
            text = target
            if current is not None and path.endswith(".toml"):
                try:
                    text = edit_text(current, parse(target) or {})
                except ValueError:
                    text = target
            if text == current:
                continue
            atomic_write(file, text)
        paths.append(path)
        file_picks = picks.get(path, {})
        settled.append(
            _Settled(
                path,
                [
                    (c.dotted, file_picks[c.dotted])
                    for c in conflict.fields
                    if c.dotted in file_picks
                ],
            )
        )
    if not paths:
        return ""
    git = store.git
    subject = _settlement_subject(git, since, upstream, settled)
    try:
        if author is None:
            author = store.author  # raises AuthorMissing, which says how to set one
        git.commit_paths(paths, subject, author)
    except StoreError as error:
        # The replayed commits are in (with mine kept); put the files back as they are there,
        # so that nothing half-settled stays uncommitted, and say which choices are not in.
        message = _(
            "The remote's commits were combined with yours, keeping your values, but the "
            "commit of your choices failed, so they are not applied ({paths}): edit those "
            "fields again. git said: {error}"
        ).format(paths=", ".join(paths), error=error)
        try:
            git.put_head_back(paths)
        except StoreError as failure:  # said, not hidden: the files still hold the choices
            message += " " + _(
                "Putting those files back failed too, so they hold your choices, not "
                "committed: {reason}"
            ).format(reason=failure)
        raise SyncError("error", message) from error
    return subject


def _integrate(store: Store, where: Target, picks: Picks, replayed: _Replayed) -> SyncResult | int:
    """Bring the upstream's commits in; return the number pulled, or a stopping result."""
    git = store.git
    upstream = where.upstream
    assert upstream is not None
    ahead, behind = counts(git, where)
    if behind == 0:
        return 0
    if ahead == 0:
        git.run("merge", "--ff-only", "-q", upstream)
        return behind
    base = git.run("merge-base", "HEAD", upstream).strip()
    plan = _plan(git, base, _rev(git, "HEAD"), _rev(git, upstream), picks)
    if plan.conflicts:
        return SyncResult(
            "conflicts",
            ngettext(
                "The same field was changed here and on the remote in {count} record; "
                "nothing was changed. Choose, field by field, which value to keep.",
                "The same field was changed here and on the remote in {count} records; "
                "nothing was changed. Choose, field by field, which value to keep.",
                len(plan.conflicts),
            ).format(count=len(plan.conflicts)),
            conflicts=plan.conflicts,
        )
    problems = _validate_targets(store, plan)
    if problems:
        raise ValidationFailed(problems)
    author = None
    if any(plan.targets.get(p) != t for p, t in plan.mine_first.items()):
        try:
            author = store.author
        except StoreError as error:
            raise SyncError("error", str(error)) from error
    before = _local_commits(git, f"{upstream}..HEAD")
    _rebase(store, upstream, plan)
    replayed.dropped += _dropped(before, _local_commits(git, f"{upstream}..HEAD"))
    subject = _settle(store, plan, picks, base, upstream, author)
    if subject:
        replayed.settled.append(subject)
    return behind


def _push(store: Store, where: Target, interactive: bool) -> tuple[int, bool]:
    """Push the branch; return (commits pushed, rejected because the remote moved)."""
    pushed = push(store.git, where, interactive)
    if not pushed.failed:
        return pushed.sent, False
    if pushed.moved:
        return 0, True
    raise SyncError(
        _classify(pushed.stderr),
        _(
            "Could not push to {remote}: your commits are kept here and will be pushed on the "
            "next sync. git said: {detail}"
        ).format(remote=where.remote, detail=_git_says(pushed.stderr or pushed.said)),
    )


def _reload_if_moved(store: Store, start: str) -> None:
    """Read the workspace again when the sync changed the files (HEAD moved)."""
    now = store.git.run_full("rev-parse", "-q", "--verify", "HEAD").stdout.strip()
    if now == start:
        return
    changed = _changed(store.git, start, now) if start else set()
    if not changed or len(changed) > 200:
        store.load()
        return
    # Only the files the sync brought change: re-read those, not the whole workspace.
    with store.lock:
        for rel in sorted(changed):
            store.refresh(rel)


def sync(
    store: Store,
    picks: Picks | None = None,
    interactive: bool = False,
    fetch_first: bool = True,
    wait: bool = False,
) -> SyncResult:
    """Fetch, integrate the remote's commits (rebasing the unpushed local ones), push.

    Never raises for the expected outcomes (no remote, offline, refused, conflicts): they come
    back as a SyncResult whose ``status`` says what happened and whose ``message`` says what to
    do. ``picks`` settles conflicts (see ``resolve``). ``interactive`` lets git prompt for a
    password or passphrase (the CLI in a terminal); the app never prompts.
    ``fetch_first=False`` integrates what the last fetch brought (a resolution is then
    committed even offline; only its push waits).

    One sync at a time (``sync_lock``; ``wait`` waits for one running instead of saying so:
    crisis mode's background sync, in a worker); a workspace that cannot be written (a
    read-only mount, a full disk) is reported as a result like every other outcome instead of
    an exception.
    """
    try:
        with sync_lock(store.git, wait):
            start = store.git.run_full("rev-parse", "-q", "--verify", "HEAD").stdout.strip()
            result = _sync(store, picks or {}, interactive, fetch_first)
            _arrivals(store.git, start, result)
            _remember(store, result)
            return result
    except SyncBusy:
        return SyncResult(
            "error",
            _(
                "Another smgov sync of {root} is running; nothing was changed. Try again when "
                "it has finished."
            ).format(root=store.root),
        )
    except OSError as error:
        where = error.filename or store.root
        return SyncResult(
            "error",
            _(
                "Cannot sync {root}: {path} cannot be changed ({reason}). smgov writes in the "
                "workspace and its .git folder to sync; your commits are kept. Sync again where "
                "the workspace can be written."
            ).format(root=store.root, path=where, reason=error.strerror or error),
        )


def _arrivals(git: Git, start: str, result: SyncResult) -> None:
    """Name in ``result`` the files the sync changed here and the incidents it brought (a
    teammate opened them: they were not here before, and ours were)."""
    now = git.run_full("rev-parse", "-q", "--verify", "HEAD").stdout.strip()
    if not start or not now or now == start:
        return
    out = git.run_full("diff", "--name-status", "--no-renames", "-z", start, now)
    fields = out.stdout.split("\0") if out.returncode == 0 else []
    for status, path in zip(fields[::2], fields[1::2], strict=False):
        if not path:
            continue
        result.arrived.append(path)
        found = k.kind_for_path(path)
        if status == "A" and found is not None and found[0] is k.INCIDENTS:
            result.opened.append(path)


def _sync(store: Store, picks: Picks, interactive: bool, fetch_first: bool) -> SyncResult:
    """``sync`` itself, run holding the sync lock."""
    try:
        ensure_merge_driver(store.root, store.git)
    except ForeignMergeDriver as error:
        return SyncResult("error", str(error))  # never merge with a command that is not ours
    except (OSError, StoreError) as error:
        return SyncResult(
            "error",
            _("Cannot set up the smgov merge driver in {root}/.git: {error}").format(
                root=store.root, error=error
            ),
        )
    recovered = ""
    with store.lock:  # no save may commit while a rebase moves HEAD
        try:
            recovered = recover(store)
        except SyncError as error:
            return SyncResult(error.status, str(error))
    git = store.git
    try:
        git.run("symbolic-ref", "--short", "-q", "HEAD")
    except GitError:
        return SyncResult(
            "error", _("HEAD is not on a branch; check out a branch first."), recovered=recovered
        )
    remote = find_target(git).remote
    start = git.run_full("rev-parse", "-q", "--verify", "HEAD").stdout.strip()
    if remote is None:
        return SyncResult(
            "no-remote",
            _(
                "This workspace has no remote to sync with. Add one with: git -C {root} remote "
                "add origin URL (any git host), then sync again. Your work is safe in the local "
                "history."
            ).format(root=store.root),
            recovered=recovered,
        )
    pulled = pushed = 0
    replayed = _Replayed()
    try:
        for round_ in range(MAX_ROUNDS):
            if fetch_first or round_ > 0:
                _fetch(git, remote, interactive)
            with store.lock:
                _check_clean(store)
                where = find_target(git)  # the fetch may have brought the upstream's first ref
                if where.upstream is not None:
                    outcome = _integrate(store, where, picks, replayed)
                    if isinstance(outcome, SyncResult):
                        outcome.recovered = recovered
                        outcome.pulled = pulled
                        return outcome
                    pulled += outcome
                count, rejected = _push(store, where, interactive)
            pushed += count
            if not rejected:
                break
        else:
            return SyncResult(
                "error",
                _("The remote kept changing while we pushed; try again in a moment."),
                pulled,
                pushed,
                recovered=recovered,
            )
    except SyncError as error:
        if _in_progress(git) == "rebase":
            with store.lock:
                recover(store)
        _reload_if_moved(store, start)
        # Integrated but not pushed (offline...): what the replay did is still said.
        message = " ".join([str(error), *_replay_notes(replayed)])
        return SyncResult(
            error.status, message, pulled, pushed, recovered=recovered, dropped=replayed.dropped
        )
    except ValidationFailed as error:
        return SyncResult(
            "conflicts",
            _("The chosen values are not valid; nothing was changed: {problems}").format(
                problems="; ".join(str(p) for p in error.problems)
            ),
            pulled,
            pushed,
            recovered=recovered,
            problems=error.problems,
        )
    except GitError as error:
        if _in_progress(git) == "rebase":
            with store.lock:
                recover(store)
        _reload_if_moved(store, start)
        return SyncResult("error", str(error), pulled, pushed, recovered=recovered)
    _reload_if_moved(store, start)
    if pulled or pushed:
        message = _("Synced with {remote}: {received}, {sent}.").format(
            remote=remote,
            received=ngettext("{n} commit received", "{n} commits received", pulled).format(
                n=pulled
            ),
            sent=ngettext("{n} sent", "{n} sent", pushed).format(n=pushed),
        )
        message = " ".join([message, *_replay_notes(replayed)])
        return SyncResult(
            "synced", message, pulled, pushed, recovered=recovered, dropped=replayed.dropped
        )
    return SyncResult(
        "up-to-date", _("Already in step with {remote}.").format(remote=remote), recovered=recovered
    )


def _replay_notes(replayed: _Replayed) -> list[str]:
    """Sentences that say which commit settled the conflicts and which commits were left out."""
    notes = [
        _("Your choices were committed as: {subject}.").format(subject=subject)
        for subject in replayed.settled
    ]
    if replayed.dropped:
        commits = "; ".join(
            f'{commit.sha[:7]} "{_one_line(commit.subject)}"' for commit in replayed.dropped
        )
        notes.append(
            ngettext(
                "{count} of your commits was left out because it changed nothing on top of "
                "the remote's changes (the remote already had the same change): {commits}.",
                "{count} of your commits were left out because they changed nothing on top of "
                "the remote's changes (the remote already had the same changes): {commits}.",
                len(replayed.dropped),
            ).format(count=len(replayed.dropped), commits=commits)
        )
    return notes


def resolve(store: Store, picks: Picks, interactive: bool = False) -> SyncResult:
    """Settle the conflicts of a sync with the person's picks, then sync (and so push).

    The picks are validated (``Store.validate``) before anything is written; invalid values give
    a result with ``problems`` and change nothing. If the remote moved meanwhile, new conflicts
    may come back.
    """
    return sync(store, picks, interactive, fetch_first=False)


def clone_workspace(url: str, target: Path, interactive: bool = False) -> Store:
    """``git clone URL TARGET``, with the merge driver configured; returns the opened store.

    Raises SyncError (unreachable, auth) when the remote cannot be cloned, and NotAWorkspace
    (with the clone left in place) when it is not a smgov workspace.
    """
    target = target.absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise SyncError(
            "error", _("{target} is not empty; choose a new or empty folder").format(target=target)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    runner = Git(target.parent)
    result = runner.run_full("clone", "-q", "--", url, str(target), env=network_env(interactive))
    if result.returncode != 0:
        status = _classify(result.stderr)
        raise SyncError(
            status,
            _("Cannot clone {url}: {detail}").format(url=url, detail=_git_says(result.stderr)),
        )
    _check_out_remote_branch(Git(target))
    ensure_merge_driver(target)
    try:
        store = Store.open(target)
    except NotAWorkspace as error:
        raise NotAWorkspace(
            _(
                "{url} was cloned into {target}, but it holds no smgov workspace (no "
                "workspace.toml on its branch). Ask the team which repository or branch holds it."
            ).format(url=url, target=target)
        ) from error
    record_synced(store.root)
    return store


def _check_out_remote_branch(git: Git) -> None:
    """After a clone whose HEAD is unborn (a bare repository whose HEAD names ``master`` while
    smgov pushed ``main``), check out the remote's ``main``, else its only branch."""
    if git.run_full("rev-parse", "-q", "--verify", "HEAD").returncode == 0:
        return
    listed = git.run_full("for-each-ref", "--format=%(refname:strip=3)", "refs/remotes/origin")
    branches = [b for b in listed.stdout.split() if b and b != "HEAD"]
    branch = "main" if "main" in branches else (branches[0] if len(branches) == 1 else "")
    if branch:
        git.run("checkout", "-q", "-B", branch, "--track", f"origin/{branch}")
