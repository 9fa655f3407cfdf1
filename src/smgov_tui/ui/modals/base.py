"""What the dialogs share: the frame (`Dialog`) and the record modals' plumbing (`RecordModal`).

The frame lives in ``DEFAULT_CSS`` rather than ``app.tcss`` because these modals are pushed by
more than one app (the main app, ``smgov crisis``) and must look the same in each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from smgov_tui.core import kinds as k
from smgov_tui.i18n import _
from smgov_tui.store.errors import StoreError
from smgov_tui.store.store import SaveResult, Store

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A centred box (one ``Vertical``) with a bold ``.modal-title``, an error line
    (``.modal-error``, shown with ``-shown``) and right-aligned ``.modal-buttons``.

    A subclass sets its own width and border colour on ``Name > Vertical``.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    Dialog .modal-title {
        text-style: bold;
        margin-bottom: 1;
    }
    Dialog .modal-error {
        color: $error;
        display: none;
    }
    Dialog .modal-error.-shown {
        display: block;
    }
    Dialog .modal-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    Dialog .modal-buttons Button {
        margin-left: 2;
    }
    """


class RecordModal(Dialog[SaveResult | None]):
    """A dialog that changes one record through the store (rename, delete).

    It knows the record and who names it (``references``); the change runs in a worker
    (`run_change`) and dismisses with its result; a failure is shown in the ``.modal-error`` line
    and the dialog stays. Escape or a ``.modal-cancel`` button leaves with None, except while the
    store is at work.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Cancel"), id="record-modal.cancel"),
    ]

    def __init__(self, store: Store, kind: k.Kind, record_id: str) -> None:
        super().__init__()
        self.store = store
        self.kind = kind
        self.record_id = record_id
        self.references = store.data.references_to(kind, record_id)
        """(path, field) of every record that names this one."""
        self._busy = False

    def show_error(self, message: str) -> None:
        """Show ``message`` in the error line (an empty message hides it)."""
        error = self.query_one(".modal-error", Static)
        error.update(Text(message))
        error.set_class(bool(message), "-shown")

    def run_change(self, change: Callable[[], SaveResult]) -> None:
        """Run ``change`` (a store call) in a worker unless one is already running."""
        if self._busy:
            return
        self._busy = True
        self._change(change)

    @work(thread=True, exclusive=True, exit_on_error=False, group="git")
    def _change(self, change: Callable[[], SaveResult]) -> None:
        try:
            result = change()
        except (StoreError, ValueError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
        else:
            self.app.call_from_thread(self.dismiss, result)

    def _failed(self, message: str) -> None:
        self._busy = False
        self.show_error(message)

    @on(Button.Pressed, ".modal-cancel")
    def action_cancel(self) -> None:
        """Leave without changing anything (not while the change is running)."""
        if not self._busy:
            self.dismiss(None)
