"""The app's side of team sync: S, the conflict screen, changes from outside, the setting."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from smgov_tui.store.settings import load_settings, settings_path
from smgov_tui.store.store import Store
from smgov_tui.store.sync import RecordConflict, sync
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.conflict import ConflictScreen
from tests.helpers.git import git
from tests.helpers.hooks import HookGate
from tests.helpers.sync import change, head, make_remote, member, read, remote_head
from tests.helpers.ui import (
    loaded,
    notices,
    run_async,
    screen_lines,
    settle,
    static_text,
    until,
)

ANA = "owners/ana-ruiz.toml"
PLAYBOOK = "protocols/crisis/hacked-account.toml"
SIZE = (120, 40)
MARKUP = "[bold]Ana[/] [@click=app.quit]x[/]"


@pytest.fixture
def team(ws: Path, tmp_path: Path) -> tuple[Path, Store, Store]:
    """A remote, Alice and Bob; Alice pushed changes that collide with Bob's unpushed ones."""
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    hours = read(alice, ANA)["working_hours"]
    assert isinstance(hours, dict)
    change(alice, ANA, email="alice@x.example", working_hours={**hours, "end": "17:00"})
    change(bob, ANA, email="bob@x.example", working_hours={**hours, "end": "20:00"})
    steps = read(alice, PLAYBOOK)["steps"]
    assert isinstance(steps, list)
    mine = [dict(s) for s in steps]
    theirs = [dict(s) for s in steps]
    theirs[0]["title"] = MARKUP
    mine[0]["title"] = "Confirm it [now]"
    change(alice, PLAYBOOK, steps=theirs)
    change(bob, PLAYBOOK, steps=mine)
    assert sync(alice).ok
    return remote, alice, bob


async def until_conflict_screen(pilot: Pilot[None]) -> ConflictScreen:
    for _ in range(200):
        await settle(pilot)
        if isinstance(pilot.app.screen, ConflictScreen):
            return pilot.app.screen
    raise AssertionError("the conflict screen did not open")


def cells(screen: ConflictScreen) -> list[list[str]]:
    table = screen.query_one("#conflict-table", DataTable)
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]


@run_async
async def test_s_syncs_and_conflicts_are_settled_field_by_field(
    team: tuple[Path, Store, Store],
) -> None:
    remote, _alice, bob = team
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        screen = await until_conflict_screen(pilot)
        rows = cells(screen)
        assert [row[1] for row in rows] == ["email", "working_hours.end", "steps.confirm.title"]
        assert [row[0][:14] for row in rows] == [
            "ana-ruiz (Owne",
            "ana-ruiz (Owne",
            "hacked-account",
        ]
        assert rows[0][2].startswith("ana.ruiz")
        assert rows[0][3:6] == ["bob@x.example", "alice@x.example", "? choose"]
        sides = [static_text(screen.query_one(f"#value-{s}", Static)) for s in ("mine", "theirs")]
        assert sides == ["bob@x.example", "alice@x.example"]
        await pilot.press("ctrl+s")  # nothing chosen yet: refused, with how many are left
        await settle(pilot)
        assert "3 left" in static_text(screen.query_one("#conflict-message", Static))
        await pilot.press("t")  # email: theirs, and the cursor moves on
        await pilot.press("e")  # working_hours.end: typed
        await settle(pilot)
        field = app.screen.query_one(Input)
        field.value = "19:30"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("m")  # the step title: mine
        results = [row[5] for row in cells(screen)]
        assert results[0].startswith("theirs: alice@x")
        assert results[1] == "typed: 19:30" and results[2].startswith("mine: Confirm it")
        await pilot.press("ctrl+s")
        for _ in range(100):
            await settle(pilot)
            if not isinstance(app.screen, ConflictScreen):
                break
        assert not isinstance(app.screen, ConflictScreen)
    merged = read(bob, ANA)
    assert merged["email"] == "alice@x.example"
    hours = merged["working_hours"]
    assert isinstance(hours, dict) and hours["end"] == "19:30"
    steps = read(bob, PLAYBOOK)["steps"]
    assert isinstance(steps, list) and steps[0]["title"] == "Confirm it [now]"
    assert head(bob.root) == remote_head(remote)


