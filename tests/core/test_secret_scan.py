"""The secret scan's cheap passes never drop a finding a full scan of every line makes.

``secret_lines`` and ``scan_all`` decide only the lines a few byte-level passes pick (a long run
of letters and digits, a password word, a key marker, a ``://user:pass@`` URL); the full scan
here decides every line with every test and every detect-secrets plugin, no prefilter at all.
Over generated files made of ordinary text, password prose, comments and the very shapes the
plugins look for, the answers must be the same, file by file and line by line.
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smgov_tui.core import secrets


@functools.cache
def _plugin_patterns() -> tuple[re.Pattern[str], ...]:
    detectors = secrets._detectors()
    return tuple(
        pattern
        for found in detectors
        for pattern in getattr(found.__self__, "denylist", ())  # type: ignore[attr-defined]
    )


def full_scan(text: str) -> list[int]:
    """Every line decided by every test: the answer the prefilters must keep."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for part in line.splitlines():
            if (
                secrets._prose_secret(part)
                or secrets._TOKENS.search(part)
                or any(next(iter(found_in(part)), None) for found_in in secrets._detectors())
            ):
                found.append(number)
                break
    return found


WORDS = st.sampled_from(
    [
        "the",
        "account",
        "vault",
        "Team",
        "folder",
        "Social/x",
        "notes",
        "=",
        '"',
        "#",
        ":",
        "is",
        "es",
        "la",
        "contraseña",
        "Password",
        "PASSWD",
        "pwd",
        "clave",
        "secret",
        "Token",
        "api_key",
        "API-KEY",
        "apikey",
        "in",
        "the vault",
        "https://example.org/a",
        "@handle",
        "#hashtag",
        "2024!",
        "gatito99",
        "Hunter2",
        "ñandú",
        "€",
        "😀",
        "\t",
    ]
)


def _token_like(value: str) -> bool:
    """What the scan promises to look at: a run of MIN_RUN letters and digits (every real key
    the plugins know has one, though some of their patterns accept shorter ones), a key
    marker or an authenticated URL. A plugin's pattern can match less (``AKC`` and ten
    characters, a Telegram token whose 35 characters hold ``-`` or ``_`` often enough): those
    are out of the scan's reach by design, and left out of the corpus (so are smgov's own
    lenient shapes, like ``xoxa-`` and ten characters)."""
    return "\n" not in value and (
        secrets._has_run(value.encode("utf-8", "surrogatepass"))
        or any(marker in value.lower().encode() for marker in secrets._MARKERS)
    )


@st.composite
def plugin_shapes(draw: st.DrawFn) -> str:
    pattern = draw(st.sampled_from(_plugin_patterns()))
    return draw(st.from_regex(pattern, fullmatch=True).filter(_token_like))


TOKENS = st.one_of(
    plugin_shapes(),
    st.from_regex(secrets._TOKENS, fullmatch=True).filter(_token_like),
    st.from_regex(r"https?://[a-z]{1,8}:[A-Za-z0-9!]{1,12}@[a-z]{1,8}\.org", fullmatch=True),
    st.text(alphabet="ABCDEFabcdef0123456789_-", min_size=15, max_size=45),
)
LINES = st.lists(st.one_of(WORDS, TOKENS, st.text(max_size=6)), max_size=8).map(" ".join)
FILES = st.lists(st.one_of(LINES, LINES.map(lambda line: "# " + line)), min_size=0, max_size=8).map(
    "\n".join
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(FILES, min_size=1, max_size=5))
def test_the_scan_finds_what_a_full_scan_of_every_line_finds(files: list[str]) -> None:
    expected = [full_scan(text) for text in files]
    secrets._KNOWN.clear()
    assert [secrets.secret_lines(text) for text in files] == expected
    secrets._KNOWN.clear()
    secrets.scan_all(files)
    assert [secrets.secret_lines(text) for text in files] == expected


def test_scanning_all_files_at_once_gives_each_file_its_own_line_numbers() -> None:
    head = "# a header, as every record of a kind has\n# credentials: never a secret here\n"
    files = [
        head + 'a = 1\nnotes = "password: Tienda2024!"\n',
        head + 'token = "ghp_abcdefghijklmnopqrstuvwxyz0123"',
        "",
        'x = "AKIAIOSFODNN7EXAMPLE"\r\ny = 2\r\n',
        head + 'notes = "the password is in the vault"\n',
    ]
    secrets._KNOWN.clear()
    secrets.scan_all(files)
    assert [secrets.secret_lines(text) for text in files] == [[4], [3], [], [1], []]


