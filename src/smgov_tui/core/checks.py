"""Governance checks: what ``smgov check``, the Health section and every save agree on.

Rules come in two shapes. A *record rule* looks at one record (plus the rest of the workspace
for references) and runs on every save, so the form and ``check`` never disagree. A *workspace
rule* looks across records (duplicates, coverage) and runs in ``check`` only.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import urllib.parse
import zoneinfo
from collections.abc import Iterable
from typing import Any, cast

from smgov_tui.collector import collector_paused
from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.labels import label as field_label
from smgov_tui.core.model import Entry, WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.core.rules import RECORD_RULES, WORKSPACE_RULES, record_rule, with_fix, with_fixes
from smgov_tui.core.rules import known_ids as _known
from smgov_tui.core.rules import problem_at as _p
from smgov_tui.core.secrets import scan_all, secret_lines
from smgov_tui.i18n import _

# --- text rules: run on every file, valid or not -------------------------------------------

_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_SECRET_KEYS = {"password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "contraseña"}
_KEY_AT_LINE = re.compile(r"^\s*([A-Za-z0-9_\-\"']+)\s*=")


def _field_at(text: str, line: int) -> str:
    """The key set on 1-based ``line`` of ``text``, or "" (a comment, a continued string)."""
    rows = text.split("\n")
    match = _KEY_AT_LINE.match(rows[line - 1]) if 0 < line <= len(rows) else None
    return match.group(1).strip("\"'") if match else ""


def text_problems(entry: Entry[Any]) -> list[Problem]:
    """Merge-conflict markers and values that look like secrets, in any file."""
    problems: list[Problem] = []
    text = entry.text
    # Three plain substring searches are far cheaper than the line-anchored pattern.
    markers = "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text
    match = _CONFLICT_RE.search(text) if markers else None
    if match:
        problems.append(
            Problem(
                entry.path,
                text.count("\n", 0, match.start()) + 1,
                "",
                _("contains git merge-conflict markers; resolve the conflict and keep one version"),
                code="conflict-markers",
            )
        )
    for line in secret_lines(text):
        problems.append(
            Problem(
                entry.path,
                line,
                _field_at(text, line),
                _(
                    "looks like a secret (a password or a token); never store secrets here, "
                    "write WHERE they are kept ({field})"
                ).format(field=field_label(r.Account, "credentials_location")),
                code="secret",
            )
        )
    if _PLAIN_KEYS.issuperset(entry.raw):  # one C-level pass: every key already seen as plain
        return problems
    for key in entry.raw:
        if key.lower() in _SECRET_KEYS:
            if entry.raw[key]:
                problems.append(
                    _p(entry, key, _("a secret must not be stored in the workspace"), "secret")
                )
        elif len(_PLAIN_KEYS) < _PLAIN_KEYS_MAX:
            _PLAIN_KEYS.add(key)
    return problems


_PLAIN_KEYS: set[str] = set()
"""Top-level keys seen that name no secret in any case (``owner``, ``url``...): a file whose keys
are all here needs no key-by-key look (5,000 accounts have the same dozen keys)."""
_PLAIN_KEYS_MAX = 1 << 12
"""Keys remembered at most: the schema's keys fit many times over; a file of odd keys still gets
the key-by-key look."""


# --- record rules ---------------------------------------------------------------------------


@record_rule(k.ACCOUNTS)
def _account_people(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    account = cast(r.Account, entry.record)  # rules run on valid records only
    owners = data.owners
    out: list[Problem] = []
    for field in ("owner", "backup_owner"):
        value = getattr(account, field)
        if not value:
            if account.status != "archived":
                message = (
                    _("the account has no owner; name one of: {known}")
                    if field == "owner"
                    else _("the account has no backup owner; name one of: {known}")
                )
                code = "missing-owner" if field == "owner" else "missing-backup_owner"
                out.append(_p(entry, field, message.format(known=_known(owners)), code))
            continue
        if value not in data.entries[k.OWNERS.name]:
            out.append(
                _p(
                    entry,
                    field,
                    _('"{value}" is not an owner (known: {known})').format(
                        value=value, known=_known(owners)
                    ),
                    "dangling-reference",
                )
            )
        elif account.status == "active" and value in owners and not owners[value].active:
            out.append(
                _p(
                    entry,
                    field,
                    _('"{value}" is inactive but still assigned to an active account').format(
                        value=value
                    ),
                    "inactive-owner",
                )
            )
    if account.owner and account.owner == account.backup_owner:
        out.append(
            _p(
                entry,
                "backup_owner",
                _("the backup owner is the owner; name somebody else"),
                "backup-is-owner",
            )
        )
    return out


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` cannot be dialled, or None when it is a valid international number.

    phonenumbers (~25 ms to import, its metadata for every country) is imported by the first
    number that gets this far: a command that reads no phone never pays for it.
    """
    if not phone.strip():
        return _("no phone number; add one in international format, e.g. +34 600 123 456")
    if not phone.strip().startswith("+"):
        return _('"{phone}" must start with + and the country code, e.g. +34 600 123 456').format(
            phone=phone
        )
    import phonenumbers

    try:
        parsed = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return _('"{phone}" is not a phone number').format(phone=phone)
    if not phonenumbers.is_valid_number(parsed):
        return _('"{phone}" is not a valid phone number for its country').format(phone=phone)
    return None


_EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}$")


def email_problem(email: str) -> str | None:
    """Why ``email`` cannot be written to, or None when it looks like an address."""
    if not email or _EMAIL_RE.match(email.strip()):
        return None
    return _('"{email}" is not an email address; expected something like ana@example.org').format(
        email=email
    )


_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]\S*)?\Z")
"""A web address of the plainest shape: http(s), a dotted host of letters, digits and hyphens
(no user, no port), then a path, query or fragment with no whitespace. urlsplit accepts every
such address (tests/core/test_checks.py compares both), and almost every profile link has
this shape: matching it is a fraction of the cost of splitting it."""


def _is_web_address(text: str) -> bool:
    """Whether ``text`` (stripped) splits into http(s) and a dotted host, with no whitespace."""
    try:
        parts = urllib.parse.urlsplit(text)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed [ in the host
        return False
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(host)
        and "." in host.strip(".")
        and len(text.split()) == 1  # no whitespace inside
    )


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a web address, or None when it is http(s) with a host (or empty)."""
    text = url.strip()
    if not text or _PLAIN_URL.match(text) or _is_web_address(text):
        return None
    return _(
        'the profile URL "{url}" is not a web address; expected http:// or https:// and a host, '
        "e.g. https://www.instagram.com/laesquina"
    ).format(url=url)


@functools.lru_cache(maxsize=256)
def timezone_problem(name: str) -> str | None:
    """Why ``name`` is not a time zone, or None when it is a known IANA zone (or empty)."""
    if not name:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return _('"{name}" is not a time zone; expected an IANA name like Europe/Madrid').format(
            name=name
        )
    return None


def _reachability(entry: Entry[Any], email: str, timezone: str = "") -> list[Problem]:
    out = []
    message = email_problem(email)
    if message:
        out.append(_p(entry, "email", message, "invalid-email"))
    message = timezone_problem(timezone)
    if message:
        out.append(_p(entry, "timezone", message, "invalid-timezone"))
    return out


@record_rule(k.ACCOUNTS)
def _account_url(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    account = cast(r.Account, entry.record)  # rules run on valid records only
    out = []
    message = url_problem(account.url)
    if message is not None:
        out.append(_p(entry, "url", message, "invalid-url", "warning"))
    if url_problem(account.scheduler_url) is not None:
        message = _(
            'the link to the scheduled posts "{url}" is not a web address; expected http:// or '
            "https:// and a host, e.g. https://app.metricool.com/planner"
        ).format(url=account.scheduler_url)
        out.append(_p(entry, "scheduler_url", message, "invalid-url", "warning"))
    return out


@record_rule(k.WORKSPACE)
def _workspace_timezone(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    meta = cast(r.WorkspaceMeta, entry.record)
    return _reachability(entry, "", meta.timezone)


@record_rule(k.CONTACTS)
def _contact_email(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    contact = cast(r.Contact, entry.record)  # rules run on valid records only
    return _reachability(entry, contact.email, contact.timezone)


@record_rule(k.CONTACTS)
def _contact_phone(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    contact = cast(r.Contact, entry.record)  # rules run on valid records only
    message = phone_problem(contact.phone)
    if message is None:
        return []
    code = "contact-without-phone" if not contact.phone.strip() else "invalid-phone"
    return [_p(entry, "phone", message, code)]


@record_rule(k.OWNERS)
def _owner_refs(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    owner = cast(r.Owner, entry.record)  # rules run on valid records only
    out: list[Problem] = []
    roles = data.role_ids()
    if owner.role and data.management is not None and owner.role not in roles:
        out.append(
            _p(
                entry,
                "role",
                _('"{value}" is not a role of the management protocol (known: {known})').format(
                    value=owner.role, known=_known(roles)
                ),
                "dangling-reference",
            )
        )
    if data.management is not None:
        for role in owner.deputy_for:
            if role not in roles:
                out.append(
                    _p(
                        entry,
                        "deputy_for",
                        _(
                            '"{value}" is not a role of the management protocol (known: {known})'
                        ).format(value=role, known=_known(roles)),
                        "dangling-reference",
                    )
                )
    out.extend(_reachability(entry, owner.email, owner.timezone))
    if owner.phone:
        message = phone_problem(owner.phone)
        if message:
            out.append(_p(entry, "phone", message, "invalid-phone", "warning"))
    return out


@record_rule(k.PLAYBOOKS)
def _playbook(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    playbook = cast(r.Playbook, entry.record)  # rules run on valid records only
    out: list[Problem] = []
    if not playbook.steps:
        out.append(
            _p(
                entry,
                "steps",
                _("the playbook has no steps; add at least one [[steps]]"),
                "no-steps",
            )
        )
    contacts = data.entries[k.CONTACTS.name]
    roles = data.role_ids()
    severities = {s.id for s in playbook.severities}
    statements = {s.id for s in playbook.statements}
    for label, ids in (
        ("steps", [s.id for s in playbook.steps]),
        ("severities", [s.id for s in playbook.severities]),
        ("statements", [s.id for s in playbook.statements]),
    ):
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen:
                out.append(
                    _p(
                        entry,
                        f"{label}.{index}.id",
                        _('"{value}" is used twice; ids must be unique').format(value=item_id),
                        "duplicate-id",
                    )
                )
            seen.add(item_id)
    accounts = data.entries[k.ACCOUNTS.name]
    for index, step in enumerate(playbook.steps):
        for account in step.pause_accounts:
            if account not in accounts:
                out.append(
                    _p(
                        entry,
                        f"steps.{index}.pause_accounts",
                        _('"{value}" is not an account (known: {known})').format(
                            value=account, known=_known(accounts)
                        ),
                        "dangling-reference",
                    )
                )
        for contact in step.contacts:
            if contact not in contacts:
                out.append(
                    _p(
                        entry,
                        f"steps.{index}.contacts",
                        _('"{value}" is not a crisis contact (known: {known})').format(
                            value=contact, known=_known(contacts)
                        ),
                        "dangling-reference",
                    )
                )
        if step.role and data.management is not None and step.role not in roles:
            out.append(
                _p(
                    entry,
                    f"steps.{index}.role",
                    _('"{value}" is not a role of the management protocol (known: {known})').format(
                        value=step.role, known=_known(roles)
                    ),
                    "dangling-reference",
                )
            )
        if step.statement and step.statement not in statements:
            out.append(
                _p(
                    entry,
                    f"steps.{index}.statement",
                    _('"{value}" is not a statement of this playbook (known: {known})').format(
                        value=step.statement, known=_known(statements)
                    ),
                    "dangling-reference",
                )
            )
        for severity in step.severities:
            if severity not in severities:
                out.append(
                    _p(
                        entry,
                        f"steps.{index}.severities",
                        _('"{value}" is not a severity of this playbook (known: {known})').format(
                            value=severity, known=_known(severities)
                        ),
                        "dangling-reference",
                    )
                )
    return out


@record_rule(k.MANAGEMENT)
def _management(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    mgmt = cast(r.ManagementProtocol, entry.record)  # rules run on valid records only
    roles = {role.id for role in mgmt.roles}
    out: list[Problem] = []
    for index, rule in enumerate(mgmt.approval_rules):
        if rule.approver and rule.approver not in roles:
            out.append(
                _p(
                    entry,
                    f"approval_rules.{index}.approver",
                    _('"{value}" is not a role of this protocol (known: {known})').format(
                        value=rule.approver, known=_known(roles)
                    ),
                    "dangling-reference",
                )
            )
    accounts = data.entries[k.ACCOUNTS.name]
    for index, slot in enumerate(mgmt.calendar):
        if slot.account and slot.account not in accounts:
            out.append(
                _p(
                    entry,
                    f"calendar.{index}.account",
                    _('"{value}" is not an account (known: {known})').format(
                        value=slot.account, known=_known(accounts)
                    ),
                    "dangling-reference",
                )
            )
    return out


@record_rule(k.LISTENING)
def _listening(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    """A threshold names a playbook that exists, and the listening role is a role of the
    management protocol (unchecked while that file is missing or invalid)."""
    listening = cast(r.ListeningProtocol, entry.record)  # rules run on valid records only
    out: list[Problem] = []
    playbooks = data.entries[k.PLAYBOOKS.name]
    for index, threshold in enumerate(listening.thresholds):
        if threshold.playbook not in playbooks:
            out.append(
                _p(
                    entry,
                    f"thresholds.{index}.playbook",
                    _('"{value}" is not a crisis playbook (known: {known})').format(
                        value=threshold.playbook, known=_known(playbooks)
                    ),
                    "dangling-reference",
                )
            )
    roles = data.role_ids()
    if listening.role and data.management is not None and listening.role not in roles:
        out.append(
            _p(
                entry,
                "role",
                _('"{value}" is not a role of the management protocol (known: {known})').format(
                    value=listening.role, known=_known(roles)
                ),
                "dangling-reference",
            )
        )
    return out


@record_rule(k.INCIDENTS)
def _incident(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    incident = cast(r.Incident, entry.record)  # rules run on valid records only
    playbook = data.playbooks.get(incident.playbook)
    if incident.playbook not in data.entries[k.PLAYBOOKS.name]:
        return [
            _p(
                entry,
                "playbook",
                _('"{value}" is not a crisis playbook (known: {known})').format(
                    value=incident.playbook, known=_known(data.entries[k.PLAYBOOKS.name])
                ),
                "dangling-reference",
                "warning",
            )
        ]
    if playbook and incident.severity not in {s.id for s in playbook.severities}:
        return [
            _p(
                entry,
                "severity",
                _('"{value}" is not a severity of playbook {playbook}').format(
                    value=incident.severity, playbook=incident.playbook
                ),
                "dangling-reference",
                "warning",
            )
        ]
    return []


# --- running ------------------------------------------------------------------------------


def check_entry(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    """Problems of one valid record: its text and every rule for its kind."""
    problems = text_problems(entry)
    if entry.record is not None:
        for rule in RECORD_RULES[entry.kind.name]:
            problems.extend(rule(data, entry, today))
    return with_fixes(problems)


def check_workspace(data: WorkspaceData, today: dt.date | None = None) -> list[Problem]:
    """Every problem of the workspace: load problems, record rules and workspace rules, sorted.

    The collector is paused meanwhile (collector.py): the findings and the memories the rules
    fill live on, and beside a loaded 50,000-account workspace each full pass of the collector
    walks millions of objects that it cannot free (the check grew 14x from 5,000 accounts).
    """
    today = today or clock.today()
    problems = list(data.problems)
    with collector_paused():
        # every file's secret lines in one pass over all their texts: text_problems then looks
        # each one up (file by file, the scan was most of the check on big workspaces)
        scan_all(entry.text for by_id in data.entries.values() for entry in by_id.values())
        for by_id in data.entries.values():
            for entry in by_id.values():
                try:
                    problems.extend(check_entry(data, entry, today))
                except Exception as error:  # one odd file must not stop the check
                    problems.append(_failed(entry.path, error))
        for rule in WORKSPACE_RULES:
            try:
                problems.extend(rule(data, today))
            except Exception as error:  # reported, and the other rules still run
                problems.append(_failed("", error))
        found = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.field, p.message))
        return [with_fix(problem) for problem in found]


def _failed(path: str, error: Exception) -> Problem:
    """The finding for a check that failed on a file (say, a value nested thousands deep)."""
    if isinstance(error, RecursionError):
        message = _(
            "could not be checked: a value is nested too deeply (tables or arrays inside "
            "each other); simplify it in a text editor"
        )
    else:
        message = _("could not be checked ({error}); please report this").format(
            error=f"{type(error).__name__}: {error}"
        )
    return Problem(path, None, "", message, code="check-failed")


def summary_counts(problems: Iterable[Problem]) -> tuple[int, int]:
    """(errors, warnings) among ``problems``."""
    errors = warnings = 0
    for problem in problems:
        if problem.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings


# Governance rules live in their own module; importing it registers them (here, after the
# rules above, so that problems keep their order).
from smgov_tui.core import governance as _governance  # noqa: E402, F401
