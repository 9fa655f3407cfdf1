"""Health and Overview: the figures (pure), the charts, and the two sections in the app."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Input, Static

from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.stats import Workload, first_response, health_summary, overview
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.charts import bar, bar_chart, stacked_chart
from smgov_tui.ui.widgets.health import HealthList
from smgov_tui.ui.widgets.overview import WORKLOAD_SHOWN, workload_chart
from tests.helpers.ui import loaded, notices, run_async, settle, static_text

SIZE = (120, 40)
TODAY = dt.date(2026, 11, 22)
NASTY = '[bold]x[/] [link="file:///etc/passwd"]y[/link] [@click=app.quit]z[/]'
T0 = dt.datetime(2026, 6, 18, 10, 0, tzinfo=dt.UTC)


def entry_at(minutes: int, action: str, step: str = "") -> r.LogEntry:
    return r.LogEntry(
        at=T0 + dt.timedelta(minutes=minutes), author="A <a@x.org>", action=action, step=step
    )  # type: ignore[arg-type]


PLAYBOOK = r.Playbook(
    title="P",
    steps=[
        r.Step(id="assess", title="Assess"),
        r.Step(id="publish", title="Publish", statement="holding"),
    ],
    statements=[r.Statement(id="holding", text="We are on it")],
)


def incident(*log: r.LogEntry) -> r.Incident:
    return r.Incident(playbook="p", severity="high", opened_at=T0, log=list(log))


# --- figures ----------------------------------------------------------------------------------


def test_first_response_is_the_first_statement_published() -> None:
    case = incident(
        entry_at(0, "opened"), entry_at(5, "done", "assess"), entry_at(40, "done", "publish")
    )
    assert first_response(case, PLAYBOOK) == dt.timedelta(minutes=40)


def test_first_response_falls_back_to_the_first_step_done_without_statements() -> None:
    case = incident(entry_at(0, "opened"), entry_at(12, "done", "assess"))
    # the playbook publishes a statement: doing another step is not the first response
    assert first_response(case, PLAYBOOK) is None
    no_statement = r.Playbook(title="P", steps=[r.Step(id="assess", title="Assess")])
    assert first_response(case, no_statement) == dt.timedelta(minutes=12)
    assert first_response(case, None) == dt.timedelta(minutes=12)


def test_no_response_yet() -> None:
    case = incident(entry_at(0, "opened"), entry_at(3, "note"), entry_at(5, "skipped", "assess"))
    assert first_response(case, PLAYBOOK) is None


def test_overview_counts_the_sample(store: Store) -> None:
    data = store.data
    figures = overview(data, TODAY)
    assert sum(n for _net, n in figures.by_network) == len(data.accounts)
    assert sum(n for _dep, n in figures.by_department) == len(data.accounts)
    assert dict(figures.by_status) == {
        status: sum(1 for a in data.accounts.values() if a.status == status)
        for status in {a.status for a in data.accounts.values()}
    }
    live = [a for a in data.accounts.values() if a.status != "archived"]
    assert sum(w.owner for w in figures.workload) == sum(1 for a in live if a.owner)
    assert sum(w.backup for w in figures.workload) == sum(1 for a in live if a.backup_owner)
    totals = [w.owner + w.backup for w in figures.workload]
    assert totals == sorted(totals, reverse=True)
    assert len(figures.months) == 12 and figures.months[-1].month == "2026-11"
    assert sum(m.count for m in figures.months) == len(data.incidents)
    for month in figures.months:
        if month.count:
            assert month.median_minutes is not None and month.median_minutes >= 0


def test_health_summary_shares(store: Store) -> None:
    data = store.data
    clean = health_summary(data, store.check(TODAY), TODAY)
    assert clean.accounts == sum(1 for a in data.accounts.values() if a.status != "archived")
    assert clean.with_owner_and_backup == clean.accounts
    assert clean.reachable == clean.contacts == len(data.contacts)
    break_the_sample(store)
    worse = health_summary(store.data, store.check(TODAY), TODAY)
    assert worse.reviewed_on_time == clean.reviewed_on_time - 1
    assert worse.reachable == clean.reachable - 1
    assert worse.errors >= 1 and worse.warnings >= 3
    assert worse.records[0].errors >= 1  # the record with errors comes first
    assert worse.share(1, 3) == 33 and worse.share(0, 0) == 100


# --- charts -----------------------------------------------------------------------------------


def test_bars_are_proportional() -> None:
    assert bar(10, 10, 8) == "█" * 8
    assert bar(5, 10, 8) == "█" * 4
    assert bar(1, 16, 8) == "▌"
    assert bar(0, 10, 8) == ""


def test_chart_labels_are_data_not_markup() -> None:
    chart = bar_chart([(NASTY, 3.0), ("b", 1.0)], width=200)
    assert NASTY in chart.plain
    assert chart.spans == [] or all(span.style != "link" for span in chart.spans)
    stacked = stacked_chart([(NASTY, 2, 1)], width=200)
    assert NASTY in stacked.plain and "2 + 1" in stacked.plain


def test_the_workload_chart_draws_the_busiest_and_counts_the_others() -> None:
    people = [Workload(f"p{n}", f"Person {n:03d}", owner=200 - n, backup=n % 3) for n in range(100)]
    chart = workload_chart(people, 60).plain.splitlines()
    assert len(chart) == WORKLOAD_SHOWN + 1
    assert chart[0].startswith("Person 000") and chart[WORKLOAD_SHOWN - 1].startswith("Person 029")
    assert chart[-1] == "… and 70 more people"
    assert workload_chart(people[: WORKLOAD_SHOWN + 1], 60).plain.endswith("… and 1 more person")
    assert len(workload_chart(people[:WORKLOAD_SHOWN], 60).plain.splitlines()) == WORKLOAD_SHOWN
    assert workload_chart([], 60).plain == "No account has an owner yet."
    nasty = workload_chart([Workload("x", NASTY, owner=1, active=False)], 200).plain
    assert nasty.startswith(NASTY[:23] + "…")  # a name is data, never markup (cut at 24)


# --- the app ----------------------------------------------------------------------------------


def _field(raw: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = {key: value for key, value in raw.items() if changes.get(key, 0) is not None}
    out.update({key: value for key, value in changes.items() if value is not None})
    return out


def break_the_sample(store: Store) -> None:
    """One overdue review, an untrained owner without working hours, an unreachable contact."""
    data = store.data
    account = data.entry(k.ACCOUNTS, "instagram-olmedo")
    owner = data.entry(k.OWNERS, "ana-ruiz")
    contact = data.entry(k.CONTACTS, sorted(data.contacts)[0])
    assert account and owner and contact
    store.save(
        k.ACCOUNTS,
        account.id,
        _field(account.raw, last_reviewed=dt.date(2026, 1, 10)),
        account.text,
    )
    store.save(
        k.OWNERS, owner.id, _field(owner.raw, trained_on=None, working_hours=None), owner.text
    )
    # an invalid phone is an error: write it by hand, as a person with an editor would
    path = store.root / contact.path
    path.write_text(contact.text.replace(contact.raw["phone"], "+34 12"), encoding="utf-8")
    store.load()


def go_to(key: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press(key)
        await settle(pilot)

    return before


@run_async
async def test_health_section_summarises_and_jumps_to_the_record(store: Store) -> None:
    break_the_sample(store)
    app = SmgovApp(store.root)
    async with app.run_test(size=SIZE) as pilot:
        await go_to("6")(pilot)
        health = app.screen.query_one("#section-health", HealthList)
        summary = static_text(health.query_one(".health-summary", Static))
        assert "Accounts reviewed on time" in summary and "%" in summary
        assert "Crisis contacts that can be reached" in summary
        assert re.search(r"\d+ errors?, \d+ warnings?", summary)
        assert health.table.row_count >= 4
        first = health.shown[0]
        assert first.cells[0].plain == "error"  # errors first
        assert first.cells[2].plain == "Phone"  # the field by its label
        await pilot.press("enter")
        await settle(pilot)
        # the contact's form, the cursor in the phone to fix
        assert isinstance(app.screen, EditScreen)
        assert app.screen.kind is k.CONTACTS
        focused = app.focused
        assert isinstance(focused, Input) and focused.value == "+34 12"


@run_async
async def test_overview_section_shows_the_figures(store: Store) -> None:
    app = SmgovApp(store.root)
    async with app.run_test(size=SIZE) as pilot:
        await go_to("8")(pilot)
        assert app.screen.query_one("#views", ContentSwitcher).current == "section-overview"
        totals = static_text(app.screen.query_one("#ov-totals", Static))
        assert f"{len(store.data.accounts)} accounts" in totals
        network = static_text(app.screen.query_one("#ov-network .ov-chart", Static))
        for name in {a.network for a in store.data.accounts.values()}:
            assert name in network


@run_async
async def test_overview_says_who_is_on_call_now_and_next(store: Store) -> None:
    """At the frozen clock (Sunday 22 November, 10:00 in Madrid) the sample's rota has Sofía on
    call until Monday's handover, then Ana; phones and times never split over two lines."""
    app = SmgovApp(store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to("8")(pilot)
        text = static_text(app.screen.query_one("#ov-oncall", Static))
        assert text.replace("\u00a0", " ").splitlines() == [
            "On call now: Sofía Navarro Prieto +34 617 93 40 25",
            "until Mon 23 Nov 09:00",
            "Next: Ana Ruiz Beltrán +34 612 48 93 07 from Mon 23 Nov 09:00",
            "(Europe/Madrid)",
        ]
        assert "+34\u00a0617\u00a093\u00a040\u00a025" in text  # kept whole when wrapped


@run_async
async def test_overview_without_a_rota_says_nothing_of_it(empty_ws: Path) -> None:
    app = SmgovApp(empty_ws)
    async with app.run_test(size=SIZE) as pilot:
        await go_to("8")(pilot)
        assert not app.screen.query_one("#ov-oncall", Static).display


@pytest.mark.parametrize("key", ["6", "8"], ids=["health", "overview"])
def test_snapshot(store: Store, snap_compare: Any, key: str) -> None:
    break_the_sample(store)
    assert snap_compare(SmgovApp(store.root), terminal_size=SIZE, run_before=go_to(key))


def test_snapshot_overview_narrow(store: Store, snap_compare: Any) -> None:
    assert snap_compare(SmgovApp(store.root), terminal_size=(80, 24), run_before=go_to("8"))


@run_async
async def test_x_exports_the_handbook_from_the_app(store: Store) -> None:
    import platformdirs

    downloads = Path(platformdirs.user_downloads_dir())
    app = SmgovApp(store.root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # the suggested file, in the downloads folder
        await settle(pilot)
        assert not list(Path.home().glob("*-handbook.html"))
        written = sorted(downloads.glob("*-handbook.html"))
        assert [p.name for p in written] == ["ultramarinos-olmedo-s-l-handbook.html"]
        assert written[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert not list(store.root.glob("*handbook*"))  # never into the workspace
        messages = [str(n.message) for n in notices(app)]
        assert any(str(written[0]) in m for m in messages)
