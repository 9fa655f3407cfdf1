"""``smgov crisis`` to its first screen, beside a bare Textual app showing the same list.

Both run as a person runs them: a new Python process on an 80x24 pseudo-terminal, timed from
the moment it is started until the terminal shows the list of playbooks (the title of the first
one, in the order both sort them). The floor is the plainest app that can show that list: it
imports Textual, reads the playbooks, the incidents and the listening thresholds with tomllib,
and fills an OptionList with the same text (each playbook's title, its trigger, and the
thresholds that point to it: "Heard: more than 50 ... in 1 h"; until 2026-12-03 the floor left
the thresholds out, and showed a shorter list than smgov's).
``smgov crisis`` also parses its command line, finds the workspace (a git repository of its
own), undoes an interrupted sync, and reads and validates the records its list shows (the
playbooks, the incidents, the listening thresholds, workspace.toml); the rest of the workspace
(the accounts, people and contacts a step names) is read once the list is drawn, before
anything can be picked. The ratio says what that costs on top of Textual and Python themselves.

``SMGOV_BENCH_SRC=/path/to/src`` measures another checkout's code (before and after a change);
``python bench/bench_crisis.py WORKSPACE [PAIRS]`` runs this figure alone.

Runs alternate (floor, smgov, floor, ...) so that a busy machine slows both alike; the figure is
the median of each. Issue 15 asks for at most 1.3x. On a shared machine one median of seven
moved by 0.15x from run to run, so this row takes fifteen pairs and also reports the spread of
the pairs' own ratios (each smgov run over the floor run just before it): the middle half of
them, and the lowest and highest. It also reports the CPU time each used to get there
(medians, and their ratio): another program on the machine delays both apps' wall time at
random, their CPU time much less, so that ratio shows a change that the wall times' noise hides.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tomllib
from pathlib import Path

TIMEOUT = 60.0
RUNS = 15
"""Pairs of runs (floor, smgov) per workspace."""

FLOOR_APP = r"""
import os, sys, tomllib
from textual.app import App, ComposeResult
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

root = sys.argv[1]


def read(folder):
    found = {}
    try:
        names = sorted(os.listdir(os.path.join(root, folder)))
    except FileNotFoundError:
        return found
    for name in names:
        if name.endswith(".toml"):
            with open(os.path.join(root, folder, name), "rb") as handle:
                try:
                    found[name[:-5]] = tomllib.load(handle)
                except tomllib.TOMLDecodeError:
                    pass
    return found


