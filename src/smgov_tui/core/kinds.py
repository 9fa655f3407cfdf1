"""The kinds of records a workspace holds, and where each lives on disk."""

from __future__ import annotations

import msgspec

from smgov_tui.core import records as r
from smgov_tui.i18n import _


class Kind(msgspec.Struct, frozen=True):
    """One kind of record: its name, its folder (or single file) and its record class."""

    name: str
    """Name used in commit messages and the CLI, e.g. ``accounts``."""
    record_type: type[r.Record]
    """Class that validates a file of this kind."""
    folder: str = ""
    """Folder holding one file per record (``accounts``), or empty for a single file."""
    single_path: str = ""
    """Path of the single file (``workspace.toml``), or empty for a folder kind."""
    single_id: str = ""
    """Id of the single record of a single-file kind."""

    @property
    def is_single(self) -> bool:
        """True when this kind is one file (workspace.toml, a protocol)."""
        return bool(self.single_path)

    def path_for(self, record_id: str) -> str:
        """Relative path of a record of this kind, with forward slashes."""
        if self.is_single:
            return self.single_path
        return f"{self.folder}/{record_id}.toml"

    @property
    def label(self) -> str:
        """Translated plural name shown to people."""
        return {
            "workspace": _("Workspace"),
            "accounts": _("Accounts"),
            "owners": _("Owners"),
            "contacts": _("Contacts"),
            "communication": _("Communication protocol"),
            "management": _("Management protocol"),
            "listening": _("Listening protocol"),
            "playbooks": _("Crisis playbooks"),
            "incidents": _("Incidents"),
        }[self.name]


WORKSPACE = Kind("workspace", r.WorkspaceMeta, single_path="workspace.toml", single_id="workspace")
ACCOUNTS = Kind("accounts", r.Account, folder="accounts")
OWNERS = Kind("owners", r.Owner, folder="owners")
CONTACTS = Kind("contacts", r.Contact, folder="contacts")
COMMUNICATION = Kind(
    "communication",
    r.CommunicationProtocol,
    single_path="protocols/communication.toml",
    single_id="communication",
)
MANAGEMENT = Kind(
    "management",
    r.ManagementProtocol,
    single_path="protocols/management.toml",
    single_id="management",
)
LISTENING = Kind(
    "listening",
    r.ListeningProtocol,
    single_path="protocols/listening.toml",
    single_id="listening",
)
PLAYBOOKS = Kind("playbooks", r.Playbook, folder="protocols/crisis")
INCIDENTS = Kind("incidents", r.Incident, folder="incidents")

ALL_KINDS: tuple[Kind, ...] = (
    WORKSPACE,
    ACCOUNTS,
    OWNERS,
    CONTACTS,
    COMMUNICATION,
    MANAGEMENT,
    LISTENING,
    PLAYBOOKS,
    INCIDENTS,
)
KINDS_BY_NAME: dict[str, Kind] = {k.name: k for k in ALL_KINDS}
FOLDER_KINDS: tuple[Kind, ...] = tuple(k for k in ALL_KINDS if not k.is_single)
SINGLE_KINDS: tuple[Kind, ...] = tuple(k for k in ALL_KINDS if k.is_single)


def kind_for_path(path: str) -> tuple[Kind, str] | None:
    """The kind and id of the record stored at ``path`` (relative, forward slashes)."""
    for kind in SINGLE_KINDS:
        if path == kind.single_path:
            return kind, kind.single_id
    if not path.endswith(".toml"):
        return None
    folder, _sep, name = path.rpartition("/")
    for kind in FOLDER_KINDS:
        if folder == kind.folder:
            return kind, name[: -len(".toml")]
    return None
