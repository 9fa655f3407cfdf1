"""Nothing the app draws can drive the terminal: control characters never reach the screen.

Textual strips only BEL, BS, VT, FF and CR from text; an ESC, a C1 control or a bidi override
in a handle, a note or a hand-edited file went to the terminal as it was (``ESC ] 2 ;`` retitled
the window, ``ESC [ 31 m`` recoloured it, OSC 52 wrote the clipboard). :class:`InertControls`
is a line filter on every line the app draws (``App.get_line_filters``): it drops those
characters from the text of the lines, so the rest of a sequence (``]2;PWNED``) is shown as
plain text. They take no cell on screen, so dropping them keeps every line's width.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FOUND = re.compile(f"[{_CONTROLS}]")
_DROP: dict[int, None] = dict.fromkeys(
    (*range(0x00, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F),
) | dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


class InertControls(LineFilter):
    """Drop control characters (C0, DEL, C1, bidi controls) from the text of drawn lines."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        """``segments`` with control characters removed from their text (styles unchanged)."""
        if not any(_FOUND.search(text) for text, _style, control in segments if not control):
            return segments
        return [
            Segment(text.translate(_DROP), style, control) if not control else segment
            for segment in segments
            for text, style, control in (segment,)
        ]


INERT = InertControls()
"""The one filter instance (Textual caches filtered lines per filter)."""
