"""A list of records: filter-as-you-type, sortable columns and a count, over a fast table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from smgov_tui.i18n import _
from smgov_tui.ui.present.listing import Cell, ColumnSpec, TableModel, TableRow, fit_columns
from smgov_tui.ui.present.state import Snapshot

SORT_ARROWS = (" ▲", " ▼")
"""What the header of the sorted column ends with: ascending, descending."""


class RecordTable(ScrollView, can_focus=True):
    """A read-only table of prebuilt rows, drawn line by line.

    ``DataTable`` measures and lays out every cell through Rich: on a slow machine a redraw took
    50-80 ms and replacing 1,000 rows 20 ms, so filter-as-you-type on 5,000 rows could not keep
    up. Here rows are kept as a list, only the visible lines are drawn (one segment per cell,
    cached per row), and replacing the rows is assigning a list. The first line is the header
    (click a column to sort); the cursor is a whole row.
    """

    DEFAULT_CSS = """
    RecordTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .record-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .record-table--even {
            background: $surface-lighten-1 50%;
        }
        & > .record-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .record-table--empty {
            color: $text-muted;
            text-style: italic;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .record-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--even",
        "record-table--cursor",
        "record-table--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", _("Open"), id="open"),
        Binding("up", "cursor(-1)", _("Up"), show=False),
        Binding("down", "cursor(1)", _("Down"), show=False),
        Binding("pageup", "page(-1)", _("Page up"), show=False),
        Binding("pagedown", "page(1)", _("Page down"), show=False),
        Binding("home", "edge(0)", _("First row"), show=False),
        Binding("end", "edge(1)", _("Last row"), show=False),
        # The keys of less, vim, lazygit and k9s, for people whose hands stay on the letters.
        Binding("j", "cursor(1)", _("Down"), show=False),
        Binding("k", "cursor(-1)", _("Up"), show=False),
        Binding("g", "edge(0)", _("First row"), show=False),
        Binding("G", "edge(1)", _("Last row"), show=False),
        Binding("left", "scroll_left", _("Scroll left"), show=False),
        Binding("right", "scroll_right", _("Scroll right"), show=False),
    ]

    @dataclass
    class RowHighlighted(Message):
        """The cursor moved to another row (``key`` None when the table is empty)."""

        table: RecordTable
        key: str | None

    @dataclass
    class RowSelected(Message):
        """A row was chosen: Enter, or a click on the highlighted row."""

        table: RecordTable
        key: str

    @dataclass
    class HeaderClicked(Message):
        """A column header was clicked."""

        table: RecordTable
        column: str

    PADDING = 1
    """Spaces before each cell (columns are one space apart)."""

    def __init__(
        self, *, empty: str = "", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns: tuple[ColumnSpec, ...] = ()
        self.labels: list[Text] = []
        self.widths: list[int] = []
        self.rows: list[TableRow] = []
        self.empty = empty or _("Nothing to show.")
        self._cursor = 0
        self.update_count = 0
        """Incremented each time the rows are replaced (benchmarks wait on it)."""
        self._strips: dict[tuple[str, bool, bool], Strip] = {}
        self._styles: dict[str, Style] | None = None
        self._cell_styles: dict[str, Style] = {}

    # --- data ----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Number of rows shown."""
        return len(self.rows)

    @property
    def cursor_row(self) -> int:
        """Index of the highlighted row."""
        return self._cursor

    @property
    def current_key(self) -> str | None:
        """Key of the highlighted row, or None when the table is empty."""
        if 0 <= self._cursor < len(self.rows):
            return self.rows[self._cursor].key
        return None

    def set_columns(self, columns: tuple[ColumnSpec, ...], widths: list[int]) -> None:
        """Set the columns, their widths and headers."""
        self.columns = columns
        self.labels = [Text(column.label) for column in columns]
        self.set_widths(widths)

    def set_label(self, index: int, label: Text) -> None:
        """Change one column's header (e.g. to show the sort order)."""
        self.labels[index] = label
        self.refresh()

    def set_widths(self, widths: list[int]) -> None:
        """Give the columns these widths (in column order, padding not included; 0 hides)."""
        if widths == self.widths:
            return
        self.widths = list(widths)
        self._strips.clear()
        self._update_virtual_size()
        self.refresh()

    def replace_rows(self, rows: list[TableRow], keep_key: str | None = None) -> None:
        """Show ``rows``, in this order; keep the cursor on ``keep_key`` if it is among them."""
        before = self.current_key
        self.rows = rows
        self.update_count += 1
        self._strips.clear()
        index = 0
        if keep_key is not None:
            index = next((i for i, row in enumerate(rows) if row.key == keep_key), 0)
        self._cursor = index
        self._update_virtual_size()
        self._scroll_to_cursor(center=keep_key is not None)
        self.refresh()
        if self.current_key != before:
            self.post_message(self.RowHighlighted(self, self.current_key))

    def get_row_index(self, key: str) -> int:
        """Index of the row with ``key``; KeyError when it is not shown."""
        for index, row in enumerate(self.rows):
            if row.key == key:
                return index
        raise KeyError(key)

    def get_row_at(self, index: int) -> tuple[Cell, ...]:
        """The cells of the row at ``index``."""
        return self.rows[index].cells

    def move_cursor(self, row: int) -> None:
        """Highlight the row at ``row`` (clamped to the rows) and bring it into view."""
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        if row == self._cursor:
            self._scroll_to_cursor()
            return
        self._cursor = row
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.RowHighlighted(self, self.current_key))

    def _total_width(self) -> int:
        return sum(width + self.PADDING for width in self.widths if width)

    def _update_virtual_size(self) -> None:
        size = Size(self._total_width(), len(self.rows) + 1)
        if size == self.virtual_size:
            return
        if not self.size:
            self.virtual_size = size
            return
        # ``virtual_size`` is a layout reactive: setting it re-lays out the whole screen on each
        # keystroke. Only the scrollbars depend on it, and they request a layout themselves
        # when they appear or disappear.
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        if center and not (top <= self._cursor < top + visible):
            self.scroll_to(y=max(0, self._cursor - visible // 2), animate=False)
        elif self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False)

    # --- keys and mouse ------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        """Move the cursor up or down."""
        self.move_cursor(self._cursor + delta)

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        page = max(1, self.scrollable_content_region.height - 2)
        self.move_cursor(self._cursor + direction * page)

    def action_edge(self, end: int) -> None:
        """First (0) or last (1) row."""
        self.move_cursor(len(self.rows) - 1 if end else 0)

    def action_select(self) -> None:
        """Choose the highlighted row."""
        key = self.current_key
        if key is not None:
            self.post_message(self.RowSelected(self, key))

    def on_click(self, event: events.Click) -> None:
        """A click on a header sorts; on a row highlights it, and a second click opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x = offset.x + int(self.scroll_x)
        if offset.y == 0:
            left = 0
            for column, width in zip(self.columns, self.widths, strict=False):
                if not width:
                    continue  # a column hidden to make room
                left += width + self.PADDING
                if x < left:
                    self.post_message(self.HeaderClicked(self, column.key))
                    return
            return
        index = int(self.scroll_y) + offset.y - 1
        if not 0 <= index < len(self.rows):
            return
        if index == self._cursor or event.chain > 1:
            self.move_cursor(index)
            self.action_select()
        else:
            self.move_cursor(index)

    # --- drawing -------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """The theme or focus changed: styles and cached lines are stale."""
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self._styles = None
        self._strips.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._styles = None
        self._strips.clear()
        self.refresh()

    def _get_styles(self) -> dict[str, Style]:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                "base": base,
                "header": base + self.get_component_rich_style("record-table--header"),
                "even": base + self.get_component_rich_style("record-table--even"),
                "cursor": base + self.get_component_rich_style("record-table--cursor"),
                "empty": base + self.get_component_rich_style("record-table--empty"),
            }
        return self._styles

    def _cell_style(self, name: str) -> Style:
        style = self._cell_styles.get(name)
        if style is None:
            style = self.app.console.get_style(name) if name else Style()
            self._cell_styles[name] = style
        return style

    def _fit(self, text: str, width: int) -> str:
        pad = " " * self.PADDING
        if cell_len(text) > width:
            text = set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""
        else:
            text = set_cell_size(text, width)
        return pad + text

    def _fit_label(self, label: str, width: int) -> str:
        """A header label in ``width`` cells; the sort arrow survives when the name is cut."""
        for arrow in SORT_ARROWS:
            if label.endswith(arrow) and cell_len(label) > width >= 3:
                return self._fit(label[: -len(arrow)], width - len(arrow)) + arrow
        return self._fit(label, width)

    def _header_strip(self, styles: dict[str, Style]) -> Strip:
        segments = [
            Segment(self._fit_label(label.plain, width), styles["header"])
            for label, width in zip(self.labels, self.widths, strict=False)
            if width
        ]
        return Strip(segments, self._total_width())

    def _row_strip(self, index: int, styles: dict[str, Style]) -> Strip:
        row = self.rows[index]
        cursor = index == self._cursor
        odd = index % 2 == 1
        key = (row.key, cursor, odd)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        base = styles["cursor"] if cursor else styles["even"] if odd else styles["base"]
        segments = []
        for text, style, width in zip(row.texts, row.styles, self.widths, strict=False):
            if not width:
                continue
            cell_style = self._cell_style(style)
            segments.append(
                Segment(
                    self._fit(text, width),
                    base + cell_style if not cursor else cell_style + base,
                )
            )
        strip = Strip(segments, self._total_width())
        if len(self._strips) > 2000:
            self._strips.clear()
        self._strips[key] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the header, a row, or blank."""
        styles = self._get_styles()
        width = self.scrollable_content_region.width
        scroll_x = int(self.scroll_x)
        if y == 0:
            strip = self._header_strip(styles)
        else:
            index = int(self.scroll_y) + y - 1
            if index < len(self.rows):
                strip = self._row_strip(index, styles)
            elif index == 0 and not self.rows:
                strip = Strip([Segment(self._fit(self.empty, max(0, width - 2)), styles["empty"])])
                return strip.crop_extend(0, width, styles["base"])
            else:
                return Strip.blank(width, styles["base"])
        return strip.crop_extend(scroll_x, scroll_x + width, styles["base"])


class RecordList(Vertical):
    """Filter input, count and table of one list section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", _("Filter"), id="filter"),
        Binding("s", "cycle_sort", _("Sort"), id="sort", show=False),
    ]

    @dataclass
    class Opened(Message):
        """A row was chosen (Enter or click) in the list."""

        record_list: RecordList
        key: str

    def __init__(self, section_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="record-list")
        self.section_id = section_id
        self.model: TableModel | None = None
        self.query_text = ""
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.shown: list[TableRow] = []
        self._pending_key: str | None = None

    def compose(self) -> ComposeResult:
        """Filter and count on one line, the table below."""
        with Horizontal(classes="filter-bar"):
            yield Input(placeholder=_("Filter: type to search every field (/)"), classes="filter")
            yield Static("", classes="count", markup=False)
        # Said in words, not with Textual's animated loading indicator: its frames would be
        # drawn on the UI thread while the workspace is read, and slow the reading down.
        yield RecordTable(classes="records", empty=self.loading_text())

    def loading_text(self) -> str:
        """What the table says until its rows arrive."""
        return _("Loading the workspace...")

    @property
    def table(self) -> RecordTable:
        """The table of rows."""
        return self.query_one(RecordTable)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show this section's list from a freshly loaded workspace."""
        model = snapshot.models.get(self.section_id)
        if model is not None and model is not self.model:
            self.set_model(model)

    def set_model(self, model: TableModel) -> None:
        """Show a freshly built list, keeping the filter, sort and cursor."""
        table = self.table
        keep = table.current_key
        first = self.model is None or self.model.columns != model.columns
        self.model = model
        if first:
            table.set_columns(model.columns, list(model.widths))
            self._label_sorted_column()
        self._fit()
        self._apply(keep)
        self._select_pending()

    def select_key(self, key: str) -> None:
        """Put the cursor on the row ``key`` (a record just created) and bring it into view.

        After a save the lists are rebuilt in a worker, so the row usually arrives with a later
        model: the key waits until a model holding it is shown. A filter that would hide the
        row is cleared.
        """
        self._pending_key = key
        self._select_pending()

    def _select_pending(self) -> None:
        key = self._pending_key
        model = self.model
        if key is None or model is None or not any(row.key == key for row in model.rows):
            return
        self._pending_key = None
        if not any(row.key == key for row in self.shown):
            self.query_text = ""
            self.query_one(".filter", Input).value = ""
        self._apply(key)

    def on_resize(self) -> None:
        """Fit the columns to the new width."""
        self._fit()

    def _fit(self) -> None:
        model = self.model
        table = self.table
        if model is None or not self.size.width:
            return
        # From this widget's width, not the table's: the table's shrinks while its scrollbar
        # shows, and the fit would then depend on when it ran.
        # Columns that cannot be shown readably are hidden, least useful first (ColumnSpec.drop).
        available = self.size.width - 1 - table.styles.scrollbar_size_vertical
        table.set_widths(
            fit_columns(model.columns, model.widths, available, table.PADDING, model.natural)
        )

    def _apply(self, keep: str | None = None) -> None:
        model = self.model
        if model is None:
            return
        rows = model.filtered(self.query_text)
        if self.sort_column is not None:
            index = [c.key for c in model.columns].index(self.sort_column)
            rows.sort(key=lambda row: row.sort_key(index), reverse=self.sort_reverse)
        self.shown = rows
        table = self.table
        if model.rows:
            table.empty = _("Nothing matches the filter.")
        else:
            table.empty = model.none or _("No {noun} yet.").format(noun=model.noun)
        table.replace_rows(rows, keep)
        count = _("{shown} of {total} {noun}").format(
            shown=len(rows), total=len(model.rows), noun=model.noun
        )
        # a fixed width (app.tcss), so the new count needs no layout of the whole screen
        self.query_one(".count", Static).update(Text(count, justify="right"), layout=False)

    @on(Input.Changed, ".filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self.query_text:
            return  # set from code (select_key clears it), already applied
        self.query_text = event.value
        self._apply()

    @on(Input.Submitted, ".filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    @on(RecordTable.RowSelected)
    def _row_selected(self, event: RecordTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Opened(self, event.key))

    @on(RecordTable.HeaderClicked)
    def _header_clicked(self, event: RecordTable.HeaderClicked) -> None:
        event.stop()
        self.sort_by(event.column)

    def sort_by(self, column: str) -> None:
        """Sort by ``column``; choosing the same column again reverses the order."""
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._label_sorted_column()
        self._apply(self.table.current_key)

    def sort_on(self, column: str, reverse: bool = False) -> None:
        """Sort by ``column``, ascending or (``reverse``) descending, whatever the order was."""
        self.sort_column, self.sort_reverse = column, reverse
        self._label_sorted_column()
        self._apply(self.table.current_key)

    def _label_sorted_column(self) -> None:
        model = self.model
        if model is None:
            return
        for index, column in enumerate(model.columns):
            label = Text(column.label)
            if column.key == self.sort_column:
                label.append(SORT_ARROWS[1] if self.sort_reverse else SORT_ARROWS[0])
            self.table.set_label(index, label)

    def action_cycle_sort(self) -> None:
        """Sort by the next column (press again to move on; twice on one column reverses).

        The header shows the sorted column with an arrow."""
        model = self.model
        if model is None:
            return
        keys = [c.key for c in model.columns]
        if self.sort_column is None:
            self.sort_by(keys[0])
        elif not self.sort_reverse:
            self.sort_by(self.sort_column)
        else:
            nxt = keys[(keys.index(self.sort_column) + 1) % len(keys)]
            self.sort_by(nxt)

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one(".filter", Input).focus()

    def focus_table(self) -> None:
        """Give the keyboard to the table."""
        self.table.focus()
