"""Export the handbook, or the "what changed" digest, from the app: rendered and written in a
worker, then a notification.

The app asks where; it suggests a file named after the organisation in the user's downloads
folder (never the workspace: it would be an untracked file in the team's repository).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from smgov_tui.core import clock
from smgov_tui.core.slug import slugify
from smgov_tui.core.withhold import withheld_notice
from smgov_tui.export import export_handbook_withheld
from smgov_tui.i18n import _
from smgov_tui.store.atomic import atomic_write

if TYPE_CHECKING:
    from textual.app import App

    from smgov_tui.store.store import Store


def export_folder() -> Path:
    """The suggested folder for exports: the user's downloads folder (created when written)."""
    return Path(platformdirs.user_downloads_dir())


def default_export_path(store: Store, fmt: str, audience: str = "all") -> Path:
    """The file suggested for the handbook (or the employee guide) of ``store`` in ``fmt``."""
    name = slugify(store.name) or "smgov"
    what = "employee-guide" if audience == "employees" else "handbook"
    return export_folder() / f"{name}-{what}.{fmt}"


def export_file(
    store: Store, fmt: str, path: Path | None = None, audience: str = "all"
) -> tuple[Path, int]:
    """Render the handbook of ``store`` (the employee guide for ``audience="employees"``) in
    ``fmt`` and write it; returns the file written and how many values that look like secrets
    were left out of it."""
    if audience == "employees":
        from smgov_tui.export.employee_guide import render_withheld

        text, withheld = render_withheld(store.data, fmt, clock.today())
    else:
        text, withheld = export_handbook_withheld(store, fmt)
    target = (path or default_export_path(store, fmt, audience)).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    return target, withheld


def start_export(app: App[Any], store: Store | None, fmt: str, audience: str = "all") -> None:
    """Ask where to write the handbook (or the employee guide), then export in a worker and say
    where it went (the app shows the prompt and runs the worker; ``store`` is its workspace,
    None while loading)."""
    from smgov_tui.ui.modals.text_prompt import TextPrompt

    if store is None:
        app.notify(_("The workspace is not loaded yet."), severity="warning")
        return

    def work(path: Path) -> None:
        try:
            written, withheld = export_file(store, fmt, path, audience)
        except OSError as error:
            app.call_from_thread(
                app.notify,
                _("Cannot write the handbook: {reason}").format(reason=error),
                severity="error",
                markup=False,
            )
            return
        message = (
            _("Employee guide written to {path}")
            if audience == "employees"
            else _("Handbook written to {path}")
        ).format(path=written)
        app.call_from_thread(_say_written, app, message, withheld)

    def answered(answer: str | None) -> None:
        if not answer:
            return
        path = Path(answer)
        app.run_worker(
            lambda: work(path), thread=True, exclusive=True, group="export", exit_on_error=False
        )

    app.push_screen(
        TextPrompt(
            _("Export the employee guide") if audience == "employees" else _("Export the handbook"),
            (
                _("Write the employee guide ({fmt}) to this file:")
                if audience == "employees"
                else _("Write the handbook ({fmt}) to this file:")
            ).format(fmt=fmt),
            value=str(default_export_path(store, fmt, audience)),
        ),
        answered,
    )


def digest_format(path: Path) -> str:
    """The digest's format from the file name the person chose: ``.md`` Markdown, ``.txt``
    plain text, anything else self-contained HTML (what a manager opens and prints)."""
    suffix = path.suffix.lower()
    return {".md": "md", ".markdown": "md", ".txt": "text"}.get(suffix, "html")


def default_digest_path(store: Store) -> Path:
    """The file suggested for the "what changed" digest of ``store``."""
    name = slugify(store.name) or "smgov"
    return export_folder() / f"{name}-what-changed.html"


def digest_file(store: Store, since: str, path: Path) -> tuple[Path, int]:
    """Read the history since ``since`` (a date or a commit), render the digest in the format
    the file name asks for and write it; the file written and how many values were left out.
    Raises StoreError when ``since`` is no date or commit, OSError when the file cannot be
    written."""
    from smgov_tui.core.digest import build_digest
    from smgov_tui.export.digest import render_digest
    from smgov_tui.store.since import read_history

    history = read_history(store.git, since)
    digest = build_digest(history.old, history.new, history.period, clock.today(), history.renames)
    target = path.expanduser()
    text, withheld = render_digest(digest, digest_format(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    return target, withheld


def start_digest(app: App[Any], store: Store | None) -> None:
    """Ask since when (a date or a commit), then where, then write the digest in a worker and
    say where it went, or in one sentence why not."""
    from smgov_tui.store.errors import StoreError
    from smgov_tui.ui.modals.text_prompt import TextPrompt

    if store is None:
        app.notify(_("The workspace is not loaded yet."), severity="warning")
        return

    def work(since: str, path: Path) -> None:
        try:
            written, withheld = digest_file(store, since, path)
        except (StoreError, OSError) as error:
            app.call_from_thread(
                app.notify,
                _("Cannot write the digest: {reason}").format(reason=error),
                severity="error",
                markup=False,
            )
            return
        message = _("What changed since {since}: written to {path}").format(
            since=since, path=written
        )
        app.call_from_thread(_say_written, app, message, withheld)

    def where(since: str | None) -> None:
        if not since or not since.strip():
            return

        def answered(answer: str | None) -> None:
            if not answer:
                return
            path = Path(answer)
            app.run_worker(
                lambda: work(since.strip(), path),
                thread=True,
                exclusive=True,
                group="export",
                exit_on_error=False,
            )

        app.push_screen(
            TextPrompt(
                _("What changed"),
                _("Write the digest to this file (.html, .md or .txt):"),
                value=str(default_digest_path(store)),
            ),
            answered,
        )

    app.push_screen(
        TextPrompt(
            _("What changed"),
            _("Since when? A date (YYYY-MM-DD) or a commit:"),
            value=(clock.today() - dt.timedelta(days=90)).isoformat(),
        ),
        where,
    )


def _say_written(app: App[Any], message: str, withheld: int) -> None:
    """Say what was written; with what was withheld from it (secrets), as a warning."""
    notice = withheld_notice(withheld)
    app.notify(
        f"{message}\n{notice}" if notice else message,
        severity="warning" if notice else "information",
        markup=False,
    )