@run_async
async def test_escape_leaves_everything_as_it_was(team: tuple[Path, Store, Store]) -> None:
    _remote, _alice, bob = team
    before = head(bob.root)
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        await until_conflict_screen(pilot)
        await pilot.press("t")  # one choice made, then Esc
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen)
        assert "conflict waiting: S" in static_text(app.screen.query_one("#sb-sync", Static))
        await pilot.press("S")  # the choice made before Esc is still there
        screen = await until_conflict_screen(pilot)
        results = [row[5] for row in cells(screen)]
        assert results[0].startswith("theirs: alice@x") and results[1] == "? choose"
        await pilot.press("escape")
        await settle(pilot)
    assert head(bob.root) == before
    assert git(bob.root, "status", "--porcelain", "--untracked-files=no") == ""


@run_async
async def test_an_invalid_pick_is_shown_and_nothing_changes(
    team: tuple[Path, Store, Store],
) -> None:
    _remote, _alice, bob = team
    before = head(bob.root)
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        screen = await until_conflict_screen(pilot)
        await pilot.press("m", "m", "e")
        await settle(pilot)
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        for _ in range(50):
            await settle(pilot)
            if "not valid" in static_text(screen.query_one("#conflict-message", Static)):
                break
        message = static_text(screen.query_one("#conflict-message", Static))
        assert "not valid" in message and "steps.0.title" in message
        assert app.screen is screen
    assert head(bob.root) == before


@run_async
async def test_sync_result_is_notified_and_status_shows_it(ws: Path, tmp_path: Path) -> None:
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    change(alice, ANA, phone="+34 600 000 020")
    assert sync(alice).ok
    git(bob.root, "fetch", "-q")
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert static_text(app.screen.query_one("#sb-sync", Static)) == "1 to pull"
        await pilot.press("S")
        await settle(pilot)
        await settle(pilot)
        messages = [n.message for n in notices(app)]
        assert any("1 commit received, 0 sent" in m for m in messages)
        assert static_text(app.screen.query_one("#sb-sync", Static)) == "synced 10:00"
    assert read(bob, ANA)["phone"] == "+34 600 000 020"


@run_async
async def test_offline_sync_says_so_and_the_app_keeps_working(ws: Path, tmp_path: Path) -> None:
    remote = make_remote(ws, tmp_path)
    bob = member(remote, tmp_path, "bob")
    git(bob.root, "remote", "set-url", "origin", str(tmp_path / "offline.git"))
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        await settle(pilot)
        await settle(pilot)
        titles = [n.title for n in notices(app)]
        assert "Sync did not finish" in titles
        await pilot.press("2")  # the app still answers
        await settle(pilot)


@run_async
async def test_changes_from_outside_are_noticed_and_reloaded(ws: Path) -> None:
    from smgov_tui.core import kinds as k

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.store is not None
        assert app.syncer.check_disk(app.store) == []  # the first look is the baseline
        path = ws / ANA
        text = path.read_text(encoding="utf-8").replace("Ana Ruiz Beltrán", MARKUP)
        path.write_text(text, encoding="utf-8")  # an editor, or a git pull in a terminal
        assert app.syncer.check_disk(app.store) == [ANA]
        await settle(pilot)
        entry = app.store.data.entry(k.OWNERS, "ana-ruiz")
        assert entry is not None and entry.raw["name"] == MARKUP
        assert any("reloaded" in n.message for n in notices(app))
        assert app.syncer.check_disk(app.store) == []  # nothing new: no reload


