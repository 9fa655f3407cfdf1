"""The on-call rota (core/oncall.py): who is on call at any instant, next, until when.

Unit cases on hand-built rotas (weekly, custom length, daylight-saving changes, overrides,
gaps), properties with hypothesis on random rotas, and the sample's real rota (the ``ws``
fixture) at the tests' frozen clock.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from smgov_tui.core import clock, oncall
from smgov_tui.core import records as r
from smgov_tui.core.model import WorkspaceData
from smgov_tui.store.loader import load_workspace

MADRID = ZoneInfo("Europe/Madrid")


def at(text: str, tz: ZoneInfo = MADRID) -> dt.datetime:
    """A local wall-clock time in ``tz`` (``2027-03-29 09:00``)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=tz)


def rota(**fields: object) -> r.Rota:
    values: dict[str, object] = {"people": ["ana", "ben", "eva"], "first_day": dt.date(2027, 3, 1)}
    values.update(fields)
    return r.Rota(**values)  # type: ignore[arg-type]


def local(instant: dt.datetime) -> str:
    return instant.astimezone(MADRID).strftime("%a %Y-%m-%d %H:%M")


def test_weekly_turns_go_round_in_order_and_hand_over_at_the_local_time() -> None:
    plan = rota()  # first_day is a Monday: handovers on Mondays at 09:00, Madrid
    segments = oncall.timeline(plan, MADRID, at("2027-03-01 09:00"), at("2027-04-12 09:00"))
    assert [(s.person, local(s.start)) for s in segments] == [
        ("ana", "Mon 2027-03-01 09:00"),
        ("ben", "Mon 2027-03-08 09:00"),
        ("eva", "Mon 2027-03-15 09:00"),
        ("ana", "Mon 2027-03-22 09:00"),
        ("ben", "Mon 2027-03-29 09:00"),  # clocks went forward on Sunday the 28th
        ("eva", "Mon 2027-04-05 09:00"),
    ]
    # the turn over the change lasts an hour less, and still changes hands at 09:00
    ana = segments[3]
    assert ana.end - ana.start == dt.timedelta(hours=167)


def test_the_autumn_change_makes_a_turn_an_hour_longer() -> None:
    plan = rota(first_day=dt.date(2027, 10, 25))  # clocks go back on Sunday 31 October
    segments = oncall.timeline(plan, MADRID, at("2027-10-25 09:00"), at("2027-11-08 09:00"))
    assert [s.end - s.start for s in segments] == [dt.timedelta(hours=169), dt.timedelta(days=7)]
    assert local(segments[1].start) == "Mon 2027-11-01 09:00"


def test_the_first_turn_starts_on_the_first_handover_day_on_or_after_first_day() -> None:
    plan = rota(first_day=dt.date(2027, 3, 3), handover_day="fri", handover_time="18:30")
    assert local(oncall.handover(plan, MADRID, 0)) == "Fri 2027-03-05 18:30"
    assert oncall.who_at(plan, MADRID, at("2027-03-05 18:29")) == ("", "")
    assert oncall.who_at(plan, MADRID, at("2027-03-05 18:30")) == ("ana", "")


def test_a_custom_turn_length() -> None:
    plan = rota(turn_days=3, people=["ana", "ben"])
    segments = oncall.timeline(plan, MADRID, at("2027-03-01 09:00"), at("2027-03-10 09:00"))
    assert [(s.person, local(s.start)) for s in segments] == [
        ("ana", "Mon 2027-03-01 09:00"),
        ("ben", "Thu 2027-03-04 09:00"),
        ("ana", "Sun 2027-03-07 09:00"),
    ]


def test_overrides_replace_the_turn_and_a_later_one_wins() -> None:
    plan = rota(
        overrides=[
            r.RotaOverride(
                person="eva",
                from_date=dt.date(2027, 3, 3),
                until_date=dt.date(2027, 3, 5),
                reason="Ana on holiday",
            ),
            r.RotaOverride(
                person="ben",
                from_date=dt.date(2027, 3, 4),
                from_time="12:00",
                until_date=dt.date(2027, 3, 4),
                until_time="20:00",
                reason="Eva at the dentist",
            ),
        ]
    )
    segments = oncall.timeline(plan, MADRID, at("2027-03-01 09:00"), at("2027-03-08 09:00"))
    assert [(s.person, local(s.start), s.reason) for s in segments] == [
        ("ana", "Mon 2027-03-01 09:00", ""),
        ("eva", "Wed 2027-03-03 09:00", "Ana on holiday"),
        ("ben", "Thu 2027-03-04 12:00", "Eva at the dentist"),
        ("eva", "Thu 2027-03-04 20:00", "Ana on holiday"),
        ("ana", "Fri 2027-03-05 09:00", ""),
    ]


