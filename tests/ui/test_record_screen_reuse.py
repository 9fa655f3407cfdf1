"""One detail screen per kind, shown again for the next record of its kind: what it shows
must be what a new screen would show, and never what it showed before."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.core import kinds as k
from smgov_tui.ui.screens.record import LinkTable, RecordScreen
from tests.helpers.ui import (
    left,
    opened,
    run_async,
    saved_meanwhile,
    screen_lines,
    settle,
    started,
)

SIZE = (100, 30)


async def _fresh_picture(ws: Path, record_id: str) -> list[str]:
    """What a new app shows for ``record_id``, opened first."""
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, record_id)
        return screen_lines(app)


@run_async
async def test_the_next_account_is_shown_as_a_new_screen_would_show_it(ws: Path) -> None:
    expected = await _fresh_picture(ws, "bluesky-olmedo")
    async with started(ws, SIZE) as (app, pilot):
        first = await opened(pilot, k.ACCOUNTS, "x-olmedo")
        assert isinstance(first, RecordScreen)
        # leave it scrolled down, its second link chosen
        await pilot.press("down", "end")
        await settle(pilot)
        await left(pilot)

        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")

        assert app.screen is first  # the same screen, shown again
        assert first.record_id == "bluesky-olmedo"
        assert screen_lines(app) == expected
        tables = list(first.query(LinkTable))
        assert tables and app.focused is tables[0]
        assert all(table.cursor_row == 0 for table in tables)


@run_async
async def test_a_record_saved_while_its_screen_was_put_away_is_shown_as_saved(ws: Path) -> None:
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")
        await left(pilot)
        await saved_meanwhile(
            pilot, k.ACCOUNTS, "bluesky-olmedo", {"posting_frequency": "Twice a fortnight"}
        )

        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")

        shown = "\n".join(screen_lines(app))
        assert "Twice a fortnight" in shown
        assert "Paused since August 2026" not in shown


@run_async
async def test_a_record_changed_outside_while_its_screen_was_put_away_is_shown_as_it_is(
    ws: Path,
) -> None:
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")
        await left(pilot)
        assert app.store is not None
        assert app.syncer.check_disk(app.store) == []  # the first look is the baseline
        # an editor, or a git pull in a terminal, changes the record
        rel = "accounts/bluesky-olmedo.toml"
        text = (ws / rel).read_text(encoding="utf-8")
        (ws / rel).write_text(
            text.replace("Paused since August 2026", "Weekly again"), encoding="utf-8"
        )
        assert app.syncer.check_disk(app.store) == [rel]
        await settle(pilot)

        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")

        shown = "\n".join(screen_lines(app))
        assert "Weekly again" in shown


@run_async
async def test_a_link_back_to_the_same_kind_opens_a_screen_of_its_own(ws: Path) -> None:
    async with started(ws, SIZE) as (app, pilot):
        first = await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")
        await opened(pilot, k.OWNERS, "sofia-navarro")
        await opened(pilot, k.ACCOUNTS, "x-olmedo")

        second = app.screen
        assert isinstance(second, RecordScreen) and second is not first
        assert second.record_id == "x-olmedo"
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is first
        assert isinstance(first, RecordScreen) and first.record_id == "bluesky-olmedo"
        assert "@ultramarinosolmedo.es" in "\n".join(screen_lines(app))


def _plant(ws: Path, record_id: str, url: str | None) -> None:
    """Take the account's backup owner away (an error) and, with ``url``, write a profile
    address that is not one (a warning): by hand, as an editor would."""
    path = ws / "accounts" / f"{record_id}.toml"
    text = path.read_text(encoding="utf-8").replace('backup_owner = "', '# backup_owner = "', 1)
    if url is not None:
        lines = text.splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if line.startswith("url = "))
        lines[index] = f'url = "{url}"\n'
        text = "".join(lines)
    path.write_text(text, encoding="utf-8")


@run_async
async def test_the_next_account_shows_its_own_findings_not_the_last_ones(ws: Path) -> None:
    _plant(ws, "x-olmedo", None)
    _plant(ws, "bluesky-olmedo", "not a web address")
    expected = await _fresh_picture(ws, "bluesky-olmedo")
    assert any("1 error, 1 warning" in line for line in expected)
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, "x-olmedo")
        assert any("Findings of the last check: 1 error" in line for line in screen_lines(app))
        await left(pilot)

        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")

        assert screen_lines(app) == expected
        # and back to one without findings: the block goes
        await left(pilot)
        await opened(pilot, k.ACCOUNTS, "instagram-olmedo")
        assert not any("Findings" in line for line in screen_lines(app))
        assert not app.screen.query(".record-problems")


async def _fresh_screenshot(ws: Path, record_id: str, theme: str | None = None) -> str:
    """A new app's picture of ``record_id``, colours included (SVG)."""
    async with started(ws, SIZE) as (app, pilot):
        if theme is not None:
            app.theme = theme
        await opened(pilot, k.ACCOUNTS, record_id)
        return app.export_screenshot()


