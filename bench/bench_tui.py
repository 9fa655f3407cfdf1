"""TUI figures (issue 3, section 8), each beside a bare Textual app doing the same, headless.

- first screen: from App start until the accounts table holds every row, vs a bare App that
  reads and tomllib-parses the workspace in a worker and fills a stock DataTable with the same
  rows and columns;
- a filter keystroke on every account, vs the bare app refilling its DataTable on each key;
- opening a record and saving it, commit included, in three phases timed to the first frame
  the app paints (headless Textual still composes every frame; ``App._display`` is wrapped to
  time-stamp them):
  1. open: Enter on a row until the record's detail is painted, vs the bare app reading the
     account's file and its two owners' files and pushing a screen of the same text (heading,
     the people in charge, every field);
  2. form: ``e`` until the edit form is painted, vs the bare app pushing a screen with as many
     labelled Inputs as the account form has fields;
  3. save: ctrl+s until the commit is in HEAD and the record's detail is painted again with
     the value saved (whichever comes last), vs a plain write + git add + git commit;
  then "open a record and save it" (issue 3: under 100 ms), open + save; and all three
  phases summed, which is what a user waits for (typing excluded), beside the three floors;
- open and form again as the UI thread's CPU time from the key to the frame (the app's own
  work, which a busy machine moves far less than wall time), beside the floor's; and once
  more with that thread's time in Python's garbage collections left out on both sides (see
  :class:`Collections`: the floor's form samples fall in two modes, and their median in
  either, which made the form's row read anywhere from 0.4x to 0.8x).

The app's sessions and the floor's alternate, each starting with Python's own garbage
collector and GIL settings (the app tunes both for itself once loaded). Each figure is a
median, and its spread the quartiles of each sample's ratio to the floor's sample taken beside
it: on a shared machine one pair of sessions moved the first screen's ratio from 1.04x to
1.94x, so two were not a figure.

Widgets are found by type and row count, not by id, so the app's layout may change freely.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import statistics
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static
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


class FloorForm(Screen[None]):
    """The floor of an edit form: ``fields`` labelled Inputs in a scrolling column."""

    CSS = ".floor-row { height: auto; } .floor-row Label { width: 22; }"
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.pop_screen", "Back")]

    def __init__(self, fields: int) -> None:
        super().__init__()
        self.fields = fields

    def compose(self) -> ComposeResult:
        """One row per field."""
        with VerticalScroll():
            for number in range(self.fields):
                with Horizontal(classes="floor-row"):
                    yield Label(f"Field {number}")
                    yield Input(f"value {number}")
        yield Footer()


def _read(path: Path) -> dict[str, Any]:
    """One file, tomllib-parsed ({} when it is missing or invalid)."""
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def floor_detail_text(root: Path, rid: str) -> tuple[str, str, str]:
    """(heading, people, fields): what the app's detail of account ``rid`` shows, as plain
    text read the plainest way (the account's file and its two owners' files, on open).

    The app shows a heading, a "People" table of the owner and backup (name, phone, email)
    and every field of the file with its value; a floor that showed only the list's seven
    cells painted a third of the text and measured less than the same screen needs."""
    raw = _read(root / "accounts" / f"{rid}.toml")
    heading = f"{raw.get('handle', rid)}  {raw.get('network', '')} account  accounts/{rid}.toml"
    people = ["  In charge  Name  Phone  Email"]
    for role, key in (("Owner", "owner"), ("Backup", "backup_owner")):
        owner = _read(root / "owners" / f"{raw.get(key, '')}.toml") if raw.get(key) else {}
        people.append(
            f"  → {role}  {owner.get('name', '')}  {owner.get('phone', '')}  "
            f"{owner.get('email', '')}"
        )
    fields = [
        f"{name.replace('_', ' ').capitalize():<22} {value}"
        for name, value in raw.items()
        if not isinstance(value, (dict, list))
    ]
    return heading, "\n".join(people), "\n".join(fields)


class FloorDetail(Screen[None]):
    """The floor of a record's detail: the same text as the app's detail (heading, the
    people in charge, every field) in Statics; ``e`` opens a form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("escape", "app.pop_screen", "Back"),
        ("e", "edit", "Edit"),
    ]

    def __init__(self, root: Path, rid: str, fields: int) -> None:
        super().__init__()
        self.root = root
        self.rid = rid
        self.fields = fields

    def compose(self) -> ComposeResult:
        """The heading, the people, the fields, a footer."""
        heading, people, fields = floor_detail_text(self.root, self.rid)
        yield Static(heading, markup=False)
        with VerticalScroll():
            yield Static("People", markup=False)
            yield Static(people, markup=False)
            yield Static(fields, markup=False)
        yield Footer()

    def action_edit(self) -> None:
        """Push the form."""
        self.app.push_screen(FloorForm(self.fields))


