"""A long note in an incident's log is wrapped inside the visible width: no character lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.record import LinkTable, RecordScreen
from tests.helpers.ui import loaded, run_async, settle

NOTE = (
    "Attacker posted a fake giveaway at 03:10; called Beatriz Lozano Pardo (Faro Comunicación) "
    "+34 644 19 27 53 and Inés Lasarte Roig (Lasarte Roig Abogados) +34 963 52 18 40, then "
    "Tomás Ferrer Ballester +34 652 87 03 41 for the people director."
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@run_async
async def test_every_character_of_a_long_note_is_shown(
    store: Store, ws: Path, size: tuple[int, int]
) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    incidents.act(current, "note", NOTE)
    app = SmgovApp(ws)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        app.open_record("incidents", current.id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        table = next(t for t in screen.query(LinkTable) if t.block.columns[-1].width)
        # the table fits the width it is shown in: nothing is clipped at the right edge
        total = sum(column.get_render_width(table) for column in table.columns.values())
        assert total <= table.scrollable_content_region.width
        # and the note, wrapped at its column's width, keeps every character
        note = list(table.columns.values())[-1]
        # (phone numbers are joined with no-break spaces: they are never split)
        row = next(
            i
            for i, cells in enumerate(table.block.rows)
            if cells[0][-1].plain.replace("\u00a0", " ") == NOTE
        )
        shown = table.get_row_at(row)[-1]
        lines = shown.wrap(app.console, note.width)
        assert "".join("".join(line.plain.split()) for line in lines) == "".join(NOTE.split())
        assert table.get_row_height(table.ordered_rows[row].key) == len(lines)
        assert all(len(line.plain.rstrip()) <= note.width for line in lines)


PHONES = ("+34 644 19 27 53", "+34 963 52 18 40", "+34 652 87 03 41")


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
@run_async
async def test_a_phone_number_in_the_log_is_never_split(
    store: Store, ws: Path, size: tuple[int, int]
) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    incidents.act(current, "note", NOTE)
    app = SmgovApp(ws)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        app.open_record("incidents", current.id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        table = next(t for t in screen.query(LinkTable) if t.block.columns[-1].width)
        note = list(table.columns.values())[-1]
        assert note.width is not None
        row = table.row_count - 1
        lines = table.get_row_at(row)[-1].wrap(app.console, note.width)
        shown = [line.plain.replace("\u00a0", " ") for line in lines]
        for phone in PHONES:
            assert any(phone in line for line in shown), (phone, shown)
        assert " ".join(shown).split() == NOTE.split()  # every word, in order
        total = sum(column.get_render_width(table) for column in table.columns.values())
        assert total <= table.scrollable_content_region.width
