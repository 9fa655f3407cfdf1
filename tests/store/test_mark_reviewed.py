"""Marking an account reviewed: one commit, "accounts: reviewed x", through the transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from smgov_tui.store.errors import ConflictError
from smgov_tui.store.store import Store
from tests.helpers.git import git, subjects

TODAY = dt.date(2026, 11, 22)  # the frozen clock of the tests


def test_marks_today_in_one_commit_with_a_minimal_diff(store: Store) -> None:
    before = subjects(store.root)
    result = store.mark_reviewed("pinterest-recetas")
    assert result.committed and result.message == "accounts: reviewed pinterest-recetas"
    assert subjects(store.root) == ["accounts: reviewed pinterest-recetas", *before]
    diff = git(store.root, "show", "--format=", "-U0", "HEAD")
    changed = [ln for ln in diff.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
    assert changed == ["-last_reviewed = 2026-09-22", "+last_reviewed = 2026-11-22"]
    assert store.data.accounts["pinterest-recetas"].last_reviewed == TODAY
    assert git(store.root, "log", "-1", "--format=%an").strip() == "Test Author"


def test_the_same_day_again_makes_no_commit(store: Store) -> None:
    store.mark_reviewed("pinterest-recetas")
    before = subjects(store.root)
    assert not store.mark_reviewed("pinterest-recetas").committed
    assert subjects(store.root) == before


def test_a_file_changed_on_disk_is_not_overwritten(store: Store) -> None:
    path = store.root / "accounts" / "pinterest-recetas.toml"
    edited = path.read_text(encoding="utf-8").replace("olmedorecetas", "someone-else")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(ConflictError):
        store.mark_reviewed("pinterest-recetas")
    assert path.read_text(encoding="utf-8") == edited
    assert subjects(store.root)[0] != "accounts: reviewed pinterest-recetas"
