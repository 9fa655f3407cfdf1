"""The draft check: a post, before it is published, against the network's limits, the
communication protocol and the account's own rules.

Pure and fast: no file, no git, no clock. The Draft screen runs it on every keystroke, so a
2,000-character post must take well under a frame (16 ms; ``bench/run.py`` measures it). The
patterns of a word list are compiled once per list (``functools.lru_cache``) and the text is
folded (lower case, no accents) once per check.

Rules, by code (``smgov draft check`` prints the code; ``--format json`` carries it):

- ``draft-too-long`` (error): longer than the network takes, counted as the network counts.
- ``draft-too-many-hashtags`` / ``draft-too-many-mentions`` (error): more than the network
  takes, or than the protocol's ``max_hashtags`` / ``max_mentions``.
- ``draft-banned-word`` (error): a word or phrase of the protocol's ``banned_words``.
- ``draft-sensitive-word`` (warning): a word of ``sensitive_words``, which point at a banned
  topic: a person reads the post again.
- ``draft-missing-hashtag`` (error): a hashtag the account's ``required_hashtags`` asks for.
- ``draft-no-official-hashtag`` (warning): a post (not a reply) without any official hashtag.
- ``draft-unknown-hashtag`` (warning): a hashtag that is not among the official ones.
- ``draft-language`` (warning): a paragraph in a language the account does not post in.
- ``draft-link-domain`` (warning): a link outside the protocol's ``link_domains``.
- ``draft-approved-phrase`` (warning): the post answers a complaint without an approved phrase;
  the closest ones are suggested.
- ``draft-account-inactive`` (warning): the account is paused or archived.

Words match as whole words, ignoring case and accents: ``gratis`` finds ``GRATIS`` and
``Grátis``, ``cura`` does not find ``procura``, a phrase matches across any spacing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from smgov_tui.core import records as r
from smgov_tui.core.labels import label, status_label
from smgov_tui.core.language import codes_of, detect, language_name
from smgov_tui.core.networks import (
    HASHTAG_RE,
    MENTION_RE,
    counting_note,
    limits_for,
    post_length,
    urls,
)
from smgov_tui.i18n import _, ngettext

Severity = Literal["error", "warning"]

RULE_CODES: tuple[str, ...] = (
    "draft-too-long",
    "draft-too-many-hashtags",
    "draft-too-many-mentions",
    "draft-banned-word",
    "draft-sensitive-word",
    "draft-missing-hashtag",
    "draft-no-official-hashtag",
    "draft-unknown-hashtag",
    "draft-language",
    "draft-link-domain",
    "draft-approved-phrase",
    "draft-account-inactive",
)
"""Every code a finding may carry (the module docstring says when each fires)."""


@dataclass(frozen=True)
class Finding:
    """One thing the draft check found: the rule, what in the post, and the limit."""

    code: str
    """One of :data:`RULE_CODES`."""
    severity: Severity
    rule: str
    """Where the rule comes from, as people read it: ``X``, ``communication protocol: banned
    words``, ``account x-olmedo: required hashtags``."""
    message: str
    """One sentence: what is wrong, the offending words and the limit."""
    words: tuple[str, ...] = ()
    """The offending words as written in the post (or the missing ones)."""
    limit: int | str | None = None
    """The limit broken (a number, or the allowed values in words)."""
    spans: tuple[tuple[int, int], ...] = ()
    """Where the offending words are in the post (start, end), for highlighting."""

    def to_json(self) -> dict[str, object]:
        """A plain dict for ``--format json``."""
        return {
            "code": self.code,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "words": list(self.words),
            "limit": self.limit,
            "spans": [list(span) for span in self.spans],
        }


@dataclass(frozen=True)
class DraftReport:
    """The findings on one post, with what was counted."""

    length: int
    """The post's length as its network counts it."""
    max_length: int | None
    hashtags: int
    mentions: int
    language: str | None
    """The language of the whole post, when the detector could tell."""
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity == "warning")


# --- folding: lower case, no accents, with the way back to the post's positions -------------


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=4096)
def _fold_cached(char: str) -> str:
    return _fold_char(char)


def fold(text: str) -> str:
    """``text`` in lower case without accents (``Grátis`` -> ``gratis``)."""
    return "".join(map(_fold_cached, text))


@dataclass(frozen=True)
class _Folded:
    text: str
    """The folded post."""
    origin: Sequence[int]
    """For each folded character, the index of the post's character it came from."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A folded span as a span of the post."""
        return self.origin[start], self.origin[end - 1] + 1


