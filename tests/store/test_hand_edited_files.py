"""Files edited by hand are first-class: CRLF endings, a byte-order mark, absurd nesting and
special files in record folders, on real files in real git workspaces.

The odd files are built by the tests rather than kept as fixtures: git may rewrite line
endings on checkout (``core.autocrlf``), and a file nested 3,000 levels deep is clearer as the
one line that makes it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input

from smgov_tui.cli import main
from smgov_tui.core import kinds as k
from smgov_tui.core.merge import Pick
from smgov_tui.store.store import SaveResult, Store
from smgov_tui.store.sync import resolve, sync
from smgov_tui.store.tomledit import edit_text
from smgov_tui.store.watch import changed_paths, fingerprint, outside_changes
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.screens.main import MainScreen
from smgov_tui.ui.screens.not_workspace import NotWorkspaceScreen
from smgov_tui.ui.screens.record import RecordScreen
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.forms import FormApp
from tests.helpers.git import git
from tests.helpers.sync import make_remote, member
from tests.helpers.ui import loaded, run_async, settle

DEEP = "a = " + "[" * 3000 + "]" * 3000 + "\n"
DOTTED = "[" + ".".join(["a"] * 3000) + "]\nx = 1\n"
"""Parsed without recursion by tomllib, but 3,000 tables deep: too deep for tomlkit (every
save), the record screen and the merges."""


def some_account(root: Path) -> str:
    """The workspace-relative path of the first account of the sample."""
    return "accounts/" + sorted(p.name for p in (root / "accounts").glob("*.toml"))[0]


def rewrite(root: Path, rel: str, data: bytes, message: str) -> None:
    """Put ``data`` in ``rel`` exactly (no newline translation) and commit it."""
    (root / rel).write_bytes(data)
    git(root, "add", "--", rel)
    git(root, "commit", "-q", "-m", message)


def opened(root: Path) -> Store:
    store = Store.open(root)
    store.load()
    return store


def save_field(store: Store, rel: str, **changes: object) -> None:
    found = k.kind_for_path(rel)
    assert found is not None
    entry = store.data.entry(*found)
    assert entry is not None and entry.record is not None, store.check()
    store.save(found[0], found[1], {**entry.raw, **changes}, entry.text)


def changed_lines(root: Path) -> list[str]:
    """The removed and added lines of the last commit (``git show -U0``), endings kept."""
    out = subprocess.run(
        ["git", "show", "--format=", "--unified=0", "HEAD"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    lines = out.split("\n")
    return [line for line in lines if line[:1] in ("+", "-") and line[:3] not in ("+++", "---")]


# --- CRLF ---------------------------------------------------------------------------------


def test_editing_a_crlf_file_changes_one_line_and_keeps_crlf(ws: Path) -> None:
    rel = some_account(ws)
    lf = (ws / rel).read_bytes()
    crlf = lf.replace(b"\n", b"\r\n")
    rewrite(ws, rel, crlf, "accounts: saved on Windows")
    store = opened(ws)

    save_field(store, rel, department="Changed on Windows")

    after = (ws / rel).read_bytes()
    assert after.count(b"\r\n") == after.count(b"\n") == crlf.count(b"\n")
    changed = changed_lines(ws)  # exactly the edited line, removed and added, CRLF both
    assert len(changed) == 2 and all(
        line.startswith(("-department", "+department")) for line in changed
    )
    assert changed[1] == '+department = "Changed on Windows"\r'
    assert git(ws, "status", "--porcelain") == ""


def test_a_mixed_file_keeps_each_lines_ending(ws: Path) -> None:
    rel = some_account(ws)
    lines = (ws / rel).read_bytes().split(b"\n")
    # every other line CRLF: an editor that added a few lines with its own endings
    mixed = b"".join(line + (b"\r\n" if i % 2 else b"\n") for i, line in enumerate(lines[:-1]))
    rewrite(ws, rel, mixed, "accounts: mixed endings")
    store = opened(ws)

    save_field(store, rel, department="Mixed endings survive")

    after = (ws / rel).read_bytes().split(b"\n")
    before = mixed.split(b"\n")
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    assert after[changed[0]].endswith(b"\r") == before[changed[0]].endswith(b"\r")


def test_new_lines_take_the_files_usual_ending() -> None:
    text = '\ufeff# Windows\r\nname = "A"\r\n\r\n[hours]\r\nstart = "09:00"\r\n'
    edited = edit_text(text, {"name": "A", "role": "cm", "hours": {"start": "10:00"}})
    assert edited.startswith("\ufeff# Windows\r\n")
    assert "\n" not in edited.replace("\r\n", "")
    assert 'role = "cm"\r\n' in edited and 'start = "10:00"\r\n' in edited
    assert edit_text(text, {"name": "A", "hours": {"start": "09:00"}}) == text


def test_an_incident_log_appended_to_keeps_crlf(ws: Path) -> None:
    from smgov_tui.store.incidents import Incidents

    store = opened(ws)
    incidents = Incidents(store)
    playbook = sorted(store.data.playbooks)[0]
    severity = store.data.playbooks[playbook].severities[0].id
    opened_incident = incidents.create(playbook, severity, "Windows incident")
    path = ws / opened_incident.path
    rewrite(ws, opened_incident.path, path.read_bytes().replace(b"\n", b"\r\n"), "crlf")
    store.load()

    current = incidents.read(opened_incident.id)
    incidents.act(current, "note", "logged on a CRLF file")

    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert all(line.startswith("+") for line in changed_lines(ws))
    assert "logged on a CRLF file" in data.decode("utf-8")


def test_the_app_does_not_take_its_own_crlf_save_for_an_outside_change(ws: Path) -> None:
    rel = some_account(ws)
    rewrite(ws, rel, (ws / rel).read_bytes().replace(b"\n", b"\r\n"), "crlf")
    store = opened(ws)
    before = fingerprint(ws)
    save_field(store, rel, department="Saved in the app")
    paths = changed_paths(before, fingerprint(ws))
    assert rel in paths
    assert outside_changes(store, paths) == []


def test_merge_driver_keeps_crlf(ws: Path, tmp_path: Path) -> None:
    from smgov_tui.merge_driver import merge_files

    base = 'name = "A"\r\nrole = "cm"\r\nphone = "1"\r\n'
    ours = 'name = "B"\r\nrole = "cm"\r\nphone = "1"\r\n'
    theirs = 'name = "A"\r\nrole = "cm"\r\nphone = "2"\r\n'
    files = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        files.append(path)
    assert merge_files(*files, "owners/a.toml") == 0
    assert files[1].read_bytes() == b'name = "B"\r\nrole = "cm"\r\nphone = "2"\r\n'


# --- byte-order mark ---------------------------------------------------------------------


def test_a_file_with_a_bom_loads_is_checked_exported_and_keeps_its_bom(ws: Path) -> None:
    rel = some_account(ws)
    record_id = Path(rel).stem
    rewrite(ws, rel, b"\xef\xbb\xbf" + (ws / rel).read_bytes(), "accounts: saved with a BOM")
    store = opened(ws)

    entry = store.data.entry(k.ACCOUNTS, record_id)
    assert entry is not None and entry.record is not None
    assert record_id in store.data.accounts
    assert [p for p in store.check() if p.path == rel and p.severity == "error"] == []
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(ws)])
    assert "not valid TOML" not in checked.output, checked.output
    exported = runner.invoke(main, ["export", "accounts", str(ws), "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    assert entry.record.handle in exported.output

    save_field(store, rel, department="Saved after a BOM")

    after = (ws / rel).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and not after.startswith(b"\xef\xbb\xbf" * 2)
    assert len(changed_lines(ws)) == 2


# --- deep nesting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "deep",
    [DEEP, "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", DOTTED],
    ids=["arrays", "inline-tables", "dotted-table-header"],
)
def test_a_deeply_nested_file_is_one_finding_and_the_rest_loads(ws: Path, deep: str) -> None:
    rel = some_account(ws)
    (ws / rel).write_text(deep, encoding="utf-8")
    store = opened(ws)
    found = [p for p in store.check() if p.path == rel]
    assert [p.severity for p in found] == ["error"]
    assert "nested too deeply" in found[0].message
    assert len(store.data.accounts) == len(list((ws / "accounts").glob("*.toml"))) - 1


def test_check_on_a_deeply_nested_file_exits_1_without_a_traceback(ws: Path) -> None:
    rel = some_account(ws)
    (ws / rel).write_text(DEEP, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "smgov_tui", "check", str(ws)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"error: {rel}: is nested too deeply" in result.stdout


# --- special files ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_record_folder_is_skipped_with_a_warning(ws: Path) -> None:
    os.mkfifo(ws / "accounts" / "pipe.toml")
    (ws / "owners" / "folder.toml").mkdir()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "smgov_tui", "check", str(ws)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )
    except subprocess.TimeoutExpired:  # pragma: no cover - the bug: check blocks on the FIFO
        pytest.fail("smgov check hung on a FIFO in accounts/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: accounts/pipe.toml: is not a regular file" in result.stdout
    assert "warning: owners/folder.toml: is a folder" in result.stdout
    assert "Traceback" not in result.stderr


@run_async
async def test_the_app_shows_the_lists_despite_a_deeply_nested_file(ws: Path) -> None:
    rel = some_account(ws)
    (ws / rel).write_text(DEEP, encoding="utf-8")
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert isinstance(app.screen, MainScreen)
        accounts = app.screen.query_one("#section-accounts", RecordList)
        total = len(list((ws / "accounts").glob("*.toml")))
        assert accounts.table.row_count == total  # the broken one is listed as invalid
        assert app.snapshot is not None and app.snapshot.checked
        assert any(
            p.path == rel and "nested too deeply" in p.message for p in app.snapshot.problems
        )


@run_async
async def test_the_record_screen_opens_on_a_file_with_a_deep_table(ws: Path) -> None:
    rel = some_account(ws)
    with (ws / rel).open("a", encoding="utf-8") as handle:
        handle.write("\n" + DOTTED)
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.open_record(k.ACCOUNTS, Path(rel).stem)
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert app.is_running


# --- CRLF through a sync ---------------------------------------------------------------------


def hand_edit(store: Store, rel: str, old: bytes, new: bytes) -> None:
    """Replace one line of ``rel`` as a Windows editor would (CRLF kept) and commit it."""
    path = store.root / rel
    data = path.read_bytes()
    assert old in data
    rewrite(store.root, rel, data.replace(old, new), f"edit {rel}")


def crlf_team(ws: Path, tmp_path: Path) -> tuple[Store, Store, str]:
    """A remote whose first account is CRLF, and two clones that each edited one line of it
    by hand (adjacent lines: git's own line merge would conflict)."""
    rel = some_account(ws)
    rewrite(ws, rel, (ws / rel).read_bytes().replace(b"\n", b"\r\n"), "accounts: CRLF")
    remote = make_remote(ws, tmp_path)
    alice = member(remote, tmp_path, "alice")
    bob = member(remote, tmp_path, "bob")
    hand_edit(alice, rel, b'department = "Marketing"\r\n', b'department = "From Alice"\r\n')
    hand_edit(bob, rel, b'network = "blog"\r\n', b'network = "mastodon"\r\n')
    return alice, bob, rel


def assert_crlf_with_both(store: Store, rel: str) -> None:
    data = (store.root / rel).read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n"), data
    text = data.decode("utf-8")
    assert 'department = "From Alice"' in text and 'network = "mastodon"' in text
    assert "<<<<<<<" not in text


def test_a_sync_keeps_a_crlf_file_crlf(ws: Path, tmp_path: Path) -> None:
    alice, bob, rel = crlf_team(ws, tmp_path)
    assert sync(alice).status == "synced"
    result = sync(bob)
    assert result.status == "synced", result.message
    assert_crlf_with_both(bob, rel)
    assert git(bob.root, "status", "--porcelain") == ""


def test_a_plain_git_pull_keeps_a_crlf_file_crlf(ws: Path, tmp_path: Path) -> None:
    alice, bob, rel = crlf_team(ws, tmp_path)
    assert sync(alice).status == "synced"
    pulled = subprocess.run(
        ["git", "pull", "-q", "--rebase"], cwd=bob.root, capture_output=True, text=True
    )
    assert pulled.returncode == 0, pulled.stderr
    assert_crlf_with_both(bob, rel)


def test_settling_a_conflict_on_a_crlf_file_keeps_it_crlf(ws: Path, tmp_path: Path) -> None:
    alice, bob, rel = crlf_team(ws, tmp_path)
    hand_edit(bob, rel, b'department = "Marketing"\r\n', b'department = "From Bob"\r\n')
    assert sync(alice).status == "synced"
    assert sync(bob).status == "conflicts"
    result = resolve(bob, {rel: {"department": Pick("theirs")}})
    assert result.status == "synced", result.message
    assert_crlf_with_both(bob, rel)
    # the settlement commit changes the one line it settles, in the file's own ending
    assert changed_lines(bob.root) == [
        '-department = "From Bob"\r',
        '+department = "From Alice"\r',
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_the_watcher_never_opens_a_fifo(store: Store) -> None:
    before = fingerprint(store.root)
    fifo = store.root / "accounts" / "pipe.toml"
    os.mkfifo(fifo)
    found: list[list[str]] = []
    watcher = threading.Thread(
        target=lambda: found.append(
            outside_changes(store, changed_paths(before, fingerprint(store.root)))
        ),
        daemon=True,
    )
    watcher.start()
    watcher.join(timeout=60)
    if watcher.is_alive():  # the bug: open() blocks on the FIFO; release it, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        watcher.join(timeout=60)
        pytest.fail("the watcher blocked on a FIFO")
    assert found == [[]]


def test_rename_and_duplicate_keep_crlf_and_bom(ws: Path) -> None:
    rel = some_account(ws)
    marked = b"\xef\xbb\xbf" + (ws / rel).read_bytes().replace(b"\n", b"\r\n")
    rewrite(ws, rel, marked, "accounts: CRLF and BOM")
    store = opened(ws)
    account = store.data.accounts[Path(rel).stem]

    store.rename(k.OWNERS, account.owner, "renamed-owner")

    after = (ws / rel).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == after.count(b"\n")
    assert after.replace(b"renamed-owner", account.owner.encode()) == marked
    store.duplicate(k.ACCOUNTS, Path(rel).stem, "copied-account")
    assert (ws / "accounts/copied-account.toml").read_bytes() == after


@run_async
async def test_the_form_saves_a_crlf_bom_file_without_a_false_conflict(ws: Path) -> None:
    rel = "accounts/blog-la-despensa.toml"
    marked = b"\xef\xbb\xbf" + (ws / rel).read_bytes().replace(b"\n", b"\r\n")
    rewrite(ws, rel, marked, "accounts: CRLF and BOM")
    store = opened(ws)
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, EditScreen)
        field = screen.collect()[1]["department"].query_one(Input)
        field.focus()
        field.value = ""
        await pilot.press(*"Content")
        await pilot.pause()  # no wait for the debounce: a save validates in the store anyway
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.results and isinstance(app.results[-1], SaveResult), "not saved"
    assert app.results[-1].committed
    after = (ws / rel).read_bytes()
    assert after == marked.replace(b'department = "Marketing"', b'department = "Content"')


@run_async
async def test_an_unexpected_failure_while_loading_is_shown_not_endless_loading(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real failure nobody wraps in a StoreError: no git on PATH (FileNotFoundError). The
    # loading worker used to die with it silently, leaving "Loading the workspace..." on screen.
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NotWorkspaceScreen)
        assert app.screen.reason


def test_a_dangling_symlink_is_still_an_unreadable_file(ws: Path) -> None:
    (ws / "accounts" / "gone.toml").symlink_to(ws / "accounts" / "missing-target.toml")
    store = opened(ws)
    found = [p for p in store.check() if p.path == "accounts/gone.toml"]
    assert [(p.severity, p.code) for p in found] == [("error", "unreadable")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@run_async
async def test_the_app_loads_beside_a_fifo(ws: Path) -> None:
    fifo = ws / "accounts" / "pipe.toml"
    os.mkfifo(fifo)
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        stuck = app.snapshot is None or not app.snapshot.checked
        if stuck:  # the bug: the loading worker blocks in open(); release it, then fail
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            await settle(pilot)
        assert not stuck, "the app stayed on 'Loading the workspace...'"
        assert app.snapshot is not None
        assert any(p.path == "accounts/pipe.toml" for p in app.snapshot.problems)
        accounts = app.screen.query_one("#section-accounts", RecordList)
        assert accounts.table.row_count == len(app.snapshot.store.data.accounts) > 0


def test_personal_settings_saved_with_a_bom_and_crlf_are_read_and_kept() -> None:
    from smgov_tui.store.settings import Settings, load_settings, save_settings, settings_path

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'\xef\xbb\xbf# mine\r\nsync_after_save = true\r\ntheme = "dark"\r\n')
    assert load_settings().sync_after_save is True
    save_settings(Settings(sync_after_save=False))
    assert path.read_bytes() == (
        b'\xef\xbb\xbf# mine\r\nsync_after_save = false\r\ntheme = "dark"\r\n'
    )
