"""The crisis step screen's keys: which are greyed out, what each asks first and what it says once
saved. The screen reads all of it from the crisis actions (``core.crisis_actions``), so these
pin what a person sees; they use no ``Action`` so they run the same on older code."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from smgov_tui.store.incidents import IncidentFile, Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.modals.text_prompt import TextPrompt
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.crisis import make_crisis_ws, settle

WORDS = ("done", "skipped", "note", "back")


def run(
    store: Store,
    current: IncidentFile,
    body: Callable[[Pilot[None], CrisisStepScreen], Awaitable[None]],
) -> None:
    async def main() -> None:
        app = CrisisApp(store)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            screen = CrisisStepScreen(store, current.id, opened=current)
            await app.push_screen(screen)
            await settle(pilot)
            await body(pilot, screen)

    asyncio.run(main())


def keys(screen: CrisisStepScreen) -> dict[str, bool | None]:
    """Each act key as the footer shows it: True enabled, None greyed out, False hidden."""
    return {word: screen.check_action("act", (word,)) for word in WORDS}


def opened(tmp_path: Path) -> tuple[Store, Incidents, IncidentFile]:
    store = Store.open(make_crisis_ws(tmp_path / "cws"))
    store.load()
    incidents = Incidents(store)
    return store, incidents, incidents.create("hacked-account", "high")


def test_on_the_first_step_back_is_greyed_and_skip_and_note_ask_first(tmp_path: Path) -> None:
    store, _incidents, current = opened(tmp_path)

    async def body(pilot: Pilot[None], screen: CrisisStepScreen) -> None:
        assert keys(screen) == {"done": True, "skipped": True, "note": True, "back": None}
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextPrompt)
        title = str(pilot.app.screen.query_one(".prompt-title", Static).render())
        assert title == "Skip: Lock the account"
        await pilot.press("escape")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextPrompt)
        assert str(pilot.app.screen.query_one(".prompt-title", Static).render()) == "Add a note"
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        await pilot.press("d")
        await settle(pilot)
        status = str(screen.query_one("#step-status", Static).render())
        assert status == "✓ Saved at 10:00 CET: done “Lock the account”."
        assert keys(screen)["back"] is True
        await pilot.press("b")
        await settle(pilot)
        status = str(screen.query_one("#step-status", Static).render())
        assert status == "✓ Saved at 10:00 CET: back to “Lock the account”."

    run(store, current, body)


def test_once_every_step_is_settled_done_and_skip_are_greyed(tmp_path: Path) -> None:
    store, incidents, current = opened(tmp_path)
    for _step in current.crisis.steps:
        current = incidents.act(current, "done")

    async def body(pilot: Pilot[None], screen: CrisisStepScreen) -> None:
        assert keys(screen) == {"done": None, "skipped": None, "note": True, "back": True}

    run(store, current, body)


def test_a_closed_incident_hides_every_act_key(tmp_path: Path) -> None:
    store, incidents, current = opened(tmp_path)
    current = incidents.close(current, "Over", "")

    async def body(pilot: Pilot[None], screen: CrisisStepScreen) -> None:
        assert keys(screen) == dict.fromkeys(WORDS, False)

    run(store, current, body)
