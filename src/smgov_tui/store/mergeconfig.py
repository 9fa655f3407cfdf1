"""The smgov merge driver and ``pull.rebase``, configured in each workspace repository.

``.git/config`` gets ``merge.smgov.driver`` and ``.git/info/attributes`` gets
``*.toml merge=smgov``, so every merge git makes in the workspace (a ``smgov sync``, and also a
plain ``git pull`` in a terminal) merges TOML records field by field. ``pull.rebase=true`` makes
a plain ``git pull`` rebase, as ``smgov sync`` does, instead of stopping with "Need to specify
how to reconcile divergent branches". All of it lives inside ``.git``: nothing is committed.

Only opening a workspace for work (the app, ``smgov sync``, ``smgov clone``, ``smgov init``)
writes this configuration; reading commands (``check``, ``export``, reports) never write
anything. The driver command names the Python that registered it, and falls back to git's own
line merge (``git merge-file``) when that Python or its smgov is gone (a deleted virtual
environment): a merge then works as without smgov instead of failing on every TOML file. A
registration that still works is kept, whichever Python opens the workspace later (a
pre-commit hook's environment, say), so two Pythons never rewrite it in turn.

The EFFECTIVE value is what counts: an ``[include]`` in ``.git/config`` may bring a file (even
one in the work tree, which any teammate's commit can change) whose ``merge.smgov.driver``
replaces smgov's. Such a value is never used silently: ``smgov check`` reports it and
``smgov sync`` refuses to merge until it is removed.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from smgov_tui.core.problems import Problem
from smgov_tui.i18n import _
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.errors import StoreError
from smgov_tui.store.git import Git
from smgov_tui.store.gitfiles import common_dir, git_dir

if TYPE_CHECKING:
    import subprocess

ATTRIBUTE_LINE = "*.toml merge=smgov"
DRIVER_NAME = "smgov"
DRIVER_KEY = "merge.smgov.driver"
PULL_REBASE_KEY = "pull.rebase"
CONFLICT_STATUS = 3
"""The driver's exit code for "merged, conflict markers written" when the command wraps it: any
other failure (no Python, no smgov_tui, a crash) then means "could not run" and falls back."""

FALLBACK_LABEL = "theirs (line by line: smgov's merge driver could not run)"
"""The label of their side in the conflict markers of the fallback merge: whoever settles the
conflict sees why the records were not merged field by field."""


class ForeignMergeDriver(StoreError):
    """``merge.smgov.driver`` is set, where it takes effect, to a command that is not smgov's."""


def driver_command(python: str | None = None) -> str:
    """The command git runs to merge a TOML file (``%O %A %B %P`` filled in by git).

    It runs the smgov driver with ``python`` (default: this one). Exit 0 is a clean merge and
    ``CONFLICT_STATUS`` a merge with conflict markers (reported to git as 1); anything else
    means the driver could not run, and git's own line merge does the file instead.
    """
    py = shlex.quote(python or sys.executable)
    return (
        f'py={py}; if [ -x "$py" ]; then "$py" -m smgov_tui.merge_driver '
        f"--conflict-status {CONFLICT_STATUS} %O %A %B %P; s=$?; "
        f"[ $s -eq 0 ] && exit 0; [ $s -eq {CONFLICT_STATUS} ] && exit 1; fi; "
        f"exec git merge-file -L ours -L base -L {shlex.quote(FALLBACK_LABEL)} %A %O %B"
    )


def legacy_command(python: str) -> str:
    """The command smgov registered before the fallback existed (recognised, then replaced)."""
    return f"{shlex.quote(python)} -m smgov_tui.merge_driver %O %A %B %P"


def driver_python(command: str) -> str | None:
    """The Python of a command smgov writes (current or legacy form), else None."""
    try:
        words = shlex.split(command.removeprefix("py="))
    except ValueError:
        return None
    if not words:
        return None
    candidate = words[0].removesuffix(";")
    if command.startswith("py=") and driver_command(candidate) == command:
        return candidate
    if legacy_command(words[0]) == command:
        return words[0]
    return None


class Setting(msgspec.Struct, frozen=True):
    """One configuration value as git sees it: the last one read wins."""

    value: str
    scope: str
    """local, worktree, global, system or command (``git config --show-scope``)."""
    origin: str
    """Where it was read, as git says it: ``file:.git/config``, ``file:/x/included.cfg``..."""


_PATTERN = r"^(merge\.smgov\.driver|pull\.rebase)$"
_READ = ("config", "--show-scope", "--show-origin", "-z", "--get-regexp", _PATTERN)
"""The git command that lists the driver and pull.rebase settings in effect (includes
followed), each with its scope and origin."""


def _effective(
    git: Git, read: Callable[[], subprocess.CompletedProcess[str]] | None = None
) -> dict[str, Setting]:
    """The driver and pull.rebase settings in effect (one git process; includes followed).
    ``read``: that process's answer when it was started earlier (:meth:`Git.start`)."""
    result = read() if read is not None else git.run_full(*_READ)
    width = 3
    if result.returncode == 129:
        # git before 2.26 has no --show-scope: every value is then judged by its origin alone
        # (as if set in the repository), so a smgov command from a global file is named too.
        result = git.run_full("config", "--show-origin", "-z", "--get-regexp", _PATTERN)
        width = 2
    if result.returncode not in (0, 1):  # 1: none of them set
        raise StoreError(
            _("Cannot read the git configuration of {root}: {error}").format(
                root=git.root, error=result.stderr.strip()
            )
        )
    fields = result.stdout.split("\0")
    found: dict[str, Setting] = {}
    for index in range(0, len(fields) - width + 1, width):
        scope = fields[index] if width == 3 else "local"
        origin, pair = fields[index + width - 2], fields[index + width - 1]
        key, _sep, value = pair.partition("\n")
        found[key.lower()] = Setting(value, scope, origin)  # later ones win, as in git
    return found


