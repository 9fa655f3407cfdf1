"""The governance handbook: the whole plan as one document, in Markdown or self-contained HTML.

Rendering is pure: a :class:`WorkspaceData` goes in, text comes out. The document is first built
as a few simple blocks (headings, paragraphs, lists, tables, page breaks), then each block is
rendered, so the Markdown and the HTML always say the same thing. Its words are in the
workspace's language, from the gettext catalogue through :func:`smgov_tui.i18n.translator` (so
the export never switches the language of a running interface); a field is named as everywhere
else, by :mod:`smgov_tui.core.labels`. Every piece of user text is escaped for the format it
lands in.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from smgov_tui.core import listening
from smgov_tui.core import records as r
from smgov_tui.core.escape import md_block, md_cell, md_escape
from smgov_tui.core.labels import (
    Translate,
    contact_kind_label,
    heading,
    status_label,
    watch_kind_label,
    weekday_label,
)
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.plan import plan_rows
from smgov_tui.core.reach import hours_text
from smgov_tui.core.withhold import reveal, withhold_workspace
from smgov_tui.i18n import translator

HANDBOOK_CONTEXT = "handbook"
"""The catalogue's ``msgctxt`` for the few words the handbook says differently from the
interface ("Sustituto" for the interface's "Suplente"); every other word is shared."""


def _translator(data: WorkspaceData) -> Translate:
    """The handbook's ``_()``: the workspace's language, whatever the interface speaks."""
    return translator(data.meta.language if data.meta else "en", HANDBOOK_CONTEXT)


# --- blocks -----------------------------------------------------------------------------------


@dataclass
class Heading:
    """A heading; ``anchor`` is its id in HTML."""

    level: int
    text: str
    anchor: str = ""


@dataclass
class Para:
    """A paragraph of plain text (line breaks kept)."""

    text: str
    label: str = ""


@dataclass
class Bullets:
    """A list; ``ordered`` numbers it."""

    items: list[str]
    ordered: bool = False


@dataclass
class Table:
    """A table of plain-text cells."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    """A playbook: starts on a new page when printed."""

    anchor: str


Block = Heading | Para | Bullets | Table | Section


# --- building ---------------------------------------------------------------------------------


def _person(data: WorkspaceData, owner_id: str, _: Translate) -> str:
    if not owner_id:
        return _("not set")
    owner = data.owners.get(owner_id)
    if owner is None:
        return owner_id
    reach = " · ".join(x for x in (owner.email, owner.phone) if x)
    return f"{owner.name} ({reach})" if reach else owner.name


def _contact(data: WorkspaceData, contact_id: str) -> str:
    contact = data.contacts.get(contact_id)
    if contact is None:
        return contact_id
    parts = [contact.name]
    if contact.organisation:
        parts.append(contact.organisation)
    if contact.phone:
        parts.append(contact.phone)
    return " — ".join(parts)


def build(data: WorkspaceData, today: dt.date) -> tuple[str, list[Block]]:
    """The handbook's title and blocks for ``data``, in the workspace's language.

    Every word goes through ``_``, bound here to the workspace's language (so the catalogue
    tools find the handbook's messages like any other); a record field is named by
    :func:`smgov_tui.core.labels.heading`.
    """
    _ = _translator(data)

    def h(record_type: type[r.Record], field_name: str) -> str:
        return heading(record_type, field_name, _)

    organisation = data.meta.organisation if data.meta else ""
    handbook = _("Social media governance handbook")
    title = f"{organisation} — {handbook}" if organisation else handbook
    blocks: list[Block] = [
        Heading(1, title, "top"),
        Para(_("Generated on {date} from the smgov workspace.").format(date=today)),
    ]
    playbooks = sorted(data.playbooks.items())
    toc = [
        h(r.WorkspaceMeta, "objectives"),
        h(r.WorkspaceMeta, "plan"),
        _("Who owns what"),
        _("Communication protocol"),
        _("Management protocol"),
        _("Listening protocol"),
        _("Crisis contacts"),
    ]
    toc.append(_("Crisis playbooks") + ": " + ", ".join(p.title for _i, p in playbooks))
    blocks += [Heading(2, _("Contents"), "contents"), Bullets(toc, ordered=True)]

    blocks.append(Heading(2, h(r.WorkspaceMeta, "objectives"), "objectives"))
    objectives = data.meta.objectives if data.meta else []
    blocks.append(
        Bullets(list(objectives)) if objectives else Para(_("No objectives written yet."))
    )

    blocks.append(Heading(2, h(r.WorkspaceMeta, "plan"), "plan"))
    rows = plan_rows(data, today, _)
    blocks.append(
        Bullets([f"{label}: {value}" for label, value in rows])
        if rows
        else Para(_("Nobody owns the plan yet."))
    )

    blocks += [
        Heading(2, _("Who owns what"), "ownership"),
        Para(
            _(
                "Every account, by department, with the person in charge and the person who "
                "stands in."
            )
        ),
    ]
    by_department: dict[str, list[tuple[str, r.Account]]] = {}
    for aid, account in sorted(data.accounts.items()):
        by_department.setdefault(account.department.strip(), []).append((aid, account))
    default = data.default_response_hours
    for department in sorted(by_department, key=lambda d: (d == "", d.casefold())):
        blocks.append(Heading(3, department or _("No department")))
        table = Table(
            [
                _("Account"),
                h(r.Account, "status"),
                h(r.Account, "owner"),
                h(r.Account, "backup_owner"),
                h(r.Account, "response_sla_hours"),
            ]
        )
        for aid, account in by_department[department]:
            name = f"{account.handle} ({account.network}, {aid})"
            if account.url:
                name += f" {account.url}"
            if account.purpose:
                name += f" — {account.purpose}"
            table.rows.append(
                [
                    name,
                    status_label(account.status, _),
                    _person(data, account.owner, _),
                    _person(data, account.backup_owner, _),
                    _("{n} h").format(n=account.response_sla_hours or default),
                ]
            )
        blocks.append(table)

    blocks.append(Heading(2, _("Communication protocol"), "communication"))
    comm = data.communication
    if comm is None:
        blocks.append(Para(_("None.")))
    else:
        c = r.CommunicationProtocol
        if comm.voice_and_tone:
            blocks += [Heading(3, h(c, "voice_and_tone")), Para(comm.voice_and_tone)]
        for key in (
            "key_messages",
            "keywords",
            "banned_topics",
            "banned_words",
            "sensitive_words",
            "hashtags",
            "languages",
            "approved_phrases",
            "employee_guidelines",
            "link_domains",
        ):
            items: list[str] = getattr(comm, key)
            if items:
                blocks += [Heading(3, h(c, key)), Bullets(list(items))]

    blocks.append(Heading(2, _("Management protocol"), "management"))
    mgmt = data.management
    if mgmt is None:
        blocks.append(Para(_("None.")))
    else:
        m = r.ManagementProtocol
        if mgmt.purpose:
            blocks += [Heading(3, h(m, "purpose")), Para(mgmt.purpose.strip())]
        roles = {role.id: role.title or role.id for role in mgmt.roles}
        if mgmt.roles:
            blocks += [
                Heading(3, h(m, "roles")),
                Table(
                    [h(r.Role, "title"), h(r.Role, "responsibilities")],
                    [[role.title or role.id, role.responsibilities.strip()] for role in mgmt.roles],
                ),
            ]
        if mgmt.approval_rules:
            rule_type = r.ApprovalRule
            blocks += [
                Heading(3, h(m, "approval_rules")),
                Table(
                    [h(rule_type, "content"), h(rule_type, "approver"), h(rule_type, "notes")],
                    [
                        [rule.content, roles.get(rule.approver, rule.approver), rule.notes.strip()]
                        for rule in mgmt.approval_rules
                    ],
                ),
            ]
        if mgmt.calendar:
            slot_type = r.CalendarEntry
            blocks += [
                Heading(3, h(m, "calendar")),
                Table(
                    [
                        h(slot_type, "days"),
                        h(slot_type, "time"),
                        h(slot_type, "account"),
                        h(slot_type, "content"),
                    ],
                    [
                        [
                            ", ".join(weekday_label(d, _) for d in slot.days),
                            slot.time,
                            slot.account or _("all accounts"),
                            slot.content,
                        ]
                        for slot in mgmt.calendar
                    ],
                ),
            ]
        if mgmt.response_times:
            blocks += [
                Heading(3, h(m, "response_times")),
                Table(
                    [h(r.ResponseTime, "channel"), h(r.ResponseTime, "hours")],
                    [[t.channel, _("{n} h").format(n=t.hours)] for t in mgmt.response_times],
                ),
            ]
        blocks.append(
            Para(
                _("Every account is reviewed at least every {n} days.").format(
                    n=mgmt.review_cadence_days
                )
            )
        )

    blocks += _listening(data, _)

    blocks.append(Heading(2, _("Crisis contacts"), "contacts"))
    contacts = sorted(data.contacts.items(), key=lambda item: (item[1].escalation_level, item[0]))
    blocks.append(
        Table(
            [
                h(r.Contact, field_name)
                for field_name in (
                    "escalation_level",
                    "name",
                    "kind",
                    "organisation",
                    "phone",
                    "email",
                    "availability",
                )
            ],
            [
                [
                    str(c.escalation_level),
                    c.name,
                    contact_kind_label(c.kind, _),
                    c.organisation,
                    c.phone,
                    c.email,
                    " · ".join(x for x in (hours_text(c, _), c.availability.strip()) if x),
                ]
                for _cid, c in contacts
            ],
        )
        if contacts
        else Para(_("None."))
    )

    blocks.append(Heading(2, _("Crisis playbooks"), "playbooks"))
    for pid, playbook in playbooks:
        blocks += [Section(f"playbook-{pid}"), Heading(3, playbook.title, f"playbook-{pid}")]
        if playbook.trigger:
            blocks.append(Para(playbook.trigger.strip(), h(r.Playbook, "trigger")))
        heard = listening.thresholds_for(data.listening, pid)
        if heard:
            blocks += [
                Heading(4, h(r.ListeningProtocol, "thresholds")),
                Bullets([listening.describe(t, _) for t in heard]),
            ]
        if playbook.severities:
            blocks += [
                Heading(4, h(r.Playbook, "severities")),
                Table(
                    [
                        h(r.Severity, "label"),
                        h(r.Severity, "first_response_minutes"),
                        h(r.Severity, "description"),
                    ],
                    [
                        [
                            s.label or s.id,
                            _("{n} min").format(n=s.first_response_minutes),
                            s.description.strip(),
                        ]
                        for s in playbook.severities
                    ],
                ),
            ]
        statements = {s.id: s for s in playbook.statements}
        severity_names = {s.id: s.label or s.id for s in playbook.severities}
        items = []
        for step in playbook.steps:
            lines = [step.title]
            if step.role:
                role = roles_of(data).get(step.role, step.role)
                lines.append(f"{h(r.Step, 'role')}: {role}")
            if step.detail:
                lines.append(step.detail.strip())
            if step.contacts:
                called = "; ".join(_contact(data, c) for c in step.contacts)
                lines.append(f"{h(r.Step, 'contacts')}: {called}")
            if step.pause_accounts:
                paused = "; ".join(_paused(data, a) for a in step.pause_accounts)
                lines.append(f"{h(r.Step, 'pause_accounts')}: {paused}")
            if step.severities:
                names = ", ".join(severity_names.get(s, s) for s in step.severities)
                lines.append(f"{h(r.Step, 'severities')}: {names}")
            statement = statements.get(step.statement)
            if statement is not None:
                lines.append(f"{h(r.Step, 'statement')}: {statement.text.strip()}")
            items.append("\n".join(lines))
        if items:
            blocks += [Heading(4, h(r.Playbook, "steps")), Bullets(items, ordered=True)]
    return title, blocks


def _listening(data: WorkspaceData, _: Translate) -> list[Block]:
    """The listening protocol: why, what is watched, where, who and when, and the thresholds
    with the playbook each opens."""
    blocks: list[Block] = [Heading(2, _("Listening protocol"), "listening")]
    found = data.listening
    if found is None:
        return [*blocks, Para(_("None."))]
    lp = r.ListeningProtocol

    def h(record_type: type[r.Record], field_name: str) -> str:
        return heading(record_type, field_name, _)

    if found.purpose.strip():
        blocks += [Heading(3, h(lp, "purpose")), Para(found.purpose.strip())]
    if found.watch:
        blocks += [
            Heading(3, h(lp, "watch")),
            Table(
                [h(r.Watched, "term"), h(r.Watched, "kind"), h(r.Watched, "notes")],
                [[w.term, watch_kind_label(w.kind, _), w.notes.strip()] for w in found.watch],
            ),
        ]
    for key in ("networks", "tools"):
        items: list[str] = getattr(found, key)
        if items:
            blocks += [Heading(3, h(lp, key)), Bullets(list(items))]
    when = []
    if found.role:
        when.append(f"{h(lp, 'role')}: {roles_of(data).get(found.role, found.role)}")
    if found.days:
        when.append(f"{h(lp, 'days')}: " + ", ".join(weekday_label(d, _) for d in found.days))
    if found.start or found.end:
        when.append(f"{h(lp, 'start')}: {found.start or '—'} · {h(lp, 'end')}: {found.end or '—'}")
    when.append(f"{h(lp, 'check_every_minutes')}: {found.check_every_minutes}")
    blocks += [Heading(3, _("Who listens and when")), Bullets(when)]
    if found.thresholds:
        titles = {pid: p.title for pid, p in data.playbooks.items()}
        blocks += [
            Heading(3, h(lp, "thresholds")),
            Table(
                [h(r.Threshold, "signal"), h(r.Threshold, "playbook"), h(r.Threshold, "notes")],
                [
                    [
                        listening.describe(t, _),
                        titles.get(t.playbook, t.playbook),
                        t.notes.strip(),
                    ]
                    for t in found.thresholds
                ],
            ),
        ]
    return blocks


def _paused(data: WorkspaceData, account_id: str) -> str:
    """``@handle (network) — scheduler link`` of an account a step pauses (its id when gone)."""
    account = data.accounts.get(account_id)
    if account is None:
        return account_id
    text = f"{account.handle} ({account.network})"
    return f"{text} — {account.scheduler_url}" if account.scheduler_url else text


def roles_of(data: WorkspaceData) -> dict[str, str]:
    """Role titles by id, from the management protocol."""
    mgmt = data.management
    return {role.id: role.title or role.id for role in mgmt.roles} if mgmt else {}


# --- Markdown ---------------------------------------------------------------------------------


def render_markdown(data: WorkspaceData, today: dt.date) -> str:
    """The handbook as Markdown (CommonMark with pipe tables)."""
    _title, blocks = build(data, today)
    return blocks_markdown(blocks)


def blocks_markdown(blocks: list[Block]) -> str:
    """Blocks as Markdown, every text escaped (the handbook's, and the employee guide's)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + md_escape(" ".join(block.text.split())))
        elif isinstance(block, Para):
            text = md_block(block.text)
            out.append(f"**{md_escape(block.label)}:** {text}" if block.label else text)
        elif isinstance(block, Bullets):
            lines = []
            for index, item in enumerate(block.items, 1):
                marker = f"{index}." if block.ordered else "-"
                first, *rest = item.splitlines() or [""]
                lines.append(f"{marker} {md_escape(first)}")
                pad = " " * (len(marker) + 1)
                lines.extend(f"{pad}{md_escape(line)}  " for line in rest if line.strip())
            out.append("\n".join(lines))
        elif isinstance(block, Table):
            lines = [
                "| " + " | ".join(md_cell(c) for c in block.headers) + " |",
                "|" + "|".join(" --- " for _c in block.headers) + "|",
            ]
            lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in block.rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


