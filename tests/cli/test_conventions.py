"""smgov follows the conventions of click and of the tools its users know: each command loads
only what it uses, an unknown command is named with a suggestion, the shell completes commands
and folders, one name for the folder, the environment in --help, CI annotations from check."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smgov_tui.cli import COMMANDS, main
from tests.helpers.machine import probe_stderr, python_env

PROBE = """
import sys
from smgov_tui.cli import main
try:
    main({args!r}, standalone_mode=True)
except SystemExit:
    pass
print("LOADED=" + ",".join(m for m in {watched!r} if m in sys.modules), file=sys.stderr)
"""

WATCHED = (
    "textual",
    "rich",
    "smgov_tui.ui",
    "phonenumbers",
    "tomlkit",
    "msgspec",
    "difflib",
    "tempfile",
    "smgov_tui.core",
    "smgov_tui.core.crisis",
    "smgov_tui.store",
    "smgov_tui.store.store",
    "smgov_tui.store.template",
    "smgov_tui.store.tomledit",
    "pathlib",
    "dataclasses",
    "re2",
    "tomllib",
    "click.shell_completion",
)
"""What a command may leave out: Textual and rich (the app), phonenumbers (~25 ms, for the
phone numbers a check validates), tomlkit and the sample (init, demo and saves), msgspec and
the store (any workspace), difflib (an unknown command), tempfile (writing a file), the crisis
state machine (crisis mode), RE2 (the secret scan of a large workspace); pathlib and
dataclasses (~5 ms, nothing of which --version needs); tomllib (~2 ms: rtoml reads, tomllib only
words the error of an invalid file); click's shell completion (only when the shell asks)."""

THE_APP = {"textual", "rich", "smgov_tui.ui"}
WRITING = {"tomlkit", "smgov_tui.store.template", "smgov_tui.store.tomledit", "tempfile"}


def loaded(*args: str, cwd: Path | None = None) -> set[str]:
    """What a fresh interpreter has imported after ``smgov ARGS``, of WATCHED."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args), watched=WATCHED)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=python_env(),
        cwd=cwd,
        check=False,
        timeout=60,
    )
    line = [x for x in result.stderr.splitlines() if x.startswith("LOADED=")]
    assert line, result.stderr
    return {m for m in line[-1].removeprefix("LOADED=").split(",") if m}


def test_version_loads_nothing_of_smgov_but_the_command(ws: Path) -> None:
    assert loaded("--version") == set()


def test_check_loads_neither_the_app_nor_what_writes(ws: Path) -> None:
    modules = loaded("check", str(ws))
    assert modules.isdisjoint(THE_APP | WRITING | {"difflib", "smgov_tui.core.crisis", "re2"})
    assert "phonenumbers" in modules  # the sample's people have phone numbers to validate


def test_check_loads_tomllib_only_for_an_invalid_file(ws: Path) -> None:
    assert "tomllib" not in loaded("check", str(ws))
    account = next((ws / "accounts").glob("*.toml"))
    account.write_text(account.read_text(encoding="utf-8") + "oops = [\n", encoding="utf-8")
    assert "tomllib" in loaded("check", str(ws))
    said = smgov("check", str(ws))
    assert said.returncode == 1
    rel = account.relative_to(ws).as_posix()
    assert f"error: {rel}:" in said.stdout and "is not valid TOML" in said.stdout


def test_check_loads_phonenumbers_only_for_a_phone_number(ws: Path) -> None:
    for folder in ("owners", "contacts"):
        for path in (ws / folder).glob("*.toml"):
            text = path.read_text(encoding="utf-8")
            kept = [x for x in text.splitlines() if not x.startswith("phone =")]
            path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert "phonenumbers" not in loaded("check", str(ws))


def test_export_loads_neither_the_app_nor_phonenumbers_nor_tomlkit(
    ws: Path, tmp_path: Path
) -> None:
    assert loaded("export", str(ws)).isdisjoint(THE_APP | WRITING | {"phonenumbers"})
    out = tmp_path / "handbook.md"
    assert loaded("export", str(ws), "-o", str(out)).isdisjoint(THE_APP | {"tomlkit"})
    assert out.is_file()
    csv = tmp_path / "accounts.csv"
    assert loaded("export", "accounts", str(ws), "-o", str(csv)).isdisjoint(
        THE_APP | {"tomlkit", "phonenumbers"}
    )
    assert csv.is_file()


def smgov(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smgov_tui", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=python_env(**env),
        cwd=cwd,
        check=False,
        timeout=60,
    )


def test_an_unknown_command_is_named_with_the_nearest_one(ws: Path) -> None:
    result = smgov("chek", str(ws))  # was: "Got unexpected extra argument"
    assert result.returncode == 2
    assert "No such command 'chek'. Did you mean 'check'?" in result.stderr


def test_a_folder_still_opens_and_a_far_word_is_not_called_a_command(
    ws: Path, tmp_path: Path
) -> None:
    opened = smgov(str(ws))  # no terminal here: open says so, naming the folder
    assert opened.returncode == 2
    assert f"smgov check {ws}" in opened.stderr
    named = smgov("marketing-team", cwd=tmp_path)  # a workspace's name, not a command
    assert "No such command" not in named.stderr


def complete(line: str, cwd: Path) -> list[str]:
    """What bash completion offers for ``line`` (click's own protocol, as the shell runs it)."""
    words = line.split(" ")
    result = subprocess.run(
        [sys.executable, "-m", "smgov_tui"],
        capture_output=True,
        text=True,
        env=python_env(
            _SMGOV_COMPLETE="bash_complete", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1)
        ),
        cwd=cwd,
        check=False,
        timeout=60,
    )
    return result.stdout.splitlines()


