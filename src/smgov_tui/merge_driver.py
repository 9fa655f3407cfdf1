"""The git merge driver for workspace TOML files: ``python -m smgov_tui.merge_driver %O %A %B %P``.

git calls it with the base (``%O``), ours (``%A``, where the result goes) and theirs (``%B``)
versions of a file, and its path (``%P``). The three are parsed and merged field by field
(see ``smgov_tui.core.merge``; an incident's log is the union of both sides' entries, so two
people logging one incident at once never conflict); the result is ours' text edited with
tomlkit, so formatting and comments survive. Exit 0 means merged. When the same field changed
on both sides, the file gets git's usual conflict markers (only around what really conflicts)
and the exit code is 1, as with git's own merge. ``SMGOV_MERGE_TARGETS`` (set by ``smgov sync``
while it replays local commits after the person settled every conflict) names a JSON file of
the planned paths: at their conflicting fields each replayed commit then keeps its own value.

smgov does not register this module bare: ``store.mergeconfig.driver_command`` wraps it in a
shell command that passes ``--conflict-status 3`` and falls back to ``git merge-file`` when the
Python that registered it (or its smgov) is gone, so a merge never fails for want of smgov.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from smgov_tui.core.escape import terminal_safe
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.git import Git
from smgov_tui.store.textfile import read_exact
from smgov_tui.store.tomlmerge import line_merge, merge_toml, replay_merge

TARGETS_ENV = "SMGOV_MERGE_TARGETS"


def _replaying(path: str) -> bool:
    """True while ``smgov sync`` replays local commits and has planned this file: its
    conflicts were all settled before the rebase began, so each replayed commit keeps its own
    value (``tomlmerge.replay_merge``) and the person's picks follow in a settlement commit."""
    name = os.environ.get(TARGETS_ENV)
    if not name:
        return False
    try:
        targets = json.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(targets, dict) and path in targets


def merge_files(base_file: Path, ours_file: Path, theirs_file: Path, path: str) -> int:
    """Merge into ``ours_file``; return 0 when clean, 1 when conflicts remain (markers written)."""
    # exact reads: a CRLF file (or one with a byte-order mark) is merged and written back as
    # it was, not turned into LF on the way
    base = read_exact(base_file)
    ours = read_exact(ours_file)
    theirs = read_exact(theirs_file)
    merged = merge_toml(base, ours, theirs, path)
    if merged.result is not None and merged.result.clean:
        atomic_write(ours_file, merged.text)
        return 0
    if merged.result is not None:
        if _replaying(path):
            replayed = replay_merge(base, ours, theirs, path)
            if replayed is not None:
                atomic_write(ours_file, replayed)
                return 0
        ours = merged.text  # what merged cleanly is kept; only real conflicts get markers
    git = Git(Path.cwd())
    text, clean = line_merge(git, base, ours, theirs, ("ours", "base", "theirs"))
    atomic_write(ours_file, text)
    return 0 if clean else 1


def main(argv: list[str] | None = None) -> int:
    """Entry point for git: ``merge_driver [--conflict-status N] BASE OURS THEIRS PATH``.

    ``--conflict-status N`` (the command smgov registers passes it) exits N instead of 1 after
    writing conflict markers, so that the command can tell a conflict from a driver that could
    not run at all (Python gone: 127; smgov_tui gone: 1) and fall back to git's line merge.
    """
    args = sys.argv[1:] if argv is None else argv
    conflict_status = 1
    if len(args) > 1 and args[0] == "--conflict-status" and args[1].isdigit():
        conflict_status, args = int(args[1]), args[2:]
    if len(args) < 3:
        print(
            "usage: python -m smgov_tui.merge_driver [--conflict-status N] %O %A %B %P",
            file=sys.stderr,
        )
        return 2
    path = args[3] if len(args) > 3 else args[1]
    try:
        status = merge_files(Path(args[0]), Path(args[1]), Path(args[2]), path)
    except (OSError, ValueError, RecursionError) as error:
        # not UTF-8, or nested too deep for the TOML parsers: exit 2, git keeps the conflict
        # git shows this to the person: a file name is data, never a terminal command
        print(terminal_safe(f"smgov merge driver: {path}: {error}"), file=sys.stderr)
        return 2
    return conflict_status if status == 1 else status


if __name__ == "__main__":
    sys.exit(main())
