"""The first record opened is not the slowest: what opening one needs is imported once the
first screen is painted, before anyone presses Enter. Checked in a fresh interpreter (the
test process has imported everything already); bench/bench_tui.py measures the opens."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.machine import probe_stderr

FIRST_SCREEN = """
import asyncio, sys
from pathlib import Path
from tests.helpers.ui import settle, started

async def main(ws):
    before = "smgov_tui.ui.screens.record" in sys.modules  # the app's module is imported
    async with started(Path(ws), (100, 30)) as (app, pilot):
        await settle(pilot)
        after = "smgov_tui.ui.screens.record" in sys.modules
        print(f"RECORD={{before}},{{after}},{{type(app.screen).__name__}}", file=sys.stderr)

asyncio.run(main(*{args!r}))
"""


def test_the_record_screen_is_ready_once_the_first_screen_is_painted(ws: Path) -> None:
    stderr = probe_stderr(FIRST_SCREEN, str(ws))
    lines = [line for line in stderr.splitlines() if line.startswith("RECORD=")]
    assert lines, stderr
    # not imported with the app (the list shows sooner), there before any Enter
    assert lines[-1] == "RECORD=False,True,MainScreen"
