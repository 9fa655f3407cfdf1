"""The smgov command: init, demo, check on the sample, version and help."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui import __version__
from smgov_tui.cli import main
from smgov_tui.store.loader import load_workspace
from smgov_tui.store.store import Store
from smgov_tui.store.template import copy_template, template_dir
from tests.helpers.git import git


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smgov_tui", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_sample_is_clean_and_complete(lang: str, tmp_path: Path) -> None:
    root = tmp_path / lang
    runner = CliRunner()
    result = runner.invoke(
        main, ["--author", "Ana <ana@example.org>", "init", str(root), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    store = Store.open(root)
    data = store.load()
    assert [str(p) for p in store.check()] == []
    assert data.meta is not None and data.meta.language == lang
    accounts = data.accounts
    assert len(accounts) >= 10
    assert len({a.network for a in accounts.values()}) >= 6
    assert len({a.department for a in accounts.values()}) >= 4
    assert len(data.owners) >= 6
    assert len(data.contacts) >= 6
    assert len({c.kind for c in data.contacts.values()}) >= 4
    assert len(data.playbooks) >= 3
    for playbook in data.playbooks.values():
        assert len(playbook.steps) >= 6
        assert playbook.severities and playbook.statements
    assert data.default_response_hours == 24
    assert data.communication is not None and data.communication.hashtags
    assert data.management is not None and data.management.review_cadence_days
    for path in sorted(template_dir(lang).rglob("*.toml")):
        first = path.read_text(encoding="utf-8").splitlines()[:3]
        assert any(line.startswith("#") for line in first), f"{path} opens without comments"


def test_both_languages_hold_the_same_records() -> None:
    def names(lang: str) -> set[str]:
        root = template_dir(lang)
        return {str(p.relative_to(root)) for p in root.rglob("*.toml")}

    assert names("es") == names("en")


def test_init_makes_one_commit_by_the_author(tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = CliRunner().invoke(
        main, ["init", str(root), "--lang", "en", "--author", "Ana Ruiz <ana@example.org>"]
    )
    assert result.exit_code == 0, result.output
    assert git(root, "log", "--format=%an <%ae>|%s").splitlines() == [
        "Ana Ruiz <ana@example.org>|workspace: create from the smgov sample"
    ]
    assert git(root, "status", "--porcelain") == ""


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--author", "A <a@example.org>"])
    assert result.exit_code == 2
    assert "not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_init_without_any_author_says_how_to_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    result = CliRunner().invoke(main, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 2
    assert "SMGOV_AUTHOR" in result.output and "--author" in result.output
    assert not (tmp_path / "ws").exists()


def test_init_shifts_sample_dates_to_today(tmp_path: Path) -> None:
    copy_template("en", tmp_path / "a", today=dt.date(2026, 11, 22))
    copy_template("en", tmp_path / "b", today=dt.date(2027, 2, 20))

    first, later = load_workspace(tmp_path / "a"), load_workspace(tmp_path / "b")
    for account_id, account in first.accounts.items():
        if account.last_reviewed:
            shifted = later.accounts[account_id].last_reviewed
            assert shifted == account.last_reviewed + dt.timedelta(days=90)


def test_demo_builds_a_history_by_several_people(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    result = run("demo", "--no-open", "--dir", str(target), "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    authors = set(git(target, "log", "--format=%an").splitlines())
    assert len(authors) >= 3
    assert len(git(target, "log", "--format=%s").splitlines()) >= 5
    assert git(target, "status", "--porcelain") == ""
    check = run("check", str(target))
    assert check.returncode == 0, check.stdout + check.stderr


def test_demo_takes_its_folder_as_an_argument_like_init(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    result = run("demo", "--no-open", str(target), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert (target / "workspace.toml").is_file()
    assert git(target, "status", "--porcelain") == ""

    both = run("demo", "--no-open", str(tmp_path / "a"), "--dir", str(tmp_path / "b"))
    assert both.returncode != 0
    assert "DIR or --dir, not both" in both.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_version_and_help() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout
    result = run("--help")
    assert result.returncode == 0
    for command in ("init", "check", "demo"):
        assert command in result.stdout


def test_check_defaults_to_smgov_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path / "ws"), "--author", "A <a@example.org>"])
    monkeypatch.setenv("SMGOV_WORKSPACE", str(tmp_path / "ws"))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
