"""Small text charts: horizontal bars drawn with Unicode blocks, as rich Text (never markup)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, maximum: float, width: int) -> str:
    """A bar of ``width`` cells at most, proportional to ``value`` / ``maximum``."""
    if maximum <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(8 * width * value / maximum))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def bar_chart(
    rows: Sequence[tuple[str, float]],
    width: int = 40,
    label_width: int | None = None,
    style: str = "",
    value_format: str = "{:g}",
) -> Text:
    """One line per ``(label, value)``: the label, a bar, the value. Labels are plain data."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not rows:
        return text
    widest = max(len(label) for label, _value in rows)
    label_width = min(widest, label_width or widest, max(4, width // 2))
    maximum = max(value for _label, value in rows)
    numbers = [value_format.format(value) for _label, value in rows]
    number_width = max(len(n) for n in numbers)
    room = max(4, width - label_width - number_width - 2)
    for index, ((label, value), number) in enumerate(zip(rows, numbers, strict=True)):
        if index:
            text.append("\n")
        shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
        text.append(shown.ljust(label_width) + " ")
        text.append(bar(value, maximum, room).ljust(room), style=style)
        text.append(" " + number.rjust(number_width))
    return text


def stacked_chart(
    rows: Sequence[tuple[str, int, int]],
    width: int = 40,
    label_width: int | None = None,
    styles: tuple[str, str] = ("", "dim"),
) -> Text:
    """Two stacked parts per line (e.g. owner and backup), then ``a + b``."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not rows:
        return text
    widest = max(len(label) for label, _a, _b in rows)
    label_width = min(widest, label_width or widest, max(4, width // 2))
    maximum = max(a + b for _label, a, b in rows)
    number_width = max(len(f"{a} + {b}") for _label, a, b in rows)
    room = max(4, width - label_width - number_width - 2)
    for index, (label, first, second) in enumerate(rows):
        if index:
            text.append("\n")
        shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
        text.append(shown.ljust(label_width) + " ")
        first_cells = round(room * first / maximum) if maximum else 0
        second_cells = round(room * (first + second) / maximum) - first_cells if maximum else 0
        text.append("█" * first_cells, style=styles[0])
        text.append("▒" * second_cells, style=styles[1])
        text.append(" " * (room - first_cells - second_cells))
        text.append(" " + f"{first} + {second}".rjust(number_width))
    return text
