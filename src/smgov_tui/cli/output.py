"""The one way the ``smgov`` commands write to a terminal: control characters shown, not obeyed.

Messages carry values from records, imported files and the remote (a handle, a note, a file
name). A value holding ``ESC ] 2 ; ... BEL`` would retitle the window, ``ESC [ 31 m`` recolour
it, OSC 52 write the clipboard, a right-to-left override hide what a line says, in a terminal
and in a CI log alike. Every message of the ``cli`` package goes through :func:`echo`, which
shows them as ``\\x1b`` (``core.escape.terminal_safe``); the newlines the CLI writes itself are
kept.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from smgov_tui.core.escape import terminal_safe
from smgov_tui.core.problems import Problem


def echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``message`` (to stderr with ``err``) with its control characters escaped."""
    click.echo(terminal_safe(str(message)), err=err, nl=nl)


def echo_document(text: str) -> None:
    """Print a whole exported document to stdout: as it is into a pipe or a file, so that
    ``smgov export accounts > a.csv`` keeps every value; escaped when stdout is a terminal.

    ``color=True`` stops click from deleting what looks like a colour code (``ESC [ 31 m``)
    from a value when stdout is not a terminal: a document keeps its data.
    """
    if sys.stdout.isatty():
        click.echo(terminal_safe(text), nl=False)
    else:
        click.echo(text, nl=False, color=True)


def prompt(text: str, default: str | None = None, **options: Any) -> Any:
    """``click.prompt`` whose shown default (a value from a record) is escaped; an empty
    answer still gives the default itself."""
    if default is None:
        return click.prompt(text, **options)
    shown = f"{text} [{terminal_safe(default)}]"
    return click.prompt(shown, default=default, show_default=False, **options)


def _github_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped as GitHub's runner reads them."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,``, which end a property."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, root: Path) -> str:
    """``::error file=...,line=...,title=...::message``: GitHub Actions shows it on the file's
    line in the pull request. The path is the repository's (the workspace may be a sub-folder)."""
    command = "error" if problem.severity == "error" else "warning"
    properties = [f"file={_github_property(_repository_path(root, problem.path))}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    title = f"smgov {problem.code}" if problem.code else "smgov"
    properties.append(f"title={_github_property(title)}")
    # The whole sentence, location first: the messages are written to follow it.
    return f"::{command} {','.join(properties)}::{_github_data(str(problem))}"


def _repository_path(root: Path, path: str) -> str:
    """``path`` (relative to the workspace) relative to the current folder, where a CI job
    runs ``smgov check``: the checkout's root, which GitHub resolves ``file=`` against."""
    try:
        return (root / path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:  # the workspace is not under the current folder
        return path
