"""What the detail of a record shows: its fields, and blocks of linked records.

Pure functions over the workspace data (no Textual), so they can run in workers and be tested
directly. User text stays ``rich.text.Text``; nothing here is markup.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

import msgspec
from rich.cells import cell_len
from rich.text import Text

from smgov_tui.core import clock, labels, listening, oncall
from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.coverage import weekday_label
from smgov_tui.core.crisis import account_label, entry_texts
from smgov_tui.core.crisis_actions import Action
from smgov_tui.core.labels import column_label as col
from smgov_tui.core.labels import contact_kind_label, status_label, watch_kind_label
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.plan import plan_rows
from smgov_tui.core.problems import Problem
from smgov_tui.core.report import incident_status_label
from smgov_tui.i18n import _
from smgov_tui.ui.present.formspec import severity_label
from smgov_tui.ui.present.nobreak import keep_phones_whole


@dataclass(frozen=True)
class Link:
    """A record another one points to: Enter on its row opens it."""

    kind: k.Kind
    id: str


@dataclass(frozen=True)
class BlockColumn:
    """A column of a block: its header and, for long text, a width to wrap at."""

    label: str
    width: int | None = None
    min_width: int = 12
    """How narrow a wrapped column may get when the screen is narrow."""


@dataclass
class Block:
    """A titled table inside a detail (the accounts an owner holds, the steps of a playbook)."""

    title: str
    columns: tuple[BlockColumn, ...]
    rows: list[tuple[tuple[Text, ...], Link | None]] = field(default_factory=list)
    empty: str = ""
    """Said instead of the table when there are no rows."""


@dataclass
class Detail:
    """Everything the detail view of one record shows."""

    kind: k.Kind
    id: str
    title: str
    subtitle: str
    fields: list[tuple[str, Text]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    valid: bool = True
    blocks_first: bool = False
    """Show the blocks above the fields (an account: whom to call matters most)."""


# Nested lists shown as blocks rather than as fields.
_BLOCK_FIELDS = {
    "severities",
    "steps",
    "statements",
    "roles",
    "approval_rules",
    "calendar",
    "response_times",
    "rota",
    "log",
    "watch",
    "thresholds",
}


def label_of(name: str, record_type: type[r.Record] | None = None) -> str:
    """A field name as people read it: ``backup_owner`` -> ``Backup owner``, ``url`` ->
    ``Profile URL`` (the words are in :mod:`smgov_tui.core.labels`)."""
    return labels.label(record_type, name)


def show(value: Any) -> str:
    """A field value as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M %z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, r.WorkingHours):
        return f"{', '.join(value.days)} {value.start}-{value.end}"
    if isinstance(value, list):
        return "\n".join(f"• {show(item)}" for item in value)
    return str(value)


def _t(value: Any, style: str = "") -> Text:
    return Text(show(value), style=style)


def _shown_value(data: WorkspaceData, record: r.Record, name: str, value: Any) -> Text:
    """A field's value as people read it: an owner by name, a status or a kind by its label,
    a role by its title. A value that names nothing known is shown as it is."""
    if isinstance(record, r.Account) and name in ("owner", "backup_owner"):
        owner = data.owners.get(value)
        return Text(owner.name) if owner is not None else _t(value)
    if isinstance(record, r.Account) and name == "status":
        return Text(status_label(value))
    if isinstance(record, r.Contact) and name == "kind":
        return Text(contact_kind_label(value))
    if isinstance(record, r.Incident) and name == "playbook":
        playbook = data.playbooks.get(value)
        return Text(playbook.title) if playbook is not None else _t(value)
    if isinstance(record, r.Incident) and name == "severity":
        return Text(severity_label(data.playbooks.get(record.playbook), value))
    if isinstance(record, r.Incident) and name == "status":
        return Text(incident_status_label(value))
    if isinstance(record, r.WorkspaceMeta) and name == "plan":
        rows = plan_rows(data, clock.today())
        return Text("\n".join(f"{label}: {shown}" for label, shown in rows))
    if isinstance(record, r.Owner) and name == "role":
        roles = {role.id: role.title for role in (data.management.roles if data.management else [])}
        return Text(roles.get(value) or value)
    return _t(value)


