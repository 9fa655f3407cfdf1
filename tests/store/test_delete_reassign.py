"""Delete an owner or contact still named elsewhere, handing every reference to another
record in the same commit; refused whole when the handover would make a record invalid."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.core import kinds as k
from smgov_tui.store.errors import StoreError, ValidationFailed
from smgov_tui.store.store import Store
from tests.helpers.git import git


def _commits(ws: Path) -> int:
    return int(git(ws, "rev-list", "--count", "HEAD").strip())


def _owner_and_free_target(store: Store) -> tuple[str, str]:
    """A referenced owner and another who never shares an account with them."""
    accounts = store.data.accounts.values()
    for old in store.data.ids(k.OWNERS):
        mine = [a for a in accounts if old in (a.owner, a.backup_owner)]
        if len(mine) < 2:
            continue
        shared = {p for a in mine for p in (a.owner, a.backup_owner)}
        free = [o for o in store.data.ids(k.OWNERS) if o not in shared]
        if free:
            return old, free[0]
    raise AssertionError("the sample has an owner of several accounts")


def test_reassign_moves_every_reference_and_deletes_in_one_commit(store: Store, ws: Path) -> None:
    old, target = _owner_and_free_target(store)
    references = store.data.references_to(k.OWNERS, old)
    files = sorted({path for path, _field in references})
    before = _commits(ws)
    result = store.delete(k.OWNERS, old, reassign_to=target)
    records = "1 record" if len(files) == 1 else f"{len(files)} records"
    assert result.message == f"owners: delete {old}, reassigning {records} to {target}"
    assert _commits(ws) == before + 1
    assert git(ws, "log", "-1", "--format=%an|%s").strip() == f"Test Author|{result.message}"
    changed = git(ws, "show", "--format=", "--name-only", "HEAD").split()
    assert sorted(changed) == sorted([*files, f"owners/{old}.toml"])
    assert not (ws / "owners" / f"{old}.toml").exists()
    for path in files:
        text = (ws / path).read_text(encoding="utf-8")
        assert f'"{old}"' not in text and f'"{target}"' in text
        assert text.startswith("#:schema")  # edited in place: the comments survive
    assert store.data.references_to(k.OWNERS, old) == []
    assert git(ws, "status", "--porcelain") == ""


def test_reassign_that_would_make_owner_and_backup_one_person_is_refused_whole(
    store: Store, ws: Path
) -> None:
    account = store.data.accounts["instagram-olmedo"]
    before = _commits(ws)
    with pytest.raises(ValidationFailed) as refused:
        store.delete(k.OWNERS, account.owner, reassign_to=account.backup_owner)
    assert any(p.path == "accounts/instagram-olmedo.toml" for p in refused.value.problems)
    assert _commits(ws) == before and git(ws, "status", "--porcelain") == ""
    assert (ws / "owners" / f"{account.owner}.toml").exists()


def test_reassign_a_contact_names_the_new_one_once_per_step(store: Store, ws: Path) -> None:
    named = [
        (pid, step.contacts)
        for pid, playbook in store.data.playbooks.items()
        for step in playbook.steps
        if len(step.contacts) >= 2
    ]
    assert named, "the sample has a step with two contacts"
    pid, contacts = named[0]
    old, target = contacts[0], contacts[1]
    store.delete(k.CONTACTS, old, reassign_to=target)
    for step in store.data.playbooks[pid].steps:
        assert old not in step.contacts
        assert step.contacts.count(target) <= 1
    assert git(ws, "status", "--porcelain") == ""


def test_reassign_to_itself_or_nobody_is_refused(store: Store, ws: Path) -> None:
    old, _target = _owner_and_free_target(store)
    before = _commits(ws)
    for target in (old, "nobody-here"):
        with pytest.raises(StoreError, match="choose another existing"):
            store.delete(k.OWNERS, old, reassign_to=target)
    assert _commits(ws) == before
