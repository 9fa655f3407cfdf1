"""Textual's Footer, without the work it repeats on every focus change.

The stock Footer recomposes all its keys whenever the screen's bindings are announced as
updated, which Textual does on every focus move, even when the keys on show are the same. Each
new key is then styled three times (created, given the ``-compact`` class by its own reactive's
default, then data-bound back to the footer's value). On a form that is tens of milliseconds per
focus move and per screen opened. This footer recomposes only when the keys on show change, and
creates its keys already in their final state, so each is styled once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from smgov_tui.ui.textual_internals import FooterKey, footer_bindings_ready, pending_children

Signature = tuple[tuple[str, str, str, bool, str], ...]


class SmgovFooter(Footer):
    """A Footer that redraws its keys only when they change."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Signature | None = None

    def _signature(self) -> Signature:
        """What the footer would show now: key, label, action, enabled, tooltip of each."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )

    def compose(self) -> ComposeResult:
        """The stock keys, each created with its final ``compact`` state (styled once).

        The palette key is left as Textual makes it (it is not bound to ``compact``).
        """
        if footer_bindings_ready(self):
            self._shown = self._signature()
        yield from self._settled(super().compose())

    def _settled(self, widgets: Iterable[Widget]) -> Iterator[Widget]:
        for widget in widgets:
            for key in [widget, *pending_children(widget)]:
                if isinstance(key, FooterKey) and not key.has_class("-command-palette"):
                    key.set_reactive(FooterKey.compact, self.compact)
                    key.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Recompose only when the keys on show differ from those shown."""
        same_screen = footer_bindings_ready(self) and self.is_attached and screen is self.screen
        if same_screen and self._signature() == self._shown:
            return
        super().bindings_changed(screen)