def test_files_that_share_a_comment_block_or_only_start_like_it_keep_their_own_lines() -> None:
    """scan_all cuts the comment block of the file before from the next file without a pattern
    match: a longer block, a block that ends the file, a secret in a block and text that is not
    ASCII before a secret (the joined text is bytes, line numbers count characters' lines)."""
    head = "# kind header\n# api: never a secret here\n"
    secret = 'notes = "password: Tienda2024!"'
    files = [
        head + "a = 1\n" + secret + "\n",
        head + "# one more comment, token: abc123!\n" + secret + "\n",
        head + 'b = "ñandú € 😀"\n' + secret,
        head.rstrip("\n"),
        head.rstrip("\n") + " and more: password: Hunter2!\n" + secret + "\n",
        head + "# the key: pwd = gatito99\n",
        head + "# the key: pwd = gatito99\n" + secret,
        "# password: gatito99\n" + secret,
        secret,
    ]
    secrets._KNOWN.clear()
    one_by_one = [secrets.secret_lines(text) for text in files]
    assert one_by_one == [full_scan(text) for text in files]
    assert one_by_one == [[4], [3, 4], [4], [], [2, 3], [3], [3, 4], [1, 2], [1]]
    secrets._KNOWN.clear()
    secrets.scan_all(files)
    assert [secrets.secret_lines(text) for text in files] == one_by_one


def test_an_upper_case_aws_secret_key_is_a_secret() -> None:
    """detect-secrets' AWS plugin ignores case; the hint that lets a line reach it did not."""
    line = 'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12"'
    assert secrets.looks_like_secret(line)
    assert secrets.secret_lines("a = 1\n" + line + "\n") == [2]


def _lines_picked(data: bytes, starts: set[int]) -> set[int]:
    return {data.rfind(b"\n", 0, start) + 1 for start in starts}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(FILES, min_size=1, max_size=5))
def test_the_one_pass_picks_the_lines_the_byte_passes_pick(files: list[str]) -> None:
    """Large workspaces are looked over by RE2 in one pass (from ``BULK`` bytes on), small ones
    by the byte passes: both must pick the same lines, halves and threads included."""
    data = "\n".join(files).encode("utf-8", "surrogatepass")
    assert _lines_picked(data, secrets._picked_in_one_pass(data)) == _lines_picked(
        data, secrets._picked_by_passes(data)
    )


@pytest.mark.parametrize("chunk", [secrets.CHUNK, 37])
def test_a_workspace_past_the_bulk_size_gets_every_file_its_own_secret_lines(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of records (the RE2 path, both halves): each file gets the lines the
    file-by-file scan gives it, wherever its secret sits: first or last file, the first line
    of a body, after text that is not ASCII, in a comment after the shared block, and in a file
    that starts like the others without their block; in one chunk, and in chunks of a few
    dozen files (a run of files that share their block cut across chunks)."""
    monkeypatch.setattr(secrets, "CHUNK", chunk)
    head = "#:schema ../schemas/account.schema.json\n# credentials: never a secret here\n"
    files = [
        head + f'network = "x"\nhandle = "@acme_{n}"\nnotes = "Logroño, cañas y más {n}"\n'
        for n in range(8000)
    ]
    planted = {
        0: head + 'token = "ghp_abcdefghijklmnopqrstuvwxyz0123"\n',
        1999: head + 'city = "Logroño"\nnotes = "password: Tienda2024!"\n',
        4000: head + "# the key: pwd = gatito99\n" + 'a = "AKIAIOSFODNN7EXAMPLE"',
        6001: "#:schema ../schemas/account.schema.json\n" + 'notes = "la contraseña es gatito99"\n',
        7999: head + 'a = 1\r\nurl = "https://ana:S3cr3t-Pass@intranet.example.com/"\r\n',
    }
    for index, text in planted.items():
        files[index] = text
    assert len("\n".join(files).encode()) > secrets.BULK
    secrets._KNOWN.clear()
    one_by_one = [secrets.secret_lines(text) for text in files]
    assert {i: lines for i, lines in enumerate(one_by_one) if lines} == {
        0: [3],
        1999: [4],
        4000: [3, 4],
        6001: [2],
        7999: [4],
    }
    secrets._KNOWN.clear()
    secrets.scan_all(files)
    assert [secrets.secret_lines(text) for text in files] == one_by_one


def test_files_that_each_have_their_own_comment_block_keep_their_own_lines() -> None:
    """Hand-made files often start with a comment naming their account: no two share a block.
    Each block is scanned in its own file's body (past the bulk size too), and a text with a
    lone surrogate (it cannot be plain UTF-8) is scanned as it came."""
    files = [
        f'# Instagram de la tienda {n}\nhandle = "@tienda_{n}"\nnotes = "abierto, {n}"\n'
        for n in range(12000)
    ]
    files[10] = "# Tienda 10: password: Tienda2024!\n" + files[10]
    files[11999] = files[11999] + "# token: ghp_abcdefghijklmnopqrstuvwxyz0123\n"
    files[5000] = 'a = "\udc80"\nnotes = "la contraseña es gatito99"\n'
    assert len("\n".join(files).encode("utf-8", "surrogatepass")) > secrets.BULK
    secrets._KNOWN.clear()
    one_by_one = [secrets.secret_lines(text) for text in files]
    assert {i: lines for i, lines in enumerate(one_by_one) if lines} == {
        10: [1],
        5000: [2],
        11999: [4],
    }
    secrets._KNOWN.clear()
    secrets.scan_all(files)
    assert [secrets.secret_lines(text) for text in files] == one_by_one
    secrets._KNOWN.clear()
    secrets.scan_all(files[:20])  # under the bulk size: the byte passes
    assert [secrets.secret_lines(text) for text in files[:20]] == one_by_one[:20]
