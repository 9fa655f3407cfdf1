"""The main screen: a sidebar of sections, the section's view, the status bar."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, OptionList
from textual.widgets.option_list import Option

from smgov_tui.core import kinds as k
from smgov_tui.core.problems import Problem
from smgov_tui.i18n import _
from smgov_tui.ui.contracts import RecordHost, record_host
from smgov_tui.ui.present.listing import parse_row_key, row_key
from smgov_tui.ui.present.state import Snapshot
from smgov_tui.ui.sections import SECTIONS, Section, SectionView
from smgov_tui.ui.widgets.footer import SmgovFooter
from smgov_tui.ui.widgets.history import HistoryView
from smgov_tui.ui.widgets.record_table import RecordList
from smgov_tui.ui.widgets.status_bar import StatusBar


class MainScreen(Screen[None]):
    """Sections on the left, the chosen one on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", _("Edit"), id="edit"),
        Binding("n", "new", _("New"), id="new"),
        Binding("c", "copy", _("Duplicate"), id="duplicate", show=False),
        Binding("r", "rename", _("Rename"), id="rename", show=False),
        Binding("d", "delete", _("Delete"), id="delete", show=False),
        Binding("h", "history", _("History"), id="history", show=False),
        Binding("slash", "focus_filter", _("Filter"), show=False, id="main-filter"),
        Binding("escape", "leave_filter", _("Back to the list"), show=False, id="leave-filter"),
        *[
            Binding(
                str(n),
                f"section({n - 1})",
                _("Section {n}").format(n=n),
                show=False,
                id=f"section-{n}",
            )
            for n in range(1, 10)
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[Section] = list(SECTIONS)
        self._shown_once = False
        self._views_started = False
        self._views_ready = asyncio.Event()
        """Set once every section's view is mounted (see :meth:`_mount_views`)."""

    @property
    def smgov(self) -> RecordHost:
        """The app, as the record actions and snapshot this screen asks of it."""
        host = record_host(self)
        assert host is not None, "shown by the full app only"
        return host

    def compose(self) -> ComposeResult:
        """Sidebar, views, status bar, footer."""
        with Horizontal(id="body"):
            labels = [f"{n} {section.label()}" for n, section in enumerate(self.sections, 1)]
            sidebar = OptionList(
                *[
                    Option(Text(label), id=section.id)
                    for label, section in zip(labels, self.sections, strict=True)
                ],
                id="sidebar",
            )
            # however narrow the screen, the longest label (Spanish "4 Protocolos") keeps a space
            # before the sidebar's border
            sidebar.styles.min_width = max(cell_len(label) for label in labels) + 2
            yield sidebar
            # Only the first section's view: the others are composed once the workspace is on
            # show (:meth:`_mount_views`). Composing and styling the eight hidden views was
            # most of what the first screen cost beyond a bare list of the same rows.
            first = self.sections[0]
            with ContentSwitcher(id="views", initial=f"section-{first.id}"):
                yield first.make_view(f"section-{first.id}")
        yield StatusBar(id="status")
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Start on the first section, keyboard in its list."""
        self.query_one("#sidebar", OptionList).highlighted = 0
        self._focus_view()
        if self.smgov.snapshot is not None:
            self.show_snapshot(self.smgov.snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Give every view and the status bar the freshly loaded workspace (a view still
        being mounted gets it once mounted)."""
        for section in self.sections:
            view = self._view(section.id)
            if isinstance(view, SectionView) and view.is_mounted:
                view.show_snapshot(snapshot)
        self.query_one(StatusBar).show_snapshot(snapshot)
        if not self._shown_once:
            self._shown_once = True
            self.call_after_refresh(self._focus_view)
            self.call_after_refresh(self._mount_views)

    def _view(self, section_id: str) -> Widget | None:
        """The view of a section, or None while it is not composed yet."""
        try:
            return self.query_one("#views", ContentSwitcher).get_child_by_id(
                f"section-{section_id}"
            )
        except NoMatches:
            return None

    def views_mounting(self) -> Awaitable[object] | None:
        """While the other sections' views are being mounted, their end (see
        :class:`~smgov_tui.ui.contracts.HasViews`: the app waits for it before quitting)."""
        if self._views_started and not self._views_ready.is_set():
            return self._views_ready.wait()
        return None

    async def _mount_views(self) -> None:
        """Compose the views of the other sections, hidden, and give them the workspace of
        now: once the first one shows the workspace, or at once when another section is asked
        for first. Called again while they mount, it waits for them."""
        if self._views_started:
            await self._views_ready.wait()
            return
        self._views_started = True
        views = []
        for section in self.sections:
            if self._view(section.id) is None:
                view = section.make_view(f"section-{section.id}")
                view.display = False
                views.append(view)
        await self.query_one("#views", ContentSwitcher).mount_all(views)
        snapshot = self.smgov.snapshot
        # The person may have quit while the views were mounting (q as soon as the list
        # shows): a view being taken down has lost its children, and has nothing to show.
        if snapshot is not None and self.is_attached:
            for view in views:
                if isinstance(view, SectionView) and view.is_attached:
                    view.show_snapshot(snapshot)
        self._views_ready.set()

    # --- sections ------------------------------------------------------------------------

    @property
    def current_section(self) -> Section:
        """The section on show."""
        current = self.query_one("#views", ContentSwitcher).current or ""
        return next(s for s in self.sections if f"section-{s.id}" == current)

    @property
    def current_view(self) -> Widget:
        """The view of the section on show."""
        return self.query_one(f"#section-{self.current_section.id}")

    def show_section(self, section_id: str, focus: bool = True) -> None:
        """Switch to a section by id."""
        ids = [s.id for s in self.sections]
        if section_id not in ids:
            return
        view = self._view(section_id)
        if view is None or not view.is_mounted:
            self.call_later(self._show_when_mounted, section_id, focus)
            return
        self.query_one("#views", ContentSwitcher).current = f"section-{section_id}"
        sidebar = self.query_one("#sidebar", OptionList)
        if sidebar.highlighted != ids.index(section_id):
            sidebar.highlighted = ids.index(section_id)
        if focus:
            self._focus_view()
        self.refresh_bindings()

    async def _show_when_mounted(self, section_id: str, focus: bool) -> None:
        """Show a section asked for before its view was composed, once it is."""
        await self._mount_views()
        self.show_section(section_id, focus)

    def _focus_view(self) -> None:
        if not self.is_attached:
            return  # quitting already (ctrl+c as it starts): the views are being taken down
        view = self.current_view
        if isinstance(view, (RecordList, HistoryView)):
            view.focus_table()  # not the filter box above it: keys act on the rows
        else:
            # The view itself (the overview scrolls) or its first focusable widget; else the
            # sidebar: the focus must never stay in the section just hidden, whose keys (v in
            # History) would still act, unseen.
            focusable = [widget for widget in (view, *view.query("*")) if widget.focusable]
            if focusable:
                focusable[0].focus()
            else:
                self.query_one("#sidebar", OptionList).focus()

    def action_focus_filter(self) -> None:
        """Type to filter the list on show (from anywhere on this screen)."""
        view = self.current_view
        if isinstance(view, (RecordList, HistoryView)):
            view.action_focus_filter()

    def action_leave_filter(self) -> None:
        """From the filter box back to the list."""
        view = self.current_view
        if isinstance(view, (RecordList, HistoryView)) and isinstance(self.focused, Input):
            view.focus_table()

    def action_section(self, index: int) -> None:
        """Show the section with this number (1 is the first)."""
        if 0 <= index < len(self.sections):
            self.show_section(self.sections[index].id)

    @on(OptionList.OptionHighlighted, "#sidebar")
    def _sidebar_moved(self, event: OptionList.OptionHighlighted) -> None:
        # Only the latest move counts. Arrows held down (or a number key pressed meanwhile)
        # leave older moves queued; shown, each put the highlight back on its section, which
        # queued one more move: the sections took turns on screen for half a minute, and a
        # number key showed whichever came up next.
        if event.option.id and event.option_index == event.option_list.highlighted:
            self.show_section(event.option.id, focus=False)

    @on(OptionList.OptionSelected, "#sidebar")
    def _sidebar_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.show_section(event.option.id, focus=True)

    # --- records -------------------------------------------------------------------------

    def current_record(self) -> tuple[k.Kind, str] | None:
        """The record under the cursor of the list on show, if any."""
        view = self.current_view
        if not isinstance(view, RecordList):
            return None
        key = view.table.current_key
        if key is None:
            return None
        return parse_row_key(key)

    @on(RecordList.Opened)
    def _opened(self, event: RecordList.Opened) -> None:
        target = parse_row_key(event.key)
        if target is not None:
            self.smgov.open_record(*target)
            return
        if event.key.startswith("problem:"):
            path = event.key.split(":", 2)[2]
            found = k.kind_for_path(path)
            folder = next(
                (s for s in self.sections if s.new_kind and s.new_kind.folder == path), None
            )
            if found is None and folder is not None:  # a finding about a whole kind (contacts)
                self.show_section(folder.id)
                return
            if found is None:
                self.notify(
                    _("{path} is not a record file; fix it in an editor.").format(path=path),
                    severity="warning",
                    markup=False,
                )
                return
            view = self.current_view
            model = view.model if isinstance(view, RecordList) else None
            problem = model.items.get(event.key) if model is not None else None
            kind, record_id = found
            field = problem.field if isinstance(problem, Problem) else ""
            snapshot = self.smgov.snapshot
            exists = snapshot is not None and snapshot.store.data.entry(kind, record_id)
            if field and kind is not k.INCIDENTS and exists:
                self.smgov.edit_record(kind, record_id, field)  # the form, at the field to fix
            else:
                self.smgov.open_record(kind, record_id)

    def select_record(self, kind: k.Kind, record_id: str) -> None:
        """Put the cursor of the list that holds ``kind`` on this record (once it is listed)."""
        for section in self.sections:
            if section.new_kind is kind:
                view = self._view(section.id)
                if isinstance(view, RecordList) and view.is_mounted:
                    view.select_key(row_key(kind, record_id))
                return

    def _with_record(self) -> tuple[k.Kind, str] | None:
        record = self.current_record()
        if record is None:
            self.notify(_("Choose a record in a list first."), severity="warning")
        return record

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Record keys only where a list of records is on show: elsewhere (Health, History,
        Overview) they are hidden from the footer and do nothing."""
        if action in ("edit", "copy", "rename", "delete", "history"):
            section = self.current_section
            if section.id in ("health", "history") or not isinstance(self.current_view, RecordList):
                return False
        if action == "new":
            return self.current_section.new_kind is not None
        return True

    def action_edit(self) -> None:
        """Edit the record under the cursor."""
        record = self._with_record()
        if record:
            self.smgov.edit_record(*record)

    def action_new(self) -> None:
        """Create a record of this section's kind."""
        self.smgov.new_record(self.current_section.new_kind)

    def action_copy(self) -> None:
        """Duplicate the record under the cursor."""
        record = self._with_record()
        if record:
            self.smgov.copy_record(*record)

    def action_rename(self) -> None:
        """Give the record under the cursor a new id."""
        record = self._with_record()
        if record:
            self.smgov.rename_record(*record)

    def action_delete(self) -> None:
        """Delete the record under the cursor."""
        record = self._with_record()
        if record:
            self.smgov.delete_record(*record)

    def action_history(self) -> None:
        """History of the record under the cursor."""
        record = self._with_record()
        if record:
            self.smgov.show_history(*record)
