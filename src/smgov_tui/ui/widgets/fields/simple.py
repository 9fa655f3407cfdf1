"""Editors of one value: text, number, date, clock, long text, switch, select, checklist."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.strip import Strip
from textual.validation import Function
from textual.widgets import Input, Select, SelectionList, Switch, TextArea
from textual.widgets.selection_list import Selection

from smgov_tui.core.model import WorkspaceData
from smgov_tui.i18n import _
from smgov_tui.ui.present.formspec import (
    FieldSpec,
    Option,
    is_empty,
    parse_date,
    parse_int,
)
from smgov_tui.ui.textual_internals import born_compact
from smgov_tui.ui.widgets.fields.base import (
    FieldEditor,
    FormInput,
    text_of,
    valid_date,
)
from smgov_tui.ui.widgets.long_select import LONG, CompactSelect, LongSelect, as_data


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


class TextEditor(FieldEditor):
    """One line of text."""

    def compose_control(self) -> ComposeResult:
        """An Input."""
        yield FormInput(text_of(self.initial), placeholder=self._placeholder())

    def _placeholder(self) -> str:
        if self.spec.has_default and not is_empty(self.spec.default):
            return _("default: {value}").format(value=text_of(self.spec.default))
        return ""

    def value(self) -> Any:
        """The text as typed (outer spaces removed); an untouched field keeps its value."""
        text = self.query_one(Input).value
        if text == text_of(self.initial) and self.initial is not None:
            return self.initial
        return text.strip()


class ClockEditor(TextEditor):
    """A time of day, HH:MM."""

    def compose_control(self) -> ComposeResult:
        """An Input restricted to digits and a colon."""
        yield FormInput(
            text_of(self.initial),
            placeholder=self._placeholder() or "HH:MM",
            restrict=r"[0-9:]*",
            max_length=5,
        )


class IntEditor(TextEditor):
    """A whole number."""

    def compose_control(self) -> ComposeResult:
        """An integer Input."""
        yield FormInput(text_of(self.initial), placeholder=self._placeholder(), type="integer")

    def value(self) -> Any:
        """The number, or the text as typed when it is not one (validation names it)."""
        return parse_int(self.query_one(Input).value)


class DateEditor(TextEditor):
    """A date, YYYY-MM-DD; empty is allowed when the field is optional."""

    def compose_control(self) -> ComposeResult:
        """An Input with a date validator."""
        yield FormInput(
            text_of(self.initial),
            placeholder="YYYY-MM-DD",
            restrict=r"[0-9-]*",
            max_length=10,
            validators=[Function(valid_date, _("expected a date like 2026-11-22"))],
        )

    def value(self) -> Any:
        """A date when valid, else the text (validation names it)."""
        return parse_date(self.query_one(Input).value)


class LongTextEditor(FieldEditor):
    """Several lines of text."""

    def compose_control(self) -> ComposeResult:
        """A TextArea (tab moves to the next field)."""
        yield born_compact(TextArea(text_of(self.initial), soft_wrap=True, tab_behavior="focus"))

    def value(self) -> Any:
        """The text (multi-line text ends with one newline); an untouched field keeps its value."""
        text = self.query_one(TextArea).text
        if text == text_of(self.initial) and self.initial is not None:
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


_known: tuple[list[Option], frozenset[str]] | None = None
"""The values of the last long option list seen (the owners: the same list for every owner
field until the owners change), so that each field does not gather ten thousand again."""


def _values_of(options: list[Option]) -> frozenset[str]:
    global _known
    if _known is not None and _known[0] is options:
        return _known[1]
    values = frozenset(value for _label, value in options)
    if len(options) >= LONG:
        _known = (options, values)
    return values


def _with_current(options: list[Option], current: list[str]) -> list[Option]:
    """``options``, plus any current value missing from them (marked), so nothing is lost."""
    wanted = [value for value in current if value]
    if not wanted:
        return options
    known = _values_of(options)
    extra = [(f"{value} ({_('unknown')})", value) for value in wanted if value not in known]
    return options + extra if extra else options


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
        current = text_of(self.initial)
        self._options = self._compute(self._values, current)
        # A field with a default (an account's status) is never "(none)": left out of the
        # file it IS its default, and the list and the detail say so; the form says the same.
        defaulted = self.spec.has_default and self.spec.default not in (None, "")
        allow_blank = not self.spec.required and not defaulted
        value: Any = current if current else Select.NULL
        if value is Select.NULL and not allow_blank:
            value = self.spec.default if self.spec.has_default else Select.NULL
        # a long list makes its labels' Text as it shows them; a short one, all of them now
        long = len(self._options) >= LONG
        yield (LongSelect if long else CompactSelect)(
            self._options if long else as_data(self._options),
            allow_blank=allow_blank or not self._options,
            value=value,
            prompt=_("(none)"),
        )

    def value(self) -> Any:
        """The chosen value, or an empty text (the value read, until the Select is mounted:
        it takes its value only then)."""
        select = self.query_one(Select)
        if not select.is_mounted:
            return text_of(self.initial)
        selected = select.value
        return "" if selected is Select.NULL else selected

    def refresh_options(self, values: dict[str, Any]) -> None:
        """Rebuild the options when the ids they come from changed; keep the choice."""
        if self.spec.options is None or not self.query_one(Select).is_mounted:
            return  # composed with the right options; a Select not yet mounted keeps them
        current = self.value()
        options = self._compute(values, current)
        if options == self._options:
            return
        self._options = options
        select = self.query_one(Select)
        if isinstance(select, LongSelect):
            select.replace_all(options, current or Select.NULL)
            return
        with select.prevent(Select.Changed):
            select.set_options(as_data(options))
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
        yield born_compact(
            CheckList(*[Selection(Text(label), v, v in current) for label, v in self._options])
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
