"""What makes a form open and save faster changes nothing a person sees or keeps.

- a field's problems area is mounted when it first has something to say;
- a screen pushed new is styled when its widgets mount, not restyled on its first showing
  (a later showing restyles as Textual does);
- the app keeps the workspace it loaded out of the garbage collector's full passes.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Input, Static

from smgov_tui.core import kinds as k
from smgov_tui.store.store import SaveResult, Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.textual_internals import GC_YOUNG_THRESHOLD, GIL_SWITCH_INTERVAL
from tests.helpers.editing import SIZE, editor, settle
from tests.helpers.forms import FormApp, sync
from tests.helpers.git import git
from tests.helpers.hooks import HookGate
from tests.helpers.ui import caught_up, loaded, until, workers_done


def problem_areas(screen: EditScreen, path: str) -> list[Static]:
    """The problems areas directly under the editor of ``path``."""
    field = editor(screen, path)
    return [c for c in field.children if isinstance(c, Static) and c.has_class("field-problems")]


@sync
async def test_a_problems_area_appears_with_the_first_problem_and_hides_when_fixed(
    store: Store,
) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        assert problem_areas(screen, "handle") == []  # a valid field has none
        handle = editor(screen, "handle")
        handle.query_one(Input).value = ""
        await settle(pilot)
        [area] = problem_areas(screen, "handle")
        assert "Handle is required" in str(area.render())
        assert handle.has_class("-problems") and area.display
        handle.query_one(Input).value = "@despensa"
        await settle(pilot)
        assert problem_areas(screen, "handle") == [area]  # kept, hidden
        assert not handle.has_class("-problems")
        assert str(area.render()) == ""


@sync
async def test_a_new_form_is_not_restyled_on_its_first_showing_only(
    store: Store,
) -> None:
    screen = EditScreen(store, k.ACCOUNTS, "blog-la-despensa")
    restyles: list[Any] = []
    original = screen.update_node_styles

    def spy(animate: bool = True) -> None:
        restyles.append(animate)
        original(animate)

    screen.update_node_styles = spy  # type: ignore[method-assign]
    app = FormApp(store, screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen is screen
        assert restyles == []
        screen.query_one("#form-title", Static)  # styled and shown all the same
        assert screen.query_one("#form-body").region.height > 10
        # Shown again (Textual sends this when a screen is switched back to): restyled.
        screen.post_message(events.ScreenResume())
        await settle(pilot)
        assert restyles, "a screen shown again is restyled as Textual does"


@sync
async def test_the_loaded_workspace_is_kept_out_of_full_collections(
    ws: Path, tuned_interpreter: None
) -> None:
    frozen = gc.get_freeze_count()  # the test process's own modules (conftest)
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await settle(pilot)
        assert app.snapshot is not None and app.snapshot.checked
        assert gc.get_freeze_count() > frozen
        # Tuned for drawing once loaded (tuned_interpreter starts from Python's settings).
        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD
        assert sys.getswitchinterval() == GIL_SWITCH_INTERVAL


@sync
async def test_a_slow_save_of_a_new_record_says_saving_after_a_moment(
    ws: Path, store: Store, tmp_path: Path
) -> None:
    """A new record's form stays until the commit is made (an edit's closes at once: see
    test_ui_actions), and says so when that takes a while."""
    app = FormApp(store, EditScreen(store, k.OWNERS, None, copy_from="ana-ruiz"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        banner = screen.query_one("#form-banner", Static)
        with HookGate(ws, "pre-commit", tmp_path) as gate:  # git waits until released
            screen.action_save()
            assert str(banner.render()) == ""  # not at once: most saves take a blink
            await until(pilot, gate.has_started, "git to run the pre-commit hook")
            # then, while git runs the slow hook, the form says so
            await until(
                pilot, lambda: str(banner.render()) == "Saving...", "the form to say Saving..."
            )
            assert app.screen is screen and not app.results
            gate.release()
            await until(pilot, lambda: bool(app.results), "the save's result")
        await settle(pilot)
        assert app.screen is not screen and app.results[-1].committed


@sync
async def test_the_first_form_is_styled_by_its_stylesheet(ws: Path) -> None:
    """Its stylesheet is read when it first opens (reading it ahead measured no faster: see
    ui/textual_internals.py) and styles it from its first showing."""
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await settle(pilot)
        app.edit_record(k.ACCOUNTS, "blog-la-despensa")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        # edit.tcss: a bold title, the banner hidden
        assert screen.query_one("#form-title", Static).styles.text_style.bold
        assert not screen.query_one("#form-banner", Static).display


@sync
async def test_a_refusal_that_beats_the_form_closing_leaves_one_form_saying_why(
    ws: Path, store: Store
) -> None:
    """The form closes when the record is written and comes back if git refuses the commit.
    When the form is busy and git's refusal reaches the app before the form has read that
    the record was written, the form stays, saying why, and does not close after."""
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    before = (ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        editor(screen, "department").query_one(Input).value = "Content"
        await settle(pilot)
        hook = ws / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\necho 'frozen' >&2\nexit 1\n", encoding="utf-8")
        hook.chmod(0o755)
        held = asyncio.Event()
        screen.call_later(held.wait)  # the form's own messages wait behind this
        screen.action_save()
        await workers_done(app)  # meanwhile: written, refused,
        await caught_up(app)  # and the app told
        assert app.screen is screen
        held.set()  # then the form reads that the record was written
        await settle(pilot)
        assert app.screen is screen and app.results == []
        assert [s for s in app.screen_stack if isinstance(s, EditScreen)] == [screen]
        assert editor(screen, "department").query_one(Input).value == "Content"
        assert "frozen" in str(screen.query_one("#form-banner", Static).render())
        assert (ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8") == before


@sync
async def test_a_commit_that_beats_the_form_closing_closes_it_once_with_the_final_result(
    ws: Path, store: Store
) -> None:
    """When git has made the commit before the busy form reads that the record was written,
    the form closes once, with the committed result (nothing is left for the app to follow)."""
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        editor(screen, "department").query_one(Input).value = "Content"
        await settle(pilot)
        held = asyncio.Event()
        screen.call_later(held.wait)  # the form's own messages wait behind this
        screen.action_save()
        await workers_done(app)  # meanwhile: written and committed
        held.set()  # then the form reads that the record was written
        await until(pilot, lambda: bool(app.results), "the save's result")
        await settle(pilot)
        assert app.screen is not screen
        [result] = app.results
        assert type(result) is SaveResult and result.committed  # not a Written to follow
        assert result.message == "accounts: set department of blog-la-despensa to Content"
    assert git(ws, "log", "-1", "--format=%s").strip() == result.message