class FloorApp(App[None]):
    """The floor: a bare Textual app with a filter box and a stock DataTable of the accounts;
    Enter pushes a detail screen, whose ``e`` pushes a form."""

    def __init__(self, root: Path, fields: int = 0) -> None:
        super().__init__()
        self.root = root
        self.fields = fields
        self.rows: list[tuple[str, list[str], str]] = []
        self.shown: list[list[str]] = []
        self.shown_ids: list[str] = []

    def compose(self) -> ComposeResult:
        """A filter and a table."""
        yield Input(placeholder="filter", id="filter")
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
        self.shown = [cells for _rid, cells, _search in rows]
        self.shown_ids = [rid for rid, _cells, _search in rows]
        table.add_rows(self.shown)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Refill the table with the rows that match (the form's Inputs bubble here too)."""
        if event.input.id != "filter":
            return
        word = event.value.lower()
        table = self.query_one(DataTable)
        table.clear()
        found = [(rid, cells) for rid, cells, search in self.rows if word in search]
        self.shown = [cells for _rid, cells in found]
        self.shown_ids = [rid for rid, _cells in found]
        table.add_rows(self.shown)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter opens the row."""
        self.push_screen(FloorDetail(self.root, self.shown_ids[event.cursor_row], self.fields))


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
    """The table on screen that holds ``rows`` rows, once it does.

    The tables are looked for in the whole widget tree only every 50 ms, and those found are
    checked every 2 ms: walking the tree is work on the UI thread, and walking it every 2 ms
    would slow an app with many widgets (and its loading worker, for the interpreter lock) by
    the measuring itself.
    """
    deadline = time.perf_counter() + TIMEOUT
    tables: list[Any] = []
    looked = 0.0
    while time.perf_counter() < deadline:
        if time.perf_counter() - looked > 0.050:
            tables = _tables(app)
            looked = time.perf_counter()
        for table in tables:
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


Phases = tuple[float, float, float | None, float, float, float, float]
"""(open, form, save, open CPU, form CPU, open CPU and form CPU without collections) seconds
of one record opened, edited and saved (save None: opened and closed unsaved; the CPU times
are the UI thread's, key to frame)."""


class Collections:
    """The UI thread's CPU time spent in Python's garbage collections, as a running total.

    The floor keeps Python's collector settings, so a young collection now and then promotes
    enough of its loaded rows to trigger a full pass over them, which takes 100-300 ms: its
    form samples fall in two modes (about 60 ms, or 150-360 ms), and a median lands in either.
    The app freezes what it loaded and pays no such pass. Left out of both sides, the figures
    compare the screens' own work.
    """

    def __init__(self) -> None:
        self.spent = 0.0
        self._started: float | None = None
        self._thread = threading.get_ident()

    def __enter__(self) -> Collections:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if threading.get_ident() != self._thread:
            return
        if phase == "start":
            self._started = time.thread_time()
        elif self._started is not None:
            self.spent += time.thread_time() - self._started
            self._started = None


COLLECTIONS: Collections | None = None
"""The collections counted while the TUI rows run (None: not counting)."""


def _collected() -> float:
    return COLLECTIONS.spent if COLLECTIONS is not None else 0.0


@contextlib.contextmanager
def _counting_collections() -> Iterator[None]:
    """Count the collections (:data:`COLLECTIONS`) while the block runs."""
    global COLLECTIONS
    with Collections() as counted:
        COLLECTIONS = counted
        try:
            yield
        finally:
            COLLECTIONS = None


class Paints:
    """The time of every frame the app hands its driver, with the screen it shows.

    Headless, Textual still composes each frame and calls ``App._display`` with it (and then
    writes nothing): the first frame of a screen is when a user would see it.
    """

    def __init__(self, app: App[Any]) -> None:
        self.frames: list[tuple[float, Screen[Any], bool]] = []
        self.probe: Callable[[Screen[Any]], bool] | None = None
        """Asked of each frame as it is painted (what it shows then, not later)."""
        self.cpu: dict[float, float] = {}
        """The UI thread's CPU time (``time.thread_time``) when each frame was painted, by the
        frame's time: what the app itself spent, which other programs on a shared machine
        move far less than the wall time (the bench's coroutines share the thread, for the
        app and the floor alike)."""
        self.collected: dict[float, float] = {}
        """The UI thread's CPU time in garbage collections so far, by the frame's time."""
        self._seen = 0
        """Frames already looked at by :meth:`first` (it is asked every millisecond)."""
        display = app._display

        def timed(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                probed = self.probe(screen) if self.probe is not None else False
                stamp = time.perf_counter()
                self.cpu[stamp] = time.thread_time()
                self.collected[stamp] = _collected()
                self.frames.append((stamp, screen, probed))

        app._display = timed  # type: ignore[method-assign]

    async def first(
        self,
        after: float,
        shows: Callable[[Screen[Any]], bool],
        what: str,
        probed: bool = False,
    ) -> float:
        """The time of the first frame after ``after`` of a screen that ``shows`` (and, with
        ``probed``, for which the probe held when it was painted)."""

        deadline = time.perf_counter() + TIMEOUT
        # Frames painted before ``after`` are skipped once, not on every look: scanning the
        # session's every frame each millisecond took the app's thread from the app.
        while self._seen < len(self.frames) and self.frames[self._seen][0] < after:
            self._seen += 1
        while True:
            for stamp, screen, held in self.frames[self._seen :]:
                if stamp >= after and shows(screen) and (held or not probed):
                    return stamp
            if time.perf_counter() > deadline:
                raise TimeoutError(what)
            await asyncio.sleep(0.001)


async def _session(
    make_app: Callable[[], App[Any]],
    rows: int,
    keys: str,
    open_and_save: Callable[[App[Any], Any, Any, Paints], Any] | None = None,
) -> tuple[float, list[float], list[Phases]]:
    """First screen time, each filter keystroke's time, and the phases of opening and saving
    records, in one run."""
    app = make_app()
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        paints = Paints(app)
        table = await _wait_for_table(app, rows)
        first = time.perf_counter() - start
        with contextlib.suppress(WorkerCancelled):  # a refresh the app cancelled (exclusive)
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not keys and open_and_save is None:
            return first, [], []  # the first screen only
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
        phases: list[Phases] = []
        if open_and_save is not None:
            phases = await open_and_save(app, pilot, table, paints)
    return first, typed, phases


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


def run(gen: Any, runs: int, row_type: Any, first_screens: int = 0, opens: int = 2) -> list[Any]:
    """The TUI rows of the results table (``row_type`` is bench.run.Row).

    ``runs`` pairs of full sessions (the app, then the floor): the filter keystrokes, then
    ``opens`` records opened with their form and closed, and three opened, edited and saved.
    Then more pairs that only start and show the first screen, up to ``first_screens`` pairs
    in all. Each figure is the median of its samples, and its spread the quartiles of each
    sample's ratio to the floor's sample taken beside it (the same pair of sessions, the same
    place in the session)."""
    try:
        from smgov_tui.ui.app import SmgovApp
    except ImportError:
        return []
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    root = gen.root
    rows = gen.sizes.accounts
    keys = "vigo\b\b\b\bmadrid"
    saves = 3
    targets = iter(gen.clean_accounts[-(runs * (saves * 2 + opens) + 8) :])
    fields = _form_fields()

    async def open_and_save(app: App[Any], pilot: Any, table: Any, paints: Paints) -> list[Phases]:
        return [
            await _open_and_save_one(
                app, pilot, table, paints, next(targets), root, number, save=number >= opens
            )
            for number in range(opens + saves)
        ]

    async def open_floor(app: App[Any], pilot: Any, table: Any, paints: Paints) -> list[Phases]:
        return [
            await _open_floor_one(app, pilot, table, paints, number)
            for number in range(opens + saves)
        ]

    ours, floor = [], []
    with _counting_collections():
        for number in range(max(runs, first_screens)):
            # interleaved, so a machine busier for a while slows both alike
            full = number < runs
            _python_defaults()
            ours.append(
                asyncio.run(
                    _session(
                        lambda: SmgovApp(root),
                        rows,
                        keys if full else "",
                        open_and_save if full else None,
                    )
                )
            )
            _python_defaults()
            floor.append(
                asyncio.run(
                    _session(
                        lambda: FloorApp(root, fields),
                        rows,
                        keys if full else "",
                        open_floor if full else None,
                    )
                )
            )
    _python_defaults()
    save_floor = _git_save_floor(root, targets, runs * saves)

    phases = [phase for o in ours for phase in o[2]]
    floor_phases = [phase for f in floor for phase in f[2]]
    # (app open, app form, app save, floor open, floor form) of the records saved
    saved = [
        (p[0], p[1], p[2], f[0], f[1])
        for p, f in zip(phases, floor_phases, strict=True)
        if p[2] is not None
    ]
    floor_open = med([f[0] for f in floor_phases])
    floor_form = med([f[1] for f in floor_phases])
    floor_save = med(save_floor)
    opened = [p[0] for p in phases], [f[0] for f in floor_phases]
    formed = [p[1] for p in phases], [f[1] for f in floor_phases]
    opened_cpu = [p[3] for p in phases], [f[3] for f in floor_phases]
    formed_cpu = [p[4] for p in phases], [f[4] for f in floor_phases]
    opened_bare = [p[5] for p in phases], [f[5] for f in floor_phases]
    formed_bare = [p[6] for p in phases], [f[6] for f in floor_phases]
    app_saves = [s[2] for s in saved]
    both = (
        [s[0] + s[2] for s in saved],
        [s[3] + git for s, git in zip(saved, save_floor, strict=True)],
    )
    three = (
        [s[0] + s[1] + s[2] for s in saved],
        [s[3] + s[4] + git for s, git in zip(saved, save_floor, strict=True)],
    )
    first = [o[0] for o in ours], [f[0] for f in floor]
    typed = [t for o in ours for t in o[1]], [t for f in floor for t in f[1]]

    def row(
        figure: str,
        samples: tuple[list[float], list[float]],
        floor_is: str,
        floor: float | None = None,
        **target: float,
    ) -> Any:
        """The median of our samples beside the floor's (or ``floor``, a sum of floors), with
        the spread of their pairs."""
        ours, floors = samples
        return row_type(
            figure,
            med(ours),
            med(floors) if floor is None else floor,
            floor_is,
            len(ours),
            spread=spread(ours, floors),
            **target,
        )

    same = "the same, in the bare App"
    return [
        row(
            "TUI: first screen with every account",
            first,
            "bare App + stock DataTable, same rows",
            max_ratio=1.2,
        ),
        row(
            f"TUI: one filter keystroke on {rows} rows",
            typed,
            "bare App refilling its DataTable",
            max_seconds=0.050,
        ),
        row(
            "TUI: open a record (Enter to its detail painted)",
            opened,
            "bare App pushing a screen of the same text",
            max_ratio=1.5,
            max_seconds=0.100,
        ),
        row(
            "TUI: open its edit form (e to the form painted)",
            formed,
            f"bare App pushing a form of {fields} Inputs",
            max_ratio=1.2,
        ),
        row(
            "TUI: open a record, UI thread CPU (Enter to painted)", opened_cpu, same, max_ratio=1.5
        ),
        row(
            "TUI: open its edit form, UI thread CPU (e to painted)", formed_cpu, same, max_ratio=1.2
        ),
        row(
            "TUI: open a record, UI thread CPU, garbage collections left out",
            opened_bare,
            "the same, in the bare App",
            max_ratio=1.5,
        ),
        row(
            "TUI: open its edit form, UI thread CPU, garbage collections left out",
            formed_bare,
            "the same, in the bare App",
            max_ratio=1.2,
        ),
        row(
            "TUI: save it (ctrl+s to committed and shown)",
            (app_saves, save_floor),
            "write + git add + git commit",
            max_seconds=0.100,
        ),
        row(
            "TUI: open a record and save it, commit included",
            both,
            "open and save floors, summed",
            floor=floor_open + floor_save,
            max_seconds=0.100,
        ),
        row(
            "TUI: open, open its form, save (what a user waits for)",
            three,
            "the three floors above, summed",
            floor=floor_open + floor_form + floor_save,
            max_ratio=1.5,
        ),
    ]


def med(values: list[float]) -> float:
    """The median of ``values``."""
    return statistics.median(values)


def spread(ours: list[float], floors: list[float]) -> str:
    """The quartiles of each sample's ratio to the floor's sample taken beside it, as
    "p25-p75x" (one ratio when there is one pair)."""
    ratios = sorted(o / f for o, f in zip(ours, floors, strict=False) if f)
    if not ratios:
        return ""
    if len(ratios) == 1:
        return f"{ratios[0]:.2f}x"
    low, _mid, high = statistics.quantiles(ratios, n=4, method="inclusive")
    return f"{low:.2f}-{high:.2f}x"


_GC_THRESHOLDS = gc.get_threshold()
_SWITCH_INTERVAL = sys.getswitchinterval()


def _python_defaults() -> None:
    """Each session starts as a new process would: the app tunes the garbage collector and
    the GIL for itself and freezes what it loaded; none of it may carry over to the next app
    (a floor that inherited a frozen heap measured up to 2x faster)."""
    gc.unfreeze()
    gc.collect()
    gc.set_threshold(*_GC_THRESHOLDS)
    sys.setswitchinterval(_SWITCH_INTERVAL)


def _form_fields() -> int:
    """How many fields the account form has (13 when the app has no form spec)."""
    try:
        from smgov_tui.core import records as r
        from smgov_tui.ui.present.formspec import specs_for
    except ImportError:
        return 13
    return len(specs_for(r.Account))


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
        from smgov_tui.store.gitfiles import read_head
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


async def _committed(root: Path, head: str) -> float:
    """When HEAD moved on from ``head`` (polled every millisecond)."""
    deadline = time.perf_counter() + TIMEOUT
    while _head(root) == head:
        if time.perf_counter() > deadline:
            raise TimeoutError("no commit")
        await asyncio.sleep(0.001)
    return time.perf_counter()


async def _settle(app: Any, pilot: Any) -> None:
    """Let the app finish what it started (workers, the frames they ask for)."""
    for _ in range(3):
        # a refresh the app itself cancelled (exclusive workers) is not a failure
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def _select(app: Any, pilot: Any, table: Any, row: int) -> Screen[Any]:
    """Put the cursor on ``row`` of the focused table; the screen the table is on."""
    table.focus()
    table.move_cursor(row=row)
    await _settle(app, pilot)
    return app.screen  # type: ignore[no-any-return]


async def _open_floor_one(app: Any, pilot: Any, table: Any, paints: Paints, number: int) -> Phases:
    """The floor of opening a record and its form, in the bare app."""
    main_screen = await _select(app, pilot, table, number * 7)
    start, cpu, collected = time.perf_counter(), time.thread_time(), _collected()
    _send_key(app, "enter")
    opened = await paints.first(start, lambda s: isinstance(s, FloorDetail), "no floor detail")
    open_cpu = paints.cpu[opened] - cpu
    open_gc = paints.collected[opened] - collected
    await _settle(app, pilot)
    start_form, cpu, collected = time.perf_counter(), time.thread_time(), _collected()
    _send_key(app, "e")
    form = await paints.first(start_form, lambda s: isinstance(s, FloorForm), "no floor form")
    form_cpu = paints.cpu[form] - cpu
    form_gc = paints.collected[form] - collected
    await _settle(app, pilot)
    while app.screen is not main_screen:
        await pilot.press("escape")
        await pilot.pause()
    return (
        opened - start,
        form - start_form,
        0.0,
        open_cpu,
        form_cpu,
        open_cpu - open_gc,
        form_cpu - form_gc,
    )


async def _open_and_save_one(
    app: Any,
    pilot: Any,
    table: Any,
    paints: Paints,
    rid: str,
    root: Path,
    number: int,
    save: bool = True,
) -> Phases:
    """Open ``rid`` from the list, open its form, change one field and save it (``save``
    False: close the form and the record unchanged)."""
    from smgov_tui.core import kinds as k

    edit_screen = _edit_screen()
    row = next(
        index for index in range(table.row_count) if _row_key(table, index).endswith(f":{rid}")
    )
    main_screen = await _select(app, pilot, table, row)
    start, cpu, collected = time.perf_counter(), time.thread_time(), _collected()
    _send_key(app, "enter")
    opened = await paints.first(start, lambda s: s is not main_screen, "the record did not open")
    open_cpu = paints.cpu[opened] - cpu
    open_bare = open_cpu - (paints.collected[opened] - collected)
    await _settle(app, pilot)
    record_screen = app.screen
    start_form, cpu, collected = time.perf_counter(), time.thread_time(), _collected()
    _send_key(app, "e")
    form = await paints.first(start_form, lambda s: isinstance(s, edit_screen), "no form")
    form_cpu = paints.cpu[form] - cpu
    form_bare = form_cpu - (paints.collected[form] - collected)
    await _settle(app, pilot)
    cpus = (open_cpu, form_cpu, open_bare, form_bare)
    if not save:
        while app.screen is not main_screen:
            await pilot.press("escape")
            await pilot.pause()
        return (opened - start, form - start_form, None, *cpus)
    current = app.store.data.entry(k.ACCOUNTS, rid).raw["posting_frequency"]
    box = next(w for w in app.screen.query(Input) if w.value == current)
    value = f"{number + 20} per fortnight"
    box.value = value if value != current else f"{number + 21} per fortnight"
    await _settle(app, pilot)  # the inline validation of the change, as a user would wait
    saved = box.value
    head = _head(root)

    def shows_saved(screen: Screen[Any]) -> bool:
        """The record's detail shows the value just saved."""
        detail = getattr(screen, "detail", None)
        fields = getattr(detail, "fields", None) or []
        return any(saved in str(value) for _label, value in fields)

    paints.probe = shows_saved
    start_save = time.perf_counter()
    _send_key(app, "ctrl+s")
    # Saved = the commit is in HEAD and the detail shows the value, whichever comes last (the
    # form may close while git still makes the commit).
    committed = asyncio.ensure_future(_committed(root, head))
    shown = await paints.first(
        start_save, lambda s: s is record_screen, "the saved value was not shown", probed=True
    )
    closed = max(shown, await committed)
    paints.probe = None
    await _settle(app, pilot)
    while app.screen is not main_screen:
        await pilot.press("escape")
        await pilot.pause()
    return (opened - start, form - start_form, closed - start_save, *cpus)
