"""A tiny app for the form tests: loads a Store and pushes one screen, keeps what it returns."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from smgov_tui.store.store import Store
from tests.helpers.ui import run_async

sync = run_async
"""Run an async test with asyncio.run (the name the form tests use)."""


class FormApp(App[None]):
    """Pushes ``make_screen()`` on mount and records the value it is dismissed with."""

    def __init__(self, store: Store, screen: Screen[Any]) -> None:
        super().__init__()
        self.store = store
        self.screen_to_push = screen
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        """A placeholder under the form."""
        yield Static("host", id="host")

    def on_mount(self) -> None:
        """Show the screen under test."""
        self.push_screen(self.screen_to_push, self.results.append)
