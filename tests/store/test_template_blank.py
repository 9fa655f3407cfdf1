"""``init_blank``: who the one owner is when smgov knows nobody, and the owner's file."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.store.errors import AuthorMissing
from smgov_tui.store.git import Author
from smgov_tui.store.template import init_blank
from tests.helpers.git import git


@pytest.fixture
def nobody(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No git identity anywhere (a fresh machine)."""
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


def test_asks_when_nobody_is_known(tmp_path: Path, nobody: None) -> None:
    asked: list[bool] = []

    def ask() -> Author:
        asked.append(True)
        return Author("Lía Peña", "lia@example.org")

    who = init_blank(tmp_path / "ours", "es", ask=ask)
    assert asked == [True] and who == Author("Lía Peña", "lia@example.org")
    text = (tmp_path / "ours" / "owners" / "lia-pena.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ../schemas/owner.schema.json\n")  # the sample's header
    assert 'name = "Lía Peña"\nemail = "lia@example.org"\n' in text
    assert git(tmp_path / "ours", "log", "--format=%an").strip() == "Lía Peña"


def test_without_anyone_to_ask_nothing_is_made(tmp_path: Path, nobody: None) -> None:
    with pytest.raises(AuthorMissing):
        init_blank(tmp_path / "ours", "en")
    assert list(tmp_path.iterdir()) == [tmp_path / "empty.gitconfig"]


def test_an_author_given_wins_over_asking(tmp_path: Path, nobody: None) -> None:
    def ask() -> Author:
        raise AssertionError("asked although an author was given")

    who = init_blank(tmp_path / "ours", "en", author_flag="Ana <ana@example.org>", ask=ask)
    assert who.name == "Ana" and (tmp_path / "ours" / "owners" / "ana.toml").is_file()
