"""A git patch as coloured text (``rich.text.Text``: the patch is data, never markup)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from smgov_tui.i18n import _

MAX_LINES = 3000
"""A patch longer than this is cut (the first commit of a big workspace adds thousands of files)."""


@dataclass(frozen=True)
class DiffStyles:
    """Styles of the parts of a patch (colours come from the app's theme)."""

    added: str = "green"
    removed: str = "red"
    hunk: str = "cyan"
    meta: str = "bold"


def diff_text(patch: str, styles: DiffStyles | None = None, max_lines: int = MAX_LINES) -> Text:
    """Colour the lines of ``patch``: additions, removals, hunk headers and file headers."""
    styles = styles or DiffStyles()
    text = Text(no_wrap=True, overflow="ellipsis")
    lines = patch.splitlines()
    for line in lines[:max_lines]:
        if line.startswith(
            (
                "diff --git",
                "index ",
                "+++ ",
                "--- ",
                "new file",
                "deleted file",
                "rename ",
                "similarity ",
            )
        ):
            style = styles.meta
        elif line.startswith("+"):
            style = styles.added
        elif line.startswith("-"):
            style = styles.removed
        elif line.startswith("@@"):
            style = styles.hunk
        else:
            style = ""
        text.append(line, style)
        text.append("\n")
    if len(lines) > max_lines:
        text.append(
            _("... {count} more lines not shown").format(count=len(lines) - max_lines), "italic"
        )
    if not lines:
        text.append(_("(this commit changed nothing here)"), "italic")
    return text
