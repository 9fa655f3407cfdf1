"""The one translation function, ``_()``, used for every user-facing string.

The interface language follows ``SMGOV_LANG`` if set, then the usual locale variables
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``). Catalogues live in ``locale/`` next to
this module as plain ``.po`` files, parsed at start-up, so no compile step is needed.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "es")

_catalog: dict[str, str] = {}
_language = "en"


def detect_language(environ: dict[str, str] | None = None) -> str:
    """Return the interface language ("en" or "es") chosen by the environment.

    The first variable that is set decides, as in gettext: ``es_ES.UTF-8``, ``es-ES`` or
    ``es`` give Spanish; any other language, and the ``C``/``POSIX`` locale, give English.
    """
    env = os.environ if environ is None else environ
    for var in ("SMGOV_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if not value:
            continue
        code = value.split(":")[0].split(".")[0].split("@")[0].replace("-", "_")
        code = code.split("_")[0].lower()
        return code if code in SUPPORTED else "en"
    return "en"


def parse_po(text: str) -> dict[str, str]:
    """Parse the msgid/msgstr pairs of a ``.po`` file (no plural forms)."""
    catalog: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    current: list[str] | None = None

    def flush() -> None:
        key, value = "".join(msgid), "".join(msgstr)
        if key and value:
            catalog[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            if msgid:
                flush()
            msgid, msgstr = [ast.literal_eval(line[6:])], []
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
    if msgid:
        flush()
    return catalog


def set_language(language: str) -> None:
    """Switch the interface language; unknown languages fall back to English."""
    global _catalog, _language
    _language = language if language in SUPPORTED else "en"
    po = LOCALE_DIR / _language / "smgov.po"
    _catalog = parse_po(po.read_text(encoding="utf-8")) if po.is_file() else {}


def current_language() -> str:
    """The interface language in use."""
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the interface language."""
    return _catalog.get(message, message)


set_language(detect_language())
