"""Which remote the branch integrates with, how far ahead and behind it is, and the push to it:
the one answer that sync, the status bar and crisis mode's background push all use, so the
team's work never goes to one remote while ``S`` syncs with another.

One rule picks the remote: the branch's own configuration (``branch.<b>.remote`` and
``branch.<b>.merge``, as ``git push -u`` or ``git branch -u`` write them), else ``origin``, else
the only remote, else none (with several remotes and none chosen, a guess could send the team's
work where nobody looks). The counts are from the last fetch, never the network. The status bar
asks every couple of seconds, so a look costs two git processes: one ``git config`` and one
``git rev-list``; whether the upstream ref exists is read from ``.git`` (``gitfiles``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from smgov_tui.store.git import Commit, Git
from smgov_tui.store.gitfiles import git_dir, head_branch, read_ref, uses_reftable

FETCH_TIMEOUT = 30.0
"""Seconds a background fetch may take before it is stopped and counted as offline."""

AUTH_SIGNS = (
    "authentication failed",
    "permission denied (publickey",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "invalid username or password",
    "403",
    "401",
    "host key verification failed",
)
"""What git says when the remote refused our credentials (as opposed to not answering)."""

MOVED_SIGNS = ("[rejected]", "non-fast-forward", "fetch first", "(stale info)", "cannot lock ref")
"""What git says when a push is refused because the remote has commits we lack."""


@dataclass(frozen=True)
class Target:
    """Where the current branch integrates: which remote, and which of its branches."""

    branch: str
    """The local branch ('' when HEAD is detached)."""
    remote: str | None
    """The remote (its name, or the URL a branch's config gives instead); None when none."""
    merge: str
    """The branch on the remote we integrate with and push to (``main``); '' when detached."""
    configured: bool
    """True when the branch's own config names its upstream (``git push -u`` was done)."""
    named: bool
    """True when ``remote`` is a configured remote (so it has ``refs/remotes/<remote>/``)."""
    upstream: str | None
    """``refs/remotes/<remote>/<merge>`` once it exists (fetched or pushed), else None."""

    @property
    def short(self) -> str | None:
        """The upstream as people write it (``origin/main``), or None."""
        return self.upstream.removeprefix("refs/remotes/") if self.upstream else None


@dataclass(frozen=True)
class Standing:
    """How the branch stands against its upstream, as of the last fetch."""

    target: Target
    """Which remote and branch."""
    ahead: int
    """Local commits the remote lacks (every commit while there is no upstream yet)."""
    behind: int
    """Remote commits not integrated yet (0 while there is no upstream)."""


@dataclass(frozen=True)
class Pushed:
    """What a push did."""

    sent: int
    """Commits the remote did not have and now has (0 when the push failed)."""
    moved: bool = False
    """Refused because the remote has commits we lack: integrate them, then push again."""
    failed: bool = False
    """The push did not happen (offline, refused credentials, ``moved``...)."""
    said: str = ""
    """What git said, without its hints (empty on success)."""
    stderr: str = ""
    """git's standard error as it came, for the caller to classify."""


def _config(git: Git) -> dict[str, str]:
    """The ``branch.*`` and ``remote.*`` settings (one ``git config`` process)."""
    result = git.run_full("config", "-z", "--get-regexp", r"^(branch|remote)\.")
    found: dict[str, str] = {}
    for entry in result.stdout.split("\0") if result.returncode == 0 else []:
        key, _sep, value = entry.partition("\n")
        if key:
            found[key] = value  # the last one read (the most local) wins, as for git itself
    return found


def _ref_exists(git: Git, folder: Path | None, ref: str) -> bool:
    if folder is not None and not uses_reftable(folder):
        return bool(read_ref(folder, ref))
    verified = git.run_full("rev-parse", "-q", "--verify", ref + "^{commit}")
    return verified.returncode == 0


def find_target(git: Git) -> Target:
    """Which remote and branch the current branch integrates with (see the module's rule)."""
    folder = git_dir(git.root)
    branch = head_branch(folder) if folder is not None else ""
    if folder is None:
        named_branch = git.run_full("symbolic-ref", "--short", "-q", "HEAD")
        branch = named_branch.stdout.strip() if named_branch.returncode == 0 else ""
    config = _config(git)
    names = (key[len("remote.") : key.rindex(".")] for key in config if key[:7] == "remote.")
    remotes = [name for name in dict.fromkeys(names) if name]
    configured = config.get(f"branch.{branch}.remote", "") if branch else ""
    merge = config.get(f"branch.{branch}.merge", "") if branch else ""
    remote: str | None
    if configured and configured != ".":  # "." tracks a local branch: not a remote
        remote, merge = configured, merge.removeprefix("refs/heads/") or branch
    else:
        configured, merge = "", branch
        remote = "origin" if "origin" in remotes else (remotes[0] if len(remotes) == 1 else None)
    named = remote in remotes
    upstream = None
    if remote is not None and named and merge:
        ref = f"refs/remotes/{remote}/{merge}"
        upstream = ref if _ref_exists(git, folder, ref) else None
    return Target(branch, remote, merge, bool(configured), named, upstream)


def counts(git: Git, where: Target) -> tuple[int, int]:
    """(ahead, behind) of HEAD against the upstream; (every commit, 0) without one."""
    if where.upstream is None:
        counted = git.run_full("rev-list", "--count", "HEAD")
        text = counted.stdout.strip()
        return (int(text) if counted.returncode == 0 and text.isdigit() else 0), 0
    both = git.run_full("rev-list", "--left-right", "--count", f"HEAD...{where.upstream}")
    parts = both.stdout.split() if both.returncode == 0 else []
    if len(parts) == 2 and all(part.isdigit() for part in parts):
        return int(parts[0]), int(parts[1])
    return 0, 0


def standing(git: Git) -> Standing:
    """Which remote, and how far ahead and behind (from the last fetch; no network)."""
    where = find_target(git)
    ahead, behind = counts(git, where)
    return Standing(where, ahead, behind)


def unpushed(git: Git, where: Target, limit: int = 50) -> list[Commit]:
    """The local commits the remote lacks, newest first (every commit without an upstream)."""
    if where.upstream is None:
        return git.log(limit=limit)
    out = git.run_full(
        "log", f"-n{limit}", "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e", f"{where.upstream}..HEAD"
    )
    commits = []
    for record in out.stdout.split("\x1e") if out.returncode == 0 else []:
        record = record.strip("\n")
        if record:
            sha, name, email, date, subject = record.split("\x1f")
            commits.append(Commit(sha, name, email, date, subject))
    return commits


def classify(stderr: str) -> str:
    """``auth`` when git's message says the credentials were refused, else ``unreachable``."""
    text = stderr.lower()
    return "auth" if any(sign in text for sign in AUTH_SIGNS) else "unreachable"


@dataclass(frozen=True)
class Fetched:
    """What a background fetch found."""

    status: str
    """``fetched``, ``no-remote``, ``unreachable`` or ``auth``."""
    behind: int = 0
    """Remote commits not integrated yet, counted after the fetch."""
    said: str = ""
    """What git said when it failed (its last error lines)."""

    @property
    def ok(self) -> bool:
        """True when the remote answered."""
        return self.status == "fetched"


def fetch(git: Git, timeout: float = FETCH_TIMEOUT) -> Fetched:
    """Fetch the upstream's commits in the background: no prompt, a timeout, nothing written
    in the working tree or the index.

    Only the objects and ``refs/remotes/<remote>/`` change (``FETCH_HEAD`` is not written,
    no tags, no automatic gc): what a fetch is for. A read-only command never calls this.
    """
    where = find_target(git)
    if where.remote is None:
        return Fetched("no-remote")
    result = git.run_network(
        "fetch",
        "--quiet",
        "--prune",
        "--no-tags",
        "--no-write-fetch-head",
        "--no-auto-gc",
        "--no-recurse-submodules",
        where.remote,
        timeout=timeout,
    )
    if result.returncode != 0:
        lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
        wanted = [line for line in lines if line.lower().startswith(("fatal", "error"))] or lines
        status = classify(result.stderr) if result.returncode > 0 else "unreachable"
        return Fetched(status, said=" ".join(wanted[-2:]))
    return Fetched("fetched", counts(git, find_target(git))[1])


def network_env(interactive: bool) -> dict[str, str]:
    """The environment for git commands that reach the remote (fetch, push, clone)."""
    if not interactive:
        return {}  # Git's own environment: no prompt, ssh in batch mode
    # A person at a terminal may type a password or passphrase: let git and ssh ask.
    return {
        "GIT_TERMINAL_PROMPT": "1",
        "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh"),
    }


