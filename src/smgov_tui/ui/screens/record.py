"""The detail of one record, with links: Enter follows a link, escape goes back."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from smgov_tui.core import kinds as k
from smgov_tui.core.checks import summary_counts
from smgov_tui.core.problems import Problem, count_problems
from smgov_tui.i18n import _
from smgov_tui.ui.contracts import RecordHost, record_host
from smgov_tui.ui.present.detail import Block, Detail, Link, build_detail
from smgov_tui.ui.present.nobreak import longest_kept, wrap_keeping
from smgov_tui.ui.present.state import Snapshot
from smgov_tui.ui.screens.styled_once import StyledOnceScreen
from smgov_tui.ui.widgets.findings import findings_text
from smgov_tui.ui.widgets.footer import SmgovFooter
from smgov_tui.ui.widgets.status_bar import StatusBar


class LinkTable(DataTable[Text]):
    """A block of a detail; rows that name another record open it on Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Open link"), id="open-link"),
        # The detail scrolls, not the table (its height fits its rows): these keys move in the
        # detail, so the record's first lines are always one key away.
        Binding("home", "detail_edge(0)", _("Top of the record"), show=False),
        Binding("end", "detail_edge(1)", _("End of the record"), show=False),
        Binding("pageup", "detail_page(-1)", _("Page up"), show=False),
        Binding("pagedown", "detail_page(1)", _("Page down"), show=False),
    ]

    def __init__(self, block: Block) -> None:
        super().__init__(cursor_type="row", classes="links", show_cursor=True)
        self.block = block
        self.links: dict[str, Link] = {}

    def on_mount(self) -> None:
        """Fill the table from the block."""
        self.fitted: tuple[int | None, ...] = ()
        self.fill(self.fit_widths())

    def on_resize(self) -> None:
        """Wrapped columns narrow to the visible width (nothing is clipped at the right edge)."""
        widths = self.fit_widths()
        if widths != self.fitted:
            self.fill(widths)

    def _detail(self) -> VerticalScroll | None:
        parent = self.parent
        return parent if isinstance(parent, VerticalScroll) else None

    def action_detail_edge(self, end: int) -> None:
        """Home: the top of the record, cursor on the first row; end: its bottom, last row."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1 if end else 0, scroll=False)
        detail = self._detail()
        if detail is not None:
            if end:
                detail.scroll_end(animate=False)
            else:
                detail.scroll_home(animate=False)

    def action_detail_page(self, direction: int) -> None:
        """Page up or down in the record."""
        detail = self._detail()
        if detail is None:
            return
        if direction < 0:
            detail.scroll_page_up(animate=False)
        else:
            detail.scroll_page_down(animate=False)

    def action_cursor_up(self) -> None:
        """The row above, scrolled into view in the record."""
        super().action_cursor_up()
        self.call_after_refresh(self.reveal_cursor)

    def action_cursor_down(self) -> None:
        """The row below, scrolled into view in the record."""
        super().action_cursor_down()
        self.call_after_refresh(self.reveal_cursor)

    def reveal_cursor(self) -> None:
        """Scroll the record (not only this table) so that the cursor row is on show."""
        detail = self._detail()
        if detail is None or not self.row_count:
            return
        row = self._get_row_region(self.cursor_row)
        top = self.virtual_region.y + row.y - int(self.scroll_y)
        bottom = top + row.height
        if self.cursor_row == 0:
            top = self.virtual_region.y  # the column headings too
        detail.scroll_to_region(Region(0, top, self.size.width, bottom - top), animate=False)

    def cells(self) -> list[tuple[list[Text], Link | None]]:
        """The rows' cells as shown (a link row starts with an arrow)."""
        rows = []
        for cells, link in self.block.rows:
            shown = [cell.copy() for cell in cells]
            if link is not None and shown:
                shown[0] = Text("→ ", style="bold") + shown[0]
            rows.append((shown, link))
        return rows

    def fit_widths(self) -> tuple[int | None, ...]:
        """Each column's width: None (fit the content) or, for a wrapped column, the block's
        width, reduced (last wrapped column first) so the table fits the visible width.

        A wrapped column keeps room for its longest word that must not break (a phone number)
        and gets no narrower than its ``min_width``."""
        widths: list[int | None] = [column.width for column in self.block.columns]
        parent = self.parent
        if parent is None or not isinstance(parent, Widget) or not parent.size.width:
            return tuple(widths)
        available = parent.scrollable_content_region.width - 2  # the table's own scrollbar
        used = 0
        for index, column in enumerate(self.block.columns):
            used += 2 * self.cell_padding
            if column.width is None:
                content = [cell_len(column.label)]
                for cells, _link in self.cells():
                    if index < len(cells):
                        content += [cell_len(line) for line in cells[index].plain.splitlines()]
                used += max(content)
            else:
                used += column.width
        excess = used - available
        for index in reversed(range(len(widths))):
            width = widths[index]
            if excess <= 0 or width is None:
                continue
            kept = max((longest_kept(cells[index]) for cells, _link in self.block.rows), default=0)
            floor = min(width, max(self.block.columns[index].min_width, kept))
            narrower = max(floor, width - excess)
            excess -= width - narrower
            widths[index] = narrower
        return tuple(widths)

    def fill(self, widths: tuple[int | None, ...]) -> None:
        """(Re)build the columns at ``widths`` and the rows, keeping the cursor row."""
        self.fitted = widths
        row = self.cursor_row
        self.clear(columns=True)
        self.links.clear()
        for index, (column, width) in enumerate(zip(self.block.columns, widths, strict=True)):
            self.add_column(Text(column.label), width=width, key=str(index))
        for index, (cells, link) in enumerate(self.cells()):
            key = str(index)
            if link is not None:
                self.links[key] = link
            shown = []
            for width, cell in zip(widths, cells, strict=False):
                fitted = cell if width is None else wrap_keeping(cell, width)
                fitted.no_wrap = width is None
                shown.append(fitted)
            self.add_row(*shown, key=key, height=one_line_height(shown, widths))
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1))


