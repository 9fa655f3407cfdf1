"""Which account is affected? A filterable list; Enter picks, escape skips (returns "")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from smgov_tui.core import records as r
from smgov_tui.core.crisis import ACCOUNT_MARKER
from smgov_tui.i18n import _


def account_prompt(account: r.Account) -> Text:
    """``@handle  instagram  ·  Department`` and the purpose under it, as plain text (never
    markup): the network and what the account is for tell apart two similar handles."""
    text = Text()
    text.append(account.handle, style="bold")
    text.append(f"  {account.network}")
    if account.department:
        text.append(f"  ·  {account.department}")
    if account.status != "active":
        text.append(f"  ({account.status})")
    purpose = " ".join(account.purpose.split())
    if purpose:
        text.append("\n   ")
        # one line in the 76-column dialog: the start says what the account is for
        text.append(purpose if len(purpose) <= 60 else purpose[:59] + "…", style="italic")
    return text


def match_rank(account_id: str, account: r.Account, needle: str) -> int | None:
    """How well ``needle`` (folded) names the account, best 0; None when it does not.

    An exact handle (with or without ``@``) or id first, then handles that start with it, then
    handles that contain it, then the network, then the other fields: the first fuzzy match in
    alphabetical order was once taken for the account the person named.
    """
    if not needle:
        return 0
    handle = account.handle.casefold().lstrip("@")
    bare = needle.lstrip("@")
    if bare and (handle == bare or account_id.casefold() == needle):
        return 0
    if bare and handle.startswith(bare):
        return 1
    if bare and bare in handle:
        return 2
    if needle == account.network.casefold():
        return 3
    others = (account_id, account.department, account.purpose, account.network)
    if needle in " ".join(others).casefold():
        return 4
    return None


class PickAccountModal(ModalScreen[str]):
    """The workspace's accounts, filtered as you type. Enter picks the highlighted one; escape
    skips (dismisses with ``""``: the statement then says ``[account]``)."""

    DEFAULT_CSS = """
    PickAccountModal {
        align: center middle;
    }
    PickAccountModal > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    PickAccountModal .prompt-title {
        text-style: bold;
    }
    PickAccountModal OptionList {
        height: auto;
        max-height: 12;
    }
    PickAccountModal .prompt-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", _("Skip"), id="pick-account.skip"),
    ]

    def __init__(self, accounts: Mapping[str, r.Account]) -> None:
        super().__init__()
        self.accounts = dict(
            sorted(
                accounts.items(),
                key=lambda pair: (pair[1].status != "active", pair[1].handle.casefold()),
            )
        )

    def compose(self) -> ComposeResult:
        """A question, the filter, the list and the keys."""
        with Vertical():
            yield Static(Text(_("Which account is affected?")), classes="prompt-title")
            yield Input(placeholder=_("type to filter"), id="account-filter")
            yield OptionList(id="account-list")
            yield Static(
                Text(
                    _("Enter picks · Esc skips (the statement will say {marker})").format(
                        marker=_(ACCOUNT_MARKER)
                    )
                ),
                classes="prompt-help",
            )

    def on_mount(self) -> None:
        """Every account, the first highlighted; typing goes to the filter."""
        self.fill("")
        self.query_one("#account-filter", Input).focus()

    def fill(self, query: str) -> None:
        """Show the accounts ``query`` names (:func:`match_rank`), the best matches first."""
        needle = query.strip().casefold()
        ranked = [
            (rank, index, account_id, account)
            for index, (account_id, account) in enumerate(self.accounts.items())
            if (rank := match_rank(account_id, account, needle)) is not None
        ]
        options = [
            Option(account_prompt(account), id=account_id)
            for _rank, _index, account_id, account in sorted(ranked, key=lambda row: row[:2])
        ]
        listing = self.query_one("#account-list", OptionList)
        listing.set_options(options)
        if options:
            listing.highlighted = 0

    @on(Input.Changed, "#account-filter")
    def filtered(self, event: Input.Changed) -> None:
        """Narrow the list as the person types."""
        self.fill(event.value)

    def on_key(self, event: Key) -> None:
        """Up and down move in the list while typing in the filter."""
        listing = self.query_one("#account-list", OptionList)
        if event.key in ("up", "down") and not listing.has_focus:
            event.stop()
            event.prevent_default()
            if event.key == "down":
                listing.action_cursor_down()
            else:
                listing.action_cursor_up()

    @on(Input.Submitted, "#account-filter")
    def submitted(self) -> None:
        """Enter in the filter picks the highlighted account."""
        listing = self.query_one("#account-list", OptionList)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        self.dismiss(option.id or "")

    @on(OptionList.OptionSelected, "#account-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on an account picks it."""
        self.dismiss(event.option.id or "")

    def action_skip(self) -> None:
        """No account: the statement keeps a visible marker to fill by hand."""
        self.dismiss("")
