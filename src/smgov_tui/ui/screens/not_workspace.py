"""What the app shows for a folder that is not a workspace: how to make one, no traceback."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from smgov_tui.i18n import _


class NotWorkspaceScreen(Screen[None]):
    """Explains why the folder cannot be opened and what to run instead."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", _("Quit"), id="quit"),
        Binding("escape", "app.quit", _("Quit"), show=False, id="quit-alt"),
    ]

    def __init__(self, root: Path, reason: str, not_workspace: bool) -> None:
        super().__init__()
        self.root = root
        self.reason = reason
        self.not_workspace = not_workspace

    def compose(self) -> ComposeResult:
        """The reason, then the commands that help."""
        text = Text()
        if self.not_workspace:
            text.append(_("This folder is not a smgov workspace") + "\n\n", style="bold")
        else:
            text.append(_("The workspace cannot be opened") + "\n\n", style="bold")
        text.append(self.reason + "\n\n")
        text.append(_("To start a new workspace here, from the sample:") + "\n")
        text.append(f"    smgov init {self.root}\n\n", style="bold")
        text.append(_("To try smgov on a sample organisation first:") + "\n")
        text.append("    smgov demo\n\n", style="bold")
        text.append(_("To open a workspace elsewhere:") + "\n")
        text.append("    smgov PATH/TO/WORKSPACE\n\n", style="bold")
        text.append(_("Press q to quit."), style="italic")
        with Center(), Vertical(id="not-workspace"):
            yield Static(text, id="not-workspace-text")
        yield Footer()
