"""Git hooks that hold git at a known point until the test lets it go.

A test that needs git to be busy (a commit still running, a rebase under way) installs a
`HookGate`: the hook says it has started by creating a file, then blocks reading a line from
a FIFO until the test calls `release()`. Ordering is by these two events, never by a sleep.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType


class HookGate:
    """A hook ``name`` in ``repo`` that blocks until `release()`, then runs ``then``."""

    def __init__(self, repo: Path, name: str, folder: Path, then: str = "") -> None:
        self.hook = repo / ".git" / "hooks" / name
        self.started = folder / f"{name}.started"
        self.fifo = folder / f"{name}.gate"
        os.mkfifo(self.fifo)
        # Held open for reading and writing: the hook's open never waits for a writer, and
        # its read waits until `release` writes.
        self._fd: int | None = os.open(self.fifo, os.O_RDWR)
        self.hook.write_text(
            f'#!/bin/sh\n: > "{self.started}"\nread _ < "{self.fifo}"\n{then}\n',
            encoding="utf-8",
        )
        self.hook.chmod(0o755)

    def release(self) -> None:
        """Let the waiting hook (and any later run of it) go on."""
        if self._fd is not None:
            os.write(self._fd, b"go\n" * 64)

    def close(self) -> None:
        """Release and remove the hook, so no later git run blocks."""
        self.release()
        self.hook.unlink(missing_ok=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> HookGate:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