def _fold_with_origin(text: str) -> _Folded:
    parts = list(map(_fold_cached, text))
    joined = "".join(parts)
    if len(joined) == len(text) and "" not in parts:  # each to one character: most posts
        return _Folded(joined, range(len(text)))
    origin: list[int] = []
    for index, folded in enumerate(parts):
        origin.extend([index] * len(folded))
    return _Folded(joined, origin)


@functools.lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern that finds any of ``words`` as a whole word (folded, any spacing)."""
    alternatives = []
    for word in sorted({fold(w).strip() for w in words if w.strip()}, key=len, reverse=True):
        pieces = [re.escape(piece) for piece in word.split()]
        alternatives.append(r"\s+".join(pieces))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def find_words(
    text: str, words: tuple[str, ...], folded: _Folded | None = None
) -> list[tuple[int, int]]:
    """Where any of ``words`` occurs in ``text`` as a whole word, ignoring case and accents."""
    pattern = _words_pattern(words)
    if pattern is None:
        return []
    folded = folded or _fold_with_origin(text)
    return [folded.span(*m.span()) for m in pattern.finditer(folded.text)]


# --- what a post holds ---------------------------------------------------------------------------


def _tag_key(tag: str) -> str:
    """A hashtag compared as the networks do: without the #, case and accents ignored."""
    return fold(tag.lstrip("#"))


