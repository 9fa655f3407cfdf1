"""The form that creates or edits one record of any kind, and saves it as one commit.

``EditScreen(store, kind, record_id)`` edits a record; ``record_id=None`` creates one (the form
asks for its id); ``copy_from=id`` creates one starting from a copy of another. The screen
dismisses with the store's ``SaveResult`` after a save, or ``None`` when cancelled. A form that
edits a record closes as soon as the file is written, with a ``Written`` result: the app then
follows git's commit (if git refuses it, the form comes back with the person's values and
why). The save's messages are described in :mod:`smgov_tui.ui.screens.edit.saving`.

Values start from the table as read (``entry.raw``, unknown keys included) with the form's fields
on top, so a save rewrites only what the person changed. Validation runs in a worker a moment
after each change, with the same rules as ``smgov check``; a save runs in a worker too.
"""

from __future__ import annotations

import dataclasses
import tomllib
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input, Select, SelectionList, Static, Switch, TextArea
from textual.worker import Worker

from smgov_tui.core import kinds as k
from smgov_tui.core import labels
from smgov_tui.core.merge import merge_for_form
from smgov_tui.core.problems import Problem, count_errors, count_problems, count_warnings
from smgov_tui.core.slug import is_slug, slugify
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.errors import ConflictError, StoreError, ValidationFailed
from smgov_tui.store.store import SaveResult, Store
from smgov_tui.store.textfile import loads, read_exact_or_none
from smgov_tui.ui.contracts import RecordHost
from smgov_tui.ui.modals.confirm import ConfirmModal
from smgov_tui.ui.present.copy_names import copy_id, copy_name
from smgov_tui.ui.present.formspec import form_for, overlay
from smgov_tui.ui.screens.edit.saving import (
    SAVE_GROUP,
    SAVING_NOTICE_DELAY,
    CommitFinished,
    Committed,
    NotWritten,
    RecordWritten,
    Written,
)
from smgov_tui.ui.screens.styled_once import StyledOnceScreen
from smgov_tui.ui.textual_internals import born_compact
from smgov_tui.ui.widgets.fields import (
    FieldEditor,
    ItemBox,
    ItemsEditor,
    ListEditor,
    Registry,
    build_editor,
)
from smgov_tui.ui.widgets.footer import SmgovFooter

if TYPE_CHECKING:
    from collections.abc import Callable

    from smgov_tui.core.merge import Pick
    from smgov_tui.store.sync import RecordConflict, SyncResult

ID_FIELD = "__id__"
"""Registry key of the id input of a new record."""
VALIDATE_DELAY = 0.3
"""Seconds of quiet typing before the form is validated again."""


def _kind_word(kind: k.Kind) -> str:
    return {
        "workspace": _("workspace settings"),
        "accounts": _("account"),
        "owners": _("owner"),
        "contacts": _("crisis contact"),
        "communication": _("communication protocol"),
        "management": _("management protocol"),
        "listening": _("listening protocol"),
        "playbooks": _("crisis playbook"),
    }.get(kind.name, kind.name)


