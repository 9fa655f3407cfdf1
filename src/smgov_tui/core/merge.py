"""Three-way merge of parsed TOML records, field by field.

Two people who change different fields of the same record should never be asked anything, even
when git's line merge would see a conflict because the lines are adjacent. This module merges
the parsed data (``base``, ``ours``, ``theirs``) by key:

- tables merge key by key, recursively; unknown keys are merged like any other;
- arrays of tables whose entries all carry a unique ``id`` (playbook steps, severities,
  statements, roles) merge entry by entry, matched by id; their order follows the side that
  reordered them, else ours;
- append-only logs (:data:`APPEND_ONLY`: an incident's ``log``) never conflict: they merge as
  the union of the entries both sides added, ordered by ``at``, an entry both added once
  (:func:`merge_log`); two people logging one incident at the same time both keep their entry;
- everything else (scalars, plain lists, arrays of tables without ids) is one value: changed on
  one side, that side wins; changed identically, it is taken; changed differently, it is a
  conflict naming the dotted field path and the three values.

A conflict leaves ours' value in the merged data, so a caller who accepts "mine" for every field
needs no further step; :func:`apply_choices` applies other picks. Pure: no I/O, no git.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from smgov_tui.i18n import _


class _Missing:
    """The value of a key that does not exist on one side (added or deleted)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()
"""Marks a key or entry absent on one side."""

PathPart = str
"""One step of a field path: a table key, or the id of an entry of an array of tables."""


@dataclass(frozen=True)
class FieldConflict:
    """One field changed differently on both sides."""

    path: tuple[PathPart, ...]
    """Keys (and entry ids) from the top of the record to the field."""
    base: Any
    """The value both sides started from, or MISSING."""
    ours: Any
    """Our (mine) value, or MISSING when we deleted it."""
    theirs: Any
    """Their value, or MISSING when they deleted it."""

    @property
    def dotted(self) -> str:
        """The path as people read it: ``steps.call-legal.title``."""
        return ".".join(self.path)


@dataclass
class MergeResult:
    """The merged data and the conflicts left (each holding ours' value in ``merged``)."""

    merged: dict[str, Any]
    """The merged table; at each conflict it holds ours' value."""
    conflicts: list[FieldConflict] = field(default_factory=list)
    """Fields changed differently on both sides, in document order."""

    @property
    def clean(self) -> bool:
        """True when nothing needs a person's decision."""
        return not self.conflicts


Side = Literal["mine", "theirs", "edit"]


@dataclass(frozen=True)
class Pick:
    """A person's decision for one conflicting field."""

    side: Side
    """``mine`` (ours), ``theirs``, or ``edit`` (use ``value``)."""
    value: Any = MISSING
    """The edited value when ``side`` is ``edit``; MISSING removes the field."""

    def value_for(self, conflict: FieldConflict) -> Any:
        """The value this pick gives to ``conflict``."""
        if self.side == "mine":
            return conflict.ours
        if self.side == "theirs":
            return conflict.theirs
        return self.value


MINE: Final = Pick("mine")
THEIRS: Final = Pick("theirs")


def same(a: Any, b: Any) -> bool:
    """Equality as TOML sees it: ``1``, ``1.0`` and ``true`` are three different values."""
    if a is MISSING or b is MISSING:
        return a is b
    if type(a) is not type(b):
        both_tables = isinstance(a, Mapping) and isinstance(b, Mapping)
        if both_tables or (isinstance(a, list) and isinstance(b, list)):
            pass
        elif isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
            return False
        elif isinstance(a, str) and isinstance(b, str):
            return str(a) == str(b)
        else:
            return False
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def id_list(value: Any) -> dict[str, dict[str, Any]] | None:
    """The entries of an array of tables by id, or None when it is not one with unique ids."""
    if not isinstance(value, list):
        return None
    by_id: dict[str, dict[str, Any]] = {}
    for entry in value:
        if not isinstance(entry, Mapping):
            return None
        key = entry.get("id")
        if not isinstance(key, str) or key in by_id:
            return None
        by_id[key] = dict(entry)
    return by_id


