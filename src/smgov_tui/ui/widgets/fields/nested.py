"""Field editors: one labelled widget per field of a record, with its problems underneath.

Every editor knows its ``FieldSpec``, turns what the user typed into the value stored in the
TOML file (``value()``), registers itself under its dotted path (``collect``), so a
``Problem.field`` like ``steps.2.contacts`` finds the editor it belongs to, and shows problems
next to itself (``show_problems``). Text the user typed is always rendered as data.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem, count_errors
from smgov_tui.i18n import _
from smgov_tui.ui.present.formspec import (
    FieldSpec,
    overlay,
)
from smgov_tui.ui.widgets.fields.base import (
    FieldEditor,
    Registry,
    text_of,
)
from smgov_tui.ui.widgets.fields.sequence import ListEditor, SequenceEditor, sequence_bindings
from smgov_tui.ui.widgets.fields.simple import (
    BoolEditor,
    ClockEditor,
    DateEditor,
    IntEditor,
    LongTextEditor,
    MultiEditor,
    SelectEditor,
    TextEditor,
)


def build_editor(
    spec: FieldSpec, value: Any, data: WorkspaceData, values: dict[str, Any]
) -> FieldEditor:
    """The editor of ``spec`` showing ``value``; ``values``: the record's values (for options)."""
    if spec.widget == "select":
        return SelectEditor(spec, value, data, values)
    if spec.widget == "multi":
        return MultiEditor(spec, value, data, values)
    if spec.widget == "table":
        return TableEditor(spec, value, data, values)
    if spec.widget == "items":
        return ItemsEditor(spec, value, data, values)
    simple: dict[str, type[FieldEditor]] = {
        "text": TextEditor,
        "long": LongTextEditor,
        "date": DateEditor,
        "int": IntEditor,
        "bool": BoolEditor,
        "clock": ClockEditor,
        "list": ListEditor,
    }
    return simple[spec.widget](spec, value, data)


class TableEditor(FieldEditor):
    """A nested table (an owner's working hours) edited with its own fields."""

    DEFAULT_CSS = """
    TableEditor > .table-fields {
        height: auto;
        border-left: tall $primary 40%;
        padding-left: 1;
    }
    """

    def __init__(
        self, spec: FieldSpec, value: Any, data: WorkspaceData, values: dict[str, Any]
    ) -> None:
        super().__init__(spec, value, data)
        self.raw: dict[str, Any] = dict(value) if isinstance(value, dict) else {}
        self._values = values

    def compose_control(self) -> ComposeResult:
        """The nested fields, indented."""
        with Vertical(classes="table-fields field-wide"):
            for sub in self.spec.fields:
                yield build_editor(sub, self.raw.get(sub.name), self.data, self._values)

    def _editors(self) -> list[FieldEditor]:
        return list(self.query_one(".table-fields").query_children(FieldEditor))

    def collect(self, prefix: str, registry: Registry) -> Any:
        """The table with the nested values on top; nested editors registered too."""
        path = f"{prefix}{self.spec.name}"
        registry[path] = self
        values = {e.spec.name: e.collect(f"{path}.", registry) for e in self._editors()}
        return overlay(self.raw, self.spec.fields, values)

    def value(self) -> Any:
        """The table (as ``collect`` builds it)."""
        return self.collect("", {})

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Pass on to nested editors."""
        for editor in self._editors():
            editor.refresh_options(values)


class ItemHeader(Static, can_focus=True):
    """The heading of an item: number, title, problems; enter or a click opens and closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_close", _("Open/close"), id="item.toggle"),
    ]

    async def action_open_close(self) -> None:
        """Open or close the item."""
        box = self.parent
        if isinstance(box, ItemBox):
            await box.toggle()

    async def on_click(self) -> None:
        """A click opens or closes the item."""
        await self.action_open_close()


