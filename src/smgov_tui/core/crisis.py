"""Crisis mode's state machine: where an incident stands, derived from its log alone.

Nothing here reads a file, runs git or draws a screen. A :class:`Crisis` pairs a playbook with an
incident; every question (which step now, what was skipped, how late are we) is answered by
replaying the incident's log, so a log written by an app killed at any moment, or by two people,
always gives one clear answer. Actions return the :class:`~smgov_tui.core.records.LogEntry` to
append; the store persists it, and the caller builds the next state with :meth:`Crisis.with_entry`.

Rules of the replay:

- The walkthrough covers the *applicable* steps: those whose ``severities`` is empty or names the
  incident's severity, in playbook order.
- ``done`` and ``skipped`` settle a step (the latest entry for a step wins) and move to the first
  unsettled applicable step after it; when none is left the walkthrough is finished.
- ``back`` moves to the step it names (the previous applicable step when it was logged).
- ``escalated`` raises the escalation level by one; the level starts at 1.
- ``note`` and ``resumed`` change nothing but the time of the last update.
- ``severity`` changes the severity: the applicable steps are those of the latest severity
  entry (the one chosen on opening before any), and the walkthrough goes on at the first of
  them not settled yet; the first-response deadline follows the severity too.
- Entries naming a step the playbook no longer has are kept in the log and otherwise ignored.

Each rule lives with its action in :mod:`smgov_tui.core.crisis_actions`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

import msgspec

from smgov_tui.core import records as r
from smgov_tui.core.crisis_actions import Action, Replay
from smgov_tui.i18n import N_, _, translator

StepStatus = Literal["pending", "done", "skipped"]

PLACEHOLDERS: tuple[str, ...] = ("brand", "organisation", "date", "time", "account")
"""Tokens a holding statement may use, written ``{brand}`` etc."""

_TOKEN_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


class CrisisError(ValueError):
    """An action that cannot be taken now (e.g. skip without a reason); the message says why."""


@dataclass(frozen=True)
class Escalation:
    """The next escalation level and the contacts who hold it."""

    level: int
    """The level being escalated to (2 on the first escalation)."""
    contacts: list[tuple[str, r.Contact]]
    """(id, contact) pairs of that level, sorted by name."""


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known ``{token}`` that has a value in ``values`` replaced.

    Only the tokens of :data:`PLACEHOLDERS` are touched; unknown ones, tokens without a value and
    any other braces are left exactly as written (``str.format`` is never used on user text).
    """

    out: list[str] = []
    last = 0
    for match in _TOKEN_RE.finditer(text):
        value = values.get(match.group(1))
        out.append(text[last : match.start()])
        out.append(match.group(0) if value is None else value)
        last = match.end()
        if value is not None and value.endswith(".") and text.startswith(".", last):
            last += 1  # "S.L." followed by "." in the template: one period, not two
    out.append(text[last:])
    return "".join(out)


def unfilled_placeholders(text: str) -> list[str]:
    """Known placeholder tokens still present in ``text``, e.g. ``["{account}"]``, in order."""
    seen: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        if match.group(0) not in seen:
            seen.append(match.group(0))
    return seen


def placeholder_values(
    meta: r.WorkspaceMeta | None, at: dt.datetime, account: str | None = None
) -> dict[str, str]:
    """Values for a statement's placeholders: brand, organisation, date and time (at ``at``).

    ``{brand}`` falls back to the organisation when no brand is set. ``{account}`` is filled only
    when ``account`` is given. ``{date}`` is the long form in the workspace's language (the
    statement is written in it, whatever the interface speaks): "2 de diciembre de 2026".
    """
    language = meta.language if meta is not None else "en"
    values: dict[str, str] = {"date": long_date(at.date(), language), "time": at.strftime("%H:%M")}
    if meta is not None:
        values["organisation"] = meta.organisation
        values["brand"] = meta.brand or meta.organisation
    if account:
        values["account"] = account
    return values


ACCOUNT_MARKER = N_("[account]")
"""What ``{account}`` becomes when nobody said which account is affected: a msgid, shown
translated (``_(ACCOUNT_MARKER)``)."""

MONTHS: tuple[str, ...] = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
"""Month names for long dates, translated in the language asked for."""


def long_date(day: dt.date, language: str) -> str:
    """``2 December 2026`` / ``2 de diciembre de 2026``: a date as a statement says it, in
    ``language`` (not the locale's: the machine's is often ``C``)."""
    say = translator(language)
    return say(N_("{day} {month} {year}")).format(
        day=day.day, month=say(MONTHS[day.month - 1]), year=day.year
    )


