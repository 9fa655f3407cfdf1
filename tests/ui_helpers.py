"""Helpers for the TUI tests: start the app on a workspace and wait until it shows its data."""

from __future__ import annotations

import asyncio
import functools
import html
import re
from collections.abc import Callable, Coroutine
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerState

from smgov_tui.ui.app import SmgovApp


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the screen catch up with the messages they posted."""
    app = pilot.app
    quiet = 0
    for _ in range(500):
        await pilot.pause()
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            return
        await asyncio.sleep(0.01)


async def loaded(pilot: Pilot[None]) -> SmgovApp:
    """Wait until the workspace is loaded and shown."""
    app = pilot.app
    assert isinstance(app, SmgovApp)
    await settle(pilot)
    assert app.snapshot is not None, "the workspace did not load"
    return app


def notices(app: App[Any]) -> list[Notification]:
    """Every notification ``app`` has shown, oldest first (recorded by conftest's
    ``recorded_notices`` through the public ``App.notify``)."""
    shown: list[Notification] = app.__dict__.get("shown_notices", [])
    return shown


_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
)
CELL_WIDTH = 20 * 0.61
"""Width of one terminal cell in the screenshot (Rich's export_svg: 20 px high, aspect 0.61)."""


def screen_lines(app: App[Any]) -> list[str]:
    """What the terminal shows, line by line, as text. Read from the screenshot (public API):
    each run of text is placed at its column, the cells between are blanks."""
    width, height = app.size
    lines = [""] * height
    runs = [
        # Rich writes a space as &#160; (a no-break space in the text stays that character)
        (int(line), float(x), html.unescape(text.replace("&#160;", " ")))
        for x, line, text in _SVG_TEXT.findall(app.export_screenshot())
    ]
    for line, x, text in sorted(runs, key=lambda run: (run[0], run[1])):
        if line >= height or not text.strip("\n"):
            continue
        current = lines[line]
        lines[line] = current + " " * (round(x / CELL_WIDTH) - cell_len(current)) + text
    return [line + " " * (width - cell_len(line)) for line in lines]


def static_text(widget: Static) -> str:
    """The plain text a Static shows."""
    content = widget.render()
    if isinstance(content, (Text, Content)):
        return content.plain
    return str(content)


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio.run (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
