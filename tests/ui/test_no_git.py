"""A machine without git: every command says so in one sentence and exits 2; the app shows it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from smgov_tui.core import kinds as k
from smgov_tui.store.errors import StoreError
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.not_workspace import NotWorkspaceScreen
from tests.helpers.machine import no_git_bin, python_env, smgov
from tests.helpers.ui import run_async, settle, static_text

NO_GIT = "git is not installed or not on PATH"


@pytest.mark.parametrize(
    "args",
    [["check"], ["sync"], ["export", "accounts"], ["incident", "report", "x"]],
    ids=lambda a: a[0],
)
def test_commands_without_git_say_so(args: list[str], ws: Path, tmp_path: Path) -> None:
    env = python_env(PATH=str(no_git_bin(tmp_path)))
    result = smgov(*args, str(ws), env=env)
    assert result.returncode == 2, result.stderr
    assert NO_GIT in result.stderr
    assert "Traceback" not in result.stderr


@run_async
async def test_the_app_without_git_says_so(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(no_git_bin(tmp_path)))
    app = SmgovApp(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NotWorkspaceScreen)
        text = static_text(app.screen.query_one("#not-workspace-text", Static))
        assert NO_GIT in text
        assert "smgov init" not in text  # it is a workspace: git is what is missing
        await pilot.press("q")
    assert app.return_code == 2


def test_a_git_that_cannot_start_refuses_the_save_and_puts_the_file_back(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git replaced meanwhile by something the system cannot run (ENOEXEC, not a missing file):
    the save is refused with a sentence, never an OSError, and the record is as it was."""
    real = shutil.which("git")
    assert real is not None
    first = tmp_path / "first-on-path"
    first.mkdir()
    (first / "git").symlink_to(real)
    monkeypatch.setenv("PATH", str(first))  # this git only: the system tries every entry
    store = Store.open(ws)
    store.load()
    record_id = sorted(store.data.entries[k.ACCOUNTS.name])[0]
    found = store.data.entry(k.ACCOUNTS, record_id)
    assert found is not None
    path = ws / found.path
    before = path.read_bytes()
    (first / "git").unlink()
    (first / "git").write_bytes(b"\x7fELF not really a program")
    (first / "git").chmod(0o755)

    with pytest.raises(StoreError, match="Cannot run git"):
        store.save(k.ACCOUNTS, record_id, {**found.raw, "purpose": "Changed"}, found.text)

    assert path.read_bytes() == before
