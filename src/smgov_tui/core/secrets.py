"""Is this a secret? One answer for ``smgov check``, commit messages and every export.

A workspace is shared with a whole team (and often a remote), so a password or a token must
never be written into it, never repeated in a commit subject and never copied into a handbook,
a spreadsheet or a post-mortem. :func:`looks_like_secret` decides, and everything asks it.

Two kinds of secrets are recognised:

* **Tokens and keys** with a known shape (a JWT, a Stripe ``sk_live_`` key, an AWS access key
  id, a GitHub or Slack token, a private key, ``https://user:password@host``...). These are
  found by detect-secrets' own plugins, kept up to date by its maintainers, plus the few shapes
  it does not know and a social-media team meets: Google ``AIza`` API keys and Facebook/Meta
  ``EAA`` access tokens (and the lenient OpenAI, GitHub and Slack forms smgov always caught).
* **A password written out in prose**, in English or Spanish: ``password: Tienda2024!``,
  ``la contraseña es gatito99``. Only a value with a digit or a symbol counts, so that
  ``the password is in the vault`` or ``palabra clave: escucha`` stay ordinary text.

Speed matters: ``check`` scans every line of every file of workspaces with thousands of
records, and almost no line can hold a secret. So :func:`secret_lines` first makes a few
byte-level passes over a whole file (each one a C loop): a run of :data:`MIN_RUN` letters and
digits (every token above has one), a ``://user:pass@`` URL, seven password words and two
markers (a private key, a Google key). Only the lines they pick are decided, each distinct
line once; the comment block every record of a kind starts with is scanned once; a file's
whole text is remembered, so checking again after a save scans one file. ``check`` hands every
file to :func:`scan_all` first, which looks over all the files joined: with those passes when
they are small, and in one pass of RE2 (a linear-time automaton, both halves at once on two
cores) from :data:`BULK` bytes on: a whole workspace of thousands of records. detect-secrets
itself (it pulls in requests: ~150 ms) is imported only for a line that one of its plugins
could flag (:data:`_PLUGIN_HINTS`), never when smgov starts.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import os
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

MIN_RUN = 20
"""Letters and digits in a row that make a string a candidate token (an AWS key id has 20)."""

_WORD_CHARS = bytes(
    0x61 if chr(i).isascii() and chr(i).isalnum() else 0x20 for i in range(256)
)  # every ASCII letter or digit becomes "a", anything else a space
_RUN = b"a" * MIN_RUN

# Lower-cased byte strings that make a line worth a closer look: the words that introduce a
# password, a secret or a token written out (``token: abc123``)...
_KEYWORDS = (b"passw", b"pwd", b"contrase", b"clave", b"secret", b"token", b"api")
# ...and the markers of keys that need not hold such a run: a private key's first line and a
# Google API key (base64 with - and _). Every search is one pass over the text: few, on purpose.
_MARKERS = (b"private key", b"aiza")
_AUTH_URL = re.compile(rb"://[^\s/@:]*:[^\s/@]*@")
_HEAD = re.compile(rb"(?:#[^\n]*(?:\n|\Z))*")  # the comment lines a file starts with

_PROSE = re.compile(
    r"(?i:\b(?:password|passwd|pwd|contraseña|contrasena|clave|secret|token|api[_ -]?key)\b)"
    r"\s*(?:[:=]|\bis\b|\bes\b)\s*[\"']?(?P<value>[^\s\"',;]{4,})"
)
# Shapes detect-secrets 1.5 does not know, or knows only in a stricter form than smgov always
# caught. Each holds a run of MIN_RUN letters and digits (an AIza key has its own marker), or
# the byte-level passes would not pick its line.
_TOKENS = re.compile(
    r"(?<![A-Za-z0-9])(?:AIza[0-9A-Za-z_-]{35}"  # Google API key
    r"|EAA[A-Za-z0-9]{30,}"  # Facebook / Meta access token
    r"|sk-[A-Za-z0-9_-]{20,}"  # OpenAI and similar
    r"|ghp_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
    r"|xox[abprs]-[A-Za-z0-9-]{10,})"
)


def _prose_secret(text: str) -> bool:
    """A keyword followed by a value with a digit or a symbol (not a link, a hashtag)."""
    for match in _PROSE.finditer(text):
        value = match.group("value").rstrip(".:!?)]")
        if len(value) < 4 or value.startswith(("#", "@", "http://", "https://")):
            continue
        if not value.isalpha():
            return True
    return False


def _has_run(data: bytes) -> bool:
    if _RUN in data.translate(_WORD_CHARS):
        return True
    return b"@" in data and _AUTH_URL.search(data) is not None


Detector = Callable[[str], Iterable[str]]


@functools.cache
def _detectors() -> tuple[Detector, ...]:
    """detect-secrets' shape-based plugins, imported on first use (they pull in requests).

    Left out on purpose: the keyword and high-entropy plugins (written for source code, they
    flag ordinary ids and prose), public IP addresses (not a secret) and the IBM/Cloudant/
    SoftLayer heuristics (keyword plus any hex string).
    """
    from detect_secrets.plugins.artifactory import ArtifactoryDetector
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
    from detect_secrets.plugins.basic_auth import BasicAuthDetector
    from detect_secrets.plugins.discord import DiscordBotTokenDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.plugins.mailchimp import MailchimpDetector
    from detect_secrets.plugins.npm import NpmDetector
    from detect_secrets.plugins.openai import OpenAIDetector
    from detect_secrets.plugins.private_key import PrivateKeyDetector
    from detect_secrets.plugins.pypi_token import PypiTokenDetector
    from detect_secrets.plugins.sendgrid import SendGridDetector
    from detect_secrets.plugins.slack import SlackDetector
    from detect_secrets.plugins.square_oauth import SquareOAuthDetector
    from detect_secrets.plugins.stripe import StripeDetector
    from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
    from detect_secrets.plugins.twilio import TwilioKeyDetector

    plugins = (
        ArtifactoryDetector,
        AWSKeyDetector,
        AzureStorageKeyDetector,
        BasicAuthDetector,
        DiscordBotTokenDetector,
        GitHubTokenDetector,
        GitLabTokenDetector,
        JwtTokenDetector,
        MailchimpDetector,
        NpmDetector,
        OpenAIDetector,
        PrivateKeyDetector,
        PypiTokenDetector,
        SendGridDetector,
        SlackDetector,
        SquareOAuthDetector,
        StripeDetector,
        TelegramBotTokenDetector,
        TwilioKeyDetector,
    )
    return tuple(plugin().analyze_string for plugin in plugins)


# What each enabled plugin's pattern starts with or must contain (a superset of what they
# match): a line with none of these cannot be flagged by them, so detect-secrets is not even
# imported for it (a YouTube channel id in a URL is a long mixed-case run, and common).
# tests/store/test_secrets.py checks every plugin's own kind of key against it.
_PLUGIN_HINTS = re.compile(
    r"eyJ|[rs]k_live_|A3T|ABIA|ACCA|AKIA|ASIA|(?i:aws)|gh[pousr]_|gl[a-z]{2,6}-|GR1348941"
    r"|(?i:xox|hooks\.slack\.com)|PRIVATE KEY|PuTTY-User-Key|T3BlbkFJ|SG\.|AC[a-z0-9]{32}"
    r"|SK[a-z0-9]{32}|[MNO][\w-]{23,25}\.|AKC|AP[\dA-F]|-us\d|_authToken|pypi-|AccountKey="
    r"|\d{8,10}:|sq0csp-|://[^\s/@]*:[^\s/@]*@"
)


def _token_secret(line: str) -> bool:
    if _TOKENS.search(line):
        return True
    if not _PLUGIN_HINTS.search(line):
        return False
    return any(next(iter(found(line)), None) for found in _detectors())


@functools.lru_cache(maxsize=1 << 16)
def looks_like_secret(text: str) -> bool:
    """True when ``text`` (a value, a line, a commit subject) holds a password or a token."""
    for line in text.splitlines():
        data = line.encode("utf-8", "surrogatepass")
        lowered = data.lower()
        token = _has_run(data) or any(marker in lowered for marker in _MARKERS)
        if not token and not any(word in lowered for word in _KEYWORDS):
            continue  # what secret_lines skips, this skips too: one answer everywhere
        if _prose_secret(line) or (token and _token_secret(line)):
            return True
    return False


def secret_lines(text: str) -> list[int]:
    """1-based numbers of the lines of ``text`` (a whole file) that hold a secret.

    The cheap tests run over the whole text at once; only the lines they pick are decided by
    :func:`looks_like_secret` (which remembers every string it has seen). The comment block at
    the top of a file is usually the same in every record of a kind: it is decided once. A
    whole text is remembered too: the app checks the workspace again after every save, and
    all but one file are the texts it has already seen (:func:`scan_all` fills the same memory).
    """
    found = _KNOWN.get(text)
    if found is None:
        found = _secret_lines(text)
        _remember(text, found)
    return list(found)


_KNOWN: dict[str, tuple[int, ...]] = {}
"""The secret lines of every text scanned, by text (a string keeps its hash: lookups are cheap)."""
_KNOWN_MAX = 1 << 17
"""Texts remembered at most (a 50,000-account workspace fits); past it, memory starts over."""


def _remember(text: str, found: tuple[int, ...]) -> None:
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[text] = found


def scan_all(texts: Iterable[str]) -> None:
    """Find the secret lines of many texts at once, so that :func:`secret_lines` knows them.

    ``check`` asks about every file of the workspace. Asking file by file costs a dozen
    Python-level passes per file; here the texts not yet known are joined (a newline between
    two files, so no line, run or word crosses from one file into the next) and looked over
    once (:func:`_candidate_lines`), :data:`CHUNK` files at a time. Only the lines picked cost
    Python work, and each distinct line is decided once (a text given twice is scanned twice:
    rarer than the cost of looking for it). The answer is the one :func:`secret_lines` gives
    file by file (tests/core/test_secret_scan.py compares both with a scan of every line).
    """
    todo = [text for text in texts if text not in _KNOWN] if _KNOWN else list(texts)
    if not todo:
        return
    bulk = sum(map(len, todo)) >= BULK  # RE2 for every chunk, the last and smallest too
    found: list[tuple[int, ...]] = []
    for at in range(0, len(todo), CHUNK):
        found += _scan_chunk(todo[at : at + CHUNK], bulk)
    if len(_KNOWN) + len(todo) > _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN.update(zip(todo, found, strict=True))


CHUNK = 2048
"""Files :func:`scan_all` looks over at a time (a 5,000-account workspace's 6,323 files in four
chunks of about 2 MB). A chunk's bytes stay in the processor's caches from its encoding to RE2,
and a scan's memory stays a few megabytes whatever the workspace: at 50,000 accounts, joining
every file at once took some 120 MB of fresh memory (a page fault each 4 KiB). Measured, in one
process, against the whole workspace at once: 8.9 -> 7.7 ms at 5,000 accounts and 111 -> 87 ms
at 50,000. Scanning one chunk on a second thread while the next is cut saved under 10 %, and
only with the interpreter's switch interval lowered for everyone: not done."""


