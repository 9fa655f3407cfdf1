"""``smgov draft check``: the post from a file or stdin, text and JSON, exit 0/1/2, read-only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smgov_tui.cli import main
from tests.helpers.git import git

BAD = "A miracle detox from Mercadona? Our #Olmedo bread, https://bit.ly/x"
GOOD = "Rye bread, fresh from our ovens today in every shop. #Olmedo"


def draft(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["draft", "check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_a_post_with_banned_words_exits_1_naming_rule_words_and_limit(ws: Path) -> None:
    code, out, _err = draft(str(ws), "--account", "x-olmedo", "-", stdin=BAD)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "error: Banned words (communication protocol: banned words): “miracle”, “detox”, "
        "“Mercadona”. [draft-banned-word]"
    )
    assert lines[1].startswith("warning: A link outside the allowed domains")
    assert "bit.ly" in lines[1]
    # the link counts as 23 on X, whatever its length
    length = len(BAD) - len("https://bit.ly/x") + 23
    assert (
        lines[-1] == f"1 error, 1 warning: a post of {length} of 280 characters for x-olmedo (X)."
    )


def test_a_clean_post_from_a_file_exits_0(ws: Path, tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text("\ufeff" + GOOD, encoding="utf-8")  # a byte-order mark is not text
    code, out, _err = draft(str(ws), "--account", "x-olmedo", str(post))
    assert code == 0, out
    assert (
        out == f"0 errors, 0 warnings: a post of {len(GOOD)} of 280 characters for x-olmedo (X).\n"
    )


def test_one_argument_is_the_workspace_when_a_folder_else_the_post(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = tmp_path / "post.txt"
    post.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("SMGOV_WORKSPACE", str(ws))
    assert draft("--account", "x-olmedo", str(post))[0] == 0
    assert draft(str(ws), "--account", "x-olmedo", stdin=BAD)[0] == 1


def test_json_has_every_finding_with_its_words_limit_and_spans(ws: Path) -> None:
    post = "Cocido de la abuela #Olmedo #Oferta #Mas #Otra"
    code, out, _err = draft(
        str(ws), "--account", "pinterest-recetas", "--format", "json", "-", stdin=post
    )
    assert code == 1
    report = json.loads(out)
    assert (report["account"], report["length"], report["max_length"]) == (
        "pinterest-recetas",
        len(post),
        500,
    )
    by_code = {f["code"]: f for f in report["findings"]}
    assert by_code["draft-missing-hashtag"]["words"] == ["#RecetasOlmedo"]
    assert by_code["draft-too-many-hashtags"]["limit"] == 3
    assert by_code["draft-too-many-hashtags"]["words"] == ["#Otra"]
    start = post.index("#Otra")
    assert by_code["draft-too-many-hashtags"]["spans"] == [[start, start + 5]]
    assert report["errors"] == 2


def test_spanish(ws: Path) -> None:
    env = {**os.environ, "SMGOV_LANG": "es"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smgov_tui",
            "draft",
            "check",
            str(ws),
            "--account",
            "x-olmedo",
            "-",
        ],
        input=BAD,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "Palabras prohibidas (protocolo de comunicación: palabras prohibidas)" in result.stdout
    assert "1 error, 1 aviso: una publicación de 74 de 280 caracteres" in result.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--account", "nope", "-"], 'There is no account "nope" in'),
        (["--account", "x-olmedo", "/no/such/post.txt"], "Cannot read the post /no/such/post.txt"),
    ],
)
def test_what_cannot_run_exits_2_with_one_sentence(ws: Path, args: list[str], says: str) -> None:
    code, out, err = draft(str(ws), *args, stdin="hola")
    assert code == 2
    assert out == ""
    assert err.startswith(says)
    assert len(err.strip().splitlines()) == 1


def test_not_a_workspace_or_not_utf8_exits_2(tmp_path: Path, ws: Path) -> None:
    code, _out, err = draft(str(tmp_path), "--account", "x", "-", stdin="hola")
    assert code == 2
    assert "not a smgov workspace" in err
    latin = tmp_path / "post.txt"
    latin.write_bytes("Canción".encode("cp1252"))
    code, _out, err = draft(str(ws), "--account", "x-olmedo", str(latin))
    assert code == 2
    assert "is not UTF-8 text" in err


def test_an_invalid_account_file_exits_2(ws: Path) -> None:
    (ws / "accounts" / "x-olmedo.toml").write_text('network = "myspace"\n', encoding="utf-8")
    code, _out, err = draft(str(ws), "--account", "x-olmedo", "-", stdin="hola")
    assert code == 2
    assert "accounts/x-olmedo.toml is not valid" in err


def test_the_check_writes_nothing(ws: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (ws / ".git").rglob("*") if p.is_file()}
    head = git(ws, "rev-parse", "HEAD")
    draft(str(ws), "--account", "x-olmedo", "-", stdin=BAD)
    after = {p: p.stat().st_mtime_ns for p in (ws / ".git").rglob("*") if p.is_file()}
    assert after == before
    assert git(ws, "rev-parse", "HEAD") == head
    assert git(ws, "status", "--porcelain") == ""


def test_control_characters_reach_the_terminal_escaped(ws: Path) -> None:
    communication = ws / "protocols" / "communication.toml"
    text = communication.read_text(encoding="utf-8")
    planted = text.replace(
        "banned_words = [\n", 'banned_words = [\n    "a\\u001b]2;PWNED\\u0007b",\n'
    )
    assert planted != text
    communication.write_text(planted, encoding="utf-8")
    code, out, _err = draft(
        str(ws), "--account", "x-olmedo", "-", stdin="a\x1b]2;PWNED\x07b #Olmedo"
    )
    assert code == 1
    assert "\x1b" not in out
    assert "\\x1b]2;PWNED" in out