@run_async
async def test_own_saves_are_not_taken_for_outside_changes(store: Store) -> None:
    from smgov_tui.core import kinds as k

    app = SmgovApp(store.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.store is not None
        app.syncer.check_disk(app.store)
        entry = app.store.data.entry(k.OWNERS, "ana-ruiz")
        assert entry is not None
        app.store.save(k.OWNERS, "ana-ruiz", {**entry.raw, "department": "Comms"}, entry.text)
        assert app.syncer.check_disk(app.store) == []


@run_async
async def test_sync_after_save_setting_is_kept_per_person(ws: Path) -> None:
    assert not load_settings().sync_after_save
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_toggle_autosync()
        await settle(pilot)
    assert load_settings().sync_after_save
    assert settings_path().is_file() and not (ws / "settings.toml").exists()


@run_async
async def test_sync_after_save_pushes_a_new_commit(ws: Path, tmp_path: Path) -> None:
    from smgov_tui.core import kinds as k

    remote = make_remote(ws, tmp_path)
    bob = member(remote, tmp_path, "bob")
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.store is not None
        app.syncer.settings = type(app.syncer.settings)(sync_after_save=True)
        app.syncer.check_disk(app.store)
        entry = app.store.data.entry(k.OWNERS, "ana-ruiz")
        assert entry is not None
        app.store.save(k.OWNERS, "ana-ruiz", {**entry.raw, "department": "Comms"}, entry.text)
        app.syncer.check_disk(app.store)
        for _ in range(50):
            await settle(pilot)
            if remote_head(remote) == head(bob.root):
                break
    assert remote_head(remote) == head(bob.root)


# --- snapshots -------------------------------------------------------------------------------


class ConflictHost(App[None]):
    """Shows the conflict screen alone, on fixed conflicts."""

    def __init__(self, store: Store, conflicts: list[RecordConflict]) -> None:
        super().__init__()
        self.store = store
        self.conflicts = conflicts

    def on_mount(self) -> None:
        self.push_screen(ConflictScreen(self.store, self.conflicts))


def conflicts_of(bob: Store) -> list[RecordConflict]:
    result = sync(bob)
    assert result.status == "conflicts"
    return result.conflicts


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
def test_conflict_screen_snapshot(
    team: tuple[Path, Store, Store], snap_compare: Any, size: tuple[int, int]
) -> None:
    _remote, _alice, bob = team
    assert snap_compare(ConflictHost(bob, conflicts_of(bob)), terminal_size=size)


def test_conflict_screen_snapshot_with_picks(
    team: tuple[Path, Store, Store], snap_compare: Any
) -> None:
    _remote, _alice, bob = team
    assert snap_compare(
        ConflictHost(bob, conflicts_of(bob)), press=["t", "down", "m"], terminal_size=SIZE
    )


# --- a form open while someone else saves the same record --------------------------------------


async def open_form(pilot: Pilot[None], app: SmgovApp) -> Any:
    from smgov_tui.core import kinds as k
    from smgov_tui.ui.screens.edit import EditScreen

    await loaded(pilot)
    assert app.store is not None
    app.syncer.check_disk(app.store)  # the baseline
    app.edit_record(k.OWNERS, "ana-ruiz")
    await settle(pilot)
    assert isinstance(app.screen, EditScreen)
    return app.screen


def set_department(screen: Any, value: str) -> None:
    from tests.helpers.editing import editor

    editor(screen, "department").query_one(Input).value = value


def outside_edit(ws: Path, **values: str) -> None:
    import tomllib

    from smgov_tui.store.tomledit import edit_text

    path = ws / ANA
    text = path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    raw.update(values)
    path.write_text(edit_text(text, raw), encoding="utf-8")
    git(ws, "commit", "-qam", "someone else")


@run_async
async def test_form_merges_an_outside_change_to_another_field(ws: Path) -> None:
    from smgov_tui.ui.screens.edit import EditScreen

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        set_department(form, "Brand")
        await settle(pilot)
        outside_edit(ws, phone="+34 600 999 999")
        assert app.store is not None
        assert app.syncer.check_disk(app.store) == [ANA]
        await settle(pilot)
        assert "saved by someone else" in static_text(form.query_one("#form-banner", Static))
        await pilot.press("y")
        await settle(pilot)
        fresh = app.screen
        assert isinstance(fresh, EditScreen) and fresh is not form
        await pilot.press("ctrl+s")
        for _ in range(50):
            await settle(pilot)
            if not isinstance(app.screen, EditScreen):
                break
    merged = read_file(ws)
    assert merged["department"] == "Brand" and merged["phone"] == "+34 600 999 999"
    assert (
        git(ws, "log", "-1", "--format=%s").strip() == "owners: set department of ana-ruiz to Brand"
    )


@run_async
async def test_form_asks_about_a_field_both_changed(ws: Path) -> None:
    from smgov_tui.ui.screens.edit import EditScreen

    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, app)
        set_department(form, "Brand")
        await settle(pilot)
        outside_edit(ws, department="Comms", phone="+34 600 999 999")
        assert app.store is not None
        app.syncer.check_disk(app.store)
        await settle(pilot)
        await pilot.press("y")
        screen = await until_conflict_screen(pilot)
        assert [row[1] for row in cells(screen)] == ["department"]
        shown = "\n".join(screen_lines(app))
        assert "puts the result in the form" in shown and "Put in the form" in shown
        assert "pushes" not in shown and "Apply and push" not in shown  # a form's save commits
        await pilot.press("m", "ctrl+s")
        for _ in range(50):
            await settle(pilot)
            if isinstance(app.screen, EditScreen) and app.screen is not form:
                break
        assert isinstance(app.screen, EditScreen)
        await pilot.press("ctrl+s")
        for _ in range(50):
            await settle(pilot)
            if not isinstance(app.screen, EditScreen):
                break
    merged = read_file(ws)
    assert merged["department"] == "Brand" and merged["phone"] == "+34 600 999 999"


