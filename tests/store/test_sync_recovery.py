"""A sync killed half-way, and saves made meanwhile: nothing reported as saved is ever lost.

Real clones of a real bare remote. smgov's interrupted rebase is left the way ``_rebase`` leaves
it when killed: its marker in ``.git``, then ``git rebase -i`` stopped by a ``break`` line (HEAD
detached, rebase in progress), which is exactly what ``kill -9`` during the rebase leaves.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core import kinds as k
from smgov_tui.core.merge import Pick
from smgov_tui.store.errors import OperationInProgress
from smgov_tui.store.gitfiles import REBASE_MARKER
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.recovery import RESCUE_PREFIX, sync_lock
from smgov_tui.store.store import Store
from smgov_tui.store.sync import resolve, sync
from smgov_tui.ui.app import SmgovApp
from tests.helpers.git import git
from tests.helpers.sync import change, head, read, remote_head
from tests.helpers.ui import loaded, notices, run_async

ANA = "owners/ana-ruiz.toml"
CARLOS = "owners/carlos-vidal.toml"


def interrupted_sync(store: Store, after_picks: int = 1) -> None:
    """Leave smgov's own rebase onto origin/main stopped after ``after_picks`` replayed commits,
    as a sync killed there leaves it (marker written first, as ``_rebase`` does)."""
    git(store.root, "fetch", "-q")
    (store.root / ".git" / REBASE_MARKER).write_text("refs/remotes/origin/main\n", "utf-8")
    editor = f"sed -i '{after_picks + 1}i break'"
    env = {**os.environ, "GIT_SEQUENCE_EDITOR": editor}
    subprocess.run(
        ["git", "rebase", "-i", "refs/remotes/origin/main"],
        cwd=store.root,
        env=env,
        check=True,
        capture_output=True,
    )
    assert (store.root / ".git" / "rebase-merge").is_dir()
    assert git(store.root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "HEAD"


def save_field(store: Store, rel: str, field: str, value: str) -> bool:
    """Save one field the way a form does (base text = the file as read); True when saved."""
    found = k.kind_for_path(rel)
    assert found is not None
    text = (store.root / rel).read_text(encoding="utf-8")
    values = tomllib.loads(text)
    values[field] = value
    try:
        return store.save(found[0], found[1], values, text).committed
    except OperationInProgress:
        return False


def in_history(root: Path, value: str, ref: str = "main") -> bool:
    return value in git(root, "log", "-p", "--format=", ref)


def on_remote(remote: Path, value: str) -> bool:
    return (
        value
        in subprocess.run(
            ["git", "log", "-p", "--format=", "main"],
            cwd=remote,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )


# --- the reproduced data loss ---


def diverged_then_interrupted(alice: Store, bob: Store) -> None:
    """Alice's email of Ana is on the remote, Bob committed Carlos's email, and Bob's sync of
    the two was killed mid-rebase (HEAD detached, smgov's marker in .git)."""
    change(alice, ANA, email="alice@x.example")
    assert sync(alice).ok
    change(bob, CARLOS, email="c@x.example")
    interrupted_sync(bob)


def test_a_value_saved_while_a_sync_is_interrupted_is_never_lost(
    remote: Path, alice: Store, bob: Store
) -> None:
    """The issue's reproduction: a sync killed mid-rebase, a save, the next sync."""
    change(alice, ANA, email="alice@x.example")
    assert sync(alice).ok
    change(bob, CARLOS, email="c@x.example")
    change(bob, CARLOS, phone="+34 600 000 001")
    interrupted_sync(bob)
    saved = save_field(bob, ANA, "phone", "+34 611 222 333")
    result = sync(bob)
    assert result.ok, result.message
    if saved:  # today's main said "Saved" here; the value must then survive the sync
        assert in_history(bob.root, "+34 611 222 333"), "a saved value vanished from the branch"
        assert on_remote(remote, "+34 611 222 333"), "a saved value never reached the remote"
    assert read(bob, CARLOS)["email"] == "c@x.example"
    assert head(bob.root) == remote_head(remote)


def test_a_save_during_an_interrupted_sync_is_refused_and_writes_nothing(
    remote: Path, alice: Store, bob: Store
) -> None:
    diverged_then_interrupted(alice, bob)
    before_text = (bob.root / ANA).read_text(encoding="utf-8")
    before_head = head(bob.root)
    text = before_text
    values = {**tomllib.loads(text), "phone": "+34 611 222 333"}
    with pytest.raises(OperationInProgress) as refused:
        bob.save(k.OWNERS, "ana-ruiz", values, text)
    message = str(refused.value)
    assert "smgov sync" in message and "nothing was saved" in message
    assert (bob.root / ANA).read_text(encoding="utf-8") == before_text
    assert head(bob.root) == before_head
    # Recovered when the workspace is opened for work: the save then goes through.
    assert "interrupted sync" in bob.recover_interrupted()
    bob.load()
    assert not (bob.root / ".git" / "rebase-merge").exists()
    assert save_field(bob, ANA, "phone", "+34 611 222 333")
    assert sync(bob).ok
    assert on_remote(remote, "+34 611 222 333") and on_remote(remote, "c@x.example")


def test_recovery_puts_commits_made_on_the_detached_head_back_on_the_branch(
    remote: Path, alice: Store, bob: Store
) -> None:
    """A commit made by hand (or by an older smgov) during the stop is not dropped by the abort."""
    diverged_then_interrupted(alice, bob)
    path = bob.root / ANA
    path.write_text(path.read_text("utf-8").replace("+34 612 48 93 07", "+34 699 1"), "utf-8")
    git(bob.root, "commit", "-q", "-am", "owners: set phone of ana-ruiz to +34 699 1")
    result = sync(bob)
    assert result.ok, result.message
    assert "put back" in result.recovered and "kept" in result.recovered
    assert read(bob, ANA)["phone"] == "+34 699 1"
    assert read(bob, ANA)["email"] == "alice@x.example"
    assert on_remote(remote, "+34 699 1") and on_remote(remote, "c@x.example")
    subjects = git(bob.root, "log", "--format=%s", "-4").splitlines()
    assert subjects.count("owners: set phone of ana-ruiz to +34 699 1") == 1
    assert subjects.count(f"edit {CARLOS}: email") == 1  # the rebase's copy was not re-applied


def test_a_commit_that_cannot_be_put_back_is_kept_under_a_rescue_ref(
    remote: Path, alice: Store, bob: Store
) -> None:
    change(alice, ANA, email="alice@x.example")
    assert sync(alice).ok
    change(bob, ANA, email="bob@x.example", phone="+34 600 000 009")
    change(bob, CARLOS, email="c@x.example")
    # Stop before any pick: HEAD is alice's; a commit there on the same field as bob's.
    interrupted_sync(bob, after_picks=0)
    path = bob.root / ANA
    path.write_text(path.read_text("utf-8").replace("alice@x.example", "zed@x.example"), "utf-8")
    git(bob.root, "commit", "-q", "-am", "owners: set email of ana-ruiz to zed@x.example")
    stray = head(bob.root)
    message = bob.recover_interrupted()
    assert RESCUE_PREFIX in message and "your local commits are kept" not in message
    ref = next(word for word in message.split() if word.startswith(RESCUE_PREFIX))
    assert git(bob.root, "rev-parse", ref).strip() == stray
    assert in_history(bob.root, "zed@x.example", ref)
    assert read(bob, ANA)["email"] == "bob@x.example"  # the branch is as it was
    assert not (bob.root / ".git" / "CHERRY_PICK_HEAD").exists()
    assert git(bob.root, "status", "--porcelain", "--untracked-files=no") == ""


KILL_HOOK = """#!/bin/sh
cat >/dev/null
[ "$1" = committed ] && [ -n "$SMGOV_TEST_KILL_AT" ] || exit 0
n=$(cat "$SMGOV_TEST_KILL_COUNT" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" >"$SMGOV_TEST_KILL_COUNT"
if [ "$n" -ge "$SMGOV_TEST_KILL_AT" ]; then kill -9 0; fi
"""


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", range(1, 12))  # 10 ref updates, then one run that completes
def test_a_recovery_killed_at_any_ref_update_is_finished_by_the_next_open(
    remote: Path, alice: Store, bob: Store, tmp_path: Path, kill_at: int
) -> None:
    """The recovery itself is kill -9'ed at its Nth ref update (abort, each put-back); the next
    open finishes it: both commits made during the stop end on the branch, nothing in progress."""
    change(alice, ANA, email="alice@x.example")
    assert sync(alice).ok
    change(bob, CARLOS, email="c@x.example")
    change(bob, CARLOS, phone="+34 600 000 001")
    interrupted_sync(bob)
    path = bob.root / ANA
    for phone in ("+34 699 1", "+34 699 2"):
        text = path.read_text("utf-8")
        path.write_text(text.replace(str(read(bob, ANA)["phone"]), phone), "utf-8")
        git(bob.root, "commit", "-q", "-am", f"owners: set phone of ana-ruiz to {phone}")
    hook = bob.root / ".git" / "hooks" / "reference-transaction"
    hook.write_text(KILL_HOOK, encoding="utf-8")
    hook.chmod(0o755)
    counter = tmp_path / "count"
    opened = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from smgov_tui.store.store import Store; "
            "print(Store.open(sys.argv[1]).recover_interrupted())",
            str(bob.root),
        ],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(sys.path),
            "SMGOV_TEST_KILL_AT": str(kill_at),
            "SMGOV_TEST_KILL_COUNT": str(counter),
        },
        capture_output=True,
        text=True,
        start_new_session=True,
        timeout=120,
    )
    assert "Traceback" not in opened.stderr, opened.stderr
    again = Store.open(bob.root)
    again.recover_interrupted()
    for leftover in ("rebase-merge", "CHERRY_PICK_HEAD", REBASE_MARKER, "smgov-recovering.json"):
        assert not (bob.root / ".git" / leftover).exists(), (kill_at, leftover)
    assert git(bob.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    for value in ("+34 699 1", "+34 699 2", "c@x.example", "+34 600 000 001"):
        assert in_history(bob.root, value), (kill_at, value, opened.returncode)
    assert read(bob, ANA)["phone"] == "+34 699 2"
    assert git(bob.root, "status", "--porcelain", "--untracked-files=no") == ""


# --- operations smgov did not start: saves wait, nothing is touched ---


def _stopped_on_alices_change(store: Store, alice: Store, *command: str) -> None:
    """Alice and ``store`` change one field; ``store``'s person then runs ``git COMMAND
    origin/main`` by hand, which stops on the conflict (git's own line merge, not smgov's)."""
    change(alice, ANA, email="alice@x.example")
    assert sync(alice).ok
    change(store, ANA, email="bob@x.example")
    git(store.root, "fetch", "-q")
    subprocess.run(
        ["git", "-c", "merge.smgov.driver=false", *command, "origin/main"],
        cwd=store.root,
        capture_output=True,
    )


def _person_rebase(store: Store, alice: Store) -> None:
    _stopped_on_alices_change(store, alice, "rebase")


def _person_merge(store: Store, alice: Store) -> None:
    _stopped_on_alices_change(store, alice, "merge")


def _person_cherry_pick(store: Store, alice: Store) -> None:
    _stopped_on_alices_change(store, alice, "cherry-pick")


def _person_revert(store: Store, alice: Store) -> None:
    change(store, ANA, email="one@x.example")
    change(store, ANA, email="two@x.example")
    subprocess.run(
        ["git", "-c", "merge.smgov.driver=false", "revert", "--no-edit", "HEAD~1"],
        cwd=store.root,
        capture_output=True,
    )


def _person_bisect(store: Store, alice: Store) -> None:
    git(store.root, "bisect", "start")


def _detached(store: Store, alice: Store) -> None:
    git(store.root, "checkout", "-q", "--detach")


@pytest.mark.parametrize(
    ("make", "state", "command"),
    [
        (_person_rebase, "rebase", "rebase --continue"),
        (_person_merge, "merge", "merge --continue"),
        (_person_cherry_pick, "cherry-pick", "cherry-pick --continue"),
        (_person_revert, "revert", "revert --continue"),
        (_person_bisect, "bisect", "bisect reset"),
        (_detached, "detached", "switch main"),
    ],
)
def test_saves_wait_while_git_is_in_the_middle_of_something(
    alice: Store, bob: Store, make: object, state: str, command: str
) -> None:
    make(bob, alice)  # type: ignore[operator]
    gitdir = bob.root / ".git"
    before = {p.name: p.stat().st_mtime_ns for p in gitdir.iterdir() if p.is_file()}
    before_head = head(bob.root)
    before_text = (bob.root / CARLOS).read_text(encoding="utf-8")
    incidents = sorted((bob.root / "incidents").glob("*.toml"))
    with pytest.raises(OperationInProgress) as refused:
        save_field_strict(bob, CARLOS, "phone", "+34 600 000 777")
    assert refused.value.state == state
    assert command in str(refused.value) and "nothing was saved" in str(refused.value)
    with pytest.raises(OperationInProgress):
        bob.delete(k.OWNERS, "carlos-vidal", force=True)
    with pytest.raises(OperationInProgress):
        bob.duplicate(k.OWNERS, "carlos-vidal", "carlos-copy")
    with pytest.raises(OperationInProgress):
        bob.rename(k.OWNERS, "carlos-vidal", "carlos-v")
    with pytest.raises(OperationInProgress):
        Incidents(bob).create("hacked-account", "high")
    assert (bob.root / CARLOS).read_text(encoding="utf-8") == before_text
    assert not (bob.root / "owners" / "carlos-copy.toml").exists()
    assert sorted((bob.root / "incidents").glob("*.toml")) == incidents
    assert head(bob.root) == before_head
    # Opening for work never touches an operation a person started.
    assert bob.recover_interrupted() == ""
    after = {p.name: p.stat().st_mtime_ns for p in gitdir.iterdir() if p.is_file()}
    assert {name: after.get(name) for name in before} == before


@pytest.mark.parametrize(
    ("make", "state", "command"),
    [
        (_person_revert, "revert", "revert --continue"),
        (_person_bisect, "bisect", "bisect reset"),
    ],
)
def test_sync_leaves_a_persons_revert_or_bisect_alone_and_says_how_to_end_it(
    alice: Store, bob: Store, make: object, state: str, command: str
) -> None:
    make(bob, alice)  # type: ignore[operator]
    change(alice, CARLOS, email="alice@x.example")
    assert sync(alice).ok
    before = head(bob.root)
    result = sync(bob)
    assert result.status == "error"
    assert f"git {state}" in result.message and command in result.message, result.message
    assert head(bob.root) == before
    assert git(bob.root, "rev-parse", "HEAD@{upstream}") != git(alice.root, "rev-parse", "HEAD")


def save_field_strict(store: Store, rel: str, field: str, value: str) -> None:
    found = k.kind_for_path(rel)
    assert found is not None
    text = (store.root / rel).read_text(encoding="utf-8")
    store.save(found[0], found[1], {**tomllib.loads(text), field: value}, text)


def test_a_sync_running_in_another_process_is_not_recovered_under_it(
    remote: Path, alice: Store, bob: Store
) -> None:
    diverged_then_interrupted(alice, bob)
    with sync_lock(bob.git):  # as a live sync holds it
        assert bob.recover_interrupted() == ""
        assert (bob.root / ".git" / "rebase-merge").is_dir()
    assert "interrupted sync" in bob.recover_interrupted()


# --- the commands: write commands recover first, read-only ones only report ---


def test_check_and_export_only_report_an_interrupted_sync(
    remote: Path, alice: Store, bob: Store
) -> None:
    diverged_then_interrupted(alice, bob)
    gitdir = bob.root / ".git"
    before = sorted(
        (str(p.relative_to(gitdir)), p.stat().st_mtime_ns) for p in gitdir.rglob("*") if p.is_file()
    )
    runner = CliRunner()
    for args in (["check", str(bob.root)], ["export", str(bob.root)]):
        result = runner.invoke(main, args)
        assert "smgov sync" in result.stderr and "interrupted" in result.stderr, args
    after = sorted(
        (str(p.relative_to(gitdir)), p.stat().st_mtime_ns) for p in gitdir.rglob("*") if p.is_file()
    )
    assert after == before  # not one file in .git written, the rebase still there


def test_import_recovers_an_interrupted_sync_before_saving(
    remote: Path, alice: Store, bob: Store, tmp_path: Path
) -> None:
    diverged_then_interrupted(alice, bob)
    csv = tmp_path / "accounts.csv"
    exported = CliRunner().invoke(main, ["export", "accounts", str(bob.root)]).stdout
    lines = exported.splitlines()
    assert "Comments are moderated" in lines[1]
    changed = lines[1].replace("Comments are moderated", "Comments are read")
    csv.write_text(f"{lines[0]}\n{changed}\n", "utf-8")
    result = CliRunner().invoke(main, ["import", "accounts", str(csv), str(bob.root)])
    assert result.exit_code == 0, result.output
    assert "interrupted sync" in result.stderr
    assert not (bob.root / ".git" / "rebase-merge").exists()
    assert git(bob.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert in_history(bob.root, "Comments are read") and in_history(bob.root, "c@x.example")


# --- the first push names the branch in a bare remote on this machine ---


@pytest.mark.parametrize("as_url", [False, True])
def test_a_plain_clone_of_a_remote_smgov_pushed_first_checks_out_the_branch(
    ws: Path, tmp_path: Path, as_url: bool
) -> None:
    bare = tmp_path / "team.git"
    subprocess.run(
        ["git", "-c", "init.defaultBranch=master", "init", "-q", "--bare", str(bare)], check=True
    )
    git(ws, "remote", "add", "origin", bare.as_uri() if as_url else str(bare))
    store = Store.open(ws)
    store.load()
    assert sync(store).status == "synced"
    plain = tmp_path / "plain"
    cloned = subprocess.run(
        ["git", "clone", str(bare), str(plain)], capture_output=True, text=True, check=True
    )
    assert "remote HEAD refers to nonexistent ref" not in cloned.stderr
    assert git(plain, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert (plain / "workspace.toml").is_file()


def test_a_remote_whose_head_names_a_real_branch_is_left_alone(ws: Path, tmp_path: Path) -> None:
    bare = tmp_path / "team.git"
    git(tmp_path, "clone", "-q", "--bare", str(ws), str(bare))
    git(Path(bare), "branch", "-q", "trunk", "main")
    git(Path(bare), "symbolic-ref", "HEAD", "refs/heads/trunk")
    git(ws, "checkout", "-q", "-b", "feature")
    git(ws, "remote", "add", "origin", str(bare))
    store = Store.open(ws)
    store.load()
    assert sync(store).status == "synced"
    assert git(Path(bare), "symbolic-ref", "HEAD").strip() == "refs/heads/trunk"


# --- found by the stateful test, for the conflict-settling work (sync.py replay, merge driver) ---


def test_keeping_mine_keeps_every_value_saved_before_the_sync(
    remote: Path, alice: Store, bob: Store
) -> None:
    change(alice, ANA, email="alice@x.example")
    assert sync(alice).ok
    assert save_field(bob, ANA, "email", "first@x.example")
    assert save_field(bob, ANA, "email", "second@x.example")
    first = sync(bob)
    assert first.status == "conflicts"
    assert resolve(bob, {ANA: {"email": Pick("mine")}}).ok
    assert read(bob, ANA)["email"] == "second@x.example"
    assert on_remote(remote, "second@x.example")
    assert on_remote(remote, "first@x.example"), "a saved value left the history"


# --- the app: opening the workspace undoes the interrupted sync before anything is saved ---


def said(app: SmgovApp) -> list[str]:
    """What ``app`` told the person, oldest first."""
    return [str(n.message) for n in notices(app)]


@run_async
async def test_the_app_undoes_an_interrupted_sync_when_it_loads_the_workspace(
    remote: Path, alice: Store, bob: Store
) -> None:
    diverged_then_interrupted(alice, bob)
    app = SmgovApp(bob.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert not (bob.root / ".git" / "rebase-merge").exists()
        assert git(bob.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
        assert any("interrupted sync" in told and "kept" in told for told in said(app))
        store = app.store
        assert store is not None
        assert save_field(store, ANA, "phone", "+34 611 222 333")
    assert in_history(bob.root, "+34 611 222 333") and in_history(bob.root, "c@x.example")


def test_a_marker_left_by_an_old_kill_does_not_make_a_persons_rebase_smgovs(
    alice: Store, bob: Store
) -> None:
    """A sync killed before its rebase began leaves only its marker; a rebase a person starts
    later is theirs: never aborted, and saves name git's command, not smgov's."""
    marker = bob.root / ".git" / REBASE_MARKER
    marker.write_text("refs/remotes/origin/main\n", "utf-8")
    os.utime(marker, (1_000_000_000, 1_000_000_000))  # written long before the rebase
    _person_rebase(bob, alice)
    assert bob.recover_interrupted() == ""
    assert (bob.root / ".git" / "rebase-merge").is_dir()
    with pytest.raises(OperationInProgress) as refused:
        save_field_strict(bob, CARLOS, "phone", "+34 600 000 777")
    assert "rebase --continue" in str(refused.value)
    result = sync(bob)
    assert result.status == "error" and "not started by smgov" in result.message
    assert (bob.root / ".git" / "rebase-merge").is_dir()


def test_check_names_a_rebase_a_person_left_and_writes_nothing(bob: Store) -> None:
    """A rebase started by hand and stopped (here on a break) is easy to forget: check says
    that saves wait for it and how to see what to do, and touches nothing in .git."""
    (bob.root / "team-notes.txt").write_text("a commit to rebase\n", encoding="utf-8")
    git(bob.root, "add", "team-notes.txt")
    git(bob.root, "commit", "-qm", "notes")
    subprocess.run(
        ["git", "rebase", "-i", "HEAD~1"],
        cwd=bob.root,
        env={**os.environ, "GIT_SEQUENCE_EDITOR": "sed -i '1i break'"},
        check=True,
        capture_output=True,
    )
    gitdir = bob.root / ".git"
    before = sorted(
        (str(p.relative_to(gitdir)), p.stat().st_mtime_ns) for p in gitdir.rglob("*") if p.is_file()
    )
    result = CliRunner().invoke(main, ["check", str(bob.root)])
    assert result.exit_code in (0, 1)
    assert "a git rebase is in progress" in result.stderr
    assert "saves wait" in result.stderr and "status says how" in result.stderr
    after = sorted(
        (str(p.relative_to(gitdir)), p.stat().st_mtime_ns) for p in gitdir.rglob("*") if p.is_file()
    )
    assert after == before
