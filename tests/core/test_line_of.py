"""``line_of`` finds a top-level key by one search over the text: the same line as reading the
text line by line, whatever the whitespace, tables and line breaks (tests of the quick path)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from smgov_tui.core.problems import line_of

KEYS = ("owner", "response_sla_hours", "x+y")


def line_by_line(text: str, key: str) -> int | None:
    """The first line before any table that sets ``key``, read as the walk always read it."""
    lines = text.splitlines()
    top_end = next((n for n, ln in enumerate(lines) if ln.lstrip().startswith("[")), len(lines))
    quoted = re.escape(key)
    pattern = re.compile(rf'^\s*(?:{quoted}|"{quoted}"|\'{quoted}\')\s*=')
    return next((n + 1 for n in range(top_end) if pattern.match(lines[n])), None)


SPACE = st.text(alphabet=" \t\x1f\xa0\u2003", max_size=2)
KEY_LINE = st.builds(
    lambda pad, quote, key, gap, value: f"{pad}{quote}{key}{quote}{gap}= {value}",
    SPACE,
    st.sampled_from(["", '"', "'"]),
    st.sampled_from([*KEYS, "owner_x", "backup_owner"]),
    SPACE,
    st.sampled_from(['"ana"', "24", "[", ""]),
)
LINE = st.one_of(
    KEY_LINE,
    st.builds(lambda pad, name: f"{pad}[{name}]", SPACE, st.sampled_from(["rota", "[steps]"])),
    SPACE,
    st.sampled_from(["# owner = in a comment", "owner", "= owner", 'notes = """', '"""']),
)
BREAK = st.sampled_from(["\n"] * 6 + ["\r\n", "\r", "\x0c", "\u2028", "\x85"])


@given(lines=st.lists(st.tuples(LINE, BREAK), max_size=12), key=st.sampled_from(KEYS))
def test_a_top_level_key_is_on_the_line_a_line_by_line_reading_finds(
    lines: list[tuple[str, str]], key: str
) -> None:
    text = "".join(line + brk for line, brk in lines)
    assert line_of(text, key) == line_by_line(text, key)


def test_every_field_of_the_sample_files(ws: Path) -> None:
    for path in sorted(ws.rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        keys = {m.group(1) for m in re.finditer(r"^\s*([A-Za-z_]+)\s*=", text, re.MULTILINE)}
        for key in keys:
            assert line_of(text, key) == line_by_line(text, key), (path.name, key)
            crlf = text.replace("\n", "\r\n")
            assert line_of(crlf, key) == line_by_line(crlf, key), (path.name, key)