def push(git: Git, where: Target, interactive: bool = False) -> Pushed:
    """Push the branch to its remote's ``merge`` branch, never forced; nothing to send sends
    nothing. The first push records the upstream in the branch's config, as ``git push -u``."""
    if where.remote is None or not where.branch:
        return Pushed(0, failed=True)
    ahead, _behind = counts(git, where)
    if ahead == 0 and where.upstream is not None:
        return Pushed(0)
    sha = git.run_full("rev-parse", "-q", "--verify", f"refs/heads/{where.branch}").stdout.strip()
    if not sha:
        return Pushed(0, failed=True)
    result = git.run_full(
        "push",
        "--porcelain",
        where.remote,
        f"{sha}:refs/heads/{where.merge}",
        env=network_env(interactive),
    )
    text = result.stdout + result.stderr
    if result.returncode != 0:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        said = "\n".join(
            line for line in lines if not line.startswith(("hint:", "To ")) and line != "Done"
        )
        moved = any(sign in text for sign in MOVED_SIGNS)
        return Pushed(0, moved=moved, failed=True, said=said, stderr=result.stderr)
    if where.named:
        # A remote whose fetch refspec does not map the branch keeps no tracking ref by itself.
        git.run_full("update-ref", f"refs/remotes/{where.remote}/{where.merge}", sha)
        if not where.configured and where.upstream is None:
            git.run_full("config", f"branch.{where.branch}.remote", where.remote)
            git.run_full("config", f"branch.{where.branch}.merge", f"refs/heads/{where.merge}")
    if where.upstream is None:
        _name_pushed_branch_in_local_remote(git, where.remote, where.merge)
    return Pushed(ahead)


