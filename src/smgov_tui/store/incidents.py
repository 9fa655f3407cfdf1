"""Incident files: opened, appended to and closed one commit at a time, by crisis mode.

An incident's log is append-only. Each action adds one ``[[log]]`` table at the end of the file
text (every other line stays as it was), the file is written atomically and committed as one
commit by the author *before* the caller moves on, so that what the screen shows as done is on
disk and in git even if the app is killed right after.

Two people on one incident (decision): the store's rule is to refuse a file that changed on disk
since it was read. For an incident there is one exception: when the disk text is the text we read
followed only by more ``[[log]]`` tables (somebody else logged a step, or a pull brought their
entries), our entry is appended after theirs; the state is then replayed from the merged log, so
both people see the same current step. The same holds when a sync merged their entries in
before ours (logs merge by time, see ``core.merge.merge_log``): only entries were added. Any
other change (a header field edited, an entry rewritten, the file removed) raises ConflictError
and nothing is written: the caller reloads.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.crisis import Crisis, CrisisError, open_incident
from smgov_tui.core.crisis_actions import Action, Checklist
from smgov_tui.core.slug import MAX_LENGTH
from smgov_tui.core.validate import convert
from smgov_tui.i18n import _
from smgov_tui.store.errors import ConflictError, StoreError, ValidationFailed
from smgov_tui.store.store import Store
from smgov_tui.store.textfile import loads, read_exact
from smgov_tui.store.transaction import FileChange

HEADER = "# Incident log written by smgov crisis mode; entries are appended, never rewritten.\n"


@dataclass(frozen=True)
class IncidentFile:
    """One incident as last read or written: its id, path, exact text and state."""

    id: str
    """Incident id (the file name without .toml)."""
    path: str
    """Workspace-relative path."""
    text: str
    """The file text as read or written; the next append checks the disk against it."""
    crisis: Crisis
    """The playbook and the parsed incident."""

    @property
    def incident(self) -> r.Incident:
        """The parsed incident."""
        return self.crisis.incident


def workspace_tz(store: Store) -> dt.tzinfo:
    """The workspace's time zone (workspace.toml), or the machine's when unknown."""
    name = store.data.meta.timezone if store.data.meta else ""
    if name:
        # Imported here: crisis mode's first screen needs no time zone (zoneinfo reads
        # sysconfig to find the tz database: 2-3 ms before the list is shown).
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    tz = clock.now().astimezone().tzinfo
    return tz if tz is not None else dt.UTC


def now_in(store: Store) -> dt.datetime:
    """The current time in the workspace's time zone, to the second."""
    return clock.now().astimezone(workspace_tz(store)).replace(microsecond=0)


def _value(value: Any) -> str:
    import tomlkit  # on the first write: reading the incidents does not need it

    return str(tomlkit.item(value).as_string())


def entry_block(entry: r.LogEntry) -> str:
    """The ``[[log]]`` table of one entry, as TOML text ending in a newline."""
    lines = ["[[log]]", f"at = {_value(entry.at)}", f"author = {_value(entry.author)}"]
    lines.append(f"action = {_value(entry.action)}")
    if entry.step:
        lines.append(f"step = {_value(entry.step)}")
    if entry.note:
        lines.append(f"note = {_value(entry.note)}")
    if entry.calls:  # one call a line, readable in the file and in a diff
        lines.append("calls = [")
        for call in entry.calls:
            table = ", ".join(
                f"{key} = {_value(value)}"
                for key, value in (
                    ("contact", call.contact),
                    ("who", call.who),
                    ("outcome", call.outcome),
                )
                if value
            )
            lines.append(f"    {{ {table} }},")
        lines.append("]")
    if entry.paused:
        lines.append(f"paused = {_value(list(entry.paused))}")
    if entry.severity:
        lines.append(f"severity = {_value(entry.severity)}")
    return "\n".join(lines) + "\n"


def _append(text: str, entry: r.LogEntry) -> str:
    """``text`` with ``entry`` appended, in the file's own line ending (a CRLF file stays CRLF)."""
    from smgov_tui.store.tomledit import newline_of

    newline = newline_of(text)
    if text and not text.endswith("\n"):
        text += newline
    return text + newline + entry_block(entry).replace("\n", newline)


def commit_subject(incident_id: str, entry: r.LogEntry, escalation_level: int = 0) -> str:
    """``incidents: <id> done lock-account`` and the like (:meth:`Action.subject`)."""
    return Action(entry.action).subject(
        incident_id, entry.step, escalation_level, severity=entry.severity
    )


