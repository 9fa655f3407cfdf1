"""Delete a record after confirmation; refuse (or warn) when other records name it."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Select, Static

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.store import Store
from smgov_tui.ui.modals.base import RecordModal
from smgov_tui.ui.present.formspec import reference_label

FORCE_KINDS = ("playbooks",)
"""Kinds that may be deleted while referenced (incidents keep their history, with a warning)."""

REASSIGN_KINDS = ("owners", "contacts")
"""Kinds whose references may all be moved to another record as the delete is made."""


class DeleteModal(RecordModal):
    """Confirm a delete; list who names the record; delete in a worker."""

    DEFAULT_CSS = """
    DeleteModal > Vertical {
        width: 76;
        border: thick $error;
    }
    DeleteModal #delete-reassign-row {
        height: auto;
    }
    DeleteModal #delete-reassign-row Select {
        width: 1fr;
    }
    DeleteModal #delete-references {
        height: auto;
        max-height: 10;
        margin: 1 0;
        color: $text-muted;
    }
    """

    def __init__(self, store: Store, kind: k.Kind, record_id: str) -> None:
        super().__init__(store, kind, record_id)
        self.refused = bool(self.references) and kind.name not in FORCE_KINDS
        """True when the delete is refused until the references are changed."""
        self.others: list[tuple[str, str]] = (
            [
                (_reassign_label(store, kind, other), other)
                for other in store.data.ids(kind)
                if other != record_id
            ]
            if self.refused and kind.name in REASSIGN_KINDS
            else []
        )
        """(label, id) of the records the references can be moved to in the same commit."""

    def _message(self) -> str:
        path = self.kind.path_for(self.record_id)
        if not self.references:
            return _(
                "Delete {path}? Its history stays in git and the delete can be reverted."
            ).format(path=path)
        if self.refused and self.others:
            return _(
                "{id} is still named by the records below. Choose who takes them over: "
                "they are changed and {id} deleted in one commit."
            ).format(id=self.record_id)
        if self.refused:
            return _(
                "{id} cannot be deleted: the records below still name it. Change them first "
                "(choose somebody else), then delete it."
            ).format(id=self.record_id)
        return _(
            "{id} is named by the incidents below; they keep their history but will point to "
            "a playbook that no longer exists. Delete anyway?"
        ).format(id=self.record_id)

    def compose(self) -> ComposeResult:
        """What will happen, who names the record, the answers."""
        with Vertical():
            yield Static(
                Text(_("Delete {path}").format(path=self.kind.path_for(self.record_id))),
                classes="modal-title",
            )
            yield Static(Text(self._message()), id="delete-message")
            if self.references:
                lines = Text()
                for index, (path, field) in enumerate(self.references):
                    if index:
                        lines.append("\n")
                    lines.append(f"- {path}  ({reference_label(field)})")
                with VerticalScroll(id="delete-references"):
                    yield Static(lines)
            if self.others:
                with Horizontal(id="delete-reassign-row"):
                    yield Select(
                        [(Text(label), value) for label, value in self.others],
                        prompt=_("Reassign all to..."),
                        id="delete-reassign",
                        compact=True,
                    )
            yield Static("", id="delete-error", classes="modal-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                if self.others:
                    yield Button(
                        _("Reassign and delete"),
                        variant="error",
                        id="delete-reassign-ok",
                        disabled=True,
                    )
                if not self.refused:
                    yield Button(
                        _("Delete anyway") if self.references else _("Delete"),
                        variant="error",
                        id="delete-ok",
                    )
                yield Button(
                    _("Close") if self.refused and not self.others else _("Cancel"),
                    id="delete-cancel",
                    classes="modal-cancel",
                )

    def on_mount(self) -> None:
        """Focus the safe answer."""
        self.query_one("#delete-cancel", Button).focus()

    @on(Button.Pressed, "#delete-ok")
    def action_delete(self) -> None:
        """Delete (with force for a playbook that incidents name)."""
        if not self.refused:
            force = bool(self.references)
            self.run_change(partial(self.store.delete, self.kind, self.record_id, force=force))

    @on(Select.Changed, "#delete-reassign")
    def _target_chosen(self, event: Select.Changed) -> None:
        self.query_one("#delete-reassign-ok", Button).disabled = event.value is Select.NULL

    @on(Button.Pressed, "#delete-reassign-ok")
    def action_reassign(self) -> None:
        """Move every reference to the chosen record and delete this one: one commit."""
        target = self.query_one("#delete-reassign", Select).value
        if isinstance(target, str):
            self.run_change(
                partial(self.store.delete, self.kind, self.record_id, reassign_to=target)
            )


def _reassign_label(store: Store, kind: k.Kind, record_id: str) -> str:
    """How a record to hand the references to is named: its name and its id."""
    entry = store.data.entry(kind, record_id)
    name = entry.raw.get("name") if entry else None
    if isinstance(name, str) and name:
        if kind is k.OWNERS and entry is not None and entry.raw.get("active") is False:
            return f"{name} ({record_id}) - " + _("inactive")
        return f"{name} ({record_id})"
    return record_id
