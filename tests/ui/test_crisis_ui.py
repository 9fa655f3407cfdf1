"""Crisis mode in the real app: keys in, files and commits out (real repo, frozen clock)."""

from __future__ import annotations

import asyncio
import subprocess
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from smgov_tui.core.crisis import applicable_steps
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.modals.close_incident import CloseIncidentModal
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.modals.pause_accounts import PauseAccountsModal
from smgov_tui.ui.modals.pick_account import PickAccountModal
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from smgov_tui.ui.widgets.crisis_clock import CrisisClock
from tests.helpers.crisis import press_done, settle
from tests.helpers.git import git, subjects

WHO = "Test Author <test@example.org>"
INCIDENT = "2026-11-22-hacked-account"


def run(
    store: Store, body: Callable[[Pilot[None]], Awaitable[None]], size: tuple[int, int] = (80, 24)
) -> None:
    async def main() -> None:
        app = CrisisApp(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await body(pilot)

    asyncio.run(main())


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def test_walk_a_full_template_playbook(store: Store, ws: Path) -> None:
    playbook = store.data.playbooks["hacked-account"]
    steps = [s.id for s in applicable_steps(playbook, "high")]
    commits_before = len(subjects(ws))
    expected: list[tuple[str, str, str]] = [("opened", "", "")]

    async def body(pilot: Pilot[None]) -> None:
        # Enter picks the first playbook (Hacked account), 3 picks High: the first step shows
        # the statements name {account}: one more key, Enter on the highlighted account
        await pilot.press("enter", "3")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickAccountModal)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CrisisStepScreen)
        assert playbook.steps[0].title in text_of(pilot, "#step-title")
        assert "step 1 of" in text_of(pilot, "#step-head")
        for index, step in enumerate(steps):
            if index == 1:
                await pilot.press("n")
                pilot.app.screen.query_one(Input).value = "Case [bold]42[/] opened {brand}"
                await pilot.press("enter")
                await settle(pilot)
                expected.append(("note", step, "Case [bold]42[/] opened {brand}"))
                assert "Case [bold]42[/] opened {brand}" in text_of(pilot, "#step-log")
            if index == 2:
                await pilot.press("s")
                await pilot.press("enter")  # empty reason: refused, modal stays
                await pilot.pause()
                assert pilot.app.screen.query_one(Input) is not None
                pilot.app.screen.query_one(Input).value = "Nothing scheduled"
                await pilot.press("enter")
                await settle(pilot)
                expected.append(("skipped", step, "Nothing scheduled"))
                continue
            if index == 3:
                await pilot.press("e")
                await pilot.pause()
                await pilot.press("enter")
                await settle(pilot)
                expected.append(("escalated", step, ""))  # the calls are in "calls"
                await pilot.press("b")
                await settle(pilot)
                expected.append(("back", steps[2], ""))
                assert "(skipped before)" in text_of(pilot, "#step-title")
                await pilot.press("d")  # a pause step: each account confirmed paused
                await pilot.pause()
                pause = pilot.app.screen
                assert isinstance(pause, PauseAccountsModal)
                for index in range(len(pause.to_pause)):
                    pause.query_one(OptionList).highlighted = index
                    await pilot.press("space")
                await pilot.press("enter")
                await settle(pilot)
                expected.append(("done", steps[2], ""))
            await pilot.press("d")
            await settle(pilot)
            expected.append(("done", step, ""))
        assert "Every step is settled" in text_of(pilot, "#step-title")
        await pilot.press("x")
        await pilot.pause()
        areas = pilot.app.screen.query(TextArea)
        areas[0].text = "Account recovered"
        areas[1].text = "Two-step verification everywhere"
        await pilot.press("ctrl+s")
        await settle(pilot)
        expected.append(("closed", "", "Account recovered"))
        assert "Incident closed" in text_of(pilot, "#step-title")

    run(store, body)
    raw = tomllib.loads((ws / "incidents" / f"{INCIDENT}.toml").read_text(encoding="utf-8"))
    log = raw["log"]
    assert [(e["action"], e.get("step", "")) for e in log] == [(a, s) for a, s, _n in expected]
    for entry, (_action, _step, note) in zip(log, expected, strict=True):
        assert entry["author"] == WHO
        assert entry["at"].isoformat() == "2026-11-22T10:00:00+01:00"
        assert entry.get("note", "").startswith(note)
    assert raw["status"] == "closed"
    assert raw["account"] in store.data.accounts
    assert raw["summary"] == "Account recovered"
    assert raw["lessons"] == "Two-step verification everywhere"
    # exactly one commit per action (opening included), nothing left uncommitted
    new = subjects(ws)[: len(subjects(ws)) - commits_before]
    assert len(new) == len(expected)
    assert new[-1] == f"incidents: open {INCIDENT} (hacked-account, high)"
    assert new[0] == f"incidents: close {INCIDENT}"
    assert f"incidents: {INCIDENT} done {steps[0]}" in new
    assert git(ws, "status", "--porcelain") == ""


