"""Fixes found by trying the app as a user: each test failed before its fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select

from smgov_tui.core import kinds as k
from smgov_tui.core.slug import is_slug
from smgov_tui.store.errors import ValidationFailed
from smgov_tui.store.store import SaveResult, Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.present.copy_names import copy_id, copy_name
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.screens.main import MainScreen
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.forms import FormApp
from tests.helpers.git import git
from tests.helpers.ui import loaded, notices, run_async, settle, validated


def _many_accounts(count: int) -> dict[str, str | None]:
    """``count`` accounts, half sorting before ``mastodon-...`` ids and half after."""
    files: dict[str, str | None] = {}
    for n in range(count):
        prefix = "aa" if n % 2 else "zz"
        files[f"accounts/{prefix}-{n:05d}.toml"] = (
            f'network = "instagram"\nhandle = "@{prefix}{n}"\nowner = "ana-ruiz"\n'
            'backup_owner = "luis-gomez"\n'
        )
    return files


MINI_OWNERS = ("ana-ruiz", "luis-gomez")


async def _create_account(
    pilot: Pilot[None], app: SmgovApp, handle: str, owners: tuple[str, str] = MINI_OWNERS
) -> None:
    """Press n in the Accounts list, fill the form and save it."""
    await pilot.press("n")
    await settle(pilot)
    form = app.screen
    assert isinstance(form, EditScreen)
    fields = form.collect()[1]
    fields["network"].query_one(Select).value = "mastodon"
    fields["handle"].query_one(Input).value = handle
    fields["owner"].query_one(Select).value = owners[0]
    fields["backup_owner"].query_one(Select).value = owners[1]
    await validated(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


@run_async
async def test_a_new_record_is_the_cursor_row_and_visible(
    make_ws: Callable[..., Path],
) -> None:
    # ~200 rows above it: far below the 80x24 window (asserted), without loading 5,000 files
    root = make_ws(_many_accounts(400))
    app = SmgovApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        view = main.current_view
        assert isinstance(view, RecordList) and view.section_id == "accounts"
        await _create_account(pilot, app, "@mid")
        assert app.screen is main
        table = view.table
        assert table.current_key == "accounts:mastodon-mid"
        index = table.cursor_row
        visible = table.scrollable_content_region.height - 1  # the header line
        assert index > visible, "the new row must be far from the top for this test to mean much"
        top = int(table.scroll_y)
        assert top <= index < top + visible


@run_async
async def test_a_filter_that_would_hide_the_new_record_is_cleared(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        view = main.current_view
        assert isinstance(view, RecordList)
        await pilot.press("slash", *"despensa", "enter")  # enter: back to the list
        await settle(pilot)
        assert app.store is not None
        total = len(app.store.data.entries["accounts"])
        assert 0 < view.table.row_count < total
        await _create_account(pilot, app, "@new", ("ana-ruiz", "raul-santos"))
        assert app.screen is main
        assert view.table.current_key == "accounts:mastodon-new"
        assert view.query_one(".filter", Input).value == ""
        assert view.table.row_count == total + 1


def said_since(app: App[Any], count: int) -> list[str]:
    """What ``app`` has said after its first ``count`` notifications."""
    return [str(n.message) for n in notices(app)[count:]]


@run_async
async def test_a_clean_merge_on_save_is_announced_once(ws: Path, store: Store) -> None:
    path = ws / "accounts/blog-la-despensa.toml"
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        screen.collect()[1]["department"].query_one(Input).value = "Mine"
        path.write_text(
            path.read_text(encoding="utf-8").replace("2 articles per week", "EDITED ON DISK"),
            encoding="utf-8",
        )
        await validated(pilot)
        before = len(notices(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen) and form is not screen  # reopened on the merge
        notes = said_since(app, before)
        assert len(notes) == 1, notes
        assert "merged" in notes[0] and "ctrl+s" in notes[0]


@run_async
async def test_the_disk_watcher_does_not_repeat_a_merge_the_form_announced(ws: Path) -> None:
    path = ws / "accounts/blog-la-despensa.toml"
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.store is not None
        assert app.syncer.timer is not None
        app.syncer.timer.stop()  # the test plays the watcher, at the moments it chooses
        app.syncer.check_disk(app.store)  # its first look
        app.edit_record(k.ACCOUNTS, "blog-la-despensa")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        screen.collect()[1]["department"].query_one(Input).value = "Mine"
        path.write_text(
            path.read_text(encoding="utf-8").replace("2 articles per week", "EDITED ON DISK"),
            encoding="utf-8",
        )
        await validated(pilot)
        before = len(notices(app))
        # saved before the watcher's next look: the form merges and says so
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen) and form is not screen
        # the watcher then sees the same change: nothing new to say about it
        assert app.syncer.check_disk(app.store) == ["accounts/blog-la-despensa.toml"]
        await settle(pilot)
        notes = said_since(app, before)
        assert len(notes) == 1, notes
        assert app.screen is form


# --- duplicate: "X (copy)" as x-copy, then x-copy-2 -------------------------------------------


def test_copy_ids_are_numbered_not_copied_twice() -> None:
    assert copy_id("ana-ruiz", {"ana-ruiz"}) == "ana-ruiz-copy"
    assert copy_id("ana-ruiz", {"ana-ruiz", "ana-ruiz-copy"}) == "ana-ruiz-copy-2"
    assert copy_id("ana-ruiz-copy", {"ana-ruiz", "ana-ruiz-copy"}) == "ana-ruiz-copy-2"
    taken = {"ana-ruiz", "ana-ruiz-copy", "ana-ruiz-copy-2"}
    assert copy_id("ana-ruiz-copy-2", taken) == "ana-ruiz-copy-3"
    long_id = "a" * 30 + "-" + "b" * 33  # 64 characters, the longest id
    made = copy_id(long_id, {long_id})
    assert is_slug(made) and made.endswith("-copy")
    assert is_slug(copy_id(long_id, {long_id, made}))


def test_copy_names_are_numbered_not_copied_twice() -> None:
    assert copy_name("Ana Ruiz", {"Ana Ruiz"}) == "Ana Ruiz (copy)"
    assert copy_name("Ana Ruiz", {"Ana Ruiz", "Ana Ruiz (copy)"}) == "Ana Ruiz (copy 2)"
    assert copy_name("Ana Ruiz (copy)", {"Ana Ruiz", "Ana Ruiz (copy)"}) == "Ana Ruiz (copy 2)"
    assert copy_name("[bold]x[/] (copy 2)", set()) == "[bold]x[/] (copy)"


@run_async
async def test_duplicate_marks_the_name_keeps_comments_and_numbers_a_copy_of_a_copy(
    ws: Path, store: Store
) -> None:
    source = (ws / "owners/ana-ruiz.toml").read_text(encoding="utf-8")
    name = store.data.owners["ana-ruiz"].name
    app = FormApp(store, EditScreen(store, k.OWNERS, None, copy_from="ana-ruiz"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        assert screen.current_id() == "ana-ruiz-copy"
        assert screen.collect()[1]["name"].query_one(Input).value == f"{name} (copy)"
        await validated(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert app.results and isinstance(app.results[-1], SaveResult)
    assert app.results[-1].committed
    copied = (ws / "owners/ana-ruiz-copy.toml").read_text(encoding="utf-8")
    assert copied == source.replace(f'name = "{name}"', f'name = "{name} (copy)"')
    assert git(ws, "log", "-1", "--format=%an|%s").strip() == (
        "Test Author|owners: add ana-ruiz-copy as a copy of ana-ruiz"
    )

    store.load()
    app = FormApp(store, EditScreen(store, k.OWNERS, None, copy_from="ana-ruiz-copy"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        assert screen.current_id() == "ana-ruiz-copy-2"
        assert screen.collect()[1]["name"].query_one(Input).value == f"{name} (copy 2)"


def test_a_copy_with_invalid_values_is_not_written(ws: Path, store: Store) -> None:
    values = {**store.data.entries["owners"]["ana-ruiz"].raw, "trained_on": "yesterday"}
    before = git(ws, "rev-parse", "HEAD")
    with pytest.raises(ValidationFailed):
        store.duplicate(k.OWNERS, "ana-ruiz", "ana-ruiz-copy", values)
    assert not (ws / "owners/ana-ruiz-copy.toml").exists()
    assert git(ws, "rev-parse", "HEAD") == before
