"""``smgov crisis`` run outside the workspace: it finds the one above, or offers the ones this
person opened, and never suggests ``smgov init`` (that would make a sample company with
made-up contacts in the wrong folder)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from smgov_tui.cli.crisis import find_crisis_workspace
from smgov_tui.store.settings import remember_workspace


@click.command()
@click.argument("directory", required=False)
def where(directory: str | None) -> None:
    """What crisis mode would open, printed (crisis mode itself needs a terminal)."""
    click.echo(f"OPEN {find_crisis_workspace(directory)}")


def test_from_a_sub_folder_it_opens_the_workspace_above(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws / "accounts")
    result = CliRunner().invoke(where, [])
    assert result.exit_code == 0, result.output
    assert f"OPEN {ws}" in result.output
    assert "above" in result.output


def test_a_given_sub_folder_opens_the_workspace_above(ws: Path) -> None:
    result = CliRunner().invoke(where, [str(ws / "protocols" / "crisis")])
    assert f"OPEN {ws}" in result.output


def test_elsewhere_it_offers_the_recent_workspaces(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "workspace.toml").write_text('organisation = "Otra S.L."\n', encoding="utf-8")
    remember_workspace(ws)
    remember_workspace(other)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(where, [], input="2\n")
    assert result.exit_code == 0, result.output
    assert f"1  {other}  (Otra S.L.)" in result.output
    assert f"OPEN {ws}" in result.output
    assert "init" not in result.output
    picked_first = CliRunner().invoke(where, [], input="\n")
    assert f"OPEN {other}" in picked_first.output


def test_with_nothing_to_offer_it_never_suggests_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(where, [])
    assert result.exit_code == 2
    assert "not in a smgov workspace" in result.output
    assert "init" not in result.output
    assert "smgov crisis PATH" in result.output


def test_smgov_workspace_is_offered_when_the_folder_is_not_one(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SMGOV_WORKSPACE", str(tmp_path / "typo"))
    assert "init" not in CliRunner().invoke(where, []).output
    monkeypatch.setenv("SMGOV_WORKSPACE", str(ws))
    assert f"OPEN {ws}" in CliRunner().invoke(where, []).output
