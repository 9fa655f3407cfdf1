"""A small workspace with a crisis playbook, for crisis-mode tests (real files, real git)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from smgov_tui.store.incidents import IncidentFile, Incidents
from smgov_tui.store.store import Store
from tests.helpers.git import git

WORKSPACE = """\
organisation = "La Esquina S.L."
brand = "La Esquina"
timezone = "Europe/Madrid"
language = "en"
"""

MANAGEMENT = """\
purpose = "Sell books"

[[roles]]
id = "community-manager"
title = "Community manager"

[[roles]]
id = "head-of-comms"
title = "Head of communication"
"""

OWNERS = {
    "ana-ruiz": 'name = "Ana Ruiz"\nrole = "community-manager"\nphone = "+34 600 000 001"\n'
    'email = "ana@example.org"\n',
    "luis-gil": 'name = "Luis [bold]Gil[/]"\nrole = "head-of-comms"\nphone = "+34 600 000 002"\n',
}

CONTACTS = {
    "legal-desk": 'name = "Marta Legal"\nkind = "legal"\n'
    'organisation = "Bufete [link=\\"file:///etc/passwd\\"]x[/link]"\n'
    'phone = "+34 911 000 001"\nemail = "marta@bufete.example"\navailability = "24/7"\n'
    "escalation_level = 1\n",
    "pr-agency": 'name = "Pablo PR"\nkind = "pr_agency"\nphone = "+34 911 000 002"\n'
    'availability = "Mon-Fri 9-18"\nescalation_level = 2\n',
    "ceo": 'name = "Carmen CEO"\nkind = "executive"\nphone = "+34 911 000 003"\n'
    "escalation_level = 3\n",
}

PLAYBOOK = """\
# The account was taken over
title = "Hacked account"
trigger = "Someone else posts from one of our accounts"
reminder_minutes = 15

[[severities]]
id = "low"
label = "Low"
first_response_minutes = 240
description = "A dormant account"

[[severities]]
id = "high"
label = "High"
first_response_minutes = 60
description = "A main account posts harmful content"

[[steps]]
id = "lock-account"
title = "Lock the account"
detail = "Reset the password and log out every session."
role = "community-manager"
contacts = ["legal-desk"]

[[steps]]
id = "call-agency"
title = "Call the PR agency"
role = "head-of-comms"
contacts = ["pr-agency"]
severities = ["high"]

[[steps]]
id = "publish-statement"
title = "Publish the holding statement"
role = "community-manager"
statement = "holding"

[[steps]]
id = "review"
title = "Review what happened"

[[statements]]
id = "holding"
title = "We are on it"
text = '''{brand} ({organisation}) knows about posts made on {date} at {time}
from {account}. [bold]We{x}are on it{.'''
"""

OTHER_PLAYBOOK = """\
title = "Offensive post"
trigger = "A post of ours offends people"

[[severities]]
id = "medium"
label = "Medium"
first_response_minutes = 120

[[steps]]
id = "remove-post"
title = "Remove the post"
"""


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker (saves, pushes) has finished and the screen has redrawn."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def make_crisis_ws(root: Path) -> Path:
    """Write the workspace into ``root`` and commit it; returns ``root``."""
    files = {
        "workspace.toml": WORKSPACE,
        "protocols/management.toml": MANAGEMENT,
        "protocols/crisis/hacked-account.toml": PLAYBOOK,
        "protocols/crisis/offensive-post.toml": OTHER_PLAYBOOK,
    }
    files.update({f"owners/{k}.toml": v for k, v in OWNERS.items()})
    files.update({f"contacts/{k}.toml": v for k, v in CONTACTS.items()})
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    return root


async def press_done(pilot: Pilot[None]) -> None:
    """Press d on the step screen; on a pause step, tick every account paused and press Enter
    (what a person does once each account's scheduled posts are paused). Waits for the save."""
    from textual.widgets import OptionList

    from smgov_tui.ui.modals.pause_accounts import PauseAccountsModal

    await pilot.press("d")
    await pilot.pause()
    modal = pilot.app.screen
    if isinstance(modal, PauseAccountsModal):
        listing = modal.query_one(OptionList)
        for index, account in enumerate(modal.to_pause):
            if account not in modal.ticked:
                listing.highlighted = index
                await pilot.press("space")
        await pilot.press("enter")
    await settle(pilot)


def sample_store(root: Path, lang: str) -> Store:
    """The sample workspace in ``lang`` (es or en), committed in ``root``, loaded."""
    import datetime as dt

    from smgov_tui.store.template import init_workspace
    from tests.helpers.git import AUTHOR

    init_workspace(root, lang, AUTHOR, today=dt.date(2026, 11, 22))
    store = Store.open(root)
    store.load()
    return store


def walk_to(incidents: Incidents, current: IncidentFile, step_id: str) -> IncidentFile:
    """``current`` with every step before ``step_id`` logged done (a pause step with each of
    its accounts confirmed paused)."""
    from smgov_tui.core.crisis_actions import Checklist

    while (step := current.crisis.current_step) is not None and step.id != step_id:
        paused = tuple(current.crisis.to_pause(step))
        current = incidents.act(current, "done", checklist=Checklist(paused=paused))
    return current