class IdEditor(Vertical):
    """The id of a new record: a slug, unique among the records of its kind.

    When the kind makes the id from other fields (an account's network and handle, a person's
    name), the id is shown as derived: greyed, with a line saying what it is made from, and a
    button to choose one's own. Typing into it is then a choice the person made, and the line
    says the id no longer follows the fields. Anything may be typed; a character an id cannot
    hold is named by the problem line, never silently dropped.
    """

    DEFAULT_CSS = """
    IdEditor {
        layout: grid;
        grid-size: 2;
        grid-columns: 24 1fr;
        grid-rows: auto;
        height: auto;
        margin-bottom: 1;
    }
    IdEditor > #id-row { height: auto; }
    IdEditor > #id-row > Input { width: 1fr; }
    IdEditor > #id-row > Button { margin-left: 1; }
    IdEditor > .id-hint { column-span: 2; color: $text-muted; padding-left: 1; }
    IdEditor > .field-problems { column-span: 2; color: $error; padding-left: 1; display: none; }
    IdEditor.-problems > .field-problems { display: block; }
    """

    class Chosen(Message):
        """The person chose to type the id themselves."""

    def __init__(self, value: str, derived_from: str = "") -> None:
        super().__init__(id="field-id")
        self.initial = value
        self.derived_from = derived_from
        """The labels of the fields the id is made from ("Network and Handle"), or empty."""

    @property
    def derived(self) -> bool:
        """True while the id follows other fields (the input greyed, not focusable)."""
        return bool(self.derived_from) and self.query_one("#id-input", Input).disabled

    def compose(self) -> ComposeResult:
        """Label, input (and the button to choose it), what it is made from, problems."""
        yield Static(Text(_("Id (file name) *")), classes="field-label")
        with Horizontal(id="id-row"):
            yield born_compact(
                Input(
                    self.initial,
                    placeholder=_("e.g. {example}").format(example="ana-ruiz"),
                    id="id-input",
                    max_length=64,
                    select_on_focus=False,
                    disabled=bool(self.derived_from),
                )
            )
            if self.derived_from:
                yield born_compact(Button(_("Type my own"), id="id-choose"))
        if self.derived_from:
            yield Static(
                Text(_("Made from {fields}.").format(fields=self.derived_from)),
                classes="id-hint",
            )
        yield Static("", classes="field-problems", markup=False)

    def focus_control(self) -> None:
        """Focus the id (the button that unlocks it while it is derived)."""
        if self.derived:
            self.query_one("#id-choose", Button).focus()
        else:
            self.query_one("#id-input", Input).focus()

    @on(Button.Pressed, "#id-choose")
    def choose(self) -> None:
        """Let the person type the id: it stops following the fields it was made from."""
        field = self.query_one("#id-input", Input)
        field.disabled = False
        self.query_one("#id-choose", Button).remove()
        self.query_one(".id-hint", Static).update(
            Text(_("Your own id: it no longer follows {fields}.").format(fields=self.derived_from))
        )
        field.focus()
        field.cursor_position = len(field.value)  # typing goes on from the id shown
        self.post_message(self.Chosen())

    def show_problems(self, problems: list[Problem]) -> None:
        """Show why the id cannot be used."""
        self.query_one(".field-problems", Static).update(
            Text("\n".join(p.message for p in problems), style="bold")
        )
        self.set_class(bool(problems), "-problems")


