"""What every ``smgov`` command shares: finding and opening the workspace, the author option,
the terminal test, and the one way to stop (a sentence on stderr and an exit code).

The command modules (``workspace``, ``crisis``, ``export``, ``sync``) import this module and
``output``, never each other nor the group in ``cli/__init__.py``: the group imports them.
"""

from __future__ import annotations

import locale
import os
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from smgov_tui.cli.output import echo, echo_document
from smgov_tui.core import kinds as k
from smgov_tui.i18n import _, detect_language, follow_workspace
from smgov_tui.store.atomic import atomic_write
from smgov_tui.store.discover import workspace_language
from smgov_tui.store.errors import StoreError
from smgov_tui.store.gitfiles import git_dir, operation_in_progress
from smgov_tui.store.store import Store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FOUND, EXIT_CANNOT_RUN = 0, 1, 2


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _dumb() -> bool:
    """TERM=dumb (an Emacs shell buffer, some CI consoles, a serial line): a terminal that
    cannot move the cursor, where drawing prints the escape codes as text."""
    return os.environ.get("TERM", "").lower() == "dumb"


def has_terminal() -> bool:
    """True when stdin and stdout are a terminal that can draw: what the full-screen app needs."""
    return _is_terminal() and not _dumb()


def need_terminal(what: str, instead: str) -> None:
    """Exit 2 with a sentence when there is no terminal for the full-screen app: without one it
    writes escape codes into a pipe and waits for keys that never come."""
    if _is_terminal() and _dumb():
        fail(
            _(
                "{what} draws a full screen, which this terminal (TERM=dumb) cannot show. "
                "Run it in a terminal that can (e.g. TERM=xterm-256color), or use: {instead}"
            ).format(what=what, instead=instead)
        )
    if has_terminal():
        return
    fail(
        _(
            "{what} needs a terminal (its input and output are not one here). Without a "
            "terminal, use: {instead}"
        ).format(what=what, instead=instead)
    )


def directory_argument(required: bool = False) -> Callable[[F], F]:
    """The workspace folder, the same on every command: ``DIR``, a ``click.Path`` (so the shell
    completes folders and a file given by mistake is refused by name). Existence is checked
    later, where the sentence can say what to do (``workspace_dir``, ``open_store``)."""
    return click.argument(
        "directory",
        required=required,
        metavar="DIR" if required else "[DIR]",
        type=click.Path(file_okay=False, dir_okay=True),
    )


def author_option(func: F) -> F:
    """``--author "Name <email>"`` on a command that writes (also accepted before the command)."""
    return click.option(
        "--author",
        "author",
        default=None,
        metavar='"NAME <EMAIL>"',
        help=_("Who signs the commits (else SMGOV_AUTHOR, else git user.name/user.email)."),
    )(func)


def group_author(ctx: click.Context) -> str | None:
    """The ``--author`` given before the command (``smgov --author X sync``), if any."""
    author: str | None = (ctx.obj or {}).get("author")
    return author


def fail(message: str, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code``."""
    echo(message, err=True)
    sys.exit(code)


def workspace_dir(directory: str | None) -> Path:
    """DIR, else SMGOV_WORKSPACE, else the current folder."""
    return Path(directory or os.environ.get("SMGOV_WORKSPACE") or ".").absolute()


def open_store(
    directory: str | None,
    author: str | None = None,
    for_work: bool = False,
    kinds: Collection[k.Kind] | None = None,
) -> Store:
    """Open and load a workspace, or exit 2 with the reason.

    ``for_work``: the command may save, so an interrupted ``smgov sync`` is undone first (and
    said on stderr). A read-only command writes nothing: it only says one is waiting.
    ``kinds``: load only these records (see :meth:`Store.load`); the rest is the caller's.
    """
    try:
        store = Store.open(workspace_dir(directory), author)
        if for_work:
            recovered = store.recover_interrupted()
            if recovered:
                echo(recovered, err=True)
        elif store.interrupted_sync_pending():
            echo(
                _(
                    "An smgov sync of {root} was interrupted; it is undone, with nothing lost, "
                    "when you next run smgov sync {root} or open the workspace in the app."
                ).format(root=store.root),
                err=True,
            )
        else:
            _say_operation_in_progress(store.root)
        store.load(kinds)
    except StoreError as error:
        fail(str(error))
    if store.data.meta is not None:  # the team's language when the machine names none
        follow_workspace(store.data.meta.language)
    return store


def speak_workspace_language(root: Path) -> None:
    """Speak ``root``'s language when the environment names none (``LANG=C.UTF-8``), before the
    interface is imported: its key labels are translated at import."""
    follow_workspace(workspace_language(root))


def remember_opened(root: Path) -> None:
    """Remember ``root`` among the recently opened workspaces (offered by ``smgov crisis``
    outside one). A settings file that cannot be written stops nothing: it is said, once."""
    from smgov_tui.store.settings import remember_workspace  # not on the way to the screen

    try:
        remember_workspace(root)
    except OSError as error:
        echo(
            _("Could not remember this workspace in your settings ({error}).").format(error=error),
            err=True,
        )


def _say_operation_in_progress(root: Path) -> None:
    """A read-only command says that git is in the middle of something a person started (a
    rebase stopped on a conflict...): saves wait for it, and the person may have forgotten it.
    Read from the files in ``.git`` (no git process, nothing written)."""
    folder = git_dir(root)
    state = operation_in_progress(folder) if folder is not None else ""
    if not state:
        return
    if state == "detached":
        message = _(
            "Note: HEAD is on no branch in {root}, so smgov saves wait until you switch back "
            "to your branch (git -C {root} switch BRANCH)."
        )
    else:
        message = _(
            "Note: a git {operation} is in progress in {root}, so smgov saves wait until it is "
            "finished or undone (git -C {root} status says how)."
        )
    echo(message.format(root=root, operation=state), err=True)


def default_lang() -> str:
    """The sample language from the locale: es for Spanish locales, else en."""
    lang = detect_language()
    if lang == "en":
        code = (locale.getlocale()[0] or "").lower()
        if code.startswith("es"):
            return "es"
    return lang


def emit(text: str, output: str | None) -> None:
    """Write a document (an export, a digest) to ``output``, atomically, or to stdout for none
    or ``-``; a place that cannot be written is one sentence and exit 2."""
    if output is None or output == "-":
        echo_document(text)
        return
    try:
        atomic_write(Path(output).absolute(), text)
    except OSError as error:
        echo(_("Cannot write {file}: {reason}").format(file=output, reason=error), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    echo(_("Wrote {file}.").format(file=output), err=True)
