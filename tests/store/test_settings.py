"""The person's own settings: each writer keeps the others' keys; the remembered author signs."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.store.author import resolve_author
from smgov_tui.store.errors import AuthorMissing
from smgov_tui.store.git import Author, Git
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.settings import (
    RECENT_LIMIT,
    Settings,
    load_settings,
    remember_author,
    remember_workspace,
    save_settings,
    settings_path,
)
from smgov_tui.store.store import Store
from tests.helpers.git import git


@pytest.fixture
def no_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine where git knows nobody (as on a fresh laptop)."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


def test_each_setting_keeps_the_others(tmp_path: Path) -> None:
    remember_author("Ana Ruiz", "ana@example.org")
    save_settings(Settings(sync_after_save=True))
    remember_workspace(tmp_path)
    settings = load_settings()
    assert settings == Settings(
        sync_after_save=True,
        author_name="Ana Ruiz",
        author_email="ana@example.org",
        recent_workspaces=(str(tmp_path),),
    )
    assert settings_path().read_text(encoding="utf-8").startswith("# smgov")


def test_recent_workspaces_newest_first_each_once_and_bounded(tmp_path: Path) -> None:
    for n in range(RECENT_LIMIT + 2):
        remember_workspace(tmp_path / f"w{n}")
    remember_workspace(tmp_path / "w3")
    recent = load_settings().recent_workspaces
    assert recent[0] == str(tmp_path / "w3")
    assert len(recent) == RECENT_LIMIT == len(set(recent))


@pytest.mark.usefixtures("no_identity")
def test_the_remembered_author_signs_when_nothing_else_names_one(ws: Path) -> None:
    store = Store.open(ws)
    with pytest.raises(AuthorMissing):
        resolve_author(store.git)
    remember_author("Ana Ruiz")
    assert resolve_author(Git.open(ws)) == Author("Ana Ruiz", "")
    signed = Store.open(ws)
    signed.load()
    Incidents(signed).create("hacked-account", "high")
    assert git(ws, "log", "-1", "--format=%an <%ae>").strip() == "Ana Ruiz <>"
    # git's own identity, SMGOV_AUTHOR and --author still come first
    assert resolve_author(None, "Luis <luis@example.org>") == Author("Luis", "luis@example.org")


def test_an_author_without_an_email_reads_back() -> None:
    assert Author.parse("Ana Ruiz <>") == Author("Ana Ruiz", "")
    assert str(Author("Ana Ruiz", "")) == "Ana Ruiz <>"
    with pytest.raises(ValueError):
        Author.parse("Ana Ruiz <not-an-email>")