APPEND_ONLY: Final[Mapping[str, frozenset[str]]] = {"incidents": frozenset({"log"})}
"""Per record folder, the dotted fields that are append-only logs (merged by :func:`merge_log`).

Keyed by folder rather than by ``core.kinds.Kind`` so that the merge driver, started by git once
per file, does not load the record classes (tests check the folder matches the kind).
"""


def append_only_fields(path: str) -> frozenset[str]:
    """The append-only fields of the record file at ``path`` (workspace-relative, ``/``)."""
    folder, _sep, name = path.rpartition("/")
    if not name.endswith(".toml"):
        return frozenset()
    return APPEND_ONLY.get(folder, frozenset())


def merge3(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    append_only: Collection[str] = (),
) -> MergeResult:
    """Merge two edits of the record ``base``; see the module docstring for the rules.

    ``append_only`` names the dotted fields merged as logs (see :func:`append_only_fields`).
    """
    conflicts: list[FieldConflict] = []
    merged = _merge_tables((), base, ours, theirs, conflicts, frozenset(append_only))
    return MergeResult(merged, conflicts)


def _entry_key(value: Any) -> Any:
    """A hashable stand-in for a TOML value: equal exactly when :func:`same` says so."""
    if isinstance(value, Mapping):
        return ("{", tuple(sorted((str(key), _entry_key(item)) for key, item in value.items())))
    if isinstance(value, list):
        return ("[", tuple(_entry_key(item) for item in value))
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def entry_time(entry: Any) -> dt.datetime | None:
    """The ``at`` of a log entry when it is a date and time with an offset, else None."""
    at = entry.get("at") if isinstance(entry, Mapping) else None
    if isinstance(at, dt.datetime) and at.tzinfo is not None and at.utcoffset() is not None:
        return at
    return None


def _insert_by_time(entries: list[Any], entry: Any) -> None:
    """Insert ``entry`` after the last entry logged at or before it (ties: after)."""
    at = entry_time(entry)
    if at is None:
        entries.append(entry)
        return
    for index in range(len(entries) - 1, -1, -1):
        known = entry_time(entries[index])
        if known is not None and known <= at:
            entries.insert(index + 1, entry)
            return
    first = next((i for i, e in enumerate(entries) if entry_time(e) is not None), len(entries))
    entries.insert(first, entry)


def merge_log(base: Sequence[Any], ours: Sequence[Any], theirs: Sequence[Any]) -> list[Any]:
    """Three-way merge of an append-only log (an incident's ``log``); it never conflicts.

    Every entry either side added is kept; an entry both sides added (the same time, author,
    action, step and note) is kept once; an entry one side removed (a hand edit) and the other
    left alone is removed. Counted as a multiset, so one person's two identical entries stay
    two. Ours' entries keep their order and theirs' new ones are inserted after the last entry
    logged at or before them (``at``), so a log ordered by time stays so, and a file edited
    to the result changes only by the inserted entries (usually appended at its end).
    Symmetric in content: swapping ``ours`` and ``theirs`` gives the same entries.
    """
    counts = [Counter(_entry_key(e) for e in side) for side in (base, ours, theirs)]
    keep: dict[Any, int] = {}
    for key in counts[1].keys() | counts[2].keys():
        was, mine, other = counts[0][key], counts[1][key], counts[2][key]
        keep[key] = other if mine == was else mine if other == was else max(mine, other)
    used: Counter[Any] = Counter()
    merged: list[Any] = []
    for entry in ours:
        key = _entry_key(entry)
        if used[key] < keep[key]:
            used[key] += 1
            merged.append(entry)
    for entry in theirs:
        key = _entry_key(entry)
        if used[key] < keep[key]:
            used[key] += 1
            _insert_by_time(merged, entry)
    return merged


def merge_for_form(
    base_raw: Mapping[str, Any], mine_raw: Mapping[str, Any], theirs_raw: Mapping[str, Any]
) -> MergeResult:
    """Merge a form's unsaved values (``mine_raw``) with the record as it now is on disk.

    ``base_raw`` is the record as the form loaded it, ``theirs_raw`` as someone else saved it
    since. The result holds every change that does not collide; its conflicts are the fields
    both changed, for the form to ask about (``merged`` holds the form's value there).
    """
    return merge3(base_raw, mine_raw, theirs_raw)


