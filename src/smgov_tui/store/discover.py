"""Finding the team's workspace when a command is run from somewhere else.

``smgov crisis`` is often typed in the wrong folder, under stress: a sub-folder of the
workspace, the home folder, ``/tmp``. Suggesting ``smgov init`` there would create a sample
company with made-up contacts, so crisis mode looks instead: the folder and the ones above it,
then ``SMGOV_WORKSPACE``, then the workspaces this person opened recently (user settings).

Only reads: a folder is a workspace when it holds ``workspace.toml``. The walk up stops at a
git repository that is not a workspace (never act on someone else's repository) and at the
first workspace found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path

import msgspec

from smgov_tui.core import kinds as k
from smgov_tui.store.textfile import loads, read_exact


class Source(Enum):
    """Where a workspace was found."""

    HERE = "here"
    PARENT = "parent"
    ENVIRONMENT = "environment"
    RECENT = "recent"


class Found(msgspec.Struct, frozen=True):
    """A workspace and how it was found."""

    root: Path
    source: Source


def is_workspace(folder: Path) -> bool:
    """True when ``folder`` holds a ``workspace.toml`` file."""
    return (folder / k.WORKSPACE.single_path).is_file()


def enclosing_workspace(start: Path) -> Found | None:
    """``start`` itself, or the nearest folder above it that is a workspace.

    None when a folder on the way is a git repository that is not a workspace (its parents
    belong to someone else), or when none is.
    """
    folder = start.absolute()
    for candidate in (folder, *folder.parents):
        if is_workspace(candidate):
            return Found(candidate, Source.HERE if candidate == folder else Source.PARENT)
        if (candidate / ".git").exists():
            return None
    return None


def offered_workspaces(
    start: Path, environ: Mapping[str, str], recent: Iterable[str], cwd: Path
) -> list[Found]:
    """The workspaces to offer when ``start`` is not in one, best first, each once.

    The current folder's workspace (when ``start`` was given elsewhere), ``SMGOV_WORKSPACE``,
    then the recently opened ones that still exist.
    """
    offers: list[Found] = []
    seen = {start.absolute()}

    def add(found: Found | None) -> None:
        if found is not None and found.root not in seen:
            seen.add(found.root)
            offers.append(found)

    if cwd.absolute() != start.absolute():
        add(enclosing_workspace(cwd))
    named = environ.get("SMGOV_WORKSPACE", "").strip()
    if named and is_workspace(Path(named)):
        add(Found(Path(named).absolute(), Source.ENVIRONMENT))
    for path in recent:
        if is_workspace(Path(path)):
            add(Found(Path(path).absolute(), Source.RECENT))
    return offers


def workspace_name(root: Path) -> str:
    """The organisation named in ``root``'s ``workspace.toml``, to tell offered workspaces
    apart; empty when the file cannot be read."""
    try:
        name = loads(read_exact(root / k.WORKSPACE.single_path)).get("organisation", "")
    except (OSError, ValueError):
        return ""
    return name.strip() if isinstance(name, str) else ""


def workspace_language(root: Path) -> str:
    """The ``language`` of ``root``'s ``workspace.toml`` (``en`` when unset or unreadable): read
    before the interface is imported, whose key labels are translated once, at import."""
    try:
        language = loads(read_exact(root / k.WORKSPACE.single_path)).get("language", "en")
    except (OSError, ValueError):
        return "en"
    return language if isinstance(language, str) else "en"
