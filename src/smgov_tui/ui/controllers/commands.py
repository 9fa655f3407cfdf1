"""The command palette (ctrl+p): every action of the current screen, and every record by name.

The actions are the key bindings active where you are (the focused widget, its screen and the
app, those hidden from the footer too), each under its translated description, so whatever a
key does can also be found by name; disabled ones (``check_action``) are left out. A few get a
richer name (the record they act on), and some commands take a parameter: sort by each column
of the list on show, go to each section, open each linked record.

User text (names, handles) is shown as ``Content`` built from plain text, never parsed as
markup: the palette parses plain strings as markup, so nothing here hands it one that holds
user text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.markup import escape

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.ui.contracts import record_host

if TYPE_CHECKING:
    from smgov_tui.ui.widgets.record_table import RecordList

MAX_RECORD_HITS = 40
"""Records offered for one query (a workspace may hold thousands)."""

NOT_OFFERED = frozenset(
    {
        # moving a cursor or the focus means nothing once the palette has closed
        "cursor",
        "page",
        "edge",
        "scroll_left",
        "scroll_right",
        "focus_previous",
        "focus_next",
        "ignore_key",
        "leave_filter",
        # offered under better names: Textual's own Quit, "Go to: <section>", the palette itself
        "quit",
        "section",
        "command_palette",
    }
)
"""Actions (by name, without parameters or namespace) that the palette does not list."""


@dataclass(frozen=True)
class PaletteCommand:
    """One entry of the palette."""

    name: str
    """What the command does; may contain user text (shown literally)."""
    run: Callable[[], Any]
    help: str = ""
    action: str = ""
    """The key binding's action this command stands for (bindings covered are not listed twice)."""
    discover: bool = True
    """Listed before you type (False: only found by a search, e.g. one per column)."""


