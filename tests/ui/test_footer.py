"""The footer shows the keys of the moment, and does not rebuild itself when they stay the same."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from smgov_tui.ui.widgets.footer import SmgovFooter
from tests.helpers.ui import run_async


class FooterApp(App[None]):
    """Two inputs with the same keys, and a key that only shows when ``armed``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "save", "Save"),
        Binding("f3", "fire", "Fire"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.armed = False

    def compose(self) -> ComposeResult:
        """Two inputs and the footer."""
        yield Input(id="one")
        yield Input(id="two")
        yield SmgovFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``fire`` is shown only when armed."""
        if action == "fire":
            return self.armed
        return True

    def action_save(self) -> None:
        """Nothing: a key to show."""

    def action_fire(self) -> None:
        """Nothing: a key to show when armed."""


def _labels(app: App[None]) -> list[str]:
    return [key.description for key in app.screen.query("FooterKey") if key.description]


@run_async
async def test_footer_follows_the_keys_and_keeps_its_widgets_when_they_do_not_change() -> None:
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert "Save" in _labels(app)
        assert "Fire" not in _labels(app)
        keys_before = list(app.screen.query("FooterKey"))

        await pilot.press("tab")  # focus moves: same keys, so the same key widgets stay
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "two"
        assert list(app.screen.query("FooterKey")) == keys_before

        app.armed = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert "Fire" in _labels(app)  # the keys changed: the footer shows the new one

        app.armed = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert "Fire" not in _labels(app)


@run_async
async def test_footer_keys_are_clickable() -> None:
    app = FooterApp()
    fired: list[str] = []
    app.action_save = lambda: fired.append("save")  # type: ignore[method-assign]
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        save = next(key for key in app.screen.query("FooterKey") if key.description == "Save")
        await pilot.click(save)
        await pilot.pause()
        assert fired == ["save"]
