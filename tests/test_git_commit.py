"""Git.commit_paths: exactly the given paths, one commit, whatever else is staged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smgov_tui.store.errors import GitError
from smgov_tui.store.git import Author, Git
from tests.conftest import git

MakeWs = Callable[..., Path]
BEA = Author("Bea Soto", "bea@example.org")


@pytest.mark.parametrize("tracked", [False, True])
def test_a_change_commits_only_its_path_and_leaves_other_staged_work_alone(
    make_ws: MakeWs, tracked: bool
) -> None:
    root = make_ws()
    (root / "accounts/ig-shop.toml").write_text(
        (root / "accounts/ig-shop.toml").read_text() + "# edited\n", encoding="utf-8"
    )
    (root / "notes.txt").write_text("mine, staged by hand\n", encoding="utf-8")
    git(root, "add", "notes.txt")

    Git.open(root).commit_paths(
        ["accounts/ig-shop.toml"], "accounts: edit ig-shop", BEA, tracked=tracked
    )

    assert git(root, "show", "--name-only", "--format=%an|%s", "HEAD").split() == [
        "Bea",
        "Soto|accounts:",
        "edit",
        "ig-shop",
        "accounts/ig-shop.toml",
    ]
    assert git(root, "status", "--porcelain") == "A  notes.txt\n"


@pytest.mark.parametrize("new_files", [True, False])
def test_a_new_file_is_added_whether_or_not_the_caller_says_so(
    make_ws: MakeWs, new_files: bool
) -> None:
    root = make_ws()
    (root / "contacts").mkdir(exist_ok=True)
    (root / "contacts/new-one.toml").write_text('name = "New"\n', encoding="utf-8")

    Git.open(root).commit_paths(["contacts/new-one.toml"], "contacts: add new-one", BEA, new_files)

    assert git(root, "log", "-1", "--format=%s", "--", "contacts/new-one.toml").strip() == (
        "contacts: add new-one"
    )
    assert git(root, "status", "--porcelain") == ""


def test_a_deletion_is_committed(make_ws: MakeWs) -> None:
    root = make_ws()
    (root / "accounts/ig-shop.toml").unlink()
    Git.open(root).commit_paths(["accounts/ig-shop.toml"], "accounts: delete ig-shop", BEA)
    assert git(root, "status", "--porcelain") == ""
    assert "accounts/ig-shop.toml" not in git(root, "ls-files")


def test_nothing_to_commit_is_an_error_and_makes_no_commit(make_ws: MakeWs) -> None:
    root = make_ws()
    before = git(root, "rev-parse", "HEAD")
    with pytest.raises(GitError):
        Git.open(root).commit_paths(["accounts/ig-shop.toml"], "accounts: nothing", BEA)
    assert git(root, "rev-parse", "HEAD") == before


def test_with_nothing_else_staged_the_commit_holds_only_its_path_and_the_rest_stays_unstaged(
    make_ws: MakeWs,
) -> None:
    """The usual save (nothing staged by hand) takes git's quicker route: the same commit."""
    root = make_ws()
    shop = root / "accounts/ig-shop.toml"
    shop.write_text(shop.read_text() + "# staged by hand, then edited again\n", encoding="utf-8")
    git(root, "add", "accounts/ig-shop.toml")  # its own path staged with older text: fine
    shop.write_text(shop.read_text() + "# the edit the store saves\n", encoding="utf-8")
    other = next(p for p in git(root, "ls-files").split() if p != "accounts/ig-shop.toml")
    (root / other).write_text((root / other).read_text() + "# not staged\n", encoding="utf-8")
    (root / "scratch.txt").write_text("untracked\n", encoding="utf-8")

    Git.open(root).commit_paths(
        ["accounts/ig-shop.toml"], "accounts: edit ig-shop", BEA, tracked=True
    )

    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "accounts:",
        "edit",
        "ig-shop",
        "accounts/ig-shop.toml",
    ]
    assert git(root, "show", "HEAD:accounts/ig-shop.toml") == shop.read_text(encoding="utf-8")
    assert git(root, "status", "--porcelain").splitlines() == [f" M {other}", "?? scratch.txt"]


def test_a_refusing_hook_refuses_the_quick_route_too(make_ws: MakeWs) -> None:
    root = make_ws()
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = git(root, "rev-parse", "HEAD")
    shop = root / "accounts/ig-shop.toml"
    shop.write_text(shop.read_text() + "# edited\n", encoding="utf-8")

    with pytest.raises(GitError, match="no commits today"):
        Git.open(root).commit_paths(
            ["accounts/ig-shop.toml"], "accounts: edit ig-shop", BEA, tracked=True
        )

    assert git(root, "rev-parse", "HEAD") == before
