"""Reading the workspace as it was at an old commit, for ``smgov digest`` ("what changed").

Read-only: no checkout, no worktree, nothing written (every git command runs with
``GIT_OPTIONAL_LOCKS=0``, :func:`smgov_tui.store.git.base_env`). The record files of a commit
are listed with ``git ls-tree`` and read with one ``git cat-file --batch``, then parsed by the
loader's own :func:`~smgov_tui.store.loader.parse_entry`, so an old file is judged exactly as
a file on disk would be. Renames come from ``git diff -M`` between the two commits, so a record
renamed with ``git mv`` (as smgov renames) or by hand is one record, not one gone and one new.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from smgov_tui.core import kinds as k
from smgov_tui.core.digest import Period
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.git import Git
from smgov_tui.store.loader import parse_entry

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOG_FORMAT = "%H%x1f%an%x1f%aI%x1f%cI%x1e"


class UnknownSince(StoreError):
    """``--since`` names neither a date nor a commit of the workspace."""


@dataclass
class History:
    """The two workspaces a digest compares, and what happened between them."""

    old: WorkspaceData
    """The workspace at the starting commit (empty when the history starts later)."""
    new: WorkspaceData
    """The workspace at HEAD."""
    period: Period
    """The commits compared, their dates and who made the commits in between."""
    renames: dict[str, str] = field(default_factory=dict)
    """Old path -> new path of the record files renamed in between."""


def _is_date(since: str) -> bool:
    if not _DATE.match(since):
        return False
    try:
        dt.date.fromisoformat(since)
    except ValueError:
        return False
    return True


def resolve_since(git: Git, since: str) -> str:
    """The commit a digest starts from: for a date, the last commit on HEAD's line made before
    that day began (``""`` when the history starts on or after it); else ``since`` as a
    revision (a commit id, a tag, ``HEAD~3``...). A rebased-away commit still resolves: its
    tree is compared as it is."""
    since = since.strip()
    if not since:
        raise UnknownSince(_("--since needs a date (YYYY-MM-DD) or a commit."))
    if _is_date(since):
        # the day's start on this machine's clock, in seconds: git's own date parser gives up
        # on a far year (2999-01-01 would silently mean "no commit before")
        midnight = dt.datetime.combine(dt.date.fromisoformat(since), dt.time()).astimezone()
        seconds = int(midnight.timestamp())
        if seconds <= 0:
            return ""  # before 1970: before any commit (and git reads @0 as no date at all)
        before = f"--before=@{seconds}"
        result = git.run_full("rev-list", "-1", "--first-parent", before, "HEAD")
        if result.returncode != 0:
            raise UnknownSince(_("The workspace has no commits yet: nothing to compare."))
        return result.stdout.strip()
    if since.startswith("-"):
        raise UnknownSince(
            _("{since} is neither a date (YYYY-MM-DD) nor a commit of the workspace.").format(
                since=since
            )
        )
    result = git.run_full(
        "rev-parse", "--verify", "--quiet", "--end-of-options", since + "^{commit}"
    )
    if result.returncode != 0:
        raise UnknownSince(
            _(
                "{since} is neither a date (YYYY-MM-DD) nor a commit of the workspace; "
                "git -C {root} log shows its commits."
            ).format(since=since, root=git.root)
        )
    return result.stdout.strip()


def _record_blobs(git: Git, rev: str) -> dict[str, str]:
    """Record path -> blob id in ``rev``'s tree (symlinks and other files left out)."""
    listing = git.run("ls-tree", "-r", "-z", "--full-tree", rev)
    blobs: dict[str, str] = {}
    for item in listing.split("\0"):
        if not item:
            continue
        meta, _tab, path = item.partition("\t")
        mode, kind, sha = meta.split(" ")
        if kind == "blob" and mode in ("100644", "100755") and k.kind_for_path(path):
            blobs[path] = sha
    return blobs


def _read_blobs(git: Git, shas: list[str]) -> list[bytes]:
    """The content of each blob, in order, from one ``git cat-file --batch``."""
    if not shas:
        return []
    out = git.run_bytes("cat-file", "--batch", input="".join(s + "\n" for s in shas))
    found: list[bytes] = []
    at = 0
    for _sha in shas:
        end = out.index(b"\n", at)
        size = int(out[at:end].split(b" ")[2])
        found.append(out[end + 1 : end + 1 + size])
        at = end + 1 + size + 1
    return found


def load_at(git: Git, rev: str) -> WorkspaceData:
    """The workspace as it was at commit ``rev`` (empty for ``""``), read from git alone."""
    data = WorkspaceData()
    if not rev:
        return data
    blobs = _record_blobs(git, rev)
    paths = sorted(blobs)
    for path, content in zip(paths, _read_blobs(git, [blobs[p] for p in paths]), strict=True):
        found = k.kind_for_path(path)
        assert found is not None
        kind, record_id = found
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            data.problems.append(
                Problem(path, None, "", _("is not UTF-8 text"), code="invalid-toml")
            )
            continue
        entry, problems = parse_entry(kind, record_id, path, text)
        data.entries[kind.name][record_id] = entry
        data.problems.extend(problems)
    meta = data.entry(k.WORKSPACE, k.WORKSPACE.single_id)
    data.meta = meta.record if meta else None
    return data


def _renames(git: Git, old: str, new: str) -> dict[str, str]:
    if not old:
        return {}
    out = git.run("diff", "--name-status", "-z", "-M", "--no-color", old, new)
    parts = out.split("\0")
    renames: dict[str, str] = {}
    index = 0
    while index < len(parts) and parts[index]:
        status = parts[index]
        if status.startswith(("R", "C")):
            if status.startswith("R"):
                renames[parts[index + 1]] = parts[index + 2]
            index += 3
        else:
            index += 2
    return renames


def _commit_time(git: Git, rev: str) -> dt.datetime | None:
    if not rev:
        return None
    return dt.datetime.fromisoformat(git.run("show", "-s", "--format=%cI", rev).strip())


def read_history(git: Git, since: str) -> History:
    """Both workspaces and the commits between ``since`` (a date or a revision) and HEAD.

    The commits in between are those of HEAD not reachable from the start; when the start was
    rebased away (no longer in HEAD's history), from where the two lines part.
    """
    found = git.run_full("rev-parse", "--verify", "--quiet", "HEAD")
    if found.returncode != 0:
        raise UnknownSince(_("The workspace has no commits yet: nothing to compare."))
    head = found.stdout.strip()
    start = resolve_since(git, since)
    lower = start
    if start and git.run_full("merge-base", "--is-ancestor", start, head).returncode != 0:
        lower = git.run_full("merge-base", start, head).stdout.strip()
    span = f"{lower}..{head}" if lower else head
    log = git.run("log", "--no-merges", f"--format={_LOG_FORMAT}", span)
    authors: dict[str, int] = {}
    commits = 0
    for record in log.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        _sha, name, _adate, _cdate = record.split("\x1f")
        authors[name] = authors.get(name, 0) + 1
        commits += 1
    period = Period(
        since=since.strip(),
        start=start,
        end=head,
        start_time=_commit_time(git, start),
        end_time=_commit_time(git, head),
        commits=commits,
        authors=sorted(authors.items(), key=lambda item: (-item[1], item[0])),
    )
    return History(load_at(git, start), load_at(git, head), period, _renames(git, start, head))


__all__ = ["History", "UnknownSince", "load_at", "read_history", "resolve_since"]
