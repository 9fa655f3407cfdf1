"""Git as the tests look at it: the real git CLI, and the author every test commit has."""

from __future__ import annotations

import subprocess
from pathlib import Path

from smgov_tui.store.git import Author

AUTHOR = Author("Test Author", "test@example.org")


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` and return stdout (tests inspect repos with the real git CLI)."""
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def subjects(root: Path) -> list[str]:
    """The subjects of the commits in ``root``, newest first."""
    return git(root, "log", "--format=%s").splitlines()
