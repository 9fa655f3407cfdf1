"""What each form shows: the fields of every kind of record and the widget that edits each one.

This module is plain data (no Textual): the edit screen builds its widgets from these specs, and
the values it collects go to ``Store.validate`` and ``Store.save`` unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import msgspec

from smgov_tui.core import kinds as k
from smgov_tui.core import labels
from smgov_tui.core import records as r
from smgov_tui.core.labels import contact_kind_label as contact_kind_label
from smgov_tui.core.labels import contact_kind_labels as contact_kind_labels
from smgov_tui.core.labels import status_label as status_label
from smgov_tui.core.labels import status_labels as status_labels
from smgov_tui.core.labels import watch_kind_labels
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.report import incident_status_label as incident_status_label
from smgov_tui.core.validate import record_fields
from smgov_tui.i18n import _

Widget = Literal[
    "text",  # one line of text (Input)
    "long",  # several lines (TextArea)
    "select",  # one value among options (Select)
    "multi",  # several values among options (SelectionList)
    "date",  # YYYY-MM-DD (Input with a validator)
    "int",  # a whole number (Input type integer)
    "bool",  # a Switch
    "clock",  # HH:MM (Input)
    "list",  # an editable list of strings
    "table",  # a nested table edited with its own fields (working_hours)
    "items",  # an array of tables edited as a list of sub-forms (steps)
]

Option = tuple[str, str]
"""(label shown, value stored)."""
OptionsFn = Callable[[WorkspaceData, dict[str, Any]], list[Option]]
"""Options of a select: from the loaded workspace and the values the form holds right now."""


@dataclass(frozen=True)
class FieldSpec:
    """How one field of a record is edited."""

    name: str
    """Key in the TOML table."""
    label: str
    """Translated label shown beside the widget."""
    widget: Widget
    """Which widget edits it."""
    options: OptionsFn | None = None
    """Options of a select or multi widget."""
    fields: tuple[FieldSpec, ...] = ()
    """Fields of a nested table, or of each item of an array of tables."""
    item_label: str = ""
    """Name of one item of a list (``step``), used by the add button."""
    title_field: str = ""
    """Field of an item shown in the item's header (``title`` of a step)."""
    required: bool = False
    """True when the record type requires the key."""
    default: Any = None
    """Default of the field (a value equal to it is left out of a file that did not have it)."""
    has_default: bool = False
    """True when the field has a default."""


def _static(values: list[Option]) -> OptionsFn:
    return lambda _data, _values: list(values)


def severity_label(playbook: r.Playbook | None, severity: str) -> str:
    """The label a playbook gives one of its severity ids (the id when it has none)."""
    for level in playbook.severities if playbook is not None else []:
        if level.id == severity:
            return level.label or level.id
    return severity


def field_label(name: str) -> str:
    """The label the forms give field ``name`` (``backup_owner`` -> ``Backup owner``)."""
    return labels.form_label(None, name)


def reference_label(field_path: str) -> str:
    """Where a record names another, as the forms label it: ``backup_owner`` -> ``Backup
    owner``, ``steps.2.contacts`` -> ``step 3: Contacts to call``, ``plan.evangelists`` ->
    ``Plan ownership: Evangelists``."""
    parts = field_path.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        words = labels.field_label(None, parts[0])
        item = _(words.item) if words.item else parts[0]
        return _("{item} {n}: {field}").format(
            item=item, n=int(parts[1]) + 1, field=field_label(parts[2])
        )
    if len(parts) == 2:  # a field of a table, e.g. plan.evangelists
        return f"{field_label(parts[0])}: {field_label(parts[1])}"
    return field_label(field_path)


