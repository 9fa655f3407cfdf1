"""Shared by the health tests: a small healthy workspace written to disk, then checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smgov_tui.core.checks import check_workspace
from smgov_tui.core.problems import Problem
from smgov_tui.store.loader import load_workspace

TODAY = dt.date(2026, 11, 22)

BASE: dict[str, str] = {
    "workspace.toml": (
        'organisation = "Shop"\ntimezone = "Europe/Madrid"\ndefault_response_hours = 24\n'
        'language = "en"\n\n[plan]\ndepartments = ["Marketing"]\nowner = "ana-ruiz"\n'
        'evangelists = ["ben-ortiz"]\napproved_by = "Board"\napproved_on = 2026-09-01\n'
        "next_review = 2027-03-01\n"
    ),
    "protocols/management.toml": (
        'purpose = "Sell"\nreview_cadence_days = 90\n\n'
        '[[roles]]\nid = "community-manager"\ntitle = "CM"\n\n'
        '[[response_times]]\nchannel = "comments"\nhours = 12\n'
    ),
    "owners/ana-ruiz.toml": (
        'name = "Ana Ruiz"\nrole = "community-manager"\ndepartment = "Marketing"\n'
        'trained_on = 2026-10-01\n\n[working_hours]\ndays = ["mon", "tue", "wed", "thu", "fri"]\n'
        'start = "09:00"\nend = "18:00"\n'
    ),
    "owners/ben-ortiz.toml": (
        'name = "Ben Ortiz"\ndepartment = "Marketing"\ntrained_on = 2026-10-01\n\n'
        '[working_hours]\ndays = ["sat", "sun"]\nstart = "09:00"\nend = "18:00"\n'
    ),
    "accounts/ig-tienda.toml": (
        'network = "instagram"\nhandle = "@tienda"\ndepartment = "Marketing"\n'
        'purpose = "Customers"\nowner = "ana-ruiz"\nbackup_owner = "ben-ortiz"\n'
        "last_reviewed = 2026-11-01\n"
    ),
    "contacts/lawyer.toml": 'name = "Law"\nkind = "legal"\nphone = "+34 600 123 456"\n',
    "contacts/ceo.toml": 'name = "CEO"\nkind = "executive"\nphone = "+34 600 123 457"\n',
    "contacts/agency.toml": 'name = "PR"\nkind = "pr_agency"\nphone = "+34 600 123 458"\n',
}


def run(tmp_path: Path, today: dt.date = TODAY, **changes: str | None) -> list[Problem]:
    """Write BASE with ``changes`` and check it.

    A change's key is the path with ``/`` written ``__``, ``-`` written ``_`` and ``.toml``
    written ``_toml`` (``accounts__ig_tienda_toml``); None removes the file.
    """
    files = dict(BASE)
    for key, value in changes.items():
        path = key.replace("_toml", ".toml").replace("__", "/").replace("_", "-")
        if value is None:
            files.pop(path, None)
        else:
            files[path] = value
    root = tmp_path / "ws"
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return check_workspace(load_workspace(root), today)


def only(problems: list[Problem], code: str) -> list[Problem]:
    """The problems with rule ``code``."""
    return [p for p in problems if p.code == code]