def one_line_height(cells: list[Text], widths: tuple[int | None, ...]) -> int | None:
    """1 for a row that is one line high as it is drawn, else None (the table measures it).

    Told the height, the table does not draw the row's cells once more to measure it (it
    draws them when it paints, focused, the cursor on a row): a tenth of what opening an
    account cost, whose People are two such rows. A cell is one line when its text has no
    line break (nor a tab, which the table widens) and is no wider than its column (a column
    without a width is as wide as its widest cell). Taller rows are left to the table, which
    pads their shorter cells.
    """
    for cell, width in zip(cells, widths, strict=False):
        plain = cell.plain
        if "\n" in plain or "\t" in plain or (width is not None and cell_len(plain) > width):
            return None
    return 1


def findings_block(problems: list[Problem]) -> list[Static]:
    """This record's findings of the last check: a title with the counts, then each one
    (errors first, then in the order of the file)."""
    title = Static(Text(""), classes="block-title record-problems-title")
    body = Static(Text(""), classes="record-problems")
    show_findings([title, body], problems)
    return [title, body]


def show_findings(widgets: list[Static], problems: list[Problem]) -> None:
    """Put ``problems`` in the title and body made by :func:`findings_block`."""
    problems = sorted(problems, key=lambda problem: problem.severity != "error")
    errors, warnings = summary_counts(problems)
    title, body = widgets
    title.update(
        Text(
            _("Findings of the last check: {problems}").format(
                problems=count_problems(errors, warnings)
            )
        )
    )
    body.update(findings_text(problems))
    for widget in widgets:
        widget.set_class(errors > 0, "-errors")


def _empty_text(block: Block) -> Text:
    """What a block without rows says instead of a table."""
    return Text(block.empty or _("Nothing."), style="italic")


def fields_grid(detail: Detail) -> FieldsGrid:
    """The record's fields: labels in bold, values wrapped beside them."""
    return FieldsGrid(detail.fields)


