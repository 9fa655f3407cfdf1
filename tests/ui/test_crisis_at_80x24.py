"""Nothing hidden at 80x24: contacts below the fold are announced ("2 more contacts below —
PgDn"), on the sample workspace (phone numbers: test_crisis_phone_wrap)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from tests.helpers.crisis import settle
from tests.helpers.git import git
from tests.helpers.ui import screen_lines

PHONE = re.compile(r"\+\d[\d ]*\d")


def phones_of(store: Store) -> set[str]:
    """Every phone number of the workspace's people and contacts."""
    numbers = {c.phone for c in store.data.contacts.values()}
    numbers |= {o.phone for o in store.data.owners.values()}
    return {n for n in numbers if n}


def test_contacts_below_the_fold_are_announced(store: Store, ws: Path) -> None:
    playbook = ws / "protocols/crisis/hacked-account.toml"
    text = playbook.read_text(encoding="utf-8")
    text = text.replace(
        'contacts = ["seguridad-it"]',
        'contacts = ["seguridad-it", "asesoria-juridica", "seguro-ciberriesgos", "nexo-digital"]',
    )
    playbook.write_text(text, encoding="utf-8")
    git(ws, "commit", "-qam", "four contacts on secure-access")
    store.load()
    incidents = Incidents(store)
    current = incidents.act(incidents.create("hacked-account", "high"), "done")

    async def main() -> None:
        app = CrisisApp(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(CrisisStepScreen(store, current.id))
            await settle(pilot)
            lines = screen_lines(app)
            hint = [line for line in lines if "below — PgDn" in line]
            assert hint and re.search(r"\d more contacts? below — PgDn", hint[0]), lines
            await pilot.press("pagedown", "pagedown")
            await settle(pilot)
            shown = "\n".join(screen_lines(app))
            assert "Nexo Digital" in shown
            assert "below — PgDn" not in shown

    asyncio.run(main())
