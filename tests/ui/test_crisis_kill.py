"""Kill -9 between steps: every step shown as done is in the file and in git, and the restarted
app resumes at the right step. The real ``python -m smgov_tui crisis DIR`` runs under a pty."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import smgov_tui
from tests.helpers.git import git, subjects

pytestmark = pytest.mark.slow

TIMEOUT = 60.0
INCIDENT = "2026-11-22-hacked-account"


class Terminal:
    """The app in a subprocess on an 80x24 pty; the screen output is collected in a thread."""

    def __init__(self, ws: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = dict(os.environ)
        env["TERM"] = "xterm-256color"
        env["COLUMNS"], env["LINES"] = "80", "24"
        env["SMGOV_AUTHOR"] = "Kill Tester <kill@example.org>"
        src = str(Path(smgov_tui.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "smgov_tui", "crisis", str(ws)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        # Notified by the reader at each chunk: waits wake on new output, not on a timer.
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.output.extend(chunk)
                self.lock.notify_all()

    def seen(self) -> str:
        with self.lock:
            return self.output.decode("utf-8", errors="replace")

    def mark(self) -> int:
        """Where the output is now; ``wait_for_text(since=mark)`` looks only after it."""
        with self.lock:
            return len(self.output)

    def wait_for_text(self, text: str, since: int = 0) -> None:
        def found() -> bool:
            with self.lock:
                return text.encode() in self.output[since:]

        wait_until(found, f"{text!r} on screen", self)

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        """``kill -9`` the app, as a person would; then wait until the git it started has
        ended too. A git commit outlives a killed app and finishes on its own: the next run
        must not start while it still holds ``index.lock``."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)
        wait_for_group(self.process.pid)
        with contextlib.suppress(OSError):
            os.close(self.master)
        self.reader.join(timeout=5)


def group_members(pgid: int) -> list[int]:
    """The live processes of process group ``pgid`` (the app's own, from start_new_session)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
        except OSError:  # ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) < 3:  # read while the process was being reaped: it has ended
            continue
        state, _parent, group = fields[:3]
        if int(group) == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def wait_for_group(pgid: int) -> None:
    """Wait until every process left in group ``pgid`` has ended: each one's pidfd becomes
    readable when it exits (an event, not a polling delay)."""
    deadline = time.monotonic() + TIMEOUT
    while members := group_members(pgid):
        for pid in members:
            try:
                handle = os.pidfd_open(pid)
            except ProcessLookupError:
                continue
            try:
                if pid not in group_members(pgid):  # ended, and the number taken by another
                    continue
                remaining = max(0.0, deadline - time.monotonic())
                if not select.select([handle], [], [], remaining)[0]:
                    pytest.fail(f"process {pid} of the killed app still runs after {TIMEOUT:g} s")
            finally:
                os.close(handle)


def wait_until(condition: Callable[[], bool], what: str, term: Terminal) -> None:
    """Wait until ``condition()`` holds, looking again each time the app draws (the app
    redraws after each commit, and a look at git is cheap): fail after TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if term.process.poll() is not None:
            pytest.fail(
                f"the app exited ({term.process.returncode}) waiting for {what}:\n"
                + term.seen()[-3000:]
            )
        with term.lock:
            term.lock.wait(timeout=0.05)  # woken at once by new output
    pytest.fail(f"timed out waiting for {what}\n{term.seen()[-3000:]}")


def wait_for_commit(ws: Path, subject: str, term: Terminal) -> None:
    """Wait until the newest commit is ``subject`` and git's index has caught up."""
    wait_until(
        lambda: subjects(ws)[0] == subject and git(ws, "status", "--porcelain") == "",
        f"commit {subject!r}",
        term,
    )


def on_step(number: int) -> str:
    """The step screen's heading (the start screen's list says "step N of 9:" instead)."""
    return f"\u00b7  step {number} of 9"


def log_of(ws: Path) -> list[tuple[str, str]]:
    raw = tomllib.loads((ws / "incidents" / f"{INCIDENT}.toml").read_text(encoding="utf-8"))
    return [(e["action"], e.get("step", "")) for e in raw["log"]]


def committed_log(ws: Path) -> list[tuple[str, str]]:
    text = git(ws, "show", f"HEAD:incidents/{INCIDENT}.toml")
    return [(e["action"], e.get("step", "")) for e in tomllib.loads(text)["log"]]


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for term in started:
        term.kill()