@functools.cache
def _struct_fields(kind: type[r.Record]) -> tuple[msgspec.structs.FieldInfo, ...]:
    """The fields of a record type, read once: msgspec resolves the class's annotations on
    every call (about a tenth of the time it took to build an account's detail)."""
    return msgspec.structs.fields(kind)


def _fields(data: WorkspaceData, record: r.Record, raw: dict[str, Any]) -> list[tuple[str, Text]]:
    out: list[tuple[str, Text]] = []
    fields = _struct_fields(type(record))
    for info in fields:
        if info.name in _BLOCK_FIELDS:
            continue
        value = getattr(record, info.name)
        if value in ("", [], None):
            continue
        out.append(
            (label_of(info.name, type(record)), _shown_value(data, record, info.name, value))
        )
    known = {info.encode_name for info in fields}
    for key, value in raw.items():
        if key not in known:
            out.append((key, Text(f"{value!r}  ") + Text(_("(unknown key, kept)"), style="dim")))
    return out


def _person_row(
    label: str, data: WorkspaceData, owner_id: str
) -> tuple[tuple[Text, ...], Link | None]:
    if not owner_id:
        return (Text(label), Text(_("(none)"), style="italic"), Text(""), Text("")), None
    owner = data.owners.get(owner_id)
    if owner is None:
        return (
            (Text(label), Text(owner_id), Text(_("not an owner"), style="bold"), Text("")),
            None,
        )
    return (Text(label), Text(owner.name), Text(owner.phone), Text(owner.email)), Link(
        k.OWNERS, owner_id
    )


def _email_column(emails: list[str]) -> BlockColumn:
    """An Email column as wide as its longest address, wrapped when the screen is narrower
    (a cut address cannot be read; a wrapped one can)."""
    label = _("Email")
    return BlockColumn(label, max([cell_len(label), *(cell_len(e) for e in emails)]))


def _account(detail: Detail, data: WorkspaceData, account: r.Account) -> None:
    detail.title = f"{account.handle}"
    detail.subtitle = _("{network} account").format(network=account.network)
    people = [data.owners.get(account.owner), data.owners.get(account.backup_owner)]
    block = Block(
        _("People"),
        (
            BlockColumn(_("In charge")),
            BlockColumn(col(r.Owner, "name")),
            BlockColumn(col(r.Owner, "phone")),
            _email_column([owner.email for owner in people if owner is not None]),
        ),
    )
    block.rows.append(_person_row(_("Owner"), data, account.owner))
    block.rows.append(_person_row(_("Backup"), data, account.backup_owner))
    detail.blocks.append(block)
    detail.blocks_first = True


def _owner(detail: Detail, data: WorkspaceData, owner_id: str, owner: r.Owner) -> None:
    detail.title = owner.name
    roles = {role.id: role.title for role in (data.management.roles if data.management else [])}
    detail.subtitle = roles.get(owner.role, owner.role) or _("owner")
    block = Block(
        _("Accounts"),
        (
            BlockColumn(_("As")),
            BlockColumn(col(r.Account, "network")),
            BlockColumn(col(r.Account, "handle")),
            BlockColumn(col(r.Account, "status")),
        ),
        empty=_("Owns and backs up no account."),
    )
    for account_id, account in sorted(data.accounts.items()):
        for as_label, who in ((_("owner"), account.owner), (_("backup"), account.backup_owner)):
            if who == owner_id:
                block.rows.append(
                    (
                        (
                            Text(as_label),
                            Text(account.network),
                            Text(account.handle),
                            Text(status_label(account.status)),
                        ),
                        Link(k.ACCOUNTS, account_id),
                    )
                )
    detail.blocks.append(block)


