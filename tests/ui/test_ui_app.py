"""The app shell driven like a user would: sections, lists, filter, sort, details, links, back."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from textual.widgets import ContentSwitcher, Static

from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.screens.help import HelpScreen
from smgov_tui.ui.screens.main import MainScreen
from smgov_tui.ui.screens.not_workspace import NotWorkspaceScreen
from smgov_tui.ui.screens.record import LinkTable, RecordScreen
from smgov_tui.ui.widgets.fields import FieldEditor
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.git import git
from tests.helpers.ui import loaded, notices, run_async, settle, static_text

SIZE = (120, 40)


def record_list(app: SmgovApp, section: str) -> RecordList:
    return app.screen.query_one(f"#section-{section}", RecordList)


@run_async
async def test_opens_on_accounts_with_counts(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, MainScreen)
        accounts = record_list(app, "accounts")
        total = len(app.snapshot.store.data.entries["accounts"])  # type: ignore[union-attr]
        assert accounts.table.row_count == total
        count = static_text(accounts.query_one(".count", Static))
        assert count == f"{total} of {total} accounts"
        assert app.focused is accounts.table


@run_async
async def test_number_keys_switch_sections(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        switcher = app.screen.query_one("#views", ContentSwitcher)
        for key, section in (
            ("2", "owners"),
            ("3", "contacts"),
            ("4", "protocols"),
            ("5", "incidents"),
            ("6", "health"),
            ("7", "history"),
            ("1", "accounts"),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert switcher.current == f"section-{section}"
        protocols = record_list(app, "protocols")
        keys = [row.key for row in protocols.shown]
        assert keys[:2] == ["communication:communication", "management:management"]
        assert any(key.startswith("playbooks:") for key in keys)


@run_async
async def test_filter_as_you_type_and_count(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        accounts = record_list(app, "accounts")
        total = accounts.table.row_count
        await pilot.press("slash")
        await pilot.press(*"instagram")
        shown = accounts.table.row_count
        assert 0 < shown < total
        assert all("instagram" in row.search for row in accounts.shown)
        assert static_text(accounts.query_one(".count", Static)) == f"{shown} of {total} accounts"
        await pilot.press(*" zzzz-nothing")
        assert accounts.table.row_count == 0
        for _ in range(len(" zzzz-nothing") + len("instagram")):
            await pilot.press("backspace")
        assert accounts.table.row_count == total
        await pilot.press("enter")  # back to the list
        assert app.focused is accounts.table


@run_async
async def test_sort_by_column_header_and_key(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        accounts = record_list(app, "accounts")
        accounts.sort_by("owner")
        await pilot.pause()
        owners = [row.cells[3].plain.casefold() for row in accounts.shown]
        assert owners == sorted(owners)
        accounts.sort_by("owner")  # again: reversed
        await pilot.pause()
        owners = [row.cells[3].plain.casefold() for row in accounts.shown]
        assert owners == sorted(owners, reverse=True)
        await pilot.press("s")  # keyboard: next sort
        await pilot.pause()
        assert accounts.sort_column == "reviewed" or accounts.sort_column is not None
        first_label = accounts.table.labels[0].plain
        assert first_label.startswith("Network")


@run_async
async def test_sort_arrow_stays_visible_on_a_column_cut_to_fit(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        accounts = record_list(app, "accounts")
        table = accounts.table
        widths = list(table.widths)
        for reverse in (False, True):
            accounts.sort_by("network")  # ascending, then descending
            await pilot.pause()
            assert accounts.sort_reverse is reverse
            arrow = " ▼" if reverse else " ▲"
            # a long translation or a narrow terminal: "Network ▲" in 6 cells
            table.set_widths([6, *widths[1:]])
            header = "".join(segment.text for segment in table.render_line(0))
            assert header.startswith(" Net…" + arrow)
            table.set_widths(widths)
            header = "".join(segment.text for segment in table.render_line(0))
            assert header.startswith(" Network" + arrow)


@run_async
async def test_account_detail_links_to_owner_and_back(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        accounts = record_list(app, "accounts")
        first = accounts.shown[0].key.split(":", 1)[1]
        account = app.snapshot.store.data.accounts[first]  # type: ignore[union-attr]
        owner = app.snapshot.store.data.owners[account.owner]  # type: ignore[union-attr]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.record_id == first
        people = app.screen.query_one(LinkTable)
        texts = [cell.plain for cell in people.get_row_at(0)]
        assert owner.name in " ".join(texts)
        assert owner.phone in texts and owner.email in texts
        assert app.focused is people
        await pilot.press("enter")  # follow the owner link
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.kind.name == "owners" and app.screen.record_id == account.owner
        # the owner lists the account among those they own
        accounts_block = app.screen.query_one(LinkTable)
        handles = [accounts_block.get_row_at(i)[2].plain for i in range(accounts_block.row_count)]
        assert account.handle in handles
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen) and app.screen.record_id == first
        await pilot.press("backspace")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_contact_shows_playbook_steps_naming_it(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        data = app.snapshot.store.data  # type: ignore[union-attr]
        named = {c for p in data.playbooks.values() for s in p.steps for c in s.contacts}
        contact_id = sorted(named)[0]
        app.open_record("contacts", contact_id)
        await settle(pilot)
        table = app.screen.query_one(LinkTable)
        playbooks = {table.get_row_at(i)[0].plain.lstrip("→ ") for i in range(table.row_count)}
        expected = {
            p.title
            for p in data.playbooks.values()
            if any(contact_id in s.contacts for s in p.steps)
        }
        assert playbooks == expected
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen) and app.screen.kind.name == "playbooks"
        titles = [static_text(w) for w in app.screen.query(".block-title").results(Static)]
        assert "Steps" in titles and "Holding statements" in titles


@run_async
async def test_health_enter_jumps_to_record(ws: Path) -> None:
    (ws / "accounts" / "x-olmedo.toml").write_text(
        (ws / "accounts" / "x-olmedo.toml")
        .read_text(encoding="utf-8")
        .replace('owner = "', 'owner = "nobody-', 1),
        encoding="utf-8",
    )
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        await settle(pilot)
        health = record_list(app, "health")
        keys = [row.key for row in health.shown]
        index = next(i for i, key in enumerate(keys) if key.endswith("accounts/x-olmedo.toml"))
        health.table.move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot)
        # the record's form, the cursor in the field the finding names
        assert isinstance(app.screen, EditScreen)
        assert (app.screen.kind.name, app.screen.record_id) == ("accounts", "x-olmedo")
        focused = app.focused
        assert focused is not None
        editors = [w for w in focused.ancestors_with_self if isinstance(w, FieldEditor)]
        assert editors and editors[0].spec.name == "owner"


@run_async
async def test_status_bar(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        bar = {w.id: static_text(w) for w in app.screen.query(".sb").results(Static)}
        assert bar["sb-name"] == app.snapshot.store.name  # type: ignore[union-attr]
        assert bar["sb-branch"] == "branch main"
        assert bar["sb-author"] == "you: Test Author <test@example.org>"
        assert bar["sb-unpushed"] == "no remote"
        errors = app.snapshot.errors  # type: ignore[union-attr]
        assert (
            (str(errors) in bar["sb-checks"])
            if errors
            else ("no errors" in bar["sb-checks"] or bar["sb-checks"] == "no problems")
        )


@run_async
async def test_status_bar_says_saves_wait_during_a_persons_rebase(ws: Path) -> None:
    """A rebase started by hand leaves HEAD on a bare sha with no upstream: the bar says the
    rebase is in progress and saves wait, not "branch 1a2b3c, 12 commits, never pushed"."""
    (ws / "team-notes.txt").write_text("a second commit to rebase\n", encoding="utf-8")
    git(ws, "add", "team-notes.txt")
    git(ws, "commit", "-qm", "notes")
    subprocess.run(
        ["git", "rebase", "-i", "HEAD~1"],
        cwd=ws,
        env={**os.environ, "GIT_SEQUENCE_EDITOR": "sed -i '1i break'"},
        check=True,
        capture_output=True,
    )
    assert (ws / ".git" / "rebase-merge").is_dir()
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        bar = {w.id: static_text(w) for w in app.screen.query(".sb").results(Static)}
        assert bar["sb-branch"] == "git rebase in progress: saves wait"
        assert "never pushed" not in " ".join(bar.values())
        shown = app.screen.query_one("#sb-branch", Static)
        assert shown.region.width >= len("git rebase in progress: saves wait")
    assert (ws / ".git" / "rebase-merge").is_dir()  # a person's rebase is never touched


@run_async
async def test_status_bar_without_author(ws: Path, monkeypatch: object) -> None:
    import os

    (Path(os.environ["HOME"]) / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n", encoding="utf-8"
    )
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        author = app.screen.query_one("#sb-author", Static)
        assert "no author" in static_text(author)
        assert author.has_class("-bad")
        await pilot.press("e")  # editing needs an author: a clear message, no form
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("SMGOV_AUTHOR" in str(n.message) for n in notices(app))


@run_async
async def test_help_and_palette_open(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help-keys", Static).render() is not None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to owners")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#views", ContentSwitcher).current == "section-owners"


@run_async
async def test_not_a_workspace(tmp_path: Path) -> None:
    app = SmgovApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NotWorkspaceScreen)
        text = static_text(app.screen.query_one("#not-workspace-text", Static))
        assert f"{tmp_path} is not a smgov workspace (no workspace.toml)." in text
        assert f"smgov init {tmp_path}" in text and "smgov demo" in text
        await pilot.press("q")
    assert app.return_code == 2


@run_async
async def test_missing_folder_with_markup_in_its_name(tmp_path: Path) -> None:
    missing = tmp_path / "[bold]x[/] [@click=app.quit]y[/]"
    app = SmgovApp(missing)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NotWorkspaceScreen)
        text = static_text(app.screen.query_one("#not-workspace-text", Static))
        assert f"{missing} is not a folder" in text
        assert app.screen.query_one("#not-workspace").size.width > 40
        await pilot.press("escape")
    assert app.return_code == 2


def test_not_a_workspace_snapshot(snap_compare: Any) -> None:
    folder = Path("/tmp/smgov-snapshot-not-a-workspace")
    folder.mkdir(exist_ok=True)
    assert snap_compare(SmgovApp(folder), terminal_size=(80, 24))


@run_async
async def test_crisis_key_opens_crisis_mode(ws: Path) -> None:
    from smgov_tui.ui.screens.crisis.start import CrisisStartScreen

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CrisisStartScreen)


@run_async
async def test_slash_from_the_sidebar_and_escape_back(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.screen.query_one("#sidebar").focus()
        await pilot.press("3", "slash")
        contacts = record_list(app, "contacts")
        assert app.focused is contacts.query_one(".filter")
        await pilot.press(*"zz", "escape")
        assert app.focused is contacts.table
        assert contacts.table.row_count == 0
        assert "Nothing matches the filter." in app.export_screenshot().replace("&#160;", " ")


@run_async
async def test_status_bar_follows_a_remote_added_from_a_terminal(ws: Path, tmp_path: Path) -> None:
    from tests.helpers.git import git

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        unpushed = app.screen.query_one("#sb-unpushed", Static)
        assert static_text(unpushed) == "no remote"
        remote = tmp_path / "remote.git"
        git(tmp_path, "init", "-q", "--bare", str(remote))
        git(ws, "remote", "add", "origin", str(remote))
        git(ws, "push", "-q", "-u", "origin", "HEAD:main")
        store = app.store
        assert store is not None
        from smgov_tui.ui.controllers.sync_ui import STATUS_EVERY

        for _ in range(STATUS_EVERY):
            app.syncer._poll(store)
        await settle(pilot)
        assert static_text(unpushed) == "0 unpushed"


@run_async
async def test_export_asks_where_and_writes_there(ws: Path, tmp_path: Path) -> None:
    from textual.widgets import Input

    from smgov_tui.ui.modals.text_prompt import TextPrompt

    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        field = app.screen.query_one("#prompt-input", Input)
        assert field.value.endswith("-handbook.html")
        assert Path(field.value).parent != Path.home()
        target = tmp_path / "out" / "handbook.html"
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert "<html" in target.read_text(encoding="utf-8").lower()
    assert not list(Path.home().glob("*-handbook.html"))
