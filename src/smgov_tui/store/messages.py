"""Commit messages that name the action and the record: ``accounts: set owner of x to y``.

Its own module (pure: no file, no git) because both the store's saves and the pending-change
settling (``store.pending``, which the store imports) word their commits with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from smgov_tui.core import kinds as k
from smgov_tui.core.secrets import looks_like_secret


def _fmt(value: Any) -> str:
    if isinstance(value, str):
        return (
            value if len(value) <= 40 and "\n" not in value else value[:37].split("\n")[0] + "..."
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def commit_message(kind: k.Kind, record_id: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """A commit message naming the action and the record: ``accounts: set owner of x to y``.

    A value that looks like a secret is never repeated: the history is shared with the whole
    team and every clone, so ``set notes of x to sk_live_...`` becomes ``update notes of x``.
    """
    changed = [key for key in new if old.get(key) != new[key]]
    removed = [key for key in old if key not in new]
    subject = kind.name if kind.is_single else f"{record_id}"
    of = "" if kind.is_single else f" of {subject}"
    if len(changed) == 1 and not removed:
        key = changed[0]
        value = new[key]
        if value == "":
            return f"{kind.name}: clear {key}{of}"  # not "set phone of x to" (nothing)
        if isinstance(value, (str, int, float, bool, dt.date)) and not (
            isinstance(value, str)
            and ("\n" in value or len(value) > 40 or looks_like_secret(value))
        ):
            return f"{kind.name}: set {key}{of} to {_fmt(value)}"
        return f"{kind.name}: update {key}{of}"
    if removed and not changed and len(removed) == 1:
        return f"{kind.name}: clear {removed[0]}{of}"
    fields = ", ".join(sorted(changed + removed))
    target = subject if not kind.is_single else kind.name
    if kind.is_single:
        return f"{kind.name}: update {fields}"
    return f"{kind.name}: update {target} ({fields})"
