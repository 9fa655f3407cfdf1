"""A form's controls are compact from birth: styled once as they mount, not restyled as they
are made (``born_compact``), and drawn without borders like Textual's own ``compact=True``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.app import App
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Select, TextArea

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.textual_internals import born_compact
from smgov_tui.ui.widgets.fields.base import FormInput
from smgov_tui.ui.widgets.long_select import CompactSelect
from tests.helpers.editing import editing
from tests.helpers.forms import FormApp, sync


def _restyles(monkeypatch: pytest.MonkeyPatch) -> list[DOMNode]:
    """The nodes restyled from now on (through Textual's public ``update_node_styles``)."""
    seen: list[DOMNode] = []
    original = DOMNode.update_node_styles

    def counting(node: DOMNode, animate: bool = True) -> None:
        seen.append(node)
        original(node, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", counting)
    return seen


@asynccontextmanager
async def _counting(
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[tuple[Pilot[None], list[DOMNode]]]:
    """An empty app running, and the nodes restyled from now on."""
    app: App[None] = App()
    async with app.run_test(size=(60, 20)) as pilot:
        yield pilot, _restyles(monkeypatch)


async def _mount(pilot: Pilot[None], *widgets: Widget) -> None:
    await pilot.app.mount_all(widgets)
    await pilot.pause()


@sync
async def test_born_compact_controls_look_like_textual_compact_ones_and_are_styled_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    options = [("One", 1), ("Two", 2)]
    async with _counting(monkeypatch) as (pilot, restyled):
        ours = [
            born_compact(Input("text")),
            born_compact(TextArea("text")),
            born_compact(Button("Add")),
            CompactSelect(options, value=1),
        ]
        stock = [
            Input("text", compact=True),
            TextArea("text", compact=True),
            Button("Add", compact=True),
            Select(options, value=1, compact=True),
        ]
        for mine, theirs in zip(ours, stock, strict=True):
            # Textual's compact=True restyles the control as it is made (its value or
            # style may restyle it too, both ways alike); born compact, it is not.
            assert restyled.count(mine) + 1 == restyled.count(theirs), type(mine)
        await _mount(pilot, *ours, *stock)
        for mine, theirs in zip(ours, stock, strict=True):
            assert mine.compact and theirs.compact  # type: ignore[attr-defined]
            assert mine.has_class("-textual-compact") == theirs.has_class("-textual-compact")
            assert mine.styles.border == theirs.styles.border
            assert mine.styles.height == theirs.styles.height
        # The drop-down takes the select's compact through a binding once mounted, which
        # restyles it; ours is made compact, so the binding changes nothing.
        mine_list, theirs_list = (select.query_one(OptionList) for select in (ours[3], stock[3]))
        assert mine_list.compact and theirs_list.compact
        assert restyled.count(mine_list) + 1 == restyled.count(theirs_list)
        assert isinstance(ours[3], Select) and ours[3].value == 1


@sync
async def test_a_forms_controls_are_compact(ws: Path) -> None:
    store = Store.open(ws)
    store.load()
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (_pilot, screen):
        inputs = list(screen.query(FormInput))
        selects = list(screen.query(Select))
        assert inputs and selects
        for control in [*inputs, *selects, *screen.query(TextArea)]:
            assert control.compact, control
            assert not control.styles.border.top[0], control  # no border: one line per field


@sync
async def test_a_compact_select_shows_its_value_as_textual_does_and_is_styled_once_less(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    options = [("One", 1), ("Two", 2)]
    async with _counting(monkeypatch) as (pilot, restyled):
        ours = [
            CompactSelect(options, value=2),
            CompactSelect(options, allow_blank=False),  # takes the first option
            CompactSelect(options),  # blank: shows the prompt
        ]
        stock = [
            Select(options, value=2, compact=True),
            Select(options, allow_blank=False, compact=True),
            Select(options, compact=True),
        ]
        await _mount(pilot, *ours, *stock)
        for mine, theirs in zip(ours, stock, strict=True):
            assert mine.value == theirs.value
            mine_current, theirs_current = (s.query_one("SelectCurrent") for s in (mine, theirs))
            assert mine_current.has_class("-has-value") == theirs_current.has_class("-has-value")
            label = mine_current.query_one("#label")
            assert label.styles.color == theirs_current.query_one("#label").styles.color
            if mine.value != Select.NULL:  # Textual restyles its part as the value comes in
                assert restyled.count(mine_current) + 1 == restyled.count(theirs_current)
        assert not ours[2].query_one("SelectCurrent").has_class("-has-value")
