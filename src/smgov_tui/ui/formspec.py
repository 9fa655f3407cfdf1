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
    owner``, ``steps.2.contacts`` -> ``step 3: Contacts to call``."""
    parts = field_path.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        words = labels.field_label(None, parts[0])
        item = _(words.item) if words.item else parts[0]
        return _("{item} {n}: {field}").format(
            item=item, n=int(parts[1]) + 1, field=field_label(parts[2])
        )
    return field_label(field_path)


def _labelled(values: tuple[str, ...], labelled: Callable[[], dict[str, str]]) -> OptionsFn:
    """Options of an enumerated field: its translated label shown, its value stored."""

    def options(_data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
        shown = labelled()
        return [(shown.get(value, value), value) for value in values]

    return options


def _owners(data: WorkspaceData, _values: dict[str, Any]) -> list[Option]:
    out: list[Option] = []
    for oid in data.ids(k.OWNERS):
        owner = data.owners.get(oid)
        if owner is None:
            out.append((oid, oid))
            continue
        label = f"{owner.name} ({oid})"
        if not owner.active:
            label += " - " + _("inactive")
        out.append((label, oid))
    return out


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


def _layouts() -> dict[type[Any], Layout]:
    networks = _static([(n, n) for n in r.NETWORKS])
    weekdays = _static([(d, d) for d in r.WEEKDAYS])
    return {
        r.WorkspaceMeta: (
            ("organisation", "text", None),
            ("brand", "text", None),
            ("objectives", "list", None),
            ("default_response_hours", "int", None),
            ("timezone", "text", None),
            ("language", "select", _static([("English (en)", "en"), ("Español (es)", "es")])),
        ),
        r.Account: (
            ("network", "select", networks),
            ("handle", "text", None),
            ("url", "text", None),
            ("department", "text", None),
            ("purpose", "long", None),
            ("owner", "select", _owners),
            ("backup_owner", "select", _owners),
            ("status", "select", _labelled(r.STATUSES, status_labels)),
            ("response_sla_hours", "int", None),
            ("posting_frequency", "text", None),
            ("last_reviewed", "date", None),
            ("credentials_location", "text", None),
            ("notes", "long", None),
        ),
        r.WorkingHours: (
            ("days", "multi", weekdays),
            ("start", "clock", None),
            ("end", "clock", None),
        ),
        r.Owner: (
            ("name", "text", None),
            ("role", "select", _workspace_roles),
            ("department", "text", None),
            ("email", "text", None),
            ("phone", "text", None),
            ("timezone", "text", None),
            ("working_hours", "table", None),
            ("trained_on", "date", None),
            ("active", "bool", None),
            ("notes", "long", None),
        ),
        r.Contact: (
            ("name", "text", None),
            ("kind", "select", _labelled(r.CONTACT_KINDS, contact_kind_labels)),
            ("organisation", "text", None),
            ("phone", "text", None),
            ("email", "text", None),
            ("escalation_level", "int", None),
            ("availability", "text", None),
            ("notes", "long", None),
        ),
        r.CommunicationProtocol: (
            ("key_messages", "list", None),
            ("voice_and_tone", "long", None),
            ("keywords", "list", None),
            ("banned_topics", "list", None),
            ("hashtags", "list", None),
            ("languages", "list", None),
            ("approved_phrases", "list", None),
            ("employee_guidelines", "list", None),
        ),
        r.Role: (
            ("id", "text", None),
            ("title", "text", None),
            ("responsibilities", "long", None),
        ),
        r.ApprovalRule: (
            ("content", "text", None),
            ("approver", "select", _own_roles),
            ("notes", "long", None),
        ),
        r.CalendarEntry: (
            ("days", "multi", weekdays),
            ("time", "clock", None),
            ("account", "select", _accounts),
            ("content", "text", None),
        ),
        r.ResponseTime: (
            ("channel", "text", None),
            ("hours", "int", None),
        ),
        r.ManagementProtocol: (
            ("purpose", "long", None),
            ("roles", "items", None),
            ("approval_rules", "items", None),
            ("calendar", "items", None),
            ("response_times", "items", None),
            ("review_cadence_days", "int", None),
        ),
        r.Severity: (
            ("id", "text", None),
            ("label", "text", None),
            ("first_response_minutes", "int", None),
            ("description", "long", None),
        ),
        r.Step: (
            ("id", "text", None),
            ("title", "text", None),
            ("detail", "long", None),
            ("role", "select", _workspace_roles),
            ("contacts", "multi", _contacts),
            ("statement", "select", _own_items("statements", "title")),
            ("severities", "multi", _own_items("severities", "label")),
        ),
        r.Statement: (
            ("id", "text", None),
            ("title", "text", None),
            ("text", "long", None),
        ),
        r.Playbook: (
            ("title", "text", None),
            ("trigger", "long", None),
            ("reminder_minutes", "int", None),
            ("severities", "items", None),
            ("steps", "items", None),
            ("statements", "items", None),
        ),
    }


_TITLE_FIELDS = {
    r.Role: "title",
    r.ApprovalRule: "content",
    r.CalendarEntry: "content",
    r.ResponseTime: "channel",
    r.Severity: "label",
    r.Step: "title",
    r.Statement: "title",
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
    layouts = _layouts()
    infos = record_fields(record_type)
    out: list[FieldSpec] = []
    for name, widget, options in layouts[record_type]:
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
    raw: dict[str, Any], specs: tuple[FieldSpec, ...], values: dict[str, Any]
) -> dict[str, Any]:
    """``raw`` (the table as read, unknown keys included) with the form's ``values`` on top.

    Rules, simple and predictable: a key the file did not have is left out when the form's value
    is empty or equals the field's default; a key the file had keeps an empty text or list (so
    it stays visible to whoever edits the file by hand); an empty date or number is left out.
    Required fields are always written, so validation can name them.
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
        elif spec.required:
            out[name] = value
        elif not present and (
            is_empty(value) or (spec.has_default and _equal(value, spec.default))
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
