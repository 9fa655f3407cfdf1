"""Can a crisis contact be reached now? From their weekly hours, in their time zone.

A contact says when they answer in ``reachable_hours`` (weekly slots in ``timezone``, the
workspace's when empty) or ``always_reachable`` (24/7); ``availability`` stays a free-text note.
A contact with neither is *unknown*: listed, never claimed reachable. Escalation lists the
contacts reachable now first, then the unknown, then those outside their hours by the time they
are back ("outside hours — back Mon 08:00"), so the person on call dials the right number first.

Pure: the time comes in as an argument (``clock.now()`` is the caller's business).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from smgov_tui.core import coverage as cov
from smgov_tui.core import records as r
from smgov_tui.core.labels import Translate, weekday_label
from smgov_tui.i18n import _

ReachState = Literal["always", "now", "later", "unknown"]

_LOOKAHEAD_DAYS = 8
"""A weekly slot starts again within a week; one more day covers a shift past midnight."""


@dataclass(frozen=True)
class Reach:
    """Whether a contact answers at one moment, and until or from when."""

    state: ReachState
    """always (24/7), now (inside their hours), later (outside them) or unknown (no hours)."""
    until: dt.datetime | None = None
    """While ``now``: when the current slot ends."""
    back: dt.datetime | None = None
    """While ``later``: when the next slot starts (None when the hours name no day)."""

    @property
    def reachable(self) -> bool:
        """True when the contact answers now (24/7 or inside their hours)."""
        return self.state in ("always", "now")


def contact_zone(contact: r.Contact, default: dt.tzinfo) -> dt.tzinfo:
    """The time zone of the contact's hours: their own, else ``default`` (the workspace's)."""
    return cov.zone(contact.timezone) or default


def reach_at(contact: r.Contact, at: dt.datetime, default_tz: dt.tzinfo) -> Reach:
    """Whether ``contact`` answers at ``at`` (aware), their hours read in their time zone."""
    if contact.always_reachable:
        return Reach("always")
    if not contact.reachable_hours:
        return Reach("unknown")
    tz = contact_zone(contact, default_tz)
    local = at.astimezone(tz)
    first = local.date() - dt.timedelta(days=1)  # a shift that started yesterday evening
    last = local.date() + dt.timedelta(days=_LOOKAHEAD_DAYS)
    slots: list[cov.Interval] = []
    for hours in contact.reachable_hours:
        slots.extend(_slots(hours, tz, first, last))
    moment = at.astimezone(dt.UTC)
    for begin, end in cov.merge(slots):
        if begin <= moment < end:
            return Reach("now", until=end.astimezone(tz))
        if begin > moment:
            return Reach("later", back=begin.astimezone(tz))
    return Reach("later")


def _clock(value: str) -> dt.timedelta:
    hours, minutes = value.split(":")
    return dt.timedelta(hours=int(hours), minutes=int(minutes))


def _slots(
    hours: r.WorkingHours, tz: dt.tzinfo, first: dt.date, last: dt.date
) -> list[cov.Interval]:
    """The UTC intervals of a weekly slot for every local day from ``first`` to ``last``; a slot
    whose end is not after its start (``22:00``–``06:00``) ends the next day. Wall-clock times,
    so a slot keeps its hours across a daylight-saving change."""
    days = {r.WEEKDAYS.index(d) for d in hours.days}
    start, end = _clock(hours.start), _clock(hours.end)
    if end <= start:
        end += dt.timedelta(days=1)
    out: list[cov.Interval] = []
    day = first
    while day <= last:
        if day.weekday() in days:
            midnight = dt.datetime.combine(day, dt.time())
            begin = (midnight + start).replace(tzinfo=tz).astimezone(dt.UTC)
            finish = (midnight + end).replace(tzinfo=tz).astimezone(dt.UTC)
            if finish > begin:
                out.append((begin, finish))
        day += dt.timedelta(days=1)
    return out


_ORDER: dict[ReachState, int] = {"always": 0, "now": 0, "unknown": 1, "later": 2}


def by_reach(
    contacts: Sequence[tuple[str, r.Contact]], at: dt.datetime, default_tz: dt.tzinfo
) -> list[tuple[str, r.Contact, Reach]]:
    """``contacts`` with their reach at ``at``: reachable now first, then unknown, then those
    outside their hours, soonest back first; otherwise in the order given (stable)."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows = [(cid, contact, reach_at(contact, at, default_tz)) for cid, contact in contacts]
    return sorted(rows, key=lambda row: (_ORDER[row[2].state], row[2].back or far))


def _when(when: dt.datetime, now: dt.datetime) -> tuple[str, str, str]:
    """(``today``, ``tomorrow`` or ``later``; the short day; the clock) of ``when`` on the
    contact's clock, with the zone's abbreviation when the person reading (``now``'s zone)
    would read another time."""
    clock = f"{when:%H:%M}"
    if when.astimezone(now.tzinfo).utcoffset() != when.utcoffset():
        clock = f"{clock} {when.tzname() or ''}".strip()
    today = now.astimezone(when.tzinfo).date()
    day = cov.weekday_label(when.weekday())
    if when.date() == today:
        return "today", day, clock
    if when.date() == today + dt.timedelta(days=1):
        return "tomorrow", day, clock
    return "later", day, clock


def reach_text(contact: r.Contact, reach: Reach, now: dt.datetime) -> str:
    """What escalation says about reaching ``contact`` now: ``reachable now (24/7)``,
    ``reachable now, until 17:00``, ``outside hours — back Mon 08:00``, or ``hours not
    recorded`` (the free-text note follows when there is one)."""
    if reach.state == "always":
        text = _("reachable now (24/7)")
    elif reach.state == "now" and reach.until is not None:
        which, day, clock = _when(reach.until, now)
        text = {
            "today": _("reachable now, until {time}"),
            "tomorrow": _("reachable now, until tomorrow {time}"),
            "later": _("reachable now, until {day} {time}"),
        }[which].format(day=day, time=clock)
    elif reach.state == "later" and reach.back is not None:
        which, day, clock = _when(reach.back, now)
        text = {
            "today": _("outside hours — back at {time}"),
            "tomorrow": _("outside hours — back tomorrow {time}"),
            "later": _("outside hours — back {day} {time}"),
        }[which].format(day=day, time=clock)
    elif reach.state == "later":
        text = _("outside hours")  # the hours name no day
    elif reach.state == "now":
        text = _("reachable now")
    else:
        text = _("hours not recorded")
    if contact.availability.strip():
        text += " · " + contact.availability.strip()
    return text


def hours_text(contact: r.Contact, tr: Translate = _) -> str:
    """The contact's hours in short: ``24/7`` or ``Mon–Fri 08:00–17:00 (Europe/Madrid)``;
    empty when none are recorded. ``tr`` speaks the reader's language (the handbook's)."""
    if contact.always_reachable:
        return "24/7"
    slots = [f"{days_label(h.days, tr)} {h.start}–{h.end}" for h in contact.reachable_hours]
    text = "; ".join(slots)
    if text and contact.timezone:
        text += f" ({contact.timezone})"
    return text


def days_label(days: Sequence[str], tr: Translate = _) -> str:
    """``Mon–Fri``, ``Mon–Sat``, ``every day`` or ``Mon, Wed``: a slot's days, in short."""
    ordered = sorted({r.WEEKDAYS.index(d) for d in days if d in r.WEEKDAYS})
    names = [weekday_label(r.WEEKDAYS[i], tr) for i in ordered]
    if len(ordered) == 7:
        return tr("every day")
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{names[0]}–{names[-1]}"
    return ", ".join(names)
