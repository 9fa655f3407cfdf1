"""The employee guide: the few pages every employee needs, not the whole handbook (pure).

``smgov export --audience employees`` writes it: the employee guidelines, the approved phrases
and the official hashtags of the communication protocol, and what to do on seeing a crisis
(the signs that start each playbook, and whom to tell for each account, with how to reach
them). In the workspace's language, as Markdown or self-contained HTML through the handbook's
own blocks and renderers, so it is escaped the same way; a value that looks like a secret is
left out and counted as in every export.
"""

from __future__ import annotations

import datetime as dt
import html

from smgov_tui.core import records as r
from smgov_tui.core.escape import md_escape
from smgov_tui.core.labels import heading
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.withhold import reveal, withhold_workspace
from smgov_tui.export.handbook import (
    HANDBOOK_CONTEXT,
    Block,
    Bullets,
    Heading,
    Para,
    Table,
    blocks_html,
    blocks_markdown,
)
from smgov_tui.i18n import translator

AUDIENCES = ("all", "employees")
"""Who an export is for: the whole plan (the handbook) or every employee (this guide)."""


def _reach(data: WorkspaceData, owner_id: str, not_set: str) -> str:
    owner = data.owners.get(owner_id) if owner_id else None
    if owner is None:
        return owner_id or not_set
    reach = " · ".join(x for x in (owner.phone, owner.email) if x)
    return f"{owner.name} ({reach})" if reach else owner.name


def build(data: WorkspaceData, today: dt.date) -> tuple[str, list[Block]]:
    """The guide's title and blocks, in the workspace's language."""
    _ = translator(data.meta.language if data.meta else "en", HANDBOOK_CONTEXT)
    organisation = data.meta.organisation if data.meta else ""
    guide = _("Social media guide for employees")
    title = f"{organisation} — {guide}" if organisation else guide
    c = r.CommunicationProtocol
    comm = data.communication
    blocks: list[Block] = [
        Heading(1, title, "top"),
        Para(
            _(
                "What every employee needs to know to speak about us on social media, and what "
                "to do if something goes wrong. Generated on {date}."
            ).format(date=today)
        ),
    ]
    for key, empty in (
        ("employee_guidelines", _("No guidelines written yet.")),
        ("approved_phrases", _("No approved phrases yet.")),
        ("hashtags", _("No official hashtags yet.")),
    ):
        items: list[str] = list(getattr(comm, key)) if comm else []
        blocks.append(Heading(2, heading(c, key, _), key.replace("_", "-")))
        blocks.append(Bullets(items) if items else Para(empty))

    blocks += [
        Heading(2, _("If you see a crisis"), "crisis"),
        Para(
            _(
                "Do not answer, argue or delete anything yourself. Tell the person in charge "
                "of the account at once (call if it cannot wait), or the stand-in if they do "
                "not answer: say what you saw, where and when, with a link or a screenshot."
            )
        ),
    ]
    signs = [
        f"{playbook.title}: {' '.join(playbook.trigger.split())}"
        if playbook.trigger.strip()
        else playbook.title
        for _id, playbook in sorted(data.playbooks.items())
    ]
    if signs:
        blocks += [Heading(3, _("What counts as a crisis")), Bullets(signs)]
    not_set = _("not set")
    a = r.Account
    rows = [
        [
            f"{account.handle} ({account.network})",
            _reach(data, account.owner, not_set),
            _reach(data, account.backup_owner, not_set),
        ]
        for _id, account in sorted(data.accounts.items())
        if account.status != "archived"
    ]
    if rows:
        blocks += [
            Heading(3, _("Whom to tell")),
            Table([_("Account"), heading(a, "owner", _), heading(a, "backup_owner", _)], rows),
        ]
    return title, blocks


def render_withheld(data: WorkspaceData, fmt: str, today: dt.date) -> tuple[str, int]:
    """The guide in ``fmt`` (md or html) and how many secret-looking values it leaves out."""
    safe = withhold_workspace(data)
    _ = translator(data.meta.language if data.meta else "en", HANDBOOK_CONTEXT)
    shown = _("[withheld: looks like a secret]")
    title, blocks = build(safe, today)
    if fmt == "md":
        return reveal(blocks_markdown(blocks), shown, md_escape)
    if fmt == "html":
        lang = data.meta.language if data.meta else "en"
        return reveal(blocks_html(title, blocks, lang), shown, html.escape)
    raise ValueError(f"unknown guide format {fmt!r}; use md or html")
