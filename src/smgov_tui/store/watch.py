"""Notice changes made from outside the app (``git pull`` in a terminal, an editor).

A fingerprint is the sha of HEAD (read from the files in ``.git``, no git process) and the
size and mtime of every TOML file of the workspace: cheap enough to take every two seconds,
even for thousands of records. ``outside_changes`` then tells the app's own saves (the disk
equals what the store holds) from someone else's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from smgov_tui.core import kinds as k
from smgov_tui.store.gitfiles import read_head
from smgov_tui.store.store import Store
from smgov_tui.store.textfile import is_regular, read_exact


@dataclass(frozen=True)
class Fingerprint:
    """What the workspace looks like on disk, in brief."""

    head: str
    """The commit HEAD points at (or its symbolic ref when unborn)."""
    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Size and mtime (ns) of each TOML file, by workspace-relative path."""


def fingerprint(root: Path) -> Fingerprint:
    """The fingerprint of the workspace at ``root`` now."""
    files: dict[str, tuple[int, int]] = {}
    folders = {""} | {kind.folder for kind in k.FOLDER_KINDS}
    folders |= {kind.single_path.rpartition("/")[0] for kind in k.SINGLE_KINDS}
    for folder in sorted(folders):
        base = root / folder if folder else root
        try:
            with os.scandir(base) as scan:
                for entry in scan:
                    if entry.name.endswith(".toml") and not entry.name.startswith("."):
                        try:
                            # only regular files: outside_changes reads them, and opening a
                            # FIFO would block the app
                            if not entry.is_file():
                                continue
                            info = entry.stat()
                        except OSError:
                            continue
                        rel = f"{folder}/{entry.name}" if folder else entry.name
                        files[rel] = (info.st_size, info.st_mtime_ns)
        except OSError:
            continue
    return Fingerprint(read_head(root), files)


def changed_paths(old: Fingerprint, new: Fingerprint) -> list[str]:
    """Files added, removed or touched between two fingerprints."""
    paths = set(old.files) ^ set(new.files)
    paths |= {p for p in set(old.files) & set(new.files) if old.files[p] != new.files[p]}
    return sorted(paths)


def outside_changes(store: Store, paths: list[str]) -> list[str]:
    """Those of ``paths`` whose text on disk differs from what the store holds."""
    outside = []
    for rel in paths:
        found = k.kind_for_path(rel)
        entry = store.data.entry(found[0], found[1]) if found else None
        try:
            path = store.root / rel
            text = read_exact(path) if is_regular(path) else None
        except (OSError, UnicodeDecodeError):
            text = None
        known = entry.text if entry is not None else None
        if text != known:
            outside.append(rel)
    return outside
