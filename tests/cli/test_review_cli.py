"""``smgov review``: the accounts due for review, read-only, with an exit code for CI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smgov_tui.cli import main
from tests.helpers.git import git


def _snapshot(root: Path) -> tuple[str, float, str]:
    """What a read-only command must leave as it was: HEAD, the index's time, the status."""
    index = root / ".git" / "index"
    return (
        git(root, "rev-parse", "HEAD"),
        index.stat().st_mtime,
        git(root, "--no-optional-locks", "status", "--short"),
    )


def test_nothing_due_is_exit_0(ws: Path) -> None:
    result = CliRunner().invoke(main, ["review", str(ws)])
    assert result.exit_code == 0, result.output
    assert "No account is due for review within 14 days (reviews every 90 days)." in result.output


def test_due_soon_is_listed_but_exit_0(ws: Path) -> None:
    result = CliRunner().invoke(main, ["review", str(ws), "--due-within", "30"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("due in 29 days  pinterest-recetas  (pinterest olmedorecetas")
    assert lines[-1] == (
        "2 accounts due for review within 30 days, 0 overdue (reviews every 90 days)."
    )


def test_overdue_is_exit_1_and_json_lists_overdue_first(ws: Path) -> None:
    path = ws / "accounts" / "x-olmedo.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("last_reviewed = 2026-10-14", "last_reviewed = 2026-01-02"))
    git(ws, "commit", "-qam", "older review")
    before = _snapshot(ws)
    result = CliRunner().invoke(main, ["review", str(ws), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["overdue"] == 1 and document["due_within_days"] == 14
    first = document["accounts"][0]
    assert (first["id"], first["days_left"], first["overdue"]) == ("x-olmedo", -234, True)
    assert _snapshot(ws) == before  # read-only: not even git's index is touched


def test_spanish(ws: Path, spanish: None) -> None:
    result = CliRunner().invoke(main, ["review", str(ws), "--due-within", "30"])
    assert result.output.splitlines()[0].startswith("vence en 29 días  pinterest-recetas")


def test_review_writes_nothing(ws: Path) -> None:
    """Read-only: not the index, not .git/config, not a file of the workspace."""
    config = (ws / ".git" / "config").read_bytes()
    before = _snapshot(ws)
    for args in ([], ["--format", "json"], ["--due-within", "400"]):
        CliRunner().invoke(main, ["review", str(ws), *args])
    assert _snapshot(ws) == before
    assert (ws / ".git" / "config").read_bytes() == config
