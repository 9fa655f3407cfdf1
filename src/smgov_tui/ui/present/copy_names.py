"""The id and name a duplicate starts with: ``X (copy)`` as ``x-copy``, then ``x-copy-2``.

A copy of a copy is numbered, not copied twice: duplicating ``x-copy`` (``X (copy)``) offers
``x-copy-2`` (``X (copy 2)``), never ``x-copy-copy``. Ids stay valid slugs of at most 64
characters. Pure functions (no Textual), tested directly.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from smgov_tui.core.slug import MAX_LENGTH
from smgov_tui.i18n import _

_ID_SUFFIX = re.compile(r"-copy(?:-\d+)?$")


def copy_id(source_id: str, taken: Collection[str]) -> str:
    """A free id for a copy of ``source_id``: ``<id>-copy``, else ``<id>-copy-2``, ``-3``..."""
    stem = _ID_SUFFIX.sub("", source_id) or source_id
    stem = stem[: MAX_LENGTH - len("-copy-999")].rstrip("-")
    base = f"{stem}-copy"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _name_forms() -> tuple[str, str]:
    return _("{name} (copy)"), _("{name} (copy {n})")


def _strip_copy(name: str) -> str:
    """``name`` without a copy marker at its end (``X (copy 2)`` -> ``X``)."""
    for template in _name_forms():
        before, _sep, after = template.partition("{name}")
        pattern = (
            re.escape(before) + "(?P<name>.+?)" + re.escape(after).replace(re.escape("{n}"), r"\d+")
        )
        found = re.fullmatch(pattern, name)
        if found:
            return found.group("name")
    return name


def copy_name(name: str, taken: Collection[str]) -> str:
    """A name for a copy of ``name`` that no other record has: ``X (copy)``, ``X (copy 2)``..."""
    stem = _strip_copy(name.strip())
    single, numbered = _name_forms()
    candidate, n = single.format(name=stem), 2
    while candidate in taken:
        candidate = numbered.format(name=stem, n=n)
        n += 1
    return candidate
