"""Who is due for training: each role's training plan (``training_topics``,
``training_every_days`` in the management protocol) against each person's ``trained_on``.

One answer for the rule (``training-overdue``) and the Health section, so they never disagree.
A person is due once their last training is more than the role's interval ago, or when they
were never trained; roles without an interval ask for no refresh.
"""

from __future__ import annotations

import datetime as dt

import msgspec

from smgov_tui.core import records as r
from smgov_tui.core.model import WorkspaceData


class TrainingDue(msgspec.Struct, frozen=True):
    """One active person whose role asks for training again."""

    owner_id: str
    name: str
    role: r.Role
    trained_on: dt.date | None
    """Their last training; None when never trained."""
    due_on: dt.date | None
    """When the refresh fell due; None when never trained."""
    topics: list[str] = msgspec.field(default_factory=list)


def role_plan(data: WorkspaceData, role_id: str) -> r.Role | None:
    """The role ``role_id`` when it has a refresh interval, else None."""
    mgmt = data.management
    if mgmt is None or not role_id:
        return None
    role = next((role for role in mgmt.roles if role.id == role_id), None)
    return role if role is not None and role.training_every_days else None


def due_for(
    owner_id: str, owner: r.Owner, data: WorkspaceData, today: dt.date
) -> TrainingDue | None:
    """Whether ``owner`` is due for training today, and since when."""
    role = role_plan(data, owner.role)
    if role is None or not owner.active or role.training_every_days is None:
        return None
    if owner.trained_on is None:
        return TrainingDue(owner_id, owner.name, role, None, None, list(role.training_topics))
    due_on = owner.trained_on + dt.timedelta(days=role.training_every_days)
    if due_on >= today:
        return None
    return TrainingDue(
        owner_id, owner.name, role, owner.trained_on, due_on, list(role.training_topics)
    )


def training_due(data: WorkspaceData, today: dt.date) -> list[TrainingDue]:
    """Every active person due for training, the longest overdue first (never trained first)."""
    found = [
        due
        for oid, owner in sorted(data.owners.items())
        if (due := due_for(oid, owner, data, today)) is not None
    ]
    return sorted(found, key=lambda d: (d.due_on or dt.date.min, d.name.casefold()))
