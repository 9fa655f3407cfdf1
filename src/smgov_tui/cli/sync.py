"""``smgov sync`` and ``smgov clone``: team work through any git remote, over the store."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from smgov_tui.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    directory_argument,
    group_author,
    workspace_dir,
)
from smgov_tui.cli.output import echo, prompt
from smgov_tui.core.merge import MISSING, Pick, describe, edit_prefill, value_from_text
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.store import Store
from smgov_tui.store.sync import RecordConflict, SyncError, SyncResult, clone_workspace, sync

EXIT_CONFLICTS = 1


def has_person() -> bool:
    """True when a person can answer questions: a terminal on stdin and stdout, not CI."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


def _short(value: Any) -> str:
    text = describe(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def print_conflicts(conflicts: list[RecordConflict]) -> None:
    """Each record and field in conflict with its base, mine and theirs values."""
    for conflict in conflicts:
        echo(f"  {conflict.path}")
        for item in conflict.fields:
            name = item.dotted or _("(whole file)")
            echo(f"    {name}")
            echo(f"      {_('base')}:   {_short(item.base)}")
            echo(f"      {_('mine')}:   {_short(item.ours)}")
            echo(f"      {_('theirs')}: {_short(item.theirs)}")


def ask_picks(conflicts: list[RecordConflict]) -> dict[str, dict[str, Pick]]:
    """Ask the person, field by field: mine, theirs or edit."""
    picks: dict[str, dict[str, Pick]] = {}
    for conflict in conflicts:
        echo(f"\n{conflict.path}")
        for item in conflict.fields:
            echo(f"  {item.dotted or _('(whole file)')}")
            echo(f"    [m] {_('mine')}:   {_short(item.ours)}")
            echo(f"    [t] {_('theirs')}: {_short(item.theirs)}")
            echo(f"        {_('base')}:   {_short(item.base)}")
            answer = prompt(
                _("Keep [m]ine, [t]heirs or [e]dit"),
                type=click.Choice(["m", "t", "e"]),
                show_choices=False,
            )
            if answer == "m":
                pick = Pick("mine")
            elif answer == "t":
                pick = Pick("theirs")
            else:
                typed = prompt(_("New value"), default=edit_prefill(item.ours))
                like = item.ours if item.ours is not MISSING else item.theirs
                pick = Pick("edit", value_from_text(typed, like) if item.path else typed)
            picks.setdefault(conflict.path, {})[item.dotted] = pick
    return picks


def _picks_for_all(conflicts: list[RecordConflict], side: str) -> dict[str, dict[str, Pick]]:
    pick = Pick("mine") if side == "mine" else Pick("theirs")
    return {c.path: {item.dotted: pick for item in c.fields} for c in conflicts}


def _parse_pick_options(options: tuple[str, ...]) -> dict[str, dict[str, Pick]]:
    picks: dict[str, dict[str, Pick]] = {}
    for option in options:
        where, _sep, side = option.rpartition("=")
        path, _colon, dotted = where.partition(":")
        if side not in ("mine", "theirs") or not path:
            raise click.BadParameter(
                _("{option}: write PATH:FIELD=mine or PATH:FIELD=theirs").format(option=option)
            )
        picks.setdefault(path, {})[dotted] = Pick("mine" if side == "mine" else "theirs")
    return picks


def report(result: SyncResult) -> None:
    """Print what a sync did."""
    if result.recovered:
        echo(result.recovered)
    stream_err = not result.ok and result.status != "conflicts"
    echo(result.message, err=stream_err)
    for problem in result.problems:
        echo(f"  {problem}", err=True)


@click.command("sync")
@directory_argument()
@click.option(
    "--take",
    type=click.Choice(["mine", "theirs"]),
    default=None,
    help=_("Settle every conflicting field with one side."),
)
@click.option(
    "--pick",
    "pick_options",
    multiple=True,
    metavar="PATH:FIELD=mine|theirs",
    help=_("Settle one conflicting field (repeatable)."),
)
@click.option("--author", "author", default=None, metavar='"NAME <EMAIL>"', help=_("Who signs."))
@click.pass_context
def sync_cmd(
    ctx: click.Context,
    directory: str | None,
    take: str | None,
    pick_options: tuple[str, ...],
    author: str | None,
) -> None:
    """Fetch the team's changes, integrate them with yours, and push.

    Exit 0: in step with the remote; 1: conflicts need a decision (nothing was changed);
    2: cannot sync (no remote, offline, refused) - your commits are kept.
    """
    root = workspace_dir(directory)
    try:
        store = Store.open(root, author or group_author(ctx))
        store.load()
    except StoreError as error:
        echo(str(error), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    person = has_person()
    picks = _parse_pick_options(pick_options)
    result = sync(store, picks, interactive=person)
    if result.status == "conflicts" and result.conflicts and take:
        picks = {**_picks_for_all(result.conflicts, take), **picks}
        result = sync(store, picks, interactive=person)
    if result.status == "conflicts" and result.conflicts and person:
        report(result)
        print_conflicts(result.conflicts)
        picks = {**picks, **ask_picks(result.conflicts)}
        result = sync(store, picks, interactive=person)
    report(result)
    if result.status == "conflicts":
        if result.conflicts:
            print_conflicts(result.conflicts)
            where = str(store.root)
            echo(
                _(
                    "Nothing was changed and your commits are kept. To resume, open the app and "
                    "press S (smgov {dir}), or settle every field one way:\n"
                    "  smgov sync --take mine {dir}\n"
                    "  smgov sync --take theirs {dir}\n"
                    "or one field at a time: smgov sync --pick PATH:FIELD=mine {dir}"
                ).format(dir=where)
            )
        sys.exit(EXIT_CONFLICTS)
    sys.exit(EXIT_OK if result.ok else EXIT_CANNOT_RUN)


@click.command("clone")
@click.argument("url")
@directory_argument(required=True)
def clone_cmd(url: str, directory: str) -> None:
    """Clone a team's workspace from URL into DIR, ready to sync."""
    try:
        store = clone_workspace(url, Path(directory), interactive=has_person())
    except SyncError as error:
        echo(str(error), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except StoreError as error:
        echo(str(error), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    echo(_("Cloned the workspace into {dir}.").format(dir=store.root))
    echo(_("Open it with: smgov {dir}; sync with: smgov sync {dir}").format(dir=store.root))