def _name_pushed_branch_in_local_remote(git: Git, remote: str, branch: str) -> None:
    """After the first push to a bare repository on this machine (a path or ``file://`` URL)
    whose HEAD names a branch that does not exist (``git init --bare`` says ``master``; smgov
    pushed ``main``), point its HEAD at the pushed branch, so a plain ``git clone`` of it checks
    the workspace out. Other hosts set their default branch themselves (see the README)."""
    url = git.config(f"remote.{remote}.url") or remote
    if url.startswith("file://"):
        where = Path(unquote(url.removeprefix("file://")))
    elif "://" in url or ":" in url.split("/", 1)[0]:
        return  # another machine (https, ssh, host:path): not ours to configure
    else:
        where = Path(url) if Path(url).is_absolute() else git.root / url
    if not (where / "HEAD").is_file() or not (where / "objects").is_dir():
        return  # not a bare repository (a work tree's HEAD is its owner's business)
    try:
        head = (where / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return
    if not head.startswith("ref:"):
        return
    named = head[4:].strip()
    other = ["--git-dir", str(where)]
    if git.run_full(*other, "rev-parse", "-q", "--verify", named).returncode == 0:
        return  # HEAD names a real branch: somebody chose it
    # Best effort: if it fails, ``smgov clone`` still finds the branch; a plain clone warns.
    git.run_full(*other, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
