"""Git hooks that hold git at a known point until the test lets it go.

A test that needs git to be busy (a commit still running, a rebase under way) installs a
`HookGate`: the hook says it has started by writing a line to one FIFO, then blocks reading a
line from another until the test calls `release()`. Ordering is by these two events, never by
a sleep; the test waits for the first with `select` (or checks it between `pilot.pause()`s).
"""

from __future__ import annotations

import os
import select
from pathlib import Path
from types import TracebackType


class HookGate:
    """A hook ``name`` in ``repo`` that blocks until `release()`, then runs ``then``."""

    def __init__(self, repo: Path, name: str, folder: Path, then: str = "") -> None:
        self.hook = repo / ".git" / "hooks" / name
        self.started = folder / f"{name}.started"
        self.fifo = folder / f"{name}.gate"
        os.mkfifo(self.started)
        os.mkfifo(self.fifo)
        # Both held open for reading and writing, so the hook's opens never wait for the
        # other end: its write to `started` returns at once, its read of the gate waits
        # until `release` writes.
        self._started_fd = os.open(self.started, os.O_RDWR)
        self._fd: int | None = os.open(self.fifo, os.O_RDWR)
        self._seen = False
        self.hook.write_text(
            f'#!/bin/sh\necho started > "{self.started}"\nread _ < "{self.fifo}"\n{then}\n',
            encoding="utf-8",
        )
        self.hook.chmod(0o755)

    def wait_started(self, timeout: float = 0) -> bool:
        """Whether the hook has started, waiting up to ``timeout`` seconds for it to."""
        if not self._seen:
            ready, _, _ = select.select([self._started_fd], [], [], timeout)
            self._seen = bool(ready)
        return self._seen

    def has_started(self) -> bool:
        """Whether the hook has started (no wait: for `until` between `pilot.pause()`s)."""
        return self.wait_started(0)

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
            os.close(self._started_fd)
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
