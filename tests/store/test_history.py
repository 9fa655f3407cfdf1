"""A record's history: its own commits, through exact renames, never a look-alike's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from tests.helpers.git import git
from tests.helpers.store import opened

MakeWs = Callable[..., Path]


def set_field(store: Store, kind: k.Kind, record_id: str, **changes: object) -> None:
    entry = store.data.entry(kind, record_id)
    assert entry is not None
    result = store.save(kind, record_id, {**entry.raw, **changes}, entry.text)
    assert result.committed


def subjects(store: Store, kind: k.Kind, record_id: str) -> list[str]:
    return [commit.subject for commit in store.history(kind, record_id)]


def test_history_follows_a_rename_made_by_the_store(make_ws: MakeWs) -> None:
    store = opened(make_ws())
    set_field(store, k.OWNERS, "ana-ruiz", phone="+34 600 111 222")
    store.rename(k.OWNERS, "ana-ruiz", "ana-ruiz-gil")
    set_field(store, k.OWNERS, "ana-ruiz-gil", phone="+34 600 333 444")

    found = subjects(store, k.OWNERS, "ana-ruiz-gil")
    assert found[0] == "owners: set phone of ana-ruiz-gil to +34 600 333 444"
    assert found[1].startswith("owners: rename ana-ruiz to ana-ruiz-gil")
    assert found[2:] == ["owners: set phone of ana-ruiz to +34 600 111 222", "init"]


def test_a_copy_does_not_inherit_the_history_of_the_record_it_copies(make_ws: MakeWs) -> None:
    # git log --follow would guess that the copy "came from" the original (the files are
    # identical) and show the original's commits as the copy's.
    store = opened(make_ws())
    set_field(store, k.ACCOUNTS, "ig-shop", handle="@shop_es")
    store.duplicate(k.ACCOUNTS, "ig-shop", "ig-shop-2")

    assert subjects(store, k.ACCOUNTS, "ig-shop-2") == [
        "accounts: add ig-shop-2 as a copy of ig-shop"
    ]
    assert subjects(store, k.ACCOUNTS, "ig-shop") == [
        "accounts: set handle of ig-shop to @shop_es",
        "init",
    ]


def test_history_keeps_its_index_in_git_and_agrees_with_git_log(make_ws: MakeWs) -> None:
    root = make_ws()
    store = opened(root)
    for number in range(3):
        set_field(store, k.ACCOUNTS, "ig-shop", handle=f"@shop{number}")
    history = store.history(k.ACCOUNTS, "ig-shop")

    assert [c.sha for c in history] == git(
        root, "log", "--format=%H", "--", "accounts/ig-shop.toml"
    ).split()
    assert (root / ".git/smgov/history-index.json").is_file()
    assert git(root, "status", "--porcelain") == ""
    assert len(store.history(k.ACCOUNTS, "ig-shop", limit=2)) == 2


def test_history_of_a_record_without_commits_is_empty(make_ws: MakeWs) -> None:
    store = opened(make_ws(commit=False))
    assert store.history(k.ACCOUNTS, "ig-shop") == []
    assert store.history() == []
