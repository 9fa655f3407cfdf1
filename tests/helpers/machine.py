"""A bare machine for tests: smgov run as a separate process, without git, without a terminal,
or inside its own mount namespace (a read-only or full file system made with real mounts)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def python_env(**extra: str) -> dict[str, str]:
    """The test's environment, with this interpreter's import path (a python reached through
    a symlink elsewhere does not find the virtual environment's packages on its own)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *(p for p in sys.path if p)])
    env.update(extra)
    return env


def no_git_bin(tmp_path: Path) -> Path:
    """A folder holding only a link to this Python: as PATH, a machine with no git."""
    folder = tmp_path / "bin-without-git"
    folder.mkdir(exist_ok=True)
    link = folder / "python"
    if not link.exists():
        link.symlink_to(sys.executable)
    return folder


def smgov(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    python: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """``smgov ARGS`` as its own process with no terminal: stdin from /dev/null, output piped.

    The timeout turns a hang (an app waiting for keys that never come) into a failure.
    """
    return subprocess.run(
        [python or sys.executable, "-m", "smgov_tui", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env if env is not None else python_env(),
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def can_mount() -> bool:
    """True when this process may make a private mount namespace with its own mounts (root)."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt 2>/dev/null || exit 1"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not (sys.platform == "linux" and can_mount()),
    reason="needs a private mount namespace (unshare -m, mount) as root",
)


def in_namespace(
    setup: list[str], *args: str, after: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the shell commands ``setup`` (mounts), then ``smgov ARGS``, then ``after`` (to look
    at what is there before the mounts go), in a private mount namespace: the mounts vanish
    with the process, whatever happens in the test. The exit code is smgov's; ``after``'s
    output follows a line ``--- after``."""
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "smgov_tui", *args])
    script = " && ".join(setup) + f" && {{ {command} </dev/null; rc=$?; echo '--- after'; "
    script += f"{after or 'true'}; exit $rc; }}"
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env if env is not None else python_env(),
        timeout=120,
        check=False,
    )


def probe_stderr(program: str, *args: str) -> str:
    """What a fresh interpreter running ``program`` (``{args}`` filled with ``ARGS``) wrote
    on stderr: a probe of what ``smgov ARGS`` leaves behind (imports, the collector)."""
    result = subprocess.run(
        [sys.executable, "-c", program.format(args=list(args))],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=python_env(),
        check=False,
        timeout=60,
    )
    return result.stderr
