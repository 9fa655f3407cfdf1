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
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Self, TypeVar

from rich.containers import Lines
from rich.text import Text
from textual import messages
from textual.geometry import Region
from textual.reactive import Reactive
from textual.widgets._footer import FooterKey as FooterKey  # not exported by textual.widgets
from textual.widgets._select import SelectCurrent  # not exported by textual.widgets

if TYPE_CHECKING:
    from textual import events
    from textual.document._document import EditResult
    from textual.document._edit import Edit
    from textual.document._wrapped_document import WrappedDocument
    from textual.widget import Widget
    from textual.widgets import Footer, TextArea

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


def resume_collector(freeze: bool) -> None:
    """Turn the garbage collector back on once ``smgov crisis`` has drawn its first screen
    (``cli/crisis.py`` turns it off when the command starts); with ``freeze``, first keep what
    was loaded out of its passes (:func:`freeze_loaded_workspace`).

    Starting crisis mode imports Textual and smgov and reads the workspace: hundreds of
    thousands of objects that live as long as the app, over which Python's collector makes a
    hundred young passes, ten middle ones and a full one before the list is shown, for nothing
    (measured with ``gc.callbacks``: 30-55 ms of collections before the first screen, the full
    pass alone 20-30 ms). Measured as ``bench/bench_crisis.py`` does (an 80x24 pty, seven runs
    alternating with the bare Textual app, medians), on the English sample on a busy machine:
    the first screen cost 1.46-1.68x the bare app's CPU time with the collector on, 1.28-1.30x
    with it paused from the command's start (pausing it from Python's start: no better).
    Nothing is lost: what the start made garbage is collected here, once.
    """
    if freeze:
        freeze_loaded_workspace()
    gc.enable()


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


# --- compact controls -------------------------------------------------------------------------

COMPACT = "compact"
"""The name of the reactive of Textual's controls that can be compact (Input, Select...)."""
COMPACT_CLASS = "-textual-compact"
"""The class that reactive toggles."""

W = TypeVar("W", bound="Widget")


def born_compact(widget: W) -> W:
    """Make a widget that is not mounted yet compact without restyling it now.

    ``compact=True`` given to a stock control's constructor toggles its class through the
    reactive, and every class change restyles the node at once, mounted or not, although
    mounting styles it again; a Select's drop-down is restyled once more when it takes the
    select's ``compact`` through a binding. An account form has some fifteen compact controls.
    Measured: opening an account form (5,000 accounts, UI thread CPU, medians of 24 forms in
    two sessions), 71.0 ms with Textual's ``compact=True``, 62.8 and 65.9 ms born compact (the
    bare form of 16 Inputs: 58 ms). Only for widgets not mounted yet: mounting styles them.
    """
    compact: Reactive[bool] = getattr(type(widget), COMPACT)
    widget.set_reactive(compact, True)
    widget.set_class(True, COMPACT_CLASS, update=False)
    return widget


def born_showing_a_value(widget: Widget) -> Widget:
    """A Select's part showing its choice (``SelectCurrent``, not mounted yet), told now that
    the select will have a value, so that it is not restyled when the select takes it.

    The select sets its value once mounted, which sets the part's ``has_value`` and toggles
    its class: a restyle of the part and its three children, per select field. Measured with
    :func:`born_compact` in place: an account form (four selects; 5,000 accounts, UI thread
    CPU, 24 forms in two sessions, on a busier machine than born_compact's figures) 73.9 ms
    without, 70.7 ms with (lower quartiles 69.3 and 66.0; the bare form 65). Other widgets are
    returned as they are.
    """
    if isinstance(widget, SelectCurrent):
        widget.set_reactive(SelectCurrent.has_value, True)
        widget.set_class(True, "-has-value", update=False)
    return widget


def has_compact(widget: Widget) -> bool:
    """Whether ``widget`` has Textual's ``compact`` reactive (a Select's drop-down has)."""
    return isinstance(getattr(type(widget), COMPACT, None), Reactive)


# --- screens ------------------------------------------------------------------------------------


