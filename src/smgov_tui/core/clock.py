"""The clock every part of smgov reads, so tests and demos can freeze time.

``SMGOV_NOW`` (an ISO 8601 date-time with offset, e.g. ``2026-11-22T21:05:00+01:00``) freezes
it; otherwise it is the real time.
"""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """The current time, timezone-aware."""
    frozen = os.environ.get("SMGOV_NOW")
    if frozen:
        value = dt.datetime.fromisoformat(frozen)
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.now().astimezone()


def today() -> dt.date:
    """The current date in local time."""
    return now().date()
