"""``smgov sync`` and ``smgov clone`` as a script or CI sees them (no person at the terminal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync
from tests.helpers.git import git
from tests.helpers.sync import change, head, make_remote, member, read, remote_head

ANA = "owners/ana-ruiz.toml"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("CI", "true")
    return CliRunner()


def test_clone_then_sync(ws: Path, tmp_path: Path, runner: CliRunner) -> None:
    remote = make_remote(ws, tmp_path)
    target = tmp_path / "mine"
    result = runner.invoke(main, ["clone", str(remote), str(target)])
    assert result.exit_code == 0, result.output
    assert "Cloned the workspace" in result.output
    assert git(target, "config", "merge.smgov.driver").strip()
    result = runner.invoke(main, ["sync", str(target)])
    assert result.exit_code == 0 and "Already in step" in result.output


def test_clone_of_a_missing_remote_exits_2(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["clone", str(tmp_path / "none.git"), str(tmp_path / "x")])
    assert result.exit_code == 2 and "Cannot clone" in result.output


def test_sync_without_remote_exits_2(ws: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["sync", str(ws)])
    assert result.exit_code == 2 and "no remote" in result.output


def test_sync_offline_exits_2_and_keeps_commits(
    ws: Path, tmp_path: Path, runner: CliRunner
) -> None:
    remote = make_remote(ws, tmp_path)
    alice = member(remote, tmp_path, "alice")
    change(alice, ANA, phone="+34 600 000 010")
    git(alice.root, "remote", "set-url", "origin", str(tmp_path / "offline.git"))
    before = head(alice.root)
    result = runner.invoke(main, ["sync", str(alice.root)])
    assert result.exit_code == 2 and "Cannot reach the remote" in result.output
    assert head(alice.root) == before


def conflict(ws: Path, tmp_path: Path) -> tuple[Path, Store, Store]:
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    change(alice, ANA, email="alice@x.example")
    change(bob, ANA, email="bob@x.example")
    assert sync(alice).ok
    return remote, alice, bob


def test_conflict_without_a_person_lists_fields_and_exits_1(
    ws: Path, tmp_path: Path, runner: CliRunner
) -> None:
    _remote, _alice, bob = conflict(ws, tmp_path)
    before = head(bob.root)
    result = runner.invoke(main, ["sync", str(bob.root)])
    assert result.exit_code == 1
    out = result.output
    assert ANA in out and "email" in out
    assert "mine:   bob@x.example" in out and "theirs: alice@x.example" in out
    assert f"smgov sync --take mine {bob.root}" in out
    assert head(bob.root) == before
    assert "<<<<<<<" not in (bob.root / ANA).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--take", "theirs"], "alice@x.example"),
        (["--take", "mine"], "bob@x.example"),
        (["--pick", f"{ANA}:email=theirs"], "alice@x.example"),
    ],
)
def test_conflict_settled_from_the_command_line(
    ws: Path, tmp_path: Path, runner: CliRunner, args: list[str], expected: str
) -> None:
    remote, _alice, bob = conflict(ws, tmp_path)
    result = runner.invoke(main, ["sync", *args, str(bob.root)])
    assert result.exit_code == 0, result.output
    assert read(bob, ANA)["email"] == expected
    assert head(bob.root) == remote_head(remote)


def test_bad_pick_option_is_explained(ws: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["sync", "--pick", "nonsense", str(ws)])
    assert result.exit_code == 2 and "PATH:FIELD=mine" in result.output


def test_clone_of_a_plain_bare_repo_whose_head_is_master(
    ws: Path, tmp_path: Path, runner: CliRunner
) -> None:
    # the README's way: git init --bare (HEAD names master), smgov sync pushes main
    bare = tmp_path / "team.git"
    git(tmp_path, "-c", "init.defaultBranch=master", "init", "-q", "--bare", str(bare))
    assert git(bare, "symbolic-ref", "HEAD").strip() == "refs/heads/master"
    git(ws, "remote", "add", "origin", str(bare))
    result = runner.invoke(main, ["sync", str(ws)])
    assert result.exit_code == 0, result.output
    assert git(ws, "rev-parse", "--abbrev-ref", "main@{upstream}").strip() == "origin/main"
    target = tmp_path / "clone"
    result = runner.invoke(main, ["clone", str(bare), str(target)])
    assert result.exit_code == 0, result.output
    assert "init" not in result.output
    assert (target / "workspace.toml").is_file()
    assert git(target, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(target, "rev-parse", "HEAD") == git(ws, "rev-parse", "HEAD")
    result = runner.invoke(main, ["sync", str(target)])
    assert result.exit_code == 0 and "Already in step" in result.output


def test_clone_of_an_empty_repo_never_suggests_init(tmp_path: Path, runner: CliRunner) -> None:
    bare = tmp_path / "empty.git"
    git(tmp_path, "-c", "init.defaultBranch=master", "init", "-q", "--bare", str(bare))
    result = runner.invoke(main, ["clone", str(bare), str(tmp_path / "clone")])
    assert result.exit_code == 2
    assert "holds no smgov workspace" in result.output
    assert "smgov init" not in result.output
