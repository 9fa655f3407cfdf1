"""What every field editor shares: the label, the problems under it, the value it collects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from smgov_tui.core.model import WorkspaceData
from smgov_tui.core.problems import Problem
from smgov_tui.ui.present.formspec import (
    FieldSpec,
    parse_date,
)
from smgov_tui.ui.textual_internals import born_compact

if TYPE_CHECKING:
    from smgov_tui.ui.widgets.fields.nested import ItemBox

Registry = dict[str, "FieldEditor | ItemBox"]
"""Editors (and items) by the dotted path of the field they edit, e.g. ``steps.2.contacts``."""


def text_of(value: Any) -> str:
    """A stored value as the text shown in an Input."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def valid_date(text: str) -> bool:
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


class FieldEditor(Vertical):
    """A labelled editor of one field, with room for its problems underneath."""

    DEFAULT_CSS = """
    /* Label and control side by side; a grid only while problems show under them (a
       grid's arrangement cost a tenth of opening an account form, for the same picture).
       A table or a list of items is stacked under its label, its problems under it. */
    FieldEditor {
        layout: horizontal;
        height: auto;
        margin-bottom: 1;
    }
    FieldEditor.-problems {
        layout: grid;
        grid-size: 2;
        grid-columns: 24 1fr;
        grid-rows: auto;
    }
    FieldEditor.-wide {
        layout: vertical;
    }
    FieldEditor > .field-label {
        width: 24;
        padding-right: 1;
        color: $text-muted;
    }
    FieldEditor.-wide > .field-label {
        width: auto;
        text-style: bold;
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
    """A form's one-line field, compact: it reads from its first word while it does not have
    the focus (a long key message shows its start, not its tail), and takes the focus with the
    cursor at the end and nothing selected, so typing adds to the value instead of replacing it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        born_compact(self)

    def on_mount(self) -> None:
        """Show the start of the text."""
        self.cursor_position = 0

    def on_focus(self, event: events.Focus) -> None:
        """The cursor at the end, ready to add to the value."""
        self.cursor_position = len(self.value)

    def on_blur(self, event: events.Blur) -> None:
        """Back to the start of the text, for reading."""
        self.cursor_position = 0
