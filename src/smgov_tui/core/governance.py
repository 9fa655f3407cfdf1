"""Governance rules: is the plan alive? Reviews, training, ownership, contacts, response times.

Imported by :mod:`smgov_tui.core.checks` so the rules register (in :mod:`smgov_tui.core.rules`);
``check_workspace`` stays the one entry point. Severities: an *error* is governance that is
broken and must block CI (a duplicate handle, an active account left to a person who has left,
no legal/executive/PR contact to call); a *warning* is staleness or a risk worth a look (an
overdue review, a missing training date, a response time that is slower than promised, a
coverage gap).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast
from zoneinfo import ZoneInfo

from smgov_tui.core import coverage as cov
from smgov_tui.core import kinds as k
from smgov_tui.core import listening, oncall
from smgov_tui.core import records as r
from smgov_tui.core.labels import label
from smgov_tui.core.model import Entry, WorkspaceData
from smgov_tui.core.problems import Problem, Severity, line_of
from smgov_tui.core.rules import known_ids as _known
from smgov_tui.core.rules import problem_at as _p
from smgov_tui.core.rules import record_rule, workspace_rule
from smgov_tui.core.training import due_for
from smgov_tui.i18n import _, ngettext

CHAIN_KINDS: tuple[tuple[str, str], ...] = (
    ("legal", "legal"),
    ("executive", "executive"),
    ("pr_agency", "PR"),
)
"""Contact kinds every crisis chain needs, with the word used in messages."""


def review_due(account: r.Account, cadence_days: int, today: dt.date) -> bool:
    """True when ``account`` was never reviewed or not within ``cadence_days`` of ``today``."""
    if account.last_reviewed is None:
        return True
    return (today - account.last_reviewed).days > cadence_days


@record_rule(k.ACCOUNTS)
def _account_governance(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    account = cast(r.Account, entry.record)  # rules run on valid records only
    out: list[Problem] = []
    if account.status == "archived":
        return out
    cadence = data.review_cadence_days
    if account.last_reviewed is None:
        out.append(
            _p(
                entry,
                "last_reviewed",
                _("the account was never reviewed; review it and set {field}").format(
                    field=label(r.Account, "last_reviewed")
                ),
                "review-overdue",
                "warning",
            )
        )
    elif review_due(account, cadence, today):
        days = (today - account.last_reviewed).days
        out.append(
            _p(
                entry,
                "last_reviewed",
                _(
                    "last reviewed {days} days ago, on {date}; the management protocol asks "
                    "for a review every {cadence} days"
                ).format(days=days, date=account.last_reviewed.isoformat(), cadence=cadence),
                "review-overdue",
                "warning",
            )
        )
    if account.status == "active" and not account.purpose.strip():
        out.append(
            _p(
                entry,
                "purpose",
                _("the active account has no purpose; say who it speaks to and what for"),
                "missing-purpose",
                "warning",
            )
        )
    if account.status == "paused":
        owners = data.owners
        for field in ("owner", "backup_owner"):
            value = getattr(account, field)
            if value in owners and not owners[value].active:
                out.append(
                    _p(
                        entry,
                        field,
                        _(
                            '"{value}" is inactive but still assigned to this paused account; '
                            "name an active person before it is resumed"
                        ).format(value=value),
                        "inactive-owner-paused",
                        "warning",
                    )
                )
    default = data.default_response_hours
    if account.response_sla_hours is not None and account.response_sla_hours > default:
        out.append(
            _p(
                entry,
                "response_sla_hours",
                _(
                    "{hours} h is slower than the workspace's response time of {default} h; "
                    "lower it or change {field} of the workspace"
                ).format(
                    hours=account.response_sla_hours,
                    default=default,
                    field=label(r.WorkspaceMeta, "default_response_hours"),
                ),
                "slow-response",
                "warning",
            )
        )
    return out


@record_rule(k.OWNERS)
def _owner_training(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    owner = cast(r.Owner, entry.record)  # rules run on valid records only
    if not owner.active or owner.trained_on is not None:
        return []
    return [
        _p(
            entry,
            "trained_on",
            _("{name} has no training date; train them on the protocols and set {field}").format(
                name=owner.name, field=label(r.Owner, "trained_on")
            ),
            "untrained-owner",
            "warning",
        )
    ]


_PLAN_HEADER = re.compile(r"^[ \t]*\[[ \t]*plan[ \t]*\]", re.MULTILINE)


def _plan_problem(
    entry: Entry[Any], field: str, message: str, code: str, severity: Severity = "error"
) -> Problem:
    """A problem at ``field`` of ``[plan]``; at the ``[plan]`` header when the key is not
    written, so a finding about a missing owner still points at a line."""
    line = line_of(entry.text, field)
    if line is None:
        header = _PLAN_HEADER.search(entry.text)
        line = entry.text.count("\n", 0, header.start()) + 1 if header else None
    return Problem(entry.path, line, field, message, severity, code)


@record_rule(k.WORKSPACE)
def _plan_ownership(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    """The plan has an owner and evangelists who are active owners, and a review date that has
    not passed. Unknown ids are errors like any dangling reference; a person who has left is an
    error too (the plan then has nobody behind it); the rest are warnings."""
    meta = cast(r.WorkspaceMeta, entry.record)  # rules run on valid records only
    plan = meta.plan or r.Plan()
    out: list[Problem] = []
    if not plan.owner:
        out.append(
            _plan_problem(
                entry,
                "plan.owner",
                _(
                    "nobody owns the plan; name the person who answers for it in [plan] owner "
                    "(one of: {known})"
                ).format(known=_known(data.owners)),
                "plan-without-owner",
                "warning",
            )
        )
    if not plan.evangelists:
        out.append(
            _plan_problem(
                entry,
                "plan.evangelists",
                _(
                    "the plan has no evangelist; name who champions it inside the organisation "
                    "in [plan] evangelists"
                ),
                "plan-without-evangelist",
                "warning",
            )
        )
    known = data.entries[k.OWNERS.name]
    owners = data.owners
    people = [("plan.owner", plan.owner)] if plan.owner else []
    people += [("plan.evangelists", oid) for oid in plan.evangelists]
    for field, oid in people:
        if oid not in known:
            out.append(
                _plan_problem(
                    entry,
                    field,
                    _('"{value}" is not an owner (known: {known})').format(
                        value=oid, known=_known(owners)
                    ),
                    "dangling-reference",
                )
            )
        elif oid in owners and not owners[oid].active:
            message = (
                _('"{value}" owns the plan but is inactive; name an active person').format(
                    value=oid
                )
                if field == "plan.owner"
                else _(
                    '"{value}" is an evangelist of the plan but is inactive; name an active '
                    "person or remove them"
                ).format(value=oid)
            )
            out.append(_plan_problem(entry, field, message, "inactive-plan-person"))
    if plan.next_review is None:
        out.append(
            _plan_problem(
                entry,
                "plan.next_review",
                _("the plan has no review date; set [plan] next_review (YYYY-MM-DD)"),
                "plan-review-overdue",
                "warning",
            )
        )
    elif plan.next_review < today:
        out.append(
            _plan_problem(
                entry,
                "plan.next_review",
                _(
                    "the plan was due for review on {date}, {days} days ago; review it with "
                    "its owner and set the next date"
                ).format(date=plan.next_review.isoformat(), days=(today - plan.next_review).days),
                "plan-review-overdue",
                "warning",
            )
        )
    if r.ALL_DEPARTMENTS in plan.departments and len(set(plan.departments)) > 1:
        out.append(
            _plan_problem(
                entry,
                "plan.departments",
                _(
                    '"{all}" already names every department; keep either "{all}" or the '
                    "departments that own the plan"
                ).format(all=r.ALL_DEPARTMENTS),
                "plan-departments",
                "warning",
            )
        )
    return out


@record_rule(k.OWNERS)
def _owner_training_refresh(
    data: WorkspaceData, entry: Entry[Any], today: dt.date
) -> list[Problem]:
    """A person trained longer ago than their role's training plan asks (never trained is
    ``untrained-owner``'s)."""
    due = due_for(entry.id, cast(r.Owner, entry.record), data, today)
    if due is None or due.trained_on is None or due.due_on is None:
        return []
    topics = ", ".join(due.topics) or _("no topics listed")
    return [
        _p(
            entry,
            "trained_on",
            _(
                "{name} was last trained on {date}, {days} days ago; the role {role} asks for "
                "training every {every} days ({topics})"
            ).format(
                name=due.name,
                date=due.trained_on.isoformat(),
                days=(today - due.trained_on).days,
                role=due.role.title or due.role.id,
                every=due.role.training_every_days,
                topics=topics,
            ),
            "training-overdue",
            "warning",
        )
    ]


