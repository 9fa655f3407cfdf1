"""Crisis actions: every kind of line an incident's log can hold, as one type.

A newcomer adding an action adds one member to :class:`Action` and one row to ``_SPECS``: the
row says how the action moves the walkthrough on replay, how it reads in the log, the report and
the footer, what the screen says once it is saved, what its commit is called, and how the person
at the keyboard logs it. The store (``store.incidents``) and the crisis screen dispatch on the
member; nothing else compares action words.

The member's value is the word stored as ``action = "..."`` in ``incidents/<id>.toml``: those
words are the file format and never change (old incident files must keep loading).

Pure: no textual, no git, no file. :class:`~smgov_tui.core.crisis.Crisis` and
:class:`~smgov_tui.core.records.LogEntry` are only named for the type checker (``records`` imports
this module for the field type, and ``crisis`` for the replay).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

import msgspec

from smgov_tui.i18n import _

if TYPE_CHECKING:
    from smgov_tui.core.crisis import Crisis
    from smgov_tui.core.records import Contact, LogEntry


class Action(StrEnum):
    """What one log entry records. Each value is the word written in the incident file."""

    OPENED = "opened"
    DONE = "done"
    SKIPPED = "skipped"
    NOTE = "note"
    ESCALATED = "escalated"
    BACK = "back"
    RESUMED = "resumed"
    CLOSED = "closed"
    SEVERITY = "severity"

    @property
    def label(self) -> str:
        """How the action reads in the report's timeline and the incident's detail (translated
        now, so a language switch shows at once)."""
        return _SPECS[self].label()

    @property
    def tag(self) -> str:
        """``[note]`` (``[nota]`` in Spanish): how an entry is marked in the crisis screen's
        "logged on this step" list, in the interface's language like the report's timeline."""
        return f"[{self.label}]"

    def saved_message(self, at: str, step: str) -> str:
        """What the crisis screen says once the action is committed (``at`` is the time of
        day, ``step`` the title of the step the entry names)."""
        return _SPECS[self].saved().format(at=at, step=step)

    def subject(
        self,
        incident_id: str,
        step: str = "",
        level: int = 0,
        playbook: str = "",
        severity: str = "",
    ) -> str:
        """The commit subject, e.g. ``incidents: 2026-06-18-x done lock-account``.

        ``level`` is the escalation level reached (escalations), ``playbook`` and ``severity``
        name what was opened. Commit messages stay English, like every other commit of smgov.
        """
        return _SPECS[self].subject.format(
            id=incident_id,
            step=step,
            on_step=f" on {step}" if step else "",
            level=level,
            playbook=playbook,
            severity=severity,
        )

    def question(self, step_title: str) -> tuple[str, str] | None:
        """The title and the question of the text the person writes before the action is
        logged (the reason for a skip, the note), or None when it is logged at once."""
        ask = _SPECS[self].ask
        if ask is None:
            return None
        title, question = ask()
        return title.format(title=step_title), question

    def available(self, crisis: Crisis) -> bool:
        """True when the action can be taken on the open incident's state now (the crisis
        screen greys its key out otherwise): done and skip need a current step, back a step
        before it."""
        return _SPECS[self].available(crisis)

    def replay(self, state: Replay, entry: LogEntry) -> None:
        """Move ``state`` on by ``entry`` (an entry of this action), as the log is read."""
        _SPECS[self].replay(state, entry)

    @property
    def loggable(self) -> bool:
        """True when the person at the keyboard logs it with :meth:`entry` (opening and
        closing write the incident's header too: ``open_incident`` and ``Crisis.close``)."""
        return _SPECS[self].log is not None

    @property
    def takes_checklist(self) -> bool:
        """True when the person ticks a :class:`Checklist` for it: who answered an
        escalation's calls, which accounts a pause step found paused."""
        return _SPECS[self].checked is not None

    def entry(
        self,
        crisis: Crisis,
        author: str,
        at: dt.datetime,
        text: str = "",
        contacts: Mapping[str, Contact] | None = None,
        checklist: Checklist | None = None,
    ) -> LogEntry:
        """The entry this action appends to ``crisis`` now; ``text`` is the note, the reason
        for a skip or the words added to an escalation, ``contacts`` the workspace's,
        ``checklist`` what the person ticked (only for an action that :attr:`takes_checklist`).

        Raises ``CrisisError`` when it cannot be taken now, ``ValueError`` for an action that
        is not :attr:`loggable` or given a checklist it does not take.
        """
        spec = _SPECS[self]
        if spec.log is None:
            raise ValueError(_("Unknown action {action}").format(action=self.value))
        if checklist is None:
            return spec.log(crisis, author, at, text, contacts or {})
        if spec.checked is None:
            raise ValueError(f"{self.value} takes no checklist")
        return spec.checked(crisis, author, at, text, contacts or {}, checklist)


class Checklist(msgspec.Struct, frozen=True):
    """What the person at the keyboard ticked before an action is logged."""

    outcomes: Mapping[str, str] = msgspec.field(default_factory=dict)
    """An escalation: what came of calling each contact, by contact id (reached, no_answer,
    left_message; a contact left out was not called)."""
    paused: tuple[str, ...] = ()
    """A pause step: ids of the accounts confirmed paused."""


class Replay(msgspec.Struct):
    """Where a walkthrough stands while its log is read, entry by entry (``Crisis._replay``)."""

    steps: list[str]
    """Ids of the applicable steps, in order."""
    index_of: dict[str, int]
    """Position of each applicable step in :attr:`steps`."""
    settled: dict[str, LogEntry] = msgspec.field(default_factory=dict)
    """The latest done/skipped entry of each settled step."""
    position: int = 0
    """Index of the current step; ``len(steps)`` once every step is settled."""
    level: int = 1
    """The escalation level: 1, plus one per escalation."""


def _unchanged(state: Replay, entry: LogEntry) -> None:
    """Only the time of the last update moves (it is read from the log itself)."""


def _settle(state: Replay, entry: LogEntry) -> None:
    """The step is settled (the latest entry wins); on to the first unsettled step after it.
    An entry naming a step the playbook no longer has is kept in the log and ignored."""
    if entry.step not in state.index_of:
        return
    state.settled[entry.step] = entry
    after = state.index_of[entry.step] + 1
    state.position = next(
        (i for i in range(after, len(state.steps)) if state.steps[i] not in state.settled),
        len(state.steps),
    )


def _back(state: Replay, entry: LogEntry) -> None:
    """To the step named (the previous one when that step is gone from the playbook)."""
    known = state.index_of.get(entry.step)
    state.position = known if known is not None else max(0, state.position - 1)


def _escalate(state: Replay, entry: LogEntry) -> None:
    """One level up."""
    state.level += 1


def _rewalk(state: Replay, entry: LogEntry) -> None:
    """The severity changed, and with it which steps apply (the replay's steps are those of the
    latest severity): on to the first step not settled yet, so a step the new severity adds
    before the current one is not passed over."""
    state.position = next(
        (i for i, sid in enumerate(state.steps) if sid not in state.settled), len(state.steps)
    )


LogFunction = Callable[["Crisis", str, dt.datetime, str, "Mapping[str, Contact]"], "LogEntry"]
CheckedFunction = Callable[
    ["Crisis", str, dt.datetime, str, "Mapping[str, Contact]", Checklist], "LogEntry"
]


class _Spec(msgspec.Struct, frozen=True):
    """Everything one action knows; read through the :class:`Action` members."""

    label: Callable[[], str]
    """The timeline label, translated when called."""
    saved: Callable[[], str]
    """The crisis screen's message once committed, with ``{at}`` and ``{step}``."""
    subject: str
    """The commit subject, with ``{id}``, ``{step}``, ``{on_step}``, ``{level}``, ``{playbook}``
    and ``{severity}``."""
    replay: Callable[[Replay, LogEntry], None]
    """How an entry of this action moves the walkthrough."""
    log: LogFunction | None
    """How the person at the keyboard logs it (None: written with the header, see
    :attr:`Action.loggable`)."""
    available: Callable[[Crisis], bool] = lambda crisis: True
    """Whether it can be taken now (:meth:`Action.available`)."""
    ask: Callable[[], tuple[str, str]] | None = None
    """The title (with ``{title}``, the step's) and the question of the text to write first."""
    checked: CheckedFunction | None = None
    """How it is logged with a :class:`Checklist` the person ticked (None: it takes none)."""


def _on_a_step(crisis: Crisis) -> bool:
    return crisis.current_step is not None


def _after_the_first(crisis: Crisis) -> bool:
    return crisis.position > 0


def _other_severities(crisis: Crisis) -> bool:
    return len(crisis.playbook.severities) > 1


_SPECS: dict[Action, _Spec] = {
    Action.OPENED: _Spec(
        label=lambda: _("opened"),
        saved=lambda: "",
        subject="incidents: open {id} ({playbook}, {severity})",
        replay=_unchanged,
        log=None,
    ),
    Action.DONE: _Spec(
        label=lambda: _("done"),
        saved=lambda: _("✓ Saved at {at}: done “{step}”."),
        subject="incidents: {id} done {step}",
        replay=_settle,
        log=lambda crisis, author, at, text, _contacts: crisis.done(author, at, text),
        available=_on_a_step,
        checked=lambda crisis, author, at, text, _contacts, checklist: crisis.done(
            author, at, text, paused=checklist.paused
        ),
    ),
    Action.SKIPPED: _Spec(
        label=lambda: _("SKIPPED"),  # in capitals, to stand out in the report
        saved=lambda: _("✓ Saved at {at}: skipped “{step}”, with the reason."),
        subject="incidents: {id} skipped {step}",
        replay=_settle,
        log=lambda crisis, author, at, text, _contacts: crisis.skip(author, at, text),
        available=_on_a_step,
        ask=lambda: (
            _("Skip: {title}"),
            _("Why is this step skipped? The reason goes in the report."),
        ),
    ),
    Action.NOTE: _Spec(
        label=lambda: _("note"),
        saved=lambda: _("✓ Saved at {at}: note added."),
        subject="incidents: {id} note{on_step}",
        replay=_unchanged,
        log=lambda crisis, author, at, text, _contacts: crisis.note(author, at, text),
        ask=lambda: (
            _("Add a note"),
            _("What happened, who said what, case numbers… It is saved with the time."),
        ),
    ),
    Action.ESCALATED: _Spec(
        label=lambda: _("ESCALATED"),  # in capitals, to stand out in the report
        saved=lambda: _("✓ Saved at {at}: escalation logged."),
        subject="incidents: {id} escalated to level {level}",
        replay=_escalate,
        log=lambda crisis, author, at, text, contacts: crisis.escalate(author, at, contacts, text),
        checked=lambda crisis, author, at, text, contacts, checklist: crisis.escalate(
            author, at, contacts, text, outcomes=checklist.outcomes
        ),
    ),
    Action.BACK: _Spec(
        label=lambda: _("back"),
        saved=lambda: _("✓ Saved at {at}: back to “{step}”."),
        subject="incidents: {id} back to {step}",
        replay=_back,
        log=lambda crisis, author, at, _text, _contacts: crisis.back(author, at),
        available=_after_the_first,
    ),
    Action.RESUMED: _Spec(
        label=lambda: _("resumed"),
        saved=lambda: _("Resumed where it stopped. Do the step, then press d."),
        subject="incidents: {id} resumed",
        replay=_unchanged,
        log=lambda crisis, author, at, _text, _contacts: crisis.resumed(author, at),
    ),
    Action.CLOSED: _Spec(
        label=lambda: _("closed"),
        saved=lambda: _("✓ Saved at {at}: incident closed."),
        subject="incidents: close {id}",
        replay=_unchanged,
        log=None,
    ),
    Action.SEVERITY: _Spec(
        label=lambda: _("SEVERITY"),  # in capitals, to stand out in the report
        saved=lambda: _("✓ Saved at {at}: severity changed; the steps follow it."),
        subject="incidents: {id} severity {severity}",
        replay=_rewalk,
        # ``text`` is the id of the severity picked (the screen offers the playbook's)
        log=lambda crisis, author, at, text, _contacts: crisis.change_severity(author, at, text),
        available=_other_severities,
    ),
}

if set(_SPECS) != set(Action):  # a member without its row would fail only when first logged
    raise RuntimeError(f"crisis actions without a spec: {sorted(set(Action) - set(_SPECS))}")
