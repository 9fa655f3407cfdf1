"""Which language a post is written in: a small detector by common words, no dependency.

Why not a library: ``langdetect`` and ``lingua`` carry megabytes of models and take tens of
milliseconds to load or to answer, and the draft check runs on every keystroke; what a
community manager needs is to catch a paragraph in the wrong language among a few that
smgov's teams write in. Each language has a list of its most frequent short words (articles,
prepositions, pronouns, auxiliaries); a paragraph is scored by how many of its words are on
each list (a word on several lists counts for each a fraction), and a language is named only
with enough evidence (:data:`MIN_HITS` words and a clear lead), else the paragraph is left
alone. It tells apart Spanish, Catalan/Valencian, English, Portuguese, French, Italian,
German, Galician and Basque on sentences of ordinary prose; it cannot judge a line of
hashtags or a one-word reply, and says nothing then.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from smgov_tui.i18n import N_, _

_WORDS: dict[str, str] = {
    "es": "el la los las un una unos unas y o pero no que de del al en con por para sin sobre "
    "es son está están estamos fue ser hay muy más menos ya también como cuando donde porque "
    "nos os les lo le su sus mi mis tu tus nuestro nuestra nuestros nuestras este esta estos "
    "estas ese esa eso esto aquí hoy mañana gracias hola todo todos toda todas se yo tú él "
    "ella nosotros vosotros ellos ellas cada otro otra pues sí qué cómo tenemos tiene hacemos",
    "ca": "el la els les un una uns unes i o però que de del dels al als en amb per sense "
    "sobre és són està estan estem va ser hi ha molt més menys ja també com quan on perquè "
    "ens us els li seu seva seus seves meu meva teu teva nostre nostra nostres aquest aquesta "
    "aquests aquestes això aquí avui demà gràcies bon dia tot tots tota totes es jo tu ell "
    "ella nosaltres vosaltres ells elles cada altre altra doncs sí què com tenim fem amb",
    "en": "the a an and or but that of to in on at with for from by without about is are "
    "was were be been being it its this these those there here very more less also as when "
    "where because we you he she they them our your their my me us today tomorrow thanks "
    "thank hello all every each other yes what how have has do does will can our not",
    "pt": "o a os as um uma uns umas e ou mas que de do da dos das no na nos nas em com por "
    "para sem sobre é são está estão estamos foi ser há muito mais menos já também como "
    "quando onde porque nós vocês você ele ela eles elas seu sua seus suas meu minha nosso "
    "nossa este esta isto isso aqui hoje amanhã obrigado obrigada olá tudo todos cada outro "
    "não sim",
    "fr": "le la les un une des et ou mais que qui de du au aux en dans avec pour par sans "
    "sur est sont était être il y a très plus moins déjà aussi comme quand où parce nous "
    "vous il elle ils elles leur leurs mon ma mes ton ta tes notre nos votre vos ce cette "
    "ces ici aujourd'hui demain merci bonjour tout tous chaque autre oui ne pas",
    "it": "il lo la i gli le un uno una e o ma che di del della dei delle al alla in con per "
    "senza su è sono era essere ci molto più meno già anche come quando dove perché noi voi "
    "lui lei loro suo sua suoi mio mia nostro nostra questo questa questi qui oggi domani "
    "grazie ciao tutto tutti ogni altro sì non",
    "de": "der die das ein eine einen und oder aber dass von zu im in an auf mit für ohne "
    "über ist sind war sein es gibt sehr mehr weniger schon auch wie wenn wo weil wir ihr er "
    "sie unser unsere euer mein meine dein dieser diese dieses hier heute morgen danke hallo "
    "alle jeder andere ja nicht",
    "gl": "o a os as un unha uns unhas e ou pero que de do da dos das no na nos nas en con "
    "por para sen sobre é son está están estamos foi ser hai moi máis menos xa tamén como "
    "cando onde porque nós vós el ela eles elas seu súa seus súas meu miña noso nosa este "
    "esta isto iso aquí hoxe mañá grazas ola todo todos cada outro non si",
    "eu": "eta edo baina da dira zen izan bat batzuk ere oso gehiago gutxiago jada nola noiz "
    "non zergatik gu zu hura haiek gure zure haien nire hau hori hemen gaur bihar eskerrik "
    "asko kaixo dena guztiak bakoitza beste bai ez dugu duzu du dute egin",
}

NAMES: dict[str, str] = {
    "es": N_("Spanish"),
    "ca": N_("Catalan/Valencian"),
    "en": N_("English"),
    "pt": N_("Portuguese"),
    "fr": N_("French"),
    "it": N_("Italian"),
    "de": N_("German"),
    "gl": N_("Galician"),
    "eu": N_("Basque"),
}
"""The languages the detector knows, by ISO 639-1 code (msgids)."""

_ALIASES: dict[str, str] = {
    "spanish": "es",
    "espanol": "es",
    "castellano": "es",
    "castilian": "es",
    "catalan": "ca",
    "catala": "ca",
    "valencian": "ca",
    "valencia": "ca",
    "valenciano": "ca",
    "english": "en",
    "ingles": "en",
    "portuguese": "pt",
    "portugues": "pt",
    "french": "fr",
    "frances": "fr",
    "italian": "it",
    "italiano": "it",
    "german": "de",
    "aleman": "de",
    "galician": "gl",
    "gallego": "gl",
    "galego": "gl",
    "basque": "eu",
    "euskera": "eu",
    "vasco": "eu",
    "euskara": "eu",
}
"""Names a person writes in the protocol's ``languages`` (English or Spanish, accents off)."""

MIN_HITS = 3
"""Fewest common words a paragraph needs before the detector names its language."""

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _fold(text: str) -> str:
    """Lower case without accents (``Valencià`` -> ``valencia``)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _build() -> dict[str, dict[str, float]]:
    """Each word's weight per language: 1 / the number of languages that use it."""
    owners: dict[str, list[str]] = {}
    for code, words in _WORDS.items():
        for word in set(words.split()):
            owners.setdefault(word, []).append(code)
    return {word: {code: 1 / len(codes) for code in codes} for word, codes in owners.items()}


_WEIGHTS = _build()


def detect(text: str) -> str | None:
    """The ISO code of the language ``text`` is written in, or None when it cannot tell."""
    scores: dict[str, float] = {}
    hits = 0
    for match in _WORD_RE.finditer(text.casefold()):
        weights = _WEIGHTS.get(match.group())
        if weights is None:
            continue
        hits += 1
        for code, weight in weights.items():
            scores[code] = scores.get(code, 0.0) + weight
    if hits < MIN_HITS or not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if top < 1.5 or top - second < max(0.75, top * 0.15):
        return None
    return best


def code_of(name: str) -> str | None:
    """The ISO code of a language as the protocol writes it: ``es``, ``Spanish``,
    ``valenciano (tiendas...)``; None when the name is not one the detector knows."""
    head = _fold(re.split(r"[(,;:]", name, maxsplit=1)[0]).strip()
    if head in NAMES:
        return head
    for word in re.findall(r"[a-z]+", head):
        if word in _ALIASES:
            return _ALIASES[word]
        if word in NAMES:
            return str(word)
    return None


def codes_of(names: Iterable[str]) -> list[str]:
    """The codes of the languages named (unknown names left out), in order, once each."""
    found: list[str] = []
    for name in names:
        code = code_of(name)
        if code and code not in found:
            found.append(code)
    return found


def language_name(code: str) -> str:
    """A language's name in the interface language (the code itself when unknown)."""
    name = NAMES.get(code)
    return _(name) if name else code
