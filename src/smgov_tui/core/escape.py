"""Text from others made inert for the place it lands: Markdown, a terminal, JSON, a spreadsheet.

A title, a note or a handle comes from a teammate, a cloned repository or an imported file, so
it is data: it must never become a link, a tag, an escape sequence or a formula in what smgov
writes. Each output has one function here, used by every writer of that output, so the rules
cannot drift apart. They escape only what is active in that output and keep ordinary text as it
reads (an ``@handle``, a ``+34`` phone, ``snake_case``, ``A & B``, ``C:\\Users``).
"""

from __future__ import annotations

import functools
import re

# --- Markdown (CommonMark + GFM tables, strikethrough and autolinks) -------------------------

# Always active inline: code spans, emphasis, links/images, raw HTML and autolinks, tildes.
_MD_ALWAYS = str.maketrans({c: "\\" + c for c in "`*[]<~"})


@functools.cache
def _markdown_rules() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """The backslash's pattern, then every other pattern with its replacement, in the order
    :func:`md_escape` applies them. Compiled on the first Markdown escape (an export, a crisis
    report): ``smgov check`` writes no Markdown, and compiling them took ~1 ms of its start."""
    # A backslash only escapes ASCII punctuation (or breaks the line at the end of one).
    backslash = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
    return backslash, (
        # An underscore emphasises only at a word's edge; inside a word (snake_case) it is
        # literal.
        (re.compile(r"_(?<![^\W_]_)|_(?![^\W_])"), r"\\_"),
        # An entity or numeric reference would be decoded: &lt; &#106; &#x3C;
        (re.compile(r"&(?=#?[0-9A-Za-z]+;)"), r"\\&"),
        # What GFM and linkify turn into links by themselves: a scheme's colon, www., an
        # email's @.
        (
            re.compile(
                r"(?i)(?<![0-9A-Za-z])(https?|ftp|javascript|vbscript|data|file|mailto|xmpp)"
                r"(:)(?=\S)"
            ),
            r"\1\\\2",
        ),
        (re.compile(r"(?i)(?<![0-9A-Za-z])(www)(\.)"), r"\1\\\2"),
        (re.compile(r"(?<![:/\\0-9A-Za-z])/(?=/[0-9A-Za-z-])"), r"/\\"),
        (re.compile(r"(?<=[0-9A-Za-z._%+-])@(?=[0-9A-Za-z-]+\.)"), r"\\@"),
        # What starts a block at the beginning of a line: an ATX heading, a quote, a bullet,
        # a setext underline or thematic break, a table's delimiter row. A ``#hashtag``, a
        # ``+34`` phone or a ``-5`` starts none, and stays as it is.
        (
            re.compile(
                r"^( {0,3})("
                r"#(?=#{0,5}(?:[ \t]|$))"
                r"|>"
                r"|[-+](?=[ \t]|$)"
                r"|-(?=[ \t]*-)"
                r"|=(?=[ \t=]*$)"
                r"|[|:\-](?=[ \t|:\-]*$)"
                r")"
            ),
            r"\1\\\2",
        ),
        # An ordered list marker ``1.`` ``1)``.
        (re.compile(r"^( {0,3}\d{1,9})([.)])(?=[ \t]|$)"), r"\1\\\2"),
    )


def md_escape(text: str) -> str:
    """One line of ``text`` that renders as that text in CommonMark and GitHub Markdown.

    Raw HTML, autolinks (``<http://...>``), links, images and reference definitions (``[x]:``),
    bare URLs, ``www.`` and e-mail addresses that GFM would link, entities, emphasis, code and
    the markers that start a block are backslash-escaped; other characters are left alone, so
    the source stays readable. Line breaks become spaces: use :func:`md_lines` for many lines.
    """
    text = " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
    backslash, rules = _markdown_rules()
    text = backslash.sub(r"\\\\", text).translate(_MD_ALWAYS)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def md_lines(text: str) -> list[str]:
    """Each line of ``text`` escaped with :func:`md_escape` (join them with a hard break)."""
    return [md_escape(line) for line in text.splitlines()]


def md_block(text: str) -> str:
    """Many lines of ``text`` as one Markdown paragraph, each line kept (hard line breaks)."""
    return "  \n".join(md_lines(text.strip()))


def md_cell(text: str) -> str:
    """``text`` as one cell of a pipe table: escaped, ``|`` escaped, lines joined by ``<br>``."""
    lines = [md_escape(line).replace("|", "\\|") for line in text.strip().splitlines()]
    return "<br>".join(lines) or " "


# --- Terminal -----------------------------------------------------------------------------------

# C0 controls but the newline, DEL, C1 controls (CSI, OSC... as single code points) and the
# bidirectional overrides and isolates that reorder what the eye reads.
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as ``\\x1b`` / ``\\u202e``, the newline kept.

    A value holding ``ESC ] 2 ; ... BEL`` would retitle the window, ``ESC [ 31 m`` recolour the
    terminal, OSC 52 write the clipboard, a right-to-left override hide what a line says; shown
    escaped, they are only text (in a terminal and in a CI log alike).
    """
    return _TERMINAL_UNSAFE.sub(_visible, text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps``) with DEL, C1 and bidi controls as ``\\u`` escapes.

    ``json.dumps`` already escapes C0 controls; with ``ensure_ascii=False`` it leaves the rest.
    Those characters can only occur inside JSON strings, where ``\\u009b`` means the same value.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- Spreadsheet (CSV) ------------------------------------------------------------------------

# A cell a spreadsheet evaluates starts with one of these (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# ...but a phone number (``+34 600 123 456``, ``-5``) is only digits and separators, and a
# handle (``@tienda_sur``, ``@ana.ruiz``, ``@ana@mastodon.social``) only a name: evaluated,
# neither can call a function (no parenthesis), reach another program (no ``|``) or another
# document (no ``!``), so they are written as they are and stay readable.
_PLAIN_NUMBER = re.compile(r"[+-][0-9 ().\-/]*[0-9][0-9 ().\-/]*")
_PLAIN_HANDLE = re.compile(r"@\w[\w.\-@]*")


def _formula_like(value: str) -> bool:
    if not value.startswith(_FORMULA_START):
        return False
    return not (_PLAIN_NUMBER.fullmatch(value) or _PLAIN_HANDLE.fullmatch(value))


def _needs_quote(value: str) -> bool:
    # A value that already starts with quotes before a formula gets one more, so that
    # csv_unquote takes exactly one off and every value comes back as it was.
    return _formula_like(value.lstrip("'"))


def csv_safe(value: str) -> str:
    """``value`` as a spreadsheet cell that is never evaluated: ``'`` before a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break is written with a
    leading ``'`` (a spreadsheet shows it as text), unless it is a plain phone number or a
    plain ``@handle``. A value that already starts with ``'`` before such a cell gets one more.
    :func:`csv_unquote` reverses it exactly.
    """
    return "'" + value if _needs_quote(value) else value


def csv_unquote(cell: str) -> str:
    """The value :func:`csv_safe` wrote as ``cell``: one leading ``'`` off before a formula.

    A cell without that ``'`` is taken as it is, even when it looks like a formula (smgov
    never evaluates it, and its next export quotes it).
    """
    return cell[1:] if cell.startswith("'") and _needs_quote(cell[1:]) else cell
