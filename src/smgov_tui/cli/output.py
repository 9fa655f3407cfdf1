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
from typing import Any

import click

from smgov_tui.core.escape import terminal_safe


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
