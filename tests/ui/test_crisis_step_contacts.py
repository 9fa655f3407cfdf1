"""A step with three contacts to call, at 80x24 in English and Spanish (the sample's "Assess
whether personal data was exposed": in-house legal, the cyber insurer, the external lawyers),
with each contact's hours beside its phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from smgov_tui.i18n import set_language
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.crisis import sample_store, settle, walk_to


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_step_with_three_contacts(
    lang: str, store: Store, tmp_path: Path, snap_compare: Any, language: None
) -> None:
    if lang == "es":
        store = sample_store(tmp_path / "es", "es")
        set_language("es")
    incidents = Incidents(store)
    current = walk_to(incidents, incidents.create("hacked-account", "high"), "data-protection")
    step = current.crisis.current_step
    assert step is not None and len(step.contacts) == 3

    async def show(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, current.id))
        await settle(pilot)

    assert snap_compare(CrisisApp(store), terminal_size=(80, 24), run_before=show)