def action_name(action: str) -> str:
    """``app.export_handbook('html')`` -> ``export_handbook``."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def _record_title(data: Any, kind: k.Kind, record_id: str) -> str:
    entry = data.entry(kind, record_id)
    record = entry.record if entry else None
    if record is None:
        return record_id
    if kind is k.ACCOUNTS:
        return f"{record.handle} ({record.network})"
    if kind in (k.OWNERS, k.CONTACTS):
        return str(record.name)
    if kind in (k.PLAYBOOKS, k.INCIDENTS):
        return str(record.title or record_id)
    return kind.label


class SmgovCommands(Provider):
    """Actions that make sense where you are, then records to open by name."""

    def _actions(self) -> list[PaletteCommand]:
        from smgov_tui.ui.screens.main import MainScreen
        from smgov_tui.ui.screens.record import RecordScreen
        from smgov_tui.ui.sections import SECTIONS

        screen = self.screen
        app = record_host(screen)
        if app is None or app.snapshot is None:
            return []
        commands: list[PaletteCommand] = []
        record: tuple[k.Kind, str] | None = None
        if isinstance(screen, MainScreen):
            record = screen.current_record()
            new_kind = screen.current_section.new_kind
            if new_kind is not None:
                commands.append(
                    PaletteCommand(
                        _("New: {kind}").format(kind=new_kind.label),
                        partial(app.new_record, new_kind),
                        _("n: create a record in this section"),
                        "new",
                    )
                )
        elif isinstance(screen, RecordScreen):
            record = (screen.kind, screen.record_id)
            if screen.detail is not None:
                for block in screen.detail.blocks:
                    for cells, link in block.rows:
                        if link is not None:
                            commands.append(
                                PaletteCommand(
                                    _("Open: {name}").format(name=cells[0].plain),
                                    partial(app.open_record, link.kind, link.id),
                                    block.title,
                                )
                            )
        account_id = record[1] if record is not None and record[0] is k.ACCOUNTS else None
        commands.append(
            PaletteCommand(
                _("Check a draft for: {name}").format(name=account_id)
                if account_id
                else _("Check a draft"),
                partial(self._open_draft, account_id),
                # w is the key on an account's detail only
                _("w: a post against the network and the communication protocol")
                if isinstance(screen, RecordScreen) and account_id
                else _("a post against the network and the communication protocol"),
                "draft",
            )
        )
        if record is not None:
            kind, record_id = record
            title = _record_title(app.snapshot.store.data, kind, record_id)
            commands += [
                PaletteCommand(
                    _("Edit: {name}").format(name=title),
                    partial(app.edit_record, kind, record_id),
                    "e",
                    "edit",
                ),
                PaletteCommand(
                    _("History of: {name}").format(name=title),
                    partial(app.show_history, kind, record_id),
                    "h",
                    "history",
                ),
            ]
            if not kind.is_single:
                commands += [
                    PaletteCommand(
                        _("Duplicate: {name}").format(name=title),
                        partial(app.copy_record, kind, record_id),
                        "c",
                        "copy",
                    ),
                    PaletteCommand(
                        _("Rename: {name}").format(name=title),
                        partial(app.rename_record, kind, record_id),
                        "r",
                        "rename",
                    ),
                ]
                if kind is not k.INCIDENTS:  # closed in crisis mode, never deleted here
                    commands.append(
                        PaletteCommand(
                            _("Delete: {name}").format(name=title),
                            partial(app.delete_record, kind, record_id),
                            "d",
                            "delete",
                        )
                    )
        for number, section in enumerate(SECTIONS, 1):
            commands.append(
                PaletteCommand(
                    _("Go to: {section}").format(section=section.label()),
                    partial(app.open_section, section.id),
                    str(number),
                )
            )
        commands += [
            PaletteCommand(
                _("History of the whole workspace"), partial(app.show_history, None, None)
            ),
            PaletteCommand(_("Crisis mode"), app.action_crisis, "C", "crisis"),
            PaletteCommand(_("Sync with the team"), app.action_sync, "S", "sync"),
            PaletteCommand(
                _("Sync after every save: turn off")
                if app.sync_after_save
                else _("Sync after every save: turn on"),
                app.action_toggle_autosync,
            ),
            PaletteCommand(_("Reload the workspace from disk"), app.action_reload, "R", "reload"),
            PaletteCommand(
                _("Export the handbook (HTML, prints well)"),
                partial(app.action_export_handbook, "html"),
                "x",
                "export_handbook",
            ),
            PaletteCommand(
                _("Export the handbook (Markdown)"), partial(app.action_export_handbook, "md")
            ),
            PaletteCommand(
                _("Export the employee guide (HTML)"),
                partial(self._employee_guide, app.snapshot.store),
                _("guidelines, approved phrases, hashtags and what to do in a crisis"),
            ),
            PaletteCommand(
                _("What changed since a date (digest for management)"),
                partial(self._digest, app.snapshot.store),
                _("accounts, people, protocols, incidents and findings, as a file"),
            ),
            PaletteCommand(_("Help: every key"), app.action_help, "?", "help"),
        ]
        covered = {command.action for command in commands if command.action}
        return commands + self._sort_commands() + self._binding_commands(covered)

    def _employee_guide(self, store: Any) -> None:
        """Ask where, then write the short guide for every employee."""
        from smgov_tui.ui.controllers.export_action import start_export

        start_export(self.app, store, "html", "employees")

    def _digest(self, store: Any) -> None:
        """Ask since when and where, then write the "what changed" digest."""
        from smgov_tui.ui.controllers.export_action import start_digest

        start_digest(self.app, store)

    def _open_draft(self, account_id: str | None) -> None:
        """The Draft screen, on ``account_id`` (else the first account)."""
        from smgov_tui.ui.screens.draft import DraftScreen

        self.app.push_screen(DraftScreen(account_id))

    def _binding_commands(self, covered: set[str]) -> list[PaletteCommand]:
        """Every enabled key binding of the screen (focused widget, screen, app) not yet listed.

        Only our own bindings: Textual's widgets bind keys (cursor moves, Input editing) whose
        descriptions are not translated and mean nothing once the palette has closed.
        """
        app = self.app
        commands: list[PaletteCommand] = []
        seen: set[tuple[int, str]] = set()
        for active in self.screen.active_bindings.values():
            binding, namespace = active.binding, active.node
            name = action_name(binding.action)
            if (
                not active.enabled
                or not binding.description
                or name in NOT_OFFERED
                or name in covered
                or (id(namespace), binding.action) in seen
                or not type(namespace).__module__.startswith("smgov_tui.")
            ):
                continue
            seen.add((id(namespace), binding.action))
            commands.append(
                PaletteCommand(
                    # translated here too: a description is translated when its module is
                    # imported, in the language of that moment
                    _(binding.description),
                    partial(self._run_binding, binding, namespace),
                    app.get_key_display(binding),
                    name,
                )
            )
        return commands

    def _run_binding(self, binding: Binding, namespace: DOMNode) -> Any:
        """Do what pressing the binding's key does (once the palette has closed)."""
        return self.app.run_action(binding.action, namespace)

    def _record_list(self) -> RecordList | None:
        """The list the keyboard is in, or the main screen's list on show; None if none."""
        from smgov_tui.ui.screens.main import MainScreen
        from smgov_tui.ui.widgets.record_table import RecordList

        screen = self.screen
        focused = screen.focused
        if focused is not None:
            for node in focused.ancestors_with_self:
                if isinstance(node, RecordList):
                    return node
        if isinstance(screen, MainScreen) and isinstance(screen.current_view, RecordList):
            return screen.current_view
        return None

    def _sort_commands(self) -> list[PaletteCommand]:
        """Sort the list on show by each of its columns, either way."""
        record_list = self._record_list()
        if record_list is None or record_list.model is None:
            return []
        model = record_list.model
        commands: list[PaletteCommand] = []
        for column in model.columns:
            commands += [
                PaletteCommand(
                    _("Sort by {column}").format(column=column.label),
                    partial(record_list.sort_on, column.key, False),
                    _("or click the header of the column"),
                    discover=False,
                ),
                PaletteCommand(
                    _("Sort by {column}, descending").format(column=column.label),
                    partial(record_list.sort_on, column.key, True),
                    _("or click the header of the column"),
                    discover=False,
                ),
            ]
        return commands

    def _records(self) -> list[PaletteCommand]:
        app = record_host(self.screen)
        if app is None or app.snapshot is None:
            return []
        data = app.snapshot.store.data
        out = []
        for kind in (k.OWNERS, k.CONTACTS, k.PLAYBOOKS, k.ACCOUNTS, k.INCIDENTS):
            for record_id in data.entries[kind.name]:
                out.append(
                    PaletteCommand(
                        _("Open: {name}").format(name=_record_title(data, kind, record_id)),
                        partial(app.open_record, kind, record_id),
                        kind.label,
                    )
                )
        for kind in (k.COMMUNICATION, k.MANAGEMENT, k.LISTENING, k.WORKSPACE):
            if data.entry(kind, kind.single_id) is not None:
                out.append(
                    PaletteCommand(
                        _("Open: {name}").format(name=kind.label),
                        partial(app.open_record, kind),
                        "",
                    )
                )
        return out

    async def discover(self) -> Hits:
        """What the palette lists before you type: the actions here."""
        for command in self._actions():
            if not command.discover:
                continue
            yield DiscoveryHit(
                Content(command.name),
                command.run,
                text=command.name,
                help=escape(command.help) or None,
            )

    async def search(self, query: str) -> Hits:
        """Actions and records whose name matches ``query``."""
        matcher = self.matcher(query)
        for command in self._actions():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score,
                    self._highlight(matcher, command.name),
                    command.run,
                    text=command.name,
                    help=escape(command.help) or None,
                )
        if len(query) < 2:
            return
        found = 0
        needle = query.lower()
        for command in self._records():
            # a substring test first: fuzzy matching thousands of records would stall the palette
            if needle not in command.name.lower():
                continue
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score * 0.9,
                    self._highlight(matcher, command.name),
                    command.run,
                    text=command.name,
                    help=escape(command.help) or None,
                )
                found += 1
                if found >= MAX_RECORD_HITS:
                    return

    def _highlight(self, matcher: Any, candidate: str) -> Content:
        """Like ``Matcher.highlight`` but on plain text (that one parses markup)."""
        content = Content(candidate)
        score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
        if not score:
            return content
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
        return content