# --- HTML -------------------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1b1b1b;
  max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.8em; border-bottom: 3px solid #274b7a; padding-bottom: .3em; }
h2 { font-size: 1.4em; color: #274b7a; border-bottom: 1px solid #c9d3e0; margin-top: 2em; }
h3 { font-size: 1.15em; margin-top: 1.5em; }
h4 { font-size: 1em; margin-bottom: .3em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .92em; }
th, td { border: 1px solid #c9d3e0; padding: .3em .5em; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #eef2f7; }
ol li, ul li { margin-bottom: .35em; }
.label { font-weight: bold; }
.step-line { display: block; }
.step-title { font-weight: bold; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .playbook { break-before: page; page-break-before: always; }
  @page { margin: 18mm 15mm; }
}
"""


def _lines_html(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.strip().splitlines())


def render_html(data: WorkspaceData, today: dt.date) -> str:
    """The handbook as one self-contained HTML file: inline CSS, no scripts, no external assets."""
    title, blocks = build(data, today)
    return blocks_html(title, blocks, data.meta.language if data.meta else "en")


def blocks_html(title: str, blocks: list[Block], lang: str) -> str:
    """Blocks as one self-contained HTML page, every text escaped (the handbook's, and the
    employee guide's)."""
    out: list[str] = []
    in_section = False
    for block in blocks:
        if isinstance(block, Section):
            if in_section:
                out.append("</section>")
            out.append(f'<section class="playbook" id="{html.escape(block.anchor)}-page">')
            in_section = True
        elif isinstance(block, Heading):
            if block.level == 2 and in_section:
                out.append("</section>")
                in_section = False
            anchor = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
            out.append(f"<h{block.level}{anchor}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            label = (
                f'<span class="label">{html.escape(block.label)}:</span> ' if block.label else ""
            )
            out.append(f"<p>{label}{_lines_html(block.text)}</p>")
        elif isinstance(block, Bullets):
            tag = "ol" if block.ordered else "ul"
            items = []
            for item in block.items:
                first, *rest = item.splitlines() or [""]
                body = (
                    f'<span class="step-title">{html.escape(first)}</span>'
                    if rest
                    else html.escape(first)
                )
                body += "".join(
                    f'<span class="step-line">{html.escape(line)}</span>'
                    for line in rest
                    if line.strip()
                )
                items.append(f"<li>{body}</li>")
            out.append(f"<{tag}>{''.join(items)}</{tag}>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{html.escape(c)}</th>" for c in block.headers)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_lines_html(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    if in_section:
        out.append("</section>")
    body = "\n".join(out)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


FORMATS = ("md", "html")


def render(data: WorkspaceData, fmt: str, today: dt.date) -> str:
    """The handbook in ``fmt`` (md or html), secrets left out (see :func:`render_withheld`)."""
    return render_withheld(data, fmt, today)[0]


def render_withheld(data: WorkspaceData, fmt: str, today: dt.date) -> tuple[str, int]:
    """The handbook in ``fmt`` (md or html) and how many values it leaves out.

    A value that looks like a secret (the test ``smgov check`` uses) is replaced by a visible
    "[withheld: looks like a secret]" in the workspace's language.
    """
    safe = withhold_workspace(data)
    shown = _translator(data)("[withheld: looks like a secret]")
    if fmt == "html":
        return reveal(render_html(safe, today), shown, html.escape)
    if fmt == "md":
        return reveal(render_markdown(safe, today), shown, md_escape)
    raise ValueError(f"unknown handbook format {fmt!r}; use md or html")
