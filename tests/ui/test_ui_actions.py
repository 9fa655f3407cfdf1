"""The record keys wired to the forms and modals, and history with diff and revert, in the app."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.widgets import Input, Static

from smgov_tui.core import kinds as k
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.modals.delete import DeleteModal
from smgov_tui.ui.modals.rename import RenameModal
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.screens.history import HistoryScreen
from smgov_tui.ui.screens.main import MainScreen
from smgov_tui.ui.screens.record import RecordScreen
from smgov_tui.ui.widgets.history import HistoryView
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.git import git
from tests.helpers.hooks import HookGate
from tests.helpers.ui import (
    loaded,
    notices,
    run_async,
    saved_meanwhile,
    settle,
    static_text,
    until,
    validated,
)

SIZE = (120, 40)


SAVED_CONTENT_STUDIO = "accounts: set department of blog-la-despensa to Content studio"
"""The commit of the department change most tests here make."""


def on_screen(app: SmgovApp) -> str:
    """The text of the whole screen as a person sees it."""
    return app.export_screenshot().replace("&#160;", " ")


def accounts_list(app: SmgovApp) -> RecordList:
    return app.screen.query_one("#section-accounts", RecordList)


async def pick(pilot: object, app: SmgovApp, record_id: str) -> None:
    table = accounts_list(app).table
    table.move_cursor(table.get_row_index(f"accounts:{record_id}"))


@run_async
async def test_edit_saves_one_commit_and_refreshes_the_list(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pick(pilot, app, "blog-la-despensa")
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        assert (screen.kind, screen.record_id) == (k.ACCOUNTS, "blog-la-despensa")
        field = screen.collect()[1]["department"].query_one(Input)
        field.focus()
        field.value = ""
        await pilot.press(*"Content")
        await validated(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        row = accounts_list(app).table
        cells = row.get_row_at(row.get_row_index("accounts:blog-la-despensa"))
        assert cells[2].plain == "Content"
        messages = [str(n.message) for n in notices(app)]
        assert "Saved: accounts: set department of blog-la-despensa to Content" in messages
    assert git(ws, "log", "-1", "--format=%an <%ae>|%s").strip() == (
        "Test Author <test@example.org>|accounts: set department of blog-la-despensa to Content"
    )


@run_async
async def test_keys_open_the_right_form_or_modal(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pick(pilot, app, "x-olmedo")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen) and app.screen.creating
        assert app.screen.kind is k.ACCOUNTS
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen) and app.screen.copy_from == "x-olmedo"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RenameModal)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DeleteModal)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("2", "n")  # a new owner from the Owners section
        await settle(pilot)
        assert isinstance(app.screen, EditScreen) and app.screen.kind is k.OWNERS


@run_async
async def test_record_history_diff_and_revert(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await saved_meanwhile(pilot, k.ACCOUNTS, "x-olmedo", {"department": "Press office"})
        app.open_record(k.ACCOUNTS, "x-olmedo")
        await settle(pilot)
        assert "Press office" in on_screen(app)  # shown
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        view = app.screen.query_one(HistoryView)
        assert view.table.row_count == 2
        first = view.table.get_row_at(0)
        assert first[2].plain == "accounts: set department of x-olmedo to Press office"
        assert first[1].plain == "Test Author"
        diff = view.query_one(".diff", Static).render()
        assert isinstance(diff, (Text, Content))
        assert '+department = "Press office"' in diff.plain
        added = next(
            span
            for span in diff.spans
            if diff.plain[span.start : span.end] == '+department = "Press office"'
        )
        assert added.style  # coloured
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert view.table.row_count == 3
        assert view.table.get_row_at(0)[2].plain.startswith('Revert "accounts: set department')
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        # what the detail shows (a Static holding a rich Table has no plain text to read)
        assert "Press office" not in on_screen(app)
    log = git(ws, "log", "-1", "--format=%an <%ae>|%s").strip()
    assert log.startswith(
        'Test Author <test@example.org>|Revert "accounts: set department of x-olmedo'
    )
    assert "Press office" not in (ws / "accounts/x-olmedo.toml").read_text(encoding="utf-8")


@run_async
async def test_the_diff_on_screen_follows_the_theme_the_user_picks(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.theme = "textual-dark"
        await saved_meanwhile(pilot, k.ACCOUNTS, "x-olmedo", {"department": "Press office"})
        app.open_record(k.ACCOUNTS, "x-olmedo")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        view = app.screen.query_one(HistoryView)

        def added_colour() -> Any:
            diff = view.query_one(".diff", Static).render()
            assert isinstance(diff, (Text, Content))
            line = '+department = "Press office"'
            span = next(s for s in diff.spans if diff.plain[s.start : s.end] == line)
            return Style.parse(str(span.style)).color.triplet  # type: ignore[union-attr]

        def success() -> Any:
            return Style.parse(app.theme_variables["text-success"]).color.triplet  # type: ignore[union-attr]

        dark = added_colour()
        assert dark == success()
        app.theme = "textual-light"
        await settle(pilot)
        assert added_colour() != dark
        assert added_colour() == success()


@run_async
async def test_workspace_history_section_and_cancelled_revert(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("7")
        await settle(pilot)
        view = app.screen.query_one("#section-history", HistoryView)
        count = int(git(ws, "rev-list", "--count", "HEAD"))
        assert view.table.row_count == count
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await settle(pilot)
        assert view.table.row_count == count
    assert int(git(ws, "rev-list", "--count", "HEAD")) == count


@run_async
async def test_after_duplicate_and_save_the_copy_is_shown(ws: Path) -> None:
    from smgov_tui.ui.screens.record import RecordScreen

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pick(pilot, app, "x-olmedo")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == "x-olmedo"
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen) and form.copy_from == "x-olmedo"
        new_id = form.current_id()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.record_id == new_id != "x-olmedo"
        # leaving the copy goes back to the list, not to a stale original
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert (ws / f"accounts/{new_id}.toml").is_file()


@run_async
async def test_record_history_down_twice_reverts_the_third_commit(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await saved_meanwhile(
            pilot,
            k.ACCOUNTS,
            "x-olmedo",
            {"department": "Press A"},
            {"notes": "B"},
            {"handle": "@olmedo_c"},
        )
        app.open_record(k.ACCOUNTS, "x-olmedo")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        view = app.screen.query_one(HistoryView)
        assert view.table.row_count == 4
        assert app.focused is view.table
        third = view.commits[str(view.table.coordinate_to_cell_key((2, 0)).row_key.value)]
        await pilot.press("down", "down")
        await settle(pilot)
        assert view.current_sha == third.sha
        diff = view.query_one(".diff", Static).render()
        assert isinstance(diff, (Text, Content))
        assert third.subject in diff.plain
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        message = static_text(app.screen.query_one("#confirm-message", Static))
        assert f'"{third.subject}" by {third.author}' in message
        assert third.date[:10] in message and third.sha[:10] in message
        await pilot.press("y")
        await settle(pilot)
    subject = git(ws, "log", "-1", "--format=%s").strip()
    assert third.subject == "accounts: set department of x-olmedo to Press A"
    assert subject == f'Revert "{third.subject}"'


@run_async
async def test_history_section_shows_the_apps_own_commits(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("7")
        await settle(pilot)
        view = app.screen.query_one("#section-history", HistoryView)
        before = view.table.row_count
        await pilot.press("1")
        store = app.store
        assert store is not None
        entry = store.data.entry(k.ACCOUNTS, "x-olmedo")
        assert entry is not None
        values = {**entry.raw, "department": "Press"}
        result = store.save(k.ACCOUNTS, "x-olmedo", values, entry.text)
        app.form_closed(result)
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert view.table.row_count == before + 1
        assert view.table.get_row_at(0)[2].plain == result.message


@run_async
async def test_after_a_save_the_record_shows_the_new_value_before_the_checks_finish(
    ws: Path,
) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        record = await open_form_with_department(pilot, app, "Content studio")
        assert record.detail is not None
        assert "Content studio" not in " ".join(str(value) for _l, value in record.detail.fields)
        # On a workspace of thousands of records the lists and checks are rebuilt for a second
        # or more after a save; here they are not rebuilt at all, and the detail must not wait.
        app.refresh_data = lambda: None  # type: ignore[method-assign]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is record
        assert git(ws, "log", "-1", "--format=%s").strip() == SAVED_CONTENT_STUDIO
        assert "Content studio" in on_screen(app)


def pre_commit_hook(ws: Path, script: str) -> None:
    """A real pre-commit hook in the workspace's repository."""
    hook = ws / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    hook.chmod(0o755)


