"""The accounts as a spreadsheet: CSV out, and CSV rows parsed back into record values.

Pure: no file is read or written here. The store's importer (``store.importer``) merges the
parsed rows into the workspace and commits them once.

The columns are ``id`` followed by every field of an account, in the record's order. An empty
cell means "not set" (the field's default); a list (``required_hashtags``) is one cell with
its items separated by commas. Exporting then importing changes nothing.

A cell a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``)
is written with a leading ``'`` and read back without it (``core.escape.csv_safe`` and
``csv_unquote``; the rule is in docs/workspace.md, "Accounts as a spreadsheet: formulas").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from smgov_tui.core import records as r
from smgov_tui.core.escape import csv_safe, csv_unquote
from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.core.slug import is_slug
from smgov_tui.core.validate import expectation, record_fields
from smgov_tui.core.withhold import marker, markers, reveal, withhold_workspace
from smgov_tui.i18n import _

FIELDS: tuple[str, ...] = tuple(f.name for f in msgspec.structs.fields(r.Account))
COLUMNS: tuple[str, ...] = ("id", *FIELDS)
REQUIRED: tuple[str, ...] = ("id", "network", "handle")
INT_FIELDS = {"response_sla_hours"}
DATE_FIELDS = {"last_reviewed"}
LIST_FIELDS = {"languages", "required_hashtags"}
"""Lists of short words (hashtags, language codes): one cell, the items separated by commas."""


def cell(value: Any) -> str:
    """A field value as a CSV cell: dates in ISO form, nothing for None, formulas quoted."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return csv_safe(", ".join(str(item) for item in value))
    return csv_safe(str(value))


def accounts_to_csv(data: WorkspaceData) -> str:
    """Every valid account as CSV text (header row first, sorted by id)."""
    rows = [_csv_line(COLUMNS)]
    for aid, account in sorted(data.accounts.items()):
        rows.append(_csv_line([cell(aid), *(cell(getattr(account, name)) for name in FIELDS)]))
    return "".join(rows)


