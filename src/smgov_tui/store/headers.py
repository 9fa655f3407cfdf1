"""The explanatory comments at the top of a new record file: the sample's own.

Every file of the sample opens with a few ``#`` lines saying what the file is and what each
field means (and a ``#:schema`` line for editors). A record made in the app, imported from a
sheet or opened by crisis mode gets the same lines, in the workspace's language, so a person
who opens it by hand finds the same help as in the files the sample came with. The lines are
read from the packaged sample (one file per kind, the first by name), once per kind and
language: one small read, then a cache.
"""

from __future__ import annotations

import functools

from smgov_tui.core import kinds as k
from smgov_tui.store.errors import StoreError
from smgov_tui.store.template import template_dir


def header_for(kind: k.Kind, language: str) -> str:
    """The sample's comment lines for a new ``kind`` file in ``language`` ("" when none).

    Only the leading run of ``#`` lines of the sample's file is taken (never its data); a
    language without a sample falls back to English, and an installation without the
    sample to no header (the file is still valid: the comments are help, not data).
    """
    if kind.is_single:
        return ""  # a single file exists from init on; it is never new
    return _header(kind.name, language if language in ("es", "en") else "en")


@functools.cache
def _header(kind_name: str, language: str) -> str:
    kind = k.KINDS_BY_NAME[kind_name]
    try:
        folder = template_dir(language) / kind.folder
    except StoreError:
        return ""
    samples = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not samples:
        return ""
    lines: list[str] = []
    for line in samples[0].read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""
