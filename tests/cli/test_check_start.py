"""What ``smgov check`` costs beyond its work, checked in a fresh interpreter: the classes its
imports make, and the collector's last pass at exit. ``check`` runs in pre-commit on every
commit; bench/bench_start.py measures it (timings are never asserted here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.machine import probe_stderr

DATACLASSES = """
import dataclasses, sys
from smgov_tui.cli import main
try:
    main({args!r})
except SystemExit:
    pass
found = sorted(
    f"{{name}}.{{attr}}"
    for name, module in list(sys.modules.items())
    if name.startswith("smgov_tui")
    for attr, value in list(vars(module).items())
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
)
print("DATACLASSES=" + ",".join(found), file=sys.stderr)
"""

AT_EXIT = """
import atexit, gc, os, sys
from smgov_tui.cli import main
# registered first, so run last of the exit handlers: just before the interpreter's last pass
atexit.register(lambda: os.write(2, f"FROZEN={{gc.get_freeze_count()}}\\n".encode()))
sys.exit(main({args!r}))
"""

NEED_A_DATACLASS = {
    "smgov_tui.core.problems.Problem",  # code and fix are left out of equality (dedup)
    "smgov_tui.core.model.WorkspaceData",  # its record cache is left out of equality and repr
    "smgov_tui.store.store.SaveResult",  # the ui's Written extends it with such fields
}
"""The classes on check's path that stay dataclasses: each has a field left out of comparisons,
which a msgspec Struct cannot express (CONTRIBUTING, "Rules")."""


def _line(stderr: str, key: str) -> str:
    lines = [x for x in stderr.splitlines() if x.startswith(f"{key}=")]
    assert lines, stderr
    return lines[-1].removeprefix(f"{key}=")


def test_checks_value_types_are_made_without_dataclasses(ws: Path) -> None:
    # a frozen dataclass writes and compiles its methods at import (~0.6 ms each); a msgspec
    # Struct is made in C: check's path defined 25 dataclasses, 16 ms of its start
    found = set(
        filter(None, _line(probe_stderr(DATACLASSES, "check", str(ws)), "DATACLASSES").split(","))
    )
    assert found == NEED_A_DATACLASS


@pytest.mark.parametrize("command", ["check", "export"])
def test_what_a_read_and_exit_command_kept_is_left_out_of_the_last_pass(
    ws: Path, command: str
) -> None:
    # frozen by the time the interpreter's finalization collects: its full pass walked it all
    assert int(_line(probe_stderr(AT_EXIT, command, str(ws)), "FROZEN")) > 0


def test_a_writing_command_leaves_the_collector_to_the_exit(tmp_path: Path) -> None:
    target = tmp_path / "new"
    stderr = probe_stderr(AT_EXIT, "init", str(target), "--author", "Ana Ruiz <ana@example.org>")
    assert int(_line(stderr, "FROZEN")) == 0
    assert (target / "workspace.toml").is_file()
