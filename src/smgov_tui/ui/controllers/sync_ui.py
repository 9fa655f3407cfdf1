"""Team sync in the app: the S key, sync after every save, and changes made from outside.

``SyncController`` belongs to the app. Everything that touches git or the disk runs in thread
workers; results come back to the UI thread with ``call_from_thread``.

- ``sync_now()`` (key S): fetch, integrate, push; a notification says what happened, and the
  conflict screen opens when the same field changed on both sides.
- Every ~2 s a worker takes a cheap fingerprint of the workspace (HEAD and the TOML files'
  sizes and mtimes). Files changed by someone else (``git pull`` in a terminal, an editor) are
  reloaded; each open screen that :class:`~smgov_tui.ui.contracts.WatchesDisk` is told, so a
  form with unsaved edits can offer the field-by-field merge (``core.merge.merge_for_form``).
- With "sync after every save" on, a new local commit starts a sync.
- Every few minutes (and soon after start) a background fetch (``store.sync.background_fetch``:
  no prompt, a timeout, no file of the workspace touched) updates "N to pull"; the status bar
  keeps "syncing...", "conflict waiting: S" and the last failure until they change
  (``store.syncstate``).
- A sync that brings an incident a teammate opened says so ("Ana opened Hacked account
  (high): C to join"); the conflict screen's choices are kept here until the conflict is
  settled, so Esc never throws them away.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.timer import Timer

from smgov_tui.core.merge import Pick
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.settings import Settings, load_settings, update_settings
from smgov_tui.store.status import WorkspaceStatus, workspace_status
from smgov_tui.store.store import Store
from smgov_tui.store.sync import SyncResult, background_fetch, sync, sync_status
from smgov_tui.store.team import Opened, opened_by_teammates
from smgov_tui.store.watch import Fingerprint, changed_paths, fingerprint, outside_changes
from smgov_tui.ui.contracts import Loaded, RecordHost, WatchesDisk
from smgov_tui.ui.present.state import Snapshot, build_snapshot
from smgov_tui.ui.widgets.status_bar import StatusBar

POLL_SECONDS = 2.0
STATUS_EVERY = 5
"""Re-read the status bar's git facts every this many polls (~10 s)."""
FETCH_EVERY = 90
"""Fetch the team's commits in the background every this many polls (~3 min); the first
fetch is at the first poll (~2 s after start: the first screen is drawn without it)."""