def needs_account(playbook: r.Playbook) -> bool:
    """True when a statement of ``playbook`` uses ``{account}`` (ask which account on opening)."""
    return any("{account}" in s.text for s in playbook.statements)


def account_label(account: r.Account) -> str:
    """``@handle (network)``: how a statement names the affected account."""
    return f"{account.handle} ({account.network})"


def severity_now(incident: r.Incident) -> str:
    """The incident's severity now: the latest ``severity`` entry's, else the one chosen on
    opening (lists show this one; the header keeps the first)."""
    changed = (e.severity for e in reversed(incident.log) if e.action == Action.SEVERITY)
    return next((sid for sid in changed if sid), incident.severity)


def first_response_step(playbook: r.Playbook, severity: str) -> r.Step | None:
    """The step whose ``done`` counts as the first response: the first applicable step with a
    holding statement; without such a step, the first applicable step."""
    steps = applicable_steps(playbook, severity)
    return next((s for s in steps if s.statement), steps[0] if steps else None)


def first_response_entry(incident: r.Incident, playbook: r.Playbook | None) -> r.LogEntry | None:
    """The ``done`` entry that was the first response: the first done step with a statement;
    when the playbook has no statement step, the first done step. THE one definition (stats,
    report and crisis screen use it)."""
    with_statement = {s.id for s in playbook.steps if s.statement} if playbook else set()
    done = [e for e in incident.log if e.action == Action.DONE]
    if with_statement:
        return next((e for e in done if e.step in with_statement), None)
    return done[0] if done else None


def applicable_steps(playbook: r.Playbook, severity: str) -> list[r.Step]:
    """Steps of ``playbook`` that apply to ``severity``, in order."""
    return [s for s in playbook.steps if not s.severities or severity in s.severities]


