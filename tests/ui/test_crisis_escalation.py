"""Escalation tells the truth, and a pause step asks for each account (crisis mode, real app,
real repo, frozen clock): the contacts reachable now come first and the others say when they
are back; each call is marked reached / no answer / left a message, and the log says exactly
that. Snapshots at 80x24 in English and Spanish."""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.modals.escalate import EscalateModal
from smgov_tui.ui.modals.pause_accounts import PauseAccountsModal
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.crisis import sample_store, settle
from tests.helpers.git import subjects
from tests.helpers.ui import screen_lines

FRIDAY_NIGHT = "2026-12-04T23:40:00+01:00"
"""Friday 23:40 in Madrid: the 24/7 contacts answer, the office ones are back on Monday."""


def run(store: Store, body: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        app = CrisisApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await body(pilot)

    asyncio.run(main())


def showing(
    store: Store, incident_id: str, keys: tuple[str, ...] = ()
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A run_before that opens the step screen of ``incident_id``, then presses ``keys``."""

    async def show(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, incident_id))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return show


def incident_log(ws: Path, incident_id: str) -> list[dict[str, Any]]:
    text = (ws / "incidents" / f"{incident_id}.toml").read_text(encoding="utf-8")
    log: list[dict[str, Any]] = tomllib.loads(text)["log"]
    return log


@pytest.mark.parametrize("lang", ["en", "es"])
def test_escalation_snapshot_with_reachability(
    lang: str,
    store: Store,
    tmp_path: Path,
    snap_compare: Any,
    monkeypatch: pytest.MonkeyPatch,
    language: None,
) -> None:
    monkeypatch.setenv("SMGOV_NOW", FRIDAY_NIGHT)
    if lang == "es":
        store = sample_store(tmp_path / "es", "es")
        from smgov_tui.i18n import set_language

        set_language("es")
    current = Incidents(store).create("hacked-account", "high")
    show = showing(store, current.id, ("e", "r", "down", "n", "down", "m"))
    assert snap_compare(CrisisApp(store), terminal_size=(80, 24), run_before=show)


def test_reachable_first_and_each_call_logged_as_it_went(
    store: Store, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMGOV_NOW", FRIDAY_NIGHT)
    current = Incidents(store).create("hacked-account", "high")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, current.id))
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, EscalateModal)
        shown = "\n".join(screen_lines(pilot.app))
        # reachable now first (24/7), then the office hours, each saying when they are back
        order = [cid for cid, _c, _r in modal.rows]
        assert order == [
            "agencia-faro",
            "lasarte-abogados",
            "direccion-operaciones",
            "direccion-personas",
        ]
        assert "Escalate to level 2: call them, reachable now first (2 of 4)" in shown
        assert "○ outside hours — back tomorrow 08:00" in shown  # Tomás, Mon-Sat
        assert "○ outside hours — back Mon 08:00" in shown  # Rocío, Mon-Fri
        assert "● reachable now (24/7)" in shown
        await pilot.press("n")  # Beatriz: no answer
        await pilot.press("down", "r")  # Inés: reached
        await pilot.press("down", "m", "m")  # Tomás: marked, then cleared: not called
        await pilot.press("down", "m")  # Rocío: left a message
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CrisisStepScreen)
        logged = str(pilot.app.screen.query_one("#step-log", Static).render())
        assert "Level 2:" in logged and "— reached" in logged

    run(store, body)
    entry = incident_log(ws, current.id)[-1]
    assert entry["action"] == "escalated" and "note" not in entry
    assert [(c["contact"], c["outcome"]) for c in entry["calls"]] == [  # by name
        ("agencia-faro", "no_answer"),
        ("lasarte-abogados", "reached"),
        ("direccion-personas", "left_message"),
        ("direccion-operaciones", "not_called"),
    ]
    assert subjects(ws)[0] == f"incidents: {current.id} escalated to level 2"


def test_escape_logs_no_escalation(store: Store, ws: Path) -> None:
    current = Incidents(store).create("hacked-account", "high")
    before = len(subjects(ws))

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, current.id))
        await settle(pilot)
        await pilot.press("e", "r", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CrisisStepScreen)

    run(store, body)
    assert len(subjects(ws)) == before
    assert [e["action"] for e in incident_log(ws, current.id)] == ["opened"]


def test_a_pause_step_asks_for_each_account_before_it_is_done(store: Store, ws: Path) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high", account="instagram-empleo")
    for _ in range(2):  # confirm, secure-access: on to pause-scheduled
        current = incidents.act(current, "done")
    assert current.crisis.current_step is not None
    assert current.crisis.current_step.id == "pause-scheduled"
    expected = ["instagram-olmedo", "facebook-olmedo", "x-olmedo", "instagram-empleo"]

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, current.id))
        await settle(pilot)
        detail = str(pilot.app.screen.query_one("#step-detail", Static).render())
        assert "PAUSE SCHEDULED POSTS — d asks for each:" in detail
        assert "https://app.metricool.com/planner?brand=olmedo&profile=x-olmedo" in detail
        await pilot.press("d")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, PauseAccountsModal)
        assert modal.to_pause == expected
        await pilot.press("space", "down", "space")
        await pilot.press("enter")  # two of four: not done, says which are left
        await pilot.pause()
        assert isinstance(pilot.app.screen, PauseAccountsModal)
        status = str(modal.query_one("#pause-status", Static).render())
        assert status.startswith("Not done yet: confirm @OlmedoOficial (x), @trabajaenolmedo")
        await pilot.press("escape")  # back to the step: nothing logged, ticks kept
        await settle(pilot)
        assert len(incident_log(ws, current.id)) == 3
        await pilot.press("d")
        await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, PauseAccountsModal)
        assert "2 of 4 confirmed paused." in "\n".join(screen_lines(pilot.app))
        listing = modal.query_one(OptionList)
        for index in (2, 3):
            listing.highlighted = index
            await pilot.press("space")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CrisisStepScreen)

    run(store, body)
    entry = incident_log(ws, current.id)[-1]
    assert (entry["action"], entry["step"], entry["paused"]) == (
        "done",
        "pause-scheduled",
        expected,
    )
    assert subjects(ws)[0] == f"incidents: {current.id} done pause-scheduled"