def test_failed_commit_shows_error_and_stays(store: Store, ws: Path) -> None:
    opened = Incidents(store).create("hacked-account", "high")
    hook = ws / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho disk says no >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, opened.id))
        await settle(pilot)
        first = text_of(pilot, "#step-title")
        await pilot.press("d")
        await settle(pilot)
        assert "NOT SAVED" in text_of(pilot, "#step-status")
        assert "disk says no" in text_of(pilot, "#step-status")
        assert text_of(pilot, "#step-title") == first
        hook.unlink()
        await pilot.press("d")
        await settle(pilot)
        assert "Saved" in text_of(pilot, "#step-status")
        assert text_of(pilot, "#step-title") != first

    run(store, body)
    assert subjects(ws)[0] == f"incidents: {opened.id} done confirm"


def test_resume_offered_without_a_commit(store: Store, ws: Path) -> None:
    incidents = Incidents(store)
    opened = incidents.create("hacked-account", "high")
    incidents.act(opened, "done")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter")  # the first entry is the open incident
        await settle(pilot)
        assert isinstance(pilot.app.screen, CrisisStepScreen)
        assert "step 2 of" in text_of(pilot, "#step-head")
        assert "Resumed" in text_of(pilot, "#step-status")

    before = subjects(ws)
    run(store, body)
    assert subjects(ws) == before  # merely resuming makes no commit
    assert git(ws, "status", "--porcelain") == ""


def test_deadline_and_reminder_with_frozen_clock(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Incidents(store).create("hacked-account", "high")  # 10:00, due 11:00, remind 15 min

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, opened.id))
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrisisStepScreen)
        clock_widget = screen.query_one(CrisisClock)
        line = str(clock_widget.render())
        assert "First response due in 1 h (by 11:00 CET)" in line
        assert "REMINDER" not in line and not clock_widget.has_class("-overdue")
        monkeypatch.setenv("SMGOV_NOW", "2026-11-22T10:20:00+01:00")
        screen.tick()
        line = str(clock_widget.render())
        assert "Elapsed 20 min" in line
        assert "due in 40 min" in line
        assert "REMINDER: no update for 20 min" in line
        assert clock_widget.has_class("-reminder")
        monkeypatch.setenv("SMGOV_NOW", "2026-11-22T11:12:00+01:00")
        screen.tick()
        line = str(clock_widget.render())
        assert "OVERDUE by 12 min: first response was due at 11:00 CET" in line
        assert clock_widget.has_class("-overdue")
        # a note resets the reminder, not the deadline
        await pilot.press("n")
        pilot.app.screen.query_one(Input).value = "still waiting for Meta"
        await pilot.press("enter")
        await settle(pilot)
        line = str(clock_widget.render())
        assert "REMINDER" not in line
        assert "OVERDUE by 12 min" in line

    run(store, body)


def test_start_screen_lists_triggers_and_deadlines(store: Store) -> None:
    async def body(pilot: Pilot[None]) -> None:
        start = pilot.app.screen.query_one("#start-list")
        prompts = [str(start.get_option_at_index(i).prompt) for i in range(start.option_count)]
        assert any(p.startswith("Hacked account\n   When: Posts or messages") for p in prompts)
        await pilot.press("enter")
        severities = pilot.app.screen.query_one("#severity-list")
        first = str(severities.get_option_at_index(0).prompt)
        assert first.startswith("1  Low  —  first response within 4 h")
        await pilot.press("escape")
        assert pilot.app.screen.query_one("#start-list").display

    run(store, body)


