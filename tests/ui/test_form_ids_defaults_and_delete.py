"""Forms as a person meets them: a derived id shown as derived (typed only by choice), the
cursor on the first field a person fills, a default shown as what the list says and written
into a new file, "reassign all to..." on a refused delete, and no delete for an incident."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Button, Input, Select, Static

from smgov_tui.core import kinds as k
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.modals.delete import DeleteModal
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.screens.record import RecordScreen
from tests.helpers.editing import (
    SIZE,
    changed_lines,
    commits,
    editing,
    editor,
    head,
    result_of,
    save,
    settle,
)
from tests.helpers.forms import FormApp, sync
from tests.helpers.git import git
from tests.helpers.ui import loaded, notices, static_text
from tests.helpers.ui import settle as settle_app


@sync
async def test_a_new_account_s_id_is_shown_as_made_from_network_and_handle(
    ws: Path, store: Store
) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, None))
    async with editing(app) as (pilot, screen):
        # the cursor starts where a person starts: the network the id is made from
        assert app.focused is editor(screen, "network").query_one(Select)
        id_input = screen.query_one("#id-input", Input)
        assert id_input.disabled and not id_input.focusable
        hint = static_text(screen.query_one("#field-id .id-hint", Static))
        assert hint == "Made from Network and Handle."
        editor(screen, "network").query_one(Select).value = "mastodon"
        editor(screen, "handle").query_one(Input).value = "@olmedo@mastodon.social"
        await settle(pilot)
        assert id_input.value == "mastodon-olmedo-mastodon-social"
        # choosing one's own: the id takes what is typed and stops following the fields
        await pilot.click("#id-choose")
        assert app.focused is id_input and not id_input.disabled
        hint = static_text(screen.query_one("#field-id .id-hint", Static))
        assert hint == "Your own id: it no longer follows Network and Handle."
        id_input.value = ""
        await pilot.press(*"Mastodon")  # upper case is shown, and named as the problem
        await settle(pilot)
        assert id_input.value == "Mastodon"
        problems = static_text(screen.query_one("#field-id .field-problems", Static))
        assert "is not an id" in problems
        id_input.value = ""
        await pilot.press(*"mastodon-tienda")
        editor(screen, "handle").query_one(Input).value = "@tienda@mastodon.social"
        editor(screen, "owner").query_one(Select).value = "ana-ruiz"
        editor(screen, "backup_owner").query_one(Select).value = "javier-moreno"
        await settle(pilot)
        assert id_input.value == "mastodon-tienda"
        await save(pilot)
    assert result_of(app).committed
    assert head(ws) == ("Test Author", "accounts: add mastodon-tienda")
    text = (ws / "accounts" / "mastodon-tienda.toml").read_text(encoding="utf-8")
    sample = (ws / "accounts" / "instagram-olmedo.toml").read_text(encoding="utf-8")
    # the sample's explanatory comments, and the status the form showed, as in the sample
    assert text.split("\n\n")[0] == sample.split("\n\n")[0]
    assert tomllib.loads(text)["status"] == "active"


@sync
async def test_the_cursor_starts_on_the_name_a_new_owner_s_id_is_made_from(
    ws: Path, store: Store
) -> None:
    for kind, first in ((k.OWNERS, "name"), (k.CONTACTS, "name"), (k.PLAYBOOKS, "title")):
        app = FormApp(store, EditScreen(store, kind, None))
        async with editing(app) as (pilot, screen):
            assert app.focused is editor(screen, first).query_one(Input), kind.name
            editor(screen, first).query_one(Input).value = "Nuria Peña"
            await settle(pilot)
            assert screen.query_one("#id-input", Input).value == "nuria-pena"


@sync
async def test_a_status_left_out_is_shown_as_the_list_shows_it_and_not_written(
    ws: Path, store: Store
) -> None:
    path = ws / "accounts" / "x-olmedo.toml"
    path.write_text(
        "\n".join(
            line
            for line in path.read_text(encoding="utf-8").split("\n")
            if not line.startswith("status =")
        ),
        encoding="utf-8",
    )
    git(ws, "commit", "-qam", "status left out")
    store.load()
    assert store.data.accounts["x-olmedo"].status == "active"  # what the list and detail say
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "x-olmedo"))
    async with editing(app) as (pilot, screen):
        status = editor(screen, "status").query_one(Select)
        assert status.value == "active"  # never "(none)"
        editor(screen, "department").query_one(Input).value = "Atención al cliente"
        await save(pilot)
    assert result_of(app).committed
    # the default stays left out of a file that left it out: only the edited line changes
    assert [line for line in changed_lines(ws) if "status" in line] == []


@sync
async def test_delete_of_a_referenced_owner_offers_reassign_all_in_one_commit(
    ws: Path, store: Store
) -> None:
    old = "carlos-vidal"
    references = store.data.references_to(k.OWNERS, old)
    assert references, "the sample names carlos-vidal"
    shared = {
        p
        for a in store.data.accounts.values()
        if old in (a.owner, a.backup_owner)
        for p in (a.owner, a.backup_owner)
    }
    target = next(o for o in store.data.ids(k.OWNERS) if o not in shared)
    before = commits(ws)
    app = FormApp(store, DeleteModal(store, k.OWNERS, old))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = static_text(app.screen.query_one("#delete-message", Static))
        assert "Choose who takes them over" in message
        assert app.screen.query_one("#delete-reassign-ok", Button).disabled
        app.screen.query_one("#delete-reassign", Select).value = target
        await settle(pilot)
        await pilot.click("#delete-reassign-ok")
        await settle(pilot)
    assert result_of(app).committed
    assert commits(ws) == before + 1
    files = {path for path, _field in references}
    records = "1 record" if len(files) == 1 else f"{len(files)} records"
    assert head(ws) == ("Test Author", f"owners: delete {old}, reassigning {records} to {target}")
    assert not (ws / "owners" / f"{old}.toml").exists()
    assert all(old not in (ws / path).read_text(encoding="utf-8") for path in files)
    assert git(ws, "status", "--porcelain") == ""


@sync
async def test_an_incident_cannot_be_deleted_from_the_app(ws: Path, store: Store) -> None:
    opened = Incidents(store).create("hacked-account", "high")
    before = commits(ws)
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_record("incidents", opened.id)
        await settle_app(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        assert "delete" not in {b.binding.action for b in screen.active_bindings.values()}
        await pilot.press("d")
        await settle_app(pilot)
        assert app.screen is screen  # no confirmation was offered
        app.delete_record(k.INCIDENTS, opened.id)  # as the main list's key would
        await settle_app(pilot)
        assert any("never deleted here" in str(n.message) for n in notices(app))
    assert commits(ws) == before
    assert (ws / opened.path).exists()
