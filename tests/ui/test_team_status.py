"""Working as a team, honestly shown in the main app: the background fetch's "N to pull", a
conflict waiting, the last failed sync, "syncing..." and a teammate's new incident. A real bare
remote and two clones; git is held with a hook, never a sleep."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync
from smgov_tui.ui.app import SmgovApp
from tests.helpers.hooks import HookGate
from tests.helpers.sync import change
from tests.helpers.ui import loaded, notices, run_async, settle, static_text, until

ANA = "owners/ana-ruiz.toml"
SIZE = (120, 40)


def team_fact(app: SmgovApp) -> str:
    """What the status bar says about the team."""
    return static_text(app.screen.query_one("#sb-sync", Static))


@run_async
async def test_the_background_fetch_shows_what_waits_to_be_pulled(alice: Store, bob: Store) -> None:
    change(alice, ANA, phone="+34 600 111 222")
    assert sync(alice).ok
    before = (bob.root / ANA).read_text(encoding="utf-8")
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: "1 to pull" in team_fact(app), "1 to pull after a fetch")
    assert (bob.root / ANA).read_text(encoding="utf-8") == before  # fetched, not integrated


@run_async
async def test_a_failed_sync_is_shown_until_one_succeeds(
    remote: Path, bob: Store, tmp_path: Path
) -> None:
    away = tmp_path / "away.git"
    shutil.move(remote, away)
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: "offline since 10:00" in team_fact(app), "offline")
        await pilot.press("S")
        await until(
            pilot, lambda: "last sync failed 10:00, offline" in team_fact(app), "the failure"
        )
    again = SmgovApp(bob.root)  # it lasts: opened again, the bar still says it
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "last sync failed 10:00, offline" in team_fact(again)
        shutil.move(away, remote)
        await pilot.press("S")
        await until(pilot, lambda: "synced 10:00" in team_fact(again), "the sync")
        assert "failed" not in team_fact(again)


@run_async
async def test_syncing_is_shown_while_git_works(bob: Store, tmp_path: Path) -> None:
    change(bob, ANA, phone="+34 600 111 222")  # one commit to push
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await settle(pilot)
        gate = HookGate(bob.root, "pre-push", tmp_path)
        try:
            await pilot.press("S")
            await until(pilot, gate.has_started, "the push to start")
            assert team_fact(app) == "syncing..."
        finally:
            gate.close()
        await until(pilot, lambda: "synced" in team_fact(app), "the sync to end")


@run_async
async def test_an_incident_a_teammate_opened_is_announced(alice: Store, bob: Store) -> None:
    Incidents(alice).create("hacked-account", "high", "Instagram taken")
    assert sync(alice).ok
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        said = "Alice opened Hacked account (High): C to join"
        await until(pilot, lambda: any(n.message == said for n in notices(app)), said)
