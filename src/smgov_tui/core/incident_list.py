"""Every incident of a workspace in one list, open ones first: what ``smgov incident list``
prints, so the id that ``smgov incident report`` asks for is one command away.

Pure: read from a loaded workspace (``WorkspaceData``), nothing written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from smgov_tui.core import kinds as k
from smgov_tui.core.crisis import Crisis
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.report import incident_status_label
from smgov_tui.i18n import _


@dataclass(frozen=True)
class IncidentRow:
    """One incident as the list shows it."""

    id: str
    status: str
    """open or closed (the stored word)."""
    title: str
    playbook: str
    """The playbook's id."""
    playbook_title: str
    """The playbook's title, or its id when the playbook is gone."""
    severity: str
    """The severity's id."""
    severity_label: str
    account: str
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime | None
    done: int
    skipped: int
    total: int
    """Steps done, skipped and applicable (0, 0, 0 when the playbook is gone)."""
    current_step: str
    """The title of the step to do now, empty when none is left or the playbook is gone."""
    step_number: int = 0
    """The number of that step among the applicable ones (1 for the first)."""

    def to_json(self) -> dict[str, Any]:
        """The row as JSON values (times in ISO 8601 with their offset)."""
        return {
            "id": self.id,
            "status": self.status,
            "title": self.title,
            "playbook": self.playbook,
            "playbook_title": self.playbook_title,
            "severity": self.severity,
            "severity_label": self.severity_label,
            "account": self.account,
            "opened_at": self.opened_at.isoformat(),
            "opened_by": self.opened_by,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "steps_done": self.done,
            "steps_skipped": self.skipped,
            "steps_total": self.total,
            "current_step": self.current_step,
            "step_number": self.step_number if self.current_step else None,
        }


def incident_rows(data: WorkspaceData, only_open: bool = False) -> list[IncidentRow]:
    """The valid incidents of ``data``: open ones first, newest first within each group."""
    rows: list[IncidentRow] = []
    for incident_id, incident in data.incidents.items():
        if only_open and incident.status != "open":
            continue
        playbook = data.playbooks.get(incident.playbook)
        done = skipped = total = 0
        step_title = severity_label = ""
        number = 0
        if playbook is not None:
            crisis = Crisis(playbook, incident)
            done, skipped, total = crisis.counts()
            step = crisis.current_step
            step_title = step.title if step is not None and not crisis.is_closed else ""
            number = crisis.position + 1
            severity = crisis.severity
            severity_label = severity.label if severity is not None else ""
        rows.append(
            IncidentRow(
                id=incident_id,
                status=incident.status,
                title=incident.title,
                playbook=incident.playbook,
                playbook_title=playbook.title if playbook is not None else incident.playbook,
                severity=incident.severity,
                severity_label=severity_label or incident.severity,
                account=incident.account,
                opened_at=incident.opened_at,
                opened_by=incident.opened_by,
                closed_at=incident.closed_at,
                done=done,
                skipped=skipped,
                total=total,
                current_step=step_title,
                step_number=number,
            )
        )
    rows.sort(key=lambda row: (row.opened_at, row.id), reverse=True)
    rows.sort(key=lambda row: row.status != "open")  # stable: open first, each newest first
    return rows


def unreadable_incidents(data: WorkspaceData) -> list[str]:
    """Paths of incident files that are not valid (``smgov check`` says why)."""
    return [
        k.INCIDENTS.path_for(iid)
        for iid in data.entries[k.INCIDENTS.name]
        if iid not in data.incidents
    ]


def row_text(row: IncidentRow, tz: dt.tzinfo) -> str:
    """One incident in two lines: id, status, when and by whom; then what and where it is."""
    opened = row.opened_at.astimezone(tz)
    head = f"{row.id}  {incident_status_label(row.status).upper()}  {opened:%Y-%m-%d %H:%M %z}"
    if row.opened_by:
        head += "  " + _("by {who}").format(who=row.opened_by.split(" <")[0])
    what = f"{row.playbook_title} · {row.severity_label}"
    if row.title and row.title != row.playbook_title:
        what += f" · {row.title}"
    if row.status == "open" and row.current_step:
        what += "  — " + _("step {n} of {total}: {title}").format(
            n=row.step_number, total=row.total, title=row.current_step
        )
    elif row.status == "open" and row.total:
        what += "  — " + _("every step settled; ready to close")
    elif row.closed_at is not None:
        closed = row.closed_at.astimezone(tz)
        what += "  — " + _("closed {when}").format(when=f"{closed:%Y-%m-%d %H:%M %z}")
    return f"{head}\n    {what}"
