"""``smgov incident list [DIR] [--open] [--format text|json]``: every incident, open ones first,
the id ``smgov incident report`` needs; it writes nothing and shows control characters as
text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from tests.helpers.git import git

HOSTILE = "ana\x1b]2;PWNED\x07\x1b[31mred"


def fingerprint(root: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``root`` (its .git included) with its mtime and content hash."""
    return {
        str(path.relative_to(root)): (
            path.stat().st_mtime_ns,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def opened(ws: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """An open incident on the sample, with a step done; the sample has two closed ones."""
    monkeypatch.setenv("SMGOV_NOW", "2026-12-02T23:40:00+01:00")
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high", title=f"Posts from {HOSTILE}")
    incidents.act(current, "done")
    monkeypatch.delenv("SMGOV_NOW")
    return current.id


def test_open_incidents_come_first_then_the_closed_newest_first(ws: Path, opened: str) -> None:
    result = CliRunner().invoke(main, ["incident", "list", str(ws)])
    assert result.exit_code == 0, result.output
    heads = [line.split("  ")[0] for line in result.stdout.splitlines() if line[:1] != " "]
    closed = sorted(
        (p.stem for p in (ws / "incidents").glob("*.toml") if p.stem != opened), reverse=True
    )
    assert heads == [opened, *closed]
    first, what = result.stdout.splitlines()[:2]
    assert first == f"{opened}  OPEN  2026-12-02 23:40 +0100  by Test Author"
    assert what.startswith("    Hacked account · High · Posts from ana\\x1b]2;PWNED\\x07")
    assert what.endswith("— step 2 of 9: Regain control: change credentials and end sessions")
    assert "\x1b" not in result.stdout  # the title's escape codes are shown, never obeyed
    assert f"smgov incident report ID {ws}" in result.stderr


def test_only_the_open_ones_and_json(ws: Path, opened: str) -> None:
    text = CliRunner().invoke(main, ["incident", "list", str(ws), "--open"])
    assert [line for line in text.stdout.splitlines() if line[:1] != " "] == [
        f"{opened}  OPEN  2026-12-02 23:40 +0100  by Test Author"
    ]
    result = CliRunner().invoke(main, ["incident", "list", str(ws), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    document = json.loads(result.stdout)
    rows = document["incidents"]
    assert [row["status"] for row in rows] == ["open", "closed", "closed"]
    assert rows[0] | {"title": "-"} == {
        "id": opened,
        "status": "open",
        "title": "-",
        "playbook": "hacked-account",
        "playbook_title": "Hacked account",
        "severity": "high",
        "severity_label": "High",
        "account": "",
        "opened_at": "2026-12-02T23:40:00+01:00",
        "opened_by": "Test Author <test@example.org>",
        "closed_at": None,
        "steps_done": 1,
        "steps_skipped": 0,
        "steps_total": 9,
        "current_step": "Regain control: change credentials and end sessions",
        "step_number": 2,
    }
    assert rows[0]["title"] == f"Posts from {HOSTILE}"  # JSON keeps the value exact
    assert document["unreadable"] == []
    only = CliRunner().invoke(main, ["incident", "list", str(ws), "--open", "--format", "json"])
    assert [row["id"] for row in json.loads(only.stdout)["incidents"]] == [opened]


def test_listing_writes_nothing_not_even_in_git(ws: Path, opened: str) -> None:
    before = fingerprint(ws)
    for extra in ([], ["--format", "json"], ["--open"]):
        assert CliRunner().invoke(main, ["incident", "list", str(ws), *extra]).exit_code == 0
    assert fingerprint(ws) == before


def test_no_incidents_and_an_unreadable_one(ws: Path) -> None:
    result = CliRunner().invoke(main, ["incident", "list", str(ws), "--open"])
    assert result.exit_code == 0 and result.stdout == f"No open incidents in {ws}.\n"
    (ws / "incidents" / "2026-12-01-broken.toml").write_text("playbook = 3\n", encoding="utf-8")
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "a broken incident")
    result = CliRunner().invoke(main, ["incident", "list", str(ws), "--open"])
    assert "incidents/2026-12-01-broken.toml could not be read; run smgov check" in result.stderr
    document = json.loads(
        CliRunner().invoke(main, ["incident", "list", str(ws), "--format", "json"]).stdout
    )
    assert document["unreadable"] == ["incidents/2026-12-01-broken.toml"]
