"""Response coverage: can an account's response time be met by the hours its people work?

A message that arrives at time ``t`` is *covered* when the owner or the backup is working at
some moment of ``[t, t + SLA)``. The computation runs on real calendar days in UTC (zoneinfo),
so each person's time zone and its daylight-saving changes count: a Madrid owner and a Mexico
City backup overlap differently in the weeks when only one of the two has moved its clocks.

The result is a list of *gaps*: maximal windows of arrival times that nobody answers in time,
labelled in the workspace's time zone (``Fri 20:00–Sun 09:00``).
"""

from __future__ import annotations

import datetime as dt
import functools
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from smgov_tui.core import records as r
from smgov_tui.i18n import _

HORIZON_DAYS = 28
"""How many days from today are evaluated (four weeks: long enough to meet a DST change soon)."""

_DAY_INDEX = {day: index for index, day in enumerate(r.WEEKDAYS)}

Interval = tuple[dt.datetime, dt.datetime]


def zone(name: str) -> ZoneInfo | None:
    """The time zone called ``name``, or None when it is not a known IANA name."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _clock(value: str) -> dt.timedelta:
    hours, minutes = value.split(":")
    return dt.timedelta(hours=int(hours), minutes=int(minutes))


def working_intervals(
    hours: r.WorkingHours, tz: ZoneInfo, first: dt.date, last: dt.date
) -> list[Interval]:
    """The UTC intervals a person works, for every local day from ``first`` to ``last``.

    A shift whose end is not after its start (``22:00``–``06:00``) ends the next day. Local
    times are turned into instants with zoneinfo, so a shift keeps its wall-clock hours across
    a daylight-saving change.
    """
    days = {_DAY_INDEX[d] for d in hours.days}
    start, end = _clock(hours.start), _clock(hours.end)
    if end <= start:
        end += dt.timedelta(days=1)
    out: list[Interval] = []
    day = first
    while day <= last:
        if day.weekday() in days:
            midnight = dt.datetime.combine(day, dt.time())
            begin = _local(midnight + start, tz)
            finish = _local(midnight + end, tz)
            if finish > begin:
                out.append((begin, finish))
        day += dt.timedelta(days=1)
    return out


def _local(naive: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """A naive local wall-clock time as a UTC instant."""
    return naive.replace(tzinfo=tz).astimezone(dt.UTC)


def merge(intervals: list[Interval]) -> list[Interval]:
    """The union of ``intervals``, sorted, with overlapping or touching ones joined."""
    merged: list[Interval] = []
    for begin, finish in sorted(intervals):
        if merged and begin <= merged[-1][1]:
            if finish > merged[-1][1]:
                merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((begin, finish))
    return merged


class Person(msgspec.Struct, frozen=True):
    """Someone who answers for an account: when they work and where."""

    id: str
    """Owner id."""
    hours: r.WorkingHours
    """Working days and hours, in ``tz``."""
    tz: ZoneInfo
    """The person's time zone."""


def uncovered(
    people: list[Person],
    sla: dt.timedelta,
    start: dt.datetime,
    end: dt.datetime,
    on_call: tuple[Interval, ...] = (),
) -> list[Interval]:
    """Maximal windows of arrival times in ``[start, end)`` that nobody answers within ``sla``.

    A gap between two working intervals from ``a`` to ``b`` leaves every arrival in
    ``[a, b - sla)`` unanswered in time. Working hours are computed with a margin on both sides,
    so a window is never cut short by the edges of the horizon; windows that *start* in
    ``[start, end)`` are returned whole. ``on_call``: the stretches someone of the on-call
    rota answers (:func:`smgov_tui.core.oncall.on_call_intervals`), counted as worked.
    """
    margin = dt.timedelta(days=8) + sla
    first = (start - margin).date()
    last = (end + margin).date()
    intervals: list[Interval] = list(on_call)
    for person in people:
        intervals.extend(working_intervals(person.hours, person.tz, first, last))
    merged = merge(intervals)
    lo, hi = start - margin, end + margin
    if not merged:
        return [(start, end)]
    bounds = [(lo, lo), *merged, (hi, hi)]
    windows: list[Interval] = []
    for (_a0, a), (b, _b1) in pairwise(bounds):
        if b - a > sla and start <= a < end:
            windows.append((a, b - sla))
    return windows


def weekday_label(index: int) -> str:
    """Short translated name of weekday ``index`` (0 is Monday)."""
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[index]


def _days_label(days: list[int]) -> str:
    ordered = sorted(set(days))
    if ordered == list(range(7)):
        return _("every day")
    if ordered == [0, 1, 2, 3, 4]:
        return f"{weekday_label(0)}–{weekday_label(4)}"
    return ", ".join(weekday_label(d) for d in ordered)


def _span_label(weekdays: list[int], s_time: str, e_time: str, offset: int) -> str:
    """``Mon–Fri 20:00–21:00``, ``Mon–Fri 22:00–01:00 (next day)``, ``Fri 16:30–Mon 04:30``:
    a span starting on ``weekdays`` at ``s_time`` and ending ``offset`` days later."""
    if offset == 0:
        return f"{_days_label(weekdays)} {s_time}–{e_time}"
    if len(weekdays) > 1:
        return f"{_days_label(weekdays)} {s_time}–{e_time} " + _("(next day)")
    day = weekdays[0]
    return f"{weekday_label(day)} {s_time}–{weekday_label((day + offset) % 7)} {e_time}"


