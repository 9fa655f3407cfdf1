"""The "what changed" digest and the employee guide from the command palette: since when (for
the digest), where, then the file."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.modals.text_prompt import TextPrompt
from tests.helpers.git import git
from tests.helpers.ui import loaded, notices, run_async, settle, until

SIZE = (120, 40)


async def answer(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` into the prompt on show, replacing its suggestion, and press enter."""
    prompt = pilot.app.screen
    assert isinstance(prompt, TextPrompt)
    prompt.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def open_digest(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*"what changed")
    await settle(pilot)
    hits = [o.hit.text for o in app.screen.query_one(CommandList).options if hasattr(o, "hit")]  # type: ignore[attr-defined]
    assert hits[0] == "What changed since a date (digest for management)"
    await pilot.press("enter")
    await settle(pilot)


@run_async
async def test_the_palette_writes_the_digest(ws: Path, tmp_path: Path) -> None:
    start = git(ws, "rev-parse", "HEAD").strip()
    owner = ws / "owners" / "raul-santos.toml"
    owner.write_text(owner.read_text(encoding="utf-8").replace("active = true", "active = false"))
    git(ws, "commit", "-q", "-am", "raul left")
    target = tmp_path / "out" / "digest.md"
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_digest(pilot)
        await answer(pilot, start)
        await answer(pilot, str(target))
        await until(pilot, target.exists, "the digest is written")
        await settle(pilot)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# What changed: ")
        assert "- Left: Raúl Santos Ibáñez." in text
        assert any("written to" in str(n.message) for n in notices(app))


@run_async
async def test_a_bad_since_is_said_and_nothing_is_written(ws: Path, tmp_path: Path) -> None:
    target = tmp_path / "digest.html"
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_digest(pilot)
        await answer(pilot, "last quarter")
        await answer(pilot, str(target))
        await until(
            pilot,
            lambda: any("Cannot write the digest" in str(n.message) for n in notices(app)),
            "the digest's error",
        )
        message = next(str(n.message) for n in notices(app) if "digest" in str(n.message))
        assert "last quarter is neither a date (YYYY-MM-DD) nor a commit" in message
        assert not target.exists()


@run_async
async def test_the_palette_writes_the_employee_guide(ws: Path, tmp_path: Path) -> None:
    target = tmp_path / "guide.html"
    app = SmgovApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"employee guide")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, str(target))
        await until(pilot, target.exists, "the guide is written")
        await settle(pilot)
        text = target.read_text(encoding="utf-8")
        assert '<h2 id="crisis">If you see a crisis</h2>' in text
        assert any("Employee guide written to" in str(n.message) for n in notices(app))
