"""``smgov import accounts FILE.csv``: every row checked, then one commit for all of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smgov_tui.core import kinds as k
from smgov_tui.core.problems import Problem
from smgov_tui.export.accounts_csv import Sheet, merged_values, parse_accounts_csv, read_sheet
from smgov_tui.i18n import _
from smgov_tui.store.errors import ValidationFailed
from smgov_tui.store.store import SaveResult, Store


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or would have done)."""

    created: list[str]
    """Ids of the new accounts."""
    updated: list[str]
    """Ids of the accounts whose file changed."""
    result: SaveResult
    """The commit made, or the sentence saying nothing changed."""
    sheet: Sheet
    """How the file was read (encoding, separator), for the summary."""


def import_accounts(store: Store, data: Sheet | bytes | str, source: str) -> ImportResult:
    """Create or update accounts from a CSV sheet (named ``source`` in messages).

    ``data`` is the file's bytes, its text, or a :class:`Sheet` already read (``read_sheet``
    decides the encoding and the separator; ``UnreadableSheet`` when it cannot). Every row is
    checked first: the cells, then the whole record against the workspace (as a save would).
    When any row is bad, ValidationFailed lists every bad row with its line and column, and
    nothing is written. Otherwise the changed accounts are committed once, by the author;
    existing files are edited in place, so their comments survive.
    """
    store.ensure_can_save()  # a rebase or merge in progress: say so before judging the rows
    sheet = data if isinstance(data, Sheet) else read_sheet(data, source)
    rows, problems = parse_accounts_csv(sheet.text, source, sheet.delimiter)
    if any(p.line == 1 for p in problems):  # the header is wrong: the rows mean nothing
        raise ValidationFailed(problems)
    bad_lines = {p.line for p in problems}
    changes: list[tuple[k.Kind, str, dict[str, Any], str | None]] = []
    created: list[str] = []
    updated: list[str] = []
    for row in rows:
        if row.line in bad_lines:
            continue  # its cells are already reported; the record cannot be built
        entry = store.data.entry(k.ACCOUNTS, row.id)
        if entry is not None and entry.record is None and entry.raw == {} and entry.text:
            problems.append(
                Problem(
                    source,
                    row.line,
                    "id",
                    _("{path} is not valid TOML; fix it before importing over it").format(
                        path=entry.path
                    ),
                    code="csv",
                )
            )
            continue
        values = merged_values(row, entry.raw if entry else None)
        if entry is not None and values == entry.raw:
            continue
        for problem in store.validate(k.ACCOUNTS, row.id, values):
            if problem.severity == "error":
                problems.append(
                    Problem(
                        source,
                        row.line,
                        problem.field.split(".")[0],
                        problem.message,
                        code=problem.code,
                    )
                )
        changes.append((k.ACCOUNTS, row.id, values, entry.text if entry else None))
        (updated if entry else created).append(row.id)
    if problems:
        raise ValidationFailed(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    if not changes:
        return ImportResult(
            [], [], SaveResult(False, _("Nothing changed; no commit made."), None), sheet
        )
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    parts = []
    if created:
        parts.append(f"add {len(created)}")
    if updated:
        parts.append(f"update {len(updated)}")
    message = f"accounts: {' and '.join(parts)} from {name}"
    if len(changes) == 1:
        message = f"accounts: {'add' if created else 'update'} {changes[0][1]} from {name}"
    result = store.save_many(changes, message)
    return ImportResult(created, updated, result, sheet)
