"""Saves, syncs, ``kill -9`` of a sync at varying points and reopenings, interleaved at random
(fixed seeds) on two clones of a real bare remote. The invariant: every value ever reported as
saved is in the branch history, and after a successful sync it is on the remote.

A killed sync is the real ``python -m smgov_tui sync DIR`` in its own process group; a
``reference-transaction`` hook in the clone counts the ref updates it makes and, at the Nth,
``kill -9``s the whole group (the sync, its git and the hook itself): a deterministic point in
the fetch, the rebase's picks, the branch update or the push, with no sleeps.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from smgov_tui.core import kinds as k
from smgov_tui.core.merge import Pick
from smgov_tui.store.errors import ConflictError, OperationInProgress
from smgov_tui.store.store import Store
from smgov_tui.store.sync import SyncResult, resolve, sync
from tests.helpers.sync import make_remote, member

pytestmark = pytest.mark.slow

SEEDS = (11, 29, 37, 59)
STEPS = 52
"""Steps per seed: 208 in all (a sync costs most of a second: the merge driver is a process)."""
RECORDS = ("owners/ana-ruiz.toml", "owners/carlos-vidal.toml", "owners/elena-castro.toml")
FIELDS = ("notes", "department")
"""Both edit both fields of the same records: syncs merge the files field by field, and the same
field changed on both sides is a conflict settled by a random pick (mine or theirs)."""

KILL_HOOK = """#!/bin/sh
cat >/dev/null
[ "$1" = committed ] || exit 0
[ -n "$SMGOV_TEST_KILL_AT" ] || exit 0
n=$(cat "$SMGOV_TEST_KILL_COUNT" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" >"$SMGOV_TEST_KILL_COUNT"
if [ "$n" -ge "$SMGOV_TEST_KILL_AT" ]; then kill -9 0; fi
exit 0
"""


@dataclass
class Clone:
    """One teammate's clone, the store they have open, and what smgov told them it saved."""

    name: str
    store: Store
    saved: list[str] = field(default_factory=list)
    """Every value a save reported as committed here, oldest first."""


def git_out(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def save(clone: Clone, rel: str, name: str, value: str) -> bool:
    """A form's save: the base text is the file as read now; True when smgov said "Saved"."""
    found = k.kind_for_path(rel)
    assert found is not None
    try:
        text = (clone.store.root / rel).read_text(encoding="utf-8")
        values = {**tomllib.loads(text), name: value}
        result = clone.store.save(found[0], found[1], values, text)
    except (OperationInProgress, ConflictError, tomllib.TOMLDecodeError):
        return False  # refused, and said so: nothing was reported as saved
    if result.committed:
        clone.saved.append(value)
    return result.committed


def settle(store: Store, result: SyncResult, rng: random.Random) -> SyncResult:
    """Settle every conflicting field with a random pick, mine or theirs: either way each
    local commit stays in the history (the picks become a settlement commit of their own)."""
    rounds = 0
    while result.status == "conflicts" and result.conflicts and rounds < 3:
        picks = {
            c.path: {f.dotted: Pick(rng.choice(("mine", "theirs"))) for f in c.fields}
            for c in result.conflicts
        }
        result = resolve(store, picks)
        rounds += 1
    return result


def killed_sync(clone: Clone, kill_at: int, tmp: Path) -> int:
    """Run ``smgov sync`` in a process group killed at its ``kill_at``-th ref update."""
    counter = tmp / f"kill-count-{clone.name}"
    counter.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "CI": "true",
        "SMGOV_TEST_KILL_AT": str(kill_at),
        "SMGOV_TEST_KILL_COUNT": str(counter),
    }
    done = subprocess.run(
        [sys.executable, "-m", "smgov_tui", "sync", str(clone.store.root)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        start_new_session=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode


def reopen(clone: Clone) -> None:
    """Open the workspace for work again, as the app or a write command does."""
    store = Store.open(clone.store.root)
    store.recover_interrupted()
    store.load()
    clone.store = store


def branch_history(root: Path) -> str:
    return git_out(root, "log", "-p", "--format=", "refs/heads/main")


def remote_history(remote: Path) -> str:
    return git_out(remote, "log", "-p", "--format=", "main")


def check_invariant(clones: list[Clone], trace: list[str]) -> None:
    for clone in clones:
        history = branch_history(clone.store.root)
        lost = [value for value in clone.saved if value not in history]
        assert not lost, f"saved in {clone.name}, missing from its branch: {lost}\n" + "\n".join(
            trace
        )


def check_on_remote(clone: Clone, remote: Path, trace: list[str]) -> None:
    history = remote_history(remote)
    lost = [value for value in clone.saved if value not in history]
    assert not lost, (
        f"saved in {clone.name} and synced, missing from the remote: {lost}\n" + "\n".join(trace)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_saves_syncs_and_killed_syncs_never_lose_a_saved_value(
    ws: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    remote = make_remote(ws, tmp_path)
    clones = [Clone(name, member(remote, tmp_path, name)) for name in ("alice", "bob")]
    for clone in clones:
        hook = clone.store.root / ".git" / "hooks" / "reference-transaction"
        hook.write_text(KILL_HOOK, encoding="utf-8")
        hook.chmod(0o755)
    kills = 0
    trace: list[str] = []
    for step in range(STEPS):
        clone = rng.choice(clones)
        action = rng.choices(("save", "sync", "kill", "reopen"), weights=(16, 2, 2, 1))[0]
        if action == "save":
            value = f"v{seed}-{step}-{clone.name}"
            rel, name = rng.choice(RECORDS), rng.choice(FIELDS)
            saved = save(clone, rel, name, value)
            trace.append(f"{clone.name} save {rel} {name}={value}: {saved}")
        elif action == "sync":
            result = settle(clone.store, sync(clone.store), rng)
            trace.append(f"{clone.name} sync: {result.status} {result.recovered} {result.message}")
            if result.ok:
                check_on_remote(clone, remote, trace)
        elif action == "kill":
            at = rng.randint(1, 5)  # a sync makes 1-2 ref updates, more when it rebases
            code = killed_sync(clone, at, tmp_path)
            trace.append(f"{clone.name} sync killed at ref update {at}: exit {code}")
            kills += code != 0
        else:
            reopen(clone)
            trace.append(f"{clone.name} reopened")
        check_invariant(clones, trace)
    # Everybody opens the workspace and syncs until in step: every saved value is on the remote.
    for clone in clones:
        reopen(clone)
    for clone in [*clones, *clones]:
        result = settle(clone.store, sync(clone.store), rng)
        assert result.ok, result.message
    for clone in clones:
        check_on_remote(clone, remote, trace)
    check_invariant(clones, trace)
    assert kills, "no sync was killed: the kill points are never reached"
