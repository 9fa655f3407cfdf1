"""Schema validation: a parsed TOML table becomes a typed record, or a list of problems.

The fast path converts the whole table at once; only when that fails is each field converted on
its own, so that every wrong field gets its own message naming what is expected.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from typing import Any, TypeVar

import msgspec

from smgov_tui.core.problems import Problem, line_of
from smgov_tui.core.records import Record
from smgov_tui.i18n import _

R = TypeVar("R", bound=Record)

_FIELD_CACHE: dict[type[Any], dict[str, msgspec.structs.FieldInfo]] = {}


def record_fields(record_type: type[Any]) -> dict[str, msgspec.structs.FieldInfo]:
    """The fields of a record class, by name."""
    cached = _FIELD_CACHE.get(record_type)
    if cached is None:
        cached = {f.name: f for f in msgspec.structs.fields(record_type)}
        _FIELD_CACHE[record_type] = cached
    return cached


def _strip(tp: Any) -> tuple[Any, list[msgspec.Meta]]:
    metas: list[msgspec.Meta] = []
    while typing.get_origin(tp) is typing.Annotated:
        args = typing.get_args(tp)
        metas.extend(a for a in args[1:] if isinstance(a, msgspec.Meta))
        tp = args[0]
    return tp, metas


def expectation(tp: Any) -> str:
    """A plain description of what a field of type ``tp`` accepts."""
    tp, metas = _strip(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _(" or ").join(expectation(a) for a in options)
    if origin is typing.Literal:
        return _("one of: {values}").format(values=", ".join(str(v) for v in typing.get_args(tp)))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):  # a log entry's action
        return _("one of: {values}").format(values=", ".join(str(m.value) for m in tp))
    if origin is list:
        (item,) = typing.get_args(tp)
        return _("a list of {items}").format(items=expectation(item))
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _("a table with {fields}").format(fields=", ".join(record_fields(tp)))
    pattern = next((m.pattern for m in metas if m.pattern), None)
    minimum = next((m.ge for m in metas if m.ge is not None), None)
    if tp is bool:
        return _("true or false")
    if tp is int:
        if minimum is not None:
            return _("a whole number of at least {n}").format(n=minimum)
        return _("a whole number")
    if tp is dt.datetime:
        return _("a date and time with offset, like 2026-11-22T21:05:00+01:00")
    if tp is dt.date:
        return _("a date like 2026-11-22")
    if tp is str:
        if pattern and "a-z0-9" in pattern:
            return _("an id of lower-case letters, digits and hyphens, like ana-ruiz")
        if pattern and "0-5" in pattern:
            return _("a time of day like 09:30")
        if any(m.min_length for m in metas):
            return _("non-empty text")
        return _("text")
    return getattr(tp, "__name__", str(tp))


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    return str(value)


_PATH_RE = re.compile(r" - at `\$(?P<path>[^`]*)`")


def _subpath(error: msgspec.ValidationError) -> str:
    match = _PATH_RE.search(str(error))
    if not match:
        return ""
    path = match.group("path")
    return re.sub(r"\[(\d+)\]", r".\1", path).lstrip(".")


def field_problems(
    raw: dict[str, Any], record_type: type[Any], path: str, text: str, prefix: str = ""
) -> list[Problem]:
    """Every schema problem of ``raw`` as a ``record_type``, one per field."""
    problems: list[Problem] = []
    fields = record_fields(record_type)
    for name, info in fields.items():
        dotted = f"{prefix}{name}"
        if name not in raw:
            if info.required:
                problems.append(
                    Problem(
                        path,
                        line_of(text, prefix.rstrip(".")) if prefix else None,
                        dotted,
                        _("is missing; expected {what}").format(what=expectation(info.type)),
                        code="missing-field",
                    )
                )
            continue
        value = raw[name]
        try:
            msgspec.convert(value, info.type)
        except msgspec.ValidationError as error:
            problems.extend(_nested(value, info.type, dotted, path, text, error))
    return problems


def _nested(
    value: Any, tp: Any, dotted: str, path: str, text: str, error: msgspec.ValidationError
) -> list[Problem]:
    base, _metas = _strip(tp)
    origin = typing.get_origin(base)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(base) if a is not type(None)]
        if len(options) == 1:
            base = _strip(options[0])[0]
            origin = typing.get_origin(base)
    if origin is list and isinstance(value, list):
        (item_type,) = typing.get_args(base)
        item_base = _strip(item_type)[0]
        out: list[Problem] = []
        for index, item in enumerate(value):
            try:
                msgspec.convert(item, item_type)
            except msgspec.ValidationError as item_error:
                is_table = isinstance(item_base, type) and issubclass(item_base, msgspec.Struct)
                if is_table and isinstance(item, dict):
                    out.extend(field_problems(item, item_base, path, text, f"{dotted}.{index}."))
                    continue
                out.append(_one(item, item_type, f"{dotted}.{index}", path, text, item_error))
        return out
    if isinstance(base, type) and issubclass(base, msgspec.Struct) and isinstance(value, dict):
        return field_problems(value, base, path, text, f"{dotted}.")
    return [_one(value, tp, dotted, path, text, error)]


def _one(
    value: Any, tp: Any, dotted: str, path: str, text: str, error: msgspec.ValidationError
) -> Problem:
    sub = _subpath(error)
    where = f"{dotted}.{sub}" if sub else dotted
    line = line_of(text, where) or line_of(text, dotted)
    message = _("{value} is not valid; expected {what}").format(
        value=_describe(value), what=expectation(tp)
    )
    return Problem(path, line, where, message, code="schema")


_Nested = tuple[bool, type[Any]]
_PLAN_CACHE: dict[type[Any], dict[str, _Nested | None]] = {}


def _key_plan(record_type: type[Any]) -> dict[str, _Nested | None]:
    """For each field of ``record_type``: None for a plain value, else (is_list, struct type).

    Worked out once per class, so checking the keys of thousands of files costs a dict lookup
    per key rather than a walk through ``typing`` per key.
    """
    plan = _PLAN_CACHE.get(record_type)
    if plan is None:
        plan = {}
        for name, info in record_fields(record_type).items():
            base = _strip(info.type)[0]
            if typing.get_origin(base) in (typing.Union, types.UnionType):
                options = [a for a in typing.get_args(base) if a is not type(None)]
                base = _strip(options[0])[0] if len(options) == 1 else base
            nested: _Nested | None = None
            if isinstance(base, type) and issubclass(base, msgspec.Struct):
                nested = (False, base)
            elif typing.get_origin(base) is list:
                item = _strip(typing.get_args(base)[0])[0]
                if isinstance(item, type) and issubclass(item, msgspec.Struct):
                    nested = (True, item)
            plan[name] = nested
        _PLAN_CACHE[record_type] = plan
    return plan


def unknown_keys(raw: dict[str, Any], record_type: type[Any], prefix: str = "") -> list[str]:
    """Dotted names of keys in ``raw`` that ``record_type`` does not know (kept on save)."""
    plan = _key_plan(record_type)
    unknown: list[str] = []
    for key, value in raw.items():
        if key not in plan:
            unknown.append(f"{prefix}{key}")
            continue
        nested = plan[key]
        if nested is None:
            continue
        is_list, struct = nested
        if not is_list:
            if isinstance(value, dict):
                unknown.extend(unknown_keys(value, struct, f"{prefix}{key}."))
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    unknown.extend(unknown_keys(entry, struct, f"{prefix}{key}.{index}."))
    return unknown


def convert(
    raw: dict[str, Any], record_type: type[R], path: str, text: str
) -> tuple[R | None, list[Problem]]:
    """Validate ``raw`` as ``record_type``.

    Returns the record (None when a field is wrong) and the problems: errors for wrong or
    missing fields, warnings for unknown keys.
    """
    problems: list[Problem] = []
    try:
        record = msgspec.convert(raw, record_type)
    except msgspec.ValidationError as error:
        record = None
        problems = field_problems(raw, record_type, path, text)
        if not problems:  # pragma: no cover - a safety net if the per-field pass agrees
            problems = [Problem(path, None, "", str(error), code="schema")]
    for key in unknown_keys(raw, record_type):
        problems.append(
            Problem(
                path,
                line_of(text, key),
                key,
                _("unknown key; it is kept but smgov does not use it (check the spelling)"),
                severity="warning",
                code="unknown-key",
            )
        )
    return record, problems
