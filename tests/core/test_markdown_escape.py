"""Every Markdown smgov writes (post-mortem report, handbook) keeps others' text inert.

Hostile values go into every text field that reaches Markdown; the output is parsed by a real
CommonMark + GFM parser (markdown-it-py, with GFM's tables, strikethrough and autolinks) and
must hold no raw HTML but smgov's own ``<br>``, no link and no image: smgov writes none.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from smgov_tui.cli import main
from smgov_tui.core import clock
from smgov_tui.core.crisis import Crisis
from smgov_tui.core.escape import md_block, md_cell, md_escape
from smgov_tui.core.model import EntriesById, Entry, WorkspaceData
from smgov_tui.core.report import report_markdown
from smgov_tui.export.handbook import render_markdown
from smgov_tui.store.incidents import Incidents
from smgov_tui.store.store import Store

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<div onmouseover=alert(1)>hover</div>",
    "[click](javascript:alert(1))",
    "![pic](javascript:alert(1))",
    "[ref][evil]\n[evil]: javascript:alert(1)",
    "<http://evil.example.com/x>",
    "<javascript:alert(1)>",
    "<evil@example.com>",
    "javascript:alert(1)",
    "see https://evil.example.com and www.evil.example.com or mail bob@evil.example.com",
    "//evil.example.com/x",
    "&lt;script&gt; &#60;b&#62; &#x6a;avascript:",
    "<!-- comment --> <?php ?> <![CDATA[x]]>",
    "# heading\n> quote\n- item\n1. one\n---\n***\n```\ncode\n```",
    "a | b\n--- | ---\nc | d",
    "`code` **bold** _em_ ~~strike~~ \\ back\\slash\\",
    "[^note]\n\n[^note]: javascript:alert(1)",
]


def parser() -> MarkdownIt:
    """CommonMark with GFM's tables, strikethrough and autolinks (www., schemes, e-mails).

    Bare domains (``evil.com``) are not linked: GFM does not link them either.
    """
    md = MarkdownIt("gfm-like")
    md.linkify.set({"fuzzy_link": False})
    return md


def walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        out.extend(walk(token.children or []))
    return out


def assert_inert(markdown: str) -> None:
    """No raw HTML but ``<br>``, no link, no image, in the parse and in the rendered HTML."""
    md = parser()
    tokens = walk(md.parse(markdown))
    raw = [t.content for t in tokens if t.type in ("html_block", "html_inline")]
    assert all(r.strip().lower() in ("<br>", "<br/>", "<br />") for r in raw), raw
    links = [t for t in tokens if t.type in ("link_open", "image")]
    assert not links, [t.attrs for t in links]
    rendered = md.render(markdown).lower()
    rendered = rendered.replace("<br>", "").replace("<br />", "")
    for tag in ("<script", "<img", "<a ", "<div", "<!--", "<?php"):
        assert tag not in rendered
    assert 'href="javascript' not in rendered


def hostile(value: Any, keep: frozenset[str] = frozenset()) -> Any:
    """``value`` with every string prefixed by a payload: the same string, the same payload.

    Equal strings stay equal (so an id still finds its record); fields named in ``keep``
    (enumerations the code dispatches on) are left as they are.
    """
    if isinstance(value, str):
        return PAYLOADS[sum(map(ord, value)) % len(PAYLOADS)] + " " + value
    if isinstance(value, list):
        return [hostile(v, keep) for v in value]
    if isinstance(value, dict):
        return {k: hostile(v, keep) for k, v in value.items()}
    if isinstance(value, msgspec.Struct):
        changes = {
            name: hostile(getattr(value, name), keep)
            for name in value.__struct_fields__
            if name not in keep
        }
        return msgspec.structs.replace(value, **changes)
    return value


# --- the escaping function --------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_inert_in_every_markdown_context(payload: str) -> None:
    assert_inert(md_block(payload))
    assert_inert(f"- **Label:** {md_escape(payload)}")
    assert_inert(f"# {md_escape(payload)}")
    assert_inert(f"| a | b |\n| --- | --- |\n| {md_cell(payload)} | x |")


def plain_text(markdown: str) -> str:
    """What a reader sees of one rendered paragraph."""
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    return html.unescape(rendered[3:-5])


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "\n" not in p])
def test_an_escaped_line_reads_exactly_as_written(payload: str) -> None:
    assert plain_text(md_escape(payload)) == payload


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            min_codepoint=0x20, max_codepoint=0x17F, blacklist_categories=("Cc", "Cs", "Zs")
        )
        | st.sampled_from(list(" `*_[]<>&#!|~\\:/@=+-.()0123456789")),
        min_size=1,
    ).filter(lambda s: s.strip() == s and s.strip())
)
def test_any_line_reads_exactly_as_written(text: str) -> None:
    escaped = md_escape(text)
    assert plain_text(escaped) == text
    assert_inert(escaped)


def test_ordinary_text_stays_readable() -> None:
    for text in (
        "@tienda_sur",
        "+34 600 123 456",
        "snake_case_name",
        "Tom & Jerry",
        "C:\\Users\\ana",
        "3 > 2, 50% off!",
        "#hashtag in a sentence",
        "Q&A: what (and why)?",
    ):
        assert md_escape(text) == text


# --- the post-mortem report -------------------------------------------------------------------


def test_report_markdown_keeps_hostile_text_inert_in_every_field(store: Store) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high", title=PAYLOADS[0])
    current = incidents.act(current, "note", PAYLOADS[3])
    current = incidents.act(current, "done")
    current = incidents.act(current, "skipped", PAYLOADS[1])
    current = incidents.act(current, "escalated")
    current = incidents.close(current, PAYLOADS[14], PAYLOADS[5])
    crisis = current.crisis
    # every string of the playbook and of the incident (authors, step titles, severities...)
    bad = Crisis(
        hostile(crisis.playbook),
        hostile(crisis.incident, keep=frozenset({"action", "status"})),
    )
    text = report_markdown("x", bad, ZoneInfo("Europe/Madrid"))
    assert_inert(text)
    assert "alert(1)" in text  # the text is there, as text
    rows = [t for t in parser().parse(text) if t.type == "tr_open"]
    assert len(rows) == len(bad.incident.log) + 1  # one row each, plus the header


def test_cli_report_markdown_has_no_raw_html_or_links(ws: Path, store: Store) -> None:
    incidents = Incidents(store)
    current = incidents.create("hacked-account", "high", title="<img src=x onerror=alert(1)>")
    current = incidents.act(current, "note", "[x](javascript:alert(1)) <script>alert(2)</script>")
    incidents.close(current, "<b>raw</b> <http://evil.example.com>", "[r]: javascript:alert(3)")
    result = CliRunner().invoke(main, ["incident", "report", current.id, str(ws)])
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    rendered = parser().render(result.output)
    for shown in ("&lt;img src=x", "&lt;script&gt;", "&lt;b&gt;raw", "[x](javascript:"):
        assert shown in rendered  # the text is there, as text


# --- the handbook -----------------------------------------------------------------------------


def hostile_workspace(data: WorkspaceData) -> WorkspaceData:
    """``data`` with every string of every record made hostile (ids keep finding records)."""
    out = WorkspaceData(meta=hostile(data.meta) if data.meta else None)
    for kind, by_id in data.entries.items():
        entries = EntriesById()
        for rid, entry in by_id.items():
            record = hostile(entry.record) if entry.record is not None else None
            entries[rid] = Entry(entry.kind, rid, entry.path, entry.text, entry.raw, record)
        out.entries[kind] = entries
    return out


def test_handbook_markdown_keeps_hostile_text_inert_in_every_field(store: Store) -> None:
    text = render_markdown(hostile_workspace(store.data), clock.today())
    assert_inert(text)
    assert text.count("alert(1)") > 20


def test_handbook_table_cell_keeps_pipes_and_lines_in_the_cell() -> None:
    cell = md_cell("a | b\nc")
    table = parser().render(f"| h |\n| --- |\n| {cell} |")
    assert table.count("<td>") == 1 and "a | b<br>c" in table


def test_handbook_keeps_ordinary_values_readable(store: Store) -> None:
    text = render_markdown(store.data, dt.date(2026, 11, 22))
    for account in store.data.accounts.values():
        if "_" not in account.handle.strip("_"):
            assert account.handle in text
