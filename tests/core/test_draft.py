"""The draft check: one post against its network, the communication protocol and the account.

Per network (the table's length, hashtag and mention limits, counted as each network counts)
and per protocol and account field; the sample's own protocol in both languages at the end.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smgov_tui.core import draft as d
from smgov_tui.core import records as r
from smgov_tui.core.draft import check_draft
from smgov_tui.core.networks import LIMITS, post_length
from smgov_tui.store.loader import load_workspace
from smgov_tui.store.template import copy_template


def account(network: str = "instagram", **fields: object) -> r.Account:
    return r.Account(network=network, handle="@x", **fields)  # type: ignore[arg-type]


def codes(text: str, acc: r.Account | None = None, **protocol: object) -> list[str]:
    comm = r.CommunicationProtocol(**protocol)  # type: ignore[arg-type]
    return [f.code for f in check_draft(text, "acc", acc or account(), comm).findings]


def finding(text: str, code: str, acc: r.Account | None = None, **protocol: object) -> d.Finding:
    comm = r.CommunicationProtocol(**protocol)  # type: ignore[arg-type]
    report = check_draft(text, "acc", acc or account(), comm)
    found = [f for f in report.findings if f.code == code]
    assert found, [f.code for f in report.findings]
    return found[0]


# --- networks --------------------------------------------------------------------------------


def test_every_network_of_the_format_has_a_row_with_its_source() -> None:
    assert set(LIMITS) == set(r.NETWORKS)
    assert all(row.source for row in LIMITS.values())


@pytest.mark.parametrize("network", [n for n, row in LIMITS.items() if row.max_length is not None])
def test_a_post_at_the_limit_passes_and_one_more_character_is_an_error(network: str) -> None:
    limit = LIMITS[network].max_length
    assert limit is not None
    at_limit = "a" * limit
    assert "draft-too-long" not in codes(at_limit, account(network))
    over = finding(at_limit + "b", "draft-too-long", account(network))
    assert over.severity == "error"
    assert over.limit == limit
    assert over.rule == LIMITS[network].name
    assert f"{limit + 1} characters, the limit is {limit}" in over.message
    assert over.spans == ((limit, limit + 1),)  # the part that is too much


@pytest.mark.parametrize("network", ["blog", "other"])
def test_a_blog_has_no_length_limit(network: str) -> None:
    assert codes("a" * 100_000, account(network)) == []


def test_x_counts_a_link_as_23_and_an_emoji_or_cjk_character_as_2() -> None:
    link = "https://www.ultramarinosolmedo.es/" + "x" * 200
    assert post_length(f"Hola {link}", "weighted") == 5 + 23
    assert post_length("👍🏽", "weighted") == 2  # a skin tone is part of the emoji
    assert post_length("👨‍👩‍👧", "weighted") == 2  # one family, joined
    assert post_length("日本", "weighted") == 4
    assert post_length("canción", "weighted") == 7
    # 140 CJK characters fill a post; one more is too long, with the rule in the message
    assert "draft-too-long" not in codes("日" * 140, account("x"))
    too_long = finding("日" * 141, "draft-too-long", account("x"))
    assert "links count as 23" in too_long.message


def test_a_long_link_fits_on_x_but_not_on_bluesky() -> None:
    post = "Receta: https://www.ultramarinosolmedo.es/" + "receta-" * 50
    assert "draft-too-long" not in codes(post, account("x"))
    assert "draft-too-long" in codes(post, account("bluesky"))


def test_bluesky_counts_graphemes_so_an_emoji_and_an_accent_are_one() -> None:
    assert post_length("🇪🇸👍🏽e\u0301", "graphemes") == 3
    assert "draft-too-long" not in codes("👍🏽" * 300, account("bluesky"))
    assert "draft-too-long" in codes("👍🏽" * 301, account("bluesky"))


def test_mastodon_counts_a_mention_by_its_user_name_and_a_link_as_23() -> None:
    assert post_length("@ana@example.social hola", "mastodon") == len("@ana hola")
    assert post_length("https://example.org/" + "a" * 90, "mastodon") == 23


def test_threads_takes_one_topic_tag() -> None:
    assert "draft-too-many-hashtags" not in codes("Hola #Olmedo", account("threads"))
    found = finding("Hola #Olmedo #Recetas", "draft-too-many-hashtags", account("threads"))
    assert (found.words, found.limit, found.rule) == (("#Recetas",), 1, "Threads")


def test_instagram_takes_five_hashtags_and_twenty_mentions() -> None:
    tags = " ".join(f"#tag{n}" for n in range(6))
    found = finding(tags, "draft-too-many-hashtags", account("instagram"))
    assert found.words == ("#tag5",)
    assert found.spans == ((tags.index("#tag5"), len(tags)),)
    mentions = " ".join(f"@user{n}" for n in range(21))
    assert finding(mentions, "draft-too-many-mentions").limit == 20
    assert "draft-too-many-mentions" not in codes(mentions.rsplit(" ", 1)[0])


def test_youtube_ignores_more_than_sixty_hashtags() -> None:
    sixty = " ".join(f"#t{n}x" for n in range(60))
    assert "draft-too-many-hashtags" not in codes(sixty, account("youtube"))
    assert finding(sixty + " #more", "draft-too-many-hashtags", account("youtube")).limit == 60


def test_an_email_a_number_and_a_link_fragment_are_not_mentions_or_hashtags() -> None:
    report = check_draft(
        "Escribe a hola@olmedo.es, pedido #123, https://olmedo.es/a#receta",
        "acc",
        account(),
        None,
    )
    assert (report.hashtags, report.mentions) == (0, 0)


# --- the communication protocol --------------------------------------------------------------


def test_banned_words_match_whole_words_ignoring_case_and_accents() -> None:
    protocol = {"banned_words": ["milagro", "cura", "el más barato"]}
    found = finding("Un MILÁGRO que cura: ¡el  mas\nbarato!", "draft-banned-word", **protocol)
    assert found.severity == "error"
    assert found.words == ("MILÁGRO", "cura", "el  mas\nbarato")
    text = "Un MILÁGRO que cura: ¡el  mas\nbarato!"
    assert [text[s:e] for s, e in found.spans] == list(found.words)
    assert found.rule == "communication protocol: banned words"
    assert "“MILÁGRO”" in found.message
    # parts of other words are not the word
    assert codes("Procura los milagros de la curación", **protocol) == []


@pytest.mark.parametrize(
    "text",
    [
        "ß miracle e\u0301",  # one character folds to two, a later one to none: same length
        "Straße miracle",
        "e\u0301 miracle",
        "plain miracle here",
    ],
)
def test_a_banned_word_is_found_where_it_is_written_whatever_folds_before_it(text: str) -> None:
    found = finding(text, "draft-banned-word", banned_words=["miracle"])
    assert [text[s:e] for s, e in found.spans] == ["miracle"]


def test_a_banned_word_is_named_once_however_often_it_is_written() -> None:
    found = finding("detox, Detox, DETOX", "draft-banned-word", banned_words=["detox"])
    assert found.words == ("detox",)
    assert len(found.spans) == 3


def test_sensitive_words_are_a_warning_to_read_the_post_again() -> None:
    found = finding(
        "Abrimos el domingo de elecciones", "draft-sensitive-word", sensitive_words=["elecciones"]
    )
    assert found.severity == "warning"
    assert "banned topic" in found.message


def test_a_post_without_any_official_hashtag_gets_a_warning_but_a_reply_does_not() -> None:
    protocol = {"hashtags": ["#Olmedo", "#RecetasOlmedo"]}
    found = finding("Nuevo pan de centeno", "draft-no-official-hashtag", **protocol)
    assert found.severity == "warning"
    assert "#Olmedo, #RecetasOlmedo" in found.message
    assert codes("@ana ¡gracias por escribirnos!", **protocol) == []
    assert codes("Nuevo pan de centeno #olmedo", **protocol) == []  # case ignored


def test_a_hashtag_that_is_not_official_is_named() -> None:
    found = finding("Pan #Olmedo #Oferta", "draft-unknown-hashtag", hashtags=["#Olmedo"])
    assert found.words == ("#Oferta",)
    assert found.limit == "#Olmedo"
    # without official hashtags in the protocol, any hashtag is fine
    assert codes("Pan #Oferta") == []


def test_the_protocol_may_allow_fewer_hashtags_and_mentions_than_the_network() -> None:
    found = finding("#a #b #c", "draft-too-many-hashtags", max_hashtags=2)
    assert (found.limit, found.words) == (2, ("#c",))
    assert found.rule == "communication protocol: most hashtags per post"
    found = finding("@a @b", "draft-too-many-mentions", max_mentions=1)
    assert (found.limit, found.words) == (1, ("@b",))
    # the stricter limit is the one named: Instagram's 5 beats the protocol's 10
    tags = " ".join(f"#t{n}x" for n in range(6))
    assert finding(tags, "draft-too-many-hashtags", max_hashtags=10).rule == "Instagram"


def test_links_outside_the_allowed_domains_are_a_warning() -> None:
    protocol = {"link_domains": ["ultramarinosolmedo.es"]}
    text = (
        "Mira https://bit.ly/abc y https://www.ultramarinosolmedo.es/receta "
        "y www.tienda.ultramarinosolmedo.es."
    )
    found = finding(text, "draft-link-domain", **protocol)
    assert found.words == ("bit.ly",)
    assert [text[s:e] for s, e in found.spans] == ["https://bit.ly/abc"]
    assert "ultramarinosolmedo.es" in found.message
    # a look-alike domain is not a subdomain
    assert "draft-link-domain" in codes("https://fakeultramarinosolmedo.es", **protocol)


def test_a_paragraph_in_a_language_the_protocol_does_not_name_is_a_warning() -> None:
    protocol = {"languages": ["Spanish", "Valencian (shops in the Valencia region)"]}
    spanish = "Hoy tenemos pan de centeno recién hecho en todas las tiendas de Valencia."
    valencian = "Avui tenim pa de sègol acabat de fer a totes les botigues, i és molt bo."
    english = "Today we have fresh rye bread in all our shops, and it is very good."
    assert codes(spanish, **protocol) == []
    assert codes(valencian, **protocol) == []
    found = finding(f"{spanish}\n\n{english}", "draft-language", **protocol)
    assert found.words == ("English",)
    assert found.limit == "Spanish, Catalan/Valencian"
    start = len(spanish) + 2
    assert found.spans == ((start, start + len(english)),)


def test_the_accounts_languages_replace_the_protocols() -> None:
    valencian = "Avui tenim pa de sègol acabat de fer a totes les botigues, i és molt bo."
    only_spanish = account(languages=["es"])
    found = finding(valencian, "draft-language", only_spanish, languages=["Spanish", "Valencian"])
    assert found.rule == "account acc: languages"
    assert found.words == ("Catalan/Valencian",)


def test_a_line_too_short_to_tell_its_language_says_nothing() -> None:
    assert codes("OK!", account(languages=["es"])) == []
    assert codes("#Olmedo #Recetas", account(languages=["en"])) == []


def test_an_answer_to_a_complaint_without_an_approved_phrase_suggests_the_closest() -> None:
    phrases = [
        "So happy to read this! We'll tell the team at [shop].",
        "We're really sorry about this. Could you send us a message with your order number?",
    ]
    found = finding(
        "@ana Sorry, we will check your order.", "draft-approved-phrase", approved_phrases=phrases
    )
    assert found.severity == "warning"
    assert found.words == (phrases[1], phrases[0])  # the one sharing words first
    assert "“Sorry”" in found.message
    # the approved phrase used (placeholders and punctuation free) is enough
    used = "@ana we're really sorry about this: could you send us a message with your order number"
    assert codes(used, approved_phrases=phrases) == []
    placeholder = "So happy to read this! We'll tell the team at Ruzafa, thank you"
    assert codes(placeholder, approved_phrases=phrases) == []
    # not a complaint: nothing to suggest
    assert codes("New bread today", approved_phrases=phrases) == []


# --- the account --------------------------------------------------------------------------------


def test_a_hashtag_the_account_requires_is_an_error_when_missing() -> None:
    acc = account(required_hashtags=["#RecetasOlmedo"])
    found = finding("Cocido de la abuela #Olmedo", "draft-missing-hashtag", acc)
    assert found.severity == "error"
    assert found.words == ("#RecetasOlmedo",)
    assert found.rule == "account acc: required hashtags"
    assert codes("Cocido de la abuela #recetasolmedo", acc) == []
    # a required hashtag counts as official
    assert codes("Cocido #RecetasOlmedo", acc, hashtags=["#Olmedo"]) == []


def test_a_paused_or_archived_account_gets_a_warning() -> None:
    assert finding("Hola", "draft-account-inactive", account(status="archived")).severity == (
        "warning"
    )
    assert codes("Hola", account(status="active")) == []


def test_errors_come_before_warnings_and_an_empty_post_has_no_findings() -> None:
    report = check_draft(
        "Pan #Oferta detox",
        "acc",
        account(),
        r.CommunicationProtocol(hashtags=["#Olmedo"], banned_words=["detox"]),
    )
    assert [f.severity for f in report.findings] == ["error", "warning", "warning"]
    assert codes("", hashtags=["#Olmedo"], banned_words=["x"]) == []


def test_every_rule_code_is_described_in_the_module() -> None:
    doc = d.__doc__ or ""
    assert all(f"``{code}``" in doc for code in d.RULE_CODES)


def test_user_text_in_a_finding_is_kept_as_it_is() -> None:
    found = finding("[bold]gratis[/bold]", "draft-banned-word", banned_words=["gratis"])
    assert found.words == ("gratis",)
    assert "[bold]" not in found.message  # only the word, not the markup around it


# --- the sample --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "post", "expected"),
    [
        (
            "en",
            "A miracle detox from Mercadona? No: our #Olmedo bread, https://bit.ly/x",
            {"draft-banned-word", "draft-link-domain"},
        ),
        (
            "es",
            "¿Un milagro detox de Mercadona? No: nuestro pan #Olmedo, https://bit.ly/x",
            {"draft-banned-word", "draft-link-domain"},
        ),
        ("es", "Cocido de la abuela, paso a paso #Olmedo", {"draft-missing-hashtag"}),
        ("es", "Cocido de la abuela, paso a paso #RecetasOlmedo", set()),
    ],
)
def test_the_samples_protocol_catches_what_it_should(
    lang: str, post: str, expected: set[str], tmp_path: Path
) -> None:
    root = tmp_path / lang
    copy_template(lang, root)
    data = load_workspace(root)
    acc_id = "x-olmedo" if "Mercadona" in post else "pinterest-recetas"
    report = check_draft(post, acc_id, data.accounts[acc_id], data.communication)
    assert {f.code for f in report.findings} == expected, report.findings
    assert not re.search(r"\{\w+\}", " ".join(f.message for f in report.findings))
