"""A listening threshold names a crisis playbook by id: renaming the playbook renames it in the
thresholds in the same commit, and deleting it lists the thresholds that point to it."""

from __future__ import annotations

import tomllib
from pathlib import Path

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from tests.helpers.git import git

LISTENING = "protocols/listening.toml"


def test_renaming_a_playbook_renames_it_in_the_thresholds(ws: Path, store: Store) -> None:
    before = (ws / LISTENING).read_text(encoding="utf-8")
    store.rename(k.PLAYBOOKS, "viral-complaint", "viral")  # an incident and the listening file
    assert git(ws, "log", "-1", "--format=%s").strip() == (
        "playbooks: rename viral-complaint to viral (2 references updated)"
    )
    after = (ws / LISTENING).read_text(encoding="utf-8")
    playbooks = [t["playbook"] for t in tomllib.loads(after)["thresholds"]]
    assert playbooks == ["viral", "viral", "hacked-account", "offensive-employee-post"]
    assert after.splitlines()[:9] == before.splitlines()[:9]  # the header comments kept
    assert store.check() == []
    assert git(ws, "status", "--porcelain") == ""


def test_the_thresholds_are_references_to_their_playbook(store: Store) -> None:
    assert (LISTENING, "thresholds.2.playbook") in store.data.references_to(
        k.PLAYBOOKS, "hacked-account"
    )
    assert [
        field
        for path, field in store.data.references_to(k.PLAYBOOKS, "viral-complaint")
        if path == LISTENING
    ] == ["thresholds.0.playbook", "thresholds.1.playbook"]
