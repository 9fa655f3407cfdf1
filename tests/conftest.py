"""Shared fixtures: every test runs isolated from the machine, on real files and real git repos."""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import shutil
import sys
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

import smgov_tui.ui
from smgov_tui.i18n import current_language, set_language
from smgov_tui.store.store import Store
from smgov_tui.store.template import init_workspace
from smgov_tui.ui.app import SmgovApp
from smgov_tui.ui.crisis_app import CrisisApp
from smgov_tui.ui.textual_internals import GC_YOUNG_THRESHOLD
from tests.helpers.git import AUTHOR, git
from tests.helpers.sync import make_remote, member

PYTHON_GC_THRESHOLDS = gc.get_threshold()


def _import_the_interface_in_english() -> None:
    """Import every module of the interface once, in English, before any test runs.

    Key bindings and a few class-level texts are translated when their module is first
    imported (the app picks its language at start-up, before it imports a screen). The app
    imports screens lazily, so a test that switches to Spanish and is the first to open a
    screen would bake Spanish into that screen's keys for every later test in the process:
    with random order and several workers, snapshots would fail by chance.
    """
    set_language("en")
    for module in pkgutil.walk_packages(smgov_tui.ui.__path__, "smgov_tui.ui."):
        importlib.import_module(module.name)


_import_the_interface_in_english()

FROZEN_NOW = "2026-11-22T10:00:00+01:00"

