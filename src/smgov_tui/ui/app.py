"""The Textual application (minimal until the TUI issue lands)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.store import Store


class SmgovApp(App[None]):
    """Browse a workspace."""

    TITLE = "smgov"

    def __init__(self, root: Path, author: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.author_flag = author

    def compose(self) -> ComposeResult:
        """Lay out the placeholder screen."""
        yield Header()
        yield Static(id="body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Load the workspace and show a summary."""
        body = self.query_one("#body", Static)
        try:
            store = Store.open(self.root, self.author_flag)
            data = store.load()
        except StoreError as error:
            body.update(str(error))
            return
        body.update(
            _("{name}: {accounts} accounts, {owners} owners, {contacts} contacts").format(
                name=store.name,
                accounts=len(data.accounts),
                owners=len(data.owners),
                contacts=len(data.contacts),
            )
        )


def run_app(root: Path, author: str | None = None) -> None:
    """Run the app on the workspace at ``root``."""
    SmgovApp(root, author).run()
