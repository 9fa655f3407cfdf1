"""``smgov sync`` on a workspace that cannot be written (a real read-only mount): a sentence and
exit 2, never a traceback, and nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.git import git
from tests.helpers.machine import in_namespace, needs_mount
from tests.helpers.sync import change, make_remote, member


@needs_mount
@pytest.mark.parametrize("configured", [True, False], ids=["configured", "first-open"])
def test_sync_of_a_read_only_workspace_says_so(configured: bool, ws: Path, tmp_path: Path) -> None:
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    change(bob, "owners/ana-ruiz.toml", phone="+34 600 000 009")
    git(bob.root, "push", "-q")
    change(alice, "owners/carlos-vidal.toml", email="carlos@alice.example")
    if not configured:
        git(alice.root, "config", "--unset", "pull.rebase")
    before = git(alice.root, "rev-parse", "HEAD")
    root = alice.root
    result = in_namespace(
        [f"mount --bind {root} {root}", f"mount -o remount,ro,bind {root}"], "sync", str(root)
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Read-only file system" in result.stderr
    assert git(alice.root, "rev-parse", "HEAD") == before