def _scan_chunk(todo: list[str], bulk: bool) -> list[tuple[int, ...]]:
    """The secret lines of each of ``todo``, looked over joined (RE2 when ``bulk``).

    The comment block each file starts with is left out of the joined text and decided once per
    distinct block (:func:`_cut_heads`). A picked line is placed in its file by the files' sizes,
    only when it holds a secret (almost never): no file's offset is computed otherwise.
    """
    try:
        encoded = list(map(str.encode, todo))
    except UnicodeEncodeError:  # a lone surrogate: it passes through, as it came
        encoded = list(map(_ENCODE, todo))
    bodies, shifts, found = _cut_heads(encoded)  # found: each head's lines, until a body adds one
    del encoded  # the bodies are copies: the next chunk reuses this memory
    blob = b"\n".join(bodies)
    decided: dict[bytes, bool] = {}
    starts: list[int] = []  # where each body begins in the blob, once needed
    for begin in _candidate_lines(blob, bulk):
        end = blob.find(b"\n", begin)
        text_line = blob[begin : None if end == -1 else end]
        secret = decided.get(text_line)
        if secret is None:
            secret = decided[text_line] = looks_like_secret(
                text_line.decode("utf-8", "surrogatepass")
            )
        if secret:
            if not starts:
                sizes = map(operator.add, map(len, bodies), itertools.repeat(1))
                starts = list(itertools.accumulate(sizes, initial=0))
            index = bisect.bisect_right(starts, begin) - 1
            line = shifts[index] + blob.count(b"\n", starts[index], begin) + 1
            found[index] = (*found[index], line)
    return found