def _contact(detail: Detail, data: WorkspaceData, contact_id: str, contact: r.Contact) -> None:
    detail.title = contact.name
    detail.subtitle = _("crisis contact, level {level}").format(level=contact.escalation_level)
    block = Block(
        _("Named in playbook steps"),
        (BlockColumn(_("Playbook"), 26), BlockColumn(_("Step"), 34), BlockColumn(_("Severities"))),
        empty=_("No playbook step names this contact."),
    )
    for playbook_id, playbook in sorted(data.playbooks.items()):
        for number, step in enumerate(playbook.steps, 1):
            if contact_id in step.contacts:
                block.rows.append(
                    (
                        (
                            Text(playbook.title),
                            Text(f"{number}. {step.title}"),
                            Text(", ".join(step.severities) or _("all")),
                        ),
                        Link(k.PLAYBOOKS, playbook_id),
                    )
                )
    detail.blocks.append(block)


def _playbook(detail: Detail, data: WorkspaceData, playbook_id: str, playbook: r.Playbook) -> None:
    detail.title = playbook.title
    detail.subtitle = _("crisis playbook")
    roles = {role.id: role.title for role in (data.management.roles if data.management else [])}
    contacts = data.contacts
    severities = Block(
        _("Severities"),
        (
            BlockColumn(col(r.Severity, "id")),
            BlockColumn(col(r.Severity, "label")),
            BlockColumn(col(r.Severity, "first_response_minutes")),
            BlockColumn(_("When"), 50),
        ),
        empty=_("No severity levels."),
    )
    for severity in playbook.severities:
        severities.rows.append(
            (
                (
                    Text(severity.id),
                    Text(severity.label),
                    Text(_("{minutes} min").format(minutes=severity.first_response_minutes)),
                    Text(severity.description),
                ),
                None,
            )
        )
    steps = Block(
        _("Steps"),
        (
            BlockColumn("#"),
            BlockColumn(_("Step"), 30),
            BlockColumn(col(r.Step, "role"), 18),
            BlockColumn(col(r.Step, "contacts"), 22),
            BlockColumn(col(r.Step, "statement"), 14),
            BlockColumn(col(r.Step, "severities"), 12),
        ),
        empty=_("No steps yet."),
    )
    for number, step in enumerate(playbook.steps, 1):
        names = [contacts[c].name if c in contacts else c for c in step.contacts]
        steps.rows.append(
            (
                (
                    Text(str(number)),
                    Text(step.title),
                    Text(roles.get(step.role, step.role)),
                    Text("\n".join(names)),
                    Text(step.statement),
                    Text(", ".join(step.severities) or _("all")),
                ),
                None,
            )
        )
    called_ids = {c for step in playbook.steps for c in step.contacts}
    called = Block(
        _("Contacts to call"),
        (
            BlockColumn(col(r.Contact, "name")),
            BlockColumn(col(r.Contact, "phone")),
            _email_column([contacts[c].email for c in called_ids if c in contacts]),
            BlockColumn(_("In steps")),
        ),
        empty=_("No step names a contact."),
    )
    seen: dict[str, list[str]] = {}
    for number, step in enumerate(playbook.steps, 1):
        for contact_id in step.contacts:
            seen.setdefault(contact_id, []).append(str(number))
    for contact_id, numbers in seen.items():
        contact = contacts.get(contact_id)
        if contact is None:
            called.rows.append(
                (
                    (
                        Text(contact_id),
                        Text(_("not a contact"), style="bold"),
                        Text(""),
                        Text(", ".join(numbers)),
                    ),
                    None,
                )
            )
        else:
            called.rows.append(
                (
                    (
                        Text(contact.name),
                        Text(contact.phone),
                        Text(contact.email),
                        Text(", ".join(numbers)),
                    ),
                    Link(k.CONTACTS, contact_id),
                )
            )
    statements = Block(
        _("Holding statements"),
        (
            BlockColumn(col(r.Statement, "id")),
            BlockColumn(col(r.Statement, "title"), 24),
            BlockColumn(col(r.Statement, "text"), 60),
        ),
        empty=_("No holding statements."),
    )
    for statement in playbook.statements:
        statements.rows.append(
            ((Text(statement.id), Text(statement.title), Text(statement.text)), None)
        )
    incidents = Block(
        _("Incidents"),
        (
            BlockColumn(col(r.Incident, "opened_at")),
            BlockColumn(col(r.Incident, "title")),
            BlockColumn(col(r.Incident, "status")),
        ),
        empty=_("Never used in an incident."),
    )
    for incident_id, incident in sorted(data.incidents.items(), reverse=True):
        if incident.playbook == playbook_id:
            incidents.rows.append(
                (
                    (
                        Text(show(incident.opened_at)),
                        Text(incident.title or incident_id),
                        Text(incident_status_label(incident.status)),
                    ),
                    Link(k.INCIDENTS, incident_id),
                )
            )
    detail.blocks.extend([called, steps, statements, severities, incidents])


