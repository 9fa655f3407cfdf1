"""Editors of a list: rows added, moved and removed with the keyboard."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input

from smgov_tui.i18n import _
from smgov_tui.ui.textual_internals import born_compact
from smgov_tui.ui.widgets.fields.base import (
    FieldEditor,
    FormInput,
    move_among,
    text_of,
)

RowT = TypeVar("RowT", bound=Widget)


def sequence_bindings(prefix: str) -> list[BindingType]:
    """The keys of a sequence editor; ``prefix`` keeps each editor's binding ids its own."""
    return [
        Binding("ctrl+n", "add", _("Add item"), id=f"{prefix}.add"),
        # ctrl+delete does not reach the app in many terminals; ctrl+r always does
        Binding("ctrl+r", "remove", _("Remove item"), id=f"{prefix}.remove"),
        Binding("ctrl+delete", "remove", _("Remove item"), show=False, id=f"{prefix}.remove-del"),
        # in the help and the palette: the footer keeps room for save and cancel at 80 columns
        Binding("alt+up", "move(-1)", _("Move up"), show=False, id=f"{prefix}.up"),
        Binding("alt+down", "move(1)", _("Move down"), show=False, id=f"{prefix}.down"),
    ]


class SequenceEditor(FieldEditor, Generic[RowT]):
    """What the list editors share: rows in a container with an add button under it; add a row
    after the focused one, remove it, move it up or down. Every such change posts `Changed`.

    A subclass says what a row is (`row_type`, `row_for`, `new_row`), the classes of its parts,
    where focus goes (`focus_row`, `focus_new_row`, `show_moved`) and what follows a change
    (`after_change`).
    """

    row_type: type[RowT]
    BOX_CLASSES: ClassVar[str]
    ROWS_CLASS: ClassVar[str]
    ADD_CLASS: ClassVar[str]

    class Changed(Message):
        """Items were added, removed or moved."""

    def row_for(self, item: Any) -> RowT:
        """The row that edits ``item`` (one element of the stored list)."""
        raise NotImplementedError

    def new_row(self) -> RowT:
        """An empty row, for an added item."""
        raise NotImplementedError

    def focus_row(self, row: RowT) -> None:
        """Focus ``row`` (the neighbour of a removed one)."""
        row.focus()

    def focus_new_row(self, row: RowT) -> None:
        """Focus a row just added."""
        row.focus()

    def show_moved(self, row: RowT) -> None:
        """Keep a moved row focused and in view."""
        row.focus()

    def after_change(self) -> None:
        """What follows an add, remove or move (before `Changed` is posted)."""

    def compose_control(self) -> ComposeResult:
        """One row per item, then an add button."""
        items = self.initial if isinstance(self.initial, list) else []
        with Vertical(classes=self.BOX_CLASSES):
            with Vertical(classes=self.ROWS_CLASS):
                for item in items:
                    yield self.row_for(item)
            yield born_compact(
                Button(
                    _("+ Add {item}").format(item=self.spec.item_label or _("item")),
                    classes=self.ADD_CLASS,
                )
            )

    def _rows_box(self) -> Widget:
        return self.query_one(f".{self.ROWS_CLASS}")

    def rows(self) -> list[RowT]:
        """The rows, in order."""
        return list(self._rows_box().query_children(self.row_type))

    def _focused_row(self) -> RowT | None:
        """The row that holds the focus, if any."""
        node = self.screen.focused
        box = self._rows_box()
        while node is not None and node is not self:
            if isinstance(node, self.row_type) and node.parent is box:
                return node
            node = node.parent  # type: ignore[assignment]
        return None

    async def add_after(self, row: RowT | None) -> RowT:
        """Add an empty row after ``row`` (at the end when None) and focus it."""
        new = self.new_row()
        box = self._rows_box()
        if row is None:
            await box.mount(new)
        else:
            await box.mount(new, after=row)
        self.after_change()
        self.focus_new_row(new)
        self.post_message(self.Changed())
        return new

    async def action_add(self) -> None:
        """Add an item after the focused one."""
        await self.add_after(self._focused_row())

    @on(Button.Pressed)
    async def _add_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class(self.ADD_CLASS):
            event.stop()
            await self.add_after(None)

    async def action_remove(self) -> None:
        """Remove the focused item; focus moves to its neighbour."""
        row = self._focused_row()
        if row is None:
            return
        index = self.rows().index(row)
        await row.remove()
        rest = self.rows()
        if rest:
            self.focus_row(rest[min(index, len(rest) - 1)])
        else:
            self.query_one(f".{self.ADD_CLASS}", Button).focus()
        self.after_change()
        self.post_message(self.Changed())

    def action_move(self, delta: int) -> None:
        """Move the focused item up (-1) or down (1)."""
        row = self._focused_row()
        if row is None:
            return
        if not move_among(self._rows_box(), self.rows(), row, delta):
            return
        self.after_change()
        self.show_moved(row)
        self.post_message(self.Changed())


class ListEditor(SequenceEditor[Input]):
    """An editable list of strings: one Input per item; enter adds one, keys reorder and remove.

    The keys are in the footer, which the mouse can click too.
    """

    DEFAULT_CSS = """
    ListEditor > .list-box { height: auto; }
    ListEditor > .list-box > .list-rows { height: auto; }
    ListEditor .list-item { margin-bottom: 0; }
    """

    BINDINGS: ClassVar[list[BindingType]] = sequence_bindings("list")
    BOX_CLASSES = "list-box"
    ROWS_CLASS = "list-rows"
    ADD_CLASS = "list-add"
    row_type = Input

    class Changed(SequenceEditor.Changed):
        """Items were added, removed or moved."""

    def row_for(self, item: Any) -> Input:
        """An Input holding ``item``."""
        return FormInput(text_of(item), placeholder=_("new item"), classes="list-item")

    def new_row(self) -> Input:
        """An empty Input."""
        return self.row_for("")

    def value(self) -> Any:
        """The non-empty items, in order."""
        out = []
        for row in self.rows():
            text = row.value.strip()
            if text:
                out.append(text)
        return out

    @on(Input.Submitted, ".list-item")
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        await self.add_after(event.input)
