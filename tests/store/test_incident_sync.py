"""Two people log one incident at once, then sync: both entries everywhere, never a conflict.

Real files, a real bare remote and two real clones; the log appends go through the crisis store
(``Incidents``), the syncs through ``smgov sync`` (store and CLI) and plain ``git pull --rebase``
(the merge driver ``ensure_merge_driver`` configured).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.store.incidents import IncidentFile, Incidents, entry_block
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync
from smgov_tui.store.tomlmerge import merge_toml
from tests.helpers.crisis import make_crisis_ws
from tests.helpers.git import git
from tests.helpers.sync import head, make_remote, member, remote_head

ID = "2026-11-22-hacked-account"
PATH = f"incidents/{ID}.toml"


class Team:
    """Ana and Bea, each with a clone of the team's remote, an incident open on both."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.remote = make_remote(make_crisis_ws(tmp_path / "origin"), tmp_path)
        self.ana = member(self.remote, tmp_path, "ana")
        self.bea = member(self.remote, tmp_path, "bea")
        self.at("10:00:00")
        opened = Incidents(self.ana).create("hacked-account", "high")
        assert opened.id == ID
        assert sync(self.ana).ok
        assert sync(self.bea).ok

    def at(self, clock: str) -> None:
        self.monkeypatch.setenv("SMGOV_NOW", f"2026-11-22T{clock}+01:00")

    def note(self, store: Store, clock: str, text: str, author: str = "") -> IncidentFile:
        """Log a note on the incident from ``store``'s clone at ``clock`` (as ``author``)."""
        self.at(clock)
        if author:
            store = Store.open(store.root, author)
            store.load()
        incidents = Incidents(store)
        return incidents.act(incidents.read(ID), "note", text)


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    return Team(tmp_path, monkeypatch)


def text(store: Store) -> str:
    return (store.root / PATH).read_text(encoding="utf-8")


def log(store: Store) -> list[tuple[str, str]]:
    """(author name, note) of each entry of the incident's log, in file order."""
    entries = tomllib.loads(text(store))["log"]
    return [(e["author"].split(" <")[0], e.get("note", "")) for e in entries]


def times(store: Store) -> list[dt.datetime]:
    return [e["at"] for e in tomllib.loads(text(store))["log"]]


def in_step(team: Team) -> None:
    """Both clones and the remote hold the same history and the same file, with no markers."""
    assert head(team.ana.root) == head(team.bea.root) == remote_head(team.remote)
    assert text(team.ana) == text(team.bea)
    assert "<<<<<<<" not in text(team.bea) and ">>>>>>>" not in text(team.bea)
    for store in (team.ana, team.bea):
        assert git(store.root, "status", "--porcelain", "--untracked-files=no") == ""
        assert not (store.root / ".git" / "rebase-merge").exists()


# --- through smgov sync ---------------------------------------------------------------------


def test_notes_logged_at_once_both_arrive_through_sync_in_time_order(team: Team) -> None:
    team.note(team.bea, "10:01:30", "password reset")
    team.note(team.ana, "10:02:00", "called legal")
    first = sync(team.ana)
    assert first.status == "synced", first.message
    second = sync(team.bea)  # the second person: on main, thrown into the conflict screen
    assert second.status == "synced", second.message
    assert not second.conflicts
    assert sync(team.ana).status == "synced"
    in_step(team)
    assert log(team.bea) == [("Ana", ""), ("Bea", "password reset"), ("Ana", "called legal")]
    assert times(team.bea) == sorted(times(team.bea))
    # Each note is its own commit, by its author, in the shared history.
    subjects = git(team.bea.root, "log", "--format=%an: %s", "-3").splitlines()
    note = f"incidents: {ID} note on lock-account"
    assert sorted(subjects[:2]) == [f"Ana: {note}", f"Bea: {note}"]


def test_the_later_note_is_appended_to_the_remote_text_as_it_was(team: Team) -> None:
    team.note(team.ana, "10:01:00", "called legal")
    mine = team.note(team.bea, "10:02:00", "password reset")
    assert sync(team.ana).ok
    theirs = text(team.ana)
    assert sync(team.bea).status == "synced"
    # Formatting kept: the remote's file exactly, then Bea's entry as crisis mode wrote it.
    assert text(team.bea) == theirs + "\n" + entry_block(mine.incident.log[-1])
    assert sync(team.ana).ok
    in_step(team)


def test_the_walkthrough_goes_on_after_a_sync_put_their_note_before_mine(team: Team) -> None:
    """Bea's screen still holds her file from before the sync; her next step is logged."""
    team.note(team.ana, "10:01:00", "called legal")
    screen = team.note(team.bea, "10:02:00", "password reset")
    assert sync(team.ana).ok
    assert sync(team.bea).ok
    team.at("10:03:00")
    after = Incidents(team.bea).act(screen, "done")
    assert [e.action for e in after.incident.log] == ["opened", "note", "note", "done"]
    assert sync(team.bea).ok and sync(team.ana).ok
    in_step(team)


