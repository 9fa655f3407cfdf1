"""Faithful TOML edits: change a tomlkit document in place so only what changed is rewritten.

Comments, key order, spacing and unknown keys survive; a changed field changes only its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, Item, Table
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


def sync_table(target: Any, data: Mapping[str, Any]) -> None:
    """Make the tomlkit container ``target`` equal to ``data``, touching only what differs.

    Keys missing from ``data`` are removed, new ones are appended, changed scalars are replaced
    in place, nested tables are synced recursively, and an array of tables with the same length
    is synced entry by entry (so a step's comment survives an edit of another step).
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
            sync_table(current, value)
        elif (
            isinstance(current, AoT)
            and isinstance(value, list)
            and len(current) == len(value)
            and all(isinstance(v, Mapping) for v in value)
        ):
            for table, entry in zip(current, value, strict=True):
                sync_table(table, entry)
        elif (
            isinstance(current, Array)
            and isinstance(value, list)
            and not any(isinstance(v, Mapping) for v in value)
        ):
            _sync_array(current, value)
        else:
            target[key] = _to_item(value)


def _sync_array(current: Array, value: list[Any]) -> None:
    """Change a plain array item by item, so its layout and indentation survive."""
    for index, item in enumerate(value[: len(current)]):
        if not _same(current[index], item):
            current[index] = _to_item(item)
    while len(current) > len(value):
        current.pop()
    for item in value[len(current) :]:
        current.append(_to_item(item))


def edit_text(text: str, data: Mapping[str, Any]) -> str:
    """The TOML ``text`` rewritten so that its content equals ``data``."""
    document: TOMLDocument = tomlkit.parse(text) if text else tomlkit.document()
    sync_table(document, data)
    return tomlkit.dumps(document)


def new_text(data: Mapping[str, Any], header: str = "") -> str:
    """A fresh TOML file for ``data``, with the comment lines of ``header`` first."""
    if header and not header.endswith("\n"):
        header += "\n"
    return edit_text(header, data)
