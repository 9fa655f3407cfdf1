"""Finding the workspace from another folder (``smgov crisis`` typed in the wrong place), on
real folders and real git repositories."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.store.discover import (
    Found,
    Source,
    enclosing_workspace,
    offered_workspaces,
    workspace_language,
    workspace_name,
)
from tests.helpers.git import git


def test_a_sub_folder_finds_the_workspace_above_it(ws: Path) -> None:
    assert enclosing_workspace(ws / "accounts") == Found(ws, Source.PARENT)
    assert enclosing_workspace(ws) == Found(ws, Source.HERE)


def test_a_folder_that_does_not_exist_yet_finds_the_workspace_above(ws: Path) -> None:
    assert enclosing_workspace(ws / "accounts" / "gone") == Found(ws, Source.PARENT)


def test_the_walk_stops_at_a_git_repository_that_is_not_a_workspace(
    ws: Path, tmp_path: Path
) -> None:
    # A workspace holding someone's unrelated project: the project's folders are not ours.
    project = ws / "vendor" / "project"
    (project / "src").mkdir(parents=True)
    git(project, "init", "-q")
    assert enclosing_workspace(project / "src") is None
    assert enclosing_workspace(tmp_path / "elsewhere") is None


def test_offers_the_current_folder_then_the_environment_then_recent_ones(
    ws: Path, tmp_path: Path, make_ws: object
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "workspace.toml").write_text('organisation = "Otra"\n', encoding="utf-8")
    gone = tmp_path / "gone"
    offers = offered_workspaces(
        tmp_path / "wrong",
        {"SMGOV_WORKSPACE": str(other)},
        [str(gone), str(ws), str(other)],
        cwd=ws / "accounts",
    )
    assert offers == [
        Found(ws, Source.PARENT),
        Found(other, Source.ENVIRONMENT),
    ]
    assert offered_workspaces(tmp_path, {}, [str(gone)], cwd=tmp_path) == []


def test_the_name_and_language_of_a_workspace_are_read_without_loading_it(
    ws: Path, tmp_path: Path
) -> None:
    assert workspace_name(ws)
    assert workspace_language(ws) == "en"
    (tmp_path / "workspace.toml").write_text('organisation = "X"\nlanguage = "es"\n')
    assert workspace_language(tmp_path) == "es"
    assert workspace_name(tmp_path / "none") == ""
    assert workspace_language(tmp_path / "none") == "en"
