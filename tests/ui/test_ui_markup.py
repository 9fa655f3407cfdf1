"""User text is data: names, handles, notes and commit messages that look like markup render
literally everywhere the app shows them, and run nothing."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Static

from smgov_tui.core import kinds as k
from smgov_tui.store.store import SaveResult, Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.inert import INERT
from smgov_tui.ui.screens.history import HistoryScreen
from smgov_tui.ui.screens.record import RecordScreen
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.git import git
from tests.helpers.ui import loaded, run_async, settle, static_text

SIZE = (120, 40)
BOLD = "[bold]Ana[/]"
CLICK = "[@click=app.quit]x[/]"
LINK = '[link="file:///etc/passwd"]x[/link]'


def screen_text(app: SmgovApp) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(lines)).replace("\xa0", " ")


def set_key(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    text, count = re.subn(rf"(?m)^{key} = .*$", f'{key} = "{escaped}"', text, count=1)
    if not count:
        text += f'\n{key} = "{escaped}"\n'
    path.write_text(text, encoding="utf-8")


def markup_workspace(ws: Path) -> Path:
    set_key(ws / "owners/sofia-navarro.toml", "name", BOLD)
    set_key(ws / "accounts/x-olmedo.toml", "handle", CLICK)
    set_key(ws / "accounts/x-olmedo.toml", "notes", LINK)
    set_key(ws / "accounts/x-olmedo.toml", "department", "[/]")
    git(ws, "commit", "-qam", CLICK)
    return ws


@run_async
async def test_tables_details_and_clicks_are_literal(ws: Path) -> None:
    app = SmgovApp(markup_workspace(ws))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        accounts = app.screen.query_one("#section-accounts", RecordList)
        await pilot.press("slash", *"etc/passwd", "enter")  # the notes are searched, literally
        assert [row.key for row in accounts.shown] == ["accounts:x-olmedo"]
        shown = screen_text(app)
        assert "[@click=app.quit]x" in shown  # cut to the column, literal
        assert re.search(r" \[/\] ", shown)
        # a click on the cell that looks like an action does nothing but highlight and open
        await pilot.click(accounts.table, offset=(15, 1))
        await pilot.click(accounts.table, offset=(15, 1))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, RecordScreen)
        shown = screen_text(app)
        assert CLICK in shown and LINK in shown and BOLD in shown  # owner name in People
        title = static_text(app.screen.query_one("#record-title", Static))
        assert title.startswith(CLICK)
        await pilot.click(app.screen.query_one("#record-title"), offset=(2, 0))
        await settle(pilot)
        assert app.is_running
        app.open_record(k.OWNERS, "sofia-navarro")
        await settle(pilot)
        assert screen_text(app).count(BOLD) >= 1 and CLICK in screen_text(app)
    assert app.return_code in (None, 0)


@run_async
async def test_notifications_history_and_palette_are_literal(ws: Path) -> None:
    app = SmgovApp(markup_workspace(ws))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        app.open_record(k.ACCOUNTS, "nope-" + "x")
        app.form_closed(SaveResult(True, CLICK + " " + LINK, None))
        await pilot.pause()
        await pilot.pause()
        shown = screen_text(app)  # before the toasts time out
        assert f"Saved: {CLICK}" in shown and LINK in shown  # the toast wraps between them
        assert "nope-x does not exist" in shown
        await settle(pilot)
        app.show_history(None, None)
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        shown = screen_text(app)
        assert shown.count(CLICK) >= 2  # the commit in the list and above its diff
        assert f'+handle = "{CLICK}"' in shown
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"ana")
        await settle(pilot)
        assert f"Open: {BOLD}" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


ESCAPES = "x\x1b]2;PWNED\x07\x1b[31mred\x1b]52;c;cHduZWQ=\x07\x9b2J\u202eok\x7f"
INERT_TEXT = "x]2;PWNED[31mred]52;c;cHduZWQ=2Jok"  # what is left once the controls are dropped
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def set_basic(path: Path, key: str, value: str) -> None:
    """Write ``key = "<value>"`` with TOML escapes for the control characters."""
    line = f"{key} = {json.dumps(value)}"
    text = re.sub(rf"(?m)^{key} = .*$", lambda _m: line, path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")


@run_async
async def test_escape_sequences_in_values_and_files_are_drawn_inert(ws: Path) -> None:
    """A value or a hand-edited file holding escape sequences never drives the terminal: the
    list, the detail and the raw text of an invalid file show what is left as plain text."""
    set_basic(ws / "accounts/x-olmedo.toml", "handle", ESCAPES)
    set_basic(ws / "accounts/x-olmedo.toml", "notes", ESCAPES)
    (ws / "accounts/raw-escapes.toml").write_text(f'network = "x"\n# {ESCAPES}\n', "utf-8")
    git(ws, "add", "-A")
    git(ws, "commit", "-qm", "escapes")
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = screen_text(app)
        assert "x]2;PWNED[31m" in shown and not RAW_CONTROL.search(shown)  # the list
        app.open_record(k.ACCOUNTS, "x-olmedo")
        await settle(pilot)
        shown = screen_text(app)
        assert INERT_TEXT in shown and not RAW_CONTROL.search(shown)  # the detail
        app.open_record(k.ACCOUNTS, "raw-escapes")
        await settle(pilot)
        shown = screen_text(app)
        assert INERT_TEXT in shown and not RAW_CONTROL.search(shown)  # the file as text
    assert app.return_code in (None, 0)


def test_crisis_mode_draws_through_the_same_filter(store: Store) -> None:
    assert INERT in CrisisApp(store).get_line_filters()
    assert INERT in SmgovApp(store.root).get_line_filters()
