"""Response coverage: time zones, working hours, and daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from smgov_tui.core import coverage as cov
from smgov_tui.core import records as r
from smgov_tui.core.checks import check_workspace
from smgov_tui.store.loader import load_workspace
from tests.helpers.health import BASE, TODAY, only, run

MADRID = ZoneInfo("Europe/Madrid")
MEXICO = ZoneInfo("America/Mexico_City")  # no daylight saving since 2022
NEW_YORK = ZoneInfo("America/New_York")
EVERY_DAY = list(r.WEEKDAYS)


def person(
    pid: str, tz: ZoneInfo, start: str, end: str, days: list[str] | None = None
) -> cov.Person:
    hours = r.WorkingHours(days=EVERY_DAY if days is None else days, start=start, end=end)  # type: ignore[arg-type]
    return cov.Person(pid, hours, tz)


def labels(gaps: list[cov.Gap]) -> list[str]:
    return [g.label for g in gaps]


def test_office_hours_leave_the_weekend_uncovered() -> None:
    ana = person("ana", MADRID, "09:00", "18:00", ["mon", "tue", "wed", "thu", "fri"])
    gaps = cov.coverage_gaps([ana], 24, MADRID, dt.date(2026, 11, 22))
    # Friday 18:00 to Monday 09:00 is 63 h: anything arriving before Sunday 09:00 waits > 24 h
    assert [(g.label, g.weeks) for g in gaps] == [("Fri 18:00–Sun 09:00", 4)]


def test_a_weekend_backup_closes_the_gap() -> None:
    ana = person("ana", MADRID, "09:00", "18:00", ["mon", "tue", "wed", "thu", "fri"])
    ben = person("ben", MADRID, "09:00", "18:00", ["sat", "sun"])
    assert cov.coverage_gaps([ana, ben], 24, MADRID, dt.date(2026, 11, 22)) == []


def test_short_sla_shows_every_night() -> None:
    ana = person("ana", MADRID, "09:00", "18:00", ["mon", "tue", "wed", "thu", "fri"])
    gaps = labels(cov.coverage_gaps([ana], 4, MADRID, dt.date(2026, 11, 22)))
    assert "Mon–Thu 18:00–05:00 (next day)" not in gaps  # Mon–Fri is the only joined range
    assert "Mon, Tue, Wed, Thu 18:00–05:00 (next day)" in gaps
    assert "Fri 18:00–Mon 05:00" in gaps


def test_time_zones_add_up_across_the_ocean() -> None:
    # Madrid 08:00-16:00 and Mexico City 09:00-17:00 cover 07:00-23:00 UTC in winter
    ana = person("ana", MADRID, "08:00", "16:00")
    bea = person("bea", MEXICO, "09:00", "17:00")
    assert cov.coverage_gaps([ana, bea], 9, MADRID, dt.date(2027, 1, 10)) == []
    # alone, Madrid leaves 16 h every night
    assert labels(cov.coverage_gaps([ana], 9, MADRID, dt.date(2027, 1, 10))) == [
        "every day 16:00–23:00"
    ]


def test_daylight_saving_opens_a_gap_only_in_some_weeks() -> None:
    # Madrid 10:00-18:00, Mexico City 09:00-17:00, 9 h to answer.
    # Winter (CET, UTC+1): Mexico stops at 23:00 UTC, Madrid starts 09:00 UTC: a 10 h night.
    # Summer (CEST, UTC+2): Madrid starts 08:00 UTC: a 9 h night, covered.
    ana = person("ana", MADRID, "10:00", "18:00")
    bea = person("bea", MEXICO, "09:00", "17:00")
    winter = cov.coverage_gaps([ana, bea], 9, MADRID, dt.date(2027, 1, 10))
    assert [(g.label, g.weeks) for g in winter] == [("every day 00:00–01:00", 4)]
    summer = cov.coverage_gaps([ana, bea], 9, MADRID, dt.date(2027, 4, 5))
    assert summer == []
    # Madrid moves its clocks on 2027-03-28: only the first two weeks from 03-15 have the gap
    spring = cov.coverage_gaps([ana, bea], 9, MADRID, dt.date(2027, 3, 15))
    assert spring and all(g.weeks <= 2 for g in spring)
    assert spring[0].first_seen == dt.date(2027, 3, 15)
    assert all(g.first_seen < dt.date(2027, 3, 28) for g in spring)


def test_us_and_eu_change_clocks_on_different_sundays() -> None:
    # New York 09:00-17:00 hands over to Madrid 09:00-17:00 with 14 h to answer.
    # Usually New York stops at 22:00 UTC and Madrid starts at 08:00 (winter) or 07:00 (summer).
    # From 2027-03-14 to 03-28 New York is on EDT but Madrid still on CET: New York stops at
    # 21:00 UTC and Madrid starts at 08:00 UTC, an 11 h night: still fine with 14 h, but with
    # 10 h to answer only those two weeks fail.
    ny = person("nick", NEW_YORK, "09:00", "17:00")
    ana = person("ana", MADRID, "09:00", "17:00")
    before = cov.coverage_gaps([ny, ana], 10, MADRID, dt.date(2027, 2, 1))
    assert before == []
    mixed = cov.coverage_gaps([ny, ana], 10, MADRID, dt.date(2027, 3, 8))
    assert mixed, "the weeks with different DST must show a gap"
    assert all(dt.date(2027, 3, 14) <= g.first_seen < dt.date(2027, 3, 28) for g in mixed)
    assert labels(mixed) == ["every day 22:00–23:00"]
    assert mixed[0].weeks == 2


def test_overnight_shift_and_24_00() -> None:
    night = person("nina", MADRID, "22:00", "06:00")
    day = person("dani", MADRID, "06:00", "24:00")
    assert cov.coverage_gaps([night, day], 1, MADRID, dt.date(2026, 11, 22)) == []


def test_nobody_at_all() -> None:
    nobody = person("x", MADRID, "09:00", "18:00", [])
    gaps = cov.coverage_gaps([nobody], 24, MADRID, dt.date(2026, 11, 22))
    assert labels(gaps) == ["at all times"]


# --- the rule in check ----------------------------------------------------------------------


def test_rule_reports_gap_with_account_and_time_zone(tmp_path: Path) -> None:
    found = only(run(tmp_path, owners__ben_ortiz_toml=None), "coverage-gap")
    # ben-ortiz is gone: the backup is dangling, ana works Mon-Fri only
    assert [p.message for p in found] == [
        "Fri 18:00–Sun 09:00 (Europe/Madrid): nobody covers ig-tienda within 24 h"
    ]
    assert found[0].path == "accounts/ig-tienda.toml" and found[0].severity == "warning"
    assert found[0].line == 5  # the owner line


def test_rule_uses_account_sla_and_names_that_field(tmp_path: Path) -> None:
    account = BASE["accounts/ig-tienda.toml"] + "response_sla_hours = 2\n"
    found = only(run(tmp_path, accounts__ig_tienda_toml=account), "coverage-gap")
    assert found and all(p.field == "response_sla_hours" and p.line == 8 for p in found)
    assert all("within 2 h" in p.message for p in found)


def test_rule_annotates_a_daylight_saving_gap(tmp_path: Path) -> None:
    ana = BASE["owners/ana-ruiz.toml"].replace(
        'days = ["mon", "tue", "wed", "thu", "fri"]\nstart = "09:00"\nend = "18:00"',
        'days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\nstart = "09:00"\nend = "17:00"',
    )
    ben = (
        'name = "Ben Ortiz"\ndepartment = "Marketing"\ntrained_on = 2026-10-01\n'
        'timezone = "America/New_York"\n\n[working_hours]\n'
        'days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\nstart = "09:00"\nend = "17:00"\n'
    )
    account = BASE["accounts/ig-tienda.toml"].replace("2026-11-01", "2027-03-01")
    account += "response_sla_hours = 10\n"
    found = only(
        run(
            tmp_path,
            dt.date(2027, 3, 8),
            owners__ana_ruiz_toml=ana,
            owners__ben_ortiz_toml=ben,
            accounts__ig_tienda_toml=account,
        ),
        "coverage-gap",
    )
    assert [p.message for p in found] == [
        "every day 22:00–23:00 (Europe/Madrid) in 2 of the next 4 weeks, first on 2027-03-14: "
        "nobody covers ig-tienda within 10 h"
    ]


def test_owner_without_working_hours_is_unknown_coverage(tmp_path: Path) -> None:
    ben = 'name = "Ben Ortiz"\ndepartment = "Marketing"\ntrained_on = 2026-10-01\n'
    problems = run(tmp_path, owners__ben_ortiz_toml=ben)
    found = only(problems, "coverage-unknown")
    assert [(p.path, p.severity) for p in found] == [("accounts/ig-tienda.toml", "warning")]
    assert "ben-ortiz has no working hours" in found[0].message  # the label, not the key
    assert only(problems, "coverage-gap") == []  # unknown, not guessed


def test_unknown_time_zone_is_unknown_coverage(tmp_path: Path) -> None:
    ben = BASE["owners/ben-ortiz.toml"].replace(
        "trained_on", 'timezone = "Mars/Olympus"\ntrained_on'
    )
    found = only(run(tmp_path, owners__ben_ortiz_toml=ben), "coverage-unknown")
    assert len(found) == 1 and "Mars/Olympus" in found[0].message


def test_paused_account_is_not_checked_for_coverage(tmp_path: Path) -> None:
    account = BASE["accounts/ig-tienda.toml"] + 'status = "paused"\n'
    problems = run(tmp_path, owners__ben_ortiz_toml=None, accounts__ig_tienda_toml=account)
    assert only(problems, "coverage-gap") == []


# --- the on-call rota counts (on the sample's real files) ---------------------------------


def _sample_gaps(ws: Path, answers_messages: bool) -> list[str]:
    """Coverage gaps of the sample's @ultramarinosolmedo with a 4-hour response time."""
    account = ws / "accounts/instagram-olmedo.toml"
    text = account.read_text(encoding="utf-8")
    account.write_text(
        text.replace('status = "active"\n', 'status = "active"\nresponse_sla_hours = 4\n'),
        encoding="utf-8",
    )
    if not answers_messages:
        mgmt = ws / "protocols/management.toml"
        text = mgmt.read_text(encoding="utf-8")
        mgmt.write_text(
            text.replace('role = "on-call"\n', 'role = "on-call"\nanswers_messages = false\n'),
            encoding="utf-8",
        )
    problems = check_workspace(load_workspace(ws), TODAY)
    return [
        p.message
        for p in only(problems, "coverage-gap")
        if p.path == "accounts/instagram-olmedo.toml"
    ]


def test_a_rota_that_answers_messages_covers_the_nights_and_weekends(ws: Path) -> None:
    # Ana and Javier work office hours: a 4-hour response time leaves nights and weekends,
    # but somebody of the rota (Ana or Sofía) is on call at every hour
    assert _sample_gaps(ws, answers_messages=True) == []


def test_a_crisis_only_rota_does_not_count(ws: Path) -> None:
    gaps = _sample_gaps(ws, answers_messages=False)
    assert gaps and any("Sat" in gap or "Fri" in gap for gap in gaps)
