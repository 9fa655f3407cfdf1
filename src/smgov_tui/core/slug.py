"""Ids are slugs: lower-case ASCII letters and digits joined by single hyphens."""

from __future__ import annotations

import re
import unicodedata

from smgov_tui.core.records import SLUG_PATTERN

_SLUG_RE = re.compile(SLUG_PATTERN)
MAX_LENGTH = 64


def is_slug(text: str) -> bool:
    """True when ``text`` is a valid id."""
    return len(text) <= MAX_LENGTH and bool(_SLUG_RE.match(text))


def slugify(text: str) -> str:
    """Turn any text (``Instagram Tienda Ñ``) into an id (``instagram-tienda-n``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_LENGTH].rstrip("-")
