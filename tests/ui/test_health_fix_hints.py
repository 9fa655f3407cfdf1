"""Health shows how to fix the highlighted finding, at 80x24 and 120x40, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from smgov_tui.core import kinds as k
from smgov_tui.i18n import set_language
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.fields.nested import ItemBox, ItemHeader
from smgov_tui.ui.widgets.health import HealthList
from tests.helpers.ui import loaded, run_async, settle, static_text


def open_a_coverage_gap(store: Store) -> None:
    """tiktok-olmedo promises 4 h: its owner and backup leave the nights uncovered (the
    on-call rota kept for crises only, so it does not answer the messages)."""
    plan = store.data.entry(k.MANAGEMENT, "management")
    assert plan is not None
    rota = {**plan.raw["rota"], "answers_messages": False}
    store.save(k.MANAGEMENT, plan.id, {**plan.raw, "rota": rota}, plan.text)
    entry = store.data.entry(k.ACCOUNTS, "tiktok-olmedo")
    assert entry is not None
    store.save(k.ACCOUNTS, entry.id, {**entry.raw, "response_sla_hours": 4}, entry.text)


async def to_health(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await pilot.press("6")
    await settle(pilot)


@run_async
async def test_the_preview_says_which_hours_to_cover(store: Store) -> None:
    open_a_coverage_gap(store)
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_health(pilot)
        health = app.screen.query_one("#section-health", HealthList)
        preview = static_text(health.query_one(".health-preview", Static)).splitlines()
        assert preview[1] == (
            "Fri, Sat 21:00–08:00 (next day) (Europe/Madrid): nobody covers tiktok-olmedo "
            "within 4 h"
        )
        assert preview[2] == (
            "How to fix it: Have the owner or the backup at work at least once every 4 h during "
            "Fri, Sat 21:00–12:00 (next day) (Europe/Madrid), or set Response time (hours) to "
            "15 h or more."
        )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_snapshot(
    store: Store, snap_compare: Any, size: tuple[int, int], lang: str, language: None
) -> None:
    set_language(lang)
    open_a_coverage_gap(store)
    assert snap_compare(SmgovApp(store.root), terminal_size=size, run_before=to_health)


@run_async
async def test_enter_on_a_step_s_finding_opens_that_step_in_the_form(store: Store) -> None:
    path = store.root / "protocols" / "crisis" / "hacked-account.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('role = "social-media-lead"', 'role = "nobody"', 1))
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_health(pilot)
        health = app.screen.query_one("#section-health", HealthList)
        assert health.highlighted is not None and health.highlighted.field == "steps.1.role"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen) and app.screen.kind is k.PLAYBOOKS
        focused = app.focused
        assert focused is not None
        boxes = [w for w in focused.ancestors_with_self if isinstance(w, ItemBox)]
        assert boxes and boxes[0].is_open  # the second step, opened to show its fields
        assert static_text(boxes[0].query_one(ItemHeader)).startswith("v Step 2:")
