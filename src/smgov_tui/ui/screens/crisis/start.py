"""Crisis mode's first screen: resume an open incident, or pick a playbook and a severity."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from smgov_tui.core import clock, listening
from smgov_tui.core.crisis import (
    Crisis,
    needs_account,
)
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.incidents import IncidentFile, Incidents
from smgov_tui.store.store import Store
from smgov_tui.store.team import Shared
from smgov_tui.ui.contracts import workspace_host
from smgov_tui.ui.modals.pick_account import PickAccountModal
from smgov_tui.ui.screens.crisis.prompts import incident_prompt, playbook_prompt, severity_prompt
from smgov_tui.ui.screens.crisis.step import CrisisStepScreen
from smgov_tui.ui.screens.crisis.team import (
    TEAM_SECONDS,
    announce,
    incidents_arrived,
    share_in_background,
)
from smgov_tui.ui.widgets.footer import SmgovFooter


class CrisisStartScreen(Screen[None]):
    """Resume an open incident, or pick a playbook and then a severity to open one."""

    CSS_PATH = "crisis.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="crisis.start.back"),
        Binding("i", "incidents", _("All incidents"), id="crisis.start.incidents"),
        Binding("C", "join", _("Join"), id="crisis.start.join", show=False),
    ]

    def __init__(self, store: Store, standalone: bool = False) -> None:
        super().__init__()
        self.store = store
        self.standalone = standalone
        """True in ``smgov crisis``: leaving this screen quits the app."""
        self.incidents = Incidents(store)
        self.playbook_id = ""
        self.busy = False
        self.joinable = ""
        """The incident a teammate opened, last announced: C joins it."""

    def compose(self) -> ComposeResult:
        """Title, the list (incidents and playbooks, then severities), a status line."""
        yield Static(Text(_("CRISIS MODE")), id="crisis-banner")
        yield Static(
            Text(_("What is happening? Pick the playbook that matches and press Enter.")),
            id="start-hint",
        )
        yield OptionList(id="start-list")
        yield OptionList(id="severity-list")
        yield Static("", id="start-status", markup=False)
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Fill the list from the loaded workspace and focus it."""
        self.query_one("#severity-list").display = False
        self.fill()
        # The team's incidents and entries come in while this list is shown: a sync after the
        # first paint, then every minute (store.team.share, in a worker).
        self.call_after_refresh(self.share_team)
        self.set_interval(TEAM_SECONDS, self.share_team)

    def share_team(self) -> None:
        """Sync with the team in the background while this screen is the one shown."""
        if self.is_current:
            share_in_background(self, self.store, self.team_shared)

    def team_shared(self, shared: Shared) -> None:
        """A teammate's incident is announced; the list shows what arrived (unless the person
        is picking a severity or an incident is being opened)."""
        if shared.opened:
            self.joinable = shared.opened[-1].incident_id
            announce(self, shared.opened)
        if incidents_arrived(shared) and self.is_current and not self.playbook_id and not self.busy:
            self.fill()

    def action_join(self) -> None:
        """C: resume the incident a teammate opened, last announced."""
        if self.joinable and not self.busy and self.joinable in self.store.data.incidents:
            self.app.push_screen(CrisisStepScreen(self.store, self.joinable, resume=True))

    def on_screen_resume(self) -> None:
        """Coming back (from a step screen): the open incidents may have changed."""
        if self.is_mounted and not self.playbook_id:
            self.fill()

    def fill(self) -> None:
        """List the open incidents (to resume) and the playbooks (to start)."""
        data = self.store.data
        now = clock.now()
        options: list[Option | None] = []
        open_ids = self.incidents.open_ids()
        first = None
        if open_ids:
            options.append(Option(Text(_("OPEN INCIDENTS: Enter resumes one")), disabled=True))
            for incident_id in open_ids:
                incident = data.incidents[incident_id]
                playbook = data.playbooks.get(incident.playbook)
                if playbook is None:
                    continue
                if first is None:
                    first = len(options)
                options.append(
                    Option(
                        incident_prompt(incident_id, Crisis(playbook, incident), now),
                        id=f"resume:{incident_id}",
                    )
                )
            options.append(Option(Text(_("START A NEW INCIDENT")), disabled=True))
        for playbook_id, playbook in sorted(
            data.playbooks.items(), key=lambda pair: pair[1].title.casefold()
        ):
            if first is None:
                first = len(options)
            heard = listening.thresholds_for(data.listening, playbook_id)
            options.append(Option(playbook_prompt(playbook, heard), id=f"new:{playbook_id}"))
        start = self.query_one("#start-list", OptionList)
        start.set_options(options)
        start.display = True
        self.query_one("#severity-list").display = False
        hint = self.query_one("#start-hint", Static)
        if first is None:
            hint.update(
                Text(
                    _(
                        "This workspace has no valid crisis playbook. Add one in "
                        "protocols/crisis/ (run smgov check to see what is wrong)."
                    )
                )
            )
        else:
            hint.update(
                Text(_("What is happening? Pick the playbook that matches and press Enter."))
            )
            start.highlighted = first
        start.focus()

    @on(OptionList.OptionSelected, "#start-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        """Resume an incident, or go on to the severities of a playbook."""
        option_id = event.option.id or ""
        kind, _sep, value = option_id.partition(":")
        if kind == "resume":
            self.app.push_screen(CrisisStepScreen(self.store, value, resume=True))
        elif kind == "new":
            self.show_severities(value)

    def show_severities(self, playbook_id: str) -> None:
        """Replace the list with the playbook's severities, first highlighted."""
        playbook = self.store.data.playbooks[playbook_id]
        self.playbook_id = playbook_id
        severities = self.query_one("#severity-list", OptionList)
        severities.set_options(
            Option(severity_prompt(n, s), id=s.id)
            for n, s in enumerate(playbook.severities, start=1)
        )
        self.query_one("#start-list").display = False
        severities.display = True
        hint = Text()
        hint.append(playbook.title, style="bold")
        hint.append("\n" + _("How serious is it? Enter picks, or press its number. Esc: back."))
        self.query_one("#start-hint", Static).update(hint)
        if playbook.severities:
            severities.highlighted = 0
        else:
            self.set_status(_("This playbook has no severities; add [[severities]] to it."))
        severities.focus()

    @on(OptionList.OptionSelected, "#severity-list")
    def severity_picked(self, event: OptionList.OptionSelected) -> None:
        """Open the incident at the chosen severity."""
        if event.option.id:
            self.open_incident(event.option.id)

    def on_key(self, event: Key) -> None:
        """A digit picks the severity with that number."""
        if not self.playbook_id or not event.character or not event.character.isdigit():
            return
        severities = self.store.data.playbooks[self.playbook_id].severities
        index = int(event.character) - 1
        if 0 <= index < len(severities):
            event.stop()
            self.open_incident(severities[index].id)

    def set_status(self, message: str) -> None:
        """Show ``message`` under the list."""
        self.query_one("#start-status", Static).update(Text(message))

    def open_incident(self, severity: str) -> None:
        """Ask which account is affected when a statement names one, then create and commit
        the incident (in a worker) and show its first step."""
        if self.busy:
            return
        playbook = self.store.data.playbooks[self.playbook_id]
        if needs_account(playbook) and self.store.data.accounts:
            playbook_id = self.playbook_id
            self.busy = True

            def picked(account: str | None) -> None:
                self.busy = False
                if self.playbook_id == playbook_id:
                    self.save_new(severity, account or "")

            self.app.push_screen(PickAccountModal(self.store.data.accounts), picked)
            return
        self.save_new(severity, "")

    def save_new(self, severity: str, account: str) -> None:
        """Create and commit the incident in a worker."""
        if self.busy:
            return
        self.busy = True
        self.set_status(_("Opening the incident and saving it…"))
        self.create(self.playbook_id, severity, account)

    @work(thread=True, exclusive=True, exit_on_error=False, group="crisis-save")
    def create(self, playbook_id: str, severity: str, account: str = "") -> None:
        """Write and commit the incident file (worker thread)."""
        try:
            opened = self.incidents.create(playbook_id, severity, account=account)
        except (StoreError, ValueError) as error:
            self.app.call_from_thread(self.create_failed, str(error))
            return
        self.app.call_from_thread(self.created, opened)

    def created(self, opened: IncidentFile) -> None:
        """The incident is committed: go to its first step."""
        self.busy = False
        self.set_status("")
        self.playbook_id = ""
        self.fill()
        self.app.push_screen(CrisisStepScreen(self.store, opened.id, opened=opened))

    def create_failed(self, message: str) -> None:
        """Say why the incident could not be opened; stay here."""
        self.busy = False
        self.set_status(_("Could not open the incident: {error}").format(error=message))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected crash of the worker is shown, never lost."""
        if event.state == WorkerState.ERROR:
            self.create_failed(str(event.worker.error))

    def action_back(self) -> None:
        """From the severities back to the playbooks; from the playbooks, leave crisis mode."""
        if self.playbook_id:
            self.playbook_id = ""
            self.set_status("")
            self.fill()
        elif self.standalone:
            self.app.exit()
        else:
            self.app.pop_screen()
            host = workspace_host(self)
            if host is not None:  # the main app rebuilds its lists (new incidents)
                host.refresh_data()

    def action_incidents(self) -> None:
        """Every incident, open and closed."""
        from smgov_tui.ui.screens.crisis.incidents import CrisisIncidentsScreen

        store = self.store

        def step_screen(incident_id: str, resume: bool) -> Screen[None]:
            return CrisisStepScreen(store, incident_id, resume=resume)

        self.app.push_screen(CrisisIncidentsScreen(store, step_screen))
