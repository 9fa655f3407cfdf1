"""What the history shows: commits filtered by text, kind and author, crisis log steps hidden
unless asked for, and dates in the reader's own time with its zone.

Pure (no textual, no git): the history widget reads the commits and asks this module which to
list and how to write their dates.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from dataclasses import dataclass
from typing import Protocol

from smgov_tui.core import kinds as k


class _Commit(Protocol):
    """What the filter reads of a commit (``store.git.Commit`` has it)."""

    @property
    def author(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def subject(self) -> str: ...


_KIND_NAMES = frozenset(kind.name for kind in k.ALL_KINDS)


def kind_of(subject: str) -> str:
    """The kind a commit changed, from its subject (``accounts: add x`` -> ``accounts``), or
    "" for a commit not made by smgov (``init``, a hand commit, a merge)."""
    head, colon, _rest = subject.partition(":")
    return head if colon and head in _KIND_NAMES else ""


def is_crisis_log(subject: str) -> bool:
    """True for a crisis step logged during an incident (done, skipped, note, escalated,
    back, resumed): one commit each, dozens per crisis. Opening and closing an incident are
    not log steps: they stay in the history with everything else."""
    if kind_of(subject) != k.INCIDENTS.name:
        return False
    rest = subject.partition(":")[2].strip()
    return not rest.startswith(("open ", "close "))


@dataclass(frozen=True)
class HistoryFilter:
    """The person's choice: text to find, one kind, one author, crisis log shown or not."""

    text: str = ""
    """Found (ignoring case) in the subject, the author's name or email."""
    kind: str = ""
    """A kind's name (``accounts``), or "" for every kind."""
    author: str = ""
    """An author's name exactly as listed, or "" for everybody."""
    crisis_log: bool = False
    """Show the crisis log steps (hidden by default: they flood the history)."""

    def keeps(self, commit: _Commit) -> bool:
        """True when ``commit`` is listed."""
        if not self.crisis_log and is_crisis_log(commit.subject):
            return False
        if self.kind and kind_of(commit.subject) != self.kind:
            return False
        if self.author and commit.author != self.author:
            return False
        needle = self.text.strip().casefold()
        if needle:
            haystack = f"{commit.subject}\n{commit.author}\n{commit.email}".casefold()
            return needle in haystack
        return True


def local_date(iso: str) -> str:
    """A commit's date (ISO 8601 with the author's offset) in the reader's local time, with
    its zone: ``2026-11-22T10:00:00+01:00`` -> ``2026-11-22 10:00 CET`` in Madrid. Git keeps the
    author's own offset; shown as written, two people's commits an hour apart could appear in
    the wrong order, and nothing would say which clock they were read on."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso[:16].replace("T", " ")
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    local = moment.astimezone(_local_zone())
    zone = local.tzname() or local.strftime("%z")
    if zone.startswith(("+", "-")) and len(zone) == 3:  # "+01" where the zone has no name
        zone = "UTC" + zone
    return f"{local:%Y-%m-%d %H:%M} {zone}"


def _local_zone() -> dt.tzinfo | None:
    """The reader's time zone: ``TZ`` when it names one (``Europe/Madrid``), read as the
    environment says now; else None (the system's, as ``astimezone()`` finds it). Python
    reads ``TZ`` once at start (``time.tzset`` again): asking for it here keeps what is
    shown the zone the person set."""
    name = os.environ.get("TZ", "").removeprefix(":")
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