def _own_config_files(root: Path) -> set[Path]:
    """The repository's own config file(s): ``.git/config`` (and a linked worktree's common
    one)."""
    folder = git_dir(root)
    if folder is None:
        return set()
    return {(folder / "config").resolve(), (common_dir(folder) / "config").resolve()}


def _from_own_config(root: Path, setting: Setting) -> bool:
    if not setting.origin.startswith("file:"):
        return False
    path = Path(setting.origin.removeprefix("file:"))
    return (path if path.is_absolute() else root / path).resolve() in _own_config_files(root)


def foreign_driver(root: Path, setting: Setting | None) -> str | None:
    """A sentence when the driver in effect is not smgov's; None when it is, or none is set.

    smgov's command counts only when it is written where the person or smgov writes it: the
    repository's own config, the person's global one or the system's. A value brought by a
    file that ``.git/config`` includes could have come from anywhere (the work tree, a
    teammate's commit), so it is named, even when it looks like smgov's.
    """
    if setting is None or not setting.value:
        return None
    trusted_place = setting.scope not in ("local", "worktree") or _from_own_config(root, setting)
    if trusted_place and driver_python(setting.value) is not None:
        return None
    return _(
        "The git setting {key} in effect here, set by {origin}, is not smgov's merge driver: "
        'git would run "{command}" on every merge of a record. Remove it (and the [include] '
        "that brings it) from {root}/.git/config, then run smgov sync to set smgov's again."
    ).format(
        key=DRIVER_KEY,
        origin=_shown_origin(root, setting.origin),
        command=setting.value,
        root=root,
    )


def _shown_origin(root: Path, origin: str) -> str:
    """Where a value was set, for people: a file of the workspace relative to it, others
    absolute, ``command line`` and the like as git says them."""
    if not origin.startswith("file:"):
        return origin.rstrip(":")
    path = Path(origin.removeprefix("file:"))
    resolved = (path if path.is_absolute() else root / path).resolve()
    try:
        return str(resolved.relative_to(root.resolve()))
    except ValueError:
        return str(resolved)


def start_merge_driver_check(root: Path, git: Git) -> Callable[[], list[Problem]]:
    """What ``smgov check`` reports about the merge driver (one git process; reads only), in
    two steps: git starts reading the settings now, and the function returned waits for its
    answer. ``check`` loads and checks the workspace meanwhile (~2 ms of its start)."""
    read = git.start(*_READ)

    def problems() -> list[Problem]:
        problem = foreign_driver(root, _effective(git, read).get(DRIVER_KEY))
        if problem is None:
            return []
        return [Problem(".git/config", None, DRIVER_KEY, problem, "error", "foreign-merge-driver")]

    return problems


def _works(command: str) -> bool:
    """True for smgov's current command whose Python still exists (nothing to update)."""
    python = driver_python(command)
    return (
        python is not None
        and command == driver_command(python)
        and os.access(python, os.X_OK)
        and Path(python).is_file()
    )


def ensure_merge_driver(root: Path, git: Git | None = None) -> bool:
    """Set up the workspace's repository for work: smgov's merge driver and ``pull.rebase``.

    Returns True when something was written. A working registration (smgov's command whose
    Python exists) is kept as it is; a missing one, a legacy one, or one whose Python is gone
    is written with this Python. ``pull.rebase`` is set to true in the repository unless git
    already has a value for it (a person's own choice stays). Raises ForeignMergeDriver when
    the driver in effect is not smgov's (see ``foreign_driver``), and StoreError or OSError
    when the configuration cannot be written (a read-only repository).
    """
    if git_dir(root) is None:
        return False
    runner = git or Git(root)
    settings = _effective(runner)
    current = settings.get(DRIVER_KEY)
    problem = foreign_driver(root, current)
    if problem:
        raise ForeignMergeDriver(problem)
    changed = False
    if current is None or not _works(current.value):
        runner.run("config", "merge.smgov.name", "smgov: merge TOML records field by field")
        runner.run("config", DRIVER_KEY, driver_command())
        changed = True
    if PULL_REBASE_KEY not in settings:
        runner.run("config", PULL_REBASE_KEY, "true")
        changed = True
    return ensure_attributes(root) or changed


def ensure_attributes(root: Path) -> bool:
    """``*.toml merge=smgov`` in ``.git/info/attributes``; return True if it was written."""
    folder = git_dir(root)
    if folder is None:
        return False
    attributes = folder / "info" / "attributes"
    try:
        current = attributes.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if ATTRIBUTE_LINE in current.splitlines():
        return False
    prefix = current if not current or current.endswith("\n") else current + "\n"
    atomic_write(attributes, prefix + ATTRIBUTE_LINE + "\n")
    return True
