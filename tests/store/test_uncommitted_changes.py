"""Changes written but never committed: a failed put-back says which file and git's error; a
save killed while the pre-commit hook runs is found again (check, sync, the app) and settled."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Static

from smgov_tui.cli import main
from smgov_tui.core import kinds as k
from smgov_tui.store.errors import NotPutBack, StoreError, ValidationFailed
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.modals.uncommitted import UncommittedModal
from tests.helpers.crisis import make_crisis_ws
from tests.helpers.git import git
from tests.helpers.sync import make_remote, member
from tests.helpers.ui import loaded, notices, run_async, settle, static_text

MakeWs = Callable[..., Path]
RECORD = "accounts/ig-shop.toml"


def hook(root: Path, body: str) -> None:
    """Install ``body`` as the repository's pre-commit hook."""
    path = root / ".git/hooks/pre-commit"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)


@contextlib.contextmanager
def immutable_later(root: Path, folder: str) -> Iterator[None]:
    """Lets a hook make ``folder`` immutable (``chattr +i``): even root can then neither
    create, replace nor remove a file in it, so putting a record back really fails. Skips the
    test where the file system has no such attribute (tmpfs) or chattr is missing."""
    probe = root / ".probe"
    probe.mkdir()
    try:
        made = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, check=False)
    except FileNotFoundError:
        pytest.skip("chattr is not installed")
    if made.returncode != 0:
        probe.rmdir()
        pytest.skip("this file system has no immutable attribute")
    subprocess.run(["chattr", "-i", str(probe)], check=True)
    probe.rmdir()
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(root / folder)], check=False)


def test_a_refused_commit_whose_file_cannot_be_put_back_names_the_file_and_gits_error(
    make_ws: MakeWs,
) -> None:
    root = make_ws()
    store = Store.open(root)
    store.load()
    entry = store.data.entry(k.ACCOUNTS, "ig-shop")
    assert entry is not None
    hook(root, "chattr +i accounts\necho 'policy: no commits on Fridays' >&2\nexit 1\n")
    before = git(root, "rev-parse", "HEAD")

    with immutable_later(root, "accounts"):
        with pytest.raises(NotPutBack) as raised:
            store.save(k.ACCOUNTS, "ig-shop", {**entry.raw, "purpose": "Sales"}, entry.text)
        disk = (root / RECORD).read_text(encoding="utf-8")

    message = str(raised.value)
    assert message.startswith("git commit failed: policy: no commits on Fridays")
    assert f"{RECORD} still hold the change, written but not committed" in message
    assert raised.value.paths == [RECORD]
    assert 'purpose = "Sales"' in disk  # the value is where the sentence says
    assert git(root, "rev-parse", "HEAD") == before
    # the journal stays: the next start knows who saved what
    found = Store.open(root).uncommitted()
    assert [(u.path, u.message, u.author) for u in found] == [
        (RECORD, "accounts: set purpose of ig-shop to Sales", "Test Author <test@example.org>")
    ]
    # and smgov check run beside this still running process names the file at once
    checked = subprocess.run(
        [sys.executable, "-m", "smgov_tui", "check", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"{RECORD}: this file holds a change that was written but never" in checked.stdout


def test_a_refused_delete_whose_file_cannot_be_put_back_names_it(make_ws: MakeWs) -> None:
    root = make_ws(
        {
            "accounts/old.toml": 'network = "x"\nhandle = "@old"\nowner = "ana-ruiz"\n'
            'backup_owner = "luis-gomez"\nstatus = "archived"\npurpose = "Old"\n'
            "last_reviewed = 2026-11-01\n"
        }
    )
    store = Store.open(root)
    store.load()
    hook(root, "chattr +i accounts\necho 'no deletions' >&2\nexit 1\n")

    with immutable_later(root, "accounts"), pytest.raises(NotPutBack) as raised:
        store.delete(k.ACCOUNTS, "old")

    assert str(raised.value).startswith("git commit failed: no deletions")
    assert "accounts/old.toml still hold the change" in str(raised.value)
    assert not (root / "accounts/old.toml").exists()


BEA = "Bea Soto <bea@example.org>"
SAVE = """
import sys
from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
store = Store.open(sys.argv[1])
store.load()
entry = store.data.entry(k.ACCOUNTS, "ig-shop")
store.save(k.ACCOUNTS, "ig-shop", {**entry.raw, "purpose": "Sales"}, entry.text)
"""


def stopped_save(
    root: Path, tmp_path: Path, record: str = "ig-shop", whole_group: bool = True
) -> Path:
    """Bea saves the account's purpose in another process; while git runs the pre-commit hook (it
    blocks on a FIFO, returned, that nobody opens), the process group gets ``kill -9``: the file
    holds the new value and no commit does. With ``whole_group=False`` only smgov is killed:
    its git lives on, waiting for the hook."""
    started, gate = tmp_path / "hook-started", tmp_path / "hook-gate"
    os.mkfifo(started)
    os.mkfifo(gate)
    hook(root, f"echo running > '{started}'\ncat '{gate}' >/dev/null\n")
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVE.replace("ig-shop", record), str(root)],
        env={**os.environ, "SMGOV_AUTHOR": BEA},
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.append(started.read_text()), daemon=True)
    reader.start()
    reader.join(timeout=60)  # returns as soon as the hook runs; the bound only stops a hang
    if not said:
        saver.kill()
        with started.open("w"):
            pass  # lets the reader thread go
        pytest.fail(f"the hook never ran: {saver.communicate()}")
    if whole_group:
        os.killpg(saver.pid, signal.SIGKILL)
    else:
        saver.kill()
    saver.wait()
    (root / ".git/hooks/pre-commit").unlink()
    rel = k.ACCOUNTS.path_for(record)
    assert 'purpose = "Sales"' in (root / rel).read_text(encoding="utf-8")
    assert git(root, "status", "--porcelain", "--untracked-files=no") == f" M {rel}\n"
    return gate


