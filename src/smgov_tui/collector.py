"""The garbage collector paused while smgov makes what it keeps: one mechanism for the CLI's
imports, the read-and-exit commands, the workspace's load and its check (core.checks); and,
for those commands, kept out of the interpreter's last passes at exit.

What a command's imports, a ``check`` or a load make lives on, so the collector's passes over
it free nothing, and each full pass walks the whole growing heap (measured: 5-10 ms of
``smgov crisis``'s start, ~7 ms of a ``check`` of the sample, ~50 ms at 5,000 accounts, and
a load at 50,000 accounts that grew 16x from 5,000 instead of 10x). Reference counting still
frees what is dropped.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the block; leave it as it was found (nested blocks pause once).

    Turned back on as it is, everything allocated meanwhile would count as young and the next
    allocation would start a young pass over all of it, as long as a full one. ``freeze`` sets
    those counts to zero and ``unfreeze`` hands the objects to the oldest generation, whose
    passes are rare: the collector is where its passes would have left it. Not when something
    else froze objects (the app freezes its loaded workspace, a test process its own): an
    ``unfreeze`` would undo that.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def keep_until_exit() -> None:
    """What the process holds now lives until it exits: at exit, freeze it (``gc.freeze``)
    before the interpreter's last collections, which then leave it alone.

    Python's finalization makes a full pass over every object the collector tracks (7-9 ms
    after a ``check`` of the sample, ~13 ms of its wall time with what it frees; ~2.5 ms after
    ``python -c "import click"``). After a command that reads, prints and exits it frees
    nothing that matters: the objects go with the process. Registered with ``atexit`` (once,
    however often it is asked), so a caller in the same process (a test calling ``main``)
    keeps its collector as it was until its own exit.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
