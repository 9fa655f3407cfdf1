"""Exports of a workspace: the governance handbook (Markdown, HTML) and the accounts as CSV.

Rendering is pure (it takes a loaded :class:`WorkspaceData`); reading goes through the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smgov_tui.core import clock
from smgov_tui.export.handbook import FORMATS, render

if TYPE_CHECKING:
    from smgov_tui.store.store import Store

__all__ = ["FORMATS", "export_handbook"]


def export_handbook(store: Store, fmt: str) -> str:
    """The handbook of the store's loaded workspace in ``fmt`` (``md`` or ``html``)."""
    return render(store.data, fmt, clock.today())