def test_the_shell_completes_commands_and_folders(tmp_path: Path) -> None:
    (tmp_path / "checkouts").mkdir()
    offered = complete("smgov ch", tmp_path)
    assert "plain,check" in offered
    assert "dir,ch" in offered  # bash then lists the folders starting with "ch"
    assert "plain,sync" in complete("smgov ", tmp_path)
    assert "dir," in complete("smgov check ", tmp_path)  # DIR is a folder


def test_every_folder_argument_is_dir_and_the_environment_is_in_help() -> None:
    for name in sorted(COMMANDS):
        command = main.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None
        for param in command.params:
            if param.name == "directory" and param.param_type_name == "argument":
                assert param.metavar in ("DIR", "[DIR]"), name
                assert param.type.name == "directory", name  # click.Path(file_okay=False)
    result = smgov("--help")
    for variable in ("SMGOV_WORKSPACE", "SMGOV_AUTHOR", "SMGOV_LANG", "NO_COLOR"):
        assert variable in result.stdout


def test_demo_takes_one_folder_name_in_its_help() -> None:
    assert "--dir" not in smgov("demo", "--help").stdout


def test_check_writes_github_annotations_on_the_file_and_line(ws: Path) -> None:
    account = sorted((ws / "accounts").glob("*.toml"))[0]
    account.write_text(account.read_text(encoding="utf-8") + "\n[broken\n", encoding="utf-8")
    result = smgov("check", ".", "--format", "github", cwd=ws)
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "invalid-toml" in x)
    assert line.startswith(f"::error file=accounts/{account.name},line=")
    assert ",title=smgov invalid-toml::" in line
    assert "\n" not in line


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_every_check_format_exits_the_same(ws: Path, fmt: str) -> None:
    result = smgov("check", str(ws), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["errors"] == 0


def test_github_annotations_escape_newlines_and_separators() -> None:
    from smgov_tui.cli.output import github_annotation
    from smgov_tui.core.problems import Problem

    problem = Problem("accounts/a,b:c.toml", 3, "handle", "bad\nvalue 100%", "warning", "x")
    line = github_annotation(problem, Path(os.sep + "nowhere"))
    assert line == (
        "::warning file=accounts/a%2Cb%3Ac.toml,line=3,title=smgov x::"
        "accounts/a,b:c.toml:3 handle: bad%0Avalue 100%25"
    )


COLLECTIONS = """
import gc, sys
from smgov_tui.cli import main
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info) if phase == "start" else None)
try:
    main({args!r})
except SystemExit:
    pass
print(f"PASSES={{len(passes)}}", gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)
"""


def collections(*args: str) -> tuple[int, bool, int]:
    """How many passes the garbage collector made while ``smgov ARGS`` ran (import done),
    whether it is on afterwards, and how many objects are left frozen."""
    stderr = probe_stderr(COLLECTIONS, *args)
    line = [x for x in stderr.splitlines() if x.startswith("PASSES=")]
    assert line, stderr
    passes, enabled, frozen = line[-1].removeprefix("PASSES=").split()
    return int(passes), enabled == "True", int(frozen)


def test_check_and_export_run_without_collector_passes(ws: Path) -> None:
    # what they load lives until they exit: the 45 passes a check of the sample made found
    # nothing to free (and the process's exit made no pass over it all either)
    for command in ("check", "export"):
        passes, enabled, frozen = collections(command, str(ws))
        assert passes <= 1, command
        assert enabled and frozen == 0, command  # back on, nothing left out of its passes


def test_the_collector_is_back_on_after_check_in_the_same_process(ws: Path) -> None:
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        main(["check", str(ws)])
    assert gc.isenabled()
