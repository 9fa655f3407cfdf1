"""Parsing a ``.po`` catalogue: the quick path for plain strings reads what ``ast.literal_eval``
reads, escapes and all (the catalogue is parsed at every start of a Spanish smgov)."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from smgov_tui.i18n import parse_catalog


def po_quote(text: str) -> str:
    """``text`` as a ``.po`` string, as msgmerge and tools/i18n.py write one."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


# What a catalogue line may hold: no control character nor line separator (a line break in a
# message is written \n, which the strategy makes from a "\n" in the text).
LINE_TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from("\n\t")


@given(
    msgid=st.text(alphabet=LINE_TEXT, min_size=1),
    parts=st.lists(st.text(alphabet=LINE_TEXT), max_size=3),
)
def test_every_string_reads_as_literal_eval_reads_it(msgid: str, parts: list[str]) -> None:
    lines = [f"msgid {po_quote(msgid)}", 'msgstr ""', *(po_quote(p) for p in parts)]
    expected = "".join(ast.literal_eval(po_quote(p)) for p in parts)
    messages = parse_catalog("\n".join(lines) + "\n").messages
    if expected:
        assert messages == {ast.literal_eval(po_quote(msgid)): expected}
    else:
        assert messages == {}  # an untranslated entry is no translation


def test_comments_blank_lines_context_and_plurals() -> None:
    text = "\n".join(
        [
            "# translator's comment",
            'msgid ""',
            'msgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
            "",
            "#: src/x.py:1",
            'msgctxt "handbook"',
            'msgid "Backup"',
            'msgstr "Sustituto"',
            "",
            '  msgid "Say \\"hi\\"\\tnow"',
            '  msgstr "Di \\"hola\\"\\tya"',
            "",
            'msgid "{n} file"',
            'msgid_plural "{n} files"',
            'msgstr[0] "{n} archivo"',
            'msgstr[1] "{n} archivos"',
        ]
    )
    catalog = parse_catalog(text)
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert catalog.messages == {
        "handbook\x04Backup": "Sustituto",
        'Say "hi"\tnow': 'Di "hola"\tya',
        "{n} file": "{n} archivo",
    }
    assert catalog.plurals == {"{n} file": ["{n} archivo", "{n} archivos"]}
