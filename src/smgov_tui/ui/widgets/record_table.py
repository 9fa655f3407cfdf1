"""A list of records: filter-as-you-type, sortable columns and a count, over a fast DataTable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual._two_way_dict import TwoWayDict
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.widgets._data_table import ColumnKey, Row, RowKey

from smgov_tui.i18n import _
from smgov_tui.ui.listing import TableModel, TableRow, fit_widths
from smgov_tui.ui.state import Snapshot


class FastTable(DataTable[Text]):
    """A DataTable that replaces all its rows at once, without measuring each cell.

    ``DataTable.add_rows`` measures every cell of every new row, which takes most of a second
    for 5,000 rows; a list rebuilt on each filter keystroke cannot afford it. The columns here
    have fixed widths (computed once from the data), so nothing needs measuring and the rows
    can be stored directly.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Open"), id="open"),
    ]

    def replace_rows(self, rows: list[TableRow], keep_key: str | None = None) -> None:
        """Show ``rows`` (in this order) instead of the current ones; keep the cursor on
        ``keep_key`` when it is among them."""
        self._clear_caches()
        column_keys = [column.key for column in self.ordered_columns]
        self._data = {
            RowKey(row.key): dict(zip(column_keys, row.cells, strict=False)) for row in rows
        }
        self.rows = {RowKey(row.key): Row(RowKey(row.key), 1) for row in rows}
        self._row_locations = TwoWayDict({RowKey(row.key): index for index, row in enumerate(rows)})
        self._new_rows.clear()
        self._update_count += 1
        self._require_update_dimensions = True
        target = 0
        if keep_key is not None:
            target = self._row_locations.get(RowKey(keep_key)) or 0
        previous = self.cursor_coordinate
        self.cursor_coordinate = Coordinate(target, 0)
        if previous == self.cursor_coordinate and rows:
            self._highlight_cursor()
        self.check_idle()
        self.refresh(layout=True)

    def set_widths(self, widths: list[int]) -> None:
        """Give the columns these widths (in column order)."""
        changed = False
        for column, width in zip(self.ordered_columns, widths, strict=False):
            if column.width != width:
                column.width = width
                changed = True
        if changed:
            self._clear_caches()
            self._require_update_dimensions = True
            self.check_idle()
            self.refresh(layout=True)

    def set_columns(self, model: TableModel) -> None:
        """(Re)create the columns of ``model`` with its fixed widths."""
        self.clear(columns=True)
        for column, width in zip(model.columns, model.widths, strict=False):
            self.add_column(Text(column.label), width=width, key=column.key)

    @property
    def current_key(self) -> str | None:
        """Key of the row under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key
        except Exception:
            return None
        return key.value


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

    def compose(self) -> ComposeResult:
        """Filter and count on one line, the table below."""
        with Horizontal(classes="filter-bar"):
            yield Input(placeholder=_("Filter: type to search every field (/)"), classes="filter")
            yield Static("", classes="count", markup=False)
        table = FastTable(cursor_type="row", zebra_stripes=True, classes="records")
        table.loading = True
        yield table

    @property
    def table(self) -> FastTable:
        """The table of rows."""
        return self.query_one(FastTable)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show this section's list from a freshly loaded workspace."""
        model = snapshot.models.get(self.section_id)
        if model is not None:
            self.set_model(model)

    def set_model(self, model: TableModel) -> None:
        """Show a freshly built list, keeping the filter, sort and cursor."""
        table = self.table
        keep = table.current_key
        first = self.model is None or self.model.columns != model.columns
        self.model = model
        if first:
            table.set_columns(model)
            self._label_sorted_column()
        self._fit()
        table.loading = False
        self._apply(keep)

    def on_resize(self) -> None:
        """Fit the columns to the new width."""
        self._fit()

    def _fit(self) -> None:
        model = self.model
        table = self.table
        if model is None or not table.size.width:
            return
        padding = 2 * table.cell_padding * len(model.columns)
        available = table.size.width - padding - table.styles.scrollbar_size_vertical
        table.set_widths(fit_widths(model.widths, [c.min_width for c in model.columns], available))

    def _apply(self, keep: str | None = None) -> None:
        model = self.model
        if model is None:
            return
        rows = model.filtered(self.query_text)
        if self.sort_column is not None:
            index = [c.key for c in model.columns].index(self.sort_column)
            rows.sort(key=lambda row: row.sort[index], reverse=self.sort_reverse)
        self.shown = rows
        self.table.replace_rows(rows, keep)
        self.query_one(".count", Static).update(
            _("{shown} of {total} {noun}").format(
                shown=len(rows), total=len(model.rows), noun=model.noun
            )
        )

    @on(Input.Changed, ".filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self._apply()

    @on(Input.Submitted, ".filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(self, event.row_key.value))

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))

    def sort_by(self, column: str) -> None:
        """Sort by ``column``; choosing the same column again reverses the order."""
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._label_sorted_column()
        self._apply(self.table.current_key)

    def _label_sorted_column(self) -> None:
        model = self.model
        if model is None:
            return
        for column in model.columns:
            label = Text(column.label)
            if column.key == self.sort_column:
                label.append(" ▼" if self.sort_reverse else " ▲")
            table_column = self.table.columns.get(ColumnKey(column.key))
            if table_column is not None:
                table_column.label = label
        self.table.refresh()

    def action_cycle_sort(self) -> None:
        """Sort by the next column (press again to move on; twice on one column reverses)."""
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
        column = next(c for c in model.columns if c.key == self.sort_column)
        order = _("descending") if self.sort_reverse else _("ascending")
        self.app.notify(
            _("Sorted by {column}, {order}").format(column=column.label, order=order),
            timeout=2,
            markup=False,
        )

    def action_focus_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.query_one(".filter", Input).focus()

    def focus_table(self) -> None:
        """Give the keyboard to the table."""
        self.table.focus()
