"""Snapshots of the main sections and the detail views, on the demo workspace with a frozen
clock: its history has fixed authors and dates, so commit ids and the whole screen are fixed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from smgov_tui.core import kinds as k
from smgov_tui.store.template import make_demo
from smgov_tui.ui.app import SmgovApp
from tests.helpers.ui import loaded, settle

SIZE = (120, 40)
Before = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The English demo workspace, as ``smgov demo`` makes it, on the frozen date."""
    root = tmp_path / "demo"
    make_demo(root, "en", today=dt.date(2026, 11, 22))
    return root


def keys(*pressed: str) -> Before:
    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press(*pressed)
        await settle(pilot)

    return before


def record(kind: k.Kind, record_id: str, *pressed: str) -> Before:
    async def before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, SmgovApp)
        await loaded(pilot)
        app.open_record(kind, record_id)
        await settle(pilot)
        await pilot.press(*pressed)
        await settle(pilot)

    return before


SECTIONS = {
    "accounts": keys(),
    "owners": keys("2"),
    "contacts": keys("3"),
    "protocols": keys("4"),
    "incidents": keys("5"),
    "history": keys("7"),
    "filtered-sorted": keys("slash", *"marketing", "enter", "s", "s", "s"),
    "help": keys("question_mark"),
}


@pytest.mark.parametrize("name", list(SECTIONS))
def test_section(demo: Path, snap_compare: Any, name: str) -> None:
    assert snap_compare(SmgovApp(demo), terminal_size=SIZE, run_before=SECTIONS[name])


DETAILS = {
    "account": record(k.ACCOUNTS, "x-olmedo"),
    "owner": record(k.OWNERS, "ana-ruiz"),
    "contact": record(k.CONTACTS, "lasarte-abogados"),
    "playbook": record(k.PLAYBOOKS, "hacked-account"),
    "management": record(k.MANAGEMENT, "management"),
    "account-history": record(k.ACCOUNTS, "blog-la-despensa", "h"),
}


@pytest.mark.parametrize("name", list(DETAILS))
def test_detail(demo: Path, snap_compare: Any, name: str) -> None:
    assert snap_compare(SmgovApp(demo), terminal_size=SIZE, run_before=DETAILS[name])


def test_accounts_at_80x24(demo: Path, snap_compare: Any) -> None:
    assert snap_compare(SmgovApp(demo), terminal_size=(80, 24), run_before=keys())


def test_account_at_80x24(demo: Path, snap_compare: Any) -> None:
    before = record(k.ACCOUNTS, "x-olmedo")
    assert snap_compare(SmgovApp(demo), terminal_size=(80, 24), run_before=before)
