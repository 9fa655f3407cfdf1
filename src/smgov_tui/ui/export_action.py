"""Export the handbook from the app: rendered and written in a worker, then a notification.

The file goes to the user's downloads folder (else the home folder), never into the workspace
(it would be an untracked file in the team's repository). Its name comes from the organisation.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from smgov_tui.core.slug import slugify
from smgov_tui.export import export_handbook
from smgov_tui.i18n import _
from smgov_tui.store.atomic import atomic_write

if TYPE_CHECKING:
    from smgov_tui.store.store import Store
    from smgov_tui.ui.app import SmgovApp


def export_folder() -> Path:
    """Where exports go: the downloads folder when it exists, else the home folder."""
    downloads = Path(platformdirs.user_downloads_dir())
    return downloads if downloads.is_dir() else Path.home()


def export_file(store: Store, fmt: str, folder: Path | None = None) -> Path:
    """Render the handbook of ``store`` in ``fmt`` and write it; returns the file written."""
    text = export_handbook(store, fmt)
    name = slugify(store.name) or "smgov"
    path = (folder or export_folder()) / f"{name}-handbook.{fmt}"
    atomic_write(path, text)
    return path


def start_export(app: SmgovApp, fmt: str) -> None:
    """Export in a worker; the result (or the reason it failed) is notified."""
    store = app.store
    if store is None:
        app.notify(_("The workspace is not loaded yet."), severity="warning")
        return

    def work() -> None:
        try:
            path = export_file(store, fmt)
        except OSError as error:
            app.call_from_thread(
                app.notify,
                _("Cannot write the handbook: {reason}").format(reason=error),
                severity="error",
                markup=False,
            )
            return
        app.call_from_thread(
            app.notify, _("Handbook written to {path}").format(path=path), markup=False
        )

    app.run_worker(work, thread=True, exclusive=True, group="export", exit_on_error=False)
