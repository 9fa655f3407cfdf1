"""What a packager and a workspace's pre-commit see: the licence file, the metadata, a real rev."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_licence_named_in_the_metadata_ships_as_a_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]
    # zoneinfo needs a time-zone database, which Windows lacks.
    assert any(d.startswith("tzdata") and "win32" in d for d in project["dependencies"])


def test_the_pre_commit_examples_use_a_rev_that_exists() -> None:
    """A `rev` that names nothing makes pre-commit fail on every commit of the workspace."""
    revs = []
    for name in ("README.md", ".pre-commit-hooks.yaml"):
        revs += re.findall(r"rev:\s*(\S+)", (ROOT / name).read_text(encoding="utf-8"))
    assert revs
    if not (ROOT / ".git").exists():  # an unpacked sdist has no history to look in
        return
    shallow = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
        check=False,
    )
    if shallow.stdout.strip() == "true":  # a clone with --depth has only the newest commits
        return
    for rev in revs:
        found = subprocess.run(
            ["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}^{{commit}}"],
            capture_output=True,
            check=False,
        )
        assert found.returncode == 0, f"rev {rev} is not a commit of this repository"
