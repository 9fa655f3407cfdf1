"""The main screen composes only the first section's view at start; the others follow once the
workspace is on show, or at once when one of them is asked for first. Each shows the
workspace as it is."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, OptionList, Static

from smgov_tui.core import kinds as k
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens import main as main_module
from smgov_tui.ui.screens.main import MainScreen
from smgov_tui.ui.sections import Section
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.ui import loaded, run_async, saved_meanwhile, settle, started

SIZE = (120, 40)


@run_async
async def test_every_section_is_there_once_the_workspace_is_shown(ws: Path) -> None:
    async with started(ws, SIZE) as (app, _pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        views = screen.query_one("#views", ContentSwitcher)
        assert [view.id for view in views.children] == [
            f"section-{section.id}" for section in screen.sections
        ]
        assert [view.display for view in views.children] == [True] + [False] * (
            len(screen.sections) - 1
        )
        owners = screen.query_one("#section-owners", RecordList)
        data = app.snapshot.store.data  # type: ignore[union-attr]
        assert len(owners.shown) == len(data.entries["owners"])


@run_async
async def test_a_section_asked_for_before_it_is_composed_is_shown(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.show_section("owners")  # at once: the workspace may still be loading
        await loaded(pilot)

        assert screen.query_one("#views", ContentSwitcher).current == "section-owners"
        owners = screen.query_one("#section-owners", RecordList)
        assert owners.display
        data = app.snapshot.store.data  # type: ignore[union-attr]
        assert len(owners.shown) == len(data.entries["owners"])
        assert app.focused is owners.table


@run_async
async def test_a_hidden_section_shows_a_save_made_after_it_was_composed(ws: Path) -> None:
    async with started(ws, SIZE) as (app, pilot):
        await saved_meanwhile(pilot, k.OWNERS, "ana-ruiz", {"name": "Ana Ruiz Renamed"})
        await pilot.press("2")
        await settle(pilot)
        owners = app.screen.query_one("#section-owners", RecordList)
        assert any("Ana Ruiz Renamed" in row.texts for row in owners.shown)


class _QuitsOnMount(Static):
    """A section's view that quits the app as it mounts: a person pressing q the moment the
    list shows, while the other sections' views are still being mounted."""

    def on_mount(self) -> None:
        self.app.exit()

    def show_snapshot(self, snapshot: object) -> None:
        """Nothing to show."""


@run_async
async def test_quitting_while_the_other_sections_mount_ends_cleanly(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sections = list(main_module.SECTIONS)
    sections.insert(1, Section("quits", lambda: "Quits", lambda dom_id: _QuitsOnMount(id=dom_id)))
    monkeypatch.setattr(main_module, "SECTIONS", sections)
    app = SmgovApp(ws)
    await app.run_async(headless=True, size=SIZE)  # until it quits
    assert app.return_code == 0  # 1 when something raised (a view had lost its children)


class _SlowToMount(Static):
    """A section's view whose mounting ends when the test says so."""

    started = asyncio.Event()
    release = asyncio.Event()

    async def on_mount(self) -> None:
        type(self).started.set()
        await type(self).release.wait()

    def show_snapshot(self, snapshot: object) -> None:
        """Nothing to show."""


@run_async
async def test_quitting_waits_for_the_views_being_mounted(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's own widgets (a Select) raise when taken down halfway through mounting, so
    an exit asked for while the other sections' views mount waits for them."""
    _SlowToMount.started, _SlowToMount.release = asyncio.Event(), asyncio.Event()
    sections = list(main_module.SECTIONS)
    sections.insert(1, Section("slow", lambda: "Slow", lambda dom_id: _SlowToMount(id=dom_id)))
    monkeypatch.setattr(main_module, "SECTIONS", sections)
    app = SmgovApp(ws)
    running = asyncio.ensure_future(app.run_async(headless=True, size=SIZE))
    await _SlowToMount.started.wait()
    app.exit()
    assert app.return_code is None  # not exiting yet: the views are still mounting
    assert app.quitting  # but keys are ignored from now on
    _SlowToMount.release.set()
    await running
    assert app.return_code == 0


@run_async
async def test_a_number_key_after_quick_moves_in_the_sidebar_shows_its_section(ws: Path) -> None:
    """Moves queued faster than they are shown (arrows held down in the sidebar) neither take
    turns on screen nor override the number key pressed after them."""
    async with started(ws, SIZE) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        sidebar = screen.query_one("#sidebar", OptionList)
        sidebar.focus()
        shown: list[str] = []
        switcher = screen.query_one("#views", ContentSwitcher)
        screen.watch(switcher, "current", lambda current: shown.append(str(current)))
        for index in (7, 8, 0, 1, 2, 3, 4, 8, 0, 1):  # queued before any is handled
            sidebar.highlighted = index
        await pilot.press("6")
        await settle(pilot)
        assert screen.current_section.id == "health"
        assert sidebar.highlighted == 5
        shown.clear()
        await settle(pilot)
        assert shown == []  # nothing keeps switching once the keys are handled
