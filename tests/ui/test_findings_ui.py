"""A finding is readable in full: in the Health preview and at the top of its record's detail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.screens.record import RecordScreen
from smgov_tui.ui.widgets.health import HealthList
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.ui import loaded, run_async, settle, static_text

NASTY = '[bold]x[/] [link="file:///etc/passwd"]x[/link] [@click=app.quit]x[/]'
ACCOUNT = "instagram-olmedo"
FULL = (
    f'the profile URL "{NASTY}" is not a web address; expected http:// or https:// and a host, '
    "e.g. https://www.instagram.com/laesquina"
)


def plant_bad_url(store: Store) -> int:
    """Write a URL that is markup and not a web address, by hand; return its line."""
    entry = store.data.entry(k.ACCOUNTS, ACCOUNT)
    assert entry is not None and entry.raw.get("url")
    lines = entry.text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("url = "))
    lines[index] = f"url = '{NASTY}'\n"
    (store.root / entry.path).write_text("".join(lines), encoding="utf-8")
    return index + 1


def visible_line(health: HealthList, y: int) -> str:
    """Line ``y`` of the findings table as drawn (the header is line 0)."""
    return "".join(segment.text for segment in health.table.render_line(y))


async def show_the_url_finding(pilot: Pilot[None]) -> HealthList:
    """Open Health and filter to the invalid-url finding, as a user would."""
    await loaded(pilot)
    await pilot.press("6")
    await settle(pilot)
    await pilot.press("slash", *"invalid-url", "enter")
    await settle(pilot)
    return pilot.app.screen.query_one("#section-health", HealthList)


@run_async
async def test_the_preview_shows_the_whole_highlighted_finding(store: Store) -> None:
    line = plant_bad_url(store)
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        health = await show_the_url_finding(pilot)
        assert health.table.row_count == 1
        drawn = visible_line(health, 1)
        assert "…" in drawn and "laesquina" not in drawn  # the cell cuts the message
        preview = static_text(health.query_one(".health-preview", Static))
        assert preview.splitlines()[0] == (
            f"warning  ·  accounts/{ACCOUNT}.toml  ·  line {line}  ·  field Profile URL"
            "  ·  rule invalid-url"
        )  # the field by its label, not its key
        assert preview.splitlines()[1] == FULL  # literally, markup and all
        assert preview.splitlines()[2] == (
            "How to fix it: Write Profile URL as the profile's full address, starting with "
            "https://."
        )
        # Enter opens the record's form, the cursor in the field to fix
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        assert (app.screen.kind, app.screen.record_id) == (k.ACCOUNTS, ACCOUNT)
        focused = app.focused
        assert isinstance(focused, Input) and focused.value == NASTY
        await pilot.press("escape")
        await settle(pilot)
        # the record's detail shows its own finding at the top, field by label
        app.open_record(k.ACCOUNTS, ACCOUNT)
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        findings = static_text(app.screen.query_one(".record-problems", Static))
        assert findings == f"warning (line {line}, field Profile URL): {FULL}"
        assert app.is_running


@run_async
async def test_the_preview_follows_the_cursor_and_the_filter(store: Store) -> None:
    plant_bad_url(store)
    owner = store.data.entry(k.OWNERS, "ana-ruiz")
    assert owner is not None
    email = owner.raw["email"]
    (store.root / owner.path).write_text(
        owner.text.replace(email, "not-an-address", 1), encoding="utf-8"
    )
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        await settle(pilot)
        health = app.screen.query_one("#section-health", HealthList)
        preview = health.query_one(".health-preview", Static)
        assert health.table.row_count == 2
        first = static_text(preview)
        assert first.startswith("error  ·  owners/ana-ruiz.toml")  # errors come first
        assert "not-an-address" in first and "expected something like" in first
        await pilot.press("down")
        await settle(pilot)
        assert static_text(preview).splitlines()[1] == FULL
        await pilot.press("slash", *"no such finding")
        await settle(pilot)
        assert health.table.row_count == 0
        assert static_text(preview) == ""


@run_async
async def test_a_healthy_workspace_says_so_under_the_empty_table(store: Store) -> None:
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        await settle(pilot)
        health = app.screen.query_one("#section-health", HealthList)
        assert health.table.row_count == 0
        # the table says it, once: not "Nothing matches the filter" (nothing is filtered)
        assert visible_line(health, 1).strip() == "No findings: the workspace passes every check."
        assert static_text(health.query_one(".health-preview", Static)) == ""
        screen = app.export_screenshot().replace("&#160;", " ")
        assert screen.count("No findings") == 1 and "Nothing matches" not in screen
        await pilot.press("slash", *"zzz")
        await settle(pilot)
        assert visible_line(health, 1).strip() == "No findings: the workspace passes every check."


@run_async
async def test_an_empty_list_says_so_and_a_filter_that_hides_every_row_says_that(
    empty_ws: Path,
) -> None:
    app = SmgovApp(empty_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("2")  # Owners: there are none
        await settle(pilot)
        owners = app.screen.query_one("#section-owners", RecordList)
        assert "".join(s.text for s in owners.table.render_line(1)).strip() == "No owners yet."
        await pilot.press("slash", *"zzz")
        await settle(pilot)
        assert "".join(s.text for s in owners.table.render_line(1)).strip() == "No owners yet."


@run_async
async def test_at_80x24_the_preview_fits_under_a_usable_table(store: Store) -> None:
    plant_bad_url(store)
    app = SmgovApp(store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        health = await show_the_url_finding(pilot)
        preview = health.query_one(".health-preview", Static)
        # the whole message wraps into the pane, and how to fix it under it: both end on screen
        drawn = [
            "".join(segment.text for segment in strip).strip()
            for strip in preview.render_lines(preview.region.reset_offset)
        ]
        assert any(line.endswith("e.g. https://www.instagram.com/laesquina") for line in drawn)
        assert drawn[-1].endswith("starting with https://."), drawn
        assert health.table.region.height >= 8


@run_async
async def test_a_record_shows_its_own_findings_at_the_top(store: Store) -> None:
    """An account without a backup and with a bad URL says both, above its fields."""
    line = plant_bad_url(store)
    entry = store.data.entry(k.ACCOUNTS, ACCOUNT)
    assert entry is not None
    path = store.root / entry.path
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("backup_owner = ", "# backup_owner = ", 1), encoding="utf-8")
    app = SmgovApp(store.root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.open_record(k.ACCOUNTS, ACCOUNT)
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        body = app.screen.query_one("#record-body")
        first, second = list(body.children)[:2]  # before the people and the fields
        assert isinstance(first, Static) and isinstance(second, Static)
        shown = static_text(second).splitlines()
        warnings = [row for row in shown if row.startswith("warning")]
        plural = "warning" if len(warnings) == 1 else "warnings"
        assert static_text(first) == (
            f"Findings of the last check: 1 error, {len(warnings)} {plural}"
        )
        assert first.region.y < app.screen.size.height - 2  # on screen without scrolling
        # errors first; a field that is not written in the file has no line
        assert shown[0].startswith(
            "error (field Backup owner): the account has no backup owner; name one of: "
        )
        assert f"warning (line {line}, field Profile URL): {FULL}" in warnings
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


@run_async
async def test_a_healthy_record_has_no_findings_block(store: Store) -> None:
    app = SmgovApp(store.root)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.open_record(k.ACCOUNTS, ACCOUNT)
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert not app.screen.query(".record-problems")


def test_the_record_detail_shows_no_findings_block_when_it_has_none(ws: Path) -> None:
    """Guard for the detail: nothing is listed for a healthy record."""
    from smgov_tui.ui.present.detail import build_detail

    store = Store.open(ws)
    store.load()
    detail = build_detail(store.data, k.ACCOUNTS, ACCOUNT, store.check())
    assert detail is not None and detail.problems == []


def test_snapshot_record_with_findings(store: Store, snap_compare: Any) -> None:
    """An account with an error and a warning, at 80x24: the findings come first."""
    plant_bad_url(store)
    entry = store.data.entry(k.ACCOUNTS, ACCOUNT)
    assert entry is not None
    path = store.root / entry.path
    path.write_text(
        path.read_text(encoding="utf-8").replace("backup_owner = ", "# backup_owner = ", 1),
        encoding="utf-8",
    )

    async def open_it(pilot: Pilot[None]) -> None:
        app = await loaded(pilot)
        app.open_record(k.ACCOUNTS, ACCOUNT)
        await settle(pilot)

    assert snap_compare(SmgovApp(store.root), terminal_size=(80, 24), run_before=open_it)


@run_async
async def test_until_the_rows_arrive_a_list_says_it_is_loading_and_health_that_it_is_checking() -> (
    None
):
    from textual.app import App, ComposeResult
    from textual.widgets import LoadingIndicator

    class Lists(App[None]):
        def compose(self) -> ComposeResult:
            yield RecordList("accounts", id="accounts")
            yield HealthList(id="health")

    app = Lists()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        accounts = app.query_one("#accounts", RecordList)
        health = app.query_one("#health", HealthList)
        assert "".join(s.text for s in accounts.table.render_line(1)).strip() == (
            "Loading the workspace..."
        )
        assert "".join(s.text for s in health.table.render_line(1)).strip() == (
            "Checking the workspace..."
        )
        # words, not Textual's animated indicator (its frames would slow the loading down)
        assert not app.query(LoadingIndicator)
