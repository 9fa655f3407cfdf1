"""The Draft screen: reached with ``w`` from an account or from the palette, checked as you
type, the account picked, user text shown as text; snapshots at 80x24 and 120x40 in English
and Spanish."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, TextArea

from smgov_tui.core import kinds as k
from smgov_tui.i18n import set_language
from smgov_tui.store.template import init_workspace
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.draft import DraftScreen
from tests.helpers.git import AUTHOR
from tests.helpers.ui import loaded, run_async, screen_lines, settle

POST = {
    "en": "A miracle detox from Mercadona? No: our rye bread #Oferta https://bit.ly/x",
    "es": "¿Un milagro detox de Mercadona? No: nuestro pan de centeno #Oferta https://bit.ly/x",
}


def text_of(app: Any) -> str:
    return "\n".join(screen_lines(app))


async def open_draft(pilot: Pilot[Any], account_id: str) -> DraftScreen:
    app = await loaded(pilot)
    app.open_record(k.ACCOUNTS, account_id)
    await settle(pilot)
    await pilot.press("w")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DraftScreen)
    return screen


@contextlib.asynccontextmanager
async def drafting(
    ws: Path, account_id: str
) -> AsyncIterator[tuple[SmgovApp, Pilot[Any], DraftScreen]]:
    """The app at 120x40 with the Draft screen of ``account_id`` open."""
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        yield app, pilot, await open_draft(pilot, account_id)


@run_async
async def test_w_on_an_account_opens_its_draft_and_the_findings_follow_the_typing(
    ws: Path,
) -> None:
    async with drafting(ws, "x-olmedo") as (app, pilot, screen):
        assert screen.account_id == "x-olmedo"
        await pilot.press(*"Our rye bread, fresh today #Olmedo")
        await pilot.pause()
        assert "Nothing to fix: the post follows the network" in text_of(app)
        assert "X: 34 of 280 characters" in text_of(app)
        await pilot.press(*" a miracle")
        await pilot.pause()
        shown = text_of(app)
        assert "error: Banned word" in shown
        assert "“miracle”." in shown
        assert screen.report is not None and screen.report.errors == 1
        # nothing was written: no commit, no file changed
        assert not app.store or not app.store.git.run("status", "--porcelain").strip()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DraftScreen)


@run_async
async def test_another_account_is_checked_against_its_own_rules(ws: Path) -> None:
    async with drafting(ws, "x-olmedo") as (app, pilot, screen):
        screen.query_one(TextArea).text = "Cocido de la abuela, paso a paso #Olmedo"
        await pilot.pause()
        assert screen.report is not None and screen.report.errors == 0
        screen.query_one(Select).value = "pinterest-recetas"
        await pilot.pause()
        assert screen.account_id == "pinterest-recetas"
        assert "#RecetasOlmedo" in text_of(app)
        assert [f.code for f in screen.report.findings] == ["draft-missing-hashtag"]


@run_async
async def test_w_on_an_owner_does_nothing(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.open_record(k.OWNERS, "ana-ruiz")
        await settle(pilot)
        before = app.screen
        await pilot.press("w")
        await settle(pilot)
        assert app.screen is before


@run_async
async def test_the_palette_opens_the_draft_of_the_account_shown(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.open_record(k.ACCOUNTS, "pinterest-recetas")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"check a draft")
        await settle(pilot)
        assert "Check a draft for: pinterest-recetas" in text_of(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DraftScreen)
        assert app.screen.account_id == "pinterest-recetas"


@run_async
async def test_markup_in_the_post_and_the_protocol_is_shown_as_text(ws: Path) -> None:
    communication = ws / "protocols" / "communication.toml"
    text = communication.read_text(encoding="utf-8")
    communication.write_text(
        text.replace("banned_words = [\n", 'banned_words = [\n    "[bold]gratis",\n'),
        encoding="utf-8",
    )
    async with drafting(ws, "x-olmedo") as (app, pilot, screen):
        screen.query_one(TextArea).text = "[bold]gratis[/] #Olmedo"
        await pilot.pause()
        assert "“[bold]gratis”" in text_of(app)


@run_async
async def test_changes_that_arrive_together_are_checked_once_with_the_last_text(
    ws: Path,
) -> None:
    """A paste or keys faster than a frame: the check queued behind them reads the text as it
    is after the last one, so the findings are those of the last text (never of one between)."""
    async with drafting(ws, "x-olmedo") as (app, pilot, screen):
        area = screen.query_one(TextArea)
        area.insert("Fresh rye bread today, a miracle #Olmedo")
        area.replace("recipe", (0, 25), (0, 32))  # "miracle" gone before any check ran
        await pilot.pause()
        assert screen.checked_text == area.text == "Fresh rye bread today, a recipe #Olmedo"
        assert screen.report is not None and screen.report.errors == 0
        assert "miracle" not in text_of(app)
        assert "Nothing to fix: the post follows the network" in text_of(app)


@run_async
async def test_a_finding_whose_words_change_is_redrawn_with_them(ws: Path) -> None:
    """Typing inside a hashtag changes a finding's words but not its height: the findings are
    drawn again without laying the screen out again, and show the new words."""
    async with drafting(ws, "x-olmedo") as (app, pilot, _screen):
        await pilot.press(*"Our rye bread #Olmedo #Oferta")
        await pilot.pause()
        assert "#Oferta." in text_of(app)
        await pilot.press(*"s")
        await pilot.pause()
        assert "#Ofertas." in text_of(app)
        assert "#Oferta." not in text_of(app)
        await pilot.press(*" a miracle, and more words to make this finding longer than it was")
        await pilot.pause()
        shown = text_of(app)
        assert "error: Banned word" in shown and "#Ofertas." in shown
        await pilot.press(*["backspace"] * 66)
        await pilot.pause()
        assert "Banned word" not in text_of(app)
        assert "#Ofertas." in text_of(app)


@run_async
async def test_the_same_text_again_is_not_checked_again_but_a_new_workspace_is(
    ws: Path,
) -> None:
    async with drafting(ws, "x-olmedo") as (_app, pilot, screen):
        await pilot.press(*"Our rye bread #Olmedo")
        await pilot.pause()
        report = screen.report
        screen.query_one(TextArea).text = "Our rye bread #Olmedo"  # loaded again: same text
        await pilot.pause()
        assert screen.report is report
        screen.run_check()  # what a new snapshot of the workspace does
        assert screen.report is not report and screen.report == report


# --- snapshots ----------------------------------------------------------------------------------


@pytest.fixture
def sample(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    lang: str = request.param
    root = tmp_path / lang
    init_workspace(root, lang, AUTHOR, today=dt.date(2026, 11, 22))
    return root


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize(("sample", "lang"), [("en", "en"), ("es", "es")], indirect=["sample"])
def test_snapshot(
    sample: Path, lang: str, size: tuple[int, int], snap_compare: Any, language: None
) -> None:
    set_language(lang)

    async def before(pilot: Pilot[None]) -> None:
        app = await loaded(pilot)
        app.push_screen(DraftScreen("x-olmedo"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        screen.query_one(TextArea).text = POST[lang]
        await settle(pilot)

    assert snap_compare(SmgovApp(sample), terminal_size=size, run_before=before)
