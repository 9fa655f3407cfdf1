"""Who is at the keyboard, asked once when nothing names an author.

Crisis mode must never block: on a machine with no ``--author``, ``SMGOV_AUTHOR`` or git
identity it asks for a name (and, optionally, an e-mail) instead of refusing to log; the store
remembers the answer in the person's settings (``Store.sign_as``).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from smgov_tui.i18n import _
from smgov_tui.ui.modals.base import Dialog


class AuthorPrompt(Dialog[tuple[str, str]]):
    """Name (required) and e-mail (optional); Enter in either field answers.

    There is no cancel: without a name nothing can be logged, and the prompt costs one line of
    typing. Ctrl+Q still quits the app.
    """

    DEFAULT_CSS = """
    AuthorPrompt > Vertical {
        width: 70;
        border: thick $warning;
    }
    AuthorPrompt #author-why {
        margin-bottom: 1;
    }
    AuthorPrompt Input {
        margin-bottom: 1;
    }
    AuthorPrompt .prompt-error {
        color: $text-error;
        text-style: bold;
    }
    AuthorPrompt .prompt-help {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", _("Your name, please"), show=False, id="author.stay"),
    ]

    def compose(self) -> ComposeResult:
        """What is asked and why, the two fields, an error line and what Enter does."""
        with Vertical():
            yield Static(Text(_("Who is logging this crisis?")), classes="modal-title")
            yield Static(
                Text(
                    _(
                        "Your name signs every step in the log, so the team knows who did "
                        "what. It is remembered on this computer."
                    )
                ),
                id="author-why",
            )
            yield Label(_("Your name"), markup=False)
            yield Input(placeholder=_("e.g. Ana Ruiz"), id="author-name")
            yield Label(_("E-mail (optional)"), markup=False)
            yield Input(placeholder=_("e.g. ana@example.org"), id="author-email")
            yield Label("", classes="prompt-error", id="author-error", markup=False)
            yield Static(Text(_("Enter to go on · Tab to the e-mail")), classes="prompt-help")

    def on_mount(self) -> None:
        """The name first."""
        self.query_one("#author-name", Input).focus()

    @on(Input.Submitted)
    def submit(self) -> None:
        """Answer with (name, e-mail), or say what is wrong and stay."""
        name = self.query_one("#author-name", Input).value.strip()
        email = self.query_one("#author-email", Input).value.strip()
        error = self.query_one("#author-error", Label)
        if not name or any(c in name for c in "<>\n"):
            error.update(_("Type your name first (no < or >)."))
            self.query_one("#author-name", Input).focus()
            return
        if email and ("@" not in email or any(c in email for c in "<> \n")):
            error.update(_("That e-mail does not look right; fix it or leave it empty."))
            self.query_one("#author-email", Input).focus()
            return
        self.dismiss((name, email))

    def action_stay(self) -> None:
        """Escape: the name is still needed; say so rather than close."""
        self.query_one("#author-error", Label).update(
            _("Your name is needed to log the crisis (Ctrl+Q quits).")
        )
