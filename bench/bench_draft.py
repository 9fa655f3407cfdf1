"""The draft check per keystroke (issue 16: under 16 ms, one frame), beside a bare Textual app.

The real Draft screen (``ui/screens/draft.py``) on the English sample, the account
``instagram-olmedo`` (a 2,200-character caption), holding a 2,000-character post written from
the sample's own words (hashtags, a mention, a link, a banned word and a sensitive one, two
languages), so every rule does its work. Each key is delivered as the terminal would, and timed
until the first frame painted that shows the post checked with it: the text with the key (the
text area drawn since the key), the screen's report made from that very text, and every Static
updated since the key (findings, counts) drawn. The floor: a bare App with a stock TextArea and
a Static that shows the text's length on each change, timed the same way (its Static drawn too),
in the same run; the floor has the screen's layout (the text beside a panel, a line of counts
below), so the difference is the check and what it shows, and how the text area is drawn.

"of which drawing the text area": the seconds spent in the text area's ``render_lines``
before that frame. With 2,000 characters on one line, the stock TextArea (Textual 8.2.8)
spends most of the floor there: each of its 32 visible rows rebuilds and divides the whole
line, and every key redraws every row (``ui/textual_internals.WrapOnceTextArea``).
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea

from bench.bench_tui import Paints, _python_defaults, _send_key

ACCOUNT = "instagram-olmedo"
SIZE = (120, 40)
KEYS = 25

SENTENCES = (
    "Seasonal recipes from our Valencian producers, with bakery bread made this morning. ",
    "Ask @ultramarinosolmedo at your neighbourhood shop about cured meats and preserves. ",
    "Order online at https://www.ultramarinosolmedo.es/la-despensa and we deliver in 24 hours. ",
    "No miracle diets here, just good food and people who know their customers. ",
    "Hoy tenemos pan de centeno recién hecho en todas nuestras tiendas de Valencia. ",
    "Nothing about the elections: only tomatoes, oranges and rice from the huerta. ",
)


def post(length: int = 1999) -> str:
    """A realistic post of ``length`` characters, ending with the official hashtags."""
    tags = " #Olmedo #RecetasOlmedo"
    body = ""
    index = 0
    while len(body) < length - len(tags):
        body += SENTENCES[index % len(SENTENCES)]
        index += 1
    return body[: length - len(tags)] + tags


class DraftHost(App[None]):
    """A bare host for the real Draft screen: a loaded store, nothing else (``WorkspaceHost``)."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self._store = store

    @property
    def store(self) -> Any:
        return self._store

    def refresh_data(self) -> object:
        return None

    def on_mount(self) -> None:
        from smgov_tui.ui.screens.draft import DraftScreen

        self.push_screen(DraftScreen(ACCOUNT))


class FloorApp(App[None]):
    """The Draft screen's layout with stock widgets and no check: the text beside a Static
    that never changes, and a one-line Static showing the text's length on each change."""

    CSS = """
    #body { height: 1fr; }
    #text { width: 1fr; height: 1fr; }
    #side { width: 1fr; height: 1fr; }
    #count { height: 1; }
    """
    length = -1

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield TextArea(id="text")
            with VerticalScroll(id="side"):
                yield Static(SENTENCES[3] * 4)
        yield Static(id="count")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.length = len(event.text_area.text)
        self.query_one("#count", Static).update(f"{self.length} characters", layout=False)


class Painted:
    """Whether what the Statics of a screen were last given is on screen: each ``update`` and
    each drawing (``render_lines``, called as a frame is composed) is time-stamped.

    A Static that is updated asks its screen for a repaint only when its own message queue
    next goes idle, so a frame may show the new text with the findings (or the floor's count)
    of the key before: such a frame does not count (the app and the floor alike).
    """

    def __init__(self, screen: Screen[Any]) -> None:
        self.updated: dict[Static, float] = {}
        self.painted: dict[Static, float] = {}
        for widget in screen.query(Static):
            self._watch(widget)

    def _watch(self, widget: Static) -> None:
        update, render_lines = widget.update, widget.render_lines

        def updated(*args: Any, **kwargs: Any) -> None:
            self.updated[widget] = time.perf_counter()
            update(*args, **kwargs)

        def painted(crop: Any) -> Any:
            self.painted[widget] = time.perf_counter()
            return render_lines(crop)

        widget.update = updated  # type: ignore[method-assign]
        widget.render_lines = painted  # type: ignore[method-assign]

    def current(self) -> bool:
        """Every Static updated has been drawn since."""
        return all(self.painted.get(w, -1.0) >= t for w, t in self.updated.items())


