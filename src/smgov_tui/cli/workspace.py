"""``smgov open``, ``init``, ``demo`` and ``check``: the commands over one workspace folder.

``check`` runs in pre-commit on every commit, and this module is imported for it: what only
``init`` and ``demo`` need (the sample and tomlkit through ``store.template``, ``tempfile``) is
imported inside them (tests/cli/test_conventions.py keeps it so).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smgov_tui.cli.common import (
    EXIT_FOUND,
    EXIT_OK,
    author_option,
    default_lang,
    directory_argument,
    fail,
    group_author,
    has_terminal,
    need_terminal,
    open_store,
    remember_opened,
    speak_workspace_language,
    workspace_dir,
)
from smgov_tui.cli.output import echo, github_annotation, prompt
from smgov_tui.core.checks import summary_counts
from smgov_tui.core.escape import json_safe
from smgov_tui.core.problems import count_problems
from smgov_tui.core.rules import described, with_fixes
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.discover import is_workspace
from smgov_tui.store.errors import AuthorMissing, StoreError
from smgov_tui.store.mergeconfig import start_merge_driver_check

if TYPE_CHECKING:
    from smgov_tui.store.git import Author


@click.command("open")
@directory_argument()
@author_option
@click.pass_context
def open_cmd(ctx: click.Context, directory: str | None, author: str | None) -> None:
    """Open the workspace in DIR (default: SMGOV_WORKSPACE or the current folder)."""
    if not has_terminal():
        _open_without_terminal(directory)
    root = workspace_dir(directory)
    if is_workspace(root):
        speak_workspace_language(root)  # the team's language when the machine names none
        remember_opened(root)  # offered by smgov crisis when run outside a workspace
    from smgov_tui.ui.app import run_app

    run_app(root, author or group_author(ctx))


def _open_without_terminal(directory: str | None) -> None:
    """Exit 2: no terminal for the app. A word that is no folder but looks like a command was
    most likely a mistyped command: say which one was meant."""
    import difflib

    if directory and not Path(directory).exists():
        root = click.get_current_context().find_root()
        group = root.command
        names = sorted(group.list_commands(root)) if isinstance(group, click.Group) else []
        close = difflib.get_close_matches(directory, [n for n in names if n != "open"], n=1)
        if close:
            fail(
                _(
                    'There is no command "{typed}" (did you mean "smgov {command}"?); '
                    "smgov --help lists the commands."
                ).format(typed=directory, command=close[0])
            )
    where = str(workspace_dir(directory))
    need_terminal(
        _("The smgov app"),
        _("smgov check {dir} (or smgov export, smgov sync; smgov --help lists them all)").format(
            dir=where
        ),
    )


@click.command()
@directory_argument(required=True)
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default=None,
    help=_("Language of the sample (default: from the locale)."),
)
@click.option(
    "--blank",
    is_flag=True,
    help=_(
        "Only the sample's protocols and playbooks, as a skeleton to edit, and you as the one "
        "owner: no accounts, people, contacts or incidents of the sample company."
    ),
)
@author_option
@click.pass_context
def init(
    ctx: click.Context, directory: str, lang: str | None, blank: bool, author: str | None
) -> None:
    """Create a workspace in DIR from the sample, as a new git repository."""
    from smgov_tui.store.template import blank_owner_id, init_blank, init_workspace

    target = Path(directory).absolute()
    if target.exists() and not target.is_dir():
        fail(_("{target} exists and is not a folder").format(target=target))
    if target.exists() and any(target.iterdir()):
        fail(_("{target} is not empty; choose a new or empty folder").format(target=target))
    flag = author or group_author(ctx)
    try:
        if blank:
            ask = _ask_who if has_terminal() else None
            who = init_blank(target, lang or default_lang(), author_flag=flag, ask=ask)
        else:
            who = init_workspace(target, lang or default_lang(), author_flag=flag)
    except AuthorMissing as error:
        if not blank:
            fail(str(error))
        fail(
            _(
                "init --blank makes you the workspace's one owner, but nobody is known and "
                'there is no terminal to ask: pass --author "Your Name <you@example.org>", '
                "set SMGOV_AUTHOR, or set git's user.name and user.email. Nothing was created."
            )
        )
    except (StoreError, ValueError) as error:
        fail(str(error))
    echo(
        _("Created the workspace in {target}, first commit by {author}.").format(
            target=target, author=who
        )
    )
    if blank:
        echo(
            _(
                "You are its one owner ({owner}). Make it yours: README.md, "
                '"Make it yours", lists the first five things to fill in.'
            ).format(owner=blank_owner_id(who))
        )
    echo(_("Open it with: smgov {target}").format(target=target))


def _ask_who() -> Author:
    """The person at the keyboard, asked for when smgov knows nobody (at a terminal only)."""
    from smgov_tui.store.git import Author

    name = str(prompt(_("Your name (the workspace's one owner)"))).strip()
    email = str(prompt(_("Your email"))).strip()
    return Author.parse(f"{name} <{email}>")


@click.command()
@directory_argument()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    help=_(
        "Output format: text, json, or github (GitHub Actions annotations on the file and line)."
    ),
)
def check(directory: str | None, fmt: str) -> None:
    """Lint the governance of the workspace. Exit 0: no errors; 1: errors; 2: cannot run."""
    store = open_store(directory)
    driver_problems = start_merge_driver_check(store.root, store.git)  # git reads meanwhile
    problems = store.check() + driver_problems()
    # a save stopped before its commit (read-only: no git process unless one was stopped)
    problems += [item.finding() for item in store.uncommitted(by_smgov_only=True)]
    problems = with_fixes(problems)
    errors, warnings = summary_counts(problems)
    if fmt == "json":
        import json

        echo(
            json_safe(
                json.dumps(
                    {
                        "workspace": str(store.root),
                        "errors": errors,
                        "warnings": warnings,
                        "problems": [p.to_json() for p in problems],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        )
    elif fmt == "github":
        for problem in problems:
            echo(github_annotation(problem, store.root))
    else:
        for problem in problems:
            label = _("error") if problem.severity == "error" else _("warning")
            echo(f"{label}: {described(problem)}")
            if problem.fix:
                echo("  " + _("fix: {fix}").format(fix=problem.fix))
        files = sum(len(by_id) for by_id in store.data.entries.values())
        echo(
            _("{problems} in {files}.").format(
                problems=count_problems(errors, warnings),
                files=ngettext("{n} file", "{n} files", files).format(n=files),
            ),
            err=fmt == "text" and bool(problems) and False,
        )
    sys.exit(EXIT_FOUND if errors else EXIT_OK)


@click.command()
@directory_argument()
@click.option(
    "--lang", type=click.Choice(["es", "en"]), default=None, help=_("Language of the sample.")
)
@click.option(
    "--dir",
    "directory_option",
    default=None,
    hidden=True,  # the older spelling of DIR, still accepted
    type=click.Path(file_okay=False, dir_okay=True),
)
@click.option("--no-open", is_flag=True, help=_("Only create it and print its path."))
@author_option
@click.pass_context
def demo(
    ctx: click.Context,
    directory: str | None,
    lang: str | None,
    directory_option: str | None,
    no_open: bool,
    author: str | None,
) -> None:
    """Try smgov on a sample organisation, with a short history of commits by several people.

    DIR is where to create it; by default a new temp folder."""
    import tempfile

    from smgov_tui.store.author import resolve_author
    from smgov_tui.store.git import Git
    from smgov_tui.store.template import make_demo

    if (
        directory
        and directory_option
        and Path(directory).absolute() != Path(directory_option).absolute()
    ):
        fail(_("Give the folder once: DIR or --dir, not both."))
    directory = directory or directory_option
    if not no_open:
        need_terminal(
            _("smgov demo"),
            _("smgov demo --no-open (it only creates the demo workspace and prints its path)"),
        )
    target = (
        Path(directory).absolute() if directory else Path(tempfile.mkdtemp(prefix="smgov-demo-"))
    )
    try:
        make_demo(target, lang or default_lang())
    except StoreError as error:
        if not directory:
            target.rmdir()  # the empty temp folder made above: leave nothing behind
        fail(str(error))
    git = Git(target)
    flag = author or group_author(ctx)
    try:
        resolve_author(git, flag)
    except AuthorMissing:
        # A fresh machine has no git identity; the demo still lets you edit, signing as "Demo".
        git.run("config", "user.name", "Demo User")
        git.run("config", "user.email", "demo@example.org")
        echo(_("No author configured: your demo edits are signed as Demo User <demo@example.org>."))
    except ValueError as error:
        fail(str(error))
    echo(_("Demo workspace: {target}").format(target=target))
    if no_open:
        return
    from smgov_tui.ui.app import run_app

    run_app(target, flag)
