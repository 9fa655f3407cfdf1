""" "What changed" for management: two workspaces compared, told in plain sentences (pure).

``smgov digest --since DATE|REV`` compares the workspace at the starting commit with HEAD's
(read by :mod:`smgov_tui.store.since`) and says, in the workspace's language: accounts added,
archived, removed or re-owned; people who joined or left; which fields of the protocols and
playbooks changed (named by :mod:`smgov_tui.core.labels`); incidents opened and closed, with
their time to first response (:func:`smgov_tui.core.stats.first_response`); and the findings
of ``smgov check`` fixed and new. A record renamed in between is matched to its old self
through ``renames`` (old path -> new path). The sentences are plain text: each renderer
escapes them for its format (:mod:`smgov_tui.export.digest`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.checks import check_workspace
from smgov_tui.core.labels import field_words, label, status_label
from smgov_tui.core.model import Entry, WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.core.secrets import looks_like_secret
from smgov_tui.core.stats import first_response
from smgov_tui.core.withhold import sentinel, withhold_workspace
from smgov_tui.i18n import translator

Translate = Callable[[str], str]

MAX_FINDINGS = 15
"""Findings listed by name in each of "fixed" and "new"; the rest are counted."""


@dataclass(frozen=True)
class Period:
    """The stretch of history a digest covers."""

    since: str
    """What the person asked for: a date (YYYY-MM-DD) or a revision."""
    start: str
    """The starting commit, or empty when the history starts after ``since``."""
    end: str
    """HEAD's commit."""
    start_time: dt.datetime | None
    """When the starting commit was made (None without one)."""
    end_time: dt.datetime | None
    """When HEAD's commit was made."""
    commits: int = 0
    """Commits in between (merges left out)."""
    authors: list[tuple[str, int]] = field(default_factory=list)
    """Who made them and how many each, most first."""


@dataclass
class Part:
    """One heading of the digest and its sentences."""

    title: str
    lines: list[str]


@dataclass
class Digest:
    """The digest, ready to render: plain text, unescaped."""

    title: str
    intro: str
    parts: list[Part]
    language: str
    """The workspace's language, which every sentence is in."""

    @property
    def empty(self) -> bool:
        """Nothing changed in the plan."""
        return not self.parts


def _pairs(
    kind: k.Kind, old: WorkspaceData, new: WorkspaceData, renames: dict[str, str]
) -> Iterator[tuple[str, Entry[Any] | None, Entry[Any] | None]]:
    """(new id, old entry, new entry) for every record of ``kind`` in either workspace; a
    renamed record is one pair (its new id, its old entry)."""
    new_ids = {}
    for old_path, new_path in renames.items():
        before, after = k.kind_for_path(old_path), k.kind_for_path(new_path)
        if before and after and before[0] is kind and after[0] is kind:
            new_ids[before[1]] = after[1]
    old_by_new_id = {new_ids.get(rid, rid): e for rid, e in old.entries[kind.name].items()}
    ids = sorted({*old_by_new_id, *new.entries[kind.name]})
    for rid in ids:
        yield rid, old_by_new_id.get(rid), new.entries[kind.name].get(rid)


def _account(account: r.Account, rid: str) -> str:
    return f"{account.handle} ({account.network}, {rid})"


def _person(data: WorkspaceData, owner_id: str, _: Translate) -> str:
    if not owner_id:
        return _("nobody")
    owner = data.owners.get(owner_id)
    return owner.name if owner else owner_id


