"""Rows of the list sections, built from the workspace data (no Textual here: runs in workers).

Every list is a :class:`TableModel`: its columns and, for each record, the cells as plain
:class:`Cell` text with a style (user text is data, never markup), a lower-cased search string for
filter-as-you-type and a sort key per column. Building it is the slow part; filtering and
sorting then only pick and order prebuilt rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from rich.cells import cell_len

from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.crisis import severity_now
from smgov_tui.core.labels import column_label as col
from smgov_tui.core.labels import (
    contact_kind_label,
    contact_kind_labels,
    status_label,
    status_labels,
)
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.core.reach import hours_text
from smgov_tui.core.report import incident_status_label
from smgov_tui.core.review import DUE_WITHIN_DAYS, due_for_review
from smgov_tui.core.rules import field_name
from smgov_tui.i18n import _
from smgov_tui.ui.present.formspec import severity_label

SortKey = tuple[int, Any]
RecordT = TypeVar("RecordT")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a list: its key, its header and how wide it may grow."""

    key: str
    """Stable key, also used to sort by this column."""
    label: str
    """Header shown to people (translated)."""
    max_width: int = 30
    """The column never grows wider than this many cells."""
    min_width: int = 6
    """Nor narrower than this: the narrowest width at which the column is still readable."""
    drop: int = 0
    """When the list is too narrow to show every column at its ``min_width``, columns are
    hidden, highest ``drop`` first; 0 is never hidden."""


class Cell(NamedTuple):
    """One cell: its text, shown literally (never markup), and the style it is drawn in."""

    plain: str
    """The text, one line, without control codes."""
    style: str = ""
    """A Rich style ("bold", "dim"...) or "" for the table's own."""


