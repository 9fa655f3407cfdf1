"""The list builders: a file that is not valid keeps its place as an "invalid file" row, in id
order (incidents newest first); owners are shown by name; protocols summarise each file."""

from __future__ import annotations

from pathlib import Path

from smgov_tui.store.loader import load_workspace
from smgov_tui.ui.present.listing import (
    TableModel,
    build_accounts,
    build_contacts,
    build_incidents,
    build_owners,
    build_protocols,
)

INVALID = "(invalid file: see Health)"


def _ids(model: TableModel) -> list[str]:
    return [row.key.partition(":")[2] for row in model.rows]


def _cells(model: TableModel, record_id: str) -> list[str]:
    row = next(row for row in model.rows if row.key.endswith(f":{record_id}"))
    return [cell.plain for cell in row.cells]


def _break(root: Path, rel: str) -> None:
    (root / rel).write_text("this is = = not toml\n", encoding="utf-8")


def test_invalid_files_keep_their_place_in_every_list(ws: Path) -> None:
    for folder in ("accounts", "owners", "contacts", "incidents"):
        _break(ws, f"{folder}/zz-broken.toml")
        _break(ws, f"{folder}/0000-broken.toml")
    data = load_workspace(ws)
    for build, folder in (
        (build_accounts, "accounts"),
        (build_owners, "owners"),
        (build_contacts, "contacts"),
    ):
        model = build(data)
        ids = _ids(model)
        assert ids == sorted(p.stem for p in (ws / folder).glob("*.toml")), folder
        assert len(ids) > 2
        width = len(model.columns)
        for broken in ("zz-broken", "0000-broken"):
            assert _cells(model, broken) == [broken, INVALID, *[""] * (width - 2)]
    incidents = build_incidents(data)
    ids = _ids(incidents)
    assert ids == sorted((p.stem for p in (ws / "incidents").glob("*.toml")), reverse=True)
    assert ids[0] == "zz-broken" and ids[-1] == "0000-broken" and len(ids) > 2
    assert _cells(incidents, "zz-broken")[:2] == ["zz-broken", INVALID]


def test_accounts_show_owner_and_backup_by_name(ws: Path) -> None:
    data = load_workspace(ws)
    model = build_accounts(data)
    keys = [c.key for c in model.columns]
    for record_id, account in data.accounts.items():
        cells = _cells(model, record_id)
        assert cells[keys.index("owner")] == data.owners[account.owner].name
        assert cells[keys.index("backup")] == data.owners[account.backup_owner].name


def test_protocols_summarise_each_file_or_say_it_is_invalid(ws: Path) -> None:
    data = load_workspace(ws)
    comm, mgmt, heard = data.communication, data.management, data.listening
    assert comm is not None and mgmt is not None and heard is not None
    model = build_protocols(data)
    assert [row.key for row in model.rows[:3]] == [
        "communication:communication",
        "management:management",
        "listening:listening",
    ]
    assert [row.key.partition(":")[0] for row in model.rows[3:]] == ["playbooks"] * (
        len(model.rows) - 3
    )
    assert _cells(model, "communication") == [
        "Communication protocol",
        "what we say",
        f"{len(comm.key_messages)} key messages, {len(comm.hashtags)} hashtags",
    ]
    assert _cells(model, "management") == [
        "Management protocol",
        "who, how, when",
        f"{len(mgmt.roles)} roles, review every {mgmt.review_cadence_days} days",
    ]
    assert _cells(model, "listening") == [
        "Listening protocol",
        "what we listen for",
        f"{len(heard.watch)} terms watched, {len(heard.thresholds)} thresholds",
    ]
    _break(ws, "protocols/management.toml")
    _break(ws, "protocols/communication.toml")
    _break(ws, "protocols/listening.toml")
    broken = build_protocols(load_workspace(ws))
    assert _cells(broken, "communication")[2] == INVALID
    assert _cells(broken, "management")[2] == INVALID
    assert _cells(broken, "listening")[2] == INVALID
    assert broken.rows[3:] and _ids(broken)[3:] == _ids(model)[3:]


def _set(root: Path, rel: str, field: str, value: str) -> None:
    """Replace the line of ``field`` in ``rel`` with a TOML basic string ``value``."""
    path = root / rel
    lines = [
        f"{field} = {value}\n" if line.startswith(f"{field} =") else line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
    ]
    path.write_text("".join(lines), encoding="utf-8")


def test_a_cell_is_one_line_of_plain_text_without_control_codes(ws: Path) -> None:
    _set(ws, "accounts/blog-la-despensa.toml", "handle", r'"@a\tb\nc\u001b[31md\u0007"')
    model = build_accounts(load_workspace(ws))
    handle = _cells(model, "blog-la-despensa")[1]
    assert handle == "@a b c[31md"  # tab and newline read as spaces; escape and bell are gone
    row = next(row for row in model.rows if row.key == "accounts:blog-la-despensa")
    assert "\x00" in row.search and "@a b c[31md" in row.search  # the filter finds the words


def test_widths_fit_the_longest_cell_up_to_the_column_limit(ws: Path) -> None:
    wide = "界" * 12  # 24 cells in 12 characters: widths are measured in cells, not characters
    _set(ws, "accounts/blog-la-despensa.toml", "handle", f'"{wide}"')
    _set(ws, "accounts/bluesky-olmedo.toml", "department", '"' + "x" * 80 + '"')
    model = build_accounts(load_workspace(ws))
    model.compute_widths()
    columns = [column.key for column in model.columns]
    handle = columns.index("handle")
    longest_ascii = max(
        len(row.cells[handle].plain) for row in model.rows if row.cells[handle].plain.isascii()
    )
    assert longest_ascii < 24 <= model.columns[handle].max_width
    assert model.widths[handle] == 24
    department = columns.index("department")
    assert model.widths[department] == model.columns[department].max_width


def test_sorting_compares_values_not_cells_and_puts_empty_last(ws: Path) -> None:
    _set(ws, "accounts/blog-la-despensa.toml", "department", '""')
    model = build_accounts(load_workspace(ws))
    department = [column.key for column in model.columns].index("department")
    reviewed = [column.key for column in model.columns].index("reviewed")
    rows = sorted(model.rows, key=lambda row: row.sort_key(department))
    assert rows[-1].key == "accounts:blog-la-despensa"
    names = [row.cells[department].plain for row in rows[:-1]]
    assert names == sorted(names, key=str.casefold)
    dates = [
        row.values[reviewed] for row in sorted(model.rows, key=lambda row: row.sort_key(reviewed))
    ]
    known = [date for date in dates if date]
    assert known == sorted(known) and known and all(not date for date in dates[len(known) :])
