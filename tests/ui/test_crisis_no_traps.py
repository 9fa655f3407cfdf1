"""Crisis mode never blocks and sets no traps: it asks who is at the keyboard instead of
refusing to log, offers to join an incident already open on the playbook, and lets the
severity change at any step (real repo, real commits, frozen clock)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.settings import load_settings
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.modals.author_prompt import AuthorPrompt
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.screens.crisis import CrisisStartScreen, CrisisStepScreen
from tests.helpers.crisis import make_crisis_ws, settle
from tests.helpers.git import git
from tests.helpers.ui import screen_lines


def run(store: Store, body: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        app = CrisisApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await body(pilot)

    asyncio.run(main())


@pytest.fixture
def cws(tmp_path: Path) -> Path:
    return make_crisis_ws(tmp_path / "cws")


@pytest.fixture
def nobody(cws: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine where git knows nobody and SMGOV_AUTHOR is unset (once ``cws`` is made)."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


def opened(root: Path) -> Store:
    store = Store.open(root)
    store.load()
    return store


@pytest.mark.usefixtures("nobody")
def test_with_no_author_it_asks_a_name_remembers_it_and_logs_step_one(cws: Path) -> None:
    # Reported: "Could not open the incident: Nobody to sign the changes ... git config".
    store = opened(cws)

    async def body(pilot: Pilot[None]) -> None:
        assert isinstance(pilot.app.screen, AuthorPrompt)
        await pilot.press("enter")  # no name yet: it says so and stays
        assert isinstance(pilot.app.screen, AuthorPrompt)
        assert any("Type your name" in line for line in screen_lines(pilot.app))
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, AuthorPrompt)
        await pilot.press(*"Ana Ruiz", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CrisisStartScreen)
        await pilot.press("enter", "2")  # Hacked account, High
        await settle(pilot)
        assert isinstance(pilot.app.screen, CrisisStepScreen)
        await pilot.press("d")
        await settle(pilot)

    run(store, body)
    log = git(cws, "log", "-2", "--format=%an <%ae>|%s").splitlines()
    assert log[0].startswith("Ana Ruiz <>|incidents: ") and " done " in log[0]
    assert load_settings().author_name == "Ana Ruiz"
    # the next session, and any other command, signs the same without asking
    assert str(opened(cws).author) == "Ana Ruiz <>"


def test_opening_a_playbook_with_an_open_incident_offers_to_join_it(cws: Path) -> None:
    store = opened(cws)
    open_one = Incidents(store).create("hacked-account", "high", title="Ana's incident")
    store = opened(cws)

    async def body(pilot: Pilot[None]) -> None:
        start = pilot.app.screen
        assert isinstance(start, CrisisStartScreen)
        start.offer_to_join("hacked-account")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert any("start another one?" in line for line in screen_lines(pilot.app))
        await pilot.press("enter")  # the safe answer: join
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrisisStepScreen) and screen.incident_id == open_one.id

    run(store, body)
    assert len(list((cws / "incidents").glob("*.toml"))) == 1


def test_the_severity_changes_at_any_step_and_is_logged(cws: Path) -> None:
    store = opened(cws)
    current = Incidents(store).create("hacked-account", "low")
    store = opened(cws)

    async def body(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(CrisisStepScreen(store, current.id, resume=True))
        await settle(pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("2")  # High
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrisisStepScreen)
        assert screen.current is not None and screen.current.crisis.severity_id == "high"
        assert any("High" in line for line in screen_lines(pilot.app)[:2])

    run(store, body)
    assert git(cws, "log", "-1", "--format=%s").strip() == f"incidents: {current.id} severity high"
