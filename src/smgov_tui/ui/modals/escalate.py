"""Confirm an escalation: who holds the next level, with their numbers."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from smgov_tui.core.crisis import Escalation
from smgov_tui.i18n import _
from smgov_tui.ui.present.contact_card import contact_text


class EscalateModal(ModalScreen[bool]):
    """Shows the next escalation level; Enter (or y) logs it, escape cancels (False)."""

    DEFAULT_CSS = """
    EscalateModal {
        align: center middle;
    }
    EscalateModal > VerticalScroll {
        width: 78;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    EscalateModal .escalate-title {
        text-style: bold;
    }
    EscalateModal .escalate-help {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", _("Cancel"), id="escalate.cancel"),
        Binding("enter,y", "confirm", _("Log escalation"), id="escalate.confirm"),
    ]

    def __init__(self, escalation: Escalation) -> None:
        super().__init__()
        self.escalation = escalation

    def compose(self) -> ComposeResult:
        """The level, each contact, and the keys."""
        with VerticalScroll():
            level = self.escalation.level
            yield Static(
                Text(_("Escalate to level {level}").format(level=level)), classes="escalate-title"
            )
            if not self.escalation.contacts:
                yield Static(
                    Text(
                        _("Level {current} is the highest: keep calling them.").format(
                            current=level - 1
                        )
                    )
                )
                yield Static(Text(_("Esc to go back")), classes="escalate-help")
                return
            yield Static(Text(_("Call them now:")))
            for _cid, contact in self.escalation.contacts:
                yield Static(contact_text(contact))
            yield Static(
                Text(_("Enter or y: log that you escalated · Esc: cancel")),
                classes="escalate-help",
            )

    def action_confirm(self) -> None:
        """Log the escalation (only when somebody holds the level)."""
        if self.escalation.contacts:
            self.dismiss(True)

    def action_cancel(self) -> None:
        """Do not escalate."""
        self.dismiss(False)
