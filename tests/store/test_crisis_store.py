"""Incident files: one commit per action, append-only, atomic, and safe with two writers."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from smgov_tui.store.errors import ConflictError, StoreError
from smgov_tui.store.incidents import Incidents, commit_subject, entry_block
from smgov_tui.store.store import Store
from tests.helpers.crisis import make_crisis_ws
from tests.helpers.git import git, subjects

WHO = "Test Author <test@example.org>"


@pytest.fixture
def cws(tmp_path: Path) -> Path:
    return make_crisis_ws(tmp_path / "cws")


@pytest.fixture
def incidents(cws: Path) -> Incidents:
    store = Store.open(cws)
    store.load()
    return Incidents(store)


def test_create_writes_and_commits(incidents: Incidents, cws: Path) -> None:
    opened = incidents.create("hacked-account", "high")
    assert opened.id == "2026-11-22-hacked-account"
    assert opened.path == "incidents/2026-11-22-hacked-account.toml"
    raw = tomllib.loads((cws / opened.path).read_text(encoding="utf-8"))
    assert raw["status"] == "open" and raw["severity"] == "high"
    assert raw["opened_at"] == dt.datetime.fromisoformat("2026-11-22T10:00:00+01:00")
    assert raw["opened_by"] == WHO
    assert raw["log"] == [{"at": raw["opened_at"], "author": WHO, "action": "opened"}]
    assert subjects(cws)[0] == "incidents: open 2026-11-22-hacked-account (hacked-account, high)"
    assert git(cws, "status", "--porcelain") == ""
    assert git(cws, "log", "-1", "--format=%an <%ae>").strip() == WHO
    # a second one the same day gets -2, then -3
    assert incidents.create("hacked-account", "low").id == "2026-11-22-hacked-account-2"
    assert incidents.create("hacked-account", "low").id == "2026-11-22-hacked-account-3"
    assert incidents.open_ids()[0].startswith("2026-11-22-hacked-account")
    assert len(incidents.open_ids()) == 3


def test_date_is_in_workspace_timezone(
    incidents: Incidents, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23:30 UTC on the 21st is already the 22nd in Madrid
    monkeypatch.setenv("SMGOV_NOW", "2026-11-21T23:30:00+00:00")
    opened = incidents.create("hacked-account", "high")
    assert opened.id == "2026-11-22-hacked-account"
    assert opened.incident.opened_at.isoformat() == "2026-11-22T00:30:00+01:00"


def test_create_refuses_unknown_playbook_and_severity(incidents: Incidents, cws: Path) -> None:
    with pytest.raises(StoreError, match=r"No crisis playbook protocols/crisis/nope\.toml"):
        incidents.create("nope", "high")
    with pytest.raises(StoreError, match='"huge" is not a severity'):
        incidents.create("hacked-account", "huge")
    assert not (cws / "incidents").exists()
    assert len(subjects(cws)) == 1


def test_each_action_is_one_commit_and_lines_are_kept(
    incidents: Incidents, cws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = incidents.create("hacked-account", "high")
    path = cws / current.path
    before = path.read_text(encoding="utf-8")
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:05:00+01:00")
    current = incidents.act(current, "done")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:07:00+01:00")
    current = incidents.act(current, "note", 'Agency says "[bold]x[/]" {brand} \\ """ ok')
    current = incidents.act(current, "skipped", "agency\nunreachable")
    current = incidents.act(current, "escalated")
    current = incidents.act(current, "back")
    current = incidents.act(current, "resumed")
    assert subjects(cws)[:7] == [
        "incidents: 2026-11-22-hacked-account resumed",
        "incidents: 2026-11-22-hacked-account back to call-agency",
        "incidents: 2026-11-22-hacked-account escalated to level 2",
        "incidents: 2026-11-22-hacked-account skipped call-agency",
        "incidents: 2026-11-22-hacked-account note on call-agency",
        "incidents: 2026-11-22-hacked-account done lock-account",
        "incidents: open 2026-11-22-hacked-account (hacked-account, high)",
    ]
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    log = raw["log"]
    assert [(e["action"], e.get("step", "")) for e in log] == [
        ("opened", ""),
        ("done", "lock-account"),
        ("note", "call-agency"),
        ("skipped", "call-agency"),
        ("escalated", "publish-statement"),
        ("back", "call-agency"),
        ("resumed", "call-agency"),
    ]
    assert log[1]["at"].isoformat() == "2026-11-22T10:05:00+01:00"
    assert log[2]["note"] == 'Agency says "[bold]x[/]" {brand} \\ """ ok'
    assert log[3]["note"] == "agency\nunreachable"
    assert log[4]["calls"] == [
        {"contact": "pr-agency", "who": "Pablo PR +34 911 000 002", "outcome": "not_called"}
    ]
    assert all(e["author"] == WHO for e in log)
    assert current.crisis.current_step is not None
    assert current.crisis.current_step.id == "call-agency"
    assert git(cws, "status", "--porcelain") == ""
    # the loaded data follows
    assert incidents.store.data.incidents[current.id].log[-1].action == "resumed"


