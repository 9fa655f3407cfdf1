"""Reading a whole workspace from disk: fast (textfile.loads: rtoml, tomllib for errors), and one
bad file never stops the rest."""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

from smgov_tui.collector import collector_paused
from smgov_tui.core import kinds as k
from smgov_tui.core.model import Entry, WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.core.slug import is_slug
from smgov_tui.core.validate import convert
from smgov_tui.i18n import _
from smgov_tui.store.paths import escapes
from smgov_tui.store.textfile import InvalidToml, is_regular, loads, read_exact


def read_entry(
    root: Path, kind: k.Kind, record_id: str, rel: str
) -> tuple[Entry[Any] | None, list[Problem]]:
    """Read and validate one record file.

    The entry is None when the path is not a regular file (a FIFO, a socket, a device or a
    folder): it is never opened, and the problem says it is ignored.
    """
    path = root / rel
    is_link = path.is_symlink()
    regular = is_regular(path)
    return _read(root, kind, record_id, rel, str(path), is_link, regular)


def _read(
    root: Path, kind: k.Kind, record_id: str, rel: str, path: str, is_link: bool, regular: bool
) -> tuple[Entry[Any] | None, list[Problem]]:
    """``read_entry`` on a path already known: the loader calls it for thousands of files, so
    it takes the path as a string, whether it is a symlink and whether it is a regular file
    (from ``os.scandir``, no stat).

    Whatever goes wrong with one file (unreadable, not UTF-8, not TOML, nested too deep for
    the parser, a schema the validator chokes on) is a problem on that file, never an
    exception: one bad file must not stop the others from loading.
    """
    if is_link and escapes(root, Path(path)):
        entry: Entry[Any] = Entry(kind, record_id, rel, "", {}, None)
        return entry, [
            Problem(
                rel,
                None,
                "",
                _("is a symlink that leads outside the workspace; it is ignored"),
                code="unsafe-path",
            )
        ]
    if not regular and os.path.exists(path):  # a dangling symlink fails to open, below
        return None, [_special_problem(rel, path)]
    try:
        text = read_exact(path)
    except OSError as error:
        entry = Entry(kind, record_id, rel, "", {}, None)
        return entry, [
            Problem(
                rel,
                None,
                "",
                _("cannot be read: {error}").format(error=error.strerror),
                code="unreadable",
            )
        ]
    except UnicodeDecodeError as error:
        entry = Entry(kind, record_id, rel, "", {}, None)
        line = error.object.count(b"\n", 0, error.start) + 1
        return entry, [Problem(rel, line, "", _("is not UTF-8 text"), code="invalid-toml")]
    return parse_entry(kind, record_id, rel, text)


def parse_entry(
    kind: k.Kind, record_id: str, rel: str, text: str
) -> tuple[Entry[Any], list[Problem]]:
    """A record from its text, however it was read (a file, or a blob of an old commit for
    ``smgov digest``): parsed and validated, every failure a problem on ``rel``."""
    try:
        raw = loads(text)
    except InvalidToml as error:
        return Entry(kind, record_id, rel, text, {}, None), [_toml_problem(rel, error)]
    except Exception as error:  # reported as a problem on this file
        return Entry(kind, record_id, rel, text, {}, None), [_failure_problem(rel, error)]
    if _may_nest_deeply(text) and too_deep(raw):
        deep = RecursionError(f"nested more than {MAX_DEPTH} levels")
        return Entry(kind, record_id, rel, text, {}, None), [_failure_problem(rel, deep)]
    try:
        record, problems = convert(raw, kind.record_type, rel, text)
    except Exception as error:  # reported as a problem on this file
        return Entry(kind, record_id, rel, text, raw, None), [_failure_problem(rel, error)]
    return Entry(kind, record_id, rel, text, raw, record), problems


MAX_DEPTH = 100
"""The deepest nesting a record may have (tables, arrays, dotted keys inside each other).

Records nest four levels at most. tomlkit, which every save goes through, refuses more than
100; and the screens, the checks and the merges walk values recursively. A file nested deeper
(a hand edit gone wrong, or a hostile file) is reported as invalid instead of crashing them."""