def _labelled(values: tuple[str, ...], labelled: Callable[[], dict[str, str]]) -> OptionsFn:
    """Options of an enumerated field: its translated label shown, its value stored."""

    def options(_data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
        shown = labelled()
        return [(shown.get(value, value), value) for value in values]

    return options


_owner_options: tuple[object, str, list[Option]] | None = None
"""The last owner options made, with the valid owners (the workspace's cached dict, replaced
when any file of the kind changes) and the word for inactive they were made with."""


def _owners(data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
    """Every owner file as an option (name and id; inactive said). An account form asks four
    times (owner and backup, composed and refreshed), each time the same: the list is made
    once per state of the owners (10,000 owners: about 3 ms each time)."""
    global _owner_options
    owners = data.owners  # a property that checks its cache: once, not once per owner
    inactive = _("inactive")
    cached = _owner_options
    if cached is not None and cached[0] is owners and cached[1] == inactive:
        return cached[2]
    out: list[Option] = []
    for oid in data.ids(k.OWNERS):
        owner = owners.get(oid)
        if owner is None:
            out.append((oid, oid))
            continue
        label = f"{owner.name} ({oid})"
        if not owner.active:
            label += " - " + inactive
        out.append((label, oid))
    _owner_options = (owners, inactive, out)
    return out


def _departments(data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
    """ "All departments" first, then every department an owner or an account names."""
    named = {o.department.strip() for o in data.owners.values()}
    named |= {a.department.strip() for a in data.accounts.values()}
    options: list[Option] = [(_("All departments") + f" ({r.ALL_DEPARTMENTS})", r.ALL_DEPARTMENTS)]
    return options + [(d, d) for d in sorted(named - {""}, key=str.casefold)]


def _roles_of(roles: Any) -> list[Option]:
    out: list[Option] = []
    if not isinstance(roles, list):
        return out
    for role in roles:
        if isinstance(role, dict) and isinstance(role.get("id"), str) and role["id"]:
            title = role.get("title")
            label = f"{title} ({role['id']})" if isinstance(title, str) and title else role["id"]
            out.append((label, role["id"]))
    return out


def _workspace_roles(data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
    entry = data.entry(k.MANAGEMENT, k.MANAGEMENT.single_id)
    return _roles_of(entry.raw.get("roles")) if entry else []


def _own_roles(_data: WorkspaceData, values: dict[str, Any]) -> list[Option]:
    return _roles_of(values.get("roles"))


def _accounts(data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
    out: list[Option] = []
    for aid in data.ids(k.ACCOUNTS):
        account = data.accounts.get(aid)
        out.append((f"{account.network} {account.handle} ({aid})" if account else aid, aid))
    return out


def _playbooks(data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
    out: list[Option] = []
    for pid in data.ids(k.PLAYBOOKS):
        playbook = data.playbooks.get(pid)
        out.append((f"{playbook.title} ({pid})" if playbook else pid, pid))
    return out


def _contacts(data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
    out: list[Option] = []
    for cid in data.ids(k.CONTACTS):
        contact = data.contacts.get(cid)
        out.append((f"{contact.name} ({cid})" if contact else cid, cid))
    return out


def _own_items(key: str, title: str) -> OptionsFn:
    def options(_data: WorkspaceData, values: dict[str, Any]) -> list[Option]:
        out: list[Option] = []
        items = values.get(key)
        if not isinstance(items, list):
            return out
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
                label = item.get(title)
                text = f"{label} ({item['id']})" if isinstance(label, str) and label else item["id"]
                out.append((text, item["id"]))
        return out

    return options


Layout = tuple[tuple[str, Widget, OptionsFn | None], ...]

_LONG_TEXT = {
    "purpose",
    "notes",
    "responsibilities",
    "voice_and_tone",
    "description",
    "detail",
    "text",
    "trigger",
}
"""Text fields edited over several lines, in whichever record they appear."""

_NOT_IN_FORMS = {(r.WorkspaceMeta, "format_version")}
"""Fields no form shows (smgov writes them)."""


def _chosen() -> dict[tuple[type[Any], str], tuple[Widget, OptionsFn]]:
    """Fields whose values are picked from what the workspace holds, or shown by a label."""
    return {
        (r.WorkspaceMeta, "language"): (
            "select",
            _static([("English (en)", "en"), ("Español (es)", "es")]),
        ),
        (r.Account, "owner"): ("select", _owners),
        (r.Plan, "owner"): ("select", _owners),
        (r.Plan, "evangelists"): ("multi", _owners),
        (r.Plan, "departments"): ("multi", _departments),
        (r.Account, "backup_owner"): ("select", _owners),
        (r.Account, "status"): ("select", _labelled(r.STATUSES, status_labels)),
        (r.Owner, "role"): ("select", _workspace_roles),
        (r.Owner, "deputy_for"): ("multi", _workspace_roles),
        (r.Contact, "kind"): ("select", _labelled(r.CONTACT_KINDS, contact_kind_labels)),
        (r.ApprovalRule, "approver"): ("select", _own_roles),
        (r.CalendarEntry, "account"): ("select", _accounts),
        (r.Step, "role"): ("select", _workspace_roles),
        (r.Step, "contacts"): ("multi", _contacts),
        (r.Step, "pause_accounts"): ("multi", _accounts),
        (r.Step, "statement"): ("select", _own_items("statements", "title")),
        (r.Step, "severities"): ("multi", _own_items("severities", "label")),
        (r.Rota, "role"): ("select", _workspace_roles),
        (r.RotaOverride, "person"): ("select", _owners),
        (r.ListeningProtocol, "role"): ("select", _workspace_roles),
        (r.Watched, "kind"): ("select", _labelled(r.WATCH_KINDS, watch_kind_labels)),
        (r.Threshold, "playbook"): ("select", _playbooks),
    }


def _is_record(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, r.Record)


def _widget_of(name: str, tp: Any) -> tuple[Widget, OptionsFn | None]:
    """The widget a field's type asks for: a Literal is a select of its values, a list of
    Literals a multi, a list of records a list of sub-forms, a nested record a table, a text
    with the clock pattern a clock."""
    import typing

    metas: list[msgspec.Meta] = []
    while typing.get_origin(tp) is typing.Annotated:
        tp, *extra = typing.get_args(tp)
        metas += [m for m in extra if isinstance(m, msgspec.Meta)]
    args = typing.get_args(tp)
    if type(None) in args:
        return _widget_of(name, next(a for a in args if a is not type(None)))
    if typing.get_origin(tp) is typing.Literal:
        return "select", _static([(v, v) for v in args])
    if typing.get_origin(tp) is list:
        inner = _inner_type(args[0])
        if typing.get_origin(inner) is typing.Literal:
            return "multi", _static([(v, v) for v in typing.get_args(inner)])
        return ("items", None) if _is_record(inner) else ("list", None)
    if _is_record(tp):
        return "table", None
    if tp is bool:
        return "bool", None
    if tp is int:
        return "int", None
    if tp is dt.date:
        return "date", None
    if any(r.CLOCK_PATTERN in (m.pattern or "") for m in metas):
        return "clock", None
    return ("long" if name in _LONG_TEXT else "text"), None


_LAYOUTS: dict[type[Any], Layout] = {}


def _layout(record_type: type[Any]) -> Layout:
    """The form of ``record_type``: its fields in the order the record declares them, each
    edited by the widget its type asks for (or the one :func:`_chosen` gives it). A new field
    of a record shows in its form without a change here."""
    layout = _LAYOUTS.get(record_type)
    if layout is None:
        chosen = _chosen()
        layout = _LAYOUTS[record_type] = tuple(
            (name, *(chosen.get((record_type, name)) or _widget_of(name, info.type)))
            for name, info in record_fields(record_type).items()
            if (record_type, name) not in _NOT_IN_FORMS
        )
    return layout


_TITLE_FIELDS = {
    r.Role: "title",
    r.ApprovalRule: "content",
    r.CalendarEntry: "content",
    r.ResponseTime: "channel",
    r.Severity: "label",
    r.Step: "title",
    r.Statement: "title",
    r.Watched: "term",
    r.Threshold: "signal",
}


def _inner_type(tp: Any) -> Any:
    """The record class inside ``list[X]`` / ``X | None`` / ``Annotated[...]``."""
    import typing

    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated or origin is list:
            tp = typing.get_args(tp)[0]
        elif origin is not None and type(None) in typing.get_args(tp):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp


def specs_for(record_type: type[Any]) -> tuple[FieldSpec, ...]:
    """The form fields of ``record_type``, in the order the form shows them."""
    infos = record_fields(record_type)
    out: list[FieldSpec] = []
    for name, widget, options in _layout(record_type):
        info = infos[name]
        nested: tuple[FieldSpec, ...] = ()
        title_field = ""
        if widget in ("table", "items"):
            inner = _inner_type(info.type)
            nested = specs_for(inner)
            title_field = _TITLE_FIELDS.get(inner, "")
        default: Any = None
        has_default = False
        if info.default is not msgspec.NODEFAULT:
            default, has_default = info.default, True
        elif info.default_factory is not msgspec.NODEFAULT:
            default, has_default = info.default_factory(), True
        out.append(
            FieldSpec(
                name=name,
                label=labels.form_label(record_type, name),
                widget=widget,
                options=options,
                fields=nested,
                item_label=labels.item_label(name),
                title_field=title_field,
                required=info.required,
                default=default,
                has_default=has_default,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class KindForm:
    """The form of one kind: its fields and which field suggests a new record's id."""

    kind: k.Kind
    fields: tuple[FieldSpec, ...]
    id_from: tuple[str, ...] = field(default=())
    """Fields whose values, joined, suggest the id of a new record (slugified)."""


def form_for(kind: k.Kind) -> KindForm:
    """The form of ``kind``; incidents have none (crisis mode writes them)."""
    if kind is k.INCIDENTS:
        raise ValueError(_("Incidents are written by crisis mode and cannot be edited here."))
    id_from = {
        "accounts": ("network", "handle"),
        "owners": ("name",),
        "contacts": ("name",),
        "playbooks": ("title",),
    }.get(kind.name, ())
    return KindForm(kind, specs_for(kind.record_type), id_from)


def is_empty(value: Any) -> bool:
    """True for the values a form treats as "nothing entered"."""
    return value is None or value == "" or value == []


def overlay(
    raw: dict[str, Any],
    specs: tuple[FieldSpec, ...],
    values: dict[str, Any],
    new_file: bool = False,
) -> dict[str, Any]:
    """``raw`` (the table as read, unknown keys included) with the form's ``values`` on top.

    Rules, simple and predictable: a key the file did not have is left out when the form's value
    is empty or equals the field's default; a key the file had keeps an empty text or list (so
    it stays visible to whoever edits the file by hand); an empty date or number is left out,
    and so is a nested table the file did not have when nothing was entered in it.
    Required fields are always written, so validation can name them. In a ``new_file``, a
    choice shown chosen (an account's status, ``active``) is written even when it is the
    default: the file then says what the form, the list and the detail show, as every file
    of the sample does; an old file that leaves it out is not touched for it.
    """
    out = dict(raw)
    for spec in specs:
        name = spec.name
        if name not in values:
            continue
        value = values[name]
        present = name in raw
        if value is None:
            out.pop(name, None)
        elif spec.required or (new_file and spec.widget == "select" and not is_empty(value)):
            out[name] = value
        elif not present and (
            is_empty(value)
            or value == {}  # a nested table left blank (no [plan], no [working_hours])
            or (spec.has_default and _equal(value, spec.default))
        ):
            out.pop(name, None)
        else:
            out[name] = value
    return out


def _equal(a: Any, b: Any) -> bool:
    if isinstance(b, msgspec.Struct):
        b = msgspec.to_builtins(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def parse_date(text: str) -> dt.date | str | None:
    """A date typed in a form: None when empty, a date when valid, else the text as typed."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else text
    except ValueError:
        return text


def parse_int(text: str) -> int | str | None:
    """A number typed in a form: None when empty, an int when valid, else the text as typed."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text