def test_notes_logged_at_once_both_arrive_through_the_cli(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    team.note(team.bea, "10:01:30", "password reset")
    team.note(team.ana, "10:02:00", "called legal")
    runner = CliRunner()
    for store in (team.ana, team.bea, team.ana):
        result = runner.invoke(main, ["sync", str(store.root)])
        assert result.exit_code == 0, result.output
        assert "conflict" not in result.output.lower()
    in_step(team)
    assert log(team.ana) == [("Ana", ""), ("Bea", "password reset"), ("Ana", "called legal")]


def test_an_entry_both_logged_is_kept_once(team: Team) -> None:
    """The same person on two machines logs the same note at the same second (a retry)."""
    who = "Ana <ana@example.org>"
    team.note(team.ana, "10:01:00", "first call", author=who)
    team.note(team.ana, "10:02:00", "posted the statement", author=who)
    team.note(team.bea, "10:02:00", "posted the statement", author=who)
    assert sync(team.ana).ok
    result = sync(team.bea)
    assert result.status == "synced", result.message
    assert sync(team.ana).ok
    in_step(team)
    assert log(team.bea) == [("Ana", ""), ("Ana", "first call"), ("Ana", "posted the statement")]


# --- through plain git --------------------------------------------------------------------


def test_plain_git_pull_rebase_merges_the_log_without_markers(team: Team) -> None:
    team.note(team.bea, "10:01:30", "password reset")
    team.note(team.ana, "10:02:00", "called legal")
    team.note(team.ana, "10:03:00", "statement out")
    assert sync(team.ana).ok
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMGOV_")}
    pulled = subprocess.run(
        ["git", "pull", "--rebase"],
        cwd=team.bea.root,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert "<<<<<<<" not in text(team.bea)
    assert log(team.bea) == [
        ("Ana", ""),
        ("Bea", "password reset"),
        ("Ana", "called legal"),
        ("Ana", "statement out"),
    ]
    pushed = subprocess.run(["git", "push", "-q"], cwd=team.bea.root, env=env, capture_output=True)
    assert pushed.returncode == 0
    assert sync(team.ana).ok
    in_step(team)


# --- the merge of the texts -------------------------------------------------------------------


def incident_text(*notes: tuple[str, str]) -> str:
    out = 'playbook = "hacked-account"\nseverity = "high"\nstatus = "open"\n'
    out += "opened_at = 2026-11-22T10:00:00+01:00\n"
    for clock, note in notes:
        out += f'\n[[log]]\nat = 2026-11-22T{clock}+01:00\nauthor = "A"\naction = "note"\n'
        out += f'note = "{note}"  # {note}\n'
    return out


def test_merged_text_keeps_every_entry_as_written_and_inserts_theirs_by_time() -> None:
    base = incident_text(("10:00:00", "opened"))
    ours = incident_text(("10:00:00", "opened"), ("10:03:00", "ours"))
    theirs = incident_text(("10:00:00", "opened"), ("10:01:00", "early"), ("10:05:00", "late"))
    merged = merge_toml(base, ours, theirs, PATH)
    assert merged.result is not None and merged.result.clean
    expected = incident_text(
        ("10:00:00", "opened"), ("10:01:00", "early"), ("10:03:00", "ours"), ("10:05:00", "late")
    )
    # Every entry as written (comments included), theirs inserted with the file's blank lines.
    assert merged.text == expected


def test_another_record_kind_still_conflicts_on_a_list(tmp_path: Path) -> None:
    base = 'name = "x"\nlog = ["a"]\n'
    merged = merge_toml(base, 'name = "x"\nlog = ["a", "b"]\n', 'name = "x"\nlog = ["a", "c"]\n')
    assert merged.result is not None
    assert [c.dotted for c in merged.result.conflicts] == ["log"]


def test_a_step_is_logged_after_their_entry_landed_before_mine_in_a_file_with_a_bom(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-saved incident (BOM, CRLF) whose log a sync merged by time is still "only new
    entries": the walkthrough goes on, as for any other file."""
    root = make_crisis_ws(tmp_path / "ws")
    store = Store.open(root)
    store.load()
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:00:00+01:00")
    incidents = Incidents(store)
    assert incidents.create("hacked-account", "high").id == ID
    path = root / PATH
    path.write_bytes(("\ufeff" + text(store)).replace("\n", "\r\n").encode("utf-8"))
    git(root, "commit", "-q", "-am", "incidents: saved on Windows")
    store.load()
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:02:00+01:00")
    screen = incidents.act(incidents.read(ID), "note", "called legal")
    mine = entry_block(screen.incident.log[-1]).replace("\n", "\r\n")
    theirs = mine.replace("10:02:00", "10:01:00").replace("called legal", "password reset")
    assert mine in screen.text
    merged = screen.text.replace(mine, theirs + "\r\n" + mine)  # as a sync merges by time
    path.write_bytes(merged.encode("utf-8"))
    git(root, "commit", "-q", "-am", "incidents: their note, merged by time")

    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:03:00+01:00")
    after = incidents.act(screen, "done")

    assert [e.action for e in after.incident.log] == ["opened", "note", "note", "done"]
    assert path.read_bytes().startswith("\ufeff".encode())
