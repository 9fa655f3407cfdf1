"""Accounts sheets as spreadsheets save them: ``;`` or ``,``, Windows-1252 or UTF-8 (with or
without a byte-order mark), CRLF rows, quoted cells holding ``;``, quotes and line breaks.

The files in tests/data/csv/ are byte-exact (their README says which program and which "Save
as" each mimics). Every test imports through the real CLI or store into a real git workspace
and reads back the files and the commit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core.escape import csv_safe
from smgov_tui.export.accounts_csv import (
    Sheet,
    UnreadableSheet,
    accounts_to_csv,
    parse_accounts_csv,
    read_sheet,
    sniff_delimiter,
)
from smgov_tui.i18n import current_language, set_language
from smgov_tui.store.importer import import_accounts
from smgov_tui.store.store import Store
from tests.helpers.git import git
from tests.helpers.sync import head

SHEETS = Path(__file__).parent.parent / "data" / "csv"
PURPOSE = "Pedidos de Año Nuevo; roscón a 25 €\n¿Dudas? Escríbenos"
NOTES = 'Cuenta "piloto" del obrador; revisión en enero'

READ_AS = {
    "excel-es-csv.csv": ("Windows-1252", ";"),
    "excel-es-csv-utf8.csv": ("UTF-8 with a byte-order mark", ";"),
    "libreoffice-cp1252-quoted.csv": ("Windows-1252", ";"),
    "libreoffice-utf8-comma.csv": ("UTF-8", ","),
}


@pytest.mark.parametrize("name", sorted(READ_AS))
def test_a_saved_sheet_imports_exactly_in_one_commit(ws: Path, name: str) -> None:
    sheet = SHEETS / name
    before = head(ws)
    result = CliRunner().invoke(main, ["import", "accounts", str(sheet), str(ws)])
    assert result.exit_code == 0, result.output
    encoding, delimiter = READ_AS[name]
    assert f'Read {name} as {encoding}, cells separated by "{delimiter}".' in result.stdout
    assert git(ws, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
    assert (
        git(ws, "log", "-1", "--format=%s").strip() == f"accounts: add 1 and update 1 from {name}"
    )
    assert git(ws, "log", "-1", "--format=%an <%ae>").strip() == "Test Author <test@example.org>"
    assert git(ws, "status", "--porcelain") == ""
    store = Store.open(ws)
    store.load()
    new = store.data.accounts["instagram-panaderia"]
    assert (new.department, new.purpose, new.notes) == ("Panadería", PURPOSE, NOTES)
    assert new.response_sla_hours == 8
    assert store.data.accounts["instagram-olmedo"].status == "paused"
    written = (ws / "accounts" / "instagram-panaderia.toml").read_bytes().decode("utf-8")
    assert "€" in written and "\r" not in written  # stored as UTF-8, one kind of line ending


def test_a_windows_1252_sheet_reports_problems_on_the_file_s_own_lines(
    ws: Path, tmp_path: Path
) -> None:
    data = (SHEETS / "excel-es-csv.csv").read_bytes().replace(b";paused;", b";pausada;")
    sheet = tmp_path / "cuentas.csv"
    sheet.write_bytes(data)
    before = head(ws)
    result = CliRunner().invoke(main, ["import", "accounts", str(sheet), str(ws)])
    assert result.exit_code == 1
    # the row after the two-line purpose starts on line 4 of the file
    assert f'{sheet}:4 status: "pausada" is not valid' in result.stderr
    assert 'Read cuentas.csv as Windows-1252, cells separated by ";".' in result.stderr
    assert "nothing was imported" in result.stderr
    assert head(ws) == before and git(ws, "status", "--porcelain") == ""


def test_utf8_is_tried_first_and_strictly() -> None:
    text = "id,network,handle,purpose\nx-a,x,@a,Año ñ €\n"
    sheet = read_sheet(text.encode("utf-8"), "a.csv")
    assert (sheet.text, sheet.encoding) == (text, "utf-8")  # never read as "AÃ±o"
    sheet = read_sheet(text.encode("cp1252"), "a.csv")
    assert (sheet.text, sheet.encoding) == (text, "cp1252")
    sheet = read_sheet(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.csv")
    assert (sheet.text, sheet.encoding) == (text, "utf-8-sig")


def test_bytes_that_are_no_text_smgov_reads_are_refused_in_one_sentence(
    ws: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "raro.csv"
    # 0x81 is undefined in Windows-1252 and no UTF-8 either
    sheet.write_bytes(b"id;network;handle\r\nx-a;x;@a\r\nx-b;x;@b\x81\r\n")
    before = head(ws)
    result = CliRunner().invoke(main, ["import", "accounts", str(sheet), str(ws)])
    assert result.exit_code == 1
    assert f"{sheet}:3: byte 0x81 is neither UTF-8 nor Windows-1252 text" in result.stderr
    assert "Traceback" not in result.output
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes("id\tnetwork\thandle\r\n".encode("utf-16"))
    result = CliRunner().invoke(main, ["import", "accounts", str(utf16), str(ws)])
    assert result.exit_code == 1
    assert "is UTF-16 text" in result.stderr and "CSV UTF-8" in result.stderr
    assert head(ws) == before and git(ws, "status", "--porcelain") == ""


def test_the_header_line_alone_decides_the_separator() -> None:
    # a ";" sheet whose cells are full of commas, and a "," sheet whose cells hold ";"
    assert sniff_delimiter("id;network;handle;purpose\nx-a;x;@a;a, b, c, d, e, f\n") == ";"
    assert sniff_delimiter('id,network,handle,purpose\nx-a,x,@a,"a; b; c; d; e"\n') == ","
    assert sniff_delimiter('"id";"network";"handle"\r\n') == ";"
    # a Spanish header: the known "id" and three cells still say ";" (then "unknown column")
    assert sniff_delimiter("id;red;usuario;propósito\n") == ";"
    assert sniff_delimiter("id\nx-a\n") == ","  # one column: nothing to tell, the default
    rows, problems = parse_accounts_csv("id;network;handle;purpose\nx-a;x;@a;a, b\n", "s.csv")
    assert problems == [] and rows[0].values["purpose"] == "a, b"


def test_a_formula_in_a_semicolon_sheet_is_read_as_text_and_exported_neutralised(
    store: Store,
) -> None:
    formula = '=HYPERLINK("http://evil.example";"pulsa")'
    cell = csv_safe(formula).replace('"', '""')
    text = (
        "id;network;handle;owner;backup_owner;notes\r\n"
        f'x-formula;x;@f;ana-ruiz;javier-moreno;"{cell}"\r\n'
    )
    done = import_accounts(store, text.encode("cp1252"), "f.csv")
    assert done.sheet == Sheet(text, "utf-8", ";")  # plain ASCII is UTF-8 too
    assert store.data.accounts["x-formula"].notes == formula
    exported = accounts_to_csv(store.data)
    assert "'=HYPERLINK" in exported and ",=HYPERLINK" not in exported


def test_the_summary_is_said_in_spanish(ws: Path, tmp_path: Path) -> None:
    copy = tmp_path / "cuentas.csv"
    shutil.copyfile(SHEETS / "excel-es-csv.csv", copy)
    before = current_language()
    set_language("es")
    try:
        result = CliRunner().invoke(main, ["import", "accounts", str(copy), str(ws)])
        sheet = read_sheet((SHEETS / "excel-es-csv-utf8.csv").read_bytes(), "x.csv")
        with_mark = sheet.describe("x.csv")
    finally:
        set_language(before)
    assert result.exit_code == 0, result.output
    assert "Leído cuentas.csv como Windows-1252, con las celdas separadas por «;»." in (
        result.stdout
    )
    assert "UTF-8 con marca de orden de bytes" in with_mark


def test_unreadable_sheet_names_the_line_of_the_bad_byte() -> None:
    with pytest.raises(UnreadableSheet) as refused:
        read_sheet(b"id\n\xe1\n\x90\n", "s.csv")
    assert (refused.value.problem.path, refused.value.problem.line) == ("s.csv", 3)