class Gap(msgspec.Struct, frozen=True):
    """One kind of uncovered window, as people read it."""

    label: str
    """When, in the workspace time zone: ``Fri 20:00–Sun 09:00``, ``every day 00:00–01:00``."""
    first_seen: dt.date
    """Local date of the first arrival window with this label within the horizon."""
    weeks: int
    """In how many of the evaluated weeks it occurs (fewer than all: a daylight-saving week)."""
    idle: str = ""
    """When nobody works around it, in the same words (``Fri 16:30–Mon 08:30``): from the last
    moment somebody works to the next. Somebody at work at least once in every response time
    of that span closes the gap; empty when nobody ever works."""
    close_hours: int = 0
    """The shortest response time, in whole hours, with which this gap closes: the length of
    the idle span (0 when nobody ever works)."""


def coverage_gaps(
    people: list[Person],
    sla_hours: int,
    workspace_tz: ZoneInfo,
    today: dt.date,
    days: int = HORIZON_DAYS,
    on_call: tuple[Interval, ...] = (),
) -> list[Gap]:
    """The distinct uncovered windows over ``days`` days from ``today`` (workspace midnight).

    ``on_call``: stretches the on-call rota answers, counted as worked by somebody (they must
    reach :data:`HORIZON_DAYS` plus eight days and the SLA past both ends of the horizon).
    Worked out once per combination of schedules: thousands of accounts share a few dozen
    (the same office hours in the same time zones), and each combination costs about a
    millisecond of calendar arithmetic.
    """
    schedules = tuple(
        sorted(
            ((tuple(p.hours.days), p.hours.start, p.hours.end, p.tz) for p in people),
            key=lambda item: (item[0], item[1], item[2], str(item[3])),
        )
    )
    language = _("at all times")  # the labels are translated: a language change is a new key
    return list(_cached_gaps(schedules, sla_hours, workspace_tz, today, days, language, on_call))


@functools.lru_cache(maxsize=4096)
def _cached_gaps(
    schedules: tuple[tuple[tuple[str, ...], str, str, ZoneInfo], ...],
    sla_hours: int,
    workspace_tz: ZoneInfo,
    today: dt.date,
    days: int,
    language: str,
    on_call: tuple[Interval, ...],
) -> tuple[Gap, ...]:
    people = [
        Person("", r.WorkingHours(days=list(week), start=start, end=end), tz)  # type: ignore[arg-type]
        for week, start, end, tz in schedules
    ]
    return tuple(_coverage_gaps(people, sla_hours, workspace_tz, today, days, on_call))


def _coverage_gaps(
    people: list[Person],
    sla_hours: int,
    workspace_tz: ZoneInfo,
    today: dt.date,
    days: int = HORIZON_DAYS,
    on_call: tuple[Interval, ...] = (),
) -> list[Gap]:
    """The distinct uncovered windows over ``days`` days from ``today`` (workspace midnight).

    The same weekly gap is reported once, and the same hours on several weekdays are joined
    (``Mon–Fri 20:00–21:00``). A gap that shows only in some weeks, because a daylight-saving
    change moved one person's hours against another's, is reported on its own, with how many
    weeks it occurs in and the first date.
    """
    start = dt.datetime.combine(today, dt.time()).replace(tzinfo=workspace_tz).astimezone(dt.UTC)
    end = start + dt.timedelta(days=days)
    sla = dt.timedelta(hours=sla_hours)
    if not people and not on_call:
        return [Gap(_("at all times"), today, days // 7)]
    # (weekday, start, end, day offset) -> occurrences and first local date
    seen: dict[tuple[int, str, str, int], tuple[int, dt.date]] = {}
    # the same key -> the idle span's end (time, day offset from the start) and longest length
    idle: dict[tuple[int, str, str, int], tuple[str, int, dt.timedelta]] = {}
    always: list[dt.date] = []
    for window in uncovered(people, sla, start, end, on_call):
        begin, finish = window[0].astimezone(workspace_tz), window[1].astimezone(workspace_tz)
        if finish - begin >= dt.timedelta(days=7):
            always.append(begin.date())
            continue
        key = (
            begin.weekday(),
            f"{begin:%H:%M}",
            f"{finish:%H:%M}",
            (finish.date() - begin.date()).days,
        )
        count, first = seen.get(key, (0, begin.date()))
        seen[key] = (count + 1, min(first, begin.date()))
        back = (window[1] + sla).astimezone(workspace_tz)  # somebody works again
        length = window[1] + sla - window[0]
        old = idle.get(key)
        if old is None:
            idle[key] = (f"{back:%H:%M}", (back.date() - begin.date()).days, length)
        elif length > old[2]:
            idle[key] = (old[0], old[1], length)
    if always:
        return [Gap(_("at all times"), min(always), days // 7)]
    groups: dict[tuple[str, str, int, int], list[tuple[int, dt.date, int]]] = {}
    spans: dict[tuple[str, str, int, int], tuple[str, int, dt.timedelta]] = {}
    for key, (count, first) in seen.items():
        weekday, s_time, e_time, offset = key
        alone = weekday if offset > 1 else -1  # multi-day windows are never joined
        group = (s_time, e_time, offset, alone)
        groups.setdefault(group, []).append((weekday, first, count))
        back_time, back_offset, length = idle[key]
        known = spans.get(group)
        spans[group] = (back_time, back_offset, max(length, known[2] if known else length))
    gaps: list[Gap] = []
    for group, members in groups.items():
        s_time, e_time, offset, _alone = group
        weekdays = [weekday for weekday, _first, _count in members]
        first = min(date for _weekday, date, _count in members)
        count = max(n for _weekday, _date, n in members)
        back_time, back_offset, length = spans[group]
        hours = -(-int(length.total_seconds()) // 3600)  # rounded up: a whole-hour promise
        gaps.append(
            Gap(
                _span_label(weekdays, s_time, e_time, offset),
                first,
                count,
                _span_label(weekdays, s_time, back_time, back_offset),
                hours,
            )
        )
    return sorted(gaps, key=lambda g: (g.first_seen, g.label))
