"""Export the handbook from the app: rendered and written in a worker, then a notification.

The app asks where; it suggests a file named after the organisation in the user's downloads
folder (never the workspace: it would be an untracked file in the team's repository).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

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


def default_export_path(store: Store, fmt: str) -> Path:
    """The file suggested for the handbook of ``store`` in ``fmt``."""
    name = slugify(store.name) or "smgov"
    return export_folder() / f"{name}-handbook.{fmt}"


def export_file(store: Store, fmt: str, path: Path | None = None) -> tuple[Path, int]:
    """Render the handbook of ``store`` in ``fmt`` and write it; returns the file written and
    how many values that look like secrets were left out of it."""
    text, withheld = export_handbook_withheld(store, fmt)
    target = (path or default_export_path(store, fmt)).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    return target, withheld


def start_export(app: App[Any], store: Store | None, fmt: str) -> None:
    """Ask where to write the handbook, then export in a worker and say where it went (the
    app shows the prompt and runs the worker; ``store`` is its workspace, None while loading)."""
    from smgov_tui.ui.modals.text_prompt import TextPrompt

    if store is None:
        app.notify(_("The workspace is not loaded yet."), severity="warning")
        return

    def work(path: Path) -> None:
        try:
            written, withheld = export_file(store, fmt, path)
        except OSError as error:
            app.call_from_thread(
                app.notify,
                _("Cannot write the handbook: {reason}").format(reason=error),
                severity="error",
                markup=False,
            )
            return
        message = _("Handbook written to {path}").format(path=written)
        notice = withheld_notice(withheld)
        app.call_from_thread(
            app.notify,
            f"{message}\n{notice}" if notice else message,
            severity="warning" if notice else "information",
            markup=False,
        )

    def answered(answer: str | None) -> None:
        if not answer:
            return
        path = Path(answer)
        app.run_worker(
            lambda: work(path), thread=True, exclusive=True, group="export", exit_on_error=False
        )

    app.push_screen(
        TextPrompt(
            _("Export the handbook"),
            _("Write the handbook ({fmt}) to this file:").format(fmt=fmt),
            value=str(default_export_path(store, fmt)),
        ),
        answered,
    )
