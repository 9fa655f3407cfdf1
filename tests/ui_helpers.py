"""Helpers for the TUI tests: start the app on a workspace and wait until it shows its data."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from rich.text import Text
from textual.content import Content
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
