"""The git CLI, serialised: every git command of the store goes through ``Git.run``.

The CLI (not gitpython's index API) is used so that hooks, ``.gitattributes``, signing and the
user's configuration all apply. ``GIT_CEILING_DIRECTORIES`` keeps git from walking up into an
enclosing repository, and ``Git.open`` refuses a folder that is not the top of its own repo.
"""

from __future__ import annotations

import contextlib
import locale
import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import msgspec

from smgov_tui.core.secrets import redact
from smgov_tui.i18n import _
from smgov_tui.store.errors import (
    GitError,
    GitMissing,
    NotAWorkspace,
    OperationInProgress,
    StoreError,
)
from smgov_tui.store.gitfiles import (
    JOURNAL,
    git_dir,
    operation_in_progress,
    read_head,
    rebase_is_smgovs,
)


class Author(msgspec.Struct, frozen=True):
    """A person who makes commits."""

    name: str
    """Display name."""
    email: str
    """Email address."""

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @classmethod
    def parse(cls, text: str) -> Author:
        """Parse ``Name <email>``; raise ValueError with a clear message otherwise.

        ``Name <>`` is an author too: someone who gave crisis mode only their name signs with
        an empty e-mail, as git allows, and their log entries are read back the same way.
        """
        text = text.strip()
        if "<" in text and text.endswith(">"):
            name, _sep, email = text[:-1].partition("<")
            name, email = name.strip(), email.strip()
            if name and (not email or "@" in email) and not any(c in name + email for c in "<>\n"):
                return cls(name, email)
        raise ValueError(
            _(
                '"{text}" is not an author; write it as "Name <email>", '
                'e.g. "Ana Ruiz <ana@example.org>"'
            ).format(text=text)
        )


class Commit(msgspec.Struct, frozen=True):
    """One commit as shown in history."""

    sha: str
    """Full commit id."""
    author: str
    """Author name."""
    email: str
    """Author email."""
    date: str
    """Author date, ISO 8601 with offset."""
    subject: str
    """First line of the message."""


_LOG_FORMAT = "%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1e"
# One record's history: each commit starts with \x1e; the name-status lines of the commit
# (``--full-diff -M``, so a rename shows its old path) follow the last \x1f.
_PATH_LOG_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s%x1f"
_UNKNOWN_PATH = "did not match any file(s) known to git"
GRAPH_REFRESH_COMMITS = 64
"""Rewrite the commit-graph (incrementally) after this many commits made through the store."""


def base_env(root: Path) -> dict[str, str]:
    """The environment for git commands on the workspace at ``root``."""
    env = dict(os.environ)
    env["GIT_CEILING_DIRECTORIES"] = str(root.resolve().parent)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env["LC_ALL"] = "C"
    # Reading must write nothing: no opportunistic index refresh by ``git status`` and the like.
    env["GIT_OPTIONAL_LOCKS"] = "0"
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


