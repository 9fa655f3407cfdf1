"""Git as the tests look at it: the real git CLI, and the author every test commit has."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from smgov_tui.store.git import Author

AUTHOR = Author("Test Author", "test@example.org")


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` and return stdout (tests inspect repos with the real git CLI).

    Without optional locks: a test's ``git status`` would otherwise take ``index.lock`` to
    refresh the index, and a commit the app makes at that moment fails with "index.lock: File
    exists" (seen in tests/ui/test_crisis_kill.py, which looks at git while the app saves).
    """
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def subjects(root: Path) -> list[str]:
    """The subjects of the commits in ``root``, newest first."""
    return git(root, "log", "--format=%s").splitlines()
