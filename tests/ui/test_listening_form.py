"""The listening protocol is edited like the other protocols: its form comes from the record's
fields, a threshold's playbook is picked among the workspace's playbooks, and a change writes
its own lines (the file's comments kept)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from smgov_tui.core import kinds as k
from smgov_tui.store.store import Store
from smgov_tui.ui.present.detail import build_detail
from smgov_tui.ui.screens.edit import EditScreen
from smgov_tui.ui.widgets.fields import ItemsEditor
from tests.helpers.editing import changed_lines, editing, editor, head, result_of, save, settle
from tests.helpers.forms import FormApp, sync


@sync
async def test_a_threshold_is_edited_in_the_listening_form(ws: Path, store: Store) -> None:
    app = FormApp(store, EditScreen(store, k.LISTENING, None))
    async with editing(app) as (pilot, screen):
        thresholds = editor(screen, "thresholds")
        assert isinstance(thresholds, ItemsEditor)
        await thresholds.boxes()[0].open_item()
        await settle(pilot)
        playbook = editor(screen, "thresholds.0.playbook")
        assert {v for _l, v in playbook._options} == set(store.data.playbooks)  # type: ignore[attr-defined]
        editor(screen, "check_every_minutes").query_one(Input).value = "15"
        await save(pilot)
    assert result_of(app).committed
    assert changed_lines(ws) == ["-check_every_minutes = 30", "+check_every_minutes = 15"]
    assert head(ws)[1] == "listening: set check_every_minutes to 15"
    text = (ws / "protocols/listening.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ../schemas/listening.schema.json\n# Listening protocol")


def test_the_detail_shows_what_is_watched_and_each_threshold(ws: Path, store: Store) -> None:
    detail = build_detail(store.data, k.LISTENING, "listening", [])
    assert detail is not None and detail.valid
    assert (detail.title, detail.subtitle) == ("Listening protocol", "what we listen for")
    watch, thresholds = detail.blocks
    assert watch.title == "What we listen for"
    executive = [str(c) for c in watch.rows[3][0]]
    assert executive[:2] == ["María José Olmedo", "executive"]
    first, link = thresholds.rows[0]
    assert [str(c) for c in first[:2]] == [
        "more than 50 complaints about the same shop, product or order in 1 h",
        "Viral complaint",
    ]
    assert link is not None and (link.kind, link.id) == (k.PLAYBOOKS, "viral-complaint")
    shown = {label for label, _value in detail.fields}
    assert "What we listen for" not in shown and "Thresholds" not in shown
