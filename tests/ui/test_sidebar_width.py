"""The sidebar keeps a space between its longest label and its border, in every language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import OptionList

from smgov_tui.i18n import current_language, set_language
from smgov_tui.ui.app import SmgovApp
from tests.helpers.ui import loaded, run_async


@pytest.fixture
def language() -> Iterator[None]:
    """Whatever a test sets, the language in use before it comes back after it."""
    before = current_language()
    yield
    set_language(before)


@pytest.mark.parametrize(("lang", "longest"), [("es", "4 Protocolos"), ("en", "4 Protocols")])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@run_async
async def test_the_longest_section_label_does_not_touch_the_border(
    ws: Path, language: None, lang: str, longest: str, size: tuple[int, int]
) -> None:
    set_language(lang)
    app = SmgovApp(ws)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        sidebar = app.screen.query_one("#sidebar", OptionList)
        labels = [str(sidebar.get_option_at_index(i).prompt) for i in range(8)]
        assert longest in labels and max(map(cell_len, labels)) == cell_len(longest)
        # the label, then at least one blank cell, then the border
        assert sidebar.content_region.width > cell_len(longest)
        # and the view beside it starts after that border (nothing overlaps)
        assert app.screen.query_one("#views").region.x == sidebar.region.right
