"""The review cadence as a to-do list: which accounts are due for review, overdue first.

``smgov review``, the Review section of the app and the ``review-overdue`` rule agree: an
account is due once ``review_cadence_days`` (management protocol, default 90) have passed
since ``last_reviewed``; one never reviewed is due since always. Archived accounts need no
review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smgov_tui.core import records as r
from smgov_tui.core.model import WorkspaceData
from smgov_tui.i18n import _, ngettext

DUE_WITHIN_DAYS = 14
"""How far ahead ``smgov review`` and the app's Review section look by default: two weekly
routines."""


@dataclass(frozen=True)
class Due:
    """One account and when its review is due."""

    id: str
    """Account id."""
    account: r.Account
    """The account."""
    due_on: dt.date | None
    """The last day of its cadence (``last_reviewed`` + cadence); None: never reviewed."""
    days_left: int | None
    """Days from today to ``due_on``: negative when overdue, None when never reviewed."""

    @property
    def overdue(self) -> bool:
        """True when the review is late (or never happened)."""
        return self.days_left is None or self.days_left < 0

    def when(self) -> str:
        """``overdue by 12 days``, ``due today``, ``due in 5 days``, ``never reviewed``."""
        if self.days_left is None:
            return _("never reviewed")
        if self.days_left < 0:
            return ngettext("overdue by {n} day", "overdue by {n} days", -self.days_left).format(
                n=-self.days_left
            )
        if self.days_left == 0:
            return _("due today")
        return ngettext("due in {n} day", "due in {n} days", self.days_left).format(
            n=self.days_left
        )

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``smgov review --format json``."""
        last = self.account.last_reviewed
        return {
            "id": self.id,
            "network": self.account.network,
            "handle": self.account.handle,
            "owner": self.account.owner,
            "last_reviewed": last.isoformat() if last else None,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "days_left": self.days_left,
            "overdue": self.overdue,
        }


def due_for_review(data: WorkspaceData, within_days: int, today: dt.date) -> list[Due]:
    """Accounts (not archived) whose review is due within ``within_days`` days of ``today``:
    the never reviewed first, then by due date (the most overdue first), then by id."""
    cadence = dt.timedelta(days=data.review_cadence_days)
    out: list[Due] = []
    for aid, account in data.accounts.items():
        if account.status == "archived":
            continue
        if account.last_reviewed is None:
            out.append(Due(aid, account, None, None))
            continue
        due_on = account.last_reviewed + cadence
        days_left = (due_on - today).days
        if days_left <= within_days:
            out.append(Due(aid, account, due_on, days_left))
    return sorted(out, key=lambda d: (d.days_left is not None, d.days_left or 0, d.id))
