"""The record forms: every kind of field, create, duplicate, conflicts, errors, leaving unsaved.

Each test drives the real screen with Pilot on a real workspace repository, then asserts the file
on disk, the diff git records and the commit's author and message.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from textual.widgets import Input, Select, SelectionList, Static, Switch, TextArea

from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.store.store import Store
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.present.formspec import specs_for
from smgov_tui.ui.screens.conflict import ConflictScreen
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.fields import ItemHeader, ItemsEditor, ListEditor
from tests.helpers.editing import (
    SIZE,
    changed_lines,
    commits,
    editing,
    editor,
    head,
    problems_of,
    result_of,
    save,
    settle,
)
from tests.helpers.forms import FormApp, sync
from tests.helpers.git import git

# --- editing each kind of field ------------------------------------------------------------


@sync
async def test_text_field_changes_only_its_line(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        field = editor(screen, "department").query_one(Input)
        field.focus()
        field.value = ""
        await pilot.press(*"Content")
        await save(pilot)
    result = result_of(app)
    assert result.committed
    text = (ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8")
    assert 'department = "Content"' in text
    assert text.startswith("#:schema ../schemas/account.schema.json\n# One social media account")
    assert changed_lines(ws) == ['-department = "Marketing"', '+department = "Content"']
    assert head(ws) == (
        "Test Author",
        "accounts: set department of blog-la-despensa to Content",
    )


@sync
async def test_select_owner_among_existing_owners(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        select = editor(screen, "owner").query_one(Select)
        offered = {value for _label, value in editor(screen, "owner")._options}  # type: ignore[attr-defined]
        assert offered == set(store.data.ids(k.OWNERS))
        select.value = "ana-ruiz"
        await save(pilot)
    assert result_of(app).committed
    assert changed_lines(ws) == ['-owner = "javier-moreno"', '+owner = "ana-ruiz"']
    assert head(ws)[1] == "accounts: set owner of blog-la-despensa to ana-ruiz"


@sync
async def test_date_field_valid_and_invalid(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        date = editor(screen, "last_reviewed")
        date.query_one(Input).value = "2026-13-40"
        await save(pilot)
        assert app.screen is screen, "an invalid date must not be saved"
        assert commits(ws) == before
        assert "expected a date like 2026-11-22" in problems_of(date)
        date.query_one(Input).value = "2026-11-21"
        await save(pilot)
    assert result_of(app).committed
    assert changed_lines(ws) == ["-last_reviewed = 2026-10-20", "+last_reviewed = 2026-11-21"]
    raw = tomllib.loads((ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8"))
    assert raw["last_reviewed"] == dt.date(2026, 11, 21)


@sync
async def test_clearing_an_optional_date_removes_the_key(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        editor(screen, "last_reviewed").query_one(Input).value = ""
        await save(pilot)
    assert result_of(app).committed
    assert changed_lines(ws) == ["-last_reviewed = 2026-10-20"]
    assert head(ws)[1] == "accounts: clear last_reviewed of blog-la-despensa"


@sync
async def test_switch_and_int_fields(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.OWNERS, "ana-ruiz"))
    async with editing(app) as (pilot, screen):
        switch = editor(screen, "active").query_one(Switch)
        switch.focus()
        await pilot.press("space")
        await save(pilot)
    assert result_of(app).committed
    assert changed_lines(ws) == ["-active = true", "+active = false"]
    assert head(ws)[1] == "owners: set active of ana-ruiz to false"

    store.load()
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        hours = editor(screen, "response_sla_hours").query_one(Input)
        hours.focus()
        await pilot.press("4", "8")
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8"))
    assert raw["response_sla_hours"] == 48
    assert head(ws)[1] == "accounts: set response_sla_hours of blog-la-despensa to 48"


@sync
async def test_zero_is_not_a_valid_number(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        hours = editor(screen, "response_sla_hours")
        hours.query_one(Input).value = "0"
        await save(pilot)
        assert app.screen is screen
        banner = str(screen.query_one("#form-banner", Static).render())
        assert "Not saved" in banner and f"{hours.spec.label}: " in banner
        assert "response_sla_hours" not in banner  # the label a person sees, not the TOML key
        assert "at least 1" in problems_of(hours)
    assert commits(ws) == before


@sync
async def test_an_empty_required_field_is_named_by_its_label(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        handle = editor(screen, "handle")
        handle.query_one(Input).value = ""
        await save(pilot)
        assert app.screen is screen
        assert "Handle is required" in problems_of(handle)
        banner = str(screen.query_one("#form-banner", Static).render())
        assert "(Handle is required)" in banner
        assert "non-empty" not in banner
    assert commits(ws) == before


@sync
async def test_long_text_is_written_multiline(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        area = editor(screen, "notes").query_one(TextArea)
        area.text = "First line.\nSecond line."
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8"))
    assert raw["notes"] == "First line.\nSecond line.\n"
    assert head(ws)[1] == "accounts: update notes of blog-la-despensa"


@sync
async def test_string_list_add_remove_reorder(ws: Path, store: Store) -> None:
    original = store.data.entry(k.COMMUNICATION, "communication")
    assert original is not None
    hashtags = list(original.raw["hashtags"])
    app = FormApp(store, EditScreen(store, k.COMMUNICATION, None))
    async with editing(app) as (pilot, screen):
        lists = editor(screen, "hashtags")
        assert isinstance(lists, ListEditor)
        rows = lists.rows()
        # reorder: move the second up
        rows[1].focus()
        await pilot.press("alt+up")
        # remove the (now) last item
        lists.rows()[-1].focus()
        await pilot.press("ctrl+r")
        # add one after the first with enter, type it
        lists.rows()[0].focus()
        await pilot.press("enter")
        await pilot.press(*"#new")
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "protocols/communication.toml").read_text(encoding="utf-8"))
    expected = [hashtags[1], "#new", hashtags[0], *hashtags[2:-1]]
    assert raw["hashtags"] == expected
    assert head(ws)[1] == "communication: update hashtags"
    assert all(line.startswith(("+", "-")) for line in changed_lines(ws))
    assert not any("key_messages" in line for line in changed_lines(ws))


@sync
async def test_playbook_steps_add_remove_reorder_and_edit(ws: Path, store: Store) -> None:
    playbook = store.data.playbooks["hacked-account"]
    step_ids = [s.id for s in playbook.steps]
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, "hacked-account"))
    async with editing(app) as (pilot, screen):
        steps = editor(screen, "steps")
        assert isinstance(steps, ItemsEditor)
        # items start closed; enter on a heading opens it
        first = steps.boxes()[0]
        assert not first.is_open and not first.editors()
        first.query_one(ItemHeader).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert first.is_open
        assert editor(screen, "steps.0.title").query_one(Input).value == playbook.steps[0].title
        # move step 2 above step 1
        steps.boxes()[1].query_one(ItemHeader).focus()
        await pilot.press("alt+up")
        # remove the last step
        steps.boxes()[-1].query_one(ItemHeader).focus()
        await pilot.press("ctrl+delete")
        # add a step at the end and fill it in
        await steps.add_after(None)
        await pilot.pause()
        n = len(step_ids) - 1
        editor(screen, f"steps.{n}.id").query_one(Input).value = "tell-the-team"
        editor(screen, f"steps.{n}.title").query_one(Input).value = "Tell the team"
        editor(screen, f"steps.{n}.detail").query_one(TextArea).text = "Post in the channel."
        editor(screen, f"steps.{n}.role").query_one(Select).value = "on-call"
        contacts = editor(screen, f"steps.{n}.contacts").query_one(SelectionList)
        contacts.select("seguridad-it")
        severities = editor(screen, f"steps.{n}.severities").query_one(SelectionList)
        severities.select("high")
        severities.select("critical")
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "protocols/crisis/hacked-account.toml").read_text(encoding="utf-8"))
    ids = [s["id"] for s in raw["steps"]]
    assert ids == [step_ids[1], step_ids[0], *step_ids[2:-1], "tell-the-team"]
    assert raw["steps"][-1] == {
        "id": "tell-the-team",
        "title": "Tell the team",
        "detail": "Post in the channel.",
        "role": "on-call",
        "contacts": ["seguridad-it"],
        "severities": ["high", "critical"],
    }
    assert head(ws) == ("Test Author", "playbooks: update steps of hacked-account")
    text = (ws / "protocols/crisis/hacked-account.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ../../schemas/playbook.schema.json\n# Crisis playbook")


@sync
async def test_dangling_step_statement_blocks_save(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, "hacked-account"))
    async with editing(app) as (pilot, screen):
        steps = editor(screen, "steps")
        assert isinstance(steps, ItemsEditor)
        await steps.boxes()[0].open_item()
        await settle(pilot)
        # the step's role select lists the roles of the management protocol
        role = editor(screen, "steps.0.role")
        assert "on-call" in {v for _l, v in role._options}  # type: ignore[attr-defined]
        editor(screen, "steps.0.id").query_one(Input).value = "Not An Id"
        await save(pilot)
        assert app.screen is screen
        problems = problems_of(editor(screen, "steps.0.id"))
        assert "expected an id" in problems
    assert commits(ws) == before


# --- every kind can be created ---------------------------------------------------------------


@sync
async def test_create_account_suggests_id_and_adds_file(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "network").query_one(Select).value = "mastodon"
        editor(screen, "handle").query_one(Input).value = "@olmedo@mastodon.social"
        editor(screen, "owner").query_one(Select).value = "ana-ruiz"
        editor(screen, "backup_owner").query_one(Select).value = "raul-santos"
        await settle(pilot)
        assert screen.current_id() == "mastodon-olmedo-mastodon-social"
        await save(pilot)
    result = result_of(app)
    assert result.committed and result.entry is not None
    raw = tomllib.loads(
        (ws / "accounts/mastodon-olmedo-mastodon-social.toml").read_text(encoding="utf-8")
    )
    assert raw == {
        "network": "mastodon",
        "handle": "@olmedo@mastodon.social",
        "owner": "ana-ruiz",
        "backup_owner": "raul-santos",
        "status": "active",  # the choice the form showed, written as the sample's files do
    }
    assert head(ws) == ("Test Author", "accounts: add mastodon-olmedo-mastodon-social")


@sync
async def test_create_refuses_a_taken_id(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.OWNERS, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "name").query_one(Input).value = "Someone"
        await pilot.click("#id-choose")  # the id is made from the name unless chosen
        screen.query_one("#id-input", Input).value = "ana-ruiz"
        await save(pilot)
        assert app.screen is screen
        banner = str(screen.query_one("#form-banner", Static).render())
        assert "already used" in banner
    assert commits(ws) == before


@sync
async def test_create_owner_contact_and_playbook(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.OWNERS, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "name").query_one(Input).value = "Nuria Peña"
        editor(screen, "role").query_one(Select).value = "community-manager"
        editor(screen, "working_hours.days").query_one(SelectionList).deselect("fri")
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "owners/nuria-pena.toml").read_text(encoding="utf-8"))
    assert raw == {
        "name": "Nuria Peña",
        "role": "community-manager",
        "working_hours": {"days": ["mon", "tue", "wed", "thu"]},
    }
    assert head(ws)[1] == "owners: add nuria-pena"

    store.load()
    app = FormApp(store, EditScreen(store, k.CONTACTS, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "name").query_one(Input).value = "Notary"
        editor(screen, "kind").query_one(Select).value = "legal"
        editor(screen, "phone").query_one(Input).value = "+34 612 48 93 07"
        editor(screen, "escalation_level").query_one(Input).value = "2"
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "contacts/notary.toml").read_text(encoding="utf-8"))
    assert raw == {
        "name": "Notary",
        "kind": "legal",
        "phone": "+34 612 48 93 07",
        "escalation_level": 2,
    }

    store.load()
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "title").query_one(Input).value = "Data leak"
        steps = editor(screen, "steps")
        assert isinstance(steps, ItemsEditor)
        await steps.add_after(None)
        await pilot.pause()
        editor(screen, "steps.0.id").query_one(Input).value = "assess"
        editor(screen, "steps.0.title").query_one(Input).value = "Assess the leak"
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "protocols/crisis/data-leak.toml").read_text(encoding="utf-8"))
    assert raw == {"title": "Data leak", "steps": [{"id": "assess", "title": "Assess the leak"}]}
    assert head(ws)[1] == "playbooks: add data-leak"


@sync
async def test_playbook_without_steps_cannot_be_saved(ws: Path, store: Store) -> None:
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "title").query_one(Input).value = "Empty"
        await save(pilot)
        assert app.screen is screen
        problems = problems_of(editor(screen, "steps"))
        assert "no steps" in problems
    assert commits(ws) == before


@sync
async def test_single_kinds_edit_workspace_and_management(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.WORKSPACE, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "default_response_hours").query_one(Input).value = "12"
        await save(pilot)
    assert result_of(app).committed
    assert head(ws)[1] == "workspace: set default_response_hours to 12"

    store.load()
    app = FormApp(store, EditScreen(store, k.MANAGEMENT, None))
    async with editing(app) as (pilot, screen):
        rules = editor(screen, "approval_rules")
        assert isinstance(rules, ItemsEditor)
        await rules.boxes()[0].open_item()
        await settle(pilot)
        approver = editor(screen, "approval_rules.0.approver")
        roles = {v for _l, v in approver._options}  # type: ignore[attr-defined]
        assert roles >= store.data.role_ids()
        times = editor(screen, "response_times")
        assert isinstance(times, ItemsEditor)
        count = len(times.boxes())
        await times.add_after(None)
        await pilot.pause()
        editor(screen, f"response_times.{count}.channel").query_one(Input).value = "reviews"
        editor(screen, f"response_times.{count}.hours").query_one(Input).value = "72"
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "protocols/management.toml").read_text(encoding="utf-8"))
    assert raw["response_times"][-1] == {"channel": "reviews", "hours": 72}
    assert head(ws)[1] == "management: update response_times"


@sync
async def test_the_rota_is_edited_in_the_management_form(ws: Path, store: Store) -> None:
    """The rota is a table inside the management protocol with a list of overrides inside it:
    a change to one value writes that line alone (comments and the other overrides kept)."""
    app = FormApp(store, EditScreen(store, k.MANAGEMENT, None))
    async with editing(app) as (pilot, screen):
        editor(screen, "rota.handover_time").query_one(Input).value = "10:00"
        overrides = editor(screen, "rota.overrides")
        assert isinstance(overrides, ItemsEditor)
        await overrides.boxes()[0].open_item()
        await settle(pilot)
        person = editor(screen, "rota.overrides.0.person")
        assert "beatriz-soler" in {v for _l, v in person._options}  # type: ignore[attr-defined]
        await save(pilot)
    assert result_of(app).committed
    assert changed_lines(ws) == ['-handover_time = "09:00"', '+handover_time = "10:00"']


# --- duplicate ---------------------------------------------------------------------------------


@sync
async def test_duplicate_unchanged_keeps_comments(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, None, copy_from="blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        assert screen.current_id() == "blog-la-despensa-copy"
        await save(pilot)
    assert result_of(app).committed
    original = (ws / "accounts/blog-la-despensa.toml").read_text(encoding="utf-8")
    assert (ws / "accounts/blog-la-despensa-copy.toml").read_text(encoding="utf-8") == original
    assert head(ws)[1] == "accounts: add blog-la-despensa-copy as a copy of blog-la-despensa"


@sync
async def test_duplicate_with_changes(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, None, copy_from="blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        screen.query_one("#id-input", Input).value = "blog-recetas"
        editor(screen, "handle").query_one(Input).value = "Recetas"
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "accounts/blog-recetas.toml").read_text(encoding="utf-8"))
    source = store.data.entry(k.ACCOUNTS, "blog-la-despensa")
    assert source is not None
    assert raw == {**source.raw, "handle": "Recetas"}
    assert head(ws)[1] == "accounts: add blog-recetas"


# --- safety: conflicts, unknown keys, leaving, author ----------------------------------------


@sync
async def test_conflict_keeps_the_form_and_the_edits(ws: Path, store: Store) -> None:
    path = ws / "accounts/blog-la-despensa.toml"
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        editor(screen, "department").query_one(Input).value = "Mine"
        path.write_text(
            path.read_text(encoding="utf-8").replace("Marketing", "Theirs"), encoding="utf-8"
        )
        await save(pilot)
        # both changed the department: the person chooses on the conflict screen
        assert isinstance(app.screen, ConflictScreen)
        assert not app.results
        banner = str(screen.query_one("#form-banner", Static).render())
        assert "changed by someone else" in banner
        status = str(screen.query_one("#form-status", Static).render())
        assert "ctrl+s saves" not in status
        assert "changed on disk" in status
        assert editor(screen, "department").query_one(Input).value == "Mine"
        await pilot.press("m")  # keep mine
        await settle(pilot)
        await pilot.press("ctrl+s")  # apply the choice: the form reopens on the merged values
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditScreen) and form is not screen
        assert editor(form, "department").query_one(Input).value == "Mine"
        assert 'department = "Theirs"' in path.read_text(encoding="utf-8")
        assert commits(ws) == before
        await save(pilot)
    text = path.read_text(encoding="utf-8")
    assert 'department = "Mine"' in text
    assert commits(ws) == before + 1


@sync
async def test_conflict_on_other_fields_merges_both_changes(ws: Path, store: Store) -> None:
    path = ws / "accounts/blog-la-despensa.toml"
    before = commits(ws)
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        editor(screen, "department").query_one(Input).value = "Mine"
        path.write_text(
            path.read_text(encoding="utf-8").replace("2 articles per week", "EDITED ON DISK"),
            encoding="utf-8",
        )
        await save(pilot)
        form = app.screen
        assert isinstance(form, EditScreen) and form is not screen  # reopened, merged
        assert editor(form, "department").query_one(Input).value == "Mine"
        assert editor(form, "posting_frequency").query_one(Input).value == "EDITED ON DISK"
        assert form.is_changed()  # the merged edits are not saved yet: leaving asks
        assert commits(ws) == before
        await save(pilot)
    text = path.read_text(encoding="utf-8")
    assert 'department = "Mine"' in text
    assert 'posting_frequency = "EDITED ON DISK"' in text
    assert commits(ws) == before + 1


@sync
async def test_unknown_keys_survive(ws: Path, store: Store) -> None:
    path = ws / "accounts/blog-la-despensa.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + 'custom_key = "kept"  # a comment\n', encoding="utf-8"
    )
    git(ws, "commit", "-qam", "add a custom key")
    store.load()
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        editor(screen, "status").query_one(Select).value = "paused"
        await save(pilot)
    assert result_of(app).committed
    assert 'custom_key = "kept"  # a comment' in path.read_text(encoding="utf-8")
    assert changed_lines(ws) == ['-status = "active"', '+status = "paused"']


@sync
async def test_leaving_a_changed_form_asks_first(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        editor(screen, "department").query_one(Input).value = "Changed"
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # escape answers no: keep editing
        await pilot.pause()
        assert app.screen is screen
        assert editor(screen, "department").query_one(Input).value == "Changed"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]
    assert 'department = "Marketing"' in (ws / "accounts/blog-la-despensa.toml").read_text(
        encoding="utf-8"
    )


@sync
async def test_leaving_an_unchanged_form_does_not_ask(store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, "hacked-account"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


@sync
async def test_no_author_means_no_save(ws: Path, monkeypatch: Any) -> None:
    (Path.home() / ".gitconfig").write_text("[commit]\n\tgpgsign = false\n", encoding="utf-8")
    opened = Store.open(ws)
    opened.load()
    before = commits(ws)
    app = FormApp(opened, EditScreen(opened, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        author = str(screen.query_one("#form-author", Static).render())
        assert "Nobody to sign the changes" in author
        editor(screen, "department").query_one(Input).value = "X"
        await save(pilot)
        assert app.screen is screen
        assert "Nobody to sign" in str(screen.query_one("#form-banner", Static).render())
    assert commits(ws) == before


@sync
async def test_author_is_shown(store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        author = str(app.screen.query_one("#form-author", Static).render())
        assert "Author: Test Author <test@example.org>" in author


@sync
async def test_quitting_the_app_with_unsaved_edits_asks(ws: Path) -> None:
    from smgov_tui.ui.app import SmgovApp

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.store is not None
        form = EditScreen(app.store, k.ACCOUNTS, "blog-la-despensa")
        app.push_screen(form)
        await settle(pilot)
        editor(form, "department").query_one(Input).value = "Changed"
        editor(form, "status").query_one(Select).focus()
        await settle(pilot)
        await pilot.press("ctrl+q")  # the quit key that works from a form
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert app.is_running
        assert editor(form, "department").query_one(Input).value == "Changed"


@sync
async def test_app_letter_keys_do_not_act_in_a_form(ws: Path) -> None:
    from smgov_tui.ui.app import SmgovApp

    path = ws / "accounts/blog-la-despensa.toml"
    before = path.read_text(encoding="utf-8")
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.store is not None
        form = EditScreen(app.store, k.ACCOUNTS, "blog-la-despensa")
        app.push_screen(form)
        await settle(pilot)
        editor(form, "department").query_one(Input).value = "Changed"
        editor(form, "owner").query_one(Select).focus()
        await settle(pilot)
        for key in ("q", "C", "question_mark", "S", "R", "x"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is form, key
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        assert app.screen is form
        assert editor(form, "department").query_one(Input).value == "Changed"
    assert path.read_text(encoding="utf-8") == before


@sync
async def test_a_long_item_reads_from_its_start_and_typing_adds_to_it(
    ws: Path, store: Store
) -> None:
    messages = list(store.data.communication.key_messages)  # type: ignore[union-attr]
    app = FormApp(store, EditScreen(store, k.COMMUNICATION, "communication"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        rows = editor(screen, "key_messages").query(Input)
        second = rows[1]
        assert len(messages[1]) > second.content_size.width  # too long to show whole

        def shown(box: Input) -> str:
            return "".join(segment.text for segment in box.render_line(0)).strip()

        assert messages[1].startswith(shown(second)[:10])
        second.focus()
        await pilot.press(*" (ok)")  # no End needed: focus puts the cursor at the end
        await pilot.pause()
        assert shown(second).endswith("(ok)")  # the cursor's end of the text, while typing
        rows[0].focus()
        await pilot.pause()
        assert messages[1].startswith(shown(second)[:10])  # its start again, once left
        await save(pilot)
    assert result_of(app).committed
    raw = tomllib.loads((ws / "protocols/communication.toml").read_text(encoding="utf-8"))
    assert raw["key_messages"][1] == messages[1] + " (ok)"


class Extra(r.Record):
    """A record with one field of every kind a form edits."""

    name: str
    notes: str = ""
    reviewed: dt.date | None = None
    count: Annotated[int, msgspec.Meta(ge=1)] = 1
    public: bool = True
    tier: Literal["gold", "silver"] = "gold"
    days: list[r.Weekday] = msgspec.field(default_factory=list)
    tags: list[str] = msgspec.field(default_factory=list)
    hours: r.WorkingHours | None = None
    roles: list[r.Role] = msgspec.field(default_factory=list)
    at: r.Clock = "09:00"


def test_a_new_field_shows_in_its_form_with_the_widget_its_type_asks_for() -> None:
    """Adding a field to a record takes no change to the forms: its type picks the widget."""
    widgets = {spec.name: spec.widget for spec in specs_for(Extra)}
    assert widgets == {
        "name": "text",
        "notes": "long",
        "reviewed": "date",
        "count": "int",
        "public": "bool",
        "tier": "select",
        "days": "multi",
        "tags": "list",
        "hours": "table",
        "roles": "items",
        "at": "clock",
    }
    tier = next(spec for spec in specs_for(Extra) if spec.name == "tier")
    assert tier.options is not None and [v for _l, v in tier.options(None, {})] == [
        "gold",
        "silver",
    ]  # type: ignore[arg-type]