def _person_name(author: str) -> str:
    """The name of a ``Name <email>`` author (the whole text when it has no address)."""
    name, _sep, rest = author.partition(" <")
    return name if name and rest.endswith(">") else author


def _incident(detail: Detail, data: WorkspaceData, incident: r.Incident) -> None:
    detail.title = incident.title or detail.id
    detail.subtitle = _("incident, {status}").format(status=incident_status_label(incident.status))
    playbook = data.playbooks.get(incident.playbook)
    followed = Block(_("Playbook"), (BlockColumn(_("Title")), BlockColumn(_("Severity"))))
    followed.rows.append(
        (
            (
                Text(playbook.title if playbook else incident.playbook),
                Text(severity_label(playbook, incident.severity)),
            ),
            Link(k.PLAYBOOKS, incident.playbook) if playbook else None,
        )
    )
    log = Block(
        _("Log"),
        (
            BlockColumn(col(r.LogEntry, "at")),
            BlockColumn(col(r.LogEntry, "author"), 20, 8),
            BlockColumn(col(r.LogEntry, "action")),
            BlockColumn(col(r.LogEntry, "step"), 24),
            BlockColumn(col(r.LogEntry, "note"), 40),
        ),
        empty=_("Nothing logged."),
    )
    steps = {step.id: step.title for step in (playbook.steps if playbook else [])}
    names = {aid: account_label(account) for aid, account in data.accounts.items()}
    for item, said in zip(incident.log, entry_texts(incident.log, names), strict=True):
        log.rows.append(
            (
                (
                    Text(item.at.strftime("%Y-%m-%d %H:%M")),
                    Text(_person_name(item.author)),
                    Text(Action(item.action).label),
                    Text(steps.get(item.step) or item.step),
                    keep_phones_whole(Text(said)),
                ),
                None,
            )
        )
    detail.blocks.extend([followed, log])