class Git:
    """Runs git commands in one workspace, one at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._env = base_env(root)
        self._lock = threading.RLock()
        self._graph_checked = False
        self._commits_since_graph = 0
        self._git_folder: Path | None = None
        """The repository's git folder, found on first need."""
        self._clean_index: tuple[str, tuple[int, int, int]] | None = None
        """HEAD and the index file's identity right after a commit that left the index equal
        to HEAD: while both are unchanged, nothing is staged (any staging rewrites the file)."""

    @classmethod
    def open(cls, root: Path) -> Git:
        """Open the repository whose top level is exactly ``root``."""
        git = cls(root)
        if not (root / ".git").exists():
            raise NotAWorkspace(
                _("{root} is not a git repository of its own (no .git); run smgov init").format(
                    root=root
                )
            )
        top = git.run("rev-parse", "--show-toplevel").strip()
        if Path(top).resolve() != root.resolve():
            raise NotAWorkspace(
                _("{root} is inside another repository ({top}); refusing to work on it").format(
                    root=root, top=top
                )
            )
        return git

    @property
    def lock(self) -> threading.RLock:
        """Held while a command runs; hold it to run several commands as one unit."""
        return self._lock

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        check: bool = True,
        input: str | None = None,
    ) -> str:
        """Run ``git ARGS`` in the workspace and return its standard output."""
        result = self.run_full(*args, env=env, input=input)
        if check and result.returncode != 0:
            raise GitError(
                _("git {command} failed: {message}").format(
                    command=args[0], message=(result.stderr or result.stdout).strip()
                )
            )
        return result.stdout

    def run_full(
        self, *args: str, env: dict[str, str] | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``git ARGS`` and return the completed process, whatever its exit code."""
        data = None if input is None else input.encode(locale.getpreferredencoding(False))
        result = self._spawn(args, env, data)
        return subprocess.CompletedProcess(
            result.args,
            result.returncode,
            _text(result.stdout),
            _text(result.stderr),
        )

    def run_exact(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """``run_full`` with the output decoded as UTF-8 and no newline translation.

        For commands whose output is a file's text (``cat-file blob``, ``merge-file -p``): a
        CRLF file must come back with its ``\r\n``, and its byte-order mark, as on disk.
        """
        result = self._spawn(args, None, None if input is None else input.encode("utf-8"))
        return subprocess.CompletedProcess(
            result.args,
            result.returncode,
            result.stdout.decode("utf-8"),
            result.stderr.decode("utf-8", errors="replace"),
        )

    def run_bytes(self, *args: str, input: str | None = None) -> bytes:
        """``git ARGS``'s standard output as bytes, for output that holds many files' contents
        (``cat-file --batch``: sizes count bytes, and a file need not be UTF-8)."""
        result = self._spawn(args, None, None if input is None else input.encode("utf-8"))
        if result.returncode != 0:
            raise GitError(
                _("git {command} failed: {message}").format(
                    command=args[0], message=_text(result.stderr).strip()
                )
            )
        return result.stdout

    def _spawn(
        self, args: tuple[str, ...], env: dict[str, str] | None, data: bytes | None
    ) -> subprocess.CompletedProcess[bytes]:
        """The one place git is started: serialised by the lock, a missing git or folder said
        in a sentence (``run_full`` and ``run_exact`` differ only in how they decode)."""
        full_env = self._env if env is None else {**self._env, **env}
        with self._lock:
            try:
                return subprocess.run(
                    ["git", *args],
                    cwd=self.root,
                    env=full_env,
                    capture_output=True,
                    input=data,
                    stdin=None if data is not None else subprocess.DEVNULL,
                    check=False,
                )
            except FileNotFoundError as error:
                raise _not_found(error, self.root) from error
            except OSError as error:  # not permitted, not a program (ENOEXEC), no memory...
                raise StoreError(
                    _("Cannot run git in {root}: {error}").format(root=self.root, error=error)
                ) from error

    def _popen(
        self, args: tuple[str, ...], env: dict[str, str], new_session: bool = False
    ) -> subprocess.Popen[bytes]:
        """``git ARGS`` started with its output piped, or the store's one sentence on why
        git could not be started (not installed, not permitted)."""
        try:
            return subprocess.Popen(
                ["git", *args],
                cwd=self.root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=new_session,
            )
        except FileNotFoundError as error:
            raise _not_found(error, self.root) from error
        except OSError as error:
            raise StoreError(
                _("Cannot run git in {root}: {error}").format(root=self.root, error=error)
            ) from error

    def start(self, *args: str) -> Callable[[], subprocess.CompletedProcess[str]]:
        """Start ``git ARGS`` now; the function returned waits for it and gives what
        :meth:`run_full` would have (whatever the exit code).

        For a command that only reads, started before Python work that does not need its
        answer: git runs on another core meanwhile (``smgov check`` reads the merge driver's
        settings while it loads and checks the workspace). Not serialised by the lock, which
        keeps commands that write apart: never start one that writes.
        """
        process = self._popen(args, self._env)

        def finish() -> subprocess.CompletedProcess[str]:
            out, err = process.communicate()
            return subprocess.CompletedProcess(
                process.args, process.returncode, _text(out), _text(err)
            )

        return finish

    def run_network(
        self, *args: str, timeout: float, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a git command that talks to a remote (a background fetch), never prompting and
        never longer than ``timeout`` seconds.

        Why not ``run_full``: that holds the lock while git runs, and a fetch waiting on a slow
        network would hold every save behind it. A fetch only writes objects and
        ``refs/remotes/`` (git locks each ref it moves), so it may run beside a commit; the
        caller keeps fetches from overlapping a sync (``recovery.sync_lock``). Credentials are
        never asked for (``GIT_TERMINAL_PROMPT=0``, ssh ``BatchMode``, no askpass program),
        and on timeout the whole process group (git, ssh, a credential helper) is killed:
        the result then has return code -1 and says so in ``stderr``.
        """
        full_env = {**self._env, **(env or {})}
        full_env["GIT_TERMINAL_PROMPT"] = "0"
        full_env.pop("GIT_ASKPASS", None)
        full_env.pop("SSH_ASKPASS", None)
        ssh = full_env.get("GIT_SSH_COMMAND", "ssh")
        if "BatchMode" not in ssh:
            full_env["GIT_SSH_COMMAND"] = f"{ssh} -o BatchMode=yes"
        # its own process group: a timeout ends ssh and credential helpers too
        process = self._popen(args, full_env, new_session=True)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
            said = _("no answer from the remote within {seconds} s").format(seconds=int(timeout))
            return subprocess.CompletedProcess(process.args, -1, _text(out), said)
        return subprocess.CompletedProcess(process.args, process.returncode, _text(out), _text(err))

    def config(self, key: str) -> str:
        """A git config value as the repo sees it (local, global, system), or ''."""
        result = self.run_full("config", "--get", key)
        return result.stdout.strip() if result.returncode == 0 else ""

    @staticmethod
    def author_env(author: Author) -> dict[str, str]:
        """Environment that makes ``author`` the author and committer of a commit."""
        return {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": author.name,
            "GIT_COMMITTER_EMAIL": author.email,
        }

    def ensure_can_commit(self) -> None:
        """Raise OperationInProgress when a commit now could be lost or land in someone's work.

        A commit made while a rebase, merge, cherry-pick, revert or bisect is in progress, or
        while HEAD is on no branch, goes onto a detached HEAD or into the operation, and the
        next ``--abort`` or checkout drops it although the save said "Saved". Read from the
        ``.git`` files (no git process), so every save can ask.
        """
        if self._git_folder is None:
            self._git_folder = git_dir(self.root)
        folder = self._git_folder
        if folder is None:
            return
        state = operation_in_progress(folder)
        if state:
            raise OperationInProgress(state, self._in_progress_message(folder, state))

    def _in_progress_message(self, folder: Path, state: str) -> str:
        """What is in progress and the one command that ends it (only on a refusal)."""
        root = shlex.quote(str(self.root))
        if (state == "rebase" and rebase_is_smgovs(folder)) or (folder / JOURNAL).exists():
            return _(
                "An smgov sync of {root} is still running or was interrupted; nothing was "
                "saved. Once no sync is running, run smgov sync {root} to finish it (your "
                "commits are kept), then save again."
            ).format(root=root)
        if state == "bisect":
            return _(
                "A git bisect is in progress in {root}; nothing was saved. End it with "
                "git -C {root} bisect reset, then save again."
            ).format(root=root)
        if state == "detached":
            listed = self.run_full("for-each-ref", "--format=%(refname:short)", "refs/heads")
            branches = listed.stdout.split()
            branch = branches[0] if len(branches) == 1 else "BRANCH"
            return _(
                "HEAD is not on a branch in {root} (detached), so a commit could be lost; "
                "nothing was saved. Go back to your branch with git -C {root} switch {branch}, "
                "then save again."
            ).format(root=root, branch=branch)
        return _(
            "A git {state} is in progress in {root}; nothing was saved. Finish it in a "
            "terminal (git -C {root} {state} --continue, or git -C {root} {state} --abort to "
            "undo it), then save again."
        ).format(state=state, root=root)

    def commit_paths(
        self,
        paths: list[str],
        message: str,
        author: Author,
        new_files: bool = False,
        tracked: bool = False,
    ) -> None:
        """Commit ``paths`` (additions, changes, deletions) and only them, whatever else is staged.

        ``git commit --only -- PATHS`` stages tracked paths itself, so a change or a deletion
        is one git process. A path git does not know yet needs ``git add`` first: pass
        ``new_files=True`` when the caller knows one is new; otherwise the commit is tried and,
        if git knows a path not, the paths are added and the commit made again.

        With ``tracked=True`` the caller knows each path is a file git tracks (a record it
        read from the index): when nothing else is staged (the usual case) they are committed
        with ``git commit --include``, the same commit, but git builds no second index beside
        the real one (on 6,000 files, ~30 ms instead of ~45 ms, the check included).

        Whoever built ``message``, a secret in it never reaches the shared history.
        """
        message = redact(message)
        with self._lock:
            self.ensure_can_commit()
            if new_files:
                self.run("add", "-A", "--", *paths)
            if tracked and not new_files and self._only_these_change(paths):
                result = self._commit_including(paths, message, author)
                self._clean_index = self._index_state() if result.returncode == 0 else None
            else:
                self._clean_index = None
                result = self._commit_only(paths, message, author)
            if result.returncode != 0 and not new_files and _UNKNOWN_PATH in result.stderr:
                self.run("add", "-A", "--", *paths)
                result = self._commit_only(paths, message, author)
            if result.returncode != 0:
                raise GitError(
                    _("git {command} failed: {message}").format(
                        command="commit", message=(result.stderr or result.stdout).strip()
                    )
                )
            self._commits_since_graph += 1

    def _only_these_change(self, paths: list[str]) -> bool:
        """True when every path is a file in the work tree and the index stages nothing
        else: committing the index with ``paths`` included then commits exactly ``paths``
        (``paths`` must be tracked: an untracked one would not be included)."""
        if not all((self.root / path).is_file() for path in paths):
            return False
        if self._clean_index is not None and self._index_state() == self._clean_index:
            return True  # as the last commit left it: nothing staged since (no git process)
        excluded = [f":(exclude,literal){path}" for path in paths]
        result = self.run_full("diff", "--cached", "--quiet", "--no-ext-diff", "--", ".", *excluded)
        return result.returncode == 0

    def _index_state(self) -> tuple[str, tuple[int, int, int]] | None:
        """HEAD's commit and the index file's inode, size and mtime (git replaces the file
        whenever it writes it), or None when they cannot be read."""
        if self._git_folder is None:
            self._git_folder = git_dir(self.root)
        folder = self._git_folder
        if folder is None:
            return None
        try:
            info = (folder / "index").stat()
        except OSError:
            return None
        head = read_head(self.root, folder)
        if not head:
            return None
        return head, (info.st_ino, info.st_size, info.st_mtime_ns)

    def _commit_including(
        self, paths: list[str], message: str, author: Author
    ) -> subprocess.CompletedProcess[str]:
        return self.run_full(
            "commit", "-q", "-m", message, "--include", "--", *paths, env=self.author_env(author)
        )

    def _commit_only(
        self, paths: list[str], message: str, author: Author
    ) -> subprocess.CompletedProcess[str]:
        return self.run_full(
            "commit", "-q", "-m", message, "--only", "--", *paths, env=self.author_env(author)
        )

    def log(self, path: str | None = None, limit: int = 200) -> list[Commit]:
        """Commits, newest first, optionally those that touched ``path``.

        A record's history follows exact renames (``smgov`` renames records with ``git mv``)
        but not ``--follow``: that guesses copies among all files (``find-copies-harder``),
        and record files look so alike that a new account would inherit another's history.
        """
        if not path:
            result = self.run_full("log", f"-n{limit}", f"--format={_LOG_FORMAT}")
            if result.returncode != 0:
                return []  # a repository with no commits yet has no history
            return [
                Commit(*record.strip("\n").split("\x1f"))
                for record in result.stdout.split("\x1e")
                if record.strip("\n")
            ]
        self.ensure_commit_graph()
        commits: list[Commit] = []
        start = "HEAD"
        seen_paths = {path}
        while len(commits) < limit:
            result = self.run_full(
                "log",
                f"-n{limit - len(commits)}",
                f"--format={_PATH_LOG_FORMAT}",
                "--full-diff",
                "--name-status",
                "-M",
                start,
                "--",
                path,
            )
            if result.returncode != 0:
                break  # no commits yet, or the start of the history was reached
            renamed_from = ""
            for chunk in result.stdout.split("\x1e")[1:]:
                header, _sep, changes = chunk.rpartition("\x1f")  # a subject may hold \x1f
                sha, name, email, date, subject = header.split("\x1f", 4)
                commits.append(Commit(sha, name, email, date, subject))
                renamed_from = _renamed_from(changes, path)
            if not renamed_from or renamed_from in seen_paths or not commits:
                break
            seen_paths.add(renamed_from)
            start, path = f"{commits[-1].sha}^", renamed_from
        return commits[:limit]

    def ensure_commit_graph(self) -> None:
        """Keep git's commit-graph, with changed-path Bloom filters, for fast per-file logs.

        Without it ``git log -- path`` diffs the trees of every commit: with thousands of
        records and commits, most of a second per history. With it git skips the commits
        that cannot have touched the path. Written when missing (once, as long as ``git gc``
        would take) and incrementally (``--split``) after ``GRAPH_REFRESH_COMMITS`` commits.
        """
        with self._lock:
            if self._graph_checked and self._commits_since_graph < GRAPH_REFRESH_COMMITS:
                return
            if not self._graph_checked:
                info = Path(self.run("rev-parse", "--git-path", "objects/info").strip())
                info = info if info.is_absolute() else self.root / info
                self._graph_checked = True
                if (info / "commit-graph").exists() or (
                    info / "commit-graphs" / "commit-graph-chain"
                ).exists():
                    return
            # A cache only: when it cannot be written, logs are slower but still right.
            self.run_full("commit-graph", "write", "--reachable", "--changed-paths", "--split")
            self._commits_since_graph = 0

    def show(self, sha: str, path: str | None = None) -> str:
        """The patch of commit ``sha`` (limited to ``path`` when given)."""
        args = ["show", "--format=", "--patch", "--no-color", "--find-renames", sha]
        if path:
            args += ["--", path]
        return self.run(*args)

    def put_head_back(self, paths: list[str]) -> None:
        """Make ``paths`` what HEAD holds again, in the work tree and the index; a path HEAD
        does not have is removed. How a change no commit took is thrown away (a refused
        settlement, a stopped save the person chose not to keep). Raises GitError when git
        cannot check a file out."""
        listed = self.run_full("ls-tree", "-z", "--name-only", "HEAD", "--", *paths)
        in_head = set(listed.stdout.split("\0")) if listed.returncode == 0 else set()
        known = [path for path in paths if path in in_head]
        if known:
            self.run("checkout", "-q", "HEAD", "--", *known)
        for path in paths:
            if path not in in_head:
                self.run_full("rm", "-q", "--cached", "--ignore-unmatch", "--", path)
                (self.root / path).unlink(missing_ok=True)

    def branch(self) -> str:
        """Current branch name, or a short sha when detached."""
        result = self.run_full("symbolic-ref", "--short", "-q", "HEAD")
        if result.returncode == 0:
            return result.stdout.strip()
        return self.run_full("rev-parse", "--short", "HEAD").stdout.strip()


def _text(data: bytes) -> str:
    """git's output as ``text=True`` reads it: decoded, newlines translated."""
    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


def git_missing() -> GitMissing:
    """The error for a machine without git, with what to do."""
    return GitMissing(
        _(
            "git is not installed or not on PATH: smgov keeps the workspace in git and cannot "
            "work without it. Install git (https://git-scm.com/downloads) or add its folder to "
            "PATH, then run the command again."
        )
    )


def _not_found(error: FileNotFoundError, root: Path) -> StoreError:
    """What a FileNotFoundError from starting git means: no git, or no working folder."""
    if error.filename is not None and Path(str(error.filename)) == root:
        return StoreError(_("The folder {root} does not exist (any more).").format(root=root))
    return git_missing()


def _renamed_from(changes: str, path: str) -> str:
    """The old path when the ``--name-status`` lines ``changes`` rename something to ``path``."""
    for line in changes.splitlines():
        status, _tab, names = line.partition("\t")
        if status.startswith("R"):
            old, _tab, new = names.partition("\t")
            if new == path:
                return old
    return ""
