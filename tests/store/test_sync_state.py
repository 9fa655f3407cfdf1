"""The team's view that lasts: background fetch, "N to pull", a conflict waiting, the last
failure, and the incidents a sync brought; a real bare remote and two clones (no mocks)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from smgov_tui.core.merge import Pick
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.status import workspace_status
from smgov_tui.store.store import Store
from smgov_tui.store.sync import background_fetch, resolve, sync
from smgov_tui.store.syncstate import read_state
from tests.helpers.git import git
from tests.helpers.sync import change, head

ANA = "owners/ana-ruiz.toml"


def tree_and_index(store: Store) -> tuple[str, str, bytes]:
    """HEAD, the work tree's status and the index file's bytes: what a fetch must not touch."""
    index = (store.root / ".git" / "index").read_bytes()
    return head(store.root), git(store.root, "status", "--porcelain"), index


def test_background_fetch_shows_commits_to_pull_and_touches_no_work(
    alice: Store, bob: Store
) -> None:
    change(alice, ANA, phone="+34 600 111 222")
    assert sync(alice).ok
    before = tree_and_index(bob)
    assert workspace_status(bob).behind == 0

    fetched = background_fetch(bob)

    assert fetched is not None and fetched.ok and fetched.behind == 1
    assert workspace_status(bob).behind == 1  # the status bar's "1 to pull"
    assert tree_and_index(bob) == before  # not integrated: the work tree and index as they were
    assert not (bob.root / ".git" / "FETCH_HEAD").exists()
    assert read_state(bob.root).last_fetch is not None


def test_offline_fetch_and_sync_are_remembered_until_the_remote_answers(
    remote: Path, bob: Store, tmp_path: Path
) -> None:
    away = tmp_path / "away.git"
    shutil.move(remote, away)  # the remote's path no longer exists: offline

    fetched = background_fetch(bob)
    assert fetched is not None and fetched.status == "unreachable"
    failure = workspace_status(bob).failure
    assert failure is not None and failure.status == "unreachable" and failure.during == "fetch"

    result = sync(bob)
    assert result.status == "unreachable"
    failure = read_state(bob.root).failure
    assert failure is not None and failure.during == "sync"
    assert workspace_status(bob).failure == failure  # read again: it lasts

    shutil.move(away, remote)
    fetched = background_fetch(bob)
    assert fetched is not None and fetched.ok
    assert workspace_status(bob).failure is None


def test_an_unreadable_remote_is_offline_too(remote: Path, bob: Store) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any folder")
    remote.chmod(0)
    try:
        fetched = background_fetch(bob)
    finally:
        remote.chmod(0o755)
    assert fetched is not None and not fetched.ok
    assert workspace_status(bob).failure is not None


def test_a_remote_that_does_not_answer_is_stopped(remote: Path, bob: Store, tmp_path: Path) -> None:
    """The remote's side never answers (its upload-pack waits on a FIFO nobody writes): the
    fetch is stopped at its timeout and counted as offline, nothing is asked for."""
    gate = tmp_path / "never"
    os.mkfifo(gate)
    holder = os.open(gate, os.O_RDWR)  # so the script's read waits instead of seeing EOF
    script = tmp_path / "slow-upload-pack"
    script.write_text(f'#!/bin/sh\nread _ < "{gate}"\nexec git-upload-pack "$@"\n')
    script.chmod(0o755)
    git(bob.root, "config", "remote.origin.uploadpack", str(script))
    try:
        fetched = background_fetch(bob, timeout=0.5)
    finally:
        os.close(holder)
    assert fetched is not None and fetched.status == "unreachable"
    assert "no answer" in fetched.said
    assert workspace_status(bob).failure is not None


def test_a_conflict_waits_until_it_is_settled(alice: Store, bob: Store) -> None:
    change(alice, ANA, phone="+34 600 111 222")
    assert sync(alice).ok
    change(bob, ANA, phone="+34 699 000 000")

    result = sync(bob)
    assert result.status == "conflicts"
    assert workspace_status(bob).conflict == (ANA,)
    assert background_fetch(bob) is not None
    assert workspace_status(bob).conflict == (ANA,)  # a fetch does not forget it

    settled = resolve(bob, {ANA: {"phone": Pick("theirs")}})
    assert settled.ok
    status = workspace_status(bob)
    assert status.conflict == () and status.failure is None and status.last_sync is not None


def test_a_sync_names_the_incident_a_teammate_opened(alice: Store, bob: Store) -> None:
    mine = Incidents(bob).create("viral-complaint", "low", "Bob's own")
    opened = Incidents(alice).create("hacked-account", "high", "Instagram taken")
    assert sync(alice).ok

    result = sync(bob)

    assert result.ok
    assert result.opened == [opened.path]  # Bob's own incident is not news to him
    assert opened.path in result.arrived and mine.path not in result.arrived


def test_a_failed_sync_stays_said_while_fetches_fail_the_same_way(
    remote: Path, bob: Store, tmp_path: Path
) -> None:
    shutil.move(remote, tmp_path / "away.git")
    assert sync(bob).status == "unreachable"
    failed = read_state(bob.root).failure
    fetched = background_fetch(bob)
    assert fetched is not None and not fetched.ok
    assert read_state(bob.root).failure == failed  # still "last sync failed ..., offline"
