"""Atomic file writes: a temp file in the same folder, fsync, then ``os.replace``.

``tempfile`` (with ``shutil``, ``random`` and the compression modules it brings, ~4 ms) is
imported by the first write: the read-only commands (``smgov check``) import this module and
never write.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def atomic_write(path: Path, data: str) -> None:
    """Write ``data`` (UTF-8) to ``path`` so that readers see the old or the new file, never half.

    The temp file is fsynced before the rename and the folder after it, so a crash or power cut
    leaves either version intact.
    """
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def replace_file(path: Path, data: str) -> None:
    """Replace ``path`` with ``data`` (UTF-8) through a temp file and a rename, without fsync.

    For caches (the history index): readers and concurrent writers see a whole file, old or
    new, never half; a power cut may leave an old or empty one, which the cache rebuilds.
    Skipping the fsyncs keeps a cache refresh off the disk's flush queue.
    """
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)
