"""Writing the JSON Schemas into a folder (a new workspace's ``schemas/``)."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.core.schemas import schema_texts
from smgov_tui.store.atomic import atomic_write


def write_schemas(folder: Path) -> list[Path]:
    """Write every ``<name>.schema.json`` into ``folder`` (created if needed); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        atomic_write(path, text)
        written.append(path)
    return written
