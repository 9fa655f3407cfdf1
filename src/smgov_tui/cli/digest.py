"""``smgov digest [DIR] --since DATE|REV``: what changed in the plan, told for management.

Read-only like ``check`` and ``export``: the old workspace is read from git's objects (no
checkout), every git command runs with ``GIT_OPTIONAL_LOCKS=0``, and nothing is written but
the ``-o`` file.
"""

from __future__ import annotations

import click

from smgov_tui.cli.common import EXIT_CANNOT_RUN, directory_argument, emit, fail, open_store
from smgov_tui.cli.output import echo
from smgov_tui.core import clock
from smgov_tui.core.digest import build_digest
from smgov_tui.core.withhold import withheld_notice
from smgov_tui.export.digest import DIGEST_FORMATS, render_digest
from smgov_tui.i18n import SUPPORTED, _, current_language, set_language
from smgov_tui.store.errors import StoreError
from smgov_tui.store.since import read_history


@click.command("digest")
@directory_argument()
@click.option(
    "--since",
    required=True,
    metavar="DATE|REV",
    help=_("Compare with the plan as it was on this date (YYYY-MM-DD) or at this commit."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(DIGEST_FORMATS),
    default="text",
    help=_("text (the default), md or html."),
)
@click.option("-o", "--output", default=None, metavar="FILE", help=_("Write here, not to stdout."))
def digest_cmd(directory: str | None, since: str, fmt: str, output: str | None) -> None:
    """Say what changed in the plan since a date or a commit: accounts, people, protocols,
    incidents and findings, in the workspace's language."""
    store = open_store(directory)
    try:
        history = read_history(store.git, since)
    except StoreError as error:
        fail(str(error), EXIT_CANNOT_RUN)
    meta = history.new.meta
    speaking = current_language()
    if meta is not None and meta.language in SUPPORTED:
        # A document for the workspace's readers: the findings quoted from the checks speak
        # its language too, not only the digest's own sentences.
        set_language(meta.language)
    try:
        digest = build_digest(
            history.old, history.new, history.period, clock.today(), history.renames
        )
        text, withheld = render_digest(digest, fmt)
    finally:
        set_language(speaking)
    emit(text, output)
    if withheld:
        echo(withheld_notice(withheld), err=True)