def tree_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_check_names_a_save_stopped_before_its_commit_and_writes_nothing(
    make_ws: MakeWs, tmp_path: Path
) -> None:
    root = make_ws()
    stopped_save(root, tmp_path)
    before = tree_state(root)

    result = CliRunner().invoke(main, ["check", str(root)])

    assert result.exit_code == 0, result.output
    assert (
        f"warning: {RECORD}: this file holds a change that was written but never committed: "
        "smgov saved it for Bea Soto <bea@example.org> ('accounts: set purpose of ig-shop to "
        "Sales') and was stopped before the commit."
    ) in " ".join(result.output.split())
    assert tree_state(root) == before  # not the index, not .git/config, not the journal


def test_sync_refuses_naming_the_stopped_save_and_the_hand_edit(ws: Path, tmp_path: Path) -> None:
    remote = make_remote(ws, tmp_path)
    bob = member(remote, tmp_path, "bob")
    rel = "accounts/instagram-olmedo.toml"
    stopped_save(bob.root, tmp_path, "instagram-olmedo")
    other = "owners/" + sorted(p.name for p in (bob.root / "owners").iterdir())[0]
    with (bob.root / other).open("a", encoding="utf-8") as handle:
        handle.write("# a note typed by hand\n")

    result = sync(bob)

    assert result.status == "dirty"
    message = " ".join(result.message.split())
    assert (
        f"This file holds a change smgov saved but never committed (it was stopped before the "
        f"commit): {rel} ('accounts: set purpose of instagram-olmedo to Sales', for {BEA}). "
        f"Open the workspace in smgov (smgov {bob.root}): it offers to commit it"
    ) in message
    assert f"These files were changed outside smgov and are not committed: {other}." in message


async def offered(pilot: Pilot[None]) -> str:
    """Wait for the app to load; it shows the offer: return what the offer lists."""
    app = await loaded(pilot)
    assert isinstance(app.screen, UncommittedModal), app.screen
    return static_text(app.screen.query_one("#uncommitted-list", Static))


