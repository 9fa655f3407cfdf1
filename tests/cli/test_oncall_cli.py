"""``smgov oncall``: the real command on the sample's rota, at the tests' frozen clock (Sunday
22 November 2026, 10:00 in Madrid: Sofía is on call until Monday's handover)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.git import git


def smgov(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smgov_tui", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        env={**os.environ, **env},
    )


def files_of(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``root`` (``.git`` included) with its modification time and bytes."""
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_oncall_says_who_now_until_when_and_next(ws: Path) -> None:
    before = files_of(ws)
    result = smgov("oncall", str(ws))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "On call now: Sofía Navarro Prieto, +34 617 93 40 25 — until Mon 23 Nov 09:00 "
        "(Europe/Madrid)",
        "Next: Ana Ruiz Beltrán, +34 612 48 93 07 — from Mon 23 Nov 09:00 until Wed 25 Nov "
        "15:00 (Europe/Madrid)",
    ]
    assert files_of(ws) == before  # read-only: not even git's index or config
    assert git(ws, "status", "--porcelain") == ""


def test_oncall_at_another_moment_says_why_an_override_applies(ws: Path) -> None:
    result = smgov("oncall", str(ws), "--at", "2026-11-25T16:00+01:00")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("On call now: Sofía Navarro Prieto, +34 617 93 40 25 — until Wed 25")
    assert lines[1] == (
        "  Why: Ana gives the Meta account security training to the shop managers that afternoon."
    )


def test_oncall_json(ws: Path) -> None:
    result = smgov("oncall", str(ws), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["rota"] is True and document["timezone"] == "Europe/Madrid"
    assert document["role"] == "on-call"
    assert document["at"] == "2026-11-22T10:00:00+01:00"
    assert document["now"] == {
        "person": "sofia-navarro",
        "name": "Sofía Navarro Prieto",
        "phone": "+34 617 93 40 25",
        "active": True,
        "from": "2026-11-16T09:00:00+01:00",
        "until": "2026-11-23T09:00:00+01:00",
        "reason": "",
    }
    assert document["next"]["person"] == "ana-ruiz"
    assert document["next"]["until"] == "2026-11-25T15:00:00+01:00"


def test_oncall_in_spanish(ws: Path) -> None:
    result = smgov("oncall", str(ws), SMGOV_LANG="es")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "De guardia ahora: Sofía Navarro Prieto, +34 617 93 40 25 — hasta el lun 23 nov 09:00 "
        "(Europe/Madrid)"
    )


def test_an_inactive_person_on_call_is_said_and_exits_1(ws: Path) -> None:
    owner = ws / "owners/sofia-navarro.toml"
    owner.write_text(
        owner.read_text(encoding="utf-8").replace("active = true", "active = false"),
        encoding="utf-8",
    )
    result = smgov("oncall", str(ws))
    assert result.returncode == 1
    assert "nobody will answer" in result.stdout.splitlines()[0]


def test_no_rota_is_one_sentence_and_exit_1(empty_ws: Path) -> None:
    result = smgov("oncall", str(empty_ws))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "has no on-call rota" in result.stderr and "Traceback" not in result.stderr
    document = json.loads(smgov("oncall", str(empty_ws), "--format", "json").stdout)
    assert document == {"workspace": str(empty_ws), "rota": False}


def test_a_bad_moment_is_one_sentence_and_exit_2(ws: Path) -> None:
    result = smgov("oncall", str(ws), "--at", "Christmas")
    assert result.returncode == 2
    assert '--at "Christmas" is not a date and time' in result.stderr
    assert "Traceback" not in result.stderr
