"""The on-call rota: who is on call at any instant, who comes next, and until when.

The rota (``[rota]`` of ``protocols/management.toml``, :class:`~smgov_tui.core.records.Rota`)
hands over at a local wall-clock time: the first turn starts on the first ``handover_day`` on
or after ``first_day`` at ``handover_time``, and each turn lasts ``turn_days`` calendar days.
Handovers are turned into instants with zoneinfo, so a weekly turn that spans a
daylight-saving change lasts 167 or 169 hours and still changes hands at 09:00 local time.
Overrides (swaps, holidays) replace whoever the turns name for their span; a later override
wins where two overlap.

Everything here is pure: the callers pass the instant (``core.clock.now()`` in the app, a fixed
one in tests). The crisis screen, the Overview, ``smgov oncall``, the role resolution
(:func:`role_holders`), the response-coverage rule and the staffing rules all read the rota
through this module, so they can never disagree about who is on call.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from smgov_tui.core import records as r
from smgov_tui.core.coverage import weekday_label
from smgov_tui.core.model import WorkspaceData
from smgov_tui.i18n import _

_DAY_INDEX = {day: index for index, day in enumerate(r.WEEKDAYS)}

Interval = tuple[dt.datetime, dt.datetime]


def zone_of(name: str) -> ZoneInfo | None:
    """The time zone called ``name``, or None when it is not a known IANA name."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def rota_zone(rota: r.Rota, workspace_tz: str) -> ZoneInfo | None:
    """The rota's time zone (the workspace's when the rota names none); None when unknown."""
    return zone_of(rota.timezone or workspace_tz or "UTC")


def _clock(value: str) -> dt.timedelta:
    hours, minutes = value.split(":")
    return dt.timedelta(hours=int(hours), minutes=int(minutes))


def _instant(day: dt.date, clock: str, tz: ZoneInfo) -> dt.datetime:
    """Local wall-clock ``clock`` on ``day`` in ``tz``, as a UTC instant.

    A time that does not exist (the hour skipped when clocks go forward) or exists twice (the
    hour repeated when they go back) takes the offset in force before the change (``fold=0``),
    so handovers stay in order.
    """
    naive = dt.datetime.combine(day, dt.time()) + _clock(clock)
    return naive.replace(tzinfo=tz).astimezone(dt.UTC)


def first_handover_day(rota: r.Rota) -> dt.date:
    """The local date of the first handover: the first ``handover_day`` on or after
    ``first_day``."""
    ahead = (_DAY_INDEX[rota.handover_day] - rota.first_day.weekday()) % 7
    return rota.first_day + dt.timedelta(days=ahead)


def handover(rota: r.Rota, tz: ZoneInfo, index: int) -> dt.datetime:
    """The instant turn ``index`` starts (0 is the first turn; negative ones are before the
    rota starts)."""
    day = first_handover_day(rota) + dt.timedelta(days=index * rota.turn_days)
    return _instant(day, rota.handover_time, tz)


def turn_index(rota: r.Rota, tz: ZoneInfo, when: dt.datetime) -> int:
    """The index of the turn running at ``when`` (negative: before the first turn)."""
    local = when.astimezone(tz).replace(tzinfo=None)
    first = dt.datetime.combine(first_handover_day(rota), dt.time()) + _clock(rota.handover_time)
    index = (local - first) // dt.timedelta(days=rota.turn_days)
    while handover(rota, tz, index + 1) <= when:
        index += 1
    while handover(rota, tz, index) > when:
        index -= 1
    return index


def override_span(rota: r.Rota, override: r.RotaOverride, tz: ZoneInfo) -> Interval:
    """The instants an override runs from and until (times left out: the handover time)."""
    start = _instant(override.from_date, override.from_time or rota.handover_time, tz)
    end = _instant(override.until_date, override.until_time or rota.handover_time, tz)
    return start, end


class Segment(msgspec.Struct, frozen=True):
    """A stretch of time with one person on call (or nobody: ``person`` is "")."""

    person: str
    """Owner id of the person on call; "" where nobody is (before the first turn, no people)."""
    start: dt.datetime
    """When it starts (UTC)."""
    end: dt.datetime
    """When it ends (UTC), exclusive."""
    reason: str = ""
    """The override's reason when an override put the person there, else ""."""


def who_at(rota: r.Rota, tz: ZoneInfo, when: dt.datetime) -> tuple[str, str]:
    """(owner id, override reason) of who is on call at ``when``; ("", "") for nobody."""
    for override in reversed(rota.overrides):
        start, end = override_span(rota, override, tz)
        if start <= when < end:
            return override.person, override.reason
    index = turn_index(rota, tz, when)
    if index < 0 or not rota.people:
        return "", ""
    return rota.people[index % len(rota.people)], ""


