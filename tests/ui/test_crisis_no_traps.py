"""Crisis mode never blocks and sets no traps: it asks who is at the keyboard instead of
refusing to log, offers to join an incident already open on the playbook, and lets the
severity change at any step (real repo, real commits, frozen clock)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot

from smgov_tui.cli import main as main_command
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.settings import load_settings
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.modals.author_prompt import AuthorPrompt
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.modals.pick_account import PickAccountModal
from smgov_tui.ui.screens.crisis.start import CrisisStartScreen
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.crisis import make_crisis_ws, settle
from tests.helpers.git import git
from tests.helpers.hooks import HookGate
from tests.helpers.ui import notices, screen_lines, until


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


def test_the_account_picker_puts_the_exact_handle_first_and_shows_network_and_purpose(
    ws: Path,
) -> None:
    # Reported: the first fuzzy match (@trabajaenolmedo) was taken for what was typed.
    store = opened(ws)

    async def main() -> None:
        app = CrisisApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.push_screen(PickAccountModal(store.data.accounts), picked.append)
            await pilot.pause()
            await pilot.press(*"ultramarinosolmedo")
            await pilot.pause()
            lines = screen_lines(app)
            first = next(i for i, line in enumerate(lines) if "@" in line and "olmedo" in line)
            assert "@ultramarinosolmedo " in lines[first] and "@trabaja" not in lines[first]
            purpose = store.data.accounts[picked_id_of(lines[first], store)].purpose
            assert purpose.split()[0] in lines[first + 1]  # the purpose, under the handle
            await pilot.press("enter")
            await pilot.pause()

    picked: list[str] = []
    asyncio.run(main())
    assert store.data.accounts[picked[0]].handle == "@ultramarinosolmedo"


def picked_id_of(line: str, store: Store) -> str:
    """The id of the account a list line shows (by its handle and network)."""
    return next(
        account_id
        for account_id, account in store.data.accounts.items()
        if f"{account.handle}  {account.network}" in line
    )


def test_the_report_of_an_incident_names_its_account(ws: Path) -> None:
    store = opened(ws)
    current = Incidents(store).create("hacked-account", "high", account="instagram-olmedo")
    result = CliRunner().invoke(main_command, ["incident", "report", current.id, str(ws)])
    assert "**Affected account:** @ultramarinosolmedo (instagram)" in result.output


def test_esc_on_a_closed_incident_leaves_crisis_mode(cws: Path) -> None:
    # Reported: Esc walked back through the lists, and the next key opened a new incident.
    store = opened(cws)
    incidents = Incidents(store)
    closed = incidents.close(incidents.create("hacked-account", "high"), "Back in control", "")
    store = opened(cws)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("i")  # all incidents, then the closed one
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrisisStepScreen) and screen.incident_id == closed.id
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.return_code == 0  # smgov crisis quit, straight from the closed one

    run(store, body)


def test_copy_says_what_it_did(cws: Path) -> None:
    store = opened(cws)
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    for _step in range(2):
        current = incidents.act(current, "done")
    store = opened(cws)

    async def body(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(CrisisStepScreen(store, current.id, resume=True))
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        said = notices(pilot.app)[-1]
        assert "terminal's clipboard" in said.message and "select the text" in said.message
        assert "Copied" not in said.title

    run(store, body)


def test_keys_typed_while_the_incident_opens_are_kept_for_its_first_step(
    cws: Path, tmp_path: Path
) -> None:
    # Reported: keys typed during the 2-3.7 s start were dropped.
    store = opened(cws)
    gate = HookGate(cws, "pre-commit", tmp_path)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "2")  # Hacked account, High
        await until(pilot, gate.has_started, "the incident's commit to start")
        await pilot.press("d")  # typed while git commits the new incident
        start = pilot.app.screen
        assert isinstance(start, CrisisStartScreen)
        gate.release()

        def step_one_done() -> bool:
            screen = pilot.app.screen
            return (
                isinstance(screen, CrisisStepScreen)
                and screen.current is not None
                and screen.current.crisis.status_of("lock-account") == "done"
            )

        await until(pilot, step_one_done, "the typed d to mark step 1 done")
        await settle(pilot)

    try:
        run(store, body)
    finally:
        gate.close()
    assert " done lock-account" in git(cws, "log", "-1", "--format=%s")


def test_a_step_key_typed_right_after_the_enter_that_resumes_is_kept(cws: Path) -> None:
    store = opened(cws)
    current = Incidents(store).create("hacked-account", "high")
    store = opened(cws)

    async def body(pilot: Pilot[None]) -> None:
        # Enter resumes the open incident, d marks step 1 done: typed in one burst, as the
        # terminal delivers them when the app is still starting (both before the step shows)
        pilot.app.simulate_key("enter")
        pilot.app.simulate_key("d")

        def step_one_done() -> bool:
            screen = pilot.app.screen
            return (
                isinstance(screen, CrisisStepScreen)
                and screen.current is not None
                and screen.current.crisis.status_of("lock-account") == "done"
            )

        await until(pilot, step_one_done, "the d typed ahead to mark step 1 done")
        await settle(pilot)

    run(store, body)
    assert (
        git(cws, "log", "-1", "--format=%s").strip() == f"incidents: {current.id} done lock-account"
    )
