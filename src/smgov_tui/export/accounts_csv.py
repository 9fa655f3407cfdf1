"""The accounts as a spreadsheet: CSV out, and CSV rows parsed back into record values.

Pure: no file is read or written here. The store's importer (``store.importer``) merges the
parsed rows into the workspace and commits them once.

The columns are ``id`` followed by every field of an account, in the record's order. An empty
cell means "not set" (the field's default); a list (``required_hashtags``) is one cell with
its items separated by commas. Exporting then importing changes nothing.

Read back, a sheet may come as LibreOffice or a Spanish Excel saves it: cells separated by
``;`` rather than ``,`` (the header line decides which) and the text in Windows-1252 rather
than UTF-8 (UTF-8 is tried first, strictly; a byte-order mark is allowed). :func:`read_sheet`
decides both and says which, so the import's summary can tell the person.

A cell a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``)
is written with a leading ``'`` and read back without it (``core.escape.csv_safe`` and
``csv_unquote``; the rule is in docs/workspace.md, "Accounts as a spreadsheet: formulas").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
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


DELIMITERS: tuple[str, ...] = (",", ";")
"""The separators a sheet may use: ``,`` (the export, English spreadsheets) and ``;`` (Excel
and LibreOffice where ``,`` is the decimal mark, as in Spain)."""

_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
_FIRST_LINE = re.compile(r"[^\r\n]*")


class UnreadableSheet(ValueError):
    """The bytes are not text smgov can read; ``problem`` says where and what to do."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Sheet:
    """A CSV file's text and how it was read."""

    text: str
    """The decoded text, byte-order mark removed, row endings as in the file."""
    encoding: str
    """The codec that decoded it: ``utf-8``, ``utf-8-sig`` (with a byte-order mark) or
    ``cp1252`` (Windows-1252)."""
    delimiter: str
    """The cell separator the header line showed: one of :data:`DELIMITERS`."""

    def describe(self, name: str) -> str:
        """One sentence for the import's summary: which encoding and separator were used."""
        encoding = _ENCODING_NAMES[self.encoding]
        if self.encoding == "utf-8-sig":
            encoding = _("{encoding} with a byte-order mark").format(encoding=encoding)
        return _('Read {file} as {encoding}, cells separated by "{delimiter}".').format(
            file=name, encoding=encoding, delimiter=self.delimiter
        )


def read_sheet(data: bytes | str, source: str) -> Sheet:
    """``data`` (a file's bytes, or text already decoded) as a :class:`Sheet`.

    The encoding is decided honestly, never guessed from the letters: a UTF-8 byte-order mark
    means UTF-8; otherwise the bytes are UTF-8 when they decode strictly as UTF-8 (a
    Windows-1252 file with any accented letter or a euro sign never does), and Windows-1252
    when they do not. Raises :class:`UnreadableSheet` for UTF-16 (Excel's "Unicode text") and
    for bytes that are neither.
    """
    if isinstance(data, str):
        text, encoding = data, "utf-8"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableSheet(
            Problem(
                source,
                1,
                "",
                _(
                    'is UTF-16 text (Excel\'s "Unicode text"); save it from the spreadsheet '
                    'as "CSV UTF-8" or "CSV" and import that file'
                ),
                code="csv",
            )
        )
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _decode(data, "utf-8-sig", source), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode(data, "cp1252", source), "cp1252"
    if text.startswith("\ufeff"):  # text handed over with its byte-order mark
        text, encoding = text[1:], "utf-8-sig"
    return Sheet(text, encoding, sniff_delimiter(text))


def _decode(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnreadableSheet(
            Problem(
                source,
                data.count(b"\n", 0, error.start) + 1,
                "",
                _(
                    "byte {byte} is neither UTF-8 nor Windows-1252 text; save the sheet "
                    'from the spreadsheet as "CSV UTF-8" and import that file'
                ).format(byte=f"0x{data[error.start]:02X}"),
                code="csv",
            )
        ) from None


def sniff_delimiter(text: str) -> str:
    """The separator of ``text``'s cells, decided by its header line alone.

    The separator that splits the header into the most known column names wins (``id;network``
    read with ``,`` is one unknown column, with ``;`` two known ones); with no known name
    either way, the one that makes more cells; ``,`` on a tie. Data rows never vote: a
    purpose with commas in a ``;`` sheet cannot sway it, and neither can csv.Sniffer's guesses.
    """
    match = _FIRST_LINE.match(text.removeprefix("\ufeff"))
    header = match.group(0) if match else ""

    def score(delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([header], delimiter=delimiter), [])
        except csv.Error:
            return (0, 0)
        return (sum(c.strip() in COLUMNS for c in cells), len(cells))

    return max(DELIMITERS, key=score)  # max keeps the first of equals: ","


def parse_accounts_csv(
    text: str, source: str, delimiter: str | None = None
) -> tuple[list[Row], list[Problem]]:
    """Rows of an accounts CSV, and a problem for every bad cell, header or duplicate id.

    ``source`` names the file in the problems (their ``path``); lines are the file's lines.
    Cells are separated by ``delimiter``, or by what the header line shows when None
    (:func:`sniff_delimiter`). Cells are checked for their shape here (a known network, a
    whole number, a date); the whole record and its references are checked by the importer
    against the workspace.
    """
    problems: list[Problem] = []
    if text.startswith("\ufeff"):  # a spreadsheet's byte-order mark
        text = text[1:]
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
