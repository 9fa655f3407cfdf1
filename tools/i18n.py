"""Keep the Spanish catalogue in step with the code.

    python tools/i18n.py check    # list strings passed to _() that have no Spanish translation
    python tools/i18n.py update   # add them to src/smgov_tui/locale/es/smgov.po with empty msgstr

Strings are found with the ast module: every call ``_("literal")`` in src/ (the handbook's
``_``, bound to the workspace's language, included), every ``N_("literal")`` (a msgid kept in a
table and translated where it is shown: the field labels of ``core/labels.py``), and every
``ngettext("singular", "plural", n)`` (written as a plural entry: msgid, msgid_plural,
msgstr[0], msgstr[1], whose forms the header's Plural-Forms rule picks).

An entry may carry a ``msgctxt``: the handbook looks up ``msgctxt "handbook"`` first, for the
few words it says differently from the interface. Such entries are written by hand.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "smgov_tui"
PO = SRC / "locale" / "es" / "smgov.po"

sys.path.insert(0, str(ROOT / "src"))
from smgov_tui.i18n import parse_catalog  # noqa: E402

MARKERS = ("_", "N_")
"""Functions whose literal argument is a msgid: ``_()`` translates now, ``N_()`` later."""


def messages() -> dict[str, list[str]]:
    """Every literal passed to ``_()`` or ``N_()`` in the package, with where it is used."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(node.args[0].value, []).append(where)
    return found


def plural_messages() -> dict[tuple[str, str], list[str]]:
    """Every ``ngettext("singular", "plural", n)`` in the package, with where it is used."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ngettext"
                and len(node.args) >= 2
                and all(
                    isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    for arg in node.args[:2]
                )
            ):
                key = (node.args[0].value, node.args[1].value)  # type: ignore[attr-defined]
                found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def po_quote(text: str) -> str:
    """A .po string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def main() -> int:
    """Run ``check`` or ``update``."""
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    parsed = parse_catalog(PO.read_text(encoding="utf-8")) if PO.exists() else None
    catalog = parsed.messages if parsed else {}
    plurals = parsed.plurals if parsed else {}
    used = messages()
    used_plurals = plural_messages()
    missing = {m: w for m, w in used.items() if m not in catalog}
    missing_plurals = {m: w for m, w in used_plurals.items() if m[0] not in plurals}
    if command == "check":
        for message, where in missing.items():
            print(f"{where[0]}: {message!r}")
        for (singular, plural), where in missing_plurals.items():
            print(f"{where[0]}: {singular!r} / {plural!r}")
        print(
            f"{len(missing) + len(missing_plurals)} of {len(used) + len(used_plurals)} "
            "strings have no Spanish translation"
        )
        return 0
    if command == "update":
        PO.parent.mkdir(parents=True, exist_ok=True)
        text = (
            PO.read_text(encoding="utf-8")
            if PO.exists()
            else (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n'
            )
        )
        blocks = [
            f'\n#: {" ".join(where[:3])}\nmsgid {po_quote(message)}\nmsgstr ""\n'
            for message, where in missing.items()
        ] + [
            f'\n#: {" ".join(where[:3])}\nmsgid {po_quote(singular)}\n'
            f'msgid_plural {po_quote(plural)}\nmsgstr[0] ""\nmsgstr[1] ""\n'
            for (singular, plural), where in missing_plurals.items()
        ]
        PO.write_text(text + "".join(blocks), encoding="utf-8")
        print(f"added {len(blocks)} strings to {PO.relative_to(ROOT)}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
