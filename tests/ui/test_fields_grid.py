"""The record detail's fields grid yields what rich's Table.grid yields, segment for segment,
at every width: it only gets there faster (ui/screens/record.py, FieldsGrid)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from smgov_tui.core import kinds as k
from smgov_tui.store.loader import load_workspace
from smgov_tui.ui.present.detail import build_detail
from smgov_tui.ui.screens.record import FieldsGrid

WIDTHS = (1, 3, 8, 12, 20, 27, 40, 58, 76, 98, 118, 160)


def _both(grid: FieldsGrid, width: int) -> tuple[list[Segment], list[Segment]]:
    console = Console(width=width, file=None, legacy_windows=False, color_system="truecolor")
    options = console.options.update_width(width)
    return grid.segments(console, options), list(console.render(grid.table(), options))


def test_every_record_of_the_sample_is_drawn_as_the_table_draws_it(ws: Path) -> None:
    data = load_workspace(ws)
    shown = 0
    for kind in k.ALL_KINDS:
        for entry in data.entries[kind.name].values():
            detail = build_detail(data, kind, entry.id, [])
            assert detail is not None
            for width in WIDTHS:
                fast, table = _both(FieldsGrid(detail.fields), width)
                assert fast == table, (kind.name, entry.id, width)
            shown += 1
    assert shown > 40


_words = st.text(
    alphabet=st.sampled_from([*"abcdeé ñ  \n\t-.@/漢字😀", "\u00a0", "\u2028"]),
    max_size=60,
)
_styles = st.sampled_from(["", "bold", "italic", "dim", "red on blue"])


@st.composite
def _value(draw: st.DrawFn) -> Text:
    value = Text(draw(_words), style=draw(_styles))
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(value)))
        value.stylize(draw(_styles), start, draw(st.integers(start, len(value) + 2)))
    if draw(st.booleans()):
        value.append(Text(draw(_words), style=draw(_styles)))
    return value


@settings(max_examples=300, deadline=None)
@given(
    fields=st.lists(st.tuples(_words, _value()), max_size=8),
    width=st.integers(1, 130),
)
def test_any_fields_are_drawn_as_the_table_draws_them(
    fields: list[tuple[str, Text]], width: int
) -> None:
    fast, table = _both(FieldsGrid(fields), width)
    assert fast == table


def test_the_segments_of_a_width_are_drawn_once() -> None:
    grid = FieldsGrid([("Handle", Text("@someone")), ("Notes", Text("a b c " * 30))])
    console = Console(width=60, file=None)
    first = list(console.render(grid, console.options.update_width(60)))
    assert list(console.render(grid, console.options.update_width(60))) == first
    narrower = list(console.render(grid, console.options.update_width(40)))
    assert narrower == list(console.render(grid.table(), console.options.update_width(40)))
