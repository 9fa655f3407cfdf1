"""What people read for each record field: the one place that names fields for the forms, the
details, the lists and the handbook.

A field has one entry here. Its ``name`` is how the detail of a record calls it; a place that
needs other words takes a variant, and falls back to the name when the entry has none:

- ``form``: the form's label, with what to type (``Last reviewed (YYYY-MM-DD)``);
- ``column``: a list or table header, short (``Reviewed``);
- ``heading``: the handbook's words for a reader (``Topics we never post or answer about``),
  falling back to the column, then the name;
- ``item``: one element of a list field (``step``), for "Add step" and "step 3: ...".

The texts are msgids (marked with ``N_`` so ``tools/i18n.py`` finds them) translated when shown:
by the interface's ``_()``, or by the translator the caller passes (the handbook speaks the
workspace's language). Adding a field to a record means adding its entry here; a test checks
that every field of every record has one.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from msgspec.structs import replace

from smgov_tui.core import records as r
from smgov_tui.i18n import N_, _

Translate = Callable[[str], str]
"""A ``_()``: the interface's, or :func:`smgov_tui.i18n.translator` for another language."""


class FieldLabel(msgspec.Struct, frozen=True):
    """The words for one field (msgids, untranslated)."""

    name: str
    form: str = ""
    column: str = ""
    heading: str = ""
    item: str = ""


