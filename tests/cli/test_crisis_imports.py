"""``smgov crisis`` imports only what it needs on the way to its first screen (issue 15:
speed): not the other commands, the governance checks, the sync or the main app's lists; nor
the step screen, its modals and the team's sync, imported once the list is drawn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

NOT_NEEDED = (
    "phonenumbers",
    "smgov_tui.core.checks",
    "smgov_tui.store.sync",
    "smgov_tui.export",
    "smgov_tui.cli.export",
    "smgov_tui.cli.sync",
    "smgov_tui.cli.workspace",
    "smgov_tui.ui.app",
    "smgov_tui.ui.present.listing",
    "smgov_tui.core.incident_list",
    # imported after the first screen (CrisisApp.warm_up) or by the command that needs them
    "smgov_tui.ui.screens.crisis.step",
    "smgov_tui.ui.modals.close_incident",
    "smgov_tui.ui.modals.escalate",
    "smgov_tui.ui.modals.text_prompt",
    "smgov_tui.ui.modals.confirm",
    "smgov_tui.ui.modals.pick_account",
    "smgov_tui.store.team",
    "smgov_tui.store.history",
    "smgov_tui.store.template",
    "smgov_tui.core.report",
    "tree_sitter",
    "tomlkit",
)

SCRIPT = """
import sys
import click
import smgov_tui.cli as cli
from smgov_tui.cli.common import open_store

cli.main.get_command(click.Context(cli.main), "crisis")
store = open_store(sys.argv[1], for_work=True)
from smgov_tui.ui.crisis_app import CrisisApp

print(" ".join(m for m in sys.argv[2:] if m in sys.modules))
"""


def loaded_of(script: str, ws: Path, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a new Python running ``script`` on ``ws`` has imported."""
    result = subprocess.run(
        [sys.executable, "-c", script, str(ws), *modules],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.slow
def test_crisis_mode_loads_no_other_command_nor_the_checks(ws: Path) -> None:
    assert loaded_of(SCRIPT, ws, NOT_NEEDED) == []


NOT_BEFORE_THE_LIST = (
    "textual.widgets._text_area",  # the Draft screen's (ui/textual_internals.py defines it late)
    "textual.document._document",
    "zoneinfo",  # the workspace's time zone: a step's times, not the list
    "sysconfig",
    "smgov_tui.core.merge",  # comparing a file before a save
)
"""Modules the first screen's own imports pulled in although nothing on it uses them."""

FIRST_SCREEN = """
import sys
import click
import smgov_tui.cli as cli
from smgov_tui.cli.common import open_store

cli.main.get_command(click.Context(cli.main), "crisis")
from smgov_tui.cli.crisis import FIRST_SCREEN_KINDS

store = open_store(sys.argv[1], for_work=True, kinds=FIRST_SCREEN_KINDS)
from smgov_tui.ui.crisis_app import CrisisApp

print(" ".join(m for m in sys.argv[2:] if m in sys.modules))
"""


@pytest.mark.slow
def test_the_first_screen_reads_its_records_without_what_only_a_step_needs(ws: Path) -> None:
    assert loaded_of(FIRST_SCREEN, ws, NOT_BEFORE_THE_LIST) == []
