"""Rename, delete and confirm modals, user text shown literally, and snapshots of the forms."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, SelectionList, Static

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.modals.delete import DeleteModal
from smgov_tui.ui.modals.rename import RenameModal
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.fields import ItemHeader, ItemsEditor
from tests.helpers.editing import (
    SIZE,
    changed_lines,
    commits,
    editing,
    editor,
    head,
    problems_of,
    result_of,
    settle,
)
from tests.helpers.forms import FormApp, sync
from tests.helpers.git import git

# --- rename --------------------------------------------------------------------------------


@sync
async def test_rename_owner_updates_accounts_in_one_commit(ws: Path, store: Store) -> None:
    references = store.data.references_to(k.OWNERS, "ana-ruiz")
    files = sorted({path for path, _field in references})
    assert files, "the sample has accounts owned by ana-ruiz"
    before = commits(ws)
    app = FormApp(store, RenameModal(store, k.OWNERS, "ana-ruiz"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#rename-references", Static).render())
        assert len(files) > 1 and f"{len(files)} other files name it" in shown
        field = app.screen.query_one("#rename-input", Input)
        field.value = "Ana Ruiz Beltran!"  # what a person types first
        await settle(pilot)
        preview = str(app.screen.query_one("#rename-preview", Static).render())
        assert "New id: ana-ruiz-beltran (file owners/ana-ruiz-beltran.toml)" in preview
        assert not app.results
        await pilot.press("enter")
        await settle(pilot)
    result = result_of(app)
    assert result.committed
    assert commits(ws) == before + 1
    assert head(ws) == (
        "Test Author",
        f"owners: rename ana-ruiz to ana-ruiz-beltran ({len(files)} references updated)",
    )
    assert not (ws / "owners/ana-ruiz.toml").exists()
    assert (ws / "owners/ana-ruiz-beltran.toml").is_file()
    touched = git(ws, "show", "--name-only", "--format=", "HEAD").split()
    assert set(files) <= set(touched)
    for path in files:
        text = (ws / path).read_text(encoding="utf-8")
        assert '"ana-ruiz"' not in text and '"ana-ruiz-beltran"' in text
        assert text.startswith("#:schema")  # comments survive


@sync
async def test_rename_refuses_bad_and_taken_ids(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, RenameModal(store, k.OWNERS, "ana-ruiz"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        modal = app.screen
        modal.query_one("#rename-input", Input).value = "raul-santos"
        await pilot.press("enter")
        await settle(pilot)
        assert "already used" in str(modal.query_one("#rename-error", Static).render())
        modal.query_one("#rename-input", Input).value = "!!!"
        await pilot.press("enter")
        await settle(pilot)
        assert "an id is needed" in str(modal.query_one("#rename-error", Static).render())
        assert "New id: (none yet)" in str(modal.query_one("#rename-preview", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
    assert commits(ws) == before


# --- delete --------------------------------------------------------------------------------


@sync
async def test_delete_refused_for_a_referenced_owner(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, DeleteModal(store, k.OWNERS, "ana-ruiz"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        modal = app.screen
        message = str(modal.query_one("#delete-message", Static).render())
        assert "Choose who takes them over" in message  # or Cancel: nothing changes
        listed = str(modal.query_one("#delete-references Static", Static).render())
        # each file that names her, with the field as the form labels it
        for path, field in store.data.references_to(k.OWNERS, "ana-ruiz"):
            label = {
                "owner": "Owner",
                "backup_owner": "Backup owner",
                "plan.evangelists": "Plan ownership: Evangelists",
            }[field]
            assert f"{path}  ({label})" in listed
        assert "(backup_owner)" not in listed
        assert not modal.query("#delete-ok")
        await pilot.press("enter")  # the focused button is Cancel
        await pilot.pause()
        assert app.results == [None]
    assert commits(ws) == before
    assert (ws / "owners/ana-ruiz.toml").is_file()


@sync
async def test_delete_unreferenced_record(ws: Path, store: Store) -> None:
    assert not store.data.references_to(k.ACCOUNTS, "blog-la-despensa")
    app = FormApp(store, DeleteModal(store, k.ACCOUNTS, "blog-la-despensa"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#delete-ok")
        await settle(pilot)
    assert result_of(app).committed
    assert not (ws / "accounts/blog-la-despensa.toml").exists()
    assert head(ws) == ("Test Author", "accounts: delete blog-la-despensa")


@sync
async def test_delete_playbook_named_by_incidents_warns_then_forces(ws: Path, store: Store) -> None:
    references = store.data.references_to(k.PLAYBOOKS, "hacked-account")
    assert references
    app = FormApp(store, DeleteModal(store, k.PLAYBOOKS, "hacked-account"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        modal = app.screen
        assert "Delete anyway?" in str(modal.query_one("#delete-message", Static).render())
        assert str(modal.query_one("#delete-ok", Button).label) == "Delete anyway"
        await pilot.click("#delete-ok")
        await settle(pilot)
    assert result_of(app).committed
    assert not (ws / "protocols/crisis/hacked-account.toml").exists()
    assert head(ws)[1] == "playbooks: delete hacked-account"
    for path, _field in references:
        assert (ws / path).is_file()  # incidents keep their history


@sync
async def test_delete_with_escape_does_nothing(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, DeleteModal(store, k.ACCOUNTS, "blog-la-despensa"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
    assert commits(ws) == before


@sync
async def test_delete_failure_shows_the_error_and_the_dialog_stays(ws: Path, store: Store) -> None:
    app = FormApp(store, DeleteModal(store, k.ACCOUNTS, "blog-la-despensa"))
    path = ws / "accounts/blog-la-despensa.toml"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        modal = app.screen
        error = modal.query_one("#delete-error", Static)
        assert not error.has_class("-shown")
        path.write_text(path.read_text(encoding="utf-8") + "# [bold]edited[/] elsewhere\n")
        before = commits(ws)
        await pilot.click("#delete-ok")
        await settle(pilot)
        assert app.screen is modal and app.results == []
        assert error.has_class("-shown") and "changed on disk" in str(error.render())
        await pilot.click("#delete-cancel")
        await pilot.pause()
        assert app.results == [None]
    assert commits(ws) == before
    assert path.is_file()


@sync
async def test_confirm_modal_answers(store: Store) -> None:
    app = FormApp(store, ConfirmModal("Revert?", "[bold]x[/] stays as typed"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#confirm-message", Static).render())
        assert shown == "[bold]x[/] stays as typed"
        await pilot.press("enter")  # No is focused
        await pilot.pause()
    assert app.results == [False]
    app = FormApp(store, ConfirmModal("Revert?", "sure?"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
    assert app.results == [True]


# --- user text is data ---------------------------------------------------------------------

NASTY = {
    "bold": "[bold]x",
    "close": "[/]",
    "link": '[link="file:///etc/passwd"]x[/link]',
    "click": "[@click=app.quit]x[/]",
}


def _nasty_ws(ws: Path) -> None:
    owner = ws / "owners/ana-ruiz.toml"
    owner.write_text(
        owner.read_text(encoding="utf-8").replace(
            'name = "Ana Ruiz Beltrán"', f"name = '{NASTY['click']}'"
        ),
        encoding="utf-8",
    )
    contact = ws / "contacts/seguridad-it.toml"
    text = contact.read_text(encoding="utf-8")
    name_line = next(line for line in text.splitlines() if line.startswith("name = "))
    contact.write_text(text.replace(name_line, f"name = '{NASTY['link']}'"), encoding="utf-8")
    account = ws / "accounts/blog-la-despensa.toml"
    account.write_text(
        account.read_text(encoding="utf-8").replace(
            'handle = "La Despensa de Olmedo"', f"handle = '{NASTY['bold']}'"
        ),
        encoding="utf-8",
    )
    git(ws, "commit", "-qam", "nasty names")


@sync
async def test_user_text_is_shown_literally(ws: Path) -> None:
    _nasty_ws(ws)
    store = Store.open(ws)
    store.load()
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        assert editor(screen, "handle").query_one(Input).value == NASTY["bold"]
        owner = editor(screen, "backup_owner").query_one(Select)
        owner.value = "ana-ruiz"
        await settle(pilot)
        current = str(owner.query_one("SelectCurrent").query_one("#label", Static).render())
        assert current == f"{NASTY['click']} (ana-ruiz)"
        # an unknown owner id typed by hand is shown literally in the problem text
        assert app.is_running
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, "hacked-account"))
    async with editing(app) as (pilot, screen):
        steps = editor(screen, "steps")
        assert isinstance(steps, ItemsEditor)
        await steps.boxes()[0].open_item()
        await settle(pilot)
        contacts = editor(screen, "steps.0.contacts").query_one(SelectionList)
        prompts = [
            str(contacts.get_option_at_index(i).prompt) for i in range(contacts.option_count)
        ]
        assert f"{NASTY['link']} (seguridad-it)" in prompts
        editor(screen, "steps.0.title").query_one(Input).value = NASTY["close"] + NASTY["click"]
        await settle(pilot)
        heading = str(steps.boxes()[0].query_one(ItemHeader).render())
        assert heading == f"v Step 1: {NASTY['close']}{NASTY['click']}"
        await pilot.press("ctrl+s")
        await settle(pilot)
    raw = tomllib.loads((ws / "protocols/crisis/hacked-account.toml").read_text(encoding="utf-8"))
    assert raw["steps"][0]["title"] == NASTY["close"] + NASTY["click"]
    assert changed_lines(ws)[1] == f'+title = "{NASTY["close"]}{NASTY["click"]}"'


@sync
async def test_problem_messages_are_data(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.OWNERS, "ana-ruiz"))
    async with editing(app) as (pilot, screen):
        editor(screen, "phone").query_one(Input).value = NASTY["link"]
        await settle(pilot)
        shown = problems_of(editor(screen, "phone"))
        assert f'"{NASTY["link"]}" must start with +' in shown


# --- snapshots -----------------------------------------------------------------------------


async def _settled(pilot: Pilot[Any]) -> None:
    """Settle, then stop cursors blinking so the picture does not depend on timing."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


