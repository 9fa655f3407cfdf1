"""Bugs a new user met in a trial at 80x24, each driven as they met it (Pilot, real workspace)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.messages import ExitApp
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select

from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.screens.record import LinkTable
from smgov_tui.ui.widgets.record_table import RecordList, RecordTable
from tests.helpers.git import git
from tests.helpers.ui import TIMEOUT, loaded, run_async, settle

SMALL = (80, 24)


def _name_input(form: EditScreen) -> Input:
    return form.collect()[1]["name"].query_one(Input)


# --- 1. a letter typed in a form never quits -----------------------------------------------


@run_async
async def test_typing_q_then_y_on_a_select_of_a_new_owner_keeps_the_form(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("2", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen)
        await pilot.press(*"Ana Ruiz")
        await pilot.press("tab")
        await settle(pilot)
        assert isinstance(app.focused, Select) or isinstance(
            getattr(app.focused, "parent", None), Select
        ), app.focused
        await pilot.press(*"quick y")  # ordinary text typed where the field takes none
        await settle(pilot)
        assert app.is_running
        assert app.screen is form
        assert _name_input(form).value == "Ana Ruiz"


@run_async
async def test_every_app_letter_key_is_inert_in_a_form(ws: Path) -> None:
    single = {
        key
        for binding in SmgovApp.BINDINGS
        if not isinstance(binding, tuple)
        for key in binding.key.split(",")
        if len(key) == 1 or key == "question_mark"
    }
    assert {"q", "C", "question_mark"} <= single
    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("2", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen)
        await pilot.press(*"Ana", "tab")
        for key in sorted(single):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running, key
            assert app.screen is form, key


@run_async
async def test_quit_and_leave_dialogs_focus_the_safe_answer(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("2", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen)
        await pilot.press(*"Ana")
        await settle(pilot)
        for key in ("ctrl+q", "escape"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ConfirmModal), key
            focused = app.focused
            assert isinstance(focused, Button) and focused.id == "confirm-no", key
            await pilot.press("enter")  # enter on the focused answer: No
            await settle(pilot)
            assert app.is_running
            assert app.screen is form
        assert _name_input(form).value == "Ana"


# --- 2. a section's keys act only where that section is shown -------------------------------


def _footer_labels(app: SmgovApp) -> list[str]:
    return [key.description for key in app.screen.query("FooterKey") if key.description]


@run_async
async def test_overview_shows_and_runs_no_key_of_another_section(ws: Path) -> None:
    from smgov_tui.ui.screens.main import MainScreen
    from smgov_tui.ui.widgets.history import HistoryView

    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert {"Edit", "New"} <= set(_footer_labels(app))  # on Accounts
        # From Accounts, and from History with a commit chosen in its list.
        for route in (("1", "8"), ("7", "down", "8")):
            for key in route:
                await pilot.press(key)
                await settle(pilot)
            assert main.current_section.id == "overview"
            labels = _footer_labels(app)
            for hidden in ("Revert commit", "Edit", "New", "Delete"):
                assert hidden not in labels, (route, labels)
            history = main.query_one("#section-history", HistoryView)
            assert history.check_action("revert", ()) is False
            for key in ("v", "e", "n", "d", "c", "r", "h"):
                await pilot.press(key)
                await settle(pilot)
                assert app.screen is main, (route, key)


# --- 3. a record's detail opens at its top ---------------------------------------------------


async def _open_first(pilot: Pilot[None], app: SmgovApp, section_key: str, kind: str) -> Any:
    from smgov_tui.ui.screens.main import MainScreen
    from smgov_tui.ui.screens.record import RecordScreen

    await pilot.press(section_key)
    await settle(pilot)
    main = app.screen
    assert isinstance(main, MainScreen)
    view = main.current_view
    assert isinstance(view, RecordList)
    key = next(row.key for row in view.shown if row.key.startswith(f"{kind}:"))
    view.select_key(key)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, RecordScreen)
    return app.screen


@pytest.mark.parametrize(("section_key", "kind"), [("5", "incidents"), ("4", "playbooks")])
@run_async
async def test_a_detail_opens_at_its_top_and_home_or_pageup_return_there(
    ws: Path, section_key: str, kind: str
) -> None:
    from textual.containers import VerticalScroll

    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        screen = await _open_first(pilot, app, section_key, kind)
        body = screen.query_one("#record-body", VerticalScroll)
        assert body.max_scroll_y > 0, "the detail must be taller than the screen for this test"
        assert body.scroll_y == 0
        fields = screen.query_one(".record-fields")
        assert fields.region.y >= body.region.y  # the record's own fields are on show
        assert isinstance(app.focused, LinkTable)  # enter still follows the first link
        for back in ("home", "pageup"):
            body.scroll_end(animate=False)
            await settle(pilot)
            assert body.scroll_y > 0
            for _ in range(12):
                await pilot.press(back)
            await settle(pilot)
            assert body.scroll_y == 0, back
        table = app.focused
        assert isinstance(table, LinkTable)
        for _ in range(table.row_count):
            await pilot.press("down")
            await settle(pilot)
            above = table.ordered_rows[: table.cursor_row]  # rows wrap: heights vary
            top = (table.header_height if table.show_header else 0) + sum(r.height for r in above)
            row_y = table.region.y + top - table.scroll_y
            assert body.region.y <= row_y < body.region.bottom, table.cursor_row


# --- 4. History shows the newest commit when new commits arrive ------------------------------


@run_async
async def test_history_moves_to_the_newest_commit_when_head_moves(tmp_path: Path) -> None:
    import datetime as dt

    from smgov_tui.store.template import make_demo
    from smgov_tui.ui.widgets.history import HistoryView

    ws = tmp_path / "demo"
    make_demo(ws, "en", today=dt.date(2026, 11, 22))  # a history of several commits
    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("7")
        await settle(pilot)
        history = app.screen.query_one("#section-history", HistoryView)
        table = history.table
        assert app.focused is table
        await pilot.press("down", "down")
        await settle(pilot)
        assert table.cursor_row == 2
        await pilot.press("2", "e")  # a save elsewhere (an owner's name): a new commit
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        await pilot.press("X", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditScreen)
        await pilot.press("7")
        await settle(pilot)
        head = git(ws, "rev-parse", "HEAD").strip()
        assert table.cursor_row == 0
        assert history.current_sha == head
        assert table.scroll_y == 0
        await pilot.press("down")  # reading an older commit: a reload without new commits
        await settle(pilot)
        app.refresh_data()
        await settle(pilot)
        assert table.cursor_row == 1


# --- 5. a form's field keeps its value when it takes the focus -------------------------------


@run_async
async def test_typing_after_e_adds_to_the_name_rather_than_replacing_it(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen)
        name = _name_input(form)
        before = name.value
        assert before and app.focused is name
        await pilot.press("X")
        await settle(pilot)
        assert name.value == before + "X"
        await pilot.press("tab")  # the next text field, then back: nothing selected either
        await settle(pilot)
        await pilot.press("shift+tab")
        await settle(pilot)
        assert app.focused is name
        await pilot.press("Y")
        assert name.value == before + "XY"


@pytest.mark.parametrize("typed", ["quick", "qC", "qh", "qd"])
def test_keys_typed_after_q_do_nothing_while_the_app_quits(ws: Path, typed: str) -> None:
    """A word typed on the list by mistake ("quick"): q quits; the letters after it used to
    open a form, crisis mode, a history or a dialog that mounted without its widgets while
    the app closed, which then stopped with a traceback instead of quitting cleanly."""
    from textual import events

    @run_async
    async def session() -> None:
        app = SmgovApp(ws)
        quit_asked = asyncio.Event()

        def seen(message: Message) -> None:
            if isinstance(message, ExitApp):  # posted by the app's own exit(): q quit it
                quit_asked.set()

        async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
            await loaded(pilot)
            for char in typed:  # all at once, as a fast typist's keys arrive
                app.post_message(events.Key(char, char))
            # The letters were queued before the app's exit: they are handled by the time it
            # is; leaving run_test then waits for the app to end and re-raises any error.
            await asyncio.wait_for(quit_asked.wait(), TIMEOUT)
        assert app.return_code == 0 and app.quitting

    session()  # run_test re-raises what stopped the app


# --- 6. j, k, g and G move in lists and in history, as in less, vim, lazygit and k9s ----------


@run_async
async def test_j_k_g_and_shift_g_move_in_a_list_and_in_history(tmp_path: Path) -> None:
    import datetime as dt

    from smgov_tui.store.template import make_demo
    from smgov_tui.ui.widgets.history import HistoryView

    ws = tmp_path / "demo"
    make_demo(ws, "en", today=dt.date(2026, 11, 22))
    app = SmgovApp(ws)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        table = app.focused
        assert isinstance(table, RecordTable)
        await pilot.press("j", "j")
        await settle(pilot)
        assert table.cursor_row == 2
        await pilot.press("k")
        await settle(pilot)
        assert table.cursor_row == 1
        await pilot.press("G")
        await settle(pilot)
        assert table.cursor_row == table.row_count - 1 > 1
        await pilot.press("g")
        await settle(pilot)
        assert table.cursor_row == 0

        await pilot.press("7")
        await settle(pilot)
        history = app.screen.query_one("#section-history", HistoryView).table
        assert app.focused is history
        await pilot.press("j", "j", "k")
        await settle(pilot)
        assert history.cursor_row == 1
        await pilot.press("G")
        await settle(pilot)
        assert history.cursor_row == history.row_count - 1 > 1
        await pilot.press("g")
        await settle(pilot)
        assert history.cursor_row == 0
