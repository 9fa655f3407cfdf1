"""Give a record a new id: every reference to it is updated in the same commit."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from smgov_tui.core.slug import is_slug, slugify
from smgov_tui.i18n import _, ngettext
from smgov_tui.ui.modals.base import RecordModal


class RenameModal(RecordModal):
    """Ask for the new id, say how many files will follow, rename in a worker."""

    DEFAULT_CSS = """
    RenameModal > Vertical {
        width: 72;
    }
    """

    def compose(self) -> ComposeResult:
        """Title, what will change, the new id, the answers."""
        files = sorted({path for path, _field in self.references})
        if files:
            follows = ngettext(
                "{count} other file names it and will be updated in the same commit: {files}",
                "{count} other files name it and will be updated in the same commit: {files}",
                len(files),
            ).format(
                count=len(files), files=", ".join(files[:6]) + (", ..." if len(files) > 6 else "")
            )
        else:
            follows = _("No other record names it.")
        with Vertical():
            yield Static(
                Text(_("Rename {path}").format(path=self.kind.path_for(self.record_id))),
                classes="modal-title",
            )
            yield Static(
                Text(_("Rename changes the id and the file name; to change the name, use Edit."))
            )
            yield Static(Text(follows), id="rename-references")
            yield Static(Text(_("New id (lower-case letters, digits and hyphens):")))
            yield Input(self.record_id, id="rename-input", max_length=64)
            yield Static(self._preview(self.record_id), id="rename-preview")
            yield Static("", id="rename-error", classes="modal-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(_("Rename"), variant="primary", id="rename-ok")
                yield Button(_("Cancel"), id="rename-cancel", classes="modal-cancel")

    def on_mount(self) -> None:
        """Focus the new id, with the old one selected."""
        self.query_one("#rename-input", Input).focus()

    def new_id(self) -> str:
        """The id that will be used: what was typed, made into an id (``Ana Ruiz!`` -> ana-ruiz)."""
        typed = self.query_one("#rename-input", Input).value.strip()
        return typed if is_slug(typed) else slugify(typed)

    def _preview(self, new_id: str) -> Text:
        if not new_id:
            return Text(_("New id: (none yet)"))
        return Text(
            _("New id: {id} (file {path})").format(id=new_id, path=self.kind.path_for(new_id))
        )

    def _problem(self, new_id: str) -> str:
        if not new_id:
            return _("an id is needed")
        if not is_slug(new_id):
            return _(
                '"{id}" is not an id: use lower-case letters, digits and single hyphens'
            ).format(id=new_id)
        if new_id == self.record_id:
            return _("that is the current id; type a new one")
        if new_id in self.store.data.entries[self.kind.name]:
            return _('"{id}" is already used; choose another id').format(id=new_id)
        return ""

    @on(Input.Changed, "#rename-input")
    def _typed(self, event: Input.Changed) -> None:
        new_id = self.new_id()
        self.query_one("#rename-preview", Static).update(self._preview(new_id))
        problem = self._problem(new_id)
        self.show_error("" if new_id == self.record_id else problem)

    @on(Input.Submitted, "#rename-input")
    @on(Button.Pressed, "#rename-ok")
    def action_rename(self) -> None:
        """Rename, unless the new id is not usable (then say why)."""
        if self._busy:
            return
        new_id = self.new_id()
        problem = self._problem(new_id)
        if problem:
            self.show_error(problem)
            return
        self.show_error("")
        self.run_change(partial(self.store.rename, self.kind, self.record_id, new_id))
