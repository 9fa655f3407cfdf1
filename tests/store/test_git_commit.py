"""Git.commit_paths: exactly the given paths, one commit, whatever else is staged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smgov_tui.store.errors import GitError
from smgov_tui.store.git import Author, Git
from tests.helpers.git import git

MakeWs = Callable[..., Path]
BEA = Author("Bea Soto", "bea@example.org")


def edit(root: Path, rel: str, line: str) -> None:
    """Append ``line`` to the file ``rel`` (an edit git sees, not staged)."""
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def committed_paths(root: Path) -> list[str]:
    """The paths the last commit holds."""
    return git(root, "show", "--name-only", "--format=", "HEAD").split()


@pytest.mark.parametrize("tracked", [False, True])
def test_a_change_commits_only_its_path_and_leaves_other_staged_work_alone(
    make_ws: MakeWs, tracked: bool
) -> None:
    root = make_ws()
    edit(root, "accounts/ig-shop.toml", "# edited\n")
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
    edit(root, "accounts/ig-shop.toml", "# staged by hand, then edited again\n")
    git(root, "add", "accounts/ig-shop.toml")  # its own path staged with older text: fine
    edit(root, "accounts/ig-shop.toml", "# the edit the store saves\n")
    other = other_record(root)
    edit(root, other, "# not staged\n")
    (root / "scratch.txt").write_text("untracked\n", encoding="utf-8")

    Git.open(root).commit_paths(
        ["accounts/ig-shop.toml"], "accounts: edit ig-shop", BEA, tracked=True
    )

    assert git(root, "log", "-1", "--format=%s").strip() == "accounts: edit ig-shop"
    assert committed_paths(root) == ["accounts/ig-shop.toml"]
    assert git(root, "show", "HEAD:accounts/ig-shop.toml") == (
        root / "accounts/ig-shop.toml"
    ).read_text(encoding="utf-8")
    assert git(root, "status", "--porcelain").splitlines() == [f" M {other}", "?? scratch.txt"]


def test_a_refusing_hook_refuses_the_quick_route_too(make_ws: MakeWs) -> None:
    root = make_ws()
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = git(root, "rev-parse", "HEAD")
    edit(root, "accounts/ig-shop.toml", "# edited\n")

    with pytest.raises(GitError, match="no commits today"):
        Git.open(root).commit_paths(
            ["accounts/ig-shop.toml"], "accounts: edit ig-shop", BEA, tracked=True
        )

    assert git(root, "rev-parse", "HEAD") == before


def other_record(root: Path) -> str:
    return next(
        p for p in git(root, "ls-files", "accounts", "owners").split() if "ig-shop" not in p
    )


def test_work_staged_between_two_saves_stays_out_of_the_second(make_ws: MakeWs) -> None:
    """The second save knows nothing was staged since the first only while the index file
    and HEAD are as the first left them."""
    root = make_ws()
    repo = Git.open(root)
    edit(root, "accounts/ig-shop.toml", "# one\n")
    repo.commit_paths(["accounts/ig-shop.toml"], "accounts: one", BEA, tracked=True)
    (root / "notes.txt").write_text("staged by hand\n", encoding="utf-8")
    git(root, "add", "notes.txt")
    edit(root, "accounts/ig-shop.toml", "# two\n")

    repo.commit_paths(["accounts/ig-shop.toml"], "accounts: two", BEA, tracked=True)

    assert committed_paths(root) == ["accounts/ig-shop.toml"]
    assert git(root, "status", "--porcelain") == "A  notes.txt\n"


def test_a_soft_reset_between_two_saves_keeps_its_staged_change_out(make_ws: MakeWs) -> None:
    """``git reset --soft`` stages the undone commit without rewriting the index file: HEAD
    moved, so the next save checks what is staged."""
    root = make_ws()
    repo = Git.open(root)
    other = other_record(root)
    edit(root, "accounts/ig-shop.toml", "# one\n")
    repo.commit_paths(["accounts/ig-shop.toml"], "accounts: one", BEA, tracked=True)
    git(root, "reset", "-q", "--soft", "HEAD~1")
    edit(root, other, "# two\n")

    repo.commit_paths([other], "two", BEA, tracked=True)

    assert committed_paths(root) == [other]
    assert git(root, "status", "--porcelain") == "M  accounts/ig-shop.toml\n"


def test_saves_in_a_row_with_nothing_staged_commit_one_path_each(make_ws: MakeWs) -> None:
    root = make_ws()
    repo = Git.open(root)
    other = other_record(root)
    for number, rel in enumerate(["accounts/ig-shop.toml", other, "accounts/ig-shop.toml"]):
        edit(root, rel, f"# {number}\n")
        repo.commit_paths([rel], f"save {number}", BEA, tracked=True)
        assert committed_paths(root) == [rel]
    assert git(root, "status", "--porcelain") == ""
