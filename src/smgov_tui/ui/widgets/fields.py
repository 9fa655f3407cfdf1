"""Field editors: one labelled widget per field of a record, with its problems underneath.

Every editor knows its ``FieldSpec``, turns what the user typed into the value stored in the
TOML file (``value()``), registers itself under its dotted path (``collect``), so a
``Problem.field`` like ``steps.2.contacts`` finds the editor it belongs to, and shows problems
next to itself (``show_problems``). Text the user typed is always rendered as data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.validation import Function
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, Switch, TextArea
from textual.widgets.selection_list import Selection

from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.i18n import _
from smgov_tui.ui.formspec import FieldSpec, Option, is_empty, overlay, parse_date, parse_int

Registry = dict[str, "FieldEditor"]


def _text_of(value: Any) -> str:
    """A stored value as the text shown in an Input."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _valid_date(text: str) -> bool:
    return not text.strip() or isinstance(parse_date(text), dt.date)


class FieldEditor(Vertical):
    """A labelled editor of one field, with room for its problems underneath."""

    DEFAULT_CSS = """
    FieldEditor {
        height: auto;
        margin-bottom: 1;
    }
    FieldEditor > .field-row {
        height: auto;
    }
    FieldEditor .field-label {
        width: 24;
        padding-right: 1;
        color: $text-muted;
    }
    FieldEditor > .field-label {
        width: 1fr;
        text-style: bold;
    }
    FieldEditor.-required .field-label {
        color: $text;
    }
    FieldEditor .field-control {
        width: 1fr;
        height: auto;
    }
    FieldEditor > .field-problems {
        display: none;
        color: $error;
        padding-left: 1;
    }
    FieldEditor.-problems > .field-problems {
        display: block;
    }
    FieldEditor.-warning-only > .field-problems {
        color: $warning;
    }
    FieldEditor Input, FieldEditor Select, FieldEditor SelectionList, FieldEditor TextArea {
        width: 1fr;
    }
    FieldEditor TextArea {
        height: auto;
        min-height: 2;
        max-height: 8;
    }
    FieldEditor SelectionList {
        height: auto;
        max-height: 9;
    }
    """

    def __init__(self, spec: FieldSpec, value: Any, data: WorkspaceData) -> None:
        super().__init__(classes="-required" if spec.required else "")
        self.spec = spec
        self.initial = value
        self.data = data

    def label_text(self) -> Text:
        """The label, with a star when the field is required."""
        return Text(self.spec.label + (" *" if self.spec.required else ""))

    def compose(self) -> ComposeResult:
        """Label beside the control (above it for nested tables and item lists), problems."""
        if self.spec.widget in ("items", "table"):
            yield Label(self.label_text(), classes="field-label")
            yield from self.compose_control()
        else:
            with Horizontal(classes="field-row"):
                yield Label(self.label_text(), classes="field-label")
                with Vertical(classes="field-control"):
                    yield from self.compose_control()
        yield Static("", classes="field-problems", markup=False)

    def compose_control(self) -> ComposeResult:
        """The widget that edits the value (subclasses)."""
        yield from ()

    def value(self) -> Any:
        """The value to store, as a TOML-ready Python value (None when left empty)."""
        raise NotImplementedError

    def collect(self, prefix: str, registry: Registry) -> Any:
        """Register this editor (and any nested one) under its dotted path; return the value."""
        registry[f"{prefix}{self.spec.name}"] = self
        return self.value()

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Recompute options that depend on the form's current ``values`` (selects only)."""

    def show_problems(self, problems: list[Problem]) -> None:
        """Show ``problems`` under the field (or hide the area when there are none)."""
        area = self.query_one(".field-problems", Static)
        text = Text()
        for index, problem in enumerate(problems):
            if index:
                text.append("\n")
            style = "bold" if problem.severity == "error" else "italic"
            text.append(problem.message, style=style)
        area.update(text)
        self.set_class(bool(problems), "-problems")
        self.set_class(
            bool(problems) and all(p.severity != "error" for p in problems), "-warning-only"
        )

    def focus_control(self) -> None:
        """Focus the first focusable widget of this editor."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return


class TextEditor(FieldEditor):
    """One line of text."""

    def compose_control(self) -> ComposeResult:
        """An Input."""
        yield Input(_text_of(self.initial), placeholder=self._placeholder(), compact=True)

    def _placeholder(self) -> str:
        if self.spec.has_default and not is_empty(self.spec.default):
            return _("default: {value}").format(value=_text_of(self.spec.default))
        return ""

    def value(self) -> Any:
        """The text as typed (outer spaces removed); an untouched field keeps its value."""
        text = self.query_one(Input).value
        if text == _text_of(self.initial) and self.initial is not None:
            return self.initial
        return text.strip()


class ClockEditor(TextEditor):
    """A time of day, HH:MM."""

    def compose_control(self) -> ComposeResult:
        """An Input restricted to digits and a colon."""
        yield Input(
            _text_of(self.initial),
            placeholder=self._placeholder() or "HH:MM",
            restrict=r"[0-9:]*",
            max_length=5,
            compact=True,
        )


class IntEditor(TextEditor):
    """A whole number."""

    def compose_control(self) -> ComposeResult:
        """An integer Input."""
        yield Input(
            _text_of(self.initial), placeholder=self._placeholder(), type="integer", compact=True
        )

    def value(self) -> Any:
        """The number, or the text as typed when it is not one (validation names it)."""
        return parse_int(self.query_one(Input).value)


class DateEditor(TextEditor):
    """A date, YYYY-MM-DD; empty is allowed when the field is optional."""

    def compose_control(self) -> ComposeResult:
        """An Input with a date validator."""
        yield Input(
            _text_of(self.initial),
            placeholder="YYYY-MM-DD",
            restrict=r"[0-9-]*",
            max_length=10,
            validators=[Function(_valid_date, _("expected a date like 2026-11-22"))],
            compact=True,
        )

    def value(self) -> Any:
        """A date when valid, else the text (validation names it)."""
        return parse_date(self.query_one(Input).value)


class LongTextEditor(FieldEditor):
    """Several lines of text."""

    def compose_control(self) -> ComposeResult:
        """A TextArea (tab moves to the next field)."""
        yield TextArea(_text_of(self.initial), soft_wrap=True, tab_behavior="focus", compact=True)

    def value(self) -> Any:
        """The text (multi-line text ends with one newline); an untouched field keeps its value."""
        text = self.query_one(TextArea).text
        if text == _text_of(self.initial) and self.initial is not None:
            return self.initial
        text = text.rstrip()
        return text + "\n" if "\n" in text else text


class BoolEditor(FieldEditor):
    """true or false."""

    def compose_control(self) -> ComposeResult:
        """A Switch."""
        initial = self.initial if isinstance(self.initial, bool) else bool(self.spec.default)
        yield Switch(value=initial)

    def value(self) -> Any:
        """The switch's state."""
        return self.query_one(Switch).value


