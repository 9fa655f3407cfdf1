"""The delete dialog names the fields that refer to a record as the forms label them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.modals.delete import DeleteModal
from smgov_tui.ui.present.formspec import reference_label
from tests.helpers.forms import FormApp
from tests.helpers.ui import run_async, settle


def test_reference_labels_in_spanish(spanish: None) -> None:
    assert reference_label("owner") == "Responsable"
    assert reference_label("backup_owner") == "Responsable suplente"
    assert reference_label("steps.2.contacts") == "paso 3: Contactos a los que llamar"
    assert reference_label("playbook") == "Guía de crisis"


@run_async
async def test_deleting_a_contact_lists_the_steps_that_call_it(
    ws: Path, store: Store, spanish: None
) -> None:
    contact, (path, field) = next(
        (cid, refs[0])
        for cid in sorted(store.data.contacts)
        if (refs := store.data.references_to(k.CONTACTS, cid))
    )
    index = int(field.split(".")[1])
    app = FormApp(store, DeleteModal(store, k.CONTACTS, contact))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = str(app.screen.query_one("#delete-references Static", Static).render())
        assert f"{path}  (paso {index + 1}: Contactos a los que llamar)" in listed
        assert "contacts)" not in listed
