"""Loading pauses the garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

from smgov_tui.store.loader import load_workspace


def test_the_collector_is_paused_while_loading_and_left_as_it_was(ws: Path) -> None:
    seen: list[bool] = []

    def during(phase: str, _info: dict[str, int]) -> None:
        seen.append(phase == "start")

    assert gc.isenabled()
    gc.callbacks.append(during)
    try:
        data = load_workspace(ws)
    finally:
        gc.callbacks.remove(during)
    assert data.entries["accounts"]
    assert gc.isenabled()
    assert seen == []  # no collection ran during the load

    gc.disable()
    try:
        load_workspace(ws)
        assert not gc.isenabled()
    finally:
        gc.enable()
