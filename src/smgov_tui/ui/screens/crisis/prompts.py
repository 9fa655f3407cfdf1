"""The words of crisis mode's pickers: a severity, a playbook, an open incident."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text

from smgov_tui.core import listening
from smgov_tui.core import records as r
from smgov_tui.core.crisis import (
    Crisis,
    format_duration,
)
from smgov_tui.i18n import _


def clean_text(text: str) -> str:
    """Playbook text as one calm paragraph: outer blank lines trimmed."""
    return text.strip()


def severity_prompt(index: int, severity: r.Severity) -> Text:
    """``1  High — first response within 60 min`` and the description under it."""
    text = Text()
    text.append(f"{index}  ", style="bold")
    text.append(severity.label or severity.id, style="bold")
    text.append("  —  ")
    text.append(
        _("first response within {time}").format(
            time=format_duration(dt.timedelta(minutes=severity.first_response_minutes))
        )
    )
    if severity.description.strip():
        text.append("\n   ")
        text.append(clean_text(severity.description))
    return text


def playbook_prompt(playbook: r.Playbook, thresholds: Sequence[r.Threshold] = ()) -> Text:
    """The playbook's title, its trigger under it, then each listening threshold that points
    to it (``Heard: more than 50 complaints ... in 60 min``): what the person on call saw is
    matched to a playbook by the same numbers the listening protocol set."""
    text = Text()
    text.append(playbook.title, style="bold")
    if playbook.trigger.strip():
        text.append("\n   " + _("When: "))
        text.append(clean_text(playbook.trigger))
    for threshold in thresholds:
        text.append("\n   " + _("Heard: "), style="bold")
        text.append(listening.describe(threshold))
    return text


def incident_prompt(incident_id: str, crisis: Crisis, now: dt.datetime) -> Text:
    """An open incident: its title, step, and how long it has been open."""
    text = Text()
    text.append("▶ " + (crisis.incident.title or incident_id), style="bold")
    step = crisis.current_step
    _done, _skipped, total = crisis.counts()
    where = (
        _("step {n} of {total}: {title}").format(
            n=crisis.position + 1, total=total, title=step.title
        )
        if step
        else _("every step settled; ready to close")
    )
    text.append("\n   ")
    text.append(where)
    text.append("  ·  " + _("open for {time}").format(time=format_duration(crisis.elapsed(now))))
    return text
