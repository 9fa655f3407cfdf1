"""Crisis actions (``core.crisis_actions.Action``): every member knows all it needs, and the
words in incident files are the file format: a file written before ``Action`` existed loads,
replays and gets appended to exactly as it did, and the same actions write the same bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec
import pytest

from smgov_tui.core import records as r
from smgov_tui.core.crisis import Crisis
from smgov_tui.core.crisis_actions import Action, Replay
from smgov_tui.core.report import report_markdown
from smgov_tui.i18n import set_language
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from tests.helpers.crisis import make_crisis_ws
from tests.helpers.git import git, subjects

ID = "2026-11-22-hacked-account"
WHO = "Test Author <test@example.org>"

STORED_WORDS = [
    "opened",
    "done",
    "skipped",
    "note",
    "escalated",
    "back",
    "resumed",
    "closed",
    "severity",
]
"""The ``action = "..."`` words of incident files: the file format, never to change."""

OLD_FILE = """# Incident log written by smgov crisis mode; entries are appended, never rewritten.
playbook = "hacked-account"
severity = "high"
title = "Someone posts from @tienda"
status = "closed"
opened_at = 2026-11-22T10:00:00+01:00
opened_by = "Test Author <test@example.org>"
closed_at = 2026-11-22T10:59:00+01:00
summary = "Account recovered"
lessons = "Keep the agency's night number"

[[log]]
at = 2026-11-22T10:00:00+01:00
author = "Test Author <test@example.org>"
action = "opened"
note = "Someone posts from @tienda"

[[log]]
at = 2026-11-22T10:04:00+01:00
author = "Test Author <test@example.org>"
action = "done"
step = "lock-account"

[[log]]
at = 2026-11-22T10:08:00+01:00
author = "Test Author <test@example.org>"
action = "note"
step = "call-agency"
note = "Agency says \\"[bold]x[/]\\" {brand} \\\\ \\"\\"\\" ok"

[[log]]
at = 2026-11-22T10:12:00+01:00
author = "Test Author <test@example.org>"
action = "skipped"
step = "call-agency"
note = "agency\\nunreachable"

[[log]]
at = 2026-11-22T10:16:00+01:00
author = "Test Author <test@example.org>"
action = "escalated"
step = "publish-statement"
note = "Level 2: Pablo PR +34 911 000 002"

[[log]]
at = 2026-11-22T10:20:00+01:00
author = "Test Author <test@example.org>"
action = "back"
step = "call-agency"

[[log]]
at = 2026-11-22T10:24:00+01:00
author = "Test Author <test@example.org>"
action = "resumed"
step = "call-agency"

[[log]]
at = 2026-11-22T10:28:00+01:00
author = "Test Author <test@example.org>"
action = "done"
step = "call-agency"
note = "called them after all"

[[log]]
at = 2026-11-22T10:32:00+01:00
author = "Test Author <test@example.org>"
action = "escalated"
step = "publish-statement"
note = "Level 3: Carmen CEO +34 911 000 003\\nCEO informed"

[[log]]
at = 2026-11-22T10:36:00+01:00
author = "Test Author <test@example.org>"
action = "note"
step = "publish-statement"
note = "statement out"

[[log]]
at = 2026-11-22T10:40:00+01:00
author = "Test Author <test@example.org>"
action = "done"
step = "publish-statement"

[[log]]
at = 2026-11-22T10:59:00+01:00
author = "Test Author <test@example.org>"
action = "closed"
note = "Account recovered"
"""
"""An incident file as smgov wrote it before crisis actions were one type (main at cc2dfb8,
running ``ACTIONS`` below from the opened incident, then closing it at 10:59)."""

ACTIONS: list[tuple[int, str, str]] = [
    (4, "done", ""),
    (8, "note", 'Agency says "[bold]x[/]" {brand} \\ """ ok'),
    (12, "skipped", "agency\nunreachable"),
    (16, "escalated", ""),
    (20, "back", ""),
    (24, "resumed", ""),
    (28, "done", "called them after all"),
    (32, "escalated", "CEO informed"),
    (36, "note", "statement out"),
    (40, "done", ""),
]
"""(minute past 10:00, action word, text) of each action in ``OLD_FILE``."""