@dataclass
class TableRow:
    """One row: the record it shows and its prebuilt cells.

    The cells are kept as two plain tuples of strings, texts and styles, rather than as
    ``rich.text.Text`` or :class:`Cell` objects: the lists build tens of thousands of cells
    before the first screen shows, a Text costs ten times as much to make, and tuples of
    strings are left out of Python's garbage collector, whose full passes over a big workspace
    otherwise pause the interface.
    """

    key: str
    """Row key, ``kind:id`` (or an index for rows that are not records)."""
    texts: tuple[str, ...]
    """The text of each cell in column order: one line, no control codes, never markup."""
    styles: tuple[str, ...]
    """The Rich style of each cell ("bold", "dim"...), "" for the table's own."""
    search: str
    """Every field of the record, lower-cased, joined: what the filter looks in."""
    values: tuple[Any, ...]
    """The value behind each cell, in column order (dates stay dates): what sorting compares."""

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The cells in column order, text and style together."""
        return tuple(map(Cell, self.texts, self.styles))

    def sort_key(self, column: int) -> SortKey:
        """How this row sorts by ``column``: empty values last, text case-insensitively.

        Computed when a list is sorted, not when it is built: most lists are never sorted by
        most of their columns, and the first screen waits for the rows.
        """
        return _sort_value(self.values[column])


_NOT_ONE_CELL = re.compile("[^\x00-\u02ff]")
"""A character that may not be one terminal cell: below U+0300 every printable one is (ASCII,
Latin-1, Latin Extended); from it on come combining marks (zero cells) and wide ones (two)."""


_MEASURED = 32
"""At most this many texts of a column are measured by Rich (slow for long CJK text): past them,
a column of wide characters is counted two cells a character, so it may be a little wide."""


@dataclass
class TableModel:
    """A whole list: columns, rows and the widths that fit them."""

    columns: tuple[ColumnSpec, ...]
    rows: list[TableRow] = field(default_factory=list)
    noun: str = ""
    """What a row is, plural, for the count ("accounts")."""
    widths: tuple[int, ...] = ()
    """Column widths that fit the longest cell (capped by ``max_width``)."""
    natural: tuple[int, ...] = ()
    """The longest cell (or header) of each column, uncapped: how wide a column cut at its
    ``max_width`` would need to be to show everything (spare width goes there first)."""
    items: dict[str, Any] = field(default_factory=dict)
    """What a row stands for, by row key, for views that show more than the cells (Health:
    the whole :class:`Problem` behind a finding)."""
    none: str = ""
    """What the list says when it has no rows at all (not hidden by a filter); empty for
    "No {noun} yet."."""

    def compute_widths(self) -> None:
        """Fit each column to its longest cell and header, within its limits; and remember
        each column's longest cell (``natural``), which a list wider than the columns need
        gives to the columns its caps cut."""
        widths = []
        natural = []
        # Whole columns at once, in C (map, max, isascii): every cell is measured, yet a
        # 10,000-row list takes a few milliseconds. Only text holding a character from
        # U+0300 on (combining marks, wide CJK, emoji: one cell is not one character) may be
        # measured by Rich; Latin letters with accents (á, ñ: below U+0300) are one cell each.
        # (A combining mark is counted as a cell: a column may be one cell too wide, never cut.)
        columns = list(zip(*(row.texts for row in self.rows), strict=True)) if self.rows else []
        for index, column in enumerate(self.columns):
            longest = len(column.label) + 2
            if columns:
                texts = columns[index]
                longest = max(longest, max(map(len, texts)))
                joined = "".join(texts)
                if joined.isascii() or not _NOT_ONE_CELL.search(joined):
                    odd: list[str] = []  # every character one cell: the length is the width
                else:
                    odd = [t for t in texts if _NOT_ONE_CELL.search(t)]
                # longest first: once a text could not be wider even if every character took
                # two cells, no shorter one can, and Rich has measured only a handful
                for count, text in enumerate(sorted(odd, key=len, reverse=True)):
                    if 2 * len(text) <= longest:
                        break
                    if count == _MEASURED:  # the rest counted as at most two cells each
                        longest = 2 * len(text)
                        break
                    longest = max(longest, cell_len(text))
            widths.append(max(column.min_width, min(column.max_width, longest)))
            natural.append(max(column.min_width, longest))
        self.widths = tuple(widths)
        self.natural = tuple(natural)

    def filtered(self, query: str) -> list[TableRow]:
        """Rows whose fields contain every word of ``query`` (case-insensitive)."""
        words = query.lower().split()
        if not words:
            return list(self.rows)
        if len(words) == 1:
            word = words[0]
            return [row for row in self.rows if word in row.search]
        return [row for row in self.rows if all(word in row.search for word in words)]


def fit_widths(
    widths: Sequence[int],
    minimums: Sequence[int],
    available: int,
    give: Sequence[int] | None = None,
) -> list[int]:
    """Shrink columns (never below their minimum) until they fit ``available``.

    Without ``give``, the column with the most room above its minimum shrinks first. With it,
    the column of highest ``give`` shrinks first (down to its minimum), then the next: the
    least useful columns give way before the ones that name the record.
    """
    fitted = list(widths)
    order = list(give) if give is not None else [0] * len(fitted)
    excess = sum(fitted) - available
    while excess > 0:
        index = max(
            range(len(fitted)),
            key=lambda j: (fitted[j] > minimums[j], order[j], fitted[j] - minimums[j]),
        )
        if fitted[index] <= minimums[index]:
            break
        fitted[index] -= 1
        excess -= 1
    return fitted


def fit_columns(
    columns: Sequence[ColumnSpec],
    widths: Sequence[int],
    available: int,
    padding: int = 1,
    natural: Sequence[int] = (),
) -> list[int]:
    """The width of each column within ``available`` cells; 0 for a column hidden to make room.

    Each shown column takes ``padding`` cells more than its width. While the shown columns do
    not fit at their ``min_width``, the one with the highest ``drop`` is hidden (the last one
    first among equals), so the columns that remain are readable rather than all cut to a
    letter or two. Then the shown columns shrink, highest ``drop`` first, until they fit.
    When they fit with room to spare, the room goes to the columns whose cells are cut
    (``natural`` wider than the width): a cell at a time to each in turn, the columns that
    name the record (lowest ``drop``) first, none beyond its longest cell.
    """
    shown = list(range(len(columns)))

    def needed() -> int:
        return sum(columns[i].min_width + padding for i in shown)

    while needed() > available:
        droppable = [i for i in shown if columns[i].drop > 0]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (columns[i].drop, i)))
    room = available - padding * len(shown)
    fitted = fit_widths(
        [widths[i] for i in shown],
        [columns[i].min_width for i in shown],
        room,
        [columns[i].drop for i in shown],
    )
    if natural:
        _give_spare(fitted, [natural[i] for i in shown], [columns[i].drop for i in shown], room)
    out = [0] * len(columns)
    for index, width in zip(shown, fitted, strict=True):
        out[index] = width
    return out


def _give_spare(fitted: list[int], natural: Sequence[int], drop: Sequence[int], room: int) -> None:
    """Widen the cut columns of ``fitted`` into the ``room`` they leave unused (in place)."""
    spare = room - sum(fitted)
    order = sorted(range(len(fitted)), key=lambda j: (drop[j], j))
    while spare > 0:
        cut = [j for j in order if fitted[j] < natural[j]]
        if not cut:
            return
        for j in cut:
            if spare == 0:
                return
            fitted[j] += 1
            spare -= 1


def _sort_value(value: Any) -> SortKey:
    """Empty values last; text compared case-insensitively."""
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, (dt.date, dt.datetime)):
        return (0, value.isoformat())
    return (0, value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, (dt.datetime,)):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_ONE_LINE = {code: None for code in range(32)} | {ord("\n"): " ", ord("\t"): " ", 127: None}
"""A cell is one line of text: newlines and tabs become spaces, other control codes go."""


def _row(key: str, values: Sequence[Any], extra: str = "", styles: Sequence[str] = ()) -> TableRow:
    plain = [value if type(value) is str else _text(value) for value in values]
    plain = [text if text.isprintable() else text.translate(_ONE_LINE) for text in plain]
    if len(styles) < len(plain):
        styles = [*styles, *[""] * (len(plain) - len(styles))]
    search = "\x00".join([*plain, extra]).lower()
    return TableRow(key, tuple(plain), tuple(styles[: len(plain)]), search, tuple(values))


def row_key(kind: k.Kind, record_id: str) -> str:
    """The row key of a record: ``kind:id``."""
    return f"{kind.name}:{record_id}"


def parse_row_key(key: str) -> tuple[k.Kind, str] | None:
    """The kind and id a row key names, or None for rows that are not records."""
    name, sep, record_id = key.partition(":")
    if not sep or name not in k.KINDS_BY_NAME:
        return None
    return k.KINDS_BY_NAME[name], record_id


def _invalid_row(kind: k.Kind, record_id: str, width: int) -> TableRow:
    values: list[Any] = [record_id, _("(invalid file: see Health)")] + [""] * (width - 2)
    return _row(row_key(kind, record_id), values[:width])


def _owner_name(owners: dict[str, r.Owner], owner_id: str) -> str:
    owner = owners.get(owner_id)
    return owner.name if owner else owner_id


def _records(
    model: TableModel,
    data: WorkspaceData,
    kind: k.Kind,
    record_type: type[RecordT],
    *,
    newest_first: bool = False,
) -> Iterator[tuple[str, RecordT]]:
    """Each valid record of ``kind`` (a ``record_type``) with its id, in id order; a file that
    is not valid gets its "invalid file" row in ``model`` in its place."""
    entries = sorted(data.entries[kind.name].items(), reverse=newest_first)
    for record_id, entry in entries:
        if entry.record is None:
            model.rows.append(_invalid_row(kind, record_id, len(model.columns)))
        else:
            yield record_id, entry.record


# --- one builder per list ------------------------------------------------------------------


def account_columns() -> tuple[ColumnSpec, ...]:
    """Columns of the Accounts list."""
    status = max(len(label) for label in status_labels().values())
    return (
        ColumnSpec("network", col(r.Account, "network"), 11, 9, drop=2),
        ColumnSpec("handle", col(r.Account, "handle"), 26, 14),
        ColumnSpec("department", col(r.Account, "department"), 18, 12, drop=5),
        ColumnSpec("owner", col(r.Account, "owner"), 20, 14, drop=3),
        ColumnSpec("backup", col(r.Account, "backup_owner"), 20, 14, drop=6),
        ColumnSpec("status", col(r.Account, "status"), max(9, status), status, drop=1),
        ColumnSpec("reviewed", col(r.Account, "last_reviewed"), 11, 10, drop=4),
    )


def build_accounts(data: WorkspaceData) -> TableModel:
    """The Accounts list."""
    columns = account_columns()
    model = TableModel(columns, noun=_("accounts"))
    owners = data.owners
    status_style = {"active": "", "paused": "italic", "archived": "dim"}
    for record_id, account in _records(model, data, k.ACCOUNTS, r.Account):
        values = (
            account.network,
            account.handle,
            account.department,
            _owner_name(owners, account.owner),
            _owner_name(owners, account.backup_owner),
            status_label(account.status),
            account.last_reviewed,
        )
        extra = " ".join(
            (
                record_id,
                account.status,
                account.url,
                account.purpose,
                account.notes,
                account.owner,
                account.backup_owner,
                account.posting_frequency,
                account.credentials_location,
            )
        )
        style = status_style.get(account.status, "")
        model.rows.append(
            _row(row_key(k.ACCOUNTS, record_id), values, extra, [style] * len(values))
        )
    return model


def build_owners(data: WorkspaceData) -> TableModel:
    """The Owners list, with how many accounts each owns and backs up."""
    columns = (
        ColumnSpec("name", col(r.Owner, "name"), 24, 18),
        ColumnSpec("role", col(r.Owner, "role"), 22, 17, drop=3),
        ColumnSpec("department", col(r.Owner, "department"), 18, 12, drop=7),
        ColumnSpec("email", col(r.Owner, "email"), 28, 16, drop=6),
        ColumnSpec("phone", col(r.Owner, "phone"), 17, 16, drop=1),
        ColumnSpec("owns", _("Owns"), 9, 6),
        ColumnSpec("backs", _("Backs up"), 10, 8, drop=4),
        ColumnSpec("active", col(r.Owner, "active"), 8, drop=5),
    )
    model = TableModel(columns, noun=_("owners"))
    roles = {role.id: role.title for role in (data.management.roles if data.management else [])}
    owns: dict[str, int] = {}
    backs: dict[str, int] = {}
    for account in data.accounts.values():
        owns[account.owner] = owns.get(account.owner, 0) + 1
        backs[account.backup_owner] = backs.get(account.backup_owner, 0) + 1
    for record_id, owner in _records(model, data, k.OWNERS, r.Owner):
        values = (
            owner.name,
            roles.get(owner.role) or owner.role,
            owner.department,
            owner.email,
            owner.phone,
            owns.get(record_id, 0),
            backs.get(record_id, 0),
            owner.active,
        )
        style = "" if owner.active else "dim"
        model.rows.append(
            _row(
                row_key(k.OWNERS, record_id),
                values,
                f"{record_id} {owner.role} {owner.notes}",
                [style] * 8,
            )
        )
    return model


def build_contacts(data: WorkspaceData) -> TableModel:
    """The crisis Contacts list."""
    kind = max(len(label) for label in contact_kind_labels().values())
    columns = (
        ColumnSpec("name", col(r.Contact, "name"), 24, 18),
        ColumnSpec("kind", col(r.Contact, "kind"), max(9, kind), min(16, kind), drop=2),
        ColumnSpec("organisation", col(r.Contact, "organisation"), 20, 12, drop=3),
        ColumnSpec("phone", col(r.Contact, "phone"), 17, 16),
        ColumnSpec("email", col(r.Contact, "email"), 26, 16, drop=5),
        ColumnSpec("level", col(r.Contact, "escalation_level"), 6, 5, drop=1),
        ColumnSpec("availability", col(r.Contact, "availability"), 18, 12, drop=4),
    )
    model = TableModel(columns, noun=_("contacts"))
    for record_id, contact in _records(model, data, k.CONTACTS, r.Contact):
        values = (
            contact.name,
            contact_kind_label(contact.kind),
            contact.organisation,
            contact.phone,
            contact.email,
            contact.escalation_level,
            " · ".join(x for x in (hours_text(contact), contact.availability.strip()) if x),
        )
        model.rows.append(
            _row(
                row_key(k.CONTACTS, record_id),
                values,
                f"{record_id} {contact.kind} {contact.notes}",
            )
        )
    return model


def build_protocols(data: WorkspaceData) -> TableModel:
    """The Protocols list: the communication, management and listening protocols, then the
    playbooks."""
    columns = (
        ColumnSpec("title", _("Title"), 40, 24),
        ColumnSpec("type", _("Type"), 24, 12, drop=1),
        ColumnSpec("summary", _("Summary"), 50, 16, drop=2),
    )
    model = TableModel(columns, noun=_("protocols"))
    singles: tuple[tuple[k.Kind, str, str, Callable[[Any], str]], ...] = (
        (
            k.COMMUNICATION,
            _("Communication protocol"),
            _("what we say"),
            lambda record: _("{count} key messages, {tags} hashtags").format(
                count=len(record.key_messages), tags=len(record.hashtags)
            ),
        ),
        (
            k.MANAGEMENT,
            _("Management protocol"),
            _("who, how, when"),
            lambda record: _("{roles} roles, review every {days} days").format(
                roles=len(record.roles), days=record.review_cadence_days
            ),
        ),
        (
            k.LISTENING,
            _("Listening protocol"),
            _("what we listen for"),
            lambda record: _("{terms} terms watched, {thresholds} thresholds").format(
                terms=len(record.watch), thresholds=len(record.thresholds)
            ),
        ),
    )
    for kind, title, what, summarize in singles:
        entry = data.entry(kind, kind.single_id)
        if entry is not None:
            summary = summarize(entry.record) if entry.record else _("(invalid file: see Health)")
            model.rows.append(
                _row(row_key(kind, kind.single_id), (title, what, summary), entry.text)
            )
    for record_id, playbook in _records(model, data, k.PLAYBOOKS, r.Playbook):
        summary = playbook.trigger
        model.rows.append(
            _row(
                row_key(k.PLAYBOOKS, record_id),
                (playbook.title, _("crisis playbook"), summary),
                f"{record_id} {len(playbook.steps)}",
            )
        )
    return model


def build_incidents(data: WorkspaceData) -> TableModel:
    """The Incidents list, newest first."""
    status = max(len(incident_status_label(s)) for s in ("open", "closed"))
    columns = (
        ColumnSpec("opened", col(r.Incident, "opened_at"), 16, 16),
        ColumnSpec("title", col(r.Incident, "title"), 34, 24),
        ColumnSpec("playbook", col(r.Incident, "playbook"), 22, 12, drop=3),
        ColumnSpec("severity", col(r.Incident, "severity"), 10, 8, drop=2),
        ColumnSpec("status", col(r.Incident, "status"), max(8, status), status, drop=1),
    )
    model = TableModel(columns, noun=_("incidents"))
    playbooks = data.playbooks
    for record_id, incident in _records(model, data, k.INCIDENTS, r.Incident, newest_first=True):
        playbook = playbooks.get(incident.playbook)
        values = (
            incident.opened_at,
            incident.title or record_id,
            playbook.title if playbook else incident.playbook,
            severity_label(playbook, severity_now(incident)),  # as changed during it
            incident_status_label(incident.status),
        )
        style = "bold" if incident.status == "open" else ""
        model.rows.append(
            _row(
                row_key(k.INCIDENTS, record_id),
                values,
                " ".join((record_id, severity_now(incident), incident.status, incident.summary)),
                [style] * 5,
            )
        )
    return model


def build_health(problems: Sequence[Problem]) -> TableModel:
    """The Health list: every finding of ``check``, errors first."""
    columns = (
        ColumnSpec("severity", _("Severity"), 9),
        ColumnSpec("where", _("Where"), 34),
        ColumnSpec("field", _("Field"), 20),
        ColumnSpec("message", _("Problem"), 90),
    )
    model = TableModel(
        columns,
        noun=_("findings"),
        none=_("No findings: the workspace passes every check."),
    )
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0))
    for index, problem in enumerate(ordered):
        label = _("error") if problem.severity == "error" else _("warning")
        style = "bold" if problem.severity == "error" else ""
        where = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
        values = (label, where, field_name(problem), problem.message)
        key = f"problem:{index}:{problem.path}"
        model.rows.append(_row(key, values, problem.code, [style, "", "", ""]))
        model.items[key] = problem
    return model


def build_review(data: WorkspaceData, today: dt.date | None = None) -> TableModel:
    """The Review list: accounts due for review within ``DUE_WITHIN_DAYS``, overdue first
    (the never reviewed leading); its rows are the accounts' own, so Enter opens one."""
    columns = (
        ColumnSpec("when", _("Review"), 22, 12),
        ColumnSpec("network", col(r.Account, "network"), 11, 9, drop=2),
        ColumnSpec("handle", col(r.Account, "handle"), 26, 14),
        ColumnSpec("owner", col(r.Account, "owner"), 20, 14, drop=1),
        ColumnSpec("reviewed", col(r.Account, "last_reviewed"), 11, 10, drop=3),
    )
    model = TableModel(
        columns,
        noun=_("accounts"),
        none=_(
            "No account is due for review within {days} days (reviews every {cadence} days)."
        ).format(days=DUE_WITHIN_DAYS, cadence=data.review_cadence_days),
    )
    owners = data.owners
    for due in due_for_review(data, DUE_WITHIN_DAYS, today or clock.today()):
        account = due.account
        values = (
            due.when(),
            account.network,
            account.handle,
            _owner_name(owners, account.owner),
            account.last_reviewed,
        )
        style = "bold" if due.overdue else ""
        key = row_key(k.ACCOUNTS, due.id)
        model.rows.append(_row(key, values, due.id, [style, "", "", "", ""]))
        model.items[key] = due
    return model


Builder = Callable[[WorkspaceData, Sequence[Problem]], TableModel]

BUILDERS: dict[str, Builder] = {
    "accounts": lambda data, problems: build_accounts(data),
    "owners": lambda data, problems: build_owners(data),
    "contacts": lambda data, problems: build_contacts(data),
    "protocols": lambda data, problems: build_protocols(data),
    "incidents": lambda data, problems: build_incidents(data),
    "health": lambda data, problems: build_health(problems),
    "review": lambda data, problems: build_review(data),
}
"""Builders of the list sections by section id; a new list section adds one line here."""


def build_all(
    data: WorkspaceData, problems: Sequence[Problem] | None, only: Sequence[str] | None = None
) -> dict[str, TableModel]:
    """Every list (or those named in ``only``), ready to show.

    ``problems`` None means the checks have not run yet: the Health list is left out.
    """
    models = {}
    for name, builder in BUILDERS.items():
        if only is not None and name not in only:
            continue
        if problems is None and name == "health":
            continue
        model = builder(data, problems or [])
        model.compute_widths()
        models[name] = model
    return models
