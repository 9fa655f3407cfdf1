"""Which remote, and how far ahead: sync, the status bar and crisis mode's push give one answer
(real repos, real bare remotes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.status import workspace_status
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync, sync_status
from smgov_tui.store.team import push, team_state
from tests.helpers.git import git
from tests.helpers.sync import change, head, member

OWNER = "owners/ana-ruiz.toml"


def bare_copy(ws: Path, where: Path) -> Path:
    """A bare repository holding the workspace ``ws`` at ``where``."""
    git(where.parent, "clone", "-q", "--bare", str(ws), str(where))
    return where


def tip(bare: Path) -> str:
    """The sha of ``main`` in the bare repository."""
    return git(bare, "rev-parse", "main").strip()


def log_a_step(store: Store) -> None:
    """What crisis mode does: open an incident and log a step (two commits)."""
    incidents = Incidents(store)
    incidents.act(incidents.create("hacked-account", "high"), "done")


def two_remotes_tracking_backup(ws: Path, tmp_path: Path) -> tuple[Store, Path, Path]:
    """The workspace with ``origin`` and ``backup``, its branch tracking ``backup/main``."""
    origin = bare_copy(ws, tmp_path / "origin.git")
    backup = bare_copy(ws, tmp_path / "backup.git")
    git(ws, "remote", "add", "origin", str(origin))
    git(ws, "remote", "add", "backup", str(backup))
    git(ws, "fetch", "-q", "origin")
    git(ws, "fetch", "-q", "backup")
    git(ws, "branch", "-q", "--set-upstream-to=backup/main", "main")
    store = Store.open(ws)
    store.load()
    return store, origin, backup


def test_crisis_push_goes_to_the_remote_sync_uses(ws: Path, tmp_path: Path) -> None:
    store, origin, backup = two_remotes_tracking_backup(ws, tmp_path)
    before = tip(origin)
    log_a_step(store)
    state = push(store.git)
    assert tip(backup) == head(ws), "crisis mode pushed somewhere sync does not look"
    assert tip(origin) == before
    assert state.remote == "backup" and state.label == "team: up to date: teammates see this log", (
        state.error
    )
    # sync integrates with and pushes to the same remote
    change(store, OWNER, phone="+34 600 000 001")
    assert sync_status(store).remote == "backup"
    result = sync(store)
    assert result.status == "synced", result.message
    assert tip(backup) == head(ws)
    assert tip(origin) == before


def test_status_bar_agrees_with_sync_on_ahead_and_behind(ws: Path, tmp_path: Path) -> None:
    store, _origin, backup = two_remotes_tracking_backup(ws, tmp_path)
    other = member(backup, tmp_path, "bob")
    change(other, OWNER, phone="+34 600 000 002")
    assert sync(other).ok
    change(store, OWNER, email="ana@x.example")
    change(store, OWNER, trained_on="2026-11-01")
    git(ws, "fetch", "-q", "backup")
    status, bar = sync_status(store), workspace_status(store)
    assert (status.ahead, status.behind) == (2, 1)
    assert (bar.unpushed, bar.behind, bar.has_upstream) == (2, 1, True)
    assert [c.subject for c in status.unpushed] == [
        f"edit {OWNER}: trained_on",
        f"edit {OWNER}: email",
    ]


def test_a_fetched_branch_without_upstream_config_counts_the_same_everywhere(
    ws: Path, tmp_path: Path
) -> None:
    """A remote added and fetched by hand (no ``-u``): its branch is the one we integrate with,
    for the status bar as for sync and crisis mode (not every commit counted as unpushed)."""
    origin = bare_copy(ws, tmp_path / "origin.git")
    git(ws, "remote", "add", "origin", str(origin))
    git(ws, "fetch", "-q", "origin")
    store = Store.open(ws)
    store.load()
    change(store, OWNER, phone="+34 600 000 003")
    status, bar, team = sync_status(store), workspace_status(store), team_state(store.git)
    assert (status.remote, status.upstream, status.ahead, status.behind) == (
        "origin",
        "origin/main",
        1,
        0,
    )
    assert (bar.unpushed, bar.behind, bar.has_upstream) == (1, 0, True)
    assert (team.remote, team.ahead) == ("origin", 1)


def test_no_remote(store: Store) -> None:
    log_a_step(store)
    status, bar, team = sync_status(store), workspace_status(store), team_state(store.git)
    assert (status.remote, status.upstream) == (None, None)
    assert status.ahead == int(git(store.root, "rev-list", "--count", "HEAD"))
    assert (bar.unpushed, bar.has_upstream, bar.behind) == (None, False, 0)
    assert (
        team.label == "team: only on this computer (no shared copy): teammates cannot see this log"
    )
    assert (
        push(store.git).label
        == "team: only on this computer (no shared copy): teammates cannot see this log"
    )
    assert sync(store).status == "no-remote"


def test_several_remotes_none_origin_nor_configured_is_no_remote(ws: Path, tmp_path: Path) -> None:
    """Guessing between two remotes could send the team's work to the wrong one: say none."""
    for name in ("alpha", "beta"):
        git(ws, "remote", "add", name, str(bare_copy(ws, tmp_path / f"{name}.git")))
    store = Store.open(ws)
    store.load()
    assert sync_status(store).remote is None
    assert workspace_status(store).unpushed is None
    assert (
        team_state(store.git).label
        == "team: only on this computer (no shared copy): teammates cannot see this log"
    )
    assert sync(store).status == "no-remote"


