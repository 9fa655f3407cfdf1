"""Field editors: one labelled widget per field of a record, with its problems underneath.

Every editor knows its ``FieldSpec``, turns what the user typed into the value stored in the
TOML file (``value()``), registers itself under its dotted path (``collect``), so a
``Problem.field`` like ``steps.2.contacts`` finds the editor it belongs to, and shows problems
next to itself (``show_problems``). Text the user typed is always rendered as data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.strip import Strip
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, Switch, TextArea
from textual.widgets.selection_list import Selection

from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem, count_errors
from smgov_tui.i18n import _
from smgov_tui.ui.formspec import FieldSpec, Option, is_empty, overlay, parse_date, parse_int
from smgov_tui.ui.widgets.long_select import LONG, LongSelect

RowT = TypeVar("RowT", bound=Widget)

Registry = dict[str, "FieldEditor | ItemBox"]
"""Editors (and items) by the dotted path of the field they edit, e.g. ``steps.2.contacts``."""


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


def move_among(container: Widget, siblings: Sequence[Widget], child: Widget, delta: int) -> bool:
    """Move ``child`` ``delta`` places among ``siblings`` in ``container``; False at an end."""
    target = list(siblings).index(child) + delta
    if not 0 <= target < len(siblings):
        return False
    if delta < 0:
        container.move_child(child, before=siblings[target])
    else:
        container.move_child(child, after=siblings[target])
    return True


class CheckList(SelectionList[str]):
    """A SelectionList whose boxes read without colour: X when chosen, empty when not."""

    def render_line(self, y: int) -> Strip:
        """Blank the box of an option that is not chosen (Textual draws X in both states)."""
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return strip
        segments = list(strip)
        if len(segments) < 2 or self.get_option_at_index(index).value in self.selected:
            return strip
        box = segments[1]
        segments[1] = Segment(" " * len(box.text), box.style, box.control)
        return Strip(segments, strip.cell_length)


class FieldEditor(Vertical):
    """A labelled editor of one field, with room for its problems underneath."""

    DEFAULT_CSS = """
    FieldEditor {
        layout: grid;
        grid-size: 2;
        grid-columns: 24 1fr;
        grid-rows: auto;
        height: auto;
        margin-bottom: 1;
    }
    FieldEditor > .field-label {
        padding-right: 1;
        color: $text-muted;
    }
    FieldEditor.-wide > .field-label {
        column-span: 2;
        text-style: bold;
    }
    FieldEditor.-wide > .field-wide {
        column-span: 2;
    }
    FieldEditor.-required > .field-label {
        color: $text;
    }
    FieldEditor > .field-problems {
        column-span: 2;
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
    FieldEditor Input.-textual-compact, FieldEditor TextArea.-textual-compact {
        background: $boost;
    }
    FieldEditor Input.-textual-compact:focus, FieldEditor TextArea.-textual-compact:focus {
        background: $primary 25%;
    }
    FieldEditor TextArea {
        height: auto;
        min-height: 2;
        max-height: 8;
    }
    FieldEditor SelectionList {
        height: auto;
        max-height: 8;
        background: $boost;
    }
    FieldEditor Switch, FieldEditor Switch:focus {
        border: none;
        padding: 0 1;
        height: 1;
    }
    FieldEditor Switch:focus {
        background: $primary 25%;
    }
    """

    def __init__(self, spec: FieldSpec, value: Any, data: WorkspaceData) -> None:
        wide = spec.widget in ("items", "table")
        classes = ("-required" if spec.required else "") + (" -wide" if wide else "")
        super().__init__(classes=classes.strip())
        self.spec = spec
        self.initial = value
        self.data = data
        self._shown: list[Problem] = []

    def label_text(self) -> Text:
        """The label, with a star when the field is required."""
        return Text(self.spec.label + (" *" if self.spec.required else ""))

    def compose(self) -> ComposeResult:
        """Label and control side by side (stacked for tables and item lists); the problems
        go underneath when there are some (:meth:`show_problems`)."""
        yield Label(self.label_text(), classes="field-label")
        yield from self.compose_control()

    def compose_control(self) -> ComposeResult:
        """The widget that edits the value (subclasses)."""
        yield from ()

    def value(self) -> Any:
        """The value to store, as a TOML-ready Python value (None when left empty)."""
        raise NotImplementedError

    def collect(self, prefix: str, registry: Registry) -> Any:
        """Register this editor (and any nested one) under its dotted path; return the value."""
        registry[f"{prefix}{self.spec.name}"] = self
        try:
            return self.value()
        except NoMatches:  # mounted a moment ago (a step just added): not composed yet
            return self.initial

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Recompute options that depend on the form's current ``values`` (selects only)."""

    def show_problems(self, problems: list[Problem]) -> None:
        """Show ``problems`` under the field (or hide the area when there are none)."""
        if problems == self._shown:
            return  # restyling hundreds of fields on every keystroke would make typing lag
        self._shown = list(problems)
        area = next((child for child in self.children if child.has_class("field-problems")), None)
        if not isinstance(area, Static):
            # Mounted the first time there is something to say: most fields never need one,
            # and a form opens faster with fewer widgets.
            area = Static("", classes="field-problems", markup=False)
            self.mount(area)
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


class FormInput(Input):
    """A form's one-line field: it reads from its first word while it does not have the focus
    (a long key message shows its start, not its tail), and takes the focus with the cursor at
    the end and nothing selected, so typing adds to the value instead of replacing it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        """Show the start of the text."""
        self.cursor_position = 0

    def on_focus(self, event: events.Focus) -> None:
        """The cursor at the end, ready to add to the value."""
        self.cursor_position = len(self.value)

    def on_blur(self, event: events.Blur) -> None:
        """Back to the start of the text, for reading."""
        self.cursor_position = 0


class TextEditor(FieldEditor):
    """One line of text."""

    def compose_control(self) -> ComposeResult:
        """An Input."""
        yield FormInput(_text_of(self.initial), placeholder=self._placeholder(), compact=True)

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
        yield FormInput(
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
        yield FormInput(
            _text_of(self.initial), placeholder=self._placeholder(), type="integer", compact=True
        )

    def value(self) -> Any:
        """The number, or the text as typed when it is not one (validation names it)."""
        return parse_int(self.query_one(Input).value)


class DateEditor(TextEditor):
    """A date, YYYY-MM-DD; empty is allowed when the field is optional."""

    def compose_control(self) -> ComposeResult:
        """An Input with a date validator."""
        yield FormInput(
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
        pairs = [(Text(label), v) for label, v in self._options]
        kind = LongSelect if len(pairs) >= LONG else Select
        yield kind(
            pairs,
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
        pairs = [(Text(label), v) for label, v in options]
        if isinstance(select, LongSelect):
            select.replace_all(pairs, current or Select.NULL)
            return
        with select.prevent(Select.Changed):
            select.set_options(pairs)
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
        yield CheckList(
            *[Selection(Text(label), v, v in current) for label, v in self._options],
            compact=True,
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


def _sequence_bindings(prefix: str) -> list[BindingType]:
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
            yield Button(
                _("+ Add {item}").format(item=self.spec.item_label or _("item")),
                classes=self.ADD_CLASS,
                compact=True,
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

    BINDINGS: ClassVar[list[BindingType]] = _sequence_bindings("list")
    BOX_CLASSES = "list-box"
    ROWS_CLASS = "list-rows"
    ADD_CLASS = "list-add"
    row_type = Input

    class Changed(SequenceEditor.Changed):
        """Items were added, removed or moved."""

    def row_for(self, item: Any) -> Input:
        """An Input holding ``item``."""
        return FormInput(
            _text_of(item), placeholder=_("new item"), compact=True, classes="list-item"
        )

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
                return _text_of(editor.value())
        return _text_of(self.raw.get(self.spec.title_field, ""))

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

    BINDINGS: ClassVar[list[BindingType]] = _sequence_bindings("items")
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
    "SequenceEditor",
    "TableEditor",
    "TextEditor",
    "build_editor",
]
