"""Three-way merge of TOML files: parse, merge the data by key, write back with tomlkit.

Used by the git merge driver and by sync. The merged text is ours' text edited to the merged
data (``edit_text``), so comments, key order and spacing survive.
"""

from __future__ import annotations

import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smgov_tui.core.merge import THEIRS, MergeResult, append_only_fields, apply_choices, merge3
from smgov_tui.store.git import Git
from smgov_tui.store.textfile import loads
from smgov_tui.store.tomledit import edit_text


@dataclass
class TextMerge:
    """The outcome of merging three versions of one TOML file."""

    result: MergeResult | None
    """The data merge, or None when a version is not valid TOML."""
    text: str
    """Ours' text with the merged data (ours' value at each conflict)."""
    error: str = ""
    """Why the data could not be merged (a TOML syntax error), or empty."""


def parse(text: str | None) -> dict[str, Any] | None:
    """``text`` parsed with tomllib; None for a missing file; raises TOMLDecodeError."""
    if text is None:
        return None
    return loads(text)


def merge_toml(base: str | None, ours: str, theirs: str, path: str = "") -> TextMerge:
    """Merge the TOML texts ``ours`` and ``theirs`` of a file that was ``base`` (None: new).

    ``path`` (workspace-relative) says which record it is, so that its append-only fields (an
    incident's ``log``) merge as logs: every entry of both sides, none lost.
    """
    try:
        base_raw = parse(base) or {}
        ours_raw = loads(ours)
        theirs_raw = loads(theirs)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        return TextMerge(None, ours, str(error))
    result = merge3(base_raw, ours_raw, theirs_raw, append_only_fields(path))
    return TextMerge(result, edit_text(ours, result.merged, theirs))


def replay_merge(base: str | None, ours: str, theirs: str, path: str = "") -> str | None:
    """The text a local commit gets when smgov's sync replays it onto the remote's work.

    In a rebase ``ours`` is the remote's side (plus the commits replayed so far) and ``theirs``
    the commit being replayed. Every field merges as usual; where both changed a field, the
    commit keeps its OWN value, not the person's final one: a value saved and changed again
    before the sync stays in the history as it was saved (the settlement commit applies the
    person's picks afterwards). None when the texts cannot be merged by field.
    """
    merged = merge_toml(base, ours, theirs, path)
    if merged.result is None:
        return None
    data = apply_choices(merged.result, {c.dotted: THEIRS for c in merged.result.conflicts})
    return edit_text(ours, data, theirs)


def data_text(ours: str, data: dict[str, Any]) -> str:
    """``ours`` edited so that its content is ``data``."""
    return edit_text(ours, data)


def line_merge(
    git: Git, base: str, ours: str, theirs: str, labels: tuple[str, str, str]
) -> tuple[str, bool]:
    """git's own line merge of three texts: the result (with markers) and whether it is clean."""
    with tempfile.TemporaryDirectory(prefix="smgov-merge-") as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8"))  # endings as they are
            paths.append(str(path))
        result = git.run_exact(
            "merge-file", "-p", "-L", labels[0], "-L", labels[1], "-L", labels[2], *paths
        )
    if result.returncode < 0 or result.returncode > 127:
        raise OSError(result.stderr.strip() or "git merge-file failed")
    return result.stdout, result.returncode == 0