def skip_restyle(event: events.ScreenResume) -> None:
    """Ask Textual not to restyle the screen on this resume (its first: nothing changed).

    Used by :class:`~smgov_tui.ui.screens.styled_once.StyledOnceScreen` (forms, details).
    Measured: opening a form, 195 ms with, 228 ms without (the second and third opening of a
    session: 176 and 166 ms with, 198 and 217 ms without).
    """
    event.refresh_styles = False


def paint_with_the_next_frame(widget: Widget) -> None:
    """Tell ``widget``'s screen now that it must be drawn again, so that the next frame shows
    what it was just given (call after ``Static.update(..., layout=False)``).

    Textual 8.2.8 tells the screen only when the widget's own message queue next goes idle; a
    frame for a change elsewhere (the text area that was just typed in) may be composed before
    that, and the widget then shows its new content one frame later. Measured (bench ``draft
    check per keystroke``, counted until the findings and counts are drawn too): 45 ms a key
    without, 12-17 ms with (before the text area drew only its changed rows). The widget's own
    later request is merged with this one.
    """
    widget.screen.post_message(messages.Update(widget))


# --- the Draft screen's text ------------------------------------------------------------------


def __getattr__(name: str) -> type[TextArea]:
    """``WrapOnceTextArea``, defined on first use.

    Only the Draft screen has one; defining it imports Textual's TextArea and its document
    modules, which ``smgov crisis`` and the main app's first screen do not need (they import
    this module for the footer and the collector). Measured: 5-7 ms of CPU time at start.
    """
    if name == "WrapOnceTextArea":
        defined = _wrap_once_text_area()
        globals()[name] = defined  # asked once: later lookups find it in the module
        return defined
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _wrap_once_text_area() -> type[TextArea]:
    """Define :class:`WrapOnceTextArea` (once)."""
    from textual.widgets import TextArea

    class WrapOnceTextArea(TextArea):
        """A TextArea that cuts a long soft-wrapped line into rows once per frame, not once per
        row, and after an edit draws again only the rows the edit may have changed.

        Textual 8.2.8's ``TextArea._render_line`` draws each visible row by asking ``get_line`` for
        the whole document line the row belongs to (a new ``rich.Text``, its control codes stripped
        again), padding it (stripped again) and dividing all of it at the wrap offsets (a new
        ``Text`` per row of the line, each stripped again), only to keep one piece. A post is one
        line (a paragraph): 2,000 characters wrapped at the Draft screen's width make 36 rows, so
        each frame built and stripped some 1,300 ``Text`` objects and 74,000 characters, and every
        key clears Textual's line cache (the cursor moved), so every key paid it all.

        Here ``get_line`` hands out a :class:`_DividedOnce`: the line's cleaned text is kept per
        line string, padding adds no second strip, and the division is remembered for as long as
        the very same text with the very same styles is divided at the very same offsets (the key
        is all of ``Text.divide``'s input, so a stale answer cannot be returned). What is drawn is
        the same, cell for cell (tests/ui/test_draft_text.py compares every row with the stock
        TextArea's).

        Measured (Textual 8.2.8, bench ``draft check per keystroke``, 2,000 characters at
        120x40, median of 23 keys, the stages timed inside the bench's process): drawing the text
        area 23-25 ms a key with the stock TextArea; 6.4 ms with the division remembered; 2.3 ms
        when only the changed rows are drawn (:meth:`edit`). Key to painted frame, with the check
        and its findings drawn: 31-34 ms -> 10-11 ms (the stock TextArea alone: 30-38 ms).
        A Textual upgrade: measure again; drop what the new version does by itself
        (``_render_line`` dividing per row, ``selection`` repainting everything).
        """

        _CLEANED_KEPT = 256
        """Distinct line strings whose cleaned text is kept (a post has a few paragraphs)."""
        _holding = False
        """In :meth:`edit`: a repaint of everything is held back (``refresh`` runs before
        ``__init__`` ends, so these are class defaults)."""
        _held = False
        """A repaint of everything was held back."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._division = _Division()
            self._cleaned: dict[str, Text] = {}

        def edit(self, edit: Edit) -> EditResult:
            """The stock edit, drawing again only the rows it may have changed.

            Textual 8.2.8 draws the whole text area again after each edit (setting ``selection``
            repaints it all): 32 rows a key on the Draft screen, though typing changes one or two.
            A row can change only from the row before the edit's (a word that now fits there)
            down, or where the cursor or the selection was or is; the cursor's line is highlighted
            whole, so when the cursor changes lines both lines' rows are drawn again. Anything
            else that moved (a scroll, the number of rows, the gutter, a bracket match, a
            suggestion) draws it all, as before. tests/ui/test_draft_text.py checks, after random
            edits, that what is on screen is what a full redraw shows.
            """
            wrapped = self.wrapped_document
            before = (self.scroll_offset, wrapped.height, self.gutter_width, self.suggestion)
            brackets = self.matching_bracket_location
            old = self.selection
            rows = [_row_of(wrapped, edit.top) - 1, *(_row_of(wrapped, place) for place in old)]
            old_line = _row_of(wrapped, (old.end[0], 0))
            self._holding = True
            try:
                result = super().edit(edit)
            finally:
                self._holding = False
            if not self._held:
                return result
            self._held = False
            after = (self.scroll_offset, wrapped.height, self.gutter_width, self.suggestion)
            if after != before or brackets or self.matching_bracket_location or self.suggestion:
                super().refresh()
                return result
            new = self.selection
            rows += [_row_of(wrapped, place) for place in new]
            if old.end[0] != new.end[0]:  # the cursor changed lines: both are highlighted again
                rows += [old_line, _row_of(wrapped, (new.end[0], 0))]
            first = max(0, min(rows))
            self.refresh_lines(first, max(1, wrapped.height - first))
            return result

        def refresh(
            self,
            *regions: Region,
            repaint: bool = True,
            layout: bool = False,
            recompose: bool = False,
        ) -> Self:
            """As ``Widget.refresh``; during :meth:`edit`, a repaint of everything is held back
            (the edit then draws what it changed)."""
            if self._holding and not regions and repaint and not layout and not recompose:
                self._held = True
                return self
            return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

        def get_line(self, line_index: int) -> Text:
            """The line as the stock ``get_line`` gives it (same text, ``end=""``, no wrap)."""
            source = self.document.get_line(line_index)
            cleaned = self._cleaned.get(source)
            if cleaned is None:
                if len(self._cleaned) >= self._CLEANED_KEPT:
                    self._cleaned.clear()
                cleaned = self._cleaned[source] = Text(source)  # control codes stripped here, once
            line = _DividedOnce(self._division)
            line.append_text(cleaned)  # appending a Text strips nothing
            return line

    return WrapOnceTextArea


def _row_of(wrapped: WrappedDocument, location: tuple[int, int]) -> int:
    """The row of the wrapped document that shows ``location``: the y of Textual's
    ``WrappedDocument.location_to_offset``, which also measures x by cutting the whole line
    into rows again (0.25 ms for a 2,000-character line)."""
    line, column = location
    starts = wrapped._line_index_to_offsets
    line = min(max(line, 0), len(starts) - 1)
    return starts[line][bisect_right(wrapped.get_offsets(line), column)]


class _Division:
    """The last division asked of a line of one text area: its input and its rows."""

    __slots__ = ("key", "rows")

    def __init__(self) -> None:
        self.key: tuple[object, ...] | None = None
        self.rows: list[Text] = []


class _DividedOnce(Text):
    """A ``Text`` whose ``divide`` answers from :class:`_Division` when the input is the same."""

    __slots__ = ("_division",)

    def __init__(self, division: _Division) -> None:
        super().__init__(end="", no_wrap=True)
        self._division = division

    def divide(self, offsets: Iterable[int]) -> Lines:
        """The rows of ``Text.divide``, built once per input. The caller (``_render_line``)
        only sets ``end`` on the row it keeps and never changes its text or styles."""
        cuts = tuple(offsets)
        key = (self.plain, tuple(self.spans), self.style, self.justify, self.overflow, cuts)
        division = self._division
        if division.key != key:
            division.rows = list(super().divide(cuts))
            division.key = key
        return Lines(division.rows)

    def pad_right(self, count: int, character: str = " ") -> None:
        """As ``Text.pad_right``, without stripping the whole line again."""
        if count:
            self.append_text(Text(character * count))
