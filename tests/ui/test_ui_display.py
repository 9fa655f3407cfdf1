"""What a person reads: labels instead of slugs in lists and details, names instead of owner ids,
columns that stay readable at 80x24 (the least useful ones are hidden rather than every column
cut to a stub), and a help overlay whose title and closing hint stay in view."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from smgov_tui.store.store import Store
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.present import formspec
from smgov_tui.ui.present.listing import (
    ColumnSpec,
    build_accounts,
    build_contacts,
    fit_columns,
    fit_widths,
)
from smgov_tui.ui.screens.help import help_sections
from smgov_tui.ui.screens.record import LinkTable, RecordScreen
from smgov_tui.ui.widgets.record_table import RecordList
from tests.helpers.ui import loaded, run_async, screen_lines, settle


def header_and_rows(app: SmgovApp, section: str) -> tuple[list[str], list[str]]:
    """The visible header cells and row lines of a list section."""
    record_list = app.screen.query_one(f"#section-{section}", RecordList)
    table = record_list.table
    header = [
        label.plain
        for label, width in zip(table.labels, table.widths, strict=True)
        if width  # hidden columns have width 0
    ]
    rows = [table.render_line(y).text for y in range(1, table.row_count + 1)]
    return header, rows


def test_status_and_kind_use_the_form_labels(store: Store, spanish: None) -> None:
    data = store.data
    accounts = build_accounts(data)
    column = [c.key for c in accounts.columns].index("status")
    shown = {row.cells[column].plain for row in accounts.rows}
    labels = formspec.status_labels()
    assert shown <= set(labels.values())
    assert "active" not in shown and "activa" in shown  # translated, not the slug
    contacts = build_contacts(data)
    column = [c.key for c in contacts.columns].index("kind")
    kinds = {row.cells[column].plain for row in contacts.rows}
    assert "agencia de comunicación" in kinds and "pr_agency" not in kinds
    # the form offers the very same labels, storing the slug
    spec = next(f for f in formspec.specs_for(formspec.r.Contact) if f.name == "kind")
    assert spec.options is not None
    assert ("agencia de comunicación", "pr_agency") in spec.options(data, {})


def test_filter_finds_rows_by_label_and_by_slug(store: Store) -> None:
    data = store.data
    contacts = build_contacts(data)
    by_label = {row.key for row in contacts.filtered("platform support")}
    by_slug = {row.key for row in contacts.filtered("platform_support")}
    expected = {
        f"contacts:{cid}" for cid, c in data.contacts.items() if c.kind == "platform_support"
    }
    assert expected and by_label == expected and by_slug == expected


def test_fit_columns_hides_the_least_useful_first() -> None:
    columns = (
        ColumnSpec("a", "A", 20, 10),
        ColumnSpec("b", "B", 20, 10, drop=1),
        ColumnSpec("c", "C", 20, 10, drop=2),
    )
    assert fit_columns(columns, (20, 20, 20), 63) == [20, 20, 20]
    # three at their minimum (10 + 1 padding each) fit in 40: all shown, shrunk
    fitted = fit_columns(columns, (20, 20, 20), 40)
    assert all(w >= 10 for w in fitted) and sum(w + 1 for w in fitted) <= 40
    # they do not fit in 30: the highest drop goes; of the two left, the one that may be
    # hidden gives way first (down to its minimum), the one that never is keeps the rest
    assert fit_columns(columns, (20, 20, 20), 30) == [18, 10, 0]
    assert fit_columns(columns, (20, 20, 20), 12) == [11, 0, 0]
    # a column that may never be hidden stays, even cut below its minimum width
    assert fit_columns(columns, (20, 20, 20), 5)[0] > 0


@run_async
async def test_accounts_at_120x40_show_every_column_with_status_labels(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        header, rows = header_and_rows(app, "accounts")
        expected = ["Network", "Handle", "Department", "Owner", "Backup", "Status", "Reviewed"]
        assert header == expected
        paused = next(line for line in rows if "bluesky" in line)
        assert re.search(r" paused +\d{4}-\d\d-\d\d", paused)


@run_async
async def test_accounts_at_80x24_keep_the_useful_columns_whole(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        header, rows = header_and_rows(app, "accounts")
        assert header == ["Network", "Handle", "Owner", "Status", "Reviewed"]
        screen = "\n".join(screen_lines(app))
        for account in data.accounts.values():
            # network, status and review date are never cut; the owner is readable
            line = next(
                r
                for r in rows
                if account.last_reviewed.isoformat() in r
                and account.network in r
                and account.handle[:10] in r
            )
            assert f" {account.status} " in line
            owner = data.owners[account.owner].name
            assert owner[:12] in line
        # on screen: the header line ends with the status and the review date, whole
        assert re.search(r"Owner +Status +Reviewed *$", screen.splitlines()[1].rstrip())


@run_async
async def test_contacts_at_80x24_show_name_kind_and_the_whole_phone(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        await pilot.press("3")
        await settle(pilot)
        header, rows = header_and_rows(app, "contacts")
        assert header[:2] == ["Name", "Kind"] and "Phone" in header
        for contact in data.contacts.values():
            line = next(r for r in rows if contact.phone in r)  # the phone, whole
            assert formspec.contact_kind_label(contact.kind)[:10] in line
            assert "_" not in line.split(contact.phone)[0].replace(contact.name, "")
        await pilot.press("slash", *"platform_support")
        shown = app.screen.query_one("#section-contacts", RecordList).shown
        assert shown and all(r.key.startswith("contacts:") for r in shown)
        assert len(shown) == sum(c.kind == "platform_support" for c in data.contacts.values())


@run_async
async def test_spanish_lists_show_spanish_labels(ws: Path, spanish: None) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        _header, rows = header_and_rows(app, "accounts")
        assert any(" en pausa " in line for line in rows)
        assert not any(" paused " in line for line in rows)
        await pilot.press("slash", *"en pausa")
        shown = app.screen.query_one("#section-accounts", RecordList).shown
        assert [row.key for row in shown] == [
            f"accounts:{aid}"
            for aid, a in sorted(app.snapshot.store.data.accounts.items())  # type: ignore[union-attr]
            if a.status == "paused"
        ]


def test_fit_widths_shrinks_the_least_useful_column_first() -> None:
    # without an order, the column with most room above its minimum gives way
    assert fit_widths([30, 20], [10, 10], 40) == [20, 20]
    # with one, the higher ``give`` goes down to its minimum before the other moves
    assert fit_widths([30, 20], [10, 10], 40, give=[0, 1]) == [30, 10]
    assert fit_widths([30, 20], [10, 10], 35, give=[0, 1]) == [25, 10]
    # nothing below its minimum: what cannot fit stays too wide
    assert fit_widths([30, 20], [25, 15], 30, give=[0, 1]) == [25, 15]


def plain(line: str) -> str:
    """A screen line without the scrollbar blocks drawn at its right edge."""
    return re.sub(r"[\u2580-\u259f]", "", line).rstrip()


def field_line(lines: list[str], label: str) -> str:
    """The screen line of a detail field (its label, then its value)."""
    return next(line for line in lines if re.match(rf" *{re.escape(label)}  +\S", line))


@run_async
async def test_owners_list_shows_role_titles_and_readable_columns_at_80x24(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        await pilot.press("2")
        await settle(pilot)
        header, rows = header_and_rows(app, "owners")
        assert header == ["Name", "Role", "Phone", "Owns"]
        titles = {role.id: role.title for role in data.management.roles}  # type: ignore[union-attr]
        for owner in data.owners.values():
            line = next(r for r in rows if owner.phone in r)
            assert titles[owner.role][:16] in line  # the title, at least 16 letters of it
            assert owner.role not in line  # never the id


@run_async
async def test_incidents_at_80x24_keep_the_title_readable(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        await pilot.press("5")
        await settle(pilot)
        header, rows = header_and_rows(app, "incidents")
        assert header == ["Opened", "Title", "Severity", "Status"]  # the playbook gave way
        assert data.incidents
        for incident in data.incidents.values():
            line = next(line for line in rows if incident.title[:24] in line)
            severity = next(
                s for s in data.playbooks[incident.playbook].severities if s.id == incident.severity
            )
            assert severity.label != severity.id  # the sample names its levels
            assert re.search(rf" {severity.label} +{incident.status}$", line.rstrip())


@run_async
async def test_incident_detail_in_spanish_reads_as_words(ws: Path, spanish: None) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        incident_id = max(data.incidents)
        incident = data.incidents[incident_id]
        playbook = data.playbooks[incident.playbook]
        await pilot.press("5")
        await settle(pilot)
        _header, rows = header_and_rows(app, "incidents")
        assert any(line.rstrip().endswith(" cerrado") for line in rows)
        app.open_record("incidents", incident_id)
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, RecordScreen) and detail.record_id == incident_id
        # the log has the focus, scrolled into view: scroll back up to the fields
        detail.query_one("#record-body", VerticalScroll).scroll_home(animate=False)
        await settle(pilot)
        lines = [plain(line) for line in screen_lines(app)]
        assert any(line.rstrip().endswith("incidente, cerrado") for line in lines[:2])
        assert field_line(lines, "Guía de crisis").endswith(f"  {playbook.title}")
        assert field_line(lines, "Estado").endswith("  cerrado")
        labels = {s.id: s.label for s in playbook.severities}
        assert field_line(lines, "Gravedad").endswith(f"  {labels[incident.severity]}")
        # the log: actions in Spanish, steps by title, people by name (no address)
        log = detail.query(LinkTable).last()
        cells = [[cell.plain for cell in log.get_row_at(i)] for i in range(log.row_count)]
        assert cells[0][2] == "abierto" and "opened" not in {row[2] for row in cells}
        steps = {step.id: step.title for step in playbook.steps}
        logged = [entry for entry in incident.log if entry.step]
        assert logged
        for entry, row in zip(incident.log, cells, strict=True):
            assert row[1] == entry.author.split(" <")[0] and "<" not in row[1]
            assert row[3] == (steps[entry.step] if entry.step else "")


@run_async
async def test_account_detail_at_80x24_names_the_people(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        account_id = app.screen.query_one("#section-accounts", RecordList).shown[0].key
        account = data.accounts[account_id.split(":", 1)[1]]
        owner, backup = data.owners[account.owner], data.owners[account.backup_owner]
        await pilot.press("enter")
        await settle(pilot)
        lines = [plain(line) for line in screen_lines(app)]
        assert field_line(lines, "Owner").split() == ["Owner", *owner.name.split()]
        assert field_line(lines, "Backup owner").endswith(f"  {backup.name}")
        assert field_line(lines, "Profile URL").endswith(f"  {account.url}")
        assert not any(re.match(r" *Url ", line) for line in lines)
        assert field_line(lines, "Status").endswith("  active")
        # the emails in the People block are wrapped, not cut at the edge: the row's last
        # cell and the one below it make the whole address
        for person in (owner, backup):
            at = next(i for i, line in enumerate(lines) if person.phone in line)
            first, rest = lines[at].split()[-1], lines[at + 1].split()[-1]
            assert person.email in (first, first + rest)


@run_async
async def test_details_in_spanish_show_labels_names_and_titles(ws: Path, spanish: None) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        paused = next(a for a in sorted(data.accounts) if data.accounts[a].status == "paused")
        app.open_record("accounts", paused)
        await settle(pilot)
        lines = [plain(line) for line in screen_lines(app)]
        assert field_line(lines, "Estado").endswith("  en pausa")
        assert field_line(lines, "URL del perfil").endswith(data.accounts[paused].url)
        owner_id = data.accounts[paused].owner
        assert field_line(lines, "Responsable").endswith(data.owners[owner_id].name)
        # the owner: the title of their role, and the status of each account as a label
        app.open_record("owners", owner_id)
        await settle(pilot)
        lines = [plain(line) for line in screen_lines(app)]
        titles = {role.id: role.title for role in data.management.roles}  # type: ignore[union-attr]
        role = data.owners[owner_id].role
        assert field_line(lines, "Rol").endswith(f"  {titles[role]}")
        handle = data.accounts[paused].handle
        assert any(handle in line and line.endswith("en pausa") for line in lines)
        # a contact: the label of its kind
        agency = next(c for c in sorted(data.contacts) if data.contacts[c].kind == "pr_agency")
        app.open_record("contacts", agency)
        await settle(pilot)
        lines = [plain(line) for line in screen_lines(app)]
        assert field_line(lines, "Tipo").endswith("  agencia de comunicación")


def help_box(app: SmgovApp) -> list[str]:
    """The lines inside the help box, without its border."""
    lines = [plain(line) for line in screen_lines(app)]
    top = next(i for i, line in enumerate(lines) if "╭" in line)
    bottom = next(i for i, line in enumerate(lines) if "╰" in line)
    return [line.split("│")[1].strip() for line in lines[top + 1 : bottom]]


@run_async
async def test_help_at_80x24_keeps_title_and_hint_and_scrolls_the_keys(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        box = help_box(app)
        assert box[0] == "Keys of smgov"
        assert box[-1] == "escape closes this help; ↑ ↓ PgUp PgDn scroll"
        assert "Who signs your changes" not in box
        await pilot.press("end")  # the keys scroll; the title and the hint stay
        await settle(pilot)
        box = help_box(app)
        assert box[0] == "Keys of smgov"
        assert box[-1] == "escape closes this help; ↑ ↓ PgUp PgDn scroll"
        assert "Who signs your changes" in box
        assert box[-3].startswith("git config")


@run_async
async def test_help_at_120x40_shows_every_key_at_once(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        box = help_box(app)
        assert box[0] == "Keys of smgov"
        assert box[-1] == "escape closes this help"
        text = "\n".join(box)
        for topic, keys in help_sections():
            assert topic in text
            for key, what in keys:
                # two columns: a key and its words may be in the right-hand one
                assert any(key in line and what[:30] in line for line in box)


@run_async
async def test_protocols_at_80x24_show_whole_titles(ws: Path) -> None:
    app = SmgovApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        data = (await loaded(pilot)).snapshot.store.data  # type: ignore[union-attr]
        await pilot.press("4")
        await settle(pilot)
        header, rows = header_and_rows(app, "protocols")
        assert header == ["Title", "Type", "Summary"]
        titles = [p.title for p in data.playbooks.values()]
        titles += ["Communication protocol", "Management protocol"]
        for title in titles:
            assert any(line.startswith(f" {title} ") for line in rows), title


FOOTER_AT_80 = """
import asyncio, sys
from pathlib import Path
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.screens.record import RecordScreen
from tests.helpers.ui import loaded, screen_lines, settle

async def main() -> None:
    app = SmgovApp(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        print(screen_lines(app)[-1])

asyncio.run(main())
"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_footer_of_a_record_fits_80_columns(ws: Path, language: str) -> None:
    """Every key the record's footer shows is whole at 80 columns, in English and in Spanish
    (the Spanish one ended in "C Cris"). In a fresh process: key names are translated when the
    screens are defined, so the language must be chosen before the app is imported."""
    env = {**os.environ, "SMGOV_LANG": language}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", FOOTER_AT_80, str(ws)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    footer = result.stdout.splitlines()[-1]
    assert ("Borrar" if language == "es" else "Delete") in footer
    assert "C Crisis " in footer  # the last key, whole, before the palette
    assert "…" not in footer
