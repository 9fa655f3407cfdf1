"""The crisis clock: elapsed time, the first-response countdown, the reminder and team state.

It only draws what it is given; the screen feeds it the state and ``clock.now()`` every second.
Overdue and the reminder are shown in words *and* colour, so they read in any theme.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

from smgov_tui.core.crisis import Crisis, format_duration
from smgov_tui.i18n import _


def clock_text(crisis: Crisis, now: dt.datetime, tz: dt.tzinfo) -> tuple[Text, bool]:
    """The time line for ``crisis`` at ``now``, and whether the deadline is missed."""
    elapsed = format_duration(crisis.elapsed(now))
    text = Text()
    text.append(_("Elapsed {time}").format(time=elapsed), style="bold")
    text.append(" · ")
    deadline = crisis.deadline.astimezone(tz).strftime("%H:%M %Z").strip()
    out = crisis.first_response_at()
    late = crisis.overdue(now)
    if out is not None:
        when = out.astimezone(tz).strftime("%H:%M %Z").strip()
        if late:
            text.append(
                _("First response out at {when}: LATE by {late}").format(
                    when=when, late=format_duration(out - crisis.deadline)
                ),
                style="bold",
            )
        else:
            text.append(_("First response out at {when}, in time ✓").format(when=when))
    elif crisis.is_closed:
        text.append(_("Closed"))
    elif late:
        text.append(
            _("OVERDUE by {late}: first response was due at {deadline}").format(
                late=format_duration(crisis.remaining(now)), deadline=deadline
            ),
            style="bold reverse",
        )
    else:
        text.append(
            _("First response due in {left} (by {deadline})").format(
                left=format_duration(crisis.remaining(now)), deadline=deadline
            ),
            style="bold",
        )
    return text, late and out is None and not crisis.is_closed


def reminder_text(crisis: Crisis, now: dt.datetime) -> Text | None:
    """The "no update for a while" reminder, or None when not due."""
    if not crisis.reminder_due(now):
        return None
    return Text(
        _(
            "⏰ REMINDER: no update for {time}. Log a note (n) so the team knows where we are."
        ).format(time=format_duration(crisis.since_update(now))),
        style="bold",
    )


class CrisisClock(Static):
    """Two lines: the time line (overdue in reverse) and the reminder when due."""

    DEFAULT_CSS = """
    CrisisClock {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    CrisisClock.-overdue {
        background: $error;
        color: $text;
    }
    CrisisClock.-reminder {
        border-left: thick $warning;
    }
    """

    def show(self, crisis: Crisis, now: dt.datetime, tz: dt.tzinfo, team: str) -> None:
        """Redraw for ``crisis`` at ``now``; ``team`` is the team-sync line (may be empty)."""
        line, overdue = clock_text(crisis, now, tz)
        if team:  # its own line: appended to the clock it wrapped mid-sentence at 80 columns
            line.append("\n")
            line.append(team)
        reminder = reminder_text(crisis, now)
        if reminder is not None:
            line.append("\n")
            line.append_text(reminder)
        self.set_class(overdue, "-overdue")
        self.set_class(reminder is not None, "-reminder")
        self.update(line)
