"""The ``?`` overlay: every key, grouped, in plain words."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from smgov_tui.i18n import _


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys by topic: (topic, [(key, what it does)])."""
    return [
        (
            _("Moving around"),
            [
                ("1-9", _("Show a section (Accounts, Owners, Contacts, ...)")),
                ("tab / shift+tab", _("Move between the sidebar, the filter and the list")),
                ("↑ ↓ PgUp PgDn", _("Move in a list")),
                ("j k g G", _("Down, up, first, last (as in less and vim)")),
                ("enter", _("Open the record, or follow a link in a record")),
                ("escape / backspace", _("Back to where you came from")),
                ("/", _("Filter the list: type words found in any field")),
                ("s", _("Sort by the next column (or click a column header)")),
            ],
        ),
        (
            _("Changing records: each save is a commit by you"),
            [
                ("e", _("Edit the record")),
                ("n", _("New record in this section")),
                ("c", _("Duplicate the record")),
                ("r", _("Rename the record (its references follow)")),
                ("r", _("In Review (9): the account was reviewed today")),
                ("d", _("Delete the record (asks first)")),
            ],
        ),
        (
            _("In a form"),
            [
                ("ctrl+s", _("Save: one commit signed by you (refused while a field is wrong)")),
                ("escape", _("Leave the form (asks first when something changed)")),
                ("ctrl+n ctrl+r", _("Add or remove an item of a list (ctrl+delete removes too)")),
                ("alt+↑ alt+↓", _("Move the item up or down")),
            ],
        ),
        (
            _("History"),
            [
                ("h", _("History of the record: commits and their diffs")),
                ("v", _("In a history: revert the chosen commit (a new commit undoes it)")),
                ("/", _("In a history: find commits by message or author; pick a kind or author")),
                ("i", _("In a history: show or hide the crisis log steps")),
            ],
        ),
        (
            _("Everywhere"),
            [
                ("C", _("Crisis mode: walk through a playbook step by step")),
                ("S", _("Sync with the team (pull and push)")),
                ("R", _("Reload the workspace from disk")),
                ("x", _("Export the handbook as HTML (asks where to write it)")),
                ("ctrl+p", _("Command palette: every action, by name")),
                ("?", _("This help")),
                ("q / ctrl+q", _("Quit (in a form only ctrl+q; asks before losing edits)")),
            ],
        ),
        (
            _("Who signs your changes"),
            [
                ("--author", _('smgov --author "Name <email>" DIR')),
                ("SMGOV_AUTHOR", _('export SMGOV_AUTHOR="Name <email>"')),
                ("git config", _("git config --global user.name / user.email")),
            ],
        ),
    ]


class HelpScreen(ModalScreen[None]):
    """The keys of smgov; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", _("Close"), id="close"),
        Binding("question_mark", "close", _("Close"), show=False, id="close-help"),
        Binding("q", "close", _("Close"), show=False, id="close-q"),
    ]

    WIDE = 110
    """From this many columns, the topics are shown side by side in two columns."""

    def compose(self) -> ComposeResult:
        """The title, the topics in a scrolling box, and how to close it.

        The title and the closing hint stay in view when the keys do not fit (80x24): only the
        keys scroll, and the hint then says how. A wide terminal (120x40) shows the topics in
        two columns, so every key is in view at once.
        """
        with Vertical(id="help-box"):
            yield Static(Text(_("Keys of smgov"), style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(self._keys(1), id="help-keys")
            yield Static(Text(_("escape closes this help")), id="help-close")

    @staticmethod
    def _topics(sections: list[tuple[str, list[tuple[str, str]]]]) -> Group:
        """Each topic's title and its keys, one under the other."""
        parts: list[RenderableType] = []
        key_width = max(cell_len(key) for _topic, keys in sections for key, _what in keys)
        for topic, keys in sections:
            parts.append(Text(topic, style="bold underline"))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True, width=key_width)
            grid.add_column()
            for key, what in keys:
                grid.add_row(Text(key), Text(what))
            parts.extend([grid, Text("")])
        parts.pop()  # no blank line after the last topic
        return Group(*parts)

    def _keys(self, columns: int) -> RenderableType:
        """The topics in one column, or split in two of about the same height."""
        sections = help_sections()
        if columns == 1:
            return self._topics(sections)
        heights = [len(keys) + 2 for _topic, keys in sections]
        half, running, split = sum(heights) / 2, 0, len(sections)
        for index, height in enumerate(heights):
            running += height
            if running >= half:
                split = index + 1
                break
        table = Table.grid(padding=(0, 3), expand=True)
        table.add_column(ratio=1)
        table.add_column(ratio=1)
        table.add_row(self._topics(sections[:split]), self._topics(sections[split:]))
        return table

    def on_resize(self) -> None:
        """Keep the keys within the screen, below the title and above the hint; two columns
        when the screen is wide; say how to scroll when they do not all fit."""
        box = self.query_one("#help-box", Vertical)
        wide = self.size.width >= self.WIDE
        box.styles.width = min(self.size.width - 4, 150) if wide else 90
        self.query_one("#help-keys", Static).update(self._keys(2 if wide else 1))
        # the border, and the title and the hint: one line each, each with a blank line
        around = box.styles.gutter.height + 4
        scroll = self.query_one("#help-scroll", VerticalScroll)
        scroll.styles.max_height = max(3, self.size.height - around)
        self.call_after_refresh(self._hint)

    def _hint(self) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        hint = _("escape closes this help")
        if scroll.max_scroll_y > 0:
            hint = _("escape closes this help; ↑ ↓ PgUp PgDn scroll")
        self.query_one("#help-close", Static).update(Text(hint))

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