OLD_SUBJECTS = [
    "incidents: close 2026-11-22-hacked-account",
    "incidents: 2026-11-22-hacked-account done publish-statement",
    "incidents: 2026-11-22-hacked-account note on publish-statement",
    "incidents: 2026-11-22-hacked-account escalated to level 3",
    "incidents: 2026-11-22-hacked-account done call-agency",
    "incidents: 2026-11-22-hacked-account resumed",
    "incidents: 2026-11-22-hacked-account back to call-agency",
    "incidents: 2026-11-22-hacked-account escalated to level 2",
    "incidents: 2026-11-22-hacked-account skipped call-agency",
    "incidents: 2026-11-22-hacked-account note on call-agency",
    "incidents: 2026-11-22-hacked-account done lock-account",
    "incidents: open 2026-11-22-hacked-account (hacked-account, high)",
]
"""The commit subjects the old code wrote for ``ACTIONS`` and the closing, newest first."""

REPLAY = [
    (0, 1, 0, 0),
    (0, 1, 0, 0),
    (1, 1, 1, 0),
    (1, 1, 1, 0),
    (2, 1, 1, 1),
    (2, 2, 1, 1),
    (1, 2, 1, 1),
    (1, 2, 1, 1),
    (2, 2, 2, 0),
    (2, 3, 2, 0),
    (2, 3, 2, 0),
    (3, 3, 3, 0),
    (3, 3, 3, 0),
]
"""(position, escalation level, done, skipped) after each prefix of the old log (the empty one
first), as the old replay computed them."""

OLD_TIMELINE_ACTIONS = [
    "opened", "done", "note", "SKIPPED", "ESCALATED", "back", "resumed", "done", "ESCALATED",
    "note", "done", "closed",
]  # fmt: skip
"""The Action column of the old code's post-mortem report of ``OLD_FILE``."""


def at_minute(monkeypatch: pytest.MonkeyPatch, minute: int) -> None:
    monkeypatch.setenv("SMGOV_NOW", f"2026-11-22T10:{minute:02d}:00+01:00")


# --- the registry -----------------------------------------------------------------------------


def test_the_stored_words_never_change() -> None:
    assert [action.value for action in Action] == STORED_WORDS
    assert all(Action(word) is action for word, action in zip(STORED_WORDS, Action, strict=True))


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_a_label_tag_subject_replay_and_saved_message(action: Action) -> None:
    assert action.label.strip()
    assert action.tag == f"[{action.label}]"
    subject = action.subject("the-id", "a-step", 2, "a-playbook", "high")
    assert subject.startswith("incidents: ") and "the-id" in subject
    assert isinstance(action.saved_message("10:05", "A step"), str)
    state = Replay(["a-step", "b-step"], {"a-step": 0, "b-step": 1})
    entry = r.LogEntry(at=dt.datetime(2026, 11, 22, tzinfo=dt.UTC), author=WHO, action=action)
    action.replay(state, msgspec.structs.replace(entry, step="a-step"))
    assert 0 <= state.position <= 2 and state.level in (1, 2)


@pytest.mark.parametrize("action", list(Action))
def test_every_label_message_and_question_is_translated(action: Action, language: None) -> None:
    set_language("en")
    english = (action.label, action.saved_message("10:05", "Paso"), action.question("Paso"))
    set_language("es")
    spanish = (action.label, action.saved_message("10:05", "Paso"), action.question("Paso"))
    assert spanish[0] != english[0]
    assert spanish[1] != english[1] or english[1] == ""  # opened: the screen says nothing
    assert spanish[2] != english[2] or english[2] is None
    if spanish[2] is not None and action is Action.SKIPPED:
        assert "Paso" in spanish[2][0]


