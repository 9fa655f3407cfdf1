"""Every incident, open and closed; Enter resumes an open one or shows a closed one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from smgov_tui.core import clock
from smgov_tui.core.crisis import Crisis, format_duration
from smgov_tui.i18n import _
from smgov_tui.store.incidents import workspace_tz
from smgov_tui.store.store import Store
from smgov_tui.store.team import Shared
from smgov_tui.ui.screens.crisis.team import TEAM_SECONDS, incidents_arrived, share_in_background
from smgov_tui.ui.widgets.footer import SmgovFooter


class CrisisIncidentsScreen(Screen[None]):
    """A table of incidents, newest first: status, title, where it stands, when it opened."""

    CSS_PATH = "crisis.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", _("Back"), id="crisis.incidents.back")
    ]

    def __init__(self, store: Store, open_incident: Callable[[str, bool], Screen[Any]]) -> None:
        """``open_incident(id, resume)`` makes the screen that shows one incident (crisis mode
        passes its step screen: this module does not import the one that imports it)."""
        super().__init__()
        self.store = store
        self.open_screen = open_incident

    def compose(self) -> ComposeResult:
        """Heading, the table, the keys."""
        yield Static(
            Text(_("INCIDENTS: Enter resumes an open one or shows a closed one")),
            id="crisis-banner",
        )
        yield DataTable(id="incidents-table", cursor_type="row", zebra_stripes=True)
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Fill the table; keep it current with the team's incidents (a sync every minute)."""
        self.fill()
        self.call_after_refresh(self.share_team)
        self.set_interval(TEAM_SECONDS, self.share_team)

    def share_team(self) -> None:
        """Sync with the team in the background while this list is the screen shown."""
        if self.is_current:
            share_in_background(self, self.store, self.team_shared)

    def team_shared(self, shared: Shared) -> None:
        """Show what arrived (a teammate's incident is listed, open, at the top), keeping the
        cursor on the row it was on."""
        if incidents_arrived(shared) and self.is_current:
            table = self.query_one(DataTable)
            row = table.cursor_row
            self.fill()
            table.move_cursor(row=row)

    def on_screen_resume(self) -> None:
        """Back from an incident: its state may have changed."""
        self.fill()

    def fill(self) -> None:
        """One row per incident (invalid files are listed by ``smgov check``, not here)."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(_("Status"), width=8)
        table.add_column(_("Opened"), width=21)
        table.add_column(_("Incident"), width=26)
        table.add_column(_("Progress"), width=35)
        tz = workspace_tz(self.store)
        now = clock.now()
        data = self.store.data
        rows = sorted(data.incidents.items(), key=lambda pair: pair[1].opened_at, reverse=True)
        for incident_id, incident in rows:
            playbook = data.playbooks.get(incident.playbook)
            if incident.status == "open":
                status = Text(_("● OPEN"), style="bold")
            else:
                status = Text(_("closed"))
            if playbook is None:
                where = _("playbook {id} missing").format(id=incident.playbook)
            else:
                crisis = Crisis(playbook, incident)
                step = crisis.current_step
                _done, _skipped, total = crisis.counts()
                if crisis.is_closed:
                    where = _("took {time}").format(time=format_duration(crisis.elapsed(now)))
                elif step is None:
                    where = _("ready to close")
                else:
                    where = _("step {n}/{total}: {title}").format(
                        n=crisis.position + 1, total=total, title=step.title
                    )
            table.add_row(
                status,
                Text(incident.opened_at.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z").strip()),
                Text(incident.title or incident_id),
                Text(where),
                key=incident_id,
            )
        table.focus()

    @on(DataTable.RowSelected)
    def open_incident(self, event: DataTable.RowSelected) -> None:
        """Resume (open) or show (closed) the chosen incident."""
        incident_id = event.row_key.value
        if incident_id is None:
            return
        incident = self.store.data.incidents.get(incident_id)
        resume = incident is not None and incident.status == "open"
        self.app.push_screen(self.open_screen(incident_id, resume))
