"""The command palette offers every action of the screen, found by its name in either language."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from smgov_tui.core import kinds as k
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.screens.history import HistoryScreen
from smgov_tui.ui.screens.main import MainScreen
from smgov_tui.ui.widgets.history import HistoryView
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.git import git
from tests.helpers.ui import loaded, run_async, saved_meanwhile, settle

SIZE = (120, 40)


async def search(pilot: Pilot[None], query: str) -> list[str]:
    """Open the palette, type ``query``, return the hits as listed (best first)."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    await settle(pilot)
    options = app.screen.query_one(CommandList).options
    return [option.hit.text for option in options if hasattr(option, "hit")]  # type: ignore[attr-defined]


def accounts(app: SmgovApp) -> RecordList:
    return app.screen.query_one("#section-accounts", RecordList)


def handles(app: SmgovApp) -> list[str]:
    table = accounts(app).table
    return [table.get_row_at(i)[1].plain for i in range(table.row_count)]


@run_async
async def test_sort_by_a_column_and_filter_from_the_palette(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        before = handles(app)
        assert before != sorted(before, key=str.lower)
        hits = await search(pilot, "sort by handle")
        assert hits[:2] == ["Sort by Handle", "Sort by Handle, descending"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert handles(app) == sorted(before, key=str.lower)
        hits = await search(pilot, "sort by handle, desc")
        assert hits[0] == "Sort by Handle, descending"
        await pilot.press("enter")
        await settle(pilot)
        assert handles(app) == sorted(before, key=str.lower, reverse=True)
        hits = await search(pilot, "sort")
        assert "Sort" in hits  # the s key: the next column
        assert "Sort by Network" in hits and "Sort by Reviewed" in hits
        await pilot.press("escape")
        hits = await search(pilot, "filter")
        assert hits[0] == "Filter"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        assert app.focused in accounts(app).query(".filter")


@run_async
async def test_every_enabled_key_of_the_screen_is_offered_and_disabled_ones_are_not(
    ws: Path,
) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        options = app.screen.query_one(CommandList).options
        listed = [option.hit.text for option in options if hasattr(option, "hit")]  # type: ignore[attr-defined]
        # hidden from the footer (show=False) but offered: the keys r, c, d, h, S, R, x, s, /
        for name in ("Sort", "Filter", "Open", "Crisis mode", "Sync with the team"):
            assert name in listed, name
        assert any(name.startswith("Rename: ") for name in listed)
        assert any(name.startswith("Delete: ") for name in listed)
        assert not any(name.startswith("Sort by ") for name in listed)  # found by typing
        assert "Quit" in listed and listed.count("Quit") == 1  # Textual's own, not twice
        await pilot.press("escape")
        await settle(pilot)
        app.open_section("overview")  # no list: the record keys are disabled here
        await settle(pilot)
        assert await search(pilot, "delete") == []
        await pilot.press("escape")
        assert "Sort" not in await search(pilot, "sort")


@run_async
async def test_revert_the_selected_commit_from_the_palette(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await saved_meanwhile(pilot, k.ACCOUNTS, "x-olmedo", {"department": "Press office"})
        app.show_history(k.ACCOUNTS, "x-olmedo")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one(HistoryView).table.row_count == 2
        hits = await search(pilot, "revert")
        assert hits[0] == "Revert commit"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
    assert git(ws, "log", "-1", "--format=%s").startswith(
        'Revert "accounts: set department of x-olmedo to Press office"'
    )
    assert "Press office" not in (ws / "accounts/x-olmedo.toml").read_text(encoding="utf-8")


@run_async
async def test_the_palette_finds_actions_by_their_spanish_names(ws: Path, spanish: None) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        before = handles(app)
        hits = await search(pilot, "ordenar por usuario")
        assert hits[0] == "Ordenar por Usuario"
        await pilot.press("enter")
        await settle(pilot)
        assert handles(app) == sorted(before, key=str.lower)
        hits = await search(pilot, "buscar")
        assert hits[0] == "Buscar"
        await pilot.press("escape")
        await settle(pilot)
        app.show_history(None, None)
        await settle(pilot)
        hits = await search(pilot, "deshacer")
        assert hits[0] == "Deshacer cambio"