def _with_current(options: list[Option], current: list[str]) -> list[Option]:
    """``options``, plus any current value missing from them (marked), so nothing is lost."""
    known = {value for _label, value in options}
    extra = [
        (f"{value} ({_('unknown')})", value) for value in current if value and value not in known
    ]
    return options + extra


class SelectEditor(FieldEditor):
    """One value among options; blank allowed when the field is optional."""

    def __init__(
        self, spec: FieldSpec, value: Any, data: WorkspaceData, values: dict[str, Any]
    ) -> None:
        super().__init__(spec, value, data)
        self._options: list[Option] = []
        self._values = values

    def _compute(self, values: dict[str, Any], current: str) -> list[Option]:
        base = self.spec.options(self.data, values) if self.spec.options else []
        return _with_current(base, [current])

    def compose_control(self) -> ComposeResult:
        """A Select whose option labels are data, never markup."""
        current = _text_of(self.initial)
        self._options = self._compute(self._values, current)
        allow_blank = not self.spec.required
        value: Any = current if current else Select.NULL
        if value is Select.NULL and not allow_blank:
            value = self.spec.default if self.spec.has_default else Select.NULL
        yield Select(
            [(Text(label), v) for label, v in self._options],
            allow_blank=allow_blank or not self._options,
            value=value,
            prompt=_("(none)"),
            compact=True,
        )

    def value(self) -> Any:
        """The chosen value, or an empty text."""
        selected = self.query_one(Select).value
        return "" if selected is Select.NULL else selected

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Rebuild the options when the ids they come from changed; keep the choice."""
        if self.spec.options is None:
            return
        current = self.value()
        options = self._compute(values, current)
        if options == self._options:
            return
        self._options = options
        select = self.query_one(Select)
        with select.prevent(Select.Changed):
            select.set_options([(Text(label), v) for label, v in options])
            if current:
                select.value = current


class MultiEditor(FieldEditor):
    """Several values among options (contacts of a step, working days)."""

    def __init__(
        self, spec: FieldSpec, value: Any, data: WorkspaceData, values: dict[str, Any]
    ) -> None:
        super().__init__(spec, value, data)
        self._values = values
        self._options: list[Option] = []

    def _current(self) -> list[str]:
        if isinstance(self.initial, list):
            return [str(v) for v in self.initial]
        if self.initial is None and self.spec.has_default and isinstance(self.spec.default, list):
            return [str(v) for v in self.spec.default]
        return []

    def _compute(self, values: dict[str, Any], current: list[str]) -> list[Option]:
        base = self.spec.options(self.data, values) if self.spec.options else []
        return _with_current(base, current)

    def compose_control(self) -> ComposeResult:
        """A SelectionList whose prompts are data, never markup."""
        current = self._current()
        self._options = self._compute(self._values, current)
        yield SelectionList[str](
            *[Selection(Text(label), v, v in current) for label, v in self._options]
        )

    def value(self) -> Any:
        """The selected values: those chosen before in their order, then new ones."""
        selection = self.query_one(SelectionList)
        chosen = set(selection.selected)
        kept = [v for v in self._current() if v in chosen]
        return kept + [v for _label, v in self._options if v in chosen and v not in kept]

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Rebuild the options when the ids they come from changed; keep the choices."""
        if self.spec.options is None:
            return
        current = self.value()
        options = self._compute(values, current)
        if options == self._options:
            return
        self._options = options
        selection = self.query_one(SelectionList)
        with selection.prevent(SelectionList.SelectedChanged):
            selection.clear_options()
            selection.add_options([Selection(Text(label), v, v in current) for label, v in options])


