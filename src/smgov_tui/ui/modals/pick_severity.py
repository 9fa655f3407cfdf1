"""Pick a severity during an incident: the situation turned out worse (or milder) than first
thought. Dismisses with the severity's id, or None (escape)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from smgov_tui.i18n import _
from smgov_tui.ui.modals.base import Dialog


class PickSeverityModal(Dialog[str | None]):
    """The playbook's severities (the one now marked); Enter or a digit picks."""

    DEFAULT_CSS = """
    PickSeverityModal > Vertical {
        width: 76;
    }
    PickSeverityModal OptionList {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="pick-severity.cancel"),
    ]

    def __init__(self, choices: list[tuple[str, Text]], current: str) -> None:
        super().__init__()
        self.choices = choices
        """(severity id, its prompt) in the playbook's order."""
        self.current = current

    def compose(self) -> ComposeResult:
        """The question, the severities, what the keys do."""
        with Vertical():
            yield Static(Text(_("How serious is it now?")), classes="modal-title")
            yield Static(
                Text(
                    _(
                        "The change is logged; the steps and the first-response deadline "
                        "follow the new severity."
                    )
                )
            )
            options = []
            for severity_id, prompt in self.choices:
                shown = prompt.copy()
                if severity_id == self.current:
                    shown.append("  " + _("(now)"), style="italic")
                options.append(Option(shown, id=severity_id))
            yield OptionList(*options, id="severity-choices")
            yield Static(Text(_("Enter or its number picks · Esc cancels")))

    def on_mount(self) -> None:
        """Highlight the severity now."""
        ids = [severity_id for severity_id, _prompt in self.choices]
        choices = self.query_one(OptionList)
        choices.highlighted = ids.index(self.current) if self.current in ids else 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Answer with the id (the one now: nothing to log)."""
        chosen = event.option.id or ""
        self.dismiss(chosen if chosen and chosen != self.current else None)

    def on_key(self, event: Key) -> None:
        """A digit picks the severity with that number."""
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.choices):
                event.stop()
                chosen = self.choices[index][0]
                self.dismiss(chosen if chosen != self.current else None)

    def action_cancel(self) -> None:
        """Keep the severity."""
        self.dismiss(None)
