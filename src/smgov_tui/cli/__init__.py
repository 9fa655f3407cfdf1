"""The ``smgov`` command: a thin layer over the store, shared with the TUI.

This module holds only the click group, ``main`` (the ``smgov`` entry point and
``python -m smgov_tui``), and names the commands. The commands live by subject in
``workspace`` (open, init, demo, check), ``review``, ``crisis`` (crisis, incident), ``oncall``,
``draft`` (draft check), ``digest``, ``export`` (export, import) and ``sync`` (sync, clone); what
they share is in ``common``, and every line they print goes through ``output``. They never
import this module, so the imports run one way.

A command's module is imported only when that command runs (:class:`SmgovGroup`): ``smgov
--version`` loads click and nothing of the store, ``smgov check`` no Textual. ``check`` runs in
pre-commit on every commit, so its start-up is paid many times a day.
"""

from __future__ import annotations

import importlib
import os
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

import click

from smgov_tui import __version__
from smgov_tui.collector import collector_paused, keep_until_exit
from smgov_tui.i18n import _

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

COMMANDS: dict[str, tuple[str, str]] = {
    "open": ("smgov_tui.cli.workspace", "open_cmd"),
    "init": ("smgov_tui.cli.workspace", "init"),
    "check": ("smgov_tui.cli.workspace", "check"),
    "demo": ("smgov_tui.cli.workspace", "demo"),
    "review": ("smgov_tui.cli.review", "review_cmd"),
    "crisis": ("smgov_tui.cli.crisis", "crisis_cmd"),
    "incident": ("smgov_tui.cli.crisis", "incident_group"),
    "oncall": ("smgov_tui.cli.oncall", "oncall_cmd"),
    "draft": ("smgov_tui.cli.draft", "draft_group"),
    "digest": ("smgov_tui.cli.digest", "digest_cmd"),
    "export": ("smgov_tui.cli.export", "export_cmd"),
    "import": ("smgov_tui.cli.export", "import_cmd"),
    "sync": ("smgov_tui.cli.sync", "sync_cmd"),
    "clone": ("smgov_tui.cli.sync", "clone_cmd"),
}
"""Each command's name and where it lives: ``(module, attribute)``, imported on first use."""

READ_AND_EXIT = frozenset({"check", "export"})
"""Commands that read the workspace, print and exit: the garbage collector is paused while they
run (their command's import included). What they load lives until the process ends, so the
collector's passes over it find nothing, and they cost: 45 passes (~7 ms) in a check of the
English sample, ~15 ms at 1,000 accounts, ~50 ms and a full pass at 5,000 (measured with
``gc.callbacks``). Reference counting still frees what they drop. For the same reason the
interpreter's last pass at exit leaves it alone (``keep_until_exit``: ~13 ms of a check of the
sample). The app, crisis mode and the writing commands keep the collector (the app tunes it
itself, ``ui/textual_internals.py``)."""

_COMMAND_KEY = "smgov.command"
"""``ctx.meta`` key: the command word the group was given (read by :meth:`SmgovGroup.invoke`)."""

ENVIRONMENT_VARIABLES = (
    (
        "SMGOV_WORKSPACE",
        _("the workspace used when no DIR is given and the current folder is none"),
    ),
    ("SMGOV_AUTHOR", _('who signs the commits, "Name <email>" (else git user.name/user.email)')),
    ("SMGOV_LANG", _("the language of the interface: es or en (else LANGUAGE, LC_ALL, LANG)")),
    ("NO_COLOR", _("no colours in the app")),
    ("TERM=dumb", _("the app and crisis mode say they cannot draw, instead of drawing")),
)
"""What ``smgov --help`` lists under "Environment" (click's ``\\b`` keeps the lines as they are)."""

ENVIRONMENT = "\n\n".join(
    [
        _("Environment:"),
        "\b\n" + "\n".join(f"  {name:<16} {text}" for name, text in ENVIRONMENT_VARIABLES),
    ]
)


def _looks_like_a_folder(word: str) -> bool:
    """A word meant as a folder rather than a command: it exists, or it is written as a path."""
    return (
        os.path.exists(word)
        or os.sep in word
        or (os.altsep is not None and os.altsep in word)
        or word.startswith(("~", "."))
    )


class SmgovGroup(click.Group):
    """The ``smgov`` group: ``smgov DIR`` means ``smgov open DIR``; commands load lazily; an
    unknown command gets click's "No such command" with the nearest one suggested."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, without importing any."""
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now (the first time it is asked for)."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        with collector_paused():  # what a command's imports make lives on (collector.py)
            module = importlib.import_module(where[0])
        command = getattr(module, where[1])
        if not isinstance(command, click.Command):  # pragma: no cover - a wrong table entry
            raise TypeError(f"{where[0]}.{where[1]} is not a click command")
        self.commands[cmd_name] = command
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Route a first argument that is a folder, or no argument, to ``open``.

        A word that is no command and no folder is left to click, which says "No such command"
        (with a suggestion, :meth:`resolve_command`), unless no command is near it: then it is
        most likely a workspace's name typed where it is not, and ``open`` explains that.
        """
        index = 0
        while index < len(args) and args[index].startswith("-"):
            # skip group options and their values (only --author takes a value)
            index += 2 if args[index] == "--author" else 1
        names = self.list_commands(ctx)
        if index < len(args):
            ctx.meta[_COMMAND_KEY] = args[index]
        if index < len(args) and args[index] not in names:
            import difflib  # only for a word that is no command (``smgov --version`` never)

            word = args[index]
            if _looks_like_a_folder(word) or not difflib.get_close_matches(word, names, n=1):
                args = [*args[:index], "open", *args[index:]]
        elif (
            index >= len(args)
            and not ctx.resilient_parsing  # the shell completing `smgov <TAB>`: the commands
            and not any(a in ("--help", "-h", "--version") for a in args)
        ):
            args = [*args, "open"]
        return super().parse_args(ctx, args)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """click's lookup; an unknown name gets the nearest command as a suggestion."""
        name = args[0] if args else ""
        if name and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            message = _("No such command {name!r}.").format(name=name)
            if close:
                message += " " + _("Did you mean {command!r}?").format(command=close[0])
            ctx.fail(message)
        return super().resolve_command(ctx, args)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """``smgov <TAB>``: the commands and, since ``smgov DIR`` opens DIR, the folders."""
        from click.shell_completion import CompletionItem  # only when the shell completes

        return [*super().shell_complete(ctx, incomplete), CompletionItem(incomplete, type="dir")]

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a store error no command handled (git missing, a folder gone) is
        one sentence and exit 2, never a traceback. The collector is paused for a command of
        READ_AND_EXIT."""
        from smgov_tui.store.errors import StoreError

        read_and_exit = ctx.meta.get(_COMMAND_KEY) in READ_AND_EXIT
        if read_and_exit:
            keep_until_exit()
        with collector_paused() if read_and_exit else nullcontext():
            try:
                return super().invoke(ctx)
            except StoreError as error:
                from smgov_tui.cli.common import fail

                fail(str(error))


@click.group(
    cls=SmgovGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=ENVIRONMENT,
)
@click.version_option(__version__, "--version", prog_name="smgov")
@click.option("--author", default=None, metavar='"NAME <EMAIL>"', help=_("Who signs the commits."))
@click.pass_context
def main(ctx: click.Context, author: str | None) -> None:
    """smgov: your social media governance plan, kept in git.

    Run `smgov DIR` to open a workspace, `smgov demo` to try it on a sample.
    """
    ctx.ensure_object(dict)
    ctx.obj["author"] = author


__all__ = ["COMMANDS", "main"]
