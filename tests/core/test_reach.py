"""Who can be reached now (``core.reach``): weekly hours in the contact's time zone, 24/7, or
unknown; reachable ones first, the others marked with when they are back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import msgspec
import pytest

from smgov_tui.core import records as r
from smgov_tui.core.reach import by_reach, days_label, hours_text, reach_at, reach_text
from smgov_tui.i18n import set_language

MADRID = ZoneInfo("Europe/Madrid")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def contact(**fields: object) -> r.Contact:
    return msgspec.convert({"name": "X", "kind": "legal", **fields}, r.Contact)


OFFICE = contact(reachable_hours=[{"days": WEEKDAYS, "start": "08:00", "end": "17:00"}])


def madrid(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=MADRID)


@pytest.fixture(autouse=True)
def english(language: None) -> None:
    """English for each test (a test may switch to Spanish); ``language`` puts back the one
    before."""
    set_language("en")


def test_an_office_contact_at_night_is_back_tomorrow_morning() -> None:
    now = madrid("2026-12-02 23:40")  # a Wednesday
    reach = reach_at(OFFICE, now, MADRID)
    assert reach.state == "later" and not reach.reachable
    assert reach.back == madrid("2026-12-03 08:00")
    assert reach_text(OFFICE, reach, now) == "outside hours — back tomorrow 08:00"


def test_on_friday_night_they_are_back_on_monday() -> None:
    now = madrid("2026-12-04 23:40")
    reach = reach_at(OFFICE, now, MADRID)
    assert reach.back == madrid("2026-12-07 08:00")
    assert reach_text(OFFICE, reach, now) == "outside hours — back Mon 08:00"


def test_early_in_the_morning_they_are_back_today() -> None:
    now = madrid("2026-12-02 06:15")
    assert reach_text(OFFICE, reach_at(OFFICE, now, MADRID), now) == (
        "outside hours — back at 08:00"
    )


def test_inside_the_hours_they_are_reachable_until_the_end() -> None:
    now = madrid("2026-12-02 10:00")
    reach = reach_at(OFFICE, now, MADRID)
    assert reach.state == "now" and reach.reachable
    assert reach_text(OFFICE, reach, now) == "reachable now, until 17:00"
    end = madrid("2026-12-02 17:00")  # the end is not inside
    assert reach_at(OFFICE, end, MADRID).state == "later"


def test_a_night_shift_runs_past_midnight() -> None:
    night = contact(reachable_hours=[{"days": ["mon"], "start": "22:00", "end": "06:00"}])
    now = madrid("2026-12-01 02:00")  # Tuesday 02:00: Monday's shift
    reach = reach_at(night, now, MADRID)
    assert reach.state == "now" and reach.until == madrid("2026-12-01 06:00")


def test_a_contact_elsewhere_is_read_on_their_clock_with_its_zone() -> None:
    mexico = contact(
        timezone="America/Mexico_City",
        reachable_hours=[{"days": WEEKDAYS, "start": "09:00", "end": "18:00"}],
    )
    now = madrid("2026-12-02 10:00")  # 03:00 in Mexico City
    reach = reach_at(mexico, now, MADRID)
    assert reach.state == "later"
    assert reach.back == dt.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("America/Mexico_City"))
    assert reach_text(mexico, reach, now) == "outside hours — back at 09:00 CST"


def test_hours_keep_their_wall_clock_across_a_daylight_saving_change() -> None:
    now = madrid("2026-03-28 20:00")  # Saturday; clocks go forward on Sunday the 29th
    reach = reach_at(OFFICE, now, MADRID)
    assert reach.back == madrid("2026-03-30 08:00")
    assert reach.back is not None and reach.back.utcoffset() == dt.timedelta(hours=2)


def test_24_7_and_unknown_hours_and_the_note() -> None:
    now = madrid("2026-12-02 23:40")
    always = contact(always_reachable=True, availability="crisis line in the contract")
    assert reach_text(always, reach_at(always, now, MADRID), now) == (
        "reachable now (24/7) · crisis line in the contract"
    )
    unknown = contact(availability="Mon-Fri 9-18")  # an older file: free text only
    reach = reach_at(unknown, now, MADRID)
    assert reach.state == "unknown" and not reach.reachable
    assert reach_text(unknown, reach, now) == "hours not recorded · Mon-Fri 9-18"


def test_an_old_free_text_contact_file_still_loads() -> None:
    old = b'name = "Ana"\nkind = "legal"\navailability = "Monday to Friday 8:00 to 17:00"\n'
    import tomllib

    loaded = msgspec.convert(tomllib.loads(old.decode()), r.Contact)
    assert loaded.availability == "Monday to Friday 8:00 to 17:00"
    assert loaded.reachable_hours == [] and not loaded.always_reachable


def test_reachable_first_then_unknown_then_soonest_back() -> None:
    now = madrid("2026-12-04 23:40")  # Friday night
    saturday = contact(reachable_hours=[{"days": ["sat"], "start": "08:00", "end": "20:00"}])
    rows = by_reach(
        [
            ("office", OFFICE),
            ("unknown", contact()),
            ("saturday", saturday),
            ("always", contact(always_reachable=True)),
        ],
        now,
        MADRID,
    )
    assert [cid for cid, _c, _reach in rows] == ["always", "unknown", "saturday", "office"]


def test_hours_in_short_in_either_language() -> None:
    six = contact(
        timezone="Europe/Madrid",
        reachable_hours=[{"days": [*WEEKDAYS, "sat"], "start": "08:00", "end": "20:00"}],
    )
    assert hours_text(six) == "Mon–Sat 08:00–20:00 (Europe/Madrid)"
    assert hours_text(contact(always_reachable=True)) == "24/7"
    assert hours_text(contact()) == ""
    assert days_label(["mon", "wed"]) == "Mon, Wed"
    set_language("es")
    assert hours_text(six).startswith("lun–sáb 08:00–20:00")
    now = madrid("2026-12-04 23:40")
    assert reach_text(OFFICE, reach_at(OFFICE, now, MADRID), now) == (
        "fuera de horario — vuelve el lun a las 08:00"
    )