@record_rule(k.MANAGEMENT)
def _role_training_plans(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    """A role trained again on a schedule says on what."""
    mgmt = cast(r.ManagementProtocol, entry.record)  # rules run on valid records only
    return [
        _p(
            entry,
            f"roles.{index}.training_every_days",
            _(
                "the role {role} is trained again every {every} days but lists no training "
                "topics; say what its people are trained on in training_topics"
            ).format(role=role.title or role.id, every=role.training_every_days),
            "training-without-topics",
            "warning",
        )
        for index, role in enumerate(mgmt.roles)
        if role.training_every_days and not role.training_topics
    ]


@record_rule(k.MANAGEMENT)
def _management_response_times(
    data: WorkspaceData, entry: Entry[Any], today: dt.date
) -> list[Problem]:
    mgmt = cast(r.ManagementProtocol, entry.record)  # rules run on valid records only
    default = data.default_response_hours
    return [
        _p(
            entry,
            f"response_times.{index}.hours",
            _(
                '{hours} h for "{channel}" is slower than the workspace\'s response time of '
                "{default} h"
            ).format(hours=item.hours, channel=item.channel, default=default),
            "slow-response",
            "warning",
        )
        for index, item in enumerate(mgmt.response_times)
        if item.hours > default
    ]


@record_rule(k.PLAYBOOKS)
def _playbook_roles_without_protocol(
    data: WorkspaceData, entry: Entry[Any], today: dt.date
) -> list[Problem]:
    """Step roles cannot be checked without a management protocol: say so once per playbook."""
    playbook = cast(r.Playbook, entry.record)  # rules run on valid records only
    if data.management is not None:
        return []
    for index, step in enumerate(playbook.steps):
        if step.role:
            return [
                _p(
                    entry,
                    f"steps.{index}.role",
                    _(
                        'step roles like "{value}" cannot be checked: protocols/management.toml '
                        "is missing or invalid"
                    ).format(value=step.role),
                    "dangling-reference",
                    "warning",
                )
            ]
    return []


@record_rule(k.PLAYBOOKS)
def _playbook_unreached(data: WorkspaceData, entry: Entry[Any], today: dt.date) -> list[Problem]:
    """A playbook nobody is told when to open: no listening threshold points to it and its
    own trigger is empty, so it waits for someone to remember it in the middle of a crisis."""
    playbook = cast(r.Playbook, entry.record)  # rules run on valid records only
    if listening.leads_to(playbook, listening.thresholds_for(data.listening, entry.id)):
        return []
    return [
        _p(
            entry,
            "trigger",
            _(
                "nothing leads to this playbook: no listening threshold points to it and "
                "{field} is empty"
            ).format(field=label(r.Playbook, "trigger")),
            "playbook-unreached",
            "warning",
        )
    ]


def normalise_handle(handle: str) -> str:
    """A handle as compared for duplicates: trimmed, lower case, without a leading @."""
    return handle.strip().lstrip("@").casefold()


@workspace_rule
def _duplicate_handles(data: WorkspaceData, today: dt.date) -> list[Problem]:
    groups: dict[tuple[str, str], list[str]] = {}
    for aid, account in sorted(data.accounts.items()):
        key = (account.network, normalise_handle(account.handle))
        groups.setdefault(key, []).append(aid)
    out: list[Problem] = []
    for (network, _handle), ids in groups.items():
        if len(ids) < 2:
            continue
        for aid in ids:
            entry = data.entries[k.ACCOUNTS.name][aid]
            others = ", ".join(i for i in ids if i != aid)
            out.append(
                _p(
                    entry,
                    "handle",
                    _("the same {network} handle is also used by: {others}").format(
                        network=network, others=others
                    ),
                    "duplicate-handle",
                )
            )
    return out


@workspace_rule
def _departments_without_owner(data: WorkspaceData, today: dt.date) -> list[Problem]:
    owned = {o.department.strip().casefold() for o in data.owners.values() if o.active}
    by_department: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for aid, account in sorted(data.accounts.items()):
        department = account.department.strip()
        if not department or account.status == "archived":
            continue
        key = department.casefold()
        by_department.setdefault(key, []).append(aid)
        names.setdefault(key, department)
    out: list[Problem] = []
    for key, ids in sorted(by_department.items()):
        if key in owned:
            continue
        entry = data.entries[k.ACCOUNTS.name][ids[0]]
        out.append(
            _p(
                entry,
                "department",
                ngettext(
                    'department "{department}" has {count} account ({ids}) but no active '
                    "owner belongs to it",
                    'department "{department}" has {count} accounts ({ids}) but no active '
                    "owner belongs to it",
                    len(ids),
                ).format(department=names[key], count=len(ids), ids=", ".join(ids)),
                "department-without-owner",
                "warning",
            )
        )
    return out


@workspace_rule
def _crisis_chain(data: WorkspaceData, today: dt.date) -> list[Problem]:
    """An error while some account is live (not archived): it is what a crisis would hit;
    a warning in a plan with no account yet (``init --blank``), so it can pass CI."""
    kinds = {c.kind for c in data.contacts.values() if c.phone.strip()}
    missing = [word for kind, word in CHAIN_KINDS if kind not in kinds]
    if not missing:
        return []
    live = any(account.status != "archived" for account in data.accounts.values())
    return [
        Problem(
            k.CONTACTS.folder,
            None,
            "kind",
            _(
                "the crisis contact chain has no {missing} contact with a phone; add one "
                "(kind = {kinds})"
            ).format(
                missing=_(" or ").join(missing),
                kinds=", ".join(kind for kind, word in CHAIN_KINDS if word in missing),
            ),
            "error" if live else "warning",
            "crisis-chain-incomplete",
        )
    ]


def _rota_answers(
    data: WorkspaceData, workspace_tz: ZoneInfo, today: dt.date
) -> tuple[cov.Interval, ...]:
    """The stretches of the coverage horizon (with the margins :func:`cov.uncovered` looks at)
    when an active person of the rota is on call, if the rota answers messages; else ()."""
    rota = data.management.rota if data.management else None
    if rota is None or not rota.answers_messages:
        return ()
    slowest = max(
        [data.default_response_hours]
        + [a.response_sla_hours or 0 for a in data.accounts.values() if a.status == "active"]
    )
    margin = dt.timedelta(days=9, hours=slowest)
    start = dt.datetime.combine(today, dt.time()).replace(tzinfo=workspace_tz)
    end = start + dt.timedelta(days=cov.HORIZON_DAYS)
    return tuple(
        span for _person, span in oncall.on_call_intervals(data, start - margin, end + margin)
    )


def _person(data: WorkspaceData, owner_id: str, default_tz: str) -> cov.Person | str | None:
    """The person behind ``owner_id``; a reason string when their coverage is unknown."""
    owner = data.owners.get(owner_id)
    if owner is None or not owner.active:
        return None
    if owner.working_hours is None:
        return _("{id} has no {field}").format(
            id=owner_id, field=label(r.Owner, "working_hours").lower()
        )
    tz_name = owner.timezone or default_tz
    tz = cov.zone(tz_name)
    if tz is None:
        return _('{id} has an unknown time zone "{tz}"').format(id=owner_id, tz=tz_name)
    return cov.Person(owner_id, owner.working_hours, tz)


@workspace_rule
def _response_coverage(data: WorkspaceData, today: dt.date) -> list[Problem]:
    default_tz = data.meta.timezone if data.meta else "UTC"
    workspace_tz = cov.zone(default_tz) or ZoneInfo("UTC")
    on_call = _rota_answers(data, workspace_tz, today)
    out: list[Problem] = []
    # an owner is behind several accounts (5,000 accounts, 1,000 owners): each is read once
    persons: dict[str, cov.Person | str | None] = {}
    for aid, account in sorted(data.accounts.items()):
        if account.status != "active":
            continue
        entry = data.entries[k.ACCOUNTS.name][aid]
        people: list[cov.Person] = []
        unknown: list[str] = []
        for owner_id in dict.fromkeys([account.owner, account.backup_owner]):
            if not owner_id:
                continue
            if owner_id in persons:
                person = persons[owner_id]
            else:
                person = persons[owner_id] = _person(data, owner_id, default_tz)
            if isinstance(person, str):
                unknown.append(person)
            elif person is not None:
                people.append(person)
        if unknown:
            out.append(
                _p(
                    entry,
                    "owner",
                    _("response coverage of {id} is unknown: {reasons}").format(
                        id=aid, reasons="; ".join(unknown)
                    ),
                    "coverage-unknown",
                    "warning",
                )
            )
            continue
        if not people:
            continue  # no active owner at all: reported by the owner rules
        sla = account.response_sla_hours or data.default_response_hours
        gaps = cov.coverage_gaps(people, sla, workspace_tz, today, on_call=on_call)
        if not gaps:
            continue  # most accounts: no need to find the line a finding would point at
        field = "response_sla_hours" if account.response_sla_hours else "owner"
        line = line_of(entry.text, field) or line_of(entry.text, "owner")
        usual = cov.HORIZON_DAYS // 7
        for gap in gaps:
            fix = _gap_fix(gap, sla, default_tz, has_backup=bool(account.backup_owner))
            when = f"{gap.label} ({default_tz})"
            if gap.weeks < usual:
                when += " " + _("in {n} of the next {weeks} weeks, first on {date}").format(
                    n=gap.weeks, weeks=usual, date=gap.first_seen.isoformat()
                )
            out.append(
                Problem(
                    entry.path,
                    line,
                    field,
                    _("{when}: nobody covers {id} within {hours} h").format(
                        when=when, id=aid, hours=sla
                    ),
                    "warning",
                    "coverage-gap",
                    fix,
                )
            )
    return out


def _gap_fix(gap: cov.Gap, sla: int, tz: str, has_backup: bool) -> str:
    """How to close ``gap``: which hours somebody must work, or the response time that would.

    Somebody at work at least once in every ``sla`` hours of the idle span (from the moment the
    last person stops to the moment the next starts) answers every arrival in time; a response
    time as long as the idle span needs nobody new. "" when nobody ever works (the registry's
    sentence then says to give them working hours).
    """
    if not gap.idle:
        return ""
    field = label(r.Account, "response_sla_hours")
    if has_backup:
        text = _(
            "Have the owner or the backup at work at least once every {hours} h during "
            "{span} ({tz}), or set {field} to {close} h or more."
        )
    else:
        text = _(
            "Name a backup who is at work at least once every {hours} h during {span} ({tz}), "
            "or set {field} to {close} h or more."
        )
    return text.format(hours=sla, span=gap.idle, tz=tz, field=field, close=gap.close_hours)


@workspace_rule
def _escalation_gaps(data: WorkspaceData, today: dt.date) -> list[Problem]:
    """Contacts that escalation never reaches, because a level below theirs has nobody.

    A crisis starts at level 1 and escalates one level at a time
    (:meth:`smgov_tui.core.crisis.Crisis.next_escalation`): with nobody at level 2, it stops at
    level 1 and the level-3 contacts are never called. Several contacts on one level, and no
    contact on level 1, are fine.
    """
    by_level: dict[int, list[str]] = {}
    for cid, contact in sorted(data.contacts.items()):
        by_level.setdefault(contact.escalation_level, []).append(cid)
    reached = 1
    out: list[Problem] = []
    for level in sorted(by_level):
        if level <= reached + 1:
            reached = max(reached, level)
            continue
        for cid in by_level[level]:
            out.append(
                _p(
                    data.entries[k.CONTACTS.name][cid],
                    "escalation_level",
                    _(
                        "nobody holds escalation level {missing}, so a crisis stops escalating "
                        "at level {reached} and never reaches this level-{level} contact; "
                        "number the levels without a gap (1, 2, 3...)"
                    ).format(missing=reached + 1, reached=reached, level=level),
                    "escalation-gap",
                    "warning",
                )
            )
    return out


# --- staffing: every crisis step has somebody, nobody is the only one, the rota has no gap ---


def _steps_by_role(data: WorkspaceData) -> dict[str, list[tuple[str, int, r.Step]]]:
    """Steps of every playbook by role id: (playbook id, step index, step)."""
    found: dict[str, list[tuple[str, int, r.Step]]] = {}
    for pid, playbook in sorted(data.playbooks.items()):
        for index, step in enumerate(playbook.steps):
            if step.role:
                found.setdefault(step.role, []).append((pid, index, step))
    return found


@workspace_rule
def _unheld_step_roles(data: WorkspaceData, today: dt.date) -> list[Problem]:
    """A crisis step whose role nobody active holds (nor a deputy, nor the rota): in a crisis,
    the step falls to whoever reads it. An unknown role is a dangling reference instead."""
    roles = data.role_ids()
    if data.management is None:
        return []  # said once per playbook by _playbook_roles_without_protocol
    rota = data.management.rota
    out: list[Problem] = []
    for role, steps in _steps_by_role(data).items():
        if role not in roles or oncall.staff_of(data, role):
            continue
        if rota is not None and rota.role == role:
            hint = _("add active people to the rota, or give the role to an active person")
        elif rota is None and role == "on-call":
            hint = _(
                "add an on-call rota ([rota] in protocols/management.toml), or give the role "
                "to an active person"
            )
        else:
            hint = _(
                "give it to an active person (role in their owner file), or name a deputy "
                "(deputy_for)"
            )
        for pid, index, step in steps:
            out.append(
                _p(
                    data.entries[k.PLAYBOOKS.name][pid],
                    f"steps.{index}.role",
                    _('nobody active holds the role "{role}" of step "{step}"; {hint}').format(
                        role=role, step=step.title, hint=hint
                    ),
                    "role-unheld",
                )
            )
    return out


@workspace_rule
def _single_holder_roles(data: WorkspaceData, today: dt.date) -> list[Problem]:
    """A role that crisis steps need and exactly one active person holds: a single point of
    failure, since a crisis does not wait for that person's holiday.

    Only roles used by playbook steps count: a crisis is where a role must be answered at any
    hour; an approval can wait a day for its approver.
    """
    mgmt = data.management
    entry = data.entry(k.MANAGEMENT, k.MANAGEMENT.single_id)
    if mgmt is None or entry is None:
        return []
    by_role = _steps_by_role(data)
    owners = data.owners
    out: list[Problem] = []
    for index, role in enumerate(mgmt.roles):
        staff = oncall.staff_of(data, role.id)
        if role.id not in by_role or len(staff) != 1:
            continue
        (only,) = staff
        playbooks = ", ".join(dict.fromkeys(pid for pid, _index, _step in by_role[role.id]))
        if mgmt.rota is not None and mgmt.rota.role == role.id:
            message = _(
                'only {name} can be on call ("{role}"), which crisis steps need ({playbooks}); '
                "add another active person to the rota so a crisis never waits for one person"
            )
        else:
            message = _(
                'only {name} holds the role "{role}", which crisis steps need ({playbooks}); '
                "name a deputy (deputy_for in another person's file) so a crisis never "
                "waits for one person"
            )
        out.append(
            _p(
                entry,
                f"roles.{index}.id",
                message.format(name=owners[only].name, role=role.id, playbooks=playbooks),
                "single-holder",
                "warning",
            )
        )
    return out


@workspace_rule
def _rota_staffing(data: WorkspaceData, today: dt.date) -> list[Problem]:
    """The rota's errors: no people, a person unknown or inactive (their turn is a gap), an
    override that ends before it starts or by someone inactive, a first turn still to come,
    a time zone or role that does not exist."""
    mgmt = data.management
    entry = data.entry(k.MANAGEMENT, k.MANAGEMENT.single_id)
    rota = mgmt.rota if mgmt else None
    if rota is None or entry is None:
        return []
    out: list[Problem] = []
    owners = data.owners
    known = data.entries[k.OWNERS.name]
    workspace_tz = data.meta.timezone if data.meta else "UTC"
    tz = oncall.rota_zone(rota, workspace_tz)
    if tz is None:
        out.append(
            _p(
                entry,
                "rota.timezone",
                _(
                    '"{tz}" is not a time zone, so nobody can say who is on call; use an IANA '
                    "name such as Europe/Madrid"
                ).format(tz=rota.timezone or workspace_tz),
                "rota-gap",
            )
        )
    if rota.role not in data.role_ids():
        out.append(
            _p(
                entry,
                "rota.role",
                _('"{value}" is not a role of the management protocol (known: {known})').format(
                    value=rota.role, known=", ".join(sorted(data.role_ids())) or "-"
                ),
                "dangling-reference",
            )
        )
    if not rota.people:
        out.append(
            _p(
                entry,
                "rota.people",
                _("the rota has nobody in it, so nobody is ever on call; list who takes turns"),
                "rota-gap",
            )
        )
    for person in dict.fromkeys(rota.people):
        if person not in known:
            out.append(
                _p(
                    entry,
                    "rota.people",
                    _(
                        '"{value}" is not an owner, so their turns on call are gaps (known: '
                        "{known}); use an id from owners/"
                    ).format(value=person, known=", ".join(sorted(owners)[:6]) or "-"),
                    "dangling-reference",
                )
            )
        elif person in owners and not owners[person].active:
            out.append(
                _p(
                    entry,
                    "rota.people",
                    _(
                        "{name} ({id}) is inactive but still takes turns on call, so those "
                        "turns are gaps; take them out of people"
                    ).format(name=owners[person].name, id=person),
                    "rota-inactive-person",
                )
            )
    if tz is None:
        return out
    start_of_today = dt.datetime.combine(today, dt.time()).replace(tzinfo=tz)
    for index, override in enumerate(rota.overrides):
        begin, end = oncall.override_span(rota, override, tz)
        field = f"rota.overrides.{index}"
        if end <= begin:
            out.append(
                _p(
                    entry,
                    f"{field}.until_date",
                    _(
                        "the override ends before it starts ({start} to {end}); the end is "
                        "until_date at until_time (the handover time when left out)"
                    ).format(
                        start=begin.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                        end=end.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    ),
                    "rota-gap",
                )
            )
        if end <= start_of_today:
            continue  # over: who it named no longer matters
        if override.person not in known:
            out.append(
                _p(
                    entry,
                    f"{field}.person",
                    _('"{value}" is not an owner; use an id from owners/').format(
                        value=override.person
                    ),
                    "dangling-reference",
                )
            )
        elif override.person in owners and not owners[override.person].active:
            out.append(
                _p(
                    entry,
                    f"{field}.person",
                    _(
                        "{name} ({id}) is inactive, so nobody is on call from {start} to {end}; "
                        "name an active person"
                    ).format(
                        name=owners[override.person].name,
                        id=override.person,
                        start=begin.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                        end=end.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    ),
                    "rota-inactive-person",
                )
            )
    first = oncall.handover(rota, tz, 0)
    if rota.people and first > start_of_today:
        out.append(
            _p(
                entry,
                "rota.first_day",
                _(
                    "the first turn starts on {start}, so nobody is on call before then; move "
                    "first_day back"
                ).format(start=first.astimezone(tz).strftime("%Y-%m-%d %H:%M")),
                "rota-gap",
            )
        )
    return out