@run_async
async def test_the_app_offers_the_stopped_save_and_commits_it_as_meant(
    make_ws: MakeWs, tmp_path: Path
) -> None:
    root = make_ws()
    stopped_save(root, tmp_path)
    before = git(root, "rev-parse", "HEAD").strip()
    app = SmgovApp(root)
    async with app.run_test(size=(110, 36)) as pilot:
        listed = " ".join((await offered(pilot)).split())
        assert listed == (
            f"- {RECORD} saved by {BEA} commit message: accounts: set purpose of ig-shop to Sales"
        )
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, UncommittedModal)
        assert app.store is not None
        entry = app.store.data.entry(k.ACCOUNTS, "ig-shop")
        assert entry is not None and entry.raw["purpose"] == "Sales"

    made = git(root, "log", "--format=%an <%ae>|%cn|%s", f"{before}..HEAD").splitlines()
    assert made == [f"{BEA}|Bea Soto|accounts: set purpose of ig-shop to Sales"]
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [RECORD]
    assert git(root, "status", "--porcelain") == ""
    assert not (root / ".git/index.lock").exists()  # the killed commit's lock went with it
    assert not list((root / ".git/smgov/pending").iterdir())


@run_async
async def test_the_app_puts_the_committed_version_back_when_asked(
    make_ws: MakeWs, tmp_path: Path
) -> None:
    root = make_ws()
    committed = (root / RECORD).read_text(encoding="utf-8")
    stopped_save(root, tmp_path)
    before = git(root, "rev-parse", "HEAD").strip()
    app = SmgovApp(root)
    async with app.run_test(size=(110, 36)) as pilot:
        await offered(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert not isinstance(app.screen, UncommittedModal)

    assert (root / RECORD).read_text(encoding="utf-8") == committed
    assert git(root, "rev-parse", "HEAD").strip() == before
    assert git(root, "status", "--porcelain") == ""
    assert not list((root / ".git/smgov/pending").iterdir())
    assert Store.open(root).uncommitted() == []


@run_async
async def test_later_leaves_the_change_for_check_and_sync_to_name(
    make_ws: MakeWs, tmp_path: Path
) -> None:
    root = make_ws()
    stopped_save(root, tmp_path)
    app = SmgovApp(root)
    async with app.run_test(size=(110, 36)) as pilot:
        await offered(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, UncommittedModal)
        told = " ".join(str(n.message) for n in notices(app))
        assert f"Not committed yet: {RECORD}." in told
        assert "offers it again the next time" in told

    assert [item.path for item in Store.open(root).uncommitted(by_smgov_only=True)] == [RECORD]


def test_a_refused_crisis_step_whose_file_cannot_be_put_back_names_it(tmp_path: Path) -> None:
    root = make_crisis_ws(tmp_path / "cws")
    store = Store.open(root)
    store.load()
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    hook(root, "chattr +i incidents\necho 'CI is down, no commits' >&2\nexit 1\n")

    with immutable_later(root, "incidents"), pytest.raises(NotPutBack) as raised:
        incidents.act(current, "note", "Agency called back")
    disk = (root / current.path).read_text(encoding="utf-8")

    assert str(raised.value).startswith("git commit failed: CI is down, no commits")
    assert f"{current.path} still hold the change" in str(raised.value)
    assert "Agency called back" in disk
    found = store.uncommitted(by_smgov_only=True)
    assert [(item.path, item.author) for item in found] == [
        (current.path, "Test Author <test@example.org>")
    ]


def test_a_journal_whose_change_was_committed_after_all_is_forgotten(
    make_ws: MakeWs, tmp_path: Path
) -> None:
    root = make_ws()
    stopped_save(root, tmp_path)
    (root / ".git/index.lock").unlink()  # as git's own message says to
    git(root, "commit", "-q", "-am", "committed by hand")
    store = Store.open(root)

    assert store.uncommitted() == []
    store.forget_settled()

    assert not list((root / ".git/smgov/pending").iterdir())


def git_in(root: Path) -> int:
    """The pid of the git process working in ``root`` (there must be one)."""
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if (
                entry.name.isdigit()
                and (entry / "comm").read_text().strip() == "git"
                and Path(os.readlink(entry / "cwd")) == root.resolve()
            ):
                return int(entry.name)
    raise AssertionError("no git process in the workspace")


def test_a_commit_that_outlives_the_killed_smgov_is_left_to_finish(
    make_ws: MakeWs, tmp_path: Path
) -> None:
    root = make_ws()
    gate = stopped_save(root, tmp_path, whole_group=False)
    survivor = os.pidfd_open(git_in(root))
    try:
        store = Store.open(root)
        found = store.uncommitted(by_smgov_only=True)
        assert [item.path for item in found] == [RECORD]

        with pytest.raises(StoreError, match="git is still making a commit in"):
            store.settle_uncommitted(found, commit=True)
        assert (root / ".git/index.lock").exists()  # git's own, still in use: left alone
    finally:
        with gate.open("w"):
            pass  # the hook ends; git finishes its commit
        select.select([survivor], [], [], 60)  # readable once that git process has ended
        os.close(survivor)

    assert git(root, "log", "-1", "--format=%an <%ae>|%s") == (
        f"{BEA}|accounts: set purpose of ig-shop to Sales\n"
    )
    assert store.uncommitted() == []
    store.forget_settled()
    assert not list((root / ".git/smgov/pending").iterdir())


def test_a_hand_change_is_committed_with_the_message_smgov_would_make_and_only_if_valid(
    make_ws: MakeWs,
) -> None:
    root = make_ws()
    path = root / RECORD
    good = path.read_text(encoding="utf-8").replace('status = "active"', 'status = "paused"')
    path.write_text(good.replace('owner = "ana-ruiz"', 'owner = "nobody"'), encoding="utf-8")
    store = Store.open(root)
    before = git(root, "rev-parse", "HEAD")

    found = store.uncommitted()
    assert [(item.path, item.by_smgov, item.message) for item in found] == [
        (RECORD, False, "accounts: update ig-shop (owner, status)")
    ]
    with pytest.raises(ValidationFailed, match='"nobody" is not an owner'):
        store.settle_uncommitted(found, commit=True)
    assert git(root, "rev-parse", "HEAD") == before

    path.write_text(good, encoding="utf-8")
    made = store.settle_uncommitted(store.uncommitted(), commit=True)

    assert made == ["accounts: set status of ig-shop to paused"]
    assert git(root, "log", "-1", "--format=%an|%s") == (
        "Test Author|accounts: set status of ig-shop to paused\n"
    )
    assert git(root, "status", "--porcelain") == ""


def test_a_hand_change_to_a_crlf_file_with_a_bom_is_settled_like_any_other(
    make_ws: MakeWs,
) -> None:
    root = make_ws()
    path = root / RECORD
    windows = ("\ufeff" + path.read_text(encoding="utf-8")).replace("\n", "\r\n")
    path.write_bytes(windows.encode("utf-8"))
    git(root, "commit", "-q", "-am", "accounts: saved on Windows")
    path.write_bytes(windows.replace('"active"', '"paused"').encode("utf-8"))
    store = Store.open(root)

    found = store.uncommitted()
    assert [item.message for item in found] == ["accounts: set status of ig-shop to paused"]
    assert store.settle_uncommitted(found, commit=True) == [
        "accounts: set status of ig-shop to paused"
    ]


@run_async
async def test_crisis_mode_offers_the_stopped_save_too(make_ws: MakeWs, tmp_path: Path) -> None:
    """``smgov crisis`` opened after a kill offers the stopped save, as the app does."""
    root = make_ws()
    stopped_save(root, tmp_path)
    store = Store.open(root)
    store.load()
    app = CrisisApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UncommittedModal), app.screen
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, UncommittedModal)
    assert git(root, "log", "-1", "--format=%an <%ae>|%s").strip() == (
        f"{BEA}|accounts: set purpose of ig-shop to Sales"
    )
    assert git(root, "status", "--porcelain") == ""
