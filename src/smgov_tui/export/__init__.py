"""Exports of a workspace: the governance handbook (Markdown, HTML) and the accounts as CSV.

Rendering is pure (it takes a loaded :class:`WorkspaceData`); reading goes through the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smgov_tui.core import clock
from smgov_tui.export.handbook import FORMATS, render_withheld

if TYPE_CHECKING:
    from smgov_tui.store.store import Store

__all__ = ["FORMATS", "export_handbook", "export_handbook_withheld"]


def export_handbook(store: Store, fmt: str) -> str:
    """The handbook of the store's loaded workspace in ``fmt`` (``md`` or ``html``)."""
    return export_handbook_withheld(store, fmt)[0]


def export_handbook_withheld(store: Store, fmt: str) -> tuple[str, int]:
    """The handbook, and how many values that look like secrets it leaves out."""
    return render_withheld(store.data, fmt, clock.today())