class ItemBox(Vertical):
    """One item of an array of tables (a step, a role): a heading, and its fields when open.

    The fields are built the first time the item is opened, so a playbook with many steps opens
    at once; an item never opened keeps its table exactly as read.
    """

    DEFAULT_CSS = """
    ItemBox {
        height: auto;
        border-left: tall $primary 40%;
        padding: 0 0 0 1;
    }
    ItemBox.-open {
        border-left: tall $accent;
        margin-bottom: 1;
    }
    ItemBox > ItemHeader {
        width: 1fr;
        height: 1;
    }
    ItemBox > ItemHeader:focus {
        background: $accent 30%;
        text-style: bold;
    }
    ItemBox.-problems > ItemHeader {
        color: $error;
    }
    ItemBox > .item-body {
        height: auto;
        display: none;
        padding-top: 1;
    }
    ItemBox.-open > .item-body {
        display: block;
    }
    """

    def __init__(
        self,
        spec: FieldSpec,
        raw: dict[str, Any],
        data: WorkspaceData,
        values: dict[str, Any],
        *,
        opened: bool = False,
    ) -> None:
        super().__init__(classes="-open" if opened else "")
        self.spec = spec
        self.raw = raw
        self.data = data
        self.values = values
        """The record's values, for options that come from the record itself (statements)."""
        self.built = opened
        """True once the item's fields exist (the item was opened at least once)."""
        self._heading = ("", 0)
        self._problems: list[Problem] = []

    def compose(self) -> ComposeResult:
        """The heading, then the fields (only for an item that starts open)."""
        yield ItemHeader("", markup=False)
        with Vertical(classes="item-body"):
            if self.built:
                yield from self._build()

    def _build(self) -> list[FieldEditor]:
        return [
            build_editor(sub, self.raw.get(sub.name), self.data, self.values)
            for sub in self.spec.fields
        ]

    @property
    def is_open(self) -> bool:
        """True when the fields are shown."""
        return self.has_class("-open")

    async def open_item(self) -> None:
        """Show the fields (building them the first time)."""
        if not self.built:
            self.built = True
            await self.query_one(".item-body").mount_all(self._build())
        self.add_class("-open")
        self._render_heading()

    def close_item(self) -> None:
        """Hide the fields (their values are kept)."""
        self.remove_class("-open")
        self._render_heading()

    async def toggle(self) -> None:
        """Open or close."""
        if self.is_open:
            self.close_item()
        else:
            await self.open_item()

    def editors(self) -> list[FieldEditor]:
        """The item's field editors (none until it was opened)."""
        return list(self.query_one(".item-body").query_children(FieldEditor))

    def collect(self, path: str, registry: Registry) -> dict[str, Any]:
        """The item's table: as read, with its fields (if built) on top."""
        registry[path] = self
        if not self.built:
            return dict(self.raw)
        values = {e.spec.name: e.collect(f"{path}.", registry) for e in self.editors()}
        return overlay(self.raw, self.spec.fields, values)

    def title(self) -> str:
        """The value of the field shown in the heading."""
        for editor in self.editors():
            if editor.spec.name == self.spec.title_field:
                return text_of(editor.value())
        return text_of(self.raw.get(self.spec.title_field, ""))

    def set_heading(self, index: int, title: str) -> None:
        """Show ``Step N: title`` in the heading."""
        self._heading = (title, index)
        self._render_heading()

    def _render_heading(self) -> None:
        title, index = self._heading
        text = Text("v " if self.is_open else "> ", style="bold")
        text.append(f"{self.spec.item_label.capitalize()} {index + 1}")
        if title:
            text.append(": ")
            text.append(title)
        errors = sum(1 for p in self._problems if p.severity == "error")
        if errors:
            text.append("  " + "(" + count_errors(errors) + ")", style="bold")
        self.query_one(ItemHeader).update(text)

    def show_problems(self, problems: list[Problem]) -> None:
        """Count the item's problems in its heading (the fields show the details)."""
        self._problems = list(problems)
        self.set_class(any(p.severity == "error" for p in problems), "-problems")
        self._render_heading()

    def focus_control(self) -> None:
        """Focus the heading, opening the item so its problems can be seen."""
        self.query_one(ItemHeader).focus()
        if not self.is_open:
            self.call_later(self.open_item)


class ItemsEditor(SequenceEditor[ItemBox]):
    """An array of tables (steps, statements, roles...): add, remove, reorder, edit each.

    Each item is a heading that opens to its fields. The keys are in the footer (clickable).
    """

    DEFAULT_CSS = """
    ItemsEditor > .items-box { height: auto; }
    ItemsEditor > .items-box > .item-boxes { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = sequence_bindings("items")
    BOX_CLASSES = "items-box field-wide"
    ROWS_CLASS = "item-boxes"
    ADD_CLASS = "items-add"
    row_type = ItemBox

    class Changed(SequenceEditor.Changed):
        """Items were added, removed or moved."""

    def __init__(
        self, spec: FieldSpec, value: Any, data: WorkspaceData, values: dict[str, Any]
    ) -> None:
        super().__init__(spec, value, data)
        self._values = values

    def row_for(self, item: Any) -> ItemBox:
        """A closed item holding the table ``item``."""
        raw = dict(item) if isinstance(item, dict) else {}
        return ItemBox(self.spec, raw, self.data, self._values)

    def new_row(self) -> ItemBox:
        """An empty, open item."""
        return ItemBox(self.spec, {}, self.data, self._values, opened=True)

    def focus_row(self, row: ItemBox) -> None:
        """Focus the item's heading."""
        row.query_one(ItemHeader).focus()

    def focus_new_row(self, row: ItemBox) -> None:
        """Focus the new item's first field."""
        editors = row.editors()
        if editors:
            editors[0].focus_control()
        row.scroll_visible()

    def show_moved(self, row: ItemBox) -> None:
        """Focus stays in the moved item; bring it into view."""
        row.scroll_visible()

    def after_change(self) -> None:
        """Number the items again."""
        self.renumber()

    def on_mount(self) -> None:
        """Number the items."""
        self.renumber()

    def boxes(self) -> list[ItemBox]:
        """The items, in order."""
        return self.rows()

    def renumber(self) -> None:
        """Refresh every heading (number and title)."""
        for index, box in enumerate(self.boxes()):
            box.set_heading(index, box.title())

    def collect(self, prefix: str, registry: Registry) -> Any:
        """Every item's table."""
        path = f"{prefix}{self.spec.name}"
        registry[path] = self
        return [box.collect(f"{path}.{index}", registry) for index, box in enumerate(self.boxes())]

    def value(self) -> Any:
        """The list of tables."""
        return self.collect("", {})

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Pass on to every open item's editors, and refresh headings."""
        self._values = values
        for box in self.boxes():
            box.values = values
            for editor in box.editors():
                editor.refresh_options(values)
        self.renumber()
