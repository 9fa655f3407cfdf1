"""Who is on call, as two lines of the Overview: now (name, phone, until when) and next.

Pure Rich, from :func:`smgov_tui.core.oncall.on_call_at`, the same answer crisis mode and
``smgov oncall`` give. Names and phones are user data: plain ``Text``, never markup. Phones
and times are joined with no-break spaces, so :func:`~smgov_tui.ui.present.nobreak.
wrap_keeping` never splits "+34 617 93 40 25" or "until Mon 7 Dec 09:00" over two lines.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from smgov_tui.core import oncall
from smgov_tui.core.model import WorkspaceData
from smgov_tui.i18n import _
from smgov_tui.ui.present.nobreak import NBSP


def _person(text: Text, shift: oncall.Shift) -> None:
    text.append(shift.name, style="bold")
    if shift.phone:
        text.append(" " + shift.phone.replace(" ", NBSP))
    if not shift.active:
        text.append(" " + _("(inactive: nobody will answer)"), style="bold red")


def on_call_line(data: WorkspaceData, now: dt.datetime) -> Text | None:
    """``On call now: Sofía +34 617 93 40 25 until Mon 23 Nov 09:00`` and, below, ``Next: Ana
    ... from ...``, in the rota's zone (named at the end); None when the workspace has no
    rota."""
    found = oncall.on_call_at(data, now)
    if found is None:
        return None
    text = Text(_("On call now:") + " ", style="bold")
    if found.now is None:
        text.append(_("nobody (a gap in the rota: see Health)"), style="bold red")
    else:
        _person(text, found.now)
        if found.now.end is not None:
            text.append(" " + _kept(_("until {when}"), found.now.end, found.tz))
    if found.next is not None:
        text.append("\n" + _("Next:") + " ", style="bold")
        _person(text, found.next)
        text.append(" " + _kept(_("from {when}"), found.next.start, found.tz))
    text.append(f" ({oncall.zone_label(found.tz)})", style="dim")
    return text


def _kept(words: str, instant: dt.datetime, tz: dt.tzinfo) -> str:
    """``until Mon 7 Dec 09:00`` with no-break spaces: one piece when the line wraps."""
    return words.format(when=oncall.moment_label(instant, tz)).replace(" ", NBSP)