def _domain(url: str) -> str:
    host = re.sub(r"^(?:https?://)?", "", url, flags=re.IGNORECASE).split("/", 1)[0]
    host = host.split("?", 1)[0].split("#", 1)[0].split(":", 1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def _domain_allowed(host: str, allowed: list[str]) -> bool:
    for domain in allowed:
        wanted = _domain(domain.strip())
        if wanted and (host == wanted or host.endswith("." + wanted)):
            return True
    return False


def _quoted(words: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"“{w}”" for w in words)


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = fold(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


COMPLAINT_WORDS: tuple[str, ...] = (
    # English
    "sorry",
    "apologise",
    "apologize",
    "apologies",
    "inconvenience",
    "complaint",
    "refund",
    "not happy",
    "disappointed",
    # Spanish
    "sentimos",
    "lo siento",
    "disculpa",
    "disculpas",
    "perdón",
    "perdona",
    "molestias",
    "queja",
    "reclamación",
    "devolución",
    "reembolso",
    # Catalan/Valencian
    "ho sentim",
    "disculpes",
    "queixa",
)
"""Words that show a post answers a complaint (then an approved phrase is suggested)."""


def _closest_phrases(folded_post: str, phrases: list[str], n: int = 2) -> list[str]:
    """The approved phrases sharing the most words with the post, best first."""
    post_words = set(re.findall(r"\w{4,}", folded_post))
    scored = [
        (len(post_words & set(re.findall(r"\w{4,}", fold(p)))), index, p)
        for index, p in enumerate(phrases)
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [p for _score, _index, p in scored[:n]]


def _uses_phrase(folded_post: str, phrase: str) -> bool:
    """True when the post carries the approved phrase: its words in order, a ``[name]``
    placeholder standing for anything, punctuation and spacing free."""
    parts = [
        [w for w in re.findall(r"\w+", piece)] for piece in re.split(r"\[[^\]]*\]", fold(phrase))
    ]
    chunks = [r"\W+".join(re.escape(w) for w in words) for words in parts if words]
    if not chunks:
        return False
    pattern = r"(?<!\w)" + r"\W+(?:.*?\W+)?".join(chunks) + r"(?!\w)"
    return re.search(pattern, folded_post, flags=re.DOTALL) is not None


# --- the check -----------------------------------------------------------------------------------


def check_draft(
    text: str,
    account_id: str,
    account: r.Account,
    protocol: r.CommunicationProtocol | None,
) -> DraftReport:
    """Check the post ``text`` for ``account`` against its network and ``protocol``."""
    limits = limits_for(account.network)
    findings: list[Finding] = []
    folded = _fold_with_origin(text)
    link_spans = urls(text)
    # hashtags and mentions outside links (a link's #fragment is no hashtag)
    masked = list(text)
    for start, end in link_spans:
        masked[start:end] = " " * (end - start)
    plain = "".join(masked)
    tags = [(m.group(0), m.span()) for m in HASHTAG_RE.finditer(plain)]
    mentions = [(m.group(0), m.span()) for m in MENTION_RE.finditer(plain)]
    length = post_length(text, limits.counting)
    comm = protocol or r.CommunicationProtocol()
    network_rule = limits.name
    account_rule = _("account {id}").format(id=account_id)

    def protocol_rule(field_name: str) -> str:
        return _("communication protocol: {field}").format(
            field=label(r.CommunicationProtocol, field_name).lower()
        )

    if account.status != "active":
        findings.append(
            Finding(
                "draft-account-inactive",
                "warning",
                account_rule,
                _("The account {id} is {status}: check it should post at all.").format(
                    id=account_id, status=status_label(account.status)
                ),
                limit="active",
            )
        )

    if limits.max_length is not None and length > limits.max_length:
        note = counting_note(limits.counting)
        message = _("Too long for {network}: {length} characters, the limit is {limit}.").format(
            network=limits.name, length=length, limit=limits.max_length
        )
        if note:
            message += " " + _("({how})").format(how=note)
        findings.append(
            Finding(
                "draft-too-long",
                "error",
                network_rule,
                message,
                limit=limits.max_length,
                spans=((_cut_at(text, limits.max_length, limits.counting), len(text)),),
            )
        )

    for count, items, net_max, own_max, code, own_field in (
        (
            len(tags),
            tags,
            limits.max_hashtags,
            comm.max_hashtags,
            "draft-too-many-hashtags",
            "max_hashtags",
        ),
        (
            len(mentions),
            mentions,
            limits.max_mentions,
            comm.max_mentions,
            "draft-too-many-mentions",
            "max_mentions",
        ),
    ):
        broken = [
            (limit, rule)
            for limit, rule in ((own_max, protocol_rule(own_field)), (net_max, network_rule))
            if limit is not None and count > limit
        ]
        # the stricter limit is the one to meet
        for limit, rule in sorted(broken, key=lambda item: item[0])[:1]:
            if code == "draft-too-many-hashtags":
                message = _("Too many hashtags ({rule}): {count}, the limit is {limit}.")
            else:
                message = _("Too many mentions ({rule}): {count}, the limit is {limit}.")
            findings.append(
                Finding(
                    code,
                    "error",
                    rule,
                    message.format(rule=rule, count=count, limit=limit),
                    words=tuple(word for word, _span in items[limit:]),
                    limit=limit,
                    spans=tuple(span for _word, span in items[limit:]),
                )
            )

    for code, severity, field_name, words_list in (
        ("draft-banned-word", "error", "banned_words", comm.banned_words),
        ("draft-sensitive-word", "warning", "sensitive_words", comm.sensitive_words),
    ):
        spans = find_words(text, tuple(words_list), folded)
        if not spans:
            continue
        found = _unique([text[s:e] for s, e in spans])
        rule = protocol_rule(field_name)
        if code == "draft-banned-word":
            message = ngettext(
                "Banned word ({rule}): {words}.", "Banned words ({rule}): {words}.", len(found)
            )
        else:
            message = ngettext(
                "A word that points at a banned topic ({rule}): {words}; read the post again "
                "against the banned topics.",
                "Words that point at a banned topic ({rule}): {words}; read the post again "
                "against the banned topics.",
                len(found),
            )
        findings.append(
            Finding(
                code,
                severity,  # type: ignore[arg-type]
                rule,
                message.format(rule=rule, words=_quoted(found)),
                words=tuple(found),
                spans=tuple(spans),
            )
        )

    tag_keys = {_tag_key(tag) for tag, _span in tags}
    missing = [t for t in account.required_hashtags if t.strip() and _tag_key(t) not in tag_keys]
    if missing:
        rule = _("account {id}: required hashtags").format(id=account_id)
        findings.append(
            Finding(
                "draft-missing-hashtag",
                "error",
                rule,
                ngettext(
                    "Missing the hashtag this account requires ({rule}): {words}.",
                    "Missing the hashtags this account requires ({rule}): {words}.",
                    len(missing),
                ).format(rule=rule, words=", ".join(missing)),
                words=tuple(missing),
                limit=", ".join(account.required_hashtags),
            )
        )

    official = [t for t in comm.hashtags if t.strip()]
    known = {_tag_key(t) for t in official} | {_tag_key(t) for t in account.required_hashtags}
    is_reply = text.lstrip().startswith("@")
    if official and text.strip() and not is_reply and not (tag_keys & known):
        rule = protocol_rule("hashtags")
        findings.append(
            Finding(
                "draft-no-official-hashtag",
                "warning",
                rule,
                _("No official hashtag ({rule}): use one of {tags}.").format(
                    rule=rule, tags=", ".join(official)
                ),
                limit=", ".join(official),
            )
        )
    if official:
        unknown = [(tag, span) for tag, span in tags if _tag_key(tag) not in known]
        if unknown:
            rule = protocol_rule("hashtags")
            words = _unique([tag for tag, _span in unknown])
            findings.append(
                Finding(
                    "draft-unknown-hashtag",
                    "warning",
                    rule,
                    ngettext(
                        "Not an official hashtag ({rule}): {words}.",
                        "Not official hashtags ({rule}): {words}.",
                        len(words),
                    ).format(rule=rule, words=", ".join(words)),
                    words=tuple(words),
                    limit=", ".join(official),
                    spans=tuple(span for _tag, span in unknown),
                )
            )

    allowed = codes_of(account.languages) or codes_of(comm.languages)
    whole = detect(plain)
    if allowed:
        wrong: dict[str, list[tuple[int, int]]] = {}
        for start, end in _paragraphs(plain):
            # a post of one paragraph is its whole text, detected once
            found_in = whole if (start, end) == (0, len(plain)) else detect(plain[start:end])
            if found_in is not None and found_in not in allowed:
                wrong.setdefault(found_in, []).append((start, end))
        if wrong:
            where = (
                _("account {id}: languages").format(id=account_id)
                if codes_of(account.languages)
                else protocol_rule("languages")
            )
            names = [language_name(found_in) for found_in in wrong]
            allowed_names = ", ".join(language_name(code_) for code_ in allowed)
            findings.append(
                Finding(
                    "draft-language",
                    "warning",
                    where,
                    _(
                        "Written in {found}, not a language of this account ({rule}: {allowed})."
                    ).format(found=", ".join(names), rule=where, allowed=allowed_names),
                    words=tuple(names),
                    limit=allowed_names,
                    spans=tuple(span for spans in wrong.values() for span in spans),
                )
            )

    allowed_domains = [d for d in comm.link_domains if d.strip()]
    if allowed_domains and link_spans:
        outside = [
            (text[s:e], (s, e))
            for s, e in link_spans
            if not _domain_allowed(_domain(text[s:e]), allowed_domains)
        ]
        if outside:
            rule = protocol_rule("link_domains")
            hosts = _unique([_domain(url) for url, _span in outside])
            findings.append(
                Finding(
                    "draft-link-domain",
                    "warning",
                    rule,
                    ngettext(
                        "A link outside the allowed domains ({rule}: {allowed}): {words}.",
                        "Links outside the allowed domains ({rule}: {allowed}): {words}.",
                        len(hosts),
                    ).format(rule=rule, allowed=", ".join(allowed_domains), words=", ".join(hosts)),
                    words=tuple(hosts),
                    limit=", ".join(allowed_domains),
                    spans=tuple(span for _url, span in outside),
                )
            )

    phrases = [p for p in comm.approved_phrases if p.strip()]
    complaint = find_words(text, COMPLAINT_WORDS, folded)
    if phrases and complaint and not any(_uses_phrase(folded.text, p) for p in phrases):
        rule = protocol_rule("approved_phrases")
        suggested = _closest_phrases(folded.text, phrases)
        findings.append(
            Finding(
                "draft-approved-phrase",
                "warning",
                rule,
                _(
                    "This answers a complaint ({words}) without an approved phrase ({rule}); "
                    "for instance: {phrases}"
                ).format(
                    words=_quoted(_unique([text[s:e] for s, e in complaint])),
                    rule=rule,
                    phrases=" / ".join(f"“{p}”" for p in suggested),
                ),
                words=tuple(suggested),
                spans=tuple(complaint),
            )
        )

    order = {"error": 0, "warning": 1}
    findings.sort(key=lambda f: order[f.severity])
    return DraftReport(
        length=length,
        max_length=limits.max_length,
        hashtags=len(tags),
        mentions=len(mentions),
        language=whole,
        findings=findings,
    )


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The spans of the paragraphs of ``text`` (split at blank lines)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n\s*\n", text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _cut_at(text: str, limit: int, counting: str) -> int:
    """Roughly where the post passes the limit (for highlighting what is too much): the
    character at which the count reaches ``limit``."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if post_length(text[:middle], counting) <= limit:  # type: ignore[arg-type]
            low = middle
        else:
            high = middle - 1
    return low
