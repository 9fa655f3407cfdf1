"""Sync figures beside their floor, ``git pull --rebase && git push``, on the same repositories.

A bare remote and two clones of a generated workspace (1,000 accounts). Before each timed run,
Alice pushes an edit (not timed) and Bob commits his own (not timed); then Bob integrates and
pushes, timed, alternately with ``smgov sync`` (``store.sync.sync``) and with plain git, so both
measure the same work on the same repositories in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
for _path in (str(REPO), str(REPO / "src")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from bench.generate import QUICK, generate  # noqa: E402
from smgov_tui.store.store import Store  # noqa: E402
from smgov_tui.store.sync import clone_workspace, sync  # noqa: E402
from smgov_tui.store.tomledit import edit_text  # noqa: E402

RUNS = 7


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _edit(root: Path, rel: str, key: str, value: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    raw[key] = value
    path.write_text(edit_text(text, raw), encoding="utf-8")
    _git(root, "commit", "-q", "-am", f"{rel}: set {key}")


def _scenario(
    alice: Path, bob: Path, accounts: list[str], same_record: bool
) -> Callable[[int], None]:
    def prepare(n: int) -> None:
        first = f"accounts/{accounts[(2 * n) % len(accounts)]}.toml"
        second = first if same_record else f"accounts/{accounts[(2 * n + 1) % len(accounts)]}.toml"
        _git(alice, "pull", "-q", "--rebase")
        _edit(alice, first, "purpose", f"purpose {n} from Alice")
        _git(alice, "push", "-q", "origin", "HEAD:main")
        # posting_frequency sits next to purpose in no particular order: adjacent or not, the
        # merge driver merges it by field.
        _edit(bob, second, "posting_frequency", f"{n} per week")

    return prepare


def run(tmpdir: Path) -> list[tuple[str, float, str, float]]:
    """(label, seconds, floor label, floor seconds) for each sync figure."""
    tmpdir = Path(tmpdir)
    tmpdir.mkdir(parents=True, exist_ok=True)
    gen = generate(tmpdir / "origin", QUICK)
    remote = tmpdir / "remote.git"
    _git(tmpdir, "clone", "-q", "--bare", str(gen.root), str(remote))
    env = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org"}
    os.environ.update(
        {**env, "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    )
    alice = clone_workspace(str(remote), tmpdir / "alice").root
    bob_store = clone_workspace(str(remote), tmpdir / "bob")
    bob = bob_store.root
    for root in (alice, bob):
        _git(root, "config", "user.name", "Bench")
        _git(root, "config", "user.email", "bench@example.org")
    bob_store = Store.open(bob)
    bob_store.load()
    rows = []
    cases = [
        ("sync: different records (fetch, rebase, push)", False),
        ("sync: same record, other field (merged by field)", True),
    ]
    n = 0
    for label, same in cases:
        prepare = _scenario(alice, bob, gen.accounts, same)
        ours: list[float] = []
        floor: list[float] = []
        for _run in range(RUNS):
            for which in ("smgov", "git"):
                prepare(n)
                n += 1
                start = time.perf_counter()
                if which == "smgov":
                    result = sync(bob_store)
                    if not result.ok:
                        raise RuntimeError(result.message)
                    ours.append(time.perf_counter() - start)
                else:
                    _git(bob, "pull", "-q", "--rebase")
                    _git(bob, "push", "-q")
                    floor.append(time.perf_counter() - start)
                    bob_store.load()
        rows.append(
            (
                label,
                statistics.median(ours),
                "git pull --rebase && git push",
                statistics.median(floor),
            )
        )
    ours, floor = [], []
    for _run in range(RUNS):
        start = time.perf_counter()
        sync(bob_store)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        _git(bob, "pull", "-q", "--rebase")
        _git(bob, "push", "-q")
        floor.append(time.perf_counter() - start)
    rows.append(
        (
            "sync: nothing to do",
            statistics.median(ours),
            "git pull --rebase && git push",
            statistics.median(floor),
        )
    )
    return rows


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for label, seconds, floor_label, floor_seconds in run(Path(folder)):
            ms, floor_ms = seconds * 1000, floor_seconds * 1000
            print(f"{label:52} {ms:8.0f} ms   {floor_label}: {floor_ms:.0f} ms")