def log_includes(log: Sequence[Any], entries: Sequence[Any]) -> bool:
    """True when every entry of ``entries`` is in ``log`` (as many times): ``log`` only grew."""
    have = Counter(_entry_key(e) for e in log)
    need = Counter(_entry_key(e) for e in entries)
    return all(have[key] >= count for key, count in need.items())


def _merge_value(
    path: tuple[str, ...],
    base: Any,
    ours: Any,
    theirs: Any,
    out: list[FieldConflict],
    logs: frozenset[str] = frozenset(),
) -> Any:
    if same(ours, theirs):
        return ours
    if same(ours, base):
        return theirs
    if same(theirs, base):
        return ours
    if (
        logs
        and ".".join(path) in logs
        and all(v is MISSING or isinstance(v, list) for v in (base, ours, theirs))
    ):
        return merge_log(base or [], ours or [], theirs or [])
    if isinstance(ours, Mapping) and isinstance(theirs, Mapping):
        if isinstance(base, Mapping):
            return _merge_tables(path, base, ours, theirs, out, logs)
        if base is MISSING:
            return _merge_tables(path, {}, ours, theirs, out, logs)
    ours_ids, theirs_ids = id_list(ours), id_list(theirs)
    base_ids = {} if base is MISSING else id_list(base)
    if (
        ours_ids is not None
        and theirs_ids is not None
        and base_ids is not None
        and (ours or theirs)
    ):
        return _merge_id_lists(path, base, ours, theirs, base_ids, ours_ids, theirs_ids, out)
    out.append(FieldConflict(path, base, ours, theirs))
    return ours