FIELDS: dict[str, FieldLabel] = {
    # workspace.toml
    "organisation": FieldLabel(N_("Organisation")),
    "brand": FieldLabel(N_("Brand")),
    "objectives": FieldLabel(N_("Objectives"), item=N_("objective")),
    "default_response_hours": FieldLabel(N_("Default response time (hours)")),
    "timezone": FieldLabel(N_("Timezone"), form=N_("Time zone")),
    "language": FieldLabel(N_("Language")),
    "format_version": FieldLabel(N_("Format version")),
    "plan": FieldLabel(N_("Plan ownership")),
    "departments": FieldLabel(N_("Owning departments"), item=N_("department")),
    "evangelists": FieldLabel(N_("Evangelists"), item=N_("evangelist")),
    "approved_by": FieldLabel(N_("Plan approved by")),
    "approved_on": FieldLabel(N_("Approved on"), form=N_("Approved on (YYYY-MM-DD)")),
    "next_review": FieldLabel(N_("Next review"), form=N_("Next review (YYYY-MM-DD)")),
    # accounts
    "network": FieldLabel(N_("Network")),
    "handle": FieldLabel(N_("Handle")),
    "url": FieldLabel(N_("Profile URL")),
    "department": FieldLabel(N_("Department")),
    "purpose": FieldLabel(N_("Purpose")),
    "owner": FieldLabel(N_("Owner")),
    "backup_owner": FieldLabel(N_("Backup owner"), column=N_("Backup")),
    "status": FieldLabel(N_("Status")),
    "response_sla_hours": FieldLabel(N_("Response time (hours)"), heading=N_("Response time")),
    "posting_frequency": FieldLabel(N_("Posting frequency")),
    "last_reviewed": FieldLabel(
        N_("Last reviewed"), form=N_("Last reviewed (YYYY-MM-DD)"), column=N_("Reviewed")
    ),
    "credentials_location": FieldLabel(
        N_("Credentials location"), form=N_("Where the credentials are kept")
    ),
    "scheduler_url": FieldLabel(
        N_("Scheduled posts (link)"),
        form=N_("Where its scheduled posts live (link)"),
        column=N_("Scheduler"),
    ),
    "notes": FieldLabel(N_("Notes")),
    "required_hashtags": FieldLabel(N_("Required hashtags"), item=N_("hashtag")),
    # owners and their working hours
    "name": FieldLabel(N_("Name")),
    "role": FieldLabel(N_("Role")),
    "email": FieldLabel(N_("Email")),
    "phone": FieldLabel(N_("Phone")),
    "working_hours": FieldLabel(N_("Working hours")),
    "days": FieldLabel(N_("Days")),
    "start": FieldLabel(N_("Start"), form=N_("Start (HH:MM)")),
    "end": FieldLabel(N_("End"), form=N_("End (HH:MM)")),
    "trained_on": FieldLabel(N_("Trained on"), form=N_("Trained on (YYYY-MM-DD)")),
    "active": FieldLabel(N_("Active")),
    "deputy_for": FieldLabel(N_("Deputy for"), form=N_("Stands in for")),
    # contacts
    "kind": FieldLabel(N_("Kind")),
    "escalation_level": FieldLabel(N_("Escalation level"), column=N_("Level")),
    "always_reachable": FieldLabel(N_("Reachable 24/7")),
    "reachable_hours": FieldLabel(N_("Reachable hours"), item=N_("time slot")),
    "availability": FieldLabel(
        N_("Availability"), form=N_("Availability (a note, e.g. out of hours by phone)")
    ),
    # communication protocol
    "key_messages": FieldLabel(N_("Key messages")),
    "voice_and_tone": FieldLabel(N_("Voice and tone")),
    "keywords": FieldLabel(N_("Keywords")),
    "banned_topics": FieldLabel(
        N_("Banned topics"), heading=N_("Topics we never post or answer about")
    ),
    "hashtags": FieldLabel(N_("Hashtags"), heading=N_("Official hashtags")),
    "languages": FieldLabel(N_("Languages")),
    "approved_phrases": FieldLabel(N_("Approved phrases")),
    "employee_guidelines": FieldLabel(
        N_("Employee guidelines"), heading=N_("Guidelines for employees")
    ),
    "banned_words": FieldLabel(N_("Banned words"), heading=N_("Words we never use")),
    "sensitive_words": FieldLabel(
        N_("Sensitive words"), heading=N_("Words that point at a banned topic")
    ),
    "link_domains": FieldLabel(N_("Link domains"), heading=N_("Domains posts may link to")),
    "max_hashtags": FieldLabel(N_("Most hashtags per post")),
    "max_mentions": FieldLabel(N_("Most mentions per post")),
    # management protocol
    "roles": FieldLabel(N_("Roles"), item=N_("role")),
    "id": FieldLabel(N_("Id")),
    "title": FieldLabel(N_("Title")),
    "responsibilities": FieldLabel(N_("Responsibilities")),
    "training_topics": FieldLabel(N_("Training topics"), item=N_("topic")),
    "training_every_days": FieldLabel(
        N_("Train again every (days)"),
        column=N_("Training every"),
        heading=N_("Trained again every"),
    ),
    "approval_rules": FieldLabel(
        N_("Approval rules"), heading=N_("Approvals"), item=N_("approval rule")
    ),
    "content": FieldLabel(N_("Content")),
    "approver": FieldLabel(N_("Approver"), form=N_("Approver (role)"), heading=N_("Approved by")),
    "calendar": FieldLabel(
        N_("Calendar"),
        form=N_("Posting calendar"),
        heading=N_("Posting calendar"),
        item=N_("calendar slot"),
    ),
    "time": FieldLabel(N_("Time"), form=N_("Time (HH:MM)")),
    "account": FieldLabel(N_("Account")),
    "response_times": FieldLabel(N_("Response times"), item=N_("response time")),
    "channel": FieldLabel(N_("Channel"), form=N_("Kind of message"), column=N_("Kind of message")),
    "hours": FieldLabel(N_("Hours"), heading=N_("Response time")),
    "review_cadence_days": FieldLabel(N_("Review every (days)")),
    # the on-call rota of the management protocol
    "rota": FieldLabel(N_("On-call rota")),
    "people": FieldLabel(
        N_("People"), form=N_("People in turn order (owner ids)"), item=N_("person")
    ),
    "first_day": FieldLabel(N_("First day"), form=N_("First day (YYYY-MM-DD)")),
    "turn_days": FieldLabel(N_("Turn length (days)")),
    "handover_day": FieldLabel(N_("Handover day")),
    "handover_time": FieldLabel(N_("Handover time"), form=N_("Handover time (HH:MM)")),
    "answers_messages": FieldLabel(N_("Answers messages out of hours")),
    "overrides": FieldLabel(
        N_("Overrides"), form=N_("Overrides (swaps, holidays)"), item=N_("override")
    ),
    "person": FieldLabel(N_("Person")),
    "from_date": FieldLabel(N_("From"), form=N_("From (YYYY-MM-DD)")),
    "from_time": FieldLabel(N_("From time"), form=N_("From time (HH:MM, else the handover)")),
    "until_date": FieldLabel(N_("Until"), form=N_("Until (YYYY-MM-DD)")),
    "until_time": FieldLabel(N_("Until time"), form=N_("Until time (HH:MM, else the handover)")),
    "reason": FieldLabel(N_("Reason")),
    # listening protocol
    "watch": FieldLabel(N_("What we listen for"), item=N_("term")),
    "term": FieldLabel(N_("Term")),
    "networks": FieldLabel(N_("Networks"), heading=N_("Where we listen")),
    "tools": FieldLabel(N_("Tools"), heading=N_("Listening tools")),
    "check_every_minutes": FieldLabel(N_("Check every (minutes)")),
    "thresholds": FieldLabel(
        N_("Thresholds"), heading=N_("Thresholds that open a crisis playbook"), item=N_("threshold")
    ),
    "signal": FieldLabel(N_("Signal"), form=N_("What is counted")),
    "above": FieldLabel(N_("More than")),
    "within_minutes": FieldLabel(N_("Within (minutes)")),
    # crisis playbooks
    "trigger": FieldLabel(N_("Trigger"), heading=N_("When it starts")),
    "reminder_minutes": FieldLabel(N_("Reminder after (minutes)")),
    "severities": FieldLabel(N_("Severities"), item=N_("severity")),
    "label": FieldLabel(N_("Label"), heading=N_("Severity")),
    "first_response_minutes": FieldLabel(
        N_("First response within (minutes)"),
        column=N_("First response"),
        heading=N_("First response within"),
    ),
    "description": FieldLabel(N_("Description")),
    "steps": FieldLabel(N_("Steps"), item=N_("step")),
    "detail": FieldLabel(N_("Detail")),
    "contacts": FieldLabel(N_("Contacts"), form=N_("Contacts to call"), heading=N_("Call")),
    "statement": FieldLabel(
        N_("Statement"), form=N_("Statement to publish"), heading=N_("Holding statement")
    ),
    "statements": FieldLabel(N_("Statements"), form=N_("Holding statements"), item=N_("statement")),
    "pause_accounts": FieldLabel(
        N_("Accounts to pause"), form=N_("Accounts whose scheduled posts to pause")
    ),
    "text": FieldLabel(N_("Text")),
    # incidents and their log
    "playbook": FieldLabel(N_("Playbook")),
    "severity": FieldLabel(N_("Severity")),
    "opened_at": FieldLabel(N_("Opened at"), column=N_("Opened")),
    "opened_by": FieldLabel(N_("Opened by")),
    "closed_at": FieldLabel(N_("Closed at")),
    "summary": FieldLabel(N_("Summary")),
    "lessons": FieldLabel(N_("Lessons")),
    "log": FieldLabel(N_("Log")),
    "at": FieldLabel(N_("At")),
    "author": FieldLabel(N_("Author"), column=N_("Who")),
    "action": FieldLabel(N_("Action")),
    "step": FieldLabel(N_("Step")),
    "note": FieldLabel(N_("Note")),
    "calls": FieldLabel(N_("Calls"), item=N_("call")),
    "contact": FieldLabel(N_("Contact")),
    "who": FieldLabel(N_("Who")),
    "outcome": FieldLabel(N_("Outcome")),
    "paused": FieldLabel(N_("Confirmed paused")),
}
"""Every field, by its key in the TOML table (the same key means the same words everywhere)."""

