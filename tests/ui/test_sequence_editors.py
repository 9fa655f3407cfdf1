"""The two list editors (strings, items) share add, remove and move: where focus goes, numbering."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.fields import ItemHeader, ItemsEditor, ListEditor
from tests.helpers.editing import editing, editor
from tests.helpers.forms import FormApp, sync


@sync
async def test_string_list_add_button_ctrl_n_and_removing_every_item(
    ws: Path, store: Store
) -> None:
    app = FormApp(store, EditScreen(store, k.COMMUNICATION, None))
    async with editing(app) as (pilot, screen):
        lists = editor(screen, "hashtags")
        assert isinstance(lists, ListEditor)
        before = [row.value for row in lists.rows()]
        assert len(before) >= 2
        add = lists.query_one(".list-add", Button)
        assert str(add.label) == "+ Add item"
        add.press()
        await pilot.pause()
        rows = lists.rows()
        assert [row.value for row in rows] == [*before, ""]
        assert screen.focused is rows[-1]
        rows[0].focus()
        await pilot.press("ctrl+n")
        await pilot.pause()
        rows = lists.rows()
        assert [row.value for row in rows] == [before[0], "", *before[1:], ""]
        assert screen.focused is rows[1]
        await pilot.press("alt+down")
        assert [row.value for row in lists.rows()] == [before[0], before[1], "", *before[2:], ""]
        assert screen.focused is rows[1]
        rows[0].focus()
        await pilot.press("ctrl+delete")
        assert screen.focused is lists.rows()[0]
        for _row in range(len(lists.rows())):
            await pilot.press("ctrl+delete")
        assert lists.rows() == []
        assert screen.focused is add
        assert lists.value() == []


@sync
async def test_items_add_button_numbering_and_removing_every_item(ws: Path, store: Store) -> None:
    playbook = store.data.playbooks["hacked-account"]
    titles = [step.title for step in playbook.steps]
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, "hacked-account"))
    async with editing(app) as (pilot, screen):
        steps = editor(screen, "steps")
        assert isinstance(steps, ItemsEditor)

        def headings() -> list[str]:
            return [str(box.query_one(ItemHeader).render()) for box in steps.boxes()]

        assert headings()[1] == f"> Step 2: {titles[1]}"
        add = steps.query_one(".items-add", Button)
        assert str(add.label) == "+ Add step"
        add.press()
        # the new step mounts, builds its fields, then draws its heading: wait for that
        for _round in range(200):
            await pilot.pause()
            if len(steps.boxes()) > len(titles) and headings()[-1]:
                break
        boxes = steps.boxes()
        assert len(boxes) == len(titles) + 1 and boxes[-1].is_open
        # numbered; once the form has validated (a debounce, which a busy machine may already
        # have passed) the heading of the new, empty step also counts its errors
        assert headings()[-1] in (f"v Step {len(boxes)}", f"v Step {len(boxes)}  (2 errors)")
        first_field = boxes[-1].editors()[0]
        assert screen.focused is not None and first_field in screen.focused.ancestors
        # move step 1 down: the headings are numbered again, the focus stays on its heading
        header = boxes[0].query_one(ItemHeader)
        header.focus()
        await pilot.press("alt+down")
        assert headings()[:2] == [f"> Step 1: {titles[1]}", f"> Step 2: {titles[0]}"]
        assert screen.focused is header
        # remove it: the focus goes to the heading that takes its place
        await pilot.press("ctrl+delete")
        assert screen.focused is steps.boxes()[1].query_one(ItemHeader)
        assert headings()[1] == f"> Step 2: {titles[2]}"
        for _box in range(len(steps.boxes())):
            await pilot.press("ctrl+delete")
        assert steps.boxes() == []
        assert screen.focused is add
        assert steps.value() == []


@sync
async def test_the_form_reads_and_validates_while_a_new_step_is_still_being_built(
    ws: Path, store: Store
) -> None:
    """A step just added is mounted before its fields are composed; reading the form then (a
    validation pass, a key pressed at once) takes the new step's starting values rather than
    failing and stopping the app."""
    app = FormApp(store, EditScreen(store, k.PLAYBOOKS, "hacked-account"))
    async with editing(app) as (pilot, screen):
        steps = editor(screen, "steps")
        assert isinstance(steps, ItemsEditor)
        before = len(screen.values()["steps"])
        steps.query_one(".items-add", Button).press()
        await pilot.pause(0)  # the box is mounted; its editors' controls may not exist yet
        values = screen.values()
        screen._validate_now()
        assert len(values["steps"]) == before + 1
        await pilot.pause()
        assert len(screen.values()["steps"]) == before + 1
