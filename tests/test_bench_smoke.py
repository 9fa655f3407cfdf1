"""The bench's generator at a tiny size, so the bench cannot rot unnoticed (no timings here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smgov_tui.core.checks import check_workspace
from smgov_tui.store.loader import load_workspace
from tests.helpers.git import git

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate import PLANTED, TINY, generate  # noqa: E402


@pytest.mark.slow
def test_tiny_workspace_loads_with_only_the_planted_problems(tmp_path: Path) -> None:
    gen = generate(tmp_path / "ws", TINY)
    root = gen.root

    assert git(root, "rev-list", "--count", "HEAD").strip() == str(TINY.commits)
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    authors = set(git(root, "log", "--format=%an").split("\n")) - {""}
    assert len(authors) >= 3

    data = load_workspace(root)
    assert len(data.entries["accounts"]) == TINY.accounts
    assert len(data.entries["owners"]) == TINY.owners
    assert len(data.entries["contacts"]) == TINY.contacts
    assert len(data.entries["playbooks"]) == TINY.playbooks
    assert data.meta is not None and data.communication is not None and data.management is not None

    problems = check_workspace(data)
    # the governance analysis finds realistic gaps in generated teams (office hours, short
    # response times, roles given at random: a crisis role held by one person or nobody), on
    # top of the planted problems
    analysis = {"coverage-gap", "department-without-owner", "single-holder", "role-unheld"}
    assert sorted(p.code for p in problems if p.code not in analysis) == sorted(PLANTED)
    assert {p.code for p in problems if p.severity == "warning"} - analysis == {"unknown-key"}


@pytest.mark.slow
def test_every_generated_record_names_its_schema_as_a_real_workspace_does(tmp_path: Path) -> None:
    root = generate(tmp_path / "ws", TINY).root
    tracked = set(git(root, "ls-files").split())
    records = sorted(
        path for path in tracked if path.endswith(".toml") and not path.startswith("incidents/")
    )
    assert len(records) > TINY.accounts
    for rel in records:
        first = (root / rel).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("#:schema "), rel
        schema = (root / rel).parent / first.removeprefix("#:schema ")
        assert schema.resolve().is_file(), rel
        assert schema.resolve().relative_to(root.resolve()).as_posix() in tracked, rel


@pytest.mark.slow
def test_history_edits_records_one_field_at_a_time(tmp_path: Path) -> None:
    gen = generate(tmp_path / "ws", TINY)
    edited = next(rid for rid, count in gen.edits.items() if count)
    rel = f"accounts/{edited}.toml"
    shas = git(gen.root, "log", "--format=%H", "--", rel).split()
    assert len(shas) >= 2  # added, then edited
    patch = git(gen.root, "show", "--format=", "--unified=0", shas[0], "--", rel)
    changed = [
        line for line in patch.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(changed) == 2  # one line out, one line in


@pytest.mark.slow
def test_tui_figures_run_end_to_end(tmp_path: Path) -> None:
    """The TUI bench drives the real app (open, form, save) and the bare floor app, so a UI change
    that breaks it fails here rather than on the day someone measures."""
    from bench.bench_tui import run
    from bench.run import Row

    gen = generate(tmp_path / "ws", TINY)
    head = git(gen.root, "rev-parse", "HEAD").strip()

    rows = run(gen, 1, Row, opens=1)  # one record opened unsaved: the path, not a figure

    assert [row.figure.split(" (")[0] for row in rows] == [
        "TUI: first screen with every account",
        f"TUI: one filter keystroke on {TINY.accounts} rows",
        "TUI: open a record",
        "TUI: open its edit form",
        "TUI: open a record, UI thread CPU",
        "TUI: open its edit form, UI thread CPU",
        "TUI: open a record, UI thread CPU, garbage collections left out",
        "TUI: open its edit form, UI thread CPU, garbage collections left out",
        "TUI: save it",
        "TUI: open a record and save it, commit included",
        "TUI: open, open its form, save",
    ]
    assert all(row.value > 0 and row.floor for row in rows)
    # three saves by the app and three by the git floor, each one commit
    assert git(gen.root, "rev-list", "--count", f"{head}..HEAD").strip() == "6"
    assert git(gen.root, "status", "--porcelain") == ""


@pytest.mark.slow
def test_draft_figures_run_end_to_end(tmp_path: Path) -> None:
    """The draft bench types into the real Draft screen and the bare floor app (no timings)."""
    from bench.bench_draft import post, run
    from bench.run import Row

    assert len(post()) == 1999  # one more key makes the 2,000 characters measured
    rows = run(tmp_path, 1, Row)

    assert [row.figure for row in rows] == [
        "draft check alone, core (2,000 chars)",
        "draft check per keystroke (2,000 chars)",
        "  of which drawing the text area",
    ]
    assert all(row.value > 0 and row.floor for row in rows)


@pytest.mark.slow
def test_history_figures_run_end_to_end(tmp_path: Path) -> None:
    from bench.run import bench_history

    gen = generate(tmp_path / "ws", TINY)
    rows = bench_history(gen, 1)
    assert len(rows) == 5  # first call, busiest, typical, from the file, after a commit
    assert all(row.value > 0 and row.floor for row in rows)
    assert (gen.root / ".git/smgov/history-index.json").is_file()


@pytest.mark.slow
def test_start_figures_run_smgov_as_its_installed_command(ws: Path) -> None:
    from bench.bench_start import run

    figures = {figure: (seconds, floor) for figure, seconds, _label, floor in run(ws, runs=1)}
    assert set(figures) == {"smgov --version", "smgov check, English sample"}
    assert all(seconds > 0 and floor > 0 for seconds, floor in figures.values())


@pytest.mark.slow
def test_the_taplo_peer_checks_the_same_files_against_their_schemas(tmp_path: Path) -> None:
    from bench.run import taplo_command, workspace_files

    root = generate(tmp_path / "ws", TINY).root
    command = taplo_command(root)
    if command is None:
        pytest.skip("taplo is not installed (pip install taplo: the bench extra)")
    named = command[command.index("never") + 1 :]  # files and globs, run in the workspace
    assert sorted(str(path) for name in named for path in root.glob(name)) == sorted(
        workspace_files(root)
    )
    account = sorted((root / "accounts").glob("*.toml"))[0]
    text = account.read_text(encoding="utf-8")
    account.write_text(
        text.replace("response_sla_hours = ", 'response_sla_hours = "soon" #', 1),
        encoding="utf-8",
    )
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    said = result.stdout + result.stderr
    assert f"{account.name}:" in said and '"soon" is not valid' in said  # the schema said it


@pytest.mark.slow
def test_peak_memory_is_the_measured_apps_own(tmp_path: Path) -> None:
    """Each app's peak RSS is its own process's: a child's ``ru_maxrss`` also counted the size
    of the process that started it, so a large bench process made both figures its own size."""
    from bench.run import bench_rss

    gen = generate(tmp_path / "ws", TINY)
    ballast = bytearray(400 * 2**20)
    ballast[::4096] = b"\1" * len(ballast[::4096])  # touched: resident in this process

    row = bench_rss(gen.root, TINY.accounts)

    assert ballast[0] == 1
    mib = 1000  # the row holds MiB / 1000 (the table prints it where milliseconds go)
    assert 0 < row.value * mib < 300
    assert 0 < row.floor * mib < 300


def test_collections_count_the_ui_threads_passes_only_while_counting() -> None:
    """The rows without collections subtract what the UI thread spent in them: a pass made
    there is counted, one made by another thread is not, and nothing after the block."""
    import gc
    import threading

    from bench.bench_tui import Collections

    garbage = [[n] for n in range(200_000)]  # something for a full pass to walk
    with Collections() as counted:
        gc.collect()
        here = counted.spent
        worker = threading.Thread(target=gc.collect)
        worker.start()
        worker.join()
        assert counted.spent == here > 0
    gc.collect()
    assert counted.spent == here
    assert counted._callback not in gc.callbacks
    del garbage