IN_RECORD: dict[tuple[type[r.Record], str], FieldLabel] = {
    (r.ManagementProtocol, "purpose"): replace(
        FIELDS["purpose"], heading=N_("Why we are on social media")
    ),
    (r.ListeningProtocol, "purpose"): replace(FIELDS["purpose"], heading=N_("Why we listen")),
    (r.ListeningProtocol, "role"): replace(FIELDS["role"], heading=N_("Who listens")),
    (r.Role, "title"): replace(FIELDS["title"], heading=N_("Role")),
    (r.Plan, "owner"): FieldLabel(N_("Plan owner")),
    (r.Severity, "description"): replace(FIELDS["description"], heading=N_("Notes")),
    (r.Playbook, "severities"): replace(FIELDS["severities"], heading=N_("Severity levels")),
    (r.Step, "severities"): replace(FIELDS["severities"], heading=N_("Only for")),
}
"""Fields a record names in its own words (the handbook's heading of one record's field)."""


def field_label(record_type: type[r.Record] | None, field: str) -> FieldLabel:
    """The words for ``field`` of ``record_type`` (any record when None); a key no record has
    gets its own name, so an unknown key still shows as it is written."""
    if record_type is not None:
        found = IN_RECORD.get((record_type, field))
        if found is not None:
            return found
    return FIELDS.get(field) or FieldLabel(field)


def label(record_type: type[r.Record] | None, field: str, tr: Translate = _) -> str:
    """How the detail of a record names ``field``: ``backup_owner`` -> ``Backup owner``."""
    return tr(field_label(record_type, field).name)


