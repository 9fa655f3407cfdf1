"""Changes written but never committed: a failed put-back says which file and git's error; a
save killed while the pre-commit hook runs is found again (check, sync, the app) and settled."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smgov_tui.core import kinds as k
from smgov_tui.store.errors import NotPutBack
from smgov_tui.store.store import Store
from tests.conftest import git

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
