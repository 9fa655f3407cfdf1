"""The one translation function, ``_()``, used for every user-facing string, and ``ngettext()``
for a message about a number (``1 warning``, ``2 warnings``).

The interface language follows ``SMGOV_LANG`` if set, then the usual locale variables
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); when they name none (unset, ``C``,
``POSIX``), the workspace's ``language`` once one is opened (:func:`follow_workspace`).
Catalogues live in ``locale/`` next to this module as plain ``.po`` files, parsed at start-up,
so no compile step is needed. Plural entries (``msgid_plural``, ``msgstr[N]``) pick their
form with the ``Plural-Forms`` expression of the catalogue's header, as gettext does.
"""

from __future__ import annotations

import ast
import functools
import gettext
import os
import re
from collections.abc import Callable, Mapping

LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")
"""The catalogues' folder, as a string: every command imports this module, ``smgov --version``
too, and neither pathlib nor dataclasses (~5 ms together) is needed to read one file."""
SUPPORTED = ("en", "es")

_catalog: dict[str, str] = {}
_plurals: dict[str, list[str]] = {}
_plural_forms = ""
_language = "en"


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The interface language ("en" or "es") the environment names, or None when it names none.

    The first variable that names a language decides, as in gettext: ``es_ES.UTF-8``,
    ``es-ES`` or ``es`` give Spanish; any other language gives English. Unset variables and the
    ``C``/``POSIX`` locale (``C.UTF-8`` on a fresh server or container) name none: then the
    workspace's own ``language`` is spoken (:func:`follow_workspace`).
    """
    env = os.environ if environ is None else environ
    for var in ("SMGOV_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").strip()
        if not value:
            continue
        code = value.split(":")[0].split(".")[0].split("@")[0].replace("-", "_")
        if code.upper() in ("C", "POSIX"):
            return None  # the first set variable decides, and this one names no language
        code = code.split("_")[0].lower()
        return code if code in SUPPORTED else "en"
    return None


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """Return the interface language ("en" or "es") chosen by the environment (English when it
    names none)."""
    return environment_language(environ) or "en"


def follow_workspace(language: str, environ: Mapping[str, str] | None = None) -> None:
    """Speak the workspace's ``language`` when the environment names none: a Spanish team's
    workspace opened on a machine with ``LANG=C.UTF-8`` gets a Spanish interface. Call it before
    importing the interface (key labels are translated at import)."""
    named = environment_language(environ)
    if named is None and language in SUPPORTED and language != _language:
        set_language(language)


CONTEXT_SEPARATOR = "\x04"
"""Between an entry's ``msgctxt`` and its msgid in :attr:`Catalog.messages` (as in gettext)."""


class Catalog:
    """A parsed ``.po`` file (a plain class: see :data:`LOCALE_DIR`)."""

    def __init__(self) -> None:
        self.messages: dict[str, str] = {}
        """msgid -> msgstr (for a plural entry, its first form); an entry with a ``msgctxt``
        is keyed ``context + CONTEXT_SEPARATOR + msgid``."""
        self.plurals: dict[str, list[str]] = {}
        """Singular msgid of a plural entry -> its forms (``msgstr[0]``, ``msgstr[1]``...)."""
        self.plural_forms = ""
        """The header's ``Plural-Forms`` line (``nplurals=2; plural=(n != 1);``)."""


def _po_string(quoted: str) -> str:
    """A ``.po`` string (``"..."``, quotes included) as its text.

    Most strings hold no backslash and no inner quote: their text is what lies between the
    quotes, exactly what ``ast.literal_eval`` returns, at a fraction of its cost (parsing the
    Spanish catalogue at every start took ~14 ms that way). Any other goes to ``literal_eval``.
    """
    inner = quoted[1:-1]
    if (
        len(quoted) >= 2
        and quoted[0] == '"'
        and quoted[-1] == '"'
        and "\\" not in inner
        and '"' not in inner
    ):
        return inner
    value = ast.literal_eval(quoted)
    if not isinstance(value, str):  # pragma: no cover - a malformed catalogue
        raise ValueError(f"not a string: {quoted}")
    return value


