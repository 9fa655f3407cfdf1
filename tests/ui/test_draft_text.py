"""The Draft screen's text area (``ui.textual_internals.WrapOnceTextArea``) draws every row
exactly as Textual's own TextArea does — the same segments, the same styles — for long wrapped
lines, paragraphs, tabs, wide characters, control codes, a selection, the cursor anywhere, and
after each edit (a remembered division must never outlive the text it was made from); and an
edit, which draws again only the rows it may have changed, leaves on screen what a full redraw
shows."""

from __future__ import annotations

import random
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from smgov_tui.ui.textual_internals import WrapOnceTextArea
from smgov_tui.ui.textual_internals import _row_of as row_of
from tests.helpers.ui import run_async, screen_lines

LONG = (
    "Seasonal recipes from our Valencian producers, with bakery bread made this morning. "
    "Ask @ultramarinosolmedo about cured meats. Hoy tenemos pan de centeno recién hecho. "
) * 12 + "#Olmedo #RecetasOlmedo"

TEXTS = {
    "one long line": LONG,
    "paragraphs": "First paragraph, short.\n\n" + LONG + "\nThird one, after the long one.",
    "tabs": ("a\tb\tc " * 40) + "\n\tindented\tline " * 5,
    "wide characters": "🍅 トマト 番茄 tomate " * 30,
    "control codes": "bell\x07 return\r form\x0cfeed " * 30,
    "empty lines": "\n\n\n" + LONG[:300] + "\n\n",
}


class Host(App[None]):
    def __init__(self, kind: type[TextArea]) -> None:
        super().__init__()
        self.kind = kind

    def compose(self) -> ComposeResult:
        area = self.kind(id="text", soft_wrap=True, show_line_numbers=False)
        area.cursor_blink = False  # else whether the cursor is drawn depends on when rows are read
        yield area


def rows(area: TextArea) -> list[list[Any]]:
    """Every visible row of ``area``, as the segments Textual draws."""
    return [list(area.render_line(y)) for y in range(area.size.height)]


async def drawn(
    kind: type[TextArea], text: str, steps: list[tuple[str, Any]]
) -> list[list[list[Any]]]:
    """The rows of a ``kind`` text area holding ``text`` after each step."""
    app = Host(kind)
    shots = []
    async with app.run_test(size=(60, 20)) as pilot:
        area = app.query_one("#text", TextArea)
        area.text = text
        area.focus()
        await pilot.pause()
        shots.append(rows(area))
        for step, value in steps:
            if step == "move":
                area.move_cursor(value)
            elif step == "select":
                area.selection = value
            elif step == "insert":
                area.insert(value)
            elif step == "delete":
                area.delete(*value)
            elif step == "scroll":
                area.scroll_to(y=value, animate=False)
            await pilot.pause()
            shots.append(rows(area))
    return shots


STEPS: list[tuple[str, Any]] = [
    ("move", (0, 5)),
    ("insert", "x"),
    ("move", (0, 170)),
    ("insert", "a longer insertion, enough to move every row after it "),
    ("select", ((0, 20), (0, 140))),
    ("delete", ((0, 10), (0, 12))),
    ("move", (1, 0)),
    ("insert", "\n"),
    ("scroll", 4),
    ("move", (0, 0)),
]


@pytest.mark.parametrize("name", sorted(TEXTS))
@run_async
async def test_every_row_is_drawn_as_the_stock_text_area_draws_it(name: str) -> None:
    ours = await drawn(WrapOnceTextArea, TEXTS[name], STEPS)
    stock = await drawn(TextArea, TEXTS[name], STEPS)
    assert len(ours) == len(stock) == len(STEPS) + 1
    for number, (mine, theirs) in enumerate(zip(ours, stock, strict=True)):
        assert mine == theirs, f"{name}: rows differ after step {number}"


async def drawn_and_redrawn(app: Any, pilot: Any, area: TextArea) -> tuple[list[str], list[str]]:
    """The screen as the last edit left it, and the same after the text area is drawn again
    in full: an edit redrawn only in part must leave the first equal to the second."""
    await pilot.pause()
    shown = screen_lines(app)
    area.refresh()
    await pilot.pause()
    return shown, screen_lines(app)


