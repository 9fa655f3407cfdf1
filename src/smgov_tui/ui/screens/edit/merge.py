"""A form with unsaved edits whose record someone else saved meanwhile: merge, field by field.

The app's disk watcher reloads the store and calls ``EditScreen.external_change(paths)``, which
calls ``offer_merge``. When the form's record is among the paths, the person is told and asked
whether to merge the other person's changes into the form: fields only they changed are taken,
fields only the form changed are kept, and fields both changed are settled on the conflict
screen (mine, theirs, or a typed value). The form then reopens on the merged values, based on
the new file, so saving it makes one commit on top of theirs. Nothing is ever saved without the
person pressing ctrl+s.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from smgov_tui.core.merge import MergeResult, Pick, apply_choices, merge_for_form
from smgov_tui.i18n import _, ngettext
from smgov_tui.store.store import Store
from smgov_tui.store.sync import RecordConflict, SyncResult
from smgov_tui.store.textfile import loads

if TYPE_CHECKING:
    from textual.app import App

    from smgov_tui.core.kinds import Kind


class MergingForm(Protocol):
    """What the merge asks of the form (:class:`~smgov_tui.ui.screens.edit.EditScreen`, which
    imports this module: this one does not import it back)."""

    @property
    def app(self) -> App[Any]:
        """The app showing the form."""

    @property
    def is_mounted(self) -> bool:
        """False once the form has closed."""

    @property
    def store(self) -> Store:
        """The workspace the form saves to."""

    @property
    def kind(self) -> Kind:
        """The kind of record edited."""

    @property
    def record_id(self) -> str:
        """The id of the record edited."""

    @property
    def creating(self) -> bool:
        """True for a new record (nothing on disk to merge with)."""

    @property
    def base_text(self) -> str | None:
        """The file's text the form's values are based on."""

    def values(self) -> dict[str, Any]:
        """The form's values now."""

    def is_changed(self) -> bool:
        """True when the form holds edits not saved."""

    def _banner(self, message: str) -> None:
        """Say ``message`` at the top of the form."""

    def dismiss(self, result: None = None) -> object:
        """Close the form."""

    def open_again(self, values: dict[str, Any], *, base_text: str, unsaved: bool) -> None:
        """Open the record's form again on ``values``, based on ``base_text``."""

    def settle_conflicts(
        self,
        conflict: RecordConflict,
        resolver: Callable[[Store, dict[str, dict[str, Pick]]], SyncResult],
        done: Callable[[SyncResult | None], None],
    ) -> None:
        """Open the conflict screen on ``conflict``; ``done`` gets its outcome."""


def offer_merge(screen: MergingForm, paths: list[str]) -> None:
    """Tell the form its record changed on disk, and offer to merge (UI thread)."""
    from smgov_tui.ui.modals.confirm import ConfirmModal

    if screen.creating or screen.base_text is None or not screen.is_mounted:
        return
    rel = screen.kind.path_for(screen.record_id)
    if rel not in paths:
        return
    entry = screen.store.data.entry(screen.kind, screen.record_id)
    if entry is None:
        screen._banner(
            _(
                "{path} was deleted by someone else. Saving will refuse to overwrite that; "
                "copy what you need, then leave the form."
            ).format(path=rel)
        )
        return
    if entry.text == screen.base_text:
        return
    try:
        base: dict[str, Any] = loads(screen.base_text)
    except tomllib.TOMLDecodeError:
        base = {}
    result = merge_for_form(base, screen.values(), entry.raw)
    if not screen.is_changed():
        question = _("Show their version? The form has no unsaved edits.")
    elif result.clean:
        question = _(
            "Merge their changes into your form? None of the fields you changed were changed by "
            "them."
        )
    else:
        question = ngettext(
            "Merge their changes into your form? {count} field was changed by both of you: "
            "you choose, field by field.",
            "Merge their changes into your form? {count} fields were changed by both of you: "
            "you choose, field by field.",
            len(result.conflicts),
        ).format(count=len(result.conflicts))
    screen._banner(
        _("{path} was saved by someone else while you were editing it.").format(path=rel)
    )

    def answered(yes: bool | None) -> None:
        if not yes:
            screen._banner(
                _(
                    "{path} changed on disk: saving will be refused until you merge (close and "
                    "reopen the form). Your edits are still here."
                ).format(path=rel)
            )
            return
        if result.clean:
            reopen(screen, result.merged, entry.text)
            return
        ask_conflicts(screen, rel, base, entry.raw, entry.text, result)

    screen.app.push_screen(
        ConfirmModal(_("Changed by someone else"), f"{rel}\n\n{question}"), answered
    )


def ask_conflicts(
    screen: MergingForm,
    rel: str,
    base: dict[str, Any],
    theirs: dict[str, Any],
    theirs_text: str,
    result: MergeResult,
) -> None:
    """Open the conflict screen for the fields both changed; reopen the form with the picks."""
    chosen: dict[str, Pick] = {}

    def keep(_store: Store, picks: dict[str, dict[str, Pick]]) -> SyncResult:
        chosen.update(picks.get(rel, {}))
        return SyncResult("up-to-date", _("Merged into the form; not saved yet."))

    conflict = RecordConflict(rel, result.conflicts, base, screen.values(), theirs, result)

    def done(outcome: SyncResult | None) -> None:
        if outcome is None:
            return
        reopen(screen, apply_choices(result, chosen), theirs_text)

    screen.settle_conflicts(conflict, keep, done)


def reopen(
    screen: MergingForm, values: dict[str, Any], new_base_text: str, notice: str = ""
) -> None:
    """Replace the form with one on the merged values, based on the file as it now is.

    One notification says so: ``notice`` when given (the caller knows why the merge
    happened), else a short "merged" line.
    """
    unsaved = screen.is_changed()
    screen.dismiss(None)
    screen.open_again(values, base_text=new_base_text, unsaved=unsaved)
    screen.app.notify(
        notice or _("Merged: check the form, then ctrl+s saves it."),
        timeout=10 if notice else 6,
        markup=False,
    )
