"""store.textfile.loads parses with rtoml for speed; its values must be tomllib's, exactly.

Exactly means the same types (a ``datetime.timezone``, not rtoml's own class), the same key
order and the same text in multi-line strings of CRLF files; and a text rtoml refuses gets
tomllib's own error, line number included.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from smgov_tui.store.loader import load_workspace
from smgov_tui.store.textfile import BOM, loads, read_exact

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.generate import TINY, generate  # noqa: E402


def same(ours: Any, theirs: Any, where: str = "") -> None:
    """Assert equal values of the same types, dict keys in the same order."""
    assert type(ours) is type(theirs), f"{where}: {type(ours)} != {type(theirs)}"
    if isinstance(theirs, dict):
        assert list(ours) == list(theirs), where
        for key in theirs:
            same(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, list):
        assert len(ours) == len(theirs), where
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            same(mine, other, f"{where}[{index}]")
    elif isinstance(theirs, float) and math.isnan(theirs):
        assert math.isnan(ours), where
    elif isinstance(theirs, dt.datetime | dt.time):
        assert ours == theirs, where
        assert type(ours.tzinfo) is type(theirs.tzinfo), where
        assert ours.utcoffset() == theirs.utcoffset(), where
    else:
        assert ours == theirs, where


def tomllib_loads(text: str) -> dict[str, Any]:
    return tomllib.loads(text.removeprefix(BOM))


EVERY_SHAPE = """\
# a comment
title = "ñandú €uro 😀 \\u00e9 \\U0001F600 \\t tab"
literal = 'C:\\path\\no escapes'
integers = [0, -17, +99, 1_000, 0xDEAD_beef, 0o755, 0b1101]
floats = [3.14, -0.0, 6.02e23, 1e-7, inf, -inf, nan]
booleans = [true, false]
offset = 1979-05-27T07:32:00-08:00
zulu = 1979-05-27T07:32:00Z
zero = 1979-05-27T07:32:00+00:00
fraction = 1979-05-27T00:32:00.999999+05:30
spaced = 1979-05-27 07:32:00+01:00
local_datetime = 1979-05-27T07:32:00.5
local_date = 2026-12-03
local_time = 07:32:00.25
inline = { name = "x", nested = { deep = [1, { at = 2000-01-01T00:00:00+02:00 }] } }
"quoted key" = "v"
dotted.key.path = 1
multi = \"\"\"
first line
second \\
  joined\"\"\"
multi_literal = '''
raw \\n kept
'''
empty_table = {}
mixed = [[1, 2], ["a"], [{ x = 1 }]]

[table]
b = 2
a = 1

[[steps]]
name = "one"
when = 2026-11-30T09:00:00-05:00

[[steps]]
name = "two"
[steps.detail]
z = "last"
"""


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("mark", ["", BOM])
def test_every_toml_shape_parses_as_tomllib_parses_it(ending: str, mark: str) -> None:
    text = mark + EVERY_SHAPE.replace("\n", ending)
    same(loads(text), tomllib_loads(text))


def test_a_crlf_multiline_string_reads_lf_as_tomllib_reads_it() -> None:
    text = 'notes = """\r\nline one\r\nline two\r\n"""\r\n'
    assert loads(text) == {"notes": "line one\nline two\n"}
    same(loads(text), tomllib_loads(text))


@pytest.mark.parametrize(
    "text",
    [
        "a = ",
        "a = 1\nb = 'unclosed\n",
        "a = 1\na = 2\n",
        "[t]\nx = 1\n[t]\ny = 2\n",
        'a = "bad \\q escape"\n',
        "a = 1979-13-45\n",
        "a = 1\r\nb = = 2\r\n",
        "a = 1\rb = 2\n",  # a lone carriage return
        "\ufeffa = [1,\n2,\n",
    ],
)
def test_invalid_toml_raises_tomllibs_line_numbered_error(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as ours:
        loads(text)
    with pytest.raises(tomllib.TOMLDecodeError) as theirs:
        tomllib_loads(text)
    assert str(ours.value) == str(theirs.value)


def test_what_rtoml_refuses_but_tomllib_reads_is_tomllibs_value() -> None:
    """rtoml stops at 64-bit integers and at a nesting depth under the loader's limit."""
    big = "a = 99999999999999999999\n"
    assert loads(big) == {"a": 99999999999999999999}
    deep = "a = " + "[" * 90 + "]" * 90 + "\n"
    same(loads(deep), tomllib.loads(deep))


def test_the_sample_workspace_parses_as_tomllib_parses_it(ws: Path) -> None:
    files = sorted(ws.rglob("*.toml"))
    assert len(files) > 30
    for path in files:
        if ".git" in path.parts:
            continue
        text = read_exact(path)
        same(loads(text), tomllib_loads(text), str(path))


@pytest.mark.slow
def test_a_generated_workspace_parses_and_loads_as_with_tomllib(tmp_path: Path) -> None:
    root = generate(tmp_path / "ws", TINY).root
    for path in sorted(root.rglob("*.toml")):
        if ".git" in path.parts:
            continue
        text = read_exact(path)
        try:
            expected = tomllib_loads(text)
        except tomllib.TOMLDecodeError:  # the generator plants one invalid file
            with pytest.raises(tomllib.TOMLDecodeError):
                loads(text)
            continue
        same(loads(text), expected, str(path))
    data = load_workspace(root)
    assert any(p.code == "invalid-toml" and p.line for p in data.problems)


keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=8)
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
    st.dates(),
    st.datetimes(),
    st.datetimes(
        timezones=st.builds(
            dt.timezone, st.integers(-23 * 60, 23 * 60).map(lambda m: dt.timedelta(minutes=m))
        )
    ),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(document=st.dictionaries(keys, values, max_size=6), crlf=st.booleans())
def test_any_document_parses_as_tomllib_parses_it(document: dict[str, Any], crlf: bool) -> None:
    text = tomlkit.dumps(document)
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        expected = tomllib_loads(text)
    except tomllib.TOMLDecodeError as error:
        with pytest.raises(tomllib.TOMLDecodeError) as ours:
            loads(text)
        assert str(ours.value) == str(error)
        return
    same(loads(text), expected)