WORKERS_PER_CORE = 2
"""``-n auto`` starts this many test processes per core: a UI test spends much of its time
waiting, by design, for the app to go idle (Textual's pilot sleeps at least 20 ms after each
key) or for git, and other processes run while one waits. Measured on two cores, the whole
suite, pytest's own figure: 5:59 with two processes, 4:54 with three, 4:29 with four."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: more processes than cores (``WORKERS_PER_CORE``), at least two."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(2, round((cores or 1) * WORKERS_PER_CORE))


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Spread the tests with xdist's work stealing when they are spread at all: a process that
    runs out of tests takes some from a busy one, so one slow file at the end does not keep
    the others waiting."""
    if config.getoption("numprocesses", None) and config.getoption("dist", "no") == "no":
        config.option.dist = "worksteal"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A temp HOME and XDG dirs, a fixed git identity, a frozen clock, English, no author env."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Test Author\n\temail = test@example.org\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SMGOV_NOW", FROZEN_NOW)
    monkeypatch.setenv("SMGOV_LANG", "en")
    monkeypatch.setenv("TZ", "Europe/Madrid")
    # This process reads the zone too, not only the git it starts: a date turned into an
    # instant here (digest --since DAY) must agree with the dates git gives the commits, or
    # between 23:00 and midnight UTC "today" is tomorrow for one and today for the other.
    time.tzset()
    for var in (
        "SMGOV_AUTHOR",
        "SMGOV_WORKSPACE",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture(autouse=True)
def recorded_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app keeps the notifications it shows, through ``App.notify`` (public): tests read
    them with ``tests.helpers.ui.notices(app)`` (those on screen are Textual's private state)."""
    from textual.app import App
    from textual.notifications import Notification

    notify = App.notify

    def recording(self: App[Any], message: str, **options: Any) -> None:
        shown = Notification(
            str(message), str(options.get("title", "")), options.get("severity", "information")
        )
        self.__dict__.setdefault("shown_notices", []).append(shown)
        notify(self, message, **options)

    monkeypatch.setattr(App, "notify", recording)


def _freeze_the_test_process() -> None:
    """Collect what the last test left and keep everything still alive (pytest, textual, the
    interface's modules, their caches) out of the garbage collector's later passes; collect
    the young generation as rarely as the app does for itself (``GC_YOUNG_THRESHOLD``).

    Each test's app dies in a cycle, so only a full collection frees it, and a full pass
    walks every object not frozen: over a worker's session that is 200,000 and more, 0.2-0.5 s
    a pass. Done after every test, each pass sees only what one test made. Measured on two
    UI test files in one process, twice each: user CPU 48.0/47.4 -> 44.6/42.3 s, peak memory
    138 -> 111 MB."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *PYTHON_GC_THRESHOLDS[1:])


_freeze_the_test_process()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    """After each test, once pytest has let go of its fixtures' values: see
    ``_freeze_the_test_process`` (this also undoes the bench's unfreezing for its apps)."""
    try:
        return (yield)
    finally:
        _freeze_the_test_process()


@pytest.fixture(autouse=True)
def untuned_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps leave the garbage collector and the GIL as Python has them (``tune_interpreter``):
    in a process that runs hundreds of apps, the app's freeze of its loaded workspace would
    keep each app alive. tests/ui/test_edit_screen.py checks the tuning itself."""
    monkeypatch.setattr(SmgovApp, "tune_interpreter", False)
    monkeypatch.setattr(CrisisApp, "tune_interpreter", False)


@pytest.fixture
def tuned_interpreter(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Apps tune the interpreter as they do for users; Python's settings come back after and
    only the test process's shared part stays frozen."""
    monkeypatch.setattr(SmgovApp, "tune_interpreter", True)
    monkeypatch.setattr(CrisisApp, "tune_interpreter", True)
    gc.set_threshold(*PYTHON_GC_THRESHOLDS)
    interval = sys.getswitchinterval()
    yield
    gc.unfreeze()
    sys.setswitchinterval(interval)
    _freeze_the_test_process()


@pytest.fixture(scope="session")
def template_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English sample as a committed workspace, made once per session (copy it, don't edit)."""
    root = tmp_path_factory.mktemp("template") / "ws"
    import datetime as dt

    init_workspace(root, "en", AUTHOR, today=dt.date(2026, 11, 22))
    _compact(root)
    return root


def _compact(root: Path) -> None:
    """Pack the repository's objects into one file and drop git's sample hooks, so that each
    test's copy of the sample writes ~70 files instead of ~140 and ~20 folders instead of ~75
    (measured: 40 -> 20 ms a copy; ``ws`` is set up for most of the suite's tests). The
    history, the index and the files are the same."""
    git(root, "repack", "-a", "-d", "-q")
    git(root, "prune-packed", "-q")
    for sample in (root / ".git" / "hooks").glob("*.sample"):
        sample.unlink()


@pytest.fixture
def ws(template_copy: Path, tmp_path: Path) -> Path:
    """A fresh English sample workspace (a real git repo) for one test."""
    root = tmp_path / "ws"
    shutil.copytree(template_copy, root, symlinks=True)
    return root


@pytest.fixture
def store(ws: Path) -> Iterator[Store]:
    """A loaded store on the ``ws`` workspace."""
    opened = Store.open(ws)
    opened.load()
    yield opened


@pytest.fixture
def remote(ws: Path, tmp_path: Path) -> Path:
    """A bare repository holding the ``ws`` workspace, as a team's remote."""

    return make_remote(ws, tmp_path)


@pytest.fixture
def alice(remote: Path, tmp_path: Path) -> Store:
    """Alice's clone of ``remote``, loaded, signing as Alice."""
    return member(remote, tmp_path, "alice")


@pytest.fixture
def bob(remote: Path, tmp_path: Path) -> Store:
    """Bob's clone of ``remote``, loaded, signing as Bob."""
    return member(remote, tmp_path, "bob")


@pytest.fixture
def empty_ws(tmp_path: Path) -> Path:
    """A minimal valid workspace: workspace.toml only, committed."""
    root = tmp_path / "mini"
    root.mkdir()
    (root / "workspace.toml").write_text(
        'organisation = "Mini"\nlanguage = "en"\n', encoding="utf-8"
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    return root


MINI_FILES: dict[str, str] = {
    "workspace.toml": 'organisation = "Mini"\nbrand = "Mini"\nlanguage = "en"\n'
    'timezone = "Europe/Madrid"\n\n[plan]\nowner = "ana-ruiz"\nevangelists = ["luis-gomez"]\n'
    "next_review = 2027-03-01\n",
    "protocols/management.toml": 'review_cadence_days = 90\n\n[[roles]]\nid = "cm"\n'
    'title = "Community manager"\n',
    "owners/ana-ruiz.toml": '# Ana\nname = "Ana Ruiz"\nrole = "cm"\nphone = "+34 612 345 678"\n'
    "trained_on = 2026-10-01\n\n[working_hours]\n"
    'days = ["mon", "tue", "wed", "thu", "fri"]\nstart = "09:00"\nend = "18:00"\n',
    "owners/luis-gomez.toml": 'name = "Luis Gómez"\nrole = "cm"\ntrained_on = 2026-10-01\n\n'
    '[working_hours]\ndays = ["sat", "sun"]\nstart = "09:00"\nend = "18:00"\n',
    "accounts/ig-shop.toml": "# The shop's Instagram\n"
    'network = "instagram"  # where\nhandle = "@shop"\nowner = "ana-ruiz"\n'
    'backup_owner = "luis-gomez"\nstatus = "active"\npurpose = "Customers of the shop"\n'
    "last_reviewed = 2026-11-01\n",
    "contacts/legal.toml": 'name = "Legal desk"\nkind = "legal"\nphone = "+34 612 345 679"\n',
    "contacts/ceo.toml": 'name = "The CEO"\nkind = "executive"\nphone = "+34 612 345 680"\n',
    "contacts/agency.toml": 'name = "PR agency"\nkind = "pr_agency"\nphone = "+34 612 345 681"\n',
}


@pytest.fixture
def make_ws(tmp_path: Path) -> Callable[..., Path]:
    """Build and commit a small workspace: MINI_FILES updated with ``files`` (None removes)."""
    counter = iter(range(1000))

    def build(files: dict[str, str | None] | None = None, commit: bool = True) -> Path:
        root = tmp_path / f"ws{next(counter)}"
        merged: dict[str, str | None] = {**MINI_FILES, **(files or {})}
        for rel, text in merged.items():
            if text is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        git(root, "init", "-q", "-b", "main")
        if commit:
            git(root, "add", "-A")
            git(root, "commit", "-q", "-m", "init")
        return root

    return build


@pytest.fixture
def language() -> Iterator[None]:
    """Whatever a test sets, the language in use before it comes back after it."""
    before = current_language()
    yield
    set_language(before)


@pytest.fixture
def spanish(language: None) -> None:
    """The interface in Spanish for the test, then back to the language before it."""
    set_language("es")
