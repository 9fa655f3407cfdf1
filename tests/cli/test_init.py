"""``smgov init``: all or nothing on a bare or hostile machine, and signed as git's own identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from tests.helpers.git import git
from tests.helpers.machine import in_namespace, needs_mount, no_git_bin, python_env, smgov


def global_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "global.gitconfig"
    path.write_text(text, encoding="utf-8")
    return path


def refusing_hook_config(tmp_path: Path) -> Path:
    """A global git configuration whose hooks refuse every commit (a team's pre-commit)."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    hook = hooks / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the team hook' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    return global_config(
        tmp_path,
        "[user]\n\tname = Hook Tester\n\temail = hook@example.org\n"
        f"[core]\n\thooksPath = {hooks}\n",
    )


def test_init_signs_with_the_global_git_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = global_config(tmp_path, "[user]\n\tname = Marta Gil\n\temail = marta@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    root = tmp_path / "ws"
    result = CliRunner().invoke(main, ["init", str(root), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Marta Gil <marta@example.org>" in result.output
    assert git(root, "log", "--format=%an <%ae>").splitlines() == ["Marta Gil <marta@example.org>"]


def test_init_without_git_leaves_nothing(tmp_path: Path) -> None:
    place = tmp_path / "place"
    place.mkdir()
    env = python_env(PATH=str(no_git_bin(tmp_path)))
    result = smgov("init", str(place / "ws"), "--author", "A <a@example.org>", env=env)
    assert result.returncode == 2
    assert "git is not installed or not on PATH" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(place.iterdir()) == []


def test_init_refused_by_a_hook_leaves_nothing_and_can_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = tmp_path / "place"
    place.mkdir()
    target = place / "ws"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(refusing_hook_config(tmp_path)))
    result = CliRunner().invoke(main, ["init", str(target), "--lang", "en"])
    assert result.exit_code == 2
    assert "refused by the team hook" in result.output
    assert list(place.iterdir()) == []
    monkeypatch.setenv(
        "GIT_CONFIG_GLOBAL",
        str(global_config(tmp_path, "[user]\n\tname = A\n\temail = a@example.org\n")),
    )
    again = CliRunner().invoke(main, ["init", str(target), "--lang", "en"])
    assert again.exit_code == 0, again.output
    assert git(target, "status", "--porcelain") == ""


def test_init_into_an_empty_folder_keeps_it_empty_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ws"
    target.mkdir()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(refusing_hook_config(tmp_path)))
    result = CliRunner().invoke(main, ["init", str(target), "--author", "A <a@example.org>"])
    assert result.exit_code == 2
    assert "refused by the team hook" in result.output
    assert target.is_dir() and list(target.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["ws", "hooks", "global.gitconfig"])


def test_init_into_an_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.mkdir(mode=0o750)
    target.chmod(0o750)
    result = CliRunner().invoke(main, ["init", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == 0o750
    assert git(target, "status", "--porcelain") == ""
    assert [p.name for p in tmp_path.iterdir()] == ["ws"]


def test_init_makes_missing_parents_and_removes_them_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(refusing_hook_config(tmp_path)))
    target = tmp_path / "a" / "b" / "ws"
    result = CliRunner().invoke(main, ["init", str(target), "--author", "A <a@example.org>"])
    assert result.exit_code == 2
    assert "refused by the team hook" in result.output
    assert not (tmp_path / "a").exists()


@needs_mount
def test_init_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    place = tmp_path / "small"
    place.mkdir()
    result = in_namespace(
        [f"mount -t tmpfs -o size=256k tmpfs {place}"],
        "init",
        str(place / "ws"),
        "--lang",
        "en",
        after=f"ls -A {place}",
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.split("--- after\n", 1)[1].strip() == ""


@needs_mount
def test_init_on_a_read_only_place_leaves_nothing(tmp_path: Path) -> None:
    place = tmp_path / "shelf"
    place.mkdir()
    result = in_namespace(
        [f"mount --bind {place} {place}", f"mount -o remount,ro,bind {place}"],
        "init",
        str(place / "ws"),
        after=f"ls -A {place}",
    )
    assert result.returncode == 2
    assert "Read-only file system" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(place.iterdir()) == []


@needs_mount
def test_init_into_an_empty_folder_of_a_read_only_place(tmp_path: Path) -> None:
    """Only the target may be written (its parent is read-only): it is built inside it."""
    place = tmp_path / "shelf"
    target = place / "ws"
    target.mkdir(parents=True)
    result = in_namespace(
        [
            f"mount --bind {place} {place}",
            f"mount --bind {target} {target}",
            f"mount -o remount,ro,bind {place}",
        ],
        "init",
        str(target),
        "--lang",
        "en",
    )
    assert result.returncode == 0, result.stderr
    assert git(target, "status", "--porcelain") == ""
    assert sorted(p.name for p in target.iterdir() if p.name.startswith(".")) == [".git"]
