"""After a save refused for errors, the banner follows the errors as the person fixes them,
and goes once none is left (a banner naming a field just fixed reads as if the fix failed)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.screens.edit import EditScreen
from tests.helpers.editing import editing, editor, save
from tests.helpers.forms import FormApp, sync
from tests.helpers.git import git
from tests.helpers.ui import static_text, validated


def _banner(screen: EditScreen) -> str:
    banner = screen.query_one("#form-banner", Static)
    return static_text(banner) if banner.has_class("-shown") else ""


@sync
async def test_the_refusal_banner_follows_the_errors_and_goes_once_they_are_fixed(
    ws: Path,
) -> None:
    store = Store.open(ws)
    store.load()
    head = git(ws, "rev-parse", "HEAD")
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        handle = editor(screen, "handle").query_one(Input)
        hours = editor(screen, "response_sla_hours").query_one(Input)
        handle.value = ""
        hours.value = "0"
        await validated(pilot)
        await save(pilot)
        assert _banner(screen).startswith("Not saved: 2 errors to fix first")

        handle.value = "La Despensa"
        await validated(pilot)
        said = _banner(screen)
        assert said.startswith("Not saved: 1 error to fix first"), said
        assert "Handle" not in said and "Response time" in said

        hours.value = "24"
        await validated(pilot)
        assert _banner(screen) == ""
        assert git(ws, "rev-parse", "HEAD") == head  # nothing saved meanwhile
