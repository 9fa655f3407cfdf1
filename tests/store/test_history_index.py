"""The history index (``.git/smgov/history-index.json``): the same commits as ``git log``.

Every answer is compared with ``Git.log(path)``, the ``git log -- path`` walk that follows the
store's renames (the floor the index replaces), on real repositories changed by plain git:
commits made outside smgov, rebases, resets, amended commits, merges, and an index file that is
missing, corrupt or written by two processes at once.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smgov_tui.core import kinds as k
from smgov_tui.store.git import Git
from smgov_tui.store.history import HistoryIndex
from smgov_tui.store.store import Store
from tests.helpers.git import git
from tests.helpers.machine import SRC, smgov

INDEX = Path(".git/smgov/history-index.json")


def new_repo(root: Path) -> Path:
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test Author")
    git(root, "config", "user.email", "test@example.org")
    return root


def body(seed: int, lines: int = 12) -> str:
    """A file's text: ``seed`` makes it distinct, ``lines`` long enough that a small edit
    keeps a rename recognisable (``-M``'s 50 %)."""
    return "".join(f'field_{n} = "{seed}-{n}"\n' for n in range(lines))


def commit_all(root: Path, subject: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", subject)


def paths_ever(root: Path) -> set[str]:
    return set(git(root, "log", "--format=", "--name-only", "--all").split())


def assert_agrees(root: Path, index: HistoryIndex, paths: set[str]) -> int:
    """Compare every path's history (whole, and cut by a limit); returns how many of them
    went on through a rename."""
    floor = Git.open(root)
    followed = 0
    for path in sorted(paths):
        expected = floor.log(path)
        assert index.log(path) == expected, path
        assert index.log(path, 2) == floor.log(path, 2), path
        followed += len(expected) > len(git(root, "log", "--format=%H", "--", path).split())
    return followed


def random_step(root: Path, rng: random.Random, step: int, names: list[str]) -> None:
    """One commit made with plain git: edits, adds, deletes, exact renames (``git mv``),
    renames with an edit, a path re-created after a delete, several files at once."""
    files = sorted(p.name for p in root.iterdir() if p.suffix == ".toml")
    action = rng.choice(["edit", "edit", "add", "delete", "mv", "mv-edit", "multi", "empty"])
    if action in ("add",) or not files:
        name = rng.choice(names)
        (root / name).write_text(body(step), encoding="utf-8")
    elif action == "edit":
        target = root / rng.choice(files)
        target.write_text(target.read_text(encoding="utf-8") + f"n{step} = 1\n", encoding="utf-8")
    elif action == "delete":
        (root / rng.choice(files)).unlink()
    elif action in ("mv", "mv-edit"):
        old = rng.choice(files)
        new = rng.choice([n for n in names if n not in files] or ["spare.toml"])
        git(root, "mv", old, new)
        if action == "mv-edit":
            target = root / new
            target.write_text(target.read_text(encoding="utf-8") + f"m{step} = 1\n", "utf-8")
    elif action == "multi":
        for name in rng.sample(files, min(3, len(files))):
            target = root / name
            target.write_text(body(step * 7 + len(name)), encoding="utf-8")
    commit_all(root, f"step {step}: {action}")


def drop_a_commit_by_rebase(root: Path) -> None:
    """``git rebase --onto HEAD~3 HEAD~2``: the last two commits rewritten without the one
    before them (a rebase that cannot apply cleanly is aborted: nothing rewritten)."""
    done = subprocess.run(
        ["git", "rebase", "-q", "--onto", "HEAD~3", "HEAD~2"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        git(root, "rebase", "--abort")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_answers_as_git_log_over_a_random_history(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = new_repo(tmp_path / "repo")
    names = [f"r{n}.toml" for n in range(8)]
    (root / "r0.toml").write_text(body(0), encoding="utf-8")
    commit_all(root, "init")
    kept = HistoryIndex(Git.open(root))  # extended in memory from step to step
    followed = 0
    for step in range(1, 61):
        random_step(root, rng, step, names)
        rewrite = rng.random()
        if rewrite < 0.08:
            depth = int(git(root, "rev-list", "--count", "HEAD")) - 1
            git(root, "reset", "-q", "--hard", f"HEAD~{min(depth, rng.randint(1, 3))}")
        elif rewrite < 0.11 and int(git(root, "rev-list", "--count", "HEAD")) > 3:
            git(root, "reset", "-q", "--soft", "HEAD~2")  # squash the last two commits
            git(root, "commit", "-q", "--allow-empty", "-m", f"step {step}: squashed")
        elif rewrite < 0.14 and int(git(root, "rev-list", "--count", "HEAD")) > 4:
            drop_a_commit_by_rebase(root)
        elif rewrite < 0.17:
            (root / "r1.toml").write_text(body(1000 + step), encoding="utf-8")
            git(root, "add", "-A")
            git(root, "commit", "-q", "--amend", "-m", f"step {step}: amended")
        floor = Git.open(root)
        for path in rng.sample(sorted(paths_ever(root) | {"r0.toml", "r1.toml"}), 2):
            assert kept.log(path) == floor.log(path), (step, path)
        if step % 10 == 0:
            followed += assert_agrees(root, kept, paths_ever(root) | set(names))
            assert_agrees(root, HistoryIndex(Git.open(root)), paths_ever(root))  # from the file
    assert followed  # the seeds do make histories that go through renames


def store_with_history(ws: Path) -> tuple[Store, str]:
    store = Store.open(ws)
    store.load()
    path = k.OWNERS.path_for("ana-ruiz")
    for number in range(3):
        edit_by_hand(ws, path, number)
    return store, path


def edit_by_hand(root: Path, path: str, number: int) -> None:
    file = root / path
    file.write_text(file.read_text(encoding="utf-8") + f"# note {number}\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", f"hand edit {number}")


def shas(store: Store, record_id: str = "ana-ruiz") -> list[str]:
    return [commit.sha for commit in store.history(k.OWNERS, record_id)]


def git_shas(root: Path, path: str) -> list[str]:
    return git(root, "log", "--format=%H", "--", path).split()


def test_commits_made_outside_smgov_extend_the_index(ws: Path) -> None:
    store, path = store_with_history(ws)
    assert shas(store) == git_shas(ws, path)
    edit_by_hand(ws, path, 9)  # plain git, after the index was built
    assert shas(store) == git_shas(ws, path)
    # another process: reads the file (written before that commit) and extends it too
    assert Store.open(ws).history(k.OWNERS, "ana-ruiz") == store.history(k.OWNERS, "ana-ruiz")


def test_a_rebase_drops_the_old_commits_and_reads_the_new(ws: Path) -> None:
    store, path = store_with_history(ws)
    git(ws, "checkout", "-q", "-b", "side", "HEAD~2")
    edit_by_hand(ws, k.OWNERS.path_for("carlos-vidal"), 5)
    git(ws, "checkout", "-q", "main")
    assert len(shas(store)) > 2  # indexed at main's old tip
    git(ws, "rebase", "-q", "side")  # main's last two commits are rewritten on side
    assert shas(store) == git_shas(ws, path)
    assert shas(store, "carlos-vidal") == git_shas(ws, k.OWNERS.path_for("carlos-vidal"))


def test_a_reset_back_and_a_new_commit_are_followed(ws: Path) -> None:
    store, path = store_with_history(ws)
    before = shas(store)
    git(ws, "reset", "-q", "--hard", "HEAD~2")
    assert shas(store) == git_shas(ws, path) == before[2:]
    edit_by_hand(ws, path, 7)
    assert shas(store) == git_shas(ws, path)


def test_an_amended_commit_replaces_the_one_it_amends(ws: Path) -> None:
    store, path = store_with_history(ws)
    old_tip = shas(store)[0]
    git(ws, "commit", "-q", "--amend", "-m", "hand edit 2, reworded")
    history = store.history(k.OWNERS, "ana-ruiz")
    assert old_tip not in [c.sha for c in history]
    assert history[0].subject == "hand edit 2, reworded"
    assert [c.sha for c in history] == git_shas(ws, path)


@pytest.mark.parametrize(
    "damage",
    [
        None,  # deleted
        "",
        "{not json",
        '{"version": 1, "tip": "x", "merges": false, "commits": []}',
        '{"version": 99}',
        '["a list"]',
    ],
    ids=["deleted", "empty", "not-json", "wrong-shape", "other-version", "a-list"],
)
def test_a_deleted_or_corrupt_index_is_rebuilt(ws: Path, damage: str | None) -> None:
    store, _path = store_with_history(ws)
    expected = store.history(k.OWNERS, "ana-ruiz")
    if damage is None:
        (ws / INDEX).unlink()
    else:
        (ws / INDEX).write_text(damage, encoding="utf-8")
    assert Store.open(ws).history(k.OWNERS, "ana-ruiz") == expected
    assert json.loads((ws / INDEX).read_text(encoding="utf-8"))["version"] == 1


def positions_out_of_order(stored: dict[str, Any]) -> None:
    stored["paths"]["owners/ana-ruiz.toml"].reverse()


def a_position_past_the_commits(stored: dict[str, Any]) -> None:
    stored["paths"]["owners/ana-ruiz.toml"].append(10**6)


def a_commit_with_a_number_for_a_name(stored: dict[str, Any]) -> None:
    stored["commits"][0][1] = 42


def a_path_with_text_for_positions(stored: dict[str, Any]) -> None:
    stored["paths"]["owners/ana-ruiz.toml"] = "0 1 2"


@pytest.mark.parametrize(
    "damage",
    [
        positions_out_of_order,
        a_position_past_the_commits,
        a_commit_with_a_number_for_a_name,
        a_path_with_text_for_positions,
    ],
)
@pytest.mark.parametrize("then", ["read", "commit-then-read", "reset-then-read"])
def test_an_index_damaged_inside_is_rebuilt_when_a_look_up_meets_it(
    ws: Path, damage: Callable[[dict[str, Any]], None], then: str
) -> None:
    store, path = store_with_history(ws)
    store.history(k.OWNERS, "ana-ruiz")
    stored = json.loads((ws / INDEX).read_text(encoding="utf-8"))
    damage(stored)
    (ws / INDEX).write_text(json.dumps(stored), encoding="utf-8")
    if then == "commit-then-read":
        edit_by_hand(ws, path, 6)
    elif then == "reset-then-read":
        git(ws, "reset", "-q", "--hard", "HEAD~1")
    history = Store.open(ws).history(k.OWNERS, "ana-ruiz")
    assert history == Git.open(ws).log(path)
    assert len(history) >= 3


def test_an_index_whose_tip_git_does_not_know_is_rebuilt(ws: Path) -> None:
    store, path = store_with_history(ws)
    expected = store.history(k.OWNERS, "ana-ruiz")
    stored = json.loads((ws / INDEX).read_text(encoding="utf-8"))
    ghost = "0123456789abcdef0123456789abcdef01234567"  # a commit collected after a rewrite
    stored["commits"][-1][0] = stored["tip"] = ghost
    (ws / INDEX).write_text(json.dumps(stored), encoding="utf-8")
    edit_by_hand(ws, path, 8)
    history = Store.open(ws).history(k.OWNERS, "ana-ruiz")
    assert [c.sha for c in history] == git_shas(ws, path)
    assert history[1:] == expected


def test_histories_with_merges_are_git_logs_own(ws: Path) -> None:
    store, _path = store_with_history(ws)
    git(ws, "checkout", "-q", "-b", "side", "HEAD~2")
    edit_by_hand(ws, k.OWNERS.path_for("carlos-vidal"), 5)
    git(ws, "checkout", "-q", "main")
    shas(store)
    git(ws, "merge", "-q", "--no-edit", "side")
    floor = Git.open(ws)
    for record in ("ana-ruiz", "carlos-vidal"):
        expected = floor.log(k.OWNERS.path_for(record))
        assert store.history(k.OWNERS, record) == expected
        assert Store.open(ws).history(k.OWNERS, record) == expected


def test_a_reader_that_must_not_write_leaves_the_index_alone(ws: Path) -> None:
    store, path = store_with_history(ws)
    shas(store)
    before = (ws / INDEX).read_bytes(), (ws / INDEX).stat().st_mtime_ns
    edit_by_hand(ws, path, 4)
    reader = HistoryIndex(Git.open(ws), persist=False)
    assert [c.sha for c in reader.log(path)] == git_shas(ws, path)
    for args in (["check"], ["export", "accounts", "--format", "csv"]):
        result = smgov(*args, str(ws))
        assert result.returncode in (0, 1), result.stderr
    assert ((ws / INDEX).read_bytes(), (ws / INDEX).stat().st_mtime_ns) == before


WRITER = """
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
sys.path.insert(0, {src!r})
from smgov_tui.store.git import Git
from smgov_tui.store.history import HistoryIndex

root = Path(sys.argv[1])
for _ in range(25):
    index = HistoryIndex(Git.open(root))
    index.path.unlink(missing_ok=True)  # each round builds and writes the whole file
    index.log("owners/ana-ruiz.toml")
"""


def test_two_processes_writing_at_once_leave_a_whole_index(ws: Path) -> None:
    store, _path = store_with_history(ws)
    expected = store.history(k.OWNERS, "ana-ruiz")
    script = WRITER.format(src=str(SRC))
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(ws)], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    seen = 0
    while any(writer.poll() is None for writer in writers):
        try:
            text = (ws / INDEX).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue  # between a writer's delete and its rename
        assert json.loads(text)["tip"] == git(ws, "rev-parse", "HEAD").strip()
        seen += 1
    for writer in writers:
        _out, err = writer.communicate()
        assert writer.returncode == 0, err
    assert Store.open(ws).history(k.OWNERS, "ana-ruiz") == expected
    assert not [p for p in (ws / ".git/smgov").iterdir() if p.name.endswith(".tmp")]


def test_a_shallow_clone_deepened_shows_the_older_commits(tmp_path: Path) -> None:
    origin = new_repo(tmp_path / "origin")
    for number in range(6):
        (origin / "r.toml").write_text(body(number), encoding="utf-8")
        commit_all(origin, f"edit {number}")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{origin}", str(clone))
    index = HistoryIndex(Git.open(clone))
    assert len(index.log("r.toml")) == 2
    git(clone, "fetch", "-q", "--unshallow")  # HEAD is the same commit, its history is longer
    assert index.log("r.toml") == Git.open(clone).log("r.toml")
    assert len(index.log("r.toml")) == 6
    assert len(HistoryIndex(Git.open(clone)).log("r.toml")) == 6


def test_a_subject_holding_the_index_separator_is_kept_whole(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    for number, subject in enumerate(["plain", "odd \x1f unit", "after"]):
        (root / "r.toml").write_text(body(number), encoding="utf-8")
        commit_all(root, subject)
    index = HistoryIndex(Git.open(root))
    assert index.log("r.toml") == Git.open(root).log("r.toml")
    assert [c.subject for c in index.log("r.toml")] == ["after", "odd \x1f unit", "plain"]
