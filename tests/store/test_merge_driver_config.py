"""The merge driver's registration in ``.git/config`` and pull.rebase, on real repositories.

Reading commands write nothing; the registered command still merges when the Python that
registered it is gone; a driver brought by an ``[include]`` is reported and never run; a plain
``git pull`` in a clone rebases instead of refusing."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from smgov_tui.store.mergeconfig import (
    DRIVER_KEY,
    FALLBACK_LABEL,
    driver_command,
    driver_python,
    ensure_merge_driver,
    legacy_command,
)
from smgov_tui.store.status import workspace_status
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync, sync_status
from smgov_tui.store.tomledit import edit_text
from smgov_tui.ui.app import SmgovApp
from tests.helpers.git import git
from tests.helpers.machine import SRC, smgov
from tests.helpers.sync import change, make_remote, member, read
from tests.helpers.ui import notices, run_async, settle

ANA = "owners/ana-ruiz.toml"
CARLOS = "owners/carlos-vidal.toml"


def snapshot(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder under ``root`` (``.git`` included): mtime, size and content."""
    found = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha1(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[str(path.relative_to(root))] = (info.st_mtime_ns, info.st_size, digest)
    return found


def edit(root: Path, rel: str, **values: object) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(edit_text(text, {**tomllib.loads(text), **values}), encoding="utf-8")


def commit_edit(root: Path, rel: str, **values: object) -> None:
    edit(root, rel, **values)
    git(root, "commit", "-q", "-am", f"edit {', '.join(values)}")


def venv_with_smgov(tmp_path: Path) -> Path:
    """A throw-away virtual environment whose Python imports this smgov (a pre-commit hook's
    environment, say); returns its python."""
    venv = tmp_path / "other-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python*/site-packages"))
    paths = [str(SRC), *(p for p in sys.path if p and Path(p).is_dir())]
    (site / "smgov-dev.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
    return venv / "bin" / "python"


# --- reading writes nothing ---


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "json"],
        ["export", "accounts", "--format", "csv"],
        ["incident", "report", "2026-06-18-tiktok-hacked"],
    ],
    ids=["check", "check-json", "export", "report"],
)
def test_reading_commands_write_nothing(args: list[str], ws: Path) -> None:
    # registered by another Python (gone now) and an index that git status would refresh
    git(ws, "config", DRIVER_KEY, legacy_command("/gone/venv/bin/python"))
    record = ws / ANA
    later = record.stat().st_mtime + 100
    os.utime(record, (later, later))
    before = snapshot(ws)
    result = smgov(*args, str(ws))
    assert result.returncode in (0, 1), result.stderr
    assert snapshot(ws) == before


def test_status_reads_write_nothing(ws: Path) -> None:
    git(ws, "config", DRIVER_KEY, legacy_command("/gone/venv/bin/python"))
    record = ws / ANA
    later = record.stat().st_mtime + 100
    os.utime(record, (later, later))
    before = snapshot(ws)
    store = Store.open(ws)
    store.load()
    store.check()
    workspace_status(store)
    sync_status(store)
    assert snapshot(ws) == before


# --- the registered command ---


def test_the_driver_command_is_recognised() -> None:
    assert driver_python(driver_command("/opt/a b/python")) == "/opt/a b/python"
    assert driver_python(legacy_command("/opt/python")) == "/opt/python"
    assert driver_python("sh -c 'curl x | sh'") is None
    assert driver_python(driver_command("/opt/python") + "; rm -rf ~") is None


def test_a_driver_registered_by_a_deleted_venv_still_merges(ws: Path, tmp_path: Path) -> None:
    git(ws, "config", "--unset", DRIVER_KEY)
    python = venv_with_smgov(tmp_path)
    smgov("sync", str(ws), python=str(python))  # no remote; opening for work registers it
    registered = git(ws, "config", DRIVER_KEY).strip()
    assert str(python.parent) in registered
    shutil.rmtree(python.parent.parent)  # the environment is gone
    git(ws, "checkout", "-q", "-b", "theirs")
    commit_edit(ws, ANA, name="Ana R. Beltrán")
    git(ws, "checkout", "-q", "main")
    commit_edit(ws, ANA, timezone="Atlantic/Canary")  # four lines below: git merges it alone
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "theirs"], cwd=ws, capture_output=True, text=True
    )
    assert merged.returncode == 0, merged.stdout + merged.stderr
    data = tomllib.loads((ws / ANA).read_text(encoding="utf-8"))
    assert (data["name"], data["timezone"]) == ("Ana R. Beltrán", "Atlantic/Canary")
    git(ws, "checkout", "-q", "-b", "again", "theirs~1")
    commit_edit(ws, ANA, name="Ana Ruiz B.")
    conflicted = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "theirs"], cwd=ws, capture_output=True, text=True
    )
    assert conflicted.returncode == 1  # a real conflict: git's markers, named as a fallback
    assert f">>>>>>> {FALLBACK_LABEL}\n" in (ws / ANA).read_text(encoding="utf-8")


def test_a_real_conflict_is_the_drivers_not_a_fallback(ws: Path) -> None:
    """The driver exits non-zero on a real conflict after writing its markers (only around
    the conflicting field): that must not be taken for "could not run"."""
    assert git(ws, "config", DRIVER_KEY).strip() == driver_command()
    git(ws, "checkout", "-q", "-b", "theirs")
    commit_edit(ws, ANA, email="ana@theirs.example")
    git(ws, "checkout", "-q", "main")
    commit_edit(ws, ANA, email="ana@mine.example", phone="+34 600 000 001")  # adjacent lines
    merged = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "theirs"], cwd=ws, capture_output=True, text=True
    )
    assert merged.returncode == 1
    text = (ws / ANA).read_text(encoding="utf-8")
    conflict = text[text.index("<<<<<<<") : text.index(">>>>>>>")]
    assert "ana@theirs.example" in conflict and "ana@mine.example" in conflict
    assert text.count("<<<<<<<") == text.count(">>>>>>>") == 1
    assert ">>>>>>> theirs\n" in text  # the driver's markers: no line merge ran after it
    assert FALLBACK_LABEL not in text


