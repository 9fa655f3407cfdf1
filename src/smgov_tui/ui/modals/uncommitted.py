"""Saves that were stopped before their commit: commit them as meant, or put HEAD's back.

Shown when the workspace opens and smgov finds a change it wrote but never committed (killed
while a slow pre-commit hook ran, a power cut). One dialog lists every such file, who saved it
and the commit message it was to have; one answer settles them all through the store.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from smgov_tui.i18n import _, ngettext
from smgov_tui.store.errors import StoreError
from smgov_tui.store.pending import Uncommitted
from smgov_tui.store.store import Store
from smgov_tui.ui.modals.base import Dialog


class UncommittedModal(Dialog[str | None]):
    """Offer to commit the stopped saves or put the committed version back.

    Dismisses with a sentence saying what was done, or None when left for later (escape).
    """

    DEFAULT_CSS = """
    UncommittedModal > Vertical {
        width: 86;
        border: thick $warning;
    }
    UncommittedModal #uncommitted-files {
        height: auto;
        max-height: 12;
        margin: 1 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", _("Later"), id="uncommitted.later"),
        Binding("c", "commit", _("Commit"), id="uncommitted.commit"),
        Binding("p", "put_back", _("Put back"), id="uncommitted.put-back"),
        Binding("left", "app.focus_previous", _("Previous answer"), show=False),
        Binding("right", "app.focus_next", _("Next answer"), show=False),
    ]

    def __init__(self, store: Store, found: list[Uncommitted]) -> None:
        super().__init__()
        self.store = store
        self.found = found
        self._busy = False

    def compose(self) -> ComposeResult:
        """What was found, file by file, and the three answers."""
        count = len(self.found)
        with Vertical():
            yield Static(
                Text(
                    ngettext(
                        "A save was stopped before its commit",
                        "{n} saves were stopped before their commit",
                        count,
                    ).format(n=count)
                ),
                classes="modal-title",
            )
            yield Static(
                Text(
                    ngettext(
                        "smgov was closed (or killed) after writing this file and before git "
                        "committed it, so no commit holds the change yet:",
                        "smgov was closed (or killed) after writing these files and before git "
                        "committed them, so no commit holds the changes yet:",
                        count,
                    )
                ),
                id="uncommitted-message",
            )
            lines = Text()
            for index, item in enumerate(self.found):
                if index:
                    lines.append("\n")
                lines.append(f"- {item.path}\n", style="bold")
                lines.append("  " + _("saved by {author}").format(author=item.author) + "\n")
                lines.append("  " + _("commit message: {message}").format(message=item.message))
            with VerticalScroll(id="uncommitted-files"):
                yield Static(lines, id="uncommitted-list")
            yield Static("", id="uncommitted-error", classes="modal-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(_("Commit (c)"), variant="primary", id="uncommitted-commit")
                yield Button(
                    _("Put the committed version back (p)"),
                    variant="warning",
                    id="uncommitted-put-back",
                )
                yield Button(_("Later (esc)"), id="uncommitted-later")

    def on_mount(self) -> None:
        """Committing keeps the work: it is the answer enter gives."""
        self.query_one("#uncommitted-commit", Button).focus()

    @on(Button.Pressed, "#uncommitted-commit")
    def action_commit(self) -> None:
        """Commit each change with its message, by the person who saved it."""
        self._settle(commit=True)

    @on(Button.Pressed, "#uncommitted-put-back")
    def action_put_back(self) -> None:
        """Throw the changes away: each file as HEAD has it."""
        self._settle(commit=False)

    @on(Button.Pressed, "#uncommitted-later")
    def action_later(self) -> None:
        """Leave the files as they are (``smgov check`` and sync keep naming them)."""
        if not self._busy:
            self.dismiss(None)

    def _settle(self, commit: bool) -> None:
        if self._busy:
            return
        self._busy = True
        self._run(commit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="git")
    def _run(self, commit: bool) -> None:
        try:
            made = self.store.settle_uncommitted(self.found, commit)
        except (StoreError, ValueError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        if commit:
            done = _("Committed: {messages}").format(messages="; ".join(made))
        else:
            done = _("The committed version is back in {paths}.").format(
                paths=", ".join(item.path for item in self.found)
            )
        self.app.call_from_thread(self.dismiss, done)

    def _failed(self, message: str) -> None:
        self._busy = False
        error = self.query_one("#uncommitted-error", Static)
        error.update(Text(message))
        error.set_class(True, "-shown")
