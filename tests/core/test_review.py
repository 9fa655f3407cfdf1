"""Which accounts are due for review: the cadence as a list, overdue first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smgov_tui.core.review import due_for_review
from smgov_tui.store.loader import load_workspace
from tests.helpers.health import BASE, TODAY, run


def _data(tmp_path: Path, **accounts: str) -> object:
    files = {f"accounts__{name}_toml": text for name, text in accounts.items()}
    run(tmp_path, **files)  # writes the workspace
    return load_workspace(tmp_path / "ws")


def _account(reviewed: str | None, status: str = "active") -> str:
    text = BASE["accounts/ig-tienda.toml"].replace("last_reviewed = 2026-11-01\n", "")
    if reviewed:
        text += f"last_reviewed = {reviewed}\n"
    return text + f'status = "{status}"\n'


def test_overdue_first_then_by_due_date_and_never_reviewed_leads(tmp_path: Path) -> None:
    data = _data(
        tmp_path,
        ig_tienda=_account("2026-11-01"),  # due 2027-01-30: far off
        soon=_account("2026-09-01").replace("@tienda", "@soon"),  # due 2026-11-30: in 8 days
        late=_account("2026-08-01").replace("@tienda", "@late"),  # due 2026-10-30: 23 late
        later=_account("2026-08-10").replace("@tienda", "@later"),  # due 2026-11-08: 14 late
        never=_account(None).replace("@tienda", "@never"),
        old=_account("2020-01-01", "archived").replace("@tienda", "@old"),  # archived: never
    )
    due = due_for_review(data, 14, TODAY)  # type: ignore[arg-type]
    assert [(d.id, d.days_left, d.overdue) for d in due] == [
        ("never", None, True),
        ("late", -23, True),
        ("later", -14, True),
        ("soon", 8, False),
    ]
    assert [d.when() for d in due] == [
        "never reviewed",
        "overdue by 23 days",
        "overdue by 14 days",
        "due in 8 days",
    ]
    assert [d.id for d in due_for_review(data, 0, TODAY)] == ["never", "late", "later"]  # type: ignore[arg-type]


def test_the_list_agrees_with_the_overdue_rule(tmp_path: Path) -> None:
    """Due today is not yet overdue: the review-overdue warning starts the day after."""
    text = _account((TODAY - dt.timedelta(days=90)).isoformat())
    data = _data(tmp_path, ig_tienda=text)
    (today,) = due_for_review(data, 0, TODAY)  # type: ignore[arg-type]
    assert (today.days_left, today.overdue, today.when()) == (0, False, "due today")
    assert [p.code for p in run(tmp_path, accounts__ig_tienda_toml=text)] == []
    tomorrow = TODAY + dt.timedelta(days=1)
    (late,) = due_for_review(data, 0, tomorrow)  # type: ignore[arg-type]
    assert late.overdue
    assert "review-overdue" in [
        p.code for p in run(tmp_path, tomorrow, accounts__ig_tienda_toml=text)
    ]
