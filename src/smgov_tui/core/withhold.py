"""Leave secrets out of what smgov writes for others: the handbook, the spreadsheet, a report.

An export is sent by mail, printed, put on an intranet: a value that looks like a secret
(:func:`smgov_tui.core.secrets.looks_like_secret`, the same test ``smgov check`` uses) must not
travel with it, and the reader must see that something was left out. So every string of the
records is checked before rendering and a flagged one is replaced by a :func:`sentinel`; once
the document is rendered (and escaped for its format), each sentinel becomes the visible
marker, ``[withheld: looks like a secret]`` in the document's language, and is counted, so
that the command can say how many values it left out. Counting in the rendered text counts
what the reader really misses, not the fields the document never shows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from smgov_tui.core.model import EntriesById, Entry, WorkspaceData
from smgov_tui.core.secrets import looks_like_secret
from smgov_tui.i18n import _, in_every_language, ngettext

T = TypeVar("T")

_OPEN, _CLOSE = "\ue000", "\ue001"
_SENTINEL = re.compile(f"{_OPEN}([0-9a-f]{{16}}){_CLOSE}")


def sentinel(value: str) -> str:
    """What stands for ``value`` until the document is rendered: private-use characters that no
    escaping of Markdown, HTML or CSV touches, around a digest of the value, so that a value
    shown twice (a note in a section and in the timeline) is counted once."""
    digest = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return f"{_OPEN}{digest}{_CLOSE}"


_MARKER = "[withheld: looks like a secret]"


def marker() -> str:
    """The visible text in place of a withheld value, in the interface's language."""
    return _("[withheld: looks like a secret]")


def markers() -> frozenset[str]:
    """Every form the marker takes, in every language: an import that meets one keeps the
    value the workspace has, whoever exported the file."""
    return in_every_language(_MARKER)


def withhold(value: T) -> T:
    """``value`` (a record, a list, a table) with every string that looks like a secret replaced
    by its :func:`sentinel`. Unchanged parts are the same objects; dict keys (ids) are kept."""
    return _walk(value)  # type: ignore[no-any-return]


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return sentinel(value) if looks_like_secret(value) else value
    if isinstance(value, msgspec.Struct):
        changes = {}
        for name in value.__struct_fields__:
            old = getattr(value, name)
            new = _walk(old)
            if new is not old:
                changes[name] = new
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, (list, tuple)):
        items = [_walk(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        table = {key: _walk(item) for key, item in value.items()}
        return value if all(table[key] is value[key] for key in value) else table
    return value


def withhold_workspace(data: WorkspaceData) -> WorkspaceData:
    """A copy of ``data`` whose records have their secrets replaced (files and texts are not
    copied: renderers read the typed records)."""
    entries: dict[str, dict[str, Entry[Any]]] = {}
    for kind, by_id in data.entries.items():
        copied = EntriesById()
        for rid, entry in by_id.items():
            record = withhold(entry.record)
            copied[rid] = (
                entry if record is entry.record else msgspec.structs.replace(entry, record=record)
            )
        entries[kind] = copied
    return WorkspaceData(meta=withhold(data.meta), entries=entries, problems=list(data.problems))


def reveal(text: str, shown: str, escape: Callable[[str], str] = str) -> tuple[str, int]:
    """``text`` with each sentinel replaced by ``shown`` (escaped for the format), and how many
    different values were left out."""
    if _OPEN not in text:
        return text, 0
    left_out = set(_SENTINEL.findall(text))
    visible = escape(shown)
    return _SENTINEL.sub(lambda _match: visible, text), len(left_out)


def withheld_notice(count: int) -> str:
    """The sentence an export shows when it left values out ("" when it left none)."""
    if not count:
        return ""
    return ngettext(
        "{count} value was left out because it looks like a secret (a password or a token); "
        "the document shows {marker} in its place. Run smgov check to find it.",
        "{count} values were left out because they look like secrets (passwords or tokens); "
        "the document shows {marker} in their place. Run smgov check to find them.",
        count,
    ).format(count=count, marker=marker())
