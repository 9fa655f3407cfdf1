"""A store opened on a workspace, as the app opens it."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.store.store import Store


def opened(root: Path, author: str | None = "Bea Soto <bea@example.org>") -> Store:
    """A loaded store on ``root``, committing as ``author``."""
    store = Store.open(root, author)
    store.load()
    return store
