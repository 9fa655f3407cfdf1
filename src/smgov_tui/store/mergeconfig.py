"""The smgov merge driver, configured in each workspace repository.

``.git/config`` gets ``merge.smgov.driver`` and ``.git/info/attributes`` gets
``*.toml merge=smgov``, so every merge git makes in the workspace (a ``smgov sync``, and also a
plain ``git pull`` in a terminal) merges TOML records field by field. Both live inside ``.git``:
nothing is committed, and a clone made with plain ``git clone`` is configured the first time
smgov opens it. Checking is two small file reads, so it can run on every open.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.git import Git
from smgov_tui.store.gitfiles import git_dir

ATTRIBUTE_LINE = "*.toml merge=smgov"
DRIVER_NAME = "smgov"


def driver_command(python: str | None = None) -> str:
    """The command git runs to merge a TOML file (``%O %A %B %P`` filled in by git)."""
    exe = shlex.quote(python or sys.executable)
    return f"{exe} -m smgov_tui.merge_driver %O %A %B %P"


def _config_has_driver(config_text: str, command: str) -> bool:
    section = '[merge "smgov"]'
    if section not in config_text:
        return False
    after = config_text.split(section, 1)[1]
    body = after.split("\n[", 1)[0]
    for line in body.splitlines():
        key, _sep, value = line.strip().partition("=")
        if key.strip() == "driver":
            stored = value.strip()
            if stored.startswith('"') and stored.endswith('"'):
                stored = stored[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            return stored == command
    return False


def ensure_merge_driver(root: Path, git: Git | None = None) -> bool:
    """Make sure the workspace's repo uses the smgov merge driver; return True if it changed.

    Idempotent and cheap: it only reads ``.git/config`` and ``.git/info/attributes`` unless
    something is missing or points at another Python.
    """
    folder = git_dir(root)
    if folder is None:
        return False
    changed = False
    command = driver_command()
    config = folder / "config"
    try:
        config_text = config.read_text(encoding="utf-8")
    except OSError:
        return False
    if not _config_has_driver(config_text, command):
        runner = git or Git(root)
        runner.run("config", "merge.smgov.name", "smgov: merge TOML records field by field")
        runner.run("config", "merge.smgov.driver", command)
        changed = True
    attributes = folder / "info" / "attributes"
    try:
        current = attributes.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if ATTRIBUTE_LINE not in current.splitlines():
        prefix = current if not current or current.endswith("\n") else current + "\n"
        atomic_write(attributes, prefix + ATTRIBUTE_LINE + "\n")
        changed = True
    return changed
