"""What crisis mode's screens share about the team: how often they sync, the sync's worker,
and how a teammate's new incident is announced (the same words on every crisis screen)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.store import Store

if TYPE_CHECKING:  # the sync itself is imported in its worker, after the first screen
    from smgov_tui.store.team import Opened, Shared

TEAM_SECONDS = 60.0
"""Seconds between two background team syncs while a crisis screen is shown."""


def announce(screen: Screen[Any], news: Iterable[Opened]) -> None:
    """Say, one notice each, which incidents teammates opened (``C`` joins)."""
    for item in news:
        screen.notify(
            item.sentence, title=_("Incident opened"), severity="warning", timeout=30, markup=False
        )


def incidents_arrived(shared: Shared) -> bool:
    """True when the sync changed an incident file here (a teammate logged or opened one)."""
    for path in shared.arrived:
        found = k.kind_for_path(path)
        if found is not None and found[0] is k.INCIDENTS:
            return True
    return False


def share_in_background(screen: Screen[Any], store: Store, done: Callable[[Shared], None]) -> None:
    """Sync with the team in a worker of ``screen`` (one at a time; the UI never waits on the
    network), then call ``done`` with what it did, on the UI thread."""

    def run() -> None:
        from smgov_tui.store.team import Shared, TeamState, share

        try:
            shared = share(store)
        except StoreError as error:  # said on the team line, never raised into the screen
            shared = Shared(TeamState("?", 0, str(error)))
        screen.app.call_from_thread(done, shared)

    screen.run_worker(
        run, thread=True, exclusive=True, group="crisis-team", exit_on_error=False, name="team"
    )