def _management(detail: Detail, data: WorkspaceData, mgmt: r.ManagementProtocol) -> None:
    detail.title = _("Management protocol")
    detail.subtitle = _("who, how, when, where and why")
    holders: dict[str, list[str]] = {}
    for owner in sorted(data.owners.values(), key=lambda o: o.name.casefold()):
        holders.setdefault(owner.role, []).append(owner.name)
    for owner in sorted(data.owners.values(), key=lambda o: o.name.casefold()):
        for role_id in owner.deputy_for:
            holders.setdefault(role_id, []).append(owner.name + " " + _("(deputy)"))
    if mgmt.rota is not None:
        holders.setdefault(mgmt.rota.role, []).append(_("the on-call rota"))
    roles = Block(
        _("Roles"),
        (
            BlockColumn(col(r.Role, "id")),
            BlockColumn(col(r.Role, "title"), 20),
            BlockColumn(col(r.Role, "responsibilities"), 44),
            BlockColumn(_("Held by"), 22),
        ),
        empty=_("No roles defined."),
    )
    for role in mgmt.roles:
        roles.rows.append(
            (
                (
                    Text(role.id),
                    Text(role.title),
                    Text(role.responsibilities),
                    Text("\n".join(holders.get(role.id, []))),
                ),
                None,
            )
        )
    approvals = Block(
        _("Approval rules"),
        (
            BlockColumn(col(r.ApprovalRule, "content"), 30),
            BlockColumn(col(r.ApprovalRule, "approver")),
            BlockColumn(col(r.ApprovalRule, "notes"), 40),
        ),
        empty=_("No approval rules."),
    )
    for rule in mgmt.approval_rules:
        approvals.rows.append(((Text(rule.content), Text(rule.approver), Text(rule.notes)), None))
    calendar = Block(
        _("Posting calendar"),
        (
            BlockColumn(col(r.CalendarEntry, "days")),
            BlockColumn(col(r.CalendarEntry, "time")),
            BlockColumn(col(r.CalendarEntry, "account")),
            BlockColumn(col(r.CalendarEntry, "content"), 44),
        ),
        empty=_("No calendar."),
    )
    for slot in mgmt.calendar:
        calendar.rows.append(
            (
                (
                    Text(", ".join(slot.days)),
                    Text(slot.time),
                    Text(slot.account or _("all accounts")),
                    Text(slot.content),
                ),
                Link(k.ACCOUNTS, slot.account)
                if slot.account in data.entries[k.ACCOUNTS.name]
                else None,
            )
        )
    times = Block(
        _("Response times"),
        (
            BlockColumn(col(r.ResponseTime, "channel"), 30),
            BlockColumn(col(r.ResponseTime, "hours")),
        ),
        empty=_("No response times."),
    )
    for item in mgmt.response_times:
        times.rows.append(((Text(item.channel), Text(str(item.hours))), None))
    detail.blocks.extend([roles, *_rota_blocks(data, mgmt.rota), approvals, calendar, times])


def _listening(detail: Detail, data: WorkspaceData, heard: r.ListeningProtocol) -> None:
    """What is watched, then each threshold as a sentence with the playbook it opens (a link)."""
    detail.title = _("Listening protocol")
    detail.subtitle = _("what we listen for")
    watch = Block(
        label_of("watch", r.ListeningProtocol),
        (
            BlockColumn(col(r.Watched, "term"), 28),
            BlockColumn(col(r.Watched, "kind")),
            BlockColumn(col(r.Watched, "notes"), 44),
        ),
        empty=_("Nothing is watched yet."),
    )
    for item in heard.watch:
        watch.rows.append(
            ((Text(item.term), Text(watch_kind_label(item.kind)), Text(item.notes)), None)
        )
    thresholds = Block(
        label_of("thresholds", r.ListeningProtocol),
        (
            BlockColumn(col(r.Threshold, "signal"), 44),
            BlockColumn(col(r.Threshold, "playbook"), 24),
            BlockColumn(col(r.Threshold, "notes"), 36),
        ),
        empty=_("No thresholds: nothing here opens a crisis playbook."),
    )
    playbooks = data.playbooks
    for threshold in heard.thresholds:
        found = playbooks.get(threshold.playbook)
        thresholds.rows.append(
            (
                (
                    Text(listening.describe(threshold)),
                    Text(found.title if found else threshold.playbook),
                    Text(threshold.notes),
                ),
                Link(k.PLAYBOOKS, threshold.playbook) if found else None,
            )
        )
    detail.blocks.extend([watch, thresholds])


