"""A ``Static`` whose phone numbers never break across lines.

Rich breaks a line at any whitespace, the no-break space included, so marking the spaces of a
phone number (``present.nobreak.keep_phones_whole``) is not enough on its own: the text must be
broken at the widget's width by :func:`~smgov_tui.ui.present.nobreak.wrap_keeping`, which never
breaks at a no-break space, and again whenever that width changes. A number split as
``+34⏎652 87 03 41`` is easy to misdial in a crisis.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.visual import VisualType
from textual.widgets import Static

from smgov_tui.ui.present.nobreak import keep_phones_whole, wrap_keeping


class PhoneSafeStatic(Static):
    """Shows a :class:`~rich.text.Text`, broken into lines at its width but never inside a
    phone number. Other content is shown as a plain ``Static`` would."""

    def __init__(
        self,
        content: VisualType = "",
        *,
        markup: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(content, markup=markup, id=id, classes=classes)
        self._source: Text | None = None
        self._wrapped_at = 0

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content``; a ``Text`` gets its phone numbers kept whole."""
        if not isinstance(content, Text):
            self._source = None
            super().update(content, layout=layout)
            return
        self._source = keep_phones_whole(content)
        self._wrap(layout)

    def _wrap(self, layout: bool = True) -> None:
        assert self._source is not None
        width = self.size.width
        self._wrapped_at = width
        super().update(wrap_keeping(self._source, width) if width else self._source, layout=layout)

    def on_resize(self, event: events.Resize) -> None:
        """A new width: break the lines again (only then, so a new height does not loop)."""
        if self._source is not None and self.size.width != self._wrapped_at:
            self._wrap()

    def shown_lines(self) -> list[str]:
        """The lines as drawn at the current width (to tell which ones are out of view)."""
        width = self.size.width
        if self._source is None or not width:
            return []
        shown = wrap_keeping(self._source, width)
        return [line.plain for line in shown.wrap(self.app.console, width)]
