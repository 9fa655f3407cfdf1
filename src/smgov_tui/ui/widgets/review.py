"""The Review section: the accounts due for review, overdue first; ``r`` marks one reviewed.

A section of its own (key 9) rather than a filter of Accounts: the sidebar is how the app
moves between lists, a section keeps its own order (by due date, not by id) and its own key
(``r`` here is "reviewed today", where the other lists rename), and the weekly routine is one
key away. The rows are the accounts' own, so Enter, ``e`` and ``h`` act on the account.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.ui.contracts import record_host
from smgov_tui.ui.present.listing import parse_row_key
from smgov_tui.ui.widgets.record_table import RecordList


class ReviewList(RecordList):
    """The accounts due for review; ``r`` marks the highlighted one reviewed today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "mark_reviewed", _("Reviewed today"), id="review.mark"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("review", id=id)

    def action_mark_reviewed(self) -> None:
        """Set the highlighted account's last review to today, in one commit."""
        key = self.table.current_key
        target = parse_row_key(key) if key else None
        host = record_host(self)
        if target is None or target[0] is not k.ACCOUNTS or host is None:
            self.notify(_("Choose an account in the list first."), severity="warning")
            return
        host.mark_reviewed(target[1])