def test_start_screen_says_who_is_on_call_now_and_until_when(store: Store, ws: Path) -> None:
    """The first thing a stressed first-timer sees: whom to call, with the number whole."""

    async def body(pilot: Pilot[None]) -> None:
        shown = str(pilot.app.screen.query_one("#start-oncall", Static).render()).replace(
            "\xa0", " "
        )
        assert "On call now: Sofía Navarro Prieto +34 617 93 40 25" in shown
        assert "until Mon 23 Nov 09:00" in shown
        assert "Next: Ana Ruiz Beltrán" in shown

    run(store, body)

    management = ws / "protocols" / "management.toml"
    text = management.read_text(encoding="utf-8")
    management.write_text(text[: text.index("[rota]")], encoding="utf-8")
    store.load()

    async def without(pilot: Pilot[None]) -> None:
        assert not pilot.app.screen.query_one("#start-oncall", Static).display

    run(store, without)


def test_markup_in_workspace_text_is_shown_literally(store: Store, ws: Path) -> None:
    path = ws / "contacts" / "seguridad-it.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('name = "David Llorens Pastor"', 'name = "[@click=app.quit]x[/] [bold]D"')
    path.write_text(text, encoding="utf-8")
    store.load()
    opened = Incidents(store).create("hacked-account", "high")
    opened = Incidents(store).act(opened, "done")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, opened.id))
        await settle(pilot)
        assert "[@click=app.quit]x[/] [bold]D" in text_of(pilot, "#step-contacts")

    run(store, body)


def statement_after_opening(store: Store, keys: list[str]) -> tuple[str, str]:
    """Open Hacked account at High with ``keys`` in the account picker; walk to the statement."""
    seen: dict[str, str] = {}

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "3")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PickAccountModal)
        await pilot.press(*keys)
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CrisisStepScreen)
        for _ in range(10):
            if screen.statement_text:
                break
            await press_done(pilot)
        seen["copy"] = screen.statement_text
        seen["view"] = text_of(pilot, "#step-statement")

    run(store, body)
    return seen["copy"], seen["view"]


def test_the_picked_account_fills_the_statement(store: Store, ws: Path) -> None:
    account = next(iter(store.data.accounts.values()))
    needle = account.handle.lstrip("@")[:6]
    copy, view = statement_after_opening(store, [*needle, "enter"])
    raw = tomllib.loads((ws / "incidents" / f"{INCIDENT}.toml").read_text(encoding="utf-8"))
    picked = store.data.accounts[raw["account"]]
    assert needle.casefold() in picked.handle.casefold()
    assert f"{picked.handle} ({picked.network})" in copy
    assert "{account}" not in copy and "[account]" not in copy
    assert ".." not in copy
    assert "Fill in by hand" not in view


def test_skipping_the_account_leaves_a_visible_marker(store: Store, ws: Path) -> None:
    copy, view = statement_after_opening(store, ["escape"])
    raw = tomllib.loads((ws / "incidents" / f"{INCIDENT}.toml").read_text(encoding="utf-8"))
    assert "account" not in raw
    assert "[account]" in copy and "{account}" not in copy
    assert "Fill in by hand before publishing: [account]" in view


def test_closing_with_steps_not_done_asks_first(store: Store, ws: Path) -> None:
    incidents = Incidents(store)
    opened = incidents.create("hacked-account", "high")
    incidents.act(opened, "done")
    left = len(applicable_steps(store.data.playbooks["hacked-account"], "high")) - 1

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, opened.id))
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert f"{left} steps are not done: close anyway?" in str(
            pilot.app.screen.query_one(".modal-title", Static).render()
        )
        await pilot.press("n")  # no: back on the step, nothing written
        await pilot.pause()
        assert isinstance(pilot.app.screen, CrisisStepScreen)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CloseIncidentModal)

    run(store, body)
    assert subjects(ws)[0] == f"incidents: {opened.id} done confirm"


def test_the_first_response_step_is_named_then_its_time(store: Store, ws: Path) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high")
    steps = applicable_steps(store.data.playbooks["hacked-account"], "high")
    number, target = next((n, s) for n, s in enumerate(steps, start=1) if s.statement)

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, current.id))
        await settle(pilot)
        assert (
            f"FIRST RESPONSE: publish the statement in step {number} “{target.title}”."
            in text_of(pilot, "#step-first")
        )
        for _ in range(number - 1):
            await press_done(pilot)
        assert "FIRST RESPONSE: this step" in text_of(pilot, "#step-first")
        await pilot.press("d")
        await settle(pilot)
        assert "First response published at 10:00 CET." in text_of(pilot, "#step-first")
        assert "First response out at 10:00 CET, in time" in str(
            pilot.app.screen.query_one(CrisisClock).render()
        )

    run(store, body)


