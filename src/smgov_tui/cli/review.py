"""``smgov review``: the accounts due for review, for a weekly routine or a CI job.

Read-only, like ``check``: it loads the workspace and writes nothing (no git process at all).
"""

from __future__ import annotations

import json
import sys

import click

from smgov_tui.cli.common import EXIT_FOUND, EXIT_OK, directory_argument, open_store
from smgov_tui.cli.output import echo
from smgov_tui.core import clock
from smgov_tui.core.escape import json_safe
from smgov_tui.core.review import DUE_WITHIN_DAYS, due_for_review
from smgov_tui.i18n import _, ngettext


@click.command("review")
@directory_argument()
@click.option(
    "--due-within",
    "within",
    type=click.IntRange(min=0),
    default=DUE_WITHIN_DAYS,
    show_default=True,
    metavar="DAYS",
    help=_("Also list the accounts whose review falls due within DAYS days."),
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=_("Output format.")
)
def review_cmd(directory: str | None, within: int, fmt: str) -> None:
    """List the accounts due for review, overdue first.

    Exit 0: no review is overdue (some may fall due soon); 1: at least one account is overdue
    or was never reviewed; 2: cannot run. Mark one reviewed with r in the app's Review section.
    """
    store = open_store(directory)
    today = clock.today()
    due = due_for_review(store.data, within, today)
    overdue = sum(1 for item in due if item.overdue)
    cadence = store.data.review_cadence_days
    if fmt == "json":
        document = {
            "workspace": str(store.root),
            "today": today.isoformat(),
            "review_cadence_days": cadence,
            "due_within_days": within,
            "overdue": overdue,
            "accounts": [item.to_json() for item in due],
        }
        echo(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
    elif not due:
        echo(
            _(
                "No account is due for review within {days} days (reviews every {cadence} days)."
            ).format(days=within, cadence=cadence)
        )
    else:
        width = max(len(item.when()) for item in due)
        for item in due:
            last = item.account.last_reviewed
            details = [f"{item.account.network} {item.account.handle}"]
            if last is not None:
                details.append(_("last reviewed {date}").format(date=last.isoformat()))
            if item.account.owner:
                details.append(_("owner {owner}").format(owner=item.account.owner))
            echo(f"{item.when().ljust(width)}  {item.id}  ({', '.join(details)})")
        echo(
            ngettext(
                "{n} account due for review within {days} days, {overdue} overdue "
                "(reviews every {cadence} days).",
                "{n} accounts due for review within {days} days, {overdue} overdue "
                "(reviews every {cadence} days).",
                len(due),
            ).format(n=len(due), days=within, overdue=overdue, cadence=cadence)
        )
    sys.exit(EXIT_FOUND if overdue else EXIT_OK)