def test_skip_without_reason_writes_nothing(incidents: Incidents, cws: Path) -> None:
    current = incidents.create("hacked-account", "high")
    text = (cws / current.path).read_text(encoding="utf-8")
    with pytest.raises(StoreError, match="reason"):
        incidents.act(current, "skipped", "  ")
    assert (cws / current.path).read_text(encoding="utf-8") == text
    assert len(subjects(cws)) == 2


def test_close(incidents: Incidents, cws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    current = incidents.create("hacked-account", "high")
    with pytest.raises(StoreError, match="summary"):
        incidents.close(current, "", "")
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T11:30:00+01:00")
    closed = incidents.close(current, 'Recovered """ the {account}\nall good', "Turn on 2FA")
    raw = tomllib.loads((cws / closed.path).read_text(encoding="utf-8"))
    assert raw["status"] == "closed"
    assert raw["summary"] == 'Recovered """ the {account}\nall good'
    assert raw["lessons"] == "Turn on 2FA"
    assert raw["closed_at"].isoformat() == "2026-11-22T11:30:00+01:00"
    assert raw["log"][-1]["action"] == "closed"
    assert subjects(cws)[0] == "incidents: close 2026-11-22-hacked-account"
    assert incidents.open_ids() == []
    with pytest.raises(StoreError, match="closed"):
        incidents.act(closed, "note", "late")


def test_entries_appended_by_someone_else_are_kept(incidents: Incidents, cws: Path) -> None:
    mine = incidents.create("hacked-account", "high")
    # another person (another Store on the same folder) logs the first step
    other = Incidents(Store.open(cws, "Bea Otra <bea@example.org>"))
    other.store.load()
    theirs = other.act(other.read(mine.id), "done")
    assert theirs.crisis.current_step is not None
    # I still see lock-account and add a note: appended after their entry
    merged = incidents.act(mine, "note", "called legal")
    actions = [(e.action, e.author) for e in merged.incident.log]
    assert actions == [
        ("opened", WHO),
        ("done", "Bea Otra <bea@example.org>"),
        ("note", WHO),
    ]
    assert merged.crisis.current_step is not None
    assert merged.crisis.current_step.id == "call-agency"


def test_other_changes_on_disk_are_refused(incidents: Incidents, cws: Path) -> None:
    current = incidents.create("hacked-account", "high")
    path = cws / current.path
    edited = path.read_text(encoding="utf-8").replace('severity = "high"', 'severity = "low"')
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(ConflictError, match="changed on disk"):
        incidents.act(current, "done")
    assert path.read_text(encoding="utf-8") == edited
    path.unlink()
    with pytest.raises(ConflictError, match="removed"):
        incidents.act(current, "done")


def test_failed_commit_restores_the_file(incidents: Incidents, cws: Path) -> None:
    current = incidents.create("hacked-account", "high")
    path = cws / current.path
    text = path.read_text(encoding="utf-8")
    hook = cws / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho refused by hook >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    with pytest.raises(StoreError, match="refused by hook"):
        incidents.act(current, "done")
    assert path.read_text(encoding="utf-8") == text
    assert git(cws, "status", "--porcelain") == ""
    hook.unlink()
    assert incidents.act(current, "done").incident.log[-1].action == "done"


def test_read_reports_bad_files(incidents: Incidents, cws: Path) -> None:
    with pytest.raises(StoreError, match=r"No incident incidents/nope\.toml"):
        incidents.read("nope")
    (cws / "incidents").mkdir()
    (cws / "incidents" / "bad.toml").write_text("playbook = \n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"incidents/bad\.toml is not valid TOML"):
        incidents.read("bad")


def test_entry_block_and_subject() -> None:
    from smgov_tui.core.records import LogEntry

    at = dt.datetime.fromisoformat("2026-11-22T10:00:00+01:00")
    entry = LogEntry(at=at, author=WHO, action="done", step="x", note='a"b')
    assert entry_block(entry) == (
        '[[log]]\nat = 2026-11-22T10:00:00+01:00\nauthor = "Test Author <test@example.org>"\n'
        'action = "done"\nstep = "x"\nnote = "a\\"b"\n'
    )
    assert commit_subject("i", entry) == "incidents: i done x"


def test_a_severity_change_is_written_committed_and_read_back(
    incidents: Incidents, cws: Path
) -> None:
    current = incidents.create("hacked-account", "low")
    changed = incidents.act(current, "severity", "high")
    assert subjects(cws)[0] == f"incidents: {current.id} severity high"
    data = tomllib.loads((cws / f"incidents/{current.id}.toml").read_text(encoding="utf-8"))
    assert data["severity"] == "low"  # the header keeps what was chosen on opening
    assert data["log"][-1]["action"] == "severity" and data["log"][-1]["severity"] == "high"
    again = incidents.read(current.id)
    assert again.crisis.severity_id == "high" == changed.crisis.severity_id
    with pytest.raises(StoreError, match="already"):
        incidents.act(again, "severity", "high")