def test_a_loggable_action_writes_an_entry_of_itself(tmp_path: Path) -> None:
    store = Store.open(make_crisis_ws(tmp_path / "cws"))
    store.load()
    current = Incidents(store).create("hacked-account", "high")
    now = current.incident.opened_at
    contacts = store.data.contacts
    loggable = [action for action in Action if action.loggable]
    # opened, closed: the header too
    assert loggable == [Action(w) for w in STORED_WORDS if w not in ("opened", "closed")]
    crisis = Incidents(store).act(current, Action.DONE).crisis  # so that back is possible
    for action in loggable:
        assert action.available(crisis)
        text = "low" if action is Action.SEVERITY else "why"  # the severity picked: its id
        entry = action.entry(crisis, WHO, now, text, contacts)
        assert entry.action is action
    with pytest.raises(ValueError, match="Unknown action opened"):
        Action.OPENED.entry(crisis, WHO, now)


# --- old files --------------------------------------------------------------------------------


def test_an_old_incident_file_loads_replays_and_reports_as_before(tmp_path: Path) -> None:
    root = make_crisis_ws(tmp_path / "cws")
    path = root / "incidents" / f"{ID}.toml"
    path.parent.mkdir()
    path.write_bytes(OLD_FILE.encode("utf-8"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "an incident from an older smgov")
    store = Store.open(root)
    store.load()
    read = Incidents(store).read(ID)
    assert read.text == OLD_FILE
    assert store.data.incidents[ID] == read.incident  # the loader takes it as valid, too
    log = read.incident.log
    assert [entry.action for entry in log] == [
        "opened",
        *[word for _m, word, _t in ACTIONS],
        "closed",
    ]
    assert all(type(entry.action) is Action for entry in log)
    replays = []
    for n in range(len(log) + 1):
        crisis = Crisis(read.crisis.playbook, msgspec.structs.replace(read.incident, log=log[:n]))
        replays.append((crisis.position, crisis.escalation_level, *crisis.counts()[:2]))
    assert replays == REPLAY
    crisis = read.crisis
    assert crisis.is_closed and crisis.current_step is not None
    assert crisis.current_step.id == "review"
    assert {s.id: crisis.status_of(s.id) for s in crisis.playbook.steps} == {
        "lock-account": "done",
        "call-agency": "done",
        "publish-statement": "done",
        "review": "pending",
    }
    assert crisis.first_response_at() == dt.datetime.fromisoformat("2026-11-22T10:40:00+01:00")
    assert [e.action for e in crisis.notes_for("call-agency")] == [
        "note",
        "skipped",
        "resumed",
        "done",
    ]
    report = report_markdown(ID, crisis, dt.timezone(dt.timedelta(hours=1)))
    timeline = report[report.index("## Timeline") :].splitlines()[4:]
    assert [row.split(" | ")[2] for row in timeline] == OLD_TIMELINE_ACTIONS


def test_the_same_actions_write_the_same_file_and_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_crisis_ws(tmp_path / "cws")
    store = Store.open(root)
    store.load()
    incidents = Incidents(store)
    at_minute(monkeypatch, 0)
    current = incidents.create("hacked-account", "high", title="Someone posts from @tienda")
    for minute, word, text in ACTIONS:
        at_minute(monkeypatch, minute)
        current = incidents.act(current, Action(word), text)
    at_minute(monkeypatch, 59)
    incidents.close(current, "Account recovered", "Keep the agency's night number")
    assert (root / current.path).read_bytes() == NEW_FILE.encode("utf-8")
    assert subjects(root)[:-1] == OLD_SUBJECTS


NEW_FILE = OLD_FILE.replace(
    'note = "Level 2: Pablo PR +34 911 000 002"\n',
    "calls = [\n"
    '    { contact = "pr-agency", who = "Pablo PR +34 911 000 002", outcome = "not_called" },\n'
    "]\n",
).replace(
    'note = "Level 3: Carmen CEO +34 911 000 003\\nCEO informed"\n',
    'note = "CEO informed"\n'
    "calls = [\n"
    '    { contact = "ceo", who = "Carmen CEO +34 911 000 003", outcome = "not_called" },\n'
    "]\n",
)
"""``OLD_FILE`` as the same actions write it now: byte for byte the same, except that an
escalation names each contact of the level in ``calls`` with what came of the call (here
nobody ticked any: "not_called"), and its note holds only the person's words."""
