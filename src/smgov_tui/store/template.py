"""New workspaces: ``smgov init`` copies the sample, ``smgov demo`` adds a realistic history."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.errors import StoreError
from smgov_tui.store.git import Author, Git
from smgov_tui.store.mergeconfig import ensure_merge_driver
from smgov_tui.store.schemas import write_schemas
from smgov_tui.store.tomledit import edit_text

TEMPLATE_DATE = dt.date(2026, 11, 22)
"""The day the sample's dates were written for; init shifts them so the sample stays current."""


def template_root() -> Path:
    """Folder holding ``es/`` and ``en/``: in the installed package, or the source checkout."""
    packaged = Path(str(resources.files("smgov_tui"))) / "workspace_template"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[3] / "workspace_template"
    if source.is_dir():
        return source
    raise StoreError(_("The sample workspace is missing from this installation."))


def template_dir(lang: str) -> Path:
    """The sample workspace in ``lang`` (es or en)."""
    folder = template_root() / lang
    if not folder.is_dir():
        raise StoreError(
            _("No sample workspace in language {lang}; use es or en").format(lang=lang)
        )
    return folder


def _shift(value: Any, days: int) -> Any:
    if isinstance(value, dt.datetime):
        return value + dt.timedelta(days=days)
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=days)
    if isinstance(value, dict):
        return {key: _shift(item, days) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift(item, days) for item in value]
    return value


def shift_dates(root: Path, today: dt.date) -> None:
    """Move every date of the copied sample by (today - TEMPLATE_DATE) days, keeping layout."""
    days = (today - TEMPLATE_DATE).days
    if days == 0:
        return
    for path in sorted(root.rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
        shifted = _shift(raw, days)
        if shifted != raw:
            atomic_write(path, edit_text(text, shifted))


def copy_template(lang: str, target: Path, today: dt.date | None = None) -> None:
    """Copy the sample into ``target`` (which must be empty or missing)."""
    if target.exists() and any(target.iterdir()):
        raise StoreError(
            _("{target} is not empty; choose a new or empty folder").format(target=target)
        )
    target.mkdir(parents=True, exist_ok=True)
    source = template_dir(lang)
    for item in source.iterdir():
        if item.is_dir():
            shutil.copytree(item, target / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target / item.name)
    _write_schemas(target)
    shift_dates(target, today or clock.today())


def _write_schemas(target: Path) -> None:
    """Write the JSON Schemas next to the records so editors validate hand edits."""
    write_schemas(target / "schemas")


def git_init(target: Path) -> Git:
    """``git init`` in ``target`` with main as the branch."""
    git = Git(target)
    git.run("init", "-q", "-b", "main")
    ensure_merge_driver(target, git)
    return git


def init_workspace(target: Path, lang: str, author: Author, today: dt.date | None = None) -> None:
    """``smgov init``: the sample in ``target``, a new repo, and one first commit by ``author``."""
    copy_template(lang, target, today)
    git = git_init(target)
    git.run("add", "-A")
    git.run(
        "commit", "-q", "-m", "workspace: create from the smgov sample", env=Git.author_env(author)
    )


DEMO_STEPS: list[tuple[int, list[str], str]] = [
    (
        0,
        ["workspace.toml", "protocols/communication.toml", "protocols/management.toml", "schemas"],
        "workspace: write the objectives and both protocols",
    ),
    (1, ["owners", "contacts"], "owners: add the team and the crisis contacts"),
    (0, ["accounts"], "accounts: add every social account with its owner and backup"),
    (2, ["protocols/crisis"], "playbooks: add the crisis playbooks"),
    (1, ["incidents"], "incidents: log the crises handled this year"),
]


def make_demo(target: Path, lang: str, today: dt.date | None = None) -> list[Author]:
    """The sample with a short history of commits by several people (the sample's owners).

    Returns the authors used. The last commit is a real one-field edit, so history and diffs
    have something to show.
    """
    today = today or clock.today()
    copy_template(lang, target, today)
    git = git_init(target)
    authors = []
    for path in sorted((target / k.OWNERS.folder).glob("*.toml"))[:3]:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        authors.append(
            Author(raw.get("name", path.stem), raw.get("email") or f"{path.stem}@example.org")
        )
    while len(authors) < 3:
        authors.append(Author("smgov", "smgov@example.org"))
    accounts = sorted((target / k.ACCOUNTS.folder).glob("*.toml"))
    edited = accounts[0] if accounts else None
    final_text = edited.read_text(encoding="utf-8") if edited else ""
    if edited:
        raw = tomllib.loads(final_text)
        if isinstance(raw.get("last_reviewed"), dt.date):
            older = {**raw, "last_reviewed": raw["last_reviewed"] - dt.timedelta(days=120)}
            atomic_write(edited, edit_text(final_text, older))
    start = dt.datetime.combine(today - dt.timedelta(days=30), dt.time(9, 30), dt.UTC)
    for index, (who, paths, message) in enumerate(DEMO_STEPS):
        existing = [p for p in paths if (target / p).exists()]
        if not existing:
            continue
        when = (start + dt.timedelta(days=5 * index, hours=index)).isoformat()
        env = {**Git.author_env(authors[who]), "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        git.run("add", "-A", "--", *existing)
        git.run("commit", "-q", "-m", message, env=env)
    git.run("add", "-A")
    if git.run("status", "--porcelain").strip():
        when = (start + dt.timedelta(days=27)).isoformat()
        env = {**Git.author_env(authors[2]), "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        git.run("commit", "-q", "-m", "workspace: add remaining files", env=env)
    if edited and edited.read_text(encoding="utf-8") != final_text:
        atomic_write(edited, final_text)
        when = (start + dt.timedelta(days=28)).isoformat()
        env = {**Git.author_env(authors[0]), "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        rel = f"{k.ACCOUNTS.folder}/{edited.name}"
        reviewed = tomllib.loads(final_text).get("last_reviewed")
        git.run("add", "--", rel)
        git.run(
            "commit",
            "-q",
            "-m",
            f"accounts: set last_reviewed of {edited.stem} to {reviewed}",
            env=env,
        )
    return authors
