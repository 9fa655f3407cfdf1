"""The governance handbook: the whole plan as one document, in Markdown or self-contained HTML.

Rendering is pure: a :class:`WorkspaceData` goes in, text comes out. The document is first built
as a few simple blocks (headings, paragraphs, lists, tables, page breaks), then each block is
rendered, so the Markdown and the HTML always say the same thing. Headings are in the
workspace's language (a small table per language, so the export never switches the language of
a running interface). Every piece of user text is escaped for the format it lands in.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

from smgov_tui.core import records as r
from smgov_tui.core.escape import md_block, md_cell, md_escape
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.withhold import reveal, withhold_workspace

HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Social media governance handbook",
        "generated": "Generated on {date} from the smgov workspace.",
        "contents": "Contents",
        "objectives": "Objectives",
        "no_objectives": "No objectives written yet.",
        "ownership": "Who owns what",
        "ownership_intro": "Every account, by department, with the person in charge and the "
        "person who stands in.",
        "no_department": "No department",
        "account": "Account",
        "status": "Status",
        "owner": "Owner",
        "backup": "Backup",
        "response": "Response time",
        "purpose": "Purpose",
        "hours": "{n} h",
        "communication": "Communication protocol",
        "key_messages": "Key messages",
        "voice_and_tone": "Voice and tone",
        "keywords": "Keywords",
        "banned_topics": "Topics we never post or answer about",
        "hashtags": "Official hashtags",
        "languages": "Languages",
        "approved_phrases": "Approved phrases",
        "employee_guidelines": "Guidelines for employees",
        "management": "Management protocol",
        "why": "Why we are on social media",
        "roles": "Roles",
        "role": "Role",
        "responsibilities": "Responsibilities",
        "approval_rules": "Approvals",
        "content": "Content",
        "approver": "Approved by",
        "notes": "Notes",
        "calendar": "Posting calendar",
        "days": "Days",
        "time": "Time",
        "all_accounts": "all accounts",
        "response_times": "Response times",
        "channel": "Kind of message",
        "review": "Every account is reviewed at least every {n} days.",
        "contacts": "Crisis contacts",
        "name": "Name",
        "kind": "Kind",
        "organisation": "Organisation",
        "phone": "Phone",
        "email": "Email",
        "availability": "Availability",
        "level": "Level",
        "playbooks": "Crisis playbooks",
        "trigger": "When it starts",
        "severities": "Severity levels",
        "severity": "Severity",
        "first_response": "First response within",
        "minutes": "{n} min",
        "steps": "Steps",
        "call": "Call",
        "statement": "Holding statement",
        "applies_to": "Only for",
        "none": "None.",
        "not_set": "not set",
        "withheld": "[withheld: looks like a secret]",
    },
    "es": {
        "title": "Manual de gobierno de redes sociales",
        "generated": "Generado el {date} desde el espacio de trabajo de smgov.",
        "contents": "Contenido",
        "objectives": "Objetivos",
        "no_objectives": "Todavía no hay objetivos escritos.",
        "ownership": "Quién se ocupa de qué",
        "ownership_intro": "Todas las cuentas, por departamento, con la persona responsable y "
        "la persona que la sustituye.",
        "no_department": "Sin departamento",
        "account": "Cuenta",
        "status": "Estado",
        "owner": "Responsable",
        "backup": "Sustituto",
        "response": "Tiempo de respuesta",
        "purpose": "Propósito",
        "hours": "{n} h",
        "communication": "Protocolo de comunicación",
        "key_messages": "Mensajes clave",
        "voice_and_tone": "Voz y tono",
        "keywords": "Palabras clave",
        "banned_topics": "Temas de los que nunca publicamos ni respondemos",
        "hashtags": "Hashtags oficiales",
        "languages": "Idiomas",
        "approved_phrases": "Frases aprobadas",
        "employee_guidelines": "Pautas para empleados",
        "management": "Protocolo de gestión",
        "why": "Por qué estamos en redes sociales",
        "roles": "Roles",
        "role": "Rol",
        "responsibilities": "Responsabilidades",
        "approval_rules": "Aprobaciones",
        "content": "Contenido",
        "approver": "Aprueba",
        "notes": "Notas",
        "calendar": "Calendario de publicación",
        "days": "Días",
        "time": "Hora",
        "all_accounts": "todas las cuentas",
        "response_times": "Tiempos de respuesta",
        "channel": "Tipo de mensaje",
        "review": "Cada cuenta se revisa al menos cada {n} días.",
        "contacts": "Contactos de crisis",
        "name": "Nombre",
        "kind": "Tipo",
        "organisation": "Organización",
        "phone": "Teléfono",
        "email": "Correo",
        "availability": "Disponibilidad",
        "level": "Nivel",
        "playbooks": "Guías de crisis",
        "trigger": "Cuándo empieza",
        "severities": "Niveles de gravedad",
        "severity": "Gravedad",
        "first_response": "Primera respuesta en",
        "minutes": "{n} min",
        "steps": "Pasos",
        "call": "Llamar a",
        "statement": "Comunicado de espera",
        "applies_to": "Solo para",
        "none": "Nada.",
        "not_set": "sin indicar",
        "withheld": "[omitido: parece un secreto]",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "active": "active",
        "paused": "paused",
        "archived": "archived",
        "legal": "legal",
        "pr_agency": "PR agency",
        "executive": "executive",
        "it_security": "IT security",
        "platform_support": "platform support",
        "other": "other",
        "mon": "Mon",
        "tue": "Tue",
        "wed": "Wed",
        "thu": "Thu",
        "fri": "Fri",
        "sat": "Sat",
        "sun": "Sun",
    },
    "es": {
        "active": "activa",
        "paused": "en pausa",
        "archived": "archivada",
        "legal": "legal",
        "pr_agency": "agencia de comunicación",
        "executive": "dirección",
        "it_security": "seguridad informática",
        "platform_support": "soporte de la plataforma",
        "other": "otro",
        "mon": "lun",
        "tue": "mar",
        "wed": "mié",
        "thu": "jue",
        "fri": "vie",
        "sat": "sáb",
        "sun": "dom",
    },
}


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


def _person(data: WorkspaceData, owner_id: str, words: dict[str, str]) -> str:
    if not owner_id:
        return words["not_set"]
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
    """The handbook's title and blocks for ``data``, in the workspace's language."""
    lang = data.meta.language if data.meta else "en"
    h = HEADINGS.get(lang, HEADINGS["en"])
    w = {**WORDS.get(lang, WORDS["en"]), "not_set": h["not_set"]}
    organisation = data.meta.organisation if data.meta else ""
    title = f"{organisation} — {h['title']}" if organisation else h["title"]
    blocks: list[Block] = [Heading(1, title, "top"), Para(h["generated"].format(date=today))]
    playbooks = sorted(data.playbooks.items())
    toc = [h["objectives"], h["ownership"], h["communication"], h["management"], h["contacts"]]
    toc.append(h["playbooks"] + ": " + ", ".join(p.title for _i, p in playbooks))
    blocks += [Heading(2, h["contents"], "contents"), Bullets(toc, ordered=True)]

    blocks.append(Heading(2, h["objectives"], "objectives"))
    objectives = data.meta.objectives if data.meta else []
    blocks.append(Bullets(list(objectives)) if objectives else Para(h["no_objectives"]))

    blocks += [Heading(2, h["ownership"], "ownership"), Para(h["ownership_intro"])]
    by_department: dict[str, list[tuple[str, r.Account]]] = {}
    for aid, account in sorted(data.accounts.items()):
        by_department.setdefault(account.department.strip(), []).append((aid, account))
    default = data.default_response_hours
    for department in sorted(by_department, key=lambda d: (d == "", d.casefold())):
        blocks.append(Heading(3, department or h["no_department"]))
        table = Table([h["account"], h["status"], h["owner"], h["backup"], h["response"]])
        for aid, account in by_department[department]:
            name = f"{account.handle} ({account.network}, {aid})"
            if account.url:
                name += f" {account.url}"
            if account.purpose:
                name += f" — {account.purpose}"
            table.rows.append(
                [
                    name,
                    w.get(account.status, account.status),
                    _person(data, account.owner, w),
                    _person(data, account.backup_owner, w),
                    h["hours"].format(n=account.response_sla_hours or default),
                ]
            )
        blocks.append(table)

    blocks.append(Heading(2, h["communication"], "communication"))
    comm = data.communication
    if comm is None:
        blocks.append(Para(h["none"]))
    else:
        if comm.voice_and_tone:
            blocks += [Heading(3, h["voice_and_tone"]), Para(comm.voice_and_tone)]
        for key in (
            "key_messages",
            "keywords",
            "banned_topics",
            "hashtags",
            "languages",
            "approved_phrases",
            "employee_guidelines",
        ):
            items: list[str] = getattr(comm, key)
            if items:
                blocks += [Heading(3, h[key]), Bullets(list(items))]

    blocks.append(Heading(2, h["management"], "management"))
    mgmt = data.management
    if mgmt is None:
        blocks.append(Para(h["none"]))
    else:
        if mgmt.purpose:
            blocks += [Heading(3, h["why"]), Para(mgmt.purpose.strip())]
        roles = {role.id: role.title or role.id for role in mgmt.roles}
        if mgmt.roles:
            blocks += [
                Heading(3, h["roles"]),
                Table(
                    [h["role"], h["responsibilities"]],
                    [[role.title or role.id, role.responsibilities.strip()] for role in mgmt.roles],
                ),
            ]
        if mgmt.approval_rules:
            blocks += [
                Heading(3, h["approval_rules"]),
                Table(
                    [h["content"], h["approver"], h["notes"]],
                    [
                        [rule.content, roles.get(rule.approver, rule.approver), rule.notes.strip()]
                        for rule in mgmt.approval_rules
                    ],
                ),
            ]
        if mgmt.calendar:
            blocks += [
                Heading(3, h["calendar"]),
                Table(
                    [h["days"], h["time"], h["account"], h["content"]],
                    [
                        [
                            ", ".join(w.get(d, d) for d in slot.days),
                            slot.time,
                            slot.account or h["all_accounts"],
                            slot.content,
                        ]
                        for slot in mgmt.calendar
                    ],
                ),
            ]
        if mgmt.response_times:
            blocks += [
                Heading(3, h["response_times"]),
                Table(
                    [h["channel"], h["response"]],
                    [[t.channel, h["hours"].format(n=t.hours)] for t in mgmt.response_times],
                ),
            ]
        blocks.append(Para(h["review"].format(n=mgmt.review_cadence_days)))

    blocks.append(Heading(2, h["contacts"], "contacts"))
    contacts = sorted(data.contacts.items(), key=lambda item: (item[1].escalation_level, item[0]))
    blocks.append(
        Table(
            [
                h["level"],
                h["name"],
                h["kind"],
                h["organisation"],
                h["phone"],
                h["email"],
                h["availability"],
            ],
            [
                [
                    str(c.escalation_level),
                    c.name,
                    w.get(c.kind, c.kind),
                    c.organisation,
                    c.phone,
                    c.email,
                    c.availability,
                ]
                for _cid, c in contacts
            ],
        )
        if contacts
        else Para(h["none"])
    )

    blocks.append(Heading(2, h["playbooks"], "playbooks"))
    for pid, playbook in playbooks:
        blocks += [Section(f"playbook-{pid}"), Heading(3, playbook.title, f"playbook-{pid}")]
        if playbook.trigger:
            blocks.append(Para(playbook.trigger.strip(), h["trigger"]))
        if playbook.severities:
            blocks += [
                Heading(4, h["severities"]),
                Table(
                    [h["severity"], h["first_response"], h["notes"]],
                    [
                        [
                            s.label or s.id,
                            h["minutes"].format(n=s.first_response_minutes),
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
                lines.append(f"{h['role']}: {roles_of(data).get(step.role, step.role)}")
            if step.detail:
                lines.append(step.detail.strip())
            if step.contacts:
                lines.append(f"{h['call']}: " + "; ".join(_contact(data, c) for c in step.contacts))
            if step.severities:
                names = ", ".join(severity_names.get(s, s) for s in step.severities)
                lines.append(f"{h['applies_to']}: {names}")
            statement = statements.get(step.statement)
            if statement is not None:
                lines.append(f"{h['statement']}: {statement.text.strip()}")
            items.append("\n".join(lines))
        if items:
            blocks += [Heading(4, h["steps"]), Bullets(items, ordered=True)]
    return title, blocks


def roles_of(data: WorkspaceData) -> dict[str, str]:
    """Role titles by id, from the management protocol."""
    mgmt = data.management
    return {role.id: role.title or role.id for role in mgmt.roles} if mgmt else {}


# --- Markdown ---------------------------------------------------------------------------------


def render_markdown(data: WorkspaceData, today: dt.date) -> str:
    """The handbook as Markdown (CommonMark with pipe tables)."""
    _title, blocks = build(data, today)
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
    lang = data.meta.language if data.meta else "en"
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
    lang = data.meta.language if data.meta else "en"
    shown = HEADINGS.get(lang, HEADINGS["en"])["withheld"]
    if fmt == "html":
        return reveal(render_html(safe, today), shown, html.escape)
    if fmt == "md":
        return reveal(render_markdown(safe, today), shown, md_escape)
    raise ValueError(f"unknown handbook format {fmt!r}; use md or html")
