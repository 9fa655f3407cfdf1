""" "What changed" (:mod:`smgov_tui.core.digest`) as Markdown, self-contained HTML or plain text.

The digest's sentences are plain text holding teammates' words (titles, names, handles): each
is escaped for the format it lands in (:func:`~smgov_tui.core.escape.md_escape`,
``html.escape``), so nothing becomes a link, a tag or markup; a value that looks like a secret
shows as the "withheld" marker in the workspace's language, as in every export.
"""

from __future__ import annotations

import html

from smgov_tui.core.digest import Digest
from smgov_tui.core.escape import md_escape
from smgov_tui.core.withhold import reveal
from smgov_tui.i18n import translator

DIGEST_FORMATS = ("md", "html", "text")
"""The formats ``smgov digest --format`` writes."""


def _nothing(digest: Digest) -> str:
    _ = translator(digest.language)
    return _("Nothing in the plan changed in this time.")


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown: a title, the period, one heading and list per part."""
    out = [f"# {md_escape(digest.title)}", "", md_escape(digest.intro), ""]
    if digest.empty:
        out += [md_escape(_nothing(digest)), ""]
    for part in digest.parts:
        out += [f"## {md_escape(part.title)}", ""]
        out += [f"- {md_escape(line)}" for line in part.lines]
        out.append("")
    return "\n".join(out)


def render_text(digest: Digest) -> str:
    """The digest as plain text, for a terminal or an e-mail body."""
    out = [digest.title, "=" * len(digest.title), "", digest.intro, ""]
    if digest.empty:
        out += [_nothing(digest), ""]
    for part in digest.parts:
        out += [part.title, "-" * len(part.title)]
        out += [f"  • {line}" for line in part.lines]
        out.append("")
    return "\n".join(out)


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#222}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.6rem;"
    "border-bottom:1px solid #ddd}li{margin:.2rem 0}"
)


def render_html(digest: Digest) -> str:
    """The digest as one self-contained HTML page (no script, no outside resource, no link)."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(digest.language)}">',
        '<head><meta charset="utf-8">',
        f"<title>{e(digest.title)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>{e(digest.title)}</h1>",
        f"<p>{e(digest.intro)}</p>",
    ]
    if digest.empty:
        out.append(f"<p>{e(_nothing(digest))}</p>")
    for part in digest.parts:
        out.append(f"<h2>{e(part.title)}</h2>")
        out.append("<ul>")
        out += [f"<li>{e(line)}</li>" for line in part.lines]
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def render_digest(digest: Digest, fmt: str) -> tuple[str, int]:
    """The digest in ``fmt`` (md, html or text) and how many secret-looking values it left
    out (each shown as the marker, in the workspace's language)."""
    shown = translator(digest.language)("[withheld: looks like a secret]")
    if fmt == "md":
        return reveal(render_markdown(digest), shown, md_escape)
    if fmt == "html":
        return reveal(render_html(digest), shown, html.escape)
    if fmt == "text":
        return reveal(render_text(digest), shown)
    raise ValueError(f"unknown digest format {fmt!r}; use md, html or text")
