"""New workspaces: ``smgov init`` copies the sample, ``smgov init --blank`` keeps only its
protocols and playbooks (a skeleton to edit), ``smgov demo`` adds a realistic history."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.slug import slugify
from smgov_tui.i18n import _
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.author import resolve_author
from smgov_tui.store.errors import AuthorMissing, StoreError
from smgov_tui.store.git import Author, Git
from smgov_tui.store.mergeconfig import ensure_merge_driver
from smgov_tui.store.schemas import write_schemas
from smgov_tui.store.tomledit import edit_text, new_text

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


T = TypeVar("T")


def build_beside(target: Path, build: Callable[[Path], T]) -> T:
    """Run ``build`` on a new folder beside ``target`` and move the result into place at the end.

    All or nothing: on any failure (no git, a refusing hook, a read-only place, a full disk)
    the partial folder is removed and ``target`` is as it was (missing, or empty), so a second
    ``smgov init`` can run. ``target`` must be missing or an empty folder. When its parent
    cannot hold a temporary folder (only ``target`` itself may be written), the build happens
    inside ``target`` and its entries move up one by one; on failure ``target`` is emptied again.
    """
    target = target.absolute()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StoreError(
            _("{target} is not empty; choose a new or empty folder").format(target=target)
        )
    made = _missing_parents(target.parent)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}.smgov-", dir=target.parent))
        except OSError:
            if not target.is_dir():
                raise  # nowhere to build: the parent is read-only, full or not ours
            return _build_inside(target, build)
        try:
            result = build(work)
            os.chmod(work, _folder_mode(target))
            os.replace(work, target)  # an empty target folder is replaced too (POSIX rename)
        except BaseException:
            _remove(work)
            raise
    except OSError as error:
        _remove_parents(made)
        raise StoreError(
            _("Cannot create the workspace in {target}: {error}. Nothing was left behind.").format(
                target=target, error=error.strerror or error
            )
        ) from error
    except BaseException:
        _remove_parents(made)
        raise
    return result


def _build_inside(target: Path, build: Callable[[Path], T]) -> T:
    """``build_beside`` for an empty ``target`` whose parent refuses new folders."""
    work = Path(tempfile.mkdtemp(prefix=".smgov-init-", dir=target))
    try:
        result = build(work)
        for item in sorted(work.iterdir()):
            os.replace(item, target / item.name)
        work.rmdir()
    except BaseException:
        for item in list(target.iterdir()):
            _remove(item)
        raise
    return result


def _folder_mode(target: Path) -> int:
    """The mode the target folder has (when it exists) or would get from ``mkdir``: mkdtemp's
    folder is private (0700)."""
    if target.is_dir():
        return target.stat().st_mode & 0o7777
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


def _missing_parents(folder: Path) -> list[Path]:
    """The folders that ``mkdir(parents=True)`` of ``folder`` would create, deepest first."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_parents(made: list[Path]) -> None:
    for folder in made:
        with contextlib.suppress(OSError):  # not empty (someone else put something there)
            folder.rmdir()


def _remove(path: Path) -> None:
    """Remove a file or a whole folder made by the failed build. The build's own error is the
    one to report; what cannot be removed is a hidden folder beside the target, which a new
    ``smgov init`` does not mind."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def init_workspace(
    target: Path,
    lang: str,
    author: Author | None = None,
    today: dt.date | None = None,
    author_flag: str | None = None,
) -> Author:
    """``smgov init``: the sample in ``target``, a new repo, and one first commit; all or nothing
    (see ``build_beside``). Returns who signed the commit: ``author``, else the one
    ``resolve_author`` finds for the new repository (``author_flag``, ``SMGOV_AUTHOR``, git's
    ``user.name``/``user.email``), as every other command does. Raises AuthorMissing, or
    ValueError for a malformed ``author_flag``, with nothing created."""

    def build(folder: Path) -> Author:
        # Not a repository yet: git answers from the global and system configuration, which
        # is what the new repository will see.
        who = author or resolve_author(Git(folder), author_flag)
        copy_template(lang, folder, today)
        git = git_init(folder)
        git.run("add", "-A")
        git.run(
            "commit", "-q", "-m", "workspace: create from the smgov sample", env=Git.author_env(who)
        )
        return who

    return build_beside(target, build)


BLANK_KINDS: tuple[k.Kind, ...] = (
    k.WORKSPACE,
    k.COMMUNICATION,
    k.MANAGEMENT,
    k.LISTENING,
    k.PLAYBOOKS,
)
"""What ``init --blank`` keeps of the sample: the workspace settings, the three protocols and
the crisis playbooks. Owners (but the one person), accounts, contacts and incidents are the sample
company's own."""

BLANK_WORKSPACE: dict[str, Any] = {"organisation": "", "brand": ""}
"""The sample company's name and brand, emptied in a blank workspace (its objectives go)."""


def blank_owner_id(who: Author) -> str:
    """The id of the one owner of a blank workspace: their name as a slug (``me`` if none)."""
    return slugify(who.name) or "me"