async def open_form_with_department(
    pilot: Any, app: SmgovApp, value: str, field: str = "department"
) -> RecordScreen:
    """Open blog-la-despensa, then its form, and type ``value`` as its department (or
    ``field``)."""
    await loaded(pilot)
    await pick(pilot, app, "blog-la-despensa")
    await pilot.press("enter")
    await settle(pilot)
    record = app.screen
    assert isinstance(record, RecordScreen)
    await pilot.press("e")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, EditScreen)
    form.collect()[1][field].query_one(Input).value = value
    await validated(pilot)
    return record


def messages(app: SmgovApp) -> list[str]:
    """What the app has said, oldest first."""
    return [str(n.message) for n in notices(app)]


@run_async
async def test_an_edit_shows_the_record_while_git_commits_and_says_saved_once_it_has(
    ws: Path, tmp_path: Path
) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        record = await open_form_with_department(pilot, app, "Content studio")
        head = git(ws, "rev-parse", "HEAD")
        with HookGate(ws, "pre-commit", tmp_path) as gate:
            await pilot.press("ctrl+s")
            # The form closes as soon as the file is written, while git runs the hook.
            await until(pilot, lambda: app.screen is record, "the record, back on screen")
            await until(pilot, gate.has_started, "git to run the pre-commit hook")
            assert git(ws, "rev-parse", "HEAD") == head  # git is still running the hook
            written = (ws / "accounts/blog-la-despensa.toml").read_text()
            assert 'department = "Content studio"' in written
            assert "Content studio" in on_screen(app)
            # The hook takes a while: the person is told, again and again, it is being saved.
            await until(
                pilot,
                lambda: messages(app).count("Saving...") >= 2,
                "a long commit to be said to be saving all along",
            )
            assert not any(n.startswith("Saved:") for n in messages(app))
            gate.release()
        await settle(pilot)
        assert "Saved: accounts: set department of blog-la-despensa to Content studio" in (
            messages(app)
        )
        assert app.screen is record
    assert git(ws, "log", "-1", "--format=%an|%s").strip() == (
        "Test Author|accounts: set department of blog-la-despensa to Content studio"
    )
    assert git(ws, "status", "--porcelain") == ""


