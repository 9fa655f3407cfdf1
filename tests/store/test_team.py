"""Crisis mode's team sync (``store.team.share``): fetch, rebase, push, never forced; a
conflict waits for after the crisis. A real bare remote and two clones."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.core.crisis_actions import Action
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.store.team import Opened, opened_by_teammates, share
from tests.helpers.git import git
from tests.helpers.sync import change, head, remote_head

ANA = "owners/ana-ruiz.toml"


def test_share_brings_a_teammates_incident_and_log_and_sends_ours(
    remote: Path, alice: Store, bob: Store
) -> None:
    opened = Incidents(alice).create("hacked-account", "high", "Instagram taken")
    assert share(alice).state.label == "team: up to date: teammates see this log"

    shared = share(bob)
    assert shared.result is not None and shared.result.opened == [opened.path]
    assert shared.state.label == "team: up to date: teammates see this log"
    joined = Incidents(bob).read(opened.id)
    Incidents(bob).act(joined, Action.NOTE, "Bob is on it")
    assert share(bob).state.label == "team: up to date: teammates see this log"

    shared = share(alice)
    assert opened.path in shared.arrived and not shared.opened
    notes = [e.note for e in Incidents(alice).read(opened.id).incident.log]
    assert "Bob is on it" in notes
    assert head(alice.root) == head(bob.root) == remote_head(remote)


def test_both_logging_one_incident_never_conflicts(alice: Store, bob: Store) -> None:
    opened = Incidents(alice).create("hacked-account", "high", "Instagram taken")
    share(alice)
    share(bob)
    Incidents(alice).act(Incidents(alice).read(opened.id), Action.NOTE, "from Alice")
    Incidents(bob).act(Incidents(bob).read(opened.id), Action.NOTE, "from Bob")
    assert share(alice).state.label == "team: up to date: teammates see this log"
    shared = share(bob)  # the log merges: rebased, no question
    assert shared.result is not None and shared.result.ok
    assert shared.state.label == "team: up to date: teammates see this log"
    notes = [e.note for e in Incidents(bob).read(opened.id).incident.log]
    assert "from Alice" in notes and "from Bob" in notes


def test_a_conflict_waits_for_after_the_crisis(alice: Store, bob: Store) -> None:
    change(alice, ANA, phone="+34 600 111 222")
    share(alice)
    change(bob, ANA, phone="+34 699 000 000")
    Incidents(bob).create("hacked-account", "high", "Instagram taken")
    before = head(bob.root)

    shared = share(bob)

    assert shared.result is not None and shared.result.status == "conflicts"
    assert shared.state.label == (
        "team: a conflict waits for after the crisis; 2 changes only on this computer"
    )
    assert head(bob.root) == before  # nothing changed, nothing forced
    assert git(bob.root, "status", "--porcelain") == ""


def test_without_a_remote_nothing_is_tried(store: Store) -> None:
    shared = share(store)
    assert shared.result is None and shared.state.label == (
        "team: only on this computer (no shared copy): teammates cannot see this log"
    )


def test_an_incident_a_teammate_opened_is_announced_by_name(alice: Store, bob: Store) -> None:
    opened = Incidents(alice).create("hacked-account", "high", "Instagram taken")
    share(alice)
    shared = share(bob)
    assert shared.result is not None

    news = opened_by_teammates(bob, shared.result.opened)

    said = Opened(opened.id, "Alice opened Hacked account (High): C to join")
    assert news == [said] and shared.opened == (said,)
