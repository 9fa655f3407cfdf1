"""The team's language: when the machine names none (``LANG=C.UTF-8`` on a fresh server, or
nothing set), smgov speaks the workspace's ``language``; a named one always wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from smgov_tui.cli.common import open_store
from smgov_tui.i18n import _, current_language, environment_language, follow_workspace


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LC_ALL": "C", "LANG": "es_ES.UTF-8"}, None),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"SMGOV_LANG": "es", "LANG": "C.UTF-8"}, "es"),
    ],
)
def test_which_environments_name_a_language(environ: dict[str, str], expected: str | None) -> None:
    assert environment_language(environ) == expected


@pytest.mark.usefixtures("language")
def test_a_named_language_wins_over_the_workspace() -> None:
    follow_workspace("es", {"LANG": "en_US.UTF-8"})
    assert current_language() == "en"
    follow_workspace("es", {"LANG": "C.UTF-8"})
    assert current_language() == "es"


@pytest.mark.usefixtures("language")
def test_a_spanish_workspace_on_a_c_locale_machine_speaks_spanish(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ws / "workspace.toml").read_text(encoding="utf-8")
    (ws / "workspace.toml").write_text(
        text.replace('language = "en"', 'language = "es"'), encoding="utf-8"
    )
    for var in ("SMGOV_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    open_store(str(ws))
    assert current_language() == "es"
    assert _("Accounts") == "Cuentas"
