"""A list wider than its columns need gives the spare width to the columns it cuts."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.present.listing import ColumnSpec, build_accounts, fit_columns
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.ui import loaded, run_async, settle


def test_spare_width_goes_to_the_cut_columns_up_to_their_longest_cell() -> None:
    columns = (
        ColumnSpec("name", "Name", max_width=10, min_width=4),
        ColumnSpec("status", "Status", max_width=10, min_width=4, drop=2),
        ColumnSpec("notes", "Notes", max_width=10, min_width=4, drop=1),
    )
    # name needs 30 and notes 14, both capped at 10; status fits
    natural = (30, 8, 14)
    widths = (10, 8, 10)
    assert fit_columns(columns, widths, 40, 1) == [10, 8, 10]  # without natural: as before
    fitted = fit_columns(columns, widths, 40, 1, natural)
    assert sum(w + 1 for w in fitted) == 40  # nothing left unused while a cell is cut
    assert fitted[1] == 8 and fitted[2] == 14 and fitted[0] == 40 - 3 - 8 - 14
    # more room than every cell needs: each column stops at its longest cell
    assert fit_columns(columns, widths, 100, 1, natural) == [30, 8, 14]
    # too narrow: shrinking works as before, nothing is given
    assert fit_columns(columns, widths, 25, 1, natural) == fit_columns(columns, widths, 25, 1)


def test_the_model_knows_each_column_s_longest_cell(store: Store) -> None:
    model = build_accounts(store.data)
    model.compute_widths()
    for index, column in enumerate(model.columns):
        longest = max(len(row.texts[index]) for row in model.rows)
        assert model.natural[index] == max(column.min_width, longest, len(column.label) + 2)
        assert model.widths[index] == min(column.max_width, model.natural[index])


@pytest.mark.parametrize("section", ["accounts", "owners", "contacts", "incidents"])
@pytest.mark.parametrize("size", [(120, 40), (160, 40)])
@run_async
async def test_a_list_uses_its_whole_width_before_cutting_a_cell(
    ws: Path, size: tuple[int, int], section: str
) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        app.screen.show_section(section)  # type: ignore[attr-defined]
        await settle(pilot)
        view = app.screen.query_one(f"#section-{section}", RecordList)
        table = view.table
        used = sum(w + table.PADDING for w in table.widths if w)
        available = view.size.width - 1 - table.styles.scrollbar_size_vertical
        rows = [table.render_line(y).text for y in range(1, min(table.row_count, 30) + 1)]
        # a cell cut short (…) only when not a column of width is left unused
        if any("…" in row for row in rows):
            assert used == available, (section, used, available)
