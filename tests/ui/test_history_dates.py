"""History shows its dates as crisis mode does: in the workspace's time zone, saying which
(it showed the commit's own offset, UTC on a machine set to UTC, without saying so)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from smgov_tui.ui.widgets.history import short_date


def test_a_commit_made_in_utc_reads_in_the_workspace_zone_with_its_name() -> None:
    madrid = ZoneInfo("Europe/Madrid")
    assert short_date("2026-11-22T09:00:00+00:00", madrid) == "2026-11-22 10:00 CET"
    assert short_date("2026-07-01T09:00:00+00:00", madrid) == "2026-07-01 11:00 CEST"


def test_a_date_git_wrote_oddly_is_shown_as_written() -> None:
    assert short_date("not a date at all") == "not a date at all"[:16]