class FieldsGrid:
    """The record's fields as a rich ``Table.grid`` draws them (labels in bold, values
    wrapped beside them), drawn at a fraction of the cost, and once per width.

    Drawing the grid was most of what drawing a record's detail cost (1.5 ms an account at
    120 columns): rich measures every cell two or three times and renders each through
    layers of padding, cropping and restyling. Here the columns' widths come from one pass
    over the text, and each value is rendered by rich itself at its column's width (so it
    wraps exactly as the table wraps it); what is yielded is the table's own segments, one
    for one (tests/ui/test_fields_grid.py compares them). What this does not handle (a
    screen too narrow for the labels, a label over two lines or with a tab, no field with
    text) is drawn by the table itself.

    Textual draws a widget's renderable twice when it is shown, at the same width: once to
    count its lines, once to paint them; the segments of the last width are kept.
    """

    GAP = 2
    """Blank cells between the labels and the values (``Table.grid(padding=(0, 2))``
    collapses the two columns' padding into one)."""

    def __init__(self, fields: list[tuple[str, Text]]) -> None:
        self.fields = fields
        self._drawn: tuple[int, list[Segment]] | None = None

    def table(self) -> Table:
        """The grid as a rich table (what :meth:`segments` draws)."""
        grid = Table.grid(padding=(0, self.GAP))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        for label, value in self.fields:
            grid.add_row(Text(label), value)
        return grid

    def segments(self, console: Console, options: ConsoleOptions) -> list[Segment]:
        """What :meth:`table` yields at ``options``'s width."""
        width = options.max_width
        gap = self.GAP
        labels = [Text(label).plain for label, _value in self.fields]
        label_width = max((cell_len(label) for label in labels), default=0)
        # the widest line of any value, as rich measures a Text
        value_width = max(
            (cell_len(line) for _label, value in self.fields for line in value.plain.splitlines()),
            default=0,
        )
        simple = all(
            label and "\t" not in label and label.splitlines() == [label] for label in labels
        )
        if not simple or label_width + gap + 1 > width or value_width < 1:
            return list(console.render(self.table(), options))
        label_column = label_width + gap
        value_options = options.update(
            width=min(value_width, width - label_column),
            justify="left",
            overflow="ellipsis",
            no_wrap=False,
            height=None,
            highlight=False,
        )
        bold = console.get_style("bold")
        after_label = Segment(" " * gap, bold)
        under_label = Segment(" " * label_column, bold)
        new_line = Segment.line()
        out: list[Segment] = []
        for label, (_label, value) in zip(labels, self.fields, strict=True):
            lines = console.render_lines(value, value_options, pad=True)
            for number, line in enumerate(lines):
                if number:
                    out.append(under_label)
                else:
                    out.append(Segment(label + " " * (label_width - cell_len(label)), bold))
                    out.append(after_label)
                out.extend(line)
                out.append(new_line)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        drawn = self._drawn
        if drawn is None or drawn[0] != options.max_width:
            drawn = self._drawn = (options.max_width, self.segments(console, options))
        yield from drawn[1]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())


def same_layout(shown: Detail, new: Detail) -> bool:
    """True when ``new`` is shown by the widgets that show ``shown``: findings or none, the
    fields above or below the blocks, as many blocks, each a table or a "nothing" line.

    What those widgets say may differ (a block's title, its "nothing" sentence, its columns
    and their widths, its rows): :meth:`RecordScreen._update_in_place` puts the new words in
    them. The Email column of an account's People is as wide as its longest address, so
    asking for the same columns sent nearly every account the bench opened to the slow path
    (new widgets mounted, styled and laid out)."""
    return (
        shown.valid == new.valid
        and shown.blocks_first == new.blocks_first
        and bool(shown.problems) == bool(new.problems)
        and [bool(block.rows) for block in shown.blocks]
        == [bool(block.rows) for block in new.blocks]
    )