def test_opening_for_work_keeps_a_working_registration(ws: Path, tmp_path: Path) -> None:
    python = venv_with_smgov(tmp_path)
    mine = git(ws, "config", DRIVER_KEY).strip()
    smgov("sync", str(ws), python=str(python))
    assert git(ws, "config", DRIVER_KEY).strip() == mine  # another Python does not take over


def test_opening_for_work_replaces_a_gone_or_legacy_registration(ws: Path) -> None:
    git(ws, "config", DRIVER_KEY, driver_command("/gone/venv/bin/python"))
    assert ensure_merge_driver(ws)
    assert git(ws, "config", DRIVER_KEY).strip() == driver_command()
    git(ws, "config", DRIVER_KEY, legacy_command(sys.executable))
    assert ensure_merge_driver(ws)
    assert git(ws, "config", DRIVER_KEY).strip() == driver_command()
    assert not ensure_merge_driver(ws)


# --- a driver brought by an include ---


def hostile_include(root: Path, witness: Path) -> None:
    """``.git/config`` includes a file of the work tree that sets the driver to another
    command (one that leaves a witness file when it runs)."""
    (root / ".team.gitconfig").write_text(
        f'[merge "smgov"]\n\tdriver = touch {witness}; false\n', encoding="utf-8"
    )
    git(root, "config", "include.path", "../.team.gitconfig")


def test_check_names_a_driver_brought_by_an_include(ws: Path, tmp_path: Path) -> None:
    witness = tmp_path / "ran"
    hostile_include(ws, witness)
    result = smgov("check", str(ws))
    assert result.returncode == 1
    assert "merge.smgov.driver" in result.stdout and ".team.gitconfig" in result.stdout
    assert "is not smgov's merge driver" in result.stdout


def test_an_include_cannot_pass_for_smgovs_driver(ws: Path, tmp_path: Path) -> None:
    evil = str(tmp_path / "evil")
    git(ws, "config", "-f", ".team.gitconfig", DRIVER_KEY, driver_command(evil))
    git(ws, "config", "include.path", "../.team.gitconfig")
    assert driver_python(git(ws, "config", DRIVER_KEY).strip()) == evil
    result = smgov("check", str(ws))
    assert result.returncode == 1 and "is not smgov's merge driver" in result.stdout


def test_sync_refuses_to_merge_with_a_driver_brought_by_an_include(
    ws: Path, tmp_path: Path
) -> None:
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    change(alice, ANA, email="ana@alice.example")
    assert sync(alice).ok
    change(bob, ANA, phone="+34 699 000 000")  # the same file: git calls the driver
    witness = tmp_path / "ran"
    hostile_include(bob.root, witness)
    before = git(bob.root, "rev-parse", "HEAD")
    result = sync(bob)
    assert result.status == "error"
    assert ".team.gitconfig" in result.message and "is not smgov's merge driver" in result.message
    assert not witness.exists()
    assert git(bob.root, "rev-parse", "HEAD") == before
    assert read(bob, ANA)["phone"] == "+34 699 000 000"


@run_async
async def test_the_app_warns_of_a_driver_brought_by_an_include(ws: Path, tmp_path: Path) -> None:
    """Opening for work sets smgov's driver up; one it must not replace is said, not hidden."""
    hostile_include(ws, tmp_path / "ran")
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    warnings = [str(n.message) for n in notices(app) if n.severity == "warning"]
    assert any("is not smgov's merge driver" in text for text in warnings), notices(app)


# --- plain git: pull.rebase ---


def test_a_plain_git_pull_in_a_clone_rebases(ws: Path, tmp_path: Path) -> None:
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    change(alice, ANA, email="ana@alice.example")
    git(alice.root, "push", "-q")
    change(bob, CARLOS, email="carlos@bob.example")
    pulled = subprocess.run(["git", "pull", "-q"], cwd=bob.root, capture_output=True, text=True)
    assert pulled.returncode == 0, pulled.stderr
    assert git(bob.root, "rev-list", "--merges", "HEAD").strip() == ""
    assert read(bob, ANA)["email"] == "ana@alice.example"
    assert read(bob, CARLOS)["email"] == "carlos@bob.example"


def test_the_first_sync_of_a_plain_clone_sets_pull_rebase(ws: Path, tmp_path: Path) -> None:
    remote = make_remote(ws, tmp_path)
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(remote), str(plain))
    smgov("check", str(plain))
    assert git(plain, "config", "--list", "--local").count("pull.rebase") == 0
    smgov("sync", str(plain))
    assert git(plain, "config", "pull.rebase").strip() == "true"
    assert git(plain, "config", DRIVER_KEY).strip() == driver_command()


def test_a_persons_own_pull_setting_stays(ws: Path, tmp_path: Path) -> None:
    git(ws, "config", "--unset", "pull.rebase")
    git(ws, "config", "pull.rebase", "false")
    ensure_merge_driver(ws)
    assert git(ws, "config", "pull.rebase").strip() == "false"


@run_async
async def test_opening_the_app_sets_a_plain_clone_up(ws: Path, tmp_path: Path) -> None:
    remote = make_remote(ws, tmp_path)
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(remote), str(plain))
    app = SmgovApp(plain)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.snapshot is not None
    assert git(plain, "config", "pull.rebase").strip() == "true"
    assert git(plain, "config", DRIVER_KEY).strip() == driver_command()
