"""What each network lets one post hold: its length, how it counts characters, and how many
hashtags and mentions it takes. One table, read by the draft check (:mod:`core.draft`).

Sources, as of December 2026, and what is approximated (say so to people who ask):

- X: 280 "weighted" characters (X help centre, "Counting characters"; the open-source
  ``twitter-text`` v3 configuration). Every link counts as 23 characters (t.co), whatever its
  length; code points outside Latin, Greek, Cyrillic, Hebrew, Arabic and some punctuation
  (Chinese, Japanese, Korean, emoji) count as 2. We treat an emoji sequence (with its skin tone,
  joiners and variation selectors) as one emoji of weight 2, as ``twitter-text`` does; a bare
  domain without ``http``/``www`` is counted letter by letter, where X would count 23. Premium
  accounts' long posts (25,000) are not modelled.
- Bluesky: 300 graphemes (``app.bsky.feed.post`` lexicon, ``maxGraphemes``). Python has no
  grapheme segmentation without a library; we group a character with its combining marks,
  joiners, variation selectors, skin tones and flag pairs, which covers text and emoji.
- Threads: 500 characters and one topic tag per post (Threads help centre).
- Instagram: a caption of 2,200 characters, at most 20 mentions, and 5 hashtags (Instagram
  lowered it from 30 in December 2025; check the app if in doubt).
- LinkedIn: 3,000 characters in a post (LinkedIn help).
- TikTok: a caption of 4,000 characters (raised from 2,200 in 2024).
- Facebook: 63,206 characters in a post.
- YouTube: the 5,000-character description; over 60 hashtags YouTube ignores them all
  (YouTube help, "Hashtag policies"). Titles (100) are not checked.
- Pinterest: a Pin description of 500 characters.
- Telegram: a message of 4,096 characters (a photo's caption: 1,024; not modelled).
- WhatsApp: a message of 65,536 characters (a Status: 700; not modelled).
- Mastodon: 500, the default of mastodon.social; every server sets its own. Links count as 23
  and a mention as its user name only (``@ana@example.social`` counts as ``@ana``).
- Twitch: a chat message of 500 characters.
- Blog and other: no limit.

Everywhere else a character is a Unicode code point after NFC normalisation, which is what
most networks count for Latin text; an emoji may count as 2 where we count 1 or more.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from smgov_tui.i18n import _

Counting = Literal["chars", "weighted", "graphemes", "mastodon"]
"""How a network counts a post's length: code points; X's weights (links 23, wide 2);
grapheme clusters; code points with links as 23 and mentions by user name."""


@dataclass(frozen=True)
class NetworkLimits:
    """What one post may hold on a network (None: no limit)."""

    network: str
    """The ``network`` value of an account."""
    name: str
    """The network's own name, as people write it."""
    max_length: int | None
    counting: Counting = "chars"
    max_hashtags: int | None = None
    max_mentions: int | None = None
    source: str = ""
    """Where the figures come from (and what is approximated)."""


LIMITS: dict[str, NetworkLimits] = {
    row.network: row
    for row in (
        NetworkLimits(
            "x",
            "X",
            280,
            "weighted",
            source="X help 'Counting characters'; twitter-text v3 (links 23, wide characters 2)",
        ),
        NetworkLimits(
            "bluesky",
            "Bluesky",
            300,
            "graphemes",
            source="app.bsky.feed.post maxGraphemes; graphemes approximated",
        ),
        NetworkLimits(
            "threads", "Threads", 500, max_hashtags=1, source="Threads help: 500, one topic tag"
        ),
        NetworkLimits(
            "instagram",
            "Instagram",
            2200,
            max_hashtags=5,
            max_mentions=20,
            source="Instagram help: caption 2,200, 20 mentions; 5 hashtags since Dec 2025",
        ),
        NetworkLimits("linkedin", "LinkedIn", 3000, source="LinkedIn help: post 3,000"),
        NetworkLimits("tiktok", "TikTok", 4000, source="TikTok: caption 4,000 since 2024"),
        NetworkLimits("facebook", "Facebook", 63206, source="Facebook: post 63,206"),
        NetworkLimits(
            "youtube",
            "YouTube",
            5000,
            max_hashtags=60,
            source="YouTube help: description 5,000; over 60 hashtags all are ignored",
        ),
        NetworkLimits("pinterest", "Pinterest", 500, source="Pinterest: Pin description 500"),
        NetworkLimits("telegram", "Telegram", 4096, source="Telegram: message 4,096"),
        NetworkLimits("whatsapp", "WhatsApp", 65536, source="WhatsApp: message 65,536"),
        NetworkLimits(
            "mastodon",
            "Mastodon",
            500,
            "mastodon",
            source="mastodon.social default 500 (each server sets its own); links 23",
        ),
        NetworkLimits("twitch", "Twitch", 500, source="Twitch: chat message 500"),
        NetworkLimits("blog", "Blog", None, source="no limit"),
        NetworkLimits("other", "Other", None, source="no limit"),
    )
}
"""Every network of :data:`records.NETWORKS`, by its value (a test checks none is missing)."""