_ENCODE = operator.methodcaller("encode", "utf-8", "surrogatepass")
"""A text's bytes, as the scan reads them (a lone surrogate passes through, as it came)."""


def _cut_heads(texts: list[bytes]) -> tuple[list[bytes], list[int], list[tuple[int, ...]]]:
    """Each text without the comment block it shares with the texts after it, and that block's
    newlines and secret lines (decided once per distinct block), in three lists.

    The files of a kind come together and share their block, so the texts are cut in runs: the
    first text's block is found, and the run of texts that start with it is cut in C loops
    (``takewhile`` over ``startswith`` from where the run starts, then a slice each). A block no
    other text shares (a file that names its account in its first comment) is left in its body:
    cutting it would cost a scan of its own. A text that starts with the block and then more
    comment lines keeps them in its body: they are scanned there, on the lines they really
    have. Copies, not memoryviews: the collector tracks views, and a hundred thousand of them
    beside a loaded 50,000-account workspace set off full collections that cost far more than
    the copies.
    """
    bodies: list[bytes] = []
    shifts: list[int] = []
    lines: list[tuple[int, ...]] = []
    at = 0
    while at < len(texts):
        text = texts[at]
        head = text[: _HEAD.match(text).end()]  # type: ignore[union-attr]  # matches ""
        count = 0
        if head.endswith(b"\n"):
            starts_so = operator.methodcaller("startswith", head)
            following = map(texts.__getitem__, range(at + 1, len(texts)))
            count = len(list(itertools.takewhile(starts_so, following)))
        if not count:  # no block, or one no other text shares: scanned in the body
            bodies.append(text)
            shifts.append(0)
            lines.append(())
            at += 1
            continue
        count += 1
        bodies += map(operator.itemgetter(slice(len(head), None)), texts[at : at + count])
        shifts += itertools.repeat(head.count(b"\n"), count)
        lines += itertools.repeat(_scan_cached(head), count)
        at += count
    return bodies, shifts, lines


