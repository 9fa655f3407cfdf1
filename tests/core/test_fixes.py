"""Every finding says how to fix it: one sentence per rule code (core/rules.py's FIXES), and
the coverage rule's own sentence, which names the hours to cover or the response time."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import smgov_tui
from smgov_tui.core import coverage as cov
from smgov_tui.core import records as r
from smgov_tui.core.problems import Problem
from smgov_tui.core.rules import FIXES, fix_text, with_fix
from smgov_tui.i18n import set_language
from tests.helpers.health import BASE, only, run

SRC = Path(smgov_tui.__file__).parent
MADRID = ZoneInfo("Europe/Madrid")


def _codes_in(node: ast.expr) -> set[str]:
    """The rule codes an argument can hold: a string, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes_in(node.body) | _codes_in(node.orelse)
    return set()


def codes_in_source() -> dict[str, str]:
    """Every rule code written in src/: the code argument of ``Problem(...)`` (6th positional or
    ``code=``) and of ``problem_at``/``_p`` (4th positional), or assigned to a variable named
    ``code``, with where it is written."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "code" for t in node.targets
            ):  # code = "a" if ... else "b", passed on below
                for code in _codes_in(node.value):
                    found.setdefault(code, f"{path.relative_to(SRC)}:{node.lineno}")
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            position = {"Problem": 5, "problem_at": 3, "_p": 3}.get(node.func.id)
            if position is None:
                continue
            args: list[ast.expr] = []
            if len(node.args) > position:
                args.append(node.args[position])
            args += [kw.value for kw in node.keywords if kw.arg == "code"]
            for arg in args:
                for code in _codes_in(arg):
                    found.setdefault(code, f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_every_rule_code_in_the_source_has_a_fix_sentence() -> None:
    codes = codes_in_source()
    assert len(codes) > 30  # the scan finds the rules (it would pass vacuously otherwise)
    missing = {code: where for code, where in codes.items() if not FIXES.get(code)}
    assert missing == {}, "add a sentence to FIXES in core/rules.py for: " + ", ".join(
        f"{code} ({where})" for code, where in missing.items()
    )


def test_the_registry_names_no_code_that_nothing_reports() -> None:
    """A sentence for a code no rule uses any more is a stale one."""
    assert set(FIXES) - set(codes_in_source()) == set()


@pytest.mark.parametrize("code", sorted(FIXES))
def test_every_fix_sentence_is_one_plain_sentence_in_both_languages(code: str) -> None:
    problem = Problem("accounts/x.toml", 3, "owner", "m", "warning", code)
    english = fix_text(problem)
    set_language("es")
    try:
        spanish = fix_text(problem)
    finally:
        set_language("en")
    for text in (english, spanish):
        assert text.endswith(".") and "{" not in text and "\n" not in text
    assert spanish != english, f"{code} has no Spanish"


def test_a_fix_names_the_field_by_its_label() -> None:
    problem = with_fix(
        Problem("owners/ana.toml", 4, "trained_on", "m", "warning", "untrained-owner")
    )
    assert "Trained on" in problem.fix and "trained_on" not in problem.fix
    set_language("es")
    try:
        spanish = fix_text(
            Problem("owners/ana.toml", 4, "trained_on", "m", "warning", "untrained-owner")
        )
    finally:
        set_language("en")
    assert "trained_on" not in spanish and "formación" in spanish


def test_nested_fields_read_as_the_item_and_its_label() -> None:
    problem = Problem(
        "protocols/crisis/hacked.toml", 9, "steps.2.contacts", "m", "error", "dangling-reference"
    )
    assert "step 3 › Contacts" in fix_text(problem)


def test_every_finding_of_check_carries_its_fix(tmp_path: Path) -> None:
    """A workspace with many kinds of findings: not one of them is left without a sentence."""
    account = BASE["accounts/ig-tienda.toml"].replace("last_reviewed = 2026-11-01\n", "")
    account += 'url = "not a url"\nresponse_sla_hours = 48\ncolour = "red"\n'
    problems = run(
        tmp_path,
        accounts__ig_tienda_toml=account,
        owners__ben_ortiz_toml=BASE["owners/ben-ortiz.toml"].replace(
            "trained_on = 2026-10-01\n", 'email = "ben"\n'
        ),
        contacts__agency_toml=None,
    )
    codes = {p.code for p in problems}
    assert {"review-overdue", "invalid-url", "slow-response", "unknown-key"} <= codes
    assert {"untrained-owner", "invalid-email", "crisis-chain-incomplete"} <= codes
    assert [p for p in problems if not p.fix] == []
    assert all(p.to_json()["fix"] == p.fix for p in problems)


# --- coverage: which hours to cover, or which response time closes the gap ---------------------


def test_a_gap_knows_the_idle_span_and_the_response_time_that_closes_it() -> None:
    office = r.WorkingHours(days=["mon", "tue", "wed", "thu", "fri"], start="09:00", end="18:00")
    ana = cov.Person("ana", office, MADRID)
    (gap,) = cov.coverage_gaps([ana], 24, MADRID, dt.date(2026, 11, 22))
    assert gap.label == "Fri 18:00–Sun 09:00"
    # nobody works from Friday 18:00 to Monday 09:00: 63 hours
    assert (gap.idle, gap.close_hours) == ("Fri 18:00–Mon 09:00", 63)
    # and a response time of 63 h does close it
    assert cov.coverage_gaps([ana], 63, MADRID, dt.date(2026, 11, 22)) == []
    assert cov.coverage_gaps([ana], 62, MADRID, dt.date(2026, 11, 22)) != []


def test_the_issue_gap_says_why_24_hours_is_not_enough(tmp_path: Path) -> None:
    """Issue 16: "Fri 16:30–Mon 04:30: nobody covers ... within 4 h" gave no hint; raising the
    response time to 24 h still left a gap. The fix names the span and the 64 h it would take."""
    ana = (
        BASE["owners/ana-ruiz.toml"]
        .replace('end = "18:00"', 'end = "16:30"')
        .replace('start = "09:00"', 'start = "08:30"')
    )
    account = BASE["accounts/ig-tienda.toml"].replace('backup_owner = "ben-ortiz"\n', "")
    account += "response_sla_hours = 4\n"
    problems = run(tmp_path, owners__ana_ruiz_toml=ana, accounts__ig_tienda_toml=account)
    weekend = [p for p in only(problems, "coverage-gap") if p.message.startswith("Fri")]
    assert [p.message for p in weekend] == [
        "Fri 16:30–Mon 04:30 (Europe/Madrid): nobody covers ig-tienda within 4 h"
    ]
    assert weekend[0].fix == (
        "Name a backup who is at work at least once every 4 h during Fri 16:30–Mon 08:30 "
        "(Europe/Madrid), or set Response time (hours) to 64 h or more."
    )


def test_with_a_backup_the_fix_asks_for_their_hours(tmp_path: Path) -> None:
    ben = BASE["owners/ben-ortiz.toml"].replace('days = ["sat", "sun"]', 'days = ["sat"]')
    (gap,) = only(run(tmp_path, owners__ben_ortiz_toml=ben), "coverage-gap")
    assert gap.message.startswith("Sat 18:00–Sun 09:00")
    assert gap.fix.startswith("Have the owner or the backup at work at least once every 24 h")
    assert "Sat 18:00–Mon 09:00" in gap.fix and "39 h or more" in gap.fix


def test_check_json_and_text_carry_the_fix(ws: Path) -> None:
    from click.testing import CliRunner

    from smgov_tui.cli import main

    account = ws / "accounts" / "tiktok-olmedo.toml"
    text = account.read_text(encoding="utf-8")
    account.write_text(text + '\ncolour = "red"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(ws), "--format", "json"])
    found = [p for p in json.loads(result.output)["problems"] if p["code"] == "unknown-key"]
    assert found and found[0]["fix"].startswith("Delete the key")
    result = CliRunner().invoke(main, ["check", str(ws)])
    assert "  fix: Delete the key or correct its spelling" in result.output
