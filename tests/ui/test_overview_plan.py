"""The Overview says who owns the plan: owner, evangelists, departments, approval and next
review, from workspace.toml's [plan], as text (a value with markup is shown as written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from smgov_tui.core import kinds as k
from smgov_tui.i18n import set_language
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from tests.helpers.crisis import sample_store
from tests.helpers.ui import loaded, run_async, settle, static_text

NASTY = '[bold]x[/] [link="file:///etc/passwd"]y[/link] [@click=app.quit]z[/]'


async def _overview(pilot: Any) -> None:
    await loaded(pilot)
    await pilot.press("8")
    await settle(pilot)


def _save_plan(store: Store, **plan: Any) -> None:
    entry = store.data.entry(k.WORKSPACE, k.WORKSPACE.single_id)
    assert entry is not None
    raw = dict(entry.raw)
    if plan:
        raw["plan"] = {**raw["plan"], **plan}
    else:
        raw.pop("plan")
    store.save(k.WORKSPACE, k.WORKSPACE.single_id, raw, entry.text)


@run_async
async def test_the_overview_names_who_owns_the_plan(store: Store) -> None:
    _save_plan(store, approved_by=NASTY, next_review=dt.date(2026, 11, 1))
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await _overview(pilot)
        shown = " ".join(static_text(app.screen.query_one("#ov-plan", Static)).split())
    assert "Plan owner: Raúl Santos Ibáñez" in shown
    assert "Evangelists: Ana Ruiz Beltrán, Sofía Navarro Prieto" in shown
    assert "Owning departments: Marketing, Corporate communications" in shown
    assert f"Plan approved by: {NASTY}, on " in shown  # markup shown as written
    assert "Next review: 2026-11-01 (overdue)" in shown


@run_async
async def test_without_a_plan_the_overview_says_what_to_write(store: Store) -> None:
    _save_plan(store)
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await _overview(pilot)
        shown = static_text(app.screen.query_one("#ov-plan", Static))
    assert shown.startswith("Nobody owns the plan yet") and "[plan]" in shown


@pytest.mark.parametrize("lang", ["en", "es"])
def test_snapshot_overview_with_plan_ownership(
    lang: str, store: Store, tmp_path: Path, snap_compare: Any, language: None
) -> None:
    if lang == "es":
        store = sample_store(tmp_path / "es", "es")
        set_language("es")
    assert snap_compare(SmgovApp(store.root), terminal_size=(80, 24), run_before=_overview)