def test_a_remote_with_no_upstream_yet(ws: Path, tmp_path: Path) -> None:
    """An empty remote: every commit is unpushed until the first push, which crisis mode's push
    may make; afterwards the branch tracks it for sync, the status bar and crisis mode alike."""
    bare = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(ws, "remote", "add", "origin", str(bare))
    store = Store.open(ws)
    store.load()
    every = int(git(ws, "rev-list", "--count", "HEAD"))
    status, bar, team = sync_status(store), workspace_status(store), team_state(store.git)
    assert (status.remote, status.upstream, status.ahead) == ("origin", None, every)
    assert (bar.unpushed, bar.has_upstream) == (every, False)
    assert (team.remote, team.ahead) == ("origin", every)
    log_a_step(store)
    state = push(store.git)
    assert state.label == "team: up to date: teammates see this log", state.error
    assert tip(bare) == head(ws)
    assert sync_status(store).upstream == "origin/main"
    bar = workspace_status(store)
    assert (bar.unpushed, bar.has_upstream) == (0, True)
    # a plain clone of the remote checks the workspace out (its HEAD names the pushed branch)
    git(tmp_path, "clone", "-q", str(bare), str(tmp_path / "plain"))
    assert head(tmp_path / "plain") == head(ws)
    assert sync(store).status == "up-to-date"


def test_sync_and_crisis_push_to_the_branch_the_upstream_names(ws: Path, tmp_path: Path) -> None:
    """``main`` tracking ``origin/trunk``: both push to ``trunk`` (never a new ``main``)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(ws, "remote", "add", "origin", str(origin))
    git(ws, "push", "-q", "origin", "main:trunk")
    git(ws, "fetch", "-q", "origin")
    git(ws, "branch", "-q", "--set-upstream-to=origin/trunk", "main")
    store = Store.open(ws)
    store.load()
    log_a_step(store)
    assert team_state(store.git).ahead == 2
    assert push(store.git).label == "team: up to date: teammates see this log"
    change(store, OWNER, phone="+34 600 000 004")
    assert sync_status(store).upstream == "origin/trunk"
    assert sync(store).status == "synced"
    assert git(origin, "rev-parse", "trunk").strip() == head(ws)
    assert git(origin, "branch", "--list").split() == ["trunk"]


def test_a_status_bar_look_runs_two_git_processes(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status bar reads this every couple of seconds: git's own trace counts the processes
    (the upstream ref and the branch are read from ``.git``)."""
    two_remotes_tracking_backup(ws, tmp_path)
    trace = tmp_path / "trace2.txt"
    monkeypatch.setenv("GIT_TRACE2", str(trace))
    store = Store.open(ws)
    store.load()
    str(store.author)
    trace.write_text("", encoding="utf-8")
    assert workspace_status(store).has_upstream
    started = [line for line in trace.read_text(encoding="utf-8").splitlines() if " start " in line]
    assert len(started) <= 2, started
