"""TUI figures (issue 3, section 8), each beside a bare Textual app doing the same, headless.

- first screen: from App start until the accounts table holds every row, vs a bare App that
  reads and tomllib-parses the workspace in a worker and fills a stock DataTable with the same
  rows and columns;
- a filter keystroke on every account, vs the bare app refilling its DataTable on each key;
- opening a record and saving it, commit included (the edit form when it exists, else the
  store's save from a worker as a form would), vs a plain write + git add + git commit.

Widgets are found by type and row count, not by id, so the app's layout may change freely.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input
from textual.worker import WorkerCancelled

SIZE = (120, 40)
COLUMNS = ("Network", "Handle", "Department", "Owner", "Backup", "Status", "Reviewed")
TIMEOUT = 300.0


def floor_rows(root: Path) -> list[tuple[str, list[str], str]]:
    """(id, cells, search text) of every account, from a plain tomllib pass over the files."""
    owners: dict[str, str] = {}
    accounts: dict[str, dict[str, Any] | None] = {}
    for folder in ("owners", "accounts", "contacts", "protocols/crisis", "incidents"):
        try:
            scan = os.scandir(root / folder)
        except FileNotFoundError:
            continue
        with scan:
            paths = sorted(e.path for e in scan if e.name.endswith(".toml"))
        for path in paths:
            with open(path, "rb") as handle:
                try:
                    raw = tomllib.loads(handle.read().decode("utf-8"))
                except tomllib.TOMLDecodeError:
                    raw = None
            rid = os.path.basename(path)[:-5]
            if folder == "owners" and raw is not None:
                owners[rid] = str(raw.get("name", rid))
            elif folder == "accounts":
                accounts[rid] = raw
    rows = []
    for rid, raw in sorted(accounts.items()):
        if raw is None:
            rows.append((rid, [rid, "(invalid file)", "", "", "", "", ""], rid))
            continue
        cells = [
            str(raw.get("network", "")),
            str(raw.get("handle", "")),
            str(raw.get("department", "")),
            owners.get(raw.get("owner", ""), str(raw.get("owner", ""))),
            owners.get(raw.get("backup_owner", ""), str(raw.get("backup_owner", ""))),
            str(raw.get("status", "")),
            str(raw.get("last_reviewed", "")),
        ]
        rows.append((rid, cells, " ".join([rid, *cells]).lower()))
    return rows


class FloorApp(App[None]):
    """The floor: a bare Textual app with a filter box and a stock DataTable of the accounts."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.rows: list[tuple[str, list[str], str]] = []

    def compose(self) -> ComposeResult:
        """A filter and a table."""
        yield Input(placeholder="filter")
        yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        """Load in a worker, like any app that must not freeze."""
        self.run_worker(self._load, thread=True)

    def _load(self) -> None:
        rows = floor_rows(self.root)
        self.call_from_thread(self._fill, rows)

    def _fill(self, rows: list[tuple[str, list[str], str]]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(cells for _rid, cells, _search in rows)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Refill the table with the rows that match."""
        word = event.value.lower()
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(cells for _rid, cells, search in self.rows if word in search)


def _tables(app: App[Any]) -> list[Any]:
    """The tables on screen: stock DataTables, and the app's own RecordTable lists."""
    kinds: list[type] = [DataTable]
    try:
        from smgov_tui.ui.widgets.record_table import RecordTable

        kinds.append(RecordTable)
    except ImportError:
        pass
    return [w for w in app.screen.query("*") if isinstance(w, tuple(kinds))]


def _updates(table: Any) -> int:
    """A counter that changes whenever the table's rows are replaced."""
    return int(table._update_count if isinstance(table, DataTable) else table.update_count)


def _row_key(table: Any, index: int) -> str:
    if isinstance(table, DataTable):
        return str(table.coordinate_to_cell_key((index, 0)).row_key.value)
    return str(table.rows[index].key)


async def _wait_for_table(app: App[Any], rows: int) -> Any:
    """The table on screen that holds ``rows`` rows, once it does."""
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        for table in _tables(app):
            if table.row_count == rows and not table.loading:
                return table
        await asyncio.sleep(0.002)
    raise TimeoutError(f"no table with {rows} rows appeared")


async def _wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.001)


async def _session(
    make_app: Callable[[], App[Any]],
    rows: int,
    keys: str,
    open_and_save: Callable[[App[Any], Any, DataTable[Any]], Any] | None = None,
) -> tuple[float, list[float], list[float]]:
    """First screen time, each filter keystroke's time, and open+save times, in one run."""
    app = make_app()
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        table = await _wait_for_table(app, rows)
        first = time.perf_counter() - start
        await app.workers.wait_for_complete()
        await pilot.pause()
        box = _filter_box(app, table)
        box.focus()
        await pilot.pause()
        typed = []
        for key in keys:
            tables = _tables(app)
            before = [_updates(t) for t in tables]
            start = time.perf_counter()
            _send_key(app, key)
            await _wait(
                lambda tables=tables, before=before: any(
                    _updates(t) != b for t, b in zip(tables, before, strict=True)
                ),
                "the filter did not update the table",
            )
            typed.append(time.perf_counter() - start)
            await pilot.pause()
        if not any(t.row_count < rows for t in _tables(app)):
            raise RuntimeError("the filter did not filter")
        box.value = ""
        await pilot.pause()
        saves: list[float] = []
        if open_and_save is not None:
            saves = await open_and_save(app, pilot, table)
    return first, typed, saves