class ListRow(Horizontal):
    """One item of an editable list of strings."""

    DEFAULT_CSS = """
    ListRow { height: auto; }
    ListRow > Input { width: 1fr; }
    ListRow > Button { min-width: 3; width: 3; }
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        """The item's Input and a remove button for the mouse (keys do the same)."""
        yield Input(self.text, placeholder=_("new item"), compact=True)
        remove = Button(
            "x", classes="row-remove", tooltip=_("Remove this item (ctrl+delete)"), compact=True
        )
        remove.can_focus = False
        yield remove


class ListEditor(FieldEditor):
    """An editable list of strings: enter adds an item, keys reorder and remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add", _("Add item"), id="list.add"),
        Binding("ctrl+delete", "remove", _("Remove item"), id="list.remove"),
        Binding("alt+up", "move(-1)", _("Move up"), id="list.up"),
        Binding("alt+down", "move(1)", _("Move down"), id="list.down"),
    ]

    class Changed(Message):
        """Items were added, removed or moved."""

    def compose_control(self) -> ComposeResult:
        """One row per item, then an add button."""
        items = self.initial if isinstance(self.initial, list) else []
        with Vertical(classes="list-rows"):
            for item in items:
                yield ListRow(_text_of(item))
        yield Button(
            _("+ Add {item}").format(item=self.spec.item_label or _("item")),
            classes="list-add",
            compact=True,
        )

    def rows(self) -> list[ListRow]:
        """The rows, in order."""
        return list(self.query_one(".list-rows").query_children(ListRow))

    def value(self) -> Any:
        """The non-empty items, in order."""
        out = []
        for row in self.rows():
            text = row.query_one(Input).value.strip()
            if text:
                out.append(text)
        return out

    def _focused_row(self) -> ListRow | None:
        node = self.screen.focused
        while node is not None and node is not self:
            if isinstance(node, ListRow):
                return node
            node = node.parent  # type: ignore[assignment]
        return None

    async def add_after(self, row: ListRow | None, text: str = "") -> ListRow:
        """Add an item after ``row`` (at the end when None) and focus it."""
        new = ListRow(text)
        container = self.query_one(".list-rows")
        if row is None:
            await container.mount(new)
        else:
            await container.mount(new, after=row)
        new.query_one(Input).focus()
        self.post_message(self.Changed())
        return new

    async def action_add(self) -> None:
        """Add an item after the focused one."""
        await self.add_after(self._focused_row())

    @on(Button.Pressed, ".list-add")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_after(None)

    @on(Input.Submitted)
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        row = self._focused_row()
        if row is not None:
            await self.add_after(row)

    @on(Button.Pressed, ".row-remove")
    async def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        row = event.button.parent
        if isinstance(row, ListRow):
            await self._remove(row)

    async def _remove(self, row: ListRow) -> None:
        rows = self.rows()
        index = rows.index(row)
        await row.remove()
        rest = self.rows()
        if rest:
            rest[min(index, len(rest) - 1)].query_one(Input).focus()
        else:
            self.query_one(".list-add", Button).focus()
        self.post_message(self.Changed())

    async def action_remove(self) -> None:
        """Remove the focused item."""
        row = self._focused_row()
        if row is not None:
            await self._remove(row)

    def action_move(self, delta: int) -> None:
        """Move the focused item up (-1) or down (1)."""
        row = self._focused_row()
        if row is None:
            return
        rows = self.rows()
        index = rows.index(row)
        target = index + delta
        if not 0 <= target < len(rows):
            return
        container = self.query_one(".list-rows")
        if delta < 0:
            container.move_child(row, before=rows[target])
        else:
            container.move_child(row, after=rows[target])
        row.query_one(Input).focus()
        self.post_message(self.Changed())


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
        with Vertical(classes="table-fields"):
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


class ItemBox(Vertical):
    """One item of an array of tables (a step, a role) with its fields and a header."""

    DEFAULT_CSS = """
    ItemBox {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
        margin-bottom: 1;
    }
    ItemBox:focus-within {
        border: round $accent;
    }
    ItemBox > .item-head {
        height: 1;
    }
    ItemBox > .item-head > .item-title {
        width: 1fr;
        text-style: bold;
    }
    ItemBox > .item-head > Button {
        min-width: 5;
        width: 5;
        height: 1;
        border: none;
    }
    """

    def __init__(
        self, spec: FieldSpec, raw: dict[str, Any], data: WorkspaceData, values: dict[str, Any]
    ) -> None:
        super().__init__()
        self.spec = spec
        self.raw = raw
        self.data = data
        self.values = values
        """The record's values, for options that come from the record itself (statements)."""

    def compose(self) -> ComposeResult:
        """A header (number, title, buttons for the mouse), then the item's fields."""
        with Horizontal(classes="item-head"):
            yield Static("", classes="item-title", markup=False)
            for label, cls, tip in (
                ("^", "item-up", _("Move up (alt+up)")),
                ("v", "item-down", _("Move down (alt+down)")),
                ("x", "item-remove", _("Remove (ctrl+delete)")),
            ):
                button = Button(label, classes=cls, tooltip=tip, compact=True)
                button.can_focus = False
                yield button
        for sub in self.spec.fields:
            yield build_editor(sub, self.raw.get(sub.name), self.data, self.values)

    def editors(self) -> list[FieldEditor]:
        """The item's field editors."""
        return list(self.query_children(FieldEditor))

    def set_heading(self, index: int, title: str) -> None:
        """Show ``N. title`` in the header."""
        head = f"{self.spec.item_label.capitalize()} {index + 1}"
        self.query_one(".item-title", Static).update(Text(f"{head}: {title}" if title else head))


