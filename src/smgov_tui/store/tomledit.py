"""Faithful TOML edits: change a tomlkit document in place so only what changed is rewritten.

Comments, key order, spacing and unknown keys survive; a changed field changes only its line.
A file's line endings (``\r\n``, ``\n`` or a mix) and its byte-order mark survive too: see
:func:`keep_layout`.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Item, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

BOM = "\ufeff"


def _plain(value: Any) -> Any:
    if isinstance(value, Item):
        return value.unwrap()
    return value


def _same(a: Any, b: Any) -> bool:
    a, b = _plain(a), _plain(b)
    if type(a) is not type(b) and not (
        isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool)
    ):
        return False
    return bool(a == b)


def _to_item(value: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        aot = tomlkit.aot()
        for entry in value:
            table = tomlkit.table()
            for key, item in entry.items():
                table[key] = _to_item(item)
            aot.append(table)
        return aot
    if isinstance(value, list):
        array = tomlkit.array()
        for item in value:
            array.append(_to_item(item))
        if sum(len(str(v)) for v in value) > 60:
            array.multiline(True)
        return array
    if isinstance(value, Mapping):
        table = tomlkit.table()
        for key, item in value.items():
            table[key] = _to_item(item)
        return table
    if isinstance(value, (dt.datetime, dt.date)):
        return tomlkit.item(value)
    return value


def sync_table(target: Any, data: Mapping[str, Any], donor: Any = None) -> None:
    """Make the tomlkit container ``target`` equal to ``data``, touching only what differs.

    Keys missing from ``data`` are removed, new ones are appended, changed scalars are replaced
    in place, nested tables are synced recursively, and an array of tables with the same length
    is synced entry by entry (so a step's comment survives an edit of another step). An array
    of tables that only gains entries (an incident's log merged with a colleague's) gets them
    inserted, copied as written from ``donor`` (the other side's container) when it has them.
    """
    for key in [key for key in target if key not in data]:
        del target[key]
    for key, value in data.items():
        if key not in target:
            target[key] = _to_item(value)
            continue
        current = target[key]
        if _same(current, value):
            continue
        if isinstance(current, Table) and isinstance(value, Mapping):
            sync_table(current, value, _child(donor, key))
        elif (
            isinstance(current, AoT)
            and isinstance(value, list)
            and len(current) == len(value)
            and all(isinstance(v, Mapping) for v in value)
        ):
            for table, entry in zip(current, value, strict=True):
                sync_table(table, entry)
        elif (
            isinstance(current, AoT)
            and isinstance(value, list)
            and all(isinstance(v, Mapping) for v in value)
            and _insert_tables(current, value, _child(donor, key))
        ):
            pass
        elif (
            isinstance(current, Array)
            and isinstance(value, list)
            and not any(isinstance(v, Mapping) for v in value)
        ):
            _sync_array(current, value)
        else:
            target[key] = _to_item(value)


def _child(container: Any, key: str) -> Any:
    if isinstance(container, (Table, TOMLDocument)):
        return container.get(key)
    return None


def _insert_tables(current: AoT, value: list[Any], donor: Any = None) -> bool:
    """Add the entries of ``value`` missing from ``current`` in place; False if it is no superset.

    An incident's log only grows (entries merged in from a colleague): every existing
    ``[[log]]`` table stays as written (comments included) and the new ones are inserted where
    they belong, with the blank line the file puts between entries.
    """
    tables = list(current)
    matched, new_at = 0, []
    for index, entry in enumerate(value):
        if matched < len(tables) and _same(tables[matched], entry):
            matched += 1
        else:
            new_at.append(index)
    if matched < len(tables) or not new_at:
        return False
    separated = len(tables) < 2 or tables[0].as_string().endswith("\n\n")
    written = list(donor) if isinstance(donor, AoT) else []
    for index in new_at:
        table = _written(written, value[index]) or _to_table(value[index])
        if index < len(current):
            if separated:
                table.add(tomlkit.nl())
            current.insert(index, table)
        else:
            if separated and current and not current[-1].as_string().endswith("\n\n"):
                current[-1].add(tomlkit.nl())
            current.append(table)
    return True


def _written(tables: list[Table], entry: Mapping[str, Any]) -> Table | None:
    """A copy of the table of ``tables`` equal to ``entry`` (taken: used once), without the
    blank lines after it; None when there is none."""
    for position, table in enumerate(tables):
        if _same(table, entry):
            del tables[position]
            found: Table = copy.deepcopy(table)
            body = found.value.body
            while body and body[-1][0] is None and isinstance(body[-1][1], Whitespace):
                body.pop()
            return found
    return None


def _to_table(entry: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for key, item in entry.items():
        table[key] = _to_item(item)
    return table


def _sync_array(current: Array, value: list[Any]) -> None:
    """Change a plain array item by item, so its layout and indentation survive."""
    for index, item in enumerate(value[: len(current)]):
        if not _same(current[index], item):
            current[index] = _to_item(item)
    while len(current) > len(value):
        current.pop()
    for item in value[len(current) :]:
        current.append(_to_item(item))


def newline_of(text: str) -> str:
    """The line ending most lines of ``text`` use: ``"\r\n"`` or ``"\n"`` (ties and none: LF)."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 > text.count("\n") else "\n"


def _split_lines(text: str) -> tuple[list[str], list[str]]:
    """The lines of ``text`` without their endings, and each line's ending ("" for the last
    line when the text does not end with one). Only ``\n`` ends a line, as in TOML."""
    parts = text.split("\n")
    lines: list[str] = []
    endings: list[str] = []
    for part in parts[:-1]:
        if part.endswith("\r"):
            lines.append(part[:-1])
            endings.append("\r\n")
        else:
            lines.append(part)
            endings.append("\n")
    if parts[-1]:
        lines.append(parts[-1])
        endings.append("")
    return lines, endings


def _restore_endings(original: str, edited: str) -> str:
    """``edited`` (LF only) with the line endings of ``original`` wherever a line is the same.

    An unchanged line keeps its ending; a line replaced one for one keeps the ending of the line
    it replaces; any other new line takes the file's usual ending. So an edit changes exactly
    the lines it edits, in a CRLF file as in a mixed one.
    """
    old_lines, old_endings = _split_lines(original)
    new_lines, new_endings = _split_lines(edited)
    usual = newline_of(original)
    endings = [usual if ending else "" for ending in new_endings]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(j2 - j1):
                if endings[j1 + offset]:
                    endings[j1 + offset] = old_endings[i1 + offset] or usual
    return "".join(line + ending for line, ending in zip(new_lines, endings, strict=True))


def keep_layout(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to ``text``, the file's byte-order mark and line endings kept.

    ``change`` sees the text without the mark and with LF endings (what TOML means: tomllib
    reads ``\r\n`` as ``\n``) and returns the new LF text. The usual file (LF, no mark) is
    passed through untouched, at no cost.
    """
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    if "\r" not in body:
        return bom + change(body)
    changed = change(body.replace("\r\n", "\n"))
    return bom + _restore_endings(body, changed)


def _edit(text: str, data: Mapping[str, Any], donor: str | None = None) -> str:
    document: TOMLDocument = tomlkit.parse(text) if text else tomlkit.document()
    sync_table(document, data, tomlkit.parse(donor) if donor else None)
    return tomlkit.dumps(document)


def edit_text(text: str, data: Mapping[str, Any], donor: str | None = None) -> str:
    """The TOML ``text`` rewritten so that its content equals ``data``.

    Only the lines that change are rewritten; the others keep their line endings, and a
    byte-order mark stays. ``donor`` is the other version of the file in a merge: the log
    entries it brings are copied as written there (comments, string style), not rendered anew.
    """
    if donor is not None and donor.startswith(BOM):
        donor = donor[len(BOM) :]
    if donor is not None:
        donor = donor.replace("\r\n", "\n")
    return keep_layout(text, lambda body: _edit(body, data, donor))


def new_text(data: Mapping[str, Any], header: str = "") -> str:
    """A fresh TOML file for ``data``, with the comment lines of ``header`` first and a blank
    line after them (as in the sample's files)."""
    if not header.strip():
        return edit_text("", data)
    return header.rstrip("\n") + "\n\n" + edit_text("", data)