def _merge_tables(
    path: tuple[str, ...],
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    out: list[FieldConflict],
    logs: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    keys = list(ours) + [key for key in theirs if key not in ours]
    keys += [key for key in base if key not in ours and key not in theirs]
    merged: dict[str, Any] = {}
    for key in keys:
        value = _merge_value(
            (*path, key),
            base.get(key, MISSING),
            ours.get(key, MISSING),
            theirs.get(key, MISSING),
            out,
            logs,
        )
        if value is not MISSING:
            merged[key] = value
    return merged


def _order(ids: list[str], base_order: list[str]) -> list[str]:
    common = set(base_order)
    return [key for key in ids if key in common]


def _merge_id_lists(
    path: tuple[str, ...],
    base: Any,
    ours: list[Any],
    theirs: list[Any],
    base_ids: dict[str, dict[str, Any]],
    ours_ids: dict[str, dict[str, Any]],
    theirs_ids: dict[str, dict[str, Any]],
    out: list[FieldConflict],
) -> list[dict[str, Any]]:
    base_order = list(base_ids)
    ours_order, theirs_order = list(ours_ids), list(theirs_ids)
    # Order: the side that reordered the shared entries wins; else ours (which kept base's).
    survivors_o = _order(ours_order, base_order)
    survivors_t = _order(theirs_order, base_order)
    both = set(survivors_o) & set(survivors_t)
    ours_moved = [k for k in survivors_o if k in both] != [k for k in base_order if k in both]
    theirs_moved = [k for k in survivors_t if k in both] != [k for k in base_order if k in both]
    primary, secondary = (
        (theirs_order, ours_order)
        if theirs_moved and not ours_moved
        else (
            ours_order,
            theirs_order,
        )
    )
    order = list(primary)
    for index, key in enumerate(secondary):
        if key in order or key in base_ids:
            continue  # kept by the primary side, or deleted by it (decided below)
        # An entry only the secondary side added: after the entry it follows there (or
        # before the one it precedes).
        previous = next((k for k in reversed(secondary[:index]) if k in order), None)
        if previous is not None:
            order.insert(order.index(previous) + 1, key)
            continue
        following = next((k for k in secondary[index + 1 :] if k in order), None)
        order.insert(order.index(following) if following is not None else len(order), key)
    for key in base_order:
        if key not in order and (key in ours_ids or key in theirs_ids):
            order.append(key)  # deleted on one side, changed on the other: a conflict below
    merged: list[dict[str, Any]] = []
    for key in order:
        value = _merge_value(
            (*path, key),
            base_ids.get(key, MISSING),
            ours_ids.get(key, MISSING),
            theirs_ids.get(key, MISSING),
            out,
        )
        if value is not MISSING:
            merged.append(value)
    return merged


def get_at(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    """The value at ``path`` in ``data`` (entry ids step into arrays of tables), or MISSING."""
    current: Any = data
    for part in path:
        if isinstance(current, Mapping):
            current = current.get(part, MISSING)
        elif isinstance(current, list):
            current = next(
                (e for e in current if isinstance(e, Mapping) and e.get("id") == part), MISSING
            )
        else:
            return MISSING
        if current is MISSING:
            return MISSING
    return current


def set_at(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    """Set (or with MISSING, remove) the value at ``path`` in ``data``, in place.

    Missing tables on the way are created; an entry of an array of tables that is missing is
    appended.
    """
    if not path:
        raise ValueError("empty path")
    container: Any = data
    for part in path[:-1]:
        nxt = _child(container, part)
        if nxt is MISSING:
            if value is MISSING:
                return
            if isinstance(container, list):
                nxt = {"id": part}
                container.append(nxt)
            else:
                nxt = {}
                container[part] = nxt
        container = nxt
    last = path[-1]
    if isinstance(container, list):
        index = next(
            (i for i, e in enumerate(container) if isinstance(e, Mapping) and e.get("id") == last),
            None,
        )
        if value is MISSING:
            if index is not None:
                del container[index]
        elif index is None:
            container.append(value)
        else:
            container[index] = value
    elif value is MISSING:
        container.pop(last, None)
    else:
        container[last] = value


def _child(container: Any, part: str) -> Any:
    if isinstance(container, Mapping):
        return container.get(part, MISSING)
    if isinstance(container, list):
        return next(
            (e for e in container if isinstance(e, Mapping) and e.get("id") == part), MISSING
        )
    return MISSING


def apply_choices(result: MergeResult, picks: Mapping[str, Pick]) -> dict[str, Any]:
    """The merged data with each conflict settled by ``picks`` (by dotted path).

    A conflict without a pick keeps ours' value. The result is a new dict; ``result`` is not
    changed.
    """
    merged: dict[str, Any] = dict(_copy(result.merged))
    for conflict in result.conflicts:
        pick = picks.get(conflict.dotted)
        if pick is None or pick.side == "mine":
            continue
        set_at(merged, conflict.path, _copy(pick.value_for(conflict)))
    return merged


def apply_target(result: MergeResult, target: Mapping[str, Any]) -> dict[str, Any]:
    """The merged data with each conflict settled by the value ``target`` has at its path."""
    merged: dict[str, Any] = dict(_copy(result.merged))
    for conflict in result.conflicts:
        set_at(merged, conflict.path, _copy(get_at(target, conflict.path)))
    return merged


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def value_from_text(text: str, like: Any = MISSING) -> Any:
    """A value a person typed for a field whose other values look like ``like``.

    Text fields take the text as typed. Otherwise TOML is tried (``true``, ``3``,
    ``2026-11-22``, ``["a", "b"]``); if it does not parse, the text is kept as text.
    """
    if isinstance(like, str) or (like is MISSING and not text.strip()):
        return text
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """``value`` as one line of TOML (an inline value): what :func:`value_from_text` reads back.

    Used to pre-fill "type a value" for a field that is not text (a list, a table, a date), so
    that the text offered is valid TOML and keeping it as it is keeps the value.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        items = [
            f"{key if _BARE_KEY.fullmatch(str(key)) else _toml_string(str(key))} = "
            f"{toml_value(item)}"
            for key, item in value.items()
        ]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return _toml_string(str(value))


def edit_prefill(value: Any) -> str:
    """The text a person starts from to type a new value: text as it is, anything else as TOML."""
    if value is MISSING:
        return ""
    return value if isinstance(value, str) else toml_value(value)


def describe(value: Any) -> str:
    """A value as one short line for people (MISSING reads as "(not set)")."""
    if value is MISSING:
        return _("(not set)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        if all(not isinstance(v, (Mapping, list)) for v in value):
            return ", ".join(describe(v) for v in value)
        return "[" + "; ".join(describe(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key} = {describe(item)}" for key, item in value.items()) + "}"
    return str(value)
