"""Errors the store raises; each carries a message a person can act on."""

from __future__ import annotations

from smgov_tui.core.problems import Problem


class StoreError(Exception):
    """Base class: the operation did not happen and nothing was changed."""


class NotAWorkspace(StoreError):
    """The folder is not a smgov workspace (no workspace.toml, or not its own git repository)."""


class UnsafePath(StoreError):
    """A path or symlink would lead outside the workspace."""


class ConflictError(StoreError):
    """The file changed on disk since it was read; saving would overwrite someone's work."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


class ValidationFailed(StoreError):
    """The new data is not valid; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class AuthorMissing(StoreError):
    """No author is configured for commits."""


class GitError(StoreError):
    """A git command failed; the message includes what git said."""


class NotPutBack(StoreError):
    """A commit failed and putting the files back failed too: they hold the change, uncommitted.

    The message carries git's own error (why the commit failed) and names each file.
    """

    def __init__(self, message: str, paths: list[str]) -> None:
        super().__init__(message)
        self.paths = paths


class GitMissing(StoreError):
    """The git program cannot be found (not installed, or not on PATH): nothing can run."""


class OperationInProgress(StoreError):
    """git is in the middle of something (a rebase, merge, cherry-pick, revert, bisect, or HEAD
    on no branch): a commit now would land where the next ``--abort`` or checkout drops it, so
    nothing is written until it is finished. The message names it and the command that ends it."""

    def __init__(self, state: str, message: str) -> None:
        super().__init__(message)
        self.state = state
