"""The handbook's listening section: what is watched, where, who and when, and the thresholds
with the playbook each opens (also under each playbook); user text escaped in both formats."""

from __future__ import annotations

import re

import html5lib

from smgov_tui.core import clock
from smgov_tui.core import kinds as k
from smgov_tui.core.escape import md_escape
from smgov_tui.export import export_handbook
from smgov_tui.export.handbook import render_markdown
from smgov_tui.store.store import Store

NASTY = '[bold]x[/] <script>alert(1)</script> [link="file:///etc/passwd"]y[/link] | *z* & co'


def _section(text: str, heading: str) -> str:
    """The text from ``heading`` to the next heading of its level."""
    level = heading.split(" ", 1)[0]
    start = text.index(heading + "\n")
    end = text.find(f"\n{level} ", start + len(heading))
    return text[start : end if end != -1 else None]


def _set_first_threshold(store: Store, signal: str) -> None:
    entry = store.data.entry(k.LISTENING, k.LISTENING.single_id)
    assert entry is not None
    thresholds = [dict(t) for t in entry.raw["thresholds"]]
    thresholds[0]["signal"] = signal
    store.save(k.LISTENING, entry.id, {**entry.raw, "thresholds": thresholds}, entry.text)


def test_the_handbook_lists_the_listening_protocol(store: Store) -> None:
    out = render_markdown(store.data, clock.today())
    assert "6. Listening protocol" in out
    section = _section(out, "## Listening protocol")
    assert "| María José Olmedo | executive |" in section
    assert "| Mercadona | competitor |" in section
    assert "- Google reviews of every shop" in section
    assert "- Who listens: Community manager" in section
    assert "- Start: 08:00 · End: 22:00" in section
    assert (
        "| more than 50 complaints about the same shop, product or order in 1 h | Viral complaint |"
        in section
    )
    viral = _section(out, "### Viral complaint")
    assert "#### Thresholds that open a crisis playbook" in viral
    assert "- more than 3 mentions of a possible food risk" in viral
    hacked = _section(out, "### Hacked account")
    assert "accounts: a single one is enough" in hacked


def test_the_listening_section_escapes_user_text(store: Store) -> None:
    _set_first_threshold(store, NASTY)
    out = render_markdown(store.data, clock.today())
    assert md_escape(NASTY) in out
    assert "\\<script>" in out and not re.search(r"(?<!\\)<script>", out)
    page = export_handbook(store, "html")
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert tree.findall(".//script") == []
    assert NASTY in " ".join("".join(tree.itertext()).split())


def test_a_workspace_without_listening_says_none(store: Store) -> None:
    (store.root / "protocols/listening.toml").unlink()
    store.load()
    section = _section(render_markdown(store.data, clock.today()), "## Listening protocol")
    assert section.split("\n\n")[1].strip() == "None."
