"""Every write of the store is one transaction: when git refuses the commit, every file, the
index, HEAD and the records the store holds are as they were, and no journal is left behind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smgov_tui.core import kinds as k
from smgov_tui.store.errors import GitError
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from tests.helpers.crisis import make_crisis_ws
from tests.helpers.git import git

MakeWs = Callable[..., Path]


def files_of(root: Path) -> dict[str, bytes]:
    """Every file of the work tree (``.git`` aside) and its bytes."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


def refuse_commits(root: Path) -> None:
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)


def raw_records(store: Store) -> dict[str, dict[str, object]]:
    return {
        f"{kind}/{record_id}": dict(entry.raw)
        for kind, by_id in store.data.entries.items()
        for record_id, entry in by_id.items()
    }


def _save(store: Store) -> None:
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    store.save(k.ACCOUNTS, "ig-shop", {**entry.raw, "purpose": "Blocked"}, entry.text)


def _create(store: Store) -> None:
    store.create(k.OWNERS, "eva-diaz", {"name": "Eva Díaz", "role": "cm"})


def _duplicate(store: Store) -> None:
    store.duplicate(k.OWNERS, "ana-ruiz", "ana-ruiz-2")


def _delete(store: Store) -> None:
    store.delete(k.CONTACTS, "agency")


def _rename(store: Store) -> None:
    store.rename(k.OWNERS, "ana-ruiz", "ana-lopez")  # ig-shop names her: two files change


def _save_many(store: Store) -> None:
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    store.save_many(
        [
            (k.ACCOUNTS, "ig-shop", {**entry.raw, "purpose": "Blocked"}, entry.text),
            (k.OWNERS, "eva-diaz", {"name": "Eva Díaz", "role": "cm"}, None),
        ],
        "accounts: two at once",
    )


@pytest.mark.parametrize(
    "write", [_save, _create, _duplicate, _delete, _rename, _save_many], ids=lambda f: f.__name__
)
def test_a_refused_commit_leaves_the_workspace_and_the_store_as_they_were(
    make_ws: MakeWs, write: Callable[[Store], None]
) -> None:
    root = make_ws()
    store = Store.open(root, "Bea Soto <bea@example.org>")
    store.load()
    files, records, head = files_of(root), raw_records(store), git(root, "rev-parse", "HEAD")
    refuse_commits(root)
    with pytest.raises(GitError, match="no commits today"):
        write(store)
    assert files_of(root) == files
    assert raw_records(store) == records
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "status", "--porcelain") == ""
    assert store.uncommitted() == []
    assert store.journal.entries() == []


def test_a_refused_incident_leaves_the_workspace_and_the_store_as_they_were(
    tmp_path: Path,
) -> None:
    root = make_crisis_ws(tmp_path / "cws")
    store = Store.open(root)
    store.load()
    incidents = Incidents(store)
    opened = incidents.create("hacked-account", "high")
    files, records, head = files_of(root), raw_records(store), git(root, "rev-parse", "HEAD")
    refuse_commits(root)
    with pytest.raises(GitError, match="no commits today"):
        incidents.create("hacked-account", "low")
    with pytest.raises(GitError, match="no commits today"):
        incidents.act(opened, "note", "a note nobody keeps")
    assert files_of(root) == files
    assert raw_records(store) == records
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "status", "--porcelain") == ""
    assert store.journal.entries() == []
