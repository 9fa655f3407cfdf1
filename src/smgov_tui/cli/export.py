"""``smgov export`` and ``smgov import``: the handbook and the accounts spreadsheet.

``smgov export [DIR] --format md|html [-o FILE]`` writes the governance handbook;
``smgov export accounts [DIR] --format csv [-o FILE]`` writes the accounts. A first argument
equal to ``accounts`` selects the spreadsheet (a workspace folder named ``accounts`` is written
``./accounts``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from smgov_tui.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_FOUND,
    directory_argument,
    emit,
    group_author,
    open_store,
)
from smgov_tui.cli.output import echo
from smgov_tui.core import clock
from smgov_tui.core.problems import Problem
from smgov_tui.core.withhold import withheld_notice
from smgov_tui.export import export_handbook_withheld
from smgov_tui.export.accounts_csv import UnreadableSheet, accounts_to_csv_withheld, read_sheet
from smgov_tui.export.employee_guide import AUDIENCES
from smgov_tui.export.employee_guide import render_withheld as render_guide
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.errors import StoreError, ValidationFailed


@click.command("export")
@click.argument("args", nargs=-1, metavar="[accounts] [DIR]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "csv"]),
    default=None,
    help=_("md or html for the handbook (default md); csv for accounts (the default)."),
)
@click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default="all",
    help=_("all: the whole handbook (the default); employees: the short guide for every employee."),
)
@click.option("-o", "--output", default=None, metavar="FILE", help=_("Write here, not to stdout."))
def export_cmd(args: tuple[str, ...], fmt: str | None, audience: str, output: str | None) -> None:
    """Export the governance handbook (md, html), the employee guide (`--audience employees`),
    or the accounts as CSV (`export accounts`)."""
    accounts = bool(args) and args[0] == "accounts"
    rest = list(args[1:] if accounts else args)
    if len(rest) > 1:
        raise click.UsageError(_("Too many arguments: {args}").format(args=" ".join(rest)))
    store = open_store(rest[0] if rest else None)
    if accounts:
        if fmt not in (None, "csv"):
            raise click.UsageError(_("export accounts writes csv only"))
        if audience != "all":
            raise click.UsageError(_("--audience is for the handbook, not the accounts"))
        text, withheld = accounts_to_csv_withheld(store.data)
    else:
        if fmt == "csv":
            raise click.UsageError(
                _("the handbook is md or html; use `smgov export accounts` for csv")
            )
        if audience == "employees":
            text, withheld = render_guide(store.data, fmt or "md", clock.today())
        else:
            text, withheld = export_handbook_withheld(store, fmt or "md")
    emit(text, output)
    if withheld:
        echo(withheld_notice(withheld), err=True)


@click.command("import")
@click.argument("what", type=click.Choice(["accounts"]))
@click.argument("file", type=click.Path(dir_okay=False))
@directory_argument()
@click.option("--author", default=None, metavar='"NAME <EMAIL>"', help=_("Who signs the commit."))
@click.pass_context
def import_cmd(
    ctx: click.Context, what: str, file: str, directory: str | None, author: str | None
) -> None:
    """Create or update accounts from a CSV FILE; one commit, nothing if any row is bad."""
    from smgov_tui.store.importer import import_accounts

    try:
        # bytes, not read_text: universal newlines would turn a \r or \r\n inside a quoted
        # cell into \n (the csv reader handles the row endings itself), and the encoding is
        # decided by read_sheet (UTF-8, else Windows-1252), not by the machine's locale
        data = Path(file).read_bytes()
    except OSError as error:
        echo(_("Cannot read {file}: {reason}").format(file=file, reason=error), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    name = Path(file).name
    try:
        sheet = read_sheet(data, file)
    except UnreadableSheet as unreadable:
        _refuse([unreadable.problem], None)
    store = open_store(directory, author or group_author(ctx), for_work=True)
    try:
        done = import_accounts(store, sheet, file)
    except ValidationFailed as failed:
        _refuse(failed.problems, sheet.describe(name))
    except StoreError as error:
        echo(str(error), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    echo(done.result.message)
    echo(sheet.describe(name))


def _refuse(problems: list[Problem], read_as: str | None) -> NoReturn:
    """Every problem of a refused import, how the sheet was read, and exit 1."""
    for problem in problems:
        echo(f"{_('error')}: {problem}", err=True)
    if read_as:
        echo(read_as, err=True)  # a wrong column may come from how the sheet was read
    echo(
        ngettext(
            "{count} problem; nothing was imported.",
            "{count} problems; nothing was imported.",
            len(problems),
        ).format(count=len(problems)),
        err=True,
    )
    sys.exit(EXIT_FOUND)
