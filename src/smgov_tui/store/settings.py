"""The person's own settings (not the workspace's): ``~/.config/smgov/settings.toml``.

Kept per user with platformdirs, so they follow the person across workspaces and are never
committed. Today: ``sync_after_save``.
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
    return Settings(sync_after_save=value if isinstance(value, bool) else False)


def save_settings(settings: Settings) -> None:
    """Write the settings, keeping any other keys and comments in the file."""
    path = settings_path()
    try:
        text = read_exact(path)  # a hand-edited file keeps its endings and BOM
        raw = loads(text)
    except (OSError, ValueError):
        text, raw = "# smgov: your own settings (not shared with the team)\n", {}
    raw["sync_after_save"] = settings.sync_after_save
    atomic_write(path, edit_text(text, raw))
