"""A team for sync tests: a real bare repository and clones of it, each with its own author."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from smgov_tui.store.store import Store
from smgov_tui.store.sync import clone_workspace
from smgov_tui.store.tomledit import edit_text
from tests.helpers.git import git


def make_remote(ws: Path, tmp_path: Path) -> Path:
    """A bare repository holding the workspace ``ws`` (the team's remote)."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(ws), str(bare))
    return bare


def member(remote: Path, tmp_path: Path, name: str) -> Store:
    """A clone of ``remote`` for ``name``, opened and loaded, signing as that person."""
    store = clone_workspace(str(remote), tmp_path / name)
    git(store.root, "config", "user.name", name.title())
    git(store.root, "config", "user.email", f"{name}@example.org")
    store.load()
    return store


def change(store: Store, rel: str, **values: object) -> None:
    """Edit fields of the file ``rel`` by hand and commit it (as the clone's author)."""
    path = store.root / rel
    text = path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    raw.update(values)
    path.write_text(edit_text(text, raw), encoding="utf-8")
    git(store.root, "commit", "-q", "-am", f"edit {rel}: {', '.join(values)}")
    store.load()


def read(store: Store, rel: str) -> dict[str, object]:
    """The file ``rel`` as now on disk, parsed."""
    return tomllib.loads((store.root / rel).read_text(encoding="utf-8"))


def head(root: Path) -> str:
    """The sha of HEAD."""
    return git(root, "rev-parse", "HEAD").strip()


def remote_head(remote: Path) -> str:
    """The sha of main on the bare remote."""
    return subprocess.run(
        ["git", "rev-parse", "main"], cwd=remote, check=True, capture_output=True, text=True
    ).stdout.strip()