def _candidate_lines(data: bytes, bulk: bool) -> list[int]:
    """Where each line of ``data`` that a byte-level pass picks begins, in order, once each
    (found by RE2 when ``bulk``, by the byte passes otherwise)."""
    starts = _picked_in_one_pass(data) if bulk else _picked_by_passes(data)
    return sorted({data.rfind(b"\n", 0, start) + 1 for start in starts})


BULK = 1 << 19
"""Characters of files (bytes, of one file alone) from which :func:`_picked_in_one_pass` picks
the lines instead of the byte passes: RE2's import (about 2.5 ms) pays for itself from a few
hundred kilobytes (the 5,000-account workspace is 6 MB of files, 3 MB without their comment
blocks). A workspace of a few dozen files never imports it."""


def _picked_by_passes(data: bytes) -> set[int]:
    """Where a pass finds something in ``data``: one pass per word, each a C loop, so a few
    passes over a small text cost less than importing anything."""
    starts: set[int] = set()
    words = data.translate(_WORD_CHARS)
    at = words.find(_RUN)
    while at != -1:
        starts.add(at)
        end = words.find(b" ", at)
        at = -1 if end == -1 else words.find(_RUN, end)
    if b"@" in data:
        starts.update(m.start() for m in _AUTH_URL.finditer(data))
    lowered = data.lower()
    for word in _KEYWORDS + _MARKERS:
        at = lowered.find(word)
        while at != -1:
            starts.add(at)
            end = lowered.find(b"\n", at)
            at = -1 if end == -1 else lowered.find(word, end)
    return starts


