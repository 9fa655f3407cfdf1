"""Words that must stay on one line when a table column wraps: phone numbers in free text.

A phone number split over two lines is easy to misdial. :func:`keep_phones_whole` joins the
parts of each phone number with no-break spaces (U+00A0). Rich breaks lines at any whitespace,
the no-break space included, so :func:`wrap_keeping` breaks the text itself, at ordinary spaces
only, and the lines it returns (explicit line ends, none longer than the width) are drawn as
they are. Pure Rich: usable in workers and tests.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells
from rich.text import Text

NBSP = "\u00a0"
"""The no-break space: a line is never broken there."""

PHONE = re.compile(r"\+\d(?:[ ().-]{0,2}\d)+")
"""A phone number in international format, as people write it (``+34 644 19 27 53``)."""

_WORD = re.compile(r"[ \t]*[^ \t]+[ \t]*")
"""A word with the ordinary spaces around it (a no-break space is part of the word)."""


def keep_phones_whole(text: Text) -> Text:
    """``text`` with the spaces inside phone numbers made no-break spaces (styles kept)."""
    plain = text.plain
    joined = PHONE.sub(lambda match: match.group().replace(" ", NBSP), plain)
    if joined == plain:
        return text
    kept = text.copy()
    kept.plain = joined  # the same length: every style stays where it was
    return kept


def longest_kept(text: Text) -> int:
    """Cells of the longest word of ``text`` that holds a no-break space (0 when none)."""
    if NBSP not in text.plain:
        return 0
    return max(
        (cell_len(word) for word in re.split(r"[ \t\n]+", text.plain) if NBSP in word),
        default=0,
    )


def _breaks(plain: str, width: int) -> list[int]:
    """Offsets where ``plain`` (one line) breaks to fit ``width`` cells, as Rich chooses them
    but never at a no-break space; a word longer than a line is folded."""
    breaks: list[int] = []
    used = 0
    for match in _WORD.finditer(plain):
        start, word = match.start(), match.group()
        length = cell_len(word.rstrip(" \t"))
        if used + length <= width:
            used += cell_len(word)
        elif length > width:
            if start:
                breaks.append(start)
            pieces = chop_cells(word, width)
            for piece in pieces[:-1]:
                start += len(piece)
                breaks.append(start)
            used = cell_len(pieces[-1])
        elif used and start:
            breaks.append(start)
            used = cell_len(word)
    return breaks


def wrap_keeping(text: Text, width: int) -> Text:
    """``text`` broken into lines of at most ``width`` cells, never at a no-break space.

    Text without a no-break space is returned as it is (Rich wraps it the same way).
    """
    if width < 1 or NBSP not in text.plain:
        return text
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        for part in line.divide(_breaks(line.plain, width)):
            part.rstrip()
            lines.append(part)
    return Text("\n").join(lines)
