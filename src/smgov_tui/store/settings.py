"""The person's own settings (not the workspace's): ``~/.config/smgov/settings.toml``.

Kept per user with platformdirs, so they follow the person across workspaces and are never
committed. Today: ``sync_after_save`` and ``theme``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.textfile import loads, read_exact
from smgov_tui.store.tomledit import edit_text


@dataclass(frozen=True)
class Settings:
    """What the person chose."""

    sync_after_save: bool = False
    """Sync with the team after every commit the app makes (and any other new local commit)."""

    theme: str | None = None
    """The Textual theme last chosen in the palette (None: Textual's default)."""


def settings_path() -> Path:
    """Where the settings live (``$XDG_CONFIG_HOME/smgov/settings.toml`` on Linux)."""
    return Path(platformdirs.user_config_dir("smgov", appauthor=False)) / "settings.toml"


def load_settings() -> Settings:
    """The saved settings; defaults when the file is missing or unreadable."""
    try:
        raw = loads(read_exact(settings_path()))
    except (OSError, ValueError):  # missing, not UTF-8 or not TOML: the defaults
        return Settings()
    value = raw.get("sync_after_save")
    theme = raw.get("theme")
    return Settings(
        sync_after_save=value if isinstance(value, bool) else False,
        theme=theme if isinstance(theme, str) and theme else None,
    )


def save_settings(settings: Settings) -> None:
    """Write the settings, keeping any other keys and comments in the file."""
    path = settings_path()
    try:
        text = read_exact(path)  # a hand-edited file keeps its endings and BOM
        raw = loads(text)
    except (OSError, ValueError):
        text, raw = "# smgov: your own settings (not shared with the team)\n", {}
    raw["sync_after_save"] = settings.sync_after_save
    if settings.theme is not None:
        raw["theme"] = settings.theme
    atomic_write(path, edit_text(text, raw))


def update_settings(**changes: object) -> Settings:
    """Set only the named settings (``theme="nord"``), keeping what else is in the file, even
    when another smgov window changed it since this one read it; the settings as saved."""
    unknown = set(changes) - set(Settings.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    path = settings_path()
    try:
        text = read_exact(path)
        raw = loads(text)
    except (OSError, ValueError):
        text, raw = "# smgov: your own settings (not shared with the team)\n", {}
    raw.update({key: value for key, value in changes.items() if value is not None})
    atomic_write(path, edit_text(text, raw))
    return load_settings()
