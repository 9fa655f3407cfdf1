"""Every place smgov leans on Textual's internals or tunes the interpreter, in one module.

Each is kept because a benchmark showed it pays for itself, measured on **Textual 8.2.8**
(Python 3.11, the bench's quick workspace of 1,000 accounts, a busy two-core machine). Wall
times there were too noisy to compare, so the figures are the UI thread's CPU time
(``time.thread_time``) in one app session: press ``e`` on an account until its form is shown,
then ten Tab presses in it; medians of 3 to 5 runs each way, each way in a fresh process.
A Textual upgrade starts here: measure each one again with and without, and drop what no
longer pays (or what the new version does by itself).

Measured and removed: reading the forms' and crisis screens' stylesheets ahead, once the
workspace was loaded (the first form opened in 195 ms with it, 196 ms without).
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from textual.widgets._footer import FooterKey as FooterKey  # not exported by textual.widgets

if TYPE_CHECKING:
    from textual import events
    from textual.widget import Widget
    from textual.widgets import Footer

TEXTUAL_MEASURED = "8.2.8"
"""The Textual version the figures below were measured on."""

# --- the interpreter: garbage collector and GIL -----------------------------------------------

GIL_SWITCH_INTERVAL = 0.001
"""Seconds a thread may run before one waiting for the GIL gets it (Python's default: 0.005)."""
GC_YOUNG_THRESHOLD = 5000
"""Allocations between two young garbage collections once the workspace is loaded (Python's
default: 700)."""


def tune_switch_interval() -> None:
    """Hand the GIL over sooner (process-wide: call once, when the app starts).

    Workers mostly wait on git; each time a git process ends, the worker needs the GIL back
    from the UI thread, which may be drawing. Python's default 5 ms switch interval then holds
    a save's commit back by up to 5 ms per wake-up. Measured: five git commands in a worker
    while the UI thread draws take 31-44 ms with 1 ms, 54-71 ms with Python's 5 ms.
    """
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)


def freeze_loaded_workspace() -> None:
    """Keep what was just loaded out of the garbage collector's passes (process-wide: call
    once the workspace is loaded, which lives as long as the app).

    Full passes over thousands of records otherwise pause the interface for a tenth of a second
    or more at random moments (opening a form, saving); one full pass first, so that no garbage
    is kept with it. Drawing a screen allocates tens of thousands of short-lived objects: with
    young collections every 5,000 allocations instead of 700, an open or a save pays one quick
    pass instead of a dozen. Measured: ten focus moves in a form, 249 ms with, 311 ms without
    (opening the form: no difference).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


# --- the footer ---------------------------------------------------------------------------------


# SmgovFooter (widgets/footer.py) recomposes only when the keys on show change and creates its
# keys styled once; it needs Textual's FooterKey class and two private attributes. Measured:
# ten focus moves in a form, 205-245 ms with it, 516-607 ms with Textual's Footer; opening a
# form, 30-50 ms less.


def pending_children(widget: Widget) -> list[Widget]:
    """The children ``widget`` will mount (composed, not yet mounted): Textual's private list."""
    children: list[Widget] = widget._pending_children
    return children


def footer_bindings_ready(footer: Footer) -> bool:
    """Whether the footer has read the screen's bindings yet (Textual's private reactive)."""
    return bool(footer._bindings_ready)


# --- screens ------------------------------------------------------------------------------------


def skip_restyle(event: events.ScreenResume) -> None:
    """Ask Textual not to restyle the screen on this resume (its first: nothing changed).

    Used by :class:`~smgov_tui.ui.screens.styled_once.StyledOnceScreen` (forms, details).
    Measured: opening a form, 195 ms with, 228 ms without (the second and third opening of a
    session: 176 and 166 ms with, 198 and 217 ms without).
    """
    event.refresh_styles = False
