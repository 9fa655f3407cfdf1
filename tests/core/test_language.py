"""The small language detector of the draft check, and the names the protocol gives languages."""

from __future__ import annotations

import pytest

from smgov_tui.core.language import code_of, codes_of, detect


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("es", "Hoy tenemos pan de centeno recién hecho en todas nuestras tiendas."),
        ("ca", "Avui tenim pa de sègol acabat de fer a totes les nostres botigues."),
        ("en", "Today we have fresh rye bread in all of our shops."),
        ("pt", "Hoje temos pão fresco em todas as nossas lojas, e é muito bom."),
        ("fr", "Aujourd'hui nous avons du pain frais dans tous nos magasins, et il est très bon."),
        ("it", "Oggi abbiamo pane fresco in tutti i nostri negozi, ed è molto buono."),
        ("de", "Heute gibt es frisches Brot in allen unseren Läden, und es ist sehr gut."),
    ],
)
def test_a_sentence_of_ordinary_prose_is_told_apart(code: str, text: str) -> None:
    assert detect(text) == code


@pytest.mark.parametrize("text", ["", "OK", "#Olmedo #RecetasOlmedo", "Gracias!", "👍"])
def test_too_little_to_tell_is_no_answer(text: str) -> None:
    assert detect(text) is None


def test_the_protocol_names_languages_in_english_or_spanish_or_by_code() -> None:
    assert code_of("Spanish") == "es"
    assert code_of("español") == "es"
    assert code_of("Valencian (shops in the Valencia region and local holidays)") == "ca"
    assert code_of("valenciano (tiendas de la Comunitat Valenciana)") == "ca"
    assert code_of("inglés (solo para responder a quien nos escribe en inglés)") == "en"
    assert code_of("EN") == "en"
    assert code_of("Klingon") is None
    assert codes_of(["Spanish", "castellano", "Klingon", "English"]) == ["es", "en"]
