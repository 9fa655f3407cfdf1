"""``smgov crisis``, ``smgov incident list`` and ``smgov incident report``: crisis mode from the
command line."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import click

from smgov_tui.cli.common import (
    EXIT_FOUND,
    directory_argument,
    fail,
    group_author,
    need_terminal,
    open_store,
    remember_opened,
    speak_workspace_language,
    workspace_dir,
)
from smgov_tui.cli.output import echo, echo_document, prompt
from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.discover import (
    Source,
    enclosing_workspace,
    offered_workspaces,
    workspace_name,
)
from smgov_tui.store.errors import StoreError
from smgov_tui.store.incidents import Incidents, workspace_tz

FIRST_SCREEN_KINDS = (k.WORKSPACE, k.LISTENING, k.PLAYBOOKS, k.INCIDENTS)
"""The records crisis mode's first screen shows (the open incidents, the playbooks with what
listening points to them): read before it is drawn. The rest (thousands of accounts in a large
workspace) is read while the list is on screen; nothing can be picked until it is."""


@click.command("crisis")
@directory_argument()
@click.option("--author", default=None, metavar='"NAME <EMAIL>"', help=_("Who signs the log."))
@click.pass_context
def crisis_cmd(ctx: click.Context, directory: str | None, author: str | None) -> None:
    """Open crisis mode on the workspace in DIR (or the one above the current folder): resume
    an open incident or start one."""
    need_terminal(
        _("Crisis mode"),
        _("smgov incident report ID {dir} to read a logged incident").format(
            dir=workspace_dir(directory)
        ),
    )
    root = find_crisis_workspace(directory)
    # No garbage collection on the way to the first screen: what is imported and read now
    # lives as long as the app. The app turns the collector back on once the list is drawn
    # (ui/textual_internals.py, resume_collector, with the figures); here if it never starts.
    gc.disable()
    try:
        speak_workspace_language(root)
        store = open_store(
            str(root), author or group_author(ctx), for_work=True, kinds=FIRST_SCREEN_KINDS
        )
        from smgov_tui.ui.crisis_app import run_crisis  # after the language is known

        try:
            run_crisis(store, partial=True)
        finally:  # once the crisis is over: nothing on the way to the first screen
            remember_opened(store.root)
    finally:
        gc.enable()


def find_crisis_workspace(directory: str | None) -> Path:
    """The workspace crisis mode opens: DIR (or SMGOV_WORKSPACE, or the current folder) or the
    nearest folder above it that is one; else the person picks among the current folder's,
    SMGOV_WORKSPACE's and the ones they opened recently. Never suggests ``smgov init``: in the
    wrong folder that would make a sample company with made-up contacts."""
    start = workspace_dir(directory)
    found = enclosing_workspace(start)
    if found is not None:
        if found.source is Source.PARENT:
            echo(
                _("Opening the workspace {root} (above {start}).").format(
                    root=found.root, start=start
                ),
                err=True,
            )
        return found.root
    from smgov_tui.store.settings import load_settings  # only when the folder is not one

    offers = offered_workspaces(start, os.environ, load_settings().recent_workspaces, Path.cwd())
    if not offers:
        fail(
            _(
                "{start} is not in a smgov workspace (no workspace.toml here or in the folders "
                "above), and no workspace was opened on this computer before. Run smgov crisis "
                "PATH with your team's workspace folder (ask a teammate where it is, or get it "
                "with smgov clone URL)."
            ).format(start=start)
        )
    echo(_("{start} is not in a smgov workspace. Workspaces found:").format(start=start), err=True)
    for number, offer in enumerate(offers, start=1):
        name = workspace_name(offer.root)
        echo(f"  {number}  {offer.root}" + (f"  ({name})" if name else ""), err=True)
    choice = str(prompt(_("Number of the workspace to open (q quits)"), default="1", err=True))
    choice = choice.strip()
    if choice.isdigit() and 1 <= int(choice) <= len(offers):
        return offers[int(choice) - 1].root
    fail(_("Nothing opened."), code=EXIT_FOUND)


@click.group("incident")
def incident_group() -> None:
    """Incidents logged by crisis mode."""


@incident_group.command("report")
@click.argument("incident_id", metavar="ID")
@directory_argument()
@click.option(
    "--format", "fmt", type=click.Choice(["md", "html"]), default="md", help=_("Report format.")
)
@click.option(
    "-o", "--output", default=None, metavar="FILE", help=_("Write to FILE instead of the screen.")
)
def report_cmd(incident_id: str, directory: str | None, fmt: str, output: str | None) -> None:
    """Write the post-mortem timeline of incident ID (times, authors, notes, skips, escalations)."""
    # imported here, not with the module: smgov crisis shares it and writes no report
    from smgov_tui.core.crisis import account_label
    from smgov_tui.core.report import render_report
    from smgov_tui.core.withhold import withheld_notice
    from smgov_tui.store.atomic import atomic_write

    store = open_store(directory)
    try:
        current = Incidents(store).read(incident_id)
    except (StoreError, ValueError) as error:
        fail(str(error))
        return
    tz = workspace_tz(store)
    account = store.data.accounts.get(current.crisis.incident.account)
    text, withheld = render_report(
        incident_id, current.crisis, tz, fmt, account_label(account) if account else ""
    )
    if output:
        atomic_write(Path(output).absolute(), text)
        echo(_("Report written to {path}").format(path=output), err=True)
    else:
        echo_document(text)
    if withheld:
        echo(withheld_notice(withheld), err=True)


@incident_group.command("list")
@directory_argument()
@click.option("--open", "only_open", is_flag=True, help=_("Only the open incidents."))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=_("Output format.")
)
def list_cmd(directory: str | None, only_open: bool, fmt: str) -> None:
    """List the incidents of the workspace in DIR, open ones first (writes nothing)."""
    store = open_store(directory)
    # imported here, not with the module: smgov crisis shares it and does not list
    from smgov_tui.core.incident_list import incident_rows, row_text, unreadable_incidents

    rows = incident_rows(store.data, only_open)
    unreadable = unreadable_incidents(store.data)
    if fmt == "json":
        import json

        from smgov_tui.core.escape import json_safe

        document = {
            "workspace": str(store.root),
            "incidents": [row.to_json() for row in rows],
            "unreadable": unreadable,
        }
        echo(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
        return
    tz = workspace_tz(store)
    if not rows:
        none = _("No open incidents in {root}.") if only_open else _("No incidents in {root}.")
        echo(none.format(root=store.root))
    for row in rows:
        echo(row_text(row, tz))
    if rows:
        echo(
            _("Post-mortem report: smgov incident report ID {dir}").format(dir=store.root),
            err=True,
        )
    for path in unreadable:
        echo(_("{path} could not be read; run smgov check to see why.").format(path=path), err=True)