def test_looking_at_git_writes_nothing_the_app_could_meet(ws: Path) -> None:
    """The test's own ``git status`` (in wait_for_commit) must not refresh the index: it would
    hold ``index.lock`` for that moment, and the app's commit made then fails (the flake seen
    under load)."""
    index = ws / ".git" / "index"
    before = index.read_bytes()
    os.utime(ws / "workspace.toml")  # newer than the index: a refresh would rewrite it
    assert git(ws, "status", "--porcelain") == ""
    assert index.read_bytes() == before


def test_kill_between_steps_and_resume(ws: Path, terminals: list[Terminal]) -> None:
    # first run: open an incident, do two steps, kill -9
    term = Terminal(ws)
    terminals.append(term)
    term.wait_for_text("CRISIS MODE")
    term.wait_for_text("Hacked account")
    mark = term.mark()
    term.press("\r")
    term.wait_for_text("How serious is it?", mark)
    mark = term.mark()
    term.press("3")
    term.wait_for_text("Which account is affected?", mark)
    term.press("\r")
    wait_for_commit(ws, f"incidents: open {INCIDENT} (hacked-account, high)", term)
    term.wait_for_text(on_step(1), mark)
    for number, step in ((2, "confirm"), (3, "secure-access")):
        mark = term.mark()
        term.press("d")
        wait_for_commit(ws, f"incidents: {INCIDENT} done {step}", term)
        term.wait_for_text(on_step(number), mark)
    term.kill()
    expected = [("opened", ""), ("done", "confirm"), ("done", "secure-access")]
    assert log_of(ws) == expected
    assert committed_log(ws) == expected

    # second run: the open incident is offered first; Enter resumes at step 3 (no commit)
    term = Terminal(ws)
    terminals.append(term)
    term.wait_for_text("OPEN INCIDENTS")
    count = len(subjects(ws))
    mark = term.mark()
    term.press("\r")
    term.wait_for_text(on_step(3), mark)
    term.wait_for_text("Resumed where it stopped", mark)
    assert len(subjects(ws)) == count
    term.wait_for_text("Pause scheduled posts", mark)
    mark = term.mark()
    term.press("d")  # a pause step: tick each account paused, then Enter
    term.wait_for_text("confirmed paused.", mark)
    affected = tomllib.loads((ws / "incidents" / f"{INCIDENT}.toml").read_text("utf-8"))
    listed = ["instagram-olmedo", "facebook-olmedo", "x-olmedo"]
    accounts = len(listed) + (affected.get("account", "") not in ("", *listed))
    for _ in range(accounts):
        term.press(" \x1b[B")  # space ticks, down to the next account
    term.wait_for_text(f"{accounts} of {accounts} confirmed paused.", mark)
    term.press("\r")
    wait_for_commit(ws, f"incidents: {INCIDENT} done pause-scheduled", term)
    term.wait_for_text(on_step(4), mark)
    term.kill()
    expected += [("done", "pause-scheduled")]
    assert log_of(ws) == expected
    assert committed_log(ws) == expected
    assert git(ws, "status", "--porcelain") == ""

    # third run, killed right after a key press, wherever the save is: nothing half-written
    term = Terminal(ws)
    terminals.append(term)
    term.wait_for_text("OPEN INCIDENTS")
    mark = term.mark()
    count = len(subjects(ws))
    term.press("\r")
    term.wait_for_text(on_step(4), mark)
    term.wait_for_text("Resumed where it stopped", mark)
    assert len(subjects(ws)) == count
    before = len(subjects(ws))
    term.press("d")
    term.kill()
    log = log_of(ws)  # always parses: the write is atomic
    assert log[: len(expected)] == expected
    assert len(log) in (len(expected), len(expected) + 1)
    # whatever reached git is a prefix of the file; a final uncommitted entry is committed by
    # the next action (the file is committed whole), so it is never lost
    assert log[: len(committed_log(ws))] == committed_log(ws)
    assert len(subjects(ws)) in (before, before + 1)

    # fourth run: resumes exactly after what the file holds; the next action commits any
    # entry left over
    done = ("done", "platform-recovery") in log
    term = Terminal(ws)
    terminals.append(term)
    term.wait_for_text("OPEN INCIDENTS")
    mark = term.mark()
    term.press("\r")
    term.wait_for_text(on_step(5 if done else 4), mark)
    assert log_of(ws) == log  # resuming writes nothing
    step = "warn-audience" if done else "platform-recovery"
    term.press("d")  # the next real action commits the whole file, a left-over entry included
    wait_for_commit(ws, f"incidents: {INCIDENT} done {step}", term)
    assert committed_log(ws) == log_of(ws) == [*log, ("done", step)]
