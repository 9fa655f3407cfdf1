"""How a crisis contact or a person is shown: name, organisation, phone, email, availability."""

from __future__ import annotations

from rich.text import Text

from smgov_tui.core import oncall
from smgov_tui.core import records as r
from smgov_tui.core.reach import hours_text
from smgov_tui.i18n import _


def contact_text(contact: r.Contact) -> Text:
    """``☎ Name (Organisation)``, then ``phone · email · availability`` (text, never markup)."""
    text = Text("☎ ")
    text.append(contact.name, style="bold")
    if contact.organisation:
        text.append(f" ({contact.organisation})")
    details = [contact.phone or _("no phone on file")]
    if contact.email:
        details.append(contact.email)
    when = " · ".join(x for x in (hours_text(contact), contact.availability.strip()) if x)
    if when:
        details.append(_("available: {when}").format(when=when))
    text.append("\n    ")
    text.append(details[0], style="bold")
    for detail in details[1:]:
        text.append("  ·  " + detail)
    return text


def owner_text(owner: r.Owner) -> Text:
    """``Name phone`` for a person holding a role (the phone is what counts in a crisis)."""
    text = Text.assemble((owner.name, "bold"))
    if owner.phone:
        text.append(" " + owner.phone)
    return text


def holder_text(holder: oncall.Holder, until: str = "") -> Text:
    """``Name phone`` of a person answering for a step's role, with why it is them: on call
    (``until``: when they hand over, as shown) or standing in as a deputy."""
    text = Text.assemble((holder.name, "bold"))
    if holder.phone:
        text.append(" " + holder.phone)
    if holder.on_call:
        text.append(
            " "
            + (_("(on call until {until})").format(until=until) if until else _("(on call now)"))
        )
    elif holder.deputy:
        text.append(" " + _("(deputy)"))
    return text
