"""Git.start: a reading git command started now and answered later, as Git.run_full answers
it (smgov check reads the merge driver's settings this way while it checks the workspace)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.store.errors import StoreError
from smgov_tui.store.git import Git
from tests.helpers.git import git

READ = ("config", "--show-scope", "--show-origin", "-z", "--get-regexp", r"^smgovtest\.")


def test_a_started_command_answers_as_run_full_does(ws: Path) -> None:
    runner = Git.open(ws)
    git(ws, "config", "smgovtest.driver", "cat %A")
    answer = runner.start(*READ)
    expected = runner.run_full(*READ)
    got = answer()
    assert (got.returncode, got.stdout, got.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )
    assert "cat %A" in got.stdout
    git(ws, "config", "--unset", "smgovtest.driver")
    nothing = runner.start(*READ)()
    assert nothing.returncode == 1 and nothing.stdout == ""  # git's "none set"


def test_a_folder_gone_is_said_as_run_full_says_it(tmp_path: Path) -> None:
    runner = Git(tmp_path / "gone")
    with pytest.raises(StoreError) as started:
        runner.start(*READ)
    with pytest.raises(StoreError) as ran:
        runner.run_full(*READ)
    assert str(started.value) == str(ran.value)
    assert "does not exist" in str(started.value)