class EditScreen(StyledOnceScreen, Screen[SaveResult | None]):
    """Create or edit one record; ctrl+s saves it as one commit, escape leaves."""

    CSS_PATH = "edit.tcss"
    AUTO_FOCUS = ""  # on_mount focuses the first field; Textual's "*" would focus the scroll
    # column first and restyle the whole form twice
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Save"), id="form.save"),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel"),
        # The app's single-letter keys must not act from a form: a letter typed while a
        # dropdown or checkbox has focus would open Crisis, Help, Sync... or quit (q, then the
        # y of the next word answering "Quit without saving?"). Only ctrl+q quits from a form.
        *(
            Binding(key, "ignore_key", _("Not available in a form"), show=False)
            for key in ("q", "question_mark", "C", "S", "R", "x")
        ),
    ]

    def __init__(
        self,
        store: Store,
        kind: k.Kind,
        record_id: str | None,
        *,
        copy_from: str | None = None,
        field: str = "",
    ) -> None:
        super().__init__()
        self.store = store
        self.start_field = field
        """The dotted field the cursor starts in (a finding's, from Health), if any."""
        self.kind = kind
        self.form = form_for(kind)
        if kind.is_single:
            record_id = kind.single_id
        entry = store.data.entry(kind, record_id) if record_id else None
        self.creating = entry is None
        self.copy_from = copy_from if self.creating else None
        source = store.data.entry(kind, self.copy_from) if self.copy_from else entry
        self.record_id = record_id or ""
        self.base_text: str | None = entry.text if entry else None
        self.raw: dict[str, Any] = dict(source.raw) if source else {}
        self.source_raw = dict(self.raw)
        """The table as read (for a copy: the original's, before its name is marked)."""
        if self.copy_from and source is not None:
            self._mark_copy_name()
        self.broken = ""
        """Why this record cannot be edited in a form (its file is not TOML), or empty."""
        if source is not None:
            try:
                loads(source.text)
            except (tomllib.TOMLDecodeError, RecursionError) as error:
                self.broken = _(
                    "{path} is not valid TOML ({error}); fix it in a text editor first, "
                    "so nothing in it is lost."
                ).format(path=source.path, error=error)
        self._initial_values: dict[str, Any] | None = None
        # a copy's id is the original's marked as a copy (copy_id): chosen, not derived
        self._id_touched = (bool(record_id) and self.creating) or self.copy_from is not None
        self._suggested_id = ""
        self._generation = 0
        self._checked_generation = -1
        self._problems: list[Problem] = []
        self._registry: Registry = {}
        self._timer: Timer | None = None
        self._save_worker: Worker[Committed | None] | None = None
        """The app's worker running this form's latest save (``ui/screens/edit/saving.py``)."""
        self.conflict_pending = False
        """Saving was refused because the file changed on disk; a merge is needed first."""
        self.merged_unsaved = False
        """The form was reopened on merged values that hold unsaved edits."""
        self._refused = False
        """The banner says why the last save was refused (it follows the errors)."""
        self.opening_banner = ""
        """Said in the banner as the form opens (why it came back)."""

    # --- layout ------------------------------------------------------------------------

    def _title(self) -> Text:
        word = _kind_word(self.kind)
        if self.copy_from:
            return Text(_("New {kind}, copied from {id}").format(kind=word, id=self.copy_from))
        if self.creating:
            return Text(_("New {kind}").format(kind=word))
        if self.kind.is_single:
            return Text(_("Edit the {kind}").format(kind=word))
        return Text(_("Edit {kind} {id}").format(kind=word, id=self.record_id))

    def _mark_copy_name(self) -> None:
        """A copy's name (or title) says it is one, and differs from every other record's."""
        if len(self.form.id_from) != 1:
            return  # an account is named by its network and handle: a copy keeps them
        field = self.form.id_from[0]
        name = self.raw.get(field)
        if not isinstance(name, str) or not name.strip():
            return
        taken = {
            str(entry.raw.get(field, ""))
            for entry in self.store.data.entries[self.kind.name].values()
        }
        self.raw[field] = copy_name(name, taken)

    def _first_id(self) -> str:
        if self.record_id:
            return self.record_id
        if self.copy_from:
            return copy_id(self.copy_from, self.store.data.ids(self.kind))
        return ""

    def _unique(self, base: str) -> str:
        taken = set(self.store.data.ids(self.kind))
        candidate, n = base, 2
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        return candidate

    def compose(self) -> ComposeResult:
        """Heading, author, messages, the fields in a scrolling column, the footer."""
        with Vertical(id="form-head"):
            yield Static(self._title(), id="form-title")
            yield Static(Text(_("Author: ...")), id="form-author")
            yield Static("", id="form-banner", markup=False)
        body = VerticalScroll(id="form-body")
        body.can_focus = False  # the fields take focus; the column scrolls to them
        with body:
            if self.creating and not self.kind.is_single:
                yield IdEditor(self._first_id(), "" if self._id_touched else self._derived_from())
            for spec in self.form.fields:
                yield build_editor(spec, self.raw.get(spec.name), self.store.data, self.raw)
        yield Static("", id="form-status", markup=False)
        yield SmgovFooter()

    def on_mount(self) -> None:
        """Remember the starting values; once the form is on screen, find the author and
        validate (both in workers, which would otherwise compete with drawing the form)."""
        self._initial_values = self.values()
        if self.broken:
            self._banner(self.broken)
        elif self.opening_banner:
            self._banner(self.opening_banner)
        self.call_after_refresh(self._load_author)
        self.call_after_refresh(self._validate_now)
        self._first_field().focus_control()

    def _first_field(self) -> FieldEditor | ItemBox | IdEditor:
        """Where the cursor starts: the first field a person fills. For a new record whose
        id is made from other fields, the first of those (an account's network, a person's
        or a contact's name, a playbook's title): the id follows it, shown as derived, so
        starting on it would have the person type what smgov writes for them. For a new
        record of a kind without that, its id. For an existing record, its first field."""
        editors = self._editors()
        if self.start_field and not self.creating:  # Health's Enter: the finding's field
            self._registry = self.collect()[1]  # the editors by dotted path
            editor = self._editor_for(self.start_field)
            if editor is not None:
                self.call_after_refresh(editor.scroll_visible)
                return editor
        if self.creating and not self.kind.is_single and not self.form.id_from:
            return self.query_one(IdEditor)
        if self.creating and self.form.id_from:
            return next((e for e in editors if e.spec.name in self.form.id_from), editors[0])
        return editors[0] if editors else self.query_one(IdEditor)

    def _derived_from(self) -> str:
        """The labels of the fields a new record's id is made from, as a person reads them."""
        shown = [labels.label(self.kind.record_type, name) for name in self.form.id_from]
        if len(shown) < 2:
            return "".join(shown)
        return _("{first} and {last}").format(first=", ".join(shown[:-1]), last=shown[-1])

    @on(IdEditor.Chosen)
    def _id_chosen(self) -> None:
        self._id_touched = True

    # --- values --------------------------------------------------------------------------

    def _editors(self) -> list[FieldEditor]:
        return list(self.query_one("#form-body").query_children(FieldEditor))

    def collect(self) -> tuple[dict[str, Any], Registry]:
        """The record's values (raw table with the form on top) and the editors by path."""
        registry: Registry = {}
        values = {e.spec.name: e.collect("", registry) for e in self._editors()}
        new_file = self.creating and not self.copy_from  # a copy keeps the original's keys
        return overlay(self.raw, self.form.fields, values, new_file), registry

    def values(self) -> dict[str, Any]:
        """The record's values as the form holds them now."""
        return self.collect()[0]

    @property
    def validation_pending(self) -> bool:
        """Whether the last change still waits for its validation (the debounce or the
        worker): the problems on show are those of the values on screen only once it is False.
        Tests wait on it instead of sleeping out the debounce."""
        return self._checked_generation != self._generation

    def current_id(self) -> str:
        """The id being edited or created."""
        if self.creating and not self.kind.is_single:
            return self.query_one("#id-input", Input).value.strip()
        return self.record_id

    def is_changed(self) -> bool:
        """True when the form differs from what it started with."""
        if self._initial_values is None:
            return False
        if self.merged_unsaved:
            return True
        if (
            self.creating
            and not self.kind.is_single
            and self._id_touched
            and self.current_id() != self._first_id()
        ):
            return True
        return self.values() != self._initial_values

    def has_unsaved_changes(self) -> bool:
        """True when leaving would lose edits (the app asks before quitting)."""
        return self.is_changed() and not self.saving

    @property
    def saving(self) -> bool:
        """True while this form's save runs (until git has made the commit or refused it)."""
        return self._save_worker is not None and not self._save_worker.is_finished

    @property
    def closes_early(self) -> bool:
        """An edit's form closes as soon as the record is written, and shows it while git
        makes the commit; a new record's form (or a copy's) waits for the commit."""
        return not self.creating and self.copy_from is None

    def _id_problems(self) -> list[Problem]:
        if not self.creating or self.kind.is_single:
            return []
        new_id = self.current_id()
        path = self.kind.path_for(new_id or "?")
        message = ""
        if not new_id:
            message = _("an id is needed; it becomes the file name, e.g. ana-ruiz")
        elif not is_slug(new_id):
            message = _(
                '"{id}" is not an id: use lower-case letters, digits and single hyphens, '
                "at most 64 characters"
            ).format(id=new_id)
        elif new_id in self.store.data.entries[self.kind.name]:
            message = _('"{id}" is already used by {path}; choose another id').format(
                id=new_id, path=path
            )
        return [Problem(path, None, ID_FIELD, message)] if message else []

    # --- reacting to edits -----------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Switch.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    @on(ListEditor.Changed)
    @on(ItemsEditor.Changed)
    def _edited(self, event: Message) -> None:
        if self._initial_values is None:
            return
        control = event.control
        if isinstance(control, Input) and control.id == "id-input":
            if control.value != self._suggested_id:
                self._id_touched = True
        else:
            self._suggest_id()
        self._schedule()

    def _suggest_id(self) -> None:
        if not self.creating or self.kind.is_single or self._id_touched or not self.form.id_from:
            return
        values = self.values()
        parts = [str(values.get(name, "")) for name in self.form.id_from]
        suggestion = self._unique(slugify(" ".join(p for p in parts if p))) if any(parts) else ""
        if suggestion and suggestion != self.current_id():
            self._suggested_id = suggestion
            self.query_one("#id-input", Input).value = suggestion

    def _schedule(self) -> None:
        self._generation += 1
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(VALIDATE_DELAY, self._validate_now)

    def _validate_now(self) -> None:
        """Collect the values, refresh options that depend on them, validate in a worker."""
        values, registry = self.collect()
        for editor in self._editors():
            with suppress(NoMatches):  # not composed yet: it composes with the options
                editor.refresh_options(values)
        self._registry = registry
        record_id = self.current_id() if is_slug(self.current_id()) else "new-record"
        self._validate(self._generation, record_id, values)

    @work(thread=True, exclusive=True, exit_on_error=False, group="validate")
    def _validate(self, generation: int, record_id: str, values: dict[str, Any]) -> None:
        problems = self.store.validate(self.kind, record_id, values)
        self.app.call_from_thread(self._show_problems, generation, problems)

    def _editor_for(self, field: str) -> FieldEditor | ItemBox | None:
        parts = field.split(".")
        while parts:
            editor = self._registry.get(".".join(parts))
            if editor is not None:
                return editor
            parts.pop()
        return None

    def _label_of(self, field: str) -> str:
        """The label a person sees for the dotted ``field`` (the key when it has none)."""
        if field == ID_FIELD:
            return _("Id (file name)")
        editor = self._editor_for(field)
        if isinstance(editor, FieldEditor) and editor.spec.name == field.split(".")[-1]:
            return editor.spec.label
        return field

    def _named(self, problem: Problem) -> str:
        """The problem's message led by its field's label (once)."""
        label = self._label_of(problem.field)
        if problem.message.startswith(label):
            return problem.message
        return f"{label}: {problem.message}"

    def _humane(self, problem: Problem) -> Problem:
        """Say "Handle is required" rather than the checker's words for an empty text."""
        empty = _("{value} is not valid; expected {what}").format(
            value='""', what=_("non-empty text")
        )
        if problem.message != empty:
            return problem
        message = _("{label} is required").format(label=self._label_of(problem.field))
        return dataclasses.replace(problem, message=message)

    def _show_problems(self, generation: int, problems: list[Problem]) -> None:
        """Put each problem next to its field; the rest, and a summary, at the bottom."""
        if generation != self._generation:
            return  # the form changed since; a newer validation is on its way
        problems = [self._humane(p) for p in problems]
        problems = self._id_problems() + problems
        self._checked_generation = generation
        self._problems = problems
        by_editor: dict[int, list[Problem]] = {}
        loose: list[Problem] = []
        for problem in problems:
            if problem.field == ID_FIELD:
                continue
            editor = self._editor_for(problem.field)
            if editor is None:
                loose.append(problem)
            else:
                by_editor.setdefault(id(editor), []).append(problem)
        for editor in self._registry.values():
            editor.show_problems(by_editor.get(id(editor), []))
        if self.creating and not self.kind.is_single:
            self.query_one(IdEditor).show_problems([p for p in problems if p.field == ID_FIELD])
        self._update_status(loose)
        self._follow_refusal()

    def _update_status(self, loose: list[Problem] | None = None) -> None:
        errors = sum(1 for p in self._problems if p.severity == "error")
        warnings = len(self._problems) - errors
        text = Text()
        for problem in loose or []:
            where = f"{self._label_of(problem.field)}: " if problem.field else ""
            text.append(
                f"{where}{problem.message}\n", style="bold" if problem.severity == "error" else ""
            )
        if self.conflict_pending:
            text.append(
                _("The file changed on disk: merge the other person's changes before saving"),
                style="bold",
            )
        elif errors:
            text.append(
                _("{problems}: fix the errors to save").format(
                    problems=count_problems(errors, warnings)
                )
            )
        elif warnings:
            text.append(_("{warnings}; you can save").format(warnings=count_warnings(warnings)))
        else:
            text.append(_("No problems; ctrl+s saves"))
        status = self.query_one("#form-status", Static)
        status.update(text)
        status.set_class(bool(errors), "-errors")
        status.set_class(not errors and bool(warnings), "-warnings")

    def _refusal(self, errors: list[Problem]) -> str:
        """``Not saved: 2 errors to fix first (Handle is required).``"""
        return _("Not saved: {errors} to fix first ({first}).").format(
            errors=count_errors(len(errors)), first=self._named(errors[0])
        )

    def _follow_refusal(self) -> None:
        """After a save refused for errors, the banner follows them as they are fixed (the
        count and the first left), and goes once none is left: a banner still naming a field
        just fixed reads as if the fix did not take."""
        if not self._refused:
            return
        errors = [p for p in self._problems if p.severity == "error"]
        self._banner(self._refusal(errors) if errors else "", refusal=bool(errors))

    def _banner(self, message: str, refusal: bool = False) -> None:
        """Say ``message`` above the form (nothing: hide it); ``refusal``: it says why a
        save was refused, and follows the errors from now on (:meth:`_follow_refusal`)."""
        self._refused = refusal
        banner = self.query_one("#form-banner", Static)
        banner.update(Text(message))
        banner.set_class(bool(message), "-shown")

    # --- author ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="author")
    def _load_author(self) -> None:
        try:
            author = self.store.author
        except (StoreError, ValueError) as error:
            self.app.call_from_thread(self._show_author, "", str(error))
        else:
            self.app.call_from_thread(self._show_author, str(author), "")

    def _show_author(self, author: str, problem: str) -> None:
        label = self.query_one("#form-author", Static)
        if author:
            label.update(Text(_("Author: {author}").format(author=author)))
            label.remove_class("-missing")
        else:
            label.update(Text(problem))
            label.add_class("-missing")

    # --- saving ------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save as one commit, unless the form has errors (then say why)."""
        if self.saving:
            return
        if self.broken:
            self.notify(self.broken, severity="error", markup=False)
            return
        values = self.values()
        id_problems = self._id_problems()
        errors = [p for p in self._problems if p.severity == "error"]
        if id_problems:
            errors = id_problems
        elif self._checked_generation != self._generation:
            errors = []  # not checked yet: the store validates again before it writes
        if errors:
            self.query_one(IdEditor).show_problems(id_problems) if id_problems else None
            message = self._refusal(errors)
            self._banner(message, refusal=True)
            self.notify(message, severity="error", markup=False)
            self._focus_problem(errors[0])
            return
        # Said only when the commit takes a while (a slow hook, signing): redrawing the form
        # for a message would compete with the save itself, which usually takes a blink.
        self.set_timer(SAVING_NOTICE_DELAY, self._say_saving)
        same_as_source = self.copy_from is not None and values == self.raw
        # The app runs the save: an edit's form closes before git has made the commit, and
        # the commit's outcome must still reach the app (a screen's workers end with it).
        self._save_worker = self.app.run_worker(
            partial(self._save, self.current_id(), values, same_as_source),
            name="save",
            group=SAVE_GROUP,
            thread=True,
            exit_on_error=False,
        )

    def _say_saving(self) -> None:
        if self.saving:
            self._banner(_("Saving..."))

    def _focus_problem(self, problem: Problem) -> None:
        if problem.field == ID_FIELD:
            # a derived id is fixed by filling the fields it is made from
            self._first_field().focus_control()
            return
        editor = self._editor_for(problem.field)
        if editor is not None:
            editor.focus_control()
            editor.scroll_visible()

    def _save(
        self, record_id: str, values: dict[str, Any], same_as_source: bool
    ) -> Committed | None:
        """The save, in a worker thread of the app. Posts ``NotWritten`` when refused before
        anything was written; otherwise ``RecordWritten`` (an edit, once the file is written)
        and ``CommitFinished``. Returns how git's commit went (None: nothing was written)."""
        written = False
        try:
            if same_as_source and self.copy_from:
                marked = values if values != self.source_raw else None
                result = self.store.duplicate(self.kind, self.copy_from, record_id, marked)
            else:
                with self.store.saving(self.kind, record_id, values, self.base_text) as result:
                    written = result.committed
                    if written and self.closes_early:
                        self.post_message(RecordWritten(result))
        except (StoreError, ValueError, OSError) as error:
            if not written:
                self.post_message(self._not_written(record_id, error))
                return None
            committed = Committed(None, str(error), values)  # the store put everything back
        else:
            committed = Committed(result, "", values)
        self.post_message(CommitFinished(committed))
        return committed

    def _not_written(self, record_id: str, error: Exception) -> NotWritten:
        """Why a save was refused before anything was written (in the worker thread)."""
        if isinstance(error, ValidationFailed):
            return NotWritten(_("Not saved: the record has errors."), problems=error.problems)
        if isinstance(error, ConflictError):
            try:
                # exact, as the store compares: endings and a byte-order mark kept
                theirs = read_exact_or_none(self.store.path_of(self.kind, record_id))
            except (OSError, UnicodeDecodeError):
                theirs = ""
            return NotWritten(str(error), conflict=True, theirs=theirs)
        return NotWritten(str(error))

    @on(NotWritten)
    def _refused_before_writing(self, event: NotWritten) -> None:
        if event.conflict:
            self._conflicted(event.message, event.theirs)
        else:
            self._save_failed(event.message, event.problems)

    @on(RecordWritten)
    def _record_written(self, event: RecordWritten) -> None:
        """The record is on disk and in the store: close, showing it while git makes the
        commit; the app follows the commit from here."""
        worker = self._save_worker
        if worker is None or worker.is_finished:
            return  # git finished before the form read this: CommitFinished follows, and says how
        result = event.result
        self.dismiss(Written(result.committed, result.message, result.entry, worker, self))

    @on(CommitFinished)
    def _commit_finished(self, event: CommitFinished) -> None:
        """Git made the commit (close with the result) or refused it (stay, saying why)."""
        if self not in self.app.screen_stack:
            return  # closed when the record was written: the app follows the commit
        committed = event.committed
        if committed.result is not None:
            self.dismiss(committed.result)
        else:
            self._save_failed(committed.refusal, None)

    def come_back(self, committed: Committed) -> None:
        """Git refused the commit of this form, which had closed when the record was written
        (the store put the file and the workspace back): open it again on the values saved,
        saying why."""
        push_form(
            self.app,
            self.store,
            self.kind,
            self.record_id,
            committed.values,
            banner=committed.refusal,
        )
        self.app.notify(
            committed.refusal, title=_("Not saved"), severity="error", markup=False, timeout=12
        )

    def _save_failed(self, message: str, problems: list[Problem] | None) -> None:
        """Keep the form and the person's edits; say what went wrong."""
        self._banner(message)
        self.notify(message, severity="error", markup=False, timeout=8)
        if problems is not None:
            self._generation += 1
            self._show_problems(self._generation, problems)
            errors = [p for p in self._problems if p.severity == "error"]
            if errors:
                self._banner(f"{message} {self._named(errors[0])}")
                self._focus_problem(errors[0])

    def _conflicted(self, message: str, theirs_text: str | None) -> None:
        """The file changed on disk since the form opened: merge theirs into the form."""
        from smgov_tui.ui.screens.edit.merge import ask_conflicts, reopen

        self.conflict_pending = True
        self._update_status()
        rel = self.kind.path_for(self.record_id)
        theirs: dict[str, Any] | None = None
        if theirs_text:
            try:
                theirs = loads(theirs_text)
            except tomllib.TOMLDecodeError:
                theirs = None
        if theirs is None or theirs_text is None or self.base_text is None:
            self._save_failed(message, None)
            return
        try:
            base: dict[str, Any] = loads(self.base_text)
        except tomllib.TOMLDecodeError:
            base = {}
        result = merge_for_form(base, self.values(), theirs)
        if result.clean:
            reopen(
                self,
                result.merged,
                theirs_text,
                _(
                    "Someone else changed this record; their changes were merged with yours. "
                    "Check the form and press ctrl+s again."
                ),
            )
            return
        self._banner(
            ngettext(
                "{path} was changed by someone else: {count} field was changed by both of "
                "you. Choose, field by field.",
                "{path} was changed by someone else: {count} fields were changed by both of "
                "you. Choose, field by field.",
                len(result.conflicts),
            ).format(path=rel, count=len(result.conflicts))
        )
        ask_conflicts(self, rel, base, theirs, theirs_text, result)

    # --- changes from outside (team sync) ------------------------------------------------

    def already_merged(self, path: str) -> bool:
        """True when this form edits ``path`` and is already based on its text on disk (a save
        found it changed and merged it into the form, and said so)."""
        if self.creating or self.base_text is None:
            return False
        if self.kind.path_for(self.record_id) != path:
            return False
        entry = self.store.data.entry(self.kind, self.record_id)
        return entry is not None and entry.text == self.base_text

    def external_change(self, paths: list[str]) -> None:
        """Files changed on disk (someone else): if this record did, offer the merge."""
        from smgov_tui.ui.screens.edit.merge import offer_merge

        offer_merge(self, paths)

    def settle_conflicts(
        self,
        conflict: RecordConflict,
        resolver: Callable[[Store, dict[str, dict[str, Pick]]], SyncResult],
        done: Callable[[SyncResult | None], None],
    ) -> None:
        """Open the conflict screen on the fields both changed (for the merge code, which
        does not import the screens)."""
        from smgov_tui.ui.screens.conflict import ConflictScreen

        screen = ConflictScreen(self.store, [conflict], resolver=resolver, into_form=True)
        self.app.push_screen(screen, done)

    def open_again(self, values: dict[str, Any], *, base_text: str, unsaved: bool) -> None:
        """Open this record's form again on ``values``, based on ``base_text`` (a merge: the
        merge code calls this rather than import :func:`push_form`, which imports it)."""
        push_form(
            self.app,
            self.store,
            self.kind,
            self.record_id,
            values,
            base_text=base_text,
            unsaved=unsaved,
        )

    def action_ignore_key(self) -> None:
        """An app-wide letter key pressed in a form: do nothing (only a hint)."""
        self.notify(
            _("That key works outside the form: ctrl+s saves, escape leaves, ctrl+q quits."),
            timeout=3,
        )

    # --- leaving -----------------------------------------------------------------------------

    def action_cancel(self) -> None:
        """Leave; when something changed, ask first (not while saving: the save decides)."""
        if self.saving:
            return
        if not self.is_changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal(
                _("Discard your changes?"),
                _("The changes to this {kind} are not saved. Leave and lose them?").format(
                    kind=_kind_word(self.kind)
                ),
            ),
            answered,
        )


def push_form(
    app: App[Any],
    store: Store,
    kind: k.Kind,
    record_id: str,
    values: dict[str, Any],
    *,
    base_text: str | None = None,
    unsaved: bool = True,
    banner: str = "",
) -> EditScreen:
    """Open the form of ``record_id`` again on ``values`` (a merge, a refused commit): based
    on ``base_text`` when given (else the record as the store holds it), asking before its
    values are lost when ``unsaved``, saying ``banner`` as it opens."""
    fresh = EditScreen(store, kind, record_id)
    fresh.raw = dict(values)
    if base_text is not None:
        fresh.base_text = base_text
    fresh.merged_unsaved = unsaved
    fresh.opening_banner = banner
    app.push_screen(fresh, app.form_closed if isinstance(app, RecordHost) else None)
    return fresh
