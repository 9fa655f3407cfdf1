"""A Select for long option lists (owners, contacts): built in full only when opened.

Textual's Select builds its whole drop-down (an OptionList of every option) when it is mounted.
With a thousand owners, the two owner fields of an account form cost more than the rest of the
form. This Select holds only its chosen option until the person opens it, then loads them all;
the value, the Changed messages and the keys are Textual's own. Its labels may be given as plain
text: each becomes a ``Text`` (shown as written, never read as markup) only when it is shown,
so a form with ten thousand owners does not build twenty thousand of them to show two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select

from smgov_tui.ui.textual_internals import born_compact, born_showing_a_value, has_compact

LONG = 40
"""From this many options on, a field uses LongSelect instead of Select."""

OptionPair = tuple[RenderableType, Any]


def as_data(options: Iterable[OptionPair]) -> list[OptionPair]:
    """The options with each plain-text label made a ``Text``: data, never markup."""
    return [(Text(label) if isinstance(label, str) else label, value) for label, value in options]


class CompactSelect(Select[Any]):
    """A compact Select, it and its drop-down styled once as they mount.

    ``compact=True`` restyles the select as it is made and its drop-down again once mounted,
    when the drop-down takes the select's ``compact`` through a data binding: two restyles
    per select field (:func:`~smgov_tui.ui.textual_internals.born_compact`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        born_compact(self)
        self._will_show_a_value = kwargs.get(
            "value", Select.NULL
        ) is not Select.NULL or not kwargs.get("allow_blank", True)
        """Whether the select takes a value as it mounts (given one, or blank refused)."""

    def compose(self) -> ComposeResult:
        """Textual's own parts, the drop-down already compact (its binding then changes
        nothing), the part showing the choice already told there is one."""
        for child in super().compose():
            if has_compact(child):
                born_compact(child)
            elif self._will_show_a_value:
                born_showing_a_value(child)
            yield child


class LongSelect(CompactSelect):
    """A compact Select that builds its option list on first opening."""

    def __init__(
        self,
        options: Iterable[OptionPair],
        *,
        value: Any = Select.NULL,
        allow_blank: bool = True,
        **kwargs: Any,
    ) -> None:
        self._all: list[OptionPair] = list(options)
        super().__init__(
            as_data(self._initial(value, allow_blank)),
            value=value,
            allow_blank=allow_blank,
            **kwargs,
        )
        self._loaded = False

    def _initial(self, value: Any, allow_blank: bool) -> list[OptionPair]:
        """The options needed to show ``value``: that one, or the first when blank is refused."""
        chosen = next(([option] for option in self._all if option[1] == value), [])
        if not chosen and not allow_blank:
            chosen = self._all[:1]
        return chosen

    @property
    def loaded(self) -> bool:
        """Whether the whole list has been built (the select was opened)."""
        return self._loaded

    def load_all(self) -> None:
        """Build every option, keeping the choice (no Changed message: nothing changed)."""
        if self._loaded:
            return
        self._loaded = True
        current = self.value
        with self.prevent(Select.Changed):
            self.set_options(as_data(self._all))
            if current is not Select.NULL:
                self.value = current

    def replace_all(self, options: Iterable[OptionPair], current: Any) -> None:
        """New options (the ids they come from changed); keep ``current`` chosen."""
        self._all = list(options)
        with self.prevent(Select.Changed):
            if self._loaded:
                self.set_options(as_data(self._all))
            else:
                self.set_options(as_data(self._initial(current, self._allow_blank)))
            if current is not Select.NULL and any(o[1] == current for o in self._all):
                self.value = current

    def validate_expanded(self, expanded: bool) -> bool:
        """Opening builds the list first, so the drop-down shows every option (a validator
        runs before Textual's own watcher shows the drop-down and highlights the choice)."""
        if expanded:
            self.load_all()
        return expanded
