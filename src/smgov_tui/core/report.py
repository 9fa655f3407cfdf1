"""The post-mortem report of an incident, as Markdown or HTML, from its log alone."""

from __future__ import annotations

import datetime as dt
import html

from smgov_tui.core.crisis import Crisis, entry_texts, format_duration
from smgov_tui.core.crisis_actions import Action
from smgov_tui.core.escape import md_block, md_cell, md_escape
from smgov_tui.core.withhold import marker, reveal, withhold
from smgov_tui.i18n import _, ngettext


def incident_status_label(status: str) -> str:
    """The label of an incident's status (open or closed); an unknown value is shown as it is."""
    return {"open": _("open"), "closed": _("closed")}.get(status, status)


def _facts(incident_id: str, crisis: Crisis, tz: dt.tzinfo, account: str) -> list[tuple[str, str]]:
    incident = crisis.incident
    severity = crisis.severity
    facts = [
        (_("Incident"), incident_id),
        (_("Playbook"), f"{crisis.playbook.title} ({incident.playbook})"),
        (_("Severity"), severity.label or severity.id if severity else incident.severity),
    ]
    if incident.account:
        facts.append((_("Affected account"), account or incident.account))
    facts += [
        (_("Status"), incident_status_label(incident.status)),
        (
            _("Opened"),
            f"{incident.opened_at.astimezone(tz):%Y-%m-%d %H:%M %z} · {incident.opened_by}",
        ),
    ]
    if incident.closed_at:
        facts.append((_("Closed"), f"{incident.closed_at.astimezone(tz):%Y-%m-%d %H:%M %z}"))
        facts.append((_("Duration"), format_duration(incident.closed_at - incident.opened_at)))
    out = crisis.first_response_at()
    deadline = f"{crisis.deadline.astimezone(tz):%H:%M}"
    if out is None:
        facts.append(
            (_("First response"), _("none recorded (due by {deadline})").format(deadline=deadline))
        )
    else:
        verdict = _("late") if out > crisis.deadline else _("in time")
        facts.append(
            (
                _("First response"),
                _("{when} ({verdict}; due by {deadline})").format(
                    when=f"{out.astimezone(tz):%H:%M}", verdict=verdict, deadline=deadline
                ),
            )
        )
    done, skipped, total = crisis.counts()
    facts.append(
        (
            _("Steps"),
            step_counts(done, skipped, total),
        )
    )
    return facts


def step_counts(done: int, skipped: int, total: int) -> str:
    """``1 done, 0 skipped, 3 not done of 4``, each count in its own plural form ("1 saltado",
    not "1 saltados")."""
    left = total - done - skipped
    return _("{done}, {skipped}, {left} of {total}").format(
        done=ngettext("{n} done", "{n} done", done).format(n=done),
        skipped=ngettext("{n} skipped", "{n} skipped", skipped).format(n=skipped),
        left=ngettext("{n} not done", "{n} not done", left).format(n=left),
        total=total,
    )


def _timeline(crisis: Crisis, tz: dt.tzinfo) -> list[tuple[str, str, str, str, str]]:
    titles = {s.id: s.title for s in crisis.playbook.steps}
    rows = []
    for entry, text in zip(crisis.incident.log, entry_texts(crisis.incident.log), strict=True):
        step = titles.get(entry.step, entry.step) if entry.step else ""
        rows.append(
            (
                f"{entry.at.astimezone(tz):%Y-%m-%d %H:%M}",
                entry.author,
                Action(entry.action).label,
                step,
                text,
            )
        )
    return rows


def _skipped(crisis: Crisis) -> list[tuple[str, str]]:
    titles = {s.id: s.title for s in crisis.playbook.steps}
    return [
        (titles.get(sid, sid), e.note)
        for sid, e in crisis.settled().items()
        if e.action == Action.SKIPPED
    ]


def _escalations(crisis: Crisis, tz: dt.tzinfo) -> list[tuple[str, str]]:
    """Each escalation's time and its text: the level, every contact with what came of the
    call (reached, no answer, left a message, not called), the person's words."""
    log = crisis.incident.log
    return [
        (f"{e.at.astimezone(tz):%H:%M}", text)
        for e, text in zip(log, entry_texts(log), strict=True)
        if e.action == Action.ESCALATED
    ]


