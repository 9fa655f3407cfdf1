"""smgov benchmarks: every figure beside its floor, measured in the same run.

Run from the repository root::

    python bench/run.py            # 5,000 accounts, 2,000 commits (about 2-3 minutes)
    python bench/run.py --quick    # 1,000 accounts, 400 commits

The workspace is generated in a temp folder (``bench/generate.py``). Each figure is the median
of N runs; its floor is the same work done by the plainest means (tomllib, the git CLI, a bare
Textual app), measured in the same run so that the ratio holds on any machine. ``smgov check``
is also set beside its peer, ``taplo check`` on the same files, when taplo is installed
(``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Measure this checkout's code, whatever else is installed.
sys.path[:0] = [str(REPO / "src"), str(REPO)]

from bench.generate import FULL, QUICK, Generated, Sizes, generate  # noqa: E402

FOLDERS = ("accounts", "owners", "contacts", "protocols/crisis", "incidents")
SINGLES = ("workspace.toml", "protocols/communication.toml", "protocols/management.toml")


@dataclass
class Row:
    """One line of the results table."""

    figure: str
    value: float
    floor: float | None
    floor_label: str
    n: int
    max_ratio: float | None = None
    max_seconds: float | None = None
    spread: str = ""
    """How far the figure moved within the run (the TUI rows: the quartiles of each value's
    ratio to the floor measured beside it), so a figure near its target can be judged."""

    @property
    def ratio(self) -> float | None:
        """value / floor, when there is a floor."""
        return self.value / self.floor if self.floor else None

    @property
    def verdict(self) -> str:
        """PASS or MISS against the target, or '' when the figure has none."""
        ok = True
        if self.max_ratio is not None:
            ok = ok and self.ratio is not None and self.ratio <= self.max_ratio
        if self.max_seconds is not None:
            ok = ok and self.value < self.max_seconds
        if self.max_ratio is None and self.max_seconds is None:
            return ""
        return "PASS" if ok else "MISS"

    @property
    def target(self) -> str:
        """The target as written in the issues."""
        parts = []
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g}x")
        if self.max_seconds is not None:
            parts.append(f"< {self.max_seconds * 1000:g} ms")
        return " and ".join(parts) or "-"


def ms(seconds: float | None) -> str:
    """Seconds as milliseconds for the table."""
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def timed(fn: Callable[[], Any], n: int, warmup: int = 1) -> list[float]:
    """Run ``fn`` ``warmup`` + ``n`` times; the times of the last n runs, in seconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median(times: list[float]) -> float:
    """The median of ``times``."""
    return statistics.median(times)


