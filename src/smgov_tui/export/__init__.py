"""Exports of a workspace: the governance handbook (Markdown, HTML) and the accounts as CSV.

Rendering is pure (it takes a loaded :class:`WorkspaceData`); reading goes through the store.
"""

from __future__ import annotations

from typing import Protocol

from smgov_tui.core import clock
from smgov_tui.core.model import WorkspaceData
from smgov_tui.export.handbook import FORMATS, render_withheld

__all__ = ["FORMATS", "Loaded", "export_handbook", "export_handbook_withheld"]


class Loaded(Protocol):
    """What an export needs of a store: its loaded workspace. A protocol, not ``Store``, so
    that this package stays below the store (the store's CSV import uses its parser)."""

    @property
    def data(self) -> WorkspaceData:
        """The workspace as last loaded."""
        ...


def export_handbook(store: Loaded, fmt: str) -> str:
    """The handbook of the store's loaded workspace in ``fmt`` (``md`` or ``html``)."""
    return export_handbook_withheld(store, fmt)[0]


def export_handbook_withheld(store: Loaded, fmt: str) -> tuple[str, int]:
    """The handbook, and how many values that look like secrets it leaves out."""
    return render_withheld(store.data, fmt, clock.today())