def minutes(delta: dt.timedelta) -> int:
    """Whole minutes in ``delta`` (rounded towards zero)."""
    return (
        int(delta.total_seconds() // 60)
        if delta >= dt.timedelta(0)
        else -int((-delta).total_seconds() // 60)
    )


def format_duration(delta: dt.timedelta) -> str:
    """A short duration: ``45 min``, ``1 h 05 min``, ``2 d 3 h`` (sign dropped)."""
    total = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("{d} d {h} h").format(d=days, h=hours)
    if hours and not mins:
        return _("{h} h").format(h=hours)
    if hours:
        return _("{h} h {m:02d} min").format(h=hours, m=mins)
    return _("{m} min").format(m=mins)


@dataclass(frozen=True)
class Crisis:
    """A playbook and an incident; every property is derived from the incident's log."""

    playbook: r.Playbook
    """The playbook being followed."""
    incident: r.Incident
    """The incident as read (its log included)."""

    # --- the walkthrough ----------------------------------------------------------------

    @property
    def severity_id(self) -> str:
        """The severity now (:func:`severity_now`)."""
        return severity_now(self.incident)

    @property
    def severity(self) -> r.Severity | None:
        """The severity now, or None when the playbook no longer has it."""
        severity_id = self.severity_id
        return next((s for s in self.playbook.severities if s.id == severity_id), None)

    @property
    def steps(self) -> list[r.Step]:
        """The applicable steps (at the severity now), in order."""
        return applicable_steps(self.playbook, self.severity_id)

    def _replay(self) -> tuple[int, dict[str, r.LogEntry], int]:
        ids = [s.id for s in self.steps]
        state = Replay(ids, {sid: i for i, sid in enumerate(ids)})
        for entry in self.incident.log:
            Action(entry.action).replay(state, entry)  # Action(): an entry built by hand has a str
        return state.position, state.settled, state.level

    @property
    def position(self) -> int:
        """Index of the current step in :attr:`steps`; ``len(steps)`` when all are settled."""
        return self._replay()[0]

    @property
    def current_step(self) -> r.Step | None:
        """The step to work on now, or None when the walkthrough is finished."""
        position = self.position
        steps = self.steps
        return steps[position] if position < len(steps) else None

    @property
    def finished(self) -> bool:
        """True when no step is left to do (the incident can be closed)."""
        return self.current_step is None

    @property
    def is_closed(self) -> bool:
        """True once the incident is closed."""
        return self.incident.status == "closed"

    def settled(self) -> dict[str, r.LogEntry]:
        """The latest done/skipped entry of each settled step, by step id."""
        return self._replay()[1]

    def status_of(self, step_id: str) -> StepStatus:
        """pending, done or skipped."""
        entry = self.settled().get(step_id)
        if entry is None:
            return "pending"
        return "done" if entry.action == Action.DONE else "skipped"

    def counts(self) -> tuple[int, int, int]:
        """(done, skipped, total) over the applicable steps."""
        settled = self.settled()
        ids = {s.id for s in self.steps}
        done = sum(1 for sid, e in settled.items() if sid in ids and e.action == Action.DONE)
        skipped = sum(1 for sid, e in settled.items() if sid in ids and e.action == Action.SKIPPED)
        return done, skipped, len(ids)

    def not_done(self) -> list[r.Step]:
        """Applicable steps neither done nor skipped, in order (the report lists them)."""
        settled = self.settled()
        return [s for s in self.steps if s.id not in settled]

    def notes_for(self, step_id: str) -> list[r.LogEntry]:
        """Log entries (notes, escalations, skips) recorded on ``step_id``, in order."""
        return [e for e in self.incident.log if e.step == step_id and e.action != Action.BACK]

    @property
    def escalation_level(self) -> int:
        """The current escalation level: 1, plus one per escalation logged."""
        return self._replay()[2]

    def next_escalation(self, contacts: Mapping[str, r.Contact]) -> Escalation:
        """The level above the current one and its contacts (possibly nobody)."""
        level = self.escalation_level + 1
        holders = sorted(
            ((cid, c) for cid, c in contacts.items() if c.escalation_level == level),
            key=lambda pair: (pair[1].name.casefold(), pair[0]),
        )
        return Escalation(level, holders)

    # --- time ---------------------------------------------------------------------------

    @property
    def deadline(self) -> dt.datetime:
        """When the first public response must be out: opened + the severity's minutes."""
        severity = self.severity
        minutes_ = severity.first_response_minutes if severity else 60
        return self.incident.opened_at + dt.timedelta(minutes=minutes_)

    def elapsed(self, now: dt.datetime) -> dt.timedelta:
        """Time since the incident opened (until it closed, once closed)."""
        end = self.incident.closed_at if self.is_closed and self.incident.closed_at else now
        return end - self.incident.opened_at

    def remaining(self, now: dt.datetime) -> dt.timedelta:
        """Time left before the first-response deadline; negative once overdue."""
        return self.deadline - now

    def first_response_at(self) -> dt.datetime | None:
        """When the first response was out (:func:`first_response_entry`), if it was."""
        entry = first_response_entry(self.incident, self.playbook)
        return entry.at if entry is not None else None

    @property
    def first_response_step(self) -> r.Step | None:
        """The step that counts as the first response (:func:`first_response_step`)."""
        return first_response_step(self.playbook, self.severity_id)

    def overdue(self, now: dt.datetime) -> bool:
        """True when the deadline passed and no first response was recorded before it."""
        out = self.first_response_at()
        if out is not None:
            return out > self.deadline
        return now > self.deadline

    def last_update(self) -> dt.datetime:
        """Time of the latest log entry (the opening time for an empty log)."""
        times = [e.at for e in self.incident.log]
        return max(times) if times else self.incident.opened_at

    def since_update(self, now: dt.datetime) -> dt.timedelta:
        """Time since the last log entry."""
        return now - self.last_update()

    def reminder_due(self, now: dt.datetime) -> bool:
        """True while open when nothing was logged for the playbook's ``reminder_minutes``."""
        if self.is_closed:
            return False
        return self.since_update(now) >= dt.timedelta(minutes=self.playbook.reminder_minutes)

    # --- actions ------------------------------------------------------------------------

    def _require_open(self) -> None:
        if self.is_closed:
            raise CrisisError(_("The incident is closed; nothing more can be logged."))

    def _require_step(self) -> r.Step:
        self._require_open()
        step = self.current_step
        if step is None:
            raise CrisisError(_("Every step is settled; close the incident or go back."))
        return step

    def to_pause(self, step: r.Step) -> list[str]:
        """Ids of the accounts a pause step pauses: its own, then the incident's affected
        account when the step does not list it; empty for any other step."""
        if not step.pause_accounts:
            return []
        listed = list(dict.fromkeys(step.pause_accounts))
        account = self.incident.account
        return listed if not account or account in listed else [*listed, account]

    def done(
        self, author: str, at: dt.datetime, note: str = "", paused: Sequence[str] = ()
    ) -> r.LogEntry:
        """Mark the current step done. A pause step is done only once every account it pauses
        is confirmed paused (``paused``), and the entry names them."""
        step = self._require_step()
        required = self.to_pause(step)
        unknown = [aid for aid in paused if aid not in required]
        if unknown:
            raise CrisisError(
                _("This step does not pause {accounts}.").format(accounts=", ".join(unknown))
            )
        missing = [aid for aid in required if aid not in paused]
        if missing:
            raise CrisisError(
                _(
                    "Confirm that every account is paused before marking the step done: {accounts}."
                ).format(accounts=", ".join(missing))
            )
        return r.LogEntry(
            at=at,
            author=author,
            action=Action.DONE,
            step=step.id,
            note=note.strip(),
            paused=[aid for aid in required if aid in paused],
        )

    def skip(self, author: str, at: dt.datetime, reason: str) -> r.LogEntry:
        """Skip the current step; a reason is required (the post-mortem needs it)."""
        step = self._require_step()
        if not reason.strip():
            raise CrisisError(_("Say why the step is skipped; the reason goes in the report."))
        return r.LogEntry(
            at=at, author=author, action=Action.SKIPPED, step=step.id, note=reason.strip()
        )

    def note(self, author: str, at: dt.datetime, text: str) -> r.LogEntry:
        """A note on the current step (or on the incident when every step is settled)."""
        self._require_open()
        if not text.strip():
            raise CrisisError(_("The note is empty; write what happened."))
        step = self.current_step
        return r.LogEntry(
            at=at,
            author=author,
            action=Action.NOTE,
            step=step.id if step else "",
            note=text.strip(),
        )

    def escalate(
        self,
        author: str,
        at: dt.datetime,
        contacts: Mapping[str, r.Contact],
        note: str = "",
        outcomes: Mapping[str, str] | None = None,
    ) -> r.LogEntry:
        """Escalate to the next level. The entry names every contact of the level with what
        came of calling them (``outcomes`` by contact id: reached, no_answer, left_message; a
        contact left out was not called), and the note is the caller's own words."""
        self._require_open()
        nxt = self.next_escalation(contacts)
        if not nxt.contacts:
            raise CrisisError(
                _("Level {current} is the highest: keep calling them.").format(
                    current=nxt.level - 1
                )
            )
        given = dict(outcomes or {})
        holders = {cid for cid, _contact in nxt.contacts}
        strange = sorted(cid for cid in given if cid not in holders)
        if strange:
            raise CrisisError(
                _("{contacts} do not hold level {level}.").format(
                    contacts=", ".join(strange), level=nxt.level
                )
            )
        wrong = sorted({v for v in given.values() if v not in r.CALL_OUTCOMES})
        if wrong:
            raise ValueError(f"unknown call outcomes: {', '.join(wrong)}")
        calls = [
            r.Call(
                contact=cid,
                who=describe_contact(contact),
                outcome=cast(r.CallOutcome, given.get(cid, "not_called")),
            )
            for cid, contact in nxt.contacts
        ]
        step = self.current_step
        return r.LogEntry(
            at=at,
            author=author,
            action=Action.ESCALATED,
            step=step.id if step else "",
            note=note.strip(),
            calls=calls,
        )

    def back(self, author: str, at: dt.datetime) -> r.LogEntry:
        """Go back to the previous applicable step."""
        self._require_open()
        position = self.position
        if position == 0 or not self.steps:
            raise CrisisError(_("This is the first step; there is nothing to go back to."))
        target = self.steps[position - 1]
        return r.LogEntry(at=at, author=author, action=Action.BACK, step=target.id)

    def change_severity(self, author: str, at: dt.datetime, severity: str) -> r.LogEntry:
        """The incident is more (or less) serious than first thought: from now on the steps,
        the first-response deadline and the report follow ``severity`` (a playbook's id)."""
        self._require_open()
        by_id = {s.id: s for s in self.playbook.severities}
        new = by_id.get(severity)
        if new is None:
            known = ", ".join(by_id) or _("none")
            raise CrisisError(
                _("Unknown severity {severity}; this playbook has: {known}").format(
                    severity=severity, known=known
                )
            )
        old_id = self.severity_id
        if severity == old_id:
            raise CrisisError(
                _("The severity is already {severity}.").format(severity=new.label or new.id)
            )
        old = by_id.get(old_id)
        change = f"{old.label or old.id if old else old_id} → {new.label or new.id}"
        step = self.current_step
        return r.LogEntry(
            at=at,
            author=author,
            action=Action.SEVERITY,
            step=step.id if step else "",
            note=change,
            severity=severity,
        )

    def resumed(self, author: str, at: dt.datetime) -> r.LogEntry:
        """Somebody picked the incident up again (after a restart or from another machine)."""
        self._require_open()
        step = self.current_step
        return r.LogEntry(at=at, author=author, action=Action.RESUMED, step=step.id if step else "")

    def close(self, author: str, at: dt.datetime, summary: str, lessons: str) -> r.Incident:
        """The incident closed: status, time, summary, lessons, and a ``closed`` log entry."""
        self._require_open()
        if not summary.strip():
            raise CrisisError(_("Write a resolution summary before closing."))
        entry = r.LogEntry(at=at, author=author, action=Action.CLOSED, note=summary.strip())
        return msgspec.structs.replace(
            self.incident,
            status="closed",
            closed_at=at,
            summary=summary.strip(),
            lessons=lessons.strip(),
            log=[*self.incident.log, entry],
        )

    def with_entry(self, entry: r.LogEntry) -> Crisis:
        """The state after ``entry`` is appended to the log."""
        incident = msgspec.structs.replace(self.incident, log=[*self.incident.log, entry])
        return Crisis(self.playbook, incident)


CALL_OUTCOME_LABELS: dict[str, str] = {
    "reached": N_("reached"),
    "no_answer": N_("no answer"),
    "left_message": N_("left a message"),
    "not_called": N_("not called"),
}
"""What people read for each outcome of a call (the stored words stay English)."""


def call_outcome_label(outcome: str) -> str:
    """The label of a call's outcome; a word the format does not know is shown as it is."""
    text = CALL_OUTCOME_LABELS.get(outcome)
    return _(text) if text else outcome


def entry_text(entry: r.LogEntry, level: int = 0, accounts: Mapping[str, str] | None = None) -> str:
    """Everything an entry says, as lines: its note, and what it records besides. An
    escalation names its level (``level``, when known) and each contact with what came of the
    call; a pause step done names the accounts confirmed paused (``accounts``: how to name an
    account id, e.g. ``@olmedo (instagram)``). Old entries, with only a note, read as written."""
    lines: list[str] = []
    if entry.calls:
        if level:
            lines.append(_("Level {level}:").format(level=level))
        lines += [
            f"{call.who or call.contact} — {call_outcome_label(call.outcome)}"
            for call in entry.calls
        ]
    if entry.note:
        lines.append(entry.note)
    if entry.paused:
        names = ", ".join((accounts or {}).get(aid, aid) for aid in entry.paused)
        lines.append(_("Confirmed paused: {accounts}").format(accounts=names))
    return "\n".join(lines)


def entry_texts(log: Sequence[r.LogEntry], accounts: Mapping[str, str] | None = None) -> list[str]:
    """:func:`entry_text` of each entry of ``log``, escalations numbered by level as the log
    is replayed (the first one reaches level 2)."""
    out: list[str] = []
    level = 1
    for entry in log:
        if entry.action == Action.ESCALATED:
            level += 1
            out.append(entry_text(entry, level, accounts))
        else:
            out.append(entry_text(entry, 0, accounts))
    return out


def describe_contact(contact: r.Contact) -> str:
    """``Name (Organisation) phone`` for a log note: what someone reading later needs."""
    parts = [contact.name]
    if contact.organisation:
        parts.append(f"({contact.organisation})")
    if contact.phone:
        parts.append(contact.phone)
    return " ".join(parts)


def open_incident(
    playbook_id: str,
    playbook: r.Playbook,
    severity: str,
    author: str,
    at: dt.datetime,
    title: str = "",
    account: str = "",
) -> r.Incident:
    """A new incident on ``playbook`` at ``severity``, its log starting with ``opened``."""
    if severity not in {s.id for s in playbook.severities}:
        known = ", ".join(s.id for s in playbook.severities) or _("none")
        raise CrisisError(
            _('"{severity}" is not a severity of {playbook} (known: {known})').format(
                severity=severity, playbook=playbook_id, known=known
            )
        )
    return r.Incident(
        playbook=playbook_id,
        severity=severity,
        opened_at=at,
        opened_by=author,
        title=title.strip() or playbook.title,
        account=account,
        status="open",
        log=[r.LogEntry(at=at, author=author, action=Action.OPENED, note=title.strip())],
    )
