"""JSON Schemas of the record files, generated from the records (``msgspec.json.schema``).

Editors (Taplo, Even Better TOML) read them through the ``#:schema ../schemas/<name>.schema.json``
line at the top of each file and validate hand edits. Pure: the store writes them
(``store.schemas.write_schemas``); the package ships the same files in ``smgov_tui/schemas/``.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

import msgspec

from smgov_tui.core import kinds as k

SCHEMA_NAMES: dict[str, k.Kind] = {
    "workspace": k.WORKSPACE,
    "account": k.ACCOUNTS,
    "owner": k.OWNERS,
    "contact": k.CONTACTS,
    "communication": k.COMMUNICATION,
    "management": k.MANAGEMENT,
    "listening": k.LISTENING,
    "playbook": k.PLAYBOOKS,
    "incident": k.INCIDENTS,
}
"""Schema name (``<name>.schema.json``) of each kind of record."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(kind: k.Kind) -> str:
    """The schema name of ``kind`` (``account`` for accounts)."""
    return next(name for name, known in SCHEMA_NAMES.items() if known is kind)


def schema_for(kind: k.Kind) -> dict[str, Any]:
    """The JSON Schema of one kind of record file."""
    generated = _clean_descriptions(_inline_enums(msgspec.json.schema(kind.record_type)))
    name = schema_name(kind)
    where = kind.single_path or f"{kind.folder}/<id>.toml"
    return {
        "$schema": DIALECT,
        "$id": f"https://smgov.invalid/schemas/{name}.schema.json",
        "title": f"smgov {name} ({where})",
        **generated,
    }


def _inline_enums(schema: dict[str, Any]) -> dict[str, Any]:
    """An enum field (``LogEntry.action`` is ``core.crisis_actions.Action``) written as its list
    of words, as a ``Literal`` field is, instead of a ``$ref`` to a definition named after the
    Python class: the words are the file format, the class is not, and the schema stays the
    same whichever of the two the record uses."""
    defs = schema.get("$defs", {})
    enums = {
        f"#/$defs/{name}": {"enum": node["enum"]}
        for name, node in defs.items()
        if "enum" in node and set(node) <= {"title", "description", "enum"}
    }
    if not enums:
        return schema

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref in enums:
                rest = {key: value for key, value in node.items() if key != "$ref"}
                return {**rest, **enums[ref]}
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    inlined["$defs"] = {
        name: node for name, node in inlined["$defs"].items() if f"#/$defs/{name}" not in enums
    }
    return inlined


def _clean_descriptions(node: Any) -> Any:
    """Docstrings as their text, without their indentation.

    Older msgspec releases keep it and newer ones do not: the schemas are the same with either.
    """
    if isinstance(node, dict):
        return {
            key: inspect.cleandoc(value)
            if key == "description" and isinstance(value, str)
            else _clean_descriptions(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_clean_descriptions(value) for value in node]
    return node


def file_name(name: str) -> str:
    """``account`` -> ``account.schema.json``."""
    return f"{name}.schema.json"


def schema_texts() -> dict[str, str]:
    """Every schema as the text of its file, by file name (stable: sorted keys, 2 spaces)."""
    return {
        file_name(name): json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
        for name, kind in SCHEMA_NAMES.items()
    }
