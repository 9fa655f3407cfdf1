"""A pause step is done: confirm, account by account, that its scheduled posts are paused.

Each account shows the link to the tool where its scheduled posts live (``scheduler_url``);
``o`` opens it. Space ticks the highlighted account once it is paused; Enter marks the step done
only when every account is ticked, so the log never says "paused" for an account nobody
checked. Escape leaves with the ticks kept for the next time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
from smgov_tui.i18n import _


@dataclass(frozen=True)
class PauseTicks:
    """What the person confirmed: the accounts ticked paused, and whether to log the step."""

    paused: tuple[str, ...]
    """Ids of the accounts confirmed paused, in the step's order."""
    done: bool
    """True when every account is ticked and the person pressed Enter: log the step done."""


def pause_prompt(account_id: str, account: r.Account | None, paused: bool) -> Text:
    """``[✓] @handle (network)`` and, under it, the link to its scheduled posts."""
    text = Text()
    text.append("[✓] " if paused else "[ ] ", style="bold green" if paused else "bold")
    if account is None:
        text.append(account_id, style="bold")
        text.append("  " + _("(not an account of this workspace)"))
        return text
    text.append(account.handle, style="bold")
    text.append(f" ({account.network})")
    text.append("\n    ")  # the link under the handle: it is long
    if account.scheduler_url:
        text.append(account.scheduler_url, style=f"underline link {account.scheduler_url}")
    else:
        text.append(
            _("no link to its scheduled posts (scheduler_url); pause them where you schedule"),
            style="italic",
        )
    return text


class PauseAccountsModal(ModalScreen[PauseTicks]):
    """The accounts a pause step pauses; Space ticks one as paused, o opens its link, Enter
    logs the step done once all are ticked, escape keeps the ticks and goes back."""

    DEFAULT_CSS = """
    PauseAccountsModal {
        align: center middle;
    }
    PauseAccountsModal > Vertical {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    PauseAccountsModal .pause-title {
        text-style: bold;
    }
    PauseAccountsModal OptionList, PauseAccountsModal OptionList:focus {
        height: auto;
        max-height: 16;
        border: none;
        padding: 0;
    }
    PauseAccountsModal .pause-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="pause.back"),
        Binding("space", "tick", _("Paused"), id="pause.tick"),
        Binding("o", "open_link", _("Open link"), id="pause.open"),
    ]

    def __init__(
        self,
        to_pause: Sequence[str],
        accounts: Mapping[str, r.Account],
        ticked: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.to_pause = list(to_pause)
        self.accounts = dict(accounts)
        self.ticked = {aid for aid in ticked if aid in self.to_pause}

    def compose(self) -> ComposeResult:
        """The question, each account with its link, a status line and the keys."""
        with Vertical():
            yield Static(
                Text(_("Pause the scheduled posts of each account")), classes="pause-title"
            )
            yield OptionList(*self.options(), id="pause-list")
            yield Static(Text(self.progress()), id="pause-status")
            yield Static(
                Text(
                    _(
                        "Space: ticked as paused · o opens its link · Enter: step done "
                        "(once all are ticked) · Esc: back, ticks kept"
                    )
                ),
                classes="pause-help",
            )

    def options(self) -> list[Option]:
        """One option per account, in the step's order."""
        return [
            Option(pause_prompt(aid, self.accounts.get(aid), aid in self.ticked), aid)
            for aid in self.to_pause
        ]

    def progress(self) -> str:
        """``1 of 3 confirmed paused.``"""
        return _("{n} of {total} confirmed paused.").format(
            n=len(self.ticked), total=len(self.to_pause)
        )

    def _ticks(self) -> tuple[str, ...]:
        return tuple(aid for aid in self.to_pause if aid in self.ticked)

    def action_tick(self) -> None:
        """Tick (or untick) the highlighted account as paused."""
        listing = self.query_one("#pause-list", OptionList)
        index = listing.highlighted
        if index is None:
            return
        aid = self.to_pause[index]
        self.ticked ^= {aid}
        listing.replace_option_prompt_at_index(
            index, pause_prompt(aid, self.accounts.get(aid), aid in self.ticked)
        )
        self.query_one("#pause-status", Static).update(Text(self.progress()))

    def action_open_link(self) -> None:
        """Open the highlighted account's scheduled posts in the browser (when it has a link)."""
        index = self.query_one("#pause-list", OptionList).highlighted
        account = self.accounts.get(self.to_pause[index]) if index is not None else None
        if account is not None and account.scheduler_url:
            self.app.open_url(account.scheduler_url)

    @on(OptionList.OptionSelected, "#pause-list")
    def confirm(self, event: OptionList.OptionSelected) -> None:
        """Enter: the step is done when every account is ticked; else say how many are left."""
        event.stop()
        if len(self.ticked) < len(self.to_pause):
            left = [aid for aid in self.to_pause if aid not in self.ticked]
            self.query_one("#pause-status", Static).update(
                Text(
                    _("Not done yet: confirm {accounts} paused first (Space).").format(
                        accounts=", ".join(self.label(aid) for aid in left)
                    ),
                    style="bold",
                )
            )
            return
        self.dismiss(PauseTicks(self._ticks(), True))

    def label(self, account_id: str) -> str:
        """``@handle (network)``, or the id of an account the workspace does not have."""
        account = self.accounts.get(account_id)
        return f"{account.handle} ({account.network})" if account else account_id

    def action_back(self) -> None:
        """Back to the step; the ticks are kept for the next time."""
        self.dismiss(PauseTicks(self._ticks(), False))