class SyncController:
    """Runs syncs and watches the disk for the app."""

    def __init__(self, app: App[Any], host: RecordHost) -> None:
        """``app`` shows the notices and runs the workers; ``host`` (the same app) holds the
        workspace and its snapshot."""
        self.app = app
        self.host = host
        self.ui_thread: int | None = None
        """The thread the app runs on (known once :meth:`watch` is called from ``on_mount``)."""
        self.settings: Settings = load_settings()
        self.syncing = False
        self.polling = False
        self.polls = 0
        self.last: Fingerprint | None = None
        self.timer: Timer | None = None
        self._last_failure = ""
        self.fetching = False
        self.ticks = 0
        self.picks: dict[str, Pick] = {}
        """The conflict screen's choices (by path and field), kept until the conflict is settled."""

    # --- sync ----------------------------------------------------------------------------

    def sync_now(self, automatic: bool = False) -> None:
        """Start a sync in a worker (ignored while one runs)."""
        store = self.host.store
        if store is None:
            self.app.notify(_("The workspace is still loading."), severity="warning")
            return
        if self.syncing:
            if not automatic:
                self.app.notify(_("A sync is already running."), severity="warning")
            return
        self.syncing = True
        self._show_syncing()
        if not automatic:
            self.app.notify(_("Syncing with the team..."), timeout=3)
        self.app.run_worker(
            lambda: self._run(store, automatic),
            thread=True,
            exclusive=True,
            group="git",
            exit_on_error=False,
            name="sync",
        )

    def _run(self, store: Store, automatic: bool) -> None:
        try:
            result = sync(store)
        except (StoreError, OSError) as error:  # unexpected: say it, keep the app going
            result = SyncResult("error", str(error))
        except Exception as error:
            # Whatever went wrong, the person hears of it and S works again afterwards.
            result = SyncResult("error", f"{type(error).__name__}: {error}")
        self.last = fingerprint(store.root)
        news = opened_by_teammates(store, result.opened) if result.opened else []
        self.app.call_from_thread(self._done, store, result, automatic, news)

    def _show_syncing(self) -> None:
        """Say "syncing..." in the status bar at once (the next status read confirms it)."""
        snapshot = self.host.snapshot
        if snapshot is not None and snapshot.status is not None:
            self._status_read(dataclasses.replace(snapshot.status, syncing=True))

    def _announce(self, news: list[Opened]) -> None:
        """Say which incidents teammates opened (the crisis start screen, C, lists them)."""
        for item in news:
            self.app.notify(
                item.sentence,
                title=_("Incident opened"),
                severity="warning",
                timeout=30,
                markup=False,
            )

    def _done(self, store: Store, result: SyncResult, automatic: bool, news: list[Opened]) -> None:
        self._announce(news)
        if result.recovered:
            self.app.notify(result.recovered, severity="warning", timeout=10, markup=False)
        if result.status == "conflicts" and result.conflicts:
            from smgov_tui.ui.screens.conflict import ConflictScreen

            # Still syncing until the picks are settled and pushed: the settlement moves the
            # files, and the watcher would take them for someone else's change.
            screen = ConflictScreen(store, result.conflicts, picks=self.picks)
            self.app.push_screen(screen, self._resolved)
            return
        self.syncing = False
        if result.ok:
            self.picks.clear()  # nothing conflicts any more: old choices must not come back
            self._last_failure = ""
            if result.dropped:  # a commit left out is said where it cannot be missed
                self.app.notify(result.message, severity="warning", timeout=15, markup=False)
            elif not automatic or result.pulled or result.pushed:
                self.app.notify(result.message, markup=False)
        elif not (automatic and result.status == self._last_failure):
            # Offline with sync-after-save on: say it once, not after every save.
            self._last_failure = result.status
            self.app.notify(
                result.message,
                title=_("Sync did not finish"),
                severity="error" if result.status == "error" else "warning",
                timeout=12,
                markup=False,
            )
        self.host.refresh_data()

    def _resolved(self, result: SyncResult | None) -> None:
        store = self.host.store
        if store is not None:
            self.last = fingerprint(store.root)  # what the settlement wrote is ours
        self.syncing = False
        if result is None:
            self.app.notify(
                _(
                    "Sync left for later: nothing was changed; your commits and your choices "
                    "so far are kept. The status bar says: conflict waiting: S."
                ),
                severity="warning",
            )
        elif result.ok:
            self.picks.clear()
            if result.dropped:
                self.app.notify(result.message, severity="warning", timeout=15, markup=False)
            else:
                self.app.notify(result.message, timeout=15, markup=False)
        else:
            self.app.notify(
                result.message,
                title=_("Resolved; not pushed yet"),
                severity="warning",
                timeout=12,
                markup=False,
            )
        self.host.refresh_data()

    # --- settings ------------------------------------------------------------------------

    def toggle_autosync(self) -> None:
        """Turn "sync after every save" on or off (saved in the person's settings)."""
        wanted = not self.settings.sync_after_save
        try:
            self.settings = update_settings(sync_after_save=wanted)
        except OSError as error:
            self.app.notify(
                _("Could not save the setting: {error}").format(error=error),
                severity="error",
                markup=False,
            )
            return
        if self.settings.sync_after_save:
            self.app.notify(_("Sync after every save: on."))
        else:
            self.app.notify(_("Sync after every save: off."))

    # --- watching the disk -----------------------------------------------------------------

    def watch(self) -> None:
        """Start polling the disk every ~2 s."""
        self.ui_thread = threading.get_ident()
        if self.timer is None:
            self.timer = self.app.set_interval(POLL_SECONDS, self._tick, name="smgov-watch")

    def _tick(self) -> None:
        store = self.host.store
        if store is None or self.syncing:
            return
        self.ticks += 1
        if self.ticks % FETCH_EVERY == 1 and not self.fetching:
            self.fetch_now()
        if self.polling:
            return
        self.polling = True
        self.app.run_worker(
            lambda: self._poll(store),
            thread=True,
            exclusive=True,
            group="watch",
            exit_on_error=False,
            name="watch",
        )

    def _poll(self, store: Store) -> None:
        try:
            self.check_disk(store)
            self.polls += 1
            if self.polls % STATUS_EVERY == 0 and not self.syncing:
                # A remote added or a sync run from a terminal changes no file we watch.
                status = workspace_status(store)
                self._on_ui(self._status_read, status)
        finally:
            self.polling = False

    def fetch_now(self) -> None:
        """Fetch the team's commits in a worker (never integrated: S does that), then show
        the status bar's "N to pull" or the failure."""
        store = self.host.store
        if store is None or self.fetching:
            return
        self.fetching = True
        self.app.run_worker(
            lambda: self._fetch(store),
            thread=True,
            exclusive=True,
            group="fetch",
            exit_on_error=False,
            name="fetch",
        )

    def _fetch(self, store: Store) -> None:
        try:
            fetched = background_fetch(store)
            if fetched is not None and fetched.status != "no-remote" and not self.syncing:
                self._on_ui(self._status_read, workspace_status(store))
        finally:
            self.fetching = False

    def _status_read(self, status: WorkspaceStatus) -> None:
        snapshot = self.host.snapshot
        if snapshot is None or snapshot.status is None or snapshot.status == status:
            return
        if self.syncing and not status.syncing:
            status = dataclasses.replace(status, syncing=True)  # ours runs: the bar says so
        snapshot.status = status
        for screen in self.app.screen_stack:
            for bar in screen.query(StatusBar):
                bar.show_snapshot(snapshot)

    def check_disk(self, store: Store) -> list[str]:
        """Compare the disk with the last look; reload what others changed (worker thread).

        Returns the paths changed from outside (empty when nothing or only our own saves).
        """
        now = fingerprint(store.root)
        before, self.last = self.last, now
        if before is None or self.syncing:
            return []
        paths = changed_paths(before, now)
        # Under the store's lock: a save in progress (file written, commit not yet made) is
        # finished first, so it is never taken for someone else's change.
        with store.lock:
            outside = outside_changes(store, paths) if paths else []
            if outside:
                store.load()
        if outside:
            snapshot = build_snapshot(store)
            self._on_ui(self._reloaded, snapshot, outside)
        if (
            now.head != before.head
            and self.settings.sync_after_save
            and not self.syncing
            and sync_status(store).ahead > 0
        ):
            self._on_ui(self.sync_now, True)
        return outside

    def _on_ui(self, callback: Callable[..., object], *args: object) -> None:
        """Run ``callback`` on the UI thread, from a worker or from the UI thread itself."""
        if threading.get_ident() == self.ui_thread:
            callback(*args)
        else:
            self.app.call_from_thread(callback, *args)

    def _reloaded(self, snapshot: Snapshot, paths: list[str]) -> None:
        self.app.post_message(Loaded(snapshot))
        watching = [screen for screen in self.app.screen_stack if isinstance(screen, WatchesDisk)]
        # A form that already merged a file (its save found it changed) has said so.
        told = [path for path in paths for screen in watching if screen.already_merged(path)]
        news = [path for path in paths if path not in told]
        if news:
            listed = ", ".join(news[:3]) + ("..." if len(news) > 3 else "")
            self.app.notify(
                _("Changed on disk by someone else, reloaded: {paths}").format(paths=listed),
                timeout=6,
                markup=False,
            )
        for screen in watching:
            screen.external_change(paths)
