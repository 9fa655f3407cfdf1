"""Owner fields with many owners: the list is built when opened, and choosing still saves."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Select, Static

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.long_select import LONG, LongSelect
from tests.helpers.editing import changed_lines, editing, editor, head, result_of, save
from tests.helpers.forms import FormApp, sync
from tests.helpers.git import git


def _many_owners(ws: Path) -> list[str]:
    """Add enough owners (copies of Ana with other names) for the long select; commit them."""
    template = (ws / "owners/ana-ruiz.toml").read_text(encoding="utf-8")
    added = []
    for n in range(LONG):
        rid = f"zz-person-{n:02d}"
        text = template.replace('name = "Ana Ruiz Beltrán"', f'name = "Zz Person {n:02d}"')
        (ws / f"owners/{rid}.toml").write_text(text, encoding="utf-8")
        added.append(rid)
    git(ws, "add", "owners")
    git(ws, "commit", "-q", "-m", "owners: many more")
    return added


@sync
async def test_long_owner_list_loads_on_opening_and_the_choice_is_saved(ws: Path) -> None:
    added = _many_owners(ws)
    store = Store.open(ws)
    store.load()
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (pilot, screen):
        select = editor(screen, "owner").query_one(Select)
        assert isinstance(select, LongSelect)
        assert not select.loaded
        assert select.value == "javier-moreno"
        shown = str(select.query_one("SelectCurrent").query_one("#label", Static).render())
        assert "Javier" in shown, shown  # the current owner reads right before loading

        select.focus()
        await pilot.press("enter")  # open the drop-down
        await pilot.pause()
        assert select.loaded and select.expanded
        overlay = select.query_one("SelectOverlay", OptionList)
        assert overlay.option_count >= len(added)
        # the highlighted option is the current owner: the list opens where the value is
        highlighted = overlay.highlighted
        assert highlighted is not None
        assert "Javier" in str(overlay.get_option_at_index(highlighted).prompt)

        overlay.highlighted = next(
            i
            for i in range(overlay.option_count)
            if "Zz Person 07" in str(overlay.get_option_at_index(i).prompt)
        )
        await pilot.press("enter")
        await pilot.pause()
        assert select.value == "zz-person-07"
        await save(pilot)
    assert result_of(app).committed
    assert changed_lines(ws) == ['-owner = "javier-moreno"', '+owner = "zz-person-07"']
    assert head(ws)[1] == "accounts: set owner of blog-la-despensa to zz-person-07"


@sync
async def test_short_lists_stay_plain_selects(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
    async with editing(app) as (_pilot, screen):
        assert not isinstance(editor(screen, "owner").query_one(Select), LongSelect)


@sync
async def test_long_lists_show_names_as_written_and_follow_the_owners(ws: Path) -> None:
    """The long list's labels are made as it opens: a name that looks like markup is shown as
    written, never run; an owner made inactive since the last form is said so in the next."""
    added = _many_owners(ws)
    hostile = "[@click=app.quit]Zz Quit[/] [b]bold[/b]"
    path = ws / f"owners/{added[3]}.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('name = "Zz Person 03"', f'name = "{hostile}"'), encoding="utf-8")
    git(ws, "commit", "-q", "-am", "owners: a name like markup")
    store = Store.open(ws)
    store.load()

    async def prompts() -> list[str]:
        app = FormApp(store, EditScreen(store, k.ACCOUNTS, "blog-la-despensa"))
        async with editing(app) as (pilot, screen):
            select = editor(screen, "owner").query_one(Select)
            assert isinstance(select, LongSelect)
            select.focus()
            await pilot.press("enter")  # open the drop-down: the whole list is made
            await pilot.pause()
            overlay = select.query_one("SelectOverlay", OptionList)
            return [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]

    shown = await prompts()
    assert f"{hostile} ({added[3]})" in shown
    assert not any("inactive" in prompt and "Zz Person 05" in prompt for prompt in shown)

    entry = store.data.entry(k.OWNERS, added[5])
    assert entry is not None
    store.save(k.OWNERS, added[5], {**entry.raw, "active": False}, entry.text)
    assert f"Zz Person 05 ({added[5]}) - inactive" in await prompts()


def test_a_current_value_missing_from_the_options_is_kept_and_marked() -> None:
    """An owner id the owners no longer hold stays choosable (marked unknown), so opening
    and saving the form never drops it; the owners' own list is never changed."""
    from smgov_tui.ui.widgets.fields.simple import _with_current

    owners = [(f"Person {n}", f"person-{n}") for n in range(LONG * 3)]
    before = list(owners)
    assert _with_current(owners, ["person-3"]) == owners
    assert _with_current(owners, [""]) == owners
    kept = _with_current(owners, ["gone-person", "person-4"])
    assert kept == [*owners, ("gone-person (unknown)", "gone-person")]
    assert owners == before  # the shared list is left as it was
    fewer = owners[1:]  # the owners changed: a new list, its own values
    assert _with_current(fewer, ["person-0"])[-1] == ("person-0 (unknown)", "person-0")