def parse_catalog(text: str) -> Catalog:
    """Parse a ``.po`` file: its messages, plural entries and ``Plural-Forms`` header."""
    catalog = Catalog()
    context: list[str] = []
    msgid: list[str] = []
    plural: list[str] = []
    forms: dict[int, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        key = "".join(msgid)
        if context:
            key = "".join(context) + CONTEXT_SEPARATOR + key
        values = ["".join(forms[i]) for i in sorted(forms)]
        if not key:
            header = values[0] if values else ""
            found = re.search(r"^Plural-Forms:\s*(.*)$", header, flags=re.MULTILINE)
            catalog.plural_forms = found[1].strip() if found else ""
            return
        if values and values[0]:
            catalog.messages[key] = values[0]
        if plural and all(values):
            catalog.plurals[key] = values

    for raw in text.splitlines():
        if not raw or raw[0] == "#":  # half the lines: blank, or a comment (skipped below too)
            continue
        line = raw.strip()
        if line.startswith("msgctxt "):
            if msgid or forms:
                flush()
            msgid, plural, forms = [], [], {}
            context = [_po_string(line[8:])]
            current = context
        elif line.startswith("msgid "):
            if msgid or forms:
                flush()
                context = []
            msgid, plural, forms = [_po_string(line[6:])], [], {}
            current = msgid
        elif line.startswith("msgid_plural "):
            plural = [_po_string(line[13:])]
            current = plural
        elif line.startswith("msgstr["):
            index, _sep, value = line[7:].partition("]")
            current = forms[int(index)] = [_po_string(value.strip())]
        elif line.startswith("msgstr "):
            current = forms[0] = [_po_string(line[7:])]
        elif line.startswith('"') and current is not None:
            current.append(_po_string(line))
    if msgid or forms:
        flush()
    return catalog


def parse_po(text: str) -> dict[str, str]:
    """Parse the msgid/msgstr pairs of a ``.po`` file (a plural entry gives its first form)."""
    return parse_catalog(text).messages


def _english_plural(n: int) -> int:
    return 0 if n == 1 else 1


@functools.lru_cache(maxsize=8)
def plural_function(plural_forms: str) -> Callable[[int], int]:
    """The form index for a number, from a ``Plural-Forms`` header (English rules if none)."""
    found = re.search(r"plural\s*=\s*([^;]+)", plural_forms)
    if not found:
        return _english_plural
    return gettext.c2py(found[1].strip())


def _po_path(language: str) -> str:
    return os.path.join(LOCALE_DIR, language, "smgov.po")


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def set_language(language: str) -> None:
    """Switch the interface language; unknown languages fall back to English."""
    global _catalog, _plurals, _plural_forms, _language
    _language = language if language in SUPPORTED else "en"
    po = _po_path(_language)
    catalog = parse_catalog(_read(po)) if os.path.isfile(po) else Catalog()
    _catalog, _plurals, _plural_forms = catalog.messages, catalog.plurals, catalog.plural_forms


@functools.lru_cache(maxsize=32)
def in_every_language(message: str) -> frozenset[str]:
    """``message`` as every supported language says it, English included: to read back text
    smgov wrote for someone who works in another language (a marker in a spreadsheet)."""
    forms = {message}
    for language in SUPPORTED:
        po = _po_path(language)
        if os.path.isfile(po):
            forms.add(parse_catalog(_read(po)).messages.get(message, message))
    return frozenset(forms)


@functools.lru_cache(maxsize=4)
def _messages_of(language: str) -> dict[str, str]:
    po = _po_path(language)
    return parse_catalog(_read(po)).messages if os.path.isfile(po) else {}


def translator(language: str, context: str = "") -> Callable[[str], str]:
    """A ``_()`` that speaks ``language`` whatever the interface speaks (the handbook is written
    in the workspace's language).

    With ``context``, an entry of the catalogue marked ``msgctxt "<context>"`` wins over the
    plain entry of the same msgid: the place that needs other words for a message (the
    handbook says "Sustituto" where the interface says "Suplente") says so in the catalogue,
    and every other message keeps its one translation.
    """
    messages = _messages_of(language if language in SUPPORTED else "en")
    if not context:
        return lambda message: messages.get(message, message)
    prefix = context + CONTEXT_SEPARATOR
    return lambda message: messages.get(prefix + message) or messages.get(message, message)


def N_(message: str) -> str:
    """Mark ``message`` as a msgid translated later, where it is shown (a label kept in a
    table): ``tools/i18n.py`` collects it like a ``_()`` call."""
    return message


def current_language() -> str:
    """The interface language in use."""
    return _language


def _(message: str) -> str:
    """Translate ``message`` into the interface language."""
    return _catalog.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message about ``n`` things, in the form the language uses for ``n``.

    ``ngettext("{n} warning", "{n} warnings", n).format(n=n)``: the catalogue's plural entry
    for ``singular`` and its ``Plural-Forms`` rule choose the form; untranslated, English rules.
    """
    forms = _plurals.get(singular)
    if forms:
        index = plural_function(_plural_forms)(n)
        if 0 <= index < len(forms):
            return forms[index]
    return singular if n == 1 else plural


set_language(detect_language())
