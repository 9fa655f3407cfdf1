"""`smgov incident report` and the team push, on real repos (and a real bare remote)."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core.crisis import applicable_steps
from smgov_tui.core.crisis_actions import Checklist
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.store.team import push, team_state
from tests.helpers.git import git

NASTY = '<script>alert(1)</script> | [bold]x[/] & "q"\nsecond line'


@pytest.fixture
def walked(store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    """An incident with a done step, a skip, an escalation and a close, by two times."""
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:05:00+01:00")
    current = incidents.act(current, "done")
    current = incidents.act(current, "skipped", NASTY)
    outcomes = {
        "agencia-faro": "reached",
        "lasarte-abogados": "no_answer",
        "direccion-personas": "left_message",
    }
    current = incidents.act(
        current, "escalated", "agency takes it from here", checklist=Checklist(outcomes=outcomes)
    )
    monkeypatch.setenv("SMGOV_NOW", "2026-11-22T11:30:00+01:00")
    incidents.close(current, "Recovered <b>fast</b>", "Use 2FA | always")
    return current.id


def test_report_markdown(ws: Path, walked: str) -> None:
    result = CliRunner().invoke(main, ["incident", "report", walked, str(ws)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("# Post-mortem: Hacked account")
    assert "- **Severity:** High" in out
    assert "- **Duration:** 1 h 30 min" in out
    assert "Recovered \\<b>fast\\</b>" in out  # HTML from the log is text, not markup
    assert "Use 2FA | always" in out
    # the skipped step and why, and the escalation, have their own sections
    assert "## Skipped steps" in out and "alert(1)" in out
    escalations = out[out.index("## Escalations") : out.index("## Timeline")]
    assert escalations.splitlines()[2:] == [  # who was reached, and who was not, exactly
        "- 10:05: Level 2:",
        "  - Beatriz Lozano Pardo (Faro Comunicación (PR and crisis agency)) +34 644 19 27 53 "
        "— reached",
        "  - Inés Lasarte Roig (Lasarte Roig Abogados (digital law and reputation)) "
        "+34 963 52 18 40 — no answer",
        "  - Rocío Almela Sanz (Ultramarinos Olmedo, people director) +34 652 87 03 41 "
        "— left a message",
        "  - Tomás Ferrer Ballester (Ultramarinos Olmedo, operations and shops director) "
        "+34 676 30 58 14 — not called",
        "  - agency takes it from here",
        "",
    ]
    # timeline rows: one per log entry, pipes escaped, newlines kept inside the cell
    rows = [line for line in out.splitlines() if line.startswith("| 2026-")]
    assert len(rows) == 5
    assert '\\| \\[bold\\]x\\[/\\] & "q"<br>second line' in rows[2]
    assert "| 2026-11-22 10:05 | Test Author \\<test\\@example.org> | SKIPPED |" in rows[2]


def test_report_html_is_escaped_and_well_formed(ws: Path, walked: str, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["incident", "report", walked, str(ws), "--format", "html", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert html.escape(NASTY) in page
    assert "Recovered &lt;b&gt;fast&lt;/b&gt;" in page
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree: ET.Element = parser.parse(page)
    cells = [td.text or "" for td in tree.iter("td")]
    assert NASTY in cells
    assert len(list(tree.iter("tr"))) == 6  # header + 5 entries


def test_report_unknown_incident(ws: Path) -> None:
    result = CliRunner().invoke(main, ["incident", "report", "nope", str(ws)])
    assert result.exit_code == 2
    assert "No incident incidents/nope.toml" in result.output


def test_crisis_command_is_registered() -> None:
    result = CliRunner().invoke(main, ["crisis", "--help"])
    assert result.exit_code == 0
    assert "crisis mode" in result.output


def test_team_push_to_a_bare_remote(store: Store, ws: Path, tmp_path: Path) -> None:
    assert (
        team_state(store.git).label
        == "team: only on this computer (no shared copy): teammates cannot see this log"
    )
    bare = tmp_path / "team.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(ws, "remote", "add", "origin", str(bare))
    git(ws, "push", "-q", "origin", "main")
    git(ws, "fetch", "-q", "origin")
    assert team_state(store.git).label == "team: up to date: teammates see this log"
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    incidents.act(current, "done")
    assert team_state(store.git).label == "team: 2 changes only on this computer: sending…"
    state = push(store.git)
    assert state.label == "team: up to date: teammates see this log"
    assert git(bare, "log", "-1", "--format=%s", "main").strip().endswith("done confirm")
    # someone else pushed first: no force, we say offline and keep our commits
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(bare), str(other))
    (other / "note.txt").write_text("x", encoding="utf-8")
    git(other, "add", "note.txt")
    git(other, "commit", "-q", "-m", "other")
    git(other, "push", "-q", "origin", "main")
    incidents.act(incidents.read(current.id), "note", "hello")
    state = push(store.git)
    assert (
        state.label
        == "team: a teammate saved changes too; 1 change only on this computer: sync to share"
    )
    assert git(bare, "log", "-1", "--format=%s", "main").strip() == "other"


def test_team_push_offline(store: Store, ws: Path, tmp_path: Path) -> None:
    git(ws, "remote", "add", "origin", str(tmp_path / "missing.git"))
    state = push(store.git)
    assert state.error
    assert state.label.startswith("team: offline")


def test_report_lists_the_steps_not_done(ws: Path, walked: str, store: Store) -> None:
    steps = applicable_steps(store.data.playbooks["hacked-account"], "high")
    left = [step.title for step in steps[2:]]  # one done, one skipped, then closed
    assert left
    result = CliRunner().invoke(main, ["incident", "report", walked, str(ws)])
    out = result.output
    assert f"- **Steps:** 1 done, 1 skipped, {len(left)} not done of {len(steps)}" in out
    section = out.split("## Steps not done\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.split("\n") == [f"- {title}" for title in left] + [""]
    target = ws.parent / "report.html"
    result = CliRunner().invoke(
        main, ["incident", "report", walked, str(ws), "--format", "html", "-o", str(target)]
    )
    page = target.read_text(encoding="utf-8")
    tail = page.split("<h2>Steps not done</h2><ul>", 1)[1].split("</ul>", 1)[0]
    assert all(f"<li>{html.escape(title)}</li>" in tail for title in left)


def test_report_in_spanish_says_the_status_in_spanish(ws: Path, walked: str, spanish: None) -> None:
    result = CliRunner().invoke(main, ["incident", "report", walked, str(ws)])
    assert result.exit_code == 0, result.output
    assert "- **Estado:** cerrado" in result.output
    assert "closed" not in result.output.split("## ")[0]  # the facts, before the sections
