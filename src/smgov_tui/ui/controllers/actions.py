"""Record actions shared by every screen: edit, new, duplicate, rename, delete, history.

The forms and modals come from :mod:`smgov_tui.ui.screens.edit` and :mod:`smgov_tui.ui.modals`
(imported when first opened: the app starts without them);
each returns the store's ``SaveResult`` (None when cancelled). After a save the lists are rebuilt
from ``store.data`` (the store updates it in place) and the checks run again, in a worker.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.screen import Screen
from textual.worker import Worker

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.store import SaveResult, Store
from smgov_tui.ui.screens.edit.saving import SAVING_NOTICE_DELAY, SAVING_NOTICE_REPEAT, Written

if TYPE_CHECKING:
    from smgov_tui.ui.present.state import Snapshot


class RecordActions(App[None]):
    """The app's record actions: what the record keys (e, n, c, r, d, h) do."""

    store: Store | None
    snapshot: Snapshot | None

    def refresh_data(self) -> Any:
        """Rebuild the views from ``store.data`` (the app runs it in a worker)."""
        raise NotImplementedError

    def _can_act(self, writing: bool) -> bool:
        if self.snapshot is None:
            self.notify(_("The workspace is still loading."), severity="warning")
            return False
        if writing and self.snapshot.status is None:
            self.notify(
                _("Still checking the workspace; try again in a moment."), severity="warning"
            )
            return False
        if writing and self.snapshot.status is not None and not self.snapshot.status.author:
            self.notify(
                self.snapshot.status.author_problem or _("No author is configured."),
                title=_("Who are you?"),
                severity="error",
                timeout=12,
                markup=False,
            )
            return False
        return True

    def form_closed(self, result: SaveResult | None) -> None:
        """After a form or modal: say what was committed and refresh the views."""
        if result is None:
            return
        if isinstance(result, Written):
            # The form closed as soon as the record was written: the notice and the checks
            # wait for the commit ("Saving..." if it takes a while: a slow hook, signing).
            if result.commit is not None:
                self.set_timer(SAVING_NOTICE_DELAY, partial(self._still_saving, result.commit))
                self.run_worker(self._after_commit(result), group="after-save", exit_on_error=False)
            return
        if result.committed:
            message = _("Saved: {message}").format(message=result.message)
        else:
            message = result.message
        # Once the screen under the form is drawn: the notice, then the checks of the whole
        # workspace (in a worker), would both compete with drawing it.
        self.call_after_refresh(self.notify, message, markup=False)
        self.call_after_refresh(self.refresh_data)

    def _still_saving(self, commit: Worker[Any]) -> None:
        """Say "Saving..." for as long as git works (a hook, signing that waits for a key)."""
        if not commit.is_finished:
            self.notify(_("Saving..."), timeout=SAVING_NOTICE_REPEAT)
            self.set_timer(SAVING_NOTICE_REPEAT, partial(self._still_saving, commit))

    async def _after_commit(self, written: Written) -> None:
        """Follow the commit of a form that closed when its record was written: say it is
        saved and check again, or bring the form back with git's refusal."""
        assert written.commit is not None
        committed = await written.commit.wait()
        if committed is None:
            return
        if committed.result is not None:
            self.form_closed(committed.result)
        elif written.form is not None:
            written.form.come_back(committed)

    def edit_record(self, kind: k.Kind, record_id: str, field: str = "") -> None:
        """Open the form of a record (an incident opens in crisis mode, resumed if open), the
        cursor in ``field`` (a dotted path, as a finding names it) when given."""
        if kind is k.INCIDENTS:
            self.resume_incident(record_id)
            return
        if not self._can_act(True):
            return
        from smgov_tui.ui.screens.edit import EditScreen

        assert self.store is not None
        self.push_screen(EditScreen(self.store, kind, record_id, field=field), self.form_closed)

    def resume_incident(self, record_id: str) -> None:
        """Crisis mode on one incident: resumed where it stopped when open, shown when closed."""
        if not self._can_act(False):
            return
        from smgov_tui.ui.screens.crisis.step import CrisisStepScreen

        assert self.store is not None
        incident = self.store.data.incidents.get(record_id)
        if incident is None:
            self.notify(
                _("{id} is not a valid incident; run smgov check.").format(id=record_id),
                severity="warning",
                markup=False,
            )
            return
        self.push_screen(CrisisStepScreen(self.store, record_id, resume=incident.status == "open"))

    def new_record(self, kind: k.Kind | None) -> None:
        """Open an empty form for a new record of ``kind``."""
        if kind is None:
            self.notify(_("Nothing to create here."), severity="warning")
            return
        if kind is k.INCIDENTS:
            self.notify(_("Incidents are opened in crisis mode: press C."), severity="warning")
            return
        if not self._can_act(True):
            return
        from smgov_tui.ui.screens.edit import EditScreen

        assert self.store is not None

        def done(result: SaveResult | None) -> None:
            self.form_closed(result)
            if result is not None and result.committed and result.entry is not None:
                self._select_in_list(kind, result.entry.id)

        self.push_screen(EditScreen(self.store, kind, None), done)

    def _select_in_list(self, kind: k.Kind, record_id: str) -> None:
        """A record was created: its list shows it under the cursor, scrolled into view."""
        from smgov_tui.ui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.select_record(kind, record_id)

    def copy_record(self, kind: k.Kind, record_id: str) -> None:
        """Open a form for a new record that starts as a copy of this one."""
        if kind.is_single or kind is k.INCIDENTS:
            self.notify(
                _("{kind} cannot be duplicated.").format(kind=kind.label), severity="warning"
            )
            return
        if not self._can_act(True):
            return
        from smgov_tui.ui.screens.edit import EditScreen

        assert self.store is not None

        def done(result: SaveResult | None) -> None:
            self.form_closed(result)
            if result is not None and result.committed and result.entry is not None:
                self._select_in_list(kind, result.entry.id)
                self._show_copy(kind, record_id, result.entry.id)

        self.push_screen(EditScreen(self.store, kind, None, copy_from=record_id), done)

    def _show_copy(self, kind: k.Kind, original_id: str, new_id: str) -> None:
        """After a duplicate is saved, show the copy (not the original it came from)."""
        from smgov_tui.ui.screens.record import RecordScreen

        screen: Screen[Any] = self.screen
        if (
            isinstance(screen, RecordScreen)
            and screen.kind is kind
            and screen.record_id == original_id
        ):
            self._replace_record_screens(kind, original_id, new_id)
        else:
            self.push_screen(RecordScreen(kind, new_id))

    def rename_record(self, kind: k.Kind, record_id: str) -> None:
        """Ask for a new id; references are updated in the same commit."""
        if kind.is_single:
            self.notify(_("{kind} cannot be renamed.").format(kind=kind.label), severity="warning")
            return
        if not self._can_act(True):
            return
        from smgov_tui.ui.modals.rename import RenameModal

        assert self.store is not None

        def done(result: SaveResult | None) -> None:
            self.form_closed(result)
            if result is not None and result.entry is not None:
                self._replace_record_screens(kind, record_id, result.entry.id)

        self.push_screen(RenameModal(self.store, kind, record_id), done)

    def delete_record(self, kind: k.Kind, record_id: str) -> None:
        """Ask, then delete (refused or warned when other records name it)."""
        if kind.is_single:
            self.notify(_("{kind} cannot be deleted.").format(kind=kind.label), severity="warning")
            return
        if kind is k.INCIDENTS:
            # an incident is the record of what happened: it is closed, never deleted here
            self.notify(
                _(
                    "Incidents are never deleted here: they are the record of what happened. "
                    "Close it in crisis mode instead (C)."
                ),
                severity="warning",
            )
            return
        if not self._can_act(True):
            return
        from smgov_tui.ui.modals.delete import DeleteModal

        assert self.store is not None

        def done(result: SaveResult | None) -> None:
            self.form_closed(result)
            if result is not None and result.committed:
                self._replace_record_screens(kind, record_id, None)

        self.push_screen(DeleteModal(self.store, kind, record_id), done)

    def mark_reviewed(self, record_id: str) -> None:
        """Set the account's last review to today: one commit, "accounts: reviewed <id>"."""
        if not self._can_act(True):
            return
        self._mark_reviewed(record_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="git")
    def _mark_reviewed(self, record_id: str) -> None:
        assert self.store is not None
        try:
            result = self.store.mark_reviewed(record_id)
        except (StoreError, ValueError, OSError) as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
        else:
            self.call_from_thread(self.form_closed, result)

    def show_history(self, kind: k.Kind | None, record_id: str | None) -> None:
        """Commits of one record (or of everything), with diffs and revert."""
        if not self._can_act(False):
            return
        from smgov_tui.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(kind, record_id))

    def _replace_record_screens(self, kind: k.Kind, old_id: str, new_id: str | None) -> None:
        """After a rename or delete, the detail screens of the old id follow or close."""
        from smgov_tui.ui.screens.record import RecordScreen

        screen: Screen[Any] = self.screen
        if isinstance(screen, RecordScreen) and screen.kind is kind and screen.record_id == old_id:
            if new_id is None:
                self.pop_screen()
            else:
                screen.record_id = new_id
                screen.render_detail()
