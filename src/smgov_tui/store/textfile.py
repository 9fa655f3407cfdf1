"""Record files exactly as they are on disk: hand-edited files are first-class.

A file saved by a Windows editor has ``\\r\\n`` line endings and may start with a UTF-8
byte-order mark. Every reader of record text uses :func:`read_exact`, which keeps both, so the
text the loader holds is the text a save compares against (no false "changed on disk") and a
save can write the file back with its own endings and mark (``tomledit.edit_text``). Parsing
goes through :func:`loads`, which skips the mark as TOML readers should.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

BOM = "\ufeff"
"""The byte-order mark as the first character of decoded text."""


def read_exact(path: Path | str) -> str:
    """The UTF-8 text of ``path``, line endings untranslated and a byte-order mark kept.

    Raises OSError and UnicodeDecodeError as reading does.
    """
    with open(path, "rb") as handle:
        return handle.read().decode("utf-8")


def read_exact_or_none(path: Path | str) -> str | None:
    """:func:`read_exact`, or None when the file does not exist."""
    try:
        return read_exact(path)
    except FileNotFoundError:
        return None


def is_regular(path: Path | str) -> bool:
    """Whether ``path`` is a regular file (symlinks followed); False when it cannot be seen.

    Opening a FIFO blocks until somebody writes to it, and a device can be endless: readers
    check this first and never open anything else.
    """
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def loads(text: str) -> dict[str, Any]:
    """``text`` parsed with tomllib, a leading byte-order mark skipped.

    Raises tomllib.TOMLDecodeError (and RecursionError for absurdly deep nesting).
    """
    return tomllib.loads(text.removeprefix(BOM))
