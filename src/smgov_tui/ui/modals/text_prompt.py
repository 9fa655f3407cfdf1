"""Ask for one line of text (a skip reason, a note); escape cancels with None."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from smgov_tui.i18n import _


class TextPrompt(ModalScreen[str | None]):
    """A question with one text field. Enter answers; escape cancels (returns None)."""

    DEFAULT_CSS = """
    TextPrompt {
        align: center middle;
    }
    TextPrompt > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    TextPrompt .prompt-title {
        text-style: bold;
    }
    TextPrompt .prompt-error {
        color: $text-error;
        text-style: bold;
    }
    TextPrompt .prompt-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="prompt.cancel")
    ]

    def __init__(
        self, title: str, explanation: str, required: bool = True, value: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.required = required
        self.value = value

    def compose(self) -> ComposeResult:
        """A title, what is expected, the field and a help line."""
        with Vertical():
            yield Static(Text(self.title_text), classes="prompt-title")
            yield Static(Text(self.explanation))
            yield Input(value=self.value, id="prompt-input")
            yield Label("", classes="prompt-error", id="prompt-error", markup=False)
            yield Static(Text(_("Enter to save · Esc to cancel")), classes="prompt-help")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        """Answer with the text, or say what is missing."""
        value = event.value.strip()
        if self.required and not value:
            self.query_one("#prompt-error", Label).update(_("Required: write something first."))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
