"""``smgov oncall``: who is on call now, until when, and who comes next (read-only).

Read from the rota of the management protocol by :func:`smgov_tui.core.oncall.on_call_at`,
the function crisis mode and the app ask too, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any
from zoneinfo import ZoneInfo

import click

from smgov_tui.cli.common import EXIT_FOUND, EXIT_OK, directory_argument, fail, open_store
from smgov_tui.cli.output import echo
from smgov_tui.core import clock, oncall
from smgov_tui.core.escape import json_safe
from smgov_tui.i18n import _


def _when(text: str | None) -> dt.datetime:
    """``--at`` as an aware instant (a time without an offset is this computer's local time);
    the clock's now when not given."""
    if not text:
        return clock.now()
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(
            _(
                '--at "{value}" is not a date and time; write it like 2026-12-24T22:00 '
                "(or with an offset, 2026-12-24T22:00+01:00)"
            ).format(value=text)
        )
    return value if value.tzinfo else value.astimezone()


def _shift_json(shift: oncall.Shift | None, tz: ZoneInfo) -> dict[str, Any] | None:
    if shift is None:
        return None
    return {
        "person": shift.person,
        "name": shift.name,
        "phone": shift.phone,
        "active": shift.active,
        "from": shift.start.astimezone(tz).isoformat(),
        "until": shift.end.astimezone(tz).isoformat() if shift.end else None,
        "reason": shift.reason,
    }


def _who(shift: oncall.Shift) -> str:
    """``Name, phone`` (``Name, no phone``), and a warning when nobody will answer."""
    who = (
        f"{shift.name}, {shift.phone}"
        if shift.phone
        else _("{name}, no phone").format(name=shift.name)
    )
    if not shift.active:
        who += " " + _("(inactive or unknown: nobody will answer; smgov check says why)")
    return who


def _text(found: oncall.OnCall) -> list[str]:
    zone = oncall.zone_label(found.tz)
    lines: list[str] = []
    now, upcoming = found.now, found.next
    if now is None:
        lines.append(_("On call now: nobody (a gap in the rota; smgov check says why)"))
    elif now.end is None:
        lines.append(_("On call now: {who} — no handover due").format(who=_who(now)) + f" ({zone})")
    else:
        lines.append(
            _("On call now: {who} — until {until}").format(
                who=_who(now), until=oncall.moment_label(now.end, found.tz)
            )
            + f" ({zone})"
        )
    if now is not None and now.reason:
        lines.append("  " + _("Why: {reason}").format(reason=now.reason))
    if upcoming is not None:
        start = oncall.moment_label(upcoming.start, found.tz)
        if upcoming.end is None:
            line = _("Next: {who} — from {start}").format(who=_who(upcoming), start=start)
        else:
            line = _("Next: {who} — from {start} until {until}").format(
                who=_who(upcoming),
                start=start,
                until=oncall.moment_label(upcoming.end, found.tz),
            )
        lines.append(line + f" ({zone})")
        if upcoming.reason:
            lines.append("  " + _("Why: {reason}").format(reason=upcoming.reason))
    return lines


@click.command("oncall")
@directory_argument()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=_("Output format.")
)
@click.option(
    "--at",
    "at",
    default=None,
    metavar="DATE-TIME",
    help=_("Ask about another moment, e.g. 2026-12-24T22:00 (default: now)."),
)
def oncall_cmd(directory: str | None, fmt: str, at: str | None) -> None:
    """Who is on call now (name, phone, until when) and who is next, from the rota of the
    management protocol. Exit 0: somebody active is on call; 1: nobody (no rota, a gap, an
    inactive person); 2: cannot run. Writes nothing."""
    when = _when(at)
    store = open_store(directory)
    found = oncall.on_call_at(store.data, when)
    answered = found is not None and found.now is not None and found.now.active
    if fmt == "json":
        document: dict[str, Any] = {"workspace": str(store.root), "rota": found is not None}
        if found is not None:
            document.update(
                {
                    "at": found.when.astimezone(found.tz).isoformat(),
                    "timezone": oncall.zone_label(found.tz),
                    "role": found.role,
                    "now": _shift_json(found.now, found.tz),
                    "next": _shift_json(found.next, found.tz),
                }
            )
        echo(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
    elif found is None:
        echo(
            _(
                "{root} has no on-call rota (or its time zone is unknown): add [rota] to "
                "protocols/management.toml (docs/workspace.md shows how); smgov check {root} "
                "says what is wrong with one"
            ).format(root=store.root),
            err=True,
        )
    else:
        for line in _text(found):
            echo(line)
    sys.exit(EXIT_OK if answered else EXIT_FOUND)
