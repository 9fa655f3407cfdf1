"""``smgov init --blank``: the sample's protocols and playbooks, the person at the keyboard as
the one owner, nothing else of the sample company; it passes ``smgov check``."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core import kinds as k
from smgov_tui.store.template import template_dir
from tests.helpers.git import git


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _sample_ids(lang: str) -> set[str]:
    source = template_dir(lang)
    kinds = (k.OWNERS, k.ACCOUNTS, k.CONTACTS, k.INCIDENTS)
    return {p.stem for kind in kinds for p in (source / kind.folder).glob("*.toml")}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_blank_passes_check_with_one_owner_and_nothing_of_the_sample(
    tmp_path: Path, lang: str
) -> None:
    root = tmp_path / "ours"
    args = ["--author", "Marta Gil <marta@acme.org>", "init", "--blank", str(root), "--lang", lang]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "You are its one owner (marta-gil)" in result.output
    check = CliRunner().invoke(main, ["check", str(root)])
    assert check.exit_code == 0, check.output
    assert "0 errors" in check.output
    records = sorted(str(p.relative_to(root)) for p in root.rglob("*.toml"))
    source = template_dir(lang)
    protocols = sorted(str(p.relative_to(source)) for p in source.glob("protocols/**/*.toml"))
    assert records == sorted(["owners/marta-gil.toml", "workspace.toml", *protocols])
    owner = tomllib.loads((root / "owners" / "marta-gil.toml").read_text(encoding="utf-8"))
    assert (owner["name"], owner["email"]) == ("Marta Gil", "marta@acme.org")
    meta = tomllib.loads((root / "workspace.toml").read_text(encoding="utf-8"))
    assert (meta["organisation"], meta["brand"], "objectives" in meta) == ("", "", False)
    # no value anywhere names a person, account, contact or incident of the sample
    named = set().union(
        *(_strings(tomllib.loads(p.read_text(encoding="utf-8"))) for p in root.rglob("*.toml"))
    )
    assert named & _sample_ids(lang) == set()
    assert git(root, "log", "--format=%an <%ae>|%s").splitlines() == [
        "Marta Gil <marta@acme.org>|"
        "workspace: create a blank plan from the smgov sample's protocols"
    ]
    assert git(root, "status", "--porcelain") == ""


def test_the_skeleton_is_the_sample_s_own_files(tmp_path: Path) -> None:
    """Built from the sample by code: the same comments, the same roles, response times and
    playbook steps (a change of the sample reaches blank workspaces too)."""
    root = tmp_path / "ours"
    args = ["--author", "Marta Gil <marta@acme.org>", "init", "--blank", str(root), "--lang", "en"]
    assert CliRunner().invoke(main, args).exit_code == 0
    source = template_dir("en")
    for path in source.glob("protocols/**/*.toml"):
        ours = (root / path.relative_to(source)).read_text(encoding="utf-8")
        theirs = path.read_text(encoding="utf-8")
        comments = [line for line in theirs.splitlines() if line.startswith("#")][:3]
        assert ours.splitlines()[:3] == comments
        mine, sample = tomllib.loads(ours), tomllib.loads(theirs)
        for key in ("roles", "approval_rules", "response_times", "review_cadence_days"):
            assert mine.get(key) == sample.get(key)
        for step, sample_step in zip(mine.get("steps", []), sample.get("steps", []), strict=True):
            assert step["title"] == sample_step["title"]
            assert "contacts" not in step  # the sample's contacts are not ours


def test_without_an_author_and_no_terminal_one_sentence_and_nothing_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    place = tmp_path / "place"
    place.mkdir()
    result = CliRunner().invoke(main, ["init", "--blank", str(place / "ours"), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "init --blank makes you the workspace's one owner, but nobody is known and there is no "
        'terminal to ask: pass --author "Your Name <you@example.org>", set SMGOV_AUTHOR, or '
        "set git's user.name and user.email. Nothing was created."
    )
    assert list(place.iterdir()) == []


def test_git_identity_is_the_owner(tmp_path: Path) -> None:
    root = tmp_path / "ours"
    result = CliRunner().invoke(main, ["init", "--blank", str(root), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (root / "owners" / "test-author.toml").is_file()  # conftest's git identity


def test_a_refusing_hook_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    hook = hooks / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'refused by the team hook' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    config = tmp_path / "hooked.gitconfig"
    config.write_text(
        f"[user]\n\tname = A\n\temail = a@example.org\n[core]\n\thooksPath = {hooks}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    place = tmp_path / "place"
    place.mkdir()
    result = CliRunner().invoke(main, ["init", "--blank", str(place / "ours"), "--lang", "en"])
    assert result.exit_code == 2 and "refused by the team hook" in result.output
    assert list(place.iterdir()) == []