def _picked_in_one_pass(data: bytes) -> set[int]:
    """Where :func:`_picked_by_passes` finds something, found in one pass over ``data``.

    Eleven passes over a whole workspace cost about 8 ms a megabyte; RE2 (a linear-time
    automaton) looks for every word, run and URL at once, about 1.3 ms a megabyte. Python's own
    ``re`` is slower than the passes at this: it tries the alternatives at every position. A
    match never crosses a line (no part of the pattern takes a newline), so a line holds a match
    exactly when a pass finds something in it (tests/core/test_secret_scan.py compares both).
    """
    pattern = _one_pass()
    middle = data.find(b"\n", len(data) // 2) + 1  # 0: no newline after the middle
    if not middle or (os.cpu_count() or 1) < 2:
        return {match.start() for match in pattern.finditer(data)}
    # RE2 lets go of the interpreter while it reads: two halves, two cores, half the wait.
    # No match crosses a newline, so the halves find what the whole would.
    first: set[int] = set()
    worker = threading.Thread(
        target=lambda: first.update(match.start() for match in pattern.finditer(data, 0, middle)),
        name="smgov-secret-scan",
    )
    worker.start()
    second = {match.start() for match in pattern.finditer(data, middle)}
    worker.join()
    return first | second


@functools.cache
def _one_pass() -> Any:
    """The pattern of every pass at once, compiled on the first large scan.

    Latin-1 mode reads the text as bytes, as the passes do: ``(?i)`` then folds ASCII letters
    only (``bytes.lower``), and every byte of a UTF-8 character is one "character" for the
    URL's classes. The classes spell out Python's ``\\s`` (RE2's has no vertical tab).
    """
    import re2

    words = b"|".join(re.escape(word) for word in _KEYWORDS + _MARKERS)
    blank = rb"\t\n\v\f\r "
    pattern = b"".join(
        (
            rb"(?i:" + words + rb")",
            rb"|[A-Za-z0-9]{%d}" % MIN_RUN,
            rb"|://[^" + blank + rb"/@:]*:[^" + blank + rb"/@]*@",
        )
    )
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    return re2.compile(pattern, options)


def _secret_lines(text: str) -> tuple[int, ...]:
    data = text.encode("utf-8", "surrogatepass")
    head = _HEAD.match(data).end()  # type: ignore[union-attr]  # it matches the empty string
    found = list(_scan_cached(data[:head])) if head else []
    if head < len(data):
        shift = data.count(b"\n", 0, head)
        found += [shift + line for line in _scan(data[head:])]
    return tuple(found)


@functools.lru_cache(maxsize=256)
def _scan_cached(data: bytes) -> tuple[int, ...]:
    return tuple(_scan(data))


def _scan(data: bytes) -> list[int]:
    found: list[int] = []
    for begin in _candidate_lines(data, len(data) >= BULK):
        end = data.find(b"\n", begin)
        line = data[begin : None if end == -1 else end]
        if looks_like_secret(line.decode("utf-8", "surrogatepass")):
            found.append(data.count(b"\n", 0, begin) + 1)
    return found


def redact(text: str, marker: str = "[withheld]") -> str:
    """``text`` with every secret in it replaced by ``marker``: the last guard on a commit
    message. Words are read left to right; the word that makes the line a secret (the token,
    or the value after ``password:``) is replaced, and the reading goes on."""
    if not looks_like_secret(text):
        return text
    lines = []
    for line in text.split("\n"):
        kept: list[str] = []
        for word in line.split(" "):
            if looks_like_secret(word) or looks_like_secret(" ".join([*kept, word])):
                word = marker
            kept.append(word)
        lines.append(" ".join(kept))
    return "\n".join(lines)