def data_with(plan: r.Rota, *inactive: str) -> WorkspaceData:
    """A workspace holding ``plan`` and an owner for each of its people."""
    from smgov_tui.core import kinds as k
    from smgov_tui.core.model import Entry

    data = WorkspaceData(meta=r.WorkspaceMeta(organisation="Shop", timezone="Europe/Madrid"))
    mgmt = r.ManagementProtocol(roles=[r.Role(id="on-call")], rota=plan)
    data.entries[k.MANAGEMENT.name]["management"] = Entry(
        k.MANAGEMENT, "management", "protocols/management.toml", "", {}, mgmt
    )
    for index, person in enumerate(["ana", "ben", "eva"]):
        owner = r.Owner(
            name=person.title(), phone=f"+34 600 000 00{index}", active=person not in inactive
        )
        data.entries[k.OWNERS.name][person] = Entry(
            k.OWNERS, person, f"owners/{person}.toml", "", {}, owner
        )
    return data


def test_on_call_now_next_and_until() -> None:
    data = data_with(rota())
    found = oncall.on_call_at(data, at("2027-03-10 23:40"))
    assert found is not None and found.now is not None and found.next is not None
    assert (found.now.name, found.now.phone) == ("Ben", "+34 600 000 001")
    assert local(found.now.start) == "Mon 2027-03-08 09:00"
    assert found.until is not None and local(found.until) == "Mon 2027-03-15 09:00"
    assert found.next.person == "eva" and local(found.next.start) == "Mon 2027-03-15 09:00"
    assert found.next.end is not None and local(found.next.end) == "Mon 2027-03-22 09:00"
    assert oncall.moment_label(found.until, found.tz) == "Mon 15 Mar 09:00"


def test_an_override_by_the_person_already_on_call_does_not_end_their_time() -> None:
    plan = rota(
        overrides=[
            r.RotaOverride(
                person="ben",
                from_date=dt.date(2027, 3, 15),
                until_date=dt.date(2027, 3, 22),
                reason="Swap with Eva",
            )
        ]
    )
    found = oncall.on_call_at(data_with(plan), at("2027-03-10 12:00"))
    assert found is not None and found.now is not None and found.next is not None
    assert found.until is not None and local(found.until) == "Mon 2027-03-22 09:00"
    assert (found.next.person, found.next.reason) == ("ana", "")


def test_a_long_override_says_when_it_started() -> None:
    plan = rota(
        overrides=[
            r.RotaOverride(
                person="eva",
                from_date=dt.date(2027, 3, 1),
                until_date=dt.date(2027, 5, 3),
                reason="Ana and Ben on parental leave",
            )
        ]
    )
    found = oncall.on_call_at(data_with(plan), at("2027-04-20 10:00"))
    assert found is not None and found.now is not None
    assert local(found.now.start) == "Mon 2027-03-01 09:00"
    assert found.now.reason == "Ana and Ben on parental leave"
    assert found.until is not None and local(found.until) == "Mon 2027-05-03 09:00"


def test_before_the_first_turn_nobody_is_on_call_and_next_is_the_first() -> None:
    found = oncall.on_call_at(data_with(rota()), at("2027-02-20 10:00"))
    assert found is not None and found.now is None and found.until is None
    assert found.next is not None and found.next.person == "ana"
    assert local(found.next.start) == "Mon 2027-03-01 09:00"


def test_a_rota_of_one_person_never_hands_over() -> None:
    found = oncall.on_call_at(data_with(rota(people=["ana"])), at("2027-03-10 10:00"))
    assert found is not None and found.now is not None
    assert found.now.person == "ana" and found.until is None and found.next is None


def test_no_rota_no_answer() -> None:
    data = data_with(rota())
    data.entries["management"].clear()
    assert oncall.on_call_at(data, at("2027-03-10 10:00")) is None


def test_the_on_call_role_resolves_to_the_person_on_call_first() -> None:
    data = data_with(rota())
    holders = oncall.role_holders(data, "on-call", at("2027-03-10 10:00"))
    assert [(h.person, h.on_call) for h in holders] == [("ben", True)]
    # an inactive person on call is not offered: nobody answers that phone
    data = data_with(rota(), "ben")
    assert oncall.role_holders(data, "on-call", at("2027-03-10 10:00")) == []
    assert oncall.staff_of(data, "on-call") == {"ana", "eva"}


# --- properties ---------------------------------------------------------------------------

