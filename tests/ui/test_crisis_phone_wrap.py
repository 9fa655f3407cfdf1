"""A phone number at the end of a line of the step screen stays whole (80x24)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.crisis import make_crisis_ws, settle
from tests.helpers.git import git
from tests.helpers.ui import screen_lines


@pytest.mark.parametrize("length", [41, 45, 49, 54])
def test_a_holder_phone_at_the_line_end_stays_whole(length: int, tmp_path: Path) -> None:
    root = make_crisis_ws(tmp_path / "cws")
    name = ("Ana " + "x" * 60)[:length]
    (root / "owners/ana-ruiz.toml").write_text(
        f'name = "{name}"\nrole = "community-manager"\nphone = "+34 652 87 03 41"\n',
        encoding="utf-8",
    )
    git(root, "commit", "-qam", "a long name")
    store = Store.open(root)
    store.load()
    current = Incidents(store).create("hacked-account", "high")

    async def main() -> None:
        app = CrisisApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(CrisisStepScreen(store, current.id))
            await settle(pilot)
            lines = [line.replace("\xa0", " ") for line in screen_lines(app)]
            assert any("+34 652 87 03 41" in line for line in lines), lines

    asyncio.run(main())
