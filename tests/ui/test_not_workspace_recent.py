"""The app opened on a folder that is not a workspace offers the ones opened before first."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from smgov_tui.store.settings import remember_workspace
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.not_workspace import NotWorkspaceScreen
from tests.helpers.ui import run_async, settle, static_text


@run_async
async def test_the_workspaces_opened_before_are_offered(ws: Path, tmp_path: Path) -> None:
    remember_workspace(tmp_path / "gone")  # no longer there: not offered
    remember_workspace(ws)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    app = SmgovApp(elsewhere)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NotWorkspaceScreen)
        text = static_text(app.screen.query_one("#not-workspace-text", Static))
        assert f"smgov {ws}\n" in text
        assert "gone" not in text
        assert text.index(f"smgov {ws}") < text.index("smgov init")
        await pilot.press("q")
