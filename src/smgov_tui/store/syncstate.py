"""What the last syncs and fetches left behind, kept in ``.git/smgov/sync.json``.

Why a file: the status bar must keep saying "conflict waiting: S" or "last sync failed 19:13,
offline" after the app is closed and opened again, and a sync run in a terminal (``smgov
sync``) must be seen by the app. It lives in ``.git`` (never in the workspace, so it is never
committed nor pushed: it is this computer's view of the team). Reading it writes nothing, so
read-only commands may show it; only a sync or a background fetch writes it, atomically, and
a failure to write it (a read-only ``.git``) loses nothing but the note.

The state before this file (``.git/smgov-sync.json``, only ``last_sync``) is still read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from smgov_tui.core import clock
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.gitfiles import git_dir

STATE = ("smgov", "sync.json")
OLD_STATE = "smgov-sync.json"
NETWORK = ("unreachable", "auth")
"""Failures a later fetch that reaches the remote proves over."""


@dataclass(frozen=True)
class Failure:
    """The last sync or fetch that did not finish."""

    at: dt.datetime
    """When it failed (a background fetch failing the same way after it leaves it as it is)."""
    status: str
    """``unreachable``, ``auth``, ``dirty``, ``error`` (a sync ``Status``)."""
    message: str
    """What it said (the sync's message, or git's words for a fetch)."""
    during: str = "sync"
    """``sync`` (S, after a save, crisis mode, ``smgov sync``) or ``fetch`` (background)."""


@dataclass(frozen=True)
class SyncState:
    """This computer's last view of the team."""

    last_sync: dt.datetime | None = None
    """When the last successful sync finished."""
    last_fetch: dt.datetime | None = None
    """When the remote last answered (a sync or a background fetch)."""
    failure: Failure | None = None
    """The last failure, until a sync succeeds (or a fetch reaches the remote again)."""
    conflict: tuple[str, ...] = ()
    """Files whose conflict a sync found and nobody settled yet (empty: none waits)."""


def _path(root: Path) -> Path | None:
    folder = git_dir(root)
    return folder.joinpath(*STATE) if folder is not None else None


def _time(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def read_state(root: Path) -> SyncState:
    """The state of the workspace at ``root`` (reads only; a missing or damaged file is an
    empty state: it is a note, not data)."""
    path = _path(root)
    if path is None:
        return SyncState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        try:
            old = json.loads((path.parent.parent / OLD_STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return SyncState()
        return SyncState(last_sync=_time(old.get("last_sync")) if isinstance(old, dict) else None)
    failure = None
    raw = data.get("failure")
    if isinstance(raw, dict) and (at := _time(raw.get("at"))) is not None:
        failure = Failure(
            at,
            str(raw.get("status", "error")),
            str(raw.get("message", "")),
            str(raw.get("during", "sync")),
        )
    conflict = data.get("conflict")
    return SyncState(
        _time(data.get("last_sync")),
        _time(data.get("last_fetch")),
        failure,
        tuple(str(p) for p in conflict) if isinstance(conflict, list) else (),
    )


def _write(root: Path, state: SyncState) -> None:
    path = _path(root)
    if path is None:
        return
    data: dict[str, Any] = {}
    if state.last_sync is not None:
        data["last_sync"] = state.last_sync.isoformat()
    if state.last_fetch is not None:
        data["last_fetch"] = state.last_fetch.isoformat()
    if state.failure is not None:
        data["failure"] = {
            "at": state.failure.at.isoformat(),
            "status": state.failure.status,
            "message": state.failure.message,
            "during": state.failure.during,
        }
    if state.conflict:
        data["conflict"] = list(state.conflict)
    try:
        path.parent.mkdir(exist_ok=True)
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except OSError:
        return  # a read-only .git: the sync's own result still says what happened


def record_synced(root: Path) -> None:
    """A sync finished in step with the remote: no failure, no conflict waits."""
    now = clock.now()
    _write(root, SyncState(now, now))


def record_conflict(root: Path, paths: list[str]) -> None:
    """A sync stopped at conflicts (nothing changed): they wait to be settled (S)."""
    state = read_state(root)
    _write(root, replace(state, last_fetch=clock.now(), failure=None, conflict=tuple(paths)))


def record_failure(root: Path, status: str, message: str, during: str = "sync") -> None:
    """A sync or fetch did not finish; a conflict still waits if one did."""
    state = read_state(root)
    before = state.failure
    if during == "fetch" and before is not None and before.status == status:
        # Still offline: what the status bar says stays ("last sync failed 19:13, offline",
        # or "offline since" the first fetch that failed), not moved on by every retry.
        return
    _write(root, replace(state, failure=Failure(clock.now(), status, message, during)))


def record_fetched(root: Path) -> None:
    """The remote answered a background fetch: a network failure is over (a sync refused for
    another reason is not: only the next sync says it is)."""
    state = read_state(root)
    failure = state.failure
    if failure is not None and failure.status in NETWORK:
        failure = None
    _write(root, replace(state, last_fetch=clock.now(), failure=failure))