def _rota_blocks(data: WorkspaceData, rota: r.Rota | None) -> list[Block]:
    """The on-call rota: who takes turns (and who is on call now, next), then the overrides."""
    if rota is None:
        return []
    tz = oncall.rota_zone(rota, data.meta.timezone if data.meta else "UTC")
    found = oncall.on_call_at(data, clock.now())
    title = _(
        "On-call rota: turns of {days} days, handover {day} {time} ({zone}), from {first}"
    ).format(
        days=rota.turn_days,
        day=weekday_label(r.WEEKDAYS.index(rota.handover_day)),
        time=rota.handover_time,
        zone=oncall.zone_label(tz) if tz else rota.timezone,
        first=rota.first_day.isoformat(),
    )
    people = Block(
        title,
        (
            BlockColumn(col(r.RotaOverride, "person"), 24),
            BlockColumn(col(r.Owner, "phone")),
            BlockColumn(_("On call"), 36),
        ),
        empty=_("Nobody takes turns yet."),
    )
    for person in rota.people:
        owner = data.owners.get(person)
        when = ""
        if found is not None and tz is not None:
            if found.now is not None and found.now.person == person:
                when = (
                    _("now, until {when}").format(when=oncall.moment_label(found.now.end, tz))
                    if found.now.end
                    else _("now")
                )
            elif found.next is not None and found.next.person == person:
                when = _("next, from {when}").format(when=oncall.moment_label(found.next.start, tz))
        people.rows.append(
            (
                (
                    Text(owner.name if owner else person),
                    keep_phones_whole(Text(owner.phone if owner else "")),
                    Text(when),
                ),
                Link(k.OWNERS, person) if person in data.entries[k.OWNERS.name] else None,
            )
        )
    changes = Block(
        label_of("overrides"),
        (
            BlockColumn(col(r.RotaOverride, "person"), 24),
            BlockColumn(col(r.RotaOverride, "from_date")),
            BlockColumn(col(r.RotaOverride, "until_date")),
            BlockColumn(col(r.RotaOverride, "reason"), 40),
        ),
        empty=_("No swaps or holidays."),
    )
    for item in rota.overrides:
        owner = data.owners.get(item.person)
        start = f"{item.from_date.isoformat()} {item.from_time or rota.handover_time}"
        end = f"{item.until_date.isoformat()} {item.until_time or rota.handover_time}"
        changes.rows.append(
            (
                (
                    Text(owner.name if owner else item.person),
                    Text(start),
                    Text(end),
                    Text(item.reason),
                ),
                Link(k.OWNERS, item.person) if item.person in data.entries[k.OWNERS.name] else None,
            )
        )
    return [people, changes]


def build_detail(
    data: WorkspaceData, kind: k.Kind, record_id: str, problems: list[Problem]
) -> Detail | None:
    """The detail of record ``record_id`` of ``kind``, or None when it does not exist."""
    entry = data.entry(kind, record_id)
    if entry is None:
        return None
    mine = [p for p in problems if p.path == entry.path]
    detail = Detail(kind, record_id, record_id, kind.label, problems=mine)
    record = entry.record
    if record is None:
        detail.valid = False
        detail.subtitle = _("{kind}: this file is not valid").format(kind=kind.label)
        detail.fields = [(_("File"), Text(entry.path)), (_("Text"), Text(entry.text))]
        return detail
    detail.fields = _fields(data, record, entry.raw)
    if kind is k.ACCOUNTS:
        _account(detail, data, record)
    elif kind is k.OWNERS:
        _owner(detail, data, record_id, record)
    elif kind is k.CONTACTS:
        _contact(detail, data, record_id, record)
    elif kind is k.PLAYBOOKS:
        _playbook(detail, data, record_id, record)
    elif kind is k.INCIDENTS:
        _incident(detail, data, record)
    elif kind is k.MANAGEMENT:
        _management(detail, data, record)
    elif kind is k.LISTENING:
        _listening(detail, data, record)
    elif kind is k.COMMUNICATION:
        detail.title = _("Communication protocol")
        detail.subtitle = _("what we say")
    elif kind is k.WORKSPACE:
        detail.title = record.organisation
        detail.subtitle = _("workspace settings")
    return detail