def copy_blank(lang: str, target: Path, who: Author) -> None:
    """The sample's protocols and playbooks in ``target``, and ``who`` as the only owner.

    Built from the sample's own files, so the skeleton follows them: every file keeps its
    explanatory comments; what names the sample's accounts, contacts or incidents goes (a
    calendar slot for a sample account, a step's contacts), and what names one of its people
    names ``who`` instead (so a role, a rota or an approver keeps somebody). The owner's file
    is the first sample owner's, header comments kept, with only ``who``'s name, email and the
    role of the first owner (the plan's lead, in the sample).
    """
    source = template_dir(lang)
    target.mkdir(parents=True, exist_ok=True)
    ids = {
        kind.name: {path.stem for path in (source / kind.folder).glob("*.toml")}
        for kind in (k.OWNERS, k.ACCOUNTS, k.CONTACTS, k.INCIDENTS)
    }
    me = blank_owner_id(who)
    dropped = ids[k.ACCOUNTS.name] | ids[k.CONTACTS.name] | ids[k.INCIDENTS.name]
    people = ids[k.OWNERS.name]

    def keep(value: Any) -> Any:
        if isinstance(value, str):
            return me if value in people else ("" if value in dropped else value)
        if isinstance(value, dict):  # a list emptied of the sample's ids goes (contacts = [])
            kept = {key: keep(item) for key, item in value.items()}
            return {key: v for key, v in kept.items() if v != [] or value[key] == []}
        if isinstance(value, list):
            out = []
            for item in value:
                if isinstance(item, str) and item in dropped:
                    continue  # a step's contact, an account in a list
                if isinstance(item, dict) and any(
                    isinstance(v, str) and v in dropped for v in item.values()
                ):
                    continue  # a calendar slot of a sample account
                out.append(keep(item))
            return out
        return value

    step_roles: list[str] = []
    for kind in BLANK_KINDS:
        paths = (
            [source / kind.single_path]
            if kind.is_single
            else sorted((source / kind.folder).glob("*.toml"))
        )
        for path in paths:
            text = path.read_text(encoding="utf-8")
            raw = keep(tomllib.loads(text))
            if kind is k.PLAYBOOKS:
                step_roles += [step.get("role", "") for step in raw.get("steps", [])]
            if kind is k.WORKSPACE:
                raw = {key: v for key, v in raw.items() if key != "objectives"}
                raw.update(BLANK_WORKSPACE)
            rel = path.relative_to(source)
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target / rel, edit_text(text, raw))
    first = sorted((source / k.OWNERS.folder).glob("*.toml"))[0]
    text = first.read_text(encoding="utf-8")
    owner: dict[str, Any] = {"name": who.name, "email": who.email}
    role = tomllib.loads(text).get("role")
    if role:
        owner["role"] = role
    if "deputy_for" in r.Owner.__struct_fields__:
        # alone, the person stands in for every role a crisis step names, so each step has
        # somebody until the team is written in (a format without deputies skips this)
        others = [name for name in dict.fromkeys(step_roles) if name and name != role]
        if others:
            owner["deputy_for"] = others
    (target / k.OWNERS.folder).mkdir(exist_ok=True)
    lines = text.splitlines(keepends=True)
    first_value = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
    header = "".join(lines[:first_value])  # the file's leading comments: what each field is
    atomic_write(target / k.OWNERS.path_for(me), new_text(owner, header.rstrip("\n") + "\n\n"))
    _write_schemas(target)


def init_blank(
    target: Path,
    lang: str,
    author: Author | None = None,
    author_flag: str | None = None,
    ask: Callable[[], Author] | None = None,
) -> Author:
    """``smgov init --blank``: :func:`copy_blank` in ``target``, a new repository and one first
    commit by the person at the keyboard; all or nothing (see :func:`build_beside`).

    That person is ``author``, else the one ``resolve_author`` finds as for ``init``, else
    whom ``ask`` returns (a prompt at a terminal); without any, AuthorMissing with nothing
    created."""

    def build(folder: Path) -> Author:
        try:
            who = author or resolve_author(Git(folder), author_flag)
        except AuthorMissing:
            if ask is None:
                raise
            who = ask()
        copy_blank(lang, folder, who)
        git = git_init(folder)
        git.run("add", "-A")
        git.run(
            "commit",
            "-q",
            "-m",
            "workspace: create a blank plan from the smgov sample's protocols",
            env=Git.author_env(who),
        )
        return who

    return build_beside(target, build)


DEMO_STEPS: list[tuple[int, list[str], str]] = [
    (
        0,
        ["workspace.toml", "protocols/communication.toml", "protocols/management.toml", "schemas"],
        "workspace: write the objectives and both protocols",
    ),
    (1, ["owners", "contacts"], "owners: add the team and the crisis contacts"),
    (0, ["accounts"], "accounts: add every social account with its owner and backup"),
    (2, ["protocols/crisis", "protocols/listening.toml"], "playbooks: add the crisis playbooks"),
    (1, ["incidents"], "incidents: log the crises handled this year"),
]


def make_demo(target: Path, lang: str, today: dt.date | None = None) -> list[Author]:
    """The sample with a short history of commits by several people (the sample's owners).

    Returns the authors used. The last commit is a real one-field edit, so history and diffs
    have something to show.
    """
    return build_beside(target, lambda folder: _make_demo(folder, lang, today or clock.today()))


def _make_demo(target: Path, lang: str, today: dt.date) -> list[Author]:
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