@contextlib.contextmanager
def isolated_git(tmp: Path) -> Iterator[None]:
    """A private HOME and git config so the machine's settings (hooks, signing) do not count."""
    home = tmp / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Bench Runner\n\temail = bench@example.org\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    saved = dict(os.environ)
    os.environ.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        SMGOV_LANG="en",
    )
    for var in ("SMGOV_AUTHOR", "SMGOV_WORKSPACE", "GIT_DIR", "GIT_WORK_TREE", "SMGOV_NOW"):
        os.environ.pop(var, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


# --- floors ------------------------------------------------------------------------------


def workspace_files(root: Path) -> list[str]:
    """Every record file the loader reads, as path strings, listed the cheapest way."""
    base = str(root)
    files = [os.path.join(base, rel) for rel in SINGLES if os.path.exists(os.path.join(base, rel))]
    for folder in FOLDERS:
        try:
            with os.scandir(os.path.join(base, folder)) as scan:
                files.extend(sorted(e.path for e in scan if e.name.endswith(".toml")))
        except FileNotFoundError:
            continue
    return files


def tomllib_floor(root: Path) -> int:
    """The floor of loading: list the folders, read and tomllib-parse every file."""
    parsed = 0
    for path in workspace_files(root):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
        with contextlib.suppress(tomllib.TOMLDecodeError):
            tomllib.loads(text)
            parsed += 1
    return parsed


FLOOR_SCRIPT = """
import os, sys, tomllib
root = sys.argv[1]
n = 0
for rel in ("workspace.toml", "protocols/communication.toml", "protocols/management.toml"):
    try:
        tomllib.loads(open(os.path.join(root, rel), "rb").read().decode()); n += 1
    except (OSError, tomllib.TOMLDecodeError):
        pass
for folder in ("accounts", "owners", "contacts", "protocols/crisis", "incidents"):
    try:
        names = sorted(os.listdir(os.path.join(root, folder)))
    except FileNotFoundError:
        continue
    for name in names:
        if name.endswith(".toml"):
            try:
                tomllib.loads(open(os.path.join(root, folder, name), "rb").read().decode()); n += 1
            except tomllib.TOMLDecodeError:
                pass
print(n, "files")
"""


def git(root: Path, *args: str) -> str:
    """Run the git CLI in ``root`` (the floors use it directly, not through the store)."""
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def taplo_command(root: Path) -> list[str] | None:
    """``taplo check`` of the files the loader reads, each validated against the schema its
    ``#:schema`` line names (taplo, a Rust TOML toolkit, is smgov check's nearest peer), or
    None when taplo is neither on PATH nor beside this Python (``pip install taplo``, the
    ``bench`` extra, puts it there)."""
    found = shutil.which("taplo") or shutil.which("taplo", path=str(Path(sys.executable).parent))
    if found is None:
        return None
    # The same files as workspace_files, named by one glob a folder (taplo expands them): at
    # 50,000 accounts the file names alone overflow the command line (E2BIG). Run in ``root``.
    files = [rel for rel in SINGLES if os.path.exists(os.path.join(root, rel))]
    files += [f"{folder}/*.toml" for folder in FOLDERS if os.path.isdir(os.path.join(root, folder))]
    # no taplo.toml from a folder above, no colours: the same work on every machine
    return [found, "check", "--no-auto-config", "--colors", "never", *files]


# --- figures -----------------------------------------------------------------------------


def bench_load(root: Path, runs: int) -> list[Row]:
    """load_workspace vs the tomllib floor; in-process check; the CLI end to end."""
    from smgov_tui.store.loader import load_workspace
    from smgov_tui.store.store import Store

    floor_times: list[float] = []
    load_times: list[float] = []
    check_times: list[float] = []
    tomllib_floor(root)
    load_workspace(root)  # warm the page cache and the imports
    for _ in range(runs):  # interleaved, so drift on a noisy machine hits both alike
        start = time.perf_counter()
        tomllib_floor(root)
        floor_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        data = load_workspace(root)
        load_times.append(time.perf_counter() - start)
        del data  # freed after the clock stops: a user's load keeps what it read
        start = time.perf_counter()
        store = Store.open(root)
        store.load()
        store.check()
        check_times.append(time.perf_counter() - start)
        del store  # the next floor and load run without this copy beside them
    floor = median(floor_times)
    rows = [
        Row(
            "load + validate (load_workspace)",
            median(load_times),
            floor,
            "tomllib, every file",
            runs,
            max_ratio=0.5,
        ),
        Row(
            "smgov check, in-process (load + check)",
            median(check_times),
            floor,
            "tomllib, every file",
            runs,
        ),
    ]
    from bench.bench_start import ENTRY_POINT, environment

    env = environment(str(REPO / "src"))
    # smgov as its installed command runs it (pip's script; `-m smgov_tui` would add runpy)
    cli = [sys.executable, "-c", ENTRY_POINT, "check", str(root)]
    floor_cli = [sys.executable, "-c", FLOOR_SCRIPT, str(root)]
    taplo = taplo_command(root)
    cli_runs = max(5, runs)
    cli_times: list[float] = []
    floor_cli_times: list[float] = []
    taplo_times: list[float] = []
    subprocess.run(cli, env=env, capture_output=True)  # writes the bytecode caches
    for _ in range(cli_runs):  # interleaved: floor, smgov, peer
        start = time.perf_counter()
        subprocess.run(floor_cli, env=env, capture_output=True, check=True)
        floor_cli_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = subprocess.run(cli, env=env, capture_output=True)
        cli_times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise RuntimeError(f"smgov check failed: {result.stderr.decode()}")
        if taplo is not None:
            start = time.perf_counter()
            peer = subprocess.run(taplo, cwd=root, env=env, capture_output=True)
            taplo_times.append(time.perf_counter() - start)
            if peer.returncode not in (0, 1):  # 1: the planted problems
                print(f"taplo check failed, row left out: {peer.stderr.decode()[-300:]}")
                taplo, taplo_times = None, []
    rows.append(
        Row(
            "smgov check, CLI in a subprocess",
            median(cli_times),
            median(floor_cli_times),
            "python -c tomllib, every file",
            cli_runs,
            max_ratio=1.0,
        )
    )
    if taplo_times:
        rows.append(
            Row(
                "smgov check vs taplo check (peer)",
                median(cli_times),
                median(taplo_times),
                "taplo check, same files and #:schema",
                cli_runs,
                max_ratio=1.0,
            )
        )
    else:
        print("taplo check (peer): skipped, taplo is not installed (pip install taplo)")
    rows += bench_secret_scan(root, runs)
    return rows


def bench_secret_scan(root: Path, runs: int) -> list[Row]:
    """The secret scan of every file (nothing remembered) beside the check it is part of: the
    check step alone (check_workspace), and the whole of an in-process ``smgov check`` (the
    load, then the check step)."""
    from smgov_tui.core import secrets
    from smgov_tui.core.checks import check_workspace
    from smgov_tui.store.loader import load_workspace

    data = load_workspace(root)
    texts = [entry.text for by_id in data.entries.values() for entry in by_id.values()]
    scan_times: list[float] = []
    check_times: list[float] = []
    whole_times: list[float] = []
    check_workspace(data)  # detect-secrets imported for the planted secret, rules warmed
    for _ in range(runs):
        secrets._KNOWN.clear()
        start = time.perf_counter()
        secrets.scan_all(texts)
        scan_times.append(time.perf_counter() - start)
        secrets._KNOWN.clear()
        start = time.perf_counter()
        check_workspace(data)
        check_times.append(time.perf_counter() - start)
        secrets._KNOWN.clear()
        start = time.perf_counter()
        check_workspace(load_workspace(root))
        whole_times.append(time.perf_counter() - start)
    return [
        Row(
            "secret scan of every file (scan_all)",
            median(scan_times),
            median(check_times),
            "check_workspace, scan included",
            runs,
            max_ratio=0.1,
        ),
        Row(
            "secret scan, beside the whole check",
            median(scan_times),
            median(whole_times),
            "load + check_workspace, scan included",
            runs,
            max_ratio=0.1,
        ),
    ]


def bench_save(gen: Generated, runs: int) -> list[Row]:
    """Store.save of a one-field change, commit included, vs git add + git commit."""
    from smgov_tui.core import kinds as k
    from smgov_tui.store.store import Store

    root = gen.root
    store = Store.open(root)
    store.load()
    ours = gen.clean_accounts[:runs]
    theirs = gen.clean_accounts[runs : 2 * runs]
    save_times = []
    floor_times = []
    # One warm-up of each (imports, tomlkit's first parse, git's first index read).
    warm_store, warm_floor = gen.clean_accounts[2 * runs], gen.clean_accounts[2 * runs + 1]
    _store_save(store, k.ACCOUNTS, warm_store, "warm-up")
    _floor_save(root, warm_floor, "warm-up")
    for index, (mine, floor_id) in enumerate(zip(ours, theirs, strict=True)):
        value = f"{index + 11} per month"  # never a generated value: always a change
        start = time.perf_counter()
        _floor_save(root, floor_id, value)
        floor_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        _store_save(store, k.ACCOUNTS, mine, value)
        save_times.append(time.perf_counter() - start)
    if git(root, "status", "--porcelain").strip():
        raise RuntimeError("the save bench left uncommitted changes")
    return [
        Row(
            "save one record + commit (Store.save)",
            median(save_times),
            median(floor_times),
            "write + git add + git commit",
            runs,
            max_ratio=1.25,
        )
    ]


def _store_save(store: Any, kind: Any, record_id: str, value: str) -> None:
    entry = store.data.entry(kind, record_id)
    values = {**entry.raw, "posting_frequency": value}
    result = store.save(kind, record_id, values, entry.text)
    if not result.committed:
        raise RuntimeError(f"no commit for {record_id}: {result.message}")


def _floor_save(root: Path, record_id: str, value: str) -> None:
    rel = f"accounts/{record_id}.toml"
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [
        f'posting_frequency = "{value}"\n' if line.startswith("posting_frequency =") else line
        for line in lines
    ]
    path.write_text("".join(lines), encoding="utf-8")
    git(root, "add", "--", rel)
    git(root, "commit", "-q", "-m", f"accounts: set posting_frequency of {record_id} to {value}")


def bench_history(gen: Generated, runs: int) -> list[Row]:
    """Store.history of one record (from its index in .git/smgov) vs git log -- path.

    The floor is git at its fastest: ``git log -- path`` with the commit-graph's changed-path
    Bloom filters (written here for it; the index does not need them). Runs of ours and of the
    floor are interleaved, so a load on the machine weighs on both alike.
    """
    from smgov_tui.core import kinds as k
    from smgov_tui.store.git import _LOG_FORMAT
    from smgov_tui.store.history import HistoryIndex
    from smgov_tui.store.store import Store

    def floor_log(rel: str) -> None:
        git(gen.root, "log", f"--format={_LOG_FORMAT}", "--", rel)

    def interleaved(ours: Callable[[], Any], floor: Callable[[], Any]) -> tuple[float, float]:
        ours()
        floor()
        mine: list[float] = []
        theirs: list[float] = []
        for _ in range(runs):
            mine += timed(ours, 1, warmup=0)
            theirs += timed(floor, 1, warmup=0)
        return median(mine), median(theirs)

    store = Store.open(gen.root)
    busiest = max(gen.edits, key=lambda rid: gen.edits[rid])
    typical = next(rid for rid in gen.clean_accounts if gen.edits.get(rid) == 1)
    rel = k.ACCOUNTS.path_for(typical)
    floor_cold = median(timed(lambda: floor_log(rel), 3))
    start = time.perf_counter()
    store.history(k.ACCOUNTS, typical)
    first = time.perf_counter() - start
    rows = [
        Row(
            "history, first call (builds the index)",
            first,
            floor_cold,
            "git log -- path, no graph",
            1,
        )
    ]
    git(gen.root, "commit-graph", "write", "--reachable", "--changed-paths")
    for label, rid in (("busiest", busiest), ("typical", typical)):
        rel = k.ACCOUNTS.path_for(rid)
        count = len(store.history(k.ACCOUNTS, rid))
        ours, floor = interleaved(
            lambda rid=rid: store.history(k.ACCOUNTS, rid), lambda rel=rel: floor_log(rel)
        )
        rows.append(
            Row(
                f"history of one record ({label}: {count} commits)",
                ours,
                floor,
                "git log -- path",
                runs,
                max_ratio=0.3,
                max_seconds=0.050,
            )
        )
    rel = k.ACCOUNTS.path_for(busiest)
    ours, floor = interleaved(lambda: HistoryIndex(store.git).log(rel), lambda: floor_log(rel))
    rows.append(
        Row(
            "history (busiest), read from the stored index",
            ours,
            floor,
            "git log -- path",
            runs,
            max_ratio=0.3,
            max_seconds=0.050,
        )
    )
    mine: list[float] = []
    theirs: list[float] = []
    for number in range(max(3, runs // 2)):
        _floor_save(gen.root, busiest, f"{number + 2} per week")
        mine += timed(lambda: store.history(k.ACCOUNTS, busiest), 1, warmup=0)
        theirs += timed(lambda: floor_log(rel), 1, warmup=0)
    rows.append(
        Row(
            "history (busiest) after a commit made with git (extends the index)",
            median(mine),
            median(theirs),
            "git log -- path",
            len(mine),
            max_ratio=0.3,
            max_seconds=0.050,
        )
    )
    return rows


def load_module(path: Path, name: str) -> ModuleType | None:
    """Import ``path`` as module ``name`` (optional parts of the bench), or None if absent."""
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def bench_sync(tmp: Path, runs: int) -> list[Row]:
    """Sync figures: the sync helper's own bench if present, else smgov's sync vs git."""
    module = load_module(Path(__file__).with_name("bench_sync.py"), "bench_sync")
    if module is not None:
        rows = []
        for label, seconds, floor_label, floor_seconds in module.run(tmp / "sync"):
            rows.append(Row(label, seconds, floor_seconds, floor_label, getattr(module, "RUNS", 0)))
        return rows
    try:
        from smgov_tui.store import sync as sync_module  # noqa: F401
    except ImportError:
        return []
    return []


FIRST_SCREENS = 7
"""Pairs of app and floor started for the first-screen figure (the app varied 2x between two
sessions on a shared machine: a median of two was not a figure)."""


def bench_tui(gen: Generated, runs: int) -> list[Row]:
    """TUI figures (issue 3 section 8), when the app shell exists."""
    module = load_module(Path(__file__).with_name("bench_tui.py"), "bench_tui")
    if module is None:
        return []
    try:
        rows: list[Row] = module.run(gen, runs, Row, first_screens=FIRST_SCREENS)
    except Exception as error:  # a broken TUI figure must not hide the others
        print(f"TUI figures failed: {type(error).__name__}: {error}", file=sys.stderr)
        return []
    return rows


def bench_draft(tmp: Path, runs: int) -> list[Row]:
    """The draft check per keystroke in the Draft screen (issue 16), when the screen exists."""
    module = load_module(Path(__file__).with_name("bench_draft.py"), "bench_draft")
    if module is None:
        return []
    try:
        rows: list[Row] = module.run(tmp, runs, Row)
    except Exception as error:  # a broken figure must not hide the others
        print(f"draft figure failed: {type(error).__name__}: {error}", file=sys.stderr)
        return []
    return rows


def bench_start(tmp: Path, runs: int) -> list[Row]:
    """``smgov --version`` and ``smgov check`` on the English sample, beside ``python -c
    "import click"`` (issue 17: <= 1.5x and <= 3x)."""
    from bench import bench_start as start
    from smgov_tui.store.git import Author
    from smgov_tui.store.template import init_workspace

    sample = tmp / "start-sample"
    init_workspace(sample, "en", Author("Bench Runner", "bench@example.org"))
    limits = {"smgov --version": 1.5, "smgov check, English sample": 3.0}
    return [
        Row(figure, seconds, floor, label, runs, max_ratio=limits.get(figure))
        for figure, seconds, label, floor in start.run(sample, runs)
    ]


def bench_crisis(gen: Generated, tmp: Path, runs: int) -> list[Row]:
    """``smgov crisis`` to its first screen vs a bare Textual app, on the English sample (a
    team's size) and on the generated workspace (every record is loaded and validated)."""
    module = load_module(Path(__file__).with_name("bench_crisis.py"), "bench_crisis")
    if module is None:
        return []
    from smgov_tui.store.git import Author
    from smgov_tui.store.template import init_workspace

    sample = tmp / "sample"
    init_workspace(sample, "en", Author("Bench Runner", "bench@example.org"))
    rows = []
    runs = max(runs, module.RUNS)  # one median of seven moved by 0.15x on a busy machine
    for root, where in ((sample, "sample"), (gen.root, "generated")):
        for label, seconds, floor_label, floor_seconds in module.run(root, runs):
            rows.append(
                Row(f"{label}, {where}", seconds, floor_seconds, floor_label, runs, max_ratio=1.3)
            )
        print(f"smgov crisis, {where}: {module.LAST_SPREAD[str(root)]}")
    return rows


def print_table(rows: list[Row]) -> None:
    """The results as an aligned table, with PASS/MISS per target."""
    header = ("figure", "value", "floor", "ratio", "target", "", "N", "spread", "floor is")
    table = [header]
    for row in rows:
        table.append(
            (
                row.figure,
                ms(row.value),
                ms(row.floor),
                "-" if row.ratio is None else f"{row.ratio:.2f}x",
                row.target,
                row.verdict,
                str(row.n) if row.n else "-",
                row.spread or "-",
                row.floor_label,
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for number, line in enumerate(table):
        print(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if number == 0:
            print("-+-".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    """Generate the workspace, measure every figure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller workspace, fewer runs")
    parser.add_argument("--keep", action="store_true", help="keep the generated workspace")
    parser.add_argument(
        "--scale",
        type=int,
        metavar="ACCOUNTS",
        help="measure loading, check and the TUI at 5,000 and at ACCOUNTS accounts (owners a "
        "fifth) and print how each figure grows",
    )
    args = parser.parse_args(argv)
    if args.scale:
        return scale(args.scale)
    sizes: Sizes = QUICK if args.quick else FULL
    runs = 3 if args.quick else 5
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        with isolated_git(tmp):
            from smgov_tui.core import clock

            start = time.perf_counter()
            gen = generate(tmp / "ws", sizes, clock.today())
            files = len(workspace_files(gen.root))
            print(
                f"workspace: {sizes.accounts} accounts, {sizes.owners} owners, "
                f"{sizes.contacts} contacts, {sizes.playbooks} playbooks, {files} files, "
                f"{git(gen.root, 'rev-list', '--count', 'HEAD').strip()} commits "
                f"(generated in {time.perf_counter() - start:.1f} s with git fast-import)"
            )
            print(
                f"machine: {os.cpu_count()} cpu, python {sys.version.split()[0]}, "
                f"{git(gen.root, 'version').strip()}"
            )
            print()
            rows: list[Row] = []
            rows += bench_start(tmp, max(7, runs))
            rows += bench_load(gen.root, runs)
            rows += bench_history(gen, 20 if not args.quick else 10)
            rows += bench_save(gen, 20 if not args.quick else 8)
            rows += bench_tui(gen, 2)
            rows += bench_draft(tmp, 2)
            rows += bench_crisis(gen, tmp, runs)
            rows += bench_sync(tmp, runs)
            print_table(rows)
            print()
            misses = [row.figure for row in rows if row.verdict == "MISS"]
            print(
                f"{len(rows)} figures, {len(misses)} missed their target"
                + (": " + "; ".join(misses) if misses else "")
                + f". Total time {time.perf_counter() - started:.0f} s."
            )
            if args.keep:
                print(f"workspace kept in {gen.root}")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


RSS_SCRIPT = """
import asyncio, os, resource, sys
from pathlib import Path
sys.path[:0] = [sys.argv[4] + "/src", sys.argv[4]]
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
from bench import bench_tui as b
root, rows = Path(sys.argv[1]), int(sys.argv[2])
if sys.argv[3] == "smgov":
    from smgov_tui.ui.app import SmgovApp
    make = lambda: SmgovApp(root)
else:
    make = lambda: b.FloorApp(root)
async def main():
    app = make()
    async with app.run_test(size=b.SIZE) as pilot:
        await b._wait_for_table(app, rows)
        await pilot.pause()
asyncio.run(main())
try:  # this process's own high-water mark (Linux)
    with open("/proc/self/status") as status:
        hwm = [line for line in status if line.startswith("VmHWM:")]
    print(int(hwm[0].split()[1]) * 1024)
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(peak if sys.platform == "darwin" else peak * 1024)
"""


def bench_rss(root: Path, rows: int) -> Row:
    """Peak memory (RSS) of the app showing every account, beside a bare DataTable app of the
    same rows; each in its own process, so nothing else counts.

    Read from ``VmHWM`` where Linux has it: ``ru_maxrss`` of a child also counts the parent's
    resident size when it forked (kept through exec), so both figures were this process's
    size, 159 MiB each at 5,000 accounts."""

    def peak(which: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", RSS_SCRIPT, str(root), str(rows), which, str(REPO)],
            capture_output=True,
            text=True,
            check=True,
        )
        return float(out.stdout.split()[-1])

    ours, floor = peak("smgov"), peak("floor")
    # Row prints milliseconds: the value is MiB / 1000 so the table reads in MiB ("ms" = MiB)
    return Row(
        "TUI peak RSS, first screen (MiB, shown as ms)",
        ours / 2**20 / 1000,
        floor / 2**20 / 1000,
        "bare App + DataTable, same rows",
        1,
        max_ratio=2.0,
    )


def _scaled(accounts: int) -> Sizes:
    """A workspace of ``accounts`` accounts and a fifth as many owners; few commits (history
    is not what grows here)."""
    return Sizes(accounts=accounts, owners=accounts // 5, contacts=300, playbooks=20, commits=300)


def scale(accounts: int) -> int:
    """The scale figures (issue 17 item 5): each at 5,000 accounts and at ``accounts``."""
    from smgov_tui.core import clock

    started = time.perf_counter()
    measured: list[list[Row]] = []
    for size in (5000, accounts):
        tmp = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
        try:
            with isolated_git(tmp):
                gen = generate(tmp / "ws", _scaled(size), clock.today())
                print(f"{size} accounts, {len(workspace_files(gen.root))} files:")
                rows = bench_load(gen.root, 3) + bench_tui(gen, 2)
                rows.append(bench_rss(gen.root, size))
                print_table(rows)
                print()
                measured.append(rows)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    small, big = measured
    linear = accounts / 5000
    print(f"growth from 5,000 to {accounts} accounts (linear would be {linear:g}x):")

    def same(figure: str) -> str:  # "keystroke on 5000 rows" is the same figure at 50000
        return re.sub(r"\d+ rows", "N rows", figure)

    by_figure = {same(row.figure): row for row in small}
    for row in big:
        before = by_figure.get(same(row.figure))
        if before is None or not before.value:
            continue
        growth = row.value / before.value
        print(
            f"  {row.figure:<55} {ms(before.value):>10} -> {ms(row.value):>10}  {growth:5.1f}x"
            + ("  (more than linear)" if growth > linear * 1.1 else "")
        )
    print(f"Total time {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
