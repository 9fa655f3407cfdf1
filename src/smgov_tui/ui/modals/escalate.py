"""Escalate: who holds the next level, reachable ones first, and what came of each call.

The contacts reachable now (24/7 or inside their hours) come first; the others say so ("outside
hours — back Mon 08:00"), or that their hours are not recorded. The person marks each call as
it ends (r reached, n no answer, m left a message; the same key again: not called), and Enter
logs the escalation with exactly that: nobody is logged as called who was not.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from smgov_tui.core import records as r
from smgov_tui.core.crisis import Escalation, call_outcome_label
from smgov_tui.core.reach import Reach, by_reach, reach_text
from smgov_tui.i18n import _
from smgov_tui.ui.present.nobreak import keep_phones_whole

_MARKS = {"reached": "✓", "no_answer": "✗", "left_message": "✉", "not_called": "·"}
_STYLES = {"reached": "bold green", "no_answer": "bold red", "left_message": "bold yellow"}


def call_prompt(
    contact: r.Contact, reach: Reach, outcome: str, now: dt.datetime, width: int = 74
) -> Text:
    """``✓ reached   Name (Organisation)`` then ``phone · reachable now ...``: two lines, each
    cut to ``width`` cells with an ellipsis, so every contact of a level fits at 80x24 (the
    phone and the reach come first and are never cut at that width). Text, never markup."""
    head = Text()
    label = f"{_MARKS.get(outcome, '·')} {call_outcome_label(outcome)}"
    head.append(f"{label:<18}", style=_STYLES.get(outcome, "dim"))
    head.append(contact.name, style="bold")
    if contact.organisation:
        head.append(f" ({contact.organisation})")
    reach_line = Text("   ")
    reach_line.append(contact.phone or _("no phone on file"), style="bold")
    reach_line.append("  ·  ")
    reach_line.append(
        ("● " if reach.reachable else "○ ") + reach_text(contact, reach, now),
        style="green" if reach.reachable else "yellow",
    )
    for line in (head, reach_line):
        line.truncate(width, overflow="ellipsis")
    return keep_phones_whole(Text("\n").join([head, reach_line]))


class EscalateModal(ModalScreen[dict[str, str] | None]):
    """The next level's contacts, reachable now first; r / n / m mark the highlighted call,
    Enter logs the escalation with what was marked (dismisses with the outcomes by contact id),
    escape cancels (None)."""

    DEFAULT_CSS = """
    EscalateModal {
        align: center middle;
    }
    EscalateModal > Vertical {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    EscalateModal .escalate-title {
        text-style: bold;
    }
    EscalateModal OptionList, EscalateModal OptionList:focus {
        height: auto;
        max-height: 18;
        border: none;
        padding: 0;
    }
    EscalateModal .escalate-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="escalate.cancel"),
        Binding("r", "mark('reached')", _("Reached"), id="escalate.reached"),
        Binding("n", "mark('no_answer')", _("No answer"), id="escalate.no-answer"),
        Binding("m", "mark('left_message')", _("Left a message"), id="escalate.message"),
    ]

    def __init__(self, escalation: Escalation, now: dt.datetime, tz: dt.tzinfo) -> None:
        super().__init__()
        self.escalation = escalation
        self.now = now.astimezone(tz)
        self.rows = by_reach(escalation.contacts, self.now, tz)
        self.outcomes: dict[str, str] = {}
        """What came of each call so far, by contact id (a contact left out: not called)."""

    def compose(self) -> ComposeResult:
        """The level, each contact with its reach and call, and the keys."""
        with Vertical():
            level = self.escalation.level
            if not self.escalation.contacts:
                yield Static(
                    Text(_("Escalate to level {level}").format(level=level)),
                    classes="escalate-title",
                )
                yield Static(
                    Text(
                        _("Level {current} is the highest: keep calling them.").format(
                            current=level - 1
                        )
                    )
                )
                yield Static(Text(_("Esc to go back")), classes="escalate-help")
                return
            reachable = sum(1 for _cid, _c, reach in self.rows if reach.reachable)
            yield Static(
                Text(
                    _(
                        "Escalate to level {level}: call them, reachable now first ({n} of {total})"
                    ).format(level=level, n=reachable, total=len(self.rows))
                ),
                classes="escalate-title",
            )
            yield OptionList(*self.options(), id="escalate-calls")
            yield Static(
                Text(
                    _(
                        "After each call: r reached · n no answer · m left a message (the same "
                        "key again: not called) · Enter logs the escalation · Esc cancels"
                    )
                ),
                classes="escalate-help",
            )

    def options(self) -> list[Option]:
        """One option per contact, in the order shown."""
        return [Option(self.prompt(index), cid) for index, (cid, _c, _r) in enumerate(self.rows)]

    def action_mark(self, outcome: str) -> None:
        """Mark what came of calling the highlighted contact (the same mark again clears it)."""
        if not self.rows:
            return
        calls = self.query_one("#escalate-calls", OptionList)
        index = calls.highlighted
        if index is None:
            return
        cid = self.rows[index][0]
        if self.outcomes.get(cid) == outcome:
            del self.outcomes[cid]
        else:
            self.outcomes[cid] = outcome
        calls.replace_option_prompt_at_index(index, self.prompt(index))

    def prompt(self, index: int) -> Text:
        """The option of the ``index``-th contact, as wide as the dialog leaves room for."""
        cid, contact, reach = self.rows[index]
        width = max(20, min(80, self.app.size.width) - 6)
        return call_prompt(contact, reach, self.outcomes.get(cid, "not_called"), self.now, width)

    @on(OptionList.OptionSelected, "#escalate-calls")
    def confirm(self, event: OptionList.OptionSelected) -> None:
        """Enter: log the escalation with the calls as marked."""
        event.stop()
        self.dismiss(dict(self.outcomes))

    def action_cancel(self) -> None:
        """Do not escalate."""
        self.dismiss(None)
