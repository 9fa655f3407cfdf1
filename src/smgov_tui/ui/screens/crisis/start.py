"""Crisis mode's first screen: resume an open incident, or pick a playbook and a severity."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

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
from smgov_tui.ui.contracts import workspace_host
from smgov_tui.ui.screens.crisis.keys import STEP_KEYS
from smgov_tui.ui.screens.crisis.prompts import incident_prompt, playbook_prompt, severity_prompt
from smgov_tui.ui.screens.crisis.team import (
    TEAM_SECONDS,
    announce,
    incidents_arrived,
    share_in_background,
)
from smgov_tui.ui.widgets.footer import SmgovFooter
from smgov_tui.ui.widgets.phone_safe import PhoneSafeStatic

if TYPE_CHECKING:
    from smgov_tui.store.team import Shared
    from smgov_tui.ui.screens.crisis.step import CrisisStepScreen


def import_deferred() -> None:
    """Import what this screen leaves out of its first drawing: the step screen (with its
    modals and widgets), the pickers it opens and the team's sync. ``smgov crisis`` calls it
    in a worker once the list is shown; until then a step imports them itself."""
    import smgov_tui.store.team
    import smgov_tui.store.tomledit
    import smgov_tui.ui.modals.confirm
    import smgov_tui.ui.modals.pick_account
    import smgov_tui.ui.screens.crisis.step  # noqa: F401


TYPED_AHEAD_SECONDS = 3.0
"""How recent a step key typed here must be to count as typed ahead of the step it opens."""


class CrisisStartScreen(Screen[None]):
    """Resume an open incident, or pick a playbook and then a severity to open one."""

    CSS_PATH = "crisis.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Back"), id="crisis.start.back"),
        Binding("i", "incidents", _("All incidents"), id="crisis.start.incidents"),
        Binding("C", "join", _("Join"), id="crisis.start.join", show=False),
    ]

    def __init__(self, store: Store, standalone: bool = False, reading: bool = False) -> None:
        super().__init__()
        self.store = store
        self.standalone = standalone
        """True in ``smgov crisis``: leaving this screen quits the app."""
        self.reading = reading
        """True while the store holds only the records this list shows (``smgov crisis``
        reads the rest once it is drawn): a choice waits for :meth:`workspace_loaded`."""
        self.waiting: Callable[[], None] | None = None
        """What the person chose while the workspace was being read, done once it is."""
        self.incidents = Incidents(store)
        self.playbook_id = ""
        self.busy = False
        self.creating = False
        """True while the new incident is written and committed."""
        self.typed_ahead: list[str] = []
        """Keys pressed meanwhile, replayed on its first step."""
        self.step_keys: list[tuple[str, float]] = []
        """Keys of the step screen (d, s, n...) pressed here, with when: typed right after the
        Enter that opens a step, they arrive before the step is shown."""
        self.joinable = ""
        """The incident a teammate opened, last announced: C joins it."""
        self.covered = False
        """True while another screen covers this one: the list is filled again on return."""

    def compose(self) -> ComposeResult:
        """Title, the list (incidents and playbooks, then severities), a status line."""
        yield Static(Text(_("CRISIS MODE")), id="crisis-banner")
        yield Static(
            Text(_("What is happening? Pick the playbook that matches and press Enter.")),
            id="start-hint",
        )
        yield PhoneSafeStatic("", id="start-oncall", markup=False)
        yield OptionList(id="start-list")  # the severities' list follows once needed
        yield Static("", id="start-status", markup=False)
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Fill the list from the loaded workspace and focus it; ask who is at the keyboard
        when nothing names an author (rather than refuse to log later)."""
        self.fill()
        self.call_after_refresh(self.ask_author)  # the list first: git config takes a while
        # The team's incidents and entries come in while this list is shown: a sync after the
        # first paint (once the workspace is read), then every minute (store.team.share).
        if not self.reading:
            self.call_after_refresh(self.share_team)
        self.set_interval(TEAM_SECONDS, self.share_team)

    def ask_author(self, then: Callable[[], None] | None = None) -> bool:
        """Ask who is at the keyboard when nothing names an author; True when asked. ``then``
        runs once they answered (the incident they were opening)."""
        if self.store.author_or_none() is not None:
            return False
        from smgov_tui.ui.modals.author_prompt import AuthorPrompt  # rarely needed

        if not isinstance(self.app.screen, AuthorPrompt):
            self.app.push_screen(AuthorPrompt(), lambda answer: self.signed(answer, then))
        return True

    def signed(self, answer: tuple[str, str] | None, then: Callable[[], None] | None) -> None:
        """Sign as the name given, remembered in the person's settings."""
        if answer is None:
            return
        name, email = answer
        try:
            author = self.store.sign_as(name, email)
        except ValueError as error:  # the prompt checks first; a last word from the store
            from smgov_tui.ui.modals.author_prompt import AuthorPrompt

            self.set_status(str(error))
            self.app.push_screen(AuthorPrompt(), lambda again: self.signed(again, then))
            return
        except OSError as error:
            self.notify(
                _("Signing as {name} for now; it could not be remembered ({error}).").format(
                    name=name, error=error
                ),
                severity="warning",
                markup=False,
            )
        else:
            self.set_status(_("Signing as {author}.").format(author=author.name))
        if then is not None:
            then()

    def share_team(self) -> None:
        """Sync with the team in the background while this screen is the one shown."""
        if self.is_current and not self.reading:
            share_in_background(self, self.store, self.team_shared)

    def team_shared(self, shared: Shared) -> None:
        """A teammate's incident is announced; the list shows what arrived (unless the person
        is picking a severity or an incident is being opened)."""
        if shared.opened:
            self.joinable = shared.opened[-1].incident_id
            announce(self, shared.opened)
        if incidents_arrived(shared) and self.is_current and not self.playbook_id and not self.busy:
            self.fill()

    def workspace_loaded(self) -> None:
        """The whole workspace is read: the list is filled again from it (the on-call line
        appears), the team's sync starts, and a choice made meanwhile is carried out."""
        self.reading = False
        if not self.playbook_id and not self.busy:
            self.fill()
        self.set_status("")
        self.share_team()
        waiting, self.waiting = self.waiting, None
        if waiting is not None:
            waiting()

    def load_failed(self, message: str) -> None:
        """The rest of the workspace could not be read: say so; nothing can be picked."""
        self.waiting = None
        self.set_status(
            _(
                "Could not read the workspace: {error}. Quit with Ctrl+Q and run smgov check "
                "to see why."
            ).format(error=message)
        )

    def when_loaded(self, then: Callable[[], None]) -> bool:
        """Keep ``then`` for when the workspace is read, saying so; False (run it now) when
        it is read already. The last choice made meanwhile wins."""
        if not self.reading:
            return False
        self.waiting = then
        self.set_status(_("Reading the workspace… your choice follows in a moment."))
        return True

    def action_join(self) -> None:
        """C: resume the incident a teammate opened, last announced."""
        if self.when_loaded(self.action_join):
            return
        if self.joinable and not self.busy and self.joinable in self.store.data.incidents:
            from smgov_tui.ui.screens.crisis.step import CrisisStepScreen

            self.app.push_screen(CrisisStepScreen(self.store, self.joinable, resume=True))

    def on_screen_suspend(self) -> None:
        """Another screen covers this one (a step, the incidents): the list is filled again
        when it is back."""
        self.covered = True

    def on_screen_resume(self) -> None:
        """Coming back (from a step screen): the open incidents may have changed. The resume
        that follows the mount changes nothing: :meth:`on_mount` has just filled the list
        (filling it twice made the first screen lay out and draw its list twice)."""
        if self.covered and self.is_mounted and not self.playbook_id:
            self.covered = False
            self.fill()

    def fill(self) -> None:
        """List the open incidents (to resume) and the playbooks (to start); above them, who
        is on call now and until when (the rota of the management protocol)."""
        data = self.store.data
        now = clock.now()
        on_call = self.query_one("#start-oncall", PhoneSafeStatic)
        line = None
        if not self.reading:  # the rota names people, read with the rest of the workspace
            from smgov_tui.ui.present.oncall import on_call_line

            line = on_call_line(data, now)
        on_call.display = line is not None
        on_call.update(line if line is not None else "")
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
        self.query("#severity-list").set(display=False)
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
        self.pick(option_id)

    def pick(self, option_id: str) -> None:
        """Resume ``resume:<incident>``, or go on with ``new:<playbook>`` (once the workspace
        is read: a step and its checks need all of it)."""
        if self.when_loaded(lambda: self.pick(option_id)):
            return
        kind, _sep, value = option_id.partition(":")
        if kind == "resume":
            self.app.push_screen(self.step_screen(value, resume=True))
        elif kind == "new":
            self.offer_to_join(value)

    def offer_to_join(self, playbook_id: str) -> None:
        """A playbook that already has an open incident: join it (the safe answer, Enter) or
        start a second one; otherwise on to the severities. Two people reacting to the same
        crisis should log in one incident."""
        data = self.store.data
        joinable = [
            incident_id
            for incident_id in self.incidents.open_ids()
            if data.incidents[incident_id].playbook == playbook_id
        ]
        if not joinable:
            self.show_severities(playbook_id)
            return
        incident_id = joinable[0]
        incident = data.incidents[incident_id]
        crisis = Crisis(data.playbooks[playbook_id], incident)
        where = incident_prompt(incident_id, crisis, clock.now()).plain.replace("\n   ", " · ")
        opened_by = incident.opened_by.split("<")[0].strip()

        from smgov_tui.ui.modals.confirm import ConfirmModal

        def answered(start_another: bool | None) -> None:
            if start_another:
                self.show_severities(playbook_id)
            else:
                self.app.push_screen(self.step_screen(incident_id, resume=True))

        self.app.push_screen(
            ConfirmModal(
                _("This playbook has an open incident: start another one?"),
                _(
                    "Open: {where}, opened by {who}. No (Enter) joins it, so everyone logs in "
                    "one place; Yes starts a separate incident."
                ).format(where=where, who=opened_by or "?"),
            ),
            answered,
        )

    def show_severities(self, playbook_id: str) -> None:
        """Replace the list with the playbook's severities, first highlighted."""
        playbook = self.store.data.playbooks[playbook_id]
        self.playbook_id = playbook_id
        severities = self.severity_list()
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

    def severity_list(self) -> OptionList:
        """The list of severities, mounted under the playbooks the first time one is picked:
        the first screen lays out and draws one list, not a hidden second one too."""
        found = self.query("#severity-list")
        if found:
            return found.first(OptionList)
        severities = OptionList(id="severity-list")
        self.mount(severities, after="#start-list")
        return severities

    @on(OptionList.OptionSelected, "#severity-list")
    def severity_picked(self, event: OptionList.OptionSelected) -> None:
        """Open the incident at the chosen severity."""
        if event.option.id:
            self.open_incident(event.option.id)

    def on_key(self, event: Key) -> None:
        """A digit picks the severity with that number. While the incident is being opened,
        keys are kept for its first step (a person who knows the drill types ahead)."""
        if self.creating:
            event.stop()
            event.prevent_default()
            self.typed_ahead.append(event.key)
            return
        if event.key in STEP_KEYS and not (event.character or "").isdigit():
            self.step_keys.append((event.key, time.monotonic()))
        if not self.playbook_id or not event.character or not event.character.isdigit():
            return
        severities = self.store.data.playbooks[self.playbook_id].severities
        index = int(event.character) - 1
        if 0 <= index < len(severities):
            event.stop()
            self.open_incident(severities[index].id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the incident is being opened, Esc and i are kept for its step, not run."""
        return not (self.creating and action in ("back", "incidents"))

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

            from smgov_tui.ui.modals.pick_account import PickAccountModal

            self.app.push_screen(PickAccountModal(self.store.data.accounts), picked)
            return
        self.save_new(severity, "")

    def save_new(self, severity: str, account: str) -> None:
        """Create and commit the incident in a worker (once somebody can sign it)."""
        if self.busy:
            return
        playbook_id = self.playbook_id
        if self.ask_author(lambda: self.save_new_on(playbook_id, severity, account)):
            return
        self.busy = self.creating = True
        self.typed_ahead = []
        for lists in self.query(OptionList):  # keys go to the screen, kept for the step
            lists.disabled = True
        self.set_status(_("Opening the incident and saving it…"))
        self.create(self.playbook_id, severity, account)

    def save_new_on(self, playbook_id: str, severity: str, account: str) -> None:
        """Open the incident asked for before the name was given, if still on that playbook."""
        if self.playbook_id == playbook_id:
            self.save_new(severity, account)

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
        """The incident is committed: go to its first step, with the keys typed meanwhile."""
        self.done_creating()
        self.set_status("")
        self.playbook_id = ""
        self.fill()
        screen = self.step_screen(opened.id, opened=opened)
        screen.typed_ahead += self.typed_ahead
        self.typed_ahead = []
        self.app.push_screen(screen)

    def done_creating(self) -> None:
        """The lists take keys again."""
        self.busy = self.creating = False
        for lists in self.query(OptionList):
            lists.disabled = False

    def create_failed(self, message: str) -> None:
        """Say why the incident could not be opened; stay here (keys typed meanwhile are
        dropped: they were meant for a step that does not exist)."""
        self.done_creating()
        self.typed_ahead = []
        focus = "#severity-list" if self.playbook_id else "#start-list"
        self.query_one(focus, OptionList).focus()
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
        if self.when_loaded(self.action_incidents):
            return
        from smgov_tui.ui.screens.crisis.incidents import CrisisIncidentsScreen

        def step_screen(incident_id: str, resume: bool) -> Screen[None]:
            return self.step_screen(incident_id, resume=resume)

        self.app.push_screen(CrisisIncidentsScreen(self.store, step_screen))

    def step_screen(
        self, incident_id: str, resume: bool = False, opened: IncidentFile | None = None
    ) -> CrisisStepScreen:
        """The walkthrough of ``incident_id``; Esc on it once closed leaves crisis mode. It
        gets the step keys typed here in the last moments (typed ahead of it), no older ones:
        a key pressed by mistake minutes ago must not log a step."""
        from smgov_tui.ui.screens.crisis.step import CrisisStepScreen  # warmed: see on_mount

        screen = CrisisStepScreen(
            self.store, incident_id, resume=resume, opened=opened, leave_crisis=self.leave_crisis
        )
        recent = time.monotonic() - TYPED_AHEAD_SECONDS
        screen.typed_ahead = [key for key, at in self.step_keys if at >= recent]
        self.step_keys = []
        return screen

    def leave_crisis(self) -> None:
        """Out of crisis mode: quit ``smgov crisis``, or back to the main app's screen."""
        if self.standalone:
            self.app.exit()
            return
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.playbook_id = ""
        self.action_back()
