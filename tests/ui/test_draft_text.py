"""The Draft screen's text area (``ui.textual_internals.WrapOnceTextArea``) draws every row
exactly as Textual's own TextArea does — the same segments, the same styles — for long wrapped
lines, paragraphs, tabs, wide characters, control codes, a selection, the cursor anywhere, and
after each edit (a remembered division must never outlive the text it was made from)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import TextArea

from smgov_tui.ui.textual_internals import WrapOnceTextArea
from tests.helpers.ui import run_async

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
        yield self.kind(id="text", soft_wrap=True, show_line_numbers=False)


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
