"""Messages about a number agree with it: ``1 warning``, ``2 warnings``, ``1 aviso``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Static

from smgov_tui.core.problems import count_problems, count_warnings
from smgov_tui.i18n import (
    LOCALE_DIR,
    ngettext,
    parse_catalog,
    plural_function,
    set_language,
)
from smgov_tui.ui.app import SmgovApp
from tests.helpers.ui import loaded, run_async, static_text

PO = Path(LOCALE_DIR) / "es" / "smgov.po"

SAMPLE = r"""msgid ""
msgstr ""
"Language: xx\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\n"

msgid "{n} cat"
msgid_plural "{n} cats"
msgstr[0] "{n} kot"
msgstr[1] "{n} koty"
msgstr[2] "{n} kotów"

msgid "Dog"
msgstr "Pies"
"""


def test_a_plural_entry_is_parsed_with_its_rule() -> None:
    catalog = parse_catalog(SAMPLE)
    assert catalog.messages == {"Dog": "Pies", "{n} cat": "{n} kot"}
    assert catalog.plurals == {"{n} cat": ["{n} kot", "{n} koty", "{n} kotów"]}
    rule = plural_function(catalog.plural_forms)
    assert [rule(n) for n in (1, 2, 5, 22)] == [0, 1, 2, 1]
    assert plural_function("")(1) == 0 and plural_function("")(0) == 1  # English


def test_the_spanish_catalogue_declares_its_plural_rule_and_both_forms() -> None:
    catalog = parse_catalog(PO.read_text(encoding="utf-8"))
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert catalog.plurals["{n} warning"] == ["{n} aviso", "{n} avisos"]
    assert all(len(forms) == 2 for forms in catalog.plurals.values())


@pytest.mark.usefixtures("language")
def test_ngettext_picks_the_form_for_the_number() -> None:
    set_language("en")
    assert [count_warnings(n) for n in (0, 1, 2)] == ["0 warnings", "1 warning", "2 warnings"]
    assert count_problems(1, 1) == "1 error, 1 warning"
    set_language("es")
    assert [count_warnings(n) for n in (0, 1, 2)] == ["0 avisos", "1 aviso", "2 avisos"]
    assert count_problems(2, 1) == "2 errores, 1 aviso"
    assert ngettext("{n} unknown", "{n} unknowns", 1) == "{n} unknown"  # untranslated


@run_async
async def test_the_status_bar_says_one_warning_in_spanish(ws: Path, language: None) -> None:
    account = ws / "accounts" / "x-olmedo.toml"
    text = account.read_text(encoding="utf-8")
    planted, count = re.subn(r"^url = .*$", 'url = "not a url"', text, count=1, flags=re.M)
    assert count == 1
    account.write_text(planted, encoding="utf-8")
    set_language("es")
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.snapshot is not None and app.snapshot.warnings == 1
        assert static_text(app.screen.query_one("#sb-checks", Static)) == "sin errores, 1 aviso"


def test_counts_read_as_words_in_both_languages(language: None) -> None:
    """No "(s)": one of a thing is singular, several plural, in English and in Spanish."""
    from smgov_tui.i18n import _

    def incidents(n: int) -> str:
        return ngettext("{n} incident", "{n} incidents", n).format(n=n)

    def still(left: int, total: int) -> str:
        return ngettext(
            "Still to choose: {left} of {total} field.",
            "Still to choose: {left} of {total} fields.",
            total,
        ).format(left=left, total=total)

    set_language("en")
    assert (incidents(1), incidents(3)) == ("1 incident", "3 incidents")
    assert still(1, 1) == "Still to choose: 1 of 1 field."
    set_language("es")
    assert (incidents(1), incidents(3)) == ("1 incidente", "3 incidentes")
    assert still(2, 5) == "Por elegir: 2 de 5 campos."
    received = ngettext("{n} commit received", "{n} commits received", 1).format(n=1)
    sent = ngettext("{n} sent", "{n} sent", 2).format(n=2)
    synced = _("Synced with {remote}: {received}, {sent}.").format(
        remote="origin", received=received, sent=sent
    )
    assert synced == "Sincronizado con origin: 1 cambio recibido y 2 enviados."


def test_no_message_counts_with_an_s_in_brackets() -> None:
    """Every count in the catalogue has its singular and plural forms."""
    po = Path(__file__).parents[1] / "src" / "smgov_tui" / "locale" / "es" / "smgov.po"
    text = po.read_text(encoding="utf-8")
    assert not re.findall(r"^msg(?:id|str)\b.*\w\(s\)", text, flags=re.MULTILINE)
