"""The person's own settings (not the workspace's): ``~/.config/smgov/settings.toml``.

Kept per user with platformdirs, so they follow the person across workspaces and are never
committed. Today: ``sync_after_save`` and ``theme``; the name (and e-mail) the person gave when
nothing else named an author (crisis mode asks rather than blocks); the workspaces they opened
recently (offered when ``smgov crisis`` runs outside one, and by the app).

Each writer changes only its own keys: a setting saved by one part of the app never resets
another's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.textfile import loads, read_exact

RECENT_LIMIT = 8
"""How many recently opened workspaces are remembered (most recent first)."""


@dataclass(frozen=True)
class Settings:
    """What the person chose."""

    sync_after_save: bool = False
    """Sync with the team after every commit the app makes (and any other new local commit)."""

    theme: str | None = None
    """The Textual theme last chosen in the palette (None: Textual's default)."""

    author_name: str = ""
    """The name the person typed when no ``--author``, ``SMGOV_AUTHOR`` or git identity was
    set; signs their commits from then on."""

    author_email: str = ""
    """Their e-mail, if they gave one (optional: a commit may carry an empty one)."""

    recent_workspaces: tuple[str, ...] = ()
    """Absolute paths of the workspaces opened with the app or crisis mode, newest first."""


def settings_path() -> Path:
    """Where the settings live (``$XDG_CONFIG_HOME/smgov/settings.toml`` on Linux)."""
    return Path(platformdirs.user_config_dir("smgov", appauthor=False)) / "settings.toml"


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) else ""


def load_settings() -> Settings:
    """The saved settings; defaults when the file is missing or unreadable (a value of the
    wrong type is ignored, the others kept)."""
    try:
        raw = loads(read_exact(settings_path()))
    except (OSError, ValueError):  # missing, not UTF-8 or not TOML: the defaults
        return Settings()
    value = raw.get("sync_after_save")
    theme = raw.get("theme")
    recent = raw.get("recent_workspaces")
    return Settings(
        sync_after_save=value if isinstance(value, bool) else False,
        theme=theme if isinstance(theme, str) and theme else None,
        author_name=_text(raw, "author_name"),
        author_email=_text(raw, "author_email"),
        recent_workspaces=tuple(p for p in recent if isinstance(p, str) and p)
        if isinstance(recent, list)
        else (),
    )


def _update(keys: dict[str, Any]) -> None:
    """Set ``keys`` in the settings file, keeping every other key and the comments."""
    path = settings_path()
    try:
        text = read_exact(path)  # a hand-edited file keeps its endings and BOM
        raw = loads(text)
    except (OSError, ValueError):
        text, raw = "# smgov: your own settings (not shared with the team)\n", {}
    raw.update(keys)
    from smgov_tui.store.tomledit import edit_text  # on a change only: reading needs no tomlkit

    atomic_write(path, edit_text(text, raw))


def save_settings(settings: Settings) -> None:
    """Write the switches of ``settings`` (``sync_after_save``, ``theme``), keeping every
    other key and the comments in the file."""
    keys: dict[str, Any] = {"sync_after_save": settings.sync_after_save}
    if settings.theme is not None:
        keys["theme"] = settings.theme
    _update(keys)


def update_settings(**changes: object) -> Settings:
    """Set only the named settings (``theme="nord"``), keeping what else is in the file, even
    when another smgov window changed it since this one read it; the settings as saved."""
    unknown = set(changes) - set(Settings.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    _update({key: value for key, value in changes.items() if value is not None})
    return load_settings()


def remember_author(name: str, email: str = "") -> None:
    """Keep the name (and e-mail) the person gave, to sign their commits from now on."""
    _update({"author_name": name.strip(), "author_email": email.strip()})


def remember_workspace(root: Path) -> None:
    """Put ``root`` first among the recently opened workspaces (at most :data:`RECENT_LIMIT`).

    A settings file that cannot be written (a read-only home) is no reason to stop opening the
    workspace: the caller goes on without remembering it.
    """
    path = str(root.absolute())
    recent = [p for p in load_settings().recent_workspaces if p != path]
    _update({"recent_workspaces": [path, *recent][:RECENT_LIMIT]})
