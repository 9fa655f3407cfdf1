"""Facts about a repository read straight from its ``.git`` files, without a git process:
where its git folder is and which commit HEAD points at (cheap enough to ask before every
commit, or every two seconds)."""

from __future__ import annotations

from pathlib import Path


def git_dir(root: Path) -> Path | None:
    """The ``.git`` folder of the workspace at ``root`` (None when it is not a plain repo)."""
    dot = root / ".git"
    if dot.is_dir():
        return dot
    if dot.is_file():  # a linked worktree or submodule: ".git" names the real folder
        text = dot.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            target = Path(text[len("gitdir:") :].strip())
            return target if target.is_absolute() else (root / target).resolve()
    return None


def read_head(root: Path, folder: Path | None = None) -> str:
    """The sha HEAD points at, read from ``.git`` directly (``folder``: the git folder, when
    the caller already knows it)."""
    folder = folder or git_dir(root)
    if folder is None:
        return ""
    try:
        head = (folder / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    if not head.startswith("ref:"):
        return head
    ref = head[4:].strip()
    common = folder
    commondir = folder / "commondir"
    if commondir.is_file():
        common = (folder / commondir.read_text(encoding="utf-8").strip()).resolve()
    try:
        return (common / ref).read_text(encoding="utf-8").strip()
    except OSError:
        pass
    try:
        for line in (common / "packed-refs").read_text(encoding="utf-8").splitlines():
            sha, _sep, name = line.partition(" ")
            if name == ref:
                return sha
    except OSError:
        pass
    return ref
