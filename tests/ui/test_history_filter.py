"""History a person can read: filtered by text, kind and author, the crisis log hidden until
asked for, local time with its zone, and a refused revert said in one plain sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from smgov_tui.core import kinds as k
from smgov_tui.store.errors import StoreError
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.present.history_filter import HistoryFilter, is_crisis_log, kind_of, local_date
from smgov_tui.ui.widgets.history import HistoryView
from tests.helpers.git import git
from tests.helpers.ui import loaded, notices, run_async, settle, static_text

SIZE = (120, 40)


def test_dates_are_local_with_their_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Madrid")  # as conftest does; the zone the person set
    # a commit made in New York at 04:00 is 10:00 in Madrid, and says so
    assert local_date("2026-11-22T04:00:00-05:00") == "2026-11-22 10:00 CET"
    assert local_date("2026-07-01T08:00:00+00:00") == "2026-07-01 10:00 CEST"


def test_kinds_and_crisis_log_steps_are_told_from_the_subject() -> None:
    assert kind_of("accounts: set owner of x to y") == "accounts"
    assert kind_of('Revert "accounts: x"') == "" and kind_of("init") == ""
    assert is_crisis_log("incidents: 2026-11-22-hacked-account done lock-account")
    assert not is_crisis_log("incidents: open 2026-11-22-hacked-account (hacked-account, high)")
    assert not is_crisis_log("incidents: close 2026-11-22-hacked-account")
    assert not is_crisis_log("accounts: add incidents-bot")


def _commit(subject: str, author: str = "Ana") -> object:
    class C:
        pass

    c = C()
    c.subject, c.author, c.email, c.date = subject, author, "a@x.org", ""  # type: ignore[attr-defined]
    return c


def test_the_filter_keeps_what_the_person_asked_for() -> None:
    step = _commit("incidents: 2026-x done call")
    save = _commit("accounts: set department of x-olmedo to Prensa", "Bea")
    assert not HistoryFilter().keeps(step)  # type: ignore[arg-type]
    assert HistoryFilter(crisis_log=True).keeps(step)  # type: ignore[arg-type]
    assert HistoryFilter(text="PRENSA").keeps(save)  # type: ignore[arg-type]
    assert HistoryFilter(text="bea").keeps(save)  # type: ignore[arg-type]
    assert not HistoryFilter(kind="owners").keeps(save)  # type: ignore[arg-type]
    assert not HistoryFilter(author="Ana").keeps(save)  # type: ignore[arg-type]


def _rows(view: HistoryView) -> list[str]:
    return [view.table.get_row_at(i)[2].plain for i in range(view.table.row_count)]


@run_async
async def test_the_workspace_history_filters_and_hides_the_crisis_log(
    ws: Path, store: Store
) -> None:
    incidents = Incidents(store)
    opened = incidents.create("hacked-account", "high")
    incidents.act(opened, "note", "Llamada a la agencia")
    bea = Store.open(ws, "Bea Gil <bea@example.org>")
    bea.load()
    entry = bea.data.entry(k.ACCOUNTS, "x-olmedo")
    assert entry is not None
    bea.save(k.ACCOUNTS, "x-olmedo", {**entry.raw, "department": "Prensa"}, entry.text)
    total = int(git(ws, "rev-list", "--count", "HEAD"))
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("7")
        await settle(pilot)
        view = app.screen.query_one("#section-history", HistoryView)
        rows = _rows(view)
        assert len(rows) == total - 1  # the note is hidden; the opening stays
        assert not any("note" in row for row in rows)
        assert any(row.startswith("incidents: open ") for row in rows)
        shown = static_text(view.query_one(".history-shown", Static))
        assert shown == f"{total - 1} of {total} commits listed; crisis log hidden (i shows it)."
        await pilot.press("i")
        await settle(pilot)
        assert len(_rows(view)) == total
        await pilot.press("i")
        await pilot.press("slash")
        assert app.focused is view.query_one("#history-text", Input)
        await pilot.press(*"prensa")
        await settle(pilot)
        assert _rows(view) == ["accounts: set department of x-olmedo to Prensa"]
        view.query_one("#history-text", Input).value = ""
        view.query_one("#history-author", Select).value = "Bea Gil"
        await settle(pilot)
        assert _rows(view) == ["accounts: set department of x-olmedo to Prensa"]
        view.query_one("#history-author", Select).clear()
        view.query_one("#history-kind", Select).value = "incidents"
        await settle(pilot)
        assert [row.split(" ")[1] for row in _rows(view)] == ["open"]
        # the date column says which clock it is read on
        assert view.table.get_row_at(0)[0].plain.endswith((" CET", " CEST"))


def _two_edits_of_one_line(store: Store) -> str:
    """Two commits changing the same line; the sha of the first."""
    for department in ("Prensa", "Comunicación"):
        entry = store.data.entry(k.ACCOUNTS, "x-olmedo")
        assert entry is not None
        store.save(k.ACCOUNTS, "x-olmedo", {**entry.raw, "department": department}, entry.text)
    return git(store.root, "rev-parse", "HEAD~1").strip()


def test_a_refused_revert_is_one_plain_sentence(store: Store, ws: Path) -> None:
    sha = _two_edits_of_one_line(store)
    with pytest.raises(StoreError) as refused:
        store.revert(sha)
    message = str(refused.value)
    assert message == (
        f"Cannot revert {sha[:8]}: later commits changed the same lines of "
        "accounts/x-olmedo.toml. Nothing was changed; edit the record to undo it by hand."
    )
    assert "hint" not in message and git(ws, "status", "--porcelain") == ""


@run_async
async def test_the_app_says_the_refused_revert_in_that_sentence(ws: Path, store: Store) -> None:
    sha = _two_edits_of_one_line(store)
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("7")
        await settle(pilot)
        view = app.screen.query_one("#section-history", HistoryView)
        view.table.move_cursor(row=1)
        await settle(pilot)
        assert view.current_sha == sha
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        said = [str(n.message) for n in notices(app) if n.title == "Not reverted"]
        assert said and said[-1].startswith(f"Cannot revert {sha[:8]}: later commits changed")
        assert "hint:" not in said[-1]
    assert git(ws, "status", "--porcelain") == ""


@run_async
async def test_the_hidden_history_reads_nothing_until_shown_then_shows_the_newest(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        view = app.screen.query_one("#section-history", HistoryView)
        assert view.stale and view.table.row_count == 0  # behind the Overview: nothing read
        bea = Store.open(ws, "Bea Gil <bea@example.org>")
        bea.load()
        entry = bea.data.entry(k.ACCOUNTS, "x-olmedo")
        assert entry is not None
        bea.save(k.ACCOUNTS, "x-olmedo", {**entry.raw, "department": "Prensa"}, entry.text)
        app.refresh_data()  # as the disk watcher does after a commit made outside
        await settle(pilot)
        assert view.stale and view.table.row_count == 0
        await pilot.press("7")
        await settle(pilot)
        assert not view.stale
        assert _rows(view)[0] == "accounts: set department of x-olmedo to Prensa"
        assert view.current_sha == git(ws, "rev-parse", "HEAD").strip()
