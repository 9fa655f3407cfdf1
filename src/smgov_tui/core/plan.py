"""The plan's own ownership (``[plan]`` of workspace.toml) as rows people read.

One place for the words, so the Overview (in the interface's language) and the handbook (in
the workspace's) say the same thing: who owns the plan, who champions it, who approved it and
when it is next reviewed. Values are user data: callers render them as text, never markup.
"""

from __future__ import annotations

import datetime as dt

from smgov_tui import i18n
from smgov_tui.core import records as r
from smgov_tui.core.labels import Translate, heading
from smgov_tui.core.model import WorkspaceData


def person_name(data: WorkspaceData, owner_id: str, tr: Translate = i18n._) -> str:
    """``Name`` of an owner id; the id itself when no valid owner has it, marked when the
    person is inactive (the rules report both)."""
    _ = tr
    owner = data.owners.get(owner_id)
    if owner is None:
        return owner_id
    return owner.name if owner.active else _("{name} (inactive)").format(name=owner.name)


def departments_text(plan: r.Plan, tr: Translate = i18n._) -> str:
    """The owning departments, ``all`` said as "All departments"; empty when none is named."""
    _ = tr
    if r.ALL_DEPARTMENTS in plan.departments:
        return _("All departments")
    return ", ".join(plan.departments)


def plan_rows(data: WorkspaceData, today: dt.date, tr: Translate = i18n._) -> list[tuple[str, str]]:
    """(label, value) of each part of the plan's ownership that is written, in reading order;
    empty when workspace.toml has no ``[plan]``."""
    _ = tr
    plan = data.meta.plan if data.meta else None
    if plan is None:
        return []
    rows: list[tuple[str, str]] = []
    if plan.owner:
        rows.append((heading(r.Plan, "owner", tr), person_name(data, plan.owner, tr)))
    if plan.evangelists:
        names = ", ".join(person_name(data, e, tr) for e in plan.evangelists)
        rows.append((heading(r.Plan, "evangelists", tr), names))
    if plan.departments:
        rows.append((heading(r.Plan, "departments", tr), departments_text(plan, tr)))
    if plan.approved_by or plan.approved_on:
        when = plan.approved_on.isoformat() if plan.approved_on else ""
        if plan.approved_by and when:
            text = _("{who}, on {date}").format(who=plan.approved_by, date=when)
        else:
            text = plan.approved_by or when
        rows.append((heading(r.Plan, "approved_by", tr), text))
    if plan.next_review:
        text = plan.next_review.isoformat()
        if plan.next_review < today:
            text = _("{date} (overdue)").format(date=text)
        rows.append((heading(r.Plan, "next_review", tr), text))
    return rows
