"""Crisis mode inside the main app: C opens it from anywhere, the Incidents section resumes."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.crisis.start import CrisisStartScreen
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from smgov_tui.ui.screens.main import MainScreen
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.git import git
from tests.helpers.ui import loaded, run_async, settle


@run_async
async def test_c_opens_and_escape_returns_to_the_app(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CrisisStartScreen)
        await pilot.press("enter", "1")
        await settle(pilot)
        await pilot.press("escape")  # no account named: the statement keeps [account]
        await settle(pilot)
        assert isinstance(app.screen, CrisisStepScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CrisisStartScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.is_running
    assert "incidents: open 2026-11-22-hacked-account (hacked-account, low)" in git(
        ws, "log", "-1", "--format=%s"
    )


@run_async
async def test_incidents_section_resumes_an_open_incident(ws: Path) -> None:
    store = Store.open(ws)
    store.load()
    incidents = Incidents(store)
    opened = incidents.act(incidents.create("hacked-account", "high"), "done")
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#section-incidents", RecordList).table
        table.focus()
        table.move_cursor(row=table.get_row_index(f"incidents:{opened.id}"))
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CrisisStepScreen)
        assert app.screen.incident_id == opened.id
        assert app.screen.current is not None
        assert app.screen.current.crisis.position == 1
    # resuming makes no commit
    assert git(ws, "log", "-1", "--format=%s").strip() == f"incidents: {opened.id} done confirm"
