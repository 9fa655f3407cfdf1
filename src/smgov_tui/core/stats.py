"""Figures for the Overview dashboard and the Health summary (pure).

**Time to first response** of an incident: from ``opened_at`` to its first-response entry, as
defined once in :func:`smgov_tui.core.crisis.first_response_entry` (the first ``done`` of a
step with a holding statement; the first ``done`` of any step when the playbook has none).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from smgov_tui.core import records as r
from smgov_tui.core.checks import phone_problem
from smgov_tui.core.crisis import first_response_entry
from smgov_tui.core.governance import review_due
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.core.training import TrainingDue, training_due

MONTHS = 12
"""Months shown in the incidents chart, ending with the current one."""


def first_response(incident: r.Incident, playbook: r.Playbook | None) -> dt.timedelta | None:
    """Time from opening to the first public response (see the module docstring)."""
    chosen = first_response_entry(incident, playbook)
    if chosen is None:
        return None
    return max(chosen.at - incident.opened_at, dt.timedelta(0))


@dataclass
class MonthFigures:
    """Incidents opened in one month."""

    month: str
    """``YYYY-MM``."""
    count: int = 0
    """Incidents opened."""
    responses: list[dt.timedelta] = field(default_factory=list)
    """Time to first response of each one that had one."""

    @property
    def median_minutes(self) -> int | None:
        """Median time to first response, in whole minutes; None without responses."""
        if not self.responses:
            return None
        ordered = sorted(self.responses)
        middle = len(ordered) // 2
        odd = len(ordered) % 2
        value = ordered[middle] if odd else (ordered[middle - 1] + ordered[middle]) / 2
        return round(value.total_seconds() / 60)


@dataclass
class Workload:
    """How many accounts a person answers for."""

    owner_id: str
    name: str
    owner: int = 0
    """Non-archived accounts they own."""
    backup: int = 0
    """Non-archived accounts they back up."""
    active: bool = True


@dataclass
class Overview:
    """The dashboard's figures."""

    by_network: list[tuple[str, int]]
    by_department: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    workload: list[Workload]
    months: list[MonthFigures]
    open_incidents: int


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _last_months(today: dt.date, count: int) -> list[str]:
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))


def overview(data: WorkspaceData, today: dt.date, months: int = MONTHS) -> Overview:
    """Accounts by network, department and status; workload; incidents per month."""
    accounts = data.accounts
    by_network: Counter[str] = Counter(str(a.network) for a in accounts.values())
    by_department = Counter(a.department.strip() or "—" for a in accounts.values())
    by_status: Counter[str] = Counter(str(a.status) for a in accounts.values())
    people: dict[str, Workload] = {
        oid: Workload(oid, owner.name, active=owner.active) for oid, owner in data.owners.items()
    }
    for account in accounts.values():
        if account.status == "archived":
            continue
        for oid, attr in ((account.owner, "owner"), (account.backup_owner, "backup")):
            if not oid:
                continue
            person = people.setdefault(oid, Workload(oid, oid, active=False))
            setattr(person, attr, getattr(person, attr) + 1)
    workload = sorted(
        (w for w in people.values() if w.owner or w.backup),
        key=lambda w: (-(w.owner + w.backup), -w.owner, w.name.casefold()),
    )
    figures = {month: MonthFigures(month) for month in _last_months(today, months)}
    playbooks = data.playbooks
    open_count = 0
    for incident in data.incidents.values():
        if incident.status == "open":
            open_count += 1
        month = figures.get(_month(incident.opened_at.date()))
        if month is None:
            continue
        month.count += 1
        response = first_response(incident, playbooks.get(incident.playbook))
        if response is not None:
            month.responses.append(response)
    return Overview(
        _ranked(by_network),
        _ranked(by_department),
        [(s, by_status[s]) for s in r.STATUSES if by_status[s]],
        workload,
        list(figures.values()),
        open_count,
    )


@dataclass
class RecordFindings:
    """Findings of one file."""

    path: str
    errors: int = 0
    warnings: int = 0


@dataclass
class HealthSummary:
    """The shares the Health section leads with, and the findings by severity and record."""

    accounts: int
    """Accounts that are not archived."""
    with_owner_and_backup: int
    """Of those, how many have an active owner and a different active backup."""
    reviewed_on_time: int
    """Of those, how many were reviewed within the review cadence."""
    contacts: int
    """Crisis contacts."""
    reachable: int
    """Contacts with a valid international phone number."""
    errors: int
    warnings: int
    records: list[RecordFindings]
    """Files with findings, most errors first."""
    training: list[TrainingDue] = field(default_factory=list)
    """Active people their role's training plan asks to train again, longest overdue first."""

    @staticmethod
    def share(part: int, whole: int) -> int:
        """``part`` of ``whole`` in whole percent (100 when there is nothing to count)."""
        return 100 if whole == 0 else round(100 * part / whole)


def health_summary(data: WorkspaceData, problems: list[Problem], today: dt.date) -> HealthSummary:
    """Shares of accounts with owner and backup, reviewed on time, contacts reachable."""
    owners = data.owners
    live = [a for a in data.accounts.values() if a.status != "archived"]

    def staffed(account: r.Account) -> bool:
        owner, backup = owners.get(account.owner), owners.get(account.backup_owner)
        return (
            owner is not None
            and backup is not None
            and owner.active
            and backup.active
            and account.owner != account.backup_owner
        )

    cadence = data.review_cadence_days
    contacts = list(data.contacts.values())
    records: dict[str, RecordFindings] = {}
    errors = warnings = 0
    for problem in problems:
        found = records.setdefault(problem.path, RecordFindings(problem.path))
        if problem.severity == "error":
            found.errors += 1
            errors += 1
        else:
            found.warnings += 1
            warnings += 1
    return HealthSummary(
        accounts=len(live),
        with_owner_and_backup=sum(1 for a in live if staffed(a)),
        reviewed_on_time=sum(1 for a in live if not review_due(a, cadence, today)),
        contacts=len(contacts),
        reachable=sum(1 for c in contacts if phone_problem(c.phone) is None),
        errors=errors,
        warnings=warnings,
        records=sorted(records.values(), key=lambda f: (-f.errors, -f.warnings, f.path)),
        training=training_due(data, today),
    )
