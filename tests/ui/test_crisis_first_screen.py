"""``smgov crisis`` draws its list from the playbooks and incidents alone and reads the rest of
the workspace while the list is shown (issue 15 item 11): nothing can be picked on half-read
data; a choice made meanwhile waits for the read, then is carried out."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from smgov_tui.cli.crisis import FIRST_SCREEN_KINDS
from smgov_tui.core import kinds as k
from smgov_tui.core.model import WorkspaceData
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.git import git
from tests.helpers.ui import TIMEOUT, run_async, screen_lines, settle, until


def shows(app: CrisisApp, words: str) -> bool:
    return any(words in line for line in screen_lines(app))


def held_store(ws: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, threading.Event]:
    """The store as ``smgov crisis`` opens it (the first screen's records only), whose full
    read waits until the test sets the event it returns: the files and git stay real."""
    store = Store.open(ws)
    store.recover_interrupted()
    store.load(FIRST_SCREEN_KINDS)
    gate = threading.Event()
    read = store.load

    def held(kinds: Collection[k.Kind] | None = None) -> WorkspaceData:
        if kinds is None:
            assert gate.wait(TIMEOUT), "the test never let the workspace be read"
        return read(kinds)

    monkeypatch.setattr(store, "load", held)
    return store, gate


@contextlib.asynccontextmanager
async def listed(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[CrisisApp, Pilot[Any], Store, threading.Event]]:
    """Crisis mode at 80x24 showing its list, the rest of the workspace held unread until the
    test sets the event."""
    store, gate = held_store(ws, monkeypatch)
    app = CrisisApp(store, partial=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: shows(app, "Hacked account"), "the list of playbooks")
        yield app, pilot, store, gate


def test_the_first_screen_reads_only_what_it_shows(ws: Path) -> None:
    store = Store.open(ws)
    store.load(FIRST_SCREEN_KINDS)
    assert store.data.playbooks and store.data.meta is not None
    assert not store.data.accounts and not store.data.owners


@run_async
async def test_a_playbook_picked_while_the_workspace_is_read_opens_once_it_is(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with listed(ws, monkeypatch) as (app, pilot, store, gate):
        assert not shows(app, "On call now")  # the rota names people not read yet
        await pilot.press("enter")
        await until(pilot, lambda: shows(app, "Reading the workspace"), "the wait said")
        assert not shows(app, "How serious is it?")
        gate.set()
        await settle(pilot)
        assert shows(app, "How serious is it?")  # the choice went on by itself
        assert not shows(app, "Reading the workspace")
        assert len(store.data.accounts) > 0
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")  # no account named: the statement keeps [account]
        await settle(pilot)
        assert isinstance(app.screen, CrisisStepScreen)  # imported after the first screen
    assert "incidents: open 2026-11-22-hacked-account (hacked-account, low)" in git(
        ws, "log", "-1", "--format=%s"
    )


@run_async
async def test_the_on_call_line_follows_the_read(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with listed(ws, monkeypatch) as (app, pilot, _store, gate):
        gate.set()
        await settle(pilot)
        assert shows(app, "On call now")
        assert not shows(app, "Reading the workspace")


@run_async
async def test_all_incidents_asked_for_while_the_workspace_is_read_waits(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with listed(ws, monkeypatch) as (app, pilot, _store, gate):
        await pilot.press("i")
        await until(pilot, lambda: shows(app, "Reading the workspace"), "the wait said")
        assert app.screen is app.start
        gate.set()
        await settle(pilot)
        assert app.screen is not app.start  # the incidents screen, once everything is read
