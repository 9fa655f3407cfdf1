"""The crisis state machine: pure, replayed from the log, with a fixed clock."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib

import msgspec
import pytest

from smgov_tui.core import records as r
from smgov_tui.core.crisis import (
    Crisis,
    CrisisError,
    account_label,
    applicable_steps,
    entry_text,
    fill_placeholders,
    first_response_step,
    format_duration,
    long_date,
    minutes,
    needs_account,
    open_incident,
    placeholder_values,
    severity_now,
    unfilled_placeholders,
)
from smgov_tui.core.crisis_actions import Action
from tests.helpers.crisis import CONTACTS, PLAYBOOK

T0 = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
WHO = "Ana Ruiz <ana@example.org>"


def at(mins: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=mins)


@pytest.fixture
def playbook() -> r.Playbook:
    return msgspec.convert(tomllib.loads(PLAYBOOK), r.Playbook)


@pytest.fixture
def contacts() -> dict[str, r.Contact]:
    return {k: msgspec.convert(tomllib.loads(v), r.Contact) for k, v in CONTACTS.items()}


def start(playbook: r.Playbook, severity: str = "high") -> Crisis:
    return Crisis(playbook, open_incident("hacked-account", playbook, severity, WHO, T0))


def apply(c: Crisis, entry: r.LogEntry) -> Crisis:
    return c.with_entry(entry)


def test_core_imports_no_textual_nor_git() -> None:
    code = (
        "import sys, smgov_tui.core.crisis; "
        "bad = [m for m in ('textual', 'git', 'smgov_tui.store') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_applicable_steps_follow_severity(playbook: r.Playbook) -> None:
    assert [s.id for s in applicable_steps(playbook, "high")] == [
        "lock-account",
        "call-agency",
        "publish-statement",
        "review",
    ]
    assert [s.id for s in applicable_steps(playbook, "low")] == [
        "lock-account",
        "publish-statement",
        "review",
    ]


def test_open_incident_starts_with_opened_entry(playbook: r.Playbook) -> None:
    incident = open_incident("hacked-account", playbook, "high", WHO, T0, "  ")
    assert incident.status == "open"
    assert incident.title == "Hacked account"
    assert [e.action for e in incident.log] == ["opened"]
    assert incident.log[0].author == WHO and incident.log[0].at == T0
    with pytest.raises(CrisisError, match='"medium" is not a severity of hacked-account'):
        open_incident("hacked-account", playbook, "medium", WHO, T0)


def test_walkthrough_done_skip_back(playbook: r.Playbook) -> None:
    c = start(playbook)
    assert c.current_step is not None and c.current_step.id == "lock-account"
    assert c.position == 0
    c = apply(c, c.done(WHO, at(1)))
    assert c.current_step is not None and c.current_step.id == "call-agency"
    with pytest.raises(CrisisError, match="reason"):
        c.skip(WHO, at(2), "   ")
    c = apply(c, c.skip(WHO, at(2), " agency unreachable "))
    assert c.status_of("call-agency") == "skipped"
    assert c.settled()["call-agency"].note == "agency unreachable"
    assert c.current_step is not None and c.current_step.id == "publish-statement"
    back = c.back(WHO, at(3))
    assert back.action == "back" and back.step == "call-agency"
    c = apply(c, back)
    assert c.current_step is not None and c.current_step.id == "call-agency"
    # redoing a skipped step: done wins, and we move on to the first unsettled one
    c = apply(c, c.done(WHO, at(4)))
    assert c.status_of("call-agency") == "done"
    assert c.current_step is not None and c.current_step.id == "publish-statement"
    c = apply(c, c.done(WHO, at(5)))
    c = apply(c, c.done(WHO, at(6)))
    assert c.finished and c.current_step is None
    assert c.counts() == (4, 0, 4)
    with pytest.raises(CrisisError, match="Every step is settled"):
        c.done(WHO, at(7))
    # back from the end reaches the last step
    c = apply(c, c.back(WHO, at(7)))
    assert c.current_step is not None and c.current_step.id == "review"


def test_back_after_going_back_skips_nothing_settled(playbook: r.Playbook) -> None:
    c = start(playbook)
    for minute in range(1, 4):
        c = apply(c, c.done(WHO, at(minute)))
    c = apply(c, c.back(WHO, at(4)))
    c = apply(c, c.back(WHO, at(5)))
    assert c.current_step is not None and c.current_step.id == "call-agency"
    c = apply(c, c.done(WHO, at(6)))
    # publish-statement is already done: the next unsettled step is review
    assert c.current_step is not None and c.current_step.id == "review"


def test_back_on_first_step_refused(playbook: r.Playbook) -> None:
    with pytest.raises(CrisisError, match="first step"):
        start(playbook).back(WHO, at(1))


def test_back_entry_without_known_step_moves_one_back(playbook: r.Playbook) -> None:
    c = start(playbook)
    c = apply(c, c.done(WHO, at(1)))
    c = apply(c, r.LogEntry(at=at(2), author=WHO, action="back", step="gone"))
    assert c.position == 0


def test_unknown_steps_in_log_are_ignored(playbook: r.Playbook) -> None:
    c = start(playbook)
    c = apply(c, r.LogEntry(at=at(1), author=WHO, action="done", step="removed-step"))
    assert c.position == 0
    assert c.last_update() == at(1)


def test_low_severity_skips_inapplicable_step(playbook: r.Playbook) -> None:
    c = start(playbook, "low")
    c = apply(c, c.done(WHO, at(1)))
    assert c.current_step is not None and c.current_step.id == "publish-statement"
    assert c.counts() == (1, 0, 3)


def test_note_requires_text_and_attaches_to_step(playbook: r.Playbook) -> None:
    c = start(playbook)
    with pytest.raises(CrisisError, match="empty"):
        c.note(WHO, at(1), " \n ")
    entry = c.note(WHO, at(1), "Called IT [bold]{x}")
    assert entry.step == "lock-account" and entry.note == "Called IT [bold]{x}"
    c = apply(c, entry)
    assert c.position == 0
    assert c.notes_for("lock-account") == [entry]


def test_escalation_levels(playbook: r.Playbook, contacts: dict[str, r.Contact]) -> None:
    c = start(playbook)
    assert c.escalation_level == 1
    nxt = c.next_escalation(contacts)
    assert nxt.level == 2 and [cid for cid, _ in nxt.contacts] == ["pr-agency"]
    entry = c.escalate(WHO, at(1), contacts, "no answer from legal")
    assert entry.action == "escalated" and entry.step == "lock-account"
    assert entry.note == "no answer from legal"  # the person's words; the calls are data
    assert entry.calls == [r.Call(contact="pr-agency", who="Pablo PR +34 911 000 002")]
    assert entry_text(entry, 2) == (
        "Level 2:\nPablo PR +34 911 000 002 — not called\nno answer from legal"
    )
    c = apply(c, entry)
    assert c.escalation_level == 2
    assert [cid for cid, _ in c.next_escalation(contacts).contacts] == ["ceo"]
    c = apply(c, c.escalate(WHO, at(2), contacts))
    assert c.escalation_level == 3
    assert c.next_escalation(contacts).contacts == []
    with pytest.raises(CrisisError, match="Level 3 is the highest: keep calling them"):
        c.escalate(WHO, at(3), contacts)


def test_deadline_remaining_and_overdue(playbook: r.Playbook) -> None:
    c = start(playbook)
    assert c.deadline == at(60)
    assert c.remaining(at(48)) == dt.timedelta(minutes=12)
    assert not c.overdue(at(60))
    assert c.overdue(at(72))
    assert minutes(c.remaining(at(72))) == -12
    assert c.elapsed(at(72)) == dt.timedelta(minutes=72)
    low = start(playbook, "low")
    assert low.deadline == at(240)


def test_first_response_stops_the_clock(playbook: r.Playbook) -> None:
    c = start(playbook)
    c = apply(c, c.done(WHO, at(1)))
    c = apply(c, c.done(WHO, at(2)))
    assert c.first_response_at() is None
    c = apply(c, c.done(WHO, at(30)))  # publish-statement has the statement
    assert c.first_response_at() == at(30)
    assert not c.overdue(at(500))
    late = start(playbook)
    for minute in (1, 2, 70):
        late = apply(late, late.done(WHO, at(minute)))
    assert late.overdue(at(71))


def test_reminder_after_quiet_period(playbook: r.Playbook) -> None:
    c = start(playbook)  # reminder_minutes = 15
    assert not c.reminder_due(at(14))
    assert c.reminder_due(at(15))
    c = apply(c, c.note(WHO, at(14), "still on it"))
    assert not c.reminder_due(at(28))
    assert c.reminder_due(at(29))
    assert c.since_update(at(29)) == dt.timedelta(minutes=15)


def test_close(playbook: r.Playbook) -> None:
    c = start(playbook)
    with pytest.raises(CrisisError, match="summary"):
        c.close(WHO, at(90), " ", "")
    closed = c.close(WHO, at(90), "Account recovered", "Use 2FA")
    assert closed.status == "closed" and closed.closed_at == at(90)
    assert closed.summary == "Account recovered" and closed.lessons == "Use 2FA"
    assert closed.log[-1].action == "closed"
    done = Crisis(playbook, closed)
    assert done.is_closed
    assert done.elapsed(at(500)) == dt.timedelta(minutes=90)
    assert not done.reminder_due(at(500))
    for action in (
        lambda: done.done(WHO, at(91)),
        lambda: done.note(WHO, at(91), "x"),
        lambda: done.back(WHO, at(91)),
        lambda: done.resumed(WHO, at(91)),
    ):
        with pytest.raises(CrisisError, match="closed"):
            action()


def test_resumed_changes_nothing_but_last_update(playbook: r.Playbook) -> None:
    c = start(playbook)
    c = apply(c, c.done(WHO, at(1)))
    c = apply(c, c.resumed(WHO, at(40)))
    assert c.current_step is not None and c.current_step.id == "call-agency"
    assert c.last_update() == at(40)


def test_missing_severity_falls_back_to_an_hour(playbook: r.Playbook) -> None:
    incident = open_incident("hacked-account", playbook, "high", WHO, T0)
    incident = msgspec.structs.replace(incident, severity="gone")
    c = Crisis(playbook, incident)
    assert c.severity is None
    assert c.deadline == at(60)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{brand} on {date} {time}", "La Esquina on 22 November 2026 10:00"),
        ("{unknown} {brand}", "{unknown} La Esquina"),
        ("{{brand}}", "{La Esquina}"),
        ("{0} {} {brand", "{0} {} {brand"),
        ("[bold]{organisation}[/]", "[bold]La Esquina S.L.[/]"),
        ("{account}", "{account}"),
        ("{brand}{brand}", "La EsquinaLa Esquina"),
        ("Signed, {organisation}.", "Signed, La Esquina S.L."),
        ("{organisation}. Next", "La Esquina S.L. Next"),
        ("{brand}.", "La Esquina."),
    ],
)
def test_fill_placeholders(text: str, expected: str) -> None:
    meta = r.WorkspaceMeta(organisation="La Esquina S.L.", brand="La Esquina")
    assert fill_placeholders(text, placeholder_values(meta, T0)) == expected


def test_placeholder_values_and_unfilled() -> None:
    meta = r.WorkspaceMeta(organisation="Org {brand}")
    values = placeholder_values(meta, T0, "@tienda")
    assert values["brand"] == "Org {brand}"  # brand falls back to the organisation
    # a value containing a token is not expanded again
    assert fill_placeholders("{brand}", values) == "Org {brand}"
    assert fill_placeholders("{account}", values) == "@tienda"
    assert placeholder_values(None, T0) == {"date": "22 November 2026", "time": "10:00"}
    assert unfilled_placeholders("{account} x {account} {brand} {nope}") == ["{account}", "{brand}"]


def test_a_statement_dates_itself_in_the_workspace_language_whatever_the_interface() -> None:
    # Reported: a Spanish statement read "Hoy, 2026-12-02".
    meta = r.WorkspaceMeta(organisation="La Esquina", language="es")
    assert placeholder_values(meta, T0)["date"] == "22 de noviembre de 2026"
    assert long_date(dt.date(2026, 12, 2), "en") == "2 December 2026"
    assert long_date(dt.date(2026, 5, 1), "es") == "1 de mayo de 2026"


@pytest.mark.parametrize(
    ("mins", "text"),
    [
        (0, "0 min"),
        (45, "45 min"),
        (65, "1 h 05 min"),
        (-12, "12 min"),
        (120, "2 h"),
        (1500, "1 d 1 h"),
    ],
)
def test_format_duration(mins: int, text: str) -> None:
    assert format_duration(dt.timedelta(minutes=mins)) == text


def test_account_is_asked_only_when_a_statement_uses_it(playbook: r.Playbook) -> None:
    assert needs_account(playbook)  # the helper's statement names {account}
    plain = msgspec.structs.replace(playbook, statements=[r.Statement(id="s", text="{brand}")])
    assert not needs_account(plain)
    account = r.Account(network="instagram", handle="@tienda")
    assert account_label(account) == "@tienda (instagram)"
    incident = open_incident("hacked-account", playbook, "high", WHO, T0, account="insta")
    assert incident.account == "insta"


def test_first_response_step_is_the_first_applicable_statement(playbook: r.Playbook) -> None:
    c = start(playbook)
    step = c.first_response_step
    assert step is not None and step.statement
    assert next(s for s in c.steps if s.statement) == step
    assert first_response_step(r.Playbook(title="P"), "high") is None


# --- severity changed during the incident ------------------------------------------------


def test_raising_the_severity_adds_its_steps_and_goes_back_to_the_first_left(
    playbook: r.Playbook,
) -> None:
    # Reported: severity was asked before the step that measures it and could not change.
    c = start(playbook, "low")
    c = apply(c, c.done(WHO, at(1)))  # lock-account
    assert c.current_step is not None and c.current_step.id == "publish-statement"
    low_deadline = c.deadline
    entry = c.change_severity(WHO, at(2), "high")
    assert entry.action == Action.SEVERITY and entry.severity == "high"
    assert entry.note == "Low → High"
    c = apply(c, entry)
    assert c.severity_id == "high" and c.incident.severity == "low"  # the header stays
    assert severity_now(c.incident) == "high"  # what the lists show
    assert [s.id for s in c.steps] == ["lock-account", "call-agency", "publish-statement", "review"]
    assert c.current_step is not None and c.current_step.id == "call-agency"
    assert c.status_of("lock-account") == "done"
    assert c.deadline < low_deadline


def test_the_severity_cannot_change_to_itself_nor_to_an_unknown_one(
    playbook: r.Playbook,
) -> None:
    c = start(playbook, "high")
    with pytest.raises(CrisisError, match="already"):
        c.change_severity(WHO, at(1), "high")
    with pytest.raises(CrisisError, match="low, high"):
        c.change_severity(WHO, at(1), "extreme")
    assert Action.SEVERITY.available(c)
