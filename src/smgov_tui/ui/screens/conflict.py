"""The conflict screen: the same field changed here and on the remote; pick, field by field.

Each conflicting field is a row (record, field, base, mine, theirs, and the result: the value
kept); the full base, mine and theirs values of the highlighted field stand side by side
below. ``m`` keeps mine, ``t`` theirs, ``e`` types another value. After a sync, ``ctrl+s``
validates the result, commits it (the local commits are replayed onto the remote's, then one
settlement commit names what was taken from whom) and pushes; opened from a form, it puts the
result in the form, which is saved as usual. Escape leaves without changing anything: the
local commits stay as they were, and the choices made so far are kept by the caller (the
``picks`` it passes) for the next time the screen opens, until the conflict is settled.

The columns share the screen's width (recomputed on resize), so Theirs and Result are never
cut off at 80 columns; the values stand in full below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from smgov_tui.core.merge import (
    MISSING,
    FieldConflict,
    Pick,
    describe,
    edit_prefill,
    value_from_text,
)
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.store import Store
from smgov_tui.store.sync import RecordConflict, SyncResult, resolve
from smgov_tui.ui.widgets.footer import SmgovFooter

Resolver = Callable[[Store, dict[str, dict[str, Pick]]], SyncResult]


def record_label(conflict: RecordConflict) -> str:
    """``ana-ruiz (Owners)`` for a record, or its path for any other file."""
    found = conflict.kind_and_id
    if found is None:
        return conflict.path
    kind, record_id = found
    return kind.label if kind.is_single else f"{record_id} ({kind.label})"


def show_value(value: Any, whole_file: bool = False) -> str:
    """A value as the screen shows it; a missing one says whether it was deleted or never set."""
    if value is MISSING:
        return _("(deleted)") if whole_file else _("(not set)")
    return describe(value)


def _one_line(text: str, width: int = 18) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass(frozen=True)
class _Row:
    conflict: RecordConflict
    field: FieldConflict

    @property
    def key(self) -> str:
        return f"{self.conflict.path}\x1f{self.field.dotted}"


class ConflictScreen(Screen[SyncResult | None]):
    """Settle a sync's conflicts field by field, then commit and push."""

    CSS_PATH = "conflict.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "pick('mine')", _("Mine"), id="conflict.mine"),
        Binding("t", "pick('theirs')", _("Theirs"), id="conflict.theirs"),
        Binding("e", "edit", _("Edit value"), id="conflict.edit"),
        Binding("M", "pick_all('mine')", _("All mine"), id="conflict.all-mine", show=False),
        Binding("T", "pick_all('theirs')", _("All theirs"), id="conflict.all-theirs", show=False),
        Binding("ctrl+s", "apply('push')", _("Apply and push"), id="conflict.apply"),
        Binding("ctrl+s", "apply('form')", _("Put in the form"), id="conflict.apply-form"),
        Binding("escape", "cancel", _("Cancel"), id="conflict.cancel"),
    ]

    @dataclass
    class Resolved(Message):
        """The resolution worker finished."""

        result: SyncResult

    def __init__(
        self,
        store: Store,
        conflicts: list[RecordConflict],
        resolver: Resolver | None = None,
        picks: dict[str, Pick] | None = None,
        into_form: bool = False,
    ) -> None:
        """``picks`` is the caller's own dict (by row key): the screen fills it, so what was
        chosen survives Escape. ``into_form``: opened from a form, whose save commits."""
        super().__init__()
        self.store = store
        self.conflicts = conflicts
        self.resolver: Resolver = resolver or resolve
        self.picks: dict[str, Pick] = picks if picks is not None else {}
        """Picks by row key (path and dotted field)."""
        self.into_form = into_form
        self.rows: list[_Row] = []
        self.busy = False
        self.widths: tuple[int, ...] = ()
        """The columns' widths the table was last filled with."""

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Explanation, the table of fields, the three versions side by side, the message."""
        if self.into_form:
            title = _("Saved by someone else while you edited: choose, field by field")
            intro = _(
                "Nothing has been changed yet. For each field, keep mine (m: the form's), "
                "theirs (t: the file's) or type another value (e); then ctrl+s puts the result "
                "in the form, and saving the form commits it. Esc leaves the form as it was."
            )
        else:
            title = _("Sync: the same fields were changed here and on the remote")
            intro = _(
                "Nothing has been changed yet and your commits are safe. For each field, "
                "keep mine (m), theirs (t) or type another value (e); then ctrl+s checks the "
                "result, commits it and pushes. Esc leaves everything as it was and keeps "
                "your choices for the next time."
            )
        yield Static(Text(title), id="conflict-title")
        yield Static(Text(intro), id="conflict-intro")
        table: DataTable[Text] = DataTable(
            id="conflict-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        with Horizontal(id="conflict-sides"):
            for side, title in (
                ("base", _("Base (before)")),
                ("mine", _("Mine (here)")),
                ("theirs", _("Theirs (remote)")),
            ):
                with Vertical(classes="conflict-side", id=f"side-{side}"):
                    yield Static(Text(title), classes="conflict-side-title")
                    yield Static(Text(""), classes="conflict-side-value", id=f"value-{side}")
        yield Static(Text(""), id="conflict-message")
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Fill the table and show the first field."""
        self._fill()
        self.query_one("#conflict-table", DataTable).focus()

    def on_resize(self) -> None:
        """Share the new width among the columns (the table keeps its cursor)."""
        if self.rows and self._widths() != self.widths:
            table = self.query_one("#conflict-table", DataTable)
            row = table.cursor_row
            self._fill()
            table.move_cursor(row=row)

    COLUMNS: ClassVar[tuple[str, ...]] = ("record", "field", "base", "mine", "theirs", "result")

    def _widths(self) -> tuple[int, ...]:
        """Each column's width: record and field take what they need up to a share, the four
        values split the rest (the base a smaller part), so every column shows at the
        screen's width (80 and up)."""
        rows = [_Row(c, f) for c in self.conflicts for f in c.fields]
        # Each column is padded by one cell on both sides; 2 more for the scroll bar.
        room = max(self.size.width, 60) - 2 * len(self.COLUMNS) - 2
        record = min(max((len(record_label(r.conflict)) for r in rows), default=6), room // 5)
        field = min(
            max((len(r.field.dotted or _("(whole file)")) for r in rows), default=5), room // 4
        )
        record, field = max(record, 6), max(field, 5)
        rest = max(room - record - field, 24)
        base = rest * 2 // 11  # the base matters least; it stands in full below
        value = rest * 3 // 11
        return (record, field, base, value, value, rest - base - 2 * value)

    def _fill(self) -> None:
        table = self.query_one("#conflict-table", DataTable)
        self.widths = self._widths()
        table.clear(columns=True)
        titles = (_("Record"), _("Field"), _("Base"), _("Mine"), _("Theirs"), _("Result"))
        for key, title, width in zip(self.COLUMNS, titles, self.widths, strict=True):
            table.add_column(title, key=key, width=width)
        self.rows = [_Row(c, f) for c in self.conflicts for f in c.fields]
        record_w, field_w, base_w, value_w = self.widths[:4]
        for row in self.rows:
            whole = row.conflict.whole_file
            table.add_row(
                Text(_one_line(record_label(row.conflict), record_w)),
                Text(_one_line(row.field.dotted or _("(whole file)"), field_w)),
                Text(_one_line(show_value(row.field.base, whole), base_w)),
                Text(_one_line(show_value(row.field.ours, whole), value_w)),
                Text(_one_line(show_value(row.field.theirs, whole), value_w)),
                self._result_text(row),
                key=row.key,
            )
        self._show_sides()
        self._count()

    def _result_text(self, row: _Row) -> Text:
        """What the record will hold: ``? choose``, or the kept value and whose it is."""
        pick = self.picks.get(row.key)
        if pick is None:
            return Text(_("? choose"), style="bold")
        whole = row.conflict.whole_file
        width = self.widths[-1] if self.widths else 18
        if pick.side == "mine":
            said = _("mine: {value}").format(value=show_value(row.field.ours, whole))
        elif pick.side == "theirs":
            said = _("theirs: {value}").format(value=show_value(row.field.theirs, whole))
        else:
            said = _("typed: {value}").format(value=show_value(pick.value))
        return Text(_one_line(said, width))

    def _current(self) -> _Row | None:
        table = self.query_one("#conflict-table", DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _show_sides(self) -> None:
        row = self._current()
        for side in ("base", "mine", "theirs"):
            widget = self.query_one(f"#value-{side}", Static)
            if row is None:
                widget.update(Text(""))
                continue
            value = {"base": row.field.base, "mine": row.field.ours, "theirs": row.field.theirs}[
                side
            ]
            widget.update(Text(show_value(value, row.conflict.whole_file)))
            pick = self.picks.get(row.key)
            kept = pick is not None and pick.side == side
            self.query_one(f"#side-{side}", Vertical).set_class(kept, "-kept")

    def _count(self, message: str = "", bad: bool = False) -> None:
        left = sum(1 for row in self.rows if row.key not in self.picks)
        if not message:
            if left:
                message = ngettext(
                    "Still to choose: {left} of {total} field.",
                    "Still to choose: {left} of {total} fields.",
                    len(self.rows),
                ).format(left=left, total=len(self.rows))
            elif self.into_form:
                message = _("Every field is chosen: ctrl+s puts them in the form.")
            else:
                message = _("Every field is chosen: ctrl+s to check, commit and push.")
        widget = self.query_one("#conflict-message", Static)
        widget.update(Text(message))
        widget.set_class(bad, "-bad")

    @on(DataTable.RowHighlighted, "#conflict-table")
    def _highlighted(self) -> None:
        self._show_sides()

    # --- picking -------------------------------------------------------------------------

    def _set_pick(self, row: _Row, pick: Pick) -> None:
        self.picks[row.key] = pick
        table = self.query_one("#conflict-table", DataTable)
        table.update_cell(row.key, "result", self._result_text(row))
        self._show_sides()
        self._count()

    def action_pick(self, side: str) -> None:
        """Keep mine or theirs for the highlighted field, and move to the next one."""
        row = self._current()
        if row is None or self.busy:
            return
        self._set_pick(row, Pick("mine" if side == "mine" else "theirs"))
        self._next()

    def _next(self) -> None:
        table = self.query_one("#conflict-table", DataTable)
        if table.cursor_row < len(self.rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_pick_all(self, side: str) -> None:
        """Keep mine (or theirs) for every field."""
        if self.busy:
            return
        for row in self.rows:
            self._set_pick(row, Pick("mine" if side == "mine" else "theirs"))

    def action_edit(self) -> None:
        """Type the value to keep for the highlighted field."""
        from smgov_tui.ui.modals.text_prompt import TextPrompt

        row = self._current()
        if row is None or self.busy:
            return
        if row.conflict.whole_file:
            self.notify(
                _("A whole file cannot be edited here: keep mine or theirs, then edit the record."),
                severity="warning",
            )
            return
        current = self.picks.get(row.key)
        start = current.value if current is not None and current.side == "edit" else row.field.ours
        like = row.field.ours if row.field.ours is not MISSING else row.field.theirs

        def done(answer: str | None) -> None:
            if answer is None:
                return
            self._set_pick(row, Pick("edit", value_from_text(answer, like)))
            self._next()

        self.app.push_screen(
            TextPrompt(
                _("{record}: {field}").format(
                    record=record_label(row.conflict), field=row.field.dotted
                ),
                _(
                    "Type the value to keep. Text is kept as typed; numbers, true/false, dates "
                    '(2026-11-22) and lists (["a", "b"]) are read as TOML.'
                ),
                required=False,
                value=edit_prefill(start),
            ),
            done,
        )

    # --- applying ------------------------------------------------------------------------

    def picks_by_file(self) -> dict[str, dict[str, Pick]]:
        """The picks made so far, by file path and dotted field."""
        out: dict[str, dict[str, Pick]] = {}
        for row in self.rows:
            pick = self.picks.get(row.key)
            if pick is not None:
                out.setdefault(row.conflict.path, {})[row.field.dotted] = pick
        return out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+s says what it does: apply and push after a sync, put in the form from one."""
        if action == "apply" and parameters:
            return (parameters[0] == "form") == self.into_form
        return True

    def action_apply(self, how: str = "push") -> None:
        """Check the result, commit it and push (in a worker); from a form, hand it back."""
        if self.busy:
            return
        left = [row for row in self.rows if row.key not in self.picks]
        if left:
            self._count(
                _("Choose a value for every field first ({left} left).").format(left=len(left)),
                bad=True,
            )
            table = self.query_one("#conflict-table", DataTable)
            table.move_cursor(row=self.rows.index(left[0]))
            return
        self.busy = True
        if not self.into_form:
            self._count(_("Checking, committing and pushing..."))
        self._resolve(self.picks_by_file())

    @work(thread=True, exclusive=True, exit_on_error=False, group="git")
    def _resolve(self, picks: dict[str, dict[str, Pick]]) -> None:
        self.post_message(self.Resolved(self.resolver(self.store, picks)))

    @on(Resolved)
    def _resolved(self, event: Resolved) -> None:
        self.busy = False
        result = event.result
        if result.status != "conflicts":
            self.dismiss(result)
            return
        if result.problems:
            lines = [_("The chosen values are not valid; nothing was changed:")]
            lines += [f"  {p.location()}: {p.message}" for p in result.problems]
            self._count("\n".join(lines), bad=True)
            return
        # The remote moved meanwhile and brought new conflicts: keep the picks that still apply.
        self.conflicts = result.conflicts
        self._fill()
        self._count(_("The remote changed meanwhile: check the fields again."), bad=True)

    def action_cancel(self) -> None:
        """Leave without changing anything."""
        if not self.busy:
            self.dismiss(None)