def test_a_note_refused_during_a_persons_rebase_says_why_and_keeps_the_text(
    store: Store, ws: Path
) -> None:
    """A rebase a person started by hand stops on a conflict at a commit older than the
    incident, so the incident file is not in the work tree: the note is refused naming the
    rebase (not "removed"), and the typed text comes back in the next prompt."""
    notes = ws / "team-notes.txt"
    notes.write_text("base\n", encoding="utf-8")
    git(ws, "add", "team-notes.txt")
    git(ws, "commit", "-qm", "notes: base")
    git(ws, "branch", "side")
    notes.write_text("ours\n", encoding="utf-8")
    git(ws, "commit", "-qam", "notes: ours")
    git(ws, "checkout", "-q", "side")
    notes.write_text("theirs\n", encoding="utf-8")
    git(ws, "commit", "-qam", "notes: theirs")
    git(ws, "checkout", "-q", "main")
    opened = Incidents(store).create("hacked-account", "high")
    typed = "Called the platform's support line, case 4471"

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, opened.id))
        await settle(pilot)
        rebase = subprocess.run(["git", "rebase", "side"], cwd=ws, capture_output=True, check=False)
        assert rebase.returncode != 0 and not (ws / opened.path).exists()
        before = git(ws, "status", "--porcelain")
        await pilot.press("n")
        await pilot.pause()
        pilot.app.screen.query_one("#prompt-input", Input).value = typed
        await pilot.press("enter")
        await settle(pilot)
        status = text_of(pilot, "#step-status")
        assert "NOT SAVED" in status and "rebase --continue" in status
        assert "removed" not in status
        assert "Your note is kept" in status
        assert git(ws, "status", "--porcelain") == before
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen.query_one("#prompt-input", Input).value == typed

    run(store, body)
    assert (ws / ".git" / "rebase-merge").is_dir()  # the person's rebase is left as it was


def test_the_step_log_names_each_action_in_the_interface_language(
    store: Store, ws: Path, spanish: None
) -> None:
    """A Spanish screen says [nota] and [OMITIDO], not the file's own words."""
    incidents = Incidents(store)
    opened = incidents.create("hacked-account", "high")
    opened = incidents.act(opened, "note", "Llamada al soporte de la plataforma")

    async def body(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(CrisisStepScreen(store, opened.id))
        await settle(pilot)
        log = text_of(pilot, "#step-log")
        assert "[nota] Llamada al soporte" in log
        assert "[note]" not in log

    run(store, body)


def test_the_on_call_role_names_the_person_on_call_now(store: Store) -> None:
    """The sample's first step of Hacked account is the on-call role's: the rota says Sofía is
    on call at the frozen clock (Sunday 22 November, 10:00), until Monday's handover."""

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "3")
        await pilot.pause()
        if isinstance(pilot.app.screen, PickAccountModal):
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CrisisStepScreen)
        who = text_of(pilot, "#step-who").replace("\xa0", " ")  # phones never break
        assert "Crisis on-call:" in who
        assert "Sofía Navarro Prieto +34 617 93 40 25 (on call until Mon 23 Nov 09:00)" in who
        assert "Nobody holds this role" not in who

    run(store, body, size=(120, 40))


def test_a_step_role_lists_holders_then_deputies(store: Store) -> None:
    step = next(
        index
        for index, s in enumerate(store.data.playbooks["hacked-account"].steps)
        if s.role == "social-media-lead"
    )

    async def body(pilot: Pilot[None]) -> None:
        await pilot.press("enter", "3")
        await pilot.pause()
        if isinstance(pilot.app.screen, PickAccountModal):
            await pilot.press("enter")
        await settle(pilot)
        for _ in range(step):
            await pilot.press("d")
            await settle(pilot)
        who = text_of(pilot, "#step-who").replace("\xa0", " ")  # phones never break
        assert (
            "Ana Ruiz Beltrán +34 612 48 93 07  ·  Raúl Santos Ibáñez +34 686 20 44 17 (deputy)"
            in who
        )

    run(store, body, size=(120, 40))
