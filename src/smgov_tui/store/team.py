"""Crisis mode's team view: share each logged step, take the team's in, say what the team has.

After each logged step, and every minute or so, crisis mode runs ``share``: the store's own
sync (``store.sync``: fetch, rebase the local commits onto the team's, push; never forced, no
prompt for credentials, to the remote ``store.remote`` picks), so a teammate's log entries and
incidents arrive during the crisis and ours reach them. A conflict never interrupts the
walkthrough: an incident's log merges by itself (``core.merge.merge_log``); a conflict in any
other record stops the sync before it changes anything and waits, said on the team line, for
after the crisis (``S`` in the main app). A sync that fails leaves everything as it was; the
next one tries again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.errors import StoreError
from smgov_tui.store.git import Git
from smgov_tui.store.remote import find_target, standing
from smgov_tui.store.remote import push as push_branch
from smgov_tui.store.syncstate import read_state

if TYPE_CHECKING:
    from smgov_tui.store.store import Store
    from smgov_tui.store.sync import SyncResult


@dataclass(frozen=True)
class TeamState:
    """Whether the team (the remote) has our latest commits."""

    remote: str
    """Name of the remote, or empty when the workspace has none."""
    ahead: int = 0
    """Local commits the remote does not have."""
    error: str = ""
    """Why the last push failed (empty when it did not fail)."""
    rejected: bool = False
    """True when the remote refused the push because it has commits we lack."""
    conflict: int = 0
    """Records whose conflict waits for after the crisis (nothing is shared until then)."""
    stopped: bool = False
    """The sync refused for a reason of this computer (files changed by hand...), not the
    network: ``error`` says which."""

    @property
    def label(self) -> str:
        """Where the log is, in plain words: ``team: teammates see this log``, ``team: 2
        changes only on this computer: sync to share``, ``team: only on this computer (no shared
        copy): teammates cannot see this log``..."""
        if not self.remote:
            return _("team: only on this computer (no shared copy): teammates cannot see this log")
        here = ngettext(
            "{n} change only on this computer", "{n} changes only on this computer", self.ahead
        ).format(n=self.ahead)
        if self.conflict:
            return _("team: a conflict waits for after the crisis; {here}").format(here=here)
        if self.error and self.stopped:
            return _("team: {here}; the sync stopped: S says why").format(here=here)
        if self.error and self.rejected:
            return _("team: a teammate saved changes too; {here}: sync to share").format(here=here)
        if self.error:
            return _("team: offline; {here}: sync to share").format(here=here)
        if self.ahead:
            return _("team: {here}: sending…").format(here=here)
        return _("team: up to date: teammates see this log")


def team_state(git: Git, error: str = "", rejected: bool = False) -> TeamState:
    """How many local commits the remote's copy of our branch lacks."""
    now = standing(git)
    if now.target.remote is None:
        return TeamState("")
    waiting = len(read_state(git.root).conflict)  # a sync found one and nobody settled it
    return TeamState(now.target.remote, now.ahead, error, rejected, conflict=waiting)


def push(git: Git) -> TeamState:
    """Push the current branch to its remote (no force, no prompt); the state after."""
    where = find_target(git)
    if where.remote is None:
        return TeamState("")
    pushed = push_branch(git, where)
    if pushed.failed:
        return team_state(git, pushed.said or _("push failed"), pushed.moved)
    return team_state(git)


@dataclass(frozen=True)
class Opened:
    """An incident a teammate opened, as both apps announce it."""

    incident_id: str
    """Its id (the file name without ``.toml``)."""
    sentence: str
    """``Ana opened Hacked account (high): C to join``, in the person's language."""


def opened_by_teammates(store: Store, paths: Iterable[str]) -> list[Opened]:
    """The incidents at ``paths`` (a sync's ``opened``) that are still open, each as one
    sentence naming who opened it, the playbook and the severity. Read from the files (worker
    thread); one that cannot be read is left out: the incident list shows it anyway."""
    from smgov_tui.store.incidents import Incidents  # crisis mode has it loaded already

    incidents = Incidents(store)
    found: list[Opened] = []
    for path in paths:
        kind_and_id = k.kind_for_path(path)
        if kind_and_id is None or kind_and_id[0] is not k.INCIDENTS:
            continue
        try:
            current = incidents.read(kind_and_id[1])
        except (StoreError, ValueError):
            continue
        incident = current.incident
        if incident.status != "open":
            continue
        who = incident.opened_by.partition("<")[0].strip() or _("A teammate")
        severity = current.crisis.severity
        sentence = _("{who} opened {playbook} ({severity}): C to join").format(
            who=who,
            playbook=current.crisis.playbook.title or incident.playbook,
            severity=(severity.label if severity is not None else "") or incident.severity,
        )
        found.append(Opened(current.id, " ".join(sentence.split())))
    return found


@dataclass(frozen=True)
class Shared:
    """What one crisis-mode sync did, for the team line and the screens."""

    state: TeamState
    """The team line's state after it."""
    result: SyncResult | None = None
    """The sync's result; None when none ran (no remote, or another sync was running)."""
    opened: tuple[Opened, ...] = ()
    """Incidents teammates opened that this sync brought, to announce."""

    @property
    def arrived(self) -> tuple[str, ...]:
        """Paths the sync changed here (a teammate's log entries among them)."""
        return tuple(self.result.arrived) if self.result is not None else ()


def share(store: Store) -> Shared:
    """Crisis mode's sync: take the team's commits in and push ours (worker thread).

    Conflicts are never settled here: the state says one waits. While another sync or a
    background fetch holds the lock (the main app's, ``smgov sync``), this waits for it.
    """
    if find_target(store.git).remote is None:
        return Shared(TeamState(""))
    # Imported here: sync brings the merge machinery, which crisis mode's first screen does
    # not need (``smgov crisis`` starts fast; see bench/).
    from smgov_tui.store.sync import sync

    # Another sync may hold the lock (the main app's, a background fetch, the start
    # screen's): wait for it (this runs in a worker, never on the UI thread), then sync.
    result = sync(store, wait=True)
    opened = tuple(opened_by_teammates(store, result.opened)) if result.opened else ()
    if result.ok or result.status == "no-remote":
        return Shared(team_state(store.git), result, opened)
    if result.status == "conflicts":
        now = team_state(store.git)
        state = TeamState(now.remote, now.ahead, conflict=max(1, len(result.conflicts)))
        return Shared(state, result, opened)
    now = team_state(store.git, result.message)
    if result.status in ("unreachable", "auth"):
        return Shared(now, result, opened)
    return Shared(TeamState(now.remote, now.ahead, now.error, stopped=True), result, opened)
