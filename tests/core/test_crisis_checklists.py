"""What the person ticks before an action is logged (``core.crisis_actions.Checklist``): who
answered each call of an escalation, and which accounts a pause step found paused. The log
says exactly that, and an older log without it reads as it did."""

from __future__ import annotations

import datetime as dt
import tomllib

import msgspec
import pytest

from smgov_tui.core import records as r
from smgov_tui.core.crisis import Crisis, CrisisError, entry_text, entry_texts, open_incident
from smgov_tui.core.crisis_actions import Action, Checklist
from smgov_tui.i18n import set_language
from tests.helpers.crisis import CONTACTS, PLAYBOOK

T0 = dt.datetime(2026, 11, 22, 23, 40, tzinfo=dt.timezone(dt.timedelta(hours=1)))
WHO = "Ana Ruiz <ana@example.org>"

PAUSE_STEP = """
[[steps]]
id = "pause-scheduled"
title = "Pause scheduled posts"
pause_accounts = ["instagram-tienda", "x-tienda"]
"""


@pytest.fixture(autouse=True)
def english(language: None) -> None:
    """English for each test (a test may switch to Spanish); ``language`` puts back the one
    before."""
    set_language("en")


def contacts() -> dict[str, r.Contact]:
    more = {
        "agency-night": 'name = "Nora Night"\nkind = "pr_agency"\nphone = "+34 911 000 009"\n'
        "escalation_level = 2\nalways_reachable = true\n",
    }
    return {
        k: msgspec.convert(tomllib.loads(v), r.Contact) for k, v in {**CONTACTS, **more}.items()
    }


def crisis(playbook_text: str = PLAYBOOK, account: str = "") -> Crisis:
    # steps are appended after the playbook's statements table: TOML puts them in [[steps]]
    playbook = msgspec.convert(tomllib.loads(playbook_text), r.Playbook)
    incident = open_incident("hacked-account", playbook, "high", WHO, T0, account=account)
    return Crisis(playbook, incident)


def test_each_call_of_an_escalation_is_logged_with_what_came_of_it() -> None:
    c = crisis()
    checklist = Checklist(outcomes={"agency-night": "reached", "pr-agency": "no_answer"})
    entry = Action.ESCALATED.entry(c, WHO, T0, "Nora takes it", contacts(), checklist)
    assert entry.calls == [
        r.Call(contact="agency-night", who="Nora Night +34 911 000 009", outcome="reached"),
        r.Call(contact="pr-agency", who="Pablo PR +34 911 000 002", outcome="no_answer"),
    ]
    assert entry.note == "Nora takes it"
    assert entry_text(entry, 2) == (
        "Level 2:\nNora Night +34 911 000 009 — reached\n"
        "Pablo PR +34 911 000 002 — no answer\nNora takes it"
    )
    after = c.with_entry(entry)
    assert after.escalation_level == 2  # the replay is as before
    left = Checklist(outcomes={"ceo": "left_message"})
    nxt = Action.ESCALATED.entry(after, WHO, T0, "", contacts(), left)
    assert entry_texts(after.with_entry(nxt).incident.log)[-1] == (
        "Level 3:\nCarmen CEO +34 911 000 003 — left a message"
    )
    set_language("es")
    assert entry_text(nxt, 3) == "Nivel 3:\nCarmen CEO +34 911 000 003 — mensaje dejado"


def test_an_escalation_names_no_contact_outside_the_level_nor_an_unknown_outcome() -> None:
    c = crisis()
    with pytest.raises(CrisisError, match="ceo do not hold level 2"):
        c.escalate(WHO, T0, contacts(), outcomes={"ceo": "reached"})
    with pytest.raises(ValueError, match="unknown call outcomes: answered"):
        c.escalate(WHO, T0, contacts(), outcomes={"pr-agency": "answered"})


def test_an_old_escalation_with_only_a_note_reads_as_written() -> None:
    old = r.LogEntry(at=T0, author=WHO, action=Action.ESCALATED, note="Level 2: Pablo PR")
    assert entry_texts([old]) == ["Level 2: Pablo PR"]


def test_a_pause_step_is_done_only_once_every_account_is_confirmed_paused() -> None:
    c = crisis(PLAYBOOK.replace("[[steps]]", PAUSE_STEP + "\n[[steps]]", 1), "facebook-tienda")
    step = c.current_step
    assert step is not None and step.id == "pause-scheduled"
    # the incident's affected account is paused too
    assert c.to_pause(step) == ["instagram-tienda", "x-tienda", "facebook-tienda"]
    with pytest.raises(CrisisError, match="Confirm that every account is paused"):
        Action.DONE.entry(c, WHO, T0)
    some = Checklist(paused=("x-tienda", "instagram-tienda"))
    with pytest.raises(CrisisError, match=r"done: facebook-tienda\."):
        Action.DONE.entry(c, WHO, T0, "", {}, some)
    with pytest.raises(CrisisError, match="does not pause youtube-tienda"):
        Action.DONE.entry(c, WHO, T0, "", {}, Checklist(paused=("youtube-tienda",)))
    every = Checklist(paused=("facebook-tienda", "x-tienda", "instagram-tienda"))
    entry = Action.DONE.entry(c, WHO, T0, "all quiet", {}, every)
    assert entry.paused == ["instagram-tienda", "x-tienda", "facebook-tienda"]  # step order
    assert entry_text(entry, accounts={"x-tienda": "@tienda (x)"}) == (
        "all quiet\nConfirmed paused: instagram-tienda, @tienda (x), facebook-tienda"
    )
    assert c.with_entry(entry).status_of("pause-scheduled") == "done"


def test_other_steps_and_actions_take_no_checklist() -> None:
    c = crisis()
    assert c.current_step is not None and c.to_pause(c.current_step) == []
    assert Action.DONE.entry(c, WHO, T0).paused == []
    assert Action.DONE.takes_checklist and Action.ESCALATED.takes_checklist
    assert not Action.NOTE.takes_checklist
    with pytest.raises(ValueError, match="note takes no checklist"):
        Action.NOTE.entry(c, WHO, T0, "x", {}, Checklist())