@run_async
async def test_when_git_refuses_an_edits_commit_the_form_comes_back_with_the_values(
    ws: Path,
) -> None:
    before = (ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8")
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        record = await open_form_with_department(pilot, app, "Content studio")
        head = git(ws, "rev-parse", "HEAD")
        pre_commit_hook(ws, "echo 'commits are frozen today' >&2; exit 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen) and form.record_id == "blog-la-despensa"
        assert form.collect()[1]["department"].query_one(Input).value == "Content studio"
        banner = static_text(form.query_one("#form-banner", Static))
        assert "commits are frozen today" in banner
        assert any("commits are frozen today" in n for n in messages(app))
        assert not any(n.startswith("Saved:") for n in messages(app))
        # Nothing was kept: not the file, not a commit, not what the app shows.
        assert git(ws, "rev-parse", "HEAD") == head
        assert (ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8") == before
        assert git(ws, "status", "--porcelain") == ""
        assert app.store is not None
        entry = app.store.data.entry(k.ACCOUNTS, "blog-la-despensa")
        assert entry is not None and entry.raw.get("department") != "Content studio"
        # The hook is fixed: the same form saves.
        (ws / ".git" / "hooks" / "pre-commit").unlink()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is record
        assert "Content studio" in on_screen(app)
    assert git(ws, "log", "-1", "--format=%s").strip() == SAVED_CONTENT_STUDIO


@run_async
async def test_leaving_the_form_that_came_back_asks_before_losing_the_values(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await open_form_with_department(pilot, app, "Content studio")
        pre_commit_hook(ws, "exit 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)


def test_quitting_while_git_commits_a_closed_form_still_makes_the_commit(
    ws: Path, tmp_path: Path
) -> None:
    async def session() -> None:
        app = SmgovApp(ws)
        async with app.run_test(size=SIZE) as pilot:
            record = await open_form_with_department(pilot, app, "Content studio")
            with HookGate(ws, "pre-commit", tmp_path) as gate:
                await pilot.press("ctrl+s")
                await until(pilot, lambda: app.screen is record, "the record, back on screen")
                await until(pilot, gate.has_started, "git to run the pre-commit hook")
                await pilot.press("q")  # nothing unsaved is on screen: the app quits at once
                gate.release()  # git finishes its commit while the app shuts down

    head = git(ws, "rev-parse", "HEAD")
    asyncio.run(session())
    assert git(ws, "rev-parse", "HEAD") != head
    assert git(ws, "log", "-1", "--format=%s").strip() == SAVED_CONTENT_STUDIO
    assert git(ws, "status", "--porcelain") == ""


@run_async
async def test_a_save_updates_the_shown_record_in_place(ws: Path) -> None:
    """The same widgets show the new values (no flicker, the focused row and the scroll stay);
    a changed block, the people in charge, is filled again in its own table."""
    from textual.widgets import Select

    from smgov_tui.ui.screens.record import LinkTable

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        # A field whose new value brings no finding (a finding adds a block above the fields).
        record = await open_form_with_department(
            pilot, app, "3 articles per week", field="posting_frequency"
        )
        fields = record.query_one(".record-fields", Static)
        people = record.query_one(LinkTable)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is record
        assert record.query_one(".record-fields", Static) is fields
        assert "3 articles per week" in on_screen(app)
        assert record.query_one(LinkTable) is people

        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen)
        form.collect()[1]["owner"].query_one(Select).value = "raul-santos"
        form.collect()[1]["backup_owner"].query_one(Select).value = "javier-moreno"
        await validated(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is record and record.query_one(LinkTable) is people
        owner_row = [cell.plain for cell in people.get_row_at(0)]
        assert "Raúl Santos" in " ".join(owner_row)
    assert git(ws, "log", "-1", "--format=%s").strip() == (
        "accounts: update blog-la-despensa (backup_owner, owner)"
    )


@run_async
async def test_after_a_save_that_rebuilds_the_record_enter_still_follows_its_first_link(
    ws: Path,
) -> None:
    """The new department brings a finding, so the record is built again: its first link
    table takes the keys, as when the record opened (it used to be a table being removed)."""
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        record = await open_form_with_department(pilot, app, "Content studio")
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: (
                app.screen is record and record.detail is not None and bool(record.detail.problems)
            ),
            "the record, rebuilt with its finding",
        )
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        owner = app.screen
        assert isinstance(owner, RecordScreen) and owner is not record
        assert (owner.kind, owner.record_id) == (k.OWNERS, "javier-moreno")
