"""The ``smgov`` command: a thin layer over the store, shared with the TUI.

This module holds only the click group, ``main`` (the ``smgov`` entry point and
``python -m smgov_tui``), and names its commands (:data:`COMMANDS`, imported when run). The
commands live by subject in ``workspace`` (open, init, demo, check), ``crisis``, ``export``
(export, import) and ``sync`` (sync, clone); what they share is in ``common``, and every line
they print goes through ``output``. They never import this module, so the imports run one way.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from smgov_tui import __version__
from smgov_tui.cli.common import fail
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError

COMMANDS: dict[str, str] = {
    "open": "workspace:open_cmd",
    "init": "workspace:init",
    "check": "workspace:check",
    "demo": "workspace:demo",
    "crisis": "crisis:crisis_cmd",
    "incident": "crisis:incident_group",
    "export": "export:export_cmd",
    "import": "export:import_cmd",
    "sync": "sync:sync_cmd",
    "clone": "sync:clone_cmd",
}
"""Each command's name and where it lives (``module:attribute`` in this package). A command's
module is imported only when that command runs (or for ``--help``): ``smgov crisis`` does not
pay for the export, the sync and the workspace commands on its way to the first screen."""


class DefaultGroup(click.Group):
    """A group where ``smgov DIR`` means ``smgov open DIR``, its commands loaded lazily."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, without importing any."""
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, its module imported now."""
        where = COMMANDS.get(cmd_name)
        if where is None:
            return super().get_command(ctx, cmd_name)
        module, _sep, attribute = where.partition(":")
        command = getattr(importlib.import_module(f"smgov_tui.cli.{module}"), attribute)
        assert isinstance(command, click.Command)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Route a first argument that is not a command to ``open``."""
        index = 0
        while index < len(args) and args[index].startswith("-"):
            # skip group options and their values (only --author takes a value)
            index += 2 if args[index] == "--author" else 1
        if index < len(args) and args[index] not in COMMANDS:
            args = [*args[:index], "open", *args[index:]]
        elif index >= len(args) and not any(a in ("--help", "-h", "--version") for a in args):
            args = [*args, "open"]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a store error no command handled (git missing, a folder gone) is
        one sentence and exit 2, never a traceback."""
        try:
            return super().invoke(ctx)
        except StoreError as error:
            fail(str(error))


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="smgov")
@click.option("--author", default=None, metavar='"NAME <EMAIL>"', help=_("Who signs the commits."))
@click.pass_context
def main(ctx: click.Context, author: str | None) -> None:
    """smgov: your social media governance plan, kept in git.

    Run `smgov DIR` to open a workspace, `smgov demo` to try it on a sample.
    """
    ctx.ensure_object(dict)
    ctx.obj["author"] = author


__all__ = ["main"]
