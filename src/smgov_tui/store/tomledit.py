"""Faithful TOML edits: change a tomlkit document in place so only what changed is rewritten.

Comments, key order, spacing and unknown keys survive; a changed field changes only its line.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Item, Table, Whitespace
from tomlkit.toml_document import TOMLDocument


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


def edit_text(text: str, data: Mapping[str, Any], donor: str | None = None) -> str:
    """The TOML ``text`` rewritten so that its content equals ``data``.

    ``donor`` is the other version of the file in a merge: the log entries it brings are
    copied as written there (comments, string style), not rendered anew.
    """
    document: TOMLDocument = tomlkit.parse(text) if text else tomlkit.document()
    sync_table(document, data, tomlkit.parse(donor) if donor else None)
    return tomlkit.dumps(document)


def new_text(data: Mapping[str, Any], header: str = "") -> str:
    """A fresh TOML file for ``data``, with the comment lines of ``header`` first."""
    if header and not header.endswith("\n"):
        header += "\n"
    return edit_text(header, data)
