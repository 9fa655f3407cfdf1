"""``smgov draft check``: a post checked against its network and the communication protocol
before it is published. Read-only: it opens the workspace as ``check`` does and writes nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from smgov_tui.cli.common import EXIT_FOUND, EXIT_OK, fail, open_store
from smgov_tui.cli.output import echo
from smgov_tui.core import kinds as k
from smgov_tui.core.draft import DraftReport, check_draft
from smgov_tui.core.escape import json_safe
from smgov_tui.core.networks import limits_for
from smgov_tui.core.problems import count_problems
from smgov_tui.i18n import _


@click.group("draft")
def draft_group() -> None:
    """Check a post before it is published."""


def _split_arguments(arguments: tuple[str, ...]) -> tuple[str | None, str | None]:
    """``[DIR] [FILE|-]``: two words are DIR and FILE; one is DIR when it is a folder, else
    FILE (the workspace is then SMGOV_WORKSPACE or the current folder)."""
    if len(arguments) > 2:
        fail(_("Give at most a folder and a file: smgov draft check [DIR] --account ID [FILE|-]."))
    if len(arguments) == 2:
        return arguments[0], arguments[1]
    if len(arguments) == 1:
        if arguments[0] != "-" and Path(arguments[0]).is_dir():
            return arguments[0], None
        return None, arguments[0]
    return None, None


def _read_post(source: str | None) -> str:
    """The post from FILE, or from stdin for ``-`` or no FILE (not from a terminal: it would
    wait for an end of file a person rarely knows how to type)."""
    if source is None or source == "-":
        if sys.stdin.isatty():
            fail(
                _(
                    "Give the post as a file, or through a pipe: "
                    "smgov draft check --account ID post.txt (or: ... | smgov draft check "
                    "--account ID -)."
                )
            )
        data = sys.stdin.buffer.read()
        where = _("the standard input")
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            fail(
                _("Cannot read the post {file}: {reason}.").format(
                    file=source, reason=error.strerror or error
                )
            )
        where = source
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        fail(
            _("{file} is not UTF-8 text (byte {at}); save the post as UTF-8 and try again.").format(
                file=where, at=error.start
            )
        )


@draft_group.command("check")
@click.argument("arguments", nargs=-1, metavar="[DIR] [FILE|-]")
@click.option("--account", "account_id", required=True, help=_("Id of the account that posts."))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=_("Output format.")
)
def draft_check(arguments: tuple[str, ...], account_id: str, fmt: str) -> None:
    """Check a post (FILE, or stdin) for an account: the network's limits, the communication
    protocol and the account's own rules. Exit 0: no errors; 1: errors; 2: cannot run."""
    directory, source = _split_arguments(arguments)
    store = open_store(directory)
    data = store.data
    entry = data.entry(k.ACCOUNTS, account_id)
    if entry is None:
        known = ", ".join(data.ids(k.ACCOUNTS)) or _("none")
        fail(
            _('There is no account "{id}" in {root} (accounts: {known}).').format(
                id=account_id, root=store.root, known=known
            )
        )
    if entry.record is None:
        fail(
            _("{path} is not valid, so its rules are unknown; smgov check {root} says why.").format(
                path=entry.path, root=store.root
            )
        )
    text = _read_post(source)
    report = check_draft(text, account_id, entry.record, data.communication)
    if fmt == "json":
        echo(json_safe(json.dumps(_as_json(report, account_id), ensure_ascii=False, indent=2)))
    else:
        for finding in report.findings:
            label = _("error") if finding.severity == "error" else _("warning")
            echo(f"{label}: {finding.message} [{finding.code}]")
        network = limits_for(entry.record.network).name
        if report.max_length is None:
            size = _("{length} characters").format(length=report.length)
        else:
            size = _("{length} of {limit} characters").format(
                length=report.length, limit=report.max_length
            )
        echo(
            _("{problems}: a post of {size} for {account} ({network}).").format(
                problems=count_problems(report.errors, report.warnings),
                size=size,
                account=account_id,
                network=network,
            )
        )
    sys.exit(EXIT_FOUND if report.errors else EXIT_OK)


def _as_json(report: DraftReport, account_id: str) -> dict[str, object]:
    return {
        "account": account_id,
        "length": report.length,
        "max_length": report.max_length,
        "hashtags": report.hashtags,
        "mentions": report.mentions,
        "language": report.language,
        "errors": report.errors,
        "warnings": report.warnings,
        "findings": [f.to_json() for f in report.findings],
    }
