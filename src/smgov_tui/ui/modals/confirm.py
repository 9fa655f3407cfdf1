"""A yes/no question: ``ConfirmModal(title, message)`` dismisses with True or False."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from smgov_tui.i18n import _
from smgov_tui.ui.modals.base import Dialog


class ConfirmModal(Dialog[bool]):
    """Ask before doing something that cannot be taken back; escape means no."""

    DEFAULT_CSS = """
    ConfirmModal > Vertical {
        border: thick $warning;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="confirm.cancel"),
        Binding("y", "confirm", _("Yes"), id="confirm.yes"),
        Binding("n", "cancel", _("No"), id="confirm.no"),
        Binding("left", "app.focus_previous", _("Previous answer"), show=False),
        Binding("right", "app.focus_next", _("Next answer"), show=False),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self._title = title
        self._message = message

    def compose(self) -> ComposeResult:
        """Title, message and the two answers (No is focused, so enter is safe)."""
        with Vertical():
            yield Static(Text(self._title), classes="modal-title")
            yield Static(Text(self._message), id="confirm-message")
            with Horizontal(classes="modal-buttons"):
                yield Button(_("Yes (y)"), variant="warning", id="confirm-yes")
                yield Button(_("No (n)"), variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        """Focus the safe answer."""
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        """Answer yes."""
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        """Answer no."""
        self.dismiss(False)
