"""The Spanish catalogue: it parses, keeps every placeholder, and the app really speaks it."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import SystemCommand
from textual.command import CommandInput, CommandPalette
from textual.widgets import Static

import smgov_tui
from smgov_tui.core import kinds as k
from smgov_tui.i18n import (
    LOCALE_DIR,
    _,
    current_language,
    detect_language,
    parse_po,
    set_language,
)
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.textual_text import translate_system_command
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.ui import loaded, run_async, settle, static_text

PO = Path(LOCALE_DIR) / "es" / "smgov.po"
SRC = Path(smgov_tui.__file__).resolve().parents[1]
TOOL = SRC.parent / "tools" / "i18n.py"


def catalogue() -> dict[str, str]:
    return parse_po(PO.read_text(encoding="utf-8"))


def placeholders(text: str) -> list[tuple[str, str]]:
    """The ``{name:spec}`` fields of a str.format template, sorted (a bad brace raises)."""
    return sorted(
        (name, spec or "")
        for _literal, name, spec, _conversion in string.Formatter().parse(text)
        if name is not None
    )


def test_the_catalogue_parses_and_every_entry_is_translated() -> None:
    text = PO.read_text(encoding="utf-8")
    entries = catalogue()
    msgids = re.findall(r"^msgid ", text, flags=re.MULTILINE)
    # every msgid but the header has a non-empty msgstr, and none is listed twice
    assert len(entries) == len(msgids) - 1
    assert len(entries) > 500
    assert entries["Accounts"] == "Cuentas"


def test_no_msgid_is_listed_twice() -> None:
    """Twice in the same context, that is: the handbook's ``msgctxt "handbook"`` entries give
    a few msgids other words there."""
    text = PO.read_text(encoding="utf-8")
    ids = re.findall(r"^(?:msgctxt (.*)\n)?msgid (.*)$", text, flags=re.MULTILINE)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []
    assert ('"handbook"', '"Backup"') in ids


def test_an_entry_with_a_context_wins_only_in_that_context() -> None:
    from smgov_tui.i18n import translator

    assert translator("es")("Backup") == "Suplente"
    assert translator("es", "handbook")("Backup") == "Sustituto"
    assert translator("es", "handbook")("Owner") == "Responsable"  # no entry of its own
    assert translator("en", "handbook")("Backup") == "Backup"
    assert translator("fr", "handbook")("Backup") == "Backup"


def test_every_translation_keeps_the_same_placeholders() -> None:
    wrong = [
        (msgid, msgstr)
        for msgid, msgstr in catalogue().items()
        if placeholders(msgid) != placeholders(msgstr)
    ]
    assert wrong == []


def test_translations_keep_leading_and_trailing_spaces_and_newlines() -> None:
    wrong = [
        (msgid, msgstr)
        for msgid, msgstr in catalogue().items()
        if msgid[:1].isspace() != msgstr[:1].isspace()
        or msgid[-1:].isspace() != msgstr[-1:].isspace()
        or msgid.count("\n") != msgstr.count("\n")
    ]
    assert wrong == []


def test_names_of_keys_options_and_commands_stay_untranslated() -> None:
    entries = catalogue()
    for token in ("--author", "SMGOV_AUTHOR", "user.name", "smgov sync --take mine", "[[steps]]"):
        for msgid, msgstr in entries.items():
            if token in msgid:
                assert token in msgstr, (msgid, msgstr)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SMGOV_LANG": "es"}, "es"),
        ({"SMGOV_LANG": "en", "LANG": "es_ES.UTF-8"}, "en"),
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "fr"}, "en"),
        ({"LANGUAGE": "es:en", "LANG": "en_GB.UTF-8"}, "es"),
        ({"LC_ALL": "C", "LANG": "es_ES.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "es_ES.UTF-8"}, "es"),
        ({"SMGOV_LANG": "es-ES"}, "es"),
        ({"SMGOV_LANG": "ES"}, "es"),
        ({"LANG": "es_ES@euro"}, "es"),
        ({}, "en"),
    ],
)
def test_detect_language(environ: dict[str, str], expected: str) -> None:
    assert detect_language(environ) == expected


@pytest.mark.usefixtures("language")
def test_set_language_switches_between_spanish_and_english() -> None:
    set_language("es")
    assert current_language() == "es"
    assert _("Accounts") == "Cuentas"
    assert k.ACCOUNTS.label == "Cuentas"
    assert k.PLAYBOOKS.label == "Guías de crisis"
    assert _("Saved: {message}").format(message="x") == "Guardado: x"
    assert _("the account has no backup owner; name one of: {known}").format(known="ana-ruiz") == (
        "la cuenta no tiene responsable suplente; indica uno de: ana-ruiz"
    )
    assert _("a string nobody translated") == "a string nobody translated"
    set_language("en")
    assert current_language() == "en"
    assert _("Accounts") == "Accounts"
    assert k.PLAYBOOKS.label == "Crisis playbooks"
    set_language("fr")
    assert current_language() == "en"
    assert _("Accounts") == "Accounts"


def test_smgov_check_speaks_spanish(ws: Path) -> None:
    account = sorted((ws / "accounts").glob("*.toml"))[0]
    text = account.read_text(encoding="utf-8")
    planted, count = re.subn(
        r'^owner = ".*"$', 'owner = "nobody-here"', text, count=1, flags=re.MULTILINE
    )
    assert count == 1
    account.write_text(planted, encoding="utf-8")
    env = {**os.environ, "SMGOV_LANG": "es", "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-m", "smgov_tui", "check", str(ws)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"nobody-here" no es un responsable (existentes: ' in result.stdout
    assert f"accounts/{account.name}" in result.stdout
    assert re.search(r"^1 error, \d+ avisos? en \d+ archivos\.$", result.stdout, re.M)
    assert "is not an owner" not in result.stdout


def test_smgov_check_speaks_english_by_default(ws: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-m", "smgov_tui", "check", str(ws)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings in " in result.stdout


def test_every_string_has_a_spanish_translation() -> None:
    """Every string passed to _() has a Spanish translation (run tools/i18n.py update)."""
    result = subprocess.run(
        [sys.executable, str(TOOL), "check"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    summary = re.search(
        r"^(\d+) of (\d+) strings have no Spanish translation$", result.stdout, re.M
    )
    assert summary is not None, result.stdout
    missing, total = int(summary[1]), int(summary[2])
    assert total > 500
    print(f"{missing} of {total} strings have no Spanish translation")
    assert missing == 0, result.stdout


def test_textual_system_commands_are_translated(language: None) -> None:
    def noop() -> None:
        return None

    set_language("es")
    theme = translate_system_command(SystemCommand("Theme", "Change the current theme", noop))
    assert (theme.title, theme.help) == ("Tema", "Cambiar el tema de colores")
    own = translate_system_command(SystemCommand("Bell", "Ring the bell", noop))
    assert (own.title, own.help) == ("Bell", "Ring the bell")
    set_language("en")
    theme = translate_system_command(SystemCommand("Theme", "Change the current theme", noop))
    assert theme.title == "Theme"


@run_async
async def test_the_app_in_spanish_lists_and_palette(ws: Path, language: None) -> None:
    set_language("es")
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        accounts = app.screen.query_one("#section-accounts", RecordList)
        total = accounts.table.row_count
        assert static_text(accounts.query_one(".count", Static)) == f"{total} de {total} cuentas"
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Buscar comandos…"
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Tema" in titles
        assert "Theme" not in titles
