"""Record files exactly as they are on disk: hand-edited files are first-class.

A file saved by a Windows editor has ``\\r\\n`` line endings and may start with a UTF-8
byte-order mark. Every reader of record text uses :func:`read_exact`, which keeps both, so the
text the loader holds is the text a save compares against (no false "changed on disk") and a
save can write the file back with its own endings and mark (``tomledit.edit_text``). Parsing
goes through :func:`loads`, which skips the mark as TOML readers should.

:func:`loads` parses with rtoml (compiled, about four times faster than tomllib: parsing was most
of loading a workspace of thousands of files) and gives exactly tomllib's values; a text rtoml
refuses is parsed again by tomllib, so that every error is tomllib's line-numbered sentence
(tests/store/test_textfile_parse.py compares the two parsers).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path
from typing import Any

import rtoml

BOM = "\ufeff"
"""The byte-order mark as the first character of decoded text."""

InvalidToml = ValueError
"""What :func:`loads` raises for a text that is not TOML, caught by its base class:
tomllib.TOMLDecodeError is a ValueError, and :func:`loads` raises no other. Naming tomllib's
class would import tomllib (~2 ms of ``smgov check``'s start) where only an invalid file needs
it: :func:`loads` imports it then."""


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


_OFFSET_DATETIME = re.compile(r":\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)")
"""What an offset date-time ends with (its seconds, then ``Z`` or an offset): only a text with
one needs its values walked. Starting at the colon, not at the digits before it, makes the
search a fast scan for one character (13x faster on a record than the whole shape)."""


def loads(text: str) -> dict[str, Any]:
    """``text`` parsed as tomllib parses it, a leading byte-order mark skipped.

    rtoml does the work. Two things would differ from tomllib, so they are made the same: a
    CRLF inside a multi-line string (tomllib reads every CRLF as LF, as here) and the time
    zone of an offset date-time (rtoml has its own class; tomllib's is ``datetime.timezone``).
    Whatever rtoml refuses (invalid TOML, but also nesting deeper than it allows or an integer
    beyond 64 bits) goes to tomllib, whose answer, value or error, is today's.

    Raises tomllib.TOMLDecodeError (and RecursionError for absurdly deep nesting); callers
    that would rather not import tomllib catch it as :data:`InvalidToml`.
    """
    text = text.removeprefix(BOM)
    try:
        value = rtoml.loads(text.replace("\r\n", "\n") if "\r" in text else text)
    except rtoml.TomlParsingError:
        import tomllib  # its error is the message: imported for an invalid file only

        return tomllib.loads(text)
    if _OFFSET_DATETIME.search(text):
        _standard_time_zones(value)
    return value


def _standard_time_zones(value: dict[str, Any]) -> None:
    """Give every aware date-time in ``value`` a ``datetime.timezone``, in place."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in pairs:
            if isinstance(child, dict | list):
                stack.append(child)
            elif isinstance(child, dt.datetime) and child.tzinfo is not None:
                offset = child.utcoffset()
                assert offset is not None  # an aware date-time has an offset
                item[key] = child.replace(tzinfo=dt.timezone(offset))