def _may_nest_deeply(text: str) -> bool:
    """False when ``text`` cannot nest deeper than MAX_DEPTH: each level needs a ``[``, a ``{``
    or a ``.`` (dotted keys). Counting is far cheaper than walking the values of every file."""
    return text.count("[") + text.count("{") + text.count(".") > MAX_DEPTH


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether tables and arrays nest more than ``limit`` levels in ``value`` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth >= limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _special_problem(rel: str, path: str) -> Problem:
    """A warning for a path that is no record file: skipped, never opened."""
    if os.path.isdir(path):
        message = _("is a folder, not a record file; it is ignored")
    else:
        message = _(
            "is not a regular file (a pipe, socket or device); it is ignored and never opened"
        )
    return Problem(rel, None, "", message, severity="warning", code="not-a-file")


def _failure_problem(rel: str, error: Exception) -> Problem:
    """The problem for a file that made the parser or the validator fail."""
    if isinstance(error, RecursionError):
        message = _(
            "is nested too deeply (tables or arrays inside each other more than {limit} "
            "times); simplify it in a text editor"
        ).format(limit=MAX_DEPTH)
    else:
        message = _("cannot be read as a record ({error}); fix it in a text editor").format(
            error=f"{type(error).__name__}: {error}"
        )
    return Problem(rel, None, "", message, code="invalid-toml")


def _toml_problem(rel: str, error: ValueError) -> Problem:
    message = str(error)
    line: int | None = None
    # tomllib says "... (at line 4, column 7)"; keep the sentence, move the line to the location
    if "(at line " in message:
        head, _sep, tail = message.rpartition(" (at line ")
        number = tail.split(",")[0].rstrip(")")
        if number.isdigit():
            line = int(number)
            message = head
    elif message.endswith("(at end of document)"):
        message = message.removesuffix(" (at end of document)")
    return Problem(
        rel,
        line,
        "",
        _("is not valid TOML: {reason}").format(reason=message),
        code="invalid-toml",
    )


def load_workspace(root: Path, kinds: Collection[k.Kind] | None = None) -> WorkspaceData:
    """Load every record of the workspace at ``root`` (only those of ``kinds`` when given:
    what a first screen shows, before the rest; the data is then partial).

    The garbage collector is paused meanwhile: what a load makes is kept, so its passes free
    nothing, and as the heap grows each full pass walks all of it. Measured at 20,000
    accounts: 585/545 ms with it on, 476/484 ms paused; at 50,000 the load grew 16x from
    5,000 with it on (linear would be 10x)."""
    with collector_paused():
        return _load(root, kinds)


def _load(root: Path, kinds: Collection[k.Kind] | None) -> WorkspaceData:
    data = WorkspaceData()
    for kind in k.SINGLE_KINDS:
        if kinds is not None and kind not in kinds:
            continue
        rel = kind.single_path
        if not (root / rel).exists():
            if kind is k.WORKSPACE:
                data.problems.append(
                    Problem(
                        rel,
                        None,
                        "",
                        _("is missing; every workspace needs one"),
                        code="missing-file",
                    )
                )
            continue
        entry, problems = read_entry(root, kind, kind.single_id, rel)
        if entry is not None:
            data.entries[kind.name][kind.single_id] = entry
        data.problems.extend(problems)
    meta = data.entry(k.WORKSPACE, k.WORKSPACE.single_id)
    data.meta = meta.record if meta else None
    for kind in k.FOLDER_KINDS:
        if kinds is not None and kind not in kinds:
            continue
        folder = root / kind.folder
        if folder.is_symlink() and escapes(root, folder):
            data.problems.append(
                Problem(
                    kind.folder,
                    None,
                    "",
                    _("is a symlink that leads outside the workspace; it is ignored"),
                    code="unsafe-path",
                )
            )
            continue
        try:
            scan = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with scan:
            # ``is_file`` comes from the folder listing (no stat) except for symlinks: a FIFO
            # or a device is never opened, since opening a FIFO blocks for ever.
            found = sorted(
                (e.name, e.path, e.is_symlink(), e.is_file())
                for e in scan
                if e.name.endswith(".toml") and not e.name.startswith(".")
            )
        by_id = data.entries[kind.name]
        for name, path, is_link, regular in found:
            record_id = name[:-5]
            rel = f"{kind.folder}/{name}"
            entry, problems = _read(root, kind, record_id, rel, path, is_link, regular)
            if entry is None:
                data.problems.extend(problems)
                continue
            if not is_slug(record_id):
                problems.append(
                    Problem(
                        rel,
                        None,
                        "",
                        _(
                            "the file name is not a valid id; rename it with lower-case letters, "
                            "digits and hyphens, like ana-ruiz.toml"
                        ),
                        code="bad-id",
                    )
                )
            by_id[record_id] = entry
            data.problems.extend(problems)
    return data
