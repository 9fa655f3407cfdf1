"""One step at a time until the incident is closed.

Every action is committed before the screen moves on. The team sync runs after each commit,
every minute, and on ``S``, in its own worker (``store.team.share``: fetch, rebase, push; never
forced), and never holds the walkthrough up: a teammate's log entries that arrive redraw the
step, an incident a teammate opened is announced (``C`` joins it), and a conflict waits for
after the crisis (the team line says so)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from smgov_tui.core import clock, oncall
from smgov_tui.core import records as r
from smgov_tui.core.crisis import (
    ACCOUNT_MARKER,
    Crisis,
    account_label,
    entry_texts,
    fill_placeholders,
    placeholder_values,
    unfilled_placeholders,
)
from smgov_tui.core.crisis_actions import Action, Checklist
from smgov_tui.core.report import step_counts
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.errors import StoreError
from smgov_tui.store.incidents import IncidentFile, Incidents, workspace_tz
from smgov_tui.store.store import Store
from smgov_tui.store.team import Shared, TeamState, share, team_state
from smgov_tui.ui.contracts import workspace_host
from smgov_tui.ui.modals.close_incident import CloseIncidentModal
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.modals.escalate import EscalateModal
from smgov_tui.ui.modals.pause_accounts import PauseAccountsModal, PauseTicks
from smgov_tui.ui.modals.pick_severity import PickSeverityModal
from smgov_tui.ui.modals.text_prompt import TextPrompt
from smgov_tui.ui.present.contact_card import contact_text, holder_text
from smgov_tui.ui.present.pause import pause_text
from smgov_tui.ui.screens.crisis.keys import STEP_BINDINGS
from smgov_tui.ui.screens.crisis.prompts import clean_text, severity_prompt
from smgov_tui.ui.screens.crisis.team import TEAM_SECONDS, announce
from smgov_tui.ui.widgets.crisis_clock import CrisisClock
from smgov_tui.ui.widgets.footer import SmgovFooter
from smgov_tui.ui.widgets.phone_safe import PhoneSafeStatic


class CrisisStepScreen(Screen[None]):
    """One step at a time: what to do, who, whom to call, what to publish, how long is left."""

    CSS_PATH = "crisis.tcss"

    BINDINGS: ClassVar[list[BindingType]] = STEP_BINDINGS

    def __init__(
        self,
        store: Store,
        incident_id: str,
        resume: bool = False,
        opened: IncidentFile | None = None,
        leave_crisis: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.leave_crisis = leave_crisis
        """Leaves crisis mode altogether (Esc on a closed incident); None: back one screen."""
        self.incidents = Incidents(store)
        self.incident_id = incident_id
        self.resume = resume
        self.current: IncidentFile | None = opened
        self.saving = False
        self.team = ""
        self.joinable = ""
        self.told_conflict = False
        """The incident a teammate opened, last announced: C joins it."""
        self.statement_text = ""
        self.attempt: tuple[str, str] = ("", "")
        """The action being saved and its text, to keep the text if the save is refused."""
        self.unsaved: dict[str, str] = {}
        """Text typed for a note or a skip that was not saved: the next prompt starts with it."""
        self.tz = workspace_tz(store)
        self.typed_ahead: list[str] = []
        """Keys pressed before the step could take them (while the incident was opened or
        read): replayed one at a time once it is shown, each after the previous one's save."""
        self.paused_ticks: dict[str, tuple[str, ...]] = {}
        """Accounts ticked paused on a pause step not yet done, by step id."""

    def compose(self) -> ComposeResult:
        """Heading, clock, the step, a status line and the keys."""
        yield Static("", id="step-head", markup=False)
        yield CrisisClock("", id="step-clock", markup=False)
        with VerticalScroll(id="step-body"):
            for part in ("title", "first", "detail", "statement", "contacts", "who", "log"):
                yield PhoneSafeStatic("", id=f"step-{part}", markup=False)
        yield Static("", id="step-more", markup=False)
        yield Static("", id="step-status", markup=False)
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Show the incident (reading it first when needed), start the clock and the team's
        sync every minute."""
        self.set_interval(1.0, self.tick)
        self.query_one("#step-more").display = False
        body = self.query_one("#step-body", VerticalScroll)
        self.watch(body, "scroll_y", lambda _y: self.show_more(), init=False)
        self.set_interval(TEAM_SECONDS, self.share_again)
        if self.current is not None and not self.resume:
            self.render_state()
            self.set_status(
                _("Do the step, then press d. Every key here is saved to the log at once.")
            )
            self.after_commit()
            self.call_after_refresh(self.replay_typed_ahead)
        else:
            self.saving = True
            self.set_status(_("Loading the incident…"))
            self.load_incident()

    # --- persistence -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="crisis-save")
    def load_incident(self) -> None:
        """Read the incident from disk (worker thread). Resuming writes nothing: no commit for
        merely looking; the next real action is logged and committed as usual."""
        try:
            current = self.incidents.read(self.incident_id)
        except (StoreError, ValueError) as error:
            self.app.call_from_thread(self.failed, str(error))
            return
        self.app.call_from_thread(self.saved, current, Action.RESUMED if self.resume else None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="crisis-save")
    def persist(self, action: Action, write: Callable[[IncidentFile], IncidentFile]) -> None:
        """Append and commit one action (worker thread); the screen moves on only after."""
        assert self.current is not None
        try:
            result = write(self.current)
        except (StoreError, ValueError) as error:
            self.app.call_from_thread(self.failed, str(error))
            return
        self.app.call_from_thread(self.saved, result, action)

    @work(thread=True, exclusive=True, exit_on_error=False, group="crisis-push")
    def push_team(self, asked: bool = False) -> None:
        """Sync with the team, best effort (worker thread): take their commits in, push ours;
        read the incident again when their entries arrived. ``asked``: S was pressed."""
        try:
            state = team_state(self.store.git)
            if state.remote:
                self.app.call_from_thread(
                    self.show_team, TeamState(state.remote, state.ahead), True
                )
            shared = share(self.store)
        except StoreError as error:
            shared = Shared(TeamState("?", 0, str(error)))
        fresh = None
        if self.current is not None and self.current.path in shared.arrived:
            try:
                fresh = self.incidents.read(self.incident_id)
            except (StoreError, ValueError):
                fresh = None  # the next save or sync reads it again
        self.app.call_from_thread(self.team_synced, shared, fresh, asked)

    def show_team(self, state: TeamState, syncing: bool = False) -> None:
        """Show whether the team has the latest state."""
        if syncing:
            self.team = (
                _("team: sharing {n}…").format(n=state.ahead)
                if state.ahead
                else _("team: syncing…")
            )
        else:
            self.team = state.label
        self.tick()

    def team_synced(self, shared: Shared, fresh: IncidentFile | None, asked: bool) -> None:
        """The team sync ended: the team line, the teammates' news, their entries on screen."""
        self.show_team(shared.state)
        result = shared.result
        if result is not None and result.conflicts and not self.told_conflict:
            self.told_conflict = True  # said once; the team line keeps saying it
            self.notify(
                _(
                    "The same field was changed here and by the team in {paths}: that waits "
                    "for after the crisis. Every step you log is saved here; it reaches the "
                    "team once the conflict is settled (S in the main app, smgov sync)."
                ).format(paths=", ".join(c.path for c in result.conflicts[:3])),
                title=_("Conflict: after the crisis"),
                severity="warning",
                timeout=20,
                markup=False,
            )
        news = [item for item in shared.opened if item.incident_id != self.incident_id]
        if news:
            self.joinable = news[-1].incident_id
            announce(self, news)
            self.refresh_bindings()
        if asked and shared.result is not None:
            self.notify(
                shared.result.message,
                severity="information" if shared.result.ok else "warning",
                timeout=10,
                markup=False,
            )
        if fresh is not None and not self.saving:
            self.show_arrived(fresh)

    def show_arrived(self, fresh: IncidentFile) -> None:
        """Redraw with a teammate's entries (a save under way will read them itself)."""
        if self.current is None or fresh.text == self.current.text:
            return
        self.current = fresh
        self.render_state()
        self.set_status(_("The team's entries arrived: the log and the step are current."))
        self.refresh_bindings()

    def share_again(self) -> None:
        """Every minute: sync with the team when nothing is being saved."""
        if not self.saving and self.current is not None and self.is_current:
            self.push_team()

    def action_sync(self) -> None:
        """S: sync with the team now (in the background; the walkthrough goes on)."""
        if self.current is not None:
            self.push_team(asked=True)

    def action_join(self) -> None:
        """C: leave this incident for the one a teammate opened (it is resumed there)."""
        if not self.joinable or self.saving:
            return
        joined = CrisisStepScreen(self.store, self.joinable, resume=True)
        self.app.pop_screen()
        self.app.push_screen(joined)

    def saved(self, current: IncidentFile, action: Action | None) -> None:
        """The action is committed: show the new state."""
        previous = self.current
        self.current = current
        self.saving = False
        if action is not None:
            self.unsaved.pop(action, None)
        log = current.incident.log
        at = log[-1].at.astimezone(self.tz).strftime("%H:%M %Z").strip() if log else ""
        titles = {s.id: s.title for s in current.crisis.playbook.steps}
        step = titles.get(log[-1].step, "") if log and previous is not None else ""
        self.set_status(action.saved_message(at, step) if action is not None else "")
        self.render_state()
        self.after_commit()
        self.refresh_bindings()
        self.call_after_refresh(self.replay_typed_ahead)

    def replay_typed_ahead(self) -> None:
        """Press the next key typed ahead, now that the step can take it."""
        if not self.typed_ahead or self.saving or not self.is_current:
            return
        key = self.typed_ahead.pop(0)
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and key in binding.key.split(","):
                self.call_later(self.run_action, binding.action)
                return
        self.replay_typed_ahead()  # a key the step has no use for: the next one

    def on_key(self, event: Key) -> None:
        """While the incident is still being read, keep the keys for when it is shown."""
        if self.current is None or (self.saving and self.typed_ahead):
            event.stop()
            event.prevent_default()
            self.typed_ahead.append(event.key)

    def after_commit(self) -> None:
        """Start the background team sync (it does nothing without a remote)."""
        self.push_team()

    def failed(self, message: str) -> None:
        """The action was not saved: say why and stay on the same step."""
        self.saving = False
        status = _("NOT SAVED: {error}").format(error=message)
        action, text = self.attempt
        kept = {
            Action.NOTE: _("Your note is kept: press n to try again once this is fixed."),
            Action.SKIPPED: _("Your reason is kept: press s to try again once this is fixed."),
        }
        if action in kept and text:
            self.unsaved[action] = text
            status = f"{status} {kept[Action(action)]}"
        self.set_status(status, error=True)
        self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A crash of a save worker is shown as not saved."""
        if event.state == WorkerState.ERROR and event.worker.group == "crisis-save":
            self.failed(str(event.worker.error))

    def start(self, action: Action, text: str = "", checklist: Checklist | None = None) -> None:
        """Show "Saving…" and log ``action`` (``text``: its note or reason; ``checklist``: what
        the person ticked, for an escalation or a pause step)."""
        self.save(
            action,
            lambda current: self.incidents.act(current, action, text, checklist=checklist),
            text,
        )

    def save(
        self, action: Action, write: Callable[[IncidentFile], IncidentFile], text: str = ""
    ) -> None:
        """Show "Saving…" and run ``write`` on the incident in the save worker (``text``: what
        the person typed for it, kept if the save is refused)."""
        self.saving = True
        self.attempt = (action, text)
        self.set_status(_("Saving…"))
        self.refresh_bindings()
        self.persist(action, write)

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions are disabled while saving; a closed incident only allows leaving and copying."""
        if action == "leave":
            return True
        if action == "copy":
            return bool(self.statement_text)
        if action == "sync":
            return True
        if action == "join":
            return bool(self.joinable) and not self.saving
        if self.saving or self.current is None:
            return None
        crisis = self.current.crisis
        if crisis.is_closed:
            return False  # hidden: nothing more can be logged
        if action == "act" and parameters and not Action(str(parameters[0])).available(crisis):
            return None
        if action == "severity" and not Action.SEVERITY.available(crisis):
            return None
        return True

    def action_act(self, name: str) -> None:
        """Log the action ``name`` (an :class:`Action` value): at once, or once the person wrote
        the text it asks for (the reason for a skip, the note)."""
        if self.saving or self.current is None:
            return
        action = Action(name)
        step = self.current.crisis.current_step
        if action is Action.DONE and step is not None and step.pause_accounts:
            self.confirm_paused(step)
            return
        question = action.question(step.title if step else "")
        if question is None:
            self.start(action)
            return
        title, asked = question
        self.app.push_screen(
            TextPrompt(title, asked, value=self.unsaved.get(action.value, "")),
            lambda text: self.start(action, text) if text else None,
        )

    def confirm_paused(self, step: r.Step) -> None:
        """A pause step: ask, account by account, that its scheduled posts are paused; log the
        step done (naming them) once every one is confirmed. Ticks survive an Esc."""
        assert self.current is not None
        to_pause = self.current.crisis.to_pause(step)

        def ticked(result: PauseTicks | None) -> None:
            if result is None:
                return
            self.paused_ticks[step.id] = result.paused
            if result.done:
                self.start(Action.DONE, checklist=Checklist(paused=result.paused))

        self.app.push_screen(
            PauseAccountsModal(
                to_pause, self.store.data.accounts, self.paused_ticks.get(step.id, ())
            ),
            ticked,
        )

    def action_escalate(self) -> None:
        """Show the next level's contacts, reachable now first; log the escalation with what
        came of each call."""
        if self.saving or self.current is None:
            return
        escalation = self.current.crisis.next_escalation(self.store.data.contacts)

        def called(outcomes: dict[str, str] | None) -> None:
            if outcomes is not None:
                self.start(Action.ESCALATED, checklist=Checklist(outcomes=outcomes))

        self.app.push_screen(EscalateModal(escalation, clock.now(), self.tz), called)

    def action_severity(self) -> None:
        """Pick another severity; it is logged, and the steps and the deadline follow it."""
        if self.saving or self.current is None:
            return
        crisis = self.current.crisis
        choices = [
            (s.id, severity_prompt(n, s)) for n, s in enumerate(crisis.playbook.severities, 1)
        ]
        self.app.push_screen(
            PickSeverityModal(choices, crisis.severity_id),
            lambda picked: self.start(Action.SEVERITY, picked) if picked else None,
        )

    def action_page(self, direction: int) -> None:
        """PgDn / PgUp: the rest of the step (the line above the status says what is below)."""
        body = self.query_one("#step-body", VerticalScroll)
        if direction > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_copy(self) -> None:
        """Send the holding statement to the terminal's clipboard (OSC 52) and say exactly
        that: the terminal may ignore it, and nothing tells the app."""
        if not self.statement_text:
            self.notify(_("This step has no holding statement to copy."), severity="warning")
            return
        self.app.copy_to_clipboard(self.statement_text)
        self.notify(
            _(
                "Statement sent to the terminal's clipboard. If pasting does not work, select "
                "the text on screen and copy it."
            ),
            title=_("Sent to the clipboard"),
        )

    def action_close_incident(self) -> None:
        """Ask for the summary and lessons, then close."""
        if self.saving or self.current is None:
            return
        title = self.current.incident.title or self.incident_id

        def close(texts: tuple[str, str] | None) -> None:
            if texts:
                summary, lessons = texts
                self.save(
                    Action.CLOSED,
                    lambda current: self.incidents.close(current, summary, lessons),
                )

        def ask_summary(go_on: bool | None = True) -> None:
            if go_on:
                self.app.push_screen(CloseIncidentModal(title), close)

        left = self.current.crisis.not_done()
        if not left:
            ask_summary()
            return
        names = ", ".join(f"“{step.title}”" for step in left[:5])
        if len(left) > 5:
            names += ", …"
        self.app.push_screen(
            ConfirmModal(
                _("{n} steps are not done: close anyway?").format(n=len(left)),
                _("Not done: {steps}. The report lists them as not done.").format(steps=names),
            ),
            ask_summary,
        )

    def action_leave(self) -> None:
        """Back to where crisis mode was opened from; the incident stays as logged. From a
        closed incident, out of crisis mode altogether: walking back through the lists there
        led a person straight into a new incident."""
        if self.saving:
            self.notify(_("Still saving; wait a moment."), severity="warning")
            return
        if self.leave_crisis is not None and self.current and self.current.crisis.is_closed:
            self.leave_crisis()
            return
        host = workspace_host(self)
        self.app.pop_screen()
        if host is not None:  # the main app rebuilds its lists (the incident changed)
            host.refresh_data()

    # --- drawing ---------------------------------------------------------------------------

    def set_status(self, message: str, error: bool = False) -> None:
        """The line above the keys: saving, saved, or why it was not saved."""
        status = self.query_one("#step-status", Static)
        status.set_class(error, "-error")
        status.update(Text(message))

    def tick(self) -> None:
        """Redraw the clock from ``clock.now()``."""
        if self.current is None:
            return
        self.query_one(CrisisClock).show(self.current.crisis, clock.now(), self.tz, self.team)

    def render_state(self) -> None:
        """Draw the current step (or the finished / closed state)."""
        assert self.current is not None
        crisis = self.current.crisis
        playbook = crisis.playbook
        severity = crisis.severity
        head = Text()
        head.append(_("CRISIS") + "  ", style="bold")
        head.append(playbook.title)
        head.append(
            "  ·  " + (severity.label if severity and severity.label else crisis.severity_id)
        )
        if not crisis.is_closed and Action.SEVERITY.available(crisis):
            head.append(" " + _("(v changes it)"), style="italic")
        _done, _skipped, total = crisis.counts()
        step = crisis.current_step
        if crisis.is_closed:
            head.append("  ·  " + _("CLOSED"))
        elif step is not None:
            head.append(
                "  ·  " + _("step {n} of {total}").format(n=crisis.position + 1, total=total)
            )
        self.query_one("#step-head", Static).update(head)
        self.tick()
        if crisis.is_closed:
            self.render_closed(crisis)
        elif step is None:
            self.render_finished(crisis)
        else:
            self.render_step(crisis, step)
        self.query_one("#step-body", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self.show_more)

    def show_more(self) -> None:
        """Say what the step has below the fold: "2 more contacts below — PgDn" (a scrollbar
        alone went unnoticed, and the second contact of a step was never called)."""
        more = self.query_one("#step-more", Static)
        body = self.query_one("#step-body", VerticalScroll)
        bottom = body.scroll_offset.y + body.scrollable_content_region.height
        hidden = 0
        contacts = self.query_one("#step-contacts", PhoneSafeStatic)
        if contacts.display:
            top = contacts.virtual_region.y - body.virtual_region.y
            hidden = sum(
                1
                for row, line in enumerate(contacts.shown_lines())
                if line.lstrip().startswith("☎") and top + row >= bottom
            )
        below = body.max_scroll_y > body.scroll_offset.y
        if hidden:
            message = ngettext(
                "▼ {n} more contact below — PgDn", "▼ {n} more contacts below — PgDn", hidden
            ).format(n=hidden)
        elif below:
            message = _("▼ More below — PgDn")
        else:
            message = ""
        more.display = bool(message)
        more.update(Text(message))

    def _handover(self, now: dt.datetime) -> str:
        """When the person on call now hands over, in the screen's time zone ("" if never)."""
        found = oncall.on_call_at(self.store.data, now)
        if found is None or found.until is None:
            return ""
        return oncall.moment_label(found.until, self.tz)

    def _set(self, widget_id: str, content: Text | None) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.display = content is not None and bool(content.plain)
        widget.update(content if content is not None else Text())

    def render_step(self, crisis: Crisis, step: r.Step) -> None:
        """What to do, who does it, whom to call, what to publish, notes so far."""
        data = self.store.data
        status = crisis.status_of(step.id)
        title = Text()
        title.append(step.title, style="bold")
        if status != "pending":
            title.append("   ")
            title.append(
                _("(already done)") if status == "done" else _("(skipped before)"),
                style="italic",
            )
        self._set("step-title", title)
        self._set("step-first", self.first_response_text(crisis, step))
        detail = Text(clean_text(step.detail)) if step.detail.strip() else Text()
        pause = pause_text(crisis.to_pause(step), data.accounts)
        if pause is not None:
            detail.append("\n\n" if detail.plain else "")
            detail.append_text(pause)
        self._set("step-detail", detail)
        # the role and who holds it
        who: Text | None = None
        if step.role:
            management = data.management
            role = (
                next((x for x in management.roles if x.id == step.role), None)
                if management
                else None
            )
            who = Text.assemble((_("WHO: "), "bold"))
            who.append(role.title if role and role.title else step.role)
            now = clock.now()
            holders = oncall.role_holders(data, step.role, now)  # the rota's role: on call now
            if holders:
                who.append(":  ")
                for index, holder in enumerate(holders):
                    if index:
                        who.append("  ·  ")
                    who.append_text(holder_text(holder, self._handover(now)))
            else:
                who.append(
                    "\n  "
                    + _(
                        "Nobody holds this role in the workspace: "
                        "do it yourself or call your manager."
                    )
                )
        self._set("step-who", who)
        # contacts
        contacts: Text | None = None
        if step.contacts:
            contacts = Text.assemble((_("CALL:"), "bold"))
            for contact_id in step.contacts:
                contacts.append("\n  ")
                contact = data.contacts.get(contact_id)
                if contact is None:
                    contacts.append(_("{id}: not found in contacts/").format(id=contact_id))
                else:
                    contacts.append_text(contact_text(contact))
        self._set("step-contacts", contacts)
        # holding statement
        self.statement_text = ""
        statement_view: Text | None = None
        if step.statement:
            statement = next(
                (s for s in crisis.playbook.statements if s.id == step.statement), None
            )
            if statement is None:
                statement_view = Text(
                    _("Statement {id} is missing from the playbook.").format(id=step.statement)
                )
            else:
                account_id = crisis.incident.account
                account = data.accounts.get(account_id) if account_id else None
                if account is not None:
                    account_name = account_label(account)
                else:
                    account_name = account_id or _(ACCOUNT_MARKER)
                values = placeholder_values(
                    data.meta, clock.now().astimezone(self.tz), account_name
                )
                filled = fill_placeholders(clean_text(statement.text), values)
                self.statement_text = filled
                statement_view = Text.assemble((_("PUBLISH"), "bold"))
                if statement.title:
                    statement_view.append(f" ({statement.title})")
                statement_view.append(" " + _("— press c to copy:") + "\n")
                statement_view.append(filled, style="italic")
                missing = unfilled_placeholders(filled)
                if _(ACCOUNT_MARKER) in filled and "{account}" in statement.text:
                    missing.append(_(ACCOUNT_MARKER))
                if missing:
                    statement_view.append(
                        "\n"
                        + _("Fill in by hand before publishing: {tokens}").format(
                            tokens=", ".join(missing)
                        ),
                        style="bold",
                    )
        self._set("step-statement", statement_view)
        self._set("step-log", self.log_text(crisis, step.id))
        self.refresh_bindings()

    def first_response_text(self, crisis: Crisis, step: r.Step) -> Text | None:
        """Which step counts as the first response, or when it was published."""
        out = crisis.first_response_at()
        if out is not None:
            when = out.astimezone(self.tz).strftime("%H:%M %Z").strip()
            return Text(_("First response published at {when}.").format(when=when))
        target = crisis.first_response_step
        if target is None:
            return None
        text = Text.assemble((_("FIRST RESPONSE: "), "bold"))
        if target.id == step.id:
            what = (
                _("this step: press d once the statement is published.")
                if target.statement
                else _("this step: press d once it is done.")
            )
        else:
            number = next(i for i, s in enumerate(crisis.steps, start=1) if s.id == target.id)
            what = (
                _("publish the statement in step {n} “{title}”.")
                if target.statement
                else _("step {n} “{title}” done.")
            ).format(n=number, title=target.title)
        text.append(what)
        return text

    def log_text(self, crisis: Crisis, step_id: str) -> Text | None:
        """Notes, skips and escalations logged on this step (an escalation with each call)."""
        log = crisis.incident.log
        said = {id(e): t for e, t in zip(log, entry_texts(log, self.account_names()), strict=True)}
        entries = [e for e in crisis.notes_for(step_id) if said.get(id(e))]
        if not entries:
            return None
        text = Text.assemble((_("LOGGED ON THIS STEP:"), "bold"))
        for entry in entries[-5:]:
            text.append("\n  " + entry.at.astimezone(self.tz).strftime("%H:%M") + "  ")
            text.append(entry.author.split("<")[0].strip())
            text.append(f" {Action(entry.action).tag} ")
            first, *rest = said[id(entry)].splitlines() or [""]
            text.append(first)
            for line in rest:  # an escalation: one contact per line, under the first
                text.append("\n         " + line)
        return text

    def account_names(self) -> dict[str, str]:
        """``@handle (network)`` of every account, by id (how the log names paused ones)."""
        return {aid: account_label(a) for aid, a in self.store.data.accounts.items()}

    def render_finished(self, crisis: Crisis) -> None:
        """Every step settled: say so and point at closing."""
        done, skipped, total = crisis.counts()
        self._set("step-title", Text(_("Every step is settled."), style="bold"))
        self._set(
            "step-detail",
            Text(
                step_counts(done, skipped, total)
                + ". "
                + _(
                    "When the crisis is over, press x to close the incident with a summary and "
                    "lessons learned. b goes back a step."
                )
            ),
        )
        for widget_id in ("step-first", "step-who", "step-contacts", "step-statement", "step-log"):
            self._set(widget_id, None)
        self.statement_text = ""

    def render_closed(self, crisis: Crisis) -> None:
        """A closed incident: its summary, lessons and how to get the report."""
        incident = crisis.incident
        when = (
            incident.closed_at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M %Z").strip()
            if incident.closed_at
            else ""
        )
        self._set("step-title", Text(_("Incident closed {when}").format(when=when), style="bold"))
        self._set("step-detail", Text(_("SUMMARY: ") + incident.summary))
        self._set(
            "step-statement", Text(_("LESSONS: ") + incident.lessons) if incident.lessons else None
        )
        self._set(
            "step-contacts",
            Text(
                _("Post-mortem report: run smgov incident report {id} {dir}").format(
                    id=self.incident_id, dir=self.store.root
                )
            ),
        )
        for widget_id in ("step-first", "step-who", "step-log"):
            self._set(widget_id, None)
        self.statement_text = ""
