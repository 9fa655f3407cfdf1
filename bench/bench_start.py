"""How fast the ``smgov`` command starts: ``--version``, and ``check`` on the English sample.

Both run as a person runs the installed command: a new Python process executing what pip's
``smgov`` script executes (``from smgov_tui.cli import main; sys.exit(main())``; ``python -m
smgov_tui`` would add runpy, which the installed command never imports). The floor is the
plainest Python program that could print a version with click: ``python -c "import click"``.
Issue 17 asks for ``--version`` <= 1.5x and ``check`` on the sample <= 3x that floor. ``check``
runs in pre-commit on every commit, so its start is paid many times a day.

Runs alternate (floor, --version, check, floor, ...) so that a busy machine slows all alike;
each figure is the median. ``SMGOV_BENCH_SRC=/path/to/src`` measures another checkout's code
(before and after a change)::

    python bench/bench_start.py [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 9

ENTRY_POINT = "import sys; from smgov_tui.cli import main; sys.argv[0] = 'smgov'; sys.exit(main())"
"""What pip's ``smgov`` script runs (its ``sys.argv[0]`` rewrite aside)."""


def environment(src: str) -> dict[str, str]:
    """The runs' environment: this checkout's code (or SMGOV_BENCH_SRC's), English, and
    bytecode caches written by the warm-up run (an installed smgov has them: pip compiles it;
    with PYTHONDONTWRITEBYTECODE set every run would compile smgov's source again)."""
    env = {**os.environ, "PYTHONPATH": src, "SMGOV_LANG": "en"}
    for name in ("PYTHONDONTWRITEBYTECODE", "SMGOV_WORKSPACE"):
        env.pop(name, None)
    return env


def _time(command: list[str], env: dict[str, str], accept: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in accept:
        raise RuntimeError(f"{' '.join(command[3:])} failed: {result.stderr.decode()[-500:]}")
    return elapsed


def run(sample: Path, runs: int = RUNS) -> list[tuple[str, float, str, float]]:
    """(figure, seconds, floor label, floor seconds) for ``--version`` and ``check SAMPLE``."""
    src = os.environ.get("SMGOV_BENCH_SRC") or str(Path(__file__).resolve().parents[1] / "src")
    env = environment(src)
    floor = [sys.executable, "-c", "import click"]
    version = [sys.executable, "-c", ENTRY_POINT, "--version"]
    check = [sys.executable, "-c", ENTRY_POINT, "check", str(sample)]
    commands = {"floor": (floor, (0,)), "version": (version, (0,)), "check": (check, (0, 1))}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command, accept in commands.values():  # warm the page cache and the bytecode caches
        _time(command, env, accept)
    for _ in range(runs):
        for name, (command, accept) in commands.items():
            times[name].append(_time(command, env, accept))
    floor_seconds = statistics.median(times["floor"])
    label = 'python -c "import click"'
    return [
        ("smgov --version", statistics.median(times["version"]), label, floor_seconds),
        ("smgov check, English sample", statistics.median(times["check"]), label, floor_seconds),
    ]


def main() -> None:
    """Print the figures for a fresh English sample."""
    sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src")]
    from smgov_tui.store.git import Author
    from smgov_tui.store.template import init_workspace

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    with tempfile.TemporaryDirectory(prefix="smgov-bench-start-") as tmp:
        sample = Path(tmp) / "sample"
        init_workspace(sample, "en", Author("Bench Runner", "bench@example.org"))
        for figure, seconds, label, floor in run(sample, runs):
            print(
                f"{figure}: {seconds * 1000:.1f} ms, {label}: {floor * 1000:.1f} ms, "
                f"{seconds / floor:.2f}x (median of {runs})"
            )


if __name__ == "__main__":
    main()