class RecordScreen(StyledOnceScreen, Screen[None]):
    """Fields of a record, then tables of what it links to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="back"),
        Binding("backspace", "back", _("Back"), show=False, id="back-alt"),
        Binding("e", "edit", _("Edit"), id="edit"),
        Binding("c", "copy", _("Duplicate"), id="duplicate", show=False),
        Binding("r", "rename", _("Rename"), id="rename", show=False),
        Binding("d", "delete", _("Delete"), id="delete"),
        Binding("h", "history", _("History"), id="history", show=False),
        Binding("w", "draft", _("Check a draft"), id="draft", show=False),
    ]

    def __init__(self, kind: k.Kind, record_id: str) -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id
        self.detail: Detail | None = None
        self._shown_entry: object = None
        """The store's entry the detail was built from (a save replaces it)."""
        self._fields_widget: Static | None = None
        self._findings: list[Static] = []
        """The findings' title and body, when the record has findings."""
        self._block_tables: list[LinkTable | None] = []
        """The table of each block, in order (None for a block shown as "nothing")."""
        self._block_words: list[tuple[Static, Static | None]] = []
        """The title of each block, in order, and its "nothing" line (None for a table)."""

    @property
    def smgov(self) -> RecordHost:
        """The app, as the record actions and snapshot this screen asks of it."""
        host = record_host(self)
        assert host is not None, "shown by the full app only"
        return host

    def compose(self) -> ComposeResult:
        """Header lines, the scrolling body, status bar and footer."""
        yield Static(Text(""), id="record-title")
        yield VerticalScroll(id="record-body")
        yield StatusBar(id="status")
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Render the record."""
        self.render_detail()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Back from a form, a dialog or the history: when the record changed meanwhile (a
        save, a revert), show it now. The store already holds it; the lists and the checks
        follow from a worker, a second or more later on a big workspace. (Textual then runs
        StyledOnceScreen's handler too.)"""
        snapshot = self.smgov.snapshot
        if snapshot is None or self.detail is None:
            return
        if snapshot.store.data.entry(self.kind, self.record_id) is not self._shown_entry:
            self.render_detail()

    def show_record(self, record_id: str) -> None:
        """Show another record of this kind, from its top, as a new screen would (the app
        shows every record of a kind in one screen, composed once: composing it again took
        most of the time it took a record to open). Called while the screen is not shown: it
        is brought up to date with the workspace of now, status line included."""
        self.record_id = record_id
        self.render_detail(top=True)
        snapshot = self.smgov.snapshot
        if snapshot is not None:
            self.query_one(StatusBar).show_snapshot(snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """The workspace changed: show the record as it is now."""
        self.render_detail()
        self.query_one(StatusBar).show_snapshot(snapshot)

    def render_detail(self, top: bool = False) -> None:
        """(Re)build the body from the app's latest snapshot; with ``top``, shown from its
        top with the first link focused (another record), else where it was (the same one)."""
        snapshot = self.smgov.snapshot
        if snapshot is None:
            return
        data = snapshot.store.data
        detail = build_detail(data, self.kind, self.record_id, snapshot.problems)
        self._shown_entry = data.entry(self.kind, self.record_id)
        title = self.query_one("#record-title", Static)
        if detail is not None and self.detail is not None and same_layout(self.detail, detail):
            self._update_in_place(title, detail)
            if top:
                self._to_top()
            return
        body = self.query_one("#record-body", VerticalScroll)
        focused_index = None if top else self._focused_table_index()
        scroll_y = body.scroll_y if self.detail is not None and not top else 0.0
        body.remove_children()
        self.detail = detail
        if detail is None:
            title.update(
                Text(
                    _("{kind} {id} no longer exists").format(
                        kind=self.kind.label, id=self.record_id
                    )
                )
            )
            return
        title.update(self._heading(detail))
        widgets: list[Static | LinkTable] = []
        self._findings = findings_block(detail.problems) if detail.problems else []
        widgets.extend(self._findings)
        fields = Static(fields_grid(detail), classes="record-fields")
        self._fields_widget = fields
        self._block_tables = []
        self._block_words = []
        if not detail.blocks_first:
            widgets.append(fields)
        for block in detail.blocks:
            title = Static(Text(block.title), classes="block-title")
            widgets.append(title)
            if block.rows:
                table = LinkTable(block)
                self._block_tables.append(table)
                self._block_words.append((title, None))
                widgets.append(table)
            else:
                empty = Static(_empty_text(block), classes="block-empty")
                self._block_tables.append(None)
                self._block_words.append((title, empty))
                widgets.append(empty)
        if detail.blocks_first:
            widgets.append(fields)
        body.mount_all(widgets)
        # The new tables (the old ones are still in the DOM until their removal completes).
        tables = [table for table in self._block_tables if table is not None]
        if tables:
            # The first link takes the keys (enter follows it) without scrolling to it: the
            # record opens at its top (a table lower down would hide the record's fields).
            index = (
                focused_index if focused_index is not None and focused_index < len(tables) else 0
            )
            self.call_after_refresh(tables[index].focus, scroll_visible=False)
        else:
            self.call_after_refresh(body.focus, scroll_visible=False)
        self.call_after_refresh(body.scroll_to, y=scroll_y, animate=False)

    def _to_top(self) -> None:
        """The record from its top, each table's cursor on its first row, the first table (or
        the body) focused: as a new screen shows it."""
        body = self.query_one("#record-body", VerticalScroll)
        body.scroll_home(animate=False)
        tables = [table for table in self._block_tables if table is not None]
        for table in tables:
            if table.row_count:
                table.move_cursor(row=0, scroll=False)
        if tables:
            tables[0].focus(scroll_visible=False)
        else:
            body.focus(scroll_visible=False)

    def _heading(self, detail: Detail) -> Text:
        heading = Text(detail.title, style="bold")
        heading.append("  ")
        heading.append(detail.subtitle, style="italic")
        heading.append("  ")
        heading.append(self.kind.path_for(self.record_id), style="dim")
        return heading

    def _update_in_place(self, title: Static, detail: Detail) -> None:
        """The widgets shown fit ``detail`` (:func:`same_layout`): update what they say (the
        heading, findings, fields, each block's title, "nothing" line, columns and rows),
        keeping the widgets (and so the scroll position and the focused row). After a save
        this is most of the time: one field changed; and the next record of a kind shown in
        the same screen (:meth:`show_record`) nearly always: every account has one People
        table of two rows."""
        old = self.detail
        self.detail = detail
        title.update(self._heading(detail))
        if self._findings and (old is None or old.problems != detail.problems):
            show_findings(self._findings, detail.problems)
        if self._fields_widget is not None and (old is None or old.fields != detail.fields):
            self._fields_widget.update(fields_grid(detail))
        old_blocks = old.blocks if old is not None else [None] * len(detail.blocks)
        for block, was, table, (title, empty) in zip(
            detail.blocks, old_blocks, self._block_tables, self._block_words, strict=True
        ):
            if was is None or was.title != block.title:
                title.update(Text(block.title))
            if empty is not None and (was is None or was.empty != block.empty):
                empty.update(_empty_text(block))
            if table is not None and (
                table.block.rows != block.rows or table.block.columns != block.columns
            ):
                table.block = block
                table.fill(table.fit_widths())

    def _focused_table_index(self) -> int | None:
        tables = [table for table in self._block_tables if table is not None]
        if self.focused in tables:
            return tables.index(self.focused)
        return None

    @on(DataTable.RowSelected, ".links")
    def _follow(self, event: DataTable.RowSelected) -> None:
        event.stop()
        table = event.data_table
        assert isinstance(table, LinkTable)
        link = table.links.get(event.row_key.value or "")
        if link is None:
            self.notify(_("This row does not lead to another record."), timeout=2)
            return
        self.smgov.open_record(link.kind, link.id)

    def action_back(self) -> None:
        """Back to where you came from."""
        self.dismiss(None)

    def action_edit(self) -> None:
        """Edit this record."""
        self.smgov.edit_record(self.kind, self.record_id)

    def action_copy(self) -> None:
        """Duplicate this record."""
        self.smgov.copy_record(self.kind, self.record_id)

    def action_rename(self) -> None:
        """Rename this record."""
        self.smgov.rename_record(self.kind, self.record_id)

    def action_delete(self) -> None:
        """Delete this record."""
        self.smgov.delete_record(self.kind, self.record_id)

    def action_history(self) -> None:
        """History of this record."""
        self.smgov.show_history(self.kind, self.record_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``w`` (a draft for this account) only on an account; no Delete key on an incident:
        it is closed in crisis mode, never deleted here."""
        if action == "draft":
            return self.kind is k.ACCOUNTS
        return not (action == "delete" and self.kind is k.INCIDENTS)

    def action_draft(self) -> None:
        """Write a post for this account, checked as you type."""
        from smgov_tui.ui.screens.draft import DraftScreen

        self.app.push_screen(DraftScreen(self.record_id))