def test_snapshot_account_form(store: Store, snap_compare: Any) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settled)


def test_snapshot_account_form_small(store: Store, snap_compare: Any) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)


def test_snapshot_owner_form(store: Store, snap_compare: Any) -> None:
    app = FormApp(store, EditScreen(store, k.OWNERS, "ana-ruiz"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settled)


def test_snapshot_new_owner_with_errors(store: Store, snap_compare: Any) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.click("#id-choose")
        await pilot.press(*"ana-ruiz")
        await _settled(pilot)

    app = FormApp(store, EditScreen(store, k.OWNERS, None))
    assert snap_compare(app, terminal_size=(120, 40), run_before=typed)


def test_snapshot_playbook_form(store: Store, snap_compare: Any) -> None:
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, "hacked-account"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settled)


def test_snapshot_rename_modal(store: Store, snap_compare: Any) -> None:
    app = FormApp(store, RenameModal(store, k.OWNERS, "ana-ruiz"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settled)


def test_snapshot_delete_modal_refused(store: Store, snap_compare: Any) -> None:
    app = FormApp(store, DeleteModal(store, k.OWNERS, "ana-ruiz"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settled)


def test_snapshot_delete_modal_warning(store: Store, snap_compare: Any) -> None:
    app = FormApp(store, DeleteModal(store, k.PLAYBOOKS, "hacked-account"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_settled)


def test_confirm_modal_left_right_move_between_answers() -> None:
    from textual.app import App

    results: list[bool | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ConfirmModal("Discard your changes?", "Sure?"), results.append)

    async def run() -> None:
        app = Host()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            focused = app.focused
            assert isinstance(focused, Button) and focused.id == "confirm-no"
            assert "(n)" in str(focused.label)
            await pilot.press("left")
            assert app.focused is not None and app.focused.id == "confirm-yes"
            await pilot.press("right")
            assert app.focused is not None and app.focused.id == "confirm-no"
            await pilot.press("left", "enter")
            await pilot.pause()
        assert results == [True]

    asyncio.run(run())
