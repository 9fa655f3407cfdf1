"""The loaded workspace: every record by kind and id, with the file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec

from smgov_tui.core import kinds as k
from smgov_tui.core import records as r
from smgov_tui.core.problems import Problem

R = TypeVar("R", bound=r.Record)


class Entry(msgspec.Struct, Generic[R]):
    """One record file as loaded: its id, path, text, parsed table and typed record."""

    kind: k.Kind
    """Kind of record."""
    id: str
    """Id, from the file name."""
    path: str
    """Workspace-relative path, forward slashes."""
    text: str
    """File text as read; a save compares the disk against it to refuse lost updates."""
    raw: dict[str, Any]
    """Parsed table (tomllib), unknown keys included; empty when the TOML is invalid."""
    record: R | None
    """Typed record, or None when the file is not valid."""


class EntriesById(dict[str, "Entry[Any]"]):
    """The entries of one kind by id: a dict that counts its changes.

    ``WorkspaceData.records`` keeps its result until the dict changes, so rules that ask for
    ``data.owners`` once per account cost a lookup, not a rebuild of the whole dict.
    """

    version = 0

    def _changed(self) -> None:
        self.version += 1

    def __setitem__(self, key: str, value: Entry[Any]) -> None:
        self._changed()
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._changed()
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        """dict.pop, counted."""
        self._changed()
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, Entry[Any]]:
        """dict.popitem, counted."""
        self._changed()
        return super().popitem()

    def clear(self) -> None:
        """dict.clear, counted."""
        self._changed()
        super().clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        """dict.update, counted."""
        self._changed()
        super().update(*args, **kwargs)

    def setdefault(self, key: str, default: Any = None) -> Any:
        """dict.setdefault, counted."""
        self._changed()
        return super().setdefault(key, default)

    def __ior__(self, other: Any) -> EntriesById:  # type: ignore[override,misc]
        self._changed()
        super().update(other)
        return self


@dataclass
class WorkspaceData:
    """Everything in a workspace, as loaded at one moment."""

    meta: r.WorkspaceMeta | None = None
    """workspace.toml, or None when it is missing or invalid."""
    entries: dict[str, dict[str, Entry[Any]]] = field(
        default_factory=lambda: {kind.name: EntriesById() for kind in k.ALL_KINDS}
    )
    """Entries by kind name, then by id (single-file kinds use their fixed id).

    Replace an entry with a new one rather than changing an Entry in place: ``records``
    caches its result until the dict of the kind changes."""
    _records: dict[str, tuple[EntriesById, int, dict[str, Any]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    problems: list[Problem] = field(default_factory=list)
    """Problems found while loading: invalid TOML, schema errors, unknown keys, stray files."""

    def entry(self, kind: k.Kind, record_id: str) -> Entry[Any] | None:
        """The entry of ``kind`` with ``record_id``, if loaded."""
        return self.entries[kind.name].get(record_id)

    def records(self, kind: k.Kind) -> dict[str, Any]:
        """Valid records of ``kind`` by id (invalid files are left out). Do not modify it: it
        is shared until the entries of ``kind`` change."""
        by_id = self.entries[kind.name]
        version = by_id.version if isinstance(by_id, EntriesById) else None
        cached = self._records.get(kind.name)
        if version is not None and cached and cached[0] is by_id and cached[1] == version:
            return cached[2]
        found = {rid: e.record for rid, e in by_id.items() if e.record is not None}
        if isinstance(by_id, EntriesById):
            self._records[kind.name] = (by_id, by_id.version, found)
        return found

    def ids(self, kind: k.Kind) -> list[str]:
        """Ids of every file of ``kind``, valid or not, sorted."""
        return sorted(self.entries[kind.name])

    @property
    def accounts(self) -> dict[str, r.Account]:
        """Valid accounts by id."""
        return self.records(k.ACCOUNTS)

    @property
    def owners(self) -> dict[str, r.Owner]:
        """Valid owners by id."""
        return self.records(k.OWNERS)

    @property
    def contacts(self) -> dict[str, r.Contact]:
        """Valid crisis contacts by id."""
        return self.records(k.CONTACTS)

    @property
    def playbooks(self) -> dict[str, r.Playbook]:
        """Valid crisis playbooks by id."""
        return self.records(k.PLAYBOOKS)

    @property
    def incidents(self) -> dict[str, r.Incident]:
        """Valid incidents by id."""
        return self.records(k.INCIDENTS)

    @property
    def communication(self) -> r.CommunicationProtocol | None:
        """The communication protocol, if present and valid."""
        entry = self.entry(k.COMMUNICATION, k.COMMUNICATION.single_id)
        return entry.record if entry else None

    @property
    def management(self) -> r.ManagementProtocol | None:
        """The management protocol, if present and valid."""
        entry = self.entry(k.MANAGEMENT, k.MANAGEMENT.single_id)
        return entry.record if entry else None

    @property
    def listening(self) -> r.ListeningProtocol | None:
        """The listening protocol, if present and valid."""
        entry = self.entry(k.LISTENING, k.LISTENING.single_id)
        return entry.record if entry else None

    @property
    def default_response_hours(self) -> int:
        """The workspace's response time, 24 unless set."""
        return self.meta.default_response_hours if self.meta else 24

    @property
    def review_cadence_days(self) -> int:
        """Days between reviews of an account (management protocol), 90 unless set."""
        mgmt = self.management
        return mgmt.review_cadence_days if mgmt else 90

    def role_ids(self) -> set[str]:
        """Ids of the roles of the management protocol."""
        mgmt = self.management
        return {role.id for role in mgmt.roles} if mgmt else set()

    def references_to(self, kind: k.Kind, record_id: str) -> list[tuple[str, str]]:
        """Records that name ``record_id`` of ``kind``: (path, field) pairs."""
        found: list[tuple[str, str]] = []
        if kind is k.OWNERS:
            for aid, account in self.accounts.items():
                path = k.ACCOUNTS.path_for(aid)
                if account.owner == record_id:
                    found.append((path, "owner"))
                if account.backup_owner == record_id:
                    found.append((path, "backup_owner"))
            plan = self.meta.plan if self.meta else None
            if plan is not None:
                if plan.owner == record_id:
                    found.append((k.WORKSPACE.single_path, "plan.owner"))
                if record_id in plan.evangelists:
                    found.append((k.WORKSPACE.single_path, "plan.evangelists"))
        elif kind is k.CONTACTS:
            for pid, playbook in self.playbooks.items():
                for index, step in enumerate(playbook.steps):
                    if record_id in step.contacts:
                        found.append((k.PLAYBOOKS.path_for(pid), f"steps.{index}.contacts"))
        elif kind is k.PLAYBOOKS:
            for iid, incident in self.incidents.items():
                if incident.playbook == record_id:
                    found.append((k.INCIDENTS.path_for(iid), "playbook"))
            heard = self.listening
            for index, threshold in enumerate(heard.thresholds if heard else []):
                if threshold.playbook == record_id:
                    found.append((k.LISTENING.single_path, f"thresholds.{index}.playbook"))
        return found
