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
                ("enter", _("Open the record, or follow a link in a record")),
                ("escape / backspace", _("Back to where you came from")),
                ("/", _("Filter the list: type words found in any field")),
                ("s", _("Sort by the next column (or click a column header)")),
            ],
        ),
        (
            _("Changing records (each save is one commit signed by you)"),
            [
                ("e", _("Edit the record")),
                ("n", _("New record in this section")),
                ("c", _("Duplicate the record")),
                ("r", _("Rename the record (its references follow)")),
                ("d", _("Delete the record (asks first)")),
            ],
        ),
        (
            _("In a form"),
            [
                ("ctrl+s", _("Save: one commit signed by you (refused while a field is wrong)")),
                ("escape", _("Leave the form (asks first when something changed)")),
                ("tab / shift+tab", _("Next or previous field")),
                ("ctrl+n", _("Add an item to a list (keywords, steps, statements...)")),
                ("ctrl+r", _("Remove the item (ctrl+delete too, where the terminal sends it)")),
                ("alt+↑ alt+↓", _("Move the item up or down")),
                ("enter", _("Open or close an item (a step, a statement...)")),
            ],
        ),
        (
            _("History"),
            [
                ("h", _("History of the record: commits and their diffs")),
                ("v", _("In a history: revert the chosen commit (a new commit undoes it)")),
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
                ("q", _("Quit")),
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

    def compose(self) -> ComposeResult:
        """The title, one table per topic in a scrolling box, and how to close it.

        The title and the closing hint stay in view when the keys do not fit (80x24): only the
        keys scroll, and the hint then says how.
        """
        parts: list[RenderableType] = []
        sections = help_sections()
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
        with Vertical(id="help-box"):
            yield Static(Text(_("Keys of smgov"), style="bold"), id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(Group(*parts), id="help-keys")
            yield Static(Text(_("escape closes this help")), id="help-close")

    def on_resize(self) -> None:
        """Keep the keys within the screen, below the title and above the hint; say how to
        scroll when they do not all fit."""
        box = self.query_one("#help-box", Vertical)
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
