"""Close an incident: a resolution summary (required) and lessons learned."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from smgov_tui.i18n import _


class CloseIncidentModal(ModalScreen[tuple[str, str] | None]):
    """Two fields; ctrl+s closes the incident with them, escape cancels (None)."""

    DEFAULT_CSS = """
    CloseIncidentModal {
        align: center middle;
    }
    CloseIncidentModal > Vertical {
        width: 100%;
        max-width: 100;
        height: 100%;
        max-height: 30;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    CloseIncidentModal .close-title {
        text-style: bold;
    }
    CloseIncidentModal TextArea {
        height: 1fr;
        min-height: 3;
    }
    CloseIncidentModal .close-error {
        color: $text-error;
        text-style: bold;
    }
    CloseIncidentModal .close-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Close incident"), id="close.save", priority=True),
        Binding("escape", "cancel", _("Cancel"), id="close.cancel"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.incident_title = title

    def compose(self) -> ComposeResult:
        """Title, summary field, lessons field, and the keys."""
        with Vertical():
            yield Static(
                Text(_("Close the incident: {title}").format(title=self.incident_title)),
                classes="close-title",
            )
            yield Label(_("Resolution summary (required): what happened and how it ended"))
            yield TextArea(id="close-summary", soft_wrap=True, show_line_numbers=False)
            yield Label(_("Lessons learned: what to change so it does not happen again"))
            yield TextArea(id="close-lessons", soft_wrap=True, show_line_numbers=False)
            yield Label("", id="close-error", classes="close-error", markup=False)
            yield Static(
                Text(_("Tab: next field · Ctrl+S: close the incident · Esc: cancel")),
                classes="close-help",
            )

    def action_save(self) -> None:
        """Return the texts, or say that the summary is missing."""
        summary = self.query_one("#close-summary", TextArea).text.strip()
        lessons = self.query_one("#close-lessons", TextArea).text.strip()
        if not summary:
            self.query_one("#close-error", Label).update(
                _("Write the resolution summary first; the report starts with it.")
            )
            self.query_one("#close-summary", TextArea).focus()
            return
        self.dismiss((summary, lessons))

    def action_cancel(self) -> None:
        """Keep the incident open."""
        self.dismiss(None)