def _only_log_grew(before: str, after: str) -> bool:
    """True when ``after`` is ``before`` with log entries added anywhere, nothing else changed.

    A sync merges a colleague's entries into the log by time (``core.merge.merge_log``), so
    theirs may land before ours: the file is then no longer our text plus more, yet nothing
    we saw was changed, and the person at the keyboard can go on logging.
    """
    from smgov_tui.core.merge import log_includes, same  # only when saving, not at start

    try:
        old, new = loads(before), loads(after)  # a byte-order mark skipped, as when loading
    except (tomllib.TOMLDecodeError, RecursionError):
        return False
    old_log, new_log = old.pop("log", []), new.pop("log", [])
    if not isinstance(old_log, list) or not isinstance(new_log, list):
        return False
    return same(old, new) and log_includes(new_log, old_log)


class Incidents:
    """Crisis mode's door to the disk: every method writes at most one commit."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- reading -------------------------------------------------------------------------

    def playbook(self, playbook_id: str) -> r.Playbook:
        """A valid playbook of the loaded workspace, or a StoreError saying what is wrong."""
        playbook = self.store.data.playbooks.get(playbook_id)
        if playbook is None:
            rel = k.PLAYBOOKS.path_for(playbook_id)
            if playbook_id in self.store.data.entries[k.PLAYBOOKS.name]:
                raise StoreError(
                    _("{path} is not valid; run smgov check to see why").format(path=rel)
                )
            raise StoreError(_("No crisis playbook {path}").format(path=rel))
        return playbook

    def _parse(self, incident_id: str, rel: str, text: str) -> r.Incident:
        try:
            raw = loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as error:
            raise StoreError(
                _("{path} is not valid TOML: {reason}").format(path=rel, reason=error)
            ) from error
        record, problems = convert(raw, r.Incident, rel, text)
        if record is None:
            raise ValidationFailed(problems)
        return record

    def read(self, incident_id: str) -> IncidentFile:
        """Read an incident from disk (not from the loaded data: it may have moved on)."""
        path = self.store.path_of(k.INCIDENTS, incident_id)
        rel = k.INCIDENTS.path_for(incident_id)
        try:
            text = read_exact(path)
        except FileNotFoundError as error:
            raise StoreError(_("No incident {path}").format(path=rel)) from error
        incident = self._parse(incident_id, rel, text)
        return IncidentFile(
            incident_id, rel, text, Crisis(self.playbook(incident.playbook), incident)
        )

    def open_ids(self) -> list[str]:
        """Ids of the open incidents of the loaded workspace, newest first."""
        items = [
            (i.opened_at, iid) for iid, i in self.store.data.incidents.items() if i.status == "open"
        ]
        return [iid for _at, iid in sorted(items, reverse=True)]

    # --- writing -------------------------------------------------------------------------

    def new_id(self, playbook_id: str, day: dt.date) -> str:
        """``<date>-<playbook>``, or with ``-2``, ``-3``… when taken."""
        base = f"{day.isoformat()}-{playbook_id}"[: MAX_LENGTH - 4].rstrip("-")
        candidate, n = base, 1
        while self.store.path_of(k.INCIDENTS, candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def create(
        self, playbook_id: str, severity: str, title: str = "", account: str = ""
    ) -> IncidentFile:
        """Open an incident: write ``incidents/<date>-<playbook>[-n].toml`` and commit it.

        ``account`` is the id of the affected account (fills ``{account}`` in statements).
        """
        author = str(self.store.author)
        playbook = self.playbook(playbook_id)
        at = now_in(self.store)
        if account and account not in self.store.data.accounts:
            raise StoreError(_("No account {path}").format(path=k.ACCOUNTS.path_for(account)))
        try:
            incident = open_incident(playbook_id, playbook, severity, author, at, title, account)
        except CrisisError as error:
            raise StoreError(str(error)) from error
        header: dict[str, Any] = {
            "playbook": incident.playbook,
            "severity": incident.severity,
            "title": incident.title,
            **({"account": incident.account} if incident.account else {}),
            "status": "open",
            "opened_at": incident.opened_at,
            "opened_by": incident.opened_by,
        }
        import tomlkit

        head = tomlkit.document()
        for key, value in header.items():
            head[key] = value
        text = HEADER + tomlkit.dumps(head)
        for entry in incident.log:
            text = _append(text, entry)
        with self.store.lock:
            incident_id = self.new_id(playbook_id, at.date())
            rel = k.INCIDENTS.path_for(incident_id)
            parsed = self._parse(incident_id, rel, text)
            self.store.path_of(k.INCIDENTS, incident_id)  # inside the workspace
            message = Action.OPENED.subject(incident_id, playbook=playbook_id, severity=severity)
            self.store.apply(message, [FileChange(rel, None, text)])
        return IncidentFile(incident_id, rel, text, Crisis(playbook, parsed))

    def _base_text(self, current: IncidentFile) -> str:
        """The disk text to append to: ours, or ours plus entries others appended."""
        path = self.store.root / current.path
        try:
            disk = read_exact(path)
        except FileNotFoundError as error:
            raise ConflictError(
                current.path,
                _("{path} was removed since it was opened; nothing was logged").format(
                    path=current.path
                ),
            ) from error
        if disk == current.text:
            return disk
        if disk.startswith(current.text):
            try:
                extra = tomllib.loads(disk[len(current.text) :])
            except tomllib.TOMLDecodeError:
                extra = {"": None}
            if set(extra) == {"log"}:
                return disk
        if _only_log_grew(current.text, disk):
            return disk
        raise ConflictError(
            current.path,
            _(
                "{path} changed on disk beyond new log entries since it was read (someone edited "
                "it). Nothing was logged: reopen the incident and repeat the action."
            ).format(path=current.path),
        )

    def _write(self, current: IncidentFile, text: str, base: str, message: str) -> IncidentFile:
        incident = self._parse(current.id, current.path, text)
        self.store.apply(message, [FileChange(current.path, base, text)])
        return IncidentFile(
            current.id, current.path, text, Crisis(current.crisis.playbook, incident)
        )

    def append(self, current: IncidentFile, entry: r.LogEntry) -> IncidentFile:
        """Append ``entry`` to the incident's log and commit it; returns the new state."""
        self.store.author  # noqa: B018 - fail before writing when nobody can sign
        with self.store.lock:
            # Asked first: during a person's rebase the file may be missing from the work tree,
            # and "removed since it was opened" would send them the wrong way.
            self.store.ensure_can_save()
            base = self._base_text(current)
            merged = self._parse(current.id, current.path, base)
            level = Crisis(current.crisis.playbook, merged).escalation_level + 1
            text = _append(base, entry)
            return self._write(current, text, base, commit_subject(current.id, entry, level))

    def act(
        self,
        current: IncidentFile,
        action: Action | str,
        text: str = "",
        contacts: Mapping[str, r.Contact] | None = None,
        checklist: Checklist | None = None,
    ) -> IncidentFile:
        """Log one action of the person at the keyboard, now, on the state they saw.

        ``action`` is a loggable :class:`Action` (or its stored word): done, skipped (``text`` is
        the reason), note, escalated (``contacts`` default to the workspace's), back or resumed;
        closing is :meth:`close`. ``checklist`` is what the person ticked: who answered the
        escalation's calls, which accounts a pause step found paused. The entry is built on
        ``current`` (the step the person was looking at), so a step somebody else logged
        meanwhile is never marked by mistake.
        """
        try:
            chosen = Action(action)
        except ValueError as error:
            raise StoreError(_("Unknown action {action}").format(action=action)) from error
        if not chosen.loggable:
            raise StoreError(_("Unknown action {action}").format(action=action))
        author = str(self.store.author)
        at = now_in(self.store)
        try:
            entry = chosen.entry(
                current.crisis, author, at, text, contacts or self.store.data.contacts, checklist
            )
        except (CrisisError, ValueError) as error:
            raise StoreError(str(error)) from error
        return self.append(current, entry)

    def close(self, current: IncidentFile, summary: str, lessons: str) -> IncidentFile:
        """Close the incident: status, closed_at, summary and lessons, plus a ``closed`` entry."""
        author = str(self.store.author)
        at = now_in(self.store)
        with self.store.lock:
            self.store.ensure_can_save()  # before reading: see append
            base = self._base_text(current)
            merged = self._parse(current.id, current.path, base)
            try:
                closed = Crisis(current.crisis.playbook, merged).close(author, at, summary, lessons)
            except CrisisError as error:
                raise StoreError(str(error)) from error

            import tomlkit

            from smgov_tui.store.tomledit import keep_layout

            def closing(body: str) -> str:
                document = tomlkit.parse(body)
                document["status"] = "closed"
                document["closed_at"] = closed.closed_at
                document["summary"] = tomlkit.string(
                    closed.summary, multiline="\n" in closed.summary
                )
                if closed.lessons:
                    document["lessons"] = tomlkit.string(
                        closed.lessons, multiline="\n" in closed.lessons
                    )
                return tomlkit.dumps(document)

            text = _append(keep_layout(base, closing), closed.log[-1])
            return self._write(current, text, base, commit_subject(current.id, closed.log[-1]))
