"""Crisis mode with a team on one remote: the step screen integrates the team's commits (fetch,
rebase, push; never forced), S syncs, a teammate's entries redraw the step, a teammate's new
incident is announced and C joins it, and a conflict never interrupts the walkthrough. A real
bare remote and two clones."""

from __future__ import annotations

from textual.pilot import Pilot

from smgov_tui.core.crisis_actions import Action
from smgov_tui.store.incidents import IncidentFile, Incidents
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.git import git
from tests.helpers.sync import change, head, remote_head
from tests.helpers.ui import notices, run_async, screen_lines, settle, until

ANA = "owners/ana-ruiz.toml"
SIZE = (100, 30)


def shown(pilot: Pilot[None]) -> str:
    return "\n".join(screen_lines(pilot.app))


def shared_incident(alice: Store, bob: Store) -> IncidentFile:
    """An incident Alice opened and both have."""
    opened = Incidents(alice).create("hacked-account", "high", "Instagram taken")
    assert sync(alice).ok and sync(bob).ok
    bob.load()
    return opened


async def on_step(pilot: Pilot[None], store: Store, incident_id: str) -> None:
    await pilot.pause()
    await pilot.app.push_screen(CrisisStepScreen(store, incident_id, resume=True))
    await settle(pilot)
    await until(pilot, lambda: "team: up to date" in shown(pilot), "the first team sync")


@run_async
async def test_a_teammates_entries_arrive_on_the_step_screen(alice: Store, bob: Store) -> None:
    opened = shared_incident(alice, bob)
    app = CrisisApp(bob)
    async with app.run_test(size=SIZE) as pilot:
        await on_step(pilot, bob, opened.id)
        assert "Alice checked the login" not in shown(pilot)
        Incidents(alice).act(
            Incidents(alice).read(opened.id), Action.NOTE, "Alice checked the login"
        )
        assert sync(alice).ok
        await pilot.press("S")
        await until(
            pilot, lambda: "Alice checked the login" in shown(pilot), "Alice's note on screen"
        )
        assert "The team's entries arrived" in shown(pilot)


@run_async
async def test_a_step_logged_after_a_teammates_push_is_integrated_not_refused(
    remote: object, alice: Store, bob: Store
) -> None:
    opened = shared_incident(alice, bob)
    change(alice, ANA, phone="+34 600 111 222")  # the team moved on meanwhile
    assert sync(alice).ok
    app = CrisisApp(bob)
    async with app.run_test(size=SIZE) as pilot:
        await on_step(pilot, bob, opened.id)
        await pilot.press("d")
        await settle(pilot)
        await until(pilot, lambda: "team: up to date" in shown(pilot), "the step shared")
    assert head(bob.root) == remote_head(remote)  # type: ignore[arg-type]
    assert git(bob.root, "log", "-1", "--format=%s", "--", ANA).startswith("edit")


@run_async
async def test_an_incident_a_teammate_opened_is_announced_and_c_joins_it(
    alice: Store, bob: Store
) -> None:
    opened = shared_incident(alice, bob)
    app = CrisisApp(bob)
    async with app.run_test(size=SIZE) as pilot:
        await on_step(pilot, bob, opened.id)
        other = Incidents(alice).create("viral-complaint", "high", "Angry thread")
        assert sync(alice).ok
        await pilot.press("S")
        said = "Alice opened Viral complaint (High): C to join"
        await until(pilot, lambda: any(n.message == said for n in notices(app)), said)
        await pilot.press("C")
        await settle(pilot)
        await until(pilot, lambda: "Viral complaint" in shown(pilot), "the joined incident")
        screen = app.screen
        assert isinstance(screen, CrisisStepScreen) and screen.incident_id == other.id


@run_async
async def test_a_conflict_waits_for_after_the_crisis(alice: Store, bob: Store) -> None:
    opened = shared_incident(alice, bob)
    change(alice, ANA, phone="+34 600 111 222")
    assert sync(alice).ok
    change(bob, ANA, phone="+34 699 000 000")  # the same field, before the crisis
    app = CrisisApp(bob)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.push_screen(CrisisStepScreen(bob, opened.id, resume=True))
        await settle(pilot)
        waits = "team: a conflict waits for after the crisis"
        await until(pilot, lambda: waits in shown(pilot), "the team line")
        assert any("waits for after the crisis" in n.message for n in notices(app))
        before = len(git(bob.root, "log", "--format=%s").splitlines())
        await pilot.press("d")  # the walkthrough goes on
        await settle(pilot)
        await until(pilot, lambda: "2 changes only on this" in shown(pilot), "2 waiting")
        assert "NOT SAVED" not in shown(pilot)
    assert len(git(bob.root, "log", "--format=%s").splitlines()) == before + 1


@run_async
async def test_the_start_screen_lists_and_announces_a_teammates_incident(
    alice: Store, bob: Store
) -> None:
    Incidents(alice).create("viral-complaint", "high", "Angry thread")
    assert sync(alice).ok
    app = CrisisApp(bob)  # opened after Alice's sync: its first team sync brings the incident
    async with app.run_test(size=SIZE) as pilot:
        said = "Alice opened Viral complaint (High): C to join"
        await until(pilot, lambda: any(n.message == said for n in notices(app)), said)
        await until(pilot, lambda: "Angry thread" in shown(pilot), "the incident in the list")
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, CrisisStepScreen), "the joined step")


@run_async
async def test_the_incident_list_shows_what_the_team_logged(alice: Store, bob: Store) -> None:
    app = CrisisApp(bob)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the start screen's first team sync has run
        Incidents(alice).create("viral-complaint", "high", "Angry thread")
        assert sync(alice).ok
        await pilot.press("i")
        await until(pilot, lambda: "Angry thread" in shown(pilot), "the incident in the list")