def report_markdown(incident_id: str, crisis: Crisis, tz: dt.tzinfo, account: str = "") -> str:
    """The report as Markdown; every piece of log text is escaped to read as written.

    Titles, summaries, notes and authors come from whoever logged them: :mod:`core.escape`
    keeps their HTML, links and markup inert. Table cells have ``|`` escaped and newlines as
    ``<br>``.
    """
    e = md_escape
    incident = crisis.incident
    lines = [f"# {e(_('Post-mortem'))}: {e(incident.title or incident_id)}", ""]
    lines += [
        f"- **{e(key)}:** {e(value)}" for key, value in _facts(incident_id, crisis, tz, account)
    ]
    summary = md_block(incident.summary) or e(_("(not closed yet)"))
    lines += ["", f"## {e(_('Summary'))}", "", summary, ""]
    lessons = md_block(incident.lessons) or e(_("(none written)"))
    lines += [f"## {e(_('Lessons learned'))}", "", lessons, ""]
    skipped = _skipped(crisis)
    lines += [f"## {e(_('Skipped steps'))}", ""]
    lines += [f"- **{e(title)}:** {e(reason)}" for title, reason in skipped] or [
        e(_("None.")),
        "",
    ]
    if skipped:
        lines.append("")
    not_done = [step.title for step in crisis.not_done()]
    lines += [f"## {e(_('Steps not done'))}", ""]
    lines += [f"- {e(title)}" for title in not_done] or [e(_("None.")), ""]
    if not_done:
        lines.append("")
    escalations = _escalations(crisis, tz)
    lines += [f"## {e(_('Escalations'))}", ""]
    for when, note in escalations:  # an escalation names one contact per line
        first, *rest = note.splitlines() or [""]
        lines.append(f"- {e(when)}: {e(first)}")
        lines += [f"  - {e(line)}" for line in rest]
    if not escalations:
        lines += [e(_("None.")), ""]
    if escalations:
        lines.append("")
    lines += [f"## {e(_('Timeline'))}", ""]
    heads = (_("Time"), _("Author"), _("Action"), _("Step"), _("Note"))
    lines.append("| " + " | ".join(md_cell(head) for head in heads) + " |")
    lines.append("| --- | --- | --- | --- | --- |")
    for row in _timeline(crisis, tz):
        lines.append("| " + " | ".join(md_cell(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def report_html(incident_id: str, crisis: Crisis, tz: dt.tzinfo, account: str = "") -> str:
    """The report as a standalone HTML page; every piece of user text is escaped."""
    e = html.escape
    incident = crisis.incident
    title = f"{_('Post-mortem')}: {incident.title or incident_id}"
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #888;padding:.2em .5em;"
        "vertical-align:top;white-space:pre-wrap}</style>",
        "</head><body>",
        f"<h1>{e(title)}</h1>",
        "<dl>",
    ]
    for key, value in _facts(incident_id, crisis, tz, account):
        parts.append(f"<dt>{e(key)}</dt><dd>{e(value)}</dd>")
    parts.append("</dl>")
    summary = incident.summary or _("(not closed yet)")
    lessons = incident.lessons or _("(none written)")
    parts.append(f'<h2>{e(_("Summary"))}</h2><p style="white-space:pre-wrap">{e(summary)}</p>')
    parts.append(
        f'<h2>{e(_("Lessons learned"))}</h2><p style="white-space:pre-wrap">{e(lessons)}</p>'
    )
    parts.append(f"<h2>{e(_('Skipped steps'))}</h2><ul>")
    skipped = _skipped(crisis)
    parts += [f"<li><b>{e(t)}</b>: {e(reason)}</li>" for t, reason in skipped] or [
        f"<li>{e(_('None.'))}</li>"
    ]
    parts.append(f"</ul><h2>{e(_('Steps not done'))}</h2><ul>")
    not_done = [step.title for step in crisis.not_done()]
    parts += [f"<li>{e(t)}</li>" for t in not_done] or [f"<li>{e(_('None.'))}</li>"]
    parts.append(f"</ul><h2>{e(_('Escalations'))}</h2><ul>")
    escalations = _escalations(crisis, tz)
    parts += [
        f"<li>{e(when)}: {'<br>'.join(e(line) for line in note.splitlines())}</li>"
        for when, note in escalations
    ] or [f"<li>{e(_('None.'))}</li>"]
    parts.append(f"</ul><h2>{e(_('Timeline'))}</h2><table><thead><tr>")
    for head in (_("Time"), _("Author"), _("Action"), _("Step"), _("Note")):
        parts.append(f"<th>{e(head)}</th>")
    parts.append("</tr></thead><tbody>")
    for row in _timeline(crisis, tz):
        parts.append("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>")
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts) + "\n"


def render_report(
    incident_id: str, crisis: Crisis, tz: dt.tzinfo, fmt: str, account: str = ""
) -> tuple[str, int]:
    """The report in ``fmt`` (md or html) as ``smgov incident report`` writes it, and how many
    values it leaves out: a note, a title or a summary that looks like a secret (the test
    ``smgov check`` uses) is replaced by a visible "[withheld: looks like a secret]".

    ``account``: how to name the affected account (``@handle (network)``); the incident's
    account id when not given.
    """
    safe = Crisis(withhold(crisis.playbook), withhold(crisis.incident))
    if fmt == "html":
        return reveal(report_html(incident_id, safe, tz, account), marker(), html.escape)
    return reveal(report_markdown(incident_id, safe, tz, account), marker())
