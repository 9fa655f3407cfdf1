"""The Review section (key 9): accounts due for review, overdue first; r marks one reviewed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.pilot import Pilot

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.widgets.review import ReviewList
from tests.helpers.git import git, subjects
from tests.helpers.ui import loaded, notices, run_async, settle, until


def make_overdue(store: Store, account_id: str, reviewed: dt.date) -> None:
    entry = store.data.entry(k.ACCOUNTS, account_id)
    assert entry is not None
    store.save(k.ACCOUNTS, account_id, {**entry.raw, "last_reviewed": reviewed}, entry.text)


async def to_review(pilot: Pilot[Any]) -> ReviewList:
    await loaded(pilot)
    await pilot.press("9")
    await settle(pilot)
    return pilot.app.screen.query_one("#section-review", ReviewList)


@run_async
async def test_r_marks_the_overdue_account_reviewed_in_one_commit(store: Store) -> None:
    make_overdue(store, "x-olmedo", dt.date(2026, 5, 1))  # due 2026-07-30: 115 days late
    make_overdue(store, "tiktok-olmedo", dt.date(2026, 8, 1))  # due 2026-10-30: 23 days late
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        review = await to_review(pilot)
        rows = [(row.key, row.cells[0].plain) for row in review.shown]
        assert rows == [
            ("accounts:x-olmedo", "overdue by 115 days"),
            ("accounts:tiktok-olmedo", "overdue by 23 days"),
        ]
        before = subjects(store.root)
        await pilot.press("r")  # the cursor is on the most overdue
        await settle(pilot)
        await until(pilot, lambda: len(review.shown) == 1, "the reviewed account leaves the list")
        assert subjects(store.root) == ["accounts: reviewed x-olmedo", *before]
        shown = git(store.root, "show", "HEAD:accounts/x-olmedo.toml")
        assert "last_reviewed = 2026-11-22" in shown
        assert "Saved: accounts: reviewed x-olmedo" in [n.message for n in notices(app)]
        assert [row.key for row in review.shown] == ["accounts:tiktok-olmedo"]


@run_async
async def test_nothing_due_says_so_and_r_renames_nothing(store: Store) -> None:
    app = SmgovApp(store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        review = await to_review(pilot)
        assert review.shown == []
        before = subjects(store.root)
        await pilot.press("r")
        await settle(pilot)
        assert subjects(store.root) == before
        assert "Choose an account in the list first." in [n.message for n in notices(app)]
