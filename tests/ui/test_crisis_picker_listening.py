"""The crisis picker shows, under each playbook's trigger, the listening thresholds that point
to it: what the person on call saw is matched to a playbook by the numbers agreed beforehand."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import OptionList

from smgov_tui.core import kinds as k
from smgov_tui.i18n import set_language
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.screens.crisis.prompts import playbook_prompt
from tests.helpers.crisis import settle
from tests.helpers.ui import screen_lines


def _prompts(app: CrisisApp) -> dict[str, str]:
    options = app.screen.query_one("#start-list", OptionList)
    return {
        str(option.id): str(option.prompt)
        for option in (options.get_option_at_index(i) for i in range(options.option_count))
        if option.id
    }


def test_the_picker_shows_the_thresholds_under_each_trigger(store: Store) -> None:
    async def main() -> dict[str, str]:
        app = CrisisApp(store)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            return _prompts(app)

    prompts = asyncio.run(main())
    viral = prompts["new:viral-complaint"].splitlines()
    assert viral[0] == "Viral complaint"
    assert viral[1].startswith("   When: A customer complaint")
    assert viral[2:] == [
        "   Heard: more than 50 complaints about the same shop, product or order in 1 h",
        "   Heard: more than 3 mentions of a possible food risk (allergen, poisoning, "
        "something in a product) in 2 h",
    ]
    assert prompts["new:hacked-account"].splitlines()[-1] == (
        "   Heard: posts or messages that no one in the team wrote, on any of our accounts: "
        "a single one is enough"
    )


def test_a_playbook_without_thresholds_shows_its_trigger_alone(store: Store) -> None:
    (store.root / "protocols/listening.toml").unlink()
    store.load()
    assert store.data.listening is None
    playbook = store.data.playbooks["viral-complaint"]
    lines = str(playbook_prompt(playbook)).splitlines()
    assert lines[0] == "Viral complaint" and all("Heard" not in line for line in lines)


def test_the_thresholds_in_spanish(store: Store) -> None:
    entry = store.data.entry(k.LISTENING, "listening")
    assert entry is not None
    threshold = entry.record.thresholds[0]
    set_language("es")
    try:
        text = str(playbook_prompt(store.data.playbooks["viral-complaint"], [threshold]))
    finally:
        set_language("en")
    assert text.splitlines()[-1] == (
        "   Escucha: más de 50 complaints about the same shop, product or order en 1 h"
    )


def test_snapshot_picker_with_thresholds(store: Store, snap_compare: Any) -> None:
    """80x24: the first playbook, its trigger and its threshold on screen."""

    async def check(pilot: Any) -> None:
        await settle(pilot)
        assert any("Heard: " in line for line in screen_lines(pilot.app))

    assert snap_compare(CrisisApp(store), terminal_size=(80, 24), run_before=check)