class Floor(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("CRISIS MODE")
        yield Static("What is happening? Pick the playbook that matches and press Enter.")
        yield OptionList()
        yield Footer()

    def heard(self, playbook_id):
        lines = []
        for threshold in self.listening.get("thresholds", []):
            if threshold.get("playbook") != playbook_id:
                continue
            signal, above = str(threshold.get("signal", "")), threshold.get("above", 0)
            minutes = int(threshold.get("within_minutes", 0))
            span = f"{minutes // 60} h" if minutes % 60 == 0 else f"{minutes} min"
            said = f"{signal}: a single one is enough" if above == 0 else (
                f"more than {above} {signal} in {span}"
            )
            lines.append("\n   Heard: " + said)
        return "".join(lines)

    def on_mount(self) -> None:
        try:
            with open(os.path.join(root, "protocols", "listening.toml"), "rb") as handle:
                self.listening = tomllib.load(handle)
        except (FileNotFoundError, tomllib.TOMLDecodeError):
            self.listening = {}
        playbooks = read("protocols/crisis")
        options = [
            Option(str(i.get("playbook", "")), id="resume:" + k)
            for k, i in read("incidents").items()
            if i.get("status") == "open"
        ]
        for key, playbook in sorted(
            playbooks.items(), key=lambda pair: str(pair[1].get("title", "")).casefold()
        ):
            text = str(playbook.get("title", key))
            if playbook.get("trigger"):
                text += "\n   When: " + str(playbook["trigger"]).strip()
            text += self.heard(key)
            options.append(Option(text, id="new:" + key))
        self.query_one(OptionList).set_options(options)
        self.query_one(OptionList).focus()


Floor().run()
"""


def first_title(root: Path) -> str:
    """The title both apps show first: the playbooks sorted by title, case-folded."""
    titles = []
    for path in (root / "protocols" / "crisis").glob("*.toml"):
        with path.open("rb") as handle:
            title = tomllib.load(handle).get("title")
        if isinstance(title, str) and title:
            titles.append(title)
    return min(titles, key=str.casefold)


def until_shown(command: list[str], marker: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting ``command`` on an 80x24 pty until ``marker`` is on the screen, and
    the CPU seconds the process (with the git processes it waited for) had used by then: it is
    killed as soon as the marker is read, so a few milliseconds after it may count too."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    wanted = marker.encode("utf-8")
    seen = bytearray()
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    try:
        while wanted not in seen:
            left = TIMEOUT - (time.perf_counter() - start)
            if left <= 0 or process.poll() is not None:
                shown = seen[-400:].decode(errors="replace")
                raise RuntimeError(f"{command[2:4]} never showed {marker!r}: {shown}")
            ready, _w, _x = select.select([master], [], [], left)
            if ready:
                try:
                    seen.extend(os.read(master, 65536))
                except OSError:
                    continue
        seconds = time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        _pid, _status, usage = os.wait4(process.pid, 0)
        process.returncode = -signal.SIGKILL  # reaped here, for its resource usage
        os.close(master)
    return seconds, usage.ru_utime + usage.ru_stime


def spread(smgov_times: list[float], floor_times: list[float]) -> str:
    """The pairs' ratios: ``lowest [first quartile - third quartile] highest``."""
    ratios = sorted(s / f for s, f in zip(smgov_times, floor_times, strict=True))
    if len(ratios) < 2:
        return f"{ratios[0]:.2f}x"
    low, _median, high = statistics.quantiles(ratios, n=4)
    return f"pairs {ratios[0]:.2f}x [{low:.2f}-{high:.2f}x] {ratios[-1]:.2f}x"


LAST_SPREAD: dict[str, str] = {}
"""The spread of the last :func:`run` per workspace, for the report (``bench/run.py``)."""


def run(root: Path, runs: int = RUNS) -> list[tuple[str, float, str, float]]:
    """(figure, seconds, floor label, floor seconds) for ``smgov crisis`` on ``root``; the
    pairs' spread is kept in :data:`LAST_SPREAD`."""
    src = os.environ.get("SMGOV_BENCH_SRC") or str(Path(__file__).resolve().parents[1] / "src")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "SMGOV_LANG": "en",
        "SMGOV_AUTHOR": "Bench Runner <bench@example.org>",  # no name prompt over the list
        "XDG_CONFIG_HOME": tempfile.mkdtemp(prefix="smgov-bench-config-"),
        "PYTHONPATH": src,
    }
    env.pop("SMGOV_WORKSPACE", None)
    # The warm-up runs below write the bytecode caches they are meant to warm: with
    # PYTHONDONTWRITEBYTECODE set (some developers' shells, CI images) every run compiled
    # smgov's source again, which nobody pays with an installed smgov (pip compiles it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    marker = first_title(root)
    smgov = [sys.executable, "-m", "smgov_tui", "crisis", str(root)]
    floor = [sys.executable, "-c", FLOOR_APP, str(root)]
    until_shown(floor, marker, env)  # warm the page cache and Python's bytecode caches
    until_shown(smgov, marker, env)
    floor_times, smgov_times, floor_cpu, smgov_cpu = [], [], [], []
    for _ in range(runs):
        for times, cpu, command in (
            (floor_times, floor_cpu, floor),
            (smgov_times, smgov_cpu, smgov),
        ):
            seconds, used = until_shown(command, marker, env)
            times.append(seconds)
            cpu.append(used)
    LAST_SPREAD[str(root)] = (
        spread(smgov_times, floor_times)
        + f"; CPU time {statistics.median(smgov_cpu) * 1000:.0f} ms vs "
        f"{statistics.median(floor_cpu) * 1000:.0f} ms: "
        f"{statistics.median(smgov_cpu) / statistics.median(floor_cpu):.2f}x"
    )
    return [
        (
            "smgov crisis to its first screen (80x24 pty)",
            statistics.median(smgov_times),
            "bare Textual app, same list",
            statistics.median(floor_times),
        )
    ]


if __name__ == "__main__":
    workspace = Path(sys.argv[1] if len(sys.argv) > 1 else ".").absolute()
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else RUNS
    for label, seconds, floor_label, floor_seconds in run(workspace, pairs):
        print(
            f"{label}: {seconds * 1000:.0f} ms; {floor_label}: {floor_seconds * 1000:.0f} ms; "
            f"{seconds / floor_seconds:.2f}x (target <= 1.3x); {LAST_SPREAD[str(workspace)]}"
        )