class ItemsEditor(FieldEditor):
    """An array of tables (steps, statements, roles...): add, remove, reorder, edit each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add", _("Add item"), id="items.add"),
        Binding("ctrl+delete", "remove", _("Remove item"), id="items.remove"),
        Binding("alt+up", "move(-1)", _("Move up"), id="items.up"),
        Binding("alt+down", "move(1)", _("Move down"), id="items.down"),
    ]

    class Changed(Message):
        """Items were added, removed or moved."""

    def __init__(
        self, spec: FieldSpec, value: Any, data: WorkspaceData, values: dict[str, Any]
    ) -> None:
        super().__init__(spec, value, data)
        self._values = values

    def compose_control(self) -> ComposeResult:
        """One box per item, then an add button."""
        items = self.initial if isinstance(self.initial, list) else []
        with Vertical(classes="item-boxes"):
            for item in items:
                raw = dict(item) if isinstance(item, dict) else {}
                yield ItemBox(self.spec, raw, self.data, self._values)
        yield Button(
            _("+ Add {item}").format(item=self.spec.item_label), classes="items-add", compact=True
        )

    def on_mount(self) -> None:
        """Number the items."""
        self.renumber()

    def boxes(self) -> list[ItemBox]:
        """The item boxes, in order."""
        return list(self.query_one(".item-boxes").query_children(ItemBox))

    def renumber(self) -> None:
        """Refresh every header (number and title)."""
        for index, box in enumerate(self.boxes()):
            title = ""
            for editor in box.editors():
                if editor.spec.name == self.spec.title_field:
                    title = _text_of(editor.value())
            box.set_heading(index, title)

    def collect(self, prefix: str, registry: Registry) -> Any:
        """Every item's table (its raw table with the fields on top)."""
        path = f"{prefix}{self.spec.name}"
        registry[path] = self
        out = []
        for index, box in enumerate(self.boxes()):
            values = {e.spec.name: e.collect(f"{path}.{index}.", registry) for e in box.editors()}
            out.append(overlay(box.raw, self.spec.fields, values))
        return out

    def value(self) -> Any:
        """The list of tables."""
        return self.collect("", {})

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Pass on to every item's editors, and refresh headers."""
        self._values = values
        for box in self.boxes():
            for editor in box.editors():
                editor.refresh_options(values)
        self.renumber()

    def _focused_box(self) -> ItemBox | None:
        node = self.screen.focused
        while node is not None and node is not self:
            if isinstance(node, ItemBox) and node.parent is self.query_one(".item-boxes"):
                return node
            node = node.parent  # type: ignore[assignment]
        return None

    async def add_after(self, box: ItemBox | None) -> ItemBox:
        """Add an empty item after ``box`` (at the end when None) and focus its first field."""
        new = ItemBox(self.spec, {}, self.data, self._values)
        container = self.query_one(".item-boxes")
        if box is None:
            await container.mount(new)
        else:
            await container.mount(new, after=box)
        self.renumber()
        editors = new.editors()
        if editors:
            editors[0].focus_control()
        new.scroll_visible()
        self.post_message(self.Changed())
        return new

    async def action_add(self) -> None:
        """Add an item after the focused one."""
        await self.add_after(self._focused_box())

    @on(Button.Pressed, ".items-add")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.add_after(None)

    async def _remove(self, box: ItemBox) -> None:
        boxes = self.boxes()
        index = boxes.index(box)
        await box.remove()
        rest = self.boxes()
        if rest:
            editors = rest[min(index, len(rest) - 1)].editors()
            if editors:
                editors[0].focus_control()
        else:
            self.query_one(".items-add", Button).focus()
        self.renumber()
        self.post_message(self.Changed())

    async def action_remove(self) -> None:
        """Remove the focused item."""
        box = self._focused_box()
        if box is not None:
            await self._remove(box)

    def _move(self, box: ItemBox, delta: int) -> None:
        boxes = self.boxes()
        index = boxes.index(box)
        target = index + delta
        if not 0 <= target < len(boxes):
            return
        container = self.query_one(".item-boxes")
        if delta < 0:
            container.move_child(box, before=boxes[target])
        else:
            container.move_child(box, after=boxes[target])
        self.renumber()
        box.scroll_visible()
        self.post_message(self.Changed())

    def action_move(self, delta: int) -> None:
        """Move the focused item up (-1) or down (1); focus stays in it."""
        box = self._focused_box()
        if box is not None:
            self._move(box, delta)

    @on(Button.Pressed, ".item-up, .item-down, .item-remove")
    async def _item_button(self, event: Button.Pressed) -> None:
        event.stop()
        box = event.button.parent.parent if event.button.parent else None
        if not isinstance(box, ItemBox):
            return
        if event.button.has_class("item-remove"):
            await self._remove(box)
        else:
            self._move(box, -1 if event.button.has_class("item-up") else 1)


__all__ = [
    "BoolEditor",
    "DateEditor",
    "FieldEditor",
    "IntEditor",
    "ItemsEditor",
    "ListEditor",
    "LongTextEditor",
    "MultiEditor",
    "Registry",
    "SelectEditor",
    "TableEditor",
    "TextEditor",
    "build_editor",
]