def _csv_line(cells: Sequence[str]) -> str:
    """One CSV row ending in ``\n``, every cell holding a ``\r`` or ``\n`` in quotes.

    Python 3.11's writer quotes only the characters of its own line terminator: with ``\n`` a
    lone ``\r`` in a value went out bare and split the row for every reader. Written with
    ``\r\n``, both are quoted; the row's own terminator is then put back to ``\n``.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2] + "\n"


def accounts_to_csv_withheld(data: WorkspaceData) -> tuple[str, int]:
    """The CSV as ``smgov export accounts`` writes it, and how many cells it leaves out.

    A value that looks like a secret becomes "[withheld: looks like a secret]"; an import
    reads that cell as "keep what the file has", so exporting then importing changes nothing.
    """
    return reveal(accounts_to_csv(withhold_workspace(data)), marker())


def default_of(name: str) -> Any:
    """The value a field has when it is left out of the file."""
    info = record_fields(r.Account)[name]
    if info.default_factory is not msgspec.NODEFAULT:
        return info.default_factory()
    return None if info.default is msgspec.NODEFAULT else info.default


@dataclass
class Row:
    """One data row of the CSV: where it is, its id and its typed cells."""

    line: int
    """1-based line of the file where the row starts."""
    id: str
    """Account id (the file name)."""
    values: dict[str, Any] = field(default_factory=dict)
    """Typed value of every field; None where the cell was empty."""


def parse_accounts_csv(text: str, source: str) -> tuple[list[Row], list[Problem]]:
    """Rows of an accounts CSV, and a problem for every bad cell, header or duplicate id.

    ``source`` names the file in the problems (their ``path``); lines are the file's lines.
    Cells are checked for their shape here (a known network, a whole number, a date); the
    whole record and its references are checked by the importer against the workspace.
    """
    problems: list[Problem] = []
    if text.startswith("\ufeff"):  # a spreadsheet's byte-order mark
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(source, 1, "", _("is empty; expected a header row"), code="csv")]
    except csv.Error as error:
        return [], [Problem(source, 1, "", str(error), code="csv")]
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [h for h in REQUIRED if h not in header]
    for name in unknown:
        problems.append(
            Problem(
                source,
                1,
                name,
                _("unknown column; expected some of: {columns}").format(columns=", ".join(COLUMNS)),
                code="csv",
            )
        )
    for name in missing:
        problems.append(
            Problem(source, 1, name, _("the column is missing; it is required"), code="csv")
        )
    seen_header: set[str] = set()
    for name in header:
        if name in seen_header:
            problems.append(Problem(source, 1, name, _("the column appears twice"), code="csv"))
        seen_header.add(name)
    if problems:
        return [], problems
    rows: list[Row] = []
    ids: dict[str, int] = {}
    start = reader.line_num + 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        source,
                        line,
                        "",
                        _("has {found} cells; the header has {expected}").format(
                            found=len(cells), expected=len(header)
                        ),
                        code="csv",
                    )
                )
                continue
            row, row_problems = _row(dict(zip(header, cells, strict=True)), line, source)
            problems.extend(row_problems)
            if row.id and row.id in ids:
                problems.append(
                    Problem(
                        source,
                        line,
                        "id",
                        _('"{id}" is already on line {other}; every id once').format(
                            id=row.id, other=ids[row.id]
                        ),
                        code="csv",
                    )
                )
            elif row.id:
                ids[row.id] = line
            rows.append(row)
    except csv.Error as error:
        problems.append(Problem(source, reader.line_num, "", str(error), code="csv"))
    return rows, problems


def _row(cells: dict[str, str], line: int, source: str) -> tuple[Row, list[Problem]]:
    problems: list[Problem] = []
    rid = csv_unquote(cells.get("id", "").strip())
    if not is_slug(rid):
        problems.append(
            Problem(
                source,
                line,
                "id",
                _('"{value}" is not valid; expected {what}').format(
                    value=rid,
                    what=_("an id of lower-case letters, digits and hyphens, like ana-ruiz"),
                ),
                code="csv",
            )
        )
    row = Row(line, rid)
    fields = record_fields(r.Account)
    withheld = markers()
    for name in FIELDS:
        if name not in cells or cells[name].strip() in withheld:
            continue  # a column left out, or a secret the export withheld: the field is kept
        raw = cells[name]
        value = csv_unquote(raw.strip() if name not in ("purpose", "notes") else raw)
        if not value.strip():
            row.values[name] = None
            continue
        try:
            if name in INT_FIELDS:
                typed: Any = int(value)
            elif name in DATE_FIELDS:
                typed = dt.date.fromisoformat(value)
            elif name in LIST_FIELDS:
                typed = [item.strip() for item in value.split(",") if item.strip()]
            else:
                typed = value
            msgspec.convert(typed, fields[name].type)
        except (ValueError, msgspec.ValidationError):
            problems.append(
                Problem(
                    source,
                    line,
                    name,
                    _('"{value}" is not valid; expected {what}').format(
                        value=value, what=expectation(fields[name].type)
                    ),
                    code="csv",
                )
            )
            continue
        row.values[name] = typed
    return row, problems


def merged_values(row: Row, current_raw: dict[str, Any] | None) -> dict[str, Any]:
    """The file's table after applying ``row``: unchanged fields keep their exact form.

    A cell equal to what the file means (its value, or the default when left out) leaves the
    file alone; an empty cell removes the key; anything else sets it. Unknown keys survive.
    """
    raw = dict(current_raw or {})
    for name, value in row.values.items():
        meant = raw.get(name, default_of(name))
        wanted = default_of(name) if value is None else value
        if _equal(meant, wanted):
            continue
        if value is None:
            raw.pop(name, None)
        else:
            raw[name] = value
    return raw


def _equal(a: Any, b: Any) -> bool:
    return type(a) is type(b) and bool(a == b)