def limits_for(network: str) -> NetworkLimits:
    """The row of ``network``; a value the format does not know has no limits."""
    return LIMITS.get(network) or NetworkLimits(network, network, None, source="unknown")


URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
"""A link as the networks recognise one in text (with its scheme, or starting www.)."""

_TRAILING = ".,;:!?)]}'\"»”’"


def urls(text: str) -> list[tuple[int, int]]:
    """Where the links of ``text`` are (start, end), a trailing full stop or bracket left out."""
    found: list[tuple[int, int]] = []
    for match in URL_RE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        found.append((start, end))
    return found


MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(@[\w.-]+)?")
"""``@handle`` (dots allowed, as in Bluesky's ``@x.bsky.social``; ``@user@server`` on
Mastodon); an e-mail address is not a mention (a word character before the ``@``)."""

HASHTAG_RE = re.compile(r"(?<![\w&#/])#(\w*[^\W\d_]\w*)")
"""``#Tag`` with letters of any language; ``#1`` (a number) and ``a#b`` are not hashtags."""


def _joins(char: str) -> bool:
    """True for what belongs to the character before it in one grapheme: a combining mark, a
    variation selector, a skin tone, a keycap or tag character."""
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or code == 0x20E3
        or 0xE0020 <= code <= 0xE007F
        or unicodedata.category(char) == "Mn"
    )


def clusters(text: str) -> list[str]:
    """``text`` cut into approximate grapheme clusters (see the module's note)."""
    out: list[str] = []
    joined = False
    for char in text:
        code = ord(char)
        if out and (joined or _joins(char)):
            out[-1] += char
            joined = False
        elif code == 0x200D and out:
            out[-1] += char
            joined = True
        elif (
            0x1F1E6 <= code <= 0x1F1FF
            and out
            and len(out[-1]) == 1
            and 0x1F1E6 <= ord(out[-1]) <= 0x1F1FF
        ):
            out[-1] += char  # the second regional indicator of a flag
        else:
            out.append(char)
    return out


def _x_weight(cluster: str) -> int:
    """X's weight of one cluster: 1 for the ranges twitter-text counts light, else 2; an emoji
    sequence is 2 as a whole."""
    if len(cluster) > 1 and any(ord(c) > 0x2FFF for c in cluster):
        return 2
    code = ord(cluster[0])
    light = (
        code <= 0x10FF
        or 0x2000 <= code <= 0x200D
        or 0x2010 <= code <= 0x201F
        or 0x2032 <= code <= 0x2037
    )
    return (1 if light else 2) + sum(1 if ord(c) <= 0x10FF else 2 for c in cluster[1:])


def post_length(text: str, counting: Counting) -> int:
    """The length of ``text`` as a network that counts this way sees it."""
    text = unicodedata.normalize("NFC", text)
    if counting == "chars":
        return len(text)
    if counting == "graphemes":
        return len(clusters(text))
    spans = urls(text)
    rest: list[str] = []
    last = 0
    for start, end in spans:
        rest.append(text[last:start])
        last = end
    rest.append(text[last:])
    if counting == "mastodon":
        plain = "".join(rest)
        plain = MENTION_RE.sub(lambda m: "@" + m.group(1), plain)
        return len(plain) + 23 * len(spans)
    return sum(_x_weight(c) for part in rest for c in clusters(part)) + 23 * len(spans)


def counting_note(counting: Counting) -> str:
    """How a network counts, in a few words for a finding; empty for plain characters."""
    if counting == "weighted":
        return _("links count as 23, emoji and Chinese, Japanese or Korean characters as 2")
    if counting == "graphemes":
        return _("an emoji counts as 1")
    if counting == "mastodon":
        return _("links count as 23")
    return ""
