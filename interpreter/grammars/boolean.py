"""The `boolean` grammar: a yes or a no, as `True` or `False`.

Voice follows VoiceXML: key 1 is yes, key 2 is no. Chat (and speech) accepts the common ways
of saying yes or no in English and in the session's language (Spanish, French, German,
Portuguese), ignoring case, accents and trailing punctuation; "1" and "2" also work there so
that an omnichannel prompt ("press 1 for yes") reads the same on both channels. The CLDR has
no words for yes and no, so these short lists are the grammar's own.
"""

from __future__ import annotations

from datetime import date

from .base import Grammar, GrammarMatch, fold_chat_text, matched, no_match
from .language_words import base_language, strip_accents

_YES = frozenset(
    {
        "yes", "y", "yeah", "yea", "yep", "yup", "ya", "sure", "ok", "okay", "k", "true",
        "correct", "right", "affirmative", "absolutely", "definitely", "of course", "yes please",
        "that's right", "that is right", "that's correct", "1", "👍",
    }
)  # fmt: skip
_NO = frozenset(
    {
        "no", "n", "nope", "nah", "false", "negative", "incorrect", "wrong", "not really",
        "no thanks", "no thank you", "that's wrong", "that's not right", "2", "👎",
    }
)  # fmt: skip
_LANGUAGE_YES = {
    "es": {"si", "s", "claro", "vale", "correcto", "exacto", "de acuerdo", "por supuesto",
           "afirmativo", "si por favor", "eso es"},
    "fr": {"oui", "o", "ouais", "d'accord", "exact", "exactement", "correct", "bien sur",
           "absolument", "tout a fait", "oui merci", "c'est ca", "si"},
    "de": {"ja", "j", "jawohl", "genau", "richtig", "klar", "naturlich", "einverstanden",
           "stimmt", "ja bitte", "korrekt"},
    "pt": {"sim", "s", "claro", "certo", "correto", "exato", "com certeza", "isso",
           "isso mesmo", "sim por favor"},
}  # fmt: skip
_LANGUAGE_NO = {
    "es": {"no", "n", "incorrecto", "negativo", "para nada", "no gracias"},
    "fr": {"non", "n", "pas du tout", "incorrect", "negatif", "non merci"},
    "de": {"nein", "n", "nee", "falsch", "nicht richtig", "nein danke"},
    "pt": {"nao", "n", "errado", "incorreto", "negativo", "nao obrigado"},
}  # fmt: skip
_PUNCTUATION = str.maketrans({".": " ", ",": " ", "!": " ", "?": " ", "\u2019": "'",
                              "\u00a1": " ", "\u00bf": " "})


class BooleanGrammar(Grammar):
    """Yes or no."""

    name = "boolean"

    def match_voice(self, keys: str) -> GrammarMatch:
        return _answer(keys, "en")

    def match_chat(self, text: str, today: date | None, language: str = "en") -> GrammarMatch:
        words = " ".join(fold_chat_text(text).translate(_PUNCTUATION).split())
        return _answer(words, base_language(language))


def _answer(words: str, language: str) -> GrammarMatch:
    plain = strip_accents(words)
    if words in _YES or plain in _LANGUAGE_YES.get(language, ()):
        return matched(True)
    if words in _NO or plain in _LANGUAGE_NO.get(language, ()):
        return matched(False)
    return no_match("not yes or no")
