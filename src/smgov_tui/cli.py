"""The ``smgov`` command: a thin layer over the store, shared with the TUI."""

from __future__ import annotations

import difflib
import json
import locale
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from smgov_tui import __version__
from smgov_tui.cli_output import echo
from smgov_tui.core.checks import summary_counts
from smgov_tui.core.escape import json_safe
from smgov_tui.core.problems import count_problems
from smgov_tui.i18n import _, detect_language, ngettext
from smgov_tui.store.author import resolve_author
from smgov_tui.store.errors import AuthorMissing, StoreError
from smgov_tui.store.git import Git
from smgov_tui.store.mergeconfig import merge_driver_problems
from smgov_tui.store.store import Store
from smgov_tui.store.template import init_workspace, make_demo

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_FOUND, EXIT_CANNOT_RUN = 0, 1, 2


class DefaultGroup(click.Group):
    """A group where ``smgov DIR`` means ``smgov open DIR``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Route a first argument that is not a command to ``open``."""
        index = 0
        while index < len(args) and args[index].startswith("-"):
            # skip group options and their values (only --author takes a value)
            index += 2 if args[index] == "--author" else 1
        if index < len(args) and args[index] not in self.commands:
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


def has_terminal() -> bool:
    """True when stdin and stdout are a terminal: what the full-screen app needs."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def need_terminal(what: str, instead: str) -> None:
    """Exit 2 with a sentence when there is no terminal for the full-screen app: without one it
    writes escape codes into a pipe and waits for keys that never come."""
    if has_terminal():
        return
    fail(
        _(
            "{what} needs a terminal (its input and output are not one here). Without a "
            "terminal, use: {instead}"
        ).format(what=what, instead=instead)
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


def fail(message: str, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code``."""
    echo(message, err=True)
    sys.exit(code)


def workspace_dir(directory: str | None) -> Path:
    """DIR, else SMGOV_WORKSPACE, else the current folder."""
    return Path(directory or os.environ.get("SMGOV_WORKSPACE") or ".").absolute()


def open_store(directory: str | None, author: str | None = None, for_work: bool = False) -> Store:
    """Open and load a workspace, or exit 2 with the reason.

    ``for_work``: the command may save, so an interrupted ``smgov sync`` is undone first (and
    said on stderr). A read-only command writes nothing: it only says one is waiting.
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
        store.load()
    except StoreError as error:
        fail(str(error))
    return store


def default_lang() -> str:
    """The sample language from the locale: es for Spanish locales, else en."""
    lang = detect_language()
    if lang == "en":
        code = (locale.getlocale()[0] or "").lower()
        if code.startswith("es"):
            return "es"
    return lang


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


@main.command("open")
@click.argument("directory", required=False)
@author_option
@click.pass_context
def open_cmd(ctx: click.Context, directory: str | None, author: str | None) -> None:
    """Open the workspace in DIR (default: SMGOV_WORKSPACE or the current folder)."""
    if not has_terminal():
        _open_without_terminal(directory)
    from smgov_tui.ui.app import run_app

    run_app(workspace_dir(directory), author or ctx.obj.get("author"))


def _open_without_terminal(directory: str | None) -> None:
    """Exit 2: no terminal for the app. A word that is no folder but looks like a command was
    most likely a mistyped command: say which one was meant."""
    if directory and not Path(directory).exists():
        names = sorted(main.list_commands(click.get_current_context()))
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


@main.command()
@click.argument("directory")
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default=None,
    help=_("Language of the sample (default: from the locale)."),
)
@author_option
@click.pass_context
def init(ctx: click.Context, directory: str, lang: str | None, author: str | None) -> None:
    """Create a workspace in DIR from the sample, as a new git repository."""
    target = Path(directory).absolute()
    if target.exists() and not target.is_dir():
        fail(_("{target} exists and is not a folder").format(target=target))
    if target.exists() and any(target.iterdir()):
        fail(_("{target} is not empty; choose a new or empty folder").format(target=target))
    try:
        who = init_workspace(
            target, lang or default_lang(), author_flag=author or (ctx.obj or {}).get("author")
        )
    except (StoreError, ValueError) as error:
        fail(str(error))
    echo(
        _("Created the workspace in {target}, first commit by {author}.").format(
            target=target, author=who
        )
    )
    echo(_("Open it with: smgov {target}").format(target=target))


@main.command()
@click.argument("directory", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help=_("Output format.")
)
def check(directory: str | None, fmt: str) -> None:
    """Lint the governance of the workspace. Exit 0: no errors; 1: errors; 2: cannot run."""
    store = open_store(directory)
    problems = store.check() + merge_driver_problems(store.root, store.git)
    # a save stopped before its commit (read-only: no git process unless one was stopped)
    problems += [item.finding() for item in store.uncommitted(by_smgov_only=True)]
    errors, warnings = summary_counts(problems)
    if fmt == "json":
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
    else:
        for problem in problems:
            label = _("error") if problem.severity == "error" else _("warning")
            echo(f"{label}: {problem}")
        files = sum(len(by_id) for by_id in store.data.entries.values())
        echo(
            _("{problems} in {files}.").format(
                problems=count_problems(errors, warnings),
                files=ngettext("{n} file", "{n} files", files).format(n=files),
            ),
            err=fmt == "text" and bool(problems) and False,
        )
    sys.exit(EXIT_FOUND if errors else EXIT_OK)


@main.command()
@click.argument("folder", required=False, metavar="[DIR]")
@click.option(
    "--lang", type=click.Choice(["es", "en"]), default=None, help=_("Language of the sample.")
)
@click.option(
    "--dir", "directory", default=None, help=_("Where to create it (default: a new temp folder).")
)
@click.option("--no-open", is_flag=True, help=_("Only create it and print its path."))
@author_option
@click.pass_context
def demo(
    ctx: click.Context,
    folder: str | None,
    lang: str | None,
    directory: str | None,
    no_open: bool,
    author: str | None,
) -> None:
    """Try smgov on a sample organisation, with a short history of commits by several people.

    DIR (or --dir) is where to create it; by default a new temp folder."""
    if folder and directory and Path(folder).absolute() != Path(directory).absolute():
        fail(_("Give the folder once: DIR or --dir, not both."))
    directory = directory or folder
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
    flag = author or (ctx.obj or {}).get("author")
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


from smgov_tui.cli_crisis import crisis_cmd, incident_group  # noqa: E402

main.add_command(crisis_cmd)
main.add_command(incident_group)

from smgov_tui.cli_export import export_cmd, import_cmd  # noqa: E402

main.add_command(export_cmd)
main.add_command(import_cmd)

from smgov_tui.cli_sync import register as _register_sync  # noqa: E402

_register_sync(main)


if __name__ == "__main__":  # pragma: no cover
    main()
