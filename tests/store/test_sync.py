"""Team sync against a real bare repository and real clones (no mocks)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from smgov_tui.core import kinds as k
from smgov_tui.core.merge import Pick
from smgov_tui.store.mergeconfig import ATTRIBUTE_LINE, driver_command, ensure_merge_driver
from smgov_tui.store.store import Store
from smgov_tui.store.sync import (
    REBASE_MARKER,
    SyncError,
    _classify,
    clone_workspace,
    last_sync,
    resolve,
    sync,
    sync_status,
)
from tests.helpers.git import git
from tests.helpers.hooks import HookGate
from tests.helpers.sync import change, head, member, read, remote_head

ANA = "owners/ana-ruiz.toml"
CARLOS = "owners/carlos-vidal.toml"
PLAYBOOK = "protocols/crisis/hacked-account.toml"


def no_markers(store: Store) -> None:
    for path in store.root.rglob("*.toml"):
        if ".git" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "<<<<<<<" not in text and ">>>>>>>" not in text, path


def no_operation_in_progress(store: Store) -> None:
    gitdir = store.root / ".git"
    for leftover in ("rebase-merge", "rebase-apply", "MERGE_HEAD", "CHERRY_PICK_HEAD"):
        assert not (gitdir / leftover).exists(), leftover
    assert git(store.root, "status", "--porcelain", "--untracked-files=no") == ""


def linear(root: Path) -> bool:
    return git(root, "rev-list", "--merges", "HEAD").strip() == ""


# --- configuration ---


def test_clone_configures_the_merge_driver(alice: Store) -> None:
    assert git(alice.root, "config", "merge.smgov.driver").strip() == driver_command()
    attributes = (alice.root / ".git" / "info" / "attributes").read_text(encoding="utf-8")
    assert ATTRIBUTE_LINE in attributes.splitlines()
    assert git(alice.root, "check-attr", "merge", "--", ANA).strip().endswith("smgov")
    assert not ensure_merge_driver(alice.root)  # idempotent: nothing to change the second time


def test_the_first_sync_configures_a_plain_git_clone(remote: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(remote), str(plain))
    assert (
        subprocess.run(
            ["git", "config", "merge.smgov.driver"], cwd=plain, capture_output=True
        ).returncode
        != 0
    )
    store = Store.open(plain)  # opening to read writes nothing
    unset = subprocess.run(["git", "config", "--get-regexp", r"^(merge|pull)\."], cwd=plain)
    assert unset.returncode == 1
    sync(store)
    assert git(plain, "config", "merge.smgov.driver").strip() == driver_command()


def test_init_configures_the_merge_driver(ws: Path) -> None:
    assert git(ws, "config", "merge.smgov.driver").strip() == driver_command()


# --- integrating ---


def test_disjoint_edits_integrate_with_no_question(remote: Path, alice: Store, bob: Store) -> None:
    change(alice, ANA, phone="+34 600 111 222")
    change(bob, CARLOS, email="carlos@new.example")
    first = sync(alice)
    assert first.status == "synced" and first.pushed == 1
    second = sync(bob)
    assert second.status == "synced", second.message
    assert (second.pulled, second.pushed) == (1, 1)
    third = sync(alice)
    assert third.status == "synced" and third.pulled == 1
    for store in (alice, bob):
        assert read(store, ANA)["phone"] == "+34 600 111 222"
        assert read(store, CARLOS)["email"] == "carlos@new.example"
        assert linear(store.root)
        assert head(store.root) == remote_head(remote)
    subjects = git(bob.root, "log", "-3", "--format=%s").splitlines()
    assert subjects[:2] == [f"edit {CARLOS}: email", f"edit {ANA}: phone"]
    assert sync(alice).status == "up-to-date"


def test_adjacent_fields_of_one_record_merge_field_by_field(
    remote: Path, alice: Store, bob: Store, tmp_path: Path
) -> None:
    before = (alice.root / ANA).read_text(encoding="utf-8")
    change(alice, ANA, email="ana@new.example")  # line 11
    change(bob, ANA, phone="+34 699 000 000")  # line 12: adjacent, git's line merge conflicts
    base_file = tmp_path / "base.toml"
    base_file.write_text(before, encoding="utf-8")
    line = subprocess.run(
        ["git", "merge-file", "-p", str(alice.root / ANA), str(base_file), str(bob.root / ANA)],
        capture_output=True,
        text=True,
    )
    assert line.returncode == 1, "plain git would stop here"
    assert sync(alice).status == "synced"
    result = sync(bob)
    assert result.status == "synced", result.message
    merged = read(bob, ANA)
    assert merged["email"] == "ana@new.example" and merged["phone"] == "+34 699 000 000"
    text = (bob.root / ANA).read_text(encoding="utf-8")
    assert text.startswith("#:schema ../schemas/owner.schema.json\n")  # comments survive
    assert before.count("\n") == text.count("\n")
    no_markers(bob)
    assert linear(bob.root) and head(bob.root) == remote_head(remote)


def test_plain_git_pull_uses_the_driver_too(remote: Path, alice: Store, bob: Store) -> None:
    change(alice, ANA, email="ana@new.example")
    change(bob, ANA, phone="+34 699 000 000")
    assert sync(alice).ok
    pulled = subprocess.run(
        ["git", "pull", "-q", "--rebase"], cwd=bob.root, capture_output=True, text=True
    )
    assert pulled.returncode == 0, pulled.stderr
    merged = read(bob, ANA)
    assert merged["email"] == "ana@new.example" and merged["phone"] == "+34 699 000 000"


def test_different_playbook_steps_merge_by_id(alice: Store, bob: Store) -> None:
    steps_a = read(alice, PLAYBOOK)["steps"]
    assert isinstance(steps_a, list)
    steps_a[0]["title"] = "Confirm it fast"
    change(alice, PLAYBOOK, steps=steps_a)
    steps_b = read(bob, PLAYBOOK)["steps"]
    assert isinstance(steps_b, list)
    steps_b[1]["title"] = "Lock everything down"
    change(bob, PLAYBOOK, steps=steps_b)
    assert sync(alice).ok
    assert sync(bob).status == "synced"
    steps = read(bob, PLAYBOOK)["steps"]
    assert isinstance(steps, list)
    assert [s["title"] for s in steps[:2]] == ["Confirm it fast", "Lock everything down"]


def test_edits_through_the_store_sync(alice: Store, bob: Store) -> None:
    entry = alice.data.entry(k.OWNERS, "ana-ruiz")
    assert entry is not None
    alice.save(k.OWNERS, "ana-ruiz", {**entry.raw, "department": "Comms"}, entry.text)
    assert sync(alice).ok
    assert sync(bob).ok
    owner = bob.data.entry(k.OWNERS, "ana-ruiz")
    assert owner is not None and owner.raw["department"] == "Comms"  # the store reloaded


# --- real conflicts ---


def conflict_on_email(alice: Store, bob: Store) -> tuple[str, str]:
    change(alice, ANA, email="alice@x.example", department="Brand")
    change(bob, ANA, email="bob@x.example", phone="+34 699 000 000")
    assert sync(alice).ok
    return head(bob.root), (bob.root / ANA).read_text(encoding="utf-8")


def test_same_field_on_both_sides_stops_cleanly(remote: Path, alice: Store, bob: Store) -> None:
    before_head, before_text = conflict_on_email(alice, bob)
    result = sync(bob)
    assert result.status == "conflicts"
    (conflict,) = result.conflicts
    assert conflict.path == ANA
    assert [(f.dotted, f.ours, f.theirs) for f in conflict.fields] == [
        ("email", "bob@x.example", "alice@x.example")
    ]
    assert conflict.fields[0].base == "ana.ruiz@ultramarinosolmedo.es"
    assert conflict.kind_and_id == (k.OWNERS, "ana-ruiz")
    # Nothing changed: same commit, same file, no markers, no rebase left over.
    assert head(bob.root) == before_head
    assert (bob.root / ANA).read_text(encoding="utf-8") == before_text
    no_markers(bob)
    no_operation_in_progress(bob)
    assert sync_status(bob).ahead == 1


@pytest.mark.parametrize(
    ("pick", "expected"),
    [
        (Pick("mine"), "bob@x.example"),
        (Pick("theirs"), "alice@x.example"),
        (Pick("edit", "team@x.example"), "team@x.example"),
    ],
)
def test_conflict_resolved_mine_theirs_or_edited(
    remote: Path, alice: Store, bob: Store, pick: Pick, expected: str
) -> None:
    conflict_on_email(alice, bob)
    assert sync(bob).status == "conflicts"
    result = resolve(bob, {ANA: {"email": pick}})
    assert result.status == "synced", result.message
    merged = read(bob, ANA)
    assert merged["email"] == expected
    assert merged["department"] == "Brand" and merged["phone"] == "+34 699 000 000"
    assert head(bob.root) == remote_head(remote) and linear(bob.root)
    no_markers(bob)
    assert sync(alice).ok and read(alice, ANA) == merged


def test_invalid_resolution_is_refused_and_nothing_changes(alice: Store, bob: Store) -> None:
    change(alice, ANA, name="Ana R.")
    change(bob, ANA, name="Ana Ruiz")
    assert sync(alice).ok
    before = head(bob.root)
    result = resolve(bob, {ANA: {"name": Pick("edit", "")}})
    assert result.status == "conflicts" and result.problems
    assert any(p.field == "name" for p in result.problems)
    assert head(bob.root) == before
    no_operation_in_progress(bob)


def test_deleted_here_and_changed_there_is_a_whole_file_conflict(alice: Store, bob: Store) -> None:
    change(alice, CARLOS, email="c@x.example")
    (bob.root / CARLOS).unlink()
    git(bob.root, "commit", "-qam", "delete carlos")
    assert sync(alice).ok
    result = sync(bob)
    assert result.status == "conflicts"
    (conflict,) = result.conflicts
    assert conflict.whole_file and conflict.path == CARLOS
    assert resolve(bob, {CARLOS: {"": Pick("theirs")}}).ok
    assert read(bob, CARLOS)["email"] == "c@x.example"


# --- failures ---


def test_no_remote(ws: Path) -> None:
    store = Store.open(ws)
    store.load()
    result = sync(store)
    assert result.status == "no-remote" and "remote add" in result.message


def test_remote_path_that_does_not_exist(alice: Store, tmp_path: Path) -> None:
    git(alice.root, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    change(alice, ANA, phone="+34 600 000 001")
    before = head(alice.root)
    result = sync(alice)
    assert result.status == "unreachable"
    assert "Cannot reach the remote origin" in result.message
    assert "local commits are kept" in result.message
    assert head(alice.root) == before and sync_status(alice).ahead == 1


def test_file_url_that_refuses(alice: Store, tmp_path: Path) -> None:
    refusing = tmp_path / "not-a-repo"
    refusing.mkdir()
    (refusing / "README").write_text("not a repository\n", encoding="utf-8")
    if os.geteuid() != 0:
        refusing.chmod(0)
    git(alice.root, "remote", "set-url", "origin", refusing.as_uri())
    change(alice, ANA, phone="+34 600 000 002")
    try:
        result = sync(alice)
    finally:
        refusing.chmod(stat.S_IRWXU)
    assert result.status == "unreachable", result.message
    assert refusing.as_uri() in result.message
    assert sync_status(alice).ahead == 1


@pytest.mark.parametrize(
    ("stderr", "status"),
    [
        ("fatal: Authentication failed for 'https://example.org/x.git/'", "auth"),
        ("git@example.org: Permission denied (publickey).", "auth"),
        ("fatal: could not read Username for 'https://x': terminal prompts disabled", "auth"),
        ("ssh: Could not resolve hostname example.invalid", "unreachable"),
        ("fatal: '/nope' does not appear to be a git repository", "unreachable"),
    ],
)
def test_failures_are_classified(stderr: str, status: str) -> None:
    assert _classify(stderr) == status


def race(bob: Store, alice: Store, hook_name: str, guard: str) -> Path:
    """A hook in Bob's repo that makes Alice push once, at the worst moment for Bob."""
    marker = bob.root.parent / f"raced-{hook_name}"
    hook = bob.root / ".git" / "hooks" / hook_name
    hook.write_text(
        "#!/bin/sh\n"
        f"{guard}\n"
        f'if [ ! -e "{marker}" ]; then\n'
        f'  touch "{marker}"\n'
        "  env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE -u GIT_PREFIX "
        f'git -C "{alice.root}" push -q origin main >/dev/null 2>&1\n'
        "fi\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    return marker


@pytest.mark.parametrize(
    ("hook_name", "guard"),
    [
        # Alice pushes just after Bob's fetch: Bob's push is a true non-fast-forward.
        ("reference-transaction", '[ "$1" = committed ] || exit 0'),
        # Alice pushes while Bob's push is under way: the remote refuses to move the branch.
        ("pre-push", ":"),
    ],
)
def test_rejected_push_integrates_and_pushes_again(
    remote: Path, alice: Store, bob: Store, tmp_path: Path, hook_name: str, guard: str
) -> None:
    carol = member(remote, tmp_path, "carol")
    change(carol, "contacts/lasarte-abogados.toml", email="legal@x.example")
    assert sync(carol).ok  # so that Bob's fetch has something to bring (and runs the hook)
    git(alice.root, "pull", "-q", "--rebase")
    change(alice, ANA, phone="+34 600 000 003")
    change(bob, CARLOS, email="c@x.example")
    marker = race(bob, alice, hook_name, guard)
    result = sync(bob)
    assert marker.exists()
    assert result.status == "synced", result.message
    assert result.pulled == 2 and result.pushed == 1
    assert head(bob.root) == remote_head(remote)
    assert read(bob, ANA)["phone"] == "+34 600 000 003" and linear(bob.root)


def test_uncommitted_hand_edits_stop_the_sync(alice: Store, bob: Store) -> None:
    change(alice, ANA, phone="+34 600 000 004")
    assert sync(alice).ok
    (bob.root / CARLOS).write_text(
        (bob.root / CARLOS).read_text(encoding="utf-8") + "\n# hand note\n", encoding="utf-8"
    )
    before = head(bob.root)
    result = sync(bob)
    assert result.status == "dirty" and CARLOS in result.message
    assert head(bob.root) == before
    assert "# hand note" in (bob.root / CARLOS).read_text(encoding="utf-8")


# --- interrupted syncs ---


def test_sync_recovers_a_rebase_left_half_done(remote: Path, alice: Store, bob: Store) -> None:
    """What a sync killed mid-rebase leaves (a rebase stopped with markers) is undone first."""
    local_head, _text = conflict_on_email(alice, bob)
    git(bob.root, "fetch", "-q")
    (bob.root / ".git" / REBASE_MARKER).write_text("origin/main\n", encoding="utf-8")
    stopped = subprocess.run(
        ["git", "rebase", "origin/main"], cwd=bob.root, capture_output=True, text=True
    )
    assert stopped.returncode != 0
    assert (bob.root / ".git" / "rebase-merge").exists()
    assert "<<<<<<<" in (bob.root / ANA).read_text(encoding="utf-8")
    result = sync(bob)
    assert "interrupted sync" in result.recovered
    assert result.status == "conflicts"  # the real conflict is reported, not half-applied
    assert head(bob.root) == local_head
    no_markers(bob)
    no_operation_in_progress(bob)
    assert resolve(bob, {ANA: {"email": Pick("mine")}}).ok
    assert read(bob, ANA)["email"] == "bob@x.example"


def test_cli_sync_after_a_kill_recovers_with_nothing_lost(
    remote: Path, alice: Store, bob: Store
) -> None:
    """A sync process SIGKILLed while its rebase is running; the next `smgov sync` recovers."""
    change(alice, ANA, email="alice@x.example")
    change(bob, CARLOS, email="c@x.example")
    change(bob, ANA, phone="+34 699 000 000")
    assert sync(alice).ok
    local_head = head(bob.root)
    gate = HookGate(bob.root, "post-checkout", bob.root.parent)  # holds the rebase
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "smgov_tui", "sync", str(bob.root)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert gate.wait_started(timeout=60), "the sync never reached its rebase"
    finally:
        os.killpg(proc.pid, 9)
        proc.wait()
        gate.close()
    assert git(bob.root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "HEAD"  # mid-rebase
    done = subprocess.run(
        [sys.executable, "-m", "smgov_tui", "sync", str(bob.root)],
        env={**env, "CI": "true"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "interrupted sync" in done.stdout
    no_operation_in_progress(bob)
    assert git(bob.root, "merge-base", "--is-ancestor", remote_head(remote), "HEAD") == ""
    merged = read(bob, ANA)
    assert merged["email"] == "alice@x.example" and merged["phone"] == "+34 699 000 000"
    assert read(bob, CARLOS)["email"] == "c@x.example"
    assert local_head != head(bob.root) and head(bob.root) == remote_head(remote)


# --- status ---


def test_status_counts_ahead_behind_unpushed_and_last_sync(alice: Store, bob: Store) -> None:
    status = sync_status(bob)
    assert (status.ahead, status.behind, status.unpushed) == (0, 0, [])
    assert status.remote == "origin" and status.upstream == "origin/main"
    change(alice, ANA, phone="+34 600 000 005")
    change(bob, CARLOS, email="c@x.example")
    change(bob, CARLOS, phone="+34 600 000 006")
    assert sync(alice).ok
    git(bob.root, "fetch", "-q")
    status = sync_status(bob)
    assert (status.ahead, status.behind) == (2, 1)
    assert [c.subject for c in status.unpushed] == [
        f"edit {CARLOS}: phone",
        f"edit {CARLOS}: email",
    ]
    assert sync(bob).ok
    status = sync_status(bob)
    assert (status.ahead, status.behind) == (0, 0)
    assert status.last_sync is not None and status.last_sync == last_sync(bob)
    assert status.last_sync.isoformat() == "2026-11-22T10:00:00+01:00"
    assert (
        git(bob.root, "status", "--porcelain") == ""
    )  # the state lives in .git, not the workspace


def test_first_push_to_an_empty_remote_sets_the_upstream(ws: Path, tmp_path: Path) -> None:
    bare = tmp_path / "empty.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(ws, "remote", "add", "origin", str(bare))
    store = Store.open(ws)
    store.load()
    assert sync_status(store).upstream is None
    result = sync(store)
    assert result.status == "synced", result.message
    assert sync_status(store).upstream == "origin/main"
    assert remote_head(bare) == head(ws)


def test_clone_refuses_a_bad_url_and_a_full_folder(remote: Path, tmp_path: Path) -> None:
    with pytest.raises(SyncError) as error:
        clone_workspace(str(tmp_path / "nope.git"), tmp_path / "c1")
    assert error.value.status == "unreachable"
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x", encoding="utf-8")
    with pytest.raises(SyncError):
        clone_workspace(str(remote), full)


def test_a_resolution_is_committed_even_when_the_remote_went_offline(
    remote: Path, alice: Store, bob: Store, tmp_path: Path
) -> None:
    conflict_on_email(alice, bob)
    assert sync(bob).status == "conflicts"
    git(bob.root, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    result = resolve(bob, {ANA: {"email": Pick("theirs")}})
    assert result.status == "unreachable", result.message
    assert "owners: settle ana-ruiz: email from Alice (theirs)" in result.message
    assert read(bob, ANA)["email"] == "alice@x.example"
    assert read(bob, ANA)["phone"] == "+34 699 000 000"
    status = sync_status(bob)
    # Integrated (bob's commit replayed as he made it, then the settlement); the push waits.
    assert (status.ahead, status.behind) == (2, 0)
    no_markers(bob)
    no_operation_in_progress(bob)
    git(bob.root, "remote", "set-url", "origin", str(remote))
    assert sync(bob).status == "synced"
    assert head(bob.root) == remote_head(remote)


def test_a_rebase_started_by_a_person_is_left_alone(alice: Store, bob: Store) -> None:
    """A rebase begun in a terminal may hold someone's conflict resolutions: never abort it."""
    conflict_on_email(alice, bob)
    git(bob.root, "fetch", "-q")
    subprocess.run(["git", "rebase", "origin/main"], cwd=bob.root, capture_output=True)
    (bob.root / ANA).write_text("# resolved by hand, not yet added\n", encoding="utf-8")
    result = sync(bob)
    assert result.status == "error"
    assert "git rebase --continue" in result.message and "not started by smgov" in result.message
    assert (bob.root / ".git" / "rebase-merge").exists()
    assert (bob.root / ANA).read_text(encoding="utf-8") == "# resolved by hand, not yet added\n"