@run_async
async def test_the_reused_screen_is_coloured_as_a_new_one(ws: Path) -> None:
    """Shown again, the screen is not restyled when nothing that styles the app changed:
    its colours must still be a new screen's."""
    expected = await _fresh_screenshot(ws, "bluesky-olmedo")
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, "x-olmedo")
        await left(pilot)
        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")
        assert app.export_screenshot() == expected


@run_async
async def test_a_theme_chosen_while_the_screen_was_away_colours_it(ws: Path) -> None:
    expected = await _fresh_screenshot(ws, "bluesky-olmedo", theme="nord")
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, "x-olmedo")
        await left(pilot)
        app.theme = "nord"  # what the palette's "Change theme" does
        await settle(pilot)
        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")
        assert app.export_screenshot() == expected


@run_async
async def test_the_next_account_is_shown_in_the_widgets_already_there(ws: Path) -> None:
    """x-olmedo-responde's people have a longer address than x-olmedo's, so its People table
    has a wider Email column: the table shown is refilled with the new columns, not replaced
    (a new one is mounted, styled and laid out, most of what opening a record cost), and
    what it shows is what a new screen shows."""
    expected = await _fresh_picture(ws, "x-olmedo-responde")
    async with started(ws, SIZE) as (app, pilot):
        first = await opened(pilot, k.ACCOUNTS, "x-olmedo")
        before = list(first.query(LinkTable))
        await left(pilot)

        await opened(pilot, k.ACCOUNTS, "x-olmedo-responde")

        assert list(first.query(LinkTable)) == before
        assert screen_lines(app) == expected
        shown = "\n".join(expected)
        assert "lucia.fernandez@ultramarinosolmedo.es" in shown
        assert "sofia.navarro@ultramarinosolmedo.es" not in shown


@run_async
async def test_an_account_with_fewer_fields_leaves_none_of_the_last_ones(ws: Path) -> None:
    """instagram-empleo has a scheduler, notes and hashtags; youtube-olmedo has none of them."""
    expected = await _fresh_picture(ws, "youtube-olmedo")
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, "instagram-empleo")
        assert "#TrabajaEnOlmedo" in "\n".join(screen_lines(app))
        await left(pilot)

        await opened(pilot, k.ACCOUNTS, "youtube-olmedo")

        assert screen_lines(app) == expected
        shown = "\n".join(expected)
        for gone in ("#TrabajaEnOlmedo", "metricool", "Candidates' data", "@trabajaenolmedo"):
            assert gone not in shown


@run_async
async def test_an_owner_after_another_shows_only_their_own_accounts(ws: Path) -> None:
    """Owners' Accounts blocks have as many rows as the owner has accounts, or none."""
    for first_id, then_id in (
        ("javier-moreno", "carlos-vidal"),
        ("carlos-vidal", "tomas-aguirre"),
        ("tomas-aguirre", "ana-ruiz"),
    ):
        async with started(ws, SIZE) as (app, pilot):
            await opened(pilot, k.OWNERS, then_id)
            expected = screen_lines(app)
        async with started(ws, SIZE) as (app, pilot):
            await opened(pilot, k.OWNERS, first_id)
            await left(pilot)
            await opened(pilot, k.OWNERS, then_id)
            assert screen_lines(app) == expected, (first_id, then_id)


@run_async
async def test_the_status_line_of_a_screen_shown_again_is_the_workspace_of_now(ws: Path) -> None:
    """The status bar skips what it already shows: a finding added while the screen was
    away must still reach its count of the checks."""
    async with started(ws, SIZE) as (app, pilot):
        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")
        before = screen_lines(app)[-2:]
        await left(pilot)
        await saved_meanwhile(pilot, k.ACCOUNTS, "x-olmedo", {"url": "not a web address"})
        await opened(pilot, k.ACCOUNTS, "instagram-olmedo")
        await left(pilot)
        await opened(pilot, k.ACCOUNTS, "bluesky-olmedo")
        shown = screen_lines(app)
    expected = await _fresh_picture(ws, "bluesky-olmedo")
    assert shown == expected
    assert shown[-2:] != before
