"""What the app shows for a folder that is not a workspace: how to make one, no traceback."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from smgov_tui.i18n import _
from smgov_tui.store.discover import is_workspace
from smgov_tui.store.settings import load_settings
from smgov_tui.ui.widgets.footer import SmgovFooter

EXIT_NOT_WORKSPACE = 2
"""The app's exit code when it was started on a folder it could not open."""


def not_workspace_text(
    root: Path, reason: str, not_workspace: bool, recent: list[Path] | None = None
) -> Text:
    """The explanation and the commands that help (the path is data, never markup); first the
    workspaces the person opened before (``recent``): the wrong folder is the likely mistake,
    and a new sample workspace there would not help."""
    text = Text()
    if not_workspace:
        text.append(
            _("{root} is not a smgov workspace (no workspace.toml).").format(root=root) + "\n\n",
            style="bold",
        )
    else:
        text.append(_("The workspace cannot be opened") + "\n\n", style="bold")
    standard = _("{root} is not a smgov workspace (no workspace.toml); run smgov init {root}")
    if reason and reason != standard.format(root=root.absolute()):
        text.append(reason + "\n\n")
    if not not_workspace:
        # The folder may well be a workspace (git is missing, say): creating one is no help.
        text.append(_("Press q to quit."), style="italic")
        return text
    if recent:
        text.append(_("Open a workspace you opened before:") + "\n")
        for folder in recent[:3]:
            text.append(f"    smgov {folder}\n", style="bold")
        text.append("\n")
    text.append(_("Create a workspace in this folder:") + "\n")
    text.append(f"    smgov init {root}\n\n", style="bold")
    text.append(_("Try smgov on a sample organisation:") + "\n")
    text.append("    smgov demo\n\n", style="bold")
    text.append(_("Or open another folder:") + "\n")
    text.append("    smgov PATH/TO/WORKSPACE\n\n", style="bold")
    text.append(_("Press q to quit."), style="italic")
    return text


def recent_workspaces() -> list[Path]:
    """The workspaces opened before on this computer that are still there (user settings)."""
    return [
        Path(folder) for folder in load_settings().recent_workspaces if is_workspace(Path(folder))
    ]


class NotWorkspaceScreen(Screen[None]):
    """Explains why the folder cannot be opened and what to run instead."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_not_workspace", _("Quit"), id="quit"),
        Binding("escape", "quit_not_workspace", _("Quit"), show=False, id="quit-alt"),
    ]

    def __init__(self, root: Path, reason: str, not_workspace: bool) -> None:
        super().__init__()
        self.root = root
        self.reason = reason
        self.not_workspace = not_workspace

    def compose(self) -> ComposeResult:
        """The reason, then the commands that help."""
        with Vertical(id="not-workspace"):
            yield Static(
                not_workspace_text(self.root, self.reason, self.not_workspace, recent_workspaces()),
                id="not-workspace-text",
            )
        yield SmgovFooter()

    def action_quit_not_workspace(self) -> None:
        """Quit with a non-zero exit code: nothing was opened."""
        self.app.exit(return_code=EXIT_NOT_WORKSPACE)