def _when(moment: dt.datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def _duration(delta: dt.timedelta, _: Translate) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return _("{days} days").format(days=hours // 24)


def _accounts(
    old: WorkspaceData, new: WorkspaceData, renames: dict[str, str], _: Translate
) -> list[str]:
    lines: list[str] = []
    was_id = {rid: e.id for rid, e, _n in _pairs(k.ACCOUNTS, old, new, renames) if e}
    for rid, before_entry, after_entry in _pairs(k.ACCOUNTS, old, new, renames):
        before = before_entry.record if before_entry else None
        after = after_entry.record if after_entry else None
        if after is None and after_entry is None and before is not None:
            lines.append(
                _("Removed from the plan: {account}.").format(account=_account(before, rid))
            )
            continue
        if after is None:
            continue  # a file that does not read: a finding, below
        name = _account(after, rid)
        if before is None:
            lines.append(
                _("Added: {account}, owned by {owner}.").format(
                    account=name, owner=_person(new, after.owner, _)
                )
            )
            continue
        was = was_id.get(rid, rid)
        if was != rid:
            lines.append(_("Renamed: {old} is now {account}.").format(old=was, account=name))
        if before.status != after.status:
            if after.status == "archived":
                lines.append(_("Archived: {account}.").format(account=name))
            else:
                lines.append(
                    _("{account} is now {status} (was {before}).").format(
                        account=name,
                        status=status_label(after.status, _),
                        before=status_label(before.status, _),
                    )
                )
        if before.owner != after.owner:
            lines.append(
                _("New owner of {account}: {owner} (was {before}).").format(
                    account=name,
                    owner=_person(new, after.owner, _),
                    before=_person(old, before.owner, _),
                )
            )
    return lines


def _role(data: WorkspaceData, role_id: str) -> str:
    management = data.management
    for role in management.roles if management else []:
        if role.id == role_id:
            return role.title or role.id
    return role_id


def _people(
    old: WorkspaceData, new: WorkspaceData, renames: dict[str, str], _: Translate
) -> list[str]:
    lines: list[str] = []
    for _rid, before_entry, after_entry in _pairs(k.OWNERS, old, new, renames):
        before = before_entry.record if before_entry else None
        after = after_entry.record if after_entry else None
        was_in = before is not None and before.active
        is_in = after is not None and after.active
        if is_in and not was_in and after is not None:
            role = _role(new, after.role)
            lines.append(
                _("Joined: {name}, {role}.").format(name=after.name, role=role)
                if role
                else _("Joined: {name}.").format(name=after.name)
            )
        elif was_in and not is_in and before is not None and (after or after_entry is None):
            lines.append(_("Left: {name}.").format(name=(after or before).name))
    return lines


def _changed_fields(before: Entry[Any], after: Entry[Any], _: Translate) -> list[str]:
    keys = [key for key in after.raw if before.raw.get(key) != after.raw.get(key)]
    keys += [key for key in before.raw if key not in after.raw]
    return [label(after.kind.record_type, key, _) for key in keys]


def _protocols(
    old: WorkspaceData, new: WorkspaceData, renames: dict[str, str], _: Translate
) -> list[str]:
    lines: list[str] = []
    for kind, name in (
        (k.WORKSPACE, _("Plan settings")),
        (k.COMMUNICATION, _("Communication protocol")),
        (k.MANAGEMENT, _("Management protocol")),
    ):
        before = old.entry(kind, kind.single_id)
        after = new.entry(kind, kind.single_id)
        if after is None:
            if before is not None:
                lines.append(_("{protocol}: removed.").format(protocol=name))
            continue
        if before is None:
            lines.append(_("{protocol}: written.").format(protocol=name))
            continue
        fields = _changed_fields(before, after, _)
        if fields:
            lines.append(
                _("{protocol}: changed {fields}.").format(protocol=name, fields=", ".join(fields))
            )
    for rid, before_entry, after_entry in _pairs(k.PLAYBOOKS, old, new, renames):
        entry = after_entry or before_entry
        assert entry is not None
        record = entry.record
        title = _("“{title}”").format(title=record.title) if record is not None else rid
        if after_entry is None:
            lines.append(_("Playbook {title}: removed.").format(title=title))
        elif before_entry is None:
            lines.append(_("New playbook: {title}.").format(title=title))
        else:
            fields = _changed_fields(before_entry, after_entry, _)
            if fields:
                lines.append(
                    _("Playbook {title}: changed {fields}.").format(
                        title=title, fields=", ".join(fields)
                    )
                )
    return lines


def _incidents(
    old: WorkspaceData,
    new: WorkspaceData,
    renames: dict[str, str],
    start: dt.datetime | None,
    _: Translate,
) -> list[str]:
    """Incidents opened or closed in between, with their time to first response; one whose
    file arrived in between but that was over before the start (written down afterwards, or
    brought in by a sync) is said to be recorded now, so nobody counts it as a new crisis."""
    lines: list[str] = []
    for rid, before_entry, after_entry in _pairs(k.INCIDENTS, old, new, renames):
        before = before_entry.record if before_entry else None
        after = after_entry.record if after_entry else None
        if after is None:
            continue
        opened = before is None
        closed = after.status == "closed" and (before is None or before.status != "closed")
        if not opened and not closed:
            continue
        playbook = new.playbooks.get(after.playbook)
        what = after.title or rid
        kind = playbook.title if playbook else after.playbook
        parts: list[str] = []
        if opened:
            parts.append(_("opened {date}").format(date=_when(after.opened_at)))
        response = first_response(after, playbook)
        parts.append(
            _("first response after {time}").format(time=_duration(response, _))
            if response is not None
            else _("no first response logged")
        )
        if closed:
            parts.append(_("closed {date}").format(date=_when(after.closed_at)))
        elif opened:
            parts.append(_("still open"))
        earlier = start is not None and after.opened_at < start
        if earlier and (after.closed_at is None or after.closed_at < start):
            line = _("“{title}” ({playbook}): recorded in this period ({facts}).")
        else:
            line = _("“{title}” ({playbook}): {facts}.")
        lines.append(line.format(title=what, playbook=kind, facts=", ".join(parts)))
    return lines


def _where(problem: Problem, renames: dict[str, str]) -> tuple[str, str, str, str]:
    return (renames.get(problem.path, problem.path), problem.field, problem.code, problem.severity)


def _finding(problem: Problem, _: Translate) -> str:
    found = k.kind_for_path(problem.path)
    words = field_words(problem.field, found[0].record_type if found else None, _)
    where = f"{problem.path} › {words}" if words else problem.path
    return f"{where}: {problem.message}"


def _findings(
    old: WorkspaceData,
    new: WorkspaceData,
    renames: dict[str, str],
    period: Period,
    today: dt.date,
    _: Translate,
) -> tuple[tuple[int, list[str]], tuple[int, list[str]]]:
    """How many findings of ``smgov check`` were fixed and are new, and the first of each
    (a finding is the same when its file, after renames, field, rule and severity are)."""
    before = (
        check_workspace(old, period.start_time.date() if period.start_time else today)
        if period.start
        else []
    )
    after = check_workspace(new, today)
    before_keys = {_where(p, renames) for p in before}
    after_keys = {_where(p, {}) for p in after}
    fixed = [p for p in before if _where(p, renames) not in after_keys]
    found = [p for p in after if _where(p, {}) not in before_keys]

    def listed(problems: list[Problem]) -> tuple[int, list[str]]:
        lines = [_finding(p, _) for p in problems[:MAX_FINDINGS]]
        if len(problems) > MAX_FINDINGS:
            lines.append(_("… and {count} more.").format(count=len(problems) - MAX_FINDINGS))
        return len(problems), lines

    return listed(fixed), listed(found)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _intro(period: Period, _: Translate) -> str:
    end = _when(period.end_time)
    if period.start and _is_date(period.since):
        text = _(
            "From {since} to {end}: the plan as it was at commit {commit} (of {start}) "
            "compared with commit {head}."
        ).format(
            since=period.since,
            end=end,
            commit=period.start[:7],
            start=_when(period.start_time),
            head=period.end[:7],
        )
    elif period.start:
        text = _("From {start} (commit {commit}) to {end} (commit {head}).").format(
            start=_when(period.start_time), commit=period.start[:7], end=end, head=period.end[:7]
        )
    else:
        text = _("From the start of the plan's history to {end} (commit {head}).").format(
            end=end, head=period.end[:7]
        )
    if period.commits:
        who = ", ".join(f"{name} ({count})" for name, count in period.authors)
        text += " " + _("Commits in between: {count}, by {authors}.").format(
            count=period.commits, authors=who
        )
    return text


def build_digest(
    old: WorkspaceData,
    new: WorkspaceData,
    period: Period,
    today: dt.date,
    renames: dict[str, str] | None = None,
) -> Digest:
    """What changed from ``old`` to ``new``, in ``new``'s language (its workspace.toml)."""
    renames = renames or {}
    language = new.meta.language if new.meta else "en"
    _ = translator(language)
    organisation = new.meta.organisation if new.meta else ""
    title = (
        _("What changed: {organisation}").format(organisation=organisation)
        if organisation
        else _("What changed")
    )
    (n_fixed, fixed), (n_found, found) = _findings(old, new, renames, period, today, _)
    # the findings are of the files as they are; the sentences name values, never a secret
    old, new = withhold_workspace(old), withhold_workspace(new)
    counted = "{title} ({count})"
    parts = [
        Part(_("Accounts"), _accounts(old, new, renames, _)),
        Part(_("People"), _people(old, new, renames, _)),
        Part(_("Protocols and playbooks"), _protocols(old, new, renames, _)),
        Part(_("Incidents"), _incidents(old, new, renames, period.start_time, _)),
    ]
    parts = [Part(counted.format(title=p.title, count=len(p.lines)), p.lines) for p in parts]
    parts += [
        Part(counted.format(title=_("Findings fixed"), count=n_fixed), fixed),
        Part(counted.format(title=_("New findings"), count=n_found), found),
    ]
    # a finding's message, or a commit's author, may quote a value: one that looks like a
    # secret becomes a sentinel too, shown as the "withheld" marker and counted once rendered
    parts = [Part(p.title, [_safe(line) for line in p.lines]) for p in parts if p.lines]
    return Digest(title, _safe(_intro(period, _)), parts, language)


def _safe(line: str) -> str:
    """``line`` with each word that makes it a secret replaced by the sentinel of that word
    (quotes and punctuation kept outside), so that a value quoted in a finding and shown in a
    record counts once (as :func:`smgov_tui.core.secrets.redact` reads a line)."""
    if not looks_like_secret(line):
        return line
    kept: list[str] = []
    for word in line.split(" "):
        if looks_like_secret(word) or looks_like_secret(" ".join([*kept, word])):
            value = word.strip("\"'“”«».,;:()")
            word = word.replace(value, sentinel(value)) if value else sentinel(word)
        kept.append(word)
    return " ".join(kept)