ZONES = ["Europe/Madrid", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"]

overrides = st.lists(
    st.builds(
        r.RotaOverride,
        person=st.sampled_from(["ana", "ben", "eva", "luz"]),
        from_date=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
        until_date=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
        from_time=st.sampled_from(["", "00:30", "02:30", "13:15"]),
        until_time=st.sampled_from(["", "02:30", "23:59"]),
    ),
    max_size=3,
)
rotas = st.builds(
    r.Rota,
    people=st.lists(st.sampled_from(["ana", "ben", "eva"]), min_size=1, max_size=4),
    first_day=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
    turn_days=st.integers(1, 21),
    handover_day=st.sampled_from(r.WEEKDAYS),
    handover_time=st.sampled_from(["00:00", "02:30", "09:00", "23:30", "24:00"]),
    timezone=st.sampled_from(ZONES),
    overrides=overrides,
)
instants = st.datetimes(
    dt.datetime(2026, 1, 1), dt.datetime(2028, 12, 31), timezones=st.just(dt.UTC)
)


@settings(max_examples=150, deadline=None)
@given(plan=rotas, start=instants, days=st.integers(1, 60))
def test_the_timeline_covers_the_span_exactly_and_agrees_with_who_at(
    plan: r.Rota, start: dt.datetime, days: int
) -> None:
    tz = ZoneInfo(plan.timezone)
    end = start + dt.timedelta(days=days)
    segments = oncall.timeline(plan, tz, start, end)
    assert segments[0].start == start and segments[-1].end == end
    for before, after in pairwise(segments):
        assert before.end == after.start
        assert (before.person, before.reason) != (after.person, after.reason)
    for segment in segments:
        assert segment.start < segment.end
        assert oncall.who_at(plan, tz, segment.start) == (segment.person, segment.reason)
        last = segment.end - dt.timedelta(microseconds=1)
        assert oncall.who_at(plan, tz, last) == (segment.person, segment.reason)


@settings(max_examples=150, deadline=None)
@given(plan=rotas, when=instants)
def test_on_call_at_says_who_now_until_when_and_who_next(plan: r.Rota, when: dt.datetime) -> None:
    found = oncall.on_call_at(data_with(plan), when)
    assert found is not None
    tz = found.tz
    person, _reason = oncall.who_at(plan, tz, when)
    if found.now is None:
        assert person == ""
    else:
        assert found.now.person == person
        assert found.now.start <= when
        before = found.now.start - dt.timedelta(microseconds=1)
        # exact, unless the same person has been on call for longer than a turn (then it is
        # where the look back stopped)
        clipped = found.now.start <= when - dt.timedelta(days=plan.turn_days)
        assert clipped or oncall.who_at(plan, tz, before)[0] != person
        if found.until is not None:
            assert when < found.until
            assert oncall.who_at(plan, tz, found.until)[0] != person
            just_before = found.until - dt.timedelta(microseconds=1)
            assert oncall.who_at(plan, tz, just_before)[0] == person
    if found.next is not None:
        if found.now is not None and found.next.start == found.until:
            assert found.next.person != found.now.person  # else: the same person after a gap
        assert found.next.start > when
        assert oncall.who_at(plan, tz, found.next.start)[0] == found.next.person


@settings(max_examples=100, deadline=None)
@given(plan=rotas, index=st.integers(0, 200))
def test_a_handover_that_exists_on_the_clock_happens_at_that_wall_clock_time(
    plan: r.Rota, index: int
) -> None:
    tz = ZoneInfo(plan.timezone)
    moment = oncall.handover(plan, tz, index).astimezone(tz)
    day = oncall.first_handover_day(plan) + dt.timedelta(days=index * plan.turn_days)
    wall = dt.datetime.combine(day, dt.time()) + dt.timedelta(
        hours=int(plan.handover_time[:2]), minutes=int(plan.handover_time[3:])
    )
    exists = wall.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
    if exists == wall:  # not in the hour skipped when clocks go forward
        assert moment.replace(tzinfo=None) == wall
    assert oncall.turn_index(plan, tz, oncall.handover(plan, tz, index)) == index


# --- the sample's rota --------------------------------------------------------------------


def test_the_sample_says_who_is_on_call_at_the_frozen_clock(ws: Path) -> None:
    data = load_workspace(ws)
    found = oncall.on_call_at(data, clock.now())  # Sunday 22 November 2026, 10:00 Madrid
    assert found is not None and found.now is not None and found.next is not None
    assert (found.now.name, found.now.phone) == ("Sofía Navarro Prieto", "+34 617 93 40 25")
    assert found.until is not None and local(found.until) == "Mon 2026-11-23 09:00"
    # Ana's turn is cut on Wednesday afternoon by an override (her training)
    assert found.next.name == "Ana Ruiz Beltrán"
    assert found.next.end is not None and local(found.next.end) == "Wed 2026-11-25 15:00"
    holders = oncall.role_holders(data, "on-call", clock.now())
    assert [h.person for h in holders] == ["sofia-navarro"]
    legal = oncall.role_holders(data, "legal-counsel", clock.now())
    assert [h.person for h in legal] == ["beatriz-soler", "tomas-aguirre"]
    lead = oncall.role_holders(data, "social-media-lead", clock.now())
    assert [(h.person, h.deputy) for h in lead] == [("ana-ruiz", False), ("raul-santos", True)]
