"""What screens and the apps may ask of each other, as types.

A screen never imports the app that shows it (that made the app, its actions, the palette and
the screens import each other in a circle). It asks for one of these protocols instead, and
``mypy`` checks that :class:`~smgov_tui.ui.app.SmgovApp` (every protocol) and
:class:`~smgov_tui.ui.crisis_app.CrisisApp` (:class:`WorkspaceHost`) provide them.

- :class:`WorkspaceHost`: any app that holds a workspace (the full app, ``smgov crisis``).
- :class:`RecordHost`: the full app: its snapshot and the record actions the keys start.
- :class:`SnapshotView`, :class:`HoldsEdits`, :class:`WatchesDisk`: what the app may ask of
  the screens on its stack (show the new lists; any unsaved edits?; files changed on disk).

The test hosts (a bare ``App`` that shows one form or one screen) provide none of them: the
look-ups below return None there, and the screen does without (no lists to refresh).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from textual.dom import DOMNode

    from smgov_tui.core import kinds as k
    from smgov_tui.store.store import SaveResult, Store
    from smgov_tui.ui.present.state import Snapshot  # named only: crisis mode never loads it


@dataclass
class Loaded(Message):
    """The workspace was (re)loaded or changed; here is what to show (posted to the app)."""

    snapshot: Snapshot
    loaded: bool = False
    """The workspace was read from disk afresh (not a refresh after a change)."""


@runtime_checkable
class WorkspaceHost(Protocol):
    """An app that holds a workspace: what a screen may ask of it."""

    @property
    def store(self) -> Store | None:
        """The workspace's store (None while it loads)."""

    def refresh_data(self) -> object:
        """Rebuild the views from ``store.data`` after a change (in a worker where there are
        views to rebuild; nothing to do where there are none)."""


@runtime_checkable
class RecordHost(WorkspaceHost, Protocol):
    """The full app: the latest snapshot and the actions the record keys and palette start."""

    @property
    def snapshot(self) -> Snapshot | None:
        """The latest lists, findings and status (None before the first load)."""

    @property
    def sync_after_save(self) -> bool:
        """Whether "sync after every save" is on."""

    def open_record(self, kind: k.Kind | str, record_id: str | None = None) -> None:
        """Show the detail of a record."""

    def open_section(self, section_id: str) -> None:
        """Back to the main screen, on one of its sections."""

    def form_closed(self, result: SaveResult | None) -> None:
        """A form or modal closed with ``result``: say what was committed, refresh the views."""
        ...

    def edit_record(self, kind: k.Kind, record_id: str, field: str = "") -> None:
        """Open the form of a record (with the cursor in ``field``, a dotted path, if given)."""

    def mark_reviewed(self, record_id: str) -> None:
        """Set the account's last review to today, in one commit."""

    def new_record(self, kind: k.Kind | None) -> None:
        """Open an empty form for a new record."""

    def copy_record(self, kind: k.Kind, record_id: str) -> None:
        """Open a form for a copy of a record."""

    def rename_record(self, kind: k.Kind, record_id: str) -> None:
        """Ask for a new id."""

    def delete_record(self, kind: k.Kind, record_id: str) -> None:
        """Ask, then delete."""

    def show_history(self, kind: k.Kind | None, record_id: str | None) -> None:
        """Commits of one record (or of everything)."""

    def action_crisis(self) -> None:
        """Crisis mode."""

    def action_sync(self) -> None:
        """Sync with the team."""

    def action_toggle_autosync(self) -> None:
        """Turn "sync after every save" on or off."""

    def action_reload(self) -> None:
        """Read the workspace from disk again."""

    def action_export_handbook(self, fmt: str = "html") -> None:
        """Write the handbook to the downloads folder."""

    def action_help(self) -> None:
        """Show the keys."""


@runtime_checkable
class SnapshotView(Protocol):
    """A screen that shows the workspace: the app hands it every new snapshot."""

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show the lists, findings and status of ``snapshot``."""


@runtime_checkable
class HoldsEdits(Protocol):
    """A screen that may hold edits not saved yet (the app asks before quitting)."""

    def has_unsaved_changes(self) -> bool:
        """True when leaving would lose what the person typed."""


@runtime_checkable
class HasViews(Protocol):
    """A screen that mounts some of its views after it shows (the app waits before quitting)."""

    def views_mounting(self) -> Awaitable[object] | None:
        """What to await while views are being mounted; None when none is."""


@runtime_checkable
class WatchesDisk(Protocol):
    """A screen told when files changed on disk from outside (a form offers to merge)."""

    def already_merged(self, path: str) -> bool:
        """True when this screen has already told the person that ``path`` changed."""

    def external_change(self, paths: list[str]) -> None:
        """``paths`` (relative to the workspace) were changed by someone else."""


def workspace_host(node: DOMNode) -> WorkspaceHost | None:
    """The app showing ``node`` as a :class:`WorkspaceHost` (None in a bare test host)."""
    app = node.app
    return app if isinstance(app, WorkspaceHost) else None


def record_host(node: DOMNode) -> RecordHost | None:
    """The app showing ``node`` as a :class:`RecordHost` (None outside the full app)."""
    app = node.app
    return app if isinstance(app, RecordHost) else None
