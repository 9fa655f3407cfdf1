"""A detail's tables are told the height of their one-line rows instead of measuring them
(ui/screens/record.py, one_line_height): what they show must be what a measured row shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from smgov_tui.core import kinds as k
from smgov_tui.ui.screens import record
from smgov_tui.ui.screens.record import one_line_height
from tests.helpers.ui import left, opened, run_async, started

RECORDS = (
    (k.ACCOUNTS, "x-olmedo-responde"),
    (k.OWNERS, "javier-moreno"),
    (k.PLAYBOOKS, "hacked-account"),
    (k.CONTACTS, "agencia-faro"),
)


def test_a_row_is_one_line_only_when_every_cell_fits_on_one() -> None:
    assert one_line_height([Text("Owner"), Text("Ana Ruiz")], (None, None)) == 1
    assert one_line_height([Text("Owner"), Text("ana@x.es")], (None, 8)) == 1
    assert one_line_height([Text("Owner"), Text("ana.ruiz@x.es")], (None, 8)) is None
    assert one_line_height([Text("1. Call\n2. Write")], (None,)) is None
    assert one_line_height([Text("a\tb")], (None,)) is None
    assert one_line_height([Text("漢字漢字")], (7,)) is None  # eight cells wide


async def _pictures(ws: Path, size: tuple[int, int]) -> list[str]:
    """Each record of RECORDS as the app draws it (opened in turn, as a person would)."""
    pictures = []
    async with started(ws, size) as (app, pilot):
        for kind, record_id in RECORDS:
            await opened(pilot, kind, record_id)
            pictures.append(app.export_screenshot())
            await left(pilot)
    return pictures


@pytest.mark.parametrize("size", [(100, 30), (60, 30)])
@run_async
async def test_rows_told_their_height_look_as_rows_measured(
    ws: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    told = await _pictures(ws, size)
    monkeypatch.setattr(record, "one_line_height", lambda cells, widths: None)
    measured = await _pictures(ws, size)
    assert told == measured