def _send_key(app: App[Any], key: str) -> None:
    """Deliver one key as the terminal would (Pilot.press also waits for the app to idle,
    which on a busy machine or with a worker running measures the machine, not the app)."""
    from textual import events

    char = {"\b": None, "enter": None, "ctrl+s": None}.get(key, key if len(key) == 1 else None)
    name = {"\b": "backspace"}.get(key, key)
    event = events.Key(name, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


def _filter_box(app: App[Any], table: DataTable[Any]) -> Input:
    """The filter Input that belongs with ``table`` (the nearest one up the tree)."""
    node = table.parent
    while node is not None:
        found = list(node.query(Input)) if hasattr(node, "query") else []
        if found:
            return found[0]
        node = node.parent
    raise RuntimeError("no filter box")


def run(gen: Any, runs: int, row_type: Any) -> list[Any]:
    """The TUI rows of the results table (``row_type`` is bench.run.Row)."""
    try:
        from smgov_tui.ui.app import SmgovApp
    except ImportError:
        return []
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    root = gen.root
    rows = gen.sizes.accounts
    keys = "vigo\b\b\b\bmadrid"
    targets = iter(gen.clean_accounts[-(runs * 8 + 8) :])

    async def open_and_save(app: App[Any], pilot: Any, table: DataTable[Any]) -> list[float]:
        return await _open_and_save(app, pilot, table, targets, root, saves=3)

    ours = [
        asyncio.run(_session(lambda: SmgovApp(root), rows, keys, open_and_save))
        for _ in range(runs)
    ]
    floor = [asyncio.run(_session(lambda: FloorApp(root), rows, keys)) for _ in range(runs)]
    save_floor = _git_save_floor(root, targets, runs * 3)

    def med(values: list[float]) -> float:
        values = sorted(values)
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2

    from smgov_tui.ui.screens import record  # noqa: F401  (the detail screen exists)

    form = _edit_screen() is not None
    return [
        row_type(
            "TUI: first screen with every account",
            med([o[0] for o in ours]),
            med([f[0] for f in floor]),
            "bare App + stock DataTable, same rows",
            runs,
            max_ratio=1.2,
        ),
        row_type(
            f"TUI: one filter keystroke on {rows} rows",
            med([t for o in ours for t in o[1]]),
            med([t for f in floor for t in f[1]]),
            "bare App refilling its DataTable",
            runs * len(keys),
            max_seconds=0.050,
        ),
        row_type(
            "TUI: open a record, save it, commit"
            + ("" if form else " (store.save in a worker: no form yet)"),
            med([t for o in ours for t in o[2]]),
            med(save_floor),
            "write + git add + git commit",
            len([t for o in ours for t in o[2]]),
            max_seconds=0.100,
        ),
    ]


def _edit_screen() -> Any:
    try:
        from smgov_tui.ui.screens.edit import EditScreen
    except ImportError:
        return None
    return EditScreen


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def _head(root: Path) -> str:
    """The commit HEAD points at, read from the files (polled every millisecond)."""
    try:
        from smgov_tui.store.watch import read_head
    except ImportError:
        return _git(root, "rev-parse", "HEAD")
    return str(read_head(root))


def _git_save_floor(root: Path, targets: Any, count: int) -> list[float]:
    times = []
    for number in range(count):
        rid = next(targets)
        path = root / "accounts" / f"{rid}.toml"
        start = time.perf_counter()
        text = path.read_text(encoding="utf-8")
        lines = [
            f'posting_frequency = "{number + 40} per year"\n'
            if line.startswith("posting_frequency =")
            else line
            for line in text.splitlines(keepends=True)
        ]
        path.write_text("".join(lines), encoding="utf-8")
        _git(root, "add", "--", f"accounts/{rid}.toml")
        _git(root, "commit", "-q", "-m", f"accounts: set posting_frequency of {rid}")
        times.append(time.perf_counter() - start)
    return times


async def _open_and_save(
    app: Any, pilot: Any, table: DataTable[Any], targets: Any, root: Path, saves: int
) -> list[float]:
    """Open a record from the list (Enter) and save a one-field change, ``saves`` times."""
    times = []
    for number in range(saves):
        times.append(await _open_and_save_one(app, pilot, table, next(targets), root, number))
    return times


async def _open_and_save_one(
    app: Any, pilot: Any, table: DataTable[Any], rid: str, root: Path, number: int
) -> float:
    from smgov_tui.core import kinds as k

    edit_screen = _edit_screen()
    row = next(
        index for index in range(table.row_count) if _row_key(table, index).endswith(f":{rid}")
    )
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()
    await app.workers.wait_for_complete()
    head = _head(root)
    main_screen = app.screen
    start = time.perf_counter()
    _send_key(app, "enter")
    await _wait(lambda: app.screen is not main_screen, "the record did not open")
    value = f"{number + 20} per fortnight"
    if edit_screen is not None:
        record_screen = app.screen
        await _wait(lambda: record_screen.is_mounted, "the record screen did not mount")
        _send_key(app, "e")
        await _wait(lambda: isinstance(app.screen, edit_screen), "no form")
        await _wait(lambda: bool(list(app.screen.query(Input))), "the form is empty")
        current = app.store.data.entry(k.ACCOUNTS, rid).raw["posting_frequency"]
        box = next(w for w in app.screen.query(Input) if w.value == current)
        box.value = value
        _send_key(app, "ctrl+s")
    else:
        store = app.store
        entry = store.data.entry(k.ACCOUNTS, rid)
        values = {**entry.raw, "posting_frequency": value}
        app.run_worker(lambda: store.save(k.ACCOUNTS, rid, values, entry.text), thread=True)
    await _wait(lambda: _head(root) != head, "no commit")
    if edit_screen is not None:
        await _wait(lambda: not isinstance(app.screen, edit_screen), "the form stayed open")
    elapsed = time.perf_counter() - start
    # a refresh the app itself cancelled (exclusive workers) is not a failure of the save
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()
    while app.screen is not main_screen:
        await pilot.press("escape")
        await pilot.pause()
    return elapsed
