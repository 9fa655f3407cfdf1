"""Helpers for the TUI tests: start the app on a workspace and wait until it shows its data.

Every wait here is on an event or a condition, never on a fixed delay: a worker's own
completion (`Worker.wait`), or a predicate checked after each `pilot.pause()` (which lets the
app process its messages and timers), with a timeout that fails the test with a message.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import re
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed, WorkerState

from smgov_tui.core.kinds import Kind
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.edit import EditScreen

TIMEOUT = 30.0
"""Seconds a wait may take before the test fails: far above any real wait, so never hit."""

_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


async def until(
    pilot: Pilot[Any], predicate: Callable[[], bool], what: str, timeout: float = TIMEOUT
) -> None:
    """Let the app run until ``predicate()`` holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        if predicate():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


async def _finished(worker: Worker[Any], timeout: float) -> None:
    """Wait for a started ``worker`` to end, however it ends (the test checks the outcome)."""
    with contextlib.suppress(WorkerCancelled, WorkerFailed):
        await asyncio.wait_for(worker.wait(), timeout)


async def workers_done(app: App[Any], timeout: float = TIMEOUT) -> None:
    """Wait for the app's running workers to end, without waiting on any screen (for a test
    that holds a screen's messages back on purpose)."""
    deadline = time.monotonic() + timeout
    while busy := [w for w in app.workers if w.state in _BUSY]:
        for worker in busy:
            if worker.state is WorkerState.PENDING:
                await asyncio.sleep(0)  # not started yet: let the loop start it
            else:
                await _finished(worker, max(0.0, deadline - time.monotonic()))
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for workers")


async def caught_up(app: App[Any]) -> None:
    """Wait until the app has handled every message posted to it so far: a callback queued
    behind them runs."""
    done = asyncio.Event()
    app.call_later(done.set)
    await done.wait()


async def settle(pilot: Pilot[Any], timeout: float = TIMEOUT) -> None:
    """Let every worker finish and the screen catch up with the messages they posted.

    Each round lets the app run, then awaits the running workers' own completion: the app is
    settled when three rounds in a row found no worker pending or running. The first two
    quiet rounds only let every widget on screen handle what is queued (``pilot.pause(0)``:
    Textual waits until each has run a callback queued behind its messages); the third waits
    for the process to go idle (``pilot.pause()``, at least 20 ms), so a message still
    bubbling up the screen is handled before the test goes on. Three idle waits per settle
    were a large share of the suite's time, spent with the CPU idle."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 3:
        await (pilot.pause() if quiet == 2 else pilot.pause(0))
        busy = [w for w in app.workers if w.state in _BUSY]
        quiet = 0 if busy else quiet + 1
        for worker in busy:
            if worker.state is WorkerState.RUNNING:
                await _finished(worker, max(0.0, deadline - time.monotonic()))
        if time.monotonic() > deadline:
            names = ", ".join(w.name or repr(w) for w in busy)
            raise AssertionError(f"timed out after {timeout:g} s waiting for workers: {names}")


async def validated(pilot: Pilot[Any], timeout: float = TIMEOUT) -> None:
    """Wait until every open form has validated the values it shows, then `settle`.

    A form validates once opened and again after each change, once its debounce
    (`VALIDATE_DELAY`) has passed: the wait ends when its ``validation_pending`` is False,
    not after a fixed delay (nothing is waited for when no change is pending)."""
    forms = [screen for screen in pilot.app.screen_stack if isinstance(screen, EditScreen)]
    await until(
        pilot,
        lambda: not any(form.validation_pending for form in forms),
        "the form's validation",
        timeout,
    )
    await settle(pilot, timeout)


async def loaded(pilot: Pilot[Any]) -> SmgovApp:
    """Wait until the workspace is loaded and shown."""
    app = pilot.app
    assert isinstance(app, SmgovApp)
    await settle(pilot)
    assert app.snapshot is not None, "the workspace did not load"
    return app


@contextlib.asynccontextmanager
async def started(ws: Path, size: tuple[int, int]) -> AsyncIterator[tuple[SmgovApp, Pilot[Any]]]:
    """The app on ``ws`` at ``size``, running, its workspace loaded and shown."""
    app = SmgovApp(ws)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        yield app, pilot


async def opened(pilot: Pilot[Any], kind: Kind, record_id: str) -> Screen[Any]:
    """Open a record's detail as a link or Enter does; the screen it is shown on."""
    app = pilot.app
    assert isinstance(app, SmgovApp)
    app.open_record(kind, record_id)
    await settle(pilot)
    return app.screen


async def left(pilot: Pilot[Any]) -> None:
    """Esc, and wait until the app is idle again."""
    await pilot.press("escape")
    await settle(pilot)


async def saved_meanwhile(
    pilot: Pilot[Any], kind: Kind, record_id: str, *changes: dict[str, Any]
) -> None:
    """Save each of ``changes`` to one record through the running app's store (a commit each,
    as saves made while the app runs), then wait until the app shows the new data."""
    app = pilot.app
    assert isinstance(app, SmgovApp)
    store = app.store
    assert store is not None
    for change in changes:
        entry = store.data.entry(kind, record_id)
        assert entry is not None
        store.save(kind, record_id, {**entry.raw, **change}, entry.text)
    app.refresh_data()
    await settle(pilot)


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
