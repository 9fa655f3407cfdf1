"""What the form tests share: open a form, wait for it, save, and look at what git recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from smgov_tui.store.store import SaveResult
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.fields import FieldEditor
from tests.helpers.forms import FormApp
from tests.helpers.git import git
from tests.helpers.ui import validated

SIZE = (120, 40)


async def settle(pilot: Pilot[Any]) -> None:
    """Let the form's debounce fire and every worker finish."""
    await validated(pilot)


@asynccontextmanager
async def editing(app: FormApp) -> AsyncIterator[tuple[Pilot[Any], EditScreen]]:
    """Run ``app`` at ``SIZE`` until its form is shown; give the pilot and the form."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EditScreen)
        yield pilot, screen


def editor(screen: EditScreen, path: str) -> FieldEditor:
    """The editor of the dotted field ``path`` (``steps.1.title``)."""
    return screen.collect()[1][path]


def problems_of(field: FieldEditor) -> str:
    """The problems a field editor shows under its value."""
    return str(field.query_one(".field-problems", Static).render())


def head(ws: Path) -> tuple[str, str]:
    """(author name, subject) of the last commit."""
    name, subject = git(ws, "log", "-1", "--format=%an%n%s").strip().split("\n")
    return name, subject


def changed_lines(ws: Path) -> list[str]:
    """The +/- lines of the last commit's diff, without the file headers."""
    out = git(ws, "show", "--format=", "--unified=0", "HEAD")
    return [
        line
        for line in out.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def commits(ws: Path) -> int:
    return int(git(ws, "rev-list", "--count", "HEAD").strip())


async def save(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


def result_of(app: FormApp) -> SaveResult:
    assert app.results, "the screen was not dismissed"
    result = app.results[-1]
    assert isinstance(result, SaveResult)
    return result
