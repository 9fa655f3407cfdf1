"""The theme chosen in the palette is kept in the person's settings for the next session and
for crisis mode; the settings file keeps its other keys and comments."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.store.settings import Settings, load_settings, settings_path
from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.crisis_app import CrisisApp
from tests.helpers.ui import loaded, run_async, settle, until


@run_async
async def test_the_theme_chosen_comes_back_next_time_and_in_crisis_mode(ws: Path) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# mine\nsync_after_save = true  # keep syncing\n", encoding="utf-8")

    app = SmgovApp(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.theme != "nord"
        app.theme = "nord"  # what the palette's "Change theme" does
        await until(pilot, lambda: load_settings().theme == "nord", "the theme saved")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\nsync_after_save = true  # keep syncing\n")
    assert 'theme = "nord"' in text

    again = SmgovApp(ws)
    async with again.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert again.theme == "nord"
        again.action_toggle_autosync()  # another setting, changed in the same session
        await settle(pilot)
    assert load_settings() == Settings(sync_after_save=False, theme="nord")

    store = Store.open(ws)
    store.load()
    crisis = CrisisApp(store)
    async with crisis.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert crisis.theme == "nord"


@run_async
async def test_a_theme_textual_no_longer_has_is_ignored(ws: Path) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "gone-in-a-later-textual"\n', encoding="utf-8")
    app = SmgovApp(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert app.theme in app.available_themes
        assert app.theme != "gone-in-a-later-textual"