def timeline(rota: r.Rota, tz: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[Segment]:
    """Who is on call from ``start`` to ``end``: consecutive segments that cover it exactly.

    Two segments that follow each other differ in person or reason: the turns of a rota of
    one person are one segment, but an override by the person already on call is its own (with
    its reason); :func:`on_call_at` joins a person's segments into one time on call."""
    if end <= start:
        return []
    points = {start, end}
    index = turn_index(rota, tz, start) + 1
    while (moment := handover(rota, tz, index)) < end:
        points.add(moment)
        index += 1
    for override in rota.overrides:
        for moment in override_span(rota, override, tz):
            if start < moment < end:
                points.add(moment)
    ordered = sorted(points)
    segments: list[Segment] = []
    for begin, finish in pairwise(ordered):
        person, reason = who_at(rota, tz, begin)
        if segments and (segments[-1].person, segments[-1].reason) == (person, reason):
            segments[-1] = Segment(person, segments[-1].start, finish, reason)
        else:
            segments.append(Segment(person, begin, finish, reason))
    return segments


class Shift(msgspec.Struct, frozen=True):
    """One person's time on call, with what it takes to call them."""

    person: str
    """Owner id."""
    name: str
    """Their name (the id when no owner file names them)."""
    phone: str
    """Their phone, "" when unknown."""
    active: bool
    """False when the owner is inactive or unknown: nobody will answer."""
    start: dt.datetime
    """When this shift started or starts (UTC); for a person on call for longer than a turn
    (a rota of one), a turn or more back: where the look back stopped."""
    end: dt.datetime | None
    """When the next person takes over (UTC); None: no change in sight."""
    reason: str = ""
    """Why an override put them there ("" for a regular turn)."""


class OnCall(msgspec.Struct, frozen=True):
    """Who is on call at an instant, who comes next, and in which time zone to say it."""

    when: dt.datetime
    """The instant asked about."""
    now: Shift | None
    """Who is on call at ``when``; None: nobody (before the first turn, no people)."""
    next: Shift | None
    """Who takes over after ``now`` (when ``now`` is None: the next person on call at all)."""
    tz: ZoneInfo
    """The rota's time zone: show the times in it, and say so."""
    role: str
    """The id of the role the person on call holds (``on-call`` unless the rota says)."""

    @property
    def until(self) -> dt.datetime | None:
        """When the person on call now hands over; None when nobody is or no change is due."""
        return self.now.end if self.now else None


def _horizon(rota: r.Rota, tz: ZoneInfo, when: dt.datetime) -> dt.datetime:
    """Far enough past ``when`` to see the next change of person: a whole round of turns,
    past the first turn, and past the end of every override still to come."""
    days = rota.turn_days * (len(rota.people) + 1) + 2
    far = max(when, handover(rota, tz, 0)) + dt.timedelta(days=days)
    for override in rota.overrides:
        far = max(far, override_span(rota, override, tz)[1] + dt.timedelta(days=days))
    return far


def _shift(data: WorkspaceData, segments: list[Segment], index: int) -> Shift:
    """The time on call of the person of ``segments[index]``: that segment joined with the
    ones of the same person around it (a turn and an override by the same person are one
    time on call); its reason is that segment's."""
    person = segments[index].person
    first = last = index
    while first > 0 and segments[first - 1].person == person:
        first -= 1
    while last + 1 < len(segments) and segments[last + 1].person == person:
        last += 1
    owner = data.owners.get(person)
    return Shift(
        person=person,
        name=owner.name if owner else person,
        phone=owner.phone if owner else "",
        active=bool(owner and owner.active),
        start=segments[first].start,
        end=None if last + 1 == len(segments) else segments[last].end,
        reason=segments[index].reason,
    )


def _run_end(segments: list[Segment], index: int) -> int:
    """The index of the last segment of the run of ``segments[index]``'s person."""
    while index + 1 < len(segments) and segments[index + 1].person == segments[index].person:
        index += 1
    return index


def on_call_at(data: WorkspaceData, when: dt.datetime) -> OnCall | None:
    """Who is on call at ``when`` (an aware datetime), who is next and until when.

    None when the workspace has no rota (or its management protocol or the rota's time zone
    is invalid: ``smgov check`` says which). ``OnCall.now`` is None in a gap (before the first
    turn, or a rota without people); ``Shift.end`` is None when the person stays on call as far
    as the rota goes (a rota of one person). Use ``Shift.active`` before calling someone: an
    inactive or unknown person is named, not hidden, so the gap shows.
    """
    mgmt = data.management
    rota = mgmt.rota if mgmt else None
    if rota is None:
        return None
    tz = rota_zone(rota, data.meta.timezone if data.meta else "UTC")
    if tz is None:
        return None
    when = when.astimezone(dt.UTC)
    # from far enough back to see when the person on call now started: their turn, or an
    # override that has been running for longer
    since = when - dt.timedelta(days=rota.turn_days + 1)
    for override in rota.overrides:
        start, end = override_span(rota, override, tz)
        if start <= when < end:
            since = min(since, start - dt.timedelta(days=rota.turn_days + 1))
    segments = timeline(rota, tz, since, _horizon(rota, tz, when))
    current = next(i for i, s in enumerate(segments) if s.start <= when < s.end)
    now = _shift(data, segments, current) if segments[current].person else None
    after = _run_end(segments, current) + 1
    if after < len(segments) and not segments[after].person:
        after += 1  # a gap comes next: say who comes after it, if anyone
    upcoming = _shift(data, segments, after) if after < len(segments) else None
    return OnCall(when=when, now=now, next=upcoming, tz=tz, role=rota.role)


def on_call_intervals(
    data: WorkspaceData, start: dt.datetime, end: dt.datetime
) -> list[tuple[str, Interval]]:
    """(owner id, (from, until)) of every stretch on call between ``start`` and ``end`` by a
    person who is active: what the response-coverage rule counts when the rota answers
    messages. Empty without a usable rota."""
    mgmt = data.management
    rota = mgmt.rota if mgmt else None
    if rota is None:
        return []
    tz = rota_zone(rota, data.meta.timezone if data.meta else "UTC")
    if tz is None:
        return []
    owners = data.owners
    return [
        (s.person, (s.start, s.end))
        for s in timeline(rota, tz, start, end)
        if s.person in owners and owners[s.person].active
    ]


class Holder(msgspec.Struct, frozen=True):
    """A person who answers for a role, as a crisis step shows them."""

    person: str
    """Owner id."""
    name: str
    """Their name."""
    phone: str
    """Their phone, "" when unknown."""
    on_call: bool = False
    """True when they hold the role because they are on call now (the rota)."""
    deputy: bool = False
    """True when they stand in for the role (``deputy_for``) rather than hold it."""


def role_holders(data: WorkspaceData, role: str, when: dt.datetime) -> list[Holder]:
    """The active people who answer for ``role`` at ``when``, in the order to call them.

    For the rota's role (``on-call``), the person on call at ``when`` comes first; then the
    owners whose ``role`` it is, then the deputies (``deputy_for``), each by name. Inactive
    people are left out. A crisis step asks here for the people of its role, so the rota counts
    where it matters; :func:`staff_of` is the timeless answer the staffing rules use.
    """
    if not role:
        return []
    out: list[Holder] = []
    seen: set[str] = set()
    rota = data.management.rota if data.management else None
    if rota is not None and rota.role == role:
        on_call = on_call_at(data, when)
        if on_call and on_call.now and on_call.now.active:
            shift = on_call.now
            out.append(Holder(shift.person, shift.name, shift.phone, on_call=True))
            seen.add(shift.person)
    owners = sorted(data.owners.items(), key=lambda item: (item[1].name.casefold(), item[0]))
    for oid, owner in owners:
        if owner.active and owner.role == role and oid not in seen:
            out.append(Holder(oid, owner.name, owner.phone))
            seen.add(oid)
    for oid, owner in owners:
        if owner.active and role in owner.deputy_for and oid not in seen:
            out.append(Holder(oid, owner.name, owner.phone, deputy=True))
            seen.add(oid)
    return out


def staff_of(data: WorkspaceData, role: str) -> set[str]:
    """Ids of the active people who can answer for ``role`` at some time: its holders, its
    deputies and, for the rota's role, every active person of the rota (the staffing rules
    count them; who it is at a given instant is :func:`role_holders`'s business)."""
    owners = data.owners
    found = {
        oid
        for oid, owner in owners.items()
        if owner.active and (owner.role == role or role in owner.deputy_for)
    }
    rota = data.management.rota if data.management else None
    if rota is not None and rota.role == role:
        people = list(rota.people) + [o.person for o in rota.overrides]
        found |= {p for p in people if p in owners and owners[p].active}
    return found


def _month_label(month: int) -> str:
    """Short translated name of ``month`` (1 is January): the first three letters of its
    name, "Nov" / "nov" (an abbreviation of its own would make "May" mean two things).

    The names are the crisis statements' (core.crisis), imported here: ``smgov check`` runs the
    rota's rules, which never name a month, and so never loads the crisis state machine."""
    from smgov_tui.core.crisis import MONTHS

    return _(MONTHS[month - 1])[:3]  # the statements' long dates' names


def moment_label(instant: dt.datetime, tz: dt.tzinfo) -> str:
    """``Mon 23 Nov 09:00``: an instant of the rota as people read it, in the rota's zone
    (put the zone beside it where other times are local: :func:`zone_label`)."""
    local = instant.astimezone(tz)
    return f"{weekday_label(local.weekday())} {local.day} {_month_label(local.month)} {local:%H:%M}"


def zone_label(tz: ZoneInfo) -> str:
    """The zone's name as shown after a time: ``Europe/Madrid``."""
    return tz.key