@run_async
async def test_the_text_and_its_lines_are_the_stock_ones() -> None:
    """``get_line`` gives what Textual's gives (text, styles, and the line's own settings)."""
    app = Host(WrapOnceTextArea)
    async with app.run_test(size=(60, 20)) as pilot:
        area = app.query_one("#text", TextArea)
        area.text = TEXTS["control codes"] + "\n" + LONG
        await pilot.pause()
        for index in range(area.document.line_count):
            mine = area.get_line(index)
            theirs = TextArea.get_line(area, index)
            assert (mine.plain, mine.spans, mine.end, mine.no_wrap) == (
                theirs.plain,
                theirs.spans,
                theirs.end,
                theirs.no_wrap,
            )
            mine.pad_right(3)
            theirs.pad_right(3)
            assert (mine.plain, len(mine)) == (theirs.plain, len(theirs))


def random_steps(seed: int, count: int) -> list[tuple[str, Any]]:
    """Keys, edits anywhere, cursor moves and selections, as a person (or a paste) makes them."""
    chosen = random.Random(seed)
    kinds = ["key", "key", "key", "enter", "backspace", "insert", "delete", "move", "select"]
    steps: list[tuple[str, Any]] = []
    for _number in range(count):
        kind = chosen.choice(kinds)
        if kind == "key":
            steps.append(("key", chosen.choice("abc xyz,.#@")))
        elif kind == "insert":
            steps.append(("insert", chosen.choice(["word ", "a much longer phrase " * 3, "\n"])))
        elif kind == "delete":
            steps.append(("delete", chosen.randint(1, 40)))
        elif kind in ("move", "select"):
            steps.append((kind, chosen.random()))
        else:
            steps.append((kind, None))
    return steps


def place(area: TextArea, fraction: float) -> tuple[int, int]:
    """A location ``fraction`` of the way through the document."""
    text = area.text
    offset = int(len(text) * fraction)
    before = text[:offset]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


@pytest.mark.parametrize("seed", range(3))
@run_async
async def test_after_each_edit_the_screen_shows_what_a_full_redraw_shows(seed: int) -> None:
    app = Host(WrapOnceTextArea)
    async with app.run_test(size=(60, 20)) as pilot:
        area = app.query_one("#text", TextArea)
        area.text = TEXTS["paragraphs"][: 200 + 150 * seed]
        area.focus()
        area.move_cursor(place(area, 0.5))
        await pilot.pause()
        for number, (step, value) in enumerate(random_steps(seed, 40)):
            if step == "key":
                await pilot.press(value)
            elif step in ("enter", "backspace"):
                await pilot.press(step)
            elif step == "insert":
                area.insert(value)
            elif step == "delete":
                start = area.cursor_location
                area.move_cursor_relative(columns=value)
                area.delete(start, area.cursor_location)
            elif step == "move":
                area.move_cursor(place(area, value))
            elif step == "select":
                area.selection = Selection(area.cursor_location, place(area, value))
            shown, redrawn = await drawn_and_redrawn(app, pilot, area)
            assert shown == redrawn, f"seed {seed}, step {number}: {step} {value!r}"


@run_async
async def test_a_word_shortened_at_the_start_of_a_row_may_move_up_and_is_drawn_there() -> None:
    """Deleting at the start of a row can let its first word fit on the row above: that row
    is drawn again too."""
    app = Host(WrapOnceTextArea)
    async with app.run_test(size=(60, 50)) as pilot:
        area = app.query_one("#text", TextArea)
        area.focus()
        area.text = LONG
        await pilot.pause()
        starts = area.wrapped_document.get_offsets(0)[:3]
        for start in starts:
            for length in range(1, 9):
                area.text = LONG
                area.move_cursor(area.document.end)  # the cursor elsewhere: the edit alone counts
                await pilot.pause()
                area.delete((0, start), (0, start + length))
                shown, redrawn = await drawn_and_redrawn(app, pilot, area)
                assert shown == redrawn, f"deleting {length} at {start}"


@run_async
async def test_the_row_of_a_location_is_the_one_textual_computes() -> None:
    app = Host(WrapOnceTextArea)
    async with app.run_test(size=(60, 20)) as pilot:
        area = app.query_one("#text", TextArea)
        area.text = TEXTS["paragraphs"] + "\n" + TEXTS["tabs"] + "\n" + TEXTS["wide characters"]
        await pilot.pause()
        wrapped = area.wrapped_document
        for line in range(area.document.line_count):
            for column in range(0, len(area.document[line]) + 1, 7):
                expected = wrapped.location_to_offset((line, column)).y
                assert row_of(wrapped, (line, column)) == expected, (line, column)
