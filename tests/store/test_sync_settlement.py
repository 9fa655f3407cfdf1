"""Settling a sync's conflicts never drops a commit silently, and says what was taken from whom.

The replay keeps every local commit as it was made; the picks become one settlement commit
whose subject names each field and whose value it took. A commit that still ends up empty (the
remote already had the same change) is named in the sync's message. Real bare remote, clones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core.merge import Pick
from smgov_tui.store.store import Store
from smgov_tui.store.sync import resolve, sync
from tests.helpers.git import git
from tests.helpers.sync import change, head, read, remote_head

ANA = "owners/ana-ruiz.toml"
CARLOS = "owners/carlos-vidal.toml"


def history(store: Store, count: int) -> list[str]:
    """``author: subject`` of the newest ``count`` commits."""
    return git(store.root, "log", f"-{count}", "--format=%an: %s").splitlines()


def test_keeping_theirs_keeps_my_commit_and_settles_in_a_commit_that_says_so(
    remote: Path, alice: Store, bob: Store
) -> None:
    change(alice, ANA, email="alice@x.example")
    change(bob, ANA, email="bob@x.example")  # bob's only change: keeping theirs empties it
    assert sync(alice).ok
    assert sync(bob).status == "conflicts"
    result = resolve(bob, {ANA: {"email": Pick("theirs")}})
    assert result.status == "synced", result.message
    assert read(bob, ANA)["email"] == "alice@x.example"
    # On main bob's commit vanished without a word; now it stays, and the settlement follows.
    assert history(bob, 3) == [
        "Bob: owners: settle ana-ruiz: email from Alice (theirs)",
        f"Bob: edit {ANA}: email",
        f"Alice: edit {ANA}: email",
    ]
    assert "owners: settle ana-ruiz: email from Alice (theirs)" in result.message
    assert head(bob.root) == remote_head(remote)
    assert sync(alice).ok and read(alice, ANA)["email"] == "alice@x.example"


def test_the_settlement_subject_names_each_field_and_whose_value_it_took(
    alice: Store, bob: Store
) -> None:
    change(alice, ANA, email="alice@x.example", phone="+34 600 000 111", department="Brand")
    change(bob, ANA, email="bob@x.example", phone="+34 600 000 222", department="Shop")
    assert sync(alice).ok
    picks = {
        ANA: {
            "department": Pick("mine"),
            "email": Pick("theirs"),
            "phone": Pick("edit", "+34 600 000 333"),
        }
    }
    result = resolve(bob, picks)
    assert result.status == "synced", result.message
    (subject,) = git(bob.root, "log", "-1", "--format=%s").splitlines()
    assert subject.startswith("owners: settle ana-ruiz: ")
    taken = sorted(subject.removeprefix("owners: settle ana-ruiz: ").split(", "))
    assert taken == ["department mine", "email from Alice (theirs)", "phone typed in"]
    merged = read(bob, ANA)
    assert (merged["email"], merged["phone"], merged["department"]) == (
        "alice@x.example",
        "+34 600 000 333",
        "Shop",
    )


def test_keeping_mine_everywhere_needs_no_settlement_commit(
    remote: Path, alice: Store, bob: Store
) -> None:
    change(alice, ANA, email="alice@x.example")
    change(bob, ANA, email="bob@x.example")
    assert sync(alice).ok
    result = resolve(bob, {ANA: {"email": Pick("mine")}})
    assert result.status == "synced", result.message
    assert history(bob, 2) == [f"Bob: edit {ANA}: email", f"Alice: edit {ANA}: email"]
    assert "settle" not in result.message
    assert read(bob, ANA)["email"] == "bob@x.example"


def test_a_whole_file_kept_from_them_is_settled_after_my_deletion(alice: Store, bob: Store) -> None:
    change(alice, CARLOS, email="c@x.example")
    (bob.root / CARLOS).unlink()
    git(bob.root, "commit", "-qam", "delete carlos")
    assert sync(alice).ok
    result = resolve(bob, {CARLOS: {"": Pick("theirs")}})
    assert result.status == "synced", result.message
    assert read(bob, CARLOS)["email"] == "c@x.example"
    assert history(bob, 2) == [
        "Bob: owners: settle carlos-vidal: whole file from Alice (theirs)",
        "Bob: delete carlos",
    ]


def test_a_commit_left_out_is_named_in_the_message(alice: Store, bob: Store) -> None:
    change(alice, ANA, email="same@x.example")
    change(bob, ANA, email="same@x.example")  # the remote already has bob's change
    dropped = head(bob.root)
    assert sync(alice).ok
    result = sync(bob)
    assert result.status == "synced", result.message
    assert f'{dropped[:7]} "edit {ANA}: email"' in result.message
    assert "left out" in result.message
    assert [c.sha for c in result.dropped] == [dropped]
    # ...and nothing else is said to be left out when nothing is.
    change(bob, ANA, phone="+34 600 000 444")
    again = sync(bob)
    assert again.status == "synced" and "left out" not in again.message


def test_the_cli_says_which_commit_settled_the_conflicts(
    ws: Path,
    tmp_path: Path,
    remote: Path,
    alice: Store,
    bob: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    change(alice, ANA, email="alice@x.example")
    change(bob, ANA, email="bob@x.example", phone="+34 600 000 222")
    assert sync(alice).ok
    result = CliRunner().invoke(main, ["sync", "--take", "theirs", str(bob.root)])
    assert result.exit_code == 0, result.output
    assert (
        "Your choices were committed as: owners: settle ana-ruiz: email from Alice (theirs)."
        in (result.output)
    )
    assert head(bob.root) == remote_head(remote)


def test_a_refused_settlement_commit_leaves_nothing_half_done(alice: Store, bob: Store) -> None:
    change(alice, ANA, email="alice@x.example")
    change(bob, ANA, email="bob@x.example")
    assert sync(alice).ok
    hook = bob.root / ".git" / "hooks" / "commit-msg"
    hook.write_text(
        '#!/bin/sh\ngrep -q settle "$1" && echo "no settling here" >&2 && exit 1\nexit 0\n'
    )
    hook.chmod(0o755)
    result = resolve(bob, {ANA: {"email": Pick("theirs")}})
    assert result.status == "error"
    assert ANA in result.message and "no settling here" in result.message
    # The replay is in, with bob's value; no file is left changed and uncommitted.
    assert read(bob, ANA)["email"] == "bob@x.example"
    assert history(bob, 2) == [f"Bob: edit {ANA}: email", f"Alice: edit {ANA}: email"]
    assert git(bob.root, "status", "--porcelain", "--untracked-files=no") == ""