def read_file(ws: Path) -> dict[str, Any]:
    import tomllib

    return tomllib.loads((ws / ANA).read_text(encoding="utf-8"))


@run_async
async def test_typing_a_list_value_starts_from_valid_toml(ws: Path, tmp_path: Path) -> None:
    """'e' on a list field offers the list as TOML; keeping it as offered keeps the list."""
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    hours = read(alice, ANA)["working_hours"]
    assert isinstance(hours, dict)
    change(alice, ANA, working_hours={**hours, "days": ["mon", "tue"]})
    change(bob, ANA, working_hours={**hours, "days": ["sat", "sun"]})
    assert sync(alice).ok
    app = ConflictHost(bob, conflicts_of(bob))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one(Input)
        assert field.value == '["sat", "sun"]'  # on main: "sat, sun", which reads back as text
        await pilot.press("enter")
        await settle(pilot)
        (pick,) = screen.picks_by_file()[ANA].values()
        assert pick.side == "edit" and pick.value == ["sat", "sun"]


@run_async
async def test_settling_conflicts_is_not_taken_for_someone_elses_change(
    team: tuple[Path, Store, Store], tmp_path: Path
) -> None:
    """The watcher looks at the disk while the picks are settled and pushed (here the push is
    held by a hook): what the settlement writes is the person's own sync, never "Changed on
    disk by someone else"."""
    _remote, _alice, bob = team
    gate = HookGate(bob.root, "pre-push", tmp_path)  # holds the settlement's push
    app = SmgovApp(bob.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        store = app.store
        assert store is not None
        await pilot.press("S")
        await until_conflict_screen(pilot)
        await pilot.press("t", "t", "t")
        await pilot.press("ctrl+s")
        # the settlement is written and committed, the push held
        await until(pilot, gate.has_started, "the settlement's push to reach its hook")
        look = asyncio.create_task(asyncio.to_thread(app.syncer.check_disk, store))
        await pilot.pause()
        gate.release()
        await settle(pilot)
        await until(
            pilot,
            lambda: not isinstance(app.screen, ConflictScreen),
            "the conflict screen to close",
        )
        assert await look == []  # paths it returns are told as "changed by someone else"
        assert app.syncer.check_disk(store) == []
    gate.close()


CONFLICT_FOOTER_AT_80 = """
import asyncio, sys
from pathlib import Path
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.conflict import ConflictScreen
from tests.helpers.ui import loaded, screen_lines, settle

async def main() -> None:
    app = SmgovApp(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("S")
        for _ in range(200):
            await settle(pilot)
            if isinstance(app.screen, ConflictScreen):
                break
        assert isinstance(app.screen, ConflictScreen)
        print(screen_lines(app)[-1])

asyncio.run(main())
"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_conflict_screens_footer_fits_80_columns(
    team: tuple[Path, Store, Store], language: str
) -> None:
    """Every key of the conflict screen is whole at 80 columns, in English and in Spanish (both
    ended in "esc Ca…" before the palette). In a fresh process: key names are translated when
    the screens are defined."""
    _remote, _alice, bob = team
    result = subprocess.run(
        [sys.executable, "-c", CONFLICT_FOOTER_AT_80, str(bob.root)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "SMGOV_LANG": language},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    footer = result.stdout.splitlines()[-1]
    assert ("esc Cancelar " if language == "es" else "esc Cancel ") in footer, footer
    assert "…" not in footer


@run_async
async def test_theirs_and_the_result_are_not_cut_at_80_columns(
    team: tuple[Path, Store, Store],
) -> None:
    _remote, _alice, bob = team
    app = ConflictHost(bob, conflicts_of(bob))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if "Record" in line and "Field" in line)
        assert "Theirs" in header and "Result" in header
        first = lines[lines.index(header) + 1]
        assert "alice@x" in first and "theirs: " in first  # their value, and what is kept
