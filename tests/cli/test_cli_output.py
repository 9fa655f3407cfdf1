"""The ``smgov`` commands show control characters from records, files and remotes as text.

A value holding ``ESC ] 2 ; ... BEL`` (window title), ``ESC [ 31 m`` (colour), OSC 52 (the
clipboard), a C1 CSI or a right-to-left override must reach the terminal as ``\\x1b``... and
never as the raw character: through ``check``, import errors, sync messages and the rest.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from smgov_tui.core.escape import json_safe, terminal_safe
from smgov_tui.store.store import Store
from smgov_tui.store.sync import sync
from tests.helpers.git import git
from tests.helpers.sync import change, make_remote, member

TITLE = "\x1b]2;PWNED\x07"
RED = "\x1b[31m"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
HOSTILE = f"ana{TITLE}{RED}red{CLIPBOARD}\x9b31m\u202egnp.exe\x7f"
SHOWN = (
    "ana\\x1b]2;PWNED\\x07\\x1b[31mred\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x9b31m\\u202egnp.exe\\x7f"
)
# Any character a terminal obeys: C0 but the newline, DEL, C1, bidi overrides and isolates.
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
ACCOUNT = "accounts/blog-la-despensa.toml"


def set_value(root: Path, key: str, value: str) -> None:
    """Write ``key = "<value>"`` in the account by hand (TOML escapes) and commit it."""
    path = root / ACCOUNT
    text = path.read_text(encoding="utf-8")
    line = f"{key} = {json.dumps(value)}"  # a TOML basic string reads JSON's \uXXXX escapes
    text, count = re.subn(rf"(?m)^{key} = .*$", lambda _m: line, text, count=1)
    path.write_text(text if count else f"{line}\n{text}", encoding="utf-8")
    git(root, "commit", "-qam", f"a hostile {key}")


def assert_escaped(output: str) -> None:
    assert not RAW_CONTROL.search(output), repr(RAW_CONTROL.search(output))


# --- the escaping itself ----------------------------------------------------------------------


def test_terminal_safe_escapes_every_control_but_the_newline() -> None:
    assert terminal_safe(HOSTILE) == SHOWN
    assert terminal_safe("line one\nline two\ttab\r") == "line one\nline two\\x09tab\\x0d"
    assert terminal_safe("Añade «ñ» — ok · 😀 עברית") == "Añade «ñ» — ok · 😀 עברית"


def test_json_safe_keeps_the_json_value() -> None:
    text = json_safe(json.dumps({"v": HOSTILE}, ensure_ascii=False))
    assert_escaped(text)
    assert json.loads(text) == {"v": HOSTILE}


# --- the commands -----------------------------------------------------------------------------


def test_check_shows_a_hostile_value_escaped(ws: Path) -> None:
    set_value(ws, "owner", HOSTILE)
    result = CliRunner().invoke(main, ["check", str(ws)])
    assert result.exit_code == 1, result.output
    assert_escaped(result.stdout + result.stderr)
    assert f'Owner: "{SHOWN}" is not an owner' in result.stdout


def test_check_json_escapes_and_keeps_the_value(ws: Path) -> None:
    set_value(ws, "owner", HOSTILE)
    result = CliRunner().invoke(main, ["check", str(ws), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert_escaped(result.stdout)
    messages = [p["message"] for p in json.loads(result.stdout)["problems"]]
    assert any(HOSTILE in m for m in messages)  # the exact value, for a program to read


def test_import_errors_show_hostile_cells_escaped(ws: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "accounts.csv"
    sheet.write_text(
        f'id,network,handle,owner\nnew-one,"{HOSTILE}",@new,"{HOSTILE}"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["import", "accounts", str(sheet), str(ws)])
    assert result.exit_code == 1, result.output
    assert_escaped(result.stdout + result.stderr)
    assert SHOWN in result.stderr and "nothing was imported" in result.stderr


def test_sync_conflict_shows_both_values_escaped(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    remote = make_remote(ws, tmp_path)
    alice, bob = member(remote, tmp_path, "alice"), member(remote, tmp_path, "bob")
    change(alice, "owners/ana-ruiz.toml", email=f"alice{TITLE}@x.example")
    change(bob, "owners/ana-ruiz.toml", email=f"bob{RED}@x.example")
    assert sync(alice).ok
    result = CliRunner().invoke(main, ["sync", str(bob.root)])
    assert result.exit_code == 1, result.output
    assert_escaped(result.stdout + result.stderr)
    assert "theirs: alice\\x1b]2;PWNED\\x07@x.example" in result.stdout
    assert "mine:   bob\\x1b[31m@x.example" in result.stdout


def test_sync_error_message_shows_a_hostile_remote_escaped(
    store: Store, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    git(ws, "remote", "add", "origin", str(ws.parent / f"gone{TITLE}{RED}.git"))
    result = CliRunner().invoke(main, ["sync", str(ws)])
    assert result.exit_code == 2, result.output
    assert_escaped(result.stdout + result.stderr)
    assert "gone\\x1b]2;PWNED\\x07\\x1b[31m.git" in result.stderr


def test_a_document_goes_to_a_pipe_exactly_and_to_a_terminal_escaped(ws: Path) -> None:
    set_value(ws, "notes", HOSTILE)
    command = [sys.executable, "-m", "smgov_tui", "export", "accounts", str(ws)]
    piped = subprocess.run(command, capture_output=True, check=True).stdout.decode()
    assert HOSTILE in piped  # a redirect to a file keeps every value
    assert terminal_output(command).count(SHOWN) == 1


def terminal_output(command: list[str]) -> str:
    """What ``command`` writes when its stdout and stderr are a real terminal (a pty)."""
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower
        )
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait() == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_every_cli_module_prints_through_the_one_helper() -> None:
    """No ``click.echo``/``print``/``click.secho`` in the commands: only ``cli/output.py``."""
    package = Path(__file__).parents[2] / "src" / "smgov_tui" / "cli"
    modules = sorted(package.rglob("*.py"))
    assert {"__init__.py", "common.py", "workspace.py", "sync.py"} <= {p.name for p in modules}
    offenders = []
    for path in modules:
        if path.name == "output.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in ("click.echo", "click.secho", "print", "click.prompt"):
                    offenders.append(f"{path.name}:{node.lineno} {name}")
    assert not offenders


def test_the_merge_drivers_message_shows_a_hostile_file_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """git prints the driver's stderr to the person's terminal: a file name is data there too."""
    from smgov_tui.merge_driver import main as merge_driver

    files = []
    for name in ("base", "ours", "theirs"):
        path = tmp_path / name
        path.write_bytes(b"\xff not UTF-8\n")
        files.append(str(path))
    hostile = "accounts/x\x1b]2;PWNED\x07.toml"

    assert merge_driver([*files, hostile]) == 2

    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "accounts/x\\x1b]2;PWNED\\x07.toml" in err
