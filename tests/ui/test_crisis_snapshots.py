"""Snapshots of crisis mode at 80x24 (and the step at 120x40), frozen clock, sample workspace."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from smgov_tui.core.crisis_actions import Checklist
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.crisis import settle


def test_start_screen(store: Store, snap_compare: Any) -> None:
    assert snap_compare(CrisisApp(store), terminal_size=(80, 24))


def test_severity_choice(store: Store, snap_compare: Any) -> None:
    assert snap_compare(CrisisApp(store), press=["enter"], terminal_size=(80, 24))


def showing(store: Store, incident_id: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A run_before that opens the step screen of ``incident_id`` and waits for it."""

    async def show(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, incident_id))
        await settle(pilot)

    return show


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_step_screen(store: Store, snap_compare: Any, size: tuple[int, int]) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    current = incidents.act(current, "done")
    assert snap_compare(CrisisApp(store), terminal_size=size, run_before=showing(store, current.id))


def test_statement_step(store: Store, snap_compare: Any) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    for _ in range(4):  # the third pauses scheduled posts: each account confirmed paused
        step = current.crisis.current_step
        assert step is not None
        paused = tuple(current.crisis.to_pause(step))
        current = incidents.act(current, "done", checklist=Checklist(paused=paused))
    assert snap_compare(
        CrisisApp(store), terminal_size=(80, 24), run_before=showing(store, current.id)
    )


def test_overdue_with_reminder(
    store: Store, snap_compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = Incidents(store).create("hacked-account", "high")
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T11:12:00+01:00")
    assert snap_compare(
        CrisisApp(store), terminal_size=(80, 24), run_before=showing(store, current.id)
    )


def test_close_screen(store: Store, snap_compare: Any) -> None:
    current = Incidents(store).create("hacked-account", "high")
    app = CrisisApp(store)

    async def show(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, current.id))
        await settle(pilot)
        await pilot.press("x", "y")  # y: close although steps are not done
        await pilot.press(*"Back in control")
        await pilot.press("tab", *"2FA")

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)


def test_incidents_list(store: Store, ws: Path, snap_compare: Any) -> None:
    Incidents(store).create("hacked-account", "high")
    assert snap_compare(CrisisApp(store), press=["i"], terminal_size=(80, 24))


@pytest.fixture
def nobody(ws: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No author anywhere: no SMGOV_AUTHOR, git knows nobody (once ``ws`` is made)."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


@pytest.mark.usefixtures("nobody")
def test_name_prompt(ws: Path, snap_compare: Any) -> None:
    store = Store.open(ws)
    store.load()
    assert snap_compare(CrisisApp(store), press=[*"Ana"], terminal_size=(80, 24))


@pytest.mark.usefixtures("nobody", "spanish")
def test_name_prompt_in_spanish(ws: Path, snap_compare: Any) -> None:
    store = Store.open(ws)
    store.load()
    assert snap_compare(CrisisApp(store), press=[*"Ana"], terminal_size=(80, 24))


@pytest.mark.usefixtures("spanish")
def test_start_screen_in_spanish(store: Store, snap_compare: Any) -> None:
    assert snap_compare(CrisisApp(store), terminal_size=(80, 24))
