"""The store writes what the person ticked: an escalation's calls and a pause step's accounts,
as readable TOML appended to the log, one commit each; a refused checklist writes nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from smgov_tui.core.crisis_actions import Checklist
from smgov_tui.store.errors import StoreError
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.store.tomlmerge import merge_toml
from tests.helpers.crisis import make_crisis_ws
from tests.helpers.git import git, subjects

ACCOUNTS = {
    "instagram-tienda": 'network = "instagram"\nhandle = "@tienda"\n'
    'scheduler_url = "https://app.metricool.com/planner?profile=ig"\n',
    "x-tienda": 'network = "x"\nhandle = "@tienda"\n',
}


@pytest.fixture
def incidents(tmp_path: Path) -> Incidents:
    root = make_crisis_ws(tmp_path / "cws")
    playbook = root / "protocols/crisis/hacked-account.toml"
    text = playbook.read_text(encoding="utf-8")
    pause = (
        '[[steps]]\nid = "pause-scheduled"\ntitle = "Pause scheduled posts"\n'
        'pause_accounts = ["instagram-tienda"]\n\n[[steps]]'
    )
    playbook.write_text(text.replace("[[steps]]", pause, 1), encoding="utf-8")
    for aid, body in ACCOUNTS.items():
        (root / "accounts").mkdir(exist_ok=True)
        (root / "accounts" / f"{aid}.toml").write_text(body, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "a pause step")
    store = Store.open(root)
    store.load()
    return Incidents(store)


def test_a_pause_step_is_logged_with_the_accounts_confirmed_paused(
    incidents: Incidents, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:00:00+01:00")
    current = incidents.create("hacked-account", "high", account="x-tienda")
    root = incidents.store.root
    before = (root / current.path).read_text(encoding="utf-8")
    with pytest.raises(StoreError, match="Confirm that every account is paused"):
        incidents.act(current, "done", checklist=Checklist(paused=("instagram-tienda",)))
    assert (root / current.path).read_text(encoding="utf-8") == before  # nothing written
    done = incidents.act(
        current, "done", checklist=Checklist(paused=("x-tienda", "instagram-tienda"))
    )
    text = (root / current.path).read_text(encoding="utf-8")
    assert text.startswith(before)
    assert text.endswith('step = "pause-scheduled"\npaused = ["instagram-tienda", "x-tienda"]\n')
    assert subjects(root)[0] == f"incidents: {current.id} done pause-scheduled"
    assert done.incident.log[-1].paused == ["instagram-tienda", "x-tienda"]
    assert incidents.read(current.id).incident == done.incident


def test_an_escalation_is_logged_with_each_call(
    incidents: Incidents, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T23:40:00+01:00")
    current = incidents.create("hacked-account", "high")
    current = incidents.act(
        current, "escalated", checklist=Checklist(outcomes={"pr-agency": "left_message"})
    )
    root = incidents.store.root
    text = (root / current.path).read_text(encoding="utf-8")
    assert text.endswith(
        'action = "escalated"\nstep = "pause-scheduled"\ncalls = [\n'
        '    { contact = "pr-agency", who = "Pablo PR +34 911 000 002", '
        'outcome = "left_message" },\n]\n'
    )
    raw = tomllib.loads(text)
    assert raw["log"][-1]["calls"][0]["outcome"] == "left_message"
    assert subjects(root)[0] == f"incidents: {current.id} escalated to level 2"
    assert incidents.read(current.id).crisis.escalation_level == 2


def test_a_teammates_note_merges_with_an_escalations_calls(
    incidents: Incidents, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T23:40:00+01:00")
    opened = incidents.create("hacked-account", "high")
    mine = incidents.act(
        opened, "escalated", checklist=Checklist(outcomes={"pr-agency": "reached"})
    )
    theirs = opened.text + (
        '\n[[log]]\nat = 2026-11-22T23:41:00+01:00\nauthor = "Bea <bea@example.org>"\n'
        'action = "note"\nnote = "the agency called back"\n'
    )
    merged = merge_toml(opened.text, mine.text, theirs, mine.path)
    assert merged.result is not None and not merged.result.conflicts
    log = tomllib.loads(merged.text)["log"]
    assert [(e["action"], e.get("calls", [{}])[0].get("outcome")) for e in log] == [
        ("opened", None),
        ("escalated", "reached"),
        ("note", None),
    ]
