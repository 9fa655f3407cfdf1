"""Without a terminal the full-screen commands exit 2 at once with a sentence, never hang.

Each runs as its own process with stdin from /dev/null and stdout a pipe, under a timeout: a
command that starts the app anyway hangs and fails the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.machine import smgov


@pytest.mark.parametrize("args", [[], ["open"], ["crisis"]], ids=["DIR", "open", "crisis"])
def test_app_commands_need_a_terminal(args: list[str], ws: Path) -> None:
    result = smgov(*args, str(ws), timeout=30)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert f"smgov check {ws}" in result.stderr or "smgov incident report" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


def test_the_current_folder_needs_a_terminal(ws: Path) -> None:
    result = smgov(cwd=ws, timeout=30)
    assert result.returncode == 2
    assert f"smgov check {ws}" in result.stderr
    assert "\x1b" not in result.stdout


def test_demo_needs_a_terminal_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    result = smgov("demo", "--dir", str(target), timeout=30)
    assert result.returncode == 2
    assert "smgov demo --no-open" in result.stderr
    assert "\x1b" not in result.stdout
    assert not target.exists()


def test_demo_no_open_works_without_a_terminal(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    result = smgov("demo", "--no-open", "--dir", str(target), timeout=60)
    assert result.returncode == 0, result.stderr
    assert (target / "workspace.toml").is_file()


def test_a_mistyped_command_names_the_right_one(tmp_path: Path) -> None:
    result = smgov("chek", cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    assert "No such command 'chek'. Did you mean 'check'?" in result.stderr
    assert "\x1b" not in result.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["open"], ["crisis"]], ids=["open", "crisis"])
def test_a_dumb_terminal_gets_a_sentence_not_a_screen(args: list[str], ws: Path) -> None:
    """TERM=dumb (an Emacs shell, some consoles) is a terminal that cannot move the cursor:
    drawing there fills it with escape codes. A real pseudo-terminal, so only TERM differs."""
    import os
    import select
    import subprocess
    import sys

    from tests.helpers.machine import python_env

    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "smgov_tui", *args, str(ws)],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=python_env(TERM="dumb"),
            close_fds=True,
        )
        os.close(follower)
        output = b""
        while select.select([leader], [], [], 30)[0]:  # nothing for 30 s: it drew and waits
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the process is gone and the pty closed
                break
            if not chunk:
                break
            output += chunk
        if process.poll() is None:
            process.kill()
        assert process.wait(timeout=30) == 2
    finally:
        os.close(leader)
    text = output.decode()
    assert "TERM=dumb" in text
    assert "\x1b[" not in text