def field_words(dotted: str, record_type: type[r.Record] | None = None, tr: Translate = _) -> str:
    """A finding's field as people read it: ``trained_on`` -> ``Trained on``,
    ``steps.2.contacts`` -> ``step 3 › Contacts``; empty for the whole file. A key no record
    has (an unknown key) stays as it is written, so it can be found in the file."""
    if not dotted:
        return ""
    parts = dotted.split(".")
    words: list[str] = []
    index = 0
    while index < len(parts):
        part = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if following.isdigit():
            words.append(f"{item_label(part, tr)} {int(following) + 1}")
            index += 2
            continue
        words.append(label(record_type if index == 0 else None, part, tr))
        index += 1
    return " › ".join(words)


def form_label(record_type: type[r.Record] | None, field: str, tr: Translate = _) -> str:
    """The label beside the field's widget in a form."""
    words = field_label(record_type, field)
    return tr(words.form or words.name)


def column_label(record_type: type[r.Record] | None, field: str, tr: Translate = _) -> str:
    """The header of a list column that shows the field."""
    words = field_label(record_type, field)
    return tr(words.column or words.name)


def heading(record_type: type[r.Record] | None, field: str, tr: Translate = _) -> str:
    """The handbook's heading (or table header) of the field."""
    words = field_label(record_type, field)
    return tr(words.heading or words.column or words.name)


def item_label(field: str, tr: Translate = _) -> str:
    """What one element of the list ``field`` is called (``steps`` -> ``step``); "item" when
    the field is not a list of named things."""
    return tr(field_label(None, field).item or N_("item"))


# --- values of enumerated fields --------------------------------------------------------------

STATUS_LABELS: dict[str, str] = {
    "active": N_("active"),
    "paused": N_("paused"),
    "archived": N_("archived"),
}
"""What people read for each account status."""

CONTACT_KIND_LABELS: dict[str, str] = {
    "legal": N_("legal"),
    "pr_agency": N_("PR agency"),
    "executive": N_("executive"),
    "it_security": N_("IT security"),
    "platform_support": N_("platform support"),
    "other": N_("other"),
}
"""What people read for each kind of crisis contact."""

WATCH_KIND_LABELS: dict[str, str] = {
    "brand": N_("brand"),
    "product": N_("product"),
    "executive": N_("executive"),
    "competitor": N_("competitor"),
    "hashtag": N_("hashtag"),
    "topic": N_("topic"),
}
"""What people read for each kind of term the listening protocol watches."""

WEEKDAY_LABELS: dict[str, str] = {
    "mon": N_("Mon"),
    "tue": N_("Tue"),
    "wed": N_("Wed"),
    "thu": N_("Thu"),
    "fri": N_("Fri"),
    "sat": N_("Sat"),
    "sun": N_("Sun"),
}
"""What people read for each day of the week."""


def _labels(table: dict[str, str], tr: Translate) -> dict[str, str]:
    """Every value of a closed list of the format and its label, translated with ``tr``."""
    return {value: tr(text) for value, text in table.items()}


def _label(table: dict[str, str], value: str, tr: Translate) -> str:
    """The label of ``value``; a value the format does not know is shown as it is."""
    text = table.get(value)
    return tr(text) if text else value


def status_labels(tr: Translate = _) -> dict[str, str]:
    """Every account status and its label (forms, lists, details, charts and the handbook)."""
    return _labels(STATUS_LABELS, tr)


def contact_kind_labels(tr: Translate = _) -> dict[str, str]:
    """Every kind of crisis contact and its label (forms, lists, details and the handbook)."""
    return _labels(CONTACT_KIND_LABELS, tr)


def watch_kind_labels(tr: Translate = _) -> dict[str, str]:
    """Every kind of watched term and its label (the form's select, the handbook)."""
    return _labels(WATCH_KIND_LABELS, tr)


def status_label(status: str, tr: Translate = _) -> str:
    """The label of an account status (an unknown value as it is)."""
    return _label(STATUS_LABELS, status, tr)


def contact_kind_label(kind: str, tr: Translate = _) -> str:
    """The label of a contact kind (an unknown value as it is)."""
    return _label(CONTACT_KIND_LABELS, kind, tr)


def watch_kind_label(kind: str, tr: Translate = _) -> str:
    """The label of a kind of watched term (an unknown value as it is)."""
    return _label(WATCH_KIND_LABELS, kind, tr)


def weekday_label(day: str, tr: Translate = _) -> str:
    """The short label of a day of the week (``mon`` -> ``Mon``; an unknown value as it is)."""
    return _label(WEEKDAY_LABELS, day, tr)
