"""A pause step on the step screen: the accounts whose scheduled posts it pauses, each with the
link to the tool where they live. Pure Rich text (no Textual)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from smgov_tui.core import records as r
from smgov_tui.i18n import _


def pause_text(to_pause: Sequence[str], accounts: Mapping[str, r.Account]) -> Text | None:
    """``PAUSE SCHEDULED POSTS — d asks for each:`` and each account: its handle and network,
    its link (``scheduler_url``) under it; None for a step that pauses nothing."""
    if not to_pause:
        return None
    text = Text.assemble((_("PAUSE SCHEDULED POSTS — d asks for each:"), "bold"))
    for account_id in to_pause:
        account = accounts.get(account_id)
        text.append("\n  ")
        if account is None:
            text.append(_("{id}: not found in accounts/").format(id=account_id))
            continue
        text.append(account.handle, style="bold")
        text.append(f" ({account.network})\n    ")  # the link on a line of its own: it is long
        if account.scheduler_url:
            text.append(account.scheduler_url, style=f"underline link {account.scheduler_url}")
        else:
            text.append(_("no scheduler link on file"), style="italic")
    return text
