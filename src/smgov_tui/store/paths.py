"""Workspace paths: ids become file names, and nothing leads outside the workspace."""

from __future__ import annotations

import os
from pathlib import Path

from smgov_tui.core.slug import is_slug
from smgov_tui.i18n import _
from smgov_tui.store.errors import UnsafePath


def inside(root: Path, rel: str) -> Path:
    """The absolute path of ``rel`` in ``root``, refusing anything that escapes it.

    ``rel`` uses forward slashes. Absolute paths, ``..`` and symlinks (of the file or of any
    folder on the way) that resolve outside ``root`` are refused.
    """
    if not rel or rel.startswith(("/", "\\")) or ".." in rel.split("/") or "\\" in rel:
        raise UnsafePath(_("{path}: not a path inside the workspace").format(path=rel))
    real_root = root.resolve()
    target = root / rel
    resolved = target.resolve()
    if resolved != real_root and real_root not in resolved.parents:
        raise UnsafePath(
            _(
                "{path}: a symlink leads outside the workspace ({target}); refusing to use it"
            ).format(path=rel, target=resolved)
        )
    return target


def check_id(record_id: str) -> None:
    """Refuse an id that is not a slug (it would become an unsafe file name)."""
    if not is_slug(record_id):
        raise UnsafePath(
            _(
                '"{id}" is not a valid id: use lower-case letters, digits and hyphens, '
                "like ana-ruiz"
            ).format(id=record_id)
        )


def escapes(root: Path, path: Path) -> bool:
    """True when ``path`` (a directory entry in the workspace) resolves outside ``root``."""
    real_root = root.resolve()
    resolved = Path(os.path.realpath(path))
    return resolved != real_root and real_root not in resolved.parents