async def _typing(app: App[Any], length_now: Any) -> tuple[list[float], list[float]]:
    """Seconds from each key to the first frame that shows the post checked with it: the
    text with the key (the text area drawn since the key), the check of that very text, and
    every Static it updated drawn; and
    the seconds spent drawing the text area's rows before that frame."""
    times: list[float] = []
    drawing: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.text = post()
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()
        paints = Paints(app)
        painted = Painted(app.screen)
        drawn = _time_drawing(area)
        for _number in range(KEYS):
            expected = len(area.text) + 1
            paints.probe = lambda _screen, expected=expected: (
                length_now(app) == expected and painted.current() and bool(drawn)
            )
            drawn.clear()
            start = time.perf_counter()
            _send_key(app, "a")
            stamp = await paints.first(start, lambda _s: True, "the key was not shown", True)
            times.append(stamp - start)
            drawing.append(sum(seconds for end, seconds in drawn if end <= stamp))
            await pilot.pause()
    return times, drawing


def _time_drawing(area: TextArea) -> list[tuple[float, float]]:
    """(end, seconds) of each drawing of ``area``'s rows (``render_lines``) from now on."""
    drawn: list[tuple[float, float]] = []
    render_lines = area.render_lines

    def timed(crop: Any) -> Any:
        start = time.perf_counter()
        lines = render_lines(crop)
        end = time.perf_counter()
        drawn.append((end, end - start))
        return lines

    area.render_lines = timed  # type: ignore[method-assign]
    return drawn


def _draft_length(app: App[Any]) -> int:
    """The length of the text on screen if its findings are the ones shown, else -1: the
    screen's ``checked_text`` must be that very text (a frame painted between the edit and
    its check does not count); a screen without it counts any report."""
    screen: Screen[Any] = app.screen
    report = getattr(screen, "report", None)
    text = screen.query_one(TextArea).text
    checked = getattr(screen, "checked_text", text)
    return -1 if report is None or checked != text else len(text)


def _check_alone(store: Any, n: int = 50) -> tuple[list[float], list[float]]:
    """``core.draft.check_draft`` on the post (a character more each time, so no cache holds
    the answer), beside the plainest pass over it: fold its case and list its words."""
    import re

    from smgov_tui.core.draft import check_draft

    data = store.data
    account = data.accounts[ACCOUNT]
    text = post()
    ours: list[float] = []
    floor: list[float] = []
    for number in range(n):
        typed = text + "a" * number
        start = time.perf_counter()
        check_draft(typed, ACCOUNT, account, data.communication)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        re.findall(r"\w+", typed.casefold())
        floor.append(time.perf_counter() - start)
    return ours, floor


def run(tmp: Path, runs: int, row_type: Any) -> list[Any]:
    """The draft row of the results table (``row_type`` is bench.run.Row)."""
    try:
        from smgov_tui.ui.screens import draft  # noqa: F401
    except ImportError:
        return []
    from smgov_tui.store.git import Author
    from smgov_tui.store.store import Store
    from smgov_tui.store.template import init_workspace

    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    root = tmp / "draft-sample"
    init_workspace(root, "en", Author("Bench", "bench@example.org"))
    store = Store.open(root)
    store.load()
    ours: list[float] = []
    floor: list[float] = []
    ours_drawing: list[float] = []
    floor_drawing: list[float] = []
    for _run in range(runs):
        _python_defaults()
        times, drawing = asyncio.run(_typing(DraftHost(store), _draft_length))
        ours += times
        ours_drawing += drawing
        _python_defaults()
        times, drawing = asyncio.run(_typing(FloorApp(), lambda app: app.length))
        floor += times
        floor_drawing += drawing
    _python_defaults()

    def med(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    check, floor_words = _check_alone(store)
    return [
        row_type(
            "draft check alone, core (2,000 chars)",
            med(check),
            med(floor_words),
            "casefold + every word of the post",
            len(check),
            max_seconds=0.016,
        ),
        row_type(
            "draft check per keystroke (2,000 chars)",
            med(ours),
            med(floor),
            "bare TextArea, same layout, no check",
            len(ours),
            max_seconds=0.016,
        ),
        row_type(
            "  of which drawing the text area",
            med(ours_drawing),
            med(floor_drawing),
            "the stock TextArea's share of the floor",
            len(ours_drawing),
        ),
    ]
