"""The check pauses the garbage collector and leaves it as it found it (collector.py)."""

from __future__ import annotations

import gc
from pathlib import Path

from smgov_tui.core.checks import check_workspace
from smgov_tui.store.loader import load_workspace


def test_no_collection_runs_during_a_check_and_the_collector_is_left_on(ws: Path) -> None:
    account = next((ws / "accounts").glob("*.toml"))
    for n in range(300):  # enough findings and memories for many young passes, were it on
        (ws / "accounts" / f"copy-{n}.toml").write_bytes(account.read_bytes())
    data = load_workspace(ws)
    seen: list[str] = []

    def during(phase: str, _info: dict[str, int]) -> None:
        seen.append(phase)

    # As a user's process has it: Python's own thresholds and nothing frozen (the test process
    # freezes what it keeps, and freezes again after each test: conftest.py).
    thresholds = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
    gc.collect(0)  # from zero: no pass is due when the check starts
    gc.callbacks.append(during)
    try:
        problems = check_workspace(data)
    finally:
        gc.callbacks.remove(during)
        gc.set_threshold(*thresholds)
    assert isinstance(problems, list)
    assert gc.isenabled()
    assert seen == []
